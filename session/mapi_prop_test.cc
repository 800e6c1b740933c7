#include "session/mapi_prop.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "session/session_test_util.h"

namespace mapi_emu {
namespace {

using ::testing::ElementsAre;

// A private allocator, so each test can check that everything the object
// handed out came from the routines it was given and was freed.
BufferAllocator* g_allocator = nullptr;
int g_allocations = 0;

SCODE STDMETHODCALLTYPE TestAllocate(ULONG cb, LPVOID* out) {
  ++g_allocations;
  return g_allocator->Allocate(cb, out);
}
SCODE STDMETHODCALLTYPE TestAllocateMore(ULONG cb, LPVOID parent, LPVOID* out) {
  return g_allocator->AllocateMore(cb, parent, out);
}
ULONG STDAPICALLTYPE TestFree(LPVOID p) { return g_allocator->Free(p); }

using session_testing::Hr;

class MapiPropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_allocator = &allocator_;
    g_allocations = 0;
    ASSERT_EQ(Hr(CreatePropData(&IID_IMAPIPropData, &TestAllocate, &TestAllocateMore, &TestFree,
                                nullptr, prop_.Put())),
              Hr(S_OK));
  }
  void TearDown() override {
    prop_.Reset();
    EXPECT_EQ(allocator_.GetStats().live_roots, 0u) << "a returned buffer leaked";
    g_allocator = nullptr;
  }

  // GetProps for `tags` (empty: all), the result kept as a PropArray.
  HRESULT Get(std::vector<ULONG> tags, ULONG flags, PropArray* out) {
    std::vector<ULONG> block(1 + tags.size());
    block[0] = static_cast<ULONG>(tags.size());
    for (size_t i = 0; i < tags.size(); ++i) block[1 + i] = tags[i];
    ULONG count = 0xDEAD;
    LPSPropValue values = nullptr;
    const HRESULT hr =
        prop_->GetProps(tags.empty() ? nullptr : reinterpret_cast<LPSPropTagArray>(block.data()),
                        flags, &count, &values);
    if (SUCCEEDED(hr)) {
      *out = PropArray::Copy(values, count);
      if (values != nullptr) TestFree(values);
    }
    return hr;
  }

  std::vector<ULONG> PropList(ULONG flags = 0) {
    LPSPropTagArray tags = nullptr;
    EXPECT_EQ(Hr(prop_->GetPropList(flags, &tags)), Hr(S_OK));
    std::vector<ULONG> out(tags->aulPropTag, tags->aulPropTag + tags->cValues);
    TestFree(tags);
    return out;
  }

  HRESULT Set(std::vector<SPropValue> values, std::vector<SPropProblem>* problems = nullptr) {
    LPSPropProblemArray array = reinterpret_cast<LPSPropProblemArray>(0x1);  // sentinel
    const HRESULT hr = prop_->SetProps(static_cast<ULONG>(values.size()), values.data(), &array);
    if (SUCCEEDED(hr)) {
      if (array != nullptr) {
        if (problems != nullptr) {
          problems->assign(array->aProblem, array->aProblem + array->cProblem);
        }
        TestFree(array);
      }
    } else {
      EXPECT_EQ(array, reinterpret_cast<LPSPropProblemArray>(0x1)) << "problems on failure";
    }
    return hr;
  }

  HRESULT Delete(std::vector<ULONG> tags, std::vector<SPropProblem>* problems = nullptr) {
    std::vector<ULONG> block(1 + tags.size());
    block[0] = static_cast<ULONG>(tags.size());
    for (size_t i = 0; i < tags.size(); ++i) block[1 + i] = tags[i];
    LPSPropProblemArray array = nullptr;
    const HRESULT hr = prop_->DeleteProps(reinterpret_cast<LPSPropTagArray>(block.data()), &array);
    if (array != nullptr) {
      if (problems != nullptr) problems->assign(array->aProblem, array->aProblem + array->cProblem);
      TestFree(array);
    }
    return hr;
  }

  static SPropValue Long(ULONG tag, LONG v) {
    SPropValue p{};
    p.ulPropTag = tag;
    p.Value.l = v;
    return p;
  }
  static SPropValue String8(ULONG tag, const char* s) {
    SPropValue p{};
    p.ulPropTag = tag;
    p.Value.lpszA = const_cast<LPSTR>(s);
    return p;
  }

  BufferAllocator allocator_;
  ComPtr<IPropData> prop_;
};

