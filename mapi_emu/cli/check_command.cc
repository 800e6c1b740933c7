// `mapi_emu check [--json] [--strict] TRACE...`: reads each trace as a
// stream and reports where it breaks the lifecycle rules (trace/checker.h).
// Text for people, --json for tools. Exit 0 clean, 1 an error-level finding
// (or, with --strict, any finding), 2 bad usage or an unreadable trace.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mapi_emu/cli/commands.h"
#include "nlohmann/json.hpp"
#include "trace/checker.h"
#include "trace/reader.h"

namespace mapi_emu::cli {
namespace {

using trace::Finding;

struct Located {
  std::string file;
  int line;
  std::string event;  // "IMAPISupport::StoreLogoffTransports (call)"; empty if not known
  Finding finding;
};

std::string EventText(const trace::Event& e) {
  switch (e.ev) {
    case trace::EventKind::kNote:
      return absl::StrCat("note ", e.what);
    case trace::EventKind::kLoad:
    case trace::EventKind::kUnload:
      return absl::StrCat(trace::EventKindText(e.ev), " ", e.lib);
    default:
      return absl::StrCat(trace::CallName(e), " (", trace::EventKindText(e.ev), ")");
  }
}

void PrintText(const Located& l, std::ostream& out) {
  const Finding& f = l.finding;
  out << SeverityText(f.severity) << " [" << f.rule << "] " << l.file << ":" << l.line;
  if (!f.object.empty()) out << " " << f.object;
  out << "\n";
  if (!l.event.empty()) out << "  event: " << l.event << "\n";
  out << "  what happened: " << f.detail << "\n"
      << "  rule: " << f.statement << "\n"
      << "  page: " << f.page << "\n\n";
}

nlohmann::json ToJson(const Located& l) {
  const Finding& f = l.finding;
  return {{"rule", f.rule},
          {"severity", SeverityText(f.severity)},
          {"file", l.file},
          {"line", l.line},
          {"seq", f.seq},
          {"object", f.object},
          {"event", l.event},
          {"detail", f.detail},
          {"statement", f.statement},
          {"page", f.page}};
}

}  // namespace

int CheckCommand(const Args& args, std::ostream& out, std::ostream& err) {
  bool json = false, strict = false;
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    if (arg == "--json") {
      json = true;
    } else if (arg == "--strict") {
      strict = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      err << "mapi_emu check: unknown option '" << arg << "'\n";
      files.clear();
      break;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    err << "usage: mapi_emu check [--json] [--strict] TRACE... ('-' reads standard input)\n";
    return kExitUsage;
  }

  int errors = 0, warnings = 0, unreadable = 0;
  uint64_t events = 0;
  nlohmann::json findings_json = nlohmann::json::array();
  nlohmann::json unreadable_json = nlohmann::json::array();
  auto emit = [&](Located l) {
    (l.finding.severity == Severity::kError ? errors : warnings) += 1;
    if (json) {
      findings_json.push_back(ToJson(l));
    } else {
      PrintText(l, out);
    }
  };
  auto fail = [&](const std::string& message) {
    ++unreadable;
    err << "mapi_emu check: " << message << "\n";
    unreadable_json.push_back(message);
  };

  for (const std::string& file : files) {
    absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader = trace::TraceReader::Open(file);
    if (!reader.ok()) {
      fail(std::string(reader.status().message()));
      continue;
    }
    const std::string& name = (*reader)->name();
    trace::Checker checker;
    auto drain = [&](const trace::Event* current) {
      for (Finding& f : checker.TakeFindings()) {
        Located l{name, static_cast<int>(f.seq) + 1, "", std::move(f)};
        if (current != nullptr && current->seq == l.finding.seq) l.event = EventText(*current);
        emit(std::move(l));
      }
    };
    bool ok = true;
    while (true) {
      absl::StatusOr<std::optional<trace::Event>> event = (*reader)->Next();
      if (!event.ok()) {
        fail(std::string(event.status().message()));
        ok = false;
        break;
      }
      if (!event->has_value()) break;
      ++events;
      checker.Observe(**event);
      drain(&**event);
    }
    if (!ok) continue;
    checker.Finish();
    drain(nullptr);
  }

  const std::string summary =
      absl::StrCat("checked ", files.size() - unreadable, " of ", files.size(), " trace(s), ",
                   events, " event(s): ", errors, " error(s), ", warnings, " warning(s)");
  if (json) {
    nlohmann::json doc = {
        {"findings", findings_json},
        {"counts",
         {{"traces", files.size()},
          {"unreadable", unreadable},
          {"events", events},
          {"errors", errors},
          {"warnings", warnings}}},
        {"unreadable", unreadable_json},
    };
    out << doc.dump(2) << "\n";
  } else {
    out << summary << "\n";
  }
  if (unreadable > 0) return kExitUsage;
  if (errors > 0 || (strict && warnings > 0)) return kExitFailure;
  return kExitOk;
}

}  // namespace mapi_emu::cli
