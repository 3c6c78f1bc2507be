#include "core/labloader.h"

#include "core/kubernetesnames.h"
#include "core/portspec.h"
#include "core/spelling.h"

#include "core/yamlnodes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace netfence::core {

using YamlNodes::child;
using YamlNodes::present;

namespace {

constexpr std::uintmax_t kMaxFileBytes = 64ull << 20;
// More list items than any lab needs; past it the file is an attack or an accident.
constexpr size_t kMaxItems = 100000;

const std::vector<std::string> kLabKeys{"apiVersion", "kind",  "id",    "title", "description",
                                        "cluster",    "probes", "scope", "steps"};
const std::vector<std::string> kStepKeys{"id",        "title",    "goal",      "text",
                                         "concept",   "hints",    "adds",      "solution",
                                         "mustAllow", "mustDeny", "keepOpen",  "keep",
                                         "onlyThese", "probes",   "scope",     "mistakes",
                                         "observation"};
const std::vector<std::string> kRequirementKeys{"require", "hint"};
const std::vector<std::string> kOnlyTheseKeys{"from", "to"};
const char *kApiVersion = "netfence/v1";
const char *kRequirementForm =
    "a requirement is written \"FROM -> TO [PROTOCOL/PORT ...]\", e.g. "
    "\"netpol-lab/client -> netpol-lab/frontend TCP/80\"";

// Lower-case alphanumerics and '-', not all digits (a number names a step by position).
bool isStepId(const std::string &id)
{
    if (id.empty() || id.size() > 63 || id.front() == '-' || id.back() == '-')
        return false;
    bool letter = false;
    for (char c : id) {
        if (c >= 'a' && c <= 'z')
            letter = true;
        else if (!(c >= '0' && c <= '9') && c != '-')
            return false;
    }
    return letter;
}

struct Token
{
    size_t offset;
    std::string text;
};

std::vector<Token> splitWords(const std::string &text)
{
    std::vector<Token> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        const size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t')
            ++i;
        if (i > start)
            out.push_back({start, text.substr(start, i - start)});
    }
    return out;
}

bool isExternalWord(const std::string &text)
{
    return text == kInternetWord || IPAddress::parse(text).has_value();
}

// "ns/name" with both parts non-empty, "internet" or an IP address.
bool isEndpointText(const std::string &text)
{
    if (isExternalWord(text))
        return true;
    const size_t slash = text.find('/');
    return slash != std::string::npos && slash > 0 && slash + 1 < text.size() &&
           text.find('/', slash + 1) == std::string::npos;
}

bool sameConnection(const LabRequirement &a, const LabRequirement &b)
{
    if (a.from != b.from || a.to != b.to || a.everyProbe != b.everyProbe)
        return false;
    if (a.everyProbe)
        return true;
    return std::all_of(a.probes.begin(), a.probes.end(), [&](const Probe &p) {
        return std::any_of(b.probes.begin(), b.probes.end(), [&](const Probe &q) {
            return p.protocol == q.protocol && p.port == q.port;
        });
    }) && a.probes.size() == b.probes.size();
}

void addProbe(std::vector<Probe> &probes, const Probe &p)
{
    for (const Probe &q : probes)
        if (q.protocol == p.protocol && q.port == p.port)
            return;
    probes.push_back(p);
}

} // namespace

LabLoader::LabLoader(std::string fileName, const FileReader &reader)
    : YamlReader(std::move(fileName), 0, nullptr), mReader(reader)
{
    mNodeBudget = kMaxItems;
    const size_t slash = mFile.rfind('/');
    if (slash != std::string::npos)
        mFolder = mFile.substr(0, slash == 0 ? 1 : slash);
}

std::optional<std::string> LabLoader::readFile(const std::string &path)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return std::nullopt;
    const auto size = fs::file_size(path, ec);
    if (ec || size > kMaxFileBytes)
        return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::string content(static_cast<size_t>(size), '\0');
    in.read(content.data(), static_cast<std::streamsize>(size));
    content.resize(static_cast<size_t>(in.gcount()));
    if (content.find('\0') != std::string::npos)
        return std::nullopt;
    return content;
}

