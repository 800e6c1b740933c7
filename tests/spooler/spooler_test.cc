// The spooler (session/spooler/, lifecycle.md §3.5 and §6) through the
// exported API only, on a real message store (sample_store, whose outgoing
// queue, Outbox and Sent Items live on disk) and the recording transport
// (test_xp, whose probe lines show what the spooler asked of it and which
// messages it delivered). Most tests run the spooler in deterministic mode
// and drive its steps with MAPIEmuSpoolerStep; two run it threaded; one kills
// a process in the middle of a send.
//
// Nothing is lost: after every path, each submitted message was delivered
// exactly once or is still in the Outbox, and a later session delivers what
// is left, once.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/file_text.h"
#include "mapi_emu/base/platform.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiemu.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "providers/sample_xp/sample_xp.h"
#include "tests/conformance/conformance_helpers.h"
#include "tests/conformance/sample_inf.h"
#include "tests/providers/probe/probe.h"

namespace {

using mapi_emu::conformance::Hr;
using mapi_emu::conformance::T;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Lines = std::vector<std::string>;

// The sample store and transport, and the recording test transport.
std::string InfText() {
  return mapi_emu::conformance::SampleInf(SAMPLE_STORE_PATH, SAMPLE_XP_PATH,
                                          "TEST_XP=Test Transport\n", R"([TEST_XP]
PR_DISPLAY_NAME=Test Transport
Providers=TEST_XP_PROVIDER

[TEST_XP_PROVIDER]
PR_PROVIDER_DLL_NAME=)" + std::string(TEST_XP_PATH) + R"(
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_PROVIDER_DISPLAY=Test Transport
)");
}

// The test_xp lines of the probe: calls on its logon and provider objects,
// its calls into MAPI, and the deliveries (the objects' own AddRef/Release
// counts left out).
Lines XpLines() {
  Lines out;
  for (const std::string& line : mapi_emu::ProbeLines()) {
    if (line.rfind("test_xp: ", 0) != 0) continue;
    if (line.find("::AddRef -> ") != std::string::npos ||
        line.find("::Release -> ") != std::string::npos) {
      continue;  // the objects' own reference counts
    }
    if (line.find("IXPLogon#") == std::string::npos &&
        line.find("IXPProvider#") == std::string::npos && line.find("-> ") == std::string::npos) {
      continue;
    }
    out.push_back(line);
  }
  return out;
}

Lines Delivered() {
  Lines out;
  for (const std::string& line : mapi_emu::ProbeLines()) {
    size_t at = line.find(" delivered ");
    if (line.rfind("test_xp: ", 0) == 0 && at != std::string::npos) out.push_back(line.substr(at + 11));
  }
  return out;
}

// Set in the child process of AProcessKilledMidSendLosesNothing (this test
// program run again): the directory of the parent's test, whose profile,
// store and queue the child uses as its own.
constexpr char kKilledChildDir[] = "MAPI_EMU_SPOOLER_TEST_CHILD_DIR";

class SpoolerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* parent_dir = std::getenv(kKilledChildDir);
    child_ = parent_dir != nullptr && *parent_dir != '\0';
    if (child_) {
      dir_ = parent_dir;
    } else {
      std::random_device rd;
      dir_ = std::filesystem::temp_directory_path() / ("mapi_emu_spooler_" + std::to_string(rd()));
      std::filesystem::create_directories(dir_ / "profiles");
      std::ofstream(dir_ / "mapisvc.inf") << InfText();
    }
    mapi_emu::SetEnv("MAPI_EMU_PROFILES", (dir_ / "profiles").string());
    mapi_emu::SetEnv("MAPI_EMU_MAPISVC", (dir_ / "mapisvc.inf").string());
    mapi_emu::SetEnv("MAPI_EMU_DATA", (dir_ / "data").string());
    mapi_emu::SetEnv("MAPI_EMU_SPOOLER", "deterministic");
    ProbeReset();
    ASSERT_EQ(Hr(MAPIInitialize(nullptr)), Hr(S_OK));
    if (!child_) MakeProfile("Mail", {"SAMPLE_STORE", "TEST_XP"});
    ProbeClear();
  }
  void TearDown() override {
    EndSession();
    MAPIUninitialize();
    for (const char* v : {"MAPI_EMU_PROFILES", "MAPI_EMU_MAPISVC", "MAPI_EMU_DATA",
                          "MAPI_EMU_SPOOLER"}) {
      mapi_emu::UnsetEnv(v);
    }
    if (!child_) std::filesystem::remove_all(dir_);
    ProbeReset();
  }

  void MakeProfile(const char* name, const std::vector<const char*>& services) {
    LPPROFADMIN prof = nullptr;
    ASSERT_EQ(Hr(MAPIAdminProfiles(0, &prof)), Hr(S_OK));
    ASSERT_EQ(Hr(prof->CreateProfile(T(name), nullptr, 0, 0)), Hr(S_OK));
    LPSERVICEADMIN svc = nullptr;
    ASSERT_EQ(Hr(prof->AdminServices(T(name), nullptr, 0, 0, &svc)), Hr(S_OK));
    for (const char* s : services) {
      ASSERT_EQ(Hr(svc->CreateMsgService(T(s), nullptr, 0, 0)), Hr(S_OK)) << s;
    }
    svc->Release();
    prof->Release();
  }

  // A mail session on `profile` with its default store open.
  void StartSession(const char* profile = "Mail") {
    ASSERT_EQ(Hr(MAPILogonEx(0, T(profile), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION, &session_)),
              Hr(S_OK));
    LPMAPITABLE stores = nullptr;
    ASSERT_EQ(Hr(session_->GetMsgStoresTable(0, &stores)), Hr(S_OK));
    LPSRowSet rows = nullptr;
    ASSERT_EQ(Hr(HrQueryAllRows(stores, nullptr, nullptr, nullptr, 0, &rows)), Hr(S_OK));
    stores->Release();
    ASSERT_EQ(rows->cRows, 1u);
    const SPropValue* eid = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID);
    ASSERT_NE(eid, nullptr);
    HRESULT hr = session_->OpenMsgStore(0, eid->Value.bin.cb,
                                        reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb), nullptr,
                                        MDB_NO_DIALOG | MDB_WRITE, &store_);
    FreeProws(rows);
    ASSERT_EQ(Hr(hr), Hr(S_OK));
  }
  void EndSession() {
    if (store_ != nullptr) store_->Release();
    store_ = nullptr;
    if (session_ != nullptr) {
      session_->Logoff(0, 0, 0);
      session_->Release();
    }
    session_ = nullptr;
  }
  // Ends this process's MAPI use and starts again: a new process, as far as
  // MAPI and the providers are concerned (libraries unloaded and reloaded).
  void Restart() {
    EndSession();
    MAPIUninitialize();
    ASSERT_EQ(Hr(MAPIInitialize(nullptr)), Hr(S_OK));
    StartSession();
  }

  LPMAPIFOLDER OpenFolder(ULONG tag) {
    std::vector<BYTE> id;
    if (tag == 0) {
      ULONG cb = 0;
      LPENTRYID eid = nullptr;
      if (FAILED(store_->GetReceiveFolder(T("IPM.Note"), 0, &cb, &eid, nullptr))) return nullptr;
      id.assign(reinterpret_cast<BYTE*>(eid), reinterpret_cast<BYTE*>(eid) + cb);
      MAPIFreeBuffer(eid);
    } else {
      LPSPropValue v = nullptr;
      if (FAILED(HrGetOneProp(store_, tag, &v))) return nullptr;
      id.assign(v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb);
      MAPIFreeBuffer(v);
    }
    ULONG type = 0;
    LPUNKNOWN folder = nullptr;
    if (FAILED(store_->OpenEntry(static_cast<ULONG>(id.size()), reinterpret_cast<LPENTRYID>(id.data()),
                                 &IID_IMAPIFolder, MAPI_MODIFY, &type, &folder))) {
      return nullptr;
    }
    return static_cast<LPMAPIFOLDER>(folder);
  }
  // The subjects in a folder: PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID,
  // or 0 for the receive folder (the Inbox).
  Lines Subjects(ULONG folder_tag) {
    Lines out;
    LPMAPIFOLDER folder = OpenFolder(folder_tag);
    if (folder == nullptr) return {"<cannot open the folder>"};
    LPMAPITABLE contents = nullptr;
    if (SUCCEEDED(folder->GetContentsTable(0, &contents))) {
      SizedSPropTagArray(1, cols) = {1, {PR_SUBJECT_A}};
      LPSRowSet rows = nullptr;
      if (SUCCEEDED(HrQueryAllRows(contents, reinterpret_cast<LPSPropTagArray>(&cols), nullptr,
                                   nullptr, 0, &rows))) {
        for (ULONG r = 0; r < rows->cRows; ++r) {
          const SPropValue* v =
              PpropFindProp(rows->aRow[r].lpProps, rows->aRow[r].cValues, PR_SUBJECT_A);
          out.push_back(v != nullptr && PROP_TYPE(v->ulPropTag) == PT_STRING8 ? v->Value.lpszA
                                                                              : "<no subject>");
        }
        FreeProws(rows);
      }
      contents->Release();
    }
    folder->Release();
    std::sort(out.begin(), out.end());
    return out;
  }
  Lines Outbox() { return Subjects(PR_IPM_OUTBOX_ENTRYID); }
  Lines SentItems() { return Subjects(PR_IPM_SENTMAIL_ENTRYID); }
  Lines Inbox() { return Subjects(0); }

  // A message in the Outbox to one recipient, submitted.
  void Submit(const std::string& subject, const char* address_type = "TEST",
              const char* address = "bob@test") {
    LPMAPIFOLDER outbox = OpenFolder(PR_IPM_OUTBOX_ENTRYID);
    ASSERT_NE(outbox, nullptr);
    LPMESSAGE message = nullptr;
    ASSERT_EQ(Hr(outbox->CreateMessage(nullptr, 0, &message)), Hr(S_OK));
    SPropValue props[2] = {};
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = const_cast<LPSTR>(subject.c_str());
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = const_cast<LPSTR>("IPM.Note");
    ASSERT_EQ(Hr(message->SetProps(2, props, nullptr)), Hr(S_OK));
    LPADRLIST list = nullptr;
    ASSERT_EQ(Hr(MAPIAllocateBuffer(CbNewADRLIST(1), reinterpret_cast<void**>(&list))), Hr(S_OK));
    list->cEntries = 1;
    LPSPropValue rp = nullptr;
    ASSERT_EQ(Hr(MAPIAllocateBuffer(4 * sizeof(SPropValue), reinterpret_cast<void**>(&rp))),
              Hr(S_OK));
    auto more = [&](const char* text) {
      void* p = nullptr;
      MAPIAllocateMore(static_cast<ULONG>(std::strlen(text) + 1), rp, &p);
      std::memcpy(p, text, std::strlen(text) + 1);
      return static_cast<LPSTR>(p);
    };
    rp[0].ulPropTag = PR_DISPLAY_NAME_A;
    rp[0].Value.lpszA = more(address);
    rp[1].ulPropTag = PR_ADDRTYPE_A;
    rp[1].Value.lpszA = more(address_type);
    rp[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    rp[2].Value.lpszA = more(address);
    rp[3].ulPropTag = PR_RECIPIENT_TYPE;
    rp[3].Value.l = MAPI_TO;
    list->aEntries[0].cValues = 4;
    list->aEntries[0].rgPropVals = rp;
    ASSERT_EQ(Hr(message->ModifyRecipients(MODRECIP_ADD, list)), Hr(S_OK));
    FreePadrlist(list);
    ASSERT_EQ(Hr(message->SaveChanges(KEEP_OPEN_READWRITE)), Hr(S_OK));
    ASSERT_EQ(Hr(message->SubmitMessage(0)), Hr(S_OK));
    message->Release();
    outbox->Release();
  }

  MAPIEMU_SPOOLER_COUNTS Step(ULONG step) {
    MAPIEMU_SPOOLER_COUNTS counts{};
    EXPECT_EQ(Hr(MAPIEmuSpoolerStep(session_, step, &counts)), Hr(S_OK));
    return counts;
  }

  std::filesystem::path dir_;
  bool child_ = false;  // the child of AProcessKilledMidSendLosesNothing
  LPMAPISESSION session_ = nullptr;
  LPMDB store_ = nullptr;
};

