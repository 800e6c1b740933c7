#include "session/library_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace mapi_emu {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LibraryResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("mapi_emu_resolver_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "profiles" / "libs");
    std::filesystem::create_directories(root_ / "other");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Touch(const std::filesystem::path& p) { std::ofstream(p) << "x"; }
  LibrarySearch Search() const { return {root_ / "profiles", {"libs", root_ / "other"}}; }
  std::filesystem::path root_;
};

#if !defined(_WIN32)
TEST(CandidateFileNamesTest, WindowsNamesMapToLinuxLibraryNames) {
  EXPECT_THAT(CandidateFileNames("msstore.dll"),
              ElementsAre("libmsstore.so", "msstore.so", "libmsstore32.so", "msstore32.so"));
  EXPECT_THAT(CandidateFileNames("msstore32.dll"),
              ElementsAre("libmsstore.so", "msstore.so", "libmsstore32.so", "msstore32.so"));
  EXPECT_THAT(CandidateFileNames("msstore"), CandidateFileNames("msstore.dll"));
  EXPECT_EQ(CandidateFileNames("SAMPLE.DLL")[0], "libSAMPLE.so");
  EXPECT_THAT(CandidateFileNames("SAMPLE.DLL"), ::testing::Contains("libsample.so"));
  EXPECT_THAT(CandidateFileNames("libfoo.so"),
              ElementsAre("libfoo.so", "foo.so", "libfoo32.so", "foo32.so"));
}

TEST_F(LibraryResolverTest, BareNameSearchesLibraryDirsInOrder) {
  Touch(root_ / "other" / "libstore.so");
  auto p = ResolveLibrary("store32.dll", Search());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, root_ / "other" / "libstore.so");
  Touch(root_ / "profiles" / "libs" / "store.so");
  p = ResolveLibrary("store32.dll", Search());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, root_ / "profiles" / "libs" / "store.so") << "first directory first";
}
#endif

TEST_F(LibraryResolverTest, AbsolutePathIsTakenAsItIs) {
  Touch(root_ / "other" / "x.so");
  auto p = ResolveLibrary((root_ / "other" / "x.so").string(), Search());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, root_ / "other" / "x.so");
  auto missing = ResolveLibrary((root_ / "other" / "y.so").string(), Search());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LibraryResolverTest, RelativePathIsRelativeToTheProfileNotTheCurrentDirectory) {
  Touch(root_ / "profiles" / "libs" / "z.so");
  auto p = ResolveLibrary("libs/z.so", Search());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, root_ / "profiles" / "libs" / "z.so");

  // A file in the current directory is never found by a bare name.
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(root_);
  Touch(root_ / "libonlyhere.so");
  auto none = ResolveLibrary("onlyhere.dll", Search());
  std::filesystem::current_path(cwd);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LibraryResolverTest, FailureNamesEveryPathTried) {
  auto p = ResolveLibrary("absent.dll", Search());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("absent.dll"));
#if !defined(_WIN32)
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr((root_ / "profiles" / "libs" / "libabsent.so").string()));
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr((root_ / "other" / "absent32.so").string()));
#endif
  EXPECT_EQ(ResolveLibrary("", Search()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ResolveLibrary("x.dll", {root_, {}}).status().message()),
              HasSubstr("library_dirs"));
}

}  // namespace
}  // namespace mapi_emu
