#include "core/clusterchange.h"
#include "core/clusteredits.h"
#include "core/clustergenerator.h"
#include "core/evaluator.h"
#include "core/lab.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

using namespace netfence::core;
using netfence::test::loadOk;
using netfence::test::pod;

namespace {

std::string where(const SourceLocation &l)
{
    return l.file + ':' + std::to_string(l.line) + ':' + std::to_string(l.column);
}

std::string labels(const Labels &l)
{
    std::string out = "{";
    for (const auto &[k, v] : l)
        out += k + '=' + v + ',';
    return out + '}';
}

// Every field of the cluster the edits can touch, one line per element, so that a failing
// comparison shows where two clusters differ.
std::vector<std::string> dump(const Cluster &c)
{
    std::vector<std::string> out;
    for (const Namespace &ns : c.namespaces)
        out.push_back("ns " + ns.name + ' ' + labels(ns.labels) + (ns.declared ? " declared " : " ") + where(ns.location));
    for (const Workload &w : c.workloads) {
        std::ostringstream s;
        s << "w " << w.displayName() << ' ' << labels(w.labels) << " replicas " << w.replicas.value_or(-1)
          << " host " << w.hostNetwork << ' ' << where(w.location);
        for (const ContainerPort &p : w.ports)
            s << " port " << p.name << ':' << p.port << '/' << int(p.protocol);
        for (const IPAddress &ip : w.ips)
            s << " ip " << ip.toString();
        for (const std::string &n : w.podNames)
            s << " pod " << n;
        out.push_back(s.str());
    }
    for (const Service &sv : c.services) {
        std::ostringstream s;
        s << "svc " << sv.namespaceName << '/' << sv.name << ' ' << labels(sv.selector) << ' ' << where(sv.location);
        for (const ServicePort &p : sv.ports)
            s << " port " << p.name << ':' << p.port << '>' << p.targetPort << '/' << int(p.protocol);
        out.push_back(s.str());
    }
    for (const IngressOrRoute &r : c.ingresses)
        out.push_back("ing " + r.kind + ' ' + r.qualifiedName() + " backends " + std::to_string(r.backends.size()) +
                      ' ' + where(r.location));
    for (const Node &n : c.nodes)
        out.push_back("node " + n.name);
    return out;
}

void expectSameCluster(const Cluster &a, const Cluster &b)
{
    EXPECT_EQ(dump(a), dump(b));
    ASSERT_EQ(a.policies.size(), b.policies.size());
    for (size_t i = 0; i < a.policies.size(); ++i) {
        EXPECT_TRUE(a.policies[i] == b.policies[i]) << "policy " << i << ' ' << a.policies[i].qualifiedName();
        EXPECT_EQ(where(a.policies[i].location), where(b.policies[i].location));
    }
    ASSERT_EQ(a.clusterPolicies.size(), b.clusterPolicies.size());
    for (size_t i = 0; i < a.clusterPolicies.size(); ++i) {
        EXPECT_TRUE(a.clusterPolicies[i] == b.clusterPolicies[i]) << "cluster policy " << i;
        EXPECT_EQ(where(a.clusterPolicies[i].location), where(b.clusterPolicies[i].location));
    }
}

std::string shop()
{
    return "kind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n---\n"
           "kind: Namespace\nmetadata: {name: ops}\n---\n" +
           pod("shop", "client", "app: client") + pod("shop", "web", "app: web", {"http:80/TCP"}) +
           pod("ops", "prom", "app: prom") +
           "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
           "spec: {selector: {app: web}, ports: [{port: 80}]}\n"
           "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\n"
           "spec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n"
           "  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}\n"
           "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ops}\n"
           "spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n"
           "---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
           "metadata: {name: guard}\nspec:\n  tier: Admin\n  priority: 10\n"
           "  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: ops}}}\n"
           "  ingress:\n  - action: Deny\n    name: no\n    from: [{namespaces: {}}]\n";
}

// Applies the change, checks that its inverse restores the cluster exactly, and leaves the
// change applied.
void applyAndCheckInverse(Cluster &c, const ClusterChange &change)
{
    const Cluster before = c;
    change.applyTo(c);
    Cluster undone = c;
    change.inverted().applyTo(undone);
    expectSameCluster(undone, before);
    // And the inverse's inverse is the change again.
    Cluster redone = undone;
    change.inverted().inverted().applyTo(redone);
    expectSameCluster(redone, c);
}

size_t policyIndex(const Cluster &c, const std::string &name)
{
    for (size_t i = 0; i < c.policies.size(); ++i)
        if (c.policies[i].qualifiedName() == name)
            return i;
    ADD_FAILURE() << "no policy " << name;
    return 0;
}

} // namespace

