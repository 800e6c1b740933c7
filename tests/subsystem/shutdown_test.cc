// The shutdown paths of lifecycle.md §3, carried out by the subsystem against
// the recording test providers loaded through the real loader. Each test
// writes the documented sequence as a readable list of the calls the
// providers receive (and make), and checks the findings the subsystem
// reports when a provider misbehaves: the rule, the provider, the call.
#include "session/findings.h"
#include "trace/writer.h"
#include "tests/subsystem/subsystem_fixture.h"

#include <memory>
#include <sstream>
#include <thread>

namespace mapi_emu {
namespace {

using subsystem_testing::AllRows;
using subsystem_testing::LibraryFile;
using subsystem_testing::ProviderLines;
using subsystem_testing::Row;
using subsystem_testing::SubsystemTest;
using subsystem_testing::TableSink;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Lines = std::vector<std::string>;

Lines Cat(std::initializer_list<Lines> parts) {
  Lines out;
  for (const Lines& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// What MAPI does to each test provider at session Logoff (ruling 27: the
// logoff method, Release of the logon object, Shutdown, Release of the
// provider object), with what the provider does inside its logoff method.
// The transport first hears from the spooler, which stops: sending and
// receiving off (the transport updates its status row), then the spooler's
// reference goes (lifecycle.md §3.5).
const Lines kXpLogoff = {
    "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_INBOUND|NOTIFY_END_OUTBOUND)",
    "test_xp: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], STATUSROW_UPDATE) = S_OK",
    "test_xp: IXPLogon#1::Release -> 1",
    "test_xp: IXPLogon#1::TransportLogoff(0)",
    "test_xp: -> IMAPISupport::Release()",
    "test_xp: IXPLogon#1::Release -> 0",
    "test_xp: IXPProvider#1::Shutdown(0)",
    "test_xp: IXPProvider#1::Release -> 0",
};
// The store's logoff while the client still holds the store: the store
// calls StoreLogoffTransports(LOGOFF_ABORT) itself, once, and releases the
// support object.
const Lines kStoreLogoffHeld = {
    "test_store: IMSLogon#1::Logoff(0)",
    "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = S_OK, out LOGOFF_COMPLETE",
    "test_store: -> IMAPISupport::Release()",
    "test_store: IMSLogon#1::Release -> 0",
    "test_store: IMSProvider#1::Shutdown(0)",
    "test_store: IMSProvider#1::Release -> 0",
};
const Lines kAbLogoff = {
    "test_ab: IABLogon#1::Logoff(0)",
    "test_ab: -> IMAPISupport::Release()",
    "test_ab: IABLogon#1::Release -> 0",
    "test_ab: IABProvider#1::Shutdown(0)",
    "test_ab: IABProvider#1::Release -> 0",
};
// Ruling 2: the store's final Release releases the support object; inside
// that release MAPI calls IMSLogon::Logoff and releases the logon, then shuts
// the provider object down.
// The client's last Release of the store: the spooler lets go of the store
// and logon objects SpoolerLogon gave it, so that the client's reference is
// the last one (lifecycle.md §3.5).
const Lines kSpoolerLetsGo = {
    "test_store: IMsgStore#1::Release -> 1",
    "test_store: IMSLogon#1::Release -> 1",
};
const Lines kStoreReleaseTail = {
    "test_store: -> IMAPISupport::Release()",
    "test_store: IMSLogon#1::Logoff(0)",
    "test_store: IMSLogon#1::Release -> 0",
    "test_store: IMSProvider#1::Shutdown(0)",
    "test_store: IMSProvider#1::Release -> 0",
};

class ShutdownTest : public SubsystemTest {
 protected:
  void SetUp() override {
    SubsystemTest::SetUp();
    MakeProfile("Mail", {"TEST_AB", "TEST_STORE", "TEST_XP"});
    ProcessFindings().Clear();
  }
  void TearDown() override {
    ProcessFindings().Clear();
    SubsystemTest::TearDown();
  }

  // The provider lines since the last call; the log is emptied.
  static Lines Take() {
    Lines lines = ProviderLines();
    ProbeClear();
    return lines;
  }
  // The rule ids reported since the last call, in order; the list is emptied.
  static Lines Rules() {
    Lines out;
    for (const Finding& f : ProcessFindings().All()) out.push_back(f.rule);
    ProcessFindings().Clear();
    return out;
  }
  static std::vector<Finding> TakeFindings() {
    std::vector<Finding> all = ProcessFindings().All();
    ProcessFindings().Clear();
    return all;
  }
  // A mail session on the "Mail" profile with its store open; the log is
  // emptied afterwards.
  void Start(ComPtr<IMAPISession>* session, ComPtr<IMsgStore>* store, FLAGS extra = 0) {
    ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
    *session = Logon(extra, "Mail");
    ASSERT_TRUE(*session);
    *store = OpenStore(session->get());
    ASSERT_TRUE(*store);
    ProbeClear();
    ProcessFindings().Clear();
  }
  // Ends the test's MAPI use and checks every test library was unloaded.
  void UninitializeAndExpectUnloaded() {
    subsystem_->Uninitialize();
    EXPECT_THAT(Take(), ElementsAre("test_ab: unloaded", "test_store: unloaded",
                                    "test_xp: unloaded"));
    EXPECT_THAT(subsystem_->last_unload_report(), IsEmpty());
  }
  void UseShortProviderWait() {
    subsystem_ = std::make_unique<Subsystem>(SubsystemOptions{
        root_ / "profiles", root_ / "mapisvc.inf", std::chrono::milliseconds(800),
        SpoolerMode::kDeterministic});
  }
};

// ---- The paths a client can take ---------------------------------------------

TEST_F(ShutdownTest, SessionLogoffEndsTransportsThenStoresThenAddressBooks) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ComPtr<IMAPITable> status;
  ASSERT_THAT(session->GetStatusTable(0, status.Put()), HrIs(S_OK));
  ASSERT_EQ(AllRows(status.get()).size(), 5u) << "subsystem, spooler, AB, transport, store rows";
  auto sink = MakeComObject<TableSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(status->Advise(fnevTableModified, sink.get(), &connection), HrIs(S_OK));
  const SessionCore& core = *static_cast<SessionObject*>(session.get())->core();
  ASSERT_GT(core.uids().size(), 0u);

  // The client still holds the store: it becomes invalid, and is reported.
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  // The spooler stops first: it reads the queue (mail left makes it tell
  // the transports NOTIFY_ABORT_DEFERRED), lets go of the store, stops the
  // transport; then MAPI logs off transports, stores, address books.
  EXPECT_THAT(Take(), ElementsAreArray(Cat({{"test_store: IMsgStore#1::GetOutgoingQueue(0)"},
                                            kSpoolerLetsGo, kXpLogoff, kStoreLogoffHeld,
                                            kAbLogoff})));
  EXPECT_THAT(sink->events, ElementsAre(TABLE_ROW_MODIFIED, TABLE_ROW_DELETED, TABLE_ROW_DELETED,
                                        TABLE_ROW_DELETED))
      << "the transport's row shows it stopped; each provider row removed once (ruling 3)";
  EXPECT_EQ(core.uids().size(), 0u) << "every MAPIUID removed";
  EXPECT_THAT(TakeFindings(),
              ElementsAre(AllOf(Field(&Finding::rule, "session.objects-open-at-logoff"),
                                Field(&Finding::detail, HasSubstr(LibraryFile(TEST_STORE_PATH))))));

  // After Logoff only Release: everything else is MAPI_E_INVALID_OBJECT.
  ComPtr<IMAPITable> again;
  EXPECT_THAT(session->GetStatusTable(0, again.Put()), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_THAT(Rules(), ElementsAre("session.calls-after-logoff"));
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_THAT(Take(), IsEmpty()) << "nothing reaches the provider";
  status.Reset();
  store.Reset();
  EXPECT_THAT(Take(), ElementsAre("test_store: IMsgStore#1::Release -> 0"))
      << "the store's support object is long released: nothing more";
  session.Reset();
  EXPECT_THAT(Take(), IsEmpty());
  UninitializeAndExpectUnloaded();
  EXPECT_THAT(Rules(), IsEmpty());
}

class StoreLogoffFlagTest : public ShutdownTest,
                            public ::testing::WithParamInterface<const char*> {};

TEST_P(StoreLogoffFlagTest, StoreLogoffThenReleasePassesTheSameFlagAndEndsTheLogon) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  const std::string name = GetParam();
  const ULONG flag = name == "LOGOFF_NO_WAIT"   ? LOGOFF_NO_WAIT
                     : name == "LOGOFF_ORDERLY" ? LOGOFF_ORDERLY
                     : name == "LOGOFF_PURGE"   ? LOGOFF_PURGE
                     : name == "LOGOFF_ABORT"   ? LOGOFF_ABORT
                                                : LOGOFF_QUIET;
  ULONG flags = flag;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  EXPECT_EQ(flags, 0u) << "no transport activity to report";
  // The spooler carries the flag out, then releases its store object
  // (§3.2): PURGE flushes the transport (the test store has no outgoing
  // queue and no receive folder), the others look at the queue once.
  Lines expected = {"test_store: IMsgStore#1::StoreLogoff(" + name + ")"};
  if (flag == LOGOFF_PURGE) {
    expected.insert(expected.end(),
                    {"test_xp: IXPLogon#1::FlushQueues(0, FLUSH_UPLOAD|FLUSH_DOWNLOAD)",
                     "test_store: IMsgStore#1::GetOutgoingQueue(0)",
                     "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_OUTBOUND_FLUSH)",
                     "test_store: IMsgStore#1::GetReceiveFolder(\"IPM.Note\", 0)",
                     "test_xp: IXPLogon#1::TransportNotify(NOTIFY_END_INBOUND_FLUSH)"});
  } else {
    expected.push_back("test_store: IMsgStore#1::GetOutgoingQueue(0)");
  }
  expected.insert(expected.end(), kSpoolerLetsGo.begin(), kSpoolerLetsGo.end());
  expected.push_back("test_store: -> IMAPISupport::StoreLogoffTransports(" + name +
                     ") = S_OK, out LOGOFF_COMPLETE");
  EXPECT_THAT(Take(), ElementsAreArray(expected));
  store.Reset();
  EXPECT_THAT(Take(), ElementsAreArray(Cat({{"test_store: IMsgStore#1::Release -> 0"},
                                            kStoreReleaseTail})));
  // The store's row is gone; the session goes on.
  ComPtr<IMAPITable> status;
  ASSERT_THAT(session->GetStatusTable(0, status.Put()), HrIs(S_OK));
  EXPECT_EQ(AllRows(status.get()).size(), 4u) << "subsystem, spooler, AB, transport";
  status.Reset();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})));
  session.Reset();
  UninitializeAndExpectUnloaded();
  EXPECT_THAT(Rules(), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(EachFlag, StoreLogoffFlagTest,
                         ::testing::Values("LOGOFF_NO_WAIT", "LOGOFF_ORDERLY", "LOGOFF_PURGE",
                                           "LOGOFF_ABORT", "LOGOFF_QUIET"));

TEST_F(ShutdownTest, ReleaseWithoutStoreLogoffPassesLogoffAbort) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  EXPECT_THAT(
      Take(),
      ElementsAreArray(Cat(
          {kSpoolerLetsGo,
           {"test_store: IMsgStore#1::Release -> 0",
            "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = S_OK, out "
            "LOGOFF_COMPLETE"},
           kStoreReleaseTail})));
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})));
  session.Reset();
  UninitializeAndExpectUnloaded();
  EXPECT_THAT(Rules(), IsEmpty());
}

