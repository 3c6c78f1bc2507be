#include "core/manifestloader.h"

#include "core/labelindex.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace netfence::core {

namespace {

struct DocumentText
{
    int firstLine; // 0-based line of the document's first line in the file
    std::string_view text;
};

// Splits a stream at "---" markers so that one broken document cannot take the others down.
// A line starting with "---" plus blank or end is always a document marker in YAML.
std::vector<DocumentText> splitDocuments(std::string_view text)
{
    std::vector<DocumentText> out;
    size_t start = 0;
    int startLine = 0;
    int line = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        std::string_view l = text.substr(pos, eol - pos);
        const bool marker = l.size() >= 3 && l.substr(0, 3) == "---" &&
                            (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
        if (marker && pos > start) {
            out.push_back({startLine, text.substr(start, pos - start)});
            start = pos;
            startLine = line;
        }
        pos = eol + 1;
        ++line;
    }
    if (start < text.size())
        out.push_back({startLine, text.substr(start)});
    return out;
}

bool isManifestFile(const fs::path &path)
{
    const std::string name = path.filename().string();
    const std::string sideFile = ".netfence-layout.json"; // the editor's node positions
    if (name.size() >= sideFile.size() && name.compare(name.size() - sideFile.size(), sideFile.size(), sideFile) == 0)
        return false;
    const std::string ext = path.extension().string();
    return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

std::string groupKey(const std::string &ns, const std::string &name, const std::string &kind)
{
    return ns + '\x1f' + name + '\x1f' + kind;
}

// The pod selectors that can see pods of each namespace, each with the policy it belongs to,
// in policy order. Built once, when the first owner with several pods needs it: asking every
// policy once per owner is quadratic on large clusters.
class SelectorsSeeing
{
public:
    using List = std::vector<std::pair<const LabelSelector *, const NetworkPolicy *>>;

    explicit SelectorsSeeing(const Cluster &cluster) : mCluster(cluster) {}

    const List &of(const std::string &ns)
    {
        if (!mBuilt)
            build();
        static const List none;
        auto it = mByNamespace.find(ns);
        return it == mByNamespace.end() ? none : it->second;
    }

private:
    void build()
    {
        mBuilt = true;
        LabelIndex index;
        std::vector<const Namespace *> namespaces;
        std::unordered_set<std::string> seen;
        for (const Namespace &ns : mCluster.namespaces)
            if (seen.insert(ns.name).second) { // the first of a name wins, as in findNamespace
                index.add(static_cast<std::uint32_t>(namespaces.size()), ns.labels);
                namespaces.push_back(&ns);
            }
        std::unordered_map<std::string, std::vector<std::uint32_t>> matching; // by selector
        auto reached = [&](const LabelSelector &s) -> const std::vector<std::uint32_t> & {
            std::string key = s.toString();
            for (const LabelSelectorRequirement &r : s.matchExpressions)
                key += '\0' + std::to_string(r.values.size()); // toString alone may be ambiguous
            auto [it, inserted] = matching.try_emplace(key);
            if (inserted) {
                const auto candidates = index.candidates(s);
                const size_t n = candidates ? candidates->size() : namespaces.size();
                for (size_t i = 0; i < n; ++i) {
                    const std::uint32_t id = candidates ? (*candidates)[i] : static_cast<std::uint32_t>(i);
                    if (s.matches(namespaces[id]->labels))
                        it->second.push_back(id);
                }
            }
            return it->second;
        };
        for (const NetworkPolicy &policy : mCluster.policies) {
            mByNamespace[policy.namespaceName].push_back({&policy.podSelector, &policy});
            for (const auto *rules : {&policy.ingress, &policy.egress})
                for (const NetworkPolicyRule &rule : *rules)
                    for (const NetworkPolicyPeer &peer : rule.peers) {
                        if (!peer.podSelector)
                            continue;
                        if (!peer.namespaceSelector) {
                            mByNamespace[policy.namespaceName].push_back({&*peer.podSelector, &policy});
                            continue;
                        }
                        for (std::uint32_t id : reached(*peer.namespaceSelector))
                            mByNamespace[namespaces[id]->name].push_back({&*peer.podSelector, &policy});
                    }
        }
    }

    const Cluster &mCluster;
    bool mBuilt = false;
    std::unordered_map<std::string, List> mByNamespace;
};

std::vector<const IPBlock *> allIPBlocks(const Cluster &cluster)
{
    std::vector<const IPBlock *> out;
    for (const NetworkPolicy &policy : cluster.policies)
        for (const auto *rules : {&policy.ingress, &policy.egress})
            for (const NetworkPolicyRule &rule : *rules)
                for (const NetworkPolicyPeer &peer : rule.peers)
                    if (peer.ipBlock)
                        out.push_back(&*peer.ipBlock);
    return out;
}

std::string describeLabels(const Labels &labels)
{
    std::string out;
    for (const auto &[k, v] : labels)
        out += (out.empty() ? "" : ",") + k + '=' + v;
    return out.empty() ? "no labels" : out;
}

} // namespace

struct ManifestLoader::Source
{
    enum Kind
    {
        File,
        Text,
        Problem
    };
    Kind kind = File;
    std::string name; // the path, or the name diagnostics give a text
    std::string text;
    Diagnostic problem;
};

namespace {

// What one file or text gave; joined in the order they were added.
struct Parsed
{
    ManifestObjects objects;
    std::vector<Diagnostic> diagnostics;
    int files = 0;
    int documents = 0;
};

// The offset of the first byte that is not part of valid UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos. kubectl refuses such text too.
size_t invalidUtf8(std::string_view s)
{
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t length = 0;
        uint32_t code = 0;
        if ((c & 0xE0) == 0xC0)
            length = 2, code = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            length = 3, code = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            length = 4, code = c & 0x07;
        else
            return i;
        if (i + length > s.size())
            return i;
        for (size_t k = 1; k < length; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80)
                return i;
            code = (code << 6) | (d & 0x3F);
        }
        if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return i;
        i += length;
    }
    return std::string_view::npos;
}

