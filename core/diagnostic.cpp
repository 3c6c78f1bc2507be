#include "core/diagnostic.h"

#include <algorithm>

namespace netfence::core {

std::string Diagnostic::toString() const
{
    std::string out = location.file.empty() ? std::string("<input>") : location.file;
    if (location.line > 0) {
        out += ':' + std::to_string(location.line);
        if (location.column > 0)
            out += ':' + std::to_string(location.column);
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    if (!object.empty())
        out += object + ": ";
    out += message;
    return out;
}

bool hasErrors(const std::vector<Diagnostic> &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

} // namespace netfence::core
