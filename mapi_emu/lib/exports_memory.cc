// The exported MAPI memory functions and property utilities: thin C wrappers
// over mapi_emu/base (allocator.h, default_malloc.h, prop_util.h). Every one
// catches exceptions here, at the ABI edge (design.md §2.4), and all buffers
// go through the one process-wide allocator (design.md §2.6).
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/default_malloc.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_util.h"
#include "mapiutil.h"
#include "mapix.h"

namespace {

using mapi_emu::GuardAbi;
using mapi_emu::HresultFromCurrentException;
using mapi_emu::ProcessBufferAllocator;

}  // namespace

MAPI_EMU_STDMETHODIMP_(SCODE)
MAPIAllocateBuffer(ULONG cbSize, LPVOID FAR* lppBuffer) {
  return GuardAbi("MAPIAllocateBuffer", [&]() -> HRESULT {
    return ProcessBufferAllocator().Allocate(cbSize, lppBuffer);
  });
}

MAPI_EMU_STDMETHODIMP_(SCODE)
MAPIAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID FAR* lppBuffer) {
  return GuardAbi("MAPIAllocateMore", [&]() -> HRESULT {
    return ProcessBufferAllocator().AllocateMore(cbSize, lpObject, lppBuffer);
  });
}

// S_OK even for a pointer MAPI did not hand out or already freed: the misuse
// is reported and ignored (mapifreebuffer.md allows S_OK; rulings.md 17).
MAPI_EMU_STDAPI_(ULONG) MAPIFreeBuffer(LPVOID lpBuffer) {
  GuardAbi("MAPIFreeBuffer", [&]() -> HRESULT {
    return static_cast<HRESULT>(ProcessBufferAllocator().Free(lpBuffer));
  });
  return S_OK;
}

MAPI_EMU_STDAPI_(LPSPropValue)
PpropFindProp(LPSPropValue lpPropArray, ULONG cValues, ULONG ulPropTag) {
  return mapi_emu::FindProp(lpPropArray, cValues, ulPropTag);
}

MAPI_EMU_STDAPI_(SCODE)
PropCopyMore(LPSPropValue lpSPropValueDest, LPSPropValue lpSPropValueSrc,
             ALLOCATEMORE* lpfAllocMore, LPVOID lpvObject) {
  return GuardAbi("PropCopyMore", [&]() -> HRESULT {
    return mapi_emu::CopyPropMore(lpSPropValueDest, lpSPropValueSrc, lpfAllocMore, lpvObject);
  });
}

MAPI_EMU_STDAPI_(SCODE)
ScCopyProps(int cValues, LPSPropValue lpPropArray, LPVOID lpvDst, ULONG FAR* lpcbCopy) {
  return GuardAbi("ScCopyProps", [&]() -> HRESULT {
    return mapi_emu::CopyProps(cValues, lpPropArray, lpvDst, lpcbCopy);
  });
}

MAPI_EMU_STDAPI_(SCODE)
ScCountProps(int cValues, LPSPropValue lpPropArray, ULONG FAR* lpcb) {
  return GuardAbi("ScCountProps",
                  [&]() -> HRESULT { return mapi_emu::CountProps(cValues, lpPropArray, lpcb); });
}

MAPI_EMU_STDAPI_(SCODE)
ScDupPropset(int cValues, LPSPropValue lpPropArray, LPALLOCATEBUFFER lpAllocateBuffer,
             LPSPropValue FAR* lppPropArray) {
  return GuardAbi("ScDupPropset", [&]() -> HRESULT {
    return mapi_emu::DupPropset(cValues, lpPropArray, lpAllocateBuffer, lppPropArray);
  });
}

// ulpropsize.md lists HRESULTs as return values of this ULONG function; like
// MAPI itself we return the size, and 0 for NULL or a value without size.
MAPI_EMU_STDAPI_(ULONG) UlPropSize(LPSPropValue lpSPropValue) {
  if (lpSPropValue == nullptr) return 0;
  return mapi_emu::PropSize(*lpSPropValue);
}

MAPI_EMU_STDAPI_(void) FreeProws(LPSRowSet lpRows) {
  try {
    mapi_emu::FreeRows(lpRows, ProcessBufferAllocator());
  } catch (...) {
    HresultFromCurrentException("FreeProws");
  }
}

MAPI_EMU_STDAPI_(void) FreePadrlist(LPADRLIST lpAdrlist) {
  try {
    mapi_emu::FreeAdrList(lpAdrlist, ProcessBufferAllocator());
  } catch (...) {
    HresultFromCurrentException("FreePadrlist");
  }
}

MAPI_EMU_STDAPI HrGetOneProp(LPMAPIPROP lpMapiProp, ULONG ulPropTag, LPSPropValue FAR* lppProp) {
  return GuardAbi("HrGetOneProp", [&]() -> HRESULT {
    return mapi_emu::GetOneProp(lpMapiProp, ulPropTag, lppProp, ProcessBufferAllocator());
  });
}

MAPI_EMU_STDAPI HrSetOneProp(LPMAPIPROP lpMapiProp, LPSPropValue lpProp) {
  return GuardAbi("HrSetOneProp", [&]() -> HRESULT {
    return mapi_emu::SetOneProp(lpMapiProp, lpProp, ProcessBufferAllocator());
  });
}

// mapigetdefaultmalloc.md only says it returns the allocator; like MAPI we
// hand out the process object without an AddRef, so callers do not Release
// it (those that AddRef it must Release it).
MAPI_EMU_STDAPI_(LPMALLOC) MAPIGetDefaultMalloc(void) {
  try {
    return mapi_emu::ProcessMalloc();
  } catch (...) {
    HresultFromCurrentException("MAPIGetDefaultMalloc");
    return nullptr;
  }
}
