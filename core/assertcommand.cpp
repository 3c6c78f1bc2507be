#include "core/assertcommand.h"

#include "core/exitcode.h"
#include "core/junitwriter.h"
#include "core/labchecker.h"
#include "core/labloader.h"
#include "core/manifestloader.h"
#include "core/regularfile.h"

namespace netfence::core::AssertCommand {

const char *const kHelp =
    R"(Usage: netfence-cli assert TEST_FILE PATH... [--junit FILE] [--ipblock-pods=yes|no]

Checks a connectivity test against the manifests in PATH... (files or folders). A test is a
YAML file with kind: ConnectivityTest (apiVersion netfence/v1) and the requirement syntax of
labs: mustAllow, mustDeny, onlyThese, probes, scope (docs/ci.md). Prints PASS or FAIL per
requirement; each failure comes with the explanation of the current verdict (which policies
isolate each side, which rules allow what).
  --junit FILE       also write JUnit XML there, one testcase per requirement
  --ipblock-pods X   whether ipBlocks match pods by their IPs (default yes)
Exit codes: 0 every requirement passes, 1 some requirement fails, 2 usage error or a test
file that cannot be read.
)";

namespace {

constexpr size_t kMaxTestBytes = 16u << 20;

std::string where(const SourceLocation &l)
{
    std::string out = l.file;
    if (l.line > 0) out += ':' + std::to_string(l.line);
    if (l.line > 0 && l.column > 0) out += ':' + std::to_string(l.column);
    return out;
}

std::string indented(const std::string &text)
{
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += "    " + text.substr(start, end - start) + '\n';
        start = end + 1;
    }
    return out;
}

} // namespace

int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err)
{
    if (operands.size() < 2) {
        err << "netfence-cli: assert needs a TEST_FILE and at least one PATH\n" << kHelp;
        return CommandLine::UsageError;
    }
    EvaluatorOptions evaluatorOptions;
    if (auto it = options.find("ipblock-pods"); it != options.end() && !it->second.empty()) {
        const std::string &v = it->second.back();
        if (v != "yes" && v != "no") {
            err << "netfence-cli: --ipblock-pods must be yes or no\n";
            return CommandLine::UsageError;
        }
        evaluatorOptions.ipBlockMatchesPods = v == "yes";
    }
    std::string junit;
    if (auto it = options.find("junit"); it != options.end() && !it->second.empty()) {
        junit = it->second.back();
        if (const std::string why = RegularFile::checkWritable(junit); !why.empty()) {
            err << "netfence-cli: --junit " << junit << ": " << why << '\n';
            return CommandLine::UsageError;
        }
    }
    const std::string &testFile = operands[0];
    const RegularFile::ReadResult text = RegularFile::read(testFile, kMaxTestBytes);
    if (text.status != RegularFile::ReadResult::Status::Ok) {
        err << "netfence-cli: " << testFile << ": "
            << (text.error.empty() ? std::string("no such file") : text.error) << '\n';
        return CommandLine::UsageError;
    }
    const LabLoadResult test = LabLoader::loadConnectivityTest(text.text, testFile);
    for (const Diagnostic &d : test.diagnostics)
        err << d.toString() << '\n';
    if (!test.ok()) {
        err << "netfence-cli: " << testFile << " is not a valid connectivity test\n";
        return CommandLine::UsageError;
    }
    const LabStep &step = test.lab->steps.front();

    const LoadResult manifests = ManifestLoader::load({operands.begin() + 1, operands.end()});
    for (const Diagnostic &d : manifests.diagnostics)
        err << d.toString() << '\n';
    const Evaluator evaluator(manifests.cluster, evaluatorOptions);
    const StepResult result = LabChecker::check(step, evaluator);

    std::vector<JUnitWriter::TestCase> cases;
    for (const RequirementResult &r : result.requirements) {
        const SourceLocation location =
            r.requirement ? step.requirements[*r.requirement].location : step.location;
        if (r.passed)
            out << "PASS " << r.text << '\n';
        else
            out << "FAIL " << r.text << " (" << where(location) << ")\n" << indented(r.explanation);
        std::string firstLine = r.explanation.substr(0, r.explanation.find('\n'));
        cases.push_back({r.text, location.file, location.line, r.passed, firstLine, r.explanation});
    }
    if (!result.passed)
        for (const MistakeHint &m : result.mistakes) {
            out << "HINT (" << mistakeKindName(m.kind) << ')';
            if (!m.location.file.empty()) out << " at " << where(m.location);
            out << ": " << m.hint << '\n';
        }
    out << result.passedCount() << " of " << result.requirements.size() << " requirements pass"
        << (result.passed ? "" : ": the test fails") << ".\n";
    if (!junit.empty()) {
        std::string problem;
        if (!RegularFile::write(junit, JUnitWriter::write(test.lab->id, cases), &problem)) {
            err << "netfence-cli: --junit " << junit << ": " << problem << '\n';
            return CommandLine::UsageError;
        }
    }
    return result.passed ? CommandLine::Success : CommandLine::ProblemsFound;
}

} // namespace netfence::core::AssertCommand
