#include "core/iprange.h"

#include <algorithm>

namespace netfence::core {

IPRange IPRange::whole(IPFamily family)
{
    return IPRange{family, 0, familyMax(family)};
}

IPRange IPRange::single(const IPAddress &address)
{
    return IPRange{address.family, address.value, address.value};
}

bool IPRange::contains(const IPAddress &address) const
{
    return address.family == family && first <= address.value && address.value <= last;
}

bool IPRange::contains(const IPRange &other) const
{
    return other.family == family && first <= other.first && other.last <= last;
}

bool IPRange::overlaps(const IPRange &other) const
{
    return other.family == family && first <= other.last && other.first <= last;
}

std::string IPRange::toString() const
{
    return IPAddress{family, first}.toString() + '-' + IPAddress{family, last}.toString();
}

std::vector<std::string> rangeToCidrs(const IPRange &range)
{
    std::vector<std::string> out;
    const int bits = familyBits(range.family);
    U128 next = range.first;
    while (true) {
        // The largest aligned block starting at `next` that stays inside the range.
        int len = bits;
        while (len > 0) {
            const int hostBits = bits - len + 1;
            const U128 mask = hostBits >= 128 ? ~U128(0) : (U128(1) << hostBits) - 1;
            if ((next & mask) != 0 || next + mask > range.last || next + mask < next)
                break;
            --len;
        }
        out.push_back(IPAddress{range.family, next}.toString() + '/' + std::to_string(len));
        const int hostBits = bits - len;
        const U128 blockLast = hostBits >= 128 ? familyMax(range.family)
                                               : next + ((U128(1) << hostBits) - 1);
        if (blockLast >= range.last)
            break;
        next = blockLast + 1;
    }
    return out;
}

std::vector<IPRange> subtractRanges(const IPRange &cidr, std::vector<IPRange> holes)
{
    std::sort(holes.begin(), holes.end());
    std::vector<IPRange> out;
    U128 next = cidr.first;
    bool done = false;
    for (const IPRange &h : holes) {
        if (done || h.family != cidr.family || h.last < next || h.first > cidr.last)
            continue;
        if (h.first > next)
            out.push_back({cidr.family, next, h.first - 1});
        if (h.last >= cidr.last) {
            done = true;
            continue;
        }
        next = std::max(next, h.last + 1);
    }
    if (!done)
        out.push_back({cidr.family, next, cidr.last});
    return out;
}

} // namespace netfence::core
