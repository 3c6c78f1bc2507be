// The fast evaluator must agree with the naive reference on random clusters, cell for cell.
#include "core/evaluator.h"
#include "core/externalpartition.h"
#include "support/randomcluster.h"
#include "support/referenceevaluator.h"
#include "support/tierreference.h"

#include <gtest/gtest.h>

#include <set>

using namespace netfence::core;
using netfence::test::randomCluster;
using netfence::test::ReferenceEvaluator;

namespace {

std::vector<int> probePorts(const Cluster &c)
{
    std::set<int> ports{1, 52, 53, 54, 79, 80, 81, 82, 120, 121, 443, 8080, 8081, 9090, 65535};
    for (const Workload &w : c.workloads)
        for (const ContainerPort &p : w.ports)
            ports.insert(p.port);
    for (const NetworkPolicy &p : c.policies)
        for (const auto *rules : {&p.ingress, &p.egress})
            for (const NetworkPolicyRule &r : *rules)
                for (const NetworkPolicyPort &port : r.ports)
                    if (port.endPort) {
                        ports.insert(*port.endPort);
                        ports.insert(*port.endPort + 1);
                    }
    return {ports.begin(), ports.end()};
}

void compare(std::uint32_t seed, bool ipBlockMatchesPods, int &checked)
{
    const Cluster c = randomCluster(seed);
    const Evaluator fast(c, EvaluatorOptions{ipBlockMatchesPods});
    const ReferenceEvaluator reference(c, ipBlockMatchesPods);
    std::vector<Endpoint> endpoints;
    for (size_t i = 0; i < c.workloads.size(); ++i)
        endpoints.push_back(Endpoint::ofWorkload(i));
    for (const IPRange &r : ExternalPartition::combined(c))
        endpoints.push_back(Endpoint::ofRange(r));
    for (const Workload &w : c.workloads) // the pods' own addresses, seen from outside
        for (const IPAddress &ip : w.ips)
            endpoints.push_back(Endpoint::ofRange(IPRange::single(ip)));
    const std::vector<int> ports = probePorts(c);
    for (const Endpoint &from : endpoints)
        for (const Endpoint &to : endpoints) {
            const ConnectionSet set = fast.allowed(from, to);
            ASSERT_EQ(fast.explain(from, to).allowed, set) << "seed " << seed;
            for (Protocol proto : kAllProtocols)
                for (int port : ports) {
                    ++checked;
                    ASSERT_EQ(set.allows(proto, port), reference.allowed(from, to, proto, port))
                        << "seed " << seed << " ipBlockMatchesPods=" << ipBlockMatchesPods << ' '
                        << from.displayName(c) << " -> " << to.displayName(c) << ' '
                        << protocolName(proto) << '/' << port;
                }
        }
}

TEST(Randomized, FastEvaluatorEqualsNaiveReferenceOn600Clusters)
{
    int checked = 0;
    for (std::uint32_t seed = 1; seed <= 600; ++seed) {
        compare(seed, true, checked);
        compare(seed, false, checked);
        if (HasFatalFailure())
            return;
    }
    RecordProperty("checkedCells", checked);
    EXPECT_GT(checked, 100000);
}

// Cluster policies of every kind on top of the random NetworkPolicies: the tiers against the
// naive tier reference, cell for cell; then every cluster policy edited, added and removed
// under a complete evaluator, against a fresh one.
void compareTiers(std::uint32_t seed, bool ipBlockMatchesPods, int &checked)
{
    Cluster c = randomCluster(seed);
    netfence::test::addRandomClusterPolicies(c, seed);
    Evaluator fast(c, EvaluatorOptions{ipBlockMatchesPods});
    const netfence::test::TierReference reference(c, ipBlockMatchesPods);
    std::vector<Endpoint> endpoints;
    for (size_t i = 0; i < c.workloads.size(); ++i)
        endpoints.push_back(Endpoint::ofWorkload(i));
    for (const IPRange &r : ExternalPartition::combined(c))
        endpoints.push_back(Endpoint::ofRange(r));
    for (const Workload &w : c.workloads)
        for (const IPAddress &ip : w.ips)
            endpoints.push_back(Endpoint::ofRange(IPRange::single(ip)));
    std::set<int> portSet{1, 52, 53, 54, 79, 80, 81, 82, 443, 8080, 9090, 9190, 65535};
    for (const Workload &w : c.workloads)
        for (const ContainerPort &p : w.ports)
            portSet.insert(p.port);
    for (int p : probePorts(c))
        portSet.insert(p);
    for (const ClusterNetworkPolicy &p : c.clusterPolicies)
        for (const auto *rules : {&p.ingress, &p.egress})
            for (const ClusterPolicyRule &r : *rules)
                for (const ClusterPolicyPort &port : r.ports)
                    if (port.endPort) {
                        portSet.insert(*port.endPort);
                        portSet.insert(*port.endPort + 1);
                    }
    const std::vector<int> ports(portSet.begin(), portSet.end());
    for (const Endpoint &from : endpoints)
        for (const Endpoint &to : endpoints) {
            const ConnectionSet set = fast.allowed(from, to);
            ASSERT_EQ(fast.explain(from, to).allowed, set) << "seed " << seed;
            for (Protocol proto : kAllProtocols)
                for (int port : ports) {
                    ++checked;
                    ASSERT_EQ(set.allows(proto, port), reference.allowed(from, to, proto, port))
                        << "tiers seed " << seed << " ipBlockMatchesPods=" << ipBlockMatchesPods << ' '
                        << from.displayName(c) << " -> " << to.displayName(c) << ' ' << protocolName(proto)
                        << '/' << port;
                }
        }

    // Incremental: edits of cluster policies keep a complete evaluator exact.
    if (c.clusterPolicies.empty())
        return;
    fast.evaluateAll();
    auto same = [&](const char *what) {
        const Evaluator fresh(c, EvaluatorOptions{ipBlockMatchesPods});
        for (const Endpoint &from : endpoints)
            for (const Endpoint &to : endpoints)
                ASSERT_EQ(fast.allowed(from, to), fresh.allowed(from, to))
                    << "seed " << seed << " after " << what << ": " << from.displayName(c) << " -> "
                    << to.displayName(c);
    };
    same("evaluateAll");
    c.clusterPolicies[0].priority = 1000 - c.clusterPolicies[0].priority;
    if (!c.clusterPolicies[0].egress.empty())
        c.clusterPolicies[0].egress.pop_back();
    fast.clusterPolicyChanged(0);
    same("a change");
    const ClusterNetworkPolicy removed = c.clusterPolicies.back();
    c.clusterPolicies.pop_back();
    fast.clusterPolicyRemoved(c.clusterPolicies.size());
    same("a removal");
    c.clusterPolicies.insert(c.clusterPolicies.begin(), removed);
    fast.clusterPolicyAdded(0);
    same("an addition");
}

TEST(Randomized, TiersEqualNaiveTierReferenceOn300Clusters)
{
    int checked = 0;
    for (std::uint32_t seed = 1; seed <= 300; ++seed) {
        compareTiers(seed, seed % 2 == 0, checked);
        if (HasFatalFailure())
            return;
    }
    RecordProperty("checkedCells", checked);
    EXPECT_GT(checked, 100000);
}

} // namespace
