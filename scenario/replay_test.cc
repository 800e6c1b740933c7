// Re-driving traces (replay.h) against the reference providers: a recorded
// run replays to the same bytes; a changed trace is reported at its first
// divergence; traces that cannot be re-driven say why, naming file and line.
#include "scenario/replay.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "scenario/trace_files_test_util.h"

namespace mapi_emu::scenario {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kReplayedScript[] = R"({"scenario": 1, "name": "replayed", "profile": "default",
 "steps": [
  {"do": "MAPIInitialize"},
  {"do": "MAPILogonEx", "flags": ["MAPI_EXTENDED", "MAPI_NEW_SESSION"], "as": "s1"},
  {"do": "OpenMsgStore", "session": "s1", "as": "st1"},
  {"do": "StoreLogoff", "store": "st1", "flags": ["LOGOFF_ORDERLY"]},
  {"do": "Release", "object": "st1"},
  {"do": "Logoff", "session": "s1"},
  {"do": "Release", "object": "s1"},
  {"do": "MAPIUninitialize"}
 ]})";

using testing::Join;
using testing::Lines;
using testing::RunScript;
using testing::TempFile;

class ReplayTest : public ::testing::Test {
 protected:
  // Runs kReplayedScript with a trace into `recorded_`.
  void Record() {
    RunScript(kReplayedScript, "replayed.json", MAPI_EMU_PROVIDER_DIR, recorded_.path());
  }

  int Replay(const std::string& path) {
    ReplayOptions options;
    options.providers_dir = MAPI_EMU_PROVIDER_DIR;
    return RedriveTrace(path, options, out_, err_);
  }

  TempFile recorded_;
  std::ostringstream out_, err_;
};

TEST_F(ReplayTest, TheTraceCarriesItsScriptAndReplaysToTheSameBytes) {
  Record();
  const std::string text = recorded_.Read();
  EXPECT_THAT(text, HasSubstr(R"("what":"client.scenario","scenario":{"name":"replayed")"));
  EXPECT_THAT(text, HasSubstr(R"("what":"client.step","n":4,"step":{"do":"StoreLogoff")"));
  absl::StatusOr<Scenario> script = ClientScriptOf(recorded_.path());
  ASSERT_TRUE(script.ok()) << script.status();
  EXPECT_EQ(script->name, "replayed");
  EXPECT_TRUE(script->default_profile);
  ASSERT_EQ(script->steps.size(), 8u);
  EXPECT_EQ(script->steps[3].what, "StoreLogoff");
  EXPECT_EQ(script->steps[3].flag_names, std::vector<std::string>{"LOGOFF_ORDERLY"});

  TempFile fresh;
  ReplayOptions options;
  options.providers_dir = MAPI_EMU_PROVIDER_DIR;
  options.trace_path = fresh.path();
  EXPECT_EQ(RedriveTrace(recorded_.path(), options, out_, err_), kReplaySame)
      << out_.str() << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("scenario replayed, 8 steps, re-driven against the providers"));
  EXPECT_THAT(out_.str(), HasSubstr(" events, identical to the recorded trace"));
  EXPECT_EQ(fresh.Read(), text) << "the kept trace is byte for byte the recorded one";
  EXPECT_EQ(err_.str(), "");
}

TEST_F(ReplayTest, AChangedResultIsTheFirstDivergenceWithItsContext) {
  Record();
  std::vector<std::string> lines = Lines(recorded_.Read());
  // The recorded store answered the client's StoreLogoff with a failure.
  size_t changed = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(R"("ev":"return","side":"client>mapi","iface":"IMsgStore","method":"StoreLogoff")") !=
        std::string::npos) {
      const std::string ok = R"("result":"S_OK")";
      const size_t at = lines[i].find(ok);
      ASSERT_NE(at, std::string::npos) << lines[i];
      lines[i].replace(at, ok.size(), R"("result":"MAPI_E_CALL_FAILED")");
      changed = i;
      break;
    }
  }
  ASSERT_NE(changed, 0u);
  TempFile edited;
  edited.Write(Join(lines));
  EXPECT_EQ(Replay(edited.path()), kReplayDiverged) << out_.str() << err_.str();
  const std::string report = out_.str();
  EXPECT_THAT(report, HasSubstr("re-driven: the new trace differs from the recorded one"));
  EXPECT_THAT(report, HasSubstr("first divergence at line " + std::to_string(changed + 1)));
  EXPECT_THAT(report, HasSubstr("- " + edited.path() + ": " + lines[changed]));
  EXPECT_THAT(report, HasSubstr("+ re-driven: "));
  EXPECT_THAT(report, HasSubstr(lines[changed - 1])) << "the line before, as context";
}

TEST_F(ReplayTest, ATraceWithoutAClientScriptCannotBeRedriven) {
  TempFile bare;
  bare.Write(
      "{\"schema\":\"mapi_emu-trace\",\"version\":1,\"producer\":\"a program\","
      "\"mode\":\"deterministic\"}\n"
      "{\"seq\":1,\"thread\":\"client\",\"ev\":\"call\",\"side\":\"client>mapi\","
      "\"method\":\"MAPIInitialize\",\"args\":{\"init\":null}}\n");
  EXPECT_EQ(Replay(bare.path()), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr(bare.path() + ": the trace carries no client script"));
  EXPECT_EQ(out_.str(), "") << "nothing ran";
}

TEST_F(ReplayTest, ALineCutShortIsAnErrorNamingTheLine) {
  Record();
  std::string text = recorded_.Read();
  text.resize(text.size() / 2);  // stops inside a line
  TempFile cut;
  cut.Write(text);
  EXPECT_EQ(Replay(cut.path()), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr(cut.path() + ":" + std::to_string(Lines(text).size()) + ": "));
}

TEST_F(ReplayTest, StepsOutOfOrderAreAnErrorNamingTheLine) {
  Record();
  std::vector<std::string> lines = Lines(recorded_.Read());
  int line = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string third = R"("what":"client.step","n":3,)";
    const size_t at = lines[i].find(third);
    if (at != std::string::npos) {
      lines[i].replace(at, third.size(), R"("what":"client.step","n":5,)");
      line = static_cast<int>(i) + 1;
      break;
    }
  }
  ASSERT_NE(line, 0);
  TempFile edited;
  edited.Write(Join(lines));
  EXPECT_EQ(Replay(edited.path()), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr(edited.path() + ":" + std::to_string(line) +
                                    ": the \"client.step\" note should be step 3, it says 5"));
}

TEST_F(ReplayTest, AMissingFileIsUnusable) {
  EXPECT_EQ(Replay("/nonexistent/dir/trace.jsonl"), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr("/nonexistent/dir/trace.jsonl"));
}

}  // namespace
}  // namespace mapi_emu::scenario
