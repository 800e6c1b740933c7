// `mapi_emu run SCENARIO.json [--trace OUT.jsonl] [--quiet] [--providers DIR]`:
// plays a scenario (docs/scenarios.md) against the real provider libraries
// in this process and prints one line per step and a summary. A bad
// scenario is exit 2 with "FILE:LINE: what is wrong"; a step whose result
// differs from what it expects is exit 1.
#include <string>

#include "mapi_emu/cli/commands.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

namespace mapi_emu::cli {
namespace {

constexpr char kRunUsage[] =
    "mapi_emu run: usage: mapi_emu run SCENARIO.json [--trace OUT.jsonl] [--quiet] "
    "[--providers DIR]\n";

struct RunArgs {
  std::string scenario;
  scenario::RunOptions options;
};

// False (after printing the usage) for arguments it does not understand.
bool ParseRunArgs(const Args& args, RunArgs& out, std::ostream& err) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size() && !args[i + 1].empty();
    if (arg == "--quiet") {
      out.options.quiet = true;
    } else if (arg == "--trace" && has_value) {
      out.options.trace_path = args[++i];
    } else if (arg == "--providers" && has_value) {
      out.options.providers_dir = args[++i];
    } else if (arg.rfind("--", 0) != 0 && out.scenario.empty() && !arg.empty()) {
      out.scenario = arg;
    } else {
      err << kRunUsage;
      return false;
    }
  }
  if (out.scenario.empty()) {
    err << kRunUsage;
    return false;
  }
  return true;
}

}  // namespace

int RunCommand(const Args& args, std::ostream& out, std::ostream& err) {
  RunArgs run;
  if (!ParseRunArgs(args, run, err)) return kExitUsage;
  absl::StatusOr<scenario::Scenario> parsed = scenario::LoadScenario(run.scenario);
  if (!parsed.ok()) {
    err << parsed.status().message() << "\n";
    return kExitUsage;
  }
  const int code = scenario::RunScenario(*parsed, run.options, out, err);
  if (code != scenario::kRunUnusable && !run.options.trace_path.empty() && !run.options.quiet) {
    out << "trace written to " << run.options.trace_path << "\n";
  }
  return code;
}

}  // namespace mapi_emu::cli
