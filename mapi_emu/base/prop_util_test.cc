#include "mapi_emu/base/prop_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <cwchar>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapidefs.h"

namespace mapi_emu {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

// ALLOCATEBUFFER / ALLOCATEMORE are plain function pointers; these route
// them to the allocator of the running test.
BufferAllocator* g_allocator = nullptr;

SCODE STDMETHODCALLTYPE TestAllocateBuffer(ULONG cb, LPVOID* out) {
  return g_allocator->Allocate(cb, out);
}
SCODE STDMETHODCALLTYPE TestAllocateMore(ULONG cb, LPVOID parent, LPVOID* out) {
  return g_allocator->AllocateMore(cb, parent, out);
}
SCODE STDMETHODCALLTYPE FailingAllocateBuffer(ULONG, LPVOID* out) {
  *out = nullptr;
  return MAPI_E_NOT_ENOUGH_MEMORY;
}
SCODE STDMETHODCALLTYPE FailingAllocateMore(ULONG, LPVOID, LPVOID* out) {
  *out = nullptr;
  return MAPI_E_NOT_ENOUGH_MEMORY;
}

class PropUtilTest : public ::testing::Test {
 protected:
  PropUtilTest() { g_allocator = &allocator_; }
  ~PropUtilTest() override {
    EXPECT_EQ(allocator_.GetStats().live_roots, 0u) << "test leaked a buffer";
    g_allocator = nullptr;
  }
  BufferAllocator allocator_;
};

constexpr GUID kGuid = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
constexpr GUID kGuid2 = {0x0badcafe, 0x1111, 0x2222, {9, 8, 7, 6, 5, 4, 3, 2}};

// One value of every property type, with the data it points to. Not
// copyable: the values point into the object.
class SampleValues {
 public:
  SampleValues() {
    Add(PT_NULL).Value.x = 0;
    Add(PT_I2).Value.i = -1234;
    Add(PT_LONG).Value.l = -123456789;
    Add(PT_R4).Value.flt = 3.5f;
    Add(PT_DOUBLE).Value.dbl = 2.718281828;
    Add(PT_CURRENCY).Value.cur.int64 = 123456789012345;
    Add(PT_APPTIME).Value.at = 45000.25;
    Add(PT_ERROR).Value.err = MAPI_E_NOT_FOUND;
    Add(PT_BOOLEAN).Value.b = 1;
    Add(PT_OBJECT).Value.x = 0;
    Add(PT_I8).Value.li.QuadPart = -9876543210123;
    Add(PT_STRING8).Value.lpszA = str8_;
    Add(PT_UNICODE).Value.lpszW = wstr_;
    SPropValue& ft = Add(PT_SYSTIME);
    ft.Value.ft.dwLowDateTime = 0x89abcdef;
    ft.Value.ft.dwHighDateTime = 0x01d00000;
    Add(PT_CLSID).Value.lpguid = &guid_;
    SPropValue& bin = Add(PT_BINARY);
    bin.Value.bin.cb = sizeof(bin_);
    bin.Value.bin.lpb = bin_;
    SPropValue& mvi = Add(PT_MV_I2);
    mvi.Value.MVi = {3, mvi_};
    SPropValue& mvl = Add(PT_MV_LONG);
    mvl.Value.MVl = {2, mvl_};
    SPropValue& mvflt = Add(PT_MV_R4);
    mvflt.Value.MVflt = {2, mvflt_};
    SPropValue& mvdbl = Add(PT_MV_DOUBLE);
    mvdbl.Value.MVdbl = {3, mvdbl_};
    SPropValue& mvcur = Add(PT_MV_CURRENCY);
    mvcur.Value.MVcur = {2, mvcur_};
    SPropValue& mvat = Add(PT_MV_APPTIME);
    mvat.Value.MVat = {1, mvat_};
    SPropValue& mvft = Add(PT_MV_SYSTIME);
    mvft.Value.MVft = {2, mvft_};
    SPropValue& mvsza = Add(PT_MV_STRING8);
    mvsza.Value.MVszA = {3, mvsza_};
    SPropValue& mvbin = Add(PT_MV_BINARY);
    mvbin.Value.MVbin = {3, mvbin_};
    SPropValue& mvszw = Add(PT_MV_UNICODE);
    mvszw.Value.MVszW = {2, mvszw_};
    SPropValue& mvguid = Add(PT_MV_CLSID);
    mvguid.Value.MVguid = {2, mvguid_};
    SPropValue& mvli = Add(PT_MV_I8);
    mvli.Value.MVli = {2, mvli_};
  }
  SampleValues(const SampleValues&) = delete;
  SampleValues& operator=(const SampleValues&) = delete;

  std::vector<SPropValue>& values() { return values_; }
  const SPropValue& Of(ULONG type) const {
    for (const auto& v : values_) {
      if (PROP_TYPE(v.ulPropTag) == type) return v;
    }
    ADD_FAILURE() << "no sample of type " << type;
    return values_.front();
  }

