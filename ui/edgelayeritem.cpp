#include "ui/edgelayeritem.h"

#include "ui/graphcolors.h"
#include "ui/graphscene.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace netfence::ui {

namespace {

// Where the segment from the centre of `r` towards `to` leaves the rectangle.
QPointF exitPoint(const QRectF &r, const QPointF &to)
{
    const QPointF c = r.center();
    const QPointF d = to - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
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

} // namespace

EdgeLayerItem::EdgeLayerItem(GraphScene *scene) : mScene(scene)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
}

void EdgeLayerItem::setEdges(std::vector<GraphEdge> edges)
{
    mEdges = std::move(edges);
    mPairs.clear();
    for (const GraphEdge &e : mEdges)
        mPairs.insert(e.from + QLatin1Char('\n') + e.to);
    mSelected = -1;
    updateGeometry();
    update();
}

void EdgeLayerItem::setHighlight(const QString &nodeId)
{
    if (nodeId == mHighlight)
        return;
    mHighlight = nodeId;
    update();
}

void EdgeLayerItem::setVisibleNodes(const QSet<QString> &ids, const QSet<QString> &namespaces)
{
    mVisibleNodes = ids;
    mVisibleNamespaces = namespaces;
    update();
}

void EdgeLayerItem::setSelectedEdge(int index)
{
    mSelected = index;
    update();
}

void EdgeLayerItem::updateGeometry()
{
    prepareGeometryChange();
    QRectF r;
    for (QGraphicsItem *item : mScene->items())
        if (item != this)
            r |= item->sceneBoundingRect();
    mBounds = r.adjusted(-40, -40, 40, 40);
    update();
}

bool EdgeLayerItem::isVisible(const GraphEdge &e) const
{
    if (mVisibleNodes.isEmpty() && mVisibleNamespaces.isEmpty())
        return true;
    return (e.fromGroup ? mVisibleNamespaces.contains(e.from) : mVisibleNodes.contains(e.from)) &&
           (e.toGroup ? mVisibleNamespaces.contains(e.to) : mVisibleNodes.contains(e.to));
}

bool EdgeLayerItem::endpoints(const GraphEdge &e, QPointF &a, QPointF &b) const
{
    auto rectOf = [this](const QString &id, bool group, QRectF &r) {
        if (group) {
            const NamespaceItem *box = mScene->namespaceItem(id);
            if (!box || !box->isVisible())
                return false;
            r = box->sceneBoundingRect();
            return true;
        }
        const NodeItem *n = mScene->node(id);
        if (!n || !n->isVisible())
            return false;
        r = QRectF(n->pos() - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2),
                   QSizeF(NodeItem::kWidth, NodeItem::kHeight));
        return true;
    };
    QRectF ra, rb;
    if (!rectOf(e.from, e.fromGroup, ra) || !rectOf(e.to, e.toGroup, rb))
        return false;
    QPointF ca = ra.center(), cb = rb.center();
    // Two arrows between the same pair run side by side.
    if (mPairs.contains(e.to + QLatin1Char('\n') + e.from)) {
        QPointF d = cb - ca;
        const qreal len = std::hypot(d.x(), d.y());
        if (len > 0) {
            const QPointF n(-d.y() / len * 7, d.x() / len * 7);
            ca += n;
            cb += n;
        }
    }
    a = exitPoint(ra.translated(ca - ra.center()), cb);
    b = exitPoint(rb.translated(cb - rb.center()), ca);
    return true;
}

bool EdgeLayerItem::path(const GraphEdge &e, QPainterPath &path, QPointF &last, QPointF &tip) const
{
    QPointF a, b;
    if (!endpoints(e, a, b))
        return false;
    auto rectOf = [this](const QString &id, bool group) {
        if (group) {
            const NamespaceItem *box = mScene->namespaceItem(id);
            return box ? box->sceneBoundingRect() : QRectF();
        }
        const NodeItem *n = mScene->node(id);
        return n ? QRectF(n->pos() - QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2),
                          QSizeF(NodeItem::kWidth, NodeItem::kHeight))
                 : QRectF();
    };
    path = QPainterPath();
    if (e.route.size() >= 4 && rectOf(e.from, e.fromGroup) == e.routeFrom && rectOf(e.to, e.toGroup) == e.routeTo) {
        path.moveTo(e.route.front());
        for (int k = 1; k + 2 < e.route.size(); k += 3)
            path.cubicTo(e.route[k], e.route[k + 1], e.route[k + 2]);
        last = e.route.back();
        tip = e.tip;
        return true;
    }
    // Not routed (yet), or an end was moved by hand: straight, until the next routing.
    const QPointF d = b - a;
    const qreal len = std::hypot(d.x(), d.y());
    const qreal head = qMin<qreal>(10, len / 2);
    last = len > 0 ? b - d / len * head : b;
    tip = b;
    path.moveTo(a);
    path.lineTo(last);
    return true;
}

