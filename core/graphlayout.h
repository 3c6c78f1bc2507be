#pragma once

#include <map>
#include <string>
#include <vector>

namespace netfence::core {

// Positions and edge routes for a containment graph (groups holding boxes), computed by
// Graphviz. The only place netfence touches Graphviz. Graphviz is not thread-safe: run() holds
// a process-wide lock (the UI keeps one worker thread for it). Input and output are plain data.
class GraphLayout
{
public:
    struct Node
    {
        std::string id;    // unique across the graph
        std::string group; // the box it sits in (a namespace, the outside world); "" for none
        double width = 100;  // points
        double height = 40;
    };
    // An arrow between two nodes, or with a group box at one or both ends.
    struct Edge
    {
        std::string from, to; // node ids, or group names when fromGroup / toGroup
        bool fromGroup = false;
        bool toGroup = false;
    };
    struct Rect
    {
        double x = 0, y = 0, width = 0, height = 0; // top-left origin, y grows downwards
    };
    struct Point
    {
        double x = 0, y = 0;
    };
    // The drawn route of an edge: a cubic Bezier spline (1 + 3k points, the control polygon)
    // from the source box's border to where the arrowhead starts, and the arrowhead's tip.
    struct Route
    {
        std::vector<Point> points;
        Point tip;
    };
    struct Input
    {
        std::vector<Node> nodes;
        std::vector<Edge> edges;
        std::map<std::string, std::string> groupLabels; // shown as the cluster title
    };
    struct Result
    {
        std::map<std::string, Point> centers;
        std::map<std::string, Rect> groups;
        std::vector<Route> routes; // one per input edge (empty points: not routed)
        Rect bounds;
        std::string error; // empty on success
    };

    // Lays nodes and edges out together with dot (groups as clusters, compound edges to group
    // boxes, splines around the boxes). Positions come from a grid per group and rows of
    // groups, not from the edges: compact, and stable when only the edges change. Deterministic.
    static Result run(const Input &input);
    // Above kMaxDotRoutedNodes boxes or kMaxDotRoutedEdges arrows, dot only places the boxes
    // and EdgeRouter routes the arrows around them. Past kMaxRoutedEdges arrows, or more than
    // kMaxRoutingWork arrows x boxes, the routes come back empty (drawn straight).
    static constexpr size_t kMaxRoutedEdges = 1500;
    static constexpr size_t kMaxRoutingWork = 400000;
    static constexpr size_t kMaxDotRoutedNodes = 400;
    // dot's pass with arrows: 0.11 s at 221 arrows, 2 s at 464, 11 s at 981 (200 collapsed
    // namespaces), and none of those pictures was kept (11 to 42 times the area).
    static constexpr size_t kMaxDotRoutedEdges = 300;
    // dot's routed picture is kept while it is at most this many times the area of the boxes
    // placed without arrows.
    static constexpr double kMaxRoutedGrowth = 1.6;

private:
    static Result dotLayout(const Input &input, bool withEdges);
    static void routeAroundBoxes(const Input &input, Result &result);
};

} // namespace netfence::core
