#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace netfence::core {

// The three protocols NetworkPolicy knows, in the order tools print them.
enum class Protocol
{
    SCTP = 0,
    TCP = 1,
    UDP = 2
};

inline constexpr std::array<Protocol, 3> kAllProtocols{Protocol::SCTP, Protocol::TCP,
                                                       Protocol::UDP};
inline constexpr int kMinPort = 1;
inline constexpr int kMaxPort = 65535;

std::string_view protocolName(Protocol protocol);
// Accepts the API's spelling only (upper case), as the API server does.
std::optional<Protocol> parseProtocol(std::string_view text);

} // namespace netfence::core