TEST(ClusterEdits, NewNamesAreUniquePerNamespace)
{
    Cluster c = loadOk(shop()).cluster;
    EXPECT_EQ(ClusterEdits::uniquePolicyName(c, "shop"), "policy-1");
    applyAndCheckInverse(c, ClusterEdits::newPolicy(c, "shop"));
    EXPECT_EQ(c.policies.back().qualifiedName(), "shop/policy-1");
    EXPECT_EQ(c.policies.back().policyTypes, std::vector<PolicyType>{PolicyType::Ingress});
    EXPECT_EQ(ClusterEdits::uniquePolicyName(c, "shop"), "policy-2");
    EXPECT_EQ(ClusterEdits::uniquePolicyName(c, "ops"), "policy-1");
    applyAndCheckInverse(c, ClusterEdits::newClusterPolicy(c));
    EXPECT_EQ(c.clusterPolicies.back().name, "cluster-policy-1");
    EXPECT_EQ(ClusterEdits::uniqueClusterPolicyName(c, ClusterPolicyKind::ClusterNetworkPolicy), "cluster-policy-2");
}

TEST(ClusterEdits, NewPolicyInANewNamespaceAddsTheNamespace)
{
    Cluster c = loadOk(shop()).cluster;
    const size_t namespaces = c.namespaces.size();
    const ClusterChange change = ClusterEdits::newPolicy(c, "fresh");
    EXPECT_FALSE(change.onlyPolicies());
    applyAndCheckInverse(c, change);
    EXPECT_EQ(c.namespaces.size(), namespaces + 1);
    EXPECT_EQ(c.namespaces.back().labels.at(kNamespaceNameLabel), "fresh");
}

TEST(ClusterEdits, AddRemoveAndReplacePolicies)
{
    Cluster c = loadOk(shop()).cluster;
    NetworkPolicy p = c.policies[0];
    p.name = "copy";
    applyAndCheckInverse(c, ClusterEdits::addPolicy(c, p));
    EXPECT_EQ(c.policies.size(), 3u);
    const ClusterChange remove = ClusterEdits::removePolicy(c, 0);
    EXPECT_TRUE(remove.onlyPolicies());
    applyAndCheckInverse(c, remove);
    EXPECT_EQ(c.policies[0].qualifiedName(), "ops/deny");
    p.policyTypes = {PolicyType::Egress};
    applyAndCheckInverse(c, ClusterEdits::replacePolicy(c, 1, p));
    EXPECT_EQ(c.policies[1].policyTypes, std::vector<PolicyType>{PolicyType::Egress});
    EXPECT_TRUE(ClusterEdits::replacePolicy(c, 1, c.policies[1]).empty()) << "no change, no step";
    EXPECT_TRUE(ClusterEdits::removePolicy(c, 99).empty());

    ClusterNetworkPolicy cp = c.clusterPolicies[0];
    cp.name = "guard-2";
    applyAndCheckInverse(c, ClusterEdits::addClusterPolicy(c, cp));
    cp.priority = 20;
    applyAndCheckInverse(c, ClusterEdits::replaceClusterPolicy(c, 1, cp));
    EXPECT_EQ(c.clusterPolicies[1].priority, 20);
    applyAndCheckInverse(c, ClusterEdits::removeClusterPolicy(c, 0));
    ASSERT_EQ(c.clusterPolicies.size(), 1u);
    EXPECT_EQ(c.clusterPolicies[0].name, "guard-2");
}

