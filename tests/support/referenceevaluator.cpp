#include "support/referenceevaluator.h"

namespace netfence::test {

using namespace netfence::core;

namespace {

bool selectorMatches(const LabelSelector &s, const Labels &labels)
{
    for (const auto &[k, v] : s.matchLabels)
        if (!labels.count(k) || labels.at(k) != v)
            return false;
    for (const LabelSelectorRequirement &r : s.matchExpressions) {
        const bool has = labels.count(r.key) > 0;
        bool inList = false;
        for (const std::string &v : r.values)
            if (has && labels.at(r.key) == v)
                inList = true;
        if (r.op == SelectorOperator::In && !inList)
            return false;
        if (r.op == SelectorOperator::NotIn && inList)
            return false;
        if (r.op == SelectorOperator::Exists && !has)
            return false;
        if (r.op == SelectorOperator::DoesNotExist && has)
            return false;
    }
    return true;
}

bool inRange(const IPRange &r, IPFamily family, U128 v)
{
    return r.family == family && r.first <= v && v <= r.last;
}

// Every address of [first, last] lies in cidr and outside every except.
bool blockHoldsAll(const IPBlock &b, IPFamily family, U128 first, U128 last)
{
    if (!inRange(b.cidrRange, family, first) || !inRange(b.cidrRange, family, last))
        return false;
    for (const IPRange &e : b.exceptRanges)
        if (e.family == family && !(e.last < first || last < e.first))
            return false;
    return true;
}

} // namespace

bool ReferenceEvaluator::sideAllows(bool ingress, const Endpoint &subject, const Endpoint &other,
                                    const Endpoint &destination, Protocol protocol,
                                    int port) const
{
    if (subject.isExternal())
        return true;
    const Workload &self = mCluster.workloads[subject.workload];
    bool isolated = false;
    for (const NetworkPolicy &p : mCluster.policies) {
        if (p.namespaceName != self.namespaceName || !selectorMatches(p.podSelector, self.labels))
            continue;
        bool hasIngress = false, hasEgress = false;
        if (p.policyTypes.empty()) {
            hasIngress = true;
            hasEgress = !p.egress.empty();
        }
        for (PolicyType t : p.policyTypes) {
            hasIngress |= t == PolicyType::Ingress;
            hasEgress |= t == PolicyType::Egress;
        }
        if (ingress ? !hasIngress : !hasEgress)
            continue;
        isolated = true;
        for (const NetworkPolicyRule &rule : ingress ? p.ingress : p.egress) {
            bool peerOk = rule.peers.empty();
            for (const NetworkPolicyPeer &peer : rule.peers) {
                if (other.isExternal()) {
                    if (peer.ipBlock && blockHoldsAll(*peer.ipBlock, other.range.family,
                                                      other.range.first, other.range.last))
                        peerOk = true;
                    continue;
                }
                const Workload &o = mCluster.workloads[other.workload];
                if (peer.ipBlock) {
                    if (mIpBlockMatchesPods)
                        for (const IPAddress &ip : o.ips)
                            if (blockHoldsAll(*peer.ipBlock, ip.family, ip.value, ip.value))
                                peerOk = true;
                    continue;
                }
                Labels nsLabels{{kNamespaceNameLabel, o.namespaceName}};
                for (const Namespace &ns : mCluster.namespaces)
                    if (ns.name == o.namespaceName)
                        nsLabels = ns.labels;
                const bool nsOk = peer.namespaceSelector
                                      ? selectorMatches(*peer.namespaceSelector, nsLabels)
                                      : o.namespaceName == p.namespaceName;
                const bool podOk = !peer.podSelector || selectorMatches(*peer.podSelector, o.labels);
                if (nsOk && podOk)
                    peerOk = true;
            }
            if (!peerOk)
                continue;
            bool portOk = rule.ports.empty();
            for (const NetworkPolicyPort &pp : rule.ports) {
                const Protocol proto = pp.protocol ? *pp.protocol : Protocol::TCP;
                if (proto != protocol)
                    continue;
                if (!pp.namedPort.empty()) {
                    if (destination.isExternal())
                        continue;
                    for (const ContainerPort &cp : mCluster.workloads[destination.workload].ports)
                        if (cp.name == pp.namedPort && cp.protocol == protocol && cp.port == port)
                            portOk = true;
                } else if (!pp.port) {
                    portOk = true;
                } else {
                    const int last = pp.endPort ? *pp.endPort : *pp.port;
                    if (*pp.port <= port && port <= last)
                        portOk = true;
                }
            }
            if (portOk)
                return true;
        }
    }
    return !isolated;
}

bool ReferenceEvaluator::allowed(const Endpoint &from, const Endpoint &to, Protocol protocol,
                                 int port) const
{
    if (from.isExternal() && to.isExternal())
        return false;
    return sideAllows(false, from, to, to, protocol, port) &&
           sideAllows(true, to, from, to, protocol, port);
}

} // namespace netfence::test
