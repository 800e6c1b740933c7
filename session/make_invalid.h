// IMAPISupport::MakeInvalid (ruling 19): MAPI takes over a provider object
// that should no longer be used. Its vtable pointer is replaced by a
// MAPI-owned table of cMethods entries in which AddRef and Release still
// count (starting from the ulRefCount the provider passes) and every other
// method returns MAPI_E_INVALID_OBJECT (QueryInterface also sets *ppv to
// NULL). When the count reaches zero the object's memory is freed with
// MAPIFreeBuffer if it came from MAPIAllocateBuffer, and left alone
// otherwise.
//
// The replacement methods take the object pointer first and ignore the other
// arguments, which is safe with the x64 (and every callee-doesn't-clean)
// calling convention MAPI methods use. Thread-safe.
#ifndef MAPI_EMU_SESSION_MAKE_INVALID_H_
#define MAPI_EMU_SESSION_MAKE_INVALID_H_

#include <cstddef>

#include "mapidefs.h"

namespace mapi_emu {

// S_OK, or MAPI_E_UNKNOWN_FLAGS (ulFlags != 0), MAPI_E_INVALID_PARAMETER
// (NULL object, cMethods < 3).
HRESULT MakeObjectInvalid(ULONG flags, void* object, ULONG ref_count, ULONG methods);

// Whether `object` was invalidated and not yet freed; its current count.
bool IsInvalidatedObject(const void* object);
ULONG InvalidatedObjectRefCount(const void* object);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_MAKE_INVALID_H_