  // Overwrites every byte the values point to, to show copies do not share it.
  void Scribble() {
    std::memset(str8_, 'x', sizeof(str8_) - 1);
    for (size_t i = 0; i + 1 < std::size(wstr_); ++i) wstr_[i] = L'y';
    std::memset(bin_, 0xEE, sizeof(bin_));
    std::memset(&guid_, 0xEE, sizeof(guid_));
    mvi_[0] = mvl_[0] = 0;
    mvflt_[0] = 0;
    mvdbl_[0] = mvat_[0] = 0;
    mvcur_[0].int64 = 0;
    mvft_[0] = {};
    std::memset(a0_, 'z', sizeof(a0_) - 1);
    w0_[0] = L'z';
    b0_[0] = 0xEE;
    std::memset(mvguid_, 0xEE, sizeof(mvguid_));
    mvli_[0].QuadPart = 0;
  }

 private:
  SPropValue& Add(ULONG type) {
    SPropValue v;
    std::memset(&v, 0, sizeof(v));
    v.ulPropTag = PROP_TAG(type, 0x6600 + values_.size());
    values_.push_back(v);
    return values_.back();
  }

  std::vector<SPropValue> values_ = [] {
    std::vector<SPropValue> v;
    v.reserve(64);  // Add hands out references; never reallocate
    return v;
  }();
  char str8_[16] = "hello, world";
  WCHAR wstr_[16] = L"wide \u00e9t\u00e9";
  BYTE bin_[5] = {1, 2, 3, 4, 5};
  GUID guid_ = kGuid;
  short int mvi_[3] = {1, -2, 3};
  LONG mvl_[2] = {100000, -7};
  float mvflt_[2] = {0.5f, -1.25f};
  double mvdbl_[3] = {1.0, 2.5, -3.75};
  double mvat_[1] = {40000.5};
  CURRENCY mvcur_[2] = {};
  FILETIME mvft_[2] = {{1, 2}, {3, 4}};
  char a0_[6] = "alpha";
  char a1_[1] = "";
  char a2_[6] = "gamma";
  LPSTR mvsza_[3] = {a0_, a1_, a2_};
  WCHAR w0_[4] = L"\u03b1\u03b2\u03b3";
  WCHAR w1_[3] = L"ok";
  LPWSTR mvszw_[2] = {w0_, w1_};
  BYTE b0_[3] = {9, 8, 7};
  BYTE b1_[1] = {42};
  SBinary mvbin_[3] = {{3, b0_}, {0, nullptr}, {1, b1_}};
  GUID mvguid_[2] = {kGuid, kGuid2};
  LARGE_INTEGER mvli_[2] = {};
};

// One region a value points to; `table` marks pointer/SBinary arrays, whose
// bytes are addresses and so differ between a value and its copy.
struct Piece {
  const void* data;
  size_t size;
  bool table;
};

std::vector<Piece> Pieces(const SPropValue& v) {
  const _PV& u = v.Value;
  std::vector<Piece> out;
  switch (PROP_TYPE(v.ulPropTag)) {
    case PT_STRING8:
      out.push_back({u.lpszA, std::strlen(u.lpszA) + 1, false});
      break;
    case PT_UNICODE:
      out.push_back({u.lpszW, (std::wcslen(u.lpszW) + 1) * sizeof(WCHAR), false});
      break;
    case PT_BINARY:
      out.push_back({u.bin.lpb, u.bin.cb, false});
      break;
    case PT_CLSID:
      out.push_back({u.lpguid, sizeof(GUID), false});
      break;
    case PT_MV_I2:
      out.push_back({u.MVi.lpi, u.MVi.cValues * sizeof(short int), false});
      break;
    case PT_MV_LONG:
      out.push_back({u.MVl.lpl, u.MVl.cValues * sizeof(LONG), false});
      break;
    case PT_MV_R4:
      out.push_back({u.MVflt.lpflt, u.MVflt.cValues * sizeof(float), false});
      break;
    case PT_MV_DOUBLE:
      out.push_back({u.MVdbl.lpdbl, u.MVdbl.cValues * sizeof(double), false});
      break;
    case PT_MV_APPTIME:
      out.push_back({u.MVat.lpat, u.MVat.cValues * sizeof(double), false});
      break;
    case PT_MV_CURRENCY:
      out.push_back({u.MVcur.lpcur, u.MVcur.cValues * sizeof(CURRENCY), false});
      break;
    case PT_MV_SYSTIME:
      out.push_back({u.MVft.lpft, u.MVft.cValues * sizeof(FILETIME), false});
      break;
    case PT_MV_CLSID:
      out.push_back({u.MVguid.lpguid, u.MVguid.cValues * sizeof(GUID), false});
      break;
    case PT_MV_I8:
      out.push_back({u.MVli.lpli, u.MVli.cValues * sizeof(LARGE_INTEGER), false});
      break;
    case PT_MV_STRING8:
      out.push_back({u.MVszA.lppszA, u.MVszA.cValues * sizeof(LPSTR), true});
      for (ULONG i = 0; i < u.MVszA.cValues; ++i) {
        out.push_back({u.MVszA.lppszA[i], std::strlen(u.MVszA.lppszA[i]) + 1, false});
      }
      break;
    case PT_MV_UNICODE:
      out.push_back({u.MVszW.lppszW, u.MVszW.cValues * sizeof(LPWSTR), true});
      for (ULONG i = 0; i < u.MVszW.cValues; ++i) {
        out.push_back(
            {u.MVszW.lppszW[i], (std::wcslen(u.MVszW.lppszW[i]) + 1) * sizeof(WCHAR), false});
      }
      break;
    case PT_MV_BINARY:
      out.push_back({u.MVbin.lpbin, u.MVbin.cValues * sizeof(SBinary), true});
      for (ULONG i = 0; i < u.MVbin.cValues; ++i) {
        out.push_back({u.MVbin.lpbin[i].lpb, u.MVbin.lpbin[i].cb, false});
      }
      break;
    default:
      break;
  }
  return out;
}

// The copy has the same tag and the same contents as the source.
void ExpectDeepEqual(const SPropValue& copy, const SPropValue& src) {
  SCOPED_TRACE(testing::Message() << "tag 0x" << std::hex << src.ulPropTag);
  EXPECT_EQ(copy.ulPropTag, src.ulPropTag);
  const std::vector<Piece> a = Pieces(copy);
  const std::vector<Piece> b = Pieces(src);
  if (b.empty()) {
    EXPECT_EQ(std::memcmp(&copy.Value, &src.Value, sizeof(src.Value)), 0);
    return;
  }
  EXPECT_EQ(PropSize(copy), PropSize(src));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].size, b[i].size) << "piece " << i;
    if (!a[i].table && a[i].size != 0) {
      EXPECT_EQ(std::memcmp(a[i].data, b[i].data, a[i].size), 0) << "piece " << i;
    }
  }
}

