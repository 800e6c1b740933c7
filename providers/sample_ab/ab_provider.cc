// libsample_ab.so: the reference address-book provider. Contacts come from a
// JSON file named by PR_SAMPLE_AB_CONTACTS in the profile (README.md).
//
// CABProvider (one per ABProviderInit) logs on CABLogon objects. A logon
// AddRefs its support object, registers its MAPIUID (and the one-off MAPIUID,
// whose entry IDs it opens), adds its status row, and at Logoff releases its
// status object, then the support object (iablogon-logoff.md). OpenEntry
// gives the root container (NULL entry ID too), the "Sample Contacts"
// container, mail users and one-off mail users.

// clang-format off
#include "initguid.h"  // first: this module defines the IIDs it uses
// clang-format on

#include <cstdio>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "contacts.h"
#include "entry_ids.h"
#include "providers/common/mapi_object.h"
#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "providers/common/provider_settings.h"
#include "sample_ab.h"

namespace {

using sample_ab::Contact;
using sample_providers::Allocators;
using sample_providers::CPropObject;
using sample_providers::CStatusObject;
using sample_providers::PropList;

using Contacts = std::shared_ptr<const std::vector<Contact>>;

constexpr char kComponent[] = "sample_ab";
constexpr char kDisplayName[] = "Sample Address Book";
constexpr char kProviderDisplay[] = "Sample Address Book Provider";
constexpr char kContainerName[] = "Sample Contacts";
constexpr char kRootKey[] = "root";
constexpr char kContactsKey[] = "contacts";

void Complain(const std::string& text) { std::fprintf(stderr, "sample_ab: %s\n", text.c_str()); }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<BYTE> SearchKey(const std::string& type, const std::string& address) {
  std::string key = Upper(type + ":" + address);
  std::vector<BYTE> bytes(key.begin(), key.end());
  bytes.push_back(0);
  return bytes;
}

PropList UserProps(const std::vector<BYTE>& eid, const std::string& name, const std::string& type,
                   const std::string& address) {
  PropList p;
  p.SetBinary(PR_ENTRYID, eid);
  p.SetBinary(PR_RECORD_KEY, eid);
  p.SetString(PR_DISPLAY_NAME_A, name);
  p.SetString(PR_TRANSMITABLE_DISPLAY_NAME_A, name);
  p.SetString(PR_EMAIL_ADDRESS_A, address);
  p.SetString(PR_ADDRTYPE_A, type);
  p.SetBinary(PR_SEARCH_KEY, SearchKey(type, address));
  p.SetLong(PR_OBJECT_TYPE, MAPI_MAILUSER);
  p.SetLong(PR_DISPLAY_TYPE, DT_MAILUSER);
  return p;
}

PropList ContactProps(const Contact& c) {
  PropList p = UserProps(sample_ab::MakeEntryId(SAMPLE_AB_KIND_MAILUSER, c.email), c.display_name,
                         c.address_type, c.email);
  if (!c.company.empty()) p.SetString(PR_COMPANY_NAME_A, c.company);
  if (!c.title.empty()) p.SetString(PR_TITLE_A, c.title);
  if (!c.phone.empty()) p.SetString(PR_BUSINESS_TELEPHONE_NUMBER_A, c.phone);
  return p;
}

const Contact* FindContact(const std::vector<Contact>& contacts, const std::string& email) {
  for (const Contact& c : contacts) {
    if (c.email == email) return &c;
  }
  return nullptr;
}

PropList ContainerProps(const std::string& key) {
  PropList p;
  std::vector<BYTE> eid = sample_ab::MakeEntryId(SAMPLE_AB_KIND_CONTAINER, key);
  p.SetBinary(PR_ENTRYID, eid);
  p.SetBinary(PR_RECORD_KEY, eid);
  p.SetLong(PR_OBJECT_TYPE, MAPI_ABCONT);
  p.SetLong(PR_DISPLAY_TYPE, DT_NOT_SPECIFIC);
  if (key == kRootKey) {
    p.SetString(PR_DISPLAY_NAME_A, kDisplayName);
    p.SetLong(PR_CONTAINER_FLAGS, AB_SUBCONTAINERS | AB_UNMODIFIABLE);
  } else {
    p.SetString(PR_DISPLAY_NAME_A, kContainerName);
    p.SetLong(PR_CONTAINER_FLAGS, AB_RECIPIENTS | AB_UNMODIFIABLE);
  }
  return p;
}

// A table whose rows are `rows` (each gets PR_ROWID = its index, the index
// column, and PR_INSTANCE_KEY), with `columns` as its default column set.
HRESULT MakeTable(const Allocators& alloc, const std::vector<ULONG>& columns,
                  std::vector<PropList> rows, LPMAPITABLE* out) {
  *out = nullptr;
  std::vector<ULONG> tags;
  tags.push_back(static_cast<ULONG>(columns.size()));
  tags.insert(tags.end(), columns.begin(), columns.end());
  LPTABLEDATA data = nullptr;
  SCODE sc = CreateTable(&IID_IMAPITableData, alloc.allocate, alloc.allocate_more, alloc.free,
                         nullptr, TBLTYPE_SNAPSHOT, PR_ROWID,
                         reinterpret_cast<LPSPropTagArray>(tags.data()), &data);
  if (FAILED(sc)) return sc;
  HRESULT hr = S_OK;
  for (size_t i = 0; i < rows.size() && SUCCEEDED(hr); ++i) {
    rows[i].SetLong(PR_ROWID, static_cast<LONG>(i));
    ULONG key = static_cast<ULONG>(i + 1);
    rows[i].SetBinary(PR_INSTANCE_KEY, std::vector<BYTE>(reinterpret_cast<BYTE*>(&key),
                                                         reinterpret_cast<BYTE*>(&key) + 4));
    std::vector<SPropValue> values = rows[i].Values();
    SRow row = {0, static_cast<ULONG>(values.size()), values.data()};
    hr = data->HrModifyRow(&row);
  }
  if (SUCCEEDED(hr)) hr = data->HrGetView(nullptr, nullptr, 0, out);
  data->Release();  // the view keeps the data alive
  return hr;
}

// Adds to `entry` the properties `tags` names (plus the ones every resolved
// recipient carries) from `source`, keeping the entry's other properties
// (iabcontainer-resolvenames.md: never remove any). Tags neither has come
// back as PT_ERROR / MAPI_E_NOT_FOUND. The new array replaces the old one,
// which is freed with MAPIFreeBuffer.
HRESULT FillAdrEntry(const Allocators& alloc, const PropList& source, LPSPropTagArray tags,
                     ADRENTRY* entry) {
  static const ULONG kAlways[] = {
      PR_ENTRYID,     PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A, PR_ADDRTYPE_A,
      PR_OBJECT_TYPE, PR_DISPLAY_TYPE,   PR_SEARCH_KEY,      PR_TRANSMITABLE_DISPLAY_NAME_A};
  std::vector<ULONG> wanted(std::begin(kAlways), std::end(kAlways));
  if (tags != nullptr) {
    for (ULONG i = 0; i < tags->cValues; ++i) {
      bool seen = false;
      for (ULONG w : wanted) seen = seen || w == tags->aulPropTag[i];
      if (!seen) wanted.push_back(tags->aulPropTag[i]);
    }
  }
  std::vector<SPropValue> src = source.Values();
  std::vector<SPropValue> out;
  for (ULONG tag : wanted) {
    LPSPropValue v = PpropFindProp(src.data(), static_cast<ULONG>(src.size()), tag);
    if (v == nullptr) v = PpropFindProp(entry->rgPropVals, entry->cValues, tag);
    if (v != nullptr) {
      out.push_back(*v);
    } else {
      SPropValue err;
      err.ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
      err.dwAlignPad = 0;
      err.Value.err = MAPI_E_NOT_FOUND;
      out.push_back(err);
    }
  }
  for (ULONG i = 0; i < entry->cValues; ++i) {
    bool kept = true;
    for (ULONG tag : wanted) kept = kept && PROP_ID(tag) != PROP_ID(entry->rgPropVals[i].ulPropTag);
    if (kept) out.push_back(entry->rgPropVals[i]);
  }
  LPVOID block = nullptr;
  SCODE sc = alloc.allocate(static_cast<ULONG>(out.size() * sizeof(SPropValue)), &block);
  if (FAILED(sc)) return sc;
  auto* values = static_cast<LPSPropValue>(block);
  for (size_t i = 0; i < out.size(); ++i) {
    sc = PropCopyMore(&values[i], &out[i], alloc.allocate_more, block);
    if (FAILED(sc)) {
      alloc.free(block);
      return sc;
    }
  }
  if (entry->rgPropVals != nullptr) alloc.free(entry->rgPropVals);
  entry->rgPropVals = values;
  entry->cValues = static_cast<ULONG>(out.size());
  return S_OK;
}

std::string EntryName(const ADRENTRY& entry) {
  LPSPropValue v = PpropFindProp(entry.rgPropVals, entry.cValues, PR_DISPLAY_NAME_A);
  if (v != nullptr && v->Value.lpszA != nullptr) return v->Value.lpszA;
  v = PpropFindProp(entry.rgPropVals, entry.cValues, PR_DISPLAY_NAME_W);
  std::string name;
  if (v != nullptr && v->Value.lpszW != nullptr) {
    for (const WCHAR* w = v->Value.lpszW; *w != 0; ++w) {
      if (*w < 0x80) name.push_back(static_cast<char>(*w));
    }
  }
  return name;
}

HRESULT OpenAbEntry(const Allocators& alloc, const Contacts& contacts, ULONG cbEntryID,
                    LPENTRYID lpEntryID, LPCIID lpInterface, ULONG* lpulObjType, LPUNKNOWN* lppUnk);

// ------------------------------------------------------------- mail user --
class CMailUser final : public CPropObject<IMailUser> {
 public:
  explicit CMailUser(const Allocators& alloc) : CPropObject(alloc, {&IID_IMailUser}) {}
};

// ------------------------------------------------------------- container --
// The root container ("root": one subcontainer in its hierarchy table) or
// the contacts container ("contacts": contents table and ResolveNames).
class CABContainer final : public CPropObject<IABContainer> {
 public:
  CABContainer(const Allocators& alloc, Contacts contacts, std::string key)
      : CPropObject(alloc, {&IID_IABContainer, &IID_IMAPIContainer}),
        m_contacts(std::move(contacts)),
        m_key(std::move(key)) {}

  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IABCONTAINER_METHODS(IMPL)

