// Bounded calls into a provider: the logoff methods and Shutdown run on a
// worker thread while the caller waits at most a configured time. A provider
// that hangs there is reported and left behind: the shutdown goes on, the
// objects the hung call is using are never released (they are kept in a
// process-wide list, reported), and the library stays loaded while the call
// has not returned.
//
// The caller holds no lock while it waits, so a provider that calls back into
// MAPI from inside the call (its support object, the exported API) runs as it
// would on the caller's thread.
#ifndef MAPI_EMU_SESSION_PROVIDER_CALL_H_
#define MAPI_EMU_SESSION_PROVIDER_CALL_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mapidefs.h"

namespace mapi_emu {

class LoadedLibrary;

struct CallOutcome {
  HRESULT hr = S_OK;
  bool threw = false;      // an exception escaped (hr is then its HRESULT)
  std::string exception;   // its what(), when threw
  bool timed_out = false;  // still running when the wait ended (hr meaningless)
};

// The wait for one logoff method or Shutdown: $MAPI_EMU_PROVIDER_WAIT_MS
// (milliseconds) when set, else 30 seconds. Zero means no wait limit: the call
// runs on the caller's thread.
std::chrono::milliseconds DefaultProviderWait();

// Runs `fn` with at most `limit` of waiting (see above). `library` counts the
// call as in flight until it returns, even after the wait gave up.
CallOutcome CallBounded(const std::shared_ptr<LoadedLibrary>& library,
                        std::chrono::milliseconds limit, std::function<HRESULT()> fn);

// Objects MAPI will never release because a call into them never returned
// (or returned after MAPI gave up): kept reachable here for the life of the
// process, with a description.
struct AbandonedObject {
  IUnknown* object = nullptr;
  std::string description;
};
void AbandonObject(IUnknown* object, std::string description);
std::vector<AbandonedObject> AbandonedObjects();

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_PROVIDER_CALL_H_
