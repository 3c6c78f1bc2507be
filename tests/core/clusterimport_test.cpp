// Live import, Kustomize and Helm through stand-in scripts on PATH that answer from fixtures:
// the real tools are never run, and the scripts record how they were called.
#include "core/clusterimport.h"
#include "core/commandline.h"
#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/evaluator.h"
#include "core/manifestrenderer.h"
#include "core/processrunner.h"

#include "support/corpusfiles.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace netfence::core;
using netfence::test::readFile;

namespace {

void writeFile(const fs::path &p, const std::string &text, bool executable = false)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    if (executable) ::chmod(p.c_str(), 0755);
}

// The stand-in kubectl: `get RESOURCE` prints fixtures/RESOURCE.json; contexts named
// "missing", "forbidden" and "slow" fail as a real cluster would; kinds without a fixture are
// not served. `kustomize DIR` prints DIR/rendered.yaml.
const char *kKubectl = R"(#!/bin/sh
here=$(/usr/bin/dirname "$0")
printf '%s\n' "$*" >> "$here/calls.log"
ctx=""
res=""
prev=""
for a in "$@"; do
  case "$a" in --context=*) ctx="${a#--context=}";; esac
  if [ "$prev" = "get" ]; then res="$a"; fi
  if [ "$res" = "namespace" ]; then res="namespaces"; fi
  if [ "$prev" = "kustomize" ]; then /bin/cat "$a/rendered.yaml"; exit 0; fi
  prev="$a"
done
case "$ctx" in
  missing) echo "error: context \"missing\" does not exist" >&2; exit 1;;
  slow) /bin/sleep 30; exit 0;;
  forbidden) if [ "$res" = "pods" ]; then
      echo "Error from server (Forbidden): pods is forbidden: User \"dev\" cannot list resource \"pods\" in API group \"\" at the cluster scope" >&2; exit 1; fi;;
esac
if [ -f "$here/fixtures/$res.json" ]; then /bin/cat "$here/fixtures/$res.json"; exit 0; fi
echo "error: the server doesn't have a resource type \"$res\"" >&2
exit 1
)";

const char *kPods = R"({
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "labels": {"app": "web", "pod-template-hash": "5d9c"},
                "name": "web-5d9c-abcde",
                "namespace": "shop",
                "ownerReferences": [{"apiVersion": "apps/v1", "controller": true, "kind": "ReplicaSet", "name": "web-5d9c", "uid": "1"}]
            },
            "spec": {"containers": [{"name": "web", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}]}]},
            "status": {"phase": "Running", "podIP": "10.1.0.5", "podIPs": [{"ip": "10.1.0.5"}]}
        },
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "labels": {"app": "web", "pod-template-hash": "5d9c"},
                "name": "web-5d9c-fghij",
                "namespace": "shop",
                "ownerReferences": [{"apiVersion": "apps/v1", "controller": true, "kind": "ReplicaSet", "name": "web-5d9c", "uid": "1"}]
            },
            "spec": {"containers": [{"name": "web", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}]}]},
            "status": {"phase": "Running", "podIP": "10.1.0.6"}
        },
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"labels": {"app": "db"}, "name": "db-0", "namespace": "shop",
                "ownerReferences": [{"apiVersion": "apps/v1", "controller": true, "kind": "StatefulSet", "name": "db", "uid": "2"}]},
            "spec": {"containers": [{"name": "db", "ports": [{"containerPort": 5432}]}]},
            "status": {"phase": "Running", "podIP": "10.1.0.7"}
        }
    ],
    "kind": "List",
    "metadata": {"resourceVersion": ""}
}
)";

const char *kEmpty =
    R"({"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}
)";

