#include "ui/graphscene.h"

#include "core/externalpartition.h"
#include "ui/drawruletool.h"
#include "ui/layoutworker.h"
#include "ui/movenodescommand.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMap>
#include <QSignalBlocker>

#include <map>
#include <tuple>

namespace netfence::ui {

namespace {

constexpr qreal kColumn = NodeItem::kWidth + 24;
constexpr qreal kRow = NodeItem::kHeight + 24;

QString externalTitle(const core::IPRange &range)
{
    static const auto probe = core::IPAddress::parse("8.8.8.8");
    if (range.contains(*probe))
        return QObject::tr("Internet");
    const std::vector<std::string> cidrs = core::rangeToCidrs(range);
    if (cidrs.size() <= 2) {
        QStringList parts;
        for (const std::string &c : cidrs)
            parts << QString::fromStdString(c);
        return parts.join(QLatin1String(", "));
    }
    return QString::fromStdString(range.toString());
}

} // namespace

GraphScene::GraphScene(Document *document, QObject *parent)
    : QGraphicsScene(parent), mDocument(document), mEdgeLayer(new EdgeLayerItem(this)),
      mLayoutWorker(new LayoutWorker(this)), mDrawRuleTool(new DrawRuleTool(this))
{
    addItem(mEdgeLayer);
    connect(document, &Document::changed, this, &GraphScene::onChanged);
    connect(document, &Document::loaded, this, &GraphScene::onLoaded);
    connect(mLayoutWorker, &LayoutWorker::finished, this, &GraphScene::applyLayout);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        if (mFocusMode)
            updateFocus();
    });
    onLoaded();
}

GraphScene::~GraphScene()
{
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
    if (mAllowAsker)
        request = mAllowAsker(proposal);
    if (!request)
        return {};
    const core::Cluster &cluster = mDocument->cluster();
    const core::Recipe recipe = core::PolicyRecipes::allow(cluster, mDocument->evaluator(), *request);
    QStringList notes;
    for (const std::string &n : recipe.notes)
        notes << QString::fromStdString(n);
    if (recipe.changes.empty()) {
        notes.prepend(tr("That traffic is already allowed by the same rule; nothing changed."));
        return notes;
    }
    core::Cluster after = cluster;
    core::PolicyRecipes::apply(after, recipe);
    mDocument->changePolicies(QString::fromStdString(recipe.title), std::move(after.policies));
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
    mEdgeLayer->setEdges({});
    mCollapsed.clear();
    if (int(mDocument->cluster().workloads.size()) > kCollapseThreshold)
        for (const core::Namespace &ns : mDocument->cluster().namespaces)
            mCollapsed.insert(QString::fromStdString(ns.name));
    syncItems();
    bool allPlaced = !mNodes.isEmpty();
    for (NodeItem *n : std::as_const(mNodes))
        allPlaced = allPlaced && mDocument->hasPosition(n->id());
    if (!allPlaced && !mNodes.isEmpty())
        relayout(false);
    else
        mLayoutWorker->cancel(); // a layout of the cluster before must not move these nodes
}

void GraphScene::onChanged(Changes what)
{
    const QList<QGraphicsItem *> selectedBefore = selectedItems();
    if (what & (Change::Workloads | Change::Namespaces | Change::Policies)) {
        const QSignalBlocker blocker(this);
        syncItems(); // policies decide the outside ranges
    }
    if (what & Change::Positions)
        applyPositions();
    if (what & Change::Policies && !(what & (Change::Workloads | Change::Namespaces))) {
        updateIsolation();
        recomputeEdges();
    }
    if (mHighlightedPolicy >= int(mDocument->cluster().policies.size()))
        mHighlightedPolicy = -1;
    highlightPolicy(mHighlightedPolicy);
    if (mFocusMode)
        updateFocus();
    if (selectedItems() != selectedBefore)
        emit selectionChanged();
    emit graphUpdated();
}

