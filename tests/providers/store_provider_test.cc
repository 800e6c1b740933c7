// libtest_store.so driven the way MAPI drives a store provider: loaded with
// dlopen, MSProviderInit, Logon with a fake support object, the shutdown
// paths of "Shutting Down a Message Store Provider", Shutdown, Release,
// dlclose. The recorded sequences are compared line by line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "tests/providers/common/entry_ids.h"
#include "tests/providers/common/names.h"
#include "tests/providers/fake_mapi.h"
#include "tests/providers/probe/probe.h"

namespace mapi_emu::testprov {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

constexpr char kStatusRowTags[] =
    "[PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_RESOURCE_METHODS, PR_STATUS_CODE, "
    "PR_STATUS_STRING_A, PR_RESOURCE_FLAGS]";

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class StoreProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProbeReset();
    ResetLiveBuffers();
    section_.SetString(PR_DISPLAY_NAME_A, "Personal Store");
    library_ = std::make_unique<ProviderLibrary>(TEST_STORE_PATH);
    ASSERT_TRUE(library_->loaded()) << TEST_STORE_PATH;
    init_ = library_->Entry<MSPROVIDERINIT>("MSProviderInit");
    ASSERT_NE(init_, nullptr);
  }

  void TearDown() override {
    library_.reset();
    EXPECT_EQ(LiveBuffers(), 0) << "buffers the provider allocated and never freed";
    ProbeReset();
  }

  HRESULT Init(LPMSPROVIDER* provider, ULONG mapi_version = CURRENT_SPI_VERSION) {
    return init_(nullptr, MAPIGetDefaultMalloc(), CountingAllocateBuffer, CountingAllocateMore,
                 CountingFreeBuffer, 0, mapi_version, &provider_version_, provider);
  }

  // IMSProvider::Logon as OpenMsgStore does it; the spool data is checked
  // and freed here, as MAPI frees it.
  HRESULT Logon(LPMSPROVIDER provider, FakeSupport* support, std::vector<BYTE>* eid,
                LPMSLOGON* logon, LPMDB* mdb) {
    ULONG cb_spool = 0;
    LPBYTE spool = nullptr;
    char profile[] = "Test Profile";
    HRESULT hr =
        provider->Logon(support, 0, profile, eid ? Cb(*eid) : 0, eid ? Eid(*eid) : nullptr,
                        MDB_NO_DIALOG | MDB_WRITE, nullptr, &cb_spool, &spool, nullptr, logon, mdb);
    if (spool != nullptr) {
      last_spool_.assign(reinterpret_cast<char*>(spool), cb_spool);
      CountingFreeBuffer(spool);
    }
    return hr;
  }

  // What MAPI does when a store provider drops its last reference to the
  // store's support object: IMSLogon::Logoff, then Release of the logon.
  void ActLikeMapi(FakeSupport* support, LPMSLOGON* logon) {
    support->on_provider_released = [this, logon] {
      if (*logon == nullptr) return;
      ULONG flags = 0;
      mapi_logoff_hr_ = (*logon)->Logoff(&flags);
      LPMSLOGON released = *logon;
      *logon = nullptr;
      released->Release();
    };
  }

  // Logon lines of a first logon (provider #1, profile display name
  // "Personal Store" unless the entry ID names the store).
  static std::vector<std::string> LogonLines(const std::string& eid = "NULL",
                                             const std::string& store = "Personal Store") {
    return {
        "test_store: IMSProvider#1::Logon(\"Test Profile\", " + eid +
            ", MDB_NO_DIALOG|MDB_WRITE, NULL)",
        "test_store: -> IMAPISupport::AddRef()",
        "test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
        "test_store: -> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, "
        "out PR_DISPLAY_NAME_A=\"Personal Store\"",
        "test_store: -> IProfSect::Release()",
        "test_store: -> IMAPISupport::SetProviderUID(" + UidHex(StoreUid(store)) + ", 0) = S_OK",
        std::string("test_store: -> IMAPISupport::ModifyStatusRow(") + kStatusRowTags +
            ", 0) = S_OK",
    };
  }

  // The store's Release path with MAPI's part (ruling 2), for store #1.
  static std::vector<std::string> ReleasePathLines(ULONG slt_flag_if_any) {
    std::vector<std::string> lines = {"test_store: IMsgStore#1::Release -> 0"};
    if (slt_flag_if_any != 0) {
      lines.push_back("test_store: -> IMAPISupport::StoreLogoffTransports(" +
                      FlagsName(slt_flag_if_any, kLogoffFlags) + ") = S_OK, out LOGOFF_COMPLETE");
    }
    return Concat(lines,
                  {"test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Logoff(0)",
                   "test_store: IMSLogon#1::Release -> 0"});
  }

  // Shutdown and Release of provider #1.
  void ShutDown(LPMSPROVIDER provider) {
    ULONG flags = 0;
    EXPECT_EQ(provider->Shutdown(&flags), S_OK);
    EXPECT_EQ(provider->Release(), 0u);
  }

  static std::vector<std::string> StoreLines() { return ProbeLinesMatching("test_store: "); }

  FakeProfSect section_;
  FakeSupport support_{&section_};
  std::unique_ptr<ProviderLibrary> library_;
  MSPROVIDERINIT* init_ = nullptr;
  ULONG provider_version_ = 0;
  std::string last_spool_;
  HRESULT mapi_logoff_hr_ = E_UNEXPECTED;
};

TEST_F(StoreProviderTest, LoadingAndUnloadingAreWitnessed) {
  EXPECT_THAT(ProbeLines(), ElementsAre("test_store: loaded"));
  library_->Close();
  EXPECT_THAT(ProbeLines(), ElementsAre("test_store: loaded", "test_store: unloaded"));
}

