// libsample_store.so's entry points and its store/logon pair.
//
// MSProviderInit hands out a Provider (IMSProvider) that keeps the list of
// stores it has open. Each store logon is a StorePair: an IMsgStore (Store,
// the client's) and an IMSLogon (Logon, MAPI's), created together and freed
// together, sharing one LogonState. Shutdown follows "Shutting Down a
// Message Store Provider" and rulings 1-2 (../../docs, spec/rulings.md):
//  - StoreLogoff(flag) begins with IMAPISupport::StoreLogoffTransports with
//    the same single flag;
//  - the store's final Release calls StoreLogoffTransports(LOGOFF_ABORT)
//    if it never ran, then releases the support object; MAPI then calls
//    IMSLogon::Logoff (which does not release it again) and releases the
//    logon;
//  - on session logoff (IMSLogon::Logoff while a client still holds the
//    store) Logoff does both itself.
// Either way the logon's objects are invalid afterwards
// (MAPI_E_INVALID_OBJECT) and StoreLogoffTransports ran exactly once.
#include <strings.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "initguid.h"  // this module defines the IIDs it uses
#include "mapicode.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "providers/sample_store/objects.h"
#include "providers/sample_store/sample_store.h"

namespace sample_store {
namespace {

// PR_MDB_PROVIDER: what kind of store this is (the same for every sample store).
constexpr MAPIUID kSampleStoreKind = {{0x53, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x53, 0x74, 0x6f, 0x72,
                                       0x65, 0x2e, 0x6d, 0x61, 0x70, 0x69}};
constexpr char kDefaultDisplayName[] = "Sample Store";
constexpr char kProviderDisplay[] = "Sample Message Store";
constexpr ULONG kLogoffInputFlags =
    LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET;

// Guards every provider's list of open stores and each pair's provider pointer.
std::mutex g_list_mutex;

class Provider;
class StorePair;

// Reads string properties of a profile section (missing ones stay empty).
struct SectionValues {
  std::string path;
  std::string display_name;
  std::vector<BYTE> service_uid;
};

HRESULT ReadSection(LPMAPISUP support, const MAPIUID* uid, const Allocators& alloc,
                    SectionValues* out) {
  LPPROFSECT section = nullptr;
  HRESULT hr = support->OpenProfileSection(const_cast<LPMAPIUID>(uid), 0, &section);
  if (FAILED(hr)) return hr;
  SizedSPropTagArray(3, tags) = {3, {PR_SAMPLE_STORE_PATH, PR_DISPLAY_NAME_A, PR_SERVICE_UID}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  hr = section->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values);
  if (SUCCEEDED(hr) && values != nullptr && count == 3) {
    if (values[0].ulPropTag == PR_SAMPLE_STORE_PATH) out->path = values[0].Value.lpszA;
    if (values[1].ulPropTag == PR_DISPLAY_NAME_A) out->display_name = values[1].Value.lpszA;
    if (values[2].ulPropTag == PR_SERVICE_UID) {
      out->service_uid.assign(values[2].Value.bin.lpb,
                              values[2].Value.bin.lpb + values[2].Value.bin.cb);
    }
  }
  if (values != nullptr) alloc.free(values);
  section->Release();
  return SUCCEEDED(hr) ? S_OK : hr;
}

// Writes the store's entry ID into its profile section, so the message
// stores table shows it and OpenMsgStore hands it back to Logon.
void PublishEntryId(LPMAPISUP support, const std::vector<BYTE>& eid) {
  LPPROFSECT section = nullptr;
  if (FAILED(support->OpenProfileSection(nullptr, MAPI_MODIFY, &section))) return;
  SPropValue value;
  std::memset(&value, 0, sizeof value);
  value.ulPropTag = PR_ENTRYID;
  value.Value.bin.cb = static_cast<ULONG>(eid.size());
  value.Value.bin.lpb = const_cast<LPBYTE>(eid.data());
  section->SetProps(1, &value, nullptr);
  section->Release();
}

// ---------------------------------------------------------- status object --
class StatusObject final : public PropObject<IMAPIStatus> {
 public:
  StatusObject(std::shared_ptr<LogonState> logon, LPMSLOGON owner)
      : PropObject<IMAPIStatus>(std::move(logon), {&IID_IMAPIStatus}, /*transacted=*/false),
        owner_(owner) {
    owner_->AddRef();  // status-object-implementation.md: it holds its logon
  }
  ~StatusObject() override { owner_->Release(); }
  using PropObject<IMAPIStatus>::Init;
  using PropObject<IMAPIStatus>::props_;

  MAPI_IMAPISTATUS_METHODS(IMPL)

 private:
  void Computed(PropValues* out) override {
    out->Long(PR_RESOURCE_METHODS, STATUS_VALIDATE_STATE);
    out->Long(PR_STATUS_CODE, STATUS_AVAILABLE);
    out->Long(PR_RESOURCE_TYPE, MAPI_STORE_PROVIDER);
    out->Long(PR_OBJECT_TYPE, MAPI_STATUS);
  }
  HRESULT Save(ULONG) override { return MAPI_E_NO_ACCESS; }

