#include "mapi_emu/base/prop_json.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapicode.h"
#include "mapitags.h"

namespace mapi_emu {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// 2024-05-01T12:30:00Z: (Unix 1714566600 + 11644473600 s) * 10^7 ticks.
constexpr uint64_t kMay2024Ticks = 133590402000000000ULL;

FILETIME Ticks(uint64_t t) {
  FILETIME ft;
  ft.dwLowDateTime = static_cast<DWORD>(t);
  ft.dwHighDateTime = static_cast<DWORD>(t >> 32);
  return ft;
}

// value -> {"<name>": expected} -> value, compared with PropEquals.
void ExpectRoundTrip(const SPropValue& value, const json& expected) {
  SCOPED_TRACE(PropTagName(value.ulPropTag));
  absl::StatusOr<json> encoded = PropsToJson(&value, 1);
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  const json want = {{PropTagName(value.ulPropTag), expected}};
  EXPECT_EQ(encoded->dump(), want.dump());
  absl::StatusOr<PropArray> decoded = PropsFromJson(*encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_TRUE(PropEquals((*decoded)[0], value))
      << "decoded back as " << PropsToJson(*decoded)->dump();
}

// The error PropsFromJson gives for {key: value}.
std::string DecodeError(const std::string& key, const json& value) {
  absl::StatusOr<PropArray> decoded = PropsFromJson(json{{key, value}});
  EXPECT_FALSE(decoded.ok()) << key << "=" << value.dump();
  return decoded.ok() ? std::string() : std::string(decoded.status().message());
}

TEST(PropJsonTest, I2) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_I2, 0x6601);
  v.Value.i = -12345;
  ExpectRoundTrip(v, -12345);
  EXPECT_THAT(DecodeError("0x66010002", 40000), HasSubstr("out of range for PT_I2"));
}

TEST(PropJsonTest, LongIsWrittenUnsignedAndReadSignedOrUnsigned) {
  SPropValue v{};
  v.ulPropTag = PR_RESOURCE_FLAGS;
  v.Value.ul = 0x80000004u;
  ExpectRoundTrip(v, 2147483652u);
  absl::StatusOr<PropArray> minus_one = PropsFromJson(json{{"PR_RESOURCE_FLAGS", -1}});
  ASSERT_TRUE(minus_one.ok()) << minus_one.status();
  EXPECT_EQ((*minus_one)[0].Value.ul, 0xFFFFFFFFu);
  EXPECT_THAT(DecodeError("PR_RESOURCE_FLAGS", 4294967296LL),
              HasSubstr("out of range for PT_LONG"));
  EXPECT_THAT(DecodeError("PR_RESOURCE_FLAGS", 1.5), HasSubstr("expected an integer, got number"));
}

TEST(PropJsonTest, Boolean) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_BOOLEAN, 0x6602);
  v.Value.b = 1;
  ExpectRoundTrip(v, true);
  v.Value.b = 0;
  ExpectRoundTrip(v, false);
  EXPECT_THAT(DecodeError("0x6602000B", 1), HasSubstr("expected true or false"));
}

TEST(PropJsonTest, String8AndUnicodeAreUtf8) {
  char text[] = "Caf\xC3\xA9 \xE2\x82\xAC";  // "Café €"
  SPropValue a{};
  a.ulPropTag = PR_DISPLAY_NAME_A;
  a.Value.lpszA = text;
  ExpectRoundTrip(a, "Caf\xC3\xA9 \xE2\x82\xAC");

  std::basic_string<WCHAR> wide = Utf8ToWide("Caf\xC3\xA9 \xF0\x9F\x93\xAB");
  SPropValue w{};
  w.ulPropTag = PR_DISPLAY_NAME_W;
  w.Value.lpszW = wide.data();
  ExpectRoundTrip(w, "Caf\xC3\xA9 \xF0\x9F\x93\xAB");
}

