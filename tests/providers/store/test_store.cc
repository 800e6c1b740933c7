// libtest_store.so -- a message-store provider written the way a Windows
// MAPI store provider is written, against the SDK headers only, that records
// every call it receives and every call it makes into MAPI in the probe
// (../README.md has the line format and the knobs).
//
// Objects: CMSProvider (IMSProvider, one per MSProviderInit) keeps the list
// of stores it has open. Each store logon is a CStorePair: an IMsgStore
// (CMsgStore, the client's) and an IMSLogon (CMSLogon, MAPI's) created and
// freed together, sharing the support object, the advise sinks and the
// status object. Shutdown follows "Shutting Down a Message Store Provider"
// and rulings 1-2: StoreLogoff begins with StoreLogoffTransports(same flag);
// the store's final Release calls StoreLogoffTransports(LOGOFF_ABORT) when
// it never ran, then releases the support object, on which MAPI calls
// IMSLogon::Logoff (which then does not release it again) and Releases the
// logon. On session logoff (IMSLogon::Logoff while a client still holds the
// store) Logoff itself calls StoreLogoffTransports(LOGOFF_ABORT) if needed
// and releases the support object: exactly once per store logon either way.

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

using mapi_emu::testprov::AddRefMapiObject;
using mapi_emu::testprov::Allocators;
using mapi_emu::testprov::CallBackIntoSupport;
using mapi_emu::testprov::ConfigureService;
using mapi_emu::testprov::CPropObject;
using mapi_emu::testprov::CProviderShutdown;
using mapi_emu::testprov::CStatusObject;
using mapi_emu::testprov::DescribeStoreEid;
using mapi_emu::testprov::EnumName;
using mapi_emu::testprov::FastShutdownOffered;
using mapi_emu::testprov::FlagsName;
using mapi_emu::testprov::HangIfAsked;
using mapi_emu::testprov::Hex32;
using mapi_emu::testprov::HrName;
using mapi_emu::testprov::IidName;
using mapi_emu::testprov::kEventMask;
using mapi_emu::testprov::kInitFlags;
using mapi_emu::testprov::kLogoffFlags;
using mapi_emu::testprov::kMdbLogonFlags;
using mapi_emu::testprov::Knob;
using mapi_emu::testprov::KnobFlags;
using mapi_emu::testprov::KnobHr;
using mapi_emu::testprov::KnobNumber;
using mapi_emu::testprov::KnobOn;
using mapi_emu::testprov::kOpenFlags;
using mapi_emu::testprov::kServiceContexts;
using mapi_emu::testprov::kServiceFlags;
using mapi_emu::testprov::kStoreBaseUid;
using mapi_emu::testprov::LeakOnPurpose;
using mapi_emu::testprov::LoadWitness;
using mapi_emu::testprov::ModifyStatusRow;
using mapi_emu::testprov::NewObjectName;
using mapi_emu::testprov::ParseStoreEntryId;
using mapi_emu::testprov::PropSet;
using mapi_emu::testprov::Quote;
using mapi_emu::testprov::ReadProfileDisplayName;
using mapi_emu::testprov::Record;
using mapi_emu::testprov::RecordRef;
using mapi_emu::testprov::RootFolderEntryId;
using mapi_emu::testprov::SetProviderUid;
using mapi_emu::testprov::SinkList;
using mapi_emu::testprov::StoreEid;
using mapi_emu::testprov::StoreEntryId;
using mapi_emu::testprov::StoreUid;
using mapi_emu::testprov::UpdateStatusCode;
using mapi_emu::testprov::ValueTagsName;

constexpr char kLib[] = "test_store";
constexpr char kDefaultStoreName[] = "Test Store";
constexpr char kProviderDisplay[] = "Test Store Provider";
constexpr char kDefaultDataPath[] = "test_store.dat";

const LoadWitness g_witness(kLib);

// Guards every provider object's list of open stores and each store's
// pointer back to its provider object.
std::mutex g_listMutex;

class CMSProvider;
class CStorePair;

bool IsStoreInterface(LPCIID lpInterface) {
  return lpInterface == NULL || *lpInterface == IID_IMsgStore || *lpInterface == IID_IMAPIProp ||
         *lpInterface == IID_IUnknown;
}

// The status row this store adds with ModifyStatusRow; its status object
// answers with the same values plus PR_RESOURCE_TYPE and PR_OBJECT_TYPE.
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

void ReleaseMapiObject(const char* iface, LPUNKNOWN lpUnk) {
  mapi_emu::testprov::ReleaseMapiObject(kLib, iface, lpUnk);
}

