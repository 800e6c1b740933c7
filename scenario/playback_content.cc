// StoreContent (playback_content.h): the content model of a stand-in store
// and the folder, message and table objects it hands out.
//
// Every object's properties are an IPropData from CreateIProp, every table an
// ITableData from CreateTable; the objects are thin COM shells over them that
// run `on_entry` first. ContentModel keeps which messages exist, in which
// folder, saved or queued, under one mutex. Table rows are written after
// that mutex is released (a row change notifies the views' advise sinks
// synchronously, and a sink may call back into this store): each change
// queues its row writes under the mutex, in model order, and one thread at
// a time writes them before the call returns (see Flush).
#include "scenario/playback_content.h"

#include <cstring>
#include <deque>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "spdlog/spdlog.h"

namespace mapi_emu::playback {
namespace {

// "mapi_emu.playbck": the entry IDs' MAPIUID unless the caller gives one.
constexpr MAPIUID kDefaultUid = {
    {'m', 'a', 'p', 'i', '_', 'e', 'm', 'u', '.', 'p', 'l', 'a', 'y', 'b', 'c', 'k'}};

// Answered only by this file's message objects: how SetLockState finds the
// message behind an LPMESSAGE without calling one of its methods.
constexpr IID kMessageIdentityIid = {
    0x6d617069, 0x706c, 0x6179, {0x62, 0x61, 0x63, 0x6b, 0x6d, 0x73, 0x67, 0x31}};

constexpr size_t kEntryIdSize = 4 + sizeof(MAPIUID) + 4;

// 2000-01-01 00:00:00 UTC as a FILETIME; the queue's submit times are this
// plus one second per submission, so they sort in submission order.
constexpr uint64_t kSubmitEpoch = 125911584000000000ULL;
constexpr uint64_t kFiletimeSecond = 10000000ULL;

enum FolderIndex : size_t { kRoot, kIpm, kInbox, kOutbox, kSent, kDeleted, kFolderCount };

struct FolderSpec {
  const char* key;      // MessageCount's name
  const char* display;  // PR_DISPLAY_NAME_A
  size_t parent;
};
// clang-format off
constexpr FolderSpec kFolders[kFolderCount] = {
    {"root", "Root", kRoot},
    {"ipm", "Top of Information Store", kRoot},
    {"inbox", "Inbox", kIpm},
    {"outbox", "Outbox", kIpm},
    {"sent", "Sent Items", kIpm},
    {"deleted", "Deleted Items", kIpm},
};
// clang-format on

// Folders are numbered 1..6 in entry IDs, messages from 7 on.
uint32_t FolderNumber(size_t index) { return static_cast<uint32_t>(index + 1); }
constexpr uint32_t kFirstMessageNumber = kFolderCount + 1;

// Columns of each table (the default column set of its views).
constexpr ULONG kContentsColumns[] = {PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBJECT_A, PR_MESSAGE_CLASS_A,
                                      PR_MESSAGE_FLAGS};
constexpr ULONG kHierarchyColumns[] = {PR_INSTANCE_KEY, PR_ENTRYID,    PR_DISPLAY_NAME_A,
                                       PR_FOLDER_TYPE,  PR_SUBFOLDERS, PR_DEPTH};
constexpr ULONG kQueueColumns[] = {PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBMIT_FLAGS,
                                   PR_CLIENT_SUBMIT_TIME};
constexpr ULONG kRecipientColumns[] = {PR_ROWID, PR_DISPLAY_NAME_A, PR_ADDRTYPE_A,
                                       PR_EMAIL_ADDRESS_A, PR_RECIPIENT_TYPE};
constexpr ULONG kAttachmentColumns[] = {PR_ATTACH_NUM, PR_INSTANCE_KEY};

// A method this content does not implement: logged once per process, then
// MAPI_E_NO_SUPPORT (style.md 8).
HRESULT NoSupport(const char* method) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* const logged = new std::set<std::string>();
  {
    absl::MutexLock lock(&mu);
    if (!logged->insert(method).second) return MAPI_E_NO_SUPPORT;
  }
  spdlog::warn("playback store content: {} is not supported (MAPI_E_NO_SUPPORT)", method);
  return MAPI_E_NO_SUPPORT;
}

}  // namespace

// ContentModel, declared in playback_content.h, holds Values: a named
// namespace, not an anonymous one, keeps its members' types from having
// internal linkage.
namespace content_internal {

struct BufferDeleter {
  void operator()(void* buffer) const { MAPIFreeBuffer(buffer); }
};
template <typename T>
using Buffer = std::unique_ptr<T, BufferDeleter>;

// Property values in one MAPIAllocateBuffer block: a row to write.
struct Values {
  Buffer<SPropValue> block;
  ULONG count = 0;
};

}  // namespace content_internal

using content_internal::Buffer;
using content_internal::Values;

namespace {

// An SPropTagArray over its own storage.
class TagArray {
 public:
  template <typename Range>
  explicit TagArray(const Range& tags) {
    storage_.push_back(0);
    for (ULONG tag : tags) storage_.push_back(tag);
    storage_[0] = static_cast<ULONG>(storage_.size() - 1);
  }
  TagArray(std::initializer_list<ULONG> tags) : TagArray(std::vector<ULONG>(tags)) {}
  LPSPropTagArray get() { return reinterpret_cast<LPSPropTagArray>(storage_.data()); }

 private:
  std::vector<ULONG> storage_;
};

SPropValue Long(ULONG tag, ULONG value) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.ul = value;
  return v;
}
SPropValue Bool(ULONG tag, bool value) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.b = value ? 1 : 0;
  return v;
}
SPropValue String(ULONG tag, const char* value) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.lpszA = const_cast<LPSTR>(value);
  return v;
}
// Points into `bytes`, which must outlive the value.
SPropValue Binary(ULONG tag, const std::vector<BYTE>& bytes) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.bin.cb = static_cast<ULONG>(bytes.size());
  v.Value.bin.lpb = const_cast<LPBYTE>(bytes.data());
  return v;
}
SPropValue Time(ULONG tag, uint64_t filetime) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.ft.dwLowDateTime = static_cast<ULONG>(filetime & 0xFFFFFFFFu);
  v.Value.ft.dwHighDateTime = static_cast<ULONG>(filetime >> 32);
  return v;
}

// The 4-byte key of object `number` (its PR_INSTANCE_KEY, the end of its ID).
std::vector<BYTE> Key(uint32_t number) {
  return {static_cast<BYTE>(number), static_cast<BYTE>(number >> 8),
          static_cast<BYTE>(number >> 16), static_cast<BYTE>(number >> 24)};
}

HRESULT NewPropData(ComPtr<IPropData>* out) {
  return CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                     nullptr, out->Put());
}

template <size_t N>
HRESULT NewTable(ULONG index_tag, const ULONG (&columns)[N], ComPtr<ITableData>* out) {
  TagArray tags(columns);
  return CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                     nullptr, TBLTYPE_DYNAMIC, index_tag, tags.get(), out->Put());
}

// Sets `values` on `props`; a problem with any of them is the error.
HRESULT SetAll(IPropData* props, std::vector<SPropValue> values) {
  LPSPropProblemArray raw = nullptr;
  HRESULT hr = props->SetProps(static_cast<ULONG>(values.size()), values.data(), &raw);
  Buffer<SPropProblemArray> problems(raw);
  if (SUCCEEDED(hr) && problems != nullptr && problems->cProblem > 0) {
    hr = problems->aProblem[0].scode;
  }
  return hr;
}

