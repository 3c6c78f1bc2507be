// Lab files (docs/labs.md): what a teacher writes, and the diagnostic for each mistake.
#include "core/labchecker.h"
#include "core/labloader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace netfence::core;

namespace {

const char *kCluster = R"(apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
  - name: web
    ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  containers:
  - name: dns
    ports: [{containerPort: 53, protocol: UDP}]
)";

const char *kDenyAll = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
)";

// Files as a Qt resource reader would serve them: by full name, from memory.
struct Files
{
    std::map<std::string, std::string> texts{{"labs/cluster.yaml", kCluster},
                                             {"labs/deny.yaml", kDenyAll}};
    LabLoader::FileReader reader() const
    {
        return [this](const std::string &path) -> std::optional<std::string> {
            auto it = texts.find(path);
            if (it == texts.end())
                return std::nullopt;
            return it->second;
        };
    }
};

const char *kGoodLab = R"(apiVersion: netfence/v1
kind: Lab
title: A small lab
cluster: [cluster.yaml]
probes: [TCP/80]
steps:
- id: close
  title: Close the shop
  goal: Nothing in shop reaches anything.
  hints: [One policy, "podSelector {}"]
  solution: deny.yaml
  mustDeny:
  - shop/client -> shop/web TCP/80
  - shop/client -> internet
  onlyThese: true
- id: dns
  title: DNS
  goal: The client resolves names.
  mustAllow:
  - shop/client -> kube-system/dns UDP/53
  keepOpen: [close]
  mistakes: [dns-blocked]
)";

LabLoadResult load(const std::string &text, const Files &files = {})
{
    return LabLoader::loadText(text, "labs/small.lab.yaml", files.reader());
}

std::string diagnostics(const LabLoadResult &r)
{
    std::string out;
    for (const Diagnostic &d : r.diagnostics)
        out += d.toString() + '\n';
    return out;
}

TEST(LabLoader, ReadsALabAndTheFilesItNames)
{
    const LabLoadResult r = load(kGoodLab);
    ASSERT_TRUE(r.ok()) << diagnostics(r);
    const Lab &lab = *r.lab;
    EXPECT_EQ(lab.id, "small"); // the file name without .lab.yaml
    EXPECT_EQ(lab.title, "A small lab");
    ASSERT_EQ(lab.cluster.size(), 1u);
    EXPECT_EQ(lab.cluster[0].path, "labs/cluster.yaml");
    EXPECT_EQ(lab.cluster[0].location.line, 4);
    ASSERT_EQ(lab.steps.size(), 2u);
    const LabStep &close = lab.steps[0];
    EXPECT_EQ(close.hints, (std::vector<std::string>{"One policy", "podSelector {}"}));
    ASSERT_EQ(close.solution.size(), 1u);
    EXPECT_EQ(close.solution[0].text, kDenyAll);
    ASSERT_EQ(close.requirements.size(), 2u);
    EXPECT_EQ(close.requirements[0].toString(), "must deny shop/client -> shop/web on TCP/80");
    EXPECT_EQ(close.requirements[0].location.line, 13);
    EXPECT_EQ(close.requirements[0].location.column, 5);
    // Without ports: every probe of the step.
    EXPECT_TRUE(close.requirements[1].everyProbe);
    EXPECT_EQ(close.requirements[1].toString(),
              "must deny shop/client -> internet on every probed port (TCP/80)");
    EXPECT_TRUE(close.onlyThese);
    EXPECT_EQ(close.mistakes.size(), allMistakeKinds().size());
    const LabStep &dns = lab.steps[1];
    EXPECT_FALSE(dns.onlyThese);
    EXPECT_EQ(dns.mistakes, std::vector<MistakeKind>{MistakeKind::DnsBlocked});
    // The step's probes: the lab's, then those its requirements name.
    ASSERT_EQ(dns.probes.size(), 2u);
    EXPECT_EQ(probeText(dns.probes[1]), "UDP/53");
    // keepOpen copies must-allow requirements only; "close" has none.
    EXPECT_EQ(dns.requirements.size(), 1u);
}

TEST(LabLoader, BuildsTheClusterOfEachStep)
{
    const LabLoadResult r = load(kGoodLab);
    ASSERT_TRUE(r.ok()) << diagnostics(r);
    EXPECT_EQ(r.lab->buildCluster(0, 0).cluster.policies.size(), 0u);
    EXPECT_EQ(r.lab->buildCluster(1, 1).cluster.policies.size(), 1u);
    EXPECT_EQ(r.lab->buildCluster(1, 1).cluster.workloads.size(), 3u);
}

