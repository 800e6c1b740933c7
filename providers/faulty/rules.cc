#include "providers/faulty/rules.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "mapicode.h"

namespace faulty {
namespace {

constexpr MethodInfo kMethods[] = {
#define FAULTY_METHOD(iface, method, kind) {#iface, #method, Kind::kind},
#include "providers/faulty/methods.inc"
#undef FAULTY_METHOD
};
static_assert(sizeof kMethods / sizeof kMethods[0] == static_cast<size_t>(Method::kCount));

struct NamedHresult {
  const char* name;
  HRESULT hr;
};
// MAPI names first: where two names share a value (MAPI_E_NOT_ENOUGH_MEMORY
// and E_OUTOFMEMORY), HresultName gives the MAPI one.
constexpr NamedHresult kHresults[] = {
    {"MAPI_E_ACCOUNT_DISABLED", MAPI_E_ACCOUNT_DISABLED},
    {"MAPI_E_AMBIGUOUS_RECIP", MAPI_E_AMBIGUOUS_RECIP},
    {"MAPI_E_BAD_CHARWIDTH", MAPI_E_BAD_CHARWIDTH},
    {"MAPI_E_BAD_COLUMN", MAPI_E_BAD_COLUMN},
    {"MAPI_E_BAD_VALUE", MAPI_E_BAD_VALUE},
    {"MAPI_E_BUSY", MAPI_E_BUSY},
    {"MAPI_E_CALL_FAILED", MAPI_E_CALL_FAILED},
    {"MAPI_E_CANCEL", MAPI_E_CANCEL},
    {"MAPI_E_COLLISION", MAPI_E_COLLISION},
    {"MAPI_E_COMPUTED", MAPI_E_COMPUTED},
    {"MAPI_E_CORRUPT_DATA", MAPI_E_CORRUPT_DATA},
    {"MAPI_E_CORRUPT_STORE", MAPI_E_CORRUPT_STORE},
    {"MAPI_E_DECLINE_COPY", MAPI_E_DECLINE_COPY},
    {"MAPI_E_DISK_ERROR", MAPI_E_DISK_ERROR},
    {"MAPI_E_END_OF_SESSION", MAPI_E_END_OF_SESSION},
    {"MAPI_E_EXTENDED_ERROR", MAPI_E_EXTENDED_ERROR},
    {"MAPI_E_FAILONEPROVIDER", MAPI_E_FAILONEPROVIDER},
    {"MAPI_E_FOLDER_CYCLE", MAPI_E_FOLDER_CYCLE},
    {"MAPI_E_HAS_FOLDERS", MAPI_E_HAS_FOLDERS},
    {"MAPI_E_HAS_MESSAGES", MAPI_E_HAS_MESSAGES},
    {"MAPI_E_INTERFACE_NOT_SUPPORTED", MAPI_E_INTERFACE_NOT_SUPPORTED},
    {"MAPI_E_INVALID_ACCESS_TIME", MAPI_E_INVALID_ACCESS_TIME},
    {"MAPI_E_INVALID_BOOKMARK", MAPI_E_INVALID_BOOKMARK},
    {"MAPI_E_INVALID_ENTRYID", MAPI_E_INVALID_ENTRYID},
    {"MAPI_E_INVALID_OBJECT", MAPI_E_INVALID_OBJECT},
    {"MAPI_E_INVALID_PARAMETER", MAPI_E_INVALID_PARAMETER},
    {"MAPI_E_INVALID_TYPE", MAPI_E_INVALID_TYPE},
    {"MAPI_E_INVALID_WORKSTATION_ACCOUNT", MAPI_E_INVALID_WORKSTATION_ACCOUNT},
    {"MAPI_E_LOCKID_LIMIT", MAPI_E_LOCKID_LIMIT},
    {"MAPI_E_LOGON_FAILED", MAPI_E_LOGON_FAILED},
    {"MAPI_E_MISSING_REQUIRED_COLUMN", MAPI_E_MISSING_REQUIRED_COLUMN},
    {"MAPI_E_NAMED_PROP_QUOTA_EXCEEDED", MAPI_E_NAMED_PROP_QUOTA_EXCEEDED},
    {"MAPI_E_NETWORK_ERROR", MAPI_E_NETWORK_ERROR},
    {"MAPI_E_NON_STANDARD", MAPI_E_NON_STANDARD},
    {"MAPI_E_NOT_ENOUGH_DISK", MAPI_E_NOT_ENOUGH_DISK},
    {"MAPI_E_NOT_ENOUGH_MEMORY", MAPI_E_NOT_ENOUGH_MEMORY},
    {"MAPI_E_NOT_ENOUGH_RESOURCES", MAPI_E_NOT_ENOUGH_RESOURCES},
    {"MAPI_E_NOT_FOUND", MAPI_E_NOT_FOUND},
    {"MAPI_E_NOT_INITIALIZED", MAPI_E_NOT_INITIALIZED},
    {"MAPI_E_NOT_IN_QUEUE", MAPI_E_NOT_IN_QUEUE},
    {"MAPI_E_NOT_ME", MAPI_E_NOT_ME},
    {"MAPI_E_NO_ACCESS", MAPI_E_NO_ACCESS},
    {"MAPI_E_NO_RECIPIENTS", MAPI_E_NO_RECIPIENTS},
    {"MAPI_E_NO_SUPPORT", MAPI_E_NO_SUPPORT},
    {"MAPI_E_NO_SUPPRESS", MAPI_E_NO_SUPPRESS},
    {"MAPI_E_OBJECT_CHANGED", MAPI_E_OBJECT_CHANGED},
    {"MAPI_E_OBJECT_DELETED", MAPI_E_OBJECT_DELETED},
    {"MAPI_E_OFFLINE", MAPI_E_OFFLINE},
    {"MAPI_E_PASSWORD_CHANGE_REQUIRED", MAPI_E_PASSWORD_CHANGE_REQUIRED},
    {"MAPI_E_PASSWORD_EXPIRED", MAPI_E_PASSWORD_EXPIRED},
    {"MAPI_E_PROFILE_DELETED", MAPI_E_PROFILE_DELETED},
    {"MAPI_E_RECONNECTED", MAPI_E_RECONNECTED},
    {"MAPI_E_SESSION_LIMIT", MAPI_E_SESSION_LIMIT},
    {"MAPI_E_STORE_FULL", MAPI_E_STORE_FULL},
    {"MAPI_E_STRING_TOO_LONG", MAPI_E_STRING_TOO_LONG},
    {"MAPI_E_SUBMITTED", MAPI_E_SUBMITTED},
    {"MAPI_E_TABLE_EMPTY", MAPI_E_TABLE_EMPTY},
    {"MAPI_E_TABLE_TOO_BIG", MAPI_E_TABLE_TOO_BIG},
    {"MAPI_E_TIMEOUT", MAPI_E_TIMEOUT},
    {"MAPI_E_TOO_BIG", MAPI_E_TOO_BIG},
    {"MAPI_E_TOO_COMPLEX", MAPI_E_TOO_COMPLEX},
    {"MAPI_E_TYPE_NO_SUPPORT", MAPI_E_TYPE_NO_SUPPORT},
    {"MAPI_E_UNABLE_TO_ABORT", MAPI_E_UNABLE_TO_ABORT},
    {"MAPI_E_UNABLE_TO_COMPLETE", MAPI_E_UNABLE_TO_COMPLETE},
    {"MAPI_E_UNCONFIGURED", MAPI_E_UNCONFIGURED},
    {"MAPI_E_UNEXPECTED_ID", MAPI_E_UNEXPECTED_ID},
    {"MAPI_E_UNEXPECTED_TYPE", MAPI_E_UNEXPECTED_TYPE},
    {"MAPI_E_UNKNOWN_CPID", MAPI_E_UNKNOWN_CPID},
    {"MAPI_E_UNKNOWN_ENTRYID", MAPI_E_UNKNOWN_ENTRYID},
    {"MAPI_E_UNKNOWN_FLAGS", MAPI_E_UNKNOWN_FLAGS},
    {"MAPI_E_UNKNOWN_LCID", MAPI_E_UNKNOWN_LCID},
    {"MAPI_E_USER_CANCEL", MAPI_E_USER_CANCEL},
    {"MAPI_E_VERSION", MAPI_E_VERSION},
    {"MAPI_E_WAIT", MAPI_E_WAIT},
    {"MAPI_W_APPROX_COUNT", MAPI_W_APPROX_COUNT},
    {"MAPI_W_CANCEL_MESSAGE", MAPI_W_CANCEL_MESSAGE},
    {"MAPI_W_ERRORS_RETURNED", MAPI_W_ERRORS_RETURNED},
    {"MAPI_W_NO_SERVICE", MAPI_W_NO_SERVICE},
    {"MAPI_W_PARTIAL_COMPLETION", MAPI_W_PARTIAL_COMPLETION},
    {"MAPI_W_POSITION_CHANGED", MAPI_W_POSITION_CHANGED},
    {"S_FALSE", S_FALSE},
    {"S_OK", S_OK},
    {"E_ABORT", E_ABORT},
    {"E_ACCESSDENIED", E_ACCESSDENIED},
    {"E_FAIL", E_FAIL},
    {"E_HANDLE", E_HANDLE},
    {"E_INVALIDARG", E_INVALIDARG},
    {"E_NOINTERFACE", E_NOINTERFACE},
    {"E_NOTIMPL", E_NOTIMPL},
    {"E_OUTOFMEMORY", E_OUTOFMEMORY},
    {"E_POINTER", E_POINTER},
    {"E_UNEXPECTED", E_UNEXPECTED},
};

constexpr const char* kCallbackNames[] = {"OpenProfileSection", "ModifyStatusRow",
                                          "StoreLogoffTransports", "SpoolerYield", "NewUID"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Offset of `part` (a view into `whole`) in `whole`, 1-based.
size_t ColumnOf(std::string_view whole, std::string_view part) {
  return static_cast<size_t>(part.data() - whole.data()) + 1;
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

bool ParseUnsigned(std::string_view s, unsigned long max, unsigned* out) {
  if (s.empty() || s.size() > 10) return false;
  unsigned long v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + static_cast<unsigned long>(c - '0');
  }
  if (v > max) return false;
  *out = static_cast<unsigned>(v);
  return true;
}

// Parses one trimmed rule; returns an error "column N: ..." or "".
std::string ParseOne(std::string_view text, Rule* rule) {
  auto at = [&](std::string_view part, const std::string& what) {
    return "column " + std::to_string(ColumnOf(text, part)) + ": " + what;
  };
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return at(text, "expected '<Interface>::<Method>[#N] = <action>' (no '=')");
  }
  const std::string_view target = Trim(text.substr(0, eq));
  const std::string_view action = Trim(text.substr(eq + 1));
  const size_t colons = target.find("::");
  if (colons == std::string_view::npos) {
    return at(target.empty() ? text : target, "expected '<Interface>::<Method>' before '='");
  }
  const std::string_view iface = Trim(target.substr(0, colons));
  std::string_view method = Trim(target.substr(colons + 2));
  if (!IsIdentifier(iface))
    return at(target, "'" + std::string(iface) + "' is not an interface name");
  std::string_view nth;
  if (size_t hash = method.find('#'); hash != std::string_view::npos) {
    nth = Trim(method.substr(hash + 1));
    method = Trim(method.substr(0, hash));
    if (!ParseUnsigned(nth, 1000000000, &rule->nth) || rule->nth == 0) {
      return at(nth.empty() ? method : nth,
                "'#" + std::string(nth) + "' is not a call number (1, 2, 3 ...)");
    }
  }
  bool iface_known = false;
  rule->method = Method::kCount;
  for (size_t i = 0; i < sizeof kMethods / sizeof kMethods[0]; ++i) {
    if (iface != kMethods[i].iface) continue;
    iface_known = true;
    if (method == kMethods[i].name) rule->method = static_cast<Method>(i);
  }
  if (!iface_known) {
    return at(iface, "unknown interface '" + std::string(iface) +
                         "' (IMSProvider, IMSLogon, IMsgStore, IABProvider, IABLogon, "
                         "IXPProvider, IXPLogon or IMAPISupport)");
  }
  if (rule->method == Method::kCount) {
    return at(method.empty() ? target : method,
              std::string(iface) + " has no method '" + std::string(method) + "'");
  }
  if (action.empty()) return at(text.substr(eq), "no action after '='");

  const MethodInfo& info = Info(rule->method);
  const bool support = std::string_view(info.iface) == "IMAPISupport";
  const std::string_view name = action.substr(0, action.find(':'));
  const std::string_view arg =
      name.size() < action.size() ? Trim(action.substr(name.size() + 1)) : std::string_view();
  auto refuse = [&](const std::string& why) {
    return at(action, "'" + std::string(name) + "' " + why + " (" + MethodName(rule->method) + ")");
  };
  auto needs_no_arg = [&]() -> std::string {
    if (name.size() < action.size())
      return at(action, "'" + std::string(name) + "' takes no argument");
    return {};
  };
  if (name == "hr") {
    rule->action = Action::kHr;
    if (info.kind == Kind::kRefCount) return refuse("does not apply to AddRef/Release");
    if (!ParseHresult(arg, &rule->hr)) {
      return at(arg.empty() ? action : arg,
                "'" + std::string(arg) + "' is not an HRESULT name (MAPI_E_CALL_FAILED) or 0x hex");
    }
  } else if (name == "throw") {
    rule->action = Action::kThrow;
    if (info.kind == Kind::kRefCount) return refuse("does not apply to AddRef/Release");
    if (support) return refuse("is for provider methods: MAPI never throws into a provider");
    return needs_no_arg();
  } else if (name == "hang") {
    rule->action = Action::kHang;
    if (!ParseUnsigned(arg, kMaxHangMs, &rule->ms)) {
      return at(arg.empty() ? action : arg, "'" + std::string(arg) +
                                                "' is not a number of milliseconds from 0 to " +
                                                std::to_string(kMaxHangMs));
    }
  } else if (name == "leak") {
    rule->action = Action::kLeak;
    if (info.kind != Kind::kObject) return refuse("needs a method that hands out an object");
    return needs_no_arg();
  } else if (name == "release-twice") {
    rule->action = Action::kReleaseTwice;
    return needs_no_arg();
  } else if (name == "skip" || name == "repeat") {
    rule->action = name == "skip" ? Action::kSkip : Action::kRepeat;
    if (info.kind == Kind::kRefCount) return refuse("does not apply to AddRef/Release");
    if (info.kind == Kind::kObject)
      return refuse("does not apply to a method that hands out an object");
    return needs_no_arg();
  } else if (name == "keep-support") {
    rule->action = Action::kKeepSupport;
    if (rule->method != Method::kIMAPISupport_Release) {
      return refuse("applies to IMAPISupport::Release only");
    }
    return needs_no_arg();
  } else if (name == "callback") {
    rule->action = Action::kCallback;
    if (support) return refuse("is for provider methods (a call into MAPI from inside them)");
    bool found = false;
    for (size_t i = 0; i < sizeof kCallbackNames / sizeof kCallbackNames[0]; ++i) {
      if (arg == kCallbackNames[i]) {
        rule->callback = static_cast<Callback>(i);
        found = true;
      }
    }
    if (!found) {
      return at(arg.empty() ? action : arg,
                "'" + std::string(arg) +
                    "' is not a support method callback: can call (OpenProfileSection, "
                    "ModifyStatusRow, StoreLogoffTransports, SpoolerYield, NewUID)");
    }
  } else {
    return at(action, "unknown action '" + std::string(name) +
                          "' (hr:, throw, hang:, leak, release-twice, skip, repeat, "
                          "keep-support, callback:)");
  }
  return {};
}

}  // namespace

const MethodInfo& Info(Method method) { return kMethods[static_cast<size_t>(method)]; }

std::string MethodName(Method method) {
  const MethodInfo& info = Info(method);
  return std::string(info.iface) + "::" + info.name;
}

ParsedRules ParseRules(std::string_view text) {
  ParsedRules out;
  int number = 0;
  while (!text.empty()) {
    const size_t end = text.find_first_of(";\n");
    std::string_view piece = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    piece = Trim(piece);
    if (piece.empty()) continue;
    if (piece.front() == '#') continue;
    ++number;
    Rule rule;
    rule.text = std::string(piece);
    std::string error = ParseOne(piece, &rule);
    if (!error.empty()) {
      out.rules.clear();
      out.error = "rule " + std::to_string(number) + " '" + rule.text + "', " + error;
      return out;
    }
    out.rules.push_back(std::move(rule));
  }
  return out;
}

bool ParseHresult(std::string_view text, HRESULT* out) {
  for (const NamedHresult& h : kHresults) {
    if (text == h.name) {
      *out = h.hr;
      return true;
    }
  }
  if (text.size() != 10 || (text.substr(0, 2) != "0x" && text.substr(0, 2) != "0X")) return false;
  unsigned long v = 0;
  for (char c : text.substr(2)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    v = v * 16 +
        static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(c))
                                       ? c - '0'
                                       : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
  }
  *out = static_cast<HRESULT>(static_cast<ULONG>(v));
  return true;
}

std::string HresultName(HRESULT hr) {
  for (const NamedHresult& h : kHresults) {
    if (h.hr == hr) return h.name;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(hr));
  return buf;
}

const char* CallbackName(Callback callback) {
  return kCallbackNames[static_cast<size_t>(callback)];
}

}  // namespace faulty
