// libtest_ab.so -- an address-book provider written the way a Windows MAPI
// address-book provider is written, against the SDK headers only, that
// records every call it receives and every call it makes into MAPI in the
// probe (../README.md has the line format and the knobs).
//
// CABProvider (IABProvider, one per ABProviderInit) logs on CABLogon objects
// (IABLogon). A logon AddRefs its support object at Logon and releases it in
// Logoff (iablogon-logoff.md), after its status object and advise sinks.
// OpenEntry gives the root container (NULL or abcont:"root") and a mail user
// for any mailuser entry ID (the name is the contact's display name).

#include <atomic>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "initguid.h"  // this module defines the IIDs it uses
#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "tests/providers/common/entry_ids.h"
#include "tests/providers/common/mapi_calls.h"
#include "tests/providers/common/names.h"
#include "tests/providers/common/prop_object.h"
#include "tests/providers/common/prop_set.h"
#include "tests/providers/common/provider_shutdown.h"
#include "tests/providers/common/record.h"
#include "tests/providers/common/status_object.h"

namespace {

using mapi_emu::testprov::AbEid;
using mapi_emu::testprov::AbEntryId;
using mapi_emu::testprov::AddRefMapiObject;
using mapi_emu::testprov::Allocators;
using mapi_emu::testprov::CallBackIntoSupport;
using mapi_emu::testprov::ConfigureService;
using mapi_emu::testprov::CPropObject;
using mapi_emu::testprov::CProviderShutdown;
using mapi_emu::testprov::CStatusObject;
using mapi_emu::testprov::DescribeAbEid;
using mapi_emu::testprov::EnumName;
using mapi_emu::testprov::FastShutdownOffered;
using mapi_emu::testprov::FlagsName;
using mapi_emu::testprov::HangIfAsked;
using mapi_emu::testprov::Hex32;
using mapi_emu::testprov::HrName;
using mapi_emu::testprov::IidName;
using mapi_emu::testprov::kAbLogonFlags;
using mapi_emu::testprov::kAbUid;
using mapi_emu::testprov::kEventMask;
using mapi_emu::testprov::kInitFlags;
using mapi_emu::testprov::KnobHr;
using mapi_emu::testprov::KnobNumber;
using mapi_emu::testprov::KnobOn;
using mapi_emu::testprov::kOpenFlags;
using mapi_emu::testprov::kServiceContexts;
using mapi_emu::testprov::kServiceFlags;
using mapi_emu::testprov::LeakOnPurpose;
using mapi_emu::testprov::LoadWitness;
using mapi_emu::testprov::ModifyStatusRow;
using mapi_emu::testprov::NewObjectName;
using mapi_emu::testprov::ParseAbEntryId;
using mapi_emu::testprov::PropSet;
using mapi_emu::testprov::Quote;
using mapi_emu::testprov::ReadProfileDisplayName;
using mapi_emu::testprov::Record;
using mapi_emu::testprov::RecordRef;
using mapi_emu::testprov::ReleaseMapiObject;
using mapi_emu::testprov::SetProviderUid;
using mapi_emu::testprov::SinkList;
using mapi_emu::testprov::TagArrayName;
using mapi_emu::testprov::UpdateStatusCode;

constexpr char kLib[] = "test_ab";
constexpr char kDefaultName[] = "Test Address Book";
constexpr char kProviderDisplay[] = "Test Address Book Provider";
constexpr char kDefaultDataPath[] = "test_ab.dat";
constexpr char kRootName[] = "root";

const LoadWitness g_witness(kLib);

PropSet StatusRow(const std::string& name) {
  PropSet row;
  row.SetString(PR_DISPLAY_NAME_A, name);
  row.SetString(PR_PROVIDER_DISPLAY_A, kProviderDisplay);
  row.SetLong(PR_RESOURCE_METHODS, STATUS_VALIDATE_STATE);
  row.SetLong(PR_STATUS_CODE, STATUS_AVAILABLE);
  row.SetString(PR_STATUS_STRING_A, "Available");
  row.SetLong(PR_RESOURCE_FLAGS, 0);
  return row;
}

// ------------------------------------------------------------- container --
class CABContainer : public CPropObject<IABContainer> {
 public:
  CABContainer(const Allocators& alloc, const std::string& display_name)
      : CPropObject<IABContainer>(kLib, "IABContainer", alloc,
                                  {&IID_IABContainer, &IID_IMAPIContainer}) {
    std::vector<BYTE> eid = AbEntryId(MAPI_ABCONT, kRootName);
    m_props.SetString(PR_DISPLAY_NAME_A, display_name);
    m_props.SetBinary(PR_ENTRYID, eid.data(), eid.size());
    m_props.SetLong(PR_OBJECT_TYPE, MAPI_ABCONT);
    m_props.SetLong(PR_CONTAINER_FLAGS, AB_RECIPIENTS | AB_UNMODIFIABLE);
  }

  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IABCONTAINER_METHODS(IMPL)
};

STDMETHODIMP CABContainer::GetContentsTable(ULONG ulFlags, LPMAPITABLE FAR*) {
  return Unsupported("GetContentsTable", FlagsName(ulFlags, {}));
}
STDMETHODIMP CABContainer::GetHierarchyTable(ULONG ulFlags, LPMAPITABLE FAR*) {
  return Unsupported("GetHierarchyTable", FlagsName(ulFlags, {}));
}
STDMETHODIMP CABContainer::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                     ULONG ulFlags, ULONG FAR*, LPUNKNOWN FAR*) {
  return Unsupported("OpenEntry", DescribeAbEid(cbEntryID, lpEntryID) + ", " +
                                      IidName(lpInterface) + ", " + FlagsName(ulFlags, kOpenFlags));
}
STDMETHODIMP CABContainer::SetSearchCriteria(LPSRestriction, LPENTRYLIST, ULONG ulSearchFlags) {
  return Unsupported("SetSearchCriteria", FlagsName(ulSearchFlags, {}));
}
STDMETHODIMP CABContainer::GetSearchCriteria(ULONG ulFlags, LPSRestriction FAR*, LPENTRYLIST FAR*,
                                             ULONG FAR*) {
  return Unsupported("GetSearchCriteria", FlagsName(ulFlags, {}));
}
STDMETHODIMP CABContainer::CreateEntry(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags,
                                       LPMAPIPROP FAR*) {
  return Unsupported("CreateEntry",
                     DescribeAbEid(cbEntryID, lpEntryID) + ", " + FlagsName(ulCreateFlags, {}));
}
STDMETHODIMP CABContainer::CopyEntries(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG ulFlags) {
  return Unsupported("CopyEntries", FlagsName(ulFlags, {}));
}
STDMETHODIMP CABContainer::DeleteEntries(LPENTRYLIST, ULONG ulFlags) {
  return Unsupported("DeleteEntries", FlagsName(ulFlags, {}));
}
STDMETHODIMP CABContainer::ResolveNames(LPSPropTagArray lpPropTagArray, ULONG ulFlags, LPADRLIST,
                                        LPFlagList) {
  return Unsupported("ResolveNames", TagArrayName(lpPropTagArray) + ", " + FlagsName(ulFlags, {}));
}

