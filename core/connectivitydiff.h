#pragma once

#include "core/connectionset.h"
#include "core/evaluator.h"
#include "core/iprange.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// The peer netpol-analyzer names for traffic that Ingress and Route objects let in.
inline constexpr const char *kIngressControllerName = "{ingress-controller}";

// One end of a changed connection, named as netpol-analyzer names peers. A workload is
// matched between the two versions by that name ("ns/name[Kind]").
struct DiffPeer
{
    std::string name;
    std::optional<IPRange> range; // set for a range of addresses outside the cluster
    // The workload exists only in the version that has the connection (added or removed).
    bool newOrRemoved = false;

    bool isExternal() const { return range.has_value(); }
};

struct ConnectionChange
{
    enum class Type
    {
        Changed,
        Added,
        Removed
    };

    Type type = Type::Changed;
    DiffPeer source;
    DiffPeer destination;
    ConnectionSet before; // empty when the old version has no connection
    ConnectionSet after;  // empty when the new version has none
};

const char *diffTypeName(ConnectionChange::Type type);

// What changed between two versions of a cluster, pair by pair: workload pairs matched by
// name, and, for each workload, the addresses outside the cluster. Both versions' ranges are
// cut at every cut of either, compared piece by piece, and pieces with the same workload on
// the other side and the same connections in both versions are merged back into maximal
// contiguous ranges (netpol-analyzer's `diff`).
class ConnectivityDiff
{
public:
    // Both evaluators answer for their own cluster; evaluateAll() first makes it faster.
    static ConnectivityDiff compute(const Evaluator &before, const Evaluator &after);

    // Changed, then added, then removed; within a type sorted by source, then destination.
    const std::vector<ConnectionChange> &changes() const { return mChanges; }
    bool isEmpty() const { return mChanges.empty(); }

private:
    std::vector<ConnectionChange> mChanges;
};

} // namespace netfence::core
