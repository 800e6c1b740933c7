#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "mapi_emu/cli/cli_test_util.h"
#include "mapi_emu/cli/commands.h"
#include "nlohmann/json.hpp"

namespace mapi_emu::cli {
namespace {

using cli_testing::TraceData;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

struct CheckRun {
  int code;
  std::string out;
  std::string err;
};
CheckRun Check(Args args) {
  args.insert(args.begin(), {"mapi_emu", "check"});
  std::ostringstream out, err;
  int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(CheckCommandTest, ACleanTraceExitsZero) {
  CheckRun r = Check({TraceData("store_logoff_orderly.jsonl")});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_EQ(r.out, "checked 1 of 1 trace(s), 78 event(s): 0 error(s), 0 warning(s)\n");
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(CheckCommandTest, AViolationIsOneBlockWithFileLineRuleAndPage) {
  const std::string file = TraceData("store_release_slt_orderly.jsonl");
  CheckRun r = Check({file});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("error [store.slt-abort-on-release] " + file +
                               ":41 MsgStore#1\n"
                               "  event: IMAPISupport::StoreLogoffTransports (call)\n"
                               "  what happened: no StoreLogoff came first, yet the store passed "
                               "LOGOFF_ORDERLY\n"
                               "  rule: a store released without StoreLogoff passes LOGOFF_ABORT "
                               "to StoreLogoffTransports\n"
                               "  page: shutting-down-a-message-store-provider.md, "
                               "imsgstore-storelogoff.md\n"));
  EXPECT_THAT(r.out, HasSubstr("checked 1 of 1 trace(s), 74 event(s): 1 error(s), 0 warning(s)\n"));
  // The line named is the event's line in the file.
  std::ifstream in(file);
  std::string line;
  for (int n = 1; n <= 41; ++n) std::getline(in, line);
  EXPECT_THAT(line, HasSubstr("\"method\":\"StoreLogoffTransports\""));
}

TEST(CheckCommandTest, WarningsAloneExitZeroUnlessStrict) {
  CheckRun r = Check({TraceData("shutdown_fails_warning.jsonl")});
  EXPECT_EQ(r.code, kExitOk) << r.out;
  EXPECT_THAT(r.out, HasSubstr("warning [shutdown.succeeds]"));
  EXPECT_THAT(r.out, HasSubstr("0 error(s), 1 warning(s)"));
  EXPECT_EQ(Check({"--strict", TraceData("shutdown_fails_warning.jsonl")}).code, kExitFailure);
}

TEST(CheckCommandTest, JsonIsOneDocumentWithFindingsAndCounts) {
  CheckRun r = Check({"--json", TraceData("store_release_slt_orderly.jsonl"),
                      TraceData("store_logoff_orderly.jsonl")});
  EXPECT_EQ(r.code, kExitFailure);
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["counts"]["traces"], 2);
  EXPECT_EQ(doc["counts"]["events"], 74 + 78);
  EXPECT_EQ(doc["counts"]["errors"], 1);
  EXPECT_EQ(doc["counts"]["warnings"], 0);
  ASSERT_EQ(doc["findings"].size(), 1u);
  const nlohmann::json& f = doc["findings"][0];
  EXPECT_EQ(f["rule"], "store.slt-abort-on-release");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["line"], 41);
  EXPECT_EQ(f["seq"], 40);
  EXPECT_EQ(f["object"], "MsgStore#1");
  EXPECT_THAT(f["page"].get<std::string>(), HasSubstr("shutting-down-a-message-store-provider.md"));
}

TEST(CheckCommandTest, UnreadableInputExitsTwoNamingFileAndLine) {
  const std::string truncated = TraceData("truncated.jsonl");
  CheckRun r = Check({truncated});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr(truncated + ":79: truncated last line"));

  CheckRun missing = Check({"/no/such/trace.jsonl"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_THAT(missing.err, HasSubstr("/no/such/trace.jsonl: cannot open the file"));

  // A gap: the file without its line 10.
  const std::filesystem::path gap =
      std::filesystem::temp_directory_path() / "mapi_emu_check_gap.jsonl";
  {
    std::ifstream in(TraceData("store_logoff_orderly.jsonl"));
    std::ofstream out(gap);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (n != 10) out << line << "\n";
    }
  }
  CheckRun g = Check({gap.string()});
  EXPECT_EQ(g.code, kExitUsage);
  EXPECT_THAT(g.err, HasSubstr(gap.string() + ":10: sequence gap: expected seq 9, found 10"));
  std::filesystem::remove(gap);
}

TEST(CheckCommandTest, DashReadsStandardInput) {
  std::ifstream file(TraceData("store_release_slt_orderly.jsonl"));
  std::streambuf* saved = std::cin.rdbuf(file.rdbuf());
  CheckRun r = Check({"-"});
  std::cin.rdbuf(saved);
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_THAT(r.out, HasSubstr("[store.slt-abort-on-release] <stdin>:41"));
}

TEST(CheckCommandTest, Usage) {
  CheckRun none = Check({});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_THAT(none.err, HasSubstr("usage: mapi_emu check"));
  CheckRun bad = Check({"--fast", TraceData("store_logoff_orderly.jsonl")});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_THAT(bad.err, HasSubstr("unknown option '--fast'"));
}

}  // namespace
}  // namespace mapi_emu::cli
