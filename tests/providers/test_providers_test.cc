// The probe library and the helpers the test providers share: what a
// provider writes, a test reads back; knobs parse the way the README says.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "tests/providers/common/entry_ids.h"
#include "tests/providers/common/names.h"
#include "tests/providers/common/prop_set.h"
#include "tests/providers/common/record.h"
#include "tests/providers/fake_mapi.h"
#include "tests/providers/probe/probe.h"

namespace mapi_emu::testprov {
namespace {

using ::testing::ElementsAre;
using ::testing::StrEq;

class ProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { ProbeReset(); }
  void TearDown() override { ProbeReset(); }
};

TEST_F(ProbeTest, RecordsLinesInOrder) {
  ProbeRecord("a: one");
  ProbeRecord("b: two");
  ProbeRecord(nullptr);
  EXPECT_EQ(ProbeCount(), 2u);
  EXPECT_THAT(ProbeLine(0), StrEq("a: one"));
  EXPECT_THAT(ProbeLine(1), StrEq("b: two"));
  EXPECT_EQ(ProbeLine(2), nullptr);
  EXPECT_THAT(ProbeLines(), ElementsAre("a: one", "b: two"));
  EXPECT_THAT(ProbeLinesMatching("b: "), ElementsAre("b: two"));
}

TEST_F(ProbeTest, LinePointersStayValidWhileRecording) {
  ProbeRecord("first");
  const char* first = ProbeLine(0);
  for (int i = 0; i < 1000; ++i) ProbeRecord("more");
  EXPECT_THAT(first, StrEq("first"));
}

TEST_F(ProbeTest, ClearEmptiesTheLogButKeepsKnobs) {
  ProbeRecord("x");
  ProbeSet("lib.knob", "1");
  ProbeClear();
  EXPECT_EQ(ProbeCount(), 0u);
  EXPECT_THAT(ProbeGet("lib.knob"), StrEq("1"));
}

TEST_F(ProbeTest, KnobsSetGetUnsetAndReset) {
  EXPECT_EQ(ProbeGet("lib.knob"), nullptr);
  ProbeSet("lib.knob", "MAPI_E_NO_ACCESS");
  const char* first = ProbeGet("lib.knob");
  ProbeSet("lib.knob", "S_OK");
  EXPECT_THAT(ProbeGet("lib.knob"), StrEq("S_OK"));
  EXPECT_THAT(first, StrEq("MAPI_E_NO_ACCESS"));  // earlier values stay valid
  ProbeSet("lib.knob", nullptr);
  EXPECT_EQ(ProbeGet("lib.knob"), nullptr);
  ProbeSet("lib.other", "1");
  ProbeRecord("line");
  ProbeReset();
  EXPECT_EQ(ProbeGet("lib.other"), nullptr);
  EXPECT_EQ(ProbeCount(), 0u);
}

TEST_F(ProbeTest, ObjectNumbersCountPerKindUntilReset) {
  EXPECT_EQ(ProbeNextId("lib:IMsgStore"), 1u);
  EXPECT_EQ(ProbeNextId("lib:IMsgStore"), 2u);
  EXPECT_EQ(ProbeNextId("lib:IMSLogon"), 1u);
  ProbeReset();
  EXPECT_EQ(ProbeNextId("lib:IMsgStore"), 1u);
}

TEST_F(ProbeTest, ConcurrentRecordingKeepsEveryLine) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 500; ++i) ProbeRecord("line");
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ProbeCount(), 2000u);
}

TEST(NamesTest, HresultsByNameAndHex) {
  EXPECT_EQ(HrName(S_OK), "S_OK");
  EXPECT_EQ(HrName(MAPI_E_NO_SUPPORT), "MAPI_E_NO_SUPPORT");
  EXPECT_EQ(HrName(MAPI_E_CALL_FAILED), "MAPI_E_CALL_FAILED");  // not E_FAIL
  EXPECT_EQ(HrName(MAPI_W_ERRORS_RETURNED), "MAPI_W_ERRORS_RETURNED");
  EXPECT_EQ(HrName(static_cast<HRESULT>(0x80041234)), "0x80041234");
  HRESULT hr = S_OK;
  EXPECT_TRUE(ParseHresult("MAPI_E_NOT_FOUND", &hr));
  EXPECT_EQ(hr, MAPI_E_NOT_FOUND);
  EXPECT_TRUE(ParseHresult("E_FAIL", &hr));
  EXPECT_EQ(hr, MAPI_E_CALL_FAILED);
  EXPECT_TRUE(ParseHresult("0x8004010f", &hr));
  EXPECT_EQ(hr, MAPI_E_NOT_FOUND);
  EXPECT_FALSE(ParseHresult("MAPI_E_NOPE", &hr));
  EXPECT_FALSE(ParseHresult("12", &hr));
  EXPECT_EQ(hr, MAPI_E_NOT_FOUND);
}

