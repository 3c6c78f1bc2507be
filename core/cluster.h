#pragma once

#include "core/clusternetworkpolicy.h"
#include "core/diagnostic.h"
#include "core/ipaddress.h"
#include "core/labelselector.h"
#include "core/networkpolicy.h"
#include "core/protocol.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

inline constexpr const char *kNamespaceNameLabel = "kubernetes.io/metadata.name";

struct Namespace
{
    std::string name;
    Labels labels; // always includes kubernetes.io/metadata.name
    bool declared = false; // false when only referenced by other objects
    SourceLocation location;
};

struct ContainerPort
{
    std::string name; // may be empty
    int port = 0;
    Protocol protocol = Protocol::TCP;

    friend bool operator==(const ContainerPort &, const ContainerPort &) = default;
    friend auto operator<=>(const ContainerPort &, const ContainerPort &) = default;
};

// A traffic endpoint in the cluster: a bare pod, or a workload and all the pods it owns.
struct Workload
{
    std::string namespaceName;
    std::string name;
    std::string kind; // Pod, Deployment, ReplicaSet, ... as written in the owner reference
    Labels labels;
    std::vector<ContainerPort> ports;
    std::vector<IPAddress> ips;
    std::vector<std::string> podNames; // the pod objects folded into this workload
    std::optional<int> replicas;
    // Runs in its node's network namespace: Kubernetes leaves policies on such pods undefined
    // and most network plugins do not enforce them. Evaluated as any pod, but flagged.
    bool hostNetwork = false;
    SourceLocation location;

    std::string qualifiedName() const { return namespaceName + '/' + name; }
    // netpol-analyzer's peer name: "ns/name[Kind]".
    std::string displayName() const { return qualifiedName() + '[' + kind + ']'; }
};

struct ServicePort
{
    std::string name;
    int port = 0;
    std::string targetPort;
    Protocol protocol = Protocol::TCP;
};

// Kept for display: which workloads a Service fronts.
struct Service
{
    std::string namespaceName;
    std::string name;
    Labels selector;
    std::vector<ServicePort> ports;
    SourceLocation location;
};

// A Node, for ClusterNetworkPolicy `nodes` peers: they match its addresses, which are the
// addresses of the hostNetwork pods it runs.
struct Node
{
    std::string name;
    Labels labels;
    std::vector<IPAddress> addresses; // status.addresses of an IP type
    SourceLocation location;
};

// One HTTP path of an Ingress rule, or an OpenShift Route, sending outside traffic to a Service.
struct IngressBackend
{
    std::string host; // empty: any host
    std::string path;
    std::string serviceName;
    // Ingress: the Service port's number or name. Route: spec.port.targetPort (a Service port
    // name, or a target port number or name). Empty: every port of the Service (a Route without
    // spec.port).
    std::string port;
    SourceLocation location;
};

// An Ingress (networking.k8s.io/v1) or an OpenShift Route: the ingress controller, a peer from
// outside the cluster, forwards traffic to the backends' pods.
struct IngressOrRoute
{
    std::string kind; // "Ingress" or "Route"
    std::string namespaceName;
    std::string name;
    std::vector<IngressBackend> backends; // defaultBackend first, then rules in order
    SourceLocation location;

    std::string qualifiedName() const { return namespaceName + '/' + name; }
};

// Everything netfence knows about one cluster (or design).
struct Cluster
{
    std::vector<Namespace> namespaces;
    std::vector<Workload> workloads;
    std::vector<Service> services;
    std::vector<NetworkPolicy> policies;
    // AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy objects.
    std::vector<ClusterNetworkPolicy> clusterPolicies;
    std::vector<Node> nodes;
    std::vector<IngressOrRoute> ingresses;

    const Namespace *findNamespace(const std::string &name) const;
    // Creates the namespace with its name label when it is not there yet.
    Namespace &ensureNamespace(const std::string &name);
    // The namespace's labels; an unknown namespace still carries its name label.
    Labels namespaceLabels(const std::string &name) const;
    // Index of the workload "ns/name" (kind ignored), or -1.
    int findWorkload(const std::string &qualifiedName) const;
};

} // namespace netfence::core
