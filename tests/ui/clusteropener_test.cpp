// Opening a large cluster off the UI thread: the same document as a plain open, Cancel keeps
// the design that was open and says so, and the window stays usable.
#include "core/clustergenerator.h"
#include "drawnarrows.h"
#include "ui/clusteropener.h"
#include "ui/document.h"
#include "ui/documentmanager.h"
#include "ui/graphscene.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

QString writeCluster(const QTemporaryDir &dir, int workloads)
{
    core::ClusterGenerator::Options options;
    options.namespaces = 20;
    options.workloads = workloads;
    options.policies = workloads / 10;
    options.seed = 11;
    const std::string err = core::ClusterGenerator::write(core::ClusterGenerator::generate(options),
                                                          dir.path().toStdString());
    EXPECT_EQ(err, "");
    return dir.path();
}

// The parts a reader fills; Cluster has no operator==.
void expectSameCluster(const core::Cluster &a, const core::Cluster &b)
{
    ASSERT_EQ(a.workloads.size(), b.workloads.size());
    for (size_t i = 0; i < a.workloads.size(); ++i) {
        EXPECT_EQ(a.workloads[i].namespaceName, b.workloads[i].namespaceName);
        EXPECT_EQ(a.workloads[i].name, b.workloads[i].name);
        EXPECT_EQ(a.workloads[i].labels, b.workloads[i].labels);
    }
    EXPECT_EQ(a.namespaces.size(), b.namespaces.size());
    EXPECT_TRUE(a.policies == b.policies);
    EXPECT_TRUE(a.clusterPolicies == b.clusterPolicies);
}

void expectEvaluatedAsNew(const Document &document)
{
    const core::Evaluator &ev = document.evaluator();
    EXPECT_EQ(&ev.cluster(), &document.cluster()); // follows the document's own copy
    EXPECT_TRUE(ev.isComplete());
    core::Evaluator fresh(document.cluster());
    fresh.evaluateAll(1);
    ASSERT_EQ(ev.classCount(), fresh.classCount());
    for (size_t c = 0; c < ev.classCount(); ++c)
        for (size_t d = 0; d < ev.classCount(); ++d)
            ASSERT_EQ(ev.connectionSet(ev.connectionId(c, d)),
                      fresh.connectionSet(fresh.connectionId(c, d)));
}

} // namespace

TEST(ClusterOpener, ALargeOpenRunsInTheBackgroundAndGivesTheDocumentAPlainOpenGives)
{
    QTemporaryDir dir;
    const QString path = writeCluster(dir, 600);
    MainWindow window;
    window.show();
    ClusterOpener *opener = window.clusterOpener();
    EXPECT_FALSE(opener->isLarge({path})); // small: read at once
    opener->setThreshold(0);
    ASSERT_TRUE(opener->isLarge({path}));
    QSignalSpy opened(opener, &ClusterOpener::opened);
    window.openPaths({path});
    EXPECT_TRUE(opener->isRunning()); // openPaths returned before the cluster was read
    EXPECT_EQ(window.document()->cluster().workloads.size(), 0u);
    ASSERT_TRUE(opened.wait(60000));
    EXPECT_FALSE(opener->isRunning());

    Document plain;
    plain.load({path});
    expectSameCluster(window.document()->cluster(), plain.cluster());
    EXPECT_EQ(window.document()->paths(), QStringList{path});
    expectEvaluatedAsNew(*window.document());
    // The first picture's arrows were built on the thread, beside the cluster, and rebound to
    // the document's copy: the scene took them, and they are what a plain open draws.
    EXPECT_FALSE(window.document()->takePicture());
    EXPECT_TRUE(window.scene()->isCollapsed(QString::fromStdString(
        window.document()->cluster().namespaces.front().name))); // 600 workloads
    GraphScene plainScene(&plain);
    const std::vector<std::string> drawn = drawnArrows(*window.scene()->edgeLayer());
    EXPECT_GT(drawn.size(), 10u);
    EXPECT_EQ(drawn, drawnArrows(*plainScene.edgeLayer()));
    // The lint's copy of the design was made on the thread too, and is the design; a move
    // keeps it, an edit makes a new one that has the edit.
    const std::shared_ptr<const core::Cluster> snapshot = window.document()->snapshot();
    expectSameCluster(*snapshot, plain.cluster());
    window.document()->movePositions({{QStringLiteral("ext:0.0.0.0/0"), QPointF(1, 2)}});
    EXPECT_EQ(window.document()->snapshot(), snapshot);
    // Later edits reach the evaluator that came from the thread.
    std::vector<core::NetworkPolicy> policies = window.document()->cluster().policies;
    ASSERT_FALSE(policies.empty());
    policies.front().podSelector.matchLabels["edited"] = "yes";
    window.document()->changePolicies(QStringLiteral("edit"), std::move(policies));
    expectEvaluatedAsNew(*window.document());
    const std::shared_ptr<const core::Cluster> edited = window.document()->snapshot();
    EXPECT_NE(edited, snapshot);
    EXPECT_EQ(edited->policies.front().podSelector.matchLabels.at("edited"), "yes");
    EXPECT_EQ(window.document()->snapshot(), edited); // made once per change
}

