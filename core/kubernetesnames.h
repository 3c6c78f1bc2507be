#pragma once

#include <string>
#include <string_view>

namespace netfence::core {

// The API server's syntax checks; each returns an empty string when valid, else the reason.
namespace KubernetesNames {

std::string checkLabelKey(std::string_view key);   // [prefix/]name, a qualified name
std::string checkLabelValue(std::string_view value);
std::string checkPortName(std::string_view name);  // IANA_SVC_NAME
std::string checkDnsSubdomain(std::string_view name);

} // namespace KubernetesNames

} // namespace netfence::core