  const LPMSLOGON owner_;
};

STDMETHODIMP StatusObject::ValidateState(ULONG_PTR, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return S_OK;  // nothing to reconnect: the data is local
}
STDMETHODIMP StatusObject::SettingsDialog(ULONG_PTR, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIStatus::SettingsDialog");
}
STDMETHODIMP StatusObject::ChangePassword(LPTSTR, LPTSTR, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIStatus::ChangePassword");
}
STDMETHODIMP StatusObject::FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIStatus::FlushQueues");
}

// ------------------------------------------------------- store and logon --
class Store final : public PropObject<IMsgStore> {
 public:
  Store(StorePair* pair, std::shared_ptr<LogonState> logon)
      : PropObject<IMsgStore>(std::move(logon), {&IID_IMsgStore}, /*transacted=*/false),
        pair_(pair) {}
  using PropObject<IMsgStore>::Init;

  MAPI_IMSGSTORE_METHODS(IMPL)

 private:
  void Computed(PropValues* out) override;
  HRESULT Save(ULONG) override {
    std::string error;
    HRESULT hr = logon_->core().SetStoreProps(StoredProps(), &error);
    return FAILED(hr) ? logon_->Fail(hr, error) : hr;
  }
  void OnFinalRelease() override;
  // The message `cb`/`eid` names if it is in the outgoing queue.
  HRESULT QueuedMessage(ULONG cb, LPENTRYID eid, MessageRecord* out);
  // The notification key for an Advise entry ID (null: the store).
  std::vector<BYTE> AdviseKey(ULONG cb, LPENTRYID eid);

  StorePair* const pair_;
};

class StoreLogon final : public IMSLogon {
 public:
  StoreLogon(StorePair* pair, std::shared_ptr<LogonState> logon)
      : pair_(pair), logon_(std::move(logon)) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSLOGON_METHODS(IMPL)

  ULONG AddRefIfLive() {
    ULONG n = refs_.load();
    while (n != 0) {
      if (refs_.compare_exchange_weak(n, n + 1)) return n + 1;
    }
    return 0;
  }

 private:
  StorePair* const pair_;
  const std::shared_ptr<LogonState> logon_;
  std::atomic<ULONG> refs_{1};
};

class StorePair {
 public:
  StorePair(Provider* provider, std::shared_ptr<LogonState> state, std::string dir)
      : logon_(std::move(state)), dir_(std::move(dir)), provider_(provider) {}

  Store* store = nullptr;
  StoreLogon* logon = nullptr;
  const std::shared_ptr<LogonState>& state() const { return logon_; }
  const std::string& dir() const { return dir_; }

  // Called under g_list_mutex.
  Provider* ProviderLocked() const { return provider_; }
  void DetachProviderLocked() { provider_ = nullptr; }

  void OnStoreFinalRelease();
  void Logoff();
  HRESULT StoreLogoff(ULONG* flags);
  HRESULT OpenStatusEntry(LPCIID iid, ULONG* obj_type, LPVOID* out);
  // One of the two objects is gone; the second frees the pair.
  void PartReleased() {
    if (--parts_ == 0) delete this;
  }

 private:
  ~StorePair() = default;
  void Unlist();
  // StoreLogoffTransports(flag) unless it ran for this logon; returns the
  // flags it handed back (0 if it did not run).
  ULONG LogoffTransports(LPMAPISUP support, ULONG flag);

  const std::shared_ptr<LogonState> logon_;
  const std::string dir_;
  std::mutex mutex_;
  StatusObject* status_ = nullptr;  // guarded by mutex_
  ULONG logoff_flag_ = 0;           // StoreLogoff's flag; guarded by mutex_
  std::atomic<int> parts_{2};
  Provider* provider_;  // guarded by g_list_mutex
};

// --------------------------------------------------------------- provider --
class Provider final : public IMSProvider {
 public:
  explicit Provider(const Allocators& alloc) : alloc_(alloc) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSPROVIDER_METHODS(IMPL)

  // Called under g_list_mutex.
  void ForgetLocked(StorePair* pair) {
    auto it = std::find(stores_.begin(), stores_.end(), pair);
    if (it != stores_.end()) stores_.erase(it);
  }

 private:
  ~Provider() {
    std::lock_guard<std::mutex> lock(g_list_mutex);
    for (StorePair* pair : stores_) pair->DetachProviderLocked();
  }
  // The open store on `dir`, AddRef'd (and its logon when `logon` is not
  // null), or null.
  Store* FindOpenStore(const std::string& dir, LPMSLOGON* logon);

  const Allocators alloc_;
  std::atomic<ULONG> refs_{1};
  std::atomic<bool> shut_down_{false};
  std::vector<StorePair*> stores_;  // guarded by g_list_mutex
};

// ------------------------------------------------------------- StorePair --
void StorePair::Unlist() {
  std::lock_guard<std::mutex> lock(g_list_mutex);
  if (provider_ != nullptr) provider_->ForgetLocked(this);
  provider_ = nullptr;
}

ULONG StorePair::LogoffTransports(LPMAPISUP support, ULONG flag) {
  if (logon_->MarkTransportsLoggedOff()) return 0;
  ULONG flags = flag;
  support->StoreLogoffTransports(&flags);
  return flags;
}

void StorePair::OnStoreFinalRelease() {
  Unlist();
  LPMAPISUP support = logon_->TakeSupport();
  if (support != nullptr) {
    LogoffTransports(support, LOGOFF_ABORT);  // only if StoreLogoff did not
    // MAPI's cue: it removes our MAPIUIDs and status row, calls
    // IMSLogon::Logoff and releases the logon (ruling 2).
    support->Release();
  }
  PartReleased();
}

void StorePair::Logoff() {
  logon_->Invalidate();  // every object of this logon fails from now on
  StatusObject* status;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    status = status_;
    status_ = nullptr;
  }
  Unlist();
  if (status != nullptr) status->Release();  // breaks the status <-> logon cycle
  // Session logoff while a client still holds the store: the support
  // reference is still ours to give back. (After the store's final Release
  // it is gone already and must not be released twice.)
  LPMAPISUP support = logon_->TakeSupport();
  if (support == nullptr) return;
  LogoffTransports(support, LOGOFF_ABORT);
  support->Release();
}

