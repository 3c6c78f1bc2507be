// evaluateAll() and live edits must give exactly what a fresh, lazy evaluator gives.
#include "core/clustergenerator.h"
#include "core/evaluator.h"
#include "core/externalpartition.h"
#include "support/randomcluster.h"

#include <gtest/gtest.h>

#include <random>

using namespace netfence::core;
using netfence::test::randomCluster;

namespace {

// Workloads, every range of both external partitions, and the pods' own addresses.
std::vector<Endpoint> endpointsOf(const Cluster &c)
{
    std::vector<Endpoint> out;
    for (size_t i = 0; i < c.workloads.size(); ++i)
        out.push_back(Endpoint::ofWorkload(i));
    for (const auto &ranges : {ExternalPartition::sources(c), ExternalPartition::destinations(c),
                               ExternalPartition::combined(c)})
        for (const IPRange &r : ranges)
            out.push_back(Endpoint::ofRange(r));
    for (const Workload &w : c.workloads)
        for (const IPAddress &ip : w.ips)
            out.push_back(Endpoint::ofRange(IPRange::single(ip)));
    return out;
}

// Fails with the first pair on which the two evaluators differ.
void expectSame(const Evaluator &actual, const Evaluator &expected, const std::string &context)
{
    const Cluster &c = expected.cluster();
    for (const Endpoint &from : endpointsOf(c))
        for (const Endpoint &to : endpointsOf(c)) {
            const ConnectionSet want = expected.allowed(from, to);
            ASSERT_EQ(actual.allowed(from, to), want)
                << context << ": " << from.displayName(c) << " -> " << to.displayName(c);
            ASSERT_EQ(actual.explain(from, to).allowed, want) << context;
        }
    for (size_t w = 0; w < c.workloads.size(); ++w) {
        ASSERT_EQ(actual.isolatedForIngress(w), expected.isolatedForIngress(w)) << context;
        ASSERT_EQ(actual.isolatedForEgress(w), expected.isolatedForEgress(w)) << context;
        ASSERT_EQ(actual.policiesSelecting(w), expected.policiesSelecting(w)) << context;
    }
}

// Every workload pair's result, to tell which pairs an edit changed.
std::vector<ConnectionSet> snapshot(const Evaluator &e)
{
    const size_t n = e.cluster().workloads.size();
    std::vector<ConnectionSet> out;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            out.push_back(e.allowed(Endpoint::ofWorkload(i), Endpoint::ofWorkload(j)));
    return out;
}

TEST(EvaluateAll, EqualsLazyEvaluationOn300Clusters)
{
    for (std::uint32_t seed = 1; seed <= 300; ++seed)
        for (const bool ipBlockMatchesPods : {true, false}) {
            const Cluster c = randomCluster(seed);
            const Evaluator lazy(c, EvaluatorOptions{ipBlockMatchesPods});
            Evaluator complete(c, EvaluatorOptions{ipBlockMatchesPods});
            complete.evaluateAll(seed % 2 ? 1 : 2);
            ASSERT_TRUE(complete.isComplete());
            expectSame(complete, lazy, "seed " + std::to_string(seed));
            for (size_t a = 0; a < complete.classCount(); ++a) {
                std::vector<std::pair<size_t, Evaluator::ConnectionId>> from, to;
                for (size_t b = 0; b < complete.classCount(); ++b) {
                    if (auto id = complete.connectionId(a, b))
                        from.push_back({b, id});
                    if (auto id = complete.connectionId(b, a))
                        to.push_back({b, id});
                }
                ASSERT_EQ(complete.allowedFrom(a), from) << "seed " << seed;
                ASSERT_EQ(complete.allowedTo(a), to) << "seed " << seed;
                // Ids are per evaluator; the sets behind them must agree.
                const auto lazyFrom = lazy.allowedFrom(a);
                ASSERT_EQ(lazyFrom.size(), from.size()) << "seed " << seed;
                for (size_t i = 0; i < from.size(); ++i) {
                    ASSERT_EQ(lazyFrom[i].first, from[i].first) << "seed " << seed;
                    ASSERT_EQ(lazy.connectionSet(lazyFrom[i].second),
                              complete.connectionSet(from[i].second))
                        << "seed " << seed;
                }
            }
            if (HasFatalFailure())
                return;
        }
}

TEST(Incremental, RandomEditsEqualAFreshEvaluatorAndReportEveryChangedPair)
{
    int edits = 0, rebuilds = 0;
    for (std::uint32_t seed = 1; seed <= 250; ++seed) {
        std::mt19937 rng(seed);
        const bool ipBlockMatchesPods = seed % 3 != 0;
        Cluster c = randomCluster(seed);
        Evaluator e(c, EvaluatorOptions{ipBlockMatchesPods});
        if (seed % 2)
            e.evaluateAll(seed % 4 == 1 ? 2 : 1);
        for (int step = 0; step < 6; ++step) {
            // A policy from another random cluster: new selectors, rules, blocks and ports.
            const Cluster donor = randomCluster(seed * 1000 + static_cast<std::uint32_t>(step));
            const std::vector<ConnectionSet> before = snapshot(e);
            const std::vector<size_t> classBefore = [&] {
                std::vector<size_t> v;
                for (size_t w = 0; w < c.workloads.size(); ++w)
                    v.push_back(e.classOf(w));
                return v;
            }();
            const int kind = donor.policies.empty() ? 2 : static_cast<int>(rng() % 3);
            EvaluatorUpdate update;
            std::string what;
            if (kind == 0 && !c.policies.empty()) {
                const size_t i = rng() % c.policies.size();
                NetworkPolicy p = donor.policies[rng() % donor.policies.size()];
                p.name = c.policies[i].name;
                c.policies[i] = p;
                update = e.policyChanged(i);
                what = "change " + std::to_string(i);
            } else if (kind == 2 && !c.policies.empty()) {
                const size_t i = rng() % c.policies.size();
                c.policies.erase(c.policies.begin() + static_cast<std::ptrdiff_t>(i));
                update = e.policyRemoved(i);
                what = "remove " + std::to_string(i);
            } else if (!donor.policies.empty()) {
                const size_t i = rng() % (c.policies.size() + 1);
                NetworkPolicy p = donor.policies[rng() % donor.policies.size()];
                p.name = "added" + std::to_string(step);
                c.policies.insert(c.policies.begin() + static_cast<std::ptrdiff_t>(i), p);
                update = e.policyAdded(i);
                what = "add " + std::to_string(i);
            } else {
                continue;
            }
            ++edits;
            const std::string context = "seed " + std::to_string(seed) + " step " +
                                        std::to_string(step) + " (" + what + ")";
            ASSERT_EQ(e.isComplete(), seed % 2 == 1) << context;
            const Evaluator fresh(c, EvaluatorOptions{ipBlockMatchesPods});
            expectSame(e, fresh, context);
            if (update.everything) {
                ++rebuilds;
                continue;
            }
            // Class ids stay; a pair outside the reported rows and columns did not change.
            const size_t n = c.workloads.size();
            const std::vector<ConnectionSet> after = snapshot(e);
            for (size_t i = 0; i < n; ++i)
                for (size_t j = 0; j < n; ++j) {
                    ASSERT_EQ(e.classOf(i), classBefore[i]) << context;
                    const auto &src = update.sourceClasses;
                    const auto &dst = update.destinationClasses;
                    const bool reported =
                        std::find(src.begin(), src.end(), e.classOf(i)) != src.end() ||
                        std::find(dst.begin(), dst.end(), e.classOf(j)) != dst.end();
                    if (!reported) {
                        ASSERT_EQ(after[i * n + j], before[i * n + j])
                            << context << ": unreported change " << i << " -> " << j;
                    }
                }
        }
        if (HasFatalFailure())
            return;
    }
    RecordProperty("edits", edits);
    RecordProperty("rebuilds", rebuilds);
    EXPECT_GT(edits, 1000);
    EXPECT_LT(rebuilds, edits / 2);
}

// Past 32 classes a complete evaluator follows an edit on its evaluation's threads (rows,
// columns and ranges of the edited classes, each on one thread): the answers must be those of
// a fresh evaluator, edit after edit.
TEST(Incremental, AnEditFollowedOnTwoThreadsEqualsAFreshEvaluator)
{
    ClusterGenerator::Options options;
    options.namespaces = 12;
    options.workloads = 240;
    options.policies = 60;
    Cluster c = ClusterGenerator::generate(options);
    Evaluator e(c);
    e.evaluateAll(2);
    ASSERT_GT(e.classCount(), 64u) << "enough classes for two threads to share the work";
    std::vector<Endpoint> ends;
    for (size_t w = 0; w < c.workloads.size(); ++w)
        ends.push_back(Endpoint::ofWorkload(w));
    const size_t workloads = ends.size();
    for (const auto &ranges : {ExternalPartition::sources(c), ExternalPartition::destinations(c)})
        for (const IPRange &r : ranges)
            ends.push_back(Endpoint::ofRange(r));
    std::mt19937 rng(7);
    int followed = 0;
    for (int step = 0; step < 24; ++step) {
        const size_t i = rng() % c.policies.size();
        EvaluatorUpdate update;
        std::string what;
        switch (step % 4) {
        case 0: // narrowed to no pod
            c.policies[i].podSelector.matchLabels["test"] = "none";
            update = e.policyChanged(i);
            what = "narrow";
            break;
        case 1: // widened to every pod of its namespace
            c.policies[i].podSelector = {};
            update = e.policyChanged(i);
            what = "widen";
            break;
        case 2: { // another policy's rules under this name
            NetworkPolicy p = c.policies[rng() % c.policies.size()];
            p.name = c.policies[i].name;
            p.namespaceName = c.policies[i].namespaceName;
            c.policies[i] = p;
            update = e.policyChanged(i);
            what = "replace";
            break;
        }
        default:
            c.policies.erase(c.policies.begin() + static_cast<std::ptrdiff_t>(i));
            update = e.policyRemoved(i);
            what = "remove";
        }
        followed += update.everything ? 0 : 1;
        const std::string context = "step " + std::to_string(step) + " (" + what + " " + std::to_string(i) + ")";
        ASSERT_TRUE(e.isComplete()) << context;
        Evaluator fresh(c);
        fresh.evaluateAll(1);
        for (size_t a = 0; a < ends.size(); ++a)
            for (size_t b = 0; b < ends.size(); ++b) {
                if (a >= workloads && b >= workloads)
                    continue; // two ranges: nothing to evaluate
                ASSERT_EQ(e.allowed(ends[a], ends[b]), fresh.allowed(ends[a], ends[b]))
                    << context << ": " << ends[a].displayName(c) << " -> " << ends[b].displayName(c);
            }
    }
    EXPECT_GT(followed, 12) << "most edits followed, not rebuilt";
}

TEST(Incremental, ClusterChangedRebuildsAndStaysComplete)
{
    Cluster c = randomCluster(7);
    Evaluator e(c);
    e.evaluateAll();
    c.workloads.push_back(c.workloads.front());
    c.workloads.back().name = "copy";
    const EvaluatorUpdate update = e.clusterChanged();
    EXPECT_TRUE(update.everything);
    EXPECT_TRUE(e.isComplete());
    expectSame(e, Evaluator(c), "after clusterChanged");
}

} // namespace