TEST(PropJsonTest, InvalidUtf8InString8IsReplacedNotFatal) {
  char text[] =
      "a\xFF"
      "b";
  SPropValue a{};
  a.ulPropTag = PR_DISPLAY_NAME_A;
  a.Value.lpszA = text;
  absl::StatusOr<json> encoded = PropsToJson(&a, 1);
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ((*encoded)["PR_DISPLAY_NAME_A"],
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_NO_THROW(encoded->dump());
}

TEST(PropJsonTest, BinaryIsLowerCaseHex) {
  BYTE bytes[] = {0x0A, 0x1B, 0xFF, 0x00};
  SPropValue v{};
  v.ulPropTag = PR_ENTRYID;
  v.Value.bin = {sizeof(bytes), bytes};
  ExpectRoundTrip(v, "0a1bff00");
  v.Value.bin = {0, nullptr};
  ExpectRoundTrip(v, "");
  absl::StatusOr<PropArray> upper = PropsFromJson(json{{"PR_ENTRYID", "0A1BFF00"}});
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ((*upper)[0].Value.bin.cb, 4u);
  EXPECT_EQ((*upper)[0].Value.bin.lpb[1], 0x1B);
  EXPECT_THAT(DecodeError("PR_ENTRYID", "abc"), HasSubstr("not an even number of hex digits"));
  EXPECT_THAT(DecodeError("PR_ENTRYID", "zz"), HasSubstr("not an even number of hex digits"));
}

TEST(PropJsonTest, SysTimeIsIso8601Utc) {
  SPropValue v{};
  v.ulPropTag = PR_CREATION_TIME;
  v.Value.ft = Ticks(kMay2024Ticks);
  ExpectRoundTrip(v, "2024-05-01T12:30:00Z");
  v.Value.ft = Ticks(kMay2024Ticks + 1234567);
  ExpectRoundTrip(v, "2024-05-01T12:30:00.1234567Z");
  v.Value.ft = Ticks(0);
  ExpectRoundTrip(v, "1601-01-01T00:00:00Z");
  v.Value.ft = Ticks(std::numeric_limits<uint64_t>::max());
  absl::StatusOr<json> biggest = PropValueToJson(v);
  ASSERT_TRUE(biggest.ok());
  EXPECT_EQ(*biggest, "60056-05-28T05:36:10.9551615Z");
  ExpectRoundTrip(v, *biggest);
}

TEST(PropJsonTest, SysTimeParsing) {
  EXPECT_EQ(FileTimeFromIso8601("2024-05-01T12:30:00.5Z").value().dwLowDateTime,
            Ticks(kMay2024Ticks + 5000000).dwLowDateTime);
  const auto leap = FileTimeFromIso8601("2000-02-29T23:59:59Z");
  ASSERT_TRUE(leap.has_value());
  EXPECT_EQ(FileTimeToIso8601(*leap), "2000-02-29T23:59:59Z");
  EXPECT_FALSE(FileTimeFromIso8601("2023-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("2024-05-01T12:30:00").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("2024-05-01T12:30:00.12345678Z").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("1600-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("2024-05-01 12:30:00Z").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("2024-13-01T12:30:00Z").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("2024-05-01T24:00:00Z").has_value());
  EXPECT_FALSE(FileTimeFromIso8601("99999-01-01T00:00:00Z").has_value());
  EXPECT_THAT(DecodeError("PR_CREATION_TIME", "yesterday"), HasSubstr("not an ISO 8601 UTC time"));
}

TEST(PropJsonTest, I8IsANumberUpTo2To53ThenADecimalString) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_I8, 0x6603);
  v.Value.li.QuadPart = int64_t{1} << 53;
  ExpectRoundTrip(v, 9007199254740992LL);
  v.Value.li.QuadPart = (int64_t{1} << 53) + 1;
  ExpectRoundTrip(v, "9007199254740993");
  v.Value.li.QuadPart = std::numeric_limits<int64_t>::min();
  ExpectRoundTrip(v, "-9223372036854775808");
  v.Value.li.QuadPart = -42;
  ExpectRoundTrip(v, -42);
  EXPECT_THAT(DecodeError("0x66030014", "12x"), HasSubstr("not a 64-bit decimal integer"));
  EXPECT_THAT(DecodeError("0x66030014", 18446744073709551615ULL),
              HasSubstr("does not fit in 64 bits"));
}

