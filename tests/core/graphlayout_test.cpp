#include "core/graphlayout.h"

#include <gtest/gtest.h>

#include <cstdlib>

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
