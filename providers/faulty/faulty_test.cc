// libfaulty through the real loader and subsystem, wrapped around the
// recording test providers (tests/providers/README.md has their probe log):
// with no rule MAPI and the providers see exactly what they see without
// faulty; each action reproduces its fault, and the subsystem's finding
// names the rule it breaks; bad settings fail the logon with a clear error.
#include "providers/faulty/faulty.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mapi_emu/base/platform.h"
#include "session/admin.h"
#include "session/findings.h"
#include "tests/subsystem/subsystem_fixture.h"

namespace mapi_emu {
namespace {

using subsystem_testing::AllRows;
using subsystem_testing::LibraryFile;
using subsystem_testing::ProviderLines;
using subsystem_testing::SubsystemTest;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

using Lines = std::vector<std::string>;

const std::filesystem::path kFaultyDir = std::filesystem::path(FAULTY_PATH).parent_path();

// Rules for the three faulty services; empty: no PR_FAULTY_RULES at all.
struct Rules {
  std::string store;
  std::string ab;
  std::string xp;
};
Rules StoreRules(std::string text) { return Rules{std::move(text), "", ""}; }
Rules AbRules(std::string text) { return Rules{"", std::move(text), ""}; }
Rules XpRules(std::string text) { return Rules{"", "", std::move(text)}; }
const Rules kNoRules{"", "", ""};

// A MAPISVC.INF with three services that put libfaulty ("faulty.dll")
// around the three test providers. The wrapped library is named in each
// service's section (where ServiceEntry finds it too), the rules in the
// provider's section.
std::string FaultyInf(const Rules& rules, const std::string& store_library = TEST_STORE_PATH) {
  auto rules_line = [](const std::string& text) {
    return text.empty() ? std::string() : "6711001E=" + text + "\n";
  };
  return std::string(R"([Services]
FAULTY_STORE=Faulty Test Store
FAULTY_AB=Faulty Test Address Book
FAULTY_XP=Faulty Test Transport

[FAULTY_STORE]
PR_DISPLAY_NAME=Faulty Test Store
Providers=FAULTY_STORE_PROVIDER
PR_SERVICE_DLL_NAME=faulty.dll
PR_SERVICE_ENTRY_NAME=ServiceEntry
6710001E=)") +
         store_library + R"(

[FAULTY_AB]
PR_DISPLAY_NAME=Faulty Test Address Book
Providers=FAULTY_AB_PROVIDER
PR_SERVICE_DLL_NAME=faulty.dll
PR_SERVICE_ENTRY_NAME=ServiceEntry
6710001E=)" +
         TEST_AB_PATH + R"(

[FAULTY_XP]
PR_DISPLAY_NAME=Faulty Test Transport
Providers=FAULTY_XP_PROVIDER
PR_SERVICE_DLL_NAME=faulty.dll
6710001E=)" +
         TEST_XP_PATH + R"(

[FAULTY_STORE_PROVIDER]
PR_DISPLAY_NAME=Personal Store
PR_PROVIDER_DISPLAY=Test Store Provider
PR_PROVIDER_DLL_NAME=faulty.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE|STATUS_PRIMARY_IDENTITY
)" + rules_line(rules.store) +
         R"(
[FAULTY_AB_PROVIDER]
PR_DISPLAY_NAME=Contacts
PR_PROVIDER_DISPLAY=Test AB Provider
PR_PROVIDER_DLL_NAME=faulty.dll
PR_RESOURCE_TYPE=MAPI_AB_PROVIDER
PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY
)" + rules_line(rules.ab) +
         R"(
[FAULTY_XP_PROVIDER]
PR_DISPLAY_NAME=Test Transport
PR_PROVIDER_DISPLAY=Test XP Provider
PR_PROVIDER_DLL_NAME=faulty.dll
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY
)" + rules_line(rules.xp);
}

class FaultyTest : public SubsystemTest {
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

