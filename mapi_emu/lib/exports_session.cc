// The exported MAPI entry points of the subsystem: MAPIInitialize,
// MAPIUninitialize and MAPILogonEx route to the process's Subsystem.
// Exceptions never cross this edge (design.md §2.4).
#include <string>

#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapix.h"
#include "session/subsystem.h"

namespace {

// A profile name as MAPILogonEx received it: 8-bit, or wide with MAPI_UNICODE.
std::string ProfileName(LPTSTR name, FLAGS flags) {
  if (name == nullptr) return {};
  if (flags & MAPI_UNICODE) return mapi_emu::WideToUtf8(reinterpret_cast<LPCWSTR>(name));
  return std::string(reinterpret_cast<const char*>(name));
}

}  // namespace

MAPI_EMU_STDAPI MAPIInitialize(LPVOID lpMapiInit) {
  return mapi_emu::GuardAbi("MAPIInitialize", [&] {
    return mapi_emu::ProcessSubsystem().Initialize(lpMapiInit);
  });
}

MAPI_EMU_STDAPI_(void) MAPIUninitialize(void) {
  mapi_emu::GuardAbi("MAPIUninitialize", [] {
    mapi_emu::ProcessSubsystem().Uninitialize();
    return S_OK;
  });
}

MAPI_EMU_STDAPI MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName, LPTSTR lpszPassword,
                            FLAGS flFlags, LPMAPISESSION FAR* lppSession) {
  (void)lpszPassword;  // must be NULL (mapilogonex.md); passwords are not kept
  return mapi_emu::GuardAbi("MAPILogonEx", [&] {
    return mapi_emu::ProcessSubsystem().LogonEx(ulUIParam, ProfileName(lpszProfileName, flFlags),
                                                flFlags, lppSession);
  });
}
