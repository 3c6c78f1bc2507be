#include "ui/deniedpairitem.h"

#include "core/edgerouter.h"
#include "ui/graphcolors.h"
#include "ui/graphscene.h"
#include "ui/nodeitem.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QtMath>

namespace netfence::ui {

DeniedPairItem::DeniedPairItem(const GraphScene *scene, QString from, QString to,
                               const QString &reason, qreal offset)
    : mScene(scene), mFrom(std::move(from)), mTo(std::move(to)), mOffset(offset)
{
    setZValue(1.5); // over the allowed arrows, under the nodes
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(reason);
    mBounds = route().boundingRect().adjusted(-16, -16, 16, 16);
}

QPolygonF DeniedPairItem::route() const
{
    const NodeItem *from = mScene->node(mFrom), *to = mScene->node(mTo);
    if (!from || !to || !from->isVisible() || !to->isVisible()) return {};
    if (mRouteFrom == from->pos() && mRouteTo == to->pos() && !mRoute.isEmpty()) return mRoute;
    const QSizeF size(NodeItem::kWidth, NodeItem::kHeight);
    QRectF ra(from->pos() - QPointF(size.width() / 2, size.height() / 2), size);
    QRectF rb(to->pos() - QPointF(size.width() / 2, size.height() / 2), size);
    const QPointF d = rb.center() - ra.center();
    const qreal len = std::hypot(d.x(), d.y());
    if (len < 1) return {};
    // Sideways by the offset, so that both directions of a pair can be seen; around every
    // other box, so that the line is never read as a pod's.
    const QPointF normal(-d.y() / len * mOffset, d.x() / len * mOffset);
    ra.translate(normal);
    rb.translate(normal);
    std::vector<core::GraphLayout::Rect> boxes;
    for (const NodeItem *n : mScene->nodes())
        if (n != from && n != to && n->isVisible())
            boxes.push_back({n->pos().x() - size.width() / 2, n->pos().y() - size.height() / 2,
                             size.width(), size.height()});
    auto rect = [](const QRectF &r) {
        return core::GraphLayout::Rect{r.x(), r.y(), r.width(), r.height()};
    };
    const core::GraphLayout::Route r = core::EdgeRouter::route(rect(ra), rect(rb), boxes);
    QPolygonF path;
    for (size_t i = 0; i < r.points.size();
         i += 3) // straight pieces: every third point is a corner
        path << QPointF(r.points[i].x, r.points[i].y);
    path << QPointF(r.tip.x, r.tip.y);
    mRoute = path;
    mRouteFrom = from->pos();
    mRouteTo = to->pos();
    return path;
}

QRectF DeniedPairItem::boundingRect() const
{
    return mBounds;
}

QPainterPath DeniedPairItem::shape() const
{
    QPainterPath path;
    const QPolygonF points = route();
    if (points.size() < 2) return path;
    path.addPolygon(points);
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path);
}

void DeniedPairItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPolygonF points = route();
    if (points.size() < 2) return;
    const QColor color = GraphColors::denied();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 2, Qt::DashLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    painter->drawPolyline(points);
    const QPointF b = points.last(), d = b - points[points.size() - 2];
    const qreal len = std::hypot(d.x(), d.y());
    if (len < 1) return;
    const QPointF u = d / len, n(-u.y(), u.x());
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(QPolygonF{b, b - u * 11 + n * 5, b - u * 11 - n * 5});
    // A cross in the middle of the longest piece: "no".
    int longest = 1;
    for (int i = 1; i < points.size(); ++i)
        if (QLineF(points[i - 1], points[i]).length() >
            QLineF(points[longest - 1], points[longest]).length())
            longest = i;
    const QPointF m = (points[longest - 1] + points[longest]) / 2;
    painter->setPen(QPen(color, 2.5, Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(m + QPointF(-5, -5), m + QPointF(5, 5));
    painter->drawLine(m + QPointF(-5, 5), m + QPointF(5, -5));
}

} // namespace netfence::ui
