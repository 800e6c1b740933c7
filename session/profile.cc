#include "session/profile.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/status_macros.h"
#include "mapitags.h"
#include "mapix.h"
#include "session/absl_view.h"
#include "session/mapi_uid.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

using nlohmann::json;

// "services[0].uid: <message>"; the document itself has the empty path.
absl::Status PathError(std::string_view path, absl::string_view message) {
  if (path.empty()) return absl::InvalidArgumentError(message);
  return absl::InvalidArgumentError(absl::StrCat(AbslView(path), ": ", message));
}

std::string Join(std::string_view path, std::string_view field) {
  if (path.empty()) return std::string(field);
  return absl::StrCat(AbslView(path), ".", AbslView(field));
}

// A string property (either width) as UTF-8.
std::optional<std::string> StringProp(const PropArray& props, ULONG id) {
  const SPropValue* v = props.Find(PROP_TAG(PT_UNSPECIFIED, id));
  if (v == nullptr) return std::nullopt;
  if (PROP_TYPE(v->ulPropTag) == PT_STRING8 && v->Value.lpszA != nullptr) {
    return std::string(v->Value.lpszA);
  }
  if (PROP_TYPE(v->ulPropTag) == PT_UNICODE && v->Value.lpszW != nullptr) {
    return WideToUtf8(v->Value.lpszW);
  }
  return std::nullopt;
}

bool Has(const PropArray& props, ULONG tag) {
  return props.Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(tag))) != nullptr;
}

PropArray MergeBuilt(const PropArray& props, const PropArrayBuilder& builder) {
  absl::StatusOr<PropArray> extra = builder.Build();
  // Only values built here, all valid: Build cannot fail.
  return props.Merge(*extra);
}

// The service section with the properties that mirror the entry's fields.
PropArray ServiceProps(const PropArray& props, const MAPIUID& uid, std::string_view name) {
  PropArrayBuilder b;
  b.AddBinary(PR_SERVICE_UID, uid.ab, sizeof(uid.ab));
  b.AddString8(PR_SERVICE_NAME_A, name);
  return MergeBuilt(props, b);
}

PropArray ProviderProps(const PropArray& props, const MAPIUID& service_uid,
                        std::string_view service_name, const MAPIUID& uid) {
  PropArrayBuilder b;
  b.AddBinary(PR_SERVICE_UID, service_uid.ab, sizeof(service_uid.ab));
  b.AddBinary(PR_PROVIDER_UID, uid.ab, sizeof(uid.ab));
  b.AddString8(PR_SERVICE_NAME_A, service_name);
  return MergeBuilt(props, b);
}

// The section without the properties the file does not store (they mirror
// entry fields).
PropArray WithoutDerived(const PropArray& props) {
  static constexpr ULONG kDerived[] = {PR_SERVICE_UID, PR_PROVIDER_UID, PR_SERVICE_NAME_A};
  return props.Without(std::span<const ULONG>(kDerived));
}

bool IsUsed(const MAPIUID& uid, const std::set<std::string>& used) {
  return used.count(MapiUidText(uid)) != 0;
}

// ---- Reading the JSON document -----------------------------------------------

std::string JsonKind(const json& j) {
  if (j.is_number_integer()) return "integer";
  if (j.is_number_float()) return "number";
  return j.type_name();
}

