#include "trace/checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include "mapi_emu/base/contract_rules.h"
#include "trace/reader.h"
#include "trace/trace_builder_test.h"

namespace mapi_emu::trace {

void PrintTo(const Finding& f, std::ostream* os) {
  *os << f.rule << " seq " << f.seq << " " << f.object << ": " << f.detail;
}

namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::TraceBuilder;
using Json = nlohmann::json;

const Json kNoFlags = Json::array();
Json Flags(std::initializer_list<const char*> names) {
  Json flags = Json::array();
  for (const char* name : names) flags.push_back(name);
  return flags;
}

std::vector<std::string> AllRules(const std::vector<Finding>& findings) {
  std::vector<std::string> rules;
  for (const Finding& f : findings) rules.push_back(f.rule);
  return rules;
}
// The rules found, but the warning every trace that stops before
// MAPIUninitialize gets.
std::vector<std::string> Rules(const std::vector<Finding>& findings) {
  std::vector<std::string> rules;
  for (const Finding& f : findings) {
    if (f.rule != "process.init-balance") rules.push_back(f.rule);
  }
  return rules;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& f : findings) {
    text += f.rule + " seq " + std::to_string(f.seq) + " " + f.object + ": " + f.detail + "\n";
  }
  return text;
}

constexpr char kStoreLib[] = "libsample_store.so";
constexpr char kXpLib[] = "libsample_xp.so";
constexpr char kSession[] = "MAPISession#1";

// One process: MAPIInitialize, a session, a store logon and/or a transport
// logon, and the documented way out. Each step can be changed by a test.
struct World {
  TraceBuilder t;

  void Start() {
    t.CallRet("client>mapi", "", "MAPIInitialize", "", {{"init", nullptr}}, "S_OK");
    t.CallRet("client>mapi", "", "MAPILogonEx", "", {{"flags", Flags({"MAPI_EXTENDED"})}}, "S_OK",
              {{"session", kSession}});
  }

  // Loads the store library and creates MSProvider#n.
  void LoadStore(const std::string& provider = "MSProvider#1", int count = 1,
                 const char* entry = "MSProviderInit", const char* type = "MAPI_STORE_PROVIDER") {
    t.Library(true, kStoreLib, count);
    uint64_t init =
        t.Entry(entry, kStoreLib, {{"session", kSession}, {"type", type}, {"flags", kNoFlags}});
    t.Ret(init, "S_OK", {{"provider", provider}, {"version", "0x00010010"}});
  }

  // IMSProvider::Logon with a fresh support object; the provider AddRefs it,
  // registers a UID and adds its status row.
  void StoreLogon(bool addref = true, const std::string& result = "S_OK") {
    uint64_t logon = t.Call("mapi>provider", "IMSProvider", "Logon", "MSProvider#1",
                            {{"support", "MAPISupport#1"}, {"flags", kNoFlags}});
    if (addref) t.CallRet("provider>mapi", "IMAPISupport", "AddRef", "MAPISupport#1", {}, 1);
    t.CallRet("provider>mapi", "IMAPISupport", "SetProviderUID", "MAPISupport#1",
              {{"flags", kNoFlags}}, "S_OK");
    t.Note("uid.added", "MAPISupport#1", {{"uid", "{00000000-0000-0000-0000-000000000001}"}});
    t.CallRet("provider>mapi", "IMAPISupport", "ModifyStatusRow", "MAPISupport#1",
              {{"flags", kNoFlags}}, "S_OK");
    t.Note("status_row.added", "MAPISupport#1");
    t.Ret(logon, result, {{"logon", "MSLogon#1"}, {"store", "MsgStore#1"}});
  }

  // IMsgStore::StoreLogoff(flags) through MAPI's wrapper; the store calls
  // StoreLogoffTransports(slt) at once (null: not at all).
  void StoreLogoff(const Json& flags, const Json& slt) {
    uint64_t client =
        t.Call("client>mapi", "IMsgStore", "StoreLogoff", "MsgStore#1", {{"flags", flags}});
    uint64_t forward =
        t.Call("mapi>provider", "IMsgStore", "StoreLogoff", "MsgStore#1", {{"flags", flags}});
    if (!slt.is_null()) Slt(slt);
    t.Ret(forward, "S_OK", {{"flags", kNoFlags}});
    t.Ret(client, "S_OK", {{"flags", kNoFlags}});
  }

  void Slt(const Json& flags) {
    uint64_t call = t.Call("provider>mapi", "IMAPISupport", "StoreLogoffTransports",
                           "MAPISupport#1", {{"flags", flags}});
    t.Ret(call, "S_OK", {{"flags", Flags({"LOGOFF_COMPLETE"})}});
  }