LabLoadResult LabLoader::load(const std::string &path)
{
    const FileReader reader = &LabLoader::readFile;
    const std::optional<std::string> text = readFile(path);
    if (!text) {
        LabLoadResult result;
        result.diagnostics.push_back(
            {Severity::Error, {path, 0, 0}, {}, "cannot read the lab file (missing, unreadable, "
                                                "binary or larger than 64 MB)"});
        return result;
    }
    return loadText(*text, path, reader);
}

LabLoadResult LabLoader::loadText(std::string_view text, const std::string &fileName,
                                  const FileReader &reader)
{
    LabLoader loader(fileName, reader);
    LabLoadResult result;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
        if (documents.empty() || !present(documents[0])) {
            loader.report(Severity::Error, SourceLocation{fileName, 1, 1},
                          "the lab file is empty; it needs kind: Lab, title, cluster and steps");
        } else {
            if (documents.size() > 1)
                loader.report(Severity::Warning, documents[1],
                              "only the first YAML document of a lab file is read");
            Lab lab;
            lab.path = fileName;
            if (loader.readLab(documents[0], lab))
                result.lab = std::move(lab);
        }
    } catch (const YAML::Exception &e) {
        loader.report(Severity::Error,
                      SourceLocation{fileName, e.mark.is_null() ? 0 : e.mark.line + 1,
                                     e.mark.is_null() ? 0 : e.mark.column + 1},
                      "YAML syntax error: " + e.msg);
    } catch (const std::exception &e) {
        // yaml-cpp throws for shapes no lab has; never let that reach the caller.
        loader.report(Severity::Error, SourceLocation{fileName, 0, 0},
                      std::string("cannot read the lab: ") + e.what());
    }
    result.diagnostics = std::move(loader.mCollected);
    return result;
}

SourceLocation LabLoader::inside(const YAML::Node &node, size_t offset) const
{
    SourceLocation where = at(node);
    if (where.column > 0 && node.IsDefined())
        where.column += static_cast<int>(offset) + (node.Tag() == "!" ? 1 : 0); // a quote
    return where;
}

bool LabLoader::budget(const YAML::Node &node)
{
    if (spend())
        return true;
    if (!mOverBudget)
        report(Severity::Error, node,
               "the lab has more than " + std::to_string(kMaxItems) + " list items; the rest is ignored");
    mOverBudget = true;
    return false;
}

bool LabLoader::readText(const YAML::Node &map, const char *key, const char *owner, bool required,
                         std::string &out)
{
    const YAML::Node node = child(map, key);
    if (!present(node)) {
        if (required)
            report(Severity::Error, mObjectLocation,
                   std::string(owner) + " needs \"" + key + "\"");
        return false;
    }
    return scalar(node, key, out);
}

bool LabLoader::readBool(const YAML::Node &node, const char *what, bool &out)
{
    std::string text;
    if (!scalar(node, what, text))
        return false;
    if (text == "true" || text == "false") {
        out = text == "true";
        return true;
    }
    report(Severity::Error, node, std::string(what) + " must be true or false, found \"" + text + '"');
    return false;
}

void LabLoader::readStrings(const YAML::Node &node, const char *what, std::vector<std::string> &out)
{
    if (!present(node))
        return;
    if (node.IsScalar()) {
        out.push_back(node.Scalar());
        return;
    }
    if (!node.IsSequence()) {
        report(Severity::Error, node,
               std::string(what) + " must be a list, found " + YamlNodes::typeName(node));
        return;
    }
    for (YAML::const_iterator it = node.begin(); it != node.end(); ++it) {
        const YAML::Node item = *it;
        if (!budget(item))
            return;
        std::string text;
        if (scalar(item, what, text))
            out.push_back(text);
    }
}

