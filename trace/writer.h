// Writing traces: FormatEvent/FormatHeader make the exact bytes of one line
// (fixed key order, no floats), ObjectNames turns pointers into "MSLogon#1",
// TraceWriter numbers events and writes them as JSON Lines, and
// TraceRecorder is the process-wide switch the subsystem calls through.
// ObjectNames, TraceWriter and TraceRecorder are thread-safe.
#ifndef MAPI_EMU_TRACE_WRITER_H_
#define MAPI_EMU_TRACE_WRITER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "trace/event.h"

namespace mapi_emu::trace {

// The header line, without the newline.
std::string FormatHeader(const Header& header);
// One event line, without the newline. Keys in the documented order:
// seq, thread, ev, what, side, iface, method, obj, lib, call, args, result,
// out, count, the note's fields (sorted), t_us.
std::string FormatEvent(const Event& event);

// Names objects by kind and creation order within one trace: the first
// object of kind "MSLogon" is "MSLogon#1", the next "MSLogon#2".
class ObjectNames {
 public:
  // The name of `object`, giving it the next name of `kind` the first time.
  std::string Name(const void* object, std::string_view kind);
  // The name `object` has, if it has one.
  std::optional<std::string> Find(const void* object) const;
  // Forgets `object` (it was destroyed and its address may be reused); its
  // name is never given again.
  void Forget(const void* object);
  // How many objects have a name now.
  size_t size() const;

 private:
  mutable absl::Mutex mu_;
  std::map<const void*, std::string> names_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int, std::less<>> counters_ ABSL_GUARDED_BY(mu_);
};

// Writes one trace: the header at construction, then one line per Write.
class TraceWriter {
 public:
  // Writes to `out`, which must outlive the writer. In threaded mode each
  // event gets "t_us" (microseconds since construction).
  TraceWriter(std::ostream& out, Mode mode, std::string producer = "mapi_emu 0.1.0");
  // A writer that owns the file at `path` (created or truncated). The error
  // names the path.
  static absl::StatusOr<std::unique_ptr<TraceWriter>> OpenFile(const std::string& path, Mode mode);

  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Gives `event` the next seq (and t_us in threaded mode), writes its line
  // and returns the seq. Lines appear in seq order.
  uint64_t Write(Event event);
  void Flush();
  // Flushes and, for a writer made by OpenFile, closes the file until the
  // next Write, which reopens it for appending. Between a process's MAPI
  // sessions the file is then whole and free: on Windows an open file can be
  // neither removed nor replaced.
  void Rest();
  Mode mode() const { return mode_; }
  ObjectNames& names() { return names_; }

 private:
  std::unique_ptr<std::ofstream> file_;  // set by OpenFile
  std::string path_;                     // set by OpenFile
  std::ostream* out_;
  const Mode mode_;
  const std::chrono::steady_clock::time_point start_;
  ObjectNames names_;
  absl::Mutex mu_;
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 1;
};

// The process-wide recorder the subsystem emits events through. Off by
// default; `MAPI_EMU_TRACE=path` switches it on (deterministic mode) the
// first time Enabled() is asked; Start/Stop switch it by hand (the CLI).
class TraceRecorder {
 public:
  static TraceRecorder& Global();

  // One relaxed atomic load once the environment has been read.
  static bool Enabled() {
    int state = state_.load(std::memory_order_relaxed);
    if (state == kUnknown) return InitFromEnvironment();
    return state == kOn;
  }

  // Records into `writer` from now on (replacing and flushing any earlier one).
  void Start(std::unique_ptr<TraceWriter> writer);
  // Stops recording and flushes; returns the writer (nullptr if none).
  std::unique_ptr<TraceWriter> Stop();
  // Flushes the current writer, if any, and goes on recording (a trace the
  // environment switched on is never stopped: its owner flushes it).
  void Flush();
  // Flushes as Flush does and lets the writer's file rest until the next
  // event (TraceWriter::Rest): the last MAPIUninitialize leaves the file of
  // MAPI_EMU_TRACE whole and closed.
  void Rest();

  // Writes `event` if recording (an empty thread gets CurrentThreadName());
  // returns its seq, or 0 when off.
  uint64_t Record(Event event);
  // The name of `object` in the current trace ("" when off).
  std::string Name(const void* object, std::string_view kind);
  void Forget(const void* object);

  // Names the calling thread in traces ("spooler", "worker-1"). A thread
  // that records without a name is "client", then "client-2", ... in the
  // order they first record in the current trace (counted afresh by Start).
  static void SetCurrentThreadName(std::string name);
  std::string CurrentThreadName();

 private:
  static constexpr int kUnknown = 0, kOff = 1, kOn = 2;
  static bool InitFromEnvironment();
  static std::atomic<int> state_;

  absl::Mutex mu_;
  std::unique_ptr<TraceWriter> writer_ ABSL_GUARDED_BY(mu_);
  int unnamed_threads_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;  // one per Start
};

}  // namespace mapi_emu::trace

#endif  // MAPI_EMU_TRACE_WRITER_H_