  // The client's final Release of the store: the store calls
  // StoreLogoffTransports(slt) if slt is not null, then releases its support
  // object, and MAPI does ruling 2's steps (`mapi_steps`, default in order).
  void ReleaseStore(const Json& slt, std::function<void()> mapi_steps = nullptr) {
    uint64_t client = t.Call("client>mapi", "IMsgStore", "Release", "MsgStore#1", {});
    uint64_t forward = t.Call("mapi>provider", "IMsgStore", "Release", "MsgStore#1", {});
    if (!slt.is_null()) Slt(slt);
    uint64_t release = t.Call("provider>mapi", "IMAPISupport", "Release", "MAPISupport#1", {});
    if (mapi_steps) {
      mapi_steps();
    } else {
      Ruling2Steps();
    }
    t.Ret(release, 0);
    t.Ret(forward, 0);
    t.Ret(client, 0);
  }

  void Ruling2Steps() {
    t.Note("uid.removed", "MAPISupport#1", {{"uid", "{00000000-0000-0000-0000-000000000001}"}});
    t.Note("status_row.deleted", "MAPISupport#1");
    MsLogoff();
    ReleaseLogon("MSLogon#1");
  }
  void MsLogoff(const Json& flags = kNoFlags, const char* result = "S_OK") {
    t.CallRet("mapi>provider", "IMSLogon", "Logoff", "MSLogon#1", {{"flags", flags}}, result);
  }
  void ReleaseLogon(const std::string& logon, int refs = 0) {
    t.CallRet("mapi>provider", "IUnknown", "Release", logon, {}, refs);
  }

  void Shutdown(const std::string& provider, const char* iface = "IMSProvider",
                const Json& flags = kNoFlags, const char* result = "S_OK", int refs = 0) {
    t.CallRet("mapi>provider", iface, "Shutdown", provider, {{"flags", flags}}, result);
    t.CallRet("mapi>provider", "IUnknown", "Release", provider, {}, refs);
  }

  void End(const std::vector<std::string>& unload = {kStoreLib}) {
    t.CallRet("client>mapi", "IMAPISession", "Logoff", kSession,
              {{"flags", kNoFlags}, {"reserved", 0}}, "S_OK");
    t.CallRet("client>mapi", "IMAPISession", "Release", kSession, {}, 0);
    t.CallRet("client>mapi", "", "MAPIUninitialize", "", {}, "S_OK");
    for (const std::string& lib : unload) t.Library(false, lib, 0);
  }

  // The whole store path: StoreLogoff(ORDERLY), Release, Shutdown.
  void StorePath() {
    Start();
    LoadStore();
    StoreLogon();
    StoreLogoff(Flags({"LOGOFF_ORDERLY"}), Flags({"LOGOFF_ORDERLY"}));
    ReleaseStore(nullptr);
    Shutdown("MSProvider#1");
    End();
  }

  // A transport: XPProviderInit, TransportLogon returning `xp_flags`.
  void LoadTransport(const Json& xp_flags = Flags({"LOGON_SP_POLL"}), bool addresstypes = true) {
    t.Library(true, kXpLib, 1);
    uint64_t init = t.Entry("XPProviderInit", kXpLib,
                            {{"session", kSession}, {"type", "MAPI_TRANSPORT_PROVIDER"}});
    t.Ret(init, "S_OK", {{"provider", "XPProvider#1"}, {"version", "0x00010010"}});
    uint64_t logon = t.Call("mapi>provider", "IXPProvider", "TransportLogon", "XPProvider#1",
                            {{"support", "MAPISupport#2"}, {"flags", kNoFlags}});
    t.CallRet("provider>mapi", "IMAPISupport", "AddRef", "MAPISupport#2", {}, 1);
    t.Ret(logon, "S_OK", {{"logon", "XPLogon#1"}, {"flags", xp_flags}});
    if (addresstypes) {
      t.CallRet("mapi>provider", "IXPLogon", "AddressTypes", "XPLogon#1", {{"flags", kNoFlags}},
                "S_OK", {{"types", Json::array({"SMTP"})}});
    }
  }
  void Submit(int ref, const char* result, bool end) {
    t.CallRet("mapi>provider", "IXPLogon", "SubmitMessage", "XPLogon#1",
              {{"flags", kNoFlags}, {"msg_ref", ref}}, result);
    if (end) {
      t.CallRet("mapi>provider", "IXPLogon", "EndMessage", "XPLogon#1", {{"msg_ref", ref}}, "S_OK",
                {{"flags", kNoFlags}});
    }
  }
  // Session Logoff's part for the transport: TransportLogoff (which releases
  // the support object), Release, Shutdown, Release.
  void TransportOff(const Json& flags = kNoFlags) {
    uint64_t off =
        t.Call("mapi>provider", "IXPLogon", "TransportLogoff", "XPLogon#1", {{"flags", flags}});
    t.CallRet("provider>mapi", "IMAPISupport", "Release", "MAPISupport#2", {}, 0);
    t.Ret(off, "S_OK");
    ReleaseLogon("XPLogon#1");
    Shutdown("XPProvider#1", "IXPProvider");
  }
  void TransportPath(std::function<void()> work = nullptr) {
    Start();
    LoadTransport();
    if (work) {
      work();
    } else {
      Submit(1, "S_OK", true);
    }
    TransportOff();
    End({kXpLib});
  }

