#include "core/graphlayout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <set>

// The layout plugins are linked in, so layout works without Graphviz's plugin configuration.
extern "C" {
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
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

} // namespace

GraphLayout::Result GraphLayout::run(const Input &input)
{
    std::lock_guard lock(gGraphvizMutex);
    Result result;
    static const lt_symlist_t builtins[] = {
        {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library}, {nullptr, nullptr}};
    std::unique_ptr<GVC_t, ContextDeleter> context(gvContextPlugins(builtins, 0));
    if (!context) {
        result.error = "Graphviz could not start";
        return result;
    }
    GraphDeleter deleter{context.get()};
    std::unique_ptr<Agraph_t, GraphDeleter &> graph(agopen(cs("netfence"), Agundirected, nullptr),
                                                    deleter);
    Agraph_t *g = graph.get();
    set(g, "pack", "24"); // points between packed boxes
    // Pack in input order: with equal sizes Graphviz would otherwise order by memory address.
    set(g, "packmode", "array_u");

    std::map<std::string, Agraph_t *> clusters;
    std::map<std::string, Agnode_t *> nodes;
    std::set<std::string> seen;
    for (const Node &n : input.nodes) {
        if (!seen.insert(n.id).second) {
            result.error = "duplicate node id " + n.id;
            return result;
        }
        Agraph_t *&cluster = clusters[n.group];
        if (!cluster) {
            const std::string name = "cluster_" + std::to_string(clusters.size());
            cluster = agsubg(g, cs(name.c_str()), 1);
            auto label = input.groupLabels.find(n.group);
            set(cluster, "label", label == input.groupLabels.end() ? n.group : label->second);
            set(cluster, "margin", "16");
            set(cluster, "pack", "16");
            set(cluster, "packmode", "array_u");
            set(cluster, "sortv", std::to_string(clusters.size()));
        }
        Agnode_t *node = agnode(cluster, cs(n.id.c_str()), 1);
        set(node, "shape", "box");
        set(node, "fixedsize", "true");
        set(node, "width", number(n.width / 72.0));
        set(node, "height", number(n.height / 72.0));
        set(node, "label", "");
        set(node, "sortv", std::to_string(nodes.size()));
        nodes[n.id] = node;
    }
    if (gvLayout(context.get(), g, "osage") != 0) {
        result.error = "Graphviz layout failed";
        return result;
    }
    deleter.laidOut = true;
    const boxf bb = GD_bb(g);
    const double top = bb.UR.y;
    auto flip = [&](double x, double y) { return Point{x - bb.LL.x, top - y}; };
    for (const auto &[id, node] : nodes) {
        const pointf c = ND_coord(node);
        result.centers[id] = flip(c.x, c.y);
    }
    for (const auto &[group, cluster] : clusters) {
        const boxf b = GD_bb(cluster);
        const Point tl = flip(b.LL.x, b.UR.y);
        result.groups[group] = Rect{tl.x, tl.y, b.UR.x - b.LL.x, b.UR.y - b.LL.y};
    }
    result.bounds = Rect{0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y};
    return result;
}

} // namespace netfence::core
