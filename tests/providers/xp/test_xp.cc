// libtest_xp.so -- a transport provider written the way a Windows MAPI
// transport is written, against the SDK headers only, that records every
// call it receives and every call it makes into MAPI in the probe
// (../README.md has the line format and the knobs).
//
// CXPProvider (IXPProvider, one per XPProviderInit) logs on CXPLogon objects
// (IXPLogon, all twelve methods). At TransportLogon the logon AddRefs its
// support object, reads its profile section and adds its status row.
// AddressTypes hands out "TEST" and kXpUid in one block from the provider's
// allocator, valid until TransportLogoff frees it. TransportNotify returns
// the flags unchanged and updates the status row's PR_STATUS_CODE for the
// BEGIN/END inbound/outbound flags. TransportLogoff releases the status
// object, frees its memory and releases the support object last
// (ixplogon-transportlogoff.md).

#include <string.h>

#include <stdio.h>

#include <atomic>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

#include "initguid.h"  // this module defines the IIDs it uses
#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "tests/providers/common/entry_ids.h"
#include "tests/providers/common/mapi_calls.h"
#include "tests/providers/common/names.h"
#include "tests/providers/common/prop_set.h"
#include "tests/providers/common/provider_shutdown.h"
#include "tests/providers/common/record.h"
#include "tests/providers/common/status_object.h"
#include "tests/providers/probe/probe.h"

namespace {

using mapi_emu::testprov::AddRefMapiObject;
using mapi_emu::testprov::Allocators;
using mapi_emu::testprov::CallBackIntoSupport;
using mapi_emu::testprov::CProviderShutdown;
using mapi_emu::testprov::CStatusObject;
using mapi_emu::testprov::FastShutdownOffered;
using mapi_emu::testprov::FlagsName;
using mapi_emu::testprov::HangIfAsked;
using mapi_emu::testprov::Hex32;
using mapi_emu::testprov::HrName;
using mapi_emu::testprov::IidName;
using mapi_emu::testprov::kEndMessageFlags;
using mapi_emu::testprov::kFlushFlags;
using mapi_emu::testprov::kInitFlags;
using mapi_emu::testprov::KnobFlags;
using mapi_emu::testprov::KnobHr;
using mapi_emu::testprov::Knob;
using mapi_emu::testprov::KnobNumber;
using mapi_emu::testprov::kSpoolerNotifyFlags;
using mapi_emu::testprov::KnobOn;
using mapi_emu::testprov::kOpenFlags;
using mapi_emu::testprov::kTransportLogoffFlags;
using mapi_emu::testprov::kTransportNotifyFlags;
using mapi_emu::testprov::kValidateStateFlags;
using mapi_emu::testprov::kXpLogonFlags;
using mapi_emu::testprov::kXpUid;
using mapi_emu::testprov::LeakOnPurpose;
using mapi_emu::testprov::LoadWitness;
using mapi_emu::testprov::ModifyStatusRow;
using mapi_emu::testprov::ParseFlags;
using mapi_emu::testprov::ParseHresult;
using mapi_emu::testprov::NewObjectName;
using mapi_emu::testprov::PropSet;
using mapi_emu::testprov::Quote;
using mapi_emu::testprov::ReadProfileDisplayName;
using mapi_emu::testprov::Record;
using mapi_emu::testprov::RecordRef;
using mapi_emu::testprov::ReleaseMapiObject;
using mapi_emu::testprov::UpdateStatusCode;

constexpr char kLib[] = "test_xp";
constexpr char kDefaultName[] = "Test Transport";
constexpr char kProviderDisplay[] = "Test Transport Provider";
constexpr char kAddressType[] = "TEST";

const LoadWitness g_witness(kLib);

PropSet StatusRow(const std::string& name, ULONG status_code) {
  PropSet row;
  row.SetString(PR_DISPLAY_NAME_A, name);
  row.SetString(PR_PROVIDER_DISPLAY_A, kProviderDisplay);
  row.SetLong(PR_RESOURCE_METHODS, STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
  row.SetLong(PR_STATUS_CODE, status_code);
  row.SetString(PR_STATUS_STRING_A, "Available");
  row.SetLong(PR_RESOURCE_FLAGS, 0);
  return row;
}

// The n-th (1-based) entry of a comma-separated knob list, "" past its end.
std::string NthOfList(const char* knob, unsigned long n) {
  const char* value = Knob(kLib, knob);
  if (value == NULL) return "";
  std::string list(value);
  size_t start = 0;
  for (unsigned long i = 1; i < n; ++i) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) return "";
    start = comma + 1;
  }
  size_t end = list.find(',', start);
  return list.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The message's PR_SUBJECT_A, "" when it has none.
std::string Subject(LPMESSAGE lpMessage, const Allocators& alloc) {
  SizedSPropTagArray(1, tags) = {1, {PR_SUBJECT_A}};
  ULONG cValues = 0;
  LPSPropValue lpProps = NULL;
  std::string subject;
  if (SUCCEEDED(lpMessage->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &cValues,
                                    &lpProps)) &&
      lpProps != NULL && cValues == 1 && PROP_TYPE(lpProps[0].ulPropTag) == PT_STRING8) {
    subject = lpProps[0].Value.lpszA;
  }
  if (lpProps != NULL) alloc.free(lpProps);
  return subject;
}