std::vector<YAML::Node> LabLoader::listOrOne(const YAML::Node &node)
{
    std::vector<YAML::Node> items;
    if (!node.IsSequence()) {
        items.push_back(node);
        return items;
    }
    for (YAML::const_iterator it = node.begin(); it != node.end(); ++it)
        if (budget(*it))
            items.push_back(*it);
    return items;
}

std::string LabLoader::outsideLabFolder(const std::string &name) const
{
    if (name.front() == '/')
        return "is an absolute path";
    for (const auto &part : fs::path(name))
        if (part == "..")
            return "climbs out of the lab's folder with \"..\"";
    // A symlink inside the folder may still lead out of it.
    std::error_code ec;
    const fs::path folder = fs::canonical(mFolder.empty() ? "." : mFolder, ec);
    if (ec)
        return {}; // not on disk (a lab read from memory): the names alone decide
    const fs::path target = fs::weakly_canonical(folder / name, ec);
    if (ec)
        return {};
    const auto [f, t] = std::mismatch(folder.begin(), folder.end(), target.begin(), target.end());
    if (f != folder.end())
        return "leads out of the lab's folder through a symbolic link";
    return {};
}

void LabLoader::readFiles(const YAML::Node &node, const char *what, std::vector<LabFile> &out)
{
    if (!present(node))
        return;
    const std::vector<YAML::Node> items = listOrOne(node);
    for (const YAML::Node &item : items) {
        std::string name;
        if (!scalar(item, what, name))
            continue;
        if (name.empty()) {
            report(Severity::Error, item, std::string(what) + ": an empty file name");
            continue;
        }
        if (std::string why = outsideLabFolder(name); !why.empty()) {
            report(Severity::Error, item,
                   std::string(what) + ": \"" + name + "\" " + why +
                       "; a lab names only files in its own folder or below");
            continue;
        }
        const std::string path = mFolder.empty() ? name : mFolder + '/' + name;
        std::optional<std::string> text;
        try {
            text = mReader ? mReader(path) : std::nullopt;
        } catch (const std::exception &e) {
            report(Severity::Error, item, "cannot read \"" + path + "\": " + e.what());
            continue;
        }
        if (!text) {
            report(Severity::Error, item,
                   "cannot read \"" + path + "\" (" + what + "; names are relative to the lab file)");
            continue;
        }
        out.push_back(LabFile{path, std::move(*text), at(item)});
    }
}

void LabLoader::readProbes(const YAML::Node &node, std::vector<Probe> &out)
{
    std::vector<std::string> texts;
    if (!present(node))
        return;
    if (!node.IsSequence()) {
        report(Severity::Error, node, std::string("probes must be a list, found ") + YamlNodes::typeName(node));
        return;
    }
    for (YAML::const_iterator it = node.begin(); it != node.end(); ++it) {
        const YAML::Node item = *it;
        std::string text;
        if (!budget(item) || !scalar(item, "a probe", text))
            continue;
        std::string error;
        if (auto probes = PortSpec::parse(text, error))
            for (const Probe &p : *probes)
                addProbe(out, p);
        else
            report(Severity::Error, item, error);
    }
}

void LabLoader::readScope(const YAML::Node &node, std::vector<std::string> &out)
{
    if (!present(node))
        return;
    std::vector<std::string> names;
    readStrings(node, "scope", names);
    size_t i = 0;
    if (node.IsSequence())
        for (YAML::const_iterator it = node.begin(); it != node.end() && i < names.size(); ++it, ++i)
            mScopeNames.push_back({names[i], at(*it)});
    else if (!names.empty())
        mScopeNames.push_back({names[0], at(node)});
    out = names;
}

void LabLoader::readMistakes(const YAML::Node &node, std::vector<MistakeKind> &out)
{
    out.clear();
    if (!node.IsSequence() && !node.IsScalar()) {
        report(Severity::Error, node, std::string("mistakes must be a list, found ") + YamlNodes::typeName(node));
        return;
    }
    const std::vector<YAML::Node> items = listOrOne(node);
    for (const YAML::Node &item : items) {
        std::string name;
        if (!scalar(item, "a mistake", name))
            continue;
        if (auto kind = parseMistakeKind(name)) {
            if (std::find(out.begin(), out.end(), *kind) == out.end())
                out.push_back(*kind);
            continue;
        }
        std::string message = "unknown mistake \"" + name + "\" (known:";
        for (MistakeKind k : allMistakeKinds())
            message += std::string(" ") + mistakeKindName(k);
        report(Severity::Error, item, message + ')');
    }
}

