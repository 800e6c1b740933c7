// Wrapper<I>: the base of every object faulty puts between MAPI and the
// wrapped provider. It forwards each call to its target (the wrapped object)
// through Run(), which applies the rule that matches the call.
//
// Reference counts: each reference on a wrapper that MAPI or the wrapped
// provider takes through it is one reference on the target ("held"); a
// wrapper can also hold a reference that is its own only ("borrowed": the
// support wrapper during a Logon call). A wrapper never releases its target
// more often than it holds it, except the support wrapper, which passes an
// extra Release on to MAPI so that MAPI sees what the provider did.
// Wrappers live until libfaulty is unloaded (Keep()). When the provider
// object has an observer (observer.h: libtracer), every forwarded call,
// AddRef and Release included, is reported to it before and after.
// Thread-safe.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_WRAPPER_H_
#define MAPI_EMU_PROVIDERS_FAULTY_WRAPPER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>

#include "mapicode.h"
#include "mapispi.h"
#include "providers/faulty/context.h"
#include "providers/faulty/observer.h"
#include "providers/faulty/rules.h"

namespace faulty {

// What Run() needs to know about one call beyond the call itself.
struct CallExtras {
  ULONG* inout_flags = nullptr;  // restored before a repeated call
  std::function<void()> leak;    // AddRefs the object handed out (leak)
  std::function<void()> clear;   // NULLs the out-parameters (hr that fails at once)
  // For an observer only: the call's named arguments (read before the call)
  // and out-values (read after it, when it succeeded).
  std::function<void(Values*)> args;
  std::function<void(Values*)> outs;
};

// The extras of a call that hands out one object through `out`: `leak`
// AddRefs the object handed out, `clear` NULLs `out` (both do nothing for a
// NULL `out`). Further extras (args, outs) are set on the result.
template <class T>
CallExtras ObjectOut(T** out) {
  CallExtras extras;
  extras.leak = [out] {
    if (out == nullptr || *out == nullptr) return;
    if constexpr (std::is_convertible_v<T*, IUnknown*>) {
      LeakReference(static_cast<IUnknown*>(*out));
    } else {  // void, or an interface the headers declare without IUnknown
      LeakReference(reinterpret_cast<IUnknown*>(*out));
    }
  };
  extras.clear = [out] {
    if (out != nullptr) *out = nullptr;
  };
  return extras;
}

// Calls into MAPI that a callback: rule makes, with fixed arguments
// (README.md); each is reported with its result.
void CallBack(Callback callback, LPMAPISUP support, const std::string& rule);

// Reports that `rule` matched call `method`.
void Announce(const Rule& rule);

class WrapperCore : public Kept {
 public:
  // The target handed itself out again: one more reference on both.
  void AdoptOne();
  bool Live() const override { return own() > 0; }

 protected:
  WrapperCore(std::shared_ptr<Context> context, ULONG held, ULONG unbacked, Method query,
              LPMAPISUP support)
      : context_(std::move(context)),
        query_(query),
        support_(support),
        held_(held),
        unbacked_(unbacked) {}

  // The support object callbacks use: this logon's, else the latest one.
  LPMAPISUP CallbackSupport() const {
    return support_ != nullptr ? support_ : context_->latest_support();
  }
  Method AddRefMethod() const { return static_cast<Method>(static_cast<int>(query_) + 1); }
  Method ReleaseMethod() const { return static_cast<Method>(static_cast<int>(query_) + 2); }

  // Reference bookkeeping. The caller calls the target outside the lock.
  // One more reference on the wrapper, held on the target when `mirror`.
  void CountAddRef(bool mirror);
  enum class Drop { kTarget, kOwn, kNone };
  // Drops one reference, a held one first: kTarget means the caller
  // releases the target once; kNone that the wrapper had no reference left.
  // *last is set when this dropped the wrapper's last reference.
  Drop CountRelease(bool* last);
  // Drops one held reference without releasing the target (keep-support).
  bool CountKept(bool* last);
  // Drops the wrapper's own reference (a loan given back).
  void DropUnbacked(bool* last);
  // One held reference handed back early (release-twice): the wrapper's
  // reference stays, the target's goes. False if none is held.
  bool TakeHeld();
  // The wrapper's own reference becomes a held one (a provider object
  // created after its wrapper).
  void BackOne();
  ULONG own() const;
  // References on the target this wrapper holds.
  ULONG held() const;
  // The wrapper released its last reference on the target: nothing may be
  // forwarded any more.
  bool gone() const;