TEST(PropJsonTest, CurrencyIsTenThousandths) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_CURRENCY, 0x6604);
  v.Value.cur.int64 = 123456;  // 12.3456
  ExpectRoundTrip(v, 123456);
  v.Value.cur.int64 = std::numeric_limits<int64_t>::max();
  ExpectRoundTrip(v, "9223372036854775807");
}

TEST(PropJsonTest, ClsidIsBracedUpperCase) {
  GUID g = {0x01234567, 0x89AB, 0xCDEF, {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF}};
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_CLSID, 0x6605);
  v.Value.lpguid = &g;
  ExpectRoundTrip(v, "{01234567-89AB-CDEF-0123-456789ABCDEF}");
  const auto lower = GuidFromText("{01234567-89ab-cdef-0123-456789abcdef}");
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(GuidToText(*lower), "{01234567-89AB-CDEF-0123-456789ABCDEF}");
  EXPECT_FALSE(GuidFromText("01234567-89AB-CDEF-0123-456789ABCDEF").has_value());
  EXPECT_FALSE(GuidFromText("{0123456789AB-CDEF-0123-456789ABCDEF-}").has_value());
  EXPECT_THAT(DecodeError("0x66050048", "{nope}"), HasSubstr("is not a GUID"));
}

TEST(PropJsonTest, FloatingPointTypes) {
  SPropValue d{};
  d.ulPropTag = PROP_TAG(PT_DOUBLE, 0x6606);
  d.Value.dbl = 0.1;
  ExpectRoundTrip(d, 0.1);
  d.Value.dbl = -std::numeric_limits<double>::infinity();
  ExpectRoundTrip(d, "-Infinity");
  d.Value.dbl = std::numeric_limits<double>::quiet_NaN();
  absl::StatusOr<json> nan = PropValueToJson(d);
  ASSERT_TRUE(nan.ok());
  EXPECT_EQ(*nan, "NaN");
  absl::StatusOr<PropArray> back = PropsFromJson(json{{"0x66060005", "NaN"}});
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(std::isnan((*back)[0].Value.dbl));

  SPropValue f{};
  f.ulPropTag = PROP_TAG(PT_R4, 0x6607);
  f.Value.flt = 0.1f;
  ExpectRoundTrip(f, static_cast<double>(0.1f));
  EXPECT_THAT(DecodeError("0x66070004", 1e300), HasSubstr("out of range for PT_R4"));

  SPropValue at{};
  at.ulPropTag = PROP_TAG(PT_APPTIME, 0x6608);
  at.Value.at = 45000.75;
  ExpectRoundTrip(at, 45000.75);
  EXPECT_THAT(DecodeError("0x66080007", "soon"), HasSubstr("is not a number"));
}

TEST(PropJsonTest, ErrorValuesByName) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(PR_DISPLAY_NAME_A));
  v.Value.err = MAPI_E_NOT_FOUND;
  ExpectRoundTrip(v, json{{"error", "MAPI_E_NOT_FOUND"}});
  v.Value.err = static_cast<SCODE>(0x8004ABCD);
  ExpectRoundTrip(v, json{{"error", "0x8004ABCD"}});
  EXPECT_EQ(PropTagName(v.ulPropTag), "PROP_TAG(PT_ERROR, 0x3001)");
  EXPECT_THAT(DecodeError("PROP_TAG(PT_ERROR, 0x3001)", json{{"error", "MAPI_E_NOPE"}}),
              HasSubstr("unknown error code \"MAPI_E_NOPE\""));
  EXPECT_THAT(DecodeError("PROP_TAG(PT_ERROR, 0x3001)", "MAPI_E_NOT_FOUND"),
              HasSubstr("expected {\"error\""));
}

