#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mapi_emu/base/platform.h"
#include "mapi_emu/cli/commands.h"

namespace mapi_emu::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};
CliRun Cli(Args args) {
  args.insert(args.begin(), "mapi_emu");
  std::ostringstream out, err;
  int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(CliTest, VersionPrintsTheSdkFacts) {
  CliRun r = Cli({"version"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("CURRENT_SPI_VERSION = 0x00010010"));
  EXPECT_THAT(r.out, HasSubstr("SPropValue 24"));
  EXPECT_THAT(r.out, HasSubstr("NOTIFICATION 88"));
  EXPECT_THAT(r.out, HasSubstr("interfaces"));
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(Cli({"--version"}).out, r.out);
}

// The README's demo: the sample providers through a full lifecycle, on a
// default profile made from the MAPISVC.INF that sits beside them.
TEST(CliTest, DemoTakesTheSampleProvidersThroughTheLifecycle) {
  const std::filesystem::path providers = MAPI_EMU_PROVIDER_DIR;
#if defined(_WIN32)
  for (const char* lib : {"sample_store.dll", "sample_ab.dll", "sample_xp.dll"}) {
#else
  for (const char* lib : {"libsample_store.so", "libsample_ab.so", "libsample_xp.so"}) {
#endif
    if (!std::filesystem::exists(providers / lib)) GTEST_SKIP() << "not built: " << lib;
  }
  const std::filesystem::path root =
      std::filesystem::temp_directory_path() / "mapi_emu_cli_demo_test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "profiles");
  SetEnv("MAPI_EMU_PROFILES", (root / "profiles").string());
  SetEnv("MAPI_EMU_DATA", (root / "data").string());
  SetEnv("MAPI_EMU_MAPISVC", (providers / "mapisvc.inf").string());
  CliRun r = Cli({"demo"});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("IProfAdmin::CreateProfile(\"default\", MAPI_DEFAULT_SERVICES)"));
  EXPECT_THAT(r.out, HasSubstr("row: Sample Transport"));
  EXPECT_THAT(r.out, HasSubstr("row: Sample Message Store (default store)"));
  EXPECT_THAT(r.out, HasSubstr("IMessage::SubmitMessage(0)"));
  EXPECT_THAT(r.out, HasSubstr("the Outbox holds 1 message(s)"));
  // The spooler sent it through sample_xp: an .eml in the drop directory,
  // and the Outbox is empty.
  EXPECT_THAT(r.out, HasSubstr("IMAPIStatus::FlushQueues(FLUSH_UPLOAD) on the spooler"));
  EXPECT_THAT(r.out, HasSubstr("the recipient's drop directory holds 1 .eml file(s)"));
  EXPECT_THAT(r.out, HasSubstr("the Outbox holds 0 message(s)"));
  EXPECT_THAT(r.out, HasSubstr("every step returned as documented"));
  EXPECT_TRUE(std::filesystem::exists(root / "profiles" / "default.json"));

  // A second run finds the default profile and the data the first one kept.
  CliRun again = Cli({"demo"});
  EXPECT_EQ(again.code, kExitOk) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("the default profile is 'default'"));
  EXPECT_THAT(again.out, HasSubstr("the Outbox holds 1 message(s)"));
  EXPECT_THAT(again.out, HasSubstr("the recipient's drop directory holds 2 .eml file(s)"));

  UnsetEnv("MAPI_EMU_PROFILES");
  UnsetEnv("MAPI_EMU_DATA");
  UnsetEnv("MAPI_EMU_MAPISVC");
  std::filesystem::remove_all(root);
}

TEST(CliTest, DocsRulesIsWhatTheRulesCommandPrints) {
  CliRun r = Cli({"rules"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("| `store.slt-once` | error | a store calls "
                               "IMAPISupport::StoreLogoffTransports exactly once per logon"));
  std::ifstream file(MAPI_EMU_SOURCE_DIR "/docs/rules.md");
  ASSERT_TRUE(file) << "docs/rules.md is missing";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), r.out) << "regenerate: mapi_emu rules > docs/rules.md";
}

TEST(CliTest, BadUsageIsExitTwoWithAMessage) {
  CliRun none = Cli({});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_THAT(none.err, HasSubstr("usage: mapi_emu"));

  CliRun unknown = Cli({"frobnicate"});
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_THAT(unknown.err, HasSubstr("unknown command 'frobnicate'"));

  CliRun extra = Cli({"version", "--bogus"});
  EXPECT_EQ(extra.code, kExitUsage);
  EXPECT_THAT(extra.err, HasSubstr("takes no arguments"));
}

TEST(CliTest, HelpListsTheCommandsAndExitCodes) {
  CliRun r = Cli({"help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("version"));
  EXPECT_THAT(r.out, HasSubstr("demo"));
  EXPECT_THAT(r.out, HasSubstr("exit codes: 0 success, 1 the run found a failure, 2 bad usage"));
}

}  // namespace
}  // namespace mapi_emu::cli
