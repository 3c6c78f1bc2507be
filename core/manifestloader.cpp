#include "core/manifestloader.h"

#include "core/clusterpolicychecks.h"

#include "core/labelindex.h"
#include "core/listitems.h"
#include "core/workerthreads.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <streambuf>
#include <system_error>
#include <map>
#include <mutex>
#include <new>
#include <sstream>
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
    // Each selector with the policy it belongs to ("NetworkPolicy ns/name").
    using List = std::vector<std::pair<const LabelSelector *, std::string>>;

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
            const std::string name = "NetworkPolicy " + policy.qualifiedName();
            mByNamespace[policy.namespaceName].push_back({&policy.podSelector, name});
            for (const auto *rules : {&policy.ingress, &policy.egress})
                for (const NetworkPolicyRule &rule : *rules)
                    for (const NetworkPolicyPeer &peer : rule.peers) {
                        if (!peer.podSelector)
                            continue;
                        if (!peer.namespaceSelector) {
                            mByNamespace[policy.namespaceName].push_back({&*peer.podSelector, name});
                            continue;
                        }
                        for (std::uint32_t id : reached(*peer.namespaceSelector))
                            mByNamespace[namespaces[id]->name].push_back({&*peer.podSelector, name});
                    }
        }
        // Cluster policies see pods through their subject and their `pods` peers.
        for (const ClusterNetworkPolicy &policy : mCluster.clusterPolicies) {
            const std::string name = policy.displayName();
            auto add = [&](const LabelSelector &namespacesSelector, const LabelSelector &pods) {
                for (std::uint32_t id : reached(namespacesSelector))
                    mByNamespace[namespaces[id]->name].push_back({&pods, name});
            };
            if (policy.subject.pods)
                add(policy.subject.podNamespaces, *policy.subject.pods);
            for (const auto *rules : {&policy.ingress, &policy.egress})
                for (const ClusterPolicyRule &rule : *rules)
                    for (const ClusterPolicyPeer &peer : rule.peers)
                        if (peer.pods && peer.podNamespaces)
                            add(*peer.podNamespaces, *peer.pods);
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

template <typename T> void append(std::vector<T> &to, std::vector<T> &from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// Fewer items than this per thread are not worth a thread.
constexpr size_t kItemsPerThread = 32;

// A stream over text in memory, so that a document is parsed without a copy of its text.
class MemoryStreamBuffer : public std::streambuf
{
public:
    explicit MemoryStreamBuffer(std::string_view text)
    {
        char *begin = const_cast<char *>(text.data()); // only ever read
        setg(begin, begin, begin + text.size());
    }
};

YAML::Node parseYaml(std::string_view text)
{
    MemoryStreamBuffer buffer(text);
    std::istream in(&buffer);
    return YAML::Load(in);
}

int countLines(std::string_view text)
{
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// Parses the documents of one file or text into `out`, reporting as it goes.
class TextParser
{
public:
    TextParser(const std::string &fileName, const ManifestLoader::Limits &limits, Parsed &out)
        : mFileName(fileName), mLimits(limits), mOut(out)
    {
    }

    void parse(std::string_view text);

private:
    // A parse error: where, what, and whether it is an alias to an anchor in another piece.
    struct ParseError
    {
        Diagnostic diagnostic;
        bool unknownAnchor = false;
    };
    enum class ListOutcome
    {
        Read,
        ReadWhole, // the pieces did not hold alone: parse the document whole
    };
    // What the output held before a document, to take back what a broken document gave.
    struct Snapshot
    {
        size_t namespaces, endpoints, services, policies, clusterPolicies, nodes, ingresses, diagnostics, dropped,
            droppedErrors;
        std::map<std::string, int> skippedKinds;
        int objects;
    };

    void add(Diagnostic d);
    // Reads one document; a document that cannot be decoded gives its error.
    std::optional<Diagnostic> readDocument(const DocumentText &doc);
    ListOutcome readList(const DocumentText &doc, const ListItems &list, std::optional<ParseError> &error);
    // Reads items [from, to) of a List; false at the first that does not parse alone.
    bool readItems(const DocumentText &doc, const ListItems &list, const std::string &kind, size_t from,
                   size_t to, std::optional<ParseError> &error);
    std::optional<ParseError> tryParse(std::string_view text, int firstLine, YAML::Node &node) const;
    SourceLocation where(const YAML::Mark &mark, int firstLine, std::string_view text) const;
    bool fits(std::string_view text) const;
    std::string tooBig(std::string_view text, const char *what) const;
    Snapshot snapshot() const;
    void restore(const Snapshot &s);

    const std::string &mFileName;
    const ManifestLoader::Limits &mLimits;
    Parsed &mOut;
    // Past the limit, problems are only counted: a million bad keys must not give a million lines.
    size_t mDropped = 0;
    size_t mDroppedErrors = 0;
};

void TextParser::add(Diagnostic d)
{
    if (mOut.diagnostics.size() < mLimits.maxDiagnosticsPerFile) {
        mOut.diagnostics.push_back(std::move(d));
        return;
    }
    ++mDropped;
    mDroppedErrors += d.severity == Severity::Error;
}

// The parser's mark in the file, kept inside the text: at the end of a stream it points past it.
SourceLocation TextParser::where(const YAML::Mark &mark, int firstLine, std::string_view text) const
{
    const int lastLine = firstLine + countLines(text) + (text.empty() || text.back() != '\n' ? 1 : 0);
    if (mark.is_null() || mark.line < 0)
        return SourceLocation{mFileName, firstLine + 1, 0};
    const int line = mark.line + 1 + firstLine;
    return line > lastLine ? SourceLocation{mFileName, std::max(lastLine, firstLine + 1), 0}
                           : SourceLocation{mFileName, line, mark.column + 1};
}

std::optional<TextParser::ParseError> TextParser::tryParse(std::string_view text, int firstLine,
                                                           YAML::Node &node) const
{
    try {
        node = parseYaml(text);
        return std::nullopt;
    } catch (const YAML::DeepRecursion &e) {
        return ParseError{{Severity::Error, where(e.mark, firstLine, text), {},
                           "YAML nesting is deeper than " + std::to_string(e.depth()) + " levels"},
                          false};
    } catch (const YAML::Exception &e) {
        return ParseError{{Severity::Error, where(e.mark, firstLine, text), {}, "YAML syntax error: " + e.msg},
                          e.msg.rfind(YAML::ErrorMsg::UNKNOWN_ANCHOR, 0) == 0};
    }
}

bool TextParser::fits(std::string_view text) const
{
    return ManifestLoader::parseCost(text) <= mLimits.memoryBudget;
}

std::string TextParser::tooBig(std::string_view text, const char *what) const
{
    return std::string(what) + " is " + std::to_string(text.size()) + " bytes: parsing it takes about " +
           std::to_string(ManifestLoader::parseCost(text) >> 20) +
           " MB, more than the memory budget for loading (" + std::to_string(mLimits.memoryBudget >> 20) +
           " MB); it is skipped";
}

TextParser::Snapshot TextParser::snapshot() const
{
    const ManifestObjects &o = mOut.objects;
    return {o.namespaces.size(), o.endpoints.size(), o.services.size(), o.policies.size(),
            o.clusterPolicies.size(), o.nodes.size(), o.ingresses.size(), mOut.diagnostics.size(), mDropped, mDroppedErrors, o.skippedKinds, o.objects};
}

void TextParser::restore(const Snapshot &s)
{
    ManifestObjects &o = mOut.objects;
    o.namespaces.resize(s.namespaces);
    o.endpoints.resize(s.endpoints);
    o.services.resize(s.services);
    o.policies.resize(s.policies);
    o.clusterPolicies.resize(s.clusterPolicies);
    o.nodes.resize(s.nodes);
    o.ingresses.resize(s.ingresses);
    o.skippedKinds = s.skippedKinds;
    o.objects = s.objects;
    mOut.diagnostics.resize(s.diagnostics);
    mDropped = s.dropped;
    mDroppedErrors = s.droppedErrors;
}

TextParser::ListOutcome TextParser::readList(const DocumentText &doc, const ListItems &list,
                                             std::optional<ParseError> &error)
{
    // The kind, from the mappings around the sequence ("kind: List" comes after the items in
    // kubectl's output). Anything unusual there is left to the whole parse.
    std::string kind = list.kind;
    for (const TextPiece &piece : list.rest) {
        YAML::Node node;
        if (!fits(piece.text))
            return ListOutcome::ReadWhole; // and the whole is refused by the budget too
        if ((error = tryParse(piece.text, doc.firstLine + piece.firstLine, node)))
            return ListOutcome::ReadWhole;
        if (!node.IsMap() && !node.IsNull())
            return ListOutcome::ReadWhole;
        const YAML::Node &constNode = node;
        const YAML::Node kindNode = constNode["kind"];
        if (!kindNode.IsDefined() || kindNode.IsNull())
            continue;
        if (!kind.empty() || !kindNode.IsScalar() || kindNode.Scalar().empty())
            return ListOutcome::ReadWhole;
        kind = kindNode.Scalar();
    }
    if (kind.size() < 4 || kind.compare(kind.size() - 4, 4, "List") != 0)
        return ListOutcome::ReadWhole;

    // Items are independent: a big List is read by several threads, each a run of items into
    // its own output, joined in order (the result does not depend on the thread count). Each
    // thread holds one item's parse tree at a time.
    const size_t count = list.items.size();
    size_t largest = 0;
    for (const TextPiece &item : list.items)
        largest = std::max(largest, item.text.size());
    const unsigned threads = WorkerThreads::count(
        mLimits.threads, static_cast<size_t>(std::min<std::uintmax_t>(
                             {count / kItemsPerThread,
                              mLimits.memoryBudget / (largest * ManifestLoader::kParseBytesPerTextByte + 1), 64})));
    if (threads == 1) {
        const Snapshot before = snapshot();
        if (!readItems(doc, list, kind, 0, count, error)) {
            restore(before);
            return ListOutcome::ReadWhole;
        }
        return ListOutcome::Read;
    }
    struct Run
    {
        Parsed out;
        std::optional<TextParser> parser;
        std::optional<ParseError> error;
        bool read = false;
        std::exception_ptr failure;
    };
    std::vector<Run> runs(threads);
    for (Run &run : runs)
        run.parser.emplace(mFileName, mLimits, run.out);
    WorkerThreads::run(threads, [&](unsigned r) {
        Run &run = runs[r];
        try {
            run.read = run.parser->readItems(doc, list, kind, count * r / threads, count * (r + 1) / threads,
                                             run.error);
        } catch (...) {
            run.failure = std::current_exception(); // std::bad_alloc, rethrown on this thread below
        }
    });
    for (Run &run : runs)
        if (run.failure)
            std::rethrow_exception(run.failure);
    for (Run &run : runs)
        if (!run.read) {
            error = std::move(run.error); // the first broken item, in document order
            return ListOutcome::ReadWhole;
        }
    for (Run &run : runs) {
        for (Diagnostic &d : run.out.diagnostics)
            add(std::move(d));
        mDropped += run.parser->mDropped;
        mDroppedErrors += run.parser->mDroppedErrors;
        ManifestObjects &from = run.out.objects, &to = mOut.objects;
        append(to.namespaces, from.namespaces);
        append(to.endpoints, from.endpoints);
        append(to.services, from.services);
        append(to.policies, from.policies);
        append(to.clusterPolicies, from.clusterPolicies);
        append(to.nodes, from.nodes);
        append(to.ingresses, from.ingresses);
        for (const auto &[kind, n] : from.skippedKinds)
            to.skippedKinds[kind] += n;
        to.objects += from.objects;
        run.out = {};
    }
    return ListOutcome::Read;
}

bool TextParser::readItems(const DocumentText &doc, const ListItems &list, const std::string &kind, size_t from,
                           size_t to, std::optional<ParseError> &error)
{
    for (size_t i = from; i < to; ++i) {
        const TextPiece &item = list.items[i];
        const int firstLine = doc.firstLine + item.firstLine;
        if (!fits(item.text)) {
            add({Severity::Error, {mFileName, firstLine + 1, 1}, {}, tooBig(item.text, "the List item")});
            continue;
        }
        // A YAML piece is a sequence of its one entry; a JSON piece is the item itself.
        YAML::Node piece;
        error = tryParse(item.text, firstLine, piece);
        if (error || (list.json ? !piece.IsMap() : !piece.IsSequence() || piece.size() != 1))
            return false;
        const YAML::Node &constPiece = piece;
        ObjectReader reader(mFileName, firstLine, mOut.objects, mOut.diagnostics);
        reader.setLimits(10000 + 8 * item.text.size(), mLimits.maxDiagnosticsPerFile);
        reader.readListItem(list.json ? constPiece : constPiece[0], kind);
        mDropped += reader.droppedDiagnostics();
        mDroppedErrors += reader.droppedErrors();
    }
    return true;
}

std::optional<Diagnostic> TextParser::readDocument(const DocumentText &doc)
{
    if (const size_t bad = invalidUtf8(doc.text); bad != std::string_view::npos) {
        const auto [line, column] = lineAndColumn(doc.text, bad);
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(doc.text[bad]));
        return Diagnostic{Severity::Error, {mFileName, doc.firstLine + line, column}, {},
                          std::string("the document is not UTF-8 text (byte ") + byte + ')'};
    }
    // A List as kubectl writes it is read one item at a time: a parse tree of the whole would
    // take about 40 times its text.
    std::optional<ParseError> listError;
    if (const std::optional<ListItems> list = ListItems::split(doc.text)) {
        if (readList(doc, *list, listError) == ListOutcome::Read) {
            ++mOut.documents;
            return std::nullopt;
        }
    }
    if (!fits(doc.text)) {
        if (listError && !listError->unknownAnchor)
            return listError->diagnostic; // the document cannot be decoded, whole or in pieces
        std::string why = tooBig(doc.text, "the document");
        if (listError)
            why += " (its List items share YAML anchors, so they cannot be parsed one at a time)";
        add({Severity::Error, {mFileName, doc.firstLine + 1, 1}, {}, std::move(why)});
        return std::nullopt;
    }
    YAML::Node node;
    if (std::optional<ParseError> error = tryParse(doc.text, doc.firstLine, node))
        return error->diagnostic;
    ++mOut.documents;
    ObjectReader reader(mFileName, doc.firstLine, mOut.objects, mOut.diagnostics);
    // Without aliases a reader visits fewer nodes than the text has bytes.
    reader.setLimits(10000 + 8 * doc.text.size(), mLimits.maxDiagnosticsPerFile);
    reader.readDocument(node);
    mDropped += reader.droppedDiagnostics();
    mDroppedErrors += reader.droppedErrors();
    return std::nullopt;
}

// Whether a document holds anything but blank lines, comments and markers.
bool hasContent(std::string_view text)
{
    for (size_t pos = 0; pos < text.size();) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.substr(0, 3) == "---" || line.substr(0, 3) == "...")
            line.remove_prefix(3);
        const size_t first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && line[first] != '#')
            return true;
    }
    return false;
}

