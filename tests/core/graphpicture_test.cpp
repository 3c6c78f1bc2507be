// The picture people look at must not tell them something false: over the built-in lab at
// every step's solution, every k8s-e2e corpus case and generated clusters, no arrow runs
// through a box other than its own ends, every arrow ends at its target, no two boxes overlap
// and every box sits inside its namespace.
#include "core/clustergenerator.h"
#include "core/evaluator.h"
#include "core/graphpicture.h"
#include "core/labloader.h"
#include "core/manifestloader.h"
#include "support/corpuscases.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace netfence::core;

namespace {

std::string problems(const GraphPicture &picture)
{
    std::string out;
    for (const std::string &p : picture.audit().problems)
        out += p + '\n';
    return out;
}

GraphPicture picture(const Cluster &cluster, std::set<std::string> collapsed = {})
{
    Evaluator evaluator(cluster);
    evaluator.evaluateAll(0);
    const GraphModel model(cluster, evaluator, std::move(collapsed));
    return GraphPicture::make(model);
}

std::set<std::string> allNamespaces(const Cluster &c)
{
    std::set<std::string> out;
    for (const Workload &w : c.workloads)
        out.insert(w.namespaceName);
    return out;
}

} // namespace

TEST(GraphPicture, BuiltInLabAtEveryStepsSolution)
{
    const LabLoadResult loaded = LabLoader::load(std::string(NETFENCE_LABS_DIR) + "/netpol-lab.lab.yaml");
    ASSERT_TRUE(loaded.lab);
    const Lab &lab = *loaded.lab;
    for (size_t step = 0; step < lab.steps.size(); ++step) {
        ManifestLoader loader;
        lab.addManifests(loader, step, step + 1);
        const LoadResult r = loader.finish();
        const GraphPicture p = picture(r.cluster);
        ASSERT_EQ(p.error, "");
        EXPECT_FALSE(p.arrows.empty()) << "step " << step;
        EXPECT_EQ(problems(p), "") << "step " << step;
        const GraphPicture c = picture(r.cluster, allNamespaces(r.cluster));
        EXPECT_EQ(problems(c), "") << "step " << step << " collapsed";
    }
}

TEST(GraphPicture, EveryE2eCorpusCase)
{
    int cases = 0;
    for (const std::vector<std::string> &paths : netfence::test::corpusCases(NETFENCE_CORPUS_DIR)) {
        if (paths.front().find("k8s-e2e") == std::string::npos)
            continue;
        const LoadResult r = ManifestLoader::load(paths);
        const GraphPicture p = picture(r.cluster);
        ASSERT_EQ(p.error, "") << paths.front();
        EXPECT_EQ(problems(p), "") << paths.front();
        ++cases;
    }
    EXPECT_GT(cases, 50);
}

TEST(GraphPicture, GeneratedClustersOf150And600Workloads)
{
    const Cluster c150 = ClusterGenerator::generate({12, 150, 60, 3});
    const GraphPicture p = picture(c150);
    ASSERT_EQ(p.error, "");
    EXPECT_GT(p.arrows.size(), 20u);
    // Compact: groups in rows, not one long row (which was 10 times wider than tall).
    EXPECT_LT(p.width, 3 * p.height);
    EXPECT_EQ(problems(p), "");
    const Cluster c600 = ClusterGenerator::generate({20, 600, 200, 5});
    const GraphPicture collapsed = picture(c600, allNamespaces(c600));
    ASSERT_EQ(collapsed.error, "");
    EXPECT_EQ(problems(collapsed), "");
    const GraphPicture expanded = picture(c600);
    ASSERT_EQ(expanded.error, "");
    EXPECT_EQ(problems(expanded), "");
}

TEST(GraphPicture, JsonFollowsTheContract)
{
    const Cluster c = ClusterGenerator::generate({12, 150, 60, 3});
    const std::string json = picture(c).json();
    EXPECT_EQ(json.rfind("{\n  \"width\": ", 0), 0u);
    EXPECT_NE(json.find("\"kind\": \"workload\""), std::string::npos);
    EXPECT_NE(json.find("\"kind\": \"namespace\", \"parent\": null"), std::string::npos);
    EXPECT_NE(json.find("\"points\": [["), std::string::npos);
}

TEST(GraphPicture, SvgEscapesNames)
{
    GraphPicture p;
    p.width = p.height = 100;
    p.boxes.push_back({"a&b/<x>", "workload", "ns\"", "<title>&", {0, 0, 10, 10}});
    const std::string svg = p.svg();
    EXPECT_EQ(svg.find("<x>"), std::string::npos);
    EXPECT_EQ(svg.find("<title>&"), std::string::npos);
    EXPECT_NE(svg.find("&lt;title&gt;&amp;"), std::string::npos);
}

