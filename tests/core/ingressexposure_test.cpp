// netpol-analyzer's Ingress/Route and exposure cases (../shared/corpus) are the judges of
// IngressAnalysis and ExposureReport: every byte of their txt output.
#include "core/commandline.h"
#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/evaluator.h"
#include "core/exposureanalysis.h"
#include "core/ingressanalysis.h"
#include "core/manifestloader.h"

#include "support/corpusfiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace netfence::core;
using netfence::test::readFile;
using netfence::test::testName;

namespace {

const fs::path kCorpus = NETFENCE_CORPUS_DIR;

std::vector<std::string> cases(const fs::path &dir)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory()) out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The case folder without its expected outputs (they are .txt; the loader reads yaml and json,
// and one case keeps an old connlist_output.json that is not a manifest).
LoadResult loadCase(const fs::path &dir)
{
    std::vector<std::string> paths;
    for (const auto &entry : fs::recursive_directory_iterator(dir)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
            paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    return ManifestLoader::load(paths);
}

class NetpolAnalyzerIngress : public testing::TestWithParam<std::string>
{
};

TEST_P(NetpolAnalyzerIngress, ConnlistTxtIsByteExact)
{
    const fs::path dir = GetParam();
    const LoadResult r = loadCase(dir);
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_NE(d.severity, Severity::Error) << d.toString();
    Evaluator evaluator(r.cluster, EvaluatorOptions{false});
    const std::string actual =
        ConnectionListWriter::write(ListFormat::Txt, evaluator, ConnectionList::build(evaluator));
    EXPECT_EQ(actual, readFile(dir / "expected_connlist.txt")) << dir.filename().string();
}

INSTANTIATE_TEST_SUITE_P(Corpus, NetpolAnalyzerIngress,
                         testing::ValuesIn(cases(kCorpus / "netpol-analyzer-ingress")),
                         [](const auto &info) { return testName(info.param); });

class NetpolAnalyzerExposure : public testing::TestWithParam<std::string>
{
};

TEST_P(NetpolAnalyzerExposure, ExposureTxtIsByteExact)
{
    const fs::path dir = GetParam();
    const LoadResult r = loadCase(dir);
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_NE(d.severity, Severity::Error) << d.toString();
    Evaluator evaluator(r.cluster, EvaluatorOptions{false});
    const ConnectionList list = ConnectionList::build(evaluator);
    const std::string actual = ExposureReport::build(evaluator, list).text(evaluator, list);
    EXPECT_EQ(actual, readFile(dir / "expected_exposure.txt")) << dir.filename().string();
}

INSTANTIATE_TEST_SUITE_P(Corpus, NetpolAnalyzerExposure,
                         testing::ValuesIn(cases(kCorpus / "netpol-analyzer-exposure")),
                         [](const auto &info) { return testName(info.param); });

TEST(NetpolAnalyzerExposureCorpus, AllCasesAreThere)
{
    EXPECT_EQ(cases(kCorpus / "netpol-analyzer-exposure").size(), 28u);
    EXPECT_EQ(cases(kCorpus / "netpol-analyzer-ingress").size(), 4u);
}

// The CLI prints the same bytes, and json carries the same lines.
TEST(ExposureCommandLine, TxtAndJsonCarryTheSameLines)
{
    const fs::path dir = kCorpus / "netpol-analyzer-exposure" / "k8s_ingress_test_new";
    std::ostringstream out, err;
    EXPECT_EQ(CommandLine::run({"connectivity", dir.string(), "--exposure", "--ipblock-pods=no"},
                               out, err),
              0)
        << err.str();
    EXPECT_EQ(out.str(), readFile(dir / "expected_exposure.txt"));
    std::ostringstream json, err2;
    EXPECT_EQ(CommandLine::run({"connectivity", dir.string(), "--exposure", "--format", "json"},
                               json, err2),
              0);
    EXPECT_NE(json.str().find("\"src\": \"{ingress-controller}\""), std::string::npos)
        << json.str();
    EXPECT_NE(json.str().find("\"dst\": \"entire-cluster\""), std::string::npos);
    EXPECT_NE(json.str().find("default/unicorn[Deployment] is not protected on Ingress"),
              std::string::npos);
}

Cluster ingressCluster(const std::string &policies)
{
    const std::string text = R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        ports: [{name: http, containerPort: 8080}, {containerPort: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: web, port: 80, targetPort: http}, {name: admin, port: 91, targetPort: 9090}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front, namespace: shop}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {name: web}}}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: admin, namespace: shop}
