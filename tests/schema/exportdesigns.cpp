// Writes what netfence saves, for the schema check (validate.mjs): the whole design of every
// corpus case, of the built-in lab and of a generated cluster, and the policies the editor's
// recipes write (default deny, DNS, same namespace, internet egress, drawn rules).
//   netfence_export_designs CORPUS_DIR LABS_DIR OUT_DIR
#include "core/clustergenerator.h"
#include "core/evaluator.h"
#include "core/manifestloader.h"
#include "core/policyrecipes.h"
#include "core/yamlwriter.h"
#include "support/corpuscases.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace netfence::core;

namespace {

bool write(const fs::path &file, const std::string &text)
{
    std::ofstream out(file, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

// A file name for a corpus case: its folder relative to the corpus, '/' made '_'.
std::string caseName(const std::vector<std::string> &paths, const fs::path &corpus)
{
    fs::path p = paths.front();
    if (!fs::is_directory(p))
        p = p.parent_path();
    std::string name = fs::relative(p, corpus).string();
    for (char &c : name)
        if (c == '/')
            c = '_';
    return name;
}

// Every recipe the editor offers, applied to the cluster in turn.
Cluster withRecipes(Cluster cluster)
{
    std::vector<std::string> namespaces;
    for (const Namespace &ns : cluster.namespaces)
        namespaces.push_back(ns.name);
    for (const std::string &ns : namespaces) {
        PolicyRecipes::apply(cluster, PolicyRecipes::defaultDeny(cluster, ns, true, true));
        PolicyRecipes::apply(cluster, PolicyRecipes::allowDnsEgress(cluster, ns));
        PolicyRecipes::apply(cluster, PolicyRecipes::allowWithinNamespace(cluster, ns));
    }
    if (cluster.workloads.size() < 2)
        return cluster;
    PolicyRecipes::apply(cluster, PolicyRecipes::allowInternetEgress(cluster, 0, true));
    std::vector<NetworkPolicyPort> ports;
    PolicyRecipes::parsePorts(Protocol::TCP, "80, 8000-8080, http", ports);
    AllowRequest toWorkload;
    toWorkload.from = Endpoint::ofWorkload(0);
    toWorkload.toWorkload = 1;
    toWorkload.ports = ports;
    AllowRequest toNamespace;
    toNamespace.from = Endpoint::ofWorkload(1);
    toNamespace.target = AllowRequest::Target::Namespace;
    toNamespace.toNamespace = cluster.workloads.back().namespaceName;
    AllowRequest toRange;
    toRange.from = Endpoint::ofWorkload(1);
    toRange.target = AllowRequest::Target::External;
    toRange.toCidr = "10.0.0.0/8";
    toRange.toExcept = {"10.1.0.0/16"};
    PolicyRecipes::parsePorts(Protocol::UDP, "53", toRange.ports);
    for (const AllowRequest &request : {toWorkload, toNamespace, toRange}) {
        const Evaluator evaluator(cluster);
        PolicyRecipes::apply(cluster, PolicyRecipes::allow(cluster, evaluator, request));
    }
    return cluster;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::cerr << "usage: netfence_export_designs CORPUS_DIR LABS_DIR OUT_DIR\n";
        return 2;
    }
    const fs::path corpus = argv[1], labs = argv[2], out = argv[3];
    fs::remove_all(out);
    fs::create_directories(out);
    size_t files = 0, policies = 0;
    auto save = [&](const std::string &name, const Cluster &cluster) {
        if (!write(out / (name + ".yaml"), YamlWriter::design(cluster))) {
            std::cerr << "cannot write " << (out / (name + ".yaml")).string() << '\n';
            std::exit(1);
        }
        ++files;
        policies += cluster.policies.size();
    };
    const auto cases = netfence::test::corpusCases(corpus.string());
    if (cases.empty()) {
        std::cerr << "no corpus cases in " << corpus.string() << '\n';
        return 1;
    }
    for (const auto &paths : cases)
        save(caseName(paths, corpus), ManifestLoader::load(paths).cluster);
    const LoadResult lab = ManifestLoader::load({(labs / "netpol-lab").string(),
                                                 (labs / "netpol-lab-policies").string()});
    save("built-in-lab", lab.cluster);
    save("built-in-lab-recipes", withRecipes(ManifestLoader::load({(labs / "netpol-lab").string()}).cluster));
    save("generated", ClusterGenerator::generate({}));
    std::cout << "wrote " << files << " designs with " << policies << " NetworkPolicies to "
              << out.string() << '\n';
    return 0;
}
