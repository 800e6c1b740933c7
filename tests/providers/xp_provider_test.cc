// libtest_xp.so driven the way the spooler drives a transport: dlopen,
// XPProviderInit, TransportLogon, AddressTypes, TransportNotify, the
// message methods, TransportLogoff (support object released last),
// Release, Shutdown, Release, dlclose.

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

constexpr ULONG kSpoolerLogonFlags = LOGON_NO_DIALOG | LOGON_NO_INBOUND | LOGON_NO_OUTBOUND;

class XpProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProbeReset();
    ResetLiveBuffers();
    section_.SetString(PR_DISPLAY_NAME_A, "Outbound Mail");
    library_ = std::make_unique<ProviderLibrary>(TEST_XP_PATH);
    ASSERT_TRUE(library_->loaded()) << TEST_XP_PATH;
    init_ = library_->Entry<XPPROVIDERINIT>("XPProviderInit");
    ASSERT_NE(init_, nullptr);
  }

  void TearDown() override {
    library_.reset();
    EXPECT_EQ(LiveBuffers(), 0) << "buffers the provider allocated and never freed";
    ProbeReset();
  }

  HRESULT Init(LPXPPROVIDER* provider, ULONG mapi_version = CURRENT_SPI_VERSION) {
    return init_(nullptr, MAPIGetDefaultMalloc(), CountingAllocateBuffer, CountingAllocateMore,
                 CountingFreeBuffer, 0, mapi_version, &provider_version_, provider);
  }

  HRESULT Logon(LPXPPROVIDER provider, LPXPLOGON* logon) {
    char profile[] = "Test Profile";
    logon_flags_ = kSpoolerLogonFlags;
    return provider->TransportLogon(&support_, 0, profile, &logon_flags_, nullptr, logon);
  }

  // TransportLogoff(0) and Release, as the spooler does.
  HRESULT LogOff(LPXPLOGON logon) {
    HRESULT hr = logon->TransportLogoff(0);
    EXPECT_EQ(logon->Release(), 0u);
    return hr;
  }

  void ShutDown(LPXPPROVIDER provider) {
    ULONG flags = 0;
    EXPECT_EQ(provider->Shutdown(&flags), S_OK);
    EXPECT_EQ(provider->Release(), 0u);
  }

  static std::vector<std::string> XpLines() { return ProbeLinesMatching("test_xp: "); }

  FakeProfSect section_;
  FakeSupport support_{&section_};
  std::unique_ptr<ProviderLibrary> library_;
  XPPROVIDERINIT* init_ = nullptr;
  ULONG provider_version_ = 0;
  ULONG logon_flags_ = 0;
};

