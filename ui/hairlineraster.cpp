#include "ui/hairlineraster.h"

#include <algorithm>
#include <cmath>

namespace netfence::ui {

namespace {

// Liang-Barsky: the parameters [t0, t1] of a->b that lie in the box; false when none does.
bool clipToBox(QPointF a, QPointF b, double x0, double y0, double x1, double y1, double &t0,
               double &t1)
{
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    t0 = 0;
    t1 = 1;
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
    return clipEdge(-dx, a.x() - x0) && clipEdge(dx, x1 - a.x()) && clipEdge(-dy, a.y() - y0) &&
           clipEdge(dy, y1 - a.y());
}

// Pixel coordinates are kept within this: the fixed point below stays exact.
constexpr double kFar = 1e7;

} // namespace

HairlineRaster::HairlineRaster(QImage &image, const QRegion &clip)
    : mBits(reinterpret_cast<quint32 *>(image.bits())), mStride(image.bytesPerLine() / 4)
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
    if (std::abs(a.x()) > kFar || std::abs(a.y()) > kFar || std::abs(b.x()) > kFar ||
        std::abs(b.y()) > kFar) {
        // Far off the image: only the part near it can show (cut the same way every time).
        double t0, t1;
        if (!clipToBox(a, b, -kFar, -kFar, kFar, kFar, t0, t1)) return;
        const QPointF d = b - a;
        b = a + d * t1;
        a = a + d * t0;
    }
    const QRectF box = QRectF(a, b).normalized().adjusted(-1, -1, 1, 1);
    if (!box.intersects(QRectF(mBounds))) return;
    for (const QRect &r : mRects)
        if (box.intersects(QRectF(r))) plotClipped(a, b, r);
}

void HairlineRaster::plotClipped(QPointF a, QPointF b, const QRect &rect)
{
    // Which part of a->b may fall in the rectangle, to bound the loop below.
    double t0, t1;
    if (!clipToBox(a, b, rect.left(), rect.top(), rect.right() + 1.0, rect.bottom() + 1.0, t0, t1))
        return;
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    // One pixel per column (or row) along the longer axis, its other coordinate computed from
    // the whole line, never from the clipped part: a line drawn again inside one changed
    // rectangle lands on exactly the pixels it had, so no seam shows where the redraw stops.
    const bool alongX = std::abs(dx) >= std::abs(dy);
    const double start = alongX ? a.x() : a.y(), delta = alongX ? dx : dy;
    const double other = alongX ? a.y() : a.x(),
                 slope = delta == 0 ? 0 : (alongX ? dy : dx) / delta;
    const int first = int(std::floor(std::min(start, start + delta)));
    const int last = int(std::floor(std::max(start, start + delta)));
    const double c0 = start + t0 * delta, c1 = start + t1 * delta;
    const int from = std::max(first, int(std::floor(std::min(c0, c1))) - 1);
    const int to = std::min(last, int(std::floor(std::max(c0, c1))) + 1);
    const qsizetype bpl = mStride;
    quint32 *const bits = mBits;
    const quint32 c = mColor;
    const quint32 inverse = 255 - qAlpha(c);
    // The other coordinate in 32.32 fixed point, from constants of the whole line and m alone
    // (no running sum), so that it is the same whichever part of the line is drawn.
    constexpr double kOne = 4294967296.0;
    const qint64 base = qint64(std::llround((other + (first + 0.5 - start) * slope) * kOne));
    const qint64 step = qint64(std::llround(slope * kOne));
    for (int m = from; m <= to; ++m) {
        const int n = int((base + qint64(m - first) * step) >> 32);
        const int x = alongX ? m : n, y = alongX ? n : m;
        if (x < rect.left() || x > rect.right() || y < rect.top() || y > rect.bottom()) continue;
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