void GraphScene::syncItems()
{
    const core::Cluster &cluster = mDocument->cluster();
    struct Wanted
    {
        QString group;
        core::Endpoint endpoint;
    };
    QMap<QString, Wanted> wanted;
    std::map<std::string, int> names;
    for (const core::Workload &w : cluster.workloads)
        ++names[w.qualifiedName()];
    for (size_t i = 0; i < cluster.workloads.size(); ++i) {
        const core::Workload &w = cluster.workloads[i];
        QString id = QString::fromStdString(w.qualifiedName());
        if (names[w.qualifiedName()] > 1)
            id = QString::fromStdString(w.displayName());
        wanted.insert(id, {QString::fromStdString(w.namespaceName), core::Endpoint::ofWorkload(i)});
    }
    for (const core::IPRange &r : core::ExternalPartition::combined(cluster)) {
        const core::Endpoint e = core::Endpoint::ofRange(r);
        wanted.insert(Document::nodeId(cluster, e), {outsideGroup(), e});
    }

    for (auto it = mNodes.begin(); it != mNodes.end();) {
        if (!wanted.contains(it.key())) {
            removeItem(it.value());
            delete it.value();
            it = mNodes.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        NodeItem *&item = mNodes[it.key()];
        if (!item) {
            item = new NodeItem(this, it.key(), it->group, it->endpoint);
            addItem(item);
        } else {
            item->setEndpoint(it->endpoint);
        }
    }

    QSet<QString> groups;
    for (const core::Namespace &ns : cluster.namespaces)
        groups.insert(QString::fromStdString(ns.name));
    groups.insert(outsideGroup());
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
        if (mNamespaces.contains(g))
            continue;
        const bool outside = g == outsideGroup();
        auto *box = new NamespaceItem(g, outside ? tr("Outside the cluster") : g, outside);
        mNamespaces.insert(g, box);
        addItem(box);
    }

    updateTexts();
    applyPositions();
    placeNewNodes();
    updateIsolation();
    recomputeEdges();
    updateFocus();
}

void GraphScene::updateTexts()
{
    const core::Cluster &cluster = mDocument->cluster();
    for (NodeItem *n : std::as_const(mNodes)) {
        const core::Endpoint &e = n->endpoint();
        if (e.isExternal()) {
            n->setTexts(externalTitle(e.range), QString::fromStdString(e.range.toString()), {});
            continue;
        }
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
        if (!labels.isEmpty())
            details << labels.join(QLatin1String(", "));
        QStringList ports;
        for (const core::ContainerPort &p : w.ports)
            ports << QStringLiteral("%1 %2%3")
                         .arg(QString::fromLatin1(core::protocolName(p.protocol).data()))
                         .arg(p.port)
                         .arg(p.name.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(p.name)));
        if (!ports.isEmpty())
            details << ports.join(QLatin1String(", "));
        n->setTexts(QString::fromStdString(w.name), subtitle, details);
    }
}

void GraphScene::applyPositions()
{
    mApplyingPositions = true;
    const auto &positions = mDocument->positions();
    for (NodeItem *n : std::as_const(mNodes)) {
        auto it = positions.find(n->id());
        if (it != positions.end() && n->pos() != *it)
            n->setPos(*it);
    }
    mApplyingPositions = false;
    updateNamespaceBoxes();
    mEdgeLayer->updateGeometry();
    // The scene is what the items cover now, not everything they ever covered.
    setSceneRect(mEdgeLayer->boundingRect().adjusted(-300, -300, 300, 300));
}

