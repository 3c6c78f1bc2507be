#include "core/graphlayout.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace netfence::core;

namespace {

GraphLayout::Input sample(int groups, int perGroup)
{
    GraphLayout::Input in;
    for (int g = 0; g < groups; ++g)
        for (int i = 0; i < perGroup; ++i)
            in.nodes.push_back({"ns" + std::to_string(g) + "/pod" + std::to_string(i),
                                "ns" + std::to_string(g), 120, 48});
    return in;
}

bool inside(const GraphLayout::Rect &r, const GraphLayout::Point &p)
{
    return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}

TEST(GraphLayout, NodesSitInsideTheirGroupAndDoNotOverlap)
{
    const GraphLayout::Input in = sample(4, 5);
    const GraphLayout::Result r = GraphLayout::run(in);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.centers.size(), 20u);
    ASSERT_EQ(r.groups.size(), 4u);
    for (const auto &n : in.nodes)
        EXPECT_TRUE(inside(r.groups.at(n.group), r.centers.at(n.id))) << n.id;
    for (const auto &a : in.nodes)
        for (const auto &b : in.nodes) {
            if (a.id >= b.id)
                continue;
            const auto pa = r.centers.at(a.id), pb = r.centers.at(b.id);
            const bool apart = std::abs(pa.x - pb.x) >= 120 - 0.5 || std::abs(pa.y - pb.y) >= 48 - 0.5;
            EXPECT_TRUE(apart) << a.id << " overlaps " << b.id;
        }
    for (const auto &[g, rect] : r.groups) {
        EXPECT_GE(rect.x, -0.5);
        EXPECT_GE(rect.y, -0.5);
        EXPECT_LE(rect.x + rect.width, r.bounds.width + 0.5);
    }
}

TEST(GraphLayout, SameInputSamePositions)
{
    const GraphLayout::Input in = sample(3, 4);
    const auto a = GraphLayout::run(in), b = GraphLayout::run(in);
    for (const auto &[id, p] : a.centers) {
        EXPECT_DOUBLE_EQ(p.x, b.centers.at(id).x);
        EXPECT_DOUBLE_EQ(p.y, b.centers.at(id).y);
    }
}

// The lab's step 7 as the app lays it out: twin arrows between kube-dns and the outside box,
// whose sides dot chose by the heap addresses of their names under Graphviz's own IDs.
namespace {
GraphLayout::Input labStepSeven()
{
    GraphLayout::Input in;
    for (const char *id : {"data/database", "kube-system/kube-dns", "monitoring/prometheus",
                           "netpol-lab/backend", "netpol-lab/client", "netpol-lab/frontend"}) {
        const std::string s = id;
        in.nodes.push_back({s, s.substr(0, s.find('/')), 176, 66});
    }
    for (const char *range : {"0.0.0.0-9.255.255.255", "10.0.0.0-10.255.255.255",
                              "11.0.0.0-172.15.255.255", "172.16.0.0-172.31.255.255",
                              "172.32.0.0-192.167.255.255", "192.168.0.0-192.168.255.255",
                              "192.169.0.0-255.255.255.255"})
        in.nodes.push_back({range, "outside", 176, 66});
    auto arrow = [&](const char *from, bool fromGroup, const char *to, bool toGroup) {
        in.edges.push_back({from, to, fromGroup, toGroup});
    };
    arrow("netpol-lab", true, "kube-system", true);
    arrow("netpol-lab/client", false, "netpol-lab/frontend", false);
    arrow("kube-system/kube-dns", false, "data/database", false);
    arrow("monitoring/prometheus", false, "netpol-lab/frontend", false);
    arrow("monitoring/prometheus", false, "netpol-lab/backend", false);
    arrow("monitoring/prometheus", false, "kube-system/kube-dns", false);
    arrow("data/database", false, "kube-system/kube-dns", false);
    arrow("data/database", false, "outside", true);
    arrow("outside", true, "data/database", false);
    arrow("kube-system/kube-dns", false, "outside", true);
    arrow("outside", true, "kube-system/kube-dns", false);
    for (const char *range : {"0.0.0.0-9.255.255.255", "11.0.0.0-172.15.255.255",
                              "172.32.0.0-192.167.255.255", "192.169.0.0-255.255.255.255"})
        arrow("netpol-lab/backend", false, range, false);
    in.groupLabels["outside"] = "Outside the cluster";
    return in;
}
} // namespace

TEST(GraphLayout, SameInputSameRoutesWhereverTheHeapPutsTheNames)
{
    const GraphLayout::Input in = labStepSeven();
    const GraphLayout::Result first = GraphLayout::run(in);
    ASSERT_EQ(first.error, "");
    ASSERT_EQ(first.routes.size(), in.edges.size());
    ASSERT_FALSE(first.routes[9].points.empty()); // kube-dns -> outside is routed by dot
    std::vector<std::unique_ptr<std::string>> shift;
    for (int run = 1; run < 24; ++run) {
        // Blocks of other sizes between the runs move where Graphviz's strings land.
        for (int k = 0; k < run; ++k)
            shift.push_back(std::make_unique<std::string>(size_t(24 + 40 * k + run), 'x'));
        const GraphLayout::Result again = GraphLayout::run(in);
        ASSERT_EQ(again.routes.size(), first.routes.size());
        for (size_t i = 0; i < first.routes.size(); ++i) {
            ASSERT_EQ(again.routes[i].points.size(), first.routes[i].points.size()) << run << ' ' << i;
            for (size_t k = 0; k < first.routes[i].points.size(); ++k) {
                EXPECT_DOUBLE_EQ(again.routes[i].points[k].x, first.routes[i].points[k].x) << run << ' ' << i;
                EXPECT_DOUBLE_EQ(again.routes[i].points[k].y, first.routes[i].points[k].y) << run << ' ' << i;
            }
        }
        for (const auto &[id, p] : first.centers) {
            EXPECT_DOUBLE_EQ(again.centers.at(id).x, p.x) << run << ' ' << id;
            EXPECT_DOUBLE_EQ(again.centers.at(id).y, p.y) << run << ' ' << id;
        }
    }
}

TEST(GraphLayout, WorksWithoutGraphvizPluginConfiguration)
{
    ::setenv("GVBINDIR", "/nonexistent-netfence", 1);
    const GraphLayout::Result r = GraphLayout::run(sample(2, 2));
    ::unsetenv("GVBINDIR");
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.centers.size(), 4u);
}

TEST(GraphLayout, DuplicateIdsAreRefused)
{
    GraphLayout::Input in;
    in.nodes = {{"a", "g", 10, 10}, {"a", "g", 10, 10}};
    EXPECT_NE(GraphLayout::run(in).error, "");
}

} // namespace