  std::vector<Finding> Check() const { return t.Check(); }
};

// ---------------------------------------------------------------------------
// The documented paths break no rule.

TEST(CheckerTest, TheStoreLogoffPathIsClean) {
  World w;
  w.StorePath();
  EXPECT_THAT(w.Check(), IsEmpty()) << Describe(w.Check());
}

TEST(CheckerTest, ReleaseWithoutStoreLogoffWithAbortIsClean) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.ReleaseStore(Flags({"LOGOFF_ABORT"}));
  w.Shutdown("MSProvider#1");
  w.End();
  EXPECT_THAT(w.Check(), IsEmpty()) << Describe(w.Check());
}

TEST(CheckerTest, TheTransportPathIsClean) {
  World w;
  w.TransportPath([&] {
    w.Submit(1, "S_OK", true);
    w.Submit(2, "MAPI_E_BUSY", false);
    w.Submit(2, "S_OK", true);
    w.t.CallRet("mapi>provider", "IXPLogon", "Poll", "XPLogon#1", {}, "S_OK", {{"incoming", 0}});
    w.t.CallRet("mapi>provider", "IXPLogon", "TransportNotify", "XPLogon#1",
                {{"flags", Flags({"NOTIFY_BEGIN_OUTBOUND"})}}, "S_OK",
                {{"flags", Flags({"NOTIFY_BEGIN_OUTBOUND"})}});
  });
  EXPECT_THAT(w.Check(), IsEmpty()) << Describe(w.Check());
}

TEST(CheckerTest, EveryRuleTheCheckerReportsIsInTheTable) {
  for (const std::string& id : CheckerRuleIds()) {
    EXPECT_NE(FindContractRule(id), nullptr) << id;
  }
}

TEST(CheckerTest, AFindingCarriesItsRuleSeqObjectStatementAndPage) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.StoreLogoff(Flags({"LOGOFF_ORDERLY"}), Flags({"LOGOFF_PURGE"}));
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), Contains("store.slt-same-flag"));
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, "store.slt-same-flag");
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.object, "MsgStore#1");
  EXPECT_EQ(w.t.events()[f.seq - 1].method, "StoreLogoffTransports");
  EXPECT_EQ(f.detail,
            "the client passed LOGOFF_ORDERLY to StoreLogoff, the store passed LOGOFF_PURGE");
  EXPECT_THAT(f.statement, ::testing::HasSubstr("StoreLogoffTransports gets the flag"));
  EXPECT_THAT(f.page, ::testing::HasSubstr("imapisupport-storelogofftransports.md"));
}

// ---------------------------------------------------------------------------
// One rule at a time: a trace that breaks it (the clean traces above are the
// ones that do not, unless a test says otherwise).

TEST(CheckerRuleTest, ReturnMatchesCall) {
  TraceBuilder t;
  uint64_t outer = t.Call("client>mapi", "", "MAPIInitialize", "", {});
  t.Call("client>mapi", "IMAPISession", "Logoff", kSession, {});
  t.Ret(outer, "S_OK");
  EXPECT_THAT(Rules(t.Check()), Contains("trace.return-matches-call"));

  TraceBuilder ok;
  uint64_t call = ok.Call("client>mapi", "", "MAPIInitialize", "", {});
  ok.Ret(call, "S_OK");
  EXPECT_THAT(Rules(ok.Check()), Not(Contains("trace.return-matches-call")));
}

TEST(CheckerRuleTest, InitBalance) {
  World w;
  w.Start();
  EXPECT_THAT(AllRules(w.Check()), ElementsAre("process.init-balance"));

  World twice;
  twice.StorePath();
  twice.t.CallRet("client>mapi", "", "MAPIUninitialize", "", {}, "S_OK");
  EXPECT_THAT(AllRules(twice.Check()), ElementsAre("process.init-balance"));
}