TEST_F(MapiPropTest, EmptyObject) {
  LPMAPIERROR error = reinterpret_cast<LPMAPIERROR>(0x1);
  EXPECT_EQ(Hr(prop_->GetLastError(E_INVALIDARG, 0, &error)), Hr(S_OK));
  EXPECT_EQ(error, nullptr);
  EXPECT_THAT(PropList(), ElementsAre());

  PropArray got;
  ASSERT_EQ(Hr(Get({PR_IMPORTANCE}, 0, &got)), Hr(MAPI_W_ERRORS_RETURNED));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].ulPropTag, CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_ERROR));
  EXPECT_EQ(Hr(got[0].Value.err), Hr(MAPI_E_NOT_FOUND));

  ULONG count = 7;
  LPSPropValue values = reinterpret_cast<LPSPropValue>(0x1);
  EXPECT_EQ(Hr(prop_->GetProps(nullptr, 0, &count, &values)), Hr(S_OK));
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(values, nullptr);
}

TEST_F(MapiPropTest, CreatePropDataChecksItsArguments) {
  ComPtr<IPropData> other;
  EXPECT_EQ(Hr(CreatePropData(nullptr, &TestAllocate, &TestAllocateMore, &TestFree, nullptr,
                              other.Put())),
            Hr(S_OK));
  EXPECT_NE(other.get(), nullptr);
  other.Reset();
  EXPECT_EQ(Hr(CreatePropData(&IID_IMAPIProp, &TestAllocate, &TestAllocateMore, &TestFree, nullptr,
                              other.Put())),
            Hr(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_EQ(other.get(), nullptr);
  int reserved = 0;
  EXPECT_EQ(Hr(CreatePropData(nullptr, &TestAllocate, &TestAllocateMore, &TestFree, &reserved,
                              other.Put())),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(
      Hr(CreatePropData(nullptr, nullptr, &TestAllocateMore, &TestFree, nullptr, other.Put())),
      Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(
      Hr(CreatePropData(nullptr, &TestAllocate, &TestAllocateMore, &TestFree, nullptr, nullptr)),
      Hr(MAPI_E_INVALID_PARAMETER));
}

TEST_F(MapiPropTest, QueryInterface) {
  ComPtr<IMAPIProp> as_prop;
  EXPECT_EQ(Hr(prop_.As(&as_prop)), Hr(S_OK));
  ComPtr<IUnknown> as_unknown;
  EXPECT_EQ(Hr(prop_.As(&as_unknown)), Hr(S_OK));
  ComPtr<IProfSect> as_section;
  EXPECT_EQ(Hr(prop_.As(&as_section)), Hr(MAPI_E_INTERFACE_NOT_SUPPORTED));
}

TEST_F(MapiPropTest, SetPropsRefusesNullAndObjectValues) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_NULL, 0x01);
  EXPECT_EQ(Hr(Set({v})), Hr(MAPI_E_INVALID_PARAMETER));
  v.ulPropTag = PROP_TAG(PT_OBJECT, 0x01);
  EXPECT_EQ(Hr(Set({v})), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(prop_->SetProps(0, &v, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(prop_->SetProps(1, nullptr, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  SPropValue empty_mv{};
  empty_mv.ulPropTag = PR_SERVICE_SUPPORT_FILES_A;
  EXPECT_EQ(Hr(Set({empty_mv})), Hr(MAPI_E_INVALID_PARAMETER));
  SPropValue null_string = String8(PR_SUBJECT_A, nullptr);
  EXPECT_EQ(Hr(Set({null_string})), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(PropList(), ElementsAre());
}

TEST_F(MapiPropTest, SetThenGetInOrderWithProblemsForBadTypes) {
  SPropValue error{};
  error.ulPropTag = PROP_TAG(PT_ERROR, 0x6601);  // ignored
  SPropValue odd{};
  odd.ulPropTag = PROP_TAG(0x0099, 0x6602);  // no such type
  std::vector<SPropProblem> problems;
  ASSERT_EQ(Hr(Set({Long(PR_IMPORTANCE, 2), error, odd, String8(PR_SUBJECT_A, "Hi")}, &problems)),
            Hr(S_OK));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ulIndex, 2u);
  EXPECT_EQ(problems[0].ulPropTag, PROP_TAG(0x0099, 0x6602));
  EXPECT_EQ(Hr(problems[0].scode), Hr(MAPI_E_INVALID_TYPE));

  EXPECT_THAT(PropList(), ElementsAre(PR_IMPORTANCE, PR_SUBJECT_A));
  PropArray all;
  ASSERT_EQ(Hr(Get({}, 0, &all)), Hr(S_OK));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].Value.l, 2);
  EXPECT_STREQ(all[1].Value.lpszA, "Hi");
  EXPECT_GT(g_allocations, 0) << "the caller's allocator was not used";
}

TEST_F(MapiPropTest, MapiUnicodeConvertsStringWidths) {
  std::basic_string<WCHAR> body = Utf8ToWide("na\xC3\xAFve \xE2\x82\xAC");
  SPropValue wide{};
  wide.ulPropTag = PR_BODY_W;
  wide.Value.lpszW = body.data();
  ASSERT_EQ(Hr(Set({String8(PR_SUBJECT_A, "Caf\xC3\xA9"), wide})), Hr(S_OK));

  PropArray got;
  ASSERT_EQ(Hr(Get({}, MAPI_UNICODE, &got)), Hr(S_OK));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].ulPropTag, PR_SUBJECT_W);
  EXPECT_EQ(WideToUtf8(got[0].Value.lpszW), "Caf\xC3\xA9");
  EXPECT_EQ(got[1].ulPropTag, PR_BODY_W);

  ASSERT_EQ(Hr(Get({}, 0, &got)), Hr(S_OK));
  EXPECT_EQ(got[1].ulPropTag, PR_BODY_A);
  EXPECT_STREQ(got[1].Value.lpszA, "na\xC3\xAFve \xE2\x82\xAC");

  // Explicit types are honoured whatever the flag; PT_UNSPECIFIED follows it.
  ASSERT_EQ(
      Hr(Get({PR_SUBJECT_W, PR_BODY_A, PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_SUBJECT_A))}, 0, &got)),
      Hr(S_OK));
  EXPECT_EQ(WideToUtf8(got[0].Value.lpszW), "Caf\xC3\xA9");
  EXPECT_STREQ(got[1].Value.lpszA, "na\xC3\xAFve \xE2\x82\xAC");
  EXPECT_EQ(got[2].ulPropTag, PR_SUBJECT_A);
  ASSERT_EQ(Hr(Get({PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_SUBJECT_A))}, MAPI_UNICODE, &got)),
            Hr(S_OK));
  EXPECT_EQ(got[0].ulPropTag, PR_SUBJECT_W);
  EXPECT_THAT(PropList(MAPI_UNICODE), ElementsAre(PR_SUBJECT_W, PR_BODY_W));
  EXPECT_THAT(PropList(), ElementsAre(PR_SUBJECT_A, PR_BODY_A));
}

