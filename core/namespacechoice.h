#pragma once

#include "core/cluster.h"
#include "core/lab.h"

#include <string>

namespace netfence::core {

// Where a new policy goes when the user has not said.
namespace NamespaceChoice {

// The first namespace the lab's step watches (its scope) that exists, else the namespace
// with the most workloads outside kube-system, else "default". `lab` may be null.
std::string forNewPolicy(const Cluster &cluster, const Lab *lab, size_t step);

} // namespace NamespaceChoice

} // namespace netfence::core
