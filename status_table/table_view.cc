#include "status_table/table_view.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapicode.h"
#include "spdlog/spdlog.h"
#include "status_table/restriction.h"
#include "trace/writer.h"

namespace mapi_emu {
namespace {

constexpr size_t kNotVisible = static_cast<size_t>(-1);
// Bookmark values handed out start above the three predefined ones.
constexpr BOOKMARK kFirstBookmark = 3;

}  // namespace

// ViewCore, declared in table_view.h, holds these: a named namespace, not an
// anonymous one, keeps its members' types from having internal linkage.
namespace table_view_internal {

struct ViewRow {
  uint64_t id;
  uint64_t order;
  PropArray props;
};

// A bookmark stays on its row (id); 0 means "after the last row".
struct Bookmark {
  uint64_t row_id;
  bool moved;  // its row went away since the bookmark was last used
};

// A queued table notification; the values it points to are owned here.
struct PendingNotification {
  explicit PendingNotification(ULONG e) : event(e) {}
  ULONG event;
  PropArray index;  // empty: PR_NULL
  PropArray prior;  // empty: PR_NULL
  PropArray row;    // empty: cValues 0, lpProps NULL
};

struct Sink {
  ComPtr<IMAPIAdviseSink> sink;
  ULONG mask;
};

}  // namespace table_view_internal

using table_view_internal::Bookmark;
using table_view_internal::PendingNotification;
using table_view_internal::Sink;
using table_view_internal::ViewRow;

namespace {

HRESULT NoSupport(std::atomic<bool>& logged, const std::string& call) {
  if (!logged.exchange(true)) {
    spdlog::warn("{}: not supported (no categorized views); returning "
                 "MAPI_E_NO_SUPPORT (logged once)",
                 call);
  }
  return MAPI_E_NO_SUPPORT;
}

SPropValue ValueOrNull(const PropArray& value) {
  if (!value.empty()) return value[0];
  SPropValue null{};
  null.ulPropTag = PR_NULL;
  return null;
}

const char* TableEventName(ULONG event) {
  switch (event) {
    case TABLE_CHANGED:
      return "TABLE_CHANGED";
    case TABLE_ERROR:
      return "TABLE_ERROR";
    case TABLE_ROW_ADDED:
      return "TABLE_ROW_ADDED";
    case TABLE_ROW_DELETED:
      return "TABLE_ROW_DELETED";
    case TABLE_ROW_MODIFIED:
      return "TABLE_ROW_MODIFIED";
    case TABLE_SORT_DONE:
      return "TABLE_SORT_DONE";
    case TABLE_RESTRICT_DONE:
      return "TABLE_RESTRICT_DONE";
    case TABLE_SETCOL_DONE:
      return "TABLE_SETCOL_DONE";
    case TABLE_RELOAD:
      return "TABLE_RELOAD";
    default:
      return "TABLE_UNKNOWN";
  }
}

// A table notification delivered to a client's advise sink, as a mapi>client
// call of IMAPIAdviseSink::OnNotify and its return (docs/trace-format.md):
// the sink and the table named by kind and order, the event by name, and
// how many properties the row carries. Costs one atomic load when off.
class TracedOnNotify {
 public:
  TracedOnNotify(const void* table, const void* sink, ULONG event, size_t values) {
    if (!trace::TraceRecorder::Enabled()) return;
    trace::TraceRecorder& recorder = trace::TraceRecorder::Global();
    trace::Event e;
    e.ev = trace::EventKind::kCall;
    e.side = "mapi>client";
    e.iface = "IMAPIAdviseSink";
    e.method = "OnNotify";
    e.obj = recorder.Name(sink, "AdviseSink");
    e.args = nlohmann::json{{"event", TableEventName(event)},
                            {"table", recorder.Name(table, "MAPITable")},
                            {"values", values}};
    obj_ = e.obj;
    call_ = recorder.Record(std::move(e));
  }
  void Return(ULONG result) {
    if (call_ == 0) return;
    trace::Event e;
    e.ev = trace::EventKind::kReturn;
    e.side = "mapi>client";
    e.iface = "IMAPIAdviseSink";
    e.method = "OnNotify";
    e.obj = obj_;
    e.call = call_;
    e.result = result;
    trace::TraceRecorder::Global().Record(std::move(e));
  }

 private:
  std::string obj_;
  uint64_t call_ = 0;
};

}  // namespace

// The state of one view; the data holds it (weakly) as a TableListener.
// Lock order: the data's lock, then mu_. Nothing is called out of the view
// with mu_ held except the memory allocator and advise sinks' AddRef.
class ViewCore final : public TableListener {
 public:
  ViewCore(ULONG index_tag, const std::vector<ULONG>& columns,
           ALLOCATEBUFFER* allocate, FREEBUFFER* free)
      : index_tag_(index_tag), allocate_(allocate), free_(free) {
    SetColumnsLocked(columns.data(), columns.size());
  }
  ~ViewCore() {
    // The address may serve a new table: a trace gives that one a new name.
    if (trace::TraceRecorder::Enabled()) trace::TraceRecorder::Global().Forget(this);
  }

