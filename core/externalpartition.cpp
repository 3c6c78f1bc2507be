#include "core/externalpartition.h"

#include <set>

namespace netfence::core::ExternalPartition {

namespace {

std::vector<IPRange> cut(const Cluster &cluster, bool ingress, bool egress)
{
    // Cut points per family: the first address of every piece.
    std::set<U128> cuts[2];
    cuts[0].insert(0);
    bool hasV6 = false;
    for (const NetworkPolicy &policy : cluster.policies) {
        for (const bool isIngress : {true, false}) {
            if ((isIngress && !ingress) || (!isIngress && !egress))
                continue;
            for (const NetworkPolicyRule &rule : isIngress ? policy.ingress : policy.egress)
                for (const NetworkPolicyPeer &peer : rule.peers) {
                    if (!peer.ipBlock)
                        continue;
                    const IPFamily family = peer.ipBlock->cidrRange.family;
                    const int f = family == IPFamily::V4 ? 0 : 1;
                    if (f == 1 && !hasV6) {
                        hasV6 = true;
                        cuts[1].insert(0);
                    }
                    for (const IPRange &r : peer.ipBlock->addressRanges()) {
                        cuts[f].insert(r.first);
                        if (r.last < familyMax(family))
                            cuts[f].insert(r.last + 1);
                    }
                }
        }
    }
    // Cluster policies' `networks` are egress peers. v1alpha1 objects are read as
    // netpol-analyzer reads them: IPv4 only (their IPv6 networks are reported and cut nothing).
    if (egress)
        for (const ClusterNetworkPolicy &policy : cluster.clusterPolicies)
            for (const ClusterPolicyRule &rule : policy.egress)
                for (const ClusterPolicyPeer &peer : rule.peers) {
                    if (!peer.networks)
                        continue;
                    for (const IPBlock &b : *peer.networks) {
                        const IPFamily family = b.cidrRange.family;
                        const int f = family == IPFamily::V4 ? 0 : 1;
                        if (f == 1 && policy.kind != ClusterPolicyKind::ClusterNetworkPolicy)
                            continue;
                        if (f == 1 && !hasV6) {
                            hasV6 = true;
                            cuts[1].insert(0);
                        }
                        cuts[f].insert(b.cidrRange.first);
                        if (b.cidrRange.last < familyMax(family))
                            cuts[f].insert(b.cidrRange.last + 1);
                    }
                }
    std::vector<IPRange> out;
    for (int f = 0; f < 2; ++f) {
        const IPFamily family = f == 0 ? IPFamily::V4 : IPFamily::V6;
        for (auto it = cuts[f].begin(); it != cuts[f].end(); ++it) {
            auto next = std::next(it);
            out.push_back({family, *it, next == cuts[f].end() ? familyMax(family) : *next - 1});
        }
    }
    return out;
}

} // namespace

std::vector<IPRange> sources(const Cluster &cluster)
{
    return cut(cluster, true, false);
}

std::vector<IPRange> destinations(const Cluster &cluster)
{
    return cut(cluster, false, true);
}

std::vector<IPRange> combined(const Cluster &cluster)
{
    return cut(cluster, true, true);
}

} // namespace netfence::core::ExternalPartition
