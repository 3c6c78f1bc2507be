#include "core/manifestloader.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace netfence::core;
using netfence::test::loadOk;

namespace {

const Workload *workload(const Cluster &c, const std::string &qualifiedName)
{
    const int i = c.findWorkload(qualifiedName);
    return i < 0 ? nullptr : &c.workloads[static_cast<size_t>(i)];
}

TEST(ManifestLoader, MultiDocumentYamlAndTypedLists)
{
    const LoadResult r = loadOk(R"(apiVersion: v1
kind: PodList
items:
- metadata: {name: a, namespace: n1, labels: {app: a}}
- metadata: {name: b, namespace: n1}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: NamespaceList
  items:
  - metadata: {name: n1, labels: {team: red}}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: n2}
  spec:
    replicas: 3
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: c
          ports: [{containerPort: 8080, name: http}, {containerPort: 53, protocol: UDP}]
)");
    EXPECT_EQ(r.documents, 2);
    ASSERT_TRUE(workload(r.cluster, "n1/a"));
    EXPECT_EQ(workload(r.cluster, "n1/a")->kind, "Pod");
    EXPECT_EQ(workload(r.cluster, "n1/a")->labels.at("app"), "a");
    const Workload *web = workload(r.cluster, "n2/web");
    ASSERT_TRUE(web);
    EXPECT_EQ(web->kind, "Deployment");
    EXPECT_EQ(web->replicas, 3);
    ASSERT_EQ(web->ports.size(), 2u);
    EXPECT_EQ(web->ports[0], (ContainerPort{"http", 8080, Protocol::TCP}));
    EXPECT_EQ(web->ports[1], (ContainerPort{"", 53, Protocol::UDP}));
    const Namespace *n1 = r.cluster.findNamespace("n1");
    ASSERT_TRUE(n1);
    EXPECT_TRUE(n1->declared);
    EXPECT_EQ(n1->labels.at("team"), "red");
    EXPECT_EQ(n1->labels.at(kNamespaceNameLabel), "n1");
}

TEST(ManifestLoader, JsonAsKubectlWritesIt)
{
    const LoadResult r = loadOk(R"({"kind": "PodList", "apiVersion": "v1", "items": [
      {"metadata": {"name": "p", "namespace": "ns", "labels": {"app": "x"}},
       "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 80}]}]},
       "status": {"podIP": "10.0.0.5", "podIPs": [{"ip": "10.0.0.5"}, {"ip": "fd00::5"}]}}]})");
    const Workload *p = workload(r.cluster, "ns/p");
    ASSERT_TRUE(p);
    ASSERT_EQ(p->ips.size(), 2u);
    EXPECT_EQ(p->ips[1].toString(), "fd00::5");
}

TEST(ManifestLoader, OtherKindsAreSkippedAndCounted)
{
    const LoadResult r = loadOk("kind: ConfigMap\nmetadata: {name: a}\n---\nkind: ConfigMap\n"
                                "metadata: {name: b}\n---\nkind: Secret\nmetadata: {name: c}\n"
                                "---\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: x}}\n");
    EXPECT_EQ(r.skippedKinds.at("ConfigMap"), 2);
    EXPECT_EQ(r.skippedKinds.at("Secret"), 1);
    ASSERT_EQ(r.cluster.services.size(), 1u);
    EXPECT_EQ(r.cluster.services[0].selector.at("app"), "x");
}

TEST(ManifestLoader, MissingNamespaceMeansDefaultAndReferencedNamespacesExist)
{
    const LoadResult r = loadOk("kind: Pod\nmetadata: {name: p}\n---\nkind: NetworkPolicy\n"
                                "apiVersion: networking.k8s.io/v1\nmetadata: {name: np, namespace: "
                                "other}\nspec: {podSelector: {}}\n");
    EXPECT_TRUE(workload(r.cluster, "default/p"));
    const Namespace *other = r.cluster.findNamespace("other");
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->declared);
    EXPECT_EQ(other->labels.at(kNamespaceNameLabel), "other");
    ASSERT_TRUE(r.cluster.findNamespace("default"));
}

