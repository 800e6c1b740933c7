// FileText: the bytes of a whole file, for tests that compare what was
// written (a trace, a program's output). Header-only.
#ifndef MAPI_EMU_BASE_FILE_TEXT_H_
#define MAPI_EMU_BASE_FILE_TEXT_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mapi_emu {

// The file's bytes as they are (binary: no line-end translation on
// Windows); empty when it cannot be opened.
inline std::string FileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_FILE_TEXT_H_
