#include "core/ipblock.h"

#include <gtest/gtest.h>

using namespace netfence::core;

namespace {

IPAddress ip(const char *text)
{
    auto a = IPAddress::parse(text);
    EXPECT_TRUE(a) << text;
    return a.value_or(IPAddress{});
}

TEST(IPAddress, ParsesAndPrintsBothFamilies)
{
    EXPECT_EQ(ip("10.1.2.3").toString(), "10.1.2.3");
    EXPECT_EQ(ip("2001:db8::1").toString(), "2001:db8::1");
    EXPECT_FALSE(IPAddress::parse("10.1.2"));
    EXPECT_FALSE(IPAddress::parse("256.1.1.1"));
    EXPECT_FALSE(IPAddress::parse("A"));
}

TEST(IPBlock, CidrWithHostBitsNamesItsNetwork)
{
    IPRange r;
    ASSERT_EQ(parseCidr("10.244.1.11/4", r), "");
    EXPECT_EQ(r.toString(), "0.0.0.0-15.255.255.255");
    ASSERT_EQ(parseCidr("0.0.0.0/0", r), "");
    EXPECT_EQ(r.toString(), "0.0.0.0-255.255.255.255");
    ASSERT_EQ(parseCidr("10.0.0.1/32", r), "");
    EXPECT_EQ(r.first, r.last);
    ASSERT_EQ(parseCidr("::/0", r), "");
    EXPECT_EQ(r.last, ~U128(0));
}

TEST(IPBlock, RejectsBadCidrs)
{
    IPRange r;
    EXPECT_NE(parseCidr("A", r), "");
    EXPECT_NE(parseCidr("10.0.0.0", r), "");
    EXPECT_NE(parseCidr("10.0.0.0/33", r), "");
    EXPECT_NE(parseCidr("10.0.0.0/-1", r), "");
    EXPECT_NE(parseCidr("10.0.0.0/", r), "");
    EXPECT_NE(parseCidr("fd00::/129", r), "");
}

TEST(IPBlock, ExceptMustBeAStrictSubset)
{
    IPBlock ok{"10.0.0.0/8", {"10.1.0.0/16"}, {}, {}};
    EXPECT_EQ(ok.parse(), "");
    IPBlock outside{"10.0.0.0/8", {"11.0.0.0/16"}, {}, {}};
    EXPECT_NE(outside.parse(), "");
    IPBlock same{"10.0.0.0/8", {"10.0.0.0/8"}, {}, {}};
    EXPECT_NE(same.parse(), "");
    IPBlock family{"10.0.0.0/8", {"fd00::/16"}, {}, {}};
    EXPECT_NE(family.parse(), "");
}

TEST(IPBlock, ContainsIsCidrMinusExcept)
{
    IPBlock b{"10.0.0.0/8", {"10.1.0.0/16", "10.2.3.0/24"}, {}, {}};
    ASSERT_EQ(b.parse(), "");
    EXPECT_TRUE(b.contains(ip("10.0.0.1")));
    EXPECT_FALSE(b.contains(ip("10.1.200.1")));
    EXPECT_FALSE(b.contains(ip("10.2.3.4")));
    EXPECT_TRUE(b.contains(ip("10.2.4.4")));
    EXPECT_FALSE(b.contains(ip("11.0.0.0")));
    EXPECT_FALSE(b.contains(ip("::a00:1")));
    const auto ranges = b.addressRanges();
    ASSERT_EQ(ranges.size(), 3u);
    EXPECT_EQ(ranges[0].toString(), "10.0.0.0-10.0.255.255");
    EXPECT_EQ(ranges[1].toString(), "10.2.0.0-10.2.2.255");
    EXPECT_EQ(ranges[2].toString(), "10.2.4.0-10.255.255.255");
    // A range is inside only when every address is.
    EXPECT_TRUE(b.contains(IPRange{IPFamily::V4, ip("10.0.0.0").value, ip("10.0.255.255").value}));
    EXPECT_FALSE(b.contains(IPRange{IPFamily::V4, ip("10.0.0.0").value, ip("10.1.0.0").value}));
}

TEST(IPBlock, SubtractRangesHandlesEdges)
{
    const IPRange all = IPRange::whole(IPFamily::V4);
    EXPECT_TRUE(subtractRanges(all, {all}).empty());
    const auto r = subtractRanges(all, {IPRange{IPFamily::V4, 0, 0}, IPRange{IPFamily::V4, 0xffffffff, 0xffffffff}});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].toString(), "0.0.0.1-255.255.255.254");
}

} // namespace

namespace {

TEST(IPRange, RangeToCidrsCoversExactly)
{
    auto cidrs = [](const char *first, const char *last) {
        const auto a = IPAddress::parse(first), b = IPAddress::parse(last);
        return rangeToCidrs(IPRange{a->family, a->value, b->value});
    };
    EXPECT_EQ(cidrs("0.0.0.0", "255.255.255.255"), (std::vector<std::string>{"0.0.0.0/0"}));
    EXPECT_EQ(cidrs("10.0.0.0", "10.255.255.255"), (std::vector<std::string>{"10.0.0.0/8"}));
    EXPECT_EQ(cidrs("10.0.0.1", "10.0.0.1"), (std::vector<std::string>{"10.0.0.1/32"}));
    EXPECT_EQ(cidrs("0.0.0.0", "9.255.255.255"),
              (std::vector<std::string>{"0.0.0.0/5", "8.0.0.0/7"}));
    EXPECT_EQ(cidrs("10.0.0.3", "10.0.0.8"),
              (std::vector<std::string>{"10.0.0.3/32", "10.0.0.4/30", "10.0.0.8/32"}));
    EXPECT_EQ(cidrs("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), (std::vector<std::string>{"::/0"}));
    EXPECT_EQ(cidrs("fe00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
              (std::vector<std::string>{"fe00::/7"}));
}

} // namespace
