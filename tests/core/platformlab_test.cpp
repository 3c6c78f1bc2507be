// The second built-in lab (resources/labs/platform-guardrails.lab.yaml) teaches cluster-wide
// tiers: every step fails where it starts and passes with its reference solution on top of the
// earlier ones, and the last step's classic mistake (a NetworkPolicy against an Admin Deny)
// fails as the step says.
#include "core/evaluator.h"
#include "core/explanationwriter.h"
#include "core/labchecker.h"
#include "core/labloader.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace netfence::core;

namespace {

const Lab &platformLab()
{
    static const LabLoadResult loaded = LabLoader::load(std::string(NETFENCE_LABS_DIR) + "/platform-guardrails.lab.yaml");
    for (const Diagnostic &d : loaded.diagnostics)
        ADD_FAILURE() << d.toString();
    if (!loaded.lab)
        throw std::runtime_error("the platform lab does not load");
    return *loaded.lab;
}

// The cluster at step `step` with the solutions of steps [0, solved), minus files whose path
// contains `without`.
LoadResult attempt(size_t step, size_t solved, const std::string &without = {})
{
    const Lab &lab = platformLab();
    ManifestLoader loader;
    lab.addManifests(loader, step, 0);
    for (size_t i = 0; i < solved; ++i)
        for (const LabFile &f : lab.steps[i].solution)
            if (without.empty() || f.path.find(without) == std::string::npos)
                loader.addText(f.text, f.path);
    LoadResult r = loader.finish();
    for (const Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << d.toString();
    return r;
}

TEST(PlatformLab, FiveStepsEachFailingWhereItStartsAndPassingWithItsSolution)
{
    const Lab &lab = platformLab();
    ASSERT_EQ(lab.steps.size(), 5u);
    for (size_t i = 0; i < lab.steps.size(); ++i) {
        EXPECT_FALSE(lab.steps[i].solution.empty()) << lab.steps[i].id;
        EXPECT_FALSE(lab.steps[i].conceptText.empty()) << lab.steps[i].id;
        const LoadResult before = attempt(i, i);
        EXPECT_FALSE(LabChecker::check(lab.steps[i], before.cluster).passed) << lab.steps[i].id;
        const LoadResult after = attempt(i, i + 1);
        const StepResult result = LabChecker::check(lab.steps[i], after.cluster);
        EXPECT_TRUE(result.passed) << lab.steps[i].id << '\n' << result.report();
        EXPECT_FALSE(after.cluster.clusterPolicies.empty()) << lab.steps[i].id;
    }
}

TEST(PlatformLab, ANetworkPolicyAloneCannotOpenWhatAnAdminDenyCloses)
{
    const Lab &lab = platformLab();
    const size_t last = lab.steps.size() - 1;
    // The payments team's NetworkPolicy without the platform's Pass: still denied.
    const LoadResult r = attempt(last, last + 1, "delegate-shop-to-payments");
    const StepResult result = LabChecker::check(lab.steps[last], r.cluster);
    EXPECT_FALSE(result.passed);
    const auto api = std::find_if(result.requirements.begin(), result.requirements.end(),
                                  [](const RequirementResult &x) { return x.text.find("shop/api") != std::string::npos; });
    ASSERT_NE(api, result.requirements.end());
    EXPECT_FALSE(api->passed);
    // The explanation names the Admin Deny and says a NetworkPolicy cannot open it.
    Evaluator evaluator(r.cluster);
    const int from = r.cluster.findWorkload("shop/api"), to = r.cluster.findWorkload("payments/ledger");
    ASSERT_GE(from, 0);
    ASSERT_GE(to, 0);
    const std::string text = ExplanationWriter::text(
        evaluator, evaluator.explain(Endpoint::ofWorkload(static_cast<size_t>(from)), Endpoint::ofWorkload(static_cast<size_t>(to))),
        Probe{Protocol::TCP, 8443});
    EXPECT_NE(text.find("rule 'deny-everyone-else' denies it"), std::string::npos) << text;
    EXPECT_NE(text.find("no NetworkPolicy can open it"), std::string::npos) << text;
}

} // namespace
