#pragma once

#include "core/diagnostic.h"

#include <string>
#include <vector>

namespace netfence::core {

enum class LintSeverity
{
    Note,
    Warning,
    Error
};

const char *lintSeverityName(LintSeverity severity); // "note", "warning", "error"

// One thing lint found: what is wrong, where, why it matters and how to fix it.
struct LintFinding
{
    std::string id; // the rule, e.g. "policy-selects-no-pod"
    LintSeverity severity = LintSeverity::Warning;
    SourceLocation location;
    std::vector<std::string> objects; // "NetworkPolicy ns/name", "Deployment ns/name", ...
    std::string why;                  // one sentence
    std::string fix;                  // a hint that names the change
};

// A lint rule as documented: its id, default severity and a one-line summary.
struct LintRule
{
    const char *id;
    LintSeverity severity;
    const char *summary;
};

const std::vector<LintRule> &lintRules();
const LintRule *findLintRule(const std::string &id);

} // namespace netfence::core
