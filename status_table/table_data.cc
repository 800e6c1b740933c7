#include "status_table/table_data.h"

#include <algorithm>
#include <cstring>
#include <cwchar>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapi_emu/base/prop_util.h"
#include "mapicode.h"

namespace mapi_emu {
namespace {

// Room between the `order` of neighbouring appended rows, so that InsertRow
// can usually place a row between two others without renumbering.
constexpr uint64_t kOrderGap = uint64_t{1} << 20;
// More rows than this in one ModifyRows: one TABLE_CHANGED instead.
constexpr size_t kMaxRowNotifications = 8;

SCODE ProcessAllocateBuffer(ULONG cb, LPVOID* out) {
  return ProcessBufferAllocator().Allocate(cb, out);
}
SCODE ProcessAllocateMore(ULONG cb, LPVOID parent, LPVOID* out) {
  return ProcessBufferAllocator().AllocateMore(cb, parent, out);
}
ULONG ProcessFreeBuffer(LPVOID p) { return ProcessBufferAllocator().Free(p); }

TableData::Options Normalized(TableData::Options options) {
  if (options.allocate_buffer == nullptr || options.allocate_more == nullptr ||
      options.free_buffer == nullptr) {
    options.allocate_buffer = &ProcessAllocateBuffer;
    options.allocate_more = &ProcessAllocateMore;
    options.free_buffer = &ProcessFreeBuffer;
  }
  return options;
}

void AppendBytes(const void* p, size_t n, std::string* out) {
  if (p != nullptr && n != 0) out->append(static_cast<const char*>(p), n);
}

// The bytes that identify one single value (its type is fixed by the index
// tag, so it is not part of the key).
void AppendSingleKey(const SPropValue& v, std::string* out) {
  switch (PROP_TYPE(v.ulPropTag)) {
    case PT_BOOLEAN:
      out->push_back(v.Value.b != 0 ? '\1' : '\0');
      break;
    case PT_STRING8:
      if (v.Value.lpszA != nullptr) {
        AppendBytes(v.Value.lpszA, std::strlen(v.Value.lpszA), out);
      }
      break;
    case PT_UNICODE:
      if (v.Value.lpszW != nullptr) {
        AppendBytes(v.Value.lpszW, std::wcslen(v.Value.lpszW) * sizeof(WCHAR),
                    out);
      }
      break;
    case PT_BINARY:
      AppendBytes(v.Value.bin.lpb, v.Value.bin.cb, out);
      break;
    case PT_CLSID:
      AppendBytes(v.Value.lpguid, sizeof(GUID), out);
      break;
    default:  // fixed-size values: PropSize is their width in the union
      AppendBytes(&v.Value, PropSize(v), out);
      break;
  }
}

}  // namespace

std::shared_ptr<TableData> TableData::Create(ULONG index_tag,
                                             std::vector<ULONG> default_columns) {
  return Create(index_tag, std::move(default_columns), Options());
}

std::shared_ptr<TableData> TableData::Create(ULONG index_tag,
                                             std::vector<ULONG> default_columns,
                                             Options options) {
  return std::make_shared<TableData>(PrivateTag(), index_tag,
                                     std::move(default_columns), options);
}

TableData::TableData(PrivateTag, ULONG index_tag,
                     std::vector<ULONG> default_columns, Options options)
    : index_tag_(index_tag), options_(Normalized(options)) {
  for (ULONG tag : default_columns) {
    if (known_columns_.insert(tag).second) all_columns_.push_back(tag);
  }
  default_columns_ = std::move(default_columns);
}

std::optional<std::string> TableData::IndexKey(const SPropValue& value) const {
  if (value.ulPropTag != index_tag_) return std::nullopt;
  std::string key;
  if ((PROP_TYPE(value.ulPropTag) & MV_FLAG) == 0) {
    AppendSingleKey(value, &key);
    return key;
  }
  for (ULONG i = 0; i < MvCount(value); ++i) {
    std::string element;
    AppendSingleKey(MvElement(value, i), &element);
    const uint32_t n = static_cast<uint32_t>(element.size());
    AppendBytes(&n, sizeof(n), &key);
    key += element;
  }
  return key;
}

std::optional<std::string> TableData::RowKey(const PropArray& row) const {
  const SPropValue* index = row.Find(index_tag_);
  if (index == nullptr) return std::nullopt;
  return IndexKey(*index);
}

size_t TableData::PositionLocked(uint64_t order) const {
  auto it = std::lower_bound(
      rows_.begin(), rows_.end(), order,
      [](const TableRow& row, uint64_t o) { return row.order < o; });
  return static_cast<size_t>(it - rows_.begin());
}

void TableData::RecordColumnsLocked(const PropArray& row) {
  for (const SPropValue& v : row) {
    if (PROP_TYPE(v.ulPropTag) == PT_ERROR) continue;
    if (!known_columns_.insert(v.ulPropTag).second) continue;
    all_columns_.push_back(v.ulPropTag);
    if (options_.columns == ColumnPolicy::kGrowWithRows) {
      default_columns_.push_back(v.ulPropTag);
    }
  }
}

void TableData::BroadcastLocked(const TableChange& change) {
  bool expired = false;
  for (const std::weak_ptr<TableListener>& weak : listeners_) {
    if (std::shared_ptr<TableListener> listener = weak.lock()) {
      listener->OnTableChange(change);
    } else {
      expired = true;
    }
  }
  if (expired) {
    std::erase_if(listeners_, [](const std::weak_ptr<TableListener>& w) {
      return w.expired();
    });
  }
}

std::vector<std::shared_ptr<TableListener>> TableData::LiveListenersLocked() {
  std::vector<std::shared_ptr<TableListener>> live;
  live.reserve(listeners_.size());
  for (const std::weak_ptr<TableListener>& weak : listeners_) {
    if (std::shared_ptr<TableListener> listener = weak.lock()) {
      live.push_back(std::move(listener));
    }
  }
  return live;
}

void TableData::Deliver(
    const std::vector<std::shared_ptr<TableListener>>& to) {
  for (const std::shared_ptr<TableListener>& listener : to) {
    listener->DeliverNotifications();
  }
}

void TableData::ModifyLocked(PropArray row, std::string key, bool quiet) {
  RecordColumnsLocked(row);
  if (auto it = index_.find(key); it != index_.end()) {
    const size_t pos = PositionLocked(it->second);
    const TableRow old = rows_[pos];
    rows_[pos].props = std::move(row);
    TableChange change{TableChange::Kind::kModified};
    change.row = &rows_[pos];
    change.old = &old;
    change.quiet = quiet;
    BroadcastLocked(change);
    return;
  }
  const uint64_t order =
      rows_.empty() ? kOrderGap : rows_.back().order + kOrderGap;
  rows_.push_back(TableRow{next_id_++, order, std::move(row)});
  index_.emplace(std::move(key), order);
  TableChange change{TableChange::Kind::kAdded};
  change.row = &rows_.back();
  change.quiet = quiet;
  BroadcastLocked(change);
}

absl::Status TableData::ModifyRow(PropArray row) {
  std::optional<std::string> key = RowKey(row);
  if (!key.has_value()) {
    return HresultToStatus(MAPI_E_INVALID_PARAMETER,
                           "the row has no value for the index column " +
                               PropTagName(index_tag_));
  }
  std::vector<std::shared_ptr<TableListener>> to;
  {
    absl::MutexLock lock(&mu_);
    ModifyLocked(std::move(row), *std::move(key), /*quiet=*/false);
    to = LiveListenersLocked();
  }
  Deliver(to);
  return absl::OkStatus();
}

absl::Status TableData::ModifyRows(std::vector<PropArray> rows) {
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    std::optional<std::string> key = RowKey(rows[i]);
    if (!key.has_value()) {
      return HresultToStatus(MAPI_E_INVALID_PARAMETER,
                             "row " + std::to_string(i) +
                                 " has no value for the index column " +
                                 PropTagName(index_tag_) +
                                 "; no row was changed");
    }
    keys.push_back(*std::move(key));
  }
  const bool quiet = rows.size() > kMaxRowNotifications;
  std::vector<std::shared_ptr<TableListener>> to;
  {
    absl::MutexLock lock(&mu_);
    for (size_t i = 0; i < rows.size(); ++i) {
      ModifyLocked(std::move(rows[i]), std::move(keys[i]), quiet);
    }
    if (quiet) BroadcastLocked(TableChange{TableChange::Kind::kChanged});
    to = LiveListenersLocked();
  }
  Deliver(to);
  return absl::OkStatus();
}

