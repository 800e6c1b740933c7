// libtest_ab.so driven the way MAPI drives an address-book provider:
// dlopen, ABProviderInit, Logon with a fake support object, the logon's
// methods, Logoff (which releases the support object), Release, Shutdown,
// Release, dlclose.

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

class AbProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProbeReset();
    ResetLiveBuffers();
    section_.SetString(PR_DISPLAY_NAME_A, "Contacts");
    library_ = std::make_unique<ProviderLibrary>(TEST_AB_PATH);
    ASSERT_TRUE(library_->loaded()) << TEST_AB_PATH;
    init_ = library_->Entry<ABPROVIDERINIT>("ABProviderInit");
    ASSERT_NE(init_, nullptr);
  }

  void TearDown() override {
    library_.reset();
    EXPECT_EQ(LiveBuffers(), 0) << "buffers the provider allocated and never freed";
    ProbeReset();
  }

  HRESULT Init(LPABPROVIDER* provider, ULONG mapi_version = CURRENT_SPI_VERSION) {
    return init_(nullptr, MAPIGetDefaultMalloc(), CountingAllocateBuffer, CountingAllocateMore,
                 CountingFreeBuffer, 0, mapi_version, &provider_version_, provider);
  }

  HRESULT Logon(LPABPROVIDER provider, LPABLOGON* logon) {
    char profile[] = "Test Profile";
    ULONG cb_security = 0;
    LPBYTE security = nullptr;
    return provider->Logon(&support_, 0, profile, AB_NO_DIALOG, &cb_security, &security, nullptr,
                           logon);
  }

  // IABLogon::Logoff(0) and Release, as MAPI does at session logoff.
  HRESULT LogOff(LPABLOGON logon) {
    HRESULT hr = logon->Logoff(0);
    EXPECT_EQ(logon->Release(), 0u);
    return hr;
  }

  void ShutDown(LPABPROVIDER provider) {
    ULONG flags = 0;
    EXPECT_EQ(provider->Shutdown(&flags), S_OK);
    EXPECT_EQ(provider->Release(), 0u);
  }

  static std::vector<std::string> AbLines() { return ProbeLinesMatching("test_ab: "); }

  FakeProfSect section_;
  FakeSupport support_{&section_};
  std::unique_ptr<ProviderLibrary> library_;
  ABPROVIDERINIT* init_ = nullptr;
  ULONG provider_version_ = 0;
};

TEST_F(AbProviderTest, LogonOpenEntryLogoffShutdown) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  EXPECT_EQ(provider_version_, CURRENT_SPI_VERSION);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(support_.refs(), 2);

  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(logon->OpenEntry(0, nullptr, nullptr, 0, &type, &unk), S_OK);
  EXPECT_EQ(type, MAPI_ABCONT);
  SizedSPropTagArray(2, tags) = {2, {PR_DISPLAY_NAME_A, PR_OBJECT_TYPE}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  auto* container = reinterpret_cast<LPABCONT>(unk);
  ASSERT_EQ(container->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values),
            S_OK);
  EXPECT_STREQ(values[0].Value.lpszA, "Contacts");
  EXPECT_EQ(values[1].Value.ul, MAPI_ABCONT);
  CountingFreeBuffer(values);
  EXPECT_EQ(container->Release(), 0u);

  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
  library_->Close();

  EXPECT_THAT(AbLines(),
              ElementsAreArray(std::vector<std::string>{
                  "test_ab: loaded",
                  "test_ab: ABProviderInit(0, 0x00010010)",
                  "test_ab: IABProvider#1::Logon(\"Test Profile\", AB_NO_DIALOG)",
                  "test_ab: -> IMAPISupport::AddRef()",
                  "test_ab: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                  "test_ab: -> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, "
                  "out PR_DISPLAY_NAME_A=\"Contacts\"",
                  "test_ab: -> IProfSect::Release()",
                  "test_ab: -> IMAPISupport::SetProviderUID(" + UidHex(kAbUid) + ", 0) = S_OK",
                  "test_ab: -> IMAPISupport::ModifyStatusRow([PR_DISPLAY_NAME_A, "
                  "PR_PROVIDER_DISPLAY_A, PR_RESOURCE_METHODS, PR_STATUS_CODE, "
                  "PR_STATUS_STRING_A, PR_RESOURCE_FLAGS], 0) = S_OK",
                  "test_ab: IABLogon#1::OpenEntry(NULL, NULL, 0)",
                  "test_ab: IABContainer#1::GetProps([PR_DISPLAY_NAME_A, PR_OBJECT_TYPE], 0)",
                  "test_ab: IABContainer#1::Release -> 0",
                  "test_ab: IABLogon#1::Logoff(0)",
                  "test_ab: -> IMAPISupport::Release()",
                  "test_ab: IABLogon#1::Release -> 0",
                  "test_ab: IABProvider#1::Shutdown(0)",
                  "test_ab: IABProvider#1::Release -> 0",
                  "test_ab: unloaded",
              }));
  EXPECT_THAT(support_.provider_uids, ElementsAre(UidHex(kAbUid)));
  ASSERT_EQ(support_.status_rows.size(), 1u);
  EXPECT_THAT(support_.status_rows[0],
              ElementsAre("PR_DISPLAY_NAME_A=\"Contacts\"",
                          "PR_PROVIDER_DISPLAY_A=\"Test Address Book Provider\"",
                          "PR_RESOURCE_METHODS=0x00000001", "PR_STATUS_CODE=0x00000001",
                          "PR_STATUS_STRING_A=\"Available\"", "PR_RESOURCE_FLAGS=0x00000000"));
}

