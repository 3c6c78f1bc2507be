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
LabelIndex::candidates(const LabelSelector &selector) const
{
    // Every positive requirement gives a superset; the smallest one is the best filter.
    std::optional<std::vector<std::uint32_t>> best;
    auto offer = [&best](const std::vector<std::uint32_t> &ids) {
        if (!best || ids.size() < best->size())
            best = ids;
    };
    for (const auto &[key, value] : selector.matchLabels)
        offer(postings(key, value));
    for (const LabelSelectorRequirement &r : selector.matchExpressions) {
        if (r.op == SelectorOperator::In) {
            std::vector<std::uint32_t> ids;
            for (const std::string &value : r.values) {
                const std::vector<std::uint32_t> &p = postings(r.key, value);
                ids.insert(ids.end(), p.begin(), p.end());
            }
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            offer(ids);
        } else if (r.op == SelectorOperator::Exists) {
            auto it = mByKey.find(r.key);
            offer(it == mByKey.end() ? kNoIds : it->second);
        }
    }
    return best;
}

} // namespace netfence::core
