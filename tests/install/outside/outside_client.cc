// A client built outside mapi_emu: loads the outside provider, hands it
// libmapi_emu's allocators, and drives its Shutdown/Release.
#include <mapiguid.h>
#include <mapispi.h>
#include <mapiutil.h>

#include <cstdio>

#if defined(_WIN32)
#include <windows.h>
static void* LoadModule(const char* p) { return reinterpret_cast<void*>(LoadLibraryA(p)); }
static void* Sym(void* h, const char* n) {
  return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(h), n));
}
#else
#include <dlfcn.h>
static void* LoadModule(const char* p) { return dlopen(p, RTLD_NOW | RTLD_LOCAL); }
static void* Sym(void* h, const char* n) { return dlsym(h, n); }
#endif

int main() {
  void* module = LoadModule(OUTSIDE_STORE_PATH);
  if (module == nullptr) {
    std::printf("cannot load %s\n", OUTSIDE_STORE_PATH);
    return 1;
  }
  auto init = reinterpret_cast<LPMSPROVIDERINIT>(Sym(module, "MSProviderInit"));
  if (init == nullptr) {
    std::printf("MSProviderInit is not exported\n");
    return 1;
  }
  ULONG version = 0;
  LPMSPROVIDER provider = nullptr;
  HRESULT hr = init(static_cast<HINSTANCE>(module), MAPIGetDefaultMalloc(), MAPIAllocateBuffer,
                    MAPIAllocateMore, MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &provider);
  if (hr != S_OK || provider == nullptr) {
    std::printf("MSProviderInit failed: 0x%08X\n", static_cast<unsigned>(hr));
    return 1;
  }
  ULONG flags = 0;
  HRESULT shutdown = provider->Shutdown(&flags);
  provider->Release();
  std::printf("outside provider: MSProviderInit %s, version 0x%08X, Shutdown %s\n",
              hr == S_OK ? "S_OK" : "failed", static_cast<unsigned>(version),
              shutdown == S_OK ? "S_OK" : "failed");
  return shutdown == S_OK ? 0 : 1;
}