TEST_F(AbProviderTest, LogonClearsTheReservedSecurityOutputs) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ULONG cb_security = 99;
  LPBYTE security = reinterpret_cast<LPBYTE>(0x1);
  LPMAPIERROR error = reinterpret_cast<LPMAPIERROR>(0x1);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(provider->Logon(&support_, 0, nullptr, 0, &cb_security, &security, &error, &logon),
            S_OK);
  EXPECT_EQ(cb_security, 0u);
  EXPECT_EQ(security, nullptr);
  EXPECT_EQ(error, nullptr);
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(AbProviderTest, OpenEntryGivesMailUsersAndRejectsForeignIds) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeClear();

  std::vector<BYTE> alice = AbEntryId(MAPI_MAILUSER, "Alice");
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(logon->OpenEntry(Cb(alice), Eid(alice), &IID_IMailUser, 0, &type, &unk), S_OK);
  EXPECT_EQ(type, MAPI_MAILUSER);
  auto* user = reinterpret_cast<LPMAILUSER>(unk);
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(user->GetProps(nullptr, 0, &count, &values), S_OK);
  std::vector<std::string> names;
  for (ULONG i = 0; i < count; ++i) names.push_back(ValueName(values[i]));
  CountingFreeBuffer(values);
  EXPECT_THAT(names, ElementsAre("PR_DISPLAY_NAME_A=\"Alice\"", "PR_ENTRYID=bin[30]",
                                 "PR_OBJECT_TYPE=0x00000006", "PR_DISPLAY_TYPE=0x00000000",
                                 "PR_ADDRTYPE_A=\"TEST\"", "PR_EMAIL_ADDRESS_A=\"Alice@test\""));
  EXPECT_EQ(user->Release(), 0u);

  std::vector<BYTE> store = StoreEntryId("Alice");
  EXPECT_EQ(logon->OpenEntry(Cb(store), Eid(store), nullptr, 0, &type, &unk),
            MAPI_E_INVALID_ENTRYID);
  std::vector<BYTE> other = AbEntryId(MAPI_ABCONT, "other");
  EXPECT_EQ(logon->OpenEntry(Cb(other), Eid(other), nullptr, 0, &type, &unk), MAPI_E_NOT_FOUND);
  EXPECT_EQ(logon->OpenEntry(0, nullptr, &IID_IMsgStore, 0, &type, &unk),
            MAPI_E_INTERFACE_NOT_SUPPORTED);
  ASSERT_EQ(logon->OpenEntry(0, nullptr, &IID_IABContainer, 0, &type, &unk), S_OK);
  auto* container = reinterpret_cast<LPABCONT>(unk);
  LPMAPITABLE table = nullptr;
  EXPECT_EQ(container->GetContentsTable(0, &table), MAPI_E_NO_SUPPORT);
  container->Release();

  EXPECT_THAT(
      AbLines(),
      ElementsAre("test_ab: IABLogon#1::OpenEntry(mailuser:\"Alice\", IID_IMailUser, 0)",
                  "test_ab: IMailUser#1::GetProps(NULL, 0)", "test_ab: IMailUser#1::Release -> 0",
                  "test_ab: IABLogon#1::OpenEntry(foreign[26], NULL, 0)",
                  "test_ab: IABLogon#1::OpenEntry(abcont:\"other\", NULL, 0)",
                  "test_ab: IABLogon#1::OpenEntry(NULL, IID_IMsgStore, 0)",
                  "test_ab: IABLogon#1::OpenEntry(NULL, IID_IABContainer, 0)",
                  "test_ab: IABContainer#1::GetContentsTable(0)",
                  "test_ab: IABContainer#1::Release -> 0"));
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(AbProviderTest, CompareEntryIDsRejectsIdsThatAreNotItsOwn) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  std::vector<BYTE> alice = AbEntryId(MAPI_MAILUSER, "Alice");
  std::vector<BYTE> alice_copy = alice;
  std::vector<BYTE> bob = AbEntryId(MAPI_MAILUSER, "Bob");
  std::vector<BYTE> store = StoreEntryId("Alice");
  ULONG result = 7;
  EXPECT_EQ(
      logon->CompareEntryIDs(Cb(alice), Eid(alice), Cb(alice_copy), Eid(alice_copy), 0, &result),
      S_OK);
  EXPECT_EQ(result, 1u);
  EXPECT_EQ(logon->CompareEntryIDs(Cb(alice), Eid(alice), Cb(bob), Eid(bob), 0, &result), S_OK);
  EXPECT_EQ(result, 0u);
  EXPECT_EQ(logon->CompareEntryIDs(Cb(alice), Eid(alice), Cb(store), Eid(store), 0, &result),
            MAPI_E_INVALID_ENTRYID);
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(AbProviderTest, AdviseSinksAreReleasedByUnadviseOrLogoff) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  FakeAdviseSink sink;
  ULONG_PTR first = 0, second = 0;
  std::vector<BYTE> alice = AbEntryId(MAPI_MAILUSER, "Alice");
  EXPECT_EQ(logon->Advise(Cb(alice), Eid(alice), fnevObjectModified, &sink, &first), S_OK);
  EXPECT_EQ(logon->Advise(0, nullptr, fnevObjectDeleted, &sink, &second), S_OK);
  EXPECT_EQ(sink.refs(), 3);
  EXPECT_EQ(logon->Unadvise(first), S_OK);
  EXPECT_EQ(logon->Unadvise(first), MAPI_E_NOT_FOUND);
  EXPECT_EQ(sink.refs(), 2);
  std::vector<BYTE> store = StoreEntryId("x");
  EXPECT_EQ(logon->Advise(Cb(store), Eid(store), fnevObjectModified, &sink, &first),
            MAPI_E_INVALID_ENTRYID);
  LogOff(logon);
  EXPECT_EQ(sink.refs(), 1);
  ShutDown(provider);
}