TEST_F(MapiPropTest, MultiValuedStringsConvertToo) {
  LPSTR items[] = {const_cast<LPSTR>("a.dll"), const_cast<LPSTR>("\xC3\xA9.dll")};
  SPropValue mv{};
  mv.ulPropTag = PR_SERVICE_SUPPORT_FILES_A;
  mv.Value.MVszA = {2, items};
  ASSERT_EQ(Hr(Set({mv})), Hr(S_OK));
  PropArray got;
  ASSERT_EQ(Hr(Get({PR_SERVICE_SUPPORT_FILES_W}, 0, &got)), Hr(S_OK));
  ASSERT_EQ(got[0].Value.MVszW.cValues, 2u);
  EXPECT_EQ(WideToUtf8(got[0].Value.MVszW.lppszW[1]), "\xC3\xA9.dll");
}

TEST_F(MapiPropTest, WrongTypeIsNotFoundAndSameIdReplaces) {
  ASSERT_EQ(Hr(Set({Long(PROP_TAG(PT_LONG, 0x6600), 5)})), Hr(S_OK));
  PropArray got;
  ASSERT_EQ(Hr(Get({PROP_TAG(PT_BINARY, 0x6600), PR_NULL}, 0, &got)), Hr(MAPI_W_ERRORS_RETURNED));
  EXPECT_EQ(got[0].ulPropTag, PROP_TAG(PT_ERROR, 0x6600));
  EXPECT_EQ(got[1].ulPropTag, PR_NULL);
  // Setting the ID with another type discards the old value.
  ASSERT_EQ(Hr(Set({String8(PROP_TAG(PT_STRING8, 0x6600), "now text")})), Hr(S_OK));
  EXPECT_THAT(PropList(), ElementsAre(PROP_TAG(PT_STRING8, 0x6600)));
}

