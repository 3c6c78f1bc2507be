// Cluster-wide tiers judged by the corpora: netpol-analyzer's AdminNetworkPolicy and
// BaselineAdminNetworkPolicy cases (connlist byte-exact, explain facts), its refused inputs,
// and the ClusterNetworkPolicy v1alpha2 truth tables ('?' cells are not judged).
#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/evaluator.h"
#include "core/manifestloader.h"
#include "core/matrixwriter.h"

#include "support/corpusfiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace netfence::core;
using namespace netfence::test;

namespace {

const fs::path kCorpus = NETFENCE_CORPUS_DIR;

std::string stripNewlines(std::string s)
{
    s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
    return s;
}

const std::string kLowercase = "abcdefghijklmnopqrstuvwxyz";

// --- netpol-analyzer-admin -------------------------------------------------------------------

class NetpolAnalyzerAdmin : public testing::TestWithParam<std::string>
{
};

TEST_P(NetpolAnalyzerAdmin, ConnlistTxtIsByteExact)
{
    const fs::path dir = GetParam();
    const LoadResult r = ManifestLoader::load({dir.string()});
    // Inputs the API server would refuse but netpol-analyzer reads (a Deployment whose selector
    // misses its template) are errors that say netfence still reads them.
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_TRUE(d.severity != Severity::Error || d.message.find("netfence still reads") != std::string::npos)
            << d.toString();
    EXPECT_FALSE(r.cluster.clusterPolicies.empty());
    const std::string expected = stripNewlines(readFile(dir / "expected_connlist.txt"));
    ASSERT_FALSE(expected.empty());
    for (const bool ipBlockMatchesPods : {false, true}) {
        Evaluator evaluator(r.cluster, EvaluatorOptions{ipBlockMatchesPods});
        const std::string actual = ConnectionListWriter::write(ListFormat::Txt, evaluator,
                                                               ConnectionList::build(evaluator));
        EXPECT_EQ(stripNewlines(actual), expected)
            << dir.filename().string() << " ipBlockMatchesPods=" << ipBlockMatchesPods
            << "\n--- actual ---\n"
            << actual.substr(0, 4000);
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, NetpolAnalyzerAdmin,
                         testing::ValuesIn(caseDirs(kCorpus / "netpol-analyzer-admin", kLowercase)),
                         [](const auto &info) { return testName(info.param); });

// An endpoint named as netpol-analyzer names it: "ns/name[Kind]" or "a.b.c.d-e.f.g.h[External]".
std::optional<Endpoint> endpointNamed(const Cluster &cluster, const std::string &name)
{
    for (size_t i = 0; i < cluster.workloads.size(); ++i)
        if (cluster.workloads[i].displayName() == name)
            return Endpoint::ofWorkload(i);
    const std::string suffix = "[External]";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return std::nullopt;
    const std::string range = name.substr(0, name.size() - suffix.size());
    const size_t dash = range.find('-');
    const auto first = IPAddress::parse(range.substr(0, dash));
    const auto last = IPAddress::parse(range.substr(dash + 1));
    if (!first || !last)
        return std::nullopt;
    return Endpoint::ofRange(IPRange{first->family, first->value, last->value});
}

// Each policy line under "Connections between A => B" must be a decision netfence took for
// that pair, in that direction: same policy, same verb, same rule.
TEST(NetpolAnalyzerAdminExplain, EveryUpstreamReasonIsADecisionOfTheEvaluator)
{
    int checked = 0;
    for (const std::string &c : caseDirs(kCorpus / "netpol-analyzer-admin", kLowercase)) {
        const fs::path dir = c;
        if (!fs::exists(dir / "expected_explain.txt"))
            continue;
        const LoadResult r = ManifestLoader::load({dir.string()});
        const Cluster &cluster = r.cluster;
        Evaluator evaluator(cluster, EvaluatorOptions{false});
        std::istringstream in(readFile(dir / "expected_explain.txt"));
        std::string line;
        std::optional<Explanation> e;
        std::string pair;
        const SideExplanation *side = nullptr;
        while (std::getline(in, line)) {
            const std::string start = "Connections between ";
            if (line.rfind(start, 0) == 0) {
                const std::string body = line.substr(start.size(), line.size() - start.size() - 1);
                const size_t arrow = body.find(" => ");
                const auto from = endpointNamed(cluster, body.substr(0, arrow));
                const auto to = endpointNamed(cluster, body.substr(arrow + 4));
                ASSERT_TRUE(from && to) << dir.filename().string() << ": " << body;
                e = evaluator.explain(*from, *to);
                pair = body;
                continue;
            }
            const size_t text = line.find_first_not_of('\t');
            if (text == std::string::npos || !e)
                continue;
            const std::string content = line.substr(text);
            if (content.rfind("Egress (", 0) == 0)
                side = &e->egress;
            else if (content.rfind("Ingress (", 0) == 0)
                side = &e->ingress;
            if (!side || (content.rfind("AdminNetworkPolicy '", 0) != 0 &&
                          content.rfind("BaselineAdminNetworkPolicy '", 0) != 0))
                continue;
            const size_t q1 = content.find('\''), q2 = content.find('\'', q1 + 1);
            const std::string policy = content.substr(q1 + 1, q2 - q1 - 1);
            const bool baseline = content.rfind("Baseline", 0) == 0;
            std::istringstream words(content.substr(q2 + 2));
            std::string verb, ruleName, w;
            words >> verb;
            while (words >> w)
                ruleName = w; // the last word
            const ClusterPolicyAction action = verb == "allows"  ? ClusterPolicyAction::Accept
                                               : verb == "denies" ? ClusterPolicyAction::Deny
                                                                  : ClusterPolicyAction::Pass;
            const auto &decisions = baseline ? side->baseline : side->admin;
            const bool found = std::any_of(decisions.begin(), decisions.end(), [&](const TierDecision &d) {
                const ClusterNetworkPolicy &p = cluster.clusterPolicies[d.policy];
                const auto &rules = side->direction == PolicyType::Ingress ? p.ingress : p.egress;
                return p.name == policy && d.action == action && rules[d.ruleIndex].name == ruleName &&
                       !d.connections.isEmpty();
            });
            EXPECT_TRUE(found) << dir.filename().string() << ": " << pair << ": " << content;
            ++checked;
        }
    }
    EXPECT_GT(checked, 10);
}

// --- netpol-analyzer-errors-admin ------------------------------------------------------------

class NetpolAnalyzerAdminErrors : public testing::TestWithParam<std::string>
{
};

TEST_P(NetpolAnalyzerAdminErrors, RefusedWithDiagnosticNamingFileAndObject)
{
    const fs::path dir = GetParam();
    const LoadResult r = ManifestLoader::load({dir.string()});
    bool found = false;
    for (const Diagnostic &d : r.diagnostics) {
        if (d.severity != Severity::Error)
            continue;
        found = true;
        EXPECT_EQ(fs::path(d.location.file).parent_path(), dir) << d.toString();
        EXPECT_GT(d.location.line, 0) << d.toString();
        EXPECT_FALSE(d.object.empty()) << d.toString();
    }
    EXPECT_TRUE(found) << dir.filename().string() << " was not refused";
    EXPECT_FALSE(r.cluster.workloads.empty());
}

INSTANTIATE_TEST_SUITE_P(Corpus, NetpolAnalyzerAdminErrors,
                         testing::ValuesIn(caseDirs(kCorpus / "netpol-analyzer-errors-admin", kLowercase)),
                         [](const auto &info) { return testName(info.param); });

// --- cnp-v1alpha2 ----------------------------------------------------------------------------

class CnpV1alpha2 : public testing::TestWithParam<std::string>
{
};

TEST_P(CnpV1alpha2, MatrixMatchesEveryJudgedCell)
{
    const fs::path dir = GetParam();
    const ProbeCase c = evaluateProbeCase(dir);
    for (const std::string &e : c.loadErrors)
        ADD_FAILURE() << e;
    ASSERT_TRUE(c.problem.empty()) << c.problem;
    const std::vector<ProbeTable> &expected = c.expected;
    const std::vector<ProbeTable> &actual = c.actual;
    ASSERT_EQ(actual.size(), expected.size());
    int judged = 0;
    for (size_t t = 0; t < expected.size(); ++t) {
        ASSERT_EQ(actual[t].columns, expected[t].columns);
        ASSERT_EQ(actual[t].rows.size(), expected[t].rows.size());
        for (size_t i = 0; i < expected[t].rows.size(); ++i) {
            const auto &[src, cells] = expected[t].rows[i];
            for (size_t j = 0; j < cells.size(); ++j) {
                if (cells[j] == "?")
                    continue;
                ++judged;
                EXPECT_EQ(actual[t].rows[i].second[j], cells[j])
                    << dir.filename().string() << " PROBE " << expected[t].probe << ' ' << src << " -> "
                    << expected[t].columns[j];
            }
        }
    }
    EXPECT_GT(judged, 0);
}

INSTANTIATE_TEST_SUITE_P(Corpus, CnpV1alpha2,
                         testing::ValuesIn([] {
                             auto v = caseDirs(kCorpus / "cnp-v1alpha2" / "conformance", "0123456789");
                             auto s = caseDirs(kCorpus / "cnp-v1alpha2" / "supplement", "S");
                             v.insert(v.end(), s.begin(), s.end());
                             return v;
                         }()),
                         [](const auto &info) { return testName(info.param); });

TEST(TiersCorpusPresence, AllCasesAreThere)
{
    EXPECT_EQ(caseDirs(kCorpus / "netpol-analyzer-admin", kLowercase).size(), 27u);
    EXPECT_EQ(caseDirs(kCorpus / "netpol-analyzer-errors-admin", kLowercase).size(), 35u);
    EXPECT_EQ(caseDirs(kCorpus / "cnp-v1alpha2" / "conformance", "0123456789").size(), 62u);
    EXPECT_EQ(caseDirs(kCorpus / "cnp-v1alpha2" / "supplement", "S").size(), 20u);
}

} // namespace
