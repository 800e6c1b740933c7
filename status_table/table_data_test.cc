#include "status_table/table_data.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapitags.h"
#include "status_table/table_test_helpers.h"

namespace mapi_emu {
namespace {

using table_testing::BinaryValue;
using table_testing::Entry;
using table_testing::kId;
using table_testing::kName;
using table_testing::LongValue;
using table_testing::ReadLongs;
using table_testing::Row;
using table_testing::StringValue;
using ::testing::ElementsAre;

std::vector<LONG> Ids(const TableData& data) {
  std::vector<LONG> ids;
  for (const PropArray& row : data.Rows()) ids.push_back(row.Find(kId)->Value.l);
  return ids;
}

TEST(TableDataTest, ModifyRowAppendsNewRowsAndReplacesInPlace) {
  auto data = TableData::Create(kId, {kId, kName});
  ASSERT_THAT(data->ModifyRow(Entry(3, "c")), IsOk());
  ASSERT_THAT(data->ModifyRow(Entry(1, "a")), IsOk());
  ASSERT_THAT(data->ModifyRow(Entry(2, "b")), IsOk());
  ASSERT_THAT(data->ModifyRow(Entry(3, "c2")), IsOk());
  EXPECT_THAT(Ids(*data), ElementsAre(3, 1, 2));
  EXPECT_EQ(data->RowCount(), 3u);
  SPropValue three = LongValue(kId, 3);
  size_t position = 99;
  std::optional<PropArray> row = data->QueryRow(three, &position);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(position, 0u);
  EXPECT_STREQ(row->Find(kName)->Value.lpszA, "c2");
}

TEST(TableDataTest, RowWithoutTheIndexColumnIsRejected) {
  auto data = TableData::Create(kId, {kId});
  EXPECT_THAT(data->ModifyRow(Row({StringValue(kName, "no id")})),
              HrIs(MAPI_E_INVALID_PARAMETER));
  // The index tag is exact: a PT_I2 value with the ID is not it.
  SPropValue short_id{};
  short_id.ulPropTag = PROP_TAG(PT_I2, PROP_ID(kId));
  EXPECT_THAT(data->ModifyRow(PropArray::Copy(&short_id, 1)),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(data->RowCount(), 0u);
}

TEST(TableDataTest, ModifyRowsIsAllOrNothing) {
  auto data = TableData::Create(kId, {kId});
  std::vector<PropArray> rows = {Entry(1, "a"), Row({StringValue(kName, "x")}),
                                 Entry(2, "b")};
  EXPECT_THAT(data->ModifyRows(rows), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(data->RowCount(), 0u);
  rows.erase(rows.begin() + 1);
  EXPECT_THAT(data->ModifyRows(rows), IsOk());
  EXPECT_THAT(Ids(*data), ElementsAre(1, 2));
}

TEST(TableDataTest, DeleteRowAndDeleteAll) {
  auto data = TableData::Create(kId, {kId});
  ASSERT_THAT(data->ModifyRows({Entry(1, "a"), Entry(2, "b"), Entry(3, "c")}), IsOk());
  SPropValue two = LongValue(kId, 2);
  EXPECT_THAT(data->DeleteRow(two), IsOk());
  EXPECT_THAT(data->DeleteRow(two), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(data->DeleteRow(two), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_FALSE(data->QueryRow(two).has_value());
  EXPECT_THAT(Ids(*data), ElementsAre(1, 3));
  data->DeleteAll();
  EXPECT_EQ(data->RowCount(), 0u);
  ASSERT_THAT(data->ModifyRow(Entry(2, "again")), IsOk());
  EXPECT_THAT(Ids(*data), ElementsAre(2));
}

TEST(TableDataTest, BinaryAndStringIndexesCompareByValue) {
  auto data = TableData::Create(PR_INSTANCE_KEY, {PR_INSTANCE_KEY});
  std::vector<BYTE> a = {1, 2, 3}, a_again = {1, 2, 3}, b = {1, 2};
  ASSERT_THAT(data->ModifyRow(Row({BinaryValue(PR_INSTANCE_KEY, a)})), IsOk());
  ASSERT_THAT(data->ModifyRow(Row({BinaryValue(PR_INSTANCE_KEY, b)})), IsOk());
  ASSERT_THAT(data->ModifyRow(Row({BinaryValue(PR_INSTANCE_KEY, a_again),
                                   StringValue(kName, "replaced")})),
              IsOk());
  EXPECT_EQ(data->RowCount(), 2u);
  SPropValue key = BinaryValue(PR_INSTANCE_KEY, a);
  ASSERT_TRUE(data->QueryRow(key).has_value());
  EXPECT_STREQ(data->QueryRow(key)->Find(kName)->Value.lpszA, "replaced");

  auto by_name = TableData::Create(kName, {kName});
  ASSERT_THAT(by_name->ModifyRow(Row({StringValue(kName, "x")})), IsOk());
  ASSERT_THAT(by_name->ModifyRow(Row({StringValue(kName, "X")})), IsOk());
  EXPECT_EQ(by_name->RowCount(), 2u);  // index values are case-sensitive
}

TEST(TableDataTest, InsertRowPlacesTheRowAtItsNumber) {
  auto data = TableData::Create(kId, {kId});
  ASSERT_THAT(data->InsertRow(0, Entry(1, "a")), IsOk());
  ASSERT_THAT(data->InsertRow(1, Entry(3, "c")), IsOk());  // n appends
  ASSERT_THAT(data->InsertRow(1, Entry(2, "b")), IsOk());
  ASSERT_THAT(data->InsertRow(0, Entry(0, "z")), IsOk());
  EXPECT_THAT(Ids(*data), ElementsAre(0, 1, 2, 3));
  EXPECT_THAT(data->InsertRow(2, Entry(2, "dup")), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(data->InsertRow(9, Entry(9, "far")), HrIs(MAPI_E_INVALID_PARAMETER));
  ASSERT_TRUE(data->RowAt(2).has_value());
  EXPECT_EQ(data->RowAt(2)->Find(kId)->Value.l, 2);
  EXPECT_FALSE(data->RowAt(4).has_value());
}

TEST(TableDataTest, ManyInsertsAtOnePlaceKeepViewsInTableOrder) {
  // Enough inserts between the same two rows to exhaust the room between
  // their order keys, so the data renumbers and views must follow.
  auto data = TableData::Create(kId, {kId});
  ASSERT_THAT(data->ModifyRows({Entry(1000, "first"), Entry(2000, "last")}), IsOk());
  ComPtr<IMAPITable> view = data->CreateView();
  constexpr LONG kInserts = 64;
  // Each insert lands right after the first row: 1000, 63, 62, ..., 0, 2000.
  std::vector<LONG> expected(kInserts + 2);
  expected.front() = 1000;
  expected.back() = 2000;
  for (LONG i = 0; i < kInserts; ++i) {
    ASSERT_THAT(data->InsertRow(1, Entry(i, "between")), IsOk());
    expected[static_cast<size_t>(kInserts - i)] = i;
  }
  EXPECT_EQ(Ids(*data), expected);
  EXPECT_EQ(ReadLongs(view.get(), kId), expected);
  ASSERT_THAT(data->ModifyRow(Entry(1000, "first, changed")), IsOk());
  ASSERT_THAT(view->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), IsOk());
  EXPECT_EQ(ReadLongs(view.get(), kId), expected);
}

TEST(TableDataTest, ColumnsGrowOnlyWhenAskedAndNeverShrink) {
  auto fixed = TableData::Create(kId, {kId});
  TableData::Options options;
  options.columns = TableData::ColumnPolicy::kGrowWithRows;
  auto growing = TableData::Create(kId, {kId}, options);
  for (auto* data : {fixed.get(), growing.get()}) {
    ASSERT_THAT(data->ModifyRow(Row({LongValue(kId, 1), StringValue(kName, "n"),
                                     LongValue(PR_STATUS_CODE, 2)})),
                IsOk());
    SPropValue one = LongValue(kId, 1);
    ASSERT_THAT(data->DeleteRow(one), IsOk());
    EXPECT_THAT(data->AllColumns(), ElementsAre(kId, kName, PR_STATUS_CODE));
  }
  EXPECT_THAT(fixed->DefaultColumns(), ElementsAre(kId));
  EXPECT_THAT(growing->DefaultColumns(), ElementsAre(kId, kName, PR_STATUS_CODE));
}

TEST(TableDataTest, RowsAreCopiesTheCallerCannotChange) {
  auto data = TableData::Create(kId, {kId});
  char name[] = "original";
  SPropValue values[2] = {LongValue(kId, 1), StringValue(kName, name)};
  ASSERT_THAT(data->ModifyRow(PropArray::Copy(values, 2)), IsOk());
  name[0] = 'X';
  EXPECT_STREQ(data->Rows()[0].Find(kName)->Value.lpszA, "original");
}

}  // namespace
}  // namespace mapi_emu
