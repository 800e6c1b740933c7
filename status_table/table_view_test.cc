// IMAPITable conformance, as a provider developer reads the reference: every
// test drives a view only through IMAPITable (and the rows through
// TableData, which is what MAPI's own tables and ITableData do).
#include "status_table/table_view.h"

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapitags.h"
#include "status_table/table_data.h"
#include "status_table/table_test_helpers.h"

namespace mapi_emu {
namespace {

using table_testing::Entry;
using table_testing::kCode;
using table_testing::kId;  // the index column
using table_testing::kName;
using table_testing::LongColumn;
using table_testing::LongValue;
using table_testing::ReadLongs;
using table_testing::RecordingSink;
using table_testing::Row;
using table_testing::RowSetPtr;
using table_testing::StringValue;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr ULONG kType = PR_RESOURCE_TYPE;

SPropValue IdValue(LONG id) { return LongValue(kId, id); }

template <size_t N>
struct Tags {
  ULONG cValues = N;
  ULONG aulPropTag[N];
  LPSPropTagArray get() { return reinterpret_cast<LPSPropTagArray>(this); }
};

template <size_t N>
struct Sorts {
  ULONG cSorts = N;
  ULONG cCategories = 0;
  ULONG cExpanded = 0;
  SSortOrder aSort[N];
  LPSSortOrderSet get() { return reinterpret_cast<LPSSortOrderSet>(this); }
};

SRestriction PropertyRes(ULONG relop, SPropValue* value) {
  SRestriction r{};
  r.rt = RES_PROPERTY;
  r.res.resProperty.relop = relop;
  r.res.resProperty.ulPropTag = value->ulPropTag;
  r.res.resProperty.lpProp = value;
  return r;
}

class TableViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = TableData::Create(kId, {kId, kName, kCode});
    ASSERT_THAT(data_->ModifyRow(Entry(1, "Echo", 30)), IsOk());
    ASSERT_THAT(data_->ModifyRow(Entry(2, "alpha", 10)), IsOk());
    ASSERT_THAT(data_->ModifyRow(Entry(3, "Charlie", 30)), IsOk());
    ASSERT_THAT(data_->ModifyRow(Entry(4, "bravo", 20)), IsOk());
    ASSERT_THAT(data_->ModifyRow(Entry(5, "Delta")), IsOk());
    view_ = data_->CreateView();
    ASSERT_TRUE(view_);
  }

  std::vector<LONG> AllIds() {
    EXPECT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), IsOk());
    return ReadLongs(view_.get(), kId);
  }
  ULONG Position() {
    ULONG row = 0, num = 0, den = 0;
    EXPECT_THAT(view_->QueryPosition(&row, &num, &den), IsOk());
    return row;
  }
  ULONG_PTR Advise(IMAPITable* table, RecordingSink* sink) {
    ULONG_PTR connection = 0;
    EXPECT_THAT(table->Advise(fnevTableModified, sink, &connection), IsOk());
    return connection;
  }

  std::shared_ptr<TableData> data_;
  ComPtr<IMAPITable> view_;
};

// ---- Columns -----------------------------------------------------------------

TEST_F(TableViewTest, NewViewHasDefaultColumnsAndAllRowsInTableOrder) {
  LPSPropTagArray columns = nullptr;
  ASSERT_THAT(view_->QueryColumns(0, &columns), IsOk());
  EXPECT_THAT(std::vector<ULONG>(columns->aulPropTag,
                                 columns->aulPropTag + columns->cValues),
              ElementsAre(kId, kName, kCode));
  ProcessBufferAllocator().Free(columns);
  EXPECT_THAT(AllIds(), ElementsAre(1, 2, 3, 4, 5));
}

TEST_F(TableViewTest, SetColumnsThenQueryRowsReturnsExactlyThoseColumns) {
  Tags<4> tags{4, {kName, kType, PR_NULL, kId}};
  ASSERT_THAT(view_->SetColumns(tags.get(), 0), IsOk());
  SRowSet* raw = nullptr;
  ASSERT_THAT(view_->QueryRows(1, 0, &raw), IsOk());
  RowSetPtr rows(raw);
  ASSERT_EQ(rows->cRows, 1u);
  const SRow& row = rows->aRow[0];
  ASSERT_EQ(row.cValues, 4u);
  EXPECT_EQ(row.lpProps[0].ulPropTag, kName);
  EXPECT_STREQ(row.lpProps[0].Value.lpszA, "Echo");
  EXPECT_EQ(row.lpProps[1].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(kType)));
  EXPECT_THAT(row.lpProps[1].Value.err, HrIs(MAPI_E_NOT_FOUND));
  EXPECT_EQ(row.lpProps[2].ulPropTag, PR_NULL);
  EXPECT_EQ(row.lpProps[3].ulPropTag, kId);
  EXPECT_EQ(row.lpProps[3].Value.l, 1);

  LPSPropTagArray current = nullptr;
  ASSERT_THAT(view_->QueryColumns(0, &current), IsOk());
  EXPECT_THAT(std::vector<ULONG>(current->aulPropTag,
                                 current->aulPropTag + current->cValues),
              ElementsAre(kName, kType, PR_NULL, kId));
  ProcessBufferAllocator().Free(current);
}

TEST_F(TableViewTest, QueryColumnsAllColumnsIsTheUnionOfTheData) {
  ASSERT_THAT(data_->ModifyRow(Row({LongValue(kId, 9), LongValue(kType, 36)})),
              IsOk());
  LPSPropTagArray all = nullptr;
  ASSERT_THAT(view_->QueryColumns(TBL_ALL_COLUMNS, &all), IsOk());
  EXPECT_THAT(std::vector<ULONG>(all->aulPropTag, all->aulPropTag + all->cValues),
              ElementsAre(kId, kName, kCode, kType));
  ProcessBufferAllocator().Free(all);
  // Deleting the only row with kType does not shrink it.
  SPropValue nine = IdValue(9);
  ASSERT_THAT(data_->DeleteRow(nine), IsOk());
  ASSERT_THAT(view_->QueryColumns(TBL_ALL_COLUMNS, &all), IsOk());
  EXPECT_EQ(all->cValues, 4u);
  ProcessBufferAllocator().Free(all);
}

