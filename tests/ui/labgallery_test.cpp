// Issue 15 in the app: the gallery of labs, progress across sessions, Markdown lab texts,
// hints in view, lab verify on open, the namespace of a new policy, namespace labels.
#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/labdock.h"
#include "ui/labgallerydialog.h"
#include "ui/labprogress.h"
#include "ui/mainwindow.h"
#include "ui/namespaceitem.h"
#include "ui/policydock.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontInfo>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <algorithm>

using namespace netfence;
using namespace netfence::ui;

namespace {

const QString kAndOr = QStringLiteral(":/labs/and-or-peers.lab.yaml");
const QString kNetpol = QStringLiteral(":/labs/netpol-lab.lab.yaml");

// With NETFENCE_TEST_SHOTS=DIR the tests leave pictures there, to look at.
void picture(QWidget *widget, const char *name)
{
    const QString dir = qEnvironmentVariable("NETFENCE_TEST_SHOTS");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

QTreeWidgetItem *row(QTreeWidget *list, const QString &path)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->data(0, Qt::UserRole).toString() == path)
            return list->topLevelItem(i);
    return nullptr;
}

TEST(LabGallery, ListsEveryBuiltInLabWithStepsAndProgress)
{
    LabProgress::reset(LabProgress::key(kAndOr));
    LabProgress::reset(LabProgress::key(kNetpol));
    EXPECT_EQ(LabProgress::key(kAndOr), QStringLiteral("builtin:and-or-peers"));
    LabGalleryDialog gallery;
    QTreeWidgetItem *andOr = row(gallery.list(), kAndOr);
    QTreeWidgetItem *netpol = row(gallery.list(), kNetpol);
    ASSERT_TRUE(andOr);
    ASSERT_TRUE(netpol);
    EXPECT_EQ(andOr->text(0), QStringLiteral("AND vs OR peers, port ranges and named ports"));
    EXPECT_EQ(andOr->text(1), QStringLiteral("5"));
    EXPECT_EQ(andOr->text(2), QStringLiteral("0 of 5 passed"));
    EXPECT_EQ(netpol->text(3), QStringLiteral("Built-in"));
    // Every built-in lab opens without a problem.
    for (int i = 0; i < gallery.list()->topLevelItemCount(); ++i)
        EXPECT_TRUE(gallery.list()->topLevelItem(i)->data(2, Qt::UserRole).toString().isEmpty())
            << gallery.list()->topLevelItem(i)->data(2, Qt::UserRole).toString().toStdString();

    LabProgress::markPassed(LabProgress::key(kAndOr), QStringLiteral("fence-shop"));
    const QDateTime first =
        LabProgress::passed(LabProgress::key(kAndOr)).value(QStringLiteral("fence-shop"));
    EXPECT_TRUE(first.isValid());
    LabProgress::markPassed(LabProgress::key(kAndOr),
                            QStringLiteral("fence-shop")); // keeps the first time
    EXPECT_EQ(LabProgress::passed(LabProgress::key(kAndOr)).value(QStringLiteral("fence-shop")),
              first);
    gallery.refresh();
    EXPECT_EQ(row(gallery.list(), kAndOr)->text(2), QStringLiteral("1 of 5 passed"));
    gallery.list()->setCurrentItem(row(gallery.list(), kAndOr));
    gallery.show();
    picture(&gallery, "lab-gallery");
    gallery.resetSelected();
    EXPECT_EQ(row(gallery.list(), kAndOr)->text(2), QStringLiteral("0 of 5 passed"));
    EXPECT_TRUE(LabProgress::passed(LabProgress::key(kAndOr)).isEmpty());
}

TEST(LabGallery, ShowsTheLabsOfAChosenFolder)
{
    QTemporaryDir dir;
    for (const QString &name :
         {QStringLiteral("and-or-peers.lab.yaml"), QStringLiteral("and-or-peers/cluster.yaml")}) {
        QDir().mkpath(QFileInfo(dir.filePath(name)).path());
        ASSERT_TRUE(QFile::copy(QStringLiteral(":/labs/") + name, dir.filePath(name)));
    }
    QDir().mkpath(dir.filePath(QStringLiteral("and-or-peers-policies")));
    for (const QString &f : QDir(QStringLiteral(":/labs/and-or-peers-policies")).entryList())
        QFile::copy(QStringLiteral(":/labs/and-or-peers-policies/") + f,
                    dir.filePath(QStringLiteral("and-or-peers-policies/") + f));
    QFile broken(dir.filePath(QStringLiteral("broken.lab.yaml")));
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("kind: Lab\ntitle: Broken\n");
    broken.close();
    LabGalleryDialog gallery;
    gallery.setFolder(dir.path());
    QTreeWidgetItem *copy =
        row(gallery.list(), dir.filePath(QStringLiteral("and-or-peers.lab.yaml")));
    ASSERT_TRUE(copy);
    EXPECT_EQ(copy->text(3), QStringLiteral("Folder"));
    QTreeWidgetItem *bad = row(gallery.list(), dir.filePath(QStringLiteral("broken.lab.yaml")));
    ASSERT_TRUE(bad);
    EXPECT_FALSE(bad->data(2, Qt::UserRole).toString().isEmpty());
    LabProgress::setLabFolder(QString());
}