// One value of `props` (PT_ERROR when it has none), or null on failure.
Buffer<SPropValue> GetOne(IPropData* props, ULONG tag) {
  TagArray tags{tag};
  ULONG count = 0;
  LPSPropValue raw = nullptr;
  if (FAILED(props->GetProps(tags.get(), 0, &count, &raw)) || count != 1) {
    MAPIFreeBuffer(raw);
    return nullptr;
  }
  return Buffer<SPropValue>(raw);
}

ULONG GetLong(IPropData* props, ULONG tag) {
  Buffer<SPropValue> v = GetOne(props, tag);
  return v != nullptr && v->ulPropTag == tag ? v->Value.ul : 0;
}

// A table row read from `props`: the values of `tags` it has, where a value
// it does not have may come from `extra` (same property ID). One block.
HRESULT RowFrom(IPropData* props, std::initializer_list<ULONG> tags, std::vector<SPropValue> extra,
                Values* out) {
  TagArray array(tags);
  ULONG count = 0;
  LPSPropValue raw = nullptr;
  HRESULT hr = props->GetProps(array.get(), 0, &count, &raw);
  Buffer<SPropValue> block(raw);
  if (FAILED(hr)) return hr;
  ULONG kept = 0;
  for (ULONG i = 0; i < count; ++i) {
    SPropValue& v = block.get()[i];
    if (PROP_TYPE(v.ulPropTag) == PT_ERROR) {
      for (SPropValue& e : extra) {
        if (PROP_ID(e.ulPropTag) == PROP_ID(v.ulPropTag)) {
          hr = PropCopyMore(&v, &e, MAPIAllocateMore, block.get());
          if (FAILED(hr)) return hr;
          break;
        }
      }
    }
    // A row holds only real values: a PT_ERROR column would join the
    // table's default columns.
    if (PROP_TYPE(v.ulPropTag) != PT_ERROR) block.get()[kept++] = v;
  }
  out->block = std::move(block);
  out->count = kept;
  return S_OK;
}

// A copy of `values` (without PT_ERROR and PR_NULL values, and with PR_ROWID
// `rowid` in place of any given) in one block.
HRESULT RecipientRow(const ADRENTRY& entry, LONG rowid, Values* out) {
  std::vector<SPropValue> values;
  for (ULONG i = 0; i < entry.cValues; ++i) {
    const SPropValue& v = entry.rgPropVals[i];
    if (PROP_TYPE(v.ulPropTag) == PT_ERROR || v.ulPropTag == PR_NULL ||
        PROP_ID(v.ulPropTag) == PROP_ID(PR_ROWID)) {
      continue;
    }
    values.push_back(v);
  }
  SPropValue id{};
  id.ulPropTag = PR_ROWID;
  id.Value.l = rowid;
  values.push_back(id);
  LPSPropValue raw = nullptr;
  HRESULT hr =
      ScDupPropset(static_cast<int>(values.size()), values.data(), MAPIAllocateBuffer, &raw);
  if (FAILED(hr)) return hr;
  out->block.reset(raw);
  out->count = static_cast<ULONG>(values.size());
  return S_OK;
}

// One value in its own block: the index value a row is deleted by.
HRESULT KeyValue(SPropValue value, Values* out) {
  LPSPropValue raw = nullptr;
  HRESULT hr = ScDupPropset(1, &value, MAPIAllocateBuffer, &raw);
  if (FAILED(hr)) return hr;
  out->block.reset(raw);
  out->count = 1;
  return S_OK;
}

// The PR_ROWID of an ADRLIST entry, if it has one.
const SPropValue* RowIdOf(const ADRENTRY& entry) {
  return PpropFindProp(entry.rgPropVals, entry.cValues, PR_ROWID);
}

}  // namespace

// ---- The model -------------------------------------------------------------

class ContentModel : public std::enable_shared_from_this<ContentModel> {
 public:
  ContentModel(std::function<void()> on_entry, const MAPIUID& uid)
      : uid_(uid),
        on_entry_(on_entry ? std::make_shared<const std::function<void()>>(std::move(on_entry))
                           : nullptr) {}

  // Builds the store's properties, folders and tables; what failed, if any.
  HRESULT Init();
  HRESULT status() const { return status_; }

