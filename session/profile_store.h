// ProfileStore: the profiles of one directory, one JSON file per profile
// (<name>.json), and the default profile's name in default.txt beside them
// (docs/profiles.md).
//
// The directory is $MAPI_EMU_PROFILES, else a per-user one
// ($XDG_DATA_HOME/mapi_emu/profiles or ~/.local/share/mapi_emu/profiles;
// %APPDATA%\mapi_emu\profiles on Windows). Save writes a temporary file,
// flushes it to disk and renames it over the old one, so a reader sees the
// old profile or the new one, never a mix. Methods may be called from any
// thread; when two threads save the same profile the last rename wins.
#ifndef MAPI_EMU_SESSION_PROFILE_STORE_H_
#define MAPI_EMU_SESSION_PROFILE_STORE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "session/profile.h"

namespace mapi_emu {

// The file in a profile directory that names the default profile.
inline constexpr std::string_view kDefaultProfileFile = "default.txt";

// Serialises every read-modify-write of a profile file in this process (the
// admin objects' and the sessions' section write-backs).
absl::Mutex& ProfileFileMutex();

class ProfileStore {
 public:
  // A store over `dir` (need not exist yet: Save creates it).
  explicit ProfileStore(std::filesystem::path dir);

  // The directory the environment selects (see above). kFailedPrecondition
  // when neither MAPI_EMU_PROFILES nor a home directory is set.
  static absl::StatusOr<std::filesystem::path> DefaultDirectory();

  const std::filesystem::path& dir() const { return dir_; }
  // dir/<name>.json (the name is not checked).
  std::filesystem::path PathOf(std::string_view name) const;

  // The names of the profiles, sorted; empty when the directory does not
  // exist. Files whose name is not a valid profile name are skipped.
  absl::StatusOr<std::vector<std::string>> List() const;
  bool Exists(std::string_view name) const;

  // kInvalidArgument for a bad name or a bad file (naming the file, and the
  // JSON line and column of a syntax error); kNotFound when there is no such
  // profile; the file must hold the profile of that name.
  absl::StatusOr<Profile> Load(std::string_view name) const;
  // Writes profile.name's file atomically (creating the directory).
  absl::Status Save(const Profile& profile) const;
  // Removes the profile's file, and default.txt if it named it. kNotFound
  // when there is no such profile.
  absl::Status Delete(std::string_view name) const;
  // The end of a rename whose new profile `to` has been saved: removes the
  // old profile `from` as Delete does -- unless both names are one file,
  // which they are when they differ in case only on a file system that
  // ignores case (Windows); then that file is given `to`'s spelling.
  absl::Status RemoveRenamed(std::string_view from, std::string_view to) const;

  // The default profile's name: kNotFound when none is set, or when
  // default.txt names a profile that does not exist (saying so).
  absl::StatusOr<std::string> GetDefault() const;
  // Makes an existing profile the default (kNotFound if it does not exist).
  absl::Status SetDefault(std::string_view name) const;
  // No default profile (OK if there was none).
  absl::Status ClearDefault() const;

 private:
  absl::Status WriteAtomically(const std::filesystem::path& path, std::string_view contents) const;

  std::filesystem::path dir_;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_PROFILE_STORE_H_