void GraphScene::placeNewNodes()
{
    // Nodes without a stored position go next to their group, never moving anyone else.
    QHash<QString, QPointF> placed;
    QHash<QString, QRectF> groupRects;
    QRectF all;
    for (NodeItem *n : std::as_const(mNodes))
        if (mDocument->hasPosition(n->id())) {
            const QRectF r(n->pos() - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2),
                           QSizeF(NodeItem::kWidth, NodeItem::kHeight));
            groupRects[n->group()] |= r;
            all |= r;
        }
    if (all.isNull() && !mNodes.isEmpty() && !mDocument->positions().isEmpty())
        all = QRectF(0, 0, 1, 1);
    QList<NodeItem *> pending;
    for (NodeItem *n : std::as_const(mNodes))
        if (!mDocument->hasPosition(n->id()))
            pending << n;
    if (pending.isEmpty())
        return;
    std::sort(pending.begin(), pending.end(), [](NodeItem *a, NodeItem *b) { return a->id() < b->id(); });
    // Groups with nothing placed yet get a column each to the right of everything.
    qreal nextColumn = all.isNull() ? 0 : all.right() + 2 * NamespaceItem::kMargin + kColumn / 2 + 40;
    QHash<QString, int> rowOfGroup;
    for (NodeItem *n : pending) {
        QRectF &r = groupRects[n->group()];
        QPointF p;
        if (r.isNull()) {
            p = QPointF(nextColumn, NamespaceItem::kTitle + NodeItem::kHeight / 2);
            nextColumn += kColumn + 2 * NamespaceItem::kMargin + 40;
        } else {
            p = QPointF(r.right() + kColumn - NodeItem::kWidth / 2, r.top() + NodeItem::kHeight / 2);
        }
        r |= QRectF(p - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2),
                    QSizeF(NodeItem::kWidth, NodeItem::kHeight));
        placed.insert(n->id(), p);
    }
    if (mDocument->positions().isEmpty()) {
        // Before the first layout arrives: a provisional grid, not stored in the document.
        mApplyingPositions = true;
        for (auto it = placed.begin(); it != placed.end(); ++it)
            mNodes.value(it.key())->setPos(it.value());
        mApplyingPositions = false;
        updateNamespaceBoxes();
        mEdgeLayer->updateGeometry();
        return;
    }
    mDocument->setPositions(placed);
}

void GraphScene::updateNamespaceBoxes()
{
    QHash<QString, QRectF> rects;
    QHash<QString, int> counts;
    for (NodeItem *n : std::as_const(mNodes)) {
        ++counts[n->group()];
        if (n->isVisible() || !mFocusMode || mCollapsed.contains(n->group()))
            rects[n->group()] |= n->sceneBoundingRect().adjusted(2, 2, -2, -2);
    }
    qreal right = 0;
    for (const QRectF &r : std::as_const(rects))
        right = std::max(right, r.right());
    qreal emptyTop = 0;
    for (NamespaceItem *box : std::as_const(mNamespaces)) {
        box->setCollapsed(mCollapsed.contains(box->name()), counts.value(box->name()));
        QRectF r = rects.value(box->name());
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
        if (n->isExternal())
            continue;
        n->setIsolation(ev.isolatedForIngress(n->endpoint().workload),
                        ev.isolatedForEgress(n->endpoint().workload));
    }
}

