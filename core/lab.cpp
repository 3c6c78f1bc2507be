#include "core/lab.h"

#include "core/clusteredits.h"
#include "core/manifestloader.h"

#include <algorithm>
#include <charconv>

namespace netfence::core {

namespace {

struct MistakeName
{
    MistakeKind kind;
    const char *name;
};

constexpr MistakeName kMistakeNames[] = {
    {MistakeKind::IngressWithoutEgress, "ingress-without-egress"},
    {MistakeKind::EgressWithoutIngress, "egress-without-ingress"},
    {MistakeKind::DnsBlocked, "dns-blocked"},
    {MistakeKind::SelectorSelectsNothing, "selector-selects-nothing"},
    {MistakeKind::SelectorInWrongNamespace, "selector-in-wrong-namespace"},
    {MistakeKind::IPBlockForPods, "ipblock-for-pods"},
    {MistakeKind::OredPeers, "ored-peers"},
    {MistakeKind::AndedPeers, "anded-peers"},
    {MistakeKind::AnyNamespace, "any-namespace"},
};

} // namespace

const char *mistakeKindName(MistakeKind kind)
{
    for (const MistakeName &m : kMistakeNames)
        if (m.kind == kind)
            return m.name;
    return "unknown";
}

std::optional<MistakeKind> parseMistakeKind(const std::string &name)
{
    for (const MistakeName &m : kMistakeNames)
        if (name == m.name)
            return m.kind;
    return std::nullopt;
}

const std::vector<MistakeKind> &allMistakeKinds()
{
    static const std::vector<MistakeKind> all = [] {
        std::vector<MistakeKind> out;
        for (const MistakeName &m : kMistakeNames)
            out.push_back(m.kind);
        return out;
    }();
    return all;
}

std::string probeText(const Probe &probe)
{
    return std::string(protocolName(probe.protocol)) + '/' + std::to_string(probe.port);
}

std::string probesText(const std::vector<Probe> &probes)
{
    std::string out;
    for (size_t i = 0; i < probes.size();) {
        size_t j = i;
        while (j + 1 < probes.size() && probes[j + 1].protocol == probes[i].protocol &&
               probes[j + 1].port == probes[j].port + 1)
            ++j;
        out += (i ? ", " : "") + probeText(probes[i]);
        if (j > i)
            out += '-' + std::to_string(probes[j].port);
        i = j + 1;
    }
    return out;
}

std::string LabRequirement::connectionText() const
{
    std::string out = from + " -> " + to + " on ";
    if (everyProbe)
        out += "every probed port (";
    out += probesText(probes);
    return everyProbe ? out + ')' : out;
}

std::string LabRequirement::toString() const
{
    return std::string(expect == Expectation::Allow ? "must allow " : "must deny ") +
           connectionText();
}

std::optional<size_t> Lab::findStep(const std::string &numberOrId) const
{
    size_t number = 0;
    const char *end = numberOrId.data() + numberOrId.size();
    auto [ptr, ec] = std::from_chars(numberOrId.data(), end, number);
    if (!numberOrId.empty() && ec == std::errc() && ptr == end)
        return number >= 1 && number <= steps.size() ? std::optional<size_t>(number - 1)
                                                     : std::nullopt;
    for (size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == numberOrId)
            return i;
    return std::nullopt;
}

void Lab::addManifests(ManifestLoader &loader, size_t step, size_t solvedSteps) const
{
    for (const LabFile &f : cluster)
        loader.addText(f.text, f.path);
    for (size_t i = 0; i <= step && i < steps.size(); ++i)
        for (const LabFile &f : steps[i].adds)
            loader.addText(f.text, f.path);
    for (size_t i = 0; i < solvedSteps && i < steps.size(); ++i)
        for (const LabFile &f : steps[i].solution)
            loader.addText(f.text, f.path);
}

LoadResult Lab::buildCluster(size_t step, size_t solvedSteps) const
{
    ManifestLoader base;
    for (const LabFile &f : cluster)
        base.addText(f.text, f.path);
    LoadResult out = base.finish();
    // Each step's files are merged as the app merges them (ClusterEdits::mergeLabStep): what a
    // step adds keeps what is there, a solution replaces policies of the same name.
    auto merge = [&](const std::vector<LabFile> &files, bool replacePolicies) {
        if (files.empty())
            return;
        ManifestLoader loader;
        for (const LabFile &f : files)
            loader.addText(f.text, f.path);
        LoadResult r = loader.finish();
        ClusterEdits::mergeLabStep(out.cluster, r.cluster, replacePolicies).applyTo(out.cluster);
        out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(r.diagnostics.begin()),
                               std::make_move_iterator(r.diagnostics.end()));
    };
    for (size_t i = 0; i < steps.size() && (i <= step || i < solvedSteps); ++i) {
        if (i <= step)
            merge(steps[i].adds, false);
        if (i < solvedSteps)
            merge(steps[i].solution, true);
    }
    return out;
}

std::string Lab::solutionYaml(size_t step) const
{
    std::string out;
    if (step >= steps.size())
        return out;
    for (const LabFile &f : steps[step].solution) {
        if (!out.empty())
            out += "---\n";
        out += f.text;
        if (!f.text.empty() && f.text.back() != '\n')
            out += '\n';
    }
    return out;
}

std::optional<Endpoint> findLabEndpoint(const Cluster &cluster, const std::string &text)
{
    if (text == kInternetWord)
        return Endpoint::ofRange(IPRange::single(*IPAddress::parse(kInternetAddress)));
    if (auto ip = IPAddress::parse(text))
        return Endpoint::ofRange(IPRange::single(*ip));
    if (text.find('/') == std::string::npos)
        return std::nullopt;
    const int w = cluster.findWorkload(text);
    if (w < 0)
        return std::nullopt;
    return Endpoint::ofWorkload(static_cast<size_t>(w));
}

} // namespace netfence::core
