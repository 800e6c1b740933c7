#include "session/admin.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/status_macros.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapitags.h"
#include "session/last_error.h"
#include "session/mapi_uid.h"
#include "session/mapisvc_inf.h"
#include "session/prof_sect.h"
#include "session/profile_store.h"
#include "session/service_entry.h"
#include "session/subsystem.h"
#include "session/uid_registry.h"
#include "spdlog/spdlog.h"
#include "status_table/table_data.h"

namespace mapi_emu {
namespace {

// ---- Small helpers -------------------------------------------------------------

absl::Status Err(HRESULT hr, std::string_view message) { return HresultToStatus(hr, message); }

// A string argument: 8-bit (taken as UTF-8), or wide with MAPI_UNICODE.
std::optional<std::string> Text(LPTSTR text, ULONG flags) {
  if (text == nullptr) return std::nullopt;
  if (flags & MAPI_UNICODE) return WideToUtf8(reinterpret_cast<const WCHAR*>(text));
  return std::string(reinterpret_cast<const char*>(text));
}

// A string property of either width, as UTF-8.
std::optional<std::string> Utf8Prop(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(tag)));
  if (v == nullptr) return std::nullopt;
  if (PROP_TYPE(v->ulPropTag) == PT_STRING8 && v->Value.lpszA != nullptr) {
    return std::string(v->Value.lpszA);
  }
  if (PROP_TYPE(v->ulPropTag) == PT_UNICODE && v->Value.lpszW != nullptr) {
    return WideToUtf8(v->Value.lpszW);
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> Utf8MvProp(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(tag)));
  if (v == nullptr) return std::nullopt;
  std::vector<std::string> out;
  if (PROP_TYPE(v->ulPropTag) == PT_MV_STRING8) {
    for (ULONG i = 0; i < v->Value.MVszA.cValues; ++i) out.emplace_back(v->Value.MVszA.lppszA[i]);
  } else if (PROP_TYPE(v->ulPropTag) == PT_MV_UNICODE) {
    for (ULONG i = 0; i < v->Value.MVszW.cValues; ++i) {
      out.push_back(WideToUtf8(v->Value.MVszW.lppszW[i]));
    }
  } else {
    return std::nullopt;
  }
  return out;
}

ULONG UlongProp(const PropArray& props, ULONG tag, ULONG fallback = 0) {
  const SPropValue* v = props.Find(tag);
  return v != nullptr ? static_cast<ULONG>(v->Value.l) : fallback;
}

PropArray OneLong(ULONG tag, ULONG value) {
  PropArrayBuilder b;
  b.AddLong(tag, static_cast<LONG>(value));
  return *b.Build();  // a PT_LONG always builds
}

// Property tags of a string column in the width a table was asked for.
ULONG TextTag(ULONG tag, bool wide) {
  return PROP_TAG(wide ? PT_UNICODE : PT_STRING8, PROP_ID(tag));
}
ULONG MvTextTag(ULONG tag, bool wide) {
  return PROP_TAG(wide ? PT_MV_UNICODE : PT_MV_STRING8, PROP_ID(tag));
}
void AddText(PropArrayBuilder& b, ULONG tag, const std::string& text, bool wide) {
  if (wide) {
    b.AddUnicode(TextTag(tag, true), text);
  } else {
    b.AddString8(TextTag(tag, false), text);
  }
}

// Logs `what` once per process (a flag the caller passes but that has no
// effect here).
void LogIgnoredOnce(std::atomic<bool>& logged, const char* what) {
  if (!logged.exchange(true)) spdlog::info("{}", what);
}

absl::Mutex& FileMutex() { return ProfileFileMutex(); }

// The stored name `name` refers to: itself, or the one profile equal to it
// ignoring case (profile names are case-insensitive on Windows).
std::optional<std::string> ResolveProfileName(const ProfileStore& store, const std::string& name) {
  if (name.empty()) return std::nullopt;
  // One listing serves both: the name as stored, else its one spelling in
  // another case (ProfileStore::Exists would list the directory too).
  absl::StatusOr<std::vector<std::string>> names = store.List();
  if (!names.ok()) return std::nullopt;
  if (std::binary_search(names->begin(), names->end(), name)) return name;
  std::optional<std::string> found;
  for (const std::string& n : *names) {
    if (absl::EqualsIgnoreCase(n, name)) {
      if (found.has_value()) return std::nullopt;  // ambiguous
      found = n;
    }
  }
  return found;
}

// A MAPIUID no section of `profile` uses and `taken` does not hold.
MAPIUID FreshUid(const Profile& profile, std::set<std::string>* taken) {
  for (;;) {
    MAPIUID uid = NewMapiUid();
    if (profile.FindSection(uid) != nullptr || IsProfileInstance(uid)) continue;
    if (taken != nullptr && !taken->insert(MapiUidText(uid)).second) continue;
    return uid;
  }
}

absl::StatusOr<MapiSvcInf> LoadInf(const AdminContext& context) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(context.mapisvc);
  if (inf.ok()) return inf;
  if (absl::IsNotFound(inf.status())) {
    return Err(MAPI_E_NOT_FOUND, absl::StrCat("cannot read MAPISVC.INF: ", inf.status().message()));
  }
  // A broken file is not the caller's parameter: the message names file:line.
  return Err(MAPI_E_CALL_FAILED,
             absl::StrCat("MAPISVC.INF is not usable: ", inf.status().message()));
}

// Library names in MAPISVC.INF are relative to the INF's own directory (on
// Windows it sits in the system directory, beside the DLLs it names).
void AddLibraryDir(Profile& profile, const std::filesystem::path& inf_path) {
  const std::string dir = std::filesystem::absolute(inf_path).parent_path().string();
  if (std::find(profile.library_dirs.begin(), profile.library_dirs.end(), dir) ==
      profile.library_dirs.end()) {
    profile.library_dirs.push_back(dir);
  }
}

// ---- ProfileFile: one stored profile under administration -------------------------

enum class SectionAccess {
  kClient,    // IMsgServiceAdmin / IProviderAdmin::OpenProfileSection of a client
  kEntry,     // a service entry (configuration support object, its IProviderAdmin)
  kInternal,  // MAPI's own writes (ConfigureMsgService, SetPrimaryIdentity ...)
};

class ProfileFile : public std::enable_shared_from_this<ProfileFile> {
 public:
  ProfileFile(AdminContext context, std::string name)
      : context_(std::move(context)), store_(context_.profiles_dir), name_(std::move(name)) {}

  const AdminContext& context() const { return context_; }
  const ProfileStore& store() const { return store_; }
  const std::string& name() const { return name_; }

  absl::StatusOr<Profile> Load() const {
    absl::StatusOr<Profile> p = store_.Load(name_);
    if (p.ok()) return p;
    if (absl::IsNotFound(p.status())) {
      return Err(MAPI_E_NOT_FOUND,
                 absl::StrCat("profile '", name_, "' no longer exists in ", store_.dir().string()));
    }
    return p.status();
  }

  // Reloads the file, applies `change` and saves; nothing is saved if
  // `change` fails.
  absl::Status Mutate(const std::function<absl::Status(Profile&)>& change) {
    absl::MutexLock lock(&FileMutex());
    ASSIGN_OR_RETURN(Profile p, Load());
    RETURN_IF_ERROR(change(p));
    return store_.Save(p);
  }

  LibrarySearch Search(const Profile& profile) const {
    return profile.LibrarySearchIn(std::filesystem::absolute(store_.dir()));
  }

  absl::StatusOr<ComPtr<ProfSect>> Open(const MAPIUID& uid, ULONG flags, SectionAccess access);

  // Sets `props` in section `uid` (creating it) through a MAPI-owned
  // IProfSect, so sections already open see the change.
  absl::Status WriteProps(const MAPIUID& uid, const PropArray& props);
  // Makes section `uid` hold exactly `props` again (read-only fields stay).
  absl::Status RestoreSection(const MAPIUID& uid, const PropArray& props);

 private:
  struct SectionOwners {
    ObjectOwner read_only{"ProfSect"};
    ObjectOwner read_write{"ProfSect"};
  };

  // The write-back of one section: reload, replace that section, save.
  absl::Status CommitSection(const MAPIUID& uid, const PropArray& props, bool owned) {
    absl::MutexLock lock(&FileMutex());
    ASSIGN_OR_RETURN(Profile p, Load());
    if (owned && p.FindSection(uid) == nullptr) {
      return Err(MAPI_E_NOT_FOUND,
                 absl::StrCat("the message service or provider of profile section ",
                              MapiUidText(uid), " has been deleted from profile '", name_, "'"));
    }
    p.SetSection(uid, props);
    return store_.Save(p);
  }

