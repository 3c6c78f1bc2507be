#pragma once

#include "core/cluster.h"
#include "core/endpoint.h"

namespace netfence::test {

// A deliberately naive evaluator written straight from the API reference: one pair, one
// protocol, one port at a time, no classes, no caches, no connection sets. It shares no
// deciding code with core's Evaluator, so the two check each other.
class ReferenceEvaluator
{
public:
    ReferenceEvaluator(const core::Cluster &cluster, bool ipBlockMatchesPods)
        : mCluster(cluster), mIpBlockMatchesPods(ipBlockMatchesPods)
    {
    }

    bool allowed(const core::Endpoint &from, const core::Endpoint &to, core::Protocol protocol,
                 int port) const;

    // One side alone: the subject's NetworkPolicies for that direction (true when none selects it).
    bool sideAllows(bool ingress, const core::Endpoint &subject, const core::Endpoint &other,
                    const core::Endpoint &destination, core::Protocol protocol, int port) const;

private:
    const core::Cluster &mCluster;
    bool mIpBlockMatchesPods;
};

} // namespace netfence::test
