#include "core/mistakedetector.h"

#include "core/peermistakes.h"
#include "core/spelling.h"

#include <algorithm>
#include <set>

namespace netfence::core {

namespace {

std::string labelText(const Labels &labels)
{
    std::string out;
    for (const auto &[k, v] : labels)
        out += (out.empty() ? "" : ",") + k + '=' + v;
    return out;
}

std::string list(const std::vector<std::string> &items, size_t most = 4)
{
    std::string out;
    for (size_t i = 0; i < items.size() && i < most; ++i)
        out += (i ? ", " : "") + items[i];
    if (items.size() > most)
        out += " and " + std::to_string(items.size() - most) + " more";
    return out;
}

std::string policyNames(const Cluster &cluster, const std::vector<size_t> &policies)
{
    std::vector<std::string> names;
    for (size_t p : policies)
        names.push_back(cluster.policies[p].qualifiedName());
    return list(names);
}

// The name a lab uses: "internet" for the address that stands for it.
std::string labName(const Cluster &cluster, const Endpoint &e)
{
    const std::string name = e.shortName(cluster);
    return name == kInternetAddress ? std::string(kInternetWord) : name;
}

// How a rule of `self`'s policy names `other`, in a policy's own words.
std::string peerFor(const Cluster &cluster, const Endpoint &self, const Endpoint &other)
{
    if (other.isExternal())
        return labName(cluster, other) == kInternetWord
                   ? std::string("an ipBlock such as 0.0.0.0/0 (except the private ranges)")
                   : "an ipBlock covering " + other.shortName(cluster);
    const Workload &w = cluster.workloads[other.workload];
    std::string out = "a podSelector matching " + labelText(w.labels);
    if (self.isExternal() || cluster.workloads[self.workload].namespaceName != w.namespaceName)
        out += " and, in the same peer, a namespaceSelector matching " +
               std::string(kNamespaceNameLabel) + '=' + w.namespaceName;
    return out;
}

const NetworkPolicyRule *ruleOf(const Cluster &cluster, PolicyType direction, const RuleMatch &m)
{
    const NetworkPolicy &p = cluster.policies[m.policy];
    const auto &rules = direction == PolicyType::Ingress ? p.ingress : p.egress;
    return m.ruleIndex < rules.size() ? &rules[m.ruleIndex] : nullptr;
}

std::vector<std::string> allNamespaces(const Cluster &cluster)
{
    std::set<std::string> names;
    for (const Namespace &ns : cluster.namespaces)
        names.insert(ns.name);
    for (const Workload &w : cluster.workloads)
        names.insert(w.namespaceName);
    return {names.begin(), names.end()};
}

// "; did you mean app=frontend (not app=fronted)?" when a label of the selector is a typo of
// a label some candidate carries.
std::string labelGuess(const LabelSelector &selector, const std::vector<const Labels *> &candidates)
{
    std::vector<std::string> pool;
    for (const Labels *labels : candidates)
        for (const auto &[k, v] : *labels)
            pool.push_back(k + '=' + v);
    for (const auto &[k, v] : selector.matchLabels) {
        const std::string text = k + '=' + v;
        if (std::find(pool.begin(), pool.end(), text) != pool.end())
            continue;
        const std::string guess = Spelling::closest(text, pool);
        if (!guess.empty())
            return "; did you mean " + guess + " (not " + text + ")?";
    }
    return {};
}

bool isPrivate(const IPRange &range)
{
    static const std::vector<IPRange> privateRanges = [] {
        std::vector<IPRange> out;
        for (const char *cidr : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                 "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10"}) {
            IPRange r;
            if (parseCidr(cidr, r).empty())
                out.push_back(r);
        }
        return out;
    }();
    return std::any_of(privateRanges.begin(), privateRanges.end(),
                       [&](const IPRange &p) { return p.contains(range); });
}

} // namespace

