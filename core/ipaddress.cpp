#include "core/ipaddress.h"

#include <arpa/inet.h>

namespace netfence::core {

U128 familyMax(IPFamily family)
{
    return family == IPFamily::V4 ? U128(0xffffffffu) : ~U128(0);
}

std::optional<IPAddress> IPAddress::parse(std::string_view text)
{
    const std::string s(text);
    unsigned char bytes[16];
    if (s.find(':') == std::string::npos) {
        if (inet_pton(AF_INET, s.c_str(), bytes) != 1)
            return std::nullopt;
        U128 v = 0;
        for (int i = 0; i < 4; ++i)
            v = (v << 8) | bytes[i];
        return IPAddress{IPFamily::V4, v};
    }
    if (inet_pton(AF_INET6, s.c_str(), bytes) != 1)
        return std::nullopt;
    U128 v = 0;
    for (int i = 0; i < 16; ++i)
        v = (v << 8) | bytes[i];
    return IPAddress{IPFamily::V6, v};
}

std::string IPAddress::toString() const
{
    if (family == IPFamily::V4) {
        const auto v = static_cast<unsigned>(value);
        return std::to_string(v >> 24) + '.' + std::to_string((v >> 16) & 255) + '.' +
               std::to_string((v >> 8) & 255) + '.' + std::to_string(v & 255);
    }
    unsigned char bytes[16];
    U128 v = value;
    for (int i = 15; i >= 0; --i) {
        bytes[i] = static_cast<unsigned char>(v & 255);
        v >>= 8;
    }
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, bytes, buf, sizeof buf);
    return buf;
}

} // namespace netfence::core
