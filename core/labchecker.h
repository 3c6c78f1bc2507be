#pragma once

#include "core/evaluator.h"
#include "core/lab.h"
#include "core/mistakedetector.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// One line of a step's goal with its verdict on the current cluster.
struct RequirementResult
{
    // "must allow netpol-lab/client -> netpol-lab/frontend on TCP/80"
    std::string text;
    bool passed = false;
    // Why the connection is allowed or denied now (ExplanationWriter's words), for the first
    // failing probe, or for the first probe when it passes.
    std::string explanation;
    // Index into LabStep::requirements; empty for the "nothing else" check of onlyThese.
    std::optional<size_t> requirement;
    // The teacher's own explanation (LabRequirement::hint), shown when it fails.
    std::string hint;
};

struct StepResult
{
    bool passed = false; // every requirement passed (hints do not count)
    std::vector<RequirementResult> requirements; // in the step's order, "nothing else" last
    std::vector<MistakeHint> mistakes;
    // For onlyThese: every open connection nobody asked for, "A -> B on TCP/80".
    std::vector<std::string> unintended;

    size_t passedCount() const;
    // The failing requirements with their explanations, then the hints: what `lab check`
    // prints.
    std::string report() const;
};

// Checks a step's goal against a cluster: run it after every edit.
class LabChecker
{
public:
    static StepResult check(const LabStep &step, const Evaluator &evaluator);
    // Builds the evaluator; the cluster only has to live for the call.
    static StepResult check(const LabStep &step, const Cluster &cluster,
                            EvaluatorOptions options = {});
};

} // namespace netfence::core
