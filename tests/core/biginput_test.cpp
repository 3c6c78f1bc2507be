// Big inputs and memory: a List read one item at a time with file lines kept, the memory
// budget for loading, running out of memory as a diagnostic, and kubectl's reading order
// (a file stops at its first undecodable document; the last policy of a name wins).
#include "core/listitems.h"
#include "core/manifestloader.h"
#include "support/kubectllist.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace netfence::core;

namespace {

#if defined(NETFENCE_SANITIZE) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true; // ASan reserves terabytes of address space: no RLIMIT_AS
#else
constexpr bool kSanitized = false;
#endif

const fs::path kHostile = fs::path(NETFENCE_TESTS_DIR) / "hostile";

bool hasWorkload(const LoadResult &r, const std::string &qualifiedName)
{
    return r.cluster.findWorkload(qualifiedName) >= 0;
}

std::string errors(const LoadResult &r)
{
    std::string out;
    for (const Diagnostic &d : r.diagnostics)
        out += d.toString() + '\n';
    return out;
}

std::string kubectlList(std::uint64_t bytes, netfence::test::KubectlListStats *stats = nullptr)
{
    std::ostringstream out;
    const netfence::test::KubectlListStats s = netfence::test::writeKubectlList(out, bytes);
    if (stats) *stats = s;
    return out.str();
}

LoadResult loadWith(const ManifestLoader::Limits &limits, const std::string &text,
                    const std::string &name)
{
    ManifestLoader loader(limits);
    loader.addText(text, name);
    return loader.finish();
}

} // namespace

TEST(ListItems, CutsAListAsKubectlWritesItIntoItemsOnWholeLines)
{
    const std::string text = "apiVersion: v1\nitems:\n- kind: Pod\n  metadata: {name: a}\n\n"
                             "# between\n- kind: Pod\n  metadata:\n    name: b\nkind: List\n"
                             "metadata:\n  resourceVersion: \"\"\n";
    const auto list = ListItems::split(text);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->items.size(), 2u);
    EXPECT_EQ(list->items[0].firstLine, 2);
    EXPECT_EQ(list->items[0].text, "- kind: Pod\n  metadata: {name: a}\n\n# between\n");
    EXPECT_EQ(list->items[1].firstLine, 6);
    EXPECT_EQ(list->items[1].text, "- kind: Pod\n  metadata:\n    name: b\n");
    ASSERT_EQ(list->rest.size(), 2u);
    EXPECT_EQ(list->rest[0].text, "apiVersion: v1\nitems:\n");
    EXPECT_EQ(list->rest[1].firstLine, 9);

    // Indented entries, and a document marker first.
    const auto indented =
        ListItems::split("---\nkind: PodList\nitems:\n  - kind: Pod\n  - kind: Pod\n");
    ASSERT_TRUE(indented);
    EXPECT_EQ(indented->items.size(), 2u);
    EXPECT_EQ(indented->items[1].firstLine, 4);

    // Shapes left to the parser whole.
    for (const char *other :
         {"kind: List\nitems: []\n", "kind: List\nitems:\n  kind: Pod\n", "kind: List\n",
          "- a\n- b\n", "kind: List\nitems:\n- a\nitems:\n- b\n", "--- !tag\nitems:\n- a\n",
          "&anchor kind: List\nitems:\n- a\n", "kind: List\nitems:\n  - a\n - b\n"})
        EXPECT_FALSE(ListItems::split(other)) << other;
}

TEST(ListItems, MillionsOfTinyEntriesAreNotCut)
{
    // Their pieces would take more memory than the text: the whole parse's budget decides.
    std::string yaml = "kind: List\nitems:\n", json = "{\"kind\": \"List\", \"items\": [\n{}";
    for (int i = 0; i < 100000; ++i) {
        yaml += "- 1\n";
        json += ",\n{}";
    }
    json += "]}\n";
    EXPECT_FALSE(ListItems::split(yaml));
    EXPECT_FALSE(ListItems::split(json));
    const LoadResult r = ManifestLoader::loadText(yaml, "tiny.yaml");
    // Each entry is no object: the listed problems are capped.
    EXPECT_EQ(r.diagnostics.size(), ManifestLoader::Limits().maxDiagnosticsPerFile + 1);
}

