#pragma once

#include <string>
#include <vector>

namespace netfence::test {

// Every case of the conformance corpora as the editor would open it, sorted: an e2e case's
// cluster.yaml and policies.yaml, a netpol-analyzer folder, a refused-input folder.
std::vector<std::vector<std::string>> corpusCases(const std::string &corpusDir);

} // namespace netfence::test