HRESULT StorePair::StoreLogoff(ULONG* flags) {
  LPMAPISUP support = logon_->Support();
  if (support == nullptr) return MAPI_E_INVALID_OBJECT;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    logoff_flag_ = *flags;
  }
  // Everything is on disk already (each change was written atomically), so
  // the store itself has nothing to flush; transports may.
  ULONG out = LogoffTransports(support, *flags);
  support->Release();
  *flags = out & (LOGOFF_INBOUND | LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE);
  return S_OK;
}

HRESULT StorePair::OpenStatusEntry(LPCIID iid, ULONG* obj_type, LPVOID* out) {
  if (obj_type == nullptr || out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  if (iid != nullptr && *iid != IID_IMAPIStatus && *iid != IID_IMAPIProp && *iid != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  if (!logon_->valid()) return MAPI_E_INVALID_OBJECT;
  std::lock_guard<std::mutex> lock(mutex_);
  if (status_ == nullptr) {
    auto* status = new (std::nothrow) StatusObject(logon_, logon);
    if (status == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
    nlohmann::json props = nlohmann::json::object();
    props[TagKey(PR_DISPLAY_NAME_A)] = logon_->display_name();
    props[TagKey(PR_PROVIDER_DISPLAY_A)] = kProviderDisplay;
    props[TagKey(PR_STATUS_STRING_A)] = "Available";
    HRESULT hr = status->Init(props);
    if (SUCCEEDED(hr)) hr = status->props_->HrSetObjAccess(IPROP_READONLY);
    if (FAILED(hr)) {
      status->Release();
      return hr;
    }
    status_ = status;
  }
  status_->AddRef();
  *obj_type = MAPI_STATUS;
  *out = static_cast<IMAPIStatus*>(status_);
  return S_OK;
}

// ----------------------------------------------------------------- Store --
void Store::Computed(PropValues* out) {
  const StoreCore& core = logon_->core();
  out->Binary(PR_ENTRYID, logon_->wrapped_store_eid());
  out->Binary(PR_STORE_ENTRYID, logon_->wrapped_store_eid());
  out->Binary(PR_RECORD_KEY, core.uid().ab, sizeof(MAPIUID));
  out->Binary(PR_STORE_RECORD_KEY, core.uid().ab, sizeof(MAPIUID));
  out->Binary(PR_MDB_PROVIDER, kSampleStoreKind.ab, sizeof(MAPIUID));
  out->Long(PR_OBJECT_TYPE, MAPI_STORE);
  out->Long(PR_STORE_SUPPORT_MASK, STORE_ENTRYID_UNIQUE | STORE_MODIFY_OK | STORE_CREATE_OK |
                                       STORE_SUBMIT_OK | STORE_NOTIFY_OK);
  out->Binary(PR_IPM_SUBTREE_ENTRYID,
              core.EntryId(SAMPLE_STORE_KIND_FOLDER, SAMPLE_STORE_IPM_SUBTREE));
  out->Binary(PR_IPM_OUTBOX_ENTRYID, core.EntryId(SAMPLE_STORE_KIND_FOLDER, SAMPLE_STORE_OUTBOX));
  out->Binary(PR_IPM_SENTMAIL_ENTRYID,
              core.EntryId(SAMPLE_STORE_KIND_FOLDER, SAMPLE_STORE_SENT_ITEMS));
  out->Binary(PR_IPM_WASTEBASKET_ENTRYID,
              core.EntryId(SAMPLE_STORE_KIND_FOLDER, SAMPLE_STORE_DELETED_ITEMS));
  out->Long(PR_VALID_FOLDER_MASK, FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID |
                                      FOLDER_IPM_OUTBOX_VALID | FOLDER_IPM_WASTEBASKET_VALID |
                                      FOLDER_IPM_SENTMAIL_VALID);
}

void Store::OnFinalRelease() {
  StorePair* pair = pair_;
  pair->OnStoreFinalRelease();
  delete this;
}

std::vector<BYTE> Store::AdviseKey(ULONG cb, LPENTRYID eid) {
  const StoreCore& core = logon_->core();
  ULONG kind = 0, number = 0;
  if (eid == nullptr) return core.EntryId(SAMPLE_STORE_KIND_STORE, 0);
  if (core.ParseEntryId(cb, eid, &kind, &number)) return core.EntryId(kind, number);
  const std::vector<BYTE>& wrapped = logon_->wrapped_store_eid();
  if (cb == wrapped.size() && std::memcmp(eid, wrapped.data(), cb) == 0) {
    return core.EntryId(SAMPLE_STORE_KIND_STORE, 0);
  }
  return {};
}

STDMETHODIMP Store::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                           LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpAdviseSink == nullptr || lpulConnection == nullptr || ulEventMask == 0) {
    return MAPI_E_INVALID_PARAMETER;
  }
  std::vector<BYTE> key_bytes = AdviseKey(cbEntryID, lpEntryID);
  if (key_bytes.empty()) return MAPI_E_INVALID_ENTRYID;
  std::vector<BYTE> key(CbNewNOTIFKEY(key_bytes.size()));
  auto* k = reinterpret_cast<LPNOTIFKEY>(key.data());
  k->cb = static_cast<ULONG>(key_bytes.size());
  std::memcpy(k->ab, key_bytes.data(), key_bytes.size());
  LPMAPISUP support = logon_->Support();
  if (support == nullptr) return MAPI_E_INVALID_OBJECT;
  // MAPI keeps the sinks and calls them (implementing-an-advise-method.md).
  HRESULT hr = support->Subscribe(k, ulEventMask, 0, lpAdviseSink, lpulConnection);
  support->Release();
  return hr;
}

STDMETHODIMP Store::Unadvise(ULONG_PTR ulConnection) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  LPMAPISUP support = logon_->Support();
  if (support == nullptr) return MAPI_E_INVALID_OBJECT;
  HRESULT hr = support->Unsubscribe(ulConnection);
  support->Release();
  return hr;
}

