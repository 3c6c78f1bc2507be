// Parsing files on several threads must give exactly what one thread gives, in the same order.
#include "core/clustergenerator.h"
#include "core/manifestloader.h"
#include "core/yamlwriter.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace netfence::core;
namespace fs = std::filesystem;

namespace {

// Everything a load gives, as text: objects in order, diagnostics, counts.
std::string describe(const LoadResult &r)
{
    std::string out;
    for (const Namespace &ns : r.cluster.namespaces)
        out += YamlWriter::namespaceObject(ns);
    for (const Workload &w : r.cluster.workloads)
        out += w.displayName() + ' ' + w.location.file + ':' + std::to_string(w.location.line) +
               '\n' + YamlWriter::workload(w);
    for (const NetworkPolicy &p : r.cluster.policies)
        out += p.location.file + ':' + std::to_string(p.location.line) + '\n' + YamlWriter::policy(p);
    for (const Diagnostic &d : r.diagnostics)
        out += d.toString() + '\n';
    for (const auto &[kind, count] : r.skippedKinds)
        out += kind + ' ' + std::to_string(count) + '\n';
    return out + std::to_string(r.files) + ' ' + std::to_string(r.documents) + ' ' +
           std::to_string(r.objects) + ' ' + std::to_string(r.cluster.services.size());
}

LoadResult loadWith(unsigned threads, const std::vector<std::string> &paths,
                    const std::string &text = {})
{
    ManifestLoader::Limits limits;
    limits.threads = threads;
    ManifestLoader loader(limits);
    for (size_t i = 0; i < paths.size(); ++i) {
        loader.addPath(paths[i]);
        if (i == 0 && !text.empty())
            loader.addText(text, "inline.yaml"); // between paths: its place must hold
    }
    return loader.finish();
}

TEST(ParallelLoad, AnyThreadCountGivesTheSameResultInTheSameOrder)
{
    const fs::path dir = fs::path(testing::TempDir()) / "netfence-parallel-load";
    fs::remove_all(dir);
    ASSERT_EQ(ClusterGenerator::write(ClusterGenerator::generate({15, 150, 60, 3}), dir.string()), "");
    const std::string corpus = NETFENCE_CORPUS_DIR;
    const std::vector<std::string> paths{dir.string(), corpus + "/netpol-analyzer-errors",
                                         corpus + "/netpol-analyzer", "/no/such/folder"};
    const std::string inline_ = "kind: Pod\nmetadata: {name: p, namespace: x}\n---\n: bad: [\n";
    const std::string one = describe(loadWith(1, paths, inline_));
    EXPECT_NE(one.find("inline.yaml"), std::string::npos);
    EXPECT_NE(one.find("no such file or folder"), std::string::npos);
    for (unsigned threads : {2u, 3u, 8u, 0u})
        EXPECT_EQ(describe(loadWith(threads, paths, inline_)), one) << threads << " threads";
    fs::remove_all(dir);
}

} // namespace
