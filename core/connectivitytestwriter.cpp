#include "core/connectivitytestwriter.h"

#include "core/yamlwriter.h"

#include <cctype>

namespace netfence::core::ConnectivityTestWriter {

namespace {

std::string requirementLine(const LabRequirement &r)
{
    std::string line = r.from + " -> " + r.to;
    if (!r.everyProbe) // port-less requirements stay port-less: they mean every probe
        for (const Probe &p : r.probes)
            line += ' ' + probeText(p);
    // Plain as a person writes it when only name, arrow and port characters occur (nothing
    // a YAML reader could take for syntax); quoted otherwise.
    const bool plain = !line.empty() && std::isalnum(static_cast<unsigned char>(line[0])) &&
                       line.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789 ./_->:") == std::string::npos &&
                       line.find(": ") == std::string::npos && line.back() != ':';
    return "- " + (plain ? line : YamlWriter::scalar(line)) + '\n';
}

} // namespace

std::string write(const LabStep &step, const std::string &name, const std::string &description)
{
    std::string out = "apiVersion: netfence/v1\nkind: ConnectivityTest\nmetadata:\n  name: " +
                      YamlWriter::scalar(name) + '\n';
    if (!description.empty()) out += "description: " + YamlWriter::scalar(description) + '\n';
    if (!step.probes.empty()) {
        out += "probes: [";
        for (size_t i = 0; i < step.probes.size(); ++i)
            out += (i ? ", " : "") + probeText(step.probes[i]);
        out += "]\n";
    }
    if (!step.scope.empty()) {
        out += "scope: [";
        for (size_t i = 0; i < step.scope.size(); ++i)
            out += (i ? ", " : "") + YamlWriter::scalar(step.scope[i]);
        out += "]\n";
    }
    for (const Expectation expect : {Expectation::Allow, Expectation::Deny}) {
        std::string lines;
        for (const LabRequirement &r : step.requirements)
            if (r.expect == expect) lines += requirementLine(r);
        if (!lines.empty())
            out += std::string(expect == Expectation::Allow ? "mustAllow" : "mustDeny") + ":\n" +
                   lines;
    }
    if (step.onlyThese) out += "onlyThese: true\n";
    return out;
}

} // namespace netfence::core::ConnectivityTestWriter
