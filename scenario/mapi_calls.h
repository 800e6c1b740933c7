// The client-side call sequences a scenario step stands for, written against
// the exported MAPI API only (mapix.h, mapiutil.h): finding and opening a
// store, writing and submitting a message, IMAPIClientShutdown, and whether
// a provider library is loaded. Call them from the thread that runs the
// scenario; they hold no state.
#ifndef MAPI_EMU_SCENARIO_MAPI_CALLS_H_
#define MAPI_EMU_SCENARIO_MAPI_CALLS_H_

#include <string>

#include "mapi_emu/base/com_ptr.h"
#include "mapix.h"
#include "scenario/scenario.h"

namespace mapi_emu::scenario {

// Opens the store `which` ("default": the row with PR_DEFAULT_STORE, else
// the row whose PR_DISPLAY_NAME is `which`) of the message stores table.
// MAPI_E_NOT_FOUND when no row matches; *out is null on failure.
HRESULT OpenStore(IMAPISession* session, const std::string& which, ULONG flags,
                  ComPtr<IMsgStore>* out);

// Creates a message in the store's folder, sets its class, subject, body and
// recipients ("${data}" in an address becomes `data_dir`), saves it and
// submits it when the spec says so. The first failing call's HRESULT; *out
// holds the message on success.
HRESULT WriteMessage(IMsgStore* store, const MessageSpec& spec, const std::string& data_dir,
                     ComPtr<IMessage>* out);

// IMAPIClientShutdown from the session: QueryFastShutdown, and when that
// allows it NotifyProcessShutdown and DoFastShutdown. The first failure (or
// S_OK); `detail` lists each call's result; *done says whether
// DoFastShutdown was called (after it the client calls MAPI no more).
HRESULT ClientFastShutdown(IMAPISession* session, std::string* detail, bool* done);

// Keeps the reference `object` holds until the process ends, reachable:
// after DoFastShutdown a client calls MAPI no more, not even Release.
void KeepUntilProcessExit(IUnknown* object);

// Whether a library whose file is lib<name>.so or <name>.so (Windows:
// <name>.dll) is loaded in this process now.
bool LibraryIsLoaded(const std::string& name);

// "MAPI_E_NOT_FOUND": the HRESULT's name without its number.
std::string ShortHresultName(HRESULT hr);

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_MAPI_CALLS_H_
