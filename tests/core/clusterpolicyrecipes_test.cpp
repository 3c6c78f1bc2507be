// The platform recipes evaluate as intended, next to NetworkPolicies, and write YAML that loads
// back unchanged.
#include "core/clusterpolicyrecipes.h"
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
    std::string text;
    for (const char *ns : {"pay", "shop", "ops", "kube-system"})
        text += std::string("---\nkind: Namespace\nmetadata: {name: ") + ns + "}\n";
    return text + pod("pay", "ledger", "app: ledger", {"8443/TCP"}) + pod("pay", "audit", "app: audit") +
           pod("shop", "api", "app: api", {"8080/TCP"}) + pod("ops", "prom", "app: prom", {"9090/TCP"}) +
           pod("kube-system", "coredns", "k8s-app: kube-dns", {"53/UDP", "53/TCP"});
}

// A NetworkPolicy in `ns` selecting every pod, with ingress from every namespace.
std::string openIngress(const std::string &ns)
{
    return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: " + ns +
           "}\nspec:\n  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n";
}

struct State
{
    explicit State(const std::string &extra = {}) : result(loadOk(lab() + extra)) {}
    Cluster &cluster() { return result.cluster; }
    void apply(const ClusterRecipe &r) { ClusterPolicyRecipes::apply(cluster(), r); }
    LoadResult result;
};

TEST(ClusterPolicyRecipes, GuardDeniesEveryNamespaceButOneWhateverNetworkPoliciesSay)
{
    State s(openIngress("pay"));
    {
        Evaluator before(s.cluster());
        EXPECT_TRUE(allows(before, "ops/prom", "pay/ledger", Protocol::TCP, 8443));
    }
    const ClusterRecipe r = ClusterPolicyRecipes::guardNamespace(s.cluster(), "pay", "shop", 20);
    ASSERT_EQ(r.add.size(), 1u);
    EXPECT_EQ(r.add[0].tier, PolicyTier::Admin);
    EXPECT_EQ(r.add[0].name, "guard-pay");
    s.apply(r);
    Evaluator after(s.cluster());
    EXPECT_FALSE(allows(after, "ops/prom", "pay/ledger", Protocol::TCP, 8443)); // the NetworkPolicy cannot open it
    EXPECT_TRUE(allows(after, "shop/api", "pay/ledger", Protocol::TCP, 8443));  // passed, the NetworkPolicy allows
    EXPECT_TRUE(allows(after, "pay/audit", "pay/ledger", Protocol::TCP, 8443)); // within the namespace
    EXPECT_TRUE(allows(after, "pay/ledger", "ops/prom", Protocol::TCP, 9090));  // egress untouched
}

TEST(ClusterPolicyRecipes, GuardPassesToTheNamespacesNetworkPolicies)
{
    // No open NetworkPolicy: a NetworkPolicy admitting only ops still decides for what passes.
    State s("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: only-ops, namespace: pay}\n"
            "spec:\n  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: "
            "{kubernetes.io/metadata.name: ops}}}]\n");
    s.apply(ClusterPolicyRecipes::guardNamespace(s.cluster(), "pay", "shop", 20));
    Evaluator e(s.cluster());
    EXPECT_FALSE(allows(e, "shop/api", "pay/ledger", Protocol::TCP, 8443));
    EXPECT_FALSE(allows(e, "ops/prom", "pay/ledger", Protocol::TCP, 8443));
}

