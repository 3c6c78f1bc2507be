#include "core/ingressanalysis.h"

#include "core/tierwalk.h"

#include <algorithm>
#include <map>

namespace netfence::core::IngressAnalysis {

namespace {

bool isNumber(const std::string &s)
{
    return !s.empty() && s.size() <= 5 && s.find_first_not_of("0123456789") == std::string::npos;
}

// The Service ports a backend asks for: the first whose port, name or targetPort it names;
// every port when it names none.
std::vector<const ServicePort *> servicePorts(const Service &service, const std::string &wanted)
{
    std::vector<const ServicePort *> out;
    for (const ServicePort &p : service.ports) {
        if (wanted.empty()) {
            out.push_back(&p);
            continue;
        }
        const bool hit = isNumber(wanted)
                             ? p.port == std::stoi(wanted) || p.targetPort == wanted
                             : (!p.name.empty() && p.name == wanted) || p.targetPort == wanted;
        if (hit) {
            out.push_back(&p);
            break;
        }
    }
    return out;
}

// The workload's port that a Service port sends to, or 0 when its containers do not declare it.
int targetPort(const ServicePort &port, const Workload &workload)
{
    int number = 0;
    if (port.targetPort.empty())
        number = port.port;
    else if (isNumber(port.targetPort))
        number = std::stoi(port.targetPort);
    else
        for (const ContainerPort &c : workload.ports)
            if (c.name == port.targetPort && c.protocol == Protocol::TCP) {
                number = c.port;
                break;
            }
    if (number <= 0) return 0;
    // netpol-analyzer takes every declared container port number as a TCP port here.
    for (const ContainerPort &c : workload.ports)
        if (c.port == number) return number;
    return 0;
}

bool peerAdmitsController(const NetworkPolicy &policy, const NetworkPolicyPeer &peer)
{
    if (peer.ipBlock) return false;
    static const Labels kNamespaceLabels{{kNamespaceNameLabel, kControllerNamespace}};
    if (peer.namespaceSelector) {
        if (!peer.namespaceSelector->matches(kNamespaceLabels)) return false;
    } else if (policy.namespaceName != kControllerNamespace) {
        return false;
    }
    return !peer.podSelector || peer.podSelector->matches(Labels{});
}

ConnectionSet rulePorts(const NetworkPolicyRule &rule, const Workload &destination)
{
    if (rule.ports.empty()) return ConnectionSet::all();
    ConnectionSet out;
    for (const NetworkPolicyPort &port : rule.ports) {
        const Protocol protocol = port.effectiveProtocol();
        if (port.isNamed()) {
            for (const ContainerPort &c : destination.ports)
                if (c.name == port.namedPort && c.protocol == protocol)
                    out.add(protocol, c.port, c.port);
        } else if (port.port) {
            out.add(protocol, *port.port, port.endPort.value_or(*port.port));
        } else {
            out.add(ConnectionSet::allOf(protocol));
        }
    }
    return out;
}

} // namespace

namespace {

// What the workload's ingress NetworkPolicies let the controller in with; none when none
// isolates it.
std::optional<ConnectionSet> networkPolicyAllowed(const Evaluator &evaluator, size_t workload)
{
    const Cluster &cluster = evaluator.cluster();
    ConnectionSet allowed;
    bool isolated = false;
    for (size_t p : evaluator.policiesSelecting(workload)) {
        const NetworkPolicy &policy = cluster.policies[p];
        if (!policy.affectsIngress()) continue;
        isolated = true;
        for (const NetworkPolicyRule &rule : policy.ingress) {
            const bool admits =
                rule.peers.empty() || std::any_of(rule.peers.begin(), rule.peers.end(),
                                                  [&](const NetworkPolicyPeer &peer) {
                                                      return peerAdmitsController(policy, peer);
                                                  });
            if (admits) allowed.add(rulePorts(rule, cluster.workloads[workload]));
        }
    }
    if (!isolated) return std::nullopt;
    return allowed;
}

} // namespace

ControllerVerdict controllerVerdict(const Evaluator &evaluator, size_t workload)
{
    const Cluster &cluster = evaluator.cluster();
    const Workload &destination = cluster.workloads[workload];
    const OutsidePeer controller =
        TierWalk::pod({{kNamespaceNameLabel, kControllerNamespace}}, Labels{});
    // Selectors never pick a hostNetwork pod as a cluster-policy peer (as in Evaluator).
    const OutsidePeer target =
        destination.hostNetwork
            ? OutsidePeer{[](const LabelSelector &) { return false; },
                          [](const LabelSelector &) { return false; }}
            : TierWalk::pod(cluster.namespaceLabels(destination.namespaceName), destination.labels);
    ControllerVerdict v;
    v.networkPolicy = networkPolicyAllowed(evaluator, workload);
    v.egress = TierWalk::walk(cluster, TierWalk::policiesSelecting(cluster, controller), false,
                              target, &destination, std::nullopt);
    v.ingress = TierWalk::walk(cluster, evaluator.clusterPoliciesSelecting(workload), true,
                               controller, &destination, v.networkPolicy);
    v.allowed = v.egress.allowed.intersected(v.ingress.allowed);
    return v;
}

ConnectionSet controllerAllowed(const Evaluator &evaluator, size_t workload)
{
    if (evaluator.cluster().clusterPolicies.empty())
        return networkPolicyAllowed(evaluator, workload).value_or(ConnectionSet::all());
    return controllerVerdict(evaluator, workload).allowed;
}

std::vector<IngressExposure> analyze(const Evaluator &evaluator)
{
    const Cluster &cluster = evaluator.cluster();
    std::map<size_t, IngressExposure> byWorkload;
    if (cluster.ingresses.empty()) return {};
    std::map<std::pair<std::string, std::string>, size_t> services;
    for (size_t s = 0; s < cluster.services.size(); ++s)
        services.emplace(std::pair{cluster.services[s].namespaceName, cluster.services[s].name}, s);
    for (size_t i = 0; i < cluster.ingresses.size(); ++i) {
        const IngressOrRoute &ingress = cluster.ingresses[i];
        for (size_t b = 0; b < ingress.backends.size(); ++b) {
            const IngressBackend &backend = ingress.backends[b];
            auto found = services.find({ingress.namespaceName, backend.serviceName});
            if (found == services.end()) continue;
            const Service &service = cluster.services[found->second];
            if (service.selector.empty()) continue;
            const LabelSelector selector{service.selector, {}};
            const std::vector<const ServicePort *> ports = servicePorts(service, backend.port);
            for (size_t w = 0; w < cluster.workloads.size(); ++w) {
                const Workload &workload = cluster.workloads[w];
                if (workload.namespaceName != service.namespaceName ||
                    !selector.matches(workload.labels))
                    continue;
                for (const ServicePort *port : ports) {
                    const int target = targetPort(*port, workload);
                    if (target == 0) continue;
                    IngressExposure &e = byWorkload[w];
                    e.workload = w;
                    e.paths.push_back({i, b, found->second, target});
                    e.exposed.add(Protocol::TCP, target, target);
                }
            }
        }
    }
    std::vector<IngressExposure> out;
    for (auto &[w, e] : byWorkload) {
        e.allowed = e.exposed.intersected(controllerAllowed(evaluator, w));
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [&](const IngressExposure &a, const IngressExposure &b) {
        return cluster.workloads[a.workload].displayName() <
               cluster.workloads[b.workload].displayName();
    });
    return out;
}

std::string describe(const Cluster &cluster, const IngressPath &path)
{
    const IngressOrRoute &ingress = cluster.ingresses[path.ingress];
    const IngressBackend &backend = ingress.backends[path.backend];
    std::string where;
    if (!backend.host.empty()) where += "host " + backend.host;
    if (!backend.path.empty()) where += (where.empty() ? "path " : ", path ") + backend.path;
    return ingress.kind + ' ' + ingress.qualifiedName() +
           (where.empty() ? "" : " (" + where + ')') + " through Service " +
           cluster.services[path.service].name + " to port " + std::to_string(path.port);
}

std::string explainText(const Evaluator &evaluator, size_t workload)
{
    const Cluster &cluster = evaluator.cluster();
    const std::string name = cluster.workloads[workload].displayName();
    for (const IngressExposure &e : analyze(evaluator)) {
        if (e.workload != workload) continue;
        std::string out = std::string(kControllerName) + " => " + name + '\n';
        out += "Exposed by:\n";
        for (const IngressPath &p : e.paths)
            out += "  " + describe(cluster, p) + '\n';
        out += "Exposed ports: " + e.exposed.toString() + '\n';
        const ControllerVerdict v = controllerVerdict(evaluator, workload);
        for (const TierWalk::Step &step : v.egress.steps)
            out += "  Egress of the controller: " + TierWalk::describe(cluster, false, step) + '\n';
        for (const TierWalk::Step &step : v.ingress.steps)
            if (cluster.clusterPolicies[step.policy].tier == PolicyTier::Admin)
                out += "  " + TierWalk::describe(cluster, true, step) + '\n';
        bool isolated = false;
        for (size_t p : evaluator.policiesSelecting(workload))
            if (cluster.policies[p].affectsIngress()) {
                if (!isolated) out += "Ingress policies selecting it:\n";
                isolated = true;
                out += "  NetworkPolicy " + cluster.policies[p].qualifiedName() + '\n';
            }
        if (!v.ingress.steps.empty() && v.ingress.handedOn.isEmpty())
            out += "Admin cluster policies decide every port: NetworkPolicies are not consulted.\n";
        else if (!isolated)
            out += std::string("No NetworkPolicy isolates it for ingress: ") +
                   (v.ingress.steps.empty() || cluster.clusterPolicies[v.ingress.steps.back().policy].tier ==
                                                  PolicyTier::Admin
                        ? "the controller is let in.\n"
                        : "Baseline decides, then the default lets it in.\n");
        else
            out +=
                "The controller is a pod in a namespace of its own, so only rules admitting every "
                "namespace (namespaceSelector: {}) or every peer let it in.\n";
        for (const TierWalk::Step &step : v.ingress.steps)
            if (cluster.clusterPolicies[step.policy].tier == PolicyTier::Baseline)
                out += "  " + TierWalk::describe(cluster, true, step) + '\n';
        out += "Verdict: " +
               (e.allowed.isEmpty() ? std::string("denied (No Connections)")
                                    : "allowed " + e.allowed.toString()) +
               '\n';
        return out;
    }
    return std::string(kControllerName) + " => " + name + "\nNo Ingress or Route exposes " + name +
           ".\n";
}

} // namespace netfence::core::IngressAnalysis
