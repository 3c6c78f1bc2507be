#pragma once

#include "core/cluster.h"
#include "ui/document.h"

#include <QUndoCommand>

namespace netfence::ui {

// Replaces the whole model with another state: for load-like edits only (every other edit is a
// ClusterEditCommand, which holds only what it changes). undo() and redo() are the same swap,
// so they restore each other exactly.
class ChangeClusterCommand : public QUndoCommand
{
public:
    ChangeClusterCommand(Document *document, const QString &text, core::Cluster after, Changes what,
                         QUndoCommand *parent = nullptr);

    void undo() override { swap(); }
    void redo() override { swap(); }
    int id() const override;

private:
    void swap();

    Document *mDocument;
    core::Cluster mOther;
    Changes mWhat;
};

} // namespace netfence::ui