TEST_F(ShutdownTest, ReleaseOfTheSessionWithoutLogoffLogsOff) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  ProbeClear();
  session.Reset();  // what MrMAPI-style clients do
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})));
  UninitializeAndExpectUnloaded();
  EXPECT_THAT(Rules(), IsEmpty());
}

TEST_F(ShutdownTest, LibrariesAreFreedOnlyAfterTheLastMapiUninitialize) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK)) << "a second MAPIInitialize caller";
  store.Reset();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  ProbeClear();
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), IsEmpty()) << "another client is still initialized: nothing unloads";
  EXPECT_EQ(subsystem_->libraries().LoadedPaths().size(), 3u);
  EXPECT_EQ(subsystem_->libraries().unload_count(), 0);
  UninitializeAndExpectUnloaded();
  EXPECT_EQ(subsystem_->libraries().load_count(), 3) << "each library loaded once";
  EXPECT_EQ(subsystem_->libraries().unload_count(), 3) << "and freed once";
}

TEST_F(ShutdownTest, AStoreTheClientStillHoldsKeepsItsLibraryLoaded) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  ProbeClear();
  Rules();
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), ElementsAre("test_ab: unloaded", "test_xp: unloaded"))
      << "the provider's store is alive behind the client's IMsgStore";
  std::vector<HeldObject> held = subsystem_->last_held_objects();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].library, LibraryFile(TEST_STORE_PATH));
  EXPECT_EQ(held[0].kind, "IMsgStore");
  EXPECT_EQ(held[0].refcount, 1u);
  store.Reset();
  EXPECT_THAT(Take(), ElementsAre("test_store: IMsgStore#1::Release -> 0"))
      << "the provider's code is still there to run";
  // The next last MAPIUninitialize unloads it.
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), ElementsAre("test_store: unloaded"));
  EXPECT_EQ(subsystem_->libraries().unload_count(), 3);
}