  // Runs on_entry (if any, and until Detach), with no lock held.
  void Enter() const ABSL_LOCKS_EXCLUDED(mu_) {
    std::shared_ptr<const std::function<void()>> on_entry;
    {
      absl::MutexLock lock(&mu_);
      on_entry = on_entry_;
    }
    if (on_entry != nullptr) (*on_entry)();
  }
  void Detach() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    on_entry_.reset();
  }

  // ---- Entry IDs
  std::vector<BYTE> EntryId(uint32_t number) const {
    std::vector<BYTE> id(4, 0);
    id.insert(id.end(), uid_.ab, uid_.ab + sizeof uid_.ab);
    const std::vector<BYTE> key = Key(number);
    id.insert(id.end(), key.begin(), key.end());
    return id;
  }
  // The number in one of this store's entry IDs; 0 for any other bytes.
  uint32_t NumberOf(ULONG cb, const BYTE* eid) const {
    if (cb != kEntryIdSize || eid == nullptr) return 0;
    static constexpr BYTE kZero[4] = {0, 0, 0, 0};
    if (std::memcmp(eid, kZero, 4) != 0 || std::memcmp(eid + 4, uid_.ab, sizeof uid_.ab) != 0) {
      return 0;
    }
    const BYTE* n = eid + 4 + sizeof uid_.ab;
    return static_cast<uint32_t>(n[0]) | static_cast<uint32_t>(n[1]) << 8 |
           static_cast<uint32_t>(n[2]) << 16 | static_cast<uint32_t>(n[3]) << 24;
  }
  uint32_t NumberOf(ULONG cb, const ENTRYID* eid) const {
    return NumberOf(cb, reinterpret_cast<const BYTE*>(eid));
  }
  // The message number behind `message` (one of this store's); 0 if none.
  uint32_t MessageNumber(LPMESSAGE message) const;
  static bool IsFolder(uint32_t number) { return number >= 1 && number <= kFolderCount; }

  // ---- The store
  HRESULT GetStoreProps(LPSPropTagArray tags, ULONG flags, ULONG* count, LPSPropValue* props) {
    return store_props_->GetProps(tags, flags, count, props);
  }
  HRESULT Open(ULONG cb, LPENTRYID eid, LPCIID iid, ULONG* type, LPUNKNOWN* out);
  HRESULT QueueView(LPMAPITABLE* out) { return View(queue_.get(), out); }
  HRESULT SetLockState(uint32_t number, ULONG state) ABSL_LOCKS_EXCLUDED(mu_);
  HRESULT Finished(uint32_t number) ABSL_LOCKS_EXCLUDED(mu_);
  HRESULT Abort(uint32_t number) ABSL_LOCKS_EXCLUDED(mu_);
  size_t QueuedCount() const ABSL_LOCKS_EXCLUDED(mu_);
  size_t MessageCount(size_t folder) const ABSL_LOCKS_EXCLUDED(mu_);

  // ---- Folders
  IPropData* FolderProps(size_t folder) const { return folders_[folder].props.get(); }
  HRESULT ContentsView(size_t folder, LPMAPITABLE* out) {
    return View(folders_[folder].contents.get(), out);
  }
  HRESULT HierarchyView(size_t folder, LPMAPITABLE* out) {
    return View(folders_[folder].hierarchy.get(), out);
  }
  HRESULT CreateMessage(size_t folder, LPCIID iid, ULONG flags, LPMESSAGE* out)
      ABSL_LOCKS_EXCLUDED(mu_);
  HRESULT DeleteMessages(size_t folder, LPENTRYLIST list) ABSL_LOCKS_EXCLUDED(mu_);

  // ---- Messages
  HRESULT AttachmentView(LPMAPITABLE* out) { return View(attachments_.get(), out); }
  HRESULT Save(uint32_t number) ABSL_LOCKS_EXCLUDED(mu_);
  HRESULT Submit(uint32_t number) ABSL_LOCKS_EXCLUDED(mu_);
  HRESULT ModifyRecipients(uint32_t number, ULONG flags, LPADRLIST mods) ABSL_LOCKS_EXCLUDED(mu_);
  HRESULT SetReadFlag(uint32_t number, ULONG flags) ABSL_LOCKS_EXCLUDED(mu_);
  // A message object of `number` went away: an unsaved message whose last
  // object it was goes with it.
  void Closed(uint32_t number) ABSL_LOCKS_EXCLUDED(mu_);

  // A view of `data`, wrapped so that its methods run on_entry.
  HRESULT View(ITableData* data, LPMAPITABLE* out);

 private:
  struct Folder {
    std::vector<BYTE> entry_id;
    ComPtr<IPropData> props;  // read-only
    ComPtr<ITableData> contents;
    ComPtr<ITableData> hierarchy;
  };
  struct Message {
    std::vector<BYTE> entry_id;
    ComPtr<IPropData> props;
    ComPtr<ITableData> recipients;
    size_t folder = kOutbox;
    std::set<LONG> rowids;  // the recipients' PR_ROWIDs
    LONG next_rowid = 1;
    int opens = 0;  // live message objects
    bool saved = false;
    bool queued = false;
    bool locked = false;
  };
  // A row change, written after mu_ is released (Flush).
  struct TableOp {
    enum class Kind { kModify, kDelete, kClear } kind = Kind::kModify;
    ComPtr<ITableData> table;
    Values values;  // the row (kModify) or its index value (kDelete)
  };

  HRESULT MakeFolder(size_t index);
  HRESULT OpenFolder(size_t index, ComPtr<IUnknown>* out, ULONG* type);
  HRESULT OpenMessage(uint32_t number, ComPtr<IUnknown>* out, ULONG* type) ABSL_LOCKS_EXCLUDED(mu_);
  Message* Find(uint32_t number) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = messages_.find(number);
    return it == messages_.end() ? nullptr : &it->second;
  }
  // Queue the row writes that show `m` as it is now in its folder's contents
  // table / in the outgoing queue, or that take row `number` out of `table`.
  HRESULT ShowInContents(uint32_t number, const Message& m) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  HRESULT ShowInQueue(uint32_t number, const Message& m) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  HRESULT RemoveRow(ITableData* table, uint32_t number) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Queue(TableOp::Kind kind, ITableData* table, Values values)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    pending_.push_back({kind, ComPtr<ITableData>::Share(table), std::move(values)});
  }
  // Writes the queued row changes, in queue order, one thread at a time:
  // a call waits while another thread writes; a call from an advise sink
  // inside a write leaves its changes to that write's loop.
  void Flush() ABSL_LOCKS_EXCLUDED(mu_);
  static void Apply(TableOp& op);

  const MAPIUID uid_;
  HRESULT status_ = S_OK;
  // Made by Init, then unchanged (the objects are thread-safe themselves).
  ComPtr<IPropData> store_props_;
  Folder folders_[kFolderCount];
  ComPtr<ITableData> queue_;
  ComPtr<ITableData> attachments_;  // always empty

  mutable absl::Mutex mu_;
  std::shared_ptr<const std::function<void()>> on_entry_ ABSL_GUARDED_BY(mu_);
  std::map<uint32_t, Message> messages_ ABSL_GUARDED_BY(mu_);
  uint32_t next_number_ ABSL_GUARDED_BY(mu_) = kFirstMessageNumber;
  uint64_t submissions_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<TableOp> pending_ ABSL_GUARDED_BY(mu_);
  bool flushing_ ABSL_GUARDED_BY(mu_) = false;
  std::thread::id flusher_ ABSL_GUARDED_BY(mu_);  // while flushing_
};

namespace {

// ---- The objects -------------------------------------------------------------

// An IMAPITable view of one of the model's tables: runs on_entry, then the
// view's method.
class TableObject final : public ComObject<IMAPITable> {
 public:
  TableObject(std::shared_ptr<ContentModel> model, ComPtr<IMAPITable> view)
      : model_(std::move(model)), view_(std::move(view)) {}

  STDMETHODIMP GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* error) override {
    model_->Enter();
    return view_->GetLastError(hr, flags, error);
  }
  STDMETHODIMP Advise(ULONG mask, LPMAPIADVISESINK sink, ULONG_PTR* connection) override {
    model_->Enter();
    return view_->Advise(mask, sink, connection);
  }
  STDMETHODIMP Unadvise(ULONG_PTR connection) override {
    model_->Enter();
    return view_->Unadvise(connection);
  }
  STDMETHODIMP GetStatus(ULONG* status, ULONG* type) override {
    model_->Enter();
    return view_->GetStatus(status, type);
  }
  STDMETHODIMP SetColumns(LPSPropTagArray columns, ULONG flags) override {
    model_->Enter();
    return view_->SetColumns(columns, flags);
  }
  STDMETHODIMP QueryColumns(ULONG flags, LPSPropTagArray* columns) override {
    model_->Enter();
    return view_->QueryColumns(flags, columns);
  }
  STDMETHODIMP GetRowCount(ULONG flags, ULONG* count) override {
    model_->Enter();
    return view_->GetRowCount(flags, count);
  }
  STDMETHODIMP SeekRow(BOOKMARK origin, LONG rows, LONG* sought) override {
    model_->Enter();
    return view_->SeekRow(origin, rows, sought);
  }
  STDMETHODIMP SeekRowApprox(ULONG numerator, ULONG denominator) override {
    model_->Enter();
    return view_->SeekRowApprox(numerator, denominator);
  }
  STDMETHODIMP QueryPosition(ULONG* row, ULONG* numerator, ULONG* denominator) override {
    model_->Enter();
    return view_->QueryPosition(row, numerator, denominator);
  }
  STDMETHODIMP FindRow(LPSRestriction restriction, BOOKMARK origin, ULONG flags) override {
    model_->Enter();
    return view_->FindRow(restriction, origin, flags);
  }
  STDMETHODIMP Restrict(LPSRestriction restriction, ULONG flags) override {
    model_->Enter();
    return view_->Restrict(restriction, flags);
  }
  STDMETHODIMP CreateBookmark(BOOKMARK* position) override {
    model_->Enter();
    return view_->CreateBookmark(position);
  }
  STDMETHODIMP FreeBookmark(BOOKMARK position) override {
    model_->Enter();
    return view_->FreeBookmark(position);
  }
  STDMETHODIMP SortTable(LPSSortOrderSet criteria, ULONG flags) override {
    model_->Enter();
    return view_->SortTable(criteria, flags);
  }
  STDMETHODIMP QuerySortOrder(LPSSortOrderSet* criteria) override {
    model_->Enter();
    return view_->QuerySortOrder(criteria);
  }
  STDMETHODIMP QueryRows(LONG count, ULONG flags, LPSRowSet* rows) override {
    model_->Enter();
    return view_->QueryRows(count, flags, rows);
  }
  STDMETHODIMP Abort() override {
    model_->Enter();
    return view_->Abort();
  }
  STDMETHODIMP ExpandRow(ULONG cb, LPBYTE key, ULONG count, ULONG flags, LPSRowSet* rows,
                         ULONG* more) override {
    model_->Enter();
    return view_->ExpandRow(cb, key, count, flags, rows, more);
  }
  STDMETHODIMP CollapseRow(ULONG cb, LPBYTE key, ULONG flags, ULONG* count) override {
    model_->Enter();
    return view_->CollapseRow(cb, key, flags, count);
  }
  STDMETHODIMP WaitForCompletion(ULONG flags, ULONG timeout, ULONG* status) override {
    model_->Enter();
    return view_->WaitForCompletion(flags, timeout, status);
  }
  STDMETHODIMP GetCollapseState(ULONG flags, ULONG cb, LPBYTE key, ULONG* cb_state,
                                LPBYTE* state) override {
    model_->Enter();
    return view_->GetCollapseState(flags, cb, key, cb_state, state);
  }
  STDMETHODIMP SetCollapseState(ULONG flags, ULONG cb, LPBYTE state, BOOKMARK* location) override {
    model_->Enter();
    return view_->SetCollapseState(flags, cb, state, location);
  }