// ---- Sending ------------------------------------------------------------------

TEST_F(SpoolerTest, SendsTheQueuedMessageThroughTheTransportAndFinishesIt) {
  StartSession();
  Submit("Hello");
  EXPECT_THAT(Outbox(), ElementsAre("Hello"));
  ProbeClear();
  MAPIEMU_SPOOLER_COUNTS c = Step(MAPIEMU_SPOOLER_SEND_ONE);
  EXPECT_EQ(c.ulSent, 1u);
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1::SubmitMessage(0, \"Hello\")",
                                     "test_xp: IXPLogon#1::EndMessage(1)",
                                     "test_xp: IXPLogon#1 delivered \"Hello\""));
  EXPECT_THAT(Outbox(), IsEmpty());
  EXPECT_THAT(SentItems(), ElementsAre("Hello")) << "FinishedMsg moved it";
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ONE).ulSent, 0u) << "nothing more to send";
}

TEST_F(SpoolerTest, SendsTheOldestFirst) {
  StartSession();
  Submit("first");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a later submit time
  Submit("second");
  ProbeClear();
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 2u);
  EXPECT_THAT(Delivered(), ElementsAre("\"first\"", "\"second\""));
}

TEST_F(SpoolerTest, BusyIsRetriedAtTheNextStepWithoutEndMessage) {
  StartSession();
  Submit("Busy");
  ProbeSet("test_xp.submit_results", "MAPI_E_BUSY");
  ProbeClear();
  MAPIEMU_SPOOLER_COUNTS c = Step(MAPIEMU_SPOOLER_SEND_ALL);
  EXPECT_EQ(c.ulSent, 0u);
  EXPECT_EQ(c.ulDeferred, 1u);
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1::SubmitMessage(0, \"Busy\")"))
      << "no EndMessage after MAPI_E_BUSY (§8 rule 51)";
  EXPECT_THAT(Outbox(), ElementsAre("Busy")) << "still queued";
  ProbeClear();
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 1u);
  EXPECT_THAT(Delivered(), ElementsAre("\"Busy\""));
  EXPECT_THAT(SentItems(), ElementsAre("Busy"));
}

