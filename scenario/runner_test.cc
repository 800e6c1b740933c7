// The runner against the reference providers (sample_store, sample_ab,
// sample_xp). The shipped scenarios run in their own `mapi_emu run`
// process each, as a user runs them: fast-shutdown.json ends MAPI for the
// process that runs it.
#include "scenario/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "mapi_emu/base/platform.h"
#include "scenario/scenario.h"

namespace mapi_emu::scenario {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct ProgramRun {
  int code = -1;
  std::string out;
  std::string err;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path TempPath(const std::string& stem) {
  std::random_device rd;
  return fs::temp_directory_path() / (stem + "_" + std::to_string(rd()));
}

// Runs the mapi_emu program with `args`; its output goes through files, so
// neither stream can fill a pipe and stall it.
ProgramRun RunProgram(const std::vector<std::string>& args) {
  const fs::path out_file = TempPath("scenario_test_out");
  const fs::path err_file = TempPath("scenario_test_err");
  std::vector<std::string> argv = {MAPI_EMU_PROGRAM};
  argv.insert(argv.end(), args.begin(), args.end());
  ProgramRun run;
  absl::StatusOr<int> code = mapi_emu::RunProgram(argv, out_file, err_file);
  run.code = code.ok() ? *code : -1;
  run.out = ReadAll(out_file);
  run.err = ReadAll(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return run;
}

ProgramRun RunFile(const std::string& file) {
  return RunProgram({"run", file, "--providers", MAPI_EMU_PROVIDER_DIR});
}

std::vector<std::string> ShippedScenarios() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(MAPI_EMU_SOURCE_DIR "/configs/scenarios")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool ProvidersBuilt() {
  for (const char* lib : {"sample_store", "sample_ab", "sample_xp"}) {
#if defined(_WIN32)
    const std::string file = std::string(lib) + ".dll";
#else
    const std::string file = "lib" + std::string(lib) + ".so";
#endif
    if (!fs::exists(fs::path(MAPI_EMU_PROVIDER_DIR) / file)) return false;
  }
  return true;
}

class ScenarioRunShippedTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioRunShippedTest, RunsToExitZero) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  ProgramRun run = RunFile(GetParam());
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("all as expected")) << run.out << run.err;
  EXPECT_EQ(run.out.find("<- FAILED"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Configs, ScenarioRunShippedTest, ::testing::ValuesIn(ShippedScenarios()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = fs::path(param.param).stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ScenarioRunTest, TheSameScenarioTwicePrintsTheSame) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  const std::string file = MAPI_EMU_SOURCE_DIR "/configs/scenarios/two-sessions.json";
  ProgramRun first = RunFile(file);
  ProgramRun second = RunFile(file);
  EXPECT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_EQ(first.out, second.out);
}

// A scenario file in a temporary directory, removed at the end.
class TempScenario {
 public:
  explicit TempScenario(const std::string& text)
      : path_(TempPath("scenario_test").string() + ".json") {
    std::ofstream(path_) << text;
  }
  ~TempScenario() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

constexpr char kMismatch[] =
    "{\"scenario\": 1, \"name\": \"mismatch\", \"profile\": \"default\",\n"
    " \"steps\": [\n"
    "  {\"do\": \"MAPIInitialize\"},\n"
    "  {\"do\": \"MAPILogonEx\", \"flags\": [\"MAPI_EXTENDED\", \"MAPI_NEW_SESSION\"],\n"
    "   \"as\": \"s1\"},\n"
    "  {\"do\": \"OpenMsgStore\", \"session\": \"s1\", \"as\": \"st1\"},\n"
    "  {\"do\": \"StoreLogoff\", \"store\": \"st1\", \"flags\": [\"LOGOFF_ORDERLY\"],\n"
    "   \"expect\": \"MAPI_E_NO_SUPPORT\"},\n"
    "  {\"do\": \"Release\", \"object\": \"st1\"}\n"
    " ]}\n";

TEST(ScenarioRunTest, AnExpectMismatchIsExitOneNamingFileAndLine) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  TempScenario file(kMismatch);
  absl::StatusOr<Scenario> scenario = LoadScenario(file.path());
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  std::ostringstream out, err;
  RunOptions options;
  options.providers_dir = MAPI_EMU_PROVIDER_DIR;
  EXPECT_EQ(RunScenario(*scenario, options, out, err), kRunFailed) << out.str() << err.str();
  EXPECT_EQ(err.str(),
            file.path() + ":7: step 4 (StoreLogoff): expected MAPI_E_NO_SUPPORT, got S_OK\n");
  EXPECT_THAT(out.str(), HasSubstr("st1: StoreLogoff(LOGOFF_ORDERLY)"));
  EXPECT_THAT(out.str(), HasSubstr("<- FAILED"));
  // The run stopped there and cleaned up after the scenario, newest first.
  EXPECT_THAT(out.str(), HasSubstr("clean-up: released st1, s1; MAPIUninitialize x1"));
  EXPECT_THAT(out.str(), HasSubstr("scenario mismatch: FAILED at step 4 of 5 (StoreLogoff)"));
  EXPECT_EQ(out.str().find("st1: Release"), std::string::npos);
}

TEST(ScenarioRunTest, TheProgramSaysTheSame) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  TempScenario file(kMismatch);
  ProgramRun run = RunFile(file.path());
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.err, HasSubstr(file.path() + ":7: step 4 (StoreLogoff): expected "
                                               "MAPI_E_NO_SUPPORT, got S_OK"));
}