std::vector<MistakeHint> MistakeDetector::detect(const LabStep &step) const
{
    std::vector<MistakeHint> out;
    for (MistakeKind kind : allMistakeKinds()) {
        if (std::find(step.mistakes.begin(), step.mistakes.end(), kind) == step.mistakes.end())
            continue;
        std::vector<MistakeHint> found;
        switch (kind) {
        case MistakeKind::IngressWithoutEgress:
        case MistakeKind::EgressWithoutIngress:
            found = oneSidedRules(step, kind);
            break;
        case MistakeKind::DnsBlocked:
            found = dnsBlocked(step);
            break;
        case MistakeKind::SelectorSelectsNothing:
        case MistakeKind::SelectorInWrongNamespace:
            found = selectors(kind);
            break;
        case MistakeKind::IPBlockForPods:
            found = ipBlocksForPods();
            break;
        case MistakeKind::OredPeers:
        case MistakeKind::AndedPeers:
        case MistakeKind::AnyNamespace:
            found = PeerMistakes::find(mEvaluator, step, kind);
            break;
        }
        for (MistakeHint &h : found) {
            const bool duplicate = std::any_of(out.begin(), out.end(),
                                               [&](const MistakeHint &o) { return o.hint == h.hint; });
            if (!duplicate)
                out.push_back(std::move(h));
        }
    }
    return out;
}

std::vector<MistakeHint> MistakeDetector::oneSidedRules(const LabStep &step, MistakeKind kind) const
{
    const Cluster &cluster = mEvaluator.cluster();
    const bool ingressOnly = kind == MistakeKind::IngressWithoutEgress;
    std::vector<MistakeHint> out;
    for (size_t i = 0; i < step.requirements.size(); ++i) {
        const LabRequirement &r = step.requirements[i];
        if (r.expect != Expectation::Allow)
            continue;
        const auto from = findLabEndpoint(cluster, r.from);
        const auto to = findLabEndpoint(cluster, r.to);
        if (!from || !to)
            continue;
        const Explanation e = mEvaluator.explain(*from, *to);
        for (const Probe &p : r.probes) {
            if (e.allowed.allows(p.protocol, p.port))
                continue;
            // The side that admits the traffic through a rule, and the side that blocks it.
            const SideExplanation &open = ingressOnly ? e.ingress : e.egress;
            const SideExplanation &closed = ingressOnly ? e.egress : e.ingress;
            if (!open.isolated || !open.allowed.allows(p.protocol, p.port) || !closed.isolated ||
                closed.allowed.allows(p.protocol, p.port))
                break;
            const RuleMatch *rule = nullptr;
            for (const RuleMatch &m : open.allowingRules)
                if (m.connections.allows(p.protocol, p.port)) {
                    rule = &m;
                    break;
                }
            if (!rule)
                break;
            const std::string src = labName(cluster, *from);
            const std::string dst = labName(cluster, *to);
            const std::string probe = probeText(p);
            const std::string ruleName = cluster.policies[rule->policy].qualifiedName() + ' ' +
                                         (ingressOnly ? "ingress[" : "egress[") +
                                         std::to_string(rule->ruleIndex) + ']';
            MistakeHint h;
            h.kind = kind;
            h.requirement = i;
            if (const NetworkPolicyRule *nr = ruleOf(cluster, open.direction, *rule))
                h.location = nr->location;
            if (ingressOnly)
                h.hint = dst + "'s ingress admits " + src + " on " + probe + " (" + ruleName +
                         "), but " + src + " is isolated for egress by " +
                         policyNames(cluster, closed.isolatingPolicies) +
                         " and no egress rule lets it send to " + dst +
                         ". A connection needs both sides: the sender's egress and the "
                         "receiver's ingress. Add an egress rule to a policy selecting " + src +
                         ", to " + peerFor(cluster, *from, *to) + ", on " + probe + '.';
            else
                h.hint = src + "'s egress lets it send to " + dst + " on " + probe + " (" +
                         ruleName + "), but " + dst + " is isolated for ingress by " +
                         policyNames(cluster, closed.isolatingPolicies) +
                         " and no ingress rule admits " + src +
                         ". A connection needs both sides: the sender's egress and the "
                         "receiver's ingress. Add an ingress rule to a policy selecting " + dst +
                         ", from " + peerFor(cluster, *to, *from) + ", on " + probe + '.';
            out.push_back(std::move(h));
            break;
        }
    }
    return out;
}

