#pragma once

#include "core/cluster.h"
#include "core/diagnostic.h"

#include <vector>

namespace netfence::core {

// The checks on cluster policies that need more than one object.
namespace ClusterPolicyChecks {

// Moves the policies read into `out`, reporting what the API server or the policy API's
// rules refuse across objects: a name used twice in one kind (the later one replaces the
// earlier, as kubectl apply leaves it), two AdminNetworkPolicies at one priority (both
// kept, ordered by name, reported as an error as netpol-analyzer refuses them).
void join(std::vector<ClusterNetworkPolicy> &read, std::vector<ClusterNetworkPolicy> &out,
          std::vector<Diagnostic> &diagnostics);

// Warns about two ClusterNetworkPolicies of one tier and priority whose subjects share a pod:
// their order is implementation-defined; netfence takes them by name.
void checkOverlaps(const Cluster &cluster, std::vector<Diagnostic> &diagnostics);

} // namespace ClusterPolicyChecks

} // namespace netfence::core