TEST(BigInput, AListIsReadItemByItemWithFileLinesKept)
{
    netfence::test::KubectlListStats stats;
    std::string text = kubectlList(300 << 10, &stats);
    // A broken label in the item of the 10th pod (not its first line), and a document after.
    size_t at = 0;
    for (int i = 0; i < 10; ++i)
        at = text.find("\n- apiVersion: v1\n  kind: Pod\n", at + 1);
    at = text.find("      tier: ", at);
    text.insert(at, "      -bad: x\n");
    const int badLine =
        static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
    text += "---\nkind: Pod\nmetadata: {name: after, namespace: shop}\n";

    // A budget far below what a parse of the whole List takes: it must still load.
    ManifestLoader::Limits limits;
    limits.memoryBudget = 4 << 20;
    ASSERT_GT(text.size() * ManifestLoader::kParseBytesPerTextByte, limits.memoryBudget);
    const LoadResult r = loadWith(limits, text, "cluster.yaml");
    // The label's error, then the Pod's (an object with an invalid label is not loaded).
    ASSERT_EQ(r.diagnostics.size(), 2u) << errors(r);
    EXPECT_EQ(r.diagnostics[0].location.file, "cluster.yaml");
    EXPECT_EQ(r.diagnostics[0].location.line, badLine);
    EXPECT_EQ(r.diagnostics[0].location.column, 7);
    EXPECT_EQ(r.documents, 2);
    EXPECT_EQ(r.objects, stats.namespaces + stats.pods + stats.services + stats.policies + 1);
    EXPECT_EQ(r.cluster.policies.size(), static_cast<size_t>(stats.policies));
    EXPECT_EQ(r.cluster.services.size(), static_cast<size_t>(stats.services));
    EXPECT_TRUE(hasWorkload(r, "team-0/app-0-0000000000"))
        << r.cluster.workloads.front().qualifiedName();
    EXPECT_TRUE(hasWorkload(r, "shop/after"));

    // The same List parsed whole (a tag on the marker line: not cut) gives the same.
    const std::string whole = "--- !!map\n" + text;
    ASSERT_FALSE(ListItems::split(whole.substr(0, whole.find("\n---\n"))));
    const LoadResult w = ManifestLoader::loadText(whole, "cluster.yaml");
    ASSERT_EQ(w.diagnostics.size(), 2u) << errors(w);
    EXPECT_EQ(w.diagnostics[0].location.line, badLine + 1);
    EXPECT_EQ(w.objects, r.objects);
    EXPECT_EQ(w.cluster.workloads.size(), r.cluster.workloads.size());
    EXPECT_EQ(w.cluster.namespaces.size(), r.cluster.namespaces.size());
}

const char *const kJsonList = R"({
    "apiVersion": "v1",
    "items": [
        {
            "kind": "Pod",
            "metadata": {"name": "a", "labels": {"-bad": "x"}, "annotations": {"note": "a \"quoted\" ] }"}}
        },
        {
            "kind": "Pod",
            "metadata": {"name": "b", "annotations": {"n": 12, "t": true}}
        }
    ],
    "kind": "List",
    "metadata": {"resourceVersion": ""}
}
)";

TEST(ListItems, CutsJsonAsKubectlWritesIt)
{
    const auto list = ListItems::split(kJsonList);
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->json);
    EXPECT_EQ(list->kind, "List");
    ASSERT_EQ(list->items.size(), 2u);
    EXPECT_EQ(list->items[0].firstLine, 3);
    EXPECT_EQ(list->items[1].firstLine, 7);
    EXPECT_EQ(list->items[1].text.substr(0, 9), "        {");
    EXPECT_EQ(list->items[1].text.back(), '}');
    // Items sharing a line with something else, or no kind: left whole.
    EXPECT_FALSE(ListItems::split(R"({"kind": "List", "items": [{"kind": "Pod"}]})"));
    EXPECT_FALSE(ListItems::split("{\n  \"items\": [\n    {}\n  ]\n}\n"));
}

