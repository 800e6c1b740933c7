// CreateTable, ITableData and HrQueryAllRows as a provider uses them: only
// through the C functions libmapi_emu exports and the SDK interfaces, with
// MAPI's own allocators, and every row set freed with FreeProws.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapiemu.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"

namespace {

using mapi_emu::ComObject;
using mapi_emu::ComPtr;
using mapi_emu::HrIs;
using mapi_emu::IsOk;
using mapi_emu::MakeComObject;
using ::testing::ElementsAre;

constexpr ULONG kId = PR_ROWID;
constexpr ULONG kName = PR_DISPLAY_NAME_A;
constexpr ULONG kCode = PR_STATUS_CODE;

// Owns a row set and frees it the way a client must: FreeProws.
struct RowsDeleter {
  void operator()(SRowSet* rows) const { FreeProws(rows); }
};
using Rows = std::unique_ptr<SRowSet, RowsDeleter>;
struct BufferDeleter {
  void operator()(void* p) const { MAPIFreeBuffer(p); }
};

std::vector<LONG> Ids(const SRowSet* rows) {
  std::vector<LONG> ids;
  for (ULONG i = 0; rows != nullptr && i < rows->cRows; ++i) {
    LPSPropValue v = PpropFindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, kId);
    ids.push_back(v == nullptr ? -1 : v->Value.l);
  }
  return ids;
}

// One row: PR_ROWID, PR_DISPLAY_NAME_A and (if code >= 0) PR_STATUS_CODE.
class TestRow {
 public:
  TestRow(LONG id, std::string name, LONG code = -1) : name_(std::move(name)) {
    values_[0].ulPropTag = kId;
    values_[0].Value.l = id;
    values_[1].ulPropTag = kName;
    values_[1].Value.lpszA = name_.data();
    values_[2].ulPropTag = kCode;
    values_[2].Value.l = code;
    row_.cValues = code >= 0 ? 3 : 2;
    row_.lpProps = values_;
  }
  TestRow(const TestRow&) = delete;
  LPSRow get() { return &row_; }
  const SRow& row() const { return row_; }

 private:
  std::string name_;
  SPropValue values_[3] = {};
  SRow row_ = {};
};

class RecordingSink final : public ComObject<IMAPIAdviseSink> {
 public:
  STDMETHODIMP_(ULONG) OnNotify(ULONG cNotif, LPNOTIFICATION notifications) override {
    for (ULONG i = 0; i < cNotif; ++i) {
      events.push_back(notifications[i].info.tab.ulTableEvent);
      indexes.push_back(notifications[i].info.tab.propIndex.ulPropTag == kId
                            ? notifications[i].info.tab.propIndex.Value.l
                            : -1);
    }
    return 0;
  }
  std::vector<ULONG> events;
  std::vector<LONG> indexes;
};

struct ReleaseRecord {
  int calls = 0;
  LPTABLEDATA table = nullptr;
  LPMAPITABLE view = nullptr;
};

void STDAPICALLTYPE RecordRelease(ULONG_PTR data, LPTABLEDATA table, LPMAPITABLE view) {
  auto* record = reinterpret_cast<ReleaseRecord*>(data);
  ++record->calls;
  record->table = table;
  record->view = view;
}

class TableExportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SizedSPropTagArray(2, columns) = {2, {kId, kName}};
    ASSERT_THAT(CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer,
                            MAPIAllocateMore, MAPIFreeBuffer, nullptr,
                            TBLTYPE_DYNAMIC, kId,
                            reinterpret_cast<LPSPropTagArray>(&columns),
                            table_.Put()),
                IsOk());
    ASSERT_TRUE(table_);
  }
  void AddRows() {
    TestRow rows[] = {{1, "Echo", 30}, {2, "alpha", 10}, {3, "Charlie", 30}};
    for (TestRow& row : rows) ASSERT_THAT(table_->HrModifyRow(row.get()), IsOk());
  }
  ComPtr<IMAPITable> View(LPSSortOrderSet sort = nullptr) {
    ComPtr<IMAPITable> view;
    EXPECT_THAT(table_->HrGetView(sort, nullptr, 0, view.Put()), IsOk());
    return view;
  }
  static std::vector<LONG> ReadAll(IMAPITable* view) {
    EXPECT_THAT(view->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), IsOk());
    SRowSet* raw = nullptr;
    EXPECT_THAT(view->QueryRows(100, 0, &raw), IsOk());
    Rows rows(raw);
    return Ids(rows.get());
  }

  ComPtr<ITableData> table_;
};

