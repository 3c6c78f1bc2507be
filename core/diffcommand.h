#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace netfence::core {

// netfence-cli diff: what two versions of the manifests open and close.
namespace DiffCommand {

extern const char *const kHelp;

// `operands` are DIR1 DIR2, or PATH... with --git REV; `options` as netfence-cli parsed them
// (format, git, ipblock-pods). Returns 0 when nothing changed, 1 when something did, 2 on a
// usage error.
int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err);

} // namespace DiffCommand

} // namespace netfence::core