TEST_F(ShutdownTest, TwoSessionsShareOneStoreLibraryWithOneProviderObjectEach) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> first = Logon(MAPI_NO_MAIL, "Mail");
  ComPtr<IMAPISession> second = Logon(MAPI_NO_MAIL, "Mail");
  ComPtr<IMsgStore> store1 = OpenStore(first.get());
  ComPtr<IMsgStore> store2 = OpenStore(second.get());
  Lines lines = Take();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "test_store: loaded"), 1) << "one load";
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "test_store: MSProviderInit(0, 0x00010010)"), 2)
      << "one provider object per session (ruling 11)";
  EXPECT_THAT(lines, Contains(HasSubstr("IMSProvider#1::Logon(")));
  EXPECT_THAT(lines, Contains(HasSubstr("IMSProvider#2::Logon(")));
  store1.Reset();
  EXPECT_THAT(first->Logoff(0, 0, 0), HrIs(S_OK));
  first.Reset();
  lines = Take();
  EXPECT_THAT(lines, Contains("test_store: IMSProvider#1::Shutdown(0)"));
  EXPECT_THAT(lines, Not(Contains("test_store: IMSProvider#2::Shutdown(0)")));
  EXPECT_THAT(lines, Not(Contains("test_store: unloaded")));
  ULONG flags = LOGOFF_NO_WAIT;
  EXPECT_THAT(store2->StoreLogoff(&flags), HrIs(S_OK)) << "the other session's store still works";
  store2.Reset();
  EXPECT_THAT(second->Logoff(0, 0, 0), HrIs(S_OK));
  second.Reset();
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#2::Shutdown(0)"));
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), ElementsAre("test_ab: unloaded", "test_store: unloaded"));
  EXPECT_THAT(Rules(), IsEmpty());
}

