#pragma once

#include "core/cluster.h"
#include "core/clusternetworkpolicy.h"
#include "core/policyrecipes.h"

#include <string>
#include <vector>

namespace netfence::core {

// Cluster policies that do one thing a platform team asks for, with notes that tell why.
struct ClusterRecipe
{
    std::string title; // for the undo stack
    std::vector<ClusterNetworkPolicy> add;
    std::vector<std::string> notes;
};

// The classic platform rules, written as ClusterNetworkPolicy (v1alpha2). Each names its
// policies so they do not clash with the cluster's; the UI turns them into undoable edits.
namespace ClusterPolicyRecipes {

// The lowest priority at or after `preferred` that no cluster policy of `tier` uses yet (so
// the new policy never ties with another: ties are implementation-defined); 1000 at most.
int freePriority(const Cluster &cluster, PolicyTier tier, int preferred);

// Admin: pods of `ns` take ingress only from `ns` itself and from `allowedFrom`, which pass to
// the NetworkPolicies; every other namespace is denied, whatever NetworkPolicies say.
ClusterRecipe guardNamespace(const Cluster &cluster, const std::string &ns, const std::string &allowedFrom,
                             int priority);
// Admin: every connection of `ns` passes the rest of the Admin tier, so its NetworkPolicies
// (then the Baseline) decide.
ClusterRecipe delegateNamespace(const Cluster &cluster, const std::string &ns, int priority);
// Baseline: deny ingress (and, with `egress`, egress) of `ns` unless a NetworkPolicy of the
// namespace selects the pod; teams open what they need.
ClusterRecipe baselineDefaultDeny(const Cluster &cluster, const std::string &ns, bool egress, int priority);
// Admin: every pod reaches the cluster DNS (kube-system, k8s-app=kube-dns) on UDP and TCP 53:
// an egress Accept for everyone and an ingress Accept on the DNS pods, since an egress Accept
// alone does not open the receiver's side (at `priority` and the next one).
ClusterRecipe acceptDns(const Cluster &cluster, int priority);

// A drawn rule as one ClusterNetworkPolicy with request.asClusterPolicy's tier, action and
// priority: subject the destination (ingress rule from the source), or for a destination
// outside the cluster, subject the source (egress rule to its networks). Nothing, with a note,
// when a ClusterNetworkPolicy cannot say it (a source outside the cluster; a named port to
// networks).
ClusterRecipe drawnRule(const Cluster &cluster, const AllowRequest &request);

// Appends the recipe's policies.
void apply(Cluster &cluster, const ClusterRecipe &recipe);

} // namespace ClusterPolicyRecipes

} // namespace netfence::core