TEST(PropJsonTest, NullAndObjectAreNull) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_NULL, 0x6609);
  ExpectRoundTrip(v, nullptr);
  SPropValue o{};
  o.ulPropTag = PR_ATTACH_DATA_OBJ;
  absl::StatusOr<json> obj = PropValueToJson(o);
  ASSERT_TRUE(obj.ok());
  EXPECT_TRUE(obj->is_null());
}

TEST(PropJsonTest, MultiValuedStringsAndBinaries) {
  char a[] = "ONE.DLL";
  char b[] = "two.dll";
  LPSTR strings[] = {a, b};
  SPropValue mv{};
  mv.ulPropTag = PR_SERVICE_SUPPORT_FILES;
  mv.Value.MVszA = {2, strings};
  ExpectRoundTrip(mv, json::array({"ONE.DLL", "two.dll"}));

  std::basic_string<WCHAR> w1 = Utf8ToWide("\xC3\xA9t\xC3\xA9");
  std::basic_string<WCHAR> w2 = Utf8ToWide("");
  LPWSTR wides[] = {w1.data(), w2.data()};
  SPropValue mvw{};
  mvw.ulPropTag = PROP_TAG(PT_MV_UNICODE, 0x660A);
  mvw.Value.MVszW = {2, wides};
  ExpectRoundTrip(mvw, json::array({"\xC3\xA9t\xC3\xA9", ""}));

  BYTE b1[] = {1, 2};
  BYTE b2[] = {0xAB};
  SBinary bins[] = {{2, b1}, {1, b2}};
  SPropValue mvb{};
  mvb.ulPropTag = PROP_TAG(PT_MV_BINARY, 0x660B);
  mvb.Value.MVbin = {2, bins};
  ExpectRoundTrip(mvb, json::array({"0102", "ab"}));
}

TEST(PropJsonTest, MultiValuedNumbersTimesAndGuids) {
  short shorts[] = {1, -2};
  SPropValue mvi{};
  mvi.ulPropTag = PROP_TAG(PT_MV_I2, 0x6610);
  mvi.Value.MVi = {2, shorts};
  ExpectRoundTrip(mvi, json::array({1, -2}));

  LONG longs[] = {7, -1};
  SPropValue mvl{};
  mvl.ulPropTag = PROP_TAG(PT_MV_LONG, 0x6611);
  mvl.Value.MVl = {2, longs};
  ExpectRoundTrip(mvl, json::array({7u, 4294967295u}));

  float floats[] = {0.5f};
  SPropValue mvf{};
  mvf.ulPropTag = PROP_TAG(PT_MV_R4, 0x6612);
  mvf.Value.MVflt = {1, floats};
  ExpectRoundTrip(mvf, json::array({0.5}));

  double doubles[] = {1.25, -3.5};
  SPropValue mvd{};
  mvd.ulPropTag = PROP_TAG(PT_MV_DOUBLE, 0x6613);
  mvd.Value.MVdbl = {2, doubles};
  ExpectRoundTrip(mvd, json::array({1.25, -3.5}));

  double apptimes[] = {2.5};
  SPropValue mvat{};
  mvat.ulPropTag = PROP_TAG(PT_MV_APPTIME, 0x6614);
  mvat.Value.MVat = {1, apptimes};
  ExpectRoundTrip(mvat, json::array({2.5}));

  CURRENCY curs[2];
  curs[0].int64 = 10000;
  curs[1].int64 = -1;
  SPropValue mvc{};
  mvc.ulPropTag = PROP_TAG(PT_MV_CURRENCY, 0x6615);
  mvc.Value.MVcur = {2, curs};
  ExpectRoundTrip(mvc, json::array({10000, -1}));

  FILETIME times[] = {Ticks(kMay2024Ticks), Ticks(0)};
  SPropValue mvt{};
  mvt.ulPropTag = PROP_TAG(PT_MV_SYSTIME, 0x6616);
  mvt.Value.MVft = {2, times};
  ExpectRoundTrip(mvt, json::array({"2024-05-01T12:30:00Z", "1601-01-01T00:00:00Z"}));

  LARGE_INTEGER bigs[2];
  bigs[0].QuadPart = 5;
  bigs[1].QuadPart = std::numeric_limits<int64_t>::max();
  SPropValue mv8{};
  mv8.ulPropTag = PROP_TAG(PT_MV_I8, 0x6617);
  mv8.Value.MVli = {2, bigs};
  ExpectRoundTrip(mv8, json::array({5, "9223372036854775807"}));

  GUID guids[] = {{1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11}}};
  SPropValue mvg{};
  mvg.ulPropTag = PROP_TAG(PT_MV_CLSID, 0x6618);
  mvg.Value.MVguid = {1, guids};
  ExpectRoundTrip(mvg, json::array({"{00000001-0002-0003-0405-060708090A0B}"}));
}

