#pragma once

#include "core/cluster.h"
#include "core/iprange.h"

#include <vector>

namespace netfence::core {

// Cuts the address space outside the cluster into ranges that policies cannot tell apart.
// A source address is only ever judged by ingress ipBlocks and a destination by egress
// ipBlocks, so each direction gets its own, coarser cut. IPv4 is always covered; IPv6
// only when some policy names an IPv6 block.
namespace ExternalPartition {

std::vector<IPRange> sources(const Cluster &cluster);
std::vector<IPRange> destinations(const Cluster &cluster);
// Cut by every ipBlock of both directions.
std::vector<IPRange> combined(const Cluster &cluster);

} // namespace ExternalPartition

} // namespace netfence::core
