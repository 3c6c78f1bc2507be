// libFuzzer entry: any bytes through the loader, evaluator and writer (see fuzzcheck.h).
#include "fuzzcheck.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string problem =
        netfence::test::checkInput({reinterpret_cast<const char *>(data), size});
    if (!problem.empty()) {
        std::fprintf(stderr, "netfence fuzz check failed: %s\n", problem.c_str());
        std::abort(); // libFuzzer saves the input as a crash artifact
    }
    return 0;
}
