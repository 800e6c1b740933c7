// ProfSect: the IProfSect MAPI hands out for a profile section
// (IMAPISupport::OpenProfileSection, IMAPISession::OpenProfileSection,
// IProviderAdmin::OpenProfileSection), and LiveProfile, the profile in use
// that opens them and writes their changes back to the profile file.
//
// Profile sections are nontransacted (iprofsectimapiprop.md): SetProps and
// DeleteProps take effect, and are written back, at once; SaveChanges
// succeeds and has nothing left to save. Every IProfSect opened on one
// section shares its properties. A section opened without MAPI_MODIFY is
// read-only: SetProps and DeleteProps return MAPI_E_NO_ACCESS. PR_OBJECT_TYPE
// (MAPI_PROFSECT) and PR_PROFILE_NAME are computed and read-only; IDs
// 0x67F0-0x67FF (secure properties) are returned only when asked for by ID;
// named properties are not supported (docs/profiles.md).
//
// Thread-safety: ProfSect methods and LiveProfile methods may be called on
// any thread.
#ifndef MAPI_EMU_SESSION_PROF_SECT_H_
#define MAPI_EMU_SESSION_PROF_SECT_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "session/mapi_prop.h"
#include "session/profile.h"

namespace mapi_emu {

class ProfSect final : public ComObject<IProfSect> {
 public:
  struct Options {
    std::shared_ptr<PropertyBag> bag;  // the section's properties (shared)
    bool modify = false;               // opened with MAPI_MODIFY
    std::string profile_name;          // PR_PROFILE_NAME
    // Writes the section's new values back (called after each change, with
    // the bag locked); an error undoes the change and is returned.
    std::function<absl::Status(const PropArray&)> commit;
    MapiAllocators allocators = ProcessAllocators();
    // Extra computed, read-only values (PR_SEARCH_KEY of the
    // MUID_PROFILE_INSTANCE section).
    PropArray extra_computed;
  };
  static ComPtr<ProfSect> Create(Options options, const ObjectOwner* owner = nullptr);

  MAPI_IMAPIPROP_METHODS(IMPL)

  PropObjectCore& core() { return core_; }

 private:
  template <typename T, typename... Args>
  friend ComPtr<T> MakeComObject(Args&&... args);
  ProfSect(Options options, const ObjectOwner* owner);

  PropObjectCore core_;
};

// A profile in use by a session: its model, one shared PropertyBag per open
// section, and the function that saves the profile after every change
// (ProfileStore::Save, usually).
class LiveProfile {
 public:
  using SaveFunction = std::function<absl::Status(const Profile&)>;
  LiveProfile(Profile profile, SaveFunction save);

  // OpenProfileSection for section `uid`. `flags` may hold MAPI_MODIFY and
  // MAPI_DEFERRED_ERRORS (else MAPI_E_UNKNOWN_FLAGS). A section that does
  // not exist is MAPI_E_NOT_FOUND without MAPI_MODIFY, and is created (and
  // saved) with it. MUID_PROFILE_INSTANCE is a read-only section holding
  // PR_SEARCH_KEY. A service or provider section's PR_SERVICE_UID,
  // PR_PROVIDER_UID and PR_SERVICE_NAME are read-only. *out is set only on
  // success. A NULL uid is MAPI_E_INVALID_PARAMETER: the caller (a support
  // object) substitutes its provider's own section first.
  HRESULT OpenSection(const MAPIUID* uid, ULONG flags, LPPROFSECT* out,
                      const ObjectOwner* owner = nullptr);

  // The profile as it is now (every committed change included).
  Profile Snapshot() const;
  const std::string& name() const { return name_; }

 private:
  absl::Status CommitSection(const MAPIUID& uid, const PropArray& props);

  const std::string name_;
  const SaveFunction save_;
  mutable absl::Mutex mu_;
  Profile profile_ ABSL_GUARDED_BY(mu_);
  // Section UID (MapiUidText) -> its bag, once opened.
  std::map<std::string, std::shared_ptr<PropertyBag>> bags_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_PROF_SECT_H_
