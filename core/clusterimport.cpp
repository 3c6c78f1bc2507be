#include "core/clusterimport.h"

#include "core/kubernetesnames.h"
#include "core/processrunner.h"
#include "core/regularfile.h"

#include <chrono>
#include <ctime>
#include <filesystem>

namespace netfence::core {

namespace {

bool contains(const std::string &text, const char *what)
{
    return text.find(what) != std::string::npos;
}

// A line of kubectl's stderr fit for a message: control characters shown as '?', long text cut.
std::string shownStderr(const std::string &err)
{
    std::string out;
    for (char c : err.substr(0, 2000)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 && c != '\n') || u == 0x7f ? '?' : c;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    if (err.size() > 2000) out += " ...";
    return out;
}

std::string printable(const std::string &s)
{
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7f ? '?' : c;
    }
    return out;
}

} // namespace

const std::vector<ClusterImport::Kind> &ClusterImport::kinds()
{
    static const std::vector<Kind> list{
        {"namespaces", "namespaces.json", true, false},
        {"pods", "pods.json", false, false},
        {"deployments.apps", "deployments.json", false, false},
        {"replicasets.apps", "replicasets.json", false, false},
        {"statefulsets.apps", "statefulsets.json", false, false},
        {"daemonsets.apps", "daemonsets.json", false, false},
        {"jobs.batch", "jobs.json", false, false},
        {"cronjobs.batch", "cronjobs.json", false, false},
        {"replicationcontrollers", "replicationcontrollers.json", false, false},
        {"services", "services.json", false, false},
        {"ingresses.networking.k8s.io", "ingresses.json", false, false},
        {"routes.route.openshift.io", "routes.json", false, true},
        {"networkpolicies.networking.k8s.io", "networkpolicies.json", false, false},
        {"adminnetworkpolicies.policy.networking.k8s.io", "adminnetworkpolicies.json", true, true},
        {"baselineadminnetworkpolicies.policy.networking.k8s.io",
         "baselineadminnetworkpolicies.json", true, true},
        {"clusternetworkpolicies.policy.networking.k8s.io", "clusternetworkpolicies.json", true,
         true},
    };
    return list;
}

std::vector<std::string> ClusterImport::command(const Kind &kind, const Options &options)
{
    std::vector<std::string> argv{options.kubectl};
    if (!options.context.empty()) argv.push_back("--context=" + options.context);
    argv.push_back("get");
    const bool oneNamespace = !options.namespaceName.empty();
    if (oneNamespace && std::string(kind.resource) == "namespaces") {
        argv.push_back("namespace");
        argv.push_back(options.namespaceName);
    } else {
        argv.push_back(kind.resource);
    }
    argv.push_back("--output=json");
    argv.push_back("--request-timeout=" + std::to_string(options.timeoutSeconds) + "s");
    if (!kind.clusterScoped)
        argv.push_back(oneNamespace ? "--namespace=" + options.namespaceName : "--all-namespaces");
    return argv;
}