TEST_F(StoreProviderTest, StoreLogoffThenReleaseFollowsTheFoundingPage) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  EXPECT_EQ(provider_version_, CURRENT_SPI_VERSION);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ASSERT_NE(logon, nullptr);
  ASSERT_NE(mdb, nullptr);
  EXPECT_EQ(last_spool_, "Personal Store");
  EXPECT_EQ(support_.refs(), 2);
  ActLikeMapi(&support_, &logon);

  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);
  EXPECT_EQ(flags, 0u);  // no transport activity reported
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_EQ(logon, nullptr) << "MAPI's part ran: Logoff and Release of the logon";
  EXPECT_EQ(mapi_logoff_hr_, S_OK);
  ShutDown(provider);
  library_->Close();

  EXPECT_THAT(ProbeLinesMatching("test_store: "),
              ElementsAreArray(std::vector<std::string>{
                  "test_store: loaded",
                  "test_store: MSProviderInit(0, 0x00010010)",
                  "test_store: IMSProvider#1::Logon(\"Test Profile\", NULL, "
                  "MDB_NO_DIALOG|MDB_WRITE, NULL)",
                  "test_store: -> IMAPISupport::AddRef()",
                  "test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                  "test_store: -> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, "
                  "out PR_DISPLAY_NAME_A=\"Personal Store\"",
                  "test_store: -> IProfSect::Release()",
                  "test_store: -> IMAPISupport::SetProviderUID(" +
                      UidHex(StoreUid("Personal Store")) + ", 0) = S_OK",
                  std::string("test_store: -> IMAPISupport::ModifyStatusRow(") + kStatusRowTags +
                      ", 0) = S_OK",
                  "test_store: IMsgStore#1::StoreLogoff(LOGOFF_ORDERLY)",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ORDERLY) = S_OK, "
                  "out LOGOFF_COMPLETE",
                  "test_store: IMsgStore#1::Release -> 0",
                  "test_store: -> IMAPISupport::Release()",
                  "test_store: IMSLogon#1::Logoff(0)",
                  "test_store: IMSLogon#1::Release -> 0",
                  "test_store: IMSProvider#1::Shutdown(0)",
                  "test_store: IMSProvider#1::Release -> 0",
                  "test_store: unloaded",
              }));
  EXPECT_THAT(support_.store_logoff_transports_flags, ElementsAre(LOGOFF_ORDERLY));
  EXPECT_THAT(support_.provider_uids, ElementsAre(UidHex(StoreUid("Personal Store"))));
  ASSERT_EQ(support_.status_rows.size(), 1u);
  EXPECT_THAT(support_.status_rows[0],
              ElementsAre("PR_DISPLAY_NAME_A=\"Personal Store\"",
                          "PR_PROVIDER_DISPLAY_A=\"Test Store Provider\"",
                          "PR_RESOURCE_METHODS=0x00000001", "PR_STATUS_CODE=0x00000001",
                          "PR_STATUS_STRING_A=\"Available\"", "PR_RESOURCE_FLAGS=0x00000000"));
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_EQ(section_.refs(), 1);
}

TEST_F(StoreProviderTest, ReleaseWithoutStoreLogoffCallsStoreLogoffTransportsWithAbort) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_THAT(StoreLines(), ElementsAreArray(ReleasePathLines(LOGOFF_ABORT)));
  EXPECT_THAT(support_.store_logoff_transports_flags, ElementsAre(LOGOFF_ABORT));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, StoreLogoffPassesEveryInputFlagOnce) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  for (ULONG flag : {LOGOFF_NO_WAIT, LOGOFF_ORDERLY, LOGOFF_PURGE, LOGOFF_ABORT, LOGOFF_QUIET}) {
    SCOPED_TRACE(FlagsName(flag, kLogoffFlags));
    FakeSupport support(&section_);
    LPMSLOGON logon = nullptr;
    LPMDB mdb = nullptr;
    ASSERT_EQ(Logon(provider, &support, nullptr, &logon, &mdb), S_OK);
    ActLikeMapi(&support, &logon);
    ULONG flags = flag;
    EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);
    flags = flag;
    EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);  // a second StoreLogoff adds no call
    mdb->Release();
    EXPECT_THAT(support.store_logoff_transports_flags, ElementsAre(flag));
    EXPECT_EQ(support.refs(), 1);
  }
  ShutDown(provider);
}