  void OnTableChange(const TableChange& change) override;
  void DeliverNotifications() override;

  // Recomputes the visible rows from the data's rows.
  void RebuildLocked(const std::vector<TableRow>& rows)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void SetColumnsLocked(const ULONG* tags, size_t n)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    columns_.assign(1, static_cast<ULONG>(n));
    columns_.insert(columns_.end(), tags, tags + n);
  }
  const SPropTagArray* ColumnsLocked() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    // columns_ is laid out as an SPropTagArray: cValues, then the tags.
    return reinterpret_cast<const SPropTagArray*>(columns_.data());
  }
  // The cursor position a bookmark stands for; MAPI_E_INVALID_BOOKMARK for
  // one that does not exist. *moved: MAPI_W_POSITION_CHANGED applies.
  HRESULT ResolveLocked(BOOKMARK bk, size_t* pos, bool* moved)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Projects rows [start, end) into a new SRowSet.
  HRESULT MakeRowSetLocked(size_t start, size_t end, LPSRowSet* out)
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  SCODE Allocate(size_t cb, void** out) const {
    if (cb > 0xFFFFFFFFu) return MAPI_E_NOT_ENOUGH_MEMORY;
    void* block = nullptr;
    const SCODE sc = allocate_(static_cast<ULONG>(cb), &block);
    if (FAILED(sc)) return sc;
    if (block == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
    *out = block;
    return S_OK;
  }
  void Free(void* p) const { free_(p); }

  absl::Mutex mu_;
  const ULONG index_tag_;
  ALLOCATEBUFFER* const allocate_;
  FREEBUFFER* const free_;
  std::vector<ULONG> columns_ ABSL_GUARDED_BY(mu_);
  std::optional<OwnedRestriction> restriction_ ABSL_GUARDED_BY(mu_);
  std::vector<SSortOrder> sort_ ABSL_GUARDED_BY(mu_);
  std::vector<ViewRow> rows_ ABSL_GUARDED_BY(mu_);  // visible, view order
  size_t cursor_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<BOOKMARK, Bookmark> bookmarks_ ABSL_GUARDED_BY(mu_);
  BOOKMARK next_bookmark_ ABSL_GUARDED_BY(mu_) = kFirstBookmark;
  std::map<ULONG_PTR, Sink> sinks_ ABSL_GUARDED_BY(mu_);
  ULONG_PTR next_connection_ ABSL_GUARDED_BY(mu_) = 1;
  std::deque<PendingNotification> pending_ ABSL_GUARDED_BY(mu_);
  bool delivering_ ABSL_GUARDED_BY(mu_) = false;

 private:
  bool VisibleLocked(const PropArray& props) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return !restriction_.has_value() || restriction_->Evaluate(props);
  }
  // <0, 0, >0: a before, equal to, after b in the view's order.
  int CompareLocked(const PropArray& a, uint64_t order_a, const PropArray& b,
                    uint64_t order_b) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  size_t LowerBoundLocked(const PropArray& props, uint64_t order) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The position of a row the view may show, or kNotVisible.
  size_t FindLocked(const TableRow& row) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  size_t InsertLocked(const TableRow& row) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Removes row i; bookmarks on it move to the next row when `rebookmark`.
  void RemoveLocked(size_t i, bool rebookmark)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  PropArray IndexValue(const PropArray& props) const {
    const SPropValue* v = props.Find(index_tag_);
    return v == nullptr ? PropArray() : PropArray::Copy(v, 1);
  }
  bool ListeningLocked() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    for (const auto& [connection, sink] : sinks_) {
      if ((sink.mask & fnevTableModified) != 0) return true;
    }
    return false;
  }
  void QueueRowLocked(ULONG event, size_t i) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void QueueLocked(PendingNotification n) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (ListeningLocked()) pending_.push_back(std::move(n));
  }
};

int ViewCore::CompareLocked(const PropArray& a, uint64_t order_a,
                            const PropArray& b, uint64_t order_b) const {
  for (const SSortOrder& key : sort_) {
    const SPropValue* va = a.Find(key.ulPropTag);
    const SPropValue* vb = b.Find(key.ulPropTag);
    int r = 0;
    if (va == nullptr || vb == nullptr) {
      r = static_cast<int>(va != nullptr) - static_cast<int>(vb != nullptr);
    } else {
      r = ComparePropValues(*va, *vb, StringOrder::kCollation);
    }
    if (key.ulOrder == TABLE_SORT_DESCEND) r = -r;
    if (r != 0) return r;
  }
  return order_a < order_b ? -1 : (order_a > order_b ? 1 : 0);
}

