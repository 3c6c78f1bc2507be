#pragma once

#include "core/connectionlist.h"
#include "core/evaluator.h"

#include <optional>
#include <string>

namespace netfence::core {

enum class ListFormat
{
    Txt,
    Json,
    Csv,
    Md,
    Dot
};

std::optional<ListFormat> parseListFormat(const std::string &name);

// Renders a ConnectionList; txt is netpol-analyzer's connlist format byte for byte.
namespace ConnectionListWriter {

std::string write(ListFormat format, const Evaluator &evaluator, const ConnectionList &list);

} // namespace ConnectionListWriter

} // namespace netfence::core
