#pragma once

#include "core/evaluator.h"
#include "core/lab.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// A typical mistake found in the learner's policies, with a hint that names the fix.
struct MistakeHint
{
    MistakeKind kind = MistakeKind::SelectorSelectsNothing;
    std::string hint;
    SourceLocation location;           // the policy or rule at fault, when there is one
    std::optional<size_t> requirement; // the failing requirement (LabStep index) it explains
};

// Looks for the mistakes people make most with NetworkPolicies. The selector and ipBlock
// checks look at the policies alone; the others at the step's failing requirements.
class MistakeDetector
{
public:
    explicit MistakeDetector(const Evaluator &evaluator) : mEvaluator(evaluator) {}

    // Runs the step's detectors (LabStep::mistakes), in the order of MistakeKind.
    std::vector<MistakeHint> detect(const LabStep &step) const;

    // A must-allow requirement that one side admits and the other side blocks.
    std::vector<MistakeHint> oneSidedRules(const LabStep &step, MistakeKind kind) const;
    // Egress-isolated pods that can no longer reach a DNS server (a pod with UDP port 53).
    std::vector<MistakeHint> dnsBlocked(const LabStep &step) const;
    // Pod and namespace selectors that match nothing where they look; `kind` chooses between
    // "selects nothing" (a typo?) and "matches pods of another namespace".
    std::vector<MistakeHint> selectors(MistakeKind kind) const;
    // ipBlocks that cover pod addresses and no public address: meant for pods.
    std::vector<MistakeHint> ipBlocksForPods() const;

private:
    const Evaluator &mEvaluator;
};

} // namespace netfence::core
