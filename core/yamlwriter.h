#pragma once

#include "core/cluster.h"
#include "core/networkpolicy.h"

#include <string>
#include <vector>

namespace netfence::core {

// Writes kubectl-ready manifests. Strings that a YAML 1.1 reader (kubectl's) would take for a
// number, a boolean or null are quoted, so "80", "y" and "true" stay strings.
namespace YamlWriter {

std::string policy(const NetworkPolicy &policy);
// Several policies as one multi-document stream.
std::string policies(const std::vector<NetworkPolicy> &policies);
std::string namespaceObject(const Namespace &ns);
// A cluster policy as its own kind and version: ClusterNetworkPolicy (v1alpha2), or
// AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1).
std::string clusterPolicy(const ClusterNetworkPolicy &policy);
std::string node(const Node &node);
// A bare pod as a Pod (with its IPs), anything else as a Deployment with the workload's
// labels and ports.
std::string workload(const Workload &workload);
// The whole design as the editor saves it: every namespace, workload and policy, one
// multi-document stream that loads back as the same model.
std::string design(const Cluster &cluster);

// The scalar as it must appear in YAML: plain when safe, else double-quoted.
std::string scalar(const std::string &text);

} // namespace YamlWriter

} // namespace netfence::core
