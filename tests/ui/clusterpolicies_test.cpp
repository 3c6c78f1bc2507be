// Cluster-wide policies in the app: the Policies dock lists them in their own "Cluster" group
// in evaluation order and shows each (read-only) as rules and YAML; the document's evaluator,
// which the graph and the Inspector read, applies their tiers.
#include "ui/document.h"
#include "ui/policydock.h"

#include <QPlainTextEdit>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

const char *kManifests = R"(apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: base}
spec:
  tier: Baseline
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - {name: deny-all, action: Deny, from: [{namespaces: {}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: late}
spec:
  tier: Admin
  priority: 50
  subject: {namespaces: {}}
  ingress:
  - {name: accept-b, action: Accept, from: [{pods: {podSelector: {matchLabels: {app: b}}}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: early}
spec:
  tier: Admin
  priority: 5
  subject: {namespaces: {}}
  ingress:
  - {name: pass-a, action: Pass, from: [{pods: {podSelector: {matchLabels: {app: a}}}}]}
)";

TEST(ClusterPoliciesInTheApp, TheClusterGroupListsThemInEvaluationOrderReadOnly)
{
    Document document;
    document.loadText(QString::fromUtf8(kManifests), QStringLiteral("cluster.yaml"));
    ASSERT_EQ(document.cluster().clusterPolicies.size(), 3u);
    PolicyDock dock(&document);
    // The dock has two trees (policies, and the current policy's rules): the list is the one
    // with the group.
    QTreeWidget *list = nullptr;
    QTreeWidgetItem *group = nullptr;
    for (QTreeWidget *tree : dock.findChildren<QTreeWidget *>())
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            if (tree->topLevelItem(i)->text(0) == QLatin1String("Cluster")) {
                list = tree;
                group = tree->topLevelItem(i);
            }
    ASSERT_TRUE(list && group);
    ASSERT_EQ(group->childCount(), 3);
    EXPECT_EQ(group->child(0)->text(0), QLatin1String("early"));
    EXPECT_EQ(group->child(0)->text(1), QLatin1String("Admin, priority 5"));
    EXPECT_EQ(group->child(1)->text(0), QLatin1String("late"));
    EXPECT_EQ(group->child(2)->text(0), QLatin1String("base"));
    EXPECT_EQ(group->child(2)->text(1), QLatin1String("Baseline, priority 1"));

    list->setCurrentItem(group->child(0));
    EXPECT_TRUE(dock.yamlEditor()->isReadOnly());
    EXPECT_TRUE(dock.yamlEditor()->toPlainText().contains(QLatin1String("kind: ClusterNetworkPolicy")));
    EXPECT_TRUE(dock.yamlEditor()->toPlainText().contains(QLatin1String("action: Pass")));
    EXPECT_EQ(dock.currentPolicy(), -1);
}

TEST(ClusterPoliciesInTheApp, TheDocumentEvaluatorAppliesTheTiers)
{
    Document document;
    document.loadText(QString::fromUtf8(kManifests), QStringLiteral("cluster.yaml"));
    const core::Cluster &c = document.cluster();
    const auto a = core::Endpoint::ofWorkload(static_cast<size_t>(c.findWorkload("x/a")));
    const auto b = core::Endpoint::ofWorkload(static_cast<size_t>(c.findWorkload("x/b")));
    // a -> b: Pass at priority 5, no NetworkPolicy, Baseline Deny. b -> a: Admin Accept.
    EXPECT_TRUE(document.evaluator().allowed(a, b).isEmpty());
    EXPECT_TRUE(document.evaluator().allowed(b, a).isAll());
}

} // namespace
