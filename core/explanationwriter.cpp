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

std::string describeSide(const Cluster &cluster, const SideExplanation &s,
                         const std::string &subject, const std::string &other,
                         const std::optional<Probe> &probe)
{
    const bool ingress = s.direction == PolicyType::Ingress;
    std::string out = ingress ? "  Ingress of " : "  Egress of ";
    out += subject + ": ";
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
