#pragma once

#include "core/connectionset.h"
#include "core/endpoint.h"

#include <QApplication>
#include <QGraphicsItem>
#include <QHash>
#include <QImage>
#include <QPainterPath>
#include <QPalette>
#include <QPolygonF>
#include <QRegion>
#include <QSet>
#include <QString>
#include <QTransform>

#include <deque>
#include <functional>
#include <vector>

namespace netfence::ui {

class GraphScene;

// One allowed-traffic arrow: node to node, or a bundle with a box at one or both ends: every
// pod of a namespace reaching every pod of another, or a node reaching every range outside
// the cluster, on the same connections.
struct GraphEdge
{
    QString from; // node id, or a group (namespace or the outside area) when fromGroup
    QString to;
    bool bundle = false; // namespace to namespace
    bool fromGroup = false;
    bool toGroup = false;
    // The groups its ends lie in (a namespace, or the outside area), ends or not.
    QString fromGroupId, toGroupId;
    core::ConnectionSet connections;
    QString label;
    core::Endpoint fromEndpoint; // a representative pair, for explanations
    core::Endpoint toEndpoint;
    int pairs = 1; // pod pairs it stands for (arrows between collapsed namespaces grow with it)
    // Its route around the boxes (a cubic Bezier control polygon, then the arrowhead's tip),
    // valid while its ends are still at routeFrom / routeTo; empty: drawn straight.
    QPolygonF route;
    QPointF tip;
    QRectF routeFrom, routeTo;
};

// Draws every edge as one item: thousands of arrows stay cheap, and the item paints only what
// is exposed (ItemUsesExtendedStyleOption). Each arrow's path and bounds are kept until its
// content or an end's rectangle changes, so that setEdges() repaints only the arrows that
// differ. Zoomed out over many arrows, the hairlines are kept in an image at the view's scale
// and only the changed regions of it are drawn again. It never takes mouse events; the scene
// asks edgeAt() for clicks.
class EdgeLayerItem : public QGraphicsItem
{
public:
    explicit EdgeLayerItem(GraphScene *scene);

