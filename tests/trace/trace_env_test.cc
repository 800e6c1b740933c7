// MAPI_EMU_TRACE=path in the environment of a program that links
// libmapi_emu: the library opens the file the first time it asks whether
// tracing is on, and the last MAPIUninitialize flushes it. The library reads
// the variable once per process, so this test has its own program.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "tests/trace/trace_scenario.h"

namespace mapi_emu::trace_test {
namespace {

TEST(TraceEnvTest, MapiEmuTraceRecordsTheProcessIntoTheFile) {
  // Set before the scenario's first MAPI call asks.
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("mapi_emu_env_trace_" + std::to_string(CurrentProcessId()) + ".jsonl");
  SetEnv("MAPI_EMU_TRACE", path.string());
  {
    Scenario scenario;  // its profile is made with tracing on: recorded too
    scenario.RunLifecycle(/*store_logoff=*/true);
  }
  UnsetEnv("MAPI_EMU_TRACE");
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  in.close();  // Windows removes no open file
  std::filesystem::remove(path);
  const std::vector<trace::Event> events = ReadEvents(text.str());
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().method, "MAPIInitialize");
  EXPECT_EQ(events.back().method, "MAPIUninitialize") << "the last MAPIUninitialize returned";
  EXPECT_THAT(text.str(), ::testing::HasSubstr("\"mode\":\"deterministic\""));
  EXPECT_THAT(Errors(CheckTrace(text.str())), ::testing::IsEmpty()) << text.str();
}

}  // namespace
}  // namespace mapi_emu::trace_test