  // The profile `name` with the faulty services `services` made from
  // FaultyInf(rules, store_library).
  // FaultyInf(rules, store_library); `saved` (optional) receives the profile.
  void MakeFaultyProfile(const std::string& name, const Rules& rules,
                         const std::vector<std::string>& services = {"FAULTY_AB", "FAULTY_STORE",
                                                                     "FAULTY_XP"},
                         const std::string& store_library = TEST_STORE_PATH,
                         Profile* saved = nullptr) {
    auto inf = ParseMapiSvcInf(FaultyInf(rules, store_library), "faulty.inf");
    ASSERT_TRUE(inf.ok()) << inf.status();
    Profile profile(name);
    profile.library_dirs = {kFaultyDir.string()};
    for (const std::string& s : services) ASSERT_TRUE(profile.AddService(*inf, s).ok()) << s;
    ASSERT_TRUE(ProfileStore(root_ / "profiles").Save(profile).ok());
    if (saved != nullptr) *saved = profile;
  }

  // The provider lines since the last call; the log is emptied.
  static Lines Take() {
    Lines lines = ProviderLines();
    ProbeClear();
    return lines;
  }
  static std::vector<Finding> TakeFindings() {
    std::vector<Finding> all = ProcessFindings().All();
    ProcessFindings().Clear();
    return all;
  }
  static Lines RuleIds() {
    Lines out;
    for (const Finding& f : TakeFindings()) out.push_back(f.rule);
    return out;
  }

  // A session on `profile` with its store open; the log is emptied.
  void Start(const std::string& profile, ComPtr<IMAPISession>* session, ComPtr<IMsgStore>* store) {
    ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
    *session = Logon(0, profile);
    ASSERT_TRUE(*session);
    *store = OpenStore(session->get());
    ASSERT_TRUE(*store);
    ProbeClear();
    ProcessFindings().Clear();
  }

  // The whole life of a mail session on `profile`, every provider line;
  // *rows gets the status table's rows as "display name, resource type,
  // status code" while the store is open.
  Lines Lifecycle(const std::string& profile, Lines* rows) {
    ProbeReset();
    EXPECT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
    ComPtr<IMAPISession> session = Logon(0, profile);
    ComPtr<IMsgStore> store = OpenStore(session.get());
    if (store) {
      ComPtr<IMAPITable> status;
      EXPECT_THAT(session->GetStatusTable(0, status.Put()), HrIs(S_OK));
      for (subsystem_testing::Row& row : AllRows(status.get())) {
        rows->push_back(row.strings[PR_DISPLAY_NAME_A] + ", " +
                        std::to_string(row.longs[PR_RESOURCE_TYPE]) + ", " +
                        std::to_string(row.longs[PR_STATUS_CODE]));
      }
      ULONG flags = LOGOFF_ORDERLY;
      EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
      store.Reset();
    }
    EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
    session.Reset();
    subsystem_->Uninitialize();
    return ProviderLines();
  }

  void UseShortProviderWait(std::chrono::milliseconds wait) {
    SubsystemOptions options;
    options.profiles_dir = root_ / "profiles";
    options.mapisvc = root_ / "mapisvc.inf";
    options.provider_wait = wait;
    subsystem_ = std::make_unique<Subsystem>(options);
  }

  // The session's last error text after a failed call that returned `hr`.
  static std::string LastError(IMAPISession* session, HRESULT hr) {
    LPMAPIERROR error = nullptr;
    EXPECT_THAT(session->GetLastError(hr, 0, &error), HrIs(S_OK));
    std::string text = error != nullptr && error->lpszError != nullptr
                           ? reinterpret_cast<const char*>(error->lpszError)
                           : "";
    ProcessBufferAllocator().Free(error);
    return text;
  }
};