TEST(ClusterEdits, RulesAndPeers)
{
    Cluster c = loadOk(shop()).cluster;
    const size_t web = policyIndex(c, "shop/web");
    ASSERT_TRUE(c.policies[web].policyTypes.empty());
    applyAndCheckInverse(c, ClusterEdits::addRule(c, web, PolicyType::Egress));
    // No policyTypes meant Ingress: it stays, Egress joins.
    EXPECT_EQ(c.policies[web].policyTypes, (std::vector<PolicyType>{PolicyType::Ingress, PolicyType::Egress}));
    EXPECT_EQ(c.policies[web].egress.size(), 1u);
    applyAndCheckInverse(c, ClusterEdits::addRule(c, web, PolicyType::Ingress));
    EXPECT_EQ(c.policies[web].ingress.size(), 2u);
    NetworkPolicyPeer peer;
    peer.podSelector = LabelSelector{};
    peer.podSelector->matchLabels["app"] = "client";
    applyAndCheckInverse(c, ClusterEdits::addPeer(c, web, PolicyType::Ingress, 1, peer));
    EXPECT_EQ(c.policies[web].ingress[1].peers.size(), 1u);
    applyAndCheckInverse(c, ClusterEdits::removePeer(c, web, PolicyType::Ingress, 0, 0));
    EXPECT_TRUE(c.policies[web].ingress[0].peers.empty());
    applyAndCheckInverse(c, ClusterEdits::removeRule(c, web, PolicyType::Ingress, 0));
    EXPECT_EQ(c.policies[web].ingress.size(), 1u);
    EXPECT_TRUE(ClusterEdits::removeRule(c, web, PolicyType::Ingress, 5).empty());
    EXPECT_TRUE(ClusterEdits::removePeer(c, web, PolicyType::Egress, 0, 0).empty());
}

TEST(ClusterEdits, RenameNamespaceMovesItsObjectsAndTheSelectorsThatNameIt)
{
    Cluster c = loadOk(shop()).cluster;
    EXPECT_TRUE(ClusterEdits::renameNamespace(c, "ops", "shop").empty()) << "the target exists";
    applyAndCheckInverse(c, ClusterEdits::renameNamespace(c, "ops", "platform"));
    ASSERT_TRUE(c.findNamespace("platform"));
    EXPECT_FALSE(c.findNamespace("ops"));
    EXPECT_EQ(c.findNamespace("platform")->labels.at(kNamespaceNameLabel), "platform");
    EXPECT_GE(c.findWorkload("platform/prom"), 0);
    EXPECT_EQ(c.policies[policyIndex(c, "platform/deny")].namespaceName, "platform");
    const NetworkPolicy &web = c.policies[policyIndex(c, "shop/web")];
    EXPECT_EQ(web.ingress[0].peers[0].namespaceSelector->matchLabels.at(kNamespaceNameLabel), "platform");
    EXPECT_EQ(c.clusterPolicies[0].subject.namespaces->matchLabels.at(kNamespaceNameLabel), "platform");
    // The selector selects the renamed namespace by its labels as they are now.
    EXPECT_TRUE(web.ingress[0].peers[0].namespaceSelector->matches(c.namespaceLabels("platform")));
}

TEST(ClusterEdits, DeleteCascadesFromNamespaceToItsObjects)
{
    Cluster c = loadOk(shop()).cluster;
    applyAndCheckInverse(c, ClusterEdits::deleteWithCascade(c, {"shop"}, {"ops/prom[Pod]"}));
    EXPECT_FALSE(c.findNamespace("shop"));
    EXPECT_TRUE(c.findNamespace("ops"));
    EXPECT_TRUE(c.workloads.empty());
    EXPECT_TRUE(c.services.empty());
    ASSERT_EQ(c.policies.size(), 1u);
    EXPECT_EQ(c.policies[0].qualifiedName(), "ops/deny");
}