void GraphScene::recomputeEdges()
{
    const core::Evaluator &ev = mDocument->evaluator();
    std::vector<NodeItem *> workloads, externals;
    for (NodeItem *n : std::as_const(mNodes))
        (n->isExternal() ? externals : workloads).push_back(n);
    auto byId = [](NodeItem *a, NodeItem *b) { return a->id() < b->id(); };
    std::sort(workloads.begin(), workloads.end(), byId);
    std::sort(externals.begin(), externals.end(), byId);

    // Groups as small numbers, so that the pair loop below allocates nothing.
    QHash<QString, int> groupIndex;
    std::vector<QString> groupNames;
    std::vector<int> groupOf(mDocument->cluster().workloads.size(), -1);
    std::vector<NodeItem *> byWorkload(mDocument->cluster().workloads.size(), nullptr);
    std::vector<int> members;
    for (NodeItem *n : workloads) {
        auto it = groupIndex.find(n->group());
        if (it == groupIndex.end()) {
            it = groupIndex.insert(n->group(), int(groupNames.size()));
            groupNames.push_back(n->group());
            members.push_back(0);
        }
        groupOf[n->endpoint().workload] = *it;
        byWorkload[n->endpoint().workload] = n;
        ++members[size_t(*it)];
    }
    const size_t groups = groupNames.size();
    std::vector<char> collapsed(groups, 0);
    for (size_t g = 0; g < groups; ++g)
        collapsed[g] = mCollapsed.contains(groupNames[g]);

    // The pair view from the evaluator's class rows: only allowed pairs are visited, and each
    // carries the interned id of its connections (equal ids, equal connections).
    struct Pair
    {
        size_t a, b;
        core::Evaluator::ConnectionId id;
    };
    std::vector<Pair> pairs;
    for (size_t c = 0; c < ev.classCount(); ++c)
        for (const auto &[d, id] : ev.allowedFrom(c))
            for (size_t wa : ev.workloadsOf(c))
                for (size_t wb : ev.workloadsOf(d))
                    if (wa != wb && byWorkload[wa] && byWorkload[wb])
                        pairs.push_back({wa, wb, id});

    // Namespace pairs where every pod reaches every other pod the same way become one arrow.
    struct Bundle
    {
        int count = 0;
        bool uniform = true;
        core::Evaluator::ConnectionId id = core::Evaluator::kNoConnections;
        size_t sample = 0; // a pair, for explanations
    };
    std::vector<Bundle> bundles(groups * groups);
    for (size_t p = 0; p < pairs.size(); ++p) {
        Bundle &b = bundles[size_t(groupOf[pairs[p].a]) * groups + size_t(groupOf[pairs[p].b])];
        if (b.count == 0) {
            b.id = pairs[p].id;
            b.sample = p;
        } else if (b.id != pairs[p].id) {
            b.uniform = false;
        }
        ++b.count;
    }
    auto fullyConnected = [&](size_t ga, size_t gb) {
        const Bundle &b = bundles[ga * groups + gb];
        const int full = ga == gb ? members[ga] * (members[ga] - 1) : members[ga] * members[gb];
        return b.uniform && full >= 2 && b.count == full;
    };

    std::vector<GraphEdge> edges;
    auto makeEdge = [&](NodeItem *a, NodeItem *b, const core::ConnectionSet &set) {
        GraphEdge e;
        e.from = a->id();
        e.to = b->id();
        e.connections = set;
        e.fromEndpoint = a->endpoint();
        e.toEndpoint = b->endpoint();
        return e;
    };
    for (NamespaceItem *box : std::as_const(mNamespaces)) {
        const auto it = groupIndex.find(box->name());
        const bool inside = it != groupIndex.end() && fullyConnected(size_t(*it), size_t(*it));
        box->setNote(inside ? tr("every pod ↔ every pod: %1")
                                  .arg(QString::fromStdString(ev.connectionSet(bundles[size_t(*it) * groups + size_t(*it)].id).compactString()))
                            : QString());
    }
    // Arrows between group ends (bundles, and collapsed namespaces), summed per pair of ends.
    std::map<std::pair<size_t, size_t>, size_t> groupEdges;
    for (size_t ga = 0; ga < groups; ++ga)
        for (size_t gb = 0; gb < groups; ++gb)
            if (ga != gb && (fullyConnected(ga, gb) || (collapsed[ga] && collapsed[gb]))) {
                const Bundle &b = bundles[ga * groups + gb];
                if (b.count == 0)
                    continue;
                const Pair &sample = pairs[b.sample];
                GraphEdge e = makeEdge(byWorkload[sample.a], byWorkload[sample.b], ev.connectionSet(b.id));
                e.from = groupNames[ga];
                e.to = groupNames[gb];
                e.fromGroup = e.toGroup = e.bundle = true;
                groupEdges[{ga, gb}] = edges.size();
                edges.push_back(std::move(e));
            }
    // Summing pairs into a collapsed end: merge connections per distinct end pair.
    std::map<std::tuple<QString, bool, QString, bool>, size_t> merged;
    for (const Pair &p : pairs) {
        const size_t ga = size_t(groupOf[p.a]), gb = size_t(groupOf[p.b]);
        if (ga == gb && (collapsed[ga] || fullyConnected(ga, gb)))
            continue;
        auto bundled = groupEdges.find({ga, gb});
        if (bundled != groupEdges.end()) {
            if (collapsed[ga] && collapsed[gb] && !fullyConnected(ga, gb))
                edges[bundled->second].connections.add(ev.connectionSet(p.id));
            continue;
        }
        NodeItem *a = byWorkload[p.a], *b = byWorkload[p.b];
        if (!collapsed[ga] && !collapsed[gb]) {
            edges.push_back(makeEdge(a, b, ev.connectionSet(p.id)));
            continue;
        }
        // One end collapsed: the arrow runs between the node and the box.
        const QString from = collapsed[ga] ? groupNames[ga] : a->id();
        const QString to = collapsed[gb] ? groupNames[gb] : b->id();
        auto [it, inserted] = merged.emplace(std::make_tuple(from, collapsed[ga] != 0, to, collapsed[gb] != 0), edges.size());
        if (inserted) {
            GraphEdge e = makeEdge(a, b, ev.connectionSet(p.id));
            e.from = from;
            e.to = to;
            e.fromGroup = collapsed[ga];
            e.toGroup = collapsed[gb];
            edges.push_back(std::move(e));
        } else {
            edges[it->second].connections.add(ev.connectionSet(p.id));
        }
    }

    // Connections with the outside ranges, once per class.
    std::vector<std::vector<core::ConnectionSet>> toOutside(ev.classCount()), fromOutside(ev.classCount());
    for (size_t c = 0; c < ev.classCount(); ++c) {
        const core::Endpoint rep = core::Endpoint::ofWorkload(ev.workloadsOf(c).front());
        for (NodeItem *x : externals) {
            toOutside[c].push_back(ev.allowed(rep, x->endpoint()));
            fromOutside[c].push_back(ev.allowed(x->endpoint(), rep));
        }
    }
    // A pod that reaches every outside range the same way gets one arrow to the outside box;
    // a collapsed namespace sums its pods' arrows.
    std::map<std::tuple<QString, bool, QString, bool>, size_t> outside;
    for (NodeItem *a : workloads)
        for (const bool outgoing : {true, false}) {
            const size_t cls = ev.classOf(a->endpoint().workload);
            const auto &sets = outgoing ? toOutside[cls] : fromOutside[cls];
            size_t found = 0;
            for (const core::ConnectionSet &set : sets)
                found += !set.isEmpty();
            const bool uniform = found == externals.size() && found > 1 &&
                                 std::all_of(sets.begin(), sets.end(), [&](const core::ConnectionSet &x) { return x == sets.front(); });
            const bool folded = collapsed[size_t(groupOf[a->endpoint().workload])];
            for (size_t xi = 0; xi < externals.size(); ++xi) {
                if (sets[xi].isEmpty() || (uniform && xi > 0))
                    continue;
                NodeItem *x = externals[xi];
                GraphEdge e = outgoing ? makeEdge(a, x, sets[xi]) : makeEdge(x, a, sets[xi]);
                QString &mine = outgoing ? e.from : e.to;
                bool &mineGroup = outgoing ? e.fromGroup : e.toGroup;
                if (folded) {
                    mine = a->group();
                    mineGroup = true;
                }
                if (uniform) {
                    (outgoing ? e.to : e.from) = outsideGroup();
                    (outgoing ? e.toGroup : e.fromGroup) = true;
                }
                auto [it, inserted] = outside.emplace(std::make_tuple(e.from, e.fromGroup, e.to, e.toGroup), edges.size());
                if (inserted)
                    edges.push_back(std::move(e));
                else
                    edges[it->second].connections.add(e.connections);
            }
        }
    for (GraphEdge &e : edges)
        e.label = QString::fromStdString(e.connections.compactString());
    const int previous = mEdgeLayer->selectedEdge();
    mEdgeLayer->setEdges(std::move(edges));
    if (previous >= 0)
        emit edgeSelectionChanged(-1);
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
    if (collapsed)
        mCollapsed.insert(ns);
    else
        mCollapsed.remove(ns);
    recomputeEdges();
    updateFocus();
    emit graphUpdated();
}

