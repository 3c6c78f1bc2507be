#pragma once

#include "core/iprange.h"

#include <string>
#include <vector>

namespace netfence::core {

// networking/v1 IPBlock: the addresses of `cidr` minus those of every `except` entry.
struct IPBlock
{
    std::string cidr;
    std::vector<std::string> except;

    // Filled by parse(); valid only when parse() returned an empty string.
    IPRange cidrRange;
    std::vector<IPRange> exceptRanges;

    // Parses and validates cidr and except as the API server does; returns the problem or "".
    std::string parse();

    // The block's addresses as maximal ranges, ascending.
    std::vector<IPRange> addressRanges() const;
    bool contains(const IPAddress &address) const;
    // True when every address of `range` is in the block.
    bool contains(const IPRange &range) const;

    friend bool operator==(const IPBlock &a, const IPBlock &b)
    {
        return a.cidr == b.cidr && a.except == b.except;
    }
};

// Parses "addr/len" into the range it names; host bits are allowed, as Go's ParseCIDR allows.
std::string parseCidr(const std::string &text, IPRange &out);

} // namespace netfence::core
