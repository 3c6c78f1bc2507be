#include "core/evaluator.h"
#include "core/graphmodel.h"
#include "core/manifestloader.h"
#include "support/randomcluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace netfence::core;

namespace {

const char *kCluster = R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system, labels: {kubernetes.io/metadata.name: kube-system}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.9.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
  - to: [{podSelector: {matchLabels: {app: db}}}]
  - to: [{ipBlock: {cidr: 10.0.0.1/32}}]
)";

LoadResult load()
{
    ManifestLoader loader;
    loader.addText(kCluster, "cluster.yaml");
    return loader.finish();
}

const GraphModel::Edge *edge(const GraphModel &m, const std::string &from, const std::string &to)
{
    for (const GraphModel::Edge &e : m.edges())
        if (e.from == from && e.to == to)
            return &e;
    return nullptr;
}

} // namespace

TEST(GraphModel, LabelsHaveASpaceAfterEachComma)
{
    ConnectionSet dns;
    dns.add(Protocol::UDP, 53, 53);
    dns.add(Protocol::TCP, 53, 53);
    EXPECT_EQ(GraphModel::label(dns), "UDP 53, TCP 53");
    ConnectionSet web;
    web.add(Protocol::TCP, 80, 80);
    EXPECT_EQ(GraphModel::label(web), "TCP 80");
    EXPECT_EQ(GraphModel::label(ConnectionSet::all()), "All");
}

TEST(GraphModel, EdgesFromTheEvaluatorWithASamplePair)
{
    const LoadResult r = load();
    Evaluator ev(r.cluster);
    const GraphModel m(r.cluster, ev);
    const GraphModel::Edge *dns = edge(m, "shop/web", "kube-system/dns");
    ASSERT_TRUE(dns);
    EXPECT_EQ(dns->label, "UDP 53, TCP 53");
    EXPECT_TRUE(dns->fromEndpoint.isWorkload());
    EXPECT_EQ(r.cluster.workloads[dns->fromEndpoint.workload].name, "web");
    const GraphModel::Edge *db = edge(m, "shop/web", "shop/db");
    ASSERT_TRUE(db);
    EXPECT_EQ(db->label, "TCP 5432");
    EXPECT_FALSE(edge(m, "shop/db", "shop/web") == nullptr); // db's egress is open
    EXPECT_EQ(edge(m, "kube-system/dns", "shop/db"), nullptr); // only web may reach db
}

TEST(GraphModel, CollapsedNamespacesSumTheirPairs)
{
    const LoadResult r = load();
    Evaluator ev(r.cluster);
    const GraphModel m(r.cluster, ev, {"shop", "kube-system"});
    const GraphModel::Edge *e = edge(m, "shop", "kube-system");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->fromGroup && e->toGroup);
    EXPECT_EQ(e->pairs, 2u); // web -> dns and db -> dns
    EXPECT_TRUE(e->connections.isAll()); // db's egress is open
    for (const GraphModel::Edge &x : m.edges()) {
        EXPECT_NE(x.from, "shop/web"); // no pod of a collapsed namespace has its own arrow
        EXPECT_NE(x.to, "shop/web");
    }
}

TEST(GraphModel, FocusKeepsTheSeedAndItsNeighbours)
{
    const LoadResult r = load();
    Evaluator ev(r.cluster);
    const GraphModel m(r.cluster, ev);
    const std::set<std::string> shown = m.focus({"shop/db"});
    EXPECT_TRUE(shown.count("shop/db"));
    EXPECT_TRUE(shown.count("shop/web"));
}

TEST(GraphModel, AModelBuiltBesideAClusterFollowsItIntoItsOwner)
{
    // The app builds the first picture on the opener's thread, then moves the cluster into the
    // document: the model is rebound and answers from the document's copy alone.
    auto read = std::make_unique<LoadResult>(load());
    auto ev = std::make_unique<Evaluator>(read->cluster);
    ev->evaluateAll(1);
    auto model = std::make_unique<GraphModel>(read->cluster, *ev, GraphModel::collapsedOnOpen(read->cluster));
    Cluster owned = std::move(read->cluster);
    read.reset(); // the cluster the model was built from is gone
    ev->rebind(owned);
    model->rebind(owned, *ev);
    const GraphModel fresh(owned, *ev);
    EXPECT_TRUE(model->isComplete({}, false));
    EXPECT_FALSE(model->isComplete({"shop"}, false));
    EXPECT_FALSE(model->isComplete({}, true));
    EXPECT_EQ(model->edges().size(), fresh.edges().size());
    EXPECT_EQ(model->focus({"shop/db"}), fresh.focus({"shop/db"}));
    EXPECT_EQ(model->policyMatch(1).peers, fresh.policyMatch(1).peers);
    EXPECT_EQ(model->policyMatch(1).selected, fresh.policyMatch(1).selected);
}

