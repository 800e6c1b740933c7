// SessionObject: the IMAPISession a client gets from MAPILogonEx, a thin COM
// shell over SessionCore, one per client: a client that joins a shared
// session (MAPI_ALLOW_OTHERS, no MAPI_NEW_SESSION) gets its own object over
// the same core. After this client's Logoff every method but AddRef/Release
// returns MAPI_E_INVALID_OBJECT (imapisession-logoff.md). Logoff ends the
// session when this is its last client, or for every client with
// MAPI_LOGOFF_SHARED (the others are told by an error notification, ruling
// 14). Its final Release logs this client off if it did not (what
// MrMAPI-style clients rely on) and tells the subsystem it is gone.
// It also answers IMAPIClientShutdown (fast shutdown, through the subsystem).
// Thread-safe.
#ifndef MAPI_EMU_SESSION_SESSION_OBJECT_H_
#define MAPI_EMU_SESSION_SESSION_OBJECT_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/synchronization/mutex.h"

#include "mapi_emu/base/com_object.h"
#include "mapix.h"
#include "session/session_core.h"

namespace mapi_emu {

// What fast shutdown needs from the subsystem: run one step over every
// session of the process.
using ClientShutdownFn = std::function<HRESULT(SessionCore::FastShutdownStep step)>;

class SessionObject final : public ComObject<IMAPISession, IMAPIClientShutdown> {
 public:
  // `on_gone` runs once, after the final Release has logged the session off,
  // with this object (about to be destroyed).
  // `admin_services` answers IMAPISession::AdminServices (the profile's
  // IMsgServiceAdmin).
  using AdminServicesFn = std::function<HRESULT(ULONG flags, LPSERVICEADMIN* out)>;
  // `shared`: the session was logged on with MAPI_ALLOW_OTHERS. `others`
  // returns the other clients' objects of the same core (for
  // MAPI_LOGOFF_SHARED).
  using OthersFn = std::function<std::vector<SessionObject*>(const SessionObject*)>;
  SessionObject(std::shared_ptr<SessionCore> core, std::function<void(SessionObject*)> on_gone,
                AdminServicesFn admin_services = nullptr, bool shared = false,
                OthersFn others = nullptr, ClientShutdownFn client_shutdown = nullptr);
  ~SessionObject() override;

  const std::shared_ptr<SessionCore>& core() const { return core_; }
  // This client logged off (or the whole session did).
  bool logged_off() const;
  // Session-level advise connections this client made (with no entry ID).
  std::vector<ULONG_PTR> session_connections() const;
  // MAPI_LOGOFF_SHARED by another client: this client is logged off.
  void EndedByOtherClient();

  // Traced as the client's calls (client>mapi) when tracing is on.
  STDMETHODIMP_(ULONG) AddRef() override;
  STDMETHODIMP_(ULONG) Release() override;
  MAPI_IMAPISESSION_METHODS(IMPL)
  MAPI_IMAPICLIENTSHUTDOWN_METHODS(IMPL)

 private:
  // The bodies of the methods of the same names, inside their trace events.
  HRESULT OpenAddressBookUntraced(ULONG_PTR ui_param, LPCIID iid, ULONG flags, LPADRBOOK* out);
  HRESULT LogoffUntraced(ULONG_PTR ui_param, ULONG flags, ULONG reserved);
  // This client's logoff: the session's when it is the last client.
  void LeaveSession();
  HRESULT CheckUsable(const char* method);

  std::shared_ptr<SessionCore> core_;
  std::function<void(SessionObject*)> on_gone_;
  AdminServicesFn admin_services_;
  const bool shared_;
  OthersFn others_;
  ClientShutdownFn client_shutdown_;
  mutable absl::Mutex mu_;
  bool client_logged_off_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<ULONG_PTR> connections_ ABSL_GUARDED_BY(mu_);
};

// IAddrBook over a session: OpenEntry, CompareEntryIDs, Advise and Unadvise
// route by MAPIUID to the address-book logons; the dialogs, one-offs,
// recipient resolution and search paths are not emulated (MAPI_E_NO_SUPPORT).
class AddressBook final : public ComObject<IAddrBook> {
 public:
  explicit AddressBook(std::shared_ptr<SessionCore> core);

  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IADDRBOOK_METHODS(IMPL)

 private:
  std::shared_ptr<SessionCore> core_;
  LastError last_error_;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SESSION_OBJECT_H_
