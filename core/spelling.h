#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netfence::core {

// "Did you mean ...?" for names people type: labels, namespaces, endpoints, lab keys.
namespace Spelling {

// Levenshtein distance (insert, delete, replace one character).
size_t distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, if it is near enough to be a likely typo; else "".
std::string closest(std::string_view word, const std::vector<std::string> &candidates);

} // namespace Spelling

} // namespace netfence::core
