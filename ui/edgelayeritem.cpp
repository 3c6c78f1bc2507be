#include "ui/edgelayeritem.h"

#include "core/workerthreads.h"

#include "ui/graphcolors.h"
#include "ui/graphscene.h"
#include "ui/hairlineraster.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QHash>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QRegion>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <algorithm>
#include <map>

namespace netfence::ui {

namespace {

// Where the segment from the centre of `r` towards `to` leaves the rectangle.
QPointF exitPoint(const QRectF &r, const QPointF &to)
{
    const QPointF c = r.center();
    const QPointF d = to - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y())) return c;
    const qreal tx = qFuzzyIsNull(d.x()) ? 1e9 : (r.width() / 2) / qAbs(d.x());
    const qreal ty = qFuzzyIsNull(d.y()) ? 1e9 : (r.height() / 2) / qAbs(d.y());
    const qreal t = qMin(qMin(tx, ty), 1.0);
    return c + d * t;
}

qreal distanceToSegment(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const qreal len2 = QPointF::dotProduct(ab, ab);
    const qreal t = len2 <= 0 ? 0 : qBound(0.0, QPointF::dotProduct(p - a, ab) / len2, 1.0);
    const QPointF q = a + ab * t;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}

// Identifies an edge across setEdges() calls: the same ends (indices of the layer's ends,
// which say node or group), the same kind.
struct EdgeKey
{
    int from, to;
    bool bundle;
    friend bool operator==(const EdgeKey &, const EdgeKey &) = default;
};

size_t qHash(const EdgeKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.from, k.to, k.bundle);
}

quint64 pairKey(int from, int to)
{
    return (quint64(quint32(from)) << 32) | quint32(to);
}

// Whether two edges with the same key look the same (connections are not drawn, the label is).
bool looksSame(const GraphEdge &a, const GraphEdge &b)
{
    return a.label == b.label && a.pairs == b.pairs && a.route == b.route && a.tip == b.tip &&
           a.routeFrom == b.routeFrom && a.routeTo == b.routeTo;
}

bool intersectsAny(const QRectF &r, const std::vector<QRectF> &regions)
{
    for (const QRectF &region : regions)
        if (region.intersects(r)) return true;
    return false;
}

// Past this many separate regions an edit is drawn again as one.
constexpr size_t kMaxDirtyRegions = 64;
// Below this many pixels to draw again, a second thread costs more than it saves.
constexpr qint64 kParallelRasterPixels = 200000;

} // namespace

EdgeLayerItem::EdgeLayerItem(GraphScene *scene) : mScene(scene)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    // Without it paint() gets the whole bounding rect and culls nothing.
    setFlag(ItemUsesExtendedStyleOption);
}

void EdgeLayerItem::setEdges(std::vector<GraphEdge> &edges)
{
    replace(nullptr, nullptr, edges);
}

void EdgeLayerItem::replaceEdges(const QSet<QString> &fromGroups, const QSet<QString> &toGroups,
                                 std::vector<GraphEdge> &fresh)
{
    auto flags = [this](const QSet<QString> &groups) {
        std::vector<char> out(mEnds.size(), 0);
        for (const QString &g : groups)
            if (const auto it = mGroupEnds.constFind(g); it != mGroupEnds.cend())
                out[size_t(*it)] = 1;
        return out;
    };
    const std::vector<char> staleFrom = flags(fromGroups), staleTo = flags(toGroups);
    replace(&staleFrom, &staleTo, fresh);
}

int EdgeLayerItem::endIndex(const QString &id, bool group)
{
    QHash<QString, int> &index = group ? mGroupEnds : mNodeEnds;
    const auto it = index.constFind(id);
    if (it != index.cend()) return *it;
    mEnds.push_back(End{id, group, false, QRectF()});
    return *index.insert(id, int(mEnds.size() - 1));
}

EdgeLayerItem::EndIndex EdgeLayerItem::endsOf(const GraphEdge &e)
{
    return {endIndex(e.from, e.fromGroup), endIndex(e.to, e.toGroup), endIndex(e.fromGroupId, true),
            endIndex(e.toGroupId, true)};
}

void EdgeLayerItem::rebuildEnds()
{
    mEnds.clear();
    mNodeEnds.clear();
    mGroupEnds.clear();
    mPairs.clear();
    for (size_t i = 0; i < mEdges.size(); ++i) {
        mEndsOf[i] = endsOf(mEdges[i]);
        ++mPairs[pairKey(mEndsOf[i].from, mEndsOf[i].to)];
    }
}