TEST(ClusterEdits, MergeLabStepAddsOnceAndReplacesPoliciesOnlyForSolutions)
{
    Cluster c = loadOk(shop()).cluster;
    const std::string step = "kind: Namespace\nmetadata: {name: pay, labels: {pci: 'true'}}\n---\n" +
                             pod("pay", "api", "app: api") +
                             "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
                             "spec: {selector: {app: web}, ports: [{port: 80}]}\n"
                             "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                             "metadata: {name: deny, namespace: ops}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n";
    const Cluster added = loadOk(step).cluster;
    const ClusterChange start = ClusterEdits::mergeLabStep(c, added, false);
    applyAndCheckInverse(c, start);
    EXPECT_EQ(c.services.size(), 1u) << "the same Service merged again is not a second one";
    ASSERT_TRUE(c.findNamespace("pay"));
    EXPECT_TRUE(c.findNamespace("pay")->declared);
    EXPECT_EQ(c.findNamespace("pay")->labels.at("pci"), "true");
    EXPECT_GE(c.findWorkload("pay/api"), 0);
    EXPECT_EQ(c.policies[policyIndex(c, "ops/deny")].policyTypes.size(), 2u) << "kept";
    // Merged again: nothing left to add.
    EXPECT_TRUE(ClusterEdits::mergeLabStep(c, added, false).empty());
    const ClusterChange solution = ClusterEdits::mergeLabStep(c, added, true);
    applyAndCheckInverse(c, solution);
    EXPECT_EQ(c.policies[policyIndex(c, "ops/deny")].policyTypes.size(), 1u) << "replaced";
    EXPECT_EQ(c.services.size(), 1u);
}

TEST(ClusterEdits, RecipesBecomeChanges)
{
    Cluster c = loadOk(shop()).cluster;
    const Recipe deny = PolicyRecipes::defaultDeny(c, "shop", true, true);
    ASSERT_FALSE(deny.changes.empty());
    Cluster viaRecipe = c;
    PolicyRecipes::apply(viaRecipe, deny);
    applyAndCheckInverse(c, ClusterEdits::fromRecipe(c, deny));
    expectSameCluster(c, viaRecipe);
    const ClusterRecipe dns = ClusterPolicyRecipes::acceptDns(c, 50);
    ClusterPolicyRecipes::apply(viaRecipe, dns);
    applyAndCheckInverse(c, ClusterEdits::fromClusterRecipe(c, dns));
    expectSameCluster(c, viaRecipe);
}

TEST(ClusterEdits, AddAndReplaceWorkloads)
{
    Cluster c = loadOk(shop()).cluster;
    Workload w = c.workloads[0];
    w.name = "other";
    w.namespaceName = "elsewhere";
    applyAndCheckInverse(c, ClusterEdits::addWorkload(c, w));
    EXPECT_TRUE(c.findNamespace("elsewhere"));
    w.labels["x"] = "y";
    applyAndCheckInverse(c, ClusterEdits::replaceWorkload(c, c.workloads.size() - 1, w));
    EXPECT_EQ(c.workloads.back().labels.at("x"), "y");
    applyAndCheckInverse(c, ClusterEdits::addNamespace(c, "empty"));
    EXPECT_TRUE(c.findNamespace("empty")->declared);
    EXPECT_TRUE(ClusterEdits::addNamespace(c, "empty").empty());
}

