// The stand-in provider library's view of the player (`mapi_emu replay
// --playback`, docs/replay.md). The library itself holds no state: MAPI loads
// one copy of it per library the trace names (libsample_store.so, ...), and
// each copy's entry point hands the call to the one player of the process,
// which MAPIEmuGetPlaybackHost (mapiemu.h) returns. The player answers with a
// stand-in provider object whose every answer comes from the trace.
#ifndef MAPI_EMU_PROVIDERS_PLAYBACK_PLAYBACK_HOST_H_
#define MAPI_EMU_PROVIDERS_PLAYBACK_PLAYBACK_HOST_H_

#include "mapispi.h"

namespace mapi_emu::playback {

class PlaybackHost {
 public:
  // The entry point MSProviderInit, ABProviderInit or XPProviderInit
  // (`entry` names it) of one copy of the library: its arguments as MAPI
  // passed them; *provider receives the IMSProvider, IABProvider or
  // IXPProvider stand-in.
  virtual HRESULT ProviderInit(const char* entry, HINSTANCE module, LPMALLOC malloc,
                               ULONG flags, ULONG mapi_version, ULONG* provider_version,
                               IUnknown** provider) = 0;

 protected:
  ~PlaybackHost() = default;
};

}  // namespace mapi_emu::playback

#endif  // MAPI_EMU_PROVIDERS_PLAYBACK_PLAYBACK_HOST_H_
