#include "mapi_emu/base/default_malloc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/status_matchers.h"

namespace mapi_emu {
namespace {

constexpr SIZE_T kUnknownSize = static_cast<SIZE_T>(-1);

TEST(DefaultMallocTest, AllocGivesUsableBlocksOfTheAskedSize) {
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  void* p = malloc->Alloc(100);
  ASSERT_NE(p, nullptr);
  std::memset(p, 0x42, 100);
  EXPECT_EQ(malloc->GetSize(p), 100u);
  EXPECT_EQ(malloc->DidAlloc(p), 1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t), 0u);
  malloc->Free(p);
  EXPECT_EQ(malloc->LiveBlocks(), 0u);
}

TEST(DefaultMallocTest, AllocZeroIsAValidDistinctBlock) {
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  void* a = malloc->Alloc(0);
  void* b = malloc->Alloc(0);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(malloc->GetSize(a), 0u);
  EXPECT_EQ(malloc->DidAlloc(a), 1);
  malloc->Free(a);
  malloc->Free(b);
  EXPECT_EQ(malloc->LiveBlocks(), 0u);
}

TEST(DefaultMallocTest, ReallocFollowsComRules) {
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  // Realloc(NULL, cb) is Alloc(cb).
  auto* p = static_cast<char*>(malloc->Realloc(nullptr, 4));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(malloc->GetSize(p), 4u);
  std::memcpy(p, "abc", 4);
  // Growing keeps the contents.
  auto* q = static_cast<char*>(malloc->Realloc(p, 4096));
  ASSERT_NE(q, nullptr);
  EXPECT_STREQ(q, "abc");
  EXPECT_EQ(malloc->GetSize(q), 4096u);
  EXPECT_EQ(malloc->LiveBlocks(), 1u);
  // Realloc(p, 0) frees p and returns NULL.
  EXPECT_EQ(malloc->Realloc(q, 0), nullptr);
  EXPECT_EQ(malloc->DidAlloc(q), 0);
  EXPECT_EQ(malloc->LiveBlocks(), 0u);
}

TEST(DefaultMallocTest, ForeignPointersAreRecognisedAndLeftAlone) {
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  char foreign[16] = "not mine";
  EXPECT_EQ(malloc->GetSize(foreign), kUnknownSize);
  EXPECT_EQ(malloc->DidAlloc(foreign), 0);
  EXPECT_EQ(malloc->Realloc(foreign, 64), nullptr);
  malloc->Free(foreign);  // logged, ignored
  EXPECT_STREQ(foreign, "not mine");
  EXPECT_EQ(malloc->GetSize(nullptr), kUnknownSize);
  EXPECT_EQ(malloc->DidAlloc(nullptr), 0);
  malloc->Free(nullptr);  // no-op
  EXPECT_EQ(malloc->LiveBlocks(), 0u);

  // Blocks of another IMalloc are foreign too.
  ComPtr<DefaultMalloc> other = DefaultMalloc::Create();
  void* p = other->Alloc(8);
  EXPECT_EQ(malloc->DidAlloc(p), 0);
  malloc->Free(p);
  EXPECT_EQ(other->DidAlloc(p), 1);
  other->Free(p);
}

TEST(DefaultMallocTest, IsAComObjectAnsweringIMallocAndIUnknown) {
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  EXPECT_EQ(malloc->RefCount(), 1u);
  ComPtr<IMalloc> as_malloc;
  ASSERT_THAT(malloc.As(&as_malloc), HrIs(S_OK));
  ComPtr<IUnknown> as_unknown;
  ASSERT_THAT(malloc.As(&as_unknown), HrIs(S_OK));
  EXPECT_EQ(static_cast<IUnknown*>(as_malloc.get()), as_unknown.get());
  EXPECT_EQ(malloc->RefCount(), 3u);
  ComPtr<IStream> as_stream;
  EXPECT_THAT(malloc.As(&as_stream), HrIs(E_NOINTERFACE));
  EXPECT_EQ(as_stream, nullptr);
}

TEST(DefaultMallocTest, ProcessMallocIsSharedAndSurvivesBalancedReferences) {
  IMalloc* process = ProcessMalloc();
  ASSERT_NE(process, nullptr);
  EXPECT_EQ(ProcessMalloc(), process);
  // A provider that AddRefs it at init and releases it at shutdown.
  const ULONG held = process->AddRef();
  EXPECT_GE(held, 2u);  // the process keeps its own reference
  EXPECT_EQ(process->Release(), held - 1);
  void* p = process->Alloc(10);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(process->DidAlloc(p), 1);
  process->Free(p);
}

TEST(DefaultMallocTest, DestructionReleasesLeakedBlocks) {
  // LeakSanitizer checks the release.
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  ASSERT_NE(malloc->Alloc(128), nullptr);
  EXPECT_EQ(malloc->LiveBlocks(), 1u);
  malloc.Reset();
  EXPECT_EQ(malloc, nullptr);
}

TEST(DefaultMallocTest, ThreadsShareOneAllocator) {
  ComPtr<DefaultMalloc> malloc = DefaultMalloc::Create();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        void* p = malloc->Alloc(static_cast<SIZE_T>(i % 64));
        p = malloc->Realloc(p, 128);
        if (p != nullptr) std::memset(p, 1, 128);
        malloc->Free(p);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(malloc->LiveBlocks(), 0u);
}

}  // namespace
}  // namespace mapi_emu
