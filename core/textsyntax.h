#pragma once

#include "core/cluster.h"
#include "core/labelselector.h"

#include <string>
#include <vector>

namespace netfence::core {

// The short text forms the editor's fields use, parsed and printed the same way everywhere.
// Parsers return the problem, or an empty string; they validate as the API server would.
namespace TextSyntax {

// "app=web, tier=front"
std::string parseLabels(const std::string &text, Labels &out);
std::string formatLabels(const Labels &labels);

// kubectl's selector syntax: "app=web, tier in (a,b), env notin (prod), debug, !canary".
std::string parseSelector(const std::string &text, LabelSelector &out);

// "http:80/TCP, 53/UDP, metrics:9090"; the protocol defaults to TCP.
std::string parseContainerPorts(const std::string &text, std::vector<ContainerPort> &out);
std::string formatContainerPorts(const std::vector<ContainerPort> &ports);

} // namespace TextSyntax

} // namespace netfence::core
