// Test helpers shared by the replay and playback tests: a temporary trace
// file, a trace's lines split and joined again, and a script run to record
// one. Test code only.
#ifndef MAPI_EMU_SCENARIO_TRACE_FILES_TEST_UTIL_H_
#define MAPI_EMU_SCENARIO_TRACE_FILES_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

namespace mapi_emu::scenario::testing {

// A file in the temporary directory, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& stem = "replay_test") {
    std::random_device rd;
    path_ = (std::filesystem::temp_directory_path() /
             (stem + "_" + std::to_string(rd()) + "_" + std::to_string(rd()) + ".jsonl"))
                .string();
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  std::string Read() const {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void Write(const std::string& text) const { std::ofstream(path_, std::ios::binary) << text; }

 private:
  std::string path_;
};

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Runs `script` (a scenario's JSON text, called `file` in messages) against
// the provider libraries in `providers_dir`, quietly, recording a
// deterministic trace into `trace_path` unless it is empty. A test failure
// when the run is not all as expected.
inline void RunScript(const char* script, const std::string& file,
                      const std::string& providers_dir, const std::string& trace_path) {
  absl::StatusOr<Scenario> scenario = ParseScenario(script, file);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  RunOptions options;
  options.providers_dir = providers_dir;
  options.trace_path = trace_path;
  options.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(RunScenario(*scenario, options, out, err), kRunOk) << out.str() << err.str();
}

}  // namespace mapi_emu::scenario::testing

#endif  // MAPI_EMU_SCENARIO_TRACE_FILES_TEST_UTIL_H_
