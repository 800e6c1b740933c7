#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "mapi_emu/cli/cli_test_util.h"
#include "mapi_emu/cli/commands.h"

namespace mapi_emu::cli {
namespace {

using cli_testing::TraceData;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

struct ExplainRun {
  int code;
  std::string out;
  std::string err;
};
ExplainRun Explain(Args args) {
  args.insert(args.begin(), {"mapi_emu", "explain"});
  std::ostringstream out, err;
  int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(ExplainCommandTest, TellsACleanTrace) {
  const std::string file = TraceData("store_logoff_orderly.jsonl");
  ExplainRun r = Explain({file});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, StartsWith("Explaining " + file + "\n\n1. The client calls MAPIInitialize"));
  EXPECT_THAT(r.out, HasSubstr("19. The client calls IMsgStore::StoreLogoff on MsgStore#1 "
                               "(LOGOFF_ORDERLY).\n"));
  EXPECT_THAT(r.out, HasSubstr("Findings: none; the trace keeps every rule the checker knows.\n"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(ExplainCommandTest, FindingsAreToldAndStillExitZero) {
  ExplainRun r = Explain({TraceData("store_release_slt_orderly.jsonl")});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out,
              HasSubstr("⚠ this breaks rule store.slt-abort-on-release: a store released "
                        "without StoreLogoff passes LOGOFF_ABORT to StoreLogoffTransports."));
  EXPECT_THAT(r.out, HasSubstr("Findings: 1 error(s), 0 warning(s)"));
}

TEST(ExplainCommandTest, DashReadsStandardInput) {
  std::ifstream file(TraceData("shutdown_fails_warning.jsonl"));
  std::streambuf* saved = std::cin.rdbuf(file.rdbuf());
  ExplainRun r = Explain({"-"});
  std::cin.rdbuf(saved);
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, StartsWith("Explaining <stdin>\n"));
  EXPECT_THAT(r.out, HasSubstr("⚠ this breaks rule shutdown.succeeds"));
}

TEST(ExplainCommandTest, UnreadableTraceExitsTwoNamingFileAndLine) {
  const std::string truncated = TraceData("truncated.jsonl");
  ExplainRun r = Explain({truncated});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr(truncated + ":79: truncated last line"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(ExplainCommandTest, AScenarioIsRunThenItsTraceIsTold) {
  const std::string scenario = MAPI_EMU_SOURCE_DIR "/configs/scenarios/storelogoff-orderly.json";
  ExplainRun r = Explain({scenario, "--providers", MAPI_EMU_PROVIDER_DIR});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, StartsWith("Explaining " + scenario + "\n"));
  EXPECT_THAT(r.out, HasSubstr("The client calls IMsgStore::StoreLogoff on MsgStore#1 "
                               "(LOGOFF_ORDERLY)."));
  EXPECT_THAT(r.out, HasSubstr("IMAPISupport::StoreLogoffTransports"));
  EXPECT_THAT(r.out, HasSubstr("Findings: none"));
  EXPECT_THAT(r.out, Not(HasSubstr("scenario storelogoff-orderly:")))
      << "the run's own lines are not part of the story";
}

TEST(ExplainCommandTest, ABadScenarioExitsTwoNamingFileAndLine) {
  const std::filesystem::path bad =
      std::filesystem::temp_directory_path() / "mapi_emu_explain_bad_scenario.json";
  std::ofstream(bad) << "{\n"
                         "  \"scenario\": 1, \"name\": \"bad\", \"profile\": \"default\",\n"
                         "  \"steps\": [ {\"do\": \"Fly\"} ]\n"
                         "}\n";
  ExplainRun r = Explain({bad.string()});
  std::filesystem::remove(bad);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr(bad.string() + ":3:"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(ExplainCommandTest, Usage) {
  ExplainRun none = Explain({});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_THAT(none.err, HasSubstr("usage: mapi_emu explain TRACE"));
  EXPECT_EQ(Explain({TraceData("a.jsonl"), TraceData("b.jsonl")}).code, kExitUsage);
  ExplainRun option = Explain({"--verbose"});
  EXPECT_EQ(option.code, kExitUsage);
  EXPECT_THAT(option.err, HasSubstr("unknown option '--verbose'"));
}

}  // namespace
}  // namespace mapi_emu::cli
