// BufferAllocator: MAPI's linked buffers (MAPIAllocateBuffer /
// MAPIAllocateMore / MAPIFreeBuffer), with misuse detected instead of crashing
// (rulings.md 17).
//
// A root block comes from Allocate; AllocateMore links more blocks to a root;
// Free(root) releases the root and every block linked to it. Instead of
// allocation headers the allocator keeps a registry of live roots and live
// "more" blocks (and remembers about the last kRecentlyFreedCapacity freed
// addresses), so it knows what a pointer is without ever reading the memory
// it points to: freeing foreign memory, freeing a root twice or freeing a
// MAPIAllocateMore block directly is reported (spdlog warning + the installed
// observer + a counter) and ignored.
//
// Thread-safe: any thread may call any method (providers allocate on spooler
// threads). The exported C functions use ProcessBufferAllocator().
#ifndef MAPI_EMU_BASE_ALLOCATOR_H_
#define MAPI_EMU_BASE_ALLOCATOR_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "mapiwin.h"

namespace mapi_emu {

// One misuse of the allocator functions.
struct BadFreeReport {
  enum class Kind {
    kForeign,     // freed a pointer the allocator never handed out
    kDoubleFree,  // freed a root (or a block of a root) already freed
    kMoreBlock,   // freed a MAPIAllocateMore block instead of its root
    kBadParent,   // MAPIAllocateMore with a parent that is not a live block
  };
  Kind kind;
  // The MAPI function that was misused: "MAPIFreeBuffer", "MAPIAllocateMore",
  // "FreeProws", ...
  std::string function;
};

// "foreign pointer", "double free", ... (for messages).
const char* BadFreeKindName(BadFreeReport::Kind kind);

class BufferAllocator {
 public:
  // Every block starts at a multiple of this (entry IDs, doubles, GUIDs).
  static constexpr size_t kAlignment = 16;
  // About how many freed blocks are remembered to tell a double free from a
  // foreign pointer (a power of two).
  static constexpr size_t kRecentlyFreedCapacity = 4096;

  struct Stats {
    size_t live_roots = 0;
    size_t live_more_blocks = 0;
    uint64_t bad_calls = 0;
  };
  using Observer = std::function<void(const BadFreeReport&)>;

  BufferAllocator();
  // Releases every block still live (a test's allocator going away).
  ~BufferAllocator();
  BufferAllocator(const BufferAllocator&) = delete;
  BufferAllocator& operator=(const BufferAllocator&) = delete;

  // A new root block of cb bytes (cb == 0 gives a unique non-null block).
  // S_OK; MAPI_E_INVALID_PARAMETER if out is null;
  // MAPI_E_NOT_ENOUGH_MEMORY (with *out = NULL) when memory runs out.
  SCODE Allocate(ULONG cb, void** out);

  // A block of cb bytes freed together with the root of `parent`. `parent`
  // should be a root (mapiallocatemore.md); a MAPIAllocateMore block is also
  // accepted and the new block is linked to its root, which is where a
  // linked-list implementation puts it too. A parent that is not a live
  // block: MAPI_E_INVALID_PARAMETER, *out = NULL, reported as kBadParent.
  SCODE AllocateMore(ULONG cb, void* parent, void** out, const char* function = "MAPIAllocateMore");

  // Frees a root and every block linked to it. NULL does nothing. Anything
  // else that is not a live root is reported and left alone (its memory is
  // not touched). Always returns S_OK, as mapifreebuffer.md allows for bad
  // pointers. `function` names the caller in reports.
  ULONG Free(void* p, const char* function = "MAPIFreeBuffer");

  // True if p is a live root or a live MAPIAllocateMore block.
  bool IsLive(const void* p) const;

  // Installs the observer that receives every BadFreeReport (replacing the
  // previous one; an empty function removes it). It is called on the thread
  // that made the bad call, with no allocator lock held, so it may allocate.
  void SetBadCallObserver(Observer observer);

  Stats GetStats() const;

 private:
  struct Block {
    bool is_root;
    void* root;       // a MAPIAllocateMore block: the root it is linked to
    void* next_more;  // the next block in the root's chain (a root's chain
                      // starts at its own next_more)
  };

  // Remembers that p was freed (was_more: as a block of a root).
  void RememberFreedLocked(void* p, bool was_more) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Report(BadFreeReport::Kind kind, const char* function, const void* p, const char* detail);

  mutable absl::Mutex mu_;
  // The live blocks, and nothing else.
  absl::flat_hash_map<void*, Block> blocks_ ABSL_GUARDED_BY(mu_);
  // Recently freed addresses: a direct-mapped table indexed by a hash of the
  // address, holding the address (low bit set for a MAPIAllocateMore block).
  // A newer free may push an older one out before kRecentlyFreedCapacity
  // others have happened; then its double free is reported as foreign.
  std::vector<uintptr_t> recently_freed_ ABSL_GUARDED_BY(mu_);
  size_t live_roots_ ABSL_GUARDED_BY(mu_) = 0;
  size_t live_more_blocks_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t bad_calls_ ABSL_GUARDED_BY(mu_) = 0;

  mutable absl::Mutex observer_mu_;
  std::shared_ptr<const Observer> observer_ ABSL_GUARDED_BY(observer_mu_);
};

// The process-wide allocator behind MAPIAllocateBuffer / MAPIAllocateMore /
// MAPIFreeBuffer (design.md §2.6). Created on first use, never destroyed.
BufferAllocator& ProcessBufferAllocator();

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_ALLOCATOR_H_