TEST(BigInput, AJsonListIsReadItemByItemWithFileLinesKept)
{
    ManifestLoader::Limits limits;
    limits.memoryBudget = 10 << 10; // items fit, the whole does not
    const LoadResult r = loadWith(limits, kJsonList, "cluster.json");
    ASSERT_EQ(r.diagnostics.size(), 2u) << errors(r);
    EXPECT_EQ(r.diagnostics[0].location.line, 6);
    EXPECT_FALSE(hasWorkload(r, "default/a")); // its label is invalid
    EXPECT_TRUE(hasWorkload(r, "default/b"));
    EXPECT_EQ(r.objects, 2);
}

TEST(BigInput, ListItemsSharingAnchorsAreParsedWhole)
{
    const LoadResult r = ManifestLoader::loadText(
        "kind: List\nitems:\n- kind: Pod\n  metadata: {name: a, labels: &l {app: web}}\n"
        "- kind: Pod\n  metadata: {name: b, labels: *l}\n",
        "anchors.yaml");
    EXPECT_TRUE(r.diagnostics.empty()) << errors(r);
    ASSERT_TRUE(hasWorkload(r, "default/b"));
    EXPECT_EQ(
        r.cluster.workloads[static_cast<size_t>(r.cluster.findWorkload("default/b"))].labels.at(
            "app"),
        "web");

    // Too big to parse whole under the budget: refused with one error, the next document loads.
    std::string big =
        "kind: List\nitems:\n- kind: Pod\n  metadata: {name: a, labels: &l {app: web}}\n";
    for (int i = 0; i < 2000; ++i)
        big += "- kind: Pod\n  metadata: {name: p" + std::to_string(i) + ", labels: *l}\n";
    ManifestLoader::Limits limits;
    limits.memoryBudget = 1 << 20;
    const LoadResult refused =
        loadWith(limits, big + "---\nkind: Pod\nmetadata: {name: next}\n", "shared.yaml");
    ASSERT_EQ(refused.diagnostics.size(), 1u) << errors(refused);
    EXPECT_EQ(refused.diagnostics[0].location.line, 1);
    EXPECT_NE(refused.diagnostics[0].message.find("share YAML anchors"), std::string::npos);
    EXPECT_FALSE(hasWorkload(refused, "default/p1"));
    EXPECT_TRUE(hasWorkload(refused, "default/next"));
}

