#include "core/linter.h"

#include "core/externalpartition.h"
#include "core/mistakedetector.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace netfence::core {

// The cluster's namespaces (declared or holding workloads, sorted) and each one's workloads in
// index order: the lint asks for them per peer, and scanning 100,000 workloads each time was
// most of a big cluster's lint.
struct LintNamespaces
{
    explicit LintNamespaces(const Cluster &c) : cluster(c)
    {
        std::set<std::string> all;
        for (const Namespace &ns : c.namespaces)
            all.insert(ns.name);
        for (size_t w = 0; w < c.workloads.size(); ++w) {
            auto [it, inserted] = workloads.try_emplace(c.workloads[w].namespaceName);
            if (inserted) all.insert(c.workloads[w].namespaceName);
            it->second.push_back(w);
        }
        names.assign(all.begin(), all.end());
    }
    const std::vector<size_t> &workloadsIn(const std::string &ns) const
    {
        static const std::vector<size_t> none;
        auto it = workloads.find(ns);
        return it != workloads.end() ? it->second : none;
    }

    const Cluster &cluster;
    std::vector<std::string> names;
    std::unordered_map<std::string, std::vector<size_t>> workloads;
};

namespace {

std::string join(const std::vector<std::string> &items, size_t most = 4)
{
    std::string out;
    for (size_t i = 0; i < items.size() && i < most; ++i)
        out += (i ? ", " : "") + items[i];
    if (items.size() > most) out += " and " + std::to_string(items.size() - most) + " more";
    return out;
}

std::string policyObject(const NetworkPolicy &p)
{
    return "NetworkPolicy " + p.qualifiedName();
}

std::string workloadObject(const Workload &w)
{
    return w.kind + ' ' + w.qualifiedName();
}

std::string ruleName(const NetworkPolicy &p, PolicyType direction, size_t rule)
{
    return p.qualifiedName() + (direction == PolicyType::Ingress ? " ingress[" : " egress[") +
           std::to_string(rule) + ']';
}

const std::vector<NetworkPolicyRule> &rulesOf(const NetworkPolicy &p, PolicyType direction)
{
    return direction == PolicyType::Ingress ? p.ingress : p.egress;
}

// The namespaces a peer looks in: its namespaceSelector's, else the policy's own.
std::vector<std::string> peerScope(const LintNamespaces &namespaces, const NetworkPolicy &policy,
                                   const NetworkPolicyPeer &peer)
{
    if (!peer.namespaceSelector) return {policy.namespaceName};
    std::vector<std::string> out;
    for (const std::string &ns : namespaces.names)
        if (peer.namespaceSelector->matches(namespaces.cluster.namespaceLabels(ns)))
            out.push_back(ns);
    return out;
}

bool inScope(const std::vector<std::string> &scope, const std::string &ns)
{
    return std::find(scope.begin(), scope.end(), ns) != scope.end();
}

// Workloads in `scope` that `selector` (absent: every pod) matches, in index order.
std::vector<size_t> podsIn(const LintNamespaces &namespaces, const std::vector<std::string> &scope,
                           const std::optional<LabelSelector> &selector)
{
    std::vector<size_t> out;
    for (const std::string &ns : scope)
        for (size_t w : namespaces.workloadsIn(ns))
            if (!selector || selector->matches(namespaces.cluster.workloads[w].labels))
                out.push_back(w);
    if (scope.size() > 1) std::sort(out.begin(), out.end());
    return out;
}

// Whether every namespace of the scope holds loaded pods: a namespace without any (kube-system
// when only the application is loaded) may run the pods a selector means.
bool podsLoadedIn(const LintNamespaces &namespaces, const std::vector<std::string> &scope)
{
    if (scope.empty()) return false;
    for (const std::string &ns : scope)
        if (namespaces.workloadsIn(ns).empty()) return false;
    return true;
}

// A rule whose every peer selects nothing that is loaded (the selector findings say why).
bool admitsNothing(const LintNamespaces &namespaces, const NetworkPolicy &policy,
                   const NetworkPolicyRule &rule)
{
    if (rule.peers.empty()) return false;
    for (const NetworkPolicyPeer &peer : rule.peers) {
        if (peer.ipBlock) return false;
        if (!podsIn(namespaces, peerScope(namespaces, policy, peer), peer.podSelector).empty())
            return false;
    }
    return true;
}

std::vector<std::string> workloadNames(const Cluster &cluster, const std::vector<size_t> &ws)
{
    std::vector<std::string> out;
    for (size_t w : ws)
        out.push_back(cluster.workloads[w].qualifiedName());
    return out;
}

bool isWholeFamily(const IPBlock &block)
{
    return block.except.empty() && block.cidrRange == IPRange::whole(block.cidrRange.family);
}

bool allowsDns(const NetworkPolicyRule &rule)
{
    if (rule.ports.empty()) return true;
    for (const NetworkPolicyPort &port : rule.ports) {
        if (port.effectiveProtocol() != Protocol::UDP) continue;
        if (port.isNamed() || !port.port) // a named port may be a DNS port; no port: all ports
            return true;
        if (*port.port <= 53 && port.endPort.value_or(*port.port) >= 53) return true;
    }
    return false;
}

// The hint MistakeDetector gives at `where` that mentions `text`, for the fix.
std::string detectorHint(const std::vector<MistakeHint> &hints, const SourceLocation &where,
                         const std::string &text)
{
    for (const MistakeHint &h : hints)
        if (h.location.file == where.file && h.location.line == where.line &&
            h.hint.find(text) != std::string::npos)
            return h.hint;
    return {};
}

// The hint's advice: what follows its first sentence (the finding says the first itself).
std::string afterFirstSentence(const std::string &hint)
{
    const size_t end = hint.find(". ");
    return end == std::string::npos ? std::string() : hint.substr(end + 2);
}

// The advice in a detector hint: its "did you mean" guess, else what follows its first
// sentence, else `generic`.
std::string fixFrom(const std::string &hint, const std::string &generic)
{
    if (const size_t guess = hint.find("did you mean"); guess != std::string::npos) {
        const size_t end = hint.find('?', guess);
        if (end != std::string::npos) return "D" + hint.substr(guess + 1, end - guess);
    }
    const std::string rest = afterFirstSentence(hint);
    return rest.empty() ? generic : rest;
}

} // namespace

