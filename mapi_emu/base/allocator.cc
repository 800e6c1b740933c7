#include "mapi_emu/base/allocator.h"

#include <bit>
#include <cstdlib>
#include <new>
#include <utility>

#include "mapicode.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

// malloc already returns 16-byte aligned blocks on the 64-bit targets we
// build for and is the fastest path; elsewhere use aligned operator new.
constexpr bool kMallocIsAligned = alignof(std::max_align_t) >= BufferAllocator::kAlignment;

void* RawAllocate(ULONG cb) {
  const size_t n = cb == 0 ? 1 : cb;  // cb == 0 still gets a unique block
  if constexpr (kMallocIsAligned) {
    return std::malloc(n);
  } else {
    return ::operator new(n, std::align_val_t(BufferAllocator::kAlignment), std::nothrow);
  }
}

void RawFree(void* p) {
  if constexpr (kMallocIsAligned) {
    std::free(p);
  } else {
    ::operator delete(p, std::align_val_t(BufferAllocator::kAlignment));
  }
}

}  // namespace

const char* BadFreeKindName(BadFreeReport::Kind kind) {
  switch (kind) {
    case BadFreeReport::Kind::kForeign:
      return "foreign pointer";
    case BadFreeReport::Kind::kDoubleFree:
      return "double free";
    case BadFreeReport::Kind::kMoreBlock:
      return "MAPIAllocateMore block freed directly";
    case BadFreeReport::Kind::kBadParent:
      return "bad parent";
  }
  return "unknown misuse";
}

static_assert((BufferAllocator::kRecentlyFreedCapacity &
               (BufferAllocator::kRecentlyFreedCapacity - 1)) == 0,
              "kRecentlyFreedCapacity must be a power of two");

namespace {

// Fibonacci hashing of the address (blocks are 16-aligned: drop those bits).
size_t FreedSlot(const void* p) {
  constexpr int kBits = std::countr_zero(BufferAllocator::kRecentlyFreedCapacity);
  const uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p) >> 4);
  return static_cast<size_t>((x * 0x9E3779B97F4A7C15ull) >> (64 - kBits));
}

}  // namespace

BufferAllocator::BufferAllocator() : recently_freed_(kRecentlyFreedCapacity, 0) {}

BufferAllocator::~BufferAllocator() {
  absl::MutexLock lock(&mu_);
  for (auto& [p, block] : blocks_) RawFree(p);
}

