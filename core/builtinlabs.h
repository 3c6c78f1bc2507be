#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace netfence::core {

// The labs netfence ships, installed as FOLDER/NAME.lab.yaml, addressed as "builtin:NAME".
namespace BuiltInLabs {

inline constexpr const char *kPrefix = "builtin:";

// Where the installed labs are: $NETFENCE_LABS_DIR when set, else share/netfence/labs
// beside the running program's bin/ folder (so an install under any prefix, or unpacked
// anywhere, finds its own labs).
std::string folder();
// The lab names in `folder`, sorted.
std::vector<std::string> names(const std::string &folder);
// The lab file for "builtin:NAME" in `folder`; nullopt, with a message naming the labs
// there, when NAME is not a plain lab name or no such lab is installed.
std::optional<std::string> find(const std::string &name, const std::string &folder,
                                std::ostream &err);

} // namespace BuiltInLabs

} // namespace netfence::core