TEST(NamesTest, FlagsByNameWithLeftoverInHex) {
  EXPECT_EQ(FlagsName(0, kLogoffFlags), "0");
  EXPECT_EQ(FlagsName(LOGOFF_ABORT, kLogoffFlags), "LOGOFF_ABORT");
  EXPECT_EQ(FlagsName(MDB_NO_DIALOG | MDB_WRITE, kMdbLogonFlags), "MDB_NO_DIALOG|MDB_WRITE");
  EXPECT_EQ(FlagsName(LOGOFF_ABORT | 0x100, kLogoffFlags), "LOGOFF_ABORT|0x00000100");
  EXPECT_EQ(EnumName(MSG_SERVICE_CREATE, kServiceContexts), "MSG_SERVICE_CREATE");
  EXPECT_EQ(EnumName(99, kServiceContexts), "0x00000063");
  ULONG flags = 7;
  EXPECT_TRUE(ParseFlags("LOGON_SP_IDLE|LOGON_SP_POLL", kXpLogonFlags, &flags));
  EXPECT_EQ(flags, LOGON_SP_IDLE | LOGON_SP_POLL);
  EXPECT_TRUE(ParseFlags("0x10", kLogoffFlags, &flags));
  EXPECT_EQ(flags, LOGOFF_QUIET);
  EXPECT_TRUE(ParseFlags("8", kLogoffFlags, &flags));
  EXPECT_EQ(flags, LOGOFF_ABORT);
  EXPECT_FALSE(ParseFlags("LOGOFF_SOON", kLogoffFlags, &flags));
  EXPECT_EQ(flags, LOGOFF_ABORT);
}

TEST(NamesTest, IidsTagsAndValues) {
  EXPECT_EQ(IidName(nullptr), "NULL");
  EXPECT_EQ(IidName(&IID_IMsgStore), "IID_IMsgStore");
  EXPECT_EQ(IidName(&IID_IUnknown), "IID_IUnknown");
  const IID other = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
  EXPECT_EQ(IidName(&other), "{12345678-9ABC-DEF0-0102-030405060708}");
  EXPECT_EQ(PropTagName(PR_DISPLAY_NAME_A), "PR_DISPLAY_NAME_A");
  EXPECT_EQ(PropTagName(PROP_TAG(PT_STRING8, 0x6600)), "0x6600001E");
  SPropValue v = {};
  v.ulPropTag = PR_STATUS_CODE;
  v.Value.ul = STATUS_AVAILABLE;
  EXPECT_EQ(ValueName(v), "PR_STATUS_CODE=0x00000001");
  v.ulPropTag = CHANGE_PROP_TYPE(PR_DISPLAY_NAME_A, PT_ERROR);
  v.Value.err = MAPI_E_NOT_FOUND;
  EXPECT_EQ(ValueName(v), "0x3001000A=MAPI_E_NOT_FOUND");
}

TEST(KnobTest, ReadAtTheMomentOfUse) {
  ProbeReset();
  EXPECT_FALSE(KnobOn("lib", "flag"));
  EXPECT_EQ(KnobHr("lib", "hr", S_OK), S_OK);
  ProbeSet("lib.flag", "1");
  ProbeSet("lib.hr", "MAPI_E_LOGON_FAILED");
  ProbeSet("lib.version", "0x00000010");
  ProbeSet("lib.flags", "LOGOFF_QUIET");
  EXPECT_TRUE(KnobOn("lib", "flag"));
  EXPECT_EQ(KnobHr("lib", "hr", S_OK), MAPI_E_LOGON_FAILED);
  EXPECT_EQ(KnobNumber("lib", "version", 0), 0x10u);
  EXPECT_EQ(KnobFlags("lib", "flags", kLogoffFlags, 0), LOGOFF_QUIET);
  ProbeSet("lib.flag", "0");
  ProbeSet("lib.hr", "garbage");
  EXPECT_FALSE(KnobOn("lib", "flag"));
  EXPECT_EQ(KnobHr("lib", "hr", S_FALSE), S_FALSE);
  ProbeReset();
}

TEST(KnobTest, HangSleepsThenRecordsItsLineOnlyWhenSet) {
  ProbeReset();
  HangIfAsked("lib", "hang_ms", "IThing#1::Logoff woke");
  ProbeSet("lib.hang_ms", "0");
  HangIfAsked("lib", "hang_ms", "IThing#1::Logoff woke");
  EXPECT_EQ(ProbeCount(), 0u) << "unset or 0: no sleep, no line";
  ProbeSet("lib.hang_ms", "20");
  auto start = std::chrono::steady_clock::now();
  HangIfAsked("lib", "hang_ms", "IThing#1::Logoff woke");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
  EXPECT_THAT(ProbeLines(), ElementsAre("lib: IThing#1::Logoff woke"));
  ProbeReset();
}