size_t ViewCore::LowerBoundLocked(const PropArray& props,
                                  uint64_t order) const {
  // std::lower_bound, spelled out so that the lock analysis sees the calls.
  size_t lo = 0;
  size_t hi = rows_.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (CompareLocked(rows_[mid].props, rows_[mid].order, props, order) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

size_t ViewCore::FindLocked(const TableRow& row) const {
  const size_t i = LowerBoundLocked(row.props, row.order);
  return i < rows_.size() && rows_[i].id == row.id ? i : kNotVisible;
}

size_t ViewCore::InsertLocked(const TableRow& row) {
  const size_t i = LowerBoundLocked(row.props, row.order);
  rows_.insert(rows_.begin() + static_cast<ptrdiff_t>(i),
               ViewRow{row.id, row.order, row.props});
  if (i < cursor_) ++cursor_;
  return i;
}

void ViewCore::RemoveLocked(size_t i, bool rebookmark) {
  const uint64_t id = rows_[i].id;
  rows_.erase(rows_.begin() + static_cast<ptrdiff_t>(i));
  if (i < cursor_) --cursor_;
  if (!rebookmark) return;
  const uint64_t next = i < rows_.size() ? rows_[i].id : 0;
  for (auto& [value, bookmark] : bookmarks_) {
    if (bookmark.row_id == id) {
      bookmark.row_id = next;
      bookmark.moved = true;
    }
  }
}

void ViewCore::QueueRowLocked(ULONG event, size_t i) {
  if (!ListeningLocked()) return;
  PendingNotification n{event};
  n.index = IndexValue(rows_[i].props);
  if (i > 0) n.prior = IndexValue(rows_[i - 1].props);
  n.row = rows_[i].props.ProjectArray(ColumnsLocked());
  pending_.push_back(std::move(n));
}

void ViewCore::RebuildLocked(const std::vector<TableRow>& rows) {
  rows_.clear();
  for (const TableRow& row : rows) {
    if (VisibleLocked(row.props)) {
      rows_.push_back(ViewRow{row.id, row.order, row.props});
    }
  }
  if (!sort_.empty()) {
    std::sort(rows_.begin(), rows_.end(),
              [this](const ViewRow& a, const ViewRow& b)
                  ABSL_NO_THREAD_SAFETY_ANALYSIS {
                    return CompareLocked(a.props, a.order, b.props, b.order) <
                           0;
                  });
  }
}

void ViewCore::OnTableChange(const TableChange& change) {
  absl::MutexLock lock(&mu_);
  switch (change.kind) {
    case TableChange::Kind::kAdded:
      if (VisibleLocked(change.row->props)) {
        const size_t i = InsertLocked(*change.row);
        if (!change.quiet) QueueRowLocked(TABLE_ROW_ADDED, i);
      }
      break;
    case TableChange::Kind::kModified: {
      const size_t old_i = FindLocked(*change.old);
      const bool visible = VisibleLocked(change.row->props);
      if (old_i != kNotVisible && visible) {
        RemoveLocked(old_i, /*rebookmark=*/false);
        const size_t i = InsertLocked(*change.row);
        if (!change.quiet) QueueRowLocked(TABLE_ROW_MODIFIED, i);
      } else if (old_i != kNotVisible) {
        // The row left the restriction: for this view it is deleted.
        PendingNotification n{TABLE_ROW_DELETED};
        n.index = IndexValue(rows_[old_i].props);
        RemoveLocked(old_i, /*rebookmark=*/true);
        if (!change.quiet) QueueLocked(std::move(n));
      } else if (visible) {
        const size_t i = InsertLocked(*change.row);
        if (!change.quiet) QueueRowLocked(TABLE_ROW_ADDED, i);
      }
      break;
    }
    case TableChange::Kind::kDeleted: {
      const size_t i = FindLocked(*change.old);
      if (i == kNotVisible) break;
      PendingNotification n{TABLE_ROW_DELETED};
      n.index = IndexValue(rows_[i].props);
      RemoveLocked(i, /*rebookmark=*/true);
      if (!change.quiet) QueueLocked(std::move(n));
      break;
    }
    case TableChange::Kind::kTouched: {
      const size_t i = FindLocked(*change.row);
      if (i != kNotVisible) QueueRowLocked(TABLE_ROW_MODIFIED, i);
      break;
    }
    case TableChange::Kind::kReloaded:
      rows_.clear();
      cursor_ = 0;
      bookmarks_.clear();
      QueueLocked(PendingNotification{TABLE_RELOAD});
      break;
    case TableChange::Kind::kChanged:
      QueueLocked(PendingNotification{TABLE_CHANGED});
      break;
    case TableChange::Kind::kReordered: {
      absl::flat_hash_map<uint64_t, uint64_t> order;
      for (const TableRow& row : *change.rows) order[row.id] = row.order;
      for (ViewRow& row : rows_) row.order = order[row.id];
      break;
    }
  }
}

void ViewCore::DeliverNotifications() {
  {
    absl::MutexLock lock(&mu_);
    // One thread at a time delivers, so every sink sees this view's
    // notifications in order; a change made from inside OnNotify is
    // delivered by the loop below once OnNotify returns.
    if (delivering_ || pending_.empty()) return;
    delivering_ = true;
  }
  try {
    for (;;) {
      PendingNotification n{0};
      std::vector<ComPtr<IMAPIAdviseSink>> sinks;
      {
        absl::MutexLock lock(&mu_);
        if (pending_.empty()) {
          delivering_ = false;
          return;
        }
        n = std::move(pending_.front());
        pending_.pop_front();
        // The AddRef of each copy is the one call made under mu_: without
        // it an Unadvise on another thread could free a sink we are about
        // to call.
        for (const auto& [connection, sink] : sinks_) {
          if ((sink.mask & fnevTableModified) != 0) sinks.push_back(sink.sink);
        }
      }
      for (const ComPtr<IMAPIAdviseSink>& sink : sinks) {
        NOTIFICATION notification{};
        notification.ulEventType = fnevTableModified;
        TABLE_NOTIFICATION& tab = notification.info.tab;
        tab.ulTableEvent = n.event;
        tab.hResult = S_OK;
        tab.propIndex = ValueOrNull(n.index);
        tab.propPrior = ValueOrNull(n.prior);
        tab.row.cValues = static_cast<ULONG>(n.row.size());
        // Read-only for the sink (table_notification.md).
        tab.row.lpProps = const_cast<LPSPropValue>(n.row.data());
        TracedOnNotify traced(this, sink.get(), n.event, n.row.size());
        try {
          traced.Return(sink->OnNotify(1, &notification));
        } catch (...) {
          HresultFromCurrentException("IMAPIAdviseSink::OnNotify");
          traced.Return(0);
        }
      }
    }
  } catch (...) {
    HresultFromCurrentException("IMAPITable notification delivery");
    absl::MutexLock lock(&mu_);
    delivering_ = false;
  }
}

HRESULT ViewCore::ResolveLocked(BOOKMARK bk, size_t* pos, bool* moved) {
  *moved = false;
  switch (bk) {
    case BOOKMARK_BEGINNING:
      *pos = 0;
      return S_OK;
    case BOOKMARK_CURRENT:
      *pos = cursor_;
      return S_OK;
    case BOOKMARK_END:
      *pos = rows_.size();
      return S_OK;
    default:
      break;
  }
  auto it = bookmarks_.find(bk);
  if (it == bookmarks_.end()) return MAPI_E_INVALID_BOOKMARK;
  Bookmark& bookmark = it->second;
  *moved = bookmark.moved;
  bookmark.moved = false;  // reported once, at its next use
  *pos = rows_.size();
  if (bookmark.row_id != 0) {
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (rows_[i].id == bookmark.row_id) {
        *pos = i;
        return S_OK;
      }
    }
    *moved = true;  // cannot happen: deleted rows move their bookmarks
  }
  return S_OK;
}

HRESULT ViewCore::MakeRowSetLocked(size_t start, size_t end, LPSRowSet* out) {
  void* block = nullptr;
  if (SCODE sc = Allocate(CbNewSRowSet(end - start), &block); FAILED(sc)) {
    return sc;
  }
  auto* set = static_cast<LPSRowSet>(block);
  set->cRows = 0;
  for (size_t i = start; i < end; ++i) {
    SRow& row = set->aRow[set->cRows];
    row.ulAdrEntryPad = 0;
    const SCODE sc = rows_[i].props.Project(ColumnsLocked(), &row.cValues,
                                            &row.lpProps, allocate_);
    if (FAILED(sc)) {
      for (ULONG k = 0; k < set->cRows; ++k) Free(set->aRow[k].lpProps);
      Free(set);
      return sc;
    }
    ++set->cRows;
  }
  *out = set;
  return S_OK;
}

// ---- TableData::CreateView -------------------------------------------------

ComPtr<IMAPITable> TableData::CreateView(const ObjectOwner* owner) {
  TableViewOptions options;
  options.owner = owner;
  return CreateView(std::move(options));
}

ComPtr<IMAPITable> TableData::CreateView(TableViewOptions options) {
  ComPtr<TableView> view =
      MakeComObject<TableView>(shared_from_this(), std::move(options));
  view->Attach();
  return view;
}

// ---- TableView --------------------------------------------------------------

TableView::TableView(std::shared_ptr<TableData> data, TableViewOptions options)
    : ComObject(options.owner, "MAPITable"),
      data_(std::move(data)),
      on_release_(std::move(options.on_release)),
      core_(std::make_shared<ViewCore>(data_->index_tag(),
                                       data_->DefaultColumns(),
                                       data_->allocate_buffer(),
                                       data_->free_buffer())) {}

TableView::~TableView() { data_->Detach(core_.get()); }

void TableView::Attach() {
  ViewCore* core = core_.get();
  data_->Attach(core_, [core](const std::vector<TableRow>& rows) {
    absl::MutexLock lock(&core->mu_);
    core->RebuildLocked(rows);
  });
}

void TableView::OnFinalRelease() {
  if (on_release_) {
    std::function<void(IMAPITable*)> callback = std::move(on_release_);
    try {
      callback(this);
    } catch (...) {
      HresultFromCurrentException("CALLERRELEASE");
    }
  }
  ComObject::OnFinalRelease();  // deletes the view
}

STDMETHODIMP TableView::GetLastError(HRESULT hResult, ULONG ulFlags,
                                     LPMAPIERROR FAR* lppMAPIError) {
  return GuardAbi("IMAPITable::GetLastError", [&]() -> HRESULT {
    (void)hResult;
    if ((ulFlags & ~MAPI_UNICODE) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (lppMAPIError == nullptr) return MAPI_E_INVALID_PARAMETER;
    // Nothing more to say than the HRESULT itself (imapitable-getlasterror.md
    // allows a NULL structure).
    *lppMAPIError = nullptr;
    return S_OK;
  });
}

STDMETHODIMP TableView::Advise(ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                               ULONG_PTR FAR* lpulConnection) {
  return GuardAbi("IMAPITable::Advise", [&]() -> HRESULT {
    if (lpAdviseSink == nullptr || lpulConnection == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if ((ulEventMask & fnevTableModified) == 0) return MAPI_E_INVALID_PARAMETER;
    ComPtr<IMAPIAdviseSink> sink = ComPtr<IMAPIAdviseSink>::Share(lpAdviseSink);
    absl::MutexLock lock(&core_->mu_);
    const ULONG_PTR connection = core_->next_connection_++;
    core_->sinks_.emplace(connection, Sink{std::move(sink), ulEventMask});
    *lpulConnection = connection;
    return S_OK;
  });
}

STDMETHODIMP TableView::Unadvise(ULONG_PTR ulConnection) {
  return GuardAbi("IMAPITable::Unadvise", [&]() -> HRESULT {
    ComPtr<IMAPIAdviseSink> released;  // released after the lock
    {
      absl::MutexLock lock(&core_->mu_);
      auto it = core_->sinks_.find(ulConnection);
      if (it == core_->sinks_.end()) return MAPI_E_NOT_FOUND;
      released = std::move(it->second.sink);
      core_->sinks_.erase(it);
    }
    return S_OK;
  });
}

STDMETHODIMP TableView::GetStatus(ULONG FAR* lpulTableStatus,
                                  ULONG FAR* lpulTableType) {
  return GuardAbi("IMAPITable::GetStatus", [&]() -> HRESULT {
    if (lpulTableStatus == nullptr || lpulTableType == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    *lpulTableStatus = TBLSTAT_COMPLETE;  // every operation is synchronous
    *lpulTableType = data_->table_type();
    return S_OK;
  });
}

STDMETHODIMP TableView::SetColumns(LPSPropTagArray lpPropTagArray,
                                   ULONG ulFlags) {
  return GuardAbi("IMAPITable::SetColumns", [&]() -> HRESULT {
    if ((ulFlags & ~(TBL_ASYNC | TBL_BATCH)) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (lpPropTagArray == nullptr || lpPropTagArray->cValues == 0) {
      return MAPI_E_INVALID_PARAMETER;  // every table has a column
    }
    for (ULONG i = 0; i < lpPropTagArray->cValues; ++i) {
      if ((PROP_TYPE(lpPropTagArray->aulPropTag[i]) & MVI_FLAG) == MVI_FLAG) {
        spdlog::warn("IMAPITable::SetColumns: {} asks for one row per value "
                     "(MVI_FLAG), which this table does not do: "
                     "MAPI_E_TOO_COMPLEX",
                     PropTagName(lpPropTagArray->aulPropTag[i]));
        return MAPI_E_TOO_COMPLEX;
      }
    }
    absl::MutexLock lock(&core_->mu_);
    core_->SetColumnsLocked(lpPropTagArray->aulPropTag,
                            lpPropTagArray->cValues);
    return S_OK;
  });
}

STDMETHODIMP TableView::QueryColumns(ULONG ulFlags,
                                     LPSPropTagArray FAR* lpPropTagArray) {
  return GuardAbi("IMAPITable::QueryColumns", [&]() -> HRESULT {
    if ((ulFlags & ~TBL_ALL_COLUMNS) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (lpPropTagArray == nullptr) return MAPI_E_INVALID_PARAMETER;
    std::vector<ULONG> columns;
    if ((ulFlags & TBL_ALL_COLUMNS) != 0) {
      columns = data_->AllColumns();
    } else {
      absl::MutexLock lock(&core_->mu_);
      columns.assign(core_->columns_.begin() + 1, core_->columns_.end());
    }
    void* block = nullptr;
    if (SCODE sc = core_->Allocate(CbNewSPropTagArray(columns.size()), &block);
        FAILED(sc)) {
      return sc;
    }
    auto* tags = static_cast<LPSPropTagArray>(block);
    tags->cValues = static_cast<ULONG>(columns.size());
    std::copy(columns.begin(), columns.end(), tags->aulPropTag);
    *lpPropTagArray = tags;
    return S_OK;
  });
}

STDMETHODIMP TableView::GetRowCount(ULONG ulFlags, ULONG FAR* lpulCount) {
  return GuardAbi("IMAPITable::GetRowCount", [&]() -> HRESULT {
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;  // reserved, must be zero
    if (lpulCount == nullptr) return MAPI_E_INVALID_PARAMETER;
    absl::MutexLock lock(&core_->mu_);
    *lpulCount = static_cast<ULONG>(core_->rows_.size());
    return S_OK;
  });
}

STDMETHODIMP TableView::SeekRow(BOOKMARK bkOrigin, LONG lRowCount,
                                LONG FAR* lplRowsSought) {
  return GuardAbi("IMAPITable::SeekRow", [&]() -> HRESULT {
    absl::MutexLock lock(&core_->mu_);
    size_t origin = 0;
    bool moved = false;
    if (HRESULT hr = core_->ResolveLocked(bkOrigin, &origin, &moved);
        FAILED(hr)) {
      return hr;
    }
    // Past either end the cursor stops there; *lplRowsSought says how far
    // it really went (imapitable-seekrow.md).
    const int64_t size = static_cast<int64_t>(core_->rows_.size());
    const int64_t from = static_cast<int64_t>(origin);
    const int64_t to = std::clamp<int64_t>(from + lRowCount, 0, size);
    core_->cursor_ = static_cast<size_t>(to);
    if (lplRowsSought != nullptr) *lplRowsSought = static_cast<LONG>(to - from);
    return moved ? MAPI_W_POSITION_CHANGED : S_OK;
  });
}

STDMETHODIMP TableView::SeekRowApprox(ULONG ulNumerator, ULONG ulDenominator) {
  return GuardAbi("IMAPITable::SeekRowApprox", [&]() -> HRESULT {
    if (ulDenominator == 0) return MAPI_E_INVALID_PARAMETER;
    absl::MutexLock lock(&core_->mu_);
    const uint64_t size = core_->rows_.size();
    core_->cursor_ = ulNumerator >= ulDenominator
                         ? size
                         : static_cast<size_t>(uint64_t{ulNumerator} * size /
                                               ulDenominator);
    return S_OK;
  });
}

STDMETHODIMP TableView::QueryPosition(ULONG FAR* lpulRow,
                                      ULONG FAR* lpulNumerator,
                                      ULONG FAR* lpulDenominator) {
  return GuardAbi("IMAPITable::QueryPosition", [&]() -> HRESULT {
    if (lpulRow == nullptr || lpulNumerator == nullptr ||
        lpulDenominator == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    absl::MutexLock lock(&core_->mu_);
    *lpulRow = static_cast<ULONG>(core_->cursor_);
    *lpulNumerator = static_cast<ULONG>(core_->cursor_);
    // Never zero (imapitable-queryposition.md); 0/1 for an empty table.
    *lpulDenominator = static_cast<ULONG>(std::max<size_t>(core_->rows_.size(), 1));
    return S_OK;
  });
}

STDMETHODIMP TableView::FindRow(LPSRestriction lpRestriction, BOOKMARK bkOrigin,
                                ULONG ulFlags) {
  return GuardAbi("IMAPITable::FindRow", [&]() -> HRESULT {
    if ((ulFlags & ~DIR_BACKWARD) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (lpRestriction == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (absl::Status s = ValidateRestriction(*lpRestriction); !s.ok()) {
      return StatusToHresult(s);
    }
    ViewCore* core = core_.get();
    absl::MutexLock lock(&core->mu_);
    size_t origin = 0;
    bool moved = false;
    if (HRESULT hr = core->ResolveLocked(bkOrigin, &origin, &moved);
        FAILED(hr)) {
      return hr;
    }
    const HRESULT found = moved ? MAPI_W_POSITION_CHANGED : S_OK;
    if ((ulFlags & DIR_BACKWARD) == 0) {
      for (size_t i = origin; i < core->rows_.size(); ++i) {
        if (EvaluateRestriction(*lpRestriction, core->rows_[i].props)) {
          core->cursor_ = i;
          return found;
        }
      }
    } else {
      // Backward searches start with the row before the origin.
      for (size_t i = origin; i > 0; --i) {
        if (EvaluateRestriction(*lpRestriction, core->rows_[i - 1].props)) {
          core->cursor_ = i - 1;
          return found;
        }
      }
    }
    return MAPI_E_NOT_FOUND;
  });
}

STDMETHODIMP TableView::Restrict(LPSRestriction lpRestriction, ULONG ulFlags) {
  return GuardAbi("IMAPITable::Restrict", [&]() -> HRESULT {
    if ((ulFlags & ~(TBL_ASYNC | TBL_BATCH)) != 0) return MAPI_E_UNKNOWN_FLAGS;
    std::optional<OwnedRestriction> restriction;
    if (lpRestriction != nullptr) {
      absl::StatusOr<OwnedRestriction> copy =
          OwnedRestriction::Copy(*lpRestriction);
      if (!copy.ok()) return StatusToHresult(copy.status());
      restriction = *std::move(copy);
    }
    ViewCore* core = core_.get();
    data_->WithRows([&](const std::vector<TableRow>& rows) {
      absl::MutexLock lock(&core->mu_);
      core->restriction_ = std::move(restriction);
      core->RebuildLocked(rows);
      core->bookmarks_.clear();  // imapitable-restrict.md
      core->cursor_ = 0;
    });
    return S_OK;
  });
}

STDMETHODIMP TableView::CreateBookmark(BOOKMARK FAR* lpbkPosition) {
  return GuardAbi("IMAPITable::CreateBookmark", [&]() -> HRESULT {
    if (lpbkPosition == nullptr) return MAPI_E_INVALID_PARAMETER;
    absl::MutexLock lock(&core_->mu_);
    if (core_->bookmarks_.size() >= kMaxBookmarks) {
      return MAPI_E_UNABLE_TO_COMPLETE;  // imapitable-createbookmark.md
    }
    const uint64_t row_id = core_->cursor_ < core_->rows_.size()
                                ? core_->rows_[core_->cursor_].id
                                : 0;
    const BOOKMARK bookmark = core_->next_bookmark_++;
    core_->bookmarks_.emplace(bookmark, Bookmark{row_id, false});
    *lpbkPosition = bookmark;
    return S_OK;
  });
}

STDMETHODIMP TableView::FreeBookmark(BOOKMARK bkPosition) {
  return GuardAbi("IMAPITable::FreeBookmark", [&]() -> HRESULT {
    if (bkPosition == BOOKMARK_BEGINNING || bkPosition == BOOKMARK_CURRENT ||
        bkPosition == BOOKMARK_END) {
      return S_OK;  // imapitable-freebookmark.md
    }
    absl::MutexLock lock(&core_->mu_);
    return core_->bookmarks_.erase(bkPosition) == 1 ? S_OK
                                                    : MAPI_E_INVALID_BOOKMARK;
  });
}

STDMETHODIMP TableView::SortTable(LPSSortOrderSet lpSortCriteria,
                                  ULONG ulFlags) {
  return GuardAbi("IMAPITable::SortTable", [&]() -> HRESULT {
    if ((ulFlags & ~(TBL_ASYNC | TBL_BATCH)) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (lpSortCriteria == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (lpSortCriteria->cCategories > 0) {
      spdlog::warn("IMAPITable::SortTable: {} categories asked for; "
                   "categorized views are not supported: MAPI_E_TOO_COMPLEX",
                   lpSortCriteria->cCategories);
      return MAPI_E_TOO_COMPLEX;
    }
    if (lpSortCriteria->cExpanded > lpSortCriteria->cCategories) {
      return MAPI_E_INVALID_PARAMETER;
    }
    std::vector<SSortOrder> sort(lpSortCriteria->aSort,
                                 lpSortCriteria->aSort + lpSortCriteria->cSorts);
    for (const SSortOrder& key : sort) {
      const ULONG type = PROP_TYPE(key.ulPropTag);
      if ((key.ulOrder != TABLE_SORT_ASCEND &&
           key.ulOrder != TABLE_SORT_DESCEND) ||
          (type & MV_INSTANCE) != 0 || type == PT_OBJECT) {
        return MAPI_E_TOO_COMPLEX;
      }
    }
    ViewCore* core = core_.get();
    data_->WithRows([&](const std::vector<TableRow>& rows) {
      absl::MutexLock lock(&core->mu_);
      core->sort_ = std::move(sort);
      core->RebuildLocked(rows);
      core->bookmarks_.clear();  // imapitable-sorttable.md
      core->cursor_ = 0;
    });
    return S_OK;
  });
}

STDMETHODIMP TableView::QuerySortOrder(LPSSortOrderSet FAR* lppSortCriteria) {
  return GuardAbi("IMAPITable::QuerySortOrder", [&]() -> HRESULT {
    if (lppSortCriteria == nullptr) return MAPI_E_INVALID_PARAMETER;
    std::vector<SSortOrder> sort;
    {
      ViewCore* core = core_.get();
      absl::MutexLock lock(&core->mu_);
      sort = core->sort_;
    }
    void* block = nullptr;
    if (SCODE sc = core_->Allocate(CbNewSSortOrderSet(sort.size()), &block);
        FAILED(sc)) {
      return sc;
    }
    auto* set = static_cast<LPSSortOrderSet>(block);
    set->cSorts = static_cast<ULONG>(sort.size());
    set->cCategories = 0;
    set->cExpanded = 0;
    std::copy(sort.begin(), sort.end(), set->aSort);
    *lppSortCriteria = set;
    return S_OK;
  });
}

STDMETHODIMP TableView::QueryRows(LONG lRowCount, ULONG ulFlags,
                                  LPSRowSet FAR* lppRows) {
  return GuardAbi("IMAPITable::QueryRows", [&]() -> HRESULT {
    if ((ulFlags & ~TBL_NOADVANCE) != 0) return MAPI_E_UNKNOWN_FLAGS;
    if (lppRows == nullptr || lRowCount == 0) return MAPI_E_INVALID_PARAMETER;
    absl::MutexLock lock(&core_->mu_);
    const size_t size = core_->rows_.size();
    const size_t cursor = core_->cursor_;
    size_t start = cursor;
    size_t end = cursor;
    if (lRowCount > 0) {
      end = cursor + std::min<size_t>(size - cursor,
                                      static_cast<size_t>(lRowCount));
    } else {
      const size_t back = static_cast<size_t>(-static_cast<int64_t>(lRowCount));
      start = cursor - std::min(cursor, back);
    }
    if (HRESULT hr = core_->MakeRowSetLocked(start, end, lppRows); FAILED(hr)) {
      return hr;
    }
    if (lRowCount < 0) {
      core_->cursor_ = start;  // a backward read moves the cursor back
    } else if ((ulFlags & TBL_NOADVANCE) == 0) {
      core_->cursor_ = end;
    }
    return S_OK;
  });
}

STDMETHODIMP TableView::Abort() {
  return GuardAbi("IMAPITable::Abort", []() -> HRESULT {
    return S_OK;  // nothing runs asynchronously
  });
}

STDMETHODIMP TableView::ExpandRow(ULONG cbInstanceKey, LPBYTE pbInstanceKey,
                                  ULONG ulRowCount, ULONG ulFlags,
                                  LPSRowSet FAR* lppRows,
                                  ULONG FAR* lpulMoreRows) {
  return GuardAbi("IMAPITable::ExpandRow", [&]() -> HRESULT {
    static std::atomic<bool> logged{false};
    (void)pbInstanceKey;
    (void)lppRows;
    (void)lpulMoreRows;
    return NoSupport(logged, "IMAPITable::ExpandRow(cbInstanceKey=" +
                                 std::to_string(cbInstanceKey) +
                                 ", ulRowCount=" + std::to_string(ulRowCount) +
                                 ", ulFlags=" + std::to_string(ulFlags) + ")");
  });
}

STDMETHODIMP TableView::CollapseRow(ULONG cbInstanceKey, LPBYTE pbInstanceKey,
                                    ULONG ulFlags, ULONG FAR* lpulRowCount) {
  return GuardAbi("IMAPITable::CollapseRow", [&]() -> HRESULT {
    static std::atomic<bool> logged{false};
    (void)pbInstanceKey;
    (void)lpulRowCount;
    return NoSupport(logged, "IMAPITable::CollapseRow(cbInstanceKey=" +
                                 std::to_string(cbInstanceKey) +
                                 ", ulFlags=" + std::to_string(ulFlags) + ")");
  });
}

STDMETHODIMP TableView::WaitForCompletion(ULONG ulFlags, ULONG ulTimeout,
                                          ULONG FAR* lpulTableStatus) {
  return GuardAbi("IMAPITable::WaitForCompletion", [&]() -> HRESULT {
    (void)ulFlags;
    (void)ulTimeout;
    if (lpulTableStatus != nullptr) *lpulTableStatus = TBLSTAT_COMPLETE;
    return S_OK;
  });
}

STDMETHODIMP TableView::GetCollapseState(ULONG ulFlags, ULONG cbInstanceKey,
                                         LPBYTE lpbInstanceKey,
                                         ULONG FAR* lpcbCollapseState,
                                         LPBYTE FAR* lppbCollapseState) {
  return GuardAbi("IMAPITable::GetCollapseState", [&]() -> HRESULT {
    static std::atomic<bool> logged{false};
    (void)lpbInstanceKey;
    (void)lpcbCollapseState;
    (void)lppbCollapseState;
    return NoSupport(logged, "IMAPITable::GetCollapseState(ulFlags=" +
                                 std::to_string(ulFlags) + ", cbInstanceKey=" +
                                 std::to_string(cbInstanceKey) + ")");
  });
}

STDMETHODIMP TableView::SetCollapseState(ULONG ulFlags, ULONG cbCollapseState,
                                         LPBYTE pbCollapseState,
                                         BOOKMARK FAR* lpbkLocation) {
  return GuardAbi("IMAPITable::SetCollapseState", [&]() -> HRESULT {
    static std::atomic<bool> logged{false};
    (void)pbCollapseState;
    (void)lpbkLocation;
    return NoSupport(logged, "IMAPITable::SetCollapseState(ulFlags=" +
                                 std::to_string(ulFlags) +
                                 ", cbCollapseState=" +
                                 std::to_string(cbCollapseState) + ")");
  });
}

}  // namespace mapi_emu
