#include "core/clusternetworkpolicy.h"

#include "core/cluster.h"
#include "core/connectionset.h"

#include <algorithm>
#include <numeric>

namespace netfence::core {

std::string ClusterPolicyPort::toString() const
{
    if (isNamed())
        return "named port " + namedPort;
    const std::string proto = protocol ? std::string(protocolName(*protocol)) : std::string("TCP");
    if (!port)
        return proto + " (all ports)";
    if (endPort && *endPort != *port)
        return proto + ' ' + std::to_string(*port) + '-' + std::to_string(*endPort);
    return proto + ' ' + std::to_string(*port);
}

std::string ClusterPolicyPeer::toString() const
{
    if (namespaces)
        return "namespaces " + namespaces->toString();
    if (pods)
        return "pods " + pods->toString() + " in namespaces " +
               (podNamespaces ? podNamespaces->toString() : std::string("{}"));
    auto joined = [](const std::vector<std::string> &items) {
        std::string out;
        for (const std::string &s : items)
            out += (out.empty() ? "" : ",") + s;
        return out;
    };
    if (networks) {
        std::vector<std::string> cidrs;
        for (const IPBlock &b : *networks)
            cidrs.push_back(b.cidr);
        return "networks " + joined(cidrs);
    }
    if (nodes)
        return "nodes " + nodes->toString();
    if (domainNames)
        return "domainNames " + joined(*domainNames);
    return "(empty peer)";
}

bool ClusterPolicySubject::selects(const Labels &namespaceLabels, const Labels &podLabels) const
{
    if (namespaces)
        return namespaces->matches(namespaceLabels);
    return pods && podNamespaces.matches(namespaceLabels) && pods->matches(podLabels);
}

std::string ClusterNetworkPolicy::displayName() const
{
    return std::string(clusterPolicyKindName(kind)) + " '" + name + '\'';
}

std::string ClusterNetworkPolicy::shortName() const
{
    switch (kind) {
    case ClusterPolicyKind::AdminNetworkPolicy:
        return "anp/" + name;
    case ClusterPolicyKind::BaselineAdminNetworkPolicy:
        return "banp/" + name;
    case ClusterPolicyKind::ClusterNetworkPolicy:
        break;
    }
    return "cnp/" + name;
}

const char *tierName(PolicyTier tier)
{
    return tier == PolicyTier::Admin ? "Admin" : "Baseline";
}

const char *actionName(ClusterPolicyAction action, ClusterPolicyKind kind)
{
    switch (action) {
    case ClusterPolicyAction::Accept:
        return kind == ClusterPolicyKind::ClusterNetworkPolicy ? "Accept" : "Allow";
    case ClusterPolicyAction::Deny:
        return "Deny";
    case ClusterPolicyAction::Pass:
        break;
    }
    return "Pass";
}

const char *clusterPolicyKindName(ClusterPolicyKind kind)
{
    switch (kind) {
    case ClusterPolicyKind::AdminNetworkPolicy:
        return "AdminNetworkPolicy";
    case ClusterPolicyKind::BaselineAdminNetworkPolicy:
        return "BaselineAdminNetworkPolicy";
    case ClusterPolicyKind::ClusterNetworkPolicy:
        break;
    }
    return "ClusterNetworkPolicy";
}

std::vector<size_t> clusterPolicyOrder(const std::vector<ClusterNetworkPolicy> &policies)
{
    std::vector<size_t> order(policies.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const ClusterNetworkPolicy &x = policies[a], &y = policies[b];
        if (x.tier != y.tier)
            return x.tier == PolicyTier::Admin;
        if (x.priority != y.priority)
            return x.priority < y.priority;
        return x.name < y.name;
    });
    return order;
}

ConnectionSet clusterRulePorts(const ClusterPolicyRule &rule, const Workload *destination)
{
    if (rule.ports.empty())
        return ConnectionSet::all();
    ConnectionSet out;
    for (const ClusterPolicyPort &port : rule.ports) {
        if (port.isNamed()) {
            if (destination)
                for (const ContainerPort &c : destination->ports)
                    if (c.name == port.namedPort)
                        out.add(c.protocol, c.port, c.port);
        } else if (port.protocol) {
            if (port.port)
                out.add(*port.protocol, *port.port, port.endPort.value_or(*port.port));
            else
                out.add(*port.protocol, kMinPort, kMaxPort);
        }
    }
    return out;
}

} // namespace netfence::core