TEST_F(TableViewTest, ColumnArgumentErrors) {
  Tags<1> one{1, {kId}};
  Tags<1> none{0, {0}};
  Tags<1> mvi{1, {MVI_PROP(PROP_TAG(PT_MV_STRING8, 0x6700))}};
  EXPECT_THAT(view_->SetColumns(nullptr, 0), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->SetColumns(none.get(), 0), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->SetColumns(one.get(), 0x100), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(view_->SetColumns(one.get(), TBL_BATCH | TBL_ASYNC), IsOk());
  EXPECT_THAT(view_->SetColumns(mvi.get(), 0), HrIs(MAPI_E_TOO_COMPLEX));
  EXPECT_THAT(view_->QueryColumns(0, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  LPSPropTagArray cols = nullptr;
  EXPECT_THAT(view_->QueryColumns(0x10, &cols), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(cols, nullptr);
}

// ---- Rows, cursor, seeking -------------------------------------------------------

TEST_F(TableViewTest, GetRowCount) {
  ULONG count = 0;
  ASSERT_THAT(view_->GetRowCount(0, &count), IsOk());
  EXPECT_EQ(count, 5u);
  EXPECT_THAT(view_->GetRowCount(1, &count), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(view_->GetRowCount(0, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  SPropValue ten = LongValue(kCode, 10);
  SRestriction res = PropertyRes(RELOP_GT, &ten);
  ASSERT_THAT(view_->Restrict(&res, 0), IsOk());
  ASSERT_THAT(view_->GetRowCount(0, &count), IsOk());
  EXPECT_EQ(count, 3u);
}

TEST_F(TableViewTest, QueryRowsAdvancesTheCursorUntilTheEnd) {
  EXPECT_THAT(ReadLongs(view_.get(), kId, 2), ElementsAre(1, 2));
  EXPECT_EQ(Position(), 2u);
  EXPECT_THAT(ReadLongs(view_.get(), kId, 2), ElementsAre(3, 4));
  EXPECT_THAT(ReadLongs(view_.get(), kId, 50), ElementsAre(5));
  SRowSet* raw = nullptr;
  ASSERT_THAT(view_->QueryRows(1, 0, &raw), IsOk());
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->cRows, 0u);  // at the end: an empty set, still to be freed
  RowSetPtr rows(raw);
}

TEST_F(TableViewTest, QueryRowsNoAdvanceLeavesTheCursor) {
  SRowSet* raw = nullptr;
  ASSERT_THAT(view_->QueryRows(2, TBL_NOADVANCE, &raw), IsOk());
  RowSetPtr first(raw);
  ASSERT_THAT(view_->QueryRows(2, TBL_NOADVANCE, &raw), IsOk());
  RowSetPtr second(raw);
  EXPECT_THAT(LongColumn(first.get(), kId), ElementsAre(1, 2));
  EXPECT_THAT(LongColumn(second.get(), kId), ElementsAre(1, 2));
  EXPECT_EQ(Position(), 0u);
}

TEST_F(TableViewTest, QueryRowsNegativeReadsBackward) {
  ASSERT_THAT(view_->SeekRow(BOOKMARK_END, 0, nullptr), IsOk());
  EXPECT_THAT(ReadLongs(view_.get(), kId, -2), ElementsAre(4, 5));
  EXPECT_EQ(Position(), 3u);
  EXPECT_THAT(ReadLongs(view_.get(), kId, -10), ElementsAre(1, 2, 3));
  EXPECT_EQ(Position(), 0u);
  EXPECT_THAT(ReadLongs(view_.get(), kId, -1), IsEmpty());
}

TEST_F(TableViewTest, QueryRowsArgumentErrors) {
  SRowSet* rows = nullptr;
  EXPECT_THAT(view_->QueryRows(0, 0, &rows), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->QueryRows(1, 0, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->QueryRows(1, 0x8, &rows), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(rows, nullptr);
}

TEST_F(TableViewTest, SeekRowCountsTheRowsSoughtAndStopsAtTheEnds) {
  LONG sought = 99;
  ASSERT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, 2, &sought), IsOk());
  EXPECT_EQ(sought, 2);
  EXPECT_EQ(Position(), 2u);
  ASSERT_THAT(view_->SeekRow(BOOKMARK_CURRENT, 10, &sought), IsOk());
  EXPECT_EQ(sought, 3);  // clamped at the end
  EXPECT_EQ(Position(), 5u);
  ASSERT_THAT(view_->SeekRow(BOOKMARK_END, -1, &sought), IsOk());
  EXPECT_EQ(sought, -1);
  EXPECT_THAT(ReadLongs(view_.get(), kId, 1), ElementsAre(5));
  ASSERT_THAT(view_->SeekRow(BOOKMARK_CURRENT, -100, &sought), IsOk());
  EXPECT_EQ(sought, -5);
  EXPECT_EQ(Position(), 0u);
  ASSERT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, -3, &sought), IsOk());
  EXPECT_EQ(sought, 0);
  ASSERT_THAT(view_->SeekRow(BOOKMARK_END, 1, &sought), IsOk());
  EXPECT_EQ(sought, 0);
  EXPECT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, 1, nullptr), IsOk());
  EXPECT_THAT(view_->SeekRow(12345, 0, &sought), HrIs(MAPI_E_INVALID_BOOKMARK));
}

TEST_F(TableViewTest, SeekRowApproxAndQueryPosition) {
  ASSERT_THAT(view_->SeekRowApprox(1, 2), IsOk());
  ULONG row = 0, num = 0, den = 0;
  ASSERT_THAT(view_->QueryPosition(&row, &num, &den), IsOk());
  EXPECT_EQ(row, 2u);
  EXPECT_EQ(num, 2u);
  EXPECT_EQ(den, 5u);
  ASSERT_THAT(view_->SeekRowApprox(7, 7), IsOk());
  ASSERT_THAT(view_->QueryPosition(&row, &num, &den), IsOk());
  EXPECT_EQ(row, 5u);
  EXPECT_EQ(num, den);
  ASSERT_THAT(view_->SeekRowApprox(0, 3), IsOk());
  EXPECT_EQ(Position(), 0u);
  EXPECT_THAT(view_->SeekRowApprox(1, 0), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->QueryPosition(nullptr, &num, &den),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(TableViewTest, QueryPositionOfAnEmptyTableHasANonZeroDenominator) {
  data_->DeleteAll();
  ULONG row = 9, num = 9, den = 0;
  ASSERT_THAT(view_->QueryPosition(&row, &num, &den), IsOk());
  EXPECT_EQ(row, 0u);
  EXPECT_EQ(num, 0u);
  EXPECT_NE(den, 0u);
}

// ---- Bookmarks ---------------------------------------------------------------------

TEST_F(TableViewTest, BookmarkReturnsToItsRow) {
  ASSERT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, 2, nullptr), IsOk());
  BOOKMARK bookmark = 0;
  ASSERT_THAT(view_->CreateBookmark(&bookmark), IsOk());
  EXPECT_GT(bookmark, BOOKMARK_END);
  ASSERT_THAT(view_->SeekRow(BOOKMARK_END, 0, nullptr), IsOk());
  LONG sought = 0;
  ASSERT_THAT(view_->SeekRow(bookmark, 1, &sought), IsOk());
  EXPECT_EQ(sought, 1);
  EXPECT_THAT(ReadLongs(view_.get(), kId, 1), ElementsAre(4));
  // Rows added before it do not move it off its row.
  ASSERT_THAT(data_->InsertRow(0, Entry(7, "Golf")), IsOk());
  ASSERT_THAT(view_->SeekRow(bookmark, 0, nullptr), IsOk());
  EXPECT_THAT(ReadLongs(view_.get(), kId, 1), ElementsAre(3));

  EXPECT_THAT(view_->FreeBookmark(bookmark), IsOk());
  EXPECT_THAT(view_->FreeBookmark(bookmark), HrIs(MAPI_E_INVALID_BOOKMARK));
  EXPECT_THAT(view_->SeekRow(bookmark, 0, nullptr), HrIs(MAPI_E_INVALID_BOOKMARK));
  EXPECT_THAT(view_->FreeBookmark(BOOKMARK_END), IsOk());
  EXPECT_THAT(view_->FreeBookmark(BOOKMARK_CURRENT), IsOk());
  EXPECT_THAT(view_->CreateBookmark(nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(TableViewTest, BookmarkOnADeletedRowMovesToTheNextRowOnce) {
  ASSERT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, 1, nullptr), IsOk());
  BOOKMARK bookmark = 0;
  ASSERT_THAT(view_->CreateBookmark(&bookmark), IsOk());  // on row 2
  SPropValue two = IdValue(2);
  ASSERT_THAT(data_->DeleteRow(two), IsOk());
  EXPECT_THAT(view_->SeekRow(bookmark, 0, nullptr), HrIs(MAPI_W_POSITION_CHANGED));
  EXPECT_THAT(ReadLongs(view_.get(), kId, 1), ElementsAre(3));
  EXPECT_THAT(view_->SeekRow(bookmark, 0, nullptr), HrIs(S_OK));
}

TEST_F(TableViewTest, RestrictAndSortTableDiscardBookmarks) {
  BOOKMARK a = 0, b = 0;
  ASSERT_THAT(view_->CreateBookmark(&a), IsOk());
  ASSERT_THAT(view_->Restrict(nullptr, 0), IsOk());
  EXPECT_THAT(view_->SeekRow(a, 0, nullptr), HrIs(MAPI_E_INVALID_BOOKMARK));
  ASSERT_THAT(view_->CreateBookmark(&b), IsOk());
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  EXPECT_THAT(view_->FreeBookmark(b), HrIs(MAPI_E_INVALID_BOOKMARK));
}

TEST_F(TableViewTest, TooManyBookmarksIsUnableToComplete) {
  BOOKMARK bookmark = 0;
  for (size_t i = 0; i < kMaxBookmarks; ++i) {
    ASSERT_THAT(view_->CreateBookmark(&bookmark), IsOk());
  }
  EXPECT_THAT(view_->CreateBookmark(&bookmark), HrIs(MAPI_E_UNABLE_TO_COMPLETE));
  ASSERT_THAT(view_->FreeBookmark(bookmark), IsOk());
  EXPECT_THAT(view_->CreateBookmark(&bookmark), IsOk());
}

// ---- FindRow -------------------------------------------------------------------------

TEST_F(TableViewTest, FindRowForwardMovesTheCursorToTheMatch) {
  SPropValue thirty = LongValue(kCode, 30);
  SRestriction res = PropertyRes(RELOP_EQ, &thirty);
  ASSERT_THAT(view_->FindRow(&res, BOOKMARK_BEGINNING, 0), IsOk());
  EXPECT_EQ(Position(), 0u);
  ASSERT_THAT(view_->SeekRow(BOOKMARK_CURRENT, 1, nullptr), IsOk());
  ASSERT_THAT(view_->FindRow(&res, BOOKMARK_CURRENT, 0), IsOk());
  EXPECT_THAT(ReadLongs(view_.get(), kId, 1), ElementsAre(3));
  EXPECT_THAT(view_->FindRow(&res, BOOKMARK_CURRENT, 0), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Position(), 3u);  // unchanged by a failed search
  EXPECT_THAT(view_->FindRow(&res, BOOKMARK_END, 0), HrIs(MAPI_E_NOT_FOUND));
}

TEST_F(TableViewTest, FindRowBackwardStartsBeforeTheOrigin) {
  SPropValue thirty = LongValue(kCode, 30);
  SRestriction res = PropertyRes(RELOP_EQ, &thirty);
  ASSERT_THAT(view_->FindRow(&res, BOOKMARK_END, DIR_BACKWARD), IsOk());
  EXPECT_EQ(Position(), 2u);  // row 3
  BOOKMARK at_row_3 = 0;
  ASSERT_THAT(view_->CreateBookmark(&at_row_3), IsOk());
  ASSERT_THAT(view_->FindRow(&res, at_row_3, DIR_BACKWARD), IsOk());
  EXPECT_EQ(Position(), 0u);  // row 1, not row 3 itself
  EXPECT_THAT(view_->FindRow(&res, BOOKMARK_BEGINNING, DIR_BACKWARD),
              HrIs(MAPI_E_NOT_FOUND));
}

TEST_F(TableViewTest, FindRowOnASortedViewFindsAPrefix) {
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  SPropValue prefix = StringValue(kName, "c");
  SRestriction res = PropertyRes(RELOP_GE, &prefix);
  ASSERT_THAT(view_->FindRow(&res, BOOKMARK_BEGINNING, 0), IsOk());
  EXPECT_THAT(ReadLongs(view_.get(), kId, 1), ElementsAre(3));  // Charlie
}

TEST_F(TableViewTest, FindRowArgumentErrors) {
  SPropValue v = StringValue(kName, "x");
  SRestriction res = PropertyRes(RELOP_EQ, &v);
  SRestriction re = PropertyRes(RELOP_RE, &v);
  EXPECT_THAT(view_->FindRow(nullptr, BOOKMARK_BEGINNING, 0),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->FindRow(&res, BOOKMARK_BEGINNING, 0x4),
              HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(view_->FindRow(&re, BOOKMARK_BEGINNING, 0), HrIs(MAPI_E_TOO_COMPLEX));
  EXPECT_THAT(view_->FindRow(&res, 777, 0), HrIs(MAPI_E_INVALID_BOOKMARK));
}

// ---- Restrict ------------------------------------------------------------------------

TEST_F(TableViewTest, RestrictFiltersRowsAndNullRemovesTheFilter) {
  ASSERT_THAT(view_->SeekRow(BOOKMARK_BEGINNING, 3, nullptr), IsOk());
  SPropValue thirty = LongValue(kCode, 30);
  SRestriction res = PropertyRes(RELOP_EQ, &thirty);
  ASSERT_THAT(view_->Restrict(&res, 0), IsOk());
  EXPECT_EQ(Position(), 0u);  // the cursor goes to the beginning
  EXPECT_THAT(AllIds(), ElementsAre(1, 3));
  ASSERT_THAT(view_->Restrict(nullptr, TBL_BATCH), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 2, 3, 4, 5));
}

TEST_F(TableViewTest, RestrictWithEveryKind) {
  SPropValue ten = LongValue(kCode, 10);
  SPropValue al = StringValue(kName, "AL");
  SRestriction exist_code{};
  exist_code.rt = RES_EXIST;
  exist_code.res.resExist.ulPropTag = kCode;
  SRestriction bitmask{};
  bitmask.rt = RES_BITMASK;
  bitmask.res.resBitMask.relBMR = BMR_NEZ;
  bitmask.res.resBitMask.ulPropTag = kCode;
  bitmask.res.resBitMask.ulMask = 0x4;  // 20 and 30 have bit 2 set
  SRestriction size{};
  size.rt = RES_SIZE;
  size.res.resSize.relop = RELOP_LE;
  size.res.resSize.ulPropTag = kName;
  size.res.resSize.cb = 5;  // only "Echo" (with its NUL) fits
  SRestriction compare{};
  compare.rt = RES_COMPAREPROPS;
  compare.res.resCompareProps.relop = RELOP_GT;
  compare.res.resCompareProps.ulPropTag1 = kCode;
  compare.res.resCompareProps.ulPropTag2 = PROP_TAG(PT_LONG, PROP_ID(kType));
  SRestriction content{};
  content.rt = RES_CONTENT;
  content.res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
  content.res.resContent.ulPropTag = kName;
  content.res.resContent.lpProp = &al;
  SRestriction gt = PropertyRes(RELOP_GT, &ten);
  SRestriction not_gt{};
  not_gt.rt = RES_NOT;
  not_gt.res.resNot.lpRes = &gt;
  SRestriction pair[2] = {exist_code, not_gt};
  SRestriction both{};
  both.rt = RES_AND;
  both.res.resAnd.cRes = 2;
  both.res.resAnd.lpRes = pair;
  SRestriction either_kids[2] = {content, size};
  SRestriction either{};
  either.rt = RES_OR;
  either.res.resOr.cRes = 2;
  either.res.resOr.lpRes = either_kids;
  SRestriction sub{};
  sub.rt = RES_SUBRESTRICTION;
  sub.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS;
  sub.res.resSub.lpRes = &exist_code;
  SRestriction comment{};
  comment.rt = RES_COMMENT;
  comment.res.resComment.lpRes = &gt;

  // Row 6 has a PR_RESOURCE_TYPE of 15 to compare with its code of 20.
  ASSERT_THAT(data_->ModifyRow(Row({LongValue(kId, 6), StringValue(kName, "Foxtrot"),
                                    LongValue(kCode, 20),
                                    LongValue(PROP_TAG(PT_LONG, PROP_ID(kType)), 15)})),
              IsOk());
  struct Case {
    const char* what;
    SRestriction* res;
    std::vector<LONG> ids;
  } cases[] = {
      {"exist", &exist_code, {1, 2, 3, 4, 6}},
      {"bitmask", &bitmask, {1, 3, 4, 6}},
      {"size", &size, {1}},
      {"compareprops", &compare, {6}},
      {"content", &content, {2}},
      {"property", &gt, {1, 3, 4, 6}},
      {"and/not", &both, {2}},
      {"or", &either, {1, 2}},
      {"sub", &sub, {}},
      {"comment", &comment, {1, 3, 4, 6}},
  };
  for (Case& c : cases) {
    ASSERT_THAT(view_->Restrict(c.res, 0), IsOk()) << c.what;
    EXPECT_EQ(AllIds(), c.ids) << c.what;
  }
}

TEST_F(TableViewTest, RestrictErrorsKeepThePreviousRestriction) {
  SPropValue thirty = LongValue(kCode, 30);
  SRestriction res = PropertyRes(RELOP_EQ, &thirty);
  ASSERT_THAT(view_->Restrict(&res, 0), IsOk());
  SPropValue v = StringValue(kName, "x");
  SRestriction re = PropertyRes(RELOP_RE, &v);
  EXPECT_THAT(view_->Restrict(&re, 0), HrIs(MAPI_E_TOO_COMPLEX));
  SRestriction count{};
  count.rt = RES_COUNT;
  EXPECT_THAT(view_->Restrict(&count, 0), HrIs(MAPI_E_TOO_COMPLEX));
  EXPECT_THAT(view_->Restrict(&res, 0x20), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(AllIds(), ElementsAre(1, 3));
}

TEST_F(TableViewTest, RestrictionIsACopy) {
  auto thirty = std::make_unique<SPropValue>(LongValue(kCode, 30));
  SRestriction res = PropertyRes(RELOP_EQ, thirty.get());
  ASSERT_THAT(view_->Restrict(&res, 0), IsOk());
  thirty.reset();  // the view must have its own copy
  ASSERT_THAT(data_->ModifyRow(Entry(8, "Hotel", 30)), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 3, 8));
}

// ---- SortTable -----------------------------------------------------------------------

TEST_F(TableViewTest, SortAscendingAndDescendingOnOneColumn) {
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(2, 4, 3, 5, 1));  // alpha bravo Charlie Delta Echo
  by_name.aSort[0].ulOrder = TABLE_SORT_DESCEND;
  ASSERT_THAT(view_->SortTable(by_name.get(), TBL_BATCH), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 5, 3, 4, 2));
}

TEST_F(TableViewTest, SortMissingValuesFirstAndTiesInTableOrder) {
  Sorts<1> by_code{1, 0, 0, {{kCode, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_code.get(), 0), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(5, 2, 4, 1, 3));
  by_code.aSort[0].ulOrder = TABLE_SORT_DESCEND;
  ASSERT_THAT(view_->SortTable(by_code.get(), 0), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 3, 4, 2, 5));
}

TEST_F(TableViewTest, SortOnTwoColumns) {
  Sorts<2> sort{2, 0, 0, {{kCode, TABLE_SORT_ASCEND}, {kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(sort.get(), 0), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(5, 2, 4, 3, 1));  // 30: Charlie before Echo
  sort.aSort[0].ulOrder = TABLE_SORT_DESCEND;
  sort.aSort[1].ulOrder = TABLE_SORT_DESCEND;
  ASSERT_THAT(view_->SortTable(sort.get(), 0), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 3, 4, 2, 5));

  LPSSortOrderSet current = nullptr;
  ASSERT_THAT(view_->QuerySortOrder(&current), IsOk());
  ASSERT_EQ(current->cSorts, 2u);
  EXPECT_EQ(current->cCategories, 0u);
  EXPECT_EQ(current->aSort[1].ulPropTag, kName);
  EXPECT_EQ(current->aSort[1].ulOrder, TABLE_SORT_DESCEND);
  ProcessBufferAllocator().Free(current);
}

TEST_F(TableViewTest, EmptySortOrderRestoresTableOrder) {
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  Sorts<1> none{0, 0, 0, {{0, 0}}};
  ASSERT_THAT(view_->SortTable(none.get(), 0), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 2, 3, 4, 5));
  LPSSortOrderSet current = nullptr;
  ASSERT_THAT(view_->QuerySortOrder(&current), IsOk());
  EXPECT_EQ(current->cSorts, 0u);
  ProcessBufferAllocator().Free(current);
}

TEST_F(TableViewTest, SortedViewStaysSortedAsRowsChange) {
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  ASSERT_THAT(data_->ModifyRow(Entry(6, "Bz")), IsOk());
  ASSERT_THAT(data_->ModifyRow(Entry(1, "aardvark", 30)), IsOk());
  EXPECT_THAT(AllIds(), ElementsAre(1, 2, 4, 6, 3, 5));
}

TEST_F(TableViewTest, SortTableErrors) {
  Sorts<1> categorized{1, 1, 0, {{kName, TABLE_SORT_ASCEND}}};
  EXPECT_THAT(view_->SortTable(categorized.get(), 0), HrIs(MAPI_E_TOO_COMPLEX));
  Sorts<1> combine{1, 0, 0, {{kName, TABLE_SORT_COMBINE}}};
  EXPECT_THAT(view_->SortTable(combine.get(), 0), HrIs(MAPI_E_TOO_COMPLEX));
  Sorts<1> expanded{1, 0, 1, {{kName, TABLE_SORT_ASCEND}}};
  EXPECT_THAT(view_->SortTable(expanded.get(), 0), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->SortTable(nullptr, 0), HrIs(MAPI_E_INVALID_PARAMETER));
  Sorts<1> ok{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  EXPECT_THAT(view_->SortTable(ok.get(), 0x40), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(view_->QuerySortOrder(nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  // A failed SortTable leaves the previous order (none) in effect.
  EXPECT_THAT(AllIds(), ElementsAre(1, 2, 3, 4, 5));
}

// ---- Notifications ---------------------------------------------------------------------

TEST_F(TableViewTest, AdviseConnectionsStartAtOneAndUnadviseUnknownIsNotFound) {
  auto sink = MakeComObject<RecordingSink>();
  ULONG_PTR first = Advise(view_.get(), sink.get());
  ULONG_PTR second = Advise(view_.get(), sink.get());
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(second, 2u);
  EXPECT_THAT(view_->Unadvise(first), IsOk());
  EXPECT_THAT(view_->Unadvise(first), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_THAT(view_->Unadvise(99), HrIs(MAPI_E_NOT_FOUND));
  ULONG_PTR connection = 0;
  EXPECT_THAT(view_->Advise(fnevTableModified, nullptr, &connection),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->Advise(fnevTableModified, sink.get(), nullptr),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->Advise(fnevNewMail, sink.get(), &connection),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(TableViewTest, AdviseHoldsTheSinkUntilUnadvise) {
  auto sink = MakeComObject<RecordingSink>();
  const ULONG before = sink->RefCount();
  ULONG_PTR connection = Advise(view_.get(), sink.get());
  EXPECT_EQ(sink->RefCount(), before + 1);
  ASSERT_THAT(view_->Unadvise(connection), IsOk());
  EXPECT_EQ(sink->RefCount(), before);
}

TEST_F(TableViewTest, RowAddedModifiedDeletedInOrderWithPriorAndRow) {
  auto data = TableData::Create(kId, {kId, kName});
  ComPtr<IMAPITable> view = data->CreateView();
  Tags<2> columns{2, {kName, kId}};
  ASSERT_THAT(view->SetColumns(columns.get(), 0), IsOk());
  auto sink = MakeComObject<RecordingSink>();
  Advise(view.get(), sink.get());

  ASSERT_THAT(data->ModifyRow(Entry(10, "first")), IsOk());
  ASSERT_THAT(data->ModifyRow(Entry(20, "second")), IsOk());
  ASSERT_THAT(data->ModifyRow(Entry(10, "first, renamed")), IsOk());
  SPropValue ten = IdValue(10);
  ASSERT_THAT(data->DeleteRow(ten), IsOk());

  const std::vector<RecordingSink::Event> events = sink->events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].table_event, ULONG{TABLE_ROW_ADDED});
  EXPECT_EQ(events[0].index.ulPropTag, kId);
  EXPECT_EQ(events[0].index.Value.l, 10);
  EXPECT_EQ(events[0].prior.ulPropTag, PR_NULL);  // first row: PR_NULL, not 0
  ASSERT_EQ(events[0].row.size(), 2u);
  EXPECT_STREQ(events[0].row[0].Value.lpszA, "first");
  EXPECT_EQ(events[0].row[1].Value.l, 10);

  EXPECT_EQ(events[1].table_event, ULONG{TABLE_ROW_ADDED});
  EXPECT_EQ(events[1].index.Value.l, 20);
  EXPECT_EQ(events[1].prior.ulPropTag, kId);
  EXPECT_EQ(events[1].prior.Value.l, 10);

  EXPECT_EQ(events[2].table_event, ULONG{TABLE_ROW_MODIFIED});
  EXPECT_EQ(events[2].index.Value.l, 10);
  EXPECT_EQ(events[2].prior.ulPropTag, PR_NULL);
  EXPECT_STREQ(events[2].row[0].Value.lpszA, "first, renamed");

  EXPECT_EQ(events[3].table_event, ULONG{TABLE_ROW_DELETED});
  EXPECT_EQ(events[3].index.Value.l, 10);
  EXPECT_EQ(events[3].prior.ulPropTag, PR_NULL);
  EXPECT_TRUE(events[3].row.empty());
  EXPECT_TRUE(sink->row_null());
}

TEST_F(TableViewTest, PriorFollowsTheViewsSortOrder) {
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_ASCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  auto sink = MakeComObject<RecordingSink>();
  Advise(view_.get(), sink.get());
  ASSERT_THAT(data_->ModifyRow(Entry(6, "Cat")), IsOk());  // after bravo (4)
  ASSERT_THAT(data_->ModifyRow(Entry(6, "Aa")), IsOk());   // now first
  const std::vector<RecordingSink::Event> events = sink->events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].table_event, ULONG{TABLE_ROW_ADDED});
  EXPECT_EQ(events[0].prior.Value.l, 4);
  EXPECT_EQ(events[1].table_event, ULONG{TABLE_ROW_MODIFIED});
  EXPECT_EQ(events[1].prior.ulPropTag, PR_NULL);
}

TEST_F(TableViewTest, EveryAdvisedViewIsNotifiedAndNotAfterUnadvise) {
  ComPtr<IMAPITable> other = data_->CreateView();
  auto sink_a = MakeComObject<RecordingSink>();
  auto sink_b = MakeComObject<RecordingSink>();
  auto sink_c = MakeComObject<RecordingSink>();
  Advise(view_.get(), sink_a.get());
  const ULONG_PTR b = Advise(view_.get(), sink_b.get());
  Advise(other.get(), sink_c.get());
  ASSERT_THAT(data_->ModifyRow(Entry(6, "Foxtrot")), IsOk());
  ASSERT_THAT(view_->Unadvise(b), IsOk());
  ASSERT_THAT(data_->ModifyRow(Entry(7, "Golf")), IsOk());
  EXPECT_EQ(sink_a->events().size(), 2u);
  EXPECT_EQ(sink_b->events().size(), 1u);
  EXPECT_EQ(sink_c->events().size(), 2u);
}

TEST_F(TableViewTest, RowsHiddenByTheRestrictionAreNotNotified) {
  SPropValue thirty = LongValue(kCode, 30);
  SRestriction res = PropertyRes(RELOP_EQ, &thirty);
  ASSERT_THAT(view_->Restrict(&res, 0), IsOk());
  auto sink = MakeComObject<RecordingSink>();
  Advise(view_.get(), sink.get());

  ASSERT_THAT(data_->ModifyRow(Entry(6, "Hidden", 10)), IsOk());   // hidden
  ASSERT_THAT(data_->ModifyRow(Entry(2, "alpha!", 10)), IsOk());   // hidden
  SPropValue two = IdValue(2);
  ASSERT_THAT(data_->DeleteRow(two), IsOk());                       // hidden
  EXPECT_THAT(sink->events(), IsEmpty());

  ASSERT_THAT(data_->ModifyRow(Entry(4, "bravo", 30)), IsOk());    // enters
  ASSERT_THAT(data_->ModifyRow(Entry(1, "Echo", 31)), IsOk());     // leaves
  ASSERT_THAT(data_->ModifyRow(Entry(3, "Charlie!", 30)), IsOk()); // stays
  const std::vector<RecordingSink::Event> events = sink->events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].table_event, ULONG{TABLE_ROW_ADDED});
  EXPECT_EQ(events[0].index.Value.l, 4);
  EXPECT_EQ(events[0].prior.Value.l, 3);
  EXPECT_EQ(events[1].table_event, ULONG{TABLE_ROW_DELETED});
  EXPECT_EQ(events[1].index.Value.l, 1);
  EXPECT_EQ(events[2].table_event, ULONG{TABLE_ROW_MODIFIED});
  EXPECT_EQ(events[2].index.Value.l, 3);
  EXPECT_EQ(events[2].prior.ulPropTag, PR_NULL);
  EXPECT_THAT(AllIds(), ElementsAre(3, 4));
}

TEST_F(TableViewTest, BulkChangesSendOneTableChangedAndDeleteAllOneReload) {
  auto sink = MakeComObject<RecordingSink>();
  Advise(view_.get(), sink.get());
  std::vector<PropArray> few, many;
  for (LONG id = 100; id < 103; ++id) few.push_back(Entry(id, "few"));
  for (LONG id = 200; id < 209; ++id) many.push_back(Entry(id, "many"));
  ASSERT_THAT(data_->ModifyRows(few), IsOk());
  ASSERT_EQ(sink->events().size(), 3u);
  sink->clear();
  ASSERT_THAT(data_->ModifyRows(many), IsOk());
  ASSERT_EQ(sink->events().size(), 1u);
  EXPECT_EQ(sink->events()[0].table_event, ULONG{TABLE_CHANGED});
  ULONG count = 0;
  ASSERT_THAT(view_->GetRowCount(0, &count), IsOk());
  EXPECT_EQ(count, 17u);
  sink->clear();
  data_->DeleteAll();
  ASSERT_EQ(sink->events().size(), 1u);
  EXPECT_EQ(sink->events()[0].table_event, ULONG{TABLE_RELOAD});
  EXPECT_EQ(sink->events()[0].index.ulPropTag, PR_NULL);
  ASSERT_THAT(view_->GetRowCount(0, &count), IsOk());
  EXPECT_EQ(count, 0u);
}

TEST_F(TableViewTest, NotifyRowSendsModifiedForAnUnchangedRow) {
  auto sink = MakeComObject<RecordingSink>();
  Advise(view_.get(), sink.get());
  SPropValue three = IdValue(3);
  ASSERT_THAT(data_->NotifyRow(three), IsOk());
  ASSERT_EQ(sink->events().size(), 1u);
  EXPECT_EQ(sink->events()[0].table_event, ULONG{TABLE_ROW_MODIFIED});
  EXPECT_EQ(sink->events()[0].prior.Value.l, 2);
  SPropValue none = IdValue(42);
  EXPECT_THAT(data_->NotifyRow(none), HrIs(MAPI_E_NOT_FOUND));
}

TEST_F(TableViewTest, SinkMayCallBackIntoTheTableFromOnNotify) {
  auto sink = MakeComObject<RecordingSink>();
  std::vector<LONG> seen;
  int nested = 0;
  IMAPITable* view = view_.get();
  sink->set_callback([&](const NOTIFICATION& n) {
    // Read the table (its lock must be free) ...
    SRowSet* raw = nullptr;
    ASSERT_EQ(view->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), S_OK);
    ASSERT_EQ(view->QueryRows(100, 0, &raw), S_OK);
    RowSetPtr rows(raw);
    seen.push_back(static_cast<LONG>(rows->cRows));
    // ... and change the data from inside the notification.
    if (n.info.tab.ulTableEvent == TABLE_ROW_ADDED && nested++ == 0) {
      ASSERT_TRUE(data_->ModifyRow(Entry(7, "from OnNotify")).ok());
    }
  });
  Advise(view_.get(), sink.get());
  ASSERT_THAT(data_->ModifyRow(Entry(6, "Foxtrot")), IsOk());
  const std::vector<RecordingSink::Event> events = sink->events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].index.Value.l, 6);
  EXPECT_EQ(events[1].index.Value.l, 7);  // delivered after the first returned
  EXPECT_THAT(seen, ElementsAre(6, 7));
}

