#include "core/graphpicture.h"

#include "core/jsonwriter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace netfence::core {

namespace {

std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", std::abs(v) < 0.005 ? 0.0 : v);
    return buf;
}

// Text for XML content and attribute values: every name from the input passes through here.
std::string xml(const std::string &text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            // Control characters are not allowed in XML 1.0 at all.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
                out += '?';
            else
                out += c;
        }
    }
    return out;
}

// A DOT quoted string.
std::string quoted(const std::string &text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n' || c == '\r') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + '"';
}

// The point at 40% of a route's Bezier pieces (by piece count, then by parameter).
GraphLayout::Point labelPoint(const GraphLayout::Route &route)
{
    const auto &p = route.points;
    const size_t pieces = (p.size() - 1) / 3;
    const double at = 0.4 * double(pieces);
    const size_t k = std::min(pieces - 1, size_t(at));
    const double t = at - double(k), u = 1 - t;
    const auto &a = p[3 * k], &b = p[3 * k + 1], &c = p[3 * k + 2], &d = p[3 * k + 3];
    return {u * u * u * a.x + 3 * u * u * t * b.x + 3 * u * t * t * c.x + t * t * t * d.x,
            u * u * u * a.y + 3 * u * u * t * b.y + 3 * u * t * t * c.y + t * t * t * d.y};
}

std::string groupId(const std::string &group)
{
    if (group == GraphModel::kExposure)
        return GraphPicture::kExposureId;
    return group == GraphModel::kOutside ? GraphPicture::kOutsideId : group;
}

using Rect = GraphLayout::Rect;
using Point = GraphLayout::Point;

} // namespace

GraphLayout::Input GraphPicture::layoutInput(const GraphModel &model, const std::set<std::string> &visible)
{
    GraphLayout::Input input;
    std::set<std::string> shownGroups, collapsedShown;
    // Nodes come namespace by namespace: a group is looked up once per run of its nodes, not
    // once per node (100,000 pods folded into 200 boxes).
    const std::string *run = nullptr;
    bool runCollapsed = false;
    for (const GraphModel::Node &n : model.nodes()) {
        if (!visible.empty() && !visible.count(n.id))
            continue;
        const bool newRun = !run || *run != n.group;
        if (newRun) {
            run = &n.group;
            runCollapsed = model.isCollapsed(n.group);
        }
        if (runCollapsed) {
            if (newRun && collapsedShown.insert(n.group).second)
                input.nodes.push_back({n.group, "", kCollapsedWidth + kPadding, kCollapsedHeight + kPadding});
            continue;
        }
        if (newRun) shownGroups.insert(n.group);
        input.nodes.push_back({n.id, n.group, kBoxWidth + kPadding, kBoxHeight + kPadding});
    }
    for (const GraphModel::Edge &e : model.edges()) {
        auto end = [&](const std::string &id, bool group, std::string &out, bool &outGroup) {
            if (group && model.isCollapsed(id)) {
                out = id;
                outGroup = false;
                return collapsedShown.count(id) > 0;
            }
            out = id;
            outGroup = group;
            return group ? shownGroups.count(id) > 0 : (visible.empty() || visible.count(id) > 0);
        };
        GraphLayout::Edge le;
        const bool a = end(e.from, e.fromGroup, le.from, le.fromGroup);
        const bool b = end(e.to, e.toGroup, le.to, le.toGroup);
        // Hidden ends keep the slot (routes stay indexed like the model's edges) but go nowhere.
        if (!a || !b)
            le = {};
        input.edges.push_back(le);
    }
    input.groupLabels[GraphModel::kOutside] = kOutsideId;
    input.groupLabels[GraphModel::kExposure] = kExposureId;
    return input;
}