TEST_F(ShutdownTest, LogoffSharedEndsEveryClientAndTellsTheOthers) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> owner = Logon(MAPI_ALLOW_OTHERS, "Mail");
  ComPtr<IMAPISession> joined;
  ASSERT_THAT(subsystem_->LogonEx(0, "", MAPI_EXTENDED, joined.Put()), HrIs(S_OK));
  ASSERT_NE(joined.get(), owner.get());
  class ErrorSink final : public ComObject<IMAPIAdviseSink> {
   public:
    STDMETHODIMP_(ULONG) OnNotify(ULONG count, LPNOTIFICATION n) override {
      for (ULONG i = 0; i < count; ++i) {
        if (n[i].ulEventType == fnevCriticalError) scodes.push_back(n[i].info.err.scode);
      }
      return 0;
    }
    std::vector<SCODE> scodes;
  };
  auto owner_sink = MakeComObject<ErrorSink>();
  auto joined_sink = MakeComObject<ErrorSink>();
  ULONG_PTR c1 = 0, c2 = 0;
  ASSERT_THAT(owner->Advise(0, nullptr, fnevCriticalError, owner_sink.get(), &c1), HrIs(S_OK));
  ASSERT_THAT(joined->Advise(0, nullptr, fnevCriticalError, joined_sink.get(), &c2), HrIs(S_OK));
  ProbeClear();

  EXPECT_THAT(owner->Logoff(0, MAPI_LOGOFF_SHARED, 0), HrIs(S_OK));
  EXPECT_THAT(joined_sink->scodes, ElementsAre(MAPI_E_END_OF_SESSION))
      << "the other client is told by an error notification (ruling 14)";
  EXPECT_THAT(owner_sink->scodes, IsEmpty()) << "the caller knows";
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})));
  ComPtr<IMAPITable> table;
  EXPECT_THAT(joined->GetStatusTable(0, table.Put()), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_THAT(Rules(), ElementsAre("session.calls-after-logoff"));
  joined.Reset();
  owner.Reset();
  EXPECT_THAT(Take(), IsEmpty());
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), ElementsAre("test_ab: unloaded", "test_xp: unloaded"));
}