TEST(LabLoader, QtResourceNamesResolveBesideTheLab)
{
    Files files;
    files.texts = {{":/labs/cluster.yaml", kCluster}, {":/labs/deny.yaml", kDenyAll}};
    const LabLoadResult r = LabLoader::loadText(kGoodLab, ":/labs/small.lab.yaml", files.reader());
    EXPECT_TRUE(r.ok()) << diagnostics(r);
}

// One broken lab per row, and the diagnostic it must produce.
struct BadLab
{
    const char *name;
    std::string find;    // replaced in kGoodLab...
    std::string replace; // ...by this
    std::string expected; // a substring of the diagnostics
};

void PrintTo(const BadLab &row, std::ostream *out)
{
    *out << row.name;
}

class LabLoaderDiagnostics : public ::testing::TestWithParam<BadLab>
{
};

TEST_P(LabLoaderDiagnostics, PointsAtTheMistake)
{
    const BadLab &row = GetParam();
    std::string text = kGoodLab;
    const size_t at = text.find(row.find);
    ASSERT_NE(at, std::string::npos) << row.find;
    text.replace(at, row.find.size(), row.replace);
    const LabLoadResult r = load(text);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(diagnostics(r).find(row.expected), std::string::npos) << diagnostics(r);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, LabLoaderDiagnostics,
    ::testing::Values(
        BadLab{"UnknownKeepOpenStep", "keepOpen: [close]", "keepOpen: [clse]",
               "labs/small.lab.yaml:21:14: error: step 2 (dns): unknown step id \"clse\" in keepOpen; did you "
               "mean \"close\"?"},
        BadLab{"KeepOpenOfALaterStep", "  onlyThese: true\n", "  onlyThese: true\n  keepOpen: [dns]\n",
               "labs/small.lab.yaml:16:14: error: step 1 (close): keepOpen may only name an earlier step"},
        BadLab{"BadPort", "shop/web TCP/80", "shop/web TCP/x",
               "labs/small.lab.yaml:13:29: error: step 1: bad port \"TCP/x\": a requirement names port numbers, not port names; write e.g. TCP/80"},
        BadLab{"PortOutOfRange", "probes: [TCP/80]", "probes: [TCP/80, UDP/70000]",
               "labs/small.lab.yaml:5:18: error: bad port \"UDP/70000\""},
        BadLab{"UnknownEndpoint", "shop/client -> kube-system/dns", "shop/clinet -> kube-system/dns",
               "labs/small.lab.yaml:20:5: error: step 2 (dns): unknown endpoint \"shop/clinet\": no pod "
               "or workload of that name in the cluster of this step; did you mean \"shop/client\"?"},
        BadLab{"NotAnEndpoint", "shop/client -> shop/web", "client -> shop/web",
               "labs/small.lab.yaml:13:5: error: step 1: \"client\" is not an endpoint"},
        BadLab{"NoArrow", "shop/client -> shop/web TCP/80", "shop/client to shop/web TCP/80",
               "labs/small.lab.yaml:13:5: error: step 1: a requirement is written \"FROM -> TO"},
        BadLab{"BothEndsOutside", "shop/client -> internet", "1.2.3.4 -> internet",
               "both ends are outside the cluster"},
        BadLab{"MissingTitle", "  title: Close the shop\n", "",
               "labs/small.lab.yaml:7:3: error: step 1: a step needs \"title\""},
        BadLab{"MissingGoal", "  goal: The client resolves names.\n", "", "a step needs \"goal\""},
        BadLab{"NoGoalToCheck", "  mustAllow:\n  - shop/client -> kube-system/dns UDP/53\n", "",
               "error: step 2 (dns): the step has no goal to check"},
        BadLab{"MissingCluster", "cluster: [cluster.yaml]\n", "", "the lab needs \"cluster\""},
        BadLab{"UnreadableFile", "solution: deny.yaml", "solution: dney.yaml",
               "labs/small.lab.yaml:11:13: error: step 1: cannot read \"labs/dney.yaml\""},
        BadLab{"UnknownKey", "  mustDeny:", "  mustDenny:",
               "error: step 1: unknown key \"mustDenny\" in a step; did you mean \"mustDeny\"?"},
        BadLab{"NotALab", "kind: Lab", "kind: Deployment", "not a netfence lab"},
        BadLab{"WrongApiVersion", "netfence/v1", "netfence/v9", "apiVersion \"netfence/v9\" is not supported"},
        BadLab{"BadBool", "onlyThese: true", "onlyThese: yes", "onlyThese must be true or false"},
        BadLab{"DuplicateStepId", "- id: dns", "- id: close", "two steps have the id \"close\""},
        BadLab{"BadStepId", "- id: dns", "- id: Step 2", "step id \"Step 2\" must be lower-case"},
        BadLab{"NumericStepId", "- id: dns", "- id: 2", "not only digits"},
        BadLab{"UnknownMistake", "mistakes: [dns-blocked]", "mistakes: [dns-blokced]",
               "unknown mistake \"dns-blokced\""},
        BadLab{"AllowedAndDenied", "  keepOpen: [close]\n",
               "  keepOpen: [close]\n  mustDeny: [shop/client -> kube-system/dns UDP/53]\n",
               "must be both allowed (mustAllow) and denied"},
        BadLab{"NoSteps", "steps:", "stepz:", "the lab needs \"steps\""},
        BadLab{"StepNotAMap", "- id: dns\n", "- just text\n- id: dns\n", "a step must be a map, found a scalar"},
        BadLab{"YamlSyntax", "title: A small lab", "title: [A small lab",
               "labs/small.lab.yaml:4:8: error: YAML syntax error"},
        BadLab{"RequirementNotAString", "  - shop/client -> shop/web TCP/80", "  - {from: shop/client}",
               "a requirement written as a map needs \"require\""},
        BadLab{"RequirementListNotAString", "  - shop/client -> shop/web TCP/80", "  - [shop/client]",
               "a requirement must be a scalar, found a list"}),
    [](const ::testing::TestParamInfo<BadLab> &info) { return std::string(info.param.name); });