TEST(BigInput, ADocumentTooBigForTheMemoryBudgetIsRefusedAndTheRestLoads)
{
    std::string labels = "kind: Pod\nmetadata:\n  name: big\n  labels:\n";
    for (int i = 0; i < 5000; ++i)
        labels += "    k" + std::to_string(i) + ": v\n";
    ManifestLoader::Limits limits;
    limits.memoryBudget = 1 << 20;
    const LoadResult r = loadWith(limits,
                                  "kind: Pod\nmetadata: {name: small}\n---\n" + labels +
                                      "---\nkind: Pod\nmetadata: {name: after}\n",
                                  "budget.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u) << errors(r);
    EXPECT_EQ(r.diagnostics[0].location.line, 3); // its "---"
    EXPECT_NE(r.diagnostics[0].message.find("more than the memory budget for loading (1 MB)"),
              std::string::npos)
        << r.diagnostics[0].message;
    EXPECT_TRUE(hasWorkload(r, "default/small"));
    EXPECT_FALSE(hasWorkload(r, "default/big"));
    EXPECT_TRUE(hasWorkload(r, "default/after"));

    // An item of a List is held to the same budget, alone.
    const LoadResult item = loadWith(
        limits,
        "kind: List\nitems:\n- kind: Pod\n  metadata: {name: small}\n" +
            ("- " + labels.substr(0, labels.find('\n') + 1)) +
            [&] {
                std::string indented;
                std::istringstream in(labels.substr(labels.find('\n') + 1));
                for (std::string line; std::getline(in, line);)
                    indented += "  " + line + '\n';
                return indented;
            }() +
            "- kind: Pod\n  metadata: {name: after}\n",
        "items.yaml");
    ASSERT_EQ(item.diagnostics.size(), 1u) << errors(item);
    EXPECT_EQ(item.diagnostics[0].location.line, 5);
    EXPECT_NE(item.diagnostics[0].message.find("the List item is"), std::string::npos);
    EXPECT_TRUE(hasWorkload(item, "default/small"));
    EXPECT_FALSE(hasWorkload(item, "default/big"));
    EXPECT_TRUE(hasWorkload(item, "default/after"));
}

TEST(BigInput, AFloodOfSmallNodesIsRefusedByItsNodesNotOnlyItsBytes)
{
    // 8 MB of "1, ": 400 MB by its bytes, but 2.7 million nodes take about 1.3 GB to parse.
    std::string flood = "kind: Pod\nmetadata: {name: flood}\nspec: {x: [";
    for (int i = 0; i < 2800000; ++i)
        flood += "1, ";
    flood += "1]}\n";
    EXPECT_LT(flood.size() * ManifestLoader::kParseBytesPerTextByte,
              ManifestLoader::Limits().memoryBudget);
    EXPECT_GT(ManifestLoader::parseCost(flood), ManifestLoader::Limits().memoryBudget);
    const LoadResult r =
        ManifestLoader::loadText(flood + "---\nkind: Pod\nmetadata: {name: after}\n", "flood.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u) << errors(r);
    EXPECT_EQ(r.diagnostics[0].location.line, 1);
    EXPECT_NE(r.diagnostics[0].message.find("more than the memory budget for loading (1024 MB)"),
              std::string::npos)
        << r.diagnostics[0].message;
    EXPECT_FALSE(hasWorkload(r, "default/flood"));
    EXPECT_TRUE(hasWorkload(r, "default/after"));
}

TEST(BigInput, ABudgetThatHoldsOneFileAtATimeGivesTheSameResult)
{
    // Each file's estimate takes the whole budget, so files are parsed one after another
    // whatever the thread count; the answer is the same as with room for all.
    std::vector<std::string> texts;
    for (int i = 0; i < 8; ++i)
        texts.push_back(kubectlList(20 << 10));
    auto load = [&](std::uintmax_t budget) {
        ManifestLoader::Limits limits;
        limits.threads = 4;
        limits.memoryBudget = budget;
        ManifestLoader loader(limits);
        for (size_t i = 0; i < texts.size(); ++i)
            loader.addText(texts[i], "f" + std::to_string(i) + ".yaml");
        return loader.finish();
    };
    const LoadResult tight = load(texts[0].size() * 10);
    const LoadResult roomy = load(1ull << 30);
    EXPECT_EQ(errors(tight), errors(roomy)); // the same namespaces and policies in every file
    EXPECT_EQ(tight.objects, roomy.objects);
    EXPECT_EQ(tight.files, 8);
    ASSERT_EQ(tight.cluster.workloads.size(), roomy.cluster.workloads.size());
    for (size_t i = 0; i < tight.cluster.workloads.size(); ++i)
        EXPECT_EQ(tight.cluster.workloads[i].qualifiedName(),
                  roomy.cluster.workloads[i].qualifiedName());
}

TEST(BigInput, RunningOutOfMemoryIsADiagnosticNamingTheFileNotACrash)
{
    if (kSanitized) GTEST_SKIP() << "sanitizer builds cannot run under an address-space limit";
    // In a child process whose address space ends 400 MB above what it uses now: a 12 MB
    // flow sequence takes over a gigabyte to parse, the budget is set out of the way, and
    // yaml-cpp's allocation fails somewhere inside the parse.
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        std::string flood = "kind: Pod\nmetadata: {name: flood}\nspec: {x: [";
        for (int i = 0; i < 3000000; ++i)
            flood += "1, ";
        flood += "1]}\n";
        long pages = 0;
        if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(statm, "%ld", &pages) != 1) pages = 0;
            std::fclose(statm);
        }
        const rlim_t limit =
            static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) +
            (400ull << 20);
        const rlimit rl{limit, limit};
        if (pages == 0 || ::setrlimit(RLIMIT_AS, &rl) != 0) ::_exit(3);
        ManifestLoader::Limits limits;
        limits.threads = 1;
        limits.memoryBudget = 1ull << 40;
        ManifestLoader loader(limits);
        loader.addText("kind: Pod\nmetadata: {name: fine}\n", "fine.yaml");
        loader.addText(flood, "flood.yaml");
        flood = {};
        const LoadResult r = loader.finish();
        const bool reported =
            r.diagnostics.size() == 1 && r.diagnostics[0].location.file == "flood.yaml" &&
            r.diagnostics[0].message.find("ran out of memory") != std::string::npos;
        const bool rest = hasWorkload(r, "default/fine") && !hasWorkload(r, "default/flood");
        ::_exit(reported && rest ? 0 : reported ? 2 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << "1: no diagnostic naming the file; 2: the other file did not load; "
           "3: no limit could be set";
}

