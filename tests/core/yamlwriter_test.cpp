#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/manifestloader.h"
#include "core/yamlwriter.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using namespace netfence::core;
using netfence::test::loadOk;

namespace {

TEST(YamlWriter, QuotesWhatKubectlWouldMisread)
{
    EXPECT_EQ(YamlWriter::scalar("web"), "web");
    EXPECT_EQ(YamlWriter::scalar("kubernetes.io/metadata.name"), "kubernetes.io/metadata.name");
    EXPECT_EQ(YamlWriter::scalar("y"), "\"y\"");
    EXPECT_EQ(YamlWriter::scalar("true"), "\"true\"");
    EXPECT_EQ(YamlWriter::scalar("80"), "\"80\"");
    EXPECT_EQ(YamlWriter::scalar("1.5"), "\"1.5\"");
    EXPECT_EQ(YamlWriter::scalar(""), "\"\"");
    EXPECT_EQ(YamlWriter::scalar("a: b"), "\"a: b\"");
    EXPECT_EQ(YamlWriter::scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
}

TEST(YamlWriter, WritesAKubectlReadyPolicy)
{
    NetworkPolicy p;
    p.name = "web";
    p.namespaceName = "shop";
    p.podSelector.matchLabels = {{"app", "web"}};
    p.policyTypes = {PolicyType::Ingress, PolicyType::Egress};
    NetworkPolicyRule in;
    NetworkPolicyPeer peer;
    peer.namespaceSelector = LabelSelector{{{kNamespaceNameLabel, "front"}}, {}};
    peer.podSelector = LabelSelector{{{"app", "gw"}}, {}};
    in.peers.push_back(peer);
    in.ports.push_back({Protocol::TCP, 80, {}, {}});
    p.ingress.push_back(in);
    NetworkPolicyRule out;
    NetworkPolicyPeer block;
    block.ipBlock = IPBlock{"0.0.0.0/0", {"10.0.0.0/8"}, {}, {}};
    out.peers.push_back(block);
    out.ports.push_back({Protocol::UDP, 53, {}, 60});
    p.egress.push_back(out);
    EXPECT_EQ(YamlWriter::policy(p), R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: front
      podSelector:
        matchLabels:
          app: gw
    ports:
    - protocol: TCP
      port: 80
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
        - 10.0.0.0/8
    ports:
    - protocol: UDP
      port: 53
      endPort: 60
)");
}

TEST(YamlWriter, DefaultDenyKeepsEmptyRuleLists)
{
    NetworkPolicy p;
    p.name = "deny";
    p.namespaceName = "y";
    p.policyTypes = {PolicyType::Ingress, PolicyType::Egress};
    const std::string yaml = YamlWriter::policy(p);
    EXPECT_NE(yaml.find("namespace: \"y\""), std::string::npos);
    EXPECT_NE(yaml.find("podSelector: {}"), std::string::npos);
    EXPECT_NE(yaml.find("ingress: []"), std::string::npos);
    EXPECT_NE(yaml.find("egress: []"), std::string::npos);
}

// Round trip over every corpus case: load, write every object, load again: same policies,
// same connectivity.
TEST(YamlWriter, RoundTripKeepsModelAndConnectivityOnEveryCorpusCase)
{
    std::vector<std::vector<std::string>> inputs;
    const fs::path corpus = NETFENCE_CORPUS_DIR;
    for (const char *sub : {"k8s-e2e", "k8s-e2e/supplement", "netpol-analyzer"})
        for (const auto &e : fs::directory_iterator(corpus / sub))
            if (e.is_directory() && e.path().filename() != "supplement") {
                if (fs::exists(e.path() / "cluster.yaml"))
                    inputs.push_back({(e.path() / "cluster.yaml").string(),
                                      (e.path() / "policies.yaml").string()});
                else
                    inputs.push_back({e.path().string()});
            }
    ASSERT_GE(inputs.size(), 116u);
    for (const auto &paths : inputs) {
        const LoadResult first = ManifestLoader::load(paths);
        std::string yaml;
        for (const Namespace &ns : first.cluster.namespaces)
            yaml += "---\n" + YamlWriter::namespaceObject(ns);
        for (const Workload &w : first.cluster.workloads) {
            Workload copy = w;
            copy.kind = w.kind == "Pod" ? "Pod" : "Deployment";
            yaml += "---\n" + YamlWriter::workload(copy);
        }
        yaml += YamlWriter::policies(first.cluster.policies);
        const LoadResult second = ManifestLoader::loadText(yaml, "roundtrip.yaml");
        for (const Diagnostic &d : second.diagnostics)
            ADD_FAILURE() << paths.front() << ": " << d.toString();
        ASSERT_EQ(second.cluster.policies.size(), first.cluster.policies.size()) << paths.front();
        for (size_t i = 0; i < first.cluster.policies.size(); ++i)
            EXPECT_EQ(second.cluster.policies[i], first.cluster.policies[i]) << paths.front();
        // Connectivity by workload name (kinds may differ after writing).
        Evaluator a(first.cluster, EvaluatorOptions{false}), b(second.cluster, EvaluatorOptions{false});
        const auto strip = [](std::string s) {
            std::string out;
            for (size_t i = 0; i < s.size(); ++i) {
                if (s[i] == '[' && s.compare(i, 10, "[External]") != 0) {
                    i = s.find(']', i);
                    continue;
                }
                out += s[i];
            }
            std::vector<std::string> lines;
            size_t start = 0;
            while (start < out.size()) {
                size_t end = out.find('\n', start);
                lines.push_back(out.substr(start, end - start));
                start = end + 1;
            }
            std::sort(lines.begin(), lines.end());
            return lines;
        };
        EXPECT_EQ(strip(ConnectionListWriter::write(ListFormat::Txt, a, ConnectionList::build(a))),
                  strip(ConnectionListWriter::write(ListFormat::Txt, b, ConnectionList::build(b))))
            << paths.front();
    }
}

} // namespace