std::vector<MistakeHint> MistakeDetector::dnsBlocked(const LabStep &step) const
{
    const Cluster &cluster = mEvaluator.cluster();
    std::vector<size_t> servers;
    for (size_t w = 0; w < cluster.workloads.size(); ++w)
        for (const ContainerPort &p : cluster.workloads[w].ports)
            if (p.port == 53 && p.protocol == Protocol::UDP) {
                servers.push_back(w);
                break;
            }
    if (servers.empty())
        return {};
    std::vector<std::string> blocked;
    std::set<size_t> policies;
    SourceLocation where;
    for (size_t w = 0; w < cluster.workloads.size(); ++w) {
        if (std::find(servers.begin(), servers.end(), w) != servers.end() ||
            !mEvaluator.isolatedForEgress(w))
            continue;
        bool reaches = false;
        std::vector<size_t> isolating;
        for (size_t s : servers) {
            const Explanation e = mEvaluator.explain(Endpoint::ofWorkload(w), Endpoint::ofWorkload(s));
            isolating = e.egress.isolatingPolicies;
            reaches = reaches || e.egress.allowed.allows(Protocol::UDP, 53);
        }
        if (reaches)
            continue;
        blocked.push_back(cluster.workloads[w].qualifiedName());
        for (size_t p : isolating) {
            if (policies.empty())
                where = cluster.policies[p].location;
            policies.insert(p);
        }
    }
    if (blocked.empty())
        return {};
    std::vector<std::string> serverNames;
    for (size_t s : servers)
        serverNames.push_back(cluster.workloads[s].qualifiedName());
    const Workload &dns = cluster.workloads[servers.front()];
    MistakeHint h;
    h.kind = MistakeKind::DnsBlocked;
    h.location = where;
    h.hint = "Names no longer resolve: " + list(blocked) + (blocked.size() == 1 ? " is" : " are") +
             " isolated for egress (by " + policyNames(cluster, {policies.begin(), policies.end()}) +
             ") and may not send to " + list(serverNames) +
             " on UDP/53. Every Service name is looked up in the cluster DNS first, so even "
             "connections that are allowed fail when made by name. Allow egress on UDP/53 and "
             "TCP/53 to " + peerFor(cluster, Endpoint::ofRange({}), Endpoint::ofWorkload(servers.front())) +
             " (" + dns.qualifiedName() + ").";
    for (size_t i = 0; i < step.requirements.size() && !h.requirement; ++i) {
        const LabRequirement &r = step.requirements[i];
        if (r.expect == Expectation::Allow &&
            std::find(serverNames.begin(), serverNames.end(), r.to) != serverNames.end() &&
            std::find(blocked.begin(), blocked.end(), r.from) != blocked.end())
            h.requirement = i;
    }
    return {h};
}

