#include "core/labtext.h"

namespace netfence::core::LabText {

std::string indented(const std::string &text, size_t indent)
{
    std::string out;
    size_t start = 0;
    // A block scalar ends in a line break; the last line is the one before it.
    const size_t end =
        text.find_last_not_of('\n') == std::string::npos ? 0 : text.find_last_not_of('\n') + 1;
    while (start < end) {
        size_t stop = text.find('\n', start);
        if (stop == std::string::npos || stop > end) stop = end;
        std::string line = text.substr(start, stop - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out += line.find_first_not_of(" \t") == std::string::npos ? std::string()
                                                                  : std::string(indent, ' ') + line;
        out += '\n';
        start = stop + 1;
    }
    return out;
}

std::string steps(const Lab &lab)
{
    std::string out = lab.title + " (" + lab.id + "), " + std::to_string(lab.steps.size()) +
                      " step" + (lab.steps.size() == 1 ? "" : "s") + '\n';
    if (!lab.description.empty()) out += '\n' + indented(lab.description, 0);
    for (size_t i = 0; i < lab.steps.size(); ++i) {
        const LabStep &s = lab.steps[i];
        out += '\n' + std::to_string(i + 1) + ". " + s.id + ": " + s.title +
               (s.observation ? " (observation)" : "") + '\n';
        out += indented(s.goal, 3);
        if (!s.text.empty()) out += '\n' + indented(s.text, 3);
        if (!s.conceptText.empty()) out += "\n   Concept:\n" + indented(s.conceptText, 5);
        for (size_t h = 0; h < s.hints.size(); ++h)
            out += "\n   Hint " + std::to_string(h + 1) + ":\n" + indented(s.hints[h], 5);
    }
    return out;
}

} // namespace netfence::core::LabText
