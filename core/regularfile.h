#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace netfence::core {

// Files netfence keeps for itself next to the user's (layout side files) and files it writes
// into a folder the user chose: read and written only when they are plain regular files. A
// symlink there is never followed, a FIFO never blocks, a device is never read.
namespace RegularFile {

struct ReadResult
{
    enum class Status
    {
        Ok,
        Missing, // nothing by that name: not a problem for an optional file
        Unusable // there, but not something to read; `error` says why
    };
    Status status = Status::Missing;
    std::string text;
    std::string error;
};

// Reads `path` when it is a regular file of at most `limit` bytes.
ReadResult read(const std::string &path, size_t limit);

// Why `path` may not be written: empty when it does not exist or is a regular file.
std::string checkWritable(const std::string &path);

// Replaces `path` with `data` through a new file in the same folder and a rename, so a reader
// sees the old or the new text, never a mix. Refuses when `path` is anything but a regular file
// (a symlink included): what it points to stays untouched. On failure `error` says why.
bool write(const std::string &path, std::string_view data, std::string *error = nullptr);

} // namespace RegularFile

} // namespace netfence::core
