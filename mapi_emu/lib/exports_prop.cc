// The exported property-data function of mapiutil.h: CreateIProp, a thin C
// wrapper over session/mapi_prop.h. Exceptions stop here, at the ABI edge
// (design.md §2.4).
#include "mapi_emu/base/hresult.h"
#include "mapiutil.h"
#include "session/mapi_prop.h"

MAPI_EMU_STDAPI_(SCODE)
CreateIProp(LPCIID lpInterface, ALLOCATEBUFFER FAR* lpAllocateBuffer,
            ALLOCATEMORE FAR* lpAllocateMore, FREEBUFFER FAR* lpFreeBuffer, LPVOID lpvReserved,
            LPPROPDATA FAR* lppPropData) {
  return mapi_emu::GuardAbi("CreateIProp", [&]() -> HRESULT {
    return mapi_emu::CreatePropData(lpInterface, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
                                    lpvReserved, lppPropData);
  });
}