TEST_F(StoreProviderTest, StoreLogoffReportsTransportActivity) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  support_.store_logoff_transports_out = LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE;
  ULONG flags = LOGOFF_QUIET;
  EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);
  EXPECT_EQ(flags, LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE);
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, SecondLogonToAnOpenStoreReturnsItWithoutALogonObject) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  std::vector<BYTE> eid = StoreEntryId("Personal Store");
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, &eid, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();

  FakeSupport second_support(&section_);
  LPMSLOGON second_logon = reinterpret_cast<LPMSLOGON>(0x1);  // sentinel
  LPMDB second_mdb = nullptr;
  EXPECT_EQ(Logon(provider, &second_support, &eid, &second_logon, &second_mdb), S_OK);
  EXPECT_EQ(second_logon, nullptr);
  EXPECT_EQ(second_mdb, mdb);
  EXPECT_EQ(second_support.refs(), 1) << "the second support object is not kept";
  EXPECT_THAT(ProbeLines(), ElementsAre("test_store: IMSProvider#1::Logon(\"Test Profile\", "
                                        "store:\"Personal Store\", MDB_NO_DIALOG|MDB_WRITE, NULL)",
                                        "test_store: IMsgStore#1::AddRef -> 2"));
  EXPECT_EQ(second_mdb->Release(), 1u);
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_THAT(support_.store_logoff_transports_flags, ElementsAre(LOGOFF_ABORT));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, LogonWithoutEntryIdFindsAnOpenStoreByItsProfileName) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  FakeSupport second_support(&section_);
  LPMSLOGON second_logon = nullptr;
  LPMDB second_mdb = nullptr;
  EXPECT_EQ(Logon(provider, &second_support, nullptr, &second_logon, &second_mdb), S_OK);
  EXPECT_EQ(second_logon, nullptr);
  EXPECT_EQ(second_mdb, mdb);
  EXPECT_EQ(second_support.refs(), 1) << "AddRef undone";
  EXPECT_THAT(second_support.provider_uids, IsEmpty());
  second_mdb->Release();
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, TwoStoresHaveTheirOwnUidsAndEntryIds) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  std::vector<BYTE> alpha_eid = StoreEntryId("Alpha");
  std::vector<BYTE> beta_eid = StoreEntryId("Beta");
  FakeSupport alpha_support(&section_);
  FakeSupport beta_support(&section_);
  LPMSLOGON alpha_logon = nullptr, beta_logon = nullptr;
  LPMDB alpha = nullptr, beta = nullptr;
  ASSERT_EQ(Logon(provider, &alpha_support, &alpha_eid, &alpha_logon, &alpha), S_OK);
  ASSERT_EQ(Logon(provider, &beta_support, &beta_eid, &beta_logon, &beta), S_OK);
  ActLikeMapi(&alpha_support, &alpha_logon);
  ActLikeMapi(&beta_support, &beta_logon);
  EXPECT_NE(alpha, beta);
  EXPECT_THAT(alpha_support.provider_uids, ElementsAre(UidHex(StoreUid("Alpha"))));
  EXPECT_THAT(beta_support.provider_uids, ElementsAre(UidHex(StoreUid("Beta"))));

  SizedSPropTagArray(3, tags) = {3, {PR_ENTRYID, PR_RECORD_KEY, PR_MDB_PROVIDER}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(beta->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values), S_OK);
  ASSERT_EQ(count, 3u);
  EXPECT_EQ(
      std::vector<BYTE>(values[0].Value.bin.lpb, values[0].Value.bin.lpb + values[0].Value.bin.cb),
      beta_eid);
  EXPECT_EQ(UidHex(*reinterpret_cast<LPMAPIUID>(values[1].Value.bin.lpb)),
            UidHex(StoreUid("Beta")));
  EXPECT_EQ(UidHex(*reinterpret_cast<LPMAPIUID>(values[2].Value.bin.lpb)), UidHex(kStoreBaseUid));
  CountingFreeBuffer(values);

  ULONG result = 7;
  EXPECT_EQ(provider->CompareStoreIDs(Cb(alpha_eid), Eid(alpha_eid), Cb(alpha_eid), Eid(alpha_eid),
                                      0, &result),
            S_OK);
  EXPECT_EQ(result, 1u);
  EXPECT_EQ(provider->CompareStoreIDs(Cb(alpha_eid), Eid(alpha_eid), Cb(beta_eid), Eid(beta_eid), 0,
                                      &result),
            S_OK);
  EXPECT_EQ(result, 0u);
  std::vector<BYTE> foreign = AbEntryId(MAPI_MAILUSER, "x");
  EXPECT_EQ(provider->CompareStoreIDs(Cb(alpha_eid), Eid(alpha_eid), Cb(foreign), Eid(foreign), 0,
                                      &result),
            MAPI_E_INVALID_ENTRYID);

  beta->Release();
  alpha->Release();
  EXPECT_EQ(alpha_support.refs(), 1);
  EXPECT_EQ(beta_support.refs(), 1);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, SpoolerLogonReturnsTheClientLogonsPair) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  std::vector<BYTE> eid = StoreEntryId("Personal Store");
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, &eid, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();

  FakeSupport spooler_support(&section_);
  LPMSLOGON spooler_logon = nullptr;
  LPMDB spooler_mdb = nullptr;
  char profile[] = "Test Profile";
  EXPECT_EQ(provider->SpoolerLogon(&spooler_support, 0, profile, Cb(eid), Eid(eid), MDB_NO_DIALOG,
                                   nullptr, static_cast<ULONG>(last_spool_.size()),
                                   reinterpret_cast<LPBYTE>(last_spool_.data()), nullptr,
                                   &spooler_logon, &spooler_mdb),
            S_OK);
  EXPECT_EQ(spooler_logon, logon);
  EXPECT_EQ(spooler_mdb, mdb);
  EXPECT_EQ(spooler_support.refs(), 1);
  EXPECT_THAT(
      ProbeLines(),
      ElementsAre("test_store: IMSProvider#1::SpoolerLogon(\"Test Profile\", "
                  "store:\"Personal Store\", MDB_NO_DIALOG, NULL, \"Personal Store\")",
                  "test_store: IMsgStore#1::AddRef -> 2", "test_store: IMSLogon#1::AddRef -> 2"));
  spooler_mdb->Release();
  spooler_logon->Release();

  std::vector<BYTE> closed = StoreEntryId("Not Open");
  EXPECT_EQ(provider->SpoolerLogon(&spooler_support, 0, profile, Cb(closed), Eid(closed), 0,
                                   nullptr, 0, nullptr, nullptr, &spooler_logon, &spooler_mdb),
            MAPI_E_LOGON_FAILED);
  EXPECT_EQ(spooler_mdb, nullptr);
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, StoreAnswersItsProperties) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);

  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(mdb->GetProps(nullptr, 0, &count, &values), S_OK);
  std::vector<std::string> names;
  for (ULONG i = 0; i < count; ++i) names.push_back(ValueName(values[i]));
  CountingFreeBuffer(values);
  EXPECT_THAT(names, ElementsAre("PR_DISPLAY_NAME_A=\"Personal Store\"", "PR_ENTRYID=bin[35]",
                                 "PR_RECORD_KEY=bin[16]", "PR_STORE_RECORD_KEY=bin[16]",
                                 "PR_STORE_SUPPORT_MASK=0x00000003", "PR_MDB_PROVIDER=bin[16]",
                                 "PR_OBJECT_TYPE=0x00000001"));

  LPSPropTagArray tags = nullptr;
  ASSERT_EQ(mdb->GetPropList(0, &tags), S_OK);
  EXPECT_EQ(TagArrayName(tags),
            "[PR_DISPLAY_NAME_A, PR_ENTRYID, PR_RECORD_KEY, PR_STORE_RECORD_KEY, "
            "PR_STORE_SUPPORT_MASK, PR_MDB_PROVIDER, PR_OBJECT_TYPE]");
  CountingFreeBuffer(tags);

  SizedSPropTagArray(2, some) = {2, {PR_DISPLAY_NAME_W, PR_SUBJECT_A}};
  ASSERT_EQ(mdb->GetProps(reinterpret_cast<LPSPropTagArray>(&some), 0, &count, &values),
            MAPI_W_ERRORS_RETURNED);
  EXPECT_EQ(std::wstring(values[0].Value.lpszW), L"Personal Store");
  EXPECT_EQ(values[1].Value.err, MAPI_E_NOT_FOUND);
  CountingFreeBuffer(values);

  LPUNKNOWN unk = nullptr;
  EXPECT_EQ(mdb->QueryInterface(IID_IMAPIProp, reinterpret_cast<LPVOID*>(&unk)), S_OK);
  unk->Release();
  EXPECT_EQ(mdb->QueryInterface(IID_IMessage, reinterpret_cast<LPVOID*>(&unk)),
            MAPI_E_INTERFACE_NOT_SUPPORTED);
  EXPECT_EQ(unk, nullptr);
  EXPECT_THAT(
      ProbeLinesMatching("test_store: IMsgStore#1::"),
      ElementsAre("test_store: IMsgStore#1::GetProps(NULL, 0)",
                  "test_store: IMsgStore#1::GetPropList(0)",
                  "test_store: IMsgStore#1::GetProps([PR_DISPLAY_NAME_W, 0x0037001E], 0)",
                  "test_store: IMsgStore#1::QueryInterface(IID_IMAPIProp)",
                  "test_store: IMsgStore#1::AddRef -> 2", "test_store: IMsgStore#1::Release -> 1",
                  "test_store: IMsgStore#1::QueryInterface(IID_IMessage)"));
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, OpenEntryOpensTheRootFolder) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();

  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(mdb->OpenEntry(0, nullptr, nullptr, MAPI_BEST_ACCESS, &type, &unk), S_OK);
  EXPECT_EQ(type, MAPI_FOLDER);
  auto* folder = reinterpret_cast<LPMAPIFOLDER>(unk);
  SizedSPropTagArray(3, tags) = {3, {PR_DISPLAY_NAME_A, PR_ENTRYID, PR_FOLDER_TYPE}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(folder->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values), S_OK);
  EXPECT_STREQ(values[0].Value.lpszA, "Root");
  std::vector<BYTE> root = RootFolderEntryId("Personal Store");
  EXPECT_EQ(
      std::vector<BYTE>(values[1].Value.bin.lpb, values[1].Value.bin.lpb + values[1].Value.bin.cb),
      root);
  EXPECT_EQ(values[2].Value.ul, FOLDER_ROOT);
  CountingFreeBuffer(values);
  LPMAPITABLE table = nullptr;
  EXPECT_EQ(folder->GetContentsTable(0, &table), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(folder->Release(), 0u);

  ASSERT_EQ(logon->OpenEntry(Cb(root), Eid(root), &IID_IMAPIFolder, 0, &type, &unk), S_OK);
  EXPECT_EQ(type, MAPI_FOLDER);
  unk->Release();
  std::vector<BYTE> store = StoreEntryId("Personal Store");
  EXPECT_EQ(mdb->OpenEntry(Cb(store), Eid(store), nullptr, 0, &type, &unk), MAPI_E_NOT_FOUND);
  std::vector<BYTE> other = RootFolderEntryId("Other Store");
  EXPECT_EQ(mdb->OpenEntry(Cb(other), Eid(other), nullptr, 0, &type, &unk), MAPI_E_INVALID_ENTRYID);
  EXPECT_EQ(mdb->OpenEntry(0, nullptr, &IID_IMessage, 0, &type, &unk),
            MAPI_E_INTERFACE_NOT_SUPPORTED);

  EXPECT_THAT(StoreLines(),
              ElementsAre("test_store: IMsgStore#1::OpenEntry(NULL, NULL, MAPI_BEST_ACCESS)",
                          "test_store: IMAPIFolder#1::GetProps([PR_DISPLAY_NAME_A, PR_ENTRYID, "
                          "PR_FOLDER_TYPE], 0)",
                          "test_store: IMAPIFolder#1::GetContentsTable(0)",
                          "test_store: IMAPIFolder#1::Release -> 0",
                          "test_store: IMSLogon#1::OpenEntry(folder:\"Personal Store\", "
                          "IID_IMAPIFolder, 0)",
                          "test_store: IMAPIFolder#2::Release -> 0",
                          "test_store: IMsgStore#1::OpenEntry(store:\"Personal Store\", NULL, 0)",
                          "test_store: IMsgStore#1::OpenEntry(folder:\"Other Store\", NULL, 0)",
                          "test_store: IMsgStore#1::OpenEntry(NULL, IID_IMessage, 0)"));
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, CompareEntryIDsOnStoreAndLogon) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  std::vector<BYTE> store = StoreEntryId("Personal Store");
  std::vector<BYTE> store_copy = store;
  std::vector<BYTE> root = RootFolderEntryId("Personal Store");
  std::vector<BYTE> foreign = AbEntryId(MAPI_ABCONT, "root");
  ULONG result = 7;
  EXPECT_EQ(
      mdb->CompareEntryIDs(Cb(store), Eid(store), Cb(store_copy), Eid(store_copy), 0, &result),
      S_OK);
  EXPECT_EQ(result, 1u);
  EXPECT_EQ(logon->CompareEntryIDs(Cb(store), Eid(store), Cb(root), Eid(root), 0, &result), S_OK);
  EXPECT_EQ(result, 0u);
  EXPECT_EQ(logon->CompareEntryIDs(Cb(root), Eid(root), Cb(foreign), Eid(foreign), 0, &result),
            MAPI_E_INVALID_ENTRYID);
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, AdviseKeepsSinksUntilUnadviseOrTheStoreGoes) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();

  FakeAdviseSink sink;
  ULONG_PTR first = 0, second = 0, unused = 0;
  EXPECT_EQ(mdb->Advise(0, nullptr, fnevObjectModified, &sink, &first), S_OK);
  std::vector<BYTE> root = RootFolderEntryId("Personal Store");
  EXPECT_EQ(logon->Advise(Cb(root), Eid(root), fnevNewMail | fnevObjectCreated, &sink, &second),
            S_OK);
  EXPECT_NE(first, second);
  EXPECT_EQ(sink.refs(), 3);
  EXPECT_EQ(mdb->Advise(0, nullptr, 0, &sink, &unused), MAPI_E_INVALID_PARAMETER);
  EXPECT_EQ(mdb->Unadvise(first), S_OK);
  EXPECT_EQ(sink.refs(), 2);
  EXPECT_EQ(mdb->Unadvise(first), MAPI_E_NOT_FOUND);
  mdb->Release();  // the second registration goes with the store
  EXPECT_EQ(sink.refs(), 1);
  EXPECT_THAT(
      StoreLines(),
      ElementsAre(
          "test_store: IMsgStore#1::Advise(NULL, fnevObjectModified)",
          "test_store: -> IMAPIAdviseSink::AddRef()",
          "test_store: IMSLogon#1::Advise(folder:\"Personal Store\", "
          "fnevNewMail|fnevObjectCreated)",
          "test_store: -> IMAPIAdviseSink::AddRef()", "test_store: IMsgStore#1::Advise(NULL, 0)",
          "test_store: IMsgStore#1::Unadvise(1)", "test_store: -> IMAPIAdviseSink::Release()",
          "test_store: IMsgStore#1::Unadvise(1)", "test_store: IMsgStore#1::Release -> 0",
          "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
          "S_OK, out LOGOFF_COMPLETE",
          "test_store: -> IMAPIAdviseSink::Release()", "test_store: -> IMAPISupport::Release()",
          "test_store: IMSLogon#1::Logoff(0)", "test_store: IMSLogon#1::Release -> 0"));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, StatusObjectHoldsTheLogonUntilLogoff) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();

  ULONG type = 0;
  LPMAPISTATUS status = nullptr;
  ASSERT_EQ(logon->OpenStatusEntry(nullptr, 0, &type, reinterpret_cast<LPVOID*>(&status)), S_OK);
  EXPECT_EQ(type, MAPI_STATUS);
  SizedSPropTagArray(3, tags) = {3, {PR_DISPLAY_NAME_A, PR_RESOURCE_TYPE, PR_OBJECT_TYPE}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(status->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values), S_OK);
  EXPECT_STREQ(values[0].Value.lpszA, "Personal Store");
  EXPECT_EQ(values[1].Value.ul, MAPI_STORE_PROVIDER);
  EXPECT_EQ(values[2].Value.ul, MAPI_STATUS);
  CountingFreeBuffer(values);
  EXPECT_EQ(status->ValidateState(0, 0), S_OK);
  EXPECT_EQ(status->FlushQueues(0, 0, nullptr, FLUSH_UPLOAD), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(status->Release(), 1u);  // the logon keeps its own reference
  mdb->Release();
  EXPECT_THAT(
      StoreLines(),
      ElementsAre("test_store: IMSLogon#1::OpenStatusEntry(NULL, 0)",
                  "test_store: IMSLogon#1::AddRef -> 2", "test_store: IMAPIStatus#1::AddRef -> 2",
                  "test_store: IMAPIStatus#1::GetProps([PR_DISPLAY_NAME_A, "
                  "PR_RESOURCE_TYPE, PR_OBJECT_TYPE], 0)",
                  "test_store: IMAPIStatus#1::ValidateState(0)",
                  "test_store: IMAPIStatus#1::FlushQueues(FLUSH_UPLOAD)",
                  "test_store: IMAPIStatus#1::Release -> 1",
                  "test_store: IMsgStore#1::Release -> 0",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                  "S_OK, out LOGOFF_COMPLETE",
                  "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Logoff(0)",
                  "test_store: IMAPIStatus#1::Release -> 0", "test_store: IMSLogon#1::Release -> 1",
                  "test_store: IMSLogon#1::Release -> 0"));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, SessionLogoffWhileTheClientStillHoldsTheStore) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ProbeClear();

  ULONG flags = 0;
  EXPECT_EQ(logon->Logoff(&flags), S_OK);  // MAPI, during IMAPISession::Logoff
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_EQ(logon->Release(), 0u);
  flags = LOGOFF_ORDERLY;
  EXPECT_EQ(mdb->StoreLogoff(&flags), MAPI_E_INVALID_OBJECT);
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_THAT(
      StoreLines(),
      ElementsAre("test_store: IMSLogon#1::Logoff(0)",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                  "S_OK, out LOGOFF_COMPLETE",
                  "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Release -> 0",
                  "test_store: IMsgStore#1::StoreLogoff(LOGOFF_ORDERLY)",
                  "test_store: IMsgStore#1::Release -> 0"));
  EXPECT_THAT(support_.store_logoff_transports_flags, ElementsAre(LOGOFF_ABORT));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, InitChecksVersionsAndArguments) {
  LPMSPROVIDER provider = reinterpret_cast<LPMSPROVIDER>(0x1);
  EXPECT_EQ(Init(&provider, PDK1_SPI_VERSION), MAPI_E_VERSION);
  EXPECT_EQ(provider, nullptr);
  EXPECT_EQ(provider_version_, CURRENT_SPI_VERSION);  // still reported
  EXPECT_EQ(init_(nullptr, nullptr, CountingAllocateBuffer, CountingAllocateMore,
                  CountingFreeBuffer, 0, CURRENT_SPI_VERSION, &provider_version_, nullptr),
            MAPI_E_INVALID_PARAMETER);
  EXPECT_EQ(init_(nullptr, nullptr, nullptr, CountingAllocateMore, CountingFreeBuffer, 0,
                  CURRENT_SPI_VERSION, &provider_version_, &provider),
            MAPI_E_INVALID_PARAMETER);
  EXPECT_THAT(StoreLines(),
              ElementsAre("test_store: loaded", "test_store: MSProviderInit(0, 0x00010000)",
                          "test_store: MSProviderInit(0, 0x00010010)",
                          "test_store: MSProviderInit(0, 0x00010010)"));
}

