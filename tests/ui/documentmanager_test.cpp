// DocumentManager on its own, without a window: save targets, the changed-on-disk check, one
// file per policy into a folder, recent files and reload.
#include "ui/document.h"
#include "ui/documentmanager.h"
#include "ui/fileviewer.h"

#include "core/policyrecipes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

const char *kCluster = R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: shop
  labels:
    app: db
)";

QByteArray readAll(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &file, const QByteArray &text, bool append = false)
{
    QFile f(file);
    if (!f.open(append ? QIODevice::WriteOnly | QIODevice::Append : QIODevice::WriteOnly))
        return false;
    return f.write(text) == text.size();
}

class DocumentManagerTest : public testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().remove(QStringLiteral("recent"));
        input = dir.filePath(QStringLiteral("cluster.yaml"));
        ASSERT_TRUE(writeAll(input, kCluster));
        files.setQuestionHandler(
            [this](const QString &title, const QString &, QMessageBox::StandardButtons) {
                asked << title;
                return answer;
            });
    }
    void TearDown() override { QSettings().remove(QStringLiteral("recent")); }

    // One more deny-all policy in "shop", as one undoable edit.
    void addDenyAll()
    {
        core::Cluster c = document.cluster();
        core::PolicyRecipes::apply(c, core::PolicyRecipes::defaultDeny(c, "shop", true, false));
        document.changePolicies(QStringLiteral("deny"), c.policies);
    }

    QTemporaryDir dir;
    QString input;
    Document document;
    DocumentManager files{&document, nullptr};
    QStringList asked;
    QMessageBox::StandardButton answer = QMessageBox::No;
};

TEST_F(DocumentManagerTest, SaveRemembersItsTargetAndWhatItWritesThereUntilTheNextLoad)
{
    files.open({input});
    EXPECT_TRUE(files.saveTarget().isEmpty());
    addDenyAll();
    ASSERT_TRUE(document.isModified());
    QSignalSpy targetChanged(&files, &DocumentManager::saveTargetChanged);
    QSignalSpy messages(&files, &DocumentManager::statusMessage);

    const QString policies = dir.filePath(QStringLiteral("policies.yaml"));
    ASSERT_TRUE(files.saveTo(policies, false)) << files.lastSaveError().toStdString();
    EXPECT_EQ(files.saveTarget(), policies);
    EXPECT_FALSE(files.savesWholeDesign());
    EXPECT_FALSE(document.isModified());
    EXPECT_EQ(targetChanged.count(), 1);
    ASSERT_EQ(messages.count(), 1);
    EXPECT_EQ(messages.at(0).at(0).toString(), QStringLiteral("Saved %1").arg(policies));
    const QByteArray policyText = readAll(policies);
    EXPECT_TRUE(policyText.startsWith("# Written by netfence "));
    EXPECT_TRUE(policyText.contains("kind: NetworkPolicy"));
    EXPECT_FALSE(policyText.contains("kind: Pod")); // policies only

    // Save writes where the last save went, with its choice of policies or the whole design.
    const QString design = dir.filePath(QStringLiteral("design.yaml"));
    ASSERT_TRUE(files.saveTo(design, true));
    EXPECT_EQ(files.saveTarget(), design);
    EXPECT_TRUE(files.savesWholeDesign());
    addDenyAll(); // a second policy
    ASSERT_TRUE(files.save());
    EXPECT_FALSE(document.isModified());
    const QByteArray designText = readAll(design);
    EXPECT_TRUE(designText.contains("kind: Pod"));
    EXPECT_TRUE(designText.contains("kind: Namespace"));
    EXPECT_EQ(readAll(policies), policyText); // the earlier target is left alone
    EXPECT_TRUE(asked.isEmpty());

    // A load starts a new design: Save has nowhere to go until it is told.
    files.open({design});
    EXPECT_TRUE(files.saveTarget().isEmpty());
}

