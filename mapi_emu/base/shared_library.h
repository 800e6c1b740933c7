// SharedLibrary: the platform layer for provider libraries (dlopen/dlsym/
// dlclose on POSIX, LoadLibraryExW/GetProcAddress/FreeLibrary on Windows).
//
// Open() takes an absolute path only: design.md §2.7 forbids the current
// directory and search paths the user did not name; resolving a profile's
// library name to a path is the loader's job. Every error names the file,
// the symbol where there is one, and the system's reason.
// A SharedLibrary object is used by one owner; it is not synchronised.
#ifndef MAPI_EMU_BASE_SHARED_LIBRARY_H_
#define MAPI_EMU_BASE_SHARED_LIBRARY_H_

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mapiwin.h"

namespace mapi_emu {

class SharedLibrary {
 public:
  // Loads the library at `path` (absolute). Errors: kInvalidArgument for a
  // relative path, kNotFound when no file exists there, kFailedPrecondition
  // when the system refuses to load it (message carries dlerror()/
  // FormatMessage text).
  static absl::StatusOr<std::unique_ptr<SharedLibrary>> Open(
      const std::filesystem::path& path);

  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  // Unloads the library if Close() was not called (errors are logged).
  ~SharedLibrary();

  // The address of exported symbol `name`; kNotFound naming library and
  // symbol when it is absent.
  absl::StatusOr<void*> Symbol(std::string_view name) const;

  // Typed form: Symbol<MSPROVIDERINIT*>("MSProviderInit").
  template <typename Fn>
  absl::StatusOr<Fn> Function(std::string_view name) const {
    absl::StatusOr<void*> sym = Symbol(name);
    if (!sym.ok()) return sym.status();
    return reinterpret_cast<Fn>(*sym);
  }

  // The module handle providers receive as `hInstance` in their entry point.
  HINSTANCE module_handle() const { return static_cast<HINSTANCE>(handle_); }
  const std::filesystem::path& path() const { return path_; }
  bool is_loaded() const { return handle_ != nullptr; }

  // Unloads now (FreeLibrary/dlclose), once; later calls are no-ops.
  absl::Status Close();

 private:
  SharedLibrary(std::filesystem::path path, void* handle)
      : path_(std::move(path)), handle_(handle) {}

  std::filesystem::path path_;
  void* handle_;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_SHARED_LIBRARY_H_