  const AdminContext context_;
  const ProfileStore store_;
  const std::string name_;
  absl::Mutex mu_;
  // Open sections share one bag each (weak: the bag goes with its last
  // IProfSect, and the next open reads the file again).
  std::map<std::string, std::weak_ptr<PropertyBag>> bags_ ABSL_GUARDED_BY(mu_);
  // Who has a section open, read-only or read/write (the exclusivity rule of
  // imsgserviceadmin-openprofilesection.md).
  std::map<std::string, SectionOwners> owners_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<ComPtr<ProfSect>> ProfileFile::Open(const MAPIUID& uid, ULONG flags,
                                                   SectionAccess access) {
  if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_FORCE_ACCESS | MAPI_UNICODE)) {
    return Err(MAPI_E_UNKNOWN_FLAGS, "OpenProfileSection: unknown flags");
  }
  const bool modify = (flags & MAPI_MODIFY) != 0;
  ASSIGN_OR_RETURN(Profile profile, Load());
  ProfSect::Options options;
  options.profile_name = name_;
  if (IsProfileInstance(uid)) {
    // MAPI's own section: PR_SEARCH_KEY, read-only (as LiveProfile has it).
    PropArrayBuilder b;
    b.AddBinary(PR_SEARCH_KEY, profile.search_key.ab, sizeof(MAPIUID));
    ASSIGN_OR_RETURN(options.extra_computed, b.Build());
    options.bag = std::make_shared<PropertyBag>();
    return ProfSect::Create(std::move(options));
  }
  const std::string key = MapiUidText(uid);
  const ProviderEntry* provider = profile.FindProvider(uid);
  const bool owned = provider != nullptr || profile.FindService(uid) != nullptr;
  if (access == SectionAccess::kClient && provider != nullptr && !(flags & MAPI_FORCE_ACCESS)) {
    return Err(MAPI_E_NO_ACCESS,
               absl::StrCat("profile section ", key, " belongs to service provider '",
                            provider->section, "'; a client opens it with MAPI_FORCE_ACCESS"));
  }
  PropArray initial;
  if (const PropArray* props = profile.FindSection(uid)) {
    initial = *props;
  } else if (!modify) {
    return Err(MAPI_E_NOT_FOUND,
               absl::StrCat("profile '", name_, "' has no profile section ", key));
  } else {
    // MAPI_MODIFY creates the section.
    RETURN_IF_ERROR(Mutate([&](Profile& p) {
      if (p.FindSection(uid) == nullptr) p.SetSection(uid, PropArray());
      return absl::OkStatus();
    }));
  }

  absl::MutexLock lock(&mu_);
  const ObjectOwner* owner = nullptr;
  if (access != SectionAccess::kInternal) {
    SectionOwners& open = owners_[key];
    if (open.read_write.LiveCount() > 0) {
      return Err(MAPI_E_NO_ACCESS,
                 absl::StrCat("profile section ", key, " is open with read/write permission"));
    }
    if (modify && open.read_only.LiveCount() > 0) {
      return Err(MAPI_E_NO_ACCESS,
                 absl::StrCat("profile section ", key,
                              " is open read-only; MAPI_MODIFY needs the only open"));
    }
    owner = modify ? &open.read_write : &open.read_only;
  }
  std::shared_ptr<PropertyBag> bag = bags_[key].lock();
  if (bag == nullptr) {
    bag = std::make_shared<PropertyBag>(initial);
    if (owned) {
      for (ULONG tag : {ULONG{PR_SERVICE_UID}, ULONG{PR_PROVIDER_UID}, ULONG{PR_SERVICE_NAME_A}}) {
        bag->SetAccess(tag, IPROP_READONLY);
      }
    }
    bags_[key] = bag;
  }
  options.bag = std::move(bag);
  options.modify = modify;
  options.commit = [self = shared_from_this(), uid, owned](const PropArray& props) {
    return self->CommitSection(uid, props, owned);
  };
  return ProfSect::Create(std::move(options), owner);
}

absl::Status ProfileFile::WriteProps(const MAPIUID& uid, const PropArray& props) {
  if (props.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(ComPtr<ProfSect> section, Open(uid, MAPI_MODIFY, SectionAccess::kInternal));
  // SetProps only reads the values; the copy is of the structures.
  std::vector<SPropValue> values(props.begin(), props.end());
  HRESULT hr = section->SetProps(static_cast<ULONG>(values.size()), values.data(), nullptr);
  if (FAILED(hr)) {
    return Err(hr, absl::StrCat("cannot write profile section ", MapiUidText(uid), " of profile '",
                                name_, "'"));
  }
  return absl::OkStatus();
}

absl::Status ProfileFile::RestoreSection(const MAPIUID& uid, const PropArray& props) {
  ASSIGN_OR_RETURN(ComPtr<ProfSect> section, Open(uid, MAPI_MODIFY, SectionAccess::kInternal));
  LPSPropTagArray tags = nullptr;
  if (SUCCEEDED(section->GetPropList(0, &tags)) && tags != nullptr) {
    std::vector<ULONG> extra;
    for (ULONG i = 0; i < tags->cValues; ++i) {
      const ULONG tag = tags->aulPropTag[i];
      if (props.Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(tag))) == nullptr &&
          PROP_ID(tag) != PROP_ID(PR_OBJECT_TYPE) && PROP_ID(tag) != PROP_ID(PR_PROFILE_NAME)) {
        extra.push_back(tag);
      }
    }
    ProviderFreeBuffer(tags);
    if (!extra.empty()) {
      std::vector<ULONG> block(extra.size() + 1);
      block[0] = static_cast<ULONG>(extra.size());
      std::copy(extra.begin(), extra.end(), block.begin() + 1);
      section->DeleteProps(reinterpret_cast<LPSPropTagArray>(block.data()), nullptr);
    }
  }
  return WriteProps(uid, props);
}

// ---- Tables --------------------------------------------------------------------

absl::StatusOr<ComPtr<IMAPITable>> StaticTable(ULONG index_tag, std::vector<ULONG> columns,
                                               std::vector<PropArray> rows) {
  TableData::Options options;
  options.table_type = TBLTYPE_SNAPSHOT;  // static: later changes are not shown
  std::shared_ptr<TableData> data = TableData::Create(index_tag, std::move(columns), options);
  RETURN_IF_ERROR(data->ModifyRows(std::move(rows)));
  return data->CreateView();
}

std::vector<ULONG> ServiceColumns(bool wide) {
  return {PR_INSTANCE_KEY,
          PR_SERVICE_UID,
          TextTag(PR_SERVICE_NAME, wide),
          TextTag(PR_DISPLAY_NAME, wide),
          PR_RESOURCE_FLAGS,
          TextTag(PR_SERVICE_DLL_NAME, wide),
          PR_SERVICE_ENTRY_NAME,
          MvTextTag(PR_SERVICE_SUPPORT_FILES, wide)};
}

absl::StatusOr<PropArray> ServiceRow(const ServiceEntry& s, bool wide) {
  PropArrayBuilder b;
  b.AddBinary(PR_INSTANCE_KEY, s.uid.ab, sizeof(MAPIUID));
  b.AddBinary(PR_SERVICE_UID, s.uid.ab, sizeof(MAPIUID));
  AddText(b, PR_SERVICE_NAME, s.name, wide);
  AddText(b, PR_DISPLAY_NAME, Utf8Prop(s.props, PR_DISPLAY_NAME).value_or(s.name), wide);
  b.AddLong(PR_RESOURCE_FLAGS, static_cast<LONG>(UlongProp(s.props, PR_RESOURCE_FLAGS)));
  if (auto dll = Utf8Prop(s.props, PR_SERVICE_DLL_NAME))
    AddText(b, PR_SERVICE_DLL_NAME, *dll, wide);
  // PR_SERVICE_ENTRY_NAME is PT_STRING8 only (a function name).
  if (auto entry = Utf8Prop(s.props, PR_SERVICE_ENTRY_NAME)) {
    b.AddString8(PR_SERVICE_ENTRY_NAME, *entry);
  }
  if (auto files = Utf8MvProp(s.props, PR_SERVICE_SUPPORT_FILES)) {
    if (wide) {
      b.AddMvUnicode(MvTextTag(PR_SERVICE_SUPPORT_FILES, true), *files);
    } else {
      b.AddMvString8(MvTextTag(PR_SERVICE_SUPPORT_FILES, false), *files);
    }
  }
  return b.Build();
}

std::vector<ULONG> ProviderColumns(bool wide) {
  return {PR_INSTANCE_KEY,
          PR_PROVIDER_UID,
          PR_SERVICE_UID,
          TextTag(PR_SERVICE_NAME, wide),
          TextTag(PR_DISPLAY_NAME, wide),
          TextTag(PR_PROVIDER_DISPLAY, wide),
          PR_RESOURCE_TYPE,
          PR_RESOURCE_FLAGS,
          TextTag(PR_PROVIDER_DLL_NAME, wide),
          PR_PROVIDER_ORDINAL};
}