TEST_F(DocumentManagerTest, AFileChangedOnDiskIsOnlyOverwrittenWhenTheUserSaysSo)
{
    const QString target = dir.filePath(QStringLiteral("out.yaml"));
    EXPECT_FALSE(files.changedOnDisk(target)); // not there, never stamped
    files.open({input});
    EXPECT_FALSE(files.changedOnDisk(input));
    ASSERT_TRUE(writeAll(input, "# appended by another program\n", true));
    EXPECT_TRUE(files.changedOnDisk(input)); // opening stamped it

    ASSERT_TRUE(files.saveTo(target, false));
    EXPECT_FALSE(files.changedOnDisk(target));
    ASSERT_TRUE(writeAll(target, "# edited elsewhere\n", true));
    EXPECT_TRUE(files.changedOnDisk(target));
    const QByteArray theirs = readAll(target);

    addDenyAll();
    answer = QMessageBox::No;
    EXPECT_FALSE(files.saveTo(target, false));
    EXPECT_EQ(asked, QStringList{QStringLiteral("File changed on disk")});
    EXPECT_EQ(files.lastSaveError(), QStringLiteral("Not saved: %1 changed on disk.").arg(target));
    EXPECT_EQ(readAll(target), theirs);
    EXPECT_TRUE(document.isModified());

    answer = QMessageBox::Yes;
    ASSERT_TRUE(files.saveTo(target, false));
    EXPECT_TRUE(files.lastSaveError().isEmpty());
    EXPECT_FALSE(readAll(target).contains("# edited elsewhere"));
    EXPECT_FALSE(files.changedOnDisk(target)); // stamped again by the save
    EXPECT_EQ(asked.size(), 2);

    // A file that went away is no change to warn about: saving just writes it.
    ASSERT_TRUE(QFile::remove(target));
    EXPECT_FALSE(files.changedOnDisk(target));
}

TEST_F(DocumentManagerTest, RecentFilesKeepTheLastTenDistinctOpeningsNewestFirst)
{
    QSignalSpy changed(&files, &DocumentManager::recentFilesChanged);
    EXPECT_TRUE(files.recentFiles().isEmpty());
    files.open({input});
    ASSERT_EQ(files.recentFiles().size(), 1);
    EXPECT_EQ(files.recentFiles().front(), QStringList{input});

    // Paths opened together come back together.
    const QStringList pair{dir.filePath(QStringLiteral("a.yaml")),
                           dir.filePath(QStringLiteral("b.yaml"))};
    files.addRecent(pair);
    EXPECT_EQ(files.recentFiles(), (QList<QStringList>{pair, {input}}));
    // Opening one again moves it to the top instead of listing it twice.
    files.addRecent({input});
    EXPECT_EQ(files.recentFiles(), (QList<QStringList>{{input}, pair}));

    for (int i = 0; i < 12; ++i)
        files.addRecent({dir.filePath(QStringLiteral("f%1.yaml").arg(i))});
    const QList<QStringList> recent = files.recentFiles();
    ASSERT_EQ(recent.size(), DocumentManager::kMaxRecent);
    EXPECT_EQ(recent.front(), QStringList{dir.filePath(QStringLiteral("f11.yaml"))});
    EXPECT_EQ(recent.back(), QStringList{dir.filePath(QStringLiteral("f2.yaml"))});
    EXPECT_EQ(changed.count(), 15);
}