// The single block AddressTypes hands out: the two arrays and what they
// point to.
struct AddressTypesBlock {
  LPSTR apszTypes[1];
  LPMAPIUID apUids[1];
  MAPIUID uid;
  char szType[sizeof kAddressType];
};

// ----------------------------------------------------------------- logon --
class CXPLogon final : public IXPLogon {
 public:
  // Takes over the caller's reference on lpMAPISup.
  CXPLogon(LPMAPISUP lpMAPISup, const Allocators& alloc, const std::string& name)
      : m_lpSup(lpMAPISup),
        m_alloc(alloc),
        m_displayName(name),
        m_name(NewObjectName(kLib, "IXPLogon")) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IXPLOGON_METHODS(IMPL)

 private:
  ~CXPLogon() = default;
  void Rec(const std::string& call) const { Record(kLib, m_name + "::" + call); }

  std::mutex m_mutex;  // guards the members up to m_ulNextMsgRef
  LPMAPISUP m_lpSup;
  CStatusObject* m_pStatus = NULL;
  AddressTypesBlock* m_pAddressTypes = NULL;
  bool m_fLoggedOff = false;
  ULONG m_ulStatusCode = STATUS_AVAILABLE;
  ULONG_PTR m_ulNextMsgRef = 1;
  ULONG m_cReceived = 0;                        // inbound messages delivered
  std::map<ULONG_PTR, std::string> m_pending;  // message reference -> subject
  const Allocators m_alloc;
  const std::string m_displayName;
  const std::string m_name;
  std::atomic<ULONG> m_cRef{1};
};

STDMETHODIMP CXPLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  if (riid != IID_IXPLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IXPLogon*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CXPLogon::AddRef() { return RecordRef(kLib, m_name, "AddRef", ++m_cRef); }
STDMETHODIMP_(ULONG) CXPLogon::Release() {
  ULONG ulRef = RecordRef(kLib, m_name, "Release", --m_cRef);
  if (ulRef != 0) return ulRef;
  // A final Release without TransportLogoff acts as TransportLogoff(0)
  // (releasing-the-transport-provider.md): MAPI does this after
  // NOTIFY_CRITICAL_ERROR.
  CStatusObject* pStatus;
  AddressTypesBlock* pAddressTypes;
  LPMAPISUP lpSup;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    pStatus = m_pStatus;
    m_pStatus = NULL;
    pAddressTypes = m_pAddressTypes;
    m_pAddressTypes = NULL;
    lpSup = m_lpSup;
    m_lpSup = NULL;
  }
  if (lpSup != NULL) Record(kLib, m_name + " logs itself off at its final Release");
  if (pStatus != NULL) pStatus->Release();
  if (pAddressTypes != NULL) m_alloc.free(pAddressTypes);
  if (lpSup != NULL && !KnobOn(kLib, "keep_support_ref")) {
    ReleaseMapiObject(kLib, "IMAPISupport", lpSup);
  }
  delete this;
  return 0;
}

