// Defines every IID and GUID the SDK headers declare (DEFINE_GUID with
// INITGUID). The definitions are weak, so a provider that also defines them
// (the Windows habit of `#define INITGUID` in one source file) links fine;
// libmapi_emu exports them for providers that do not.
#define INITGUID
#include "mapiguid.h"
#include "mapiwin.h"