bool LabLoader::parseRequirement(const YAML::Node &node, Expectation expect, size_t step,
                                 LabRequirement &out)
{
    std::string text;
    if (!scalar(node, "a requirement", text))
        return false;
    const std::vector<Token> words = splitWords(text);
    if (words.size() < 3 || words[1].text != "->") {
        report(Severity::Error, node, std::string(kRequirementForm) + "; found \"" + text + '"');
        return false;
    }
    bool ok = true;
    for (const Token *w : {&words[0], &words[2]})
        if (!isEndpointText(w->text)) {
            report(Severity::Error, inside(node, w->offset),
                   "\"" + w->text + "\" is not an endpoint: write NAMESPACE/NAME (a pod or "
                                    "workload), internet, or an IP address");
            ok = false;
        }
    if (ok && isExternalWord(words[0].text) && isExternalWord(words[2].text)) {
        report(Severity::Error, node,
               "both ends are outside the cluster, where NetworkPolicies decide nothing");
        ok = false;
    }
    out = LabRequirement{};
    out.expect = expect;
    out.from = words[0].text;
    out.to = words[2].text;
    out.location = inside(node, 0);
    for (size_t i = 3; i < words.size(); ++i) {
        std::string error;
        if (auto probes = PortSpec::parse(words[i].text, error)) {
            for (const Probe &p : *probes)
                addProbe(out.probes, p);
        } else {
            report(Severity::Error, inside(node, words[i].offset), error);
            ok = false;
        }
    }
    out.everyProbe = words.size() == 3;
    if (!ok)
        return false;
    for (size_t i : {size_t{0}, size_t{2}})
        if (!isExternalWord(words[i].text))
            mEndpoints.push_back({step, words[i].text, inside(node, words[i].offset)});
    return true;
}

void LabLoader::readRequirements(const YAML::Node &node, Expectation expect, size_t step,
                                 LabStep &out)
{
    if (!present(node))
        return;
    const char *key = expect == Expectation::Allow ? "mustAllow" : "mustDeny";
    if (!node.IsSequence() && !node.IsScalar()) {
        report(Severity::Error, node, std::string(key) + " must be a list, found " + YamlNodes::typeName(node));
        return;
    }
    const std::vector<YAML::Node> items = listOrOne(node);
    for (const YAML::Node &item : items) {
        LabRequirement r;
        if (!item.IsMap()) {
            if (parseRequirement(item, expect, step, r))
                out.requirements.push_back(std::move(r));
            continue;
        }
        // {require: "FROM -> TO PORTS", hint: "the teacher's words when it fails"}
        checkKeys(item, kRequirementKeys, "a requirement");
        const YAML::Node line = child(item, "require");
        if (!present(line)) {
            report(Severity::Error, item,
                   std::string("a requirement written as a map needs \"require\"; ") +
                       kRequirementForm);
            continue;
        }
        if (!parseRequirement(line, expect, step, r))
            continue;
        if (const YAML::Node hint = child(item, "hint"); present(hint))
            scalar(hint, "hint", r.hint);
        out.requirements.push_back(std::move(r));
    }
}

