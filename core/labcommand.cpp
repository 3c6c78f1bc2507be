#include "core/labcommand.h"

#include "core/builtinlabs.h"
#include "core/exitcode.h"
#include "core/connectivityscript.h"
#include "core/labchecker.h"
#include "core/labgrader.h"
#include "core/labverifier.h"
#include "core/labloader.h"
#include "core/labtext.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace netfence::core::LabCommand {

const char *const kHelp = R"(Usage: netfence-cli lab check LAB_FILE STEP [PATH...] [--ipblock-pods=yes|no]
       netfence-cli lab script LAB_FILE STEP [PATH...] [--checks goal|matrix]
       netfence-cli lab steps LAB_FILE
       netfence-cli lab verify LAB_FILE
       netfence-cli lab grade LAB_FILE DIR... [--format txt|csv|json|junit]

Teaching labs. LAB_FILE is a lab file or builtin:NAME, a lab installed with netfence
(builtin:netpol-lab; they are in /usr/share/netfence/labs, or in $NETFENCE_LABS_DIR when
set). The file format is in /usr/share/doc/netfence/docs/labs.md. STEP is a 1-based number
or a step id; PATH... are the learner's manifests (files or folders), added to the lab's
cluster as the step starts (with what earlier steps added). Put every policy written so far
in them.
  check   checks the step's goal: exit 0 when every requirement passes; else 1, with
          each failing requirement and why, plus hints on typical mistakes
  script  writes a connectivity test to stdout: a POSIX sh script that runs
          kubectl exec ... -- nc -z -w 2 HOST PORT (nc -z -u for UDP) per check, prints
          PASS or FAIL for each and "N passed, M failed", and exits non-zero on a failure
  steps   lists the steps with their goals and texts (Markdown, as written)
  verify  checks the lab itself: every step fails as it starts (unless it is an
          observation step) and every reference solution passes its step on top of
          the solutions before it; warns when a step is mostly met as it starts.
          Exit 0 when the lab checks itself, else 1
  grade   grades a class: each DIR is a student's folder with every policy they
          wrote, or with one sub-folder per step (named by its number or id) holding
          every policy written up to that step. A table per student and step; exit 0
          when every student passes every step, else 1
  --format X  for grade: txt (default), csv, json or junit
  --checks X  goal (default): the step's requirements; matrix: every pair of pods, and
              each pod to the internet, on the step's probes, expected as netfence
              decides for the given policies
Exit codes: 0 pass, 1 the step fails or the lab or manifests have errors, 2 usage error.
)";

namespace {

using CommandLine::ProblemsFound;
using CommandLine::Success;
using CommandLine::UsageError;

std::string stepName(const Lab &lab, size_t index)
{
    return "step " + std::to_string(index + 1) + " (" + lab.steps[index].id + ")";
}

bool findStep(const Lab &lab, const std::string &text, size_t &index, std::ostream &err)
{
    if (auto found = lab.findStep(text)) {
        index = *found;
        return true;
    }
    err << "netfence-cli: lab " << lab.id << " has no step \"" << text << "\"; its steps are:\n";
    for (size_t i = 0; i < lab.steps.size(); ++i)
        err << "  " << i + 1 << ' ' << lab.steps[i].id << '\n';
    return false;
}

// The lab's cluster as the step starts, plus the learner's paths. Reports the diagnostics of
// the learner's files only: the lab's own were printed when it was loaded.
LoadResult learnerCluster(const Lab &lab, size_t step, const std::vector<std::string> &paths,
                          std::ostream &err, bool &errors)
{
    ManifestLoader loader;
    lab.addManifests(loader, step, 0);
    for (const std::string &p : paths)
        loader.addPath(p);
    LoadResult r = loader.finish();
    std::set<std::string> labFiles;
    for (const LabFile &f : lab.cluster)
        labFiles.insert(f.path);
    for (const LabStep &s : lab.steps)
        for (const LabFile &f : s.adds)
            labFiles.insert(f.path);
    errors = false;
    for (const Diagnostic &d : r.diagnostics) {
        if (labFiles.count(d.location.file))
            continue;
        err << d.toString() << '\n';
        errors = errors || d.severity == Severity::Error;
    }
    return r;
}

} // namespace