SCODE BufferAllocator::Allocate(ULONG cb, void** out) {
  if (out == nullptr) {
    spdlog::warn("MAPIAllocateBuffer: lppBuffer is NULL");
    return MAPI_E_INVALID_PARAMETER;
  }
  *out = nullptr;
  void* p = RawAllocate(cb);
  if (p == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  try {
    absl::MutexLock lock(&mu_);
    blocks_.emplace(p, Block{true, nullptr, nullptr});
    ++live_roots_;
  } catch (const std::bad_alloc&) {
    RawFree(p);
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  *out = p;
  return S_OK;
}

SCODE BufferAllocator::AllocateMore(ULONG cb, void* parent, void** out, const char* function) {
  if (out == nullptr) {
    spdlog::warn("{}: lppBuffer is NULL", function);
    return MAPI_E_INVALID_PARAMETER;
  }
  *out = nullptr;
  // Allocate before taking the lock; the parent is checked and the block
  // linked in one critical section, so a root freed concurrently by a buggy
  // caller is either still there (and owns the block) or already gone.
  void* p = RawAllocate(cb);
  if (p == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  bool parent_ok = false;
  try {
    absl::MutexLock lock(&mu_);
    if (auto it = blocks_.find(parent); it != blocks_.end()) {
      void* root = it->second.is_root ? parent : it->second.root;
      void* head = it->second.is_root ? it->second.next_more : blocks_.find(root)->second.next_more;
      // Insert first (it may rehash), then point the root's chain at it.
      blocks_.emplace(p, Block{false, root, head});
      blocks_.find(root)->second.next_more = p;
      ++live_more_blocks_;
      parent_ok = true;
    } else {
      ++bad_calls_;
    }
  } catch (const std::bad_alloc&) {
    RawFree(p);
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  if (!parent_ok) {
    RawFree(p);
    Report(BadFreeReport::Kind::kBadParent, function, parent,
           parent == nullptr ? "lpObject is NULL; returning MAPI_E_INVALID_PARAMETER"
                             : "lpObject is not a live MAPIAllocateBuffer buffer; returning "
                               "MAPI_E_INVALID_PARAMETER");
    return MAPI_E_INVALID_PARAMETER;
  }
  *out = p;
  return S_OK;
}

ULONG BufferAllocator::Free(void* p, const char* function) {
  if (p == nullptr) return S_OK;
  BadFreeReport::Kind kind = BadFreeReport::Kind::kForeign;
  const char* detail = nullptr;
  {
    absl::MutexLock lock(&mu_);
    auto it = blocks_.find(p);
    if (it != blocks_.end() && it->second.is_root) {
      // Free the chain, then the root. free() runs under the lock: it never
      // calls back, and this way no list of blocks is needed.
      void* more = it->second.next_more;
      blocks_.erase(it);
      --live_roots_;
      while (more != nullptr) {
        auto block = blocks_.find(more);
        void* next = block->second.next_more;
        blocks_.erase(block);
        RememberFreedLocked(more, /*was_more=*/true);
        --live_more_blocks_;
        RawFree(more);
        more = next;
      }
      // The root last, so its own blocks never push it out of the table.
      RememberFreedLocked(p, /*was_more=*/false);
      RawFree(p);
      return S_OK;
    }
    ++bad_calls_;
    const uintptr_t freed = recently_freed_[FreedSlot(p)];
    if (it != blocks_.end()) {
      kind = BadFreeReport::Kind::kMoreBlock;
      detail =
          "a MAPIAllocateMore block is freed with its root (the "
          "MAPIAllocateBuffer buffer); ignored";
    } else if ((freed & ~uintptr_t{1}) == reinterpret_cast<uintptr_t>(p)) {
      kind = BadFreeReport::Kind::kDoubleFree;
      detail = (freed & 1) != 0 ? "the block belonged to a MAPIAllocateBuffer buffer that "
                                  "was already freed; ignored"
                                : "the buffer was already freed; ignored";
    } else {
      kind = BadFreeReport::Kind::kForeign;
      detail =
          "not a live buffer from MAPIAllocateBuffer (or freed long ago); "
          "its memory is not touched; ignored";
    }
  }
  Report(kind, function, p, detail);
  return S_OK;
}

bool BufferAllocator::IsLive(const void* p) const {
  absl::MutexLock lock(&mu_);
  return blocks_.contains(const_cast<void*>(p));
}

void BufferAllocator::SetBadCallObserver(Observer observer) {
  std::shared_ptr<const Observer> next;
  if (observer) next = std::make_shared<const Observer>(std::move(observer));
  absl::MutexLock lock(&observer_mu_);
  observer_ = std::move(next);
}

BufferAllocator::Stats BufferAllocator::GetStats() const {
  absl::MutexLock lock(&mu_);
  return Stats{live_roots_, live_more_blocks_, bad_calls_};
}

void BufferAllocator::RememberFreedLocked(void* p, bool was_more) {
  recently_freed_[FreedSlot(p)] = reinterpret_cast<uintptr_t>(p) | (was_more ? 1 : 0);
}

void BufferAllocator::Report(BadFreeReport::Kind kind, const char* function, const void* p,
                             const char* detail) {
  spdlog::warn("{}: {} ({}): {}", function, BadFreeKindName(kind), fmt::ptr(p), detail);
  std::shared_ptr<const Observer> observer;
  {
    absl::MutexLock lock(&observer_mu_);
    observer = observer_;
  }
  if (observer) (*observer)(BadFreeReport{kind, std::string(function)});
}

BufferAllocator& ProcessBufferAllocator() {
  // Never destroyed: buffers may be freed by static destructors of clients
  // and providers after main returns.
  static BufferAllocator* const allocator = new BufferAllocator();
  return *allocator;
}

}  // namespace mapi_emu
