// One test per rule of docs/semantics.md's "Cluster-wide tiers" section.
#include "core/evaluator.h"
#include "core/explanationwriter.h"
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

// A ClusterNetworkPolicy with the given tier, priority, subject and rules (YAML under spec).
std::string cnp(const std::string &name, const std::string &tier, int priority, const std::string &rest)
{
    return "---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: " +
           name + "\nspec:\n  tier: " + tier + "\n  priority: " + std::to_string(priority) + "\n" + rest;
}

std::string netpol(const std::string &ns, const std::string &name, const std::string &spec)
{
    return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name +
           "\n  namespace: " + ns + "\nspec:\n" + spec;
}

const std::string kSubjectX = "  subject:\n    namespaces: {matchLabels: {team: red}}\n";
const std::string kSubjectY = "  subject:\n    namespaces: {matchLabels: {team: blue}}\n";

std::string ingressFromY(const std::string &action, const std::string &name = "r",
                         const std::string &protocols = "")
{
    return "  - name: " + name + "\n    action: " + action +
           "\n    from:\n    - namespaces: {matchLabels: {team: blue}}\n" + protocols;
}

struct Fixture
{
    explicit Fixture(const std::string &objects, EvaluatorOptions options = {})
        : result(loadOk(cluster() + objects)), evaluator(result.cluster, options)
    {
    }
    LoadResult result;
    Evaluator evaluator;
};

TEST(Tiers, AdminDenyBeatsNetworkPolicyAllow)
{
    Fixture f(cnp("deny", "Admin", 10, kSubjectX + "  ingress:\n" + ingressFromY("Deny")) +
              netpol("x", "allow", "  podSelector: {}\n  ingress:\n  - {}\n"));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "x/b", "x/a", TCP, 80));
}