TEST(ClusterPolicyRecipes, DelegateSkipsLaterAdminRules)
{
    State s;
    // A later Admin rule that denies everything between pods.
    ClusterNetworkPolicy denyAll;
    denyAll.name = "deny-all";
    denyAll.priority = 50;
    denyAll.subject.namespaces = LabelSelector{};
    ClusterPolicyRule deny;
    deny.name = "deny";
    deny.action = ClusterPolicyAction::Deny;
    ClusterPolicyPeer everyone;
    everyone.namespaces = LabelSelector{};
    deny.peers = {everyone};
    denyAll.ingress.push_back(deny);
    denyAll.egress.push_back(deny);
    s.cluster().clusterPolicies.push_back(denyAll);
    {
        Evaluator before(s.cluster());
        EXPECT_FALSE(allows(before, "ops/prom", "shop/api", Protocol::TCP, 8080));
    }
    const ClusterRecipe r = ClusterPolicyRecipes::delegateNamespace(s.cluster(), "shop", 10);
    ASSERT_EQ(r.add.size(), 1u);
    EXPECT_EQ(r.add[0].priority, 10);
    s.apply(r);
    Evaluator after(s.cluster());
    // shop's ingress passes (no NetworkPolicy, no Baseline: allowed), but ops' egress is still denied.
    EXPECT_FALSE(allows(after, "ops/prom", "shop/api", Protocol::TCP, 8080));
    EXPECT_TRUE(allows(after, "shop/api", "shop/api", Protocol::TCP, 8080));
    EXPECT_FALSE(allows(after, "ops/prom", "pay/ledger", Protocol::TCP, 8443));
    // Delegating ops as well opens ops -> shop; shop -> pay stays denied by pay's ingress.
    s.apply(ClusterPolicyRecipes::delegateNamespace(s.cluster(), "ops", 10));
    Evaluator both(s.cluster());
    EXPECT_TRUE(allows(both, "ops/prom", "shop/api", Protocol::TCP, 8080));
    EXPECT_FALSE(allows(both, "shop/api", "pay/ledger", Protocol::TCP, 8443));
}

TEST(ClusterPolicyRecipes, BaselineDenyYieldsToTheNamespacesNetworkPolicies)
{
    State s;
    s.apply(ClusterPolicyRecipes::baselineDefaultDeny(s.cluster(), "shop", false, 100));
    {
        Evaluator e(s.cluster());
        EXPECT_FALSE(allows(e, "ops/prom", "shop/api", Protocol::TCP, 8080));
        EXPECT_TRUE(allows(e, "shop/api", "ops/prom", Protocol::TCP, 9090)); // ingress only
        EXPECT_TRUE(allows(e, "ops/prom", "pay/ledger", Protocol::TCP, 8443)); // another namespace
    }
    State t(openIngress("shop"));
    t.apply(ClusterPolicyRecipes::baselineDefaultDeny(t.cluster(), "shop", true, 100));
    Evaluator e(t.cluster());
    EXPECT_TRUE(allows(e, "ops/prom", "shop/api", Protocol::TCP, 8080)); // the NetworkPolicy decides
    EXPECT_FALSE(allows(e, "shop/api", "ops/prom", Protocol::TCP, 9090)); // egress denied too
    EXPECT_FALSE(allows(e, "shop/api", "8.8.8.8", Protocol::TCP, 443));
}

TEST(ClusterPolicyRecipes, AcceptDnsOpensPort53OnlyAndBeatsNetworkPoliciesAndBaselines)
{
    // shop may send only to ops by its NetworkPolicy; kube-system and shop are baseline-denied.
    State s("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: to-ops, namespace: shop}\n"
            "spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: "
            "{kubernetes.io/metadata.name: ops}}}]\n");
    s.apply(ClusterPolicyRecipes::baselineDefaultDeny(s.cluster(), "kube-system", false, 100));
    s.apply(ClusterPolicyRecipes::baselineDefaultDeny(s.cluster(), "pay", true, 101));
    {
        Evaluator e(s.cluster());
        EXPECT_FALSE(allows(e, "shop/api", "kube-system/coredns", Protocol::UDP, 53));
    }
    const ClusterRecipe r = ClusterPolicyRecipes::acceptDns(s.cluster(), 5);
    ASSERT_EQ(r.add.size(), 2u);
    s.apply(r);
    Evaluator e(s.cluster());
    for (const char *from : {"shop/api", "pay/ledger", "ops/prom"}) {
        EXPECT_TRUE(allows(e, from, "kube-system/coredns", Protocol::UDP, 53)) << from;
        EXPECT_TRUE(allows(e, from, "kube-system/coredns", Protocol::TCP, 53)) << from;
        EXPECT_FALSE(allows(e, from, "kube-system/coredns", Protocol::TCP, 80)) << from;
    }
    EXPECT_FALSE(allows(e, "pay/ledger", "ops/prom", Protocol::TCP, 9090)); // the rest stays as it was
    EXPECT_FALSE(allows(e, "shop/api", "pay/ledger", Protocol::TCP, 8443));
}

