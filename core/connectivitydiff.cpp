#include "core/connectivitydiff.h"

#include "core/connectionlist.h"
#include "core/externalpartition.h"

#include <algorithm>
#include <map>
#include <set>

namespace netfence::core {

const char *diffTypeName(ConnectionChange::Type type)
{
    switch (type) {
    case ConnectionChange::Type::Changed:
        return "changed";
    case ConnectionChange::Type::Added:
        return "added";
    case ConnectionChange::Type::Removed:
        return "removed";
    }
    return "";
}

namespace {

// The allowed connections of one workload with the ranges outside, in one direction, as the
// version's own pieces (only those with connections).
using RangeConnections = std::vector<std::pair<IPRange, ConnectionSet>>;

struct Version
{
    std::set<std::string> workloads;
    std::map<std::pair<std::string, std::string>, ConnectionSet> pairs;
    std::map<std::string, RangeConnections> fromOutside; // by destination workload
    std::map<std::string, RangeConnections> toOutside;   // by source workload
};

bool hasFamily(const std::vector<IPRange> &ranges, IPFamily family)
{
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const IPRange &r) { return r.family == family; });
}

// `inboundV6`/`outboundV6`: the other version cuts IPv6 addresses and this one does not, so
// its list leaves them out although they are judged (as one range): add them.
Version collect(const Evaluator &evaluator, bool inboundV6, bool outboundV6)
{
    const Cluster &cluster = evaluator.cluster();
    Version v;
    const IPRange allV6 = IPRange::whole(IPFamily::V6);
    for (size_t w = 0; w < cluster.workloads.size(); ++w) {
        const Endpoint self = Endpoint::ofWorkload(w);
        const std::string name = cluster.workloads[w].displayName();
        if (inboundV6)
            if (ConnectionSet s = evaluator.allowed(Endpoint::ofRange(allV6), self); !s.isEmpty())
                v.fromOutside[name].push_back({allV6, s});
        if (outboundV6)
            if (ConnectionSet s = evaluator.allowed(self, Endpoint::ofRange(allV6)); !s.isEmpty())
                v.toOutside[name].push_back({allV6, s});
    }
    for (const Workload &w : cluster.workloads)
        v.workloads.insert(w.displayName());
    const ConnectionList list = ConnectionList::build(evaluator);
    for (const Connection &c : list.connections()) {
        if (c.from.isExternal())
            v.fromOutside[c.to.displayName(cluster)].push_back({c.from.range, c.connections});
        else if (c.to.isExternal())
            v.toOutside[c.from.displayName(cluster)].push_back({c.to.range, c.connections});
        else
            v.pairs[{c.from.displayName(cluster), c.to.displayName(cluster)}] = c.connections;
    }
    // What Ingresses and Routes expose, as netpol-analyzer's "{ingress-controller}" lines.
    for (const IngressConnection &c : list.ingressConnections())
        v.pairs[{kIngressControllerName, cluster.workloads[c.workload].displayName()}] = c.connections;
    return v;
}

ConnectionChange::Type typeOf(const ConnectionSet &before, const ConnectionSet &after)
{
    if (before.isEmpty()) return ConnectionChange::Type::Added;
    if (after.isEmpty()) return ConnectionChange::Type::Removed;
    return ConnectionChange::Type::Changed;
}

// A range's connections at `address` in a sorted piece list, or none.
const ConnectionSet *at(const RangeConnections &pieces, IPFamily family, U128 address)
{
    auto it = std::upper_bound(pieces.begin(), pieces.end(), std::pair{family, address},
                               [](const std::pair<IPFamily, U128> &key, const auto &piece) {
                                   return key < std::pair{piece.first.family, piece.first.first};
                               });
    if (it == pieces.begin()) return nullptr;
    --it;
    if (it->first.family != family || it->first.last < address) return nullptr;
    return &it->second;
}

// Compares one workload's connections with the outside in both versions: every boundary of
// either version is a cut, then runs of pieces with equal (before, after) merge.
std::vector<std::tuple<IPRange, ConnectionSet, ConnectionSet>>
compareRanges(RangeConnections before, RangeConnections after)
{
    auto byStart = [](const auto &a, const auto &b) { return a.first < b.first; };
    std::sort(before.begin(), before.end(), byStart);
    std::sort(after.begin(), after.end(), byStart);
    std::set<std::pair<IPFamily, U128>> cuts;
    for (const RangeConnections *pieces : {&before, &after})
        for (const auto &[range, set] : *pieces) {
            cuts.insert({range.family, range.first});
            if (range.last < familyMax(range.family)) cuts.insert({range.family, range.last + 1});
        }
    static const ConnectionSet kNone;
    std::vector<std::tuple<IPRange, ConnectionSet, ConnectionSet>> out;
    for (auto it = cuts.begin(); it != cuts.end(); ++it) {
        const auto [family, first] = *it;
        auto next = std::next(it);
        const U128 last =
            next != cuts.end() && next->first == family ? next->second - 1 : familyMax(family);
        const ConnectionSet *b = at(before, family, first);
        const ConnectionSet *a = at(after, family, first);
        const ConnectionSet &bs = b ? *b : kNone;
        const ConnectionSet &as = a ? *a : kNone;
        if (!out.empty()) {
            auto &[range, pb, pa] = out.back();
            if (range.family == family && range.last + 1 == first && pb == bs && pa == as) {
                range.last = last;
                continue;
            }
        }
        out.push_back({IPRange{family, first, last}, bs, as});
    }
    std::erase_if(out, [](const auto &t) { return std::get<1>(t) == std::get<2>(t); });
    return out;
}