// PR_PROVIDER_ORDINAL of each provider: a transport's place in the transport
// order; any other provider's place among all providers, in profile order.
std::map<std::string, ULONG> ProviderOrdinals(const Profile& profile) {
  std::map<std::string, ULONG> out;
  ULONG n = 0;
  for (const ServiceEntry& s : profile.services) {
    for (const ProviderEntry& p : s.providers) out[MapiUidText(p.uid)] = n++;
  }
  ULONG t = 0;
  for (const MAPIUID& uid : TransportOrder(profile)) out[MapiUidText(uid)] = t++;
  return out;
}

absl::StatusOr<PropArray> ProviderRow(const ServiceEntry& s, const ProviderEntry& p, ULONG ordinal,
                                      bool wide) {
  PropArrayBuilder b;
  b.AddBinary(PR_INSTANCE_KEY, p.uid.ab, sizeof(MAPIUID));
  b.AddBinary(PR_PROVIDER_UID, p.uid.ab, sizeof(MAPIUID));
  b.AddBinary(PR_SERVICE_UID, s.uid.ab, sizeof(MAPIUID));
  AddText(b, PR_SERVICE_NAME, s.name, wide);
  if (auto v = Utf8Prop(p.props, PR_DISPLAY_NAME)) AddText(b, PR_DISPLAY_NAME, *v, wide);
  if (auto v = Utf8Prop(p.props, PR_PROVIDER_DISPLAY)) AddText(b, PR_PROVIDER_DISPLAY, *v, wide);
  if (const SPropValue* v = p.props.Find(PR_RESOURCE_TYPE)) b.AddLong(PR_RESOURCE_TYPE, v->Value.l);
  b.AddLong(PR_RESOURCE_FLAGS, static_cast<LONG>(UlongProp(p.props, PR_RESOURCE_FLAGS)));
  if (auto v = Utf8Prop(p.props, PR_PROVIDER_DLL_NAME)) AddText(b, PR_PROVIDER_DLL_NAME, *v, wide);
  b.AddLong(PR_PROVIDER_ORDINAL, static_cast<LONG>(ordinal));
  return b.Build();
}

// A row for an extra section of a service (IProviderAdmin's table only): it
// has no PR_RESOURCE_TYPE, so that column reads PT_ERROR.
absl::StatusOr<PropArray> ExtraSectionRow(const ServiceEntry& s, const MAPIUID& uid,
                                          const PropArray& props, bool wide) {
  PropArrayBuilder b;
  b.AddBinary(PR_INSTANCE_KEY, uid.ab, sizeof(MAPIUID));
  b.AddBinary(PR_PROVIDER_UID, uid.ab, sizeof(MAPIUID));
  b.AddBinary(PR_SERVICE_UID, s.uid.ab, sizeof(MAPIUID));
  AddText(b, PR_SERVICE_NAME, s.name, wide);
  if (auto v = Utf8Prop(props, PR_DISPLAY_NAME)) AddText(b, PR_DISPLAY_NAME, *v, wide);
  return b.Build();
}

std::vector<MAPIUID> ExtraUids(const ServiceEntry& s) {
  std::vector<MAPIUID> out;
  if (const SPropValue* extra = s.props.Find(PR_SERVICE_EXTRA_UIDS)) {
    for (ULONG off = 0; off + sizeof(MAPIUID) <= extra->Value.bin.cb; off += sizeof(MAPIUID)) {
      MAPIUID uid;
      std::memcpy(uid.ab, extra->Value.bin.lpb + off, sizeof(MAPIUID));
      out.push_back(uid);
    }
  }
  return out;
}

// ---- Service entries -------------------------------------------------------------

class ProviderAdmin;
absl::Status RunServiceEntry(const std::shared_ptr<ProfileFile>& file, const Profile& profile,
                             const ServiceEntry& service, ULONG context, ULONG_PTR ui_param,
                             ULONG flags, PropArray props);

// ---- IProviderAdmin ----------------------------------------------------------------

class ProviderAdmin final : public ComObject<IProviderAdmin> {
 public:
  // `in_entry`: the object a service entry receives. Its CreateProvider and
  // DeleteProvider do not call the entry back, it may open provider
  // sections, and a NULL UID is the service's own section.
  ProviderAdmin(std::shared_ptr<ProfileFile> file, MAPIUID service, bool in_entry)
      : ComObject(nullptr, "ProviderAdmin"),
        file_(std::move(file)),
        service_(service),
        in_entry_(in_entry),
        last_error_("MAPI provider administration") {}

  MAPI_IPROVIDERADMIN_METHODS(IMPL)

 private:
  absl::Status DoCreateProvider(const std::string& section, const PropArray& props,
                                ULONG_PTR ui_param, ULONG flags, MAPIUID* uid);
  absl::Status DoDeleteProvider(const MAPIUID& uid);

  const std::shared_ptr<ProfileFile> file_;
  const MAPIUID service_;
  const bool in_entry_;
  LastError last_error_;
};

absl::Status RunServiceEntry(const std::shared_ptr<ProfileFile>& file, const Profile& profile,
                             const ServiceEntry& service, ULONG context, ULONG_PTR ui_param,
                             ULONG flags, PropArray props) {
  ServiceEntryCall call;
  call.profile_name = profile.name;
  call.service_uid = service.uid;
  call.service_name = service.name;
  call.dll_name = Utf8Prop(service.props, PR_SERVICE_DLL_NAME).value_or("");
  call.entry_name = Utf8Prop(service.props, PR_SERVICE_ENTRY_NAME).value_or("");
  if (call.entry_name.empty()) return absl::OkStatus();
  call.search = file->Search(profile);
  call.ui_param = ui_param;
  call.flags = flags;
  call.context = context;
  call.props = std::move(props);
  call.open_section = [file](const MAPIUID& uid, ULONG open_flags, LPPROFSECT* out) -> HRESULT {
    absl::StatusOr<ComPtr<ProfSect>> section = file->Open(uid, open_flags, SectionAccess::kEntry);
    if (!section.ok()) {
      spdlog::info("service entry: OpenProfileSection: {}",
                   std::string(section.status().message()));
      return StatusToHresult(section.status());
    }
    *out = section->Detach();
    return S_OK;
  };
  ComPtr<ProviderAdmin> admin = MakeComObject<ProviderAdmin>(file, service.uid, true);
  call.provider_admin = admin.get();
  ServiceEntryReport report;
  const HRESULT hr = CallServiceEntry(*file->context().libraries, call, &report);
  if (FAILED(hr)) return Err(hr, report.message);
  return absl::OkStatus();
}

STDMETHODIMP ProviderAdmin::GetLastError(HRESULT hResult, ULONG ulFlags,
                                         LPMAPIERROR FAR* lppMAPIError) {
  return GuardAbi("IProviderAdmin::GetLastError",
                  [&] { return last_error_.Get(hResult, ulFlags, lppMAPIError); });
}

STDMETHODIMP ProviderAdmin::GetProviderTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  return GuardAbi("IProviderAdmin::GetProviderTable", [&]() -> HRESULT {
    if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    const bool wide = (ulFlags & MAPI_UNICODE) != 0;
    auto table = [&]() -> absl::StatusOr<ComPtr<IMAPITable>> {
      ASSIGN_OR_RETURN(Profile profile, file_->Load());
      const ServiceEntry* s = profile.FindService(service_);
      if (s == nullptr) {
        return Err(MAPI_E_NOT_FOUND,
                   absl::StrCat("message service ", MapiUidText(service_),
                                " has been deleted from profile '", profile.name, "'"));
      }
      const std::map<std::string, ULONG> ordinals = ProviderOrdinals(profile);
      std::vector<PropArray> rows;
      for (const ProviderEntry& p : s->providers) {
        ASSIGN_OR_RETURN(PropArray row, ProviderRow(*s, p, ordinals.at(MapiUidText(p.uid)), wide));
        rows.push_back(std::move(row));
      }
      for (const MAPIUID& uid : ExtraUids(*s)) {
        const PropArray* props = profile.FindSection(uid);
        if (props == nullptr) continue;
        ASSIGN_OR_RETURN(PropArray row, ExtraSectionRow(*s, uid, *props, wide));
        rows.push_back(std::move(row));
      }
      return StaticTable(PR_INSTANCE_KEY, ProviderColumns(wide), std::move(rows));
    }();
    if (!table.ok()) return last_error_.Set(table.status());
    *lppTable = table->Detach();
    return S_OK;
  });
}