GraphPicture GraphPicture::make(const GraphModel &model, const std::set<std::string> &visible)
{
    GraphPicture picture;
    const GraphLayout::Input input = layoutInput(model, visible);
    const GraphLayout::Result result = GraphLayout::run(input);
    if (!result.error.empty()) {
        picture.error = result.error;
        return picture;
    }
    picture.width = result.bounds.width;
    picture.height = result.bounds.height;
    for (const GraphModel::Group &g : model.groups()) {
        Box box;
        box.id = groupId(g.id);
        box.kind = g.id == GraphModel::kOutside || g.id == GraphModel::kExposure ? "group" : "namespace";
        box.title = box.id;
        if (auto it = result.groups.find(g.id); it != result.groups.end()) {
            box.rect = it->second;
        } else if (auto c = result.centers.find(g.id); c != result.centers.end() && g.collapsed) {
            box.rect = {c->second.x - kCollapsedWidth / 2, c->second.y - kCollapsedHeight / 2,
                        kCollapsedWidth, kCollapsedHeight};
        } else {
            continue; // nothing of it is shown
        }
        picture.boxes.push_back(box);
    }
    for (const GraphModel::Node &n : model.nodes()) {
        auto c = result.centers.find(n.id);
        if (c == result.centers.end() || model.isCollapsed(n.group))
            continue;
        Box box;
        box.id = n.id;
        box.kind = n.endpoint.isWorkload() ? "workload" : "external";
        box.parent = groupId(n.group);
        box.title = n.title;
        box.rect = {c->second.x - kBoxWidth / 2, c->second.y - kBoxHeight / 2, kBoxWidth, kBoxHeight};
        picture.boxes.push_back(box);
    }
    for (size_t i = 0; i < model.edges().size(); ++i) {
        if (result.routes[i].points.empty())
            continue;
        const GraphModel::Edge &e = model.edges()[i];
        picture.arrows.push_back({i, e.fromGroup ? groupId(e.from) : e.from, e.toGroup ? groupId(e.to) : e.to,
                                  e.label, result.routes[i]});
    }
    return picture;
}