TEST(KubectlOrder, AFileStopsAtItsFirstDocumentThatCannotBeDecoded)
{
    ManifestLoader loader;
    loader.addPath((kHostile / "syntax-error-mid-file.yaml").string());
    loader.addText("kind: Pod\nmetadata: {name: other-file, namespace: shop}\n", "other.yaml");
    const LoadResult r = loader.finish();
    ASSERT_EQ(r.diagnostics.size(), 1u) << errors(r);
    const Diagnostic &d = r.diagnostics[0];
    EXPECT_EQ(fs::path(d.location.file).filename(), "syntax-error-mid-file.yaml");
    EXPECT_GE(d.location.line, 12);
    EXPECT_LE(d.location.line, 13);
    EXPECT_NE(d.message.find("YAML syntax error"), std::string::npos);
    // The comment-only piece is no document.
    EXPECT_NE(d.message.find("this document and the 2 documents after it in the file are not read"),
              std::string::npos)
        << d.message;
    EXPECT_TRUE(hasWorkload(r, "shop/before"));
    EXPECT_FALSE(hasWorkload(r, "shop/broken"));
    EXPECT_FALSE(hasWorkload(r, "shop/after-one"));
    EXPECT_TRUE(r.cluster.policies.empty());
    EXPECT_TRUE(hasWorkload(r, "shop/other-file")); // other files load as usual
    EXPECT_EQ(r.documents, 2);
}

TEST(KubectlOrder, ASyntaxErrorInAListItemLosesTheWholeListAndStopsTheFile)
{
    const LoadResult r =
        ManifestLoader::load({(kHostile / "syntax-error-in-list-item.yaml").string()});
    ASSERT_EQ(r.diagnostics.size(), 1u) << errors(r);
    const Diagnostic &d = r.diagnostics[0];
    EXPECT_GE(d.location.line, 13);
    EXPECT_LE(d.location.line, 14);
    EXPECT_NE(d.message.find("and the 1 document after it"), std::string::npos) << d.message;
    // kubectl decodes the List whole: nothing of it exists.
    EXPECT_FALSE(hasWorkload(r, "shop/first"));
    EXPECT_FALSE(hasWorkload(r, "shop/third"));
    EXPECT_FALSE(hasWorkload(r, "shop/next-document"));

    // Too big to parse whole: the item's own error, at its line in the file.
    ManifestLoader::Limits limits;
    limits.memoryBudget = 8 << 10;
    ManifestLoader loader(limits);
    loader.addPath((kHostile / "syntax-error-in-list-item.yaml").string());
    const LoadResult pieces = loader.finish();
    ASSERT_EQ(pieces.diagnostics.size(), 1u) << errors(pieces);
    EXPECT_EQ(pieces.diagnostics[0].location.line, 13);
    EXPECT_FALSE(hasWorkload(pieces, "shop/first"));
}

TEST(KubectlOrder, TheLastPolicyOfANameIsKeptAsAfterKubectlApply)
{
    const LoadResult r = ManifestLoader::load({(kHostile / "duplicate-policy.yaml").string()});
    ASSERT_EQ(r.diagnostics.size(), 1u) << errors(r);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::Error);
    EXPECT_EQ(r.diagnostics[0].location.line, 11);
    EXPECT_NE(r.diagnostics[0].message.find("already exists"), std::string::npos);
    ASSERT_EQ(r.cluster.policies.size(), 1u);
    EXPECT_EQ(r.cluster.policies[0].ingress.size(), 1u); // the second definition
}

