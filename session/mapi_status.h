// MapiStatus: MAPI's own status object (IMAPIStatus) for the rows MAPI puts
// in the status table itself — the subsystem row and, for a MAPI_NO_MAIL
// session, the spooler row. Its properties are the row's; it is read-only.
// ValidateState succeeds; a method whose bit is clear in the row's
// PR_RESOURCE_METHODS returns MAPI_E_NO_SUPPORT (status-object-implementation.md).
// The spooler's object carries the spooler's FlushQueues (FLUSH_* flags).
// Thread-safe (immutable after construction).
#ifndef MAPI_EMU_SESSION_MAPI_STATUS_H_
#define MAPI_EMU_SESSION_MAPI_STATUS_H_

#include <functional>

#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/prop_array.h"
#include "mapidefs.h"
#include "session/last_error.h"

namespace mapi_emu {

class MapiStatus final : public ComObject<IMAPIStatus> {
 public:
  using FlushFn = std::function<HRESULT(ULONG flags)>;
  MapiStatus(PropArray row, const ObjectOwner* owner, FlushFn flush = nullptr);

  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMAPISTATUS_METHODS(IMPL)

 private:
  bool Supports(ULONG method_bit) const;
  const PropArray row_;
  const FlushFn flush_;
  LastError last_error_;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_MAPI_STATUS_H_
