#include "session/library_resolver.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/base/shared_library.h"

namespace mapi_emu {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsFile(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

}  // namespace

std::vector<std::string> CandidateFileNames(std::string_view name) {
  // Strip a Windows or Linux library suffix, keeping the stem's case.
  std::string stem(name);
  const std::string lower = Lower(name);
  for (std::string_view ext : {".dll", ".so"}) {
    if (EndsWith(lower, ext)) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  }
  if (stem.rfind("lib", 0) == 0 && stem.size() > 3 && EndsWith(lower, ".so")) {
    stem = stem.substr(3);
  }
  std::string base = stem;
  if (EndsWith(base, "32")) base.resize(base.size() - 2);
  std::vector<std::string> out;
  auto add = [&out](std::string n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  };
#if defined(_WIN32)
  add(base + "32.dll");
  add(base + ".dll");
#else
  // Windows file names are case-insensitive and Linux ones are not: a
  // profile written for Windows says "SAMPLE_STORE.DLL"; try the stem as
  // written and in lower case.
  for (const std::string& b : {base, Lower(base)}) {
    add("lib" + b + ".so");
    add(b + ".so");
    add("lib" + b + "32.so");
    add(b + "32.so");
  }
#endif
  return out;
}

absl::StatusOr<std::filesystem::path> ResolveLibrary(std::string_view name,
                                                     const LibrarySearch& search) {
  if (name.empty()) {
    return absl::InvalidArgumentError("empty library name in the profile");
  }
  const std::filesystem::path as_path{std::string(name)};
  if (as_path.is_absolute()) {
    if (IsFile(as_path)) return as_path.lexically_normal();
    return absl::NotFoundError(
        absl::StrCat("library '", std::string(name), "' does not exist"));
  }
  if (as_path.has_parent_path()) {
    std::filesystem::path p = (search.profile_dir / as_path).lexically_normal();
    if (IsFile(p)) return p;
    return absl::NotFoundError(absl::StrCat("library '", std::string(name), "' not found at ",
                                            PathText(p),
                                            " (relative to the profile's directory)"));
  }
  std::vector<std::string> tried;
  for (const std::filesystem::path& dir : search.library_dirs) {
    const std::filesystem::path base =
        dir.is_absolute() ? dir : search.profile_dir / dir;
    for (const std::string& file : CandidateFileNames(name)) {
      std::filesystem::path p = (base / file).lexically_normal();
      if (IsFile(p)) return p;
      tried.push_back(PathText(p));
    }
  }
  if (tried.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "library '", std::string(name),
        "': the profile names no library directories to look in (\"library_dirs\")"));
  }
  return absl::NotFoundError(absl::StrCat("library '", std::string(name),
                                          "' not found; tried ", absl::StrJoin(tried, ", ")));
}

}  // namespace mapi_emu