class StandIns : public testing::Test
{
protected:
    void SetUp() override
    {
        mDir = fs::temp_directory_path() /
               ("netfence-standin-" + std::to_string(::getpid()) + '-' +
                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(mDir);
        writeFile(mDir / "bin" / "kubectl", kKubectl, true);
        const fs::path f = mDir / "bin" / "fixtures";
        writeFile(f / "namespaces.json", R"({"apiVersion": "v1", "items": [
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"kubernetes.io/metadata.name": "shop", "team": "a"}}}
], "kind": "List"}
)");
        writeFile(f / "pods.json", kPods);
        for (const char *k :
             {"deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps",
              "jobs.batch", "cronjobs.batch", "replicationcontrollers"})
            writeFile(f / (std::string(k) + ".json"), kEmpty);
        writeFile(f / "services.json", R"({"apiVersion": "v1", "items": [
  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
   "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]}}
], "kind": "List"}
)");
        writeFile(f / "ingresses.networking.k8s.io.json", R"({"apiVersion": "v1", "items": [
  {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "front", "namespace": "shop"},
   "spec": {"rules": [{"host": "shop.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix",
     "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}
], "kind": "List"}
)");
        writeFile(f / "networkpolicies.networking.k8s.io.json", R"({"apiVersion": "v1", "items": [
  {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "db", "namespace": "shop"},
   "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]}]}}
], "kind": "List"}
)");
        mOldPath = std::getenv("PATH") ? std::getenv("PATH") : "";
        ::setenv("PATH", (mDir / "bin").c_str(), 1);
    }
    void TearDown() override
    {
        ::setenv("PATH", mOldPath.c_str(), 1);
        fs::remove_all(mDir);
    }
    std::string calls() const { return readFile(mDir / "bin" / "calls.log"); }

    fs::path mDir;
    std::string mOldPath;
};

TEST_F(StandIns, ImportReadsEveryKindAndFoldsPodsIntoTheirControllers)
{
    ClusterImport::Options options;
    options.context = "prod";
    std::vector<std::string> progress;
    options.progress = [&](int done, int total, const std::string &what) {
        progress.push_back(std::to_string(done) + '/' + std::to_string(total) + ' ' + what);
    };
    const ClusterImport::Result result = ClusterImport::run(options);
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(result.pieces.size(), ClusterImport::kinds().size() - 4); // routes and 3 policy CRDs
    ASSERT_EQ(result.notes.size(), 4u);
    EXPECT_NE(result.notes[0].find("routes.route.openshift.io skipped: the cluster does not serve"),
              std::string::npos)
        << result.notes[0];
    EXPECT_EQ(progress.front(), "0/16 namespaces");
    EXPECT_EQ(progress.back(), "16/16 ");
    EXPECT_NE(calls().find(
                  "--context=prod get pods --output=json --request-timeout=120s --all-namespaces"),
              std::string::npos)
        << calls();

    const LoadResult r = ClusterImport::load(result);
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_EQ(d.severity, Severity::Warning) << d.toString();
    ASSERT_EQ(r.cluster.workloads.size(), 2u);
    const int web = r.cluster.findWorkload("shop/web-5d9c");
    ASSERT_GE(web, 0);
    EXPECT_EQ(r.cluster.workloads[web].kind, "ReplicaSet");
    EXPECT_EQ(r.cluster.workloads[web].ips.size(), 2u);
    EXPECT_EQ(r.cluster.workloads[web].podNames.size(), 2u);
    EXPECT_EQ(r.cluster.namespaceLabels("shop").at("team"), "a");
    Evaluator evaluator(r.cluster);
    const std::string text =
        ConnectionListWriter::write(ListFormat::Txt, evaluator, ConnectionList::build(evaluator));
    EXPECT_NE(text.find("{ingress-controller} => shop/web-5d9c[ReplicaSet] : TCP 8080"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("shop/web-5d9c[ReplicaSet] => shop/db[StatefulSet] : All Connections"),
              std::string::npos);
}

TEST_F(StandIns, OneNamespaceAsksForThatNamespaceOnly)
{
    ClusterImport::Options options;
    options.namespaceName = "shop";
    ASSERT_TRUE(ClusterImport::run(options).ok);
    EXPECT_NE(calls().find("get namespace shop --output=json"), std::string::npos) << calls();
    EXPECT_NE(calls().find("get services --output=json --request-timeout=120s --namespace=shop"),
              std::string::npos);
    options.namespaceName = "shop; rm -rf /";
    const ClusterImport::Result bad = ClusterImport::run(options);
    EXPECT_FALSE(bad.ok);
    EXPECT_NE(bad.error.find("is not a namespace name"), std::string::npos) << bad.error;
}

TEST_F(StandIns, HostileContextNameReachesKubectlAsOneArgument)
{
    ClusterImport::Options options;
    options.context = "x$(touch pwned)`touch pwned2`;touch pwned3";
    ASSERT_TRUE(ClusterImport::run(options).ok);
    EXPECT_NE(calls().find("--context=x$(touch pwned)`touch pwned2`;touch pwned3 get"),
              std::string::npos);
    for (const char *f : {"pwned", "pwned2", "pwned3"}) {
        EXPECT_FALSE(fs::exists(mDir / "bin" / f));
        EXPECT_FALSE(fs::exists(f));
    }
}

TEST_F(StandIns, MissingContextShowsCommandExitCodeAndStderr)
{
    ClusterImport::Options options;
    options.context = "missing";
    const ClusterImport::Result r = ClusterImport::run(options);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error,
              "`kubectl --context=missing get namespaces --output=json --request-timeout=120s` "
              "exited with code 1:\nerror: context \"missing\" does not exist");
    std::ostringstream out, err;
    EXPECT_EQ(CommandLine::run({"validate", "--from-cluster", "--context", "missing"}, out, err),
              CommandLine::ProblemsFound);
    EXPECT_NE(err.str().find("importing from the cluster failed: `kubectl --context=missing get"),
              std::string::npos)
        << err.str();
}