std::pair<uint64_t, uint64_t> TableData::OrderBoundsLocked(
    size_t position) const {
  const uint64_t lo = position > 0 ? rows_[position - 1].order : 0;
  const uint64_t hi =
      position < rows_.size() ? rows_[position].order : lo + 2 * kOrderGap;
  return {lo, hi};
}

absl::Status TableData::InsertRow(size_t position, PropArray row) {
  std::optional<std::string> key = RowKey(row);
  if (!key.has_value()) {
    return HresultToStatus(MAPI_E_INVALID_PARAMETER,
                           "the row has no value for the index column " +
                               PropTagName(index_tag_));
  }
  std::vector<std::shared_ptr<TableListener>> to;
  {
    absl::MutexLock lock(&mu_);
    if (index_.contains(*key)) {
      return HresultToStatus(MAPI_E_INVALID_PARAMETER,
                             "a row with this index value already exists");
    }
    if (position > rows_.size()) {
      return HresultToStatus(
          MAPI_E_INVALID_PARAMETER,
          "row number " + std::to_string(position) + " is past the end (" +
              std::to_string(rows_.size()) + " rows)");
    }
    RecordColumnsLocked(row);
    auto [lo, hi] = OrderBoundsLocked(position);
    if (hi - lo < 2) {
      // No room between the neighbours: renumber every row, same order.
      index_.clear();
      for (size_t i = 0; i < rows_.size(); ++i) {
        rows_[i].order = (i + 1) * kOrderGap;
        index_.emplace(*RowKey(rows_[i].props), rows_[i].order);
      }
      TableChange reordered{TableChange::Kind::kReordered};
      reordered.rows = &rows_;
      BroadcastLocked(reordered);
      std::tie(lo, hi) = OrderBoundsLocked(position);
    }
    const uint64_t order = lo + (hi - lo) / 2;
    rows_.insert(rows_.begin() + static_cast<ptrdiff_t>(position),
                 TableRow{next_id_++, order, std::move(row)});
    index_.emplace(*std::move(key), order);
    TableChange change{TableChange::Kind::kAdded};
    change.row = &rows_[position];
    BroadcastLocked(change);
    to = LiveListenersLocked();
  }
  Deliver(to);
  return absl::OkStatus();
}

