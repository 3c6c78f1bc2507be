#include "core/lintwriter.h"

#include "core/jsonwriter.h"

#include <cctype>
#include <map>

namespace netfence::core {

std::optional<LintFormat> parseLintFormat(const std::string &name)
{
    static const std::map<std::string, LintFormat> formats{
        {"txt", LintFormat::Txt}, {"json", LintFormat::Json}, {"sarif", LintFormat::Sarif}};
    auto it = formats.find(name);
    if (it == formats.end()) return std::nullopt;
    return it->second;
}

namespace LintWriter {

namespace {

// Names from the input may hold anything: one line per finding stays one line.
std::string oneLine(const std::string &s)
{
    std::string out;
    for (char c : s)
        out += (c == '\n' || c == '\r') ? ' ' : c;
    return out;
}

std::string where(const SourceLocation &l)
{
    if (l.file.empty()) return "netfence";
    std::string out = oneLine(l.file);
    if (l.line > 0) out += ':' + std::to_string(l.line);
    if (l.line > 0 && l.column > 0) out += ':' + std::to_string(l.column);
    return out;
}

std::string writeTxt(const std::vector<LintFinding> &findings)
{
    std::string out;
    size_t counts[3] = {0, 0, 0};
    for (const LintFinding &f : findings) {
        ++counts[static_cast<int>(f.severity)];
        out += where(f.location) + ": " + lintSeverityName(f.severity) + " [" + f.id +
               "]: " + oneLine(f.why) + '\n';
        if (!f.objects.empty()) {
            out += "    objects: ";
            for (size_t i = 0; i < f.objects.size(); ++i)
                out += (i ? ", " : "") + oneLine(f.objects[i]);
            out += '\n';
        }
        if (!f.fix.empty()) out += "    fix: " + oneLine(f.fix) + '\n';
    }
    out += std::to_string(counts[2]) + " errors, " + std::to_string(counts[1]) + " warnings, " +
           std::to_string(counts[0]) + " notes\n";
    return out;
}

void location(JsonWriter &out, const SourceLocation &l)
{
    out.key("file");
    out.value(l.file);
    out.key("line");
    out.value(l.line);
    out.key("column");
    out.value(l.column);
}

std::string writeJson(const std::vector<LintFinding> &findings)
{
    JsonWriter out;
    out.beginArray();
    for (const LintFinding &f : findings) {
        out.beginObject();
        out.key("id");
        out.value(f.id);
        out.key("severity");
        out.value(lintSeverityName(f.severity));
        location(out, f.location);
        out.key("objects");
        out.beginArray();
        for (const std::string &o : f.objects)
            out.value(o);
        out.endArray();
        out.key("why");
        out.value(f.why);
        out.key("fix");
        out.value(f.fix);
        out.endObject();
    }
    out.endArray();
    return out.text() + '\n';
}

std::string writeSarif(const std::vector<LintFinding> &findings)
{
    const std::vector<LintRule> &rules = lintRules();
    JsonWriter out;
    out.beginObject();
    out.key("$schema");
    out.value("https://json.schemastore.org/sarif-2.1.0.json");
    out.key("version");
    out.value("2.1.0");
    out.key("runs");
    out.beginArray();
    out.beginObject();
    out.key("tool");
    out.beginObject();
    out.key("driver");
    out.beginObject();
    out.key("name");
    out.value("netfence");
    out.key("version");
    out.value(NETFENCE_VERSION);
    out.key("rules");
    out.beginArray();
    for (const LintRule &r : rules) {
        out.beginObject();
        out.key("id");
        out.value(r.id);
        out.key("shortDescription");
        out.beginObject();
        out.key("text");
        out.value(r.summary);
        out.endObject();
        out.key("defaultConfiguration");
        out.beginObject();
        out.key("level");
        out.value(lintSeverityName(r.severity));
        out.endObject();
        out.endObject();
    }
    out.endArray();
    out.endObject(); // driver
    out.endObject(); // tool
    out.key("columnKind");
    out.value("unicodeCodePoints");
    out.key("results");
    out.beginArray();
    for (const LintFinding &f : findings) {
        out.beginObject();
        out.key("ruleId");
        out.value(f.id);
        for (size_t i = 0; i < rules.size(); ++i)
            if (f.id == rules[i].id) {
                out.key("ruleIndex");
                out.value(i);
            }
        out.key("level");
        out.value(lintSeverityName(f.severity));
        out.key("message");
        out.beginObject();
        out.key("text");
        out.value(f.fix.empty() ? f.why : f.why + " Fix: " + f.fix);
        out.endObject();
        if (!f.location.file.empty()) {
            out.key("locations");
            out.beginArray();
            out.beginObject();
            out.key("physicalLocation");
            out.beginObject();
            out.key("artifactLocation");
            out.beginObject();
            out.key("uri");
            out.value(fileUri(f.location.file));
            out.endObject();
            if (f.location.line > 0) {
                out.key("region");
                out.beginObject();
                out.key("startLine");
                out.value(f.location.line);
                if (f.location.column > 0) {
                    out.key("startColumn");
                    out.value(f.location.column);
                }
                out.endObject();
            }
            out.endObject(); // physicalLocation
            if (!f.objects.empty()) {
                out.key("logicalLocations");
                out.beginArray();
                for (const std::string &o : f.objects) {
                    out.beginObject();
                    out.key("fullyQualifiedName");
                    out.value(o);
                    out.endObject();
                }
                out.endArray();
            }
            out.endObject();
            out.endArray();
        }
        out.key("properties");
        out.beginObject();
        out.key("objects");
        out.beginArray();
        for (const std::string &o : f.objects)
            out.value(o);
        out.endArray();
        out.key("fix");
        out.value(f.fix);
        out.endObject();
        out.endObject();
    }
    out.endArray();
    out.endObject(); // run
    out.endArray();
    out.endObject();
    return out.text() + '\n';
}

} // namespace

std::string fileUri(const std::string &path)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out = path.size() > 0 && path[0] == '/' ? "file://" : "";
    std::string_view p = path;
    if (p.rfind("./", 0) == 0) p.remove_prefix(2);
    for (unsigned char c : p) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string write(LintFormat format, const std::vector<LintFinding> &findings)
{
    switch (format) {
    case LintFormat::Txt:
        return writeTxt(findings);
    case LintFormat::Json:
        return writeJson(findings);
    case LintFormat::Sarif:
        return writeSarif(findings);
    }
    return {};
}

} // namespace LintWriter

} // namespace netfence::core
