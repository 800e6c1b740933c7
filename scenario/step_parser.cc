#include "scenario/step_parser.h"

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mapi_emu/base/hresult.h"
#include "mapidefs.h"
#include "mapiemu.h"

namespace mapi_emu::scenario {
namespace {

using nlohmann::json;

struct KindInfo {
  std::string_view name;
  StepKind kind;
  std::vector<std::string_view> fields;  // besides "do" and "expect"
};

const std::vector<KindInfo>& Kinds() {
  static const auto* kinds = new std::vector<KindInfo>{
      {"MAPIInitialize", StepKind::kMapiInitialize, {}},
      {"MAPIUninitialize", StepKind::kMapiUninitialize, {}},
      {"MAPILogonEx", StepKind::kLogon, {"flags", "as"}},
      {"OpenMsgStore", StepKind::kOpenMsgStore, {"session", "store", "flags", "as"}},
      {"CreateMessage",
       StepKind::kCreateMessage,
       {"store", "folder", "subject", "body", "to", "submit", "as"}},
      {"SpoolerStep", StepKind::kSpoolerStep, {"session", "step", "expect_counts"}},
      {"StoreLogoff", StepKind::kStoreLogoff, {"store", "flags", "expect_flags_out"}},
      {"Release", StepKind::kRelease, {"object"}},
      {"Logoff", StepKind::kLogoff, {"session", "flags"}},
      {"FastShutdown", StepKind::kFastShutdown, {"session"}},
      {"LibraryLoaded", StepKind::kLibraryLoaded, {"library", "loaded"}},
  };
  return *kinds;
}

const KindInfo* FindKind(std::string_view name) {
  for (const KindInfo& info : Kinds()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::string Join(std::span<const std::string_view> names) {
  return absl::StrJoin(std::vector<std::string>(names.begin(), names.end()), ", ");
}

std::string KindNames() {
  std::vector<std::string> names;
  for (const KindInfo& info : Kinds()) names.emplace_back(info.name);
  return absl::StrJoin(names, ", ");
}

#define SCENARIO_FLAG(name) \
  trace::FlagName { static_cast<uint32_t>(name), #name }
// IMAPISession::OpenMsgStore's flags (no trace table has them).
constexpr trace::FlagName kOpenStoreFlags[] = {
    SCENARIO_FLAG(MDB_NO_DIALOG),        SCENARIO_FLAG(MDB_WRITE),
    SCENARIO_FLAG(MDB_TEMPORARY),        SCENARIO_FLAG(MDB_NO_MAIL),
    SCENARIO_FLAG(MAPI_DEFERRED_ERRORS), SCENARIO_FLAG(MAPI_BEST_ACCESS),
};
constexpr trace::FlagName kSpoolerSteps[] = {
    SCENARIO_FLAG(MAPIEMU_SPOOLER_SEND_ONE),    SCENARIO_FLAG(MAPIEMU_SPOOLER_SEND_ALL),
    SCENARIO_FLAG(MAPIEMU_SPOOLER_RECEIVE_ONE), SCENARIO_FLAG(MAPIEMU_SPOOLER_RECEIVE_ALL),
    SCENARIO_FLAG(MAPIEMU_SPOOLER_FLUSH),       SCENARIO_FLAG(MAPIEMU_SPOOLER_IDLE),
    SCENARIO_FLAG(MAPIEMU_SPOOLER_ALL),
};
#undef SCENARIO_FLAG

constexpr std::string_view kSpoolerPrefix = "MAPIEMU_SPOOLER_";
constexpr std::array<std::string_view, 5> kCountNames = {"sent", "ndr", "deferred", "received",
                                                         "unlocked"};
constexpr std::array<std::string_view, 3> kFolders = {"outbox", "sent", "deleted"};

}  // namespace

absl::StatusOr<Step> StepParser::Parse(const json& value, size_t index) {
  Step step;
  step.number = static_cast<int>(index) + 1;
  const std::string pointer = ChildPointer("/steps", index);
  step.line = ctx_.LineOf(pointer);
  if (!value.is_object()) {
    return ctx_.Error(pointer, absl::StrCat("step ", step.number, ": a step must be an object"));
  }
  FieldReader bare(ctx_, value, pointer, absl::StrCat("step ", step.number, ": "));
  absl::StatusOr<std::string> what = bare.String("do");
  if (!what.ok()) return what.status();
  const KindInfo* info = FindKind(*what);
  if (info == nullptr) {
    return bare.Error("do",
                      absl::StrCat("unknown step \"", *what, "\" (known: ", KindNames(), ")"));
  }
  step.kind = info->kind;
  step.what = *what;
  FieldReader fields(ctx_, value, pointer, absl::StrCat("step ", step.number, " (", *what, "): "));
  std::vector<std::string_view> allowed = info->fields;
  allowed.push_back("do");
  allowed.push_back("expect");
  if (absl::Status s = fields.OnlyFields(allowed); !s.ok()) return s;
  if (absl::Status s = ParseExpect(fields, step); !s.ok()) return s;
  if (absl::Status s = ParseKind(fields, step); !s.ok()) return s;
  return step;
}

absl::Status StepParser::ParseExpect(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> expect = fields.OptionalString("expect");
  if (!expect.ok() || expect->empty()) return expect.status();
  std::optional<HRESULT> hr = HresultFromName(*expect);
  if (!hr) return fields.Error("expect", absl::StrCat("unknown HRESULT \"", *expect, "\""));
  step.expect = *hr;
  step.expect_line = fields.LineOf("expect");
  return absl::OkStatus();
}

absl::Status StepParser::ParseKind(const FieldReader& fields, Step& step) {
  switch (step.kind) {
    case StepKind::kMapiInitialize:
    case StepKind::kMapiUninitialize:
      return absl::OkStatus();
    case StepKind::kLogon:
      return Logon(fields, step);
    case StepKind::kOpenMsgStore:
      return OpenMsgStore(fields, step);
    case StepKind::kCreateMessage:
      return CreateMessage(fields, step);
    case StepKind::kSpoolerStep:
      return SpoolerStep(fields, step);
    case StepKind::kStoreLogoff:
      return StoreLogoff(fields, step);
    case StepKind::kRelease:
      return ReleaseName(fields, step);
    case StepKind::kLogoff:
      return Logoff(fields, step);
    case StepKind::kFastShutdown: {
      absl::StatusOr<std::string> session = Use(fields, "session", ObjectKind::kSession);
      if (session.ok()) step.target = *session;
      return session.status();
    }
    case StepKind::kLibraryLoaded:
      return LibraryLoaded(fields, step);
  }
  return fields.Error("do", "unhandled step");
}

absl::StatusOr<std::string> StepParser::Use(const FieldReader& fields, std::string_view key,
                                            ObjectKind kind) {
  absl::StatusOr<std::string> name = fields.String(key);
  if (!name.ok()) return name.status();
  auto it = names_.find(*name);
  if (it == names_.end()) {
    return fields.Error(
        key, absl::StrCat("unknown name \"", *name, "\" (no earlier step made it with \"as\")"));
  }
  if (it->second.released_by != 0) {
    return fields.Error(
        key, absl::StrCat("\"", *name, "\" was released by step ", it->second.released_by));
  }
  if (it->second.kind != kind) {
    return fields.Error(key, absl::StrCat("\"", *name, "\" is a ", ObjectKindText(it->second.kind),
                                          ", not a ", ObjectKindText(kind)));
  }
  return *name;
}

absl::Status StepParser::Make(const FieldReader& fields, Step& step, ObjectKind kind) {
  absl::StatusOr<std::string> name = fields.String("as");
  if (!name.ok()) return name.status();
  auto it = names_.find(*name);
  if (it != names_.end() && it->second.released_by == 0) {
    return fields.Error(
        "as", absl::StrCat("\"", *name, "\" already names the ", ObjectKindText(it->second.kind),
                           " of step ", it->second.made_by));
  }
  names_[*name] = Named{kind, step.number};
  step.as = *name;
  return absl::OkStatus();
}

absl::Status StepParser::ReleaseName(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> name = fields.String("object");
  if (!name.ok()) return name.status();
  auto it = names_.find(*name);
  if (it == names_.end() || it->second.released_by != 0) {
    const std::string why = it == names_.end()
                                ? "no earlier step made it with \"as\""
                                : absl::StrCat("released already by step ", it->second.released_by);
    return fields.Error("object", absl::StrCat("unknown name \"", *name, "\" (", why, ")"));
  }
  it->second.released_by = step.number;
  step.target = *name;
  return absl::OkStatus();
}

absl::Status StepParser::Logon(const FieldReader& fields, Step& step) {
  absl::StatusOr<uint32_t> flags = fields.Flags("flags", trace::MapiLogonFlags(), &step.flag_names);
  if (!flags.ok()) return flags.status();
  step.flags = *flags;
  return Make(fields, step, ObjectKind::kSession);
}

absl::Status StepParser::OpenMsgStore(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> session = Use(fields, "session", ObjectKind::kSession);
  if (!session.ok()) return session.status();
  step.target = *session;
  absl::StatusOr<std::string> store = fields.OptionalString("store");
  if (!store.ok()) return store.status();
  step.store = store->empty() ? "default" : *store;
  if (fields.Has("flags")) {
    absl::StatusOr<uint32_t> flags = fields.Flags("flags", kOpenStoreFlags, &step.flag_names);
    if (!flags.ok()) return flags.status();
    step.flags = *flags;
  } else {
    // What a client that wants to submit mail opens a store with.
    step.flags = MDB_NO_DIALOG | MDB_WRITE;
    step.flag_names = {"MDB_NO_DIALOG", "MDB_WRITE"};
  }
  return Make(fields, step, ObjectKind::kStore);
}

absl::Status StepParser::CreateMessage(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> store = Use(fields, "store", ObjectKind::kStore);
  if (!store.ok()) return store.status();
  step.target = *store;
  absl::StatusOr<std::string> folder = fields.OptionalString("folder");
  absl::StatusOr<std::string> subject = fields.OptionalString("subject");
  absl::StatusOr<std::string> body = fields.OptionalString("body");
  absl::StatusOr<bool> submit = fields.OptionalBool("submit", false);
  for (const absl::Status& s :
       {folder.status(), subject.status(), body.status(), submit.status()}) {
    if (!s.ok()) return s;
  }
  step.message.folder = folder->empty() ? "outbox" : *folder;
  if (std::find(kFolders.begin(), kFolders.end(), step.message.folder) == kFolders.end()) {
    return fields.Error("folder", absl::StrCat("unknown folder \"", step.message.folder,
                                               "\" (known: ", Join(kFolders), ")"));
  }
  step.message.subject = *subject;
  step.message.body = *body;
  step.message.submit = *submit;
  if (absl::Status s = Recipients(fields, step); !s.ok()) return s;
  if (step.message.submit && step.message.to.empty()) {
    return fields.Error("submit", "a message to submit needs recipients (\"to\")");
  }
  return fields.Has("as") ? Make(fields, step, ObjectKind::kMessage) : absl::OkStatus();
}

absl::Status StepParser::Recipients(const FieldReader& fields, Step& step) {
  if (!fields.Has("to")) return absl::OkStatus();
  const json& to = fields.object().at("to");
  if (!to.is_array()) return fields.Error("to", "\"to\" must be an array of recipients");
  const std::string to_pointer = ChildPointer(fields.pointer(), "to");
  for (size_t i = 0; i < to.size(); ++i) {
    FieldReader r(
        fields.context(), to[i], ChildPointer(to_pointer, i),
        absl::StrCat("step ", step.number, " (", step.what, "): recipient ", i + 1, ": "));
    if (!to[i].is_object()) return r.Error("", "a recipient must be an object");
    static constexpr std::string_view kFields[] = {"type", "address", "name"};
    if (absl::Status s = r.OnlyFields(kFields); !s.ok()) return s;
    absl::StatusOr<std::string> type = r.String("type");
    absl::StatusOr<std::string> address = r.String("address");
    absl::StatusOr<std::string> name = r.OptionalString("name");
    for (const absl::Status& s : {type.status(), address.status(), name.status()}) {
      if (!s.ok()) return s;
    }
    step.message.to.push_back(Recipient{*type, *address, name->empty() ? *address : *name});
  }
  return absl::OkStatus();
}

absl::Status StepParser::SpoolerStep(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> session = Use(fields, "session", ObjectKind::kSession);
  if (!session.ok()) return session.status();
  step.target = *session;
  absl::StatusOr<std::string> name = fields.String("step");
  if (!name.ok()) return name.status();
  std::string full = name->rfind(kSpoolerPrefix, 0) == 0
                         ? *name
                         : absl::StrCat(std::string(kSpoolerPrefix), *name);
  for (const trace::FlagName& known : kSpoolerSteps) {
    if (known.name == full) step.spooler_step = known.value;
  }
  if (step.spooler_step == 0) {
    return fields.Error("step", absl::StrCat("unknown spooler step \"", *name,
                                             "\" (known: SEND_ONE, SEND_ALL, RECEIVE_ONE, "
                                             "RECEIVE_ALL, FLUSH, IDLE, ALL)"));
  }
  step.spooler_step_name = full.substr(kSpoolerPrefix.size());
  if (!fields.Has("expect_counts")) return absl::OkStatus();
  const json& counts = fields.object().at("expect_counts");
  if (!counts.is_object())
    return fields.Error("expect_counts", "\"expect_counts\" must be an object");
  for (const auto& [key, count] : counts.items()) {
    if (std::find(kCountNames.begin(), kCountNames.end(), key) == kCountNames.end() ||
        !count.is_number_unsigned()) {
      return fields.Error("expect_counts",
                          absl::StrCat("bad count \"", key, "\" (known: ", Join(kCountNames),
                                       "; each a number >= 0)"));
    }
    step.expect_counts[key] = count.get<uint32_t>();
  }
  return absl::OkStatus();
}

absl::Status StepParser::StoreLogoff(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> store = Use(fields, "store", ObjectKind::kStore);
  if (!store.ok()) return store.status();
  step.target = *store;
  absl::StatusOr<uint32_t> flags = fields.Flags("flags", trace::LogoffFlags(), &step.flag_names);
  if (!flags.ok()) return flags.status();
  step.flags = *flags;
  if (fields.Has("expect_flags_out")) {
    absl::StatusOr<uint32_t> out = fields.Flags("expect_flags_out", trace::LogoffFlags());
    if (!out.ok()) return out.status();
    step.expect_flags_out = *out;
  }
  return absl::OkStatus();
}

absl::Status StepParser::Logoff(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> session = Use(fields, "session", ObjectKind::kSession);
  if (!session.ok()) return session.status();
  step.target = *session;
  absl::StatusOr<uint32_t> flags =
      fields.Flags("flags", trace::SessionLogoffFlags(), &step.flag_names);
  if (!flags.ok()) return flags.status();
  step.flags = *flags;
  return absl::OkStatus();
}

absl::Status StepParser::LibraryLoaded(const FieldReader& fields, Step& step) {
  absl::StatusOr<std::string> library = fields.String("library");
  if (!library.ok()) return library.status();
  absl::StatusOr<bool> loaded = fields.Bool("loaded");
  if (!loaded.ok()) return loaded.status();
  step.library = *library;
  step.loaded = *loaded;
  return absl::OkStatus();
}

}  // namespace mapi_emu::scenario
