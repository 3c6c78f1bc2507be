#include "ui/graphscene.h"

#include "core/clusteredits.h"
#include "core/clusterpolicyrecipes.h"

#include "core/edgerouter.h"
#include "core/externalpartition.h"
#include "core/graphmodel.h"
#include "core/graphpicture.h"
#include "core/ingressanalysis.h"
#include "ui/backgroundrelease.h"
#include "ui/drawruletool.h"
#include "ui/focuslayout.h"
#include "ui/layoutworker.h"
#include "ui/movenodescommand.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QApplication>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMap>
#include <QPointer>
#include <QSignalBlocker>
#include <QThreadPool>
#include <QTimer>
#include <cmath>

#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace netfence::ui {

namespace {

constexpr qreal kColumn = NodeItem::kWidth + 24;
constexpr qreal kRow = NodeItem::kHeight + 24;
constexpr size_t kBulkMoves = 2000; // above this many nodes moved at once, the index is rebuilt

// The node ids of the workloads `indices` (all the workloads of each namespace among them, as
// names are told apart within a namespace): a name two workloads share takes their kinds.
std::vector<QString> workloadIds(const core::Cluster &cluster, const std::vector<size_t> &indices)
{
    std::vector<std::string> qualified;
    qualified.reserve(indices.size());
    for (size_t i : indices)
        qualified.push_back(cluster.workloads[i].qualifiedName());
    std::unordered_map<std::string_view, int> names;
    names.reserve(qualified.size());
    for (const std::string &q : qualified)
        ++names[q];
    std::vector<QString> ids;
    ids.reserve(indices.size());
    for (size_t k = 0; k < indices.size(); ++k)
        ids.push_back(QString::fromStdString(
            names[qualified[k]] > 1 ? cluster.workloads[indices[k]].displayName() : qualified[k]));
    return ids;
}

// The most arrows whose memory the scene keeps for the next edit (about 7 MB in the scene's
// arrows, 6 MB in the model's).
constexpr size_t kKeptFreshEdges = 16384;

// Empties `v` and keeps its memory for the next edit, up to kKeptFreshEdges elements.
template <typename T> void keepForNextEdit(std::vector<T> &v)
{
    v.clear();
    if (v.capacity() > kKeptFreshEdges) v = {};
}

// The rectangle of a node standing at `p`.
QRectF nodeRect(const QPointF &p)
{
    return QRectF(p - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2),
                  QSizeF(NodeItem::kWidth, NodeItem::kHeight));
}

// A group's box as drawn around the rectangle of its nodes, with room for the arrows between
// boxes.
QRectF groupBox(const QRectF &nodes)
{
    const qreal m = NamespaceItem::kMargin + 12;
    return nodes.adjusted(-m, -m - NamespaceItem::kTitle, m, m);
}

// A model of 100,000 pods takes over 10 ms to free: a big one is freed on a pool thread.
void release(std::unique_ptr<core::GraphModel> model)
{
    if (model && model->nodes().size() >= 10000) releaseInBackground(std::move(model));
}

} // namespace

GraphScene::GraphScene(Document *document, QObject *parent)
    : QGraphicsScene(parent), mDocument(document), mEdgeLayer(new EdgeLayerItem(this)),
      mLayoutWorker(new LayoutWorker(this)), mDrawRuleTool(new DrawRuleTool(this))
{
    addItem(mEdgeLayer);
    connect(document, &Document::changed, this, &GraphScene::onChanged);
    // The document may outlive the scene (or die first): the placer asks only a living scene.
    document->setNodePlacer(
        [scene = QPointer<GraphScene>(this)](const core::ClusterChange &change) {
            return scene ? scene->placesFor(change) : QHash<QString, QPointF>();
        });
    // The picture of an edit evaluated on another thread is built there too, with the
    // namespaces folded and the exposure shown as they are when the edit starts.
    document->setPictureFactory(
        [scene = QPointer<GraphScene>(this)]() -> EditEvaluator::PictureMaker {
            if (!scene) return nullptr;
            // After a policy edit, only the arrows the update names, as syncItems() builds them.
            const bool partial = scene->buildsArrowsByUpdate();
            return [collapsed = scene->collapsedSet(), exposure = scene->mShowExposure,
                    partial](const core::Cluster &cluster, const core::Evaluator &evaluator,
                             const core::EvaluatorUpdate *update) {
                const core::GraphModel::EdgeScope scope =
                    update && partial && !update->everything
                        ? core::GraphModel::EdgeScope::of(cluster, evaluator, *update)
                        : core::GraphModel::EdgeScope();
                return std::make_unique<core::GraphModel>(cluster, evaluator, collapsed, exposure,
                                                          scope);
            };
        });
    connect(document, &Document::loaded, this, &GraphScene::onLoaded);
    connect(mLayoutWorker, &LayoutWorker::finished, this,
            [this](const core::GraphLayout::Result &result) {
                // A layout of the whole graph is the document's: it goes under the focus layout.
                const bool focused = mFocusShown;
                hideFocusLayout();
                applyLayout(result);
                if (focused && mFocusLayout->hasPicture()) showFocusLayout();
            });
    mFocusLayout = new FocusLayout(document, this);
    connect(mFocusLayout, &FocusLayout::pictureReady, this, &GraphScene::showFocusLayout);
    connect(mFocusLayout, &FocusLayout::failed, this, [this](const QString &error) {
        emit notesPosted({tr("Focus layout failed: %1").arg(error)});
    });
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        if (mFocusMode) updateFocus();
    });
    onLoaded();
}

GraphScene::~GraphScene()
{
    mFocusLayout->clear();
    mFocusLayout->waitForFinished();
    mLayoutWorker->waitForFinished();
    delete mDrawRuleTool;
    // Items announce their deselection while dying; nobody may look at them then.
    blockSignals(true);
    clear();
}

void GraphScene::setTool(Tool tool)
{
    mDrawRuleTool->cancel();
    mTool = tool;
}

QStringList GraphScene::requestAllow(const core::AllowRequest &proposal)
{
    std::optional<core::AllowRequest> request = proposal;
    if (mAllowAsker) request = mAllowAsker(proposal);
    if (!request) return {};
    const core::Cluster &cluster = mDocument->cluster();
    if (request->asClusterPolicy) {
        const core::ClusterRecipe recipe = core::ClusterPolicyRecipes::drawnRule(cluster, *request);
        QStringList notes;
        for (const std::string &n : recipe.notes)
            notes << QString::fromStdString(n);
        if (recipe.add.empty()) return notes;
        mDocument->edit(QString::fromStdString(recipe.title),
                        core::ClusterEdits::fromClusterRecipe(cluster, recipe));
        return notes;
    }
    const core::Recipe recipe =
        core::PolicyRecipes::allow(cluster, mDocument->evaluator(), *request);
    QStringList notes;
    for (const std::string &n : recipe.notes)
        notes << QString::fromStdString(n);
    if (recipe.changes.empty()) {
        notes.prepend(tr("That traffic is already allowed by the same rule; nothing changed."));
        return notes;
    }
    mDocument->edit(QString::fromStdString(recipe.title),
                    core::ClusterEdits::fromRecipe(cluster, recipe));
    return notes;
}

void GraphScene::onLoaded()
{
    {
        // While items are rebuilt their endpoints may point into the old cluster.
        const QSignalBlocker blocker(this);
        rebuild();
    }
    emit selectionChanged();
    emit graphUpdated();
}

