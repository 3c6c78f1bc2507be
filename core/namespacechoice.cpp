#include "core/namespacechoice.h"

#include <map>

namespace netfence::core::NamespaceChoice {

std::string forNewPolicy(const Cluster &cluster, const Lab *lab, size_t step)
{
    std::map<std::string, size_t> workloads;
    for (const Workload &w : cluster.workloads)
        ++workloads[w.namespaceName];
    if (lab && step < lab->steps.size())
        for (const std::string &ns : lab->steps[step].scope)
            if (workloads.count(ns)) return ns;
    std::string best;
    size_t most = 0;
    for (const auto &[ns, count] : workloads)
        if (ns != "kube-system" && count > most) {
            best = ns;
            most = count;
        }
    return best.empty() ? std::string("default") : best;
}

} // namespace netfence::core::NamespaceChoice
