#include "core/graphlayout.h"

#include "core/edgerouter.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

// The layout plugins are linked in, so layout works without Graphviz's plugin configuration.
extern "C" {
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
}

namespace netfence::core {

namespace {

// Graphviz 2.42 takes non-const char* everywhere; the casts stay in this file.
char *cs(const char *s)
{
    return const_cast<char *>(s);
}

void set(void *object, const char *name, const std::string &value)
{
    agsafeset(object, cs(name), cs(value.c_str()), cs(""));
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

struct ContextDeleter
{
    void operator()(GVC_t *c) const { gvFreeContext(c); }
};

struct GraphDeleter
{
    GVC_t *context;
    bool laidOut = false;
    void operator()(Agraph_t *g) const
    {
        if (laidOut)
            gvFreeLayout(context, g);
        agclose(g);
    }
};

std::mutex gGraphvizMutex; // Graphviz keeps global state; never two layouts at once

// Graphviz's own ID discipline makes a named object's ID the address of its name, and dot
// orders objects by ID in places (twin arrows, subgraphs): the same input came out
// differently from run to run as the heap moved. Here names get IDs in the order they are
// first seen (even numbers; anonymous objects keep odd ones, as Graphviz expects).
struct StableIds
{
    std::map<std::string, IDTYPE> byName;
    std::vector<const char *> names; // by ID / 2 - 1; keys of byName, which never move
    IDTYPE nextAnonymous = 1;
};

void *idOpen(Agraph_t *, Agdisc_t *)
{
    return new StableIds;
}

long idMap(void *state, int, char *name, IDTYPE *id, int create)
{
    auto *ids = static_cast<StableIds *>(state);
    if (!name) {
        *id = ids->nextAnonymous;
        ids->nextAnonymous += 2;
        return 1;
    }
    auto it = ids->byName.find(name);
    if (it == ids->byName.end()) {
        if (!create)
            return 0;
        it = ids->byName.emplace(name, 2 * (IDTYPE(ids->names.size()) + 1)).first;
        ids->names.push_back(it->first.c_str());
    }
    *id = it->second;
    return 1;
}

long idAlloc(void *, int, IDTYPE)
{
    return 0; // IDs are never asked for by number
}

void idFree(void *, int, IDTYPE)
{
    // Names live as long as the graph: an object made again under its name gets its old ID.
}

char *idPrint(void *state, int, IDTYPE id)
{
    if (id % 2 != 0)
        return nullptr;
    const auto *ids = static_cast<const StableIds *>(state);
    const IDTYPE index = id / 2 - 1;
    return id == 0 || index >= ids->names.size() ? nullptr : cs(ids->names[size_t(index)]);
}

void idClose(void *state)
{
    delete static_cast<StableIds *>(state);
}

void idRegister(void *, int, void *) {}

Agiddisc_t gStableIds = {idOpen, idMap, idAlloc, idFree, idPrint, idClose, idRegister};
Agdisc_t gStableDisc = {&AgMemDisc, &gStableIds, &AgIoDisc};

} // namespace

GraphLayout::Result GraphLayout::run(const Input &input)
{
    std::lock_guard lock(gGraphvizMutex);
    const auto area = [](const Result &r) { return std::max(1.0, r.bounds.width * r.bounds.height); };
    // Measured (docs/performance.md): dot routes small pictures well, but every arrow it routes
    // also ranks the boxes, and past a few arrows per box the picture grows several times wider
    // than its boxes need. Then the boxes are placed without the arrows and the arrows are
    // routed around them afterwards.
    // Slots of hidden arrows (empty ends, a focus picture keeps the model's numbering) cost nothing.
    const size_t arrows = size_t(std::count_if(input.edges.begin(), input.edges.end(),
                                               [](const Edge &e) { return !e.from.empty() && !e.to.empty(); }));
    if (input.nodes.size() <= kMaxDotRoutedNodes && arrows <= kMaxDotRoutedEdges) {
        Result routed = dotLayout(input, true);
        if (!routed.error.empty())
            return routed;
        Result placed = dotLayout(input, false);
        if (!placed.error.empty() || area(routed) <= kMaxRoutedGrowth * area(placed))
            return routed;
        routeAroundBoxes(input, placed);
        return placed;
    }
    Result placed = dotLayout(input, false);
    // Routing costs about arrows x boxes; past the budget the views draw those arrows straight
    // (a netpol-analyzer case with 1,000 ranges and 2,400 arrows would take minutes).
    if (placed.error.empty() && arrows <= kMaxRoutedEdges && arrows * input.nodes.size() <= kMaxRoutingWork)
        routeAroundBoxes(input, placed);
    return placed;
}

void GraphLayout::routeAroundBoxes(const Input &input, Result &result)
{
    std::vector<Rect> boxes;
    std::map<std::string, size_t> boxOf;
    for (const Node &n : input.nodes) {
        auto c = result.centers.find(n.id);
        if (c == result.centers.end())
            continue;
        boxOf[n.id] = boxes.size();
        boxes.push_back(Rect{c->second.x - n.width / 2, c->second.y - n.height / 2, n.width, n.height});
    }
    auto rectOf = [&](const std::string &id, bool group) -> const Rect * {
        if (group) {
            auto g = result.groups.find(id);
            return g == result.groups.end() ? nullptr : &g->second;
        }
        auto b = boxOf.find(id);
        return b == boxOf.end() ? nullptr : &boxes[b->second];
    };
    for (size_t i = 0; i < input.edges.size(); ++i) {
        const Edge &e = input.edges[i];
        const Rect *from = rectOf(e.from, e.fromGroup);
        const Rect *to = rectOf(e.to, e.toGroup);
        if (!from || !to || from == to)
            continue;
        result.routes[i] = EdgeRouter::route(*from, *to, boxes);
    }
}

GraphLayout::Result GraphLayout::dotLayout(const Input &input, bool withEdges)
{
    agseterr(AGERR); // Graphviz's warnings are about its own output, not the user's input
    Result result;
    result.routes.resize(input.edges.size());
    static const lt_symlist_t builtins[] = {
        {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library},
        {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
        {nullptr, nullptr}};
    std::unique_ptr<GVC_t, ContextDeleter> context(gvContextPlugins(builtins, 0));
    if (!context) {
        result.error = "Graphviz could not start";
        return result;
    }
    GraphDeleter deleter{context.get()};
    std::unique_ptr<Agraph_t, GraphDeleter &> graph(agopen(cs("netfence"), Agdirected, &gStableDisc),
                                                    deleter);
    Agraph_t *g = graph.get();
    // Measured (docs/performance.md): dot with clusters and splines=true is the one engine
    // that routes 1,000 boxes quickly without crossing any; edge labels stay out of Graphviz
    // (with clusters they make 2.42's ranking fail), the views place them on the route.
    set(g, "compound", "true");
    set(g, "splines", "true");
    set(g, "nodesep", "0.75"); // leaves room for arrows between neighbouring namespaces
    set(g, "ranksep", "1.3");
    set(g, "outputorder", "edgesfirst");

    std::map<std::string, Agraph_t *> clusters;
    std::map<std::string, std::string> clusterNames;
    std::map<std::string, Agnode_t *> nodes;
    std::map<std::string, std::vector<Agnode_t *>> members;
    std::vector<std::pair<std::string, Agnode_t *>> ordered;
    for (const Node &n : input.nodes) {
        if (nodes.count(n.id)) {
            result.error = "duplicate node id " + n.id;
            return result;
        }
        Agraph_t *parent = g;
        if (!n.group.empty()) {
            Agraph_t *&cluster = clusters[n.group];
            if (!cluster) {
                const std::string name = "cluster_" + std::to_string(clusters.size());
                clusterNames[n.group] = name;
                cluster = agsubg(g, cs(name.c_str()), 1);
                auto label = input.groupLabels.find(n.group);
                set(cluster, "label", label == input.groupLabels.end() ? n.group : label->second);
                set(cluster, "labeljust", "l");
                set(cluster, "fontsize", "19"); // room for the title the views draw
                set(cluster, "margin", "14");
            }
            parent = cluster;
        }
        Agnode_t *node = agnode(parent, cs(n.id.c_str()), 1);
        set(node, "shape", "box");
        set(node, "fixedsize", "true");
        set(node, "width", number(n.width / 72.0));
        set(node, "height", number(n.height / 72.0));
        set(node, "label", "");
        nodes[n.id] = node;
        members[n.group].push_back(node);
        ordered.push_back({n.group, node});
    }

    std::vector<Agedge_t *> edges(input.edges.size(), nullptr);
    // Beyond this many arrows dot's routing runs for minutes (a netpol-analyzer case with
    // 1,000 ranges and 2,400 arrows took over a minute): place the boxes only, the views draw
    // such arrows straight.
    const size_t routed = withEdges ? input.edges.size() : 0;
    for (size_t i = 0; i < routed; ++i) {
        const Edge &e = input.edges[i];
        // A group end attaches to a node of the group and is clipped at the group's box.
        auto end = [&](const std::string &id, bool group) -> Agnode_t * {
            if (!group) {
                auto it = nodes.find(id);
                return it == nodes.end() ? nullptr : it->second;
            }
            auto it = members.find(id);
            return it == members.end() || id.empty() || it->second.empty() ? nullptr : it->second.front();
        };
        Agnode_t *tail = end(e.from, e.fromGroup);
        Agnode_t *head = end(e.to, e.toGroup);
        if (!tail || !head || tail == head)
            continue;
        const std::string key = "e" + std::to_string(i);
        Agedge_t *edge = agedge(g, tail, head, cs(key.c_str()), 1);
        const std::string tailGroup = agnameof(agraphof(tail));
        const std::string headGroup = agnameof(agraphof(head));
        if (e.fromGroup && clusterNames.count(e.from) && headGroup != clusterNames[e.from])
            set(edge, "ltail", clusterNames[e.from]);
        if (e.toGroup && clusterNames.count(e.to) && tailGroup != clusterNames[e.to])
            set(edge, "lhead", clusterNames[e.to]);
        // Arrows weigh nothing in placing the boxes; the grid below places them. (They still
        // rank them: Graphviz 2.42 loops forever on e2e corpus case 033 with constraint=false.)

        set(edge, "weight", "0");
        set(edge, "arrowsize", "0.9");
        edges[i] = edge;
    }
    // Each group is a grid: its boxes in columns chained by invisible edges, about as tall as
    // wide on screen. The groups themselves are laid out in rows of about the screen's shape,
    // a group of a lower row hanging below one of the row above it.
    struct Grid
    {
        std::string group;
        std::vector<Agnode_t *> columnsTop, columnsBottom;
        double width = 0, height = 0;
    };
    std::vector<Grid> grids;
    double area = 0;
    std::vector<std::string> order; // groups in input order
    for (const auto &[group, node] : ordered)
        if (std::find(order.begin(), order.end(), group) == order.end())
            order.push_back(group);
    for (const std::string &group : order) {
        const std::vector<Agnode_t *> &list = members[group];
        Grid grid;
        grid.group = group;
        const size_t rows = std::max<size_t>(1, size_t(std::lround(std::sqrt(double(list.size()) * 1.3))));
        Agraph_t *parent = agraphof(list.front());
        for (size_t k = 0; k < list.size(); ++k) {
            if (k % rows == 0)
                grid.columnsTop.push_back(list[k]);
            if (k % rows == rows - 1 || k + 1 == list.size())
                grid.columnsBottom.push_back(list[k]);
            if (k % rows == rows - 1 || k + 1 == list.size())
                continue;
            const std::string key = "s" + std::to_string(k);
            Agedge_t *chain = agedge(parent, list[k], list[k + 1], cs(key.c_str()), 1);
            set(chain, "style", "invis");
            set(chain, "weight", "8");
        }
        grid.width = double(grid.columnsTop.size()) * 240;
        grid.height = double(std::min(rows, list.size())) * 170 + 40;
        area += grid.width * grid.height;
        grids.push_back(std::move(grid));
    }
    const double rowWidth = std::sqrt(area * 1.6);
    std::vector<std::vector<const Grid *>> rows(1);
    double used = 0;
    for (const Grid &grid : grids) {
        if (!rows.back().empty() && used + grid.width > rowWidth) {
            rows.emplace_back();
            used = 0;
        }
        rows.back().push_back(&grid);
        used += grid.width;
    }
    for (size_t r = 1; r < rows.size(); ++r)
        for (size_t k = 0; k < rows[r].size(); ++k) {
            const Grid &above = *rows[r - 1][std::min(k, rows[r - 1].size() - 1)];
            const Grid &below = *rows[r][k];
            const std::string key = "r" + std::to_string(r) + "_" + std::to_string(k);
            Agedge_t *hang = agedge(g, above.columnsBottom.front(), below.columnsTop.front(), cs(key.c_str()), 1);
            set(hang, "style", "invis");
            set(hang, "weight", "50"); // pulls the group below straight under the one above
        }

    if (gvLayout(context.get(), g, "dot") != 0) {
        result.error = "Graphviz layout failed";
        return result;
    }
    deleter.laidOut = true;
    const boxf bb = GD_bb(g);
    const double top = bb.UR.y;
    auto flip = [&](pointf p) { return Point{p.x - bb.LL.x, top - p.y}; };
    for (const auto &[id, node] : nodes)
        result.centers[id] = flip(ND_coord(node));
    for (const auto &[group, cluster] : clusters) {
        const boxf b = GD_bb(cluster);
        const Point tl = flip(pointf{b.LL.x, b.UR.y});
        result.groups[group] = Rect{tl.x, tl.y, b.UR.x - b.LL.x, b.UR.y - b.LL.y};
    }
    for (size_t i = 0; i < edges.size(); ++i) {
        if (!edges[i] || !ED_spl(edges[i]))
            continue;
        const splines *spl = ED_spl(edges[i]);
        Route &route = result.routes[i];
        for (int b = 0; b < spl->size; ++b) {
            const bezier &bz = spl->list[b];
            for (int k = 0; k < bz.size; ++k)
                if (!(b > 0 && k == 0))
                    route.points.push_back(flip(bz.list[k]));
            route.tip = bz.eflag ? flip(bz.ep) : route.points.back();
        }
        if ((route.points.size() - 1) % 3 != 0 || route.points.size() < 4)
            route.points.clear(); // not a cubic spline: leave it to the straight fallback
    }
    result.bounds = Rect{0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y};
    return result;
}

} // namespace netfence::core