TEST_F(SpoolerTest, WaitAndNetworkErrorDeferTheMessage) {
  StartSession();
  Submit("Later");
  ProbeSet("test_xp.submit_results", "MAPI_E_WAIT,MAPI_E_NETWORK_ERROR");
  ProbeSet("test_xp.retry_after", "30");
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulDeferred, 1u);
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulDeferred, 1u);
  EXPECT_THAT(Outbox(), ElementsAre("Later"));
  EXPECT_THAT(Delivered(), IsEmpty());
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 1u);
  EXPECT_THAT(Delivered(), ElementsAre("\"Later\""));
}

TEST_F(SpoolerTest, ResendLaterKeepsItQueuedAndItIsDeliveredOnce) {
  StartSession();
  Submit("Again");
  ProbeSet("test_xp.end_flags", "END_RESEND_LATER");
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 0u);
  EXPECT_THAT(Outbox(), ElementsAre("Again"));
  EXPECT_THAT(Delivered(), IsEmpty());
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 1u);
  EXPECT_THAT(Delivered(), ElementsAre("\"Again\""));
}

TEST_F(SpoolerTest, NotMeHandsTheMessageToTheNextTransport) {
  MakeProfile("Two", {"SAMPLE_STORE", "TEST_XP", "TEST_XP"});
  StartSession("Two");
  Submit("Relay");
  ProbeSet("test_xp.submit_results", "MAPI_E_NOT_ME");
  ProbeClear();
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ONE).ulSent, 1u);
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1::SubmitMessage(0, \"Relay\")",
                                     "test_xp: IXPLogon#2::SubmitMessage(0, \"Relay\")",
                                     "test_xp: IXPLogon#2::EndMessage(1)",
                                     "test_xp: IXPLogon#2 delivered \"Relay\""));
}

