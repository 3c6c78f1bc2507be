// Hostile and broken input: every case ends with a clear diagnostic naming the file (and the
// line where there is one), in bounded time and memory, and the other inputs still load.
// Big inputs are generated here, in a temp folder.
#include "core/manifestloader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace netfence::core;

namespace {

bool hasWorkload(const LoadResult &r, const std::string &qualifiedName)
{
    return r.cluster.findWorkload(qualifiedName) >= 0;
}

std::string pod(const std::string &name)
{
    return "---\nkind: Pod\nmetadata: {name: " + name + "}\n";
}

// A fresh folder per test, removed afterwards.
class TempFolder
{
public:
    explicit TempFolder(const std::string &name)
        : mPath(fs::path(testing::TempDir()) / ("netfence-hostile-" + name + '-' +
                                                std::to_string(::getpid())))
    {
        fs::remove_all(mPath);
        fs::create_directories(mPath);
    }
    ~TempFolder()
    {
        std::error_code ec;
        fs::permissions(mPath, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(mPath, ec);
    }
    const fs::path &path() const { return mPath; }

private:
    fs::path mPath;
};

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(HostileInput, AliasBombOfNestedListsIsSkippedWithOneError)
{
    // 9^13 pods if the aliases were expanded.
    std::string text = "kind: List\nitems:\n- &l0 {kind: Pod, metadata: {name: p}}\n";
    for (int i = 1; i < 14; ++i) {
        const std::string p = "*l" + std::to_string(i - 1);
        text += "- &l" + std::to_string(i) + " {kind: List, items: [" + p;
        for (int j = 0; j < 8; ++j)
            text += ", " + p;
        text += "]}\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const LoadResult r = ManifestLoader::loadText(text + pod("after"), "bomb.yaml");
    EXPECT_LT(secondsSince(start), 10.0);
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.file, "bomb.yaml");
    EXPECT_EQ(r.diagnostics[0].location.line, 1);
    EXPECT_NE(r.diagnostics[0].message.find("alias bomb"), std::string::npos);
    EXPECT_FALSE(hasWorkload(r, "default/p")); // the whole document or nothing
    EXPECT_TRUE(hasWorkload(r, "default/after"));
}

TEST(HostileInput, AliasBombInsideOnePolicyIsSkippedWithOneError)
{
    // 300 rules x 300 peers x 300 expressions x 300 values: 8.1e9 values if expanded.
    auto refs = [](const std::string &name) {
        std::string out = "*" + name;
        for (int i = 1; i < 300; ++i)
            out += ", *" + name;
        return out;
    };
    std::string text = "kind: NetworkPolicy\nmetadata: {name: np, namespace: x}\nx:\n"
                       "  e: &e {key: k, operator: In, values: [v0";
    for (int i = 1; i < 300; ++i)
        text += ", v" + std::to_string(i);
    text += "]}\n  p: &p {podSelector: {matchExpressions: [" + refs("e") + "]}}\n";
    text += "  r: &r {from: [" + refs("p") + "]}\n";
    text += "spec:\n  podSelector: {}\n  ingress: [" + refs("r") + "]\n";
    const LoadResult r = ManifestLoader::loadText(text + pod("after"), "bomb.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_NE(r.diagnostics[0].message.find("alias bomb"), std::string::npos);
    EXPECT_TRUE(r.cluster.policies.empty());
    EXPECT_TRUE(hasWorkload(r, "default/after"));
}

TEST(HostileInput, ModestAliasUseStillLoads)
{
    const LoadResult r = ManifestLoader::loadText(
        "kind: Pod\nmetadata: {name: a, labels: &l {app: web, tier: front}}\n---\n"
        "kind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {matchLabels: {app: web}}\n"
        "  ingress:\n  - from: &peers [{podSelector: {matchLabels: {app: web}}}]\n"
        "  - from: *peers\n",
        "aliases.yaml");
    EXPECT_TRUE(r.diagnostics.empty());
    ASSERT_EQ(r.cluster.policies.size(), 1u);
    EXPECT_EQ(r.cluster.policies[0].ingress.size(), 2u);
}

TEST(HostileInput, NestingOneHundredThousandDeepIsAnError)
{
    const int depth = 100000;
    std::string flowMap;
    for (int i = 0; i < depth; ++i)
        flowMap += "{a: ";
    flowMap += '1' + std::string(depth, '}');
    std::string block;
    for (int i = 0; i < depth; ++i)
        block += "- ";
    const std::vector<std::string> deep{std::string(depth, '[') + std::string(depth, ']'),
                                        flowMap, block + "x"};
    for (const std::string &d : deep) {
        const LoadResult r = ManifestLoader::loadText(pod("before") + "---\n" + d + "\n" + pod("after"),
                                                      "deep.yaml");
        ASSERT_EQ(r.diagnostics.size(), 1u) << d.substr(0, 8);
        EXPECT_EQ(r.diagnostics[0].location.line, 5);
        EXPECT_NE(r.diagnostics[0].message.find("nesting is deeper"), std::string::npos);
        EXPECT_TRUE(hasWorkload(r, "default/before"));
        EXPECT_FALSE(hasWorkload(r, "default/after")); // the file stops, as kubectl's decoder does
    }
}

TEST(HostileInput, A200MegabyteDocumentIsRefusedByTheMemoryBudget)
{
    TempFolder dir("big");
    const fs::path big = dir.path() / "big.yaml";
    {
        // Real bytes, not a sparse file: a valid manifest padded with comment lines.
        std::ofstream out(big, std::ios::binary);
        out << "kind: Pod\nmetadata: {name: big}\n";
        const std::string line = "# " + std::string(1021, 'x') + '\n';
        for (int i = 0; i < 200 * 1024; ++i)
            out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    std::ofstream(dir.path() / "small.yaml") << pod("small");
    ASSERT_GT(fs::file_size(big), 200ull << 20);
    const auto start = std::chrono::steady_clock::now();
    const LoadResult r = ManifestLoader::load({dir.path().string()});
    EXPECT_LT(secondsSince(start), 10.0); // read, never parsed
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.file, big.string());
    EXPECT_EQ(r.diagnostics[0].location.line, 1);
    EXPECT_NE(r.diagnostics[0].message.find("more than the memory budget for loading (1024 MB)"),
              std::string::npos)
        << r.diagnostics[0].message;
    EXPECT_FALSE(hasWorkload(r, "default/big"));
    EXPECT_TRUE(hasWorkload(r, "default/small"));
}

TEST(HostileInput, TheFileSizeLimitCanBeSet)
{
    TempFolder dir("limit");
    std::ofstream(dir.path() / "a.yaml") << pod("a") << "# " << std::string(2000, 'x') << '\n';
    std::ofstream(dir.path() / "b.yaml") << pod("b");
    ManifestLoader::Limits limits;
    limits.maxFileBytes = 1000;
    ManifestLoader loader(limits);
    loader.addPath(dir.path().string());
    const LoadResult r = loader.finish();
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.file, (dir.path() / "a.yaml").string());
    EXPECT_NE(r.diagnostics[0].message.find("1000-byte limit"), std::string::npos);
    EXPECT_TRUE(hasWorkload(r, "default/b"));
}

TEST(HostileInput, AMillionKeysLoadAndTheirProblemsAreCapped)
{
    // One Pod whose labels hold a million keys, every second one invalid.
    std::string text = "kind: Pod\nmetadata:\n  name: p\n  labels:\n";
    text.reserve(20u << 20);
    for (int i = 0; i < 1000000; ++i)
        text += (i % 2 ? "    -k" : "    k") + std::to_string(i) + ": v\n";
    const auto start = std::chrono::steady_clock::now();
    const LoadResult r = ManifestLoader::loadText(text + pod("after"), "keys.yaml");
    const double seconds = secondsSince(start);
    EXPECT_LT(seconds, 60.0);
    const size_t listed = ManifestLoader::Limits().maxDiagnosticsPerFile;
    ASSERT_EQ(r.diagnostics.size(), listed + 1);
    EXPECT_EQ(r.diagnostics[0].location.line, 6);
    const Diagnostic &last = r.diagnostics.back();
    EXPECT_EQ(last.severity, Severity::Error);
    // The 500,000 invalid labels and one more: the Pod is not loaded.
    EXPECT_NE(last.message.find(std::to_string(500000 - listed + 1) + " more problems"), std::string::npos)
        << last.message;
    // A Pod with invalid labels is one the API server refuses: it is not loaded; the next is.
    EXPECT_FALSE(hasWorkload(r, "default/p"));
    EXPECT_TRUE(hasWorkload(r, "default/after"));
    std::cout << "a million keys: " << seconds << " s\n";
}

TEST(HostileInput, BinaryGarbageAndWrongEncodingsAreRefusedWithALine)
{
    // Invalid UTF-8 without a NUL byte: kubectl cannot decode the document, so the file
    // stops there; the documents before it load.
    std::string garbage;
    for (int i = 0; i < 4096; ++i)
        garbage += static_cast<char>(0x80 + (i * 37) % 0x7f);
    LoadResult r = ManifestLoader::loadText(pod("a") + "---\nkind: Pod\nmetadata: {name: b}\n# " +
                                                garbage + '\n' + pod("c"),
                                            "garbage.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.line, 7);
    EXPECT_EQ(r.diagnostics[0].location.column, 3);
    EXPECT_NE(r.diagnostics[0].message.find("not UTF-8"), std::string::npos);
    EXPECT_TRUE(hasWorkload(r, "default/a"));
    EXPECT_FALSE(hasWorkload(r, "default/b"));
    EXPECT_FALSE(hasWorkload(r, "default/c"));

    // Overlong forms and surrogates are not UTF-8 either; real UTF-8 is.
    for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
        r = ManifestLoader::loadText("kind: Pod\nmetadata: {name: p}\n# " + bad + '\n', "bad.yaml");
        ASSERT_EQ(r.diagnostics.size(), 1u);
        EXPECT_EQ(r.diagnostics[0].location.line, 3);
    }
    r = ManifestLoader::loadText("kind: Pod\nmetadata: {name: p, labels: {a: b}}\n# h\xC3\xA9 \xE2\x82\xAC "
                                 "\xF0\x9F\x94\x92\n",
                                 "fine.yaml");
    EXPECT_TRUE(r.diagnostics.empty());

    // A NUL byte: the whole file is binary.
    r = ManifestLoader::loadText(pod("a") + std::string("x: \0\x01\x02", 6), "bin.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.line, 4);
    EXPECT_NE(r.diagnostics[0].message.find("binary"), std::string::npos);

    r = ManifestLoader::loadText(std::string("\xFF\xFEk\0i\0n\0d\0", 10), "utf16.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_NE(r.diagnostics[0].message.find("UTF-16"), std::string::npos);
}

TEST(HostileInput, AFolderOfTenThousandFilesLoads)
{
    TempFolder dir("many");
    for (int i = 0; i < 10000; ++i) {
        const fs::path sub = dir.path() / ("ns" + std::to_string(i / 1000));
        if (i % 1000 == 0)
            fs::create_directories(sub);
        std::ofstream(sub / ("p" + std::to_string(i) + ".yaml")) << pod("p" + std::to_string(i));
    }
    auto start = std::chrono::steady_clock::now();
    LoadResult r = ManifestLoader::load({dir.path().string()});
    const double seconds = secondsSince(start);
    EXPECT_LT(seconds, 30.0);
    EXPECT_TRUE(r.diagnostics.empty());
    EXPECT_EQ(r.files, 10000);
    EXPECT_EQ(r.cluster.workloads.size(), 10000u);
    std::cout << "10,000 files: " << seconds << " s\n";

    // Past the file limit nothing is read, and the listing stops early.
    ManifestLoader::Limits limits;
    limits.maxFiles = 2500;
    ManifestLoader loader(limits);
    loader.addPath(dir.path().string());
    r = loader.finish();
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].location.file, dir.path().string());
    EXPECT_NE(r.diagnostics[0].message.find("more than 2500 manifest files"), std::string::npos);
    EXPECT_EQ(r.files, 0);
}

// Loads `paths` as an unprivileged user: root reads everything, whatever the permissions.
LoadResult loadAsNobody(const std::vector<std::string> &paths, std::string &summary)
{
    if (::geteuid() != 0) {
        LoadResult r = ManifestLoader::load(paths);
        for (const Diagnostic &d : r.diagnostics)
            summary += d.toString() + '\n';
        return r;
    }
    int pipeFds[2];
    if (::pipe(pipeFds) != 0)
        return {};
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipeFds[0]);
        if (::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(3);
        const LoadResult r = ManifestLoader::load(paths);
        std::string out;
        for (const Diagnostic &d : r.diagnostics)
            out += d.toString() + '\n';
        out += "workloads:";
        for (const Workload &w : r.cluster.workloads)
            out += ' ' + w.qualifiedName();
        out += '\n';
        const ssize_t written = ::write(pipeFds[1], out.data(), out.size());
        ::_exit(written == static_cast<ssize_t>(out.size()) ? 0 : 4);
    }
    ::close(pipeFds[1]);
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        summary.append(buffer, static_cast<size_t>(n));
    ::close(pipeFds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    return {};
}

TEST(HostileInput, UnreadableFilesAndFoldersAreReportedAndTheRestLoads)
{
    TempFolder dir("unreadable");
    fs::create_directories(dir.path() / "locked");
    std::ofstream(dir.path() / "ok.yaml") << pod("ok");
    std::ofstream(dir.path() / "secret.yaml") << pod("secret");
    std::ofstream(dir.path() / "locked" / "inside.yaml") << pod("inside");
    fs::permissions(dir.path() / "secret.yaml", fs::perms::none);
    fs::permissions(dir.path() / "locked", fs::perms::none);
    std::string summary;
    loadAsNobody({dir.path().string()}, summary);
    fs::permissions(dir.path() / "locked", fs::perms::owner_all);
    EXPECT_NE(summary.find("secret.yaml: error: cannot open the file for reading: Permission denied"),
              std::string::npos)
        << summary;
    EXPECT_NE(summary.find("locked: error: cannot list the folder: Permission denied"), std::string::npos)
        << summary;
    EXPECT_NE(summary.find("default/ok"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("default/secret"), std::string::npos) << summary;
}

TEST(HostileInput, SymlinkLoopsInAFolderAreReportedNotFollowed)
{
    TempFolder dir("links");
    fs::create_directories(dir.path() / "sub");
    std::ofstream(dir.path() / "sub" / "real.yaml") << pod("real");
    fs::create_directory_symlink(dir.path(), dir.path() / "sub" / "up");        // a folder loop
    fs::create_directory_symlink("self", dir.path() / "self");                  // a link to itself
    fs::create_symlink("loop-b.yaml", dir.path() / "loop-a.yaml");              // a file loop
    fs::create_symlink("loop-a.yaml", dir.path() / "loop-b.yaml");
    fs::create_symlink("missing.yaml", dir.path() / "dangling.yaml");
    TempFolder elsewhere("links-target");
    std::ofstream(elsewhere.path() / "target.yaml") << pod("target");
    fs::create_symlink(elsewhere.path() / "target.yaml", dir.path() / "alias.yaml"); // followed
    const auto start = std::chrono::steady_clock::now();
    const LoadResult r = ManifestLoader::load({dir.path().string(), (dir.path() / "self").string()});
    EXPECT_LT(secondsSince(start), 5.0);
    std::vector<std::string> texts;
    for (const Diagnostic &d : r.diagnostics)
        texts.push_back(d.toString());
    ASSERT_EQ(texts.size(), 4u) << testing::PrintToString(texts);
    const std::string tooMany = "Too many levels of symbolic links";
    EXPECT_EQ(texts[0], (dir.path() / "dangling.yaml").string() +
                            ": error: cannot read: No such file or directory; it is skipped");
    EXPECT_EQ(texts[1], (dir.path() / "loop-a.yaml").string() + ": error: cannot read: " + tooMany +
                            "; it is skipped");
    EXPECT_EQ(texts[2], (dir.path() / "loop-b.yaml").string() + ": error: cannot read: " + tooMany +
                            "; it is skipped");
    EXPECT_EQ(texts[3], (dir.path() / "self").string() + ": error: cannot read: " + tooMany);
    EXPECT_EQ(r.files, 2);
    EXPECT_TRUE(hasWorkload(r, "default/real"));
    EXPECT_TRUE(hasWorkload(r, "default/target"));
}

} // namespace
