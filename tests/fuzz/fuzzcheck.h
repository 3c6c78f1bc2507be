#pragma once

#include <string>
#include <string_view>

namespace netfence::test {

// Runs one input through the loader, the evaluator, the connection list and the YAML writer,
// and checks what must hold for any input: every diagnostic names the file and a line inside
// it, and a policy set that loaded cleanly loads back unchanged after writing. Returns what
// went wrong, or an empty string. Shared by the libFuzzer harness and the regression tests.
std::string checkInput(std::string_view data);

} // namespace netfence::test
