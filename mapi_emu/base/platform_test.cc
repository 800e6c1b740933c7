#include "mapi_emu/base/platform.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "mapi_emu/base/file_text.h"

namespace mapi_emu {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(PlatformTest, SetEnvIsSeenByGetenvAndUnsetEnvRemovesIt) {
  SetEnv("MAPI_EMU_PLATFORM_TEST", "one value");
  ASSERT_NE(std::getenv("MAPI_EMU_PLATFORM_TEST"), nullptr);
  EXPECT_STREQ(std::getenv("MAPI_EMU_PLATFORM_TEST"), "one value");
  SetEnv("MAPI_EMU_PLATFORM_TEST", "another");
  EXPECT_STREQ(std::getenv("MAPI_EMU_PLATFORM_TEST"), "another");
  UnsetEnv("MAPI_EMU_PLATFORM_TEST");
  EXPECT_EQ(std::getenv("MAPI_EMU_PLATFORM_TEST"), nullptr);
  UnsetEnv("MAPI_EMU_PLATFORM_TEST");  // not set: nothing happens
  EXPECT_EQ(std::getenv("MAPI_EMU_PLATFORM_TEST"), nullptr);
}

TEST(PlatformTest, MakeTempDirectoryMakesANewEmptyDirectoryEachTime) {
  absl::StatusOr<std::filesystem::path> first = MakeTempDirectory("mapi_emu_platform_test.");
  absl::StatusOr<std::filesystem::path> second = MakeTempDirectory("mapi_emu_platform_test.");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*first, *second);
  for (const std::filesystem::path& dir : {*first, *second}) {
    EXPECT_TRUE(dir.is_absolute()) << dir;
    EXPECT_TRUE(std::filesystem::is_directory(dir)) << dir;
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << dir;
    EXPECT_THAT(dir.filename().string(), StartsWith("mapi_emu_platform_test."));
    EXPECT_EQ(dir.filename().string().size(), std::string("mapi_emu_platform_test.").size() + 6);
    std::filesystem::remove_all(dir);
  }
}

TEST(PlatformTest, CurrentProcessIdIsNotZero) { EXPECT_NE(CurrentProcessId(), 0u); }

TEST(PlatformTest, LoadedSystemLibraryExists) {
  absl::StatusOr<std::filesystem::path> library = LoadedSystemLibraryPath();
  ASSERT_TRUE(library.ok()) << library.status();
  EXPECT_TRUE(library->is_absolute()) << *library;
  EXPECT_TRUE(std::filesystem::is_regular_file(*library)) << *library;
}

TEST(PlatformTest, SystemErrorTextCarriesTheNumber) {
  EXPECT_THAT(SystemErrorText(2), HasSubstr("(error 2)"));
}

// The system's command interpreter, by absolute path (RunProgram never
// searches), writing to both streams and exiting 3.
std::vector<std::string> ShellCommand() {
#if defined(_WIN32)
  const char* root = std::getenv("SystemRoot");
  const std::string system = std::string(root != nullptr ? root : "C:\\windows") + "\\system32";
  return {system + "\\cmd.exe", "/c", "echo to out& echo to err 1>&2& exit 3"};
#else
  return {"/bin/sh", "-c", "echo to out; echo to err >&2; exit 3"};
#endif
}

TEST(PlatformTest, RunProgramGivesTheExitCodeAndBothStreams) {
  absl::StatusOr<std::filesystem::path> dir = MakeTempDirectory("mapi_emu_platform_test.");
  ASSERT_TRUE(dir.ok()) << dir.status();
  absl::StatusOr<int> code = RunProgram(ShellCommand(), *dir / "out", *dir / "err");
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 3);
  EXPECT_THAT(FileText(*dir / "out"), StartsWith("to out"));
  EXPECT_THAT(FileText(*dir / "err"), StartsWith("to err"));
  std::filesystem::remove_all(*dir);
}

TEST(PlatformTest, RunProgramThatCannotStartIsAnError) {
  absl::StatusOr<std::filesystem::path> dir = MakeTempDirectory("mapi_emu_platform_test.");
  ASSERT_TRUE(dir.ok()) << dir.status();
  const std::string missing = (*dir / "no_such_program").string();
  absl::StatusOr<int> code = RunProgram({missing}, *dir / "out", *dir / "err");
  ASSERT_FALSE(code.ok());
  EXPECT_THAT(std::string(code.status().message()), HasSubstr(missing));
  std::filesystem::remove_all(*dir);
}

TEST(PlatformTest, PathTextAndPathFromUtf8AreUtf8BothWays) {
  const std::string name = "B\xC3\xBCro.json";  // Büro.json
  const std::filesystem::path path = PathFromUtf8(name);
  // (Debian's GoogleTest cannot print a std::u8string.)
  EXPECT_TRUE(path.u8string() == u8"B\u00FCro.json");
  EXPECT_EQ(PathText(path), name);
  absl::StatusOr<std::filesystem::path> dir = MakeTempDirectory("mapi_emu_platform_test.");
  ASSERT_TRUE(dir.ok()) << dir.status();
  std::ofstream(*dir / path) << "x";
  ASSERT_TRUE(std::filesystem::exists(*dir / path));
  EXPECT_EQ(PathText(std::filesystem::directory_iterator(*dir)->path().filename()), name);
  std::filesystem::remove_all(*dir);
}

TEST(PlatformTest, CurrentProgramPathIsThisTestProgram) {
  absl::StatusOr<std::filesystem::path> self = CurrentProgramPath();
  ASSERT_TRUE(self.ok()) << self.status();
  EXPECT_TRUE(self->is_absolute()) << *self;
  EXPECT_EQ(self->stem().string(), "base_test");
  EXPECT_TRUE(std::filesystem::is_regular_file(*self)) << *self;
}

// Set in the child of the test below: it waits there to be killed.
constexpr char kWaitToBeKilled[] = "MAPI_EMU_PLATFORM_TEST_WAIT_TO_BE_KILLED";

TEST(PlatformTest, AKilledProgramEndsAsIfBySigkill) {
  if (const char* wait = std::getenv(kWaitToBeKilled); wait != nullptr && *wait != '\0') {
    std::this_thread::sleep_for(std::chrono::seconds(60));
    GTEST_FAIL() << "not killed within a minute";
  }
  absl::StatusOr<std::filesystem::path> dir = MakeTempDirectory("mapi_emu_platform_test.");
  ASSERT_TRUE(dir.ok()) << dir.status();
  absl::StatusOr<std::filesystem::path> self = CurrentProgramPath();
  ASSERT_TRUE(self.ok()) << self.status();
  SetEnv(kWaitToBeKilled, "1");
  absl::StatusOr<Program> child =
      StartProgram({self->string(), "--gtest_filter=PlatformTest.AKilledProgramEndsAsIfBySigkill"},
                   *dir / "out", *dir / "err");
  UnsetEnv(kWaitToBeKilled);
  ASSERT_TRUE(child.ok()) << child.status();
  child->Kill();
  absl::StatusOr<int> code = child->Wait();
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 137) << "128 + SIGKILL, on Windows too";
  EXPECT_FALSE(child->Wait().ok()) << "a second wait is refused";
  std::filesystem::remove_all(*dir);
}

}  // namespace
}  // namespace mapi_emu