std::vector<MistakeHint> MistakeDetector::selectors(MistakeKind kind) const
{
    const Cluster &cluster = mEvaluator.cluster();
    const std::vector<std::string> namespaces = allNamespaces(cluster);
    std::vector<MistakeHint> out;
    auto add = [&](MistakeKind k, const SourceLocation &where, std::string hint) {
        if (k == kind)
            out.push_back(MistakeHint{k, std::move(hint), where, std::nullopt});
    };
    auto podsIn = [&](const std::vector<std::string> &scope) {
        std::vector<const Labels *> labels;
        for (const Workload &w : cluster.workloads)
            if (std::find(scope.begin(), scope.end(), w.namespaceName) != scope.end())
                labels.push_back(&w.labels);
        return labels;
    };
    // Pods outside `scope` the selector matches: what the author probably meant.
    auto elsewhere = [&](const LabelSelector &selector, const std::vector<std::string> &scope) {
        std::vector<std::string> names;
        if (selector.isEmpty())
            return names;
        for (const Workload &w : cluster.workloads)
            if (std::find(scope.begin(), scope.end(), w.namespaceName) == scope.end() &&
                selector.matches(w.labels))
                names.push_back(w.qualifiedName());
        return names;
    };
    auto matchesIn = [&](const LabelSelector &selector, const std::vector<std::string> &scope) {
        return std::any_of(cluster.workloads.begin(), cluster.workloads.end(), [&](const Workload &w) {
            return std::find(scope.begin(), scope.end(), w.namespaceName) != scope.end() &&
                   selector.matches(w.labels);
        });
    };

    for (const NetworkPolicy &policy : cluster.policies) {
        const std::string name = policy.qualifiedName();
        const std::vector<std::string> own{policy.namespaceName};
        if (!matchesIn(policy.podSelector, own)) {
            const std::vector<std::string> other = elsewhere(policy.podSelector, own);
            const bool emptyNamespace = podsIn(own).empty();
            std::string guessNamespace;
            if (emptyNamespace) {
                std::vector<std::string> withPods;
                for (const Workload &w : cluster.workloads)
                    withPods.push_back(w.namespaceName);
                guessNamespace = Spelling::closest(policy.namespaceName, withPods);
            }
            if (!other.empty())
                add(MistakeKind::SelectorInWrongNamespace, policy.location,
                    name + " selects pods with " + policy.podSelector.toString() +
                        " in its own namespace " + policy.namespaceName +
                        ", where no pod has them; " + list(other) +
                        " in another namespace " + (other.size() == 1 ? "does" : "do") +
                        ". A policy only ever selects pods of its own namespace: set its "
                        "metadata.namespace to theirs.");
            else if (!guessNamespace.empty())
                add(MistakeKind::SelectorInWrongNamespace, policy.location,
                    name + " is in namespace " + policy.namespaceName +
                        ", which has no pods; did you mean namespace " + guessNamespace +
                        "? A policy only ever selects pods of its own namespace.");
            else
                add(MistakeKind::SelectorSelectsNothing, policy.location,
                    name + "'s podSelector " + policy.podSelector.toString() +
                        " selects no pod" +
                        (emptyNamespace ? ": namespace " + policy.namespaceName + " has no pods"
                                        : " in " + policy.namespaceName) +
                        labelGuess(policy.podSelector, podsIn(own)) +
                        " A policy that selects nothing has no effect.");
        }

        for (PolicyType direction : {PolicyType::Ingress, PolicyType::Egress}) {
            const auto &rules = direction == PolicyType::Ingress ? policy.ingress : policy.egress;
            for (size_t r = 0; r < rules.size(); ++r) {
                const std::string ruleName = name + ' ' + (direction == PolicyType::Ingress ? "ingress[" : "egress[") +
                                             std::to_string(r) + ']';
                for (const NetworkPolicyPeer &peer : rules[r].peers) {
                    if (peer.ipBlock)
                        continue;
                    std::vector<std::string> scope = own;
                    if (peer.namespaceSelector) {
                        scope.clear();
                        std::vector<const Labels *> nsLabels;
                        std::vector<Labels> storage;
                        storage.reserve(namespaces.size());
                        for (const std::string &ns : namespaces) {
                            storage.push_back(cluster.namespaceLabels(ns));
                            nsLabels.push_back(&storage.back());
                            if (peer.namespaceSelector->matches(storage.back()))
                                scope.push_back(ns);
                        }
                        if (scope.empty()) {
                            std::string why = labelGuess(*peer.namespaceSelector, nsLabels);
                            if (why.empty() && peer.namespaceSelector->matchLabels.count("name"))
                                why = "; namespaces carry " + std::string(kNamespaceNameLabel) +
                                      "=<name>, a label \"name\" only when someone sets it.";
                            add(MistakeKind::SelectorSelectsNothing, rules[r].location,
                                "The namespaceSelector " + peer.namespaceSelector->toString() +
                                    " of " + ruleName + " selects no namespace" +
                                    (why.empty() ? "." : why));
                            continue;
                        }
                    }
                    if (!peer.podSelector || matchesIn(*peer.podSelector, scope) ||
                        podsIn(scope).empty())
                        continue;
                    const std::vector<std::string> other = elsewhere(*peer.podSelector, scope);
                    if (!other.empty() && !peer.namespaceSelector)
                        add(MistakeKind::SelectorInWrongNamespace, rules[r].location,
                            "The podSelector " + peer.podSelector->toString() + " of " + ruleName +
                                " only looks in " + policy.namespaceName +
                                ", the policy's own namespace, where no pod matches; " + list(other) +
                                " in another namespace " + (other.size() == 1 ? "does" : "do") +
                                ". To name pods of another namespace, put a namespaceSelector (" +
                                kNamespaceNameLabel + ": <namespace>) in the same peer as the "
                                "podSelector: one list item, so the two are ANDed.");
                    else if (!other.empty())
                        add(MistakeKind::SelectorInWrongNamespace, rules[r].location,
                            "The podSelector " + peer.podSelector->toString() + " of " + ruleName +
                                " matches no pod in the namespaces its namespaceSelector picks (" +
                                list(scope) + "); it matches " + list(other) +
                                ". Check the namespaceSelector.");
                    else
                        add(MistakeKind::SelectorSelectsNothing, rules[r].location,
                            "The podSelector " + peer.podSelector->toString() + " of " + ruleName +
                                " selects no pod in " + list(scope) +
                                (labelGuess(*peer.podSelector, podsIn(scope)).empty()
                                     ? std::string(". Check the labels.")
                                     : labelGuess(*peer.podSelector, podsIn(scope))));
                }
            }
        }
    }
    return out;
}