void LabLoader::keepOpen(const YAML::Node &node, size_t index, Lab &lab, bool denied)
{
    const char *key = denied ? "keep" : "keepOpen";
    std::vector<std::string> ids;
    readStrings(node, key, ids);
    std::vector<YAML::Node> items;
    if (node.IsSequence())
        for (YAML::const_iterator it = node.begin(); it != node.end(); ++it)
            items.push_back(*it);
    LabStep &step = lab.steps[index];
    for (size_t i = 0; i < ids.size(); ++i) {
        const YAML::Node where = i < items.size() ? items[i] : node;
        const auto found = lab.findStep(ids[i]);
        const auto later = std::find(mStepIds.begin(), mStepIds.end(), ids[i]);
        if (!found && later != mStepIds.end()) {
            report(Severity::Error, where,
                   std::string(key) + " may only name an earlier step; \"" + ids[i] + "\" is step " +
                       std::to_string(later - mStepIds.begin() + 1));
            continue;
        }
        if (!found) {
            const std::string guess = Spelling::closest(ids[i], mStepIds);
            report(Severity::Error, where,
                   "unknown step id \"" + ids[i] + "\" in " + key +
                       (guess.empty() ? std::string() : "; did you mean \"" + guess + "\"?"));
            continue;
        }
        if (*found >= index) {
            report(Severity::Error, where,
                   std::string(key) + " may only name an earlier step; \"" + ids[i] + "\" is step " +
                       std::to_string(*found + 1));
            continue;
        }
        for (const LabRequirement &r : lab.steps[*found].requirements) {
            if (r.expect != Expectation::Allow && !denied)
                continue;
            const bool duplicate = std::any_of(step.requirements.begin(), step.requirements.end(),
                                               [&](const LabRequirement &s) {
                                                   return s.expect == r.expect && sameConnection(r, s);
                                               });
            if (duplicate)
                continue;
            LabRequirement kept = r;
            if (kept.keptFrom.empty())
                kept.keptFrom = lab.steps[*found].id;
            step.requirements.push_back(std::move(kept));
        }
    }
}

void LabLoader::checkContradictions(const LabStep &step)
{
    for (const LabRequirement &deny : step.requirements) {
        if (deny.expect != Expectation::Deny)
            continue;
        for (const LabRequirement &allow : step.requirements) {
            if (allow.expect != Expectation::Allow || allow.from != deny.from || allow.to != deny.to)
                continue;
            for (const Probe &p : deny.probes)
                for (const Probe &q : allow.probes)
                    if (p.protocol == q.protocol && p.port == q.port) {
                        report(Severity::Error, deny.keptFrom.empty() ? deny.location : allow.location,
                               deny.from + " -> " + deny.to + " on " + probeText(p) +
                                   " must be both allowed (" +
                                   (allow.keptFrom.empty() ? "mustAllow" : "kept from " + allow.keptFrom) +
                                   ") and denied (" +
                                   (deny.keptFrom.empty() ? "mustDeny" : "kept from " + deny.keptFrom) + ')');
                        return;
                    }
        }
    }
}

void LabLoader::finishStep(LabStep &step)
{
    std::vector<Probe> probes = mLabProbes;
    for (const Probe &p : step.probes)
        addProbe(probes, p);
    for (const LabRequirement &r : step.requirements)
        if (!r.everyProbe)
            for (const Probe &p : r.probes)
                addProbe(probes, p);
    step.probes = probes;
    for (LabRequirement &r : step.requirements)
        if (r.everyProbe)
            r.probes = probes;
    if (step.scope.empty())
        step.scope = mLabScope;
    if (step.requirements.empty() && !step.onlyThese)
        report(Severity::Error, step.location,
               "the step has no goal to check: give mustAllow, mustDeny or onlyThese");
    if (probes.empty() &&
        (step.onlyThese || std::any_of(step.requirements.begin(), step.requirements.end(),
                                       [](const LabRequirement &r) { return r.everyProbe; })))
        report(Severity::Error, step.location,
               "onlyThese and requirements without ports check every probe of the step, but "
               "there is none: list them under probes (e.g. [TCP/80, UDP/53])");
    checkContradictions(step);
}

