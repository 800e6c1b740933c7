#include "scenario/runner.h"

#include <map>
#include <memory>
#include <span>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapicode.h"
#include "mapiemu.h"
#include "mapix.h"
#include "scenario/mapi_calls.h"
#include "scenario/run_env.h"
#include "trace/event.h"

namespace mapi_emu::scenario {
namespace {

// What one step did: its HRESULT, what else it reports, and why it failed
// beyond its HRESULT (an expected count, flag or library state).
struct Outcome {
  explicit Outcome(HRESULT result = S_OK, std::string text = "", std::string why = "")
      : hr(result), detail(std::move(text)), mismatch(std::move(why)) {}
  HRESULT hr;
  std::string detail;
  std::string mismatch;
};

std::string FlagText(uint32_t flags, std::span<const trace::FlagName> table) {
  if (flags == 0) return "0";
  std::vector<std::string> names = trace::DecodeFlags(flags, table).get<std::vector<std::string>>();
  return absl::StrJoin(names, "|");
}

std::string FlagArgs(const Step& step) {
  return step.flag_names.empty() ? "0" : absl::StrJoin(step.flag_names, "|");
}

// The step as its printed line names it.
std::string Describe(const Step& step) {
  const std::string made = step.as.empty() ? "" : absl::StrCat(" -> ", step.as);
  switch (step.kind) {
    case StepKind::kLogon:
      return absl::StrCat("MAPILogonEx(", FlagArgs(step), ")", made);
    case StepKind::kOpenMsgStore:
      return absl::StrCat(step.target, ": OpenMsgStore(", step.store, ", ", FlagArgs(step), ")",
                          made);
    case StepKind::kCreateMessage:
      return absl::StrCat(step.target, ": CreateMessage(", step.message.folder, ", \"",
                          step.message.subject, "\")", step.message.submit ? ", submit" : "", made);
    case StepKind::kSpoolerStep:
      return absl::StrCat(step.target, ": SpoolerStep(", step.spooler_step_name, ")");
    case StepKind::kStoreLogoff:
    case StepKind::kLogoff:
      return absl::StrCat(step.target, ": ", step.what, "(", FlagArgs(step), ")");
    case StepKind::kRelease:
      return absl::StrCat(step.target, ": Release");
    case StepKind::kFastShutdown:
      return absl::StrCat(step.target, ": IMAPIClientShutdown");
    case StepKind::kLibraryLoaded:
      return absl::StrCat("LibraryLoaded(", step.library, ")");
    case StepKind::kMapiInitialize:
    case StepKind::kMapiUninitialize:
      break;
  }
  return step.what;
}

std::string CountsText(const MAPIEMU_SPOOLER_COUNTS& c) {
  return absl::StrFormat("sent %u, ndr %u, deferred %u, received %u, unlocked %u", c.ulSent,
                         c.ulNdr, c.ulDeferred, c.ulReceived, c.ulUnlocked);
}

uint32_t CountOf(const MAPIEMU_SPOOLER_COUNTS& c, const std::string& name) {
  if (name == "sent") return c.ulSent;
  if (name == "ndr") return c.ulNdr;
  if (name == "deferred") return c.ulDeferred;
  if (name == "received") return c.ulReceived;
  return c.ulUnlocked;
}

// Releases and forgets `name`; true when it held an object.
template <typename T>
bool Drop(std::map<std::string, ComPtr<T>>& objects, const std::string& name) {
  auto it = objects.find(name);
  if (it == objects.end()) return false;
  const bool held = it->second != nullptr;
  objects.erase(it);
  return held;
}

// The objects a scenario named, each holding the one reference the step
// that made it received.
class Run {
 public:
  Run(const Scenario& scenario, const RunEnvironment& env, std::ostream& out, std::ostream& err,
      bool quiet)
      : scenario_(scenario), env_(env), out_(out), err_(err), quiet_(quiet) {}

  // Runs one step and prints it; false when it failed.
  bool Execute(const Step& step);
  // Releases what the scenario still holds, newest first, then balances its
  // MAPIInitialize calls.
  void CleanUp();