 private:
  bool IsRoot() const { return m_key == kRootKey; }
  const Contacts m_contacts;
  const std::string m_key;
};

STDMETHODIMP CABContainer::GetContentsTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppTable = nullptr;
  if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
  if (IsRoot()) return MAPI_E_NO_SUPPORT;  // AB_SUBCONTAINERS only: no recipients
  std::vector<PropList> rows;
  for (const Contact& c : *m_contacts) rows.push_back(ContactProps(c));
  return MakeTable(m_alloc,
                   {PR_ROWID, PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A,
                    PR_ADDRTYPE_A, PR_OBJECT_TYPE, PR_DISPLAY_TYPE},
                   std::move(rows), lppTable);
}

STDMETHODIMP CABContainer::GetHierarchyTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppTable = nullptr;
  if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
  std::vector<PropList> rows;
  if (IsRoot()) {
    PropList row = ContainerProps(kContactsKey);
    row.SetLong(PR_DEPTH, 0);
    row.SetBool(PR_SELECTABLE, true);
    rows.push_back(std::move(row));
  }
  return MakeTable(m_alloc,
                   {PR_ROWID, PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_OBJECT_TYPE,
                    PR_DISPLAY_TYPE, PR_DEPTH, PR_CONTAINER_FLAGS, PR_SELECTABLE},
                   std::move(rows), lppTable);
}

