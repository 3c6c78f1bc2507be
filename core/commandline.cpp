#include "core/commandline.h"

#include "core/assertcommand.h"
#include "core/clusterimport.h"
#include "core/clustergenerator.h"
#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/diffcommand.h"
#include "core/lintcommand.h"
#include "core/evaluator.h"
#include "core/explanationwriter.h"
#include "core/exposureanalysis.h"
#include "core/ingressanalysis.h"
#include "core/graphmodel.h"
#include "core/graphpicture.h"
#include "core/labcommand.h"
#include "core/manifestloader.h"
#include "core/manifestrenderer.h"
#include "core/matrixwriter.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace netfence::core::CommandLine {

namespace {

const char *kUsage = R"(Usage: netfence-cli COMMAND PATH... [OPTIONS]

Reads Kubernetes manifests (files or folders of *.yaml, *.yml, *.json; Kustomize folders and
Helm charts rendered by their tools; a live cluster through kubectl with --from-cluster) and
tells what their NetworkPolicies allow.

Commands:
  connectivity  every allowed connection between workloads and external ranges
  matrix        truth tables for chosen probes (protocol/port)
  explain       why traffic from one endpoint to another is allowed or denied
  validate      check the manifests as the API server would
  graph         the picture the app draws, laid out, as SVG, DOT or JSON
  generate      write a synthetic cluster of a chosen size (benchmarks, demos)
  lab           teaching labs: check a step's goal, export a connectivity test
  diff          what a change opens and closes: two folders, or PATH against a git revision
  lint          policies that are likely wrong, useless or dangerous (txt, json, SARIF)
  assert        check a connectivity test (kind: ConnectivityTest) in a pipeline (JUnit)
  help COMMAND  the options of one command

Options for every command: --help, --version
Exit codes: 0 success, 1 problems found in the input, 2 usage error.
)";

