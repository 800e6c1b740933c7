// libtracer through the real loader and subsystem, wrapped around the
// recording test store (tests/providers/README.md): the trace it writes
// reads back line by line, keeps every lifecycle rule trace::Checker knows,
// shows the store's shutdown call by call, is the same byte for byte on a
// second run, and the provider sees what it sees without the tracer. A trace
// that cannot be written is reported and MAPI goes on untraced.
#include "providers/tracer/tracer.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "mapi_emu/base/platform.h"
#include "session/findings.h"
#include "tests/subsystem/subsystem_fixture.h"
#include "trace/checker.h"
#include "trace/reader.h"
#include "trace/writer.h"

namespace mapi_emu {
namespace {

using subsystem_testing::ProviderLines;
using subsystem_testing::SubsystemTest;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Lines = std::vector<std::string>;

const std::filesystem::path kTracerDir = std::filesystem::path(TRACER_PATH).parent_path();

// A MAPISVC.INF with two services that put libtracer ("tracer.dll") around
// the test store and the test transport: the wrapped library in the
// service's section, the output (when not empty) in the providers'.
std::string TracerInf(const std::string& output) {
  const std::string output_line = output.empty() ? std::string() : "6712001E=" + output + "\n";
  return std::string(R"([Services]
TRACER_STORE=Traced Test Store
TRACER_XP=Traced Test Transport

[TRACER_STORE]
PR_DISPLAY_NAME=Traced Test Store
Providers=TRACER_STORE_PROVIDER
PR_SERVICE_DLL_NAME=tracer.dll
PR_SERVICE_ENTRY_NAME=ServiceEntry
6713001E=)") +
         TEST_STORE_PATH + R"(

[TRACER_STORE_PROVIDER]
PR_DISPLAY_NAME=Personal Store
PR_PROVIDER_DISPLAY=Test Store Provider
PR_PROVIDER_DLL_NAME=tracer.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE|STATUS_PRIMARY_IDENTITY
)" + output_line +
         R"(
[TRACER_XP]
PR_DISPLAY_NAME=Traced Test Transport
Providers=TRACER_XP_PROVIDER
PR_SERVICE_DLL_NAME=tracer.dll
6713001E=)" +
         TEST_XP_PATH + R"(

[TRACER_XP_PROVIDER]
PR_DISPLAY_NAME=Test Transport
PR_PROVIDER_DISPLAY=Test XP Provider
PR_PROVIDER_DLL_NAME=tracer.dll
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY
)" + output_line;
}

// One event of a trace, as the tests look at it.
struct Step {
  std::string line;  // the line as written
  trace::Event event;
};

class TracerTest : public SubsystemTest {
 protected:
  void SetUp() override {
    SubsystemTest::SetUp();
    ProcessFindings().Clear();
  }
  void TearDown() override {
    UnsetEnv(MAPI_EMU_TRACER_OUT_ENV);
    ProcessFindings().Clear();
    SubsystemTest::TearDown();
  }

  void MakeTracedProfile(const std::string& name, const std::string& output,
                         const std::vector<std::string>& services = {"TRACER_STORE"}) {
    auto inf = ParseMapiSvcInf(TracerInf(output), "tracer.inf");
    ASSERT_TRUE(inf.ok()) << inf.status();
    Profile profile(name);
    profile.library_dirs = {kTracerDir.string()};
    for (const std::string& s : services) ASSERT_TRUE(profile.AddService(*inf, s).ok()) << s;
    ASSERT_TRUE(ProfileStore(root_ / "profiles").Save(profile).ok());
  }

  // The whole life of a session on `profile` with its store logged off
  // LOGOFF_ORDERLY, released, and the session logged off; every provider
  // line.
  Lines Lifecycle(const std::string& profile, FLAGS logon_flags = MAPI_NO_MAIL) {
    ProbeReset();
    EXPECT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
    ComPtr<IMAPISession> session = Logon(logon_flags, profile);
    ComPtr<IMsgStore> store = OpenStore(session.get());
    if (store) {
      ULONG flags = LOGOFF_ORDERLY;
      EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
      store.Reset();
    }
    EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
    session.Reset();
    subsystem_->Uninitialize();
    return ProviderLines();
  }

