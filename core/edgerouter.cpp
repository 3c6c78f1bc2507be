#include "core/edgerouter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>

namespace netfence::core {

namespace {

using Point = GraphLayout::Point;
using Rect = GraphLayout::Rect;

Point center(const Rect &r)
{
    return {r.x + r.width / 2, r.y + r.height / 2};
}

Rect grown(const Rect &r, double by)
{
    return {r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by};
}

bool contains(const Rect &r, const Point &p)
{
    return p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;
}

double distance(const Point &a, const Point &b)
{
    const double dx = a.x - b.x, dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

// Where the segment from inside r (a) to b leaves r.
Point exitPoint(const Rect &r, const Point &a, const Point &b)
{
    double lo = 0, hi = 1;
    for (int i = 0; i < 50; ++i) {
        const double mid = (lo + hi) / 2;
        const Point p{a.x + (b.x - a.x) * mid, a.y + (b.y - a.y) * mid};
        (contains(r, p) ? lo : hi) = mid;
    }
    return {a.x + (b.x - a.x) * hi, a.y + (b.y - a.y) * hi};
}

} // namespace

bool EdgeRouter::crosses(const Point &a, const Point &b, const Rect &r)
{
    // Liang-Barsky clipping against the open rectangle.
    double t0 = 0, t1 = 1;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - r.x, r.x + r.width - a.x, a.y - r.y, r.y + r.height - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] <= 0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 >= t1)
            return false;
    }
    return t1 - t0 > 1e-9;
}

