#include "mapi_emu/base/shared_library.h"

#include <system_error>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/platform.h"
#include "spdlog/spdlog.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

namespace mapi_emu {
namespace {

#if defined(_WIN32)
std::string LastErrorText() { return SystemErrorText(GetLastError()); }
#else
std::string LastErrorText() {
  const char* e = dlerror();
  return e != nullptr ? std::string(e) : std::string("unknown error");
}
#endif

}  // namespace

absl::StatusOr<std::unique_ptr<SharedLibrary>> SharedLibrary::Open(
    const std::filesystem::path& path) {
  if (!path.is_absolute()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot load library '", PathText(path),
        "': not an absolute path (libraries are never searched for)"));
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(
        absl::StrCat("cannot load library '", PathText(path), "': no such file"));
  }
#if defined(_WIN32)
  // Only the DLL's own directory, the application's and the system
  // directories serve its dependencies; never the current directory or PATH.
  // LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR wants a fully qualified path with
  // backslashes. A missing dependency must fail the call, not open an error
  // box nobody can answer.
  std::filesystem::path native = path;
  native.make_preferred();
  DWORD old_mode = 0;
  const bool quiet = SetThreadErrorMode(SEM_FAILCRITICALERRORS, &old_mode) != 0;
  HMODULE h = LoadLibraryExW(native.c_str(), nullptr,
                             LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  const DWORD load_error = GetLastError();
  if (quiet) SetThreadErrorMode(old_mode, nullptr);
  SetLastError(load_error);
  void* handle = reinterpret_cast<void*>(h);
#else
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
#endif
  if (handle == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot load library '", PathText(path), "': ", LastErrorText()));
  }
  return std::unique_ptr<SharedLibrary>(new SharedLibrary(path, handle));
}

SharedLibrary::~SharedLibrary() {
  absl::Status s = Close();
  if (!s.ok()) spdlog::warn("{}", s.ToString());
}

absl::StatusOr<void*> SharedLibrary::Symbol(std::string_view name) const {
  if (handle_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("library '", PathText(path_), "' is not loaded (looking up '",
                     absl::string_view(name.data(), name.size()), "')"));
  }
  std::string symbol(name);
#if defined(_WIN32)
  FARPROC p = GetProcAddress(static_cast<HMODULE>(handle_), symbol.c_str());
  void* address = reinterpret_cast<void*>(p);
#else
  dlerror();
  void* address = dlsym(handle_, symbol.c_str());
#endif
  if (address == nullptr) {
    return absl::NotFoundError(absl::StrCat("library '", PathText(path_),
                                            "' does not export '", symbol,
                                            "': ", LastErrorText()));
  }
  return address;
}

absl::Status SharedLibrary::Close() {
  if (handle_ == nullptr) return absl::OkStatus();
  void* handle = std::exchange(handle_, nullptr);
#if defined(_WIN32)
  bool ok = FreeLibrary(static_cast<HMODULE>(handle)) != 0;
#else
  dlerror();
  bool ok = dlclose(handle) == 0;
#endif
  if (!ok) {
    return absl::InternalError(absl::StrCat("cannot unload library '",
                                            PathText(path_), "': ", LastErrorText()));
  }
  return absl::OkStatus();
}

}  // namespace mapi_emu