int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err)
{
    const std::string sub = operands.empty() ? std::string() : operands[0];
    const bool labOnly = sub == "steps" || sub == "verify";
    const size_t needed = labOnly ? 2 : 3;
    if ((sub != "check" && sub != "script" && !labOnly && sub != "grade") ||
        operands.size() < needed || (labOnly && operands.size() > 2)) {
        err << "netfence-cli: lab needs check, script, steps, verify or grade, a LAB_FILE"
            << (labOnly ? "" : sub == "grade" ? " and a DIR" : " and a STEP") << '\n'
            << kHelp;
        return UsageError;
    }
    GradeFormat gradeFormat = GradeFormat::Txt;
    if (auto it = options.find("format"); it != options.end()) {
        const auto format = LabGrader::parseFormat(it->second.back());
        if (sub != "grade" || !format) {
            err << "netfence-cli: --format txt|csv|json|junit is an option of lab grade\n";
            return UsageError;
        }
        gradeFormat = *format;
    }
    EvaluatorOptions evaluatorOptions;
    if (auto it = options.find("ipblock-pods"); it != options.end()) {
        if (it->second.back() != "yes" && it->second.back() != "no") {
            err << "netfence-cli: --ipblock-pods must be yes or no\n";
            return UsageError;
        }
        evaluatorOptions.ipBlockMatchesPods = it->second.back() == "yes";
    }
    bool matrix = false;
    if (auto it = options.find("checks"); it != options.end()) {
        if (sub != "script" || (it->second.back() != "goal" && it->second.back() != "matrix")) {
            err << "netfence-cli: --checks goal|matrix is an option of lab script\n";
            return UsageError;
        }
        matrix = it->second.back() == "matrix";
    }

    std::string labFile = operands[1];
    if (labFile.starts_with(BuiltInLabs::kPrefix)) {
        const std::string name = labFile.substr(std::string_view(BuiltInLabs::kPrefix).size());
        const auto found = BuiltInLabs::find(name, BuiltInLabs::folder(), err);
        if (!found)
            return ProblemsFound; // as for a lab file that is not there
        labFile = *found;
    }
    const LabLoadResult loaded = LabLoader::load(labFile);
    for (const Diagnostic &d : loaded.diagnostics)
        err << d.toString() << '\n';
    if (!loaded.ok()) {
        err << "netfence-cli: " << labFile << " is not a valid lab\n";
        return ProblemsFound;
    }
    const Lab &lab = *loaded.lab;
    if (sub == "steps") {
        out << LabText::steps(lab);
        return Success;
    }
    if (sub == "verify") {
        const LabVerification v = LabVerifier::verify(lab, evaluatorOptions);
        out << v.report(lab);
        return v.ok() ? Success : ProblemsFound;
    }
    if (sub == "grade") {
        std::vector<StudentGrade> students;
        for (size_t i = 2; i < operands.size(); ++i) {
            std::error_code ec;
            if (!std::filesystem::is_directory(operands[i], ec)) {
                err << "netfence-cli: " << operands[i] << " is not a folder; lab grade wants a "
                                                         "folder per student\n";
                return UsageError;
            }
            students.push_back(LabGrader::grade(lab, operands[i], evaluatorOptions));
        }
        out << LabGrader::write(gradeFormat, lab, students);
        const bool all = std::all_of(students.begin(), students.end(), [](const StudentGrade &g) {
            return g.passedSteps() == g.steps.size();
        });
        return all ? Success : ProblemsFound;
    }
    size_t step = 0;
    if (!findStep(lab, operands[2], step, err))
        return UsageError;
    const std::vector<std::string> paths(operands.begin() + 3, operands.end());
    bool errors = false;
    const LoadResult r = learnerCluster(lab, step, paths, err, errors);
    const Evaluator evaluator(r.cluster, evaluatorOptions);
    const LabStep &s = lab.steps[step];

    if (sub == "script") {
        const auto checks = matrix ? ConnectivityScript::matrixChecks(evaluator, s.probes, s.scope)
                                   : ConnectivityScript::goalChecks(s);
        out << ConnectivityScript::write(r.cluster, checks,
                                         "Connectivity test for lab " + lab.id + ", " +
                                             stepName(lab, step) + ": " + s.title + " (" +
                                             (matrix ? "whole matrix" : "the step's goal") + ')');
        return errors ? ProblemsFound : Success;
    }

    const StepResult result = LabChecker::check(s, evaluator);
    out << "Lab " << lab.id << ", " << stepName(lab, step) << ": " << s.title << '\n';
    out << result.report();
    if (errors) {
        out << "The manifests have errors: the API server would refuse them.\n";
        return ProblemsFound;
    }
    return result.passed ? Success : ProblemsFound;
}

} // namespace netfence::core::LabCommand
