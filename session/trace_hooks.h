// Trace hooks: how the subsystem records its boundaries into the process's
// trace (trace/writer.h, docs/trace-format.md). Each helper first asks
// trace::TraceRecorder::Enabled() (one relaxed atomic load); when tracing is
// off nothing else happens: no name look-up, no JSON, no allocation. The
// argument and out-value builders are lambdas for that reason: they run only
// when the event is written.
//
// Objects are named by kind, the interface name without its leading 'I'
// ("MAPISession", "MsgStore", "MSProvider", "MSLogon", "MAPISupport" …).
// Thread-safe; a TracedCall belongs to the thread that made it.
#ifndef MAPI_EMU_SESSION_TRACE_HOOKS_H_
#define MAPI_EMU_SESSION_TRACE_HOOKS_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "mapidefs.h"
#include "nlohmann/json.hpp"
#include "trace/event.h"
#include "trace/writer.h"

namespace mapi_emu::tracing {

// The sides of a call (the direction it crosses a boundary).
inline constexpr const char* kClientToMapi = "client>mapi";
inline constexpr const char* kMapiToProvider = "mapi>provider";
inline constexpr const char* kProviderToMapi = "provider>mapi";

// Kinds of object names that more than one file writes.
inline constexpr const char* kSessionKind = "MAPISession";
inline constexpr const char* kStoreKind = "MsgStore";
inline constexpr const char* kSupportKind = "MAPISupport";

inline bool On() { return trace::TraceRecorder::Enabled(); }

// The object's name in the current trace ("MSLogon#1"); "" when off or for
// a null pointer. A name of another kind left behind by a destroyed object
// at the same address is dropped first.
std::string Name(const void* object, std::string_view kind);
// MAPI let go of `object` (destroyed, or its last reference released).
void Forget(const void* object);

// Flags by name, with the tables of trace/event.h.
inline nlohmann::json Flags(uint32_t value, std::span<const trace::FlagName> table) {
  return trace::DecodeFlags(value, table);
}
// "S_OK", "MAPI_E_CALL_FAILED", "0x80041234": the bare name of an HRESULT.
std::string ResultName(HRESULT hr);
// A MAPIUID by its order of first appearance in the trace, "MAPIUID#1":
// stores and MAPI make MAPIUIDs at random (NewUID), and a trace must be the
// same every run; what matters to the contract is which logon registered
// which MAPIUID, not its bytes.
std::string UidText(const MAPIUID& uid);
// "0x00010010".
std::string VersionText(uint32_t version);

// One call and its return. The call event is written at construction; the
// return by Return*/ReturnCount, or by the destructor when neither ran (an
// early exit: MAPI_E_CALL_FAILED). `iface` is empty for an API function,
// `object`/`kind` null/empty when there is no object.
class TracedCall {
 public:
  TracedCall(const char* side, const char* iface, const char* method, const void* object,
             const char* kind)
      : TracedCall(side, iface, method, object, kind, [] { return nlohmann::json::object(); }) {}
  template <typename ArgsFn>
  TracedCall(const char* side, const char* iface, const char* method, const void* object,
             const char* kind, ArgsFn&& args) {
    if (On()) Begin(side, iface, method, Name(object, kind), "", std::forward<ArgsFn>(args)());
  }
  // A provider entry point: an `entry` event naming the library.
  struct Entry {};
  template <typename ArgsFn>
  TracedCall(Entry, const char* method, const std::string& lib, ArgsFn&& args) {
    if (On()) {
      kind_ = trace::EventKind::kEntry;
      Begin(kMapiToProvider, "", method, "", lib, std::forward<ArgsFn>(args)());
    }
  }
  TracedCall(const TracedCall&) = delete;
  TracedCall& operator=(const TracedCall&) = delete;
  // Every path out of a traced method returns through Return*; the return
  // is written here only when something unwound past it.
  ~TracedCall() {
    if (seq_ != 0) EndUnwound();
  }

  // Whether the call event was written (the return will be).
  bool recording() const { return seq_ != 0; }

  // Records the return with `hr` by name; returns `hr`.
  HRESULT Return(HRESULT hr) {
    if (seq_ != 0) End(ResultName(hr), nullptr);
    return hr;
  }
  template <typename OutFn>
  HRESULT Return(HRESULT hr, OutFn&& out) {
    if (seq_ != 0) End(ResultName(hr), std::forward<OutFn>(out)());
    return hr;
  }
  // AddRef/Release: the count is the result.
  ULONG ReturnCount(ULONG count) {
    if (seq_ != 0) End(static_cast<int64_t>(count), nullptr);
    return count;
  }

 private:
  void Begin(const char* side, const char* iface, const char* method, std::string obj,
             std::string lib, nlohmann::json args);
  void End(nlohmann::json result, nlohmann::json out);
  void EndUnwound();

  // Only scalars while tracing is off, so an untraced call costs the atomic
  // load of On() and no construction; the names live on the heap while a
  // call is being recorded.
  struct Names {
    std::string obj, lib;
  };
  trace::EventKind kind_ = trace::EventKind::kCall;
  uint64_t seq_ = 0;
  const char* side_ = "";
  const char* iface_ = "";
  const char* method_ = "";
  std::unique_ptr<Names> names_;
};

// A library loaded or unloaded: `lib` is its file name (the trace names it by
// trace::LibraryName); `count` the load
// count after the event.
void Load(const std::string& lib, int64_t count);
void Unload(const std::string& lib, int64_t count);

// A note: `what` ("status_row.added"), the object's name (may be empty) and
// the note's own fields (a lambda returning a JSON object).
template <typename FieldsFn>
void Note(const char* what, const void* object, const char* kind, FieldsFn&& fields) {
  if (!On()) return;
  trace::Event e;
  e.ev = trace::EventKind::kNote;
  e.what = what;
  e.obj = Name(object, kind);
  e.fields = std::forward<FieldsFn>(fields)();
  trace::TraceRecorder::Global().Record(std::move(e));
}

// CallBounded's worker threads record under the name of the thread that
// asked for the call, so a trace does not depend on which worker ran it:
// the caller takes CallerThread() (empty when off) and the worker passes it
// to AdoptThread().
std::string CallerThread();
void AdoptThread(const std::string& name);

}  // namespace mapi_emu::tracing

#endif  // MAPI_EMU_SESSION_TRACE_HOOKS_H_
