// The cluster-wide tiers in the ingress-controller verdict and in exposure (docs/semantics.md,
// "Tiers for peers the manifests do not hold").
#include "core/connectionlist.h"
#include "core/evaluator.h"
#include "core/exposureanalysis.h"
#include "core/ingressanalysis.h"
#include "core/tierwalk.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

#include <random>

using namespace netfence::core;
using netfence::test::endpoint;
using netfence::test::loadOk;

namespace {

// shop (team=red) holds web (app=web: http 8080, 9090), exposed by an Ingress on both ports;
// other (team=blue) holds client.
std::string shop()
{
    return R"(apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: red}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {team: blue}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        ports: [{name: http, containerPort: 8080}, {containerPort: 9090}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: other}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec:
      containers:
      - name: c
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: web, port: 80, targetPort: http}, {name: admin, port: 91, targetPort: 9090}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: web}}}}
      - {path: /admin, pathType: Prefix, backend: {service: {name: web, port: {number: 91}}}}
)";
}

// An AdminNetworkPolicy (v1alpha1) on shop's pods with the given spec lines after `subject`.
std::string anp(const std::string &name, int priority, const std::string &rules,
                const std::string &subject = "    namespaces: {matchLabels: {team: red}}\n")
{
    return "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
           "metadata: {name: " + name + "}\nspec:\n  priority: " + std::to_string(priority) +
           "\n  subject:\n" + subject + rules;
}

std::string banp(const std::string &rules)
{
    return "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\n"
           "metadata: {name: default}\nspec:\n  subject:\n    namespaces: {matchLabels: {team: red}}\n" +
           rules;
}

std::string netpol(const std::string &name, const std::string &spec)
{
    return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name +
           ", namespace: shop}\nspec:\n" + spec;
}

// One ingress rule: action, the `from` peer, optional ports.
std::string from(const std::string &action, const std::string &peer, const std::string &ports = "")
{
    return "  - name: r-" + action + "\n    action: " + action + "\n    from:\n    - " + peer + "\n" +
           (ports.empty() ? "" : "    ports:\n" + ports);
}

const std::string kAllNamespaces = "namespaces: {}";
const std::string kTeamA = "namespaces: {matchLabels: {team: a}}";
const std::string kPort8080 = "    - portNumber: {protocol: TCP, port: 8080}\n";
const std::string kDenyAll = "  podSelector: {}\n  policyTypes: [Ingress]\n";
const std::string kAllowEveryNamespace =
    "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n";
const std::string kAllowTeamA =
    "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: a}}}]\n";

struct Case
{
    explicit Case(const std::string &objects) : result(loadOk(shop() + objects)), evaluator(result.cluster) {}
    size_t web() const { return static_cast<size_t>(result.cluster.findWorkload("shop/web")); }
    std::string controller() const
    {
        return IngressAnalysis::controllerAllowed(evaluator, web()).toString();
    }
    // The exposure lines of one direction for shop/web, "peer : connections".
    std::vector<std::string> exposure(bool ingress) const
    {
        const ExposureReport r = ExposureReport::build(evaluator, ConnectionList::build(evaluator));
        std::vector<std::string> out;
        for (const ExposureLine &l : ingress ? r.ingress : r.egress)
            if (l.workload == web() && l.peer.find("0.0.0.0") == std::string::npos)
                out.push_back(l.peer + " : " + l.connections);
        return out;
    }
    LoadResult result;
    Evaluator evaluator;
};

using Lines = std::vector<std::string>;

// --- The ingress controller ---