TEST_F(StoreProviderTest, EachInitGivesANewProviderObject) {
  LPMSPROVIDER first = nullptr, second = nullptr;
  ASSERT_EQ(Init(&first), S_OK);
  ASSERT_EQ(Init(&second), S_OK);
  EXPECT_NE(first, second);
  LPUNKNOWN unk = nullptr;
  EXPECT_EQ(second->QueryInterface(IID_IMSProvider, reinterpret_cast<LPVOID*>(&unk)), S_OK);
  EXPECT_EQ(unk->Release(), 1u);
  EXPECT_EQ(second->QueryInterface(IID_IXPProvider, reinterpret_cast<LPVOID*>(&unk)),
            MAPI_E_INTERFACE_NOT_SUPPORTED);
  EXPECT_EQ(first->Release(), 0u);
  EXPECT_EQ(second->Release(), 0u);
  EXPECT_THAT(ProbeLinesMatching("test_store: IMSProvider#2::"),
              ElementsAre("test_store: IMSProvider#2::QueryInterface(IID_IMSProvider)",
                          "test_store: IMSProvider#2::AddRef -> 2",
                          "test_store: IMSProvider#2::Release -> 1",
                          "test_store: IMSProvider#2::QueryInterface(IID_IXPProvider)",
                          "test_store: IMSProvider#2::Release -> 0"));
}

