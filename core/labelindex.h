#pragma once

#include "core/labelselector.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace netfence::core {

// Finds the label sets a selector can match without testing every one: posting lists per
// key=value and per key. Used for namespaces and equivalence classes of large clusters.
class LabelIndex
{
public:
    // Ids must be added in ascending order.
    void add(std::uint32_t id, const Labels &labels);

    // A sorted superset of the ids the selector matches, smaller than `limit`; nullopt when
    // there is none (the selector has no positive requirement, only NotIn, DoesNotExist or
    // nothing, or every one is as large as the caller's own list): then test every id.
    std::optional<std::vector<std::uint32_t>>
    candidates(const LabelSelector &selector,
               std::size_t limit = std::numeric_limits<std::size_t>::max()) const;

private:
    const std::vector<std::uint32_t> &postings(const std::string &key,
                                               const std::string &value) const;

    std::unordered_map<std::string, std::vector<std::uint32_t>> mByPair; // "key\0value"
    std::unordered_map<std::string, std::vector<std::uint32_t>> mByKey;
};

} // namespace netfence::core