const std::map<std::string, std::string> kCommandHelp{
    {"connectivity", R"(Usage: netfence-cli connectivity PATH... [--format txt|json|csv|md|dot]
                                     [--focus NS/NAME] [--ipblock-pods=yes|no]

Lists every allowed connection: workload to workload, workload to external address
ranges and ranges to workloads, one line each, sorted. txt is netpol-analyzer's connlist
format; json adds, for each connection, the policies and rules that allow it.
  --format F         txt (default), json, csv, md or dot
  --focus NS/NAME    only connections from or to that workload
  --exposure         then what the policies open to peers the manifests do not
                     contain ("entire-cluster", namespaces and pods by their
                     selectors), as netpol-analyzer's list --exposure (txt or json)
  --ipblock-pods X   whether ipBlocks match pods by their IPs (default yes, as the
                     Kubernetes e2e suite requires; netpol-analyzer assumes no)
)"},
    {"matrix", R"(Usage: netfence-cli matrix PATH... --probe PROTO/PORT [--probe ...]
                               [--external IP ...] [--ipblock-pods=yes|no]

Prints a truth table per probe: a header of destination ids, then one row per source with
'.' for allowed and 'X' for denied. Each --external address adds a row and a column; cells
between two addresses are '-'.
)"},
    {"explain", R"(Usage: netfence-cli explain PATH... --from SRC --to DST [--port PROTO/PORT]
                                [--ipblock-pods=yes|no]

Explains the verdict for traffic from SRC to DST: the sender's egress side, the receiver's
ingress side, the policies that isolate each and the rules that allow it; with cluster
policies, the tier, policy, priority and rule that decided each side (Pass chains too).
SRC and DST are NS/NAME (a workload or one of its pods) or an IP address; SRC may also be
{ingress-controller}: which Ingress or Route exposes DST and whether its policies let the
controller in.
)"},
    {"validate", R"(Usage: netfence-cli validate PATH...

Checks the manifests as the API server would and prints one line per problem:
FILE:LINE:COLUMN: error|warning: message. Exits with 1 when there is any error.
)"},
    {"graph", R"(Usage: netfence-cli graph PATH... [--format svg|dot|json] [--collapse]
                              [--focus NS/NAME] [--ipblock-pods=yes|no]

Lays out the graph the app shows (namespaces as boxes, workloads, the ranges outside the
cluster, allowed traffic as arrows routed around the boxes) and writes it. json is a stable
contract for other programs: {"width", "height", "nodes": [{"id", "kind", "parent", "x",
"y", "width", "height"}], "edges": [{"from", "to", "label", "points"}]} in points, origin
top-left, y down; "points" is the route's control polygon ending at the arrowhead's tip.
  --format F         svg (default), dot or json
  --collapse         every namespace as one box, its traffic summed
  --exposure         also the peers beyond the manifests that rules admit ("entire
                     cluster", "pods app=x in any namespace with team=a") in a dashed area
  --focus NS/NAME    only that workload and what it talks to
  --ipblock-pods X   whether ipBlocks match pods by their IPs (default yes)
)"},
    {"generate", R"(Usage: netfence-cli generate OUT_DIR [--namespaces N] [--workloads W]
                                 [--policies P] [--seed S]

Writes a synthetic cluster shaped like a real one into OUT_DIR (created; it must be empty):
namespaces.yaml, then NS/deployments.yaml and NS/networkpolicies.yaml per namespace. Team
namespaces (team/env labels) hold Deployments (app/tier/team labels, named ports); policies
are a default deny per namespace, DNS egress, then allow rules with podSelectors,
namespaceSelectors, both, named and numeric ports, endPort ranges and a few ipBlocks.
The same options always write the same files.
  --namespaces N   namespaces, kube-system, monitoring and ingress-nginx included (default 10)
  --workloads W    Deployments (default 100)
  --policies P     NetworkPolicies (default 30)
  --seed S         any number (default 1)
)"},
    {"lab", LabCommand::kHelp},
    {"diff", DiffCommand::kHelp},
    {"lint", LintCommand::kHelp},
    {"assert", AssertCommand::kHelp},
};

struct Arguments
{
    std::vector<std::string> paths;
    std::map<std::string, std::vector<std::string>> options;
    bool help = false;
};

// Splits "--name=value" and "--name value"; everything else is a path.
bool parse(const std::vector<std::string> &args, size_t first,
           const std::vector<std::string> &known, Arguments &out, std::ostream &err)
{
    for (size_t i = first; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--help" || a == "-h") {
            out.help = true;
            continue;
        }
        if (a == "--version") {
            out.options["version"];
            continue;
        }
        if (a.rfind("--", 0) != 0 || a.size() == 2) {
            out.paths.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::string value;
        if (name == "collapse" || name == "exposure" ||
            name == "from-cluster") { // the options without a value
            out.options[name].push_back("yes");
            continue;
        }
        const size_t eq = name.find('=');
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (std::find(known.begin(), known.end(), name) != known.end()) {
            if (i + 1 >= args.size()) {
                err << "netfence-cli: --" << name << " needs a value\n";
                return false;
            }
            value = args[++i];
        }
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            err << "netfence-cli: unknown option --" << name << '\n';
            return false;
        }
        out.options[name].push_back(value);
    }
    return true;
}

std::optional<std::string> single(const Arguments &a, const std::string &name)
{
    auto it = a.options.find(name);
    if (it == a.options.end())
        return std::nullopt;
    return it->second.back();
}

bool evaluatorOptions(const Arguments &a, EvaluatorOptions &options, std::ostream &err)
{
    if (auto v = single(a, "ipblock-pods")) {
        if (*v == "yes")
            options.ipBlockMatchesPods = true;
        else if (*v == "no")
            options.ipBlockMatchesPods = false;
        else {
            err << "netfence-cli: --ipblock-pods must be yes or no\n";
            return false;
        }
    }
    return true;
}

void printDiagnostics(const LoadResult &r, std::ostream &stream)
{
    for (const Diagnostic &d : r.diagnostics)
        stream << d.toString() << '\n';
}

// Finds "ns/name", "ns/name[Kind]", "name" (namespace default), a pod folded into its
// workload, or an IP address.
std::optional<Endpoint> findEndpoint(const Cluster &cluster, std::string text)
{
    if (auto ip = IPAddress::parse(text))
        return Endpoint::ofRange(IPRange::single(*ip));
    std::string kind;
    if (const size_t open = text.find('['); open != std::string::npos && text.back() == ']') {
        kind = text.substr(open + 1, text.size() - open - 2);
        text = text.substr(0, open);
    }
    if (text.find('/') == std::string::npos)
        text = "default/" + text;
    for (size_t i = 0; i < cluster.workloads.size(); ++i) {
        const Workload &w = cluster.workloads[i];
        if (w.qualifiedName() == text && (kind.empty() || kind == w.kind))
            return Endpoint::ofWorkload(i);
    }
    for (size_t i = 0; i < cluster.workloads.size(); ++i) {
        const Workload &w = cluster.workloads[i];
        for (const std::string &pod : w.podNames)
            if (w.namespaceName + '/' + pod == text)
                return Endpoint::ofWorkload(i);
    }
    return std::nullopt;
}

