#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace netfence::core {

// netfence-cli lab: check a step of a teaching lab headlessly, export its connectivity test.
namespace LabCommand {

extern const char *const kHelp;

// `operands` are SUBCOMMAND LAB_FILE STEP PATH...; `options` as netfence-cli parsed them
// (ipblock-pods, checks). Returns a CommandLine::ExitCode.
int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err);

} // namespace LabCommand

} // namespace netfence::core