TEST(ManifestLoader, PodsJoinTheirControllerOwner)
{
    const LoadResult r = loadOk(R"(kind: Pod
metadata:
  name: web-1
  namespace: n
  labels: {app: web}
  ownerReferences: [{kind: ReplicaSet, name: web-5d8, controller: true}]
status: {podIP: 10.0.0.1}
---
kind: Pod
metadata:
  name: web-2
  namespace: n
  labels: {app: web}
  ownerReferences: [{kind: ReplicaSet, name: other, controller: false}, {kind: ReplicaSet, name: web-5d8, controller: true}]
status: {podIP: 10.0.0.2}
---
kind: Pod
metadata:
  name: orphan
  namespace: n
  ownerReferences: [{name: keeper, controller: true}]
---
kind: Pod
metadata:
  name: static-pod
  namespace: n
  ownerReferences: [{kind: Node, name: node-1, controller: true}]
)");
    const Workload *web = workload(r.cluster, "n/web-5d8");
    ASSERT_TRUE(web);
    EXPECT_EQ(web->kind, "ReplicaSet");
    EXPECT_EQ(web->podNames, (std::vector<std::string>{"web-1", "web-2"}));
    EXPECT_EQ(web->ips.size(), 2u);
    ASSERT_TRUE(workload(r.cluster, "n/keeper"));
    EXPECT_EQ(workload(r.cluster, "n/keeper")->kind, "Pod");
    ASSERT_TRUE(workload(r.cluster, "n/static-pod"));
    EXPECT_EQ(r.cluster.workloads.size(), 3u);
}

TEST(ManifestLoader, CronJobLabelsComeFromTheJobTemplate)
{
    const LoadResult r = loadOk(R"(kind: CronJob
metadata: {name: backup, namespace: n}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: backup}}
        spec: {containers: [{name: c}]}
)");
    ASSERT_TRUE(workload(r.cluster, "n/backup"));
    EXPECT_EQ(workload(r.cluster, "n/backup")->labels.at("app"), "backup");
}

TEST(ManifestLoader, PodsOfOneOwnerThatASelectorTellsApartAreAnError)
{
    const LoadResult r = ManifestLoader::loadText(R"(kind: Pod
metadata: {name: p1, namespace: n, labels: {app: a}, ownerReferences: [{kind: ReplicaSet, name: rs, controller: true}]}
---
kind: Pod
metadata: {name: p2, namespace: n, labels: {app: b}, ownerReferences: [{kind: ReplicaSet, name: rs, controller: true}]}
---
kind: NetworkPolicy
metadata: {name: np, namespace: n}
spec:
  podSelector: {matchLabels: {app: a}}
)", "pods.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::Error);
    EXPECT_EQ(r.diagnostics[0].location.line, 4);
    EXPECT_EQ(r.diagnostics[0].object, "Pod n/p2");
    // Shown per pod, so evaluation stays exact.
    EXPECT_TRUE(workload(r.cluster, "n/p1"));
    EXPECT_TRUE(workload(r.cluster, "n/p2"));
}

TEST(ManifestLoader, PodsOfOneOwnerWithAnUnseenLabelGapStayOneWorkload)
{
    const LoadResult r = loadOk(R"(kind: Pod
metadata: {name: p1, namespace: n, labels: {app: a, v: "1"}, ownerReferences: [{kind: ReplicaSet, name: rs, controller: true}]}
---
kind: Pod
metadata: {name: p2, namespace: n, labels: {app: a, v: "2"}, ownerReferences: [{kind: ReplicaSet, name: rs, controller: true}]}
---
kind: NetworkPolicy
metadata: {name: np, namespace: n}
spec:
  podSelector: {matchLabels: {app: a}}
)");
    EXPECT_EQ(r.cluster.workloads.size(), 1u);
}

struct BadPolicy
{
    const char *name;
    const char *spec; // lines after "spec:", indented by two
    int line;         // of the reported problem
    const char *message;
    bool kept = false; // evaluated anyway (accepted by the API server)
};

