#pragma once

#include <QGraphicsView>

namespace netfence::ui {

// Zoom (mouse wheel, pinch, Ctrl +/-), pan (middle button, trackpad scroll), fit to window.
class GraphView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit GraphView(QWidget *parent = nullptr);

    void zoomIn() { zoomBy(1.25); }
    void zoomOut() { zoomBy(1 / 1.25); }
    // Until the user zooms, the picture keeps fitting the window as it is resized.
    void zoomBy(qreal factor);
    void resetZoom();
    // Frames what is shown: hidden nodes (focus mode, collapsed namespaces) do not count.
    void fitAll();
    // The scene rectangle of the visible nodes and namespace boxes.
    QRectF visibleItemsRect() const;
    // Centres on the item at a readable scale (at least kReadableZoom) and flashes it.
    void showItem(const QGraphicsItem *item);
    static constexpr qreal kReadableZoom = 1.0;
    qreal zoom() const { return transform().m11(); }

signals:
    void zoomChanged(qreal zoom);

protected:
    bool viewportEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void applyZoom(qreal factor);

    bool mPanning = false;
    bool mAutoFit = true;
    QPoint mPanStart;
};

} // namespace netfence::ui
