// MAPIUIDs MAPI makes itself: the PR_SERVICE_UID / PR_PROVIDER_UID of profile
// entries and the UIDs of profile sections (what IMAPISupport::NewUID hands
// out), and their text form in profile files.
//
// Thread-safe: any thread may call these.
#ifndef MAPI_EMU_SESSION_MAPI_UID_H_
#define MAPI_EMU_SESSION_MAPI_UID_H_

#include <optional>
#include <string_view>

#include "mapidefs.h"

namespace mapi_emu {

// 16 random bytes from the operating system's generator (std::random_device,
// getrandom(2) on Linux). Never all zero.
MAPIUID NewMapiUid();

// Reads what MapiUidText (uid_registry.h) writes: exactly 32 hexadecimal
// digits, either case, byte 0 first. nullopt for anything else.
std::optional<MAPIUID> MapiUidFromText(std::string_view text);

// Whether a and b are the same 16 bytes.
bool SameUid(const MAPIUID& a, const MAPIUID& b);

// Whether `uid` is MUID_PROFILE_INSTANCE, the section MAPI computes for each
// profile instance rather than storing it.
bool IsProfileInstance(const MAPIUID& uid);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_MAPI_UID_H_