Lines Without(const Lines& lines, const std::string& suffix) {
  Lines out;
  for (const std::string& l : lines) {
    if (!l.ends_with(suffix)) out.push_back(l);
  }
  return out;
}
Lines Only(const Lines& lines, const std::string& suffix) {
  Lines out;
  for (const std::string& l : lines) {
    if (l.ends_with(suffix)) out.push_back(l);
  }
  return out;
}

// ---- Transparent without rules -------------------------------------------------

TEST_F(FaultyTest, WithoutRulesTheProvidersSeeExactlyWhatTheySeeUnwrapped) {
  Lines plain_rows, wrapped_rows;
  const Lines plain = Lifecycle("Mail", &plain_rows);
  ASSERT_THAT(RuleIds(), IsEmpty());
  // The same profile name: the providers see it.
  MakeFaultyProfile("Mail", kNoRules);
  const Lines wrapped = Lifecycle("Mail", &wrapped_rows);
  EXPECT_THAT(wrapped_rows, ElementsAreArray(plain_rows)) << "the same status rows";
  EXPECT_GE(plain_rows.size(), 4u) << "subsystem, AB, transport, store rows";
  EXPECT_THAT(RuleIds(), IsEmpty()) << "MAPI finds nothing to report either";
  ASSERT_GT(plain.size(), 30u);
  // The libraries are unloaded when libfaulty is, in its own order.
  EXPECT_THAT(Without(wrapped, ": unloaded"), ElementsAreArray(Without(plain, ": unloaded")));
  EXPECT_THAT(
      Only(wrapped, ": unloaded"),
      UnorderedElementsAre("test_ab: unloaded", "test_store: unloaded", "test_xp: unloaded"));
  EXPECT_THAT(subsystem_->last_unload_report(), IsEmpty()) << "nothing held back";
}

TEST_F(FaultyTest, TheWrappedLibraryMayBeNamedRelativeToLibfaulty) {
  const std::string relative =
      std::filesystem::relative(TEST_STORE_PATH, kFaultyDir).generic_string();
  ASSERT_FALSE(relative.empty());
  ASSERT_NE(relative.front(), '/');
  MakeFaultyProfile("Relative", kNoRules, {"FAULTY_STORE"}, relative);
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Relative");
  ComPtr<IMsgStore> store = OpenStore(session.get());
  EXPECT_TRUE(store);
  EXPECT_THAT(Take(), Contains("test_store: MSProviderInit(0, 0x00010010)"));
  store.Reset();
  session.Reset();
  subsystem_->Uninitialize();
  EXPECT_THAT(Take(), Contains("test_store: unloaded"));
}

// ---- Faults in the calls MAPI makes -------------------------------------------------

TEST_F(FaultyTest, AnHrOnIMSLogonLogoffIsReportedAsAFailedLogoff) {
  MakeFaultyProfile("Faulty", StoreRules("IMSLogon::Logoff = hr:MAPI_E_CALL_FAILED"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  EXPECT_THAT(Take(), Contains("test_store: IMSLogon#1::Logoff(0)"))
      << "a logoff method is still called: MAPI counts it as done whatever it returns";
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logoff.succeeds");
  EXPECT_EQ(findings[0].call, "IMSLogon::Logoff");
  EXPECT_THAT(findings[0].who, HasSubstr(LibraryFile(FAULTY_PATH)));
  EXPECT_THAT(findings[0].detail, HasSubstr("MAPI_E_CALL_FAILED"));
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  subsystem_->Uninitialize();
  EXPECT_THAT(RuleIds(), IsEmpty());
}

TEST_F(FaultyTest, TheNthCallOnlyFailsAndALogonFailureReachesTheClient) {
  // The store's first call to OpenProfileSection fails, its logon with it;
  // the second OpenMsgStore works.
  MakeFaultyProfile("Faulty",
                    StoreRules("IMAPISupport::OpenProfileSection#1 = hr:MAPI_E_NOT_FOUND"),
                    {"FAULTY_STORE"});
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Faulty");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<BYTE> eid = AllRows(stores.get())[0].binaries[PR_ENTRYID];
  stores.Reset();
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(MAPI_E_NOT_FOUND));
  EXPECT_THAT(Take(), Contains("test_store: -> IMAPISupport::OpenProfileSection(NULL, "
                               "MAPI_MODIFY) = MAPI_E_NOT_FOUND"));
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_store: -> IMAPISupport::OpenProfileSection(NULL, "
                               "MAPI_MODIFY) = S_OK"));
  store.Reset();
  session.Reset();
  subsystem_->Uninitialize();
  EXPECT_THAT(RuleIds(), IsEmpty());
}

