#include "core/graphmodel.h"

#include "core/connectionlist.h"
#include "core/evaluator.h"
#include "core/exposureanalysis.h"
#include "core/externalpartition.h"
#include "core/ingressanalysis.h"
#include "core/ipaddress.h"

#include <algorithm>
#include <deque>
#include <map>
#include <span>
#include <tuple>

namespace netfence::core {

GraphModel::GraphModel(const Cluster &cluster, const Evaluator &evaluator, std::set<std::string> collapsed,
                       bool exposure)
    : GraphModel(cluster, evaluator, std::move(collapsed), exposure, EdgeScope())
{
}

GraphModel::GraphModel(const Cluster &cluster, const Evaluator &evaluator, std::set<std::string> collapsed,
                       bool exposure, EdgeScope scope)
    : GraphModel(cluster, evaluator, std::move(collapsed), exposure, std::move(scope), {})
{
}

GraphModel::GraphModel(const Cluster &cluster, const Evaluator &evaluator, std::set<std::string> collapsed,
                       bool exposure, EdgeScope scope, std::vector<Edge> memory)
    : mCluster(&cluster), mEvaluator(&evaluator), mCollapsed(std::move(collapsed)), mExposure(exposure),
      mScope(std::move(scope)), mEdges(std::move(memory))
{
    mEdges.clear();
    buildNodes();
    buildEdges();
    addIngressAndExposure(exposure);
    if (!mScope.all)
        std::erase_if(mEdges, [this](const Edge &e) { return !mScope.contains(e.fromGroupId, e.toGroupId); });
}

std::set<std::string> GraphModel::collapsedOnOpen(const Cluster &cluster)
{
    std::set<std::string> out;
    if (cluster.workloads.size() > kCollapseAbove)
        for (const Namespace &ns : cluster.namespaces)
            out.insert(ns.name);
    return out;
}

void GraphModel::rebind(const Cluster &cluster, const Evaluator &evaluator)
{
    mCluster = &cluster;
    mEvaluator = &evaluator;
}

GraphModel::EdgeScope GraphModel::EdgeScope::of(const Cluster &cluster, const Evaluator &evaluator,
                                                const EvaluatorUpdate &update)
{
    EdgeScope scope;
    if (update.everything)
        return scope;
    scope.all = false;
    // A class holds workloads of one namespace only.
    for (size_t c : update.sourceClasses)
        if (c < evaluator.classCount() && !evaluator.workloadsOf(c).empty())
            scope.from.insert(cluster.workloads[evaluator.workloadsOf(c).front()].namespaceName);
    for (size_t c : update.destinationClasses)
        if (c < evaluator.classCount() && !evaluator.workloadsOf(c).empty())
            scope.to.insert(cluster.workloads[evaluator.workloadsOf(c).front()].namespaceName);
    return scope;
}

void GraphModel::addIngressAndExposure(bool exposure)
{
    // Indices, not pointers: nodes are added below.
    std::map<size_t, size_t> byWorkload;
    for (size_t i = 0; i < mNodes.size(); ++i)
        if (mNodes[i].role == Role::Endpoint && mNodes[i].endpoint.isWorkload())
            byWorkload[mNodes[i].endpoint.workload] = i;
    // A node's end of an arrow: the node, or its namespace's box when that is collapsed.
    auto end = [&](size_t workload, std::string &id, bool &group) {
        const Node &n = mNodes[byWorkload.at(workload)];
        group = isCollapsed(n.group);
        id = group ? n.group : n.id;
    };
    const std::vector<IngressExposure> ingress = IngressAnalysis::analyze(*mEvaluator);
    if (!ingress.empty()) {
        Node controller;
        controller.id = kIngressController;
        controller.group = kOutside;
        controller.endpoint = Endpoint::ofRange(IPRange{});
        controller.title = "Ingress controller";
        controller.role = Role::IngressController;
        mNodes.push_back(controller);
    }
    std::map<std::pair<std::string, bool>, size_t> intoBox;
    for (const IngressExposure &e : ingress) {
        Node &target = mNodes[byWorkload.at(e.workload)];
        for (const IngressPath &p : e.paths)
            target.exposedBy += (target.exposedBy.empty() ? "" : "\n") + IngressAnalysis::describe(*mCluster, p);
        if (e.allowed.isEmpty())
            continue;
        Edge edge;
        edge.from = kIngressController;
        end(e.workload, edge.to, edge.toGroup);
        edge.fromGroupId = kOutside;
        edge.toGroupId = mNodes[byWorkload.at(e.workload)].group;
        edge.connections = e.allowed;
        edge.toEndpoint = Endpoint::ofWorkload(e.workload);
        edge.fromEndpoint = Endpoint::ofRange(IPRange{});
        edge.pairs = 1;
        edge.special = true;
        auto [it, inserted] = intoBox.emplace(std::pair{edge.to, edge.toGroup}, mEdges.size());
        if (inserted) {
            edge.label = label(edge.connections);
            mEdges.push_back(std::move(edge));
        } else {
            Edge &merged = mEdges[it->second];
            merged.connections.add(edge.connections);
            merged.label = label(merged.connections);
            ++merged.pairs;
        }
    }
    if (!exposure)
        return;
    const ExposureReport report = ExposureReport::build(*mEvaluator, ConnectionList::build(*mEvaluator));
    std::set<std::string> placeholders;
    for (const auto *lines : {&report.egress, &report.ingress})
        for (const ExposureLine &l : *lines) {
            if (l.peer.find("[External]") != std::string::npos)
                continue; // outside ranges are drawn already
            if (l.connections == ConnectionSet().toString())
                continue; // a peer a cluster-wide tier shuts gets no arrow
            if (placeholders.insert(l.peer).second) {
                Node n;
                n.id = l.peer;
                n.group = kExposure;
                n.endpoint = Endpoint::ofRange(IPRange{});
                n.title = l.representative ? report.representatives[*l.representative].description()
                                           : std::string("entire cluster");
                n.role = Role::Exposure;
                mNodes.push_back(std::move(n));
            }
            Edge edge;
            std::string &mine = l.ingress ? edge.to : edge.from;
            bool &mineGroup = l.ingress ? edge.toGroup : edge.fromGroup;
            end(l.workload, mine, mineGroup);
            (l.ingress ? edge.from : edge.to) = l.peer;
            (l.ingress ? edge.toGroupId : edge.fromGroupId) = mNodes[byWorkload.at(l.workload)].group;
            (l.ingress ? edge.fromGroupId : edge.toGroupId) = kExposure;
            (l.ingress ? edge.toEndpoint : edge.fromEndpoint) = Endpoint::ofWorkload(l.workload);
            (l.ingress ? edge.fromEndpoint : edge.toEndpoint) = Endpoint::ofRange(IPRange{});
            edge.label = l.connections == "All Connections" ? std::string("All") : l.connections;
            edge.pairs = 1;
            edge.special = true;
            mEdges.push_back(std::move(edge));
        }
    if (!placeholders.empty())
        mGroups.push_back({kExposure, false, 0, "peers the manifests do not hold, that rules admit"});
}

std::string GraphModel::externalTitle(const IPRange &range)
{
    static const auto probe = IPAddress::parse("8.8.8.8");
    if (range.contains(*probe))
        return "Internet";
    const std::vector<std::string> cidrs = rangeToCidrs(range);
    if (cidrs.size() <= 2) {
        std::string out;
        for (const std::string &c : cidrs)
            out += (out.empty() ? "" : ", ") + c;
        return out;
    }
    return range.toString();
}

std::string GraphModel::label(const ConnectionSet &connections)
{
    if (connections.isAll())
        return "All";
    static constexpr Protocol order[] = {Protocol::UDP, Protocol::TCP, Protocol::SCTP};
    std::string out;
    for (Protocol p : order) {
        const PortRangeSet &set = connections.ports(p);
        if (set.isEmpty())
            continue;
        std::string ports = set.isAll() ? std::string("all ports") : set.toString();
        std::string spaced;
        for (char c : ports) {
            spaced += c;
            if (c == ',')
                spaced += ' ';
        }
        out += (out.empty() ? "" : ", ") + std::string(protocolName(p)) + ' ' + spaced;
    }
    return out;
}

const GraphModel::Node *GraphModel::node(const std::string &id) const
{
    for (const Node &n : mNodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

void GraphModel::buildNodes()
{
    std::map<std::string, int> names;
    for (const Workload &w : mCluster->workloads)
        ++names[w.qualifiedName()];
    std::map<std::string, size_t> perGroup;
    for (size_t i = 0; i < mCluster->workloads.size(); ++i) {
        const Workload &w = mCluster->workloads[i];
        Node n;
        n.id = names[w.qualifiedName()] > 1 ? w.displayName() : w.qualifiedName();
        n.group = w.namespaceName;
        n.endpoint = Endpoint::ofWorkload(i);
        n.title = w.name;
        ++perGroup[n.group];
        mNodes.push_back(std::move(n));
    }
    std::sort(mNodes.begin(), mNodes.end(), [](const Node &a, const Node &b) { return a.id < b.id; });
    std::vector<Node> externals;
    for (const IPRange &r : ExternalPartition::combined(*mCluster))
        externals.push_back({r.toString(), kOutside, Endpoint::ofRange(r), externalTitle(r), Role::Endpoint, {}});
    std::sort(externals.begin(), externals.end(), [](const Node &a, const Node &b) { return a.id < b.id; });
    mNodes.insert(mNodes.end(), externals.begin(), externals.end());

    std::set<std::string> namespaces;
    for (const Namespace &ns : mCluster->namespaces)
        namespaces.insert(ns.name);
    for (const auto &[g, count] : perGroup)
        namespaces.insert(g);
    for (const std::string &ns : namespaces)
        mGroups.push_back({ns, isCollapsed(ns), perGroup.count(ns) ? perGroup[ns] : 0, {}});
    mGroups.push_back({kOutside, false, 0, {}});
}

void GraphModel::buildEdges()
{
    const Evaluator &ev = *mEvaluator;
    const size_t workloadCount = mCluster->workloads.size();
    std::vector<const Node *> byWorkload(workloadCount, nullptr);
    std::vector<const Node *> externals;
    std::map<std::string, int> groupIndex;
    std::vector<std::string> groupNames;
    std::vector<int> groupOf(workloadCount, -1);
    std::vector<int> members;
    for (const Node &n : mNodes) {
        if (n.endpoint.isExternal()) {
            externals.push_back(&n);
            continue;
        }
        auto [it, inserted] = groupIndex.emplace(n.group, int(groupNames.size()));
        if (inserted) {
            groupNames.push_back(n.group);
            members.push_back(0);
        }
        groupOf[n.endpoint.workload] = it->second;
        byWorkload[n.endpoint.workload] = &n;
        ++members[size_t(it->second)];
    }
    const size_t groups = groupNames.size();
    std::vector<char> collapsed(groups, 0);
    for (size_t g = 0; g < groups; ++g)
        collapsed[g] = isCollapsed(groupNames[g]);
    // A partial scope: arrows leaving these groups, or entering those (every pair of such a
    // group pair is visited, so bundles and sums come out whole).
    std::vector<char> fromIn(groups, 1), toIn(groups, 1);
    if (!mScope.all)
        for (size_t g = 0; g < groups; ++g) {
            fromIn[g] = mScope.from.count(groupNames[g]) > 0;
            toIn[g] = mScope.to.count(groupNames[g]) > 0;
        }
    auto inScope = [&](size_t ga, size_t gb) { return fromIn[ga] || toIn[gb]; };
    std::vector<int> classGroup(ev.classCount(), -1);
    for (size_t c = 0; c < ev.classCount(); ++c)
        if (!ev.workloadsOf(c).empty())
            classGroup[c] = groupOf[ev.workloadsOf(c).front()];

    // The pair view from the evaluator's class rows: only allowed class pairs are visited, each
    // with the interned id of its connections (equal ids, equal connections) and the number of
    // pod pairs it stands for. A class holds workloads of one group, so what a group pair sums
    // is summed per class pair; pod pairs are spelled out only where pods are drawn.
    struct ClassPair
    {
        size_t c, d;
        Evaluator::ConnectionId id;
        size_t pods; // workload pairs, a workload never paired with itself
    };
    // Namespace pairs where every pod reaches every other pod the same way become one arrow.
    struct Bundle
    {
        size_t count = 0;
        bool uniform = true;
        Evaluator::ConnectionId id = Evaluator::kNoConnections;
        size_t sampleFrom = 0, sampleTo = 0; // the first class pair
        // Between two collapsed namespaces: the distinct connections of its class pairs, which
        // are summed here instead of kept (37 million class pairs at 100,000 workloads).
        std::vector<Evaluator::ConnectionId> ids;
    };
    std::vector<Bundle> bundles(groups * groups);
    std::deque<ClassPair> pairs; // those drawn pod by pod or into one box: never moved as it grows
    for (size_t c = 0; c < ev.classCount(); ++c) {
        const size_t ga = size_t(classGroup[c]);
        for (const auto &[d, id] : ev.allowedFrom(c)) {
            const size_t gb = size_t(classGroup[d]);
            if (!mScope.all && !inScope(ga, gb))
                continue;
            const size_t a = ev.workloadsOf(c).size(), b = ev.workloadsOf(d).size();
            const size_t pods = c == d ? a * (a - 1) : a * b;
            if (pods == 0)
                continue;
            Bundle &bundle = bundles[ga * groups + gb];
            if (bundle.count == 0) {
                bundle.id = id;
                bundle.sampleFrom = c;
                bundle.sampleTo = d;
            } else if (bundle.id != id) {
                bundle.uniform = false;
            }
            bundle.count += pods;
            if (collapsed[ga] && collapsed[gb]) {
                if (ga != gb && (bundle.ids.empty() || bundle.ids.back() != id))
                    bundle.ids.push_back(id);
            } else {
                pairs.push_back({c, size_t(d), id, pods});
            }
        }
    }
    for (Bundle &b : bundles) {
        std::sort(b.ids.begin(), b.ids.end());
        b.ids.erase(std::unique(b.ids.begin(), b.ids.end()), b.ids.end());
    }
    // The first pod pair of a class pair, in the order the pods are listed.
    auto firstPods = [&](size_t c, size_t d) {
        const auto &from = ev.workloadsOf(c), &to = ev.workloadsOf(d);
        return std::pair{from.front(), to.front() != from.front() ? to.front() : to[1]};
    };

    auto fullyConnected = [&](size_t ga, size_t gb) {
        const Bundle &b = bundles[ga * groups + gb];
        const size_t full = ga == gb ? size_t(members[ga]) * size_t(members[ga] - 1)
                                     : size_t(members[ga]) * size_t(members[gb]);
        return b.uniform && full >= 2 && b.count == full;
    };
    auto makeEdge = [](const Node &a, const Node &b, const ConnectionSet &set) {
        Edge e;
        e.from = a.id;
        e.to = b.id;
        e.fromGroupId = a.group;
        e.toGroupId = b.group;
        e.connections = set;
        e.fromEndpoint = a.endpoint;
        e.toEndpoint = b.endpoint;
        e.pairs = 1;
        return e;
    };
    for (Group &g : mGroups) {
        const auto it = groupIndex.find(g.id);
        if (it != groupIndex.end() && inScope(size_t(it->second), size_t(it->second)) &&
            fullyConnected(size_t(it->second), size_t(it->second)))
            g.note = "every pod \u2194 every pod: " +
                     label(ev.connectionSet(bundles[size_t(it->second) * (groups + 1)].id));
    }
    // Arrows between group ends (bundles, and collapsed namespaces).
    std::map<std::pair<size_t, size_t>, size_t> groupEdges;
    for (size_t ga = 0; ga < groups; ++ga)
        for (size_t gb = 0; gb < groups; ++gb)
            if (ga != gb && inScope(ga, gb) && (fullyConnected(ga, gb) || (collapsed[ga] && collapsed[gb]))) {
                const Bundle &b = bundles[ga * groups + gb];
                if (b.count == 0)
                    continue;
                const auto [sa, sb] = firstPods(b.sampleFrom, b.sampleTo);
                Edge e = makeEdge(*byWorkload[sa], *byWorkload[sb], ev.connectionSet(b.id));
                e.from = groupNames[ga];
                e.to = groupNames[gb];
                e.fromGroup = e.toGroup = e.bundle = true;
                e.pairs = b.count;
                groupEdges[{ga, gb}] = mEdges.size();
                mEdges.push_back(std::move(e));
            }
    // Between two collapsed namespaces the arrow carries every connection of their class pairs.
    for (const auto &[ends, edge] : groupEdges)
        if (collapsed[ends.first] && collapsed[ends.second] &&
            !fullyConnected(ends.first, ends.second))
            for (Evaluator::ConnectionId id : bundles[ends.first * groups + ends.second].ids)
                mEdges[edge].connections.add(ev.connectionSet(id));
    // Summing pairs into a collapsed end: connections merged per distinct pair of ends.
    std::map<std::tuple<std::string, bool, std::string, bool>, size_t> merged;
    auto mergeInto = [&](const Node &a, const Node &b, bool fromBox, bool toBox, const ConnectionSet &set,
                         size_t pods) {
        const std::string &from = fromBox ? a.group : a.id;
        const std::string &to = toBox ? b.group : b.id;
        auto [it, inserted] = merged.emplace(std::make_tuple(from, fromBox, to, toBox), mEdges.size());
        if (inserted) {
            Edge e = makeEdge(a, b, set);
            e.from = from;
            e.to = to;
            e.fromGroup = fromBox;
            e.toGroup = toBox;
            e.pairs = pods;
            mEdges.push_back(std::move(e));
        } else {
            mEdges[it->second].connections.add(set);
            mEdges[it->second].pairs += pods;
        }
    };
    // Whether the pairs of two groups are drawn pod to pod: both open, and not one arrow
    // between their ends (a bundle) nor a note on a group reaching itself whole.
    auto podToPodBetween = [&](size_t ga, size_t gb) {
        return !collapsed[ga] && !collapsed[gb] && !(ga == gb && fullyConnected(ga, gb)) &&
               groupEdges.count({ga, gb}) == 0;
    };
    // Those arrows counted first: an Edge is not small, and a vector grown by doubling moved
    // all of them (a fifth of an edit that adds thousands of arrows).
    size_t podToPod = 0;
    for (const ClassPair &p : pairs)
        if (podToPodBetween(size_t(classGroup[p.c]), size_t(classGroup[p.d])))
            podToPod += p.pods;
    if (podToPod > 0)
        mEdges.reserve(mEdges.size() + podToPod + 1024); // and room for the few arrows to boxes
    for (const ClassPair &p : pairs) {
        const size_t ga = size_t(classGroup[p.c]), gb = size_t(classGroup[p.d]);
        if (ga == gb && (collapsed[ga] || fullyConnected(ga, gb)))
            continue;
        const ConnectionSet &set = ev.connectionSet(p.id);
        if (groupEdges.count({ga, gb}))
            continue; // a bundle (pairs between two collapsed namespaces are not kept)
        const auto &from = ev.workloadsOf(p.c), &to = ev.workloadsOf(p.d);
        if (podToPodBetween(ga, gb)) {
            for (size_t wa : from)
                for (size_t wb : to)
                    if (wa != wb)
                        mEdges.push_back(makeEdge(*byWorkload[wa], *byWorkload[wb], set));
            continue;
        }
        // One end collapsed (the groups differ): the arrow runs between each node of the other
        // end and the box, and stands for the pods of the class behind the box.
        if (collapsed[ga])
            for (size_t wb : to)
                mergeInto(*byWorkload[from.front()], *byWorkload[wb], true, false, set, from.size());
        else
            for (size_t wa : from)
                mergeInto(*byWorkload[wa], *byWorkload[to.front()], false, true, set, to.size());
    }

    // Connections with the outside ranges, once per class.
    // Out of scope, a class's sets stay empty and its outside arrows are not made.
    const bool outsideFrom = mScope.all || mScope.from.count(kOutside) > 0;
    const bool outsideTo = mScope.all || mScope.to.count(kOutside) > 0;
    // One row of externals.size() sets per class in scope, in one block (not a vector per
    // class); a class out of scope has no row (a scoped build of 100,000 classes zeroed and
    // scanned 100 MB of empty sets).
    const size_t nx = externals.size();
    constexpr size_t kNoRow = size_t(-1);
    std::vector<size_t> rowOf(ev.classCount(), kNoRow);
    size_t rows = 0;
    for (size_t c = 0; c < ev.classCount(); ++c) {
        if (nx == 0 || classGroup[c] < 0)
            continue;
        const size_t g = size_t(classGroup[c]);
        if (fromIn[g] || outsideTo || outsideFrom || toIn[g])
            rowOf[c] = rows++;
    }
    std::vector<ConnectionSet> toOutside(rows * nx), fromOutside(rows * nx);
    for (size_t c = 0; c < ev.classCount(); ++c) {
        if (rowOf[c] == kNoRow)
            continue;
        const Endpoint rep = Endpoint::ofWorkload(ev.workloadsOf(c).front());
        const size_t g = size_t(classGroup[c]), row = rowOf[c];
        for (size_t xi = 0; xi < nx; ++xi) {
            if (fromIn[g] || outsideTo)
                toOutside[row * nx + xi] = ev.allowed(rep, externals[xi]->endpoint);
            if (outsideFrom || toIn[g])
                fromOutside[row * nx + xi] = ev.allowed(externals[xi]->endpoint, rep);
        }
    }
    // A pod that reaches every outside range the same way gets one arrow to the outside box;
    // a collapsed namespace sums its pods' arrows.
    std::map<std::tuple<std::string, bool, std::string, bool>, size_t> outside;
    for (const Node &a : mNodes) {
        if (!a.endpoint.isWorkload())
            continue;
        const size_t row = rowOf[ev.classOf(a.endpoint.workload)];
        if (row == kNoRow)
            continue; // out of scope: no outside arrow is made for it
        for (const bool outgoing : {true, false}) {
            const std::span<const ConnectionSet> sets((outgoing ? toOutside : fromOutside).data() + row * nx, nx);
            size_t found = 0;
            for (const ConnectionSet &set : sets)
                found += !set.isEmpty();
            const bool uniform =
                found == externals.size() && found > 1 &&
                std::all_of(sets.begin(), sets.end(), [&](const ConnectionSet &x) { return x == sets.front(); });
            const bool folded = collapsed[size_t(groupOf[a.endpoint.workload])];
            for (size_t xi = 0; xi < externals.size(); ++xi) {
                if (sets[xi].isEmpty() || (uniform && xi > 0))
                    continue;
                const Node &x = *externals[xi];
                Edge e = outgoing ? makeEdge(a, x, sets[xi]) : makeEdge(x, a, sets[xi]);
                std::string &mine = outgoing ? e.from : e.to;
                bool &mineGroup = outgoing ? e.fromGroup : e.toGroup;
                if (folded) {
                    mine = a.group;
                    mineGroup = true;
                }
                if (uniform) {
                    (outgoing ? e.to : e.from) = kOutside;
                    (outgoing ? e.toGroup : e.fromGroup) = true;
                }
                auto [it, inserted] =
                    outside.emplace(std::make_tuple(e.from, e.fromGroup, e.to, e.toGroup), mEdges.size());
                if (inserted) {
                    mEdges.push_back(std::move(e));
                } else {
                    mEdges[it->second].connections.add(e.connections);
                    ++mEdges[it->second].pairs;
                }
            }
        }
    }
    for (Edge &e : mEdges)
        e.label = label(e.connections);
}

std::set<std::string> GraphModel::focus(const std::set<std::string> &seeds) const
{
    std::map<std::string, std::string> groupOf;
    std::map<std::string, std::vector<std::string>> members;
    for (const Node &n : mNodes) {
        groupOf[n.id] = n.group;
        members[n.group].push_back(n.id);
    }
    std::set<std::string> visible = seeds;
    auto touches = [&](const std::string &seed, const std::string &end, bool group) {
        if (!group)
            return seed == end;
        auto it = groupOf.find(seed);
        return it != groupOf.end() && it->second == end;
    };
    auto addEnd = [&](const std::string &end, bool group) {
        if (!group) {
            visible.insert(end);
            return;
        }
        for (const std::string &id : members[end])
            visible.insert(id);
    };
    for (const Edge &e : mEdges)
        for (const std::string &s : seeds) {
            if (touches(s, e.from, e.fromGroup))
                addEnd(e.to, e.toGroup);
            if (touches(s, e.to, e.toGroup))
                addEnd(e.from, e.fromGroup);
        }
    return visible;
}

GraphModel::PolicyMatch GraphModel::policyMatch(size_t policy) const
{
    PolicyMatch out;
    if (policy >= mCluster->policies.size())
        return out;
    for (const Node &n : mNodes) {
        if (n.role != Role::Endpoint)
            continue;
        if (n.endpoint.isWorkload()) {
            const std::vector<size_t> selecting = mEvaluator->policiesSelecting(n.endpoint.workload);
            if (std::find(selecting.begin(), selecting.end(), policy) != selecting.end())
                out.selected.insert(n.id);
        }
        if (mEvaluator->matchesAsPeer(policy, n.endpoint))
            out.peers.insert(n.id);
    }
    return out;
}

} // namespace netfence::core
