#include "mapi_emu/base/shared_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace mapi_emu {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kModule = MAPI_EMU_TEST_MODULE_PATH;

TEST(SharedLibraryTest, LoadsCallsAndUnloadsForReal) {
  auto lib = SharedLibrary::Open(kModule);
  ASSERT_TRUE(lib.ok()) << lib.status();
  EXPECT_TRUE((*lib)->is_loaded());
  EXPECT_NE((*lib)->module_handle(), nullptr);
  EXPECT_EQ((*lib)->path(), kModule);

  auto answer = (*lib)->Function<int (*)()>("TestModuleAnswer");
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ((*answer)(), 42);

  int unloaded = 0;
  auto watch = (*lib)->Function<void (*)(int*)>("TestModuleWatchUnload");
  ASSERT_TRUE(watch.ok());
  (*watch)(&unloaded);
  EXPECT_TRUE((*lib)->Close().ok());
  EXPECT_EQ(unloaded, 1) << "the library's static destructor did not run";
  EXPECT_FALSE((*lib)->is_loaded());
  EXPECT_TRUE((*lib)->Close().ok()) << "a second Close is a no-op";
}

TEST(SharedLibraryTest, MissingSymbolNamesLibraryAndSymbol) {
  auto lib = SharedLibrary::Open(kModule);
  ASSERT_TRUE(lib.ok());
  auto sym = (*lib)->Symbol("MSProviderInit");
  ASSERT_FALSE(sym.ok());
  EXPECT_EQ(sym.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(sym.status().message()), HasSubstr("MSProviderInit"));
  EXPECT_THAT(std::string(sym.status().message()), HasSubstr(kModule.string()));
}

TEST(SharedLibraryTest, RelativePathIsRefused) {
  auto lib = SharedLibrary::Open("libsomething.so");
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(lib.status().message()), HasSubstr("libsomething.so"));
}

TEST(SharedLibraryTest, MissingFileIsNotFound) {
  const std::filesystem::path missing =
      std::filesystem::temp_directory_path() / "nonexistent" / "libprovider.so";
  auto lib = SharedLibrary::Open(missing);
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(lib.status().message()), HasSubstr(missing.string()));
}

TEST(SharedLibraryTest, FileThatIsNotALibraryGivesTheSystemReason) {
  const std::filesystem::path bogus =
      std::filesystem::temp_directory_path() / "mapi_emu_not_a_library.so";
  {
    std::ofstream f(bogus);
    ASSERT_TRUE(f.good());
    f << "this is neither an ELF file nor a PE one";
  }
  auto lib = SharedLibrary::Open(bogus);
  std::filesystem::remove(bogus);
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(lib.status().message()), HasSubstr(bogus.string()));
  EXPECT_THAT(std::string(lib.status().message()), HasSubstr("cannot load library"));
}

}  // namespace
}  // namespace mapi_emu
