#include "mapi_emu/base/prop_array.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapitags.h"

namespace mapi_emu {
namespace {

SPropValue Long(ULONG id, LONG v) {
  SPropValue p{};
  p.ulPropTag = PROP_TAG(PT_LONG, id);
  p.Value.l = v;
  return p;
}
SPropValue Str(ULONG id, const char* s) {
  SPropValue p{};
  p.ulPropTag = PROP_TAG(PT_STRING8, id);
  p.Value.lpszA = const_cast<char*>(s);
  return p;
}
SPropValue WStr(ULONG id, const wchar_t* s) {
  SPropValue p{};
  p.ulPropTag = PROP_TAG(PT_UNICODE, id);
  p.Value.lpszW = const_cast<wchar_t*>(s);
  return p;
}
SPropValue Bin(ULONG id, std::vector<BYTE>& bytes) {
  SPropValue p{};
  p.ulPropTag = PROP_TAG(PT_BINARY, id);
  p.Value.bin.cb = static_cast<ULONG>(bytes.size());
  p.Value.bin.lpb = bytes.data();
  return p;
}
SPropValue Double(ULONG id, double d) {
  SPropValue p{};
  p.ulPropTag = PROP_TAG(PT_DOUBLE, id);
  p.Value.dbl = d;
  return p;
}

TEST(PropArrayTest, CopyOwnsStringsBinariesGuidsAndMultiValues) {
  char name[] = "Alice";
  wchar_t wide[] = L"Wide";
  std::vector<BYTE> key = {1, 2, 3};
  GUID guid = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
  LPSTR strings[] = {name, name};
  SPropValue values[5] = {Str(0x3001, name), WStr(0x3002, wide),
                          Bin(0x0FF6, key)};
  values[3].ulPropTag = PROP_TAG(PT_CLSID, 0x6001);
  values[3].Value.lpguid = &guid;
  values[4].ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6002);
  values[4].Value.MVszA.cValues = 2;
  values[4].Value.MVszA.lppszA = strings;

  const PropArray copy = PropArray::Copy(values, 5);
  name[0] = 'X';
  wide[0] = L'X';
  key[0] = 99;
  guid.Data1 = 0;

  ASSERT_EQ(copy.size(), 5u);
  EXPECT_STREQ(copy[0].Value.lpszA, "Alice");
  EXPECT_STREQ(copy[1].Value.lpszW, L"Wide");
  EXPECT_THAT(std::vector<BYTE>(copy[2].Value.bin.lpb,
                                copy[2].Value.bin.lpb + copy[2].Value.bin.cb),
              testing::ElementsAre(1, 2, 3));
  EXPECT_EQ(copy[3].Value.lpguid->Data1, 0x12345678u);
  ASSERT_EQ(copy[4].Value.MVszA.cValues, 2u);
  EXPECT_STREQ(copy[4].Value.MVszA.lppszA[1], "Alice");
}

TEST(PropArrayTest, CopiesShareImmutableStorage) {
  SPropValue v = Str(0x3001, "shared");
  const PropArray a = PropArray::Copy(&v, 1);
  PropArray b = a;  // NOLINT: the copy is the point
  EXPECT_EQ(a.data(), b.data());
  EXPECT_EQ(a, b);
  const PropArray moved = std::move(b);
  EXPECT_EQ(moved.data(), a.data());
  EXPECT_STREQ(moved[0].Value.lpszA, "shared");
}

TEST(PropArrayTest, EmptyArray) {
  const PropArray empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.data(), nullptr);
  EXPECT_EQ(empty.Find(PR_DISPLAY_NAME_A), nullptr);
  EXPECT_TRUE(PropArray::Copy(nullptr, 0).empty());
}