// Random sequences of every kind of edit, then all their inverses in reverse order: the
// cluster comes back exactly, and after each edit the evaluator told of the policy steps one
// by one agrees with a fresh one.
TEST(ClusterEdits, RandomSequencesOfEditsAndInversesRestoreTheCluster)
{
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        ClusterGenerator::Options options;
        options.namespaces = 6;
        options.workloads = 40;
        options.policies = 15;
        options.seed = seed;
        Cluster c = ClusterGenerator::generate(options);
        const Cluster original = c;
        std::mt19937_64 rng(seed);
        auto pick = [&](size_t n) { return n == 0 ? size_t(0) : size_t(rng() % n); };
        std::vector<ClusterChange> done;
        for (int k = 0; k < 60; ++k) {
            ClusterChange change;
            const size_t policy = pick(c.policies.size());
            const std::string ns = c.namespaces.empty() ? "x" : c.namespaces[pick(c.namespaces.size())].name;
            const PolicyType direction = rng() % 2 ? PolicyType::Ingress : PolicyType::Egress;
            switch (rng() % 12) {
            case 0: change = ClusterEdits::newPolicy(c, ns); break;
            case 1: change = ClusterEdits::removePolicy(c, policy); break;
            case 2: change = ClusterEdits::addRule(c, policy, direction); break;
            case 3:
                if (policy < c.policies.size() && !c.policies[policy].ingress.empty())
                    change = ClusterEdits::removeRule(c, policy, PolicyType::Ingress, 0);
                break;
            case 4: {
                NetworkPolicyPeer peer;
                peer.namespaceSelector = LabelSelector{};
                peer.namespaceSelector->matchLabels[kNamespaceNameLabel] = ns;
                if (policy < c.policies.size() && !c.policies[policy].egress.empty())
                    change = ClusterEdits::addPeer(c, policy, PolicyType::Egress, 0, peer);
                break;
            }
            case 5: change = ClusterEdits::renameNamespace(c, ns, ns + "-r" + std::to_string(k)); break;
            case 6:
                if (rng() % 4 == 0)
                    change = ClusterEdits::deleteWithCascade(c, {ns}, {});
                else if (!c.workloads.empty())
                    change = ClusterEdits::deleteWithCascade(c, {}, {c.workloads[pick(c.workloads.size())].qualifiedName()});
                break;
            case 7: change = ClusterEdits::newClusterPolicy(c); break;
            case 8: change = ClusterEdits::removeClusterPolicy(c, pick(c.clusterPolicies.size())); break;
            case 9: change = ClusterEdits::fromRecipe(c, PolicyRecipes::allowWithinNamespace(c, ns)); break;
            case 10: {
                Cluster step;
                step.namespaces.push_back(c.namespaces.empty() ? Namespace{} : c.namespaces[0]);
                Workload w;
                w.namespaceName = "lab" + std::to_string(k % 3);
                w.name = "w" + std::to_string(k);
                w.kind = "Pod";
                step.workloads.push_back(w);
                if (!c.policies.empty()) {
                    step.policies.push_back(c.policies[policy]);
                    step.policies.back().policyTypes = {PolicyType::Egress};
                }
                change = ClusterEdits::mergeLabStep(c, step, rng() % 2);
                break;
            }
            default: {
                if (c.workloads.empty())
                    break;
                Workload w = c.workloads[pick(c.workloads.size())];
                w.name += "-copy" + std::to_string(k);
                change = ClusterEdits::addWorkload(c, w);
            }
            }
            change.applyTo(c);
            done.push_back(std::move(change));
        }
        for (auto it = done.rbegin(); it != done.rend(); ++it)
            it->inverted().applyTo(c);
        SCOPED_TRACE("seed " + std::to_string(seed));
        expectSameCluster(c, original);
    }
}

// The CLI and the app build a lab step's cluster with the same merge.
TEST(ClusterEdits, LabBuildClusterMergesLikeTheApp)
{
    Lab lab;
    lab.cluster.push_back({"cluster.yaml", shop(), {}});
    LabStep one;
    one.adds.push_back({"adds.yaml", pod("shop", "extra", "app: extra"), {}});
    one.solution.push_back({"solution.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                                             "metadata: {name: deny, namespace: ops}\n"
                                             "spec: {podSelector: {}, policyTypes: [Ingress]}\n",
                            {}});
    lab.steps.push_back(one);
    const LoadResult r = lab.buildCluster(0, 1);
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_NE(d.severity, Severity::Error) << d.toString();
    EXPECT_GE(r.cluster.findWorkload("shop/extra"), 0);
    EXPECT_EQ(r.cluster.policies[policyIndex(r.cluster, "ops/deny")].policyTypes.size(), 1u)
        << "the solution replaces the policy of its name, without a duplicate-name error";
}