TEST(PropJsonTest, MultiValuedErrorsNameTheElement) {
  EXPECT_THAT(DecodeError("PR_SERVICE_SUPPORT_FILES", json::array()),
              HasSubstr("PR_SERVICE_SUPPORT_FILES: a multi-valued property needs "
                        "at least one value"));
  EXPECT_THAT(DecodeError("PR_SERVICE_SUPPORT_FILES", json::array({"a", 3})),
              HasSubstr("PR_SERVICE_SUPPORT_FILES: [1]: expected a string, got integer"));
  EXPECT_THAT(DecodeError("PR_SERVICE_SUPPORT_FILES", "a.dll"),
              HasSubstr("expected an array, got string"));
}

TEST(PropJsonTest, UnknownTagsUseHexAndPropTagNames) {
  absl::StatusOr<PropArray> props =
      PropsFromJson(json{{"0x6600001E", "C:\\defab.txt"}, {"PROP_TAG(PT_LONG, 0x3001)", 5}});
  ASSERT_TRUE(props.ok()) << props.status();
  ASSERT_NE(props->Find(0x6600001E), nullptr);
  ASSERT_NE(props->Find(PROP_TAG(PT_LONG, 0x3001)), nullptr);
  EXPECT_EQ(props->Find(PROP_TAG(PT_LONG, 0x3001))->Value.l, 5);
  absl::StatusOr<json> back = PropsToJson(*props);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->dump(), R"js({"0x6600001E":"C:\\defab.txt","PROP_TAG(PT_LONG, 0x3001)":5})js");
}

TEST(PropJsonTest, TStringNamesReadAs8Bit) {
  absl::StatusOr<PropArray> props = PropsFromJson(json{{"PR_DISPLAY_NAME", "x"}});
  ASSERT_TRUE(props.ok()) << props.status();
  EXPECT_EQ((*props)[0].ulPropTag, PR_DISPLAY_NAME_A);
}

TEST(PropJsonTest, KeyErrors) {
  EXPECT_THAT(DecodeError("PR_NO_SUCH_THING", 1),
              HasSubstr("PR_NO_SUCH_THING: not a property name or tag"));
  EXPECT_THAT(DecodeError("PROP_TAG(PT_UNSPECIFIED, 0x3001)", 1),
              HasSubstr("type PT_UNSPECIFIED has no value"));
  EXPECT_THAT(DecodeError("PR_DISPLAY_NAME_A", 12),
              HasSubstr("PR_DISPLAY_NAME_A: expected a string, got integer"));
  absl::StatusOr<PropArray> twice =
      PropsFromJson(json{{"PR_DISPLAY_NAME_A", "a"}, {"PR_DISPLAY_NAME_W", "b"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(std::string(twice.status().message()),
              HasSubstr("PR_DISPLAY_NAME_W: property ID 0x3001 also given as "
                        "PR_DISPLAY_NAME_A"));
  EXPECT_FALSE(PropsFromJson(json::array()).ok());
}

TEST(PropJsonTest, EncodeRefusesWhatHasNoForm) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_UNSPECIFIED, 0x3001);
  EXPECT_FALSE(PropValueToJson(v).ok());
  v.ulPropTag = PROP_TAG(0x0099, 0x3001);
  absl::StatusOr<json> unknown = PropsToJson(&v, 1);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("has no JSON form"));
  SPropValue two[2] = {};
  two[0].ulPropTag = PR_RESOURCE_FLAGS;
  two[1].ulPropTag = PR_RESOURCE_FLAGS;
  absl::StatusOr<json> dup = PropsToJson(two, 2);
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(std::string(dup.status().message()), HasSubstr("also present as"));
}

