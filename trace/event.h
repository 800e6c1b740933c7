// The trace's event model: one Event per line of a trace file (JSON Lines,
// docs/trace-format.md), the header line, and the flag-name tables that turn
// flag words into arrays of names ("LOGOFF_ORDERLY") and back.
// Events are plain values; the functions here keep no state and are
// thread-safe.
#ifndef MAPI_EMU_TRACE_EVENT_H_
#define MAPI_EMU_TRACE_EVENT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace mapi_emu::trace {

inline constexpr std::string_view kSchemaName = "mapi_emu-trace";
inline constexpr int kSchemaVersion = 1;

enum class Mode { kDeterministic, kThreaded };
const char* ModeText(Mode mode);  // "deterministic", "threaded"

// Line 1 of every trace.
struct Header {
  int version = kSchemaVersion;
  std::string producer = "mapi_emu 0.1.0";
  Mode mode = Mode::kDeterministic;
};

enum class EventKind { kCall, kReturn, kLoad, kUnload, kEntry, kNote };
const char* EventKindText(EventKind kind);  // "call", "return", "load", ...
std::optional<EventKind> EventKindFromText(std::string_view text);

// One event. Which members are meaningful depends on `ev`; empty strings and
// null JSON values are left out of the line.
struct Event {
  uint64_t seq = 0;    // assigned by the writer: 1, 2, 3 ...
  std::string thread;  // "client", "client-2", "spooler", "worker-1"
  EventKind ev = EventKind::kNote;
  std::string what;              // note: "status_row.deleted", "uid.added", ...
  std::string side;              // call/return/entry: "client>mapi", "mapi>provider", ...
  std::string iface;             // "IMsgStore"; empty for an API function
  std::string method;            // "StoreLogoff", "MAPIInitialize", "MSProviderInit"
  std::string obj;               // "MsgStore#1"; empty for an API function
  std::string lib;               // "libsample_store.so": file name only
  uint64_t call = 0;             // return: seq of its call (or entry)
  nlohmann::json args;           // call/entry: object of named arguments
  nlohmann::json result;         // return: "S_OK", or a number (refs after AddRef/Release)
  nlohmann::json out;            // return: named out-values, optional
  std::optional<int64_t> count;  // load/unload: load count after
  nlohmann::json fields;         // note: further fields, an object (written sorted by key)
  std::optional<int64_t> t_us;   // microseconds since the trace began; never compared
};

// "IMsgStore::StoreLogoff", "MAPIInitialize", "MSProviderInit".
std::string CallName(const Event& event);
// The number in a return's result ("refs" of AddRef/Release), if it is one.
std::optional<int64_t> ResultNumber(const Event& event);
// The result as a name ("S_OK"); empty for a number.
std::string ResultName(const Event& event);
// How a trace names a provider library: the file name without its directory,
// its platform's prefix "lib" and its suffix (".so", ".dll", ".dylib", in any
// case), so "/x/libsample_store.so" and "C:\\x\\sample_store.dll" are both
// "sample_store" and one run gives the same trace on every platform.
std::string LibraryName(std::string_view path);
// "MsgStore" for "MsgStore#1"; the whole name if it has no '#'.
std::string_view ObjectKind(std::string_view name);

// One flag bit and its SDK name.
struct FlagName {
  uint32_t value;
  std::string_view name;
};
// The tables the trace uses, named after the argument they decode.
std::span<const FlagName> LogoffFlags();           // LOGOFF_* (StoreLogoff, StoreLogoffTransports)
std::span<const FlagName> TransportLogonFlags();   // LOGON_* (TransportLogon in/out)
std::span<const FlagName> TransportNotifyFlags();  // NOTIFY_BEGIN_* / NOTIFY_END_* ...
std::span<const FlagName> SpoolerNotifyFlags();    // NOTIFY_NEWMAIL ... NOTIFY_CRITICAL_ERROR
std::span<const FlagName> MapiLogonFlags();        // MAPI_LOGON_UI ... (MAPILogonEx)
std::span<const FlagName> SessionLogoffFlags();    // MAPI_LOGOFF_SHARED, MAPI_LOGOFF_UI

// The names of the set bits in table order, then each unknown bit as
// "0x00000100". 0 gives an empty array.
nlohmann::json DecodeFlags(uint32_t value, std::span<const FlagName> table);
// The inverse: an array of names and "0x..." strings; an error names the
// first element it does not know.
absl::StatusOr<uint32_t> EncodeFlags(const nlohmann::json& names, std::span<const FlagName> table);
// Whether a flags array (as DecodeFlags writes it) holds `name`.
bool HasFlag(const nlohmann::json& flags, std::string_view name);

}  // namespace mapi_emu::trace

#endif  // MAPI_EMU_TRACE_EVENT_H_
