#include "core/labchecker.h"

#include "core/explanationwriter.h"
#include "core/peermistakes.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace netfence::core {

namespace {

// How much of the unintended list the explanation spells out.
constexpr size_t kListedPaths = 10;

std::string labName(const Cluster &cluster, const Endpoint &e)
{
    const std::string name = e.shortName(cluster);
    return name == kInternetAddress ? std::string(kInternetWord) : name;
}

RequirementResult checkRequirement(const LabRequirement &r, size_t index, const Evaluator &evaluator)
{
    const Cluster &cluster = evaluator.cluster();
    RequirementResult out;
    out.text = r.toString();
    out.requirement = index;
    out.hint = r.hint;
    const auto from = findLabEndpoint(cluster, r.from);
    const auto to = findLabEndpoint(cluster, r.to);
    if (!from || !to) {
        out.explanation = (from ? r.to : r.from) +
                          " is not in the cluster: no pod or workload of that name.\n";
        return out;
    }
    const Explanation e = evaluator.explain(*from, *to);
    const bool wantAllowed = r.expect == Expectation::Allow;
    std::vector<Probe> failing;
    for (const Probe &p : r.probes)
        if (e.allowed.allows(p.protocol, p.port) != wantAllowed)
            failing.push_back(p);
    out.passed = failing.empty();
    if (r.probes.empty()) {
        out.explanation = ExplanationWriter::text(evaluator, e);
        return out;
    }
    if (failing.size() > 0 && r.probes.size() > 1) {
        out.explanation = std::string(wantAllowed ? "Denied" : "Allowed") + " on ";
        for (size_t i = 0; i < failing.size(); ++i)
            out.explanation += (i ? ", " : "") + probeText(failing[i]);
        out.explanation += ".\n";
    }
    out.explanation +=
        ExplanationWriter::text(evaluator, e, failing.empty() ? r.probes.front() : failing.front());
    return out;
}

// Every pair in scope on every probe of the step must be denied, unless a must-allow names it.
// `open` gets the first unintended pairs as must-deny requirements, for the peer detectors.
RequirementResult checkNothingElse(const LabStep &step, const Evaluator &evaluator,
                                   std::vector<std::string> &unintended,
                                   std::vector<LabRequirement> &open)
{
    const Cluster &cluster = evaluator.cluster();
    std::set<std::tuple<std::string, std::string, Protocol, int>> wanted;
    for (const LabRequirement &r : step.requirements) {
        if (r.expect != Expectation::Allow)
            continue;
        const auto from = findLabEndpoint(cluster, r.from);
        const auto to = findLabEndpoint(cluster, r.to);
        if (from && to)
            for (const Probe &p : r.probes)
                wanted.insert({from->shortName(cluster), to->shortName(cluster), p.protocol, p.port});
    }
    std::vector<size_t> order(cluster.workloads.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return cluster.workloads[a].qualifiedName() < cluster.workloads[b].qualifiedName();
    });
    std::vector<Endpoint> endpoints;
    for (size_t i : order)
        endpoints.push_back(Endpoint::ofWorkload(i));
    endpoints.push_back(*findLabEndpoint(cluster, kInternetWord));
    auto inScope = [&](const Endpoint &e) {
        if (!e.isWorkload())
            return false;
        const std::string &ns = cluster.workloads[e.workload].namespaceName;
        return step.scope.empty() || std::find(step.scope.begin(), step.scope.end(), ns) != step.scope.end();
    };
    // onlyThese: {from, to}: a namespace name or a workload's "ns/name".
    auto named = [&](const Endpoint &e, const std::vector<std::string> &names) {
        if (!e.isWorkload())
            return false;
        const Workload &w = cluster.workloads[e.workload];
        return std::any_of(names.begin(), names.end(), [&](const std::string &n) {
            return n == w.namespaceName || n == w.qualifiedName();
        });
    };
    const bool narrowed = !step.onlyFrom.empty() || !step.onlyTo.empty();
    auto watched = [&](const Endpoint &src, const Endpoint &dst) {
        if (!narrowed)
            return inScope(src) || inScope(dst);
        return (step.onlyFrom.empty() || named(src, step.onlyFrom)) &&
               (step.onlyTo.empty() || named(dst, step.onlyTo));
    };

    std::optional<std::pair<Endpoint, Endpoint>> firstPair;
    std::optional<Probe> firstProbe;
    size_t checked = 0;
    for (const Endpoint &src : endpoints)
        for (const Endpoint &dst : endpoints) {
            if (src == dst || (src.isExternal() && dst.isExternal()) || !watched(src, dst))
                continue;
            const ConnectionSet allowed = evaluator.allowed(src, dst);
            const std::string a = src.shortName(cluster);
            const std::string b = dst.shortName(cluster);
            for (const Probe &p : step.probes) {
                ++checked;
                if (!allowed.allows(p.protocol, p.port) || wanted.count({a, b, p.protocol, p.port}))
                    continue;
                unintended.push_back(labName(cluster, src) + " -> " + labName(cluster, dst) + " on " +
                                     probeText(p));
                if (!open.empty() && open.back().from == labName(cluster, src) &&
                    open.back().to == labName(cluster, dst)) {
                    open.back().probes.push_back(p);
                } else if (open.size() < kListedPaths) {
                    LabRequirement r;
                    r.expect = Expectation::Deny;
                    r.from = labName(cluster, src);
                    r.to = labName(cluster, dst);
                    r.probes = {p};
                    open.push_back(std::move(r));
                }
                if (!firstPair) {
                    firstPair = {src, dst};
                    firstProbe = p;
                }
            }
        }

