#include "core/spelling.h"

#include <algorithm>
#include <numeric>

namespace netfence::core::Spelling {

size_t distance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), size_t{0});
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string> &candidates)
{
    // A third of the word, at least one and at most three edits: "fronted" finds "frontend",
    // "db" does not find "dns".
    const size_t limit = std::clamp<size_t>(word.size() / 3, 1, 3);
    std::string best;
    size_t bestDistance = limit + 1;
    for (const std::string &c : candidates) {
        if (c == word)
            continue;
        // Long inputs cost quadratic time; a typo never changes the length by much.
        const size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (gap > limit || c.size() > 256 || word.size() > 256)
            continue;
        const size_t d = distance(word, c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

} // namespace netfence::core::Spelling
