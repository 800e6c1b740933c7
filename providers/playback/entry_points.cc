// The stand-in provider library of `mapi_emu replay --playback`
// (README.md): the three provider entry points, each handing its call to the
// player of the process (playback_host.h). Without a player (the library
// loaded by anything but a playback) every entry point fails with
// MAPI_E_CALL_FAILED and says why on stderr.
#include <cstdio>

#include "mapicode.h"
#include "mapiemu.h"
#include "mapispi.h"
#include "providers/playback/playback_host.h"

namespace {

HRESULT Init(const char* entry, HINSTANCE module, LPMALLOC malloc, ULONG flags, ULONG mapi_version,
             ULONG* provider_version, void** provider) {
  if (provider == nullptr || provider_version == nullptr) return MAPI_E_INVALID_PARAMETER;
  *provider = nullptr;
  auto* host = static_cast<mapi_emu::playback::PlaybackHost*>(MAPIEmuGetPlaybackHost());
  if (host == nullptr) {
    std::fprintf(stderr,
                 "playback provider: %s called with no playback running (this library only "
                 "stands in for providers during `mapi_emu replay --playback`)\n",
                 entry);
    return MAPI_E_CALL_FAILED;
  }
  IUnknown* object = nullptr;
  const HRESULT hr =
      host->ProviderInit(entry, module, malloc, flags, mapi_version, provider_version, &object);
  *provider = object;
  return hr;
}

}  // namespace

STDINITMETHODIMP MSProviderInit(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER, LPALLOCATEMORE, LPFREEBUFFER,
    ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer, LPMSPROVIDER FAR* lppMSProvider) {
  void* p = nullptr;
  const HRESULT hr =
      Init("MSProviderInit", hInstance, lpMalloc, ulFlags, ulMAPIVer, lpulProviderVer, &p);
  if (lppMSProvider != nullptr) *lppMSProvider = static_cast<LPMSPROVIDER>(p);
  return hr;
}

STDINITMETHODIMP ABProviderInit(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER, LPALLOCATEMORE, LPFREEBUFFER,
    ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer, LPABPROVIDER FAR* lppABProvider) {
  void* p = nullptr;
  const HRESULT hr =
      Init("ABProviderInit", hInstance, lpMalloc, ulFlags, ulMAPIVer, lpulProviderVer, &p);
  if (lppABProvider != nullptr) *lppABProvider = static_cast<LPABPROVIDER>(p);
  return hr;
}

STDINITMETHODIMP XPProviderInit(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER, LPALLOCATEMORE, LPFREEBUFFER,
    ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer, LPXPPROVIDER FAR* lppXPProvider) {
  void* p = nullptr;
  const HRESULT hr =
      Init("XPProviderInit", hInstance, lpMalloc, ulFlags, ulMAPIVer, lpulProviderVer, &p);
  if (lppXPProvider != nullptr) *lppXPProvider = static_cast<LPXPPROVIDER>(p);
  return hr;
}
