// SessionObject: the IMAPISession a client gets from MAPILogonEx, a thin COM
// shell over SessionCore. After Logoff every method but AddRef/Release
// returns MAPI_E_INVALID_OBJECT (imapisession-logoff.md). Its final Release
// logs the session off if the client did not (what MrMAPI-style clients
// rely on) and tells the subsystem the session is gone.
// Thread-safe.
#ifndef MAPI_EMU_SESSION_SESSION_OBJECT_H_
#define MAPI_EMU_SESSION_SESSION_OBJECT_H_

#include <functional>
#include <memory>

#include "mapi_emu/base/com_object.h"
#include "mapix.h"
#include "session/session_core.h"

namespace mapi_emu {

class SessionObject final : public ComObject<IMAPISession> {
 public:
  // `on_gone` runs once, after the final Release has logged the session off,
  // with this object (about to be destroyed).
  // `admin_services` answers IMAPISession::AdminServices (the profile's
  // IMsgServiceAdmin).
  using AdminServicesFn = std::function<HRESULT(ULONG flags, LPSERVICEADMIN* out)>;
  SessionObject(std::shared_ptr<SessionCore> core, std::function<void(SessionObject*)> on_gone,
                AdminServicesFn admin_services = nullptr);
  ~SessionObject() override;

  const std::shared_ptr<SessionCore>& core() const { return core_; }

  MAPI_IMAPISESSION_METHODS(IMPL)

 private:
  std::shared_ptr<SessionCore> core_;
  std::function<void(SessionObject*)> on_gone_;
  AdminServicesFn admin_services_;
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
