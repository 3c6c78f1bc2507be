// One test per rule of docs/semantics.md.
#include "core/evaluator.h"
#include "core/externalpartition.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

using namespace netfence::core;
using netfence::test::allows;
using netfence::test::connections;
using netfence::test::endpoint;
using netfence::test::loadOk;
using netfence::test::pod;

namespace {

constexpr Protocol TCP = Protocol::TCP;
constexpr Protocol UDP = Protocol::UDP;
constexpr Protocol SCTP = Protocol::SCTP;

// x/a, x/b, y/a, y/b; namespaces labelled team=red (x) and team=blue (y).
std::string cluster()
{
    return "apiVersion: v1\nkind: Namespace\nmetadata: {name: x, labels: {team: red}}\n"
           "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: y, labels: {team: blue}}\n" +
           pod("x", "a", "app: a", {"http:80/TCP", "dns:53/UDP"}, "10.1.0.1") +
           pod("x", "b", "app: b", {"http:8080/TCP"}, "10.1.0.2") +
           pod("y", "a", "app: a", {"http:80/TCP"}, "10.2.0.1") +
           pod("y", "b", "app: b", {"web:81/TCP"}, "10.2.0.2");
}

std::string policy(const std::string &ns, const std::string &name, const std::string &spec)
{
    return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " +
           name + "\n  namespace: " + ns + "\nspec:\n" + spec;
}

struct Fixture
{
    explicit Fixture(const std::string &policies, EvaluatorOptions options = {})
        : result(loadOk(cluster() + policies)), evaluator(result.cluster, options)
    {
    }
    LoadResult result;
    Evaluator evaluator;
};

TEST(Semantics, NoPolicyAllowsEverything)
{
    Fixture f("");
    EXPECT_EQ(connections(f.evaluator, "x/a", "y/b"), "All Connections");
    EXPECT_EQ(connections(f.evaluator, "x/a", "8.8.8.8"), "All Connections");
}

TEST(Semantics, PolicyTypesDefaultToIngress)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n"));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "y/a", TCP, 80)); // egress untouched
}

TEST(Semantics, PolicyTypesDefaultAddsEgressWhenEgressRulesExist)
{
    Fixture f(policy("x", "p", "  podSelector: {matchLabels: {app: a}}\n  egress:\n  - ports: "
                               "[{port: 53, protocol: UDP}]\n"));
    EXPECT_TRUE(f.evaluator.isolatedForEgress(static_cast<size_t>(f.result.cluster.findWorkload("x/a"))));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "y/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "y/a", UDP, 53));
    EXPECT_FALSE(allows(f.evaluator, "y/b", "x/a", TCP, 80)); // and Ingress too
}

TEST(Semantics, EmptyEgressListDoesNotAddEgressType)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  egress: []\n"));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "y/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Semantics, PolicyIsolatesOnlyPodsOfItsNamespace)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n"));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "x/b", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "y/b", TCP, 80));
}

TEST(Semantics, ConnectionNeedsEgressAndIngress)
{
    const std::string ingress = policy(
        "x", "in", "  podSelector: {matchLabels: {app: b}}\n  ingress:\n  - from: [{podSelector: "
                   "{matchLabels: {app: a}}}]\n");
    const std::string denyEgress =
        policy("x", "deny-egress", "  podSelector: {}\n  policyTypes: [Egress]\n");
    Fixture only(ingress);
    EXPECT_TRUE(allows(only.evaluator, "x/a", "x/b", TCP, 80));
    Fixture both(ingress + denyEgress);
    EXPECT_FALSE(allows(both.evaluator, "x/a", "x/b", TCP, 80));
    Fixture all(ingress + denyEgress +
                policy("x", "out", "  podSelector: {matchLabels: {app: a}}\n  egress:\n  - to: "
                                   "[{podSelector: {matchLabels: {app: b}}}]\n"));
    EXPECT_TRUE(allows(all.evaluator, "x/a", "x/b", TCP, 80));
}

TEST(Semantics, PoliciesAreAUnion)
{
    Fixture f(policy("x", "p1", "  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]\n") +
              policy("x", "p2", "  podSelector: {}\n  ingress:\n  - ports: [{port: 81}]\n"));
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"), "TCP 80-81");
}

TEST(Semantics, AbsentFromMatchesEveryPeerIncludingExternal)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/b", "x/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "8.8.8.8", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "8.8.8.8", "x/a", TCP, 81));
}