ClusterImport::Result ClusterImport::run(const Options &options)
{
    Result result;
    if (!options.namespaceName.empty()) {
        if (std::string err = KubernetesNames::checkDnsLabel(options.namespaceName); !err.empty()) {
            result.error = "--namespace \"" + printable(options.namespaceName) +
                           "\" is not a namespace name (" + err + ")";
            return result;
        }
    }
    if (ProcessRunner::findOnPath(options.kubectl).empty()) {
        result.error = options.kubectl +
                       " was not found on PATH: importing from a cluster runs your own kubectl "
                       "(install it, e.g. the Debian package kubernetes-client, and make sure "
                       "`kubectl get pods` works)";
        return result;
    }
    ProcessRunner::Options run;
    run.timeoutMs = options.timeoutSeconds * 1000 + 1000; // kubectl's own timeout comes first
    run.cancelled = options.cancelled;
    const auto &all = kinds();
    for (size_t i = 0; i < all.size(); ++i) {
        const Kind &kind = all[i];
        if (options.progress)
            options.progress(static_cast<int>(i), static_cast<int>(all.size()), kind.resource);
        const std::vector<std::string> argv = command(kind, options);
        const std::string typed = ProcessRunner::commandLine(argv);
        ProcessRunner::Result r = ProcessRunner::run(argv, run);
        if (r.cancelled) {
            result.cancelled = true;
            result.error = "the import was cancelled";
            return result;
        }
        if (r.started && !r.timedOut && r.error.empty() && r.exitCode == 0) {
            result.pieces.push_back({kind.resource, kind.fileName, typed, std::move(r.out)});
            continue;
        }
        const std::string err = shownStderr(r.err);
        const bool notServed = contains(err, "doesn't have a resource type") ||
                               contains(err, "could not find the requested resource") ||
                               contains(err, "no matches for kind");
        const bool forbidden = contains(err, "Forbidden") || contains(err, "forbidden");
        if (r.started && !r.timedOut &&
            ((kind.optional && notServed) || (kind.clusterScoped && forbidden))) {
            result.notes.push_back(std::string(kind.resource) + " skipped: " +
                                   (notServed ? "the cluster does not serve this kind (no CRD)"
                                              : "kubectl may not list it (forbidden)") +
                                   " (`" + typed + "`: " + err + ")");
            continue;
        }
        result.error = "`" + typed + "` " + ProcessRunner::outcome(r, run) +
                       (err.empty() ? std::string() : ":\n" + err);
        return result;
    }
    if (options.progress)
        options.progress(static_cast<int>(all.size()), static_cast<int>(all.size()), "");
    result.ok = true;
    return result;
}

LoadResult ClusterImport::load(const Result &result, const std::vector<std::string> &morePaths)
{
    ManifestLoader loader;
    for (const std::string &p : morePaths)
        loader.addPath(p);
    for (const Piece &p : result.pieces)
        loader.addText(p.json, "cluster/" + p.fileName);
    LoadResult r = loader.finish();
    for (const std::string &note : result.notes)
        r.diagnostics.push_back({Severity::Warning, SourceLocation{"cluster", 0, 0}, {}, note});
    return r;
}

std::string ClusterImport::saveSnapshot(const Result &result, const Options &options,
                                        const std::string &folder)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path dir(folder);
    if (fs::is_symlink(fs::symlink_status(dir, ec)))
        return folder + " is a symbolic link; the snapshot needs a folder of its own";
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec))
            return folder + " exists and is not an empty folder";
    } else if (!fs::create_directories(dir, ec)) {
        return "cannot create " + folder + ": " + ec.message();
    }
    std::string about = "netfence snapshot of a cluster, read through kubectl\n";
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char when[64];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    about += std::string("taken: ") + when + '\n';
    about += "context: " +
             (options.context.empty() ? std::string("(current)") : printable(options.context)) +
             '\n';
    about += "namespace: " +
             (options.namespaceName.empty() ? std::string("(all)") : options.namespaceName) + '\n';
    about += "commands:\n";
    for (const Piece &p : result.pieces)
        about += "  " + printable(p.command) + "  ->  " + p.fileName + '\n';
    for (const std::string &n : result.notes)
        about += "note: " + printable(n) + '\n';
    about += "Load it again with: netfence-cli connectivity FOLDER (or File -> Open Folder)\n";
    std::string error;
    for (const Piece &p : result.pieces)
        if (!RegularFile::write((dir / p.fileName).string(), p.json, &error))
            return "cannot write " + (dir / p.fileName).string() + ": " + error;
    if (!RegularFile::write((dir / "netfence-snapshot.txt").string(), about, &error))
        return "cannot write " + (dir / "netfence-snapshot.txt").string() + ": " + error;
    return {};
}

} // namespace netfence::core
