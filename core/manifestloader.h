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
// A broken file or document is reported and skipped; everything else still loads. As in
// kubectl, a file is read up to its first document that cannot be decoded. Running out of
// memory is reported as an error naming the file, never a crash.
class ManifestLoader
{
public:
    // What parsing a text whole takes in memory, by estimate: a yaml-cpp node tree takes about
    // 475 bytes per node, and a node starts at about every line break, ',', ':', '[' or '{'
    // (measured: 39 bytes per byte of kubectl's output, 160 for a flood of "1, "; see
    // docs/performance.md). Never less than kParseBytesPerTextByte per byte.
    static constexpr std::uintmax_t kParseBytesPerTextByte = 50;
    static constexpr std::uintmax_t kParseBytesPerNode = 500;
    static std::uintmax_t parseCost(std::string_view text);

    struct Limits
    {
        // A file's text is held while it is read, so larger files are refused before reading.
        std::uintmax_t maxFileBytes = 512ull << 20;
        // Memory that loading may take, by estimate; the default leaves a 2 GB machine room for
        // the rest. A document, or an item of a List as kubectl writes it (read one item at a
        // time), needing more than this to parse (parseCost) is refused: 1 GiB allows about
        // 20 MB of kubectl's YAML. Files are parsed at once only while their estimates fit
        // together.
        std::uintmax_t memoryBudget = 1ull << 30;
        std::size_t maxFiles = 100000;
        // Problems listed per file; the rest are counted in one last diagnostic.
        std::size_t maxDiagnosticsPerFile = 1000;
        // Files parsed at once at most, and threads reading one big List (0: one per core);
        // fewer files while the memory budget is taken. The result never depends on it.
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
    LoadResult join(); // parseSources, then the cross-object work of finish()

    Limits mLimits;
    std::vector<Source> mSources;
    ManifestObjects mObjects;
    std::vector<Diagnostic> mDiagnostics;
    int mFiles = 0;
    int mDocuments = 0;
    std::string mFirstFile; // what a diagnostic names when joining runs out of memory
};

} // namespace netfence::core