// The sequence of Wine's IPropData test, which ran against Windows MAPI.
TEST_F(MapiPropTest, AccessLevelsBehaveAsWindowsMapi) {
  ASSERT_EQ(Hr(Set({Long(PR_IMPORTANCE, 1)})), Hr(S_OK));
  ASSERT_EQ(Hr(prop_->HrSetObjAccess(IPROP_READWRITE)), Hr(S_OK));
  SizedSPropTagArray(1, importance) = {1, {PR_IMPORTANCE}};
  auto* tags = reinterpret_cast<LPSPropTagArray>(&importance);
  ULONG access[1] = {0};
  EXPECT_EQ(Hr(prop_->HrSetPropAccess(tags, access)), Hr(MAPI_E_INVALID_PARAMETER));
  access[0] = IPROP_READWRITE;
  EXPECT_EQ(Hr(prop_->HrSetPropAccess(tags, access)), Hr(MAPI_E_INVALID_PARAMETER));
  access[0] = IPROP_CLEAN;
  EXPECT_EQ(Hr(prop_->HrSetPropAccess(tags, access)), Hr(MAPI_E_INVALID_PARAMETER));
  access[0] = IPROP_READWRITE | IPROP_CLEAN;
  EXPECT_EQ(Hr(prop_->HrSetPropAccess(tags, access)), Hr(S_OK));

  ASSERT_EQ(Hr(prop_->HrSetObjAccess(IPROP_READONLY)), Hr(S_OK));
  access[0] = IPROP_READONLY | IPROP_DIRTY;  // allowed on a read-only object
  EXPECT_EQ(Hr(prop_->HrSetPropAccess(tags, access)), Hr(S_OK));
  EXPECT_EQ(Hr(Delete({PR_RESPONSE_REQUESTED})), Hr(MAPI_E_NO_ACCESS));
  EXPECT_EQ(Hr(Set({Long(PR_PRIORITY, 1)})), Hr(MAPI_E_NO_ACCESS));

  ASSERT_EQ(Hr(prop_->HrSetObjAccess(IPROP_READWRITE)), Hr(S_OK));
  std::vector<SPropProblem> problems;
  EXPECT_EQ(Hr(Delete({PR_RESPONSE_REQUESTED}, &problems)), Hr(S_OK));
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(Hr(Delete({PR_IMPORTANCE}, &problems)), Hr(S_OK));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ulIndex, 0u);
  EXPECT_EQ(problems[0].ulPropTag, PR_IMPORTANCE);
  EXPECT_EQ(Hr(problems[0].scode), Hr(MAPI_E_NO_ACCESS));
  problems.clear();
  EXPECT_EQ(Hr(Set({Long(PR_IMPORTANCE, 2)}, &problems)), Hr(S_OK));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(Hr(problems[0].scode), Hr(MAPI_E_NO_ACCESS));

  access[0] = IPROP_READWRITE | IPROP_DIRTY;
  EXPECT_EQ(Hr(prop_->HrSetPropAccess(tags, access)), Hr(S_OK));
  problems.clear();
  EXPECT_EQ(Hr(Delete({PR_IMPORTANCE}, &problems)), Hr(S_OK));
  EXPECT_TRUE(problems.empty());
  EXPECT_THAT(PropList(), ElementsAre());
  EXPECT_EQ(Hr(prop_->HrSetObjAccess(0x4)), Hr(MAPI_E_INVALID_PARAMETER));
}

