// Replacing a file so that a reader, or a restart after a crash at any
// point, sees either the old contents or the new and never a torn file: the
// sample store's message files and the sample transport's drop box. The one
// place where the reference providers differ between POSIX and Windows.
// Header-only, like the rest of providers/common; callable from any thread
// as long as concurrent callers use distinct temporary files.
#ifndef MAPI_EMU_PROVIDERS_COMMON_DURABLE_FILE_H_
#define MAPI_EMU_PROVIDERS_COMMON_DURABLE_FILE_H_

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "mapiwin.h"  // <windows.h> on Windows

#if !defined(_WIN32)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace sample_providers {

// This process's id: temporary file names unique among processes.
inline unsigned long CurrentProcessId() {
#if defined(_WIN32)
  return GetCurrentProcessId();
#else
  return static_cast<unsigned long>(getpid());
#endif
}

namespace durable_file_internal {

inline std::string PathText(const std::filesystem::path& p) {
  std::u8string u = p.u8string();
  return std::string(u.begin(), u.end());
}

#if defined(_WIN32)
inline std::string Failure(const char* what, const std::filesystem::path& path) {
  const DWORD code = GetLastError();
  char* buffer = nullptr;
  const DWORD n = FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, 0, reinterpret_cast<char*>(&buffer), 0, nullptr);
  std::string reason = n > 0 ? std::string(buffer, n) : std::string("unknown error");
  if (buffer != nullptr) LocalFree(buffer);
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r' ||
                             reason.back() == ' ' || reason.back() == '.')) {
    reason.pop_back();
  }
  return std::string(what) + " '" + PathText(path) + "': " + reason + " (error " +
         std::to_string(code) + ")";
}
#else
inline std::string Failure(const char* what, const std::filesystem::path& path) {
  return std::string(what) + " '" + PathText(path) + "': " + std::strerror(errno);
}
#endif

}  // namespace durable_file_internal

// Writes `contents` to `temp` (a new file in the directory of `target`; with
// `exclusive` it must not exist yet; POSIX permissions `mode`), flushes it to
// the disk, and renames it over `target`. On POSIX the directory is synced too, since the rename is
// durable only then (NTFS journals renames; MOVEFILE_WRITE_THROUGH waits for
// it). Returns "" on success, else "<what> '<path>': <system reason>", with
// `temp` removed.
inline std::string ReplaceFileDurably(const std::filesystem::path& temp,
                                      const std::filesystem::path& target,
                                      const std::string& contents, bool exclusive,
                                      [[maybe_unused]] unsigned mode) {
  using durable_file_internal::Failure;
#if defined(_WIN32)
  HANDLE file = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr,
                            exclusive ? CREATE_NEW : CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return Failure("cannot create", temp);
  std::string error;
  size_t done = 0;
  while (error.empty() && done < contents.size()) {
    const DWORD chunk = static_cast<DWORD>(std::min<size_t>(contents.size() - done, 1u << 30));
    DWORD written = 0;
    if (!WriteFile(file, contents.data() + done, chunk, &written, nullptr) || written == 0) {
      error = Failure("cannot write", temp);
    }
    done += written;
  }
  if (error.empty() && !FlushFileBuffers(file)) error = Failure("cannot flush", temp);
  CloseHandle(file);
  if (error.empty() && !MoveFileExW(temp.c_str(), target.c_str(),
                                    MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    error = Failure("cannot rename into place", target);
  }
  if (!error.empty()) DeleteFileW(temp.c_str());
  return error;
#else
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
  const int fd = ::open(temp.c_str(), flags, static_cast<mode_t>(mode));
  if (fd < 0) return Failure("cannot create", temp);
  std::string error;
  size_t done = 0;
  while (error.empty() && done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = Failure("cannot write", temp);
    } else {
      done += static_cast<size_t>(n);
    }
  }
  if (error.empty() && ::fsync(fd) != 0) error = Failure("cannot fsync", temp);
  if (::close(fd) != 0 && error.empty()) error = Failure("cannot close", temp);
  if (error.empty() && ::rename(temp.c_str(), target.c_str()) != 0) {
    error = Failure("cannot rename into place", target);
  }
  if (!error.empty()) {
    ::unlink(temp.c_str());
    return error;
  }
  const std::filesystem::path dir = target.parent_path();
  const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return std::string();
#endif
}

}  // namespace sample_providers

#endif  // MAPI_EMU_PROVIDERS_COMMON_DURABLE_FILE_H_
