#include "core/diffcommand.h"

#include "core/exitcode.h"
#include "core/connectivitydiffwriter.h"
#include "core/evaluator.h"
#include "core/gitrevision.h"
#include "core/manifestloader.h"

#include <filesystem>

namespace netfence::core::DiffCommand {

const char *const kHelp =
    R"(Usage: netfence-cli diff DIR1 DIR2 [--format txt|csv|md|json] [--ipblock-pods=yes|no]
       netfence-cli diff --git REV PATH... [--format ...] [--ipblock-pods=yes|no]

Lists the connections two versions of the manifests disagree on: added (only the new
version allows them), removed (only the old one does) and changed (both, with different
ports), including those of workloads that appear or disappear. Workloads are matched by
namespace, name and kind; the ranges outside the cluster are cut where either version cuts
them and merged back where the change is the same. txt, csv and md are netpol-analyzer's
`diff` output; nothing is printed when nothing changed.
  --git REV          compare PATH... as it is now with PATH... at the git revision REV of
                     the repository that holds it (read with git itself; nothing in the
                     work tree changes)
  --format F         txt (default), csv, md or json
  --ipblock-pods X   whether ipBlocks match pods by their IPs (default yes, as the
                     Kubernetes e2e suite requires; netpol-analyzer assumes no)
Exit codes: 0 nothing changed, 1 something changed, 2 usage error (or a version that
cannot be read). Problems in the manifests are printed on stderr.
)";

namespace {

using Options = std::map<std::string, std::vector<std::string>>;

std::optional<std::string> single(const Options &options, const std::string &name)
{
    auto it = options.find(name);
    if (it == options.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

void report(const std::vector<Diagnostic> &diagnostics, const char *version,
            const GitRevision *revision, std::ostream &err)
{
    for (Diagnostic d : diagnostics) {
        if (revision) d.location.file = revision->displayName(d.location.file);
        err << version << ": " << d.toString() << '\n';
    }
}

} // namespace

int run(const std::vector<std::string> &operands, const Options &options, std::ostream &out,
        std::ostream &err)
{
    DiffFormat format = DiffFormat::Txt;
    if (auto f = single(options, "format")) {
        auto parsed = parseDiffFormat(*f);
        if (!parsed) {
            err << "netfence-cli: unknown format \"" << *f << "\" (txt, csv, md, json)\n";
            return CommandLine::UsageError;
        }
        format = *parsed;
    }
    EvaluatorOptions evaluatorOptions;
    if (auto v = single(options, "ipblock-pods")) {
        if (*v != "yes" && *v != "no") {
            err << "netfence-cli: --ipblock-pods must be yes or no\n";
            return CommandLine::UsageError;
        }
        evaluatorOptions.ipBlockMatchesPods = *v == "yes";
    }
    const auto rev = single(options, "git");
    std::vector<std::string> before, after;
    GitRevision revision;
    std::string beforeName = "dir1", afterName = "dir2";
    if (rev) {
        if (operands.empty()) {
            err << "netfence-cli: diff --git REV needs at least one PATH\n" << kHelp;
            return CommandLine::UsageError;
        }
        if (!revision.checkout(*rev, operands)) {
            err << "netfence-cli: diff --git: " << revision.error() << '\n';
            return CommandLine::UsageError;
        }
        before = revision.oldPaths();
        after = operands;
        beforeName = "old";
        afterName = "new";
    } else {
        if (operands.size() != 2) {
            err << "netfence-cli: diff needs two folders (or --git REV PATH...)\n" << kHelp;
            return CommandLine::UsageError;
        }
        for (const std::string &p : operands) {
            std::error_code ec;
            if (!std::filesystem::exists(p, ec)) {
                err << "netfence-cli: " << p << ": no such file or folder\n";
                return CommandLine::UsageError;
            }
        }
        before = {operands[0]};
        after = {operands[1]};
    }
    const LoadResult was = ManifestLoader::load(before);
    const LoadResult is = ManifestLoader::load(after);
    report(was.diagnostics, beforeName.c_str(), rev ? &revision : nullptr, err);
    report(is.diagnostics, afterName.c_str(), nullptr, err);
    Evaluator wasEvaluator(was.cluster, evaluatorOptions);
    Evaluator isEvaluator(is.cluster, evaluatorOptions);
    wasEvaluator.evaluateAll(0);
    isEvaluator.evaluateAll(0);
    const ConnectivityDiff diff = ConnectivityDiff::compute(wasEvaluator, isEvaluator);
    out << ConnectivityDiffWriter::write(format, diff, beforeName, afterName);
    return diff.isEmpty() ? CommandLine::Success : CommandLine::ProblemsFound;
}

} // namespace netfence::core::DiffCommand
