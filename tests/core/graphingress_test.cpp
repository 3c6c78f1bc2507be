// The graph's view of what reaches the cluster from outside: the ingress controller's node and
// arrows, and (on request) the exposure placeholders in their own dashed area.
#include "core/commandline.h"
#include "core/evaluator.h"
#include "core/graphmodel.h"
#include "core/manifestloader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

using namespace netfence::core;

namespace {

const std::filesystem::path kCorpus = NETFENCE_CORPUS_DIR;

const GraphModel::Node *find(const GraphModel &model, const std::string &id)
{
    for (const GraphModel::Node &n : model.nodes())
        if (n.id == id) return &n;
    return nullptr;
}

TEST(GraphIngress, ControllerNodeWithArrowsToTheWorkloadsItMayReach)
{
    const LoadResult r = ManifestLoader::load(
        {(kCorpus / "netpol-analyzer-ingress" / "acs-security-demos").string()});
    Evaluator evaluator(r.cluster, EvaluatorOptions{false});
    const GraphModel model(r.cluster, evaluator);
    const GraphModel::Node *controller = find(model, GraphModel::kIngressController);
    ASSERT_NE(controller, nullptr);
    EXPECT_EQ(controller->role, GraphModel::Role::IngressController);
    EXPECT_EQ(controller->group, GraphModel::kOutside);
    EXPECT_EQ(controller->title, "Ingress controller");
    std::set<std::string> targets;
    for (const GraphModel::Edge &e : model.edges())
        if (e.from == GraphModel::kIngressController) {
            EXPECT_TRUE(e.special);
            EXPECT_EQ(e.label, "TCP 8080");
            targets.insert(e.to);
        }
    EXPECT_EQ(targets, (std::set<std::string>{"frontend/asset-cache", "frontend/webapp"}));
    const GraphModel::Node *webapp = find(model, "frontend/webapp");
    ASSERT_NE(webapp, nullptr);
    EXPECT_EQ(webapp->exposedBy,
              "Route frontend/webapp through Service webapp-service to port 8080");
    // No exposure placeholders unless asked for.
    for (const GraphModel::Group &g : model.groups())
        EXPECT_NE(g.id, GraphModel::kExposure);
}

TEST(GraphIngress, DeniedControllerHasANodeButNoArrow)
{
    const LoadResult r = ManifestLoader::load(
        {(kCorpus / "netpol-analyzer-ingress" / "acs_security_frontend_demos").string()});
    Evaluator evaluator(r.cluster, EvaluatorOptions{false});
    const GraphModel model(r.cluster, evaluator);
    ASSERT_NE(find(model, GraphModel::kIngressController), nullptr);
    for (const GraphModel::Edge &e : model.edges())
        EXPECT_NE(e.from, GraphModel::kIngressController);
    EXPECT_FALSE(find(model, "frontend/webapp")->exposedBy.empty());
}

TEST(GraphIngress, ExposurePlaceholdersInTheirOwnArea)
{
    const LoadResult r = ManifestLoader::load({(kCorpus / "netpol-analyzer-exposure" /
                                                "exposure_to_new_namespace_conn_and_entire_cluster")
                                                   .string()});
    Evaluator evaluator(r.cluster, EvaluatorOptions{false});
    const GraphModel model(r.cluster, evaluator, {}, true);
    const std::string managed =
        "[namespace with {{Key:foo.com/managed-state,Operator:In,Values:[managed],}}]/[all pods]";
    const GraphModel::Node *rep = find(model, managed);
    ASSERT_NE(rep, nullptr);
    EXPECT_EQ(rep->group, GraphModel::kExposure);
    EXPECT_EQ(rep->role, GraphModel::Role::Exposure);
    EXPECT_EQ(rep->title, "any pod in any namespace with foo.com/managed-state in (managed)");
    ASSERT_NE(find(model, "entire-cluster"), nullptr);
    EXPECT_EQ(find(model, "entire-cluster")->title, "entire cluster");
    bool arrow = false;
    for (const GraphModel::Edge &e : model.edges())
        if (e.from == managed && e.to == "hello-world/workload-a") {
            arrow = true;
            EXPECT_EQ(e.label, "TCP 8050,8090");
        }
    EXPECT_TRUE(arrow);
    bool area = false;
    for (const GraphModel::Group &g : model.groups())
        area = area || g.id == GraphModel::kExposure;
    EXPECT_TRUE(area);

    // netfence-cli graph --exposure lays it out: the area and its boxes are in the picture.
    std::ostringstream out, err;
    EXPECT_EQ(CommandLine::run({"graph",
                                (kCorpus / "netpol-analyzer-exposure" /
                                 "exposure_to_new_namespace_conn_and_entire_cluster")
                                    .string(),
                                "--exposure", "--format", "json"},
                               out, err),
              0)
        << err.str();
    EXPECT_NE(out.str().find("\"id\": \"Beyond the manifests\", \"kind\": \"group\""),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("\"id\": \"entire-cluster\""), std::string::npos);
}

} // namespace
