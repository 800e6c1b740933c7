// Profile: what MAPI keeps about one profile -- its message services, their
// service providers, and every profile section's properties -- and its JSON
// form (one file per profile; docs/profiles.md is the reference).
//
// A profile section is a property set named by a MAPIUID: each service has
// one (its PR_SERVICE_UID), each provider has one (its PR_PROVIDER_UID), and
// extra sections (MAPISVC.INF "Sections=", or made by a provider through
// OpenProfileSection with MAPI_MODIFY) have their own UIDs.
//
// A Profile is a plain value; it is not synchronised (LiveProfile in
// prof_sect.h shares one between threads).
#ifndef MAPI_EMU_SESSION_PROFILE_H_
#define MAPI_EMU_SESSION_PROFILE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mapi_emu/base/prop_array.h"
#include "mapidefs.h"
#include "nlohmann/json.hpp"
#include "session/library_resolver.h"
#include "session/mapisvc_inf.h"

namespace mapi_emu {

// The "format" and "version" fields of a profile file.
inline constexpr std::string_view kProfileFormat = "mapi_emu.profile";
inline constexpr int kProfileFormatVersion = 1;
// MAPILogonEx limits profile names to 64 characters.
inline constexpr size_t kMaxProfileNameLength = 64;

// A service provider of a service. `props` is its profile section and always
// holds PR_SERVICE_UID, PR_PROVIDER_UID and PR_SERVICE_NAME_A matching the
// entries' fields (the file does not repeat them; see docs/profiles.md).
struct ProviderEntry {
  MAPIUID uid{};        // PR_PROVIDER_UID
  std::string section;  // the MAPISVC.INF section it was made from
  PropArray props;
};

// A message service. `props` is its profile section and always holds
// PR_SERVICE_UID and PR_SERVICE_NAME_A.
struct ServiceEntry {
  MAPIUID uid{};     // PR_SERVICE_UID
  std::string name;  // PR_SERVICE_NAME: the MAPISVC.INF [Services] key
  PropArray props;
  std::vector<ProviderEntry> providers;  // in MAPISVC.INF Providers= order
};

// A profile section that is neither a service's nor a provider's.
struct ExtraSection {
  MAPIUID uid{};
  PropArray props;
};

class Profile {
 public:
  // A profile with no services and a fresh search key. The name is not
  // checked here (ValidateProfileName does).
  explicit Profile(std::string name = std::string());

  std::string name;
  // PR_SEARCH_KEY of the profile's MUID_PROFILE_INSTANCE section: unique
  // among all profiles ever created, even when a name is reused.
  MAPIUID search_key{};
  // Where PR_PROVIDER_DLL_NAME / PR_SERVICE_DLL_NAME resolve, in order;
  // relative entries are relative to the profile file's directory.
  std::vector<std::string> library_dirs;
  std::vector<ServiceEntry> services;
  std::vector<ExtraSection> sections;

  // Adds the MAPISVC.INF service `service_name` (ignoring case): copies its
  // properties, its providers' and its extra sections' into new profile
  // sections with new MAPIUIDs (an extra section keeps the INF's UID= when
  // no section of this profile uses it yet), fills PR_SERVICE_UID,
  // PR_PROVIDER_UID, PR_SERVICE_NAME, PR_SERVICE_EXTRA_UIDS, and defaults
  // PR_DISPLAY_NAME, PR_PROVIDER_DISPLAY and PR_RESOURCE_FLAGS. Returns the
  // new entry (valid until `services` changes). kNotFound when the INF has
  // no such service; kAlreadyExists when it is SERVICE_SINGLE_COPY and the
  // profile has it already.
  absl::StatusOr<ServiceEntry*> AddService(const MapiSvcInf& inf, std::string_view service_name);
  // Removes a service, its providers and the extra sections its
  // PR_SERVICE_EXTRA_UIDS names. kNotFound if there is no such service.
  absl::Status RemoveService(const MAPIUID& service_uid);

  ServiceEntry* FindService(const MAPIUID& uid);
  const ServiceEntry* FindService(const MAPIUID& uid) const;
  ProviderEntry* FindProvider(const MAPIUID& uid);
  const ProviderEntry* FindProvider(const MAPIUID& uid) const;
  // The properties of the section `uid` (service, provider or extra), or
  // NULL. Valid until the profile changes.
  const PropArray* FindSection(const MAPIUID& uid) const;
  // Replaces the properties of section `uid`; a UID no section has becomes
  // a new extra section. For a service or provider section the properties
  // that mirror its fields (PR_SERVICE_UID, PR_PROVIDER_UID,
  // PR_SERVICE_NAME) are put back as the fields say.
  void SetSection(const MAPIUID& uid, const PropArray& props);

  // The library search the provider loader uses for this profile, whose
  // file is in `profile_dir` (absolute).
  LibrarySearch LibrarySearchIn(const std::filesystem::path& profile_dir) const;
};

// OK if `name` can name a profile and its file: 1 to 64 characters (UTF-8
// code points), no control characters, none of  / \ : * ? " < > |, and not
// starting with '.' or ending with '.' or a space. kInvalidArgument saying
// what is wrong otherwise.
absl::Status ValidateProfileName(std::string_view name);

// The profile as its file's JSON document (docs/profiles.md).
absl::StatusOr<nlohmann::json> ProfileToJson(const Profile& profile);
// Reads that document. kInvalidArgument naming the JSON path of the problem
// ("services[0].providers[1].uid: expected 32 hex digits").
absl::StatusOr<Profile> ProfileFromJson(const nlohmann::json& json);

// Reads a profile file (any path). kNotFound if it cannot be read;
// kInvalidArgument prefixed by the path, with line and column for JSON
// syntax errors.
absl::StatusOr<Profile> LoadProfileFile(const std::filesystem::path& path);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_PROFILE_H_