bool Overlap(const Piece& x, const Piece& y) {
  if (x.size == 0 || y.size == 0) return false;
  auto xb = reinterpret_cast<uintptr_t>(x.data);
  auto yb = reinterpret_cast<uintptr_t>(y.data);
  return xb < yb + y.size && yb < xb + x.size;
}

// Nothing the copy points to is memory of the source.
void ExpectNoAlias(const SPropValue& copy, const SPropValue& src) {
  for (const Piece& c : Pieces(copy)) {
    for (const Piece& s : Pieces(src)) {
      EXPECT_FALSE(Overlap(c, s)) << "tag 0x" << std::hex << src.ulPropTag;
    }
  }
}

// Everything the value points to lies in [base, base + cb) at a multiple of
// kPropDataAlignment from base.
void ExpectInside(const SPropValue& v, const void* base, ULONG cb) {
  const auto begin = reinterpret_cast<uintptr_t>(base);
  for (const Piece& p : Pieces(v)) {
    const auto at = reinterpret_cast<uintptr_t>(p.data);
    EXPECT_GE(at, begin) << "tag 0x" << std::hex << v.ulPropTag;
    EXPECT_LE(at + p.size, begin + cb) << "tag 0x" << std::hex << v.ulPropTag;
    EXPECT_EQ((at - begin) % kPropDataAlignment, 0u) << "tag 0x" << std::hex << v.ulPropTag;
  }
}

const SPropValue& ValueOfType(const SPropValue* props, int n, ULONG type) {
  for (int i = 0; i < n; ++i) {
    if (PROP_TYPE(props[i].ulPropTag) == type) return props[i];
  }
  ADD_FAILURE() << "no value of type " << type;
  return props[0];
}

// ---- PpropFindProp ------------------------------------------------------

TEST(FindPropTest, MatchesWholeTagOrIdForUnspecifiedType) {
  SPropValue props[3];
  std::memset(props, 0, sizeof(props));
  props[0].ulPropTag = PROP_TAG(PT_LONG, 0x1000);
  props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x3001);
  props[2].ulPropTag = PROP_TAG(PT_UNICODE, 0x3001);

  EXPECT_EQ(FindProp(props, 3, PROP_TAG(PT_LONG, 0x1000)), &props[0]);
  EXPECT_EQ(FindProp(props, 3, PROP_TAG(PT_UNICODE, 0x3001)), &props[2]);
  // Same ID, other type: no match.
  EXPECT_EQ(FindProp(props, 3, PROP_TAG(PT_I2, 0x1000)), nullptr);
  // PT_UNSPECIFIED matches the ID only; the first such value wins.
  EXPECT_EQ(FindProp(props, 3, PROP_TAG(PT_UNSPECIFIED, 0x3001)), &props[1]);
  EXPECT_EQ(FindProp(props, 3, PROP_TAG(PT_UNSPECIFIED, 0x1000)), &props[0]);
  EXPECT_EQ(FindProp(props, 3, PROP_TAG(PT_UNSPECIFIED, 0x4000)), nullptr);
  // Only the first cValues entries are searched.
  EXPECT_EQ(FindProp(props, 2, PROP_TAG(PT_UNICODE, 0x3001)), nullptr);
  EXPECT_EQ(FindProp(nullptr, 3, PROP_TAG(PT_LONG, 0x1000)), nullptr);
}