TEST(PropArrayTest, BadValueBecomesErrorInCopyAndFailsTryCopy) {
  SPropValue values[2] = {Long(0x3000, 7), Str(0x3001, nullptr)};
  const PropArray copy = PropArray::Copy(values, 2);
  ASSERT_EQ(copy.size(), 2u);
  EXPECT_EQ(copy[0].Value.l, 7);
  EXPECT_EQ(copy[1].ulPropTag, PROP_TAG(PT_ERROR, 0x3001));
  EXPECT_THAT(copy[1].Value.err, HrIs(MAPI_E_INVALID_PARAMETER));

  EXPECT_THAT(PropArray::TryCopy(values, 2), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(PropArray::TryCopy(values, 1), IsOk());
  EXPECT_THAT(PropArray::TryCopy(nullptr, 1), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST(PropArrayTest, FindExactTagOrAnyTypeWithUnspecified) {
  SPropValue values[2] = {Long(0x3000, 1), Str(0x3001, "n")};
  const PropArray row = PropArray::Copy(values, 2);
  ASSERT_NE(row.Find(PROP_TAG(PT_STRING8, 0x3001)), nullptr);
  EXPECT_STREQ(row.Find(PROP_TAG(PT_STRING8, 0x3001))->Value.lpszA, "n");
  EXPECT_EQ(row.Find(PROP_TAG(PT_UNICODE, 0x3001)), nullptr);
  const SPropValue* any = row.Find(PROP_TAG(PT_UNSPECIFIED, 0x3001));
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(any->ulPropTag, PROP_TAG(PT_STRING8, 0x3001));
  EXPECT_EQ(row.Find(PROP_TAG(PT_LONG, 0x4000)), nullptr);
}

TEST(PropArrayTest, MergeReplacesByIdInPlaceAndAppendsInOrder) {
  SPropValue base[3] = {Long(1, 10), Str(2, "old"), Long(3, 30)};
  const PropArray row = PropArray::Copy(base, 3);
  SPropValue update[3] = {WStr(2, L"new"), Long(5, 50), Long(4, 40)};
  const PropArray merged = row.Merge(update, 3);
  ASSERT_EQ(merged.size(), 5u);
  EXPECT_EQ(merged[0].Value.l, 10);
  EXPECT_EQ(merged[1].ulPropTag, PROP_TAG(PT_UNICODE, 2));
  EXPECT_STREQ(merged[1].Value.lpszW, L"new");
  EXPECT_EQ(merged[2].Value.l, 30);
  EXPECT_EQ(merged[3].ulPropTag, PROP_TAG(PT_LONG, 5));
  EXPECT_EQ(merged[4].ulPropTag, PROP_TAG(PT_LONG, 4));
  // The original is unchanged.
  EXPECT_STREQ(row[1].Value.lpszA, "old");
}

TEST(PropArrayTest, MergeLaterDuplicateWins) {
  SPropValue update[2] = {Long(7, 1), Long(7, 2)};
  const PropArray merged = PropArray().Merge(update, 2);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].Value.l, 2);
}

TEST(PropArrayTest, WithoutRemovesById) {
  SPropValue base[3] = {Long(1, 10), Str(2, "x"), Long(3, 30)};
  const PropArray row = PropArray::Copy(base, 3);
  SizedSPropTagArray(2, tags) = {2, {PROP_TAG(PT_UNICODE, 2), PROP_TAG(PT_LONG, 9)}};
  const auto* tag_array = reinterpret_cast<const SPropTagArray*>(&tags);
  const PropArray rest = row.Without(*tag_array);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].Value.l, 10);
  EXPECT_EQ(rest[1].Value.l, 30);
  const std::vector<ULONG> list = {PROP_TAG(PT_LONG, 1), PROP_TAG(PT_LONG, 3)};
  const PropArray only_two = row.Without(list);
  ASSERT_EQ(only_two.size(), 1u);
  EXPECT_STREQ(only_two[0].Value.lpszA, "x");
}