Linter::Linter(const Evaluator &evaluator, LintOptions options)
    : mEvaluator(evaluator), mOptions(options),
      mNamespaces(std::make_unique<const LintNamespaces>(evaluator.cluster()))
{
    const Cluster &cluster = evaluator.cluster();
    mSelected.resize(cluster.policies.size());
    for (size_t w = 0; w < cluster.workloads.size(); ++w)
        for (size_t p : evaluator.policiesSelecting(w))
            mSelected[p].push_back(w);
}

Linter::~Linter() = default;

std::vector<LintFinding> Linter::run() const
{
    std::vector<LintFinding> out;
    for (void (Linter::*rule)(std::vector<LintFinding> &) const :
         {&Linter::selectors, &Linter::dns, &Linter::ports, &Linter::ipBlocks, &Linter::unfencedNamespaces,
          &Linter::hostNetwork, &Linter::redundancy}) {
        if (cancelled())
            break;
        (this->*rule)(out);
    }
    std::stable_sort(out.begin(), out.end(), [](const LintFinding &a, const LintFinding &b) {
        if (a.location.file != b.location.file) return a.location.file < b.location.file;
        if (a.location.line != b.location.line) return a.location.line < b.location.line;
        return a.id < b.id;
    });
    return out;
}

void Linter::selectors(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    const MistakeDetector detector(mEvaluator);
    std::vector<MistakeHint> hints = detector.selectors(MistakeKind::SelectorSelectsNothing);
    for (MistakeHint &h : detector.selectors(MistakeKind::SelectorInWrongNamespace))
        hints.push_back(std::move(h));
    const bool anyPods = !cluster.workloads.empty();
    const bool anyNamespaces = !mNamespaces->names.empty();

    for (size_t p = 0; p < cluster.policies.size(); ++p) {
        const NetworkPolicy &policy = cluster.policies[p];
        if (anyPods && mSelected[p].empty()) {
            const std::string fix =
                fixFrom(detectorHint(hints, policy.location, policy.qualifiedName()),
                        "Check the podSelector against the labels of the pods it is meant for, "
                        "and that metadata.namespace is theirs.");
            out.push_back({"policy-selects-no-pod",
                           LintSeverity::Warning,
                           policy.location,
                           {policyObject(policy)},
                           policy.qualifiedName() + "'s podSelector " +
                               policy.podSelector.toString() + " selects no pod in namespace " +
                               policy.namespaceName + ", so the policy has no effect.",
                           fix});
        }
        for (PolicyType direction : {PolicyType::Ingress, PolicyType::Egress}) {
            const auto &rules = rulesOf(policy, direction);
            for (size_t r = 0; r < rules.size(); ++r) {
                const NetworkPolicyRule &rule = rules[r];
                const std::string name = ruleName(policy, direction, r);
                const char *list = direction == PolicyType::Ingress ? "from" : "to";
                // OR written for AND: "- namespaceSelector: X" and "- podSelector: Y" as two
                // items, where Y matches nothing at home but does match pods in X.
                std::set<size_t> mixedUp;
                for (size_t i = 0; anyPods && i < rule.peers.size(); ++i) {
                    const NetworkPolicyPeer &pods = rule.peers[i];
                    if (!pods.podSelector || pods.namespaceSelector || pods.ipBlock ||
                        pods.podSelector->isEmpty())
                        continue;
                    if (!podsIn(*mNamespaces, {policy.namespaceName}, pods.podSelector).empty())
                        continue;
                    for (size_t j = 0; j < rule.peers.size(); ++j) {
                        const NetworkPolicyPeer &ns = rule.peers[j];
                        if (!ns.namespaceSelector || ns.podSelector || ns.ipBlock) continue;
                        const auto scope = peerScope(*mNamespaces, policy, ns);
                        const auto meant = podsIn(*mNamespaces, scope, pods.podSelector);
                        if (meant.empty()) continue;
                        mixedUp.insert(i);
                        out.push_back(
                            {"and-or-mixup",
                             LintSeverity::Error,
                             rule.location,
                             {policyObject(policy)},
                             name + " lists namespaceSelector " + ns.namespaceSelector->toString() +
                                 " and podSelector " + pods.podSelector->toString() + " as two " +
                                 list +
                                 " items (either one admits), but the "
                                 "podSelector matches no pod of " +
                                 policy.namespaceName + " and does match " +
                                 join(workloadNames(cluster, meant)) +
                                 " in the selected namespaces, so they were probably meant as one "
                                 "peer.",
                             "Remove the '-' before podSelector so both selectors are in one "
                             "item: then only pods that match both are admitted, and no longer "
                             "every pod of the selected namespaces."});
                        break;
                    }
                }
                for (size_t i = 0; i < rule.peers.size(); ++i) {
                    const NetworkPolicyPeer &peer = rule.peers[i];
                    if (peer.ipBlock) continue;
                    const auto scope = peerScope(*mNamespaces, policy, peer);
                    if (peer.namespaceSelector && scope.empty()) {
                        if (!anyNamespaces) continue;
                        const std::string fix = fixFrom(
                            detectorHint(hints, rule.location, peer.namespaceSelector->toString()),
                            "Check the labels: every namespace carries " +
                                std::string(kNamespaceNameLabel) +
                                "=<name>; other labels only when someone sets them.");
                        out.push_back({"namespace-selector-selects-no-namespace",
                                       LintSeverity::Warning,
                                       rule.location,
                                       {policyObject(policy)},
                                       "The namespaceSelector " +
                                           peer.namespaceSelector->toString() + " of " + name +
                                           " selects no namespace, so this peer admits nothing.",
                                       fix});
                        continue;
                    }
                    if (!anyPods || mixedUp.count(i) || !podsLoadedIn(*mNamespaces, scope) ||
                        !podsIn(*mNamespaces, scope, peer.podSelector).empty())
                        continue;
                    // AND written for OR: one item with both selectors that together match
                    // nothing, while the podSelector alone matches pods at home.
                    if (peer.namespaceSelector && peer.podSelector &&
                        !inScope(scope, policy.namespaceName)) {
                        const auto home = podsIn(*mNamespaces, {policy.namespaceName}, peer.podSelector);
                        if (!home.empty()) {
                            out.push_back(
                                {"and-or-mixup",
                                 LintSeverity::Error,
                                 rule.location,
                                 {policyObject(policy)},
                                 name + " has namespaceSelector " +
                                     peer.namespaceSelector->toString() + " and podSelector " +
                                     peer.podSelector->toString() + " in one " + list +
                                     " item (both must match), which matches no "
                                     "pod, while the podSelector alone matches " +
                                     join(workloadNames(cluster, home)) + " in " +
                                     policy.namespaceName + ".",
                                 "If either one should admit, write them as two items (a '-' "
                                 "before podSelector); if both must match, fix the labels."});
                            continue;
                        }
                    }
                    const std::string selector =
                        peer.podSelector ? peer.podSelector->toString() : std::string("{}");
                    const std::string fix =
                        fixFrom(detectorHint(hints, rule.location, selector),
                                "Check the podSelector against the labels of the pods it is "
                                "meant for.");
                    out.push_back({"peer-selects-no-pod",
                                   LintSeverity::Warning,
                                   rule.location,
                                   {policyObject(policy)},
                                   "The podSelector " + selector + " of " + name +
                                       " selects no pod in " + join(scope) +
                                       ", so this peer admits nothing.",
                                   fix});
                }
            }
        }
    }
}

