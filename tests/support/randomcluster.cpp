#include "support/randomcluster.h"

#include <random>

namespace netfence::test {

using namespace netfence::core;

namespace {

class Generator
{
public:
    explicit Generator(std::uint32_t seed) : mRng(seed) {}

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(mRng); }
    bool chance(double p) { return std::bernoulli_distribution(p)(mRng); }
    template <typename T> const T &pick(const std::vector<T> &v)
    {
        return v[static_cast<size_t>(uniform(0, static_cast<int>(v.size()) - 1))];
    }

    Labels labels(const std::vector<std::pair<std::string, std::vector<std::string>>> &vocab)
    {
        Labels out;
        for (const auto &[key, values] : vocab)
            if (chance(0.6))
                out[key] = pick(values);
        return out;
    }

    LabelSelector selector(const std::vector<std::pair<std::string, std::vector<std::string>>> &vocab)
    {
        LabelSelector s;
        const int n = uniform(0, 2);
        for (int i = 0; i < n; ++i) {
            const auto &[key, values] = pick(vocab);
            if (chance(0.5)) {
                s.matchLabels[key] = pick(values);
                continue;
            }
            LabelSelectorRequirement r;
            r.key = key;
            r.op = static_cast<SelectorOperator>(uniform(0, 3));
            if (r.op == SelectorOperator::In || r.op == SelectorOperator::NotIn) {
                const int count = uniform(1, 2);
                for (int j = 0; j < count; ++j)
                    r.values.push_back(pick(values));
            }
            s.matchExpressions.push_back(r);
        }
        return s;
    }

    std::mt19937 mRng;
};

const std::vector<std::pair<std::string, std::vector<std::string>>> kPodVocab{
    {"app", {"web", "db", "api", "dns"}}, {"tier", {"front", "back"}}, {"team", {"red", "blue"}}};
const std::vector<std::pair<std::string, std::vector<std::string>>> kNsVocab{
    {"team", {"red", "blue"}}, {"env", {"prod", "dev"}}, {kNamespaceNameLabel, {"a", "b", "c"}}};
const std::vector<std::string> kPortNames{"http", "metrics", "dns", "web"};
const std::vector<int> kPortNumbers{53, 80, 81, 443, 8080, 9090};
const std::vector<std::pair<std::string, std::vector<std::string>>> kCidrs{
    {"10.0.0.0/8", {"10.1.0.0/16", "10.0.1.0/24", "10.0.1.5/32"}},
    {"10.0.1.0/24", {"10.0.1.0/28", "10.0.1.128/25"}},
    {"0.0.0.0/0", {"10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12"}},
    {"192.168.1.0/24", {"192.168.1.7/32"}},
    {"10.0.1.5/32", {}},
    {"fd00::/8", {"fd00:1::/32"}},
    {"::/0", {"fd00::/8"}}};

} // namespace

Cluster randomCluster(std::uint32_t seed)
{
    Generator g(seed);
    Cluster c;
    const std::vector<std::string> nsNames{"a", "b", "c"};
    const int namespaces = g.uniform(1, 3);
    for (int i = 0; i < namespaces; ++i) {
        Namespace ns;
        ns.name = nsNames[static_cast<size_t>(i)];
        ns.labels = g.labels({kNsVocab[0], kNsVocab[1]});
        ns.labels[kNamespaceNameLabel] = ns.name;
        ns.declared = true;
        c.namespaces.push_back(ns);
    }
    const int workloads = g.uniform(2, 7);
    for (int i = 0; i < workloads; ++i) {
        Workload w;
        w.namespaceName = nsNames[static_cast<size_t>(g.uniform(0, namespaces - 1))];
        w.name = "w" + std::to_string(i);
        w.kind = g.chance(0.5) ? "Pod" : "Deployment";
        w.labels = g.labels(kPodVocab);
        const int ports = g.uniform(0, 3);
        for (int j = 0; j < ports; ++j) {
            ContainerPort p;
            p.port = g.pick(kPortNumbers);
            p.protocol = static_cast<Protocol>(g.uniform(0, 2));
            if (g.chance(0.7))
                p.name = kPortNames[static_cast<size_t>(j)];
            w.ports.push_back(p);
        }
        if (g.chance(0.7))
            w.ips.push_back(IPAddress{IPFamily::V4, (U128(10) << 24) | (U128(g.uniform(0, 1)) << 8) |
                                                        U128(g.uniform(1, 9))});
        if (g.chance(0.2))
            w.ips.push_back(IPAddress{IPFamily::V6, (U128(0xfd00) << 112) | U128(g.uniform(1, 9))});
        c.workloads.push_back(w);
    }
    const int policies = g.uniform(0, 5);
    for (int i = 0; i < policies; ++i) {
        NetworkPolicy p;
        p.name = "p" + std::to_string(i);
        p.namespaceName = nsNames[static_cast<size_t>(g.uniform(0, namespaces - 1))];
        p.podSelector = g.selector(kPodVocab);
        switch (g.uniform(0, 3)) {
        case 0:
            break; // defaulted
        case 1:
            p.policyTypes = {PolicyType::Ingress};
            break;
        case 2:
            p.policyTypes = {PolicyType::Egress};
            break;
        default:
            p.policyTypes = {PolicyType::Ingress, PolicyType::Egress};
        }
        for (auto *rules : {&p.ingress, &p.egress}) {
            const int count = g.uniform(0, 3);
            for (int r = 0; r < count; ++r) {
                NetworkPolicyRule rule;
                const int peers = g.uniform(0, 3);
                bool hasBlock = false;
                for (int k = 0; k < peers; ++k) {
                    NetworkPolicyPeer peer;
                    switch (g.uniform(0, 3)) {
                    case 0:
                        peer.podSelector = g.selector(kPodVocab);
                        break;
                    case 1:
                        peer.namespaceSelector = g.selector(kNsVocab);
                        break;
                    case 2:
                        peer.podSelector = g.selector(kPodVocab);
                        peer.namespaceSelector = g.selector(kNsVocab);
                        break;
                    default: {
                        const auto &[cidr, excepts] = g.pick(kCidrs);
                        IPBlock b;
                        b.cidr = cidr;
                        for (const std::string &e : excepts)
                            if (g.chance(0.5))
                                b.except.push_back(e);
                        b.parse();
                        peer.ipBlock = b;
                        hasBlock = true;
                    }
                    }
                    rule.peers.push_back(peer);
                }
                const int ports = g.uniform(0, 3);
                for (int k = 0; k < ports; ++k) {
                    NetworkPolicyPort port;
                    if (g.chance(0.7))
                        port.protocol = static_cast<Protocol>(g.uniform(0, 2));
                    const int shape = g.uniform(0, 3);
                    if (shape == 1) {
                        port.port = g.pick(kPortNumbers);
                    } else if (shape == 2) {
                        port.port = g.pick(kPortNumbers);
                        port.endPort = *port.port + g.uniform(0, 40);
                    } else if (shape == 3 && !(hasBlock && g.chance(0.5))) {
                        port.namedPort = g.pick(kPortNames);
                    }
                    rule.ports.push_back(port);
                }
                rules->push_back(rule);
            }
        }
        c.policies.push_back(p);
    }
    return c;
}

} // namespace netfence::test
