// ComPtr<T>: an owning reference to a COM (MAPI) interface pointer.
//
// Any thread may use a ComPtr; one ComPtr object is not itself synchronised.
//
// Passing convention (the one place it is written down):
//   - take `ComPtr<T>` by value when the callee keeps a reference;
//   - take `T*` when the callee only uses the object during the call;
//   - return `ComPtr<T>` when a reference is handed over to the caller;
//   - for a MAPI out-parameter (`LPMDB FAR *lppMDB`) pass `ptr.Put()`, which
//     releases what `ptr` held and lets the callee store an AddRef'd pointer.
// There is no implicit conversion to T* and no overloaded unary &.
#ifndef MAPI_EMU_BASE_COM_PTR_H_
#define MAPI_EMU_BASE_COM_PTR_H_

#include <cstddef>
#include <type_traits>
#include <utility>

#include "mapi_emu/base/interface_traits.h"
#include "mapiwin.h"

namespace mapi_emu {

template <typename T>
class ComPtr {
 public:
  ComPtr() = default;
  ComPtr(std::nullptr_t) {}  // NOLINT: null converts implicitly, as for pointers.

  // Takes over a reference the caller already owns (no AddRef).
  static ComPtr Adopt(T* p) {
    ComPtr r;
    r.p_ = p;
    return r;
  }
  // Shares `p`: AddRefs it (when non-null).
  static ComPtr Share(T* p) {
    ComPtr r;
    r.p_ = p;
    if (p != nullptr) p->AddRef();
    return r;
  }

  ComPtr(const ComPtr& other) : p_(other.p_) {
    if (p_ != nullptr) p_->AddRef();
  }
  ComPtr(ComPtr&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  template <typename U>
    requires std::is_convertible_v<U*, T*>
  ComPtr(ComPtr<U>&& other) noexcept  // NOLINT: upcasts are implicit.
      : p_(other.Detach()) {}
  template <typename U>
    requires std::is_convertible_v<U*, T*>
  ComPtr(const ComPtr<U>& other)  // NOLINT: upcasts are implicit.
      : p_(other.get()) {
    if (p_ != nullptr) p_->AddRef();
  }

  ComPtr& operator=(ComPtr other) noexcept {
    std::swap(p_, other.p_);
    return *this;
  }
  ~ComPtr() { Reset(); }

  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }

  // Releases the reference (if any) and becomes null.
  void Reset() {
    if (T* p = std::exchange(p_, nullptr)) p->Release();
  }
  // Gives up the reference without releasing it; the caller now owns it.
  [[nodiscard]] T* Detach() { return std::exchange(p_, nullptr); }

  // For out-parameters of type T**: releases the current reference first.
  T** Put() {
    Reset();
    return &p_;
  }
  // For out-parameters of type void** / LPVOID* (QueryInterface, OpenEntry's
  // LPUNKNOWN* is covered by Put() when T is IUnknown).
  void** PutVoid() {
    Reset();
    return reinterpret_cast<void**>(&p_);
  }

  // Stores an AddRef'd copy in *out (what a MAPI method does for its caller).
  // `out` may be null, in which case nothing happens.
  void CopyTo(T** out) const {
    if (out == nullptr) return;
    *out = p_;
    if (p_ != nullptr) p_->AddRef();
  }

  // QueryInterface for U's IID (from InterfaceTraits<U>). On failure *out is
  // null and the HRESULT of QueryInterface is returned.
  template <typename U>
  HRESULT As(ComPtr<U>* out) const {
    if (p_ == nullptr) {
      out->Reset();
      return E_POINTER;
    }
    return p_->QueryInterface(InterfaceTraits<U>::Iid(), out->PutVoid());
  }

  friend bool operator==(const ComPtr& a, const ComPtr& b) { return a.p_ == b.p_; }
  friend bool operator==(const ComPtr& a, std::nullptr_t) { return a.p_ == nullptr; }

 private:
  T* p_ = nullptr;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_COM_PTR_H_
