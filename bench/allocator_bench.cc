// MAPIAllocateBuffer / MAPIAllocateMore / MAPIFreeBuffer (through the symbols
// libmapi_emu exports) against plain malloc/free measured in the same run.
// Read the results as ratios: BM_MapiAllocateBuffer / BM_Malloc and
// BM_MapiRootWith8More / BM_Malloc9Blocks.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "mapix.h"

namespace {

constexpr ULONG kBlockSize = 64;

// Baseline: one malloc + free.
void BM_Malloc(benchmark::State& state) {
  for (auto _ : state) {
    void* p = std::malloc(kBlockSize);
    benchmark::DoNotOptimize(p);
    std::free(p);
  }
}
BENCHMARK(BM_Malloc)->Threads(1)->Threads(2);

void BM_MapiAllocateBuffer(benchmark::State& state) {
  for (auto _ : state) {
    void* p = nullptr;
    if (MAPIAllocateBuffer(kBlockSize, &p) != S_OK) {
      state.SkipWithError("MAPIAllocateBuffer failed");
      break;
    }
    benchmark::DoNotOptimize(p);
    MAPIFreeBuffer(p);
  }
}
BENCHMARK(BM_MapiAllocateBuffer)->Threads(1)->Threads(2);

// Baseline for a root with linked blocks: nine mallocs, nine frees.
void BM_Malloc9Blocks(benchmark::State& state) {
  void* blocks[9];
  for (auto _ : state) {
    for (void*& p : blocks) {
      p = std::malloc(kBlockSize);
      benchmark::DoNotOptimize(p);
    }
    for (void* p : blocks) std::free(p);
  }
}
BENCHMARK(BM_Malloc9Blocks);

// One MAPIAllocateBuffer root, eight MAPIAllocateMore blocks, one
// MAPIFreeBuffer for all nine.
void BM_MapiRootWith8More(benchmark::State& state) {
  for (auto _ : state) {
    void* root = nullptr;
    if (MAPIAllocateBuffer(kBlockSize, &root) != S_OK) {
      state.SkipWithError("MAPIAllocateBuffer failed");
      break;
    }
    for (int i = 0; i < 8; ++i) {
      void* more = nullptr;
      MAPIAllocateMore(kBlockSize, root, &more);
      benchmark::DoNotOptimize(more);
    }
    MAPIFreeBuffer(root);
  }
}
BENCHMARK(BM_MapiRootWith8More);

}  // namespace

BENCHMARK_MAIN();