int exitFor(const LoadResult &r)
{
    return hasErrors(r.diagnostics) ? ProblemsFound : Success;
}

const char *kInputHelp = R"(
Input (every command that reads manifests):
  PATH...              files or folders of *.yaml, *.yml, *.json; a folder holding a
                       kustomization.yaml is rendered with `kubectl kustomize` (or
                       `kustomize build`), a chart folder (Chart.yaml) with `helm template`
  --values FILE        values file for `helm template`
  --from-cluster       also read the live cluster through your own kubectl (on PATH, with
                       your kubeconfig): namespaces, pods, workloads, services, ingresses,
                       routes, network policies and the cluster policy kinds
  --context NAME       kubectl context (default: the current one)
  --namespace NS       only that namespace
  --kubectl-timeout S  seconds per kubectl call (default 120)
  --save-snapshot DIR  save what kubectl returned into DIR (new or empty) to repeat offline
)";

const std::vector<std::string> kInputOptions{"from-cluster", "context",       "namespace",
                                             "kubectl-timeout", "save-snapshot", "values"};

// Loads the PATHs (rendering Kustomize and Helm folders) and, with --from-cluster, the live
// cluster. False (after saying why) when something could not be read at all.
bool loadInput(const Arguments &a, LoadResult &result, std::ostream &err)
{
    ManifestLoader loader;
    ManifestRenderer::Options render;
    if (auto v = single(a, "values"))
        render.valuesFile = *v;
    for (const std::string &path : a.paths) {
        std::error_code ec;
        const ManifestRenderer::Tool tool = std::filesystem::is_directory(path, ec)
                                                ? ManifestRenderer::detect(path)
                                                : ManifestRenderer::Tool::None;
        if (tool == ManifestRenderer::Tool::None) {
            loader.addPath(path);
            continue;
        }
        const ManifestRenderer::Result rendered = ManifestRenderer::render(path, tool, render);
        if (!rendered.ok) {
            err << "netfence-cli: " << rendered.error << '\n';
            return false;
        }
        for (const auto &[name, text] : rendered.pieces)
            loader.addText(text, name);
    }
    const bool fromCluster = a.options.count("from-cluster") > 0;
    if (!fromCluster) {
        for (const char *o : {"context", "namespace", "kubectl-timeout", "save-snapshot"})
            if (a.options.count(o)) {
                err << "netfence-cli: --" << o << " needs --from-cluster\n";
                return false;
            }
        result = loader.finish();
        return true;
    }
    ClusterImport::Options options;
    options.context = single(a, "context").value_or("");
    options.namespaceName = single(a, "namespace").value_or("");
    if (auto t = single(a, "kubectl-timeout")) {
        int seconds = 0;
        auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), seconds);
        if (ec != std::errc() || ptr != t->data() + t->size() || seconds < 1 || seconds > 86400) {
            err << "netfence-cli: --kubectl-timeout must be a whole number of seconds (1-86400)\n";
            return false;
        }
        options.timeoutSeconds = seconds;
    }
    const ClusterImport::Result imported = ClusterImport::run(options);
    if (!imported.ok) {
        err << "netfence-cli: importing from the cluster failed: " << imported.error << '\n';
        return false;
    }
    if (auto dir = single(a, "save-snapshot")) {
        if (std::string problem = ClusterImport::saveSnapshot(imported, options, *dir); !problem.empty()) {
            err << "netfence-cli: " << problem << '\n';
            return false;
        }
        err << "netfence-cli: snapshot saved to " << *dir << '\n';
    }
    for (const ClusterImport::Piece &p : imported.pieces)
        loader.addText(p.json, "cluster/" + p.fileName);
    result = loader.finish();
    for (const std::string &note : imported.notes)
        result.diagnostics.push_back({Severity::Warning, SourceLocation{"cluster", 0, 0}, {}, note});
    return true;
}

