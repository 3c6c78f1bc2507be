#include "core/portrangeset.h"

#include "core/protocol.h"

#include <algorithm>

namespace netfence::core {

PortRangeSet PortRangeSet::all()
{
    return range(kMinPort, kMaxPort);
}

PortRangeSet PortRangeSet::range(int first, int last)
{
    PortRangeSet set;
    set.add(first, last);
    return set;
}

void PortRangeSet::add(int first, int last)
{
    first = std::max(first, kMinPort);
    last = std::min(last, kMaxPort);
    if (first > last)
        return;
    // Merge with every range that overlaps or touches [first, last].
    auto it = std::lower_bound(mRanges.begin(), mRanges.end(), first,
                               [](const Range &r, int value) { return r.second + 1 < value; });
    auto end = it;
    while (end != mRanges.end() && end->first <= last + 1) {
        first = std::min(first, end->first);
        last = std::max(last, end->second);
        ++end;
    }
    it = mRanges.erase(it, end);
    mRanges.insert(it, Range{first, last});
}

void PortRangeSet::add(const PortRangeSet &other)
{
    for (const Range &r : other.mRanges)
        add(r.first, r.second);
}

PortRangeSet PortRangeSet::intersected(const PortRangeSet &other) const
{
    PortRangeSet out;
    auto a = mRanges.begin();
    auto b = other.mRanges.begin();
    while (a != mRanges.end() && b != other.mRanges.end()) {
        const int lo = std::max(a->first, b->first);
        const int hi = std::min(a->second, b->second);
        if (lo <= hi)
            out.mRanges.push_back({lo, hi});
        if (a->second < b->second)
            ++a;
        else
            ++b;
    }
    return out;
}

PortRangeSet PortRangeSet::subtracted(const PortRangeSet &other) const
{
    PortRangeSet out;
    for (const Range &r : mRanges) {
        int next = r.first;
        for (const Range &o : other.mRanges) {
            if (o.second < next || o.first > r.second)
                continue;
            if (o.first > next)
                out.mRanges.push_back({next, o.first - 1});
            next = o.second + 1;
        }
        if (next <= r.second)
            out.mRanges.push_back({next, r.second});
    }
    return out;
}

bool PortRangeSet::contains(int port) const
{
    auto it = std::lower_bound(mRanges.begin(), mRanges.end(), port,
                               [](const Range &r, int value) { return r.second < value; });
    return it != mRanges.end() && it->first <= port;
}

bool PortRangeSet::isAll() const
{
    return mRanges.size() == 1 && mRanges.front() == Range{kMinPort, kMaxPort};
}

std::string PortRangeSet::toString() const
{
    std::string out;
    for (const Range &r : mRanges) {
        if (!out.empty())
            out += ',';
        out += std::to_string(r.first);
        if (r.second != r.first)
            out += '-' + std::to_string(r.second);
    }
    return out;
}

} // namespace netfence::core