DiffPeer workloadPeer(const std::string &name)
{
    return DiffPeer{name, std::nullopt, false};
}

// Ranges and the ingress controller never appear or disappear as workloads do.
bool countsAsWorkload(const DiffPeer &peer)
{
    return !peer.isExternal() && peer.name != kIngressControllerName;
}

DiffPeer rangePeer(const IPRange &range)
{
    return DiffPeer{range.toString() + "[External]", range, false};
}

} // namespace

ConnectivityDiff ConnectivityDiff::compute(const Evaluator &before, const Evaluator &after)
{
    const Cluster &was = before.cluster();
    const Cluster &is = after.cluster();
    const bool v6In[2] = {hasFamily(ExternalPartition::sources(was), IPFamily::V6),
                          hasFamily(ExternalPartition::sources(is), IPFamily::V6)};
    const bool v6Out[2] = {hasFamily(ExternalPartition::destinations(was), IPFamily::V6),
                           hasFamily(ExternalPartition::destinations(is), IPFamily::V6)};
    const Version b = collect(before, v6In[1] && !v6In[0], v6Out[1] && !v6Out[0]);
    const Version a = collect(after, v6In[0] && !v6In[1], v6Out[0] && !v6Out[1]);
    ConnectivityDiff diff;
    auto add = [&](DiffPeer source, DiffPeer destination, const ConnectionSet &was,
                   const ConnectionSet &is) {
        const ConnectionChange::Type type = typeOf(was, is);
        // A workload only counts as new or removed on the side that has the connection.
        const std::set<std::string> &other =
            type == ConnectionChange::Type::Added ? b.workloads : a.workloads;
        if (type == ConnectionChange::Type::Changed) {
            source.newOrRemoved = destination.newOrRemoved = false;
        } else {
            if (countsAsWorkload(source)) source.newOrRemoved = !other.count(source.name);
            if (countsAsWorkload(destination))
                destination.newOrRemoved = !other.count(destination.name);
        }
        diff.mChanges.push_back({type, std::move(source), std::move(destination), was, is});
    };
    static const ConnectionSet kNone;
    std::set<std::pair<std::string, std::string>> pairs;
    for (const Version *v : {&b, &a})
        for (const auto &[key, set] : v->pairs)
            pairs.insert(key);
    for (const auto &[from, to] : pairs) {
        auto was = b.pairs.find({from, to});
        auto is = a.pairs.find({from, to});
        const ConnectionSet &ws = was == b.pairs.end() ? kNone : was->second;
        const ConnectionSet &ns = is == a.pairs.end() ? kNone : is->second;
        if (ws != ns) add(workloadPeer(from), workloadPeer(to), ws, ns);
    }
    for (const bool inbound : {true, false}) {
        const auto &bm = inbound ? b.fromOutside : b.toOutside;
        const auto &am = inbound ? a.fromOutside : a.toOutside;
        std::set<std::string> names;
        for (const auto *m : {&bm, &am})
            for (const auto &[name, pieces] : *m)
                names.insert(name);
        for (const std::string &name : names) {
            auto bi = bm.find(name);
            auto ai = am.find(name);
            for (const auto &[range, was, is] :
                 compareRanges(bi == bm.end() ? RangeConnections{} : bi->second,
                               ai == am.end() ? RangeConnections{} : ai->second)) {
                if (inbound)
                    add(rangePeer(range), workloadPeer(name), was, is);
                else
                    add(workloadPeer(name), rangePeer(range), was, is);
            }
        }
    }
    std::stable_sort(diff.mChanges.begin(), diff.mChanges.end(),
                     [](const ConnectionChange &x, const ConnectionChange &y) {
                         if (x.type != y.type) return x.type < y.type;
                         if (x.source.name != y.source.name) return x.source.name < y.source.name;
                         return x.destination.name < y.destination.name;
                     });
    return diff;
}

} // namespace netfence::core
