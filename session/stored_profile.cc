// SessionProfile over a profile file of the profile store: the session sees
// the profile as it was at logon for its provider list, and opens profile
// sections through a LiveProfile that writes every change back to the file.
#include <string>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/status_macros.h"
#include "session/prof_sect.h"
#include "session/profile_store.h"
#include "session/subsystem.h"

namespace mapi_emu {
namespace {

std::string StringValue(const PropArray& props, ULONG id) {
  const SPropValue* v = props.Find(PROP_TAG(PT_STRING8, id));
  return v != nullptr && v->Value.lpszA != nullptr ? std::string(v->Value.lpszA) : std::string();
}

// A session's write-back: only the sections the session changed since its
// last save are merged into the profile file as it is now, so what the admin
// API (or another session) did meanwhile survives; a profile deleted
// meanwhile is not re-created.
class SectionSaver {
 public:
  SectionSaver(ProfileStore store, Profile loaded)
      : store_(std::move(store)), last_(std::make_shared<Profile>(std::move(loaded))) {}

  absl::Status operator()(const Profile& mine) const {
    absl::MutexLock lock(&ProfileFileMutex());
    absl::StatusOr<Profile> current = store_.Load(mine.name);
    if (!current.ok()) {
      return absl::NotFoundError(absl::StrCat("profile '", mine.name, "' is gone from ",
                                              store_.dir().string(), "; the change is not saved"));
    }
    auto merge = [&](const MAPIUID& uid, const PropArray& props) {
      const PropArray* before = last_->FindSection(uid);
      if (before != nullptr && *before == props) return;  // not changed by this session
      current->SetSection(uid, props);
    };
    for (const ServiceEntry& service : mine.services) {
      if (current->FindService(service.uid) == nullptr) continue;  // deleted meanwhile
      merge(service.uid, service.props);
      for (const ProviderEntry& provider : service.providers) {
        if (current->FindProvider(provider.uid) != nullptr) merge(provider.uid, provider.props);
      }
    }
    for (const ExtraSection& section : mine.sections) merge(section.uid, section.props);
    RETURN_IF_ERROR(store_.Save(*current));
    *last_ = mine;
    return absl::OkStatus();
  }

 private:
  ProfileStore store_;
  std::shared_ptr<Profile> last_;  // what this session last saved (or loaded)
};

class StoredSessionProfile final : public SessionProfile {
 public:
  StoredSessionProfile(const ProfileStore& store, Profile profile)
      : dir_(store.dir()), live_(profile, SectionSaver(store, profile)) {}

  std::string name() const override { return live_.name(); }

  LibrarySearch library_search() const override {
    return live_.Snapshot().LibrarySearchIn(std::filesystem::absolute(dir_));
  }

  std::vector<ProfileProvider> Providers() const override {
    std::vector<ProfileProvider> out;
    const Profile profile = live_.Snapshot();
    for (const ServiceEntry& service : profile.services) {
      for (const ProviderEntry& provider : service.providers) {
        ProfileProvider p;
        p.provider_uid = provider.uid;
        p.service_uid = service.uid;
        p.service_name = service.name;
        p.section_name = provider.section;
        const SPropValue* type = provider.props.Find(PR_RESOURCE_TYPE);
        p.resource_type = type != nullptr ? static_cast<ULONG>(type->Value.l) : 0;
        p.dll_name = StringValue(provider.props, PROP_ID(PR_PROVIDER_DLL_NAME));
        p.props = provider.props;
        out.push_back(std::move(p));
      }
    }
    return out;
  }

  std::vector<ProfileService> Services() const override {
    std::vector<ProfileService> out;
    const Profile profile = live_.Snapshot();
    for (const ServiceEntry& service : profile.services) {
      out.push_back({service.uid, service.name,
                     StringValue(service.props, PROP_ID(PR_SERVICE_DLL_NAME)),
                     StringValue(service.props, PROP_ID(PR_SERVICE_ENTRY_NAME))});
    }
    return out;
  }

  HRESULT OpenSection(const MAPIUID& uid, ULONG flags, LPPROFSECT* out) override {
    return live_.OpenSection(&uid, flags, out);
  }

 private:
  const std::filesystem::path dir_;
  mutable LiveProfile live_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SessionProfile>> OpenStoredProfile(
    const std::filesystem::path& profiles_dir, const std::string& name) {
  ProfileStore store(profiles_dir);
  std::string chosen = name;
  if (chosen.empty()) {
    absl::StatusOr<std::string> def = store.GetDefault();
    if (!def.ok()) {
      return absl::NotFoundError(absl::StrCat("no profile named and no default profile in ",
                                              profiles_dir.string(), ": ",
                                              std::string(def.status().message())));
    }
    chosen = *def;
  }
  absl::StatusOr<Profile> profile = store.Load(chosen);
  if (!profile.ok()) return profile.status();
  return std::unique_ptr<SessionProfile>(new StoredSessionProfile(store, *std::move(profile)));
}

}  // namespace mapi_emu