TEST_F(StandIns, ForbiddenPodsStopTheImport)
{
    ClusterImport::Options options;
    options.context = "forbidden";
    const ClusterImport::Result r = ClusterImport::run(options);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("get pods --output=json"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("exited with code 1:\nError from server (Forbidden): pods is forbidden"),
              std::string::npos)
        << r.error;
}

TEST_F(StandIns, SlowClusterTimesOut)
{
    ClusterImport::Options options;
    options.context = "slow";
    options.timeoutSeconds = 1;
    const auto start = std::chrono::steady_clock::now();
    const ClusterImport::Result r = ClusterImport::run(options);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("timed out after"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("get namespaces"), std::string::npos) << r.error;
}

TEST_F(StandIns, CancelStopsTheImport)
{
    ClusterImport::Options options;
    options.context = "slow";
    const auto start = std::chrono::steady_clock::now();
    options.cancelled = [&] {
        return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300);
    };
    const ClusterImport::Result r = ClusterImport::run(options);
    EXPECT_TRUE(r.cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(StandIns, KubectlNotInstalledSaysWhatToInstall)
{
    ::setenv("PATH", (mDir / "nothing-here").c_str(), 1);
    const ClusterImport::Result r = ClusterImport::run({});
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("kubectl was not found on PATH"), std::string::npos) << r.error;
}

TEST_F(StandIns, SnapshotRepeatsTheImportOffline)
{
    const ClusterImport::Result result = ClusterImport::run({});
    ASSERT_TRUE(result.ok);
    const fs::path snap = mDir / "snap";
    ASSERT_EQ(ClusterImport::saveSnapshot(result, {}, snap.string()), "");
    EXPECT_TRUE(fs::is_regular_file(snap / "pods.json"));
    EXPECT_NE(readFile(snap / "netfence-snapshot.txt").find("get pods"), std::string::npos);
    // The same objects, from the folder, with kubectl gone.
    ::setenv("PATH", (mDir / "nothing-here").c_str(), 1);
    const LoadResult offline = ManifestLoader::load({snap.string()});
    const LoadResult live = ClusterImport::load(result);
    EXPECT_EQ(offline.cluster.workloads.size(), live.cluster.workloads.size());
    EXPECT_EQ(offline.cluster.policies.size(), live.cluster.policies.size());
    EXPECT_EQ(offline.cluster.ingresses.size(), 1u);
    // A folder that holds something, or a symlink, is never written into.
    EXPECT_NE(ClusterImport::saveSnapshot(result, {}, snap.string()), "");
    fs::create_directory_symlink(mDir / "elsewhere", mDir / "link");
    EXPECT_NE(
        ClusterImport::saveSnapshot(result, {}, (mDir / "link").string()).find("symbolic link"),
        std::string::npos);
    EXPECT_FALSE(fs::exists(mDir / "elsewhere"));
}