void TextParser::parse(std::string_view text)
{
    ++mOut.files;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    if (text.size() >= 2 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")) {
        add({Severity::Error, {mFileName, 1, 1}, {},
             "the file is UTF-16 text; netfence reads UTF-8, as kubectl writes it: save it as UTF-8; "
             "it is skipped"});
        return;
    }
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
        const auto [line, column] = lineAndColumn(text, nul);
        add({Severity::Error, {mFileName, line, column}, {},
             "the file is binary (it holds a NUL byte), not YAML or JSON; it is skipped"});
        return;
    }
    const std::vector<DocumentText> documents = splitDocuments(text);
    for (size_t i = 0; i < documents.size(); ++i) {
        std::optional<Diagnostic> error = readDocument(documents[i]);
        if (!error)
            continue;
        // kubectl's decoder stops at the first document it cannot decode; so does netfence.
        const auto left = std::count_if(documents.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                        documents.end(),
                                        [](const DocumentText &d) { return hasContent(d.text); });
        error->message += "; reading stops here, as kubectl's does: this document ";
        error->message += left == 0 ? std::string("is skipped")
                                    : "and the " + std::to_string(left) + " document" + (left == 1 ? "" : "s") +
                                          " after it in the file are not read";
        add(std::move(*error));
        break;
    }
    if (mDropped > 0) {
        const SourceLocation last = mOut.diagnostics.back().location;
        mOut.diagnostics.push_back(
            {mDroppedErrors ? Severity::Error : Severity::Warning, last, {},
             std::to_string(mDropped) + " more problems in this file (" + std::to_string(mDroppedErrors) +
                 " errors) are not listed: only the first " + std::to_string(mLimits.maxDiagnosticsPerFile) +
                 " are"});
    }
}

