// Re-driving a trace (`mapi_emu replay`, docs/replay.md): the client's script
// a trace carries -- the "client.scenario" and "client.step" notes that
// `mapi_emu run` writes before its steps -- is run again against the
// provider libraries the script names, recording a new trace, and the new
// trace is compared with the old one event by event. In deterministic mode
// the two are identical on every run and every platform unless a provider,
// the subsystem or the script changed; the first divergence is printed with
// the lines before it. Not reentrant (a scenario run is process-wide).
#ifndef MAPI_EMU_SCENARIO_REPLAY_H_
#define MAPI_EMU_SCENARIO_REPLAY_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "scenario/scenario.h"

namespace mapi_emu::scenario {

// The client's script in the trace at `path`, parsed as a scenario whose
// file is "PATH (client script)". Errors name the trace and its line: an
// unreadable or truncated trace, a trace with no "client.scenario" note (it
// was not recorded by `mapi_emu run`), steps out of order or missing.
absl::StatusOr<Scenario> ClientScriptOf(const std::string& path);

struct ReplayOptions {
  std::string providers_dir;  // as RunOptions::providers_dir
  // Where the new trace goes; empty: a temporary file, removed afterwards.
  std::string trace_path;
  bool verbose = false;  // print the run's step lines as `mapi_emu run` does
};

// The exit codes of a replay (the `mapi_emu` program's).
inline constexpr int kReplaySame = 0;
inline constexpr int kReplayDiverged = 1;  // or a step did not return what it expects
inline constexpr int kReplayUnusable = 2;  // no client script, unreadable trace, no providers

// Re-drives the trace at `path` and compares; the report goes to `out`,
// errors to `err`. Returns an exit code above.
int RedriveTrace(const std::string& path, const ReplayOptions& options, std::ostream& out,
                 std::ostream& err);

// Plays the trace at `path` back (docs/replay.md, scenario/playback.h): the
// client's script runs again, but against stand-ins that answer for the
// providers from the trace itself, so no provider library is needed, only
// the stand-in library (libplayback.so) in options.providers_dir, or beside
// $MAPI_EMU_MAPISVC when that is empty. The new trace is compared with the
// recorded one; the report goes to `out`, errors to `err`. Returns an exit
// code above.
int PlaybackTrace(const std::string& path, const ReplayOptions& options, std::ostream& out,
                  std::ostream& err);

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_REPLAY_H_