TEST(Semantics, EmptyFromListMatchesEveryPeer)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: []\n    ports: [{port: 80}]\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/b", "x/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "1.2.3.4", "x/a", TCP, 80));
}

TEST(Semantics, EmptyIngressListAllowsNothing)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress: []\n"));
    EXPECT_EQ(connections(f.evaluator, "x/b", "x/a"), "No Connections");
}

TEST(Semantics, EmptyRuleAllowsEverything)
{
    Fixture f(policy("x", "deny", "  podSelector: {}\n  policyTypes: [Ingress]\n") +
              policy("x", "allow", "  podSelector: {}\n  ingress:\n  - {}\n"));
    EXPECT_EQ(connections(f.evaluator, "y/b", "x/a"), "All Connections");
}

TEST(Semantics, PodSelectorAlonePicksPolicyNamespace)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{podSelector: "
                               "{matchLabels: {app: a}}}]\n"));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "x/b", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/b", TCP, 80));
}

TEST(Semantics, NamespaceSelectorAlonePicksAllPodsOfMatchingNamespaces)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: "
                               "{matchLabels: {team: blue}}}]\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "y/b", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "x/b", "x/a", TCP, 80));
}

TEST(Semantics, PodAndNamespaceSelectorInOnePeerAreAnded)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: "
                               "{matchLabels: {team: blue}}\n      podSelector: {matchLabels: "
                               "{app: a}}\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/b", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "y/b", "x/b", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "x/b", TCP, 80));
}

TEST(Semantics, SeparatePeersAreOred)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: "
                               "{matchLabels: {team: blue}}\n    - podSelector: {matchLabels: "
                               "{app: a}}\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/b", "x/b", TCP, 80)); // by namespace
    EXPECT_TRUE(allows(f.evaluator, "x/a", "x/b", TCP, 80)); // by pod, policy's namespace
    EXPECT_FALSE(allows(f.evaluator, "x/b", "x/a", TCP, 80));
}

TEST(Semantics, EmptyNamespaceSelectorIsEveryNamespace)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: "
                               "{}\n      podSelector: {matchLabels: {app: b}}\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/b", "x/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "x/b", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Semantics, SelectorsNeverMatchExternalAddresses)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n"
                               "  egress:\n  - to: [{namespaceSelector: {}}]\n"));
    EXPECT_FALSE(allows(f.evaluator, "8.8.8.8", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "8.8.8.8", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "y/a", TCP, 80));
}

TEST(Semantics, AbsentPortsMeanAllPorts)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]\n"));
    EXPECT_EQ(connections(f.evaluator, "x/b", "x/a"), "All Connections");
}

TEST(Semantics, ProtocolDefaultsToTcp)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]\n"));
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"), "TCP 80");
}

TEST(Semantics, ProtocolWithoutPortMeansAllItsPorts)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{protocol: UDP}]\n"));
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"), "UDP 1-65535");
}

TEST(Semantics, EndPortIsInclusiveRange)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{protocol: SCTP, port: "
                               "8000, endPort: 8080}]\n"));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", SCTP, 7999));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", SCTP, 8000));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", SCTP, 8080));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", SCTP, 8081));
}

TEST(Semantics, NamedPortResolvesOnDestinationForIngress)
{
    // x/a names 80 "http", x/b names 8080 "http": each pod opens its own number.
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{port: http}]\n"));
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"), "TCP 80");
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/b"), "TCP 8080");
}

TEST(Semantics, NamedPortResolvesOnDestinationForEgress)
{
    Fixture f(policy("x", "p", "  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n"
                               "  egress:\n  - ports: [{port: http}]\n"));
    EXPECT_EQ(connections(f.evaluator, "x/a", "x/b"), "TCP 8080"); // not x/a's own 80
    EXPECT_EQ(connections(f.evaluator, "x/a", "y/a"), "TCP 80");
    EXPECT_EQ(connections(f.evaluator, "x/a", "y/b"), "No Connections");
}

TEST(Semantics, NamedPortNeedsMatchingProtocol)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{port: dns, protocol: "
                               "UDP}, {port: http, protocol: UDP}]\n"));
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"), "UDP 53");
}

TEST(Semantics, NamedPortNeverMatchesAnIPDestination)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                               "  - ports: [{port: http}]\n"));
    EXPECT_EQ(connections(f.evaluator, "x/a", "8.8.8.8"), "No Connections");
    EXPECT_EQ(connections(f.evaluator, "x/a", "y/a"), "TCP 80");
}

