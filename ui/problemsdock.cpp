#include "ui/problemsdock.h"

#include "ui/document.h"
#include "ui/lintrunner.h"

#include <QApplication>
#include <QHeaderView>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>

namespace netfence::ui {

ProblemsDock::ProblemsDock(Document *document, QWidget *parent)
    : QDockWidget(tr("Problems"), parent), mDocument(document)
{
    setObjectName(QStringLiteral("ProblemsDock"));
    mTree = new QTreeWidget;
    mTree->setRootIsDecorated(false);
    mTree->setHeaderLabels({tr("Problem"), tr("Object"), tr("Location")});
    mTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    setWidget(mTree);
    // The redundancy checks evaluate the design again per rule: a smaller budget than the
    // command line's keeps the findings quick to follow an edit.
    mLint = new LintRunner(100, this);
    // The copy of the design the lint works on (Document::snapshot) is taken in an event-loop
    // turn of its own: after an edit at 100,000 workloads making it takes a tenth of a second,
    // which is not added to the edit's own turn (and requests of one turn make one copy). A timer, not a posted
    // call: posted calls run in the same pass as the events before them, timers and input
    // that were due get their turn first.
    mLintDelay = new QTimer(this);
    mLintDelay->setSingleShot(true);
    mLintDelay->setInterval(1);
    connect(mLintDelay, &QTimer::timeout, this, &ProblemsDock::startLint);
    connect(mLint, &LintRunner::finished, this, &ProblemsDock::rebuild);
    connect(document, &Document::loaded, this, [this] {
        rebuild(); // the loader's diagnostics now, the lint findings when they are ready
        lint();
    });
    // Lint findings follow every edit (the loader's diagnostics only a load).
    connect(document, &Document::changed, this, [this](const DocumentChange &change) {
        const Changes what = change.what;
        if (!change.loaded && // loaded() asked already
            (what & (Change::Workloads | Change::Namespaces |
                     Change::Policies))) // moving nodes changes no finding
            lint();
    });
    connect(mTree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        emit openLocation(item->data(0, Qt::UserRole).toString(),
                          item->data(0, Qt::UserRole + 1).toInt(),
                          item->data(0, Qt::UserRole + 2).toInt());
    });
    rebuild();
    lint();
}

const std::vector<core::LintFinding> &ProblemsDock::findings() const
{
    return mLint->findings();
}

bool ProblemsDock::isLinting() const
{
    return mLintDelay->isActive() || mLint->isBusy();
}

void ProblemsDock::waitForLint()
{
    if (mLintDelay->isActive()) startLint();
    mLint->waitForDone();
}

void ProblemsDock::lint()
{
    if (!mLintDelay->isActive()) mLintDelay->start();
    updateTitle();
}

void ProblemsDock::startLint()
{
    mLintDelay->stop();
    mLint->request(mDocument->snapshot());
    updateTitle();
}

void ProblemsDock::updateTitle()
{
    const int rows = mTree->topLevelItemCount();
    const QString title = rows ? tr("Problems (%1)").arg(rows) : tr("Problems");
    // A lint still running on the newest design: the count may change.
    setWindowTitle(isLinting() ? title + QStringLiteral(" …") : title);
}

int ProblemsDock::count() const
{
    return mTree->topLevelItemCount();
}

QStringList ProblemsDock::lintIds() const
{
    QStringList out;
    for (int i = 0; i < mTree->topLevelItemCount(); ++i) {
        const QString id = mTree->topLevelItem(i)->data(0, Qt::UserRole + 3).toString();
        if (!id.isEmpty()) out << id;
    }
    return out;
}

void ProblemsDock::rebuild()
{
    mTree->clear();
    const QIcon error = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warning = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const core::Diagnostic &d : mDocument->diagnostics()) {
        const QString file = QString::fromStdString(d.location.file);
        auto *item = new QTreeWidgetItem(
            mTree,
            {QString::fromStdString(d.message), QString::fromStdString(d.object),
             QStringLiteral("%1:%2:%3").arg(file).arg(d.location.line).arg(d.location.column)});
        item->setIcon(0, d.severity == core::Severity::Error ? error : warning);
        item->setToolTip(0, QString::fromStdString(d.toString()));
        item->setData(0, Qt::UserRole, file);
        item->setData(0, Qt::UserRole + 1, d.location.line);
        item->setData(0, Qt::UserRole + 2, d.location.column);
    }
    // Lint: policies that are likely wrong, useless or dangerous (docs/semantics.md, Lint).
    const QIcon note = QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
    mLintCount = 0;
    for (const core::LintFinding &f : mLint->findings()) {
        const QString file = QString::fromStdString(f.location.file);
        QStringList objects;
        for (const std::string &o : f.objects)
            objects << QString::fromStdString(o);
        auto *item = new QTreeWidgetItem(
            mTree,
            {QStringLiteral("[%1] %2").arg(QString::fromStdString(f.id),
                                           QString::fromStdString(f.why)),
             objects.join(QStringLiteral(", ")),
             file.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(file).arg(f.location.line)});
        item->setIcon(0, f.severity == core::LintSeverity::Error     ? error
                         : f.severity == core::LintSeverity::Warning ? warning
                                                                     : note);
        item->setToolTip(
            0, tr("%1\nFix: %2").arg(QString::fromStdString(f.why), QString::fromStdString(f.fix)));
        item->setData(0, Qt::UserRole, file);
        item->setData(0, Qt::UserRole + 1, f.location.line);
        item->setData(0, Qt::UserRole + 2, f.location.column);
        item->setData(0, Qt::UserRole + 3, QString::fromStdString(f.id));
        ++mLintCount;
    }
    emit findingsChanged();
    updateTitle();
}

} // namespace netfence::ui
