#pragma once

#include <string>
#include <string_view>

namespace netfence::core {

// The API server's syntax checks; each returns an empty string when valid, else the reason.
namespace KubernetesNames {

std::string checkLabelKey(std::string_view key);   // [prefix/]name, a qualified name
std::string checkLabelValue(std::string_view value);
std::string checkPortName(std::string_view name);  // IANA_SVC_NAME
std::string checkDnsSubdomain(std::string_view name); // at most 253, dot-separated labels
std::string checkDnsLabel(std::string_view name);     // RFC 1123 label, at most 63
std::string checkDns1035Label(std::string_view name); // RFC 1035: an RFC 1123 label starting with a letter

// metadata.name as the API server checks it for `kind`: Namespaces DNS-1123 labels, Services
// DNS-1035 labels, every other kind netfence reads (Pods, workloads, NetworkPolicies)
// DNS-1123 subdomains.
std::string checkObjectName(std::string_view kind, std::string_view name);
const char *objectNameRule(std::string_view kind); // "a DNS-1123 label", ...

// True when the name, valid or not, cannot mean anything but itself to a shell, a path or a
// YAML reader: 1-253 characters of [A-Za-z0-9._-], starting with a letter or digit.
bool isInertName(std::string_view name);

// A name from the input made safe and short for a message: control characters escaped,
// cut after 64 bytes with the full length said.
std::string shown(std::string_view text);

} // namespace KubernetesNames

} // namespace netfence::core