int connectivity(const Arguments &a, std::ostream &out, std::ostream &err)
{
    ListFormat format = ListFormat::Txt;
    if (auto f = single(a, "format")) {
        auto parsed = parseListFormat(*f);
        if (!parsed) {
            err << "netfence-cli: unknown format \"" << *f << "\" (txt, json, csv, md, dot)\n";
            return UsageError;
        }
        format = *parsed;
    }
    EvaluatorOptions options;
    if (!evaluatorOptions(a, options, err))
        return UsageError;
    LoadResult r;
    if (!loadInput(a, r, err))
        return ProblemsFound;
    printDiagnostics(r, err);
    Evaluator evaluator(r.cluster, options);
    evaluator.evaluateAll(0); // every pair is listed: evaluate them all at once, on every core
    std::optional<size_t> focus;
    if (auto f = single(a, "focus")) {
        auto e = findEndpoint(r.cluster, *f);
        if (!e || !e->isWorkload()) {
            err << "netfence-cli: --focus: no workload or pod \"" << *f << "\"\n";
            return UsageError;
        }
        focus = e->workload;
    }
    const ConnectionList list = ConnectionList::build(evaluator, focus);
    if (a.options.count("exposure")) {
        if (format != ListFormat::Txt && format != ListFormat::Json) {
            err << "netfence-cli: --exposure is written as txt or json\n";
            return UsageError;
        }
        const ExposureReport report = ExposureReport::build(evaluator, list);
        out << (format == ListFormat::Txt ? report.text(evaluator, list) : report.json(evaluator, list));
        return exitFor(r);
    }
    out << ConnectionListWriter::write(format, evaluator, list);
    return exitFor(r);
}

int matrix(const Arguments &a, std::ostream &out, std::ostream &err)
{
    std::vector<Probe> probes;
    if (auto it = a.options.find("probe"); it != a.options.end())
        for (const std::string &p : it->second) {
            auto probe = MatrixWriter::parseProbe(p);
            if (!probe) {
                err << "netfence-cli: --probe \"" << p << "\" is not PROTO/PORT (e.g. TCP/80)\n";
                return UsageError;
            }
            probes.push_back(*probe);
        }
    if (probes.empty()) {
        err << "netfence-cli: matrix needs at least one --probe PROTO/PORT\n";
        return UsageError;
    }
    EvaluatorOptions options;
    if (!evaluatorOptions(a, options, err))
        return UsageError;
    std::vector<IPAddress> externals;
    if (auto it = a.options.find("external"); it != a.options.end())
        for (const std::string &e : it->second) {
            auto ip = IPAddress::parse(e);
            if (!ip) {
                err << "netfence-cli: --external \"" << e << "\" is not an IP address\n";
                return UsageError;
            }
            externals.push_back(*ip);
        }
    LoadResult r;
    if (!loadInput(a, r, err))
        return ProblemsFound;
    printDiagnostics(r, err);
    Evaluator evaluator(r.cluster, options);
    std::vector<size_t> order(r.cluster.workloads.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
        return r.cluster.workloads[x].qualifiedName() < r.cluster.workloads[y].qualifiedName();
    });
    std::vector<Endpoint> endpoints;
    for (size_t i : order)
        endpoints.push_back(Endpoint::ofWorkload(i));
    for (const IPAddress &ip : externals)
        endpoints.push_back(Endpoint::ofRange(IPRange::single(ip)));
    out << MatrixWriter::write(evaluator, endpoints, probes);
    return exitFor(r);
}

int explain(const Arguments &a, std::ostream &out, std::ostream &err)
{
    auto from = single(a, "from");
    auto to = single(a, "to");
    if (!from || !to) {
        err << "netfence-cli: explain needs --from SRC and --to DST\n";
        return UsageError;
    }
    std::optional<Probe> probe;
    if (auto p = single(a, "port")) {
        probe = MatrixWriter::parseProbe(*p);
        if (!probe) {
            err << "netfence-cli: --port \"" << *p << "\" is not PROTO/PORT (e.g. TCP/80)\n";
            return UsageError;
        }
    }
    EvaluatorOptions options;
    if (!evaluatorOptions(a, options, err))
        return UsageError;
    LoadResult r;
    if (!loadInput(a, r, err))
        return ProblemsFound;
    printDiagnostics(r, err);
    Evaluator evaluator(r.cluster, options);
    auto dst = findEndpoint(r.cluster, *to);
    if (*from == IngressAnalysis::kControllerName || *from == "ingress-controller") {
        if (!dst || !dst->isWorkload()) {
            err << "netfence-cli: no workload or pod \"" << *to << "\"\n";
            return UsageError;
        }
        out << IngressAnalysis::explainText(evaluator, dst->workload);
        return exitFor(r);
    }
    auto src = findEndpoint(r.cluster, *from);
    for (const auto &[text, found] : {std::pair{*from, src}, std::pair{*to, dst}})
        if (!found) {
            err << "netfence-cli: no workload, pod or IP address \"" << text << "\"\n";
            return UsageError;
        }
    out << ExplanationWriter::text(evaluator, evaluator.explain(*src, *dst), probe);
    return exitFor(r);
}

