#include "mapi_emu/base/allocator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define MAPI_EMU_HAVE_MMAP 1
#endif

namespace mapi_emu {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using Kind = BadFreeReport::Kind;

// MAPIFreeBuffer returns S_OK as a ULONG.
constexpr ULONG kFreeOk = S_OK;
void* const kSentinel = reinterpret_cast<void*>(uintptr_t{0xBADF00D0});

// Collects every report the allocator delivers.
class ReportLog {
 public:
  explicit ReportLog(BufferAllocator& allocator) : allocator_(allocator) {
    allocator_.SetBadCallObserver([this](const BadFreeReport& report) {
      absl::MutexLock lock(&mu_);
      reports_.push_back(report);
    });
  }
  ~ReportLog() { allocator_.SetBadCallObserver(nullptr); }

  std::vector<Kind> kinds() const {
    absl::MutexLock lock(&mu_);
    std::vector<Kind> out;
    for (const auto& r : reports_) out.push_back(r.kind);
    return out;
  }
  std::vector<BadFreeReport> reports() const {
    absl::MutexLock lock(&mu_);
    return reports_;
  }

 private:
  BufferAllocator& allocator_;
  mutable absl::Mutex mu_;
  std::vector<BadFreeReport> reports_ ABSL_GUARDED_BY(mu_);
};

bool IsAligned(const void* p) {
  return reinterpret_cast<uintptr_t>(p) % BufferAllocator::kAlignment == 0;
}

TEST(BufferAllocatorTest, BlocksAreSixteenByteAlignedAndWritable) {
  BufferAllocator allocator;
  std::vector<void*> roots;
  for (ULONG cb = 0; cb < 64; ++cb) {
    void* p = kSentinel;
    ASSERT_THAT(allocator.Allocate(cb, &p), HrIs(S_OK));
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(IsAligned(p)) << "cb=" << cb << " p=" << p;
    std::memset(p, 0xAB, cb);
    void* more = kSentinel;
    ASSERT_THAT(allocator.AllocateMore(cb, p, &more), HrIs(S_OK));
    EXPECT_TRUE(IsAligned(more)) << "cb=" << cb << " more=" << more;
    std::memset(more, 0xCD, cb);
    roots.push_back(p);
  }
  for (void* p : roots) EXPECT_EQ(allocator.Free(p), kFreeOk);
  EXPECT_EQ(allocator.GetStats().live_roots, 0u);
  EXPECT_EQ(allocator.GetStats().bad_calls, 0u);
}

TEST(BufferAllocatorTest, ZeroByteBlocksAreDistinctAndNonNull) {
  BufferAllocator allocator;
  void* a = nullptr;
  void* b = nullptr;
  ASSERT_THAT(allocator.Allocate(0, &a), HrIs(S_OK));
  ASSERT_THAT(allocator.Allocate(0, &b), HrIs(S_OK));
  EXPECT_NE(a, nullptr);
  EXPECT_NE(b, nullptr);
  EXPECT_NE(a, b);
  void* more = nullptr;
  ASSERT_THAT(allocator.AllocateMore(0, a, &more), HrIs(S_OK));
  EXPECT_NE(more, nullptr);
  EXPECT_NE(more, a);
  allocator.Free(a);
  allocator.Free(b);
  EXPECT_EQ(allocator.GetStats().live_roots, 0u);
}

TEST(BufferAllocatorTest, NullOutParameterIsInvalidParameter) {
  BufferAllocator allocator;
  EXPECT_THAT(allocator.Allocate(8, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  void* root = nullptr;
  ASSERT_THAT(allocator.Allocate(8, &root), HrIs(S_OK));
  EXPECT_THAT(allocator.AllocateMore(8, root, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  allocator.Free(root);
  EXPECT_EQ(allocator.GetStats().live_roots, 0u);
}

TEST(BufferAllocatorTest, FreeNullDoesNothing) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  EXPECT_EQ(allocator.Free(nullptr), kFreeOk);
  EXPECT_TRUE(log.kinds().empty());
  EXPECT_EQ(allocator.GetStats().bad_calls, 0u);
}

TEST(BufferAllocatorTest, FreeingRootFreesEveryLinkedBlock) {
  BufferAllocator allocator;
  void* root = nullptr;
  ASSERT_THAT(allocator.Allocate(32, &root), HrIs(S_OK));
  std::vector<void*> more(8);
  for (void*& m : more) {
    ASSERT_THAT(allocator.AllocateMore(100, root, &m), HrIs(S_OK));
    std::memset(m, 0x5A, 100);
  }
  EXPECT_EQ(allocator.GetStats().live_roots, 1u);
  EXPECT_EQ(allocator.GetStats().live_more_blocks, 8u);
  for (void* m : more) EXPECT_TRUE(allocator.IsLive(m));

  EXPECT_EQ(allocator.Free(root), kFreeOk);
  EXPECT_EQ(allocator.GetStats().live_roots, 0u);
  EXPECT_EQ(allocator.GetStats().live_more_blocks, 0u);
  EXPECT_FALSE(allocator.IsLive(root));
  for (void* m : more) EXPECT_FALSE(allocator.IsLive(m));
}

TEST(BufferAllocatorTest, MoreBlockAsParentLinksToItsRoot) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  void* root = nullptr;
  void* child = nullptr;
  void* grandchild = nullptr;
  ASSERT_THAT(allocator.Allocate(16, &root), HrIs(S_OK));
  ASSERT_THAT(allocator.AllocateMore(16, root, &child), HrIs(S_OK));
  ASSERT_THAT(allocator.AllocateMore(16, child, &grandchild), HrIs(S_OK));
  EXPECT_EQ(allocator.GetStats().live_more_blocks, 2u);
  allocator.Free(root);
  EXPECT_FALSE(allocator.IsLive(grandchild));
  EXPECT_EQ(allocator.GetStats().live_more_blocks, 0u);
  EXPECT_TRUE(log.kinds().empty());
}

TEST(BufferAllocatorTest, DoubleFreeIsReportedAndIgnored) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  void* root = nullptr;
  ASSERT_THAT(allocator.Allocate(24, &root), HrIs(S_OK));
  ASSERT_EQ(allocator.Free(root), kFreeOk);
  EXPECT_EQ(allocator.Free(root), kFreeOk);  // mapifreebuffer.md: S_OK
  EXPECT_THAT(log.reports(), ElementsAre(AllOf(Field(&BadFreeReport::kind, Kind::kDoubleFree),
                                               Field(&BadFreeReport::function, "MAPIFreeBuffer"))));
  EXPECT_EQ(allocator.GetStats().bad_calls, 1u);
}

TEST(BufferAllocatorTest, FreeingABlockOfAFreedRootIsADoubleFree) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  void* root = nullptr;
  void* more = nullptr;
  ASSERT_THAT(allocator.Allocate(24, &root), HrIs(S_OK));
  ASSERT_THAT(allocator.AllocateMore(24, root, &more), HrIs(S_OK));
  allocator.Free(root);
  allocator.Free(more);
  EXPECT_THAT(log.kinds(), ElementsAre(Kind::kDoubleFree));
}

TEST(BufferAllocatorTest, FreeingAMoreBlockIsReportedAndKeepsItLinked) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  void* root = nullptr;
  void* more = nullptr;
  ASSERT_THAT(allocator.Allocate(8, &root), HrIs(S_OK));
  ASSERT_THAT(allocator.AllocateMore(8, root, &more), HrIs(S_OK));
  EXPECT_EQ(allocator.Free(more), kFreeOk);
  EXPECT_THAT(log.kinds(), ElementsAre(Kind::kMoreBlock));
  EXPECT_TRUE(allocator.IsLive(more));  // still owned by its root
  std::memset(more, 1, 8);
  allocator.Free(root);
  EXPECT_EQ(allocator.GetStats().live_more_blocks, 0u);
  EXPECT_EQ(allocator.GetStats().bad_calls, 1u);
}