void GraphScene::setAllCollapsed(bool collapsed)
{
    mCollapsed.clear();
    if (collapsed)
        for (const core::Namespace &ns : mDocument->cluster().namespaces)
            mCollapsed.insert(QString::fromStdString(ns.name));
    recomputeEdges();
    updateFocus();
    emit graphUpdated();
}

void GraphScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->scenePos())) {
        if (item->type() == NodeItem::Type)
            break;
        if (item->type() == NamespaceItem::Type && !static_cast<NamespaceItem *>(item)->isOutside()) {
            const QString ns = static_cast<NamespaceItem *>(item)->name();
            setCollapsed(ns, !isCollapsed(ns));
            event->accept();
            return;
        }
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
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
            else if (item->type() == NamespaceItem::Type)
                for (NodeItem *n : std::as_const(mNodes))
                    if (n->group() == static_cast<NamespaceItem *>(item)->name())
                        seeds.insert(n->id());
        }
        visible = seeds;
        // Neighbours through plain edges and through bundles.
        auto touches = [this](const QString &seed, const QString &end, bool group) {
            return group ? mNodes.value(seed)->group() == end : seed == end;
        };
        auto addEnd = [&](const QString &end, bool group) {
            if (!group) {
                visible.insert(end);
                return;
            }
            for (NodeItem *n : std::as_const(mNodes))
                if (n->group() == end)
                    visible.insert(n->id());
        };
        for (const GraphEdge &e : mEdgeLayer->edges())
            for (const QString &s : std::as_const(seeds)) {
                if (touches(s, e.from, e.fromGroup))
                    addEnd(e.to, e.toGroup);
                if (touches(s, e.to, e.toGroup))
                    addEnd(e.from, e.fromGroup);
            }
    }
    for (NodeItem *n : std::as_const(mNodes)) {
        const bool shown = visible.isEmpty() || visible.contains(n->id());
        n->setVisible(shown && !mCollapsed.contains(n->group()));
        if (shown)
            namespaces.insert(n->group());
    }
    for (NamespaceItem *box : std::as_const(mNamespaces))
        box->setVisible(visible.isEmpty() || namespaces.contains(box->name()));
    updateNamespaceBoxes();
    mEdgeLayer->setVisibleNodes(visible, visible.isEmpty() ? QSet<QString>() : namespaces);
    mEdgeLayer->updateGeometry();
}

