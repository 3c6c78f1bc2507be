#pragma once

#include "core/cluster.h"

#include <cstdint>
#include <string>

namespace netfence::core {

// Synthetic clusters shaped like real ones, for benchmarks and scale tests: team namespaces
// (team/env labels) with Deployments (app/tier/team labels, named container ports), per-namespace
// default deny, DNS egress, and allow rules with podSelectors, namespaceSelectors, both,
// named and numeric ports, endPort ranges and a few ipBlocks with except.
// The same options always give the same cluster.
namespace ClusterGenerator {

struct Options
{
    int namespaces = 10; // kube-system, monitoring and ingress-nginx included from 4 on
    int workloads = 100; // Deployments, one endpoint each
    int policies = 30;
    std::uint64_t seed = 1;
};

Cluster generate(const Options &options);

// Writes namespaces.yaml plus NS/deployments.yaml and NS/networkpolicies.yaml per namespace
// into `folder` (created when missing). Returns the problem, or "" on success.
std::string write(const Cluster &cluster, const std::string &folder);

} // namespace ClusterGenerator

} // namespace netfence::core
