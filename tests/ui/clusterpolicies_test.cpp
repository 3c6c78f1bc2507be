// Cluster-wide policies in the app: the Policies dock lists them in their own "Cluster" group
// in evaluation order and edits each as YAML (one undo step per edit, nothing applied on an
// error); selecting one highlights its subject and peers; the document's evaluator, which the
// graph and the Inspector read, applies their tiers.
#include "ui/allowruledialog.h"
#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/labdock.h"
#include "ui/mainwindow.h"
#include "ui/nodeitem.h"
#include "ui/policydock.h"

#include <QAction>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTreeWidget>
#include <QUndoStack>

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

TEST(ClusterPoliciesInTheApp, TheClusterGroupListsThemInEvaluationOrder)
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
    EXPECT_FALSE(dock.yamlEditor()->isReadOnly());
    EXPECT_EQ(dock.currentClusterPolicy(), 2); // "early" is the third object of the file
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

// No cluster policies yet: everything is allowed.
const char *kTwoNamespaces = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: y}
spec: {containers: [{name: c, image: i}]}
)";

// Index of the cluster policy named `name`, or -1.
int clusterPolicyIndex(const Document &document, const std::string &name)
{
    const auto &all = document.cluster().clusterPolicies;
    for (size_t i = 0; i < all.size(); ++i)
        if (all[i].name == name)
            return int(i);
    return -1;
}

bool allowed(const Document &document, const char *from, const char *to)
{
    const core::Cluster &c = document.cluster();
    return !document.evaluator()
                .allowed(core::Endpoint::ofWorkload(size_t(c.findWorkload(from))),
                         core::Endpoint::ofWorkload(size_t(c.findWorkload(to))))
                .isEmpty();
}

