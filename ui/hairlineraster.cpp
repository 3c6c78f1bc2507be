#include "ui/hairlineraster.h"

#include <algorithm>
#include <cmath>

namespace netfence::ui {

HairlineRaster::HairlineRaster(QImage &image, const QRegion &clip) : mImage(image)
{
    // QRegion keeps its rectangles disjoint: a pixel lies in one of them at most.
    const QRegion inside = clip & QRegion(image.rect());
    for (const QRect &r : inside) {
        mRects.push_back(r);
        mBounds |= r;
    }
}

void HairlineRaster::setColor(const QColor &color)
{
    mColor = qPremultiply(color.rgba());
    mOpaque = qAlpha(mColor) == 255;
}

void HairlineRaster::drawPolyline(const QPolygonF &points)
{
    for (qsizetype i = 1; i < points.size(); ++i)
        drawLine(points[i - 1], points[i]);
}

void HairlineRaster::drawLine(QPointF a, QPointF b)
{
    if (!std::isfinite(a.x()) || !std::isfinite(a.y()) || !std::isfinite(b.x()) ||
        !std::isfinite(b.y()))
        return;
    const QRectF box = QRectF(a, b).normalized().adjusted(-1, -1, 1, 1);
    if (!box.intersects(QRectF(mBounds))) return;
    for (const QRect &r : mRects)
        if (box.intersects(QRectF(r))) plotClipped(a, b, r);
}

void HairlineRaster::plotClipped(QPointF a, QPointF b, const QRect &rect)
{
    // Liang-Barsky: the part of a->b inside the rectangle's pixel area.
    const double x0 = rect.left(), x1 = rect.right() + 1.0, y0 = rect.top(),
                 y1 = rect.bottom() + 1.0;
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    double t0 = 0, t1 = 1;
    auto clipEdge = [&](double p, double q) {
        if (p == 0) return q >= 0;
        const double t = q / p;
        if (p < 0) {
            if (t > t1) return false;
            t0 = std::max(t0, t);
        } else {
            if (t < t0) return false;
            t1 = std::min(t1, t);
        }
        return true;
    };
    if (!clipEdge(-dx, a.x() - x0) || !clipEdge(dx, x1 - a.x()) || !clipEdge(-dy, a.y() - y0) ||
        !clipEdge(dy, y1 - a.y()))
        return;
    const double ax = a.x() + t0 * dx, ay = a.y() + t0 * dy;
    const double bx = a.x() + t1 * dx, by = a.y() + t1 * dy;
    // One pixel per step along the longer axis, in 16.16 fixed point.
    const double len = std::max(std::abs(bx - ax), std::abs(by - ay));
    const int steps = int(std::ceil(len));
    const qint64 one = 1 << 16;
    qint64 fx = qint64(std::floor(ax * one)), fy = qint64(std::floor(ay * one));
    const qint64 sx = steps ? qint64(std::llround((bx - ax) / steps * one)) : 0;
    const qint64 sy = steps ? qint64(std::llround((by - ay) / steps * one)) : 0;
    const qsizetype bpl = mImage.bytesPerLine() / 4;
    auto *bits = reinterpret_cast<quint32 *>(mImage.bits());
    const quint32 c = mColor;
    const quint32 inverse = 255 - qAlpha(c);
    const int left = rect.left(), right = rect.right(), top = rect.top(), bottom = rect.bottom();
    int lastX = left - 1, lastY = top - 1;
    for (int i = 0; i <= steps; ++i, fx += sx, fy += sy) {
        const int x = int(fx >> 16), y = int(fy >> 16);
        // A step shorter than a pixel may land where the last one did: blend once.
        if (x < left || x > right || y < top || y > bottom || (x == lastX && y == lastY)) continue;
        lastX = x;
        lastY = y;
        quint32 &p = bits[qsizetype(y) * bpl + x];
        if (mOpaque) {
            p = c;
        } else {
            // Source over, premultiplied: each channel of the pixel fades by the source alpha.
            auto blend = [&](int shift) {
                const quint32 d = (p >> shift) & 0xff, s = (c >> shift) & 0xff;
                return std::min<quint32>(255, s + (d * inverse + 127) / 255) << shift;
            };
            p = blend(24) | blend(16) | blend(8) | blend(0);
        }
    }
}

} // namespace netfence::ui