namespace {

TEST(Incremental, AnIPBlockThatSplitsAClassRebuildsTheClasses)
{
    Cluster c;
    c.ensureNamespace("a");
    for (const char *name : {"one", "two"}) {
        Workload w;
        w.namespaceName = "a";
        w.name = name;
        w.kind = "Pod";
        w.labels = {{"app", "web"}};
        w.ips = {*IPAddress::parse(name == std::string("one") ? "10.0.0.1" : "10.0.0.2")};
        c.workloads.push_back(w);
    }
    Evaluator e(c);
    e.evaluateAll();
    ASSERT_EQ(e.classCount(), 1u);
    NetworkPolicy p;
    p.name = "only-one";
    p.namespaceName = "a";
    p.policyTypes = {PolicyType::Ingress};
    NetworkPolicyRule rule;
    NetworkPolicyPeer peer;
    peer.ipBlock = IPBlock{"10.0.0.1/32", {}, {}, {}};
    ASSERT_EQ(peer.ipBlock->parse(), "");
    rule.peers.push_back(peer);
    p.ingress.push_back(rule);
    c.policies.push_back(p);
    EXPECT_TRUE(e.policyAdded(0).everything);
    EXPECT_EQ(e.classCount(), 2u);
    EXPECT_TRUE(e.allowed(Endpoint::ofWorkload(0), Endpoint::ofWorkload(1)).isAll());
    EXPECT_TRUE(e.allowed(Endpoint::ofWorkload(1), Endpoint::ofWorkload(0)).isEmpty());
    expectSame(e, Evaluator(c), "after the split");
}

} // namespace

