// The synthetic clusters behind the benchmarks: exact sizes, deterministic, valid YAML that
// loads back to the same cluster, and connectivity the naive reference agrees with.
#include "core/clustergenerator.h"
#include "core/commandline.h"
#include "core/evaluator.h"
#include "core/manifestloader.h"
#include "core/yamlwriter.h"
#include "support/referenceevaluator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace netfence::core;
namespace fs = std::filesystem;

namespace {

std::string everything(const Cluster &c)
{
    std::string out;
    for (const Namespace &ns : c.namespaces)
        out += YamlWriter::namespaceObject(ns);
    for (const Workload &w : c.workloads)
        out += YamlWriter::workload(w);
    return out + YamlWriter::policies(c.policies);
}

fs::path freshFolder(const std::string &name)
{
    const fs::path dir = fs::path(testing::TempDir()) / ("netfence-generator-" + name);
    fs::remove_all(dir);
    return dir;
}

TEST(ClusterGenerator, HasExactlyTheRequestedSizes)
{
    for (const ClusterGenerator::Options o : {ClusterGenerator::Options{1, 0, 0, 1},
                                             ClusterGenerator::Options{1, 5, 7, 2},
                                             ClusterGenerator::Options{3, 2, 1, 3},
                                             ClusterGenerator::Options{4, 3, 20, 4},
                                             ClusterGenerator::Options{50, 400, 30, 5},
                                             ClusterGenerator::Options{100, 1000, 300, 6}}) {
        const Cluster c = ClusterGenerator::generate(o);
        EXPECT_EQ(c.namespaces.size(), static_cast<size_t>(o.namespaces));
        EXPECT_EQ(c.workloads.size(), static_cast<size_t>(o.workloads));
        EXPECT_EQ(c.policies.size(), static_cast<size_t>(o.policies));
    }
}

TEST(ClusterGenerator, IsDeterministicForASeed)
{
    const ClusterGenerator::Options o{20, 200, 80, 42};
    EXPECT_EQ(everything(ClusterGenerator::generate(o)), everything(ClusterGenerator::generate(o)));
    ClusterGenerator::Options other = o;
    other.seed = 43;
    EXPECT_NE(everything(ClusterGenerator::generate(o)), everything(ClusterGenerator::generate(other)));
}

TEST(ClusterGenerator, UsesEveryKindOfRuleTheIssueAsksFor)
{
    const Cluster c = ClusterGenerator::generate({100, 1000, 2000, 1});
    int podOnly = 0, nsOnly = 0, both = 0, blocks = 0, excepts = 0, named = 0, numeric = 0,
        ranges = 0, dns = 0, defaultDeny = 0;
    for (const NetworkPolicy &p : c.policies) {
        defaultDeny += p.ingress.empty() && p.egress.empty();
        for (const auto *rules : {&p.ingress, &p.egress})
            for (const NetworkPolicyRule &r : *rules) {
                for (const NetworkPolicyPeer &peer : r.peers) {
                    podOnly += peer.podSelector && !peer.namespaceSelector;
                    nsOnly += !peer.podSelector && peer.namespaceSelector;
                    both += peer.podSelector && peer.namespaceSelector;
                    blocks += peer.ipBlock.has_value();
                    excepts += peer.ipBlock && !peer.ipBlock->except.empty();
                }
                for (const NetworkPolicyPort &port : r.ports) {
                    named += port.isNamed();
                    numeric += port.port.has_value();
                    ranges += port.endPort.has_value();
                    dns += port.port == 53;
                }
            }
    }
    for (int n : {podOnly, nsOnly, both, blocks, excepts, named, numeric, ranges, dns})
        EXPECT_GT(n, 0);
    EXPECT_EQ(defaultDeny, 97); // one per team namespace
    EXPECT_LT(blocks, 200);     // a few
}

TEST(ClusterGenerator, WrittenFilesLoadBackCleanlyAsTheSameCluster)
{
    const Cluster c = ClusterGenerator::generate({12, 90, 60, 7});
    const fs::path dir = freshFolder("roundtrip");
    ASSERT_EQ(ClusterGenerator::write(c, dir.string()), "");
    const LoadResult r = ManifestLoader::load({dir.string()});
    for (const Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << d.toString();
    ASSERT_EQ(r.cluster.workloads.size(), c.workloads.size());
    ASSERT_EQ(r.cluster.policies.size(), c.policies.size());
    ASSERT_EQ(r.cluster.namespaces.size(), c.namespaces.size());
    for (const NetworkPolicy &p : c.policies)
        EXPECT_NE(std::find(r.cluster.policies.begin(), r.cluster.policies.end(), p),
                  r.cluster.policies.end())
            << p.qualifiedName();
    for (const Workload &w : c.workloads) {
        const int i = r.cluster.findWorkload(w.qualifiedName());
        ASSERT_GE(i, 0) << w.qualifiedName();
        EXPECT_EQ(r.cluster.workloads[static_cast<size_t>(i)].labels, w.labels);
        EXPECT_EQ(r.cluster.workloads[static_cast<size_t>(i)].ports, w.ports);
    }
    for (const Namespace &ns : c.namespaces)
        EXPECT_EQ(r.cluster.findNamespace(ns.name)->labels, ns.labels);
    fs::remove_all(dir);
}

TEST(ClusterGenerator, ConnectivityAgreesWithTheNaiveReference)
{
    const LoadResult r = [] {
        const fs::path dir = freshFolder("reference");
        EXPECT_EQ(ClusterGenerator::write(ClusterGenerator::generate({9, 70, 45, 11}), dir.string()), "");
        LoadResult loaded = ManifestLoader::load({dir.string()});
        fs::remove_all(dir);
        return loaded;
    }();
    const Cluster &c = r.cluster;
    Evaluator fast(c);
    fast.evaluateAll(2);
    const netfence::test::ReferenceEvaluator reference(c, true);
    int allowed = 0, checked = 0;
    for (size_t i = 0; i < c.workloads.size(); ++i)
        for (size_t j = 0; j < c.workloads.size(); ++j) {
            const ConnectionSet set = fast.allowed(Endpoint::ofWorkload(i), Endpoint::ofWorkload(j));
            allowed += !set.isEmpty();
            for (Protocol proto : kAllProtocols)
                for (int port : {53, 80, 443, 5432, 6379, 8080, 8443, 8999, 9000, 9090, 9102, 9153,
                                 9200, 9400, 9401, 11211}) {
                    ++checked;
                    ASSERT_EQ(set.allows(proto, port),
                              reference.allowed(Endpoint::ofWorkload(i), Endpoint::ofWorkload(j),
                                                proto, port))
                        << c.workloads[i].qualifiedName() << " -> " << c.workloads[j].qualifiedName()
                        << ' ' << protocolName(proto) << '/' << port;
                }
        }
    EXPECT_GT(allowed, 100); // connected enough to mean something
    EXPECT_LT(allowed, static_cast<int>(c.workloads.size() * c.workloads.size()));
    RecordProperty("checkedCells", checked);
}

TEST(ClusterGenerator, CommandLineWritesAnEmptyFolderOnlyAndChecksItsNumbers)
{
    const fs::path dir = freshFolder("cli");
    std::ostringstream out, err;
    EXPECT_EQ(CommandLine::run({"generate", dir.string(), "--namespaces", "5", "--workloads", "20",
                                "--policies=12", "--seed", "9"},
                               out, err),
              0)
        << err.str();
    EXPECT_EQ(out.str(), "wrote 5 namespaces, 20 workloads and 12 policies to " + dir.string() + "\n");
    EXPECT_TRUE(fs::exists(dir / "namespaces.yaml"));
    for (const std::vector<std::string> &args :
         std::vector<std::vector<std::string>>{{"generate", dir.string()}, // not empty now
                                               {"generate"},
                                               {"generate", "a", "b"},
                                               {"generate", "x", "--namespaces", "0"},
                                               {"generate", "x", "--workloads", "-1"},
                                               {"generate", "x", "--policies", "ten"},
                                               {"generate", "x", "--seed", "1.5"},
                                               {"generate", "x", "--bogus", "1"}}) {
        std::ostringstream o, e;
        EXPECT_EQ(CommandLine::run(args, o, e), 2) << args.size();
        EXPECT_TRUE(o.str().empty());
        EXPECT_FALSE(e.str().empty());
    }
    fs::remove_all(dir);
}

} // namespace
