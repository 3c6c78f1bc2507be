#pragma once

#include <QGraphicsItem>
#include <QPolygonF>
#include <QString>

namespace netfence::ui {

class GraphScene;

// A dashed red arrow between two nodes that may not talk although someone wants them to: the
// two pods the user selected, or a lab requirement that must be allowed. Hovering it shows the
// reason. It is not an edge of the graph (edges are allowed traffic only).
class DeniedPairItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 11
    };

    DeniedPairItem(const GraphScene *scene, QString from, QString to, const QString &reason,
                   qreal offset);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QString &from() const { return mFrom; }
    const QString &to() const { return mTo; }

private:
    // The drawn route, computed again when an end has moved.
    QPolygonF route() const;

    const GraphScene *mScene;
    QString mFrom, mTo;
    qreal mOffset; // sideways, so that both directions of a pair can be seen
    QRectF mBounds;
    mutable QPolygonF mRoute;
    mutable QPointF mRouteFrom, mRouteTo;
};

} // namespace netfence::ui
