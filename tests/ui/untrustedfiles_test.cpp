// Saving and side files under attack (issue "Untrusted input"): names that climb out of the
// chosen folder, an input file that holds more than the policy, and layout side files that are
// symlinks, FIFOs, /dev/zero or hold absurd coordinates. The hostile files are made here, in a
// temp folder.
#include "core/manifestloader.h"
#include "ui/document.h"
#include "ui/documentmanager.h"
#include "ui/graphscene.h"
#include "ui/mainwindow.h"
#include "ui/movenodescommand.h"
#include "ui/nodeitem.h"
#include "ui/problemsdock.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStatusBar>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

const QString kLab = QStringLiteral(":/labs/netpol-lab/cluster.yaml");
const QString kClient = QStringLiteral("netpol-lab/client");

QByteArray contents(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

void put(const QString &file, const QByteArray &text)
{
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

core::NetworkPolicy policy(const std::string &ns, const std::string &name)
{
    core::NetworkPolicy p;
    p.namespaceName = ns;
    p.name = name;
    p.policyTypes = {core::PolicyType::Ingress};
    return p;
}

// The warnings the document gave about its layout side file.
QStringList layoutWarnings(const Document &d)
{
    QStringList out;
    for (const core::Diagnostic &diag : d.diagnostics())
        if (QString::fromStdString(diag.location.file)
                .endsWith(QLatin1String(".netfence-layout.json")))
            out << QString::fromStdString(diag.message);
    return out;
}

bool finite(const QPointF &p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y()) && std::abs(p.x()) < 1e7 &&
           std::abs(p.y()) < 1e7;
}

class Untrusted : public testing::Test
{
protected:
    void SetUp() override
    {
        window = std::make_unique<MainWindow>();
        window->setQuestionHandler(
            [this](const QString &title, const QString &text, QMessageBox::StandardButtons) {
                questions << title + QStringLiteral(": ") + text;
                return answer;
            });
        ASSERT_TRUE(dir.isValid());
        ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("in")));
        ASSERT_TRUE(QFile::copy(kLab, path(QStringLiteral("in/cluster.yaml"))));
        QFile::setPermissions(path(QStringLiteral("in/cluster.yaml")),
                              QFile::ReadOwner | QFile::WriteOwner);
    }
    QString path(const QString &name) const { return dir.filePath(name); }
    // Opens in/cluster.yaml and returns how long it took in milliseconds.
    qint64 openCluster()
    {
        QElapsedTimer timer;
        timer.start();
        window->openPaths({path(QStringLiteral("in/cluster.yaml"))});
        const qint64 ms = timer.elapsed();
        window->scene()->waitForLayout();
        return ms;
    }
    void drag(const QString &id, QPointF to)
    {
        window->document()->undoStack()->push(
            new MoveNodesCommand(window->document(), QStringLiteral("Move"), {{id, to}}));
    }
    bool close()
    {
        QCloseEvent event;
        QApplication::sendEvent(window.get(), &event);
        return event.isAccepted();
    }

    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
    QStringList questions;
    QMessageBox::StandardButton answer = QMessageBox::No;
};

// The attack: policies in namespaces "/tmp/nf_abs" and "../../../../tmp/nf_trav" were written
// to /tmp by Save Policies to Folder.
TEST_F(Untrusted, SaveToFolderKeepsEveryFileInsideTheFolder)
{
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("out")));
    core::LoadResult hostile;
    hostile.cluster.policies = {policy(path(QStringLiteral("nf_abs")).toStdString(), "p"),
                                policy("../nf_trav", "p"), policy("../../../../tmp/nf_trav", "p"),
                                policy("shop", "../../nf_name"), policy("shop", "web")};
    window->document()->setContents(hostile, {});
    EXPECT_FALSE(window->documentManager()->saveToFolder(path(QStringLiteral("out"))));
    // Only the valid policy was written, inside the folder; nothing appeared next to it.
    EXPECT_EQ(QDir(path(QStringLiteral("out")))
                  .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
              QStringList{QStringLiteral("shop-web.yaml")});
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
              (QStringList{QStringLiteral("in"), QStringLiteral("out")}));
    EXPECT_FALSE(QFile::exists(QStringLiteral("/tmp/nf_trav-p.yaml")));
    const QString error = window->documentManager()->lastSaveError();
    EXPECT_TRUE(error.contains(QStringLiteral("4 policies could not be saved")))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("../nf_trav/p: not written, the namespace name")))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("shop/../../nf_name: not written, the policy name")))
        << error.toStdString();
}