void Linter::dns(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    std::vector<std::string> servers;
    for (const Workload &w : cluster.workloads)
        for (const ContainerPort &p : w.ports)
            if (p.port == 53 && p.protocol == Protocol::UDP) {
                servers.push_back(w.qualifiedName());
                break;
            }
    // Grouped by the first policy that isolates the pods for egress.
    std::map<size_t, std::vector<size_t>> byPolicy;
    for (size_t w = 0; w < cluster.workloads.size(); ++w) {
        if (!mEvaluator.isolatedForEgress(w)) continue;
        const Workload &workload = cluster.workloads[w];
        if (std::any_of(workload.ports.begin(), workload.ports.end(),
                        [](const ContainerPort &p) { return p.port == 53; }))
            continue; // a DNS server itself
        std::optional<size_t> first;
        bool resolves = false;
        for (size_t p : mEvaluator.policiesSelecting(w)) {
            const NetworkPolicy &policy = cluster.policies[p];
            if (!policy.affectsEgress()) continue;
            first = first ? first : p;
            for (const NetworkPolicyRule &rule : policy.egress)
                resolves = resolves || allowsDns(rule);
        }
        if (!resolves && first) byPolicy[*first].push_back(w);
    }
    for (const auto &[p, workloads] : byPolicy) {
        const NetworkPolicy &policy = cluster.policies[p];
        std::vector<std::string> objects{policyObject(policy)};
        for (size_t w : workloads)
            objects.push_back(workloadObject(cluster.workloads[w]));
        out.push_back(
            {"egress-without-dns", LintSeverity::Warning, policy.location, objects,
             join(workloadNames(cluster, workloads)) + (workloads.size() == 1 ? " is" : " are") +
                 " isolated for egress by " + policy.qualifiedName() + " and no egress rule lets " +
                 (workloads.size() == 1 ? "it" : "them") +
                 " send DNS queries (UDP/53), so every connection made by a Service name fails.",
             "Add an egress rule allowing UDP and TCP port 53 to the cluster DNS (" +
                 (servers.empty() ? std::string("namespaceSelector kubernetes.io/metadata.name="
                                                "kube-system with podSelector k8s-app=kube-dns")
                                  : join(servers)) +
                 ")."});
    }
}