int validate(const Arguments &a, std::ostream &out, std::ostream &err)
{
    LoadResult r;
    if (!loadInput(a, r, err))
        return ProblemsFound;
    printDiagnostics(r, out);
    size_t errors = 0;
    for (const Diagnostic &d : r.diagnostics)
        errors += d.severity == Severity::Error;
    out << r.files << " files, " << r.objects << " objects (" << r.cluster.namespaces.size()
        << " namespaces, " << r.cluster.workloads.size() << " workloads, "
        << r.cluster.policies.size() << " policies"
        << (r.cluster.clusterPolicies.empty()
                ? std::string()
                : ", " + std::to_string(r.cluster.clusterPolicies.size()) + " cluster policies")
        << "): " << errors << " errors, "
        << r.diagnostics.size() - errors << " warnings\n";
    if (!r.skippedKinds.empty()) {
        out << "skipped kinds:";
        for (const auto &[kind, count] : r.skippedKinds)
            out << ' ' << kind << " (" << count << ')';
        out << '\n';
    }
    return exitFor(r);
}

// A whole number option within [lo, hi]; false (after saying why) when it is not one.
bool count(const Arguments &a, const std::string &name, long long lo, long long hi,
           long long &value, std::ostream &err)
{
    auto text = single(a, name);
    if (!text)
        return true;
    const char *end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc() || ptr != end || value < lo || value > hi) {
        err << "netfence-cli: --" << name << " must be a whole number from " << lo << " to " << hi
            << ", not \"" << *text << "\"\n";
        return false;
    }
    return true;
}

int generate(const Arguments &a, std::ostream &out, std::ostream &err)
{
    if (a.paths.size() != 1) {
        err << "netfence-cli: generate needs exactly one OUT_DIR\n" << kCommandHelp.at("generate");
        return UsageError;
    }
    long long namespaces = 10, workloads = 100, policies = 30, seed = 1;
    if (!count(a, "namespaces", 1, 1000000, namespaces, err) ||
        !count(a, "workloads", 0, 10000000, workloads, err) ||
        !count(a, "policies", 0, 10000000, policies, err) ||
        !count(a, "seed", 0, std::numeric_limits<long long>::max(), seed, err))
        return UsageError;
    const std::string &folder = a.paths.front();
    std::error_code ec;
    if (std::filesystem::exists(folder, ec) &&
        (!std::filesystem::is_directory(folder, ec) || !std::filesystem::is_empty(folder, ec))) {
        err << "netfence-cli: " << folder << " exists and is not an empty folder\n";
        return UsageError;
    }
    const Cluster cluster = ClusterGenerator::generate(
        {static_cast<int>(namespaces), static_cast<int>(workloads), static_cast<int>(policies),
         static_cast<std::uint64_t>(seed)});
    if (std::string problem = ClusterGenerator::write(cluster, folder); !problem.empty()) {
        err << "netfence-cli: " << problem << '\n';
        return ProblemsFound;
    }
    out << "wrote " << cluster.namespaces.size() << " namespaces, " << cluster.workloads.size()
        << " workloads and " << cluster.policies.size() << " policies to " << folder << '\n';
    return Success;
}