void parseText(std::string_view text, const std::string &fileName, const ManifestLoader::Limits &limits,
               Parsed &out)
{
    TextParser(fileName, limits, out).parse(text);
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
    // its own objects and diagnostics, joined below in the order they were added. A file
    // starts only when its memory estimate fits beside those being parsed (or when none is).
    std::vector<Parsed> parsed(mSources.size());
    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::condition_variable released;
    std::uintmax_t reserved = 0;
    unsigned running = 0;
    auto estimate = [this](const Source &s) -> std::uintmax_t {
        std::error_code ec;
        const std::uintmax_t size = s.kind == Source::File ? fs::file_size(s.name, ec) : s.text.size();
        if (ec || s.kind == Source::Problem)
            return 0;
        // The text, and a parse tree of all of it at worst.
        const std::uintmax_t parse = std::min(size, mLimits.maxFileBytes) * (kParseBytesPerTextByte + 1);
        return std::min(parse, mLimits.memoryBudget);
    };
    auto work = [&](unsigned) {
        for (size_t i; (i = next.fetch_add(1)) < mSources.size();) {
            const Source &s = mSources[i];
            const std::uintmax_t cost = estimate(s);
            {
                std::unique_lock lock(mutex);
                released.wait(lock, [&] { return running == 0 || reserved + cost <= mLimits.memoryBudget; });
                reserved += cost;
                ++running;
            }
            try {
                if (s.kind == Source::File)
                    parseFile(s.name, mLimits, parsed[i]);
                else if (s.kind == Source::Text)
                    parseText(s.text, s.name, mLimits, parsed[i]);
                else
                    parsed[i].diagnostics.push_back(s.problem);
            } catch (const std::bad_alloc &) {
                parsed[i] = {}; // gives the memory back before reporting
                parsed[i].files = 1;
                parsed[i].diagnostics.push_back(
                    {Severity::Error, {s.name, 0, 0}, {},
                     "the machine ran out of memory while reading the file; it is skipped (the "
                     "memory budget for loading is " +
                         std::to_string(mLimits.memoryBudget >> 20) + " MB)"});
            }
            std::lock_guard lock(mutex);
            reserved -= cost;
            --running;
            released.notify_all();
        }
    };
    // A thread the system refuses (memory, a process limit) finds the queue empty: fewer do the work.
    WorkerThreads::run(WorkerThreads::count(mLimits.threads, mSources.size()), work);
    for (const Source &s : mSources)
        if (s.kind != Source::Problem && mFirstFile.empty())
            mFirstFile = s.name;
    mSources.clear();

    for (Parsed &p : parsed) {
        append(mDiagnostics, p.diagnostics);
        append(mObjects.namespaces, p.objects.namespaces);
        append(mObjects.endpoints, p.objects.endpoints);
        append(mObjects.services, p.objects.services);
        append(mObjects.policies, p.objects.policies);
        append(mObjects.clusterPolicies, p.objects.clusterPolicies);
        append(mObjects.nodes, p.objects.nodes);
        append(mObjects.ingresses, p.objects.ingresses);
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
    try {
        return join();
    } catch (const std::bad_alloc &) {
        // Past parsing no single file is to blame: nothing is loaded rather than a part.
        const int files = mFiles;
        mObjects = {};
        mDiagnostics.clear();
        mSources.clear();
        mFiles = mDocuments = 0;
        LoadResult result;
        result.files = files;
        result.diagnostics.push_back(
            {Severity::Error, {mFirstFile, 0, 0}, {},
             "the machine ran out of memory while joining the objects of " + std::to_string(files) +
                 " files (this one first); nothing is loaded (the memory budget for loading is " +
                 std::to_string(mLimits.memoryBudget >> 20) + " MB)"});
        mFirstFile.clear();
        return result;
    }
}

LoadResult ManifestLoader::join()
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

    // Policies: a namespace holds one policy of a name. `kubectl apply` of these files leaves
    // the last one applied, so the last definition replaces the earlier one in its place.
    std::unordered_map<std::string, size_t> policyIndex;
    for (NetworkPolicy &policy : mObjects.policies) {
        auto [it, inserted] = policyIndex.try_emplace(policy.qualifiedName(), cluster.policies.size());
        if (!inserted) {
            NetworkPolicy &earlier = cluster.policies[it->second];
            const SourceLocation &at = earlier.location;
            diags.push_back({Severity::Error, policy.location,
                             "NetworkPolicy " + policy.qualifiedName(),
                             "a NetworkPolicy named \"" + policy.name +
                                 "\" already exists in namespace " + policy.namespaceName + " (" +
                                 at.file + ':' + std::to_string(at.line) +
                                 "); this later one replaces it, as kubectl apply leaves the last"});
            earlier = std::move(policy);
            continue;
        }
        cluster.policies.push_back(std::move(policy));
    }

    ClusterPolicyChecks::join(mObjects.clusterPolicies, cluster.clusterPolicies, diags);
    cluster.nodes = std::move(mObjects.nodes);

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
                const std::string &policyName = seeing.second;
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
                         selector->toString() + "\" of " + policyName +
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
    ClusterPolicyChecks::checkOverlaps(cluster, diags);
    cluster.ingresses = std::move(mObjects.ingresses);

    result.diagnostics = std::move(mDiagnostics);
    result.skippedKinds = std::move(mObjects.skippedKinds);
    result.files = mFiles;
    result.documents = mDocuments;
    result.objects = mObjects.objects;
    mObjects = {};
    mDiagnostics.clear();
    mFiles = mDocuments = 0;
    mFirstFile.clear();
    return result;
}

std::uintmax_t ManifestLoader::parseCost(std::string_view text)
{
    // Each of these starts about one node; a flood of "1, " has ten times the nodes per byte
    // of kubectl's output, so the text's size alone would underestimate it.
    std::uintmax_t nodes = 0;
    for (const char c : text)
        nodes += c == '\n' || c == ',' || c == ':' || c == '[' || c == '{';
    return std::max(text.size() * kParseBytesPerTextByte, nodes * kParseBytesPerNode);
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
