#pragma once

#include "core/lab.h"

#include <string>

namespace netfence::core {

// Writes a connectivity test file (kind: ConnectivityTest, docs/ci.md) that checks what a lab
// step checks: its requirements (kept ones included), probes, scope and onlyThese.
namespace ConnectivityTestWriter {

std::string write(const LabStep &step, const std::string &name,
                  const std::string &description = {});

} // namespace ConnectivityTestWriter

} // namespace netfence::core