// 1-based line and column of a byte offset.
std::pair<int, int> lineAndColumn(std::string_view text, size_t offset)
{
    const std::string_view before = text.substr(0, offset);
    const size_t lineStart = before.rfind('\n');
    return {static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1,
            static_cast<int>(lineStart == std::string_view::npos ? offset : offset - lineStart - 1) + 1};
}

void parseText(std::string_view text, const std::string &fileName,
               const ManifestLoader::Limits &limits, Parsed &out)
{
    ++out.files;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    if (text.size() >= 2 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")) {
        out.diagnostics.push_back({Severity::Error, {fileName, 1, 1}, {},
                                   "the file is UTF-16 text; netfence reads UTF-8, as kubectl "
                                   "writes it: save it as UTF-8; it is skipped"});
        return;
    }
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
        const auto [line, column] = lineAndColumn(text, nul);
        out.diagnostics.push_back({Severity::Error, {fileName, line, column}, {},
                                   "the file is binary (it holds a NUL byte), not YAML or JSON; "
                                   "it is skipped"});
        return;
    }
    // Past the limit, problems are only counted: a million bad keys must not give a million lines.
    size_t dropped = 0, droppedErrors = 0;
    auto add = [&](Diagnostic d) {
        if (out.diagnostics.size() < limits.maxDiagnosticsPerFile) {
            out.diagnostics.push_back(std::move(d));
            return;
        }
        ++dropped;
        droppedErrors += d.severity == Severity::Error;
    };
    for (const DocumentText &doc : splitDocuments(text)) {
        if (const size_t bad = invalidUtf8(doc.text); bad != std::string_view::npos) {
            const auto [line, column] = lineAndColumn(doc.text, bad);
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(doc.text[bad]));
            add({Severity::Error, {fileName, doc.firstLine + line, column}, {},
                 std::string("the document is not UTF-8 text (byte ") + byte +
                     "); the document is skipped"});
            continue;
        }
        // The parser's mark, kept inside the document: at the end of a stream it points past it.
        const int lastLine = doc.firstLine + static_cast<int>(std::count(doc.text.begin(), doc.text.end(), '\n')) +
                             (doc.text.empty() || doc.text.back() != '\n' ? 1 : 0);
        auto where = [&](const YAML::Mark &mark) {
            if (mark.is_null() || mark.line < 0)
                return SourceLocation{fileName, doc.firstLine + 1, 0};
            const int line = mark.line + 1 + doc.firstLine;
            return line > lastLine ? SourceLocation{fileName, std::max(lastLine, doc.firstLine + 1), 0}
                                   : SourceLocation{fileName, line, mark.column + 1};
        };
        YAML::Node node;
        try {
            node = YAML::Load(std::string(doc.text));
        } catch (const YAML::DeepRecursion &e) {
            add({Severity::Error, where(e.mark), {},
                 "YAML nesting is deeper than " + std::to_string(e.depth()) +
                     " levels; the document is skipped"});
            continue;
        } catch (const YAML::Exception &e) {
            add({Severity::Error, where(e.mark), {},
                 "YAML syntax error: " + e.msg + "; the document is skipped"});
            continue;
        }
        ++out.documents;
        ObjectReader reader(fileName, doc.firstLine, out.objects, out.diagnostics);
        // Without aliases a reader visits fewer nodes than the text has bytes.
        reader.setLimits(10000 + 8 * doc.text.size(), limits.maxDiagnosticsPerFile);
        reader.readDocument(node);
        dropped += reader.droppedDiagnostics();
        droppedErrors += reader.droppedErrors();
    }
    if (dropped > 0) {
        const SourceLocation last = out.diagnostics.back().location;
        out.diagnostics.push_back(
            {droppedErrors ? Severity::Error : Severity::Warning, last, {},
             std::to_string(dropped) + " more problems in this file (" +
                 std::to_string(droppedErrors) + " errors) are not listed: only the first " +
                 std::to_string(limits.maxDiagnosticsPerFile) + " are"});
    }
}

