// The wrappers faulty puts around the wrapped provider's objects and around
// the support objects MAPI passes to it. Each Wrap* takes over one
// reference on `target` and returns a wrapper with one reference; a target
// that already has a live wrapper gets that wrapper again (MAPI sees the
// same object as before, e.g. SpoolerLogon's IMSLogon). NULL in, NULL out.
//
// Other objects (folders, status objects, tables, profile sections ...)
// pass through unwrapped. Thread-safe.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_WRAPPERS_H_
#define MAPI_EMU_PROVIDERS_FAULTY_WRAPPERS_H_

#include <memory>

#include "mapispi.h"
#include "providers/faulty/context.h"

namespace faulty {

// `support` is MAPI's support object of the logon (no reference), used by
// callback: rules.
IMSLogon* WrapMSLogon(const std::shared_ptr<Context>& context, IMSLogon* target, LPMAPISUP support);
IMsgStore* WrapMsgStore(const std::shared_ptr<Context>& context, IMsgStore* target,
                        LPMAPISUP support);
IABLogon* WrapABLogon(const std::shared_ptr<Context>& context, IABLogon* target, LPMAPISUP support);
IXPLogon* WrapXPLogon(const std::shared_ptr<Context>& context, IXPLogon* target, LPMAPISUP support);

// The support object the wrapped provider gets instead of MAPI's `target`.
// It starts with one reference of its own that holds nothing on `target`
// (MAPI lends its support object for the length of the logon call):
// ReturnLoan() drops it after that call. AddRef/Release by the wrapped
// provider reach MAPI one for one, subject to the rules.
class SupportLoan {
 public:
  SupportLoan(const std::shared_ptr<Context>& context, LPMAPISUP target);
  ~SupportLoan();
  SupportLoan(const SupportLoan&) = delete;
  SupportLoan& operator=(const SupportLoan&) = delete;
  LPMAPISUP get() const { return wrapper_; }

 private:
  LPMAPISUP wrapper_;
};

// Provider objects. `target` may be NULL: the wrapped provider object is
// created at the first logon (context.h). Each takes over `target`'s
// reference.
IMSProvider* NewMSProvider(const std::shared_ptr<Context>& context, IMSProvider* target);
IABProvider* NewABProvider(const std::shared_ptr<Context>& context, IABProvider* target);
IXPProvider* NewXPProvider(const std::shared_ptr<Context>& context, IXPProvider* target);

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_WRAPPERS_H_
