#pragma once

#include <string>
#include <vector>

namespace netfence::core {

// JUnit XML as CI dashboards read it (GitLab, Jenkins, GitHub test reporters): one suite,
// one testcase per check. Every text is escaped; characters XML 1.0 cannot hold and bytes
// that are not UTF-8 become U+FFFD.
namespace JUnitWriter {

struct TestCase
{
    std::string name;
    std::string file;
    int line = 0;
    bool passed = false;
    std::string message; // the failure's one-line summary
    std::string details; // the explanation
};

std::string write(const std::string &suite, const std::vector<TestCase> &cases);
std::string escape(const std::string &text);

} // namespace JUnitWriter

} // namespace netfence::core
