#include "support/corpuscases.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace netfence::test {

std::vector<std::vector<std::string>> corpusCases(const std::string &corpusDir)
{
    std::vector<std::vector<std::string>> cases;
    const fs::path corpus = corpusDir;
    for (const char *sub : {"k8s-e2e", "k8s-e2e/supplement", "netpol-analyzer", "netpol-analyzer-errors"}) {
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(corpus / sub, ec)) {
            if (!e.is_directory() || e.path().filename() == "supplement")
                continue;
            if (fs::exists(e.path() / "cluster.yaml"))
                cases.push_back({(e.path() / "cluster.yaml").string(), (e.path() / "policies.yaml").string()});
            else
                cases.push_back({e.path().string()});
        }
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}

} // namespace netfence::test
