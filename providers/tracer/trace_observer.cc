#include "providers/tracer/trace_observer.h"

#include <cstdlib>
#include <span>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mapi_emu/base/hresult.h"
#include "mapicode.h"
#include "providers/faulty/context.h"
#include "providers/tracer/recording.h"
#include "providers/tracer/tracer.h"
#include "trace/event.h"

namespace tracer {
namespace {

using faulty::Method;

// The trace's result name: the SDK's preferred spelling, else "0x80041234".
std::string ResultName(HRESULT hr) {
  for (const mapi_emu::HresultInfo& info : mapi_emu::HresultTable()) {
    if (info.value == hr && !info.alias) return std::string(info.name);
  }
  return absl::StrFormat("0x%08X", static_cast<uint32_t>(hr));
}

std::string Hex(ULONG value) { return absl::StrFormat("0x%08X", static_cast<uint32_t>(value)); }

// "MSLogon" for "IMSLogon": objects are named by kind.
std::string Kind(const char* iface) { return std::string(iface + 1); }

// The table that names the flags of `method` (trace/event.h); the others'
// bits are written in hex.
std::span<const trace::FlagName> FlagTable(Method method) {
  switch (method) {
    case Method::kIMsgStore_StoreLogoff:
    case Method::kIMAPISupport_StoreLogoffTransports:
      return trace::LogoffFlags();
    case Method::kIXPProvider_TransportLogon:
      return trace::TransportLogonFlags();
    case Method::kIXPLogon_TransportNotify:
      return trace::TransportNotifyFlags();
    case Method::kIMAPISupport_SpoolerNotify:
      return trace::SpoolerNotifyFlags();
    default:
      return {};
  }
}

nlohmann::json ToJson(Method method, const faulty::Values& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const faulty::Value& v : values) {
    switch (v.type) {
      case faulty::Value::Type::kNull:
        out[v.name] = nullptr;
        break;
      case faulty::Value::Type::kFlags:
        out[v.name] = trace::DecodeFlags(static_cast<uint32_t>(v.number), FlagTable(method));
        break;
      case faulty::Value::Type::kNumber:
        out[v.name] = v.number;
        break;
      case faulty::Value::Type::kObject:
        if (v.object == nullptr) {
          out[v.name] = nullptr;
        } else {
          out[v.name] = Recording::Get().Name(v.object, v.kind);
        }
        break;
    }
  }
  return out;
}

// A call or return event of `method` on `object`, without args or result.
trace::Event CallEvent(trace::EventKind kind, const void* object, Method method) {
  const faulty::MethodInfo& info = faulty::Info(method);
  trace::Event e;
  e.ev = kind;
  // The support object is MAPI's: calls on it are the provider's.
  e.side = std::string_view(info.iface) == "IMAPISupport" ? "provider>mapi" : "mapi>provider";
  e.iface = info.iface;
  e.method = info.name;
  e.obj = Recording::Get().Name(object, Kind(info.iface));
  return e;
}

const char* TypeName(faulty::ProviderType type) {
  switch (type) {
    case faulty::ProviderType::kStore:
      return "MAPI_STORE_PROVIDER";
    case faulty::ProviderType::kAddressBook:
      return "MAPI_AB_PROVIDER";
    case faulty::ProviderType::kTransport:
      return "MAPI_TRANSPORT_PROVIDER";
  }
  return "?";
}

const char* ProviderKind(faulty::ProviderType type) {
  switch (type) {
    case faulty::ProviderType::kStore:
      return "MSProvider";
    case faulty::ProviderType::kAddressBook:
      return "ABProvider";
    case faulty::ProviderType::kTransport:
      return "XPProvider";
  }
  return "?";
}

}  // namespace

void TraceObserver::RecordEntry(const faulty::EntryCall& entry, const std::string& library) {
  Recording& recording = Recording::Get();
  trace::Event call;
  call.ev = trace::EventKind::kEntry;
  call.side = "mapi>provider";
  call.method = faulty::EntryPointName(entry.type);
  call.lib = library.empty() ? std::string() : mapi_emu::trace::LibraryName(library);
  call.args = {{"flags", trace::DecodeFlags(entry.flags, {})},
               {"mapi_ver", Hex(entry.mapi_version)},
               {"type", TypeName(entry.type)}};
  trace::Event ret;
  ret.ev = trace::EventKind::kReturn;
  ret.side = call.side;
  ret.method = call.method;
  ret.lib = call.lib;
  ret.call = recording.Record(std::move(call));
  ret.result = ResultName(entry.hr);
  ret.out = {{"provider", entry.provider != nullptr ? nlohmann::json(recording.Name(
                                                          entry.provider, ProviderKind(entry.type)))
                                                    : nlohmann::json(nullptr)},
             {"version", Hex(entry.version)}};
  recording.Record(std::move(ret));
}

void TraceObserver::OnEntry(const faulty::EntryCall& entry) {
  if (!entry.library.empty() || FAILED(entry.hr)) {
    RecordEntry(entry, entry.library);
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  held_entry_ = entry;
}

void TraceObserver::OnStart(const faulty::StartInfo& start) {
  std::string path = start.setting;
  if (path.empty()) {
    // The environment only when the profile says nothing.
    if (const char* env = std::getenv(MAPI_EMU_TRACER_OUT_ENV); env != nullptr) path = env;
  }
  const std::string problem = Recording::Get().Open(path);
  if (!problem.empty()) {
    faulty::Say(problem);
  } else if (path.empty()) {
    faulty::Say(absl::StrCat("no trace to write: set PR_TRACER_OUTPUT (", Hex(PR_TRACER_OUTPUT),
                             ") in the provider's or its service's profile section, or ",
                             MAPI_EMU_TRACER_OUT_ENV, "; not recording"));
  }
  std::optional<faulty::EntryCall> entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    entry.swap(held_entry_);
  }
  if (entry) RecordEntry(*entry, start.library);
}

uint64_t TraceObserver::OnCall(const void* object, Method method, const faulty::Values& args) {
  trace::Event e = CallEvent(trace::EventKind::kCall, object, method);
  e.args = ToJson(method, args);
  return Recording::Get().Record(std::move(e));
}

void TraceObserver::OnReturn(uint64_t token, const void* object, Method method, HRESULT hr,
                             const faulty::Values& outs) {
  trace::Event e = CallEvent(trace::EventKind::kReturn, object, method);
  e.call = token;
  e.result = ResultName(hr);
  if (!outs.empty()) e.out = ToJson(method, outs);
  Recording::Get().Record(std::move(e));
}

void TraceObserver::OnCount(uint64_t token, const void* object, Method method, ULONG count) {
  trace::Event e = CallEvent(trace::EventKind::kReturn, object, method);
  e.call = token;
  e.result = count;
  Recording::Get().Record(std::move(e));
}

}  // namespace tracer
