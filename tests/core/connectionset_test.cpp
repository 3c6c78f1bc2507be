#include "core/connectionset.h"

#include <gtest/gtest.h>

using namespace netfence::core;

namespace {

TEST(PortRangeSet, AddMergesOverlappingAndAdjacentRanges)
{
    PortRangeSet s;
    s.add(80, 80);
    s.add(82, 90);
    s.add(81, 81);
    s.add(100, 200);
    s.add(150, 300);
    EXPECT_EQ(s.toString(), "80-90,100-300");
    s.add(1, 65535);
    EXPECT_TRUE(s.isAll());
}

TEST(PortRangeSet, ClampsToValidPorts)
{
    PortRangeSet s;
    s.add(0, 10);
    s.add(65530, 70000);
    EXPECT_EQ(s.toString(), "1-10,65530-65535");
    s.add(20, 10);
    EXPECT_EQ(s.ranges().size(), 2u);
}

TEST(PortRangeSet, IntersectAndSubtract)
{
    PortRangeSet a = PortRangeSet::range(10, 100);
    PortRangeSet b;
    b.add(5, 20);
    b.add(50, 60);
    b.add(90, 200);
    EXPECT_EQ(a.intersected(b).toString(), "10-20,50-60,90-100");
    EXPECT_EQ(a.subtracted(b).toString(), "21-49,61-89");
    EXPECT_TRUE(a.contains(10));
    EXPECT_TRUE(a.contains(100));
    EXPECT_FALSE(a.contains(101));
}

TEST(ConnectionSet, AnalyzerWording)
{
    EXPECT_EQ(ConnectionSet::all().toString(), "All Connections");
    EXPECT_EQ(ConnectionSet().toString(), "No Connections");
    ConnectionSet s;
    s.add(Protocol::UDP, 9090, 9090);
    s.add(Protocol::TCP, 8080, 8081);
    s.add(Protocol::SCTP, 7070, 7070);
    EXPECT_EQ(s.toString(), "SCTP 7070,TCP 8080-8081,UDP 9090");
    EXPECT_EQ(ConnectionSet::allOf(Protocol::TCP).toString(), "TCP 1-65535");
}

TEST(ConnectionSet, IntersectionIsPerProtocol)
{
    ConnectionSet a = ConnectionSet::allOf(Protocol::TCP);
    a.add(Protocol::UDP, 53, 53);
    ConnectionSet b = ConnectionSet::ports(Protocol::TCP, 80, 80);
    b.add(Protocol::SCTP, 53, 53);
    EXPECT_EQ(a.intersected(b).toString(), "TCP 80");
    EXPECT_TRUE(a.allows(Protocol::UDP, 53));
    EXPECT_FALSE(a.allows(Protocol::SCTP, 53));
}

} // namespace

namespace {

TEST(ConnectionSet, CompactLabelsForEdges)
{
    EXPECT_EQ(ConnectionSet::all().compactString(), "All");
    EXPECT_EQ(ConnectionSet().compactString(), "");
    ConnectionSet dns = ConnectionSet::ports(Protocol::TCP, 53, 53);
    dns.add(Protocol::UDP, 53, 53);
    EXPECT_EQ(dns.compactString(), "UDP,TCP 53");
    ConnectionSet mixed = ConnectionSet::ports(Protocol::TCP, 80, 80);
    mixed.add(Protocol::UDP, 9000, 9100);
    EXPECT_EQ(mixed.compactString(), "UDP 9000-9100; TCP 80");
    EXPECT_EQ(ConnectionSet::allOf(Protocol::TCP).compactString(), "TCP all ports");
}

} // namespace
