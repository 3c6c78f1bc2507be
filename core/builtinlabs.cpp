#include "core/builtinlabs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace netfence::core::BuiltInLabs {

namespace {

constexpr std::string_view kSuffix = ".lab.yaml";

// Lab names are file names the user types: letters, digits, '-', '_' and '.', never a path.
bool plainName(const std::string &name)
{
    return !name.empty() && name.size() <= 100 && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
           });
}

} // namespace

std::string folder()
{
    if (const char *custom = std::getenv("NETFENCE_LABS_DIR"); custom && *custom)
        return custom;
    std::error_code ec;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        return "/usr/share/netfence/labs";
    return (program.parent_path().parent_path() / "share" / "netfence" / "labs").string();
}

std::vector<std::string> names(const std::string &folder)
{
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string file = entry.path().filename().string();
        if (file.size() > kSuffix.size() && file.ends_with(kSuffix) && entry.is_regular_file(ec))
            found.push_back(file.substr(0, file.size() - kSuffix.size()));
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::optional<std::string> find(const std::string &name, const std::string &folder,
                                std::ostream &err)
{
    const std::filesystem::path file =
        std::filesystem::path(folder) / (name + std::string(kSuffix));
    std::error_code ec;
    if (plainName(name) && std::filesystem::is_regular_file(file, ec))
        return file.string();
    const std::vector<std::string> known = names(folder);
    err << "netfence-cli: no built-in lab \"" << name << "\" in " << folder;
    if (known.empty()) {
        err << " (no labs are installed there; NETFENCE_LABS_DIR can name another folder)\n";
    } else {
        err << "; the built-in labs are:";
        for (const std::string &n : known)
            err << ' ' << kPrefix << n;
        err << '\n';
    }
    return std::nullopt;
}

} // namespace netfence::core::BuiltInLabs