// ---- UlPropSize ------------------------------------------------------------

TEST(PropSizeTest, SizesOfEveryType) {
  SampleValues samples;
  const std::map<ULONG, ULONG> expected = {
      {PT_NULL, 0},
      {PT_I2, 2},
      {PT_LONG, 4},
      {PT_R4, 4},
      {PT_DOUBLE, 8},
      {PT_CURRENCY, 8},
      {PT_APPTIME, 8},
      {PT_ERROR, 4},
      {PT_BOOLEAN, 2},
      {PT_OBJECT, 0},
      {PT_I8, 8},
      {PT_STRING8, 13},                 // "hello, world" + NUL
      {PT_UNICODE, 9 * sizeof(WCHAR)},  // 8 characters + NUL
      {PT_SYSTIME, 8},
      {PT_CLSID, 16},
      {PT_BINARY, 5},
      {PT_MV_I2, 3 * 2},
      {PT_MV_LONG, 2 * 4},
      {PT_MV_R4, 2 * 4},
      {PT_MV_DOUBLE, 3 * 8},
      {PT_MV_CURRENCY, 2 * 8},
      {PT_MV_APPTIME, 1 * 8},
      {PT_MV_SYSTIME, 2 * 8},
      {PT_MV_STRING8, 6 + 1 + 6},  // strings only, no pointer array
      {PT_MV_BINARY, 3 + 0 + 1},   // bytes only, no SBinary array
      {PT_MV_UNICODE, (4 + 3) * sizeof(WCHAR)},
      {PT_MV_CLSID, 2 * 16},
      {PT_MV_I8, 2 * 8},
  };
  ASSERT_EQ(samples.values().size(), expected.size());
  for (const SPropValue& v : samples.values()) {
    EXPECT_EQ(PropSize(v), expected.at(PROP_TYPE(v.ulPropTag)))
        << "type 0x" << std::hex << PROP_TYPE(v.ulPropTag);
  }
  SPropValue unknown;
  std::memset(&unknown, 0, sizeof(unknown));
  unknown.ulPropTag = PROP_TAG(0x0099, 0x6000);
  EXPECT_EQ(PropSize(unknown), 0u);
  unknown.ulPropTag = PROP_TAG(PT_UNSPECIFIED, 0x6000);
  EXPECT_EQ(PropSize(unknown), 0u);
}

// ---- PropCopyMore -----------------------------------------------------------

class CopyPropMoreTest : public PropUtilTest, public ::testing::WithParamInterface<size_t> {};

TEST_P(CopyPropMoreTest, DeepCopiesEveryTypeIntoLinkedMemory) {
  SampleValues samples;
  const SPropValue& src = samples.values().at(GetParam());
  void* root = nullptr;
  ASSERT_THAT(allocator_.Allocate(sizeof(SPropValue), &root), HrIs(S_OK));
  auto* dst = static_cast<SPropValue*>(root);

  ASSERT_THAT(CopyPropMore(dst, &src, TestAllocateMore, root), HrIs(S_OK));
  ExpectDeepEqual(*dst, src);
  ExpectNoAlias(*dst, src);
  // The copy's memory is linked to the root: at most one block per value.
  EXPECT_EQ(allocator_.GetStats().live_more_blocks, Pieces(src).empty() ? 0u : 1u);
  for (const Piece& p : Pieces(*dst)) {
    if (p.size != 0) {
      EXPECT_TRUE(p.data != nullptr);
    }
  }

  // The copy keeps its contents when the source changes.
  SPropValue before;
  std::memcpy(&before, dst, sizeof(before));
  samples.Scribble();
  ExpectDeepEqual(*dst, before);

  allocator_.Free(root);
  EXPECT_EQ(allocator_.GetStats().live_more_blocks, 0u);
}

INSTANTIATE_TEST_SUITE_P(EveryType, CopyPropMoreTest, ::testing::Range<size_t>(0, 28));

TEST_F(PropUtilTest, CopyPropMoreInPlaceMakesAnIndependentCopy) {
  SampleValues samples;
  void* root = nullptr;
  ASSERT_THAT(allocator_.Allocate(0, &root), HrIs(S_OK));
  SPropValue v = samples.Of(PT_MV_STRING8);
  ASSERT_THAT(CopyPropMore(&v, &v, TestAllocateMore, root), HrIs(S_OK));
  ExpectDeepEqual(v, samples.Of(PT_MV_STRING8));
  ExpectNoAlias(v, samples.Of(PT_MV_STRING8));
  allocator_.Free(root);
}

