#pragma once

#include "core/diagnostic.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace netfence::core {

// What the readers of parsed YAML share (ObjectReader for manifests, LabLoader for labs and
// connectivity tests): where a node sits in the file, scalars that must be scalars, unknown
// keys with a spelling hint, diagnostics with a cap, and a budget of nodes visited. Internal
// to core: the readers are the only ones to derive from it.
class YamlReader
{
protected:
    // Diagnostics go into `into`, or with none into mCollected. `lineOffset` is added to every
    // line (a document parsed apart from the start of its file).
    YamlReader(std::string file, int lineOffset, std::vector<Diagnostic> *into);

    // The 1-based line and column of a node. One without a position (yaml-cpp gives none for a
    // missing key) is placed at mObjectLocation when that is set, else at the file.
    SourceLocation at(const YAML::Node &node) const;
    // Adds a diagnostic naming mObjectName; past mMaxDiagnostics it is only counted.
    void report(Severity severity, const SourceLocation &where, const std::string &message);
    void report(Severity severity, const YAML::Node &node, const std::string &message);
    // A scalar's text; reports an error and returns false when the node is not a scalar.
    bool scalar(const YAML::Node &node, const char *what, std::string &out);
    // Reports every key of `map` that is not in `known` (with the closest known key when one is
    // near, else the whole list), and every key that is not a scalar.
    void checkKeys(const YAML::Node &map, const std::vector<std::string> &known, const char *where);
    // Counts `nodes` more nodes visited; false once more than mNodeBudget have been.
    bool spend(std::size_t nodes = 1);

    std::string mFile;
    int mLineOffset;
    std::vector<Diagnostic> mCollected; // when the caller gave no list
    std::vector<Diagnostic> &mDiagnostics;
    std::string mObjectName;        // what is being read, named in every diagnostic
    SourceLocation mObjectLocation; // where it starts, for nodes without a position
    std::size_t mNodeBudget = SIZE_MAX;
    std::size_t mNodesVisited = 0;
    std::size_t mMaxDiagnostics = SIZE_MAX;
    std::size_t mDroppedDiagnostics = 0;
    std::size_t mDroppedErrors = 0;
    std::size_t mErrorsReported = 0; // dropped ones included
};

} // namespace netfence::core
