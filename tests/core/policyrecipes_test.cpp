#include "core/policyrecipes.h"
#include "core/yamlwriter.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

using namespace netfence::core;
using netfence::test::allows;
using netfence::test::loadOk;
using netfence::test::pod;

namespace {

std::string lab()
{
    return "kind: Namespace\nmetadata: {name: shop}\n---\nkind: Namespace\nmetadata: {name: ops}\n" +
           pod("shop", "client", "app: client") + pod("shop", "web", "app: web, tier: front", {"http:80/TCP"}) +
           pod("shop", "db", "tier: data, role: primary", {"5432/TCP"}) +
           pod("shop", "db2", "tier: data, role: replica", {"5432/TCP"}) +
           pod("ops", "prom", "app: prom");
}

struct State
{
    explicit State(const std::string &extra = {}) : result(loadOk(lab() + extra)) {}
    Cluster &cluster() { return result.cluster; }
    size_t w(const std::string &name) { return static_cast<size_t>(cluster().findWorkload(name)); }
    void apply(const Recipe &r) { PolicyRecipes::apply(cluster(), r); }
    LoadResult result;
};

TEST(PolicyRecipes, DefaultSelectorLabelsPreferAppThenDistinguishingLabels)
{
    State s;
    EXPECT_EQ(PolicyRecipes::defaultSelectorLabels(s.cluster(), s.w("shop/web")), (Labels{{"app", "web"}}));
    EXPECT_EQ(PolicyRecipes::defaultSelectorLabels(s.cluster(), s.w("shop/db")),
              (Labels{{"role", "primary"}}));
}

TEST(PolicyRecipes, AllowWritesIngressOnTheDestinationSide)
{
    State s;
    Evaluator before(s.cluster());
    AllowRequest r;
    r.from = Endpoint::ofWorkload(s.w("shop/client"));
    r.toWorkload = s.w("shop/web");
    r.ports = {NetworkPolicyPort{Protocol::TCP, 80, {}, {}}};
    const Recipe recipe = PolicyRecipes::allow(s.cluster(), before, r);
    ASSERT_EQ(recipe.changes.size(), 1u);
    EXPECT_EQ(recipe.changes[0].policy.name, "allow-client-to-web");
    EXPECT_EQ(recipe.changes[0].policy.podSelector.matchLabels, (Labels{{"app", "web"}}));
    EXPECT_EQ(recipe.notes.size(), 1u); // web becomes isolated for ingress
    s.apply(recipe);
    Evaluator after(s.cluster());
    EXPECT_TRUE(allows(after, "shop/client", "shop/web", Protocol::TCP, 80));
    EXPECT_FALSE(allows(after, "shop/db", "shop/web", Protocol::TCP, 80));
}

TEST(PolicyRecipes, AllowAddsTheEgressSideForAnEgressIsolatedSource)
{
    State s;
    s.apply(PolicyRecipes::defaultDeny(s.cluster(), "shop", true, true));
    Evaluator before(s.cluster());
    EXPECT_FALSE(allows(before, "shop/client", "shop/web", Protocol::TCP, 80));
    AllowRequest r;
    r.from = Endpoint::ofWorkload(s.w("shop/client"));
    r.toWorkload = s.w("shop/web");
    r.ports = {NetworkPolicyPort{Protocol::TCP, 80, {}, {}}};
    const Recipe recipe = PolicyRecipes::allow(s.cluster(), before, r);
    ASSERT_EQ(recipe.changes.size(), 2u);
    EXPECT_EQ(recipe.changes[1].policy.policyTypes, std::vector<PolicyType>{PolicyType::Egress});
    ASSERT_FALSE(recipe.notes.empty());
    EXPECT_NE(recipe.notes.back().find("isolated for egress"), std::string::npos);
    s.apply(recipe);
    Evaluator after(s.cluster());
    EXPECT_TRUE(allows(after, "shop/client", "shop/web", Protocol::TCP, 80));
    EXPECT_FALSE(allows(after, "shop/client", "shop/web", Protocol::TCP, 81));
    EXPECT_FALSE(allows(after, "shop/web", "shop/client", Protocol::TCP, 80));
}

TEST(PolicyRecipes, CrossNamespaceSourcesGetANamespaceSelector)
{
    State s;
    s.apply(PolicyRecipes::defaultDeny(s.cluster(), "ops", false, true));
    Evaluator before(s.cluster());
    AllowRequest r;
    r.from = Endpoint::ofWorkload(s.w("ops/prom"));
    r.toWorkload = s.w("shop/web");
    const Recipe recipe = PolicyRecipes::allow(s.cluster(), before, r);
    ASSERT_EQ(recipe.changes.size(), 2u);
    const NetworkPolicyPeer &from = recipe.changes[0].policy.ingress[0].peers[0];
    ASSERT_TRUE(from.namespaceSelector);
    EXPECT_EQ(from.namespaceSelector->matchLabels, (Labels{{kNamespaceNameLabel, "ops"}}));
    const NetworkPolicyPeer &to = recipe.changes[1].policy.egress[0].peers[0];
    ASSERT_TRUE(to.namespaceSelector);
    EXPECT_EQ(to.namespaceSelector->matchLabels, (Labels{{kNamespaceNameLabel, "shop"}}));
    s.apply(recipe);
    Evaluator after(s.cluster());
    EXPECT_TRUE(allows(after, "ops/prom", "shop/web", Protocol::TCP, 9090));
    EXPECT_FALSE(allows(after, "shop/client", "shop/web", Protocol::TCP, 80));
}

TEST(PolicyRecipes, RepeatedAllowExtendsTheSamePolicy)
{
    State s;
    AllowRequest r;
    r.from = Endpoint::ofWorkload(s.w("shop/client"));
    r.toWorkload = s.w("shop/web");
    r.ports = {NetworkPolicyPort{Protocol::TCP, 80, {}, {}}};
    s.apply(PolicyRecipes::allow(s.cluster(), Evaluator(s.cluster()), r));
    r.ports = {NetworkPolicyPort{Protocol::TCP, 443, {}, {}}};
    const Recipe second = PolicyRecipes::allow(s.cluster(), Evaluator(s.cluster()), r);
    ASSERT_EQ(second.changes.size(), 1u);
    EXPECT_EQ(second.changes[0].kind, PolicyChange::Kind::Replace);
    EXPECT_EQ(second.changes[0].policy.ingress.size(), 2u);
    // The same rule again changes nothing.
    s.apply(second);
    EXPECT_TRUE(PolicyRecipes::allow(s.cluster(), Evaluator(s.cluster()), r).changes.empty());
}

TEST(PolicyRecipes, NamespaceTargetAndInternet)
{
    State s;
    s.apply(PolicyRecipes::defaultDeny(s.cluster(), "shop", true, true));
    s.apply(PolicyRecipes::allowInternetEgress(s.cluster(), s.w("shop/web"), true));
    AllowRequest toNs;
    toNs.from = Endpoint::ofWorkload(s.w("ops/prom"));
    toNs.target = AllowRequest::Target::Namespace;
    toNs.toNamespace = "shop";
    s.apply(PolicyRecipes::allow(s.cluster(), Evaluator(s.cluster()), toNs));
    AllowRequest fromInternet;
    fromInternet.from = Endpoint::ofRange(IPRange::whole(IPFamily::V4));
    fromInternet.toWorkload = s.w("shop/web");
    fromInternet.ports = {NetworkPolicyPort{Protocol::TCP, 443, {}, {}}};
    s.apply(PolicyRecipes::allow(s.cluster(), Evaluator(s.cluster()), fromInternet));
    Evaluator e(s.cluster());
    EXPECT_TRUE(allows(e, "shop/web", "8.8.8.8", Protocol::TCP, 443));
    EXPECT_FALSE(allows(e, "shop/web", "10.0.0.1", Protocol::TCP, 443));
    EXPECT_FALSE(allows(e, "shop/client", "8.8.8.8", Protocol::TCP, 443));
    EXPECT_TRUE(allows(e, "ops/prom", "shop/db", Protocol::TCP, 5432));
    EXPECT_TRUE(allows(e, "8.8.8.8", "shop/web", Protocol::TCP, 443));
    EXPECT_FALSE(allows(e, "8.8.8.8", "shop/web", Protocol::TCP, 80));
    // What the recipes wrote is valid, kubectl-ready YAML.
    const LoadResult again = ManifestLoader::loadText(YamlWriter::policies(s.cluster().policies), "out.yaml");
    EXPECT_TRUE(again.diagnostics.empty());
    EXPECT_EQ(again.cluster.policies.size(), s.cluster().policies.size());
}

TEST(PolicyRecipes, DnsAndWithinNamespace)
{
    State s(pod("kube-system", "coredns", "k8s-app: kube-dns", {"53/UDP", "53/TCP"}));
    s.apply(PolicyRecipes::defaultDeny(s.cluster(), "shop", true, true));
    s.apply(PolicyRecipes::allowDnsEgress(s.cluster(), "shop"));
    {
        Evaluator e(s.cluster());
        EXPECT_TRUE(allows(e, "shop/web", "kube-system/coredns", Protocol::UDP, 53));
        EXPECT_TRUE(allows(e, "shop/web", "kube-system/coredns", Protocol::TCP, 53));
        EXPECT_FALSE(allows(e, "shop/web", "shop/db", Protocol::TCP, 5432));
    }
    s.apply(PolicyRecipes::allowWithinNamespace(s.cluster(), "shop"));
    Evaluator e(s.cluster());
    EXPECT_TRUE(allows(e, "shop/web", "shop/db", Protocol::TCP, 5432));
    EXPECT_FALSE(allows(e, "ops/prom", "shop/db", Protocol::TCP, 5432));
}

TEST(PolicyRecipes, DnsRecipeAllowsTheDnsPodsOfKubeSystemInOnePeer)
{
    State s(pod("kube-system", "coredns", "k8s-app: kube-dns", {"53/UDP", "53/TCP"}) +
            pod("kube-system", "metrics", "k8s-app: metrics-server", {"53/UDP", "443/TCP"}));
    s.apply(PolicyRecipes::defaultDeny(s.cluster(), "shop", false, true));
    const Recipe dns = PolicyRecipes::allowDnsEgress(s.cluster(), "shop");
    EXPECT_TRUE(dns.notes.empty());
    ASSERT_EQ(dns.changes.size(), 1u);
    ASSERT_EQ(dns.changes[0].policy.egress.size(), 1u);
    const NetworkPolicyRule &rule = dns.changes[0].policy.egress[0];
    // One peer: namespaceSelector AND podSelector, not two ORed list items.
    ASSERT_EQ(rule.peers.size(), 1u);
    ASSERT_TRUE(rule.peers[0].namespaceSelector);
    ASSERT_TRUE(rule.peers[0].podSelector);
    EXPECT_EQ(rule.peers[0].namespaceSelector->matchLabels, (Labels{{"kubernetes.io/metadata.name", "kube-system"}}));
    EXPECT_EQ(rule.peers[0].podSelector->matchLabels, (Labels{{"k8s-app", "kube-dns"}}));
    s.apply(dns);
    Evaluator e(s.cluster());
    EXPECT_TRUE(allows(e, "shop/web", "kube-system/coredns", Protocol::UDP, 53));
    EXPECT_TRUE(allows(e, "shop/web", "kube-system/coredns", Protocol::TCP, 53));
    EXPECT_FALSE(allows(e, "shop/web", "kube-system/metrics", Protocol::UDP, 53));
    // The YAML says the same.
    const std::string yaml = YamlWriter::policy(s.cluster().policies.back());
    EXPECT_NE(yaml.find("k8s-app: kube-dns"), std::string::npos) << yaml;
}

TEST(PolicyRecipes, DnsRecipeFallsBackToTheNamespaceWhenNoDnsPodIsKnown)
{
    State s(pod("kube-system", "resolver", "app: resolver", {"53/UDP"}));
    s.apply(PolicyRecipes::defaultDeny(s.cluster(), "shop", false, true));
    const Recipe dns = PolicyRecipes::allowDnsEgress(s.cluster(), "shop");
    ASSERT_EQ(dns.changes.size(), 1u);
    const NetworkPolicyRule &rule = dns.changes[0].policy.egress.at(0);
    ASSERT_EQ(rule.peers.size(), 1u);
    EXPECT_TRUE(rule.peers[0].namespaceSelector);
    EXPECT_FALSE(rule.peers[0].podSelector);
    ASSERT_EQ(dns.notes.size(), 1u);
    EXPECT_NE(dns.notes[0].find("every pod of kube-system"), std::string::npos);
    s.apply(dns);
    Evaluator e(s.cluster());
    EXPECT_TRUE(allows(e, "shop/web", "kube-system/resolver", Protocol::UDP, 53));
    EXPECT_FALSE(allows(e, "shop/web", "shop/db", Protocol::TCP, 5432));
}

TEST(PolicyRecipes, ParsesPortLists)
{
    std::vector<NetworkPolicyPort> ports;
    EXPECT_EQ(PolicyRecipes::parsePorts(Protocol::TCP, "80, 443 8000-8080,http", ports), "");
    ASSERT_EQ(ports.size(), 4u);
    EXPECT_EQ(ports[0].toString(), "TCP 80");
    EXPECT_EQ(ports[2].toString(), "TCP 8000-8080");
    EXPECT_EQ(ports[3].toString(), "TCP http");
    EXPECT_EQ(PolicyRecipes::parsePorts(Protocol::UDP, "", ports), "");
    ASSERT_EQ(ports.size(), 1u);
    EXPECT_EQ(ports[0].toString(), "UDP (all ports)");
    EXPECT_NE(PolicyRecipes::parsePorts(Protocol::TCP, "90-80", ports), "");
    EXPECT_NE(PolicyRecipes::parsePorts(Protocol::TCP, "70000", ports), "");
    EXPECT_NE(PolicyRecipes::parsePorts(Protocol::TCP, "Not_A_Name", ports), "");
}

TEST(PolicyRecipes, PolicyNamesAreValidDns1123)
{
    EXPECT_EQ(PolicyRecipes::policyName({"allow", "Web_Front", "to", "10.0.0.0/8"}),
              "allow-web-front-to-10-0-0-0-8");
    EXPECT_EQ(PolicyRecipes::policyName({std::string(100, 'a')}).size(), 63u);
    EXPECT_EQ(PolicyRecipes::policyName({"--"}), "policy");
}

} // namespace
