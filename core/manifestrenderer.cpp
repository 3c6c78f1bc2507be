#include "core/manifestrenderer.h"

#include "core/processrunner.h"

#include <filesystem>

namespace netfence::core::ManifestRenderer {

namespace {

std::string printable(const std::string &s)
{
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7f ? '?' : c;
    }
    return out;
}

// helm's output: documents after "---" lines, each opened by "# Source: CHART/templates/x.yaml".
std::vector<std::pair<std::string, std::string>> splitHelm(const std::string &text,
                                                           const std::string &folder)
{
    std::vector<std::pair<std::string, std::string>> pieces;
    std::string current, source;
    auto flush = [&] {
        if (current.find_first_not_of(" \t\r\n") != std::string::npos) {
            std::string name = source.empty() ? folder : source;
            // The chart's own name leads the path; the folder the user gave replaces it.
            if (!source.empty()) {
                const size_t slash = source.find('/');
                name = slash == std::string::npos ? folder + '/' + source
                                                  : folder + source.substr(slash);
            }
            pieces.push_back({printable(name) + " [helm template]", current});
        }
        current.clear();
        source.clear();
    };
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        if (line == "---" || line == "--- " || line.rfind("--- #", 0) == 0) {
            flush();
        } else {
            if (line.rfind("# Source: ", 0) == 0 && source.empty()) source = line.substr(10);
            current += line;
            current += '\n';
        }
        start = end + 1;
    }
    flush();
    return pieces;
}

} // namespace

Tool detect(const std::string &folder)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const char *name : {"kustomization.yaml", "kustomization.yml", "Kustomization"})
        if (fs::is_regular_file(fs::path(folder) / name, ec)) return Tool::Kustomize;
    if (fs::is_regular_file(fs::path(folder) / "Chart.yaml", ec)) return Tool::Helm;
    return Tool::None;
}

Result render(const std::string &folder, Tool tool, const Options &options)
{
    Result result;
    std::vector<std::string> argv;
    if (tool == Tool::Kustomize) {
        if (!ProcessRunner::findOnPath(options.kubectl).empty())
            argv = {options.kubectl, "kustomize", folder};
        else if (!ProcessRunner::findOnPath(options.kustomize).empty())
            argv = {options.kustomize, "build", folder};
        else {
            result.error = folder +
                           " holds a kustomization.yaml: rendering it needs kubectl (`kubectl "
                           "kustomize`) or kustomize on PATH; install one of them (Debian: "
                           "kubernetes-client)";
            return result;
        }
    } else if (tool == Tool::Helm) {
        if (ProcessRunner::findOnPath(options.helm).empty()) {
            result.error = folder +
                           " is a Helm chart (Chart.yaml): rendering it needs helm on PATH; "
                           "install helm (https://helm.sh), then `helm template` renders it";
            return result;
        }
        argv = {options.helm, "template", "netfence", folder};
        if (!options.valuesFile.empty()) {
            argv.push_back("--values");
            argv.push_back(options.valuesFile);
        }
    } else {
        result.error = folder + " is neither a Kustomize folder nor a Helm chart";
        return result;
    }
    result.command = ProcessRunner::commandLine(argv);
    ProcessRunner::Options run;
    run.timeoutMs = options.timeoutSeconds * 1000;
    run.cancelled = options.cancelled;
    const ProcessRunner::Result r = ProcessRunner::run(argv, run);
    if (!r.started || r.timedOut || r.cancelled || !r.error.empty() || r.exitCode != 0) {
        std::string err = printable(r.err.substr(0, 2000));
        result.error = "`" + result.command + "` " + ProcessRunner::outcome(r, run) +
                       (err.empty() ? std::string() : ":\n" + err);
        return result;
    }
    if (tool == Tool::Helm)
        result.pieces = splitHelm(r.out, folder);
    else
        result.pieces.push_back({printable(folder) + " [" + argv[0].substr(argv[0].rfind('/') + 1) +
                                     ' ' + argv[1] + ']',
                                 r.out});
    result.ok = true;
    return result;
}

} // namespace netfence::core::ManifestRenderer