TEST_F(XpProviderTest, SpoolerLifecycle) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  EXPECT_EQ(provider_version_, CURRENT_SPI_VERSION);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(logon_flags_, 0u) << "no Idle or Poll wanted";
  EXPECT_EQ(support_.refs(), 2);

  ULONG flags = 7, type_count = 0, uid_count = 0;
  LPTSTR* types = nullptr;
  LPMAPIUID* uids = nullptr;
  ASSERT_EQ(logon->AddressTypes(&flags, &type_count, &types, &uid_count, &uids), S_OK);
  EXPECT_EQ(flags, 0u);
  ASSERT_EQ(type_count, 1u);
  EXPECT_STREQ(types[0], "TEST");
  ASSERT_EQ(uid_count, 1u);
  EXPECT_EQ(UidHex(*uids[0]), UidHex(kXpUid));
  EXPECT_EQ(LiveBuffers(), 1) << "AddressTypes memory lives until TransportLogoff";

  ULONG notify = NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND;
  EXPECT_EQ(logon->TransportNotify(&notify, nullptr), S_OK);
  EXPECT_EQ(notify, NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND) << "returned unchanged";
  notify = NOTIFY_END_INBOUND | NOTIFY_END_OUTBOUND;
  EXPECT_EQ(logon->TransportNotify(&notify, nullptr), S_OK);
  EXPECT_EQ(notify, NOTIFY_END_INBOUND | NOTIFY_END_OUTBOUND);

  long live_when_support_released = -1;
  support_.on_provider_released = [&] { live_when_support_released = LiveBuffers(); };
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_EQ(live_when_support_released, 0) << "the support object is released last";
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
  library_->Close();

  EXPECT_THAT(XpLines(),
              ElementsAreArray(std::vector<std::string>{
                  "test_xp: loaded",
                  "test_xp: XPProviderInit(0, 0x00010010)",
                  "test_xp: IXPProvider#1::TransportLogon(\"Test Profile\", "
                  "LOGON_NO_DIALOG|LOGON_NO_INBOUND|LOGON_NO_OUTBOUND)",
                  "test_xp: -> IMAPISupport::AddRef()",
                  "test_xp: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                  "test_xp: -> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, "
                  "out PR_DISPLAY_NAME_A=\"Outbound Mail\"",
                  "test_xp: -> IProfSect::Release()",
                  "test_xp: -> IMAPISupport::ModifyStatusRow([PR_DISPLAY_NAME_A, "
                  "PR_PROVIDER_DISPLAY_A, PR_RESOURCE_METHODS, PR_STATUS_CODE, "
                  "PR_STATUS_STRING_A, PR_RESOURCE_FLAGS], 0) = S_OK",
                  "test_xp: IXPLogon#1::AddressTypes()",
                  "test_xp: IXPLogon#1::TransportNotify(NOTIFY_BEGIN_INBOUND|"
                  "NOTIFY_BEGIN_OUTBOUND)",
                  "test_xp: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                  "STATUSROW_UPDATE) = S_OK",
                  "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_INBOUND|NOTIFY_END_OUTBOUND)",
                  "test_xp: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                  "STATUSROW_UPDATE) = S_OK",
                  "test_xp: IXPLogon#1::TransportLogoff(0)",
                  "test_xp: -> IMAPISupport::Release()",
                  "test_xp: IXPLogon#1::Release -> 0",
                  "test_xp: IXPProvider#1::Shutdown(0)",
                  "test_xp: IXPProvider#1::Release -> 0",
                  "test_xp: unloaded",
              }));
  EXPECT_THAT(support_.provider_uids, IsEmpty()) << "transports do not call SetProviderUID";
  ASSERT_EQ(support_.status_rows.size(), 3u);
  EXPECT_THAT(support_.status_rows[0],
              ElementsAre("PR_DISPLAY_NAME_A=\"Outbound Mail\"",
                          "PR_PROVIDER_DISPLAY_A=\"Test Transport Provider\"",
                          "PR_RESOURCE_METHODS=0x00000009", "PR_STATUS_CODE=0x00000001",
                          "PR_STATUS_STRING_A=\"Available\"", "PR_RESOURCE_FLAGS=0x00000000"));
  EXPECT_THAT(support_.status_rows[1], ElementsAre("PR_STATUS_CODE=0x00110001"));
  EXPECT_THAT(support_.status_rows[2], ElementsAre("PR_STATUS_CODE=0x00000001"));
  EXPECT_THAT(support_.status_row_flags, ElementsAre(0u, STATUSROW_UPDATE, STATUSROW_UPDATE));
}

