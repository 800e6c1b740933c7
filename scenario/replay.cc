#include "scenario/replay.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "mapiemu.h"
#include "scenario/playback.h"
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

// A fresh name in the temporary directory: "<stem>_<random>_<random><suffix>".
std::filesystem::path TemporaryName(const std::string& stem, const std::string& suffix) {
  std::random_device rd;
  return std::filesystem::temp_directory_path() / absl::StrCat(stem, "_", rd(), "_", rd(), suffix);
}

// A library's file name on this platform: "libNAME.so", "NAME.dll".
std::string LibraryFile(const std::string& name) {
#if defined(_WIN32)
  return absl::StrCat(name, ".dll");
#else
  return absl::StrCat("lib", name, ".so");
#endif
}

// The events in the trace at `path` (its lines but the header).
int64_t EventCount(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  int64_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines > 0 ? lines - 1 : 0;
}

// Compares the recorded trace with the new one (`fresh`, read from
// `fresh_in` when given, else from the file) and reports; `how` is
// "re-driven" or "played back".
int Compare(const std::string& recorded, const std::string& fresh, const std::string& fresh_name,
            const std::string& how, std::ostream& out, std::ostream& err,
            std::istream* fresh_in = nullptr) {
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> a = trace::TraceReader::Open(recorded);
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> b =
      fresh_in != nullptr ? std::make_unique<trace::TraceReader>(*fresh_in, fresh_name)
                          : trace::TraceReader::Open(fresh);
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
    out << how << ": " << EventCount(recorded) << " events, identical to the recorded trace\n";
    return kReplaySame;
  }
  out << how << ": the new trace differs from the recorded one\n"
      << trace::FormatDivergence(**divergence, recorded, fresh_name);
  return kReplayDiverged;
}

// Where the stand-in library is: --providers DIR, else beside $MAPI_EMU_MAPISVC.
absl::StatusOr<std::filesystem::path> StandInLibrary(const std::string& providers_dir) {
  std::filesystem::path dir = providers_dir;
  if (dir.empty()) {
    const char* inf = std::getenv("MAPI_EMU_MAPISVC");
    if (inf != nullptr && *inf != 0) dir = std::filesystem::path(inf).parent_path();
  }
  if (dir.empty()) {
    return absl::InvalidArgumentError(
        "playback needs the stand-in provider library: name its directory with --providers DIR");
  }
  const std::filesystem::path library = dir / LibraryFile("playback");
  if (!std::filesystem::is_regular_file(library)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--providers ", dir.string(), ": no stand-in provider library ",
        library.filename().string(), " there (providers/playback builds it)"));
  }
  return std::filesystem::absolute(library);
}

// The MAPISVC.INF of the stand-in profile: each recorded service with the
// provider sections the trace saw entered, each in a copy of the stand-in
// library named as the recorded one; a service of the script whose providers
// the trace never entered gets one message-store section no one opens.
std::string StandInInf(const playback::Player& player, const Scenario& script) {
  std::vector<std::string> services = player.Services();
  for (const std::string& s : script.services) {
    if (std::find(services.begin(), services.end(), s) == services.end()) services.push_back(s);
  }
  std::string inf = "; made by mapi_emu replay --playback\n[Services]\n";
  for (const std::string& s : services) absl::StrAppend(&inf, s, "=", s, "\n");
  absl::StrAppend(&inf, "[Default Services]\n");
  for (const std::string& s : services) absl::StrAppend(&inf, s, "=", s, "\n");
  bool default_store = false;
  std::string sections;
  for (const std::string& service : services) {
    std::vector<std::string> names;
    bool has_default = false;
    for (const playback::RecordedLibrary& library : player.libraries()) {
      if (library.service != service) continue;
      const std::string section = library.section.empty()
                                      ? absl::StrCat(service, "_", library.name, "_",
                                                     library.entry.substr(0, 2))
                                      : library.section;
      names.push_back(section);
      const bool store = library.entry == "MSProviderInit";
      const char* type = store                                  ? "MAPI_STORE_PROVIDER"
                         : library.entry == "ABProviderInit" ? "MAPI_AB_PROVIDER"
                                                                : "MAPI_TRANSPORT_PROVIDER";
      absl::StrAppend(&sections, "[", section, "]\nPR_DISPLAY_NAME=", section,
                      "\nPR_PROVIDER_DISPLAY=", section, "\nPR_PROVIDER_DLL_NAME=", library.name,
                      ".dll\nPR_RESOURCE_TYPE=", type, "\n");
      if (store && !default_store) {
        absl::StrAppend(&sections, "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE\n");
        default_store = has_default = true;
      }
    }
    if (names.empty()) {
      names.push_back(absl::StrCat(service, "_UNSEEN"));
      absl::StrAppend(&sections, "[", names.back(), "]\nPR_DISPLAY_NAME=", service,
                      "\nPR_PROVIDER_DLL_NAME=playback_unseen.dll\nPR_RESOURCE_TYPE="
                      "MAPI_STORE_PROVIDER\n");
    }
    absl::StrAppend(&inf, "[", service, "]\nPR_DISPLAY_NAME=", service,
                    "\nProviders=", absl::StrJoin(names, ","), "\n");
    if (has_default) absl::StrAppend(&inf, "PR_RESOURCE_FLAGS=SERVICE_DEFAULT_STORE\n");
  }
  return absl::StrCat(inf, sections);
}