std::string GraphPicture::json() const
{
    std::string out = "{\n  \"width\": " + num(width) + ",\n  \"height\": " + num(height) + ",\n  \"nodes\": [";
    for (size_t i = 0; i < boxes.size(); ++i) {
        const Box &b = boxes[i];
        out += i ? ",\n    " : "\n    ";
        out += "{\"id\": " + JsonWriter::escape(b.id) + ", \"kind\": \"" + b.kind + "\", \"parent\": " +
               (b.parent.empty() ? std::string("null") : JsonWriter::escape(b.parent)) +
               ", \"x\": " + num(b.rect.x) + ", \"y\": " + num(b.rect.y) + ", \"width\": " + num(b.rect.width) +
               ", \"height\": " + num(b.rect.height) + "}";
    }
    out += boxes.empty() ? "],\n  \"edges\": [" : "\n  ],\n  \"edges\": [";
    for (size_t i = 0; i < arrows.size(); ++i) {
        const Arrow &a = arrows[i];
        out += i ? ",\n    " : "\n    ";
        out += "{\"from\": " + JsonWriter::escape(a.from) + ", \"to\": " + JsonWriter::escape(a.to) +
               ", \"label\": " + JsonWriter::escape(a.label) + ", \"points\": [";
        for (const GraphLayout::Point &p : a.route.points)
            out += "[" + num(p.x) + ", " + num(p.y) + "], ";
        out += "[" + num(a.route.tip.x) + ", " + num(a.route.tip.y) + "]]}";
    }
    out += arrows.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

std::string GraphPicture::svg() const
{
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width + 20) + "\" height=\"" +
                      num(height + 20) + "\" viewBox=\"-10 -10 " + num(width + 20) + " " + num(height + 20) +
                      "\" font-family=\"sans-serif\">\n"
                      "<rect x=\"-10\" y=\"-10\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    for (const Box &b : boxes) {
        if (b.kind != "namespace" && b.kind != "group")
            continue;
        const bool outside = b.kind == "group";
        out += "<g><title>" + xml(b.id) + "</title><rect x=\"" + num(b.rect.x) + "\" y=\"" + num(b.rect.y) +
               "\" width=\"" + num(b.rect.width) + "\" height=\"" + num(b.rect.height) +
               "\" rx=\"8\" fill=\"" + (outside ? "#fbf3e6" : "#eef3fa") + "\" stroke=\"" +
               (outside ? "#c8a060" : "#8aa4c8") + "\"/><text x=\"" + num(b.rect.x + 8) + "\" y=\"" +
               num(b.rect.y + 17) + "\" font-size=\"13\" font-weight=\"bold\" fill=\"#33475f\">" + xml(b.title) +
               "</text></g>\n";
    }
    std::string labels;
    for (const Arrow &a : arrows) {
        const auto &p = a.route.points;
        std::string d = "M" + num(p[0].x) + "," + num(p[0].y);
        for (size_t k = 1; k + 2 < p.size(); k += 3)
            d += " C" + num(p[k].x) + "," + num(p[k].y) + " " + num(p[k + 1].x) + "," + num(p[k + 1].y) + " " +
                 num(p[k + 2].x) + "," + num(p[k + 2].y);
        const GraphLayout::Point end = p.back(), tip = a.route.tip;
        double dx = tip.x - end.x, dy = tip.y - end.y;
        const double len = std::hypot(dx, dy);
        out += "<g><title>" + xml(a.from + " \u2192 " + a.to + ": " + a.label) + "</title><path d=\"" + d +
               " L" + num(tip.x) + "," + num(tip.y) + "\" fill=\"none\" stroke=\"#32649e\" stroke-width=\"1.5\"/>";
        if (len > 0.1) {
            dx /= len;
            dy /= len;
            const double w = std::max(len, 8.0) * 0.45;
            out += "<polygon points=\"" + num(tip.x) + "," + num(tip.y) + " " + num(end.x - dy * w) + "," +
                   num(end.y + dx * w) + " " + num(end.x + dy * w) + "," + num(end.y - dx * w) +
                   "\" fill=\"#32649e\"/>";
        }
        // The label sits at 40% of the route, so that the labels of the two directions between
        // one pair stay apart.
        GraphLayout::Point m = labelPoint(a.route);
        const double tw = double(a.label.size()) * 6.2 + 8;
        // On an arrow shorter than its label the label would hide it: it goes beside the line.
        const double span = std::hypot(tip.x - p.front().x, tip.y - p.front().y);
        if (span < tw + 24 && span > 0.1) {
            const double nx = -(tip.y - p.front().y) / span, ny = (tip.x - p.front().x) / span;
            const double by = std::abs(nx) > 0.5 ? tw / 2 + 6 : 14; // clear of a vertical line
            m = {m.x - std::abs(nx) * by, m.y - std::abs(ny) * by};
        }
        out += "</g>\n";
        // Labels go on top of everything, boxes included.
        labels += "<g><rect x=\"" + num(m.x - tw / 2) + "\" y=\"" + num(m.y - 8) + "\" width=\"" + num(tw) +
                  "\" height=\"15\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/><text x=\"" + num(m.x) +
                  "\" y=\"" + num(m.y + 3.5) + "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#32649e\">" +
                  xml(a.label) + "</text></g>\n";
    }
    for (const Box &b : boxes) {
        if (b.kind != "workload" && b.kind != "external")
            continue;
        const bool external = b.kind == "external";
        out += "<g><title>" + xml(b.id) + "</title><rect x=\"" + num(b.rect.x) + "\" y=\"" + num(b.rect.y) +
               "\" width=\"" + num(b.rect.width) + "\" height=\"" + num(b.rect.height) + "\" rx=\"6\" fill=\"" +
               (external ? "#fff8ec" : "#ffffff") + "\" stroke=\"#5a6b80\"/><text x=\"" +
               num(b.rect.x + b.rect.width / 2) + "\" y=\"" + num(b.rect.y + b.rect.height / 2 + 5) +
               "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1d2733\">" + xml(b.title) + "</text></g>\n";
    }
    return out + labels + "</svg>\n";
}

