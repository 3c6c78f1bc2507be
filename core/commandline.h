#pragma once

#include "core/exitcode.h"

#include <ostream>
#include <string>
#include <vector>

namespace netfence::core {

// netfence-cli: connectivity, matrix, explain and validate over manifest paths.
// Lives in core so tests can drive it in-process; app/ only forwards main()'s arguments.
namespace CommandLine {

// `args` excludes the program name.
int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

} // namespace CommandLine

} // namespace netfence::core