TEST(Tiers, AdminAcceptBeatsNetworkPolicyDeny)
{
    Fixture f(cnp("accept", "Admin", 10, kSubjectX + "  ingress:\n" + ingressFromY("Accept")) +
              netpol("x", "deny", "  podSelector: {}\n  policyTypes: [Ingress]\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
    EXPECT_FALSE(allows(f.evaluator, "x/b", "x/a", TCP, 80));
}

TEST(Tiers, AdminPassHandsOnToNetworkPolicy)
{
    Fixture f(cnp("pass", "Admin", 10, kSubjectX + "  ingress:\n" + ingressFromY("Pass")) +
              cnp("later", "Admin", 20, kSubjectX + "  ingress:\n" + ingressFromY("Deny")) +
              netpol("x", "allow-y", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: blue}}\n"));
    // Pass skips the rest of the Admin tier (the Deny at priority 20) and the NetworkPolicy allows.
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, PassWithoutNetworkPolicyGoesToBaseline)
{
    Fixture f(cnp("pass", "Admin", 10, kSubjectX + "  ingress:\n" + ingressFromY("Pass")) +
              cnp("base", "Baseline", 10, kSubjectX + "  ingress:\n" + ingressFromY("Deny")));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, NetworkPolicySelectingThePodSkipsBaseline)
{
    Fixture f(cnp("base", "Baseline", 10, kSubjectX + "  ingress:\n" + ingressFromY("Deny")) +
              netpol("x", "allow-y", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: blue}}\n"));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, NetworkPolicyDecidesOnlyItsDirection)
{
    // The NetworkPolicy selects x pods for ingress only: their egress still falls to Baseline.
    Fixture f(cnp("base", "Baseline", 10,
                  kSubjectX + "  egress:\n  - name: e\n    action: Deny\n    to:\n    - namespaces: {matchLabels: {team: blue}}\n") +
              netpol("x", "in", "  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - {}\n"));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "y/a", TCP, 80));
}

TEST(Tiers, BaselinePassFallsToTheDefaultAllow)
{
    Fixture f(cnp("pass", "Baseline", 1, kSubjectX + "  ingress:\n" + ingressFromY("Pass")) +
              cnp("deny", "Baseline", 2, kSubjectX + "  ingress:\n" + ingressFromY("Deny")));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, EgressAcceptStillNeedsTheReceiversIngress)
{
    Fixture f(cnp("out", "Admin", 1,
                  kSubjectY + "  egress:\n  - name: e\n    action: Accept\n    to:\n    - namespaces: {matchLabels: {team: red}}\n") +
              cnp("in", "Admin", 2, kSubjectX + "  ingress:\n" + ingressFromY("Deny")));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, FirstMatchingRuleDecidesEachPort)
{
    const std::string tcp80 = "    protocols:\n    - tcp:\n        destinationPort:\n          number: 80\n";
    Fixture f(cnp("order", "Admin", 1,
                  kSubjectX + "  ingress:\n" + ingressFromY("Accept", "web", tcp80) + ingressFromY("Deny", "rest")));
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"), "TCP 80");
}

TEST(Tiers, LowerPriorityDecidesFirst)
{
    Fixture f(cnp("b-deny", "Admin", 5, kSubjectX + "  ingress:\n" + ingressFromY("Deny")) +
              cnp("a-accept", "Admin", 9, kSubjectX + "  ingress:\n" + ingressFromY("Accept")));
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, RangesAndNamedPortsResolveOnTheDestination)
{
    const std::string ports = "    protocols:\n    - tcp:\n        destinationPort:\n          range: {start: 79, end: 81}\n"
                              "    - destinationNamedPort: dns\n";
    Fixture f(cnp("ports", "Admin", 1, kSubjectX + "  ingress:\n" + ingressFromY("Deny", "r", ports)));
    // x/a has dns on UDP 53: the named port matches whatever protocol the container declares.
    EXPECT_EQ(connections(f.evaluator, "y/a", "x/a"),
              "SCTP 1-65535,TCP 1-78,82-65535,UDP 1-52,54-65535");
    EXPECT_FALSE(allows(f.evaluator, "y/a", "x/b", TCP, 80));
    EXPECT_TRUE(allows(f.evaluator, "y/a", "x/b", UDP, 53));
}

TEST(Tiers, NetworksCutDestinationRangesAndMatchPodAddresses)
{
    Fixture f(cnp("out", "Admin", 1,
                  kSubjectX + "  egress:\n  - name: e\n    action: Deny\n    to:\n    - networks: [10.2.0.0/31, 8.8.8.0/24]\n"));
    const std::vector<IPRange> ranges = ExternalPartition::destinations(f.result.cluster);
    EXPECT_EQ(ranges.size(), 5u); // 0-8.8.7.255, 8.8.8.0/24, 8.8.9.0-10.1.255.255, 10.2.0.0/31, rest
    EXPECT_FALSE(allows(f.evaluator, "x/a", "8.8.8.8", TCP, 53));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "8.8.9.8", TCP, 53));
    EXPECT_FALSE(allows(f.evaluator, "x/a", "y/a", TCP, 80)); // 10.2.0.1 is in 10.2.0.0/31
    EXPECT_TRUE(allows(f.evaluator, "x/a", "y/b", TCP, 81));
    Evaluator analyzer(f.result.cluster, EvaluatorOptions{false}); // netpol-analyzer: never pod IPs
    EXPECT_TRUE(allows(analyzer, "x/a", "y/a", TCP, 80));
}

TEST(Tiers, DomainNamesMatchNothingAndTheExplanationSaysSo)
{
    Fixture f(cnp("dns", "Admin", 1,
                  kSubjectX + "  egress:\n  - name: e\n    action: Deny\n    to:\n    - domainNames: [example.com]\n"));
    EXPECT_TRUE(allows(f.evaluator, "x/a", "93.184.216.34", TCP, 443));
    const Explanation e = f.evaluator.explain(endpoint(f.result.cluster, "x/a"),
                                              endpoint(f.result.cluster, "93.184.216.34"));
    ASSERT_EQ(e.egress.unmatchedAddressPeers.size(), 1u);
    EXPECT_NE(ExplanationWriter::text(f.evaluator, e).find("domain name has no address here"), std::string::npos);
}

TEST(Tiers, HostNetworkPodsAreNeitherSubjectsNorSelectorPeers)
{
    Fixture f(pod("x", "h", "app: h", {}, "10.1.0.9") + cnp("deny", "Admin", 1, kSubjectX + "  ingress:\n" + ingressFromY("Deny")));
    // Marking a pod hostNetwork happens in the pod spec; build one by hand here.
    Cluster c = f.result.cluster;
    c.workloads[static_cast<size_t>(c.findWorkload("x/h"))].hostNetwork = true;
    Evaluator e(c);
    EXPECT_TRUE(allows(e, "y/a", "x/h", TCP, 80));
    EXPECT_FALSE(allows(e, "y/a", "x/a", TCP, 80));
}

