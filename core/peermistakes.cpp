#include "core/peermistakes.h"

#include <algorithm>

namespace netfence::core::PeerMistakes {

namespace {

std::string endpointName(const Cluster &cluster, const Endpoint &e)
{
    const std::string name = e.shortName(cluster);
    return name == kInternetAddress ? std::string(kInternetWord) : name;
}

struct SelectorMatch
{
    bool namespaceMatches = false;
    bool podMatches = false;
};

// How a selector peer of `policy` sees workload `w` (namespace part and pod part apart).
SelectorMatch matchParts(const Cluster &cluster, const NetworkPolicy &policy,
                         const NetworkPolicyPeer &peer, const Workload &w)
{
    SelectorMatch m;
    m.namespaceMatches =
        peer.namespaceSelector
            ? peer.namespaceSelector->matches(cluster.namespaceLabels(w.namespaceName))
            : w.namespaceName == policy.namespaceName;
    m.podMatches = !peer.podSelector || peer.podSelector->matches(w.labels);
    return m;
}

bool peerAdmits(const Cluster &cluster, const NetworkPolicy &policy, const NetworkPolicyPeer &peer,
                const Endpoint &other)
{
    if (peer.ipBlock) return other.isExternal() && peer.ipBlock->contains(other.range);
    if (!other.isWorkload()) return false;
    const SelectorMatch m = matchParts(cluster, policy, peer, cluster.workloads[other.workload]);
    return m.namespaceMatches && m.podMatches;
}

// A rule's ports admit the probe (named ports resolve on the receiver: counted as admitting).
bool portsAdmit(const NetworkPolicyRule &rule, const Probe &p)
{
    if (rule.ports.empty()) return true;
    return std::any_of(rule.ports.begin(), rule.ports.end(), [&](const NetworkPolicyPort &port) {
        if (port.effectiveProtocol() != p.protocol) return false;
        if (port.isNamed()) return true;
        if (!port.port) return true;
        const int last = port.endPort ? *port.endPort : *port.port;
        return p.port >= *port.port && p.port <= last;
    });
}

std::string ruleName(const NetworkPolicy &policy, PolicyType direction, size_t index)
{
    return policy.qualifiedName() + (direction == PolicyType::Ingress ? " ingress[" : " egress[") +
           std::to_string(index) + ']';
}

std::string peerName(const NetworkPolicyRule &rule, size_t index, PolicyType direction)
{
    return std::string(direction == PolicyType::Ingress ? "from[" : "to[") + std::to_string(index) +
           "] (" + rule.peers[index].toString() + ')';
}

bool namespaceOnly(const NetworkPolicyPeer &p)
{
    return p.namespaceSelector && !p.podSelector && !p.ipBlock;
}

bool podOnly(const NetworkPolicyPeer &p)
{
    return p.podSelector && !p.namespaceSelector && !p.ipBlock;
}

// The namespace a must-allow requirement of the step names for this end: what the lesson meant.
std::string meantNamespace(const LabStep &step, const std::string &otherEnd, bool sourceSide)
{
    for (const LabRequirement &r : step.requirements) {
        if (r.expect != Expectation::Allow || (sourceSide ? r.to : r.from) != otherEnd) continue;
        const std::string &end = sourceSide ? r.from : r.to;
        if (const size_t slash = end.find('/'); slash != std::string::npos)
            return end.substr(0, slash);
    }
    return {};
}

struct Side
{
    PolicyType direction;
    const SideExplanation *explanation;
    Endpoint self;  // the pod whose policy decides
    Endpoint other; // the peer it looks at
};

std::vector<Side> policedSides(const Explanation &e)
{
    std::vector<Side> sides;
    if (e.to.isWorkload() && e.ingress.isolated)
        sides.push_back({PolicyType::Ingress, &e.ingress, e.to, e.from});
    if (e.from.isWorkload() && e.egress.isolated)
        sides.push_back({PolicyType::Egress, &e.egress, e.from, e.to});
    return sides;
}

const std::vector<NetworkPolicyRule> &rulesOf(const NetworkPolicy &policy, PolicyType direction)
{
    return direction == PolicyType::Ingress ? policy.ingress : policy.egress;
}

// A must-deny that is open: which peer of which rule let the other end in.
void tooOpen(const Evaluator &evaluator, const LabStep &step, size_t index, MistakeKind kind,
             std::vector<MistakeHint> &out)
{
    const Cluster &cluster = evaluator.cluster();
    const LabRequirement &r = step.requirements[index];
    const auto from = findLabEndpoint(cluster, r.from);
    const auto to = findLabEndpoint(cluster, r.to);
    if (!from || !to) return;
    const Explanation e = evaluator.explain(*from, *to);
    const auto open = std::find_if(r.probes.begin(), r.probes.end(), [&](const Probe &p) {
        return e.allowed.allows(p.protocol, p.port);
    });
    if (open == r.probes.end()) return;
    const std::string src = endpointName(cluster, *from);
    const std::string dst = endpointName(cluster, *to);
    for (const Side &side : policedSides(e)) {
        for (const RuleMatch &m : side.explanation->allowingRules) {
            if (!m.connections.allows(open->protocol, open->port)) continue;
            const NetworkPolicy &policy = cluster.policies[m.policy];
            const auto &rules = rulesOf(policy, side.direction);
            if (m.ruleIndex >= rules.size()) continue;
            const NetworkPolicyRule &rule = rules[m.ruleIndex];
            for (size_t i = 0; i < rule.peers.size(); ++i) {
                const NetworkPolicyPeer &peer = rule.peers[i];
                if (!peerAdmits(cluster, policy, peer, side.other)) continue;
                const std::string lead = src + " -> " + dst + " on " + probeText(*open) +
                                         " should be denied, but " +
                                         endpointName(cluster, side.other) + " gets in through " +
                                         peerName(rule, i, side.direction) + " of " +
                                         ruleName(policy, side.direction, m.ruleIndex) + ". ";
                if (kind == MistakeKind::OredPeers && (namespaceOnly(peer) || podOnly(peer))) {
                    const bool partner = std::any_of(
                        rule.peers.begin(), rule.peers.end(), [&](const NetworkPolicyPeer &q) {
                            return namespaceOnly(peer) ? podOnly(q) : namespaceOnly(q);
                        });
                    if (!partner) continue;
                    out.push_back({kind,
                                   lead + "The rule lists a namespaceSelector and a podSelector as "
                                          "two peers (two '-' items), and peers are ORed: a pod "
                                          "that matches either one is let in. To let in only pods "
                                          "that match both, write one peer with both selectors "
                                          "(one '-', namespaceSelector and podSelector under it).",
                                   rule.location, index});
                    return;
                }
                if (kind == MistakeKind::AnyNamespace && peer.namespaceSelector &&
                    peer.namespaceSelector->isEmpty() && side.other.isWorkload()) {
                    const std::string meant =
                        meantNamespace(step, side.direction == PolicyType::Ingress ? r.to : r.from,
                                       side.direction == PolicyType::Ingress);
                    out.push_back(
                        {kind,
                         lead + "namespaceSelector: {} selects every namespace, so " +
                             endpointName(cluster, side.other) + " of namespace " +
                             cluster.workloads[side.other.workload].namespaceName +
                             " counts too. To mean one namespace, name it: namespaceSelector: "
                             "{matchLabels: {" +
                             std::string(kNamespaceNameLabel) + ": " +
                             (meant.empty() ? std::string("NAME") : meant) + "}}.",
                         rule.location, index});
                    return;
                }
            }
        }
    }
}

// A must-allow that is denied: a peer with both selectors that the other end half matches.
void tooNarrow(const Evaluator &evaluator, const LabStep &step, size_t index,
               std::vector<MistakeHint> &out)
{
    const Cluster &cluster = evaluator.cluster();
    const LabRequirement &r = step.requirements[index];
    const auto from = findLabEndpoint(cluster, r.from);
    const auto to = findLabEndpoint(cluster, r.to);
    if (!from || !to) return;
    const Explanation e = evaluator.explain(*from, *to);
    const auto closed = std::find_if(r.probes.begin(), r.probes.end(), [&](const Probe &p) {
        return !e.allowed.allows(p.protocol, p.port);
    });
    if (closed == r.probes.end()) return;
    for (const Side &side : policedSides(e)) {
        if (side.explanation->allowed.allows(closed->protocol, closed->port) ||
            !side.other.isWorkload())
            continue;
        const Workload &other = cluster.workloads[side.other.workload];
        for (size_t p : side.explanation->isolatingPolicies) {
            const NetworkPolicy &policy = cluster.policies[p];
            const auto &rules = rulesOf(policy, side.direction);
            for (size_t k = 0; k < rules.size(); ++k) {
                if (!portsAdmit(rules[k], *closed)) continue;
                for (size_t i = 0; i < rules[k].peers.size(); ++i) {
                    const NetworkPolicyPeer &peer = rules[k].peers[i];
                    if (!peer.namespaceSelector || !peer.podSelector) continue;
                    const SelectorMatch m = matchParts(cluster, policy, peer, other);
                    if (m.namespaceMatches == m.podMatches) continue;
                    const std::string name = endpointName(cluster, side.other);
                    out.push_back(
                        {MistakeKind::AndedPeers,
                         endpointName(cluster, *from) + " -> " + endpointName(cluster, *to) +
                             " on " + probeText(*closed) + " should be allowed, but " + name +
                             " matches only the " +
                             (m.podMatches ? "podSelector" : "namespaceSelector") + " of " +
                             peerName(rules[k], i, side.direction) + " of " +
                             ruleName(policy, side.direction, k) + ", not its " +
                             (m.podMatches
                                  ? "namespaceSelector (namespace " + other.namespaceName + ")"
                                  : std::string("podSelector")) +
                             ". In one peer the two selectors are ANDed: a pod must match both. "
                             "If either should be enough, write them as two peers (two '-' "
                             "items), which are ORed.",
                         rules[k].location, index});
                    return;
                }
            }
        }
    }
}

} // namespace

std::vector<MistakeHint> find(const Evaluator &evaluator, const LabStep &step, MistakeKind kind)
{
    std::vector<MistakeHint> out;
    for (size_t i = 0; i < step.requirements.size(); ++i) {
        const LabRequirement &r = step.requirements[i];
        if (kind == MistakeKind::AndedPeers && r.expect == Expectation::Allow)
            tooNarrow(evaluator, step, i, out);
        else if (kind != MistakeKind::AndedPeers && r.expect == Expectation::Deny)
            tooOpen(evaluator, step, i, kind, out);
    }
    return out;
}

} // namespace netfence::core::PeerMistakes
