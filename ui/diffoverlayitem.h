#pragma once

#include "core/connectivitydiff.h"

#include <QColor>
#include <QGraphicsItem>
#include <QLineF>
#include <QString>

#include <vector>

namespace netfence::ui {

class GraphScene;

// What a comparison changed, drawn over the graph: added connections green, removed red and
// dashed, changed amber, each with its old -> new ports. The scene's own arrows are dimmed
// meanwhile (they are the unchanged ones and the context). Ends are the nodes of the current
// graph: a workload by name, a range by every range node it overlaps; a workload only the
// old version has cannot be drawn (the Changes dock lists it).
class DiffOverlayItem : public QGraphicsItem
{
public:
    explicit DiffOverlayItem(GraphScene *scene);

    static QColor color(core::ConnectionChange::Type type);

    QRectF boundingRect() const override { return mBounds; }
    QPainterPath shape() const override { return {}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Redraws for `changes` (empty: nothing is compared and the arrows are no longer dimmed).
    void setChanges(const std::vector<core::ConnectionChange> &changes);
    void setSelected(int change); // drawn stronger; -1: none
    // Call when nodes moved.
    void updateGeometry();

    struct Line
    {
        int change = 0; // index into the changes
        core::ConnectionChange::Type type = core::ConnectionChange::Type::Changed;
        QString from, to; // node ids
        QString label;
    };
    const std::vector<Line> &lines() const { return mLines; }
    // Node ids the change's end stands for in the current graph.
    std::vector<QString> nodesFor(const core::DiffPeer &peer) const;

private:
    GraphScene *mScene;
    std::vector<Line> mLines;
    QRectF mBounds;
    int mSelected = -1;
};

} // namespace netfence::ui
