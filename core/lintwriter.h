#pragma once

#include "core/lintfinding.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

enum class LintFormat
{
    Txt,
    Json,
    Sarif
};

std::optional<LintFormat> parseLintFormat(const std::string &name);

// Renders lint findings: txt as compilers print problems, json for programs, SARIF 2.1.0 for
// code-scanning tools (each finding on its file and line).
namespace LintWriter {

std::string write(LintFormat format, const std::vector<LintFinding> &findings);

// A path as a SARIF artifact URI: relative paths stay relative, percent-encoded.
std::string fileUri(const std::string &path);

} // namespace LintWriter

} // namespace netfence::core