  const std::shared_ptr<Context> context_;
  const Method query_;       // this interface's QueryInterface; AddRef, Release follow
  LPMAPISUP const support_;  // MAPI's support object of this logon (no reference), or NULL

 private:
  mutable std::mutex mu_;
  ULONG held_;      // references on the target this wrapper holds
  ULONG unbacked_;  // references on the wrapper that hold nothing on the target
  bool gone_ = false;
};

template <class I>
class Wrapper : public I, public WrapperCore {
 public:
  I* target() const { return target_; }

  STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR* ppvObj) override {
    if (ppvObj == nullptr) return E_INVALIDARG;
    CallExtras extras = ObjectOut(ppvObj);
    return Run(
        query_,
        [&] {
          HRESULT hr = target_->QueryInterface(riid, ppvObj);
          // The target itself under one of our interfaces: hand out the wrapper
          // with the reference the target just took. Anything else passes.
          if (SUCCEEDED(hr) && *ppvObj == static_cast<void*>(static_cast<IUnknown*>(target_))) {
            AdoptOne();
            *ppvObj = static_cast<I*>(this);
          }
          return hr;
        },
        extras);
  }
  STDMETHODIMP_(ULONG) AddRef() override {
    return ObserveCount(AddRefMethod(), [&]() -> ULONG {
      const Rule* rule = PreRefCount(AddRefMethod());
      const bool mirror = Forwardable();
      CountAddRef(mirror);
      if (!mirror) return own();
      ULONG n = target_->AddRef();
      if (rule != nullptr && rule->action == Action::kReleaseTwice) ReleaseTargetOnce();
      return n;
    });
  }
  STDMETHODIMP_(ULONG) Release() override {
    return ObserveCount(ReleaseMethod(), [&]() -> ULONG {
      const Rule* rule = PreRefCount(ReleaseMethod());
      bool last = false;
      ULONG n = 0;
      if (CountRelease(&last) == Drop::kTarget) {
        n = target_->Release();
      } else {
        n = own();
      }
      if (rule != nullptr && rule->action == Action::kReleaseTwice) n = ReleaseTargetOnce();
      if (last) OnLastRelease();
      return n;
    });
  }

 protected:
  // Takes over one reference on `target` (held) unless `borrowed`: then
  // the wrapper's first reference is its own.
  Wrapper(std::shared_ptr<Context> context, I* target, Method query, LPMAPISUP support,
          bool borrowed = false)
      : WrapperCore(std::move(context), borrowed ? 0 : 1, borrowed ? 1 : 0, query, support),
        target_(target) {}

  // Whether calls may reach the target.
  virtual bool Forwardable() const { return target_ != nullptr && !gone(); }

  // Forwards `call` under the rule that matches `method` (README.md),
  // telling the observer, if any, about the call and its result.
  template <class F>
  HRESULT Run(Method method, F&& call, const CallExtras& extras = {}) {
    CallObserver* observer = context_->observer();
    if (observer == nullptr) return RunRule(method, std::forward<F>(call), extras);
    Values values;
    if (extras.args) extras.args(&values);
    const uint64_t token = observer->OnCall(self(), method, values);
    const HRESULT hr = RunRule(method, std::forward<F>(call), extras);
    values.clear();
    if (extras.outs && SUCCEEDED(hr)) extras.outs(&values);
    observer->OnReturn(token, self(), method, hr, values);
    return hr;
  }