namespace {

// The editor swaps in a whole new policy list and then announces each difference: in-place
// edits first, additions at the end.
TEST(Incremental, BatchedAnnouncementsAfterSeveralChangesEqualAFreshEvaluator)
{
    int batches = 0;
    for (std::uint32_t seed = 1; seed <= 200; ++seed) {
        std::mt19937 rng(seed + 77);
        Cluster c = randomCluster(seed);
        Evaluator e(c, EvaluatorOptions{seed % 3 != 0});
        if (seed % 2)
            e.evaluateAll();
        for (int round = 0; round < 3; ++round) {
            const Cluster donor = randomCluster(seed * 7919 + static_cast<std::uint32_t>(round));
            if (donor.policies.empty())
                continue;
            std::vector<size_t> changed;
            for (size_t i = 0; i < c.policies.size(); ++i)
                if (rng() % 3 == 0) {
                    const std::string name = c.policies[i].name;
                    c.policies[i] = donor.policies[rng() % donor.policies.size()];
                    c.policies[i].name = name;
                    changed.push_back(i);
                }
            const size_t before = c.policies.size();
            for (size_t k = rng() % 3; k > 0; --k) {
                c.policies.push_back(donor.policies[rng() % donor.policies.size()]);
                c.policies.back().name = "batch" + std::to_string(round) + '-' + std::to_string(k);
            }
            for (size_t i : changed)
                e.policyChanged(i);
            for (size_t i = before; i < c.policies.size(); ++i)
                e.policyAdded(i);
            ++batches;
            expectSame(e, Evaluator(c, EvaluatorOptions{seed % 3 != 0}),
                       "seed " + std::to_string(seed) + " round " + std::to_string(round));
            if (HasFatalFailure())
                return;
        }
    }
    EXPECT_GT(batches, 300);
}

} // namespace