TEST(ScenarioRunTest, ABadScenarioIsExitTwoAndRunsNothing) {
  TempScenario file(
      "{\"scenario\": 1, \"name\": \"bad\", \"profile\": \"default\",\n"
      " \"steps\": [{\"do\": \"Logoff\", \"session\": \"nobody\"}]}\n");
  ProgramRun run = RunFile(file.path());
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, file.path() +
                         ":2: step 1 (Logoff): unknown name \"nobody\" (no earlier "
                         "step made it with \"as\")\n");
  EXPECT_EQ(run.out, "");
}

TEST(ScenarioRunTest, ProvidersWithoutMapiSvcInfIsExitTwo) {
  TempScenario file(kMismatch);
  absl::StatusOr<Scenario> scenario = LoadScenario(file.path());
  ASSERT_TRUE(scenario.ok());
  std::ostringstream out, err;
  RunOptions options;
  options.providers_dir = "/nonexistent";
  EXPECT_EQ(RunScenario(*scenario, options, out, err), kRunUnusable);
  EXPECT_EQ(err.str(), "mapi_emu run: --providers /nonexistent: no mapisvc.inf there\n");
}

TEST(ScenarioRunTest, TheEnvironmentIsRestoredAndTheDirectoryRemoved) {
  if (!ProvidersBuilt()) GTEST_SKIP() << "the sample providers are not built";
  // A private TMPDIR, so that what the run leaves there is its own.
  const fs::path tmp = TempPath("scenario_test_tmp");
  fs::create_directories(tmp);
  const char* old_tmp = getenv("TMPDIR");
  const std::string saved_tmp = old_tmp != nullptr ? old_tmp : "";
  SetEnv("TMPDIR", tmp.string());
  SetEnv("MAPI_EMU_PROFILES", "/before");
  UnsetEnv("MAPI_EMU_DATA");
  absl::StatusOr<Scenario> scenario =
      LoadScenario(MAPI_EMU_SOURCE_DIR "/configs/scenarios/storelogoff-orderly.json");
  ASSERT_TRUE(scenario.ok());
  std::ostringstream out, err;
  RunOptions options;
  options.providers_dir = MAPI_EMU_PROVIDER_DIR;
  EXPECT_EQ(RunScenario(*scenario, options, out, err), kRunOk) << out.str() << err.str();
  EXPECT_STREQ(getenv("MAPI_EMU_PROFILES"), "/before");
  EXPECT_EQ(getenv("MAPI_EMU_DATA"), nullptr);
  EXPECT_TRUE(fs::is_empty(tmp)) << "the run left files in " << tmp;
  if (saved_tmp.empty()) {
    UnsetEnv("TMPDIR");
  } else {
    SetEnv("TMPDIR", saved_tmp);
  }
  UnsetEnv("MAPI_EMU_PROFILES");
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace mapi_emu::scenario