void parseFile(const std::string &path, const ManifestLoader::Limits &limits, Parsed &out)
{
    const std::uintmax_t maxBytes = limits.maxFileBytes;
    std::vector<Diagnostic> &diags = out.diagnostics;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        diags.push_back({Severity::Error, {path, 0, 0}, {}, "cannot read: " + ec.message()});
        return;
    }
    if (size > maxBytes) {
        diags.push_back({Severity::Error,
                         {path, 0, 0},
                         {},
                         "the file is " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(maxBytes) +
                             "-byte limit; it is skipped (split it into several files)"});
        return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const std::string why = std::error_code(errno, std::generic_category()).message();
        diags.push_back({Severity::Error, {path, 0, 0}, {}, "cannot open the file for reading: " + why});
        return;
    }
    std::string content;
    content.resize(static_cast<size_t>(size));
    in.read(content.data(), static_cast<std::streamsize>(size));
    content.resize(static_cast<size_t>(in.gcount()));
    if (in.bad()) {
        diags.push_back({Severity::Error, {path, 0, 0}, {}, "reading the file failed; it is skipped"});
        return;
    }
    parseText(content, path, limits, out);
}

template <typename T> void append(std::vector<T> &to, std::vector<T> &from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

} // namespace

ManifestLoader::ManifestLoader() = default;
ManifestLoader::ManifestLoader(Limits limits) : mLimits(limits) {}
ManifestLoader::~ManifestLoader() = default;

void ManifestLoader::addText(std::string_view text, const std::string &fileName)
{
    mSources.push_back({Source::Text, fileName, std::string(text), {}});
}

std::vector<std::string> ManifestLoader::manifestFiles(const std::string &folder,
                                                       std::vector<Diagnostic> &diagnostics,
                                                       std::size_t maxFiles)
{
    // One folder at a time from a stack, so that a folder that cannot be listed loses only
    // its own files. Symlinked folders are not followed: a symlink loop cannot trap the walk.
    std::vector<std::string> files;
    const size_t firstDiagnostic = diagnostics.size();
    std::vector<fs::path> pending{fs::path(folder)};
    while (!pending.empty() && files.size() <= maxFiles) {
        const fs::path dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
            const fs::directory_entry &entry = *it;
            std::error_code typeEc;
            const bool link = entry.is_symlink(typeEc);
            if (entry.is_directory(typeEc)) {
                if (!link)
                    pending.push_back(entry.path());
                continue;
            }
            if (!isManifestFile(entry.path()))
                continue;
            if (entry.is_regular_file(typeEc)) {
                files.push_back(entry.path().string());
                if (files.size() > maxFiles)
                    break;
                continue;
            }
            // A manifest's name on something unreadable: a dangling link, a loop, a device.
            std::error_code statusEc;
            (void)fs::status(entry.path(), statusEc);
            std::string why = statusEc ? "cannot read: " + statusEc.message() + "; it is skipped"
                                       : "not a regular file; it is skipped";
            diagnostics.push_back({Severity::Error, {entry.path().string(), 0, 0}, {}, std::move(why)});
        }
        if (ec)
            diagnostics.push_back({Severity::Error, {dir.string(), 0, 0}, {},
                                   "cannot list the folder: " + ec.message() +
                                       "; its files are not read"});
    }
    std::sort(files.begin(), files.end());
    // Listing order is the file system's; the report's must not be.
    std::stable_sort(diagnostics.begin() + static_cast<std::ptrdiff_t>(firstDiagnostic),
                     diagnostics.end(), [](const Diagnostic &a, const Diagnostic &b) {
                         return a.location.file < b.location.file;
                     });
    return files;
}

