// Resolves a provider or service library name from a profile
// (PR_PROVIDER_DLL_NAME, PR_SERVICE_DLL_NAME) to an absolute path: rulings 7
// and 29, design.md §2.7. Never the current directory, never a search path
// the user did not name. Stateless apart from the file-system look-ups.
//
// The rule, in order:
//   1. an absolute path is taken as it is (it must exist);
//   2. a name with a directory part is relative to the profile file's
//      directory;
//   3. a bare name is looked for in each of the profile's library
//      directories, in order (relative ones are relative to the profile file's
//      directory). On Linux "foo.dll", "FOO32.DLL", "foo32" and "foo" all try
//      libfoo.so, foo.so, libfoo32.so, foo32.so (the SDK's names carry a "32"
//      MAPI adds on Windows; a Linux build is free to have either); on Windows
//      foo32.dll then foo.dll. The first existing file wins.
#ifndef MAPI_EMU_SESSION_LIBRARY_RESOLVER_H_
#define MAPI_EMU_SESSION_LIBRARY_RESOLVER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mapi_emu {

struct LibrarySearch {
  std::filesystem::path profile_dir;                 // absolute
  std::vector<std::filesystem::path> library_dirs;   // as the profile names them
};

// The file names a bare library name may have on this platform, in the order
// they are tried ("foo32.dll" -> libfoo.so, foo.so, libfoo32.so, foo32.so).
std::vector<std::string> CandidateFileNames(std::string_view name);

// kNotFound naming every path tried when nothing exists; kInvalidArgument for
// an empty name.
absl::StatusOr<std::filesystem::path> ResolveLibrary(std::string_view name,
                                                     const LibrarySearch& search);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_LIBRARY_RESOLVER_H_
