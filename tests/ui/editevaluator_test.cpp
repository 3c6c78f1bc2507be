// Edits that evaluate afresh, evaluated off the UI thread first (EditEvaluator): the design
// changes only when its evaluator and picture are ready, equal to an edit made on the spot;
// undo and redo go the same way; Cancel, a second edit meanwhile and a load meanwhile leave
// the design whole.
#include "core/clusteredits.h"
#include "core/yamlwriter.h"
#include "drawnarrows.h"
#include "generateddesign.h"
#include "ui/document.h"
#include "ui/editevaluator.h"
#include "ui/graphscene.h"
#include "ui/mainwindow.h"
#include "ui/policydock.h"

#include <QAction>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

// Every workload pair's connections, in words: equal evaluators give equal lists.
std::vector<std::string> allPairs(const Document &d)
{
    std::vector<std::string> out;
    const core::Cluster &c = d.cluster();
    for (size_t a = 0; a < c.workloads.size(); a += 3)
        for (size_t b = 0; b < c.workloads.size(); b += 5)
            out.push_back(c.workloads[a].qualifiedName() + " -> " + c.workloads[b].qualifiedName() +
                          ": " +
                          d.evaluator()
                              .allowed(core::Endpoint::ofWorkload(a), core::Endpoint::ofWorkload(b))
                              .toString());
    return out;
}

