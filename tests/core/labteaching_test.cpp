// Issue 15: what a teacher writes into a lab (own hints, port ranges, keep, onlyThese on
// workloads), the peer mistake detectors, lab verify, lab grade and the texts' layout.
#include "core/builtinlabs.h"
#include "core/commandline.h"
#include "core/labchecker.h"
#include "core/labgrader.h"
#include "core/labloader.h"
#include "core/labtext.h"
#include "core/labverifier.h"
#include "core/namespacechoice.h"
#include "core/portspec.h"

#include "support/corpusfiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace netfence::core;
using netfence::test::readFile;

namespace {

const std::string kLabs = NETFENCE_LABS_DIR;
const std::string kAndOr = kLabs + "/and-or-peers.lab.yaml";
const std::string kAndOrPolicies = kLabs + "/and-or-peers-policies";
const std::string kClass = std::string(NETFENCE_TESTS_DIR) + "/../docs/examples/class";

struct CliRun
{
    explicit CliRun(std::vector<std::string> args) { code = CommandLine::run(args, out, err); }
    int code;
    std::ostringstream out, err;
};

const char *kCluster = R"(apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {env: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {env: dev}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
  - name: web
    ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec:
  containers:
  - name: db
    ports: [{containerPort: 5432}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: dev, labels: {app: web}}
)";

const char *kDenyIngress = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
)";