class LabWindow : public testing::Test
{
protected:
    void SetUp() override
    {
        LabProgress::reset(LabProgress::key(kAndOr));
        window = std::make_unique<MainWindow>();
        window->resize(1400, 900);
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        ASSERT_TRUE(window->openLab(kAndOr));
        window->scene()->waitForLayout();
        QApplication::processEvents();
    }
    QTextBrowser *text() const
    {
        return window->labDock()->findChild<QTextBrowser *>(QStringLiteral("LabText"));
    }
    QTextBrowser *hints() const
    {
        return window->labDock()->findChild<QTextBrowser *>(QStringLiteral("LabHints"));
    }
    std::unique_ptr<MainWindow> window;
};

TEST_F(LabWindow, TheGalleryOpensEveryBuiltInLab)
{
    const QStringList builtIn = QDir(QStringLiteral(":/labs")).entryList({QStringLiteral("*.lab.yaml")});
    ASSERT_GE(builtIn.size(), 2);
    for (const QString &name : builtIn) {
        LabGalleryDialog gallery(window.get());
        QTreeWidgetItem *item = row(gallery.list(), QStringLiteral(":/labs/") + name);
        ASSERT_TRUE(item) << name.toStdString();
        gallery.list()->setCurrentItem(item);
        QPushButton *open = nullptr;
        for (QPushButton *b : gallery.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Open"))
                open = b;
        ASSERT_TRUE(open && open->isEnabled());
        open->click();
        EXPECT_EQ(gallery.result(), QDialog::Accepted);
        ASSERT_EQ(gallery.chosenPath(), QStringLiteral(":/labs/") + name);
        ASSERT_TRUE(window->openLab(gallery.chosenPath())) << name.toStdString();
        EXPECT_TRUE(window->labDock()->hasLab());
        EXPECT_EQ(window->labDock()->path(), gallery.chosenPath());
        EXPECT_TRUE(window->labDock()->verification().isEmpty()) << window->labDock()->verification().toStdString();
    }
}

TEST_F(LabWindow, LabTextsAreMarkdownWithCodeInAMonospaceBox)
{
    LabDock *lab = window->labDock();
    ASSERT_TRUE(text());
    EXPECT_TRUE(lab->verification().isEmpty()) << lab->verification().toStdString();
    EXPECT_FALSE(window->labDock()->findChild<QLabel *>(QStringLiteral("LabVerify"))->isVisible());
    lab->showSolution();
    ASSERT_TRUE(lab->result().passed);
    ASSERT_TRUE(lab->goToStep(1));
    QTextDocument *doc = text()->document();
    EXPECT_TRUE(doc->toPlainText().contains(QStringLiteral("The two differ by a single -.")) ||
                doc->toPlainText().contains(QStringLiteral("The two differ by a single")));
    int codeLines = 0;
    bool shaded = false;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        if (b.blockFormat().hasProperty(QTextFormat::BlockCodeFence)) {
            ++codeLines;
            shaded = shaded || b.blockFormat().background().style() != Qt::NoBrush;
            EXPECT_TRUE(b.begin().fragment().charFormat().fontFixedPitch() ||
                        QFontInfo(b.begin().fragment().charFormat().font()).fixedPitch())
                << b.text().toStdString();
        }
    EXPECT_GE(codeLines, 10); // both YAML blocks, line by line
    lab->revealHint();
    picture(window.get(), "lab-markdown");
    text()->resize(420, 900);
    picture(text(), "lab-text");
    // Past step 1 the description leaves the room to the step (it stays in the tooltip).
    QLabel *title = nullptr;
    for (QLabel *l : lab->findChildren<QLabel *>())
        if (l->toolTip().contains(QStringLiteral("shares the cluster"))) title = l;
    ASSERT_TRUE(title);
    EXPECT_FALSE(title->text().contains(QStringLiteral("shares the cluster")));
    EXPECT_TRUE(shaded);
    EXPECT_TRUE(doc->toPlainText().contains(QStringLiteral("    matchLabels: {env: prod}")));
    // No raw Markdown marks are left in the text.
    EXPECT_FALSE(doc->toPlainText().contains(QStringLiteral("**")));
    // Passing the first step is remembered.
    EXPECT_TRUE(
        LabProgress::passed(LabProgress::key(kAndOr)).contains(QStringLiteral("fence-shop")));
}

TEST_F(LabWindow, ARevealedHintAppearsBesideTheHintButton)
{
    LabDock *lab = window->labDock();
    ASSERT_TRUE(hints());
    EXPECT_FALSE(hints()->isVisible());
    lab->revealHint();
    EXPECT_TRUE(hints()->isVisible());
    EXPECT_TRUE(hints()->toPlainText().contains(QStringLiteral("Hint 1 of 2")));
    EXPECT_TRUE(
        hints()->toPlainText().contains(QStringLiteral("podSelector: {} selects every pod")));
    EXPECT_FALSE(hints()->toPlainText().contains(QChar(0xFFFD)));
    lab->revealHint();
    EXPECT_TRUE(hints()->toPlainText().contains(QStringLiteral("Hint 2 of 2")));
    // The concept text keeps its own place: hints are not appended below it any more.
    EXPECT_FALSE(text()->toPlainText().contains(QStringLiteral("Hint 1")));
}

TEST_F(LabWindow, NewPolicyGoesIntoTheLabsNamespaceAndNamespaceLabelsShow)
{
    EXPECT_EQ(window->namespaceForNewPolicy(), QStringLiteral("shop"));
    QPushButton *add = nullptr;
    for (QPushButton *b : window->policyDock()->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("New")) add = b;
    ASSERT_TRUE(add);
    add->click();
    const core::Cluster &c = window->document()->cluster();
    ASSERT_EQ(c.policies.size(), 1u);
    EXPECT_EQ(c.policies[0].namespaceName, "shop");
    EXPECT_EQ(std::count_if(c.namespaces.begin(), c.namespaces.end(),
                            [](const core::Namespace &ns) { return ns.name == "default"; }),
              0);
    NamespaceItem *shop = window->scene()->namespaceItem(QStringLiteral("shop"));
    ASSERT_TRUE(shop);
    EXPECT_EQ(shop->labels(), QStringLiteral("env=prod"));
    EXPECT_TRUE(shop->toolTip().contains(QStringLiteral("Labels: env=prod")));
    // A selected box decides.
    NamespaceItem *staging = window->scene()->namespaceItem(QStringLiteral("staging"));
    ASSERT_TRUE(staging);
    staging->setSelected(true);
    EXPECT_EQ(window->namespaceForNewPolicy(), QStringLiteral("staging"));
}

TEST_F(LabWindow, OpeningALabThatDoesNotCheckItselfTellsTheAuthor)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QFile::copy(QStringLiteral(":/labs/and-or-peers/cluster.yaml"),
                            dir.filePath(QStringLiteral("cluster.yaml"))));
    QFile lab(dir.filePath(QStringLiteral("t.lab.yaml")));
    ASSERT_TRUE(lab.open(QIODevice::WriteOnly));
    lab.write(
        "kind: Lab\ntitle: T\ncluster: [cluster.yaml]\nsteps:\n- id: a\n  title: A\n  goal: g\n"
        "  mustAllow: [shop/web -> shop/db TCP/5432]\n");
    lab.close();
    ASSERT_TRUE(window->openLab(dir.filePath(QStringLiteral("t.lab.yaml"))));
    QLabel *verify = window->labDock()->findChild<QLabel *>(QStringLiteral("LabVerify"));
    ASSERT_TRUE(verify);
    EXPECT_TRUE(verify->isVisible());
    EXPECT_TRUE(verify->text().contains(QStringLiteral("2 error(s)")))
        << verify->text().toStdString();
    EXPECT_TRUE(
        window->labDock()->verification().contains(QStringLiteral("already passes as it starts")));
    EXPECT_TRUE(LabProgress::recentLabs().contains(
        QFileInfo(dir.filePath(QStringLiteral("t.lab.yaml"))).absoluteFilePath()));
}

} // namespace
