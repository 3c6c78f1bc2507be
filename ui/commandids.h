#pragma once

namespace netfence::ui {

// Every undo command's id, in one place; ids let QUndoStack merge commands of one kind.
enum CommandId
{
    ChangeClusterId = 1,
    MoveNodesId = 2,
    ClusterEditId = 3,
};

} // namespace netfence::ui
