#pragma once

#include <functional>
#include <string>
#include <vector>

namespace netfence::core {

// Runs a program the user has installed (kubectl, helm, kustomize) and collects what it prints.
// No shell is involved: the arguments go to the program as they are, so nothing in them (a
// context or file name) can be read as shell syntax. Standard input is /dev/null.
namespace ProcessRunner {

struct Result
{
    bool started = false;   // false: `error` says why (not found on PATH, cannot fork)
    bool timedOut = false;  // killed after the timeout
    bool cancelled = false; // killed because `cancelled` said so
    int exitCode = -1;      // when it exited by itself
    int signal = 0;         // when a signal ended it
    std::string out;
    std::string err;
    std::string error;
};

struct Options
{
    int timeoutMs = 120000;
    size_t maxOutputBytes = 512ull << 20; // more is killed and reported
    std::function<bool()> cancelled;      // polled about ten times a second
    std::string workingDirectory;         // empty: the current one
};

// The full path of `program` as found on PATH (or `program` itself when it holds a '/'); empty
// when it is not there or not executable.
std::string findOnPath(const std::string &program);

// Runs argv[0] (looked up on PATH) with the rest as arguments.
Result run(const std::vector<std::string> &argv, const Options &options = {});

// The command as a user could type it again: arguments quoted for a POSIX shell where needed.
std::string commandLine(const std::vector<std::string> &argv);

// "exited with code 1", "was killed by signal 9", "timed out after 5 s", ...
std::string outcome(const Result &result, const Options &options = {});

} // namespace ProcessRunner

} // namespace netfence::core