absl::Status CheckFields(const json& object, std::string_view path,
                         std::initializer_list<std::string_view> allowed,
                         std::initializer_list<std::string_view> required) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) {
      return PathError(path, absl::StrCat("unknown field \"", key, "\""));
    }
  }
  for (std::string_view r : required) {
    if (!object.contains(std::string(r))) {
      return PathError(path, absl::StrCat("missing field \"", AbslView(r), "\""));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> StringField(const json& object, std::string_view path,
                                        const char* field) {
  const json& v = object.at(field);
  if (!v.is_string()) {
    return PathError(Join(path, field), absl::StrCat("expected a string, got ", JsonKind(v)));
  }
  return v.get<std::string>();
}

absl::StatusOr<MAPIUID> UidField(const json& object, std::string_view path, const char* field) {
  const std::string where = Join(path, field);
  const json& v = object.at(field);
  if (!v.is_string()) {
    return PathError(where, absl::StrCat("expected a string of 32 hex digits, got ", JsonKind(v)));
  }
  std::optional<MAPIUID> uid = MapiUidFromText(v.get_ref<const std::string&>());
  if (!uid.has_value()) {
    return PathError(where, absl::StrCat("expected 32 hex digits, got \"",
                                         v.get_ref<const std::string&>(), "\""));
  }
  return *uid;
}

absl::StatusOr<const json*> ArrayField(const json& object, std::string_view path,
                                       const char* field) {
  static const json kEmpty = json::array();
  if (!object.contains(field)) return &kEmpty;
  const json& v = object.at(field);
  if (!v.is_array()) {
    return PathError(Join(path, field), absl::StrCat("expected an array, got ", JsonKind(v)));
  }
  return &v;
}

// "properties": the section's values, which must not include the derived ones.
absl::StatusOr<PropArray> PropertiesField(const json& object, std::string_view path) {
  if (!object.contains("properties")) return PropArray();
  const std::string where = Join(path, "properties");
  absl::StatusOr<PropArray> props = PropsFromJson(object.at("properties"));
  if (!props.ok()) return PathError(where, props.status().message());
  static constexpr struct {
    ULONG tag;
    const char* name;
    const char* field;
  } kDerived[] = {{PR_SERVICE_UID, "PR_SERVICE_UID", "the service's \"uid\""},
                  {PR_PROVIDER_UID, "PR_PROVIDER_UID", "the provider's \"uid\""},
                  {PR_SERVICE_NAME_A, "PR_SERVICE_NAME", "the service's \"name\""}};
  for (const auto& d : kDerived) {
    if (Has(*props, d.tag)) {
      return PathError(
          where, absl::StrCat(d.name, " is not stored as a property: it is ", d.field, " field"));
    }
  }
  return props;
}

// Records a UID and fails if it was used before.
absl::Status UseUid(std::map<std::string, std::string>* used, const MAPIUID& uid,
                    const std::string& where) {
  const auto [it, inserted] = used->emplace(MapiUidText(uid), where);
  if (!inserted) {
    return PathError(
        where, absl::StrCat("MAPIUID ", MapiUidText(uid), " is already used by ", it->second));
  }
  return absl::OkStatus();
}

absl::StatusOr<ProviderEntry> ProviderFromJson(const json& j, const std::string& path,
                                               const ServiceEntry& service) {
  if (!j.is_object()) {
    return PathError(path, absl::StrCat("expected an object, got ", JsonKind(j)));
  }
  RETURN_IF_ERROR(CheckFields(j, path, {"uid", "section", "properties"}, {"uid"}));
  ProviderEntry p;
  ASSIGN_OR_RETURN(p.uid, UidField(j, path, "uid"));
  if (j.contains("section")) {
    ASSIGN_OR_RETURN(p.section, StringField(j, path, "section"));
  }
  ASSIGN_OR_RETURN(PropArray props, PropertiesField(j, path));
  for (const auto& [tag, name] : {std::pair{PR_PROVIDER_DLL_NAME_A, "PR_PROVIDER_DLL_NAME"},
                                  std::pair{PR_RESOURCE_TYPE, "PR_RESOURCE_TYPE"}}) {
    if (!Has(props, tag)) {
      return PathError(absl::StrCat(path, ".properties"),
                       absl::StrCat(name, " is required in a provider section"));
    }
  }
  p.props = ProviderProps(props, service.uid, service.name, p.uid);
  return p;
}

absl::StatusOr<ServiceEntry> ServiceFromJson(const json& j, const std::string& path,
                                             std::map<std::string, std::string>* used) {
  if (!j.is_object()) {
    return PathError(path, absl::StrCat("expected an object, got ", JsonKind(j)));
  }
  RETURN_IF_ERROR(
      CheckFields(j, path, {"uid", "name", "properties", "providers"}, {"uid", "name"}));
  ServiceEntry s;
  ASSIGN_OR_RETURN(s.uid, UidField(j, path, "uid"));
  RETURN_IF_ERROR(UseUid(used, s.uid, path));
  ASSIGN_OR_RETURN(s.name, StringField(j, path, "name"));
  if (s.name.empty()) return PathError(absl::StrCat(path, ".name"), "must not be empty");
  ASSIGN_OR_RETURN(PropArray props, PropertiesField(j, path));
  s.props = ServiceProps(props, s.uid, s.name);
  ASSIGN_OR_RETURN(const json* providers, ArrayField(j, path, "providers"));
  for (size_t i = 0; i < providers->size(); ++i) {
    const std::string where = absl::StrCat(path, ".providers[", i, "]");
    ASSIGN_OR_RETURN(ProviderEntry p, ProviderFromJson((*providers)[i], where, s));
    RETURN_IF_ERROR(UseUid(used, p.uid, where));
    s.providers.push_back(std::move(p));
  }
  return s;
}

}  // namespace

Profile::Profile(std::string profile_name)
    : name(std::move(profile_name)), search_key(NewMapiUid()) {}

absl::StatusOr<ServiceEntry*> Profile::AddService(const MapiSvcInf& inf,
                                                  std::string_view service_name) {
  const MapiSvcService* svc = inf.FindService(service_name);
  if (svc == nullptr) {
    return absl::NotFoundError(absl::StrCat("MAPISVC.INF '", inf.file_name, "' has no service '",
                                            AbslView(service_name), "'"));
  }
  const SPropValue* flags = svc->props.Find(PR_RESOURCE_FLAGS);
  if (flags != nullptr && (flags->Value.ul & SERVICE_SINGLE_COPY) != 0) {
    for (const ServiceEntry& existing : services) {
      if (absl::EqualsIgnoreCase(existing.name, svc->name)) {
        return absl::AlreadyExistsError(
            absl::StrCat("service '", svc->name, "' is already in profile '", name,
                         "' and may appear only once (SERVICE_SINGLE_COPY)"));
      }
    }
  }
  std::set<std::string> used;
  for (const ServiceEntry& s : services) {
    used.insert(MapiUidText(s.uid));
    for (const ProviderEntry& p : s.providers) used.insert(MapiUidText(p.uid));
  }
  for (const ExtraSection& x : sections) used.insert(MapiUidText(x.uid));
  auto fresh_uid = [&used]() {
    MAPIUID uid;
    do {
      uid = NewMapiUid();
    } while (IsUsed(uid, used));
    used.insert(MapiUidText(uid));
    return uid;
  };

  ServiceEntry entry;
  entry.uid = fresh_uid();
  entry.name = svc->name;
  const std::string display =
      StringProp(svc->props, PROP_ID(PR_DISPLAY_NAME_A)).value_or(svc->display_name);

  // Extra sections first: the service section lists their UIDs.
  std::vector<ExtraSection> extras;
  std::string extra_uids;
  for (const MapiSvcExtraSection& x : svc->extra_sections) {
    ExtraSection section;
    if (x.uid.has_value() && !IsUsed(*x.uid, used)) {
      section.uid = *x.uid;
      used.insert(MapiUidText(section.uid));
    } else {
      section.uid = fresh_uid();
    }
    section.props = x.props;
    extra_uids.append(reinterpret_cast<const char*>(section.uid.ab), sizeof(MAPIUID));
    extras.push_back(std::move(section));
  }

  PropArrayBuilder defaults;
  if (!Has(svc->props, PR_DISPLAY_NAME_A)) defaults.AddString8(PR_DISPLAY_NAME_A, display);
  if (!Has(svc->props, PR_RESOURCE_FLAGS)) defaults.AddLong(PR_RESOURCE_FLAGS, 0);
  if (!extras.empty()) {
    defaults.AddBinary(PR_SERVICE_EXTRA_UIDS, extra_uids.data(), extra_uids.size());
  }
  entry.props = ServiceProps(MergeBuilt(svc->props, defaults), entry.uid, entry.name);

  for (const MapiSvcProvider& p : svc->providers) {
    ProviderEntry provider;
    provider.uid = fresh_uid();
    provider.section = p.section;
    const std::optional<std::string> provider_display =
        StringProp(p.props, PROP_ID(PR_PROVIDER_DISPLAY_A));
    const std::optional<std::string> provider_name =
        StringProp(p.props, PROP_ID(PR_DISPLAY_NAME_A));
    PropArrayBuilder b;
    if (!provider_name.has_value()) {
      b.AddString8(PR_DISPLAY_NAME_A, provider_display.value_or(display));
    }
    if (!provider_display.has_value()) {
      b.AddString8(PR_PROVIDER_DISPLAY_A, provider_name.value_or(display));
    }
    if (!Has(p.props, PR_RESOURCE_FLAGS)) b.AddLong(PR_RESOURCE_FLAGS, 0);
    provider.props = ProviderProps(MergeBuilt(p.props, b), entry.uid, entry.name, provider.uid);
    entry.providers.push_back(std::move(provider));
  }

  for (ExtraSection& x : extras) sections.push_back(std::move(x));
  services.push_back(std::move(entry));
  return &services.back();
}

absl::Status Profile::RemoveService(const MAPIUID& service_uid) {
  for (auto it = services.begin(); it != services.end(); ++it) {
    if (!SameUid(it->uid, service_uid)) continue;
    if (const SPropValue* extra = it->props.Find(PR_SERVICE_EXTRA_UIDS)) {
      for (ULONG off = 0; off + sizeof(MAPIUID) <= extra->Value.bin.cb; off += sizeof(MAPIUID)) {
        MAPIUID uid;
        std::memcpy(uid.ab, extra->Value.bin.lpb + off, sizeof(MAPIUID));
        std::erase_if(sections, [&](const ExtraSection& x) { return SameUid(x.uid, uid); });
      }
    }
    services.erase(it);
    return absl::OkStatus();
  }
  return absl::NotFoundError(
      absl::StrCat("profile '", name, "' has no service ", MapiUidText(service_uid)));
}

ServiceEntry* Profile::FindService(const MAPIUID& uid) {
  for (ServiceEntry& s : services) {
    if (SameUid(s.uid, uid)) return &s;
  }
  return nullptr;
}

const ServiceEntry* Profile::FindService(const MAPIUID& uid) const {
  return const_cast<Profile*>(this)->FindService(uid);
}

ProviderEntry* Profile::FindProvider(const MAPIUID& uid) {
  for (ServiceEntry& s : services) {
    for (ProviderEntry& p : s.providers) {
      if (SameUid(p.uid, uid)) return &p;
    }
  }
  return nullptr;
}

const ProviderEntry* Profile::FindProvider(const MAPIUID& uid) const {
  return const_cast<Profile*>(this)->FindProvider(uid);
}

const PropArray* Profile::FindSection(const MAPIUID& uid) const {
  if (const ServiceEntry* s = FindService(uid)) return &s->props;
  if (const ProviderEntry* p = FindProvider(uid)) return &p->props;
  for (const ExtraSection& x : sections) {
    if (SameUid(x.uid, uid)) return &x.props;
  }
  return nullptr;
}

void Profile::SetSection(const MAPIUID& uid, const PropArray& props) {
  for (ServiceEntry& s : services) {
    if (SameUid(s.uid, uid)) {
      s.props = ServiceProps(props, s.uid, s.name);
      return;
    }
    for (ProviderEntry& p : s.providers) {
      if (SameUid(p.uid, uid)) {
        p.props = ProviderProps(props, s.uid, s.name, p.uid);
        return;
      }
    }
  }
  for (ExtraSection& x : sections) {
    if (SameUid(x.uid, uid)) {
      x.props = props;
      return;
    }
  }
  sections.push_back(ExtraSection{uid, props});
}

LibrarySearch Profile::LibrarySearchIn(const std::filesystem::path& profile_dir) const {
  LibrarySearch search;
  search.profile_dir = profile_dir;
  for (const std::string& dir : library_dirs) search.library_dirs.emplace_back(dir);
  return search;
}

absl::Status ValidateProfileName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("a profile name must not be empty");
  if (!IsValidUtf8(name)) {
    return absl::InvalidArgumentError("a profile name must be valid UTF-8");
  }
  size_t characters = 0;
  for (unsigned char c : name) {
    if ((c & 0xC0) != 0x80) ++characters;  // count code points, not bytes
    if (c < 0x20 || c == 0x7F) {
      return absl::InvalidArgumentError("a profile name must not contain control characters");
    }
    if (std::strchr("/\\:*?\"<>|", c) != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("profile name '", AbslView(name),
                                                     "' contains '", std::string(1, c),
                                                     "' (not allowed: / \\ : * ? \" < > |)"));
    }
  }
  if (characters > kMaxProfileNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("profile name '", AbslView(name), "' has ", characters,
                     " characters; MAPILogonEx allows at most ", kMaxProfileNameLength));
  }
  if (name.front() == '.' || name.back() == '.' || name.back() == ' ') {
    return absl::InvalidArgumentError(absl::StrCat(
        "profile name '", AbslView(name), "' must not start with '.' or end with '.' or a space"));
  }
  return absl::OkStatus();
}

