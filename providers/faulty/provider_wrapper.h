// ProviderWrapper<I>: what the three provider-object wrappers (IMSProvider,
// IABProvider, IXPProvider) share: the wrapped provider object may be
// created after the wrapper (at the first logon, context.h), and Shutdown
// of a provider that never started has nothing to forward. Thread-safe.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_PROVIDER_WRAPPER_H_
#define MAPI_EMU_PROVIDERS_FAULTY_PROVIDER_WRAPPER_H_

#include <memory>
#include <mutex>
#include <string>

#include "providers/faulty/wrapper.h"

namespace faulty {

template <class I>
class ProviderWrapper : public Wrapper<I> {
 protected:
  // Without a target the wrapper's first reference is its own; the
  // provider object created at the first logon takes it over.
  ProviderWrapper(const std::shared_ptr<Context>& context, I* target, Method query)
      : Wrapper<I>(context, target, query, nullptr, target == nullptr) {}

  // Called at the top of each logon method: starts the wrapped provider if
  // needed. S_OK, or the failure with *lppMAPIError set (when not NULL).
  HRESULT Start(LPMAPISUP support, ULONG flags, LPMAPIERROR FAR* lppMAPIError) {
    std::lock_guard<std::mutex> lock(start_mu_);
    IUnknown* created = nullptr;
    std::string error;
    HRESULT hr = this->context_->StartAtLogon(support, this->target_ != nullptr, &created, &error);
    if (FAILED(hr)) {
      Say(error);
      if (lppMAPIError != nullptr) {
        *lppMAPIError = this->context_->MakeError(error, (flags & MAPI_UNICODE) != 0);
      }
      return hr;
    }
    if (created != nullptr) {
      this->target_ = static_cast<I*>(created);
      this->BackOne();
    }
    this->context_->SetLatestSupport(support);
    return S_OK;
  }

  // MAPI's last release of the provider object: what the entry point kept
  // goes too.
  void OnLastRelease() override { this->context_->ReleaseEntryResources(); }

  HRESULT ShutdownVia(Method method, ULONG FAR* lpulFlags) {
    if (this->target_ == nullptr) return S_OK;  // never started: nothing to shut down
    CallExtras extras;
    extras.inout_flags = lpulFlags;
    extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
    return this->Run(
        method, [&] { return this->target_->Shutdown(lpulFlags); }, extras);
  }

 private:
  std::mutex start_mu_;
};

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_PROVIDER_WRAPPER_H_
