#pragma once

#include <string>
#include <vector>

namespace netfence::core {

// Paths as they were at a git revision, read with the git command itself into a private
// temporary folder that is deleted with this object. Names from the repository are treated
// as hostile: only plain files are written, never through a link, never outside the folder.
class GitRevision
{
public:
    GitRevision() = default;
    ~GitRevision();
    GitRevision(const GitRevision &) = delete;
    GitRevision &operator=(const GitRevision &) = delete;

    // Reads every *.yaml, *.yml and *.json file under each of `paths` (files or folders in a
    // git work tree) as it was at `revision`. On failure returns false and sets error().
    bool checkout(const std::string &revision, const std::vector<std::string> &paths);

    // One per input path: the file or folder holding its old version (an empty folder when
    // it did not exist at the revision).
    const std::vector<std::string> &oldPaths() const { return mOldPaths; }
    const std::string &error() const { return mError; }
    // "REV:repo/relative/path" for a file under the temporary folder; other names unchanged.
    std::string displayName(const std::string &file) const;

private:
    std::string mRevision;
    std::string mRoot;
    std::vector<std::string> mOldPaths;
    std::vector<std::string> mRepoPaths; // per input path: its path inside the repository
    std::string mError;
};

} // namespace netfence::core
