#include "core/yamlreader.h"

#include "core/spelling.h"
#include "core/yamlnodes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace netfence::core {

YamlReader::YamlReader(std::string file, int lineOffset, std::vector<Diagnostic> *into)
    : mFile(std::move(file)), mLineOffset(lineOffset), mDiagnostics(into ? *into : mCollected)
{
}

SourceLocation YamlReader::at(const YAML::Node &node) const
{
    const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
    if (mark.is_null() || mark.line < 0)
        return mObjectLocation.line > 0 ? mObjectLocation : SourceLocation{mFile, 0, 0};
    return SourceLocation{mFile, mark.line + 1 + mLineOffset, mark.column + 1};
}

void YamlReader::report(Severity severity, const SourceLocation &where, const std::string &message)
{
    mErrorsReported += severity == Severity::Error;
    if (mDiagnostics.size() >= mMaxDiagnostics) {
        ++mDroppedDiagnostics;
        mDroppedErrors += severity == Severity::Error;
        return;
    }
    mDiagnostics.push_back(Diagnostic{severity, where, mObjectName, message});
}

void YamlReader::report(Severity severity, const YAML::Node &node, const std::string &message)
{
    report(severity, at(node), message);
}

bool YamlReader::scalar(const YAML::Node &node, const char *what, std::string &out)
{
    if (!node.IsDefined() || !node.IsScalar()) {
        report(Severity::Error, node,
               std::string(what) + " must be a scalar, found " + YamlNodes::typeName(node));
        return false;
    }
    out = node.Scalar();
    return true;
}

void YamlReader::checkKeys(const YAML::Node &map, const std::vector<std::string> &known,
                           const char *where)
{
    for (YAML::const_iterator it = map.begin(); it != map.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            report(Severity::Error, key, std::string("a key of ") + where + " must be a scalar");
            continue;
        }
        if (std::find(known.begin(), known.end(), key.Scalar()) != known.end()) continue;
        std::string message = "unknown key \"" + key.Scalar() + "\" in " + where;
        const std::string guess = Spelling::closest(key.Scalar(), known);
        if (!guess.empty())
            message += "; did you mean \"" + guess + "\"?";
        else {
            message += " (known:";
            for (const std::string &k : known)
                message += ' ' + k;
            message += ')';
        }
        report(Severity::Error, key, message);
    }
}

bool YamlReader::spend(std::size_t nodes)
{
    mNodesVisited += nodes;
    return mNodesVisited <= mNodeBudget;
}

} // namespace netfence::core
