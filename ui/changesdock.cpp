#include "ui/changesdock.h"

#include "core/connectivitydiffwriter.h"
#include "core/explanationwriter.h"
#include "ui/comparison.h"
#include "ui/diffoverlayitem.h"
#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/nodeitem.h"

#include <QGraphicsView>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <optional>

namespace netfence::ui {

namespace {

// The end of a change in one version: a workload by name, a range by its first address.
std::optional<core::Endpoint> endpointIn(const core::Cluster &cluster, const core::DiffPeer &peer)
{
    if (peer.isExternal())
        return core::Endpoint::ofRange(
            core::IPRange{peer.range->family, peer.range->first, peer.range->first});
    for (size_t i = 0; i < cluster.workloads.size(); ++i)
        if (cluster.workloads[i].displayName() == peer.name) return core::Endpoint::ofWorkload(i);
    return std::nullopt;
}

QString versionText(const QString &title, const core::Evaluator *evaluator,
                    const core::ConnectionChange &c)
{
    QString out = QStringLiteral("<h4>%1</h4>").arg(title.toHtmlEscaped());
    if (!evaluator) return out;
    const auto from = endpointIn(evaluator->cluster(), c.source);
    const auto to = endpointIn(evaluator->cluster(), c.destination);
    if (!from || !to) {
        const std::string missing = !from ? c.source.name : c.destination.name;
        return out + QStringLiteral("<p>%1</p>")
                         .arg(ChangesDock::tr("%1 is not in this version.")
                                  .arg(QString::fromStdString(missing))
                                  .toHtmlEscaped());
    }
    const std::string text =
        core::ExplanationWriter::text(*evaluator, evaluator->explain(*from, *to));
    return out + QStringLiteral("<pre>%1</pre>").arg(QString::fromStdString(text).toHtmlEscaped());
}

} // namespace

ChangesDock::ChangesDock(Document *document, GraphScene *scene, QWidget *parent)
    : QDockWidget(tr("Changes"), parent), mDocument(document), mScene(scene)
{
    setObjectName(QStringLiteral("ChangesDock"));
    mComparison = new Comparison(document, this);
    mOverlay = new DiffOverlayItem(scene);
    scene->addItem(mOverlay);
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    mSummary = new QLabel;
    mSummary->setWordWrap(true);
    mTree = new QTreeWidget;
    mTree->setRootIsDecorated(false);
    mTree->setHeaderLabels(
        {tr("Change"), tr("From"), tr("To"), tr("Before"), tr("Now"), tr("Workloads")});
    mTree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mExplanation = new QTextBrowser;
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(mTree);
    split->addWidget(mExplanation);
    layout->addWidget(mSummary);
    layout->addWidget(split);
    setWidget(box);
    connect(mComparison, &Comparison::updated, this, &ChangesDock::rebuild);
    connect(scene, &GraphScene::graphUpdated, this, [this] { mOverlay->updateGeometry(); });
    connect(mTree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        showChange(item ? item->data(0, Qt::UserRole).toInt() : -1);
    });
    rebuild();
}

int ChangesDock::count() const
{
    return mTree->topLevelItemCount();
}

QString ChangesDock::explanation() const
{
    return mExplanation->toPlainText();
}

void ChangesDock::selectChange(int index)
{
    mTree->setCurrentItem(
        index >= 0 && index < mTree->topLevelItemCount() ? mTree->topLevelItem(index) : nullptr);
}

void ChangesDock::rebuild()
{
    mTree->clear();
    mExplanation->clear();
    const auto &changes = mComparison->diff().changes();
    mOverlay->setChanges(mComparison->isActive() ? changes : std::vector<core::ConnectionChange>{});
    if (!mComparison->isActive()) {
        mSummary->setText(tr("Compare the design with a file, a folder, a git revision or the "
                             "saved files (File menu) "
                             "to see what it opens and closes."));
        setWindowTitle(tr("Changes"));
        return;
    }
    int counts[3] = {0, 0, 0};
    for (size_t i = 0; i < changes.size(); ++i) {
        const core::ConnectionChange &c = changes[i];
        ++counts[int(c.type)];
        auto *item = new QTreeWidgetItem(
            mTree,
            {QString::fromUtf8(core::diffTypeName(c.type)), QString::fromStdString(c.source.name),
             QString::fromStdString(c.destination.name),
             QString::fromStdString(c.before.toString()),
             QString::fromStdString(c.after.toString()),
             QString::fromStdString(core::ConnectivityDiffWriter::workloadsInfo(c))});
        item->setData(0, Qt::UserRole, int(i));
        item->setForeground(0, DiffOverlayItem::color(c.type));
    }
    mSummary->setText(changes.empty()
                          ? tr("Compared with %1: no connection changed.").arg(mComparison->label())
                          : tr("Compared with %1: %2 added, %3 removed, %4 changed.")
                                .arg(mComparison->label())
                                .arg(counts[int(core::ConnectionChange::Type::Added)])
                                .arg(counts[int(core::ConnectionChange::Type::Removed)])
                                .arg(counts[int(core::ConnectionChange::Type::Changed)]));
    setWindowTitle(changes.empty() ? tr("Changes") : tr("Changes (%1)").arg(changes.size()));
}

void ChangesDock::showChange(int index)
{
    mOverlay->setSelected(index);
    const auto &changes = mComparison->diff().changes();
    if (index < 0 || size_t(index) >= changes.size()) {
        mExplanation->clear();
        return;
    }
    const core::ConnectionChange &c = changes[size_t(index)];
    QStringList ids;
    mScene->clearSelection();
    for (const core::DiffPeer *peer : {&c.source, &c.destination})
        for (const QString &id : mOverlay->nodesFor(*peer)) {
            ids << id;
            if (NodeItem *n = mScene->reveal(id)) n->setSelected(true); // opens its namespace
        }
    if (!ids.isEmpty())
        if (NodeItem *n = mScene->node(ids.front()))
            for (QGraphicsView *view : mScene->views())
                view->centerOn(n);
    mExplanation->setHtml(
        versionText(tr("Before (%1): %2")
                        .arg(mComparison->label(), QString::fromStdString(c.before.toString())),
                    mComparison->oldEvaluator(), c) +
        versionText(tr("Now: %1").arg(QString::fromStdString(c.after.toString())),
                    &mDocument->evaluator(), c));
    emit focusRequested(ids);
}

} // namespace netfence::ui
