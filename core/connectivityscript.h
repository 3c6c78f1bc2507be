#pragma once

#include "core/cluster.h"
#include "core/evaluator.h"
#include "core/lab.h"

#include <string>
#include <vector>

namespace netfence::core {

// One connection to try on a real cluster, with the verdict it should get.
struct ConnectivityCheck
{
    std::string from; // "ns/name": the check runs inside this pod or workload
    std::string to;   // "ns/name", "internet" or an IP address
    Probe probe;
    bool expectAllowed = true;
};

// "Export connectivity test": a POSIX sh script that tries each connection with
// `kubectl exec ... -- nc`, prints PASS/FAIL per check and "N passed, M failed", and exits
// non-zero when a check fails, so learners can verify their rules on a real cluster.
namespace ConnectivityScript {

// Each requirement of the step on each of its probes. The "nothing else" part of onlyThese
// is not expanded here; matrixChecks covers it.
std::vector<ConnectivityCheck> goalChecks(const LabStep &step);
// Every pod or workload to every other and to the internet, on each probe, expected as the
// evaluator decides for the current policies. With a scope, only pairs with a pod in one of
// those namespaces.
std::vector<ConnectivityCheck> matrixChecks(const Evaluator &evaluator,
                                            const std::vector<Probe> &probes,
                                            const std::vector<std::string> &scope = {});
// The script. Checks that cannot run from inside the cluster (traffic from the internet,
// unknown endpoints, CronJobs) are listed as skipped comments.
std::string write(const Cluster &cluster, const std::vector<ConnectivityCheck> &checks,
                  const std::string &title);

} // namespace ConnectivityScript

} // namespace netfence::core