std::vector<MistakeHint> MistakeDetector::ipBlocksForPods() const
{
    const Cluster &cluster = mEvaluator.cluster();
    std::vector<MistakeHint> out;
    for (const NetworkPolicy &policy : cluster.policies)
        for (PolicyType direction : {PolicyType::Ingress, PolicyType::Egress}) {
            const auto &rules = direction == PolicyType::Ingress ? policy.ingress : policy.egress;
            for (size_t r = 0; r < rules.size(); ++r)
                for (const NetworkPolicyPeer &peer : rules[r].peers) {
                    if (!peer.ipBlock)
                        continue;
                    const std::vector<IPRange> ranges = peer.ipBlock->addressRanges();
                    if (!std::all_of(ranges.begin(), ranges.end(), isPrivate))
                        continue; // reaches public addresses: meant for the outside world
                    std::vector<std::string> hits;
                    const Workload *first = nullptr;
                    for (const Workload &w : cluster.workloads)
                        for (const IPAddress &ip : w.ips)
                            if (peer.ipBlock->contains(ip)) {
                                hits.push_back(w.qualifiedName());
                                first = first ? first : &w;
                                break;
                            }
                    if (hits.empty())
                        continue;
                    std::string suggestion = "a podSelector matching " + labelText(first->labels);
                    if (first->namespaceName != policy.namespaceName)
                        suggestion += " with a namespaceSelector on " + std::string(kNamespaceNameLabel) +
                                      '=' + first->namespaceName;
                    out.push_back(MistakeHint{
                        MistakeKind::IPBlockForPods,
                        policy.qualifiedName() + ' ' +
                            (direction == PolicyType::Ingress ? "ingress[" : "egress[") +
                            std::to_string(r) + "] uses ipBlock " + peer.ipBlock->cidr +
                            " for pods (" + list(hits) +
                            "). Pod addresses change whenever a pod is recreated, and some "
                            "network plugins never match pod traffic with ipBlocks: name pods by "
                            "their labels instead, e.g. " + suggestion + '.',
                        rules[r].location, std::nullopt});
                }
        }
    return out;
}

} // namespace netfence::core