spec:
  to: {kind: Service, name: web}
  port: {targetPort: 9090}
---
)" + policies;
    LoadResult r = ManifestLoader::loadText(text, "ingress.yaml");
    for (const Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << d.toString();
    return r.cluster;
}

TEST(IngressAnalysis, NamedAndNumericTargetPortsResolveToContainerPorts)
{
    const Cluster cluster = ingressCluster("");
    ASSERT_EQ(cluster.ingresses.size(), 2u);
    EXPECT_EQ(cluster.ingresses[1].kind, "Route");
    // The backend's own line (the text starts with a line break).
    EXPECT_EQ(cluster.ingresses[0].backends.at(0).location.file, "ingress.yaml");
    EXPECT_EQ(cluster.ingresses[0].backends.at(0).location.line, 31);
    EXPECT_EQ(cluster.ingresses[0].location.line, 21);
    Evaluator evaluator(cluster);
    const auto exposures = IngressAnalysis::analyze(evaluator);
    ASSERT_EQ(exposures.size(), 1u);
    EXPECT_EQ(exposures[0].exposed.toString(), "TCP 8080,9090");
    EXPECT_EQ(exposures[0].allowed.toString(), "TCP 8080,9090");
    ASSERT_EQ(exposures[0].paths.size(), 2u);
    EXPECT_EQ(
        IngressAnalysis::describe(cluster, exposures[0].paths[0]),
        "Ingress shop/front (host shop.example.com, path /) through Service web to port 8080");
    const std::string text = IngressAnalysis::explainText(evaluator, 0);
    EXPECT_NE(text.find("Route shop/admin through Service web to port 9090"), std::string::npos)
        << text;
    EXPECT_NE(text.find("Verdict: allowed TCP 8080,9090"), std::string::npos) << text;
}

TEST(IngressAnalysis, PoliciesLetTheControllerInOnlyFromEveryNamespace)
{
    const std::string sameNamespace = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-ns, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
)";
    Cluster denied = ingressCluster(sameNamespace);
    Evaluator e1(denied);
    EXPECT_TRUE(IngressAnalysis::analyze(e1).at(0).allowed.isEmpty());
    EXPECT_TRUE(ConnectionList::build(e1).ingressConnections().empty());
    EXPECT_NE(IngressAnalysis::explainText(e1, 0).find("denied"), std::string::npos);

    const std::string anyNamespace = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: any-ns, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: http}]}]
)";
    Cluster allowed = ingressCluster(anyNamespace);
    Evaluator e2(allowed);
    const ConnectionList list = ConnectionList::build(e2);
    ASSERT_EQ(list.ingressConnections().size(), 1u);
    EXPECT_EQ(ConnectionListWriter::write(ListFormat::Txt, e2, list),
              "shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
              "{ingress-controller} => shop/web[Deployment] : TCP 8080\n");
}

TEST(IngressAnalysis, BrokenIngressIsReportedWithFileAndLine)
{
    const LoadResult r = ManifestLoader::loadText(R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bad, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - path: /
        backend: {service: {name: web, port: {number: 80, name: web}}}
)",
                                                  "bad.yaml");
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_EQ(r.diagnostics[0].location.file, "bad.yaml");
    EXPECT_EQ(r.diagnostics[0].location.line, 9);
    EXPECT_NE(r.diagnostics[0].message.find("exactly one of number and name"), std::string::npos);
}

} // namespace
