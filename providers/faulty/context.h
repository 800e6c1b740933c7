// The state one faulty provider object shares with every object it wraps:
// what MAPI passed to the entry point, the wrapped library and provider
// object, the rules and their call counters, and the map from wrapped
// objects to their wrappers (so that a SpoolerLogon or a second Logon of an
// open store hands MAPI the same wrapper again).
//
// Thread-safe: MAPI may call any object on any thread (the spooler's
// included). No lock is held while a wrapped provider or MAPI is called.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_CONTEXT_H_
#define MAPI_EMU_PROVIDERS_FAULTY_CONTEXT_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mapispi.h"
#include "providers/faulty/observer.h"
#include "providers/faulty/rules.h"

namespace faulty {

// "MSProviderInit", "ABProviderInit", "XPProviderInit".
const char* EntryPointName(ProviderType type);

// The arguments MAPI passed to faulty's entry point, kept to call the
// wrapped entry point with (lpMalloc is AddRef'd while kept).
struct EntryArgs {
  LPMALLOC malloc = nullptr;
  LPALLOCATEBUFFER allocate = nullptr;
  LPALLOCATEMORE allocate_more = nullptr;
  LPFREEBUFFER free = nullptr;
  ULONG flags = 0;
  ULONG mapi_version = 0;
};

// Anything faulty made that stays in memory until libfaulty is unloaded
// (wrappers are never freed earlier, so a late or extra call through a
// pointer MAPI or the wrapped provider kept cannot touch freed memory).
// What is still referenced then (a leaked or abandoned object) is not freed
// at all: whoever holds it keeps it, and what it wraps, reachable.
class Kept {
 public:
  virtual ~Kept() = default;
  // Still referenced by someone.
  virtual bool Live() const { return false; }
};
// Takes ownership of `object` until libfaulty is unloaded; returns it.
template <class T>
T* Keep(std::unique_ptr<T> object);
void KeepErased(std::unique_ptr<Kept> object);

class Context {
 public:
  // `observer` (may be NULL) is told about every forwarded call.
  Context(ProviderType type, const EntryArgs& args, std::shared_ptr<CallObserver> observer);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  ProviderType type() const { return type_; }
  // Releases what the entry point kept (lpMalloc); called when MAPI
  // releases the provider object for the last time.
  void ReleaseEntryResources();
  const EntryArgs& args() const { return args_; }
  CallObserver* observer() const { return observer_.get(); }

  // Loads the wrapped library named by the module's environment variable
  // (MAPI_EMU_FAULTY_WRAPPED, module.h) and calls its
  // entry point (only when the variable is set). S_OK and *provider (owned
  // by the caller, may stay NULL when the variable is unset), or the
  // failure, with *version the wrapped provider's version.
  HRESULT InitFromEnvironment(IUnknown** provider, ULONG* version, std::string* error);

  // At a logon: reads the module's properties (PR_FAULTY_WRAPPED_LIBRARY /
  // PR_FAULTY_RULES, module.h) from the profile section through `support`
  // (the provider's section, then its service's), parses the rules, tells
  // the observer and, when no provider object exists yet,
  // loads the library and calls its entry point. S_OK once started (later
  // calls return the first result at once). On failure a sentence in
  // *error; *provider receives the wrapped provider object (not AddRef'd,
  // owned by the caller) when it was created here.
  HRESULT StartAtLogon(LPMAPISUP support, bool have_provider, IUnknown** provider,
                       std::string* error);

  // The rule that applies to this call of `method`, counting the call; NULL
  // when none does. Rules are known from the first logon on.
  const Rule* Match(Method method);

  // Remembers the MAPI support object of the latest logon (no reference),
  // for callbacks from methods that have no support object of their own.
  void SetLatestSupport(LPMAPISUP support) { latest_support_ = support; }
  LPMAPISUP latest_support() const { return latest_support_; }

  // The wrapper of `target` under interface `query` (its QueryInterface
  // method): the live one, after `adopt` gave it the caller's reference on
  // `target`, else a new one from `create`. Neither may call out.
  IUnknown* WrapperFor(IUnknown* target, Method query, const std::function<IUnknown*()>& create,
                       const std::function<void(IUnknown*)>& adopt);
  // `wrapper` of `target` is no longer live (its count reached 0).
  void ForgetWrapper(IUnknown* target, Method query, IUnknown* wrapper);

  // A MAPIERROR holding `text`, allocated with the entry point's allocators
  // (MAPI frees it), wide when `unicode`; NULL if memory ran out.
  LPMAPIERROR MakeError(const std::string& text, bool unicode) const;

 private:
  HRESULT LoadAndInit(const std::string& name, IUnknown** provider, ULONG* version,
                      std::string* error);

  const ProviderType type_;
  const EntryArgs args_;
  const std::shared_ptr<CallObserver> observer_;
  std::atomic<LPMALLOC> malloc_held_{nullptr};
  std::atomic<LPMAPISUP> latest_support_{nullptr};

  std::mutex start_mu_;   // serialises StartAtLogon
  bool started_ = false;  // guarded by start_mu_
  HRESULT start_hr_ = S_OK;
  std::string start_error_;

  std::mutex mu_;  // guards the members below
  std::shared_ptr<const std::vector<Rule>> rules_;
  std::vector<unsigned> counts_;
  std::map<std::pair<IUnknown*, Method>, IUnknown*> wrappers_;
};

// A MAPIERROR whose lpszError is "faulty: <text>" and lpszComponent
// "faulty" (the module's name, module.h), from `allocate`/`allocate_more`
// (the caller's MAPI frees it); wide strings when `unicode`. NULL if memory
// ran out.
LPMAPIERROR MakeMapiError(LPALLOCATEBUFFER allocate, LPALLOCATEMORE allocate_more,
                          const std::string& text, bool unicode);

// One AddRef on `object` that is never released (the leak action); the
// object is then no leak for LeakSanitizer, as it is on purpose.
void LeakReference(IUnknown* object);

// Writes "faulty: <text>" (the module's name) to stderr (faults are meant
// to be seen).
void Say(const std::string& text);

template <class T>
T* Keep(std::unique_ptr<T> object) {
  T* raw = object.get();
  KeepErased(std::move(object));
  return raw;
}

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_CONTEXT_H_
