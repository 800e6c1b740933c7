#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

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

TEST(CliTest, DemoRunsTheAllocatorsAndSucceeds) {
  CliRun r = Cli({"demo"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("MAPIAllocateMore(\"Sample Store\""));
  EXPECT_THAT(r.out, HasSubstr("MAPIFreeBuffer(root), which frees both               -> S_OK"));
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
