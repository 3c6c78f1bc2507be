#pragma once

#include "core/lab.h"

#include <string>

namespace netfence::core {

// A lab's texts for a terminal. The texts are Markdown (docs/labs.md); a terminal shows
// Markdown best as written, so every line keeps its breaks and indentation.
namespace LabText {

// The lab's title and description, then each step: number, id, title, goal, text, concept
// and hints, each block indented under its step.
std::string steps(const Lab &lab);

// `text` with every line indented by `indent` spaces (blank lines stay empty), ending in a
// line break.
std::string indented(const std::string &text, size_t indent);

} // namespace LabText

} // namespace netfence::core
