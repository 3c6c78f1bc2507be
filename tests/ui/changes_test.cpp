// Reviewing a change in the app: Compare With (files, folder, git revision, saved) draws the
// difference and lists it; lint findings sit in the Problems dock and follow edits.
#include "core/connectivitydiff.h"
#include "core/labchecker.h"
#include "core/labloader.h"
#include "core/policyrecipes.h"
#include "ui/changesdock.h"
#include "ui/comparison.h"
#include "ui/connectivitytestdock.h"
#include "ui/diffoverlayitem.h"
#include "ui/document.h"
#include "ui/edgelayeritem.h"
#include "ui/graphscene.h"
#include "ui/lintmarkers.h"
#include "ui/mainwindow.h"
#include "ui/nodeitem.h"
#include "ui/problemsdock.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

using namespace netfence;
using namespace netfence::ui;

namespace {

const char *kCluster = R"(apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}
)";

const char *kPolicies = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]
)";

class Changes : public testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        write(QStringLiteral("design/cluster.yaml"), kCluster);
        write(QStringLiteral("design/policies.yaml"), kPolicies);
        window = std::make_unique<MainWindow>();
        window->resize(1200, 800);
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        window->openPaths({dir.filePath(QStringLiteral("design"))});
        window->scene()->waitForLayout();
        QApplication::processEvents();
    }
    void write(const QString &name, const char *text)
    {
        QDir().mkpath(QFileInfo(dir.filePath(name)).path());
        QFile f(dir.filePath(name));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    // Lets db in from everyone: an unsaved edit.
    void openDb()
    {
        Document *d = window->document();
        core::Cluster c = d->cluster();
        core::NetworkPolicy p;
        p.name = "db-open";
        p.namespaceName = "shop";
        p.podSelector.matchLabels["app"] = "db";
        p.ingress.push_back({});
        c.policies.push_back(p);
        d->changePolicies(QStringLiteral("open db"), c.policies);
        QApplication::processEvents();
    }
    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
};

TEST_F(Changes, CompareWithSavedShowsWhatUnsavedEditsOpenOnTheGraphAndInTheDock)
{
    ChangesDock *dock = window->changesDock();
    DiffOverlayItem *overlay = dock->overlay();
    QString error;
    ASSERT_TRUE(dock->comparison()->compareWithSaved(&error)) << error.toStdString();
    EXPECT_EQ(dock->count(), 0); // nothing edited yet
    EXPECT_TRUE(overlay->lines().empty());
    openDb();
    // web -> db, api -> db and every address outside -> db are now allowed: added, green.
    ASSERT_EQ(dock->count(), 3);
    EXPECT_FALSE(dock->isHidden());
    EXPECT_GE(overlay->lines().size(), 2u);
    for (const DiffOverlayItem::Line &l : overlay->lines()) {
        EXPECT_EQ(l.type, core::ConnectionChange::Type::Added);
        EXPECT_EQ(l.to, QStringLiteral("shop/db"));
    }
    int apiToDb = -1;
    const auto &changes = dock->comparison()->diff().changes();
    for (size_t i = 0; i < changes.size(); ++i)
        if (changes[i].source.name == "shop/api[Pod]") apiToDb = int(i);
    ASSERT_GE(apiToDb, 0);
    EXPECT_EQ(DiffOverlayItem::color(core::ConnectionChange::Type::Added), QColor(46, 160, 67));
    // The unchanged arrows are dimmed.
    EXPECT_LT(window->scene()->edgeLayer()->opacity(), 0.5);
    // Selecting a change selects its two ends and explains both versions.
    dock->selectChange(apiToDb);
    EXPECT_TRUE(window->scene()->node(QStringLiteral("shop/db"))->isSelected());
    EXPECT_TRUE(window->scene()->node(QStringLiteral("shop/api"))->isSelected());
    const QString why = dock->explanation();
    EXPECT_TRUE(why.contains(QStringLiteral("Before (saved)"))) << why.toStdString();
    EXPECT_TRUE(why.contains(QStringLiteral("DENIED"))) << why.toStdString();
    EXPECT_TRUE(why.contains(QStringLiteral("ALLOWED"))) << why.toStdString();
    EXPECT_TRUE(why.contains(QStringLiteral("shop/db-open"))) << why.toStdString();
    // Undo: nothing differs from the saved files any more.
    window->document()->undoStack()->undo();
    QApplication::processEvents();
    EXPECT_EQ(dock->count(), 0);
    dock->comparison()->stop();
    EXPECT_TRUE(overlay->lines().empty());
    EXPECT_DOUBLE_EQ(window->scene()->edgeLayer()->opacity(), 1.0);
}

