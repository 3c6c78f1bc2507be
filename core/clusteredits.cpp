#include "core/clusteredits.h"

#include <algorithm>
#include <map>

namespace netfence::core::ClusterEdits {

namespace {

template <typename T>
ElementStep<T> insertStep(size_t index, T value)
{
    ElementStep<T> s;
    s.index = index;
    s.after = std::move(value);
    return s;
}

template <typename T>
ElementStep<T> eraseStep(size_t index, T value)
{
    ElementStep<T> s;
    s.index = index;
    s.before = std::move(value);
    return s;
}

template <typename T>
ElementStep<T> replaceStep(size_t index, T before, T after)
{
    ElementStep<T> s;
    s.index = index;
    s.before = std::move(before);
    s.after = std::move(after);
    return s;
}

// Erases element `index` of `elements` (one of the cluster's lists); nothing when out of range.
template <typename T>
ClusterChange eraseAt(const std::vector<T> &elements, size_t index)
{
    ClusterChange c;
    if (index < elements.size())
        c.add(eraseStep(index, elements[index]));
    return c;
}

// The same object read from the same place: replacing it would be an undo step that does nothing.
template <typename T>
bool sameObject(const T &before, const T &after)
{
    return before == after && before.location.file == after.location.file && before.location.line == after.location.line;
}

Namespace undeclaredNamespace(const std::string &name)
{
    Namespace ns;
    ns.name = name;
    ns.labels[kNamespaceNameLabel] = name;
    return ns;
}

std::vector<NetworkPolicyRule> &rulesOf(NetworkPolicy &p, PolicyType direction)
{
    return direction == PolicyType::Ingress ? p.ingress : p.egress;
}

bool hasType(const NetworkPolicy &p, PolicyType t)
{
    return std::find(p.policyTypes.begin(), p.policyTypes.end(), t) != p.policyTypes.end();
}

// A selector that names `from` by its name label names `to` instead; true when it changed.
bool renameInSelector(LabelSelector &selector, const std::string &from, const std::string &to)
{
    bool changed = false;
    auto it = selector.matchLabels.find(kNamespaceNameLabel);
    if (it != selector.matchLabels.end() && it->second == from) {
        it->second = to;
        changed = true;
    }
    for (LabelSelectorRequirement &r : selector.matchExpressions)
        if (r.key == kNamespaceNameLabel)
            for (std::string &v : r.values)
                if (v == from) {
                    v = to;
                    changed = true;
                }
    return changed;
}

bool renameInSelector(std::optional<LabelSelector> &selector, const std::string &from, const std::string &to)
{
    return selector && renameInSelector(*selector, from, to);
}

} // namespace

std::string uniquePolicyName(const Cluster &cluster, const std::string &ns, const std::string &prefix)
{
    for (int n = 1;; ++n) {
        std::string name = prefix + std::to_string(n);
        if (std::none_of(cluster.policies.begin(), cluster.policies.end(), [&](const NetworkPolicy &o) {
                return o.namespaceName == ns && o.name == name;
            }))
            return name;
    }
}

std::string uniqueClusterPolicyName(const Cluster &cluster, ClusterPolicyKind kind, const std::string &prefix)
{
    for (int n = 1;; ++n) {
        std::string name = prefix + std::to_string(n);
        if (std::none_of(cluster.clusterPolicies.begin(), cluster.clusterPolicies.end(),
                         [&](const ClusterNetworkPolicy &o) { return o.kind == kind && o.name == name; }))
            return name;
    }
}

ClusterChange ensureNamespace(const Cluster &cluster, const std::string &name)
{
    ClusterChange c;
    if (!cluster.findNamespace(name))
        c.add(insertStep(cluster.namespaces.size(), undeclaredNamespace(name)));
    return c;
}

ClusterChange addNamespace(const Cluster &cluster, const std::string &name)
{
    ClusterChange c;
    if (cluster.findNamespace(name))
        return c;
    Namespace ns = undeclaredNamespace(name);
    ns.declared = true;
    c.add(insertStep(cluster.namespaces.size(), std::move(ns)));
    return c;
}

ClusterChange addPolicy(const Cluster &cluster, NetworkPolicy policy)
{
    ClusterChange c = ensureNamespace(cluster, policy.namespaceName);
    c.add(insertStep(cluster.policies.size(), std::move(policy)));
    return c;
}

ClusterChange newPolicy(const Cluster &cluster, const std::string &ns)
{
    NetworkPolicy p;
    p.namespaceName = ns;
    p.name = uniquePolicyName(cluster, ns);
    p.policyTypes = {PolicyType::Ingress};
    return addPolicy(cluster, std::move(p));
}

ClusterChange removePolicy(const Cluster &cluster, size_t index)
{
    return eraseAt(cluster.policies, index);
}

ClusterChange replacePolicy(const Cluster &cluster, size_t index, NetworkPolicy policy)
{
    ClusterChange c;
    if (index >= cluster.policies.size())
        return c;
    const NetworkPolicy &old = cluster.policies[index];
    if (sameObject(old, policy))
        return c;
    // A policy may move to a namespace that is not there yet (an edited YAML's metadata).
    c = ensureNamespace(cluster, policy.namespaceName);
    c.add(replaceStep(index, old, std::move(policy)));
    return c;
}

ClusterChange addClusterPolicy(const Cluster &cluster, ClusterNetworkPolicy policy)
{
    ClusterChange c;
    c.add(insertStep(cluster.clusterPolicies.size(), std::move(policy)));
    return c;
}

ClusterChange newClusterPolicy(const Cluster &cluster)
{
    ClusterNetworkPolicy p;
    p.kind = ClusterPolicyKind::ClusterNetworkPolicy;
    p.tier = PolicyTier::Admin;
    p.priority = 100;
    p.subject.namespaces = LabelSelector();
    p.name = uniqueClusterPolicyName(cluster, p.kind);
    return addClusterPolicy(cluster, std::move(p));
}

ClusterChange removeClusterPolicy(const Cluster &cluster, size_t index)
{
    return eraseAt(cluster.clusterPolicies, index);
}

ClusterChange replaceClusterPolicy(const Cluster &cluster, size_t index, ClusterNetworkPolicy policy)
{
    ClusterChange c;
    if (index >= cluster.clusterPolicies.size())
        return c;
    const ClusterNetworkPolicy &old = cluster.clusterPolicies[index];
    if (sameObject(old, policy))
        return c;
    c.add(replaceStep(index, old, std::move(policy)));
    return c;
}

ClusterChange addRule(const Cluster &cluster, size_t policy, PolicyType direction)
{
    if (policy >= cluster.policies.size())
        return {};
    NetworkPolicy p = cluster.policies[policy];
    if (direction == PolicyType::Egress && p.policyTypes.empty())
        p.policyTypes = {PolicyType::Ingress};
    rulesOf(p, direction).push_back({});
    if (!hasType(p, direction))
        p.policyTypes.push_back(direction);
    return replacePolicy(cluster, policy, std::move(p));
}

ClusterChange removeRule(const Cluster &cluster, size_t policy, PolicyType direction, size_t rule)
{
    if (policy >= cluster.policies.size())
        return {};
    NetworkPolicy p = cluster.policies[policy];
    auto &rules = rulesOf(p, direction);
    if (rule >= rules.size())
        return {};
    rules.erase(rules.begin() + long(rule));
    return replacePolicy(cluster, policy, std::move(p));
}

ClusterChange addPeer(const Cluster &cluster, size_t policy, PolicyType direction, size_t rule,
                      NetworkPolicyPeer peer)
{
    if (policy >= cluster.policies.size())
        return {};
    NetworkPolicy p = cluster.policies[policy];
    auto &rules = rulesOf(p, direction);
    if (rule >= rules.size())
        return {};
    rules[rule].peers.push_back(std::move(peer));
    return replacePolicy(cluster, policy, std::move(p));
}

ClusterChange removePeer(const Cluster &cluster, size_t policy, PolicyType direction, size_t rule, size_t peer)
{
    if (policy >= cluster.policies.size())
        return {};
    NetworkPolicy p = cluster.policies[policy];
    auto &rules = rulesOf(p, direction);
    if (rule >= rules.size() || peer >= rules[rule].peers.size())
        return {};
    rules[rule].peers.erase(rules[rule].peers.begin() + long(peer));
    return replacePolicy(cluster, policy, std::move(p));
}

ClusterChange addWorkload(const Cluster &cluster, Workload workload)
{
    ClusterChange c = ensureNamespace(cluster, workload.namespaceName);
    c.add(insertStep(cluster.workloads.size(), std::move(workload)));
    return c;
}

ClusterChange replaceWorkload(const Cluster &cluster, size_t index, Workload workload)
{
    if (index >= cluster.workloads.size())
        return {};
    ClusterChange c = ensureNamespace(cluster, workload.namespaceName);
    c.add(replaceStep(index, cluster.workloads[index], std::move(workload)));
    return c;
}

ClusterChange renameNamespace(const Cluster &cluster, const std::string &from, const std::string &to)
{
    ClusterChange c;
    if (from == to || cluster.findNamespace(to))
        return c;
    for (size_t i = 0; i < cluster.namespaces.size(); ++i)
        if (cluster.namespaces[i].name == from) {
            Namespace ns = cluster.namespaces[i];
            ns.name = to;
            ns.labels[kNamespaceNameLabel] = to;
            c.add(replaceStep(i, cluster.namespaces[i], std::move(ns)));
        }
    for (size_t i = 0; i < cluster.workloads.size(); ++i)
        if (cluster.workloads[i].namespaceName == from) {
            Workload w = cluster.workloads[i];
            w.namespaceName = to;
            c.add(replaceStep(i, cluster.workloads[i], std::move(w)));
        }
    for (size_t i = 0; i < cluster.services.size(); ++i)
        if (cluster.services[i].namespaceName == from) {
            Service s = cluster.services[i];
            s.namespaceName = to;
            c.add(replaceStep(i, cluster.services[i], std::move(s)));
        }
    for (size_t i = 0; i < cluster.ingresses.size(); ++i)
        if (cluster.ingresses[i].namespaceName == from) {
            IngressOrRoute r = cluster.ingresses[i];
            r.namespaceName = to;
            c.add(replaceStep(i, cluster.ingresses[i], std::move(r)));
        }
    for (size_t i = 0; i < cluster.policies.size(); ++i) {
        NetworkPolicy p = cluster.policies[i];
        bool changed = false;
        if (p.namespaceName == from) {
            p.namespaceName = to;
            changed = true;
        }
        for (auto *rules : {&p.ingress, &p.egress})
            for (NetworkPolicyRule &r : *rules)
                for (NetworkPolicyPeer &peer : r.peers)
                    changed = renameInSelector(peer.namespaceSelector, from, to) || changed;
        if (changed)
            c.add(replaceStep(i, cluster.policies[i], std::move(p)));
    }
    for (size_t i = 0; i < cluster.clusterPolicies.size(); ++i) {
        ClusterNetworkPolicy p = cluster.clusterPolicies[i];
        bool changed = renameInSelector(p.subject.namespaces, from, to);
        changed = (p.subject.pods && renameInSelector(p.subject.podNamespaces, from, to)) || changed;
        for (auto *rules : {&p.ingress, &p.egress})
            for (ClusterPolicyRule &r : *rules)
                for (ClusterPolicyPeer &peer : r.peers) {
                    changed = renameInSelector(peer.namespaces, from, to) || changed;
                    changed = renameInSelector(peer.podNamespaces, from, to) || changed;
                }
        if (changed)
            c.add(replaceStep(i, cluster.clusterPolicies[i], std::move(p)));
    }
    return c;
}

ClusterChange deleteWithCascade(const Cluster &cluster, const std::set<std::string> &namespaces,
                                const std::set<std::string> &workloads)
{
    ClusterChange c;
    // From the last to the first, so the indices of those still to go stay as they are.
    for (size_t i = cluster.workloads.size(); i-- > 0;) {
        const Workload &w = cluster.workloads[i];
        if (namespaces.count(w.namespaceName) || workloads.count(w.qualifiedName()) ||
            workloads.count(w.displayName()))
            c.add(eraseStep(i, w));
    }
    for (size_t i = cluster.policies.size(); i-- > 0;)
        if (namespaces.count(cluster.policies[i].namespaceName))
            c.add(eraseStep(i, cluster.policies[i]));
    for (size_t i = cluster.services.size(); i-- > 0;)
        if (namespaces.count(cluster.services[i].namespaceName))
            c.add(eraseStep(i, cluster.services[i]));
    for (size_t i = cluster.ingresses.size(); i-- > 0;)
        if (namespaces.count(cluster.ingresses[i].namespaceName))
            c.add(eraseStep(i, cluster.ingresses[i]));
    for (size_t i = cluster.namespaces.size(); i-- > 0;)
        if (namespaces.count(cluster.namespaces[i].name))
            c.add(eraseStep(i, cluster.namespaces[i]));
    return c;
}

ClusterChange mergeLabStep(const Cluster &cluster, const Cluster &added, bool replacePolicies)
{
    ClusterChange c;
    // Names of what is there, and of what this merge adds, to their indices.
    std::map<std::string, size_t> namespaceAt, workloadAt, serviceAt, ingressAt, policyAt;
    std::map<std::pair<int, std::string>, size_t> clusterPolicyAt;
    for (size_t i = 0; i < cluster.namespaces.size(); ++i)
        namespaceAt.emplace(cluster.namespaces[i].name, i);
    for (size_t i = 0; i < cluster.workloads.size(); ++i)
        workloadAt.emplace(cluster.workloads[i].qualifiedName(), i);
    for (size_t i = 0; i < cluster.services.size(); ++i)
        serviceAt.emplace(cluster.services[i].namespaceName + '/' + cluster.services[i].name, i);
    for (size_t i = 0; i < cluster.ingresses.size(); ++i)
        ingressAt.emplace(cluster.ingresses[i].kind + ' ' + cluster.ingresses[i].qualifiedName(), i);
    for (size_t i = 0; i < cluster.policies.size(); ++i)
        policyAt.emplace(cluster.policies[i].qualifiedName(), i);
    for (size_t i = 0; i < cluster.clusterPolicies.size(); ++i)
        clusterPolicyAt.emplace(std::pair(int(cluster.clusterPolicies[i].kind), cluster.clusterPolicies[i].name), i);
    // Values this change already put at an index (a namespace declared after a workload made it).
    std::map<size_t, Namespace> newNamespaces;

    size_t namespaceCount = cluster.namespaces.size();
    auto ensure = [&](const std::string &name) {
        if (namespaceAt.emplace(name, namespaceCount).second) {
            c.add(insertStep(namespaceCount, undeclaredNamespace(name)));
            newNamespaces.emplace(namespaceCount, undeclaredNamespace(name));
            ++namespaceCount;
        }
    };
    for (const Namespace &ns : added.namespaces) {
        ensure(ns.name);
        if (!ns.declared)
            continue;
        const size_t i = namespaceAt.at(ns.name);
        auto fresh = newNamespaces.find(i);
        Namespace before = fresh != newNamespaces.end() ? fresh->second : cluster.namespaces[i];
        Namespace after = before;
        after.labels = ns.labels;
        after.declared = true;
        if (after.labels == before.labels && before.declared)
            continue;
        if (fresh != newNamespaces.end())
            fresh->second = after;
        c.add(replaceStep(i, std::move(before), std::move(after)));
    }
    size_t workloadCount = cluster.workloads.size();
    for (const Workload &w : added.workloads)
        if (workloadAt.emplace(w.qualifiedName(), workloadCount).second) {
            ensure(w.namespaceName);
            c.add(insertStep(workloadCount++, w));
        }
    size_t serviceCount = cluster.services.size();
    for (const Service &s : added.services) {
        auto [it, isNew] = serviceAt.emplace(s.namespaceName + '/' + s.name, serviceCount);
        if (isNew) {
            ensure(s.namespaceName);
            c.add(insertStep(serviceCount++, s));
        } else if (replacePolicies && it->second < cluster.services.size()) {
            c.add(replaceStep(it->second, cluster.services[it->second], s));
        }
    }
    size_t ingressCount = cluster.ingresses.size();
    for (const IngressOrRoute &r : added.ingresses)
        if (ingressAt.emplace(r.kind + ' ' + r.qualifiedName(), ingressCount).second) {
            ensure(r.namespaceName);
            c.add(insertStep(ingressCount++, r));
        }
    size_t policyCount = cluster.policies.size();
    for (const NetworkPolicy &p : added.policies) {
        auto [it, isNew] = policyAt.emplace(p.qualifiedName(), policyCount);
        if (isNew) {
            ensure(p.namespaceName);
            c.add(insertStep(policyCount++, p));
        } else if (replacePolicies && it->second < cluster.policies.size() && !(cluster.policies[it->second] == p)) {
            c.add(replaceStep(it->second, cluster.policies[it->second], p));
        }
    }
    size_t clusterPolicyCount = cluster.clusterPolicies.size();
    for (const ClusterNetworkPolicy &p : added.clusterPolicies) {
        auto [it, isNew] = clusterPolicyAt.emplace(std::pair(int(p.kind), p.name), clusterPolicyCount);
        if (isNew)
            c.add(insertStep(clusterPolicyCount++, p));
        else if (replacePolicies && it->second < cluster.clusterPolicies.size() &&
                 !(cluster.clusterPolicies[it->second] == p))
            c.add(replaceStep(it->second, cluster.clusterPolicies[it->second], p));
    }
    return c;
}

ClusterChange fromRecipe(const Cluster &cluster, const Recipe &recipe)
{
    ClusterChange c;
    // Later changes of a recipe see the earlier ones: follow them on the policies alone.
    std::vector<NetworkPolicy> policies;
    bool copied = false;
    auto current = [&]() -> std::vector<NetworkPolicy> & {
        if (!copied) {
            policies = cluster.policies;
            copied = true;
        }
        return policies;
    };
    const bool single = recipe.changes.size() == 1;
    for (const PolicyChange &pc : recipe.changes) {
        switch (pc.kind) {
        case PolicyChange::Kind::Add: {
            const size_t at = single ? cluster.policies.size() : current().size();
            c.add(insertStep(at, pc.policy));
            if (!single)
                current().push_back(pc.policy);
            break;
        }
        case PolicyChange::Kind::Replace: {
            const NetworkPolicy &before = single ? cluster.policies.at(pc.index) : current().at(pc.index);
            c.add(replaceStep(pc.index, before, pc.policy));
            if (!single)
                current()[pc.index] = pc.policy;
            break;
        }
        case PolicyChange::Kind::Remove: {
            const NetworkPolicy &before = single ? cluster.policies.at(pc.index) : current().at(pc.index);
            c.add(eraseStep(pc.index, before));
            if (!single)
                current().erase(current().begin() + long(pc.index));
            break;
        }
        }
    }
    return c;
}

ClusterChange fromClusterRecipe(const Cluster &cluster, const ClusterRecipe &recipe)
{
    ClusterChange c;
    size_t at = cluster.clusterPolicies.size();
    for (const ClusterNetworkPolicy &p : recipe.add)
        c.add(insertStep(at++, p));
    return c;
}

} // namespace netfence::core::ClusterEdits
