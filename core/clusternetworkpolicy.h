#pragma once

#include "core/diagnostic.h"
#include "core/ipblock.h"
#include "core/labelselector.h"
#include "core/protocol.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// The tier a cluster policy belongs to: Admin comes before NetworkPolicy, Baseline after.
enum class PolicyTier
{
    Admin,
    Baseline
};

// v1alpha2 actions; v1alpha1's Allow is read as Accept.
enum class ClusterPolicyAction
{
    Accept,
    Deny,
    Pass
};

// The object a cluster policy was read from; output names it in that kind's words.
enum class ClusterPolicyKind
{
    ClusterNetworkPolicy,       // policy.networking.k8s.io/v1alpha2
    AdminNetworkPolicy,         // v1alpha1, Admin tier
    BaselineAdminNetworkPolicy, // v1alpha1, Baseline tier, the single one named "default"
};

// One entry of `protocols` (v1alpha2) or `ports` (v1alpha1): a numeric port or range of one
// protocol, a whole protocol, or a named port (any protocol: resolved on the destination).
struct ClusterPolicyPort
{
    std::optional<Protocol> protocol; // absent only for a named port
    std::optional<int> port;          // absent with no name: every port of the protocol
    std::optional<int> endPort;       // a range's inclusive end
    std::string namedPort;

    bool isNamed() const { return !namedPort.empty(); }
    // "TCP 80", "TCP 80-90", "named port web", "UDP (all ports)".
    std::string toString() const;
    friend bool operator==(const ClusterPolicyPort &, const ClusterPolicyPort &) = default;
};

// One element of `from`/`to`: exactly one of its fields is set.
struct ClusterPolicyPeer
{
    std::optional<LabelSelector> namespaces;    // every pod of the selected namespaces
    std::optional<LabelSelector> podNamespaces; // with `pods`: pods.namespaceSelector
    std::optional<LabelSelector> pods;          // pods.podSelector
    std::optional<std::vector<IPBlock>> networks; // CIDRs (no except); egress only
    std::optional<LabelSelector> nodes;           // egress only: pods on those nodes' network
    std::optional<std::vector<std::string>> domainNames; // egress only; never match here

    // "namespaces team=a", "pods app=web in namespaces team=a", "networks 10.0.0.0/8".
    std::string toString() const;
    friend bool operator==(const ClusterPolicyPeer &, const ClusterPolicyPeer &) = default;
};

struct ClusterPolicyRule
{
    std::string name;
    ClusterPolicyAction action = ClusterPolicyAction::Accept;
    std::vector<ClusterPolicyPeer> peers;
    std::vector<ClusterPolicyPort> ports; // empty: every protocol and port
    SourceLocation location;

    friend bool operator==(const ClusterPolicyRule &a, const ClusterPolicyRule &b)
    {
        return a.name == b.name && a.action == b.action && a.peers == b.peers &&
               a.ports == b.ports;
    }
};

// The pods a cluster policy applies to: namespaces, or pods within namespaces.
struct ClusterPolicySubject
{
    std::optional<LabelSelector> namespaces;
    LabelSelector podNamespaces; // with pods
    std::optional<LabelSelector> pods;

    // Whether a pod with these labels, in a namespace with these, is a subject (hostNetwork
    // pods never are: the caller leaves them out).
    bool selects(const Labels &namespaceLabels, const Labels &podLabels) const;
    friend bool operator==(const ClusterPolicySubject &, const ClusterPolicySubject &) = default;
};

// A cluster-scoped policy of either API version: ClusterNetworkPolicy (v1alpha2),
// AdminNetworkPolicy or BaselineAdminNetworkPolicy (v1alpha1) all map onto this.
struct ClusterNetworkPolicy
{
    ClusterPolicyKind kind = ClusterPolicyKind::ClusterNetworkPolicy;
    std::string name;
    PolicyTier tier = PolicyTier::Admin;
    int priority = 0; // 0-1000, lower first; a BaselineAdminNetworkPolicy has none (0)
    ClusterPolicySubject subject;
    std::vector<ClusterPolicyRule> ingress;
    std::vector<ClusterPolicyRule> egress;
    SourceLocation location;

    // "AdminNetworkPolicy 'x'", "ClusterNetworkPolicy 'x'": how explanations name it.
    std::string displayName() const;
    // "cnp/x", "anp/x", "banp/default": short, for lists and edge tooltips.
    std::string shortName() const;

    friend bool operator==(const ClusterNetworkPolicy &a, const ClusterNetworkPolicy &b)
    {
        return a.kind == b.kind && a.name == b.name && a.tier == b.tier &&
               a.priority == b.priority && a.subject == b.subject && a.ingress == b.ingress &&
               a.egress == b.egress;
    }
};

const char *tierName(PolicyTier tier);
// "Accept", "Deny", "Pass"; for v1alpha1 kinds "Allow" instead of "Accept".
const char *actionName(ClusterPolicyAction action, ClusterPolicyKind kind);
const char *clusterPolicyKindName(ClusterPolicyKind kind);

// Cluster policies in evaluation order: Admin before Baseline, then by priority, then by name
// (the deterministic order netfence picks when priorities tie). Indices into `policies`.
std::vector<size_t> clusterPolicyOrder(const std::vector<ClusterNetworkPolicy> &policies);

class ConnectionSet;
struct Workload;

// The connections a cluster policy rule's ports name toward `destination`: every connection
// when the rule lists none; a named port resolves through the destination's container ports,
// and to nothing without a known destination.
ConnectionSet clusterRulePorts(const ClusterPolicyRule &rule, const Workload *destination);

} // namespace netfence::core