STDMETHODIMP CABContainer::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                     ULONG, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  return OpenAbEntry(m_alloc, m_contacts, cbEntryID, lpEntryID, lpInterface, lpulObjType, lppUnk);
}
STDMETHODIMP CABContainer::SetSearchCriteria(LPSRestriction, LPENTRYLIST, ULONG) {
  return sample_providers::NoSupport("IABContainer::SetSearchCriteria");
}
STDMETHODIMP CABContainer::GetSearchCriteria(ULONG, LPSRestriction FAR*, LPENTRYLIST FAR*,
                                             ULONG FAR*) {
  return sample_providers::NoSupport("IABContainer::GetSearchCriteria");
}
STDMETHODIMP CABContainer::CreateEntry(ULONG, LPENTRYID, ULONG, LPMAPIPROP FAR*) {
  return MAPI_E_NO_SUPPORT;  // AB_UNMODIFIABLE
}
STDMETHODIMP CABContainer::CopyEntries(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  return sample_providers::NoSupport("IABContainer::CopyEntries");
}
STDMETHODIMP CABContainer::DeleteEntries(LPENTRYLIST, ULONG) {
  return sample_providers::NoSupport("IABContainer::DeleteEntries");
}

STDMETHODIMP CABContainer::ResolveNames(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                        LPADRLIST lpAdrList, LPFlagList lpFlagList) {
  if (lpAdrList == nullptr || lpFlagList == nullptr || lpFlagList->cFlags != lpAdrList->cEntries) {
    return MAPI_E_INVALID_PARAMETER;
  }
  if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
  if (IsRoot()) return S_OK;  // no recipients here: everything stays unresolved
  for (ULONG i = 0; i < lpAdrList->cEntries; ++i) {
    if (lpFlagList->ulFlag[i] != MAPI_UNRESOLVED) continue;
    ADRENTRY& entry = lpAdrList->aEntries[i];
    std::vector<size_t> matches = sample_ab::MatchContacts(*m_contacts, EntryName(entry));
    if (matches.empty()) continue;
    if (matches.size() > 1) {
      lpFlagList->ulFlag[i] = MAPI_AMBIGUOUS;  // the entry itself stays as it was
      continue;
    }
    HRESULT hr =
        FillAdrEntry(m_alloc, ContactProps((*m_contacts)[matches[0]]), lpPropTagArray, &entry);
    if (FAILED(hr)) return hr;
    lpFlagList->ulFlag[i] = MAPI_RESOLVED;
  }
  return S_OK;
}

