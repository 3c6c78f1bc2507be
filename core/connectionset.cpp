#include "core/connectionset.h"

#include <algorithm>
#include <vector>

namespace netfence::core {

ConnectionSet ConnectionSet::all()
{
    ConnectionSet set;
    for (Protocol p : kAllProtocols)
        set.add(p, kMinPort, kMaxPort);
    return set;
}

ConnectionSet ConnectionSet::allOf(Protocol protocol)
{
    return ports(protocol, kMinPort, kMaxPort);
}

ConnectionSet ConnectionSet::ports(Protocol protocol, int first, int last)
{
    ConnectionSet set;
    set.add(protocol, first, last);
    return set;
}

void ConnectionSet::add(Protocol protocol, int first, int last)
{
    mPorts[static_cast<size_t>(protocol)].add(first, last);
}

void ConnectionSet::add(Protocol protocol, const PortRangeSet &ports)
{
    mPorts[static_cast<size_t>(protocol)].add(ports);
}

void ConnectionSet::add(const ConnectionSet &other)
{
    for (size_t i = 0; i < mPorts.size(); ++i)
        mPorts[i].add(other.mPorts[i]);
}

ConnectionSet ConnectionSet::intersected(const ConnectionSet &other) const
{
    ConnectionSet out;
    for (size_t i = 0; i < mPorts.size(); ++i)
        out.mPorts[i] = mPorts[i].intersected(other.mPorts[i]);
    return out;
}

ConnectionSet ConnectionSet::subtracted(const ConnectionSet &other) const
{
    ConnectionSet out;
    for (size_t i = 0; i < mPorts.size(); ++i)
        out.mPorts[i] = mPorts[i].subtracted(other.mPorts[i]);
    return out;
}

bool ConnectionSet::isEmpty() const
{
    for (const PortRangeSet &p : mPorts)
        if (!p.isEmpty())
            return false;
    return true;
}

bool ConnectionSet::isAll() const
{
    for (const PortRangeSet &p : mPorts)
        if (!p.isAll())
            return false;
    return true;
}

std::string ConnectionSet::toString() const
{
    if (isAll())
        return "All Connections";
    if (isEmpty())
        return "No Connections";
    std::string out;
    for (Protocol p : kAllProtocols) {
        const PortRangeSet &set = ports(p);
        if (set.isEmpty())
            continue;
        if (!out.empty())
            out += ',';
        out += std::string(protocolName(p)) + ' ' + set.toString();
    }
    return out;
}

std::string ConnectionSet::compactString() const
{
    if (isAll())
        return "All";
    // Protocols with the same ports share one entry; UDP first reads naturally for DNS.
    static constexpr Protocol order[] = {Protocol::UDP, Protocol::TCP, Protocol::SCTP};
    std::vector<std::pair<std::string, const PortRangeSet *>> groups;
    for (Protocol p : order) {
        const PortRangeSet &set = ports(p);
        if (set.isEmpty())
            continue;
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto &g) { return *g.second == set; });
        if (it == groups.end())
            groups.push_back({std::string(protocolName(p)), &set});
        else
            it->first += ',' + std::string(protocolName(p));
    }
    std::string out;
    for (const auto &[names, set] : groups)
        out += (out.empty() ? "" : "; ") + names + ' ' +
               (set->isAll() ? std::string("all ports") : set->toString());
    return out;
}

} // namespace netfence::core
