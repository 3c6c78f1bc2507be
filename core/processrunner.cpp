#include "core/processrunner.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace netfence::core::ProcessRunner {

namespace {

bool executable(const std::string &path)
{
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

void closeQuietly(int &fd)
{
    if (fd >= 0) ::close(fd);
    fd = -1;
}

} // namespace

std::string findOnPath(const std::string &program)
{
    if (program.empty()) return {};
    if (program.find('/') != std::string::npos)
        return executable(program) ? program : std::string();
    const char *path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        if (dir.empty()) dir = ".";
        const std::string candidate = dir + '/' + program;
        if (executable(candidate)) return candidate;
        start = end + 1;
    }
    return {};
}

Result run(const std::vector<std::string> &argv, const Options &options)
{
    Result result;
    if (argv.empty()) {
        result.error = "no program to run";
        return result;
    }
    const std::string program = findOnPath(argv[0]);
    if (program.empty()) {
        result.error = argv[0] + " was not found on PATH";
        return result;
    }
    // Everything the child needs is prepared before fork(): after it, only exec and _exit.
    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    int outPipe[2] = {-1, -1}, errPipe[2] = {-1, -1}, execPipe[2] = {-1, -1};
    if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0 ||
        ::pipe2(execPipe, O_CLOEXEC) != 0) {
        result.error = std::string("cannot create a pipe: ") + std::strerror(errno);
        for (int *p : {outPipe, errPipe, execPipe}) {
            closeQuietly(p[0]);
            closeQuietly(p[1]);
        }
        return result;
    }
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const char *dir = options.workingDirectory.empty() ? nullptr : options.workingDirectory.c_str();
    const pid_t pid = ::fork();
    if (pid < 0) {
        result.error = std::string("cannot start a process: ") + std::strerror(errno);
        for (int *p : {outPipe, errPipe, execPipe}) {
            closeQuietly(p[0]);
            closeQuietly(p[1]);
        }
        if (devNull >= 0) ::close(devNull);
        return result;
    }
    if (pid == 0) {
        ::setpgid(0, 0); // its own group: a timeout kills what it started too
        if (devNull >= 0) ::dup2(devNull, 0);
        ::dup2(outPipe[1], 1);
        ::dup2(errPipe[1], 2);
        if (dir && ::chdir(dir) != 0) {
            const int e = errno;
            (void)!::write(execPipe[1], &e, sizeof e);
            ::_exit(127);
        }
        ::execv(program.c_str(), args.data());
        const int e = errno;
        (void)!::write(execPipe[1], &e, sizeof e);
        ::_exit(127);
    }
    ::setpgid(pid, pid);
    if (devNull >= 0) ::close(devNull);
    closeQuietly(outPipe[1]);
    closeQuietly(errPipe[1]);
    closeQuietly(execPipe[1]);
    int execErrno = 0;
    if (::read(execPipe[0], &execErrno, sizeof execErrno) == sizeof execErrno) {
        closeQuietly(execPipe[0]);
        closeQuietly(outPipe[0]);
        closeQuietly(errPipe[0]);
        ::waitpid(pid, nullptr, 0);
        result.error = "cannot run " + program + ": " + std::strerror(execErrno);
        return result;
    }
    closeQuietly(execPipe[0]);
    result.started = true;

    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeoutMs);
    bool tooMuch = false;
    char buffer[65536];
    while (outPipe[0] >= 0 || errPipe[0] >= 0) {
        if (options.cancelled && options.cancelled()) {
            result.cancelled = true;
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            result.timedOut = true;
            break;
        }
        pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
        const int n = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 100)));
        if (n < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            int &fd = i == 0 ? outPipe[0] : errPipe[0];
            if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t got = ::read(fd, buffer, sizeof buffer);
            if (got <= 0) {
                if (got == 0 || (errno != EINTR && errno != EAGAIN)) closeQuietly(fd);
                continue;
            }
            std::string &to = i == 0 ? result.out : result.err;
            to.append(buffer, static_cast<size_t>(got));
            if (to.size() > options.maxOutputBytes) tooMuch = true;
        }
        if (tooMuch) break;
    }
    closeQuietly(outPipe[0]);
    closeQuietly(errPipe[0]);
    int status = 0;
    if (result.timedOut || result.cancelled || tooMuch) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
    }
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status))
        result.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        result.signal = WTERMSIG(status);
    if (tooMuch)
        result.error = "it printed more than " + std::to_string(options.maxOutputBytes >> 20) +
                       " MB and was stopped";
    return result;
}

std::string commandLine(const std::vector<std::string> &argv)
{
    std::string out;
    for (const std::string &a : argv) {
        if (!out.empty()) out += ' ';
        const bool plain =
            !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_./=:,@%+") == std::string::npos;
        if (plain) {
            out += a;
            continue;
        }
        out += '\'';
        for (char c : a) {
            if (c == '\'')
                out += "'\\''";
            else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                out += '?'; // a control character never reaches a terminal
            else
                out += c;
        }
        out += '\'';
    }
    return out;
}

std::string outcome(const Result &result, const Options &options)
{
    if (!result.started) return result.error;
    if (result.timedOut)
        return "timed out after " + std::to_string((options.timeoutMs + 999) / 1000) +
               " s and was stopped";
    if (result.cancelled) return "was cancelled";
    if (!result.error.empty()) return result.error;
    if (result.signal) return "was killed by signal " + std::to_string(result.signal);
    return "exited with code " + std::to_string(result.exitCode);
}

} // namespace netfence::core::ProcessRunner
