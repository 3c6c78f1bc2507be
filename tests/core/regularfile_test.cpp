// Side files and files written into a chosen folder: symlinks, FIFOs and devices planted where
// netfence reads or writes. The hostile files are made here, in a temp folder.
#include "core/regularfile.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace netfence::core;
using Status = RegularFile::ReadResult::Status;

namespace {

class RegularFileTest : public testing::Test
{
protected:
    void SetUp() override
    {
        mFolder = fs::path(testing::TempDir()) /
                  ("netfence-regularfile-" + std::to_string(::getpid()) + "-" +
                   testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(mFolder);
        fs::create_directories(mFolder);
    }
    void TearDown() override { fs::remove_all(mFolder); }

    std::string path(const std::string &name) const { return (mFolder / name).string(); }
    static void put(const std::string &file, const std::string &text)
    {
        std::ofstream(file, std::ios::binary) << text;
    }
    static std::string get(const std::string &file)
    {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    // Nothing but the expected names: no temporary file is left behind.
    size_t entries() const
    {
        return size_t(std::distance(fs::directory_iterator(mFolder), fs::directory_iterator()));
    }

    fs::path mFolder;
};

TEST_F(RegularFileTest, ReadsARegularFileAndSaysWhenThereIsNone)
{
    put(path("a.json"), "{\"x\": 1}");
    const auto r = RegularFile::read(path("a.json"), 1024);
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.text, "{\"x\": 1}");
    EXPECT_EQ(RegularFile::read(path("none.json"), 1024).status, Status::Missing);
    EXPECT_EQ(RegularFile::read(path("none/deeper.json"), 1024).status, Status::Missing);
}

// The attack: a side file linked to ../victim/precious.txt.
TEST_F(RegularFileTest, ASymlinkIsNeitherReadNorWrittenThrough)
{
    fs::create_directory(mFolder / "victim");
    put(path("victim/precious.txt"), "precious");
    fs::create_symlink("victim/precious.txt", mFolder / "side.json");
    const auto r = RegularFile::read(path("side.json"), 1024);
    EXPECT_EQ(r.status, Status::Unusable);
    EXPECT_NE(r.error.find("symbolic link"), std::string::npos) << r.error;
    EXPECT_TRUE(r.text.empty());

    std::string error;
    EXPECT_FALSE(RegularFile::write(path("side.json"), "overwritten", &error));
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
    EXPECT_EQ(get(path("victim/precious.txt")), "precious");
    EXPECT_TRUE(fs::is_symlink(mFolder / "side.json"));
    EXPECT_EQ(entries(), 2u);
    // A dangling link is refused too: writing through it would create the target.
    fs::create_symlink("victim/new.txt", mFolder / "dangling.json");
    EXPECT_FALSE(RegularFile::write(path("dangling.json"), "x", &error));
    EXPECT_FALSE(fs::exists(mFolder / "victim/new.txt"));
}

// The attack: a FIFO as side file froze the app forever.
TEST_F(RegularFileTest, AFifoIsRefusedAtOnce)
{
    ASSERT_EQ(::mkfifo(path("side.json").c_str(), 0600), 0);
    auto reading =
        std::async(std::launch::async, [&] { return RegularFile::read(path("side.json"), 1024); });
    if (reading.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        // Free the reader so the test can end, then fail.
        const int fd = ::open(path("side.json").c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
        FAIL() << "reading a FIFO blocked";
    }
    const auto r = reading.get();
    EXPECT_EQ(r.status, Status::Unusable);
    EXPECT_NE(r.error.find("FIFO"), std::string::npos) << r.error;
    std::string error;
    EXPECT_FALSE(RegularFile::write(path("side.json"), "x", &error));
    EXPECT_NE(error.find("FIFO"), std::string::npos) << error;
}

// The attack: a side file linked to /dev/zero ran to 2.1 GB.
TEST_F(RegularFileTest, DevicesAndEndlessFilesAreRefused)
{
    fs::create_symlink("/dev/zero", mFolder / "side.json");
    EXPECT_EQ(RegularFile::read(path("side.json"), 1 << 20).status, Status::Unusable);
    const auto device = RegularFile::read("/dev/zero", 1 << 20);
    EXPECT_EQ(device.status, Status::Unusable);
    EXPECT_NE(device.error.find("device"), std::string::npos) << device.error;
    fs::create_directory(mFolder / "folder.json");
    const auto folder = RegularFile::read(path("folder.json"), 1 << 20);
    EXPECT_EQ(folder.status, Status::Unusable);
    EXPECT_NE(folder.error.find("folder"), std::string::npos) << folder.error;
    EXPECT_FALSE(RegularFile::write(path("folder.json"), "x"));
}

TEST_F(RegularFileTest, AFileOverTheLimitIsNotRead)
{
    put(path("big.json"), std::string(1001, 'x'));
    const auto big = RegularFile::read(path("big.json"), 1000);
    EXPECT_EQ(big.status, Status::Unusable);
    EXPECT_NE(big.error.find("1000-byte limit"), std::string::npos) << big.error;
    EXPECT_TRUE(big.text.empty());
    put(path("fits.json"), std::string(1000, 'x'));
    EXPECT_EQ(RegularFile::read(path("fits.json"), 1000).status, Status::Ok);
    // /proc files say size 0 and are regular: the limit holds while reading too.
    const auto proc = RegularFile::read("/proc/self/maps", 16);
    EXPECT_EQ(proc.status, Status::Unusable);
}

TEST_F(RegularFileTest, WritingReplacesAllAtOnceAndKeepsTheMode)
{
    std::string error;
    ASSERT_TRUE(RegularFile::write(path("out.yaml"), "first", &error)) << error;
    EXPECT_EQ(get(path("out.yaml")), "first");
    ASSERT_EQ(::chmod(path("out.yaml").c_str(), 0640), 0);
    ASSERT_TRUE(RegularFile::write(path("out.yaml"), "second", &error)) << error;
    EXPECT_EQ(get(path("out.yaml")), "second");
    struct stat info = {};
    ASSERT_EQ(::stat(path("out.yaml").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0640u);
    EXPECT_EQ(entries(), 1u);
    // A folder that is not there: an error, nothing created.
    EXPECT_FALSE(RegularFile::write(path("missing/out.yaml"), "x", &error));
    EXPECT_FALSE(error.empty());
}

} // namespace
