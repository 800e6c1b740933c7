// Traces recorded by the subsystem itself (docs/trace-format.md,
// "Recording"): a whole client lifecycle on the sample providers, through
// the exported API, recorded into a string by MAPIEmuTraceToStream. The
// order of the events that matter to the lifecycle rules, a clean checker
// and byte-identical runs; and nothing at all when tracing is off.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapix.h"
#include "mapiemu.h"
#include "tests/trace/trace_scenario.h"
#include "trace/event.h"

namespace mapi_emu::trace_test {
namespace {

using ::testing::IsEmpty;

// The lifecycle recorded: run only between MAPIEmuTraceToStream and
// MAPIEmuTraceStop.
std::string Record(Scenario& scenario, bool store_logoff) {
  std::ostringstream out;
  EXPECT_EQ(MAPIEmuTraceToStream(&out, MAPIEMU_TRACE_DETERMINISTIC), S_OK);
  scenario.RunLifecycle(store_logoff);
  EXPECT_EQ(MAPIEmuTraceStop(), S_OK);
  return out.str();
}

// The position of the first event at or after `from` that `match` accepts;
// events.size() when none does.
template <typename Match>
size_t Find(const std::vector<trace::Event>& events, size_t from, Match match) {
  for (size_t i = from; i < events.size(); ++i) {
    if (match(events[i])) return i;
  }
  return events.size();
}

bool IsCall(const trace::Event& e, const char* side, const char* method) {
  return e.ev == trace::EventKind::kCall && e.side == side && e.method == method;
}

// Asserts that the matchers' events come in this order, each after the last.
struct Step {
  const char* what;
  std::function<bool(const trace::Event&)> match;
};
void ExpectInOrder(const std::vector<trace::Event>& events, const std::vector<Step>& steps) {
  size_t at = 0;
  for (const Step& step : steps) {
    size_t found = Find(events, at, step.match);
    ASSERT_LT(found, events.size()) << "no " << step.what << " after seq " << at;
    at = found + 1;
  }
}

class TraceRecordTest : public ::testing::Test {
 protected:
  Scenario scenario_;
};

TEST_F(TraceRecordTest, StoreLogoffOrderlyRecordsTheDocumentedOrderAndChecksClean) {
  const std::string text = Record(scenario_, /*store_logoff=*/true);
  const std::vector<trace::Event> events = ReadEvents(text);
  ASSERT_FALSE(events.empty());
  const std::string store = "MsgStore#1";
  size_t logon = Find(events, 0, [](const auto& e) {
    return IsCall(e, "mapi>provider", "Logon") && e.iface == "IMSProvider";
  });
  ASSERT_LT(logon, events.size());
  const std::string support = events[logon].args["support"].get<std::string>();
  ExpectInOrder(
      events,
      {
          {"MAPIInitialize",
           [](const auto& e) { return IsCall(e, "client>mapi", "MAPIInitialize"); }},
          {"MAPILogonEx", [](const auto& e) { return IsCall(e, "client>mapi", "MAPILogonEx"); }},
          {"load of sample_xp",
           [](const auto& e) {
             return e.ev == trace::EventKind::kLoad && e.lib == "sample_xp";
           }},
          {"XPProviderInit",
           [](const auto& e) {
             return e.ev == trace::EventKind::kEntry && e.method == "XPProviderInit";
           }},
          {"TransportLogon",
           [](const auto& e) { return IsCall(e, "mapi>provider", "TransportLogon"); }},
          {"AddressTypes",
           [](const auto& e) { return IsCall(e, "mapi>provider", "AddressTypes"); }},
          {"OpenMsgStore", [](const auto& e) { return IsCall(e, "client>mapi", "OpenMsgStore"); }},
          {"load of sample_store",
           [](const auto& e) {
             return e.ev == trace::EventKind::kLoad && e.lib == "sample_store";
           }},
          {"MSProviderInit",
           [](const auto& e) {
             return e.ev == trace::EventKind::kEntry && e.method == "MSProviderInit";
           }},
          {"IMSProvider::Logon",
           [](const auto& e) {
             return IsCall(e, "mapi>provider", "Logon") && e.iface == "IMSProvider";
           }},
          {"SetProviderUID",
           [](const auto& e) { return IsCall(e, "provider>mapi", "SetProviderUID"); }},
          {"uid.added", [](const auto& e) { return e.what == "uid.added"; }},
          {"SubmitMessage",
           [](const auto& e) { return IsCall(e, "mapi>provider", "SubmitMessage"); }},
          {"EndMessage", [](const auto& e) { return IsCall(e, "mapi>provider", "EndMessage"); }},
          {"FinishedMsg", [](const auto& e) { return IsCall(e, "mapi>provider", "FinishedMsg"); }},
          {"the client's StoreLogoff",
           [&](const auto& e) {
             return IsCall(e, "client>mapi", "StoreLogoff") && e.obj == store &&
                    e.args["flags"] == nlohmann::json::array({"LOGOFF_ORDERLY"});
           }},
          {"the forwarded StoreLogoff",
           [&](const auto& e) {
             return IsCall(e, "mapi>provider", "StoreLogoff") && e.obj == store;
           }},
          {"StoreLogoffTransports(LOGOFF_ORDERLY)",
           [](const auto& e) {
             return IsCall(e, "provider>mapi", "StoreLogoffTransports") &&
                    e.args["flags"] == nlohmann::json::array({"LOGOFF_ORDERLY"});
           }},
          {"its return with LOGOFF_COMPLETE",
           [](const auto& e) {
             return e.ev == trace::EventKind::kReturn && e.method == "StoreLogoffTransports" &&
                    e.result == "S_OK" && trace::HasFlag(e.out["flags"], "LOGOFF_COMPLETE");
           }},
          {"the client's Release of the store",
           [&](const auto& e) { return IsCall(e, "client>mapi", "Release") && e.obj == store; }},
          {"the provider's Release of its support object",
           [&](const auto& e) {
             return IsCall(e, "provider>mapi", "Release") && e.obj == support;
           }},
          {"uid.removed", [](const auto& e) { return e.what == "uid.removed"; }},
          {"status_row.deleted", [](const auto& e) { return e.what == "status_row.deleted"; }},
          {"IMSLogon::Logoff",
           [](const auto& e) {
             return IsCall(e, "mapi>provider", "Logoff") && e.iface == "IMSLogon";
           }},
          {"Release of MSLogon#1 to 0",
           [](const auto& e) {
             return e.ev == trace::EventKind::kReturn && e.obj == "MSLogon#1" &&
                    e.method == "Release" && e.result == 0;
           }},
          {"IMSProvider::Shutdown",
           [](const auto& e) {
             return IsCall(e, "mapi>provider", "Shutdown") && e.iface == "IMSProvider";
           }},
          {"Release of MSProvider#1 to 0",
           [](const auto& e) {
             return e.ev == trace::EventKind::kReturn && e.obj == "MSProvider#1" &&
                    e.method == "Release" && e.result == 0;
           }},
          {"the provider's last Release of its support object returns 0",
           [&](const auto& e) {
             return e.ev == trace::EventKind::kReturn && e.obj == support &&
                    e.method == "Release" && e.result == 0;
           }},
          {"the client's Release of the store returns 0",
           [&](const auto& e) {
             return e.ev == trace::EventKind::kReturn && e.side == "client>mapi" &&
                    e.obj == store && e.method == "Release" && e.result == 0;
           }},
          {"IMAPISession::Logoff",
           [](const auto& e) { return IsCall(e, "client>mapi", "Logoff"); }},
          {"TransportNotify(END)",
           [](const auto& e) {
             return IsCall(e, "mapi>provider", "TransportNotify") &&
                    trace::HasFlag(e.args["flags"], "NOTIFY_END_OUTBOUND");
           }},
          {"TransportLogoff",
           [](const auto& e) { return IsCall(e, "mapi>provider", "TransportLogoff"); }},
          {"IXPProvider::Shutdown",
           [](const auto& e) {
             return IsCall(e, "mapi>provider", "Shutdown") && e.iface == "IXPProvider";
           }},
          {"the session's Release",
           [](const auto& e) {
             return IsCall(e, "client>mapi", "Release") && e.obj == "MAPISession#1";
           }},
          {"MAPIUninitialize",
           [](const auto& e) { return IsCall(e, "client>mapi", "MAPIUninitialize"); }},
          {"unload of sample_store",
           [](const auto& e) {
             return e.ev == trace::EventKind::kUnload && e.lib == "sample_store" &&
                    e.count == 0;
           }},
      });
  // Every thread is the client's: the bounded logoff calls ran on workers
  // but are recorded on the thread that waited for them.
  for (const trace::Event& e : events) ASSERT_EQ(e.thread, "client") << "seq " << e.seq;
  EXPECT_THAT(Errors(CheckTrace(text)), IsEmpty()) << text;
}

TEST_F(TraceRecordTest, ReleaseWithoutStoreLogoffPassesLogoffAbort) {
  const std::string text = Record(scenario_, /*store_logoff=*/false);
  const std::vector<trace::Event> events = ReadEvents(text);
  size_t slt = Find(
      events, 0, [](const auto& e) { return IsCall(e, "provider>mapi", "StoreLogoffTransports"); });
  ASSERT_LT(slt, events.size()) << text;
  EXPECT_EQ(events[slt].args["flags"], nlohmann::json::array({"LOGOFF_ABORT"}));
  EXPECT_EQ(Find(events, 0, [](const auto& e) { return e.method == "StoreLogoff"; }), events.size())
      << "no StoreLogoff in this run";
  size_t release = Find(events, 0, [](const auto& e) {
    return IsCall(e, "client>mapi", "Release") && e.obj == "MsgStore#1";
  });
  EXPECT_LT(release, slt) << "StoreLogoffTransports runs inside the client's Release";
  EXPECT_THAT(Errors(CheckTrace(text)), IsEmpty()) << text;
}

TEST_F(TraceRecordTest, TwoRunsOfTheSameLifecycleAreByteIdentical) {
  // The first logon on a new store makes its files and MAPIUID: not the
  // same calls as later ones, so it is left out.
  scenario_.RunLifecycle(/*store_logoff=*/true);
  const std::string first = Record(scenario_, /*store_logoff=*/true);
  const std::string second = Record(scenario_, /*store_logoff=*/true);
  EXPECT_GT(ReadEvents(first).size(), 100u);
  EXPECT_EQ(first, second);
  // No pointer, path or temporary directory in it.
  EXPECT_EQ(first.find(scenario_.dir().string()), std::string::npos);
  EXPECT_EQ(first.find("0x7f"), std::string::npos);
  EXPECT_EQ(first.find("/tmp"), std::string::npos);
}

TEST_F(TraceRecordTest, OffRecordsNothingAndCreatesNoFile) {
  std::ostringstream out;
  ASSERT_EQ(MAPIEmuTraceToStream(&out, MAPIEMU_TRACE_DETERMINISTIC), S_OK);
  ASSERT_EQ(MAPIEmuTraceStop(), S_OK);
  const std::string header = out.str();
  scenario_.RunLifecycle(/*store_logoff=*/true);
  EXPECT_EQ(out.str(), header) << "no event after MAPIEmuTraceStop";
  EXPECT_EQ(std::count(header.begin(), header.end(), '\n'), 1) << "the header line only";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(scenario_.dir())) {
    EXPECT_NE(entry.path().extension(), ".jsonl") << entry.path();
  }
}

TEST_F(TraceRecordTest, TraceToFileRefusesBadArguments) {
  EXPECT_EQ(MAPIEmuTraceToFile(nullptr, MAPIEMU_TRACE_DETERMINISTIC), MAPI_E_INVALID_PARAMETER);
  EXPECT_EQ(MAPIEmuTraceToFile("x.jsonl", 7), MAPI_E_UNKNOWN_FLAGS);
  EXPECT_EQ(
      MAPIEmuTraceToFile((scenario_.dir() / "no" / "such" / "dir" / "t.jsonl").string().c_str(),
                         MAPIEMU_TRACE_DETERMINISTIC),
      MAPI_E_NOT_FOUND);
}

TEST_F(TraceRecordTest, AFindingOfMapisOwnIsANoteWhereItHappens) {
  std::ostringstream out;
  ASSERT_EQ(MAPIEmuTraceToStream(&out, MAPIEMU_TRACE_DETERMINISTIC), S_OK);
  ASSERT_EQ(MAPIInitialize(nullptr), S_OK);
  LPMAPISESSION session = nullptr;
  char profile[] = "Mail";
  ASSERT_EQ(MAPILogonEx(0, reinterpret_cast<LPTSTR>(profile), nullptr,
                        MAPI_EXTENDED | MAPI_NEW_SESSION, &session),
            S_OK);
  EXPECT_EQ(session->Logoff(0, 0, 0), S_OK);
  LPMAPITABLE stores = nullptr;
  EXPECT_EQ(session->GetMsgStoresTable(0, &stores), MAPI_E_INVALID_OBJECT);
  session->Release();
  MAPIUninitialize();
  ASSERT_EQ(MAPIEmuTraceStop(), S_OK);
  const std::vector<trace::Event> events = ReadEvents(out.str());
  const size_t call = Find(events, 0, [](const auto& e) {
    return IsCall(e, "client>mapi", "GetMsgStoresTable");
  });
  ASSERT_LT(call + 2, events.size()) << out.str();
  const trace::Event& note = events[call + 1];
  EXPECT_EQ(note.what, "finding") << "inside the call that broke the rule";
  EXPECT_EQ(note.fields.value("rule", ""), "session.calls-after-logoff");
  EXPECT_EQ(note.fields.value("call", ""), "IMAPISession::GetMsgStoresTable");
  EXPECT_EQ(note.fields.value("who", ""), "client");
  EXPECT_THAT(note.fields.value("detail", ""), ::testing::HasSubstr("after Logoff; MAPI_E_INVALID_OBJECT"));
  EXPECT_EQ(events[call + 2].ev, trace::EventKind::kReturn);
}

TEST_F(TraceRecordTest, AClientWritesItsOwnNotes) {
  EXPECT_EQ(MAPIEmuTraceNote("client.mark", R"({"phase":1})"), S_FALSE) << "no trace is on";
  std::ostringstream out;
  ASSERT_EQ(MAPIEmuTraceToStream(&out, MAPIEMU_TRACE_DETERMINISTIC), S_OK);
  EXPECT_EQ(MAPIEmuTraceNote("client.mark", R"({"phase":1,"by":"test"})"), S_OK);
  EXPECT_EQ(MAPIEmuTraceNote("client.bare", nullptr), S_OK);
  EXPECT_EQ(MAPIEmuTraceNote("uid.added", nullptr), MAPI_E_INVALID_PARAMETER)
      << "MAPI's own notes are not the client's to write";
  EXPECT_EQ(MAPIEmuTraceNote("client.", nullptr), MAPI_E_INVALID_PARAMETER);
  EXPECT_EQ(MAPIEmuTraceNote(nullptr, nullptr), MAPI_E_INVALID_PARAMETER);
  EXPECT_EQ(MAPIEmuTraceNote("client.mark", "[1,2]"), MAPI_E_INVALID_PARAMETER) << "not an object";
  EXPECT_EQ(MAPIEmuTraceNote("client.mark", "{\"phase\":"), MAPI_E_INVALID_PARAMETER)
      << "not JSON";
  ASSERT_EQ(MAPIEmuTraceStop(), S_OK);
  const std::vector<std::string> lines = absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << out.str();
  EXPECT_EQ(lines[1],
            R"({"seq":1,"thread":"client","ev":"note","what":"client.mark","by":"test","phase":1})");
  EXPECT_EQ(lines[2], R"({"seq":2,"thread":"client","ev":"note","what":"client.bare"})");
}

}  // namespace
}  // namespace mapi_emu::trace_test
