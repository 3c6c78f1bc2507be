#include "core/labelindex.h"

#include <algorithm>

namespace netfence::core {

namespace {

std::string pairKey(const std::string &key, const std::string &value)
{
    std::string out = key;
    out += '\0';
    out += value;
    return out;
}

const std::vector<std::uint32_t> kNoIds;

} // namespace

void LabelIndex::add(std::uint32_t id, const Labels &labels)
{
    for (const auto &[key, value] : labels) {
        mByPair[pairKey(key, value)].push_back(id);
        mByKey[key].push_back(id);
    }
}

const std::vector<std::uint32_t> &LabelIndex::postings(const std::string &key,
                                                       const std::string &value) const
{
    auto it = mByPair.find(pairKey(key, value));
    return it == mByPair.end() ? kNoIds : it->second;
}

std::optional<std::vector<std::uint32_t>>
LabelIndex::candidates(const LabelSelector &selector, std::size_t limit) const
{
    // Every positive requirement gives a superset; the smallest one is the best filter.
    // Sizes are compared first: copying a large posting list costs more than scanning.
    const std::vector<std::uint32_t> *best = nullptr;
    auto offer = [&](const std::vector<std::uint32_t> &ids) {
        if (ids.size() < limit && (!best || ids.size() < best->size()))
            best = &ids;
    };
    for (const auto &[key, value] : selector.matchLabels)
        offer(postings(key, value));
    std::optional<std::vector<std::uint32_t>> in; // the smallest In union so far
    for (const LabelSelectorRequirement &r : selector.matchExpressions) {
        if (r.op == SelectorOperator::Exists) {
            auto it = mByKey.find(r.key);
            offer(it == mByKey.end() ? kNoIds : it->second);
        } else if (r.op == SelectorOperator::In) {
            size_t bound = 0;
            for (const std::string &value : r.values)
                bound += postings(r.key, value).size();
            if (bound >= limit || (best && bound >= best->size()) || (in && bound >= in->size()))
                continue;
            std::vector<std::uint32_t> ids;
            for (const std::string &value : r.values) {
                const std::vector<std::uint32_t> &p = postings(r.key, value);
                ids.insert(ids.end(), p.begin(), p.end());
            }
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            in = std::move(ids);
        }
    }
    if (in && (!best || in->size() <= best->size()))
        return in;
    if (best)
        return *best;
    return std::nullopt;
}

} // namespace netfence::core
