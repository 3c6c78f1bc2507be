#pragma once

#include "core/evaluator.h"
#include "core/lintfinding.h"

#include <atomic>
#include <memory>
#include <vector>

namespace netfence::core {

struct LintNamespaces;

struct LintOptions
{
    // Redundancy is decided by evaluating the cluster without each policy and each rule; a
    // large input stops after this many evaluations (and says so in a note).
    size_t redundancyBudget = 400;
    // Set from another thread when the answer is no longer wanted (the design changed under
    // a lint that runs in the background): run() then stops early with partial findings.
    const std::atomic<bool> *cancel = nullptr;
};

// Finds policies that are likely wrong, useless or dangerous in a loaded cluster. Every rule
// is listed by lintRules(); docs/semantics.md shows an example of each. Rules that look at
// pods stay quiet when no pod was loaded (policies kept apart from their workloads).
class Linter
{
public:
    explicit Linter(const Evaluator &evaluator, LintOptions options = {});
    ~Linter();

    // Every finding, sorted by file, line and rule id.
    std::vector<LintFinding> run() const;

private:
    void selectors(std::vector<LintFinding> &out) const;
    void dns(std::vector<LintFinding> &out) const;
    void ports(std::vector<LintFinding> &out) const;
    void redundancy(std::vector<LintFinding> &out) const;
    void ipBlocks(std::vector<LintFinding> &out) const;
    void unfencedNamespaces(std::vector<LintFinding> &out) const;
    void hostNetwork(std::vector<LintFinding> &out) const;
    bool cancelled() const { return mOptions.cancel && mOptions.cancel->load(std::memory_order_relaxed); }

    const Evaluator &mEvaluator;
    LintOptions mOptions;
    std::vector<std::vector<size_t>> mSelected; // per policy: the workloads it selects
    std::unique_ptr<const LintNamespaces> mNamespaces;
};

} // namespace netfence::core