TEST_F(AbProviderTest, StatusObjectIsReleasedAtLogoffBeforeTheSupportObject) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeClear();
  ULONG type = 0;
  LPMAPISTATUS status = nullptr;
  ASSERT_EQ(logon->OpenStatusEntry(&IID_IMAPIStatus, 0, &type, &status), S_OK);
  EXPECT_EQ(type, MAPI_STATUS);
  LPSPropValue value = nullptr;
  ASSERT_EQ(HrGetOneProp(status, PR_RESOURCE_TYPE, &value), S_OK);
  EXPECT_EQ(value->Value.ul, MAPI_AB_PROVIDER);
  CountingFreeBuffer(value);  // the provider's own buffer, from its allocator
  EXPECT_EQ(status->Release(), 1u);
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_THAT(
      AbLines(),
      ElementsAre("test_ab: IABLogon#1::OpenStatusEntry(IID_IMAPIStatus, 0)",
                  "test_ab: IABLogon#1::AddRef -> 2", "test_ab: IMAPIStatus#1::AddRef -> 2",
                  "test_ab: IMAPIStatus#1::GetProps([PR_RESOURCE_TYPE], 0)",
                  "test_ab: IMAPIStatus#1::Release -> 1", "test_ab: IABLogon#1::Logoff(0)",
                  "test_ab: IMAPIStatus#1::Release -> 0", "test_ab: IABLogon#1::Release -> 1",
                  "test_ab: -> IMAPISupport::Release()", "test_ab: IABLogon#1::Release -> 0"));
  ShutDown(provider);
}

