#include "core/clusterpolicychecks.h"

#include <map>
#include <string>
#include <unordered_map>

namespace netfence::core {

namespace {

std::string where(const SourceLocation &at)
{
    return at.file + ':' + std::to_string(at.line);
}

} // namespace

void ClusterPolicyChecks::join(std::vector<ClusterNetworkPolicy> &read,
                               std::vector<ClusterNetworkPolicy> &out,
                               std::vector<Diagnostic> &diagnostics)
{
    std::map<std::pair<ClusterPolicyKind, std::string>, size_t> byName;
    for (ClusterNetworkPolicy &policy : read) {
        auto [it, inserted] = byName.try_emplace({policy.kind, policy.name}, out.size());
        if (!inserted) {
            ClusterNetworkPolicy &earlier = out[it->second];
            const bool banp = policy.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy;
            diagnostics.push_back(
                {Severity::Error, policy.location, policy.displayName(),
                 std::string(banp ? "only one BaselineAdminNetworkPolicy can exist, and " : "") +
                     "a " + clusterPolicyKindName(policy.kind) + " named \"" + policy.name +
                     "\" already exists (" + where(earlier.location) +
                     "); this later one replaces it, as kubectl apply leaves the last"});
            earlier = std::move(policy);
            continue;
        }
        out.push_back(std::move(policy));
    }
    read.clear();

    // v1alpha1 leaves two AdminNetworkPolicies at one priority undefined; netpol-analyzer
    // refuses them.
    std::map<int, size_t> byPriority;
    for (size_t i = 0; i < out.size(); ++i) {
        const ClusterNetworkPolicy &p = out[i];
        if (p.kind != ClusterPolicyKind::AdminNetworkPolicy)
            continue;
        auto [it, inserted] = byPriority.try_emplace(p.priority, i);
        if (inserted)
            continue;
        const ClusterNetworkPolicy &other = out[it->second];
        diagnostics.push_back(
            {Severity::Error, p.location, p.displayName(),
             "has priority " + std::to_string(p.priority) + ", as " + other.displayName() + " (" +
                 where(other.location) +
                 ") has: two AdminNetworkPolicies with one priority conflict (their order is "
                 "undefined); netfence evaluates them by name"});
    }
}

void ClusterPolicyChecks::checkOverlaps(const Cluster &cluster, std::vector<Diagnostic> &diagnostics)
{
    std::map<std::pair<PolicyTier, int>, std::vector<size_t>> groups;
    for (size_t i = 0; i < cluster.clusterPolicies.size(); ++i) {
        const ClusterNetworkPolicy &p = cluster.clusterPolicies[i];
        if (p.kind == ClusterPolicyKind::ClusterNetworkPolicy)
            groups[{p.tier, p.priority}].push_back(i);
    }
    std::unordered_map<std::string, const Labels *> nsLabels;
    for (const Namespace &ns : cluster.namespaces)
        nsLabels.try_emplace(ns.name, &ns.labels);
    for (const auto &[key, members] : groups) {
        if (members.size() < 2)
            continue;
        for (size_t a = 0; a < members.size(); ++a)
            for (size_t b = a + 1; b < members.size(); ++b) {
                const ClusterNetworkPolicy &x = cluster.clusterPolicies[members[a]];
                const ClusterNetworkPolicy &y = cluster.clusterPolicies[members[b]];
                const Workload *shared = nullptr;
                for (const Workload &w : cluster.workloads) {
                    if (w.hostNetwork)
                        continue;
                    auto it = nsLabels.find(w.namespaceName);
                    const Labels none{{kNamespaceNameLabel, w.namespaceName}};
                    const Labels &labels = it == nsLabels.end() ? none : *it->second;
                    if (x.subject.selects(labels, w.labels) && y.subject.selects(labels, w.labels)) {
                        shared = &w;
                        break;
                    }
                }
                if (!shared)
                    continue;
                const ClusterNetworkPolicy &later = x.name < y.name ? y : x;
                const ClusterNetworkPolicy &first = x.name < y.name ? x : y;
                diagnostics.push_back(
                    {Severity::Warning, later.location, later.displayName(),
                     std::string("same tier (") + tierName(key.first) + ") and priority (" +
                         std::to_string(key.second) + ") as " + first.displayName() + " (" +
                         where(first.location) + "), and both apply to " + shared->qualifiedName() +
                         ": their order is implementation-defined; netfence evaluates " +
                         first.displayName() + " first (by name)"});
            }
    }
}

} // namespace netfence::core