namespace {

TEST(Incremental, ABatchWhoseFirstChangeRebuildsStillEndsExact)
{
    Cluster c;
    c.ensureNamespace("a");
    for (const char *ip : {"10.0.0.1", "10.0.0.2"}) {
        Workload w;
        w.namespaceName = "a";
        w.name = std::string("pod-") + ip;
        w.kind = "Pod";
        w.labels = {{"app", "web"}};
        w.ips = {*IPAddress::parse(ip)};
        c.workloads.push_back(w);
    }
    NetworkPolicy deny;
    deny.name = "deny";
    deny.namespaceName = "a";
    deny.policyTypes = {PolicyType::Ingress};
    c.policies.push_back(deny);
    Evaluator e(c);
    e.evaluateAll();

    NetworkPolicy fromOne = deny;
    fromOne.name = "from-one";
    NetworkPolicyRule rule;
    NetworkPolicyPeer peer;
    peer.ipBlock = IPBlock{"10.0.0.1/32", {}, {}, {}};
    ASSERT_EQ(peer.ipBlock->parse(), "");
    rule.peers.push_back(peer);
    fromOne.ingress.push_back(rule);
    c.policies[0] = fromOne; // splits the pods' class
    NetworkPolicy all = deny;
    all.name = "all-udp";
    all.ingress.push_back(NetworkPolicyRule{{}, {NetworkPolicyPort{Protocol::UDP, {}, {}, {}}}, {}});
    c.policies.push_back(all);
    EXPECT_TRUE(e.policyChanged(0).everything);
    e.policyAdded(1);
    expectSame(e, Evaluator(c), "after the batch");
    EXPECT_TRUE(e.allowed(Endpoint::ofWorkload(1), Endpoint::ofWorkload(0)).allows(Protocol::UDP, 9));
}

} // namespace

TEST(Incremental, ACopyFollowsAnEditWhileTheOriginalKeepsAnswering)
{
    int followed = 0;
    for (std::uint32_t seed = 1; seed <= 120; ++seed) {
        std::mt19937 rng(seed);
        const Cluster before = randomCluster(seed);
        const Cluster donor = randomCluster(seed * 7919);
        if (donor.policies.empty())
            continue;
        Evaluator original(before);
        if (seed % 2)
            original.evaluateAll(1);
        else // some answers cached lazily: the copy takes them along
            snapshot(original);
        const std::vector<ConnectionSet> answers = snapshot(original);

        // The copy answers for an equal cluster, then follows a change step by step.
        Cluster after = before;
        Evaluator copy(original, after);
        const std::string context = "seed " + std::to_string(seed);
        ASSERT_EQ(&copy.cluster(), &after) << context;
        ASSERT_EQ(copy.isComplete(), original.isComplete()) << context;
        ClusterChange change;
        PolicyStep step;
        step.after = donor.policies[rng() % donor.policies.size()];
        step.after->name = "followed-by-the-copy";
        step.index = after.policies.size();
        change.steps().push_back(step);
        if (!after.policies.empty()) {
            PolicyStep removal;
            removal.index = rng() % after.policies.size();
            removal.before = after.policies[removal.index];
            change.steps().push_back(removal);
        }
        EvaluatorUpdate update;
        for (const ClusterChange::Step &s : change.steps()) {
            ClusterChange::applyStep(after, s);
            update.merge(copy.announce(s));
        }
        update.normalize();
        ASSERT_TRUE(std::is_sorted(update.sourceClasses.begin(), update.sourceClasses.end()));
        expectSame(copy, Evaluator(after), context + " (the copy)");
        // The original still answers for the cluster before, as it did.
        EXPECT_EQ(snapshot(original), answers) << context;
        expectSame(original, Evaluator(before), context + " (the original)");
        ++followed;
        if (HasFatalFailure())
            return;
    }
    EXPECT_GT(followed, 60);
}
