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
    syncItems();
    bool allPlaced = !mNodes.isEmpty();
    for (NodeItem *n : std::as_const(mNodes))
        allPlaced = allPlaced && mDocument->hasPosition(n->id());
    if (!allPlaced && !mNodes.isEmpty())
        relayout(false);
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
    for (NodeItem *n : std::as_const(mNodes))
        if (n->isVisible() || !mFocusMode)
            rects[n->group()] |= n->sceneBoundingRect().adjusted(2, 2, -2, -2);
    qreal right = 0;
    for (const QRectF &r : std::as_const(rects))
        right = std::max(right, r.right());
    qreal emptyTop = 0;
    for (NamespaceItem *box : std::as_const(mNamespaces)) {
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
    // Workloads grouped by equivalence class: one evaluation per class pair.
    std::vector<NodeItem *> workloads, externals;
    for (NodeItem *n : std::as_const(mNodes))
        (n->isExternal() ? externals : workloads).push_back(n);
    auto byId = [](NodeItem *a, NodeItem *b) { return a->id() < b->id(); };
    std::sort(workloads.begin(), workloads.end(), byId);
    std::sort(externals.begin(), externals.end(), byId);

    std::vector<GraphEdge> pairs;
    for (NodeItem *a : workloads)
        for (NodeItem *b : workloads) {
            if (a == b)
                continue;
            core::ConnectionSet set = ev.allowed(a->endpoint(), b->endpoint());
            if (set.isEmpty())
                continue;
            GraphEdge e;
            e.from = a->id();
            e.to = b->id();
            e.connections = std::move(set);
            e.fromEndpoint = a->endpoint();
            e.toEndpoint = b->endpoint();
            pairs.push_back(std::move(e));
        }

    // Bundle namespace pairs where every pod reaches every other pod the same way.
    QHash<QString, int> members;
    for (NodeItem *n : workloads)
        ++members[n->group()];
    struct Bundle
    {
        int count = 0;
        bool uniform = true;
        core::ConnectionSet set;
        GraphEdge sample;
    };
    std::map<std::pair<QString, QString>, Bundle> bundles;
    for (const GraphEdge &e : pairs) {
        const QString fa = mNodes.value(e.from)->group(), fb = mNodes.value(e.to)->group();
        Bundle &b = bundles[{fa, fb}];
        if (b.count == 0) {
            b.set = e.connections;
            b.sample = e;
        } else if (b.set != e.connections) {
            b.uniform = false;
        }
        ++b.count;
    }
    std::vector<GraphEdge> edges;
    QSet<QString> bundled;  // "from\nto" namespace pairs drawn as one arrow
    QSet<QString> inside;   // namespaces fully connected within
    QHash<QString, QString> insideNote;
    for (const auto &[key, b] : bundles) {
        const int na = members.value(key.first), nb = members.value(key.second);
        const bool self = key.first == key.second;
        const int full = self ? na * (na - 1) : na * nb;
        if (!b.uniform || b.count != full || full < 2)
            continue;
        if (self) {
            inside.insert(key.first);
            insideNote.insert(key.first, tr("every pod ↔ every pod: %1")
                                             .arg(QString::fromStdString(b.set.compactString())));
        } else {
            GraphEdge bundle = b.sample;
            bundle.from = key.first;
            bundle.to = key.second;
            bundle.bundle = true;
            bundle.fromGroup = bundle.toGroup = true;
            edges.push_back(bundle);
            bundled.insert(key.first + QLatin1Char('\n') + key.second);
        }
    }
    for (GraphEdge &e : pairs) {
        const QString fa = mNodes.value(e.from)->group(), fb = mNodes.value(e.to)->group();
        const bool inBundle = fa == fb ? inside.contains(fa)
                                       : bundled.contains(fa + QLatin1Char('\n') + fb);
        if (!inBundle)
            edges.push_back(std::move(e));
    }
    for (NamespaceItem *box : std::as_const(mNamespaces))
        box->setNote(insideNote.value(box->name()));

    // A pod that reaches every outside range the same way gets one arrow to the outside box.
    for (NodeItem *a : workloads)
        for (const bool outgoing : {true, false}) {
            std::vector<GraphEdge> found;
            for (NodeItem *x : externals) {
                core::ConnectionSet set = outgoing ? ev.allowed(a->endpoint(), x->endpoint())
                                                   : ev.allowed(x->endpoint(), a->endpoint());
                if (set.isEmpty())
                    continue;
                GraphEdge e;
                e.from = outgoing ? a->id() : x->id();
                e.to = outgoing ? x->id() : a->id();
                e.connections = std::move(set);
                e.fromEndpoint = outgoing ? a->endpoint() : x->endpoint();
                e.toEndpoint = outgoing ? x->endpoint() : a->endpoint();
                found.push_back(std::move(e));
            }
            const bool uniform = found.size() == externals.size() && found.size() > 1 &&
                                 std::all_of(found.begin(), found.end(), [&](const GraphEdge &e) {
                                     return e.connections == found.front().connections;
                                 });
            if (uniform) {
                GraphEdge e = found.front();
                (outgoing ? e.to : e.from) = outsideGroup();
                (outgoing ? e.toGroup : e.fromGroup) = true;
                edges.push_back(std::move(e));
            } else {
                for (GraphEdge &e : found)
                    edges.push_back(std::move(e));
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
        n->setVisible(visible.isEmpty() || visible.contains(n->id()));
        if (n->isVisible())
            namespaces.insert(n->group());
    }
    for (NamespaceItem *box : std::as_const(mNamespaces))
        box->setVisible(visible.isEmpty() || namespaces.contains(box->name()));
    updateNamespaceBoxes();
    mEdgeLayer->setVisibleNodes(visible, visible.isEmpty() ? QSet<QString>() : namespaces);
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
