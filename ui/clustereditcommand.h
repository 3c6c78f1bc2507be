#pragma once

#include "core/clusterchange.h"
#include "ui/document.h"

#include <QHash>
#include <QPointF>
#include <QUndoCommand>

namespace netfence::ui {

// One model edit made by core::ClusterEdits. It holds only the change (the elements it touches,
// before and after), never a copy of the cluster; undo() and redo() are the same swap: apply the
// change, keep its inverse for next time. Positions of nodes the change adds are set with it.
class ClusterEditCommand : public QUndoCommand
{
public:
    ClusterEditCommand(Document *document, const QString &text, core::ClusterChange change,
                       QHash<QString, QPointF> newPositions = {}, QUndoCommand *parent = nullptr);

    void undo() override { swap(); }
    void redo() override { swap(); }
    int id() const override;
    // What the next undo() or redo() applies.
    const core::ClusterChange &nextChange() const { return mChange; }

private:
    void swap();

    Document *mDocument;
    core::ClusterChange mChange; // what the next swap applies
    QHash<QString, QPointF> mPositions;
    bool mAdding = true; // the next swap is the change itself (not its inverse)
};

} // namespace netfence::ui
