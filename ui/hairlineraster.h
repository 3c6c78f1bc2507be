#pragma once

#include <QColor>
#include <QImage>
#include <QPolygonF>
#include <QRegion>

#include <vector>

namespace netfence::ui {

// Draws one-pixel lines straight into a premultiplied ARGB32 image, clipped to a region: the
// arrows of a zoomed-out graph, kept as an image (EdgeLayerItem). QPainter hands the spans of
// every long line to a thread pool (Qt 6 splits large fills), and with thousands of lines the
// hand-offs cost far more than the pixels; these are a few pixels each.
class HairlineRaster
{
public:
    // `clip`: in the image's pixels. Each pixel is drawn at most once per line, so a colour
    // with alpha blends once even where clip rectangles were given overlapping. Rasters of
    // disjoint clips may draw into one image on several threads once all are made (the
    // constructor detaches the image; drawing touches only the pixels).
    HairlineRaster(QImage &image, const QRegion &clip);

    void setColor(const QColor &color);
    // From a to b, both in the image's pixels (pixel centres at .5).
    void drawLine(QPointF a, QPointF b);
    void drawPolyline(const QPolygonF &points);

private:
    void plotClipped(QPointF a, QPointF b, const QRect &rect);

    quint32 *mBits;
    qsizetype mStride;         // pixels per line
    std::vector<QRect> mRects; // disjoint, inside the image
    QRect mBounds;
    quint32 mColor = 0; // premultiplied
    bool mOpaque = true;
};

} // namespace netfence::ui
