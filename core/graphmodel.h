#pragma once

#include "core/cluster.h"
#include "core/connectionset.h"
#include "core/endpoint.h"

#include <set>
#include <string>
#include <vector>

namespace netfence::core {

class Evaluator;
struct EvaluatorUpdate;

// What the graph shows, decided without Qt: workload and address-range nodes in their groups
// (namespaces, and the area outside the cluster), and the allowed traffic as arrows. Arrows are
// bundled where the picture would otherwise repeat itself: every pod of a namespace reaching
// every pod of another on the same connections is one arrow between the namespace boxes, a
// collapsed namespace sums its pods' arrows, and a pod reaching every outside range the same
// way has one arrow to the outside area. The app draws it and `netfence-cli graph` prints it.
class GraphModel
{
public:
    // The id of the area outside the cluster: not a valid namespace name, so it cannot clash.
    static constexpr const char *kOutside = "\x1Foutside";
    // The dashed area of peers the manifests do not contain but rules admit (exposure).
    static constexpr const char *kExposure = "\x1F" "exposure";
    // The ingress controller's node (in kOutside), present when an Ingress or Route exposes a
    // workload (IngressAnalysis).
    static constexpr const char *kIngressController = "{ingress-controller}";

    // What a node stands for. Only Endpoint nodes carry a meaningful `endpoint`.
    enum class Role
    {
        Endpoint,          // a workload or an outside range
        IngressController, // netpol-analyzer's {ingress-controller}
        Exposure           // "entire-cluster" or a representative peer (ExposureReport)
    };

    struct Node
    {
        std::string id;    // "ns/name" (the display name when two workloads share it), or the range
        std::string group; // its namespace, or kOutside
        Endpoint endpoint;
        std::string title; // the workload's name, or "Internet" / the CIDRs of the range
        Role role = Role::Endpoint;
        // An exposed workload: the Ingresses and Routes that reach it ("Ingress shop/front
        // (host shop.example.com, path /) through Service web to port 8080"), one per line.
        std::string exposedBy;
    };
    struct Edge
    {
        std::string from; // a node id, or a group (namespace or kOutside) when fromGroup
        std::string to;
        bool fromGroup = false;
        bool toGroup = false;
        bool bundle = false; // group to group
        // The groups its ends lie in (namespace, kOutside or kExposure), whether or not an end
        // is the group itself: what EdgeScope selects by.
        std::string fromGroupId, toGroupId;
        ConnectionSet connections;
        std::string label;
        Endpoint fromEndpoint; // a representative pair, for explanations
        Endpoint toEndpoint;
        size_t pairs = 0; // pod pairs it stands for
        // From the ingress controller, or to/from an exposure placeholder: the endpoints are
        // not meaningful for the evaluator; `label` says the connections (named ports kept).
        bool special = false;
    };
    struct Group
    {
        std::string id; // namespace name, or kOutside
        bool collapsed = false;
        size_t workloads = 0;
        std::string note; // "every pod ↔ every pod: TCP 80" when that holds inside it
    };

    // Which arrows a model builds: every one, or only those that leave a group of `from` or
    // enter a group of `to` (by Edge::fromGroupId / toGroupId). After an edit of policies
    // only, those are all the arrows the evaluator's update may have changed, complete
    // (bundles and sums included); the others are as they were.
    struct EdgeScope
    {
        bool all = true;
        std::set<std::string> from, to;
        // The groups of the classes whose egress (from) or ingress (to) side `update` says
        // changed; every arrow when it says everything changed.
        static EdgeScope of(const Cluster &cluster, const Evaluator &evaluator, const EvaluatorUpdate &update);
        bool contains(const std::string &fromGroupId, const std::string &toGroupId) const
        {
            return all || from.count(fromGroupId) > 0 || to.count(toGroupId) > 0;
        }
        friend bool operator==(const EdgeScope &, const EdgeScope &) = default;
    };

    // `collapsed`: namespaces shown as one box (their pods hidden, their arrows summed).
    // `exposure`: also the peers beyond the manifests (ExposureReport) as placeholder nodes in
    // kExposure, with arrows to and from the workloads they may reach.
    // `scope`: the arrows to build; with a partial scope, groups() carry their note only when
    // they are in it (as a source or a destination).
    GraphModel(const Cluster &cluster, const Evaluator &evaluator, std::set<std::string> collapsed = {},
               bool exposure = false);
    GraphModel(const Cluster &cluster, const Evaluator &evaluator, std::set<std::string> collapsed, bool exposure,
               EdgeScope scope);
    // The same, its edges built in `memory` (cleared first): an earlier model's edges
    // (takeEdges()), whose pages are in use already where fresh ones would fault one by one.
    GraphModel(const Cluster &cluster, const Evaluator &evaluator, std::set<std::string> collapsed, bool exposure,
               EdgeScope scope, std::vector<Edge> memory);

    // Above this many workloads a cluster opens with every namespace collapsed.
    static constexpr size_t kCollapseAbove = 300;
    // The namespaces a freshly opened cluster shows collapsed.
    static std::set<std::string> collapsedOnOpen(const Cluster &cluster);
    // Points the model at `cluster` and `evaluator`, equal to those it was built from: a
    // model built beside a cluster that was then moved into its owner.
    void rebind(const Cluster &cluster, const Evaluator &evaluator);
    // Whether it is the complete picture of these options (every arrow built).
    bool isComplete(const std::set<std::string> &collapsed, bool exposure) const
    {
        return mScope.all && mCollapsed == collapsed && mExposure == exposure;
    }
    // Whether it is the picture of these options and scope (a model built elsewhere fits).
    bool fits(const std::set<std::string> &collapsed, bool exposure, const EdgeScope &scope) const
    {
        return mScope == scope && mCollapsed == collapsed && mExposure == exposure;
    }

    const std::vector<Node> &nodes() const { return mNodes; }
    const std::vector<Edge> &edges() const { return mEdges; }
    // Hands the edges over, leaving the model without any: memory for the next model.
    std::vector<Edge> takeEdges() { return std::move(mEdges); }
    const std::vector<Group> &groups() const { return mGroups; }
    const Node *node(const std::string &id) const;
    bool isCollapsed(const std::string &group) const { return mCollapsed.count(group) > 0; }

    // The node ids shown in focus on `seeds`: the seeds and every node an arrow joins to them
    // (through a group end, every node of the group).
    std::set<std::string> focus(const std::set<std::string> &seeds) const;

    // Nodes a policy's podSelector selects, and nodes its rules match as peers, by the
    // evaluator's own match sets (so ipBlock matching follows EvaluatorOptions).
    struct PolicyMatch
    {
        std::set<std::string> selected;
        std::set<std::string> peers;
    };
    PolicyMatch policyMatch(size_t policy) const;

    // "TCP 80", "UDP 53, TCP 53", "All".
    static std::string label(const ConnectionSet &connections);
    // "Internet" for the range holding public addresses, else its CIDRs (or the range).
    static std::string externalTitle(const IPRange &range);

private:
    void buildNodes();
    void buildEdges();
    void addIngressAndExposure(bool exposure);

    const Cluster *mCluster;
    const Evaluator *mEvaluator;
    std::set<std::string> mCollapsed;
    bool mExposure = false;
    EdgeScope mScope;
    std::vector<Node> mNodes;
    std::vector<Edge> mEdges;
    std::vector<Group> mGroups;
};

} // namespace netfence::core
