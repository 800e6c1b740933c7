#include "session/trace_hooks.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/hresult.h"

namespace mapi_emu::tracing {

std::string Name(const void* object, std::string_view kind) {
  if (object == nullptr || kind.empty() || !On()) return {};
  trace::TraceRecorder& recorder = trace::TraceRecorder::Global();
  std::string name = recorder.Name(object, kind);
  // The address may belong to a new object now: an object whose release MAPI
  // could not observe (the provider freed it later) left its name behind.
  if (!name.empty() && trace::ObjectKind(name) != kind) {
    recorder.Forget(object);
    name = recorder.Name(object, kind);
  }
  return name;
}

void Forget(const void* object) {
  if (object == nullptr || !On()) return;
  trace::TraceRecorder::Global().Forget(object);
}

std::string ResultName(HRESULT hr) {
  // HresultName prints "MAPI_E_NOT_FOUND (0x8004010F)"; the trace keeps the name.
  std::string text = HresultName(hr);
  if (size_t space = text.find(" ("); space != std::string::npos) text.resize(space);
  return text;
}

std::string UidText(const MAPIUID& uid) {
  // Each distinct MAPIUID gets one node that is never freed, so its address
  // is a stable key for the trace's object names.
  static absl::Mutex mu(absl::kConstInit);
  static auto* interned = new std::set<std::array<BYTE, sizeof(uid.ab)>>();
  const void* key = nullptr;
  {
    absl::MutexLock lock(&mu);
    std::array<BYTE, sizeof(uid.ab)> bytes;
    std::copy(std::begin(uid.ab), std::end(uid.ab), bytes.begin());
    key = &*interned->insert(bytes).first;
  }
  return Name(key, "MAPIUID");
}

std::string VersionText(uint32_t version) { return absl::StrFormat("0x%08X", version); }

void TracedCall::Begin(const char* side, const char* iface, const char* method, std::string obj,
                       std::string lib, nlohmann::json args) {
  if (!lib.empty()) lib = trace::LibraryName(lib);
  trace::Event e;
  e.ev = kind_;
  e.side = side;
  e.iface = iface;
  e.method = method;
  e.obj = obj;
  e.lib = lib;
  e.args = args.is_null() ? nlohmann::json::object() : std::move(args);
  seq_ = trace::TraceRecorder::Global().Record(std::move(e));
  if (seq_ == 0) return;
  side_ = side;
  iface_ = iface;
  method_ = method;
  names_ = std::make_unique<Names>(Names{std::move(obj), std::move(lib)});
}

void TracedCall::End(nlohmann::json result, nlohmann::json out) {
  trace::Event e;
  e.ev = trace::EventKind::kReturn;
  e.side = side_;
  e.iface = iface_;
  e.method = method_;
  if (names_ != nullptr) {
    e.obj = names_->obj;
    e.lib = names_->lib;
  }
  e.call = seq_;
  e.result = std::move(result);
  e.out = std::move(out);
  seq_ = 0;
  trace::TraceRecorder::Global().Record(std::move(e));
}

void TracedCall::EndUnwound() { End(ResultName(MAPI_E_CALL_FAILED), nullptr); }

namespace {

void LibraryEvent(trace::EventKind kind, const std::string& lib, int64_t count) {
  if (!On()) return;
  trace::Event e;
  e.ev = kind;
  e.lib = trace::LibraryName(lib);
  e.count = count;
  trace::TraceRecorder::Global().Record(std::move(e));
}

}  // namespace

void Load(const std::string& lib, int64_t count) {
  LibraryEvent(trace::EventKind::kLoad, lib, count);
}
void Unload(const std::string& lib, int64_t count) {
  LibraryEvent(trace::EventKind::kUnload, lib, count);
}

std::string CallerThread() {
  if (!On()) return {};
  return trace::TraceRecorder::Global().CurrentThreadName();
}

void AdoptThread(const std::string& name) {
  if (!name.empty()) trace::TraceRecorder::SetCurrentThreadName(name);
}

}  // namespace mapi_emu::tracing