TEST(ClusterPoliciesInTheApp, TheYamlEditorEditsAClusterPolicyAsOneUndoStep)
{
    Document document;
    document.loadText(QString::fromUtf8(kManifests), QStringLiteral("cluster.yaml"));
    PolicyDock dock(&document);
    const int late = clusterPolicyIndex(document, "late");
    dock.selectClusterPolicy(late);
    ASSERT_EQ(dock.currentClusterPolicy(), late);
    EXPECT_TRUE(allowed(document, "x/b", "x/a")); // Admin Accept of b

    QString text = dock.yamlEditor()->toPlainText();
    ASSERT_TRUE(text.contains(QLatin1String("action: Accept")));
    dock.yamlEditor()->setPlainText(QString(text).replace(QLatin1String("action: Accept"), QLatin1String("action: Deny")));
    EXPECT_EQ(dock.applyYaml(), QString());
    EXPECT_EQ(document.undoStack()->count(), 1);
    EXPECT_EQ(document.cluster().clusterPolicies[size_t(late)].ingress.at(0).action, core::ClusterPolicyAction::Deny);
    EXPECT_FALSE(allowed(document, "x/b", "x/a"));
    // The incremental update agrees with a fresh evaluation.
    core::Evaluator fresh(document.cluster());
    fresh.evaluateAll(1);
    const core::Cluster &c = document.cluster();
    EXPECT_TRUE(fresh.allowed(core::Endpoint::ofWorkload(size_t(c.findWorkload("x/b"))),
                              core::Endpoint::ofWorkload(size_t(c.findWorkload("x/a"))))
                    .isEmpty());
    document.undoStack()->undo();
    EXPECT_TRUE(allowed(document, "x/b", "x/a"));
    document.undoStack()->redo();
    EXPECT_FALSE(allowed(document, "x/b", "x/a"));

    // Out-of-range priority: refused with its line, nothing applied.
    text = dock.yamlEditor()->toPlainText();
    dock.yamlEditor()->setPlainText(QString(text).replace(QLatin1String("priority: 50"), QLatin1String("priority: 5000")));
    const QString problem = dock.applyYaml();
    EXPECT_TRUE(problem.startsWith(QLatin1String("Line "))) << problem.toStdString();
    EXPECT_EQ(document.undoStack()->count(), 1);
    EXPECT_EQ(document.cluster().clusterPolicies[size_t(late)].priority, 50);

    // A NetworkPolicy is not a cluster policy; a second "early" is a duplicate.
    dock.yamlEditor()->setPlainText(QStringLiteral("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                                                   "metadata: {name: p, namespace: x}\nspec: {podSelector: {}}\n"));
    EXPECT_FALSE(dock.applyYaml().isEmpty());
    dock.yamlEditor()->setPlainText(QString(text).replace(QLatin1String("name: late"), QLatin1String("name: early")));
    EXPECT_TRUE(dock.applyYaml().contains(QLatin1String("already exists")));
    EXPECT_EQ(document.undoStack()->count(), 1);
}

TEST(ClusterPoliciesInTheApp, NewAndDeleteAreUndoable)
{
    Document document;
    document.loadText(QString::fromUtf8(kManifests), QStringLiteral("cluster.yaml"));
    PolicyDock dock(&document);
    dock.newClusterPolicy();
    ASSERT_EQ(document.cluster().clusterPolicies.size(), 4u);
    EXPECT_EQ(dock.currentClusterPolicy(), 3);
    EXPECT_EQ(document.cluster().clusterPolicies[3].name, "cluster-policy-1");
    // What the editor shows of the new policy loads back unchanged: applying it is no edit.
    EXPECT_TRUE(dock.yamlEditor()->toPlainText().contains(QLatin1String("kind: ClusterNetworkPolicy")));
    EXPECT_EQ(dock.applyYaml(), QString());
    EXPECT_EQ(document.undoStack()->count(), 1);

    dock.selectClusterPolicy(clusterPolicyIndex(document, "late"));
    dock.deleteCurrent();
    EXPECT_EQ(document.cluster().clusterPolicies.size(), 3u);
    EXPECT_EQ(clusterPolicyIndex(document, "late"), -1);
    EXPECT_EQ(dock.currentClusterPolicy(), -1);
    // Without the Admin Accept, b -> a falls to the Baseline Deny.
    EXPECT_FALSE(allowed(document, "x/b", "x/a"));
    document.undoStack()->undo();
    EXPECT_NE(clusterPolicyIndex(document, "late"), -1);
    EXPECT_TRUE(allowed(document, "x/b", "x/a"));
    document.undoStack()->undo();
    EXPECT_EQ(document.cluster().clusterPolicies.size(), 3u);
    EXPECT_EQ(clusterPolicyIndex(document, "cluster-policy-1"), -1);
}

TEST(ClusterPoliciesInTheApp, SelectingOneHighlightsItsSubjectAndPeers)
{
    const char *manifests = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: team-y}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: d, namespace: team-z}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: guard-x}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: x}}}
  ingress:
  - {name: from-y, action: Accept, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-y}}}]}
)";
    Document document;
    GraphScene scene(&document);
    document.loadText(QString::fromUtf8(manifests), QStringLiteral("cluster.yaml"));
    scene.waitForLayout();
    PolicyDock dock(&document);
    QObject::connect(&dock, &PolicyDock::currentClusterPolicyChanged, &scene, &GraphScene::highlightClusterPolicy);
    QObject::connect(&dock, &PolicyDock::currentPolicyChanged, &scene, &GraphScene::highlightPolicy);
    dock.selectClusterPolicy(0);
    ASSERT_TRUE(scene.node(QStringLiteral("x/a")) && scene.node(QStringLiteral("team-y/c")) && scene.node(QStringLiteral("team-z/d")));
    EXPECT_EQ(scene.node(QStringLiteral("x/a"))->emphasis(), NodeItem::Emphasis::Selected);
    EXPECT_EQ(scene.node(QStringLiteral("team-y/c"))->emphasis(), NodeItem::Emphasis::Peer);
    EXPECT_EQ(scene.node(QStringLiteral("team-z/d"))->emphasis(), NodeItem::Emphasis::Dimmed);
    // An edit keeps the highlight and follows the new match sets.
    QString text = dock.yamlEditor()->toPlainText();
    ASSERT_TRUE(text.contains(QLatin1String("kubernetes.io/metadata.name: team-y"))) << text.toStdString();
    dock.yamlEditor()->setPlainText(text.replace(QLatin1String("kubernetes.io/metadata.name: team-y"), QLatin1String("kubernetes.io/metadata.name: team-z")));
    ASSERT_EQ(dock.applyYaml(), QString());
    EXPECT_EQ(scene.node(QStringLiteral("team-y/c"))->emphasis(), NodeItem::Emphasis::Dimmed);
    EXPECT_EQ(scene.node(QStringLiteral("team-z/d"))->emphasis(), NodeItem::Emphasis::Peer);
    dock.deleteCurrent();
    EXPECT_EQ(scene.node(QStringLiteral("x/a"))->emphasis(), NodeItem::Emphasis::Normal);
}

