#pragma once

#include "core/cluster.h"
#include "core/connectionset.h"
#include "core/endpoint.h"
#include "core/explanation.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace netfence::core {

struct EvaluatorOptions
{
    // The upstream e2e suite requires ipBlocks to match pods by their IPs; netpol-analyzer
    // never matches pods with ipBlocks.
    bool ipBlockMatchesPods = true;
};

// Decides which connections NetworkPolicies allow between endpoints.
// Workloads with the same namespace, labels, ports and ipBlock hits are one equivalence
// class: they have the same connectivity, so the work is done per class and cached.
// The cluster must outlive the evaluator and must not change under it.
class Evaluator
{
public:
    explicit Evaluator(const Cluster &cluster, EvaluatorOptions options = {});

    const Cluster &cluster() const { return mCluster; }
    const EvaluatorOptions &options() const { return mOptions; }

    // The connections allowed from `from` to `to` (empty between two external ranges).
    ConnectionSet allowed(const Endpoint &from, const Endpoint &to) const;
    // The same answer with the policies and rules that produce it.
    Explanation explain(const Endpoint &from, const Endpoint &to) const;

    bool isolatedForIngress(size_t workload) const;
    bool isolatedForEgress(size_t workload) const;
    // The policies whose podSelector selects the workload (in its namespace).
    std::vector<size_t> policiesSelecting(size_t workload) const;

    size_t classCount() const { return mClasses.size(); }
    size_t classOf(size_t workload) const { return mWorkloadClass[workload]; }

private:
    struct FlatRule
    {
        size_t policy;
        size_t index;
        const NetworkPolicyRule *rule;
        std::vector<bool> matchesClass; // peers match a workload of the class
    };
    struct EquivalenceClass
    {
        size_t representative; // a workload of the class
        std::vector<size_t> ingressPolicies; // selecting, with Ingress in policyTypes
        std::vector<size_t> egressPolicies;
    };

    void buildClasses();
    void buildRules();
    bool peerMatchesWorkload(const NetworkPolicy &policy, const NetworkPolicyPeer &peer,
                             const Workload &w) const;
    bool ruleMatches(const FlatRule &rule, const Endpoint &peer) const;
    ConnectionSet rulePorts(const NetworkPolicyRule &rule, const Endpoint &destination) const;
    SideExplanation side(PolicyType direction, const Endpoint &subject, const Endpoint &peer,
                         const Endpoint &destination, bool withRules) const;

    const Cluster &mCluster;
    EvaluatorOptions mOptions;
    std::vector<size_t> mWorkloadClass;
    std::vector<EquivalenceClass> mClasses;
    std::vector<FlatRule> mIngressRules; // by policy, in order
    std::vector<FlatRule> mEgressRules;
    std::vector<std::pair<size_t, size_t>> mIngressRuleSpan; // per policy: [begin, end)
    std::vector<std::pair<size_t, size_t>> mEgressRuleSpan;

    // Class-pair results, interned: most pairs share a handful of connection sets.
    mutable std::mutex mCacheMutex;
    mutable std::unordered_map<std::uint64_t, std::uint32_t> mPairCache;
    mutable std::vector<ConnectionSet> mInterned;
    mutable std::map<ConnectionSet, std::uint32_t> mInternIndex;
};

} // namespace netfence::core
