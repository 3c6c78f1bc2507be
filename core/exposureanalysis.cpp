#include "core/exposureanalysis.h"

#include "core/connectionlistwriter.h"
#include "core/jsonwriter.h"
#include "core/tierwalk.h"

#include <algorithm>
#include <map>

namespace netfence::core {

namespace {

constexpr const char *kEntireCluster = "entire-cluster";

// One requirement as Kubernetes prints it once parsed ("a=x", "a in (x,y)", "!a"); an In
// with one value reads as an equality, so `matchLabels: {a: x}` equals `a In [x]`.
std::string requirementText(const LabelSelectorRequirement &r)
{
    std::vector<std::string> values = r.values;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    auto joined = [&] {
        std::string s;
        for (const std::string &v : values)
            s += (s.empty() ? "" : ",") + v;
        return s;
    };
    switch (r.op) {
    case SelectorOperator::In:
        return values.size() == 1 ? r.key + '=' + values[0] : r.key + " in (" + joined() + ')';
    case SelectorOperator::NotIn:
        return r.key + " notin (" + joined() + ')';
    case SelectorOperator::Exists:
        return r.key;
    case SelectorOperator::DoesNotExist:
        return '!' + r.key;
    }
    return {};
}

// A selector's requirements, normalised and sorted by key: equal texts select alike.
std::string canonical(const std::optional<LabelSelector> &selector)
{
    if (!selector) return {};
    std::vector<std::pair<std::string, std::string>> reqs;
    for (const auto &[k, v] : selector->matchLabels)
        reqs.push_back({k, k + '=' + v});
    for (const LabelSelectorRequirement &r : selector->matchExpressions)
        reqs.push_back({r.key, requirementText(r)});
    std::sort(reqs.begin(), reqs.end());
    std::string out;
    for (const auto &[k, text] : reqs)
        out += text + '\n';
    return out;
}

// A rule selector matches a representative when it is empty or states the same requirements.
bool fullMatch(const LabelSelector &rule, const std::optional<LabelSelector> &representative)
{
    return rule.isEmpty() || canonical(rule) == canonical(representative);
}

const char *operatorName(SelectorOperator op)
{
    switch (op) {
    case SelectorOperator::In:
        return "In";
    case SelectorOperator::NotIn:
        return "NotIn";
    case SelectorOperator::Exists:
        return "Exists";
    case SelectorOperator::DoesNotExist:
        return "DoesNotExist";
    }
    return "";
}

// The analyzer's own print of a selector: matchLabels as "k=v,...", then each expression in Go's
// struct form, those sorted as text.
std::string selectorText(const LabelSelector &s)
{
    std::string out;
    for (const auto &[k, v] : s.matchLabels)
        out += (out.empty() ? "" : ",") + k + '=' + v;
    std::vector<std::string> exprs;
    for (const LabelSelectorRequirement &r : s.matchExpressions) {
        std::string values;
        for (const std::string &v : r.values)
            values += (values.empty() ? "" : " ") + v;
        exprs.push_back("{Key:" + r.key + ",Operator:" + operatorName(r.op) + ",Values:[" + values +
                        "],}");
    }
    std::sort(exprs.begin(), exprs.end());
    for (const std::string &e : exprs)
        out += (out.empty() ? "" : ",") + e;
    return out;
}

ExposurePorts rulePorts(const NetworkPolicyRule &rule, const Workload *destination)
{
    ExposurePorts out;
    if (rule.ports.empty()) {
        out.numbers = ConnectionSet::all();
        return out;
    }
    for (const NetworkPolicyPort &port : rule.ports) {
        const Protocol protocol = port.effectiveProtocol();
        if (port.isNamed()) {
            if (!destination) {
                out.names.insert({protocol, port.namedPort});
                continue;
            }
            for (const ContainerPort &c : destination->ports)
                if (c.name == port.namedPort && c.protocol == protocol)
                    out.numbers.add(protocol, c.port, c.port);
        } else if (port.port) {
            out.numbers.add(protocol, *port.port, port.endPort.value_or(*port.port));
        } else {
            out.numbers.add(ConnectionSet::allOf(protocol));
        }
    }
    return out;
}

struct PolicyScan
{
    ExposurePorts clusterWide[2]; // [ingress]
};

bool selectsAllNamespaces(const NetworkPolicyPeer &peer)
{
    return peer.namespaceSelector && peer.namespaceSelector->isEmpty() &&
           (!peer.podSelector || peer.podSelector->isEmpty());
}

} // namespace

void ExposurePorts::add(const ExposurePorts &other)
{
    numbers.add(other.numbers);
    names.insert(other.names.begin(), other.names.end());
}

std::string ExposurePorts::toString() const
{
    if (names.empty()) return numbers.toString();
    std::string out;
    for (Protocol p : kAllProtocols) {
        std::string ports =
            numbers.ports(p).isEmpty() ? std::string() : numbers.ports(p).toString();
        for (const auto &[protocol, name] : names)
            if (protocol == p) ports += (ports.empty() ? "" : ",") + name;
        if (ports.empty()) continue;
        out += (out.empty() ? "" : ",") + std::string(protocolName(p)) + ' ' + ports;
    }
    return out;
}

std::string RepresentativePeer::displayName() const
{
    std::string ns;
    const auto name = namespaceSelector.matchLabels.find(kNamespaceNameLabel);
    if (namespaceSelector.matchLabels.size() == 1 && namespaceSelector.matchExpressions.empty() &&
        name != namespaceSelector.matchLabels.end())
        ns = name->second;
    else if (namespaceSelector.isEmpty())
        ns = "[all namespaces]";
    else
        ns = "[namespace with {" + selectorText(namespaceSelector) + "}]";
    const std::string pods = !podSelector || podSelector->isEmpty()
                                 ? std::string("[all pods]")
                                 : "[pod with {" + selectorText(*podSelector) + "}]";
    return ns + '/' + pods;
}

std::string RepresentativePeer::description() const
{
    const auto name = namespaceSelector.matchLabels.find(kNamespaceNameLabel);
    std::string where;
    if (namespaceSelector.matchLabels.size() == 1 && namespaceSelector.matchExpressions.empty() &&
        name != namespaceSelector.matchLabels.end())
        where = "namespace " + name->second;
    else if (namespaceSelector.isEmpty())
        where = "any namespace";
    else
        where = "any namespace with " + namespaceSelector.toString();
    const std::string pods =
        !podSelector || podSelector->isEmpty() ? std::string("any pod") : "pods " + podSelector->toString();
    return pods + " in " + where;
}

ExposureReport ExposureReport::build(const Evaluator &evaluator, const ConnectionList &list)
{
    const Cluster &cluster = evaluator.cluster();
    ExposureReport report;

    // 1. Each policy's openings to the entire cluster, and the representatives of its other
    //    selectors (one per distinct pair of normalised selectors, the first one written kept).
    std::vector<PolicyScan> scans(cluster.policies.size());
    std::map<std::string, size_t> keys;
    for (size_t p = 0; p < cluster.policies.size(); ++p) {
        const NetworkPolicy &policy = cluster.policies[p];
        for (const bool ingress : {true, false}) {
            if (ingress ? !policy.affectsIngress() : !policy.affectsEgress()) continue;
            for (const NetworkPolicyRule &rule : ingress ? policy.ingress : policy.egress) {
                std::vector<RepresentativePeer> found;
                bool wide = rule.peers.empty();
                for (const NetworkPolicyPeer &peer : rule.peers) {
                    if (peer.ipBlock) continue;
                    if (selectsAllNamespaces(peer)) {
                        // netpol-analyzer stops at such a peer: the rule's other selectors
                        // make no representatives.
                        wide = true;
                        found.clear();
                        break;
                    }
                    RepresentativePeer r;
                    if (peer.namespaceSelector) {
                        r.namespaceSelector = *peer.namespaceSelector;
                    } else {
                        r.namespaceSelector.matchLabels[kNamespaceNameLabel] = policy.namespaceName;
                        r.policyNamespace = policy.namespaceName;
                    }
                    r.podSelector = peer.podSelector;
                    found.push_back(std::move(r));
                }
                if (wide) scans[p].clusterWide[ingress].add(rulePorts(rule, nullptr));
                for (RepresentativePeer &r : found) {
                    const std::string key =
                        canonical(r.namespaceSelector) + '/' + canonical(r.podSelector);
                    if (keys.emplace(key, report.representatives.size()).second)
                        report.representatives.push_back(std::move(r));
                }
            }
        }
    }

    //    Cluster-policy rules make representatives too; their peers admitting every namespace
    //    reach the entire cluster through the tier walk below.
    for (const ClusterNetworkPolicy &policy : cluster.clusterPolicies)
        for (const auto *rules : {&policy.ingress, &policy.egress})
            for (const ClusterPolicyRule &rule : *rules)
                for (const ClusterPolicyPeer &peer : rule.peers) {
                    RepresentativePeer r;
                    if (peer.namespaces) {
                        r.namespaceSelector = *peer.namespaces;
                    } else if (peer.pods) {
                        r.namespaceSelector = peer.podNamespaces.value_or(LabelSelector{});
                        r.podSelector = *peer.pods;
                    } else {
                        continue;
                    }
                    if (r.namespaceSelector.isEmpty() && (!r.podSelector || r.podSelector->isEmpty()))
                        continue;
                    const std::string key =
                        canonical(r.namespaceSelector) + '/' + canonical(r.podSelector);
                    if (keys.emplace(key, report.representatives.size()).second)
                        report.representatives.push_back(std::move(r));
                }

    // 2. A loaded pod that plain matchLabels selectors pick stands for their representative.
    std::vector<bool> dropped(report.representatives.size(), false);
    for (size_t r = 0; r < report.representatives.size(); ++r) {
        const RepresentativePeer &rep = report.representatives[r];
        if (!rep.podSelector || !rep.podSelector->matchExpressions.empty() ||
            !rep.namespaceSelector.matchExpressions.empty() ||
            rep.namespaceSelector.matchLabels.empty() || rep.podSelector->matchLabels.empty())
            continue;
        for (const Workload &w : cluster.workloads)
            if (rep.podSelector->matches(w.labels) &&
                rep.namespaceSelector.matches(cluster.namespaceLabels(w.namespaceName))) {
                dropped[r] = true;
                break;
            }
    }

    // Each representative and the entire cluster as the tiers see them (TierWalk).
    std::vector<OutsidePeer> repPeers;
    for (const RepresentativePeer &rep : report.representatives)
        repPeers.push_back(TierWalk::representative(cluster, rep.namespaceSelector, rep.podSelector));
    const OutsidePeer anyPeer = TierWalk::representative(cluster, LabelSelector{}, std::nullopt);

    // Whether a rule peer of `policy` admits the representative (its selectors, compared).
    auto admits = [&](const NetworkPolicy &policy, const NetworkPolicyRule &rule,
                      const RepresentativePeer &rep) {
        if (rule.peers.empty()) return true;
        for (const NetworkPolicyPeer &peer : rule.peers) {
            if (peer.ipBlock) continue;
            const bool nsMatch = peer.namespaceSelector
                                     ? fullMatch(*peer.namespaceSelector, rep.namespaceSelector)
                                     : policy.namespaceName == rep.policyNamespace;
            if (nsMatch && (!peer.podSelector || fullMatch(*peer.podSelector, rep.podSelector)))
                return true;
        }
        return false;
    };

    // 3. Per workload and direction: protection, entire-cluster openings, representatives.
    std::map<std::string, std::vector<const Connection *>> fromRanges, toRanges;
    for (const Connection &c : list.connections()) {
        if (c.from.isExternal() && c.to.isWorkload())
            fromRanges[cluster.workloads[c.to.workload].displayName()].push_back(&c);
        if (c.to.isExternal() && c.from.isWorkload())
            toRanges[cluster.workloads[c.from.workload].displayName()].push_back(&c);
    }
    std::vector<std::pair<std::string, ExposureLine>> egress, ingressLines;
    for (size_t w = 0; w < cluster.workloads.size(); ++w) {
        const Workload &workload = cluster.workloads[w];
        const std::string name = workload.displayName();
        const std::vector<size_t> selecting = evaluator.policiesSelecting(w);
        bool exposed = false;
        for (const bool ingress : {false, true}) {
            auto &lines = ingress ? ingressLines : egress;
            auto add = [&](std::string peer, std::string conns, std::optional<size_t> rep,
                           std::vector<std::string> why) {
                lines.push_back({name, ExposureLine{w, ingress, std::move(peer), std::move(conns),
                                                    rep, std::move(why)}});
            };
            std::vector<size_t> policies;
            for (size_t p : selecting)
                if (ingress ? cluster.policies[p].affectsIngress()
                            : cluster.policies[p].affectsEgress())
                    policies.push_back(p);
            std::vector<size_t> tiers;
            for (size_t p : evaluator.clusterPoliciesSelecting(w))
                if (!(ingress ? cluster.clusterPolicies[p].ingress : cluster.clusterPolicies[p].egress)
                         .empty())
                    tiers.push_back(p);
            const bool isolated = !policies.empty();
            // What the tiers make of NetworkPolicy's answer `np` for one outside peer.
            auto tiered = [&](const ExposurePorts &np, const OutsidePeer &peer,
                              std::vector<std::string> *why) {
                if (tiers.empty()) return isolated ? np : ExposurePorts{ConnectionSet::all(), {}};
                const TierWalk::Result r =
                    TierWalk::walk(cluster, tiers, ingress, peer, ingress ? &workload : nullptr,
                                   isolated ? std::optional<ConnectionSet>(np.numbers) : std::nullopt);
                ExposurePorts out{r.allowed, {}};
                // A named port of an unknown peer survives where no Admin rule decided its
                // protocol's ports.
                for (const auto &named : np.names) {
                    const ConnectionSet whole = ConnectionSet::allOf(named.first);
                    if (isolated && r.handedOn.intersected(whole) == whole) out.names.insert(named);
                }
                if (why)
                    for (const TierWalk::Step &step : r.steps)
                        why->push_back(TierWalk::describe(cluster, ingress, step));
                return out;
            };
            auto networkPolicyReasons = [&](auto &&admitted, std::vector<std::string> &why) {
                for (size_t p : policies) {
                    const NetworkPolicy &policy = cluster.policies[p];
                    const auto &rules = ingress ? policy.ingress : policy.egress;
                    for (size_t i = 0; i < rules.size(); ++i)
                        if (admitted(policy, rules[i]))
                            why.push_back("NetworkPolicy " + policy.qualifiedName() + ' ' +
                                          (ingress ? "ingress" : "egress") + " rule " +
                                          std::to_string(i + 1) + ": " +
                                          rulePorts(rules[i], ingress ? &workload : nullptr).toString());
                }
            };
            auto isWide = [](const NetworkPolicy &, const NetworkPolicyRule &rule) {
                return rule.peers.empty() ||
                       std::any_of(rule.peers.begin(), rule.peers.end(), selectsAllNamespaces);
            };
            const char *direction = ingress ? "Ingress" : "Egress";
            bool inMap = false;
            if (!isolated && tiers.empty())
                report.unprotected.push_back(name + " is not protected on " + direction);
            ExposurePorts wide;
            for (size_t p : policies)
                wide.add(scans[p].clusterWide[ingress]);
            if (ingress) {
                // Named ports toward this workload become its port numbers where it has them.
                ExposurePorts converted{wide.numbers, {}};
                // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
                for (const auto &named : wide.names) {
                    const Protocol protocol = named.first;
                    const std::string &portName = named.second;
                    auto c = std::find_if(workload.ports.begin(), workload.ports.end(),
                                          [&](const ContainerPort &cp) { return cp.name == portName; });
                    if (c == workload.ports.end())
                        converted.names.insert({protocol, portName});
                    else
                        converted.numbers.add(protocol, c->port, c->port);
                }
                wide = converted;
            }
            std::vector<std::string> wideWhy;
            if (!isolated)
                wideWhy.push_back(std::string("no NetworkPolicy selects it for ") + direction);
            else
                networkPolicyReasons(isWide, wideWhy);
            wide = tiered(wide, anyPeer, &wideWhy);
            if (!wide.isEmpty()) {
                add(kEntireCluster, wide.toString(), std::nullopt, wideWhy);
                inMap = true;
            }
            if (isolated || !tiers.empty())
                for (size_t r = 0; r < report.representatives.size(); ++r) {
                    if (dropped[r]) continue;
                    const RepresentativePeer &rep = report.representatives[r];
                    auto admitted = [&](const NetworkPolicy &policy, const NetworkPolicyRule &rule) {
                        return admits(policy, rule, rep);
                    };
                    ExposurePorts conns;
                    for (size_t p : policies) {
                        const NetworkPolicy &policy = cluster.policies[p];
                        for (const NetworkPolicyRule &rule :
                             ingress ? policy.ingress : policy.egress)
                            if (admitted(policy, rule))
                                conns.add(rulePorts(rule, ingress ? &workload : nullptr));
                    }
                    const ExposurePorts npConns = conns;
                    conns = tiered(conns, repPeers[r], nullptr);
                    if (wide.isEmpty() ? conns.isEmpty() : conns == wide) continue;
                    // The reasons only for the lines listed.
                    std::vector<std::string> why;
                    if (!isolated)
                        why.push_back(std::string("no NetworkPolicy selects it for ") + direction);
                    else
                        networkPolicyReasons(admitted, why);
                    tiered(npConns, repPeers[r], &why);
                    add(rep.displayName(), conns.toString(), r, why);
                    inMap = true;
                }
            exposed = exposed || inMap;
        }
        if (exposed) report.exposedWorkloads.push_back(w);
    }
    // External ranges, as in the connectivity list, for the workloads listed.
    for (size_t w : report.exposedWorkloads) {
        const std::string name = cluster.workloads[w].displayName();
        for (const Connection *c : toRanges[name])
            egress.push_back({name, ExposureLine{w, false, c->to.displayName(cluster),
                                                 c->connections.toString(), std::nullopt, {}}});
        for (const Connection *c : fromRanges[name])
            ingressLines.push_back({name, ExposureLine{w, true, c->from.displayName(cluster),
                                                       c->connections.toString(), std::nullopt, {}}});
    }
    for (auto *lines : {&egress, &ingressLines}) {
        std::stable_sort(lines->begin(), lines->end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first < b.first : a.second.peer < b.second.peer;
        });
        for (auto &[name, line] : *lines)
            (lines == &egress ? report.egress : report.ingress).push_back(std::move(line));
    }
    std::sort(report.unprotected.begin(), report.unprotected.end());
    return report;
}

