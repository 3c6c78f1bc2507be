#pragma once

#include "core/networkpolicy.h"

#include <string>
#include <string_view>
#include <vector>

namespace netfence::core {

// The file one policy gets when the policies are saved one file per policy into a folder.
struct PolicyFile
{
    size_t policy = 0;    // index into the policies given to plan()
    std::string fileName; // a bare file name, no folder part; empty when the policy gets no file
    std::string problem;  // why it gets no file
};

// File names for "Save Policies to Folder". Names come from policies read out of strangers'
// manifests, so a name reaches the file system only after it passed the API server's own
// check: a DNS-1123 subdomain has nothing but [a-z0-9.-], no empty label, so no '/', no
// "..", no leading dot. Nothing here touches the file system.
namespace PolicyFileNames {

// The longest file name written; most file systems allow 255 bytes.
inline constexpr size_t kMaxFileName = 255;

// One entry per policy, in order: "<namespace>-<name>.yaml", shortened with a hash when it
// would be too long, and with "-2", "-3", ... when two policies would share one name.
std::vector<PolicyFile> plan(const std::vector<NetworkPolicy> &policies);

// What a manifest holds besides `policy` ("Pod default/web", List items included): what
// replacing the file with the policy alone would drop. A part that cannot be read as YAML is
// listed as such, since it would be dropped too.
std::vector<std::string> otherObjectsIn(std::string_view text, const NetworkPolicy &policy);

} // namespace PolicyFileNames

} // namespace netfence::core
