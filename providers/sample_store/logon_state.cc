// LogonState, the computed properties and the table helpers every object
// kind uses.
#include <cstdio>
#include <cstring>
#include <set>

#include "mapicode.h"
#include "mapitags.h"
#include "providers/sample_store/objects.h"
#include "providers/sample_store/sample_store.h"

namespace sample_store {

HRESULT NoSupport(const char* what) {
  static std::mutex mutex;
  static std::set<std::string> logged;
  std::lock_guard<std::mutex> lock(mutex);
  if (logged.insert(what).second) {
    std::fprintf(stderr, "sample_store: %s is not supported (MAPI_E_NO_SUPPORT)\n", what);
  }
  return MAPI_E_NO_SUPPORT;
}

void SetMapiError(const Allocators& alloc, const std::string& text, LPMAPIERROR* out) {
  if (out == nullptr) return;
  *out = nullptr;
  void* block = nullptr;
  if (FAILED(alloc.allocate(sizeof(MAPIERROR), &block))) return;
  auto* error = static_cast<LPMAPIERROR>(block);
  std::memset(error, 0, sizeof *error);
  error->ulVersion = MAPI_ERROR_VERSION;
  void* p = nullptr;
  if (FAILED(alloc.allocate_more(static_cast<ULONG>(text.size() + 1), block, &p))) {
    alloc.free(block);
    return;
  }
  std::memcpy(p, text.c_str(), text.size() + 1);
  error->lpszError = static_cast<LPTSTR>(p);
  *out = error;
}

LogonState::LogonState(std::shared_ptr<StoreCore> core, const Allocators& alloc, LPMAPISUP support,
                       std::vector<BYTE> wrapped_store_eid, std::string display_name)
    : core_(std::move(core)),
      alloc_(alloc),
      wrapped_store_eid_(std::move(wrapped_store_eid)),
      display_name_(std::move(display_name)),
      support_(support) {}

LogonState::~LogonState() {
  if (queue_ != nullptr) queue_->Release();
  // The logon hands its support reference back before this point (store
  // Release or IMSLogon::Logoff); never release MAPI's object twice.
}

HRESULT LogonState::Fail(HRESULT hr, const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  last_hr_ = hr;
  last_text_ = text;
  return hr;
}

HRESULT LogonState::GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* out) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  *out = nullptr;
  std::string text;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (hr != last_hr_ || last_text_.empty()) return S_OK;  // nothing to add
    text = last_text_;
  }
  void* block = nullptr;
  if (FAILED(alloc_.allocate(sizeof(MAPIERROR), &block))) return MAPI_E_NOT_ENOUGH_MEMORY;
  auto* error = static_cast<LPMAPIERROR>(block);
  std::memset(error, 0, sizeof *error);
  error->ulVersion = MAPI_ERROR_VERSION;
  auto copy = [&](const std::string& s, LPTSTR* dest) -> bool {
    void* p = nullptr;
    if (flags & MAPI_UNICODE) {
      std::wstring w = WideFromUtf8(s);
      if (FAILED(alloc_.allocate_more(static_cast<ULONG>((w.size() + 1) * sizeof(WCHAR)), block,
                                      &p))) {
        return false;
      }
      std::memcpy(p, w.c_str(), (w.size() + 1) * sizeof(WCHAR));
    } else {
      if (FAILED(alloc_.allocate_more(static_cast<ULONG>(s.size() + 1), block, &p))) return false;
      std::memcpy(p, s.c_str(), s.size() + 1);
    }
    *dest = static_cast<LPTSTR>(p);
    return true;
  };
  if (!copy(text, &error->lpszError) || !copy("sample_store", &error->lpszComponent)) {
    alloc_.free(block);
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  *out = error;
  return S_OK;
}

LPMAPISUP LogonState::Support() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (support_ != nullptr) support_->AddRef();
  return support_;
}

LPMAPISUP LogonState::TakeSupport() {
  std::lock_guard<std::mutex> lock(mutex_);
  LPMAPISUP support = support_;
  support_ = nullptr;
  return support;
}

bool LogonState::MarkTransportsLoggedOff() {
  std::lock_guard<std::mutex> lock(mutex_);
  bool was = transports_logged_off_;
  transports_logged_off_ = true;
  return was;
}

void LogonState::NotifyObject(ULONG event, ULONG kind, ULONG number, ULONG folder) {
  if (!valid()) return;
  LPMAPISUP support = Support();
  if (support == nullptr) return;
  std::vector<BYTE> eid = core_->EntryId(kind, number);
  std::vector<BYTE> parent = core_->EntryId(SAMPLE_STORE_KIND_FOLDER, folder);
  NOTIFICATION n;
  std::memset(&n, 0, sizeof n);
  n.ulEventType = event;
  n.info.obj.cbEntryID = static_cast<ULONG>(eid.size());
  n.info.obj.lpEntryID = reinterpret_cast<LPENTRYID>(eid.data());
  n.info.obj.ulObjType = kind == SAMPLE_STORE_KIND_MESSAGE ? MAPI_MESSAGE : MAPI_FOLDER;
  n.info.obj.cbParentID = static_cast<ULONG>(parent.size());
  n.info.obj.lpParentID = reinterpret_cast<LPENTRYID>(parent.data());
  // Subscribers to the store and to the folder (keys: our raw entry IDs).
  for (const std::vector<BYTE>& key_bytes : {core_->EntryId(SAMPLE_STORE_KIND_STORE, 0), parent}) {
    std::vector<BYTE> key(CbNewNOTIFKEY(key_bytes.size()));
    auto* k = reinterpret_cast<LPNOTIFKEY>(key.data());
    k->cb = static_cast<ULONG>(key_bytes.size());
    std::memcpy(k->ab, key_bytes.data(), key_bytes.size());
    ULONG flags = 0;
    support->Notify(k, 1, &n, &flags);
  }
  support->Release();
}

