#include "core/ipblock.h"

#include <charconv>

namespace netfence::core {

std::string parseCidr(const std::string &text, IPRange &out)
{
    const size_t slash = text.find('/');
    if (slash == std::string::npos)
        return "invalid CIDR address \"" + text + "\": missing /prefix-length";
    auto address = IPAddress::parse(std::string_view(text).substr(0, slash));
    if (!address)
        return "invalid CIDR address \"" + text + "\"";
    const std::string_view lenText = std::string_view(text).substr(slash + 1);
    int len = -1;
    auto [ptr, ec] = std::from_chars(lenText.data(), lenText.data() + lenText.size(), len);
    const int bits = familyBits(address->family);
    if (lenText.empty() || ec != std::errc() || ptr != lenText.data() + lenText.size() ||
        len < 0 || len > bits || (lenText.size() > 1 && lenText.front() == '0'))
        return "invalid CIDR address \"" + text + "\": bad prefix length";
    const U128 hostMask = len == bits ? U128(0) : (familyMax(address->family) >> len);
    out.family = address->family;
    out.first = address->value & ~hostMask & familyMax(address->family);
    out.last = out.first | hostMask;
    return {};
}

std::string IPBlock::parse()
{
    exceptRanges.clear();
    if (cidr.empty())
        return "ipBlock.cidr is required";
    std::string err = parseCidr(cidr, cidrRange);
    if (!err.empty())
        return err;
    for (const std::string &e : except) {
        IPRange r;
        err = parseCidr(e, r);
        if (!err.empty())
            return "except: " + err;
        // The API server demands a strict subset: inside cidr and a longer prefix.
        if (!cidrRange.contains(r) || r == cidrRange)
            return "except entry \"" + e + "\" must be a strict subset of cidr \"" + cidr + "\"";
        exceptRanges.push_back(r);
    }
    return {};
}

std::vector<IPRange> IPBlock::addressRanges() const
{
    return subtractRanges(cidrRange, exceptRanges);
}

bool IPBlock::contains(const IPAddress &address) const
{
    if (!cidrRange.contains(address))
        return false;
    for (const IPRange &e : exceptRanges)
        if (e.contains(address))
            return false;
    return true;
}

bool IPBlock::contains(const IPRange &range) const
{
    if (!cidrRange.contains(range))
        return false;
    for (const IPRange &e : exceptRanges)
        if (e.overlaps(range))
            return false;
    return true;
}

} // namespace netfence::core
