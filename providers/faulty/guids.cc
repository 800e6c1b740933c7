// Defines the IIDs the wrapping core compares and hands on, as a Windows
// provider does (INITGUID before mapiguid.h in one source file): Windows
// MAPI exports no GUIDs, so a provider DLL must carry its own. On Linux
// libmapi_emu exports them too; the definitions are weak and coexist.
#include "initguid.h"
#include "mapiguid.h"
