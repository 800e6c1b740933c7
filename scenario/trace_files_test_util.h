// Test helpers shared by the replay and playback tests: a temporary trace
// file, and a trace's lines split and joined again. Test code only.
#ifndef MAPI_EMU_SCENARIO_TRACE_FILES_TEST_UTIL_H_
#define MAPI_EMU_SCENARIO_TRACE_FILES_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace mapi_emu::scenario::testing

#endif  // MAPI_EMU_SCENARIO_TRACE_FILES_TEST_UTIL_H_