void EdgeLayerItem::replace(const std::vector<char> *staleFrom, const std::vector<char> *staleTo,
                            std::vector<GraphEdge> &fresh)
{
    std::vector<QRectF> dirty;
    auto addDirty = [&dirty](const Drawn &d) {
        if (d.valid && d.shown) dirty.push_back(d.bounds);
    };
    if (mSelected >= 0 && mSelected < int(mDrawn.size()))
        addDirty(mDrawn[size_t(mSelected)]); // drawn as selected until now

    // Edges that stay keep everything and their place: the dropped ones leave holes that the
    // fresh ones fill (an edit's arrows are few; the thousands of others are not moved). The
    // dropped ones are matched with the fresh ones by their ends, and those that look as
    // before keep what was computed for them.
    std::vector<GraphEdge> old;
    std::vector<Drawn> oldDrawn;
    std::vector<EndIndex> oldEnds;
    std::vector<size_t> holes;
    const bool hadEdges = !mEdges.empty();
    for (size_t j = 0; j < mEdges.size(); ++j) {
        const EndIndex &ends = mEndsOf[j];
        if (!staleFrom || (*staleFrom)[size_t(ends.fromGroup)] || (*staleTo)[size_t(ends.toGroup)])
            holes.push_back(j);
    }
    old.reserve(holes.size());
    oldDrawn.reserve(holes.size());
    oldEnds.reserve(holes.size());
    for (size_t j : holes) {
        old.push_back(std::move(mEdges[j]));
        oldDrawn.push_back(std::move(mDrawn[j]));
        oldEnds.push_back(mEndsOf[j]);
    }
    const bool all = holes.size() == mEdges.size();
    std::reverse(holes.begin(), holes.end()); // filled from the back of this list: lowest first
    auto place = [&](GraphEdge &&e, Drawn &&d, const EndIndex &ends) {
        if (!holes.empty()) {
            mEdges[holes.back()] = std::move(e);
            mDrawn[holes.back()] = std::move(d);
            mEndsOf[holes.back()] = ends;
            holes.pop_back();
            return;
        }
        mEdges.push_back(std::move(e));
        mDrawn.push_back(std::move(d));
        mEndsOf.push_back(ends);
    };
    if (all) mPairs.clear();
    QHash<EdgeKey, size_t> droppedIndex;
    droppedIndex.reserve(qsizetype(old.size()));
    bool unique = true;
    for (size_t j = 0; j < old.size(); ++j) {
        if (!all) {
            auto it = mPairs.find(pairKey(oldEnds[j].from, oldEnds[j].to));
            if (it != mPairs.end() && --*it <= 0) mPairs.erase(it);
        }
        const EdgeKey key{oldEnds[j].from, oldEnds[j].to, old[j].bundle};
        if (droppedIndex.contains(key))
            unique = false;
        else
            droppedIndex.insert(key, j);
    }
    std::vector<char> kept(old.size(), 0);
    QSet<quint64> pairsChanged;    // ends of edges that came or went: their twins shift
    std::vector<char> changedFrom; // their `from` ends, to skip most edges cheaply below
    auto changed = [&](const EndIndex &ends) {
        pairsChanged.insert(pairKey(ends.from, ends.to));
        if (size_t(ends.from) >= changedFrom.size()) changedFrom.resize(mEnds.size(), 0);
        changedFrom[size_t(ends.from)] = 1;
    };
    for (GraphEdge &e : fresh) {
        const EndIndex ends = endsOf(e);
        ++mPairs[pairKey(ends.from, ends.to)];
        Drawn drawn;
        const auto it = unique ? droppedIndex.constFind(EdgeKey{ends.from, ends.to, e.bundle})
                               : droppedIndex.cend();
        if (it == droppedIndex.cend()) {
            changed(ends);
        } else {
            kept[*it] = 1;
            if (looksSame(old[*it], e))
                drawn = oldDrawn[*it];
            else
                addDirty(oldDrawn[*it]);
        }
        place(std::move(e), std::move(drawn), ends);
    }
    // Holes left over (fewer fresh edges than dropped): the last edges move into them, the
    // highest hole first so that the last edge is never a hole itself.
    for (size_t h : holes) {
        if (h + 1 != mEdges.size()) {
            mEdges[h] = std::move(mEdges.back());
            mDrawn[h] = std::move(mDrawn.back());
            mEndsOf[h] = mEndsOf.back();
        }
        mEdges.pop_back();
        mDrawn.pop_back();
        mEndsOf.pop_back();
    }
    for (size_t j = 0; j < old.size(); ++j)
        if (!kept[j]) {
            addDirty(oldDrawn[j]);
            changed(oldEnds[j]);
        }
    if (!pairsChanged.isEmpty())
        for (size_t i = 0; i < mEdges.size(); ++i) {
            const EndIndex &ends = mEndsOf[i];
            if (mDrawn[i].valid && size_t(ends.to) < changedFrom.size() &&
                changedFrom[size_t(ends.to)] &&
                pairsChanged.contains(pairKey(ends.to, ends.from))) {
                addDirty(mDrawn[i]);
                mDrawn[i].valid = false;
            }
        }
    // A design replaced many times over would keep the ends of every one of them.
    if (all && mEnds.size() > 2 * mEdges.size() + 1024) rebuildEnds();
    mSelected = -1;
    const QRectF bounds = computeBounds();
    if (bounds != mBounds) {
        prepareGeometryChange();
        mBounds = bounds;
    }
    if (!unique || !hadEdges) {
        for (Drawn &d : mDrawn)
            d.valid = false;
        invalidateCache();
        syncGeometry();
        update();
        return;
    }
    for (const QRectF &r : dirty)
        markDirty(r);
    for (size_t i = 0; i < mEdges.size(); ++i)
        if (!mDrawn[i].valid) {
            // New arrows (and twins that shifted) are drawn where nothing may be dirty yet.
            const QRectF added = syncGeometry();
            if (!added.isEmpty()) dirty.push_back(added);
            break;
        }
    if (dirty.size() > kMaxDirtyRegions) {
        QRectF all;
        for (const QRectF &r : dirty)
            all |= r;
        update(all);
        return;
    }
    for (const QRectF &r : dirty)
        update(r);
}

