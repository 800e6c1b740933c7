#include "session/make_invalid.h"

#include <map>
#include <tuple>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/allocator.h"
#include "mapicode.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

struct Registry {
  absl::Mutex mu;
  // Invalidated objects and their counts.
  absl::flat_hash_map<const void*, ULONG> counts ABSL_GUARDED_BY(mu);
  // One replacement vtable per method count and per original vtable
  // prefix; never freed, since an object that is never released keeps
  // pointing at its table.
  std::map<std::tuple<ULONG, void*, void*>, std::unique_ptr<std::vector<void*>>> vtables
      ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;
  return *registry;
}

HRESULT STDMETHODCALLTYPE InvalidQueryInterface(void*, REFIID, void** ppv) {
  if (ppv != nullptr) *ppv = nullptr;
  return MAPI_E_INVALID_OBJECT;
}

ULONG STDMETHODCALLTYPE InvalidAddRef(void* self) {
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  auto it = r.counts.find(self);
  if (it == r.counts.end()) return 0;
  return ++it->second;
}

ULONG STDMETHODCALLTYPE InvalidRelease(void* self) {
  Registry& r = TheRegistry();
  {
    absl::MutexLock lock(&r.mu);
    auto it = r.counts.find(self);
    if (it == r.counts.end()) return 0;
    if (it->second > 1) return --it->second;
    r.counts.erase(it);
  }
  // The last reference: MAPI frees what MAPIAllocateBuffer handed out.
  BufferAllocator& allocator = ProcessBufferAllocator();
  if (allocator.IsLive(self)) {
    allocator.Free(self, "IMAPISupport::MakeInvalid (final Release)");
  } else {
    spdlog::debug("MakeInvalid: object {} reached 0 references; its memory did not come "
                  "from MAPIAllocateBuffer and is left to its owner",
                  self);
  }
  return 0;
}

HRESULT STDMETHODCALLTYPE InvalidMethod(void*) { return MAPI_E_INVALID_OBJECT; }

}  // namespace

HRESULT MakeObjectInvalid(ULONG flags, void* object, ULONG ref_count, ULONG methods) {
  if (flags != 0) return MAPI_E_UNKNOWN_FLAGS;
  if (object == nullptr || methods < 3) return MAPI_E_INVALID_PARAMETER;
  // The Itanium C++ ABI keeps two words before the first slot (offset to
  // top, type info). They are copied from the object's own vtable, so C++
  // code that still calls the object through a virtual call sees the same
  // dynamic type (UBSan's vptr check included); C callers use the slots only.
  void** original = *static_cast<void***>(object);
#if defined(_MSC_VER)
  void* prefix[2] = {nullptr, nullptr};
#else
  void* prefix[2] = {original[-2], original[-1]};
#endif
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  auto& table = r.vtables[{methods, prefix[0], prefix[1]}];
  if (!table) {
    table = std::make_unique<std::vector<void*>>(methods + 2,
                                                 reinterpret_cast<void*>(&InvalidMethod));
    (*table)[0] = prefix[0];
    (*table)[1] = prefix[1];
    (*table)[2] = reinterpret_cast<void*>(&InvalidQueryInterface);
    (*table)[3] = reinterpret_cast<void*>(&InvalidAddRef);
    (*table)[4] = reinterpret_cast<void*>(&InvalidRelease);
  }
  *static_cast<void**>(object) = table->data() + 2;
  r.counts[object] = ref_count;
  return S_OK;
}

bool IsInvalidatedObject(const void* object) {
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  return r.counts.contains(object);
}

ULONG InvalidatedObjectRefCount(const void* object) {
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  auto it = r.counts.find(object);
  return it == r.counts.end() ? 0 : it->second;
}

}  // namespace mapi_emu