int graph(const Arguments &a, std::ostream &out, std::ostream &err)
{
    const std::string format = single(a, "format").value_or("svg");
    if (format != "svg" && format != "dot" && format != "json") {
        err << "netfence-cli: unknown format \"" << format << "\" (svg, dot, json)\n";
        return UsageError;
    }
    EvaluatorOptions options;
    if (!evaluatorOptions(a, options, err))
        return UsageError;
    LoadResult r;
    if (!loadInput(a, r, err))
        return ProblemsFound;
    printDiagnostics(r, err);
    Evaluator evaluator(r.cluster, options);
    evaluator.evaluateAll(0);
    std::set<std::string> collapsed;
    if (a.options.count("collapse"))
        for (const Namespace &ns : r.cluster.namespaces)
            collapsed.insert(ns.name);
    if (a.options.count("collapse"))
        for (const Workload &w : r.cluster.workloads)
            collapsed.insert(w.namespaceName);
    const GraphModel model(r.cluster, evaluator, collapsed, a.options.count("exposure") > 0);
    std::set<std::string> visible;
    if (auto f = single(a, "focus")) {
        auto e = findEndpoint(r.cluster, *f);
        if (!e || !e->isWorkload()) {
            err << "netfence-cli: --focus: no workload or pod \"" << *f << "\"\n";
            return UsageError;
        }
        for (const GraphModel::Node &n : model.nodes())
            if (n.endpoint == *e)
                visible = model.focus({n.id});
    }
    const GraphPicture picture = GraphPicture::make(model, visible);
    if (!picture.error.empty()) {
        err << "netfence-cli: " << picture.error << '\n';
        return ProblemsFound;
    }
    out << (format == "json" ? picture.json() : format == "dot" ? picture.dot() : picture.svg());
    return exitFor(r);
}

} // namespace

int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    if (args.empty()) {
        err << kUsage;
        return UsageError;
    }
    const std::string &command = args[0];
    if (command == "--help" || command == "-h") {
        out << kUsage;
        return Success;
    }
    if (command == "--version") {
        out << "netfence-cli " << NETFENCE_VERSION << '\n';
        return Success;
    }
    if (command == "help") {
        if (args.size() > 1 && kCommandHelp.count(args[1])) {
            out << kCommandHelp.at(args[1])
                << (args[1] != "lab" && args[1] != "generate" ? kInputHelp : "");
            return Success;
        }
        out << kUsage;
        return args.size() > 1 ? UsageError : Success;
    }
    auto withInput = [](std::vector<std::string> options) {
        options.insert(options.end(), kInputOptions.begin(), kInputOptions.end());
        return options;
    };
    static const std::map<std::string, std::vector<std::string>> known{
        {"connectivity", withInput({"format", "focus", "ipblock-pods", "exposure"})},
        {"matrix", withInput({"probe", "external", "ipblock-pods"})},
        {"explain", withInput({"from", "to", "port", "ipblock-pods"})},
        {"generate", {"namespaces", "workloads", "policies", "seed"}},
        {"validate", withInput({})},
        {"lab", {"checks", "ipblock-pods", "format"}},
        {"diff", {"format", "git", "ipblock-pods"}},
        {"lint", {"format", "ipblock-pods"}},
        {"assert", {"junit", "ipblock-pods"}},
        {"graph", withInput({"format", "focus", "ipblock-pods", "exposure"})}};
    auto it = known.find(command);
    if (it == known.end()) {
        err << "netfence-cli: unknown command \"" << command << "\"\n" << kUsage;
        return UsageError;
    }
    Arguments a;
    if (!parse(args, 1, it->second, a, err))
        return UsageError;
    const bool readsManifests = command != "lab" && command != "generate";
    if (a.help) {
        out << kCommandHelp.at(command) << (readsManifests ? kInputHelp : "");
        return Success;
    }
    if (a.options.count("version")) {
        out << "netfence-cli " << NETFENCE_VERSION << '\n';
        return Success;
    }
    if (a.paths.empty() && !(readsManifests && a.options.count("from-cluster"))) {
        err << "netfence-cli: " << command << " needs at least one PATH\n" << kCommandHelp.at(command);
        return UsageError;
    }
    if (command == "lab")
        return LabCommand::run(a.paths, a.options, out, err);
    if (command == "diff")
        return DiffCommand::run(a.paths, a.options, out, err);
    if (command == "lint")
        return LintCommand::run(a.paths, a.options, out, err);
    if (command == "assert")
        return AssertCommand::run(a.paths, a.options, out, err);
    if (command == "generate")
        return generate(a, out, err);
    if (command == "connectivity")
        return connectivity(a, out, err);
    if (command == "matrix")
        return matrix(a, out, err);
    if (command == "graph")
        return graph(a, out, err);
    if (command == "explain")
        return explain(a, out, err);
    return validate(a, out, err);
}

} // namespace netfence::core::CommandLine