    RequirementResult out;
    out.text = "must deny everything else";
    auto names = [](const std::vector<std::string> &list) {
        std::string text;
        for (size_t i = 0; i < list.size(); ++i)
            text += (i ? ", " : " ") + list[i];
        return text;
    };
    if (narrowed) {
        if (!step.onlyFrom.empty())
            out.text += " from" + names(step.onlyFrom);
        if (!step.onlyTo.empty())
            out.text += " to" + names(step.onlyTo);
    } else if (!step.scope.empty()) {
        out.text += " from and to";
        for (size_t i = 0; i < step.scope.size(); ++i)
            out.text += (i ? ", " : " ") + step.scope[i];
    }
    out.text += " on " + probesText(step.probes);
    out.passed = unintended.empty();
    if (out.passed) {
        out.explanation = "Nothing else is open: " + std::to_string(checked) +
                          " connections checked (every pair of pods, and the internet, on every "
                          "probe).\n";
        return out;
    }
    out.explanation = std::to_string(unintended.size()) + " unintended open connection" +
                      (unintended.size() == 1 ? "" : "s") + ":\n";
    for (size_t i = 0; i < unintended.size() && i < kListedPaths; ++i)
        out.explanation += "  " + unintended[i] + '\n';
    if (unintended.size() > kListedPaths)
        out.explanation += "  ... and " + std::to_string(unintended.size() - kListedPaths) + " more\n";
    out.explanation += "The first one:\n" +
                       ExplanationWriter::text(evaluator,
                                               evaluator.explain(firstPair->first, firstPair->second),
                                               firstProbe);
    return out;
}

} // namespace

size_t StepResult::passedCount() const
{
    return static_cast<size_t>(std::count_if(requirements.begin(), requirements.end(),
                                             [](const RequirementResult &r) { return r.passed; }));
}

std::string StepResult::report() const
{
    std::string out;
    for (const RequirementResult &r : requirements) {
        if (r.passed)
            continue;
        out += "FAIL " + r.text + '\n';
        auto indent = [&](const std::string &text) {
            size_t start = 0;
            while (start < text.size()) {
                size_t end = text.find('\n', start);
                if (end == std::string::npos)
                    end = text.size();
                out += "    " + text.substr(start, end - start) + '\n';
                start = end + 1;
            }
        };
        if (!r.hint.empty())
            indent("Teacher's hint: " + r.hint);
        indent(r.explanation);
    }
    for (const MistakeHint &m : mistakes) {
        out += "HINT (" + std::string(mistakeKindName(m.kind)) + ')';
        if (!m.location.file.empty()) {
            out += " at " + m.location.file;
            if (m.location.line > 0)
                out += ':' + std::to_string(m.location.line) + ':' + std::to_string(m.location.column);
        }
        out += ": " + m.hint + '\n';
    }
    out += std::to_string(passedCount()) + " of " + std::to_string(requirements.size()) +
           " requirements pass: the step " + (passed ? "passes" : "fails") + ".\n";
    return out;
}

StepResult LabChecker::check(const LabStep &step, const Evaluator &evaluator)
{
    StepResult result;
    for (size_t i = 0; i < step.requirements.size(); ++i)
        result.requirements.push_back(checkRequirement(step.requirements[i], i, evaluator));
    std::vector<LabRequirement> open;
    if (step.onlyThese)
        result.requirements.push_back(checkNothingElse(step, evaluator, result.unintended, open));
    result.passed = std::all_of(result.requirements.begin(), result.requirements.end(),
                                [](const RequirementResult &r) { return r.passed; });
    result.mistakes = MistakeDetector(evaluator).detect(step);
    if (open.empty())
        return result;
    // "Nothing else" failed: name the peer that let the unintended ones in, as for a must-deny.
    LabStep unintended;
    for (const LabRequirement &r : step.requirements)
        if (r.expect == Expectation::Allow)
            unintended.requirements.push_back(r); // what the lesson meant, for the suggestions
    unintended.requirements.insert(unintended.requirements.end(), open.begin(), open.end());
    for (MistakeKind kind : {MistakeKind::OredPeers, MistakeKind::AnyNamespace}) {
        if (std::find(step.mistakes.begin(), step.mistakes.end(), kind) == step.mistakes.end())
            continue;
        for (MistakeHint &h : PeerMistakes::find(evaluator, unintended, kind)) {
            h.requirement.reset(); // not a requirement of the step
            const bool known = std::any_of(result.mistakes.begin(), result.mistakes.end(), [&](const MistakeHint &m) {
                return m.kind == h.kind && m.location.file == h.location.file && m.location.line == h.location.line;
            });
            if (!known)
                result.mistakes.push_back(std::move(h));
        }
    }
    return result;
}

StepResult LabChecker::check(const LabStep &step, const Cluster &cluster, EvaluatorOptions options)
{
    const Evaluator evaluator(cluster, options);
    return check(step, evaluator);
}

} // namespace netfence::core