 private:
  const std::shared_ptr<ContentModel> model_;
  const ComPtr<IMAPITable> view_;
};

// A folder: read-only properties, its contents and hierarchy tables, new
// messages, OpenEntry as the store's.
class FolderObject final : public ComObject<IMAPIFolder> {
 public:
  FolderObject(std::shared_ptr<ContentModel> model, size_t index)
      : model_(std::move(model)),
        index_(index),
        props_(ComPtr<IPropData>::Share(model_->FolderProps(index))) {}

  // IMAPIProp
  STDMETHODIMP GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* error) override {
    model_->Enter();
    return props_->GetLastError(hr, flags, error);
  }
  STDMETHODIMP SaveChanges(ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::SaveChanges");
  }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                        LPSPropValue* props) override {
    model_->Enter();
    return props_->GetProps(tags, flags, count, props);
  }
  STDMETHODIMP GetPropList(ULONG flags, LPSPropTagArray* tags) override {
    model_->Enter();
    return props_->GetPropList(flags, tags);
  }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::OpenProperty");
  }
  STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::SetProps");
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::DeleteProps");
  }
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::CopyTo");
  }
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::CopyProps");
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray*, LPGUID, ULONG, ULONG*, LPMAPINAMEID**) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::GetNamesFromIDs");
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID*, ULONG, LPSPropTagArray*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::GetIDsFromNames");
  }

  // IMAPIContainer
  STDMETHODIMP GetContentsTable(ULONG flags, LPMAPITABLE* table) override {
    model_->Enter();
    if (table == nullptr) return MAPI_E_INVALID_PARAMETER;
    *table = nullptr;
    // Associated (hidden) contents: none are kept.
    if (flags & MAPI_ASSOCIATED) return NoSupport("IMAPIFolder::GetContentsTable(MAPI_ASSOCIATED)");
    return model_->ContentsView(index_, table);
  }
  STDMETHODIMP GetHierarchyTable(ULONG flags, LPMAPITABLE* table) override {
    model_->Enter();
    if (table == nullptr) return MAPI_E_INVALID_PARAMETER;
    *table = nullptr;
    // One level below this folder; CONVENIENT_DEPTH would add the levels
    // below, which only the root has.
    if (flags & CONVENIENT_DEPTH) {
      return NoSupport("IMAPIFolder::GetHierarchyTable(CONVENIENT_DEPTH)");
    }
    return model_->HierarchyView(index_, table);
  }
  STDMETHODIMP OpenEntry(ULONG cb, LPENTRYID eid, LPCIID iid, ULONG, ULONG* type,
                         LPUNKNOWN* out) override {
    model_->Enter();
    return model_->Open(cb, eid, iid, type, out);
  }
  STDMETHODIMP SetSearchCriteria(LPSRestriction, LPENTRYLIST, ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::SetSearchCriteria");
  }
  STDMETHODIMP GetSearchCriteria(ULONG, LPSRestriction*, LPENTRYLIST*, ULONG*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::GetSearchCriteria");
  }

  // IMAPIFolder
  STDMETHODIMP CreateMessage(LPCIID iid, ULONG flags, LPMESSAGE* message) override {
    model_->Enter();
    return model_->CreateMessage(index_, iid, flags, message);
  }
  STDMETHODIMP CopyMessages(LPENTRYLIST, LPCIID, LPVOID, ULONG_PTR, LPMAPIPROGRESS,
                            ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::CopyMessages");
  }
  STDMETHODIMP DeleteMessages(LPENTRYLIST list, ULONG_PTR, LPMAPIPROGRESS, ULONG) override {
    model_->Enter();
    return model_->DeleteMessages(index_, list);
  }
  STDMETHODIMP CreateFolder(ULONG, LPTSTR, LPTSTR, LPCIID, ULONG, LPMAPIFOLDER*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::CreateFolder");
  }
  STDMETHODIMP CopyFolder(ULONG, LPENTRYID, LPCIID, LPVOID, LPTSTR, ULONG_PTR, LPMAPIPROGRESS,
                          ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::CopyFolder");
  }
  STDMETHODIMP DeleteFolder(ULONG, LPENTRYID, ULONG_PTR, LPMAPIPROGRESS, ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::DeleteFolder");
  }
  STDMETHODIMP SetReadFlags(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::SetReadFlags");
  }
  STDMETHODIMP GetMessageStatus(ULONG, LPENTRYID, ULONG, ULONG*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::GetMessageStatus");
  }
  STDMETHODIMP SetMessageStatus(ULONG, LPENTRYID, ULONG, ULONG, ULONG*) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::SetMessageStatus");
  }
  STDMETHODIMP SaveContentsSort(LPSSortOrderSet, ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::SaveContentsSort");
  }
  STDMETHODIMP EmptyFolder(ULONG_PTR, LPMAPIPROGRESS, ULONG) override {
    model_->Enter();
    return NoSupport("IMAPIFolder::EmptyFolder");
  }

 private:
  const std::shared_ptr<ContentModel> model_;
  const size_t index_;
  const ComPtr<IPropData> props_;
};

// A message: properties straight on the IPropData every object of the message
// shares (nontransacted, like the IPropData itself); SaveChanges, recipients
// and submission through the model.
class MessageObject final : public ComObject<IMessage> {
 public:
  MessageObject(std::shared_ptr<ContentModel> model, uint32_t number, ComPtr<IPropData> props,
                ComPtr<ITableData> recipients)
      : model_(std::move(model)),
        number_(number),
        props_(std::move(props)),
        recipients_(std::move(recipients)) {}
  ~MessageObject() override { model_->Closed(number_); }

  const ContentModel* model() const { return model_.get(); }
  uint32_t number() const { return number_; }