void GraphScene::rebuild()
{
    mDrawRuleTool->cancel();
    mHighlightedPolicy = -1;
    mHighlightedClusterPolicy = -1;
    mHighlightedPolicyKey = core::kNoPolicyKey;
    mHighlightedClusterPolicyKey = core::kNoPolicyKey;
    mFocusLayout->clear(); // a new cluster: the focus layout of the old one is void
    mFocusShown = false;
    mDocumentRoutes.clear();
    mDocumentCollapsedCenters.clear();
    for (NodeItem *n : std::as_const(mNodes)) {
        removeItem(n);
        delete n;
    }
    mNodes.clear();
    for (NamespaceItem *ns : std::as_const(mNamespaces)) {
        removeItem(ns);
        delete ns;
    }
    mNamespaces.clear();
    std::vector<GraphEdge> none;
    mEdgeLayer->setEdges(none);
    mCollapsed.clear();
    mCollapsedCenters.clear();
    mProvisional.clear();
    mRoutes.clear();
    for (const std::string &ns : core::GraphModel::collapsedOnOpen(mDocument->cluster()))
        mCollapsed.insert(QString::fromStdString(ns));
    mKeepModel = true; // the layout below reads the model the arrows were made from
    mOpenedModel = mDocument->takePicture();
    const bool collapsedOpen = !mCollapsed.isEmpty();
    mLayoutFollows = collapsedOpen; // a collapsed open is always laid out (below)
    syncItems();
    mLayoutFollows = false;
    release(std::move(mOpenedModel));
    mKeepModel = false;
    bool allPlaced = !mNodes.isEmpty();
    for (NodeItem *n : std::as_const(mNodes))
        allPlaced = allPlaced && mDocument->hasPosition(n->id());
    if ((!allPlaced || collapsedOpen) && (!mNodes.isEmpty() || !mFolded.isEmpty()))
        relayout(false);
    else
        mLayoutWorker->cancel(); // a layout of the cluster before must not move these nodes
    release(std::move(mKeptModel));
}

void GraphScene::onChanged(const DocumentChange &change)
{
    if (change.loaded) return; // onLoaded rebuilt everything already: a load is one pass, not two
    const Changes what = change.what;
    const QList<QGraphicsItem *> selectedBefore = selectedItems();
    if (what & (Change::Workloads | Change::Namespaces | Change::Policies)) {
        const QSignalBlocker blocker(this);
        // An edit of policies alone: only the arrows of the rows and columns the evaluator
        // names are built again.
        const bool policiesOnly = !(what & (Change::Workloads | Change::Namespaces));
        mOpenedModel = mDocument->takePicture();            // an edit evaluated elsewhere
        syncItems(policiesOnly ? &change.update : nullptr); // policies decide the outside ranges
        release(std::move(mOpenedModel));
    }
    if (what & Change::Positions) {
        applyPositions();
        rerouteEdges();
    }
    // syncItems() updated isolation and edges already: once per change.
    // The highlight follows its policy by key (an insert or undo moves indices, not it).
    mHighlightedPolicy = mDocument->policyIndex(mHighlightedPolicyKey);
    mHighlightedClusterPolicy = mDocument->clusterPolicyIndex(mHighlightedClusterPolicyKey);
    applyHighlight();
    if (mFocusMode) updateFocus();
    if (selectedItems() != selectedBefore) emit selectionChanged();
    emit graphUpdated();
}

void GraphScene::syncItems(const core::EvaluatorUpdate *update)
{
    const core::Cluster &cluster = mDocument->cluster();
    struct Wanted
    {
        QString group;
        core::Endpoint endpoint;
    };
    QHash<QString, Wanted> wanted;
    // An edit of policies alone leaves the workloads' nodes as they are: only the ranges
    // outside (which the policies name) can come and go.
    const bool workloadsKept = update != nullptr;
    if (!workloadsKept) {
        // The pods of a collapsed namespace are listed, not made into items: no work for what
        // nobody sees until the namespace opens.
        std::unordered_map<std::string, std::vector<size_t>> folded;
        for (const QString &ns : std::as_const(mCollapsed))
            folded.emplace(ns.toStdString(), std::vector<size_t>());
        std::vector<size_t> shown;
        shown.reserve(cluster.workloads.size());
        // Workloads come namespace by namespace: one look-up per run, not per workload.
        const std::string *run = nullptr;
        std::vector<size_t> *runFolded = nullptr;
        for (size_t i = 0; i < cluster.workloads.size(); ++i) {
            const std::string &ns = cluster.workloads[i].namespaceName;
            if (!run || *run != ns) {
                run = &ns;
                auto f = folded.find(ns);
                runFolded = f != folded.end() ? &f->second : nullptr;
            }
            if (runFolded)
                runFolded->push_back(i);
            else
                shown.push_back(i);
        }
        mFolded.clear();
        for (auto &[ns, list] : folded)
            if (!list.empty()) mFolded.insert(QString::fromStdString(ns), std::move(list));
        const std::vector<QString> ids = workloadIds(cluster, shown);
        wanted.reserve(qsizetype(ids.size()));
        for (size_t k = 0; k < shown.size(); ++k)
            wanted.insert(ids[k],
                          {QString::fromStdString(cluster.workloads[shown[k]].namespaceName),
                           core::Endpoint::ofWorkload(shown[k])});
    }
    for (const core::IPRange &r : core::ExternalPartition::combined(cluster)) {
        const core::Endpoint e = core::Endpoint::ofRange(r);
        wanted.insert(Document::nodeId(cluster, e), {outsideGroup(), e});
    }
    if (!cluster.ingresses.empty() &&
        !core::IngressAnalysis::analyze(mDocument->evaluator()).empty())
        wanted.insert(QString::fromLatin1(core::GraphModel::kIngressController),
                      {outsideGroup(), core::Endpoint::ofRange(core::IPRange{})});
    mExposureTitles.clear();
    if (mShowExposure) {
        const core::GraphModel model(cluster, mDocument->evaluator(), collapsedSet(), true);
        for (const core::GraphModel::Node &n : model.nodes())
            if (n.role == core::GraphModel::Role::Exposure) {
                wanted.insert(QString::fromStdString(n.id),
                              {exposureGroup(), core::Endpoint::ofRange(core::IPRange{})});
                mExposureTitles.insert(QString::fromStdString(n.id),
                                       QString::fromStdString(n.title));
            }
    }

    bool nodesChanged = false; // a partial redraw of the arrows needs the same nodes
    for (auto it = mNodes.begin(); it != mNodes.end();) {
        if (workloadsKept && it.value()->endpoint().isWorkload()) {
            ++it;
            continue;
        }
        if (!wanted.contains(it.key())) {
            removeItem(it.value());
            delete it.value();
            it = mNodes.erase(it);
            nodesChanged = true;
        } else {
            ++it;
        }
    }
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        NodeItem *&item = mNodes[it.key()];
        if (!item) {
            item = new NodeItem(this, it.key(), it->group, it->endpoint);
            // Back where it stood before its namespace folded it, if the scene placed it.
            if (auto p = mProvisional.constFind(it.key()); p != mProvisional.cend())
                item->setPos(*p);
            addItem(item);
            nodesChanged = true;
        } else {
            if (!(item->endpoint() == it->endpoint)) nodesChanged = true;
            item->setEndpoint(it->endpoint);
        }
    }

    QSet<QString> groups;
    for (const core::Namespace &ns : cluster.namespaces)
        groups.insert(QString::fromStdString(ns.name));
    groups.insert(outsideGroup());
    if (!mExposureTitles.isEmpty()) groups.insert(exposureGroup());
    for (auto it = mNamespaces.begin(); it != mNamespaces.end();) {
        if (!groups.contains(it.key())) {
            removeItem(it.value());
            delete it.value();
            it = mNamespaces.erase(it);
        } else {
            ++it;
        }
    }
    for (const QString &g : groups) {
        if (mNamespaces.contains(g)) continue;
        const bool outside = g == outsideGroup() || g == exposureGroup();
        auto *box = new NamespaceItem(g,
                                      g == exposureGroup() ? tr("Beyond the manifests")
                                      : outside            ? tr("Outside the cluster")
                                                           : g,
                                      outside);
        mNamespaces.insert(g, box);
        addItem(box);
    }

    mMemberCounts.clear();
    for (NodeItem *n : std::as_const(mNodes))
        ++mMemberCounts[n->group()];
    for (auto it = mFolded.cbegin(); it != mFolded.cend(); ++it)
        mMemberCounts[it.key()] += int(it->size());

    // Texts name workloads, ports and what Ingresses expose; positions and visibility change
    // with the nodes. Policies alone change none of them.
    const bool sameNodes = workloadsKept && !nodesChanged;
    if (!sameNodes || !cluster.ingresses.empty()) updateTexts();
    if (!sameNodes) {
        applyPositions();
        placeNewNodes();
    }
    updateIsolation();
    const bool partial = update && !update->everything && !nodesChanged && buildsArrowsByUpdate();
    recomputeEdges(partial ? update : nullptr);
    if (!sameNodes)
        updateFocus(); // else onChanged() does it in focus mode, and nothing changes outside it
}

