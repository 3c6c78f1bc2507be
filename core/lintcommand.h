#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace netfence::core {

// netfence-cli lint: policies that are likely wrong, useless or dangerous.
namespace LintCommand {

extern const char *const kHelp;

// `operands` are PATH...; `options` as netfence-cli parsed them (format, ipblock-pods).
// Returns 1 when an error-level finding exists, 0 otherwise, 2 on a usage error.
int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err);

} // namespace LintCommand

} // namespace netfence::core
