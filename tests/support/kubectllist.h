#pragma once

#include <cstdint>
#include <ostream>

namespace netfence::test {

// What writeKubectlList wrote.
struct KubectlListStats
{
    std::uint64_t bytes = 0;
    int namespaces = 0;
    int pods = 0;
    int services = 0;
    int policies = 0;
};

// Writes one `kind: List` as `kubectl get -A -o yaml` prints a large cluster (namespaces,
// then per namespace its pods of ReplicaSet owners with full spec and status, Services and
// NetworkPolicies), streaming, until at least `targetBytes` are written. Every name is valid
// and every object loads without a diagnostic. Deterministic.
KubectlListStats writeKubectlList(std::ostream &out, std::uint64_t targetBytes);

} // namespace netfence::test
