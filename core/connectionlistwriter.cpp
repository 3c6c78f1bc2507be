#include "core/connectionlistwriter.h"

#include "core/explanationwriter.h"
#include "core/ingressanalysis.h"
#include "core/jsonwriter.h"

#include <map>
#include <set>

namespace netfence::core {

std::optional<ListFormat> parseListFormat(const std::string &name)
{
    static const std::map<std::string, ListFormat> formats{{"txt", ListFormat::Txt},
                                                           {"json", ListFormat::Json},
                                                           {"csv", ListFormat::Csv},
                                                           {"md", ListFormat::Md},
                                                           {"dot", ListFormat::Dot}};
    auto it = formats.find(name);
    if (it == formats.end())
        return std::nullopt;
    return it->second;
}

namespace ConnectionListWriter {

namespace {

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

std::string dotId(const std::string &s)
{
    return JsonWriter::escape(s); // DOT quoted ids escape like JSON strings
}

const std::string kController = IngressAnalysis::kControllerName;

std::string writeTxt(const Cluster &cluster, const ConnectionList &list)
{
    std::string out;
    for (const Connection &c : list.connections())
        out += c.from.displayName(cluster) + " => " + c.to.displayName(cluster) + " : " +
               c.connections.toString() + '\n';
    // '{' sorts after every character of a workload or range name: these lines come last.
    for (const IngressConnection &c : list.ingressConnections())
        out += kController + " => " + cluster.workloads[c.workload].displayName() + " : " +
               c.connections.toString() + '\n';
    return out;
}

std::string writeCsv(const Cluster &cluster, const ConnectionList &list)
{
    std::string out = "src,dst,conn\n";
    for (const Connection &c : list.connections())
        out += csvField(c.from.displayName(cluster)) + ',' + csvField(c.to.displayName(cluster)) +
               ',' + csvField(c.connections.toString()) + '\n';
    for (const IngressConnection &c : list.ingressConnections())
        out += csvField(kController) + ',' + csvField(cluster.workloads[c.workload].displayName()) +
               ',' + csvField(c.connections.toString()) + '\n';
    return out;
}

// A Markdown table cell: a '|' would end the cell, a line break the row, '<' start HTML.
std::string mdCell(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '\\')
            out += '\\';
        if (c == '\n' || c == '\r')
            out += ' ';
        else if (c == '<')
            out += "&lt;";
        else
            out += c;
    }
    return out;
}

std::string writeMd(const Cluster &cluster, const ConnectionList &list)
{
    std::string out = "| src | dst | conn |\n|-----|-----|------|\n";
    for (const Connection &c : list.connections())
        out += "| " + mdCell(c.from.displayName(cluster)) + " | " + mdCell(c.to.displayName(cluster)) +
               " | " + mdCell(c.connections.toString()) + " |\n";
    for (const IngressConnection &c : list.ingressConnections())
        out += "| " + mdCell(kController) + " | " +
               mdCell(cluster.workloads[c.workload].displayName()) + " | " +
               mdCell(c.connections.toString()) + " |\n";
    return out;
}

std::string writeJson(const Evaluator &evaluator, const ConnectionList &list)
{
    const Cluster &cluster = evaluator.cluster();
    JsonWriter out;
    out.beginArray();
    for (const Connection &c : list.connections()) {
        out.beginObject();
        out.key("src");
        out.value(c.from.displayName(cluster));
        out.key("dst");
        out.value(c.to.displayName(cluster));
        out.key("conn");
        out.value(c.connections.toString());
        out.key("explanation");
        ExplanationWriter::json(out, evaluator, evaluator.explain(c.from, c.to));
        out.endObject();
    }
    const std::vector<IngressExposure> exposures =
        list.ingressConnections().empty() ? std::vector<IngressExposure>{}
                                          : IngressAnalysis::analyze(evaluator);
    for (const IngressConnection &c : list.ingressConnections()) {
        out.beginObject();
        out.key("src");
        out.value(kController);
        out.key("dst");
        out.value(cluster.workloads[c.workload].displayName());
        out.key("conn");
        out.value(c.connections.toString());
        out.key("exposedBy");
        out.beginArray();
        for (const IngressExposure &e : exposures)
            if (e.workload == c.workload)
                for (const IngressPath &p : e.paths)
                    out.value(IngressAnalysis::describe(cluster, p));
        out.endArray();
        out.endObject();
    }
    out.endArray();
    return out.text() + '\n';
}

std::string writeDot(const Cluster &cluster, const ConnectionList &list)
{
    std::string out = "digraph netfence {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
    std::map<std::string, std::vector<size_t>> byNamespace;
    for (size_t i = 0; i < cluster.workloads.size(); ++i)
        byNamespace[cluster.workloads[i].namespaceName].push_back(i);
    int n = 0;
    for (const auto &[ns, workloads] : byNamespace) {
        out += "  subgraph cluster_" + std::to_string(n++) + " {\n    label=" + dotId(ns) + ";\n";
        for (size_t w : workloads)
            out += "    " + dotId(cluster.workloads[w].displayName()) + " [label=" +
                   dotId(cluster.workloads[w].name + "\n" + cluster.workloads[w].kind) + "];\n";
        out += "  }\n";
    }
    std::set<std::string> externals;
    for (const Connection &c : list.connections())
        for (const Endpoint *e : {&c.from, &c.to})
            if (e->isExternal())
                externals.insert(e->displayName(cluster));
    if (!list.ingressConnections().empty())
        externals.insert(kController);
    for (const std::string &e : externals)
        out += "  " + dotId(e) + " [shape=ellipse, style=dashed];\n";
    for (const Connection &c : list.connections())
        out += "  " + dotId(c.from.displayName(cluster)) + " -> " + dotId(c.to.displayName(cluster)) +
               " [label=" + dotId(c.connections.toString()) + "];\n";
    for (const IngressConnection &c : list.ingressConnections())
        out += "  " + dotId(kController) + " -> " + dotId(cluster.workloads[c.workload].displayName()) +
               " [label=" + dotId(c.connections.toString()) + "];\n";
    return out + "}\n";
}

} // namespace

std::string write(ListFormat format, const Evaluator &evaluator, const ConnectionList &list)
{
    const Cluster &cluster = evaluator.cluster();
    switch (format) {
    case ListFormat::Txt:
        return writeTxt(cluster, list);
    case ListFormat::Json:
        return writeJson(evaluator, list);
    case ListFormat::Csv:
        return writeCsv(cluster, list);
    case ListFormat::Md:
        return writeMd(cluster, list);
    case ListFormat::Dot:
        return writeDot(cluster, list);
    }
    return {};
}

} // namespace ConnectionListWriter

} // namespace netfence::core
