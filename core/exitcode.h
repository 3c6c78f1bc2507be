#pragma once

namespace netfence::core {

namespace CommandLine {

// netfence-cli's exit statuses, shared by every subcommand. A header of its own so that a
// subcommand needs no part of the command line that dispatches to it.
enum ExitCode
{
    Success = 0,
    ProblemsFound = 1,
    UsageError = 2
};

} // namespace CommandLine

} // namespace netfence::core