TEST_F(ShutdownTest, LogoffOfOneClientOfASharedSessionLeavesItToTheOthers) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> owner = Logon(MAPI_ALLOW_OTHERS, "Mail");
  ComPtr<IMAPISession> joined;
  ASSERT_THAT(subsystem_->LogonEx(0, "", MAPI_EXTENDED, joined.Put()), HrIs(S_OK));
  ProbeClear();
  EXPECT_THAT(owner->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), IsEmpty()) << "the session has another client";
  ComPtr<IMAPITable> table;
  EXPECT_THAT(joined->GetStatusTable(0, table.Put()), HrIs(S_OK));
  table.Reset();
  EXPECT_THAT(owner->GetStatusTable(0, table.Put()), HrIs(MAPI_E_INVALID_OBJECT));
  Rules();
  joined.Reset();  // the last client: its Release logs the session off
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})));
  owner.Reset();
  subsystem_->Uninitialize();
}

TEST_F(ShutdownTest, LogoffSharedOnASessionThatIsNotSharedIsAPlainLogoff) {
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  ProbeClear();
  EXPECT_THAT(session->Logoff(0, MAPI_LOGOFF_SHARED, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})));
  EXPECT_THAT(session->Logoff(0, 0, 1), HrIs(MAPI_E_INVALID_OBJECT)) << "only Release now";
  session.Reset();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, FastShutdownAsksTransportsThenAddressBooksThenStoresAndThenNothing) {
  ProbeSet("test_xp.fast_shutdown", "S_OK");
  ProbeSet("test_ab.fast_shutdown", "S_OK");
  ProbeSet("test_store.fast_shutdown", "S_OK");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ComPtr<IMAPIClientShutdown> fast;
  ASSERT_THAT(session->QueryInterface(IID_IMAPIClientShutdown, fast.PutVoid()), HrIs(S_OK));
  // MAPI holds each provider object for the step, then asks each in the
  // documented order: transports, address books, stores.
  auto step = [](const std::string& method) {
    Lines lines = {"test_xp: IXPProvider#1::AddRef -> 2", "test_ab: IABProvider#1::AddRef -> 2",
                   "test_store: IMSProvider#1::AddRef -> 2"};
    for (const auto& [lib, provider] : {std::pair<std::string, std::string>{"test_xp", "IXPProvider"},
                                        {"test_ab", "IABProvider"},
                                        {"test_store", "IMSProvider"}}) {
      const std::string p = lib + ": ";
      lines.push_back(p + provider + "#1::QueryInterface(IID_IMAPIProviderShutdown)");
      lines.push_back(p + "IMAPIProviderShutdown#1::AddRef -> 3");
      lines.push_back(p + "IMAPIProviderShutdown#1::" + method + "()");
      lines.push_back(p + "IMAPIProviderShutdown#1::Release -> 2");
      lines.push_back(p + provider + "#1::Release -> 1");
    }
    return lines;
  };
  std::ostringstream trace_text;
  trace::TraceRecorder::Global().Start(
      std::make_unique<trace::TraceWriter>(trace_text, trace::Mode::kDeterministic));
  EXPECT_THAT(fast->QueryFastShutdown(), HrIs(S_OK));
  trace::TraceRecorder::Global().Stop();
  EXPECT_THAT(Take(), ElementsAreArray(step("QueryFastShutdown")));
  // The trace has each provider's answer, in the same order.
  std::vector<std::string> asked;
  std::istringstream lines(trace_text.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.find(R"("iface":"IMAPIProviderShutdown","method":"QueryFastShutdown")") ==
        std::string::npos) {
      continue;
    }
    const size_t obj = line.find(R"("obj":")");
    const size_t result = line.find(R"("result":)");
    asked.push_back(line.substr(obj + 7, line.find('"', obj + 7) - obj - 7) +
                    (result == std::string::npos ? " called" : " " + line.substr(result + 9)));
  }
  EXPECT_THAT(asked, ElementsAre("XPProvider#1 called", "XPProvider#1 \"S_OK\"}",
                                 "ABProvider#1 called", "ABProvider#1 \"S_OK\"}",
                                 "MSProvider#1 called", "MSProvider#1 \"S_OK\"}"));
  EXPECT_THAT(fast->NotifyProcessShutdown(), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(step("NotifyProcessShutdown")));
  EXPECT_THAT(fast->DoFastShutdown(), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(step("DoFastShutdown")));
  // The client should now exit. If it goes on, nothing reaches a provider.
  fast.Reset();
  store.Reset();
  session.Reset();
  subsystem_->Uninitialize();
  Lines after = Take();
  EXPECT_THAT(after, IsEmpty()) << "no call reaches a provider, no library unloads";
  EXPECT_THAT(Rules(), ElementsAre("process.calls-after-fast-shutdown",
                                   "process.calls-after-fast-shutdown"))
      << "the store's Release and MAPIUninitialize";
}

