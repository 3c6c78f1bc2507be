#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace netfence::core {

// netfence-cli assert: checks a connectivity test (docs/ci.md) against manifests.
namespace AssertCommand {

extern const char *const kHelp;

// `operands` are TEST_FILE PATH...; `options` as netfence-cli parsed them (junit,
// ipblock-pods). Returns 0 when every requirement passes, 1 when one fails, 2 on a usage
// error or a test file that cannot be read.
int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err);

} // namespace AssertCommand

} // namespace netfence::core
