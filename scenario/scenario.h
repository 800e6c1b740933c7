// A scenario: a MAPI client's script (docs/scenarios.md), parsed and checked
// before anything runs. Every step, name and flag is validated here, so the
// runner (runner.h) meets no malformed input. Values only; any thread.
#ifndef MAPI_EMU_SCENARIO_SCENARIO_H_
#define MAPI_EMU_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mapiwin.h"

namespace mapi_emu::scenario {

enum class StepKind {
  kMapiInitialize,
  kMapiUninitialize,
  kLogon,  // MAPILogonEx
  kOpenMsgStore,
  kCreateMessage,
  kSpoolerStep,
  kStoreLogoff,
  kRelease,
  kLogoff,
  kFastShutdown,
  kLibraryLoaded,
};

// What a named object is; a step may only use a name of the kind it needs.
enum class ObjectKind { kSession, kStore, kMessage };
const char* ObjectKindText(ObjectKind kind);  // "session", "store", "message"

struct Recipient {
  std::string type;     // PR_ADDRTYPE, "FILE" for sample_xp
  std::string address;  // PR_EMAIL_ADDRESS; "${data}" is the run's data directory
  std::string name;     // PR_DISPLAY_NAME (the address when not given)
};

struct MessageSpec {
  std::string folder;  // "outbox", "sent", "deleted"
  std::string subject;
  std::string body;
  std::vector<Recipient> to;
  bool submit = false;
};

// The spooler's counts a SpoolerStep checks; only the ones the scenario names.
using SpoolerCounts = std::map<std::string, uint32_t>;  // "sent", "ndr", ...

struct Step {
  int number = 0;  // 1-based
  int line = 0;    // of the step's "{"
  StepKind kind = StepKind::kMapiInitialize;
  std::string what;    // the "do" text: "StoreLogoff"
  std::string target;  // the named object it works on ("session", "store", "object")
  std::string as;      // the name it gives the object it makes ("" for none)
  uint32_t flags = 0;
  std::vector<std::string> flag_names;  // as written, for printing
  std::optional<HRESULT> expect;        // none: any success code passes
  int expect_line = 0;
  std::optional<uint32_t> expect_flags_out;  // StoreLogoff
  std::string store;                         // OpenMsgStore: "default" or a display name
  MessageSpec message;                       // CreateMessage
  uint32_t spooler_step = 0;                 // MAPIEMU_SPOOLER_*
  std::string spooler_step_name;             // "SEND_ALL"
  SpoolerCounts expect_counts;
  std::string library;  // LibraryLoaded: "sample_store"
  bool loaded = false;  // LibraryLoaded: what is expected
  std::string source;   // the step as written, compact JSON (the trace's "client.step")
};

struct Scenario {
  std::string file;  // as given, for messages
  std::string name;
  std::string description;
  // The profile's services (MAPISVC.INF section names); empty with
  // default_profile: the profile is made from [Default Services].
  std::vector<std::string> services;
  bool default_profile = false;
  int profile_line = 0;
  std::map<std::string, std::string> env;
  bool threaded_spooler = false;
  std::vector<Step> steps;
  // The scenario as written without its steps, compact JSON: what a trace's
  // "client.scenario" note holds, so `mapi_emu replay` can run it again.
  std::string head_source;
};

// Parses and checks `text`. An error's message is "FILE:LINE: what is
// wrong" (a JSON syntax error: "FILE:LINE:COLUMN: ...").
absl::StatusOr<Scenario> ParseScenario(std::string_view text, const std::string& file);
// Reads `path` and parses it; an unreadable file is an error naming it.
absl::StatusOr<Scenario> LoadScenario(const std::string& path);

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_SCENARIO_H_