  // Reads `path` with the trace reader: every line must parse.
  static std::vector<Step> ReadTrace(const std::filesystem::path& path) {
    std::vector<Step> steps;
    auto reader = trace::TraceReader::Open(path.string());
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return steps;
    absl::Status header = (*reader)->ReadHeader();
    EXPECT_TRUE(header.ok()) << header;
    for (;;) {
      absl::StatusOr<std::optional<trace::Event>> next = (*reader)->Next();
      EXPECT_TRUE(next.ok()) << next.status();
      if (!next.ok() || !next->has_value()) break;
      steps.push_back(Step{(*reader)->text(), std::move(**next)});
    }
    return steps;
  }

  static Lines RuleIds() {
    Lines out;
    for (const Finding& f : ProcessFindings().All()) out.push_back(f.rule);
    ProcessFindings().Clear();
    return out;
  }

  static std::vector<trace::Finding> Check(const std::vector<Step>& steps) {
    trace::Checker checker;
    for (const Step& s : steps) checker.Observe(s.event);
    checker.Finish();
    return checker.TakeFindings();
  }

  static std::string FileText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

// "call mapi>provider IMsgStore::StoreLogoff MsgStore#1 {"flags":[...]}":
// a short form of an event to compare sequences with.
std::string Short(const trace::Event& e) {
  std::string text = std::string(trace::EventKindText(e.ev)) + " " + e.side + " " +
                     trace::CallName(e) + (e.obj.empty() ? "" : " " + e.obj);
  if (e.ev == trace::EventKind::kCall || e.ev == trace::EventKind::kEntry) {
    text += " " + e.args.dump();
  } else if (e.ev == trace::EventKind::kReturn) {
    text += " = " + e.result.dump();
    if (!e.out.is_null()) text += " " + e.out.dump();
  }
  return text;
}

Lines Shorts(const std::vector<Step>& steps) {
  Lines out;
  for (const Step& s : steps) out.push_back(Short(s.event));
  return out;
}

// Whether `want` occur in `have` in this order (others may come between).
::testing::AssertionResult InOrder(const Lines& have, const Lines& want) {
  size_t next = 0;
  for (const std::string& line : have) {
    if (next < want.size() && line == want[next]) ++next;
  }
  if (next == want.size()) return ::testing::AssertionSuccess();
  std::string all;
  for (const std::string& line : have) all += "  " + line + "\n";
  return ::testing::AssertionFailure() << "missing, in order: '" << want[next] << "'; the trace:\n"
                                       << all;
}

TEST_F(TracerTest, AStoreShutdownIsRecordedCallByCallAndKeepsTheRules) {
  const std::filesystem::path out = root_ / "store.jsonl";
  MakeTracedProfile("Traced", out.string());
  Lifecycle("Traced");
  EXPECT_THAT(RuleIds(), IsEmpty()) << "MAPI finds nothing to report";

  const std::vector<Step> steps = ReadTrace(out);
  ASSERT_GT(steps.size(), 20u);
  for (const trace::Finding& f : Check(steps)) {
    ADD_FAILURE() << f.rule << " at seq " << f.seq << " on " << f.object << ": " << f.detail;
  }
  const Lines shorts = Shorts(steps);
  EXPECT_TRUE(InOrder(
      shorts,
      {R"(entry mapi>provider MSProviderInit {"flags":[],"mapi_ver":"0x00010010","type":"MAPI_STORE_PROVIDER"})",
       R"(return mapi>provider MSProviderInit = "S_OK" {"provider":"MSProvider#1","version":"0x00010010"})",
       R"(call mapi>provider IMSProvider::Logon MSProvider#1 {"flags":["0x00000001","0x00000004"],"support":"MAPISupport#1"})",
       R"(call provider>mapi IMAPISupport::AddRef MAPISupport#1 {})",
       R"(return provider>mapi IMAPISupport::AddRef MAPISupport#1 = 1)",
       R"(return mapi>provider IMSProvider::Logon MSProvider#1 = "S_OK" {"logon":"MSLogon#1","store":"MsgStore#1"})",
       R"(call mapi>provider IMsgStore::StoreLogoff MsgStore#1 {"flags":["LOGOFF_ORDERLY"]})",
       R"(call provider>mapi IMAPISupport::StoreLogoffTransports MAPISupport#1 {"flags":["LOGOFF_ORDERLY"]})",
       R"(return provider>mapi IMAPISupport::StoreLogoffTransports MAPISupport#1 = "S_OK" {"flags":["LOGOFF_COMPLETE"]})",
       R"(return mapi>provider IMsgStore::StoreLogoff MsgStore#1 = "S_OK" {"flags":[]})",
       // The client's Release of the store: inside it the store lets go of
       // its support object, and MAPI ends the logon and the provider.
       R"(call mapi>provider IMsgStore::Release MsgStore#1 {})",
       R"(call provider>mapi IMAPISupport::Release MAPISupport#1 {})",
       R"(call mapi>provider IMSLogon::Logoff MSLogon#1 {"flags":[]})",
       R"(return mapi>provider IMSLogon::Logoff MSLogon#1 = "S_OK")",
       R"(return mapi>provider IMSLogon::Release MSLogon#1 = 0)",
       R"(call mapi>provider IMSProvider::Shutdown MSProvider#1 {"flags":[]})",
       R"(return mapi>provider IMSProvider::Shutdown MSProvider#1 = "S_OK")",
       R"(call mapi>provider IMSProvider::Release MSProvider#1 {})",
       R"(return mapi>provider IMSProvider::Release MSProvider#1 = 0)",
       R"(return provider>mapi IMAPISupport::Release MAPISupport#1 = 0)"}));
  EXPECT_EQ(shorts.back(), R"(return mapi>provider IMsgStore::Release MsgStore#1 = 0)")
      << "the client's last Release of the store ends the trace";
  EXPECT_EQ(steps.front().event.lib, "test_store") << "the wrapped library, by its platform-neutral name";
  // No pointers or paths: every object is named by kind and order.
  for (const Step& s : steps) {
    EXPECT_THAT(s.line, Not(HasSubstr(root_.string()))) << s.line;
    EXPECT_THAT(s.line, Not(HasSubstr("0x7f"))) << s.line;
  }
}

TEST_F(TracerTest, AStoreAndATransportShareOneTrace) {
  const std::filesystem::path out = root_ / "mail.jsonl";
  MakeTracedProfile("Mail", out.string(), {"TRACER_STORE", "TRACER_XP"});
  Lifecycle("Mail", 0);
  EXPECT_THAT(RuleIds(), IsEmpty());
  const std::vector<Step> steps = ReadTrace(out);
  const Lines shorts = Shorts(steps);
  EXPECT_TRUE(InOrder(
      shorts,
      {R"(entry mapi>provider XPProviderInit {"flags":[],"mapi_ver":"0x00010010","type":"MAPI_TRANSPORT_PROVIDER"})",
       R"(call mapi>provider IXPProvider::TransportLogon XPProvider#1 {"flags":["LOGON_NO_DIALOG"],"support":"MAPISupport#1"})",
       R"(return mapi>provider IXPProvider::TransportLogon XPProvider#1 = "S_OK" {"flags":[],"logon":"XPLogon#1"})",
       R"(call mapi>provider IXPLogon::TransportNotify XPLogon#1 {"flags":["NOTIFY_BEGIN_INBOUND","NOTIFY_BEGIN_OUTBOUND"]})",
       R"(entry mapi>provider MSProviderInit {"flags":[],"mapi_ver":"0x00010010","type":"MAPI_STORE_PROVIDER"})",
       R"(call mapi>provider IMSProvider::Logon MSProvider#1 {"flags":["0x00000001","0x00000004"],"support":"MAPISupport#2"})",
       R"(call mapi>provider IMSProvider::SpoolerLogon MSProvider#1 {"flags":["0x00000001","0x00000004"],"support":"MAPISupport#3"})",
       R"(call provider>mapi IMAPISupport::StoreLogoffTransports MAPISupport#2 {"flags":["LOGOFF_ORDERLY"]})",
       R"(call mapi>provider IMSProvider::Shutdown MSProvider#1 {"flags":[]})",
       R"(call mapi>provider IXPLogon::TransportNotify XPLogon#1 {"flags":["NOTIFY_END_INBOUND","NOTIFY_END_OUTBOUND"]})",
       R"(call mapi>provider IXPLogon::TransportLogoff XPLogon#1 {"flags":[]})",
       R"(call mapi>provider IXPProvider::Shutdown XPProvider#1 {"flags":[]})",
       R"(return mapi>provider IXPProvider::Release XPProvider#1 = 0)"}));
  // mapi_emu makes TransportLogoff and IXPProvider::Shutdown each on a
  // thread of its own that the client's thread waits for (bounded calls,
  // session/provider_call.cc), then releases the provider on the client's
  // thread. A provider cannot tell that thread from another client thread,
  // so the trace has "client-2" and "client-3"; the checker accepts the
  // Release after Shutdown from the thread that waited.
  std::vector<std::string> found;
  for (const trace::Finding& f : Check(steps)) found.push_back(f.rule + " " + f.object);
  EXPECT_THAT(found, IsEmpty());
  std::set<std::string> threads;
  for (const Step& s : steps) threads.insert(s.event.thread);
  EXPECT_THAT(threads, ElementsAre("client", "client-2", "client-3"));
}

TEST_F(TracerTest, TheStoreSeesExactlyWhatItSeesWithoutTheTracer) {
  MakeProfile("Mail", {"TEST_STORE"});
  const Lines plain = Lifecycle("Mail");
  ASSERT_THAT(RuleIds(), IsEmpty());
  // The same profile name: the store sees it.
  MakeTracedProfile("Mail", (root_ / "mail.jsonl").string());
  const Lines traced = Lifecycle("Mail");
  EXPECT_THAT(RuleIds(), IsEmpty());
  ASSERT_GT(plain.size(), 10u);
  EXPECT_THAT(traced, ElementsAreArray(plain));
  EXPECT_THAT(traced, Contains("test_store: unloaded")) << "libtracer lets the store go";
  EXPECT_THAT(subsystem_->last_unload_report(), IsEmpty()) << "nothing held back";
}

TEST_F(TracerTest, TwoRunsWriteTheSameBytes) {
  // The store and the transport: the client's thread and MAPI's bounded-call
  // threads too.
  MakeTracedProfile("First", (root_ / "first.jsonl").string(), {"TRACER_STORE", "TRACER_XP"});
  MakeTracedProfile("Second", (root_ / "second.jsonl").string(), {"TRACER_STORE", "TRACER_XP"});
  Lifecycle("First", 0);
  Lifecycle("Second", 0);
  const std::string first = FileText(root_ / "first.jsonl");
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, FileText(root_ / "second.jsonl"));
}