TEST(CheckerRuleTest, CallsAfterFastShutdown) {
  World w;
  w.Start();
  w.t.CallRet("client>mapi", "IMAPIClientShutdown", "DoFastShutdown", kSession, {}, "S_OK");
  EXPECT_THAT(w.Check(), IsEmpty()) << Describe(w.Check());
  w.t.CallRet("client>mapi", "", "MAPIUninitialize", "", {}, "S_OK");
  EXPECT_THAT(Rules(w.Check()), ElementsAre("process.calls-after-fast-shutdown"));
}

TEST(CheckerRuleTest, SessionCallsAfterLogoff) {
  World w;
  w.Start();
  w.t.CallRet("client>mapi", "IMAPISession", "Logoff", kSession, {{"flags", kNoFlags}}, "S_OK");
  w.t.CallRet("client>mapi", "IMAPISession", "OpenMsgStore", kSession, {}, "MAPI_E_INVALID_OBJECT");
  w.t.CallRet("client>mapi", "IMAPISession", "Release", kSession, {}, 0);
  w.t.CallRet("client>mapi", "", "MAPIUninitialize", "", {}, "S_OK");
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("session.calls-after-logoff"));
  EXPECT_EQ(findings[0].detail, "IMAPISession::OpenMsgStore after IMAPISession::Logoff returned");
}

TEST(CheckerRuleTest, EntryPointKind) {
  World w;
  w.Start();
  w.LoadStore("MSProvider#1", 1, "XPProviderInit", "MAPI_STORE_PROVIDER");
  EXPECT_THAT(Rules(w.Check()), Contains("load.entry-point-kind"));

  World returns_wrong_kind;
  returns_wrong_kind.Start();
  returns_wrong_kind.LoadStore("XPProvider#1");
  EXPECT_THAT(Rules(returns_wrong_kind.Check()), Contains("load.entry-point-kind"));
}

TEST(CheckerRuleTest, OneProviderPerSessionPerLibrary) {
  World w;
  w.Start();
  w.LoadStore("MSProvider#1", 1);
  w.LoadStore("MSProvider#2", 2);
  EXPECT_THAT(Rules(w.Check()), Contains("load.one-provider-per-session"));

  // After the first one is shut down and released, a new one is fine.
  World again;
  again.Start();
  again.LoadStore("MSProvider#1", 1);
  again.Shutdown("MSProvider#1");
  again.LoadStore("MSProvider#2", 2);
  EXPECT_THAT(Rules(again.Check()), Not(Contains("load.one-provider-per-session")));
}

TEST(CheckerRuleTest, FreeLibraryCountsAndLiveObjects) {
  World early;
  early.Start();
  early.LoadStore();
  early.StoreLogon();
  early.t.Library(false, kStoreLib, 0);
  std::vector<Finding> findings = early.Check();
  ASSERT_THAT(Rules(findings), Contains("library.free-after-objects"));
  EXPECT_EQ(findings[0].detail,
            "libsample_store.so unloaded while MSProvider#1, MSLogon#1 are alive");

  World never_freed;
  never_freed.Start();
  never_freed.LoadStore();
  never_freed.Shutdown("MSProvider#1");
  never_freed.End({});
  EXPECT_THAT(Rules(never_freed.Check()), ElementsAre("library.free-after-objects"));

  World held = std::move(never_freed);
  held.t.Note("held", "", {{"lib", kStoreLib}});
  EXPECT_THAT(held.Check(), IsEmpty());

  World twice;
  twice.StorePath();
  twice.t.Library(false, kStoreLib, 0);
  EXPECT_THAT(Rules(twice.Check()), ElementsAre("library.free-after-objects"));
}

TEST(CheckerRuleTest, LogonAddRefsSupport) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon(/*addref=*/false);
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), Contains("logon.addrefs-support"));
  EXPECT_EQ(findings[0].object, "MSLogon#1");

  World failed;  // a failed logon owes no AddRef
  failed.Start();
  failed.LoadStore();
  failed.StoreLogon(/*addref=*/false, "MAPI_E_LOGON_FAILED");
  EXPECT_THAT(Rules(failed.Check()), Not(Contains("logon.addrefs-support")));

  // SpoolerLogon hands back the client logon's pair, which already holds its
  // support reference: no AddRef is owed on the spooler's support object.
  World spooler;
  spooler.Start();
  spooler.LoadStore();
  spooler.StoreLogon();
  uint64_t call = spooler.t.Call("mapi>provider", "IMSProvider", "SpoolerLogon", "MSProvider#1",
                                 {{"support", "MAPISupport#2"}, {"flags", kNoFlags}});
  spooler.t.Ret(call, "S_OK", {{"logon", "MSLogon#1"}, {"store", "MsgStore#1"}});
  EXPECT_THAT(Rules(spooler.Check()), Not(Contains("logon.addrefs-support")));
}