TEST(BufferAllocatorTest, ForeignPointerIsReportedAndNotFreed) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  int on_stack = 42;
  EXPECT_EQ(allocator.Free(&on_stack), kFreeOk);
  EXPECT_EQ(on_stack, 42);
  EXPECT_THAT(log.reports(), ElementsAre(AllOf(Field(&BadFreeReport::kind, Kind::kForeign),
                                               Field(&BadFreeReport::function, "MAPIFreeBuffer"))));
}

#ifdef MAPI_EMU_HAVE_MMAP
// A page that cannot be read or written: any access to it would crash, so
// the allocator provably never touches memory it did not hand out.
class InaccessiblePage {
 public:
  InaccessiblePage()
      : size_(static_cast<size_t>(sysconf(_SC_PAGESIZE))),
        page_(mmap(nullptr, size_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) {}
  ~InaccessiblePage() {
    if (page_ != MAP_FAILED) munmap(page_, size_);
  }
  void* get() const { return page_ == MAP_FAILED ? nullptr : page_; }

 private:
  size_t size_;
  void* page_;
};

TEST(BufferAllocatorTest, ForeignMemoryIsNeverReadOrWritten) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  InaccessiblePage page;
  ASSERT_NE(page.get(), nullptr);
  char* inside = static_cast<char*>(page.get()) + 64;
  EXPECT_EQ(allocator.Free(inside), kFreeOk);
  void* out = kSentinel;
  EXPECT_THAT(allocator.AllocateMore(16, inside, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(log.kinds(), ElementsAre(Kind::kForeign, Kind::kBadParent));
}
#endif

TEST(BufferAllocatorTest, AllocateMoreWithBadParentFailsAndIsReported) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  int foreign = 0;
  void* out = kSentinel;
  EXPECT_THAT(allocator.AllocateMore(16, &foreign, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);

  out = kSentinel;
  EXPECT_THAT(allocator.AllocateMore(16, nullptr, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);

  void* root = nullptr;
  ASSERT_THAT(allocator.Allocate(16, &root), HrIs(S_OK));
  allocator.Free(root);
  out = kSentinel;
  EXPECT_THAT(allocator.AllocateMore(16, root, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);

  EXPECT_THAT(log.reports(), ElementsAre(Field(&BadFreeReport::kind, Kind::kBadParent),
                                         Field(&BadFreeReport::kind, Kind::kBadParent),
                                         Field(&BadFreeReport::function, "MAPIAllocateMore")));
  EXPECT_EQ(allocator.GetStats().bad_calls, 3u);
  EXPECT_EQ(allocator.GetStats().live_more_blocks, 0u);
}

TEST(BufferAllocatorTest, ReportNamesTheCallingFunction) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  int foreign = 0;
  allocator.Free(&foreign, "FreeProws");
  EXPECT_THAT(log.reports(), ElementsAre(Field(&BadFreeReport::function, "FreeProws")));
}

TEST(BufferAllocatorTest, LongForgottenFreeIsReportedAsForeign) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  void* victim = nullptr;
  ASSERT_THAT(allocator.Allocate(8, &victim), HrIs(S_OK));
  // Allocate the others while `victim` is live so none of them reuses its
  // address, then free it first and push it out of the remembered set (a
  // hashed table: 32 times its size makes survival a 1e-14 chance).
  std::vector<void*> others(32 * BufferAllocator::kRecentlyFreedCapacity);
  for (void*& p : others) ASSERT_THAT(allocator.Allocate(8, &p), HrIs(S_OK));
  allocator.Free(victim);
  for (void* p : others) allocator.Free(p);
  allocator.Free(victim);
  EXPECT_THAT(log.kinds(), ElementsAre(Kind::kForeign));
}

TEST(BufferAllocatorTest, ObserverMayUseTheAllocator) {
  BufferAllocator allocator;
  int reentrant_allocations = 0;
  allocator.SetBadCallObserver([&](const BadFreeReport&) {
    void* p = nullptr;
    if (allocator.Allocate(16, &p) == S_OK) ++reentrant_allocations;
    allocator.Free(p);
  });
  int foreign = 0;
  allocator.Free(&foreign);
  EXPECT_EQ(reentrant_allocations, 1);
  allocator.SetBadCallObserver(nullptr);
  allocator.Free(&foreign);  // no observer: only counted
  EXPECT_EQ(reentrant_allocations, 1);
  EXPECT_EQ(allocator.GetStats().bad_calls, 2u);
}

TEST(BufferAllocatorTest, DestructorReleasesLeakedBlocks) {
  // LeakSanitizer checks the release; the stats show what was outstanding.
  auto allocator = std::make_unique<BufferAllocator>();
  void* root = nullptr;
  void* more = nullptr;
  ASSERT_THAT(allocator->Allocate(64, &root), HrIs(S_OK));
  ASSERT_THAT(allocator->AllocateMore(64, root, &more), HrIs(S_OK));
  EXPECT_EQ(allocator->GetStats().live_roots, 1u);
  EXPECT_EQ(allocator->GetStats().live_more_blocks, 1u);
  allocator.reset();
}

TEST(BufferAllocatorTest, ThreadsAllocateAndFreeConcurrently) {
  BufferAllocator allocator;
  ReportLog log(allocator);
  constexpr int kThreads = 8;
  constexpr int kIterations = 2000;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      int foreign = t;
      for (int i = 0; i < kIterations; ++i) {
        void* root = nullptr;
        if (allocator.Allocate(static_cast<ULONG>(i % 50), &root) != S_OK) {
          ++failures;
          continue;
        }
        for (int m = 0; m < 3; ++m) {
          void* more = nullptr;
          if (allocator.AllocateMore(16, root, &more) != S_OK) {
            ++failures;
            continue;
          }
          std::memset(more, t, 16);
        }
        allocator.Free(root);
        // A bad call now and then. (Not a double free: another thread may
        // already have been handed the address again, and then the second
        // Free would legitimately free that thread's buffer.)
        if (i % 100 == 0) allocator.Free(&foreign);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const BufferAllocator::Stats stats = allocator.GetStats();
  EXPECT_EQ(stats.live_roots, 0u);
  EXPECT_EQ(stats.live_more_blocks, 0u);
  const std::vector<Kind> expected(kThreads * (kIterations / 100), Kind::kForeign);
  EXPECT_EQ(log.kinds(), expected);
  EXPECT_EQ(stats.bad_calls, expected.size());
}

TEST(BufferAllocatorTest, ProcessAllocatorIsOneObject) {
  EXPECT_EQ(&ProcessBufferAllocator(), &ProcessBufferAllocator());
}

}  // namespace
}  // namespace mapi_emu
