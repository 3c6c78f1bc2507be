// File -> Import from Cluster through a stand-in kubectl on PATH: progress, cancel, the
// snapshot folder and what the window shows afterwards.
#include "ui/clusterimporter.h"
#include "ui/document.h"
#include "ui/edgelayeritem.h"
#include "ui/graphscene.h"
#include "ui/inspectordock.h"
#include "ui/mainwindow.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <cstdlib>
#include <sys/stat.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

void writeFile(const QString &path, const QByteArray &text, bool executable = false)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    if (executable) ::chmod(path.toLocal8Bit().constData(), 0755);
}

// Answers `get pods` from a fixture and every other kind with an empty List; context "slow"
// hangs, "missing" fails as kubectl does.
const char *kKubectl = R"(#!/bin/sh
here=$(/usr/bin/dirname "$0")
res=""
prev=""
ctx=""
for a in "$@"; do
  case "$a" in --context=*) ctx="${a#--context=}";; esac
  if [ "$prev" = "get" ]; then res="$a"; fi
  prev="$a"
done
case "$ctx" in
  missing) echo "error: context \"missing\" does not exist" >&2; exit 1;;
  slow) /bin/sleep 30;;
esac
if [ -f "$here/$res.json" ]; then /bin/cat "$here/$res.json"; exit 0; fi
echo '{"apiVersion": "v1", "items": [], "kind": "List"}'
)";

class ImportFromCluster : public testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(mDir.isValid());
        writeFile(mDir.filePath(QStringLiteral("bin/kubectl")), kKubectl, true);
        writeFile(mDir.filePath(QStringLiteral("bin/pods.json")),
                  R"({"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web"},
   "ownerReferences": [{"kind": "ReplicaSet", "name": "web-5d9c", "controller": true}]},
   "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 8080}]}]},
   "status": {"phase": "Running", "podIP": "10.0.0.9"}}
]}
)");
        mOldPath = qgetenv("PATH");
        qputenv("PATH", mDir.filePath(QStringLiteral("bin")).toLocal8Bit());
    }
    void TearDown() override { qputenv("PATH", mOldPath); }

    QTemporaryDir mDir;
    QByteArray mOldPath;
};

TEST_F(ImportFromCluster, ImportsSavesTheSnapshotAndOpensIt)
{
    MainWindow window;
    window.setQuestionHandler([](const QString &, const QString &, QMessageBox::StandardButtons) {
        return QMessageBox::Yes;
    });
    QAction *action = window.findChild<QAction *>(QStringLiteral("importFromCluster"));
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->text(), QStringLiteral("&Import from Cluster…"));
    QSignalSpy progress(window.clusterImporter(), &ClusterImporter::progress);
    QSignalSpy finished(window.clusterImporter(), &ClusterImporter::finished);
    const QString snapshot = mDir.filePath(QStringLiteral("snap"));
    window.importFromCluster({}, snapshot);
    ASSERT_TRUE(finished.wait(20000));
    QCoreApplication::processEvents();
    EXPECT_GE(progress.count(), 16);
    EXPECT_TRUE(window.lastImportError().isEmpty()) << window.lastImportError().toStdString();
    EXPECT_TRUE(QFile::exists(snapshot + QStringLiteral("/pods.json")));
    EXPECT_EQ(window.document()->cluster().workloads.size(), 1u);
    EXPECT_EQ(window.document()->cluster().workloads[0].name, "web-5d9c");
    EXPECT_TRUE(window.statusText().contains(QStringLiteral("snapshot saved in")))
        << window.statusText().toStdString();
}

TEST_F(ImportFromCluster, FailureShowsTheCommandAndStderr)
{
    MainWindow window;
    window.setQuestionHandler([](const QString &, const QString &, QMessageBox::StandardButtons) {
        return QMessageBox::Ok;
    });
    QSignalSpy finished(window.clusterImporter(), &ClusterImporter::finished);
    core::ClusterImport::Options options;
    options.context = "missing";
    window.importFromCluster(options, mDir.filePath(QStringLiteral("snap")));
    ASSERT_TRUE(finished.wait(20000));
    QCoreApplication::processEvents();
    EXPECT_TRUE(window.lastImportError().contains(
        QStringLiteral("kubectl --context=missing get namespaces")))
        << window.lastImportError().toStdString();
    EXPECT_TRUE(window.lastImportError().contains(QStringLiteral("exited with code 1")));
    EXPECT_TRUE(window.lastImportError().contains(QStringLiteral("does not exist")));
    EXPECT_FALSE(QFile::exists(mDir.filePath(QStringLiteral("snap"))));
}