TEST_F(TableViewTest, ReleasingTheViewReleasesItsSinks) {
  auto sink = MakeComObject<RecordingSink>();
  const ULONG before = sink->RefCount();
  ComPtr<IMAPITable> view = data_->CreateView();
  Advise(view.get(), sink.get());
  view.Reset();
  EXPECT_EQ(sink->RefCount(), before);
  ASSERT_THAT(data_->ModifyRow(Entry(6, "Foxtrot")), IsOk());
  EXPECT_THAT(sink->events(), IsEmpty());
}

// ---- Memory, lifetime, threads, the rest -------------------------------------------------

TEST_F(TableViewTest, FreeProwsFreesEveryBlockQueryRowsAllocated) {
  BufferAllocator& allocator = ProcessBufferAllocator();
  const size_t before = allocator.GetStats().live_roots;
  SRowSet* rows = nullptr;
  ASSERT_THAT(view_->QueryRows(5, 0, &rows), IsOk());
  EXPECT_EQ(allocator.GetStats().live_roots, before + 6);  // the set + 5 rows
  FreeRows(rows, allocator);
  EXPECT_EQ(allocator.GetStats().live_roots, before);
}

TEST_F(TableViewTest, ViewKeepsTheDataAlive) {
  std::weak_ptr<TableData> weak = data_;
  data_.reset();
  EXPECT_FALSE(weak.expired());
  EXPECT_THAT(AllIds(), ElementsAre(1, 2, 3, 4, 5));
  view_.Reset();
  EXPECT_TRUE(weak.expired());
}

