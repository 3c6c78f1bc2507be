#pragma once

#include "core/cluster.h"
#include "core/endpoint.h"
#include "core/evaluator.h"
#include "core/networkpolicy.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netfence::core {

// One change to Cluster::policies.
struct PolicyChange
{
    enum class Kind
    {
        Add,
        Replace,
        Remove
    };
    Kind kind = Kind::Add;
    size_t index = 0;     // Replace/Remove: the policy's index
    NetworkPolicy policy; // Add/Replace: the new policy; Remove: the removed one
};

// A set of policy changes that does one thing the user asked for, with notes that tell why.
struct Recipe
{
    std::string title; // for the undo stack: "Allow client → frontend on TCP 80"
    std::vector<PolicyChange> changes;
    std::vector<std::string> notes; // e.g. why an egress rule was added too
};

// What "allow traffic from A to B" means, built into ingress and egress rules.
struct AllowRequest
{
    enum class Target
    {
        Workload,
        Namespace, // every pod of the namespace
        External   // an address range outside the cluster
    };
    Endpoint from;
    Target target = Target::Workload;
    size_t toWorkload = 0;
    std::string toNamespace;
    std::string toCidr = "0.0.0.0/0"; // External
    std::vector<std::string> toExcept;
    std::vector<NetworkPolicyPort> ports; // empty: every port
    std::optional<Labels> sourceLabels;      // default: defaultSelectorLabels(from)
    std::optional<Labels> destinationLabels; // default: defaultSelectorLabels(to)

    // Draw a Rule may write a ClusterNetworkPolicy instead of NetworkPolicies: its tier, the
    // rule's action and the policy's priority.
    struct ClusterChoice
    {
        PolicyTier tier = PolicyTier::Admin;
        ClusterPolicyAction action = ClusterPolicyAction::Accept;
        int priority = 100;
    };
    std::optional<ClusterChoice> asClusterPolicy;
};

// The building blocks of the editor's "draw a rule" and context-menu actions. They decide
// which policies to add or extend; the UI turns the changes into undoable commands.
namespace PolicyRecipes {

// The labels to select a workload by: its `app` label, else the fewest labels that tell it
// apart from the other workloads of its namespace, else all of its labels.
Labels defaultSelectorLabels(const Cluster &cluster, size_t workload);

// The ports to propose for traffic to a workload: its first container port, else TCP 80.
std::vector<NetworkPolicyPort> defaultPorts(const Cluster &cluster, size_t workload);

// Ingress on the destination's side; egress on the source's side when the source is
// egress-isolated (or the destination is outside the cluster, where there is no ingress side).
Recipe allow(const Cluster &cluster, const Evaluator &evaluator, const AllowRequest &request);

// podSelector {} with the chosen policyTypes and no rules.
Recipe defaultDeny(const Cluster &cluster, const std::string &ns, bool ingress, bool egress);
// Where the cluster DNS runs: pods labelled k8s-app=kube-dns (kube-dns and CoreDNS alike).
inline constexpr std::string_view kDnsNamespace = "kube-system";
inline constexpr std::string_view kDnsLabelKey = "k8s-app";
inline constexpr std::string_view kDnsLabelValue = "kube-dns";
// Egress from every pod of `ns` on UDP and TCP 53 to the DNS pods of kube-system (one peer
// with namespaceSelector AND podSelector); to every pod of kube-system, with a note, when no
// DNS pod is known.
Recipe allowDnsEgress(const Cluster &cluster, const std::string &ns);
// Ingress and egress between all pods of `ns`.
Recipe allowWithinNamespace(const Cluster &cluster, const std::string &ns);
// Egress from the workload to 0.0.0.0/0, optionally minus the private ranges.
Recipe allowInternetEgress(const Cluster &cluster, size_t workload, bool exceptPrivateRanges);

// Applies the changes in order (indices refer to the list as it is when each change applies).
void apply(Cluster &cluster, const Recipe &recipe);

// Parses "80, 443, 8000-8080, http" into ports of one protocol; "" means every port of it.
// Returns the problem, or an empty string.
std::string parsePorts(Protocol protocol, const std::string &text, std::vector<NetworkPolicyPort> &out);

// A DNS-1123 name made of the parts: lower case, '-' between, at most 63 characters.
std::string policyName(const std::vector<std::string> &parts);

} // namespace PolicyRecipes

} // namespace netfence::core
