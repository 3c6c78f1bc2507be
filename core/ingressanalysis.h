#pragma once

#include "core/cluster.h"
#include "core/connectionset.h"
#include "core/evaluator.h"
#include "core/tierwalk.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// How an Ingress or Route reaches one workload: through which Service and on which port.
struct IngressPath
{
    size_t ingress = 0; // index into Cluster::ingresses
    size_t backend = 0; // index into its backends
    size_t service = 0; // index into Cluster::services
    int port = 0;       // the workload's container port (TCP)
};

// A workload that Ingresses or Routes expose, and what the ingress controller may send it.
struct IngressExposure
{
    size_t workload = 0;
    std::vector<IngressPath> paths;
    ConnectionSet exposed; // every port the paths lead to (TCP)
    ConnectionSet allowed; // `exposed` as far as the policies of every tier let it through
};

// What the policies let the controller send one workload, tier by tier.
struct ControllerVerdict
{
    std::optional<ConnectionSet> networkPolicy; // the workload's ingress NetworkPolicies, if any
    TierWalk::Result egress;  // the controller's own egress (cluster policies selecting it)
    TierWalk::Result ingress; // the workload's ingress: Admin, NetworkPolicy, Baseline
    ConnectionSet allowed;    // both directions
};

// The ingress controller as netpol-analyzer models it ("{ingress-controller}"): a pod with no
// labels in a namespace of its own (ingress-controller-ns, with only its name label), outside
// every NetworkPolicy's reach unless a rule admits all namespaces. Like any pod it passes the
// cluster-wide tiers both ways: cluster policies whose subject selects it decide its egress, and
// the workload's ingress goes Admin, then its NetworkPolicies, then (none isolating it)
// Baseline, then allow. Backends resolve through the
// Service in the Ingress's namespace: its selector (a Service without one is ignored) picks the
// workloads, the Ingress port (number or name) or the Route's targetPort picks the first Service
// port with that port, name or targetPort (a Route without one: every port), and the target port
// (named ports through the workload's TCP container ports) counts when the workload's containers
// declare it.
namespace IngressAnalysis {

inline constexpr const char *kControllerName = "{ingress-controller}";
inline constexpr const char *kControllerNamespace = "ingress-controller-ns";

// Every exposed workload, sorted by display name; workloads no path reaches are left out.
std::vector<IngressExposure> analyze(const Evaluator &evaluator);
// What the policies of every tier let the controller send the workload.
ConnectionSet controllerAllowed(const Evaluator &evaluator, size_t workload);
ControllerVerdict controllerVerdict(const Evaluator &evaluator, size_t workload);
// "Ingress shop/web (host a.example.com, path /cart) through Service web port 8080".
std::string describe(const Cluster &cluster, const IngressPath &path);
// The explanation `explain --from {ingress-controller}` prints for one workload.
std::string explainText(const Evaluator &evaluator, size_t workload);

} // namespace IngressAnalysis

} // namespace netfence::core
