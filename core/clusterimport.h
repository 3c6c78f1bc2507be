#pragma once

#include "core/manifestloader.h"

#include <functional>
#include <string>
#include <vector>

namespace netfence::core {

// Reads a live cluster through the user's own kubectl (found on PATH, with the user's
// kubeconfig and context): one `kubectl get KIND -o json` per kind netfence models. netfence
// never reads kubeconfig or credentials itself. Each kind's answer is loaded as if it were a
// file named "cluster/<kind>.json", so a snapshot saved to a folder loads the same way offline.
class ClusterImport
{
public:
    struct Options
    {
        std::string kubectl = "kubectl";
        std::string context;       // empty: kubectl's current context
        std::string namespaceName; // empty: every namespace
        int timeoutSeconds = 120;  // per kubectl call
        std::function<bool()> cancelled;
        // Before each call: how many are done, how many there are, and what comes next.
        std::function<void(int done, int total, const std::string &what)> progress;
    };

    // One kind as kubectl returned it.
    struct Piece
    {
        std::string resource; // "pods", "ingresses.networking.k8s.io", ...
        std::string fileName; // "pods.json"
        std::string command;  // as typed in a shell
        std::string json;
    };

    struct Result
    {
        bool ok = false;
        bool cancelled = false;
        // When not ok: the command, its outcome (exit code, timeout) and what it printed on stderr.
        std::string error;
        std::vector<Piece> pieces;
        std::vector<std::string> notes; // kinds skipped and why
    };

    // The resources asked for, in order; `optional` ones may be missing from a cluster (CRDs).
    struct Kind
    {
        const char *resource;
        const char *fileName;
        bool clusterScoped;
        bool optional;
    };
    static const std::vector<Kind> &kinds();

    // The kubectl arguments for one kind (argv[0] is options.kubectl).
    static std::vector<std::string> command(const Kind &kind, const Options &options);

    static Result run(const Options &options);

    // Loads the pieces through ManifestLoader; the notes become warnings.
    static LoadResult load(const Result &result, const std::vector<std::string> &morePaths = {});

    // Writes the pieces into `folder` (created; it must not exist or be empty) as
    // "<kind>.json", plus "netfence-snapshot.txt" saying when, from which context and with which
    // commands. File names are netfence's own, never taken from the cluster. Returns an error
    // text, empty on success.
    static std::string saveSnapshot(const Result &result, const Options &options,
                                    const std::string &folder);
};

} // namespace netfence::core