TEST_F(TableViewTest, ViewsAreIndependent) {
  ComPtr<IMAPITable> other = data_->CreateView();
  Tags<1> names{1, {kName}};
  ASSERT_THAT(other->SetColumns(names.get(), 0), IsOk());
  ASSERT_THAT(other->SeekRow(BOOKMARK_END, 0, nullptr), IsOk());
  EXPECT_EQ(Position(), 0u);
  SRowSet* raw = nullptr;
  ASSERT_THAT(view_->QueryRows(1, 0, &raw), IsOk());
  RowSetPtr rows(raw);
  EXPECT_EQ(rows->aRow[0].cValues, 3u);
}

TEST_F(TableViewTest, ObjectOwnerCountsViews) {
  ObjectOwner owner("tables");
  ComPtr<IMAPITable> view = data_->CreateView(&owner);
  EXPECT_EQ(owner.LiveCount(), 1u);
  EXPECT_EQ(owner.LiveObjects()[0].kind, "MAPITable");
  view.Reset();
  EXPECT_EQ(owner.LiveCount(), 0u);
}

TEST_F(TableViewTest, ReleaseCallbackRunsOnceWithTheView) {
  int calls = 0;
  IMAPITable* released = nullptr;
  TableViewOptions options;
  options.on_release = [&](IMAPITable* view) {
    ++calls;
    released = view;
  };
  ComPtr<IMAPITable> view = data_->CreateView(std::move(options));
  IMAPITable* raw = view.get();
  view.Reset();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(released, raw);
}

