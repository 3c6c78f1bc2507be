#pragma once

#include "core/cluster.h"
#include "core/endpoint.h"
#include "support/referenceevaluator.h"

namespace netfence::test {

// The naive reference with cluster-wide tiers, written from the policy API text: per
// direction, Admin policies by (priority, name), rules in order, first match decides (Pass:
// on to NetworkPolicy); NetworkPolicy if one selects the pod for that direction; Baseline the
// same way (Pass: allowed); else allowed. One protocol and port at a time, no classes, no
// connection sets; shares no deciding code with core's Evaluator.
class TierReference
{
public:
    TierReference(const core::Cluster &cluster, bool ipBlockMatchesPods)
        : mCluster(cluster), mNetworkPolicies(cluster, ipBlockMatchesPods), mIpBlockMatchesPods(ipBlockMatchesPods)
    {
    }

    bool allowed(const core::Endpoint &from, const core::Endpoint &to, core::Protocol protocol, int port) const;

private:
    bool side(bool ingress, const core::Endpoint &subject, const core::Endpoint &other,
              const core::Endpoint &destination, core::Protocol protocol, int port) const;
    bool networkPolicySelects(bool ingress, const core::Workload &w) const;
    bool peerMatches(const core::ClusterPolicyPeer &peer, const core::Endpoint &other) const;
    bool portMatches(const core::ClusterPolicyRule &rule, const core::Endpoint &destination,
                     core::Protocol protocol, int port) const;
    core::Labels namespaceLabels(const std::string &name) const;

    const core::Cluster &mCluster;
    ReferenceEvaluator mNetworkPolicies;
    bool mIpBlockMatchesPods;
};

// Adds 0-6 random cluster policies of every kind (ClusterNetworkPolicy of both tiers,
// AdminNetworkPolicy, BaselineAdminNetworkPolicy): every peer type, every action, numeric
// ports, ranges, named ports, omitted protocols, tied priorities. Deterministic for a seed.
void addRandomClusterPolicies(core::Cluster &cluster, std::uint32_t seed);

} // namespace netfence::test