void LabLoader::readOnlyThese(const YAML::Node &node, size_t step, LabStep &out)
{
    if (!node.IsMap()) {
        readBool(node, "onlyThese", out.onlyThese);
        return;
    }
    // {from: [...], to: [...]}: "nothing else reaches shop/db".
    checkKeys(node, kOnlyTheseKeys, "onlyThese");
    for (const bool from : {true, false}) {
        const YAML::Node list = child(node, from ? "from" : "to");
        if (!present(list))
            continue;
        std::vector<YAML::Node> items = listOrOne(list);
        for (const YAML::Node &item : items) {
            std::string text;
            if (!scalar(item, from ? "onlyThese.from" : "onlyThese.to", text))
                continue;
            const size_t slash = text.find('/');
            if (slash == std::string::npos) {
                if (!KubernetesNames::checkDnsLabel(text).empty()) {
                    report(Severity::Error, item,
                           "\"" + text + "\" is not a namespace or NAMESPACE/NAME workload");
                    continue;
                }
                mScopeNames.push_back({text, at(item)});
            } else if (!isEndpointText(text) || isExternalWord(text)) {
                report(Severity::Error, item,
                       "\"" + text + "\" is not a namespace or NAMESPACE/NAME workload");
                continue;
            } else {
                mEndpoints.push_back({step, text, at(item)});
            }
            (from ? out.onlyFrom : out.onlyTo).push_back(text);
        }
    }
    if (out.onlyFrom.empty() && out.onlyTo.empty()) {
        report(Severity::Error, node,
               "onlyThese as a map needs \"from\" or \"to\": namespaces or NAMESPACE/NAME "
               "workloads, e.g. {to: [shop/db]}");
        return;
    }
    out.onlyThese = true;
}

void LabLoader::readStep(const YAML::Node &node, const Lab &lab, LabStep &step)
{
    checkKeys(node, kStepKeys, "a step");
    if (readText(node, "id", "a step", true, step.id)) {
        const YAML::Node idNode = child(node, "id");
        if (!isStepId(step.id))
            report(Severity::Error, idNode,
                   "step id \"" + step.id + "\" must be lower-case letters, digits and '-' (not "
                                            "only digits), at most 63 characters");
        for (const LabStep &earlier : lab.steps)
            if (earlier.id == step.id)
                report(Severity::Error, idNode, "two steps have the id \"" + step.id + '"');
    }
    readText(node, "title", "a step", true, step.title);
    readText(node, "goal", "a step", true, step.goal);
    readText(node, "text", "a step", false, step.text);
    readText(node, "concept", "a step", false, step.conceptText);
    readStrings(child(node, "hints"), "a hint", step.hints);
    readFiles(child(node, "adds"), "adds", step.adds);
    readFiles(child(node, "solution"), "solution", step.solution);
    const size_t index = lab.steps.size();
    readRequirements(child(node, "mustAllow"), Expectation::Allow, index, step);
    readRequirements(child(node, "mustDeny"), Expectation::Deny, index, step);
    if (const YAML::Node only = child(node, "onlyThese"); present(only))
        readOnlyThese(only, index, step);
    if (const YAML::Node observe = child(node, "observation"); present(observe))
        readBool(observe, "observation", step.observation);
    readProbes(child(node, "probes"), step.probes);
    readScope(child(node, "scope"), step.scope);
    step.mistakes = allMistakeKinds();
    if (const YAML::Node m = child(node, "mistakes"); m.IsDefined())
        readMistakes(m, step.mistakes);
}