TEST_F(MapiPropTest, HrGetPropAccessReportsStatusAndDeletions) {
  ASSERT_EQ(Hr(Set({Long(PR_IMPORTANCE, 1), Long(PR_PRIORITY, 0)})), Hr(S_OK));
  SizedSPropTagArray(1, priority) = {1, {PR_PRIORITY}};
  ULONG clean[1] = {IPROP_READONLY | IPROP_CLEAN};
  ASSERT_EQ(Hr(prop_->HrSetPropAccess(reinterpret_cast<LPSPropTagArray>(&priority), clean)),
            Hr(S_OK));
  ASSERT_EQ(Hr(Delete({PR_IMPORTANCE})), Hr(S_OK));

  LPSPropTagArray tags = nullptr;
  ULONG* access = nullptr;
  ASSERT_EQ(Hr(prop_->HrGetPropAccess(&tags, &access)), Hr(S_OK));
  ASSERT_EQ(tags->cValues, 2u);
  EXPECT_EQ(tags->aulPropTag[0], PR_PRIORITY);
  EXPECT_EQ(access[0], IPROP_READONLY | IPROP_CLEAN);
  EXPECT_EQ(tags->aulPropTag[1], PR_IMPORTANCE);  // deleted: listed, access 0
  EXPECT_EQ(access[1], 0u);
  TestFree(tags);
  TestFree(access);

  SizedSPropTagArray(2, asked) = {2, {PR_IMPORTANCE, PR_PRIORITY}};
  LPSPropTagArray in = reinterpret_cast<LPSPropTagArray>(&asked);
  ASSERT_EQ(Hr(prop_->HrGetPropAccess(&in, &access)), Hr(S_OK));
  EXPECT_EQ(in, reinterpret_cast<LPSPropTagArray>(&asked));  // caller's array kept
  EXPECT_EQ(access[0], 0u);
  EXPECT_EQ(access[1], IPROP_READONLY | IPROP_CLEAN);
  TestFree(access);

  // A new value is read/write and dirty.
  ASSERT_EQ(Hr(Set({Long(PR_IMPORTANCE, 2)})), Hr(S_OK));
  SizedSPropTagArray(1, imp) = {1, {PR_IMPORTANCE}};
  in = reinterpret_cast<LPSPropTagArray>(&imp);
  ASSERT_EQ(Hr(prop_->HrGetPropAccess(&in, &access)), Hr(S_OK));
  EXPECT_EQ(access[0], IPROP_READWRITE | IPROP_DIRTY);
  TestFree(access);
}

TEST_F(MapiPropTest, HrAddObjPropsAddsOnlyObjectProperties) {
  SizedSPropTagArray(1, not_object) = {1, {PR_RESPONSE_REQUESTED}};
  LPSPropProblemArray problems = nullptr;
  EXPECT_EQ(Hr(prop_->HrAddObjProps(reinterpret_cast<LPSPropTagArray>(&not_object), &problems)),
            Hr(MAPI_E_INVALID_TYPE));
  EXPECT_THAT(PropList(), ElementsAre());

  SizedSPropTagArray(1, object) = {1, {PR_ATTACH_DATA_OBJ}};
  ASSERT_EQ(Hr(prop_->HrAddObjProps(reinterpret_cast<LPSPropTagArray>(&object), &problems)),
            Hr(S_OK));
  EXPECT_EQ(problems, nullptr);
  EXPECT_THAT(PropList(), ElementsAre(PR_ATTACH_DATA_OBJ));
  PropArray got;
  ASSERT_EQ(Hr(Get({}, 0, &got)), Hr(S_OK));
  EXPECT_EQ(got.size(), 0u);  // object properties are for OpenProperty
  ASSERT_EQ(Hr(Get({PR_ATTACH_DATA_OBJ}, 0, &got)), Hr(MAPI_W_ERRORS_RETURNED));
  EXPECT_EQ(Hr(got[0].Value.err), Hr(MAPI_E_NO_SUPPORT));

  ASSERT_EQ(Hr(prop_->HrSetObjAccess(IPROP_READONLY)), Hr(S_OK));
  EXPECT_EQ(Hr(prop_->HrAddObjProps(reinterpret_cast<LPSPropTagArray>(&object), nullptr)),
            Hr(MAPI_E_NO_ACCESS));
}

TEST_F(MapiPropTest, SaveChangesValidatesFlags) {
  EXPECT_EQ(Hr(prop_->SaveChanges(0)), Hr(S_OK));
  EXPECT_EQ(Hr(prop_->SaveChanges(KEEP_OPEN_READWRITE | MAPI_DEFERRED_ERRORS)), Hr(S_OK));
  EXPECT_EQ(Hr(prop_->SaveChanges(0x100)), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(prop_->SaveChanges(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE)),
            Hr(MAPI_E_INVALID_PARAMETER));
  ASSERT_EQ(Hr(prop_->HrSetObjAccess(IPROP_READONLY)), Hr(S_OK));
  EXPECT_EQ(Hr(prop_->SaveChanges(KEEP_OPEN_READWRITE)), Hr(MAPI_E_NO_ACCESS));
  EXPECT_EQ(Hr(prop_->SaveChanges(KEEP_OPEN_READONLY)), Hr(S_OK));
}

