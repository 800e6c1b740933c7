// UidRegistry: the MAPIUID registry of one session (spec §5). Each provider
// logon registers MAPIUIDs with IMAPISupport::SetProviderUID; MAPI routes an
// entry ID to a logon by the entry ID's bytes 4..19.
//
// It is a multiset per logon: every SetProviderUID appends, duplicates
// included, and nothing is removed until the logon ends (RemoveLogon removes
// all of that logon's registrations at once). When several logons registered
// the same MAPIUID the first registration wins. Thread-safe.
#ifndef MAPI_EMU_SESSION_UID_REGISTRY_H_
#define MAPI_EMU_SESSION_UID_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "mapidefs.h"

namespace mapi_emu {

// Identifies a provider logon within a session (assigned by the session).
using LogonId = uint64_t;

class UidRegistry {
 public:
  // Appends one registration of `uid` for `logon` (never dedups).
  void Register(LogonId logon, const MAPIUID& uid);
  // Removes every registration of `logon`; returns how many there were.
  size_t RemoveLogon(LogonId logon);

  // The logon an entry ID routes to: the first registration of the MAPIUID in
  // bytes 4..19. nullopt when the entry ID is too short (< 20 bytes) or the
  // MAPIUID is unknown (the caller answers MAPI_E_UNKNOWN_ENTRYID without
  // calling any provider).
  std::optional<LogonId> Route(ULONG cb, const ENTRYID* entry_id) const;
  std::optional<LogonId> Route(const MAPIUID& uid) const;

  // The registrations of `logon`, in order, duplicates included.
  std::vector<MAPIUID> UidsOf(LogonId logon) const;
  size_t size() const;

  // Bytes 4..19 of an entry ID, if it has them.
  static std::optional<MAPIUID> UidOfEntryId(ULONG cb, const ENTRYID* entry_id);

 private:
  struct Registration {
    LogonId logon;
    MAPIUID uid;
  };
  mutable absl::Mutex mu_;
  std::vector<Registration> registrations_ ABSL_GUARDED_BY(mu_);  // in order
};

// "{a1b2...}" style text for logs and traces: 32 lower-case hex digits.
std::string MapiUidText(const MAPIUID& uid);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_UID_REGISTRY_H_