void Linter::ports(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    for (size_t p = 0; p < cluster.policies.size(); ++p) {
        const NetworkPolicy &policy = cluster.policies[p];
        for (PolicyType direction : {PolicyType::Ingress, PolicyType::Egress}) {
            const auto &rules = rulesOf(policy, direction);
            for (size_t r = 0; r < rules.size(); ++r) {
                const NetworkPolicyRule &rule = rules[r];
                // The pods the ports are about: the selected pods for ingress, the peers'
                // pods for egress (every pod when the rule names no peer).
                std::vector<size_t> targets;
                bool onlyPods = true;
                if (direction == PolicyType::Ingress) {
                    targets = mSelected[p];
                } else if (rule.peers.empty()) {
                    for (size_t w = 0; w < cluster.workloads.size(); ++w)
                        targets.push_back(w);
                    onlyPods = false; // addresses outside count too
                } else {
                    std::set<size_t> found;
                    for (const NetworkPolicyPeer &peer : rule.peers) {
                        if (peer.ipBlock) {
                            onlyPods = false;
                            continue;
                        }
                        for (size_t w :
                             podsIn(*mNamespaces, peerScope(*mNamespaces, policy, peer), peer.podSelector))
                            found.insert(w);
                    }
                    targets.assign(found.begin(), found.end());
                }
                if (targets.empty()) continue;
                const std::string name = ruleName(policy, direction, r);
                for (const NetworkPolicyPort &port : rule.ports) {
                    const Protocol protocol = port.effectiveProtocol();
                    if (port.isNamed()) {
                        bool declared = false;
                        std::vector<std::string> otherProtocol;
                        for (size_t w : targets)
                            for (const ContainerPort &c : cluster.workloads[w].ports)
                                if (c.name == port.namedPort) {
                                    if (c.protocol == protocol)
                                        declared = true;
                                    else
                                        otherProtocol.push_back(
                                            cluster.workloads[w].qualifiedName() + " (" +
                                            std::string(protocolName(c.protocol)) + ')');
                                }
                        if (declared) continue;
                        out.push_back(
                            {"named-port-undeclared",
                             LintSeverity::Error,
                             rule.location,
                             {policyObject(policy)},
                             "The named port " + port.namedPort + '/' +
                                 std::string(protocolName(protocol)) + " of " + name +
                                 " is declared by none of " +
                                 join(workloadNames(cluster, targets)) +
                                 (otherProtocol.empty()
                                      ? std::string()
                                      : " with that protocol (" + join(otherProtocol) +
                                            " declare it for another)") +
                                 ", so this port matches nothing.",
                             otherProtocol.empty()
                                 ? "Use the containerPort name the pods declare (ports[].name), "
                                   "or the port number."
                                 : "Set the rule's protocol to the one the pods declare."});
                        continue;
                    }
                    if (!port.port || !onlyPods) continue;
                    const int first = *port.port;
                    const int last = port.endPort.value_or(first);
                    bool allDeclare = true, exposed = false;
                    for (size_t w : targets) {
                        const auto &declared = cluster.workloads[w].ports;
                        allDeclare = allDeclare && !declared.empty();
                        for (const ContainerPort &c : declared)
                            exposed = exposed ||
                                      (c.protocol == protocol && c.port >= first && c.port <= last);
                    }
                    if (!allDeclare || exposed) continue;
                    out.push_back(
                        {"port-not-exposed",
                         LintSeverity::Warning,
                         rule.location,
                         {policyObject(policy)},
                         name + " allows " + port.toString() + ", which none of " +
                             join(workloadNames(cluster, targets)) +
                             " exposes (their containerPorts list other ports).",
                         "Allow the port the containers listen on, or add it to their ports if "
                         "they really listen there."});
                }
            }
        }
    }
}