TEST_F(PropUtilTest, CopyPropMoreErrors) {
  SampleValues samples;
  void* root = nullptr;
  ASSERT_THAT(allocator_.Allocate(0, &root), HrIs(S_OK));
  SPropValue dst;
  std::memset(&dst, 0x5C, sizeof(dst));
  const SPropValue untouched = dst;

  SPropValue bad;
  std::memset(&bad, 0, sizeof(bad));
  bad.ulPropTag = PROP_TAG(0x0099, 0x6000);  // no such type
  EXPECT_THAT(CopyPropMore(&dst, &bad, TestAllocateMore, root), HrIs(MAPI_E_NO_SUPPORT));
  bad.ulPropTag = PROP_TAG(PT_UNSPECIFIED, 0x6000);
  EXPECT_THAT(CopyPropMore(&dst, &bad, TestAllocateMore, root), HrIs(MAPI_E_NO_SUPPORT));
  bad.ulPropTag = PROP_TAG(PT_STRING8, 0x6000);  // lpszA is NULL
  EXPECT_THAT(CopyPropMore(&dst, &bad, TestAllocateMore, root), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CopyPropMore(nullptr, &samples.Of(PT_LONG), TestAllocateMore, root),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CopyPropMore(&dst, &samples.Of(PT_LONG), nullptr, root),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CopyPropMore(&dst, &samples.Of(PT_BINARY), FailingAllocateMore, root),
              HrIs(MAPI_E_NOT_ENOUGH_MEMORY));
  EXPECT_EQ(std::memcmp(&dst, &untouched, sizeof(dst)), 0);
  allocator_.Free(root);
}

// ---- ScCountProps / ScCopyProps / ScDupPropset ---------------------------

TEST(CountPropsTest, MatchesMapiForSimpleCases) {
  // Values without padding come out as MAPI counts them (sccountprops.md;
  // the same figures Wine's conformance tests measure on Windows).
  char hi[] = "Hi!";
  SPropValue v;
  std::memset(&v, 0, sizeof(v));
  v.ulPropTag = PROP_TAG(PT_STRING8, 1);
  v.Value.lpszA = hi;
  ULONG cb = 0;
  ASSERT_THAT(CountProps(1, &v, &cb), HrIs(S_OK));
  EXPECT_EQ(cb, sizeof(SPropValue) + 4);

  char test[] = "Test";
  LPSTR strings[] = {test};
  v.ulPropTag = PROP_TAG(PT_MV_STRING8, 1);
  v.Value.MVszA = {1, strings};
  ASSERT_THAT(CountProps(1, &v, &cb), HrIs(S_OK));
  EXPECT_EQ(cb, sizeof(SPropValue) + sizeof(LPSTR) + 5);

  v.ulPropTag = PROP_TAG(PT_LONG, 1);
  ASSERT_THAT(CountProps(1, &v, &cb), HrIs(S_OK));
  EXPECT_EQ(cb, sizeof(SPropValue));
  EXPECT_THAT(CountProps(1, &v, nullptr), HrIs(S_OK));  // validate only
}