void ManifestLoader::addPath(const std::string &path)
{
    auto problem = [this](Diagnostic d) { mSources.push_back({Source::Problem, {}, {}, std::move(d)}); };
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        problem({Severity::Error, {path, 0, 0}, {}, "cannot read: " + ec.message()});
        return;
    }
    if (ec || !fs::exists(status)) {
        problem({Severity::Error, {path, 0, 0}, {}, "no such file or folder"});
        return;
    }
    if (!fs::is_directory(status)) {
        mSources.push_back({Source::File, path, {}, {}});
        return;
    }
    std::vector<Diagnostic> listing;
    const std::vector<std::string> files = manifestFiles(path, listing, mLimits.maxFiles);
    for (Diagnostic &d : listing)
        problem(std::move(d));
    if (files.size() > mLimits.maxFiles) {
        problem({Severity::Error,
                 {path, 0, 0},
                 {},
                 "the folder holds more than " + std::to_string(mLimits.maxFiles) +
                     " manifest files, the limit; none was read (open its subfolders instead)"});
        return;
    }
    for (const std::string &file : files)
        mSources.push_back({Source::File, file, {}, {}});
}

void ManifestLoader::parseSources()
{
    // yaml-cpp parsers share nothing, so files are parsed on several threads; each gives
    // its own objects and diagnostics, joined below in the order they were added.
    std::vector<Parsed> parsed(mSources.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i; (i = next.fetch_add(1)) < mSources.size();) {
            const Source &s = mSources[i];
            if (s.kind == Source::File)
                parseFile(s.name, mLimits, parsed[i]);
            else if (s.kind == Source::Text)
                parseText(s.text, s.name, mLimits, parsed[i]);
            else
                parsed[i].diagnostics.push_back(s.problem);
        }
    };
    unsigned threads = mLimits.threads ? mLimits.threads : std::thread::hardware_concurrency();
    threads = static_cast<unsigned>(std::min<size_t>(std::max(threads, 1u), mSources.size()));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    mSources.clear();

    for (Parsed &p : parsed) {
        append(mDiagnostics, p.diagnostics);
        append(mObjects.namespaces, p.objects.namespaces);
        append(mObjects.endpoints, p.objects.endpoints);
        append(mObjects.services, p.objects.services);
        append(mObjects.policies, p.objects.policies);
        for (const auto &[kind, count] : p.objects.skippedKinds)
            mObjects.skippedKinds[kind] += count;
        mObjects.objects += p.objects.objects;
        mFiles += p.files;
        mDocuments += p.documents;
        p = {};
    }
}

