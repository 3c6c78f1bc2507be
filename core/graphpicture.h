#pragma once

#include "core/graphlayout.h"
#include "core/graphmodel.h"

#include <set>
#include <string>
#include <vector>

namespace netfence::core {

// A GraphModel laid out: every box with its rectangle and every arrow with its route, ready to
// be drawn by the app or written by `netfence-cli graph` (JSON, SVG or DOT). Coordinates are
// points, origin top-left, y down.
class GraphPicture
{
public:
    // The boxes as drawn (Graphviz lays them out at this size, so arrows end on their border).
    static constexpr double kBoxWidth = 176, kBoxHeight = 66, kPadding = 0;
    static constexpr double kCollapsedWidth = 200, kCollapsedHeight = 64;

    struct Box
    {
        std::string id;
        std::string kind;   // "workload", "namespace", "external" or "group" (the outside area)
        std::string parent; // the containing group's id, "" for none
        std::string title;
        GraphLayout::Rect rect;
    };
    struct Arrow
    {
        size_t edge = 0; // index into GraphModel::edges()
        std::string from, to, label;
        GraphLayout::Route route;
    };
    static constexpr const char *kOutsideId = "Outside the cluster"; // the outside area's id
    static constexpr const char *kExposureId = "Beyond the manifests"; // exposure placeholders

    // The layout input for the model: expanded namespaces as clusters, a collapsed namespace
    // as one box; only the nodes in `visible` (all when empty) and the arrows between them.
    static GraphLayout::Input layoutInput(const GraphModel &model, const std::set<std::string> &visible = {});
    // The model laid out by GraphLayout.
    static GraphPicture make(const GraphModel &model, const std::set<std::string> &visible = {});

    double width = 0, height = 0;
    std::vector<Box> boxes;
    std::vector<Arrow> arrows;
    std::string error;

    // What the picture gets wrong, counted: arrows through boxes other than their ends (Bezier
    // pieces sampled, boxes shrunk by 2 points), arrows that stop short of their target, boxes
    // overlapping, boxes outside their namespace, and labels overlapping each other.
    struct Audit
    {
        size_t crossings = 0, misses = 0, overlaps = 0, outside = 0, labelOverlaps = 0;
        std::vector<std::string> problems; // one line each, every kind but labels
    };
    Audit audit() const;

    std::string json() const;
    std::string svg() const;
    std::string dot() const;
};

} // namespace netfence::core