TEST_F(TableViewTest, StatusAndTheTriviallyCompleteMethods) {
  ULONG status = 99, type = 99;
  ASSERT_THAT(view_->GetStatus(&status, &type), IsOk());
  EXPECT_EQ(status, TBLSTAT_COMPLETE);
  EXPECT_EQ(type, TBLTYPE_DYNAMIC);
  EXPECT_THAT(view_->GetStatus(nullptr, &type), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(view_->Abort(), IsOk());
  status = 99;
  EXPECT_THAT(view_->WaitForCompletion(0, 1000, &status), IsOk());
  EXPECT_EQ(status, TBLSTAT_COMPLETE);
  LPMAPIERROR error = reinterpret_cast<LPMAPIERROR>(0x1);
  EXPECT_THAT(view_->GetLastError(MAPI_E_NOT_FOUND, 0, &error), IsOk());
  EXPECT_EQ(error, nullptr);
  EXPECT_THAT(view_->GetLastError(MAPI_E_NOT_FOUND, 0x1, &error),
              HrIs(MAPI_E_UNKNOWN_FLAGS));
}

TEST_F(TableViewTest, CategoryMethodsAreNotSupported) {
  BYTE key[4] = {};
  SRowSet* rows = nullptr;
  ULONG more = 0, count = 0, cb = 0;
  LPBYTE state = nullptr;
  BOOKMARK location = 0;
  EXPECT_THAT(view_->ExpandRow(4, key, 10, 0, &rows, &more), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(view_->CollapseRow(4, key, 0, &count), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(view_->GetCollapseState(0, 4, key, &cb, &state), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(view_->SetCollapseState(0, 4, key, &location), HrIs(MAPI_E_NO_SUPPORT));
}

TEST_F(TableViewTest, QueryInterfaceAnswersIMAPITable) {
  ComPtr<IUnknown> unknown;
  ASSERT_THAT(view_.As(&unknown), IsOk());
  ComPtr<IMAPIProp> prop;
  EXPECT_THAT(view_.As(&prop), HrIs(MAPI_E_INTERFACE_NOT_SUPPORTED));
}

TEST_F(TableViewTest, ConcurrentModifyRowWhileAViewQueries) {
  constexpr LONG kPerThread = 300;
  auto sink = MakeComObject<RecordingSink>();
  Advise(view_.get(), sink.get());
  Sorts<1> by_name{1, 0, 0, {{kName, TABLE_SORT_DESCEND}}};
  ASSERT_THAT(view_->SortTable(by_name.get(), 0), IsOk());
  std::atomic<bool> done{false};
  auto writer = [&](LONG base) {
    for (LONG i = 0; i < kPerThread; ++i) {
      EXPECT_TRUE(data_->ModifyRow(Entry(base + i, "row", i)).ok());
    }
  };
  std::thread reader([&] {
    IMAPITable* view = view_.get();
    while (!done.load()) {
      ULONG count = 0;
      EXPECT_EQ(view->GetRowCount(0, &count), S_OK);
      EXPECT_EQ(view->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), S_OK);
      SRowSet* raw = nullptr;
      EXPECT_EQ(view->QueryRows(50, 0, &raw), S_OK);
      RowSetPtr rows(raw);
    }
  });
  std::thread a(writer, 1000);
  std::thread b(writer, 5000);
  a.join();
  b.join();
  done = true;
  reader.join();
  ULONG count = 0;
  ASSERT_THAT(view_->GetRowCount(0, &count), IsOk());
  EXPECT_EQ(count, 5u + 2 * kPerThread);
  EXPECT_EQ(sink->events().size(), 2u * kPerThread);
  EXPECT_EQ(data_->RowCount(), 5u + 2 * kPerThread);
}

}  // namespace
}  // namespace mapi_emu
