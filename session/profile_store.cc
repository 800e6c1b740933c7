#include "session/profile_store.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/base/status_macros.h"
#include "session/absl_view.h"
#include "session/mapi_uid.h"
#include "session/uid_registry.h"

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace mapi_emu {

absl::Mutex& ProfileFileMutex() {
  static absl::Mutex* mu = new absl::Mutex;
  return *mu;
}
namespace {

namespace fs = std::filesystem;

std::string ErrnoText(int error) { return std::strerror(error); }

#if defined(_WIN32)
absl::Status WriteAndSync(const fs::path& path, std::string_view contents) {
  const int fd =
      _wopen(path.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot create '", PathText(path), "': ", ErrnoText(errno)));
  }
  size_t done = 0;
  while (done < contents.size()) {
    const int n = _write(fd, contents.data() + done, static_cast<unsigned>(contents.size() - done));
    if (n <= 0) {
      const int error = errno;
      _close(fd);
      return absl::InternalError(
          absl::StrCat("cannot write '", PathText(path), "': ", ErrnoText(error)));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = _commit(fd) == 0;
  const int error = errno;
  _close(fd);
  if (!synced) {
    return absl::InternalError(
        absl::StrCat("cannot flush '", PathText(path), "': ", ErrnoText(error)));
  }
  return absl::OkStatus();
}

void SyncDirectory(const fs::path&) {}  // NTFS renames are journaled
#else
absl::Status WriteAndSync(const fs::path& path, std::string_view contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot create '", PathText(path), "': ", ErrnoText(errno)));
  }
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      return absl::InternalError(
          absl::StrCat("cannot write '", PathText(path), "': ", ErrnoText(error)));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) {
    return absl::InternalError(
        absl::StrCat("cannot flush '", PathText(path), "': ", ErrnoText(error)));
  }
  return absl::OkStatus();
}

// Makes the rename itself durable.
void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}
#endif

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == 0) return std::nullopt;
  return std::string(value);
}

}  // namespace

ProfileStore::ProfileStore(fs::path dir) : dir_(std::move(dir)) {}

absl::StatusOr<fs::path> ProfileStore::DefaultDirectory() {
  if (std::optional<std::string> dir = Env("MAPI_EMU_PROFILES")) return fs::path(*dir);
#if defined(_WIN32)
  if (std::optional<std::string> appdata = Env("APPDATA")) {
    return fs::path(*appdata) / "mapi_emu" / "profiles";
  }
  return absl::FailedPreconditionError("no profile directory: set MAPI_EMU_PROFILES or APPDATA");
#else
  if (std::optional<std::string> xdg = Env("XDG_DATA_HOME");
      xdg.has_value() && fs::path(*xdg).is_absolute()) {
    return fs::path(*xdg) / "mapi_emu" / "profiles";
  }
  if (std::optional<std::string> home = Env("HOME")) {
    return fs::path(*home) / ".local" / "share" / "mapi_emu" / "profiles";
  }
  return absl::FailedPreconditionError(
      "no profile directory: set MAPI_EMU_PROFILES, XDG_DATA_HOME or HOME");
#endif
}

fs::path ProfileStore::PathOf(std::string_view name) const {
  return dir_ / PathFromUtf8(absl::StrCat(AbslView(name), ".json"));
}

absl::StatusOr<std::vector<std::string>> ProfileStore::List() const {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return names;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".json" || !it->is_regular_file(ec)) continue;
    const std::string stem = PathText(path.stem());
    if (ValidateProfileName(stem).ok()) names.push_back(stem);
  }
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot list profile directory '", PathText(dir_), "': ", ec.message()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool ProfileStore::Exists(std::string_view name) const {
  if (!ValidateProfileName(name).ok()) return false;
  // The name as stored, case and all: on a file system that ignores case
  // (Windows) "work.json" opens "Work.json", whose profile is "Work".
  absl::StatusOr<std::vector<std::string>> names = List();
  return names.ok() && std::binary_search(names->begin(), names->end(), name);
}

absl::StatusOr<Profile> ProfileStore::Load(std::string_view name) const {
  RETURN_IF_ERROR(ValidateProfileName(name));
  const fs::path path = PathOf(name);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return absl::NotFoundError(
        absl::StrCat("no profile '", AbslView(name), "' in '", PathText(dir_), "'"));
  }
  ASSIGN_OR_RETURN(Profile profile, LoadProfileFile(path));
  if (profile.name != name) {
    return absl::InvalidArgumentError(
        absl::StrCat(PathText(path), ": holds profile '", profile.name, "', expected '",
                     AbslView(name), "' (the file name and the \"name\" field must agree)"));
  }
  return profile;
}