TEST_F(Changes, CompareWithAFolderEqualsTheCoreDiffAndDrawsRemovedDashedAndChanged)
{
    // The other version lets web reach db on 5432 and api on every port.
    write(QStringLiteral("other/cluster.yaml"), kCluster);
    write(QStringLiteral("other/policies.yaml"), R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-web, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
)");
    ChangesDock *dock = window->changesDock();
    QString error;
    ASSERT_TRUE(dock->comparison()->compareWithPaths({dir.filePath(QStringLiteral("other"))},
                                                     QStringLiteral("other"), &error));
    const auto &changes = dock->comparison()->diff().changes();
    // web -> api: All Connections before, TCP 8080 now (changed); web -> db removed.
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].type, core::ConnectionChange::Type::Changed);
    EXPECT_EQ(changes[0].before.toString(), "All Connections");
    EXPECT_EQ(changes[0].after.toString(), "TCP 8080");
    EXPECT_EQ(changes[1].type, core::ConnectionChange::Type::Removed);
    EXPECT_EQ(changes[1].destination.name, "shop/db[Pod]");
    EXPECT_EQ(dock->count(), 2);
    std::set<core::ConnectionChange::Type> drawn;
    for (const DiffOverlayItem::Line &l : dock->overlay()->lines())
        drawn.insert(l.type);
    EXPECT_EQ(drawn.size(), 2u);
}

TEST_F(Changes, CompareWithAGitRevisionReadsTheCommittedFiles)
{
    if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
    const std::string repo = dir.path().toStdString();
    const std::string git = "cd '" + repo +
                            "' && GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -c "
                            "user.name=t -c user.email=t@t ";
    ASSERT_EQ(
        std::system((git + "init -q && " + git + "add -A && " + git + "commit -q -m base").c_str()),
        0);
    // The work tree moves on: db opens to everyone, saved and reloaded.
    write(QStringLiteral("design/db.yaml"), R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-open, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{}]
)");
    window->document()->reload();
    QApplication::processEvents();
    ChangesDock *dock = window->changesDock();
    QString error;
    ASSERT_TRUE(dock->comparison()->compareWithGit(QStringLiteral("HEAD"), &error))
        << error.toStdString();
    EXPECT_EQ(dock->comparison()->label(), QStringLiteral("HEAD"));
    EXPECT_EQ(dock->count(), 3) << "web, api and the outside -> db added";
    EXPECT_FALSE(dock->comparison()->compareWithGit(QStringLiteral("--output=/tmp/x"), &error));
    EXPECT_FALSE(error.isEmpty());
}