TEST(LabLoader, ReportsErrorsInsideTheManifestsItNames)
{
    Files files;
    files.texts["labs/deny.yaml"] = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: "
                                    "{name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  "
                                    "policyTypes: [Sideways]\n";
    const LabLoadResult r = load(kGoodLab, files);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(diagnostics(r).find("labs/deny.yaml:6:"), std::string::npos) << diagnostics(r);
}

TEST(LabLoader, AnUnknownScopeNamespaceIsAWarning)
{
    std::string text = kGoodLab;
    text.replace(text.find("steps:"), 6, "scope: [shop, shpo]\nsteps:");
    const LabLoadResult r = load(text);
    EXPECT_TRUE(r.ok()) << diagnostics(r);
    EXPECT_NE(diagnostics(r).find("labs/small.lab.yaml:6:15: warning: scope names namespace \"shpo\""),
              std::string::npos)
        << diagnostics(r);
}

TEST(LabLoader, NeverThrowsOnGarbage)
{
    for (const std::string &text :
         {std::string(), std::string("just a string"), std::string("[1, 2"), std::string("{kind: Lab}"),
          std::string("kind: Lab\nsteps: 7\ncluster: {a: b}\n"), std::string("kind: Lab\nsteps: [[[]]]\n"),
          std::string("kind: Lab\nsteps:\n- &a {id: x, title: t, goal: g, keepOpen: *a}\n"),
          std::string("kind: [Lab]\n"), std::string(5000, '[')}) {
        const LabLoadResult r = load(text);
        EXPECT_FALSE(r.ok()) << text;
        EXPECT_FALSE(r.diagnostics.empty()) << text;
    }
    const LabLoadResult missing = LabLoader::load("/nonexistent/lab.yaml");
    EXPECT_FALSE(missing.lab);
    ASSERT_EQ(missing.diagnostics.size(), 1u);
    EXPECT_NE(missing.diagnostics[0].toString().find("/nonexistent/lab.yaml: error: cannot read"),
              std::string::npos);
}

// The example in docs/labs.md loads, and solutions written from its text pass its steps.
TEST(LabLoader, TheDocumentedExampleWorks)
{
    std::ifstream in(std::string(NETFENCE_LABS_DIR) + "/../../docs/labs.md");
    std::stringstream doc;
    doc << in.rdbuf();
    const std::string text = doc.str();
    const size_t start = text.find("```yaml\n");
    ASSERT_NE(start, std::string::npos);
    const size_t end = text.find("```", start + 8);
    const std::string example = text.substr(start + 8, end - start - 8);

    Files files;
    files.texts = {
        {"docs/shop/cluster.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: db, ports: [{containerPort: 5432}]}]}
)"},
        {"docs/shop/solutions/default-deny.yaml", R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
)"},
        {"docs/shop/solutions/web-to-db.yaml", R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
)"}};
    const LabLoadResult r = LabLoader::loadText(example, "docs/shop.lab.yaml", files.reader());
    ASSERT_TRUE(r.ok()) << diagnostics(r);
    ASSERT_EQ(r.lab->steps.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_FALSE(LabChecker::check(r.lab->steps[i], r.lab->buildCluster(i, i).cluster).passed);
        const StepResult solved = LabChecker::check(r.lab->steps[i], r.lab->buildCluster(i, i + 1).cluster);
        EXPECT_TRUE(solved.passed) << solved.report();
    }
}

} // namespace