TEST_F(SpoolerTest, RecipientsNoTransportTakesGetANonDeliveryReport) {
  StartSession();
  Submit("Lost", "X400", "c=us;a=none");
  ProbeClear();
  MAPIEMU_SPOOLER_COUNTS c = Step(MAPIEMU_SPOOLER_SEND_ONE);
  EXPECT_EQ(c.ulNdr, 1u);
  EXPECT_THAT(XpLines(), IsEmpty()) << "test_xp handles the TEST address type only";
  EXPECT_THAT(Inbox(), ElementsAre("Undeliverable: Lost"));
  EXPECT_THAT(Outbox(), IsEmpty());
  EXPECT_THAT(SentItems(), ElementsAre("Lost"));
}

TEST_F(SpoolerTest, ACriticalErrorLeavesTheTransportAloneButForItsRelease) {
  StartSession();
  Submit("Stuck");
  ProbeSet("test_xp.notify_in_submit", "NOTIFY_CRITICAL_ERROR");
  ProbeSet("test_xp.submit_results", "MAPI_E_NETWORK_ERROR");
  ProbeClear();
  Step(MAPIEMU_SPOOLER_SEND_ALL);
  EXPECT_THAT(XpLines(),
              ElementsAre("test_xp: IXPLogon#1::SubmitMessage(0, \"Stuck\")",
                          "test_xp: -> IMAPISupport::SpoolerNotify(NOTIFY_CRITICAL_ERROR) = S_OK"));
  ProbeClear();
  MAPIEMU_SPOOLER_COUNTS c = Step(MAPIEMU_SPOOLER_SEND_ALL);
  EXPECT_EQ(c.ulNdr, 0u) << "its transport is out of order: the message waits";
  EXPECT_THAT(XpLines(), IsEmpty()) << "no further call (imapisupport-spoolernotify.md)";
  EXPECT_THAT(Outbox(), ElementsAre("Stuck"));
  store_->Release();
  store_ = nullptr;
  ProbeClear();
  ASSERT_EQ(Hr(session_->Logoff(0, 0, 0)), Hr(S_OK));
  // No TransportNotify, no TransportLogoff: only the releases.
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1 logs itself off at its final Release",
                                     "test_xp: -> IMAPISupport::Release()",
                                     "test_xp: IXPProvider#1::Shutdown(0)"));
}

