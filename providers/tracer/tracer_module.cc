// What makes the wrapping core (providers/faulty/module.h) libtracer: its
// properties and environment variable (tracer.h), no fault rules, and a
// TraceObserver on every provider object.
#include <memory>

#include "providers/faulty/module.h"
#include "providers/tracer/trace_observer.h"
#include "providers/tracer/tracer.h"

namespace faulty {
namespace {

std::shared_ptr<CallObserver> MakeTraceObserver(ProviderType) {
  return std::make_shared<tracer::TraceObserver>();
}

}  // namespace

const Flavor& ModuleFlavor() {
  static constexpr Flavor kTracer{
      "tracer",
      PR_TRACER_WRAPPED_LIBRARY,
      "PR_TRACER_WRAPPED_LIBRARY",
      MAPI_EMU_TRACER_WRAPPED_ENV,
      0,
      "",
      PR_TRACER_OUTPUT,
      &MakeTraceObserver,
  };
  return kTracer;
}

}  // namespace faulty
