#include "core/clusterchange.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace netfence::core {

namespace {

template <typename T>
void applyElement(std::vector<T> &list, const ElementStep<T> &step)
{
    if (step.before && step.after) {
        if (step.index >= list.size())
            throw std::out_of_range("ClusterChange: replace at " + std::to_string(step.index));
        list[step.index] = *step.after;
    } else if (step.after) {
        if (step.index > list.size())
            throw std::out_of_range("ClusterChange: insert at " + std::to_string(step.index));
        list.insert(list.begin() + long(step.index), *step.after);
    } else if (step.before) {
        if (step.index >= list.size())
            throw std::out_of_range("ClusterChange: erase at " + std::to_string(step.index));
        list.erase(list.begin() + long(step.index));
    }
}

template <typename T>
ElementStep<T> invertStep(const ElementStep<T> &step)
{
    ElementStep<T> out;
    out.index = step.index;
    out.before = step.after;
    out.after = step.before;
    out.key = step.key;
    return out;
}

} // namespace

void ClusterChange::append(const ClusterChange &other)
{
    mSteps.insert(mSteps.end(), other.mSteps.begin(), other.mSteps.end());
}

void ClusterChange::applyTo(Cluster &cluster) const
{
    for (const Step &step : mSteps)
        applyStep(cluster, step);
}

void ClusterChange::applyStep(Cluster &cluster, const Step &step)
{
    std::visit(
        [&](const auto &s) {
                using S = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<S, PolicyStep>)
                    applyElement(cluster.policies, s);
                else if constexpr (std::is_same_v<S, ClusterPolicyStep>)
                    applyElement(cluster.clusterPolicies, s);
                else if constexpr (std::is_same_v<S, NamespaceStep>)
                    applyElement(cluster.namespaces, s);
                else if constexpr (std::is_same_v<S, WorkloadStep>)
                    applyElement(cluster.workloads, s);
                else if constexpr (std::is_same_v<S, ServiceStep>)
                    applyElement(cluster.services, s);
                else
                    applyElement(cluster.ingresses, s);
            },
            step);
}

ClusterChange ClusterChange::inverted() const
{
    ClusterChange out;
    out.mSteps.reserve(mSteps.size());
    for (auto it = mSteps.rbegin(); it != mSteps.rend(); ++it)
        out.mSteps.push_back(std::visit([](const auto &s) -> Step { return invertStep(s); }, *it));
    return out;
}

bool ClusterChange::onlyPolicies() const
{
    return std::all_of(mSteps.begin(), mSteps.end(), [](const Step &s) {
        return std::holds_alternative<PolicyStep>(s) || std::holds_alternative<ClusterPolicyStep>(s);
    });
}

bool ClusterChange::touchesWorkloads() const
{
    return std::any_of(mSteps.begin(), mSteps.end(),
                       [](const Step &s) { return std::holds_alternative<WorkloadStep>(s); });
}

bool ClusterChange::touchesNamespaces() const
{
    return std::any_of(mSteps.begin(), mSteps.end(),
                       [](const Step &s) { return std::holds_alternative<NamespaceStep>(s); });
}

bool ClusterChange::touchesServices() const
{
    return std::any_of(mSteps.begin(), mSteps.end(), [](const Step &s) {
        return std::holds_alternative<ServiceStep>(s) || std::holds_alternative<IngressStep>(s);
    });
}

} // namespace netfence::core
