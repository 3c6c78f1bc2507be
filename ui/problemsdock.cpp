#include "ui/problemsdock.h"

#include "ui/document.h"

#include <QApplication>
#include <QHeaderView>
#include <QStyle>
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
    connect(document, &Document::loaded, this, &ProblemsDock::rebuild);
    connect(mTree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        emit openLocation(item->data(0, Qt::UserRole).toString(), item->data(0, Qt::UserRole + 1).toInt(),
                          item->data(0, Qt::UserRole + 2).toInt());
    });
    rebuild();
}

int ProblemsDock::count() const
{
    return mTree->topLevelItemCount();
}

void ProblemsDock::rebuild()
{
    mTree->clear();
    const QIcon error = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warning = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const core::Diagnostic &d : mDocument->diagnostics()) {
        const QString file = QString::fromStdString(d.location.file);
        auto *item = new QTreeWidgetItem(mTree, {QString::fromStdString(d.message), QString::fromStdString(d.object),
                                                 QStringLiteral("%1:%2:%3").arg(file).arg(d.location.line).arg(d.location.column)});
        item->setIcon(0, d.severity == core::Severity::Error ? error : warning);
        item->setToolTip(0, QString::fromStdString(d.toString()));
        item->setData(0, Qt::UserRole, file);
        item->setData(0, Qt::UserRole + 1, d.location.line);
        item->setData(0, Qt::UserRole + 2, d.location.column);
    }
    setWindowTitle(mTree->topLevelItemCount() ? tr("Problems (%1)").arg(mTree->topLevelItemCount()) : tr("Problems"));
}

} // namespace netfence::ui
