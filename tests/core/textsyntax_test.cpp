#include "core/textsyntax.h"

#include <gtest/gtest.h>

using namespace netfence::core;

namespace {

TEST(TextSyntax, Labels)
{
    Labels l;
    EXPECT_EQ(TextSyntax::parseLabels("app=web, tier = front", l), "");
    EXPECT_EQ(l, (Labels{{"app", "web"}, {"tier", "front"}}));
    EXPECT_EQ(TextSyntax::formatLabels(l), "app=web, tier=front");
    EXPECT_NE(TextSyntax::parseLabels("app", l), "");
    EXPECT_NE(TextSyntax::parseLabels("app@x=1", l), "");
    EXPECT_EQ(TextSyntax::parseLabels("", l), "");
    EXPECT_TRUE(l.empty());
}

TEST(TextSyntax, SelectorsRoundTripThroughToString)
{
    LabelSelector s;
    EXPECT_EQ(TextSyntax::parseSelector("app=web, tier in (a, b), env notin (prod), debug, !canary, x!=y", s), "");
    EXPECT_EQ(s.matchLabels, (Labels{{"app", "web"}}));
    ASSERT_EQ(s.matchExpressions.size(), 5u);
    EXPECT_EQ(s.matchExpressions[0].values, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(s.matchExpressions[3].op, SelectorOperator::DoesNotExist);
    EXPECT_EQ(s.matchExpressions[4].op, SelectorOperator::NotIn);
    LabelSelector again;
    EXPECT_EQ(TextSyntax::parseSelector(s.toString(), again), "");
    EXPECT_EQ(again, s);
    EXPECT_EQ(TextSyntax::parseSelector("{}", s), "");
    EXPECT_TRUE(s.isEmpty());
    EXPECT_NE(TextSyntax::parseSelector("tier in ()", s), "");
    EXPECT_NE(TextSyntax::parseSelector("tier like (a)", s), "");
    EXPECT_NE(TextSyntax::parseSelector("tier in (a", s), "");
}

TEST(TextSyntax, ContainerPorts)
{
    std::vector<ContainerPort> p;
    EXPECT_EQ(TextSyntax::parseContainerPorts("http:80/TCP, 53/UDP, metrics:9090", p), "");
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p[1], (ContainerPort{"", 53, Protocol::UDP}));
    EXPECT_EQ(p[2], (ContainerPort{"metrics", 9090, Protocol::TCP}));
    EXPECT_EQ(TextSyntax::formatContainerPorts(p), "http:80/TCP, 53/UDP, metrics:9090/TCP");
    EXPECT_NE(TextSyntax::parseContainerPorts("0/TCP", p), "");
    EXPECT_NE(TextSyntax::parseContainerPorts("80/HTTP", p), "");
    EXPECT_NE(TextSyntax::parseContainerPorts("Bad_Name:80", p), "");
}

} // namespace
