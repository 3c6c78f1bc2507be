#include "support/corpusfiles.h"

#include "core/evaluator.h"
#include "core/manifestloader.h"
#include "core/matrixwriter.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace netfence::test {

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> caseDirs(const std::string &dir, const std::string &firstChars)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && !name.empty() && firstChars.find(name[0]) != std::string::npos)
            out.push_back(entry.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string testName(const std::string &path)
{
    std::string name = fs::path(path).filename().string();
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return name;
}

std::vector<ProbeTable> parseProbeTables(const std::string &text)
{
    std::vector<ProbeTable> tables;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::vector<std::string> tokens;
        for (std::string w; words >> w;)
            tokens.push_back(w);
        if (tokens.empty())
            continue;
        if (tokens[0] == "PROBE")
            tables.push_back({tokens.size() > 1 ? tokens[1] : "", {}, {}});
        else if (!tables.empty() && tables.back().columns.empty())
            tables.back().columns = tokens;
        else if (!tables.empty())
            tables.back().rows.push_back({tokens[0], std::vector<std::string>(tokens.begin() + 1, tokens.end())});
    }
    return tables;
}

ProbeCase evaluateProbeCase(const std::string &dir)
{
    using namespace netfence::core;
    ProbeCase out;
    const fs::path d = dir;
    const LoadResult r = ManifestLoader::load({(d / "cluster.yaml").string(), (d / "policies.yaml").string()});
    for (const Diagnostic &diag : r.diagnostics)
        (diag.severity == Severity::Error ? out.loadErrors : out.loadWarnings).push_back(diag.toString());
    out.expected = parseProbeTables(readFile((d / "expected.txt").string()));
    if (out.expected.empty()) {
        out.problem = "expected.txt has no PROBE table";
        return out;
    }
    std::vector<Probe> probes;
    for (const ProbeTable &t : out.expected) {
        const std::optional<Probe> probe = MatrixWriter::parseProbe(t.probe);
        if (!probe) {
            out.problem = "unknown probe " + t.probe;
            return out;
        }
        probes.push_back(*probe);
    }
    std::vector<Endpoint> endpoints;
    for (const std::string &id : out.expected.front().columns) {
        const int w = r.cluster.findWorkload(id);
        if (w < 0) {
            out.problem = "no pod " + id;
            return out;
        }
        endpoints.push_back(Endpoint::ofWorkload(static_cast<size_t>(w)));
    }
    const Evaluator evaluator(r.cluster);
    out.actual = parseProbeTables(MatrixWriter::write(evaluator, endpoints, probes));
    return out;
}

} // namespace netfence::test
