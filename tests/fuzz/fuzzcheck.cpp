#include "fuzzcheck.h"

#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/evaluator.h"
#include "core/manifestloader.h"
#include "core/yamlwriter.h"

#include <algorithm>

namespace netfence::test {

using namespace netfence::core;

std::string checkInput(std::string_view data)
{
    const std::string fileName = "fuzz.yaml";
    ManifestLoader::Limits limits;
    limits.threads = 1; // the fuzzer wants one thread; parallel loading has its own tests
    ManifestLoader loader(limits);
    loader.addText(data, fileName);
    const LoadResult r = loader.finish();

    const int lines = static_cast<int>(std::count(data.begin(), data.end(), '\n')) + 1;
    bool errors = false;
    for (const Diagnostic &d : r.diagnostics) {
        if (d.location.file != fileName)
            return "a diagnostic names the wrong file: " + d.toString();
        if (d.location.line < 1 || d.location.line > lines)
            return "a diagnostic has no line inside the input: " + d.toString();
        if (d.message.empty())
            return "a diagnostic says nothing: " + d.toString();
        errors = errors || d.severity == Severity::Error;
    }

    // Small inputs can still make large clusters; the evaluator is exercised up to a size.
    const Cluster &cluster = r.cluster;
    if (cluster.workloads.size() <= 200 && cluster.policies.size() <= 200) {
        const Evaluator evaluator(cluster);
        const std::string list =
            ConnectionListWriter::write(ListFormat::Txt, evaluator, ConnectionList::build(evaluator));
        (void)list;
    }

    // What loaded without errors must survive being written and read again.
    if (errors)
        return {};
    std::string yaml;
    for (const Namespace &ns : cluster.namespaces)
        if (ns.declared)
            yaml += "---\n" + YamlWriter::namespaceObject(ns);
    yaml += YamlWriter::policies(cluster.policies);
    const LoadResult again = ManifestLoader::loadText(yaml, "written.yaml");
    for (const Diagnostic &d : again.diagnostics)
        if (d.severity == Severity::Error)
            return "the written policies do not load back: " + d.toString() + "\n" + yaml;
    if (again.cluster.policies.size() != cluster.policies.size())
        return "the written policies load back as " + std::to_string(again.cluster.policies.size()) +
               " policies, not " + std::to_string(cluster.policies.size()) + "\n" + yaml;
    for (size_t i = 0; i < cluster.policies.size(); ++i)
        if (!(again.cluster.policies[i] == cluster.policies[i]))
            return "policy " + cluster.policies[i].qualifiedName() +
                   " changes when written and read again\n" + yaml;
    return {};
}

} // namespace netfence::test
