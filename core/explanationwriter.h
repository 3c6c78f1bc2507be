#pragma once

#include "core/evaluator.h"
#include "core/explanation.h"
#include "core/jsonwriter.h"

#include <optional>
#include <string>

namespace netfence::core {

struct Probe
{
    Protocol protocol = Protocol::TCP;
    int port = 0;
};

// Turns an Explanation into words a person understands, or into JSON.
namespace ExplanationWriter {

// With a probe, the verdict is about that protocol and port; else about all connections.
std::string text(const Evaluator &evaluator, const Explanation &explanation,
                 std::optional<Probe> probe = std::nullopt);
void json(JsonWriter &out, const Evaluator &evaluator, const Explanation &explanation);

} // namespace ExplanationWriter

} // namespace netfence::core
