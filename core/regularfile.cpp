#include "core/regularfile.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netfence::core::RegularFile {

namespace {

std::string systemError(int error)
{
    return std::strerror(error);
}

std::string kindOf(mode_t mode)
{
    if (S_ISLNK(mode)) return "a symbolic link";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    return "not a regular file";
}

class Descriptor
{
public:
    explicit Descriptor(int fd) : mFd(fd) {}
    ~Descriptor()
    {
        if (mFd >= 0) ::close(mFd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return mFd; }
    // Closes now, so that a failing close (a full disk on some file systems) is seen.
    int close()
    {
        const int result = ::close(mFd);
        mFd = -1;
        return result;
    }

private:
    int mFd;
};

} // namespace

ReadResult read(const std::string &path, size_t limit)
{
    ReadResult result;
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever.
    const Descriptor fd(
        ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        const int error = errno;
        if (error == ENOENT || error == ENOTDIR) return result;
        result.status = ReadResult::Status::Unusable;
        result.error = error == ELOOP
                           ? "it is a symbolic link, which netfence does not follow for this file"
                           : "cannot open it: " + systemError(error);
        return result;
    }
    result.status = ReadResult::Status::Unusable;
    struct stat info = {};
    if (::fstat(fd.get(), &info) != 0) {
        result.error = "cannot inspect it: " + systemError(errno);
        return result;
    }
    if (!S_ISREG(info.st_mode)) {
        result.error = "it is " + kindOf(info.st_mode) + ", not a regular file";
        return result;
    }
    const std::string tooLarge = "it is larger than the " + std::to_string(limit) + "-byte limit";
    if (info.st_size < 0 || static_cast<unsigned long long>(info.st_size) > limit) {
        result.error = tooLarge;
        return result;
    }
    // The size may change while reading: never read past the limit.
    result.text.resize(static_cast<size_t>(info.st_size));
    size_t done = 0;
    for (;;) {
        if (done == result.text.size()) {
            if (done >= limit + 1) break;
            result.text.resize(std::min(limit + 1, std::max<size_t>(done * 2, 4096)));
        }
        const ssize_t n = ::read(fd.get(), result.text.data() + done, result.text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            result.error = "cannot read it: " + systemError(errno);
            result.text.clear();
            return result;
        }
        if (n == 0) break;
        done += size_t(n);
    }
    if (done > limit) {
        result.text.clear();
        result.error = tooLarge;
        return result;
    }
    result.text.resize(done);
    result.status = ReadResult::Status::Ok;
    return result;
}

std::string checkWritable(const std::string &path)
{
    struct stat info = {};
    if (::lstat(path.c_str(), &info) != 0)
        return errno == ENOENT ? std::string() : "cannot inspect it: " + systemError(errno);
    if (S_ISLNK(info.st_mode))
        return "it is a symbolic link, which netfence does not write through";
    if (!S_ISREG(info.st_mode)) return "it is " + kindOf(info.st_mode) + ", not a regular file";
    return {};
}

bool write(const std::string &path, std::string_view data, std::string *error)
{
    auto fail = [error](std::string why) {
        if (error) *error = std::move(why);
        return false;
    };
    if (std::string why = checkWritable(path); !why.empty()) return fail(why);
    struct stat existing = {};
    const bool exists = ::lstat(path.c_str(), &existing) == 0;

    const std::filesystem::path target(path);
    const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
    static std::atomic<unsigned> counter{0};
    std::string temporary;
    int raw = -1;
    for (int attempt = 0; attempt < 100 && raw < 0; ++attempt) {
        temporary = (folder / ("." + target.filename().string() + ".netfence-" +
                               std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                        .string();
        // O_EXCL with O_NOFOLLOW: a name someone prepared in the folder is never used.
        raw = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (raw < 0 && errno != EEXIST)
            return fail("cannot create a file in " + folder.string() + ": " + systemError(errno));
    }
    if (raw < 0) return fail("cannot create a temporary file in " + folder.string());
    Descriptor fd(raw);
    auto abandon = [&](std::string why) {
        ::unlink(temporary.c_str());
        return fail(std::move(why));
    };
    if (exists) (void)::fchmod(fd.get(), existing.st_mode & 07777);
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return abandon("cannot write: " +
                           (n < 0 ? systemError(errno) : std::string("the disk is full")));
        done += size_t(n);
    }
    if (::fsync(fd.get()) != 0) return abandon("cannot write: " + systemError(errno));
    if (fd.close() != 0) return abandon("cannot write: " + systemError(errno));
    // rename() replaces the name itself: were a link put there meanwhile, its target stays as it
    // is.
    if (::rename(temporary.c_str(), path.c_str()) != 0)
        return abandon("cannot replace it: " + systemError(errno));
    return true;
}

} // namespace netfence::core::RegularFile