// A directory of its own under the temporary directory, removed with it.
class TemporaryDirectory {
 public:
  TemporaryDirectory() : path_(TemporaryName("mapi_emu_playback", "")) {
    std::filesystem::create_directories(path_);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

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
  const std::string fresh = temporary ? TemporaryName("mapi_emu_replay", ".jsonl").string() : options.trace_path;
  RunOptions run_options;
  run_options.providers_dir = options.providers_dir;
  run_options.trace_path = fresh;
  run_options.quiet = !options.verbose;
  std::ostringstream quiet_out;
  const int run = RunScenario(*script, run_options, options.verbose ? out : quiet_out, err);
  int code = kReplayUnusable;
  if (run != kRunUnusable) {
    code = Compare(path, fresh, temporary ? "re-driven" : fresh, "re-driven", out, err);
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

int PlaybackTrace(const std::string& path, const ReplayOptions& options, std::ostream& out,
                  std::ostream& err) {
  absl::StatusOr<std::unique_ptr<playback::Player>> player = playback::Player::Load(path);
  if (!player.ok()) {
    err << "mapi_emu replay: " << player.status().message() << "\n";
    return kReplayUnusable;
  }
  // A trace of the provider boundary only (providers/tracer's) has no
  // client: its script is inferred from what MAPI asked of the providers.
  const bool inferred = !(*player)->client_side();
  absl::StatusOr<Scenario> script =
      inferred ? ParseScenario((*player)->InferredScript(
                                   std::filesystem::path(path).stem().string()),
                               absl::StrCat(path, " (inferred client script)"))
               : ClientScriptOf(path);
  if (!script.ok()) {
    err << "mapi_emu replay: " << script.status().message() << "\n";
    return kReplayUnusable;
  }
  absl::StatusOr<std::filesystem::path> library = StandInLibrary(options.providers_dir);
  if (!library.ok()) {
    err << "mapi_emu replay: " << library.status().message() << "\n";
    return kReplayUnusable;
  }
  std::set<std::string> names;
  for (const playback::RecordedLibrary& l : (*player)->libraries()) names.insert(l.name);
  const size_t libraries = names.size();
  out << "replay of " << path << ": scenario " << script->name << ", " << script->steps.size()
      << (inferred ? " steps inferred from the provider boundary" : " steps")
      << ", played back from the trace (" << libraries << " provider "
      << (libraries == 1 ? "library" : "libraries")
      << " stood in for)\n";
  // The stand-in profile: copies of the stand-in library under the recorded
  // names, and a MAPISVC.INF naming them.
  TemporaryDirectory dir;
  std::error_code ec;
  for (const playback::RecordedLibrary& recorded : (*player)->libraries()) {
    const std::string file = LibraryFile(recorded.name);
    if (!std::filesystem::exists(dir.path() / file)) {
      std::filesystem::copy_file(*library, dir.path() / file, ec);
    }
    if (ec) {
      err << "mapi_emu replay: cannot copy " << library->string() << " to "
          << (dir.path() / file).string() << ": " << ec.message() << "\n";
      return kReplayUnusable;
    }
  }
  {
    std::ofstream inf(dir.path() / "mapisvc.inf", std::ios::binary);
    inf << StandInInf(**player, *script);
  }
  RunOptions run_options;
  run_options.providers_dir = dir.path().string();
  run_options.trace_stream = &(*player)->sink();
  run_options.between_steps = [p = player->get()] { p->Pump(); };
  run_options.quiet = !options.verbose;
  std::ostringstream quiet_out;
  MAPIEmuSetPlaybackHost(static_cast<playback::PlaybackHost*>(player->get()));
  const int run = RunScenario(*script, run_options, options.verbose ? out : quiet_out, err);
  MAPIEmuSetPlaybackHost(nullptr);
  // The stand-ins stay until the process ends: a library MAPI held back (a
  // recorded leak, or one the playback caused) may still be called.
  static auto* kept = new std::vector<std::unique_ptr<playback::Player>>();
  playback::Player& played = **player;
  kept->push_back(std::move(*player));
  if (run == kRunUnusable) return kReplayUnusable;
  if (!options.trace_path.empty()) {
    std::ofstream file(options.trace_path, std::ios::binary);
    file << played.text();
    if (!file) {
      err << "mapi_emu replay: cannot write the new trace to '" << options.trace_path << "'\n";
      return kReplayUnusable;
    }
  }
  int code = kReplaySame;
  if (inferred) {
    // Only the provider boundary can be compared: the rest of the new trace
    // (the client's calls, MAPI's notes) is not in the recording.
    const std::string report = played.CompareBoundary(path);
    if (report.empty()) {
      out << "played back: " << played.boundary_events()
          << " provider-boundary events, the same calls and results as the recorded trace\n";
    } else {
      out << "played back: the provider boundary differs from the recorded one\n" << report;
      code = kReplayDiverged;
    }
  } else {
    std::istringstream fresh(played.text());
    code = Compare(path, options.trace_path,
                   options.trace_path.empty() ? "played back" : options.trace_path, "played back",
                   out, err, &fresh);
  }
  for (const std::string& problem : played.problems()) {
    out << "  the player: " << problem << "\n";
  }
  if (run == kRunFailed && code == kReplaySame) code = kReplayDiverged;
  if (!options.trace_path.empty()) out << "new trace written to " << options.trace_path << "\n";
  return code;
}

}  // namespace mapi_emu::scenario
