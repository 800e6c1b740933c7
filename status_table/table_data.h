// TableData: the rows of one MAPI table (status table, message stores table,
// profile and provider tables, a provider's CreateTable table), keyed by an
// index column, and the IMAPITable views over them.
//
// Thread-safe: any thread may call any method. Views keep the data alive
// (shared_ptr). Every change is pushed, under the data's lock, to every live
// view, which updates its visible rows (restriction + sort) and queues its
// fnevTableModified notifications; the notifications are delivered after
// every lock is released (style.md 11), so an advise sink may call back into
// the table or the data from OnNotify.
#ifndef MAPI_EMU_STATUS_TABLE_TABLE_DATA_H_
#define MAPI_EMU_STATUS_TABLE_TABLE_DATA_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/prop_array.h"
#include "mapidefs.h"

namespace mapi_emu {

// A row as the data keeps it. `id` is unique for the data's lifetime (from
// 1); `order` increases along the table (insertion) order.
struct TableRow {
  uint64_t id = 0;
  uint64_t order = 0;
  PropArray props;
};

// One change, as views receive it.
struct TableChange {
  enum class Kind {
    kAdded,      // row: the new row
    kModified,   // row: its new state; old: the state views last saw
    kDeleted,    // old: the row removed
    kTouched,    // row: unchanged; notify TABLE_ROW_MODIFIED (HrNotify)
    kReloaded,   // every row was deleted: TABLE_RELOAD
    kChanged,    // a bulk change applied quietly is complete: TABLE_CHANGED
    kReordered,  // every row got a new `order` (same relative order); rows
  };
  Kind kind;
  const TableRow* row = nullptr;
  const TableRow* old = nullptr;
  const std::vector<TableRow>* rows = nullptr;
  bool quiet = false;  // update, but do not notify (a kChanged follows)
};

// How a view follows the data (table_view.cc implements it).
class TableListener {
 public:
  // Called with the data's lock held, in the order the changes happen:
  // update the view and queue notifications. Must not call out of the view.
  virtual void OnTableChange(const TableChange& change) = 0;
  // Called with no lock held after a change: deliver what was queued.
  virtual void DeliverNotifications() = 0;

 protected:
  ~TableListener() = default;
};

// Options of a view besides the data (HrGetView's CALLERRELEASE).
struct TableViewOptions {
  const ObjectOwner* owner = nullptr;
  // Called once from the view's final Release, with the view (still valid).
  std::function<void(IMAPITable*)> on_release;
};

class TableData : public std::enable_shared_from_this<TableData> {
 public:
  enum class ColumnPolicy {
    kFixed,         // the default column set is the one given to Create
    kGrowWithRows,  // columns first seen in a row join it (CreateTable's rule)
  };
  struct Options {
    ColumnPolicy columns = ColumnPolicy::kFixed;
    ULONG table_type = TBLTYPE_DYNAMIC;  // what views' GetStatus reports
    // What views hand out memory with (rows, tag arrays, sort orders);
    // NULL: ProcessBufferAllocator (MAPIAllocateBuffer's).
    ALLOCATEBUFFER* allocate_buffer = nullptr;
    ALLOCATEMORE* allocate_more = nullptr;
    FREEBUFFER* free_buffer = nullptr;
  };

  // `index_tag` identifies rows: every row holds a value with exactly this
  // tag, unique in the table. `default_columns` is a new view's column set.
  static std::shared_ptr<TableData> Create(ULONG index_tag,
                                           std::vector<ULONG> default_columns);
  static std::shared_ptr<TableData> Create(ULONG index_tag,
                                           std::vector<ULONG> default_columns,
                                           Options options);
  // For Create (std::make_shared needs a public constructor).
  struct PrivateTag {
    explicit PrivateTag() = default;
  };
  TableData(PrivateTag, ULONG index_tag, std::vector<ULONG> default_columns,
            Options options);
  TableData(const TableData&) = delete;
  TableData& operator=(const TableData&) = delete;

  ULONG index_tag() const { return index_tag_; }
  ULONG table_type() const { return options_.table_type; }
  ALLOCATEBUFFER* allocate_buffer() const { return options_.allocate_buffer; }
  ALLOCATEMORE* allocate_more() const { return options_.allocate_more; }
  FREEBUFFER* free_buffer() const { return options_.free_buffer; }