TEST(PropJsonTest, OutputIsDeterministicAndSortedByKey) {
  PropArrayBuilder builder;
  builder.AddString8(PR_PROVIDER_DLL_NAME_A, "sample_store.dll");
  builder.AddLong(PR_RESOURCE_TYPE, MAPI_STORE_PROVIDER);
  builder.AddString8(PR_DISPLAY_NAME_A, "Sample Store");
  absl::StatusOr<PropArray> props = builder.Build();
  ASSERT_TRUE(props.ok());
  absl::StatusOr<json> j = PropsToJson(*props);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->dump(), R"({"PR_DISPLAY_NAME_A":"Sample Store",)"
                       R"("PR_PROVIDER_DLL_NAME_A":"sample_store.dll","PR_RESOURCE_TYPE":33})");
}

TEST(PropArrayBuilderTest, BuildsEveryHelperKind) {
  PropArrayBuilder builder;
  const BYTE bytes[] = {9, 8};
  const std::vector<std::string> files = {"a.dll", "b.dll"};
  builder.AddLong(PR_RESOURCE_FLAGS, 6);
  builder.AddBoolean(PROP_TAG(PT_BOOLEAN, 0x6602), true);
  builder.AddUnicode(PR_DISPLAY_NAME_W, "\xC3\xA9");
  builder.AddBinary(PR_SERVICE_UID, bytes, sizeof(bytes));
  builder.AddError(PR_ENTRYID, MAPI_E_NOT_FOUND);
  builder.AddMvString8(PR_SERVICE_SUPPORT_FILES, files);
  builder.AddMvUnicode(PROP_TAG(PT_MV_UNICODE, 0x6610), files);
  EXPECT_EQ(builder.size(), 7u);
  absl::StatusOr<PropArray> props = builder.Build();
  ASSERT_TRUE(props.ok()) << props.status();
  absl::StatusOr<json> j = PropsToJson(*props);
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ((*j)["PR_DISPLAY_NAME_W"], "\xC3\xA9");
  EXPECT_EQ((*j)["PR_SERVICE_UID"], "0908");
  EXPECT_EQ((*j)["PROP_TAG(PT_ERROR, 0x0FFF)"], json({{"error", "MAPI_E_NOT_FOUND"}}));
  EXPECT_EQ((*j)["PR_SERVICE_SUPPORT_FILES_A"], json::array({"a.dll", "b.dll"}));
}

TEST(TextFormsTest, HexAndUtf8Helpers) {
  const BYTE bytes[] = {0x00, 0x7F, 0x80, 0xFF};
  EXPECT_EQ(BytesToHex(bytes, 4), "007f80ff");
  EXPECT_EQ(HexToBytes("007F80ff").value(), std::vector<BYTE>(bytes, bytes + 4));
  EXPECT_FALSE(HexToBytes("0").has_value());
  EXPECT_TRUE(IsValidUtf8("plain \xC3\xA9"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));      // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));      // truncated
  EXPECT_EQ(WideToUtf8(Utf8ToWide("\xF0\x9F\x93\xAB").c_str()), "\xF0\x9F\x93\xAB");
  EXPECT_EQ(WideToUtf8(nullptr), "");
  EXPECT_EQ(ScodeName(MAPI_E_NO_ACCESS), "MAPI_E_NO_ACCESS");
  EXPECT_EQ(ScodeName(static_cast<SCODE>(0x80041234)), "0x80041234");
}

}  // namespace
}  // namespace mapi_emu
