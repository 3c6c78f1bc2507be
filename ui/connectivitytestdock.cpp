#include "ui/connectivitytestdock.h"

#include "core/connectivitytestwriter.h"
#include "core/labloader.h"
#include "core/regularfile.h"
#include "ui/document.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace netfence::ui {

ConnectivityTestDock::ConnectivityTestDock(Document *document, QWidget *parent)
    : QDockWidget(tr("Connectivity Test"), parent), mDocument(document)
{
    setObjectName(QStringLiteral("ConnectivityTestDock"));
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    mSummary = new QLabel(
        tr("Open a connectivity test (File menu) to check its requirements while you edit."));
    mSummary->setWordWrap(true);
    mTree = new QTreeWidget;
    mTree->setRootIsDecorated(false);
    mTree->setHeaderLabels({tr("Requirement"), tr("Why")});
    mTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(mSummary);
    layout->addWidget(mTree);
    setWidget(box);
    connect(document, &Document::changed, this, [this](const DocumentChange &change) {
        const Changes what = change.what;
        if (what & (Change::Workloads | Change::Namespaces |
                    Change::Policies)) // moving nodes changes no verdict
            check();
    });
}

QStringList ConnectivityTestDock::openTest(const QString &path)
{
    const core::RegularFile::ReadResult text =
        core::RegularFile::read(path.toStdString(), 16u << 20);
    if (text.status != core::RegularFile::ReadResult::Status::Ok)
        return {tr("%1: %2").arg(path, text.error.empty() ? tr("no such file")
                                                          : QString::fromStdString(text.error))};
    const core::LabLoadResult r =
        core::LabLoader::loadConnectivityTest(text.text, path.toStdString());
    QStringList problems;
    for (const core::Diagnostic &d : r.diagnostics)
        problems << QString::fromStdString(d.toString());
    if (!r.ok()) return problems;
    mTest = *r.lab;
    setWindowTitle(tr("Connectivity Test: %1").arg(QString::fromStdString(mTest->id)));
    check();
    return problems;
}

void ConnectivityTestDock::closeTest()
{
    mTest.reset();
    mResult = {};
    mTree->clear();
    setWindowTitle(tr("Connectivity Test"));
}

void ConnectivityTestDock::check()
{
    if (!mTest) return;
    mResult = core::LabChecker::check(mTest->steps.front(), mDocument->evaluator());
    mTree->clear();
    const QIcon pass = QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton);
    const QIcon fail = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
    for (const core::RequirementResult &r : mResult.requirements) {
        const QString why = QString::fromStdString(r.explanation).trimmed();
        auto *item = new QTreeWidgetItem(
            mTree, {QString::fromStdString(r.text), why.section(QLatin1Char('\n'), 0, 0)});
        item->setIcon(0, r.passed ? pass : fail);
        item->setForeground(0, r.passed ? QColor(46, 125, 50) : QColor(198, 40, 40));
        item->setToolTip(0, why);
        item->setToolTip(1, why);
    }
    mSummary->setText(tr("%1 of %2 requirements pass%3.")
                          .arg(mResult.passedCount())
                          .arg(mResult.requirements.size())
                          .arg(mResult.passed ? QString() : tr(": the test fails")));
}

std::string ConnectivityTestDock::testFromPairs(const Document &document, const QStringList &nodes,
                                                const std::string &name)
{
    const core::Cluster &cluster = document.cluster();
    const core::Evaluator &evaluator = document.evaluator();
    core::LabStep step;
    for (const QString &a : nodes)
        for (const QString &b : nodes) {
            const int from = cluster.findWorkload(a.toStdString());
            const int to = cluster.findWorkload(b.toStdString());
            if (from < 0 || to < 0 || from == to) continue;
            const core::ConnectionSet allowed = evaluator.allowed(
                core::Endpoint::ofWorkload(size_t(from)), core::Endpoint::ofWorkload(size_t(to)));
            core::LabRequirement open, closed;
            open.expect = core::Expectation::Allow;
            closed.expect = core::Expectation::Deny;
            for (core::LabRequirement *r : {&open, &closed}) {
                r->from = a.toStdString();
                r->to = b.toStdString();
            }
            for (const core::ContainerPort &p : cluster.workloads[size_t(to)].ports) {
                core::Probe probe{p.protocol, p.port};
                (allowed.allows(p.protocol, p.port) ? open : closed).probes.push_back(probe);
            }
            for (core::LabRequirement *r : {&open, &closed})
                if (!r->probes.empty()) step.requirements.push_back(*r);
        }
    return core::ConnectivityTestWriter::write(step, name);
}

} // namespace netfence::ui