bool LabLoader::readLab(const YAML::Node &root, Lab &lab)
{
    mObjectLocation = at(root);
    if (!root.IsMap()) {
        report(Severity::Error, root,
               std::string("a lab file is a map (kind: Lab, title, cluster, steps), found ") +
                   YamlNodes::typeName(root));
        return false;
    }
    std::string kind;
    if (!readText(root, "kind", "a lab file", true, kind))
        return false;
    if (kind != "Lab") {
        report(Severity::Error, child(root, "kind"),
               "not a netfence lab: kind is \"" + kind + "\", a lab has kind: Lab");
        return false;
    }
    checkKeys(root, kLabKeys, "the lab");
    std::string apiVersion;
    if (readText(root, "apiVersion", "the lab", false, apiVersion) && apiVersion != kApiVersion)
        report(Severity::Error, child(root, "apiVersion"),
               "apiVersion \"" + apiVersion + "\" is not supported; write " + kApiVersion);
    if (!readText(root, "id", "the lab", false, lab.id))
        lab.id = fs::path(mFile).stem().stem().string();
    readText(root, "title", "the lab", true, lab.title);
    readText(root, "description", "the lab", false, lab.description);
    const YAML::Node cluster = child(root, "cluster");
    if (!present(cluster))
        report(Severity::Error, mObjectLocation,
               "the lab needs \"cluster\": the manifests of its starting cluster");
    readFiles(cluster, "cluster", lab.cluster);
    readProbes(child(root, "probes"), mLabProbes);
    readScope(child(root, "scope"), mLabScope);

    const YAML::Node steps = child(root, "steps");
    if (!present(steps) || !steps.IsSequence() || steps.size() == 0) {
        report(Severity::Error, present(steps) ? at(steps) : mObjectLocation,
               "the lab needs \"steps\": a list of at least one step");
        return true;
    }
    // Every id up front, so that keepOpen can tell a later step from an unknown one.
    for (YAML::const_iterator it = steps.begin(); it != steps.end(); ++it) {
        const YAML::Node id = child(*it, "id");
        if (present(id) && id.IsScalar())
            mStepIds.push_back(id.Scalar());
    }
    for (YAML::const_iterator it = steps.begin(); it != steps.end(); ++it) {
        const YAML::Node node = *it;
        if (!budget(node))
            break;
        const size_t index = lab.steps.size();
        mObjectName = "step " + std::to_string(index + 1);
        if (!node.IsMap()) {
            report(Severity::Error, node, std::string("a step must be a map, found ") + YamlNodes::typeName(node));
            lab.steps.emplace_back().location = at(node);
            continue;
        }
        const SourceLocation parent = mObjectLocation;
        mObjectLocation = at(node);
        LabStep step;
        step.location = at(node);
        readStep(node, lab, step);
        if (!step.id.empty())
            mObjectName += " (" + step.id + ')';
        lab.steps.push_back(std::move(step));
        if (const YAML::Node keep = child(node, "keepOpen"); present(keep))
            keepOpen(keep, index, lab, false);
        if (const YAML::Node keep = child(node, "keep"); present(keep))
            keepOpen(keep, index, lab, true);
        finishStep(lab.steps.back());
        mObjectLocation = parent;
    }
    mObjectName.clear();
    checkAgainstClusters(lab);
    return true;
}

void LabLoader::checkAgainstClusters(Lab &lab)
{
    if (lab.steps.empty())
        return;
    std::set<std::string> seen;
    std::set<std::string> namespaces;
    for (size_t k = 0; k < lab.steps.size(); ++k) {
        const LoadResult r = lab.buildCluster(k, k + 1);
        for (const Diagnostic &d : r.diagnostics)
            if (seen.insert(d.toString()).second)
                mDiagnostics.push_back(d);
        std::vector<std::string> names;
        for (const Workload &w : r.cluster.workloads) {
            names.push_back(w.qualifiedName());
            namespaces.insert(w.namespaceName);
        }
        for (const Namespace &ns : r.cluster.namespaces)
            namespaces.insert(ns.name);
        mObjectName = "step " + std::to_string(k + 1) + " (" + lab.steps[k].id + ')';
        for (const EndpointRef &e : mEndpoints) {
            if (e.step != k || findLabEndpoint(r.cluster, e.text))
                continue;
            const std::string guess = Spelling::closest(e.text, names);
            report(Severity::Error, e.location,
                   "unknown endpoint \"" + e.text + "\": no pod or workload of that name in the "
                   "cluster of this step" +
                       (guess.empty() ? std::string() : "; did you mean \"" + guess + "\"?"));
        }
    }
    mObjectName.clear();
    for (const auto &[name, where] : mScopeNames)
        if (!namespaces.count(name))
            report(Severity::Warning, where,
                   "scope names namespace \"" + name + "\", which no step of the lab has");
}

