#include "core/kubernetesnames.h"

#include <cctype>

namespace netfence::core::KubernetesNames {

namespace {

bool isAlnum(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 characters.
std::string checkQualifiedNamePart(std::string_view name)
{
    if (name.empty())
        return "must not be empty";
    if (name.size() > 63)
        return "must be no more than 63 characters";
    if (!isAlnum(name.front()) || !isAlnum(name.back()))
        return "must begin and end with an alphanumeric character";
    for (char c : name)
        if (!isAlnum(c) && c != '-' && c != '_' && c != '.')
            return std::string("contains the invalid character '") + c +
                   "' (allowed: alphanumerics, '-', '_' and '.')";
    return {};
}

} // namespace

std::string checkDnsSubdomain(std::string_view name)
{
    if (name.empty())
        return "must not be empty";
    if (name.size() > 253)
        return "must be no more than 253 characters";
    size_t start = 0;
    while (start <= name.size()) {
        size_t dot = name.find('.', start);
        std::string_view label =
            name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty())
            return "must consist of non-empty dot-separated labels";
        for (char c : label)
            if (!(std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
                return "must consist of lower case alphanumerics, '-' and '.'";
        if (label.front() == '-' || label.back() == '-')
            return "must start and end with an alphanumeric character";
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return {};
}

std::string checkDnsLabel(std::string_view name)
{
    if (name.empty())
        return "must not be empty";
    if (name.size() > 63)
        return "must be no more than 63 characters";
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
            return "must consist of lower case alphanumerics and '-'";
    if (name.front() == '-' || name.back() == '-')
        return "must start and end with an alphanumeric character";
    return {};
}

std::string checkDns1035Label(std::string_view name)
{
    std::string err = checkDnsLabel(name);
    if (err.empty() && !std::islower(static_cast<unsigned char>(name.front())))
        err = "must start with a lower case letter";
    return err;
}

std::string checkObjectName(std::string_view kind, std::string_view name)
{
    if (kind == "Namespace")
        return checkDnsLabel(name);
    if (kind == "Service")
        return checkDns1035Label(name);
    return checkDnsSubdomain(name);
}

const char *objectNameRule(std::string_view kind)
{
    if (kind == "Namespace")
        return "a DNS-1123 label";
    if (kind == "Service")
        return "a DNS-1035 label";
    return "a DNS-1123 subdomain";
}

bool isInertName(std::string_view name)
{
    if (name.empty() || name.size() > 253 || !isAlnum(name.front()))
        return false;
    for (char c : name)
        if (!isAlnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

std::string shown(std::string_view text)
{
    constexpr size_t kShown = 64;
    std::string out;
    for (size_t i = 0; i < text.size() && i < kShown; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (text.size() > kShown)
        out += "... (" + std::to_string(text.size()) + " bytes)";
    return out;
}

std::string checkLabelKey(std::string_view key)
{
    std::string_view name = key;
    const size_t slash = key.find('/');
    if (slash != std::string_view::npos) {
        std::string prefix = checkDnsSubdomain(key.substr(0, slash));
        if (!prefix.empty())
            return "prefix " + prefix;
        name = key.substr(slash + 1);
    }
    std::string err = checkQualifiedNamePart(name);
    return err.empty() ? err : "name part " + err;
}

std::string checkLabelValue(std::string_view value)
{
    if (value.empty())
        return {};
    return checkQualifiedNamePart(value);
}

std::string checkPortName(std::string_view name)
{
    if (name.empty())
        return "must not be empty";
    if (name.size() > 15)
        return "must be no more than 15 characters";
    bool letter = false;
    for (char c : name) {
        if (std::islower(static_cast<unsigned char>(c)))
            letter = true;
        else if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-')
            return "must contain only lower case alphanumerics and '-'";
    }
    if (!letter)
        return "must contain at least one letter";
    if (name.front() == '-' || name.back() == '-')
        return "must not begin or end with '-'";
    if (name.find("--") != std::string_view::npos)
        return "must not contain consecutive hyphens";
    return {};
}

} // namespace netfence::core::KubernetesNames