TEST_F(TableExportsTest, CreateTableArguments) {
  SizedSPropTagArray(1, columns) = {1, {kId}};
  auto* cols = reinterpret_cast<LPSPropTagArray>(&columns);
  LPTABLEDATA out = nullptr;
  EXPECT_THAT(CreateTable(nullptr, MAPIAllocateBuffer, MAPIAllocateMore,
                          MAPIFreeBuffer, nullptr, TBLTYPE_SNAPSHOT, kId, cols, &out),
              IsOk());  // a NULL interface means IID_IMAPITableData
  ASSERT_NE(out, nullptr);
  ComPtr<ITableData> adopted = ComPtr<ITableData>::Adopt(out);
  ComPtr<ITableData> again;
  EXPECT_THAT(adopted.As(&again), IsOk());

  out = nullptr;
  EXPECT_THAT(CreateTable(&IID_IMAPITable, MAPIAllocateBuffer, MAPIAllocateMore,
                          MAPIFreeBuffer, nullptr, TBLTYPE_DYNAMIC, kId, cols, &out),
              HrIs(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_THAT(CreateTable(nullptr, nullptr, MAPIAllocateMore, MAPIFreeBuffer,
                          nullptr, TBLTYPE_DYNAMIC, kId, cols, &out),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CreateTable(nullptr, MAPIAllocateBuffer, MAPIAllocateMore,
                          MAPIFreeBuffer, nullptr, 7, kId, cols, &out),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CreateTable(nullptr, MAPIAllocateBuffer, MAPIAllocateMore,
                          MAPIFreeBuffer, nullptr, TBLTYPE_DYNAMIC, kId, nullptr, &out),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CreateTable(nullptr, MAPIAllocateBuffer, MAPIAllocateMore,
                          MAPIFreeBuffer, nullptr, TBLTYPE_DYNAMIC, kId, cols, nullptr),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);
}

TEST_F(TableExportsTest, ViewsSeeRowsWithTheDefaultColumns) {
  AddRows();
  ComPtr<IMAPITable> view = View();
  SRowSet* raw = nullptr;
  ASSERT_THAT(view->QueryRows(10, 0, &raw), IsOk());
  Rows rows(raw);
  ASSERT_EQ(rows->cRows, 3u);
  // CreateTable's columns, then PR_STATUS_CODE, which the rows brought.
  ASSERT_EQ(rows->aRow[1].cValues, 3u);
  EXPECT_EQ(rows->aRow[1].lpProps[0].Value.l, 2);
  EXPECT_STREQ(rows->aRow[1].lpProps[1].Value.lpszA, "alpha");
  EXPECT_EQ(rows->aRow[1].lpProps[2].ulPropTag, kCode);
  EXPECT_EQ(rows->aRow[1].lpProps[2].Value.l, 10);
  ULONG status = 0, type = 0;
  ASSERT_THAT(view->GetStatus(&status, &type), IsOk());
  EXPECT_EQ(type, TBLTYPE_DYNAMIC);
}

TEST_F(TableExportsTest, NewColumnsJoinTheDefaultSetOfLaterViewsOnly) {
  ComPtr<IMAPITable> before = View();
  AddRows();  // rows 1 and 3 bring PR_STATUS_CODE
  ComPtr<IMAPITable> after = View();
  LPSPropTagArray raw = nullptr;
  ASSERT_THAT(before->QueryColumns(0, &raw), IsOk());
  std::unique_ptr<SPropTagArray, BufferDeleter> old_columns(raw);
  EXPECT_EQ(old_columns->cValues, 2u);
  ASSERT_THAT(after->QueryColumns(0, &raw), IsOk());
  std::unique_ptr<SPropTagArray, BufferDeleter> new_columns(raw);
  EXPECT_THAT(std::vector<ULONG>(new_columns->aulPropTag,
                                 new_columns->aulPropTag + new_columns->cValues),
              ElementsAre(kId, kName, kCode));
  ASSERT_THAT(before->QueryColumns(TBL_ALL_COLUMNS, &raw), IsOk());
  std::unique_ptr<SPropTagArray, BufferDeleter> all(raw);
  EXPECT_EQ(all->cValues, 3u);
}

TEST_F(TableExportsTest, HrGetViewSortsAndCallsCallerReleaseOnRelease) {
  AddRows();
  SizedSSortOrderSet(1, sort) = {1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ReleaseRecord record;
  ComPtr<IMAPITable> view;
  ASSERT_THAT(table_->HrGetView(reinterpret_cast<LPSSortOrderSet>(&sort),
                                RecordRelease, reinterpret_cast<ULONG_PTR>(&record),
                                view.Put()),
              IsOk());
  EXPECT_THAT(ReadAll(view.get()), ElementsAre(2, 3, 1));
  LPMAPITABLE raw_view = view.get();
  view.Reset();
  EXPECT_EQ(record.calls, 1);
  EXPECT_EQ(record.table, table_.get());
  EXPECT_EQ(record.view, raw_view);

  SizedSSortOrderSet(1, categorized) = {1, 1, 0, {{kName, TABLE_SORT_ASCEND}}};
  ReleaseRecord unused;
  EXPECT_THAT(table_->HrGetView(reinterpret_cast<LPSSortOrderSet>(&categorized),
                                RecordRelease, reinterpret_cast<ULONG_PTR>(&unused),
                                view.Put()),
              HrIs(MAPI_E_TOO_COMPLEX));
  EXPECT_FALSE(view);
  EXPECT_EQ(unused.calls, 0);  // no view was handed out
  EXPECT_THAT(table_->HrGetView(nullptr, nullptr, 0, nullptr),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(TableExportsTest, ViewKeepsTheTableDataObjectAlive) {
  AddRows();
  ReleaseRecord record;
  ComPtr<IMAPITable> view;
  ASSERT_THAT(table_->HrGetView(nullptr, RecordRelease,
                                reinterpret_cast<ULONG_PTR>(&record), view.Put()),
              IsOk());
  table_.Reset();
  EXPECT_THAT(ReadAll(view.get()), ElementsAre(1, 2, 3));
  view.Reset();
  EXPECT_EQ(record.calls, 1);
}

TEST_F(TableExportsTest, HrModifyRowReplacesAndRejectsRowsWithoutIndex) {
  AddRows();
  TestRow renamed(2, "ALPHA");
  ASSERT_THAT(table_->HrModifyRow(renamed.get()), IsOk());
  SPropValue two{};
  two.ulPropTag = kId;
  two.Value.l = 2;
  LPSRow row = nullptr;
  ULONG number = 99;
  ASSERT_THAT(table_->HrQueryRow(&two, &row, &number), IsOk());
  std::unique_ptr<SRow, BufferDeleter> owned(row);  // one MAPIFreeBuffer frees it all
  EXPECT_EQ(number, 1u);
  ASSERT_EQ(row->cValues, 2u);
  EXPECT_STREQ(row->lpProps[1].Value.lpszA, "ALPHA");

  SPropValue name_only{};
  name_only.ulPropTag = kName;
  name_only.Value.lpszA = const_cast<char*>("no index");
  SRow bad = {0, 1, &name_only};
  EXPECT_THAT(table_->HrModifyRow(&bad), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(table_->HrModifyRow(nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(table_->HrQueryRow(&name_only, &row, nullptr),
              HrIs(MAPI_E_INVALID_PARAMETER));
  SPropValue nine = two;
  nine.Value.l = 9;
  EXPECT_THAT(table_->HrQueryRow(&nine, &row, nullptr), HrIs(MAPI_E_NOT_FOUND));
}

TEST_F(TableExportsTest, HrEnumRowAndHrInsertRowFollowRowNumbers) {
  AddRows();
  TestRow inserted(4, "Bravo");
  ASSERT_THAT(table_->HrInsertRow(1, inserted.get()), IsOk());
  std::vector<LONG> ids;
  for (ULONG n = 0;; ++n) {
    LPSRow row = reinterpret_cast<LPSRow>(0x1);
    ASSERT_THAT(table_->HrEnumRow(n, &row), IsOk());
    if (row == nullptr) break;  // past the last row: S_OK and NULL
    ids.push_back(PpropFindProp(row->lpProps, row->cValues, kId)->Value.l);
    MAPIFreeBuffer(row);
  }
  EXPECT_THAT(ids, ElementsAre(1, 4, 2, 3));
  EXPECT_THAT(ReadAll(View().get()), ElementsAre(1, 4, 2, 3));
  EXPECT_THAT(table_->HrInsertRow(0, inserted.get()), HrIs(MAPI_E_INVALID_PARAMETER));
  TestRow beyond(5, "beyond");
  EXPECT_THAT(table_->HrInsertRow(9, beyond.get()), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(table_->HrEnumRow(0, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(TableExportsTest, NotificationsFromEveryITableDataChange) {
  AddRows();
  ComPtr<IMAPITable> view = View();
  auto sink = MakeComObject<RecordingSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(view->Advise(fnevTableModified, sink.get(), &connection), IsOk());

  TestRow four(4, "Delta");
  ASSERT_THAT(table_->HrModifyRow(four.get()), IsOk());
  SPropValue one{};
  one.ulPropTag = kId;
  one.Value.l = 1;
  ASSERT_THAT(table_->HrNotify(0, 1, &one), IsOk());
  ASSERT_THAT(table_->HrDeleteRow(&one), IsOk());
  EXPECT_THAT(table_->HrDeleteRow(&one), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_THAT(sink->events, ElementsAre(TABLE_ROW_ADDED, TABLE_ROW_MODIFIED,
                                        TABLE_ROW_DELETED));
  EXPECT_THAT(sink->indexes, ElementsAre(4, 1, 1));
  EXPECT_THAT(table_->HrNotify(1, 1, &one), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(table_->HrNotify(0, 1, &one), HrIs(MAPI_E_NOT_FOUND));
  ASSERT_THAT(view->Unadvise(connection), IsOk());
}

TEST_F(TableExportsTest, EachDeliveredNotificationIsInTheTrace) {
  AddRows();
  ComPtr<IMAPITable> view = View();
  auto sink = MakeComObject<RecordingSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(view->Advise(fnevTableModified, sink.get(), &connection), IsOk());
  std::ostringstream trace;
  ASSERT_EQ(MAPIEmuTraceToStream(&trace, MAPIEMU_TRACE_DETERMINISTIC), S_OK);
  TestRow four(4, "Delta");
  ASSERT_THAT(table_->HrModifyRow(four.get()), IsOk());
  SPropValue one{};
  one.ulPropTag = kId;
  one.Value.l = 1;
  ASSERT_THAT(table_->HrDeleteRow(&one), IsOk());
  ASSERT_EQ(MAPIEmuTraceStop(), S_OK);
  ASSERT_THAT(view->Unadvise(connection), IsOk());
  // A mapi>client call and its return per delivery, named, never a pointer.
  EXPECT_EQ(trace.str().substr(trace.str().find('\n') + 1),
            R"({"seq":1,"thread":"client","ev":"call","side":"mapi>client","iface":"IMAPIAdviseSink","method":"OnNotify","obj":"AdviseSink#1","args":{"event":"TABLE_ROW_ADDED","table":"MAPITable#1","values":3}})"
            "\n"
            R"({"seq":2,"thread":"client","ev":"return","side":"mapi>client","iface":"IMAPIAdviseSink","method":"OnNotify","obj":"AdviseSink#1","call":1,"result":0})"
            "\n"
            R"({"seq":3,"thread":"client","ev":"call","side":"mapi>client","iface":"IMAPIAdviseSink","method":"OnNotify","obj":"AdviseSink#1","args":{"event":"TABLE_ROW_DELETED","table":"MAPITable#1","values":0}})"
            "\n"
            R"({"seq":4,"thread":"client","ev":"return","side":"mapi>client","iface":"IMAPIAdviseSink","method":"OnNotify","obj":"AdviseSink#1","call":3,"result":0})"
            "\n");
}

TEST_F(TableExportsTest, HrModifyRowsNotifiesPerRowUpToEightThenTableChanged) {
  ComPtr<IMAPITable> view = View();
  auto sink = MakeComObject<RecordingSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(view->Advise(fnevTableModified, sink.get(), &connection), IsOk());

  std::vector<std::unique_ptr<TestRow>> rows;
  for (LONG id = 1; id <= 9; ++id) {
    rows.push_back(std::make_unique<TestRow>(id, "row " + std::to_string(id)));
  }
  SizedSRowSet(9, set) = {};
  for (ULONG i = 0; i < 9; ++i) set.aRow[i] = rows[i]->row();
  set.cRows = 8;
  ASSERT_THAT(table_->HrModifyRows(0, reinterpret_cast<LPSRowSet>(&set)), IsOk());
  EXPECT_EQ(sink->events.size(), 8u);
  sink->events.clear();
  set.cRows = 9;
  ASSERT_THAT(table_->HrModifyRows(0, reinterpret_cast<LPSRowSet>(&set)), IsOk());
  EXPECT_THAT(sink->events, ElementsAre(TABLE_CHANGED));

  // A row without the index column: error, and no row changes.
  SPropValue name_only{};
  name_only.ulPropTag = kName;
  name_only.Value.lpszA = const_cast<char*>("orphan");
  TestRow ten(10, "ten");
  SizedSRowSet(2, mixed) = {2, {ten.row(), {0, 1, &name_only}}};
  EXPECT_THAT(table_->HrModifyRows(0, reinterpret_cast<LPSRowSet>(&mixed)),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(ReadAll(view.get()).size(), 9u);
  EXPECT_THAT(table_->HrModifyRows(1, reinterpret_cast<LPSRowSet>(&set)),
              HrIs(MAPI_E_UNKNOWN_FLAGS));
  ASSERT_THAT(view->Unadvise(connection), IsOk());
}

TEST_F(TableExportsTest, HrDeleteRowsCountsAndAllRowsReloads) {
  AddRows();
  ComPtr<IMAPITable> view = View();
  auto sink = MakeComObject<RecordingSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(view->Advise(fnevTableModified, sink.get(), &connection), IsOk());
  TestRow one(1, "x"), nine(9, "absent");
  SizedSRowSet(2, doomed) = {2, {one.row(), nine.row()}};
  ULONG deleted = 99;
  ASSERT_THAT(table_->HrDeleteRows(0, reinterpret_cast<LPSRowSet>(&doomed), &deleted),
              IsOk());  // a row that is not there is no error
  EXPECT_EQ(deleted, 1u);
  ASSERT_THAT(table_->HrDeleteRows(TAD_ALL_ROWS, nullptr, &deleted), IsOk());
  EXPECT_EQ(deleted, 2u);
  EXPECT_THAT(sink->events, ElementsAre(TABLE_ROW_DELETED, TABLE_RELOAD));
  EXPECT_TRUE(ReadAll(view.get()).empty());
  EXPECT_THAT(table_->HrDeleteRows(0, nullptr, &deleted), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(table_->HrDeleteRows(0x10, nullptr, &deleted), HrIs(MAPI_E_UNKNOWN_FLAGS));
  ASSERT_THAT(view->Unadvise(connection), IsOk());
}

TEST_F(TableExportsTest, TableTypeIsReportedByViews) {
  SizedSPropTagArray(1, columns) = {1, {kId}};
  ComPtr<ITableData> snapshot;
  ASSERT_THAT(CreateTable(nullptr, MAPIAllocateBuffer, MAPIAllocateMore,
                          MAPIFreeBuffer, nullptr, TBLTYPE_SNAPSHOT, kId,
                          reinterpret_cast<LPSPropTagArray>(&columns), snapshot.Put()),
              IsOk());
  ComPtr<IMAPITable> view;
  ASSERT_THAT(snapshot->HrGetView(nullptr, nullptr, 0, view.Put()), IsOk());
  ULONG status = 99, type = 99;
  ASSERT_THAT(view->GetStatus(&status, &type), IsOk());
  EXPECT_EQ(status, TBLSTAT_COMPLETE);
  EXPECT_EQ(type, TBLTYPE_SNAPSHOT);
}

TEST_F(TableExportsTest, HrQueryAllRowsAppliesColumnsRestrictionAndSort) {
  AddRows();
  TestRow four(4, "Bravo", 30);
  ASSERT_THAT(table_->HrModifyRow(four.get()), IsOk());
  ComPtr<IMAPITable> view = View();
  SizedSPropTagArray(2, columns) = {2, {kName, kId}};
  SPropValue thirty{};
  thirty.ulPropTag = kCode;
  thirty.Value.l = 30;
  SRestriction res{};
  res.rt = RES_PROPERTY;
  res.res.resProperty.relop = RELOP_EQ;
  res.res.resProperty.ulPropTag = kCode;
  res.res.resProperty.lpProp = &thirty;
  SizedSSortOrderSet(1, sort) = {1, 0, 0, {{kName, TABLE_SORT_DESCEND}}};
  ASSERT_THAT(view->SeekRow(BOOKMARK_END, 0, nullptr), IsOk());  // HrQueryAllRows rewinds
  SRowSet* raw = nullptr;
  ASSERT_THAT(HrQueryAllRows(view.get(), reinterpret_cast<LPSPropTagArray>(&columns),
                             &res, reinterpret_cast<LPSSortOrderSet>(&sort), 0, &raw),
              IsOk());
  Rows rows(raw);
  EXPECT_THAT(Ids(rows.get()), ElementsAre(1, 3, 4));  // Echo, Charlie, Bravo
  ASSERT_EQ(rows->aRow[0].cValues, 2u);
  EXPECT_EQ(rows->aRow[0].lpProps[0].ulPropTag, kName);
}

TEST_F(TableExportsTest, HrQueryAllRowsReadsTablesLargerThanOneChunk) {
  std::vector<std::unique_ptr<TestRow>> rows;
  for (LONG id = 0; id < 700; ++id) {
    rows.push_back(std::make_unique<TestRow>(id, "r"));
  }
  SizedSRowSet(700, set) = {};
  set.cRows = 700;
  for (ULONG i = 0; i < 700; ++i) set.aRow[i] = rows[i]->row();
  ASSERT_THAT(table_->HrModifyRows(0, reinterpret_cast<LPSRowSet>(&set)), IsOk());
  ComPtr<IMAPITable> view = View();
  SRowSet* raw = nullptr;
  ASSERT_THAT(HrQueryAllRows(view.get(), nullptr, nullptr, nullptr, 0, &raw), IsOk());
  Rows all(raw);
  ASSERT_EQ(all->cRows, 700u);
  EXPECT_EQ(Ids(all.get())[699], 699);

  raw = reinterpret_cast<SRowSet*>(0x1);
  EXPECT_THAT(HrQueryAllRows(view.get(), nullptr, nullptr, nullptr, 699, &raw),
              HrIs(MAPI_E_TABLE_TOO_BIG));
  EXPECT_EQ(raw, reinterpret_cast<SRowSet*>(0x1));  // untouched on failure
  ASSERT_THAT(HrQueryAllRows(view.get(), nullptr, nullptr, nullptr, 700, &raw), IsOk());
  Rows exact(raw);
  EXPECT_EQ(exact->cRows, 700u);
}

TEST_F(TableExportsTest, HrQueryAllRowsOnAnEmptyTableAndBadArguments) {
  ComPtr<IMAPITable> view = View();
  SRowSet* raw = nullptr;
  ASSERT_THAT(HrQueryAllRows(view.get(), nullptr, nullptr, nullptr, 0, &raw), IsOk());
  Rows rows(raw);
  ASSERT_NE(rows, nullptr);
  EXPECT_EQ(rows->cRows, 0u);
  EXPECT_THAT(HrQueryAllRows(nullptr, nullptr, nullptr, nullptr, 0, &raw),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(HrQueryAllRows(view.get(), nullptr, nullptr, nullptr, 0, nullptr),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(HrQueryAllRows(view.get(), nullptr, nullptr, nullptr, -1, &raw),
              HrIs(MAPI_E_INVALID_PARAMETER));
  SRestriction count{};
  count.rt = RES_COUNT;
  EXPECT_THAT(HrQueryAllRows(view.get(), nullptr, &count, nullptr, 0, &raw),
              HrIs(MAPI_E_TOO_COMPLEX));  // the table's error, passed through
}

}  // namespace
