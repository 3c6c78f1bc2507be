// The fast evaluator must agree with the naive reference on random clusters, cell for cell.
#include "core/evaluator.h"
#include "core/externalpartition.h"
#include "support/randomcluster.h"
#include "support/referenceevaluator.h"

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

} // namespace