TEST_F(FaultyTest, AThrowingTransportLogoffIsCaughtAndReported) {
  MakeFaultyProfile("Faulty", XpRules("IXPLogon::TransportLogoff = throw"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  ProbeClear();
  TakeFindings();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  Lines lines = Take();
  EXPECT_THAT(lines, Contains("test_xp: IXPLogon#1::TransportLogoff(0)"))
      << "forwarded first: the transport is logged off, then the wrapper throws";
  EXPECT_THAT(lines, Contains("test_xp: IXPProvider#1::Release -> 0"));
  Lines rules;
  for (const Finding& f : TakeFindings()) rules.push_back(f.rule + " " + f.call);
  EXPECT_THAT(rules, Contains("abi.no-exceptions IXPLogon::TransportLogoff"));
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, AHangingLogoffIsLeftBehindAfterTheBoundedWait) {
  UseShortProviderWait(std::chrono::milliseconds(300));
  MakeFaultyProfile("Faulty", AbRules("IABLogon::Logoff = hang:1500"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  ProbeClear();
  TakeFindings();
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(1200))
      << "MAPI did not wait for the hang";
  EXPECT_THAT(Take(), Not(Contains("test_ab: IABLogon#1::Logoff(0)")))
      << "the wrapper sleeps before it forwards";
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logoff.returns");
  EXPECT_EQ(findings[0].call, "IABLogon::Logoff");
  EXPECT_THAT(findings[0].detail, HasSubstr("300 ms"));
  session.Reset();
  subsystem_->Uninitialize();
  Lines kinds;
  for (const HeldObject& h : subsystem_->last_held_objects()) kinds.push_back(h.kind);
  EXPECT_THAT(kinds, Contains("call in flight")) << "libfaulty is held back";
  // The hang is bounded: the wrapped provider gets its Logoff afterwards.
  Lines late;
  for (int i = 0; i < 100; ++i) {
    Lines now = Take();
    late.insert(late.end(), now.begin(), now.end());
    if (std::find(late.begin(), late.end(), "test_ab: IABLogon#1::Logoff(0)") != late.end()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_THAT(late, Contains("test_ab: IABLogon#1::Logoff(0)"));
}

TEST_F(FaultyTest, ALeakedLogonObjectHoldsTheLibraryBackWithAReport) {
  MakeFaultyProfile("Faulty", AbRules("IABProvider::Logon = leak"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  ProbeClear();
  TakeFindings();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_ab: IABLogon#1::Release -> 1"));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logon.released-at-logoff");
  EXPECT_EQ(findings[0].call, "IABLogon::Release");
  session.Reset();
  subsystem_->Uninitialize();
  std::vector<HeldObject> held = subsystem_->last_held_objects();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].library, LibraryFile(FAULTY_PATH));
  EXPECT_EQ(held[0].kind, "IABLogon");
}

TEST_F(FaultyTest, ACallbackFromShutdownReachesAFinishedLogon) {
  // Shutdown has no support object of its own: the callback goes to the
  // support object of the provider's latest logon, which has ended.
  MakeFaultyProfile("Faulty", AbRules("IABProvider::Shutdown = callback:ModifyStatusRow"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  ProbeClear();
  TakeFindings();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_ab: IABProvider#1::Shutdown(0)"));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "support.calls-after-logoff");
  EXPECT_EQ(findings[0].call, "IMAPISupport::ModifyStatusRow");
  EXPECT_THAT(findings[0].who, HasSubstr(LibraryFile(FAULTY_PATH) + " (address book logon #1"));
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, AStoreCallbackFromShutdownReachesAFinishedLogon) {
  // The client's last Release of the store ends its logon and, the store
  // provider having no other logon, shuts it down: the callback from
  // Shutdown reaches the ended logon's support object.
  MakeFaultyProfile("Faulty", StoreRules("IMSProvider::Shutdown = callback:ModifyStatusRow"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  ProbeClear();
  TakeFindings();
  store.Reset();
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#1::Shutdown(0)"));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "support.calls-after-logoff");
  EXPECT_EQ(findings[0].call, "IMAPISupport::ModifyStatusRow");
  EXPECT_THAT(findings[0].who, HasSubstr("(message store logon #"));
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, ACallbackFromInsideLogoffDoesNotDeadlock) {
  MakeFaultyProfile("Faulty", AbRules("IABLogon::Logoff = callback:OpenProfileSection"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  ProbeClear();
  TakeFindings();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_ab: IABProvider#1::Release -> 0"));
  EXPECT_THAT(RuleIds(), IsEmpty()) << "a provider may call MAPI from inside its logoff method";
  session.Reset();
  subsystem_->Uninitialize();
}

// ---- Faults in the calls the provider makes into MAPI -------------------------------

TEST_F(FaultyTest, SkippingStoreLogoffTransportsIsReported) {
  MakeFaultyProfile("Faulty", StoreRules("IMAPISupport::StoreLogoffTransports = skip"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  EXPECT_THAT(Take(), ElementsAre("test_store: IMsgStore#1::StoreLogoff(LOGOFF_ORDERLY)",
                                  "test_store: -> IMAPISupport::StoreLogoffTransports("
                                  "LOGOFF_ORDERLY) = S_OK, out LOGOFF_ORDERLY"))
      << "the provider believes it called; MAPI never saw the call";
  store.Reset();
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "store.slt-once");
  EXPECT_EQ(findings[0].call, "IMAPISupport::StoreLogoffTransports");
  EXPECT_THAT(findings[0].who, HasSubstr(LibraryFile(FAULTY_PATH)));
  EXPECT_THAT(findings[0].detail, HasSubstr("never called"));
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#1::Release -> 0"));
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, RepeatingStoreLogoffTransportsIsReported) {
  MakeFaultyProfile("Faulty", StoreRules("IMAPISupport::StoreLogoffTransports = repeat"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  ULONG flags = LOGOFF_NO_WAIT;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  store.Reset();
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "store.slt-once");
  EXPECT_THAT(findings[0].detail, Not(HasSubstr("never called")));
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#1::Release -> 0"))
      << "the logoff completes all the same";
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, AKeptSupportObjectHoldsTheLibraryBack) {
  MakeFaultyProfile("Faulty", StoreRules("IMAPISupport::Release = keep-support"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  EXPECT_THAT(Take(), Not(Contains("test_store: IMSLogon#1::Logoff(0)")))
      << "MAPI never saw the support object's last release";
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_store: IMSLogon#1::Logoff(0)"));
  std::vector<Finding> findings = TakeFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "logoff.releases-support");
  EXPECT_EQ(findings[0].call, "IMSLogon::Logoff");
  session.Reset();
  subsystem_->Uninitialize();
  std::vector<HeldObject> held = subsystem_->last_held_objects();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].library, LibraryFile(FAULTY_PATH));
  EXPECT_EQ(held[0].kind, "IMAPISupport");
}

TEST_F(FaultyTest, ASupportObjectReleasedTwiceIsReported) {
  MakeFaultyProfile("Faulty", StoreRules("IMAPISupport::Release = release-twice"));
  ComPtr<IMAPISession> session;
  ComPtr<IMsgStore> store;
  Start("Faulty", &session, &store);
  store.Reset();
  EXPECT_THAT(RuleIds(), ElementsAre("support.release-balance"));
  EXPECT_THAT(Take(), Contains("test_store: IMSProvider#1::Release -> 0"));
  session.Reset();
  subsystem_->Uninitialize();
}

// ---- How it starts ----------------------------------------------------------------

// Sets an environment variable for the length of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    SetEnv(name, value);
  }
  ~ScopedEnv() {
    if (old_.empty()) {
      UnsetEnv(name_);
    } else {
      SetEnv(name_, old_);
    }
  }

 private:
  const char* name_;
  std::string old_;
};

TEST_F(FaultyTest, ALibraryTooOldIsRefusedAtTheFirstLogonWithoutTheVariable) {
  ProbeSet("test_store.version", "0x00000010");
  MakeFaultyProfile("Faulty", kNoRules, {"FAULTY_STORE"});
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Faulty");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<BYTE> eid = AllRows(stores.get())[0].binaries[PR_ENTRYID];
  stores.Reset();
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(MAPI_E_VERSION));
  EXPECT_THAT(LastError(session.get(), MAPI_E_VERSION),
              HasSubstr("reports SPI version 0x00000010, older than MAPI's 0x00010010"));
  EXPECT_THAT(Take(), ElementsAre("test_store: loaded", "test_store: MSProviderInit(0, 0x00010010)",
                                  "test_store: IMSProvider#1::Release -> 0"))
      << "released without a logon, as MAPI does (ruling 10)";
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, WithTheVariableTheWrappedEntryPointRunsInsideFaultysOwn) {
  ScopedEnv env(MAPI_EMU_FAULTY_WRAPPED_ENV, TEST_STORE_PATH);
  // The profile names another library: the variable wins.
  MakeFaultyProfile("Faulty", StoreRules("IMAPISupport::StoreLogoffTransports = skip"),
                    {"FAULTY_STORE"}, (root_ / "not_this_one.so").string());
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Faulty");
  ComPtr<IMsgStore> store = OpenStore(session.get());
  ASSERT_TRUE(store);
  Lines lines = Take();
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "test_store: loaded");
  EXPECT_EQ(lines[1], "test_store: MSProviderInit(0, 0x00010010)");
  EXPECT_THAT(lines[2], HasSubstr("IMSProvider#1::Logon(\"Faulty\""));
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  store.Reset();
  EXPECT_THAT(RuleIds(), ElementsAre("store.slt-once")) << "the profile's rules apply";
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, WithTheVariableMapiItselfSeesTheWrappedVersion) {
  ScopedEnv env(MAPI_EMU_FAULTY_WRAPPED_ENV, TEST_STORE_PATH);
  ProbeSet("test_store.version", "0x00000010");
  MakeFaultyProfile("Faulty", kNoRules, {"FAULTY_STORE"});
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Faulty");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<BYTE> eid = AllRows(stores.get())[0].binaries[PR_ENTRYID];
  stores.Reset();
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(MAPI_E_VERSION));
  EXPECT_THAT(LastError(session.get(), MAPI_E_VERSION), HasSubstr("MSProviderInit"));
  EXPECT_THAT(Take(), ElementsAre("test_store: loaded", "test_store: MSProviderInit(0, 0x00010010)",
                                  "test_store: IMSProvider#1::Release -> 0"));
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, ServiceEntryForwardsToTheWrappedLibrary) {
  Profile profile;
  MakeFaultyProfile("Faulty", kNoRules, {"FAULTY_STORE"}, TEST_STORE_PATH, &profile);
  ASSERT_EQ(profile.services.size(), 1u);
  AdminContext admin_context{root_ / "profiles", root_ / "mapisvc.inf", &subsystem_->libraries()};
  auto admin = CreateMsgServiceAdmin(admin_context, "Faulty");
  ASSERT_TRUE(admin.ok()) << admin.status();
  SPropValue name;
  std::memset(&name, 0, sizeof name);
  name.ulPropTag = PR_DISPLAY_NAME_A;
  name.Value.lpszA = const_cast<char*>("Configured Store");
  ProbeClear();
  EXPECT_THAT((*admin)->ConfigureMsgService(&profile.services[0].uid, 0, 0, 1, &name), HrIs(S_OK));
  EXPECT_THAT(Take(), Contains("test_store: ServiceEntry(MSG_SERVICE_CONFIGURE, 0, "
                               "[PR_DISPLAY_NAME_A], admin)"));
}

TEST_F(FaultyTest, NoLibraryToWrapFailsTheLogonSayingWhatToSet) {
  // A service without PR_FAULTY_WRAPPED_LIBRARY: made from an INF without it.
  auto inf = ParseMapiSvcInf(R"([Services]
BARE=Bare

[BARE]
Providers=BARE_PROVIDER

[BARE_PROVIDER]
PR_PROVIDER_DLL_NAME=faulty.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
)",
                             "bare.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  Profile bare("Bare");
  bare.library_dirs = {kFaultyDir.string()};
  ASSERT_TRUE(bare.AddService(*inf, "BARE").ok());
  ASSERT_TRUE(ProfileStore(root_ / "profiles").Save(bare).ok());
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Bare");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<BYTE> eid = AllRows(stores.get())[0].binaries[PR_ENTRYID];
  stores.Reset();
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(MAPI_E_CALL_FAILED));
  EXPECT_THAT(LastError(session.get(), MAPI_E_CALL_FAILED),
              HasSubstr("no library to wrap: set PR_FAULTY_WRAPPED_LIBRARY (0x6710001E) in the "
                        "provider's or its service's profile section, or "
                        "MAPI_EMU_FAULTY_WRAPPED"));
  session.Reset();
  subsystem_->Uninitialize();
}

// ---- Bad settings -------------------------------------------------------------------

TEST_F(FaultyTest, ABadRuleFailsTheLogonWithAClearError) {
  MakeFaultyProfile("Faulty", StoreRules("IMSLogon::Logoff = skip;IMSLogon::Logof = skip"),
                    {"FAULTY_STORE"});
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Faulty");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<BYTE> eid = AllRows(stores.get())[0].binaries[PR_ENTRYID];
  stores.Reset();
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(MAPI_E_CALL_FAILED));
  EXPECT_THAT(LastError(session.get(), MAPI_E_CALL_FAILED),
              AllOf(HasSubstr("IMSProvider::Logon returned MAPI_E_CALL_FAILED"),
                    HasSubstr("faulty: PR_FAULTY_RULES (0x6711001E): rule 2 "
                              "'IMSLogon::Logof = skip', column 11: IMSLogon has no method "
                              "'Logof'")));
  EXPECT_THAT(Take(), Not(Contains("test_store: MSProviderInit(0, 0x00010010)")))
      << "the wrapped library is not even started";
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(FaultyTest, AMissingOrBrokenLibraryFailsTheLogonNamingIt) {
  MakeFaultyProfile("Faulty", kNoRules, {"FAULTY_STORE"}, (root_ / "no_such_provider.so").string());
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Faulty");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<BYTE> eid = AllRows(stores.get())[0].binaries[PR_ENTRYID];
  stores.Reset();
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG | MDB_WRITE, store.Put()),
              HrIs(MAPI_E_CALL_FAILED));
  EXPECT_THAT(LastError(session.get(), MAPI_E_CALL_FAILED),
              HasSubstr("cannot load the wrapped library '" +
                        (root_ / "no_such_provider.so").string() + "'"));
  session.Reset();
  subsystem_->Uninitialize();
}

}  // namespace
}  // namespace mapi_emu