TEST(CheckerRuleTest, StoreLogoffOneFlag) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.StoreLogoff(Flags({"LOGOFF_ORDERLY", "LOGOFF_QUIET"}), Flags({"LOGOFF_ORDERLY"}));
  EXPECT_THAT(Rules(w.Check()), Contains("store.storelogoff-one-flag"));
}

TEST(CheckerRuleTest, SltOneFlag) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.ReleaseStore(kNoFlags);
  EXPECT_THAT(Rules(w.Check()), Contains("store.slt-one-flag"));
}

TEST(CheckerRuleTest, SltOnce) {
  World twice;
  twice.Start();
  twice.LoadStore();
  twice.StoreLogon();
  twice.StoreLogoff(Flags({"LOGOFF_ORDERLY"}), Flags({"LOGOFF_ORDERLY"}));
  twice.ReleaseStore(Flags({"LOGOFF_ABORT"}));
  std::vector<Finding> findings = twice.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("store.slt-once"));
  EXPECT_EQ(findings[0].detail, "StoreLogoffTransports called again (call 2 for this store logon)");

  World never;
  never.Start();
  never.LoadStore();
  never.StoreLogon();
  never.ReleaseStore(nullptr);
  findings = never.Check();
  ASSERT_THAT(Rules(findings), Contains("store.slt-once"));
  EXPECT_THAT(findings[0].detail, ::testing::HasSubstr("without a call"));

  // Ruling 1: a store may defer the call to its final Release.
  World deferred;
  deferred.Start();
  deferred.LoadStore();
  deferred.StoreLogon();
  deferred.StoreLogoff(Flags({"LOGOFF_NO_WAIT"}), nullptr);
  deferred.ReleaseStore(Flags({"LOGOFF_NO_WAIT"}));
  EXPECT_THAT(Rules(deferred.Check()), IsEmpty()) << Describe(deferred.Check());
}

TEST(CheckerRuleTest, SltAbortOnRelease) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.ReleaseStore(Flags({"LOGOFF_ORDERLY"}));
  EXPECT_THAT(Rules(w.Check()), ElementsAre("store.slt-abort-on-release"));
}

TEST(CheckerRuleTest, SltSameFlag) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.StoreLogoff(Flags({"LOGOFF_QUIET"}), Flags({"LOGOFF_ABORT"}));
  EXPECT_THAT(Rules(w.Check()), ElementsAre("store.slt-same-flag"));
}

TEST(CheckerRuleTest, CallsAfterLogoffComplete) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.StoreLogoff(Flags({"LOGOFF_ORDERLY"}), Flags({"LOGOFF_ORDERLY"}));
  // Reported once, though MAPI forwards it to the provider.
  uint64_t call = w.t.Call("client>mapi", "IMsgStore", "GetReceiveFolder", "MsgStore#1", {});
  w.t.CallRet("mapi>provider", "IMsgStore", "GetReceiveFolder", "MsgStore#1", {},
              "MAPI_E_INVALID_OBJECT");
  w.t.Ret(call, "MAPI_E_INVALID_OBJECT");
  w.ReleaseStore(nullptr);
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("store.calls-after-logoff-complete"));
  EXPECT_EQ(findings[0].detail,
            "IMsgStore::GetReceiveFolder after StoreLogoffTransports returned LOGOFF_COMPLETE");
}

TEST(CheckerRuleTest, FinalReleaseOrder) {
  World logoff_first;
  logoff_first.Start();
  logoff_first.LoadStore();
  logoff_first.StoreLogon();
  logoff_first.ReleaseStore(Flags({"LOGOFF_ABORT"}), [&] {
    logoff_first.MsLogoff();
    logoff_first.t.Note("uid.removed", "MAPISupport#1");
    logoff_first.t.Note("status_row.deleted", "MAPISupport#1");
    logoff_first.ReleaseLogon("MSLogon#1");
  });
  std::vector<Finding> findings = logoff_first.Check();
  EXPECT_THAT(Rules(findings),
              ElementsAre("store.final-release-order", "store.final-release-order"));
  EXPECT_EQ(findings[0].detail, "IMSLogon::Logoff before the store's MAPIUIDs were removed");

  World release_first;
  release_first.Start();
  release_first.LoadStore();
  release_first.StoreLogon();
  release_first.ReleaseStore(Flags({"LOGOFF_ABORT"}), [&] {
    release_first.t.Note("uid.removed", "MAPISupport#1");
    release_first.t.Note("status_row.deleted", "MAPISupport#1");
    release_first.ReleaseLogon("MSLogon#1", 1);
  });
  EXPECT_THAT(Rules(release_first.Check()), Contains("store.final-release-order"));
}

