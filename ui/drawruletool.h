#pragma once

#include <QPointF>

class QGraphicsLineItem;

namespace netfence::ui {

class GraphScene;
class NodeItem;

// Drag from one node to another node, to a namespace box or to the Internet to allow that
// traffic. Owns the rubber line while dragging.
class DrawRuleTool
{
public:
    explicit DrawRuleTool(GraphScene *scene);
    ~DrawRuleTool();

    // Each returns true when the event was used.
    bool mousePress(const QPointF &scenePos);
    bool mouseMove(const QPointF &scenePos);
    bool mouseRelease(const QPointF &scenePos);
    void cancel();
    bool isDragging() const { return mSource != nullptr; }

private:
    GraphScene *mScene;
    NodeItem *mSource = nullptr;
    QGraphicsLineItem *mLine = nullptr;
};

} // namespace netfence::ui
