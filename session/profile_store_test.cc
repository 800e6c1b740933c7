#include "session/profile_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapitags.h"
#include "session/mapi_uid.h"
#include "session/session_test_util.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

namespace fs = std::filesystem;
using session_testing::kTestData;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A fresh directory per test, removed afterwards.
class ProfileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mapi_emu_profile_store_" + MapiUidText(NewMapiUid()).substr(0, 12));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Profile MakeProfile(const std::string& name) {
    absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(kTestData / "good.inf");
    EXPECT_TRUE(inf.ok()) << inf.status();
    Profile p(name);
    EXPECT_TRUE(p.AddService(*inf, "AB").ok());
    EXPECT_TRUE(p.AddService(*inf, "MsgService").ok());
    return p;
  }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(ProfileStoreTest, SaveCreatesTheDirectoryAndLoadReadsItBack) {
  ProfileStore store(dir_);
  const Profile saved = MakeProfile("work");
  ASSERT_TRUE(store.Save(saved).ok());
  EXPECT_TRUE(fs::is_regular_file(dir_ / "work.json"));
  const std::string text = Read(dir_ / "work.json");
  EXPECT_TRUE(text.ends_with("}\n"));
  EXPECT_THAT(text, HasSubstr("\"format\": \"mapi_emu.profile\""));

  absl::StatusOr<Profile> loaded = store.Load("work");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->name, "work");
  ASSERT_EQ(loaded->services.size(), 2u);
  EXPECT_EQ(MapiUidText(loaded->services[1].uid), MapiUidText(saved.services[1].uid));
  EXPECT_EQ(ProfileToJson(*loaded)->dump(), ProfileToJson(saved)->dump());
}

TEST_F(ProfileStoreTest, SaveReplacesAtomicallyAndLeavesNoTemporaries) {
  ProfileStore store(dir_);
  Profile p = MakeProfile("p");
  ASSERT_TRUE(store.Save(p).ok());
  p.library_dirs = {"changed"};
  ASSERT_TRUE(store.Save(p).ok());
  EXPECT_THAT(store.Load("p")->library_dirs, ElementsAre("changed"));
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(files, ElementsAre("p.json"));
}

TEST_F(ProfileStoreTest, ConcurrentSavesLeaveAValidFile) {
  ProfileStore store(dir_);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t, this] {
      Profile p = MakeProfile("shared");
      p.library_dirs = {"thread" + std::to_string(t)};
      for (int i = 0; i < 10; ++i) EXPECT_TRUE(store.Save(p).ok());
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<Profile> p = store.Load("shared");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->library_dirs.size(), 1u);
  EXPECT_THAT(p->library_dirs[0], HasSubstr("thread"));
}

TEST_F(ProfileStoreTest, ListExistsAndDelete) {
  ProfileStore store(dir_);
  EXPECT_THAT(*store.List(), IsEmpty());  // no directory yet
  ASSERT_TRUE(store.Save(MakeProfile("zeta")).ok());
  ASSERT_TRUE(store.Save(MakeProfile("Alpha")).ok());
  ASSERT_TRUE(store.Save(MakeProfile("mid")).ok());
  std::ofstream(dir_ / "notes.txt") << "not a profile";
  std::ofstream(dir_ / ".hidden.json") << "{}";
  EXPECT_THAT(*store.List(), ElementsAre("Alpha", "mid", "zeta"));
  EXPECT_TRUE(store.Exists("mid"));
  EXPECT_FALSE(store.Exists("nope"));
  EXPECT_FALSE(store.Exists("../mid"));
  // Only as stored, also where the file system ignores case (Windows opens
  // alpha.json as Alpha.json): ResolveProfileName matches case-insensitively.
  EXPECT_TRUE(store.Exists("Alpha"));
  EXPECT_FALSE(store.Exists("alpha"));

  ASSERT_TRUE(store.Delete("mid").ok());
  EXPECT_FALSE(store.Exists("mid"));
  const absl::Status again = store.Delete("mid");
  EXPECT_EQ(again.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(again.message()), HasSubstr("no profile 'mid'"));
  EXPECT_THAT(*store.List(), ElementsAre("Alpha", "zeta"));
}

TEST_F(ProfileStoreTest, RemoveRenamedLeavesOnlyTheNewSpelling) {
  ProfileStore store(dir_);
  ASSERT_TRUE(store.Save(MakeProfile("Office")).ok());
  // A rename that changes case only: on Windows the new name's file is the
  // old one, which must survive under the new spelling.
  ASSERT_TRUE(store.Save(MakeProfile("OFFICE")).ok());
  ASSERT_TRUE(store.RemoveRenamed("Office", "OFFICE").ok());
  EXPECT_THAT(*store.List(), ElementsAre("OFFICE"));
  EXPECT_TRUE(store.Load("OFFICE").ok());
  ASSERT_TRUE(store.Save(MakeProfile("Home")).ok());
  ASSERT_TRUE(store.RemoveRenamed("OFFICE", "Home").ok());
  EXPECT_THAT(*store.List(), ElementsAre("Home"));
  EXPECT_TRUE(store.RemoveRenamed("Home", "Home").ok()) << "nothing to remove";
  EXPECT_THAT(*store.List(), ElementsAre("Home"));
}