namespace {

void QueueRow(const LogonState& logon, const MessageRecord& m, PropValues* row) {
  std::vector<BYTE> eid = logon.core().EntryId(SAMPLE_STORE_KIND_MESSAGE, m.number);
  row->Binary(PR_INSTANCE_KEY, eid);
  row->Binary(PR_ENTRYID, eid);
  row->Long(PR_SUBMIT_FLAGS, static_cast<LONG>(m.submit_flags));
  PropValues stored;
  std::string ignored;
  if (SUCCEEDED(PropValues::FromJson(m.props, &stored, &ignored))) {
    for (ULONG i = 0; i < stored.size(); ++i) {
      ULONG id = PROP_ID(stored.data()[i].ulPropTag);
      if (id == PROP_ID(PR_CLIENT_SUBMIT_TIME) || id == PROP_ID(PR_SUBJECT) ||
          id == PROP_ID(PR_MESSAGE_CLASS)) {
        row->Copy(stored.data()[i]);
      }
    }
  }
}

}  // namespace

void LogonState::QueueChanged() {
  LPTABLEDATA queue;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue = queue_;
    if (queue == nullptr) return;  // nobody asked for the queue yet
    queue->AddRef();
  }
  ULONG deleted = 0;
  queue->HrDeleteRows(TAD_ALL_ROWS, nullptr, &deleted);
  for (const MessageRecord& m : core_->OutgoingQueue()) {
    PropValues row;
    QueueRow(*this, m, &row);
    SRow r{0, row.size(), row.data()};
    queue->HrModifyRow(&r);
  }
  queue->Release();
}

HRESULT LogonState::QueueView(LPMAPITABLE* out) {
  bool created = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_ == nullptr) {
      SizedSPropTagArray(5, columns) = {
          5, {PR_ENTRYID, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME, PR_SUBJECT_A, PR_INSTANCE_KEY}};
      SCODE sc = CreateTable(&IID_IMAPITableData, alloc_.allocate, alloc_.allocate_more,
                             alloc_.free, nullptr, TBLTYPE_DYNAMIC, PR_INSTANCE_KEY,
                             reinterpret_cast<LPSPropTagArray>(&columns), &queue_);
      if (FAILED(sc)) return sc;
      created = true;
    }
  }
  if (created) QueueChanged();
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_->HrGetView(nullptr, nullptr, 0, out);
}

// ---- Computed properties and tables ---------------------------------------------

void FolderComputed(const LogonState& logon, const FolderRecord& f, PropValues* out) {
  const StoreCore& core = logon.core();
  std::vector<BYTE> eid = core.EntryId(SAMPLE_STORE_KIND_FOLDER, f.number);
  out->Binary(PR_ENTRYID, eid);
  out->Binary(PR_RECORD_KEY, eid);
  out->Binary(PR_INSTANCE_KEY, eid);
  out->Binary(PR_PARENT_ENTRYID,
              core.EntryId(SAMPLE_STORE_KIND_FOLDER, f.parent == 0 ? f.number : f.parent));
  out->Long(PR_OBJECT_TYPE, MAPI_FOLDER);
  out->Long(PR_FOLDER_TYPE, f.number == SAMPLE_STORE_ROOT ? FOLDER_ROOT : FOLDER_GENERIC);
  out->Long(PR_CONTENT_COUNT, static_cast<LONG>(core.MessagesIn(f.number).size()));
  out->Bool(PR_SUBFOLDERS, !core.ChildFolders(f.number).empty());
  out->Binary(PR_STORE_ENTRYID, logon.wrapped_store_eid());
  out->Binary(PR_STORE_RECORD_KEY, core.uid().ab, sizeof(MAPIUID));
}

void MessageComputed(const LogonState& logon, const MessageRecord& m, PropValues* out) {
  const StoreCore& core = logon.core();
  std::vector<BYTE> eid = core.EntryId(SAMPLE_STORE_KIND_MESSAGE, m.number);
  out->Binary(PR_ENTRYID, eid);
  out->Binary(PR_RECORD_KEY, eid);
  out->Binary(PR_INSTANCE_KEY, eid);
  out->Binary(PR_PARENT_ENTRYID, core.EntryId(SAMPLE_STORE_KIND_FOLDER, m.folder));
  out->Long(PR_OBJECT_TYPE, MAPI_MESSAGE);
  out->Bool(PR_HASATTACH, false);
  out->Binary(PR_STORE_ENTRYID, logon.wrapped_store_eid());
  out->Binary(PR_STORE_RECORD_KEY, core.uid().ab, sizeof(MAPIUID));
}

HRESULT SnapshotView(const Allocators& alloc, const std::vector<PropValues*>& rows,
                     const SPropTagArray* columns, LPMAPITABLE* out) {
  LPTABLEDATA data = nullptr;
  SCODE sc =
      CreateTable(&IID_IMAPITableData, alloc.allocate, alloc.allocate_more, alloc.free, nullptr,
                  TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, const_cast<LPSPropTagArray>(columns), &data);
  if (FAILED(sc)) return sc;
  HRESULT hr = S_OK;
  for (PropValues* row : rows) {
    SRow r{0, row->size(), row->data()};
    hr = data->HrModifyRow(&r);
    if (FAILED(hr)) break;
  }
  if (SUCCEEDED(hr)) hr = data->HrGetView(nullptr, nullptr, 0, out);
  data->Release();  // the view keeps the data
  return hr;
}

}  // namespace sample_store
