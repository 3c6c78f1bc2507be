#pragma once

#include <string>
#include <vector>

namespace netfence::core {

enum class Severity
{
    Warning,
    Error
};

// Where something came from in the user's files; line and column are 1-based, 0 when unknown.
struct SourceLocation
{
    std::string file;
    int line = 0;
    int column = 0;
};

struct Diagnostic
{
    Severity severity = Severity::Error;
    SourceLocation location;
    std::string object; // "NetworkPolicy ns/name", empty when the problem is not inside an object
    std::string message;

    // "file:line:column: error: object: message", as compilers print it.
    std::string toString() const;
};

bool hasErrors(const std::vector<Diagnostic> &diagnostics);

} // namespace netfence::core
