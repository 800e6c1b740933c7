#include "trace/reader.h"

#include <fstream>
#include <iostream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "trace/writer.h"

namespace mapi_emu::trace {
namespace {

using Json = nlohmann::json;

// Floats would make traces depend on how a platform prints them.
bool HasFloat(const Json& value) {
  if (value.is_number_float()) return true;
  if (value.is_structured()) {
    for (const Json& item : value) {
      if (HasFloat(item)) return true;
    }
  }
  return false;
}

absl::Status Missing(std::string_view key, std::string_view kind) {
  return absl::InvalidArgumentError(absl::StrCat("missing field \"", std::string(key), "\" in a \"",
                                                 std::string(kind), "\" event"));
}
absl::Status WrongType(std::string_view key, std::string_view want) {
  return absl::InvalidArgumentError(
      absl::StrCat("field \"", std::string(key), "\" is not ", std::string(want)));
}

absl::Status TakeString(Json& object, const char* key, std::string& into, bool required,
                        std::string_view kind) {
  auto it = object.find(key);
  if (it == object.end()) return required ? Missing(key, kind) : absl::OkStatus();
  if (!it->is_string()) return WrongType(key, "a string");
  into = it->get<std::string>();
  if (required && into.empty()) return WrongType(key, "a non-empty string");
  object.erase(it);
  return absl::OkStatus();
}

absl::Status TakeUnsigned(Json& object, const char* key, uint64_t& into, bool required,
                          std::string_view kind) {
  auto it = object.find(key);
  if (it == object.end()) return required ? Missing(key, kind) : absl::OkStatus();
  if (!it->is_number_unsigned()) return WrongType(key, "a non-negative integer");
  into = it->get<uint64_t>();
  object.erase(it);
  return absl::OkStatus();
}

absl::Status TakeInteger(Json& object, const char* key, std::optional<int64_t>& into, bool required,
                         std::string_view kind) {
  auto it = object.find(key);
  if (it == object.end()) return required ? Missing(key, kind) : absl::OkStatus();
  if (!it->is_number_integer()) return WrongType(key, "an integer");
  into = it->get<int64_t>();
  object.erase(it);
  return absl::OkStatus();
}

absl::Status TakeObject(Json& object, const char* key, Json& into, bool required,
                        std::string_view kind) {
  auto it = object.find(key);
  if (it == object.end()) return required ? Missing(key, kind) : absl::OkStatus();
  if (!it->is_object()) return WrongType(key, "an object");
  into = std::move(*it);
  object.erase(it);
  return absl::OkStatus();
}

#define MAPI_EMU_TRY(expr)             \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (0)

}  // namespace

absl::StatusOr<Header> ParseHeader(std::string_view line) {
  Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("bad JSON in the header line");
  if (!json.is_object() || !json.contains("schema") || json["schema"] != kSchemaName) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a mapi_emu trace: the first line has no \"schema\":\"",
                     std::string(kSchemaName), "\""));
  }
  if (!json.contains("version") || !json["version"].is_number_integer()) {
    return absl::InvalidArgumentError("the header has no integer \"version\"");
  }
  Header header;
  header.version = json["version"].get<int>();
  if (header.version != kSchemaVersion) {
    return absl::InvalidArgumentError(absl::StrCat("unknown schema version ", header.version,
                                                   " (this mapi_emu reads version ", kSchemaVersion,
                                                   ")"));
  }
  if (json.contains("producer")) {
    if (!json["producer"].is_string()) return WrongType("producer", "a string");
    header.producer = json["producer"].get<std::string>();
  }
  if (!json.contains("mode") || !json["mode"].is_string()) return Missing("mode", "header");
  const std::string mode = json["mode"].get<std::string>();
  if (mode == "deterministic") {
    header.mode = Mode::kDeterministic;
  } else if (mode == "threaded") {
    header.mode = Mode::kThreaded;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown mode \"", mode, "\" (deterministic or threaded)"));
  }
  return header;
}

