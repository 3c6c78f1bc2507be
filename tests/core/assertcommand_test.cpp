// Connectivity tests as code: the file format, `netfence-cli assert`, JUnit, and agreement
// with `lab check` on every step of the built-in lab.
#include "core/commandline.h"
#include "core/connectivitytestwriter.h"
#include "core/junitwriter.h"
#include "core/labchecker.h"
#include "core/labloader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;
using namespace netfence::core;

namespace {

const std::string kLabFile = std::string(NETFENCE_LABS_DIR) + "/netpol-lab.lab.yaml";

int cli(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    std::ostringstream o, e;
    const int code = CommandLine::run(args, o, e);
    out = o.str();
    err = e.str();
    return code;
}

fs::path scratch(const std::string &name)
{
    const fs::path dir = fs::path(testing::TempDir()) / ("assert-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The manifests of the lab at step k, with the reference solutions of the first `solved` steps.
std::vector<std::string> stepFiles(const Lab &lab, size_t k, size_t solved)
{
    std::vector<std::string> files;
    for (const LabFile &f : lab.cluster)
        files.push_back(f.path);
    for (size_t i = 0; i <= k; ++i)
        for (const LabFile &f : lab.steps[i].adds)
            files.push_back(f.path);
    for (size_t i = 0; i < solved; ++i)
        for (const LabFile &f : lab.steps[i].solution)
            files.push_back(f.path);
    return files;
}

std::vector<std::string> solutionFiles(const Lab &lab, size_t solved)
{
    std::vector<std::string> files;
    for (size_t i = 0; i < solved; ++i)
        for (const LabFile &f : lab.steps[i].solution)
            files.push_back(f.path);
    return files;
}

TEST(ConnectivityTest, AssertOnEveryBuiltInLabStepEqualsLabCheck)
{
    const LabLoadResult loaded = LabLoader::load(kLabFile);
    ASSERT_TRUE(loaded.ok());
    const Lab &lab = *loaded.lab;
    const fs::path dir = scratch("lab");
    int compared = 0, failing = 0;
    for (size_t k = 0; k < lab.steps.size(); ++k) {
        const LabStep &step = lab.steps[k];
        const std::string text = ConnectivityTestWriter::write(step, step.id, step.goal);
        const LabLoadResult test = LabLoader::loadConnectivityTest(text, "t.yaml");
        ASSERT_TRUE(test.ok()) << text
                               << (test.diagnostics.empty() ? "" : test.diagnostics[0].toString());
        const LabStep &asTest = test.lab->steps.front();
        auto texts = [](const std::vector<Probe> &probes) {
            std::vector<std::string> out;
            for (const Probe &p : probes)
                out.push_back(probeText(p));
            return out;
        };
        EXPECT_EQ(texts(asTest.probes), texts(step.probes)) << step.id;
        EXPECT_EQ(asTest.scope, step.scope) << step.id;
        EXPECT_EQ(asTest.onlyThese, step.onlyThese) << step.id;
        const fs::path testFile = dir / (step.id + ".yaml");
        std::ofstream(testFile) << text;
        // Solved and unsolved: the checker's verdicts and explanations agree line by line,
        // and so do the two commands' exit codes.
        for (const size_t solved : {k, k + 1}) {
            const LoadResult cluster = lab.buildCluster(k, solved);
            const StepResult expected = LabChecker::check(step, cluster.cluster);
            const StepResult actual = LabChecker::check(asTest, cluster.cluster);
            EXPECT_EQ(actual.passed, expected.passed) << step.id;
            // The file lists mustAllow before mustDeny; a step may mix them: same set.
            auto verdicts = [](const StepResult &r) {
                std::vector<std::tuple<std::string, bool, std::string>> out;
                for (const RequirementResult &x : r.requirements)
                    out.emplace_back(x.text, x.passed, x.explanation);
                std::sort(out.begin(), out.end());
                return out;
            };
            EXPECT_EQ(verdicts(actual), verdicts(expected)) << step.id;
            std::string labOut, labErr, assertOut, assertErr;
            std::vector<std::string> labArgs{"lab", "check", kLabFile, std::to_string(k + 1)};
            for (const std::string &f : solutionFiles(lab, solved))
                labArgs.push_back(f);
            if (solved == 0) // lab check needs a PATH: an empty folder adds nothing
                labArgs.push_back(dir.string());
            std::vector<std::string> assertArgs{"assert", testFile.string()};
            for (const std::string &f : stepFiles(lab, k, solved))
                assertArgs.push_back(f);
            const int labCode = cli(labArgs, labOut, labErr);
            const int assertCode = cli(assertArgs, assertOut, assertErr);
            EXPECT_EQ(assertCode, labCode) << step.id << " solved=" << solved << '\n'
                                           << labOut << labErr << "---\n"
                                           << assertOut << assertErr;
            EXPECT_EQ(assertCode, expected.passed ? 0 : 1);
            failing += assertCode == 1;
            // Every failure `lab check` prints is printed by assert, with its explanation.
            std::istringstream lines(labOut);
            for (std::string line; std::getline(lines, line);) {
                if (line.rfind("FAIL ", 0) == 0 || line.rfind("    ", 0) == 0) {
                    EXPECT_NE(assertOut.find(line.rfind("FAIL ", 0) == 0 ? line : line + '\n'),
                              std::string::npos)
                        << step.id << ": " << line << "\n---\n"
                        << assertOut;
                }
            }
            ++compared;
        }
    }
    EXPECT_EQ(compared, static_cast<int>(2 * lab.steps.size()));
    EXPECT_GT(failing, 0); // the unsolved states really fail
    fs::remove_all(dir);
}

TEST(ConnectivityTest, JUnitHasOneTestcasePerRequirementAndEscapes)
{
    const fs::path dir = scratch("junit");
    const fs::path manifests = dir / "m.yaml";
    std::ofstream(manifests) << R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
)";
    const fs::path test = dir / "t.yaml";
    std::ofstream(test) << R"(apiVersion: netfence/v1
kind: ConnectivityTest
metadata:
  name: "x <&> \"tests\""
probes: [TCP/80]
scope: [x]
mustAllow:
- x/a -> x/b TCP/80
mustDeny:
- x/b -> x/a
- internet -> x/a TCP/80
onlyThese: true
)";
    const fs::path junit = dir / "junit.xml";
    std::string out, err;
    EXPECT_EQ(
        cli({"assert", test.string(), manifests.string(), "--junit", junit.string()}, out, err), 1)
        << out << err;
    EXPECT_NE(out.find("FAIL must allow x/a -> x/b on TCP/80 (" + test.string() + ":8:3)"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("Ingress of x/b[Pod]: isolated by x/deny."), std::string::npos)
        << out; // the why
    EXPECT_NE(out.find("PASS must deny x/b -> x/a"), std::string::npos) << out;
    EXPECT_NE(out.find("2 of 4 requirements pass"), std::string::npos) << out;
    std::ifstream in(junit);
    std::stringstream xml;
    xml << in.rdbuf();
    const std::string x = xml.str();
    EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
    EXPECT_NE(x.find("tests=\"4\" failures=\"2\""), std::string::npos) << x;
    EXPECT_NE(x.find("name=\"x &lt;&amp;&gt; &quot;tests&quot;\""), std::string::npos) << x;
    size_t cases = 0;
    for (size_t at = x.find("<testcase "); at != std::string::npos;
         at = x.find("<testcase ", at + 1))
        ++cases;
    EXPECT_EQ(cases, 4u);
    EXPECT_NE(x.find("<failure message="), std::string::npos) << x;
    fs::remove_all(dir);
}

TEST(ConnectivityTest, JUnitEscapesWhatXmlCannotHold)
{
    EXPECT_EQ(JUnitWriter::escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    EXPECT_EQ(JUnitWriter::escape(std::string("x\x01y")), "x\xEF\xBF\xBDy");
    EXPECT_EQ(JUnitWriter::escape("\xC3\xA9"), "\xC3\xA9"); // é stays
    EXPECT_EQ(JUnitWriter::escape("\xFF"), "\xEF\xBF\xBD"); // not UTF-8
    EXPECT_EQ(JUnitWriter::escape("\xED\xA0\x80"),
              "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    EXPECT_EQ(JUnitWriter::escape("a\nb"), "a&#10;b");
}

TEST(ConnectivityTest, BadTestFilesAreUsageErrorsNamingFileAndLine)
{
    const fs::path dir = scratch("bad");
    const fs::path m = dir / "m.yaml";
    std::ofstream(m) << "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n";
    std::string out, err;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"apiVersion: netfence/v1\nkind: Lab\n", "not a connectivity test"},
        {"apiVersion: netfence/v1\nkind: ConnectivityTest\nmustAllow:\n- x/a => x/b\n",
         ":4:3: error"},
        {"apiVersion: netfence/v1\nkind: ConnectivityTest\nmustAllow:\n- x/a -> x/b TCP/99999\n",
         "bad port"},
        {"apiVersion: netfence/v1\nkind: ConnectivityTest\n", "no goal"},
        {"apiVersion: netfence/v2\nkind: ConnectivityTest\nmustDeny: [x/a -> x/b TCP/1]\n",
         "apiVersion"},
        {"apiVersion: netfence/v1\nkind: ConnectivityTest\nmustDeny: [x/a -> x/b TCP/1]\ncluster: "
         "[]\n",
         "cluster"},
        {"[unclosed", "YAML syntax error"},
    };
    for (const auto &[text, expected] : cases) {
        const fs::path t = dir / "t.yaml";
        std::ofstream(t) << text;
        EXPECT_EQ(cli({"assert", t.string(), m.string()}, out, err), 2) << text;
        EXPECT_NE(err.find(expected), std::string::npos) << text << "\n" << err;
    }
    EXPECT_EQ(cli({"assert", (dir / "missing.yaml").string(), m.string()}, out, err), 2);
    EXPECT_EQ(cli({"assert", m.string()}, out, err), 2); // no PATH
    // An endpoint the manifests do not have fails its requirement, saying so.
    const fs::path t = dir / "t.yaml";
    std::ofstream(t)
        << "apiVersion: netfence/v1\nkind: ConnectivityTest\nmustDeny: [x/a -> x/b TCP/1]\n";
    EXPECT_EQ(cli({"assert", t.string(), m.string()}, out, err), 1);
    EXPECT_NE(out.find("is not in the cluster"), std::string::npos) << out;
    fs::remove_all(dir);
}

} // namespace