void GraphScene::highlightPolicy(int index)
{
    mHighlightedPolicy = index;
    const core::Cluster &cluster = mDocument->cluster();
    if (index < 0 || index >= int(cluster.policies.size())) {
        for (NodeItem *n : std::as_const(mNodes))
            n->setEmphasis(NodeItem::Emphasis::Normal);
        return;
    }
    const core::NetworkPolicy &p = cluster.policies[size_t(index)];
    for (NodeItem *n : std::as_const(mNodes)) {
        const core::Endpoint &e = n->endpoint();
        bool selected = false, peer = false;
        if (e.isWorkload()) {
            const core::Workload &w = cluster.workloads[e.workload];
            selected = w.namespaceName == p.namespaceName && p.podSelector.matches(w.labels);
        }
        for (const auto *rules : {&p.ingress, &p.egress})
            for (const core::NetworkPolicyRule &r : *rules) {
                if (r.peers.empty()) {
                    peer = true;
                    continue;
                }
                for (const core::NetworkPolicyPeer &peerSpec : r.peers) {
                    if (e.isExternal()) {
                        peer = peer || (peerSpec.ipBlock && peerSpec.ipBlock->contains(e.range));
                        continue;
                    }
                    const core::Workload &w = cluster.workloads[e.workload];
                    if (peerSpec.ipBlock) {
                        for (const core::IPAddress &ip : w.ips)
                            peer = peer || peerSpec.ipBlock->contains(ip);
                        continue;
                    }
                    const bool nsOk = peerSpec.namespaceSelector
                                          ? peerSpec.namespaceSelector->matches(cluster.namespaceLabels(w.namespaceName))
                                          : w.namespaceName == p.namespaceName;
                    peer = peer || (nsOk && (!peerSpec.podSelector || peerSpec.podSelector->matches(w.labels)));
                }
            }
        n->setEmphasis(selected ? NodeItem::Emphasis::Selected
                                : peer ? NodeItem::Emphasis::Peer : NodeItem::Emphasis::Dimmed);
    }
}