absl::Status ProfileStore::Save(const Profile& profile) const {
  RETURN_IF_ERROR(ValidateProfileName(profile.name));
  absl::StatusOr<nlohmann::json> json = ProfileToJson(profile);
  if (!json.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("profile '", profile.name, "': ", json.status().message()));
  }
  return WriteAtomically(PathOf(profile.name), json->dump(2) + "\n");
}

absl::Status ProfileStore::Delete(std::string_view name) const {
  RETURN_IF_ERROR(ValidateProfileName(name));
  std::error_code ec;
  if (!fs::remove(PathOf(name), ec)) {
    if (ec) {
      return absl::InternalError(
          absl::StrCat("cannot delete '", PathText(PathOf(name)), "': ", ec.message()));
    }
    return absl::NotFoundError(
        absl::StrCat("no profile '", AbslView(name), "' in '", PathText(dir_), "'"));
  }
  // Read the marker directly: GetDefault fails once the profile is gone.
  std::ifstream marker(dir_ / kDefaultProfileFile);
  std::string current;
  if (marker && std::getline(marker, current) &&
      absl::StripAsciiWhitespace(current) == AbslView(name)) {
    marker.close();
    return ClearDefault();
  }
  return absl::OkStatus();
}

absl::Status ProfileStore::RemoveRenamed(std::string_view from, std::string_view to) const {
  RETURN_IF_ERROR(ValidateProfileName(from));
  RETURN_IF_ERROR(ValidateProfileName(to));
  std::error_code ec;
  if (from == to) return absl::OkStatus();
  if (!fs::equivalent(PathOf(from), PathOf(to), ec)) return Delete(from);
  // By way of a temporary name: a rename to the same name in another case
  // is not always one (Wine leaves the name as it was).
  const fs::path temp =
      dir_ / PathFromUtf8(absl::StrCat(".", PathText(PathOf(from).filename()), ".renamed-",
                                       MapiUidText(NewMapiUid()).substr(0, 12)));
  fs::rename(PathOf(from), temp, ec);
  if (!ec) {
    fs::rename(temp, PathOf(to), ec);
    std::error_code back;
    if (ec) fs::rename(temp, PathOf(from), back);
  }
  if (ec) {
    return absl::InternalError(absl::StrCat("cannot rename '", PathText(PathOf(from)), "' to '",
                                            PathText(PathOf(to).filename()), "': ", ec.message()));
  }
  SyncDirectory(dir_);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ProfileStore::GetDefault() const {
  const fs::path path = dir_ / kDefaultProfileFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("no default profile is set in '", PathText(dir_), "'"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string name(absl::StripAsciiWhitespace(text.str()));
  if (name.empty()) {
    return absl::NotFoundError(absl::StrCat(PathText(path), " is empty: no default profile"));
  }
  if (!Exists(name)) {
    return absl::NotFoundError(
        absl::StrCat(PathText(path), " names profile '", name, "', which does not exist"));
  }
  return name;
}

absl::Status ProfileStore::SetDefault(std::string_view name) const {
  RETURN_IF_ERROR(ValidateProfileName(name));
  if (!Exists(name)) {
    return absl::NotFoundError(
        absl::StrCat("no profile '", AbslView(name), "' in '", PathText(dir_), "'"));
  }
  return WriteAtomically(dir_ / kDefaultProfileFile, absl::StrCat(AbslView(name), "\n"));
}

absl::Status ProfileStore::ClearDefault() const {
  std::error_code ec;
  fs::remove(dir_ / kDefaultProfileFile, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat(
        "cannot remove '", (dir_ / kDefaultProfileFile).string(), "': ", ec.message()));
  }
  return absl::OkStatus();
}

absl::Status ProfileStore::WriteAtomically(const fs::path& path, std::string_view contents) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot create profile directory '", PathText(dir_), "': ", ec.message()));
  }
  // A hidden, unique temporary in the same directory (rename is atomic only
  // within one file system); List() skips it (its name starts with '.').
  const fs::path temp = dir_ / PathFromUtf8(absl::StrCat(".", PathText(path.filename()), ".tmp-",
                                                         MapiUidText(NewMapiUid()).substr(0, 12)));
  if (absl::Status s = WriteAndSync(temp, contents); !s.ok()) {
    fs::remove(temp, ec);
    return s;
  }
  if (absl::Status s = ReplaceFile(temp, path); !s.ok()) {
    fs::remove(temp, ec);
    return absl::InternalError(
        absl::StrCat("cannot replace '", PathText(path), "': ", s.message()));
  }
  SyncDirectory(dir_);
  return absl::OkStatus();
}

}  // namespace mapi_emu