  // IMAPIProp
  STDMETHODIMP GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* error) override {
    model_->Enter();
    return props_->GetLastError(hr, flags, error);
  }
  STDMETHODIMP SaveChanges(ULONG flags) override {
    model_->Enter();
    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS)) {
      return MAPI_E_UNKNOWN_FLAGS;
    }
    return model_->Save(number_);
  }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                        LPSPropValue* props) override {
    model_->Enter();
    return props_->GetProps(tags, flags, count, props);
  }
  STDMETHODIMP GetPropList(ULONG flags, LPSPropTagArray* tags) override {
    model_->Enter();
    return props_->GetPropList(flags, tags);
  }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN*) override {
    model_->Enter();
    return NoSupport("IMessage::OpenProperty");
  }
  STDMETHODIMP SetProps(ULONG count, LPSPropValue values, LPSPropProblemArray* problems) override {
    model_->Enter();
    return props_->SetProps(count, values, problems);
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray tags, LPSPropProblemArray* problems) override {
    model_->Enter();
    return props_->DeleteProps(tags, problems);
  }
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray*) override {
    model_->Enter();
    return NoSupport("IMessage::CopyTo");
  }
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray*) override {
    model_->Enter();
    return NoSupport("IMessage::CopyProps");
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray*, LPGUID, ULONG, ULONG*, LPMAPINAMEID**) override {
    model_->Enter();
    return NoSupport("IMessage::GetNamesFromIDs");
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID*, ULONG, LPSPropTagArray*) override {
    model_->Enter();
    return NoSupport("IMessage::GetIDsFromNames");
  }

  // IMessage
  STDMETHODIMP GetAttachmentTable(ULONG, LPMAPITABLE* table) override {
    model_->Enter();
    if (table == nullptr) return MAPI_E_INVALID_PARAMETER;
    return model_->AttachmentView(table);
  }
  STDMETHODIMP OpenAttach(ULONG, LPCIID, ULONG, LPATTACH*) override {
    model_->Enter();
    return NoSupport("IMessage::OpenAttach");
  }
  STDMETHODIMP CreateAttach(LPCIID, ULONG, ULONG*, LPATTACH*) override {
    model_->Enter();
    return NoSupport("IMessage::CreateAttach");
  }
  STDMETHODIMP DeleteAttach(ULONG, ULONG_PTR, LPMAPIPROGRESS, ULONG) override {
    model_->Enter();
    return NoSupport("IMessage::DeleteAttach");
  }
  STDMETHODIMP GetRecipientTable(ULONG, LPMAPITABLE* table) override {
    model_->Enter();
    if (table == nullptr) return MAPI_E_INVALID_PARAMETER;
    return model_->View(recipients_.get(), table);
  }
  STDMETHODIMP ModifyRecipients(ULONG flags, LPADRLIST mods) override {
    model_->Enter();
    return model_->ModifyRecipients(number_, flags, mods);
  }
  STDMETHODIMP SubmitMessage(ULONG flags) override {
    model_->Enter();
    if (flags & ~FORCE_SUBMIT) return MAPI_E_UNKNOWN_FLAGS;
    return model_->Submit(number_);
  }
  STDMETHODIMP SetReadFlag(ULONG flags) override {
    model_->Enter();
    return model_->SetReadFlag(number_, flags);
  }

 protected:
  void* QueryExtraInterface(REFIID iid) override {
    return iid == kMessageIdentityIid ? this : nullptr;
  }

 private:
  const std::shared_ptr<ContentModel> model_;
  const uint32_t number_;
  const ComPtr<IPropData> props_;
  const ComPtr<ITableData> recipients_;
};

// Hands `object` to a MAPI out-parameter as `iid` (null: as it is).
HRESULT HandOut(ComPtr<IUnknown> object, LPCIID iid, LPUNKNOWN* out) {
  if (iid == nullptr) {
    *out = object.Detach();
    return S_OK;
  }
  void* raw = nullptr;
  if (FAILED(object->QueryInterface(*iid, &raw)) || raw == nullptr) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  *out = static_cast<LPUNKNOWN>(raw);
  return S_OK;
}

}  // namespace

// ---- ContentModel --------------------------------------------------------------

HRESULT ContentModel::Init() {
  const std::vector<BYTE> uid(uid_.ab, uid_.ab + sizeof uid_.ab);
  std::vector<std::vector<BYTE>> ids;
  for (size_t i = 0; i < kFolderCount; ++i) ids.push_back(EntryId(FolderNumber(i)));
  HRESULT hr = NewPropData(&store_props_);
  if (SUCCEEDED(hr)) {
    hr = SetAll(
        store_props_.get(),
        {String(PR_DISPLAY_NAME_A, "Playback store"), Long(PR_OBJECT_TYPE, MAPI_STORE),
         Binary(PR_STORE_RECORD_KEY, uid),
         Long(PR_STORE_SUPPORT_MASK,
              STORE_ENTRYID_UNIQUE | STORE_MODIFY_OK | STORE_CREATE_OK | STORE_SUBMIT_OK),
         Long(PR_VALID_FOLDER_MASK, FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID |
                                        FOLDER_IPM_OUTBOX_VALID | FOLDER_IPM_WASTEBASKET_VALID |
                                        FOLDER_IPM_SENTMAIL_VALID),
         Binary(PR_IPM_SUBTREE_ENTRYID, ids[kIpm]), Binary(PR_IPM_OUTBOX_ENTRYID, ids[kOutbox]),
         Binary(PR_IPM_SENTMAIL_ENTRYID, ids[kSent]),
         Binary(PR_IPM_WASTEBASKET_ENTRYID, ids[kDeleted])});
  }
  if (SUCCEEDED(hr)) hr = store_props_->HrSetObjAccess(IPROP_READONLY);
  for (size_t i = 0; i < kFolderCount && SUCCEEDED(hr); ++i) hr = MakeFolder(i);
  // Each folder is a row of its parent's hierarchy table.
  for (size_t i = kIpm; i < kFolderCount && SUCCEEDED(hr); ++i) {
    Values row;
    hr = RowFrom(
        folders_[i].props.get(),
        {PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_FOLDER_TYPE, PR_SUBFOLDERS, PR_DEPTH},
        {Binary(PR_INSTANCE_KEY, Key(FolderNumber(i))), Long(PR_DEPTH, 0)}, &row);
    if (SUCCEEDED(hr)) {
      SRow r{0, row.count, row.block.get()};
      hr = folders_[kFolders[i].parent].hierarchy->HrModifyRow(&r);
    }
  }
  if (SUCCEEDED(hr)) hr = NewTable(PR_INSTANCE_KEY, kQueueColumns, &queue_);
  if (SUCCEEDED(hr)) hr = NewTable(PR_ATTACH_NUM, kAttachmentColumns, &attachments_);
  if (FAILED(hr)) {
    spdlog::error("playback store content: cannot be built (0x{:08x})", static_cast<uint32_t>(hr));
  }
  status_ = hr;
  return hr;
}

HRESULT ContentModel::MakeFolder(size_t index) {
  Folder& f = folders_[index];
  f.entry_id = EntryId(FolderNumber(index));
  const std::vector<BYTE> parent = EntryId(FolderNumber(kFolders[index].parent));
  HRESULT hr = NewPropData(&f.props);
  if (FAILED(hr)) return hr;
  std::vector<SPropValue> values = {
      Binary(PR_ENTRYID, f.entry_id),
      Binary(PR_RECORD_KEY, f.entry_id),
      Binary(PR_PARENT_ENTRYID, parent),
      String(PR_DISPLAY_NAME_A, kFolders[index].display),
      Long(PR_OBJECT_TYPE, MAPI_FOLDER),
      Long(PR_FOLDER_TYPE, index == kRoot ? FOLDER_ROOT : FOLDER_GENERIC),
      Bool(PR_SUBFOLDERS, index == kRoot || index == kIpm)};
  if (index >= kInbox) values.push_back(String(PR_CONTAINER_CLASS_A, "IPF.Note"));
  hr = SetAll(f.props.get(), std::move(values));
  if (SUCCEEDED(hr)) hr = f.props->HrSetObjAccess(IPROP_READONLY);
  if (SUCCEEDED(hr)) hr = NewTable(PR_INSTANCE_KEY, kContentsColumns, &f.contents);
  if (SUCCEEDED(hr)) hr = NewTable(PR_INSTANCE_KEY, kHierarchyColumns, &f.hierarchy);
  return hr;
}

