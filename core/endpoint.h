#pragma once

#include "core/cluster.h"
#include "core/iprange.h"

#include <string>

namespace netfence::core {

// One end of a connection: a workload of the cluster, or a range of addresses outside it.
struct Endpoint
{
    enum class Type
    {
        Workload,
        External
    };

    Type type = Type::Workload;
    size_t workload = 0; // index into Cluster::workloads when type == Workload
    IPRange range;       // when type == External

    static Endpoint ofWorkload(size_t index) { return Endpoint{Type::Workload, index, {}}; }
    static Endpoint ofRange(const IPRange &range) { return Endpoint{Type::External, 0, range}; }

    bool isWorkload() const { return type == Type::Workload; }
    bool isExternal() const { return type == Type::External; }
    // "ns/name[Kind]" or "10.0.0.0-10.255.255.255[External]", netpol-analyzer's naming.
    std::string displayName(const Cluster &cluster) const;
    // "ns/name" or the range ("10.1.2.3" for a single address).
    std::string shortName(const Cluster &cluster) const;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

} // namespace netfence::core
