// The conformance corpora in ../shared/corpus are the judge of the evaluator.
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

class K8sE2E : public testing::TestWithParam<std::string>
{
};

TEST_P(K8sE2E, MatrixMatchesCellForCell)
{
    const fs::path dir = GetParam();
    const ProbeCase c = evaluateProbeCase(dir);
    for (const std::string &e : c.loadErrors)
        ADD_FAILURE() << e;
    for (const std::string &w : c.loadWarnings)
        ADD_FAILURE() << w;
    ASSERT_TRUE(c.problem.empty()) << c.problem;
    const std::vector<ProbeTable> &expected = c.expected;
    const std::vector<ProbeTable> &actual = c.actual;
    ASSERT_EQ(actual.size(), expected.size());
    int cells = 0;
    for (size_t t = 0; t < expected.size(); ++t) {
        ASSERT_EQ(actual[t].columns, expected[t].columns);
        ASSERT_EQ(actual[t].rows.size(), expected[t].rows.size());
        for (size_t i = 0; i < expected[t].rows.size(); ++i) {
            const auto &[src, cellsExpected] = expected[t].rows[i];
            ASSERT_EQ(actual[t].rows[i].first, src);
            ASSERT_EQ(cellsExpected.size(), expected[t].columns.size());
            for (size_t j = 0; j < cellsExpected.size(); ++j, ++cells)
                EXPECT_EQ(actual[t].rows[i].second[j], cellsExpected[j])
                    << dir.filename().string() << " PROBE " << expected[t].probe << " " << src
                    << " -> " << expected[t].columns[j];
        }
    }
    EXPECT_GT(cells, 0);
}

INSTANTIATE_TEST_SUITE_P(Corpus, K8sE2E,
                         testing::ValuesIn([] {
                             auto v = caseDirs(kCorpus / "k8s-e2e", "0123456789");
                             auto s = caseDirs(kCorpus / "k8s-e2e" / "supplement", "S");
                             v.insert(v.end(), s.begin(), s.end());
                             return v;
                         }()),
                         [](const auto &info) { return testName(info.param); });

class NetpolAnalyzer : public testing::TestWithParam<std::string>
{
};

// netpol-analyzer compares after deleting every newline; so does this test.
TEST_P(NetpolAnalyzer, ConnlistTxtIsByteExact)
{
    const fs::path dir = GetParam();
    const LoadResult r = ManifestLoader::load({dir.string()});
    // Three cases name policies as the API server never would (`use_common_labels_same_values`):
    // reported as errors, and still read, as netpol-analyzer reads them.
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_TRUE(d.severity != Severity::Error ||
                    d.message.find("netfence still reads the object") != std::string::npos)
            << d.toString();
    const std::string expected = stripNewlines(readFile(dir / "expected_connlist.txt"));
    ASSERT_FALSE(expected.empty());
    // netpol-analyzer's own convention, then the upstream profile: both must agree here.
    for (const bool ipBlockMatchesPods : {false, true}) {
        Evaluator evaluator(r.cluster, EvaluatorOptions{ipBlockMatchesPods});
        const std::string actual = ConnectionListWriter::write(
            ListFormat::Txt, evaluator, ConnectionList::build(evaluator));
        EXPECT_EQ(stripNewlines(actual), expected)
            << dir.filename().string() << " ipBlockMatchesPods=" << ipBlockMatchesPods
            << "\n--- actual ---\n"
            << actual.substr(0, 4000);
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, NetpolAnalyzer,
                         testing::ValuesIn(caseDirs(kCorpus / "netpol-analyzer",
                                                    "abcdefghijklmnopqrstuvwxyz")),
                         [](const auto &info) { return testName(info.param); });

class NetpolAnalyzerErrors : public testing::TestWithParam<std::string>
{
};

TEST_P(NetpolAnalyzerErrors, RefusedWithDiagnosticNamingFileAndObject)
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
    // The rest still loads: every case has workloads besides the offending object.
    EXPECT_FALSE(r.cluster.workloads.empty());
}

INSTANTIATE_TEST_SUITE_P(Corpus, NetpolAnalyzerErrors,
                         testing::ValuesIn(caseDirs(kCorpus / "netpol-analyzer-errors",
                                                    "abcdefghijklmnopqrstuvwxyz")),
                         [](const auto &info) { return testName(info.param); });

TEST(CorpusPresence, AllCasesAreThere)
{
    EXPECT_EQ(caseDirs(kCorpus / "k8s-e2e", "0123456789").size(), 58u);
    EXPECT_EQ(caseDirs(kCorpus / "k8s-e2e" / "supplement", "S").size(), 16u);
    EXPECT_EQ(caseDirs(kCorpus / "netpol-analyzer", "abcdefghijklmnopqrstuvwxyz").size(), 42u);
    EXPECT_EQ(caseDirs(kCorpus / "netpol-analyzer-errors", "abcdefghijklmnopqrstuvwxyz").size(),
              11u);
}

} // namespace
