#include "core/edgerouter.h"

#include <algorithm>
#include <cmath>
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
    return std::hypot(a.x - b.x, a.y - b.y);
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

GraphLayout::Route EdgeRouter::route(const Rect &from, const Rect &to, const std::vector<Rect> &obstacles,
                                     double clearance)
{
    const Point start = center(from), goal = center(to);
    std::vector<Rect> blocks;
    for (const Rect &o : obstacles)
        if (!contains(grown(o, 1), start) && !contains(grown(o, 1), goal))
            blocks.push_back(grown(o, clearance));
    auto visible = [&](const Point &a, const Point &b) {
        for (const Rect &r : blocks)
            if (crosses(a, b, r))
                return false;
        return true;
    };
    std::vector<Point> vertices{start, goal};
    for (const Rect &r : blocks) {
        const Rect c = grown(r, 2);
        for (const Point &p : {Point{c.x, c.y}, Point{c.x + c.width, c.y}, Point{c.x, c.y + c.height},
                               Point{c.x + c.width, c.y + c.height}})
            if (std::none_of(blocks.begin(), blocks.end(), [&](const Rect &b) { return contains(b, p); }))
                vertices.push_back(p);
    }
    // A* over the visibility graph, visibility tested only for the vertices it reaches.
    const size_t n = vertices.size();
    std::vector<double> cost(n, std::numeric_limits<double>::infinity());
    std::vector<size_t> previous(n, n);
    std::vector<char> done(n, 0);
    using Entry = std::pair<double, size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
    cost[0] = 0;
    open.push({distance(start, goal), 0});
    while (!open.empty()) {
        const size_t u = open.top().second;
        open.pop();
        if (done[u])
            continue;
        done[u] = 1;
        if (u == 1)
            break;
        for (size_t v = 1; v < n; ++v) {
            if (done[v])
                continue;
            const double c = cost[u] + distance(vertices[u], vertices[v]);
            if (c >= cost[v] || !visible(vertices[u], vertices[v]))
                continue;
            cost[v] = c;
            previous[v] = u;
            open.push({c + distance(vertices[v], goal), v});
        }
    }
    std::vector<Point> path;
    if (previous[1] == n) {
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