STDMETHODIMP Store::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                    LPENTRYID lpEntryID2, ULONG, ULONG FAR* lpulResult) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpulResult == nullptr) return MAPI_E_INVALID_PARAMETER;
  std::vector<BYTE> a = AdviseKey(cbEntryID1, lpEntryID1);
  std::vector<BYTE> b = AdviseKey(cbEntryID2, lpEntryID2);
  if (lpEntryID1 == nullptr || lpEntryID2 == nullptr || a.empty() || b.empty()) {
    return MAPI_E_INVALID_ENTRYID;
  }
  *lpulResult = a == b;
  return S_OK;
}

STDMETHODIMP Store::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                              ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return OpenEntryInStore(logon_, this, cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType,
                          lppUnk);
}

std::string ClassArg(LPTSTR cls, ULONG flags) {
  if (cls == nullptr) return std::string();
  if (flags & MAPI_UNICODE) return Utf8FromWide(reinterpret_cast<const WCHAR*>(cls));
  return std::string(reinterpret_cast<const char*>(cls));
}

STDMETHODIMP Store::SetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                     LPENTRYID lpEntryID) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  ULONG kind = 0, number = 0;
  if (lpEntryID != nullptr && (!logon_->core().ParseEntryId(cbEntryID, lpEntryID, &kind, &number) ||
                               kind != SAMPLE_STORE_KIND_FOLDER)) {
    return MAPI_E_INVALID_ENTRYID;
  }
  std::string error;
  HRESULT hr = logon_->core().SetReceiveFolder(ClassArg(lpszMessageClass, ulFlags), number, &error);
  return FAILED(hr) ? logon_->Fail(hr, error) : hr;
}

STDMETHODIMP Store::GetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR* lpcbEntryID,
                                     LPENTRYID FAR* lppEntryID, LPTSTR FAR* lppszExplicitClass) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpcbEntryID == nullptr || lppEntryID == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  *lppEntryID = nullptr;
  if (lppszExplicitClass != nullptr) *lppszExplicitClass = nullptr;
  // The longest registered class that is the asked class or a prefix of it
  // ending at a '.' (imsgstore-getreceivefolder.md); "" matches everything.
  const std::string asked = ClassArg(lpszMessageClass, ulFlags);
  std::string best;
  ULONG folder = 0;
  bool found = false;
  for (const auto& [cls, number] : logon_->core().ReceiveFolders()) {
    bool match = cls.empty() ||
                 (asked.size() == cls.size() && strcasecmp(asked.c_str(), cls.c_str()) == 0) ||
                 (asked.size() > cls.size() && asked[cls.size()] == '.' &&
                  strncasecmp(asked.c_str(), cls.c_str(), cls.size()) == 0);
    if (match && (!found || cls.size() > best.size())) {
      best = cls;
      folder = number;
      found = true;
    }
  }
  if (!found) return logon_->Fail(MAPI_E_NOT_FOUND, "no receive folder for '" + asked + "'");
  const Allocators& a = logon_->alloc();
  std::vector<BYTE> eid = logon_->core().EntryId(SAMPLE_STORE_KIND_FOLDER, folder);
  void* p = nullptr;
  if (FAILED(a.allocate(static_cast<ULONG>(eid.size()), &p))) return MAPI_E_NOT_ENOUGH_MEMORY;
  std::memcpy(p, eid.data(), eid.size());
  if (lppszExplicitClass != nullptr) {
    void* s = nullptr;
    size_t size = (ulFlags & MAPI_UNICODE) ? (best.size() + 1) * sizeof(WCHAR) : best.size() + 1;
    if (FAILED(a.allocate(static_cast<ULONG>(size), &s))) {
      a.free(p);
      return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (ulFlags & MAPI_UNICODE) {
      std::wstring w = WideFromUtf8(best);
      std::memcpy(s, w.c_str(), size);
    } else {
      std::memcpy(s, best.c_str(), size);
    }
    *lppszExplicitClass = static_cast<LPTSTR>(s);
  }
  *lpcbEntryID = static_cast<ULONG>(eid.size());
  *lppEntryID = static_cast<LPENTRYID>(p);
  return S_OK;
}