void Linter::ipBlocks(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    const std::vector<MistakeHint> hints = MistakeDetector(mEvaluator).ipBlocksForPods();
    for (size_t p = 0; p < cluster.policies.size(); ++p) {
        const NetworkPolicy &policy = cluster.policies[p];
        for (PolicyType direction : {PolicyType::Ingress, PolicyType::Egress}) {
            const auto &rules = rulesOf(policy, direction);
            for (size_t r = 0; r < rules.size(); ++r) {
                const NetworkPolicyRule &rule = rules[r];
                const std::string name = ruleName(policy, direction, r);
                for (const NetworkPolicyPeer &peer : rule.peers) {
                    if (!peer.ipBlock) continue;
                    // Blocks meant for pods: the detector's test (private addresses only).
                    const std::string hint =
                        detectorHint(hints, rule.location, "ipBlock " + peer.ipBlock->cidr + ' ');
                    if (!hint.empty()) {
                        std::vector<std::string> hits;
                        for (const Workload &w : cluster.workloads)
                            if (std::any_of(w.ips.begin(), w.ips.end(), [&](const IPAddress &ip) {
                                    return peer.ipBlock->contains(ip);
                                }))
                                hits.push_back(w.qualifiedName());
                        out.push_back({"ipblock-covers-pods",
                                       LintSeverity::Warning,
                                       rule.location,
                                       {policyObject(policy)},
                                       "The ipBlock " + peer.ipBlock->cidr + " of " + name +
                                           " covers the addresses of pods (" + join(hits) +
                                           "), which change whenever a pod is recreated.",
                                       afterFirstSentence(hint)});
                    }
                    if (direction != PolicyType::Ingress || !isWholeFamily(*peer.ipBlock)) continue;
                    // 0.0.0.0/0 to pods that other rules admit more narrowly.
                    std::vector<std::string> narrower;
                    std::set<std::string> objects{policyObject(policy)};
                    for (size_t w : mSelected[p])
                        for (size_t q : mEvaluator.policiesSelecting(w)) {
                            const NetworkPolicy &other = cluster.policies[q];
                            if (!other.affectsIngress()) continue;
                            for (size_t k = 0; k < other.ingress.size(); ++k) {
                                const auto &peers = other.ingress[k].peers;
                                if ((q == p && k == r) || peers.empty() ||
                                    std::any_of(peers.begin(), peers.end(), [](const auto &x) {
                                        return x.ipBlock && isWholeFamily(*x.ipBlock);
                                    }))
                                    continue;
                                const std::string n = ruleName(other, PolicyType::Ingress, k);
                                if (std::find(narrower.begin(), narrower.end(), n) ==
                                    narrower.end()) {
                                    narrower.push_back(n);
                                    objects.insert(policyObject(other));
                                }
                            }
                        }
                    if (narrower.empty()) continue;
                    out.push_back(
                        {"open-ingress-beside-narrower-rules",
                         LintSeverity::Warning,
                         rule.location,
                         {objects.begin(), objects.end()},
                         name + " admits every address (" + peer.ipBlock->cidr + ") to " +
                             join(workloadNames(cluster, mSelected[p])) +
                             ", which also have narrower ingress rules (" + join(narrower) +
                             ") that then restrict nothing on the ports it opens.",
                         "If the narrower rules state the intent, narrow " + peer.ipBlock->cidr +
                             " to the addresses that need access (a load balancer's range); if "
                             "the pods are public on purpose, drop the narrower rules."});
                }
            }
        }
    }
}

