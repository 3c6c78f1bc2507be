#include "support/tierreference.h"

#include <algorithm>
#include <random>

namespace netfence::test {

using namespace netfence::core;

namespace {

bool matches(const LabelSelector &s, const Labels &labels)
{
    for (const auto &[k, v] : s.matchLabels)
        if (!labels.count(k) || labels.at(k) != v)
            return false;
    for (const LabelSelectorRequirement &r : s.matchExpressions) {
        const bool has = labels.count(r.key) > 0;
        const bool in = has && std::find(r.values.begin(), r.values.end(), labels.at(r.key)) != r.values.end();
        if ((r.op == SelectorOperator::In && !in) || (r.op == SelectorOperator::NotIn && in) ||
            (r.op == SelectorOperator::Exists && !has) || (r.op == SelectorOperator::DoesNotExist && has))
            return false;
    }
    return true;
}

bool inside(const IPRange &outer, IPFamily family, U128 first, U128 last)
{
    return outer.family == family && outer.first <= first && last <= outer.last;
}

} // namespace

Labels TierReference::namespaceLabels(const std::string &name) const
{
    for (const Namespace &ns : mCluster.namespaces)
        if (ns.name == name)
            return ns.labels;
    return Labels{{kNamespaceNameLabel, name}};
}

bool TierReference::networkPolicySelects(bool ingress, const Workload &w) const
{
    for (const NetworkPolicy &p : mCluster.policies)
        if (p.namespaceName == w.namespaceName && matches(p.podSelector, w.labels) &&
            (ingress ? p.affectsIngress() : p.affectsEgress()))
            return true;
    return false;
}

bool TierReference::peerMatches(const ClusterPolicyPeer &peer, const Endpoint &other) const
{
    if (other.isExternal()) {
        if (!peer.networks)
            return false;
        for (const IPBlock &b : *peer.networks)
            if (inside(b.cidrRange, other.range.family, other.range.first, other.range.last))
                return true;
        return false;
    }
    const Workload &o = mCluster.workloads[other.workload];
    if (peer.namespaces)
        return !o.hostNetwork && matches(*peer.namespaces, namespaceLabels(o.namespaceName));
    if (peer.pods)
        return !o.hostNetwork && matches(*peer.podNamespaces, namespaceLabels(o.namespaceName)) &&
               matches(*peer.pods, o.labels);
    if (peer.networks) {
        if (!mIpBlockMatchesPods)
            return false;
        for (const IPBlock &b : *peer.networks)
            for (const IPAddress &ip : o.ips)
                if (inside(b.cidrRange, ip.family, ip.value, ip.value))
                    return true;
        return false;
    }
    if (peer.nodes) {
        for (const Node &n : mCluster.nodes)
            if (matches(*peer.nodes, n.labels))
                for (const IPAddress &a : n.addresses)
                    if (std::find(o.ips.begin(), o.ips.end(), a) != o.ips.end())
                        return true;
        return false;
    }
    return false; // domainNames
}

bool TierReference::portMatches(const ClusterPolicyRule &rule, const Endpoint &destination, Protocol protocol,
                                int port) const
{
    if (rule.ports.empty())
        return true;
    for (const ClusterPolicyPort &p : rule.ports) {
        if (p.isNamed()) {
            if (destination.isExternal())
                continue;
            for (const ContainerPort &cp : mCluster.workloads[destination.workload].ports)
                if (cp.name == p.namedPort && cp.protocol == protocol && cp.port == port)
                    return true;
            continue;
        }
        if (p.protocol != protocol)
            continue;
        if (!p.port)
            return true;
        if (*p.port <= port && port <= (p.endPort ? *p.endPort : *p.port))
            return true;
    }
    return false;
}

bool TierReference::side(bool ingress, const Endpoint &subject, const Endpoint &other, const Endpoint &destination,
                         Protocol protocol, int port) const
{
    if (subject.isExternal())
        return true;
    const Workload &w = mCluster.workloads[subject.workload];
    const Labels nsLabels = namespaceLabels(w.namespaceName);
    std::vector<const ClusterNetworkPolicy *> admin, baseline;
    for (const ClusterNetworkPolicy &p : mCluster.clusterPolicies) {
        if (w.hostNetwork)
            break;
        const bool selected = p.subject.namespaces ? matches(*p.subject.namespaces, nsLabels)
                                                   : matches(p.subject.podNamespaces, nsLabels) &&
                                                         matches(*p.subject.pods, w.labels);
        if (selected)
            (p.tier == PolicyTier::Admin ? admin : baseline).push_back(&p);
    }
    auto order = [](const ClusterNetworkPolicy *a, const ClusterNetworkPolicy *b) {
        return a->priority != b->priority ? a->priority < b->priority : a->name < b->name;
    };
    std::sort(admin.begin(), admin.end(), order);
    std::sort(baseline.begin(), baseline.end(), order);
    // The first matching rule of the tier: its action, or none.
    auto firstMatch = [&](const std::vector<const ClusterNetworkPolicy *> &tier) -> const ClusterPolicyRule * {
        for (const ClusterNetworkPolicy *p : tier)
            for (const ClusterPolicyRule &r : ingress ? p->ingress : p->egress) {
                const bool peer = std::any_of(r.peers.begin(), r.peers.end(),
                                              [&](const ClusterPolicyPeer &x) { return peerMatches(x, other); });
                if (peer && portMatches(r, destination, protocol, port))
                    return &r;
            }
        return nullptr;
    };
    if (const ClusterPolicyRule *r = firstMatch(admin); r && r->action != ClusterPolicyAction::Pass)
        return r->action == ClusterPolicyAction::Accept;
    if (networkPolicySelects(ingress, w))
        return mNetworkPolicies.sideAllows(ingress, subject, other, destination, protocol, port);
    if (const ClusterPolicyRule *r = firstMatch(baseline))
        return r->action != ClusterPolicyAction::Deny;
    return true;
}

bool TierReference::allowed(const Endpoint &from, const Endpoint &to, Protocol protocol, int port) const
{
    if (from.isExternal() && to.isExternal())
        return false;
    return side(false, from, to, to, protocol, port) && side(true, to, from, to, protocol, port);
}

void addRandomClusterPolicies(Cluster &cluster, std::uint32_t seed)
{
    std::mt19937 rng(seed * 7919u + 17u);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
    const std::vector<std::pair<std::string, std::vector<std::string>>> podVocab{
        {"app", {"web", "db", "api", "dns"}}, {"tier", {"front", "back"}}};
    const std::vector<std::pair<std::string, std::vector<std::string>>> nsVocab{
        {"team", {"red", "blue"}}, {kNamespaceNameLabel, {"a", "b", "c"}}};
    auto selector = [&](const auto &vocab) {
        LabelSelector s;
        if (chance(0.3))
            return s;
        const auto &[key, values] = vocab[static_cast<size_t>(uniform(0, static_cast<int>(vocab.size()) - 1))];
        const std::string &value = values[static_cast<size_t>(uniform(0, static_cast<int>(values.size()) - 1))];
        if (chance(0.7)) {
            s.matchLabels[key] = value;
        } else {
            LabelSelectorRequirement r;
            r.key = key;
            r.op = chance(0.5) ? SelectorOperator::NotIn : SelectorOperator::Exists;
            if (r.op == SelectorOperator::NotIn)
                r.values.push_back(value);
            s.matchExpressions.push_back(r);
        }
        return s;
    };
    const std::vector<std::string> cidrs{"10.0.0.0/8", "10.0.1.0/24", "0.0.0.0/0", "192.168.1.0/24",
                                         "10.0.1.5/32", "fd00::/8"};
    const std::vector<std::string> portNames{"http", "metrics", "dns", "web"};
    const std::vector<int> portNumbers{53, 80, 81, 443, 8080, 9090};
    const Protocol protocols[] = {Protocol::TCP, Protocol::UDP, Protocol::SCTP};
    // A node whose address some pod may use (hostNetwork).
    if (chance(0.3)) {
        Node node;
        node.name = "node-1";
        node.labels["kubernetes.io/os"] = "linux";
        node.addresses.push_back(IPAddress{IPFamily::V4, (U128(10) << 24) | (U128(1) << 8) | 1});
        cluster.nodes.push_back(node);
        for (Workload &w : cluster.workloads)
            if (std::find(w.ips.begin(), w.ips.end(), node.addresses.front()) != w.ips.end())
                w.hostNetwork = true;
    }
    for (Workload &w : cluster.workloads)
        if (chance(0.05))
            w.hostNetwork = true;
    const int count = uniform(0, 6);
    bool banp = false;
    for (int i = 0; i < count; ++i) {
        ClusterNetworkPolicy p;
        const int kind = uniform(0, 3);
        p.kind = kind <= 1 ? ClusterPolicyKind::ClusterNetworkPolicy
                           : kind == 2 ? ClusterPolicyKind::AdminNetworkPolicy
                                       : ClusterPolicyKind::BaselineAdminNetworkPolicy;
        if (p.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy && banp)
            p.kind = ClusterPolicyKind::AdminNetworkPolicy;
        banp = banp || p.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy;
        p.tier = p.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy ? PolicyTier::Baseline
                 : p.kind == ClusterPolicyKind::AdminNetworkPolicy    ? PolicyTier::Admin
                 : chance(0.5)                                         ? PolicyTier::Admin
                                                                       : PolicyTier::Baseline;
        p.name = p.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy ? "default" : "p" + std::to_string(i);
        p.priority = p.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy ? 0 : uniform(0, 3) * 10;
        if (chance(0.5)) {
            p.subject.namespaces = selector(nsVocab);
        } else {
            p.subject.podNamespaces = selector(nsVocab);
            p.subject.pods = selector(podVocab);
        }
        for (const bool ingress : {true, false}) {
            const int rules = uniform(0, 3);
            for (int r = 0; r < rules; ++r) {
                ClusterPolicyRule rule;
                rule.name = (ingress ? "in-" : "out-") + std::to_string(r);
                const int action = uniform(0, p.tier == PolicyTier::Baseline && p.kind != ClusterPolicyKind::ClusterNetworkPolicy ? 1 : 2);
                rule.action = static_cast<ClusterPolicyAction>(action);
                const int peers = uniform(1, 2);
                bool addresses = false;
                for (int k = 0; k < peers; ++k) {
                    ClusterPolicyPeer peer;
                    const int type = uniform(0, ingress ? 1 : 4);
                    if (type == 0) {
                        peer.namespaces = selector(nsVocab);
                    } else if (type == 1) {
                        peer.podNamespaces = selector(nsVocab);
                        peer.pods = selector(podVocab);
                    } else if (type == 2) {
                        std::vector<IPBlock> nets;
                        for (int n = uniform(1, 2); n > 0; --n) {
                            IPBlock b;
                            b.cidr = cidrs[static_cast<size_t>(uniform(0, static_cast<int>(cidrs.size()) - 1))];
                            b.parse();
                            nets.push_back(b);
                        }
                        peer.networks = nets;
                        addresses = true;
                    } else if (type == 3) {
                        LabelSelector s;
                        if (chance(0.5))
                            s.matchLabels["kubernetes.io/os"] = "linux";
                        peer.nodes = s;
                        addresses = true;
                    } else {
                        peer.domainNames = std::vector<std::string>{"example.com"};
                        addresses = true;
                    }
                    rule.peers.push_back(peer);
                }
                const int ports = chance(0.3) ? 0 : uniform(1, 2);
                for (int k = 0; k < ports; ++k) {
                    ClusterPolicyPort port;
                    const int shape = uniform(0, addresses ? 2 : 3);
                    if (shape == 3) {
                        port.namedPort = portNames[static_cast<size_t>(uniform(0, 3))];
                    } else {
                        port.protocol = protocols[uniform(0, 2)];
                        if (shape >= 1)
                            port.port = portNumbers[static_cast<size_t>(uniform(0, 5))];
                        if (shape == 2)
                            port.endPort = *port.port + uniform(0, 100);
                    }
                    rule.ports.push_back(port);
                }
                (ingress ? p.ingress : p.egress).push_back(rule);
            }
        }
        cluster.clusterPolicies.push_back(std::move(p));
    }
}

} // namespace netfence::test
