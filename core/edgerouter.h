#pragma once

#include "core/graphlayout.h"

#include <vector>

namespace netfence::core {

// Routes one arrow around boxes without moving any of them: the shortest polyline through the
// corners of the boxes in its way. Used after an edit or a move, when a full Graphviz layout
// would reshuffle the picture; Graphviz routes everything at the next layout.
class EdgeRouter
{
public:
    using Rect = GraphLayout::Rect;
    using Point = GraphLayout::Point;

    // A route from the border of `from` to the border of `to` (as a Bezier control polygon of
    // straight pieces, with the arrowhead's tip) that keeps `clearance` points away from every
    // box of `obstacles`. Obstacles that contain an end are ignored.
    static GraphLayout::Route route(const Rect &from, const Rect &to, const std::vector<Rect> &obstacles,
                                    double clearance = 6);
    // Whether the segment a-b passes through the inside of r.
    static bool crosses(const Point &a, const Point &b, const Rect &r);

private:
    // The search among the obstacles that meet `window` (all when null), taking at most
    // `candidatesPerStep` visible corners (the most promising) from each corner reached;
    // empty when no path.
    static GraphLayout::Route routeWithin(const Rect &from, const Rect &to, const std::vector<Rect> &obstacles,
                                          double clearance, const Rect *window, size_t candidatesPerStep);
    static constexpr size_t kFewCandidates = 16;
};

} // namespace netfence::core
