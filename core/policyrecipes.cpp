#include "core/policyrecipes.h"

#include "core/kubernetesnames.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace netfence::core::PolicyRecipes {

namespace {

const std::vector<std::string> kPrivateRanges{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"};

int findPolicy(const Cluster &cluster, const std::string &ns, const std::string &name)
{
    for (size_t i = 0; i < cluster.policies.size(); ++i)
        if (cluster.policies[i].namespaceName == ns && cluster.policies[i].name == name)
            return static_cast<int>(i);
    return -1;
}

void addType(NetworkPolicy &p, PolicyType t)
{
    if (std::find(p.policyTypes.begin(), p.policyTypes.end(), t) == p.policyTypes.end())
        p.policyTypes.push_back(t);
}

// Adds `rule` to the policy `name` in `ns` selecting `selector`: extends it when it exists
// (and selects the same pods), else creates it. Changes already in the recipe count.
void addRule(const Cluster &cluster, Recipe &recipe, const std::string &ns, std::string name,
             const LabelSelector &selector, PolicyType type, const NetworkPolicyRule &rule)
{
    // A policy added earlier in this recipe?
    for (PolicyChange &c : recipe.changes)
        if (c.kind != PolicyChange::Kind::Remove && c.policy.namespaceName == ns &&
            c.policy.name == name && c.policy.podSelector == selector) {
            auto &rules = type == PolicyType::Ingress ? c.policy.ingress : c.policy.egress;
            if (std::find(rules.begin(), rules.end(), rule) == rules.end())
                rules.push_back(rule);
            addType(c.policy, type);
            return;
        }
    int existing = findPolicy(cluster, ns, name);
    if (existing >= 0 && cluster.policies[static_cast<size_t>(existing)].podSelector == selector) {
        NetworkPolicy p = cluster.policies[static_cast<size_t>(existing)];
        auto &rules = type == PolicyType::Ingress ? p.ingress : p.egress;
        if (std::find(rules.begin(), rules.end(), rule) != rules.end())
            return; // already there
        rules.push_back(rule);
        addType(p, type);
        recipe.changes.push_back({PolicyChange::Kind::Replace, static_cast<size_t>(existing), p});
        return;
    }
    // The name is taken by a policy selecting other pods: find a free one.
    for (int n = 2; existing >= 0; ++n) {
        const std::string candidate = policyName({name, std::to_string(n)});
        existing = findPolicy(cluster, ns, candidate);
        if (existing < 0)
            name = candidate;
    }
    NetworkPolicy p;
    p.name = name;
    p.namespaceName = ns;
    p.podSelector = selector;
    p.policyTypes = {type};
    (type == PolicyType::Ingress ? p.ingress : p.egress).push_back(rule);
    recipe.changes.push_back({PolicyChange::Kind::Add, 0, p});
}

std::string describePorts(const std::vector<NetworkPolicyPort> &ports)
{
    if (ports.empty())
        return "all ports";
    std::string out;
    for (const NetworkPolicyPort &p : ports)
        out += (out.empty() ? "" : ", ") + p.toString();
    return out;
}

std::string policyList(const Cluster &cluster, const std::vector<size_t> &policies)
{
    std::string out;
    for (size_t p : policies)
        out += (out.empty() ? "" : ", ") + cluster.policies[p].qualifiedName();
    return out;
}

} // namespace

std::string policyName(const std::vector<std::string> &parts)
{
    std::string out;
    for (const std::string &part : parts) {
        std::string clean;
        for (char c : part) {
            const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (std::isalnum(static_cast<unsigned char>(l)))
                clean += l;
            else if (!clean.empty() && clean.back() != '-')
                clean += '-';
        }
        while (!clean.empty() && clean.back() == '-')
            clean.pop_back();
        if (clean.empty())
            continue;
        out += (out.empty() ? "" : "-") + clean;
    }
    if (out.size() > 63)
        out.resize(63);
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? "policy" : out;
}

Labels defaultSelectorLabels(const Cluster &cluster, size_t workload)
{
    const Workload &w = cluster.workloads[workload];
    if (auto app = w.labels.find("app"); app != w.labels.end())
        return {*app};
    // Greedily add the label that rules out most of the other workloads of the namespace.
    std::vector<const Workload *> others;
    for (size_t i = 0; i < cluster.workloads.size(); ++i)
        if (i != workload && cluster.workloads[i].namespaceName == w.namespaceName &&
            cluster.workloads[i].labels != w.labels)
            others.push_back(&cluster.workloads[i]);
    Labels chosen;
    while (!others.empty()) {
        std::pair<std::string, std::string> best;
        size_t bestLeft = others.size() + 1;
        for (const auto &label : w.labels) {
            if (chosen.count(label.first))
                continue;
            size_t left = 0;
            for (const Workload *o : others) {
                auto it = o->labels.find(label.first);
                left += it != o->labels.end() && it->second == label.second;
            }
            if (left < bestLeft) {
                bestLeft = left;
                best = label;
            }
        }
        if (bestLeft > others.size())
            break; // no labels left to add
        chosen.insert(best);
        others.erase(std::remove_if(others.begin(), others.end(),
                                    [&](const Workload *o) {
                                        auto it = o->labels.find(best.first);
                                        return it == o->labels.end() || it->second != best.second;
                                    }),
                     others.end());
    }
    return chosen;
}

Recipe allow(const Cluster &cluster, const Evaluator &evaluator, const AllowRequest &request)
{
    Recipe recipe;
    const std::string portsText = describePorts(request.ports);

    // The destination as a peer of the source's egress rule, and its selector for ingress.
    NetworkPolicyPeer toPeer;
    std::string toName, toNs;
    LabelSelector toSelector;
    switch (request.target) {
    case AllowRequest::Target::Workload: {
        const Workload &w = cluster.workloads[request.toWorkload];
        toNs = w.namespaceName;
        toName = w.name;
        toSelector.matchLabels = request.destinationLabels.value_or(
            defaultSelectorLabels(cluster, request.toWorkload));
        toPeer.podSelector = toSelector;
        break;
    }
    case AllowRequest::Target::Namespace:
        toNs = request.toNamespace;
        toName = request.toNamespace;
        toPeer.podSelector = LabelSelector{};
        break;
    case AllowRequest::Target::External: {
        IPBlock block{request.toCidr, request.toExcept, {}, {}};
        block.parse();
        toPeer.ipBlock = block;
        toName = request.toCidr == "0.0.0.0/0" ? "internet" : request.toCidr;
        break;
    }
    }

    // The source as a peer of the destination's ingress rule.
    NetworkPolicyPeer fromPeer;
    std::string fromName, fromNs;
    LabelSelector fromSelector;
    if (request.from.isWorkload()) {
        const Workload &w = cluster.workloads[request.from.workload];
        fromNs = w.namespaceName;
        fromName = w.name;
        fromSelector.matchLabels =
            request.sourceLabels.value_or(defaultSelectorLabels(cluster, request.from.workload));
        fromPeer.podSelector = fromSelector;
    } else {
        fromName = request.from.range == IPRange::whole(IPFamily::V4) ? "internet" : "external";
    }
    // Across namespaces each side names the other's namespace by its name label.
    if (request.target != AllowRequest::Target::External && request.from.isWorkload() &&
        fromNs != toNs) {
        fromPeer.namespaceSelector = LabelSelector{{{kNamespaceNameLabel, fromNs}}, {}};
        toPeer.namespaceSelector = LabelSelector{{{kNamespaceNameLabel, toNs}}, {}};
    }

    recipe.title = "Allow " + fromName + " → " + toName + " on " + portsText;

    if (request.target != AllowRequest::Target::External) {
        NetworkPolicyRule ingress;
        if (request.from.isWorkload()) {
            ingress.peers = {fromPeer};
        } else {
            for (const std::string &cidr : rangeToCidrs(request.from.range)) {
                NetworkPolicyPeer p;
                p.ipBlock = IPBlock{cidr, {}, {}, {}};
                p.ipBlock->parse();
                ingress.peers.push_back(p);
            }
        }
        ingress.ports = request.ports;
        addRule(cluster, recipe, toNs, policyName({"allow", fromName, "to", toName}), toSelector,
                PolicyType::Ingress, ingress);
        if (request.target == AllowRequest::Target::Workload &&
            !evaluator.isolatedForIngress(request.toWorkload))
            recipe.notes.push_back(toNs + '/' + toName +
                                   " was not isolated for ingress: from now on only the sources "
                                   "that some rule allows can reach it.");
    }
    const bool needEgress =
        request.from.isWorkload() && (request.target == AllowRequest::Target::External ||
                                      evaluator.isolatedForEgress(request.from.workload));
    if (needEgress) {
        NetworkPolicyRule egress;
        egress.peers = {toPeer};
        egress.ports = request.ports;
        addRule(cluster, recipe, fromNs, policyName({"allow", fromName, "to", toName, "egress"}),
                fromSelector, PolicyType::Egress, egress);
        if (request.target != AllowRequest::Target::External) {
            recipe.notes.push_back(
                fromNs + '/' + fromName + " is isolated for egress (by " +
                policyList(cluster, evaluator.policiesSelecting(request.from.workload)) +
                "), so the traffic must also be allowed to leave it: an egress rule was added on "
                "its side. A connection needs both the sender's egress and the receiver's "
                "ingress.");
        }
    }
    return recipe;
}

Recipe defaultDeny(const Cluster &cluster, const std::string &ns, bool ingress, bool egress)
{
    Recipe recipe;
    NetworkPolicy p;
    p.namespaceName = ns;
    p.name = ingress && egress ? "default-deny" : ingress ? "default-deny-ingress" : "default-deny-egress";
    if (ingress)
        p.policyTypes.push_back(PolicyType::Ingress);
    if (egress)
        p.policyTypes.push_back(PolicyType::Egress);
    recipe.title = "Default deny " + std::string(ingress && egress ? "all" : ingress ? "ingress" : "egress") +
                   " in " + ns;
    if (findPolicy(cluster, ns, p.name) >= 0)
        p.name = policyName({p.name, "2"});
    recipe.changes.push_back({PolicyChange::Kind::Add, 0, p});
    if (egress)
        recipe.notes.push_back("Egress is denied too: pods of " + ns +
                               " can no longer resolve names until DNS egress is allowed.");
    return recipe;
}

std::vector<NetworkPolicyPort> defaultPorts(const Cluster &cluster, size_t workload)
{
    const Workload &w = cluster.workloads[workload];
    if (w.ports.empty())
        return {NetworkPolicyPort{Protocol::TCP, 80, {}, {}}};
    return {NetworkPolicyPort{w.ports.front().protocol, w.ports.front().port, {}, {}}};
}

Recipe allowDnsEgress(const Cluster &cluster, const std::string &ns)
{
    Recipe recipe;
    recipe.title = "Allow DNS egress from " + ns;
    NetworkPolicyRule rule;
    NetworkPolicyPeer peer;
    peer.namespaceSelector = LabelSelector{{{kNamespaceNameLabel, std::string(kDnsNamespace)}}, {}};
    // Both selectors in one peer: the DNS pods of kube-system, not every pod there.
    const Labels dnsLabels{{std::string(kDnsLabelKey), std::string(kDnsLabelValue)}};
    const bool dnsPodKnown = std::any_of(cluster.workloads.begin(), cluster.workloads.end(), [&](const Workload &w) {
        return w.namespaceName == kDnsNamespace && LabelSelector{dnsLabels, {}}.matches(w.labels);
    });
    if (dnsPodKnown)
        peer.podSelector = LabelSelector{dnsLabels, {}};
    else
        recipe.notes.push_back("No pod labelled " + std::string(kDnsLabelKey) + '=' + std::string(kDnsLabelValue) +
                               " is known in " + std::string(kDnsNamespace) + ", so the rule allows every pod of " +
                               std::string(kDnsNamespace) + " on port 53.");
    rule.peers = {peer};
    rule.ports = {NetworkPolicyPort{Protocol::UDP, 53, {}, {}}, NetworkPolicyPort{Protocol::TCP, 53, {}, {}}};
    addRule(cluster, recipe, ns, "allow-dns-egress", LabelSelector{}, PolicyType::Egress, rule);
    return recipe;
}

Recipe allowWithinNamespace(const Cluster &cluster, const std::string &ns)
{
    Recipe recipe;
    recipe.title = "Allow all traffic within " + ns;
    NetworkPolicyRule in, out;
    NetworkPolicyPeer peer;
    peer.podSelector = LabelSelector{};
    in.peers = {peer};
    out.peers = {peer};
    addRule(cluster, recipe, ns, "allow-same-namespace", LabelSelector{}, PolicyType::Ingress, in);
    addRule(cluster, recipe, ns, "allow-same-namespace", LabelSelector{}, PolicyType::Egress, out);
    return recipe;
}

Recipe allowInternetEgress(const Cluster &cluster, size_t workload, bool exceptPrivateRanges)
{
    const Workload &w = cluster.workloads[workload];
    Recipe recipe;
    recipe.title = "Allow internet egress from " + w.qualifiedName();
    NetworkPolicyRule rule;
    NetworkPolicyPeer peer;
    IPBlock block{"0.0.0.0/0", exceptPrivateRanges ? kPrivateRanges : std::vector<std::string>{}, {}, {}};
    block.parse();
    peer.ipBlock = block;
    rule.peers = {peer};
    LabelSelector selector{defaultSelectorLabels(cluster, workload), {}};
    addRule(cluster, recipe, w.namespaceName, policyName({"allow", w.name, "internet-egress"}),
            selector, PolicyType::Egress, rule);
    return recipe;
}

std::string parsePorts(Protocol protocol, const std::string &text, std::vector<NetworkPolicyPort> &out)
{
    out.clear();
    std::string token;
    std::vector<std::string> tokens;
    for (char c : text + ",") {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!token.empty())
                tokens.push_back(token);
            token.clear();
        } else {
            token += c;
        }
    }
    if (tokens.empty()) {
        out.push_back(NetworkPolicyPort{protocol, {}, {}, {}});
        return {};
    }
    auto number = [](const std::string &s, int &v) {
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
    };
    for (const std::string &t : tokens) {
        NetworkPolicyPort port{protocol, {}, {}, {}};
        int first = 0, last = 0;
        const size_t dash = t.find('-');
        if (number(t, first)) {
            port.port = first;
        } else if (dash != std::string::npos && number(t.substr(0, dash), first) &&
                   number(t.substr(dash + 1), last)) {
            if (last < first)
                return "the range " + t + " ends before it starts";
            port.port = first;
            port.endPort = last;
        } else if (std::string err = KubernetesNames::checkPortName(t); err.empty()) {
            port.namedPort = t;
        } else {
            return "\"" + t + "\" is neither a port, a range (8000-8080) nor a port name: " + err;
        }
        if (port.port && (first < kMinPort || first > kMaxPort || (port.endPort && last > kMaxPort)))
            return "ports must be within 1-65535: " + t;
        out.push_back(port);
    }
    return {};
}

void apply(Cluster &cluster, const Recipe &recipe)
{
    for (const PolicyChange &c : recipe.changes) {
        switch (c.kind) {
        case PolicyChange::Kind::Add:
            cluster.policies.push_back(c.policy);
            break;
        case PolicyChange::Kind::Replace:
            cluster.policies[c.index] = c.policy;
            break;
        case PolicyChange::Kind::Remove:
            cluster.policies.erase(cluster.policies.begin() + static_cast<long>(c.index));
            break;
        }
    }
}

} // namespace netfence::core::PolicyRecipes
