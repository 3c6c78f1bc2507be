#include "core/gitrevision.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace netfence::core {

namespace {

struct Output
{
    int status = -1; // exit status, -1 when git did not run or was killed
    std::string out;
    std::string err;
};

// Runs git with `args` (no shell: every argument reaches git as it is) and collects both
// output streams. The old files are read through git's own object store, so no work tree
// or index is touched.
Output git(const std::vector<std::string> &args)
{
    Output result;
    int outPipe[2], errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0) return result;
    if (pipe2(errPipe, O_CLOEXEC) != 0) {
        close(outPipe[0]);
        close(outPipe[1]);
        return result;
    }
    // A repository's own configuration must not make git run anything (an fsmonitor hook).
    std::vector<std::string> all{"git", "-c", "core.fsmonitor=false"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (std::string &a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    // The environment is built before fork(): the child only calls async-signal-safe functions.
    std::vector<std::string> environment{"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat"};
    for (char **e = environ; *e; ++e)
        if (std::strncmp(*e, "GIT_TERMINAL_PROMPT=", 20) != 0 &&
            std::strncmp(*e, "GIT_PAGER=", 10) != 0)
            environment.push_back(*e);
    std::vector<char *> envp;
    for (std::string &e : environment)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(outPipe[1], STDOUT_FILENO);
        dup2(errPipe[1], STDERR_FILENO);
        const int devNull = open("/dev/null", O_RDONLY);
        if (devNull >= 0) dup2(devNull, STDIN_FILENO);
        execvpe("git", argv.data(), envp.data());
        _exit(127);
    }
    close(outPipe[1]);
    close(errPipe[1]);
    if (pid < 0) {
        close(outPipe[0]);
        close(errPipe[0]);
        return result;
    }
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    std::string *sinks[2] = {&result.out, &result.err};
    int open = 2;
    char buffer[65536];
    while (open > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (pollfd &f : fds)
        if (f.fd >= 0) close(f.fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string firstLine(const std::string &text)
{
    return text.substr(0, text.find('\n'));
}

bool isManifestName(const std::string &name)
{
    std::string lower;
    for (char c : name)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char *ext : {".yaml", ".yml", ".json"})
        if (lower.size() > std::strlen(ext) &&
            lower.compare(lower.size() - std::strlen(ext), std::string::npos, ext) == 0)
            return true;
    return false;
}

// A repository path becomes a path under our folder only when each part is a plain name.
bool safeRelative(const std::string &path)
{
    if (path.empty() || path.size() > 4096) return false;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t slash = path.find('/', start);
        const std::string part =
            path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part.empty() || part == "." || part == ".." || part.size() > 255) return false;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return true;
}

} // namespace

GitRevision::~GitRevision()
{
    if (!mRoot.empty()) {
        std::error_code ec;
        fs::remove_all(mRoot, ec);
    }
}

bool GitRevision::checkout(const std::string &revision, const std::vector<std::string> &paths)
{
    mRevision = revision;
    if (revision.empty() || revision[0] == '-') {
        mError = "\"" + revision + "\" is not a revision";
        return false;
    }
    for (unsigned char c : revision)
        if (c < 0x20 || c == 0x7f) {
            mError = "a revision name cannot hold control characters";
            return false;
        }
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "netfence-git-XXXXXX").string();
    if (ec || !mkdtemp(pattern.data())) {
        mError = "cannot create a temporary folder";
        return false;
    }
    mRoot = pattern;
    for (size_t i = 0; i < paths.size(); ++i) {
        const fs::path path = fs::absolute(paths[i], ec);
        const bool isFolder = fs::is_directory(path, ec);
        const fs::path where = isFolder ? path : path.parent_path();
        if (!fs::is_directory(where, ec)) {
            mError = paths[i] + ": no such folder";
            return false;
        }
        const Output top = git({"-C", where.string(), "rev-parse", "--show-toplevel"});
        if (top.status != 0) {
            mError = paths[i] + ": not in a git work tree (" + firstLine(top.err) + ")";
            return false;
        }
        const fs::path topDir = fs::canonical(firstLine(top.out), ec);
        const fs::path inside = fs::weakly_canonical(path, ec).lexically_relative(topDir);
        if (ec || inside.empty() || *inside.begin() == "..") {
            mError = paths[i] + ": outside its repository " + topDir.string();
            return false;
        }
        const std::string relative = inside == "." ? std::string() : inside.generic_string();
        const Output commit = git({"-C", topDir.string(), "rev-parse", "--verify", "--quiet",
                                   "--end-of-options", revision + "^{commit}"});
        if (commit.status != 0) {
            mError = "\"" + revision + "\" is not a commit of " + topDir.string();
            return false;
        }
        const std::string hash = firstLine(commit.out);
        std::vector<std::string> listArgs{
            "--literal-pathspecs", "-C", topDir.string(), "ls-tree", "-r", "-z",
            "--full-tree",         hash};
        if (!relative.empty()) {
            listArgs.push_back("--");
            listArgs.push_back(relative);
        }
        const Output list = git(listArgs);
        if (list.status != 0) {
            mError = "git ls-tree failed: " + firstLine(list.err);
            return false;
        }
        const fs::path base = fs::path(mRoot) / std::to_string(i);
        const fs::path old = relative.empty() ? base : base / relative;
        mRepoPaths.push_back(relative);
        // Entries: "<mode> <type> <object>\t<name>\0". Only blobs that are plain files.
        size_t start = 0;
        bool any = false;
        while (start < list.out.size()) {
            size_t end = list.out.find('\0', start);
            if (end == std::string::npos) end = list.out.size();
            const std::string entry = list.out.substr(start, end - start);
            start = end + 1;
            const size_t tab = entry.find('\t');
            if (tab == std::string::npos) continue;
            const std::string meta = entry.substr(0, tab);
            const std::string name = entry.substr(tab + 1);
            if (meta.rfind("100644 blob ", 0) != 0 && meta.rfind("100755 blob ", 0) != 0)
                continue; // links, submodules, trees
            if (!isManifestName(name) || !safeRelative(name)) continue;
            const std::string object = meta.substr(meta.rfind(' ') + 1);
            const Output blob = git({"-C", topDir.string(), "cat-file", "blob", object});
            if (blob.status != 0) {
                mError = "git cat-file failed for " + name + ": " + firstLine(blob.err);
                return false;
            }
            const fs::path target = base / name;
            fs::create_directories(target.parent_path(), ec);
            // O_EXCL|O_NOFOLLOW: a name cannot land on something already there.
            const int fd =
                ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0) {
                mError = "cannot write the old version of " + name;
                return false;
            }
            size_t written = 0;
            while (written < blob.out.size()) {
                const ssize_t n = write(fd, blob.out.data() + written, blob.out.size() - written);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) break;
                written += static_cast<size_t>(n);
            }
            close(fd);
            any = true;
        }
        if (isFolder || !any) fs::create_directories(isFolder ? old : base, ec);
        mOldPaths.push_back(isFolder || any ? old.string() : base.string());
    }
    return true;
}

std::string GitRevision::displayName(const std::string &file) const
{
    if (mRoot.empty() || file.rfind(mRoot + '/', 0) != 0) return file;
    const std::string rest = file.substr(mRoot.size() + 1); // "<i>/<path in repository>"
    const size_t slash = rest.find('/');
    if (slash == std::string::npos) return mRevision + ':';
    return mRevision + ':' + rest.substr(slash + 1);
}

} // namespace netfence::core
