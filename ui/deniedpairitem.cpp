#include "ui/deniedpairitem.h"

#include "ui/graphcolors.h"
#include "ui/graphscene.h"
#include "ui/nodeitem.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QtMath>

namespace netfence::ui {

namespace {

// Where the segment from the centre of `r` towards `to` leaves the rectangle.
QPointF leave(const QRectF &r, const QPointF &to)
{
    const QPointF c = r.center(), d = to - c;
    const qreal tx = qFuzzyIsNull(d.x()) ? 1e9 : (r.width() / 2) / qAbs(d.x());
    const qreal ty = qFuzzyIsNull(d.y()) ? 1e9 : (r.height() / 2) / qAbs(d.y());
    return c + d * qMin(qMin(tx, ty), 1.0);
}

} // namespace

DeniedPairItem::DeniedPairItem(const GraphScene *scene, QString from, QString to, const QString &reason,
                               qreal offset)
    : mScene(scene), mFrom(std::move(from)), mTo(std::move(to)), mOffset(offset)
{
    setZValue(1.5); // over the allowed arrows, under the nodes
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(reason);
    QPointF a, b;
    if (line(a, b))
        mBounds = QRectF(a, b).normalized().adjusted(-16, -16, 16, 16);
}

bool DeniedPairItem::line(QPointF &a, QPointF &b) const
{
    const NodeItem *from = mScene->node(mFrom), *to = mScene->node(mTo);
    if (!from || !to || !from->isVisible() || !to->isVisible())
        return false;
    const QSizeF size(NodeItem::kWidth, NodeItem::kHeight);
    QRectF ra(from->pos() - QPointF(size.width() / 2, size.height() / 2), size);
    QRectF rb(to->pos() - QPointF(size.width() / 2, size.height() / 2), size);
    const QPointF d = rb.center() - ra.center();
    const qreal len = std::hypot(d.x(), d.y());
    if (len < 1)
        return false;
    const QPointF normal(-d.y() / len * mOffset, d.x() / len * mOffset);
    ra.translate(normal);
    rb.translate(normal);
    a = leave(ra, rb.center());
    b = leave(rb, ra.center());
    return true;
}

QRectF DeniedPairItem::boundingRect() const
{
    return mBounds;
}

QPainterPath DeniedPairItem::shape() const
{
    QPointF a, b;
    QPainterPath path;
    if (!line(a, b))
        return path;
    path.moveTo(a);
    path.lineTo(b);
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path);
}

void DeniedPairItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    QPointF a, b;
    if (!line(a, b))
        return;
    const QColor color = GraphColors::denied();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 2, Qt::DashLine, Qt::RoundCap));
    painter->drawLine(a, b);
    const QPointF d = b - a;
    const qreal len = std::hypot(d.x(), d.y());
    if (len < 1)
        return;
    const QPointF u = d / len, n(-u.y(), u.x());
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(QPolygonF{b, b - u * 11 + n * 5, b - u * 11 - n * 5});
    // A cross in the middle: "no".
    const QPointF m = a + d * 0.5;
    painter->setPen(QPen(color, 2.5, Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(m + QPointF(-5, -5), m + QPointF(5, 5));
    painter->drawLine(m + QPointF(-5, 5), m + QPointF(5, -5));
}

} // namespace netfence::ui