TEST_F(ImportFromCluster, CancelInTheProgressDialogStopsKubectl)
{
    MainWindow window;
    QSignalSpy finished(window.clusterImporter(), &ClusterImporter::finished);
    core::ClusterImport::Options options;
    options.context = "slow";
    QElapsedTimer timer;
    timer.start();
    window.importFromCluster(options, mDir.filePath(QStringLiteral("snap")));
    auto *progress = window.findChild<QProgressDialog *>(QStringLiteral("importProgress"));
    ASSERT_NE(progress, nullptr);
    QTest::qWait(300);
    auto *cancel = progress->findChild<QPushButton *>();
    ASSERT_NE(cancel, nullptr);
    cancel->click(); // as the user does
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_LT(timer.elapsed(), 5000);
    QCoreApplication::processEvents();
    EXPECT_TRUE(window.statusText().contains(QStringLiteral("cancelled")));
    EXPECT_TRUE(window.document()->cluster().workloads.empty());
}

TEST(IngressInTheApp, ExposedWorkloadShowsItsHostsAndTheInspectorTheVerdict)
{
    MainWindow window;
    window.openPaths(
        {QStringLiteral(NETFENCE_CORPUS_DIR "/netpol-analyzer-ingress/acs-security-demos")});
    NodeItem *webapp = window.scene()->node(QStringLiteral("frontend/webapp"));
    ASSERT_NE(webapp, nullptr);
    webapp->setSelected(true);
    QCoreApplication::processEvents();
    const QString text = window.inspector()->text();
    EXPECT_TRUE(text.contains(
        QStringLiteral("Route frontend/webapp through Service webapp-service to port 8080")))
        << text.toStdString();
    EXPECT_TRUE(
        text.contains(QStringLiteral("Its policies let the ingress controller in: TCP 8080")))
        << text.toStdString();

    // The controller is a node outside the cluster; selecting it lists every exposed workload.
    NodeItem *controller = window.scene()->node(QStringLiteral("{ingress-controller}"));
    ASSERT_NE(controller, nullptr);
    EXPECT_TRUE(controller->isIngressController());
    EXPECT_EQ(controller->title(), QStringLiteral("Ingress controller"));
    // Its arrows start at that node (they once pointed at an "ext:" id no node has).
    bool arrowToWebapp = false;
    for (const GraphEdge &e : window.scene()->edgeLayer()->edges()) {
        if (e.from.contains(QLatin1String("ingress-controller"))) {
            EXPECT_EQ(e.from, QStringLiteral("{ingress-controller}"));
        }
        arrowToWebapp |= e.from == QStringLiteral("{ingress-controller}") && e.to == QStringLiteral("frontend/webapp");
    }
    EXPECT_TRUE(arrowToWebapp);
    webapp->setSelected(false);
    controller->setSelected(true);
    QCoreApplication::processEvents();
    const QString about = window.inspector()->text();
    EXPECT_TRUE(about.contains(QStringLiteral("frontend/asset-cache: allowed TCP 8080")))
        << about.toStdString();
}