TEST(Tiers, ExplainNamesThePassChain)
{
    Fixture f(cnp("delegate", "Admin", 3,
                  kSubjectX + "  ingress:\n" + ingressFromY("Pass", "to-team")) +
              netpol("x", "allow-y", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: blue}}\n"));
    const Explanation e = f.evaluator.explain(endpoint(f.result.cluster, "y/a"), endpoint(f.result.cluster, "x/a"));
    const std::string text = ExplanationWriter::text(f.evaluator, e, Probe{TCP, 80});
    EXPECT_NE(text.find("Admin ClusterNetworkPolicy 'delegate' (priority 3) rule 'to-team' passes; NetworkPolicy x/allow-y "
                        "selects the pod and allows it"),
              std::string::npos)
        << text;
}

TEST(Tiers, ExplainJsonListsTheTierDecisions)
{
    Fixture f(cnp("guard", "Admin", 3, kSubjectX + "  ingress:\n" + ingressFromY("Deny", "no-blue")));
    JsonWriter out;
    ExplanationWriter::json(out, f.evaluator,
                            f.evaluator.explain(endpoint(f.result.cluster, "y/a"), endpoint(f.result.cluster, "x/a")));
    const std::string json = out.text();
    EXPECT_NE(json.find("\"kind\": \"ClusterNetworkPolicy\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"rule\": \"no-blue\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"action\": \"Deny\""), std::string::npos) << json;
}

TEST(Tiers, ClusterPolicyEditsKeepACompleteEvaluatorExact)
{
    Fixture f(cnp("deny", "Admin", 10, kSubjectX + "  ingress:\n" + ingressFromY("Deny")));
    Cluster c = f.result.cluster;
    Evaluator e(c);
    e.evaluateAll();
    EXPECT_FALSE(allows(e, "y/a", "x/a", TCP, 80));
    c.clusterPolicies[0].ingress[0].action = ClusterPolicyAction::Accept;
    const EvaluatorUpdate u = e.clusterPolicyChanged(0);
    EXPECT_FALSE(u.everything);
    EXPECT_FALSE(u.destinationClasses.empty());
    EXPECT_TRUE(allows(e, "y/a", "x/a", TCP, 80));
    c.clusterPolicies.clear();
    e.clusterPolicyRemoved(0);
    EXPECT_EQ(connections(e, "y/a", "x/a"), "All Connections");
}

// --- Loading and validation ------------------------------------------------------------------

LoadResult load(const std::string &yaml)
{
    return ManifestLoader::loadText(yaml, "t.yaml");
}

bool hasError(const LoadResult &r, const std::string &part)
{
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error && d.message.find(part) != std::string::npos && d.location.line > 0 &&
            !d.object.empty())
            return true;
    return false;
}

TEST(ClusterPolicyLoading, ReadsAllThreeKindsOntoOneModel)
{
    const LoadResult r = loadOk(
        cnp("c", "Baseline", 7, kSubjectX + "  egress:\n  - name: e\n    action: Accept\n    to:\n    - nodes: {}\n") +
        "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\n"
        "spec:\n  priority: 3\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: a}}}}\n"
        "  ingress:\n  - name: i\n    action: Allow\n    from: [{pods: {namespaceSelector: {}, podSelector: {}}}]\n"
        "    ports: [{portRange: {protocol: UDP, start: 5, end: 9}}, {namedPort: http}]\n"
        "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\n"
        "spec:\n  subject: {namespaces: {}}\n  egress:\n  - action: Deny\n    to: [{networks: [1.2.3.0/24]}]\n");
    ASSERT_EQ(r.cluster.clusterPolicies.size(), 3u);
    const auto &c = r.cluster.clusterPolicies;
    EXPECT_EQ(c[0].tier, PolicyTier::Baseline);
    EXPECT_EQ(c[0].priority, 7);
    EXPECT_TRUE(c[0].egress[0].peers[0].nodes.has_value());
    EXPECT_EQ(c[1].displayName(), "AdminNetworkPolicy 'a'");
    EXPECT_EQ(c[1].ingress[0].action, ClusterPolicyAction::Accept);
    EXPECT_EQ(c[1].ingress[0].ports[0].toString(), "UDP 5-9");
    EXPECT_EQ(c[1].ingress[0].ports[1].namedPort, "http");
    EXPECT_EQ(c[2].tier, PolicyTier::Baseline);
    EXPECT_EQ(c[2].shortName(), "banp/default");
}