STDMETHODIMP Store::GetReceiveFolderTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MAPI_DEFERRED_ERRORS | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
  std::vector<std::unique_ptr<PropValues>> rows;
  for (const auto& [cls, number] : logon_->core().ReceiveFolders()) {
    auto row = std::make_unique<PropValues>();
    std::vector<BYTE> eid = logon_->core().EntryId(SAMPLE_STORE_KIND_FOLDER, number);
    const std::string key = "class:" + cls;  // unique per row, never empty
    row->Binary(PR_INSTANCE_KEY, key.data(), key.size());
    row->Binary(PR_ENTRYID, eid);
    row->Binary(PR_RECORD_KEY, eid);
    row->String8(PR_MESSAGE_CLASS_A, cls);
    rows.push_back(std::move(row));
  }
  std::vector<PropValues*> view_rows;
  for (auto& r : rows) view_rows.push_back(r.get());
  SizedSPropTagArray(4, columns) = {
      4, {PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_MESSAGE_CLASS_A}};
  return SnapshotView(logon_->alloc(), view_rows, reinterpret_cast<LPSPropTagArray>(&columns),
                      lppTable);
}

STDMETHODIMP Store::StoreLogoff(ULONG FAR* lpulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpulFlags == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (*lpulFlags & ~kLogoffInputFlags) return MAPI_E_UNKNOWN_FLAGS;
  return pair_->StoreLogoff(lpulFlags);
}

HRESULT Store::QueuedMessage(ULONG cb, LPENTRYID eid, MessageRecord* out) {
  ULONG kind = 0, number = 0;
  if (eid == nullptr || !logon_->core().ParseEntryId(cb, eid, &kind, &number) ||
      kind != SAMPLE_STORE_KIND_MESSAGE) {
    return MAPI_E_INVALID_ENTRYID;
  }
  std::string error;
  HRESULT hr = logon_->core().FindMessage(number, out, &error);
  if (FAILED(hr)) return logon_->Fail(hr, error);
  if (out->submit_sequence == 0) {
    return logon_->Fail(MAPI_E_NOT_IN_QUEUE,
                        "message " + std::to_string(number) + " is not in the outgoing queue");
  }
  return S_OK;
}

// Clears MSGFLAG_SUBMIT (and, once sent, MSGFLAG_UNSENT) in a stored
// property list.
void ClearSubmitFlags(MessageRecord* m, bool sent) {
  const std::string key = TagKey(PR_MESSAGE_FLAGS);
  LONG flags = m->props.value(key, LONG{0});
  flags &= ~static_cast<LONG>(MSGFLAG_SUBMIT | (sent ? MSGFLAG_UNSENT : 0));
  if (sent) flags |= MSGFLAG_READ;
  m->props[key] = flags;
  m->submit_sequence = 0;
  m->submit_flags = 0;
}

STDMETHODIMP Store::AbortSubmit(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
  MessageRecord m;
  if (HRESULT hr = QueuedMessage(cbEntryID, lpEntryID, &m); FAILED(hr)) return hr;
  ClearSubmitFlags(&m, /*sent=*/false);
  std::string error;
  if (HRESULT hr = logon_->core().SaveMessage(m, &error); FAILED(hr)) {
    return logon_->Fail(hr, error);
  }
  logon_->QueueChanged();
  logon_->NotifyObject(fnevObjectModified, SAMPLE_STORE_KIND_MESSAGE, m.number, m.folder);
  return S_OK;
}

STDMETHODIMP Store::GetOutgoingQueue(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
  return logon_->QueueView(lppTable);
}

STDMETHODIMP Store::SetLockState(LPMESSAGE lpMessage, ULONG ulLockState) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulLockState != MSG_LOCKED && ulLockState != MSG_UNLOCKED) return MAPI_E_INVALID_PARAMETER;
  ULONG number = MessageNumberOf(*logon_, lpMessage);
  if (number == 0) return MAPI_E_INVALID_PARAMETER;
  std::vector<BYTE> eid = logon_->core().EntryId(SAMPLE_STORE_KIND_MESSAGE, number);
  MessageRecord m;
  if (HRESULT hr = QueuedMessage(static_cast<ULONG>(eid.size()),
                                 reinterpret_cast<LPENTRYID>(eid.data()), &m);
      FAILED(hr)) {
    return hr;
  }
  m.submit_flags = ulLockState == MSG_LOCKED ? (m.submit_flags | SUBMITFLAG_LOCKED)
                                             : (m.submit_flags & ~SUBMITFLAG_LOCKED);
  std::string error;
  if (HRESULT hr = logon_->core().SaveMessage(m, &error); FAILED(hr)) {
    return logon_->Fail(hr, error);
  }
  logon_->QueueChanged();
  return S_OK;
}

