#pragma once

#include "core/cluster.h"
#include "core/connectionset.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// A pod the manifests do not hold, known only by which selectors pick it: the ingress
// controller (concrete labels) or the generic member of an exposure's selectors.
struct OutsidePeer
{
    std::function<bool(const LabelSelector &)> namespaceSelected;
    std::function<bool(const LabelSelector &)> podSelected;
};

// The cluster-wide tiers (Admin, NetworkPolicy, Baseline) for a peer that is not a loaded
// workload, with the same rules as Evaluator: Admin rules in evaluation order decide the ports
// they match (Accept, Deny; Pass hands them on), the NetworkPolicies that isolate the subject
// decide the rest, and only when none does the Baseline rules, then the default (allow).
namespace TierWalk {

// One rule that decided some ports.
struct Step
{
    size_t policy = 0; // index into Cluster::clusterPolicies
    size_t rule = 0;   // index into its ingress or egress rules
    ClusterPolicyAction action = ClusterPolicyAction::Accept;
    ConnectionSet ports;
};

struct Result
{
    ConnectionSet allowed;
    std::vector<Step> steps;       // Admin steps, then Baseline steps, in order
    ConnectionSet handedOn;        // ports Admin left to NetworkPolicies (or Baseline)
    bool networkPolicyDecides = false;
};

// A pod with these labels in a namespace with these.
OutsidePeer pod(Labels namespaceLabels, Labels podLabels);
// The generic member of the pods `pods` (absent: every pod) picks in namespaces `namespaces`
// picks: a selector picks it only when it picks every such pod. A namespace named through
// kubernetes.io/metadata.name that the cluster holds is taken with its real labels.
OutsidePeer representative(const Cluster &cluster, const LabelSelector &namespaces,
                           const std::optional<LabelSelector> &pods);
// Whether every label set `subset` selects is also selected by `selector` (exact for the
// operators of one key; unrelated keys never imply each other).
bool covers(const LabelSelector &selector, const LabelSelector &subset);
bool peerMatches(const ClusterPolicyPeer &peer, const OutsidePeer &outside);
bool subjectSelects(const ClusterPolicySubject &subject, const OutsidePeer &outside);
// The ports a rule names; named ports resolve on `destination` (none when it is unknown).
ConnectionSet rulePorts(const ClusterPolicyRule &rule, const Workload *destination);
// The cluster policies whose subject is the outside pod, in evaluation order.
std::vector<size_t> policiesSelecting(const Cluster &cluster, const OutsidePeer &subject);
// One direction: `policies` apply to the subject (evaluation order), `peer` is the other end,
// `destination` the workload named ports resolve on, `networkPolicy` what the subject's
// NetworkPolicies allow the peer when some isolates it for the direction.
Result walk(const Cluster &cluster, const std::vector<size_t> &policies, bool ingress,
            const OutsidePeer &peer, const Workload *destination,
            const std::optional<ConnectionSet> &networkPolicy);
// "AdminNetworkPolicy 'x' rule 'deny-all': Deny TCP 80".
std::string describe(const Cluster &cluster, bool ingress, const Step &step);

} // namespace TierWalk

} // namespace netfence::core