absl::StatusOr<json> ProfileToJson(const Profile& profile) {
  json out = json::object();
  out["format"] = std::string(kProfileFormat);
  out["version"] = kProfileFormatVersion;
  out["name"] = profile.name;
  out["search_key"] = MapiUidText(profile.search_key);
  out["library_dirs"] = profile.library_dirs;
  json services = json::array();
  for (size_t i = 0; i < profile.services.size(); ++i) {
    const ServiceEntry& s = profile.services[i];
    const std::string path = absl::StrCat("services[", i, "]");
    json service = json::object();
    service["uid"] = MapiUidText(s.uid);
    service["name"] = s.name;
    absl::StatusOr<json> props = PropsToJson(WithoutDerived(s.props));
    if (!props.ok()) return PathError(path + ".properties", props.status().message());
    service["properties"] = *std::move(props);
    json providers = json::array();
    for (size_t k = 0; k < s.providers.size(); ++k) {
      const ProviderEntry& p = s.providers[k];
      json provider = json::object();
      provider["uid"] = MapiUidText(p.uid);
      provider["section"] = p.section;
      absl::StatusOr<json> pprops = PropsToJson(WithoutDerived(p.props));
      if (!pprops.ok()) {
        return PathError(absl::StrCat(path, ".providers[", k, "].properties"),
                         pprops.status().message());
      }
      provider["properties"] = *std::move(pprops);
      providers.push_back(std::move(provider));
    }
    service["providers"] = std::move(providers);
    services.push_back(std::move(service));
  }
  out["services"] = std::move(services);
  json sections = json::array();
  for (size_t i = 0; i < profile.sections.size(); ++i) {
    const ExtraSection& x = profile.sections[i];
    absl::StatusOr<json> props = PropsToJson(x.props);
    if (!props.ok()) {
      return PathError(absl::StrCat("sections[", i, "].properties"), props.status().message());
    }
    sections.push_back(json{{"uid", MapiUidText(x.uid)}, {"properties", *props}});
  }
  out["sections"] = std::move(sections);
  return out;
}