void waitWhileEvaluating(const Document &d)
{
    QElapsedTimer t;
    t.start();
    while (d.isEvaluatingEdit() && t.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

// A design with and without an edit evaluator, each with its scene, loaded alike.
class EditEvaluation : public testing::Test
{
protected:
    void SetUp() override
    {
        evaluator.setThreshold(100); // the generated design has 400 workloads
        document.setEditEvaluator(&evaluator);
        for (Document *d : {&document, &reference}) {
            d->setContents(generatedCollapsedDesign(), {});
        }
        scene.waitForLayout();
        referenceScene.waitForLayout();
    }
    // A new workload in the first namespace, labelled as the first workload there.
    core::ClusterChange addWorkload(const Document &d) const
    {
        core::Workload w = d.cluster().workloads.front();
        w.name = "added-by-the-test";
        w.podNames.clear();
        return core::ClusterEdits::addWorkload(d.cluster(), w);
    }
    void expectSame()
    {
        EXPECT_EQ(&document.evaluator().cluster(), &document.cluster())
            << "the evaluator made on the thread follows the document's own cluster";
        EXPECT_EQ(document.cluster().workloads.size(), reference.cluster().workloads.size());
        EXPECT_EQ(core::YamlWriter::design(document.cluster()),
                  core::YamlWriter::design(reference.cluster()));
        EXPECT_EQ(allPairs(document), allPairs(reference));
        EXPECT_EQ(drawnArrows(*scene.edgeLayer()), drawnArrows(*referenceScene.edgeLayer()));
        EXPECT_EQ(scene.memberCounts(), referenceScene.memberCounts());
    }

    EditEvaluator evaluator{nullptr};
    Document document, reference;
    GraphScene scene{&document}, referenceScene{&reference};
};

} // namespace

TEST_F(EditEvaluation, ALongEditIsMadeOnlyWhenItsEvaluationIsReadyAndEqualsOneMadeOnTheSpot)
{
    const size_t before = document.cluster().workloads.size();
    ASSERT_TRUE(evaluator.isLong(document.cluster(), addWorkload(document)));
    QSignalSpy changes(&document, &Document::changed);
    ASSERT_TRUE(document.edit(QStringLiteral("add"), addWorkload(document)));
    EXPECT_TRUE(document.isEvaluatingEdit());
    EXPECT_EQ(document.cluster().workloads.size(), before) << "not yet: its evaluation runs";
    EXPECT_EQ(document.undoStack()->count(), 0);
    EXPECT_FALSE(document.edit(QStringLiteral("second"), addWorkload(document)))
        << "no second edit while the first is evaluated";
    waitWhileEvaluating(document);
    ASSERT_FALSE(document.isEvaluatingEdit());
    EXPECT_EQ(changes.count(), 1);
    EXPECT_EQ(document.undoStack()->count(), 1);
    ASSERT_EQ(document.cluster().workloads.size(), before + 1);

    ASSERT_TRUE(reference.edit(QStringLiteral("add"), addWorkload(reference)));
    EXPECT_FALSE(reference.isEvaluatingEdit()) << "no edit evaluator: made on the spot";
    expectSame();
    // The snapshot for other threads is the evaluated copy, equal to the design.
    EXPECT_EQ(core::YamlWriter::design(*document.snapshot()),
              core::YamlWriter::design(document.cluster()));

    // Undo and redo through the document evaluate first too.
    document.undo();
    EXPECT_TRUE(document.isEvaluatingEdit());
    EXPECT_EQ(document.cluster().workloads.size(), before + 1);
    waitWhileEvaluating(document);
    reference.undo();
    EXPECT_EQ(document.cluster().workloads.size(), before);
    expectSame();
    document.redo();
    waitWhileEvaluating(document);
    reference.redo();
    expectSame();

    // A policy edit of a big cluster is followed on a copy of the evaluator, off the UI thread.
    const core::ClusterChange deny = core::ClusterEdits::fromRecipe(
        document.cluster(),
        core::PolicyRecipes::defaultDeny(
            document.cluster(), document.cluster().workloads.front().namespaceName, true, true));
    EXPECT_TRUE(evaluator.isLong(document.cluster(), deny));
    const core::Evaluator *evaluatorBefore = &document.evaluator();
    QSignalSpy policyChanges(&document, &Document::changed);
    ASSERT_TRUE(document.edit(QStringLiteral("deny"), deny));
    EXPECT_TRUE(document.isEvaluatingEdit());
    EXPECT_EQ(document.cluster().policies.size(), reference.cluster().policies.size())
        << "not yet: it is followed on a copy";
    waitWhileEvaluating(document);
    ASSERT_EQ(policyChanges.count(), 1);
    EXPECT_NE(&document.evaluator(), evaluatorBefore)
        << "the copy that followed the edit answers now";
    ASSERT_TRUE(reference.edit(QStringLiteral("deny"), deny));
    EXPECT_FALSE(reference.isEvaluatingEdit());
    // The same classes named as changed as the reference's evaluator names on the spot.
    QSignalSpy referenceChanges(&reference, &Document::changed);
    reference.undo();
    reference.redo();
    ASSERT_EQ(referenceChanges.count(), 2);
    const core::EvaluatorUpdate followed =
        policyChanges.front().front().value<DocumentChange>().update;
    const core::EvaluatorUpdate onTheSpot =
        referenceChanges.back().front().value<DocumentChange>().update;
    EXPECT_FALSE(followed.everything);
    EXPECT_EQ(followed.sourceClasses, onTheSpot.sourceClasses);
    EXPECT_EQ(followed.destinationClasses, onTheSpot.destinationClasses);
    expectSame();
    // Its undo and redo go the same way.
    document.undo();
    EXPECT_TRUE(document.isEvaluatingEdit());
    waitWhileEvaluating(document);
    reference.undo();
    expectSame();
    document.redo();
    waitWhileEvaluating(document);
    reference.redo();
    expectSame();
}

TEST_F(EditEvaluation, CancelLeavesTheDesignAsItWas)
{
    const core::Cluster before = document.cluster();
    const std::string design = core::YamlWriter::design(before);
    const std::vector<std::string> arrows = drawnArrows(*scene.edgeLayer());
    QSignalSpy cancelled(&evaluator, &EditEvaluator::cancelled);
    QSignalSpy changes(&document, &Document::changed);
    ASSERT_TRUE(document.edit(QStringLiteral("add"), addWorkload(document)));
    evaluator.cancel();
    waitWhileEvaluating(document);
    EXPECT_EQ(cancelled.count(), 1);
    EXPECT_EQ(changes.count(), 0);
    EXPECT_EQ(core::YamlWriter::design(document.cluster()), design);
    EXPECT_EQ(document.undoStack()->count(), 0);
    EXPECT_EQ(drawnArrows(*scene.edgeLayer()), arrows);
    // And the next edit goes through.
    ASSERT_TRUE(document.edit(QStringLiteral("add"), addWorkload(document)));
    waitWhileEvaluating(document);
    EXPECT_EQ(document.cluster().workloads.size(), before.workloads.size() + 1);
}

TEST_F(EditEvaluation, ADesignReplacedMeanwhileDropsTheEdit)
{
    ASSERT_TRUE(document.edit(QStringLiteral("add"), addWorkload(document)));
    document.loadText(QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n"),
                      QStringLiteral("other.yaml"));
    waitWhileEvaluating(document);
    EXPECT_TRUE(document.cluster().workloads.empty()) << "the edit was of the design before";
    EXPECT_EQ(document.undoStack()->count(), 0);
}

TEST_F(EditEvaluation, ANewPolicyIsSelectedOnceItIsMade)
{
    PolicyDock dock(&document);
    const size_t before = document.cluster().policies.size();
    const QString ns = QString::fromStdString(document.cluster().workloads.front().namespaceName);
    dock.newPolicy(ns);
    EXPECT_TRUE(document.isEvaluatingEdit());
    waitWhileEvaluating(document);
    ASSERT_EQ(document.cluster().policies.size(), before + 1);
    EXPECT_EQ(dock.currentPolicy(), int(before)) << "the new policy, once the edit is made";
    // A cancelled one selects nothing, not even with the next change.
    const int selected = dock.currentPolicy();
    dock.newPolicy(ns);
    evaluator.cancel();
    waitWhileEvaluating(document);
    ASSERT_TRUE(document.edit(QStringLiteral("add"), addWorkload(document)));
    waitWhileEvaluating(document);
    EXPECT_EQ(document.cluster().policies.size(), before + 1);
    EXPECT_EQ(dock.currentPolicy(), selected);
}

TEST(EditEvaluationInTheWindow, TheUndoAndRedoActionsEvaluateALongStepFirst)
{
    MainWindow window;
    window.show();
    Document *document = window.document();
    window.editEvaluator()->setThreshold(100);
    document->setContents(generatedCollapsedDesign(), {});
    const size_t before = document->cluster().workloads.size();
    core::Workload w = document->cluster().workloads.front();
    w.name = "added-in-the-window";
    ASSERT_TRUE(document->edit(QStringLiteral("add"),
                               core::ClusterEdits::addWorkload(document->cluster(), w)));
    waitWhileEvaluating(*document);
    ASSERT_EQ(document->cluster().workloads.size(), before + 1);
    auto *undo = window.findChild<QAction *>(QStringLiteral("undo"));
    auto *redo = window.findChild<QAction *>(QStringLiteral("redo"));
    ASSERT_TRUE(undo && redo);
    undo->trigger();
    EXPECT_TRUE(document->isEvaluatingEdit());
    waitWhileEvaluating(*document);
    EXPECT_EQ(document->cluster().workloads.size(), before);
    redo->trigger();
    EXPECT_TRUE(document->isEvaluatingEdit());
    waitWhileEvaluating(*document);
    EXPECT_EQ(document->cluster().workloads.size(), before + 1);
    EXPECT_EQ(document->undoStack()->count(), 1);
}
