// What netfence writes as a ClusterNetworkPolicy must validate against the CRD's OpenAPI
// schema (tests/schema/clusternetworkpolicy-v1alpha2.schema.yaml, taken from
// network-policy-api) and load back unchanged. Offline: the schema is in the tree.
#include "core/clusterpolicyrecipes.h"
#include "core/manifestloader.h"
#include "core/yamlwriter.h"
#include "support/tierreference.h"
#include "support/randomcluster.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <regex>

namespace fs = std::filesystem;
using namespace netfence::core;

namespace {

// A structural-schema check: type, properties (unknown fields refused), additionalProperties,
// required, min/maxProperties, items, min/maxItems, enum, min/maxLength, pattern,
// minimum/maximum. The CEL rules are the loader's (ClusterPolicyLoading tests).
void check(const YAML::Node &schema, const YAML::Node &value, const std::string &path,
           std::vector<std::string> &problems)
{
    const std::string type = schema["type"] ? schema["type"].as<std::string>() : "";
    auto fail = [&](const std::string &what) { problems.push_back(path + ": " + what); };
    if (type == "object") {
        if (!value.IsMap())
            return fail("not an object");
        const YAML::Node props = schema["properties"];
        const YAML::Node extra = schema["additionalProperties"];
        for (const auto &entry : value) {
            const std::string key = entry.first.as<std::string>();
            if (props && props[key])
                check(props[key], entry.second, path + '.' + key, problems);
            else if (extra && extra.IsMap())
                check(extra, entry.second, path + '.' + key, problems);
            else if (props)
                fail("unknown field " + key);
        }
        if (const YAML::Node req = schema["required"])
            for (const YAML::Node &r : req)
                if (!value[r.as<std::string>()])
                    fail("missing " + r.as<std::string>());
        if (schema["minProperties"] && value.size() < schema["minProperties"].as<size_t>())
            fail("too few properties");
        if (schema["maxProperties"] && value.size() > schema["maxProperties"].as<size_t>())
            fail("too many properties");
    } else if (type == "array") {
        if (!value.IsSequence())
            return fail("not an array");
        size_t i = 0;
        for (const YAML::Node &item : value)
            check(schema["items"], item, path + '[' + std::to_string(i++) + ']', problems);
        if (schema["minItems"] && value.size() < schema["minItems"].as<size_t>())
            fail("too few items");
        if (schema["maxItems"] && value.size() > schema["maxItems"].as<size_t>())
            fail("too many items");
    } else if (type == "string") {
        if (!value.IsScalar())
            return fail("not a string");
        const std::string s = value.Scalar();
        if (const YAML::Node e = schema["enum"]) {
            bool found = false;
            for (const YAML::Node &x : e)
                found = found || x.as<std::string>() == s;
            if (!found)
                fail("\"" + s + "\" not in enum");
        }
        if (schema["maxLength"] && s.size() > schema["maxLength"].as<size_t>())
            fail("too long");
        if (schema["minLength"] && s.size() < schema["minLength"].as<size_t>())
            fail("too short");
        if (schema["pattern"] && !std::regex_search(s, std::regex(schema["pattern"].as<std::string>())))
            fail("\"" + s + "\" does not match the pattern");
    } else if (type == "integer") {
        long long v = 0;
        try {
            v = value.as<long long>();
        } catch (const YAML::Exception &) {
            return fail("not an integer");
        }
        if (schema["minimum"] && v < schema["minimum"].as<long long>())
            fail("below minimum");
        if (schema["maximum"] && v > schema["maximum"].as<long long>())
            fail("above maximum");
    }
}

std::vector<std::string> problemsOf(const std::string &yaml)
{
    static const YAML::Node schema = YAML::LoadFile(NETFENCE_CNP_SCHEMA);
    std::vector<std::string> problems;
    check(schema, YAML::Load(yaml), "", problems);
    return problems;
}

void expectValidAndStable(const ClusterNetworkPolicy &p)
{
    const std::string text = YamlWriter::clusterPolicy(p);
    for (const std::string &problem : problemsOf(text))
        ADD_FAILURE() << problem << "\n" << text;
    const LoadResult back = ManifestLoader::loadText(text, "written.yaml");
    for (const Diagnostic &d : back.diagnostics)
        ADD_FAILURE() << d.toString() << "\n" << text;
    ASSERT_EQ(back.cluster.clusterPolicies.size(), 1u) << text;
    EXPECT_EQ(YamlWriter::clusterPolicy(back.cluster.clusterPolicies.front()), text);
}

TEST(ClusterPolicySchema, TheValidatorIsLive)
{
    const std::string head = "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
                             "metadata: {name: x}\nspec:\n";
    EXPECT_FALSE(problemsOf(head + "  tier: Middle\n  priority: 1\n  subject: {namespaces: {}}\n").empty());
    EXPECT_FALSE(problemsOf(head + "  tier: Admin\n  priority: 1001\n  subject: {namespaces: {}}\n").empty());
    EXPECT_FALSE(problemsOf(head + "  tier: Admin\n  priority: 1\n  subject: {}\n").empty());
    EXPECT_FALSE(problemsOf(head + "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n"
                                   "  egress:\n  - action: Deny\n    to: [{namespaces: {}, networks: [1.2.3.0/24]}]\n")
                     .empty());
    EXPECT_FALSE(problemsOf(head + "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n"
                                   "  egress:\n  - action: Deny\n    to: [{domainNames: ['*example']}]\n")
                     .empty());
    EXPECT_TRUE(problemsOf(head + "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n").empty());
}

TEST(ClusterPolicySchema, CorpusPoliciesAreWrittenSchemaValidAndLoadBack)
{
    int written = 0;
    const fs::path corpus = fs::path(NETFENCE_CORPUS_DIR) / "cnp-v1alpha2";
    for (const char *part : {"conformance", "supplement"})
        for (const auto &entry : fs::directory_iterator(corpus / part)) {
            if (!entry.is_directory())
                continue;
            const LoadResult r = ManifestLoader::load({(entry.path() / "policies.yaml").string()});
            for (const ClusterNetworkPolicy &p : r.cluster.clusterPolicies) {
                expectValidAndStable(p);
                ++written;
            }
        }
    EXPECT_GT(written, 60);
}

TEST(ClusterPolicySchema, RandomPoliciesAreWrittenSchemaValid)
{
    int written = 0;
    for (std::uint32_t seed = 1; seed <= 200; ++seed) {
        Cluster c = netfence::test::randomCluster(seed);
        netfence::test::addRandomClusterPolicies(c, seed);
        for (const ClusterNetworkPolicy &p : c.clusterPolicies) {
            if (p.kind != ClusterPolicyKind::ClusterNetworkPolicy)
                continue;
            expectValidAndStable(p);
            ++written;
            if (HasFailure())
                return;
        }
    }
    EXPECT_GT(written, 100);
}

TEST(ClusterPolicySchema, RecipePoliciesAreWrittenSchemaValid)
{
    const LoadResult r = ManifestLoader::loadText(
        "kind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\nspec: {containers: [{name: c, image: i}]}\n"
        "---\nkind: Pod\nmetadata: {name: b, namespace: y, labels: {app: b}}\nspec: {containers: [{name: c, image: i}]}\n",
        "recipes.yaml");
    const Cluster &c = r.cluster;
    AllowRequest drawn;
    drawn.from = Endpoint::ofWorkload(size_t(c.findWorkload("y/b")));
    drawn.toWorkload = size_t(c.findWorkload("x/a"));
    drawn.ports = {NetworkPolicyPort{Protocol::TCP, 80, {}, 90}};
    drawn.asClusterPolicy = AllowRequest::ClusterChoice{PolicyTier::Baseline, ClusterPolicyAction::Deny, 7};
    AllowRequest toNet = drawn;
    toNet.target = AllowRequest::Target::External;
    toNet.toCidr = "10.0.0.0/8";
    toNet.asClusterPolicy->tier = PolicyTier::Admin;
    int written = 0;
    for (const ClusterRecipe &recipe :
         {ClusterPolicyRecipes::guardNamespace(c, "x", "y", 20), ClusterPolicyRecipes::delegateNamespace(c, "x", 500),
          ClusterPolicyRecipes::baselineDefaultDeny(c, "x", true, 100), ClusterPolicyRecipes::acceptDns(c, 5),
          ClusterPolicyRecipes::drawnRule(c, drawn), ClusterPolicyRecipes::drawnRule(c, toNet)})
        for (const ClusterNetworkPolicy &p : recipe.add) {
            expectValidAndStable(p);
            ++written;
        }
    EXPECT_EQ(written, 7);
}

} // namespace
