#pragma once

#include "core/connectionset.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>

namespace netfence::core {

// Interned connection sets: equal sets share one id, so results are stored, compared and
// combined as small integers. Most class pairs of a cluster share a handful of sets.
// Thread-safe; a set's reference stays valid for the table's life.
class ConnectionSetTable
{
public:
    using Id = std::uint32_t;
    static constexpr Id kNone = 0; // no connections
    static constexpr Id kAll = 1;  // every port of every protocol

    // One thread's memo of unions and intersections, so the hot loops take no lock.
    struct Memo
    {
        std::unordered_map<std::uint64_t, Id> unions;
        std::unordered_map<std::uint64_t, Id> intersections;
        std::unordered_map<std::uint64_t, Id> differences;
    };

    ConnectionSetTable();
    ConnectionSetTable(const ConnectionSetTable &other); // safe while `other` is in use
    ConnectionSetTable &operator=(const ConnectionSetTable &) = delete;

    Id intern(const ConnectionSet &set);
    const ConnectionSet &at(Id id) const;
    std::size_t size() const;

    Id united(Id a, Id b, Memo &memo);
    Id intersected(Id a, Id b, Memo &memo);
    Id subtracted(Id a, Id b, Memo &memo); // a without b

private:
    mutable std::mutex mMutex;
    std::deque<ConnectionSet> mSets; // a deque: growing never moves the sets
    std::map<ConnectionSet, Id> mIndex;
};

} // namespace netfence::core
