// The built-in lab (resources/labs/netpol-lab.lab.yaml): every step fails where it starts,
// every reference solution passes its step, and each mistake detector fires on a crafted
// wrong answer.
#include "core/labchecker.h"
#include "core/labloader.h"
#include "core/policyrecipes.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace netfence::core;

namespace {

const std::string kLabs = NETFENCE_LABS_DIR;

const Lab &builtInLab()
{
    static const LabLoadResult loaded = LabLoader::load(kLabs + "/netpol-lab.lab.yaml");
    for (const Diagnostic &d : loaded.diagnostics)
        ADD_FAILURE() << d.toString();
    if (!loaded.lab)
        throw std::runtime_error("the built-in lab does not load");
    return *loaded.lab;
}

size_t stepIndex(const std::string &id)
{
    const auto found = builtInLab().findStep(id);
    EXPECT_TRUE(found) << id;
    return found.value_or(0);
}

// The cluster as step `id` starts with the reference solutions of the steps before it,
// minus the files named in `without`, plus the learner's `extra` text.
struct Attempt
{
    Attempt(const std::string &id, const std::string &extra = {},
            const std::vector<std::string> &without = {}, bool solved = false)
        : step(stepIndex(id))
    {
        const Lab &lab = builtInLab();
        ManifestLoader loader;
        lab.addManifests(loader, step, 0);
        for (size_t i = 0; i < step + (solved ? 1 : 0); ++i)
            for (const LabFile &f : lab.steps[i].solution) {
                const bool skip = std::any_of(without.begin(), without.end(), [&](const std::string &w) {
                    return f.path.find(w) != std::string::npos;
                });
                if (!skip)
                    loader.addText(f.text, f.path);
            }
        if (!extra.empty())
            loader.addText(extra, "wrong.yaml");
        loaded = loader.finish();
        for (const Diagnostic &d : loaded.diagnostics)
            ADD_FAILURE() << d.toString();
        result = LabChecker::check(lab.steps[step], loaded.cluster);
    }

    const MistakeHint *hint(MistakeKind kind) const
    {
        for (const MistakeHint &m : result.mistakes)
            if (m.kind == kind)
                return &m;
        return nullptr;
    }
    std::string hints() const
    {
        std::string out;
        for (const MistakeHint &m : result.mistakes)
            out += std::string(mistakeKindName(m.kind)) + ": " + m.hint + '\n';
        return out;
    }

