// `mapi_emu replay TRACE [--playback] [--trace OUT.jsonl] [--providers DIR]
// [--verbose]`: re-drives a trace against its provider libraries, or with
// --playback plays it back with stand-ins for them (scenario/replay.h,
// docs/replay.md). Exit 0 when the new trace is identical to TRACE, 1 at the
// first divergence (printed with its context), 2 when TRACE cannot be
// replayed (unreadable, truncated, no client script in it, no stand-in
// library).
#include <string>

#include "mapi_emu/cli/commands.h"
#include "scenario/replay.h"

namespace mapi_emu::cli {
namespace {

constexpr char kReplayUsage[] =
    "mapi_emu replay: usage: mapi_emu replay TRACE [--playback] [--trace OUT.jsonl] "
    "[--providers DIR] [--verbose]\n";

}  // namespace

int ReplayCommand(const Args& args, std::ostream& out, std::ostream& err) {
  std::string trace_path;
  scenario::ReplayOptions options;
  bool playback = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size() && !args[i + 1].empty();
    if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--playback") {
      playback = true;
    } else if (arg == "--trace" && has_value) {
      options.trace_path = args[++i];
    } else if (arg == "--providers" && has_value) {
      options.providers_dir = args[++i];
    } else if (arg.rfind("--", 0) != 0 && trace_path.empty() && !arg.empty()) {
      trace_path = arg;
    } else {
      err << kReplayUsage;
      return kExitUsage;
    }
  }
  if (trace_path.empty()) {
    err << kReplayUsage;
    return kExitUsage;
  }
  if (!options.trace_path.empty() && options.trace_path == trace_path) {
    err << "mapi_emu replay: --trace must name another file than the trace replayed\n";
    return kExitUsage;
  }
  return playback ? scenario::PlaybackTrace(trace_path, options, out, err)
                  : scenario::RedriveTrace(trace_path, options, out, err);
}

}  // namespace mapi_emu::cli