absl::Status TableData::DeleteRow(const SPropValue& index_value) {
  std::optional<std::string> key = IndexKey(index_value);
  std::vector<std::shared_ptr<TableListener>> to;
  {
    absl::MutexLock lock(&mu_);
    auto it = key.has_value() ? index_.find(*key) : index_.end();
    if (it == index_.end()) {
      return HresultToStatus(MAPI_E_NOT_FOUND,
                             "no row has this value of " +
                                 PropTagName(index_tag_));
    }
    const size_t pos = PositionLocked(it->second);
    index_.erase(it);
    const TableRow old = std::move(rows_[pos]);
    rows_.erase(rows_.begin() + static_cast<ptrdiff_t>(pos));
    TableChange change{TableChange::Kind::kDeleted};
    change.old = &old;
    BroadcastLocked(change);
    to = LiveListenersLocked();
  }
  Deliver(to);
  return absl::OkStatus();
}

void TableData::DeleteAll() {
  std::vector<std::shared_ptr<TableListener>> to;
  {
    absl::MutexLock lock(&mu_);
    rows_.clear();
    index_.clear();
    BroadcastLocked(TableChange{TableChange::Kind::kReloaded});
    to = LiveListenersLocked();
  }
  Deliver(to);
}

absl::Status TableData::NotifyRow(const SPropValue& index_value) {
  std::optional<std::string> key = IndexKey(index_value);
  std::vector<std::shared_ptr<TableListener>> to;
  {
    absl::MutexLock lock(&mu_);
    auto it = key.has_value() ? index_.find(*key) : index_.end();
    if (it == index_.end()) {
      return HresultToStatus(MAPI_E_NOT_FOUND,
                             "no row has this value of " +
                                 PropTagName(index_tag_));
    }
    TableChange change{TableChange::Kind::kTouched};
    change.row = &rows_[PositionLocked(it->second)];
    BroadcastLocked(change);
    to = LiveListenersLocked();
  }
  Deliver(to);
  return absl::OkStatus();
}

std::optional<PropArray> TableData::QueryRow(const SPropValue& index_value,
                                             size_t* position) const {
  std::optional<std::string> key = IndexKey(index_value);
  if (!key.has_value()) return std::nullopt;
  absl::ReaderMutexLock lock(&mu_);
  auto it = index_.find(*key);
  if (it == index_.end()) return std::nullopt;
  const size_t pos = PositionLocked(it->second);
  if (position != nullptr) *position = pos;
  return rows_[pos].props;
}

std::optional<PropArray> TableData::RowAt(size_t position) const {
  absl::ReaderMutexLock lock(&mu_);
  if (position >= rows_.size()) return std::nullopt;
  return rows_[position].props;
}

std::vector<PropArray> TableData::Rows() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<PropArray> rows;
  rows.reserve(rows_.size());
  for (const TableRow& row : rows_) rows.push_back(row.props);
  return rows;
}

size_t TableData::RowCount() const {
  absl::ReaderMutexLock lock(&mu_);
  return rows_.size();
}

std::vector<ULONG> TableData::DefaultColumns() const {
  absl::ReaderMutexLock lock(&mu_);
  return default_columns_;
}

std::vector<ULONG> TableData::AllColumns() const {
  absl::ReaderMutexLock lock(&mu_);
  return all_columns_;
}

void TableData::Attach(
    std::weak_ptr<TableListener> listener,
    absl::FunctionRef<void(const std::vector<TableRow>&)> init) {
  absl::MutexLock lock(&mu_);
  init(rows_);
  listeners_.push_back(std::move(listener));
}

void TableData::Detach(const TableListener* listener) {
  absl::MutexLock lock(&mu_);
  std::erase_if(listeners_, [listener](const std::weak_ptr<TableListener>& w) {
    std::shared_ptr<TableListener> l = w.lock();
    return l == nullptr || l.get() == listener;
  });
}

void TableData::WithRows(
    absl::FunctionRef<void(const std::vector<TableRow>&)> fn) const {
  absl::ReaderMutexLock lock(&mu_);
  fn(rows_);
}

}  // namespace mapi_emu
