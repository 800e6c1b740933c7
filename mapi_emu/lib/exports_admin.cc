// The exported MAPIAdminProfiles: routes to the process's Subsystem, which
// hands out the profile administration object (session/admin.h).
// Exceptions never cross this edge (design.md §2.4).
#include "mapi_emu/base/hresult.h"
#include "mapix.h"
#include "session/subsystem.h"

MAPI_EMU_STDMETHODIMP_(HRESULT)
MAPIAdminProfiles(ULONG ulFlags, LPPROFADMIN FAR* lppProfAdmin) {
  return mapi_emu::GuardAbi("MAPIAdminProfiles", [&] {
    return mapi_emu::ProcessSubsystem().AdminProfiles(ulFlags, lppProfAdmin);
  });
}