TEST(ClusterPoliciesInTheApp, APlatformRecipeIsOneUndoStepAndGetsSelected)
{
    MainWindow window;
    Document *document = window.document();
    document->loadText(QString::fromUtf8(kTwoNamespaces), QStringLiteral("cluster.yaml"));
    ASSERT_TRUE(allowed(*document, "y/c", "x/a")); // the Admin Accept of b does not touch c
    const core::Cluster &c = document->cluster();
    const int priority = core::ClusterPolicyRecipes::freePriority(c, core::PolicyTier::Admin, 5);
    EXPECT_EQ(priority, 5);
    window.applyClusterRecipe(core::ClusterPolicyRecipes::guardNamespace(c, "x", "x", priority));
    EXPECT_EQ(document->undoStack()->count(), 1);
    ASSERT_EQ(document->cluster().clusterPolicies.size(), 1u);
    EXPECT_EQ(window.policyDock()->currentClusterPolicy(), 0);
    EXPECT_FALSE(allowed(*document, "y/c", "x/a"));
    EXPECT_TRUE(window.policyDock()->yamlEditor()->toPlainText().contains(QLatin1String("name: guard-x")));
    document->undoStack()->undo();
    EXPECT_TRUE(document->cluster().clusterPolicies.empty());
    EXPECT_TRUE(allowed(*document, "y/c", "x/a"));
}

TEST(ClusterPoliciesInTheApp, ThePlatformGuardrailsLabOpensFromTheFileMenuAndRunsToTheEnd)
{
    MainWindow window;
    QAction *open = nullptr;
    for (QAction *a : window.findChildren<QAction *>())
        if (a->text() == QLatin1String("Open the &Platform Guardrails Lab"))
            open = a;
    ASSERT_TRUE(open);
    open->trigger();
    LabDock *lab = window.labDock();
    ASSERT_TRUE(lab->hasLab());
    EXPECT_EQ(lab->lab()->title, "Platform guardrails");
    EXPECT_FALSE(window.document()->cluster().workloads.empty());
    const int steps = int(lab->lab()->steps.size());
    ASSERT_GE(steps, 5);
    // Every step's reference solution (cluster policies among them) passes through the app's
    // own edits, and unlocks the next.
    for (int i = 0; i < steps; ++i) {
        if (i > 0) {
            ASSERT_TRUE(lab->goToStep(i)) << "step " << i + 1;
        }
        lab->showSolution();
        EXPECT_TRUE(lab->result().passed) << "step " << i + 1;
    }
    EXPECT_FALSE(window.document()->cluster().clusterPolicies.empty());
}

