#include "core/connectionsettable.h"

#include <utility>

namespace netfence::core {

ConnectionSetTable::ConnectionSetTable()
{
    intern(ConnectionSet());
    intern(ConnectionSet::all());
}

ConnectionSetTable::ConnectionSetTable(const ConnectionSetTable &other)
{
    std::lock_guard lock(other.mMutex);
    mSets = other.mSets;
    mIndex = other.mIndex;
}

ConnectionSetTable::Id ConnectionSetTable::intern(const ConnectionSet &set)
{
    std::lock_guard lock(mMutex);
    auto [it, inserted] = mIndex.emplace(set, static_cast<Id>(mSets.size()));
    if (inserted)
        mSets.push_back(set);
    return it->second;
}

const ConnectionSet &ConnectionSetTable::at(Id id) const
{
    std::lock_guard lock(mMutex);
    return mSets[id];
}

std::size_t ConnectionSetTable::size() const
{
    std::lock_guard lock(mMutex);
    return mSets.size();
}

ConnectionSetTable::Id ConnectionSetTable::united(Id a, Id b, Memo &memo)
{
    if (a == b || b == kNone || a == kAll)
        return a;
    if (a == kNone || b == kAll)
        return b;
    if (a > b)
        std::swap(a, b);
    const std::uint64_t key = (std::uint64_t(a) << 32) | b;
    auto it = memo.unions.find(key);
    if (it != memo.unions.end())
        return it->second;
    ConnectionSet set = at(a);
    set.add(at(b));
    const Id id = intern(set);
    memo.unions.emplace(key, id);
    return id;
}

ConnectionSetTable::Id ConnectionSetTable::intersected(Id a, Id b, Memo &memo)
{
    if (a == b || b == kAll || a == kNone)
        return a;
    if (b == kNone || a == kAll)
        return b;
    if (a > b)
        std::swap(a, b);
    const std::uint64_t key = (std::uint64_t(a) << 32) | b;
    auto it = memo.intersections.find(key);
    if (it != memo.intersections.end())
        return it->second;
    const Id id = intern(at(a).intersected(at(b)));
    memo.intersections.emplace(key, id);
    return id;
}

ConnectionSetTable::Id ConnectionSetTable::subtracted(Id a, Id b, Memo &memo)
{
    if (a == kNone || b == kNone)
        return a;
    if (a == b || b == kAll)
        return kNone;
    const std::uint64_t key = (std::uint64_t(a) << 32) | b;
    auto it = memo.differences.find(key);
    if (it != memo.differences.end())
        return it->second;
    const Id id = intern(at(a).subtracted(at(b)));
    memo.differences.emplace(key, id);
    return id;
}

} // namespace netfence::core