TEST_F(AbProviderTest, TemplateAndOneOffAreNotSupportedPrepareRecipsSucceeds) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeClear();
  LPMAPIPROP prop = nullptr;
  LPMAPITABLE table = nullptr;
  EXPECT_EQ(logon->OpenTemplateID(0, nullptr, FILL_ENTRY, nullptr, nullptr, &prop, nullptr),
            MAPI_E_NO_SUPPORT);
  EXPECT_EQ(logon->GetOneOffTable(0, &table), MAPI_E_NO_SUPPORT);
  SizedSPropTagArray(1, tags) = {1, {PR_DISPLAY_NAME_A}};
  EXPECT_EQ(logon->PrepareRecips(0, reinterpret_cast<LPSPropTagArray>(&tags), nullptr), S_OK);
  EXPECT_THAT(AbLines(),
              ElementsAre("test_ab: IABLogon#1::OpenTemplateID(NULL, 0x00000001, NULL)",
                          "test_ab: IABLogon#1::GetOneOffTable(0)",
                          "test_ab: IABLogon#1::PrepareRecips(0, [PR_DISPLAY_NAME_A], NULL)"));
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(AbProviderTest, InitRejectsAnOldMapi) {
  LPABPROVIDER provider = reinterpret_cast<LPABPROVIDER>(0x1);
  EXPECT_EQ(Init(&provider, PDK2_SPI_VERSION), MAPI_E_VERSION);
  EXPECT_EQ(provider, nullptr);
  EXPECT_THAT(AbLines(), ElementsAre("test_ab: loaded", "test_ab: ABProviderInit(0, 0x00010008)"));
}

TEST_F(AbProviderTest, ServiceEntryConfiguresTheProfileSection) {
  auto* service_entry = library_->Entry<MSGSERVICEENTRY>("ServiceEntry");
  ASSERT_NE(service_entry, nullptr);
  EXPECT_EQ(service_entry(nullptr, nullptr, &support_, 0, SERVICE_UI_ALLOWED, MSG_SERVICE_CONFIGURE,
                          0, nullptr, nullptr, nullptr),
            S_OK);
  EXPECT_EQ(section_.GetString(PR_DISPLAY_NAME_A), "Test Address Book");
  EXPECT_EQ(section_.GetString(PROP_TAG(PT_STRING8, 0x6600)), "test_ab.dat");
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_THAT(AbLines(),
              ElementsAre("test_ab: loaded",
                          "test_ab: ServiceEntry(MSG_SERVICE_CONFIGURE, SERVICE_UI_ALLOWED, [], "
                          "NULL)",
                          "test_ab: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                          "test_ab: -> IProfSect::SetProps([PR_DISPLAY_NAME_A=\"Test Address "
                          "Book\", 0x6600001E=\"test_ab.dat\"]) = S_OK",
                          "test_ab: -> IProfSect::Release()"));
}

// ------------------------------------------------------------------ knobs --

TEST_F(AbProviderTest, KnobInitHrAndVersion) {
  ProbeSet("test_ab.init_hr", "MAPI_E_CALL_FAILED");
  LPABPROVIDER provider = nullptr;
  EXPECT_EQ(Init(&provider), MAPI_E_CALL_FAILED);
  EXPECT_EQ(provider, nullptr);
  ProbeSet("test_ab.init_hr", nullptr);
  ProbeSet("test_ab.version", "0x00020000");
  ASSERT_EQ(Init(&provider), S_OK);
  EXPECT_EQ(provider_version_, 0x00020000u);
  provider->Release();
}

TEST_F(AbProviderTest, KnobLogonHr) {
  ProbeSet("test_ab.logon_hr", "MAPI_E_FAILONEPROVIDER");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = reinterpret_cast<LPABLOGON>(0x1);
  EXPECT_EQ(Logon(provider, &logon), MAPI_E_FAILONEPROVIDER);
  EXPECT_EQ(logon, nullptr);
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_THAT(ProbeLinesMatching("test_ab: ->"), IsEmpty());
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobSkipModifyStatusRow) {
  ProbeSet("test_ab.skip_modify_status_row", "1");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_THAT(support_.status_rows, IsEmpty());
  EXPECT_THAT(support_.provider_uids, ElementsAre(UidHex(kAbUid)));
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobKeepSupportRef) {
  ProbeSet("test_ab.keep_support_ref", "1");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_EQ(support_.refs(), 2);
  EXPECT_THAT(ProbeLinesMatching("test_ab: -> IMAPISupport::Release"), IsEmpty());
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobLogoffHrAndThrow) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeSet("test_ab.logoff_hr", "MAPI_E_BUSY");
  EXPECT_EQ(LogOff(logon), MAPI_E_BUSY);
  EXPECT_EQ(support_.refs(), 1) << "the support object was released all the same";
  ProbeSet("test_ab.logoff_throw", "1");
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_THROW(logon->Logoff(0), std::runtime_error);
  EXPECT_EQ(support_.refs(), 1);
  logon->Release();
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobShutdownHrAndThrow) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ULONG flags = 0;
  ProbeSet("test_ab.shutdown_hr", "MAPI_E_CALL_FAILED");
  EXPECT_EQ(provider->Shutdown(&flags), MAPI_E_CALL_FAILED);
  ProbeSet("test_ab.shutdown_throw", "1");
  EXPECT_THROW(provider->Shutdown(&flags), std::runtime_error);
  EXPECT_EQ(provider->Release(), 0u);
}