// ---- Receiving ----------------------------------------------------------------

TEST_F(SpoolerTest, PolledMailIsDeliveredToTheInbox) {
  ProbeSet("test_xp.logon_flags", "LOGON_SP_POLL");
  ProbeSet("test_xp.incoming", "2");
  StartSession();
  ProbeClear();
  MAPIEMU_SPOOLER_COUNTS c = Step(MAPIEMU_SPOOLER_RECEIVE_ALL);
  EXPECT_EQ(c.ulReceived, 2u);
  EXPECT_THAT(XpLines(),
              ElementsAre("test_xp: IXPLogon#1::Poll()",
                          "test_xp: IXPLogon#1::StartMessage(0, message)",
                          "test_xp: -> IMessage::SaveChanges(0) = S_OK (\"incoming 1\")",
                          "test_xp: IXPLogon#1::Poll()",
                          "test_xp: IXPLogon#1::StartMessage(0, message)",
                          "test_xp: -> IMessage::SaveChanges(0) = S_OK (\"incoming 2\")",
                          "test_xp: IXPLogon#1::Poll()"));
  EXPECT_THAT(Inbox(), ElementsAre("incoming 1", "incoming 2"));
}

TEST_F(SpoolerTest, AStepOnANoMailSessionIsNotSupported) {
  LPMAPISESSION session = nullptr;
  ASSERT_EQ(Hr(MAPILogonEx(0, T("Mail"), nullptr,
                           MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &session)),
            Hr(S_OK));
  EXPECT_EQ(Hr(MAPIEmuSpoolerStep(session, MAPIEMU_SPOOLER_SEND_ONE, nullptr)),
            Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(Hr(MAPIEmuSpoolerStep(session, 99, nullptr)), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(MAPIEmuSpoolerStep(nullptr, MAPIEMU_SPOOLER_SEND_ONE, nullptr)),
            Hr(MAPI_E_INVALID_PARAMETER));
  session->Logoff(0, 0, 0);
  session->Release();
  EXPECT_THAT(XpLines(), IsEmpty()) << "no transport in a MAPI_NO_MAIL session";
}

// ---- Shutdown: nothing is lost -------------------------------------------------

struct LogoffPath {
  const char* name;
  ULONG flag;            // StoreLogoff's flag; 0: Release without StoreLogoff
  bool sent_at_logoff;   // the spooler sends the queued message before it lets go
  ULONG client_flags;    // what StoreLogoff hands back
};
// Names the path in test output instead of dumping its bytes.
void PrintTo(const LogoffPath& path, std::ostream* os) { *os << path.name; }

class NothingLostTest : public SpoolerTest, public ::testing::WithParamInterface<LogoffPath> {};

TEST_P(NothingLostTest, EachMessageIsDeliveredOnceOrStillQueued) {
  const LogoffPath& path = GetParam();
  StartSession();
  Submit("Queued");
  ProbeClear();
  if (path.flag != 0) {
    ULONG flags = path.flag;
    ASSERT_EQ(Hr(store_->StoreLogoff(&flags)), Hr(S_OK));
    EXPECT_EQ(flags, path.client_flags);
  }
  store_->Release();
  store_ = nullptr;
  EXPECT_EQ(Delivered().size(), path.sent_at_logoff ? 1u : 0u);
  // A new process: whatever is left goes now, once.
  Restart();
  EXPECT_THAT(Outbox(), path.sent_at_logoff ? Lines{} : Lines{"Queued"});
  Step(MAPIEMU_SPOOLER_SEND_ALL);
  EXPECT_THAT(Delivered(), ElementsAre("\"Queued\"")) << "exactly once in all";
  EXPECT_THAT(Outbox(), IsEmpty());
  EXPECT_THAT(SentItems(), ElementsAre("Queued"));
}

INSTANTIATE_TEST_SUITE_P(
    EachPath, NothingLostTest,
    ::testing::Values(LogoffPath{"orderly", LOGOFF_ORDERLY, false, LOGOFF_OUTBOUND_QUEUE},
                      LogoffPath{"no_wait", LOGOFF_NO_WAIT, true, 0},
                      LogoffPath{"purge", LOGOFF_PURGE, true, 0},
                      LogoffPath{"abort", LOGOFF_ABORT, false, LOGOFF_OUTBOUND_QUEUE},
                      LogoffPath{"quiet", LOGOFF_QUIET, false, LOGOFF_OUTBOUND_QUEUE},
                      LogoffPath{"release_only", 0, false, 0}),
    [](const ::testing::TestParamInfo<LogoffPath>& p) { return std::string(p.param.name); });

TEST_F(SpoolerTest, PurgeFlushesTheTransportBeforeTheStoreLogsOff) {
  StartSession();
  Submit("Flushed");
  ProbeClear();
  ULONG flags = LOGOFF_PURGE;
  ASSERT_EQ(Hr(store_->StoreLogoff(&flags)), Hr(S_OK));
  EXPECT_THAT(XpLines(), ElementsAre("test_xp: IXPLogon#1::FlushQueues(0, FLUSH_UPLOAD|FLUSH_DOWNLOAD)",
                                     "test_xp: IXPLogon#1::SubmitMessage(0, \"Flushed\")",
                                     "test_xp: IXPLogon#1::EndMessage(1)",
                                     "test_xp: IXPLogon#1 delivered \"Flushed\"",
                                     "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_OUTBOUND_FLUSH)",
                                     "test_xp: IXPLogon#1::StartMessage(0, message)",
                                     "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_INBOUND_FLUSH)"));
}

TEST_F(SpoolerTest, SessionLogoffWithMailQueuedAbortsDeferredThenEndsTheTransport) {
  StartSession();
  Submit("Left");
  ProbeClear();
  ASSERT_EQ(Hr(session_->Logoff(0, 0, 0)), Hr(S_OK));
  EXPECT_THAT(XpLines(),
              ElementsAre("test_xp: IXPLogon#1::TransportNotify(NOTIFY_ABORT_DEFERRED)",
                          "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_INBOUND|NOTIFY_END_OUTBOUND)",
                          "test_xp: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                          "STATUSROW_UPDATE) = S_OK",
                          "test_xp: IXPLogon#1::TransportLogoff(0)",
                          "test_xp: -> IMAPISupport::Release()", "test_xp: IXPProvider#1::Shutdown(0)"));
  store_->Release();
  store_ = nullptr;
  session_->Release();
  session_ = nullptr;
  Restart();
  EXPECT_THAT(Outbox(), ElementsAre("Left"));
}