HRESULT ContentModel::View(ITableData* data, LPMAPITABLE* out) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  ComPtr<IMAPITable> view;
  HRESULT hr = data->HrGetView(nullptr, nullptr, 0, view.Put());
  if (FAILED(hr)) return hr;
  ComPtr<IMAPITable> table = MakeComObject<TableObject>(shared_from_this(), std::move(view));
  *out = table.Detach();
  return S_OK;
}

uint32_t ContentModel::MessageNumber(LPMESSAGE message) const {
  void* raw = nullptr;
  if (SUCCEEDED(message->QueryInterface(kMessageIdentityIid, &raw)) && raw != nullptr) {
    ComPtr<MessageObject> mine = ComPtr<MessageObject>::Adopt(static_cast<MessageObject*>(raw));
    return mine->model() == this ? mine->number() : 0;
  }
  // Someone else's object over one of ours (a wrapper): by its entry ID
  // (when it forwards GetProps to our object, that call runs on_entry).
  LPSPropValue value = nullptr;
  if (FAILED(HrGetOneProp(message, PR_ENTRYID, &value)) || value == nullptr) return 0;
  Buffer<SPropValue> owned(value);
  if (PROP_TYPE(value->ulPropTag) != PT_BINARY) return 0;
  return NumberOf(value->Value.bin.cb, value->Value.bin.lpb);
}

HRESULT ContentModel::Open(ULONG cb, LPENTRYID eid, LPCIID iid, ULONG* type, LPUNKNOWN* out) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  if (cb != 0 && eid == nullptr) return MAPI_E_INVALID_PARAMETER;
  ComPtr<IUnknown> object;
  ULONG object_type = 0;
  HRESULT hr;
  const uint32_t number = cb == 0 ? FolderNumber(kRoot) : NumberOf(cb, eid);
  if (number == 0) {
    hr = MAPI_E_NOT_FOUND;
  } else if (IsFolder(number)) {
    hr = OpenFolder(number - 1, &object, &object_type);
  } else {
    hr = OpenMessage(number, &object, &object_type);
  }
  if (FAILED(hr)) return hr;
  hr = HandOut(std::move(object), iid, out);
  if (SUCCEEDED(hr) && type != nullptr) *type = object_type;
  return hr;
}

HRESULT ContentModel::OpenFolder(size_t index, ComPtr<IUnknown>* out, ULONG* type) {
  ComPtr<IMAPIFolder> folder = MakeComObject<FolderObject>(shared_from_this(), index);
  *out = ComPtr<IUnknown>::Adopt(folder.Detach());
  *type = MAPI_FOLDER;
  return S_OK;
}

HRESULT ContentModel::OpenMessage(uint32_t number, ComPtr<IUnknown>* out, ULONG* type) {
  ComPtr<IPropData> props;
  ComPtr<ITableData> recipients;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    // A message exists for OpenEntry from its first SaveChanges on.
    if (m == nullptr || !m->saved) return MAPI_E_NOT_FOUND;
    ++m->opens;
    props = m->props;
    recipients = m->recipients;
  }
  ComPtr<IMessage> message = MakeComObject<MessageObject>(shared_from_this(), number,
                                                          std::move(props), std::move(recipients));
  *out = ComPtr<IUnknown>::Adopt(message.Detach());
  *type = MAPI_MESSAGE;
  return S_OK;
}

HRESULT ContentModel::CreateMessage(size_t folder, LPCIID iid, ULONG flags, LPMESSAGE* out) {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  if (iid != nullptr && *iid != IID_IMessage && *iid != IID_IMAPIProp && *iid != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  if (flags & ~(MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED)) return MAPI_E_UNKNOWN_FLAGS;
  uint32_t number;
  {
    absl::MutexLock lock(&mu_);
    number = next_number_++;
  }
  Message m;
  m.entry_id = EntryId(number);
  m.folder = folder;
  HRESULT hr = NewPropData(&m.props);
  if (SUCCEEDED(hr)) {
    hr = SetAll(
        m.props.get(),
        {Binary(PR_ENTRYID, m.entry_id), Binary(PR_RECORD_KEY, m.entry_id),
         Binary(PR_PARENT_ENTRYID, folders_[folder].entry_id), Long(PR_OBJECT_TYPE, MAPI_MESSAGE),
         Long(PR_MESSAGE_FLAGS, (flags & MAPI_ASSOCIATED) ? MSGFLAG_ASSOCIATED : 0)});
  }
  if (SUCCEEDED(hr)) {
    // The identity of the message is the store's to set.
    TagArray fixed{PR_ENTRYID, PR_RECORD_KEY, PR_OBJECT_TYPE};
    ULONG access[] = {IPROP_READONLY | IPROP_CLEAN, IPROP_READONLY | IPROP_CLEAN,
                      IPROP_READONLY | IPROP_CLEAN};
    hr = m.props->HrSetPropAccess(fixed.get(), access);
  }
  if (SUCCEEDED(hr)) hr = NewTable(PR_ROWID, kRecipientColumns, &m.recipients);
  if (FAILED(hr)) return hr;
  ComPtr<IPropData> props = m.props;
  ComPtr<ITableData> recipients = m.recipients;
  {
    absl::MutexLock lock(&mu_);
    m.opens = 1;
    messages_.emplace(number, std::move(m));
  }
  ComPtr<IMessage> message = MakeComObject<MessageObject>(shared_from_this(), number,
                                                          std::move(props), std::move(recipients));
  *out = message.Detach();
  return S_OK;
}

void ContentModel::Closed(uint32_t number) {
  absl::MutexLock lock(&mu_);
  Message* m = Find(number);
  if (m == nullptr) return;  // deleted while open
  if (--m->opens == 0 && !m->saved) messages_.erase(number);
}

HRESULT ContentModel::ShowInContents(uint32_t number, const Message& m) {
  Values row;
  HRESULT hr =
      RowFrom(m.props.get(),
              {PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBJECT_A, PR_MESSAGE_CLASS_A, PR_MESSAGE_FLAGS},
              {Binary(PR_INSTANCE_KEY, Key(number))}, &row);
  if (FAILED(hr)) return hr;
  Queue(TableOp::Kind::kModify, folders_[m.folder].contents.get(), std::move(row));
  return S_OK;
}

HRESULT ContentModel::ShowInQueue(uint32_t number, const Message& m) {
  Values row;
  HRESULT hr =
      RowFrom(m.props.get(), {PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME},
              {Binary(PR_INSTANCE_KEY, Key(number))}, &row);
  if (FAILED(hr)) return hr;
  Queue(TableOp::Kind::kModify, queue_.get(), std::move(row));
  return S_OK;
}

HRESULT ContentModel::RemoveRow(ITableData* table, uint32_t number) {
  Values key;
  HRESULT hr = KeyValue(Binary(PR_INSTANCE_KEY, Key(number)), &key);
  if (FAILED(hr)) return hr;
  Queue(TableOp::Kind::kDelete, table, std::move(key));
  return S_OK;
}

HRESULT ContentModel::Save(uint32_t number) {
  HRESULT hr;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr) return MAPI_E_OBJECT_DELETED;
    m->saved = true;
    hr = ShowInContents(number, *m);
  }
  Flush();
  return hr;
}