namespace {

double area(const GraphPicture &p)
{
    return p.width * p.height;
}

// Focus on `seed` laid out on its own, as the app's focus mode and `graph --focus` do.
GraphPicture focusPicture(const GraphModel &model, const std::string &seed)
{
    return GraphPicture::make(model, model.focus({seed}));
}

} // namespace

TEST(GraphPicture, FocusOfTheLabAtItsLastStepIsCompact)
{
    const LabLoadResult loaded = LabLoader::load(std::string(NETFENCE_LABS_DIR) + "/netpol-lab.lab.yaml");
    ASSERT_TRUE(loaded.lab);
    const size_t last = loaded.lab->steps.size() - 1;
    const LoadResult r = loaded.lab->buildCluster(last, last + 1);
    Evaluator evaluator(r.cluster);
    evaluator.evaluateAll(0);
    const GraphModel model(r.cluster, evaluator);
    const GraphPicture whole = GraphPicture::make(model);
    ASSERT_EQ(whole.error, "");
    size_t compact = 0;
    for (const GraphModel::Node &n : model.nodes()) {
        const std::set<std::string> shown = model.focus({n.id});
        const GraphPicture p = focusPicture(model, n.id);
        ASSERT_EQ(p.error, "") << n.id;
        // Only what focus shows is drawn, and drawn truthfully: no arrow through a foreign box,
        // no two boxes on each other, every box in its namespace.
        EXPECT_EQ(problems(p), "") << n.id;
        size_t drawnNodes = 0;
        for (const GraphPicture::Box &b : p.boxes)
            drawnNodes += b.kind == "workload" || b.kind == "external";
        EXPECT_EQ(drawnNodes, shown.size()) << n.id;
        EXPECT_LE(area(p), 1.01 * area(whole)) << n.id; // DNS: everything talks to it
        std::printf("focus %-28s %2zu of %2zu nodes: %4.0f x %4.0f points (whole %4.0f x %4.0f)\n", n.id.c_str(),
                    shown.size(), model.nodes().size(), p.width, p.height, whole.width, whole.height);
        // A focus on a few nodes takes a fraction of the whole picture's room, not its spread.
        if (2 * shown.size() <= model.nodes().size()) {
            EXPECT_LT(area(p), 0.4 * area(whole)) << n.id;
            ++compact;
        }
    }
    EXPECT_GE(compact, 3u);
    // The client talks to the frontend and DNS only: a small picture.
    const GraphPicture client = focusPicture(model, "netpol-lab/client");
    EXPECT_LT(area(client), 0.25 * area(whole));
    EXPECT_FALSE(client.arrows.empty());
}

TEST(GraphPicture, FocusOnAGeneratedClusterIsCompactAndRouted)
{
    for (const ClusterGenerator::Options &options :
         {ClusterGenerator::Options{12, 150, 60, 3}, ClusterGenerator::Options{20, 600, 200, 5}}) {
        const Cluster c = ClusterGenerator::generate(options);
        Evaluator evaluator(c);
        evaluator.evaluateAll(0);
        const GraphModel model(c, evaluator);
        const GraphPicture whole = GraphPicture::make(model);
        ASSERT_EQ(whole.error, "");
        // A team's workload (DNS is joined to everything): the first whose focus shows a few nodes.
        std::string seed;
        for (const Workload &w : c.workloads) {
            const size_t shown = model.focus({w.qualifiedName()}).size();
            if (shown >= 3 && 10 * shown <= model.nodes().size()) {
                seed = w.qualifiedName();
                break;
            }
        }
        ASSERT_NE(seed, "");
        const GraphPicture p = focusPicture(model, seed);
        ASSERT_EQ(p.error, "");
        EXPECT_EQ(problems(p), "") << seed;
        EXPECT_FALSE(p.arrows.empty());
        // Every arrow between two shown boxes is routed: hidden arrows do not count against the
        // routing budget (GraphLayout::kMaxRoutedEdges).
        size_t between = 0;
        const std::set<std::string> shown = model.focus({seed});
        for (const GraphModel::Edge &e : model.edges())
            between += !e.fromGroup && !e.toGroup && shown.count(e.from) && shown.count(e.to);
        size_t routed = 0;
        for (const GraphPicture::Arrow &a : p.arrows)
            routed += !model.edges()[a.edge].fromGroup && !model.edges()[a.edge].toGroup;
        EXPECT_EQ(routed, between) << seed;
        std::printf("%zu workloads, %zu arrows: focus on %s shows %zu nodes in %.0f x %.0f points (whole %.0f x "
                    "%.0f)\n",
                    c.workloads.size(), model.edges().size(), seed.c_str(), shown.size(), p.width, p.height,
                    whole.width, whole.height);
        EXPECT_LT(area(p), 0.1 * area(whole));
    }
}
