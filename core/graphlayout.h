#pragma once

#include <map>
#include <string>
#include <vector>

namespace netfence::core {

// Positions for a containment graph (groups holding boxes), computed by Graphviz.
// The only place netfence touches Graphviz. Graphviz is not thread-safe: call run() from one
// thread at a time (the UI keeps one worker thread for it). Input and output are plain data.
class GraphLayout
{
public:
    struct Node
    {
        std::string id;    // unique across the graph
        std::string group; // the box it sits in (a namespace, or the outside world)
        double width = 100;  // points
        double height = 40;
    };
    struct Rect
    {
        double x = 0, y = 0, width = 0, height = 0; // top-left origin, y grows downwards
    };
    struct Point
    {
        double x = 0, y = 0;
    };
    struct Input
    {
        std::vector<Node> nodes;
        std::map<std::string, std::string> groupLabels; // shown as the cluster title
    };
    struct Result
    {
        std::map<std::string, Point> centers;
        std::map<std::string, Rect> groups;
        Rect bounds;
        std::string error; // empty on success
    };

    // Lays the groups out as clusters with osage: boxes packed in rows inside each group and
    // the groups packed likewise; deterministic (the same input gives the same picture).
    static Result run(const Input &input);
};

} // namespace netfence::core
