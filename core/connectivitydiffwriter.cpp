#include "core/connectivitydiffwriter.h"

#include "core/jsonwriter.h"

#include <algorithm>
#include <array>
#include <map>

namespace netfence::core {

std::optional<DiffFormat> parseDiffFormat(const std::string &name)
{
    static const std::map<std::string, DiffFormat> formats{{"txt", DiffFormat::Txt},
                                                           {"csv", DiffFormat::Csv},
                                                           {"md", DiffFormat::Md},
                                                           {"json", DiffFormat::Json}};
    auto it = formats.find(name);
    if (it == formats.end()) return std::nullopt;
    return it->second;
}

namespace ConnectivityDiffWriter {

namespace {

std::string connections(const ConnectionSet &set)
{
    return set.toString(); // "No Connections" when empty
}

// Go's encoding/csv: quotes a field holding a separator, a quote or a line break, or starting
// with white space; quotes inside are doubled.
std::string csvField(const std::string &s)
{
    const bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
                       (!s.empty() && (s[0] == ' ' || s[0] == '\t')) || s == "\\.";
    if (!quote) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

// A Markdown cell must not end the cell or the row.
std::string mdCell(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '\\') out += '\\';
        out += c == '\n' || c == '\r' ? ' ' : c;
    }
    return out;
}

std::array<std::string, 6> fields(const ConnectionChange &c)
{
    return {diffTypeName(c.type),  c.source.name,        c.destination.name,
            connections(c.before), connections(c.after), workloadsInfo(c)};
}

std::string line(DiffFormat format, const ConnectionChange &c, const std::string &before,
                 const std::string &after)
{
    const auto f = fields(c);
    switch (format) {
    case DiffFormat::Csv: {
        std::string out;
        for (size_t i = 0; i < f.size(); ++i)
            out += (i ? "," : "") + csvField(f[i]);
        return out;
    }
    case DiffFormat::Md: {
        std::string out = "|";
        for (const std::string &s : f)
            out += ' ' + mdCell(s) + " |";
        return out;
    }
    default: {
        std::string out = "diff-type: " + f[0] + ", source: " + f[1] + ", destination: " + f[2] +
                          ", " + before + ": " + f[3] + ", " + after + ": " + f[4];
        if (!f[5].empty()) out += ", workloads-diff-info: " + f[5];
        return out;
    }
    }
}

// netpol-analyzer's order: changed, added, removed, each sorted as whole lines; lines from
// the ingress controller follow in their own three groups.
std::vector<std::string> orderedLines(DiffFormat format, const ConnectivityDiff &diff,
                                      const std::string &before, const std::string &after)
{
    std::vector<std::string> groups[2][3];
    for (const ConnectionChange &c : diff.changes()) {
        const bool ingress = c.source.name == kIngressControllerName;
        groups[ingress][static_cast<int>(c.type)].push_back(line(format, c, before, after));
    }
    std::vector<std::string> out;
    for (auto &byType : groups)
        for (auto &group : byType) {
            std::sort(group.begin(), group.end());
            out.insert(out.end(), group.begin(), group.end());
        }
    return out;
}

std::string writeJson(const ConnectivityDiff &diff, const std::string &before,
                      const std::string &after)
{
    JsonWriter out;
    out.beginObject();
    out.key("before");
    out.value(before);
    out.key("after");
    out.value(after);
    out.key("changes");
    out.beginArray();
    for (const ConnectionChange &c : diff.changes()) {
        out.beginObject();
        out.key("type");
        out.value(diffTypeName(c.type));
        for (const auto &[key, peer] :
             {std::pair{"source", &c.source}, std::pair{"destination", &c.destination}}) {
            out.key(key);
            out.beginObject();
            out.key("name");
            out.value(peer->name);
            out.key("external");
            out.value(peer->isExternal());
            out.key(c.type == ConnectionChange::Type::Removed ? "removed" : "added");
            out.value(peer->newOrRemoved);
            out.endObject();
        }
        out.key("before");
        out.value(connections(c.before));
        out.key("after");
        out.value(connections(c.after));
        out.endObject();
    }
    out.endArray();
    out.endObject();
    return out.text() + '\n';
}

} // namespace

std::string workloadsInfo(const ConnectionChange &c)
{
    if (!c.source.newOrRemoved && !c.destination.newOrRemoved) return {};
    std::string out = "workload ";
    if (c.source.newOrRemoved) out += c.source.name;
    if (c.destination.newOrRemoved)
        out += (c.source.newOrRemoved ? " and " : "") + c.destination.name;
    return out + ' ' + diffTypeName(c.type);
}

std::string write(DiffFormat format, const ConnectivityDiff &diff, const std::string &before,
                  const std::string &after)
{
    if (format == DiffFormat::Json) return writeJson(diff, before, after);
    if (diff.isEmpty()) return {};
    const std::vector<std::string> lines = orderedLines(format, diff, before, after);
    std::string out;
    switch (format) {
    case DiffFormat::Csv:
        out = "diff-type,source,destination," + csvField(before) + ',' + csvField(after) +
              ",workloads-diff-info\n";
        for (const std::string &l : lines)
            out += l + '\n';
        return out;
    case DiffFormat::Md:
        out = "| diff-type | source | destination | " + mdCell(before) + " | " + mdCell(after) +
              " | workloads-diff-info |\n|-----------|--------|-------------|------|------|------"
              "---------------|";
        for (const std::string &l : lines)
            out += '\n' + l;
        return out; // no final newline, as upstream
    default:
        out = "Connectivity diff:\n";
        for (const std::string &l : lines)
            out += l + '\n';
        return out;
    }
}

} // namespace ConnectivityDiffWriter

} // namespace netfence::core