TEST(GraphModel, BigClustersOpenWithEveryNamespaceCollapsed)
{
    Cluster c = load().cluster;
    EXPECT_TRUE(GraphModel::collapsedOnOpen(c).empty());
    while (c.workloads.size() <= GraphModel::kCollapseAbove) {
        Workload w = c.workloads.front();
        w.name += "-" + std::to_string(c.workloads.size());
        c.workloads.push_back(w);
    }
    std::set<std::string> all;
    for (const Namespace &ns : c.namespaces)
        all.insert(ns.name);
    EXPECT_EQ(GraphModel::collapsedOnOpen(c), all);
    EXPECT_GE(all.size(), 2u);
}

TEST(GraphModel, PolicyHighlightFollowsTheEvaluatorsIpBlockOption)
{
    // web-egress (policy 1) has an ipBlock holding web's own address: a peer only when
    // ipBlocks match pods.
    const LoadResult r = load();
    Evaluator matching(r.cluster, {true});
    const GraphModel m1(r.cluster, matching);
    const GraphModel::PolicyMatch a = m1.policyMatch(1);
    EXPECT_TRUE(a.selected.count("shop/web"));
    EXPECT_TRUE(a.peers.count("shop/web"));
    EXPECT_TRUE(a.peers.count("shop/db"));
    EXPECT_TRUE(a.peers.count("kube-system/dns"));
    Evaluator notMatching(r.cluster, {false});
    const GraphModel m2(r.cluster, notMatching);
    const GraphModel::PolicyMatch b = m2.policyMatch(1);
    EXPECT_TRUE(b.selected.count("shop/web"));
    EXPECT_FALSE(b.peers.count("shop/web"));
    EXPECT_TRUE(b.peers.count("shop/db"));
}

namespace {

// What an arrow shows, without its sample pair (any pair of a bundle may stand for it).
std::vector<std::string> shown(const std::vector<GraphModel::Edge> &edges, const GraphModel::EdgeScope &scope,
                               bool inScope)
{
    std::vector<std::string> out;
    for (const GraphModel::Edge &e : edges)
        if (scope.contains(e.fromGroupId, e.toGroupId) == inScope)
            out.push_back(e.from + (e.fromGroup ? "[g]" : "") + " -> " + e.to + (e.toGroup ? "[g]" : "") +
                          (e.bundle ? " bundle " : " ") + e.connections.toString() + " " + e.label + " x" +
                          std::to_string(e.pairs));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> nodeIds(const GraphModel &model)
{
    std::vector<std::string> ids;
    for (const GraphModel::Node &n : model.nodes())
        ids.push_back(n.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

// The editor redraws only the arrows an edit's EvaluatorUpdate names: the partial model must
// hold exactly the full model's arrows in scope, and every arrow out of scope must be as it
// was before the edit, or the picture would keep a stale arrow or lose one.
TEST(GraphModel, AScopedModelAfterAnEditHoldsEveryArrowThatCanHaveChanged)
{
    int checked = 0, partial = 0;
    for (std::uint32_t seed = 1; seed <= 150; ++seed) {
        std::mt19937 rng(seed);
        Cluster c = netfence::test::randomCluster(seed);
        Evaluator e(c);
        std::set<std::string> collapsed;
        for (const Namespace &ns : c.namespaces)
            if (rng() % 3 == 0)
                collapsed.insert(ns.name);
        for (int step = 0; step < 4; ++step) {
            const Cluster donor = netfence::test::randomCluster(seed * 977 + std::uint32_t(step));
            if (donor.policies.empty())
                continue;
            std::vector<GraphModel::Edge> before;
            std::vector<std::string> beforeNodes;
            {
                const GraphModel model(c, e, collapsed);
                before = model.edges();
                beforeNodes = nodeIds(model);
            }
            EvaluatorUpdate update;
            NetworkPolicy p = donor.policies[rng() % donor.policies.size()];
            if (!c.policies.empty() && rng() % 2) {
                const size_t i = rng() % c.policies.size();
                p.name = c.policies[i].name;
                c.policies[i] = p;
                update = e.policyChanged(i);
            } else if (!c.policies.empty() && rng() % 2) {
                const size_t i = rng() % c.policies.size();
                c.policies.erase(c.policies.begin() + std::ptrdiff_t(i));
                update = e.policyRemoved(i);
            } else {
                p.name = "added-" + std::to_string(step);
                c.policies.push_back(p);
                update = e.policyAdded(c.policies.size() - 1);
            }
            const GraphModel::EdgeScope scope = GraphModel::EdgeScope::of(c, e, update);
            const GraphModel after(c, e, collapsed);
            const std::string context = "seed " + std::to_string(seed) + " step " + std::to_string(step);
            ++checked;
            if (scope.all || nodeIds(after) != beforeNodes)
                continue; // the editor redraws everything then
            ++partial;
            const GraphModel scoped(c, e, collapsed, false, scope);
            ASSERT_EQ(shown(scoped.edges(), scope, true), shown(after.edges(), scope, true)) << context;
            ASSERT_TRUE(shown(scoped.edges(), scope, false).empty()) << context;
            ASSERT_EQ(shown(after.edges(), scope, false), shown(before, scope, false)) << context;
        }
    }
    RecordProperty("partial", partial);
    EXPECT_GT(checked, 300);
    EXPECT_GT(partial, checked / 3);
}