TEST_F(StoreProviderTest, LogonFailsCleanlyWhenMapiRefuses) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  support_.set_provider_uid_hr = MAPI_E_CALL_FAILED;
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  EXPECT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), MAPI_E_CALL_FAILED);
  EXPECT_EQ(logon, nullptr);
  EXPECT_EQ(mdb, nullptr);
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_THAT(ProbeLinesMatching("test_store: -> IMAPISupport::"),
              ElementsAre("test_store: -> IMAPISupport::AddRef()",
                          "test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = "
                          "S_OK",
                          "test_store: -> IMAPISupport::SetProviderUID(" +
                              UidHex(StoreUid("Personal Store")) + ", 0) = MAPI_E_CALL_FAILED",
                          "test_store: -> IMAPISupport::Release()"));
  support_.set_provider_uid_hr = S_OK;
  support_.open_profile_section_hr = MAPI_E_NOT_FOUND;
  EXPECT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), MAPI_E_NOT_FOUND);
  EXPECT_EQ(support_.refs(), 1);
  std::vector<BYTE> foreign = AbEntryId(MAPI_ABCONT, "root");
  EXPECT_EQ(Logon(provider, &support_, &foreign, &logon, &mdb), MAPI_E_INVALID_ENTRYID);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, UnimplementedMethodsAreRecordedAndReturnNoSupport) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();
  LPMAPITABLE table = nullptr;
  EXPECT_EQ(mdb->GetReceiveFolderTable(0, &table), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(mdb->GetOutgoingQueue(0, &table), MAPI_E_NO_SUPPORT);
  SPropValue value = {};
  value.ulPropTag = PR_DISPLAY_NAME_A;
  value.Value.lpszA = const_cast<LPSTR>("x");
  EXPECT_EQ(mdb->SetProps(1, &value, nullptr), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(table, nullptr);
  EXPECT_THAT(StoreLines(), ElementsAre("test_store: IMsgStore#1::GetReceiveFolderTable(0)",
                                        "test_store: IMsgStore#1::GetOutgoingQueue(0)",
                                        "test_store: IMsgStore#1::SetProps([PR_DISPLAY_NAME_A])"));
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, WorksWithTheExportedMemoryFunctions) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(init_(nullptr, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                  MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &provider_version_, &provider),
            S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ULONG cb_spool = 0;
  LPBYTE spool = nullptr;
  ASSERT_EQ(provider->Logon(&support_, 0, nullptr, 0, nullptr, 0, nullptr, &cb_spool, &spool,
                            nullptr, &logon, &mdb),
            S_OK);
  ActLikeMapi(&support_, &logon);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(spool), cb_spool), "Personal Store");
  MAPIFreeBuffer(spool);
  LPSPropValue value = nullptr;
  ASSERT_EQ(HrGetOneProp(mdb, PR_DISPLAY_NAME_A, &value), S_OK);
  EXPECT_STREQ(value->Value.lpszA, "Personal Store");
  MAPIFreeBuffer(value);
  mdb->Release();
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
  // The profile section's buffer (counted) went back through the provider's
  // MAPIFreeBuffer (not counted): nothing is left, the count just can't see it.
  EXPECT_EQ(LiveBuffers(), 1);
  ResetLiveBuffers();
}