TEST_F(ShutdownTest, AProviderThatRefusesFastShutdownMakesTheQueryFail) {
  ProbeSet("test_store.fast_shutdown", "MAPI_E_NO_SUPPORT");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ComPtr<IMAPIClientShutdown> fast;
  ASSERT_THAT(session->QueryInterface(IID_IMAPIClientShutdown, fast.PutVoid()), HrIs(S_OK));
  EXPECT_THAT(fast->QueryFastShutdown(), HrIs(MAPI_E_NO_SUPPORT))
      << "the client must then shut down in order";
  fast.Reset();
  store.Reset();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

// ---- Providers that misbehave ---------------------------------------------------

TEST_F(ShutdownTest, AStoreThatNeverCallsStoreLogoffTransportsIsReported) {
  ProbeSet("test_store.skip_storelogofftransports", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  store.Reset();
  EXPECT_THAT(Take(), ElementsAreArray(Cat({{"test_store: IMsgStore#1::StoreLogoff(LOGOFF_ORDERLY)"},
                                            kSpoolerLetsGo,
                                            {"test_store: IMsgStore#1::Release -> 0"},
                                            kStoreReleaseTail})));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "store.slt-once");
  EXPECT_THAT(findings[0].who, HasSubstr(LibraryFile(TEST_STORE_PATH)));
  EXPECT_EQ(findings[0].call, "IMAPISupport::StoreLogoffTransports");
  EXPECT_THAT(findings[0].detail, HasSubstr("never called"));
  EXPECT_THAT(findings[0].page, HasSubstr("shutting-down-a-message-store-provider.md"));
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, AStoreThatCallsStoreLogoffTransportsTwiceIsReported) {
  ProbeSet("test_store.call_slt_twice", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ULONG flags = LOGOFF_NO_WAIT;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  store.Reset();
  EXPECT_THAT(Rules(), ElementsAre("store.slt-once"));
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#1::Release -> 0"))
      << "the logoff completes all the same";
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, AStoreThatPassesAnotherFlagOrTwoFlagsIsReported) {
  ProbeSet("test_store.slt_flag_override", "LOGOFF_PURGE");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "store.slt-same-flag");
  EXPECT_THAT(findings[0].detail, HasSubstr("given LOGOFF_PURGE"));
  EXPECT_THAT(findings[0].detail, HasSubstr("passed LOGOFF_ORDERLY"));
  store.Reset();
  EXPECT_THAT(Rules(), IsEmpty());

  // Two flags: MAPI refuses the call.
  ProbeSet("test_store.slt_flag_override", "LOGOFF_ORDERLY|LOGOFF_PURGE");
  store = OpenStore(session.get());
  ProbeClear();
  flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_store: -> IMAPISupport::StoreLogoffTransports("
                               "LOGOFF_ORDERLY|LOGOFF_PURGE) = MAPI_E_INVALID_PARAMETER, out "
                               "LOGOFF_ORDERLY|LOGOFF_PURGE"));
  EXPECT_THAT(Rules(), ElementsAre("store.slt-one-flag"));
  store.Reset();
  EXPECT_THAT(Rules(), ElementsAre("store.slt-once")) << "no valid call was ever made";
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, AStoreThatKeepsItsSupportObjectHoldsItsLibraryBack) {
  ProbeSet("test_store.keep_support_ref", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kSpoolerLetsGo,
                                            {"test_store: IMsgStore#1::Release -> 0",
                                             "test_store: -> IMAPISupport::StoreLogoffTransports("
                                             "LOGOFF_ABORT) = S_OK, out LOGOFF_COMPLETE"}})))
      << "no support release: MAPI cannot end the logon yet";
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  // Session Logoff ends it: the provider still holds the support object.
  EXPECT_THAT(Take(), Contains("test_store: IMSLogon#1::Logoff(0)"));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logoff.releases-support");
  EXPECT_EQ(findings[0].call, "IMSLogon::Logoff");
  EXPECT_THAT(findings[0].detail, HasSubstr("1 reference(s)"));
  session.Reset();
  std::ostringstream trace_text;
  trace::TraceRecorder::Global().Start(
      std::make_unique<trace::TraceWriter>(trace_text, trace::Mode::kDeterministic));
  subsystem_->Uninitialize();
  trace::TraceRecorder::Global().Stop();
  EXPECT_THAT(trace_text.str(),
              HasSubstr(R"("ev":"note","what":"held","lib":"test_store","objects":["IMAPISupport"]})"))
      << "the trace says which library MAPI keeps and why";
  EXPECT_THAT(Take(), ElementsAre("test_ab: unloaded", "test_xp: unloaded"))
      << "the store's library is held back";
  std::vector<HeldObject> held = subsystem_->last_held_objects();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].library, LibraryFile(TEST_STORE_PATH));
  EXPECT_EQ(held[0].kind, "IMAPISupport");
  EXPECT_EQ(held[0].refcount, 1u);
  EXPECT_THAT(subsystem_->last_unload_report(),
              ElementsAre(HasSubstr(LibraryFile(TEST_STORE_PATH) +
                                    " held back (not unloaded): IMAPISupport")));
}

