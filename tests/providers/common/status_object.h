// status_object.h -- the IMAPIStatus a test provider's logon object hands
// out from OpenStatusEntry (status-object-implementation.md): it holds an
// AddRef'd pointer to the logon object that created it, and the logon keeps
// one reference of its own until its logoff, which breaks the cycle.
// ValidateState, SettingsDialog, ChangePassword and FlushQueues succeed when
// their STATUS_* bit is set in PR_RESOURCE_METHODS and otherwise return
// MAPI_E_NO_SUPPORT; every call is recorded. Free-threaded.

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_STATUS_OBJECT_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_STATUS_OBJECT_H_

#include "mapidefs.h"
#include "tests/providers/common/prop_object.h"

namespace mapi_emu::testprov {

class CStatusObject : public CPropObject<IMAPIStatus> {
 public:
  // Count 1 (the caller's); AddRefs `owner`, released when this is freed.
  // `props` must hold PR_RESOURCE_METHODS.
  CStatusObject(const char* lib, LPUNKNOWN owner, const Allocators& alloc, const PropSet& props);

  MAPI_IMAPISTATUS_METHODS(IMPL)

 private:
  ~CStatusObject() override;
  HRESULT IfSupported(ULONG method_bit) const;

  LPUNKNOWN m_lpOwner;
  ULONG m_ulMethods;
};

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_STATUS_OBJECT_H_
