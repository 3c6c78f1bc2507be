// Every lint rule: a case that triggers it and one that must not (docs/semantics.md, Lint).
#include "core/commandline.h"
#include "core/connectivitydiff.h"
#include "core/evaluator.h"
#include "core/linter.h"
#include "core/lintwriter.h"
#include "core/manifestloader.h"
#include "support/randomcluster.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace netfence::core;
using netfence::test::pod;

namespace {

// Two team namespaces, a database namespace and the cluster DNS.
std::string cluster()
{
    return R"(---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: data, labels: {team: data}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
)" + pod("shop", "web", "app: web", {"http:80/TCP"}, "10.0.0.5") +
           pod("shop", "api", "app: api", {"8080/TCP"}, "10.0.0.6") +
           pod("data", "db", "app: db", {"5432/TCP"}, "10.0.1.5") +
           pod("kube-system", "coredns", "k8s-app: kube-dns", {"dns:53/UDP", "53/TCP"}, "10.0.2.2");
}

std::string policy(const std::string &ns, const std::string &name, const std::string &spec)
{
    return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " +
           name + "\n  namespace: " + ns + "\nspec:\n" + spec;
}

std::vector<LintFinding> lint(const std::string &yaml)
{
    const LoadResult r = ManifestLoader::loadText(yaml, "test.yaml");
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error) // hostNetwork pods are warned about: fine here
            ADD_FAILURE() << d.toString();
    const Evaluator evaluator(r.cluster);
    return Linter(evaluator).run();
}

std::vector<LintFinding> with(const std::vector<LintFinding> &findings, const std::string &id)
{
    std::vector<LintFinding> out;
    for (const LintFinding &f : findings)
        if (f.id == id) out.push_back(f);
    return out;
}

// The one finding of rule `id`, checked for a location, objects, a reason and a fix.
LintFinding single(const std::string &yaml, const std::string &id)
{
    const auto found = with(lint(yaml), id);
    EXPECT_EQ(found.size(), 1u) << id;
    if (found.empty()) return {};
    const LintFinding &f = found.front();
    EXPECT_EQ(f.location.file, "test.yaml");
    EXPECT_GT(f.location.line, 0);
    EXPECT_FALSE(f.objects.empty());
    EXPECT_FALSE(f.why.empty());
    EXPECT_FALSE(f.fix.empty());
    EXPECT_NE(findLintRule(f.id), nullptr);
    EXPECT_EQ(f.severity, findLintRule(f.id)->severity);
    return f;
}

void quiet(const std::string &yaml, const std::string &id)
{
    for (const LintFinding &f : with(lint(yaml), id))
        ADD_FAILURE() << id << " fired: " << f.why;
}

const std::string kWebFromApi =
    "  podSelector: {matchLabels: {app: web}}\n"
    "  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n";

TEST(LintRule, PolicySelectsNoPodFires)
{
    const LintFinding f = single(cluster() + policy("shop", "p",
                                                    "  podSelector: {matchLabels: {app: wbe}}\n"
                                                    "  policyTypes: [Ingress]\n"),
                                 "policy-selects-no-pod");
    EXPECT_EQ(f.objects, std::vector<std::string>{"NetworkPolicy shop/p"});
    EXPECT_NE(f.fix.find("app=web"), std::string::npos) << f.fix; // the guess
}

TEST(LintRule, PolicySelectsNoPodQuiet)
{
    quiet(cluster() + policy("shop", "p", kWebFromApi), "policy-selects-no-pod");
    // Policies without any pod loaded (kept apart from the workloads) are not judged.
    quiet(policy("shop", "p", "  podSelector: {matchLabels: {app: wbe}}\n"),
          "policy-selects-no-pod");
}

TEST(LintRule, PeerSelectsNoPodFires)
{
    single(cluster() + policy("shop", "p",
                              "  podSelector: {matchLabels: {app: web}}\n"
                              "  ingress:\n  - from:\n"
                              "    - podSelector: {matchLabels: {app: nothere}}\n"),
           "peer-selects-no-pod");
}