std::string ExposureReport::text(const Evaluator &evaluator, const ConnectionList &list) const
{
    const Cluster &cluster = evaluator.cluster();
    std::string out = ConnectionListWriter::write(ListFormat::Txt, evaluator, list);
    if (!out.empty()) out += '\n';
    out += "Exposure Analysis Result:\n";
    size_t width = 0;
    for (size_t w : exposedWorkloads)
        width = std::max(width, cluster.workloads[w].displayName().size());
    auto lineText = [&](const ExposureLine &l) {
        std::string name = cluster.workloads[l.workload].displayName();
        name.resize(std::max(width, name.size()), ' ');
        return name + " \t" + (l.ingress ? "<=" : "=>") + " \t" + l.peer + " : " + l.connections +
               '\n';
    };
    if (!egress.empty()) {
        out += "Egress Exposure:\n";
        for (const ExposureLine &l : egress)
            out += lineText(l);
    }
    if (!ingress.empty()) {
        out += egress.empty() ? "Ingress Exposure:\n" : "\nIngress Exposure:\n";
        for (const ExposureLine &l : ingress)
            out += lineText(l);
    }
    if (!unprotected.empty()) {
        out += "\nWorkloads not protected by network policies:\n";
        for (const std::string &u : unprotected)
            out += u + '\n';
    }
    return out;
}

std::string ExposureReport::json(const Evaluator &evaluator, const ConnectionList &list) const
{
    const Cluster &cluster = evaluator.cluster();
    std::string connlist = ConnectionListWriter::write(ListFormat::Json, evaluator, list);
    while (!connlist.empty() && connlist.back() == '\n')
        connlist.pop_back();
    JsonWriter out;
    out.beginObject();
    for (const bool ingressSide : {false, true}) {
        out.key(ingressSide ? "ingress" : "egress");
        out.beginArray();
        for (const ExposureLine &l : ingressSide ? ingress : egress) {
            const std::string name = cluster.workloads[l.workload].displayName();
            out.beginObject();
            out.key("src");
            out.value(ingressSide ? l.peer : name);
            out.key("dst");
            out.value(ingressSide ? name : l.peer);
            out.key("conn");
            out.value(l.connections);
            out.endObject();
        }
        out.endArray();
    }
    out.key("unprotected");
    out.beginArray();
    for (const std::string &u : unprotected)
        out.value(u);
    out.endArray();
    out.endObject();
    return "{\"connlist\": " + connlist + ",\n\"exposure\": " + out.text() + "}\n";
}

} // namespace netfence::core
