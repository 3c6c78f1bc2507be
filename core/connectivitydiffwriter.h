#pragma once

#include "core/connectivitydiff.h"

#include <optional>
#include <string>

namespace netfence::core {

enum class DiffFormat
{
    Txt,
    Csv,
    Md,
    Json
};

std::optional<DiffFormat> parseDiffFormat(const std::string &name);

// Renders a ConnectivityDiff. txt, csv and md are netpol-analyzer's `diff` output byte for
// byte (nothing at all when nothing changed); `before`/`after` name the two versions
// ("dir1"/"dir2" as that tool's command line names them).
namespace ConnectivityDiffWriter {

std::string write(DiffFormat format, const ConnectivityDiff &diff,
                  const std::string &before = "dir1", const std::string &after = "dir2");

// "workload ns/a[Deployment] added", "workload A and B removed", or "".
std::string workloadsInfo(const ConnectionChange &change);

} // namespace ConnectivityDiffWriter

} // namespace netfence::core
