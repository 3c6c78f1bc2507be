#include "ui/changeclustercommand.h"

#include "ui/commandids.h"

namespace netfence::ui {

ChangeClusterCommand::ChangeClusterCommand(Document *document, const QString &text,
                                           core::Cluster after, Changes what, QUndoCommand *parent)
    : QUndoCommand(text, parent), mDocument(document), mOther(std::move(after)), mWhat(what)
{
}

int ChangeClusterCommand::id() const
{
    return ChangeClusterId;
}

void ChangeClusterCommand::swap()
{
    mDocument->swapCluster(mOther, mWhat);
}

} // namespace netfence::ui