  // Replaces the row whose index value equals row's, or appends it.
  // kInvalidArgument (MAPI_E_INVALID_PARAMETER) if the row has no index value.
  absl::Status ModifyRow(PropArray row);
  // ModifyRow for each row, all or nothing: if a row lacks the index value,
  // nothing changes. More than 8 rows: views get one TABLE_CHANGED instead
  // of a notification per row (itabledata-hrmodifyrows.md).
  absl::Status ModifyRows(std::vector<PropArray> rows);
  // Inserts a new row so that it becomes row number `position` (0..size;
  // size appends). MAPI_E_INVALID_PARAMETER if the index value exists or
  // is missing, or position > size.
  absl::Status InsertRow(size_t position, PropArray row);
  // MAPI_E_NOT_FOUND if no row has this index value.
  absl::Status DeleteRow(const SPropValue& index_value);
  // Deletes every row; views get one TABLE_RELOAD.
  void DeleteAll();
  // Views get TABLE_ROW_MODIFIED for the row, changed or not (HrNotify).
  // MAPI_E_NOT_FOUND if no row has this index value.
  absl::Status NotifyRow(const SPropValue& index_value);

  // The row with this index value, and its row number if `position`.
  std::optional<PropArray> QueryRow(const SPropValue& index_value,
                                    size_t* position = nullptr) const;
  // Row number `position` in table order, if there is one.
  std::optional<PropArray> RowAt(size_t position) const;
  // Every row, in table order.
  std::vector<PropArray> Rows() const;
  size_t RowCount() const;

  // A new view's column set.
  std::vector<ULONG> DefaultColumns() const;
  // The default columns, then every other tag that has appeared in a row
  // (QueryColumns(TBL_ALL_COLUMNS)); deleting rows never shrinks it.
  std::vector<ULONG> AllColumns() const;

  // A new view (IMAPITable) with the default columns, no restriction, no
  // sort order and its cursor at the beginning.
  ComPtr<IMAPITable> CreateView(const ObjectOwner* owner = nullptr);
  ComPtr<IMAPITable> CreateView(TableViewOptions options);

  // For views. Runs `init` with the data's lock held and the rows in table
  // order, and registers `listener` in the same hold, so that it sees every
  // later change exactly once.
  void Attach(std::weak_ptr<TableListener> listener,
              absl::FunctionRef<void(const std::vector<TableRow>&)> init);
  void Detach(const TableListener* listener);
  // Runs `fn` with the data's lock held (a view rebuilding itself).
  void WithRows(absl::FunctionRef<void(const std::vector<TableRow>&)> fn) const;

 private:
  // The key of an index value, or nullopt if its tag is not the index tag.
  std::optional<std::string> IndexKey(const SPropValue& value) const;
  std::optional<std::string> RowKey(const PropArray& row) const;
  // The position of the row with this `order` (rows_ is sorted by it).
  size_t PositionLocked(uint64_t order) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The `order` of the rows around row number `position` (a new row there
  // gets an order strictly between them, if they leave room).
  std::pair<uint64_t, uint64_t> OrderBoundsLocked(size_t position) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void RecordColumnsLocked(const PropArray& row)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ModifyLocked(PropArray row, std::string key, bool quiet)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void BroadcastLocked(const TableChange& change)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The listeners alive now (to deliver to once the lock is released).
  std::vector<std::shared_ptr<TableListener>> LiveListenersLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static void Deliver(const std::vector<std::shared_ptr<TableListener>>& to);

  const ULONG index_tag_;
  const Options options_;
  mutable absl::Mutex mu_;
  std::vector<ULONG> default_columns_ ABSL_GUARDED_BY(mu_);
  std::vector<ULONG> all_columns_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<ULONG> known_columns_ ABSL_GUARDED_BY(mu_);
  std::vector<TableRow> rows_ ABSL_GUARDED_BY(mu_);
  // Index key -> the row's `order` (rows_ is sorted by it).
  absl::flat_hash_map<std::string, uint64_t> index_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<std::weak_ptr<TableListener>> listeners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_STATUS_TABLE_TABLE_DATA_H_