std::string GraphPicture::dot() const
{
    // Positions in Graphviz's own convention (points, y up), so `neato -n2` can redraw it.
    auto pt = [this](const GraphLayout::Point &p) { return num(p.x) + "," + num(height - p.y); };
    std::string out = "digraph netfence {\n  graph [bb=\"0,0," + num(width) + "," + num(height) + "\"];\n"
                      "  node [shape=box];\n";
    std::map<std::string, std::vector<const Box *>> children;
    for (const Box &b : boxes)
        children[b.parent].push_back(&b);
    int cluster = 0;
    for (const Box *g : children[""]) {
        if (g->kind == "workload" || g->kind == "external" || !children.count(g->id)) {
            out += "  " + quoted(g->id) + " [pos=\"" +
                   pt({g->rect.x + g->rect.width / 2, g->rect.y + g->rect.height / 2}) + "\", width=" +
                   num(g->rect.width / 72) + ", height=" + num(g->rect.height / 72) + "];\n";
            continue;
        }
        out += "  subgraph cluster_" + std::to_string(cluster++) + " {\n    label=" + quoted(g->title) +
               "; bb=\"" + num(g->rect.x) + "," + num(height - g->rect.y - g->rect.height) + "," +
               num(g->rect.x + g->rect.width) + "," + num(height - g->rect.y) + "\";\n";
        for (const Box *n : children[g->id])
            out += "    " + quoted(n->id) + " [label=" + quoted(n->title) + ", pos=\"" +
                   pt({n->rect.x + n->rect.width / 2, n->rect.y + n->rect.height / 2}) + "\", width=" +
                   num(n->rect.width / 72) + ", height=" + num(n->rect.height / 72) + "];\n";
        out += "  }\n";
    }
    for (const Arrow &a : arrows) {
        std::string pos = "e," + pt(a.route.tip);
        for (const GraphLayout::Point &p : a.route.points)
            pos += " " + pt(p);
        out += "  " + quoted(a.from) + " -> " + quoted(a.to) + " [label=" + quoted(a.label) + ", pos=\"" + pos +
               "\"];\n";
    }
    return out + "}\n";
}

namespace {

bool inside(const Rect &r, const Point &p)
{
    return p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;
}

Rect shrunk(const Rect &r, double by)
{
    return {r.x + by, r.y + by, r.width - 2 * by, r.height - 2 * by};
}

double distanceTo(const Rect &r, const Point &p)
{
    const double dx = std::max({r.x - p.x, 0.0, p.x - (r.x + r.width)});
    const double dy = std::max({r.y - p.y, 0.0, p.y - (r.y + r.height)});
    return std::hypot(dx, dy);
}

// Points along the drawn route: each Bezier piece sampled, then the arrowhead's line.
std::vector<Point> samples(const GraphLayout::Route &route)
{
    std::vector<Point> out;
    const auto &p = route.points;
    for (size_t k = 0; k + 3 < p.size(); k += 3)
        for (int s = 0; s <= 24; ++s) {
            const double t = s / 24.0, u = 1 - t;
            const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
            out.push_back({a * p[k].x + b * p[k + 1].x + c * p[k + 2].x + d * p[k + 3].x,
                           a * p[k].y + b * p[k + 1].y + c * p[k + 2].y + d * p[k + 3].y});
        }
    for (int s = 0; s <= 8; ++s)
        out.push_back({p.back().x + (route.tip.x - p.back().x) * s / 8.0,
                       p.back().y + (route.tip.y - p.back().y) * s / 8.0});
    return out;
}

// Every broken promise of the picture, one line each ("" when it keeps them all).
} // namespace