 private:
  Outcome Do(const Step& step);
  std::string Failure(const Step& step, const Outcome& outcome) const;
  Outcome Missing(const std::string& name) const;

  Outcome Logon(const Step& step);
  Outcome OpenStore(const Step& step);
  Outcome CreateMessage(const Step& step);
  Outcome SpoolerStep(const Step& step);
  Outcome StoreLogoff(const Step& step);
  Outcome Release(const Step& step);
  Outcome FastShutdown(const Step& step);
  Outcome LibraryLoaded(const Step& step);

  const Scenario& scenario_;
  const RunEnvironment& env_;
  std::ostream& out_;
  std::ostream& err_;
  const bool quiet_;
  std::map<std::string, ComPtr<IMAPISession>> sessions_;
  std::map<std::string, ComPtr<IMsgStore>> stores_;
  std::map<std::string, ComPtr<IMessage>> messages_;
  std::vector<std::string> made_;  // names in the order they were made
  int initialized_ = 0;            // MAPIInitialize calls not yet balanced
  bool fast_shutdown_ = false;     // DoFastShutdown was called: MAPI is over
};

bool Run::Execute(const Step& step) {
  // The step as written goes into the trace before the calls it makes, so
  // the trace carries its client's script (`mapi_emu replay` reads it back).
  if (!step.source.empty()) {
    MAPIEmuTraceNote("client.step",
                     absl::StrCat("{\"n\":", step.number, ",\"step\":", step.source, "}").c_str());
  }
  Outcome outcome = Do(step);
  const std::string failure = Failure(step, outcome);
  std::string result = ShortHresultName(outcome.hr);
  if (!outcome.detail.empty()) absl::StrAppend(&result, "  ", outcome.detail);
  if (!quiet_) {
    out_ << absl::StrFormat("%3d. %-58s %s%s\n", step.number, Describe(step), result,
                            failure.empty() ? "" : "  <- FAILED");
  }
  if (failure.empty()) return true;
  err_ << scenario_.file << ":" << step.line << ": step " << step.number << " (" << step.what
       << "): " << failure << "\n";
  return false;
}

std::string Run::Failure(const Step& step, const Outcome& outcome) const {
  if (!outcome.mismatch.empty()) return outcome.mismatch;
  if (step.expect) {
    if (outcome.hr == *step.expect) return "";
    return absl::StrCat("expected ", ShortHresultName(*step.expect), ", got ",
                        ShortHresultName(outcome.hr));
  }
  if (SUCCEEDED(outcome.hr)) return "";
  return absl::StrCat("expected success, got ", ShortHresultName(outcome.hr));
}

Outcome Run::Missing(const std::string& name) const {
  return Outcome{
      MAPI_E_INVALID_OBJECT, "",
      absl::StrCat("\"", name, "\" holds no object (the step that was to make it failed)")};
}

Outcome Run::Do(const Step& step) {
  switch (step.kind) {
    case StepKind::kMapiInitialize: {
      HRESULT hr = MAPIInitialize(nullptr);
      if (SUCCEEDED(hr)) ++initialized_;
      return Outcome{hr};
    }
    case StepKind::kMapiUninitialize:
      MAPIUninitialize();
      if (initialized_ > 0) --initialized_;
      return Outcome{S_OK};
    case StepKind::kLogon:
      return Logon(step);
    case StepKind::kOpenMsgStore:
      return OpenStore(step);
    case StepKind::kCreateMessage:
      return CreateMessage(step);
    case StepKind::kSpoolerStep:
      return SpoolerStep(step);
    case StepKind::kStoreLogoff:
      return StoreLogoff(step);
    case StepKind::kRelease:
      return Release(step);
    case StepKind::kLogoff: {
      IMAPISession* session = sessions_[step.target].get();
      if (session == nullptr) return Missing(step.target);
      return Outcome{session->Logoff(0, step.flags, 0)};
    }
    case StepKind::kFastShutdown:
      return FastShutdown(step);
    case StepKind::kLibraryLoaded:
      return LibraryLoaded(step);
  }
  return Outcome{MAPI_E_NO_SUPPORT};
}

Outcome Run::Logon(const Step& step) {
  // MAPI_USE_DEFAULT takes the default profile, which is the run's own.
  const bool by_default = (step.flags & MAPI_USE_DEFAULT) != 0;
  LPTSTR profile = by_default
                       ? nullptr
                       : reinterpret_cast<LPTSTR>(const_cast<char*>(env_.profile_name().c_str()));
  ComPtr<IMAPISession> session;
  HRESULT hr = MAPILogonEx(0, profile, nullptr, step.flags, session.Put());
  sessions_[step.as] = std::move(session);
  made_.push_back(step.as);
  return Outcome{hr};
}

Outcome Run::OpenStore(const Step& step) {
  IMAPISession* session = sessions_[step.target].get();
  if (session == nullptr) return Missing(step.target);
  ComPtr<IMsgStore> store;
  HRESULT hr = scenario::OpenStore(session, step.store, step.flags, &store);
  stores_[step.as] = std::move(store);
  made_.push_back(step.as);
  return Outcome{hr};
}

Outcome Run::CreateMessage(const Step& step) {
  IMsgStore* store = stores_[step.target].get();
  if (store == nullptr) return Missing(step.target);
  ComPtr<IMessage> message;
  HRESULT hr = WriteMessage(store, step.message, env_.data_dir(), &message);
  if (!step.as.empty()) {
    messages_[step.as] = std::move(message);
    made_.push_back(step.as);
  }
  return Outcome{hr};
}

Outcome Run::SpoolerStep(const Step& step) {
  IMAPISession* session = sessions_[step.target].get();
  if (session == nullptr) return Missing(step.target);
  MAPIEMU_SPOOLER_COUNTS counts = {};
  Outcome outcome{MAPIEmuSpoolerStep(session, step.spooler_step, &counts)};
  if (FAILED(outcome.hr)) return outcome;
  outcome.detail = CountsText(counts);
  for (const auto& [name, expected] : step.expect_counts) {
    if (CountOf(counts, name) != expected) {
      outcome.mismatch =
          absl::StrCat("expected ", name, " ", expected, ", got ", CountOf(counts, name));
      break;
    }
  }
  return outcome;
}

Outcome Run::StoreLogoff(const Step& step) {
  IMsgStore* store = stores_[step.target].get();
  if (store == nullptr) return Missing(step.target);
  ULONG flags = step.flags;
  Outcome outcome{store->StoreLogoff(&flags)};
  outcome.detail = absl::StrCat("flags out ", FlagText(flags, trace::LogoffFlags()));
  if (step.expect_flags_out && *step.expect_flags_out != flags && SUCCEEDED(outcome.hr)) {
    outcome.mismatch =
        absl::StrCat("expected flags out ", FlagText(*step.expect_flags_out, trace::LogoffFlags()),
                     ", got ", FlagText(flags, trace::LogoffFlags()));
  }
  return outcome;
}

Outcome Run::Release(const Step& step) {
  // The name is in exactly one of the maps (the parser checked its kind);
  // erasing its ComPtr is the client's Release.
  const bool held =
      Drop(messages_, step.target) || Drop(stores_, step.target) || Drop(sessions_, step.target);
  std::erase(made_, step.target);
  return held ? Outcome{S_OK} : Missing(step.target);
}

Outcome Run::FastShutdown(const Step& step) {
  IMAPISession* session = sessions_[step.target].get();
  if (session == nullptr) return Missing(step.target);
  Outcome outcome;
  outcome.hr = ClientFastShutdown(session, &outcome.detail, &fast_shutdown_);
  return outcome;
}

Outcome Run::LibraryLoaded(const Step& step) {
  const bool loaded = LibraryIsLoaded(step.library);
  Outcome outcome(S_OK, loaded ? "loaded" : "not loaded");
  if (loaded != step.loaded) {
    outcome.mismatch =
        absl::StrCat("expected ", step.library, step.loaded ? " loaded" : " unloaded", ", it is ",
                     loaded ? "loaded" : "not loaded");
  }
  return outcome;
}

// After DoFastShutdown the client calls nothing, not even Release
// (docs/shutdown.md).
template <typename T>
void KeepAll(std::map<std::string, ComPtr<T>>& objects) {
  for (auto& [name, object] : objects) KeepUntilProcessExit(object.Detach());
  objects.clear();
}

void Run::CleanUp() {
  if (fast_shutdown_) {
    KeepAll(sessions_);
    KeepAll(stores_);
    KeepAll(messages_);
    if (!quiet_ && !made_.empty()) {
      out_ << "     clean-up: none after DoFastShutdown (kept until the process ends: "
           << absl::StrJoin(made_, ", ") << ")\n";
    }
    made_.clear();
    return;
  }
  std::vector<std::string> released;
  for (auto it = made_.rbegin(); it != made_.rend(); ++it) {
    if (Drop(messages_, *it) || Drop(stores_, *it) || Drop(sessions_, *it)) {
      released.push_back(*it);
    }
  }
  made_.clear();
  const int uninitialized = initialized_;
  for (; initialized_ > 0; --initialized_) MAPIUninitialize();
  if (quiet_ || (released.empty() && uninitialized == 0)) return;
  std::vector<std::string> done;
  if (!released.empty()) done.push_back(absl::StrCat("released ", absl::StrJoin(released, ", ")));
  if (uninitialized > 0) done.push_back(absl::StrCat("MAPIUninitialize x", uninitialized));
  out_ << "     clean-up: " << absl::StrJoin(done, "; ") << "\n";
}

int Steps(const Scenario& scenario, Run& run, std::ostream& out,
          const std::function<void()>& between_steps) {
  size_t done = 0;
  bool ok = true;
  for (const Step& step : scenario.steps) {
    ++done;
    if (between_steps) between_steps();
    if (!run.Execute(step)) {
      ok = false;
      break;
    }
  }
  if (between_steps) between_steps();
  run.CleanUp();
  if (ok) {
    out << "scenario " << scenario.name << ": " << scenario.steps.size()
        << " steps, all as expected\n";
    return kRunOk;
  }
  const Step& failed = scenario.steps[done - 1];
  out << "scenario " << scenario.name << ": FAILED at step " << failed.number << " of "
      << scenario.steps.size() << " (" << failed.what << ")\n";
  return kRunFailed;
}

}  // namespace

int RunScenario(const Scenario& scenario, const RunOptions& options, std::ostream& out,
                std::ostream& err) {
  absl::StatusOr<std::unique_ptr<RunEnvironment>> env =
      RunEnvironment::Create(scenario, options.providers_dir);
  if (!env.ok()) {
    err << "mapi_emu run: " << env.status().message() << "\n";
    return kRunUnusable;
  }
  if (absl::Status s = (*env)->MakeProfile(scenario); !s.ok()) {
    err << scenario.file << ":" << scenario.profile_line << ": " << s.message() << "\n";
    return kRunFailed;
  }
  const bool tracing = options.trace_stream != nullptr || !options.trace_path.empty();
  if (options.trace_stream != nullptr) {
    MAPIEmuTraceToStream(options.trace_stream, MAPIEMU_TRACE_DETERMINISTIC);
  } else if (!options.trace_path.empty() &&
             MAPIEmuTraceToFile(options.trace_path.c_str(), MAPIEMU_TRACE_DETERMINISTIC) != S_OK) {
    err << "mapi_emu run: cannot create the trace file '" << options.trace_path << "'\n";
    return kRunUnusable;
  }
  if (!scenario.head_source.empty()) {
    MAPIEmuTraceNote("client.scenario",
                     absl::StrCat("{\"scenario\":", scenario.head_source, "}").c_str());
  }
  if (!options.quiet) {
    out << "scenario " << scenario.name
        << (scenario.description.empty() ? "" : ": " + scenario.description) << "\n";
  }
  Run run(scenario, **env, out, err, options.quiet);
  const int code = Steps(scenario, run, out, options.between_steps);
  if (tracing) MAPIEmuTraceStop();
  return code;
}

}  // namespace mapi_emu::scenario