TEST(BigInput, AListReadByAnyNumberOfThreadsGivesTheSameResult)
{
    std::string text = kubectlList(400 << 10);
    // Problems spread over the List, more than the listed maximum.
    for (size_t at = 0, n = 0; (at = text.find("\n      tier: ", at + 1)) != std::string::npos; ++n)
        if (n % 3 == 0) text.insert(at + 1, "      -bad: x\n      -worse: y\n");
    auto load = [&](unsigned threads, const std::string &input) {
        ManifestLoader::Limits limits;
        limits.threads = threads;
        limits.maxDiagnosticsPerFile = 50;
        return loadWith(limits, input, "list.yaml");
    };
    auto names = [](const LoadResult &r) {
        std::string out;
        for (const Workload &w : r.cluster.workloads)
            out += w.qualifiedName() + ' ' + std::to_string(w.podNames.size()) + '\n';
        return out;
    };
    const LoadResult one = load(1, text);
    ASSERT_GT(one.diagnostics.size(), 50u) << errors(one);
    EXPECT_NE(one.diagnostics[50].message.find("more problems in this file"), std::string::npos);
    for (unsigned threads : {2u, 3u, 7u}) {
        const LoadResult many = load(threads, text);
        EXPECT_EQ(errors(many), errors(one)) << threads;
        EXPECT_EQ(names(many), names(one)) << threads;
        EXPECT_EQ(many.objects, one.objects);
    }

    // A syntax error in a late item: the same error and nothing of the List, whoever reads it.
    const size_t late = text.rfind("\n- apiVersion: v1\n  kind: Pod\n");
    text.insert(text.find("    labels:\n", late), "    broken: [\n");
    const LoadResult broken = load(1, text);
    ASSERT_EQ(broken.diagnostics.size(), 1u) << errors(broken);
    EXPECT_NE(broken.diagnostics[0].message.find("YAML syntax error"), std::string::npos);
    EXPECT_TRUE(broken.cluster.workloads.empty());
    for (unsigned threads : {2u, 7u})
        EXPECT_EQ(errors(load(threads, text)), errors(broken)) << threads;
}

TEST(ListItems, EveryCorpusListCutIntoPiecesParsesAsTheWhole)
{
    // Each item piece alone must give the node the whole document gives for that item, and
    // the kind must be the same: the cutter may decline a shape, never misread one.
    int cut = 0;
    for (const auto &entry : fs::recursive_directory_iterator(NETFENCE_CORPUS_DIR)) {
        const std::string ext = entry.path().extension().string();
        if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml" && ext != ".json"))
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        if (text.find("\n---") != std::string::npos || text.rfind("---", 0) == 0)
            continue; // one document per file here; the loader cuts documents first
        const auto list = ListItems::split(text);
        if (!list) continue;
        YAML::Node whole;
        try {
            whole = YAML::Load(text);
        } catch (const YAML::Exception &e) {
            ADD_FAILURE() << entry.path() << ": cut, but does not parse whole: " << e.what();
            continue;
        }
        const YAML::Node &constWhole = whole;
        ASSERT_TRUE(constWhole["items"].IsSequence()) << entry.path();
        ASSERT_EQ(constWhole["items"].size(), list->items.size()) << entry.path();
        for (size_t i = 0; i < list->items.size(); ++i) {
            const YAML::Node piece = YAML::Load(std::string(list->items[i].text));
            const YAML::Node item = list->json ? piece : YAML::Node(piece[0]);
            EXPECT_EQ(YAML::Dump(item), YAML::Dump(constWhole["items"][i]))
                << entry.path() << " item " << i;
            EXPECT_EQ(item.Mark().line + list->items[i].firstLine,
                      constWhole["items"][i].Mark().line)
                << entry.path() << " item " << i;
        }
        if (list->json) {
            EXPECT_EQ(list->kind, constWhole["kind"].Scalar()) << entry.path();
        }
        ++cut;
    }
    EXPECT_GT(cut, 50); // the corpora hold many Lists, YAML and JSON
    std::cout << cut << " corpus Lists cut and compared\n";
}
