// Issue "untrusted input": each attack from the attack run, with its hostile file in
// tests/hostile/, ends as described: refused with file:line, read as Kubernetes reads it, or
// written so that what reads it next (sh, YAML parsers, Markdown) takes it as data.
#include "core/commandline.h"
#include "core/connectionlist.h"
#include "core/connectionlistwriter.h"
#include "core/evaluator.h"
#include "core/labloader.h"
#include "core/manifestloader.h"
#include "core/yamlscalar.h"
#include "core/yamlwriter.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace netfence::core;

namespace {

const std::string kHostile = NETFENCE_HOSTILE_DIR;

bool has(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// The first diagnostic at `line` of the file, or nullptr.
const Diagnostic *at(const std::vector<Diagnostic> &diagnostics, int line)
{
    for (const Diagnostic &d : diagnostics)
        if (d.location.line == line)
            return &d;
    return nullptr;
}

std::string all(const std::vector<Diagnostic> &diagnostics)
{
    std::string out;
    for (const Diagnostic &d : diagnostics)
        out += d.toString() + '\n';
    return out;
}

const NetworkPolicy *policy(const Cluster &c, const std::string &name)
{
    for (const NetworkPolicy &p : c.policies)
        if (p.name == name)
            return &p;
    return nullptr;
}

TEST(UntrustedInput, HostileNamesAreRefusedWhereTheyAreWritten)
{
    const LoadResult r = ManifestLoader::load({kHostile + "/script-injection/cluster.yaml"});
    const std::string text = all(r.diagnostics);
    // The namespace, the Pod in it, the Pod and the Service: each an error at its name's line.
    const Diagnostic *ns = at(r.diagnostics, 11);
    ASSERT_NE(ns, nullptr) << text;
    EXPECT_EQ(ns->severity, Severity::Error);
    EXPECT_TRUE(has(ns->message, "a Namespace name must be a DNS-1123 label")) << text;
    const Diagnostic *pod = at(r.diagnostics, 28);
    ASSERT_NE(pod, nullptr) << text;
    EXPECT_TRUE(has(pod->message, "a Pod name must be a DNS-1123 subdomain")) << text;
    const Diagnostic *podNamespace = at(r.diagnostics, 41);
    ASSERT_NE(podNamespace, nullptr) << text;
    EXPECT_TRUE(has(podNamespace->message, "invalid metadata.namespace")) << text;
    const Diagnostic *service = at(r.diagnostics, 51);
    ASSERT_NE(service, nullptr) << text;
    EXPECT_TRUE(has(service->message, "a Service name must be a DNS-1035 label")) << text;
    // What is valid still loads; nothing hostile does.
    EXPECT_GE(r.cluster.findWorkload("shop/web"), 0);
    EXPECT_GE(r.cluster.findWorkload("shop/client"), 0);
    EXPECT_EQ(r.cluster.workloads.size(), 2u);
    EXPECT_TRUE(r.cluster.services.empty());
    for (const Namespace &n : r.cluster.namespaces)
        EXPECT_EQ(n.name.find('$'), std::string::npos);
}

// netfence-cli lab script on the stranger's lab, then the script run with a stand-in kubectl:
// no file of the lab's choosing appears, and `sh -n` accepts it.
TEST(UntrustedInput, AHostileLabsScriptRunsNoCommandOfTheLabsChoosing)
{
    if (!fs::exists("/bin/sh"))
        GTEST_SKIP() << "no /bin/sh";
    std::ostringstream out, err;
    const int code = CommandLine::run(
        {"lab", "script", kHostile + "/script-injection/lab.lab.yaml", "1", "--checks", "matrix"}, out, err);
    // The lab's cluster has errors, so the command says so; it still writes no unquoted name.
    const std::string script = out.str();
    EXPECT_FALSE(has(script, "$(touch")) << script;
    EXPECT_FALSE(has(script, "`touch")) << script;
    EXPECT_FALSE(has(script, ";touch")) << script;
    if (script.empty()) {
        EXPECT_NE(code, 0) << err.str();
        return;
    }
    const fs::path dir = fs::temp_directory_path() / ("netfence-untrusted-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "t.sh") << script;
    std::ofstream(dir / "kubectl") << "#!/bin/sh\nprintf '%s\\n' \"$*\" >> kubectl.log\n"
                                      "case \"$1\" in get) echo 10.0.0.1 ;; esac\n";
    fs::permissions(dir / "kubectl", fs::perms::owner_all);
    EXPECT_EQ(std::system(("sh -n '" + dir.string() + "/t.sh'").c_str()), 0);
    const int ran = std::system(("cd '" + dir.string() + "' && PATH=\"$PWD:$PATH\" sh t.sh >out.txt 2>&1").c_str());
    EXPECT_NE(ran, -1);
    for (const char *planted : {"nf_planted_x", "nf_planted_y", "nf_planted_z"})
        EXPECT_FALSE(fs::exists(dir / planted)) << planted;
    EXPECT_TRUE(fs::exists(dir / "kubectl.log"));
    fs::remove_all(dir);
}

TEST(UntrustedInput, NamesAsTheAPIServerChecksThem)
{
    const LoadResult r = ManifestLoader::load({kHostile + "/names.yaml"});
    const std::string text = all(r.diagnostics);
    struct Case
    {
        int line;
        const char *says;
    };
    for (const Case &c : {Case{4, "must not be empty"}, Case{8, "lower case"}, Case{12, "lower case"},
                          Case{16, "a Namespace name must be a DNS-1123 label"},
                          Case{20, "must start with a lower case letter"},
                          Case{24, "invalid metadata.namespace \"../../tmp\""},
                          Case{28, "invalid label value"}}) {
        const Diagnostic *d = at(r.diagnostics, c.line);
        ASSERT_NE(d, nullptr) << "line " << c.line << '\n' << text;
        EXPECT_EQ(d->severity, Severity::Error) << text;
        EXPECT_TRUE(has(d->message, c.says)) << "line " << c.line << ": " << d->message;
    }
    // Names that could mean something to a shell or a path are not loaded; names that are only
    // against the API server's rules (upper case, a leading digit, a dot) are errors, still read
    // as netpol-analyzer reads them.
    EXPECT_TRUE(has(at(r.diagnostics, 8)->message, "the object is not loaded"));
    EXPECT_TRUE(has(at(r.diagnostics, 24)->message, "the object is not loaded"));
    EXPECT_TRUE(has(at(r.diagnostics, 12)->message, "kubectl apply would refuse it"));
    EXPECT_LT(r.cluster.findWorkload("n/two\nlines"), 0);
    EXPECT_LT(r.cluster.findWorkload("../../tmp/ok"), 0);
    EXPECT_LT(r.cluster.findWorkload("n/bad-label"), 0);
    EXPECT_GE(r.cluster.findWorkload("n/Upper"), 0);
    EXPECT_GE(r.cluster.findWorkload("n/fine.pod"), 0);
    EXPECT_EQ(r.cluster.workloads.size(), 2u) << text;
}

TEST(UntrustedInput, AHugeNameIsRefusedAndNotEchoedWhole)
{
    const std::string name(500'000, 'a');
    const LoadResult r = ManifestLoader::loadText("kind: Pod\nmetadata:\n  name: " + name + "\n", "big.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.line, 3);
    EXPECT_TRUE(has(r.diagnostics[0].message, "must be no more than 253 characters"));
    EXPECT_TRUE(has(r.diagnostics[0].message, "(500000 bytes)"));
    EXPECT_LT(r.diagnostics[0].message.size(), 400u);
    EXPECT_TRUE(r.cluster.workloads.empty());
}

TEST(UntrustedInput, WorkloadSelectorsAsTheAPIServerChecksThem)
{
    const LoadResult r = ManifestLoader::load({kHostile + "/workload-selectors.yaml"});
    const std::string text = all(r.diagnostics);
    const Diagnostic *mismatch = at(r.diagnostics, 6);
    ASSERT_NE(mismatch, nullptr) << text;
    EXPECT_TRUE(has(mismatch->message, "does not match the pod template's labels")) << text;
    const Diagnostic *missing = at(r.diagnostics, 11);
    ASSERT_NE(missing, nullptr) << text;
    EXPECT_TRUE(has(missing->message, "spec.selector is missing")) << text;
    EXPECT_EQ(mismatch->severity, Severity::Error);
    // Still read from the template: analyzers' test inputs hold such workloads.
    EXPECT_GE(r.cluster.findWorkload("w/mismatch"), 0);
    EXPECT_GE(r.cluster.findWorkload("w/no-selector"), 0);
    EXPECT_GE(r.cluster.findWorkload("w/fine"), 0);
    EXPECT_GE(r.cluster.findWorkload("w/rc"), 0); // a v1 RC defaults its selector
}

TEST(UntrustedInput, PortsAreReadAsKubernetesDecodesThem)
{
    const LoadResult r = ManifestLoader::load({kHostile + "/ports.yaml"});
    const std::string text = all(r.diagnostics);
    auto onlyPort = [&](const char *name) -> std::optional<int> {
        const NetworkPolicy *p = policy(r.cluster, name);
        if (!p || p->ingress.size() != 1 || p->ingress[0].ports.size() != 1)
            return std::nullopt;
        return p->ingress[0].ports[0].port;
    };
    EXPECT_EQ(onlyPort("hex"), 80) << text;
    EXPECT_EQ(onlyPort("exponent"), 100) << text;
    EXPECT_EQ(onlyPort("octal"), 64) << text;
    // true and 80.5 are no port: the API server refuses the objects, so netfence does too.
    EXPECT_EQ(policy(r.cluster, "boolean"), nullptr);
    ASSERT_NE(at(r.diagnostics, 36), nullptr) << text;
    EXPECT_TRUE(has(at(r.diagnostics, 36)->message, "boolean")) << text;
    EXPECT_EQ(policy(r.cluster, "fraction"), nullptr);
    ASSERT_NE(at(r.diagnostics, 45), nullptr) << text;
    // A quoted "8080" is a string: a port name, and not a valid one.
    EXPECT_EQ(policy(r.cluster, "named"), nullptr);
    ASSERT_NE(at(r.diagnostics, 55), nullptr) << text;
    EXPECT_TRUE(has(at(r.diagnostics, 55)->message, "invalid port name \"8080\"")) << text;
    // containerPort 010 is octal 8; a quoted "90" is refused.
    const int pod = r.cluster.findWorkload("p/octal-container");
    ASSERT_GE(pod, 0) << text;
    ASSERT_EQ(r.cluster.workloads[size_t(pod)].ports.size(), 1u);
    EXPECT_EQ(r.cluster.workloads[size_t(pod)].ports[0].port, 8);
    ASSERT_NE(at(r.diagnostics, 65), nullptr) << text;
    EXPECT_TRUE(has(at(r.diagnostics, 65)->message, "quoted string")) << text;
}

TEST(UntrustedInput, PlainScalarsResolveLikeYaml11)
{
    using namespace YamlScalar;
    EXPECT_EQ(int32Value(resolvePlain("0x50")), 80);
    EXPECT_EQ(int32Value(resolvePlain("0100")), 64);
    EXPECT_EQ(int32Value(resolvePlain("0o17")), 15);
    EXPECT_EQ(int32Value(resolvePlain("0b101")), 5);
    EXPECT_EQ(int32Value(resolvePlain("8_080")), 8080);
    EXPECT_EQ(int32Value(resolvePlain("+443")), 443);
    EXPECT_EQ(int32Value(resolvePlain("1e2")), 100);
    EXPECT_EQ(int32Value(resolvePlain("08")), 8); // not octal, so a float
    EXPECT_EQ(int32Value(resolvePlain("80.5")), std::nullopt);
    EXPECT_EQ(int32Value(resolvePlain(".inf")), std::nullopt);
    EXPECT_EQ(int32Value(resolvePlain("99999999999")), std::nullopt);
    EXPECT_EQ(resolvePlain("true").type, Type::Bool);
    EXPECT_EQ(resolvePlain("on").type, Type::Bool);
    EXPECT_TRUE(resolvePlain("yes").boolean);
    EXPECT_EQ(resolvePlain("~").type, Type::Null);
    EXPECT_EQ(resolvePlain("http").type, Type::String);
    EXPECT_EQ(resolvePlain("0x").type, Type::String);
    EXPECT_EQ(resolvePlain("1:30").type, Type::String);
}

TEST(UntrustedInput, ARepeatedKeyIsAnErrorAtTheSecondKey)
{
    const LoadResult r = ManifestLoader::load({kHostile + "/duplicate-keys.yaml"});
    const std::string text = all(r.diagnostics);
    const Diagnostic *selector = at(r.diagnostics, 7);
    ASSERT_NE(selector, nullptr) << text;
    EXPECT_TRUE(has(selector->message, "duplicate key \"podSelector\" (first at line 6)")) << text;
    const Diagnostic *ingress = at(r.diagnostics, 16);
    ASSERT_NE(ingress, nullptr) << text;
    EXPECT_TRUE(has(ingress->message, "duplicate key \"ingress\"")) << text;
    EXPECT_TRUE(r.cluster.policies.empty()) << text;
    EXPECT_GE(r.cluster.findWorkload("d/fine"), 0);
}

TEST(UntrustedInput, HostNetworkIsFlaggedAndFinishedPodsAreNotEndpoints)
{
    const LoadResult r = ManifestLoader::load({kHostile + "/pod-states.yaml"});
    const std::string text = all(r.diagnostics);
    const Diagnostic *host = at(r.diagnostics, 6);
    ASSERT_NE(host, nullptr) << text;
    EXPECT_EQ(host->severity, Severity::Warning);
    EXPECT_TRUE(has(host->message, "hostNetwork")) << text;
    const int agent = r.cluster.findWorkload("s/node-agent");
    ASSERT_GE(agent, 0);
    EXPECT_TRUE(r.cluster.workloads[size_t(agent)].hostNetwork);
    // The finished bare pod is gone, with a warning at its phase.
    EXPECT_LT(r.cluster.findWorkload("s/done"), 0);
    ASSERT_NE(at(r.diagnostics, 13), nullptr) << text;
    EXPECT_TRUE(has(at(r.diagnostics, 13)->message, "left out of the evaluation")) << text;
    // A finished pod of a Job stands for the Job, which may run pods like it again.
    EXPECT_GE(r.cluster.findWorkload("s/migrate"), 0);
    ASSERT_NE(at(r.diagnostics, 23), nullptr) << text;
    EXPECT_GE(r.cluster.findWorkload("s/running"), 0);
    EXPECT_FALSE(hasErrors(r.diagnostics)) << text;
}

TEST(UntrustedInput, TheWriterEscapesWhatYamlDoesNotAllowRaw)
{
    const std::string hostile = std::string("a\x7f") + "b\xc2\x85" + "c\xe2\x80\xa8" + "d\xef\xbb\xbf" +
                                "e\xc2\x9f" + "f\x01" + "g\xff" + "h\xe2\x80\xa9" + "\"q\\";
    const std::string written = YamlWriter::scalar(hostile);
    for (const char *raw : {"\x7f", "\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xc2\x9f", "\x01", "\xff",
                            "\xe2\x80\xa9"})
        EXPECT_FALSE(has(written, raw)) << written;
    EXPECT_EQ(written, "\"a\\x7fb\\u0085c\\u2028d\\uFEFFe\\u009Ff\\x01g\\uFFFDh\\u2029\\\"q\\\\\"");
    // A YAML reader gets the text back (the byte that was not UTF-8 as U+FFFD).
    const YAML::Node read = YAML::Load("v: " + written);
    std::string expected = hostile;
    expected.replace(expected.find('\xff'), 1, "\xef\xbf\xbd");
    EXPECT_EQ(read["v"].as<std::string>(), expected);
    // Plain text that is safe stays plain.
    EXPECT_EQ(YamlWriter::scalar("web-1.example"), "web-1.example");
}

TEST(UntrustedInput, MarkdownCellsEscapeTheirPipes)
{
    Cluster c;
    Workload a;
    a.namespaceName = "x";
    a.name = "a|b";
    a.kind = "Pod";
    Workload b = a;
    b.name = "c";
    c.workloads = {a, b};
    const Evaluator evaluator(c);
    const ConnectionList list = ConnectionList::build(evaluator);
    const std::string md = ConnectionListWriter::write(ListFormat::Md, evaluator, list);
    EXPECT_TRUE(has(md, "| x/a\\|b[Pod] | x/c[Pod] |")) << md;
    EXPECT_FALSE(has(md, "a|b")) << md;
}

TEST(UntrustedInput, ALabReadsOnlyFilesInItsOwnFolder)
{
    const LabLoadResult r = LabLoader::load(kHostile + "/lab-paths/lab.lab.yaml");
    const std::string text = all(r.diagnostics);
    const Diagnostic *up = at(r.diagnostics, 6);
    ASSERT_NE(up, nullptr) << text;
    EXPECT_TRUE(has(up->message, "climbs out of the lab's folder")) << text;
    const Diagnostic *absolute = at(r.diagnostics, 7);
    ASSERT_NE(absolute, nullptr) << text;
    EXPECT_TRUE(has(absolute->message, "is an absolute path")) << text;
    ASSERT_NE(at(r.diagnostics, 8), nullptr) << text;
    const Diagnostic *solution = at(r.diagnostics, 15);
    ASSERT_NE(solution, nullptr) << text;
    EXPECT_TRUE(has(solution->message, "is an absolute path")) << text;
    EXPECT_FALSE(has(text, "root:")) << text; // nothing of /etc/passwd was read
}

TEST(UntrustedInput, ASymlinkOutOfTheLabFolderIsNotFollowed)
{
    const fs::path dir = fs::temp_directory_path() / ("netfence-labpaths-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "lab");
    std::ofstream(dir / "secret.yaml") << "kind: Pod\nmetadata: {name: secret, namespace: s}\n";
    fs::create_symlink(dir / "secret.yaml", dir / "lab" / "cluster.yaml");
    std::ofstream(dir / "lab" / "l.lab.yaml")
        << "kind: Lab\ntitle: t\ncluster: cluster.yaml\nsteps:\n- {id: one, title: One, goal: g, onlyThese: true}\n";
    const LabLoadResult r = LabLoader::load((dir / "lab" / "l.lab.yaml").string());
    const std::string text = all(r.diagnostics);
    ASSERT_NE(at(r.diagnostics, 3), nullptr) << text;
    EXPECT_TRUE(has(at(r.diagnostics, 3)->message, "through a symbolic link")) << text;
    fs::remove_all(dir);
}

} // namespace