// ------------------------------------------------------------- mail user --
class CMailUser : public CPropObject<IMailUser> {
 public:
  CMailUser(const Allocators& alloc, const std::string& name)
      : CPropObject<IMailUser>(kLib, "IMailUser", alloc, {&IID_IMailUser}) {
    std::vector<BYTE> eid = AbEntryId(MAPI_MAILUSER, name);
    m_props.SetString(PR_DISPLAY_NAME_A, name);
    m_props.SetBinary(PR_ENTRYID, eid.data(), eid.size());
    m_props.SetLong(PR_OBJECT_TYPE, MAPI_MAILUSER);
    m_props.SetLong(PR_DISPLAY_TYPE, DT_MAILUSER);
    m_props.SetString(PR_ADDRTYPE_A, "TEST");
    m_props.SetString(PR_EMAIL_ADDRESS_A, name + "@test");
  }
};

// ----------------------------------------------------------------- logon --
class CABLogon final : public IABLogon {
 public:
  // Takes over the caller's reference on lpMAPISup.
  CABLogon(LPMAPISUP lpMAPISup, const Allocators& alloc, const std::string& name)
      : m_lpSup(lpMAPISup),
        m_alloc(alloc),
        m_displayName(name),
        m_name(NewObjectName(kLib, "IABLogon")) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IABLOGON_METHODS(IMPL)

 private:
  ~CABLogon() = default;
  void Rec(const std::string& call) const { Record(kLib, m_name + "::" + call); }

  std::mutex m_mutex;  // guards m_lpSup, m_pStatus, m_fLoggedOff
  LPMAPISUP m_lpSup;
  CStatusObject* m_pStatus = NULL;
  bool m_fLoggedOff = false;
  const Allocators m_alloc;
  const std::string m_displayName;
  const std::string m_name;
  SinkList m_sinks{kLib};
  std::atomic<ULONG> m_cRef{1};
};

