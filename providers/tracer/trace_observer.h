// TraceObserver: the CallObserver (providers/faulty/observer.h) libtracer
// puts on each provider object. It turns what the wrapping core reports
// into trace events (docs/trace-format.md) in the process's Recording:
// the entry point as an `entry` and its return, every forwarded call as a
// `call` and a `return`, "mapi>provider" for MAPI's calls on the provider's
// objects and "provider>mapi" for the provider's calls on its support
// object; flags by name where trace/event.h has a table for them.
// Thread-safe.
#ifndef MAPI_EMU_PROVIDERS_TRACER_TRACE_OBSERVER_H_
#define MAPI_EMU_PROVIDERS_TRACER_TRACE_OBSERVER_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "providers/faulty/observer.h"

namespace tracer {

class TraceObserver final : public faulty::CallObserver {
 public:
  // The entry point's events are recorded at once when the wrapped library
  // is already loaded (MAPI_EMU_TRACER_WRAPPED), else at the first logon,
  // when the wrapped entry point really runs and its library is known.
  void OnEntry(const faulty::EntryCall& entry) override;
  // Opens the trace (PR_TRACER_OUTPUT, else MAPI_EMU_TRACER_OUT) and
  // records a held entry point; a problem is written to stderr, and the
  // provider works on untraced.
  void OnStart(const faulty::StartInfo& start) override;
  uint64_t OnCall(const void* object, faulty::Method method, const faulty::Values& args) override;
  void OnReturn(uint64_t token, const void* object, faulty::Method method, HRESULT hr,
                const faulty::Values& outs) override;
  void OnCount(uint64_t token, const void* object, faulty::Method method, ULONG count) override;

 private:
  static void RecordEntry(const faulty::EntryCall& entry, const std::string& library);

  std::mutex mu_;
  std::optional<faulty::EntryCall> held_entry_;  // guarded by mu_
};

}  // namespace tracer

#endif  // MAPI_EMU_PROVIDERS_TRACER_TRACE_OBSERVER_H_
