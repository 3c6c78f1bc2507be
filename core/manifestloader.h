#pragma once

#include "core/cluster.h"
#include "core/diagnostic.h"
#include "core/objectreader.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace netfence::core {

struct LoadResult
{
    Cluster cluster;
    std::vector<Diagnostic> diagnostics;
    std::map<std::string, int> skippedKinds; // kinds netfence does not model, with counts
    int files = 0;
    int documents = 0;
    int objects = 0;
};

// Loads Kubernetes manifests (YAML or JSON; files, folders, Lists) into a Cluster.
// A broken file or document is reported and skipped; everything else still loads.
class ManifestLoader
{
public:
    struct Limits
    {
        // Parsing takes up to 70 times a document's size in memory, so larger files are
        // refused rather than risking the machine.
        std::uintmax_t maxFileBytes = 64ull << 20;
        std::size_t maxFiles = 100000;
        // Problems listed per file; the rest are counted in one last diagnostic.
        std::size_t maxDiagnosticsPerFile = 1000;
        // Files parsed at once (0: one per core). The result never depends on it.
        unsigned threads = 0;
    };

    ManifestLoader();
    explicit ManifestLoader(Limits limits);
    ~ManifestLoader();

    // Reads each path: a file as it is, a folder recursively (*.yaml, *.yml, *.json).
    void addPath(const std::string &path);
    // Reads manifests from memory (copied); `fileName` is what diagnostics name.
    void addText(std::string_view text, const std::string &fileName);
    // Parses what was added, several files at once, and joins it into a cluster in the order
    // it was added: owners, namespaces, cross-object checks.
    LoadResult finish();

    static LoadResult load(const std::vector<std::string> &paths);
    static LoadResult loadText(std::string_view text, const std::string &fileName);

    // The files a folder contributes, sorted, as load() reads them. Folders that cannot be
    // listed and manifest names that cannot be read (broken links, symlink loops) are
    // reported; the walk goes on. Symlinked folders are not followed. The walk stops once it
    // has found more than `maxFiles` files.
    static std::vector<std::string> manifestFiles(const std::string &folder,
                                                  std::vector<Diagnostic> &diagnostics,
                                                  std::size_t maxFiles = SIZE_MAX);

private:
    struct Source; // a file or a text waiting to be parsed, or a problem found on the way
    void parseSources();

    Limits mLimits;
    std::vector<Source> mSources;
    ManifestObjects mObjects;
    std::vector<Diagnostic> mDiagnostics;
    int mFiles = 0;
    int mDocuments = 0;
};

} // namespace netfence::core