// View -> Show Exposure draws netpol-analyzer's exposure peers as placeholders in their own
// dashed area, laid out with the rest (no arrow through a pod box), and the Inspector names the
// rule that opens each.
TEST(ExposureInTheApp, ToggleDrawsPlaceholdersAndTheInspectorNamesTheRules)
{
    MainWindow window;
    window.openPaths({QStringLiteral(NETFENCE_CORPUS_DIR
                                     "/netpol-analyzer-exposure/exposure_to_new_namespace_conn_and_entire_cluster")});
    GraphScene *scene = window.scene();
    scene->waitForLayout();
    QCoreApplication::processEvents();
    const QString wide = QStringLiteral("entire-cluster");
    const QString managed =
        QStringLiteral("[namespace with {{Key:foo.com/managed-state,Operator:In,Values:[managed],}}]/[all pods]");
    EXPECT_EQ(scene->node(wide), nullptr);
    QAction *toggle = window.showExposureAction();
    ASSERT_NE(toggle, nullptr);
    EXPECT_FALSE(toggle->isChecked());
    toggle->trigger();
    EXPECT_TRUE(scene->showExposure());
    scene->waitForLayout();
    QCoreApplication::processEvents();

    NodeItem *cluster = scene->node(wide);
    NodeItem *namespaces = scene->node(managed);
    ASSERT_NE(cluster, nullptr);
    ASSERT_NE(namespaces, nullptr);
    EXPECT_TRUE(cluster->isExposure());
    EXPECT_EQ(cluster->group(), GraphScene::exposureGroup());
    EXPECT_EQ(cluster->title(), QStringLiteral("entire cluster"));
    EXPECT_TRUE(namespaces->title().startsWith(QStringLiteral("any pod in any namespace with")))
        << namespaces->title().toStdString();
    NamespaceItem *area = scene->namespaceItem(GraphScene::exposureGroup());
    ASSERT_NE(area, nullptr);
    EXPECT_TRUE(area->isOutside()); // drawn dashed
    EXPECT_TRUE(area->sceneBoundingRect().contains(cluster->sceneBoundingRect()));

    // The arrows of the report: entire-cluster => workload-a on TCP 8050, the managed
    // namespaces on TCP 8050,8090, and workload-a's egress to the entire cluster.
    QStringList arrows;
    for (const GraphEdge &e : scene->edgeLayer()->edges())
        if (e.from == wide || e.to == wide || e.from == managed || e.to == managed)
            arrows << e.from + QStringLiteral(" -> ") + e.to + QStringLiteral(" : ") + e.label;
    arrows.sort();
    EXPECT_TRUE(arrows.contains(QStringLiteral("entire-cluster -> hello-world/workload-a : TCP 8050")))
        << arrows.join('\n').toStdString();
    EXPECT_TRUE(arrows.contains(managed + QStringLiteral(" -> hello-world/workload-a : TCP 8050,8090")))
        << arrows.join('\n').toStdString();
    EXPECT_TRUE(arrows.contains(QStringLiteral("hello-world/workload-a -> entire-cluster : All")))
        << arrows.join('\n').toStdString();

    // No routed arrow passes through a box other than its own ends.
    int routed = 0;
    for (const GraphEdge &e : scene->edgeLayer()->edges()) {
        if (e.route.size() < 4)
            continue;
        ++routed;
        for (NodeItem *n : scene->nodes()) {
            if (n->id() == e.from || n->id() == e.to || !n->isVisible())
                continue;
            const QRectF box = n->sceneBoundingRect().adjusted(4, 4, -4, -4);
            for (int k = 0; k + 3 < e.route.size(); k += 3)
                for (int i = 0; i <= 20; ++i) {
                    const qreal t = i / 20.0, u = 1 - t;
                    const QPointF p = u * u * u * e.route[k] + 3 * u * u * t * e.route[k + 1] +
                                      3 * u * t * t * e.route[k + 2] + t * t * t * e.route[k + 3];
                    EXPECT_FALSE(box.contains(p)) << e.from.toStdString() << " -> " << e.to.toStdString()
                                                  << " crosses " << n->id().toStdString();
                }
        }
    }
    EXPECT_GT(routed, 0);

    // The Inspector says which rule opens the placeholder's arrows, and on the workload too.
    namespaces->setSelected(true);
    QCoreApplication::processEvents();
    QString text = window.inspector()->text();
    EXPECT_TRUE(text.contains(QStringLiteral("Beyond the manifests"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("NetworkPolicy hello-world/combined-ingress-rules ingress rule 2: TCP 8090")))
        << text.toStdString();
    namespaces->setSelected(false);
    NodeItem *workload = scene->node(QStringLiteral("hello-world/workload-a"));
    ASSERT_NE(workload, nullptr);
    workload->setSelected(true);
    QCoreApplication::processEvents();
    text = window.inspector()->text();
    EXPECT_TRUE(text.contains(QStringLiteral("policies open it to"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("no NetworkPolicy selects it for Egress"))) << text.toStdString();
    workload->setSelected(false);

    toggle->trigger();
    EXPECT_FALSE(scene->showExposure());
    EXPECT_EQ(scene->node(wide), nullptr);
    EXPECT_EQ(scene->namespaceItem(GraphScene::exposureGroup()), nullptr);
    for (const GraphEdge &e : scene->edgeLayer()->edges())
        EXPECT_NE(e.from, wide);
}

} // namespace