TEST_F(AbProviderTest, KnobServiceEntryHr) {
  ProbeSet("test_ab.service_entry_hr", "MAPI_E_NO_ACCESS");
  auto* service_entry = library_->Entry<MSGSERVICEENTRY>("ServiceEntry");
  ASSERT_NE(service_entry, nullptr);
  EXPECT_EQ(service_entry(nullptr, nullptr, &support_, 0, 0, MSG_SERVICE_CREATE, 0, nullptr,
                          nullptr, nullptr),
            MAPI_E_NO_ACCESS);
  EXPECT_EQ(section_.GetString(PROP_TAG(PT_STRING8, 0x6600)), "");
}

// The lines of the first Logon (provider #1), from the fixture's Logon.
std::vector<std::string> AbLogonLines() {
  return {
      "test_ab: IABProvider#1::Logon(\"Test Profile\", AB_NO_DIALOG)",
      "test_ab: -> IMAPISupport::AddRef()",
      "test_ab: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
      "test_ab: -> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, "
      "out PR_DISPLAY_NAME_A=\"Contacts\"",
      "test_ab: -> IProfSect::Release()",
      "test_ab: -> IMAPISupport::SetProviderUID(" + UidHex(kAbUid) + ", 0) = S_OK",
      "test_ab: -> IMAPISupport::ModifyStatusRow([PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, "
      "PR_RESOURCE_METHODS, PR_STATUS_CODE, PR_STATUS_STRING_A, PR_RESOURCE_FLAGS], 0) = S_OK",
  };
}

TEST_F(AbProviderTest, KnobLeakLogon) {
  ProbeSet("test_ab.leak_logon", "1");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  std::vector<std::string> expected = AbLogonLines();
  expected.push_back("test_ab: IABLogon#1::AddRef -> 2");
  EXPECT_THAT(AbLines(), ElementsAreArray(expected));
  ProbeClear();
  EXPECT_EQ(logon->Logoff(0), S_OK);
  EXPECT_EQ(logon->Release(), 1u) << "MAPI's final Release does not free it";
  EXPECT_THAT(AbLines(),
              ElementsAre("test_ab: IABLogon#1::Logoff(0)", "test_ab: -> IMAPISupport::Release()",
                          "test_ab: IABLogon#1::Release -> 1"));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobHangLogoffMs) {
  ProbeSet("test_ab.hang_logoff_ms", "50");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeClear();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_THAT(
      AbLines(),
      ElementsAre("test_ab: IABLogon#1::Logoff(0)", "test_ab: IABLogon#1::Logoff woke",
                  "test_ab: -> IMAPISupport::Release()", "test_ab: IABLogon#1::Release -> 0"));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobHangShutdownMs) {
  ProbeSet("test_ab.hang_shutdown_ms", "30");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  auto start = std::chrono::steady_clock::now();
  ShutDown(provider);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
  EXPECT_THAT(AbLines(), ElementsAre("test_ab: IABProvider#1::Shutdown(0)",
                                     "test_ab: IABProvider#1::Shutdown woke",
                                     "test_ab: IABProvider#1::Release -> 0"));
}