STDMETHODIMP CXPLogon::AddressTypes(ULONG FAR* lpulFlags, ULONG FAR* lpcAdrType,
                                    LPTSTR FAR* FAR* lpppAdrTypeArray, ULONG FAR* lpcMAPIUID,
                                    LPMAPIUID FAR* FAR* lpppUIDArray) {
  Rec("AddressTypes()");
  if (lpulFlags == NULL || lpcAdrType == NULL || lpppAdrTypeArray == NULL || lpcMAPIUID == NULL ||
      lpppUIDArray == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
  if (m_pAddressTypes == NULL) {
    void* p = NULL;
    if (FAILED(m_alloc.allocate(sizeof(AddressTypesBlock), &p))) {
      return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    m_pAddressTypes = static_cast<AddressTypesBlock*>(p);
    m_pAddressTypes->uid = kXpUid;
    memcpy(m_pAddressTypes->szType, kAddressType, sizeof kAddressType);
    m_pAddressTypes->apszTypes[0] = m_pAddressTypes->szType;
    m_pAddressTypes->apUids[0] = &m_pAddressTypes->uid;
  }
  *lpulFlags = 0;
  *lpcAdrType = 1;
  *lpppAdrTypeArray = m_pAddressTypes->apszTypes;
  *lpcMAPIUID = 1;
  *lpppUIDArray = m_pAddressTypes->apUids;
  return S_OK;
}

STDMETHODIMP CXPLogon::RegisterOptions(ULONG FAR* lpulFlags, ULONG FAR* lpcOptions,
                                       LPOPTIONDATA FAR* lppOptions) {
  Rec("RegisterOptions()");
  if (lpulFlags == NULL || lpcOptions == NULL || lppOptions == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulFlags = 0;
  *lpcOptions = 0;  // no per-message or per-recipient options
  *lppOptions = NULL;
  return S_OK;
}

STDMETHODIMP CXPLogon::TransportNotify(ULONG FAR* lpulFlags, LPVOID FAR*) {
  Rec("TransportNotify(" + (lpulFlags ? FlagsName(*lpulFlags, kTransportNotifyFlags) : "NULL") +
      ")");
  if (lpulFlags == NULL) return MAPI_E_INVALID_PARAMETER;
  ULONG ulFlags = *lpulFlags;  // returned unchanged
  ULONG ulCode;
  LPMAPISUP lpSup;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    ulCode = m_ulStatusCode;
    if (ulFlags & NOTIFY_BEGIN_INBOUND) ulCode |= STATUS_INBOUND_ENABLED;
    if (ulFlags & NOTIFY_END_INBOUND) ulCode &= ~STATUS_INBOUND_ENABLED;
    if (ulFlags & NOTIFY_BEGIN_OUTBOUND) ulCode |= STATUS_OUTBOUND_ENABLED;
    if (ulFlags & NOTIFY_END_OUTBOUND) ulCode &= ~STATUS_OUTBOUND_ENABLED;
    bool fChanged = ulCode != m_ulStatusCode;
    m_ulStatusCode = ulCode;
    lpSup = fChanged ? m_lpSup : NULL;
  }
  if (lpSup != NULL) {
    // The row must reflect BEGIN/END before this returns.
    PropSet update;
    update.SetLong(PR_STATUS_CODE, ulCode);
    ModifyStatusRow(kLib, lpSup, update, STATUSROW_UPDATE);
  }
  return S_OK;
}

STDMETHODIMP CXPLogon::Idle(ULONG ulFlags) {
  Rec("Idle(" + FlagsName(ulFlags, {}) + ")");
  return S_OK;
}

STDMETHODIMP CXPLogon::TransportLogoff(ULONG ulFlags) {
  Rec("TransportLogoff(" + FlagsName(ulFlags, kTransportLogoffFlags) + ")");
  HangIfAsked(kLib, "hang_logoff_ms", m_name + "::TransportLogoff woke");
  CStatusObject* pStatus;
  AddressTypesBlock* pAddressTypes;
  LPMAPISUP lpSup;
  ULONG ulCode;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    pStatus = m_pStatus;
    m_pStatus = NULL;
    pAddressTypes = m_pAddressTypes;
    m_pAddressTypes = NULL;
    lpSup = m_lpSup;
    m_lpSup = NULL;
    m_fLoggedOff = true;
    ulCode = m_ulStatusCode;
  }
  if (lpSup != NULL && KnobOn(kLib, "reenter_in_logoff")) {
    CallBackIntoSupport(kLib, lpSup, ulCode);  // before releasing anything
  }
  if (pStatus != NULL) pStatus->Release();
  if (pAddressTypes != NULL) m_alloc.free(pAddressTypes);
  // Last: releasing the support object may release the provider object.
  if (lpSup != NULL && !KnobOn(kLib, "keep_support_ref")) {
    ReleaseMapiObject(kLib, "IMAPISupport", lpSup);
  }
  if (KnobOn(kLib, "logoff_throw")) throw std::runtime_error("test_xp.logoff_throw");
  return KnobHr(kLib, "logoff_hr", S_OK);
}

STDMETHODIMP CXPLogon::SubmitMessage(ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR* lpulMsgRef,
                                     ULONG_PTR FAR* lpulReturnParm) {
  const std::string subject = lpMessage ? Quote(Subject(lpMessage, m_alloc).c_str()) : "NULL";
  Rec("SubmitMessage(" + FlagsName(ulFlags, {}) + ", " + subject + ")");
  if (lpulMsgRef == NULL) return MAPI_E_INVALID_PARAMETER;
  if (lpulReturnParm != NULL) *lpulReturnParm = 0;
  const unsigned long call = ProbeNextId("test_xp:SubmitMessage");
  LPMAPISUP lpSup;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    *lpulMsgRef = m_ulNextMsgRef++;  // set before touching the message
    lpSup = m_lpSup;
  }
  if (const char* mark = Knob(kLib, "mark_file"); mark != NULL && *mark != 0) {
    // For a test in another process: "the send has begun".
    if (FILE* f = fopen(mark, "w")) fclose(f);
  }
  HangIfAsked(kLib, "hang_submit_ms", m_name + "::SubmitMessage woke");
  if (lpSup != NULL) {
    ULONG ulNotify = KnobFlags(kLib, "notify_in_submit", kSpoolerNotifyFlags, 0);
    if (ulNotify != 0) {
      HRESULT hr = lpSup->SpoolerNotify(ulNotify, NULL);
      Record(kLib, "-> IMAPISupport::SpoolerNotify(" + FlagsName(ulNotify, kSpoolerNotifyFlags) +
                       ") = " + HrName(hr));
    }
    if (KnobOn(kLib, "yield_in_submit")) {
      HRESULT hr = lpSup->SpoolerYield(0);
      Record(kLib, "-> IMAPISupport::SpoolerYield(0) = " + HrName(hr));
      if (hr == MAPI_W_CANCEL_MESSAGE) return MAPI_E_USER_CANCEL;
    }
  }
  // submit_results: one HRESULT per call, in order; S_OK past the list.
  HRESULT hrResult = S_OK;
  std::string wanted = NthOfList("submit_results", call);
  if (!wanted.empty() && !ParseHresult(wanted, &hrResult)) hrResult = S_OK;
  if ((hrResult == MAPI_E_WAIT || hrResult == MAPI_E_NETWORK_ERROR) && lpulReturnParm != NULL) {
    *lpulReturnParm = KnobNumber(kLib, "retry_after", 0);
  }
  if (hrResult == S_OK) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending[*lpulMsgRef] = subject;
  }
  return hrResult;
}