void GraphScene::updateTexts()
{
    const core::Cluster &cluster = mDocument->cluster();
    // Workloads an Ingress or Route exposes show its hosts and paths.
    mExposedHosts.clear();
    for (const core::IngressExposure &x : core::IngressAnalysis::analyze(mDocument->evaluator()))
        for (const core::IngressPath &p : x.paths) {
            const core::IngressBackend &b = cluster.ingresses[p.ingress].backends[p.backend];
            const QString where =
                QString::fromStdString(b.host.empty() && b.path.empty() ? "*" : b.host + b.path);
            if (!mExposedHosts[x.workload].contains(where)) mExposedHosts[x.workload] << where;
        }
    for (NodeItem *n : std::as_const(mNodes))
        n->setTextsStale(); // filled now where shown, else when first needed
}

void GraphScene::fillTexts(NodeItem *n) const
{
    const core::Cluster &cluster = mDocument->cluster();
    const core::Endpoint &e = n->endpoint();
    if (n->isIngressController()) {
        n->setTexts(tr("Ingress controller"),
                    tr("%n exposed workload(s)", nullptr, int(mExposedHosts.size())), {});
        return;
    }
    if (n->group() == exposureGroup()) {
        n->setTexts(mExposureTitles.value(n->id()), tr("beyond the manifests"), {n->id()});
        return;
    }
    if (e.isExternal()) {
        n->setTexts(QString::fromStdString(core::GraphModel::externalTitle(e.range)),
                    QString::fromStdString(e.range.toString()), {});
        return;
    }
    if (e.workload >= cluster.workloads.size()) return;
    const core::Workload &w = cluster.workloads[e.workload];
    QString subtitle = QString::fromStdString(w.kind);
    if (w.replicas)
        subtitle += QStringLiteral(" ×%1").arg(*w.replicas);
    else if (w.podNames.size() > 1)
        subtitle += tr(" · %1 pods").arg(w.podNames.size());
    QStringList details;
    QStringList labels;
    for (const auto &[k, v] : w.labels)
        labels << QString::fromStdString(k + '=' + v);
    if (!labels.isEmpty()) details << labels.join(QLatin1String(", "));
    QStringList ports;
    for (const core::ContainerPort &p : w.ports)
        ports << QStringLiteral("%1 %2%3")
                     .arg(QString::fromLatin1(core::protocolName(p.protocol).data()))
                     .arg(p.port)
                     .arg(p.name.empty()
                              ? QString()
                              : QStringLiteral(" (%1)").arg(QString::fromStdString(p.name)));
    if (!ports.isEmpty()) details << ports.join(QLatin1String(", "));
    if (auto x = mExposedHosts.find(e.workload); x != mExposedHosts.end())
        details << tr("exposed: %1").arg(x->second.join(QLatin1String(", ")));
    n->setTexts(QString::fromStdString(w.name), subtitle, details);
}

void GraphScene::applyPositions()
{
    mApplyingPositions = true;
    const auto &positions = mDocument->positions();
    // The focus layout's positions, while shown, win over the document's (which stay as they are).
    static const QHash<QString, QPointF> none;
    const QHash<QString, QPointF> &focus = mFocusShown ? mFocusLayout->picture().positions : none;
    std::vector<std::pair<NodeItem *, QPointF>> moves;
    for (NodeItem *n : std::as_const(mNodes)) {
        const QPointF *p = nullptr;
        if (auto f = focus.constFind(n->id()); f != focus.cend())
            p = &*f;
        else if (auto d = positions.constFind(n->id()); d != positions.cend())
            p = &*d;
        if (p && n->pos() != *p) moves.emplace_back(n, *p);
    }
    // Each move of an indexed item takes it out of the BSP tree's leaves: 12 us a node at
    // 50,000 nodes (0.6 s after a layout), against one re-index of all of them later.
    const bool bulk = moves.size() > kBulkMoves;
    if (bulk) setItemIndexMethod(NoIndex);
    for (const auto &[n, p] : moves)
        n->setPos(p);
    if (bulk) setItemIndexMethod(BspTreeIndex);
    mApplyingPositions = false;
    updateNamespaceBoxes();
    fitToShown();
}

void GraphScene::fitToShown()
{
    mEdgeLayer->updateGeometry();
    // The scene is what is shown now, not everything it ever showed (nor the nodes focus mode
    // hides). Set only when it changes: a new rect re-indexes every item.
    const QRectF r = mEdgeLayer->boundingRect().adjusted(-300, -300, 300, 300);
    if (r != sceneRect()) setSceneRect(r);
}