STDMETHODIMP Store::FinishedMsg(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
  MessageRecord m;
  if (HRESULT hr = QueuedMessage(cbEntryID, lpEntryID, &m); FAILED(hr)) return hr;
  StoreCore& core = logon_->core();
  std::string error;
  HRESULT hr;
  const ULONG from = m.folder;
  // imsgstore-finishedmsg.md: PR_DELETE_AFTER_SUBMIT deletes (after any
  // move), PR_SENTMAIL_ENTRYID moves, neither leaves the message where it
  // is. (SubmitMessage put Sent Items in PR_SENTMAIL_ENTRYID unless the
  // client chose otherwise.)
  auto del = m.props.find(TagKey(PR_DELETE_AFTER_SUBMIT));
  if (del != m.props.end() && del->is_boolean() && del->get<bool>()) {
    if (FAILED(hr = core.DeleteMessage(m.number, &error))) return logon_->Fail(hr, error);
    logon_->QueueChanged();
    logon_->NotifyObject(fnevObjectDeleted, SAMPLE_STORE_KIND_MESSAGE, m.number, from);
    return S_OK;
  }
  auto sent = m.props.find(TagKey(PR_SENTMAIL_ENTRYID));
  std::vector<BYTE> bytes;
  ULONG kind = 0, number = 0;
  FolderRecord f;
  if (sent != m.props.end() && sent->is_string() && FromHex(sent->get<std::string>(), &bytes) &&
      core.ParseEntryId(static_cast<ULONG>(bytes.size()),
                        reinterpret_cast<const ENTRYID*>(bytes.data()), &kind, &number) &&
      kind == SAMPLE_STORE_KIND_FOLDER && core.FindFolder(number, &f)) {
    m.folder = number;
  }
  ClearSubmitFlags(&m, /*sent=*/true);
  if (FAILED(hr = core.SaveMessage(m, &error))) return logon_->Fail(hr, error);
  logon_->QueueChanged();
  logon_->NotifyObject(m.folder != from ? fnevObjectMoved : fnevObjectModified,
                       SAMPLE_STORE_KIND_MESSAGE, m.number, m.folder);
  return S_OK;
}

STDMETHODIMP Store::NotifyNewMail(LPNOTIFICATION lpNotification) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpNotification == nullptr || lpNotification->ulEventType != fnevNewMail) {
    return MAPI_E_INVALID_PARAMETER;
  }
  LPMAPISUP support = logon_->Support();
  if (support == nullptr) return MAPI_E_INVALID_OBJECT;
  std::vector<BYTE> key_bytes = logon_->core().EntryId(SAMPLE_STORE_KIND_STORE, 0);
  std::vector<BYTE> key(CbNewNOTIFKEY(key_bytes.size()));
  auto* k = reinterpret_cast<LPNOTIFKEY>(key.data());
  k->cb = static_cast<ULONG>(key_bytes.size());
  std::memcpy(k->ab, key_bytes.data(), key_bytes.size());
  ULONG flags = 0;
  HRESULT hr = support->Notify(k, 1, lpNotification, &flags);
  support->Release();
  return hr;
}

// ----------------------------------------------------------------- Logon --
STDMETHODIMP StoreLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = nullptr;
  if (riid != IID_IMSLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IMSLogon*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) StoreLogon::AddRef() { return ++refs_; }
STDMETHODIMP_(ULONG) StoreLogon::Release() {
  ULONG left = --refs_;
  if (left == 0) {
    StorePair* pair = pair_;
    delete this;
    pair->PartReleased();
  }
  return left;
}
STDMETHODIMP StoreLogon::GetLastError(HRESULT hResult, ULONG ulFlags,
                                      LPMAPIERROR FAR* lppMAPIError) {
  return logon_->GetLastError(hResult, ulFlags, lppMAPIError);
}
STDMETHODIMP StoreLogon::Logoff(ULONG FAR*) {
  pair_->Logoff();
  return S_OK;
}
STDMETHODIMP StoreLogon::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                   ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  if (!logon_->valid()) return MAPI_E_INVALID_OBJECT;
  return OpenEntryInStore(logon_, pair_->store, cbEntryID, lpEntryID, lpInterface, ulFlags,
                          lpulObjType, lppUnk);
}
STDMETHODIMP StoreLogon::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                         LPENTRYID lpEntryID2, ULONG ulFlags,
                                         ULONG FAR* lpulResult) {
  if (!logon_->valid()) return MAPI_E_INVALID_OBJECT;
  return pair_->store->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags,
                                       lpulResult);
}
STDMETHODIMP StoreLogon::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                                LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  if (!logon_->valid()) return MAPI_E_INVALID_OBJECT;
  return pair_->store->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
}
STDMETHODIMP StoreLogon::Unadvise(ULONG_PTR ulConnection) {
  if (!logon_->valid()) return MAPI_E_INVALID_OBJECT;
  return pair_->store->Unadvise(ulConnection);
}
STDMETHODIMP StoreLogon::OpenStatusEntry(LPCIID lpInterface, ULONG, ULONG FAR* lpulObjType,
                                         LPVOID FAR* lppEntry) {
  return pair_->OpenStatusEntry(lpInterface, lpulObjType, lppEntry);
}

// -------------------------------------------------------------- Provider --
STDMETHODIMP Provider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = nullptr;
  if (riid != IID_IMSProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IMSProvider*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) Provider::AddRef() { return ++refs_; }
STDMETHODIMP_(ULONG) Provider::Release() {
  ULONG left = --refs_;
  if (left == 0) delete this;
  return left;
}