TEST_F(SpoolerTest, TheSpoolersStatusObjectFlushesTheQueues) {
  StartSession();
  Submit("Via status");
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(session_->GetStatusTable(0, &table)), Hr(S_OK));
  LPSRowSet rows = nullptr;
  ASSERT_EQ(Hr(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows)), Hr(S_OK));
  table->Release();
  std::vector<BYTE> eid;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SPropValue* type = PpropFindProp(rows->aRow[r].lpProps, rows->aRow[r].cValues,
                                           PR_RESOURCE_TYPE);
    const SPropValue* id = PpropFindProp(rows->aRow[r].lpProps, rows->aRow[r].cValues, PR_ENTRYID);
    if (type != nullptr && type->Value.l == MAPI_SPOOLER && id != nullptr) {
      eid.assign(id->Value.bin.lpb, id->Value.bin.lpb + id->Value.bin.cb);
    }
  }
  FreeProws(rows);
  ASSERT_FALSE(eid.empty());
  ULONG type = 0;
  LPMAPISTATUS status = nullptr;
  ASSERT_EQ(Hr(session_->OpenEntry(static_cast<ULONG>(eid.size()),
                                   reinterpret_cast<LPENTRYID>(eid.data()), &IID_IMAPIStatus, 0,
                                   &type, reinterpret_cast<LPUNKNOWN*>(&status))),
            Hr(S_OK));
  EXPECT_EQ(Hr(status->FlushQueues(0, 0, nullptr, 0x40000000)), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(status->FlushQueues(0, 0, nullptr, FLUSH_UPLOAD)), Hr(S_OK));
  status->Release();
  EXPECT_THAT(Delivered(), ElementsAre("\"Via status\""));
  EXPECT_THAT(Outbox(), IsEmpty());
}