TEST(EntryIdTest, StoreIdsCarryTheirOwnUid) {
  std::vector<BYTE> eid = StoreEntryId("Alpha");
  ASSERT_EQ(eid.size(), 4u + 16u + 6u);
  MAPIUID alpha = StoreUid("Alpha");
  EXPECT_EQ(0, memcmp(eid.data() + 4, alpha.ab, 16));
  EXPECT_NE(UidHex(StoreUid("Alpha")), UidHex(StoreUid("Beta")));
  EXPECT_EQ(0, memcmp(alpha.ab, kStoreBaseUid.ab, 12));  // fixed base
  StoreEid parsed;
  ASSERT_TRUE(ParseStoreEntryId(static_cast<ULONG>(eid.size()),
                                reinterpret_cast<LPENTRYID>(eid.data()), &parsed));
  EXPECT_EQ(parsed.name, "Alpha");
  EXPECT_FALSE(parsed.root_folder);
  std::vector<BYTE> root = RootFolderEntryId("Alpha");
  ASSERT_TRUE(ParseStoreEntryId(static_cast<ULONG>(root.size()),
                                reinterpret_cast<LPENTRYID>(root.data()), &parsed));
  EXPECT_TRUE(parsed.root_folder);
  EXPECT_EQ(
      DescribeStoreEid(static_cast<ULONG>(root.size()), reinterpret_cast<LPENTRYID>(root.data())),
      "folder:\"Alpha\"");
  eid[4] ^= 1;  // someone else's UID
  EXPECT_EQ(
      DescribeStoreEid(static_cast<ULONG>(eid.size()), reinterpret_cast<LPENTRYID>(eid.data())),
      "foreign[26]");
}

TEST(EntryIdTest, AbIdsNameTheirObjectType) {
  std::vector<BYTE> eid = AbEntryId(MAPI_MAILUSER, "Alice");
  AbEid parsed;
  ASSERT_TRUE(ParseAbEntryId(static_cast<ULONG>(eid.size()),
                             reinterpret_cast<LPENTRYID>(eid.data()), &parsed));
  EXPECT_EQ(parsed.object_type, MAPI_MAILUSER);
  EXPECT_EQ(parsed.name, "Alice");
  EXPECT_EQ(DescribeAbEid(static_cast<ULONG>(eid.size()), reinterpret_cast<LPENTRYID>(eid.data())),
            "mailuser:\"Alice\"");
  std::vector<BYTE> store = StoreEntryId("Alice");
  EXPECT_FALSE(ParseAbEntryId(static_cast<ULONG>(store.size()),
                              reinterpret_cast<LPENTRYID>(store.data()), &parsed));
}

TEST(PropSetTest, GetPropsServesStringsInBothWidthsAndMarksMissingTags) {
  ResetLiveBuffers();
  PropSet props;
  props.SetString(PR_DISPLAY_NAME_A, "Name");
  props.SetLong(PR_OBJECT_TYPE, MAPI_STORE);
  Allocators alloc{CountingAllocateBuffer, CountingAllocateMore, CountingFreeBuffer};
  SizedSPropTagArray(3, tags) = {3, {PR_DISPLAY_NAME_W, PR_OBJECT_TYPE, PR_ENTRYID}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  EXPECT_EQ(props.GetProps(alloc, reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values),
            MAPI_W_ERRORS_RETURNED);
  ASSERT_EQ(count, 3u);
  EXPECT_EQ(values[0].ulPropTag, PR_DISPLAY_NAME_W);
  EXPECT_EQ(std::wstring(values[0].Value.lpszW), L"Name");
  EXPECT_EQ(values[1].Value.ul, MAPI_STORE);
  EXPECT_EQ(values[2].ulPropTag, CHANGE_PROP_TYPE(PR_ENTRYID, PT_ERROR));
  EXPECT_EQ(values[2].Value.err, MAPI_E_NOT_FOUND);
  CountingFreeBuffer(values);
  EXPECT_EQ(props.GetProps(alloc, nullptr, 0x1, &count, &values), MAPI_E_UNKNOWN_FLAGS);
  LPSPropTagArray list = nullptr;
  ASSERT_EQ(props.GetPropList(alloc, MAPI_UNICODE, &list), S_OK);
  ASSERT_EQ(list->cValues, 2u);
  EXPECT_EQ(list->aulPropTag[0], PR_DISPLAY_NAME_W);
  EXPECT_EQ(list->aulPropTag[1], PR_OBJECT_TYPE);
  CountingFreeBuffer(list);
  EXPECT_EQ(LiveBuffers(), 0);
}

}  // namespace
}  // namespace mapi_emu::testprov
