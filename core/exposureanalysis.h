#pragma once

#include "core/connectionlist.h"
#include "core/evaluator.h"
#include "core/labelselector.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace netfence::core {

// Ports a rule opens toward a peer that is not in the manifests: named ports stay names, as
// only the unknown peer's containers could resolve them.
struct ExposurePorts
{
    ConnectionSet numbers;
    std::set<std::pair<Protocol, std::string>> names;

    bool isEmpty() const { return numbers.isEmpty() && names.empty(); }
    void add(const ExposurePorts &other);
    // netpol-analyzer's wording: numbers, then the names sorted ("TCP 8080,http").
    std::string toString() const;
    friend bool operator==(const ExposurePorts &, const ExposurePorts &) = default;
};

// A peer a rule admits beyond the loaded manifests: pods its selectors would pick in namespaces
// its selectors would pick ("entire-cluster" has a class of its own: see ExposureLine).
struct RepresentativePeer
{
    LabelSelector namespaceSelector; // a rule without one: the policy's namespace by name
    std::optional<LabelSelector> podSelector;
    std::string policyNamespace; // set when the rule had no namespaceSelector
    // "backend/[all pods]", "[namespace with {team=a}]/[pod with {app=x}]", "[all namespaces]/...".
    std::string displayName() const;
    // For people: "any pod in namespace backend", "pods app=x in any namespace with team=a".
    std::string description() const;
};

// One line of the exposure report.
struct ExposureLine
{
    size_t workload = 0;
    bool ingress = false;
    std::string peer; // "entire-cluster", a RepresentativePeer's or an external range's name
    std::string connections;
    std::optional<size_t> representative; // index into ExposureReport::representatives
    // The rules that decide it, for people: "NetworkPolicy ns/x ingress rule 1: TCP 80",
    // "AdminNetworkPolicy 'y' rule 'deny': Deny TCP 80", "no NetworkPolicy selects it for Ingress".
    std::vector<std::string> openedBy;
};

// netpol-analyzer's `list --exposure`: what each workload's policies open to peers the
// manifests do not contain. A rule peer admitting every namespace (namespaceSelector {} with no
// or an empty podSelector) or a rule without peers opens the workload to "entire-cluster"; any
// other selector pair gives one representative peer, matched by rules whose selectors are equal
// to its own (requirements compared after normalising; an empty rule selector matches every
// representative). Representatives with plain matchLabels selectors that a loaded pod matches
// are dropped (the pod stands for them). Lines equal to the workload's entire-cluster
// connections are left out; workloads no policy isolates in a direction get "entire-cluster :
// All Connections" there and are listed as not protected. Connections with external ranges are
// repeated from the connectivity list.
// Cluster-wide tiers: every line is what the tiers make of the NetworkPolicy answer
// (TierWalk), for the generic member of the peer's selectors: a cluster-policy rule decides it
// when its selectors pick every pod the representative's selectors pick (entire-cluster: only
// selectors picking every namespace). Cluster-policy rules make representatives of their own
// (an Admin Accept from namespaces team=a opens one); a representative an Admin Deny shuts is
// listed with "No Connections" when the entire cluster is open. A workload a cluster policy
// governs in a direction is not listed as unprotected there.
struct ExposureReport
{
    std::vector<RepresentativePeer> representatives;
    std::vector<size_t> exposedWorkloads; // ascending
    std::vector<ExposureLine> egress;     // sorted by workload name, then peer
    std::vector<ExposureLine> ingress;    // sorted by workload name, then peer
    std::vector<std::string> unprotected; // "ns/name[Kind] is not protected on Ingress", sorted

    static ExposureReport build(const Evaluator &evaluator, const ConnectionList &list);
    // The connectivity list in txt form followed by the exposure sections, byte for byte as
    // netpol-analyzer prints them (TABs and padding included).
    std::string text(const Evaluator &evaluator, const ConnectionList &list) const;
    // {"connlist": [...], "exposure": {"egress": [...], "ingress": [...], "unprotected": [...]}}.
    std::string json(const Evaluator &evaluator, const ConnectionList &list) const;
};

} // namespace netfence::core