TEST(CountPropsTest, RejectsWhatThePageRejects) {
  SPropValue v;
  auto count = [&](ULONG tag) {
    std::memset(&v, 0, sizeof(v));
    v.ulPropTag = tag;
    ULONG cb = 0xFFFFFFFF;
    const SCODE sc = CountProps(1, &v, &cb);
    if (FAILED(sc)) {
      EXPECT_EQ(cb, 0xFFFFFFFFu) << "*pcb written on failure";
    }
    return sc;
  };
  EXPECT_THAT(count(PROP_TAG(PT_UNSPECIFIED, 0x6000)), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(count(PROP_TAG(0x0099, 0x6000)), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(count(PROP_TAG(PT_LONG, PROP_ID_NULL)), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(count(PROP_TAG(PT_LONG, PROP_ID_INVALID)), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(count(PROP_TAG(PT_MV_LONG, 0x6000)), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(count(PROP_TAG(PT_STRING8, 0x6000)), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(count(PROP_TAG(PT_LONG, 0x6000)), HrIs(S_OK));
  ULONG cb = 0;
  EXPECT_THAT(CountProps(-1, &v, &cb), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CountProps(1, nullptr, &cb), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST(CopyPropsTest, OneBufferWithEveryTypeAndExactlyTheCountedBytes) {
  SampleValues samples;
  std::vector<SPropValue>& src = samples.values();
  const int n = static_cast<int>(src.size());
  ULONG counted = 0;
  ASSERT_THAT(CountProps(n, src.data(), &counted), HrIs(S_OK));

  // Guard bytes after the counted size must stay untouched.
  constexpr size_t kGuard = 64;
  std::vector<uint64_t> storage((counted + kGuard) / 8 + 1, 0);
  auto* buffer = reinterpret_cast<unsigned char*>(storage.data());
  std::memset(buffer + counted, 0xEE, kGuard);
  ULONG written = 0;
  ASSERT_THAT(CopyProps(n, src.data(), buffer, &written), HrIs(S_OK));
  EXPECT_EQ(written, counted);
  for (size_t i = 0; i < kGuard; ++i) {
    ASSERT_EQ(buffer[counted + i], 0xEE) << "wrote past the counted size";
  }

  auto* copy = reinterpret_cast<SPropValue*>(buffer);
  for (int i = 0; i < n; ++i) {
    ExpectDeepEqual(copy[i], src[i]);  // same order as the source
    ExpectNoAlias(copy[i], src[i]);
    ExpectInside(copy[i], buffer, counted);
  }
}

TEST(CopyPropsTest, SubRangeAndErrors) {
  SampleValues samples;
  std::vector<SPropValue>& src = samples.values();
  std::vector<uint64_t> storage(512);
  // rgprop may point into the middle of an array.
  ULONG cb = 0;
  ASSERT_THAT(CopyProps(2, &src[11], storage.data(), &cb), HrIs(S_OK));
  auto* copy = reinterpret_cast<SPropValue*>(storage.data());
  ExpectDeepEqual(copy[0], src[11]);
  ExpectDeepEqual(copy[1], src[12]);

  SPropValue bad = src[0];
  bad.ulPropTag = PROP_TAG(0x0099, 0x6000);
  storage[0] = 0x1234;
  EXPECT_THAT(CopyProps(1, &bad, storage.data(), &cb), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(storage[0], 0x1234u) << "nothing is written on failure";
  EXPECT_THAT(CopyProps(1, src.data(), nullptr, &cb), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CopyProps(-1, src.data(), storage.data(), &cb), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(CopyProps(0, src.data(), storage.data(), nullptr), HrIs(S_OK));
}

TEST_F(PropUtilTest, DupPropsetIsOneBufferThatOutlivesTheSource) {
  SampleValues samples;
  std::vector<SPropValue>& src = samples.values();
  const int n = static_cast<int>(src.size());
  std::vector<SPropValue> before(src.begin(), src.end());

  SPropValue* dup = nullptr;
  ASSERT_THAT(DupPropset(n, src.data(), TestAllocateBuffer, &dup), HrIs(S_OK));
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ(allocator_.GetStats().live_roots, 1u);
  EXPECT_EQ(allocator_.GetStats().live_more_blocks, 0u);
  ULONG cb = 0;
  ASSERT_THAT(CountProps(n, src.data(), &cb), HrIs(S_OK));
  for (int i = 0; i < n; ++i) {
    ExpectDeepEqual(dup[i], src[i]);
    ExpectNoAlias(dup[i], src[i]);
    ExpectInside(dup[i], dup, cb);
  }
  // Spot checks that read like the data.
  EXPECT_STREQ(ValueOfType(dup, n, PT_STRING8).Value.lpszA, "hello, world");
  EXPECT_EQ(std::wcscmp(ValueOfType(dup, n, PT_MV_UNICODE).Value.MVszW.lppszW[1], L"ok"), 0);
  EXPECT_EQ(ValueOfType(dup, n, PT_MV_CLSID).Value.MVguid.lpguid[1], kGuid2);

  samples.Scribble();
  EXPECT_STREQ(ValueOfType(dup, n, PT_STRING8).Value.lpszA, "hello, world");
  EXPECT_EQ(*ValueOfType(dup, n, PT_CLSID).Value.lpguid, kGuid);
  allocator_.Free(dup);
}

TEST_F(PropUtilTest, DupPropsetErrors) {
  SampleValues samples;
  SPropValue* out = reinterpret_cast<SPropValue*>(uintptr_t{0xBADF00D0});
  SPropValue empty_mv;
  std::memset(&empty_mv, 0, sizeof(empty_mv));
  empty_mv.ulPropTag = PROP_TAG(PT_MV_BINARY, 0x6000);
  EXPECT_THAT(DupPropset(1, &empty_mv, TestAllocateBuffer, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(DupPropset(1, &samples.Of(PT_LONG), FailingAllocateBuffer, &out),
              HrIs(MAPI_E_NOT_ENOUGH_MEMORY));
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(DupPropset(1, &samples.Of(PT_LONG), nullptr, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(DupPropset(1, &samples.Of(PT_LONG), TestAllocateBuffer, nullptr),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

// ---- FreeProws / FreePadrlist ---------------------------------------------

// A row set laid out as MAPI's rules require: the set and each row's
// property array are separate MAPIAllocateBuffer buffers.
SRowSet* MakeRows(BufferAllocator& allocator, ULONG rows) {
  void* set = nullptr;
  EXPECT_THAT(allocator.Allocate(CbNewSRowSet(rows), &set), HrIs(S_OK));
  auto* row_set = static_cast<SRowSet*>(set);
  row_set->cRows = rows;
  for (ULONG i = 0; i < rows; ++i) {
    void* props = nullptr;
    EXPECT_THAT(allocator.Allocate(2 * sizeof(SPropValue), &props), HrIs(S_OK));
    row_set->aRow[i] = {0, 2, static_cast<SPropValue*>(props)};
    void* more = nullptr;  // row data linked to the row's array
    EXPECT_THAT(allocator.AllocateMore(32, props, &more), HrIs(S_OK));
  }
  return row_set;
}

TEST_F(PropUtilTest, FreeRowsFreesEveryRowThenTheSet) {
  SRowSet* rows = MakeRows(allocator_, 3);
  EXPECT_EQ(allocator_.GetStats().live_roots, 4u);
  FreeRows(rows, allocator_);
  EXPECT_EQ(allocator_.GetStats().live_roots, 0u);
  EXPECT_EQ(allocator_.GetStats().live_more_blocks, 0u);
  EXPECT_EQ(allocator_.GetStats().bad_calls, 0u);
  FreeRows(nullptr, allocator_);  // NULL-safe
  EXPECT_EQ(allocator_.GetStats().bad_calls, 0u);
}

TEST_F(PropUtilTest, FreeRowsToleratesRowsWithoutProperties) {
  SRowSet* rows = MakeRows(allocator_, 2);
  allocator_.Free(rows->aRow[1].lpProps);
  rows->aRow[1] = {0, 0, nullptr};
  FreeRows(rows, allocator_);
  EXPECT_EQ(allocator_.GetStats().live_roots, 0u);
  EXPECT_EQ(allocator_.GetStats().bad_calls, 0u);
}

TEST_F(PropUtilTest, FreeAdrListFreesEveryEntryThenTheList) {
  void* block = nullptr;
  ASSERT_THAT(allocator_.Allocate(CbNewADRLIST(2), &block), HrIs(S_OK));
  auto* list = static_cast<ADRLIST*>(block);
  list->cEntries = 2;
  for (ULONG i = 0; i < 2; ++i) {
    void* props = nullptr;
    ASSERT_THAT(allocator_.Allocate(sizeof(SPropValue), &props), HrIs(S_OK));
    list->aEntries[i] = {0, 1, static_cast<SPropValue*>(props)};
  }
  FreeAdrList(list, allocator_);
  EXPECT_EQ(allocator_.GetStats().live_roots, 0u);
  FreeAdrList(nullptr, allocator_);
  EXPECT_EQ(allocator_.GetStats().bad_calls, 0u);
}

TEST_F(PropUtilTest, FreeRowsOfForeignMemoryIsReportedWithoutReadingIt) {
  std::vector<BadFreeReport> reports;
  allocator_.SetBadCallObserver([&](const BadFreeReport& r) { reports.push_back(r); });
  SizedSRowSet(1, on_stack);
  on_stack.cRows = 0x7FFFFFFF;  // would walk far off if it were read
  on_stack.aRow[0] = {0, 0, nullptr};
  FreeRows(reinterpret_cast<SRowSet*>(&on_stack), allocator_);
  SizedADRLIST(1, adr_on_stack);
  adr_on_stack.cEntries = 0x7FFFFFFF;
  FreeAdrList(reinterpret_cast<ADRLIST*>(&adr_on_stack), allocator_);
  EXPECT_THAT(reports, ElementsAre(AllOf(Field(&BadFreeReport::kind, BadFreeReport::Kind::kForeign),
                                         Field(&BadFreeReport::function, "FreeProws")),
                                   AllOf(Field(&BadFreeReport::kind, BadFreeReport::Kind::kForeign),
                                         Field(&BadFreeReport::function, "FreePadrlist"))));
  allocator_.SetBadCallObserver(nullptr);
}

// ---- HrGetOneProp / HrSetOneProp ----------------------------------------

// An IMAPIProp holding a few values, allocating its results the way a
// provider does (root buffer + linked blocks from the test allocator).
class FakeProp final : public ComObject<IMAPIProp> {
 public:
  FakeProp() : ComObject(nullptr, "FakeProp") {}

  // Values returned by GetProps (the caller keeps their data alive).
  std::vector<SPropValue> values;
  // When set, GetProps / SetProps fail with this.
  std::optional<HRESULT> get_failure;
  std::optional<HRESULT> set_failure;
  // When set, SetProps succeeds but reports this scode for the value.
  std::optional<SCODE> set_problem;
  // Non-conforming: GetProps reports a missing value with S_OK.
  bool errors_without_warning = false;
  std::vector<ULONG> set_tags;

  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP SaveChanges(ULONG) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG, ULONG* count, LPSPropValue* props) override {
    if (get_failure) return *get_failure;
    void* block = nullptr;
    SCODE sc = g_allocator->Allocate(tags->cValues * sizeof(SPropValue), &block);
    if (FAILED(sc)) return sc;
    auto* out = static_cast<SPropValue*>(block);
    bool missing = false;
    for (ULONG i = 0; i < tags->cValues; ++i) {
      SPropValue* found =
          FindProp(values.data(), static_cast<ULONG>(values.size()), tags->aulPropTag[i]);
      if (found != nullptr) {
        sc = CopyPropMore(&out[i], found, TestAllocateMore, block);
        if (FAILED(sc)) return sc;
      } else {
        missing = true;
        out[i].ulPropTag = CHANGE_PROP_TYPE(tags->aulPropTag[i], PT_ERROR);
        out[i].Value.err = MAPI_E_NOT_FOUND;
      }
    }
    *count = tags->cValues;
    *props = out;
    return missing && !errors_without_warning ? MAPI_W_ERRORS_RETURNED : S_OK;
  }
  STDMETHODIMP GetPropList(ULONG, LPSPropTagArray*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP SetProps(ULONG count, LPSPropValue props, LPSPropProblemArray* problems) override {
    if (set_failure) return *set_failure;
    for (ULONG i = 0; i < count; ++i) set_tags.push_back(props[i].ulPropTag);
    if (problems == nullptr) return S_OK;
    *problems = nullptr;
    if (set_problem) {
      void* block = nullptr;
      const SCODE sc = g_allocator->Allocate(CbNewSPropProblemArray(1), &block);
      if (FAILED(sc)) return sc;
      *problems = static_cast<SPropProblemArray*>(block);
      (*problems)->cProblem = 1;
      (*problems)->aProblem[0] = {0, props[0].ulPropTag, *set_problem};
    }
    return S_OK;
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray*, LPGUID, ULONG, ULONG*, LPMAPINAMEID**) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID*, ULONG, LPSPropTagArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
};

constexpr ULONG kSubjectTag = PROP_TAG(PT_STRING8, 0x0037);
constexpr ULONG kSizeTag = PROP_TAG(PT_LONG, 0x0E08);

TEST_F(PropUtilTest, GetOnePropReturnsTheValue) {
  ComPtr<FakeProp> object = MakeComObject<FakeProp>();
  char subject[] = "Quarterly report";
  SPropValue v;
  std::memset(&v, 0, sizeof(v));
  v.ulPropTag = kSubjectTag;
  v.Value.lpszA = subject;
  object->values.push_back(v);

  SPropValue* out = nullptr;
  ASSERT_THAT(GetOneProp(object.get(), kSubjectTag, &out, allocator_), HrIs(S_OK));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->ulPropTag, kSubjectTag);
  EXPECT_STREQ(out->Value.lpszA, "Quarterly report");
  allocator_.Free(out);

  // PT_UNSPECIFIED asks for whatever type the object has.
  ASSERT_THAT(GetOneProp(object.get(), PROP_TAG(PT_UNSPECIFIED, 0x0037), &out, allocator_),
              HrIs(S_OK));
  EXPECT_EQ(out->ulPropTag, kSubjectTag);
  allocator_.Free(out);
}

TEST_F(PropUtilTest, GetOnePropOfAMissingValueIsNotFoundAndFreesTheError) {
  ComPtr<FakeProp> object = MakeComObject<FakeProp>();
  SPropValue* out = reinterpret_cast<SPropValue*>(uintptr_t{0xBADF00D0});
  EXPECT_THAT(GetOneProp(object.get(), kSizeTag, &out, allocator_), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(allocator_.GetStats().live_roots, 0u);

  // The same when the object returns the error value without the warning.
  object->errors_without_warning = true;
  out = reinterpret_cast<SPropValue*>(uintptr_t{0xBADF00D0});
  EXPECT_THAT(GetOneProp(object.get(), kSizeTag, &out, allocator_), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(allocator_.GetStats().live_roots, 0u);
}

TEST_F(PropUtilTest, GetOnePropPassesFailuresThrough) {
  ComPtr<FakeProp> object = MakeComObject<FakeProp>();
  object->get_failure = MAPI_E_NO_ACCESS;
  SPropValue* out = reinterpret_cast<SPropValue*>(uintptr_t{0xBADF00D0});
  EXPECT_THAT(GetOneProp(object.get(), kSizeTag, &out, allocator_), HrIs(MAPI_E_NO_ACCESS));
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(GetOneProp(nullptr, kSizeTag, &out, allocator_), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(GetOneProp(object.get(), kSizeTag, nullptr, allocator_),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(PropUtilTest, SetOnePropSetsTheValue) {
  ComPtr<FakeProp> object = MakeComObject<FakeProp>();
  SPropValue v;
  std::memset(&v, 0, sizeof(v));
  v.ulPropTag = kSizeTag;
  v.Value.l = 42;
  EXPECT_THAT(SetOneProp(object.get(), &v, allocator_), HrIs(S_OK));
  EXPECT_THAT(object->set_tags, ElementsAre(kSizeTag));
}

TEST_F(PropUtilTest, SetOnePropTurnsTheProblemIntoItsScode) {
  ComPtr<FakeProp> object = MakeComObject<FakeProp>();
  object->set_problem = MAPI_E_NO_ACCESS;
  SPropValue v;
  std::memset(&v, 0, sizeof(v));
  v.ulPropTag = kSizeTag;
  EXPECT_THAT(SetOneProp(object.get(), &v, allocator_), HrIs(MAPI_E_NO_ACCESS));
  EXPECT_EQ(allocator_.GetStats().live_roots, 0u) << "problem array freed";

  object->set_problem.reset();
  object->set_failure = MAPI_E_NOT_ENOUGH_MEMORY;
  EXPECT_THAT(SetOneProp(object.get(), &v, allocator_), HrIs(MAPI_E_NOT_ENOUGH_MEMORY));
  EXPECT_THAT(SetOneProp(nullptr, &v, allocator_), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(SetOneProp(object.get(), nullptr, allocator_), HrIs(MAPI_E_INVALID_PARAMETER));
}

}  // namespace
}  // namespace mapi_emu