void EdgeLayerItem::setHighlight(const QString &nodeId)
{
    if (nodeId == mHighlight) return;
    mHighlight = nodeId;
    const NodeItem *hovered = nodeId.isEmpty() ? nullptr : mScene->node(nodeId);
    mHighlightGroup = hovered ? hovered->group() : QString();
    invalidateCache(); // every colour changes
    update();
}

void EdgeLayerItem::setVisibleNodes(const QSet<QString> &ids, const QSet<QString> &namespaces)
{
    mVisibleNodes = ids;
    mVisibleNamespaces = namespaces;
    update(); // the next paint finds which edges appeared or went
}

void EdgeLayerItem::setSelectedEdge(int index)
{
    if (index == mSelected) return;
    for (const int i : {mSelected, index})
        if (i >= 0 && i < int(mDrawn.size()) && mDrawn[size_t(i)].valid &&
            mDrawn[size_t(i)].shown) {
            markDirty(mDrawn[size_t(i)].bounds);
            update(mDrawn[size_t(i)].bounds);
        }
    mSelected = index;
    if (mSelected >= 0 && (mSelected >= int(mDrawn.size()) || !mDrawn[size_t(mSelected)].valid))
        update();
}

QRectF EdgeLayerItem::computeBounds() const
{
    // What is shown: nodes hidden by focus mode keep their places, and a scene grown to
    // hold them would scroll over nothing.
    QRectF r;
    for (QGraphicsItem *item : mScene->items())
        if (item != this && item->isVisible()) r |= item->sceneBoundingRect();
    return r.adjusted(-40, -40, 40, 40);
}

void EdgeLayerItem::updateGeometry()
{
    const QRectF bounds = computeBounds();
    if (bounds != mBounds) {
        prepareGeometryChange();
        mBounds = bounds;
    }
    update();
}

void EdgeLayerItem::markDirty(const QRectF &sceneRect) const
{
    if (mCache.isNull() || !sceneRect.intersects(mCacheScene)) return;
    if (mCacheDirty.size() >= kMaxDirtyRegions) {
        QRectF all = sceneRect;
        for (const QRectF &r : mCacheDirty)
            all |= r;
        mCacheDirty.assign(1, all);
        return;
    }
    mCacheDirty.push_back(sceneRect);
}

