#include "trace/event.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "mapidefs.h"
#include "mapispi.h"
#include "mapix.h"

namespace mapi_emu::trace {
namespace {

#define MAPI_EMU_FLAG(name) \
  FlagName { static_cast<uint32_t>(name), #name }

constexpr FlagName kLogoffFlags[] = {
    MAPI_EMU_FLAG(LOGOFF_NO_WAIT),        MAPI_EMU_FLAG(LOGOFF_ORDERLY),
    MAPI_EMU_FLAG(LOGOFF_PURGE),          MAPI_EMU_FLAG(LOGOFF_ABORT),
    MAPI_EMU_FLAG(LOGOFF_QUIET),          MAPI_EMU_FLAG(LOGOFF_COMPLETE),
    MAPI_EMU_FLAG(LOGOFF_INBOUND),        MAPI_EMU_FLAG(LOGOFF_OUTBOUND),
    MAPI_EMU_FLAG(LOGOFF_OUTBOUND_QUEUE),
};
constexpr FlagName kTransportLogonFlags[] = {
    MAPI_EMU_FLAG(LOGON_NO_DIALOG),  MAPI_EMU_FLAG(LOGON_NO_CONNECT),
    MAPI_EMU_FLAG(LOGON_NO_INBOUND), MAPI_EMU_FLAG(LOGON_NO_OUTBOUND),
    MAPI_EMU_FLAG(LOGON_SP_IDLE),    MAPI_EMU_FLAG(LOGON_SP_POLL),
    MAPI_EMU_FLAG(LOGON_SP_RESOLVE), MAPI_EMU_FLAG(MAPI_UNICODE),
};
constexpr FlagName kTransportNotifyFlags[] = {
    MAPI_EMU_FLAG(NOTIFY_BEGIN_INBOUND),       MAPI_EMU_FLAG(NOTIFY_BEGIN_OUTBOUND),
    MAPI_EMU_FLAG(NOTIFY_BEGIN_INBOUND_FLUSH), MAPI_EMU_FLAG(NOTIFY_BEGIN_OUTBOUND_FLUSH),
    MAPI_EMU_FLAG(NOTIFY_END_INBOUND),         MAPI_EMU_FLAG(NOTIFY_END_OUTBOUND),
    MAPI_EMU_FLAG(NOTIFY_END_INBOUND_FLUSH),   MAPI_EMU_FLAG(NOTIFY_END_OUTBOUND_FLUSH),
    MAPI_EMU_FLAG(NOTIFY_ABORT_DEFERRED),      MAPI_EMU_FLAG(NOTIFY_CANCEL_MESSAGE),
};
constexpr FlagName kSpoolerNotifyFlags[] = {
    MAPI_EMU_FLAG(NOTIFY_NEWMAIL),        MAPI_EMU_FLAG(NOTIFY_READYTOSEND),
    MAPI_EMU_FLAG(NOTIFY_SENTDEFERRED),   MAPI_EMU_FLAG(NOTIFY_CRITSEC),
    MAPI_EMU_FLAG(NOTIFY_NONCRIT),        MAPI_EMU_FLAG(NOTIFY_CONFIG_CHANGE),
    MAPI_EMU_FLAG(NOTIFY_CRITICAL_ERROR), MAPI_EMU_FLAG(NOTIFY_NEWMAIL_RECEIVED),
};
constexpr FlagName kMapiLogonFlags[] = {
    MAPI_EMU_FLAG(MAPI_LOGON_UI),       MAPI_EMU_FLAG(MAPI_NEW_SESSION),
    MAPI_EMU_FLAG(MAPI_ALLOW_OTHERS),   MAPI_EMU_FLAG(MAPI_EXPLICIT_PROFILE),
    MAPI_EMU_FLAG(MAPI_EXTENDED),       MAPI_EMU_FLAG(MAPI_USE_DEFAULT),
    MAPI_EMU_FLAG(MAPI_FORCE_DOWNLOAD), MAPI_EMU_FLAG(MAPI_SERVICE_UI_ALWAYS),
    MAPI_EMU_FLAG(MAPI_NO_MAIL),        MAPI_EMU_FLAG(MAPI_NT_SERVICE),
    MAPI_EMU_FLAG(MAPI_PASSWORD_UI),    MAPI_EMU_FLAG(MAPI_TIMEOUT_SHORT),
    MAPI_EMU_FLAG(MAPI_UNICODE),
};
constexpr FlagName kSessionLogoffFlags[] = {
    MAPI_EMU_FLAG(MAPI_LOGOFF_SHARED),
    MAPI_EMU_FLAG(MAPI_LOGOFF_UI),
};

#undef MAPI_EMU_FLAG

constexpr const char* kKindText[] = {"call", "return", "load", "unload", "entry", "note"};

std::string HexWord(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

}  // namespace

const char* ModeText(Mode mode) {
  return mode == Mode::kDeterministic ? "deterministic" : "threaded";
}

const char* EventKindText(EventKind kind) { return kKindText[static_cast<int>(kind)]; }

std::optional<EventKind> EventKindFromText(std::string_view text) {
  for (int i = 0; i < 6; ++i) {
    if (text == kKindText[i]) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::string CallName(const Event& event) {
  if (event.iface.empty()) return event.method;
  return absl::StrCat(event.iface, "::", event.method);
}

std::optional<int64_t> ResultNumber(const Event& event) {
  if (event.result.is_number_integer()) return event.result.get<int64_t>();
  return std::nullopt;
}

std::string ResultName(const Event& event) {
  return event.result.is_string() ? event.result.get<std::string>() : std::string();
}

std::string_view ObjectKind(std::string_view name) { return name.substr(0, name.find('#')); }

std::span<const FlagName> LogoffFlags() { return kLogoffFlags; }
std::span<const FlagName> TransportLogonFlags() { return kTransportLogonFlags; }
std::span<const FlagName> TransportNotifyFlags() { return kTransportNotifyFlags; }
std::span<const FlagName> SpoolerNotifyFlags() { return kSpoolerNotifyFlags; }
std::span<const FlagName> MapiLogonFlags() { return kMapiLogonFlags; }
std::span<const FlagName> SessionLogoffFlags() { return kSessionLogoffFlags; }

nlohmann::json DecodeFlags(uint32_t value, std::span<const FlagName> table) {
  nlohmann::json names = nlohmann::json::array();
  uint32_t known = 0;
  for (const FlagName& flag : table) {
    if ((value & flag.value) == flag.value && (known & flag.value) == 0) {
      names.push_back(std::string(flag.name));
      known |= flag.value;
    }
  }
  for (uint32_t bit = 1; bit != 0; bit <<= 1) {
    if ((value & bit) != 0 && (known & bit) == 0) names.push_back(HexWord(bit));
  }
  return names;
}

absl::StatusOr<uint32_t> EncodeFlags(const nlohmann::json& names, std::span<const FlagName> table) {
  if (!names.is_array()) return absl::InvalidArgumentError("flags are not an array of names");
  uint32_t value = 0;
  for (const nlohmann::json& name : names) {
    if (!name.is_string()) return absl::InvalidArgumentError("a flag is not a string");
    const std::string& text = name.get_ref<const std::string&>();
    bool found = false;
    for (const FlagName& flag : table) {
      if (flag.name == text) {
        value |= flag.value;
        found = true;
        break;
      }
    }
    if (found) continue;
    unsigned int bits = 0;
    char extra = 0;
    if (text.size() == 10 && text.rfind("0x", 0) == 0 &&
        std::sscanf(text.c_str() + 2, "%8x%c", &bits, &extra) == 1) {
      value |= bits;
      continue;
    }
    return absl::InvalidArgumentError(absl::StrCat("unknown flag '", text, "'"));
  }
  return value;
}

bool HasFlag(const nlohmann::json& flags, std::string_view name) {
  if (!flags.is_array()) return false;
  for (const nlohmann::json& flag : flags) {
    if (flag.is_string() && flag.get_ref<const std::string&>() == name) return true;
  }
  return false;
}

std::string LibraryName(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  const std::string lower = absl::AsciiStrToLower(name);
  for (std::string_view suffix : {".so", ".dll", ".dylib"}) {
    if (lower.size() > suffix.size() && lower.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  if (name.size() > 3 && absl::AsciiStrToLower(name.substr(0, 3)) == "lib") name.erase(0, 3);
  return name;
}

}  // namespace mapi_emu::trace