TEST(CheckerRuleTest, LogoffZeroFlags) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.ReleaseStore(Flags({"LOGOFF_ABORT"}), [&] {
    w.t.Note("uid.removed", "MAPISupport#1");
    w.t.Note("status_row.deleted", "MAPISupport#1");
    w.MsLogoff(nullptr);
    w.ReleaseLogon("MSLogon#1");
  });
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("logoff.zero-flags"));
  EXPECT_EQ(findings[0].detail, "IMSLogon::Logoff got a NULL pointer instead of a pointer to 0");

  World transport;
  transport.Start();
  transport.LoadTransport();
  transport.TransportOff(Flags({"LOGOFF_NORMAL"}));
  EXPECT_THAT(Rules(transport.Check()), Contains("logoff.zero-flags"));
}

TEST(CheckerRuleTest, LogoffSucceeds) {
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.ReleaseStore(Flags({"LOGOFF_ABORT"}), [&] {
    w.t.Note("uid.removed", "MAPISupport#1");
    w.t.Note("status_row.deleted", "MAPISupport#1");
    w.MsLogoff(kNoFlags, "MAPI_E_CALL_FAILED");
    w.ReleaseLogon("MSLogon#1");
  });
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("logoff.succeeds"));
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
}

TEST(CheckerRuleTest, LogoffReleasesSupportAndLogonReleasedAtLogoff) {
  // Session logoff of a transport that keeps its support object and its
  // own reference to the logon.
  World w;
  w.Start();
  w.LoadTransport();
  w.t.CallRet("mapi>provider", "IXPLogon", "TransportLogoff", "XPLogon#1", {{"flags", kNoFlags}},
              "S_OK");
  w.ReleaseLogon("XPLogon#1", 1);
  EXPECT_THAT(Rules(w.Check()), ElementsAre("logoff.releases-support", "logon.released-at-logoff"));
}

TEST(CheckerRuleTest, SupportReleaseBalance) {
  // IMSLogon::Logoff releases the support object again inside its final
  // release (ruling 2 forbids it).
  World w;
  w.Start();
  w.LoadStore();
  w.StoreLogon();
  w.ReleaseStore(Flags({"LOGOFF_ABORT"}), [&] {
    w.t.Note("uid.removed", "MAPISupport#1");
    w.t.Note("status_row.deleted", "MAPISupport#1");
    uint64_t off =
        w.t.Call("mapi>provider", "IMSLogon", "Logoff", "MSLogon#1", {{"flags", kNoFlags}});
    w.t.CallRet("provider>mapi", "IMAPISupport", "Release", "MAPISupport#1", {}, 0);
    w.t.Ret(off, "S_OK");
    w.ReleaseLogon("MSLogon#1");
  });
  EXPECT_THAT(Rules(w.Check()), ElementsAre("support.release-balance"));

  World after;  // a Release after the count reached 0
  after.Start();
  after.LoadTransport();
  uint64_t off = after.t.Call("mapi>provider", "IXPLogon", "TransportLogoff", "XPLogon#1",
                              {{"flags", kNoFlags}});
  after.t.CallRet("provider>mapi", "IMAPISupport", "Release", "MAPISupport#2", {}, 0);
  after.t.CallRet("provider>mapi", "IMAPISupport", "Release", "MAPISupport#2", {}, 0);
  after.t.Ret(off, "S_OK");
  EXPECT_THAT(Rules(after.Check()), ElementsAre("support.release-balance"));
}

TEST(CheckerRuleTest, SupportCallsAfterLogoff) {
  World w;
  w.Start();
  w.LoadTransport();
  uint64_t off =
      w.t.Call("mapi>provider", "IXPLogon", "TransportLogoff", "XPLogon#1", {{"flags", kNoFlags}});
  w.t.CallRet("provider>mapi", "IMAPISupport", "Release", "MAPISupport#2", {}, 0);
  w.t.CallRet("provider>mapi", "IMAPISupport", "ModifyStatusRow", "MAPISupport#2", {},
              "MAPI_E_INVALID_OBJECT");
  w.t.Ret(off, "S_OK");
  EXPECT_THAT(Rules(w.Check()), ElementsAre("support.calls-after-logoff"));
}