// A link planted in the folder under a policy's file name would take the write elsewhere.
TEST_F(Untrusted, SaveToFolderDoesNotWriteThroughASymlinkInTheFolder)
{
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("out")));
    put(path(QStringLiteral("victim.txt")), "precious");
    ASSERT_TRUE(
        QFile::link(QStringLiteral("../victim.txt"), path(QStringLiteral("out/shop-web.yaml"))));
    core::LoadResult r;
    r.cluster.policies = {policy("shop", "web")};
    window->document()->setContents(r, {});
    EXPECT_FALSE(window->documentManager()->saveToFolder(path(QStringLiteral("out"))));
    EXPECT_EQ(contents(path(QStringLiteral("victim.txt"))), "precious");
    EXPECT_TRUE(QFileInfo(path(QStringLiteral("out/shop-web.yaml"))).isSymLink());
    EXPECT_TRUE(window->documentManager()->lastSaveError().contains(QStringLiteral("symbolic link")))
        << window->documentManager()->lastSaveError().toStdString();
}

// The attack: saving into the folder of an opened manifest replaced default-web.yaml, a Pod
// plus a policy, with the policy alone.
TEST_F(Untrusted, SaveToFolderNamesWhatReplacingAnInputWouldDrop)
{
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("in2")));
    const QByteArray podAndPolicy =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default, labels: {app: web}}\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
        "metadata: {name: web, namespace: default}\nspec: {podSelector: {matchLabels: {app: "
        "web}}}\n";
    put(path(QStringLiteral("in2/default-web.yaml")), podAndPolicy);
    put(path(QStringLiteral("in2/db.yaml")),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
        "metadata: {name: db, namespace: default}\nspec: {podSelector: {}}\n");
    window->openPaths({path(QStringLiteral("in2"))});
    ASSERT_EQ(window->document()->cluster().policies.size(), 2u);

    // No: the existing file stays as it was, the new one is written.
    answer = QMessageBox::No;
    EXPECT_TRUE(window->documentManager()->saveToFolder(path(QStringLiteral("in2"))));
    ASSERT_EQ(questions.size(), 1);
    EXPECT_TRUE(questions[0].contains(
        QStringLiteral("default-web.yaml, a file you opened: replacing it drops Pod default/web")))
        << questions[0].toStdString();
    EXPECT_EQ(contents(path(QStringLiteral("in2/default-web.yaml"))), podAndPolicy);
    EXPECT_TRUE(QFile::exists(path(QStringLiteral("in2/default-db.yaml"))));

    // Cancel: nothing at all, not even the files that are new.
    QFile::remove(path(QStringLiteral("in2/default-db.yaml")));
    answer = QMessageBox::Cancel;
    EXPECT_FALSE(window->documentManager()->saveToFolder(path(QStringLiteral("in2"))));
    EXPECT_EQ(contents(path(QStringLiteral("in2/default-web.yaml"))), podAndPolicy);
    EXPECT_FALSE(QFile::exists(path(QStringLiteral("in2/default-db.yaml"))));

    // Yes after being told: replaced by the policy alone.
    answer = QMessageBox::Yes;
    EXPECT_TRUE(window->documentManager()->saveToFolder(path(QStringLiteral("in2"))));
    const core::LoadResult after =
        core::ManifestLoader::load({path(QStringLiteral("in2/default-web.yaml")).toStdString()});
    EXPECT_EQ(after.cluster.policies.size(), 1u);
    EXPECT_TRUE(after.cluster.workloads.empty());
}

// The attack: default-web.netfence-layout.json -> ../victim/precious.txt was replaced after a
// node drag, even after choosing Discard on quit.
TEST_F(Untrusted, ASymlinkedSideFileIsNeverFollowed)
{
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("victim")));
    const QByteArray precious =
        "{\"format\": \"netfence-layout-1\", \"nodes\": {\"netpol-lab/client\": [5, 5]}}";
    put(path(QStringLiteral("victim/precious.txt")), precious);
    const QString side = path(QStringLiteral("in/cluster.netfence-layout.json"));
    ASSERT_TRUE(QFile::link(QStringLiteral("../victim/precious.txt"), side));
    openCluster();
    Document *d = window->document();
    // Not read: its position is not used, and the user hears why, once.
    EXPECT_NE(window->scene()->node(kClient)->pos(), QPointF(5, 5));
    const QStringList warnings = layoutWarnings(*d);
    ASSERT_EQ(warnings.size(), 1) << warnings.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(warnings[0].contains(QStringLiteral("symbolic link"))) << warnings[0].toStdString();

    // A drag, then Save: the policies are saved, the side file is not written through the link.
    drag(kClient, QPointF(900, 900));
    ASSERT_TRUE(window->documentManager()->saveTo(path(QStringLiteral("out.yaml")), false));
    EXPECT_EQ(contents(path(QStringLiteral("victim/precious.txt"))), precious);
    EXPECT_TRUE(QFileInfo(side).isSymLink());
    // Another drag, then quit with Discard.
    drag(kClient, QPointF(1200, 1200));
    answer = QMessageBox::Discard;
    EXPECT_TRUE(close());
    EXPECT_EQ(contents(path(QStringLiteral("victim/precious.txt"))), precious);
    EXPECT_TRUE(QFileInfo(side).isSymLink());
}