absl::StatusOr<Profile> ProfileFromJson(const json& j) {
  if (!j.is_object()) {
    return PathError("", absl::StrCat("expected an object, got ", JsonKind(j)));
  }
  if (!j.contains("format") || j.at("format") != std::string(kProfileFormat)) {
    return PathError("format", absl::StrCat("expected \"", AbslView(kProfileFormat),
                                            "\" (is this a mapi_emu profile?)"));
  }
  if (!j.contains("version") || !j.at("version").is_number_integer()) {
    return PathError("version", "missing or not an integer");
  }
  if (j.at("version") != kProfileFormatVersion) {
    return PathError("version",
                     absl::StrCat("unsupported profile format version ", j.at("version").dump(),
                                  " (this build reads version ", kProfileFormatVersion, ")"));
  }
  RETURN_IF_ERROR(CheckFields(
      j, "", {"format", "version", "name", "search_key", "library_dirs", "services", "sections"},
      {"name", "search_key"}));
  Profile profile;
  ASSIGN_OR_RETURN(profile.name, StringField(j, "", "name"));
  if (absl::Status s = ValidateProfileName(profile.name); !s.ok()) {
    return PathError("name", s.message());
  }
  ASSIGN_OR_RETURN(profile.search_key, UidField(j, "", "search_key"));
  ASSIGN_OR_RETURN(const json* dirs, ArrayField(j, "", "library_dirs"));
  for (size_t i = 0; i < dirs->size(); ++i) {
    if (!(*dirs)[i].is_string() || (*dirs)[i].get_ref<const std::string&>().empty()) {
      return PathError(absl::StrCat("library_dirs[", i, "]"), "expected a non-empty path string");
    }
    profile.library_dirs.push_back((*dirs)[i].get<std::string>());
  }
  std::map<std::string, std::string> used;  // UID text -> where
  ASSIGN_OR_RETURN(const json* services, ArrayField(j, "", "services"));
  for (size_t i = 0; i < services->size(); ++i) {
    ASSIGN_OR_RETURN(ServiceEntry s,
                     ServiceFromJson((*services)[i], absl::StrCat("services[", i, "]"), &used));
    profile.services.push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(const json* sections, ArrayField(j, "", "sections"));
  for (size_t i = 0; i < sections->size(); ++i) {
    const std::string path = absl::StrCat("sections[", i, "]");
    const json& x = (*sections)[i];
    if (!x.is_object()) {
      return PathError(path, absl::StrCat("expected an object, got ", JsonKind(x)));
    }
    RETURN_IF_ERROR(CheckFields(x, path, {"uid", "properties"}, {"uid"}));
    ExtraSection section;
    ASSIGN_OR_RETURN(section.uid, UidField(x, path, "uid"));
    RETURN_IF_ERROR(UseUid(&used, section.uid, path));
    if (x.contains("properties")) {
      absl::StatusOr<PropArray> props = PropsFromJson(x.at("properties"));
      if (!props.ok()) return PathError(path + ".properties", props.status().message());
      section.props = *std::move(props);
    }
    profile.sections.push_back(std::move(section));
  }
  return profile;
}

absl::StatusOr<Profile> LoadProfileFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read profile '", path.string(), "': ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  json document;
  try {
    document = json::parse(text.str());
  } catch (const json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 3,
    // column 5: ..."; the bracketed id means nothing to a user.
    std::string message = e.what();
    if (message.starts_with("[json.exception.")) {
      if (const size_t end = message.find("] "); end != std::string::npos) {
        message.erase(0, end + 2);
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(path.string(), ": ", message));
  }
  absl::StatusOr<Profile> profile = ProfileFromJson(document);
  if (!profile.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path.string(), ": ", profile.status().message()));
  }
  return profile;
}

}  // namespace mapi_emu
