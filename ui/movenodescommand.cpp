#include "ui/movenodescommand.h"

#include "ui/commandids.h"

namespace netfence::ui {

MoveNodesCommand::MoveNodesCommand(Document *document, const QString &text,
                                   QHash<QString, QPointF> after)
    : QUndoCommand(text), mDocument(document), mOther(std::move(after))
{
}

int MoveNodesCommand::id() const
{
    return MoveNodesId;
}

void MoveNodesCommand::swap()
{
    QHash<QString, QPointF> previous;
    for (auto it = mOther.begin(); it != mOther.end(); ++it)
        previous.insert(it.key(), mDocument->positions().value(it.key()));
    mDocument->movePositions(mOther);
    mOther = std::move(previous);
}

} // namespace netfence::ui