    size_t step;
    LoadResult loaded;
    StepResult result;
};

std::string policy(const std::string &ns, const std::string &name, const std::string &spec)
{
    return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name +
           "\n  namespace: " + ns + "\nspec:\n" + spec;
}

TEST(BuiltInLab, LoadsWithSevenStepsThatBuildOnEachOther)
{
    const Lab &lab = builtInLab();
    ASSERT_EQ(lab.steps.size(), 7u);
    const std::vector<std::string> ids{"flat-network", "zero-trust",       "open-one-door",  "dns",
                                       "outside-world", "across-namespaces", "least-privilege"};
    for (size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(lab.steps[i].id, ids[i]);
        EXPECT_FALSE(lab.steps[i].goal.empty()) << ids[i];
        EXPECT_FALSE(lab.steps[i].text.empty()) << ids[i];
        EXPECT_FALSE(lab.steps[i].conceptText.empty()) << ids[i];
        EXPECT_FALSE(lab.steps[i].hints.empty()) << ids[i];
        EXPECT_EQ(lab.steps[i].solution.empty(), i == 0) << ids[i];
        EXPECT_EQ(lab.findStep(std::to_string(i + 1)), i);
        EXPECT_EQ(lab.findStep(ids[i]), i);
    }
    EXPECT_EQ(lab.steps[5].adds.size(), 1u);
    EXPECT_EQ(lab.steps[6].adds.size(), 1u);
    EXPECT_FALSE(lab.findStep("0"));
    EXPECT_FALSE(lab.findStep("8"));
    // keepOpen carries earlier doors: the chain still needs the client's door of step 3.
    const auto &chain = lab.steps[6].requirements;
    EXPECT_TRUE(std::any_of(chain.begin(), chain.end(), [](const LabRequirement &r) {
        return r.from == "netpol-lab/client" && r.to == "netpol-lab/frontend" && r.keptFrom == "open-one-door";
    }));
}

TEST(BuiltInLab, FlatNetworkPassesAsItStartsAndEveryLaterStartFailsItsGoal)
{
    const Lab &lab = builtInLab();
    EXPECT_TRUE(Attempt("flat-network").result.passed);
    for (size_t i = 1; i < lab.steps.size(); ++i) {
        const Attempt a(lab.steps[i].id);
        EXPECT_FALSE(a.result.passed) << lab.steps[i].id;
    }
    // Where it should: in the flat network, zero trust fails every requirement...
    const Attempt flat("zero-trust");
    EXPECT_EQ(flat.result.passedCount(), 0u);
    EXPECT_FALSE(flat.result.unintended.empty());
    // ...and with only the default deny, step 3 fails on the door alone.
    const Attempt closed("open-one-door");
    for (const RequirementResult &r : closed.result.requirements)
        EXPECT_EQ(r.passed, r.text != "must allow netpol-lab/client -> netpol-lab/frontend on TCP/80")
            << r.text;
}

TEST(BuiltInLab, TheDnsRecipeIsWhatStepFourTeachesAndPassesIt)
{
    // The one-click "Allow DNS egress" writes the peer the step's hint describes
    // (namespaceSelector AND podSelector k8s-app=kube-dns), and the checker passes it.
    Attempt a("dns");
    ASSERT_FALSE(a.result.passed);
    Cluster &c = a.loaded.cluster;
    const Recipe dns = PolicyRecipes::allowDnsEgress(c, "netpol-lab");
    ASSERT_EQ(dns.changes.size(), 1u);
    const NetworkPolicyPeer &peer = dns.changes[0].policy.egress.at(0).peers.at(0);
    ASSERT_TRUE(peer.namespaceSelector && peer.podSelector);
    EXPECT_EQ(peer.podSelector->matchLabels, (Labels{{"k8s-app", "kube-dns"}}));
    PolicyRecipes::apply(c, dns);
    const StepResult after = LabChecker::check(builtInLab().steps[a.step], c);
    EXPECT_TRUE(after.passed) << after.report();
}

TEST(BuiltInLab, EachReferenceSolutionPassesItsStepOnTopOfTheEarlierOnes)
{
    const Lab &lab = builtInLab();
    for (size_t i = 0; i < lab.steps.size(); ++i) {
        const Attempt a(lab.steps[i].id, {}, {}, true);
        EXPECT_TRUE(a.result.passed) << lab.steps[i].id << '\n' << a.result.report();
        // The same through buildCluster, as the GUI's "Show a solution" does.
        const LoadResult r = lab.buildCluster(i, i + 1);
        EXPECT_TRUE(LabChecker::check(lab.steps[i], r.cluster).passed) << lab.steps[i].id;
    }
}

TEST(BuiltInLab, SolutionYamlLoadsAndPassesTheStep)
{
    const Lab &lab = builtInLab();
    const size_t door = stepIndex("open-one-door");
    const std::string yaml = lab.solutionYaml(door);
    EXPECT_NE(yaml.find("name: frontend-from-client"), std::string::npos);
    EXPECT_NE(yaml.find("name: client-to-frontend"), std::string::npos);
    ManifestLoader loader;
    lab.addManifests(loader, door, door);
    loader.addText(yaml, "solution.yaml");
    const LoadResult r = loader.finish();
    EXPECT_TRUE(r.diagnostics.empty());
    EXPECT_TRUE(LabChecker::check(lab.steps[door], r.cluster).passed);
    EXPECT_EQ(lab.solutionYaml(99), "");
}

TEST(BuiltInLab, ReferenceSolutionsRaiseNoHintOnceDnsIsOpen)
{
    for (const char *id : {"dns", "outside-world", "across-namespaces", "least-privilege"}) {
        const Attempt a(id, {}, {}, true);
        EXPECT_TRUE(a.result.mistakes.empty()) << id << '\n' << a.hints();
    }
}

TEST(BuiltInLab, ZeroTrustPointsOutThatNamesNoLongerResolve)
{
    const Attempt a("zero-trust", {}, {}, true);
    EXPECT_TRUE(a.result.passed);
    const MistakeHint *dns = a.hint(MistakeKind::DnsBlocked);
    ASSERT_NE(dns, nullptr) << a.hints();
    EXPECT_NE(dns->hint.find("Names no longer resolve"), std::string::npos);
    EXPECT_NE(dns->hint.find("netpol-lab/client"), std::string::npos);
    EXPECT_NE(dns->hint.find("kube-system/kube-dns"), std::string::npos);
    EXPECT_NE(dns->location.file.find("default-deny.yaml"), std::string::npos);
    EXPECT_EQ(a.result.mistakes.size(), 1u) << a.hints();
}

TEST(BuiltInLab, OnlyTheIngressRuleExplainsTheMissingEgressSide)
{
    const Attempt a("open-one-door", {}, {"allow-client-to-frontend-egress"}, true);
    EXPECT_FALSE(a.result.passed);
    const RequirementResult &door = a.result.requirements[0];
    EXPECT_FALSE(door.passed);
    EXPECT_NE(door.explanation.find("Denied by the sender's egress side"), std::string::npos)
        << door.explanation;
    const MistakeHint *h = a.hint(MistakeKind::IngressWithoutEgress);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_EQ(h->requirement, 0u);
    EXPECT_NE(h->hint.find("netpol-lab/frontend's ingress admits netpol-lab/client on TCP/80"),
              std::string::npos)
        << h->hint;
    EXPECT_NE(h->hint.find("Add an egress rule to a policy selecting netpol-lab/client"), std::string::npos);
    EXPECT_NE(h->location.file.find("allow-client-to-frontend-ingress.yaml"), std::string::npos);
    EXPECT_GT(h->location.line, 0);
    EXPECT_EQ(a.hint(MistakeKind::EgressWithoutIngress), nullptr);
}

TEST(BuiltInLab, OnlyTheEgressRuleExplainsTheMissingIngressSide)
{
    const Attempt a("open-one-door", {}, {"allow-client-to-frontend-ingress"}, true);
    EXPECT_FALSE(a.result.passed);
    const MistakeHint *h = a.hint(MistakeKind::EgressWithoutIngress);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_NE(h->hint.find("Add an ingress rule to a policy selecting netpol-lab/frontend"),
              std::string::npos)
        << h->hint;
    EXPECT_EQ(a.hint(MistakeKind::IngressWithoutEgress), nullptr);
}

TEST(BuiltInLab, DnsBlockedAfterAnEgressDenyIsTiedToTheDnsRequirement)
{
    const Attempt a("dns");
    const MistakeHint *h = a.hint(MistakeKind::DnsBlocked);
    ASSERT_NE(h, nullptr) << a.hints();
    ASSERT_TRUE(h->requirement);
    const LabRequirement &r = builtInLab().steps[a.step].requirements[*h->requirement];
    EXPECT_EQ(r.to, "kube-system/kube-dns");
    EXPECT_FALSE(a.result.requirements[*h->requirement].passed);
}

TEST(BuiltInLab, ALabelTypoSelectsNoPodAndGetsASuggestion)
{
    const std::string typo = policy("netpol-lab", "frontend-from-client", R"(  podSelector:
    matchLabels:
      app: fronted
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: client
    ports:
    - port: 80
)");
    const Attempt a("open-one-door", typo, {"allow-client-to-frontend-ingress"}, true);
    EXPECT_FALSE(a.result.passed);
    const MistakeHint *h = a.hint(MistakeKind::SelectorSelectsNothing);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_NE(h->hint.find("selects no pod"), std::string::npos) << h->hint;
    EXPECT_NE(h->hint.find("did you mean app=frontend (not app=fronted)?"), std::string::npos) << h->hint;
    EXPECT_EQ(h->location.file, "wrong.yaml");
    EXPECT_EQ(h->location.line, 2);
}

TEST(BuiltInLab, ANamespaceSelectorOnANameLabelNobodySetSelectsNoNamespace)
{
    const std::string dns = policy("netpol-lab", "allow-dns", R"(  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          name: kube-system
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
)");
    const Attempt a("dns", dns);
    EXPECT_FALSE(a.result.passed);
    const MistakeHint *h = a.hint(MistakeKind::SelectorSelectsNothing);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_NE(h->hint.find("selects no namespace"), std::string::npos) << h->hint;
    EXPECT_NE(h->hint.find("kubernetes.io/metadata.name"), std::string::npos) << h->hint;
}

TEST(BuiltInLab, APodSelectorWithoutNamespaceSelectorLooksInTheWrongNamespace)
{
    const std::string dns = policy("netpol-lab", "allow-dns", R"(  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
)");
    const Attempt a("dns", dns);
    EXPECT_FALSE(a.result.passed);
    const MistakeHint *h = a.hint(MistakeKind::SelectorInWrongNamespace);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_NE(h->hint.find("only looks in netpol-lab"), std::string::npos) << h->hint;
    EXPECT_NE(h->hint.find("kube-system/kube-dns"), std::string::npos) << h->hint;
    EXPECT_NE(h->hint.find("same peer"), std::string::npos) << h->hint;
    EXPECT_EQ(h->location.file, "wrong.yaml");
    EXPECT_EQ(h->location.line, 11); // the egress rule
}

TEST(BuiltInLab, OringTheSelectorsInsteadOfAndingThemIsCaughtToo)
{
    const std::string dns = policy("netpol-lab", "allow-dns", R"(  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
    - podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
)");
    const Attempt a("dns", dns);
    EXPECT_NE(a.hint(MistakeKind::SelectorInWrongNamespace), nullptr) << a.hints();
}

TEST(BuiltInLab, APolicyInTheWrongNamespaceSelectsNothingThere)
{
    // The database's ingress policy written in netpol-lab instead of data.
    const std::string wrong = policy("netpol-lab", "database-from-backend", R"(  podSelector:
    matchLabels:
      app: database
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: backend
    ports:
    - port: 5432
)");
    Attempt a("least-privilege", wrong);
    const MistakeHint *h = a.hint(MistakeKind::SelectorInWrongNamespace);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_NE(h->hint.find("netpol-lab/database-from-backend selects pods with app=database"),
              std::string::npos)
        << h->hint;
    EXPECT_NE(h->hint.find("data/database"), std::string::npos) << h->hint;
}

TEST(BuiltInLab, AnIPBlockAimedAtAPodIsCaughtButTheInternetBlockIsNot)
{
    const std::string byAddress = policy("netpol-lab", "frontend-from-client", R"(  podSelector:
    matchLabels:
      app: frontend
  policyTypes: [Ingress]
  ingress:
  - from:
    - ipBlock:
        cidr: 10.244.1.10/32
    ports:
    - port: 80
)");
    const Attempt a("open-one-door", byAddress, {"allow-client-to-frontend-ingress"}, true);
    const MistakeHint *h = a.hint(MistakeKind::IPBlockForPods);
    ASSERT_NE(h, nullptr) << a.hints();
    EXPECT_NE(h->hint.find("uses ipBlock 10.244.1.10/32 for pods (netpol-lab/client)"), std::string::npos)
        << h->hint;
    EXPECT_NE(h->hint.find("app=client"), std::string::npos) << h->hint;

    // 0.0.0.0/0 covers pod addresses too, but it is meant for the outside world.
    const Attempt internet("outside-world", {}, {}, true);
    EXPECT_EQ(internet.hint(MistakeKind::IPBlockForPods), nullptr) << internet.hints();
}

TEST(BuiltInLab, OnlyTheseNamesTheFirstUnintendedPath)
{
    // A door to everything in the frontend: client -> frontend on every port.
    const std::string wide = policy("netpol-lab", "frontend-from-client", R"(  podSelector:
    matchLabels:
      app: frontend
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: client
)") + policy("netpol-lab", "client-to-frontend", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: frontend
)");
    const Attempt a("open-one-door", wide, {"allow-client-to-frontend"}, false);
    EXPECT_FALSE(a.result.passed);
    const RequirementResult &nothingElse = a.result.requirements.back();
    EXPECT_FALSE(nothingElse.requirement);
    EXPECT_FALSE(nothingElse.passed);
    EXPECT_EQ(nothingElse.text.rfind("must deny everything else from and to netpol-lab, monitoring, data on TCP/80", 0), 0u)
        << nothingElse.text;
    ASSERT_FALSE(a.result.unintended.empty());
    EXPECT_EQ(a.result.unintended.front(), "netpol-lab/client -> netpol-lab/frontend on TCP/443");
    EXPECT_NE(nothingElse.explanation.find("The first one:\nnetpol-lab/client[Pod] -> "
                                           "netpol-lab/frontend[Deployment] on TCP/443: ALLOWED"),
              std::string::npos)
        << nothingElse.explanation;
}

TEST(BuiltInLab, ARequirementOnAMissingWorkloadFailsWithoutACrash)
{
    const Lab &lab = builtInLab();
    const LoadResult empty = ManifestLoader::loadText("", "empty.yaml");
    const StepResult r = LabChecker::check(lab.steps[stepIndex("least-privilege")], empty.cluster);
    EXPECT_FALSE(r.passed);
    EXPECT_NE(r.requirements[0].explanation.find("is not in the cluster"), std::string::npos);
}

} // namespace
