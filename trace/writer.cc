#include "trace/writer.h"

#include <cstdlib>
#include <mutex>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace mapi_emu::trace {
namespace {

// Invalid UTF-8 from a provider's strings must not stop the trace.
std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AddString(std::string& line, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  absl::StrAppend(&line, ",\"", std::string(key), "\":", Dump(value));
}

void AddJson(std::string& line, std::string_view key, const nlohmann::json& value) {
  if (value.is_null()) return;
  absl::StrAppend(&line, ",\"", std::string(key), "\":", Dump(value));
}

// A thread's name in the current trace. Names given by
// SetCurrentThreadName hold for every trace; "client", "client-2", ... are
// handed out afresh for each trace (generation), so a scenario run twice in
// one process names its threads the same way both times.
struct ThreadName {
  std::string name;
  uint64_t generation = 0;
  bool chosen = false;
};
thread_local ThreadName current_thread_name;

}  // namespace

std::string FormatHeader(const Header& header) {
  return absl::StrCat("{\"schema\":\"", std::string(kSchemaName), "\",\"version\":", header.version,
                      ",\"producer\":", Dump(header.producer), ",\"mode\":\"",
                      ModeText(header.mode), "\"}");
}

std::string FormatEvent(const Event& event) {
  std::string line = absl::StrCat("{\"seq\":", event.seq);
  AddString(line, "thread", event.thread);
  absl::StrAppend(&line, ",\"ev\":\"", EventKindText(event.ev), "\"");
  AddString(line, "what", event.what);
  AddString(line, "side", event.side);
  AddString(line, "iface", event.iface);
  AddString(line, "method", event.method);
  AddString(line, "obj", event.obj);
  AddString(line, "lib", event.lib);
  if (event.ev == EventKind::kReturn) absl::StrAppend(&line, ",\"call\":", event.call);
  if (event.ev == EventKind::kCall || event.ev == EventKind::kEntry) {
    // A call always has its arguments, if only {}.
    absl::StrAppend(&line,
                    ",\"args\":", event.args.is_null() ? std::string("{}") : Dump(event.args));
  }
  AddJson(line, "result", event.result);
  AddJson(line, "out", event.out);
  if (event.count) absl::StrAppend(&line, ",\"count\":", *event.count);
  if (event.fields.is_object()) {
    for (const auto& [key, value] : event.fields.items()) AddJson(line, key, value);
  }
  if (event.t_us) absl::StrAppend(&line, ",\"t_us\":", *event.t_us);
  line += '}';
  return line;
}

std::string ObjectNames::Name(const void* object, std::string_view kind) {
  absl::MutexLock lock(&mu_);
  auto it = names_.find(object);
  if (it != names_.end()) return it->second;
  auto counter = counters_.find(kind);
  if (counter == counters_.end()) counter = counters_.emplace(std::string(kind), 0).first;
  std::string name = absl::StrCat(std::string(kind), "#", ++counter->second);
  names_.emplace(object, name);
  return name;
}

std::optional<std::string> ObjectNames::Find(const void* object) const {
  absl::MutexLock lock(&mu_);
  auto it = names_.find(object);
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

void ObjectNames::Forget(const void* object) {
  absl::MutexLock lock(&mu_);
  names_.erase(object);
}

size_t ObjectNames::size() const {
  absl::MutexLock lock(&mu_);
  return names_.size();
}

TraceWriter::TraceWriter(std::ostream& out, Mode mode, std::string producer)
    : out_(&out), mode_(mode), start_(std::chrono::steady_clock::now()) {
  Header header;
  header.mode = mode;
  header.producer = std::move(producer);
  *out_ << FormatHeader(header) << '\n';
}

absl::StatusOr<std::unique_ptr<TraceWriter>> TraceWriter::OpenFile(const std::string& path,
                                                                   Mode mode) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) return absl::NotFoundError(absl::StrCat("cannot create trace file '", path, "'"));
  auto writer = std::make_unique<TraceWriter>(*file, mode);
  writer->file_ = std::move(file);
  writer->path_ = path;
  return writer;
}

