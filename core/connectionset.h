#pragma once

#include "core/portrangeset.h"
#include "core/protocol.h"

#include <array>
#include <string>

namespace netfence::core {

// The connections allowed between two endpoints: per protocol, a set of ports.
class ConnectionSet
{
public:
    ConnectionSet() = default;
    static ConnectionSet all();
    static ConnectionSet allOf(Protocol protocol);
    static ConnectionSet ports(Protocol protocol, int first, int last);

    void add(Protocol protocol, int first, int last);
    void add(Protocol protocol, const PortRangeSet &ports);
    void add(const ConnectionSet &other);
    ConnectionSet intersected(const ConnectionSet &other) const;
    ConnectionSet subtracted(const ConnectionSet &other) const;

    const PortRangeSet &ports(Protocol protocol) const
    {
        return mPorts[static_cast<size_t>(protocol)];
    }
    bool allows(Protocol protocol, int port) const { return ports(protocol).contains(port); }
    bool isEmpty() const;
    bool isAll() const;

    // netpol-analyzer's wording: "All Connections", "No Connections" or "SCTP 7070,TCP 80-81".
    std::string toString() const;
    // For edge labels: "All", "TCP 80", "UDP,TCP 53", "TCP 80; UDP 9000-9100", "" when empty.
    std::string compactString() const;

    friend bool operator==(const ConnectionSet &, const ConnectionSet &) = default;
    friend auto operator<=>(const ConnectionSet &, const ConnectionSet &) = default;

private:
    std::array<PortRangeSet, 3> mPorts;
};

} // namespace netfence::core
