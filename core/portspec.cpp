#include "core/portspec.h"

#include "core/protocol.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace netfence::core::PortSpec {

namespace {

const char *kForm = "write PROTOCOL/PORT or PROTOCOL/FIRST-LAST, e.g. TCP/80 or TCP/8080-8090 "
                    "(TCP, UDP or SCTP; ports 1-65535)";

std::optional<int> number(const std::string &text)
{
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string upper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

bool isPortText(const std::string &text)
{
    const size_t dash = text.find('-');
    if (dash == std::string::npos) return number(text).has_value();
    return number(text.substr(0, dash)) && number(text.substr(dash + 1));
}

// What the author probably meant, for a text that is not PROTOCOL/PORT.
std::string suggestion(const std::string &text)
{
    if (isPortText(text)) return "write TCP/" + text + " (or UDP/" + text + ", SCTP/" + text + ")";
    for (const char sep : {'/', ':'}) {
        const size_t at = text.find(sep);
        if (at == std::string::npos) continue;
        const std::string left = text.substr(0, at);
        const std::string right = text.substr(at + 1);
        if (isPortText(left) && parseProtocol(upper(right)))
            return "write " + upper(right) + '/' + left; // "5432/TCP"
        if (sep == ':' && parseProtocol(upper(left)) && isPortText(right))
            return "write " + upper(left) + '/' + right; // "TCP:5432"
        if (sep == '/' && isPortText(right) && !parseProtocol(upper(left)))
            return "the protocol is TCP, UDP or SCTP, e.g. TCP/" + right;
        if (sep == '/' && parseProtocol(upper(left)) && !right.empty() &&
            std::isalpha(static_cast<unsigned char>(right.front())))
            return "a requirement names port numbers, not port names; write e.g. " + upper(left) +
                   "/80";
    }
    return kForm;
}

} // namespace

std::optional<std::vector<Probe>> parse(const std::string &text, std::string &error)
{
    const size_t slash = text.find('/');
    const auto protocol =
        slash == std::string::npos ? std::nullopt : parseProtocol(upper(text.substr(0, slash)));
    const std::string ports = slash == std::string::npos ? std::string() : text.substr(slash + 1);
    if (!protocol || !isPortText(ports)) {
        error = "bad port \"" + text + "\": " + suggestion(text);
        return std::nullopt;
    }
    const size_t dash = ports.find('-');
    const int first = *number(ports.substr(0, dash));
    const int last = dash == std::string::npos ? first : *number(ports.substr(dash + 1));
    const std::string name(protocolName(*protocol));
    if (first < kMinPort || first > kMaxPort || last < kMinPort || last > kMaxPort) {
        error = "bad port \"" + text + "\": ports are 1-65535";
        return std::nullopt;
    }
    if (last < first) {
        error = "bad port range \"" + text + "\": the first port comes first; write " + name + '/' +
                std::to_string(last) + '-' + std::to_string(first);
        return std::nullopt;
    }
    if (last - first + 1 > kMaxRangePorts) {
        error = "port range \"" + text + "\" covers " + std::to_string(last - first + 1) +
                " ports; a requirement checks each port, at most " +
                std::to_string(kMaxRangePorts) + ": split it or name the ports that matter";
        return std::nullopt;
    }
    std::vector<Probe> out;
    for (int p = first; p <= last; ++p)
        out.push_back(Probe{*protocol, p});
    return out;
}

} // namespace netfence::core::PortSpec