TEST_F(Changes, LintFindingsAreInTheProblemsDockAndFollowEdits)
{
    auto *problems = window->findChild<ProblemsDock *>();
    ASSERT_TRUE(problems);
    problems->waitForLint();
    EXPECT_EQ(problems->lintIds(), QStringList{})
        << problems->lintIds().join(QLatin1Char(' ')).toStdString();
    // A named port that db does not declare: an error-level finding, gone again on undo.
    Document *d = window->document();
    core::Cluster c = d->cluster();
    core::NetworkPolicy p;
    p.name = "db-typo";
    p.namespaceName = "shop";
    p.podSelector.matchLabels["app"] = "db";
    core::NetworkPolicyRule rule;
    core::NetworkPolicyPort port;
    port.namedPort = "postgress";
    rule.ports.push_back(port);
    p.ingress.push_back(rule);
    c.policies.push_back(p);
    d->changePolicies(QStringLiteral("typo"), c.policies);
    // The lint runs in the background: the edit did not wait for it, the dock says so.
    EXPECT_TRUE(problems->isLinting());
    EXPECT_TRUE(problems->windowTitle().endsWith(QStringLiteral("…")));
    problems->waitForLint();
    EXPECT_FALSE(problems->windowTitle().endsWith(QStringLiteral("…")));
    EXPECT_TRUE(problems->lintIds().contains(QStringLiteral("named-port-undeclared")))
        << problems->lintIds().join(QLatin1Char(' ')).toStdString();
    // The pod the policy selects carries a mark whose tooltip names the finding.
    const auto &marked = window->lintMarkers()->marked();
    ASSERT_TRUE(marked.contains(QStringLiteral("shop/db")));
    EXPECT_TRUE(
        marked.value(QStringLiteral("shop/db")).contains(QStringLiteral("named-port-undeclared")));
    EXPECT_FALSE(marked.contains(QStringLiteral("shop/web")));
    d->undoStack()->undo();
    problems->waitForLint();
    EXPECT_FALSE(problems->lintIds().contains(QStringLiteral("named-port-undeclared")));
    EXPECT_TRUE(window->lintMarkers()->marked().isEmpty());
}

TEST_F(Changes, AnOpenConnectivityTestIsCheckedLiveLikeALabStep)
{
    write(QStringLiteral("test.yaml"), R"(apiVersion: netfence/v1
kind: ConnectivityTest
metadata: {name: shop}
mustAllow:
- shop/web -> shop/api TCP/8080
- shop/web -> shop/db TCP/5432
)");
    ConnectivityTestDock *dock = window->connectivityTestDock();
    const QStringList problems = dock->openTest(dir.filePath(QStringLiteral("test.yaml")));
    ASSERT_TRUE(dock->hasTest()) << problems.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(dock->result().passedCount(), 1u);
    EXPECT_FALSE(dock->result().passed);
    EXPECT_NE(dock->result().requirements[1].explanation.find("DENIED"), std::string::npos);
    openDb(); // the edit opens db: the test passes at once
    EXPECT_TRUE(dock->result().passed);
    // A broken test is refused with its line.
    write(QStringLiteral("bad.yaml"),
          "apiVersion: netfence/v1\nkind: ConnectivityTest\nmustAllow: [shop/web => x]\n");
    ConnectivityTestDock other(window->document());
    const QStringList bad = other.openTest(dir.filePath(QStringLiteral("bad.yaml")));
    EXPECT_FALSE(other.hasTest());
    ASSERT_FALSE(bad.isEmpty());
    EXPECT_TRUE(bad.front().contains(QStringLiteral("bad.yaml:3:"))) << bad.front().toStdString();
}

TEST_F(Changes, SaveAsConnectivityTestPinsTheSelectedPairsAsTheyAreNow)
{
    EXPECT_EQ(window->connectivityTestText(), std::string()); // nothing selected, no lab
    window->scene()->node(QStringLiteral("shop/web"))->setSelected(true);
    window->scene()->node(QStringLiteral("shop/api"))->setSelected(true);
    const std::string text = window->connectivityTestText();
    EXPECT_NE(text.find("- shop/web -> shop/api TCP/8080"), std::string::npos) << text;
    EXPECT_NE(text.find("- shop/api -> shop/web TCP/80"), std::string::npos) << text;
    EXPECT_NE(text.find("mustDeny:"), std::string::npos) << text;
    const core::LabLoadResult test = core::LabLoader::loadConnectivityTest(text, "t.yaml");
    ASSERT_TRUE(test.ok()) << text;
    EXPECT_TRUE(
        core::LabChecker::check(test.lab->steps.front(), window->document()->evaluator()).passed);
    openDb(); // still holds: db is not in it
    EXPECT_TRUE(
        core::LabChecker::check(test.lab->steps.front(), window->document()->evaluator()).passed);
}

} // namespace
