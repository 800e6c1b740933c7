// ComObject<Interfaces...>: the base of every COM object MAPI implements
// (sessions, support objects, tables, status objects, IMalloc, ...).
//
// A COM object is a class with its interfaces as bases and one atomic count
// that starts at 1; MakeComObject<T>(...) creates it and hands out that first
// reference. QueryInterface answers from the compile-time interface list and
// each listed interface's base chain (InterfaceTraits<I>::Base), so an
// IMsgStore object also answers IID_IMAPIProp and IID_IUnknown.
//
// Live-object accounting: an object created with an ObjectOwner registers
// with it for its lifetime, so the owner (a provider library, a session) can
// tell whether anything it is responsible for is still alive, and name it.
//
// Thread-safety: AddRef/Release/QueryInterface are free-threaded, as MAPI's
// model requires. ObjectOwner is thread-safe.
#ifndef MAPI_EMU_BASE_COM_OBJECT_H_
#define MAPI_EMU_BASE_COM_OBJECT_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/interface_traits.h"
#include "mapiwin.h"

namespace mapi_emu {

class ComObjectBase;

// One live object as an owner reports it: its kind ("MSLogon", "Support"),
// its serial number within the owner (creation order, from 1), and its
// reference count at the time of the report.
struct LiveObject {
  std::string kind;
  uint64_t serial = 0;
  ULONG refcount = 0;
};

// Accounts for the live objects created on its behalf. Copyable handle; all
// copies share one registry. Objects may outlive the ObjectOwner handle.
class ObjectOwner {
 public:
  explicit ObjectOwner(std::string name);

  const std::string& name() const { return state_->name; }
  // Number of registered objects not yet destroyed.
  size_t LiveCount() const;
  // The live objects in creation order.
  std::vector<LiveObject> LiveObjects() const;
  // Number of objects ever registered.
  uint64_t CreatedCount() const;

 private:
  friend class ComObjectBase;
  struct State {
    explicit State(std::string n) : name(std::move(n)) {}
    const std::string name;
    mutable absl::Mutex mu;
    uint64_t next_serial ABSL_GUARDED_BY(mu) = 1;
    std::map<uint64_t, const ComObjectBase*> live ABSL_GUARDED_BY(mu);
  };
  std::shared_ptr<State> state_;
};

// The reference count and owner registration shared by every ComObject.
class ComObjectBase {
 public:
  ComObjectBase(const ComObjectBase&) = delete;
  ComObjectBase& operator=(const ComObjectBase&) = delete;

  // The current count (diagnostics only: COM counts are not a liveness test).
  ULONG RefCount() const { return count_.load(std::memory_order_acquire); }
  const std::string& kind() const { return kind_; }
  // Serial number within the owner (0 when the object has no owner).
  uint64_t serial() const { return serial_; }
  // How many Release calls arrived when the count was already 0. Only an
  // object whose OnFinalRelease keeps it alive can observe them.
  ULONG ExtraReleases() const { return extra_releases_.load(); }

 protected:
  // `owner` may be null. The count starts at 1.
  ComObjectBase(const ObjectOwner* owner, std::string kind);
  virtual ~ComObjectBase();

  ULONG AddRefImpl();
  ULONG ReleaseImpl();

  // Called once when the count drops from 1 to 0. The default destroys the
  // object; an object whose lifetime the subsystem manages (a support object,
  // whose final release ends a logon) overrides it and stays alive.
  virtual void OnFinalRelease() { delete this; }
  // Called for a Release that arrives when the count is already 0 (the
  // object must still exist, see OnFinalRelease). Default: log it.
  virtual void OnExtraRelease();

 private:
  std::atomic<ULONG> count_{1};
  std::atomic<ULONG> extra_releases_{0};
  const std::string kind_;
  std::shared_ptr<ObjectOwner::State> owner_;
  uint64_t serial_ = 0;
};

// Implements IUnknown for the interfaces `Is...`. The derived class writes
// the interfaces' other methods (MAPI_I<NAME>_METHODS(IMPL)).
template <typename... Is>
class ComObject : public ComObjectBase, public Is... {
  static_assert(sizeof...(Is) > 0, "list at least one interface");

 public:
  STDMETHODIMP QueryInterface(REFIID riid, void** ppv) override {
    if (ppv == nullptr) return E_INVALIDARG;
    *ppv = nullptr;
    void* found = nullptr;
    ((found = MatchChain<Is, Is>(riid)) || ...);
    if (found == nullptr) found = QueryExtraInterface(riid);
    if (found == nullptr) return E_NOINTERFACE;  // == MAPI_E_INTERFACE_NOT_SUPPORTED
    AddRefImpl();
    *ppv = found;
    return S_OK;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return AddRefImpl(); }
  STDMETHODIMP_(ULONG) Release() override { return ReleaseImpl(); }

 protected:
  explicit ComObject(const ObjectOwner* owner = nullptr,
                     std::string kind = std::string())
      : ComObjectBase(owner, std::move(kind)) {}

  // For IIDs outside the listed interfaces' chains. Return the interface
  // pointer (not AddRef'd) or null.
  virtual void* QueryExtraInterface(REFIID) { return nullptr; }

 private:
  // Walks Listed's base chain; returns the sub-object pointer for `riid`.
  template <typename Listed, typename I>
  void* MatchChain(REFIID riid) {
    if (IsEqualIID(riid, InterfaceTraits<I>::Iid())) {
      return static_cast<I*>(static_cast<Listed*>(this));
    }
    using Base = typename InterfaceTraits<I>::Base;
    if constexpr (!std::is_void_v<Base>) {
      return MatchChain<Listed, Base>(riid);
    } else {
      return nullptr;
    }
  }
};

// Creates a T (derived from ComObject) and returns its first reference.
// The only place objects are created with `new`.
template <typename T, typename... Args>
ComPtr<T> MakeComObject(Args&&... args) {
  return ComPtr<T>::Adopt(new T(std::forward<Args>(args)...));
}

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_COM_OBJECT_H_
