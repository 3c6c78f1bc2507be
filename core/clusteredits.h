#pragma once

#include "core/cluster.h"
#include "core/clusterchange.h"
#include "core/clusterpolicyrecipes.h"
#include "core/policyrecipes.h"

#include <set>
#include <string>

namespace netfence::core {

// Every edit the editor (and the lab runner) makes to a Cluster. Each function looks at the
// cluster as it is, changes nothing, and returns the change that does the edit; apply it with
// ClusterChange::applyTo and undo it with its inverted(). An edit that would do nothing, or
// names something that is not there, returns an empty change.
namespace ClusterEdits {

// "policy-1", "policy-2", ...: the first name no NetworkPolicy of `ns` has.
std::string uniquePolicyName(const Cluster &cluster, const std::string &ns,
                             const std::string &prefix = "policy-");
// The same among cluster policies of `kind`.
std::string uniqueClusterPolicyName(const Cluster &cluster, ClusterPolicyKind kind,
                                    const std::string &prefix = "cluster-policy-");

// Adds the namespace (undeclared, with its name label) when it is not there yet.
ClusterChange ensureNamespace(const Cluster &cluster, const std::string &name);
// Adds a declared namespace; nothing when one of that name exists.
ClusterChange addNamespace(const Cluster &cluster, const std::string &name);

// Appends the policy, and its namespace when it is new.
ClusterChange addPolicy(const Cluster &cluster, NetworkPolicy policy);
// A new empty Ingress policy named uniquePolicyName() in `ns`.
ClusterChange newPolicy(const Cluster &cluster, const std::string &ns);
ClusterChange removePolicy(const Cluster &cluster, size_t index);
ClusterChange replacePolicy(const Cluster &cluster, size_t index, NetworkPolicy policy);

ClusterChange addClusterPolicy(const Cluster &cluster, ClusterNetworkPolicy policy);
// A new ClusterNetworkPolicy of the Admin tier at priority 100, subject every namespace, no rules.
ClusterChange newClusterPolicy(const Cluster &cluster);
ClusterChange removeClusterPolicy(const Cluster &cluster, size_t index);
ClusterChange replaceClusterPolicy(const Cluster &cluster, size_t index, ClusterNetworkPolicy policy);

// Appends an empty rule (every peer, every port) to the policy's ingress or egress, and lists
// the direction in policyTypes; a policy without policyTypes that gains an egress rule keeps
// Ingress (the default it had).
ClusterChange addRule(const Cluster &cluster, size_t policy, PolicyType direction);
ClusterChange removeRule(const Cluster &cluster, size_t policy, PolicyType direction, size_t rule);
ClusterChange addPeer(const Cluster &cluster, size_t policy, PolicyType direction, size_t rule,
                      NetworkPolicyPeer peer);
ClusterChange removePeer(const Cluster &cluster, size_t policy, PolicyType direction, size_t rule,
                         size_t peer);

// Appends the workload (and its namespace when new), or replaces workloads[index].
ClusterChange addWorkload(const Cluster &cluster, Workload workload);
ClusterChange replaceWorkload(const Cluster &cluster, size_t index, Workload workload);

// Renames the namespace and moves everything in it along; selectors that name it by
// kubernetes.io/metadata.name (matchLabels, or In/NotIn values) in NetworkPolicies and cluster
// policies follow the new name. Nothing when `to` exists already.
ClusterChange renameNamespace(const Cluster &cluster, const std::string &from, const std::string &to);

// Deletes the workloads named (by "ns/name" or "ns/name[Kind]") and the namespaces, each with
// every workload, Service, Ingress and NetworkPolicy in it.
ClusterChange deleteWithCascade(const Cluster &cluster, const std::set<std::string> &namespaces,
                                const std::set<std::string> &workloads);

// Merges a lab step's objects into the cluster: new namespaces, workloads, Services (one per
// namespace/name) and Ingresses are added; a declared namespace sets its labels; a policy of
// an existing name is replaced when `replacePolicies` (a solution), else kept (a step's
// starting files, merged again).
ClusterChange mergeLabStep(const Cluster &cluster, const Cluster &added, bool replacePolicies);

// A policy recipe (draw a rule, default deny, ...) as a change.
ClusterChange fromRecipe(const Cluster &cluster, const Recipe &recipe);
ClusterChange fromClusterRecipe(const Cluster &cluster, const ClusterRecipe &recipe);

} // namespace ClusterEdits

} // namespace netfence::core