TEST(LintRule, PeerSelectsNoPodQuiet)
{
    quiet(cluster() + policy("shop", "p", kWebFromApi), "peer-selects-no-pod");
    // A namespace without loaded pods may run what the peer means (kube-dns in kube-system
    // when only the application is loaded).
    quiet(cluster() + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n" +
              policy("shop", "p",
                     "  podSelector: {matchLabels: {app: web}}\n"
                     "  ingress:\n  - from:\n"
                     "    - namespaceSelector: {}\n"
                     "      podSelector: {matchLabels: {app: prometheus}}\n"),
          "peer-selects-no-pod");
}

TEST(LintRule, NamespaceSelectorSelectsNoNamespaceFires)
{
    single(cluster() + policy("shop", "p",
                              "  podSelector: {matchLabels: {app: web}}\n"
                              "  ingress:\n  - from:\n"
                              "    - namespaceSelector: {matchLabels: {team: nope}}\n"),
           "namespace-selector-selects-no-namespace");
}

TEST(LintRule, NamespaceSelectorSelectsNoNamespaceQuiet)
{
    quiet(cluster() + policy("shop", "p",
                             "  podSelector: {matchLabels: {app: web}}\n"
                             "  ingress:\n  - from:\n"
                             "    - namespaceSelector: {matchLabels: {team: data}}\n"),
          "namespace-selector-selects-no-namespace");
}

TEST(LintRule, AndOrMixupFiresForTwoItemsMeantAsOne)
{
    // db admits every pod of shop, and pods app=api of data (there are none): the '-' before
    // podSelector was probably a slip.
    const LintFinding f =
        single(cluster() + policy("data", "p",
                                  "  podSelector: {matchLabels: {app: db}}\n"
                                  "  ingress:\n  - from:\n"
                                  "    - namespaceSelector: {matchLabels: {team: shop}}\n"
                                  "    - podSelector: {matchLabels: {app: api}}\n"),
               "and-or-mixup");
    EXPECT_NE(f.why.find("shop/api"), std::string::npos) << f.why;
    quiet(cluster() + policy("data", "p",
                             "  podSelector: {matchLabels: {app: db}}\n"
                             "  ingress:\n  - from:\n"
                             "    - namespaceSelector: {matchLabels: {team: shop}}\n"
                             "    - podSelector: {matchLabels: {app: api}}\n"),
          "peer-selects-no-pod"); // said once, as the mix-up
}

TEST(LintRule, AndOrMixupFiresForOneItemMeantAsTwo)
{
    single(cluster() + policy("shop", "p",
                              "  podSelector: {matchLabels: {app: web}}\n"
                              "  ingress:\n  - from:\n"
                              "    - namespaceSelector: {matchLabels: {team: data}}\n"
                              "      podSelector: {matchLabels: {app: api}}\n"),
           "and-or-mixup");
}

TEST(LintRule, AndOrMixupQuiet)
{
    // The AND of the first case written as one item, and the OR of the second as two.
    quiet(cluster() + policy("data", "p",
                             "  podSelector: {matchLabels: {app: db}}\n"
                             "  ingress:\n  - from:\n"
                             "    - namespaceSelector: {matchLabels: {team: shop}}\n"
                             "      podSelector: {matchLabels: {app: api}}\n"),
          "and-or-mixup");
    quiet(cluster() + policy("shop", "p",
                             "  podSelector: {matchLabels: {app: web}}\n"
                             "  ingress:\n  - from:\n"
                             "    - namespaceSelector: {matchLabels: {team: data}}\n"
                             "    - podSelector: {matchLabels: {app: api}}\n"),
          "and-or-mixup");
}