HRESULT ContentModel::Submit(uint32_t number) {
  HRESULT hr;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr) return MAPI_E_OBJECT_DELETED;
    // As the reference store: nothing to send is an error, and the message
    // stays as it was.
    if (m->rowids.empty()) return MAPI_E_NO_RECIPIENTS;
    const ULONG flags = GetLong(m->props.get(), PR_MESSAGE_FLAGS);
    hr = SetAll(
        m->props.get(),
        {Long(PR_MESSAGE_FLAGS, flags | MSGFLAG_SUBMIT | MSGFLAG_UNSENT), Long(PR_SUBMIT_FLAGS, 0),
         Time(PR_CLIENT_SUBMIT_TIME, kSubmitEpoch + ++submissions_ * kFiletimeSecond)});
    if (FAILED(hr)) return hr;
    // SubmitMessage saves the message (imessage-submitmessage.md).
    m->saved = true;
    m->queued = true;
    m->locked = false;
    hr = ShowInContents(number, *m);
    if (SUCCEEDED(hr)) hr = ShowInQueue(number, *m);
  }
  Flush();
  return hr;
}

HRESULT ContentModel::ModifyRecipients(uint32_t number, ULONG flags, LPADRLIST mods) {
  if (mods == nullptr) return MAPI_E_INVALID_PARAMETER;
  constexpr ULONG kKinds = MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE;
  if (flags & ~kKinds) return MAPI_E_UNKNOWN_FLAGS;
  if (flags != 0 && flags != MODRECIP_ADD && flags != MODRECIP_MODIFY && flags != MODRECIP_REMOVE) {
    return MAPI_E_INVALID_PARAMETER;  // one kind of change per call
  }
  HRESULT hr = S_OK;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr) return MAPI_E_OBJECT_DELETED;
    const bool by_rowid = flags == MODRECIP_MODIFY || flags == MODRECIP_REMOVE;
    // Check every entry before changing anything.
    for (ULONG i = 0; by_rowid && i < mods->cEntries; ++i) {
      const SPropValue* id = RowIdOf(mods->aEntries[i]);
      if (id == nullptr) return MAPI_E_INVALID_PARAMETER;
      if (!m->rowids.contains(id->Value.l)) return MAPI_E_NOT_FOUND;
    }
    if (flags == 0) {
      // No flag: the list replaces every recipient.
      Queue(TableOp::Kind::kClear, m->recipients.get(), Values{});
      m->rowids.clear();
    }
    for (ULONG i = 0; i < mods->cEntries && SUCCEEDED(hr); ++i) {
      const ADRENTRY& entry = mods->aEntries[i];
      Values values;
      if (flags == MODRECIP_REMOVE) {
        const LONG rowid = RowIdOf(entry)->Value.l;
        SPropValue key{};
        key.ulPropTag = PR_ROWID;
        key.Value.l = rowid;
        hr = KeyValue(key, &values);
        if (SUCCEEDED(hr)) {
          Queue(TableOp::Kind::kDelete, m->recipients.get(), std::move(values));
          m->rowids.erase(rowid);
        }
        continue;
      }
      const LONG rowid = by_rowid ? RowIdOf(entry)->Value.l : m->next_rowid++;
      hr = RecipientRow(entry, rowid, &values);
      if (SUCCEEDED(hr)) {
        Queue(TableOp::Kind::kModify, m->recipients.get(), std::move(values));
        m->rowids.insert(rowid);
      }
    }
  }
  Flush();
  return hr;
}

HRESULT ContentModel::SetReadFlag(uint32_t number, ULONG flags) {
  if (flags &
      ~(SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  if (flags & GENERATE_RECEIPT_ONLY) return S_OK;  // no receipts are made; the flag stays
  HRESULT hr;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr) return MAPI_E_OBJECT_DELETED;
    ULONG message_flags = GetLong(m->props.get(), PR_MESSAGE_FLAGS);
    message_flags = (flags & CLEAR_READ_FLAG) ? (message_flags & ~MSGFLAG_READ)
                                              : (message_flags | MSGFLAG_READ);
    hr = SetAll(m->props.get(), {Long(PR_MESSAGE_FLAGS, message_flags)});
    if (SUCCEEDED(hr) && m->saved) hr = ShowInContents(number, *m);
  }
  Flush();
  return hr;
}

HRESULT ContentModel::DeleteMessages(size_t folder, LPENTRYLIST list) {
  if (list == nullptr) return MAPI_E_INVALID_PARAMETER;
  bool missing = false;
  HRESULT hr = S_OK;
  {
    absl::MutexLock lock(&mu_);
    for (ULONG i = 0; i < list->cValues && SUCCEEDED(hr); ++i) {
      const uint32_t number = NumberOf(list->lpbin[i].cb, list->lpbin[i].lpb);
      Message* m = Find(number);
      if (m == nullptr || !m->saved || m->folder != folder) {
        missing = true;
        continue;
      }
      hr = RemoveRow(folders_[folder].contents.get(), number);
      if (SUCCEEDED(hr) && m->queued) hr = RemoveRow(queue_.get(), number);
      // Objects still open on it find it gone (MAPI_E_OBJECT_DELETED).
      if (SUCCEEDED(hr)) messages_.erase(number);
    }
  }
  Flush();
  if (FAILED(hr)) return hr;
  return missing ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

HRESULT ContentModel::SetLockState(uint32_t number, ULONG state) {
  if (state != MSG_LOCKED && state != MSG_UNLOCKED) return MAPI_E_INVALID_PARAMETER;
  HRESULT hr;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr || !m->saved) return MAPI_E_NOT_FOUND;
    if (!m->queued) return MAPI_E_NOT_IN_QUEUE;
    m->locked = state == MSG_LOCKED;
    hr = SetAll(m->props.get(), {Long(PR_SUBMIT_FLAGS, m->locked ? SUBMITFLAG_LOCKED : 0)});
    if (SUCCEEDED(hr)) hr = ShowInQueue(number, *m);
  }
  Flush();
  return hr;
}

HRESULT ContentModel::Finished(uint32_t number) {
  HRESULT hr;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr || !m->saved) return MAPI_E_NOT_FOUND;
    if (!m->queued) return MAPI_E_NOT_IN_QUEUE;
    hr = RemoveRow(queue_.get(), number);
    if (FAILED(hr)) return hr;
    m->queued = false;
    m->locked = false;
    // imsgstore-finishedmsg.md: PR_DELETE_AFTER_SUBMIT deletes,
    // PR_SENTMAIL_ENTRYID moves (sent items when the client named none of
    // this store's folders).
    Buffer<SPropValue> del = GetOne(m->props.get(), PR_DELETE_AFTER_SUBMIT);
    if (del != nullptr && del->ulPropTag == PR_DELETE_AFTER_SUBMIT && del->Value.b) {
      hr = RemoveRow(folders_[m->folder].contents.get(), number);
      messages_.erase(number);
    } else {
      size_t target = kSent;
      Buffer<SPropValue> sentmail = GetOne(m->props.get(), PR_SENTMAIL_ENTRYID);
      if (sentmail != nullptr && sentmail->ulPropTag == PR_SENTMAIL_ENTRYID) {
        const uint32_t folder = NumberOf(sentmail->Value.bin.cb, sentmail->Value.bin.lpb);
        if (IsFolder(folder)) target = folder - 1;
      }
      const ULONG flags = GetLong(m->props.get(), PR_MESSAGE_FLAGS);
      hr = SetAll(
          m->props.get(),
          {Long(PR_MESSAGE_FLAGS, (flags & ~(MSGFLAG_SUBMIT | MSGFLAG_UNSENT)) | MSGFLAG_READ),
           Long(PR_SUBMIT_FLAGS, 0), Binary(PR_PARENT_ENTRYID, folders_[target].entry_id)});
      if (SUCCEEDED(hr) && target != m->folder) {
        hr = RemoveRow(folders_[m->folder].contents.get(), number);
        m->folder = target;
      }
      if (SUCCEEDED(hr)) hr = ShowInContents(number, *m);
    }
  }
  Flush();
  return hr;
}

