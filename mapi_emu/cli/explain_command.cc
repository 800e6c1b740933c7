// `mapi_emu explain TRACE|SCENARIO`: narrates a trace step by step in plain
// English (trace/explain.h). A scenario (.json) is run first, quietly, with
// its trace recorded into a temporary file, and that trace is told. Findings
// are told where they happen and do not change the exit code: 0 when the
// story was told, 1 when the scenario's run failed (its trace is still told),
// 2 for bad usage, an unreadable trace or a bad scenario.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "mapi_emu/cli/commands.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "trace/explain.h"
#include "trace/reader.h"

namespace mapi_emu::cli {
namespace {

constexpr const char* kExplainUsage =
    "usage: mapi_emu explain TRACE|SCENARIO.json [--providers DIR] ('-' reads a trace from "
    "standard input)\n";

// Tells the trace `reader` reads; kExitUsage when it cannot be read.
int Tell(trace::TraceReader& reader, std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::string> text = trace::ExplainTrace(reader);
  if (!text.ok()) {
    err << "mapi_emu explain: " << text.status().message() << "\n";
    return kExitUsage;
  }
  out << *text;
  return kExitOk;
}

int TellTrace(const std::string& path, std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader = trace::TraceReader::Open(path);
  if (!reader.ok()) {
    err << "mapi_emu explain: " << reader.status().message() << "\n";
    return kExitUsage;
  }
  return Tell(**reader, out, err);
}

// Runs the scenario at `path` with a trace, then tells the trace.
int TellScenario(const std::string& path, const std::string& providers, std::ostream& out,
                 std::ostream& err) {
  absl::StatusOr<scenario::Scenario> parsed = scenario::LoadScenario(path);
  if (!parsed.ok()) {
    err << "mapi_emu explain: " << parsed.status().message() << "\n";
    return kExitUsage;
  }
  std::random_device rd;
  const std::filesystem::path trace_file =
      std::filesystem::temp_directory_path() /
      ("mapi_emu_explain_" + std::to_string(rd()) + ".jsonl");
  scenario::RunOptions options;
  options.providers_dir = providers;
  options.trace_path = trace_file.string();
  options.quiet = true;
  std::ostringstream run_out;  // the run's summary is not part of the story
  const int run = scenario::RunScenario(*parsed, options, run_out, err);
  int told = kExitUsage;
  if (run != scenario::kRunUnusable) {
    // Told under the scenario's name: the temporary file means nothing.
    std::ifstream in(trace_file);
    trace::TraceReader reader(in, path);
    told = Tell(reader, out, err);
  }
  std::error_code ignored;
  std::filesystem::remove(trace_file, ignored);
  if (run == scenario::kRunUnusable) return kExitUsage;
  if (told != kExitOk) return told;
  return run == scenario::kRunOk ? kExitOk : kExitFailure;
}

}  // namespace

int ExplainCommand(const Args& args, std::ostream& out, std::ostream& err) {
  std::string path;
  std::string providers;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--providers" && i + 1 < args.size()) {
      providers = args[++i];
    } else if (arg.size() > 1 && arg[0] == '-') {
      err << "mapi_emu explain: unknown option '" << arg << "'\n" << kExplainUsage;
      return kExitUsage;
    } else if (path.empty()) {
      path = arg;
    } else {
      err << kExplainUsage;
      return kExitUsage;
    }
  }
  if (path.empty()) {
    err << kExplainUsage;
    return kExitUsage;
  }
  if (absl::EndsWith(path, ".json")) return TellScenario(path, providers, out, err);
  return TellTrace(path, out, err);
}

}  // namespace mapi_emu::cli