STDMETHODIMP CXPLogon::EndMessage(ULONG_PTR ulMsgRef, ULONG FAR* lpulFlags) {
  Rec("EndMessage(" + std::to_string(ulMsgRef) + ")");
  if (lpulFlags == NULL) return MAPI_E_INVALID_PARAMETER;
  // end_flags: the flags each call reports, in order; 0 (sent) past the list.
  ULONG ulEnd = 0;
  std::string wanted = NthOfList("end_flags", ProbeNextId("test_xp:EndMessage"));
  if (!wanted.empty() && !ParseFlags(wanted, kEndMessageFlags, &ulEnd)) ulEnd = 0;
  *lpulFlags = ulEnd;
  std::string subject;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_pending.find(ulMsgRef);
    if (it != m_pending.end()) {
      subject = it->second;
      m_pending.erase(it);
    }
  }
  if (ulEnd == 0) Record(kLib, m_name + " delivered " + subject);
  return S_OK;
}

STDMETHODIMP CXPLogon::Poll(ULONG FAR* lpulIncoming) {
  Rec("Poll()");
  if (lpulIncoming == NULL) return MAPI_E_INVALID_PARAMETER;
  // incoming: how many inbound messages the transport has in all.
  std::lock_guard<std::mutex> lock(m_mutex);
  *lpulIncoming = m_cReceived < KnobNumber(kLib, "incoming", 0) ? 1 : 0;
  return S_OK;
}

