// Test-only helpers for the table engine's tests: property values, rows (and
// the columns of the tests' tables), a recording advise sink and row-set
// readers. Header-only; include it from *_test.cc files only.
#ifndef MAPI_EMU_STATUS_TABLE_TABLE_TEST_HELPERS_H_
#define MAPI_EMU_STATUS_TABLE_TABLE_TEST_HELPERS_H_

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/prop_array.h"
#include "mapi_emu/base/prop_util.h"
#include "mapidefs.h"
#include "mapitags.h"

namespace mapi_emu::table_testing {

inline SPropValue LongValue(ULONG tag, LONG v) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.l = v;
  return p;
}
inline SPropValue StringValue(ULONG tag, const char* s) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.lpszA = const_cast<char*>(s);
  return p;
}
inline SPropValue UnicodeValue(ULONG tag, const wchar_t* s) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.lpszW = const_cast<wchar_t*>(s);
  return p;
}
inline SPropValue BinaryValue(ULONG tag, const std::vector<BYTE>& bytes) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.bin.cb = static_cast<ULONG>(bytes.size());
  p.Value.bin.lpb = const_cast<BYTE*>(bytes.data());
  return p;
}
inline PropArray Row(std::initializer_list<SPropValue> values) {
  return PropArray::Copy(values.begin(), static_cast<ULONG>(values.size()));
}

// The columns of the tests' tables: the index, a name and a status code.
inline constexpr ULONG kId = PR_ROWID;
inline constexpr ULONG kName = PR_DISPLAY_NAME_A;
inline constexpr ULONG kCode = PR_STATUS_CODE;

// A row of the tests' tables: kId and kName, and kCode when `code` is given.
inline PropArray Entry(LONG id, const char* name, std::optional<LONG> code = {}) {
  if (!code.has_value()) return Row({LongValue(kId, id), StringValue(kName, name)});
  return Row({LongValue(kId, id), StringValue(kName, name), LongValue(kCode, *code)});
}

// Owns a row set from QueryRows / HrQueryAllRows and frees it with FreeProws'
// logic on the process allocator.
struct RowSetDeleter {
  void operator()(SRowSet* rows) const {
    FreeRows(rows, ProcessBufferAllocator());
  }
};
using RowSetPtr = std::unique_ptr<SRowSet, RowSetDeleter>;

// The PT_LONG values of `tag` in each row (-1 where the row lacks it).
inline std::vector<LONG> LongColumn(const SRowSet* rows, ULONG tag) {
  std::vector<LONG> out;
  for (ULONG i = 0; rows != nullptr && i < rows->cRows; ++i) {
    const SPropValue* v =
        FindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, tag);
    out.push_back(v == nullptr ? -1 : v->Value.l);
  }
  return out;
}

// Reads up to `count` rows from the cursor (advancing it) and returns the
// PT_LONG values of `tag`.
inline std::vector<LONG> ReadLongs(IMAPITable* table, ULONG tag,
                                   LONG count = 1000) {
  SRowSet* raw = nullptr;
  const HRESULT hr = table->QueryRows(count, 0, &raw);
  EXPECT_EQ(hr, S_OK);
  RowSetPtr rows(raw);
  return LongColumn(rows.get(), tag);
}

// An IMAPIAdviseSink that records every table notification it receives.
class RecordingSink final : public ComObject<IMAPIAdviseSink> {
 public:
  struct Event {
    ULONG table_event = 0;
    SPropValue index{};  // tag, and value for PT_LONG indexes
    SPropValue prior{};
    PropArray row;       // deep copy of tab.row
  };

  RecordingSink() : ComObject(nullptr, "RecordingSink") {}

  STDMETHODIMP_(ULONG) OnNotify(ULONG cNotif, LPNOTIFICATION notifications) override {
    for (ULONG i = 0; i < cNotif; ++i) {
      const NOTIFICATION& n = notifications[i];
      Event e;
      e.table_event = n.ulEventType == fnevTableModified ? n.info.tab.ulTableEvent : 0;
      e.index = n.info.tab.propIndex;
      e.prior = n.info.tab.propPrior;
      e.row = PropArray::Copy(n.info.tab.row.lpProps, n.info.tab.row.cValues);
      if (n.info.tab.row.cValues == 0) row_null_ &= n.info.tab.row.lpProps == nullptr;
      {
        absl::MutexLock lock(&mu_);
        events_.push_back(e);
      }
      if (callback_) callback_(n);
    }
    return 0;
  }

  std::vector<Event> events() const {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  void clear() {
    absl::MutexLock lock(&mu_);
    events_.clear();
  }
  // Called after recording, from inside OnNotify.
  void set_callback(std::function<void(const NOTIFICATION&)> callback) {
    callback_ = std::move(callback);
  }
  // False if an event without row values had a non-NULL lpProps.
  bool row_null() const { return row_null_; }

 private:
  mutable absl::Mutex mu_;
  std::vector<Event> events_ ABSL_GUARDED_BY(mu_);
  std::function<void(const NOTIFICATION&)> callback_;
  bool row_null_ = true;
};

}  // namespace mapi_emu::table_testing

#endif  // MAPI_EMU_STATUS_TABLE_TABLE_TEST_HELPERS_H_
