#include "scenario/scenario.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "scenario/json_lines.h"
#include "scenario/parse_context.h"
#include "scenario/step_parser.h"

namespace mapi_emu::scenario {
namespace {

using nlohmann::json;

constexpr int kFormatVersion = 1;

// nlohmann's message repeats the position ("[json.exception.parse_error.101]
// parse error at line 3, column 14: syntax error ..."); keep only the words
// after it, since the caller prints FILE:LINE:COLUMN itself.
std::string SyntaxWhat(const json::parse_error& e) {
  std::string what = e.what();
  const size_t colon = what.find(": ", what.find("column"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

absl::StatusOr<json> ParseJson(std::string_view text, const std::string& file) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    TextPosition pos = PositionOf(text, offset);
    return absl::InvalidArgumentError(
        absl::StrCat(file, ":", pos.line, ":", pos.column, ": ", SyntaxWhat(e)));
  }
}

absl::Status ParseVersion(const FieldReader& top) {
  if (!top.Has("scenario"))
    return top.Error("", "missing field \"scenario\" (the format version, 1)");
  const json& version = top.object().at("scenario");
  if (!version.is_number_integer() || version.get<int>() != kFormatVersion) {
    return top.Error("scenario", absl::StrCat("\"scenario\" must be ", kFormatVersion,
                                              " (the only format version there is)"));
  }
  return absl::OkStatus();
}

absl::Status ParseProfile(const FieldReader& top, Scenario& out) {
  out.profile_line = top.LineOf("profile");
  if (!top.Has("profile")) return top.Error("", "missing field \"profile\"");
  const json& profile = top.object().at("profile");
  if (profile == "default") {
    out.default_profile = true;
    return absl::OkStatus();
  }
  const std::string pointer = ChildPointer(top.pointer(), "profile");
  FieldReader fields(top.context(), profile, pointer, "profile: ");
  const json* services = nullptr;
  if (profile.is_object()) {
    auto it = profile.find("services");
    if (it != profile.end()) services = &*it;
  }
  if (services == nullptr || !services->is_array() || services->empty()) {
    return top.Error("profile",
                     "\"profile\" must be \"default\" or {\"services\": [\"SERVICE\", ...]}");
  }
  static constexpr std::string_view kFields[] = {"services"};
  if (absl::Status s = fields.OnlyFields(kFields); !s.ok()) return s;
  for (const json& service : *services) {
    if (!service.is_string() || service.get<std::string>().empty()) {
      return fields.Error("services", "each service is a MAPISVC.INF section name");
    }
    out.services.push_back(service.get<std::string>());
  }
  return absl::OkStatus();
}

absl::Status ParseEnv(const FieldReader& top, Scenario& out) {
  if (!top.Has("env")) return absl::OkStatus();
  const json& env = top.object().at("env");
  if (!env.is_object()) return top.Error("env", "\"env\" must be an object of strings");
  for (const auto& [key, value] : env.items()) {
    if (!value.is_string() || key.empty() || key.find('=') != std::string::npos) {
      return top.Error("env", absl::StrCat("\"env\": \"", key, "\" must name a string value"));
    }
    out.env[key] = value.get<std::string>();
  }
  return absl::OkStatus();
}

absl::Status ParseSpooler(const FieldReader& top, Scenario& out) {
  absl::StatusOr<std::string> spooler = top.OptionalString("spooler");
  if (!spooler.ok()) return spooler.status();
  if (*spooler != "" && *spooler != "deterministic" && *spooler != "threaded") {
    return top.Error("spooler", "\"spooler\" must be \"deterministic\" or \"threaded\"");
  }
  out.threaded_spooler = *spooler == "threaded";
  return absl::OkStatus();
}

absl::Status ParseSteps(const FieldReader& top, Scenario& out) {
  if (!top.Has("steps")) return top.Error("", "missing field \"steps\"");
  const json& steps = top.object().at("steps");
  if (!steps.is_array() || steps.empty()) {
    return top.Error("steps", "\"steps\" must be a non-empty array of steps");
  }
  StepParser parser(top.context());
  for (size_t i = 0; i < steps.size(); ++i) {
    absl::StatusOr<Step> step = parser.Parse(steps[i], i);
    if (!step.ok()) return step.status();
    step->source = steps[i].dump();
    out.steps.push_back(*std::move(step));
  }
  return absl::OkStatus();
}

absl::Status ParseTop(const FieldReader& top, Scenario& out) {
  if (!top.object().is_object()) return top.Error("", "a scenario is a JSON object");
  static constexpr std::string_view kFields[] = {"scenario", "name",    "description", "profile",
                                                 "env",      "spooler", "steps"};
  if (absl::Status s = top.OnlyFields(kFields); !s.ok()) return s;
  if (absl::Status s = ParseVersion(top); !s.ok()) return s;
  absl::StatusOr<std::string> name = top.String("name");
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> description = top.OptionalString("description");
  if (!description.ok()) return description.status();
  out.name = *name;
  out.description = *description;
  for (auto part : {ParseProfile, ParseEnv, ParseSpooler, ParseSteps}) {
    if (absl::Status s = part(top, out); !s.ok()) return s;
  }
  json head = top.object();
  head.erase("steps");
  out.head_source = head.dump();
  return absl::OkStatus();
}

}  // namespace

const char* ObjectKindText(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kSession:
      return "session";
    case ObjectKind::kStore:
      return "store";
    case ObjectKind::kMessage:
      return "message";
  }
  return "object";
}

absl::StatusOr<Scenario> ParseScenario(std::string_view text, const std::string& file) {
  absl::StatusOr<json> doc = ParseJson(text, file);
  if (!doc.ok()) return doc.status();
  JsonLines lines(text);
  ParseContext ctx(file, lines);
  Scenario out;
  out.file = file;
  if (absl::Status s = ParseTop(FieldReader(ctx, *doc, "", ""), out); !s.ok()) return s;
  return out;
}

absl::StatusOr<Scenario> LoadScenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the scenario file"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(absl::StrCat(path, ": cannot read the scenario file"));
  return ParseScenario(text.str(), path);
}

}  // namespace mapi_emu::scenario
