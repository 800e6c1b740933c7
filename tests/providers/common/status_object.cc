#include "tests/providers/common/status_object.h"

#include "mapitags.h"

namespace mapi_emu::testprov {

CStatusObject::CStatusObject(const char* lib, LPUNKNOWN owner, const Allocators& alloc,
                             const PropSet& props)
    : CPropObject<IMAPIStatus>(lib, "IMAPIStatus", alloc, {&IID_IMAPIStatus}),
      m_lpOwner(owner),
      m_ulMethods(0) {
  m_props = props;
  m_props.GetLong(PR_RESOURCE_METHODS, &m_ulMethods);
  m_lpOwner->AddRef();
}

CStatusObject::~CStatusObject() { m_lpOwner->Release(); }

HRESULT CStatusObject::IfSupported(ULONG method_bit) const {
  return (m_ulMethods & method_bit) ? S_OK : MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CStatusObject::ValidateState(ULONG_PTR, ULONG ulFlags) {
  Rec("ValidateState(" + FlagsName(ulFlags, kValidateStateFlags) + ")");
  return IfSupported(STATUS_VALIDATE_STATE);
}

STDMETHODIMP CStatusObject::SettingsDialog(ULONG_PTR, ULONG ulFlags) {
  Rec("SettingsDialog(" + FlagsName(ulFlags, {}) + ")");
  return IfSupported(STATUS_SETTINGS_DIALOG);
}

STDMETHODIMP CStatusObject::ChangePassword(LPTSTR, LPTSTR, ULONG ulFlags) {
  Rec("ChangePassword(" + FlagsName(ulFlags, {}) + ")");
  return IfSupported(STATUS_CHANGE_PASSWORD);
}

STDMETHODIMP CStatusObject::FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG ulFlags) {
  Rec("FlushQueues(" + FlagsName(ulFlags, kFlushFlags) + ")");
  return IfSupported(STATUS_FLUSH_QUEUES);
}

}  // namespace mapi_emu::testprov
