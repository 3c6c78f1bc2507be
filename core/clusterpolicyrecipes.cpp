#include "core/clusterpolicyrecipes.h"

#include "core/policyrecipes.h"

#include <algorithm>

namespace netfence::core::ClusterPolicyRecipes {

namespace {

LabelSelector namespaceNamed(const std::string &ns)
{
    LabelSelector s;
    s.matchLabels[kNamespaceNameLabel] = ns;
    return s;
}

ClusterPolicyPeer namespacesPeer(LabelSelector selector)
{
    ClusterPolicyPeer p;
    p.namespaces = std::move(selector);
    return p;
}

// Every address outside the cluster's pods, for egress rules that mean "everywhere".
ClusterPolicyPeer everyNetwork()
{
    ClusterPolicyPeer p;
    std::vector<IPBlock> blocks;
    for (const char *cidr : {"0.0.0.0/0", "::/0"}) {
        IPBlock b;
        b.cidr = cidr;
        b.parse();
        blocks.push_back(std::move(b));
    }
    p.networks = std::move(blocks);
    return p;
}

ClusterNetworkPolicy policyFor(const Cluster &cluster, PolicyTier tier, int priority,
                               const std::vector<std::string> &nameParts)
{
    ClusterNetworkPolicy p;
    p.kind = ClusterPolicyKind::ClusterNetworkPolicy;
    p.tier = tier;
    p.priority = std::clamp(priority, 0, 1000);
    const std::string base = PolicyRecipes::policyName(nameParts);
    p.name = base;
    for (int n = 2; std::any_of(cluster.clusterPolicies.begin(), cluster.clusterPolicies.end(),
                                [&](const ClusterNetworkPolicy &o) { return o.kind == p.kind && o.name == p.name; });
         ++n)
        p.name = PolicyRecipes::policyName({base, std::to_string(n)});
    return p;
}

ClusterPolicyRule rule(std::string name, ClusterPolicyAction action, std::vector<ClusterPolicyPeer> peers)
{
    ClusterPolicyRule r;
    r.name = std::move(name);
    r.action = action;
    r.peers = std::move(peers);
    return r;
}

std::vector<ClusterPolicyPort> dnsPorts()
{
    std::vector<ClusterPolicyPort> ports;
    for (Protocol protocol : {Protocol::UDP, Protocol::TCP}) {
        ClusterPolicyPort port;
        port.protocol = protocol;
        port.port = 53;
        ports.push_back(port);
    }
    return ports;
}

} // namespace

int freePriority(const Cluster &cluster, PolicyTier tier, int preferred)
{
    int priority = std::clamp(preferred, 0, 1000);
    while (priority < 1000 && std::any_of(cluster.clusterPolicies.begin(), cluster.clusterPolicies.end(),
                                          [&](const ClusterNetworkPolicy &p) {
                                              return p.tier == tier && p.priority == priority;
                                          }))
        ++priority;
    return priority;
}

ClusterRecipe guardNamespace(const Cluster &cluster, const std::string &ns, const std::string &allowedFrom,
                             int priority)
{
    ClusterRecipe recipe;
    recipe.title = "Guard " + ns + ": ingress only from " + allowedFrom;
    ClusterNetworkPolicy p = policyFor(cluster, PolicyTier::Admin, priority, {"guard", ns});
    p.subject.namespaces = namespaceNamed(ns);
    // The namespace itself and the allowed one pass on: the namespace's NetworkPolicies still
    // narrow them. Everyone else is denied before any NetworkPolicy is asked.
    LabelSelector allowed;
    LabelSelectorRequirement names{kNamespaceNameLabel, SelectorOperator::In, {ns}};
    if (allowedFrom != ns)
        names.values.push_back(allowedFrom);
    allowed.matchExpressions.push_back(std::move(names));
    p.ingress.push_back(rule(PolicyRecipes::policyName({"pass-from", allowedFrom}), ClusterPolicyAction::Pass,
                             {namespacesPeer(allowed)}));
    p.ingress.push_back(rule("deny-everyone-else", ClusterPolicyAction::Deny, {namespacesPeer({})}));
    recipe.notes.push_back("Traffic within " + ns + " and from " + allowedFrom +
                           " passes to the NetworkPolicies of " + ns + "; no NetworkPolicy can open " + ns +
                           " to any other namespace.");
    recipe.notes.push_back("Ingress peers are namespaces and pods only: traffic from outside the cluster is not "
                           "denied by this policy.");
    recipe.add.push_back(std::move(p));
    return recipe;
}

ClusterRecipe delegateNamespace(const Cluster &cluster, const std::string &ns, int priority)
{
    ClusterRecipe recipe;
    recipe.title = "Delegate " + ns + " to its NetworkPolicies";
    ClusterNetworkPolicy p = policyFor(cluster, PolicyTier::Admin, priority, {"delegate", ns});
    p.subject.namespaces = namespaceNamed(ns);
    p.ingress.push_back(rule("pass-all-ingress", ClusterPolicyAction::Pass, {namespacesPeer({})}));
    p.egress.push_back(rule("pass-all-egress", ClusterPolicyAction::Pass, {namespacesPeer({}), everyNetwork()}));
    recipe.notes.push_back("Admin policies with a lower priority number than " + std::to_string(p.priority) +
                           " still decide first; the later ones are skipped for " + ns + ".");
    recipe.add.push_back(std::move(p));
    return recipe;
}

ClusterRecipe baselineDefaultDeny(const Cluster &cluster, const std::string &ns, bool egress, int priority)
{
    ClusterRecipe recipe;
    recipe.title = "Baseline default deny for " + ns;
    ClusterNetworkPolicy p = policyFor(cluster, PolicyTier::Baseline, priority, {"baseline-deny", ns});
    p.subject.namespaces = namespaceNamed(ns);
    p.ingress.push_back(rule("deny-all-ingress", ClusterPolicyAction::Deny, {namespacesPeer({})}));
    if (egress)
        p.egress.push_back(rule("deny-all-egress", ClusterPolicyAction::Deny, {namespacesPeer({}), everyNetwork()}));
    recipe.notes.push_back("A NetworkPolicy selecting a pod of " + ns +
                           " decides instead of this baseline for that pod and direction.");
    if (egress)
        recipe.notes.push_back("Egress is denied too, DNS included: add the DNS recipe or a NetworkPolicy for it.");
    recipe.add.push_back(std::move(p));
    return recipe;
}

ClusterRecipe acceptDns(const Cluster &cluster, int priority)
{
    ClusterRecipe recipe;
    recipe.title = "Accept DNS for every pod";
    const std::string dnsNs(PolicyRecipes::kDnsNamespace);
    ClusterPolicyPeer dnsPods;
    dnsPods.podNamespaces = namespaceNamed(dnsNs);
    LabelSelector dnsLabels;
    dnsLabels.matchLabels[std::string(PolicyRecipes::kDnsLabelKey)] = std::string(PolicyRecipes::kDnsLabelValue);
    dnsPods.pods = dnsLabels;

    ClusterNetworkPolicy out = policyFor(cluster, PolicyTier::Admin, priority, {"dns-egress-for-everyone"});
    out.subject.namespaces = LabelSelector{};
    ClusterPolicyRule toDns = rule("to-cluster-dns", ClusterPolicyAction::Accept, {dnsPods});
    toDns.ports = dnsPorts();
    out.egress.push_back(std::move(toDns));

    // The next priority: the subjects overlap, and equal priorities would be a tie.
    ClusterNetworkPolicy in = policyFor(cluster, PolicyTier::Admin, priority + 1, {"dns-ingress-from-everyone"});
    in.subject.podNamespaces = namespaceNamed(dnsNs);
    in.subject.pods = dnsLabels;
    ClusterPolicyRule fromAll = rule("from-every-namespace", ClusterPolicyAction::Accept, {namespacesPeer({})});
    fromAll.ports = dnsPorts();
    in.ingress.push_back(std::move(fromAll));

    const bool known = std::any_of(cluster.workloads.begin(), cluster.workloads.end(), [&](const Workload &w) {
        auto it = w.labels.find(std::string(PolicyRecipes::kDnsLabelKey));
        return w.namespaceName == dnsNs && it != w.labels.end() && it->second == PolicyRecipes::kDnsLabelValue;
    });
    if (!known)
        recipe.notes.push_back("No pod labelled k8s-app=kube-dns is known in kube-system: the rules match it once "
                               "it is there.");
    recipe.notes.push_back("Two policies: an egress Accept does not open the DNS pods' ingress side.");
    recipe.add.push_back(std::move(out));
    recipe.add.push_back(std::move(in));
    return recipe;
}

ClusterRecipe drawnRule(const Cluster &cluster, const AllowRequest &request)
{
    const AllowRequest::ClusterChoice choice = request.asClusterPolicy.value_or(AllowRequest::ClusterChoice{});
    ClusterRecipe recipe;
    const std::string tier = tierName(choice.tier);
    const std::string action = actionName(choice.action, ClusterPolicyKind::ClusterNetworkPolicy);
    if (!request.from.isWorkload()) {
        recipe.notes.push_back("A ClusterNetworkPolicy's ingress peers are namespaces and pods: traffic from "
                               "outside the cluster cannot be its subject; write a NetworkPolicy instead.");
        return recipe;
    }
    const Workload &source = cluster.workloads[request.from.workload];
    auto podsPeer = [&](const Workload &w, const std::optional<Labels> &chosen, size_t index) {
        ClusterPolicyPeer p;
        p.podNamespaces = namespaceNamed(w.namespaceName);
        LabelSelector s;
        s.matchLabels = chosen.value_or(PolicyRecipes::defaultSelectorLabels(cluster, index));
        p.pods = s;
        return p;
    };
    std::vector<ClusterPolicyPort> ports;
    for (const NetworkPolicyPort &np : request.ports) {
        ClusterPolicyPort port;
        if (np.isNamed()) {
            port.namedPort = np.namedPort;
        } else {
            port.protocol = np.effectiveProtocol();
            port.port = np.port;
            port.endPort = np.endPort;
        }
        ports.push_back(port);
    }
    std::string sourceName = source.name, targetName;
    ClusterNetworkPolicy p;
    ClusterPolicyRule r;
    r.action = choice.action;
    r.ports = ports;
    switch (request.target) {
    case AllowRequest::Target::Workload: {
        const Workload &target = cluster.workloads[request.toWorkload];
        targetName = target.name;
        const ClusterPolicyPeer subject = podsPeer(target, request.destinationLabels, request.toWorkload);
        p.subject.podNamespaces = *subject.podNamespaces;
        p.subject.pods = subject.pods;
        r.peers = {podsPeer(source, request.sourceLabels, request.from.workload)};
        break;
    }
    case AllowRequest::Target::Namespace:
        targetName = request.toNamespace;
        p.subject.namespaces = namespaceNamed(request.toNamespace);
        r.peers = {podsPeer(source, request.sourceLabels, request.from.workload)};
        break;
    case AllowRequest::Target::External: {
        targetName = request.toCidr == "0.0.0.0/0" ? "internet" : request.toCidr;
        if (std::any_of(ports.begin(), ports.end(), [](const ClusterPolicyPort &q) { return q.isNamed(); })) {
            recipe.notes.push_back("A ClusterNetworkPolicy rule cannot use a named port with networks peers: "
                                   "give the port number.");
            return recipe;
        }
        const ClusterPolicyPeer subject = podsPeer(source, request.sourceLabels, request.from.workload);
        p.subject.podNamespaces = *subject.podNamespaces;
        p.subject.pods = subject.pods;
        ClusterPolicyPeer to;
        IPBlock block;
        block.cidr = request.toCidr;
        if (!block.parse().empty()) {
            recipe.notes.push_back("\"" + request.toCidr + "\" is not a CIDR.");
            return recipe;
        }
        to.networks = std::vector<IPBlock>{block};
        r.peers = {to};
        if (!request.toExcept.empty())
            recipe.notes.push_back("ClusterNetworkPolicy networks have no except: the whole range is written.");
        break;
    }
    }
    const ClusterNetworkPolicy named =
        policyFor(cluster, choice.tier, choice.priority, {tier, action, sourceName, "to", targetName});
    p.kind = named.kind;
    p.name = named.name;
    p.tier = named.tier;
    p.priority = named.priority;
    r.name = PolicyRecipes::policyName({action, sourceName});
    const bool egressSide = request.target == AllowRequest::Target::External;
    (egressSide ? p.egress : p.ingress).push_back(r);
    recipe.title = tier + " " + action + " " + sourceName + " → " + targetName;
    if (choice.action == ClusterPolicyAction::Accept && !egressSide)
        recipe.notes.push_back("The rule decides the receiver's ingress only: if the sender's egress is denied, "
                               "allow that side too.");
    if (choice.action == ClusterPolicyAction::Pass)
        recipe.notes.push_back(choice.tier == PolicyTier::Admin
                                   ? "Pass skips the rest of the Admin tier: NetworkPolicies, then the Baseline, decide."
                                   : "Pass in the Baseline tier leaves the connection to the default: allowed.");
    if (std::any_of(cluster.clusterPolicies.begin(), cluster.clusterPolicies.end(),
                    [&](const ClusterNetworkPolicy &o) { return o.tier == p.tier && o.priority == p.priority; }))
        recipe.notes.push_back("Another " + tier + " policy has priority " + std::to_string(p.priority) +
                               ": which one decides first is up to the network plugin.");
    recipe.add.push_back(std::move(p));
    return recipe;
}

void apply(Cluster &cluster, const ClusterRecipe &recipe)
{
    for (const ClusterNetworkPolicy &p : recipe.add)
        cluster.clusterPolicies.push_back(p);
}

} // namespace netfence::core::ClusterPolicyRecipes