// ---- Threaded mode -------------------------------------------------------------

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST_F(SpoolerTest, ThreadedSpoolerSendsOnItsOwn) {
  mapi_emu::SetEnv("MAPI_EMU_SPOOLER", "threaded");
  StartSession();
  Submit("On its own");
  ASSERT_TRUE(WaitFor([] { return Delivered().size() == 1; }));
  ASSERT_TRUE(WaitFor([&] { return SentItems() == Lines{"On its own"}; }));
  EXPECT_THAT(Outbox(), IsEmpty());
}

TEST_F(SpoolerTest, AbortWhileTheTransportIsSendingDoesNotLogOff) {
  mapi_emu::SetEnv("MAPI_EMU_SPOOLER", "threaded");
  ProbeSet("test_xp.hang_submit_ms", "1000");
  StartSession();
  Submit("In flight");
  ASSERT_TRUE(WaitFor([] {
    for (const std::string& line : mapi_emu::ProbeLines()) {
      if (line.find("SubmitMessage(0, \"In flight\")") != std::string::npos) return true;
    }
    return false;
  }));
  ULONG flags = LOGOFF_ABORT;
  ASSERT_EQ(Hr(store_->StoreLogoff(&flags)), Hr(S_OK));
  EXPECT_EQ(flags, static_cast<ULONG>(LOGOFF_OUTBOUND))
      << "activity in progress: the logoff does not happen (imsgstore-storelogoff.md)";
  // The store is still usable; its Release waits for the send to finish.
  EXPECT_THAT(Outbox(), ElementsAre("In flight"));
  store_->Release();
  store_ = nullptr;
  EXPECT_THAT(Delivered(), ElementsAre("\"In flight\""));
  Restart();
  EXPECT_THAT(Outbox(), IsEmpty());
  EXPECT_THAT(SentItems(), ElementsAre("In flight"));
}

// ---- Two sessions mail each other through the file-drop transport -------------

// Points the profile's sample_xp at its own inbound directory.
void ConfigureInbox(const char* profile, const std::string& inbox) {
  LPPROFADMIN prof = nullptr;
  ASSERT_EQ(Hr(MAPIAdminProfiles(0, &prof)), Hr(S_OK));
  LPSERVICEADMIN svc = nullptr;
  ASSERT_EQ(Hr(prof->AdminServices(T(profile), nullptr, 0, 0, &svc)), Hr(S_OK));
  LPMAPITABLE services = nullptr;
  ASSERT_EQ(Hr(svc->GetMsgServiceTable(0, &services)), Hr(S_OK));
  LPSRowSet rows = nullptr;
  ASSERT_EQ(Hr(HrQueryAllRows(services, nullptr, nullptr, nullptr, 0, &rows)), Hr(S_OK));
  bool configured = false;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SRow& row = rows->aRow[r];
    const SPropValue* name = PpropFindProp(row.lpProps, row.cValues, PR_SERVICE_NAME_A);
    const SPropValue* uid = PpropFindProp(row.lpProps, row.cValues, PR_SERVICE_UID);
    if (name == nullptr || uid == nullptr || std::strcmp(name->Value.lpszA, "SAMPLE_XP") != 0) {
      continue;
    }
    SPropValue v = {};
    v.ulPropTag = PR_SAMPLE_XP_INBOX;
    v.Value.lpszA = const_cast<LPSTR>(inbox.c_str());
    EXPECT_EQ(Hr(svc->ConfigureMsgService(reinterpret_cast<LPMAPIUID>(uid->Value.bin.lpb), 0, 0,
                                          1, &v)),
              Hr(S_OK));
    configured = true;
  }
  FreeProws(rows);
  services->Release();
  svc->Release();
  prof->Release();
  EXPECT_TRUE(configured) << profile << " has no SAMPLE_XP service";
}

size_t EmlFiles(const std::filesystem::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".eml") ++n;
  }
  return n;
}

