#pragma once

#include "core/evaluator.h"
#include "core/lab.h"
#include "core/labchecker.h"

#include <string>
#include <vector>

namespace netfence::core {

// What `lab verify` found for one step.
struct StepVerification
{
    size_t step = 0;
    bool observation = false;
    StepResult atStart;                // with the reference solutions of the steps before it
    StepResult solved;                 // with its own reference solution added
    bool solvedChecked = false;        // false when there is no solution to apply
    std::vector<std::string> problems; // the lab cannot be followed as written
    std::vector<std::string> warnings; // it can, but probably not as meant

    bool ok() const { return problems.empty(); }
};

struct LabVerification
{
    std::vector<StepVerification> steps;

    bool ok() const;
    size_t problemCount() const;
    size_t warningCount() const;
    // One line per step, its problems and warnings indented under it, then a summary.
    std::string report(const Lab &lab) const;
};

// Checks that a lab teaches what it says: every step fails as it starts (or is marked as an
// observation step), every reference solution passes its step on top of the solutions
// before it, and warns when a step's goal is mostly met before the learner does anything.
namespace LabVerifier {

// A step whose goal is met at this share or more as it starts gets a warning: its own
// must-allow requirements when it has some, else its must-deny ones and "nothing else".
inline constexpr double kMostlyMet = 0.75;

LabVerification verify(const Lab &lab, EvaluatorOptions options = {});

} // namespace LabVerifier

} // namespace netfence::core