TEST_F(ShutdownTest, ASupportObjectReleasedTwiceIsReportedAndShutdownCompletes) {
  ProbeSet("test_store.release_support_twice", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  EXPECT_THAT(Rules(), ElementsAre("support.release-balance"));
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#1::Release -> 0"));
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, FailingLogoffAndShutdownStillEndTheProvider) {
  ProbeSet("test_ab.logoff_hr", "MAPI_E_CALL_FAILED");
  ProbeSet("test_xp.logoff_hr", "MAPI_E_NETWORK_ERROR");
  ProbeSet("test_xp.shutdown_hr", "MAPI_E_NO_ACCESS");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  ProbeClear();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, kAbLogoff})))
      << "still logged off and shut down (the trace-level ruling)";
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].rule, "logoff.succeeds");
  EXPECT_EQ(findings[0].call, "IXPLogon::TransportLogoff");
  EXPECT_THAT(findings[0].detail, HasSubstr("MAPI_E_NETWORK_ERROR"));
  EXPECT_EQ(findings[1].rule, "shutdown.succeeds");
  EXPECT_EQ(findings[1].call, "IXPProvider::Shutdown");
  EXPECT_THAT(findings[1].detail, HasSubstr("MAPI_E_NO_ACCESS"));
  EXPECT_EQ(findings[2].rule, "logoff.succeeds");
  EXPECT_EQ(findings[2].call, "IABLogon::Logoff");
  EXPECT_THAT(findings[2].who, HasSubstr(LibraryFile(TEST_AB_PATH) + " (address book logon #1"));
  EXPECT_THAT(findings[2].page, HasSubstr("iablogon-logoff.md"));
  session.Reset();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, ThrowingLogoffAndShutdownStillEndTheProvider) {
  ProbeSet("test_store.logoff_throw", "1");
  ProbeSet("test_ab.shutdown_throw", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  Lines lines = Take();
  EXPECT_THAT(lines, Contains("test_store: IMSProvider#1::Release -> 0"));
  EXPECT_THAT(lines, Contains("test_ab: IABProvider#1::Release -> 0"));
  std::vector<Finding> findings = TakeFindings();
  Lines rules;
  for (const Finding& f : findings) rules.push_back(f.rule + " " + f.call);
  EXPECT_THAT(rules, Contains("abi.no-exceptions IMSLogon::Logoff"));
  EXPECT_THAT(rules, Contains("abi.no-exceptions IABProvider::Shutdown"));
  store.Reset();
  session.Reset();
  EXPECT_THAT(Take(), ElementsAre("test_store: IMsgStore#1::Release -> 0"));
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, CallsOnTheSupportObjectAfterLogoffAreRefusedAndReported) {
  ProbeSet("test_ab.call_support_after_logoff", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  ProbeClear();
  Rules();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_ab: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                               "STATUSROW_UPDATE) = MAPI_E_INVALID_OBJECT"));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "support.calls-after-logoff");
  EXPECT_EQ(findings[0].call, "IMAPISupport::ModifyStatusRow");
  EXPECT_THAT(findings[0].who, HasSubstr(LibraryFile(TEST_AB_PATH) + " (address book logon #1"));
  session.Reset();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, ReentrantCallsFromInsideLogoffDoNotDeadlock) {
  ProbeSet("test_ab.reenter_in_logoff", "1");
  ProbeSet("test_xp.reenter_in_logoff", "1");
  ProbeSet("test_store.reenter_in_logoff", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  Lines lines = Take();
  EXPECT_THAT(lines, Contains("test_ab: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = "
                              "S_OK"));
  EXPECT_THAT(lines, Contains("test_xp: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = "
                              "S_OK"));
  EXPECT_THAT(lines, Contains("test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) "
                              "= S_OK"));
  // The row is already gone (rulings 2, 3): an update is refused, not added.
  EXPECT_THAT(lines, Contains("test_ab: -> IMAPISupport::ModifyStatusRow([PR_STATUS_CODE], "
                              "STATUSROW_UPDATE) = MAPI_E_INVALID_OBJECT"));
  EXPECT_THAT(lines, Contains("test_ab: IABProvider#1::Release -> 0"));
  store.Reset();
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

TEST_F(ShutdownTest, ALeakedLogonObjectHoldsItsLibraryBackWithAReport) {
  ProbeSet("test_ab.leak_logon", "1");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  ProbeClear();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff,
                                            {"test_ab: IABLogon#1::Logoff(0)",
                                             "test_ab: -> IMAPISupport::Release()",
                                             "test_ab: IABLogon#1::Release -> 1",
                                             "test_ab: IABProvider#1::Shutdown(0)",
                                             "test_ab: IABProvider#1::Release -> 0"}})));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logon.released-at-logoff");
  EXPECT_EQ(findings[0].call, "IABLogon::Release");
  session.Reset();
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), ElementsAre("test_store: unloaded", "test_xp: unloaded"));
  std::vector<HeldObject> held = subsystem_->last_held_objects();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].library, LibraryFile(TEST_AB_PATH));
  EXPECT_EQ(held[0].kind, "IABLogon");
  EXPECT_THAT(held[0].owner, HasSubstr("address book logon #1"));
  EXPECT_EQ(held[0].refcount, 1u);
}

