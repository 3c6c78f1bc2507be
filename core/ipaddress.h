#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace netfence::core {

using U128 = unsigned __int128;

enum class IPFamily
{
    V4,
    V6
};

// An IPv4 or IPv6 address as an integer, so ranges and prefixes are plain arithmetic.
struct IPAddress
{
    IPFamily family = IPFamily::V4;
    U128 value = 0;

    static std::optional<IPAddress> parse(std::string_view text);
    std::string toString() const;

    friend bool operator==(const IPAddress &, const IPAddress &) = default;
    friend auto operator<=>(const IPAddress &, const IPAddress &) = default;
};

inline int familyBits(IPFamily family)
{
    return family == IPFamily::V4 ? 32 : 128;
}

// The largest address of a family.
U128 familyMax(IPFamily family);

} // namespace netfence::core
