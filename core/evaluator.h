#pragma once

#include "core/cluster.h"
#include "core/clusterchange.h"
#include "core/connectionset.h"
#include "core/connectionsettable.h"
#include "core/endpoint.h"
#include "core/explanation.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace netfence::core {

struct EvaluatorOptions
{
    // The upstream e2e suite requires ipBlocks to match pods by their IPs; netpol-analyzer
    // never matches pods with ipBlocks.
    bool ipBlockMatchesPods = true;
};

// What one edit may have changed. Pairs from a class of sourceClasses and pairs to a class
// of destinationClasses may differ; every other pair is as before.
struct EvaluatorUpdate
{
    bool everything = false; // classes were rebuilt (ids changed): treat every pair as changed
    std::vector<size_t> sourceClasses;      // their egress side changed
    std::vector<size_t> destinationClasses; // their ingress side changed

    // Adds what `other` changed (the class lists may repeat until normalize()).
    void merge(const EvaluatorUpdate &other);
    // Sorts the class lists and drops repeats.
    void normalize();
};

// Watches a long evaluateAll() from another thread: how far it is, and a way to stop it.
struct EvaluationProgress
{
    std::atomic<bool> cancelled{false}; // set from any thread; evaluateAll() stops soon after
    std::atomic<size_t> done{0};        // work items finished, of `total`
    std::atomic<size_t> total{0};
};

// Decides which connections NetworkPolicies allow between endpoints, with the cluster-wide
// tiers around them: Admin cluster policies first, then NetworkPolicies, then Baseline.
// Workloads with the same namespace, labels, named ports and ipBlock hits are one equivalence
// class: they have the same connectivity, so the work is done per class pair and the results
// are interned (ConnectionSetTable). Results between classes are computed lazily and cached,
// or all at once by evaluateAll().
//
// The cluster must outlive the evaluator. It must not change under it, except for edits of
// Cluster::policies announced right after each one with policyChanged/policyAdded/
// policyRemoved (any other change: clusterChanged, or a new evaluator). Const members may be
// called from several threads at once; the non-const ones need the evaluator to themselves.
class Evaluator
{
public:
    using ConnectionId = ConnectionSetTable::Id;

    explicit Evaluator(const Cluster &cluster, EvaluatorOptions options = {});
    ~Evaluator();
    // A copy of `other` that answers for `cluster`, an equal copy of other's cluster: an edit
    // can be followed on the copy (another thread) while `other` keeps answering.
    Evaluator(const Evaluator &other, const Cluster &cluster);
    Evaluator(const Evaluator &) = delete;
    Evaluator &operator=(const Evaluator &) = delete;

    const Cluster &cluster() const { return *mCluster; }
    // The cluster was moved or copied, unchanged, to `cluster`: answer from there. Lets an
    // evaluator built on another thread follow its cluster into the document.
    void rebind(const Cluster &cluster);
    const EvaluatorOptions &options() const { return mOptions; }

    // The connections allowed from `from` to `to` (empty between two external ranges).
    ConnectionSet allowed(const Endpoint &from, const Endpoint &to) const;
    // The same answer with the policies and rules that produce it.
    Explanation explain(const Endpoint &from, const Endpoint &to) const;

    bool isolatedForIngress(size_t workload) const;
    bool isolatedForEgress(size_t workload) const;
    // The policies whose podSelector selects the workload (in its namespace).
    std::vector<size_t> policiesSelecting(size_t workload) const;
    // Whether some ingress or egress rule of policies[policy] has `peer` among its peers
    // (a rule with no peers matches every endpoint); the evaluator's own match sets.
    bool matchesAsPeer(size_t policy, const Endpoint &peer) const;

    size_t classCount() const;
    size_t classOf(size_t workload) const;
    // The workloads of a class, ascending.
    const std::vector<size_t> &workloadsOf(size_t cls) const;

    // Evaluates every class pair, and every class against every range of
    // ExternalPartition::sources/destinations, on `threads` threads (0: one per core).
    // Afterwards allowed() and connectionId() are lookups, and edits keep them complete.
    void evaluateAll(unsigned threads = 1);
    // The same, watched: returns false when progress->cancelled stopped it, and then the
    // evaluator is as it was before the call (answers computed lazily, nothing half done).
    bool evaluateAll(unsigned threads, EvaluationProgress *progress);
    bool isComplete() const;

    // Interned results: equal ids, equal connections. kNoConnections and kAllConnections
    // are fixed; connectionSet(id) stays valid for the evaluator's life.
    static constexpr ConnectionId kNoConnections = ConnectionSetTable::kNone;
    static constexpr ConnectionId kAllConnections = ConnectionSetTable::kAll;
    ConnectionId connectionId(size_t fromClass, size_t toClass) const;
    const ConnectionSet &connectionSet(ConnectionId id) const;
    // Every class `fromClass` reaches (or that reaches `toClass`) with its result, ascending;
    // pairs with no connections are left out. The pair view on demand, for edges.
    std::vector<std::pair<size_t, ConnectionId>> allowedFrom(size_t fromClass) const;
    std::vector<std::pair<size_t, ConnectionId>> allowedTo(size_t toClass) const;

    // Live editing. The caller changes Cluster::policies first, then announces that change:
    //   policyChanged(i)  after replacing policies[i] in place;
    //   policyAdded(i)    after inserting a policy at i (later ones moved up by one);
    //   policyRemoved(i)  after erasing policies[i] (later ones moved down by one).
    // Several changes made at once (in-place edits, then additions at the end) may be
    // announced one after another once they are all made; answers are exact again after the
    // last announcement. Only the classes a policy selected before or selects now are
    // re-evaluated; a new ipBlock that splits a class rebuilds everything (`everything`).
    EvaluatorUpdate policyChanged(size_t index);
    EvaluatorUpdate policyAdded(size_t index);
    EvaluatorUpdate policyRemoved(size_t index);
    // Announces `step`, just applied to the cluster: a policy or cluster-policy step is
    // followed as above; any other step returns an empty update (see clusterChanged()).
    EvaluatorUpdate announce(const ClusterChange::Step &step);
    // After any other change (workloads, namespaces): everything is rebuilt.
    EvaluatorUpdate clusterChanged();
    // The same for Cluster::clusterPolicies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
    // ClusterNetworkPolicy): only the classes the policy applies to, before or now, change.
    EvaluatorUpdate clusterPolicyChanged(size_t index);
    EvaluatorUpdate clusterPolicyAdded(size_t index);
    EvaluatorUpdate clusterPolicyRemoved(size_t index);
    // The cluster policies that apply to the workload, in evaluation order.
    std::vector<size_t> clusterPoliciesSelecting(size_t workload) const;
    // Whether some rule of clusterPolicies[policy] has `peer` among its peers.
    bool clusterPolicyMatchesAsPeer(size_t policy, const Endpoint &peer) const;

private:
    struct State;

    SideExplanation side(PolicyType direction, const Endpoint &subject, const Endpoint &peer,
                         const Endpoint &destination, bool withRules) const;
    ConnectionSet rulePorts(const NetworkPolicyRule &rule, const Endpoint &destination) const;
    EvaluatorUpdate edit(size_t index, int kind);
    EvaluatorUpdate editClusterPolicy(size_t index, int kind);
    void tierSide(SideExplanation &s, const Endpoint &subject, const Endpoint &peer,
                  const Endpoint &destination, const ConnectionSet &networkPolicy) const;

    const Cluster *mCluster;
    EvaluatorOptions mOptions;
    std::unique_ptr<State> mState;
};

} // namespace netfence::core