TEST_F(ShutdownTest, AProviderThatHangsInLogoffIsLeftBehindAfterABoundedWait) {
  UseShortProviderWait();
  ProbeSet("test_ab.hang_logoff_ms", "4000");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  ProbeClear();
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(3500))
      << "the shutdown did not wait for the hung provider";
  EXPECT_THAT(Take(), ElementsAreArray(Cat({kXpLogoff, {"test_ab: IABLogon#1::Logoff(0)"}})))
      << "no Release, no Shutdown for the hung provider";
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logoff.returns");
  EXPECT_EQ(findings[0].call, "IABLogon::Logoff");
  EXPECT_THAT(findings[0].detail, HasSubstr("800 ms"));
  session.Reset();
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), ElementsAre("test_store: unloaded", "test_xp: unloaded"));
  Lines kinds;
  for (const HeldObject& h : subsystem_->last_held_objects()) kinds.push_back(h.kind);
  EXPECT_THAT(kinds, Contains("IABLogon"));
  EXPECT_THAT(kinds, Contains("IABProvider"));
  EXPECT_THAT(kinds, Contains("call in flight"));
  // The provider wakes up later, on its own thread, into a finished session.
  for (int i = 0; i < 200 && ProviderLines().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_THAT(Take(), Contains("test_ab: IABLogon#1::Logoff woke"));
}

TEST_F(ShutdownTest, LogoffInsideTheStoresOwnReleaseRunsInlineWithoutTheWait) {
  // Ruling 2's path: IMSLogon::Logoff runs inside the store's Release (its
  // last release of the support object), on the client's thread, so that a
  // provider holding a lock across that Release can take it again. No wait
  // applies there: a slow Logoff is waited for, not left behind.
  UseShortProviderWait();
  ProbeSet("test_store.hang_logoff_ms", "1200");
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start(&session, &store);
  store.Reset();
  EXPECT_THAT(Take(), ElementsAreArray(Cat(
                          {kSpoolerLetsGo,
                           {"test_store: IMsgStore#1::Release -> 0",
                            "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                            "S_OK, out LOGOFF_COMPLETE",
                            "test_store: -> IMAPISupport::Release()",
                            "test_store: IMSLogon#1::Logoff(0)", "test_store: IMSLogon#1::Logoff woke",
                            "test_store: IMSLogon#1::Release -> 0",
                            "test_store: IMSProvider#1::Shutdown(0)",
                            "test_store: IMSProvider#1::Release -> 0"}})));
  EXPECT_THAT(Rules(), IsEmpty());
  session.Reset();
  ProbeClear();
  UninitializeAndExpectUnloaded();
}

}  // namespace
}  // namespace mapi_emu