LoadResult ManifestLoader::finish()
{
    parseSources();
    LoadResult result;
    Cluster &cluster = result.cluster;
    std::vector<Diagnostic> &diags = mDiagnostics;

    // Namespaces by name: a linear search per workload is quadratic at 25,000 namespaces.
    std::unordered_set<std::string> namespaceNames;
    for (Namespace &ns : mObjects.namespaces) {
        if (!namespaceNames.insert(ns.name).second) {
            diags.push_back({Severity::Warning, ns.location, "Namespace " + ns.name,
                             "the namespace is defined more than once; the first definition wins"});
            continue;
        }
        cluster.namespaces.push_back(std::move(ns));
    }
    auto ensureNamespace = [&](const std::string &name) {
        if (!namespaceNames.insert(name).second)
            return;
        Namespace ns;
        ns.name = name;
        ns.labels[kNamespaceNameLabel] = name;
        cluster.namespaces.push_back(std::move(ns));
    };

    // Policies: a second policy of the same name in a namespace is refused, as by the API.
    std::set<std::string> policyNames;
    for (NetworkPolicy &policy : mObjects.policies) {
        if (!policyNames.insert(policy.qualifiedName()).second) {
            diags.push_back({Severity::Error, policy.location,
                             "NetworkPolicy " + policy.qualifiedName(),
                             "a NetworkPolicy named \"" + policy.name +
                                 "\" already exists in namespace " + policy.namespaceName +
                                 "; this duplicate is ignored"});
            continue;
        }
        cluster.policies.push_back(std::move(policy));
    }

    // Group pods with their owner; a workload object and its pods share one key.
    std::map<std::string, size_t> groupIndex;
    std::vector<std::vector<EndpointObject *>> groups;
    for (EndpointObject &e : mObjects.endpoints) {
        const Workload &w = e.workload;
        const std::string key =
            e.ownerName.empty()
                ? groupKey(w.namespaceName, w.name, w.kind)
                : groupKey(w.namespaceName, e.ownerName, e.ownerKind.empty() ? "Pod" : e.ownerKind);
        auto [it, inserted] = groupIndex.emplace(key, groups.size());
        if (inserted)
            groups.emplace_back();
        else if (e.ownerName.empty())
            diags.push_back({Severity::Warning, w.location, w.kind + ' ' + w.qualifiedName(),
                             "an object of this kind and name is already defined; both are "
                             "shown as one endpoint"});
        groups[it->second].push_back(&e);
    }

    for (const auto &group : groups)
        ensureNamespace(group.front()->workload.namespaceName);
    for (const Service &s : mObjects.services)
        ensureNamespace(s.namespaceName);
    for (const NetworkPolicy &p : cluster.policies)
        ensureNamespace(p.namespaceName);

    const std::vector<const IPBlock *> ipBlocks = allIPBlocks(cluster);
    SelectorsSeeing selectorsSeeing(cluster);
    for (const auto &group : groups) {
        const EndpointObject &first = *group.front();
        bool split = false;
        if (group.size() > 1) {
            const std::string ns = first.workload.namespaceName;
            const std::string owner =
                ns + '/' + (first.ownerName.empty() ? first.workload.name : first.ownerName);
            for (const auto &seeing : selectorsSeeing.of(ns)) {
                // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
                const LabelSelector *selector = seeing.first;
                const NetworkPolicy *policy = seeing.second;
                const bool firstMatch = selector->matches(first.workload.labels);
                auto other = std::find_if(group.begin() + 1, group.end(), [&](auto *e) {
                    return selector->matches(e->workload.labels) != firstMatch;
                });
                if (other == group.end())
                    continue;
                const Workload &o = (*other)->workload;
                diags.push_back(
                    {Severity::Error, o.location, "Pod " + o.qualifiedName(),
                     "pods of one owner (" + owner + ") have labels that the selector \"" +
                         selector->toString() + "\" of NetworkPolicy " + policy->qualifiedName() +
                         " tells apart (" + first.workload.name + ": " +
                         describeLabels(first.workload.labels) + "; " + o.name + ": " +
                         describeLabels(o.labels) + "); each pod is shown on its own"});
                split = true;
                break;
            }
            for (const IPBlock *block : ipBlocks) {
                if (split)
                    break;
                auto inBlock = [block](const Workload &w) {
                    return std::any_of(w.ips.begin(), w.ips.end(),
                                       [block](const IPAddress &ip) { return block->contains(ip); });
                };
                const bool firstIn = inBlock(first.workload);
                auto other = std::find_if(group.begin() + 1, group.end(),
                                          [&](auto *e) { return inBlock(e->workload) != firstIn; });
                if (other == group.end())
                    continue;
                const Workload &o = (*other)->workload;
                diags.push_back({Severity::Warning, o.location, "Pod " + o.qualifiedName(),
                                 "pods of one owner (" + owner + ") have IPs that ipBlock " +
                                     block->cidr + " tells apart; each pod is shown on its own"});
                split = true;
            }
        }
        if (split) {
            for (EndpointObject *e : group) {
                Workload w = e->workload;
                if (w.podNames.empty())
                    continue; // a workload object without pods of its own
                cluster.workloads.push_back(std::move(w));
            }
            continue;
        }
        Workload merged = first.workload;
        if (!first.ownerName.empty()) {
            merged.name = first.ownerName;
            merged.kind = first.ownerKind.empty() ? "Pod" : first.ownerKind;
        }
        for (size_t i = 1; i < group.size(); ++i) {
            const Workload &w = group[i]->workload;
            for (const IPAddress &ip : w.ips)
                if (std::find(merged.ips.begin(), merged.ips.end(), ip) == merged.ips.end())
                    merged.ips.push_back(ip);
            merged.podNames.insert(merged.podNames.end(), w.podNames.begin(), w.podNames.end());
            merged.hostNetwork = merged.hostNetwork || w.hostNetwork;
        }
        cluster.workloads.push_back(std::move(merged));
    }
    cluster.services = std::move(mObjects.services);

    result.diagnostics = std::move(mDiagnostics);
    result.skippedKinds = std::move(mObjects.skippedKinds);
    result.files = mFiles;
    result.documents = mDocuments;
    result.objects = mObjects.objects;
    mObjects = {};
    mDiagnostics.clear();
    mFiles = mDocuments = 0;
    return result;
}

LoadResult ManifestLoader::load(const std::vector<std::string> &paths)
{
    ManifestLoader loader;
    for (const std::string &p : paths)
        loader.addPath(p);
    return loader.finish();
}

LoadResult ManifestLoader::loadText(std::string_view text, const std::string &fileName)
{
    ManifestLoader loader;
    loader.addText(text, fileName);
    return loader.finish();
}

} // namespace netfence::core