// ---------------------------------------------------------------- folder --
// The root folder: properties only.
class CFolder : public CPropObject<IMAPIFolder> {
 public:
  CFolder(const Allocators& alloc, const std::string& store_name)
      : CPropObject<IMAPIFolder>(kLib, "IMAPIFolder", alloc,
                                 {&IID_IMAPIFolder, &IID_IMAPIContainer}) {
    std::vector<BYTE> eid = RootFolderEntryId(store_name);
    std::vector<BYTE> store_eid = StoreEntryId(store_name);
    m_props.SetString(PR_DISPLAY_NAME_A, "Root");
    m_props.SetBinary(PR_ENTRYID, eid.data(), eid.size());
    m_props.SetLong(PR_OBJECT_TYPE, MAPI_FOLDER);
    m_props.SetLong(PR_FOLDER_TYPE, FOLDER_ROOT);
    m_props.SetBinary(PR_STORE_ENTRYID, store_eid.data(), store_eid.size());
  }

  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IMAPIFOLDER_METHODS(IMPL)
};

STDMETHODIMP CFolder::GetContentsTable(ULONG ulFlags, LPMAPITABLE FAR*) {
  return Unsupported("GetContentsTable", FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::GetHierarchyTable(ULONG ulFlags, LPMAPITABLE FAR*) {
  return Unsupported("GetHierarchyTable", FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                ULONG ulFlags, ULONG FAR*, LPUNKNOWN FAR*) {
  return Unsupported("OpenEntry", DescribeStoreEid(cbEntryID, lpEntryID) + ", " +
                                      IidName(lpInterface) + ", " + FlagsName(ulFlags, kOpenFlags));
}
STDMETHODIMP CFolder::SetSearchCriteria(LPSRestriction, LPENTRYLIST, ULONG ulSearchFlags) {
  return Unsupported("SetSearchCriteria", FlagsName(ulSearchFlags, {}));
}
STDMETHODIMP CFolder::GetSearchCriteria(ULONG ulFlags, LPSRestriction FAR*, LPENTRYLIST FAR*,
                                        ULONG FAR*) {
  return Unsupported("GetSearchCriteria", FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::CreateMessage(LPCIID lpInterface, ULONG ulFlags, LPMESSAGE FAR*) {
  return Unsupported("CreateMessage", IidName(lpInterface) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::CopyMessages(LPENTRYLIST, LPCIID lpInterface, LPVOID, ULONG_PTR,
                                   LPMAPIPROGRESS, ULONG ulFlags) {
  return Unsupported("CopyMessages", IidName(lpInterface) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::DeleteMessages(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG ulFlags) {
  return Unsupported("DeleteMessages", FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::CreateFolder(ULONG ulFolderType, LPTSTR lpszFolderName, LPTSTR,
                                   LPCIID lpInterface, ULONG ulFlags, LPMAPIFOLDER FAR*) {
  return Unsupported("CreateFolder", Hex32(ulFolderType) + ", " + Quote(lpszFolderName) + ", " +
                                         IidName(lpInterface) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::CopyFolder(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, LPVOID,
                                 LPTSTR, ULONG_PTR, LPMAPIPROGRESS, ULONG ulFlags) {
  return Unsupported("CopyFolder", DescribeStoreEid(cbEntryID, lpEntryID) + ", " +
                                       IidName(lpInterface) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::DeleteFolder(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG_PTR, LPMAPIPROGRESS,
                                   ULONG ulFlags) {
  return Unsupported("DeleteFolder",
                     DescribeStoreEid(cbEntryID, lpEntryID) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::SetReadFlags(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG ulFlags) {
  return Unsupported("SetReadFlags", FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::GetMessageStatus(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags,
                                       ULONG FAR*) {
  return Unsupported("GetMessageStatus",
                     DescribeStoreEid(cbEntryID, lpEntryID) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::SetMessageStatus(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulNewStatus,
                                       ULONG ulNewStatusMask, ULONG FAR*) {
  return Unsupported("SetMessageStatus", DescribeStoreEid(cbEntryID, lpEntryID) + ", " +
                                             Hex32(ulNewStatus) + ", " + Hex32(ulNewStatusMask));
}
STDMETHODIMP CFolder::SaveContentsSort(LPSSortOrderSet, ULONG ulFlags) {
  return Unsupported("SaveContentsSort", FlagsName(ulFlags, {}));
}
STDMETHODIMP CFolder::EmptyFolder(ULONG_PTR, LPMAPIPROGRESS, ULONG ulFlags) {
  return Unsupported("EmptyFolder", FlagsName(ulFlags, {}));
}

// ----------------------------------------------------- store and logon --
class CMsgStore : public CPropObject<IMsgStore> {
 public:
  CMsgStore(CStorePair* pair, const Allocators& alloc, const std::string& name);
  ~CMsgStore() override = default;

  MAPI_IMSGSTORE_METHODS(IMPL)

 private:
  // The pair does the store's shutdown and frees the memory.
  void OnFinalRelease() override;

  CStorePair* const m_pPair;
};

class CMSLogon : public IMSLogon {
 public:
  explicit CMSLogon(CStorePair* pair) : m_pPair(pair), m_name(NewObjectName(kLib, "IMSLogon")) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSLOGON_METHODS(IMPL)

  ULONG AddRefIfLive() {
    ULONG n = m_cRef.load();
    while (n != 0) {
      if (m_cRef.compare_exchange_weak(n, n + 1)) return RecordRef(kLib, m_name, "AddRef", n + 1);
    }
    return 0;
  }

 private:
  void Rec(const std::string& call) const { Record(kLib, m_name + "::" + call); }

  CStorePair* const m_pPair;
  const std::string m_name;
  std::atomic<ULONG> m_cRef{1};
};

class CStorePair {
 public:
  // Takes over the caller's reference on lpMAPISup.
  CStorePair(CMSProvider* provider, LPMAPISUP lpMAPISup, const Allocators& alloc,
             const std::string& name)
      : m_store(this, alloc, name),
        m_logon(this),
        m_name(name),
        m_alloc(alloc),
        m_lpSup(lpMAPISup),
        m_pProvider(provider) {}

  CMsgStore m_store;
  CMSLogon m_logon;
  const std::string m_name;

  // Called under g_listMutex.
  CMSProvider* ProviderLocked() const { return m_pProvider; }
  void DetachProviderLocked() { m_pProvider = NULL; }

  // The IMsgStore's final Release (ruling 1 and 2).
  void OnStoreFinalRelease();
  // IMSLogon::Logoff's work.
  void Logoff();
  // IMsgStore::StoreLogoff's work.
  HRESULT StoreLogoff(ULONG FAR* lpulFlags);
  // One of the two objects reached a count of 0.
  void PartReleased() {
    if (--m_cParts == 0) delete this;
  }

  HRESULT OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                    ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk);
  HRESULT CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                          LPENTRYID lpEntryID2, ULONG FAR* lpulResult);
  HRESULT Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                 LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection);
  HRESULT Unadvise(ULONG_PTR ulConnection);
  HRESULT OpenStatusEntry(LPCIID lpInterface, ULONG FAR* lpulObjType, LPVOID FAR* lppEntry);

 private:
  ~CStorePair() = default;
  void Unlist();
  // Calls StoreLogoffTransports as the knobs say; returns its output flags.
  ULONG StoreLogoffTransports(LPMAPISUP lpSup, ULONG ulFlags);
  // Releases the support reference as the knobs say.
  void ReleaseSupport(LPMAPISUP lpSup);

  const Allocators m_alloc;
  SinkList m_sinks{kLib};
  std::mutex m_mutex;  // guards the members below
  LPMAPISUP m_lpSup;   // NULL once released
  bool m_fTransportsLoggedOff = false;
  bool m_fLoggedOff = false;
  CStatusObject* m_pStatus = NULL;

  std::atomic<int> m_cParts{2};
  CMSProvider* m_pProvider;  // guarded by g_listMutex
};

// -------------------------------------------------------------- provider --
class CMSProvider final : public IMSProvider {
 public:
  explicit CMSProvider(const Allocators& alloc)
      : m_alloc(alloc),
        m_name(NewObjectName(kLib, "IMSProvider")),
        m_shutdown(kLib, this, &m_cRef) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSPROVIDER_METHODS(IMPL)

  // Called under g_listMutex.
  void ForgetLocked(CStorePair* pair) {
    for (auto it = m_stores.begin(); it != m_stores.end(); ++it) {
      if (*it == pair) {
        m_stores.erase(it);
        return;
      }
    }
  }

 private:
  friend class CProviderShutdown<CMSProvider>;  // shares m_cRef, may delete this

  ~CMSProvider() {
    std::lock_guard<std::mutex> lock(g_listMutex);
    for (CStorePair* pair : m_stores) pair->DetachProviderLocked();
  }
  void Rec(const std::string& call) const { Record(kLib, m_name + "::" + call); }
  // The open store called `name`, AddRef'd (and its logon too when
  // lppMSLogon is not NULL), or NULL.
  CMsgStore* FindOpenStore(const std::string& name, LPMSLOGON FAR* lppMSLogon);

  const Allocators m_alloc;
  const std::string m_name;
  std::atomic<ULONG> m_cRef{1};
  CProviderShutdown<CMSProvider> m_shutdown;  // handed out under the fast_shutdown knob
  std::vector<CStorePair*> m_stores;          // guarded by g_listMutex
  // The support object of the most recent store logon, without a reference,
  // for the call_support_after_logoff knob.
  std::atomic<LPMAPISUP> m_lpLastSup{NULL};
};

// ---------------------------------------------------------- CStorePair --
void CStorePair::Unlist() {
  std::lock_guard<std::mutex> lock(g_listMutex);
  if (m_pProvider != NULL) m_pProvider->ForgetLocked(this);
  m_pProvider = NULL;
}

ULONG CStorePair::StoreLogoffTransports(LPMAPISUP lpSup, ULONG ulFlags) {
  ULONG ulIn = KnobFlags(kLib, "slt_flag_override", kLogoffFlags, ulFlags);
  int cCalls = KnobOn(kLib, "call_slt_twice") ? 2 : 1;
  ULONG ulOut = 0;
  for (int i = 0; i < cCalls; ++i) {
    ulOut = ulIn;
    HRESULT hr = lpSup->StoreLogoffTransports(&ulOut);
    Record(kLib, "-> IMAPISupport::StoreLogoffTransports(" + FlagsName(ulIn, kLogoffFlags) +
                     ") = " + HrName(hr) + ", out " + FlagsName(ulOut, kLogoffFlags));
  }
  return ulOut;
}

void CStorePair::ReleaseSupport(LPMAPISUP lpSup) {
  if (KnobOn(kLib, "keep_support_ref")) return;
  bool fTwice = KnobOn(kLib, "release_support_twice");
  ReleaseMapiObject("IMAPISupport", lpSup);
  if (fTwice) ReleaseMapiObject("IMAPISupport", lpSup);
}

void CStorePair::OnStoreFinalRelease() {
  Unlist();
  LPMAPISUP lpSup;
  bool fCallTransports;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    lpSup = m_lpSup;
    m_lpSup = NULL;  // IMSLogon::Logoff, called by MAPI below, must not release it again
    fCallTransports = lpSup != NULL && !m_fTransportsLoggedOff;
    m_fTransportsLoggedOff = true;
  }
  if (fCallTransports && !KnobOn(kLib, "skip_storelogofftransports")) {
    StoreLogoffTransports(lpSup, LOGOFF_ABORT);
  }
  m_sinks.ReleaseAll();
  if (lpSup != NULL) ReleaseSupport(lpSup);
  PartReleased();
}

void CStorePair::Logoff() {
  CStatusObject* pStatus;
  LPMAPISUP lpSup;
  bool fCallTransports;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    pStatus = m_pStatus;
    m_pStatus = NULL;
    m_fLoggedOff = true;
    lpSup = m_lpSup;
    m_lpSup = NULL;
    fCallTransports = lpSup != NULL && !m_fTransportsLoggedOff;
    m_fTransportsLoggedOff = true;
  }
  // After the store's final Release (ruling 2) there is no support object
  // left to call back into.
  if (lpSup != NULL && KnobOn(kLib, "reenter_in_logoff")) {
    CallBackIntoSupport(kLib, lpSup, STATUS_AVAILABLE);
  }
  Unlist();
  if (pStatus != NULL) pStatus->Release();  // breaks the status <-> logon cycle
  if (lpSup == NULL) return;                // the store's Release already released it
  // Session logoff while a client still holds the store.
  if (fCallTransports && !KnobOn(kLib, "skip_storelogofftransports")) {
    StoreLogoffTransports(lpSup, LOGOFF_ABORT);
  }
  m_sinks.ReleaseAll();
  ReleaseSupport(lpSup);
}

HRESULT CStorePair::StoreLogoff(ULONG FAR* lpulFlags) {
  LPMAPISUP lpSup;
  bool fCallTransports;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    lpSup = m_lpSup;
    if (lpSup == NULL) return MAPI_E_INVALID_OBJECT;  // logged off already
    fCallTransports = !m_fTransportsLoggedOff;
    m_fTransportsLoggedOff = true;
  }
  ULONG ulOut = 0;
  if (fCallTransports && !KnobOn(kLib, "skip_storelogofftransports")) {
    ulOut = StoreLogoffTransports(lpSup, *lpulFlags);
  }
  *lpulFlags = ulOut & (LOGOFF_INBOUND | LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE);
  return S_OK;
}

HRESULT CStorePair::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                              ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  if (lpulObjType == NULL || lppUnk == NULL) return MAPI_E_INVALID_PARAMETER;
  if (lpEntryID != NULL) {
    StoreEid eid;
    if (!ParseStoreEntryId(cbEntryID, lpEntryID, &eid) || eid.name != m_name) {
      return MAPI_E_INVALID_ENTRYID;
    }
    if (!eid.root_folder) return MAPI_E_NOT_FOUND;  // only the root folder opens
  }
  if (lpInterface != NULL && *lpInterface != IID_IMAPIFolder &&
      *lpInterface != IID_IMAPIContainer && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  CFolder* pFolder = new (std::nothrow) CFolder(m_alloc, m_name);
  if (pFolder == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lpulObjType = MAPI_FOLDER;
  *lppUnk = static_cast<IMAPIFolder*>(pFolder);
  return S_OK;
}

HRESULT CStorePair::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                    LPENTRYID lpEntryID2, ULONG FAR* lpulResult) {
  if (lpulResult == NULL) return MAPI_E_INVALID_PARAMETER;
  StoreEid a, b;
  if (!ParseStoreEntryId(cbEntryID1, lpEntryID1, &a) ||
      !ParseStoreEntryId(cbEntryID2, lpEntryID2, &b)) {
    return MAPI_E_INVALID_ENTRYID;
  }
  *lpulResult = a.name == b.name && a.root_folder == b.root_folder;
  return S_OK;
}

HRESULT CStorePair::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                           LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  StoreEid eid;
  if (lpEntryID != NULL && !ParseStoreEntryId(cbEntryID, lpEntryID, &eid)) {
    return MAPI_E_INVALID_ENTRYID;
  }
  return m_sinks.Add(ulEventMask, lpAdviseSink, lpulConnection);
}

HRESULT CStorePair::Unadvise(ULONG_PTR ulConnection) { return m_sinks.Remove(ulConnection); }

HRESULT CStorePair::OpenStatusEntry(LPCIID lpInterface, ULONG FAR* lpulObjType,
                                    LPVOID FAR* lppEntry) {
  if (lpulObjType == NULL || lppEntry == NULL) return MAPI_E_INVALID_PARAMETER;
  if (lpInterface != NULL && *lpInterface != IID_IMAPIStatus && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
  if (m_pStatus == NULL) {
    PropSet props = StatusRow(m_name);
    props.SetLong(PR_RESOURCE_TYPE, MAPI_STORE_PROVIDER);
    props.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    m_pStatus = new (std::nothrow) CStatusObject(kLib, &m_logon, m_alloc, props);
    if (m_pStatus == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  m_pStatus->AddRef();
  *lpulObjType = MAPI_STATUS;
  *lppEntry = static_cast<IMAPIStatus*>(m_pStatus);
  return S_OK;
}

// ------------------------------------------------------------ CMsgStore --
CMsgStore::CMsgStore(CStorePair* pair, const Allocators& alloc, const std::string& name)
    : CPropObject<IMsgStore>(kLib, "IMsgStore", alloc, {&IID_IMsgStore}), m_pPair(pair) {
  MAPIUID uid = StoreUid(name);
  std::vector<BYTE> eid = StoreEntryId(name);
  m_props.SetString(PR_DISPLAY_NAME_A, name);
  m_props.SetBinary(PR_ENTRYID, eid.data(), eid.size());
  m_props.SetBinary(PR_RECORD_KEY, uid.ab, sizeof uid.ab);
  m_props.SetBinary(PR_STORE_RECORD_KEY, uid.ab, sizeof uid.ab);
  m_props.SetLong(PR_STORE_SUPPORT_MASK, STORE_ENTRYID_UNIQUE | STORE_READONLY);
  m_props.SetBinary(PR_MDB_PROVIDER, kStoreBaseUid.ab, sizeof kStoreBaseUid.ab);
  m_props.SetLong(PR_OBJECT_TYPE, MAPI_STORE);
}

void CMsgStore::OnFinalRelease() { m_pPair->OnStoreFinalRelease(); }

STDMETHODIMP CMsgStore::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                               LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  Rec("Advise(" + DescribeStoreEid(cbEntryID, lpEntryID) + ", " +
      FlagsName(ulEventMask, kEventMask) + ")");
  return m_pPair->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
}
STDMETHODIMP CMsgStore::Unadvise(ULONG_PTR ulConnection) {
  Rec("Unadvise(" + std::to_string(ulConnection) + ")");
  return m_pPair->Unadvise(ulConnection);
}
STDMETHODIMP CMsgStore::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                        LPENTRYID lpEntryID2, ULONG ulFlags,
                                        ULONG FAR* lpulResult) {
  Rec("CompareEntryIDs(" + DescribeStoreEid(cbEntryID1, lpEntryID1) + ", " +
      DescribeStoreEid(cbEntryID2, lpEntryID2) + ", " + FlagsName(ulFlags, {}) + ")");
  return m_pPair->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, lpulResult);
}
STDMETHODIMP CMsgStore::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                  ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  Rec("OpenEntry(" + DescribeStoreEid(cbEntryID, lpEntryID) + ", " + IidName(lpInterface) + ", " +
      FlagsName(ulFlags, kOpenFlags) + ")");
  return m_pPair->OpenEntry(cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
}
STDMETHODIMP CMsgStore::SetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                         LPENTRYID lpEntryID) {
  return Unsupported("SetReceiveFolder", Quote(lpszMessageClass) + ", " + FlagsName(ulFlags, {}) +
                                             ", " + DescribeStoreEid(cbEntryID, lpEntryID));
}
STDMETHODIMP CMsgStore::GetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR*,
                                         LPENTRYID FAR*, LPTSTR FAR*) {
  return Unsupported("GetReceiveFolder", Quote(lpszMessageClass) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CMsgStore::GetReceiveFolderTable(ULONG ulFlags, LPMAPITABLE FAR*) {
  return Unsupported("GetReceiveFolderTable", FlagsName(ulFlags, {}));
}
STDMETHODIMP CMsgStore::StoreLogoff(ULONG FAR* lpulFlags) {
  Rec("StoreLogoff(" + (lpulFlags ? FlagsName(*lpulFlags, kLogoffFlags) : "NULL") + ")");
  if (lpulFlags == NULL) return MAPI_E_INVALID_PARAMETER;
  return m_pPair->StoreLogoff(lpulFlags);
}
STDMETHODIMP CMsgStore::AbortSubmit(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags) {
  return Unsupported("AbortSubmit",
                     DescribeStoreEid(cbEntryID, lpEntryID) + ", " + FlagsName(ulFlags, {}));
}
STDMETHODIMP CMsgStore::GetOutgoingQueue(ULONG ulFlags, LPMAPITABLE FAR*) {
  return Unsupported("GetOutgoingQueue", FlagsName(ulFlags, {}));
}
STDMETHODIMP CMsgStore::SetLockState(LPMESSAGE, ULONG ulLockState) {
  return Unsupported("SetLockState", Hex32(ulLockState));
}
STDMETHODIMP CMsgStore::FinishedMsg(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) {
  return Unsupported("FinishedMsg",
                     FlagsName(ulFlags, {}) + ", " + DescribeStoreEid(cbEntryID, lpEntryID));
}
STDMETHODIMP CMsgStore::NotifyNewMail(LPNOTIFICATION) { return Unsupported("NotifyNewMail"); }

// ------------------------------------------------------------- CMSLogon --
STDMETHODIMP CMSLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  if (riid != IID_IMSLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IMSLogon*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CMSLogon::AddRef() { return RecordRef(kLib, m_name, "AddRef", ++m_cRef); }
STDMETHODIMP_(ULONG) CMSLogon::Release() {
  ULONG ulRef = RecordRef(kLib, m_name, "Release", --m_cRef);
  if (ulRef == 0) m_pPair->PartReleased();
  return ulRef;
}
STDMETHODIMP CMSLogon::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR* lppMAPIError) {
  Rec("GetLastError(" + HrName(hResult) + ", " + FlagsName(ulFlags, {}) + ")");
  if (lppMAPIError == NULL) return MAPI_E_INVALID_PARAMETER;
  *lppMAPIError = NULL;
  return S_OK;
}
STDMETHODIMP CMSLogon::Logoff(ULONG FAR* lpulFlags) {
  Rec("Logoff(" + (lpulFlags ? FlagsName(*lpulFlags, {}) : "NULL") + ")");
  HangIfAsked(kLib, "hang_logoff_ms", m_name + "::Logoff woke");
  m_pPair->Logoff();
  if (KnobOn(kLib, "logoff_throw")) throw std::runtime_error("test_store.logoff_throw");
  return KnobHr(kLib, "logoff_hr", S_OK);
}
STDMETHODIMP CMSLogon::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                 ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  Rec("OpenEntry(" + DescribeStoreEid(cbEntryID, lpEntryID) + ", " + IidName(lpInterface) + ", " +
      FlagsName(ulFlags, kOpenFlags) + ")");
  return m_pPair->OpenEntry(cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
}
STDMETHODIMP CMSLogon::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR* lpulResult) {
  Rec("CompareEntryIDs(" + DescribeStoreEid(cbEntryID1, lpEntryID1) + ", " +
      DescribeStoreEid(cbEntryID2, lpEntryID2) + ", " + FlagsName(ulFlags, {}) + ")");
  return m_pPair->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, lpulResult);
}
STDMETHODIMP CMSLogon::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                              LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  Rec("Advise(" + DescribeStoreEid(cbEntryID, lpEntryID) + ", " +
      FlagsName(ulEventMask, kEventMask) + ")");
  return m_pPair->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
}
STDMETHODIMP CMSLogon::Unadvise(ULONG_PTR ulConnection) {
  Rec("Unadvise(" + std::to_string(ulConnection) + ")");
  return m_pPair->Unadvise(ulConnection);
}
STDMETHODIMP CMSLogon::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR* lpulObjType,
                                       LPVOID FAR* lppEntry) {
  Rec("OpenStatusEntry(" + IidName(lpInterface) + ", " + FlagsName(ulFlags, kOpenFlags) + ")");
  return m_pPair->OpenStatusEntry(lpInterface, lpulObjType, lppEntry);
}

// ---------------------------------------------------------- CMSProvider --
STDMETHODIMP CMSProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  if (riid == IID_IMAPIProviderShutdown && FastShutdownOffered(kLib)) {
    m_shutdown.AddRef();
    *ppvObj = static_cast<IMAPIProviderShutdown*>(&m_shutdown);
    return S_OK;
  }
  if (riid != IID_IMSProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IMSProvider*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CMSProvider::AddRef() { return RecordRef(kLib, m_name, "AddRef", ++m_cRef); }
STDMETHODIMP_(ULONG) CMSProvider::Release() {
  ULONG ulRef = RecordRef(kLib, m_name, "Release", --m_cRef);
  if (ulRef == 0) delete this;
  return ulRef;
}

STDMETHODIMP CMSProvider::Shutdown(ULONG FAR* lpulFlags) {
  Rec("Shutdown(" + (lpulFlags ? FlagsName(*lpulFlags, {}) : "NULL") + ")");
  HangIfAsked(kLib, "hang_shutdown_ms", m_name + "::Shutdown woke");
  LPMAPISUP lpLastSup = m_lpLastSup.load();
  if (lpLastSup != NULL && KnobOn(kLib, "call_support_after_logoff")) {
    UpdateStatusCode(kLib, lpLastSup, STATUS_AVAILABLE);  // MAPI must refuse it
  }
  if (KnobOn(kLib, "shutdown_throw")) throw std::runtime_error("test_store.shutdown_throw");
  return KnobHr(kLib, "shutdown_hr", S_OK);
}

CMsgStore* CMSProvider::FindOpenStore(const std::string& name, LPMSLOGON FAR* lppMSLogon) {
  std::lock_guard<std::mutex> lock(g_listMutex);
  for (CStorePair* pair : m_stores) {
    if (pair->m_name != name || pair->m_store.AddRefIfLive() == 0) continue;
    if (lppMSLogon != NULL) {
      if (pair->m_logon.AddRefIfLive() == 0) {
        pair->m_store.Release();
        continue;
      }
      *lppMSLogon = &pair->m_logon;
    }
    return &pair->m_store;
  }
  return NULL;
}

STDMETHODIMP CMSProvider::Logon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR lpszProfileName,
                                ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags,
                                LPCIID lpInterface, ULONG FAR* lpcbSpoolSecurity,
                                LPBYTE FAR* lppbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                                LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  Rec("Logon(" + Quote(lpszProfileName) + ", " + DescribeStoreEid(cbEntryID, lpEntryID) + ", " +
      FlagsName(ulFlags, kMdbLogonFlags) + ", " + IidName(lpInterface) + ")");
  if (lpMAPISup == NULL || lppMSLogon == NULL || lppMDB == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lppMSLogon = NULL;
  *lppMDB = NULL;
  if (lpcbSpoolSecurity != NULL) *lpcbSpoolSecurity = 0;
  if (lppbSpoolSecurity != NULL) *lppbSpoolSecurity = NULL;
  if (lppMAPIError != NULL) *lppMAPIError = NULL;
  HRESULT hrResult = KnobHr(kLib, "logon_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  if (!IsStoreInterface(lpInterface)) return MAPI_E_INTERFACE_NOT_SUPPORTED;

  // A store that is already open: the same store, no new logon (spec 2.5).
  std::string name;
  if (lpEntryID != NULL) {
    StoreEid eid;
    if (!ParseStoreEntryId(cbEntryID, lpEntryID, &eid) || eid.root_folder) {
      return MAPI_E_INVALID_ENTRYID;
    }
    name = eid.name;
    if (CMsgStore* pOpen = FindOpenStore(name, NULL)) {
      *lppMDB = pOpen;
      return hrResult;
    }
  }

  AddRefMapiObject(kLib, "IMAPISupport", lpMAPISup);
  std::string profile_name;
  HRESULT hr = ReadProfileDisplayName(kLib, lpMAPISup, m_alloc.free, &profile_name);
  if (FAILED(hr)) {
    ReleaseMapiObject("IMAPISupport", lpMAPISup);
    return hr;
  }
  if (name.empty()) {
    name = profile_name.empty() ? kDefaultStoreName : profile_name;
    if (CMsgStore* pOpen = FindOpenStore(name, NULL)) {
      ReleaseMapiObject("IMAPISupport", lpMAPISup);
      *lppMDB = pOpen;
      return hrResult;
    }
  }

  hr = SetProviderUid(kLib, lpMAPISup, StoreUid(name));
  if (FAILED(hr)) {
    ReleaseMapiObject("IMAPISupport", lpMAPISup);
    return hr;
  }
  if (!KnobOn(kLib, "skip_modify_status_row")) {
    hr = ModifyStatusRow(kLib, lpMAPISup, StatusRow(name), 0);
    if (FAILED(hr)) {
      ReleaseMapiObject("IMAPISupport", lpMAPISup);
      return hr;
    }
  }

  // Spool data: what SpoolerLogon needs to find the store again, without
  // pointers; allocated with MSProviderInit's allocator, freed by MAPI.
  LPBYTE lpbSecurity = NULL;
  if (lpcbSpoolSecurity != NULL && lppbSpoolSecurity != NULL) {
    if (FAILED(m_alloc.allocate(static_cast<ULONG>(name.size()),
                                reinterpret_cast<LPVOID FAR*>(&lpbSecurity)))) {
      ReleaseMapiObject("IMAPISupport", lpMAPISup);
      return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memcpy(lpbSecurity, name.data(), name.size());
  }
  CStorePair* pair = new (std::nothrow) CStorePair(this, lpMAPISup, m_alloc, name);
  if (pair == NULL) {
    if (lpbSecurity != NULL) m_alloc.free(lpbSecurity);
    ReleaseMapiObject("IMAPISupport", lpMAPISup);
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  {
    std::lock_guard<std::mutex> lock(g_listMutex);
    m_stores.push_back(pair);
  }
  m_lpLastSup = lpMAPISup;
  if (KnobOn(kLib, "leak_logon")) {
    // A reference nobody releases: the pair (store and logon) is never freed.
    pair->m_logon.AddRef();
    LeakOnPurpose(pair);
  }
  if (lpbSecurity != NULL) {
    *lpcbSpoolSecurity = static_cast<ULONG>(name.size());
    *lppbSpoolSecurity = lpbSecurity;
  }
  *lppMSLogon = &pair->m_logon;
  *lppMDB = &pair->m_store;
  return hrResult;
}

STDMETHODIMP CMSProvider::SpoolerLogon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR lpszProfileName,
                                       ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags,
                                       LPCIID lpInterface, ULONG cbSpoolSecurity,
                                       LPBYTE lpbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                                       LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  std::string security =
      lpbSpoolSecurity == NULL
          ? "NULL"
          : Quote(std::string(reinterpret_cast<const char*>(lpbSpoolSecurity), cbSpoolSecurity)
                      .c_str());
  Rec("SpoolerLogon(" + Quote(lpszProfileName) + ", " + DescribeStoreEid(cbEntryID, lpEntryID) +
      ", " + FlagsName(ulFlags, kMdbLogonFlags) + ", " + IidName(lpInterface) + ", " + security +
      ")");
  if (lpMAPISup == NULL || lppMSLogon == NULL || lppMDB == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lppMSLogon = NULL;
  *lppMDB = NULL;
  if (lppMAPIError != NULL) *lppMAPIError = NULL;
  HRESULT hrResult = KnobHr(kLib, "spooler_logon_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  if (!IsStoreInterface(lpInterface)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  StoreEid eid;
  if (!ParseStoreEntryId(cbEntryID, lpEntryID, &eid) || eid.root_folder) {
    return MAPI_E_INVALID_ENTRYID;
  }
  // The spooler gets the pair the client logon created (same process).
  CMsgStore* pStore = FindOpenStore(eid.name, lppMSLogon);
  if (pStore == NULL) return MAPI_E_LOGON_FAILED;
  *lppMDB = pStore;
  return hrResult;
}

STDMETHODIMP CMSProvider::CompareStoreIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                          LPENTRYID lpEntryID2, ULONG ulFlags,
                                          ULONG FAR* lpulResult) {
  Rec("CompareStoreIDs(" + DescribeStoreEid(cbEntryID1, lpEntryID1) + ", " +
      DescribeStoreEid(cbEntryID2, lpEntryID2) + ", " + FlagsName(ulFlags, {}) + ")");
  if (lpulResult == NULL) return MAPI_E_INVALID_PARAMETER;
  StoreEid a, b;
  if (!ParseStoreEntryId(cbEntryID1, lpEntryID1, &a) ||
      !ParseStoreEntryId(cbEntryID2, lpEntryID2, &b) || a.root_folder || b.root_folder) {
    return MAPI_E_INVALID_ENTRYID;
  }
  *lpulResult = a.name == b.name;
  return S_OK;
}

}  // namespace

// ------------------------------------------------------------ entry points --
STDINITMETHODIMP MSProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
                                ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPMSPROVIDER FAR* lppMSProvider) {
  Record(kLib, "MSProviderInit(" + FlagsName(ulFlags, kInitFlags) + ", " + Hex32(ulMAPIVer) + ")");
  if (lppMSProvider != NULL) *lppMSProvider = NULL;
  if (lpulProviderVer == NULL || lppMSProvider == NULL || lpAllocateBuffer == NULL ||
      lpAllocateMore == NULL || lpFreeBuffer == NULL) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = KnobNumber(kLib, "version", CURRENT_SPI_VERSION);
  HRESULT hrResult = KnobHr(kLib, "init_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  CMSProvider* pProvider =
      new (std::nothrow) CMSProvider(Allocators{lpAllocateBuffer, lpAllocateMore, lpFreeBuffer});
  if (pProvider == NULL) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lppMSProvider = pProvider;
  return hrResult;
}

// The message-service entry point (PR_SERVICE_ENTRY_NAME "ServiceEntry").
extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY ServiceEntry;

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE, LPMALLOC, LPMAPISUP lpMAPISup, ULONG_PTR,
                                    ULONG ulFlags, ULONG ulContext, ULONG cValues,
                                    LPSPropValue lpProps, LPPROVIDERADMIN lpProviderAdmin,
                                    LPMAPIERROR FAR* lppMapiError) {
  Record(kLib, "ServiceEntry(" + EnumName(ulContext, kServiceContexts) + ", " +
                   FlagsName(ulFlags, kServiceFlags) + ", " + ValueTagsName(cValues, lpProps) +
                   ", " + (lpProviderAdmin != NULL ? "admin" : "NULL") + ")");
  if (lppMapiError != NULL) *lppMapiError = NULL;
  HRESULT hrResult = KnobHr(kLib, "service_entry_hr", S_OK);
  if (FAILED(hrResult)) return hrResult;
  HRESULT hr = ConfigureService(kLib, lpMAPISup, ulContext, cValues, lpProps, kDefaultStoreName,
                                kDefaultDataPath);
  return FAILED(hr) ? hr : hrResult;
}
