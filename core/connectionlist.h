#pragma once

#include "core/connectionset.h"
#include "core/endpoint.h"
#include "core/evaluator.h"

#include <optional>
#include <vector>

namespace netfence::core {

struct Connection
{
    Endpoint from;
    Endpoint to;
    ConnectionSet connections;
};

// What the ingress controller ("{ingress-controller}") may send a workload an Ingress or Route
// exposes (IngressAnalysis); never empty.
struct IngressConnection
{
    size_t workload = 0;
    ConnectionSet connections;
};

// Every allowed connection of a cluster at workload granularity: workload to workload
// (never to itself), workload to each destination range, each source range to workload.
// Sorted bytewise by source name, then destination name, as netpol-analyzer sorts.
class ConnectionList
{
public:
    // With `focus`, only connections from or to that workload.
    static ConnectionList build(const Evaluator &evaluator,
                                std::optional<size_t> focus = std::nullopt);

    const std::vector<Connection> &connections() const { return mConnections; }
    // Sorted by workload name; in netpol-analyzer's order they follow every other line.
    const std::vector<IngressConnection> &ingressConnections() const { return mIngress; }
    const std::vector<Endpoint> &externalSources() const { return mSources; }
    const std::vector<Endpoint> &externalDestinations() const { return mDestinations; }

private:
    std::vector<Connection> mConnections;
    std::vector<IngressConnection> mIngress;
    std::vector<Endpoint> mSources;
    std::vector<Endpoint> mDestinations;
};

} // namespace netfence::core
