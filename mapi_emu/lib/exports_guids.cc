// Defines and exports every IID and GUID of the SDK headers from
// libmapi_emu, for providers and clients that use an IID without defining it
// themselves (the definitions are weak: one a provider makes with INITGUID
// coexists with these).
#define INITGUID
#include "mapiguid.h"
#include "mapiwin.h"