absl::StatusOr<Event> ParseEvent(std::string_view line) {
  Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("bad JSON");
  if (!json.is_object()) return absl::InvalidArgumentError("an event is not a JSON object");
  if (HasFloat(json)) return absl::InvalidArgumentError("a number is not an integer");
  Event event;
  std::string ev;
  MAPI_EMU_TRY(TakeUnsigned(json, "seq", event.seq, true, "any"));
  MAPI_EMU_TRY(TakeString(json, "ev", ev, true, "any"));
  std::optional<EventKind> kind = EventKindFromText(ev);
  if (!kind) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown \"ev\" \"", ev, "\" (call, return, load, unload, entry or note)"));
  }
  event.ev = *kind;
  MAPI_EMU_TRY(TakeString(json, "thread", event.thread, true, ev));
  MAPI_EMU_TRY(TakeInteger(json, "t_us", event.t_us, false, ev));
  switch (event.ev) {
    case EventKind::kCall:
    case EventKind::kReturn:
    case EventKind::kEntry: {
      const bool is_return = event.ev == EventKind::kReturn;
      MAPI_EMU_TRY(TakeString(json, "side", event.side, true, ev));
      if (event.side != "client>mapi" && event.side != "mapi>provider" &&
          event.side != "provider>mapi" && event.side != "mapi>client") {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown \"side\" \"", event.side,
                         "\" (client>mapi, mapi>provider, provider>mapi or mapi>client)"));
      }
      MAPI_EMU_TRY(TakeString(json, "iface", event.iface, false, ev));
      MAPI_EMU_TRY(TakeString(json, "method", event.method, true, ev));
      MAPI_EMU_TRY(TakeString(json, "obj", event.obj, false, ev));
      MAPI_EMU_TRY(TakeString(json, "lib", event.lib, event.ev == EventKind::kEntry, ev));
      if (is_return) {
        MAPI_EMU_TRY(TakeUnsigned(json, "call", event.call, true, ev));
        if (event.call == 0 || event.call >= event.seq) {
          return absl::InvalidArgumentError(
              absl::StrCat("\"call\" ", event.call, " is not an earlier seq"));
        }
        auto result = json.find("result");
        if (result == json.end()) return Missing("result", ev);
        if (!result->is_string() && !result->is_number_integer()) {
          return WrongType("result", "a name or an integer");
        }
        event.result = std::move(*result);
        json.erase(result);
        MAPI_EMU_TRY(TakeObject(json, "out", event.out, false, ev));
      } else {
        MAPI_EMU_TRY(TakeObject(json, "args", event.args, true, ev));
      }
      break;
    }
    case EventKind::kLoad:
    case EventKind::kUnload:
      MAPI_EMU_TRY(TakeString(json, "lib", event.lib, true, ev));
      MAPI_EMU_TRY(TakeInteger(json, "count", event.count, true, ev));
      if (*event.count < 0) return WrongType("count", "a count (0 or more)");
      break;
    case EventKind::kNote:
      MAPI_EMU_TRY(TakeString(json, "what", event.what, true, ev));
      MAPI_EMU_TRY(TakeString(json, "obj", event.obj, false, ev));
      if (!json.empty()) event.fields = std::move(json);
      return event;
  }
  if (!json.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown field \"", json.begin().key(), "\" in a \"", ev, "\" event"));
  }
  return event;
}

#undef MAPI_EMU_TRY

TraceReader::TraceReader(std::istream& in, std::string name) : in_(&in), name_(std::move(name)) {}

absl::StatusOr<std::unique_ptr<TraceReader>> TraceReader::Open(const std::string& path) {
  std::unique_ptr<TraceReader> reader;
  if (path == "-") {
    reader = std::make_unique<TraceReader>(std::cin, "<stdin>");
  } else {
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) return absl::NotFoundError(absl::StrCat(path, ": cannot open the file"));
    reader = std::make_unique<TraceReader>(*file, path);
    reader->owned_ = std::move(file);
  }
  absl::Status status = reader->ReadHeader();
  if (!status.ok()) return status;
  return reader;
}

absl::Status TraceReader::Error(std::string_view what) const {
  return absl::InvalidArgumentError(absl::StrCat(name_, ":", line_, ": ", std::string(what)));
}

