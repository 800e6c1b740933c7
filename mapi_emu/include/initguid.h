/*
 * initguid.h -- include before mapiguid.h (or any header with DEFINE_GUID)
 * in the one source file that should define the GUIDs rather than only
 * declare them, as on Windows. Equivalent to `#define INITGUID` ahead of the
 * first SDK include, but it also works after mapiwin.h has been included.
 */
#if defined(_WIN32)
#include_next <initguid.h>
#else
#ifndef INITGUID
#define INITGUID
#endif
#include "mapiwin.h"
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  EXTERN_C MAPI_EMU_API DECLSPEC_SELECTANY const GUID name = {       \
      l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif
