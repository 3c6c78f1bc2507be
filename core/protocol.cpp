#include "core/protocol.h"

namespace netfence::core {

std::string_view protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::SCTP:
        return "SCTP";
    case Protocol::TCP:
        return "TCP";
    case Protocol::UDP:
        return "UDP";
    }
    return "?";
}

std::optional<Protocol> parseProtocol(std::string_view text)
{
    for (Protocol p : kAllProtocols)
        if (protocolName(p) == text)
            return p;
    return std::nullopt;
}

} // namespace netfence::core
