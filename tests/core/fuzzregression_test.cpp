// Every input in tests/fuzz/regressions/ (crashes the fuzzer found, and hand-made hostile
// inputs that seed it) must pass the fuzz harness's check in the ordinary build too.
#include "fuzz/fuzzcheck.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

TEST(FuzzRegressions, EveryKeptInputPassesTheHarnessCheck)
{
    int inputs = 0;
    for (const auto &entry : fs::directory_iterator(NETFENCE_FUZZ_REGRESSIONS)) {
        if (entry.path().extension() != ".input")
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_EQ(netfence::test::checkInput(text.str()), "") << entry.path();
        ++inputs;
    }
    EXPECT_GT(inputs, 0);
}

} // namespace