TEST_F(DocumentManagerTest, ReloadAsksBeforeDroppingEditsAndThenReadsTheFilesAgain)
{
    files.open({input});
    ASSERT_EQ(document.cluster().workloads.size(), 2u);
    // Nothing to lose: no question.
    EXPECT_TRUE(files.reload());
    EXPECT_TRUE(asked.isEmpty());

    addDenyAll();
    ASSERT_TRUE(writeAll(input, QByteArray(kCluster) + R"(---
apiVersion: v1
kind: Pod
metadata:
  name: cache
  namespace: shop
)"));
    answer = QMessageBox::No;
    EXPECT_FALSE(files.reload());
    EXPECT_EQ(asked, QStringList{QStringLiteral("Reload")});
    EXPECT_TRUE(document.isModified());
    EXPECT_EQ(document.cluster().policies.size(), 1u);
    EXPECT_EQ(document.cluster().workloads.size(), 2u);

    answer = QMessageBox::Yes;
    EXPECT_TRUE(files.reload());
    EXPECT_FALSE(document.isModified());
    EXPECT_TRUE(document.cluster().policies.empty());
    EXPECT_EQ(document.cluster().workloads.size(), 3u);
    // What was reloaded is what netfence knows now: saving over it is not a conflict.
    EXPECT_FALSE(files.changedOnDisk(input));
}

TEST_F(DocumentManagerTest, MaybeSaveSavesDiscardsOrCancelsAsAnswered)
{
    files.open({input});
    EXPECT_TRUE(files.maybeSave()); // nothing to save: no question
    EXPECT_TRUE(asked.isEmpty());
    addDenyAll();
    answer = QMessageBox::Cancel;
    EXPECT_FALSE(files.maybeSave());
    answer = QMessageBox::Discard;
    EXPECT_TRUE(files.maybeSave());
    EXPECT_TRUE(document.isModified()); // discarding is the caller's to do
    ASSERT_TRUE(files.saveTo(dir.filePath(QStringLiteral("p.yaml")), false));
    addDenyAll();
    answer = QMessageBox::Save;
    EXPECT_TRUE(files.maybeSave()); // saved to the known target, no dialog
    EXPECT_FALSE(document.isModified());
    EXPECT_EQ(asked,
              (QStringList{QStringLiteral("Unsaved changes"), QStringLiteral("Unsaved changes"),
                           QStringLiteral("Unsaved changes")}));
}

TEST_F(DocumentManagerTest, SaveToFolderWritesOneFilePerPolicyAndKeepsExistingFilesWhenAskedTo)
{
    files.open({input});
    addDenyAll();
    QDir out(dir.filePath(QStringLiteral("out")));
    ASSERT_TRUE(out.mkpath(QStringLiteral(".")));
    ASSERT_TRUE(files.saveToFolder(out.path())) << files.lastSaveError().toStdString();
    const QStringList written = out.entryList(QDir::Files);
    ASSERT_EQ(written.size(), 1);
    const QString file = out.filePath(written.front());
    EXPECT_TRUE(readAll(file).contains("kind: NetworkPolicy"));

    ASSERT_TRUE(writeAll(file, "# mine\n"));
    answer = QMessageBox::No; // keep existing files
    EXPECT_TRUE(files.saveToFolder(out.path()));
    EXPECT_EQ(asked, QStringList{QStringLiteral("Replace existing files?")});
    EXPECT_EQ(readAll(file), QByteArray("# mine\n"));
    answer = QMessageBox::Cancel;
    EXPECT_FALSE(files.saveToFolder(out.path()));
    EXPECT_TRUE(files.lastSaveError().startsWith(QStringLiteral("Nothing saved")))
        << files.lastSaveError().toStdString();

    EXPECT_FALSE(files.saveToFolder(dir.filePath(QStringLiteral("missing"))));
    EXPECT_TRUE(files.lastSaveError().contains(QStringLiteral("is not a folder")));
}

TEST(FileViewer, ShowsTheFileWithTheProblemLineMarked)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bad.yaml"));
    ASSERT_TRUE(writeAll(file, "one\ntwo\nthree\nfour\n"));
    QString problem;
    QPointer<FileViewer> viewer = FileViewer::open(file, 3, nullptr, &problem);
    ASSERT_TRUE(viewer);
    EXPECT_TRUE(problem.isEmpty());
    EXPECT_TRUE(viewer->isVisible());
    EXPECT_TRUE(viewer->editor()->isReadOnly());
    EXPECT_EQ(viewer->editor()->toPlainText(), QStringLiteral("one\ntwo\nthree\nfour\n"));
    EXPECT_EQ(viewer->editor()->textCursor().blockNumber(), 2);
    EXPECT_EQ(viewer->markedLine(), 3);
    EXPECT_EQ(viewer->windowTitle(), file + QStringLiteral(":3"));
    viewer->close(); // deletes itself
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    EXPECT_TRUE(viewer.isNull());
}

TEST(FileViewer, RefusesWhatIsNoRegularFile)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("pipe"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QString problem;
    EXPECT_EQ(FileViewer::open(fifo, 1, nullptr, &problem), nullptr);
    EXPECT_EQ(problem,
              QStringLiteral("Cannot open %1: it is not a readable regular file.").arg(fifo));
    EXPECT_EQ(FileViewer::open(dir.path(), 1, nullptr, &problem), nullptr);
    EXPECT_TRUE(problem.contains(QStringLiteral("not a readable regular file")));
}

} // namespace
