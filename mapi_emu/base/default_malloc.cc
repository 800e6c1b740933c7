#include "mapi_emu/base/default_malloc.h"

#include <cstdlib>
#include <new>

#include "spdlog/spdlog.h"

namespace mapi_emu {

ComPtr<DefaultMalloc> DefaultMalloc::Create() { return MakeComObject<DefaultMalloc>(); }

DefaultMalloc::DefaultMalloc() : ComObject(nullptr, "IMalloc") {}

DefaultMalloc::~DefaultMalloc() {
  absl::MutexLock lock(&mu_);
  for (auto& [block, size] : blocks_) std::free(block);
}

void* DefaultMalloc::Alloc(SIZE_T cb) {
  void* p = std::malloc(cb == 0 ? 1 : cb);  // Alloc(0) is a valid block
  if (p == nullptr) return nullptr;
  try {
    absl::MutexLock lock(&mu_);
    blocks_.insert_or_assign(p, cb);
  } catch (const std::bad_alloc&) {
    std::free(p);
    return nullptr;
  }
  return p;
}

void* DefaultMalloc::Realloc(void* pv, SIZE_T cb) {
  if (pv == nullptr) return Alloc(cb);
  if (cb == 0) {
    Free(pv);
    return nullptr;
  }
  // Under the lock, so a concurrent Free cannot release pv meanwhile; the
  // reserve makes the re-registration below unable to fail once realloc has
  // moved the block.
  absl::MutexLock lock(&mu_);
  if (!blocks_.contains(pv)) {
    spdlog::warn(
        "IMalloc::Realloc: {} was not allocated by this IMalloc; "
        "returning NULL and leaving it alone",
        fmt::ptr(pv));
    return nullptr;
  }
  try {
    blocks_.reserve(blocks_.size() + 1);
  } catch (const std::bad_alloc&) {
    return nullptr;  // pv untouched, as for a failed realloc
  }
  void* p = std::realloc(pv, cb);
  if (p == nullptr) return nullptr;  // pv is still valid and registered
  blocks_.erase(pv);
  blocks_.emplace(p, cb);
  return p;
}

void DefaultMalloc::Free(void* pv) {
  if (pv == nullptr) return;
  {
    absl::MutexLock lock(&mu_);
    if (blocks_.erase(pv) == 0) {
      spdlog::warn(
          "IMalloc::Free: {} was not allocated by this IMalloc (or "
          "was already freed); ignored",
          fmt::ptr(pv));
      return;
    }
  }
  std::free(pv);
}

SIZE_T DefaultMalloc::GetSize(void* pv) {
  absl::MutexLock lock(&mu_);
  auto it = blocks_.find(pv);
  return it == blocks_.end() ? static_cast<SIZE_T>(-1) : it->second;
}

int DefaultMalloc::DidAlloc(void* pv) {
  absl::MutexLock lock(&mu_);
  return blocks_.contains(pv) ? 1 : 0;
}

void DefaultMalloc::HeapMinimize() {}

size_t DefaultMalloc::LiveBlocks() const {
  absl::MutexLock lock(&mu_);
  return blocks_.size();
}

IMalloc* ProcessMalloc() {
  // The process's own reference, never released: the object outlives every
  // balanced AddRef/Release pair of its users.
  static IMalloc* const process_malloc = DefaultMalloc::Create().Detach();
  return process_malloc;
}

}  // namespace mapi_emu