QHash<QString, QPointF> GraphScene::findPlaces(QList<QPair<QString, QString>> pending,
                                               bool *noRoom) const
{
    // New nodes go next to their group, never moving anyone else.
    QHash<QString, QPointF> placed;
    QHash<QString, QRectF> groupRects;
    QRectF all;
    for (NodeItem *n : std::as_const(mNodes))
        if (mDocument->hasPosition(n->id()) || mProvisional.contains(n->id())) {
            // The document's place (or a provisional one), never a focus layout's.
            const QPointF at = mDocument->hasPosition(n->id())
                                   ? mDocument->positions().value(n->id())
                                   : mProvisional.value(n->id());
            const QRectF r = nodeRect(at);
            groupRects[n->group()] |= r;
            all |= r;
        }
    // A collapsed namespace's box stands in the way as its pods would.
    for (const NamespaceItem *box : std::as_const(mNamespaces))
        if (box->isCollapsed() && box->isVisible()) {
            groupRects[box->name()] |= box->sceneBoundingRect();
            all |= box->sceneBoundingRect();
        }
    if (all.isNull() && !mNodes.isEmpty() && !mDocument->positions().isEmpty())
        all = QRectF(0, 0, 1, 1);
    if (pending.isEmpty()) return placed;
    std::sort(pending.begin(), pending.end());
    // Groups with nothing placed yet come last, each in a square grid to the right of
    // everything (the groups that grow to their right included).
    std::stable_partition(pending.begin(), pending.end(), [&](const QPair<QString, QString> &p) {
        return !groupRects.value(p.second).isNull();
    });
    // Whether the group's box, grown to hold `r`, stays clear of every other box.
    auto clear = [&](const QString &group, const QRectF &grown) {
        for (auto it = groupRects.cbegin(); it != groupRects.cend(); ++it)
            if (it.key() != group && !it.value().isNull() &&
                groupBox(it.value()).intersects(groupBox(grown)))
                return false;
        return true;
    };
    // A group with nothing placed yet fills a square grid of its own.
    struct Grid
    {
        QPointF origin;
        int columns = 1;
        int next = 0;
    };
    QHash<QString, int> newCount;
    for (const auto &[id, group] : std::as_const(pending))
        if (groupRects.value(group).isNull()) ++newCount[group];
    QHash<QString, Grid> grids;
    for (const auto &[id, group] : std::as_const(pending)) {
        QRectF &r = groupRects[group];
        QPointF p;
        if (auto g = newCount.constFind(group); g != newCount.cend()) {
            auto grid = grids.find(group);
            if (grid == grids.end()) {
                const int columns = std::max(1, int(std::ceil(std::sqrt(double(g.value())))));
                const qreal x =
                    all.isNull() ? 0 : all.right() + 2 * NamespaceItem::kMargin + kColumn / 2 + 40;
                grid = grids.insert(
                    group, {QPointF(x, NamespaceItem::kTitle + NodeItem::kHeight / 2), columns, 0});
            }
            const int k = grid->next++;
            p = grid->origin + QPointF((k % grid->columns) * kColumn, (k / grid->columns) * kRow);
        } else {
            // The first free cell in the column to the right, then in the row below; a cell
            // that would push the box into another is no place. A cell lies outside `r`, which
            // holds every node of the group, and a box clear of the others' boxes is clear of
            // their nodes: no node needs a check of its own.
            const int rows = std::max(1, int(std::lround(r.height() / kRow)) + 1);
            const int columns = std::max(1, int(std::lround(r.width() / kColumn)) + 1);
            auto cell = [&](int k) {
                return k < rows ? QPointF(r.right() + kColumn - NodeItem::kWidth / 2,
                                          r.top() + NodeItem::kHeight / 2 + k * kRow)
                                : QPointF(r.left() + NodeItem::kWidth / 2 + (k - rows) * kColumn,
                                          r.bottom() + kRow - NodeItem::kHeight / 2);
            };
            int free = 0;
            while (free < rows + columns && !clear(group, r | nodeRect(cell(free))))
                ++free;
            if (noRoom) *noRoom = *noRoom || free == rows + columns;
            p = cell(free == rows + columns ? 0 : free);
        }
        r |= nodeRect(p);
        all |= nodeRect(p);
        placed.insert(id, p);
    }
    return placed;
}

QHash<QString, QPointF> GraphScene::placesFor(const core::ClusterChange &change) const
{
    // Only once a layout has placed the nodes: before that, the first layout places everyone.
    if (mDocument->positions().isEmpty()) return {};
    QList<QPair<QString, QString>> pending;
    for (const core::ClusterChange::Step &step : change.steps())
        if (const auto *s = std::get_if<core::WorkloadStep>(&step); s && s->after) {
            const QString id = QString::fromStdString(s->after->qualifiedName());
            const QString ns = QString::fromStdString(s->after->namespaceName);
            // A pod folded into a collapsed namespace is placed when the namespace opens.
            if (!mDocument->hasPosition(id) && !mCollapsed.contains(ns) &&
                !(s->before && s->before->qualifiedName() == s->after->qualifiedName()))
                pending.append({id, ns});
        }
    return findPlaces(pending, nullptr);
}

void GraphScene::placeNewNodes()
{
    // Nodes the document has no place for (outside ranges a policy brought, nodes of a change
    // made without placesFor) stand on a provisional spot of the scene's own: the change
    // handler never writes into the document.
    QList<QPair<QString, QString>> pending;
    QHash<QString, QList<NodeItem *>> opened; // pods of namespaces opened where their box stood
    for (NodeItem *n : std::as_const(mNodes))
        if (!mDocument->hasPosition(n->id()) && !mProvisional.contains(n->id())) {
            if (mCollapsedCenters.contains(n->group()) && !mCollapsed.contains(n->group()))
                opened[n->group()] << n;
            else
                pending.append({n->id(), n->group()});
        }
    // Collapsed namespaces with no place yet (a collapsed open, until its layout comes) stand
    // in a grid of their own, right of everything placed.
    QStringList boxes;
    for (const QString &ns : std::as_const(mCollapsed))
        if (!mCollapsedCenters.contains(ns) && mNamespaces.contains(ns)) boxes << ns;
    if (!boxes.isEmpty()) {
        QRectF placed;
        for (NodeItem *n : std::as_const(mNodes))
            placed |= n->sceneBoundingRect();
        boxes.sort();
        const int columns = std::max(1, int(std::ceil(std::sqrt(double(boxes.size())))));
        const QPointF origin(placed.isNull() ? 0 : placed.right() + kColumn,
                             placed.isNull() ? 0 : placed.top());
        for (int i = 0; i < boxes.size(); ++i)
            mCollapsedCenters.insert(boxes[i], origin + QPointF((i % columns) * 1.5 * kColumn,
                                                                (i / columns) * 1.5 * kRow));
    }
    mApplyingPositions = true;
    for (auto it = opened.begin(); it != opened.end(); ++it) {
        // In the order of their ids, rows of eight from where the box stood; where that box
        // would cover another, the pods take a grid of their own right of everything instead
        // (pods drawn inside another namespace's box would say they belong there).
        std::sort(it->begin(), it->end(),
                  [](const NodeItem *a, const NodeItem *b) { return a->id() < b->id(); });
        const QPointF origin = mCollapsedCenters.value(it.key());
        auto spot = [&](int k) { return origin + QPointF((k % 8) * kColumn, (k / 8) * kRow); };
        QRectF cells;
        for (int k = 0; k < it->size(); ++k)
            cells |= nodeRect(spot(k));
        const QRectF box = groupBox(cells);
        const bool covers = std::any_of(mNamespaces.cbegin(), mNamespaces.cend(), [&](auto *other) {
            return other->name() != it.key() && other->isVisible() &&
                   other->sceneBoundingRect().intersects(box);
        });
        for (int k = 0; k < it->size(); ++k) {
            if (covers) {
                pending.append({it->at(k)->id(), it.key()});
                continue;
            }
            mProvisional.insert(it->at(k)->id(), spot(k));
            it->at(k)->setPos(spot(k));
        }
    }
    mApplyingPositions = false;
    if (pending.isEmpty()) {
        if (!boxes.isEmpty() || !opened.isEmpty()) {
            updateNamespaceBoxes();
            mEdgeLayer->updateGeometry();
        }
        return;
    }
    bool noRoom = false;
    const QHash<QString, QPointF> placed = findPlaces(pending, &noRoom);
    mApplyingPositions = true;
    for (auto it = placed.begin(); it != placed.end(); ++it) {
        mProvisional.insert(it.key(), it.value());
        mNodes.value(it.key())->setPos(it.value());
    }
    mApplyingPositions = false;
    updateNamespaceBoxes();
    mEdgeLayer->updateGeometry();
    // No free place beside its namespace: the new content gets a fresh layout (later, not
    // inside this change's own handling).
    if (noRoom && !mDocument->positions().isEmpty())
        QTimer::singleShot(0, this, [this] {
            if (!isLayoutRunning()) relayout(false);
        });
}

