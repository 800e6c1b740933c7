#include "session/mapi_status.h"

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapicode.h"
#include "mapitags.h"

namespace mapi_emu {

MapiStatus::MapiStatus(PropArray row, const ObjectOwner* owner, FlushFn flush)
    : ComObject(owner, "MapiStatus"),
      row_(std::move(row)),
      flush_(std::move(flush)),
      last_error_("MAPI status object") {}

bool MapiStatus::Supports(ULONG method_bit) const {
  const SPropValue* methods = row_.Find(PR_RESOURCE_METHODS);
  return methods != nullptr && (static_cast<ULONG>(methods->Value.l) & method_bit) != 0;
}

STDMETHODIMP MapiStatus::GetLastError(HRESULT hResult, ULONG ulFlags,
                                      LPMAPIERROR FAR* lppMAPIError) {
  return last_error_.Get(hResult, ulFlags, lppMAPIError);
}
STDMETHODIMP MapiStatus::SaveChanges(ULONG) { return MAPI_E_NO_ACCESS; }
STDMETHODIMP MapiStatus::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                  ULONG FAR* lpcValues, LPSPropValue FAR* lppPropArray) {
  if (lpcValues == nullptr || lppPropArray == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  SCODE sc = row_.Project(lpPropTagArray, lpcValues, lppPropArray);
  if (FAILED(sc)) return sc;
  for (ULONG i = 0; i < *lpcValues; ++i) {
    if (PROP_TYPE((*lppPropArray)[i].ulPropTag) == PT_ERROR) return MAPI_W_ERRORS_RETURNED;
  }
  return S_OK;
}
STDMETHODIMP MapiStatus::GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lppPropTagArray) {
  if (lppPropTagArray == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  void* mem = nullptr;
  SCODE sc = ProcessBufferAllocator().Allocate(
      static_cast<ULONG>(CbNewSPropTagArray(row_.size())), &mem);
  if (FAILED(sc)) return sc;
  auto* tags = static_cast<LPSPropTagArray>(mem);
  tags->cValues = static_cast<ULONG>(row_.size());
  for (size_t i = 0; i < row_.size(); ++i) tags->aulPropTag[i] = row_[i].ulPropTag;
  *lppPropTagArray = tags;
  return S_OK;
}
STDMETHODIMP MapiStatus::OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP MapiStatus::SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR*) {
  return MAPI_E_NO_ACCESS;
}
STDMETHODIMP MapiStatus::DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR*) {
  return MAPI_E_NO_ACCESS;
}
STDMETHODIMP MapiStatus::CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS,
                                LPCIID, LPVOID, ULONG, LPSPropProblemArray FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP MapiStatus::CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                                   ULONG, LPSPropProblemArray FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP MapiStatus::GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                                         LPMAPINAMEID FAR* FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP MapiStatus::GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG,
                                         LPSPropTagArray FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP MapiStatus::ValidateState(ULONG_PTR, ULONG ulFlags) {
  constexpr ULONG kKnown = SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE |
                           FORCE_XP_CONNECT | FORCE_XP_DISCONNECT | CONFIG_CHANGED |
                           ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI;
  if (ulFlags & ~kKnown) return MAPI_E_UNKNOWN_FLAGS;
  return Supports(STATUS_VALIDATE_STATE) ? S_OK : MAPI_E_NO_SUPPORT;
}
STDMETHODIMP MapiStatus::SettingsDialog(ULONG_PTR, ULONG) { return MAPI_E_NO_SUPPORT; }
STDMETHODIMP MapiStatus::ChangePassword(LPTSTR, LPTSTR, ULONG) { return MAPI_E_NO_SUPPORT; }
STDMETHODIMP MapiStatus::FlushQueues(ULONG_PTR, ULONG cbTargetTransport, LPENTRYID,
                                     ULONG ulFlags) {
  // Only the running spooler's object flushes (imapistatus-flushqueues.md);
  // a target transport is not supported (every transport is flushed).
  if (!flush_ || !Supports(STATUS_FLUSH_QUEUES)) return MAPI_E_NO_SUPPORT;
  if (cbTargetTransport != 0) return MAPI_E_NO_SUPPORT;
  return flush_(ulFlags);
}

}  // namespace mapi_emu