TEST_F(SpoolerTest, TwoSessionsWithTwoStoresMailEachOtherThroughTheFileDrop) {
  const std::filesystem::path alice_in = dir_ / "alice-inbox";
  const std::filesystem::path bob_in = dir_ / "bob-inbox";
  MakeProfile("Alice", {"SAMPLE_STORE", "SAMPLE_XP"});
  MakeProfile("Bob", {"SAMPLE_STORE", "SAMPLE_XP"});
  ConfigureInbox("Alice", alice_in.string());
  ConfigureInbox("Bob", bob_in.string());
  // Each user is a session with its own store; the fixture's helpers work on
  // the one in session_/store_.
  struct User {
    LPMAPISESSION session = nullptr;
    LPMDB store = nullptr;
  } alice, bob;
  auto use = [&](User& u) { session_ = u.session; store_ = u.store; };
  StartSession("Alice");
  alice = {session_, store_};
  session_ = nullptr;
  store_ = nullptr;
  StartSession("Bob");
  bob = {session_, store_};
  ASSERT_NE(alice.store, nullptr);
  ASSERT_NE(bob.store, nullptr);

  use(alice);
  Submit("Hello Bob", "FILE", bob_in.string().c_str());
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 1u);
  EXPECT_EQ(EmlFiles(bob_in), 1u) << "Alice's transport dropped the message for Bob";
  EXPECT_THAT(Outbox(), IsEmpty());
  EXPECT_THAT(SentItems(), ElementsAre("Hello Bob"));

  use(bob);
  EXPECT_THAT(Inbox(), IsEmpty());
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_RECEIVE_ALL).ulReceived, 1u);
  EXPECT_THAT(Inbox(), ElementsAre("Hello Bob"));
  EXPECT_EQ(EmlFiles(bob_in), 0u) << "delivered once: the file is gone";
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_RECEIVE_ALL).ulReceived, 0u);
  Submit("Re: Hello Bob", "FILE", alice_in.string().c_str());
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_SEND_ALL).ulSent, 1u);

  use(alice);
  EXPECT_EQ(Step(MAPIEMU_SPOOLER_RECEIVE_ALL).ulReceived, 1u);
  EXPECT_THAT(Inbox(), ElementsAre("Re: Hello Bob"));
  EXPECT_THAT(SentItems(), ElementsAre("Hello Bob")) << "the two stores are separate";

  EndSession();  // Alice's
  use(bob);      // the fixture's TearDown ends Bob's
  EXPECT_THAT(SentItems(), ElementsAre("Re: Hello Bob"));
  EXPECT_THAT(Inbox(), ElementsAre("Hello Bob"));
}

// ---- A process killed in the middle of a send -----------------------------------

TEST_F(SpoolerTest, AProcessKilledMidSendLosesNothing) {
  const std::filesystem::path mark = dir_ / "sending";
  if (child_) {
    // The child: submit, then send with a transport that hangs in SubmitMessage.
    ProbeSet("test_xp.hang_submit_ms", "60000");
    ProbeSet("test_xp.mark_file", mark.string().c_str());
    StartSession();
    if (store_ == nullptr) std::_Exit(4);
    Submit("Killed");
    MAPIEmuSpoolerStep(session_, MAPIEMU_SPOOLER_SEND_ONE, nullptr);
    std::_Exit(5);  // not reached: the parent kills it first
  }
  // The child is this test program again, running this test only, in this
  // test's directory; it is killed the way a crash ends a process.
  absl::StatusOr<std::filesystem::path> self = mapi_emu::CurrentProgramPath();
  ASSERT_TRUE(self.ok()) << self.status();
  mapi_emu::SetEnv(kKilledChildDir, dir_.string());
  absl::StatusOr<mapi_emu::Program> child = mapi_emu::StartProgram(
      {self->string(), "--gtest_filter=SpoolerTest.AProcessKilledMidSendLosesNothing"},
      dir_ / "child.out", dir_ / "child.err");
  mapi_emu::UnsetEnv(kKilledChildDir);
  ASSERT_TRUE(child.ok()) << child.status();
  const bool reached = WaitFor([&] { return std::filesystem::exists(mark); });
  child->Kill();
  absl::StatusOr<int> code = child->Wait();
  ASSERT_TRUE(reached) << "the child never reached SubmitMessage:\n"
                       << mapi_emu::FileText(dir_ / "child.out")
                       << mapi_emu::FileText(dir_ / "child.err");
  ASSERT_TRUE(code.ok()) << code.status();
  ASSERT_EQ(*code, 137) << "killed, not ended";
  // This process: the message is still queued, locked by a spooler that no
  // longer exists. The spooler undoes the lock and sends it, once.
  StartSession();
  EXPECT_THAT(Outbox(), ElementsAre("Killed"));
  MAPIEMU_SPOOLER_COUNTS c = Step(MAPIEMU_SPOOLER_SEND_ALL);
  EXPECT_EQ(c.ulUnlocked, 1u);
  EXPECT_EQ(c.ulSent, 1u);
  EXPECT_THAT(Delivered(), ElementsAre("\"Killed\""));
  EXPECT_THAT(Outbox(), IsEmpty());
}

}  // namespace
