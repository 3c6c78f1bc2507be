#pragma once

#include "core/ipaddress.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// An inclusive range of addresses of one family.
struct IPRange
{
    IPFamily family = IPFamily::V4;
    U128 first = 0;
    U128 last = 0;

    static IPRange whole(IPFamily family);
    static IPRange single(const IPAddress &address);

    bool contains(const IPAddress &address) const;
    bool contains(const IPRange &other) const;
    bool overlaps(const IPRange &other) const;

    // "10.0.0.0-10.255.255.255", as netpol-analyzer prints ranges.
    std::string toString() const;

    friend bool operator==(const IPRange &, const IPRange &) = default;
    friend auto operator<=>(const IPRange &, const IPRange &) = default;
};

// The fewest CIDR blocks ("10.0.0.0/8") that exactly cover the range.
std::vector<std::string> rangeToCidrs(const IPRange &range);

// `cidr` minus `holes`, as maximal disjoint ranges in ascending order (all of one family).
std::vector<IPRange> subtractRanges(const IPRange &cidr, std::vector<IPRange> holes);

} // namespace netfence::core