STDMETHODIMP CXPLogon::StartMessage(ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR* lpulMsgRef) {
  Rec("StartMessage(" + FlagsName(ulFlags, {}) + ", " + (lpMessage ? "message" : "NULL") + ")");
  if (lpulMsgRef == NULL) return MAPI_E_INVALID_PARAMETER;
  ULONG k;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (lpMessage == NULL || m_cReceived >= KnobNumber(kLib, "incoming", 0)) {
      return S_OK;  // no SaveChanges: nothing to deliver
    }
    k = ++m_cReceived;
  }
  const std::string subject = "incoming " + std::to_string(k);
  SPropValue props[2];
  memset(props, 0, sizeof props);
  props[0].ulPropTag = PR_SUBJECT_A;
  props[0].Value.lpszA = const_cast<LPSTR>(subject.c_str());
  props[1].ulPropTag = PR_MESSAGE_CLASS_A;
  props[1].Value.lpszA = const_cast<LPSTR>("IPM.Note");
  LPSPropProblemArray lpProblems = NULL;
  HRESULT hr = lpMessage->SetProps(2, props, &lpProblems);
  if (lpProblems != NULL) m_alloc.free(lpProblems);
  if (SUCCEEDED(hr)) hr = lpMessage->SaveChanges(0);
  Record(kLib, "-> IMessage::SaveChanges(0) = " + HrName(hr) + " (" + Quote(subject.c_str()) + ")");
  return hr;
}

