#include "core/tierwalk.h"

#include <algorithm>

namespace netfence::core::TierWalk {

namespace {

std::vector<LabelSelectorRequirement> requirements(const LabelSelector &s)
{
    std::vector<LabelSelectorRequirement> out;
    for (const auto &[k, v] : s.matchLabels)
        out.push_back({k, SelectorOperator::In, {v}});
    out.insert(out.end(), s.matchExpressions.begin(), s.matchExpressions.end());
    return out;
}

bool contains(const std::vector<std::string> &values, const std::string &v)
{
    return std::find(values.begin(), values.end(), v) != values.end();
}

bool subsetOf(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    return std::all_of(a.begin(), a.end(), [&](const std::string &v) { return contains(b, v); });
}

// Whether requirement `q` of the subset alone forces `s` of the selector.
bool implies(const LabelSelectorRequirement &q, const LabelSelectorRequirement &s)
{
    if (q.key != s.key) return false;
    switch (s.op) {
    case SelectorOperator::In:
        return q.op == SelectorOperator::In && subsetOf(q.values, s.values);
    case SelectorOperator::NotIn:
        if (q.op == SelectorOperator::In)
            return std::none_of(q.values.begin(), q.values.end(),
                                [&](const std::string &v) { return contains(s.values, v); });
        if (q.op == SelectorOperator::NotIn) return subsetOf(s.values, q.values);
        return q.op == SelectorOperator::DoesNotExist;
    case SelectorOperator::Exists:
        return q.op == SelectorOperator::In || q.op == SelectorOperator::Exists;
    case SelectorOperator::DoesNotExist:
        return q.op == SelectorOperator::DoesNotExist;
    }
    return false;
}

bool anyPeerMatches(const ClusterPolicyRule &rule, const OutsidePeer &peer)
{
    return std::any_of(rule.peers.begin(), rule.peers.end(),
                       [&](const ClusterPolicyPeer &p) { return peerMatches(p, peer); });
}

} // namespace

bool covers(const LabelSelector &selector, const LabelSelector &subset)
{
    const std::vector<LabelSelectorRequirement> have = requirements(subset);
    for (const LabelSelectorRequirement &s : requirements(selector))
        if (std::none_of(have.begin(), have.end(),
                         [&](const LabelSelectorRequirement &q) { return implies(q, s); }))
            return false;
    return true;
}

OutsidePeer pod(Labels namespaceLabels, Labels podLabels)
{
    return {[ns = std::move(namespaceLabels)](const LabelSelector &s) { return s.matches(ns); },
            [p = std::move(podLabels)](const LabelSelector &s) { return s.matches(p); }};
}

OutsidePeer representative(const Cluster &cluster, const LabelSelector &namespaces,
                           const std::optional<LabelSelector> &pods)
{
    OutsidePeer out;
    const auto named = namespaces.matchLabels.find(kNamespaceNameLabel);
    if (named != namespaces.matchLabels.end() &&
        std::any_of(cluster.namespaces.begin(), cluster.namespaces.end(),
                    [&](const Namespace &n) { return n.name == named->second; })) {
        Labels labels = cluster.namespaceLabels(named->second);
        out.namespaceSelected = [labels](const LabelSelector &s) { return s.matches(labels); };
    } else {
        // Every namespace carries its name label, whatever the name.
        LabelSelector generic = namespaces;
        generic.matchExpressions.push_back({kNamespaceNameLabel, SelectorOperator::Exists, {}});
        out.namespaceSelected = [generic](const LabelSelector &s) { return covers(s, generic); };
    }
    const LabelSelector podSelector = pods.value_or(LabelSelector{});
    out.podSelected = [podSelector](const LabelSelector &s) { return covers(s, podSelector); };
    return out;
}

bool peerMatches(const ClusterPolicyPeer &peer, const OutsidePeer &outside)
{
    if (peer.namespaces) return outside.namespaceSelected(*peer.namespaces);
    if (peer.pods)
        return outside.namespaceSelected(peer.podNamespaces.value_or(LabelSelector{})) &&
               outside.podSelected(*peer.pods);
    // networks, nodes, domainNames: an outside pod has no address they could name.
    return false;
}

bool subjectSelects(const ClusterPolicySubject &subject, const OutsidePeer &outside)
{
    if (subject.namespaces) return outside.namespaceSelected(*subject.namespaces);
    return subject.pods && outside.namespaceSelected(subject.podNamespaces) &&
           outside.podSelected(*subject.pods);
}

std::vector<size_t> policiesSelecting(const Cluster &cluster, const OutsidePeer &subject)
{
    std::vector<size_t> out;
    for (size_t p : clusterPolicyOrder(cluster.clusterPolicies))
        if (subjectSelects(cluster.clusterPolicies[p].subject, subject)) out.push_back(p);
    return out;
}

Result walk(const Cluster &cluster, const std::vector<size_t> &policies, bool ingress,
            const OutsidePeer &peer, const Workload *destination,
            const std::optional<ConnectionSet> &networkPolicy)
{
    Result result;
    ConnectionSet remaining = ConnectionSet::all(), accepted, passed;
    auto run = [&](PolicyTier tier) {
        for (size_t p : policies) {
            const ClusterNetworkPolicy &policy = cluster.clusterPolicies[p];
            if (policy.tier != tier) continue;
            const auto &rules = ingress ? policy.ingress : policy.egress;
            for (size_t r = 0; r < rules.size() && !remaining.isEmpty(); ++r) {
                if (!anyPeerMatches(rules[r], peer)) continue;
                const ConnectionSet ports = clusterRulePorts(rules[r], destination).intersected(remaining);
                if (ports.isEmpty()) continue;
                remaining = remaining.subtracted(ports);
                ClusterPolicyAction action = rules[r].action;
                // Baseline Pass hands on to the default, which allows.
                if (tier == PolicyTier::Baseline && action == ClusterPolicyAction::Pass)
                    action = ClusterPolicyAction::Accept;
                if (action == ClusterPolicyAction::Accept) accepted.add(ports);
                if (action == ClusterPolicyAction::Pass) passed.add(ports);
                result.steps.push_back({p, r, rules[r].action, ports});
            }
        }
    };
    run(PolicyTier::Admin);
    remaining.add(passed);
    result.handedOn = remaining;
    if (networkPolicy) {
        result.networkPolicyDecides = true;
        accepted.add(networkPolicy->intersected(remaining));
    } else {
        run(PolicyTier::Baseline);
        accepted.add(remaining);
    }
    result.allowed = accepted;
    return result;
}

std::string describe(const Cluster &cluster, bool ingress, const Step &step)
{
    const ClusterNetworkPolicy &policy = cluster.clusterPolicies[step.policy];
    const auto &rules = ingress ? policy.ingress : policy.egress;
    std::string rule = step.rule < rules.size() && !rules[step.rule].name.empty()
                           ? "rule '" + rules[step.rule].name + '\''
                           : (ingress ? "ingress rule " : "egress rule ") + std::to_string(step.rule + 1);
    return policy.displayName() + ' ' + rule + ": " + actionName(step.action, policy.kind) + ' ' +
           step.ports.toString();
}

} // namespace netfence::core::TierWalk