STDMETHODIMP CABLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  if (riid != IID_IABLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IABLogon*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CABLogon::AddRef() { return RecordRef(kLib, m_name, "AddRef", ++m_cRef); }
STDMETHODIMP_(ULONG) CABLogon::Release() {
  ULONG ulRef = RecordRef(kLib, m_name, "Release", --m_cRef);
  if (ulRef == 0) delete this;
  return ulRef;
}

STDMETHODIMP CABLogon::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR* lppMAPIError) {
  Rec("GetLastError(" + HrName(hResult) + ", " + FlagsName(ulFlags, {}) + ")");
  if (lppMAPIError == NULL) return MAPI_E_INVALID_PARAMETER;
  *lppMAPIError = NULL;
  return S_OK;
}

STDMETHODIMP CABLogon::Logoff(ULONG ulFlags) {
  Rec("Logoff(" + FlagsName(ulFlags, {}) + ")");
  HangIfAsked(kLib, "hang_logoff_ms", m_name + "::Logoff woke");
  CStatusObject* pStatus;
  LPMAPISUP lpSup;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    pStatus = m_pStatus;
    m_pStatus = NULL;
    lpSup = m_lpSup;
    m_lpSup = NULL;
    m_fLoggedOff = true;
  }
  if (lpSup != NULL && KnobOn(kLib, "reenter_in_logoff")) {
    CallBackIntoSupport(kLib, lpSup, STATUS_AVAILABLE);  // before releasing anything
  }
  // Open objects first, the support object last (iablogon-logoff.md).
  if (pStatus != NULL) pStatus->Release();
  m_sinks.ReleaseAll();
  if (lpSup != NULL && !KnobOn(kLib, "keep_support_ref")) {
    ReleaseMapiObject(kLib, "IMAPISupport", lpSup);
  }
  if (KnobOn(kLib, "logoff_throw")) throw std::runtime_error("test_ab.logoff_throw");
  return KnobHr(kLib, "logoff_hr", S_OK);
}