TEST_F(Untrusted, DiscardOnQuitWritesNoSideFile)
{
    openCluster();
    drag(kClient, QPointF(700, 300));
    ASSERT_TRUE(window->document()->isModified());
    answer = QMessageBox::Discard;
    EXPECT_TRUE(close());
    EXPECT_FALSE(QFile::exists(path(QStringLiteral("in/cluster.netfence-layout.json"))));
}

// The attack: a FIFO as side file froze the app forever.
TEST_F(Untrusted, AFifoSideFileIsReportedAndTheLoadReturnsPromptly)
{
    const QString side = path(QStringLiteral("in/cluster.netfence-layout.json"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(side).constData(), 0600), 0);
    // Should the load block on the FIFO, a writer comes after 20 s so the test fails instead of
    // hanging.
    std::atomic<bool> done = false;
    std::thread watchdog([&] {
        for (int i = 0; i < 200 && !done; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!done) {
            const int fd = ::open(QFile::encodeName(side).constData(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) ::close(fd);
        }
    });
    const qint64 ms = openCluster();
    done = true;
    watchdog.join();
    EXPECT_LT(ms, 15000);
    const QStringList warnings = layoutWarnings(*window->document());
    ASSERT_EQ(warnings.size(), 1);
    EXPECT_TRUE(warnings[0].contains(QStringLiteral("FIFO"))) << warnings[0].toStdString();
    // The automatic layout placed every node.
    for (NodeItem *n : window->scene()->nodes())
        EXPECT_TRUE(window->document()->hasPosition(n->id())) << n->id().toStdString();
    // Double-clicking the warning in Problems does not open the FIFO either.
    auto *problems = window->findChild<ProblemsDock *>();
    ASSERT_TRUE(problems);
    emit problems->openLocation(side, 0, 0);
    EXPECT_TRUE(window->statusText().contains(
        QStringLiteral("not a readable regular file")))
        << window->statusText().toStdString();
    // And nothing is ever written into it.
    drag(kClient, QPointF(10, 10));
    QString error;
    EXPECT_FALSE(window->document()->saveLayoutFile(&error));
    EXPECT_TRUE(error.contains(QStringLiteral("FIFO"))) << error.toStdString();
}

// The attack: a side file linked to /dev/zero ran to 2.1 GB and aborted.
TEST_F(Untrusted, ASideFileLinkedToDevZeroIsNotRead)
{
    ASSERT_TRUE(QFile::link(QStringLiteral("/dev/zero"),
                            path(QStringLiteral("in/cluster.netfence-layout.json"))));
    openCluster();
    const QStringList warnings = layoutWarnings(*window->document());
    ASSERT_EQ(warnings.size(), 1);
    EXPECT_TRUE(warnings[0].contains(QStringLiteral("not used"))) << warnings[0].toStdString();
    // A real file past the size limit is refused the same way.
    QFile::remove(path(QStringLiteral("in/cluster.netfence-layout.json")));
    QFile big(path(QStringLiteral("in/cluster.netfence-layout.json")));
    ASSERT_TRUE(big.open(QIODevice::WriteOnly));
    ASSERT_TRUE(big.resize(Document::kMaxLayoutFileBytes + 1));
    big.close();
    openCluster();
    const QStringList tooBig = layoutWarnings(*window->document());
    ASSERT_EQ(tooBig.size(), 1);
    EXPECT_TRUE(tooBig[0].contains(QStringLiteral("limit"))) << tooBig[0].toStdString();
}

// The attack: coordinates of ±1e308 blanked the graph without a word.
TEST_F(Untrusted, AbsurdCoordinatesAreIgnoredWithOneWarning)
{
    put(path(QStringLiteral("in/cluster.netfence-layout.json")),
        "{\"format\": \"netfence-layout-1\", \"nodes\": {"
        "\"netpol-lab/client\": [1e308, -1e308], \"netpol-lab/frontend\": [20000000, 5],"
        "\"netpol-lab/database\": [\"NaN\", 1], \"kube-system/kube-dns\": [1],"
        "\"netpol-lab/backend\": [400, 250]}}");
    openCluster();
    const QStringList warnings = layoutWarnings(*window->document());
    ASSERT_EQ(warnings.size(), 1);
    EXPECT_TRUE(warnings[0].startsWith(QStringLiteral("4 node positions")))
        << warnings[0].toStdString();
    // Every node sits somewhere the view can show.
    for (NodeItem *n : window->scene()->nodes())
        EXPECT_TRUE(finite(n->pos())) << n->id().toStdString();
    const QRectF all = window->scene()->itemsBoundingRect();
    EXPECT_LT(all.width(), 1e6);
    EXPECT_LT(all.height(), 1e6);
    // Not JSON at all: one warning, the automatic layout.
    put(path(QStringLiteral("in/cluster.netfence-layout.json")),
        "{\"nodes\": {\"netpol-lab/client\": [NaN, Infinity]}}");
    openCluster();
    ASSERT_EQ(layoutWarnings(*window->document()).size(), 1);
    for (NodeItem *n : window->scene()->nodes())
        EXPECT_TRUE(finite(n->pos())) << n->id().toStdString();
}

} // namespace