void EdgeLayerItem::syncEnds() const
{
    const bool filtered = !mVisibleNodes.isEmpty() || !mVisibleNamespaces.isEmpty();
    for (End &end : mEnds) {
        end.shown = false;
        if (filtered && !(end.group ? mVisibleNamespaces : mVisibleNodes).contains(end.id))
            continue;
        if (end.group) {
            const NamespaceItem *box = mScene->namespaceItem(end.id);
            if (!box || !box->isVisible()) continue;
            end.rect = box->sceneBoundingRect();
        } else {
            const NodeItem *n = mScene->node(end.id);
            if (!n || !n->isVisible()) continue;
            end.rect = QRectF(n->pos() - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2),
                              QSizeF(NodeItem::kWidth, NodeItem::kHeight));
        }
        end.shown = true;
    }
}

void EdgeLayerItem::computeDrawn(size_t i) const
{
    const GraphEdge &e = mEdges[i];
    Drawn &d = mDrawn[i];
    const QRectF &ra = d.fromRect, &rb = d.toRect;
    d.route = QPainterPath();
    if (e.route.size() >= 4 && ra == e.routeFrom && rb == e.routeTo) {
        d.start = e.route.front();
        d.route.moveTo(e.route.front());
        for (int k = 1; k + 2 < e.route.size(); k += 3)
            d.route.cubicTo(e.route[k], e.route[k + 1], e.route[k + 2]);
        d.last = e.route.back();
        d.tip = e.tip;
    } else {
        // Not routed (yet), or an end was moved by hand: straight, until the next routing.
        QPointF ca = ra.center(), cb = rb.center();
        // Two arrows between the same pair run side by side.
        if (mPairs.value(pairKey(mEndsOf[i].to, mEndsOf[i].from)) > 0) {
            const QPointF dir = cb - ca;
            const qreal len = std::hypot(dir.x(), dir.y());
            if (len > 0) {
                const QPointF n(-dir.y() / len * 7, dir.x() / len * 7);
                ca += n;
                cb += n;
            }
        }
        const QPointF a = exitPoint(ra.translated(ca - ra.center()), cb);
        const QPointF b = exitPoint(rb.translated(cb - rb.center()), ca);
        const QPointF dir = b - a;
        const qreal len = std::hypot(dir.x(), dir.y());
        const qreal head = qMin<qreal>(10, len / 2);
        d.last = len > 0 ? b - dir / len * head : b;
        d.tip = b;
        d.start = a;
    }
    // The arrowhead and the widest pen stay within 20; a label may sit beside the arrow.
    d.bounds = d.routeRect().united(QRectF(d.tip, d.tip)).adjusted(-20, -20, 20, 20);
    if (!e.label.isEmpty()) {
        const QSizeF size = labelSize(e.label);
        const qreal w = size.width() + 8, h = size.height() + 2;
        const QPointF m = d.at(0.4);
        d.bounds |= QRectF(m, m).adjusted(-w - 8, -h - 8, w + 8, h + 8);
    }
}

QSizeF EdgeLayerItem::labelSize(const QString &label) const
{
    // Thousands of arrows share a few labels ("TCP 80"): measured once each.
    auto it = mLabelSizes.constFind(label);
    if (it != mLabelSizes.cend()) return *it;
    QFont font = QApplication::font();
    font.setPointSizeF(8);
    const QFontMetricsF fm(font);
    if (mLabelSizes.size() > 4096) // labels of a design long gone
        mLabelSizes.clear();
    return *mLabelSizes.insert(label, QSizeF(fm.horizontalAdvance(label), fm.height()));
}

QRectF EdgeLayerItem::syncGeometry() const
{
    syncEnds();
    QRectF changed;
    for (size_t i = 0; i < mEdges.size(); ++i) {
        Drawn &d = mDrawn[i];
        const End &from = mEnds[size_t(mEndsOf[i].from)], &to = mEnds[size_t(mEndsOf[i].to)];
        const bool shown = from.shown && to.shown;
        const QRectF a = shown ? from.rect : QRectF(), b = shown ? to.rect : QRectF();
        if (d.valid && d.shown == shown && (!shown || (d.fromRect == a && d.toRect == b))) continue;
        if (d.valid && d.shown) {
            markDirty(d.bounds);
            changed |= d.bounds;
        }
        d.valid = true;
        d.shown = shown;
        d.fromRect = a;
        d.toRect = b;
        if (shown) {
            computeDrawn(i);
            markDirty(d.bounds);
            changed |= d.bounds;
        }
    }
    return changed;
}