TEST(TierController, AdminDenyFromAllNamespacesShutsItOut)
{
    Case c(anp("deny", 1, "  ingress:\n" + from("Deny", kAllNamespaces)));
    EXPECT_EQ(c.controller(), "No Connections");
    const std::string text = IngressAnalysis::explainText(c.evaluator, c.web());
    EXPECT_NE(text.find("AdminNetworkPolicy 'deny' rule 'r-Deny': Deny All Connections"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Verdict: denied"), std::string::npos) << text;
    EXPECT_TRUE(ConnectionList::build(c.evaluator).ingressConnections().empty());
}

TEST(TierController, AdminDenyOfOtherNamespacesLeavesItIn)
{
    Case c(anp("deny", 1, "  ingress:\n" + from("Deny", kTeamA)));
    EXPECT_EQ(c.controller(), "All Connections");
}

TEST(TierController, AdminAcceptBeatsNetworkPolicyDeny)
{
    Case c(anp("accept", 1, "  ingress:\n" + from("Allow", kAllNamespaces, kPort8080)) +
           netpol("deny", kDenyAll));
    EXPECT_EQ(c.controller(), "TCP 8080");
    EXPECT_EQ(IngressAnalysis::analyze(c.evaluator).at(0).allowed.toString(), "TCP 8080");
}

TEST(TierController, PassHandsOnToNetworkPolicyThenBaseline)
{
    // Pass with a NetworkPolicy that admits every namespace: the NetworkPolicy lets it in.
    Case np(anp("pass", 1, "  ingress:\n" + from("Pass", kAllNamespaces)) +
            netpol("all", kAllowEveryNamespace) + banp("  ingress:\n" + from("Deny", kAllNamespaces)));
    EXPECT_EQ(np.controller(), "All Connections");
    // Pass with no NetworkPolicy: Baseline denies.
    Case baseline(anp("pass", 1, "  ingress:\n" + from("Pass", kAllNamespaces)) +
                  banp("  ingress:\n" + from("Deny", kAllNamespaces, kPort8080)));
    EXPECT_EQ(baseline.controller(), "SCTP 1-65535,TCP 1-8079,8081-65535,UDP 1-65535");
}

TEST(TierController, BaselineOnlyWhenNoNetworkPolicyIsolates)
{
    Case isolated(netpol("all", kAllowEveryNamespace) + banp("  ingress:\n" + from("Deny", kAllNamespaces)));
    EXPECT_EQ(isolated.controller(), "All Connections");
    Case open(banp("  ingress:\n" + from("Deny", kAllNamespaces)));
    EXPECT_EQ(open.controller(), "No Connections");
    Case accepted(banp("  ingress:\n" + from("Allow", kAllNamespaces, kPort8080) +
                       from("Deny", kAllNamespaces)));
    EXPECT_EQ(accepted.controller(), "TCP 8080");
}

TEST(TierController, ItsOwnEgressPassesTheTiersToo)
{
    // Every pod's egress to shop denied: the controller is a pod, so it cannot send either.
    Case c(anp("egress", 1,
               "  egress:\n  - name: no-shop\n    action: Deny\n    to:\n    - namespaces: {matchLabels: {team: red}}\n",
               "    namespaces: {}\n"));
    EXPECT_EQ(c.controller(), "No Connections");
    const std::string text = IngressAnalysis::explainText(c.evaluator, c.web());
    EXPECT_NE(text.find("Egress of the controller: AdminNetworkPolicy 'egress'"), std::string::npos)
        << text;
}

// The controller's verdict equals the evaluator's answer for a real pod standing in for it (a
// pod without labels in ingress-controller-ns), over random tiers and NetworkPolicies.
TEST(TierController, RandomTiersAgreeWithAStandInPod)
{
    std::mt19937 rng(14);
    auto pick = [&](const std::vector<std::string> &v) { return v[rng() % v.size()]; };
    const std::vector<std::string> ingressPeers = {
        "namespaces: {}", "namespaces: {matchLabels: {team: blue}}",
        "namespaces: {matchLabels: {kubernetes.io/metadata.name: ingress-controller-ns}}",
        "pods: {namespaceSelector: {}, podSelector: {}}",
        "pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}",
        "namespaces: {matchExpressions: [{key: team, operator: DoesNotExist}]}"};
    const std::vector<std::string> egressPeers = {
        "namespaces: {}", "namespaces: {matchLabels: {team: red}}",
        "pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}"};
    const std::vector<std::string> subjects = {
        "{namespaces: {}}", "{namespaces: {matchLabels: {team: red}}}",
        "{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}"};
    const std::vector<std::string> protocols = {
        "", "    protocols:\n    - tcp:\n        destinationPort: {number: 8080}\n",
        "    protocols:\n    - destinationNamedPort: http\n",
        "    protocols:\n    - tcp:\n        destinationPort: {range: {start: 9000, end: 9999}}\n"};
    const std::vector<std::string> netpols = {
        "", kDenyAll, kAllowEveryNamespace, kAllowTeamA,
        "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: http}]\n",
        "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}, podSelector: {}}]\n    ports: [{port: 9090}]\n"};
    int differing = 0;
    for (int round = 0; round < 300; ++round) {
        std::string objects;
        if (const std::string np = pick(netpols); !np.empty()) objects += netpol("np", np);
        const int count = static_cast<int>(rng() % 4);
        for (int i = 0; i < count; ++i) {
            const bool ingress = rng() % 3 != 0;
            const std::string tier = rng() % 3 == 0 ? "Baseline" : "Admin";
            std::string action = pick({"Accept", "Deny", "Pass"});
            objects += "---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
                       "metadata: {name: p" + std::to_string(i) + "}\nspec:\n  tier: " + tier +
                       "\n  priority: " + std::to_string(i * 3 + rng() % 3) + "\n  subject: " +
                       (ingress ? "{namespaces: {matchLabels: {team: red}}}" : pick(subjects)) +
                       "\n  " + (ingress ? "ingress" : "egress") + ":\n  - name: r\n    action: " +
                       action + "\n    " + (ingress ? "from" : "to") + ":\n    - " +
                       pick(ingress ? ingressPeers : egressPeers) + "\n" + pick(protocols);
        }
        Case c(objects);
        LoadResult standIn = loadOk(shop() + objects +
                                    "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-controller-ns}\n"
                                    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: ingress-controller, "
                                    "namespace: ingress-controller-ns}\nspec: {containers: [{name: c}]}\n");
        Evaluator reference(standIn.cluster);
        const ConnectionSet expected =
            reference.allowed(endpoint(standIn.cluster, "ingress-controller-ns/ingress-controller"),
                              endpoint(standIn.cluster, "shop/web"));
        ASSERT_EQ(c.controller(), expected.toString()) << "round " << round << ":\n" << objects;
        differing += expected.isAll() ? 0 : 1;
    }
    // The table must exercise denials, not only the default.
    EXPECT_GT(differing, 60);
}

// --- Exposure ---

TEST(TierExposure, AdminDenyFromAllNamespacesShutsAnOpening)
{
    Case c(netpol("team-a", kAllowTeamA) + anp("deny", 1, "  ingress:\n" + from("Deny", kAllNamespaces)));
    EXPECT_EQ(c.exposure(true), Lines{});
    // Without the Admin tier the opening is there.
    Case open(netpol("team-a", kAllowTeamA));
    EXPECT_EQ(open.exposure(true), Lines{"[namespace with {team=a}]/[all pods] : All Connections"});
}

TEST(TierExposure, AdminDenyOfOneSelectorIsListedAsShut)
{
    Case c(netpol("all", kAllowEveryNamespace) + anp("deny", 1, "  ingress:\n" + from("Deny", kTeamA)));
    EXPECT_EQ(c.exposure(true), (Lines{"[namespace with {team=a}]/[all pods] : No Connections",
                                       "entire-cluster : All Connections"}));
    const ExposureReport r = ExposureReport::build(c.evaluator, ConnectionList::build(c.evaluator));
    bool found = false;
    for (const ExposureLine &l : r.ingress)
        if (l.peer.find("team=a") != std::string::npos) {
            found = true;
            ASSERT_FALSE(l.openedBy.empty());
            EXPECT_EQ(l.openedBy.back(), "AdminNetworkPolicy 'deny' rule 'r-Deny': Deny All Connections");
        }
    EXPECT_TRUE(found);
}

TEST(TierExposure, AdminDenyOfAWiderSelectorCoversANarrowerOne)
{
    // "team exists" picks every namespace with team=a.
    Case c(netpol("team-a", kAllowTeamA) +
           anp("deny", 1, "  ingress:\n" + from("Deny", "namespaces: {matchExpressions: [{key: team, operator: Exists}]}")));
    EXPECT_EQ(c.exposure(true), Lines{});
    // "env=prod" picks only some of them: the generic team=a namespace stays open.
    Case partial(netpol("team-a", kAllowTeamA) +
                 anp("deny", 1, "  ingress:\n" + from("Deny", "namespaces: {matchLabels: {env: prod}}")));
    EXPECT_EQ(partial.exposure(true), Lines{"[namespace with {team=a}]/[all pods] : All Connections"});
}

TEST(TierExposure, AdminAcceptOpensARepresentative)
{
    Case c(netpol("deny", kDenyAll) + anp("accept", 1, "  ingress:\n" + from("Allow", kTeamA, kPort8080)));
    EXPECT_EQ(c.exposure(true), Lines{"[namespace with {team=a}]/[all pods] : TCP 8080"});
    Case wide(netpol("deny", kDenyAll) + anp("accept", 1, "  ingress:\n" + from("Allow", kAllNamespaces, kPort8080)));
    EXPECT_EQ(wide.exposure(true), Lines{"entire-cluster : TCP 8080"});
}

TEST(TierExposure, PassAndBaselineWithoutNetworkPolicies)
{
    // Pass for team=a, Baseline denies 8080 from everyone: team=a ends like the entire cluster.
    Case c(anp("pass", 1, "  ingress:\n" + from("Pass", kTeamA, kPort8080)) +
           banp("  ingress:\n" + from("Deny", kAllNamespaces, kPort8080)));
    EXPECT_EQ(c.exposure(true), Lines{"entire-cluster : SCTP 1-65535,TCP 1-8079,8081-65535,UDP 1-65535"});
    const ExposureReport r = ExposureReport::build(c.evaluator, ConnectionList::build(c.evaluator));
    for (const std::string &u : r.unprotected)
        EXPECT_EQ(u.find("shop/web[Deployment] is not protected on Ingress"), std::string::npos) << u;
    // Egress: no tier or NetworkPolicy there, so it is unprotected.
    EXPECT_NE(std::find(r.unprotected.begin(), r.unprotected.end(),
                        "shop/web[Deployment] is not protected on Egress"),
              r.unprotected.end());
}

TEST(TierExposure, EgressDenyOfPartOfTheClusterAfterAnAcceptOfAll)
{
    // netpol-analyzer's own example: deny TCP 9090 to team=a, then accept all.
    Case c(anp("egress", 1,
               "  egress:\n  - name: deny\n    action: Deny\n    to:\n    - " + kTeamA +
                   "\n    ports:\n    - portNumber: {protocol: TCP, port: 9090}\n"
                   "  - name: all\n    action: Allow\n    to:\n    - namespaces: {}\n"));
    EXPECT_EQ(c.exposure(false),
              (Lines{"[namespace with {team=a}]/[all pods] : SCTP 1-65535,TCP 1-9089,9091-65535,UDP 1-65535",
                     "entire-cluster : All Connections"}));
}

struct CoverRow
{
    const char *selector;
    const char *subset;
    bool covers;
};

LabelSelector parse(const std::string &text)
{
    LabelSelector s;
    std::string rest = text;
    while (!rest.empty()) {
        const size_t comma = rest.find(';');
        const std::string part = rest.substr(0, comma);
        rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
        if (part[0] == '!') {
            s.matchExpressions.push_back({part.substr(1), SelectorOperator::DoesNotExist, {}});
        } else if (part.find(" in ") != std::string::npos || part.find(" notin ") != std::string::npos) {
            const bool in = part.find(" in ") != std::string::npos;
            const size_t at = part.find(in ? " in " : " notin ");
            std::vector<std::string> values;
            std::string list = part.substr(at + (in ? 4 : 7));
            for (size_t p; (p = list.find(',')) != std::string::npos; list = list.substr(p + 1))
                values.push_back(list.substr(0, p));
            values.push_back(list);
            s.matchExpressions.push_back({part.substr(0, at), in ? SelectorOperator::In : SelectorOperator::NotIn, values});
        } else if (part.find('=') != std::string::npos) {
            s.matchLabels[part.substr(0, part.find('='))] = part.substr(part.find('=') + 1);
        } else {
            s.matchExpressions.push_back({part, SelectorOperator::Exists, {}});
        }
    }
    return s;
}

TEST(TierWalk, CoversIsSoundOnATable)
{
    const CoverRow rows[] = {
        {"", "", true},
        {"", "team=a", true},
        {"team=a", "", false},
        {"team=a", "team=a;env=prod", true},
        {"team=a;env=prod", "team=a", false},
        {"team", "team=a", true},
        {"team", "team in a,b", true},
        {"team in a,b", "team=a", true},
        {"team in a,b", "team in a,c", false},
        {"team notin b", "team=a", true},
        {"team notin a", "team=a", false},
        {"team notin b", "!team", true},
        {"team notin b", "team notin b,c", true},
        {"team notin b,c", "team notin b", false},
        {"!team", "!team", true},
        {"!team", "team notin a", false},
        {"env=prod", "team=a", false},
    };
    for (const CoverRow &row : rows)
        EXPECT_EQ(TierWalk::covers(parse(row.selector), parse(row.subset)), row.covers)
            << row.selector << " over " << row.subset;
    // Soundness on random label sets: when it says covers, no label set the subset selects
    // escapes the selector.
    std::mt19937 rng(7);
    const std::vector<std::string> keys = {"team", "env"}, values = {"a", "b", "c"};
    for (const CoverRow &row : rows) {
        if (!row.covers) continue;
        const LabelSelector selector = parse(row.selector), subset = parse(row.subset);
        for (int i = 0; i < 200; ++i) {
            Labels labels;
            for (const std::string &k : keys)
                if (rng() % 4) labels[k] = values[rng() % values.size()];
            if (subset.matches(labels)) {
                EXPECT_TRUE(selector.matches(labels)) << row.selector;
            }
        }
    }
}

} // namespace