const std::string kShopEgressToApi = "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                                     "  - to:\n    - podSelector: {matchLabels: {app: api}}\n"
                                     "    ports: [{port: 8080}]\n";

TEST(LintRule, EgressWithoutDnsFires)
{
    const LintFinding f =
        single(cluster() + policy("shop", "egress", kShopEgressToApi), "egress-without-dns");
    EXPECT_NE(f.why.find("shop/web"), std::string::npos) << f.why;
    EXPECT_NE(f.fix.find("kube-system/coredns"), std::string::npos) << f.fix;
}

TEST(LintRule, EgressWithoutDnsQuiet)
{
    quiet(cluster() + policy("shop", "egress", kShopEgressToApi) +
              policy("shop", "dns",
                     "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                     "  - ports: [{port: 53, protocol: UDP}, {port: 53}]\n"),
          "egress-without-dns");
}

TEST(LintRule, NamedPortUndeclaredFires)
{
    const LintFinding f =
        single(cluster() + policy("shop", "p", kWebFromApi + "    ports: [{port: htpp}]\n"),
               "named-port-undeclared");
    EXPECT_EQ(f.severity, LintSeverity::Error);
    // Declared, but for TCP only.
    single(cluster() +
               policy("shop", "p", kWebFromApi + "    ports: [{port: http, protocol: UDP}]\n"),
           "named-port-undeclared");
}

TEST(LintRule, NamedPortUndeclaredQuiet)
{
    quiet(cluster() + policy("shop", "p", kWebFromApi + "    ports: [{port: http}]\n"),
          "named-port-undeclared");
}

TEST(LintRule, PortNotExposedFires)
{
    single(cluster() + policy("shop", "p", kWebFromApi + "    ports: [{port: 8080}]\n"),
           "port-not-exposed");
}

TEST(LintRule, PortNotExposedQuiet)
{
    quiet(cluster() + policy("shop", "p", kWebFromApi + "    ports: [{port: 80}]\n"),
          "port-not-exposed");
    // Pods that declare no ports may listen anywhere.
    quiet(pod("x", "bare", "app: bare") +
              policy("x", "p", "  podSelector: {}\n  ingress:\n  - ports: [{port: 9999}]\n"),
          "port-not-exposed");
}

TEST(LintRule, RedundantRuleFires)
{
    // The second rule admits api on every port: the first adds nothing.
    const LintFinding f =
        single(cluster() + policy("shop", "p",
                                  kWebFromApi + "    ports: [{port: 80}]\n"
                                                "  - from:\n"
                                                "    - podSelector: {matchLabels: {app: api}}\n"),
               "redundant-rule");
    EXPECT_NE(f.why.find("shop/p ingress[0]"), std::string::npos) << f.why;
    EXPECT_NE(f.why.find("shop/p ingress[1]"), std::string::npos) << f.why; // names the other
}

TEST(LintRule, RedundantRuleQuiet)
{
    quiet(cluster() + policy("shop", "p",
                             kWebFromApi + "    ports: [{port: 80}]\n"
                                           "  - from:\n"
                                           "    - podSelector: {matchLabels: {app: web}}\n"),
          "redundant-rule");
    // Its allows differ only on a port that textually looks alike: the evaluator decides.
    quiet(cluster() + policy("shop", "p",
                             kWebFromApi + "    ports: [{port: 80}]\n"
                                           "  - from:\n"
                                           "    - podSelector: {matchLabels: {app: api}}\n"
                                           "    ports: [{port: 80, protocol: UDP}]\n"),
          "redundant-rule");
}

TEST(LintRule, PolicyWithoutEffectFires)
{
    // An allow-all ingress beside a policy that only allows api: api's rule changes nothing.
    single(cluster() +
               policy("shop", "all",
                      "  podSelector: {matchLabels: {app: web}}\n"
                      "  ingress:\n  - {}\n") +
               policy("shop", "api", kWebFromApi),
           "policy-without-effect");
}

TEST(LintRule, PolicyWithoutEffectQuiet)
{
    quiet(cluster() + policy("shop", "api", kWebFromApi), "policy-without-effect");
}

TEST(LintRule, IpBlockCoversPodsFires)
{
    single(cluster() + policy("shop", "p",
                              "  podSelector: {matchLabels: {app: web}}\n"
                              "  ingress:\n  - from:\n"
                              "    - ipBlock: {cidr: 10.0.1.0/24}\n"),
           "ipblock-covers-pods");
}

TEST(LintRule, IpBlockCoversPodsQuiet)
{
    quiet(cluster() + policy("shop", "p",
                             "  podSelector: {matchLabels: {app: web}}\n"
                             "  ingress:\n  - from:\n"
                             "    - ipBlock: {cidr: 203.0.113.0/24}\n"),
          "ipblock-covers-pods");
}

TEST(LintRule, OpenIngressBesideNarrowerRulesFires)
{
    const LintFinding f = single(cluster() +
                                     policy("shop", "world",
                                            "  podSelector: {matchLabels: {app: web}}\n"
                                            "  ingress:\n  - from:\n"
                                            "    - ipBlock: {cidr: 0.0.0.0/0}\n") +
                                     policy("shop", "api", kWebFromApi),
                                 "open-ingress-beside-narrower-rules");
    EXPECT_EQ(f.objects.size(), 2u);
}

TEST(LintRule, OpenIngressBesideNarrowerRulesQuiet)
{
    quiet(cluster() + policy("shop", "world",
                             "  podSelector: {matchLabels: {app: web}}\n"
                             "  ingress:\n  - from:\n"
                             "    - ipBlock: {cidr: 0.0.0.0/0}\n"),
          "open-ingress-beside-narrower-rules");
    quiet(cluster() +
              policy("shop", "lb",
                     "  podSelector: {matchLabels: {app: web}}\n"
                     "  ingress:\n  - from:\n"
                     "    - ipBlock: {cidr: 203.0.113.0/24}\n") +
              policy("shop", "api", kWebFromApi),
          "open-ingress-beside-narrower-rules");
}

const std::string kDenyAll = "  podSelector: {}\n  policyTypes: [Ingress]\n";

TEST(LintRule, UnfencedNamespaceFires)
{
    const auto found =
        with(lint(cluster() + policy("shop", "deny", kDenyAll)), "unfenced-namespace");
    ASSERT_EQ(found.size(), 2u); // data and kube-system
    EXPECT_EQ(found[0].objects, std::vector<std::string>{"Namespace data"});
    EXPECT_GT(found[0].location.line, 0);
}

TEST(LintRule, UnfencedNamespaceQuiet)
{
    quiet(cluster() + policy("shop", "deny", kDenyAll) + policy("data", "deny", kDenyAll) +
              policy("kube-system", "deny", kDenyAll),
          "unfenced-namespace");
    quiet(cluster() + policy("shop", "p", kWebFromApi), "unfenced-namespace"); // nobody denies
}

std::string hostPod(const std::string &labels)
{
    return "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\n  namespace: shop\n"
           "  labels: {" +
           labels + "}\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n";
}

TEST(LintRule, HostNetworkPodSelectedFires)
{
    single(cluster() + hostPod("app: agent") + policy("shop", "deny", kDenyAll),
           "host-network-pod-selected");
}

TEST(LintRule, HostNetworkPodSelectedQuiet)
{
    quiet(cluster() + hostPod("app: agent") + policy("shop", "p", kWebFromApi),
          "host-network-pod-selected");
}

TEST(Lint, ACleanDesignHasNoFindings)
{
    const std::string fenced = "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress:\n"
                               "  - to:\n    - namespaceSelector: {}\n"
                               "      podSelector: {matchLabels: {k8s-app: kube-dns}}\n"
                               "    ports: [{port: 53, protocol: UDP}, {port: 53}]\n";
    const auto findings =
        lint(cluster() + policy("shop", "base", fenced) + policy("data", "base", fenced) +
             policy("kube-system", "dns",
                    "  podSelector: {matchLabels: {k8s-app: kube-dns}}\n"
                    "  ingress:\n  - ports: [{port: 53, protocol: UDP}, {port: 53}]\n") +
             policy("shop", "web-to-api",
                    "  podSelector: {matchLabels: {app: api}}\n"
                    "  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n"
                    "    ports: [{port: 8080}]\n") +
             policy("shop", "web-out",
                    "  podSelector: {matchLabels: {app: web}}\n"
                    "  egress:\n  - to:\n    - podSelector: {matchLabels: {app: api}}\n"
                    "    ports: [{port: 8080}]\n"));
    for (const LintFinding &f : findings)
        ADD_FAILURE() << f.id << ": " << f.why;
}

TEST(Lint, EveryRuleIsDocumented)
{
    std::ifstream in(std::string(NETFENCE_TESTS_DIR) + "/../docs/semantics.md");
    std::stringstream s;
    s << in.rdbuf();
    for (const LintRule &r : lintRules())
        EXPECT_NE(s.str().find(std::string("`") + r.id + '`'), std::string::npos) << r.id;
}

int cli(const std::vector<std::string> &args, std::string &out)
{
    std::ostringstream o, e;
    const int code = CommandLine::run(args, o, e);
    out = o.str();
    return code;
}

TEST(LintCommand, ExitCodeFollowsErrorsAndSarifHasLocations)
{
    const std::string dir = testing::TempDir() + "lintcmd";
    std::filesystem::create_directories(dir);
    const std::string bad = dir + "/bad policy.yaml", warn = dir + "/warn.yaml";
    std::ofstream(bad) << cluster() +
                              policy("shop", "p", kWebFromApi + "    ports: [{port: htpp}]\n");
    std::ofstream(warn) << cluster() +
                               policy("shop", "p", kWebFromApi + "    ports: [{port: 8080}]\n");
    std::string out;
    EXPECT_EQ(cli({"lint", bad}, out), 1);
    EXPECT_NE(out.find("error [named-port-undeclared]"), std::string::npos) << out;
    EXPECT_NE(out.find("fix: "), std::string::npos) << out;
    EXPECT_EQ(cli({"lint", warn}, out), 0) << out;
    EXPECT_NE(out.find("warning [port-not-exposed]"), std::string::npos) << out;
    EXPECT_EQ(cli({"lint", bad, "--format", "sarif"}, out), 1);
    EXPECT_NE(out.find("\"version\": \"2.1.0\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"ruleId\": \"named-port-undeclared\""), std::string::npos) << out;
    EXPECT_NE(out.find("bad%20policy.yaml"), std::string::npos) << out;
    EXPECT_NE(out.find("\"startLine\": "), std::string::npos) << out;
    EXPECT_EQ(cli({"lint", bad, "--format", "json"}, out), 1);
    EXPECT_NE(out.find("\"id\": \"named-port-undeclared\""), std::string::npos) << out;
    EXPECT_EQ(cli({"lint", bad, "--format", "xml"}, out), 2);
    std::filesystem::remove_all(dir);
}

TEST(LintWriter, FileUrisArePercentEncoded)
{
    EXPECT_EQ(LintWriter::fileUri("deploy/a b.yaml"), "deploy/a%20b.yaml");
    EXPECT_EQ(LintWriter::fileUri("./x#y?.yaml"), "x%23y%3F.yaml");
    EXPECT_EQ(LintWriter::fileUri("/abs/p.yaml"), "file:///abs/p.yaml");
}

} // namespace

