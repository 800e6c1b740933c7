// DefaultMalloc: the IMalloc MAPI hands to providers (the lpMalloc of
// MSProviderInit / ABProviderInit / XPProviderInit) and MAPIGetDefaultMalloc
// returns. COM semantics: Alloc(0) gives a valid block, Realloc(NULL, cb) is
// Alloc, Realloc(p, 0) frees p and returns NULL, Free(NULL) does nothing,
// GetSize of a pointer it did not allocate is (SIZE_T)-1, DidAlloc is 1 or 0.
//
// It records its live blocks, so a pointer from elsewhere is recognised
// without being read: Free/Realloc of such a pointer is logged and ignored.
// Thread-safe: every method may be called from any thread.
#ifndef MAPI_EMU_BASE_DEFAULT_MALLOC_H_
#define MAPI_EMU_BASE_DEFAULT_MALLOC_H_

#include <cstddef>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapiwin.h"

namespace mapi_emu {

class DefaultMalloc final : public ComObject<IMalloc> {
 public:
  // A new, independent allocator (tests; the process has ProcessMalloc()).
  static ComPtr<DefaultMalloc> Create();

  // IMalloc
  STDMETHODIMP_(void*) Alloc(SIZE_T cb) override;
  STDMETHODIMP_(void*) Realloc(void* pv, SIZE_T cb) override;
  STDMETHODIMP_(void) Free(void* pv) override;
  STDMETHODIMP_(SIZE_T) GetSize(void* pv) override;
  STDMETHODIMP_(int) DidAlloc(void* pv) override;
  // Nothing to give back: blocks go straight to the C heap when freed.
  STDMETHODIMP_(void) HeapMinimize() override;

  // Blocks allocated and not yet freed.
  size_t LiveBlocks() const;

 private:
  template <typename T, typename... Args>
  friend ComPtr<T> MakeComObject(Args&&... args);

  DefaultMalloc();
  // Frees what callers leaked, so the process heap stays consistent.
  ~DefaultMalloc() override;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<void*, SIZE_T> blocks_ ABSL_GUARDED_BY(mu_);
};

// The process's IMalloc, created on first use. Returned WITHOUT an AddRef,
// as MAPIGetDefaultMalloc does: the caller may AddRef/Release it in pairs
// (a provider holding it from init to shutdown), and the process keeps its
// own reference for ever, so balanced callers never destroy it.
IMalloc* ProcessMalloc();

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_DEFAULT_MALLOC_H_
