#pragma once

#include "core/cluster.h"
#include "ui/document.h"

#include <QUndoCommand>

namespace netfence::ui {

// Replaces the model (or only its policies) with another state. undo() and redo() are the same
// swap, so they restore each other exactly.
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