int EdgeLayerItem::edgeAt(const QPointF &scenePos, qreal tolerance) const
{
    int best = -1;
    qreal bestDistance = tolerance;
    for (int i = 0; i < int(mEdges.size()); ++i) {
        if (!isVisible(mEdges[size_t(i)]))
            continue;
        QPainterPath p;
        QPointF last, tip;
        if (!path(mEdges[size_t(i)], p, last, tip))
            continue;
        if (!p.controlPointRect().adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(scenePos))
            continue;
        qreal d = distanceToSegment(scenePos, last, tip);
        QPointF previous = p.pointAtPercent(0);
        for (int k = 1; k <= 24; ++k) {
            const QPointF q = p.pointAtPercent(k / 24.0);
            d = qMin(d, distanceToSegment(scenePos, previous, q));
            previous = q;
        }
        if (d <= bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

void EdgeLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect;
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
    const QColor normal = GraphColors::podEdge(dark);
    const QColor bundleColor = GraphColors::groupEdge(dark);
    const QColor outgoing = GraphColors::hoverOutgoing();
    const QColor incoming = GraphColors::hoverIncoming();
    const QColor selectedColor = palette.color(QPalette::Highlight);
    QFont font = painter->font();
    font.setPointSizeF(8);
    painter->setFont(font);
    QHash<QRgb, QVector<QLineF>> hairlines;
    QHash<QRgb, QPainterPath> routedHairlines;
    const NodeItem *hovered = mHighlight.isEmpty() ? nullptr : mScene->node(mHighlight);
    const QString hoveredGroup = hovered ? hovered->group() : QString();
    auto isHovered = [&](const QString &end, bool group) {
        return group ? end == hoveredGroup : end == mHighlight;
    };

    for (int i = 0; i < int(mEdges.size()); ++i) {
        const GraphEdge &e = mEdges[size_t(i)];
        if (!isVisible(e))
            continue;
        QPainterPath route;
        QPointF last, tip;
        if (!path(e, route, last, tip))
            continue;
        if (!exposed.intersects(route.controlPointRect().united(QRectF(tip, tip)).adjusted(-20, -20, 20, 20)))
            continue;
        const bool grouped = e.fromGroup || e.toGroup;
        QColor color = grouped ? bundleColor : normal;
        // Arrows that stand for many pod pairs are drawn thicker (collapsed namespaces).
        qreal width = e.bundle ? qMin<qreal>(2.5 + std::log2(qMax(1, e.pairs)) * 0.6, 8) : grouped ? 2.4 : 1.4;
        bool faint = false;
        if (!mHighlight.isEmpty()) {
            if (isHovered(e.from, e.fromGroup)) {
                color = outgoing;
                width += 1;
            } else if (isHovered(e.to, e.toGroup)) {
                color = incoming;
                width += 1;
            } else {
                faint = true;
            }
        }
        if (i == mSelected) {
            color = selectedColor;
            width += 2;
            faint = false;
        }
        if (faint)
            color.setAlphaF(GraphColors::kFaintAlpha);
        // Zoomed far out over many arrows, thin hairlines are both faster and more legible;
        // they are drawn in batches, one call per colour.
        if (lod < 0.5 && mEdges.size() > 500 && i != mSelected) {
            if (route.elementCount() == 2) { // straight: cheaper as a line batch
                hairlines[color.rgba()].append(QLineF(route.elementAt(0), tip));
            } else {
                QPainterPath &batch = routedHairlines[color.rgba()];
                batch.addPath(route);
                batch.lineTo(tip);
            }
            continue;
        }
        painter->setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(route);
        // The arrowhead spans from the route's last point to the tip, never shorter than 9.
        QPointF d = tip - last;
        qreal len = std::hypot(d.x(), d.y());
        if (len < 0.5) {
            const QPointF before = route.pointAtPercent(0.9);
            d = tip - before;
            len = std::hypot(d.x(), d.y());
        }
        if (len > 0.5) {
            const QPointF u = d / len;
            const QPointF n(-u.y(), u.x());
            const qreal size = qMax<qreal>(10, 7 + width);
            QPolygonF head;
            head << tip << tip - u * size + n * size * 0.45 << tip - u * size - n * size * 0.45;
            painter->setPen(QPen(color, 1));
            painter->setBrush(color);
            painter->drawPolygon(head);
        }
        if (lod >= 0.55 && !faint && !e.label.isEmpty()) {
            QPointF m = route.pointAtPercent(0.4); // the two directions keep their labels apart
            const QFontMetricsF fm(font);
            QRectF box = fm.boundingRect(e.label).adjusted(-4, -1, 4, 1);
            // On an arrow shorter than its label the label would hide it: it goes beside it.
            const QPointF span = tip - route.pointAtPercent(0);
            const qreal length = std::hypot(span.x(), span.y());
            if (length < box.width() + 24 && length > 0.1) {
                const qreal nx = qAbs(span.y() / length), ny = qAbs(span.x() / length);
                m -= QPointF(nx * (box.width() / 2 + 6), ny * (box.height() / 2 + 6));
            }
            box.moveCenter(m);
            painter->setPen(Qt::NoPen);
            QColor bg = palette.color(QPalette::Base);
            bg.setAlphaF(0.85);
            painter->setBrush(bg);
            painter->drawRoundedRect(box, 3, 3);
            painter->setPen(color);
            painter->drawText(box, Qt::AlignCenter, e.label);
        }
    }
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (auto it = hairlines.begin(); it != hairlines.end(); ++it) {
        QPen pen(QColor::fromRgba(it.key()), 0);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawLines(it.value());
    }
    painter->setBrush(Qt::NoBrush);
    for (auto it = routedHairlines.begin(); it != routedHairlines.end(); ++it) {
        QPen pen(QColor::fromRgba(it.key()), 0);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawPath(it.value());
    }
}

} // namespace netfence::ui
