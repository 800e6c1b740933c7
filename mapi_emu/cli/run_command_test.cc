// `mapi_emu run` through RunCli, in this process, on the reference providers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "mapi_emu/cli/commands.h"
#include "trace/reader.h"

namespace mapi_emu::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct RunResult {
  int code;
  std::string out;
  std::string err;
};

RunResult RunVerb(Args args) {
  args.insert(args.begin(), {"mapi_emu", "run"});
  std::ostringstream out, err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

fs::path TempPath(const std::string& stem) {
  std::random_device rd;
  return fs::temp_directory_path() / (stem + "_" + std::to_string(rd()));
}

bool ProvidersBuilt() {
#if defined(_WIN32)
  for (const char* lib : {"sample_store.dll", "sample_ab.dll", "sample_xp.dll"}) {
#else
  for (const char* lib : {"libsample_store.so", "libsample_ab.so", "libsample_xp.so"}) {
#endif
    if (!fs::exists(fs::path(MAPI_EMU_PROVIDER_DIR) / lib)) return false;
  }
  return true;
}

constexpr char kOrderly[] = MAPI_EMU_SOURCE_DIR "/configs/scenarios/storelogoff-orderly.json";

TEST(RunCommandTest, PrintsOneLinePerStepAndASummary) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  RunResult r = RunVerb({kOrderly, "--providers", MAPI_EMU_PROVIDER_DIR});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_THAT(r.out, StartsWith("scenario storelogoff-orderly: "));
  EXPECT_THAT(r.out, HasSubstr("  1. MAPIInitialize "));
  EXPECT_THAT(r.out, HasSubstr("  5. st1: StoreLogoff(LOGOFF_ORDERLY)"));
  EXPECT_THAT(r.out, HasSubstr("flags out LOGOFF_OUTBOUND_QUEUE"));
  EXPECT_THAT(r.out, HasSubstr("scenario storelogoff-orderly: 12 steps, all as expected\n"));
}

TEST(RunCommandTest, QuietPrintsOnlyTheSummary) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  RunResult r = RunVerb({"--quiet", kOrderly, "--providers", MAPI_EMU_PROVIDER_DIR});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "scenario storelogoff-orderly: 12 steps, all as expected\n");
}

TEST(RunCommandTest, TraceWritesAReadableTrace) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  const fs::path trace = TempPath("run_command_test") += ".jsonl";
  RunResult r =
      RunVerb({kOrderly, "--trace", trace.string(), "--providers", MAPI_EMU_PROVIDER_DIR});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("trace written to " + trace.string()));
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader =
      trace::TraceReader::Open(trace.string());
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->header().mode, trace::Mode::kDeterministic);
  while (true) {
    absl::StatusOr<std::optional<trace::Event>> event = (*reader)->Next();
    ASSERT_TRUE(event.ok()) << event.status();
    if (!event->has_value()) break;
  }
  reader->reset();  // closed first: Windows removes no open file
  fs::remove(trace);
}

TEST(RunCommandTest, AnExpectMismatchIsExitOne) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  const fs::path file = TempPath("run_command_test") += ".json";
  std::ofstream(file) << "{\"scenario\": 1, \"name\": \"m\", \"profile\": \"default\",\n"
                         " \"steps\": [\n"
                         "  {\"do\": \"MAPIInitialize\"},\n"
                         "  {\"do\": \"LibraryLoaded\", \"library\": \"sample_xp\",\n"
                         "   \"loaded\": true}\n"
                         " ]}\n";
  RunResult r = RunVerb({file.string(), "--providers", MAPI_EMU_PROVIDER_DIR});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_EQ(r.err, file.string() +
                       ":4: step 2 (LibraryLoaded): expected sample_xp loaded, it "
                       "is not loaded\n");
  fs::remove(file);
}

TEST(RunCommandTest, ABadScenarioIsExitTwoWithFileAndLine) {
  const fs::path file = TempPath("run_command_test") += ".json";
  std::ofstream(file) << "{\"scenario\": 1, \"name\": \"b\", \"profile\": \"default\",\n"
                         " \"steps\": [\n"
                         "  {\"do\": \"StoreLogoff\", \"store\": \"st\"}\n"
                         " ]}\n";
  RunResult r = RunVerb({file.string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err, file.string() +
                       ":3: step 1 (StoreLogoff): unknown name \"st\" (no earlier "
                       "step made it with \"as\")\n");
  EXPECT_EQ(r.out, "");
  fs::remove(file);
}

TEST(RunCommandTest, BadUsageIsExitTwo) {
  EXPECT_EQ(RunVerb({}).code, kExitUsage);
  EXPECT_EQ(RunVerb({"a.json", "b.json"}).code, kExitUsage);
  EXPECT_EQ(RunVerb({"a.json", "--trace"}).code, kExitUsage);
  RunResult r = RunVerb({"--frobnicate", "a.json"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("usage: mapi_emu run SCENARIO.json"));
  RunResult missing = RunVerb({"/nonexistent/a.json"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_EQ(missing.err, "/nonexistent/a.json: cannot open the scenario file\n");
}

}  // namespace
}  // namespace mapi_emu::cli
