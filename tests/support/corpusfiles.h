#pragma once

#include <string>
#include <vector>

namespace netfence::test {

// A whole file as bytes ("" when it cannot be read).
std::string readFile(const std::string &path);

// The sub-folders of `dir` whose names start with one of `firstChars`, sorted.
std::vector<std::string> caseDirs(const std::string &dir, const std::string &firstChars);

// A folder's (or any path's) last name as a GoogleTest parameter name: [A-Za-z0-9_] only.
std::string testName(const std::string &path);

// One PROBE table of a k8s-e2e style truth table ("expected.txt"): the probe, the column
// pods, and each row's pod with its cells.
struct ProbeTable
{
    std::string probe;
    std::vector<std::string> columns;
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
};

std::vector<ProbeTable> parseProbeTables(const std::string &text);

// A truth-table case: what expected.txt says, and what the evaluator writes for the same
// probes and pods over cluster.yaml and policies.yaml. `problem` is set (and the tables may be
// empty) when the case cannot be judged: a load error, an unknown probe or pod.
struct ProbeCase
{
    std::vector<ProbeTable> expected;
    std::vector<ProbeTable> actual;
    std::vector<std::string> loadErrors; // every diagnostic of severity Error
    std::vector<std::string> loadWarnings;
    std::string problem;
};

ProbeCase evaluateProbeCase(const std::string &dir);

} // namespace netfence::test
