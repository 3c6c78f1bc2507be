#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netfence::core {

// How Kubernetes reads a plain (unquoted) YAML scalar. kubectl and the API server decode YAML
// with YAML 1.1 rules (go-yaml v2 behind sigs.k8s.io/yaml): `0100` is octal 64, `0x50` is 80,
// `1e2` is the number 100, `yes` and `on` are booleans. yaml-cpp leaves all of them text, so
// every number or IntOrString field goes through here.
namespace YamlScalar {

enum class Type { Null, Bool, Int, Float, String };

struct Resolved
{
    Type type = Type::String;
    std::int64_t integer = 0; // Type::Int
    double number = 0;        // Type::Float
    bool boolean = false;     // Type::Bool
};

Resolved resolvePlain(std::string_view text);

// The value an int32 field (or an IntOrString's integer) gets from a plain scalar: an integer,
// or a float with an integral value (JSON carries 1e2 as 100), within int32; else nullopt.
std::optional<std::int32_t> int32Value(const Resolved &resolved);

// "an integer", "a boolean", ... for messages.
const char *typeName(Type type);

} // namespace YamlScalar

} // namespace netfence::core
