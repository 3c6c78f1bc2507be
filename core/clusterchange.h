#pragma once

#include "core/cluster.h"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace netfence::core {

// A policy's identity for the editor: assigned once, kept across edits, renames and undo,
// unlike its index (which shifts on insert and erase) or its name (which an edit may change).
using PolicyKey = std::uint64_t;
inline constexpr PolicyKey kNoPolicyKey = 0;

// One element of one of the Cluster's lists put in, taken out or replaced at `index`:
// no `before` inserts, no `after` erases, both replace. The index is the element's position
// when the step is applied (steps apply in order).
template <typename T>
struct ElementStep
{
    size_t index = 0;
    std::optional<T> before;
    std::optional<T> after;
    // Policies only: the key of the policy the step is about (kNoPolicyKey: not known yet; the
    // document assigns one when it first applies an insert and keeps it in the step for redo).
    PolicyKey key = kNoPolicyKey;
};

using PolicyStep = ElementStep<NetworkPolicy>;
using ClusterPolicyStep = ElementStep<ClusterNetworkPolicy>;
using NamespaceStep = ElementStep<Namespace>;
using WorkloadStep = ElementStep<Workload>;
using ServiceStep = ElementStep<Service>;
using IngressStep = ElementStep<IngressOrRoute>;

// What one edit does to a Cluster, as small steps that hold only the elements they touch
// (never a copy of the cluster). inverted() undoes it exactly: the steps reversed, each with
// before and after exchanged.
class ClusterChange
{
public:
    using Step = std::variant<PolicyStep, ClusterPolicyStep, NamespaceStep, WorkloadStep, ServiceStep,
                              IngressStep>;

    const std::vector<Step> &steps() const { return mSteps; }
    std::vector<Step> &steps() { return mSteps; }
    bool empty() const { return mSteps.empty(); }

    void add(Step step) { mSteps.push_back(std::move(step)); }
    // Appends another change's steps (it applies after this one's).
    void append(const ClusterChange &other);

    // Applies the steps in order. Each step's index must be in range for what it does.
    void applyTo(Cluster &cluster) const;
    static void applyStep(Cluster &cluster, const Step &step);
    ClusterChange inverted() const;

    // Whether only NetworkPolicies and cluster policies change (the evaluator can follow such
    // a change policy by policy; anything else needs a fresh evaluation).
    bool onlyPolicies() const;
    bool touchesWorkloads() const;
    bool touchesNamespaces() const;
    bool touchesServices() const;

private:
    std::vector<Step> mSteps;
};

} // namespace netfence::core
