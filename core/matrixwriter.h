#pragma once

#include "core/endpoint.h"
#include "core/evaluator.h"
#include "core/explanationwriter.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// Truth tables in the k8s-e2e corpus grammar: "PROBE TCP/80", a header of destination ids,
// one row per source of '.' (allowed) and 'X' (denied); '-' where both ends are addresses.
namespace MatrixWriter {

std::string write(const Evaluator &evaluator, const std::vector<Endpoint> &endpoints,
                  const std::vector<Probe> &probes);

// Parses "TCP/80" (protocol upper or lower case).
std::optional<Probe> parseProbe(const std::string &text);

} // namespace MatrixWriter

} // namespace netfence::core