HRESULT OpenAbEntry(const Allocators& alloc, const Contacts& contacts, ULONG cbEntryID,
                    LPENTRYID lpEntryID, LPCIID lpInterface, ULONG* lpulObjType,
                    LPUNKNOWN* lppUnk) {
  if (lpulObjType == nullptr || lppUnk == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppUnk = nullptr;
  ULONG kind = SAMPLE_AB_KIND_CONTAINER;
  std::string key = kRootKey;
  sample_ab::OneOff one_off;
  PropList props;
  bool container = false;
  if (lpEntryID == nullptr || cbEntryID == 0) {
    container = true;  // NULL: the root container (iablogon-openentry.md)
  } else if (sample_ab::ParseEntryId(cbEntryID, lpEntryID, &kind, &key)) {
    if (kind == SAMPLE_AB_KIND_CONTAINER) {
      if (key != kRootKey && key != kContactsKey) return MAPI_E_NOT_FOUND;
      container = true;
    } else if (kind == SAMPLE_AB_KIND_MAILUSER) {
      const Contact* c = FindContact(*contacts, key);
      if (c == nullptr) return MAPI_E_NOT_FOUND;
      props = ContactProps(*c);
    } else {
      return MAPI_E_NOT_FOUND;  // templates: OpenTemplateID is not supported
    }
  } else if (sample_ab::ParseOneOffEntryId(cbEntryID, lpEntryID, &one_off)) {
    std::vector<BYTE> eid(reinterpret_cast<BYTE*>(lpEntryID),
                          reinterpret_cast<BYTE*>(lpEntryID) + cbEntryID);
    props = UserProps(eid, one_off.display_name, one_off.address_type, one_off.address);
  } else {
    return MAPI_E_UNKNOWN_ENTRYID;
  }

  if (container) {
    if (lpInterface != nullptr && *lpInterface != IID_IABContainer &&
        *lpInterface != IID_IMAPIContainer && *lpInterface != IID_IMAPIProp &&
        *lpInterface != IID_IUnknown) {
      return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    auto* object = new (std::nothrow) CABContainer(alloc, contacts, key);
    if (object == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
    HRESULT hr = object->Init(ContainerProps(key));
    if (FAILED(hr)) {
      object->Release();
      return hr;
    }
    *lpulObjType = MAPI_ABCONT;
    *lppUnk = static_cast<IABContainer*>(object);
    return S_OK;
  }
  if (lpInterface != nullptr && *lpInterface != IID_IMailUser && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  auto* user = new (std::nothrow) CMailUser(alloc);
  if (user == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  HRESULT hr = user->Init(props);
  if (FAILED(hr)) {
    user->Release();
    return hr;
  }
  *lpulObjType = MAPI_MAILUSER;
  *lppUnk = static_cast<IMailUser*>(user);
  return S_OK;
}

// ----------------------------------------------------------------- logon --
PropList StatusRow(const std::string& path, size_t contacts, const std::string& failure) {
  PropList row;
  row.SetString(PR_DISPLAY_NAME_A, kDisplayName);
  row.SetString(PR_PROVIDER_DISPLAY_A, kProviderDisplay);
  row.SetLong(PR_RESOURCE_METHODS, STATUS_VALIDATE_STATE);
  row.SetLong(PR_RESOURCE_TYPE, MAPI_AB_PROVIDER);
  row.SetLong(PR_STATUS_CODE, failure.empty() ? STATUS_AVAILABLE : STATUS_FAILURE);
  row.SetString(PR_STATUS_STRING_A,
                failure.empty() ? "Available: " + std::to_string(contacts) + " contacts" : failure);
  row.SetString(PR_RESOURCE_PATH_A, path);
  return row;
}

class CABLogon final : public IABLogon, public sample_providers::StatusOwner {
 public:
  // Takes over the caller's reference on lpMAPISup.
  CABLogon(LPMAPISUP lpMAPISup, const Allocators& alloc, std::string path, Contacts contacts)
      : m_lpSup(lpMAPISup),
        m_alloc(alloc),
        m_path(std::move(path)),
        m_contacts(std::move(contacts)) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IABLOGON_METHODS(IMPL)

  HRESULT StatusValidateState(ULONG_PTR, ULONG ulFlags) override;
  HRESULT StatusFlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG) override {
    return MAPI_E_NO_SUPPORT;
  }
  ULONG StatusAddRef() override { return AddRef(); }
  ULONG StatusRelease() override { return Release(); }

 private:
  ~CABLogon() = default;
  Contacts CurrentContacts() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_contacts;
  }

  std::mutex m_mutex;  // guards m_lpSup, m_pStatus, m_contacts, m_fLoggedOff
  LPMAPISUP m_lpSup;
  CStatusObject* m_pStatus = nullptr;
  bool m_fLoggedOff = false;
  const Allocators m_alloc;
  const std::string m_path;
  Contacts m_contacts;
  std::atomic<ULONG> m_cRef{1};
};

STDMETHODIMP CABLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return E_INVALIDARG;
  *ppvObj = nullptr;
  if (riid != IID_IABLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IABLogon*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CABLogon::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CABLogon::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}

STDMETHODIMP CABLogon::GetLastError(HRESULT, ULONG, LPMAPIERROR FAR* lppMAPIError) {
  if (lppMAPIError == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppMAPIError = nullptr;
  return S_OK;
}

STDMETHODIMP CABLogon::Logoff(ULONG) {
  CStatusObject* pStatus;
  LPMAPISUP lpSup;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    pStatus = m_pStatus;
    m_pStatus = nullptr;
    lpSup = m_lpSup;
    m_lpSup = nullptr;
    m_fLoggedOff = true;
  }
  // The status object (and with it the logon <-> status cycle) first, the
  // support object last (iablogon-logoff.md). Containers and mail users hold
  // no reference to the logon or the support object.
  if (pStatus != nullptr) {
    pStatus->Detach();
    pStatus->Release();
  }
  if (lpSup != nullptr) lpSup->Release();
  return S_OK;
}

STDMETHODIMP CABLogon::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG,
                                 ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  return OpenAbEntry(m_alloc, CurrentContacts(), cbEntryID, lpEntryID, lpInterface, lpulObjType,
                     lppUnk);
}

STDMETHODIMP CABLogon::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG, ULONG FAR* lpulResult) {
  if (lpulResult == nullptr) return MAPI_E_INVALID_PARAMETER;
  ULONG kind1, kind2;
  std::string key1, key2;
  if (sample_ab::ParseEntryId(cbEntryID1, lpEntryID1, &kind1, &key1) &&
      sample_ab::ParseEntryId(cbEntryID2, lpEntryID2, &kind2, &key2)) {
    *lpulResult = kind1 == kind2 && key1 == key2;
    return S_OK;
  }
  sample_ab::OneOff a, b;
  if (sample_ab::ParseOneOffEntryId(cbEntryID1, lpEntryID1, &a) &&
      sample_ab::ParseOneOffEntryId(cbEntryID2, lpEntryID2, &b)) {
    *lpulResult = a.address_type == b.address_type && a.address == b.address;
    return S_OK;
  }
  return MAPI_E_INVALID_ENTRYID;  // not ours (iablogon-compareentryids.md)
}

STDMETHODIMP CABLogon::Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR*) {
  return MAPI_E_NO_SUPPORT;  // the contacts never change while logged on
}
STDMETHODIMP CABLogon::Unadvise(ULONG_PTR) { return MAPI_E_NO_SUPPORT; }

