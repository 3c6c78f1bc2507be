#include "core/evaluator.h"

#include <algorithm>
#include <map>

namespace netfence::core {

Evaluator::Evaluator(const Cluster &cluster, EvaluatorOptions options)
    : mCluster(cluster), mOptions(options)
{
    buildClasses();
    buildRules();
}

bool Evaluator::peerMatchesWorkload(const NetworkPolicy &policy, const NetworkPolicyPeer &peer,
                                    const Workload &w) const
{
    if (peer.ipBlock) {
        if (!mOptions.ipBlockMatchesPods)
            return false;
        return std::any_of(w.ips.begin(), w.ips.end(),
                           [&](const IPAddress &ip) { return peer.ipBlock->contains(ip); });
    }
    if (peer.namespaceSelector) {
        if (!peer.namespaceSelector->matches(mCluster.namespaceLabels(w.namespaceName)))
            return false;
    } else if (w.namespaceName != policy.namespaceName) {
        return false;
    }
    return !peer.podSelector || peer.podSelector->matches(w.labels);
}

void Evaluator::buildClasses()
{
    // Every ipBlock that could match a pod makes the pods it hits a class of their own.
    std::vector<const IPBlock *> blocks;
    if (mOptions.ipBlockMatchesPods)
        for (const NetworkPolicy &policy : mCluster.policies)
            for (const auto *rules : {&policy.ingress, &policy.egress})
                for (const NetworkPolicyRule &rule : *rules)
                    for (const NetworkPolicyPeer &peer : rule.peers)
                        if (peer.ipBlock)
                            blocks.push_back(&*peer.ipBlock);

    std::map<std::string, size_t> index;
    mWorkloadClass.resize(mCluster.workloads.size());
    for (size_t i = 0; i < mCluster.workloads.size(); ++i) {
        const Workload &w = mCluster.workloads[i];
        std::string key = w.namespaceName;
        key += '\0';
        for (const auto &[k, v] : w.labels) {
            key += k;
            key += '=';
            key += v;
            key += '\0';
        }
        key += '\1';
        std::vector<ContainerPort> named;
        for (const ContainerPort &p : w.ports)
            if (!p.name.empty())
                named.push_back(p);
        std::sort(named.begin(), named.end());
        for (const ContainerPort &p : named)
            key += p.name + ':' + std::to_string(p.port) + ':' +
                   std::to_string(static_cast<int>(p.protocol)) + '\0';
        key += '\1';
        for (const IPBlock *b : blocks)
            key += std::any_of(w.ips.begin(), w.ips.end(),
                               [b](const IPAddress &ip) { return b->contains(ip); })
                       ? '1'
                       : '0';
        auto [it, inserted] = index.emplace(key, mClasses.size());
        if (inserted)
            mClasses.push_back({i, {}, {}});
        mWorkloadClass[i] = it->second;
    }

    for (size_t p = 0; p < mCluster.policies.size(); ++p) {
        const NetworkPolicy &policy = mCluster.policies[p];
        for (EquivalenceClass &c : mClasses) {
            const Workload &w = mCluster.workloads[c.representative];
            if (w.namespaceName != policy.namespaceName || !policy.podSelector.matches(w.labels))
                continue;
            if (policy.affectsIngress())
                c.ingressPolicies.push_back(p);
            if (policy.affectsEgress())
                c.egressPolicies.push_back(p);
        }
    }
}

void Evaluator::buildRules()
{
    for (size_t p = 0; p < mCluster.policies.size(); ++p) {
        const NetworkPolicy &policy = mCluster.policies[p];
        for (const bool ingress : {true, false}) {
            const auto &rules = ingress ? policy.ingress : policy.egress;
            auto &flat = ingress ? mIngressRules : mEgressRules;
            auto &spans = ingress ? mIngressRuleSpan : mEgressRuleSpan;
            const size_t begin = flat.size();
            for (size_t r = 0; r < rules.size(); ++r) {
                FlatRule fr{p, r, &rules[r], std::vector<bool>(mClasses.size(), false)};
                for (size_t c = 0; c < mClasses.size(); ++c) {
                    const Workload &w = mCluster.workloads[mClasses[c].representative];
                    fr.matchesClass[c] =
                        rules[r].peers.empty() ||
                        std::any_of(rules[r].peers.begin(), rules[r].peers.end(),
                                    [&](const NetworkPolicyPeer &peer) {
                                        return peerMatchesWorkload(policy, peer, w);
                                    });
                }
                flat.push_back(std::move(fr));
            }
            spans.push_back({begin, flat.size()});
        }
    }
}

bool Evaluator::ruleMatches(const FlatRule &rule, const Endpoint &peer) const
{
    if (peer.isWorkload())
        return rule.matchesClass[mWorkloadClass[peer.workload]];
    if (rule.rule->peers.empty())
        return true;
    // Selectors never match addresses outside the cluster.
    return std::any_of(rule.rule->peers.begin(), rule.rule->peers.end(),
                       [&](const NetworkPolicyPeer &p) {
                           return p.ipBlock && p.ipBlock->contains(peer.range);
                       });
}

ConnectionSet Evaluator::rulePorts(const NetworkPolicyRule &rule,
                                   const Endpoint &destination) const
{
    if (rule.ports.empty())
        return ConnectionSet::all();
    ConnectionSet out;
    for (const NetworkPolicyPort &port : rule.ports) {
        const Protocol protocol = port.effectiveProtocol();
        if (port.isNamed()) {
            // Resolved on the destination's containers; an address has no port names.
            if (!destination.isWorkload())
                continue;
            for (const ContainerPort &cp : mCluster.workloads[destination.workload].ports)
                if (cp.name == port.namedPort && cp.protocol == protocol)
                    out.add(protocol, cp.port, cp.port);
        } else if (port.port) {
            out.add(protocol, *port.port, port.endPort.value_or(*port.port));
        } else {
            out.add(protocol, kMinPort, kMaxPort);
        }
    }
    return out;
}

SideExplanation Evaluator::side(PolicyType direction, const Endpoint &subject,
                                const Endpoint &peer, const Endpoint &destination,
                                bool withRules) const
{
    SideExplanation s;
    s.direction = direction;
    if (!subject.isWorkload()) {
        s.allowed = ConnectionSet::all();
        return s;
    }
    s.policed = true;
    const EquivalenceClass &c = mClasses[mWorkloadClass[subject.workload]];
    const bool ingress = direction == PolicyType::Ingress;
    const std::vector<size_t> &policies = ingress ? c.ingressPolicies : c.egressPolicies;
    s.isolated = !policies.empty();
    if (!s.isolated) {
        s.allowed = ConnectionSet::all();
        return s;
    }
    s.isolatingPolicies = policies;
    const auto &flat = ingress ? mIngressRules : mEgressRules;
    const auto &spans = ingress ? mIngressRuleSpan : mEgressRuleSpan;
    for (size_t p : policies) {
        for (size_t r = spans[p].first; r < spans[p].second; ++r) {
            if (!withRules && s.allowed.isAll())
                return s;
            if (!ruleMatches(flat[r], peer))
                continue;
            ConnectionSet ports = rulePorts(*flat[r].rule, destination);
            if (ports.isEmpty())
                continue;
            s.allowed.add(ports);
            if (withRules)
                s.allowingRules.push_back({p, flat[r].index, std::move(ports)});
        }
    }
    return s;
}

ConnectionSet Evaluator::allowed(const Endpoint &from, const Endpoint &to) const
{
    if (from.isExternal() && to.isExternal())
        return {};
    auto compute = [&] {
        SideExplanation egress = side(PolicyType::Egress, from, to, to, false);
        if (egress.allowed.isEmpty())
            return ConnectionSet();
        SideExplanation ingress = side(PolicyType::Ingress, to, from, to, false);
        return egress.allowed.intersected(ingress.allowed);
    };
    if (!from.isWorkload() || !to.isWorkload())
        return compute();

    const std::uint64_t key = std::uint64_t(mWorkloadClass[from.workload]) * mClasses.size() +
                              mWorkloadClass[to.workload];
    {
        std::lock_guard lock(mCacheMutex);
        auto it = mPairCache.find(key);
        if (it != mPairCache.end())
            return mInterned[it->second];
    }
    ConnectionSet result = compute();
    std::lock_guard lock(mCacheMutex);
    auto [it, inserted] = mInternIndex.emplace(result, static_cast<std::uint32_t>(mInterned.size()));
    if (inserted)
        mInterned.push_back(result);
    mPairCache.emplace(key, it->second);
    return result;
}

Explanation Evaluator::explain(const Endpoint &from, const Endpoint &to) const
{
    Explanation e;
    e.from = from;
    e.to = to;
    e.egress = side(PolicyType::Egress, from, to, to, true);
    e.ingress = side(PolicyType::Ingress, to, from, to, true);
    if (!(from.isExternal() && to.isExternal()))
        e.allowed = e.egress.allowed.intersected(e.ingress.allowed);
    return e;
}

bool Evaluator::isolatedForIngress(size_t workload) const
{
    return !mClasses[mWorkloadClass[workload]].ingressPolicies.empty();
}

bool Evaluator::isolatedForEgress(size_t workload) const
{
    return !mClasses[mWorkloadClass[workload]].egressPolicies.empty();
}

std::vector<size_t> Evaluator::policiesSelecting(size_t workload) const
{
    const Workload &w = mCluster.workloads[workload];
    std::vector<size_t> out;
    for (size_t p = 0; p < mCluster.policies.size(); ++p)
        if (mCluster.policies[p].namespaceName == w.namespaceName &&
            mCluster.policies[p].podSelector.matches(w.labels))
            out.push_back(p);
    return out;
}

} // namespace netfence::core
