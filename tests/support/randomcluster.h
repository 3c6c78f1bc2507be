#pragma once

#include "core/cluster.h"

#include <cstdint>

namespace netfence::test {

// Small random clusters that exercise every corner of the API: all selector operators,
// AND/OR peers, ipBlocks with except (IPv4 and IPv6), named ports, endPort, defaulted
// policyTypes, empty rule lists. Deterministic for a seed.
core::Cluster randomCluster(std::uint32_t seed);

} // namespace netfence::test