TEST(ClusterOpener, CancelDuringEvaluationKeepsTheOpenDesignAndSaysSo)
{
    QTemporaryDir dir, smallDir;
    const QString path = writeCluster(dir, 6000);
    const QString small = writeCluster(smallDir, 300);
    MainWindow window;
    window.show();
    window.openBuiltInLab();
    const core::Cluster before = window.document()->cluster();
    const QStringList pathsBefore = window.document()->paths();
    ClusterOpener *opener = window.clusterOpener();
    opener->setThreshold(0);
    QSignalSpy cancelled(opener, &ClusterOpener::cancelled);
    QSignalSpy opened(opener, &ClusterOpener::opened);
    window.openPaths({path});
    QElapsedTimer waited;
    waited.start();
    while (opener->phase() != ClusterOpener::Phase::Evaluating && opener->isRunning() &&
           waited.elapsed() < 60000)
        QTest::qWait(1);
    ASSERT_EQ(opener->phase(), ClusterOpener::Phase::Evaluating);
    opener->cancel();
    ASSERT_TRUE(cancelled.wait(60000) || cancelled.count() == 1);
    EXPECT_EQ(opened.count(), 0);
    EXPECT_FALSE(opener->isRunning());
    expectSameCluster(window.document()->cluster(), before);
    EXPECT_EQ(window.document()->paths(), pathsBefore);
    EXPECT_TRUE(window.statusText().contains(QStringLiteral("cancelled")));
    EXPECT_TRUE(window.statusText().contains(QStringLiteral("stays open")));
    // The window is usable: the old design still edits and evaluates, and a new open works.
    expectEvaluatedAsNew(*window.document());
    ASSERT_GE(window.scene()->nodes().size(), 1);
    window.openPaths({small});
    ASSERT_TRUE(opened.wait(60000));
    EXPECT_EQ(window.document()->cluster().workloads.size(), 300u);
}

TEST(ClusterOpener, AReloadOfALargeClusterIsReadInTheBackgroundToo)
{
    QTemporaryDir dir;
    const QString path = writeCluster(dir, 300);
    MainWindow window;
    window.show();
    ClusterOpener *opener = window.clusterOpener();
    opener->setThreshold(0);
    QSignalSpy opened(opener, &ClusterOpener::opened);
    window.openPaths({path});
    ASSERT_TRUE(opened.wait(60000));
    QSignalSpy loaded(window.document(), &Document::loaded);
    ASSERT_TRUE(window.documentManager()->reload());
    EXPECT_TRUE(opener->isRunning()) << "reload returned before the files were read again";
    EXPECT_EQ(loaded.count(), 0);
    ASSERT_TRUE(opened.wait(60000));
    EXPECT_EQ(loaded.count(), 1);
    EXPECT_EQ(window.document()->paths(), QStringList{path});
    EXPECT_FALSE(window.document()->isModified());
    EXPECT_FALSE(window.documentManager()->changedOnDisk(path));
}
