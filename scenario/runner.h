// Runs a parsed scenario (scenario.h) against the real provider libraries
// through the exported MAPI API, in this process: a fresh profile and data
// directory (run_env.h), one printed line per step, the expectations
// checked, and a summary. Not reentrant: MAPI and the environment are
// process-wide, so one run at a time, from one thread.
#ifndef MAPI_EMU_SCENARIO_RUNNER_H_
#define MAPI_EMU_SCENARIO_RUNNER_H_

#include <functional>
#include <ostream>
#include <string>

#include "scenario/scenario.h"

namespace mapi_emu::scenario {

struct RunOptions {
  // Where the provider libraries and their mapisvc.inf are; empty: as
  // `mapi_emu demo` finds them ($MAPI_EMU_MAPISVC, else the installed file).
  std::string providers_dir;
  // Records the run (from the first step to the end of the clean-up) as a
  // deterministic trace into this file (docs/trace-format.md); empty: none.
  std::string trace_path;
  // Records into this stream instead (it must outlive the run); wins over
  // trace_path. `mapi_emu replay --playback` follows the trace this way.
  std::ostream* trace_stream = nullptr;
  // Runs before each step (before its "client.step" note) and once after the
  // last step, before the clean-up: where playback makes the provider calls
  // the client's work on folders and messages caused.
  std::function<void()> between_steps;
  // Only the summary (and errors) are printed.
  bool quiet = false;
};

// The exit codes of a run (the `mapi_emu` program's).
inline constexpr int kRunOk = 0;
inline constexpr int kRunFailed = 1;    // a step's result differed from what it expects
inline constexpr int kRunUnusable = 2;  // the run could not be set up

// Runs `scenario`: the step lines and the summary go to `out`, failures as
// "FILE:LINE: step N (What): expected X, got Y" to `err`. Stops at the first
// step that fails, then releases what the scenario still holds (newest
// first) and balances its MAPIInitialize calls. Returns an exit code above.
int RunScenario(const Scenario& scenario, const RunOptions& options, std::ostream& out,
                std::ostream& err);

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_RUNNER_H_
