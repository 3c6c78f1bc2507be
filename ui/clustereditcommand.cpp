#include "ui/clustereditcommand.h"

#include "ui/commandids.h"

namespace netfence::ui {

ClusterEditCommand::ClusterEditCommand(Document *document, const QString &text,
                                       core::ClusterChange change,
                                       QHash<QString, QPointF> newPositions, QUndoCommand *parent)
    : QUndoCommand(text, parent), mDocument(document), mChange(std::move(change)),
      mPositions(std::move(newPositions))
{
}

int ClusterEditCommand::id() const
{
    return ClusterEditId;
}

void ClusterEditCommand::swap()
{
    mDocument->applyChange(mChange, mAdding ? mPositions : QHash<QString, QPointF>());
    mChange = mChange.inverted();
    mAdding = !mAdding;
}

} // namespace netfence::ui
