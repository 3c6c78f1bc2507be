#include "core/lintcommand.h"

#include "core/exitcode.h"
#include "core/linter.h"
#include "core/lintwriter.h"
#include "core/manifestloader.h"

namespace netfence::core::LintCommand {

const char *const kHelp =
    R"(Usage: netfence-cli lint PATH... [--format txt|json|sarif] [--ipblock-pods=yes|no]

Looks for policies that are likely wrong, useless or dangerous: selectors that select
nothing, namespaceSelector/podSelector AND/OR mix-ups, egress isolation without DNS, named
and numeric ports the pods do not declare, rules and policies that change nothing (decided
by evaluating the policies without them), ipBlocks covering pods, 0.0.0.0/0 beside narrower
rules, namespaces left open while others deny by default, hostNetwork pods under policies.
Each finding has a rule id, a severity (error, warning, note), file:line, the objects
involved, why it matters and a fix. Problems the loader finds are findings too
(manifest-error, manifest-warning). The rules are listed in docs/semantics.md.
  --format F         txt (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --ipblock-pods X   whether ipBlocks match pods by their IPs (default yes)
Exit codes: 0 no error-level finding, 1 some error-level finding, 2 usage error.
)";

int run(const std::vector<std::string> &operands,
        const std::map<std::string, std::vector<std::string>> &options, std::ostream &out,
        std::ostream &err)
{
    LintFormat format = LintFormat::Txt;
    if (auto it = options.find("format"); it != options.end() && !it->second.empty()) {
        auto parsed = parseLintFormat(it->second.back());
        if (!parsed) {
            err << "netfence-cli: unknown format \"" << it->second.back()
                << "\" (txt, json, sarif)\n";
            return CommandLine::UsageError;
        }
        format = *parsed;
    }
    EvaluatorOptions evaluatorOptions;
    if (auto it = options.find("ipblock-pods"); it != options.end() && !it->second.empty()) {
        const std::string &v = it->second.back();
        if (v != "yes" && v != "no") {
            err << "netfence-cli: --ipblock-pods must be yes or no\n";
            return CommandLine::UsageError;
        }
        evaluatorOptions.ipBlockMatchesPods = v == "yes";
    }
    const LoadResult r = ManifestLoader::load(operands);
    std::vector<LintFinding> findings;
    for (const Diagnostic &d : r.diagnostics) {
        const bool error = d.severity == Severity::Error;
        findings.push_back(
            {error ? "manifest-error" : "manifest-warning",
             error ? LintSeverity::Error : LintSeverity::Warning, d.location,
             d.object.empty() ? std::vector<std::string>{} : std::vector<std::string>{d.object},
             d.message, ""});
    }
    Evaluator evaluator(r.cluster, evaluatorOptions);
    evaluator.evaluateAll(0);
    for (LintFinding &f : Linter(evaluator).run())
        findings.push_back(std::move(f));
    out << LintWriter::write(format, findings);
    for (const LintFinding &f : findings)
        if (f.severity == LintSeverity::Error) return CommandLine::ProblemsFound;
    return CommandLine::Success;
}

} // namespace netfence::core::LintCommand