TEST_F(XpProviderTest, TransportNotifyWithoutBeginOrEndLeavesTheRowAlone) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ULONG notify = NOTIFY_ABORT_DEFERRED | NOTIFY_CANCEL_MESSAGE;
  ULONG_PTR msg_ref = 3;
  LPVOID data = &msg_ref;
  EXPECT_EQ(logon->TransportNotify(&notify, &data), S_OK);
  EXPECT_EQ(notify, NOTIFY_ABORT_DEFERRED | NOTIFY_CANCEL_MESSAGE);
  EXPECT_EQ(support_.status_rows.size(), 1u);
  EXPECT_THAT(ProbeLinesMatching("test_xp: IXPLogon#1::TransportNotify"),
              ElementsAre("test_xp: IXPLogon#1::TransportNotify(NOTIFY_ABORT_DEFERRED|"
                          "NOTIFY_CANCEL_MESSAGE)"));
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(XpProviderTest, MessageMethodsAreMinimalButRecorded) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeClear();

  ULONG_PTR ref = 0, ret = 99;
  EXPECT_EQ(logon->SubmitMessage(0, nullptr, &ref, &ret), S_OK);
  EXPECT_EQ(ref, 1u);
  EXPECT_EQ(ret, 0u);
  ULONG end_flags = 99;
  EXPECT_EQ(logon->EndMessage(ref, &end_flags), S_OK);
  EXPECT_EQ(end_flags, 0u) << "sent";
  EXPECT_EQ(logon->SubmitMessage(BEGIN_DEFERRED, nullptr, &ref, &ret), S_OK);
  EXPECT_EQ(ref, 2u);
  ULONG_PTR in_ref = 1;
  EXPECT_EQ(logon->StartMessage(0, nullptr, &in_ref), S_OK);
  ULONG incoming = 99;
  EXPECT_EQ(logon->Poll(&incoming), S_OK);
  EXPECT_EQ(incoming, 0u);
  EXPECT_EQ(logon->Idle(0), S_OK);
  ULONG option_flags = 9, option_count = 9;
  LPOPTIONDATA options = reinterpret_cast<LPOPTIONDATA>(0x1);
  EXPECT_EQ(logon->RegisterOptions(&option_flags, &option_count, &options), S_OK);
  EXPECT_EQ(option_count, 0u);
  EXPECT_EQ(options, nullptr);
  EXPECT_EQ(logon->ValidateState(0, SUPPRESS_UI | CONFIG_CHANGED), S_OK);
  EXPECT_EQ(logon->FlushQueues(0, 0, nullptr, FLUSH_UPLOAD | FLUSH_NO_UI), S_OK);
  EXPECT_THAT(
      XpLines(),
      ElementsAre("test_xp: IXPLogon#1::SubmitMessage(0, NULL)",
                  "test_xp: IXPLogon#1::EndMessage(1)", "test_xp: IXPLogon#1 delivered NULL",
                  "test_xp: IXPLogon#1::SubmitMessage(0x00000001, NULL)",
                  "test_xp: IXPLogon#1::StartMessage(0, NULL)", "test_xp: IXPLogon#1::Poll()",
                  "test_xp: IXPLogon#1::Idle(0)", "test_xp: IXPLogon#1::RegisterOptions()",
                  "test_xp: IXPLogon#1::ValidateState(SUPPRESS_UI|CONFIG_CHANGED)",
                  "test_xp: IXPLogon#1::FlushQueues(0, FLUSH_UPLOAD|FLUSH_NO_UI)"));
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(XpProviderTest, StatusObjectSupportsValidateStateAndFlushQueues) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ULONG type = 0;
  LPMAPISTATUS status = nullptr;
  ASSERT_EQ(logon->OpenStatusEntry(nullptr, 0, &type, &status), S_OK);
  EXPECT_EQ(type, MAPI_STATUS);
  EXPECT_EQ(status->ValidateState(0, 0), S_OK);
  EXPECT_EQ(status->FlushQueues(0, 0, nullptr, FLUSH_DOWNLOAD), S_OK);
  EXPECT_EQ(status->SettingsDialog(0, 0), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(status->ChangePassword(nullptr, nullptr, 0), MAPI_E_NO_SUPPORT);
  LPSPropValue value = nullptr;
  ASSERT_EQ(HrGetOneProp(status, PR_RESOURCE_TYPE, &value), S_OK);
  EXPECT_EQ(value->Value.ul, MAPI_TRANSPORT_PROVIDER);
  CountingFreeBuffer(value);
  status->Release();
  ProbeClear();
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_THAT(
      XpLines(),
      ElementsAre("test_xp: IXPLogon#1::TransportLogoff(0)", "test_xp: IMAPIStatus#1::Release -> 0",
                  "test_xp: IXPLogon#1::Release -> 1", "test_xp: -> IMAPISupport::Release()",
                  "test_xp: IXPLogon#1::Release -> 0"));
  ShutDown(provider);
}

TEST_F(XpProviderTest, AfterTransportLogoffTheLogonIsInvalid) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(logon->TransportLogoff(0), S_OK);
  ULONG flags = 0, count = 0;
  LPTSTR* types = nullptr;
  LPMAPIUID* uids = nullptr;
  EXPECT_EQ(logon->AddressTypes(&flags, &count, &types, &count, &uids), MAPI_E_INVALID_OBJECT);
  ULONG type = 0;
  LPMAPISTATUS status = nullptr;
  EXPECT_EQ(logon->OpenStatusEntry(nullptr, 0, &type, &status), MAPI_E_INVALID_OBJECT);
  EXPECT_EQ(logon->Release(), 0u);
  ShutDown(provider);
}

TEST_F(XpProviderTest, InitRejectsAnOldMapi) {
  LPXPPROVIDER provider = reinterpret_cast<LPXPPROVIDER>(0x1);
  EXPECT_EQ(Init(&provider, PDK1_SPI_VERSION), MAPI_E_VERSION);
  EXPECT_EQ(provider, nullptr);
}

// ------------------------------------------------------------------ knobs --