TEST_F(StoreProviderTest, ServiceEntryConfiguresTheProfileSection) {
  auto* service_entry = library_->Entry<MSGSERVICEENTRY>("ServiceEntry");
  ASSERT_NE(service_entry, nullptr);
  SPropValue props[1] = {};
  props[0].ulPropTag = PR_DISPLAY_NAME_A;
  props[0].Value.lpszA = const_cast<LPSTR>("Configured Store");
  LPMAPIERROR error = reinterpret_cast<LPMAPIERROR>(0x1);
  EXPECT_EQ(service_entry(nullptr, MAPIGetDefaultMalloc(), &support_, 0, 0, MSG_SERVICE_CREATE, 1,
                          props, nullptr, &error),
            S_OK);
  EXPECT_EQ(error, nullptr);
  EXPECT_EQ(section_.GetString(PR_DISPLAY_NAME_A), "Configured Store");
  EXPECT_EQ(section_.GetString(PROP_TAG(PT_STRING8, 0x6600)), "test_store.dat");
  EXPECT_EQ(support_.refs(), 1) << "a configuration support object is never AddRef'd";
  EXPECT_EQ(section_.refs(), 1);
  EXPECT_EQ(service_entry(nullptr, nullptr, &support_, 0, 0, MSG_SERVICE_DELETE, 0, nullptr,
                          nullptr, nullptr),
            S_OK);
  EXPECT_THAT(StoreLines(),
              ElementsAre("test_store: loaded",
                          "test_store: ServiceEntry(MSG_SERVICE_CREATE, 0, [PR_DISPLAY_NAME_A], "
                          "NULL)",
                          "test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = "
                          "S_OK",
                          "test_store: -> IProfSect::SetProps([PR_DISPLAY_NAME_A=\"Configured "
                          "Store\", 0x6600001E=\"test_store.dat\"]) = S_OK",
                          "test_store: -> IProfSect::Release()",
                          "test_store: ServiceEntry(MSG_SERVICE_DELETE, 0, [], NULL)"));
}

// ------------------------------------------------------------------ knobs --

TEST_F(StoreProviderTest, KnobInitHr) {
  ProbeSet("test_store.init_hr", "MAPI_E_NOT_ENOUGH_RESOURCES");
  LPMSPROVIDER provider = nullptr;
  EXPECT_EQ(Init(&provider), MAPI_E_NOT_ENOUGH_RESOURCES);
  EXPECT_EQ(provider, nullptr);
  ProbeSet("test_store.init_hr", "MAPI_W_ERRORS_RETURNED");  // a warning still gives a provider
  EXPECT_EQ(Init(&provider), MAPI_W_ERRORS_RETURNED);
  ASSERT_NE(provider, nullptr);
  provider->Release();
}

TEST_F(StoreProviderTest, KnobVersion) {
  ProbeSet("test_store.version", "0x00000010");
  LPMSPROVIDER provider = nullptr;
  EXPECT_EQ(Init(&provider), S_OK);
  EXPECT_EQ(provider_version_, 0x00000010u);
  provider->Release();
}

