// SessionProfile: what a session needs from the profile it logged on with —
// its providers (one entry per provider profile section), where their
// libraries live, and profile sections as IProfSect objects that write back.
// The subsystem implements it over the JSON profile store; tests may
// implement it directly. Called from any thread.
#ifndef MAPI_EMU_SESSION_SESSION_PROFILE_H_
#define MAPI_EMU_SESSION_SESSION_PROFILE_H_

#include <string>
#include <vector>

#include "mapi_emu/base/prop_array.h"
#include "mapispi.h"
#include "session/library_resolver.h"

namespace mapi_emu {

// One provider of the profile, as its profile section describes it.
struct ProfileProvider {
  MAPIUID provider_uid;     // PR_PROVIDER_UID: the provider's profile section
  MAPIUID service_uid;      // PR_SERVICE_UID of the message service it belongs to
  std::string service_name; // "SAMPLE_STORE"
  std::string section_name; // the MAPISVC.INF provider section, for messages
  ULONG resource_type = 0;  // PR_RESOURCE_TYPE
  std::string dll_name;     // PR_PROVIDER_DLL_NAME
  PropArray props;          // the section's properties when the session started
};

// A message service of the profile (for service entries).
struct ProfileService {
  MAPIUID service_uid;
  std::string service_name;
  std::string dll_name;     // PR_SERVICE_DLL_NAME (may be empty)
  std::string entry_name;   // PR_SERVICE_ENTRY_NAME (may be empty)
};

class SessionProfile {
 public:
  virtual ~SessionProfile() = default;
  virtual std::string name() const = 0;
  virtual LibrarySearch library_search() const = 0;
  // In profile order (the order services and providers were added).
  virtual std::vector<ProfileProvider> Providers() const = 0;
  virtual std::vector<ProfileService> Services() const = 0;
  // The profile section `uid` as an IProfSect; MAPI_MODIFY in `flags` allows
  // changes, which reach the profile file. MAPI_E_NOT_FOUND for an unknown
  // section unless MAPI_MODIFY (a new section is then created).
  virtual HRESULT OpenSection(const MAPIUID& uid, ULONG flags, LPPROFSECT* out) = 0;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SESSION_PROFILE_H_
