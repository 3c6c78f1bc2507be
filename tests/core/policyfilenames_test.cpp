// "Save Policies to Folder": file names come from policy names read out of strangers'
// manifests. None of them may leave the folder, hide, or share a file with another policy.
#include "core/policyfilenames.h"

#include <gtest/gtest.h>

#include <set>

using namespace netfence::core;

namespace {

NetworkPolicy policy(const std::string &ns, const std::string &name)
{
    NetworkPolicy p;
    p.namespaceName = ns;
    p.name = name;
    return p;
}

// What every file name must be, whatever the input: one plain name inside the folder.
void expectPlainName(const std::string &name)
{
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_EQ(name.find('\\'), std::string::npos) << name;
    EXPECT_EQ(name.find(".."), std::string::npos) << name;
    EXPECT_NE(name.front(), '.') << name;
    EXPECT_LE(name.size(), PolicyFileNames::kMaxFileName) << name;
    EXPECT_TRUE(name.ends_with(".yaml")) << name;
    for (char c : name)
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')
            << name;
}

TEST(PolicyFileNames, AValidPolicyGetsNamespaceDashName)
{
    const auto files =
        PolicyFileNames::plan({policy("netpol-lab", "default-deny"), policy("shop", "web.v2")});
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].fileName, "netpol-lab-default-deny.yaml");
    EXPECT_EQ(files[1].fileName, "shop-web.v2.yaml");
    EXPECT_EQ(files[1].policy, 1u);
    EXPECT_TRUE(files[0].problem.empty());
}

// The attack: policies in namespaces "/tmp/nf_abs" and "../../../../tmp/nf_trav" were written
// to /tmp. Such names get no file at all, with the reason.
TEST(PolicyFileNames, TraversalAndAbsoluteNamesGetNoFile)
{
    const std::vector<NetworkPolicy> hostile = {
        policy("/tmp/nf_abs", "p"),
        policy("../../../../tmp/nf_trav", "p"),
        policy("ns", "../../etc/cron.d/x"),
        policy("ns", "/etc/passwd"),
        policy("..", "p"),
        policy("ns", ".."),
        policy("ns", "."),
        policy("", "p"),
        policy("ns", ""),
        policy("ns", ".hidden"),
        policy("ns", "a/b"),
        policy("ns", "UPPER"),
        policy("ns", "new\nline"),
        policy("ns", std::string("nul\0byte", 8)),
        policy("ns", "x y"),
        policy("ns", "back\\slash"),
        policy("ns", "a..b"),
        policy("ns", "-dash"),
        policy(std::string(300, 'a'), "p"),
        policy("ns", "caf\xc3\xa9"),
    };
    const auto files = PolicyFileNames::plan(hostile);
    ASSERT_EQ(files.size(), hostile.size());
    for (const PolicyFile &f : files) {
        SCOPED_TRACE(hostile[f.policy].namespaceName + " / " + hostile[f.policy].name);
        EXPECT_TRUE(f.fileName.empty()) << f.fileName;
        EXPECT_FALSE(f.problem.empty());
    }
    EXPECT_NE(files[0].problem.find("namespace name"), std::string::npos) << files[0].problem;
    EXPECT_NE(files[2].problem.find("policy name"), std::string::npos) << files[2].problem;
}

TEST(PolicyFileNames, LongNamesAreCutToWhatFileSystemsTakeAndStayDistinct)
{
    const std::string ns(253, 'n');
    const std::string a = std::string(252, 'p') + "a", b = std::string(252, 'p') + "b";
    const auto files = PolicyFileNames::plan({policy(ns, a), policy(ns, b), policy(ns, a)});
    ASSERT_EQ(files.size(), 3u);
    std::set<std::string> names;
    for (const PolicyFile &f : files) {
        ASSERT_TRUE(f.problem.empty()) << f.problem;
        expectPlainName(f.fileName);
        names.insert(f.fileName);
    }
    EXPECT_EQ(names.size(), 3u);
}

// "a-b" + "c" and "a" + "b-c" both make "a-b-c.yaml": the second must not overwrite the first.
TEST(PolicyFileNames, PoliciesThatWouldShareAFileGetTheirOwn)
{
    const auto files = PolicyFileNames::plan(
        {policy("a-b", "c"), policy("a", "b-c"), policy("a", "b-c"), policy("a-b", "c-2")});
    ASSERT_EQ(files.size(), 4u);
    EXPECT_EQ(files[0].fileName, "a-b-c.yaml");
    EXPECT_EQ(files[1].fileName, "a-b-c-2.yaml");
    EXPECT_EQ(files[2].fileName, "a-b-c-3.yaml");
    // Its own name was taken by the collision before it.
    EXPECT_EQ(files[3].fileName, "a-b-c-2-2.yaml");
    for (const PolicyFile &f : files)
        expectPlainName(f.fileName);
}

// The attack: in2/default-web.yaml held a Pod and a policy; saving replaced it with the policy.
TEST(PolicyFileNames, OtherObjectsInAFileAreListedBeforeItIsReplaced)
{
    const std::string podAndPolicy =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default}\n"
        "---\nkind: NetworkPolicy\nmetadata: {name: web, namespace: default}\n"
        "spec: {podSelector: {}}\n";
    const auto others = PolicyFileNames::otherObjectsIn(podAndPolicy, policy("default", "web"));
    ASSERT_EQ(others.size(), 1u);
    EXPECT_EQ(others[0], "Pod default/web (line 1)");
    // The policy alone: nothing is lost, also when the file leaves the namespace out.
    EXPECT_TRUE(PolicyFileNames::otherObjectsIn("kind: NetworkPolicy\nmetadata: {name: web}\n",
                                                policy("default", "web"))
                    .empty());
    // Another policy is something the file would lose too.
    EXPECT_EQ(PolicyFileNames::otherObjectsIn(
                  "kind: NetworkPolicy\nmetadata: {name: db, namespace: default}\n",
                  policy("default", "web")),
              std::vector<std::string>{"NetworkPolicy default/db (line 1)"});
}

TEST(PolicyFileNames, ListItemsAndUnreadableTextCountAsObjects)
{
    const std::string list =
        "kind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: settings, namespace: shop}\n"
        "- kind: NetworkPolicy\n  metadata: {name: web, namespace: shop}\n";
    EXPECT_EQ(PolicyFileNames::otherObjectsIn(list, policy("shop", "web")),
              std::vector<std::string>{"ConfigMap shop/settings (line 3)"});
    const auto broken =
        PolicyFileNames::otherObjectsIn("kind: Pod\nmetadata: [unclosed\n", policy("shop", "web"));
    ASSERT_EQ(broken.size(), 1u);
    EXPECT_NE(broken[0].find("not valid YAML"), std::string::npos) << broken[0];
    const auto odd = PolicyFileNames::otherObjectsIn("just text\n---\n{metadata: {name: x}}\n",
                                                     policy("shop", "web"));
    ASSERT_EQ(odd.size(), 2u);
    EXPECT_EQ(odd[0], "a document that is not an object (line 1)");
    EXPECT_EQ(odd[1], "an object without a kind, named x (line 3)");
}

} // namespace