TEST_F(StandIns, CommandLineFromClusterWithSnapshot)
{
    std::ostringstream out, err;
    const fs::path snap = mDir / "cli-snap";
    EXPECT_EQ(CommandLine::run({"connectivity", "--from-cluster", "--context=prod",
                                "--save-snapshot", snap.string()},
                               out, err),
              CommandLine::Success)
        << err.str();
    EXPECT_NE(out.str().find("{ingress-controller} => shop/web-5d9c[ReplicaSet] : TCP 8080"),
              std::string::npos)
        << out.str();
    EXPECT_NE(err.str().find("routes.route.openshift.io skipped"), std::string::npos) << err.str();
    std::ostringstream again, err2;
    EXPECT_EQ(CommandLine::run({"connectivity", snap.string()}, again, err2), CommandLine::Success);
    EXPECT_EQ(again.str(), out.str());
    std::ostringstream usage, err3;
    EXPECT_EQ(CommandLine::run({"connectivity", snap.string(), "--context", "x"}, usage, err3),
              CommandLine::ProblemsFound);
    EXPECT_NE(err3.str().find("--context needs --from-cluster"), std::string::npos);
}

const char *kHelm = R"(#!/bin/sh
here=$(/usr/bin/dirname "$0")
printf '%s\n' "$*" >> "$here/calls.log"
/bin/cat <<'EOF'
---
# Source: shop/templates/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}
---
# Source: shop/templates/policy.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bad
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - ports: [{port: 8080, endPort: 10}]
EOF
)";

TEST_F(StandIns, HelmChartRenderedObjectsKeepTheirTemplatePath)
{
    writeFile(mDir / "bin" / "helm", kHelm, true);
    const fs::path chart = mDir / "chart";
    writeFile(chart / "Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
    writeFile(mDir / "values.yaml", "replicas: 2\n");
    EXPECT_EQ(ManifestRenderer::detect(chart.string()), ManifestRenderer::Tool::Helm);
    std::ostringstream out, err;
    CommandLine::run({"validate", chart.string(), "--values", (mDir / "values.yaml").string()}, out,
                     err);
    // The line counts from the rendered document's first line, the "# Source:" comment.
    EXPECT_NE(out.str().find(chart.string() +
                             "/templates/policy.yaml [helm template]:10:35: error: "
                             "NetworkPolicy shop/bad: invalid port range 8080-10"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("1 workloads, 0 policies"), std::string::npos) << out.str();
    EXPECT_NE(calls().find("template netfence " + chart.string() + " --values " +
                           (mDir / "values.yaml").string()),
              std::string::npos)
        << calls();
}

TEST_F(StandIns, KustomizeFolderRenderedWithKubectlKustomize)
{
    const fs::path overlay = mDir / "overlay";
    writeFile(overlay / "kustomization.yaml", "resources: [base.yaml]\n");
    writeFile(overlay / "rendered.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: prod, labels: {app: solo}}
spec: {containers: [{name: c}]}
)");
    std::ostringstream out, err;
    EXPECT_EQ(CommandLine::run({"validate", overlay.string()}, out, err), CommandLine::Success)
        << err.str();
    EXPECT_NE(out.str().find("1 workloads"), std::string::npos) << out.str();
    EXPECT_NE(calls().find("kustomize " + overlay.string()), std::string::npos) << calls();
}

TEST_F(StandIns, MissingRendererNamesTheToolToInstall)
{
    ::setenv("PATH", (mDir / "nothing-here").c_str(), 1);
    const fs::path overlay = mDir / "overlay";
    writeFile(overlay / "kustomization.yaml", "resources: []\n");
    const fs::path chart = mDir / "chart";
    writeFile(chart / "Chart.yaml", "name: c\n");
    std::ostringstream out, err;
    EXPECT_EQ(CommandLine::run({"validate", overlay.string()}, out, err),
              CommandLine::ProblemsFound);
    EXPECT_NE(err.str().find("needs kubectl (`kubectl kustomize`) or kustomize on PATH"),
              std::string::npos)
        << err.str();
    std::ostringstream out2, err2;
    EXPECT_EQ(CommandLine::run({"validate", chart.string()}, out2, err2),
              CommandLine::ProblemsFound);
    EXPECT_NE(err2.str().find("needs helm on PATH"), std::string::npos) << err2.str();
}

TEST(ProcessRunner, QuotesCommandsForDisplayAndReportsExitCodes)
{
    EXPECT_EQ(ProcessRunner::commandLine({"kubectl", "--context=a b", "it's"}),
              "kubectl '--context=a b' 'it'\\''s'");
    const ProcessRunner::Result r =
        ProcessRunner::run({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
    EXPECT_TRUE(r.started);
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_EQ(r.out, "out\n");
    EXPECT_EQ(r.err, "err\n");
    EXPECT_EQ(ProcessRunner::outcome(r), "exited with code 3");
}

} // namespace