    QRectF boundingRect() const override { return mBounds; }
    QPainterPath shape() const override { return {}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Replaces every edge by those of `edges` (moved out of it, as replaceEdges() does).
    void setEdges(std::vector<GraphEdge> &edges);
    // Drops the edges that leave a group of `fromGroups` or enter one of `toGroups`, and adds
    // `fresh`: an edit's arrows, the others untouched. Fresh edges that look like dropped ones
    // keep what was computed for them. The edges are moved out of `fresh`, whose memory the
    // caller may use again (pages touched before cost nothing; fresh ones a fault each).
    void replaceEdges(const QSet<QString> &fromGroups, const QSet<QString> &toGroups,
                      std::vector<GraphEdge> &fresh);
    // A deque: an edit that adds arrows never moves the thousands already there.
    const std::deque<GraphEdge> &edges() const { return mEdges; }
    // Edges touching this node are drawn strong and the others faint; empty: none.
    void setHighlight(const QString &nodeId);
    // Only these node ids (and bundles of these namespaces) are drawn; empty: all.
    void setVisibleNodes(const QSet<QString> &ids, const QSet<QString> &namespaces);
    void setSelectedEdge(int index);
    int selectedEdge() const { return mSelected; }
    int edgeAt(const QPointF &scenePos, qreal tolerance = 5) const;
    // Call when nodes moved or the scene grew.
    void updateGeometry();

private:
    // What an edge looks like on screen, kept until its content or an end's rectangle changes.
    struct Drawn
    {
        bool valid = false; // computed for the current content
        bool shown = false; // both ends visible
        QRectF fromRect, toRect;
        // Without the arrowhead: a curve, or empty for a straight arrow from `start` to `last`
        // (most arrows of a big picture; a QPainterPath each was a third of adding them).
        QPainterPath route;
        QPointF start, last, tip;
        bool straight() const { return route.isEmpty(); }
        // The point at `t` (0 to 1) along the route.
        QPointF at(qreal t) const
        {
            return straight() ? start + (last - start) * t : route.pointAtPercent(t);
        }
        // The box of the route's points, the arrowhead's tip aside.
        QRectF routeRect() const
        {
            return straight() ? QRectF(start, last).normalized() : route.controlPointRect();
        }
        QRectF bounds; // everything it may paint, labels included
    };

    // A node or group that arrows end at or lie in, and how it stood at the last sync. Arrows
    // name them by index: an edit compares and hashes thousands of ends as integers, and a
    // sync looks each node up once, not once per arrow.
    struct End
    {
        QString id;
        bool group = false;
        bool shown = false; // its item exists, is visible and passes setVisibleNodes()
        QRectF rect;
    };
    // An edge's ends and the groups they lie in, as indices into mEnds.
    struct EndIndex
    {
        int from = -1, to = -1, fromGroup = -1, toGroup = -1;
    };
    // Replaces the edges for which `stale` holds (all when it is null) by `fresh`.
    void replace(const std::vector<char> *staleFrom, const std::vector<char> *staleTo,
                 std::vector<GraphEdge> &fresh);
    int endIndex(const QString &id, bool group);
    EndIndex endsOf(const GraphEdge &e);
    // Interns every edge's ends again, dropping ends no edge names any more.
    void rebuildEnds();
    // Brings every End up to date with the scene's items.
    void syncEnds() const;
    void computeDrawn(size_t i) const;
    // The size of an arrow's label in the 8-point font.
    QSizeF labelSize(const QString &label) const;
    // Brings every Drawn up to date with the nodes; returns the scene region that changed.
    QRectF syncGeometry() const;
    QRectF computeBounds() const;
    // Colour and width of an edge as drawn now; `faint` when another node is hovered.
    void edgeStyle(int i, QColor &color, qreal &width, bool &faint) const
    {
        edgeStyle(i, QApplication::palette(), color, width, faint);
    }
    void edgeStyle(int i, const QPalette &palette, QColor &color, qreal &width, bool &faint) const;
    // The hairlines of the edges whose bounds meet one of `regions`, batched per colour.
    // Calls `visit` with the colour of each hairline whose bounds meet one of `regions`.
    void visitHairlines(const std::vector<QRectF> &regions,
                        const std::function<void(const QColor &, const Drawn &)> &visit) const;
    void drawHairlines(QPainter *painter, const std::vector<QRectF> &regions) const;
    // The same into the kept image, by HairlineRaster: `toPixels` maps the scene to the
    // image's pixels, `pixelClip` is where it may draw.
    void rasterHairlines(QImage &image, const QTransform &toPixels,
                         const std::vector<QRectF> &regions, const QRegion &pixelClip) const;
    QTransform cachePixels() const
    {
        return mCacheTransform * QTransform::fromTranslate(-mCacheOrigin.x(), -mCacheOrigin.y()) *
               QTransform::fromScale(mCache.devicePixelRatio(), mCache.devicePixelRatio());
    }
    void drawEdge(QPainter *painter, int i, qreal lod, const QFont &font) const;
    void invalidateCache()
    {
        mCache = QImage();
        mCacheDirty.clear();
    }
    void markDirty(const QRectF &sceneRect) const;
    bool hairlineMode(qreal lod) const;

    GraphScene *mScene;
    std::deque<GraphEdge> mEdges;
    std::vector<EndIndex> mEndsOf; // one per edge
    mutable std::vector<End> mEnds;
    QHash<QString, int> mNodeEnds, mGroupEnds; // id -> index into mEnds
    QHash<quint64, int> mPairs; // (from, to) ends -> edges, to find twins in the other direction
    QString mHighlight;
    QString mHighlightGroup; // the hovered node's namespace
    QSet<QString> mVisibleNodes, mVisibleNamespaces;
    int mSelected = -1;
    QRectF mBounds;
    mutable std::vector<Drawn> mDrawn; // one per edge
    mutable QHash<QString, QSizeF> mLabelSizes;
    // The hairline image: device pixels at mCacheTransform covering mCacheScene.
    mutable QImage mCache;
    mutable QTransform mCacheTransform;
    mutable QRectF mCacheScene;
    mutable QPoint mCacheOrigin; // device position of the image's top left at mCacheTransform
    mutable std::vector<QRectF> mCacheDirty; // scene regions to draw again
    mutable bool mCacheDark = false;
};

} // namespace netfence::ui
