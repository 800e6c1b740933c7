#include "session/prof_sect.h"

#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "session/mapi_uid.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

PropObjectOptions CoreOptions(ProfSect::Options& options) {
  PropArrayBuilder computed;
  computed.AddLong(PR_OBJECT_TYPE, MAPI_PROFSECT);
  computed.AddString8(PR_PROFILE_NAME_A, options.profile_name);
  PropObjectOptions core;
  core.bag = options.bag;
  core.read_only = !options.modify;
  core.allocators = options.allocators;
  core.computed = computed.Build()->Merge(options.extra_computed);
  core.profile_section_rules = true;
  core.on_change = std::move(options.commit);
  core.kind = "ProfSect";
  return core;
}

}  // namespace

// ---- ProfSect ---------------------------------------------------------------

ComPtr<ProfSect> ProfSect::Create(Options options, const ObjectOwner* owner) {
  return MakeComObject<ProfSect>(std::move(options), owner);
}

ProfSect::ProfSect(Options options, const ObjectOwner* owner)
    : ComObject<IProfSect>(owner, "ProfSect"), core_(CoreOptions(options)) {}

STDMETHODIMP ProfSect::GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* error) {
  return core_.GetLastError(hr, flags, error);
}
// Nontransacted: every change is already written; this only checks flags.
STDMETHODIMP ProfSect::SaveChanges(ULONG flags) { return core_.SaveChanges(flags); }
STDMETHODIMP ProfSect::GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                                LPSPropValue* values) {
  return core_.GetProps(tags, flags, count, values);
}
STDMETHODIMP ProfSect::GetPropList(ULONG flags, LPSPropTagArray* tags) {
  return core_.GetPropList(flags, tags);
}
STDMETHODIMP ProfSect::OpenProperty(ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                    LPUNKNOWN* unknown) {
  return core_.OpenProperty(tag, iid, options, flags, unknown);
}
STDMETHODIMP ProfSect::SetProps(ULONG count, LPSPropValue values, LPSPropProblemArray* problems) {
  return core_.SetProps(count, values, problems);
}
STDMETHODIMP ProfSect::DeleteProps(LPSPropTagArray tags, LPSPropProblemArray* problems) {
  return core_.DeleteProps(tags, problems);
}
STDMETHODIMP ProfSect::CopyTo(ULONG ciid, LPCIID rgiid, LPSPropTagArray exclude, ULONG_PTR ui,
                              LPMAPIPROGRESS progress, LPCIID iid, LPVOID dest, ULONG flags,
                              LPSPropProblemArray* problems) {
  return core_.CopyTo(ciid, rgiid, exclude, ui, progress, iid, dest, flags, problems);
}
STDMETHODIMP ProfSect::CopyProps(LPSPropTagArray include, ULONG_PTR ui, LPMAPIPROGRESS progress,
                                 LPCIID iid, LPVOID dest, ULONG flags,
                                 LPSPropProblemArray* problems) {
  return core_.CopyProps(include, ui, progress, iid, dest, flags, problems);
}
// Profile sections have no named properties (iprofsectimapiprop.md).
STDMETHODIMP ProfSect::GetNamesFromIDs(LPSPropTagArray* tags, LPGUID guid, ULONG flags,
                                       ULONG* count, LPMAPINAMEID** names) {
  return core_.GetNamesFromIDs(tags, guid, flags, count, names);
}
STDMETHODIMP ProfSect::GetIDsFromNames(ULONG count, LPMAPINAMEID* names, ULONG flags,
                                       LPSPropTagArray* tags) {
  return core_.GetIDsFromNames(count, names, flags, tags);
}

// ---- LiveProfile --------------------------------------------------------------

LiveProfile::LiveProfile(Profile profile, SaveFunction save)
    : name_(profile.name), save_(std::move(save)), profile_(std::move(profile)) {}

Profile LiveProfile::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return profile_;
}

absl::Status LiveProfile::CommitSection(const MAPIUID& uid, const PropArray& props) {
  absl::MutexLock lock(&mu_);
  const PropArray* current = profile_.FindSection(uid);
  const PropArray before = current != nullptr ? *current : PropArray();
  profile_.SetSection(uid, props);
  if (!save_) return absl::OkStatus();
  absl::Status s = save_(profile_);
  if (!s.ok()) profile_.SetSection(uid, before);  // the bag undoes its side
  return s;
}

HRESULT LiveProfile::OpenSection(const MAPIUID* uid, ULONG flags, LPPROFSECT* out,
                                 const ObjectOwner* owner) {
  return GuardAbi("OpenProfileSection", [&]() -> HRESULT {
    if (uid == nullptr || out == nullptr) return MAPI_E_INVALID_PARAMETER;
    if ((flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS)) != 0) return MAPI_E_UNKNOWN_FLAGS;
    const bool modify = (flags & MAPI_MODIFY) != 0;
    const MAPIUID key = *uid;

    ProfSect::Options options;
    options.profile_name = name_;
    if (IsProfileInstance(key)) {
      // MAPI's own section: PR_SEARCH_KEY, unique per profile, read-only.
      PropArrayBuilder b;
      absl::MutexLock lock(&mu_);
      b.AddBinary(PR_SEARCH_KEY, profile_.search_key.ab, sizeof(MAPIUID));
      options.extra_computed = *b.Build();
      options.bag = std::make_shared<PropertyBag>();
      options.modify = false;
    } else {
      const std::string text = MapiUidText(key);
      std::shared_ptr<PropertyBag> bag;
      PropArray initial;
      bool mirrors_fields = false;
      {
        absl::MutexLock lock(&mu_);
        if (auto it = bags_.find(text); it != bags_.end()) bag = it->second;
        const PropArray* props = profile_.FindSection(key);
        if (bag == nullptr && props == nullptr) {
          if (!modify) return MAPI_E_NOT_FOUND;
          // MAPI_MODIFY creates the section (imapisupport-openprofilesection.md).
          profile_.SetSection(key, PropArray());
          if (save_) {
            if (absl::Status s = save_(profile_); !s.ok()) {
              std::erase_if(profile_.sections,
                            [&](const ExtraSection& x) { return IsEqualMAPIUID(&x.uid, &key); });
              return StatusToHresult(s);
            }
          }
          props = profile_.FindSection(key);
        }
        if (bag == nullptr) {
          initial = *props;
          mirrors_fields =
              profile_.FindService(key) != nullptr || profile_.FindProvider(key) != nullptr;
        }
      }
      if (bag == nullptr) {
        // Built outside mu_: the lock order is bag, then LiveProfile.
        auto fresh = std::make_shared<PropertyBag>(initial);
        if (mirrors_fields) {
          for (ULONG tag :
               {ULONG{PR_SERVICE_UID}, ULONG{PR_PROVIDER_UID}, ULONG{PR_SERVICE_NAME_A}}) {
            fresh->SetAccess(tag, IPROP_READONLY);
          }
        }
        absl::MutexLock lock(&mu_);
        bag = bags_.emplace(text, std::move(fresh)).first->second;  // first opener wins
      }
      options.bag = std::move(bag);
      options.modify = modify;
      options.commit = [this, key](const PropArray& props) { return CommitSection(key, props); };
    }
    ComPtr<ProfSect> section = ProfSect::Create(std::move(options), owner);
    *out = section.Detach();
    return S_OK;
  });
}

}  // namespace mapi_emu