TEST_F(XpProviderTest, KnobInitHrAndVersion) {
  ProbeSet("test_xp.init_hr", "0x80040FFF");
  LPXPPROVIDER provider = nullptr;
  EXPECT_EQ(Init(&provider), static_cast<HRESULT>(0x80040FFF));
  EXPECT_EQ(provider, nullptr);
  ProbeSet("test_xp.init_hr", nullptr);
  ProbeSet("test_xp.version", "0x00000001");
  ASSERT_EQ(Init(&provider), S_OK);
  EXPECT_EQ(provider_version_, 1u);
  provider->Release();
}

TEST_F(XpProviderTest, KnobLogonHr) {
  ProbeSet("test_xp.logon_hr", "MAPI_E_USER_CANCEL");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = reinterpret_cast<LPXPLOGON>(0x1);
  EXPECT_EQ(Logon(provider, &logon), MAPI_E_USER_CANCEL);
  EXPECT_EQ(logon, nullptr);
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_THAT(ProbeLinesMatching("test_xp: ->"), IsEmpty());
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobLogonFlags) {
  ProbeSet("test_xp.logon_flags", "LOGON_SP_IDLE|LOGON_SP_POLL");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(logon_flags_, LOGON_SP_IDLE | LOGON_SP_POLL);
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobSkipModifyStatusRow) {
  ProbeSet("test_xp.skip_modify_status_row", "1");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_THAT(support_.status_rows, IsEmpty());
  LogOff(logon);
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobKeepSupportRef) {
  ProbeSet("test_xp.keep_support_ref", "1");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_EQ(support_.refs(), 2);
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobLogoffHrAndThrow) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeSet("test_xp.logoff_hr", "MAPI_E_NETWORK_ERROR");
  EXPECT_EQ(LogOff(logon), MAPI_E_NETWORK_ERROR);
  EXPECT_EQ(support_.refs(), 1) << "logged off all the same";
  ProbeSet("test_xp.logoff_throw", "1");
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_THROW(logon->TransportLogoff(0), std::runtime_error);
  EXPECT_EQ(support_.refs(), 1);
  logon->Release();
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobShutdownHrAndThrow) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ULONG flags = 0;
  ProbeSet("test_xp.shutdown_hr", "MAPI_E_BUSY");
  EXPECT_EQ(provider->Shutdown(&flags), MAPI_E_BUSY);
  ProbeSet("test_xp.shutdown_throw", "1");
  EXPECT_THROW(provider->Shutdown(&flags), std::runtime_error);
  EXPECT_EQ(provider->Release(), 0u);
}

TEST_F(XpProviderTest, KnobLeakLogon) {
  ProbeSet("test_xp.leak_logon", "1");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_THAT(XpLines(),
              ElementsAre("test_xp: IXPProvider#1::TransportLogon(\"Test Profile\", "
                          "LOGON_NO_DIALOG|LOGON_NO_INBOUND|LOGON_NO_OUTBOUND)",
                          "test_xp: -> IMAPISupport::AddRef()",
                          "test_xp: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                          "test_xp: -> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, "
                          "out PR_DISPLAY_NAME_A=\"Outbound Mail\"",
                          "test_xp: -> IProfSect::Release()",
                          "test_xp: -> IMAPISupport::ModifyStatusRow([PR_DISPLAY_NAME_A, "
                          "PR_PROVIDER_DISPLAY_A, PR_RESOURCE_METHODS, PR_STATUS_CODE, "
                          "PR_STATUS_STRING_A, PR_RESOURCE_FLAGS], 0) = S_OK",
                          "test_xp: IXPLogon#1::AddRef -> 2"));
  ProbeClear();
  EXPECT_EQ(logon->TransportLogoff(0), S_OK);
  EXPECT_EQ(logon->Release(), 1u) << "the spooler's final Release does not free it";
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1::TransportLogoff(0)",
                                     "test_xp: -> IMAPISupport::Release()",
                                     "test_xp: IXPLogon#1::Release -> 1"));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobHangLogoffMs) {
  ProbeSet("test_xp.hang_logoff_ms", "50");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ProbeClear();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1::TransportLogoff(0)",
                                     "test_xp: IXPLogon#1::TransportLogoff woke",
                                     "test_xp: -> IMAPISupport::Release()",
                                     "test_xp: IXPLogon#1::Release -> 0"));
  EXPECT_EQ(support_.refs(), 1);
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobHangShutdownMs) {
  ProbeSet("test_xp.hang_shutdown_ms", "30");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  auto start = std::chrono::steady_clock::now();
  ShutDown(provider);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPProvider#1::Shutdown(0)",
                                     "test_xp: IXPProvider#1::Shutdown woke",
                                     "test_xp: IXPProvider#1::Release -> 0"));
}