TEST(CheckerRuleTest, ShutdownNoLiveLogonsOnceAndReleaseFollows) {
  World live;
  live.Start();
  live.LoadStore();
  live.StoreLogon();
  live.Shutdown("MSProvider#1");
  EXPECT_THAT(Rules(live.Check()), Contains("shutdown.no-live-logons"));

  World twice;
  twice.Start();
  twice.LoadStore();
  twice.t.CallRet("mapi>provider", "IMSProvider", "Shutdown", "MSProvider#1", {{"flags", kNoFlags}},
                  "S_OK");
  twice.Shutdown("MSProvider#1");
  std::vector<std::string> rules = Rules(twice.Check());
  EXPECT_THAT(rules, Contains("shutdown.once"));
  EXPECT_THAT(rules, Contains("shutdown.release-follows"));

  World no_release;
  no_release.Start();
  no_release.LoadStore();
  no_release.t.CallRet("mapi>provider", "IMSProvider", "Shutdown", "MSProvider#1",
                       {{"flags", kNoFlags}}, "S_OK");
  EXPECT_THAT(Rules(no_release.Check()), Contains("shutdown.release-follows"));

  // A bounded Shutdown on a worker thread, the Release from the thread that
  // waited for it: what a provider-side recorder sees.
  World worker;
  worker.Start();
  worker.LoadStore();
  uint64_t shutdown = worker.t.Call("mapi>provider", "IMSProvider", "Shutdown", "MSProvider#1",
                                    {{"flags", kNoFlags}}, "client-2");
  worker.t.Ret(shutdown, "S_OK");
  worker.t.CallRet("mapi>provider", "IUnknown", "Release", "MSProvider#1", {}, 0);
  EXPECT_THAT(Rules(worker.Check()), Not(Contains("shutdown.release-follows")));
}

TEST(CheckerRuleTest, ShutdownSucceeds) {
  World w;
  w.Start();
  w.LoadStore();
  w.Shutdown("MSProvider#1", "IMSProvider", kNoFlags, "MAPI_E_CALL_FAILED");
  w.End();
  std::vector<Finding> findings = w.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("shutdown.succeeds"));
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
}

TEST(CheckerRuleTest, ProviderCallsAfterShutdownAndReleasedAtShutdown) {
  World w;
  w.Start();
  w.LoadStore();
  w.Shutdown("MSProvider#1", "IMSProvider", kNoFlags, "S_OK", /*refs=*/1);
  w.t.CallRet("mapi>provider", "IMSProvider", "Logon", "MSProvider#1",
              {{"support", "MAPISupport#9"}}, "MAPI_E_CALL_FAILED");
  EXPECT_THAT(Rules(w.Check()),
              ElementsAre("provider.released-at-shutdown", "provider.calls-after-shutdown"));
}

TEST(CheckerRuleTest, TransportCallsAfterLogoff) {
  World w;
  w.TransportPath([&] {
    uint64_t off = w.t.Call("mapi>provider", "IXPLogon", "TransportLogoff", "XPLogon#1",
                            {{"flags", kNoFlags}});
    w.t.Ret(off, "S_OK");
    w.t.CallRet("mapi>provider", "IXPLogon", "Poll", "XPLogon#1", {}, "S_OK");
  });
  EXPECT_THAT(Rules(w.Check()), Contains("transport.calls-after-logoff"));
}

TEST(CheckerRuleTest, AddressTypesFirst) {
  World w;
  w.Start();
  w.LoadTransport(Flags({"LOGON_SP_POLL"}), /*addresstypes=*/false);
  w.t.CallRet("mapi>provider", "IXPLogon", "Poll", "XPLogon#1", {}, "S_OK");
  EXPECT_THAT(Rules(w.Check()), Contains("transport.addresstypes-first"));

  World logoff_only;  // a logon the spooler never used may simply log off
  logoff_only.Start();
  logoff_only.LoadTransport(Flags({"LOGON_SP_POLL"}), /*addresstypes=*/false);
  logoff_only.TransportOff();
  logoff_only.End({kXpLib});
  EXPECT_THAT(logoff_only.Check(), IsEmpty()) << Describe(logoff_only.Check());
}

TEST(CheckerRuleTest, PollAndIdleNeedTheirFlags) {
  World w;
  w.TransportPath([&] {
    w.t.CallRet("mapi>provider", "IXPLogon", "Idle", "XPLogon#1", {{"flags", kNoFlags}}, "S_OK");
  });
  EXPECT_THAT(Rules(w.Check()), ElementsAre("transport.poll-idle-flags"));

  World poll;
  poll.Start();
  poll.LoadTransport(Flags({"LOGON_SP_IDLE"}));
  poll.t.CallRet("mapi>provider", "IXPLogon", "Idle", "XPLogon#1", {{"flags", kNoFlags}}, "S_OK");
  poll.t.CallRet("mapi>provider", "IXPLogon", "Poll", "XPLogon#1", {}, "S_OK");
  EXPECT_THAT(Rules(poll.Check()), ElementsAre("transport.poll-idle-flags"));
}

