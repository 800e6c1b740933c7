// Defines every IID and GUID the SDK headers declare (DEFINE_GUID with
// INITGUID) for the code linked with mapi_emu::base. The definitions are
// weak, so they coexist with a provider's own (the Windows habit of
// `#define INITGUID` in one source file) and with the ones libmapi_emu
// exports (mapi_emu/lib/exports_guids.cc).
#define INITGUID
#include "mapiguid.h"
#include "mapiwin.h"
