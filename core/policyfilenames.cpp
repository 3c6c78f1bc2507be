#include "core/policyfilenames.h"

#include "core/kubernetesnames.h"
#include "core/yamlnodes.h"

#include <cstdint>
#include <cstdio>
#include <set>

namespace netfence::core::PolicyFileNames {

namespace {

std::string hashOf(std::string_view text)
{
    std::uint64_t hash = 14695981039346656037ull; // FNV-1a
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

// `base` + `suffix` + ".yaml", the base cut and marked with its hash when the whole is too long.
std::string fileName(const std::string &base, const std::string &suffix)
{
    const std::string tail = suffix + ".yaml";
    if (base.size() + tail.size() <= kMaxFileName) return base + tail;
    const std::string mark = "-" + hashOf(base);
    return base.substr(0, kMaxFileName - tail.size() - mark.size()) + mark + tail;
}

std::string scalar(const YAML::Node &node)
{
    return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

void listObjects(const YAML::Node &document, const NetworkPolicy &policy, int depth,
                 std::vector<std::string> &out)
{
    using YamlNodes::child;
    if (!YamlNodes::present(document)) return;
    const int line = document.Mark().line + 1;
    if (!document.IsMap()) {
        out.push_back("a document that is not an object (line " + std::to_string(line) + ")");
        return;
    }
    const std::string kind = scalar(child(document, "kind"));
    const YAML::Node items = child(document, "items");
    if (kind.size() >= 4 && kind.ends_with("List") && items.IsDefined() && items.IsSequence() &&
        depth < 4) {
        for (const YAML::Node &item : items)
            listObjects(item, policy, depth + 1, out);
        return;
    }
    const YAML::Node metadata = child(document, "metadata");
    const std::string name = scalar(child(metadata, "name"));
    const std::string ns = scalar(child(metadata, "namespace"));
    // A policy without a namespace goes to "default", as the loader reads it.
    if (kind == "NetworkPolicy" && name == policy.name &&
        (ns == policy.namespaceName || (ns.empty() && policy.namespaceName == "default")))
        return;
    const std::string qualified = ns.empty() ? name : ns + "/" + name;
    std::string what;
    if (kind.empty())
        what = name.empty() ? "an object without a kind or name"
                            : "an object without a kind, named " + qualified;
    else
        what = name.empty() ? kind + " without a name" : kind + " " + qualified;
    out.push_back(what + " (line " + std::to_string(line) + ")");
}

} // namespace

std::vector<PolicyFile> plan(const std::vector<NetworkPolicy> &policies)
{
    std::vector<PolicyFile> files;
    std::set<std::string> taken;
    for (size_t i = 0; i < policies.size(); ++i) {
        const NetworkPolicy &p = policies[i];
        PolicyFile f;
        f.policy = i;
        if (std::string why = KubernetesNames::checkDnsSubdomain(p.namespaceName); !why.empty())
            f.problem = "the namespace name " + why;
        else if (std::string why = KubernetesNames::checkDnsSubdomain(p.name); !why.empty())
            f.problem = "the policy name " + why;
        if (f.problem.empty()) {
            const std::string base = p.namespaceName + "-" + p.name;
            f.fileName = fileName(base, {});
            for (int n = 2; taken.contains(f.fileName); ++n)
                f.fileName = fileName(base, "-" + std::to_string(n));
            taken.insert(f.fileName);
        }
        files.push_back(std::move(f));
    }
    return files;
}

std::vector<std::string> otherObjectsIn(std::string_view text, const NetworkPolicy &policy)
{
    std::vector<std::string> out;
    try {
        for (const YAML::Node &document : YAML::LoadAll(std::string(text)))
            listObjects(document, policy, 0, out);
    } catch (const YAML::Exception &e) {
        out.push_back(e.mark.is_null() ? std::string("text that is not valid YAML")
                                       : "text that is not valid YAML (line " +
                                             std::to_string(e.mark.line + 1) + ")");
    }
    return out;
}

} // namespace netfence::core::PolicyFileNames
