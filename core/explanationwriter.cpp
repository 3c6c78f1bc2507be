#include "core/explanationwriter.h"

namespace netfence::core::ExplanationWriter {

namespace {

std::string policyList(const Cluster &cluster, const std::vector<size_t> &policies)
{
    std::string out;
    for (size_t p : policies)
        out += (out.empty() ? "" : ", ") + cluster.policies[p].qualifiedName();
    return out;
}

const char *rulesKey(PolicyType direction)
{
    return direction == PolicyType::Ingress ? "ingress" : "egress";
}

bool sideAllows(const SideExplanation &s, const std::optional<Probe> &probe)
{
    return probe ? s.allowed.allows(probe->protocol, probe->port) : !s.allowed.isEmpty();
}

std::string ruleName(const ClusterNetworkPolicy &policy, const TierDecision &d, PolicyType direction)
{
    const auto &rules = direction == PolicyType::Ingress ? policy.ingress : policy.egress;
    const std::string &name = d.ruleIndex < rules.size() ? rules[d.ruleIndex].name : std::string();
    return name.empty() ? std::string(direction == PolicyType::Ingress ? "ingress" : "egress") + '[' +
                              std::to_string(d.ruleIndex) + ']'
                        : '\'' + name + '\'';
}

std::string verb(ClusterPolicyAction action)
{
    switch (action) {
    case ClusterPolicyAction::Accept:
        return "allows";
    case ClusterPolicyAction::Deny:
        return "denies";
    case ClusterPolicyAction::Pass:
        break;
    }
    return "passes";
}

// "Admin ClusterNetworkPolicy 'x' (priority 5) rule 'to-dns'"
std::string decider(const Cluster &cluster, const TierDecision &d, PolicyType direction)
{
    const ClusterNetworkPolicy &p = cluster.clusterPolicies[d.policy];
    std::string out = std::string(tierName(p.tier)) + ' ' + p.displayName();
    if (p.kind != ClusterPolicyKind::BaselineAdminNetworkPolicy)
        out += " (priority " + std::to_string(p.priority) + ')';
    return out + " rule " + ruleName(p, d, direction);
}

// The tiers, in the order they decide: Admin, NetworkPolicy, Baseline, the default.
std::string describeTiers(const Cluster &cluster, const SideExplanation &s, const std::string &other,
                          const std::optional<Probe> &probe)
{
    const PolicyType dir = s.direction;
    std::string out;
    auto covers = [&](const ConnectionSet &c) { return probe && c.allows(probe->protocol, probe->port); };
    if (probe) {
        // The one chain that decided the probed connection.
        std::string chain;
        bool decided = false;
        for (const TierDecision &d : s.admin)
            if (covers(d.connections)) {
                chain = decider(cluster, d, dir) + ' ' + verb(d.action);
                decided = d.action != ClusterPolicyAction::Pass;
                chain += decided ? " it" : "";
                break;
            }
        if (chain.empty())
            chain = "no Admin rule matches";
        if (!decided) {
            chain += "; ";
            if (s.isolated) {
                chain += "NetworkPolicy " + policyList(cluster, s.isolatingPolicies) + " selects the pod and " +
                         (s.allowed.allows(probe->protocol, probe->port) ? "allows it" : "no rule allows it");
            } else {
                std::string base;
                for (const TierDecision &d : s.baseline)
                    if (covers(d.connections)) {
                        base = decider(cluster, d, dir) + ' ' + verb(d.action) +
                               (d.action == ClusterPolicyAction::Pass ? " to the default, which allows it" : " it");
                        break;
                    }
                chain += "no NetworkPolicy selects the pod; " +
                         (base.empty() ? std::string("no Baseline rule matches, so the default allows it") : base);
            }
        }
        out += "    " + chain + ".\n";
    } else {
        for (const TierDecision &d : s.admin)
            out += "    " + decider(cluster, d, dir) + ' ' + verb(d.action) + ' ' + d.connections.toString() + ".\n";
        if (s.admin.empty())
            out += "    No Admin rule matches " + other + ".\n";
        if (!s.reachedNetworkPolicy.isEmpty()) {
            if (s.isolated) {
                out += "    NetworkPolicy " + policyList(cluster, s.isolatingPolicies) +
                       " selects the pod and decides the rest (" + s.reachedNetworkPolicy.toString() + ")";
                const ConnectionSet npAllowed = s.allowed.intersected(s.reachedNetworkPolicy);
                out += npAllowed.isEmpty() ? ": no rule allows any of it.\n"
                                           : ": it allows " + npAllowed.toString() + ".\n";
            } else {
                for (const TierDecision &d : s.baseline)
                    out += "    " + decider(cluster, d, dir) + ' ' + verb(d.action) + ' ' +
                           d.connections.toString() + ".\n";
                if (!s.byDefault.isEmpty())
                    out += "    No NetworkPolicy selects the pod and no Baseline rule matches " +
                           s.byDefault.toString() + ": allowed by default.\n";
            }
        }
    }
    for (size_t p : s.unmatchedAddressPeers)
        out += "    " + cluster.clusterPolicies[p].displayName() +
               " has nodes or domainNames peers: a domain name has no address here and a node only its own "
               "addresses, so they do not match " + other + ".\n";
    return out;
}

std::string describeSide(const Cluster &cluster, const SideExplanation &s,
                         const std::string &subject, const std::string &other,
                         const std::optional<Probe> &probe)
{
    const bool ingress = s.direction == PolicyType::Ingress;
    std::string out = ingress ? "  Ingress of " : "  Egress of ";
    out += subject + ": ";
    if (s.policed && s.tiered)
        return out + "cluster-wide tiers apply (Admin, then NetworkPolicy, then Baseline).\n" +
               describeTiers(cluster, s, other, probe);
    if (!s.policed)
        return out + "outside the cluster, no NetworkPolicy applies there.\n";
    if (!s.isolated)
        return out + "not isolated (no NetworkPolicy selects it with " +
               (ingress ? "Ingress" : "Egress") + " in policyTypes), so all traffic " +
               (ingress ? "may enter" : "may leave") + ".\n";
    out += "isolated by " + policyList(cluster, s.isolatingPolicies) + ".\n";
    if (s.allowingRules.empty()) {
        out += "    No rule of these policies " + std::string(ingress ? "admits traffic from " : "lets traffic go to ") +
               other + ".\n";
        return out;
    }
    for (const RuleMatch &m : s.allowingRules) {
        const bool relevant = !probe || m.connections.allows(probe->protocol, probe->port);
        out += "    " + cluster.policies[m.policy].qualifiedName() + ' ' + rulesKey(s.direction) +
               '[' + std::to_string(m.ruleIndex) + "] allows " + m.connections.toString() +
               (relevant ? "" : " (not the probed port)") + ".\n";
    }
    if (probe && !sideAllows(s, probe))
        out += "    None of these rules covers " + std::string(protocolName(probe->protocol)) + ' ' +
               std::to_string(probe->port) + ".\n";
    return out;
}

std::string suggestion(const Cluster &cluster, const Explanation &e, const SideExplanation &s,
                       const std::optional<Probe> &probe)
{
    const bool ingress = s.direction == PolicyType::Ingress;
    const Endpoint &subject = ingress ? e.to : e.from;
    const Endpoint &other = ingress ? e.from : e.to;
    for (const TierDecision &d : s.admin)
        if (d.action == ClusterPolicyAction::Deny &&
            (!probe || d.connections.allows(probe->protocol, probe->port)))
            return "  An Admin tier Deny decides before any NetworkPolicy: no NetworkPolicy can open it; "
                   "change " + cluster.clusterPolicies[d.policy].displayName() + " instead.\n";
    std::string peer;
    if (other.isExternal()) {
        peer = "an ipBlock covering " + other.shortName(cluster);
    } else {
        const Workload &w = cluster.workloads[other.workload];
        const Workload &self = cluster.workloads[subject.workload];
        std::string labels;
        for (const auto &[k, v] : w.labels)
            labels += (labels.empty() ? "" : ",") + k + '=' + v;
        peer = "a podSelector matching " + w.qualifiedName() + (labels.empty() ? "" : " (" + labels + ")");
        if (w.namespaceName != self.namespaceName)
            peer += " with a namespaceSelector on " + std::string(kNamespaceNameLabel) + '=' +
                    w.namespaceName;
    }
    std::string port = probe ? std::string(protocolName(probe->protocol)) + ' ' +
                                   std::to_string(probe->port)
                             : std::string("the needed ports");
    return std::string("  To allow it: add an ") + (ingress ? "ingress" : "egress") +
           " rule to a policy selecting " + subject.shortName(cluster) + ", " +
           (ingress ? "from " : "to ") + peer + ", on " + port + ".\n";
}

void jsonSide(JsonWriter &out, const Cluster &cluster, const SideExplanation &s)
{
    out.beginObject();
    out.key("policed");
    out.value(s.policed);
    out.key("isolated");
    out.value(s.isolated);
    out.key("isolatingPolicies");
    out.beginArray();
    for (size_t p : s.isolatingPolicies)
        out.value(cluster.policies[p].qualifiedName());
    out.endArray();
    out.key("allowingRules");
    out.beginArray();
    for (const RuleMatch &m : s.allowingRules) {
        out.beginObject();
        out.key("policy");
        out.value(cluster.policies[m.policy].qualifiedName());
        out.key("rule");
        out.value(std::string(rulesKey(s.direction)) + '[' + std::to_string(m.ruleIndex) + ']');
        out.key("connections");
        out.value(m.connections.toString());
        out.endObject();
    }
    out.endArray();
    if (s.tiered) {
        // The cluster-wide tiers, in evaluation order.
        auto decisions = [&](const char *key, const std::vector<TierDecision> &list) {
            out.key(key);
            out.beginArray();
            for (const TierDecision &d : list) {
                const ClusterNetworkPolicy &p = cluster.clusterPolicies[d.policy];
                out.beginObject();
                out.key("tier");
                out.value(tierName(p.tier));
                out.key("kind");
                out.value(clusterPolicyKindName(p.kind));
                out.key("policy");
                out.value(p.name);
                out.key("priority");
                out.value(static_cast<long long>(p.priority));
                const auto &rules = s.direction == PolicyType::Ingress ? p.ingress : p.egress;
                out.key("rule");
                out.value(rules[d.ruleIndex].name);
                out.key("ruleIndex");
                out.value(d.ruleIndex);
                out.key("action");
                out.value(actionName(d.action, p.kind));
                out.key("connections");
                out.value(d.connections.toString());
                out.endObject();
            }
            out.endArray();
        };
        decisions("admin", s.admin);
        out.key("reachedNetworkPolicy");
        out.value(s.reachedNetworkPolicy.toString());
        decisions("baseline", s.baseline);
        out.key("allowedByDefault");
        out.value(s.byDefault.toString());
    }
    out.key("allowed");
    out.value(s.allowed.toString());
    out.endObject();
}

} // namespace

std::string text(const Evaluator &evaluator, const Explanation &e, std::optional<Probe> probe)
{
    const Cluster &cluster = evaluator.cluster();
    const std::string from = e.from.displayName(cluster);
    const std::string to = e.to.displayName(cluster);
    std::string out = from + " -> " + to;
    if (probe)
        out += " on " + std::string(protocolName(probe->protocol)) + '/' + std::to_string(probe->port);
    if (e.from.isExternal() && e.to.isExternal())
        return out + ": not evaluated: both ends are outside the cluster, where NetworkPolicies "
                     "do not apply.\n";
    const bool allowed = probe ? e.allowed.allows(probe->protocol, probe->port) : !e.allowed.isEmpty();
    out += allowed ? ": ALLOWED" : ": DENIED";
    if (!probe)
        out += allowed ? " (" + e.allowed.toString() + ")" : "";
    out += "\n";
    out += describeSide(cluster, e.egress, from, to, probe);
    out += describeSide(cluster, e.ingress, to, from, probe);
    for (const Endpoint &end : {e.from, e.to})
        if (end.isWorkload() && cluster.workloads[end.workload].hostNetwork)
            out += "  Note: " + end.displayName(cluster) +
                   " uses its node's network (hostNetwork): most network plugins do not enforce "
                   "NetworkPolicy for it, so this verdict may not hold on a cluster.\n";

    const bool egressOk = sideAllows(e.egress, probe);
    const bool ingressOk = sideAllows(e.ingress, probe);
    if (allowed) {
        out += "  Both sides allow it: the sender's egress and the receiver's ingress.\n";
        return out;
    }
    if (!egressOk && !ingressOk)
        out += "  Denied on both sides.\n";
    else if (!egressOk)
        out += "  Denied by the sender's egress side" +
               std::string(e.ingress.isolated ? " (the receiver's ingress allows it)" : "") + ".\n";
    else if (!ingressOk)
        out += "  Denied by the receiver's ingress side.\n";
    else
        out += "  Each side allows some traffic, but no connection is allowed by both.\n";
    if (!egressOk)
        out += suggestion(cluster, e, e.egress, probe);
    if (!ingressOk)
        out += suggestion(cluster, e, e.ingress, probe);
    return out;
}

void json(JsonWriter &out, const Evaluator &evaluator, const Explanation &e)
{
    const Cluster &cluster = evaluator.cluster();
    out.beginObject();
    out.key("egress");
    jsonSide(out, cluster, e.egress);
    out.key("ingress");
    jsonSide(out, cluster, e.ingress);
    out.endObject();
}

} // namespace netfence::core::ExplanationWriter
