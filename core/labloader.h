#pragma once

#include "core/diagnostic.h"
#include "core/lab.h"
#include "core/yamlreader.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace netfence::core {

struct LabLoadResult
{
    // Absent when the text is not a lab at all; with errors it holds what could be read.
    std::optional<Lab> lab;
    std::vector<Diagnostic> diagnostics; // the lab file's and those of the files it names

    bool ok() const { return lab.has_value() && !hasErrors(diagnostics); }
};

// Reads a lab file (docs/labs.md), the manifests it names, and checks that every step can
// be followed: requirements name endpoints of the step's cluster, keepOpen names earlier
// steps, solutions load cleanly. Never throws; every problem is a Diagnostic.
class LabLoader : private YamlReader
{
public:
    // Reads a file the lab names, given the lab's folder joined with the name; nullopt when
    // it cannot be read. A GUI passes one that reads Qt resources.
    using FileReader = std::function<std::optional<std::string>(const std::string &path)>;

    // From the file system.
    static LabLoadResult load(const std::string &path);
    // From memory; `fileName` is what diagnostics name and where relative names start.
    static LabLoadResult loadText(std::string_view text, const std::string &fileName,
                                  const FileReader &reader);
    // Reads a whole file from the file system (the default reader).
    static std::optional<std::string> readFile(const std::string &path);
    // A connectivity test (docs/ci.md): kind ConnectivityTest with one step's requirement
    // keys at the top level. The Lab has that one step and no cluster of its own: the
    // manifests it is checked against come later. Never throws.
    static LabLoadResult loadConnectivityTest(std::string_view text, const std::string &fileName);

private:
    LabLoader(std::string fileName, const FileReader &reader);

    // The position of each endpoint a requirement names, for diagnostics found later.
    struct EndpointRef
    {
        size_t step;
        std::string text;
        SourceLocation location;
    };

    bool readLab(const YAML::Node &root, Lab &lab);
    bool readConnectivityTest(const YAML::Node &root, Lab &lab);
    void readStep(const YAML::Node &node, const Lab &lab, LabStep &step);
    void readRequirements(const YAML::Node &node, Expectation expect, size_t step,
                          LabStep &out);
    bool parseRequirement(const YAML::Node &node, Expectation expect, size_t step,
                          LabRequirement &out);
    void readFiles(const YAML::Node &node, const char *what, std::vector<LabFile> &out);
    void readProbes(const YAML::Node &node, std::vector<Probe> &out);
    void readStrings(const YAML::Node &node, const char *what, std::vector<std::string> &out);
    void readScope(const YAML::Node &node, std::vector<std::string> &out);
    void readMistakes(const YAML::Node &node, std::vector<MistakeKind> &out);
    bool readText(const YAML::Node &map, const char *key, const char *owner, bool required,
                  std::string &out);
    bool readBool(const YAML::Node &node, const char *what, bool &out);
    // Counts list items read; false (reported once) beyond the limit, e.g. an alias bomb.
    bool budget(const YAML::Node &node);
    // A list's items (within the budget), or the node itself where one value may stand alone.
    std::vector<YAML::Node> listOrOne(const YAML::Node &node);
    // keepOpen (allow requirements) or keep (`denied`: every requirement) of earlier steps.
    void keepOpen(const YAML::Node &node, size_t index, Lab &lab, bool denied);
    // true/false, or {from: [...], to: [...]} of namespaces and workloads.
    void readOnlyThese(const YAML::Node &node, size_t step, LabStep &out);
    void checkContradictions(const LabStep &step);
    // Merges the probes, expands port-less requirements, checks the goal.
    void finishStep(LabStep &step);
    void checkAgainstClusters(Lab &lab);

    // Column `offset` characters into a scalar written on one line.
    SourceLocation inside(const YAML::Node &node, size_t offset) const;

    // Why a file name from the lab would reach outside the lab's folder, or "".
    std::string outsideLabFolder(const std::string &name) const;

    std::string mFolder;
    const FileReader &mReader;
    std::vector<EndpointRef> mEndpoints;
    std::vector<Probe> mLabProbes;
    std::vector<std::string> mStepIds; // as written, in order
    std::vector<std::string> mLabScope;
    std::vector<std::pair<std::string, SourceLocation>> mScopeNames; // every scope entry
    // YamlReader's mObjectLocation is where the map being read starts (for missing keys), its
    // mObjectName "step 3 (open-one-door)" while a step is read.
    bool mOverBudget = false;
};

} // namespace netfence::core