absl::Status ProviderAdmin::DoCreateProvider(const std::string& section, const PropArray& props,
                                             ULONG_PTR ui_param, ULONG flags, MAPIUID* uid) {
  ASSIGN_OR_RETURN(MapiSvcInf inf, LoadInf(file_->context()));
  ASSIGN_OR_RETURN(Profile before, file_->Load());
  const ServiceEntry* service = before.FindService(service_);
  if (service == nullptr) {
    return Err(MAPI_E_NOT_FOUND,
               absl::StrCat("message service ", MapiUidText(service_),
                            " has been deleted from profile '", before.name, "'"));
  }
  // The provider section: this service's first, then any service's.
  const MapiSvcProvider* source = nullptr;
  if (const MapiSvcService* svc = inf.FindService(service->name)) {
    for (const MapiSvcProvider& p : svc->providers) {
      if (absl::EqualsIgnoreCase(p.section, section)) source = &p;
    }
  }
  for (const MapiSvcService& svc : inf.services) {
    for (const MapiSvcProvider& p : svc.providers) {
      if (source == nullptr && absl::EqualsIgnoreCase(p.section, section)) source = &p;
    }
  }
  if (source == nullptr) {
    return Err(MAPI_E_NOT_FOUND, absl::StrCat("MAPISVC.INF '", file_->context().mapisvc.string(),
                                              "' has no service provider section [", section,
                                              "] listed in a Providers= entry"));
  }
  const std::string display = Utf8Prop(service->props, PR_DISPLAY_NAME).value_or(service->name);
  MAPIUID created{};
  RETURN_IF_ERROR(file_->Mutate([&](Profile& p) -> absl::Status {
    ServiceEntry* s = p.FindService(service_);
    if (s == nullptr) return Err(MAPI_E_NOT_FOUND, "the message service has been deleted");
    PropArrayBuilder defaults;
    const std::optional<std::string> name = Utf8Prop(source->props, PR_DISPLAY_NAME);
    const std::optional<std::string> shown = Utf8Prop(source->props, PR_PROVIDER_DISPLAY);
    if (!name) defaults.AddString8(PR_DISPLAY_NAME_A, shown.value_or(display));
    if (!shown) defaults.AddString8(PR_PROVIDER_DISPLAY_A, name.value_or(display));
    if (source->props.Find(PR_RESOURCE_FLAGS) == nullptr) defaults.AddLong(PR_RESOURCE_FLAGS, 0);
    ASSIGN_OR_RETURN(PropArray extra, defaults.Build());
    ProviderEntry entry;
    entry.uid = FreshUid(p, nullptr);
    entry.section = source->section;
    entry.props = source->props.Merge(extra).Merge(props);
    created = entry.uid;
    const PropArray initial = entry.props;
    s->providers.push_back(std::move(entry));
    p.SetSection(created, initial);  // puts in PR_SERVICE_UID, PR_PROVIDER_UID ...
    return absl::OkStatus();
  }));
  if (!in_entry_) {
    ASSIGN_OR_RETURN(Profile profile, file_->Load());
    const ServiceEntry* s = profile.FindService(service_);
    absl::Status entry = s == nullptr
                             ? absl::OkStatus()
                             : RunServiceEntry(file_, profile, *s, MSG_SERVICE_PROVIDER_CREATE,
                                               (flags & MAPI_DIALOG) ? ui_param : 0,
                                               ((flags & MAPI_DIALOG) ? SERVICE_UI_ALLOWED : 0) |
                                                   (flags & MAPI_UNICODE),
                                               PropArray());
    // MAPI_E_NO_SUPPORT: the service has nothing to add to the new provider.
    if (!entry.ok() && StatusToHresult(entry) != MAPI_E_NO_SUPPORT) {
      absl::Status undo = file_->Mutate([&](Profile& p) {
        if (ServiceEntry* svc = p.FindService(service_)) {
          std::erase_if(svc->providers,
                        [&](const ProviderEntry& e) { return SameUid(e.uid, created); });
        }
        return absl::OkStatus();
      });
      if (!undo.ok()) spdlog::warn("CreateProvider: undo failed: {}", undo.ToString());
      return entry;
    }
  }
  *uid = created;
  return absl::OkStatus();
}