  // AddRef or Release (`count` does it), reported to the observer with the
  // count ObservedCount() makes of its result.
  template <class F>
  ULONG ObserveCount(Method method, F&& count) {
    CallObserver* observer = context_->observer();
    if (observer == nullptr) return count();
    const uint64_t token = observer->OnCall(self(), method, {});
    const ULONG n = count();
    observer->OnCount(token, self(), method, ObservedCount(n));
    return n;
  }
  // The count an observer records for an AddRef/Release that returned `n`.
  virtual ULONG ObservedCount(ULONG n) const { return n; }

  // The object MAPI or the wrapped provider holds: what names it.
  const void* self() const { return static_cast<const I*>(this); }

  // Run() without the observer: applies the rule.
  template <class F>
  HRESULT RunRule(Method method, F&& call, const CallExtras& extras) {
    if (!Forwardable()) return MAPI_E_INVALID_OBJECT;
    const Rule* rule = context_->Match(method);
    if (rule == nullptr) return call();
    Announce(*rule);
    const bool teardown = Info(method).kind == Kind::kTeardown;
    switch (rule->action) {
      case Action::kHr: {
        if (SUCCEEDED(rule->hr)) {
          HRESULT hr = call();
          return FAILED(hr) ? hr : rule->hr;
        }
        if (teardown) {
          call();
        } else if (extras.clear) {
          extras.clear();
        }
        return rule->hr;
      }
      case Action::kThrow:
        if (teardown) call();
        throw std::runtime_error("faulty: " + rule->text);
      case Action::kHang:
        std::this_thread::sleep_for(std::chrono::milliseconds(rule->ms));
        return call();
      case Action::kLeak: {
        HRESULT hr = call();
        if (SUCCEEDED(hr) && extras.leak) extras.leak();
        return hr;
      }
      case Action::kReleaseTwice: {
        HRESULT hr = call();
        ReleaseTargetOnce();
        return hr;
      }
      case Action::kSkip:
        return S_OK;
      case Action::kRepeat: {
        const ULONG saved = extras.inout_flags != nullptr ? *extras.inout_flags : 0;
        call();
        if (extras.inout_flags != nullptr) *extras.inout_flags = saved;
        return call();
      }
      case Action::kCallback:
        CallBack(rule->callback, CallbackSupport(), rule->text);
        return call();
      case Action::kKeepSupport:
        break;  // the parser allows it on IMAPISupport::Release only
    }
    return call();
  }

  // AddRef/Release rules that act before the call (hang, callback); returns
  // the matching rule, counted.
  const Rule* PreRefCount(Method method) {
    const Rule* rule = context_->Match(method);
    if (rule == nullptr) return nullptr;
    Announce(*rule);
    if (rule->action == Action::kHang) {
      std::this_thread::sleep_for(std::chrono::milliseconds(rule->ms));
    } else if (rule->action == Action::kCallback) {
      CallBack(rule->callback, CallbackSupport(), rule->text);
    }
    return rule;
  }

  // Releases the target once more if a reference is held; returns the
  // target's count (0 when nothing was released).
  virtual ULONG ReleaseTargetOnce() {
    if (!TakeHeld()) {
      Say("release-twice: the wrapper holds no reference on its target any more");
      return 0;
    }
    return target_->Release();
  }
  // The wrapper's own count reached 0.
  virtual void OnLastRelease() {
    if (target_ != nullptr) context_->ForgetWrapper(target_, query_, static_cast<I*>(this));
  }

  I* target_;
};

// The wrapper W (a Wrapper<I> constructible from (context, target,
// support)) of `target`: see wrappers.h.
template <class W, class I>
I* WrapOnce(const std::shared_ptr<Context>& context, I* target, Method query, LPMAPISUP support) {
  if (target == nullptr) return nullptr;
  IUnknown* wrapper = context->WrapperFor(
      target, query,
      [&]() -> IUnknown* {
        return static_cast<I*>(Keep(std::make_unique<W>(context, target, support)));
      },
      [](IUnknown* existing) { static_cast<W*>(static_cast<I*>(existing))->AdoptOne(); });
  return static_cast<I*>(wrapper);
}

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_WRAPPER_H_
