#pragma once

#include "core/evaluator.h"
#include "core/manifestloader.h"

#include <gtest/gtest.h>

#include <string>

namespace netfence::test {

// Loads manifests from text; fails the test on any diagnostic.
inline core::LoadResult loadOk(const std::string &yaml)
{
    core::LoadResult r = core::ManifestLoader::loadText(yaml, "test.yaml");
    for (const core::Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << d.toString();
    return r;
}

// An endpoint by "ns/name" or by IP address.
inline core::Endpoint endpoint(const core::Cluster &c, const std::string &id)
{
    if (auto ip = core::IPAddress::parse(id))
        return core::Endpoint::ofRange(core::IPRange::single(*ip));
    const int w = c.findWorkload(id);
    EXPECT_GE(w, 0) << "no workload " << id;
    return core::Endpoint::ofWorkload(static_cast<size_t>(w < 0 ? 0 : w));
}

inline bool allows(const core::Evaluator &e, const std::string &from, const std::string &to,
                   core::Protocol protocol, int port)
{
    const core::Cluster &c = e.cluster();
    return e.allowed(endpoint(c, from), endpoint(c, to)).allows(protocol, port);
}

inline std::string connections(const core::Evaluator &e, const std::string &from,
                               const std::string &to)
{
    const core::Cluster &c = e.cluster();
    return e.allowed(endpoint(c, from), endpoint(c, to)).toString();
}

// A pod manifest with labels and container ports ("name:port/PROTO" or "port/PROTO").
std::string pod(const std::string &ns, const std::string &name, const std::string &labels,
                const std::vector<std::string> &ports = {}, const std::string &ip = {});

} // namespace netfence::test
