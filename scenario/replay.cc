#include "scenario/replay.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "scenario/runner.h"
#include "trace/reader.h"

namespace mapi_emu::scenario {
namespace {

using nlohmann::json;

// The script's pieces as the notes hold them, with the trace line of each.
struct ScriptNotes {
  std::optional<json> head;
  int head_line = 0;
  json steps = json::array();
};

absl::Status ReadNote(const trace::TraceReader& reader, const trace::Event& event,
                      ScriptNotes& notes) {
  const auto error = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(reader.name(), ":", reader.line(), ": ", what));
  };
  if (event.what == "client.scenario") {
    if (notes.head) {
      return error(absl::StrCat("a second \"client.scenario\" note (the first is on line ",
                                notes.head_line, "): one trace, one script"));
    }
    if (!event.fields.contains("scenario") || !event.fields["scenario"].is_object()) {
      return error("the \"client.scenario\" note has no \"scenario\" object");
    }
    notes.head = event.fields["scenario"];
    notes.head_line = reader.line();
    return absl::OkStatus();
  }
  // "client.step"
  if (!notes.head) return error("a \"client.step\" note before the \"client.scenario\" note");
  const json& n = event.fields.contains("n") ? event.fields["n"] : json();
  if (!n.is_number_integer() || n.get<int64_t>() != static_cast<int64_t>(notes.steps.size()) + 1) {
    return error(absl::StrCat("the \"client.step\" note should be step ", notes.steps.size() + 1,
                              ", it says ", n.dump()));
  }
  if (!event.fields.contains("step") || !event.fields["step"].is_object()) {
    return error("the \"client.step\" note has no \"step\" object");
  }
  notes.steps.push_back(event.fields["step"]);
  return absl::OkStatus();
}

// A fresh file name in the temporary directory.
std::filesystem::path TemporaryTrace() {
  std::random_device rd;
  return std::filesystem::temp_directory_path() /
         absl::StrCat("mapi_emu_replay_", rd(), "_", rd(), ".jsonl");
}

// The events in the trace at `path` (its lines but the header).
int64_t EventCount(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  int64_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines > 0 ? lines - 1 : 0;
}

// Compares the recorded trace with the new one and reports.
int Compare(const std::string& recorded, const std::string& fresh, const std::string& fresh_name,
            std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> a = trace::TraceReader::Open(recorded);
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> b = trace::TraceReader::Open(fresh);
  if (!a.ok() || !b.ok()) {
    err << "mapi_emu replay: " << (a.ok() ? b.status() : a.status()).message() << "\n";
    return kReplayUnusable;
  }
  absl::StatusOr<std::optional<trace::Divergence>> divergence = trace::CompareTraces(**a, **b);
  if (!divergence.ok()) {
    err << "mapi_emu replay: " << divergence.status().message() << "\n";
    return kReplayUnusable;
  }
  if (!divergence->has_value()) {
    out << "re-driven: " << EventCount(fresh) << " events, identical to the recorded trace\n";
    return kReplaySame;
  }
  out << "re-driven: the new trace differs from the recorded one\n"
      << trace::FormatDivergence(**divergence, recorded, fresh_name);
  return kReplayDiverged;
}

}  // namespace

absl::StatusOr<Scenario> ClientScriptOf(const std::string& path) {
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader = trace::TraceReader::Open(path);
  if (!reader.ok()) return reader.status();
  ScriptNotes notes;
  while (true) {
    absl::StatusOr<std::optional<trace::Event>> event = (*reader)->Next();
    if (!event.ok()) return event.status();
    if (!event->has_value()) break;
    const trace::Event& e = **event;
    if (e.ev != trace::EventKind::kNote) continue;
    if (e.what != "client.scenario" && e.what != "client.step") continue;
    if (absl::Status s = ReadNote(**reader, e, notes); !s.ok()) return s;
  }
  if (!notes.head) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": the trace carries no client script (no \"client.scenario\" note): only a trace "
        "recorded by `mapi_emu run` or `mapi_emu explain SCENARIO` can be re-driven"));
  }
  json script = *notes.head;
  script["steps"] = notes.steps;
  return ParseScenario(script.dump(2), absl::StrCat(path, " (client script)"));
}

int RedriveTrace(const std::string& path, const ReplayOptions& options, std::ostream& out,
                 std::ostream& err) {
  absl::StatusOr<Scenario> script = ClientScriptOf(path);
  if (!script.ok()) {
    err << "mapi_emu replay: " << script.status().message() << "\n";
    return kReplayUnusable;
  }
  out << "replay of " << path << ": scenario " << script->name << ", " << script->steps.size()
      << " steps, re-driven against the providers\n";
  const bool temporary = options.trace_path.empty();
  const std::string fresh = temporary ? TemporaryTrace().string() : options.trace_path;
  RunOptions run_options;
  run_options.providers_dir = options.providers_dir;
  run_options.trace_path = fresh;
  run_options.quiet = !options.verbose;
  std::ostringstream quiet_out;
  const int run = RunScenario(*script, run_options, options.verbose ? out : quiet_out, err);
  int code = kReplayUnusable;
  if (run != kRunUnusable) {
    code = Compare(path, fresh, temporary ? "re-driven" : fresh, out, err);
    if (run == kRunFailed && code == kReplaySame) code = kReplayDiverged;
  }
  if (temporary) {
    std::error_code ignored;
    std::filesystem::remove(fresh, ignored);
  } else if (run != kRunUnusable) {
    out << "new trace written to " << fresh << "\n";
  }
  return code;
}

}  // namespace mapi_emu::scenario