STDMETHODIMP CABLogon::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                 ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  Rec("OpenEntry(" + DescribeAbEid(cbEntryID, lpEntryID) + ", " + IidName(lpInterface) + ", " +
      FlagsName(ulFlags, kOpenFlags) + ")");
  if (lpulObjType == NULL || lppUnk == NULL) return MAPI_E_INVALID_PARAMETER;
  AbEid eid{MAPI_ABCONT, kRootName};
  if (lpEntryID != NULL && !ParseAbEntryId(cbEntryID, lpEntryID, &eid)) {
    return MAPI_E_INVALID_ENTRYID;
  }
  if (eid.object_type == MAPI_ABCONT) {
    if (eid.name != kRootName) return MAPI_E_NOT_FOUND;
    if (lpInterface != NULL && *lpInterface != IID_IABContainer &&
        *lpInterface != IID_IMAPIContainer && *lpInterface != IID_IMAPIProp &&
        *lpInterface != IID_IUnknown) {
      return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    CABContainer* pContainer = new (std::nothrow) CABContainer(m_alloc, m_displayName);
    if (pContainer == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
    *lpulObjType = MAPI_ABCONT;
    *lppUnk = static_cast<IABContainer*>(pContainer);
    return S_OK;
  }
  if (eid.name.empty()) return MAPI_E_NOT_FOUND;
  if (lpInterface != NULL && *lpInterface != IID_IMailUser && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  CMailUser* pUser = new (std::nothrow) CMailUser(m_alloc, eid.name);
  if (pUser == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lpulObjType = MAPI_MAILUSER;
  *lppUnk = static_cast<IMailUser*>(pUser);
  return S_OK;
}

STDMETHODIMP CABLogon::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR* lpulResult) {
  Rec("CompareEntryIDs(" + DescribeAbEid(cbEntryID1, lpEntryID1) + ", " +
      DescribeAbEid(cbEntryID2, lpEntryID2) + ", " + FlagsName(ulFlags, {}) + ")");
  if (lpulResult == NULL) return MAPI_E_INVALID_PARAMETER;
  AbEid a, b;
  if (!ParseAbEntryId(cbEntryID1, lpEntryID1, &a) || !ParseAbEntryId(cbEntryID2, lpEntryID2, &b)) {
    return MAPI_E_INVALID_ENTRYID;  // not ours (iablogon-compareentryids.md)
  }
  *lpulResult = a.object_type == b.object_type && a.name == b.name;
  return S_OK;
}

STDMETHODIMP CABLogon::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                              LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  Rec("Advise(" + DescribeAbEid(cbEntryID, lpEntryID) + ", " + FlagsName(ulEventMask, kEventMask) +
      ")");
  AbEid eid;
  if (lpEntryID != NULL && !ParseAbEntryId(cbEntryID, lpEntryID, &eid)) {
    return MAPI_E_INVALID_ENTRYID;
  }
  return m_sinks.Add(ulEventMask, lpAdviseSink, lpulConnection);
}

STDMETHODIMP CABLogon::Unadvise(ULONG_PTR ulConnection) {
  Rec("Unadvise(" + std::to_string(ulConnection) + ")");
  return m_sinks.Remove(ulConnection);
}

STDMETHODIMP CABLogon::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR* lpulObjType,
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
    PropSet props = StatusRow(m_displayName);
    props.SetLong(PR_RESOURCE_TYPE, MAPI_AB_PROVIDER);
    props.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    m_pStatus = new (std::nothrow) CStatusObject(kLib, this, m_alloc, props);
    if (m_pStatus == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  m_pStatus->AddRef();
  *lpulObjType = MAPI_STATUS;
  *lppEntry = m_pStatus;
  return S_OK;
}

STDMETHODIMP CABLogon::OpenTemplateID(ULONG cbTemplateID, LPENTRYID lpTemplateID,
                                      ULONG ulTemplateFlags, LPMAPIPROP, LPCIID lpInterface,
                                      LPMAPIPROP FAR*, LPMAPIPROP) {
  Rec("OpenTemplateID(" + DescribeAbEid(cbTemplateID, lpTemplateID) + ", " +
      FlagsName(ulTemplateFlags, {}) + ", " + IidName(lpInterface) + ")");
  return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CABLogon::GetOneOffTable(ULONG ulFlags, LPMAPITABLE FAR*) {
  Rec("GetOneOffTable(" + FlagsName(ulFlags, kOpenFlags) + ")");
  return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CABLogon::PrepareRecips(ULONG ulFlags, LPSPropTagArray lpPropTagArray,
                                     LPADRLIST lpRecipList) {
  Rec("PrepareRecips(" + FlagsName(ulFlags, {}) + ", " + TagArrayName(lpPropTagArray) + ", " +
      (lpRecipList != NULL ? std::to_string(lpRecipList->cEntries) : std::string("NULL")) + ")");
  return S_OK;  // the recipients already carry everything this provider has
}

// -------------------------------------------------------------- provider --
class CABProvider final : public IABProvider {
 public:
  explicit CABProvider(const Allocators& alloc)
      : m_alloc(alloc),
        m_name(NewObjectName(kLib, "IABProvider")),
        m_shutdown(kLib, this, &m_cRef) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IABPROVIDER_METHODS(IMPL)

 private:
  friend class CProviderShutdown<CABProvider>;  // shares m_cRef, may delete this

  ~CABProvider() = default;
  void Rec(const std::string& call) const { Record(kLib, m_name + "::" + call); }

  const Allocators m_alloc;
  const std::string m_name;
  std::atomic<ULONG> m_cRef{1};
  CProviderShutdown<CABProvider> m_shutdown;  // handed out under the fast_shutdown knob
  // The support object of the most recent logon, without a reference, for
  // the call_support_after_logoff knob.
  std::atomic<LPMAPISUP> m_lpLastSup{NULL};
};

STDMETHODIMP CABProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  if (riid == IID_IMAPIProviderShutdown && FastShutdownOffered(kLib)) {
    m_shutdown.AddRef();
    *ppvObj = static_cast<IMAPIProviderShutdown*>(&m_shutdown);
    return S_OK;
  }
  if (riid != IID_IABProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IABProvider*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CABProvider::AddRef() { return RecordRef(kLib, m_name, "AddRef", ++m_cRef); }
STDMETHODIMP_(ULONG) CABProvider::Release() {
  ULONG ulRef = RecordRef(kLib, m_name, "Release", --m_cRef);
  if (ulRef == 0) delete this;
  return ulRef;
}

STDMETHODIMP CABProvider::Shutdown(ULONG FAR* lpulFlags) {
  Rec("Shutdown(" + (lpulFlags ? FlagsName(*lpulFlags, {}) : "NULL") + ")");
  HangIfAsked(kLib, "hang_shutdown_ms", m_name + "::Shutdown woke");
  LPMAPISUP lpLastSup = m_lpLastSup.load();
  if (lpLastSup != NULL && KnobOn(kLib, "call_support_after_logoff")) {
    UpdateStatusCode(kLib, lpLastSup, STATUS_AVAILABLE);  // MAPI must refuse it
  }
  if (KnobOn(kLib, "shutdown_throw")) throw std::runtime_error("test_ab.shutdown_throw");
  return KnobHr(kLib, "shutdown_hr", S_OK);
}

STDMETHODIMP CABProvider::Logon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR lpszProfileName,
                                ULONG ulFlags, ULONG FAR* lpulcbSecurity, LPBYTE FAR* lppbSecurity,
                                LPMAPIERROR FAR* lppMAPIError, LPABLOGON FAR* lppABLogon) {
  Rec("Logon(" + Quote(lpszProfileName) + ", " + FlagsName(ulFlags, kAbLogonFlags) + ")");
  if (lpMAPISup == NULL || lppABLogon == NULL) return MAPI_E_INVALID_PARAMETER;
  // Initialise the out parameters (the security ones are reserved: 0/NULL).
  *lppABLogon = NULL;
  if (lpulcbSecurity != NULL) *lpulcbSecurity = 0;
  if (lppbSecurity != NULL) *lppbSecurity = NULL;
  if (lppMAPIError != NULL) *lppMAPIError = NULL;
  HRESULT hrResult = KnobHr(kLib, "logon_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;

  AddRefMapiObject(kLib, "IMAPISupport", lpMAPISup);
  std::string display_name;
  HRESULT hr = ReadProfileDisplayName(kLib, lpMAPISup, m_alloc.free, &display_name);
  if (SUCCEEDED(hr)) hr = SetProviderUid(kLib, lpMAPISup, kAbUid);
  if (display_name.empty()) display_name = kDefaultName;
  if (SUCCEEDED(hr) && !KnobOn(kLib, "skip_modify_status_row")) {
    hr = ModifyStatusRow(kLib, lpMAPISup, StatusRow(display_name), 0);
  }
  CABLogon* pLogon = NULL;
  if (SUCCEEDED(hr)) {
    pLogon = new (std::nothrow) CABLogon(lpMAPISup, m_alloc, display_name);
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
  *lppABLogon = pLogon;
  return hrResult;
}

}  // namespace

// ------------------------------------------------------------ entry points --
STDINITMETHODIMP ABProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
                                ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPABPROVIDER FAR* lppABProvider) {
  Record(kLib, "ABProviderInit(" + FlagsName(ulFlags, kInitFlags) + ", " + Hex32(ulMAPIVer) + ")");
  if (lppABProvider != NULL) *lppABProvider = NULL;
  if (lpulProviderVer == NULL || lppABProvider == NULL || lpAllocateBuffer == NULL ||
      lpAllocateMore == NULL || lpFreeBuffer == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = KnobNumber(kLib, "version", CURRENT_SPI_VERSION);
  HRESULT hrResult = KnobHr(kLib, "init_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  CABProvider* pProvider =
      new (std::nothrow) CABProvider(Allocators{lpAllocateBuffer, lpAllocateMore, lpFreeBuffer});
  if (pProvider == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lppABProvider = pProvider;
  return hrResult;
}

// The message-service entry point (PR_SERVICE_ENTRY_NAME "ServiceEntry").
extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY ServiceEntry;

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE, LPMALLOC, LPMAPISUP lpMAPISup, ULONG_PTR,
                                    ULONG ulFlags, ULONG ulContext, ULONG cValues,
                                    LPSPropValue lpProps, LPPROVIDERADMIN lpProviderAdmin,
                                    LPMAPIERROR FAR* lppMapiError) {
  Record(kLib, "ServiceEntry(" + EnumName(ulContext, kServiceContexts) + ", " +
                   FlagsName(ulFlags, kServiceFlags) + ", " +
                   mapi_emu::testprov::ValueTagsName(cValues, lpProps) + ", " +
                   (lpProviderAdmin != NULL ? "admin" : "NULL") + ")");
  if (lppMapiError != NULL) *lppMapiError = NULL;
  HRESULT hrResult = KnobHr(kLib, "service_entry_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  HRESULT hr = ConfigureService(kLib, lpMAPISup, ulContext, cValues, lpProps, kDefaultName,
                                kDefaultDataPath);
  return FAILED(hr) ? hr : hrResult;
}
