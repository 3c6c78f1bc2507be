#pragma once

#include "ui/document.h"

#include <QHash>
#include <QPointF>
#include <QUndoCommand>

namespace netfence::ui {

// Moves nodes: a finished drag, or a re-layout. One command per gesture.
class MoveNodesCommand : public QUndoCommand
{
public:
    MoveNodesCommand(Document *document, const QString &text, QHash<QString, QPointF> after);

    void undo() override { swap(); }
    void redo() override { swap(); }
    int id() const override;

private:
    void swap();

    Document *mDocument;
    QHash<QString, QPointF> mOther; // the positions to put in place on the next swap
};

} // namespace netfence::ui
