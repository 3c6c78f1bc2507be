#pragma once

#include "core/explanationwriter.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// The ports of a lab requirement or probe: "TCP/80" or a range "TCP/8080-8090".
namespace PortSpec {

// A range may cover this many ports at most: each port is checked on its own.
inline constexpr int kMaxRangePorts = 1024;

// One probe per port; nullopt with `error` set to a message that names the right form
// ("bad port \"5432\": write TCP/5432").
std::optional<std::vector<Probe>> parse(const std::string &text, std::string &error);

} // namespace PortSpec

} // namespace netfence::core
