// The loud-and-harmless stub (style.md 8): a method the emulator does not
// provide logs its interface and method once per process and returns
// MAPI_E_NO_SUPPORT. Thread-safe.
#ifndef MAPI_EMU_SESSION_NO_SUPPORT_H_
#define MAPI_EMU_SESSION_NO_SUPPORT_H_

#include "mapidefs.h"

namespace mapi_emu {

HRESULT NoSupport(const char* interface_name, const char* method);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_NO_SUPPORT_H_