TEST(PropArrayTest, ProjectOrdersColumnsAndMarksMissingOnes) {
  SPropValue base[2] = {Long(0x3000, 5), Str(0x3001, "name")};
  const PropArray row = PropArray::Copy(base, 2);
  SizedSPropTagArray(4, cols) = {
      4,
      {PROP_TAG(PT_STRING8, 0x3001), PROP_TAG(PT_LONG, 0x4444), PR_NULL,
       PROP_TAG(PT_UNSPECIFIED, 0x3000)}};
  BufferAllocator& allocator = ProcessBufferAllocator();
  const size_t roots_before = allocator.GetStats().live_roots;
  ULONG count = 0;
  LPSPropValue out = nullptr;
  ASSERT_THAT(row.Project(reinterpret_cast<SPropTagArray*>(&cols), &count, &out),
              IsOk());
  EXPECT_EQ(allocator.GetStats().live_roots, roots_before + 1);
  ASSERT_EQ(count, 4u);
  EXPECT_STREQ(out[0].Value.lpszA, "name");
  EXPECT_NE(static_cast<const void*>(out[0].Value.lpszA),
            static_cast<const void*>(row[1].Value.lpszA));
  EXPECT_EQ(out[1].ulPropTag, PROP_TAG(PT_ERROR, 0x4444));
  EXPECT_THAT(out[1].Value.err, HrIs(MAPI_E_NOT_FOUND));
  EXPECT_EQ(out[2].ulPropTag, PR_NULL);
  EXPECT_EQ(out[3].ulPropTag, PROP_TAG(PT_LONG, 0x3000));
  EXPECT_EQ(out[3].Value.l, 5);
  allocator.Free(out);
  EXPECT_EQ(allocator.GetStats().live_roots, roots_before);
}

TEST(PropArrayTest, CopyToGivesOneBlockWithEveryValue) {
  std::vector<BYTE> key = {9, 8};
  SPropValue base[2] = {Bin(0x0FF6, key), Str(0x3001, "n")};
  const PropArray row = PropArray::Copy(base, 2);
  ULONG count = 0;
  LPSPropValue out = nullptr;
  ASSERT_THAT(row.CopyTo(&count, &out), IsOk());
  ASSERT_EQ(count, 2u);
  EXPECT_EQ(out[0].Value.bin.cb, 2u);
  EXPECT_EQ(out[0].Value.bin.lpb[1], 8);
  EXPECT_STREQ(out[1].Value.lpszA, "n");
  ProcessBufferAllocator().Free(out);
  EXPECT_THAT(row.CopyTo(nullptr, &out), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST(PropArrayTest, ProjectArrayMatchesProject) {
  SPropValue base[1] = {Long(0x3000, 5)};
  const PropArray row = PropArray::Copy(base, 1);
  SizedSPropTagArray(2, cols) = {2, {PROP_TAG(PT_LONG, 0x3001), PROP_TAG(PT_LONG, 0x3000)}};
  const PropArray p = row.ProjectArray(reinterpret_cast<SPropTagArray*>(&cols));
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].ulPropTag, PROP_TAG(PT_ERROR, 0x3001));
  EXPECT_EQ(p[1].Value.l, 5);
}

