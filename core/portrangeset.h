#pragma once

#include <string>
#include <utility>
#include <vector>

namespace netfence::core {

// A set of ports as sorted, disjoint, non-adjacent inclusive ranges within 1..65535.
class PortRangeSet
{
public:
    using Range = std::pair<int, int>;

    PortRangeSet() = default;
    static PortRangeSet all();
    static PortRangeSet range(int first, int last);

    void add(int first, int last);
    void add(const PortRangeSet &other);
    PortRangeSet intersected(const PortRangeSet &other) const;
    PortRangeSet subtracted(const PortRangeSet &other) const;

    bool contains(int port) const;
    bool isEmpty() const { return mRanges.empty(); }
    bool isAll() const;
    const std::vector<Range> &ranges() const { return mRanges; }

    // "80,8080-8090"
    std::string toString() const;

    friend bool operator==(const PortRangeSet &, const PortRangeSet &) = default;
    friend auto operator<=>(const PortRangeSet &, const PortRangeSet &) = default;

private:
    std::vector<Range> mRanges;
};

} // namespace netfence::core
