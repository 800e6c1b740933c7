// StoreWrapper: the IMsgStore a client gets from IMAPISession::OpenMsgStore.
// As in Outlook's MAPI, the client holds MAPI's object, not the provider's:
// every call is forwarded to the provider's store, and MAPI sees the client's
// side of the store's shutdown (lifecycle.md §3.2-3.3):
//   - StoreLogoff's input flag, so that the provider's StoreLogoffTransports
//     can be checked against it (rulings 1, §8 rules 37-40);
//   - calls after StoreLogoffTransports answered LOGOFF_COMPLETE, or after
//     the session logged off: MAPI_E_INVALID_OBJECT (rule 41);
//   - the client's final Release, which releases the provider's store (whose
//     Release releases the support object: ruling 2 follows from there).
// QueryInterface for IMsgStore, IMAPIProp and IUnknown answers the wrapper;
// other interfaces are the provider's own.
// Thread-safe.
#ifndef MAPI_EMU_SESSION_STORE_WRAPPER_H_
#define MAPI_EMU_SESSION_STORE_WRAPPER_H_

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapidefs.h"

namespace mapi_emu {

// LOGOFF_* names joined with '|' ("LOGOFF_ABORT", "LOGOFF_COMPLETE|LOGOFF_INBOUND"),
// unknown bits in hex, "0" for none.
std::string LogoffFlagsText(ULONG flags);
// Exactly one of the five input flags and nothing else.
bool IsOneLogoffInputFlag(ULONG flags);

class StoreWrapper;

// The shutdown bookkeeping of one store logon, shared by the session's
// record of the logon and the wrapper.
struct StoreState {
  explicit StoreState(std::string w) : who(std::move(w)) {}
  const std::string who;  // for diagnostics: the provider and logon
  absl::Mutex mu;
  std::optional<ULONG> storelogoff_flags ABSL_GUARDED_BY(mu);  // the client's StoreLogoff input
  int slt_calls ABSL_GUARDED_BY(mu) = 0;                       // StoreLogoffTransports calls
  bool complete ABSL_GUARDED_BY(mu) = false;                   // LOGOFF_COMPLETE was answered
  bool session_ended ABSL_GUARDED_BY(mu) = false;              // the logon ended
  bool fast_shut_down ABSL_GUARDED_BY(mu) = false;             // after DoFastShutdown
  StoreWrapper* wrapper ABSL_GUARDED_BY(mu) = nullptr;         // the live wrapper, if any
  // Called by the wrapper's final Release before it releases the provider's
  // store: the spooler lets go of its own store object first (set once,
  // before the first wrapper is made).
  std::function<void()> before_release;
};

class StoreWrapper final : public ComObject<IMsgStore> {
 public:
  // Adopts one reference to `inner`, the provider's store. `owner` is the
  // provider library's: while the client holds the wrapper the library is
  // not unloaded (the provider's store lives on).
  StoreWrapper(IMsgStore* inner, std::shared_ptr<StoreState> state, const ObjectOwner* owner);
  ~StoreWrapper() override;

  IMsgStore* inner() const { return inner_; }
  // The provider's store behind `store` when it is a live wrapper made while
  // tracing, else `store` itself: the object a trace names it by.
  static const void* TracedStore(IMsgStore* store);

  // Traced as the client's calls (client>mapi) when tracing is on.
  STDMETHODIMP QueryInterface(REFIID riid, void** ppv) override;
  STDMETHODIMP_(ULONG) AddRef() override;
  STDMETHODIMP_(ULONG) Release() override;
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMSGSTORE_METHODS(IMPL)

 private:
  // S_OK when the client may call `method` now; else the diagnosed failure.
  HRESULT Gate(const char* method);

  IMsgStore* const inner_;
  const std::shared_ptr<StoreState> state_;
  bool traced_ = false;  // listed for TracedStore (made while tracing)
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_STORE_WRAPPER_H_
