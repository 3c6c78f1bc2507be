// Edits as small commands: what a command changes, the typed change the document announces,
// policies followed by key, and the positions of new nodes set by the command that adds them.
#include "core/clusteredits.h"
#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/nodeitem.h"

#include <gtest/gtest.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

const QString kLab = QStringLiteral(":/labs/netpol-lab/cluster.yaml");

class ClusterEdit : public testing::Test
{
protected:
    void SetUp() override
    {
        document = std::make_unique<Document>();
        scene = std::make_unique<GraphScene>(document.get());
        document->load({kLab});
        scene->waitForLayout();
        ASSERT_TRUE(document->diagnostics().empty());
        connect();
    }
    void TearDown() override
    {
        scene.reset();
        document.reset();
    }
    void connect()
    {
        QObject::connect(document.get(), &Document::changed, document.get(),
                         [this](const DocumentChange &c) { events.push_back(c); });
    }

    std::unique_ptr<Document> document;
    std::unique_ptr<GraphScene> scene;
    std::vector<DocumentChange> events;
};

} // namespace

TEST_F(ClusterEdit, APolicyEditIsOneTypedChangeWithItsKeyAndTheEvaluatorsUpdate)
{
    ASSERT_FALSE(document->cluster().namespaces.empty());
    const std::string ns = document->cluster().namespaces.front().name;
    const core::Recipe deny = core::PolicyRecipes::defaultDeny(document->cluster(), ns, true, true);
    ASSERT_TRUE(document->edit(QStringLiteral("deny"), core::ClusterEdits::fromRecipe(document->cluster(), deny)));
    ASSERT_EQ(events.size(), 1u) << "one change, announced once";
    const DocumentChange &c = events.front();
    EXPECT_EQ(c.what, Changes(Change::Policies));
    ASSERT_EQ(c.policies.size(), 1u);
    const int index = document->policyIndex(c.policies.front());
    ASSERT_GE(index, 0);
    EXPECT_EQ(document->cluster().policies[size_t(index)].namespaceName, ns);
    EXPECT_FALSE(c.update.everything);
    EXPECT_FALSE(c.update.sourceClasses.empty() && c.update.destinationClasses.empty())
        << "a default deny changes the rows and columns of the namespace's classes";
    EXPECT_FALSE(document->edit(QStringLiteral("nothing"), core::ClusterChange())) << "no empty undo steps";
}

TEST_F(ClusterEdit, KeysFollowPoliciesAcrossInsertsRemovalsAndUndo)
{
    const core::Cluster &cluster = document->cluster();
    const std::string first = cluster.namespaces.front().name;
    document->edit(QStringLiteral("one"), core::ClusterEdits::newPolicy(cluster, first));
    document->edit(QStringLiteral("two"), core::ClusterEdits::newPolicy(cluster, first));
    ASSERT_GE(cluster.policies.size(), 2u);
    const core::PolicyKey second = document->policyKey(1);
    const std::string name = cluster.policies[1].qualifiedName();
    document->edit(QStringLiteral("remove first"), core::ClusterEdits::removePolicy(cluster, 0));
    EXPECT_EQ(document->policyIndex(second), 0);
    EXPECT_EQ(cluster.policies[0].qualifiedName(), name);
    const core::PolicyKey removed = events.back().policies.front();
    EXPECT_EQ(document->policyIndex(removed), -1);
    document->undoStack()->undo();
    EXPECT_EQ(document->policyIndex(second), 1);
    EXPECT_EQ(document->policyIndex(removed), 0) << "undo brings the policy back with its key";
    document->edit(QStringLiteral("new"), core::ClusterEdits::newPolicy(cluster, cluster.policies[0].namespaceName));
    const core::PolicyKey added = events.back().policies.front();
    EXPECT_EQ(document->policyIndex(added), int(cluster.policies.size()) - 1);
    document->undoStack()->undo();
    document->undoStack()->redo();
    EXPECT_EQ(document->policyIndex(added), int(cluster.policies.size()) - 1) << "redo keeps the key";
    // A rename keeps keys: the key is not the name.
    const std::string ns = cluster.policies[0].namespaceName;
    document->edit(QStringLiteral("rename"), core::ClusterEdits::renameNamespace(cluster, ns, ns + "-renamed"));
    EXPECT_EQ(document->policyIndex(second), 1);
}

TEST_F(ClusterEdit, ANewWorkloadGetsItsPositionInsideTheCommandThatAddsIt)
{
    ASSERT_FALSE(document->positions().isEmpty());
    core::Workload w;
    w.namespaceName = document->cluster().namespaces.front().name;
    w.name = "cache";
    w.kind = "Deployment";
    w.labels = {{"app", "cache"}};
    const QString id = QString::fromStdString(w.qualifiedName());
    const auto before = document->positions();
    ASSERT_TRUE(document->edit(QStringLiteral("add"), core::ClusterEdits::addWorkload(document->cluster(), w)));
    ASSERT_EQ(events.size(), 1u) << "the scene writes nothing back while it handles the change";
    EXPECT_TRUE(events.front().what & Change::Workloads);
    EXPECT_TRUE(events.front().what & Change::Positions);
    EXPECT_TRUE(events.front().movedNodes.contains(id));
    ASSERT_TRUE(document->hasPosition(id));
    ASSERT_TRUE(scene->node(id));
    EXPECT_EQ(scene->node(id)->pos(), document->positions().value(id));
    for (auto it = before.begin(); it != before.end(); ++it)
        EXPECT_EQ(document->positions().value(it.key()), it.value()) << it.key().toStdString();
    document->undoStack()->undo();
    EXPECT_FALSE(scene->node(id));
    document->undoStack()->redo();
    ASSERT_TRUE(scene->node(id));
    EXPECT_EQ(scene->node(id)->pos(), document->positions().value(id));
}

TEST_F(ClusterEdit, ARenamedNamespaceKeepsItsNodesWhereTheyStood)
{
    const core::Workload &w = document->cluster().workloads.front();
    const QString from = QString::fromStdString(w.qualifiedName());
    const std::string ns = w.namespaceName;
    const QPointF at = document->positions().value(from);
    document->edit(QStringLiteral("rename"), core::ClusterEdits::renameNamespace(document->cluster(), ns, "moved"));
    const QString to = QStringLiteral("moved/") + QString::fromStdString(document->cluster().workloads.front().name);
    ASSERT_TRUE(scene->node(to));
    EXPECT_EQ(scene->node(to)->pos(), at);
    EXPECT_EQ(document->positions().value(to), at);
}