TEST(ClusterPoliciesInTheApp, DrawARuleCanWriteAClusterNetworkPolicy)
{
    Document document;
    GraphScene scene(&document);
    document.loadText(QString::fromUtf8(kTwoNamespaces), QStringLiteral("cluster.yaml"));
    ASSERT_TRUE(allowed(document, "y/c", "x/a"));
    const core::Cluster &c = document.cluster();
    core::AllowRequest proposal;
    proposal.from = core::Endpoint::ofWorkload(size_t(c.findWorkload("y/c")));
    proposal.toWorkload = size_t(c.findWorkload("x/a"));

    // The rule dialog: tier, action and priority; the preview shows the ClusterNetworkPolicy.
    AllowRuleDialog dialog(&document, proposal);
    EXPECT_FALSE(dialog.request()->asClusterPolicy); // NetworkPolicy by default
    dialog.setClusterPolicy(core::AllowRequest::ClusterChoice{core::PolicyTier::Admin, core::ClusterPolicyAction::Deny, 42});
    const std::optional<core::AllowRequest> request = dialog.request();
    ASSERT_TRUE(request && request->asClusterPolicy);
    EXPECT_EQ(request->asClusterPolicy->priority, 42);
    EXPECT_EQ(request->asClusterPolicy->action, core::ClusterPolicyAction::Deny);
    EXPECT_TRUE(dialog.preview().contains(QLatin1String("kind: ClusterNetworkPolicy")));
    EXPECT_TRUE(dialog.preview().contains(QLatin1String("action: Deny")));
    EXPECT_TRUE(dialog.preview().contains(QLatin1String("priority: 42")));

    // What the dialog returns, the scene writes as one undoable edit.
    scene.setAllowAsker([&](const core::AllowRequest &) { return request; });
    scene.requestAllow(proposal);
    EXPECT_EQ(document.undoStack()->count(), 1);
    ASSERT_EQ(document.cluster().clusterPolicies.size(), 1u);
    EXPECT_EQ(document.cluster().clusterPolicies[0].name, "admin-deny-c-to-a");
    EXPECT_TRUE(document.cluster().policies.empty());
    // The dialog proposed the destination's port (TCP 80, it declares none): that port only.
    const core::Endpoint from = core::Endpoint::ofWorkload(size_t(c.findWorkload("y/c")));
    const core::Endpoint to = core::Endpoint::ofWorkload(size_t(c.findWorkload("x/a")));
    EXPECT_FALSE(document.evaluator().allowed(from, to).allows(core::Protocol::TCP, 80));
    EXPECT_TRUE(document.evaluator().allowed(from, to).allows(core::Protocol::TCP, 81));
    document.undoStack()->undo();
    EXPECT_TRUE(document.evaluator().allowed(from, to).allows(core::Protocol::TCP, 80));
}

TEST(ClusterPoliciesInTheApp, TheNamespaceContextMenuOffersThePlatformRecipes)
{
    MainWindow window;
    Document *document = window.document();
    document->loadText(QString::fromUtf8(kTwoNamespaces), QStringLiteral("cluster.yaml"));
    std::unique_ptr<QMenu> menu(window.clusterPolicyMenu(QStringLiteral("x"), nullptr));
    QStringList texts;
    QAction *baseline = nullptr, *dns = nullptr, *guardFromY = nullptr;
    for (QAction *a : menu->actions()) {
        texts << a->text();
        if (a->text() == QLatin1String("Baseline: default deny ingress"))
            baseline = a;
        if (a->text().startsWith(QLatin1String("Admin: accept DNS")))
            dns = a;
        if (a->menu())
            for (QAction *sub : a->menu()->actions())
                if (sub->text() == QLatin1String("y"))
                    guardFromY = sub;
    }
    EXPECT_EQ(texts.size(), 5) << texts.join(QLatin1String(" | ")).toStdString();
    ASSERT_TRUE(baseline && dns && guardFromY);

    baseline->trigger();
    ASSERT_EQ(document->cluster().clusterPolicies.size(), 1u);
    EXPECT_EQ(document->cluster().clusterPolicies[0].tier, core::PolicyTier::Baseline);
    EXPECT_FALSE(allowed(*document, "y/c", "x/a"));
    guardFromY->trigger(); // Admin, before the baseline: y passes, then the baseline still denies
    ASSERT_EQ(document->cluster().clusterPolicies.size(), 2u);
    EXPECT_EQ(document->cluster().clusterPolicies[1].name, "guard-x");
    EXPECT_FALSE(allowed(*document, "y/c", "x/a"));
    dns->trigger();
    EXPECT_EQ(document->cluster().clusterPolicies.size(), 4u);
    EXPECT_EQ(document->undoStack()->count(), 3);
    while (document->undoStack()->canUndo())
        document->undoStack()->undo();
    EXPECT_TRUE(document->cluster().clusterPolicies.empty());
    EXPECT_TRUE(allowed(*document, "y/c", "x/a"));
}

} // namespace