TEST_F(ProfileStoreTest, LoadErrors) {
  ProfileStore store(dir_);
  const absl::StatusOr<Profile> missing = store.Load("ghost");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  const absl::StatusOr<Profile> bad_name = store.Load("../etc/passwd");
  EXPECT_EQ(bad_name.status().code(), absl::StatusCode::kInvalidArgument);

  // A file whose "name" disagrees with its file name.
  ASSERT_TRUE(store.Save(MakeProfile("right")).ok());
  fs::copy_file(dir_ / "right.json", dir_ / "wrong.json");
  const absl::StatusOr<Profile> renamed = store.Load("wrong");
  ASSERT_FALSE(renamed.ok());
  EXPECT_THAT(std::string(renamed.status().message()),
              HasSubstr("wrong.json: holds profile 'right', expected 'wrong'"));

  // Broken JSON: the file, line and column are named.
  std::ofstream(dir_ / "broken.json") << "{\n  \"format\": \"mapi_emu.profile\",\n  oops\n}\n";
  const absl::StatusOr<Profile> broken = store.Load("broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(broken.status().message()),
              HasSubstr((dir_ / "broken.json").string() + ": parse error at line 3, column"));

  Profile unnamed("bad/name");
  EXPECT_EQ(store.Save(unnamed).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ProfileStoreTest, DefaultProfileMarker) {
  ProfileStore store(dir_);
  EXPECT_EQ(store.GetDefault().status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.SetDefault("absent").code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(store.Save(MakeProfile("one")).ok());
  ASSERT_TRUE(store.Save(MakeProfile("two")).ok());
  ASSERT_TRUE(store.SetDefault("two").ok());
  EXPECT_EQ(Read(dir_ / "default.txt"), "two\n");
  EXPECT_EQ(*store.GetDefault(), "two");
  EXPECT_THAT(*store.List(), ElementsAre("one", "two"));  // the marker is no profile

  // Deleting another profile keeps the default; deleting it clears it.
  ASSERT_TRUE(store.Delete("one").ok());
  EXPECT_EQ(*store.GetDefault(), "two");
  ASSERT_TRUE(store.Delete("two").ok());
  EXPECT_FALSE(fs::exists(dir_ / "default.txt"));
  EXPECT_EQ(store.GetDefault().status().code(), absl::StatusCode::kNotFound);

  // A marker naming a profile that is gone says so.
  std::ofstream(dir_ / "default.txt") << "vanished\n";
  const absl::StatusOr<std::string> dangling = store.GetDefault();
  EXPECT_EQ(dangling.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(dangling.status().message()),
              HasSubstr("names profile 'vanished', which does not exist"));
  ASSERT_TRUE(store.ClearDefault().ok());
  ASSERT_TRUE(store.ClearDefault().ok());  // nothing to clear is fine
}

// Sets or unsets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      UnsetEnv(name);
    } else {
      SetEnv(name, value);
    }
  }
  ~ScopedEnv() {
    if (old_.has_value()) {
      SetEnv(name_, *old_);
    } else {
      UnsetEnv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ProfileStoreDirectoryTest, EnvironmentChoosesTheDirectory) {
  {
    ScopedEnv profiles("MAPI_EMU_PROFILES", "/srv/profiles");
    EXPECT_EQ(*ProfileStore::DefaultDirectory(), fs::path("/srv/profiles"));
  }
  ScopedEnv profiles("MAPI_EMU_PROFILES", nullptr);
#if defined(_WIN32)
  {
    ScopedEnv appdata("APPDATA", "C:\\Users\\me\\AppData\\Roaming");
    EXPECT_EQ(*ProfileStore::DefaultDirectory(),
              fs::path("C:\\Users\\me\\AppData\\Roaming") / "mapi_emu" / "profiles");
  }
  ScopedEnv appdata("APPDATA", nullptr);
  EXPECT_EQ(ProfileStore::DefaultDirectory().status().code(),
            absl::StatusCode::kFailedPrecondition);
#else
  {
    ScopedEnv xdg("XDG_DATA_HOME", "/data/me");
    EXPECT_EQ(*ProfileStore::DefaultDirectory(), fs::path("/data/me/mapi_emu/profiles"));
  }
  ScopedEnv xdg("XDG_DATA_HOME", "relative/is/ignored");
  {
    ScopedEnv home("HOME", "/home/me");
    EXPECT_EQ(*ProfileStore::DefaultDirectory(),
              fs::path("/home/me/.local/share/mapi_emu/profiles"));
  }
  ScopedEnv home("HOME", nullptr);
  EXPECT_EQ(ProfileStore::DefaultDirectory().status().code(),
            absl::StatusCode::kFailedPrecondition);
#endif
}

}  // namespace
}  // namespace mapi_emu