STDMETHODIMP CABLogon::OpenStatusEntry(LPCIID lpInterface, ULONG, ULONG FAR* lpulObjType,
                                       LPMAPISTATUS FAR* lppEntry) {
  if (lpulObjType == nullptr || lppEntry == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppEntry = nullptr;
  if (lpInterface != nullptr && *lpInterface != IID_IMAPIStatus && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
  if (m_pStatus == nullptr) {
    PropList props = StatusRow(m_path, m_contacts->size(), "");
    props.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    HRESULT hr = CStatusObject::Create(m_alloc, this, props, &m_pStatus);
    if (FAILED(hr)) return hr;
  }
  m_pStatus->AddRef();  // one for the caller; the logon keeps its own
  *lpulObjType = MAPI_STATUS;
  *lppEntry = m_pStatus;
  return S_OK;
}

// Reads the contacts file again; the status row says what was found.
HRESULT CABLogon::StatusValidateState(ULONG_PTR, ULONG ulFlags) {
  if (ulFlags &
      ~(SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT |
        FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  auto contacts = std::make_shared<std::vector<Contact>>();
  std::string error;
  bool ok = sample_ab::LoadContacts(m_path, contacts.get(), &error);
  if (!ok) Complain(error);
  PropList row = StatusRow(m_path, contacts->size(), error);
  LPMAPISUP sup;
  CStatusObject* status;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
    if (ok) m_contacts = contacts;
    sup = m_lpSup;
    sup->AddRef();
    status = m_pStatus;
    if (status != nullptr) status->AddRef();
  }
  // MAPI is called without m_mutex held: it may call back into this logon.
  std::vector<SPropValue> values = row.Values();
  HRESULT hr =
      sup->ModifyStatusRow(static_cast<ULONG>(values.size()), values.data(), STATUSROW_UPDATE);
  sup->Release();
  if (status != nullptr) {
    row.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    status->Update(row);
    status->Release();
  }
  if (!ok) return MAPI_E_CORRUPT_DATA;
  return hr;
}

STDMETHODIMP CABLogon::OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID,
                                      LPMAPIPROP FAR* lppMAPIPropNew, LPMAPIPROP) {
  if (lppMAPIPropNew != nullptr) *lppMAPIPropNew = nullptr;
  return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CABLogon::GetOneOffTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppTable = nullptr;
  if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
  PropList row;
  row.SetString(PR_DISPLAY_NAME_A, "File drop directory");
  row.SetBinary(PR_ENTRYID,
                sample_ab::MakeEntryId(SAMPLE_AB_KIND_TEMPLATE, SAMPLE_AB_ONE_OFF_TYPE));
  row.SetLong(PR_DEPTH, 0);
  row.SetBool(PR_SELECTABLE, true);
  row.SetString(PR_ADDRTYPE_A, SAMPLE_AB_ONE_OFF_TYPE);
  row.SetLong(PR_DISPLAY_TYPE, DT_MAILUSER);
  return MakeTable(m_alloc,
                   {PR_ROWID, PR_INSTANCE_KEY, PR_DISPLAY_NAME_A, PR_ENTRYID, PR_DEPTH,
                    PR_SELECTABLE, PR_ADDRTYPE_A, PR_DISPLAY_TYPE},
                   {row}, lppTable);
}

// Recipients whose PR_ENTRYID is one of this provider's mail users get the
// requested properties (the same ones ResolveNames gives).
STDMETHODIMP CABLogon::PrepareRecips(ULONG ulFlags, LPSPropTagArray lpPropTagArray,
                                     LPADRLIST lpRecipList) {
  if (lpRecipList == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
  Contacts contacts = CurrentContacts();
  for (ULONG i = 0; i < lpRecipList->cEntries; ++i) {
    ADRENTRY& entry = lpRecipList->aEntries[i];
    LPSPropValue eid = PpropFindProp(entry.rgPropVals, entry.cValues, PR_ENTRYID);
    ULONG kind;
    std::string key;
    if (eid == nullptr ||
        !sample_ab::ParseEntryId(eid->Value.bin.cb, reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb),
                                 &kind, &key) ||
        kind != SAMPLE_AB_KIND_MAILUSER) {
      continue;
    }
    const Contact* c = FindContact(*contacts, key);
    if (c == nullptr) continue;
    HRESULT hr = FillAdrEntry(m_alloc, ContactProps(*c), lpPropTagArray, &entry);
    if (FAILED(hr)) return hr;
  }
  return S_OK;
}

// -------------------------------------------------------------- provider --
class CABProvider final : public IABProvider {
 public:
  explicit CABProvider(const Allocators& alloc) : m_alloc(alloc) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IABPROVIDER_METHODS(IMPL)

 private:
  ~CABProvider() = default;
  const Allocators m_alloc;
  std::atomic<ULONG> m_cRef{1};
};

STDMETHODIMP CABProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return E_INVALIDARG;
  *ppvObj = nullptr;
  if (riid != IID_IABProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IABProvider*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CABProvider::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CABProvider::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}

// Called after every logon is released; nothing is left to free.
STDMETHODIMP CABProvider::Shutdown(ULONG FAR*) { return S_OK; }

STDMETHODIMP CABProvider::Logon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR, ULONG ulFlags,
                                ULONG FAR* lpulcbSecurity, LPBYTE FAR* lppbSecurity,
                                LPMAPIERROR FAR* lppMAPIError, LPABLOGON FAR* lppABLogon) {
  if (lppABLogon != nullptr) *lppABLogon = nullptr;
  if (lpulcbSecurity != nullptr) *lpulcbSecurity = 0;
  if (lppbSecurity != nullptr) *lppbSecurity = nullptr;
  if (lppMAPIError != nullptr) *lppMAPIError = nullptr;
  if (lpMAPISup == nullptr || lppABLogon == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;

  lpMAPISup->AddRef();  // kept by the logon; released by Logoff
  std::string path;
  HRESULT hr = sample_providers::ReadProviderSetting(lpMAPISup, PR_SAMPLE_AB_CONTACTS, &path);
  if (hr == MAPI_E_NOT_FOUND || (SUCCEEDED(hr) && path.empty())) {
    // MAPI calls ServiceEntry(MSG_SERVICE_CONFIGURE) and tries again.
    lpMAPISup->Release();
    return MAPI_E_UNCONFIGURED;
  }
  auto contacts = std::make_shared<std::vector<Contact>>();
  if (SUCCEEDED(hr)) {
    std::string error;
    if (!sample_ab::LoadContacts(path, contacts.get(), &error)) {
      Complain(error);
      sample_providers::SetMapiError(m_alloc, kComponent, error, lppMAPIError);
      hr = MAPI_E_FAILONEPROVIDER;  // the rest of the service (and session) goes on
    }
  }
  MAPIUID uid = sample_ab::ProviderUid();
  MAPIUID one_off = sample_ab::OneOffUid();
  if (SUCCEEDED(hr)) hr = lpMAPISup->SetProviderUID(&uid, 0);
  if (SUCCEEDED(hr)) hr = lpMAPISup->SetProviderUID(&one_off, 0);
  if (SUCCEEDED(hr)) {
    PropList row = StatusRow(path, contacts->size(), "");
    std::vector<SPropValue> values = row.Values();  // pointing into `row`
    hr = lpMAPISup->ModifyStatusRow(static_cast<ULONG>(values.size()), values.data(), 0);
  }
  CABLogon* pLogon = nullptr;
  if (SUCCEEDED(hr)) {
    pLogon = new (std::nothrow) CABLogon(lpMAPISup, m_alloc, path, std::move(contacts));
    if (pLogon == nullptr) hr = MAPI_E_NOT_ENOUGH_MEMORY;
  }
  if (FAILED(hr)) {
    lpMAPISup->Release();
    return hr;
  }
  *lppABLogon = pLogon;
  return S_OK;
}

}  // namespace

// ------------------------------------------------------------ entry points --
STDINITMETHODIMP ABProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG,
                                ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPABPROVIDER FAR* lppABProvider) {
  if (lppABProvider != nullptr) *lppABProvider = nullptr;
  if (lpulProviderVer == nullptr || lppABProvider == nullptr || lpAllocateBuffer == nullptr ||
      lpAllocateMore == nullptr || lpFreeBuffer == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = CURRENT_SPI_VERSION;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  auto* provider =
      new (std::nothrow) CABProvider(Allocators{lpAllocateBuffer, lpAllocateMore, lpFreeBuffer});
  if (provider == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lppABProvider = provider;
  return S_OK;
}

// The message-service entry point (PR_SERVICE_ENTRY_NAME "ServiceEntry"):
// on MSG_SERVICE_CREATE / MSG_SERVICE_CONFIGURE, PR_SAMPLE_AB_CONTACTS from
// lpProps, else the value already configured, else the default path, whose
// file is created with the sample contacts when missing.
extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY ServiceEntry;

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE, LPMALLOC, LPMAPISUP lpMAPISup, ULONG_PTR, ULONG,
                                    ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
                                    LPPROVIDERADMIN lpProviderAdmin,
                                    LPMAPIERROR FAR* lppMapiError) {
  if (lppMapiError != nullptr) *lppMapiError = nullptr;
  if (ulContext != MSG_SERVICE_CREATE && ulContext != MSG_SERVICE_CONFIGURE) return S_OK;
  if (lpMAPISup == nullptr) return MAPI_E_INVALID_PARAMETER;
  Allocators alloc;
  HRESULT hr = lpMAPISup->GetMemAllocRoutines(&alloc.allocate, &alloc.allocate_more, &alloc.free);
  if (FAILED(hr)) return hr;

  std::string path;
  LPSPropValue given =
      lpProps != nullptr ? PpropFindProp(lpProps, cValues, PR_SAMPLE_AB_CONTACTS) : nullptr;
  if (given != nullptr && given->Value.lpszA != nullptr) path = given->Value.lpszA;
  if (path.empty()) {
    LPPROFSECT section = nullptr;
    if (SUCCEEDED(lpMAPISup->OpenProfileSection(nullptr, 0, &section))) {
      sample_providers::ReadSectionString(section, PR_SAMPLE_AB_CONTACTS, &path);
      section->Release();
    }
  }
  if (path.empty()) {
    path = sample_ab::DefaultContactsPath();
    std::string error = "no place for the contacts file: set MAPI_EMU_DATA, XDG_DATA_HOME or HOME";
    if (path.empty() || !sample_ab::EnsureContactsFile(path, &error)) {
      Complain(error);
      sample_providers::SetMapiError(alloc, kComponent, error, lppMapiError);
      return MAPI_E_CALL_FAILED;
    }
  }
  return sample_providers::WriteServiceSetting(lpMAPISup, lpProviderAdmin, PR_SAMPLE_AB_CONTACTS,
                                               path);
}
