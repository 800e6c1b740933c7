// The exported MAPI entry points of the subsystem: MAPIInitialize,
// MAPIUninitialize and MAPILogonEx route to the process's Subsystem.
// Exceptions never cross this edge (design.md §2.4).
#include <string>

#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapiemu.h"
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

MAPI_EMU_STDAPI MAPIEmuSpoolerStep(LPMAPISESSION lpSession, ULONG ulStep,
                                   LPMAPIEMU_SPOOLER_COUNTS lpCounts) {
  return mapi_emu::GuardAbi("MAPIEmuSpoolerStep", [&]() -> HRESULT {
    using Step = mapi_emu::Spooler::Step;
    Step step;
    switch (ulStep) {
      case MAPIEMU_SPOOLER_SEND_ONE: step = Step::kSendOne; break;
      case MAPIEMU_SPOOLER_SEND_ALL: step = Step::kSendAll; break;
      case MAPIEMU_SPOOLER_RECEIVE_ONE: step = Step::kReceiveOne; break;
      case MAPIEMU_SPOOLER_RECEIVE_ALL: step = Step::kReceiveAll; break;
      case MAPIEMU_SPOOLER_FLUSH: step = Step::kFlush; break;
      case MAPIEMU_SPOOLER_IDLE: step = Step::kIdle; break;
      case MAPIEMU_SPOOLER_ALL: step = Step::kAll; break;
      default: return MAPI_E_UNKNOWN_FLAGS;
    }
    std::shared_ptr<mapi_emu::SessionCore> core =
        mapi_emu::ProcessSubsystem().CoreOf(lpSession);
    if (core == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (core->logged_off()) return MAPI_E_INVALID_OBJECT;
    if (core->spooler() == nullptr) return MAPI_E_NO_SUPPORT;
    mapi_emu::Spooler::Counts c = core->spooler()->RunStep(step);
    if (lpCounts != nullptr) {
      lpCounts->ulSent = static_cast<ULONG>(c.sent);
      lpCounts->ulNdr = static_cast<ULONG>(c.ndr);
      lpCounts->ulDeferred = static_cast<ULONG>(c.deferred);
      lpCounts->ulReceived = static_cast<ULONG>(c.received);
      lpCounts->ulUnlocked = static_cast<ULONG>(c.unlocked);
    }
    return S_OK;
  });
}