void GraphScene::updateNamespaceBoxes()
{
    QHash<QString, QRectF> rects;
    for (NodeItem *n : std::as_const(mNodes))
        if (n->isVisible() || !mFocusMode)
            rects[n->group()] |= n->sceneBoundingRect().adjusted(2, 2, -2, -2);
    qreal right = 0;
    for (const QRectF &r : std::as_const(rects))
        right = std::max(right, r.right());
    qreal emptyTop = 0;
    for (NamespaceItem *box : std::as_const(mNamespaces)) {
        box->setCollapsed(mCollapsed.contains(box->name()), mMemberCounts.value(box->name()));
        QRectF r = rects.value(box->name());
        if (box->isCollapsed() && mCollapsedCenters.contains(box->name()))
            r = QRectF(mCollapsedCenters.value(box->name()),
                       QSizeF(1, 1)); // its place in the collapsed layout
        if (r.isNull()) {
            // An empty namespace: a small box beside the others, ready for new pods.
            r = QRectF(right + 80, emptyTop, NodeItem::kWidth, NodeItem::kHeight / 2);
            emptyTop += NodeItem::kHeight + 2 * NamespaceItem::kMargin + NamespaceItem::kTitle;
        }
        box->fitTo(r);
    }
}

void GraphScene::updateIsolation()
{
    const core::Evaluator &ev = mDocument->evaluator();
    for (NodeItem *n : std::as_const(mNodes)) {
        if (n->isExternal()) continue;
        n->setIsolation(ev.isolatedForIngress(n->endpoint().workload),
                        ev.isolatedForEgress(n->endpoint().workload));
    }
}

QString GraphScene::uiId(const std::string &coreId, bool external)
{
    // The document keeps external ranges under "ext:" so that they never clash with workloads.
    return external ? QStringLiteral("ext:") + QString::fromStdString(coreId)
                    : QString::fromStdString(coreId);
}

GraphScene::EdgeKey GraphScene::edgeKey(const GraphEdge &e)
{
    return {e.from, e.to, (e.fromGroup ? 1 : 0) | (e.toGroup ? 2 : 0)};
}

bool GraphScene::buildsArrowsByUpdate() const
{
    // Exposure placeholders and the ingress controller's arrows are not split by namespace.
    return !mShowExposure &&
           !mNodes.contains(QString::fromLatin1(core::GraphModel::kIngressController));
}

std::set<std::string> GraphScene::collapsedSet() const
{
    std::set<std::string> out;
    for (const QString &ns : mCollapsed)
        out.insert(ns.toStdString());
    return out;
}

void GraphScene::recomputeEdges(const core::EvaluatorUpdate *update)
{
    const core::Cluster &cluster = mDocument->cluster();
    const core::GraphModel::EdgeScope scope =
        update ? core::GraphModel::EdgeScope::of(cluster, mDocument->evaluator(), *update)
               : core::GraphModel::EdgeScope();
    std::unique_ptr<core::GraphModel> built;
    if (mOpenedModel && mOpenedModel->fits(collapsedSet(), mShowExposure, scope))
        built = std::move(mOpenedModel);
    else
        built = std::make_unique<core::GraphModel>(cluster, mDocument->evaluator(), collapsedSet(),
                                                   mShowExposure, scope, std::move(mModelMemory));
    const core::GraphModel &model = *built;
    for (const core::GraphModel::Group &g : model.groups())
        if (scope.contains(g.id, g.id)) // out of scope, a group's note is not computed
            if (NamespaceItem *box = mNamespaces.value(QString::fromStdString(g.id)))
                box->setNote(QString::fromStdString(g.note));
    for (NamespaceItem *box : scope.all ? mNamespaces.values() : QList<NamespaceItem *>()) {
        if (box->isOutside()) continue;
        QStringList labels;
        for (const auto &[k, v] : cluster.namespaceLabels(box->name().toStdString()))
            if (k != core::kNamespaceNameLabel) labels << QString::fromStdString(k + '=' + v);
        box->setLabels(labels.join(QLatin1String(", ")));
    }
    std::vector<GraphEdge> &edges = mFreshEdges;
    sceneEdges(model, edges);
    if (mKeepModel && scope.all) {
        mKeptModel = std::move(built);
    } else {
        // An edit's model: its edges' memory serves the next one (a big model goes to a pool
        // thread whole instead).
        if (built->edges().size() <= kKeptFreshEdges) {
            mModelMemory = built->takeEdges();
            keepForNextEdit(mModelMemory);
        }
        release(std::move(built));
    }
    if (!mLayoutFollows) attachRoutes(edges); // else the layout's routes come in a moment
    const int previous = mEdgeLayer->selectedEdge();
    if (scope.all) {
        mEdgeLayer->setEdges(edges);
    } else {
        QSet<QString> from, to;
        for (const std::string &g : scope.from)
            from.insert(QString::fromStdString(g));
        for (const std::string &g : scope.to)
            to.insert(QString::fromStdString(g));
        mEdgeLayer->replaceEdges(from, to, edges);
    }
    keepForNextEdit(edges);
    if (previous >= 0) emit edgeSelectionChanged(-1);
}

void GraphScene::sceneEdges(const core::GraphModel &model, std::vector<GraphEdge> &edges)
{
    // Each id and label made a QString once: the arrows share them (thousands of arrows, a
    // few hundred ends, a few labels).
    // Only the outside ranges' ids differ from the core's ("ext:"); the other ids are made
    // as the arrows name them (a big cluster's collapsed pods are named by none).
    std::unordered_map<std::string, QString> ids, groups, labels;
    for (const core::GraphModel::Node &n : model.nodes())
        if (n.role == core::GraphModel::Role::Endpoint && n.endpoint.isExternal())
            ids.emplace(n.id, uiId(n.id, true));
    auto shared = [](std::unordered_map<std::string, QString> &map,
                     const std::string &s) -> const QString & {
        auto it = map.find(s);
        if (it == map.end()) it = map.emplace(s, QString::fromStdString(s)).first;
        return it->second;
    };
    edges.clear();
    edges.reserve(model.edges().size());
    for (const core::GraphModel::Edge &m : model.edges()) {
        GraphEdge e;
        e.from = shared(m.fromGroup ? groups : ids, m.from);
        e.to = shared(m.toGroup ? groups : ids, m.to);
        e.fromGroup = m.fromGroup;
        e.toGroup = m.toGroup;
        e.fromGroupId = shared(groups, m.fromGroupId);
        e.toGroupId = shared(groups, m.toGroupId);
        e.bundle = m.bundle;
        e.connections = m.connections;
        e.label = shared(labels, m.label);
        e.fromEndpoint = m.fromEndpoint;
        e.toEndpoint = m.toEndpoint;
        e.pairs = int(std::min<size_t>(m.pairs, 1000000));
        edges.push_back(std::move(e));
    }
}

QRectF GraphScene::endRect(const QString &id, bool group) const
{
    if (group) {
        const NamespaceItem *box = mNamespaces.value(id);
        return box ? box->sceneBoundingRect() : QRectF();
    }
    const NodeItem *n = mNodes.value(id);
    return n ? nodeRect(n->pos()) : QRectF();
}

