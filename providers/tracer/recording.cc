#include "providers/tracer/recording.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace tracer {

namespace {

// This thread's number in the recording, 0 before it records. Thread-local
// rather than a map keyed by std::thread::id: an id is reused once its thread
// has ended, and MAPI may make each bounded call on a thread of its own
// (mapi_emu does), so ids would give two threads one name. Trivially
// destructible, so it keeps no thread-exit hook that would pin libtracer.
thread_local uint64_t t_thread_number = 0;

}  // namespace

Recording& Recording::Get() {
  static Recording recording;
  return recording;
}

std::string Recording::ThreadName() {
  if (t_thread_number == 0) t_thread_number = ++threads_;
  // The writer's convention for threads nobody named (trace/writer.h).
  return t_thread_number == 1 ? std::string("client") : absl::StrCat("client-", t_thread_number);
}

uint64_t Recording::Record(trace::Event event) {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kOff) return 0;
  // The writer numbers lines in the order they are written; held events are
  // written first and in order, so the seq given here is the one it gives.
  event.seq = next_seq_++;
  event.thread = ThreadName();
  const uint64_t seq = event.seq;
  if (state_ == State::kUndecided) {
    held_.push_back(std::move(event));
  } else {
    writer_->Write(std::move(event));
    writer_->Flush();
  }
  return seq;
}

std::string Recording::Open(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kUndecided) {
    if (path == path_ || path.empty()) return "";
    if (path_.empty()) {
      return absl::StrCat("not recording: the first provider to log on named no trace file; '",
                          path, "' is not used (one process writes one trace)");
    }
    return absl::StrCat("the trace goes to '", path_, "', named by the first provider to log on; '",
                        path, "' is not used (one process writes one trace)");
  }
  path_ = path;
  if (path.empty()) {
    state_ = State::kOff;
    held_.clear();
    return "";
  }
  absl::StatusOr<std::unique_ptr<trace::TraceWriter>> writer =
      trace::TraceWriter::OpenFile(path, trace::Mode::kDeterministic);
  if (!writer.ok()) {
    state_ = State::kOff;
    held_.clear();
    return absl::StrCat("cannot write the trace: ", std::string(writer.status().message()),
                        "; not recording (the provider works on)");
  }
  writer_ = std::move(*writer);
  state_ = State::kOn;
  for (trace::Event& event : held_) writer_->Write(std::move(event));
  held_.clear();
  writer_->Flush();
  return "";
}

std::string Recording::Name(const void* object, std::string_view kind) {
  return names_.Name(object, kind);
}

}  // namespace tracer