void PrintTo(const BadPolicy &p, std::ostream *os)
{
    *os << p.name;
}

class PolicyValidation : public testing::TestWithParam<BadPolicy>
{
};

TEST_P(PolicyValidation, ReportsTheProblemAtItsLine)
{
    const BadPolicy &c = GetParam();
    const std::string yaml = std::string("kind: Pod\nmetadata: {name: ok, namespace: n}\n---\n"
                                         "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                                         "metadata: {name: bad, namespace: n}\nspec:\n") +
                             c.spec;
    const LoadResult r = ManifestLoader::loadText(yaml, "policies.yaml");
    ASSERT_FALSE(r.diagnostics.empty()) << c.name;
    const Diagnostic &d = r.diagnostics.front();
    EXPECT_EQ(d.severity, Severity::Error);
    EXPECT_EQ(d.location.file, "policies.yaml");
    EXPECT_EQ(d.location.line, c.line) << d.toString();
    EXPECT_GT(d.location.column, 0);
    EXPECT_EQ(d.object, "NetworkPolicy n/bad");
    EXPECT_NE(d.message.find(c.message), std::string::npos) << d.toString();
    EXPECT_EQ(r.cluster.policies.size(), c.kept ? 1u : 0u);
    EXPECT_EQ(r.cluster.workloads.size(), 1u); // the rest still loads
}

INSTANTIATE_TEST_SUITE_P(
    ManifestLoader, PolicyValidation,
    testing::Values(
        BadPolicy{"BadCidr", "  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: A}\n", 11, "CIDR error"},
        BadPolicy{"ExceptOutsideCidr", "  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [11.0.0.0/8]\n", 12, "strict subset"},
        BadPolicy{"PortZero", "  podSelector: {}\n  ingress:\n  - ports:\n    - port: 0\n", 11, "outside 1-65535"},
        BadPolicy{"PortTooLarge", "  podSelector: {}\n  ingress:\n  - ports: [{port: 70000}]\n", 10, "outside 1-65535"},
        BadPolicy{"EndPortBelowPort", "  podSelector: {}\n  egress:\n  - ports:\n    - port: 10\n      endPort: 1\n", 12, "endPort must not be less"},
        BadPolicy{"EndPortWithNamedPort", "  podSelector: {}\n  egress:\n  - ports:\n    - port: http\n      endPort: 90\n", 12, "named port"},
        BadPolicy{"EndPortWithoutPort", "  podSelector: {}\n  egress:\n  - ports:\n    - endPort: 90\n", 11, "numeric port"},
        BadPolicy{"BadPortName", "  podSelector: {}\n  ingress:\n  - ports:\n    - port: Web_Port\n", 11, "invalid port name"},
        BadPolicy{"QuotedNumberIsABadPortName", "  podSelector: {}\n  ingress:\n  - ports:\n    - port: \"80\"\n", 11, "at least one letter"},
        BadPolicy{"BadProtocol", "  podSelector: {}\n  ingress:\n  - ports:\n    - protocol: HTTP\n", 11, "unsupported protocol"},
        BadPolicy{"BadLabelKey", "  podSelector:\n    matchLabels:\n      app@b: x\n", 10, "invalid label key"},
        BadPolicy{"BadLabelValue", "  podSelector:\n    matchLabels:\n      app: $x\n", 10, "invalid label value"},
        BadPolicy{"InWithoutValues", "  podSelector:\n    matchExpressions:\n    - {key: app, operator: In}\n", 10, "needs at least one value"},
        BadPolicy{"ExistsWithValues", "  podSelector:\n    matchExpressions:\n    - {key: app, operator: Exists, values: [a]}\n", 10, "must not have values"},
        BadPolicy{"UnknownOperator", "  podSelector:\n    matchExpressions:\n    - key: app\n      operator: Equals\n", 11, "not a valid operator"},
        BadPolicy{"IPBlockWithSelector", "  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n", 11, "both ipBlock and"},
        BadPolicy{"EmptyPeer", "  podSelector: {}\n  ingress:\n  - from:\n    - {}\n", 11, "empty peer"},
        BadPolicy{"BadPolicyType", "  podSelector: {}\n  policyTypes: [Ingress, Outgress]\n", 9, "must be Ingress or Egress"},
        BadPolicy{"NamedPortWithIPBlock", "  podSelector: {}\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: http}]\n", 10, "named port", true}),
    [](const auto &info) { return std::string(info.param.name); });

TEST(ManifestLoader, DuplicatePolicyNamesInOneNamespaceKeepTheLastAsKubectlApply)
{
    const LoadResult r = ManifestLoader::loadText(
        "kind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec: {podSelector: {}}\n---\n"
        "kind: NetworkPolicy\nmetadata: {name: p, namespace: m}\nspec: {podSelector: {}}\n---\n"
        "kind: NetworkPolicy\nmetadata: {name: p, namespace: n}\n"
        "spec: {podSelector: {matchLabels: {app: second}}}\n---\n"
        "kind: NetworkPolicy\nmetadata: {name: p, namespace: n}\n"
        "spec: {podSelector: {matchLabels: {app: third}}}\n",
        "dup.yaml");
    ASSERT_EQ(r.diagnostics.size(), 2u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::Error);
    EXPECT_EQ(r.diagnostics[0].location.line, 9);
    EXPECT_NE(r.diagnostics[0].message.find("already exists"), std::string::npos);
    EXPECT_NE(r.diagnostics[0].message.find("(dup.yaml:1)"), std::string::npos) << r.diagnostics[0].message;
    EXPECT_EQ(r.diagnostics[1].location.line, 13);
    EXPECT_NE(r.diagnostics[1].message.find("(dup.yaml:9)"), std::string::npos) << r.diagnostics[1].message;
    ASSERT_EQ(r.cluster.policies.size(), 2u);
    // The last definition wins and keeps the first one's place.
    EXPECT_EQ(r.cluster.policies[0].qualifiedName(), "n/p");
    EXPECT_EQ(r.cluster.policies[0].podSelector.matchLabels.at("app"), "third");
    EXPECT_EQ(r.cluster.policies[0].location.line, 13);
    EXPECT_EQ(r.cluster.policies[1].qualifiedName(), "m/p");
}

TEST(ManifestLoader, MalformedYamlGivesParserPositionAndStopsTheFileAsKubectlDoes)
{
    const LoadResult r = ManifestLoader::loadText("kind: Pod\nmetadata: {name: a}\n---\n"
                                                  "kind: Pod\nmetadata: {name: [b\n---\n"
                                                  "kind: Pod\nmetadata: {name: c}\n",
                                                  "broken.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.file, "broken.yaml");
    EXPECT_GE(r.diagnostics[0].location.line, 5);
    EXPECT_LE(r.diagnostics[0].location.line, 6);
    EXPECT_NE(r.diagnostics[0].message.find("YAML syntax error"), std::string::npos);
    EXPECT_NE(r.diagnostics[0].message.find("the 1 document after it in the file are not read"),
              std::string::npos)
        << r.diagnostics[0].message;
    EXPECT_TRUE(workload(r.cluster, "default/a"));
    EXPECT_FALSE(workload(r.cluster, "default/c"));
}

TEST(ManifestLoader, WrongShapesAreDiagnosticsNotCrashes)
{
    const LoadResult r = ManifestLoader::loadText(
        "- just\n- a list\n---\nplain scalar\n---\nkind: Pod\nmetadata: [x]\n---\n"
        "kind: Pod\nmetadata: {name: p, labels: [a]}\nspec: {containers: {a: b}}\n---\n"
        "kind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: [], ingress: {a: 1}}\n---\n"
        "kind: Deployment\nmetadata: {name: d}\nspec: {replicas: many, template: 7}\n---\n"
        "kind: Pod\nmetadata: {name: ok}\n",
        "shapes.yaml");
    EXPECT_GE(r.diagnostics.size(), 6u);
    for (const Diagnostic &d : r.diagnostics)
        EXPECT_GT(d.location.line, 0) << d.toString();
    EXPECT_TRUE(workload(r.cluster, "default/ok"));
}

TEST(ManifestLoader, DeepNestingIsAnErrorNotACrash)
{
    const std::string deep = "kind: Pod\nmetadata: {name: p}\nspec: " + std::string(10000, '[') +
                             std::string(10000, ']') + "\n---\nkind: Pod\nmetadata: {name: q}\n";
    const LoadResult r = ManifestLoader::loadText(deep, "deep.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.line, 3);
    EXPECT_NE(r.diagnostics[0].message.find("nesting"), std::string::npos);
    EXPECT_FALSE(workload(r.cluster, "default/q")); // kubectl cannot decode it either: the file stops
}

TEST(ManifestLoader, AliasBombIsBounded)
{
    // 9^12 leaves if expanded; the loader must never walk them.
    std::string bomb = "kind: Pod\nmetadata:\n  name: p\n  labels: &l0 {a: b}\n";
    bomb += "spec:\n  x0: &x0 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]\n";
    for (int i = 1; i < 12; ++i) {
        const std::string p = "*x" + std::to_string(i - 1);
        bomb += "  x" + std::to_string(i) + ": &x" + std::to_string(i) + " [" + p + ", " + p +
                ", " + p + ", " + p + ", " + p + ", " + p + ", " + p + ", " + p + ", " + p + "]\n";
    }
    bomb += "  containers: *x11\n";
    const auto start = std::chrono::steady_clock::now();
    const LoadResult r = ManifestLoader::loadText(bomb, "bomb.yaml");
    // Not a timing assertion: a walk of 9^12 nodes would never finish at all.
    (void)start;
    EXPECT_TRUE(workload(r.cluster, "default/p"));
}

TEST(ManifestLoader, FoldersAreReadRecursivelyBySuffix)
{
    const fs::path dir = fs::temp_directory_path() / ("netfence-loader-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "sub" / "deeper");
    std::ofstream(dir / "a.yaml") << "kind: Pod\nmetadata: {name: a}\n";
    std::ofstream(dir / "sub" / "b.yml") << "kind: Pod\nmetadata: {name: b}\n";
    std::ofstream(dir / "sub" / "deeper" / "c.json") << R"({"kind": "Pod", "metadata": {"name": "c"}})";
    std::ofstream(dir / "sub" / "notes.txt") << "kind: Pod\nmetadata: {name: d}\n";
    std::ofstream(dir / "cluster.netfence-layout.json") << R"({"nodes": {}})"; // the editor's side file
    std::ofstream(dir / "bad.yaml") << "kind: Pod\nmetadata: {name: [\n";
    std::error_code ec;
    fs::create_directory_symlink(dir, dir / "sub" / "loop", ec); // must not be followed
    const LoadResult r = ManifestLoader::load({dir.string(), (dir / "missing.yaml").string()});
    EXPECT_EQ(r.files, 4);
    EXPECT_TRUE(workload(r.cluster, "default/a"));
    EXPECT_TRUE(workload(r.cluster, "default/b"));
    EXPECT_TRUE(workload(r.cluster, "default/c"));
    EXPECT_FALSE(workload(r.cluster, "default/d"));
    ASSERT_EQ(r.diagnostics.size(), 2u);
    EXPECT_EQ(r.diagnostics[0].location.file, (dir / "bad.yaml").string());
    EXPECT_NE(r.diagnostics[1].message.find("no such file"), std::string::npos);
    fs::remove_all(dir);
}

TEST(ManifestLoader, BinaryGarbageIsRefused)
{
    const fs::path file = fs::temp_directory_path() / ("netfence-bin-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(file, std::ios::binary) << std::string("\x7f" "ELF\0\0\x01\x02", 8);
    const LoadResult r = ManifestLoader::load({file.string()});
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_NE(r.diagnostics[0].message.find("binary"), std::string::npos);
    fs::remove(file);
}

} // namespace