void GraphScene::attachRoutes(std::vector<GraphEdge> &edges)
{
    // Routes from the last layout where their ends have not moved; the others are routed around
    // the boxes where they stand now, so an edit never moves a node.
    std::vector<core::GraphLayout::Rect> obstacles;
    std::vector<QString> obstacleGroup;
    for (NodeItem *n : std::as_const(mNodes)) {
        if (!n->isVisible()) continue;
        const QRectF r = nodeRect(n->pos());
        obstacles.push_back({r.x(), r.y(), r.width(), r.height()});
        obstacleGroup.push_back(n->group());
    }
    for (NamespaceItem *box : std::as_const(mNamespaces))
        if (box->isVisible() && box->isCollapsed()) { // a collapsed namespace is one box
            const QRectF r = box->sceneBoundingRect();
            obstacles.push_back({r.x(), r.y(), r.width(), r.height()});
            obstacleGroup.push_back(box->name());
        }
    int routed = 0;
    // Routing on the UI thread stays within a few tens of milliseconds (docs/performance.md).
    const bool affordable = obstacles.size() <= 400;
    const int budget = obstacles.size() <= 60 ? 200 : 20;
    if (!affordable && mRoutes.isEmpty()) { // nothing kept, nothing routed: all drawn straight
        for (GraphEdge &e : edges)
            e.route.clear();
        return;
    }
    for (GraphEdge &e : edges) {
        const QRectF a = endRect(e.from, e.fromGroup), b = endRect(e.to, e.toGroup);
        auto stored = mRoutes.constFind(edgeKey(e));
        if (stored != mRoutes.constEnd() && stored->pending) {
            e.route.clear(); // the layout's route, once its positions are in place
            continue;
        }
        if (stored != mRoutes.constEnd() && stored->fromRect == a && stored->toRect == b) {
            e.route = stored->points;
            e.tip = stored->tip;
            e.routeFrom = a;
            e.routeTo = b;
            continue;
        }
        e.route.clear();
        if (a.isNull() || b.isNull() || !affordable || routed >= budget)
            continue; // drawn straight until the next layout
        std::vector<core::GraphLayout::Rect> others;
        for (size_t i = 0; i < obstacles.size(); ++i)
            if (!(e.fromGroup && obstacleGroup[i] == e.from) &&
                !(e.toGroup && obstacleGroup[i] == e.to))
                others.push_back(obstacles[i]);
        const core::GraphLayout::Route r = core::EdgeRouter::route(
            {a.x(), a.y(), a.width(), a.height()}, {b.x(), b.y(), b.width(), b.height()}, others);
        Route stored2{a, b, {}, QPointF(r.tip.x, r.tip.y), false};
        for (const core::GraphLayout::Point &p : r.points)
            stored2.points << QPointF(p.x, p.y);
        mRoutes.insert(edgeKey(e), stored2);
        e.route = stored2.points;
        e.tip = stored2.tip;
        e.routeFrom = a;
        e.routeTo = b;
        ++routed;
    }
}

void GraphScene::rerouteEdges()
{
    std::vector<GraphEdge> edges(mEdgeLayer->edges().begin(), mEdgeLayer->edges().end());
    attachRoutes(edges);
    const int selected = mEdgeLayer->selectedEdge();
    mEdgeLayer->setEdges(edges);
    mEdgeLayer->setSelectedEdge(selected);
}

void GraphScene::selectEdge(int index)
{
    mEdgeLayer->setSelectedEdge(index);
    emit edgeSelectionChanged(index);
}

void GraphScene::setCollapsed(const QString &ns, bool collapsed)
{
    if (collapsed == mCollapsed.contains(ns) || !mNamespaces.contains(ns) || ns == outsideGroup())
        return;
    mDrawRuleTool->cancel(); // its source may be one of the items that go
    if (collapsed) {
        // The box stands where its pods stood; their items go until it opens again.
        QRectF r;
        for (NodeItem *n : std::as_const(mNodes))
            if (n->group() == ns) r |= n->sceneBoundingRect();
        if (!r.isNull()) mCollapsedCenters.insert(ns, r.center());
        mCollapsed.insert(ns);
    } else {
        mCollapsed.remove(ns);
    }
    resyncFolding();
    emit graphUpdated();
}

void GraphScene::resyncFolding()
{
    const QList<QGraphicsItem *> selectedBefore = selectedItems();
    {
        const QSignalBlocker blocker(this); // items die and are born: announce once, after
        syncItems();
    }
    applyHighlight(); // the new items too
    if (selectedItems() != selectedBefore) emit selectionChanged();
}

void GraphScene::setAllCollapsed(bool collapsed)
{
    mCollapsed.clear();
    if (collapsed)
        for (const core::Namespace &ns : mDocument->cluster().namespaces)
            mCollapsed.insert(QString::fromStdString(ns.name));
    mCollapsedCenters.clear();
    resyncFolding();
    emit graphUpdated();
    // The collapsed view is a graph of its own, laid out compactly; expanded, the pods get
    // the places and routes of a full layout again.
    relayout(false);
}

void GraphScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->scenePos())) {
        if (item->type() == NodeItem::Type) break;
        if (item->type() == NamespaceItem::Type &&
            !static_cast<NamespaceItem *>(item)->isOutside()) {
            const QString ns = static_cast<NamespaceItem *>(item)->name();
            setCollapsed(ns, !isCollapsed(ns));
            event->accept();
            return;
        }
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

void GraphScene::setShowExposure(bool on)
{
    if (mShowExposure == on) return;
    mShowExposure = on;
    syncItems();
    // The placeholders take their place in a full layout, routed around every box.
    if (on && !mExposureTitles.isEmpty()) relayout(false);
    emit graphUpdated();
}

void GraphScene::setFocusMode(bool on)
{
    mFocusMode = on;
    updateFocus();
}

void GraphScene::updateFocus()
{
    QSet<QString> visible;
    QSet<QString> namespaces;
    const QList<QGraphicsItem *> selected = selectedItems();
    if (mFocusMode && !selected.isEmpty()) {
        QSet<QString> seeds;
        for (QGraphicsItem *item : selected) {
            if (item->type() == NodeItem::Type)
                seeds.insert(static_cast<NodeItem *>(item)->id());
            else if (item->type() == NamespaceItem::Type) {
                const QString ns = static_cast<NamespaceItem *>(item)->name();
                for (NodeItem *n : std::as_const(mNodes))
                    if (n->group() == ns) seeds.insert(n->id());
                for (const auto &[id, workload] : foldedIds(ns))
                    seeds.insert(id);
            }
        }
        // What focus shows comes from the core view-model, as for `netfence-cli graph --focus`,
        // and is laid out on its own; the picture arrives in showFocusLayout().
        visible = mFocusLayout->update(seeds, mCollapsed);
    } else {
        mFocusLayout->clear();
    }
    for (NodeItem *n : std::as_const(mNodes)) {
        const bool shown = visible.isEmpty() || visible.contains(n->id());
        n->setVisible(shown && !mCollapsed.contains(n->group()));
        // No moving in focus mode: its positions are a view of the moment. A node moved there
        // would be kept at a place chosen for another picture when focus ends (or the move would
        // be lost without a word); a drag says so instead (noteFocusDrag).
        n->setFlag(QGraphicsItem::ItemIsMovable, !mFocusMode);
        if (shown) namespaces.insert(n->group());
    }
    for (NamespaceItem *box : std::as_const(mNamespaces))
        box->setVisible(visible.isEmpty() || namespaces.contains(box->name()));
    updateNamespaceBoxes();
    mEdgeLayer->setVisibleNodes(visible, visible.isEmpty() ? QSet<QString>() : namespaces);
    fitToShown(); // an expanded namespace shows its pods
    if (visible.isEmpty()) hideFocusLayout();
}

void GraphScene::showFocusLayout()
{
    if (!mFocusMode || !mFocusLayout->hasPicture()) return;
    if (!mFocusShown) {
        mDocumentRoutes = mRoutes;
        mDocumentCollapsedCenters = mCollapsedCenters;
        mFocusShown = true;
    }
    mRoutes.clear();
    for (const GraphEdge &e : mFocusLayout->picture().routes)
        mRoutes.insert(edgeKey(e), Route{{}, {}, e.route, e.tip, true});
    mCollapsedCenters = mFocusLayout->picture().collapsedCenters;
    applyPositions(); // the focus layout's positions win while mFocusShown
    claimPendingRoutes();
    rerouteEdges();
    mEdgeLayer->updateGeometry();
    emit focusLayoutChanged();
}

void GraphScene::hideFocusLayout()
{
    if (!mFocusShown) return;
    mFocusShown = false;
    mRoutes = std::exchange(mDocumentRoutes, {});
    mCollapsedCenters = std::exchange(mDocumentCollapsedCenters, {});
    applyPositions();
    rerouteEdges(); // the document's routes fit again: their ends are back where they were
    emit focusLayoutChanged();
}

void GraphScene::waitForFocusLayout()
{
    mFocusLayout->waitForFinished();
}

void GraphScene::noteFocusDrag(QGraphicsSceneMouseEvent *event)
{
    if (!mFocusMode || mFocusDragNoted || mTool != Tool::Select ||
        !(event->buttons() & Qt::LeftButton) ||
        (event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton)).manhattanLength() <
            QApplication::startDragDistance())
        return;
    for (QGraphicsItem *item : items(event->buttonDownScenePos(Qt::LeftButton)))
        if (item->type() == NodeItem::Type) {
            mFocusDragNoted = true;
            emit notesPosted({tr("Nodes do not move in focus mode: its layout is only a view. "
                                 "Leave Focus (F) to arrange the graph.")});
            return;
        }
}