TEST(ClusterPolicyRecipes, NamesAndPrioritiesDoNotClash)
{
    State s;
    s.apply(ClusterPolicyRecipes::guardNamespace(s.cluster(), "pay", "shop", 20));
    EXPECT_EQ(ClusterPolicyRecipes::freePriority(s.cluster(), PolicyTier::Admin, 20), 21);
    EXPECT_EQ(ClusterPolicyRecipes::freePriority(s.cluster(), PolicyTier::Baseline, 20), 20);
    const ClusterRecipe again = ClusterPolicyRecipes::guardNamespace(s.cluster(), "pay", "ops", 21);
    EXPECT_EQ(again.add.at(0).name, "guard-pay-2");
}

TEST(ClusterPolicyRecipes, EveryRecipeWritesYamlThatLoadsBackUnchanged)
{
    State s;
    std::vector<ClusterRecipe> recipes = {
        ClusterPolicyRecipes::guardNamespace(s.cluster(), "pay", "shop", 20),
        ClusterPolicyRecipes::delegateNamespace(s.cluster(), "shop", 10),
        ClusterPolicyRecipes::baselineDefaultDeny(s.cluster(), "shop", true, 100),
        ClusterPolicyRecipes::acceptDns(s.cluster(), 5)};
    for (const ClusterRecipe &r : recipes)
        for (const ClusterNetworkPolicy &p : r.add) {
            const std::string yaml = YamlWriter::clusterPolicy(p);
            const LoadResult back = loadOk(yaml);
            ASSERT_EQ(back.cluster.clusterPolicies.size(), 1u) << yaml;
            EXPECT_EQ(back.cluster.clusterPolicies[0], p) << yaml;
        }
}

TEST(ClusterPolicyRecipes, ADrawnRuleBecomesOneClusterNetworkPolicy)
{
    State s(openIngress("pay"));
    AllowRequest r;
    r.from = Endpoint::ofWorkload(size_t(s.cluster().findWorkload("shop/api")));
    r.toWorkload = size_t(s.cluster().findWorkload("pay/ledger"));
    r.ports = {NetworkPolicyPort{Protocol::TCP, 8443, {}, {}}};
    r.asClusterPolicy = AllowRequest::ClusterChoice{PolicyTier::Admin, ClusterPolicyAction::Deny, 30};
    const ClusterRecipe deny = ClusterPolicyRecipes::drawnRule(s.cluster(), r);
    ASSERT_EQ(deny.add.size(), 1u);
    const ClusterNetworkPolicy &p = deny.add[0];
    EXPECT_EQ(p.name, "admin-deny-api-to-ledger");
    EXPECT_EQ(p.priority, 30);
    ASSERT_EQ(p.ingress.size(), 1u);
    EXPECT_EQ(p.ingress[0].action, ClusterPolicyAction::Deny);
    EXPECT_TRUE(p.egress.empty());
    const LoadResult back = loadOk(YamlWriter::clusterPolicy(p));
    ASSERT_EQ(back.cluster.clusterPolicies.size(), 1u);
    EXPECT_EQ(back.cluster.clusterPolicies[0], p);
    s.apply(deny);
    Evaluator e(s.cluster());
    EXPECT_FALSE(allows(e, "shop/api", "pay/ledger", Protocol::TCP, 8443)); // the NetworkPolicy cannot open it
    EXPECT_TRUE(allows(e, "shop/api", "pay/ledger", Protocol::TCP, 8444));  // other ports: the NetworkPolicy
    EXPECT_TRUE(allows(e, "ops/prom", "pay/ledger", Protocol::TCP, 8443));  // other sources

    // To the Internet: the source is the subject, an egress rule to the networks.
    AllowRequest out;
    out.from = Endpoint::ofWorkload(size_t(s.cluster().findWorkload("ops/prom")));
    out.target = AllowRequest::Target::External;
    out.asClusterPolicy = AllowRequest::ClusterChoice{PolicyTier::Baseline, ClusterPolicyAction::Deny, 200};
    const ClusterRecipe internet = ClusterPolicyRecipes::drawnRule(s.cluster(), out);
    ASSERT_EQ(internet.add.size(), 1u);
    EXPECT_EQ(internet.add[0].egress.size(), 1u);
    s.apply(internet);
    Evaluator e2(s.cluster());
    EXPECT_FALSE(allows(e2, "ops/prom", "8.8.8.8", Protocol::TCP, 443));
    EXPECT_TRUE(allows(e2, "ops/prom", "shop/api", Protocol::TCP, 8080));

    // A named port to networks is refused, with a note.
    out.ports = {NetworkPolicyPort{Protocol::TCP, {}, "https", {}}};
    const ClusterRecipe named = ClusterPolicyRecipes::drawnRule(s.cluster(), out);
    EXPECT_TRUE(named.add.empty());
    EXPECT_FALSE(named.notes.empty());
}