absl::StatusOr<bool> TraceReader::ReadLine() {
  if (last_line_unterminated_) return false;
  if (!std::getline(*in_, text_)) {
    if (in_->bad()) return Error("read error");
    return false;
  }
  ++line_;
  last_line_unterminated_ = in_->eof();
  if (!text_.empty() && text_.back() == '\r') text_.pop_back();
  return true;
}

absl::Status TraceReader::ReadHeader() {
  if (header_read_) return absl::OkStatus();
  header_read_ = true;
  absl::StatusOr<bool> got = ReadLine();
  if (!got.ok()) return got.status();
  if (!*got) {
    return absl::InvalidArgumentError(absl::StrCat(name_, ":1: empty file (no header line)"));
  }
  absl::StatusOr<Header> header = ParseHeader(text_);
  if (!header.ok()) {
    if (last_line_unterminated_ && absl::StrContains(header.status().message(), "bad JSON")) {
      return Error("truncated last line (no newline at the end and not a complete header)");
    }
    return Error(std::string(header.status().message()));
  }
  header_ = *header;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Event>> TraceReader::Next() {
  if (!header_read_) {
    absl::Status status = ReadHeader();
    if (!status.ok()) return status;
  }
  absl::StatusOr<bool> got = ReadLine();
  if (!got.ok()) return got.status();
  if (!*got) return std::optional<Event>();
  if (text_.empty()) return Error("empty line");
  absl::StatusOr<Event> event = ParseEvent(text_);
  if (!event.ok()) {
    if (last_line_unterminated_ && event.status().message() == "bad JSON") {
      return Error("truncated last line (no newline at the end and not a complete event)");
    }
    return Error(std::string(event.status().message()));
  }
  if (event->seq != next_seq_) {
    return Error(absl::StrCat(next_seq_ == 1 ? "the first event must have seq 1" : "sequence gap",
                              ": expected seq ", next_seq_, ", found ", event->seq));
  }
  ++next_seq_;
  return std::optional<Event>(*std::move(event));
}

absl::StatusOr<std::optional<Divergence>> CompareTraces(TraceReader& a, TraceReader& b) {
  absl::Status status = a.ReadHeader();
  if (!status.ok()) return status;
  status = b.ReadHeader();
  if (!status.ok()) return status;
  Header ha = a.header(), hb = b.header();
  ha.producer = hb.producer = "";
  if (FormatHeader(ha) != FormatHeader(hb)) {
    Divergence d;
    d.line = 1;
    d.a = FormatHeader(ha);
    d.b = FormatHeader(hb);
    return std::optional<Divergence>(d);
  }
  std::deque<std::string> context;
  while (true) {
    absl::StatusOr<std::optional<Event>> ea = a.Next();
    if (!ea.ok()) return ea.status();
    absl::StatusOr<std::optional<Event>> eb = b.Next();
    if (!eb.ok()) return eb.status();
    if (!ea->has_value() && !eb->has_value()) return std::optional<Divergence>();
    std::string la = "<end of trace>", lb = "<end of trace>";
    uint64_t seq = 0;
    if (ea->has_value()) {
      (*ea)->t_us.reset();
      seq = (*ea)->seq;
      la = FormatEvent(**ea);
    }
    if (eb->has_value()) {
      (*eb)->t_us.reset();
      seq = (*eb)->seq;
      lb = FormatEvent(**eb);
    }
    if (la != lb) {
      Divergence d;
      d.line = static_cast<int>(seq) + 1;
      d.seq = seq;
      d.a = std::move(la);
      d.b = std::move(lb);
      d.context.assign(context.begin(), context.end());
      return std::optional<Divergence>(std::move(d));
    }
    context.push_back(std::move(la));
    if (context.size() > 3) context.pop_front();
  }
}

std::string FormatDivergence(const Divergence& d, const std::string& a_name,
                             const std::string& b_name) {
  std::string text = absl::StrCat("first divergence at line ", d.line);
  if (d.seq != 0) absl::StrAppend(&text, " (seq ", d.seq, ")");
  absl::StrAppend(&text, ":\n");
  for (const std::string& line : d.context) absl::StrAppend(&text, "  ", line, "\n");
  absl::StrAppend(&text, "- ", a_name, ": ", d.a, "\n+ ", b_name, ": ", d.b, "\n");
  return text;
}

}  // namespace mapi_emu::trace