namespace {

bool intersects(const Rect &a, const Rect &b)
{
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

} // namespace

// The search looks at the boxes within a window around the two ends first (a path whose
// corners all lie in a convex window can only meet boxes inside it), and widens the window
// when no path is found there. On 600 boxes this is what keeps a route to milliseconds.
GraphLayout::Route EdgeRouter::route(const Rect &from, const Rect &to, const std::vector<Rect> &obstacles,
                                     double clearance)
{
    const Point start = center(from), goal = center(to);
    Rect all{std::min(from.x, to.x), std::min(from.y, to.y), 0, 0};
    all.width = std::max(from.x + from.width, to.x + to.width) - all.x;
    all.height = std::max(from.y + from.height, to.y + to.height) - all.y;
    for (const Rect &o : obstacles) {
        const double right = std::max(all.x + all.width, o.x + o.width);
        const double bottom = std::max(all.y + all.height, o.y + o.height);
        all.x = std::min(all.x, o.x);
        all.y = std::min(all.y, o.y);
        all.width = right - all.x;
        all.height = bottom - all.y;
    }
    double margin = std::max(250.0, 0.3 * std::hypot(start.x - goal.x, start.y - goal.y));
    for (;;) {
        Rect window{std::min(start.x, goal.x) - margin, std::min(start.y, goal.y) - margin, 0, 0};
        window.width = std::abs(start.x - goal.x) + 2 * margin;
        window.height = std::abs(start.y - goal.y) + 2 * margin;
        const bool whole = window.x <= all.x - clearance - 3 && window.y <= all.y - clearance - 3 &&
                           window.x + window.width >= all.x + all.width + clearance + 3 &&
                           window.y + window.height >= all.y + all.height + clearance + 3;
        const Rect *w = whole ? nullptr : &window;
        GraphLayout::Route r = routeWithin(from, to, obstacles, clearance, w, kFewCandidates);
        if (r.points.empty())
            r = routeWithin(from, to, obstacles, clearance, w, obstacles.size() * 4 + 2);
        if (!r.points.empty() || whole)
            return r.points.empty() ? routeWithin(from, to, {}, clearance, nullptr, 2) : r;
        margin *= 2.5;
    }
}

GraphLayout::Route EdgeRouter::routeWithin(const Rect &from, const Rect &to, const std::vector<Rect> &obstacles,
                                           double clearance, const Rect *window, size_t candidatesPerStep)
{
    const Point start = center(from), goal = center(to);
    std::vector<Rect> blocks;
    for (const Rect &o : obstacles)
        if (!contains(grown(o, 1), start) && !contains(grown(o, 1), goal) &&
            (!window || intersects(grown(o, clearance + 2), *window)))
            blocks.push_back(grown(o, clearance));
    // Boxes bucketed in a coarse grid: a segment is tested only against the boxes of the cells
    // it passes through.
    double left = start.x, top = start.y, right = start.x, bottom = start.y;
    for (const Rect &r : blocks) {
        left = std::min(left, r.x);
        top = std::min(top, r.y);
        right = std::max(right, r.x + r.width);
        bottom = std::max(bottom, r.y + r.height);
    }
    left = std::min({left, goal.x}) - 1;
    top = std::min({top, goal.y}) - 1;
    const double cell = 160;
    const int columns = std::max(1, int((std::max(right, goal.x) + 1 - left) / cell) + 1);
    const int rows = std::max(1, int((std::max(bottom, goal.y) + 1 - top) / cell) + 1);
    std::vector<std::vector<uint32_t>> buckets(size_t(columns) * size_t(rows));
    auto cellOf = [&](double x, double y) {
        return std::pair{std::clamp(int((x - left) / cell), 0, columns - 1), std::clamp(int((y - top) / cell), 0, rows - 1)};
    };
    for (uint32_t k = 0; k < blocks.size(); ++k) {
        const auto [c0, r0] = cellOf(blocks[k].x, blocks[k].y);
        const auto [c1, r1] = cellOf(blocks[k].x + blocks[k].width, blocks[k].y + blocks[k].height);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                buckets[size_t(r) * size_t(columns) + size_t(c)].push_back(k);
    }
    std::vector<uint32_t> stamp(blocks.size(), 0);
    uint32_t query = 0;
    auto visible = [&](const Point &a, const Point &b) {
        ++query;
        // Walk the segment in steps shorter than a cell, testing the cells around each step.
        const double length = distance(a, b);
        const int steps = std::max(1, int(length / (cell / 2)));
        int lastC = -2, lastR = -2;
        for (int i = 0; i <= steps; ++i) {
            const double t = double(i) / steps;
            const auto [c, r] = cellOf(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            if (c == lastC && r == lastR)
                continue;
            lastC = c;
            lastR = r;
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    const int cc = c + dc, rr = r + dr;
                    if (cc < 0 || rr < 0 || cc >= columns || rr >= rows)
                        continue;
                    for (uint32_t k : buckets[size_t(rr) * size_t(columns) + size_t(cc)]) {
                        if (stamp[k] == query)
                            continue;
                        stamp[k] = query;
                        if (crosses(a, b, blocks[k]))
                            return false;
                    }
                }
        }
        return true;
    };
    auto insideABox = [&](const Point &p) {
        const auto [c, r] = cellOf(p.x, p.y);
        for (uint32_t k : buckets[size_t(r) * size_t(columns) + size_t(c)])
            if (contains(blocks[k], p))
                return true;
        return false;
    };
    // Each corner with the side its box lies on: a shortest route bends round a corner only
    // along lines that touch the box there, so the other directions are never searched.
    std::vector<Point> vertices{start, goal};
    std::vector<int> bend{0, 0};
    for (const Rect &r : blocks) {
        const Rect c = grown(r, 2);
        const std::pair<Point, int> corners[] = {{Point{c.x, c.y}, 1},
                                                 {Point{c.x + c.width, c.y}, -1},
                                                 {Point{c.x, c.y + c.height}, -1},
                                                 {Point{c.x + c.width, c.y + c.height}, 1}};
        for (const auto &[p, side] : corners)
            if ((!window || contains(*window, p)) && !insideABox(p)) {
                vertices.push_back(p);
                bend.push_back(side);
            }
    }
    // A* over the visibility graph, visibility tested only for the vertices it reaches.
    const size_t n = vertices.size();
    std::vector<double> cost(n, std::numeric_limits<double>::infinity());
    std::vector<size_t> previous(n, n);
    std::vector<char> done(n, 0);
    using Entry = std::pair<double, size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
    cost[0] = 0;
    std::vector<double> toGoal(n);
    for (size_t v = 0; v < n; ++v)
        toGoal[v] = distance(vertices[v], goal);
    open.push({toGoal[0], 0});
    std::vector<Entry> candidates;
    while (!open.empty()) {
        const size_t u = open.top().second;
        open.pop();
        if (done[u])
            continue;
        done[u] = 1;
        if (u == 1)
            break;
        // Visibility is the expensive test: it is asked only of the most promising corners
        // (those that would lie on the shortest detour), so a route among a thousand boxes
        // stays fast. Every step taken is still tested, so no route crosses a box.
        candidates.clear();
        for (size_t v = 1; v < n; ++v) {
            if (done[v])
                continue;
            const double dxy = (vertices[v].x - vertices[u].x) * (vertices[v].y - vertices[u].y);
            if (bend[u] * dxy > 0 || bend[v] * dxy > 0)
                continue;
            const double c = cost[u] + distance(vertices[u], vertices[v]);
            if (c < cost[v])
                candidates.push_back({c + toGoal[v], v});
        }
        // A heap, not a sort: usually only a few of the best are looked at.
        std::make_heap(candidates.begin(), candidates.end(), std::greater<>());
        size_t accepted = 0;
        while (!candidates.empty() && accepted < candidatesPerStep) {
            std::pop_heap(candidates.begin(), candidates.end(), std::greater<>());
            const auto [f, v] = candidates.back();
            candidates.pop_back();
            if (!visible(vertices[u], vertices[v]))
                continue;
            ++accepted;
            cost[v] = f - toGoal[v];
            previous[v] = u;
            open.push({f, v});
        }
    }
    std::vector<Point> path;
    if (previous[1] == n) {
        if (window || obstacles.size() * 4 + 2 > candidatesPerStep)
            return {}; // the caller widens the window or looks at every corner
        path = {start, goal}; // boxed in: a straight line says at least who talks to whom
    } else {
        for (size_t v = 1; v != n; v = previous[v])
            path.push_back(vertices[v]);
        std::reverse(path.begin(), path.end());
    }
    // Start and end on the borders of the two boxes.
    path.front() = exitPoint(from, start, path[1]);
    path.back() = exitPoint(to, goal, path[path.size() - 2]);
    GraphLayout::Route route;
    route.tip = path.back();
    // Leave room for the arrowhead on the last piece.
    const Point &before = path[path.size() - 2];
    const double last = distance(before, route.tip);
    const double head = std::min(10.0, last / 2);
    if (last > 0)
        path.back() = {route.tip.x + (before.x - route.tip.x) * head / last,
                       route.tip.y + (before.y - route.tip.y) * head / last};
    route.points.push_back(path.front());
    for (size_t i = 1; i < path.size(); ++i) {
        const Point &a = path[i - 1], &b = path[i];
        route.points.push_back({a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3});
        route.points.push_back({a.x + (b.x - a.x) * 2 / 3, a.y + (b.y - a.y) * 2 / 3});
        route.points.push_back(b);
    }
    return route;
}

} // namespace netfence::core