STDMETHODIMP Provider::Shutdown(ULONG FAR*) {
  // Every change was written (atomically) when it was made: nothing is
  // left to flush. Later logons are refused.
  shut_down_ = true;
  return S_OK;
}

Store* Provider::FindOpenStore(const std::string& dir, LPMSLOGON* logon) {
  std::lock_guard<std::mutex> lock(g_list_mutex);
  for (StorePair* pair : stores_) {
    if (pair->dir() != dir || !pair->state()->valid() || pair->store->AddRefIfLive() == 0) {
      continue;
    }
    if (logon != nullptr) {
      if (pair->logon->AddRefIfLive() == 0) {
        pair->store->Release();
        continue;
      }
      *logon = pair->logon;
    }
    return pair->store;
  }
  return nullptr;
}

STDMETHODIMP Provider::Logon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR, ULONG, LPENTRYID, ULONG,
                             LPCIID lpInterface, ULONG FAR* lpcbSpoolSecurity,
                             LPBYTE FAR* lppbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                             LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  if (lpMAPISup == nullptr || lppMSLogon == nullptr || lppMDB == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lppMSLogon = nullptr;
  *lppMDB = nullptr;
  if (lpcbSpoolSecurity != nullptr) *lpcbSpoolSecurity = 0;
  if (lppbSpoolSecurity != nullptr) *lppbSpoolSecurity = nullptr;
  if (lppMAPIError != nullptr) *lppMAPIError = nullptr;
  if (shut_down_) return MAPI_E_CALL_FAILED;
  if (lpInterface != nullptr && *lpInterface != IID_IMsgStore && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }

  // Where the data is: our section, else our service's (ServiceEntry).
  SectionValues mine;
  HRESULT hr = ReadSection(lpMAPISup, nullptr, alloc_, &mine);
  if (FAILED(hr)) return hr;
  std::string dir = mine.path;
  if (dir.empty() && mine.service_uid.size() == sizeof(MAPIUID)) {
    MAPIUID service;
    std::memcpy(service.ab, mine.service_uid.data(), sizeof service.ab);
    SectionValues theirs;
    if (SUCCEEDED(ReadSection(lpMAPISup, &service, alloc_, &theirs))) dir = theirs.path;
  }
  if (dir.empty()) {
    SetMapiError(alloc_,
                 "sample_store: the profile names no data directory "
                 "(PR_SAMPLE_STORE_PATH); configure the service",
                 lppMAPIError);
    return MAPI_E_UNCONFIGURED;  // MAPI calls ServiceEntry(MSG_SERVICE_CONFIGURE), then retries
  }

  // A store that is already open: the same store, no new logon.
  if (Store* open = FindOpenStore(dir, nullptr)) {
    *lppMDB = open;
    return S_OK;
  }

  lpMAPISup->AddRef();  // ours until the store's Release or Logoff gives it back
  std::shared_ptr<StoreCore> core;
  std::string error;
  hr = StoreCore::Open(
      dir, [&](MAPIUID* uid) { return lpMAPISup->NewUID(uid); }, &core, &error);
  if (FAILED(hr)) {
    SetMapiError(alloc_, "sample_store: " + error, lppMAPIError);
    lpMAPISup->Release();
    return hr;
  }
  // The entry ID MAPI passes (from our profile section) is not checked: if
  // the data directory was replaced, PublishEntryId below updates it.

  MAPIUID uid = core->uid();
  hr = lpMAPISup->SetProviderUID(&uid, 0);
  std::vector<BYTE> raw = core->EntryId(SAMPLE_STORE_KIND_STORE, 0);
  ULONG cb_wrapped = 0;
  LPENTRYID wrapped = nullptr;
  if (SUCCEEDED(hr)) {
    hr =
        lpMAPISup->WrapStoreEntryID(static_cast<ULONG>(raw.size()),
                                    reinterpret_cast<LPENTRYID>(raw.data()), &cb_wrapped, &wrapped);
  }
  if (FAILED(hr)) {
    lpMAPISup->Release();
    return hr;
  }
  std::vector<BYTE> wrapped_eid(reinterpret_cast<BYTE*>(wrapped),
                                reinterpret_cast<BYTE*>(wrapped) + cb_wrapped);
  MAPIFreeBuffer(wrapped);
  PublishEntryId(lpMAPISup, raw);

  // The display name: the store's own, else the profile's.
  nlohmann::json store_props = core->StoreProps();
  std::string name = store_props.value(TagKey(PR_DISPLAY_NAME_A), std::string());
  if (name.empty()) {
    name = mine.display_name.empty() ? kDefaultDisplayName : mine.display_name;
    store_props[TagKey(PR_DISPLAY_NAME_A)] = name;
    if (FAILED(hr = core->SetStoreProps(store_props, &error))) {
      SetMapiError(alloc_, "sample_store: " + error, lppMAPIError);
      lpMAPISup->Release();
      return hr;
    }
  }

  SPropValue row[5];
  std::memset(row, 0, sizeof row);
  row[0].ulPropTag = PR_DISPLAY_NAME_A;
  row[0].Value.lpszA = const_cast<LPSTR>(name.c_str());
  row[1].ulPropTag = PR_PROVIDER_DISPLAY_A;
  row[1].Value.lpszA = const_cast<LPSTR>(kProviderDisplay);
  row[2].ulPropTag = PR_RESOURCE_METHODS;
  row[2].Value.l = STATUS_VALIDATE_STATE;
  row[3].ulPropTag = PR_STATUS_CODE;
  row[3].Value.l = STATUS_AVAILABLE;
  row[4].ulPropTag = PR_STATUS_STRING_A;
  row[4].Value.lpszA = const_cast<LPSTR>("Available");
  if (FAILED(hr = lpMAPISup->ModifyStatusRow(5, row, 0))) {
    lpMAPISup->Release();
    return hr;
  }

  auto state = std::make_shared<LogonState>(core, alloc_, lpMAPISup, std::move(wrapped_eid), name);
  // The pair frees itself when both objects are gone; a failure below
  // unwinds through the objects' own Release (with the support reference
  // taken back first, so no logoff starts).
  auto* pair = new (std::nothrow) StorePair(this, state, dir);
  if (pair == nullptr) {
    lpMAPISup->Release();
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  auto* store = new (std::nothrow) Store(pair, state);
  if (store == nullptr) {
    pair->PartReleased();
    pair->PartReleased();
    lpMAPISup->Release();
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  auto* logon = new (std::nothrow) StoreLogon(pair, state);
  hr = logon == nullptr ? MAPI_E_NOT_ENOUGH_MEMORY : store->Init(store_props);
  if (FAILED(hr)) {
    state->TakeSupport();
    store->Release();
    if (logon != nullptr) {
      logon->Release();
    } else {
      pair->PartReleased();
    }
    lpMAPISup->Release();
    return hr;
  }
  pair->store = store;
  pair->logon = logon;
  {
    std::lock_guard<std::mutex> lock(g_list_mutex);
    stores_.push_back(pair);
  }
  // Spool data: what SpoolerLogon needs to find the store again, without
  // pointers; from our allocator, freed by MAPI.
  if (lpcbSpoolSecurity != nullptr && lppbSpoolSecurity != nullptr) {
    void* p = nullptr;
    if (SUCCEEDED(alloc_.allocate(static_cast<ULONG>(dir.size()), &p))) {
      std::memcpy(p, dir.data(), dir.size());
      *lpcbSpoolSecurity = static_cast<ULONG>(dir.size());
      *lppbSpoolSecurity = static_cast<LPBYTE>(p);
    }
  }
  *lppMSLogon = logon;
  *lppMDB = store;
  return S_OK;
}

STDMETHODIMP Provider::SpoolerLogon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR, ULONG, LPENTRYID, ULONG,
                                    LPCIID lpInterface, ULONG cbSpoolSecurity,
                                    LPBYTE lpbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                                    LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  if (lpMAPISup == nullptr || lppMSLogon == nullptr || lppMDB == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lppMSLogon = nullptr;
  *lppMDB = nullptr;
  if (lppMAPIError != nullptr) *lppMAPIError = nullptr;
  if (lpInterface != nullptr && *lpInterface != IID_IMsgStore && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  if (lpbSpoolSecurity == nullptr || cbSpoolSecurity == 0) return MAPI_E_LOGON_FAILED;
  // The spooler runs in this process: it gets the store the client opened.
  std::string dir(reinterpret_cast<const char*>(lpbSpoolSecurity), cbSpoolSecurity);
  Store* store = FindOpenStore(dir, lppMSLogon);
  if (store == nullptr) return MAPI_E_LOGON_FAILED;
  *lppMDB = store;
  return S_OK;
}

STDMETHODIMP Provider::CompareStoreIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG, ULONG FAR* lpulResult) {
  if (lpulResult == nullptr) return MAPI_E_INVALID_PARAMETER;
  auto is_store = [](ULONG cb, LPENTRYID eid) {
    ULONG kind = 0;
    if (eid == nullptr || cb != SAMPLE_STORE_EID_SIZE) return false;
    std::memcpy(&kind, reinterpret_cast<const BYTE*>(eid) + 20, sizeof kind);
    return kind == SAMPLE_STORE_KIND_STORE;
  };
  if (!is_store(cbEntryID1, lpEntryID1) || !is_store(cbEntryID2, lpEntryID2)) {
    return MAPI_E_INVALID_ENTRYID;
  }
  // Same MAPIUID, same store.
  *lpulResult = std::memcmp(reinterpret_cast<const BYTE*>(lpEntryID1) + 4,
                            reinterpret_cast<const BYTE*>(lpEntryID2) + 4, sizeof(MAPIUID)) == 0;
  return S_OK;
}

}  // namespace
}  // namespace sample_store

// ------------------------------------------------------------ entry points --
STDINITMETHODIMP MSProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG,
                                ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPMSPROVIDER FAR* lppMSProvider) {
  if (lppMSProvider != nullptr) *lppMSProvider = nullptr;
  if (lpulProviderVer == nullptr || lppMSProvider == nullptr || lpAllocateBuffer == nullptr ||
      lpAllocateMore == nullptr || lpFreeBuffer == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = CURRENT_SPI_VERSION;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  // A new provider object for every call (msproviderinit.md).
  auto* provider = new (std::nothrow) sample_store::Provider(
      sample_store::Allocators{lpAllocateBuffer, lpAllocateMore, lpFreeBuffer});
  if (provider == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lppMSProvider = provider;
  return S_OK;
}