void Linter::unfencedNamespaces(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    std::set<std::string> withPolicies, denying;
    for (const NetworkPolicy &p : cluster.policies) {
        withPolicies.insert(p.namespaceName);
        if (p.podSelector.isEmpty() &&
            ((p.affectsIngress() && p.ingress.empty()) || (p.affectsEgress() && p.egress.empty())))
            denying.insert(p.namespaceName);
    }
    if (denying.empty()) return;
    std::map<std::string, const Workload *> firstPod;
    for (const Workload &w : cluster.workloads)
        firstPod.emplace(w.namespaceName, &w);
    for (const auto &[ns, pod] : firstPod) {
        if (withPolicies.count(ns)) continue;
        const Namespace *declared = cluster.findNamespace(ns);
        const SourceLocation where =
            declared && declared->location.line > 0 ? declared->location : pod->location;
        out.push_back({"unfenced-namespace",
                       LintSeverity::Warning,
                       where,
                       {"Namespace " + ns},
                       "Namespace " + ns + " has no NetworkPolicy while " +
                           join({denying.begin(), denying.end()}) +
                           " deny traffic by default, so every pod of " + ns +
                           " accepts and sends anything.",
                       "Add a default deny to " + ns +
                           " (podSelector: {}, policyTypes: [Ingress, Egress]) and allow what "
                           "its pods need, or say in a policy that it is open on purpose."});
    }
}