int EdgeLayerItem::edgeAt(const QPointF &scenePos, qreal tolerance) const
{
    syncGeometry();
    int best = -1;
    qreal bestDistance = tolerance;
    for (int i = 0; i < int(mEdges.size()); ++i) {
        const Drawn &d = mDrawn[size_t(i)];
        if (!d.shown || !d.bounds.contains(scenePos)) continue;
        if (!d.routeRect()
                 .united(QRectF(d.tip, d.tip))
                 .adjusted(-tolerance, -tolerance, tolerance, tolerance)
                 .contains(scenePos))
            continue;
        qreal dist = distanceToSegment(scenePos, d.last, d.tip);
        if (d.straight()) {
            dist = qMin(dist, distanceToSegment(scenePos, d.start, d.last));
        } else {
            QPointF previous = d.route.pointAtPercent(0);
            for (int k = 1; k <= 24; ++k) {
                const QPointF q = d.route.pointAtPercent(k / 24.0);
                dist = qMin(dist, distanceToSegment(scenePos, previous, q));
                previous = q;
            }
        }
        if (dist <= bestDistance) {
            bestDistance = dist;
            best = i;
        }
    }
    return best;
}

void EdgeLayerItem::edgeStyle(int i, const QPalette &palette, QColor &color, qreal &width,
                              bool &faint) const
{
    const GraphEdge &e = mEdges[size_t(i)];
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    const bool grouped = e.fromGroup || e.toGroup;
    color = grouped ? GraphColors::groupEdge(dark) : GraphColors::podEdge(dark);
    // Arrows that stand for many pod pairs are drawn thicker (collapsed namespaces).
    width = e.bundle  ? qMin<qreal>(2.5 + std::log2(qMax(1, e.pairs)) * 0.6, 8)
            : grouped ? 2.4
                      : 1.4;
    faint = false;
    auto isHovered = [this](const QString &end, bool group) {
        return group ? end == mHighlightGroup : end == mHighlight;
    };
    if (!mHighlight.isEmpty()) {
        if (isHovered(e.from, e.fromGroup)) {
            color = GraphColors::hoverOutgoing();
            width += 1;
        } else if (isHovered(e.to, e.toGroup)) {
            color = GraphColors::hoverIncoming();
            width += 1;
        } else {
            faint = true;
        }
    }
    if (i == mSelected) {
        color = palette.color(QPalette::Highlight);
        width += 2;
        faint = false;
    }
    if (faint) color.setAlphaF(GraphColors::kFaintAlpha);
}

bool EdgeLayerItem::hairlineMode(qreal lod) const
{
    // Zoomed far out over many arrows, thin hairlines are both faster and more legible.
    return lod < 0.5 && mEdges.size() > 500;
}

void EdgeLayerItem::visitHairlines(
    const std::vector<QRectF> &regions,
    const std::function<void(const QColor &, const Drawn &)> &visit) const
{
    QColor color;
    qreal width;
    bool faint;
    const QPalette palette = QApplication::palette();
    for (int i = 0; i < int(mEdges.size()); ++i) {
        const Drawn &d = mDrawn[size_t(i)];
        if (!d.shown || i == mSelected || !intersectsAny(d.bounds, regions)) continue;
        edgeStyle(i, palette, color, width, faint);
        visit(color, d);
    }
}

void EdgeLayerItem::drawHairlines(QPainter *painter, const std::vector<QRectF> &regions) const
{
    // One call per colour.
    QHash<QRgb, QVector<QLineF>> lines;
    QHash<QRgb, QPainterPath> routed;
    visitHairlines(regions, [&](const QColor &color, const Drawn &d) {
        if (d.straight()) { // cheaper as a line batch
            lines[color.rgba()].append(QLineF(d.start, d.tip));
        } else {
            QPainterPath &batch = routed[color.rgba()];
            batch.addPath(d.route);
            batch.lineTo(d.tip);
        }
    });
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (auto it = lines.begin(); it != lines.end(); ++it) {
        QPen pen(QColor::fromRgba(it.key()), 0);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawLines(it.value());
    }
    painter->setBrush(Qt::NoBrush);
    for (auto it = routed.begin(); it != routed.end(); ++it) {
        QPen pen(QColor::fromRgba(it.key()), 0);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawPath(it.value());
    }
}

