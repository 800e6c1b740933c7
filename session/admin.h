// Profile administration: the IProfAdmin that MAPIAdminProfiles hands out,
// the IMsgServiceAdmin of a profile (IProfAdmin::AdminServices, and
// IMAPISession::AdminServices through CreateMsgServiceAdmin) and the
// IProviderAdmin of one of its message services (AdminProviders, and the one
// a service entry receives).
//
// Admin objects work on the profile files of a ProfileStore directory. Every
// change is a read-modify-write of the profile file under one process-wide
// lock: a structural change (a service or provider added or removed) reloads
// the file, applies the change and saves it; a profile section changed
// through an IProfSect this module handed out reloads the file, replaces that
// one section and saves. So two admin objects never lose each other's changes
// to *different* sections; for the same section the last writer wins. Tables
// are static snapshots of the file. Service entry points are called with no
// lock held.
//
// Where the reference pages leave a choice:
//  - Passwords are not kept: password arguments are ignored (logged once) and
//    ChangeProfilePassword returns S_OK and changes nothing, as its page says.
//    UI flags and ulUIParam are accepted; nothing is shown (headless).
//  - Profile names compare ignoring case (as Windows' do); a name taken is
//    MAPI_E_NO_ACCESS (CreateProfile, CopyProfile, RenameProfile).
//  - DeleteProfile / RenameProfile act at once: there is no "in use" mark.
//    DeleteProfile and DeleteMsgService call MSG_SERVICE_DELETE first; an
//    entry that fails is logged and the service is deleted all the same.
//  - CreateProfile(MAPI_DEFAULT_SERVICES) adds [Default Services]; one that
//    fails unwinds the others (MSG_SERVICE_DELETE) and the profile. With
//    MAPI_DIALOG the entries get ulUIParam and SERVICE_UI_ALLOWED.
//  - A service added from MAPISVC.INF adds the INF's directory to the
//    profile's library_dirs (on Windows the INF sits beside the DLLs).
//  - CreateMsgService / CreateProvider / a failing MSG_SERVICE_CREATE or
//    _PROVIDER_CREATE take the new service / provider out again
//    (MAPI_E_NO_SUPPORT from _PROVIDER_CREATE / _DELETE means "nothing to do").
//  - ConfigureMsgService writes lpProps into the service's section, then
//    calls MSG_SERVICE_CONFIGURE with them; if the entry fails the section is
//    restored. A service without an entry point: MAPI_E_NOT_INITIALIZED.
//  - The message service table is in profile order (a new service is the
//    last row). PR_PROVIDER_ORDINAL: a transport's place in the transport
//    order, other providers' place in profile order. MsgServiceTransportOrder
//    stores PR_PROVIDER_ORDINAL in each transport's section. IProviderAdmin's
//    table adds one row per extra section (PR_RESOURCE_TYPE is PT_ERROR).
//  - SetPrimaryIdentity moves SERVICE_PRIMARY_IDENTITY / STATUS_PRIMARY_
//    IDENTITY only; the *_NO_PRIMARY_IDENTITY flags say what a service or
//    provider can do and are left alone.
//  - OpenProfileSection (clients): a provider's section needs
//    MAPI_FORCE_ACCESS (else MAPI_E_NO_ACCESS); a section open read/write
//    cannot be opened again, one open read-only cannot be opened read/write
//    (MAPI_E_NO_ACCESS). A service entry opens any section.
//  - RenameMsgService returns MAPI_E_NO_SUPPORT, as its page says MAPI does;
//    IMsgServiceAdmin2 is not offered.
//
// Thread-safety: every object may be called from any thread.
#ifndef MAPI_EMU_SESSION_ADMIN_H_
#define MAPI_EMU_SESSION_ADMIN_H_

#include <filesystem>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapix.h"
#include "session/profile.h"
#include "session/provider_library.h"

namespace mapi_emu {

// Where the admin objects find profiles, MAPISVC.INF and service libraries.
struct AdminContext {
  std::filesystem::path profiles_dir;
  std::filesystem::path mapisvc;         // the MAPISVC.INF CreateMsgService reads
  LibraryRegistry* libraries = nullptr;  // must outlive every admin object
};

// A new IProfAdmin over the context's profile directory.
ComPtr<IProfAdmin> CreateProfAdmin(AdminContext context);

// The IMsgServiceAdmin of the stored profile `profile_name` (exact name, or
// the only one equal to it ignoring case). kNotFound naming the profile and
// directory when there is no such profile.
absl::StatusOr<ComPtr<IMsgServiceAdmin>> CreateMsgServiceAdmin(const AdminContext& context,
                                                               std::string_view profile_name);

// The profile's transport providers (PR_PROVIDER_UIDs) in the order
// IMsgServiceAdmin::MsgServiceTransportOrder set: providers whose section
// holds PR_PROVIDER_ORDINAL first, by that value, then the others in profile
// order.
std::vector<MAPIUID> TransportOrder(const Profile& profile);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_ADMIN_H_