struct Files
{
    std::map<std::string, std::string> texts{{"l/cluster.yaml", kCluster},
                                             {"l/deny.yaml", kDenyIngress}};
    LabLoader::FileReader reader() const
    {
        return [this](const std::string &path) -> std::optional<std::string> {
            auto it = texts.find(path);
            return it == texts.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
    }
};

LabLoadResult loadLab(const std::string &steps, const Files &files = {})
{
    const std::string text =
        "kind: Lab\ntitle: T\ncluster: [cluster.yaml]\nprobes: [TCP/5432, TCP/8080]\nsteps:\n" +
        steps;
    return LabLoader::loadText(text, "l/t.lab.yaml", files.reader());
}

std::string messages(const LabLoadResult &r)
{
    std::string out;
    for (const Diagnostic &d : r.diagnostics)
        out += d.toString() + '\n';
    return out;
}

const Lab &builtIn(const std::string &path)
{
    static std::map<std::string, LabLoadResult> cache;
    auto it = cache.find(path);
    if (it == cache.end()) it = cache.emplace(path, LabLoader::load(path)).first;
    EXPECT_TRUE(it->second.ok()) << messages(it->second);
    return *it->second.lab;
}

// The cluster of step `step` with the given policy texts on top of the lab's.
StepResult checkWith(const Lab &lab, size_t step, const std::vector<std::string> &policies)
{
    ManifestLoader loader;
    lab.addManifests(loader, step, 0);
    for (size_t i = 0; i < policies.size(); ++i)
        loader.addText(policies[i], "answer" + std::to_string(i) + ".yaml");
    const LoadResult r = loader.finish();
    for (const Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << d.toString();
    return LabChecker::check(lab.steps[step], r.cluster);
}

const MistakeHint *findHint(const StepResult &r, MistakeKind kind)
{
    for (const MistakeHint &h : r.mistakes)
        if (h.kind == kind) return &h;
    return nullptr;
}

TEST(PortSpec, RangesAndSuggestions)
{
    std::string error;
    const auto range = PortSpec::parse("TCP/8080-8090", error);
    ASSERT_TRUE(range) << error;
    EXPECT_EQ(range->size(), 11u);
    EXPECT_EQ(range->front().port, 8080);
    EXPECT_EQ(range->back().port, 8090);
    EXPECT_EQ(probesText(*range), "TCP/8080-8090");
    const auto one = PortSpec::parse("udp/53", error);
    ASSERT_TRUE(one);
    EXPECT_EQ(probesText(*one), "UDP/53");

    const std::map<std::string, std::string> wrong{
        {"5432", "bad port \"5432\": write TCP/5432"},
        {"5432/TCP", "bad port \"5432/TCP\": write TCP/5432"},
        {"tcp:80", "bad port \"tcp:80\": write TCP/80"},
        {"HTTP/80", "the protocol is TCP, UDP or SCTP, e.g. TCP/80"},
        {"TCP/http", "port numbers, not port names"},
        {"TCP/70000", "ports are 1-65535"},
        {"TCP/90-80", "write TCP/80-90"},
        {"TCP/1-65535", "at most 1024"},
        {"x", "write PROTOCOL/PORT or PROTOCOL/FIRST-LAST"}};
    for (const auto &[text, expected] : wrong) {
        EXPECT_FALSE(PortSpec::parse(text, error)) << text;
        EXPECT_NE(error.find(expected), std::string::npos) << text << ": " << error;
    }
}

TEST(LabRequirements, PortErrorsInALabSuggestTheRightForm)
{
    const LabLoadResult r =
        loadLab("- id: a\n  title: A\n  goal: g\n  mustDeny: [shop/web -> shop/db 5432]\n");
    EXPECT_FALSE(r.ok());
    EXPECT_NE(messages(r).find("t.lab.yaml:9:34: error: step 1: bad port \"5432\": write TCP/5432"),
              std::string::npos)
        << messages(r);
}

TEST(LabRequirements, APortRangeHoldsOnEachPort)
{
    const LabLoadResult r = loadLab(
        "- id: a\n  title: A\n  goal: g\n  mustDeny: [dev/web -> shop/web TCP/8079-8081]\n");
    ASSERT_TRUE(r.ok()) << messages(r);
    const LabStep &step = r.lab->steps[0];
    ASSERT_EQ(step.requirements[0].probes.size(), 3u);
    EXPECT_EQ(step.requirements[0].toString(), "must deny dev/web -> shop/web on TCP/8079-8081");
    const LoadResult open = r.lab->buildCluster(0, 0);
    EXPECT_FALSE(LabChecker::check(step, open.cluster).passed);
}

TEST(LabRequirements, TheTeachersHintIsShownWhenTheRequirementFails)
{
    const LabLoadResult r =
        loadLab("- id: a\n  title: A\n  goal: g\n  solution: [deny.yaml]\n  mustDeny:\n"
                "  - require: dev/web -> shop/db TCP/5432\n"
                "    hint: |\n      dev must never reach the database.\n      Close shop.\n"
                "  - shop/web -> shop/db TCP/5432\n");
    ASSERT_TRUE(r.ok()) << messages(r);
    const LabStep &step = r.lab->steps[0];
    ASSERT_EQ(step.requirements.size(), 2u);
    EXPECT_EQ(step.requirements[0].hint, "dev must never reach the database.\nClose shop.\n");
    EXPECT_TRUE(step.requirements[1].hint.empty());
    const StepResult failing = LabChecker::check(step, r.lab->buildCluster(0, 0).cluster);
    EXPECT_EQ(failing.requirements[0].hint, step.requirements[0].hint);
    EXPECT_NE(failing.report().find("FAIL must deny dev/web -> shop/db on TCP/5432\n"
                                    "    Teacher's hint: dev must never reach the database.\n"
                                    "    Close shop.\n"),
              std::string::npos)
        << failing.report();
    const StepResult passing = LabChecker::check(step, r.lab->buildCluster(0, 1).cluster);
    EXPECT_TRUE(passing.passed);
    EXPECT_EQ(passing.report().find("Teacher's hint"), std::string::npos);

    const LabLoadResult bad =
        loadLab("- id: a\n  title: A\n  goal: g\n  mustDeny:\n  - {hint: x, requir: a}\n");
    EXPECT_NE(
        messages(bad).find("unknown key \"requir\" in a requirement; did you mean \"require\"?"),
        std::string::npos)
        << messages(bad);
    EXPECT_NE(messages(bad).find("needs \"require\""), std::string::npos);
}

TEST(LabRequirements, KeepCarriesEarlierMustDenyRequirements)
{
    const std::string steps =
        "- id: close\n  title: A\n  goal: g\n  mustDeny: [dev/web -> shop/db TCP/5432]\n"
        "- id: open\n  title: B\n  goal: g\n  mustAllow: [shop/web -> shop/db TCP/5432]\n"
        "  keep: [close]\n";
    const LabLoadResult r = loadLab(steps);
    ASSERT_TRUE(r.ok()) << messages(r);
    const LabStep &open = r.lab->steps[1];
    ASSERT_EQ(open.requirements.size(), 2u);
    EXPECT_EQ(open.requirements[1].expect, Expectation::Deny);
    EXPECT_EQ(open.requirements[1].keptFrom, "close");
    // Deleting the earlier policy no longer passes the later step.
    EXPECT_FALSE(LabChecker::check(open, r.lab->buildCluster(1, 0).cluster).passed);

    const LabLoadResult contradiction =
        loadLab("- id: close\n  title: A\n  goal: g\n  mustDeny: [shop/web -> shop/db TCP/5432]\n"
                "- id: open\n  title: B\n  goal: g\n  mustAllow: [shop/web -> shop/db TCP/5432]\n  "
                "keep: [close]\n");
    EXPECT_NE(messages(contradiction)
                  .find("must be both allowed (mustAllow) and denied (kept from close)"),
              std::string::npos)
        << messages(contradiction);
    const LabLoadResult later =
        loadLab("- id: a\n  title: A\n  goal: g\n  mustDeny: [dev/web -> shop/db]\n  keep: [b]\n"
                "- id: b\n  title: B\n  goal: g\n  mustDeny: [dev/web -> shop/db]\n");
    EXPECT_NE(messages(later).find("keep may only name an earlier step; \"b\" is step 2"),
              std::string::npos)
        << messages(later);
}

TEST(LabRequirements, OnlyTheseScopedToAWorkload)
{
    const LabLoadResult r = loadLab("- id: a\n  title: A\n  goal: nothing else reaches db\n  "
                                    "mustAllow: [shop/web -> shop/db TCP/5432]\n"
                                    "  onlyThese: {to: [shop/db]}\n");
    ASSERT_TRUE(r.ok()) << messages(r);
    const LabStep &step = r.lab->steps[0];
    EXPECT_TRUE(step.onlyThese);
    EXPECT_EQ(step.onlyTo, std::vector<std::string>{"shop/db"});
    const LoadResult flat = r.lab->buildCluster(0, 0);
    const StepResult result = LabChecker::check(step, flat.cluster);
    ASSERT_EQ(result.requirements.size(), 2u);
    EXPECT_EQ(result.requirements[1].text,
              "must deny everything else to shop/db on TCP/5432, TCP/8080");
    // Only connections into db count: dev/web -> db on both probes, internet -> db on both,
    // shop/web -> db on 8080. Nothing into web does.
    EXPECT_EQ(result.unintended.size(), 5u);
    for (const std::string &u : result.unintended)
        EXPECT_NE(u.find("-> shop/db"), std::string::npos) << u;

    const LabLoadResult bad =
        loadLab("- id: a\n  title: A\n  goal: g\n  onlyThese: {to: [shop/dbb], form: [x]}\n");
    EXPECT_NE(messages(bad).find("unknown key \"form\" in onlyThese (known: from to)"),
              std::string::npos)
        << messages(bad);
    EXPECT_NE(messages(bad).find("unknown endpoint \"shop/dbb\""), std::string::npos)
        << messages(bad);
}

TEST(PeerMistakes, OredPeersNameThePeerThatLetThePodIn)
{
    const Lab &lab = builtIn(kAndOr);
    const StepResult r = checkWith(lab, 1,
                                   {readFile(kAndOrPolicies + "/default-deny-ingress.yaml"),
                                    readFile(kClass + "/bob/step-2/db-from-prod-web.yaml")});
    EXPECT_FALSE(r.passed);
    const MistakeHint *h = findHint(r, MistakeKind::OredPeers);
    ASSERT_NE(h, nullptr) << r.report();
    EXPECT_NE(
        h->hint.find("tools/monitor gets in through from[0] (all pods in namespaces env=prod) of "
                     "shop/db-from-prod-web ingress[0]"),
        std::string::npos)
        << h->hint;
    EXPECT_NE(h->hint.find("one peer with both selectors"), std::string::npos);
    EXPECT_GT(h->location.line, 0);
    // The right answer raises none of the peer hints.
    const StepResult right = checkWith(lab, 1,
                                       {readFile(kAndOrPolicies + "/default-deny-ingress.yaml"),
                                        readFile(kAndOrPolicies + "/db-from-prod-web.yaml")});
    EXPECT_TRUE(right.passed) << right.report();
    EXPECT_EQ(findHint(right, MistakeKind::OredPeers), nullptr);
    EXPECT_EQ(findHint(right, MistakeKind::AndedPeers), nullptr);
}

TEST(PeerMistakes, OredPeersFoundThroughNothingElse)
{
    // The same mistake in a step that only says "nothing else reaches db".
    const Lab &lab = builtIn(kAndOr);
    LabStep step = lab.steps[1];
    step.requirements.erase(std::remove_if(step.requirements.begin(), step.requirements.end(),
                                           [](const LabRequirement &r) { return r.expect == Expectation::Deny; }),
                            step.requirements.end());
    ManifestLoader loader;
    lab.addManifests(loader, 1, 0);
    loader.addText(readFile(kAndOrPolicies + "/default-deny-ingress.yaml"), "deny.yaml");
    loader.addText(readFile(kClass + "/bob/step-2/db-from-prod-web.yaml"), "or.yaml");
    const LoadResult r = loader.finish();
    const StepResult result = LabChecker::check(step, r.cluster);
    EXPECT_FALSE(result.passed);
    const MistakeHint *h = findHint(result, MistakeKind::OredPeers);
    ASSERT_NE(h, nullptr) << result.report();
    // The first unintended pair, in name order: shop/scraper lives in a prod namespace too.
    EXPECT_NE(h->hint.find("shop/scraper -> shop/db on TCP/5432 should be denied, but shop/scraper gets in "
                           "through from[0] (all pods in namespaces env=prod)"),
              std::string::npos)
        << h->hint;
    EXPECT_FALSE(h->requirement.has_value());
    EXPECT_EQ(h->location.file, "or.yaml");
}

TEST(PeerMistakes, AndedPeersWhereTwoPeersWereMeant)
{
    const Lab &lab = builtIn(kAndOr);
    const StepResult r = checkWith(lab, 2,
                                   {readFile(kAndOrPolicies + "/default-deny-ingress.yaml"),
                                    readFile(kAndOrPolicies + "/db-from-prod-web.yaml"),
                                    readFile(kClass + "/carol/step-3/db-metrics-scrapers.yaml")});
    EXPECT_FALSE(r.passed);
    const MistakeHint *h = findHint(r, MistakeKind::AndedPeers);
    ASSERT_NE(h, nullptr) << r.report();
    EXPECT_NE(h->hint.find("tools/monitor matches only the namespaceSelector of from[0]"),
              std::string::npos)
        << h->hint;
    EXPECT_NE(h->hint.find("write them as two peers"), std::string::npos);
    // The teacher's own hint comes with the failing requirement.
    EXPECT_NE(r.report().find("Teacher's hint: monitor has no role=scraper label"),
              std::string::npos)
        << r.report();
}

TEST(PeerMistakes, AnEmptyNamespaceSelectorWhereOneNamespaceWasMeant)
{
    const Lab &lab = builtIn(kAndOr);
    const std::string dir = kClass + "/carol/step-4/";
    const StepResult r = checkWith(
        lab, 3,
        {readFile(dir + "default-deny-ingress.yaml"), readFile(dir + "db-from-prod-web.yaml"),
         readFile(dir + "db-metrics-scrapers.yaml"), readFile(dir + "web-from-tools.yaml")});
    EXPECT_FALSE(r.passed);
    const MistakeHint *h = findHint(r, MistakeKind::AnyNamespace);
    ASSERT_NE(h, nullptr) << r.report();
    EXPECT_NE(h->hint.find("staging/debug gets in through from[0]"), std::string::npos) << h->hint;
    EXPECT_NE(h->hint.find("kubernetes.io/metadata.name: tools"), std::string::npos) << h->hint;
}

TEST(LabVerify, EveryBuiltInLabChecksItself)
{
    const std::vector<std::string> names = BuiltInLabs::names(kLabs);
    ASSERT_GE(names.size(), 2u);
    for (const std::string &name : names) {
        const Lab &lab = builtIn(kLabs + '/' + name + ".lab.yaml");
        const LabVerification v = LabVerifier::verify(lab);
        EXPECT_TRUE(v.ok()) << v.report(lab);
        EXPECT_EQ(v.steps.size(), lab.steps.size());
        CliRun cli({"lab", "verify", kLabs + '/' + name + ".lab.yaml"});
        EXPECT_EQ(cli.code, 0) << cli.out.str() << cli.err.str();
        EXPECT_NE(cli.out.str().find("the lab checks itself."), std::string::npos) << cli.out.str();
    }
}

TEST(LabVerify, FindsAStepThatPassesAtItsStartAndASolutionThatFails)
{
    Files files;
    files.texts["l/wrong.yaml"] =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
        "metadata: {name: wrong, namespace: dev}\nspec: {podSelector: {}}\n";
    const LabLoadResult r = loadLab(
        "- id: nothing\n  title: A\n  goal: g\n  mustAllow: [shop/web -> shop/db TCP/5432]\n"
        "  solution: [deny.yaml]\n"
        "- id: wrong\n  title: B\n  goal: g\n  mustDeny: [dev/web -> shop/db TCP/5432]\n"
        "  solution: [wrong.yaml]\n"
        "- id: look\n  title: C\n  goal: g\n  observation: true\n"
        "  mustDeny: [shop/web -> shop/db TCP/8080]\n"
        "- id: unsolved\n  title: D\n  goal: g\n  mustDeny: [dev/web -> shop/web TCP/8080]\n",
        files);
    ASSERT_TRUE(r.ok()) << messages(r);
    const LabVerification v = LabVerifier::verify(*r.lab);
    const std::string report = v.report(*r.lab);
    EXPECT_FALSE(v.ok());
    ASSERT_EQ(v.steps.size(), 4u);
    EXPECT_NE(report.find("FAIL step 1 (nothing): passes as it starts"), std::string::npos)
        << report;
    EXPECT_NE(report.find("error: already passes as it starts"), std::string::npos) << report;
    // Step 1's solution denies web -> db, which step 1 asks to allow.
    EXPECT_NE(report.find("the reference solution fails"), std::string::npos) << report;
    EXPECT_NE(report.find("FAIL step 2 (wrong)"), std::string::npos) << report;
    EXPECT_NE(report.find("ok   step 3 (look): observation step, met as it starts"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("error: has no reference solution"), std::string::npos) << report;
    EXPECT_NE(report.find("1 of 4 steps verified"), std::string::npos) << report;
}

TEST(LabVerify, WarnsWhenAStepIsMostlyMetAtItsStart)
{
    const LabLoadResult r =
        loadLab("- id: close\n  title: Z\n  goal: g\n  solution: [deny.yaml]\n"
                "  mustDeny: [dev/web -> shop/db TCP/5432]\n"
                // Opens one connection into shop; three of its four must-allow already hold.
                "- id: a\n  title: A\n  goal: g\n  mustAllow:\n"
                "  - shop/web -> dev/web TCP/8080\n  - shop/db -> dev/web TCP/8080\n"
                "  - dev/web -> dev/web TCP/5432\n  - dev/web -> shop/db TCP/7\n");
    ASSERT_TRUE(r.ok()) << messages(r);
    const LabVerification v = LabVerifier::verify(*r.lab);
    ASSERT_EQ(v.steps.size(), 2u);
    EXPECT_TRUE(v.steps[0].warnings.empty()) << v.report(*r.lab);
    ASSERT_EQ(v.steps[1].warnings.size(), 1u) << v.report(*r.lab);
    EXPECT_NE(
        v.steps[1].warnings[0].find("3 of its 4 must-allow requirements are met as it starts"),
        std::string::npos)
        << v.steps[1].warnings[0];
}

TEST(LabGrade, AClassOfThreeStudents)
{
    CliRun txt({"lab", "grade", kAndOr, kClass + "/alice", kClass + "/bob", kClass + "/carol"});
    EXPECT_EQ(txt.code, 1) << txt.err.str(); // bob and carol do not pass every step
    const std::string out = txt.out.str();
    EXPECT_NE(out.find("alice: 5 of 5 steps pass (one folder per step)\n"), std::string::npos)
        << out;
    EXPECT_NE(out.find("bob: 1 of 5 steps pass"), std::string::npos) << out;
    EXPECT_NE(out.find("carol: 2 of 5 steps pass"), std::string::npos) << out;
    EXPECT_NE(out.find("  2. and-peer       FAIL "), std::string::npos) << out;
    EXPECT_NE(out.find("1 of 3 students pass every step.\n"), std::string::npos) << out;

    CliRun csv({"lab", "grade", kAndOr, kClass + "/alice", kClass + "/bob", kClass + "/carol",
                "--format", "csv"});
    EXPECT_NE(
        csv.out.str().find("student,step,id,result,passed,total,detail\nalice,1,fence-shop,pass,"),
        std::string::npos)
        << csv.out.str();
    EXPECT_NE(csv.out.str().find("bob,4,one-namespace,missing,0,0,\n"), std::string::npos)
        << csv.out.str();

    CliRun json({"lab", "grade", kAndOr, kClass + "/carol", "--format=json"});
    EXPECT_NE(json.out.str().find("\"name\": \"carol\""), std::string::npos) << json.out.str();
    EXPECT_NE(json.out.str().find("\"result\": \"fail\""), std::string::npos);

    CliRun junit({"lab", "grade", kAndOr, kClass + "/alice", kClass + "/bob", "--format", "junit"});
    EXPECT_NE(junit.out.str().find(
                  "<testsuites name=\"and-or-peers\" tests=\"10\" failures=\"4\" errors=\"0\">"),
              std::string::npos)
        << junit.out.str();
    EXPECT_NE(
        junit.out.str().find("<testcase classname=\"and-or-peers.alice\" name=\"1 fence-shop\"/>"),
        std::string::npos);

    CliRun alice({"lab", "grade", kAndOr, kClass + "/alice"});
    EXPECT_EQ(alice.code, 0) << alice.out.str();
    CliRun badFormat({"lab", "grade", kAndOr, kClass + "/alice", "--format", "xml"});
    EXPECT_EQ(badFormat.code, 2);
    CliRun notFolder({"lab", "grade", kAndOr, kAndOr});
    EXPECT_EQ(notFolder.code, 2);
}

TEST(LabGrade, OneFolderWithEveryPolicyAndHostileNames)
{
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / "netfence-grade-test" / "=cmd|' ,\"x\"";
    std::filesystem::remove_all(dir.parent_path());
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(kAndOrPolicies + "/default-deny-ingress.yaml", dir / "deny.yaml");
    const Lab &lab = builtIn(kAndOr);
    const StudentGrade g = LabGrader::grade(lab, dir.string());
    EXPECT_FALSE(g.perStep);
    ASSERT_EQ(g.steps.size(), 5u);
    EXPECT_EQ(g.steps[0].state, GradeCell::State::Pass);
    EXPECT_EQ(g.steps[1].state, GradeCell::State::Fail);
    const std::string csv = LabGrader::write(GradeFormat::Csv, lab, {g});
    EXPECT_NE(csv.find("\n\"'=cmd|' ,\"\"x\"\"\",1,fence-shop,pass"), std::string::npos) << csv;
    const std::string junit = LabGrader::write(GradeFormat::JUnit, lab, {g});
    EXPECT_NE(junit.find("name=\"=cmd|&apos; ,&quot;x&quot;\""), std::string::npos) << junit;
    std::filesystem::remove_all(dir.parent_path());
}

TEST(LabText, StepsKeepTheLayoutOfTheirMarkdown)
{
    const Lab &lab = builtIn(kAndOr);
    CliRun steps({"lab", "steps", kAndOr});
    EXPECT_EQ(steps.code, 0);
    const std::string out = steps.out.str();
    // The side by side of AND and OR keeps its lines and indentation.
    EXPECT_NE(out.find("   from:                       # AND: one peer\n"
                       "   - namespaceSelector:\n"
                       "       matchLabels: {env: prod}\n"
                       "     podSelector:\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("2. and-peer: One peer, two selectors (AND)\n"), std::string::npos) << out;
    EXPECT_NE(out.find("   Hint 1:\n     The policy selects"), std::string::npos) << out;
    EXPECT_EQ(LabText::indented("a\n\n  b\n", 2), "  a\n\n    b\n");
    EXPECT_EQ(LabText::steps(lab), out);
}

TEST(NamespaceChoice, ANewPolicyGoesWhereTheLabWorks)
{
    const Lab &lab = builtIn(kAndOr);
    const LoadResult r = lab.buildCluster(0, 0);
    EXPECT_EQ(NamespaceChoice::forNewPolicy(r.cluster, &lab, 0), "shop");
    // Without a lab: the namespace with the most workloads (shop: web, db, scraper).
    EXPECT_EQ(NamespaceChoice::forNewPolicy(r.cluster, nullptr, 0), "shop");
    EXPECT_EQ(NamespaceChoice::forNewPolicy(Cluster{}, nullptr, 0), "default");
}

} // namespace
