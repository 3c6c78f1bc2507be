#pragma once

#include <yaml-cpp/yaml.h>

namespace netfence::core {

// Read-only access to parsed YAML, shared by the manifest and lab readers. Every look-up goes
// through a const node: yaml-cpp's non-const operator[] inserts the key it is asked for.
namespace YamlNodes {

// The value under `key`; undefined when absent or when `node` is not a map.
inline YAML::Node child(const YAML::Node &node, const char *key)
{
    if (!node.IsDefined() || !node.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node &constNode = node;
    return constNode[key];
}

// Written and not null.
inline bool present(const YAML::Node &node)
{
    return node.IsDefined() && !node.IsNull();
}

// "a map", "a list", ... for messages that say what was found instead.
inline const char *typeName(const YAML::Node &node)
{
    if (!node.IsDefined())
        return "nothing";
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a map";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return "a scalar";
    case YAML::NodeType::Null:
        return "null";
    default:
        return "nothing";
    }
}

} // namespace YamlNodes

} // namespace netfence::core