void GraphScene::highlightPolicy(int index)
{
    mHighlightedPolicy = index;
    mHighlightedPolicyKey = index >= 0 ? mDocument->policyKey(size_t(index)) : core::kNoPolicyKey;
    if (index >= 0) {
        mHighlightedClusterPolicy = -1;
        mHighlightedClusterPolicyKey = core::kNoPolicyKey;
    }
    applyHighlight();
}

void GraphScene::highlightClusterPolicy(int index)
{
    mHighlightedClusterPolicy = index;
    mHighlightedClusterPolicyKey =
        index >= 0 ? mDocument->clusterPolicyKey(size_t(index)) : core::kNoPolicyKey;
    if (index >= 0) {
        mHighlightedPolicy = -1;
        mHighlightedPolicyKey = core::kNoPolicyKey;
    }
    applyHighlight();
}

void GraphScene::applyHighlight()
{
    const core::Cluster &cluster = mDocument->cluster();
    const int index = mHighlightedPolicy >= 0 ? mHighlightedPolicy : mHighlightedClusterPolicy;
    const bool tier = mHighlightedPolicy < 0;
    if (index < 0 ||
        index >= int(tier ? cluster.clusterPolicies.size() : cluster.policies.size())) {
        for (NodeItem *n : std::as_const(mNodes))
            n->setEmphasis(NodeItem::Emphasis::Normal);
        return;
    }
    // The evaluator's own match sets, so that the picture agrees with the verdicts.
    const core::Evaluator &ev = mDocument->evaluator();
    for (NodeItem *n : std::as_const(mNodes)) {
        const core::Endpoint &e = n->endpoint();
        bool selected = false;
        if (e.isWorkload()) {
            const std::vector<size_t> selecting =
                tier ? ev.clusterPoliciesSelecting(e.workload) : ev.policiesSelecting(e.workload);
            selected =
                std::find(selecting.begin(), selecting.end(), size_t(index)) != selecting.end();
        }
        const bool peer = tier ? ev.clusterPolicyMatchesAsPeer(size_t(index), e)
                               : ev.matchesAsPeer(size_t(index), e);
        n->setEmphasis(selected ? NodeItem::Emphasis::Selected
                       : peer   ? NodeItem::Emphasis::Peer
                                : NodeItem::Emphasis::Dimmed);
    }
}

NodeItem *GraphScene::find(const QString &text)
{
    if (text.isEmpty()) return nullptr;
    // The first match by id, among the items and the pods folded into collapsed namespaces.
    QString first;
    auto consider = [&](const QString &id, const QString &title) {
        if ((first.isEmpty() || id < first) &&
            (id.contains(text, Qt::CaseInsensitive) || title.contains(text, Qt::CaseInsensitive)))
            first = id;
    };
    for (NodeItem *n : std::as_const(mNodes))
        consider(n->id(), n->title());
    const core::Cluster &cluster = mDocument->cluster();
    for (auto it = mFolded.cbegin(); it != mFolded.cend(); ++it)
        for (const auto &[id, workload] : foldedIds(it.key()))
            consider(id, QString::fromStdString(cluster.workloads[workload].name));
    NodeItem *n = first.isEmpty() ? nullptr : reveal(first);
    if (!n) return nullptr;
    clearSelection();
    n->setVisible(true);
    fitToShown();
    n->setSelected(true);
    return n;
}

std::vector<std::pair<QString, size_t>> GraphScene::foldedIds(const QString &ns) const
{
    const auto folded = mFolded.constFind(ns);
    if (folded == mFolded.cend()) return {};
    std::vector<QString> ids = workloadIds(mDocument->cluster(), *folded);
    std::vector<std::pair<QString, size_t>> out;
    out.reserve(folded->size());
    for (size_t k = 0; k < folded->size(); ++k)
        out.emplace_back(std::move(ids[k]), (*folded)[k]);
    return out;
}

std::vector<GraphScene::Member> GraphScene::members() const
{
    std::vector<Member> out;
    out.reserve(size_t(mNodes.size()));
    for (NodeItem *n : std::as_const(mNodes))
        out.push_back({n->id(), n->group(), n->endpoint(), n});
    for (auto it = mFolded.cbegin(); it != mFolded.cend(); ++it)
        for (auto &[id, workload] : foldedIds(it.key()))
            out.push_back({std::move(id), it.key(), core::Endpoint::ofWorkload(workload), nullptr});
    return out;
}

NodeItem *GraphScene::reveal(const QString &id)
{
    if (NodeItem *n = mNodes.value(id)) return n;
    // A workload's id starts with its namespace (which holds no '/').
    const QString ns = id.left(id.indexOf(QLatin1Char('/')));
    if (!mFolded.contains(ns)) return nullptr;
    const auto ids = foldedIds(ns);
    if (std::none_of(ids.begin(), ids.end(), [&](const auto &f) { return f.first == id; }))
        return nullptr;
    setCollapsed(ns, false);
    return mNodes.value(id);
}

void GraphScene::relayout(bool undoable)
{
    if (mNodes.isEmpty() && mFolded.isEmpty()) return;
    mUndoableLayout = undoable;
    emit layoutRunning(true);
    // A load has just built the model: the same one, not a second.
    std::unique_ptr<core::GraphModel> own;
    if (!mKeptModel)
        own = std::make_unique<core::GraphModel>(mDocument->cluster(), mDocument->evaluator(),
                                                 collapsedSet(), mShowExposure);
    const core::GraphModel &model = mKeptModel ? *mKeptModel : *own;
    core::GraphLayout::Input input = core::GraphPicture::layoutInput(model);
    input.groupLabels[outsideGroup().toStdString()] = tr("Outside the cluster").toStdString();
    // The routes come back in the order of the model's edges (the edge layer's order differs
    // after an edit has replaced some of its arrows).
    mLayoutEdges.clear();
    std::vector<GraphEdge> edges;
    sceneEdges(model, edges);
    for (const GraphEdge &e : edges)
        mLayoutEdges.push_back(edgeKey(e));
    if (mLayoutEdges.size() != input.edges.size()) mLayoutEdges.clear();
    mLayoutWorker->start(std::move(input));
}

void GraphScene::cancelLayout()
{
    mLayoutWorker->cancel();
    emit layoutRunning(false);
}

bool GraphScene::isLayoutRunning() const
{
    return mLayoutWorker->isRunning();
}

void GraphScene::waitForLayout()
{
    mLayoutWorker->waitForFinished();
}

