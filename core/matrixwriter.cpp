#include "core/matrixwriter.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace netfence::core::MatrixWriter {

std::string write(const Evaluator &evaluator, const std::vector<Endpoint> &endpoints,
                  const std::vector<Probe> &probes)
{
    const Cluster &cluster = evaluator.cluster();
    std::vector<std::string> ids;
    for (const Endpoint &e : endpoints)
        ids.push_back(e.shortName(cluster));
    std::string out;
    for (size_t p = 0; p < probes.size(); ++p) {
        if (p > 0)
            out += '\n';
        out += "PROBE " + std::string(protocolName(probes[p].protocol)) + '/' +
               std::to_string(probes[p].port) + '\n';
        for (size_t i = 0; i < ids.size(); ++i)
            out += (i ? " " : "") + ids[i];
        out += '\n';
        for (size_t i = 0; i < endpoints.size(); ++i) {
            out += ids[i];
            for (size_t j = 0; j < endpoints.size(); ++j) {
                char cell = '-';
                if (!(endpoints[i].isExternal() && endpoints[j].isExternal()))
                    cell = evaluator.allowed(endpoints[i], endpoints[j])
                                   .allows(probes[p].protocol, probes[p].port)
                               ? '.'
                               : 'X';
                out += ' ';
                out += cell;
            }
            out += '\n';
        }
    }
    return out;
}

std::optional<Probe> parseProbe(const std::string &text)
{
    const size_t slash = text.find('/');
    if (slash == std::string::npos)
        return std::nullopt;
    std::string proto = text.substr(0, slash);
    std::transform(proto.begin(), proto.end(), proto.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    auto protocol = parseProtocol(proto);
    int port = 0;
    const std::string number = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), port);
    if (!protocol || number.empty() || ec != std::errc() || ptr != number.data() + number.size() ||
        port < kMinPort || port > kMaxPort)
        return std::nullopt;
    return Probe{*protocol, port};
}

} // namespace netfence::core::MatrixWriter