STDMETHODIMP ProviderAdmin::CreateProvider(LPTSTR lpszProvider, ULONG cValues, LPSPropValue lpProps,
                                           ULONG_PTR ulUIParam, ULONG ulFlags, MAPIUID FAR* lpUID) {
  return GuardAbi("IProviderAdmin::CreateProvider", [&]() -> HRESULT {
    if (lpszProvider == nullptr || lpUID == nullptr || (cValues > 0 && lpProps == nullptr)) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (ulFlags & ~(MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    absl::StatusOr<PropArray> props = PropArray::TryCopy(lpProps, cValues);
    if (!props.ok()) return last_error_.Set(props.status());
    MAPIUID uid{};
    absl::Status s =
        DoCreateProvider(*Text(lpszProvider, ulFlags), *props, ulUIParam, ulFlags, &uid);
    if (!s.ok()) return last_error_.Set(s);
    *lpUID = uid;
    return S_OK;
  });
}

absl::Status ProviderAdmin::DoDeleteProvider(const MAPIUID& uid) {
  ASSIGN_OR_RETURN(Profile profile, file_->Load());
  const ServiceEntry* s = profile.FindService(service_);
  const bool found =
      s != nullptr && std::any_of(s->providers.begin(), s->providers.end(),
                                  [&](const ProviderEntry& p) { return SameUid(p.uid, uid); });
  if (!found) {
    return Err(MAPI_E_NOT_FOUND,
               absl::StrCat("message service ", MapiUidText(service_), " of profile '",
                            profile.name, "' has no provider ", MapiUidText(uid)));
  }
  if (!in_entry_) {
    absl::Status entry =
        RunServiceEntry(file_, profile, *s, MSG_SERVICE_PROVIDER_DELETE, 0, 0, PropArray());
    if (!entry.ok() && StatusToHresult(entry) != MAPI_E_NO_SUPPORT) return entry;
  }
  return file_->Mutate([&](Profile& p) -> absl::Status {
    ServiceEntry* svc = p.FindService(service_);
    const size_t removed =
        svc == nullptr ? 0 : std::erase_if(svc->providers, [&](const ProviderEntry& e) {
          return SameUid(e.uid, uid);
        });
    if (removed == 0) return Err(MAPI_E_NOT_FOUND, "the provider has already been deleted");
    return absl::OkStatus();
  });
}

STDMETHODIMP ProviderAdmin::DeleteProvider(LPMAPIUID lpUID) {
  return GuardAbi("IProviderAdmin::DeleteProvider", [&]() -> HRESULT {
    if (lpUID == nullptr) return MAPI_E_INVALID_PARAMETER;
    return last_error_.Set(DoDeleteProvider(*lpUID));
  });
}

// Shared by both admin interfaces: open, then hand out the asked interface.
HRESULT OpenSectionFor(ProfileFile& file, LastError& last_error, const MAPIUID& uid, LPCIID iid,
                       ULONG flags, SectionAccess access, LPPROFSECT* out) {
  if (iid != nullptr && !IsEqualIID(*iid, IID_IProfSect) && !IsEqualIID(*iid, IID_IMAPIProp) &&
      !IsEqualIID(*iid, IID_IUnknown)) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  absl::StatusOr<ComPtr<ProfSect>> section = file.Open(uid, flags, access);
  if (!section.ok()) return last_error.Set(section.status());
  // IProfSect's vtable begins with IMAPIProp's, which begins with IUnknown's.
  *out = section->Detach();
  return S_OK;
}

STDMETHODIMP ProviderAdmin::OpenProfileSection(LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
                                               LPPROFSECT FAR* lppProfSect) {
  return GuardAbi("IProviderAdmin::OpenProfileSection", [&]() -> HRESULT {
    if (lppProfSect == nullptr) return MAPI_E_INVALID_PARAMETER;
    // Only a service entry may pass NULL (iprovideradmin-openprofilesection.md).
    if (lpUID == nullptr && !in_entry_) return MAPI_E_INVALID_PARAMETER;
    const MAPIUID uid = lpUID != nullptr ? *lpUID : service_;
    return OpenSectionFor(*file_, last_error_, uid, lpInterface, ulFlags,
                          in_entry_ ? SectionAccess::kEntry : SectionAccess::kClient, lppProfSect);
  });
}

// ---- Message services (shared by IMsgServiceAdmin and IProfAdmin) ----------------------

// CreateMsgService's work: copy the service from MAPISVC.INF, save, call the
// entry with MSG_SERVICE_CREATE, take the service out again if it fails.
absl::StatusOr<MAPIUID> CreateService(const std::shared_ptr<ProfileFile>& file,
                                      const std::string& name, const std::string& display,
                                      ULONG_PTR ui_param, ULONG entry_flags) {
  ASSIGN_OR_RETURN(MapiSvcInf inf, LoadInf(file->context()));
  const MapiSvcService* svc = inf.FindService(name);
  if (svc == nullptr) {
    return Err(MAPI_E_NOT_FOUND,
               absl::StrCat("MAPISVC.INF '", file->context().mapisvc.string(),
                            "' has no message service '", name, "' in its [Services] section"));
  }
  MAPIUID uid{};
  RETURN_IF_ERROR(file->Mutate([&](Profile& p) -> absl::Status {
    absl::StatusOr<ServiceEntry*> added = p.AddService(inf, name);
    if (!added.ok()) {
      if (absl::IsAlreadyExists(added.status())) {
        return Err(MAPI_E_NO_ACCESS, std::string(added.status().message()));
      }
      return added.status();
    }
    uid = (*added)->uid;
    // lpszDisplayName counts only when MAPISVC.INF gives no PR_DISPLAY_NAME.
    if (!display.empty() &&
        svc->props.Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_DISPLAY_NAME))) == nullptr) {
      PropArrayBuilder b;
      b.AddString8(PR_DISPLAY_NAME_A, display);
      ASSIGN_OR_RETURN(PropArray shown, b.Build());
      p.SetSection(uid, (*added)->props.Merge(shown));
    }
    AddLibraryDir(p, file->context().mapisvc);
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(Profile profile, file->Load());
  const ServiceEntry* added = profile.FindService(uid);
  if (added == nullptr) {
    return Err(MAPI_E_NOT_FOUND, "the new message service was deleted while it was created");
  }
  absl::Status entry = RunServiceEntry(file, profile, *added, MSG_SERVICE_CREATE, ui_param,
                                       entry_flags, PropArray());
  if (!entry.ok()) {
    absl::Status undo = file->Mutate([&](Profile& p) { return p.RemoveService(uid); });
    if (!undo.ok()) spdlog::warn("CreateMsgService: undo failed: {}", undo.ToString());
    return entry;
  }
  return uid;
}

// DeleteMsgService's work: MSG_SERVICE_DELETE first, then the service and
// its sections go. An entry that fails is reported but does not keep the
// service (a service whose library is gone must still be removable).
absl::Status DeleteService(const std::shared_ptr<ProfileFile>& file, const MAPIUID& uid) {
  ASSIGN_OR_RETURN(Profile profile, file->Load());
  const ServiceEntry* s = profile.FindService(uid);
  if (s == nullptr) {
    return Err(MAPI_E_NOT_FOUND, absl::StrCat("profile '", profile.name,
                                              "' has no message service ", MapiUidText(uid)));
  }
  absl::Status entry = RunServiceEntry(file, profile, *s, MSG_SERVICE_DELETE, 0, 0, PropArray());
  if (!entry.ok()) {
    spdlog::warn("{}; the service is deleted all the same", std::string(entry.message()));
  }
  return file->Mutate([&](Profile& p) -> absl::Status {
    if (p.FindService(uid) == nullptr) {
      return Err(MAPI_E_NOT_FOUND,
                 absl::StrCat("message service ", MapiUidText(uid), " has already been deleted"));
    }
    return p.RemoveService(uid);
  });
}

// Copies service `s` of `source` into `dest` with new UIDs (the entry point
// is not called: imsgserviceadmin-copymsgservice.md).
absl::Status CloneService(const Profile& source, const ServiceEntry& s, Profile& dest) {
  if (UlongProp(s.props, PR_RESOURCE_FLAGS) & SERVICE_SINGLE_COPY) {
    for (const ServiceEntry& existing : dest.services) {
      if (absl::EqualsIgnoreCase(existing.name, s.name)) {
        return Err(MAPI_E_NO_ACCESS,
                   absl::StrCat("message service '", s.name, "' is already in profile '", dest.name,
                                "' and may appear only once (SERVICE_SINGLE_COPY)"));
      }
    }
  }
  std::set<std::string> taken;
  ServiceEntry copy;
  copy.uid = FreshUid(dest, &taken);
  copy.name = s.name;
  copy.props = s.props;
  std::string extra_uids;
  for (const MAPIUID& old : ExtraUids(s)) {
    const PropArray* props = source.FindSection(old);
    if (props == nullptr) continue;
    const MAPIUID fresh = FreshUid(dest, &taken);
    dest.sections.push_back(ExtraSection{fresh, *props});
    extra_uids.append(reinterpret_cast<const char*>(fresh.ab), sizeof(MAPIUID));
  }
  if (!extra_uids.empty()) {
    PropArrayBuilder b;
    b.AddBinary(PR_SERVICE_EXTRA_UIDS, extra_uids.data(), extra_uids.size());
    ASSIGN_OR_RETURN(PropArray extra, b.Build());
    copy.props = copy.props.Merge(extra);
  }
  for (const ProviderEntry& p : s.providers) {
    copy.providers.push_back(ProviderEntry{FreshUid(dest, &taken), p.section, p.props});
  }
  const ServiceEntry added = copy;
  dest.services.push_back(std::move(copy));
  // SetSection puts each section's own PR_SERVICE_UID / PR_PROVIDER_UID in.
  dest.SetSection(added.uid, added.props);
  for (const ProviderEntry& p : added.providers) dest.SetSection(p.uid, p.props);
  for (const std::string& dir : source.library_dirs) {
    if (std::find(dest.library_dirs.begin(), dest.library_dirs.end(), dir) ==
        dest.library_dirs.end()) {
      dest.library_dirs.push_back(dir);
    }
  }
  return absl::OkStatus();
}

// ---- IMsgServiceAdmin ---------------------------------------------------------------

class MsgServiceAdmin final : public ComObject<IMsgServiceAdmin> {
 public:
  explicit MsgServiceAdmin(std::shared_ptr<ProfileFile> file)
      : ComObject(nullptr, "MsgServiceAdmin"),
        file_(std::move(file)),
        last_error_("MAPI message service administration") {}

  MAPI_IMSGSERVICEADMIN_METHODS(IMPL)

  const std::shared_ptr<ProfileFile>& file() const { return file_; }

 private:
  absl::Status Configure(const MAPIUID& uid, ULONG_PTR ui_param, ULONG flags,
                         const PropArray& props);
  absl::Status Copy(const MAPIUID& uid, LPCIID dst_iid, LPVOID dst);
  absl::Status TransportOrderTo(ULONG count, const MAPIUID* uids);
  absl::Status PrimaryIdentity(const MAPIUID* uid);

  const std::shared_ptr<ProfileFile> file_;
  LastError last_error_;
};

STDMETHODIMP MsgServiceAdmin::GetLastError(HRESULT hResult, ULONG ulFlags,
                                           LPMAPIERROR FAR* lppMAPIError) {
  return GuardAbi("IMsgServiceAdmin::GetLastError",
                  [&] { return last_error_.Get(hResult, ulFlags, lppMAPIError); });
}

STDMETHODIMP MsgServiceAdmin::GetMsgServiceTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  return GuardAbi("IMsgServiceAdmin::GetMsgServiceTable", [&]() -> HRESULT {
    if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    const bool wide = (ulFlags & MAPI_UNICODE) != 0;
    auto table = [&]() -> absl::StatusOr<ComPtr<IMAPITable>> {
      ASSIGN_OR_RETURN(Profile profile, file_->Load());
      std::vector<PropArray> rows;
      // Profile order: a service just created is the last row.
      for (const ServiceEntry& s : profile.services) {
        ASSIGN_OR_RETURN(PropArray row, ServiceRow(s, wide));
        rows.push_back(std::move(row));
      }
      return StaticTable(PR_INSTANCE_KEY, ServiceColumns(wide), std::move(rows));
    }();
    if (!table.ok()) return last_error_.Set(table.status());
    *lppTable = table->Detach();
    return S_OK;
  });
}

STDMETHODIMP MsgServiceAdmin::CreateMsgService(LPTSTR lpszService, LPTSTR lpszDisplayName,
                                               ULONG_PTR ulUIParam, ULONG ulFlags) {
  return GuardAbi("IMsgServiceAdmin::CreateMsgService", [&]() -> HRESULT {
    if (lpszService == nullptr) return MAPI_E_INVALID_PARAMETER;
    constexpr ULONG kKnown =
        MAPI_UNICODE | SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED | SERVICE_NO_RESTART_WARNING;
    if (ulFlags & ~kKnown) return MAPI_E_UNKNOWN_FLAGS;
    // ulUIParam and the UI flags reach the entry only when UI is allowed.
    const bool ui = (ulFlags & (SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED)) != 0;
    const ULONG entry_flags = ui ? (ulFlags & ~(SERVICE_NO_RESTART_WARNING | MAPI_UNICODE)) : 0;
    absl::StatusOr<MAPIUID> uid =
        CreateService(file_, *Text(lpszService, ulFlags),
                      Text(lpszDisplayName, ulFlags).value_or(""), ui ? ulUIParam : 0, entry_flags);
    return last_error_.Set(uid.status());
  });
}

STDMETHODIMP MsgServiceAdmin::DeleteMsgService(LPMAPIUID lpUID) {
  return GuardAbi("IMsgServiceAdmin::DeleteMsgService", [&]() -> HRESULT {
    if (lpUID == nullptr) return MAPI_E_INVALID_PARAMETER;
    return last_error_.Set(DeleteService(file_, *lpUID));
  });
}

absl::Status MsgServiceAdmin::Copy(const MAPIUID& uid, LPCIID dst_iid, LPVOID dst) {
  ComPtr<IMsgServiceAdmin> dest_admin;
  if (dst_iid == nullptr || IsEqualIID(*dst_iid, IID_IMAPISession)) {
    HRESULT hr = static_cast<IMAPISession*>(dst)->AdminServices(0, dest_admin.Put());
    if (FAILED(hr)) {
      return Err(hr, "CopyMsgService: the destination session's AdminServices failed");
    }
  } else {
    dest_admin = ComPtr<IMsgServiceAdmin>::Share(static_cast<IMsgServiceAdmin*>(dst));
  }
  auto* dest = dynamic_cast<MsgServiceAdmin*>(dest_admin.get());
  if (dest == nullptr) {
    return Err(MAPI_E_NO_SUPPORT,
               "CopyMsgService: the destination is not a mapi_emu message service "
               "administration object");
  }
  ASSIGN_OR_RETURN(Profile source, file_->Load());
  const ServiceEntry* s = source.FindService(uid);
  if (s == nullptr) {
    return Err(MAPI_E_NOT_FOUND, absl::StrCat("profile '", source.name, "' has no message service ",
                                              MapiUidText(uid)));
  }
  return dest->file()->Mutate([&](Profile& p) { return CloneService(source, *s, p); });
}

STDMETHODIMP MsgServiceAdmin::CopyMsgService(LPMAPIUID lpUID, LPTSTR lpszDisplayName,
                                             LPCIID lpInterfaceToCopy, LPCIID lpInterfaceDst,
                                             LPVOID lpObjectDst, ULONG_PTR ulUIParam,
                                             ULONG ulFlags) {
  (void)lpszDisplayName;  // deprecated (imsgserviceadmin-copymsgservice.md)
  (void)ulUIParam;        // headless
  return GuardAbi("IMsgServiceAdmin::CopyMsgService", [&]() -> HRESULT {
    if (lpUID == nullptr || lpObjectDst == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~(SERVICE_UI_ALWAYS | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (lpInterfaceToCopy != nullptr && !IsEqualIID(*lpInterfaceToCopy, IID_IProfSect)) {
      return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    if (lpInterfaceDst != nullptr && !IsEqualIID(*lpInterfaceDst, IID_IMAPISession) &&
        !IsEqualIID(*lpInterfaceDst, IID_IMsgServiceAdmin)) {
      return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    return last_error_.Set(Copy(*lpUID, lpInterfaceDst, lpObjectDst));
  });
}

STDMETHODIMP MsgServiceAdmin::RenameMsgService(LPMAPIUID lpUID, ULONG ulFlags,
                                               LPTSTR lpszDisplayName) {
  (void)lpUID;
  (void)ulFlags;
  (void)lpszDisplayName;
  // What the page says MAPI always answers: clients set PR_DISPLAY_NAME in
  // the service's profile section instead.
  return GuardAbi("IMsgServiceAdmin::RenameMsgService", [&] {
    return last_error_.Set(MAPI_E_NO_SUPPORT,
                           "RenameMsgService is not supported by MAPI "
                           "(imsgserviceadmin-renamemsgservice.md); set PR_DISPLAY_NAME in the "
                           "service's profile section");
  });
}

absl::Status MsgServiceAdmin::Configure(const MAPIUID& uid, ULONG_PTR ui_param, ULONG flags,
                                        const PropArray& props) {
  ASSIGN_OR_RETURN(Profile profile, file_->Load());
  const ServiceEntry* s = profile.FindService(uid);
  if (s == nullptr) {
    return Err(MAPI_E_NOT_FOUND, absl::StrCat("profile '", profile.name,
                                              "' has no message service ", MapiUidText(uid)));
  }
  if (!Utf8Prop(s->props, PR_SERVICE_ENTRY_NAME).has_value()) {
    return Err(MAPI_E_NOT_INITIALIZED,
               absl::StrCat("message service '", s->name, "' of profile '", profile.name,
                            "' has no entry point (PR_SERVICE_ENTRY_NAME) to configure it; set "
                            "its properties with OpenProfileSection(MAPI_MODIFY)"));
  }
  // The values go into the service's section first, so the entry finds
  // them there too; they are taken out again if the entry fails.
  const PropArray before = s->props;
  RETURN_IF_ERROR(file_->WriteProps(uid, props));
  absl::Status entry =
      RunServiceEntry(file_, profile, *s, MSG_SERVICE_CONFIGURE, ui_param, flags, props);
  if (!entry.ok() && !props.empty()) {
    absl::Status undo = file_->RestoreSection(uid, before);
    if (!undo.ok()) spdlog::warn("ConfigureMsgService: undo failed: {}", undo.ToString());
  }
  return entry;
}

STDMETHODIMP MsgServiceAdmin::ConfigureMsgService(LPMAPIUID lpUID, ULONG_PTR ulUIParam,
                                                  ULONG ulFlags, ULONG cValues,
                                                  LPSPropValue lpProps) {
  return GuardAbi("IMsgServiceAdmin::ConfigureMsgService", [&]() -> HRESULT {
    if (lpUID == nullptr || (cValues > 0 && lpProps == nullptr)) return MAPI_E_INVALID_PARAMETER;
    constexpr ULONG kKnown = MAPI_UNICODE | MSG_SERVICE_UI_READ_ONLY | SERVICE_UI_ALLOWED |
                             SERVICE_UI_ALWAYS | UI_CURRENT_PROVIDER_FIRST | SERVICE_LOGON_FAILED;
    if (ulFlags & ~kKnown) return MAPI_E_UNKNOWN_FLAGS;
    absl::StatusOr<PropArray> props = PropArray::TryCopy(lpProps, cValues);
    if (!props.ok()) return last_error_.Set(props.status());
    return last_error_.Set(Configure(*lpUID, ulUIParam, ulFlags, *props));
  });
}

STDMETHODIMP MsgServiceAdmin::OpenProfileSection(LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
                                                 LPPROFSECT FAR* lppProfSect) {
  return GuardAbi("IMsgServiceAdmin::OpenProfileSection", [&]() -> HRESULT {
    if (lpUID == nullptr || lppProfSect == nullptr) return MAPI_E_INVALID_PARAMETER;
    return OpenSectionFor(*file_, last_error_, *lpUID, lpInterface, ulFlags, SectionAccess::kClient,
                          lppProfSect);
  });
}

absl::Status MsgServiceAdmin::TransportOrderTo(ULONG count, const MAPIUID* uids) {
  ASSIGN_OR_RETURN(Profile profile, file_->Load());
  const std::vector<MAPIUID> transports = TransportOrder(profile);
  if (count != transports.size()) {
    return Err(MAPI_E_BUSY,
               absl::StrCat("MsgServiceTransportOrder got ", count, " UIDs; profile '",
                            profile.name, "' has ", transports.size(), " transport providers"));
  }
  std::set<std::string> seen;
  for (ULONG i = 0; i < count; ++i) {
    const ProviderEntry* p = profile.FindProvider(uids[i]);
    if (p == nullptr || UlongProp(p->props, PR_RESOURCE_TYPE) != MAPI_TRANSPORT_PROVIDER) {
      return Err(MAPI_E_NOT_FOUND,
                 absl::StrCat("UID ", i, " (", MapiUidText(uids[i]),
                              ") is not a transport provider of profile '", profile.name, "'"));
    }
    if (!seen.insert(MapiUidText(uids[i])).second) {
      return Err(MAPI_E_INVALID_PARAMETER,
                 absl::StrCat("transport provider ", MapiUidText(uids[i]), " is listed twice"));
    }
  }
  for (ULONG i = 0; i < count; ++i) {
    RETURN_IF_ERROR(file_->WriteProps(uids[i], OneLong(PR_PROVIDER_ORDINAL, i)));
  }
  return absl::OkStatus();
}

STDMETHODIMP MsgServiceAdmin::MsgServiceTransportOrder(ULONG cUID, LPMAPIUID lpUIDList,
                                                       ULONG ulFlags) {
  return GuardAbi("IMsgServiceAdmin::MsgServiceTransportOrder", [&]() -> HRESULT {
    if (cUID > 0 && lpUIDList == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    return last_error_.Set(TransportOrderTo(cUID, lpUIDList));
  });
}

STDMETHODIMP MsgServiceAdmin::AdminProviders(LPMAPIUID lpUID, ULONG ulFlags,
                                             LPPROVIDERADMIN FAR* lppProviderAdmin) {
  return GuardAbi("IMsgServiceAdmin::AdminProviders", [&]() -> HRESULT {
    if (lpUID == nullptr || lppProviderAdmin == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    absl::StatusOr<Profile> profile = file_->Load();
    if (!profile.ok()) return last_error_.Set(profile.status());
    if (profile->FindService(*lpUID) == nullptr) {
      return last_error_.Set(MAPI_E_NOT_FOUND,
                             absl::StrCat("profile '", profile->name, "' has no message service ",
                                          MapiUidText(*lpUID)));
    }
    *lppProviderAdmin = MakeComObject<ProviderAdmin>(file_, *lpUID, false).Detach();
    return S_OK;
  });
}

absl::Status MsgServiceAdmin::PrimaryIdentity(const MAPIUID* uid) {
  ASSIGN_OR_RETURN(Profile profile, file_->Load());
  if (uid != nullptr) {
    const ServiceEntry* s = profile.FindService(*uid);
    if (s == nullptr) {
      return Err(MAPI_E_NOT_FOUND, absl::StrCat("profile '", profile.name,
                                                "' has no message service ", MapiUidText(*uid)));
    }
    if (UlongProp(s->props, PR_RESOURCE_FLAGS) & SERVICE_NO_PRIMARY_IDENTITY) {
      return Err(MAPI_E_NO_ACCESS, absl::StrCat("message service '", s->name,
                                                "' cannot supply the primary identity "
                                                "(SERVICE_NO_PRIMARY_IDENTITY)"));
    }
  }
  // SERVICE_NO_PRIMARY_IDENTITY / STATUS_NO_PRIMARY_IDENTITY say what a
  // service or provider can do and are left alone; only the *_PRIMARY_IDENTITY
  // marks move.
  for (const ServiceEntry& s : profile.services) {
    const bool chosen = uid != nullptr && SameUid(s.uid, *uid);
    const ULONG flags = UlongProp(s.props, PR_RESOURCE_FLAGS);
    const ULONG want =
        chosen ? (flags | SERVICE_PRIMARY_IDENTITY) : (flags & ~ULONG{SERVICE_PRIMARY_IDENTITY});
    if (want != flags) RETURN_IF_ERROR(file_->WriteProps(s.uid, OneLong(PR_RESOURCE_FLAGS, want)));
    for (const ProviderEntry& p : s.providers) {
      const ULONG pf = UlongProp(p.props, PR_RESOURCE_FLAGS);
      const ULONG pw = chosen && !(pf & STATUS_NO_PRIMARY_IDENTITY)
                           ? (pf | STATUS_PRIMARY_IDENTITY)
                           : (pf & ~ULONG{STATUS_PRIMARY_IDENTITY});
      if (pw != pf) RETURN_IF_ERROR(file_->WriteProps(p.uid, OneLong(PR_RESOURCE_FLAGS, pw)));
    }
  }
  return absl::OkStatus();
}

STDMETHODIMP MsgServiceAdmin::SetPrimaryIdentity(LPMAPIUID lpUID, ULONG ulFlags) {
  return GuardAbi("IMsgServiceAdmin::SetPrimaryIdentity", [&]() -> HRESULT {
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    return last_error_.Set(PrimaryIdentity(lpUID));
  });
}

STDMETHODIMP MsgServiceAdmin::GetProviderTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  return GuardAbi("IMsgServiceAdmin::GetProviderTable", [&]() -> HRESULT {
    if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    const bool wide = (ulFlags & MAPI_UNICODE) != 0;
    auto table = [&]() -> absl::StatusOr<ComPtr<IMAPITable>> {
      ASSIGN_OR_RETURN(Profile profile, file_->Load());
      const std::map<std::string, ULONG> ordinals = ProviderOrdinals(profile);
      std::vector<PropArray> rows;
      for (const ServiceEntry& s : profile.services) {
        for (const ProviderEntry& p : s.providers) {
          ASSIGN_OR_RETURN(PropArray row, ProviderRow(s, p, ordinals.at(MapiUidText(p.uid)), wide));
          rows.push_back(std::move(row));
        }
      }
      return StaticTable(PR_INSTANCE_KEY, ProviderColumns(wide), std::move(rows));
    }();
    if (!table.ok()) return last_error_.Set(table.status());
    *lppTable = table->Detach();
    return S_OK;
  });
}

// ---- IProfAdmin ---------------------------------------------------------------------

class ProfAdmin final : public ComObject<IProfAdmin> {
 public:
  explicit ProfAdmin(AdminContext context)
      : ComObject(nullptr, "ProfAdmin"),
        context_(std::move(context)),
        store_(context_.profiles_dir),
        last_error_("MAPI profile administration") {}

  MAPI_IPROFADMIN_METHODS(IMPL)

 private:
  absl::Status Create(const std::string& name, ULONG_PTR ui_param, ULONG flags);
  absl::Status Delete(const std::string& name);
  absl::Status Copy(const std::string& from, const std::string& to, bool rename);
  // The stored name, or MAPI_E_NOT_FOUND naming the directory.
  absl::StatusOr<std::string> Existing(const std::string& name) const;
  // OK if `name` can be the name of a new profile: MAPI_E_INVALID_PARAMETER
  // or MAPI_E_NO_ACCESS (it exists) otherwise. `except`: an existing name
  // that does not count (a rename that changes only the case).
  absl::Status CanCreate(const std::string& name, const std::string& except = {}) const;

  const AdminContext context_;
  const ProfileStore store_;
  LastError last_error_;
};

absl::StatusOr<std::string> ProfAdmin::Existing(const std::string& name) const {
  std::optional<std::string> found = ResolveProfileName(store_, name);
  if (!found) {
    return Err(MAPI_E_NOT_FOUND,
               absl::StrCat("there is no profile '", name, "' in ", store_.dir().string()));
  }
  return *found;
}

absl::Status ProfAdmin::CanCreate(const std::string& name, const std::string& except) const {
  if (absl::Status valid = ValidateProfileName(name); !valid.ok()) {
    return Err(MAPI_E_INVALID_PARAMETER, std::string(valid.message()));
  }
  std::optional<std::string> existing = ResolveProfileName(store_, name);
  if (existing.has_value() && *existing != except) {
    return Err(MAPI_E_NO_ACCESS,
               absl::StrCat("profile '", *existing, "' already exists in ", store_.dir().string()));
  }
  return absl::OkStatus();
}

STDMETHODIMP ProfAdmin::GetLastError(HRESULT hResult, ULONG ulFlags,
                                     LPMAPIERROR FAR* lppMAPIError) {
  return GuardAbi("IProfAdmin::GetLastError",
                  [&] { return last_error_.Get(hResult, ulFlags, lppMAPIError); });
}

STDMETHODIMP ProfAdmin::GetProfileTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  return GuardAbi("IProfAdmin::GetProfileTable", [&]() -> HRESULT {
    if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
    // This store has no "app" profiles: MAPI_APP_PROFILE changes nothing.
    if (ulFlags & ~(MAPI_APP_PROFILE | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    const bool wide = (ulFlags & MAPI_UNICODE) != 0;
    auto table = [&]() -> absl::StatusOr<ComPtr<IMAPITable>> {
      ASSIGN_OR_RETURN(std::vector<std::string> names, store_.List());
      absl::StatusOr<std::string> def = store_.GetDefault();
      std::vector<PropArray> rows;
      for (const std::string& name : names) {
        PropArrayBuilder b;
        AddText(b, PR_DISPLAY_NAME, name, wide);
        b.AddBoolean(PR_DEFAULT_PROFILE, def.ok() && *def == name);
        ASSIGN_OR_RETURN(PropArray row, b.Build());
        rows.push_back(std::move(row));
      }
      const ULONG name_tag = TextTag(PR_DISPLAY_NAME, wide);
      return StaticTable(name_tag, {name_tag, PR_DEFAULT_PROFILE}, std::move(rows));
    }();
    if (!table.ok()) return last_error_.Set(table.status());
    *lppTable = table->Detach();
    return S_OK;
  });
}

absl::Status ProfAdmin::Create(const std::string& name, ULONG_PTR ui_param, ULONG flags) {
  {
    absl::MutexLock lock(&FileMutex());
    RETURN_IF_ERROR(CanCreate(name));
    RETURN_IF_ERROR(store_.Save(Profile(name)));
  }
  if (!(flags & MAPI_DEFAULT_SERVICES)) return absl::OkStatus();
  // [Default Services], each with MSG_SERVICE_CREATE; a failure unwinds the
  // services made so far (their entries get MSG_SERVICE_DELETE) and the
  // profile.
  auto file = std::make_shared<ProfileFile>(context_, name);
  absl::StatusOr<MapiSvcInf> inf = LoadInf(context_);
  std::vector<MAPIUID> created;
  absl::Status failure = inf.status();
  if (inf.ok()) {
    // With MAPI_DIALOG, the entries may show their property sheets.
    const bool dialog = (flags & MAPI_DIALOG) != 0;
    for (const std::string& service : inf->default_services) {
      absl::StatusOr<MAPIUID> uid =
          CreateService(file, service, "", dialog ? ui_param : 0, dialog ? SERVICE_UI_ALLOWED : 0);
      if (!uid.ok()) {
        failure = uid.status();
        break;
      }
      created.push_back(*uid);
    }
  }
  if (failure.ok()) return absl::OkStatus();
  for (auto it = created.rbegin(); it != created.rend(); ++it) {
    absl::Status s = DeleteService(file, *it);
    if (!s.ok()) spdlog::warn("CreateProfile: unwinding: {}", s.ToString());
  }
  absl::Status removed = store_.Delete(name);
  if (!removed.ok()) spdlog::warn("CreateProfile: unwinding: {}", removed.ToString());
  return failure;
}

STDMETHODIMP ProfAdmin::CreateProfile(LPTSTR lpszProfileName, LPTSTR lpszPassword,
                                      ULONG_PTR ulUIParam, ULONG ulFlags) {
  return GuardAbi("IProfAdmin::CreateProfile", [&]() -> HRESULT {
    if (lpszProfileName == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~(MAPI_DEFAULT_SERVICES | MAPI_DIALOG | MAPI_UNICODE)) {
      return MAPI_E_UNKNOWN_FLAGS;
    }
    if (Text(lpszPassword, ulFlags).value_or("") != "") {
      static std::atomic<bool> logged{false};
      LogIgnoredOnce(logged, "IProfAdmin: profile passwords are not supported; ignored");
    }
    return last_error_.Set(Create(*Text(lpszProfileName, ulFlags), ulUIParam, ulFlags));
  });
}

absl::Status ProfAdmin::Delete(const std::string& name) {
  ASSIGN_OR_RETURN(std::string stored, Existing(name));
  auto file = std::make_shared<ProfileFile>(context_, stored);
  ASSIGN_OR_RETURN(Profile profile, file->Load());
  // Each service's entry hears MSG_SERVICE_DELETE (iprofadmin-deleteprofile.md).
  for (const ServiceEntry& s : profile.services) {
    absl::Status entry = RunServiceEntry(file, profile, s, MSG_SERVICE_DELETE, 0, 0, PropArray());
    if (!entry.ok()) {
      spdlog::warn("DeleteProfile: {}; the profile is deleted all the same",
                   std::string(entry.message()));
    }
  }
  absl::MutexLock lock(&FileMutex());
  return store_.Delete(stored);
}

STDMETHODIMP ProfAdmin::DeleteProfile(LPTSTR lpszProfileName, ULONG ulFlags) {
  return GuardAbi("IProfAdmin::DeleteProfile", [&]() -> HRESULT {
    if (lpszProfileName == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return last_error_.Set(Delete(*Text(lpszProfileName, ulFlags)));
  });
}

STDMETHODIMP ProfAdmin::ChangeProfilePassword(LPTSTR lpszProfileName, LPTSTR lpszOldPassword,
                                              LPTSTR lpszNewPassword, ULONG ulFlags) {
  (void)lpszProfileName;
  (void)lpszOldPassword;
  (void)lpszNewPassword;
  (void)ulFlags;
  // "If this method is called, it will return S_OK. However, no action will
  // be taken." (iprofadmin-changeprofilepassword.md)
  return GuardAbi("IProfAdmin::ChangeProfilePassword", [] {
    static std::atomic<bool> logged{false};
    LogIgnoredOnce(logged,
                   "IProfAdmin::ChangeProfilePassword: MAPI does not support profile passwords; "
                   "nothing changed");
    return S_OK;
  });
}

absl::Status ProfAdmin::Copy(const std::string& from, const std::string& to, bool rename) {
  ASSIGN_OR_RETURN(std::string stored, Existing(from));
  absl::MutexLock lock(&FileMutex());
  RETURN_IF_ERROR(CanCreate(to, rename ? stored : std::string()));
  ASSIGN_OR_RETURN(Profile profile, store_.Load(stored));
  profile.name = to;
  if (!rename) {
    // A copy is another profile: PR_SEARCH_KEY is unique per profile.
    profile.search_key = NewMapiUid();
    return store_.Save(profile);
  }
  absl::StatusOr<std::string> def = store_.GetDefault();
  const bool was_default = def.ok() && *def == stored;
  RETURN_IF_ERROR(store_.Save(profile));
  if (to != stored) RETURN_IF_ERROR(store_.RemoveRenamed(stored, to));
  if (was_default) RETURN_IF_ERROR(store_.SetDefault(to));
  return absl::OkStatus();
}

STDMETHODIMP ProfAdmin::CopyProfile(LPTSTR lpszOldProfileName, LPTSTR lpszOldPassword,
                                    LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam, ULONG ulFlags) {
  (void)lpszOldPassword;  // profiles have no passwords
  (void)ulUIParam;
  return GuardAbi("IProfAdmin::CopyProfile", [&]() -> HRESULT {
    if (lpszOldProfileName == nullptr || lpszNewProfileName == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (ulFlags & ~(MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    return last_error_.Set(
        Copy(*Text(lpszOldProfileName, ulFlags), *Text(lpszNewProfileName, ulFlags), false));
  });
}

STDMETHODIMP ProfAdmin::RenameProfile(LPTSTR lpszOldProfileName, LPTSTR lpszOldPassword,
                                      LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam,
                                      ULONG ulFlags) {
  (void)lpszOldPassword;
  (void)ulUIParam;
  return GuardAbi("IProfAdmin::RenameProfile", [&]() -> HRESULT {
    if (lpszOldProfileName == nullptr || lpszNewProfileName == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (ulFlags & ~(MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    return last_error_.Set(
        Copy(*Text(lpszOldProfileName, ulFlags), *Text(lpszNewProfileName, ulFlags), true));
  });
}

STDMETHODIMP ProfAdmin::SetDefaultProfile(LPTSTR lpszProfileName, ULONG ulFlags) {
  return GuardAbi("IProfAdmin::SetDefaultProfile", [&]() -> HRESULT {
    if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    absl::MutexLock lock(&FileMutex());
    if (lpszProfileName == nullptr) return last_error_.Set(store_.ClearDefault());
    absl::StatusOr<std::string> stored = Existing(*Text(lpszProfileName, ulFlags));
    if (!stored.ok()) return last_error_.Set(stored.status());
    return last_error_.Set(store_.SetDefault(*stored));
  });
}

STDMETHODIMP ProfAdmin::AdminServices(LPTSTR lpszProfileName, LPTSTR lpszPassword,
                                      ULONG_PTR ulUIParam, ULONG ulFlags,
                                      LPSERVICEADMIN FAR* lppServiceAdmin) {
  (void)lpszPassword;
  (void)ulUIParam;
  return GuardAbi("IProfAdmin::AdminServices", [&]() -> HRESULT {
    if (lpszProfileName == nullptr || lppServiceAdmin == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (ulFlags & ~(MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    absl::StatusOr<ComPtr<IMsgServiceAdmin>> admin =
        CreateMsgServiceAdmin(context_, *Text(lpszProfileName, ulFlags));
    if (!admin.ok()) {
      // "If the specified profile does not exist, AdminServices returns
      // MAPI_E_LOGON_FAILED."
      return last_error_.Set(MAPI_E_LOGON_FAILED, std::string(admin.status().message()));
    }
    *lppServiceAdmin = admin->Detach();
    return S_OK;
  });
}

}  // namespace

// ---- Public functions ------------------------------------------------------------------

ComPtr<IProfAdmin> CreateProfAdmin(AdminContext context) {
  return MakeComObject<ProfAdmin>(std::move(context));
}

absl::StatusOr<ComPtr<IMsgServiceAdmin>> CreateMsgServiceAdmin(const AdminContext& context,
                                                               std::string_view profile_name) {
  const std::string name(profile_name);
  ProfileStore store(context.profiles_dir);
  std::optional<std::string> stored = ResolveProfileName(store, name);
  if (!stored) {
    return absl::NotFoundError(
        absl::StrCat("there is no profile '", name, "' in ", store.dir().string()));
  }
  return ComPtr<IMsgServiceAdmin>(
      MakeComObject<MsgServiceAdmin>(std::make_shared<ProfileFile>(context, *stored)));
}

std::vector<MAPIUID> TransportOrder(const Profile& profile) {
  struct Item {
    MAPIUID uid;
    std::optional<ULONG> ordinal;
  };
  std::vector<Item> items;
  for (const ServiceEntry& s : profile.services) {
    for (const ProviderEntry& p : s.providers) {
      if (UlongProp(p.props, PR_RESOURCE_TYPE) != MAPI_TRANSPORT_PROVIDER) continue;
      const SPropValue* ordinal = p.props.Find(PR_PROVIDER_ORDINAL);
      items.push_back({p.uid, ordinal != nullptr
                                  ? std::optional<ULONG>(static_cast<ULONG>(ordinal->Value.l))
                                  : std::nullopt});
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.ordinal.has_value() != b.ordinal.has_value()) return a.ordinal.has_value();
    return a.ordinal.has_value() && *a.ordinal < *b.ordinal;
  });
  std::vector<MAPIUID> out;
  for (const Item& item : items) out.push_back(item.uid);
  return out;
}

HRESULT Subsystem::AdminProfiles(ULONG flags, LPPROFADMIN* out) {
  if (AfterFastShutdown("MAPIAdminProfiles")) return MAPI_E_CALL_FAILED;
  return GuardAbi("MAPIAdminProfiles", [&]() -> HRESULT {
    if (!initialized()) return MAPI_E_NOT_INITIALIZED;
    if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (flags != 0) return MAPI_E_UNKNOWN_FLAGS;
    *out = CreateProfAdmin({profiles_dir(), mapisvc_path(), &libraries_}).Detach();
    return S_OK;
  });
}

}  // namespace mapi_emu