namespace {

// Self-contained judgement: a fresh evaluator without the policy (or the rule), compared by
// the semantic diff and each workload's traffic to itself.
bool sameConnectivity(const Evaluator &a, const Cluster &changed)
{
    const Evaluator b(changed, a.options());
    for (size_t w = 0; w < changed.workloads.size(); ++w) {
        const Endpoint self = Endpoint::ofWorkload(w);
        if (a.allowed(self, self) != b.allowed(self, self)) return false;
    }
    return ConnectivityDiff::compute(a, b).isEmpty();
}

TEST(LintRandomized, RedundancyFindingsAgreeWithFreshEvaluations)
{
    int policies = 0, withoutEffect = 0, rules = 0, redundant = 0;
    for (std::uint32_t seed = 1; seed <= 150; ++seed) {
        const Cluster c = netfence::test::randomCluster(seed);
        const Evaluator e(c);
        const auto findings = Linter(e).run();
        auto flagged = [&](const std::string &id, const std::string &text) {
            return std::any_of(findings.begin(), findings.end(), [&](const LintFinding &f) {
                return f.id == id && f.why.rfind("Removing " + text + " changes", 0) == 0;
            });
        };
        for (size_t p = 0; p < c.policies.size(); ++p) {
            const NetworkPolicy &policy = c.policies[p];
            bool selects = false;
            for (size_t w = 0; w < c.workloads.size(); ++w) {
                const auto s = e.policiesSelecting(w);
                selects = selects || std::find(s.begin(), s.end(), p) != s.end();
            }
            if (!selects) continue;
            Cluster without = c;
            without.policies.erase(without.policies.begin() + static_cast<long>(p));
            const bool none = sameConnectivity(e, without);
            ++policies;
            withoutEffect += none;
            ASSERT_EQ(flagged("policy-without-effect", policy.qualifiedName()), none)
                << "seed " << seed << ' ' << policy.qualifiedName();
            if (none) continue;
            for (const bool ingress : {true, false}) {
                const auto &list = ingress ? policy.ingress : policy.egress;
                for (size_t r = 0; r < list.size(); ++r) {
                    const std::string name = policy.qualifiedName() +
                                             (ingress ? " ingress[" : " egress[") +
                                             std::to_string(r) + ']';
                    if (!flagged("redundant-rule", name))
                        continue; // rules whose peers select nothing are not judged
                    Cluster fewer = c;
                    NetworkPolicy &edited = fewer.policies[p];
                    edited.policyTypes.clear();
                    if (policy.affectsIngress()) edited.policyTypes.push_back(PolicyType::Ingress);
                    if (policy.affectsEgress()) edited.policyTypes.push_back(PolicyType::Egress);
                    auto &rulesOf = ingress ? edited.ingress : edited.egress;
                    rulesOf.erase(rulesOf.begin() + static_cast<long>(r));
                    ++rules;
                    ++redundant;
                    ASSERT_TRUE(sameConnectivity(e, fewer)) << "seed " << seed << ' ' << name;
                }
            }
        }
    }
    RecordProperty("policies", policies);
    RecordProperty("withoutEffect", withoutEffect);
    RecordProperty("redundantRules", redundant);
    EXPECT_GT(withoutEffect, 5);
    EXPECT_GT(redundant, 5);
}

TEST(LintRun, ACancelledRunStopsWithoutTheLaterRulesAndAnUncancelledOneFindsEverything)
{
    const std::string yaml = cluster() + policy("shop", "nothing", "  podSelector: {matchLabels: {app: none}}\n");
    const LoadResult r = ManifestLoader::loadText(yaml, "test.yaml");
    const Evaluator evaluator(r.cluster);
    std::atomic<bool> cancel{false};
    LintOptions options;
    options.cancel = &cancel;
    const auto all = Linter(evaluator, options).run();
    EXPECT_EQ(with(all, "policy-selects-no-pod").size(), 1u);
    cancel = true; // as a background lint sees when the design changed under it
    EXPECT_TRUE(Linter(evaluator, options).run().empty());
}

} // namespace
