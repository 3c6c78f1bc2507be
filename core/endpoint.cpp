#include "core/endpoint.h"

namespace netfence::core {

std::string Endpoint::displayName(const Cluster &cluster) const
{
    if (isWorkload())
        return cluster.workloads[workload].displayName();
    return range.toString() + "[External]";
}

std::string Endpoint::shortName(const Cluster &cluster) const
{
    if (isWorkload())
        return cluster.workloads[workload].qualifiedName();
    if (range.first == range.last)
        return IPAddress{range.family, range.first}.toString();
    return range.toString();
}

} // namespace netfence::core