TEST(ClusterPolicyRecipes, IncrementalEditsOfRecipePoliciesMatchAFreshEvaluation)
{
    // What the app does: a complete evaluator, then each recipe announced as an addition, then
    // its peer changed in place; every answer equals a fresh evaluation's.
    State s;
    Evaluator live(s.cluster());
    live.evaluateAll(1);
    AllowRequest r;
    r.from = Endpoint::ofWorkload(size_t(s.cluster().findWorkload("ops/prom")));
    r.toWorkload = size_t(s.cluster().findWorkload("pay/ledger"));
    r.asClusterPolicy = AllowRequest::ClusterChoice{PolicyTier::Admin, ClusterPolicyAction::Deny, 30};
    auto same = [&](const char *when) {
        Evaluator fresh(s.cluster());
        fresh.evaluateAll(1);
        const Cluster &c = s.cluster();
        for (size_t a = 0; a < c.workloads.size(); ++a)
            for (size_t b = 0; b < c.workloads.size(); ++b)
                EXPECT_EQ(live.allowed(Endpoint::ofWorkload(a), Endpoint::ofWorkload(b)).toString(),
                          fresh.allowed(Endpoint::ofWorkload(a), Endpoint::ofWorkload(b)).toString())
                    << when << ": " << c.workloads[a].qualifiedName() << " -> " << c.workloads[b].qualifiedName();
    };
    s.apply(ClusterPolicyRecipes::drawnRule(s.cluster(), r));
    live.clusterPolicyAdded(s.cluster().clusterPolicies.size() - 1);
    same("drawn rule added");
    EXPECT_FALSE(allows(live, "ops/prom", "pay/ledger", Protocol::TCP, 8443));
    ClusterPolicyPeer &peer = s.cluster().clusterPolicies.back().ingress[0].peers[0];
    peer.podNamespaces->matchLabels[kNamespaceNameLabel] = "shop";
    peer.pods = LabelSelector{};
    live.clusterPolicyChanged(s.cluster().clusterPolicies.size() - 1);
    same("peer namespace changed");
    EXPECT_TRUE(allows(live, "ops/prom", "pay/ledger", Protocol::TCP, 8443));
    EXPECT_FALSE(allows(live, "shop/api", "pay/ledger", Protocol::TCP, 8443));
}

TEST(ClusterPolicyRecipes, ADrawnRuleFromAPodWithoutLabelsMatchesIt)
{
    const LoadResult loaded = loadOk("kind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\n"
                                     "spec: {containers: [{name: c, image: i}]}\n---\nkind: Pod\n"
                                     "metadata: {name: c, namespace: y}\nspec: {containers: [{name: c, image: i}]}\n");
    Cluster cluster = loaded.cluster;
    Evaluator live(cluster);
    live.evaluateAll(0);
    EXPECT_TRUE(allows(live, "y/c", "x/a", Protocol::TCP, 80));
    AllowRequest r;
    r.from = Endpoint::ofWorkload(size_t(cluster.findWorkload("y/c")));
    r.toWorkload = size_t(cluster.findWorkload("x/a"));
    r.sourceLabels = Labels{};
    r.destinationLabels = Labels{};
    r.asClusterPolicy = AllowRequest::ClusterChoice{PolicyTier::Admin, ClusterPolicyAction::Deny, 42};
    ClusterPolicyRecipes::apply(cluster, ClusterPolicyRecipes::drawnRule(cluster, r));
    live.clusterPolicyAdded(0);
    Evaluator fresh(cluster);
    EXPECT_FALSE(allows(fresh, "y/c", "x/a", Protocol::TCP, 80)) << YamlWriter::clusterPolicy(cluster.clusterPolicies[0]);
    EXPECT_FALSE(allows(live, "y/c", "x/a", Protocol::TCP, 80));
}

} // namespace