GraphPicture::Audit GraphPicture::audit() const
{
    Audit audit;
    const GraphPicture &picture = *this;
    std::map<std::string, const GraphPicture::Box *> byId;
    std::vector<const GraphPicture::Box *> leaves;
    for (const GraphPicture::Box &b : picture.boxes) {
        byId[b.id] = &b;
        if (b.kind == "workload" || b.kind == "external")
            leaves.push_back(&b);
    }
    for (size_t i = 0; i < leaves.size(); ++i) {
        const GraphPicture::Box &a = *leaves[i];
        if (auto parent = byId.find(a.parent); parent != byId.end()) {
            const Rect &p = parent->second->rect;
            if (a.rect.x < p.x - 0.5 || a.rect.y < p.y - 0.5 || a.rect.x + a.rect.width > p.x + p.width + 0.5 ||
                a.rect.y + a.rect.height > p.y + p.height + 0.5)
                { ++audit.outside; audit.problems.push_back(a.id + " lies outside " + a.parent); }
        } else {
            { ++audit.outside; audit.problems.push_back(a.id + " has no box " + a.parent); }
        }
        for (size_t j = i + 1; j < leaves.size(); ++j) {
            const Rect &r = a.rect, &s = leaves[j]->rect;
            if (r.x < s.x + s.width - 0.5 && s.x < r.x + r.width - 0.5 && r.y < s.y + s.height - 0.5 &&
                s.y < r.y + r.height - 0.5)
                { ++audit.overlaps; audit.problems.push_back(a.id + " overlaps " + leaves[j]->id); }
        }
    }
    // Namespace boxes (and the outside area) must not overlap each other either.
    for (const GraphPicture::Box &a : picture.boxes)
        for (const GraphPicture::Box &b : picture.boxes)
            if (&a < &b && a.parent.empty() && b.parent.empty()) {
                const Rect &r = a.rect, &s = b.rect;
                if (r.x < s.x + s.width - 0.5 && s.x < r.x + r.width - 0.5 && r.y < s.y + s.height - 0.5 &&
                    s.y < r.y + r.height - 0.5)
                    { ++audit.overlaps; audit.problems.push_back("box " + a.id + " overlaps box " + b.id); }
            }
    for (const GraphPicture::Arrow &arrow : picture.arrows) {
        const std::string name = arrow.from + " -> " + arrow.to;
        auto target = byId.find(arrow.to);
        if (target == byId.end()) {
            ++audit.misses;
            audit.problems.push_back(name + ": no target box");
            continue;
        }
        if (distanceTo(target->second->rect, arrow.route.tip) > 3)
            { ++audit.misses; audit.problems.push_back(name + ": ends away from its target"); }
        const std::vector<Point> along = samples(arrow.route);
        for (const GraphPicture::Box *box : leaves) {
            // Its own ends, and the members of a group end, are its to touch.
            if (box->id == arrow.from || box->id == arrow.to || box->parent == arrow.from ||
                box->parent == arrow.to)
                continue;
            const Rect r = shrunk(box->rect, 2);
            for (const Point &p : along)
                if (inside(r, p)) {
                    ++audit.crossings;
                    audit.problems.push_back(name + " runs through " + box->id);
                    break;
                }
        }
    }
    // Labels sit at the middle of their routes; count the pairs whose boxes would overlap.
    std::vector<Rect> labels;
    for (const Arrow &a : arrows) {
        const Point m = labelPoint(a.route);
        const double w = double(a.label.size()) * 6.2 + 8;
        labels.push_back({m.x - w / 2, m.y - 8, w, 15});
    }
    for (size_t i = 0; i < labels.size(); ++i)
        for (size_t j = i + 1; j < labels.size(); ++j) {
            const Rect &r = labels[i], &s = labels[j];
            audit.labelOverlaps += r.x < s.x + s.width && s.x < r.x + r.width && r.y < s.y + s.height &&
                                   s.y < r.y + r.height;
        }
    return audit;
}


} // namespace netfence::core