TEST_F(MapiPropTest, UnsupportedMethodsSayNoSupportAndClearOutParameters) {
  LPUNKNOWN unknown = reinterpret_cast<LPUNKNOWN>(0x1);
  EXPECT_EQ(Hr(prop_->OpenProperty(PR_BODY_A, &IID_IStream, 0, 0, &unknown)),
            Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(unknown, nullptr);
  LPSPropProblemArray problems = reinterpret_cast<LPSPropProblemArray>(0x1);
  EXPECT_EQ(
      Hr(prop_->CopyTo(0, nullptr, nullptr, 0, nullptr, &IID_IMAPIProp, nullptr, 0, &problems)),
      Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(problems, nullptr);
  problems = reinterpret_cast<LPSPropProblemArray>(0x1);
  EXPECT_EQ(Hr(prop_->CopyProps(nullptr, 0, nullptr, &IID_IMAPIProp, nullptr, 0, &problems)),
            Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(problems, nullptr);
  ULONG count = 9;
  LPMAPINAMEID* names = reinterpret_cast<LPMAPINAMEID*>(0x1);
  LPSPropTagArray tags = nullptr;
  EXPECT_EQ(Hr(prop_->GetNamesFromIDs(&tags, nullptr, 0, &count, &names)), Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(names, nullptr);
  tags = reinterpret_cast<LPSPropTagArray>(0x1);
  EXPECT_EQ(Hr(prop_->GetIDsFromNames(0, nullptr, 0, &tags)), Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(tags, nullptr);
}

TEST_F(MapiPropTest, ArgumentChecks) {
  ULONG count = 0;
  LPSPropValue values = nullptr;
  SizedSPropTagArray(1, none) = {0, {0}};
  EXPECT_EQ(Hr(prop_->GetProps(reinterpret_cast<LPSPropTagArray>(&none), 0, &count, &values)),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(prop_->GetProps(nullptr, 0x1, &count, &values)), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(prop_->GetProps(nullptr, 0, nullptr, &values)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(prop_->GetPropList(0, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(prop_->DeleteProps(nullptr, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(prop_->GetLastError(S_OK, 0, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
}

// Hooks and sharing, through the C++ factory.
TEST(MapiPropObjectTest, SharedBagAndHooks) {
  auto bag = std::make_shared<PropertyBag>();
  std::vector<size_t> changes;
  PropObjectOptions first;
  first.bag = bag;
  first.on_change = [&](const PropArray& values) {
    changes.push_back(values.size());
    return values.size() > 2 ? HresultToStatus(MAPI_E_DISK_ERROR, "disk full") : absl::OkStatus();
  };
  int saves = 0;
  first.on_save = [&](const PropArray&) {
    ++saves;
    return absl::OkStatus();
  };
  ComPtr<MapiPropObject> a = MapiPropObject::Create(std::move(first));
  PropObjectOptions second;
  second.bag = bag;
  ComPtr<MapiPropObject> b = MapiPropObject::Create(std::move(second));

  SPropValue v[2] = {};
  v[0].ulPropTag = PR_IMPORTANCE;
  v[1].ulPropTag = PR_PRIORITY;
  ASSERT_EQ(HresultName(a->SetProps(2, v, nullptr)), HresultName(S_OK));
  EXPECT_EQ(bag->Snapshot().size(), 2u);
  EXPECT_THAT(changes, ElementsAre(2u));

  // The hook refuses a third value: the change is undone, its HRESULT returned.
  SPropValue third{};
  third.ulPropTag = PR_SENSITIVITY;
  EXPECT_EQ(HresultName(a->SetProps(1, &third, nullptr)), HresultName(MAPI_E_DISK_ERROR));
  EXPECT_EQ(bag->Snapshot().size(), 2u);

  // The other object sees the same values, and has no hook.
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(HresultName(b->GetProps(nullptr, 0, &count, &values)), HresultName(S_OK));
  EXPECT_EQ(count, 2u);
  ProcessBufferAllocator().Free(values);
  ASSERT_EQ(HresultName(b->SetProps(1, &third, nullptr)), HresultName(S_OK));
  EXPECT_EQ(bag->Snapshot().size(), 3u);

  EXPECT_EQ(HresultName(a->SaveChanges(KEEP_OPEN_READWRITE)), HresultName(S_OK));
  EXPECT_EQ(saves, 1);
  // Object access is per object, not per bag.
  ASSERT_EQ(HresultName(a->HrSetObjAccess(IPROP_READONLY)), HresultName(S_OK));
  EXPECT_EQ(HresultName(a->SetProps(1, &third, nullptr)), HresultName(MAPI_E_NO_ACCESS));
  EXPECT_EQ(HresultName(b->SetProps(1, &third, nullptr)), HresultName(S_OK));
}

}  // namespace
}  // namespace mapi_emu
