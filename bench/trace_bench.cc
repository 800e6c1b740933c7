// What a traced boundary costs (session/trace_hooks.h). Every call MAPI makes
// across the client<->MAPI and MAPI<->provider boundaries is wrapped in a
// tracing::TracedCall; with tracing off that must cost one relaxed atomic
// load and nothing else. Read the results as ratios against the baseline of
// the same run:
//   BM_TracedCallOff / BM_Call   the price of the hook when off (target: ~1)
//   BM_TracedCallOn  / BM_Call   what recording costs, for comparison
#include <benchmark/benchmark.h>

#include <memory>
#include <ostream>

#include "mapidefs.h"
#include "session/trace_hooks.h"
#include "trace/writer.h"

namespace {

// A provider method MAPI would call: out of line, so the call is real.
__attribute__((noinline)) HRESULT ProviderMethod(ULONG flags) {
  benchmark::DoNotOptimize(flags);
  return S_OK;
}

int object;  // stands for the provider object the call is on

// Baseline: the call alone.
void BM_Call(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ProviderMethod(0));
}
BENCHMARK(BM_Call);

HRESULT TracedMethod(ULONG flags) {
  mapi_emu::tracing::TracedCall traced(
      mapi_emu::tracing::kMapiToProvider, "IMSLogon", "Logoff", &object, "MSLogon",
      [&] { return nlohmann::json{{"flags", flags}}; });
  return traced.Return(ProviderMethod(flags));
}

void BM_TracedCallOff(benchmark::State& state) {
  mapi_emu::trace::TraceRecorder::Global().Stop();
  for (auto _ : state) benchmark::DoNotOptimize(TracedMethod(0));
}
BENCHMARK(BM_TracedCallOff);

// Recording into a stream that drops what it gets (no buffer): the cost of
// making and formatting the two events, not of the disk.
void BM_TracedCallOn(benchmark::State& state) {
  std::ostream sink(nullptr);
  mapi_emu::trace::TraceRecorder::Global().Start(std::make_unique<mapi_emu::trace::TraceWriter>(
      sink, mapi_emu::trace::Mode::kDeterministic));
  for (auto _ : state) benchmark::DoNotOptimize(TracedMethod(0));
  mapi_emu::trace::TraceRecorder::Global().Stop();
}
BENCHMARK(BM_TracedCallOn);

}  // namespace

BENCHMARK_MAIN();