void Linter::hostNetwork(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    for (size_t w = 0; w < cluster.workloads.size(); ++w) {
        const Workload &workload = cluster.workloads[w];
        if (!workload.hostNetwork) continue;
        const std::vector<size_t> policies = mEvaluator.policiesSelecting(w);
        if (policies.empty()) continue;
        std::vector<std::string> objects{workloadObject(workload)}, names;
        for (size_t p : policies) {
            objects.push_back(policyObject(cluster.policies[p]));
            names.push_back(cluster.policies[p].qualifiedName());
        }
        out.push_back({"host-network-pod-selected", LintSeverity::Warning, workload.location,
                       objects,
                       workload.qualifiedName() +
                           " uses the node's network (hostNetwork) and is "
                           "selected by " +
                           join(names) +
                           "; Kubernetes leaves policies on such pods undefined and most network "
                           "plugins do not enforce them.",
                       "Do not rely on these policies for " + workload.qualifiedName() +
                           ": take it off hostNetwork, or protect the node with host firewall "
                           "rules."});
    }
}

void Linter::redundancy(std::vector<LintFinding> &out) const
{
    const Cluster &cluster = mEvaluator.cluster();
    if (cluster.workloads.empty()) return;
    size_t budget = mOptions.redundancyBudget, skipped = 0;
    // One evaluator over a working copy, edited in place and told so: only the classes an
    // edit touches are evaluated again and compared. Workloads never change, so workload i
    // is the same pod in both; its traffic to itself (between replicas) counts too.
    Cluster work = cluster;
    Evaluator edited(work, mEvaluator.options());
    edited.evaluateAll(1);
    const std::vector<IPRange> sources = ExternalPartition::sources(cluster);
    const std::vector<IPRange> destinations = ExternalPartition::destinations(cluster);
    auto sameRow = [&](size_t w) {
        const Endpoint from = Endpoint::ofWorkload(w);
        for (size_t v = 0; v < cluster.workloads.size(); ++v)
            if (mEvaluator.allowed(from, Endpoint::ofWorkload(v)) !=
                edited.allowed(from, Endpoint::ofWorkload(v)))
                return false;
        for (const IPRange &d : destinations)
            if (mEvaluator.allowed(from, Endpoint::ofRange(d)) !=
                edited.allowed(from, Endpoint::ofRange(d)))
                return false;
        return true;
    };
    auto sameColumn = [&](size_t w) {
        const Endpoint to = Endpoint::ofWorkload(w);
        for (size_t v = 0; v < cluster.workloads.size(); ++v)
            if (mEvaluator.allowed(Endpoint::ofWorkload(v), to) !=
                edited.allowed(Endpoint::ofWorkload(v), to))
                return false;
        for (const IPRange &s : sources)
            if (mEvaluator.allowed(Endpoint::ofRange(s), to) !=
                edited.allowed(Endpoint::ofRange(s), to))
                return false;
        return true;
    };
    // Every pair an update may have changed, judged on the original's (finest) ranges.
    auto unchanged = [&](const EvaluatorUpdate &update) {
        if (update.everything) {
            for (size_t w = 0; w < cluster.workloads.size(); ++w)
                if (!sameRow(w)) return false;
            return true;
        }
        for (size_t c : update.sourceClasses)
            if (!edited.workloadsOf(c).empty() && !sameRow(edited.workloadsOf(c).front()))
                return false;
        for (size_t c : update.destinationClasses)
            if (!edited.workloadsOf(c).empty() && !sameColumn(edited.workloadsOf(c).front()))
                return false;
        return true;
    };
    for (size_t p = 0; p < cluster.policies.size(); ++p) {
        const NetworkPolicy &policy = cluster.policies[p];
        if (mSelected[p].empty()) continue; // policy-selects-no-pod says it already
        if (cancelled())
            return;
        if (budget == 0) {
            skipped += 1 + policy.ingress.size() + policy.egress.size();
            continue;
        }
        --budget;
        work.policies.erase(work.policies.begin() + static_cast<long>(p));
        const bool noEffect = unchanged(edited.policyRemoved(p));
        work.policies.insert(work.policies.begin() + static_cast<long>(p), policy);
        edited.policyAdded(p);
        if (noEffect) {
            out.push_back({"policy-without-effect",
                           LintSeverity::Warning,
                           policy.location,
                           {policyObject(policy)},
                           "Removing " + policy.qualifiedName() +
                               " changes no connection: other policies already isolate " +
                               join(workloadNames(cluster, mSelected[p])) +
                               " and allow everything it allows.",
                           "Delete it, or fix it if it was meant to allow or isolate more."});
            continue;
        }
        for (PolicyType direction : {PolicyType::Ingress, PolicyType::Egress}) {
            const auto &rules = rulesOf(policy, direction);
            for (size_t r = 0; r < rules.size(); ++r) {
                if (admitsNothing(*mNamespaces, policy, rules[r]))
                    continue; // peer-selects-no-pod or the namespace rule says it already
                if (budget == 0) {
                    ++skipped;
                    continue;
                }
                --budget;
                NetworkPolicy fewer = policy;
                // Without the rule the policy must still isolate as before.
                fewer.policyTypes.clear();
                if (policy.affectsIngress()) fewer.policyTypes.push_back(PolicyType::Ingress);
                if (policy.affectsEgress()) fewer.policyTypes.push_back(PolicyType::Egress);
                auto &fewerRules = direction == PolicyType::Ingress ? fewer.ingress : fewer.egress;
                fewerRules.erase(fewerRules.begin() + static_cast<long>(r));
                work.policies[p] = fewer;
                const bool redundant = unchanged(edited.policyChanged(p));
                work.policies[p] = policy;
                edited.policyChanged(p);
                if (!redundant) continue;
                // Name a rule that allows the same thing, found through an explanation.
                std::string other;
                std::vector<Endpoint> peers;
                for (size_t w = 0; w < cluster.workloads.size(); ++w)
                    peers.push_back(Endpoint::ofWorkload(w));
                for (const IPRange &range : direction == PolicyType::Ingress
                                                ? ExternalPartition::sources(cluster)
                                                : ExternalPartition::destinations(cluster))
                    peers.push_back(Endpoint::ofRange(range));
                for (size_t t : mSelected[p]) {
                    for (const Endpoint &e : peers) {
                        const Endpoint self = Endpoint::ofWorkload(t);
                        const Explanation x = direction == PolicyType::Ingress
                                                  ? mEvaluator.explain(e, self)
                                                  : mEvaluator.explain(self, e);
                        const SideExplanation &side =
                            direction == PolicyType::Ingress ? x.ingress : x.egress;
                        const bool mine = std::any_of(
                            side.allowingRules.begin(), side.allowingRules.end(),
                            [&](const RuleMatch &m) { return m.policy == p && m.ruleIndex == r; });
                        if (!mine) continue;
                        for (const RuleMatch &m : side.allowingRules)
                            if (!(m.policy == p && m.ruleIndex == r)) {
                                other =
                                    ruleName(cluster.policies[m.policy], direction, m.ruleIndex);
                                break;
                            }
                        if (!other.empty()) break;
                    }
                    if (!other.empty()) break;
                }
                const NetworkPolicyRule &rule = rules[r];
                out.push_back(
                    {"redundant-rule",
                     LintSeverity::Note,
                     rule.location,
                     {policyObject(policy)},
                     "Removing " + ruleName(policy, direction, r) + " changes no connection: " +
                         (other.empty() ? std::string("what it allows is allowed by other rules or "
                                                      "refused by the other side anyway.")
                                        : "what it allows is allowed by other rules too (such as " +
                                              other + ")."),
                     "Delete the rule, or narrow the other rules if this one states the "
                     "intent."});
            }
        }
    }
    if (skipped > 0) {
        LintFinding note{"redundancy-check-limited",
                         LintSeverity::Note,
                         {},
                         {},
                         "The redundancy checks stopped after " +
                             std::to_string(mOptions.redundancyBudget) + " evaluations; " +
                             std::to_string(skipped) + " policies and rules were not checked.",
                         "Lint smaller parts of the input to check them all."};
        out.push_back(note);
    }
}

} // namespace netfence::core