HRESULT ContentModel::Abort(uint32_t number) {
  HRESULT hr;
  {
    absl::MutexLock lock(&mu_);
    Message* m = Find(number);
    if (m == nullptr || !m->saved) return MAPI_E_NOT_FOUND;
    if (!m->queued) return MAPI_E_NOT_IN_QUEUE;
    hr = RemoveRow(queue_.get(), number);
    if (FAILED(hr)) return hr;
    m->queued = false;
    m->locked = false;
    // Back to an unsent message where it is.
    const ULONG flags = GetLong(m->props.get(), PR_MESSAGE_FLAGS);
    hr = SetAll(m->props.get(),
                {Long(PR_MESSAGE_FLAGS, flags & ~MSGFLAG_SUBMIT), Long(PR_SUBMIT_FLAGS, 0)});
    if (SUCCEEDED(hr)) hr = ShowInContents(number, *m);
  }
  Flush();
  return hr;
}

size_t ContentModel::QueuedCount() const {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (const auto& [number, m] : messages_) n += m.queued ? 1 : 0;
  return n;
}

size_t ContentModel::MessageCount(size_t folder) const {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (const auto& [number, m] : messages_) n += m.saved && m.folder == folder ? 1 : 0;
  return n;
}

void ContentModel::Flush() {
  const std::thread::id me = std::this_thread::get_id();
  mu_.Lock();
  if (flushing_ && flusher_ == me) {
    // Re-entered from an advise sink: the loop this thread is in below
    // writes these changes once the sink returns.
    mu_.Unlock();
    return;
  }
  // Another thread is writing: wait for it (it writes our changes too), so
  // that every change is in the tables when the call that made it returns.
  mu_.Await(absl::Condition(
      +[](bool* flushing) { return !*flushing; }, &flushing_));
  flushing_ = true;
  flusher_ = me;
  while (!pending_.empty()) {
    TableOp op = std::move(pending_.front());
    pending_.pop_front();
    // The views notify their sinks from inside the write: no lock held.
    mu_.Unlock();
    Apply(op);
    mu_.Lock();
  }
  flushing_ = false;
  mu_.Unlock();
}

void ContentModel::Apply(TableOp& op) {
  HRESULT hr = S_OK;
  switch (op.kind) {
    case TableOp::Kind::kModify: {
      SRow row{0, op.values.count, op.values.block.get()};
      hr = op.table->HrModifyRow(&row);
      break;
    }
    case TableOp::Kind::kDelete:
      hr = op.table->HrDeleteRow(op.values.block.get());
      if (hr == MAPI_E_NOT_FOUND) hr = S_OK;  // never shown: nothing to remove
      break;
    case TableOp::Kind::kClear: {
      ULONG deleted = 0;
      hr = op.table->HrDeleteRows(TAD_ALL_ROWS, nullptr, &deleted);
      break;
    }
  }
  if (FAILED(hr)) {
    spdlog::warn("playback store content: a table row change failed (0x{:08x})",
                 static_cast<uint32_t>(hr));
  }
}

// ---- StoreContent --------------------------------------------------------------

StoreContent::StoreContent(std::function<void()> on_entry)
    : StoreContent(std::move(on_entry), kDefaultUid) {}

StoreContent::StoreContent(std::function<void()> on_entry, const MAPIUID& uid)
    : model_(std::make_shared<ContentModel>(std::move(on_entry), uid)) {
  model_->Init();  // a failure is logged; every method then returns it
}

StoreContent::~StoreContent() { model_->Detach(); }

const MAPIUID& StoreContent::DefaultUid() { return kDefaultUid; }

HRESULT StoreContent::GetStoreProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                                    LPSPropValue* props) {
  if (count == nullptr || props == nullptr) return MAPI_E_INVALID_PARAMETER;
  *count = 0;
  *props = nullptr;
  if (FAILED(model_->status())) return model_->status();
  return model_->GetStoreProps(tags, flags, count, props);
}

HRESULT StoreContent::OpenEntry(ULONG cb, LPENTRYID eid, LPCIID iid, ULONG /*flags*/, ULONG* type,
                                LPUNKNOWN* out) {
  // Every object is writable: MAPI_MODIFY and MAPI_BEST_ACCESS need nothing.
  if (out != nullptr) *out = nullptr;
  if (FAILED(model_->status())) return model_->status();
  return model_->Open(cb, eid, iid, type, out);
}

HRESULT StoreContent::GetReceiveFolder(ULONG* cb, LPENTRYID* eid) {
  if (cb == nullptr || eid == nullptr) return MAPI_E_INVALID_PARAMETER;
  *cb = 0;
  *eid = nullptr;
  if (FAILED(model_->status())) return model_->status();
  const std::vector<BYTE> inbox = model_->EntryId(FolderNumber(kInbox));
  void* block = nullptr;
  HRESULT hr = MAPIAllocateBuffer(static_cast<ULONG>(inbox.size()), &block);
  if (FAILED(hr)) return hr;
  std::memcpy(block, inbox.data(), inbox.size());
  *cb = static_cast<ULONG>(inbox.size());
  *eid = static_cast<LPENTRYID>(block);
  return S_OK;
}

HRESULT StoreContent::GetOutgoingQueue(ULONG flags, LPMAPITABLE* table) {
  if (table == nullptr) return MAPI_E_INVALID_PARAMETER;
  *table = nullptr;
  if (flags != 0) return MAPI_E_UNKNOWN_FLAGS;
  if (FAILED(model_->status())) return model_->status();
  return model_->QueueView(table);
}

HRESULT StoreContent::SetLockState(LPMESSAGE message, ULONG state) {
  if (message == nullptr) return MAPI_E_INVALID_PARAMETER;
  const uint32_t number = model_->MessageNumber(message);
  if (number == 0 || ContentModel::IsFolder(number)) return MAPI_E_NOT_FOUND;
  return model_->SetLockState(number, state);
}

HRESULT StoreContent::FinishedMsg(ULONG flags, ULONG cb, LPENTRYID eid) {
  if (flags != 0) return MAPI_E_UNKNOWN_FLAGS;
  const uint32_t number = model_->NumberOf(cb, eid);
  if (number == 0 || ContentModel::IsFolder(number)) return MAPI_E_NOT_FOUND;
  return model_->Finished(number);
}

HRESULT StoreContent::AbortSubmit(ULONG cb, LPENTRYID eid, ULONG flags) {
  if (flags != 0) return MAPI_E_UNKNOWN_FLAGS;
  const uint32_t number = model_->NumberOf(cb, eid);
  if (number == 0 || ContentModel::IsFolder(number)) return MAPI_E_NOT_FOUND;
  return model_->Abort(number);
}

size_t StoreContent::QueuedCount() const { return model_->QueuedCount(); }

size_t StoreContent::MessageCount(std::string_view folder) const {
  for (size_t i = 0; i < kFolderCount; ++i) {
    if (folder == kFolders[i].key) return model_->MessageCount(i);
  }
  return 0;
}

std::vector<BYTE> StoreContent::FolderEntryId(std::string_view folder) const {
  for (size_t i = 0; i < kFolderCount; ++i) {
    if (folder == kFolders[i].key) return model_->EntryId(FolderNumber(i));
  }
  return {};
}

}  // namespace mapi_emu::playback
