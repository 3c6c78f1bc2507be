#pragma once

#include "core/clusternetworkpolicy.h"
#include "core/connectionset.h"
#include "core/endpoint.h"
#include "core/networkpolicy.h"

#include <vector>

namespace netfence::core {

// One rule that lets some of the traffic through, and what it lets through.
struct RuleMatch
{
    size_t policy = 0;    // index into Cluster::policies
    size_t ruleIndex = 0; // index into the policy's ingress or egress list
    ConnectionSet connections;
};

// One cluster-policy rule that took the first decision on some of the traffic of one side.
struct TierDecision
{
    size_t policy = 0;    // index into Cluster::clusterPolicies
    size_t ruleIndex = 0; // index into its ingress or egress list
    ClusterPolicyAction action = ClusterPolicyAction::Accept;
    ConnectionSet connections; // what it decided (for Pass: what it handed on)
};

// One side of a connection: the sender's egress or the receiver's ingress.
struct SideExplanation
{
    PolicyType direction = PolicyType::Ingress;
    bool policed = false;  // false for an address outside the cluster: no policy applies there
    bool isolated = false; // some policy selects the pod for this direction
    std::vector<size_t> isolatingPolicies; // every policy that selects it for this direction
    std::vector<RuleMatch> allowingRules;  // rules whose peers match the other end
    ConnectionSet allowed;                 // all, when not isolated
    // Cluster-wide tiers, when some cluster policy applies to the pod in this direction
    // (otherwise all empty and `allowed` is the NetworkPolicy answer above).
    bool tiered = false;
    std::vector<TierDecision> admin;    // Admin tier rules that matched, in evaluation order
    ConnectionSet reachedNetworkPolicy; // what the Admin tier left (or passed) on
    std::vector<TierDecision> baseline; // Baseline tier rules, when no NetworkPolicy decides
    ConnectionSet byDefault;            // what no tier decided: allowed by default
    // Cluster policies with a nodes or domainNames peer that could not be matched to the
    // other end (a domain name has no address here).
    std::vector<size_t> unmatchedAddressPeers;
};

// Why traffic from one endpoint to another is allowed or denied.
struct Explanation
{
    Endpoint from;
    Endpoint to;
    SideExplanation egress;
    SideExplanation ingress;
    ConnectionSet allowed; // egress.allowed intersected with ingress.allowed
};

} // namespace netfence::core