void GraphScene::applyLayout(const core::GraphLayout::Result &result)
{
    if (!result.error.empty()) {
        emit layoutRunning(false);
        emit notesPosted({tr("Layout failed: %1").arg(QString::fromStdString(result.error))});
        return;
    }
    QHash<QString, QPointF> positions;
    mCollapsedCenters.clear();
    for (const auto &[id, p] : result.centers) {
        const QString key = QString::fromStdString(id);
        if (mNodes.contains(key))
            positions.insert(key, QPointF(p.x, p.y));
        else if (mNodes.contains(uiId(id, true)))
            positions.insert(uiId(id, true), QPointF(p.x, p.y));
        else if (mCollapsed.contains(key))
            mCollapsedCenters.insert(key, QPointF(p.x, p.y));
    }
    // The routes belong to these positions: keep them by the ends they join.
    mRoutes.clear();
    for (size_t i = 0; i < mLayoutEdges.size() && i < result.routes.size(); ++i) {
        const core::GraphLayout::Route &r = result.routes[i];
        if (r.points.empty()) continue;
        Route route;
        for (const core::GraphLayout::Point &p : r.points)
            route.points << QPointF(p.x, p.y);
        route.tip = QPointF(r.tip.x, r.tip.y);
        route.pending = true; // its end rectangles are known once the positions are applied
        mRoutes.insert(mLayoutEdges[i], route);
    }
    if (mUndoableLayout)
        mDocument->undoStack()->push(new MoveNodesCommand(mDocument, tr("Re-layout"), positions));
    else
        mDocument->setPositions(positions);
    claimPendingRoutes();
    rerouteEdges();
    updateNamespaceBoxes();
    mEdgeLayer->updateGeometry();
    // Content that arrived while Graphviz worked (a lab step opened at once) is not in this
    // layout: lay out again rather than leave it on its provisional grid.
    const bool stale = std::any_of(mNodes.cbegin(), mNodes.cend(), [this](NodeItem *n) {
        return !mDocument->hasPosition(n->id());
    });
    if (stale) {
        relayout(mUndoableLayout);
        return;
    }
    emit layoutRunning(false);
    emit graphUpdated();
}

QRectF GraphScene::visibleRoutesRect() const
{
    QRectF r;
    for (const GraphEdge &e : mEdgeLayer->edges()) {
        const QGraphicsItem *from = e.fromGroup
                                        ? static_cast<QGraphicsItem *>(mNamespaces.value(e.from))
                                        : mNodes.value(e.from);
        const QGraphicsItem *to =
            e.toGroup ? static_cast<QGraphicsItem *>(mNamespaces.value(e.to)) : mNodes.value(e.to);
        if ((from && !from->isVisible()) || (to && !to->isVisible())) continue;
        auto it = mRoutes.constFind(edgeKey(e));
        if (it == mRoutes.cend() || it->points.isEmpty()) continue;
        r |= QPolygonF(it->points).boundingRect();
    }
    return r;
}

void GraphScene::claimPendingRoutes()
{
    for (const GraphEdge &e : mEdgeLayer->edges()) {
        auto it = mRoutes.find(edgeKey(e));
        if (it == mRoutes.end() || !it->pending) continue;
        it->fromRect = endRect(e.from, e.fromGroup);
        it->toRect = endRect(e.to, e.toGroup);
        it->pending = false;
    }
}

void GraphScene::nodeMoved(NodeItem *node)
{
    if (mApplyingPositions) return;
    if (NamespaceItem *box = mNamespaces.value(node->group())) {
        QRectF r;
        for (NodeItem *n : std::as_const(mNodes))
            if (n->group() == node->group() && (n->isVisible() || !mFocusMode))
                r |= n->sceneBoundingRect().adjusted(2, 2, -2, -2);
        box->fitTo(r);
        if (!mEdgeLayer->boundingRect().contains(box->sceneBoundingRect()))
            mEdgeLayer->updateGeometry(); // the arrows must be painted where the node went
    }
    mEdgeLayer->update();
}

void GraphScene::setHovered(NodeItem *node)
{
    mEdgeLayer->setHighlight(node ? node->id() : QString());
    if (!node) {
        applyHighlight();
        return;
    }
    QSet<QString> near{node->id()};
    auto addEnd = [&](const QString &end, bool group) {
        if (!group) {
            near.insert(end);
            return;
        }
        for (NodeItem *n : std::as_const(mNodes))
            if (n->group() == end) near.insert(n->id());
    };
    for (const GraphEdge &e : mEdgeLayer->edges()) {
        const bool fromHere = e.fromGroup ? e.from == node->group() : e.from == node->id();
        const bool toHere = e.toGroup ? e.to == node->group() : e.to == node->id();
        if (fromHere) addEnd(e.to, e.toGroup);
        if (toHere) addEnd(e.from, e.fromGroup);
    }
    for (NodeItem *n : std::as_const(mNodes))
        n->setEmphasis(near.contains(n->id()) || n->group() == node->group()
                           ? NodeItem::Emphasis::Normal
                           : NodeItem::Emphasis::Dimmed);
}

void GraphScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && mTool == Tool::DrawRule &&
        mDrawRuleTool->mousePress(event->scenePos())) {
        event->accept();
        return;
    }
    QGraphicsScene::mousePressEvent(event);
    if (event->button() != Qt::LeftButton) return;
    mDragStart.clear();
    mFocusDragNoted = false;
    for (QGraphicsItem *item : selectedItems())
        if (item->type() == NodeItem::Type && !mFocusMode)
            mDragStart.insert(static_cast<NodeItem *>(item)->id(), item->pos());
    // A click on empty space (or a namespace box) may hit an edge.
    bool onNode = false;
    for (QGraphicsItem *item : items(event->scenePos()))
        onNode = onNode || item->type() == NodeItem::Type;
    if (!onNode) {
        const int edge = mEdgeLayer->edgeAt(event->scenePos(), 6);
        if (edge >= 0) {
            clearSelection();
            selectEdge(edge);
        } else if (mEdgeLayer->selectedEdge() >= 0) {
            selectEdge(-1);
        }
    } else if (mEdgeLayer->selectedEdge() >= 0) {
        selectEdge(-1);
    }
}

void GraphScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (mDrawRuleTool->mouseMove(event->scenePos())) {
        event->accept();
        return;
    }
    noteFocusDrag(event);
    QGraphicsScene::mouseMoveEvent(event);
}

void GraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (mDrawRuleTool->isDragging()) {
        mDrawRuleTool->mouseRelease(event->scenePos());
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (mFocusMode)
        mDragStart.clear(); // nodes may have moved under the mouse: to a focus layout, not by it
    QHash<QString, QPointF> moved;
    for (auto it = mDragStart.begin(); it != mDragStart.end(); ++it)
        if (NodeItem *n = mNodes.value(it.key()); n && n->pos() != it.value())
            moved.insert(it.key(), n->pos());
    mDragStart.clear();
    if (!moved.isEmpty())
        setSceneRect(sceneRect().united(mEdgeLayer->boundingRect().adjusted(-300, -300, 300, 300)));
    if (!moved.isEmpty())
        mDocument->undoStack()->push(new MoveNodesCommand( // its Positions change reroutes
            mDocument,
            moved.size() == 1 ? tr("Move %1").arg(moved.begin().key())
                              : tr("Move %1 nodes").arg(moved.size()),
            moved));
}

void GraphScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    QGraphicsItem *target = nullptr;
    for (QGraphicsItem *item : items(event->scenePos()))
        if (item->type() == NodeItem::Type || item->type() == NamespaceItem::Type) {
            target = item;
            break;
        }
    if (target && !target->isSelected()) {
        clearSelection();
        target->setSelected(true);
    }
    emit contextMenuRequested(target, event->screenPos());
    event->accept();
}

} // namespace netfence::ui