TEST_F(StoreProviderTest, KnobLogonHr) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeSet("test_store.logon_hr", "MAPI_E_UNCONFIGURED");
  ProbeClear();
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  EXPECT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), MAPI_E_UNCONFIGURED);
  EXPECT_EQ(mdb, nullptr);
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_THAT(StoreLines(), ElementsAre("test_store: IMSProvider#1::Logon(\"Test Profile\", "
                                        "NULL, MDB_NO_DIALOG|MDB_WRITE, NULL)"));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobSpoolerLogonHr) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeSet("test_store.spooler_logon_hr", "MAPI_E_UNCONFIGURED");
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  std::vector<BYTE> eid = StoreEntryId("Personal Store");
  EXPECT_EQ(provider->SpoolerLogon(&support_, 0, nullptr, Cb(eid), Eid(eid), 0, nullptr, 0, nullptr,
                                   nullptr, &logon, &mdb),
            MAPI_E_UNCONFIGURED);
  EXPECT_EQ(mdb, nullptr);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobSkipModifyStatusRow) {
  ProbeSet("test_store.skip_modify_status_row", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  std::vector<std::string> expected = LogonLines();
  expected.pop_back();  // no ModifyStatusRow
  EXPECT_THAT(ProbeLinesMatching("test_store: IMSProvider#1::Logon"), ElementsAre(expected[0]));
  EXPECT_THAT(ProbeLinesMatching("test_store: ->"),
              ElementsAreArray(std::vector<std::string>(expected.begin() + 1, expected.end())));
  EXPECT_THAT(support_.status_rows, IsEmpty());
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobSkipStoreLogoffTransports) {
  ProbeSet("test_store.skip_storelogofftransports", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  for (bool store_logoff : {true, false}) {
    FakeSupport support(&section_);
    LPMSLOGON logon = nullptr;
    LPMDB mdb = nullptr;
    ASSERT_EQ(Logon(provider, &support, nullptr, &logon, &mdb), S_OK);
    ActLikeMapi(&support, &logon);
    ULONG flags = LOGOFF_NO_WAIT;
    if (store_logoff) {
      EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);
    }
    mdb->Release();
    EXPECT_THAT(support.store_logoff_transports_flags, IsEmpty());
    EXPECT_EQ(support.refs(), 1);
  }
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobCallSltTwice) {
  ProbeSet("test_store.call_slt_twice", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ULONG flags = LOGOFF_PURGE;
  EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);
  mdb->Release();
  EXPECT_THAT(support_.store_logoff_transports_flags, ElementsAre(LOGOFF_PURGE, LOGOFF_PURGE));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobSltFlagOverride) {
  ProbeSet("test_store.slt_flag_override", "LOGOFF_QUIET");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_EQ(mdb->StoreLogoff(&flags), S_OK);
  mdb->Release();
  EXPECT_THAT(support_.store_logoff_transports_flags, ElementsAre(LOGOFF_QUIET));
  EXPECT_THAT(ProbeLinesMatching("test_store: -> IMAPISupport::StoreLogoffTransports"),
              ElementsAre("test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_QUIET) = "
                          "S_OK, out LOGOFF_COMPLETE"));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobKeepSupportRef) {
  ProbeSet("test_store.keep_support_ref", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();
  mdb->Release();
  EXPECT_EQ(support_.refs(), 2) << "the provider's reference is leaked";
  ASSERT_NE(logon, nullptr) << "so MAPI never logs the store off";
  EXPECT_THAT(StoreLines(),
              ElementsAre("test_store: IMsgStore#1::Release -> 0",
                          "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                          "S_OK, out LOGOFF_COMPLETE"));
  ULONG flags = 0;
  EXPECT_EQ(logon->Logoff(&flags), S_OK);  // the test cleans up as MAPI would at session logoff
  logon->Release();
  EXPECT_EQ(support_.refs(), 2);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobReleaseSupportTwice) {
  ProbeSet("test_store.release_support_twice", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();
  mdb->Release();
  EXPECT_EQ(support_.refs(), 0) << "one Release too many";
  EXPECT_THAT(StoreLines(), ElementsAreArray(Concat(ReleasePathLines(LOGOFF_ABORT),
                                                    {"test_store: -> IMAPISupport::Release()"})));
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobLogoffHr) {
  ProbeSet("test_store.logoff_hr", "MAPI_E_CALL_FAILED");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  mdb->Release();
  EXPECT_EQ(mapi_logoff_hr_, MAPI_E_CALL_FAILED);
  EXPECT_EQ(support_.refs(), 1) << "the work was done before failing";
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobLogoffThrow) {
  ProbeSet("test_store.logoff_throw", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ULONG flags = 0;
  EXPECT_THROW(logon->Logoff(&flags), std::runtime_error);
  EXPECT_EQ(support_.refs(), 1) << "the work was done before throwing";
  logon->Release();
  mdb->Release();
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobShutdownHrAndThrow) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ULONG flags = 0;
  ProbeSet("test_store.shutdown_hr", "MAPI_E_BUSY");
  EXPECT_EQ(provider->Shutdown(&flags), MAPI_E_BUSY);
  ProbeSet("test_store.shutdown_throw", "1");
  EXPECT_THROW(provider->Shutdown(&flags), std::runtime_error);
  EXPECT_EQ(provider->Release(), 0u);
  EXPECT_THAT(ProbeLinesMatching("test_store: IMSProvider#1::Shutdown"),
              ElementsAre("test_store: IMSProvider#1::Shutdown(0)",
                          "test_store: IMSProvider#1::Shutdown(0)"));
}

TEST_F(StoreProviderTest, KnobServiceEntryHr) {
  ProbeSet("test_store.service_entry_hr", "MAPI_E_USER_CANCEL");
  auto* service_entry = library_->Entry<MSGSERVICEENTRY>("ServiceEntry");
  ASSERT_NE(service_entry, nullptr);
  EXPECT_EQ(service_entry(nullptr, nullptr, &support_, 0, 0, MSG_SERVICE_CONFIGURE, 0, nullptr,
                          nullptr, nullptr),
            MAPI_E_USER_CANCEL);
  EXPECT_EQ(section_.GetString(PROP_TAG(PT_STRING8, 0x6600)), "");
}

TEST_F(StoreProviderTest, KnobLeakLogon) {
  ProbeSet("test_store.leak_logon", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  EXPECT_THAT(StoreLines(),
              ElementsAreArray(Concat(LogonLines(), {"test_store: IMSLogon#1::AddRef -> 2"})));
  ProbeClear();
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_EQ(logon, nullptr) << "MAPI's part ran";
  EXPECT_THAT(
      StoreLines(),
      ElementsAre("test_store: IMsgStore#1::Release -> 0",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                  "S_OK, out LOGOFF_COMPLETE",
                  "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Logoff(0)",
                  "test_store: IMSLogon#1::Release -> 1"));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobHangLogoffMs) {
  ProbeSet("test_store.hang_logoff_ms", "50");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_THAT(
      StoreLines(),
      ElementsAre("test_store: IMsgStore#1::Release -> 0",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                  "S_OK, out LOGOFF_COMPLETE",
                  "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Logoff(0)",
                  "test_store: IMSLogon#1::Logoff woke", "test_store: IMSLogon#1::Release -> 0"));
  EXPECT_EQ(mapi_logoff_hr_, S_OK) << "went on normally";
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobHangShutdownMs) {
  ProbeSet("test_store.hang_shutdown_ms", "30");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  auto start = std::chrono::steady_clock::now();
  ShutDown(provider);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
  EXPECT_THAT(StoreLines(), ElementsAre("test_store: IMSProvider#1::Shutdown(0)",
                                        "test_store: IMSProvider#1::Shutdown woke",
                                        "test_store: IMSProvider#1::Release -> 0"));
}

TEST_F(StoreProviderTest, KnobReenterInLogoff) {
  ProbeSet("test_store.reenter_in_logoff", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  // Session logoff while the client holds the store: Logoff still holds the
  // support object and calls back into MAPI before releasing anything.
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ProbeClear();
  ULONG flags = 0;
  EXPECT_EQ(logon->Logoff(&flags), S_OK);
  EXPECT_EQ(logon->Release(), 0u);
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_THAT(
      StoreLines(),
      ElementsAre("test_store: IMSLogon#1::Logoff(0)",
                  "test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = "
                  "S_OK",
                  "test_store: -> IProfSect::Release()",
                  "test_store: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                  "STATUSROW_UPDATE) = S_OK",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                  "S_OK, out LOGOFF_COMPLETE",
                  "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Release -> 0",
                  "test_store: IMsgStore#1::Release -> 0"));
  EXPECT_THAT(support_.status_row_flags, ElementsAre(0u, STATUSROW_UPDATE));
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_EQ(section_.refs(), 1);

  // Ruling 2: MAPI calls Logoff after the store released the support object;
  // there is nothing to call back into, and nothing extra is recorded.
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  ProbeClear();
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_THAT(
      StoreLines(),
      ElementsAre("test_store: IMsgStore#2::Release -> 0",
                  "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                  "S_OK, out LOGOFF_COMPLETE",
                  "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#2::Logoff(0)",
                  "test_store: IMSLogon#2::Release -> 0"));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(StoreProviderTest, KnobCallSupportAfterLogoff) {
  ProbeSet("test_store.call_support_after_logoff", "1");
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPMSLOGON logon = nullptr;
  LPMDB mdb = nullptr;
  ASSERT_EQ(Logon(provider, &support_, nullptr, &logon, &mdb), S_OK);
  ActLikeMapi(&support_, &logon);
  EXPECT_EQ(mdb->Release(), 0u);
  EXPECT_EQ(support_.refs(), 1) << "the provider holds no reference any more";
  support_.modify_status_row_hr = MAPI_E_INVALID_OBJECT;  // what MAPI answers now
  ProbeClear();
  ShutDown(provider);
  EXPECT_THAT(StoreLines(),
              ElementsAre("test_store: IMSProvider#1::Shutdown(0)",
                          "test_store: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                          "STATUSROW_UPDATE) = MAPI_E_INVALID_OBJECT",
                          "test_store: IMSProvider#1::Release -> 0"));
  EXPECT_THAT(support_.status_row_flags, ElementsAre(0u, STATUSROW_UPDATE));
}

TEST_F(StoreProviderTest, KnobFastShutdown) {
  LPMSPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  LPMAPIPROVIDERSHUTDOWN shutdown = nullptr;
  EXPECT_EQ(
      provider->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&shutdown)),
      MAPI_E_INTERFACE_NOT_SUPPORTED);
  EXPECT_EQ(shutdown, nullptr);
  ProbeSet("test_store.fast_shutdown", "S_OK");
  ASSERT_EQ(
      provider->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&shutdown)),
      S_OK);
  ASSERT_NE(shutdown, nullptr);
  EXPECT_EQ(shutdown->QueryFastShutdown(), S_OK);
  EXPECT_EQ(shutdown->NotifyProcessShutdown(), S_OK);
  EXPECT_EQ(shutdown->DoFastShutdown(), S_OK);
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(shutdown->QueryInterface(IID_IUnknown, reinterpret_cast<LPVOID*>(&unk)), S_OK);
  EXPECT_EQ(unk, static_cast<LPUNKNOWN>(provider)) << "one identity";
  unk->Release();
  ProbeSet("test_store.fast_shutdown", "MAPI_E_NO_SUPPORT");
  EXPECT_EQ(shutdown->QueryFastShutdown(), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(provider->Release(), 1u);
  EXPECT_EQ(shutdown->Release(), 0u) << "the last reference frees the provider object";
  EXPECT_THAT(StoreLines(),
              ElementsAre("test_store: IMSProvider#1::QueryInterface(IID_IMAPIProviderShutdown)",
                          "test_store: IMSProvider#1::QueryInterface(IID_IMAPIProviderShutdown)",
                          "test_store: IMAPIProviderShutdown#1::AddRef -> 2",
                          "test_store: IMAPIProviderShutdown#1::QueryFastShutdown()",
                          "test_store: IMAPIProviderShutdown#1::NotifyProcessShutdown()",
                          "test_store: IMAPIProviderShutdown#1::DoFastShutdown()",
                          "test_store: IMAPIProviderShutdown#1::QueryInterface(IID_IUnknown)",
                          "test_store: IMSProvider#1::QueryInterface(IID_IUnknown)",
                          "test_store: IMSProvider#1::AddRef -> 3",
                          "test_store: IMSProvider#1::Release -> 2",
                          "test_store: IMAPIProviderShutdown#1::QueryFastShutdown()",
                          "test_store: IMSProvider#1::Release -> 1",
                          "test_store: IMAPIProviderShutdown#1::Release -> 0"));
}

}  // namespace
}  // namespace mapi_emu::testprov
