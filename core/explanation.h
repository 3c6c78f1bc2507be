#pragma once

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

// One side of a connection: the sender's egress or the receiver's ingress.
struct SideExplanation
{
    PolicyType direction = PolicyType::Ingress;
    bool policed = false;  // false for an address outside the cluster: no policy applies there
    bool isolated = false; // some policy selects the pod for this direction
    std::vector<size_t> isolatingPolicies; // every policy that selects it for this direction
    std::vector<RuleMatch> allowingRules;  // rules whose peers match the other end
    ConnectionSet allowed;                 // all, when not isolated
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