TEST_F(AbProviderTest, KnobReenterInLogoff) {
  ProbeSet("test_ab.reenter_in_logoff", "1");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  FakeAdviseSink sink;
  ULONG_PTR connection = 0;
  ASSERT_EQ(logon->Advise(0, nullptr, fnevObjectModified, &sink, &connection), S_OK);
  ProbeClear();
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_THAT(
      AbLines(),
      ElementsAre("test_ab: IABLogon#1::Logoff(0)",
                  "test_ab: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                  "test_ab: -> IProfSect::Release()",
                  "test_ab: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                  "STATUSROW_UPDATE) = S_OK",
                  "test_ab: -> IMAPIAdviseSink::Release()", "test_ab: -> IMAPISupport::Release()",
                  "test_ab: IABLogon#1::Release -> 0"));
  EXPECT_THAT(support_.status_row_flags, ElementsAre(0u, STATUSROW_UPDATE));
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_EQ(section_.refs(), 1);
  EXPECT_EQ(sink.refs(), 1);
  ShutDown(provider);
}

TEST_F(AbProviderTest, KnobCallSupportAfterLogoff) {
  ProbeSet("test_ab.call_support_after_logoff", "1");
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPABLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_EQ(support_.refs(), 1) << "the provider holds no reference any more";
  support_.modify_status_row_hr = MAPI_E_INVALID_OBJECT;  // what MAPI answers now
  ProbeClear();
  ShutDown(provider);
  EXPECT_THAT(AbLines(), ElementsAre("test_ab: IABProvider#1::Shutdown(0)",
                                     "test_ab: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                                     "STATUSROW_UPDATE) = MAPI_E_INVALID_OBJECT",
                                     "test_ab: IABProvider#1::Release -> 0"));
}

TEST_F(AbProviderTest, KnobFastShutdown) {
  LPABPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  LPMAPIPROVIDERSHUTDOWN shutdown = nullptr;
  EXPECT_EQ(
      provider->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&shutdown)),
      MAPI_E_INTERFACE_NOT_SUPPORTED);
  EXPECT_EQ(shutdown, nullptr);
  ProbeSet("test_ab.fast_shutdown", "MAPI_E_NO_SUPPORT");
  ASSERT_EQ(
      provider->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&shutdown)),
      S_OK);
  ASSERT_NE(shutdown, nullptr);
  EXPECT_EQ(shutdown->QueryFastShutdown(), MAPI_E_NO_SUPPORT);
  ProbeSet("test_ab.fast_shutdown", "S_OK");
  EXPECT_EQ(shutdown->QueryFastShutdown(), S_OK);
  EXPECT_EQ(shutdown->NotifyProcessShutdown(), S_OK);
  EXPECT_EQ(shutdown->DoFastShutdown(), S_OK);
  LPMAPIPROVIDERSHUTDOWN again = nullptr;
  ASSERT_EQ(shutdown->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&again)),
            S_OK);
  EXPECT_EQ(again, shutdown) << "one IMAPIProviderShutdown per provider object";
  EXPECT_EQ(again->Release(), 2u);
  EXPECT_EQ(shutdown->Release(), 1u);
  EXPECT_EQ(provider->Release(), 0u);
  EXPECT_THAT(AbLines(),
              ElementsAre("test_ab: IABProvider#1::QueryInterface(IID_IMAPIProviderShutdown)",
                          "test_ab: IABProvider#1::QueryInterface(IID_IMAPIProviderShutdown)",
                          "test_ab: IMAPIProviderShutdown#1::AddRef -> 2",
                          "test_ab: IMAPIProviderShutdown#1::QueryFastShutdown()",
                          "test_ab: IMAPIProviderShutdown#1::QueryFastShutdown()",
                          "test_ab: IMAPIProviderShutdown#1::NotifyProcessShutdown()",
                          "test_ab: IMAPIProviderShutdown#1::DoFastShutdown()",
                          "test_ab: IMAPIProviderShutdown#1::QueryInterface("
                          "IID_IMAPIProviderShutdown)",
                          "test_ab: IMAPIProviderShutdown#1::AddRef -> 3",
                          "test_ab: IMAPIProviderShutdown#1::Release -> 2",
                          "test_ab: IMAPIProviderShutdown#1::Release -> 1",
                          "test_ab: IABProvider#1::Release -> 0"));
}

}  // namespace
}  // namespace mapi_emu::testprov