uint64_t TraceWriter::Write(Event event) {
  if (mode_ == Mode::kThreaded) {
    event.t_us = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::steady_clock::now() - start_)
                     .count();
  } else {
    event.t_us.reset();
  }
  absl::MutexLock lock(&mu_);
  if (file_ && !file_->is_open()) {
    file_->clear();
    file_->open(path_, std::ios::binary | std::ios::app);
    if (!*file_) spdlog::error("trace: cannot reopen '{}'; the trace misses events", path_);
  }
  event.seq = next_seq_++;
  *out_ << FormatEvent(event) << '\n';
  return event.seq;
}

void TraceWriter::Flush() {
  absl::MutexLock lock(&mu_);
  out_->flush();
}

void TraceWriter::Rest() {
  absl::MutexLock lock(&mu_);
  out_->flush();
  if (file_) file_->close();
}

std::atomic<int> TraceRecorder::state_{TraceRecorder::kUnknown};

TraceRecorder& TraceRecorder::Global() {
  static TraceRecorder* recorder = new TraceRecorder();
  return *recorder;
}

bool TraceRecorder::InitFromEnvironment() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* path = std::getenv("MAPI_EMU_TRACE");
    if (path == nullptr || *path == '\0') {
      int expected = kUnknown;
      state_.compare_exchange_strong(expected, kOff);
      return;
    }
    absl::StatusOr<std::unique_ptr<TraceWriter>> writer =
        TraceWriter::OpenFile(path, Mode::kDeterministic);
    if (!writer.ok()) {
      spdlog::error("MAPI_EMU_TRACE: {}; not tracing", std::string(writer.status().message()));
      int expected = kUnknown;
      state_.compare_exchange_strong(expected, kOff);
      return;
    }
    Global().Start(*std::move(writer));
  });
  return state_.load(std::memory_order_relaxed) == kOn;
}

void TraceRecorder::Start(std::unique_ptr<TraceWriter> writer) {
  absl::MutexLock lock(&mu_);
  if (writer_) writer_->Flush();
  writer_ = std::move(writer);
  ++generation_;
  unnamed_threads_ = 0;
  state_.store(writer_ ? kOn : kOff, std::memory_order_relaxed);
}

std::unique_ptr<TraceWriter> TraceRecorder::Stop() {
  absl::MutexLock lock(&mu_);
  state_.store(kOff, std::memory_order_relaxed);
  if (writer_) writer_->Flush();
  return std::move(writer_);
}

void TraceRecorder::Flush() {
  absl::MutexLock lock(&mu_);
  if (writer_) writer_->Flush();
}

void TraceRecorder::Rest() {
  absl::MutexLock lock(&mu_);
  if (writer_) writer_->Rest();
}

uint64_t TraceRecorder::Record(Event event) {
  if (!Enabled()) return 0;
  if (event.thread.empty()) event.thread = CurrentThreadName();
  absl::MutexLock lock(&mu_);
  if (!writer_) return 0;
  return writer_->Write(std::move(event));
}

std::string TraceRecorder::Name(const void* object, std::string_view kind) {
  if (!Enabled()) return {};
  absl::MutexLock lock(&mu_);
  if (!writer_) return {};
  return writer_->names().Name(object, kind);
}

void TraceRecorder::Forget(const void* object) {
  absl::MutexLock lock(&mu_);
  if (writer_) writer_->names().Forget(object);
}

void TraceRecorder::SetCurrentThreadName(std::string name) {
  current_thread_name.name = std::move(name);
  current_thread_name.chosen = true;
}

std::string TraceRecorder::CurrentThreadName() {
  ThreadName& current = current_thread_name;
  if (current.chosen) return current.name;
  absl::MutexLock lock(&mu_);
  if (current.name.empty() || current.generation != generation_) {
    int n = ++unnamed_threads_;
    current.name = n == 1 ? std::string("client") : absl::StrCat("client-", n);
    current.generation = generation_;
  }
  return current.name;
}

}  // namespace mapi_emu::trace