TEST(ClusterPolicyLoading, CrdRulesAreFileLineErrorsAndTheRestLoads)
{
    const std::string bad[] = {
        cnp("p", "Admin", 1001, kSubjectX),                                    // priority range
        cnp("p", "Middle", 1, kSubjectX),                                      // tier
        cnp("p", "Admin", 1, "  subject: {}\n"),                               // exactly one of
        cnp("p", "Admin", 1, kSubjectX + "  ingress:\n" + ingressFromY("Allow")), // v1alpha2 action
        cnp("p", "Admin", 1, kSubjectX + "  egress:\n  - action: Deny\n    to:\n    - networks: [10.0.0.0/8]\n"
                                         "    protocols: [{destinationNamedPort: web}]\n"), // CEL
        cnp("p", "Admin", 1, kSubjectX + "  egress:\n  - action: Deny\n    to:\n    - networks: [10.0.0.0/33]\n"),
        cnp("p", "Admin", 1, kSubjectX + "  ingress:\n  - action: Deny\n    from:\n    - networks: [10.0.0.0/8]\n"),
        cnp("p", "Admin", 1, kSubjectX + "  ingress:\n  - action: Deny\n    from: []\n"),
        cnp("p", "Admin", 1, kSubjectX + "  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}\n      pods: {namespaceSelector: {}, podSelector: {}}\n"),
        cnp("p", "Admin", 1, kSubjectX + "  ingress:\n" + ingressFromY("Deny", "r", "    protocols:\n    - tcp:\n        destinationPort:\n          range: {start: 10, end: 1}\n")),
        "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: other}\nspec:\n  subject: {namespaces: {}}\n",
        "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - action: Pass\n    from: [{namespaces: {}}]\n",
        "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n  - action: Allow\n    from: [{namespaces: {}}]\n    ports: [{portNumber: {port: 80}, namedPort: web}]\n",
    };
    for (const std::string &b : bad) {
        const LoadResult r = load(cluster() + b);
        EXPECT_TRUE(hasError(r, "")) << b;
        EXPECT_TRUE(r.cluster.clusterPolicies.empty()) << b;
        EXPECT_EQ(r.cluster.workloads.size(), 4u);
    }
    std::string rules;
    for (int i = 0; i < 26; ++i)
        rules += ingressFromY("Deny", "r" + std::to_string(i));
    EXPECT_TRUE(hasError(load(cluster() + cnp("p", "Admin", 1, kSubjectX + "  ingress:\n" + rules)), "at most 25"));
}

TEST(ClusterPolicyLoading, CrossObjectRules)
{
    const std::string anp = "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
                            "metadata: {name: NAME}\nspec:\n  priority: 5\n  subject: {namespaces: {}}\n";
    auto named = [&](const std::string &n) {
        std::string s = anp;
        s.replace(s.find("NAME"), 4, n);
        return s;
    };
    const LoadResult tie = load(cluster() + named("a") + named("b"));
    EXPECT_TRUE(hasError(tie, "one priority"));
    EXPECT_EQ(tie.cluster.clusterPolicies.size(), 2u);
    const LoadResult dup = load(cluster() + named("a") + named("a"));
    EXPECT_TRUE(hasError(dup, "already exists"));
    EXPECT_EQ(dup.cluster.clusterPolicies.size(), 1u);
    // v1alpha2: same tier and priority with overlapping subjects is a warning naming both.
    const LoadResult overlap = load(cluster() + cnp("one", "Admin", 4, kSubjectX) + cnp("two", "Admin", 4, kSubjectX));
    bool warned = false;
    for (const Diagnostic &d : overlap.diagnostics)
        warned = warned || (d.severity == Severity::Warning && d.message.find("'one'") != std::string::npos &&
                            d.object.find("'two'") != std::string::npos);
    EXPECT_TRUE(warned);
}

} // namespace