TEST(ComparePropValuesTest, NumbersCompareNumerically) {
  EXPECT_LT(ComparePropValues(Long(1, -5), Long(1, 3)), 0);
  EXPECT_GT(ComparePropValues(Long(1, 3), Long(2, -5)), 0);
  EXPECT_EQ(ComparePropValues(Long(1, 3), Long(2, 3)), 0);  // IDs ignored
  EXPECT_LT(ComparePropValues(Double(1, -0.5), Double(1, 0.25)), 0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_GT(ComparePropValues(Double(1, nan), Double(1, 1e300)), 0);
  EXPECT_EQ(ComparePropValues(Double(1, nan), Double(1, nan)), 0);

  SPropValue i8a{}, i8b{};
  i8a.ulPropTag = i8b.ulPropTag = PROP_TAG(PT_I8, 1);
  i8a.Value.li.QuadPart = -1;
  i8b.Value.li.QuadPart = 1LL << 40;
  EXPECT_LT(ComparePropValues(i8a, i8b), 0);

  SPropValue ta{}, tb{};
  ta.ulPropTag = tb.ulPropTag = PROP_TAG(PT_SYSTIME, 1);
  ta.Value.ft = {0xFFFFFFFF, 1};  // low word large, high word small
  tb.Value.ft = {0, 2};
  EXPECT_LT(ComparePropValues(ta, tb), 0);

  SPropValue ba{}, bb{};
  ba.ulPropTag = bb.ulPropTag = PROP_TAG(PT_BOOLEAN, 1);
  ba.Value.b = 1;
  bb.Value.b = 0xFF;
  EXPECT_EQ(ComparePropValues(ba, bb), 0);
}

TEST(ComparePropValuesTest, StringOrders) {
  EXPECT_LT(ComparePropValues(Str(1, "B"), Str(1, "a")), 0);
  EXPECT_EQ(ComparePropValues(Str(1, "abc"), Str(1, "ABC"), StringOrder::kIgnoreCase), 0);
  EXPECT_LT(ComparePropValues(Str(1, "a"), Str(1, "B"), StringOrder::kCollation), 0);
  EXPECT_LT(ComparePropValues(Str(1, "A"), Str(1, "a"), StringOrder::kCollation), 0);
  EXPECT_LT(ComparePropValues(Str(1, "ab"), Str(1, "abc")), 0);
  EXPECT_GT(ComparePropValues(Str(1, "\xE9"), Str(1, "z")), 0);  // unsigned bytes
  EXPECT_LT(ComparePropValues(WStr(1, L"Zeta"), WStr(1, L"alpha")), 0);
  EXPECT_GT(ComparePropValues(WStr(1, L"Zeta"), WStr(1, L"alpha"), StringOrder::kIgnoreCase), 0);
}

TEST(ComparePropValuesTest, BinariesLexicographicThenLength) {
  std::vector<BYTE> a = {1, 2}, b = {1, 2, 0}, c = {2};
  EXPECT_LT(ComparePropValues(Bin(1, a), Bin(1, b)), 0);
  EXPECT_LT(ComparePropValues(Bin(1, b), Bin(1, c)), 0);
  EXPECT_EQ(ComparePropValues(Bin(1, a), Bin(2, a)), 0);
}

TEST(ComparePropValuesTest, ClsidBytewiseAndTypesByTypeNumber) {
  GUID g1 = {1, 0, 0, {0}}, g2 = {2, 0, 0, {0}};
  SPropValue a{}, b{};
  a.ulPropTag = b.ulPropTag = PROP_TAG(PT_CLSID, 1);
  a.Value.lpguid = &g1;
  b.Value.lpguid = &g2;
  EXPECT_LT(ComparePropValues(a, b), 0);
  EXPECT_LT(ComparePropValues(Long(1, 100), Str(1, "a")), 0);  // PT_LONG < PT_STRING8
}

TEST(ComparePropValuesTest, MultiValuedElementwiseShorterFirst) {
  LONG x[] = {1, 2, 3};
  LONG y[] = {1, 2};
  LONG z[] = {1, 5};
  auto mv = [](LONG* p, ULONG n) {
    SPropValue v{};
    v.ulPropTag = PROP_TAG(PT_MV_LONG, 1);
    v.Value.MVl.cValues = n;
    v.Value.MVl.lpl = p;
    return v;
  };
  EXPECT_LT(ComparePropValues(mv(y, 2), mv(x, 3)), 0);
  EXPECT_GT(ComparePropValues(mv(z, 2), mv(x, 3)), 0);
  EXPECT_EQ(ComparePropValues(mv(x, 3), mv(x, 3)), 0);
  EXPECT_EQ(MvCount(mv(x, 3)), 3u);
  const SPropValue e = MvElement(mv(x, 3), 2);
  EXPECT_EQ(e.ulPropTag, PROP_TAG(PT_LONG, 1));
  EXPECT_EQ(e.Value.l, 3);
}

TEST(PropEqualsTest, NeedsSameTagAndValue) {
  EXPECT_TRUE(PropEquals(Str(1, "a"), Str(1, "a")));
  EXPECT_FALSE(PropEquals(Str(1, "a"), Str(2, "a")));
  EXPECT_FALSE(PropEquals(Str(1, "a"), Str(1, "A")));
  EXPECT_FALSE(PropEquals(Long(1, 1), Long(1, 2)));
}

}  // namespace
}  // namespace mapi_emu
