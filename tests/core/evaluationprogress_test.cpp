// A watched evaluateAll(): progress, cancel from another thread, and an evaluator following
// its cluster to a new home (rebind), as the app uses them to evaluate off the UI thread.
#include "core/clustergenerator.h"
#include "core/evaluator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

using namespace netfence::core;

namespace {

Cluster generated(int workloads, int policies)
{
    ClusterGenerator::Options options;
    options.namespaces = 12;
    options.workloads = workloads;
    options.policies = policies;
    options.seed = 5;
    return ClusterGenerator::generate(options);
}

// Class pairs get the same connections from both evaluators (of the same cluster): every pair,
// or on big clusters an evenly spread sample of about 150 x 150 classes (lazy answers are slow).
void expectSameAnswers(const Evaluator &a, const Evaluator &b)
{
    ASSERT_EQ(a.classCount(), b.classCount());
    const size_t step = std::max<size_t>(1, a.classCount() / 150);
    for (size_t c = 0; c < a.classCount(); c += step)
        for (size_t d = 0; d < a.classCount(); d += step)
            ASSERT_EQ(a.connectionSet(a.connectionId(c, d)), b.connectionSet(b.connectionId(c, d)))
                << "classes " << c << " -> " << d;
}

} // namespace

TEST(EvaluationProgress, WatchedEvaluationCountsEveryItemAndCompletes)
{
    const Cluster cluster = generated(400, 90);
    Evaluator watched(cluster);
    EvaluationProgress progress;
    EXPECT_TRUE(watched.evaluateAll(2, &progress));
    EXPECT_TRUE(watched.isComplete());
    EXPECT_EQ(progress.total.load(), 2 * watched.classCount());
    EXPECT_EQ(progress.done.load(), progress.total.load());
    Evaluator plain(cluster);
    plain.evaluateAll(1);
    expectSameAnswers(watched, plain);
}

TEST(EvaluationProgress, CancelledBeforeItStartsDoesNoWorkAndStaysLazy)
{
    const Cluster cluster = generated(400, 90);
    Evaluator ev(cluster);
    EvaluationProgress progress;
    progress.cancelled = true;
    EXPECT_FALSE(ev.evaluateAll(2, &progress));
    EXPECT_FALSE(ev.isComplete());
    EXPECT_EQ(progress.done.load(), 0u);
    // Nothing half done is used: the lazy answers are the complete ones.
    Evaluator reference(cluster);
    reference.evaluateAll(1);
    expectSameAnswers(ev, reference);
}

TEST(EvaluationProgress, CancelledMidwayStopsEarlyAndLeavesNoHalfState)
{
    const Cluster cluster = generated(10000, 400);
    Evaluator ev(cluster);
    ev.evaluateAll(1); // complete first: a stopped re-evaluation must not leave half rows
    EvaluationProgress progress;
    std::thread canceller([&progress] {
        while (progress.done.load() == 0)
            std::this_thread::yield();
        progress.cancelled = true;
    });
    const bool finished = ev.evaluateAll(1, &progress);
    canceller.join();
    ASSERT_FALSE(finished) << "the evaluation ended before the cancel arrived";
    EXPECT_LT(progress.done.load(), progress.total.load());
    EXPECT_FALSE(ev.isComplete());
    Evaluator reference(cluster);
    reference.evaluateAll(1);
    expectSameAnswers(ev, reference);
    // A later evaluation completes normally.
    EXPECT_TRUE(ev.evaluateAll(1, nullptr));
    EXPECT_TRUE(ev.isComplete());
    expectSameAnswers(ev, reference);
}

TEST(EvaluationProgress, RebindFollowsAMovedClusterThroughLaterEdits)
{
    Cluster original = generated(300, 60);
    Evaluator ev(original);
    ev.evaluateAll(1);
    Cluster moved = std::move(original);
    original = Cluster{}; // what the old home holds now answers nothing
    ev.rebind(moved);
    {
        Evaluator reference(moved);
        reference.evaluateAll(1);
        expectSameAnswers(ev, reference);
    }
    // Edits announced afterwards read the new home.
    ASSERT_FALSE(moved.policies.empty());
    moved.policies[0].podSelector.matchLabels["rebind"] = "edit";
    ev.policyChanged(0);
    moved.policies.pop_back();
    ev.policyRemoved(moved.policies.size());
    Evaluator reference(moved);
    reference.evaluateAll(1);
    expectSameAnswers(ev, reference);
}
