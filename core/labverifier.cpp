#include "core/labverifier.h"

#include <algorithm>

namespace netfence::core {

namespace {

std::string stepName(const Lab &lab, size_t index)
{
    return "step " + std::to_string(index + 1) + " (" + lab.steps[index].id + ')';
}

std::vector<std::string> errorsOf(const LoadResult &r)
{
    std::vector<std::string> out;
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error) out.push_back(d.toString());
    return out;
}

std::string failing(const StepResult &r)
{
    std::string out;
    for (const RequirementResult &q : r.requirements)
        if (!q.passed) out += (out.empty() ? "" : "; ") + q.text;
    return out;
}

} // namespace

bool LabVerification::ok() const
{
    return std::all_of(steps.begin(), steps.end(),
                       [](const StepVerification &s) { return s.ok(); });
}

size_t LabVerification::problemCount() const
{
    size_t n = 0;
    for (const StepVerification &s : steps)
        n += s.problems.size();
    return n;
}

size_t LabVerification::warningCount() const
{
    size_t n = 0;
    for (const StepVerification &s : steps)
        n += s.warnings.size();
    return n;
}

std::string LabVerification::report(const Lab &lab) const
{
    std::string out = "Lab " + lab.id + ": " + lab.title + ", " + std::to_string(lab.steps.size()) +
                      " step" + (lab.steps.size() == 1 ? "" : "s") + '\n';
    for (const StepVerification &s : steps) {
        out += (s.ok() ? "ok   " : "FAIL ") + stepName(lab, s.step) + ": ";
        if (s.observation)
            out += "observation step, met as it starts";
        else
            out += std::string(s.atStart.passed ? "passes" : "fails") + " as it starts (" +
                   std::to_string(s.atStart.passedCount()) + " of " +
                   std::to_string(s.atStart.requirements.size()) + " requirements met)";
        if (s.solvedChecked)
            out +=
                std::string(", the reference solution ") + (s.solved.passed ? "passes" : "fails");
        out += '\n';
        for (const std::string &p : s.problems)
            out += "     error: " + p + '\n';
        for (const std::string &w : s.warnings)
            out += "     warning: " + w + '\n';
    }
    const size_t bad = static_cast<size_t>(std::count_if(
        steps.begin(), steps.end(), [](const StepVerification &s) { return !s.ok(); }));
    out += std::to_string(steps.size() - bad) + " of " + std::to_string(steps.size()) +
           " steps verified, " + std::to_string(problemCount()) + " error" +
           (problemCount() == 1 ? "" : "s") + ", " + std::to_string(warningCount()) + " warning" +
           (warningCount() == 1 ? "" : "s") + ": the lab " +
           (ok() ? "checks itself." : "has problems.") + '\n';
    return out;
}

LabVerification LabVerifier::verify(const Lab &lab, EvaluatorOptions options)
{
    LabVerification out;
    for (size_t k = 0; k < lab.steps.size(); ++k) {
        const LabStep &step = lab.steps[k];
        StepVerification v;
        v.step = k;
        v.observation = step.observation;

        const LoadResult start = lab.buildCluster(k, k);
        for (const std::string &e : errorsOf(start))
            v.problems.push_back(
                "the cluster as it starts (with the solutions before it) has an error: " + e);
        v.atStart = LabChecker::check(step, start.cluster, options);
        if (step.observation && !v.atStart.passed)
            v.problems.push_back("an observation step must be met as it starts, but these fail: " +
                                 failing(v.atStart));
        if (!step.observation && v.atStart.passed)
            v.problems.push_back("already passes as it starts, so the learner has nothing to do; "
                                 "change its requirements, or mark it observation: true if "
                                 "looking is the point");
        if (!step.observation && !v.atStart.passed) {
            // The step's goal: its own must-allow requirements when it opens something (its
            // denials are guards, met as it starts by design), else its denials. A step whose
            // must-allow requirements all hold as it starts opens nothing: they guard what a
            // closing step must not break.
            const bool opens = std::any_of(
                v.atStart.requirements.begin(), v.atStart.requirements.end(), [&](const RequirementResult &r) {
                    if (!r.requirement || r.passed)
                        return false;
                    const LabRequirement &q = step.requirements[*r.requirement];
                    return q.expect == Expectation::Allow && q.keptFrom.empty();
                });
            size_t own = 0, met = 0;
            for (const RequirementResult &r : v.atStart.requirements) {
                const LabRequirement *q =
                    r.requirement ? &step.requirements[*r.requirement] : nullptr;
                if (q && !q->keptFrom.empty()) continue; // kept from earlier steps: met by design
                if (opens != (q && q->expect == Expectation::Allow)) continue;
                ++own;
                met += r.passed ? 1 : 0;
            }
            if (own >= 2 && static_cast<double>(met) >= kMostlyMet * static_cast<double>(own))
                v.warnings.push_back(std::to_string(met) + " of its " + std::to_string(own) +
                                     (opens ? " must-allow" : " must-deny") +
                                     " requirements are met as it starts; only " +
                                     failing(v.atStart) + " asks for work");
        }

        if (step.solution.empty()) {
            if (!step.observation)
                v.problems.push_back("has no reference solution (solution:), so nobody can show "
                                     "that it can be passed");
        } else {
            const LoadResult solved = lab.buildCluster(k, k + 1);
            for (const std::string &e : errorsOf(solved))
                if (std::find(
                        v.problems.begin(), v.problems.end(),
                        "the cluster as it starts (with the solutions before it) has an error: " +
                            e) == v.problems.end())
                    v.problems.push_back("its reference solution has an error: " + e);
            v.solved = LabChecker::check(step, solved.cluster, options);
            v.solvedChecked = true;
            if (!v.solved.passed)
                v.problems.push_back("its reference solution, on top of the solutions before it, "
                                     "fails: " +
                                     failing(v.solved));
        }
        out.steps.push_back(std::move(v));
    }
    return out;
}

} // namespace netfence::core