void EdgeLayerItem::rasterHairlines(QImage &image, const QTransform &toPixels,
                                    const std::vector<QRectF> &regions,
                                    const QRegion &pixelClip) const
{
    // Colour by colour, in one fixed order: where lines of two colours share a pixel, the one
    // on top is the same whether the whole image or only a changed region is drawn again.
    std::map<QRgb, std::vector<const Drawn *>> byColour;
    visitHairlines(regions, [&](const QColor &color, const Drawn &d) {
        byColour[color.rgba()].push_back(&d);
    });
    // A big region is drawn in horizontal bands, one per core: each pixel lies in one band
    // and each band draws the colours in the same order, so the image is the same.
    const QRect bounds = pixelClip.boundingRect();
    qint64 area = 0;
    for (const QRect &r : pixelClip)
        area += qint64(r.width()) * r.height();
    const unsigned bands =
        area < kParallelRasterPixels ? 1 : core::WorkerThreads::count(0, size_t(bounds.height()));
    std::vector<HairlineRaster> rasters;
    rasters.reserve(bands);
    for (unsigned k = 0; k < bands; ++k) {
        const int top = bounds.top() + int(qint64(bounds.height()) * k / bands);
        const int bottom = bounds.top() + int(qint64(bounds.height()) * (k + 1) / bands);
        rasters.emplace_back(image,
                             pixelClip & QRect(bounds.left(), top, bounds.width(), bottom - top));
    }
    core::WorkerThreads::run(bands, [&](unsigned k) {
        HairlineRaster &raster = rasters[k];
        for (const auto &[rgba, lines] : byColour) {
            raster.setColor(QColor::fromRgba(rgba));
            for (const Drawn *d : lines) {
                if (d->straight()) {
                    raster.drawLine(toPixels.map(d->start), toPixels.map(d->tip));
                    continue;
                }
                for (const QPolygonF &part : d->route.toSubpathPolygons(toPixels))
                    raster.drawPolyline(part);
                raster.drawLine(toPixels.map(d->last), toPixels.map(d->tip));
            }
        }
    });
}

void EdgeLayerItem::drawEdge(QPainter *painter, int i, qreal lod, const QFont &font) const
{
    const GraphEdge &e = mEdges[size_t(i)];
    const Drawn &d = mDrawn[size_t(i)];
    QColor color;
    qreal width;
    bool faint;
    edgeStyle(i, color, width, faint);
    const QPointF tip = d.tip;
    painter->setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    if (d.straight())
        painter->drawLine(d.start, d.last);
    else
        painter->drawPath(d.route);
    // The arrowhead spans from the route's last point to the tip, never shorter than 9.
    QPointF dir = tip - d.last;
    qreal len = std::hypot(dir.x(), dir.y());
    if (len < 0.5) {
        const QPointF before = d.at(0.9);
        dir = tip - before;
        len = std::hypot(dir.x(), dir.y());
    }
    if (len > 0.5) {
        const QPointF u = dir / len;
        const QPointF n(-u.y(), u.x());
        const qreal size = qMax<qreal>(10, 7 + width);
        QPolygonF head;
        head << tip << tip - u * size + n * size * 0.45 << tip - u * size - n * size * 0.45;
        painter->setPen(QPen(color, 1));
        painter->setBrush(color);
        painter->drawPolygon(head);
    }
    if (lod >= 0.55 && !faint && !e.label.isEmpty()) {
        QPointF m = d.at(0.4); // the two directions keep their labels apart
        const QFontMetricsF fm(font);
        QRectF box = fm.boundingRect(e.label).adjusted(-4, -1, 4, 1);
        // On an arrow shorter than its label the label would hide it: it goes beside it.
        const QPointF span = tip - d.at(0);
        const qreal length = std::hypot(span.x(), span.y());
        if (length < box.width() + 24 && length > 0.1) {
            const qreal nx = qAbs(span.y() / length), ny = qAbs(span.x() / length);
            m -= QPointF(nx * (box.width() / 2 + 6), ny * (box.height() / 2 + 6));
        }
        box.moveCenter(m);
        painter->setPen(Qt::NoPen);
        QColor bg = QApplication::palette().color(QPalette::Base);
        bg.setAlphaF(0.85);
        painter->setBrush(bg);
        painter->drawRoundedRect(box, 3, 3);
        painter->setPen(color);
        painter->drawText(box, Qt::AlignCenter, e.label);
    }
}

void EdgeLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
                          QWidget *widget)
{
    syncGeometry();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect;
    QFont font = painter->font();
    font.setPointSizeF(8);
    painter->setFont(font);
    const bool selectedShown = mSelected >= 0 && mSelected < int(mDrawn.size()) &&
                               mDrawn[size_t(mSelected)].shown &&
                               mDrawn[size_t(mSelected)].bounds.intersects(exposed);

    if (!hairlineMode(lod)) {
        painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
        for (int i = 0; i < int(mEdges.size()); ++i)
            if (i != mSelected && mDrawn[size_t(i)].shown &&
                mDrawn[size_t(i)].bounds.intersects(exposed))
                drawEdge(painter, i, lod, font);
        if (selectedShown) drawEdge(painter, mSelected, lod, font);
        painter->setRenderHint(QPainter::Antialiasing, false);
        return;
    }

    // Hairlines. On screen they are kept as an image at the view's scale (pictures for files,
    // SVG or print are drawn as vectors): an edit draws again only the regions it changed,
    // and a repaint at the same zoom is one copy.
    const QTransform t = painter->worldTransform();
    const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
    const bool cacheable = widget && painter->paintEngine() &&
                           painter->paintEngine()->type() == QPaintEngine::Raster &&
                           t.isInvertible() && !t.isRotating();
    if (cacheable) {
        const QRectF wanted = exposed & mBounds;
        const bool sameScale = !mCache.isNull() && qFuzzyCompare(t.m11(), mCacheTransform.m11()) &&
                               qFuzzyCompare(t.m22(), mCacheTransform.m22()) && mCacheDark == dark;
        if (!sameScale || !mCacheScene.contains(wanted)) {
            // The whole viewport, so that the next repaint at this zoom is a copy.
            const QRectF view = t.inverted().mapRect(QRectF(widget->rect()));
            // Two pixels more, so that rounding never makes the next paint miss the image.
            const QRect device =
                t.mapRect((view | exposed) & mBounds).toAlignedRect().adjusted(-2, -2, 2, 2);
            const qreal dpr = painter->device()->devicePixelRatioF();
            if (device.isEmpty() ||
                qint64(device.width()) * device.height() * dpr * dpr > 16LL * 1024 * 1024) {
                mCache = QImage();
            } else {
                mCache = QImage(device.size() * dpr, QImage::Format_ARGB32_Premultiplied);
                mCache.setDevicePixelRatio(dpr);
                mCache.fill(Qt::transparent);
                mCacheTransform = t;
                mCacheOrigin = device.topLeft();
                mCacheScene = t.inverted().mapRect(QRectF(device));
                mCacheDark = dark;
                mCacheDirty.clear();
                rasterHairlines(mCache, cachePixels(), {mCacheScene}, QRegion(mCache.rect()));
            }
        } else if (!mCacheDirty.empty()) {
            // Cleared and drawn again only where the edit changed something.
            const qreal dpr = mCache.devicePixelRatio();
            QRegion clip;
            for (const QRectF &r : mCacheDirty)
                clip += QTransform::fromScale(dpr, dpr)
                            .mapRect(QRectF(mCacheTransform.mapRect(r)
                                                .toAlignedRect()
                                                .adjusted(-1, -1, 1, 1)
                                                .translated(-mCacheOrigin)))
                            .toAlignedRect();
            clip &= QRegion(mCache.rect());
            for (const QRect &r : clip)
                for (int y = r.top(); y <= r.bottom(); ++y)
                    std::fill_n(reinterpret_cast<quint32 *>(mCache.scanLine(y)) + r.left(),
                                r.width(), 0u);
            rasterHairlines(mCache, cachePixels(), mCacheDirty, clip);
            mCacheDirty.clear();
        }
        if (!mCache.isNull()) {
            // A scroll at the same zoom moves the copy.
            const QPointF shift = t.map(QPointF(0, 0)) - mCacheTransform.map(QPointF(0, 0));
            painter->save();
            painter->setWorldTransform(QTransform());
            painter->drawImage((QPointF(mCacheOrigin) + shift).toPoint(), mCache);
            painter->restore();
            if (selectedShown) drawEdge(painter, mSelected, lod, font);
            return;
        }
    }
    drawHairlines(painter, {exposed});
    if (selectedShown) drawEdge(painter, mSelected, lod, font);
}

} // namespace netfence::ui
