#include "core/textsyntax.h"

#include "core/kubernetesnames.h"

#include <charconv>

namespace netfence::core::TextSyntax {

namespace {

std::string trim(const std::string &s)
{
    const size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos)
        return {};
    const size_t b = s.find_last_not_of(" \t");
    return s.substr(a, b - a + 1);
}

// Splits at commas that are not inside parentheses.
std::vector<std::string> splitTopLevel(const std::string &text)
{
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    for (char c : text) {
        if (c == '(')
            ++depth;
        if (c == ')')
            --depth;
        if (c == ',' && depth == 0) {
            out.push_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(trim(current));
    std::vector<std::string> nonEmpty;
    for (std::string &s : out)
        if (!s.empty())
            nonEmpty.push_back(std::move(s));
    return nonEmpty;
}

std::string checkKeyValue(const std::string &key, const std::string &value)
{
    if (std::string err = KubernetesNames::checkLabelKey(key); !err.empty())
        return "invalid label key \"" + key + "\": " + err;
    if (std::string err = KubernetesNames::checkLabelValue(value); !err.empty())
        return "invalid label value \"" + value + "\": " + err;
    return {};
}

} // namespace

std::string parseLabels(const std::string &text, Labels &out)
{
    out.clear();
    for (const std::string &item : splitTopLevel(text)) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos)
            return "\"" + item + "\" is not key=value";
        const std::string key = trim(item.substr(0, eq)), value = trim(item.substr(eq + 1));
        if (std::string err = checkKeyValue(key, value); !err.empty())
            return err;
        out[key] = value;
    }
    return {};
}

std::string formatLabels(const Labels &labels)
{
    std::string out;
    for (const auto &[k, v] : labels)
        out += (out.empty() ? "" : ", ") + k + '=' + v;
    return out;
}

std::string parseSelector(const std::string &text, LabelSelector &out)
{
    out = {};
    const std::string all = trim(text);
    if (all.empty() || all == "{}")
        return {};
    for (const std::string &item : splitTopLevel(all)) {
        const size_t open = item.find('(');
        if (open != std::string::npos) {
            if (item.back() != ')')
                return "missing ')' in \"" + item + "\"";
            const std::string head = trim(item.substr(0, open));
            const size_t space = head.find_last_of(" \t");
            if (space == std::string::npos)
                return "expected \"key in (values)\" in \"" + item + "\"";
            LabelSelectorRequirement r;
            r.key = trim(head.substr(0, space));
            const std::string op = trim(head.substr(space + 1));
            if (op == "in")
                r.op = SelectorOperator::In;
            else if (op == "notin")
                r.op = SelectorOperator::NotIn;
            else
                return "unknown operator \"" + op + "\" (in, notin)";
            Labels dummy;
            for (const std::string &v : splitTopLevel(item.substr(open + 1, item.size() - open - 2))) {
                if (std::string err = checkKeyValue(r.key, v); !err.empty())
                    return err;
                r.values.push_back(v);
            }
            if (r.values.empty())
                return "\"" + item + "\" needs at least one value";
            out.matchExpressions.push_back(r);
            continue;
        }
        if (const size_t eq = item.find('='); eq != std::string::npos) {
            const bool notEqual = eq > 0 && item[eq - 1] == '!';
            const std::string key = trim(item.substr(0, notEqual ? eq - 1 : eq));
            std::string value = trim(item.substr(eq + 1));
            if (!value.empty() && value[0] == '=')
                value = trim(value.substr(1)); // "=="
            if (std::string err = checkKeyValue(key, value); !err.empty())
                return err;
            if (notEqual)
                out.matchExpressions.push_back({key, SelectorOperator::NotIn, {value}});
            else
                out.matchLabels[key] = value;
            continue;
        }
        const bool negated = item[0] == '!';
        const std::string key = trim(negated ? item.substr(1) : item);
        if (std::string err = KubernetesNames::checkLabelKey(key); !err.empty())
            return "invalid label key \"" + key + "\": " + err;
        out.matchExpressions.push_back({key, negated ? SelectorOperator::DoesNotExist : SelectorOperator::Exists, {}});
    }
    return {};
}

std::string parseContainerPorts(const std::string &text, std::vector<ContainerPort> &out)
{
    out.clear();
    for (const std::string &item : splitTopLevel(text)) {
        ContainerPort p;
        std::string rest = item;
        if (const size_t colon = rest.find(':'); colon != std::string::npos) {
            p.name = trim(rest.substr(0, colon));
            rest = trim(rest.substr(colon + 1));
            if (std::string err = KubernetesNames::checkPortName(p.name); !err.empty())
                return "invalid port name \"" + p.name + "\": " + err;
        }
        if (const size_t slash = rest.find('/'); slash != std::string::npos) {
            const auto protocol = parseProtocol(trim(rest.substr(slash + 1)));
            if (!protocol)
                return "unknown protocol in \"" + item + "\" (TCP, UDP, SCTP)";
            p.protocol = *protocol;
            rest = trim(rest.substr(0, slash));
        }
        auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), p.port);
        if (rest.empty() || ec != std::errc() || ptr != rest.data() + rest.size() || p.port < kMinPort ||
            p.port > kMaxPort)
            return "\"" + item + "\" needs a port number within 1-65535";
        out.push_back(p);
    }
    return {};
}

std::string formatContainerPorts(const std::vector<ContainerPort> &ports)
{
    std::string out;
    for (const ContainerPort &p : ports) {
        out += out.empty() ? "" : ", ";
        if (!p.name.empty())
            out += p.name + ':';
        out += std::to_string(p.port) + '/' + std::string(protocolName(p.protocol));
    }
    return out;
}

} // namespace netfence::core::TextSyntax