TEST(Semantics, NamedPortInIngressFromAnIPBlockResolvesOnTheReceiver)
{
    // Valid: the name is looked up on the receiving pod, whoever sends. No diagnostic at all.
    const LoadResult r = ManifestLoader::loadText(
        cluster() + policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{ipBlock: "
                                     "{cidr: 0.0.0.0/0}}]\n    ports: [{port: http}]\n"),
        "ingress.yaml");
    EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().toString();
    ASSERT_EQ(r.cluster.policies.size(), 1u);
    const Evaluator evaluator(r.cluster);
    EXPECT_EQ(connections(evaluator, "8.8.8.8", "x/a"), "TCP 80");
    EXPECT_EQ(connections(evaluator, "8.8.8.8", "x/b"), "TCP 8080");
}

TEST(Semantics, NamedPortInEgressToAnIPBlockIsAnErrorAndStillEvaluated)
{
    // netpol-analyzer's bad_netpols__subdir6: no pod at the address to name the port.
    const LoadResult r = ManifestLoader::loadText(
        cluster() + policy("x", "p", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                                     "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: http}]\n"),
        "egress.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::Error);
    EXPECT_NE(r.diagnostics[0].message.find("named port error"), std::string::npos);
    EXPECT_NE(r.diagnostics[0].message.find("egress"), std::string::npos);
    ASSERT_EQ(r.cluster.policies.size(), 1u); // kept, as the API server keeps it
    const Evaluator evaluator(r.cluster);
    EXPECT_EQ(connections(evaluator, "x/a", "8.8.8.8"), "No Connections");
}

TEST(Semantics, IPBlockCidrMinusExcept)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: "
                               "[{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}}]\n"));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "8.8.8.8", TCP, 443));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "10.9.9.9", TCP, 443));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "192.168.1.1", TCP, 443));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "192.169.0.0", TCP, 443));
}

TEST(Semantics, IPBlockIPv6)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: "
                               "2001:db8::/32, except: [\"2001:db8:1::/48\"]}}]\n"));
    EXPECT_TRUE(allows(f.evaluator, "2001:db8::1", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "2001:db8:1::1", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "2001:db9::1", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "8.8.8.8", "x/a", TCP, 80));
}

