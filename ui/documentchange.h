#pragma once

#include "core/clusterchange.h"
#include "core/evaluator.h"

#include <QFlags>
#include <QStringList>

#include <vector>

namespace netfence::ui {

// What a change touched, coarsely.
enum class Change
{
    Policies = 1,   // edges and isolation badges only
    Workloads = 2,  // nodes come and go
    Namespaces = 4, // boxes come and go
    Positions = 8,  // nodes moved
    Everything = 15
};
Q_DECLARE_FLAGS(Changes, Change)
Q_DECLARE_OPERATORS_FOR_FLAGS(Changes)

// One change of the document, as the document announces it: the coarse kinds, which policies
// (by stable key), what the evaluator says may differ, and which nodes moved.
struct DocumentChange
{
    Changes what;
    // NetworkPolicies and cluster policies added, removed or changed, by key.
    std::vector<core::PolicyKey> policies;
    std::vector<core::PolicyKey> clusterPolicies;
    // The evaluator's answer to the policy edits: the source and destination classes whose
    // pairs may differ; `everything` after a wholesale change (new classes).
    core::EvaluatorUpdate update;
    // Nodes whose positions were set (Positions).
    QStringList movedNodes;
    // The change of a load (setContents): Document::loaded came just before it.
    bool loaded = false;
};

} // namespace netfence::ui
