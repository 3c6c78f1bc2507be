#pragma once

#include "core/connectionset.h"
#include "core/endpoint.h"

#include <QGraphicsItem>
#include <QPolygonF>
#include <QSet>
#include <QString>

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
// is exposed. It never takes mouse events; the scene asks edgeAt() for clicks.
class EdgeLayerItem : public QGraphicsItem
{
public:
    explicit EdgeLayerItem(GraphScene *scene);

    QRectF boundingRect() const override { return mBounds; }
    QPainterPath shape() const override { return {}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setEdges(std::vector<GraphEdge> edges);
    const std::vector<GraphEdge> &edges() const { return mEdges; }
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
    bool endpoints(const GraphEdge &e, QPointF &a, QPointF &b) const;
    // The drawn path (without the arrowhead), its last point and the tip; false when hidden.
    bool path(const GraphEdge &e, QPainterPath &path, QPointF &last, QPointF &tip) const;
    bool isVisible(const GraphEdge &e) const;

    GraphScene *mScene;
    std::vector<GraphEdge> mEdges;
    QSet<QString> mPairs; // "from\nto", to find edges with a twin in the other direction
    QString mHighlight;
    QSet<QString> mVisibleNodes, mVisibleNamespaces;
    int mSelected = -1;
    QRectF mBounds;
};

} // namespace netfence::ui
