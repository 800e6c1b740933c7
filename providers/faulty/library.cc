#include "providers/faulty/library.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

namespace faulty {
namespace {

#if defined(_WIN32)
using Handle = HMODULE;
Handle Open(const std::filesystem::path& path, std::string* error) {
  // LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR wants a fully qualified path with
  // backslashes; the profile may have written it with slashes.
  std::filesystem::path native = path;
  native.make_preferred();
  Handle h = LoadLibraryExW(native.c_str(), nullptr,
                            LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  if (h == nullptr) *error = "LoadLibraryExW failed with error " + std::to_string(GetLastError());
  return h;
}
void Close(Handle h) { FreeLibrary(h); }
void* Symbol(Handle h, const char* name) {
  return reinterpret_cast<void*>(GetProcAddress(h, name));
}
std::filesystem::path OwnPath() {
  HMODULE self = nullptr;
  if (!GetModuleHandleExW(
          GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
          reinterpret_cast<LPCWSTR>(&OwnPath), &self)) {
    return {};
  }
  wchar_t buffer[32768];
  DWORD n = GetModuleFileNameW(self, buffer, sizeof buffer / sizeof buffer[0]);
  if (n == 0 || n >= sizeof buffer / sizeof buffer[0]) return {};
  return std::filesystem::path(std::wstring(buffer, n));
}
HINSTANCE AsInstance(Handle h) { return h; }
Handle FromInstance(HINSTANCE h) { return h; }
#else
using Handle = void*;
Handle Open(const std::filesystem::path& path, std::string* error) {
  Handle h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* why = dlerror();
    *error = why != nullptr ? why : "dlopen failed";
  }
  return h;
}
void Close(Handle h) { dlclose(h); }
void* Symbol(Handle h, const char* name) { return dlsym(h, name); }
std::filesystem::path OwnPath() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&OwnPath), &info) == 0 || info.dli_fname == nullptr) {
    return {};
  }
  return std::filesystem::path(info.dli_fname);
}
HINSTANCE AsInstance(Handle h) { return reinterpret_cast<HINSTANCE>(h); }
Handle FromInstance(HINSTANCE h) { return reinterpret_cast<Handle>(h); }
#endif

// The libraries faulty loaded, closed in reverse order when libfaulty is
// unloaded (or the process ends).
class Loaded {
 public:
  ~Loaded() {
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) Close(*it);
  }
  HINSTANCE Get(const std::string& path, std::string* error) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = handles_.find(path);
    if (it != handles_.end()) return AsInstance(it->second);
    std::string why;
    Handle h = Open(path, &why);
    if (h == nullptr) {
      *error = "cannot load the wrapped library '" + path + "': " + why;
      return nullptr;
    }
    handles_.emplace(path, h);
    order_.push_back(h);
    return AsInstance(h);
  }

 private:
  std::mutex mu_;
  std::map<std::string, Handle> handles_;
  std::vector<Handle> order_;
};

Loaded& TheLoaded() {
  static Loaded loaded;  // destroyed when libfaulty is unloaded
  return loaded;
}

}  // namespace

std::string OwnDirectory() {
  std::filesystem::path own = OwnPath();
  if (own.empty()) return {};
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(own, ec);
  return (ec ? own : absolute).parent_path().string();
}

std::string ResolveLibraryPath(const std::string& name, std::string* error) {
  if (name.empty()) {
    *error = "the wrapped library name is empty";
    return {};
  }
  std::filesystem::path path(name);
  if (path.is_absolute()) return path.lexically_normal().string();
  const std::string dir = OwnDirectory();
  if (dir.empty()) {
    *error = "cannot resolve the relative library path '" + name +
             "': the directory of libfaulty is unknown";
    return {};
  }
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

HINSTANCE LoadWrappedLibrary(const std::string& path, std::string* error) {
  return TheLoaded().Get(path, error);
}

void* FindSymbol(HINSTANCE module, const char* name) { return Symbol(FromInstance(module), name); }

}  // namespace faulty