// ---- connectivity tests (docs/ci.md): one step's requirements, checked in a pipeline ----

namespace {

const std::vector<std::string> kConnectivityTestKeys{
    "apiVersion", "kind", "metadata", "description", "probes",
    "scope",      "mustAllow", "mustDeny", "onlyThese"};

} // namespace

LabLoadResult LabLoader::loadConnectivityTest(std::string_view text, const std::string &fileName)
{
    static const FileReader noFiles = [](const std::string &) {
        return std::optional<std::string>();
    };
    LabLoader loader(fileName, noFiles);
    LabLoadResult result;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
        if (documents.empty() || !present(documents[0])) {
            loader.report(Severity::Error, SourceLocation{fileName, 1, 1},
                          "the connectivity test is empty; it needs kind: ConnectivityTest and "
                          "mustAllow, mustDeny or onlyThese");
        } else {
            if (documents.size() > 1)
                loader.report(Severity::Warning, documents[1],
                              "only the first YAML document of a connectivity test is read");
            Lab lab;
            lab.path = fileName;
            if (loader.readConnectivityTest(documents[0], lab))
                result.lab = std::move(lab);
        }
    } catch (const YAML::Exception &e) {
        loader.report(Severity::Error,
                      SourceLocation{fileName, e.mark.is_null() ? 0 : e.mark.line + 1,
                                     e.mark.is_null() ? 0 : e.mark.column + 1},
                      "YAML syntax error: " + e.msg);
    } catch (const std::exception &e) {
        loader.report(Severity::Error, SourceLocation{fileName, 0, 0},
                      std::string("cannot read the connectivity test: ") + e.what());
    }
    result.diagnostics = std::move(loader.mCollected);
    return result;
}

bool LabLoader::readConnectivityTest(const YAML::Node &root, Lab &lab)
{
    mObjectLocation = at(root);
    if (!root.IsMap()) {
        report(Severity::Error, root,
               std::string("a connectivity test is a map (kind: ConnectivityTest, mustAllow, "
                           "...), found ") +
                   YamlNodes::typeName(root));
        return false;
    }
    std::string kind;
    if (!readText(root, "kind", "a connectivity test", true, kind))
        return false;
    if (kind != "ConnectivityTest") {
        report(Severity::Error, child(root, "kind"),
               "not a connectivity test: kind is \"" + kind + "\", a test has kind: ConnectivityTest");
        return false;
    }
    checkKeys(root, kConnectivityTestKeys, "the connectivity test");
    std::string apiVersion;
    if (readText(root, "apiVersion", "the connectivity test", true, apiVersion) &&
        apiVersion != kApiVersion)
        report(Severity::Error, child(root, "apiVersion"),
               "apiVersion \"" + apiVersion + "\" is not supported; write " + kApiVersion);
    lab.id = fs::path(mFile).stem().string();
    if (const YAML::Node metadata = child(root, "metadata"); present(metadata)) {
        if (!metadata.IsMap())
            report(Severity::Error, metadata,
                   std::string("metadata must be a map (name: ...), found ") +
                       YamlNodes::typeName(metadata));
        else {
            checkKeys(metadata, {"name"}, "metadata");
            readText(metadata, "name", "metadata", false, lab.id);
        }
    }
    readText(root, "description", "the connectivity test", false, lab.description);
    lab.title = lab.id;
    LabStep step;
    step.location = at(root);
    step.id = lab.id;
    step.title = lab.id;
    step.goal = lab.description;
    readRequirements(child(root, "mustAllow"), Expectation::Allow, 0, step);
    readRequirements(child(root, "mustDeny"), Expectation::Deny, 0, step);
    if (const YAML::Node only = child(root, "onlyThese"); present(only))
        readBool(only, "onlyThese", step.onlyThese);
    readProbes(child(root, "probes"), step.probes);
    readScope(child(root, "scope"), step.scope);
    step.mistakes = allMistakeKinds();
    lab.steps.push_back(std::move(step));
    finishStep(lab.steps.back());
    return true;
}

} // namespace netfence::core