TEST_F(TracerTest, ATraceThatCannotBeWrittenIsReportedAndTheStoreWorksOn) {
  const std::filesystem::path bad = root_ / "no_such_dir" / "store.jsonl";
  MakeTracedProfile("Traced", bad.string());
  ::testing::internal::CaptureStderr();
  const Lines lines = Lifecycle("Traced");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, HasSubstr("tracer: cannot write the trace: "));
  EXPECT_THAT(err, HasSubstr((std::filesystem::path("no_such_dir") / "store.jsonl").string()));
  EXPECT_THAT(err, HasSubstr("not recording (the provider works on)"));
  EXPECT_FALSE(std::filesystem::exists(bad));
  EXPECT_THAT(lines, Contains(HasSubstr("StoreLogoff"))) << "the store was used";
  EXPECT_THAT(lines, Contains("test_store: unloaded"));
  EXPECT_THAT(RuleIds(), IsEmpty()) << "MAPI is not broken by the tracer";
}

TEST_F(TracerTest, TheEnvironmentNamesTheTraceOnlyWhenTheProfileDoesNot) {
  const std::filesystem::path from_env = root_ / "env.jsonl";
  SetEnv(MAPI_EMU_TRACER_OUT_ENV, from_env.string());
  MakeTracedProfile("Env", "");
  Lifecycle("Env");
  EXPECT_TRUE(Check(ReadTrace(from_env)).empty());
  std::filesystem::remove(from_env);
  const std::filesystem::path from_profile = root_ / "profile.jsonl";
  MakeTracedProfile("Profile", from_profile.string());
  Lifecycle("Profile");
  EXPECT_FALSE(std::filesystem::exists(from_env)) << "the profile's property wins";
  EXPECT_FALSE(ReadTrace(from_profile).empty());
}

}  // namespace
}  // namespace mapi_emu