STDMETHODIMP CXPLogon::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR* lpulObjType,
                                       LPMAPISTATUS FAR* lppEntry) {
  Rec("OpenStatusEntry(" + IidName(lpInterface) + ", " + FlagsName(ulFlags, kOpenFlags) + ")");
  if (lpulObjType == NULL || lppEntry == NULL) return MAPI_E_INVALID_PARAMETER;
  if (lpInterface != NULL && *lpInterface != IID_IMAPIStatus && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
  if (m_pStatus == NULL) {
    PropSet props = StatusRow(m_displayName, m_ulStatusCode);
    props.SetLong(PR_RESOURCE_TYPE, MAPI_TRANSPORT_PROVIDER);
    props.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    m_pStatus = new (std::nothrow) CStatusObject(kLib, this, m_alloc, props);
    if (m_pStatus == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  m_pStatus->AddRef();
  *lpulObjType = MAPI_STATUS;
  *lppEntry = m_pStatus;
  return S_OK;
}

STDMETHODIMP CXPLogon::ValidateState(ULONG_PTR, ULONG ulFlags) {
  Rec("ValidateState(" + FlagsName(ulFlags, kValidateStateFlags) + ")");
  return S_OK;
}

STDMETHODIMP CXPLogon::FlushQueues(ULONG_PTR, ULONG cbTargetTransport, LPENTRYID, ULONG ulFlags) {
  Rec("FlushQueues(" + std::to_string(cbTargetTransport) + ", " + FlagsName(ulFlags, kFlushFlags) +
      ")");
  return S_OK;  // nothing queued
}

// -------------------------------------------------------------- provider --
class CXPProvider final : public IXPProvider {
 public:
  explicit CXPProvider(const Allocators& alloc)
      : m_alloc(alloc),
        m_name(NewObjectName(kLib, "IXPProvider")),
        m_shutdown(kLib, this, &m_cRef) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IXPPROVIDER_METHODS(IMPL)

 private:
  friend class CProviderShutdown<CXPProvider>;  // shares m_cRef, may delete this

  ~CXPProvider() = default;
  void Rec(const std::string& call) const { Record(kLib, m_name + "::" + call); }

  const Allocators m_alloc;
  const std::string m_name;
  std::atomic<ULONG> m_cRef{1};
  CProviderShutdown<CXPProvider> m_shutdown;  // handed out under the fast_shutdown knob
  // The support object of the most recent logon, without a reference, for
  // the call_support_after_logoff knob.
  std::atomic<LPMAPISUP> m_lpLastSup{NULL};
};

STDMETHODIMP CXPProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  if (riid == IID_IMAPIProviderShutdown && FastShutdownOffered(kLib)) {
    m_shutdown.AddRef();
    *ppvObj = static_cast<IMAPIProviderShutdown*>(&m_shutdown);
    return S_OK;
  }
  if (riid != IID_IXPProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IXPProvider*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CXPProvider::AddRef() { return RecordRef(kLib, m_name, "AddRef", ++m_cRef); }
STDMETHODIMP_(ULONG) CXPProvider::Release() {
  ULONG ulRef = RecordRef(kLib, m_name, "Release", --m_cRef);
  if (ulRef == 0) delete this;
  return ulRef;
}

STDMETHODIMP CXPProvider::Shutdown(ULONG FAR* lpulFlags) {
  Rec("Shutdown(" + (lpulFlags ? FlagsName(*lpulFlags, {}) : "NULL") + ")");
  HangIfAsked(kLib, "hang_shutdown_ms", m_name + "::Shutdown woke");
  LPMAPISUP lpLastSup = m_lpLastSup.load();
  if (lpLastSup != NULL && KnobOn(kLib, "call_support_after_logoff")) {
    UpdateStatusCode(kLib, lpLastSup, STATUS_AVAILABLE);  // MAPI must refuse it
  }
  if (KnobOn(kLib, "shutdown_throw")) throw std::runtime_error("test_xp.shutdown_throw");
  return KnobHr(kLib, "shutdown_hr", S_OK);
}

STDMETHODIMP CXPProvider::TransportLogon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR lpszProfileName,
                                         ULONG FAR* lpulFlags, LPMAPIERROR FAR* lppMAPIError,
                                         LPXPLOGON FAR* lppXPLogon) {
  Rec("TransportLogon(" + Quote(lpszProfileName) + ", " +
      (lpulFlags ? FlagsName(*lpulFlags, kXpLogonFlags) : "NULL") + ")");
  if (lpMAPISup == NULL || lpulFlags == NULL || lppXPLogon == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lppXPLogon = NULL;
  if (lppMAPIError != NULL) *lppMAPIError = NULL;
  HRESULT hrResult = KnobHr(kLib, "logon_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;

  AddRefMapiObject(kLib, "IMAPISupport", lpMAPISup);
  std::string display_name;
  HRESULT hr = ReadProfileDisplayName(kLib, lpMAPISup, m_alloc.free, &display_name);
  if (display_name.empty()) display_name = kDefaultName;
  if (SUCCEEDED(hr) && !KnobOn(kLib, "skip_modify_status_row")) {
    hr = ModifyStatusRow(kLib, lpMAPISup, StatusRow(display_name, STATUS_AVAILABLE), 0);
  }
  CXPLogon* pLogon = NULL;
  if (SUCCEEDED(hr)) {
    pLogon = new (std::nothrow) CXPLogon(lpMAPISup, m_alloc, display_name);
    if (pLogon == NULL) hr = MAPI_E_NOT_ENOUGH_MEMORY;
  }
  if (FAILED(hr)) {
    ReleaseMapiObject(kLib, "IMAPISupport", lpMAPISup);
    return hr;
  }
  m_lpLastSup = lpMAPISup;
  if (KnobOn(kLib, "leak_logon")) {
    pLogon->AddRef();  // never released: the logon is never freed
    LeakOnPurpose(pLogon);
  }
  // What the spooler should call: nothing unless the knob asks for Idle/Poll.
  *lpulFlags = KnobFlags(kLib, "logon_flags", kXpLogonFlags, 0);
  *lppXPLogon = pLogon;
  return hrResult;
}

}  // namespace

// ------------------------------------------------------------ entry point --
STDINITMETHODIMP XPProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
                                ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPXPPROVIDER FAR* lppXPProvider) {
  Record(kLib, "XPProviderInit(" + FlagsName(ulFlags, kInitFlags) + ", " + Hex32(ulMAPIVer) + ")");
  if (lppXPProvider != NULL) *lppXPProvider = NULL;
  if (lpulProviderVer == NULL || lppXPProvider == NULL || lpAllocateBuffer == NULL ||
      lpAllocateMore == NULL || lpFreeBuffer == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = KnobNumber(kLib, "version", CURRENT_SPI_VERSION);
  HRESULT hrResult = KnobHr(kLib, "init_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  CXPProvider* pProvider =
      new (std::nothrow) CXPProvider(Allocators{lpAllocateBuffer, lpAllocateMore, lpFreeBuffer});
  if (pProvider == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lppXPProvider = pProvider;
  return hrResult;
}
