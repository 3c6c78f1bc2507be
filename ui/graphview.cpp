#include "ui/graphview.h"

#include "ui/flashitem.h"
#include "ui/graphscene.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QGestureEvent>
#include <QNativeGestureEvent>
#include <QPinchGesture>
#include <QScrollBar>
#include <QWheelEvent>

namespace netfence::ui {

GraphView::GraphView(QWidget *parent) : QGraphicsView(parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(RubberBandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setViewportUpdateMode(SmartViewportUpdate);
    setResizeAnchor(AnchorViewCenter);
    viewport()->grabGesture(Qt::PinchGesture);
}

void GraphView::zoomBy(qreal factor)
{
    mAutoFit = false;
    applyZoom(factor);
}

void GraphView::applyZoom(qreal factor)
{
    const qreal next = zoom() * factor;
    if (next < 0.05 || next > 8) return;
    scale(factor, factor);
    emit zoomChanged(zoom());
}

void GraphView::resetZoom()
{
    setTransform(QTransform());
    emit zoomChanged(zoom());
}

void GraphView::fitAll()
{
    if (!scene()) return;
    const QRectF r = visibleItemsRect().adjusted(-30, -30, 30, 30);
    if (r.isEmpty()) return;
    mAutoFit = true;
    fitInView(r, Qt::KeepAspectRatio);
    if (zoom() > 1.5) setTransform(QTransform::fromScale(1.5, 1.5));
    centerOn(r.center());
    emit zoomChanged(zoom());
}

QRectF GraphView::visibleItemsRect() const
{
    QRectF r;
    if (!scene()) return r;
    // The edge layer spans everything ever drawn; the boxes are what the eye looks for.
    for (const QGraphicsItem *item : scene()->items())
        if ((item->type() == NodeItem::Type || item->type() == NamespaceItem::Type) &&
            item->isVisible())
            r |= item->sceneBoundingRect();
    if (const auto *graph = qobject_cast<const GraphScene *>(scene()); graph && !r.isNull())
        r |= graph->visibleRoutesRect();
    return r;
}

void GraphView::showItem(const QGraphicsItem *item)
{
    if (!item || !scene()) return;
    mAutoFit = false;
    if (zoom() < kReadableZoom) setTransform(QTransform::fromScale(kReadableZoom, kReadableZoom));
    const QRectF r = item->sceneBoundingRect();
    centerOn(r.center());
    FlashItem::flash(scene(), r);
    emit zoomChanged(zoom());
}

void GraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (mAutoFit) fitAll();
}

bool GraphView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::NativeGesture) {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1 + gesture->value());
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto *gestures = static_cast<QGestureEvent *>(event);
        if (auto *pinch = static_cast<QPinchGesture *>(gestures->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                zoomBy(pinch->scaleFactor());
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    // A trackpad scrolls (pixel deltas) unless Ctrl is held; a mouse wheel zooms.
    if (!event->pixelDelta().isNull() && !(event->modifiers() & Qt::ControlModifier)) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton) {
        mPanning = true;
        mPanStart = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (mPanning) {
        const QPoint d = event->position().toPoint() - mPanStart;
        mPanStart = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (mPanning && event->button() == Qt::MiddleButton) {
        mPanning = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

} // namespace netfence::ui
