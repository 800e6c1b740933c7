// Recording: the one trace a loaded libtracer writes, shared by every
// provider object it wraps (one process's MAPI lifecycle is one trace, as
// docs/trace-format.md has it). Where it goes is known only at the first
// logon (a provider reads its profile section then), so events recorded
// before -- the entry point's -- are held in memory until Open() decides.
// Numbers events, names threads ("client", "client-2" ... in first-seen
// order) and objects ("MSLogon#1"). Thread-safe; never calls out.
#ifndef MAPI_EMU_PROVIDERS_TRACER_RECORDING_H_
#define MAPI_EMU_PROVIDERS_TRACER_RECORDING_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "trace/event.h"
#include "trace/writer.h"

namespace tracer {

namespace trace = ::mapi_emu::trace;

class Recording {
 public:
  // The recording of this libtracer (destroyed, and its file closed, when
  // libtracer is unloaded).
  static Recording& Get();

  // Gives `event` the next seq and its thread's name; writes it (flushed at
  // once, so a crash loses nothing written) when the trace is open, keeps
  // it while undecided, drops it when off. Returns its seq.
  uint64_t Record(trace::Event event);

  // The first call decides: writes the trace to `path` (with what was held)
  // or, for an empty path or a file that cannot be created, records
  // nothing from now on. Later calls only check they agree. The result is
  // a sentence for the user when something is wrong, else "".
  std::string Open(const std::string& path);

  // The name of `object` of `kind` in this trace ("MSLogon#1").
  std::string Name(const void* object, std::string_view kind);

 private:
  enum class State { kUndecided, kOn, kOff };
  // The calling thread's name, "client", "client-2" ...; needs mu_.
  std::string ThreadName();

  std::mutex mu_;  // guards the members below; never held while calling out
  State state_ = State::kUndecided;
  std::string path_;
  std::unique_ptr<trace::TraceWriter> writer_;
  std::vector<trace::Event> held_;
  uint64_t next_seq_ = 1;
  uint64_t threads_ = 0;  // threads that recorded so far
  trace::ObjectNames names_;
};

}  // namespace tracer

#endif  // MAPI_EMU_PROVIDERS_TRACER_RECORDING_H_