TEST(CheckerRuleTest, SubmitMessageAndEndMessage) {
  World busy;
  busy.TransportPath([&] { busy.Submit(4, "MAPI_E_BUSY", true); });
  EXPECT_THAT(Rules(busy.Check()), ElementsAre("transport.submit-endmessage"));

  World not_me;
  not_me.TransportPath([&] { not_me.Submit(4, "MAPI_E_NOT_ME", true); });
  EXPECT_THAT(Rules(not_me.Check()), ElementsAre("transport.submit-endmessage"));

  World missing;
  missing.TransportPath([&] {
    missing.Submit(1, "S_OK", false);
    missing.Submit(2, "S_OK", true);
  });
  std::vector<Finding> findings = missing.Check();
  ASSERT_THAT(Rules(findings), ElementsAre("transport.submit-endmessage"));
  EXPECT_THAT(findings[0].detail, ::testing::HasSubstr("msg_ref 1"));

  World other_ref;
  other_ref.TransportPath([&] {
    other_ref.t.CallRet("mapi>provider", "IXPLogon", "SubmitMessage", "XPLogon#1", {{"msg_ref", 1}},
                        "S_OK");
    other_ref.t.CallRet("mapi>provider", "IXPLogon", "EndMessage", "XPLogon#1", {{"msg_ref", 2}},
                        "S_OK");
  });
  EXPECT_THAT(Rules(other_ref.Check()), ElementsAre("transport.submit-endmessage"));
}

TEST(CheckerRuleTest, TransportNotifyFlags) {
  World changed;
  changed.TransportPath([&] {
    changed.t.CallRet("mapi>provider", "IXPLogon", "TransportNotify", "XPLogon#1",
                      {{"flags", Flags({"NOTIFY_BEGIN_INBOUND"})}}, "S_OK", {{"flags", kNoFlags}});
  });
  EXPECT_THAT(Rules(changed.Check()), ElementsAre("transport.notify-flags"));

  World both;
  both.TransportPath([&] {
    const Json flags = Flags({"NOTIFY_BEGIN_OUTBOUND", "NOTIFY_END_OUTBOUND"});
    both.t.CallRet("mapi>provider", "IXPLogon", "TransportNotify", "XPLogon#1", {{"flags", flags}},
                   "S_OK", {{"flags", flags}});
  });
  EXPECT_THAT(Rules(both.Check()), ElementsAre("transport.notify-flags"));
}

// ---------------------------------------------------------------------------
// Memory follows what is alive: a long trace of sessions that come and go.

TEST(CheckerStreamingTest, TwoHundredThousandEventsInBoundedState) {
  Checker checker;
  uint64_t seq = 0;
  size_t max_state = 0;
  uint64_t events = 0;
  std::vector<Finding> findings;
  int round = 0;
  while (events < 200000) {
    ++round;
    // Each round: a store path and a transport path with a few messages, in
    // a fresh world whose objects have fresh names.
    World w;
    w.StorePath();
    w.TransportPath([&] {
      for (int i = 0; i < 20; ++i) w.Submit(i, "S_OK", true);
    });
    const uint64_t base = seq;
    for (Event e : w.t.events()) {
      e.seq += base;
      seq = e.seq;
      if (e.ev == EventKind::kReturn) e.call += base;
      auto rename = [&](std::string& name) {
        if (name.find('#') != std::string::npos) name += "_" + std::to_string(round);
      };
      rename(e.obj);
      for (const char* key : {"support", "session"}) {
        if (e.args.is_object() && e.args.contains(key)) {
          std::string value = e.args[key];
          rename(value);
          e.args[key] = value;
        }
      }
      for (const char* key : {"logon", "store", "provider", "session"}) {
        if (e.out.is_object() && e.out.contains(key)) {
          std::string value = e.out[key];
          rename(value);
          e.out[key] = value;
        }
      }
      checker.Observe(e);
      ++events;
      for (Finding& f : checker.TakeFindings()) findings.push_back(std::move(f));
      max_state = std::max(max_state, checker.live_state());
    }
  }
  checker.Finish();
  for (Finding& f : checker.TakeFindings()) findings.push_back(std::move(f));
  RecordProperty("events", std::to_string(events));
  RecordProperty("max_live_state", std::to_string(max_state));
  EXPECT_GE(events, 200000u);
  EXPECT_THAT(findings, IsEmpty()) << Describe(findings);
  // A handful of objects, open calls and two libraries: never the trace.
  EXPECT_LE(max_state, 16u);
}

}  // namespace
}  // namespace mapi_emu::trace