TEST_F(XpProviderTest, KnobReenterInLogoff) {
  ProbeSet("test_xp.reenter_in_logoff", "1");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  ULONG notify = NOTIFY_BEGIN_OUTBOUND;
  ASSERT_EQ(logon->TransportNotify(&notify, nullptr), S_OK);
  ProbeClear();
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_THAT(
      XpLines(),
      ElementsAre("test_xp: IXPLogon#1::TransportLogoff(0)",
                  "test_xp: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                  "test_xp: -> IProfSect::Release()",
                  "test_xp: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                  "STATUSROW_UPDATE) = S_OK",
                  "test_xp: -> IMAPISupport::Release()", "test_xp: IXPLogon#1::Release -> 0"));
  ASSERT_EQ(support_.status_rows.size(), 3u);
  EXPECT_THAT(support_.status_rows[2], ElementsAre("PR_STATUS_CODE=0x00100001"))
      << "the row as it stands: available, outbound enabled";
  EXPECT_EQ(support_.refs(), 1);
  EXPECT_EQ(section_.refs(), 1);
  ShutDown(provider);
}

TEST_F(XpProviderTest, KnobCallSupportAfterLogoff) {
  ProbeSet("test_xp.call_support_after_logoff", "1");
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  LPXPLOGON logon = nullptr;
  ASSERT_EQ(Logon(provider, &logon), S_OK);
  EXPECT_EQ(LogOff(logon), S_OK);
  EXPECT_EQ(support_.refs(), 1) << "the provider holds no reference any more";
  support_.modify_status_row_hr = MAPI_E_INVALID_OBJECT;  // what MAPI answers now
  ProbeClear();
  ShutDown(provider);
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPProvider#1::Shutdown(0)",
                                     "test_xp: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                                     "STATUSROW_UPDATE) = MAPI_E_INVALID_OBJECT",
                                     "test_xp: IXPProvider#1::Release -> 0"));
}

TEST_F(XpProviderTest, KnobFastShutdown) {
  LPXPPROVIDER provider = nullptr;
  ASSERT_EQ(Init(&provider), S_OK);
  ProbeClear();
  LPMAPIPROVIDERSHUTDOWN shutdown = nullptr;
  EXPECT_EQ(
      provider->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&shutdown)),
      MAPI_E_INTERFACE_NOT_SUPPORTED);
  EXPECT_EQ(shutdown, nullptr);
  ProbeSet("test_xp.fast_shutdown", "S_OK");
  ASSERT_EQ(
      provider->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<LPVOID*>(&shutdown)),
      S_OK);
  ASSERT_NE(shutdown, nullptr);
  EXPECT_EQ(shutdown->QueryFastShutdown(), S_OK);
  EXPECT_EQ(shutdown->NotifyProcessShutdown(), S_OK);
  EXPECT_EQ(shutdown->DoFastShutdown(), S_OK);
  LPXPPROVIDER back = nullptr;
  ASSERT_EQ(shutdown->QueryInterface(IID_IXPProvider, reinterpret_cast<LPVOID*>(&back)), S_OK);
  EXPECT_EQ(back, provider);
  EXPECT_EQ(back->Release(), 2u);
  EXPECT_EQ(shutdown->Release(), 1u);
  EXPECT_EQ(provider->Release(), 0u);
  EXPECT_THAT(
      XpLines(),
      ElementsAre("test_xp: IXPProvider#1::QueryInterface(IID_IMAPIProviderShutdown)",
                  "test_xp: IXPProvider#1::QueryInterface(IID_IMAPIProviderShutdown)",
                  "test_xp: IMAPIProviderShutdown#1::AddRef -> 2",
                  "test_xp: IMAPIProviderShutdown#1::QueryFastShutdown()",
                  "test_xp: IMAPIProviderShutdown#1::NotifyProcessShutdown()",
                  "test_xp: IMAPIProviderShutdown#1::DoFastShutdown()",
                  "test_xp: IMAPIProviderShutdown#1::QueryInterface(IID_IXPProvider)",
                  "test_xp: IXPProvider#1::QueryInterface(IID_IXPProvider)",
                  "test_xp: IXPProvider#1::AddRef -> 3", "test_xp: IXPProvider#1::Release -> 2",
                  "test_xp: IMAPIProviderShutdown#1::Release -> 1",
                  "test_xp: IXPProvider#1::Release -> 0"));
}

}  // namespace
}  // namespace mapi_emu::testprov