NodeItem *GraphScene::find(const QString &text)
{
    if (text.isEmpty())
        return nullptr;
    QList<NodeItem *> all = mNodes.values();
    std::sort(all.begin(), all.end(), [](NodeItem *a, NodeItem *b) { return a->id() < b->id(); });
    for (NodeItem *n : all)
        if (n->id().contains(text, Qt::CaseInsensitive) || n->title().contains(text, Qt::CaseInsensitive)) {
            clearSelection();
            n->setVisible(true);
            n->setSelected(true);
            return n;
        }
    return nullptr;
}

core::GraphLayout::Input GraphScene::layoutInput() const
{
    core::GraphLayout::Input input;
    QList<NodeItem *> all = mNodes.values();
    // Namespaces in name order, the outside world last.
    std::sort(all.begin(), all.end(), [](NodeItem *a, NodeItem *b) {
        const bool ao = a->isExternal(), bo = b->isExternal();
        return ao != bo ? bo : a->id() < b->id();
    });
    for (NodeItem *n : all)
        input.nodes.push_back({n->id().toStdString(), n->group().toStdString(),
                               NodeItem::kWidth + 8, NodeItem::kHeight + 8});
    input.groupLabels[outsideGroup().toStdString()] = tr("Outside the cluster").toStdString();
    return input;
}

void GraphScene::relayout(bool undoable)
{
    if (mNodes.isEmpty())
        return;
    mUndoableLayout = undoable;
    emit layoutRunning(true);
    mLayoutWorker->start(layoutInput());
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
    // Graphviz puts the title inside the cluster margin; leave room for ours.
    for (const auto &[id, p] : result.centers) {
        const QString key = QString::fromStdString(id);
        if (mNodes.contains(key))
            positions.insert(key, QPointF(p.x, p.y + NamespaceItem::kTitle));
    }
    if (mUndoableLayout)
        mDocument->undoStack()->push(new MoveNodesCommand(mDocument, tr("Re-layout"), positions));
    else
        mDocument->setPositions(positions);
    emit layoutRunning(false);
}

void GraphScene::nodeMoved(NodeItem *node)
{
    if (mApplyingPositions)
        return;
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
        highlightPolicy(mHighlightedPolicy);
        return;
    }
    QSet<QString> near{node->id()};
    auto addEnd = [&](const QString &end, bool group) {
        if (!group) {
            near.insert(end);
            return;
        }
        for (NodeItem *n : std::as_const(mNodes))
            if (n->group() == end)
                near.insert(n->id());
    };
    for (const GraphEdge &e : mEdgeLayer->edges()) {
        const bool fromHere = e.fromGroup ? e.from == node->group() : e.from == node->id();
        const bool toHere = e.toGroup ? e.to == node->group() : e.to == node->id();
        if (fromHere)
            addEnd(e.to, e.toGroup);
        if (toHere)
            addEnd(e.from, e.fromGroup);
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
    if (event->button() != Qt::LeftButton)
        return;
    mDragStart.clear();
    for (QGraphicsItem *item : selectedItems())
        if (item->type() == NodeItem::Type)
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
    QHash<QString, QPointF> moved;
    for (auto it = mDragStart.begin(); it != mDragStart.end(); ++it)
        if (NodeItem *n = mNodes.value(it.key()); n && n->pos() != it.value())
            moved.insert(it.key(), n->pos());
    mDragStart.clear();
    if (!moved.isEmpty())
        setSceneRect(sceneRect().united(mEdgeLayer->boundingRect().adjusted(-300, -300, 300, 300)));
    if (!moved.isEmpty())
        mDocument->undoStack()->push(new MoveNodesCommand(
            mDocument, moved.size() == 1 ? tr("Move %1").arg(moved.begin().key()) : tr("Move %1 nodes").arg(moved.size()),
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