TEST(Semantics, IPBlockMatchesPodByIPInUpstreamProfile)
{
    const std::string p = policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: [{ipBlock: "
                                           "{cidr: 10.2.0.0/16, except: [10.2.0.2/32]}}]\n");
    Fixture upstream(p);
    EXPECT_TRUE(allows(upstream.evaluator, "y/a", "x/a", TCP, 80));
    EXPECT_FALSE(allows(upstream.evaluator, "y/b", "x/a", TCP, 80));
    Fixture analyzer(p, EvaluatorOptions{false});
    EXPECT_FALSE(allows(analyzer.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Semantics, ExternalSourceOnlyNeedsIngress)
{
    Fixture f(policy("x", "p", "  podSelector: {}\n  policyTypes: [Egress]\n"));
    EXPECT_TRUE(allows(f.evaluator, "8.8.8.8", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "8.8.8.8", TCP, 80));
    EXPECT_EQ(connections(f.evaluator, "8.8.8.8", "9.9.9.9"), "No Connections");
}

TEST(Semantics, RulePairsPeersWithItsOwnPorts)
{
    Fixture f(policy("x", "p", "  podSelector: {matchLabels: {app: a}}\n  ingress:\n"
                               "  - from: [{podSelector: {matchLabels: {app: b}}}]\n    ports: [{port: 80}]\n"
                               "  - from: [{namespaceSelector: {}}]\n    ports: [{port: 81}]\n"));
    EXPECT_EQ(connections(f.evaluator, "x/b", "x/a"), "TCP 80-81");
    EXPECT_EQ(connections(f.evaluator, "y/b", "x/a"), "TCP 81");
}

TEST(Semantics, ExplanationNamesPoliciesAndRules)
{
    Fixture f(policy("x", "deny", "  podSelector: {}\n  policyTypes: [Ingress]\n") +
              policy("x", "web", "  podSelector: {matchLabels: {app: a}}\n  ingress:\n"
                                 "  - from: [{podSelector: {matchLabels: {app: c}}}]\n"
                                 "  - from: [{podSelector: {matchLabels: {app: b}}}]\n    ports: [{port: 80}]\n"));
    const Cluster &c = f.result.cluster;
    const Explanation e = f.evaluator.explain(endpoint(c, "x/b"), endpoint(c, "x/a"));
    EXPECT_FALSE(e.egress.isolated);
    EXPECT_TRUE(e.ingress.isolated);
    ASSERT_EQ(e.ingress.isolatingPolicies.size(), 2u);
    ASSERT_EQ(e.ingress.allowingRules.size(), 1u);
    EXPECT_EQ(c.policies[e.ingress.allowingRules[0].policy].name, "web");
    EXPECT_EQ(e.ingress.allowingRules[0].ruleIndex, 1u);
    EXPECT_EQ(e.ingress.allowingRules[0].connections.toString(), "TCP 80");
    EXPECT_EQ(e.allowed.toString(), "TCP 80");
}

TEST(Semantics, ExplanationNamesDenyingSide)
{
    Fixture f(policy("x", "deny-out", "  podSelector: {}\n  policyTypes: [Egress]\n"));
    const Cluster &c = f.result.cluster;
    const Explanation e = f.evaluator.explain(endpoint(c, "x/a"), endpoint(c, "y/a"));
    EXPECT_TRUE(e.egress.isolated);
    EXPECT_TRUE(e.egress.allowed.isEmpty());
    EXPECT_TRUE(e.egress.allowingRules.empty());
    ASSERT_EQ(e.egress.isolatingPolicies.size(), 1u);
    EXPECT_EQ(c.policies[e.egress.isolatingPolicies[0]].name, "deny-out");
    EXPECT_FALSE(e.ingress.isolated);
    EXPECT_TRUE(e.allowed.isEmpty());
}

TEST(Semantics, EquivalentWorkloadsShareAClass)
{
    Fixture f(pod("x", "a2", "app: a", {"http:80/TCP", "dns:53/UDP"}, "10.1.0.9"));
    const Cluster &c = f.result.cluster;
    EXPECT_EQ(f.evaluator.classOf(static_cast<size_t>(c.findWorkload("x/a"))),
              f.evaluator.classOf(static_cast<size_t>(c.findWorkload("x/a2"))));
    EXPECT_NE(f.evaluator.classOf(static_cast<size_t>(c.findWorkload("x/a"))),
              f.evaluator.classOf(static_cast<size_t>(c.findWorkload("y/a"))));
}

TEST(ExternalPartition, CutsAtEveryBoundaryOfCidrMinusExcept)
{
    LoadResult r = loadOk(cluster() + policy("x", "p", "  podSelector: {}\n  egress:\n  - to: "
                                                       "[{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n"));
    const auto d = ExternalPartition::destinations(r.cluster);
    ASSERT_EQ(d.size(), 5u);
    EXPECT_EQ(d[0].toString(), "0.0.0.0-9.255.255.255");
    EXPECT_EQ(d[1].toString(), "10.0.0.0-10.0.255.255");
    EXPECT_EQ(d[2].toString(), "10.1.0.0-10.1.255.255");
    EXPECT_EQ(d[3].toString(), "10.2.0.0-10.255.255.255");
    EXPECT_EQ(d[4].toString(), "11.0.0.0-255.255.255.255");
    ASSERT_EQ(ExternalPartition::sources(r.cluster).size(), 1u); // no ingress ipBlocks
}

TEST(ExternalPartition, AdjacentExceptsMakeNoCut)
{
    LoadResult r = loadOk(cluster() + policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: "
                                                       "[{ipBlock: {cidr: 10.0.0.0/24, except: [10.0.0.0/26, 10.0.0.64/26]}}]\n"));
    const auto s = ExternalPartition::sources(r.cluster);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[1].toString(), "10.0.0.128-10.0.0.255");
}

TEST(ExternalPartition, IPv6OnlyWhenSomePolicyNamesIt)
{
    LoadResult v4 = loadOk(cluster());
    ASSERT_EQ(ExternalPartition::combined(v4.cluster).size(), 1u);
    LoadResult v6 = loadOk(cluster() + policy("x", "p", "  podSelector: {}\n  ingress:\n  - from: "
                                                        "[{ipBlock: {cidr: \"fd00::/8\"}}]\n"));
    const auto all = ExternalPartition::combined(v6.cluster);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[2].family, IPFamily::V6);
}

} // namespace
