#include "session/mapisvc_inf.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapi_emu/base/status_macros.h"
#include "mapitags.h"
#include "mapix.h"
#include "session/absl_view.h"
#include "session/mapi_uid.h"

#ifndef MAPI_EMU_DEFAULT_MAPISVC
#error "MAPI_EMU_DEFAULT_MAPISVC must name the installed mapisvc.inf"
#endif

namespace mapi_emu {
namespace {

std::string AsciiLower(std::string_view s) { return absl::AsciiStrToLower(AbslView(s)); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return absl::EqualsIgnoreCase(AbslView(a), AbslView(b));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits on `sep` and trims every item.
std::vector<std::string> SplitTrimmed(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (;;) {
    const size_t at = s.find(sep);
    out.emplace_back(Trim(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool AllHex(std::string_view s) {
  for (char c : s) {
    if (!IsHexDigit(c)) return false;
  }
  return !s.empty();
}

struct Entry {
  std::string key;    // as written
  std::string value;  // trimmed
  int line = 0;
};

struct Section {
  std::string name;  // as written
  int line = 0;
  std::vector<Entry> entries;  // file order, keys unique ignoring case
};

// The file split into sections, with the syntax checked.
class IniFile {
 public:
  explicit IniFile(std::string file_name) : file_name_(std::move(file_name)) {}

  absl::Status Read(std::string_view text) {
    int line_number = 0;
    Section* current = nullptr;
    std::map<std::string, int> keys;  // lower-case key -> line, per section
    while (!text.empty() || line_number == 0) {
      ++line_number;
      const size_t eol = text.find('\n');
      std::string_view raw = text.substr(0, eol);
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      if (line_number == 1 && raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
      const std::string_view line = Trim(raw);
      if (line.empty() || line.front() == ';') {
        if (text.empty()) break;
        continue;
      }
      if (line.front() == '[') {
        if (line.back() != ']') {
          return Error(line_number,
                       absl::StrCat("section header without ']': '", AbslView(line), "'"));
        }
        const std::string_view name = Trim(line.substr(1, line.size() - 2));
        if (name.empty()) return Error(line_number, "empty section name '[]'");
        const auto [it, inserted] =
            index_.emplace(AsciiLower(name), static_cast<int>(sections_.size()));
        if (!inserted) {
          return Error(line_number, absl::StrFormat("duplicate section [%s] (first at line %d)",
                                                    std::string(name), sections_[it->second].line));
        }
        sections_.push_back(Section{std::string(name), line_number, {}});
        current = &sections_.back();
        keys.clear();
      } else {
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
          return Error(line_number, absl::StrCat("not a [section] header, a key=value line or "
                                                 "a ';' comment: '",
                                                 AbslView(line), "'"));
        }
        const std::string_view key = Trim(line.substr(0, eq));
        if (key.empty()) {
          return Error(line_number, absl::StrCat("empty key in '", AbslView(line), "'"));
        }
        if (current == nullptr) {
          return Error(line_number, absl::StrCat("'", AbslView(key), "' is outside any [section]"));
        }
        const auto [it, inserted] = keys.emplace(AsciiLower(key), line_number);
        if (!inserted) {
          return Error(line_number, absl::StrFormat("duplicate key '%s' in [%s] (first at line %d)",
                                                    std::string(key), current->name, it->second));
        }
        current->entries.push_back(
            Entry{std::string(key), std::string(Trim(line.substr(eq + 1))), line_number});
      }
      if (text.empty()) break;
    }
    return absl::OkStatus();
  }

  const Section* Find(std::string_view name) const {
    auto it = index_.find(AsciiLower(name));
    return it == index_.end() ? nullptr : &sections_[it->second];
  }

  absl::Status Error(int line, absl::string_view message) const {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", line, ": ", message));
  }
  absl::Status EntryError(const Entry& e, absl::string_view message) const {
    return Error(e.line, absl::StrCat(e.key, ": ", message));
  }
  const std::string& file_name() const { return file_name_; }

 private:
  std::string file_name_;
  std::vector<Section> sections_;
  std::map<std::string, int> index_;  // lower-case name -> sections_ index
};

// The property tag an entry key names, or nullopt when the key is not a
// property entry. Hex tags must have exactly 8 digits (the format the pages
// give), so that words such as "Cafe" are never read as tags.
std::optional<ULONG> KeyTag(std::string_view key) {
  if (key.size() == 8 && AllHex(key)) return PropTagFromName(key);
  const std::string lower = AsciiLower(key);
  if (lower.starts_with("pr_") || lower.starts_with("prop_tag(") || lower.starts_with("0x")) {
    return PropTagFromName(key);
  }
  return std::nullopt;
}

bool LooksLikePropertyName(std::string_view key) {
  const std::string lower = AsciiLower(key);
  return lower.starts_with("pr_") || lower.starts_with("prop_tag(") || lower.starts_with("0x");
}

// One term of a PT_LONG value.
absl::StatusOr<ULONG> LongTerm(std::string_view term) {
  if (std::optional<ULONG> c = MapiSvcConstant(term)) return *c;
  if (term.size() > 2 && (term.starts_with("0x") || term.starts_with("0X"))) {
    const std::string_view digits = term.substr(2);
    if (digits.size() > 8 || !AllHex(digits)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", AbslView(term), "' is not a 32-bit hex number"));
    }
    ULONG v = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), v, 16);
    return v;
  }
  if (term.size() == 8 && AllHex(term)) {
    // MAPI writes a LONG as its 4 bytes in memory order: 06000000 is 6.
    std::optional<std::vector<BYTE>> b = HexToBytes(term);
    return ULONG{(*b)[0]} | (ULONG{(*b)[1]} << 8) | (ULONG{(*b)[2]} << 16) | (ULONG{(*b)[3]} << 24);
  }
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(term.data(), term.data() + term.size(), v);
  if (ec == std::errc() && end == term.data() + term.size()) {
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<uint32_t>::max()) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", AbslView(term), "' is out of range for a 32-bit value"));
    }
    return static_cast<ULONG>(static_cast<uint64_t>(v) & 0xFFFFFFFFu);
  }
  const char first = term.empty() ? '\0' : term.front();
  if (absl::ascii_isalpha(static_cast<unsigned char>(first)) || first == '_') {
    return absl::InvalidArgumentError(absl::StrCat("unknown constant '", AbslView(term), "'"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", AbslView(term), "' is not a number or a known constant"));
}

// A PT_LONG value: terms joined with '|'.
absl::StatusOr<ULONG> LongValue(std::string_view value) {
  if (Trim(value).empty()) return absl::InvalidArgumentError("empty value");
  ULONG result = 0;
  for (const std::string& term : SplitTrimmed(value, '|')) {
    if (term.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("empty term in '", AbslView(value), "'"));
    }
    absl::StatusOr<ULONG> v = LongTerm(term);
    if (!v.ok()) return v.status();
    result |= *v;
  }
  return result;
}

absl::StatusOr<int64_t> Int64Value(std::string_view value) {
  int64_t v = 0;
  const bool hex = value.size() > 2 && (value.starts_with("0x") || value.starts_with("0X"));
  const std::string_view digits = hex ? value.substr(2) : value;
  std::from_chars_result r{};
  if (hex) {
    uint64_t u = 0;
    r = std::from_chars(digits.data(), digits.data() + digits.size(), u, 16);
    v = static_cast<int64_t>(u);
  } else {
    r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  }
  if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", AbslView(value), "' is not a 64-bit integer"));
  }
  return v;
}

absl::StatusOr<double> DoubleValue(std::string_view value) {
  double v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
    return absl::InvalidArgumentError(absl::StrCat("'", AbslView(value), "' is not a number"));
  }
  return v;
}

// Decodes one single-valued element of `type` from INF text.
absl::StatusOr<SPropValue> Element(ULONG type, std::string_view text, PropArrayBuilder* builder) {
  SPropValue v{};
  v.ulPropTag = type;
  switch (type) {
    case PT_LONG: {
      absl::StatusOr<ULONG> n = LongValue(text);
      if (!n.ok()) return n.status();
      v.Value.ul = *n;
      return v;
    }
    case PT_I2: {
      absl::StatusOr<ULONG> n = LongValue(text);
      if (!n.ok()) return n.status();
      const auto l = static_cast<LONG>(*n);
      if (l < -32768 || l > 65535) {
        return absl::InvalidArgumentError(
            absl::StrCat("'", AbslView(text), "' is out of range for PT_I2"));
      }
      v.Value.i = static_cast<short>(l);
      return v;
    }
    case PT_BOOLEAN: {
      const std::string lower = AsciiLower(text);
      if (lower == "1" || lower == "true") {
        v.Value.b = 1;
      } else if (lower == "0" || lower == "false") {
        v.Value.b = 0;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("'", AbslView(text), "' is not a boolean (0, 1, true, false)"));
      }
      return v;
    }
    case PT_STRING8:
      v.Value.lpszA = builder->CopyString8(text);
      return v;
    case PT_UNICODE:
      v.Value.lpszW = builder->CopyUnicode(text);
      return v;
    case PT_BINARY: {
      std::optional<std::vector<BYTE>> bytes = HexToBytes(text);
      if (!bytes.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("'", AbslView(text), "' is not an even number of hex digits"));
      }
      v.Value.bin.cb = static_cast<ULONG>(bytes->size());
      v.Value.bin.lpb = builder->CopyBytes(bytes->data(), bytes->size());
      return v;
    }
    case PT_I8:
    case PT_CURRENCY: {
      absl::StatusOr<int64_t> n = Int64Value(text);
      if (!n.ok()) return n.status();
      if (type == PT_I8) {
        v.Value.li.QuadPart = *n;
      } else {
        v.Value.cur.int64 = *n;
      }
      return v;
    }
    case PT_R4:
    case PT_DOUBLE:
    case PT_APPTIME: {
      absl::StatusOr<double> d = DoubleValue(text);
      if (!d.ok()) return d.status();
      if (type == PT_R4) {
        v.Value.flt = static_cast<float>(*d);
      } else if (type == PT_DOUBLE) {
        v.Value.dbl = *d;
      } else {
        v.Value.at = *d;
      }
      return v;
    }
    case PT_SYSTIME: {
      std::optional<FILETIME> ft = FileTimeFromIso8601(text);
      if (!ft.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "'", AbslView(text), "' is not an ISO 8601 UTC time like 2024-05-01T12:30:00Z"));
      }
      v.Value.ft = *ft;
      return v;
    }
    case PT_CLSID: {
      std::optional<GUID> guid = GuidFromText(text);
      if (!guid.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "'", AbslView(text), "' is not a GUID like {01234567-89AB-CDEF-0123-456789ABCDEF}"));
      }
      v.Value.lpguid = static_cast<GUID*>(builder->Allocate(sizeof(GUID)));
      *v.Value.lpguid = *guid;
      return v;
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("type ", PropTypeName(type), " cannot be given in MAPISVC.INF"));
  }
}

template <typename T>
T* Gather(PropArrayBuilder* builder, const std::vector<SPropValue>& items, T _PV::*member) {
  T* out = static_cast<T*>(builder->Allocate(sizeof(T) * items.size()));
  for (size_t i = 0; i < items.size(); ++i) out[i] = items[i].Value.*member;
  return out;
}

// Decodes an entry's value by the type of `tag` and adds it to `builder`.
absl::Status AddValue(ULONG tag, std::string_view text, PropArrayBuilder* builder) {
  const ULONG type = PROP_TYPE(tag);
  if ((type & MV_FLAG) == 0) {
    absl::StatusOr<SPropValue> v = Element(type, text, builder);
    if (!v.ok()) return v.status();
    v->ulPropTag = tag;
    builder->Add(*v);
    return absl::OkStatus();
  }
  const ULONG single = type & ~static_cast<ULONG>(MV_FLAG | MV_INSTANCE);
  if ((type & MV_INSTANCE) != 0 || single == PT_BOOLEAN || single == PT_CLSID ||
      single == PT_SYSTIME || single == PT_R4 || single == PT_APPTIME) {
    return absl::InvalidArgumentError(
        absl::StrCat("type ", PropTypeName(type), " cannot be given in MAPISVC.INF"));
  }
  if (Trim(text).empty()) {
    return absl::InvalidArgumentError("a multi-valued entry needs at least one value");
  }
  std::vector<SPropValue> items;
  for (const std::string& item : SplitTrimmed(text, ',')) {
    if (item.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("empty item in list '", AbslView(text), "'"));
    }
    absl::StatusOr<SPropValue> v = Element(single, item, builder);
    if (!v.ok()) return v.status();
    items.push_back(*v);
  }
  SPropValue v{};
  v.ulPropTag = tag;
  const ULONG n = static_cast<ULONG>(items.size());
  switch (single) {
    case PT_LONG:
      v.Value.MVl = {n, Gather(builder, items, &_PV::l)};
      break;
    case PT_I2:
      v.Value.MVi = {n, Gather(builder, items, &_PV::i)};
      break;
    case PT_STRING8:
      v.Value.MVszA = {n, Gather(builder, items, &_PV::lpszA)};
      break;
    case PT_UNICODE:
      v.Value.MVszW = {n, Gather(builder, items, &_PV::lpszW)};
      break;
    case PT_BINARY:
      v.Value.MVbin = {n, Gather(builder, items, &_PV::bin)};
      break;
    case PT_I8:
      v.Value.MVli = {n, Gather(builder, items, &_PV::li)};
      break;
    case PT_CURRENCY:
      v.Value.MVcur = {n, Gather(builder, items, &_PV::cur)};
      break;
    case PT_DOUBLE:
      v.Value.MVdbl = {n, Gather(builder, items, &_PV::dbl)};
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("type ", PropTypeName(type), " cannot be given in MAPISVC.INF"));
  }
  builder->Add(v);
  return absl::OkStatus();
}

// Collects the property entries of one section.
class SectionProps {
 public:
  SectionProps(const IniFile& ini, const Section& section) : ini_(ini), section_(section) {}

  // Adds the entry if it is a property entry; sets *is_property.
  absl::Status Take(const Entry& e, bool* is_property) {
    *is_property = false;
    const std::optional<ULONG> tag = KeyTag(e.key);
    if (!tag.has_value()) {
      if (LooksLikePropertyName(e.key)) {
        return ini_.Error(e.line, absl::StrCat("unknown property '", e.key, "'"));
      }
      return absl::OkStatus();
    }
    *is_property = true;
    if (PROP_ID(*tag) == PROP_ID(PR_SERVICE_UID) || PROP_ID(*tag) == PROP_ID(PR_PROVIDER_UID)) {
      return ini_.EntryError(e,
                             "computed by MAPI when the profile is made; it must not appear in "
                             "MAPISVC.INF");
    }
    if (PROP_TYPE(*tag) == PT_UNSPECIFIED) {
      return ini_.EntryError(e, "a tag of type PT_UNSPECIFIED has no value");
    }
    const auto [it, inserted] = ids_.emplace(PROP_ID(*tag), e.line);
    if (!inserted) {
      return ini_.EntryError(e, absl::StrFormat("property ID 0x%04X is already given at line %d",
                                                PROP_ID(*tag), it->second));
    }
    if (absl::Status s = AddValue(*tag, e.value, &builder_); !s.ok()) {
      return ini_.EntryError(e, s.message());
    }
    lines_[PROP_ID(*tag)] = e.line;
    return absl::OkStatus();
  }

  absl::StatusOr<PropArray> Build() {
    absl::StatusOr<PropArray> props = builder_.Build();
    if (!props.ok()) return ini_.Error(section_.line, props.status().message());
    return props;
  }
  // The line that gave property ID `id` (0 if none).
  int LineOf(ULONG id) const {
    auto it = lines_.find(id);
    return it == lines_.end() ? 0 : it->second;
  }

 private:
  const IniFile& ini_;
  const Section& section_;
  PropArrayBuilder builder_;
  std::map<ULONG, int> ids_;
  std::map<ULONG, int> lines_;
};

absl::StatusOr<MapiSvcProvider> ParseProvider(const IniFile& ini, const Section& s) {
  SectionProps props(ini, s);
  for (const Entry& e : s.entries) {
    bool is_property = false;
    if (absl::Status st = props.Take(e, &is_property); !st.ok()) return st;
    if (!is_property) {
      return ini.Error(e.line, absl::StrCat("'", e.key,
                                            "' is not a property tag (service provider "
                                            "sections hold only property entries)"));
    }
  }
  absl::StatusOr<PropArray> built = props.Build();
  if (!built.ok()) return built.status();
  static constexpr struct {
    ULONG tag;
    const char* name;
  } kRequired[] = {{PR_PROVIDER_DLL_NAME_A, "PR_PROVIDER_DLL_NAME"},
                   {PR_RESOURCE_TYPE, "PR_RESOURCE_TYPE"}};
  for (const auto& required : kRequired) {
    if (built->Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(required.tag))) == nullptr) {
      return ini.Error(s.line, absl::StrCat("[", s.name, "]: provider section has no ",
                                            required.name, " (required)"));
    }
  }
  const SPropValue* type = built->Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_RESOURCE_TYPE)));
  if (type->ulPropTag != PR_RESOURCE_TYPE) {
    return ini.Error(props.LineOf(PROP_ID(PR_RESOURCE_TYPE)), "PR_RESOURCE_TYPE must be a PT_LONG");
  }
  switch (type->Value.ul) {
    case MAPI_STORE_PROVIDER:
    case MAPI_AB_PROVIDER:
    case MAPI_TRANSPORT_PROVIDER:
    case MAPI_HOOK_PROVIDER:
      break;
    default:
      return ini.Error(props.LineOf(PROP_ID(PR_RESOURCE_TYPE)),
                       absl::StrFormat("PR_RESOURCE_TYPE: %u is not a provider type "
                                       "(MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, "
                                       "MAPI_TRANSPORT_PROVIDER or MAPI_HOOK_PROVIDER)",
                                       type->Value.ul));
  }
  const SPropValue* dll = built->Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_PROVIDER_DLL_NAME_A)));
  const ULONG dll_type = PROP_TYPE(dll->ulPropTag);
  if (dll_type != PT_STRING8 && dll_type != PT_UNICODE) {
    return ini.Error(props.LineOf(PROP_ID(PR_PROVIDER_DLL_NAME_A)),
                     "PR_PROVIDER_DLL_NAME must be a string");
  }
  return MapiSvcProvider{s.name, s.line, *std::move(built)};
}

absl::StatusOr<MapiSvcExtraSection> ParseExtra(const IniFile& ini, const Section& s) {
  MapiSvcExtraSection out;
  out.section = s.name;
  out.line = s.line;
  SectionProps props(ini, s);
  for (const Entry& e : s.entries) {
    if (EqualsIgnoreCase(e.key, "UID")) {
      out.uid = MapiUidFromText(e.value);
      if (!out.uid.has_value()) {
        return ini.EntryError(e, absl::StrCat("'", e.value, "' is not a MAPIUID (32 hex digits)"));
      }
      continue;
    }
    bool is_property = false;
    if (absl::Status st = props.Take(e, &is_property); !st.ok()) return st;
    if (!is_property) out.other_entries.emplace_back(e.key, e.value);
  }
  absl::StatusOr<PropArray> built = props.Build();
  if (!built.ok()) return built.status();
  out.props = *std::move(built);
  return out;
}

// Reads a comma list entry (Providers=, Sections=) of section names.
absl::StatusOr<std::vector<const Section*>> SectionList(const IniFile& ini, const Entry& e) {
  const std::vector<std::string> names = SplitTrimmed(e.value, ',');
  std::map<std::string, bool> seen;
  for (const std::string& name : names) {
    if (name.empty()) {
      return ini.EntryError(e, absl::StrCat("empty section name in '", e.value, "'"));
    }
    if (!seen.emplace(AsciiLower(name), true).second) {
      return ini.EntryError(e, absl::StrCat("[", name, "] is listed twice"));
    }
  }
  std::vector<const Section*> out;
  for (const std::string& name : names) {
    const Section* s = ini.Find(name);
    if (s == nullptr) return ini.EntryError(e, absl::StrCat("no section [", name, "]"));
    out.push_back(s);
  }
  return out;
}

absl::StatusOr<MapiSvcService> ParseService(const IniFile& ini, const Entry& listing,
                                            const Section& s) {
  MapiSvcService out;
  out.name = listing.key;
  out.display_name = listing.value;
  out.line = s.line;
  SectionProps props(ini, s);
  bool has_providers = false;
  for (const Entry& e : s.entries) {
    if (EqualsIgnoreCase(e.key, "Providers") || EqualsIgnoreCase(e.key, "Sections")) {
      const bool providers = EqualsIgnoreCase(e.key, "Providers");
      absl::StatusOr<std::vector<const Section*>> list = SectionList(ini, e);
      if (!list.ok()) return list.status();
      for (const Section* section : *list) {
        if (providers) {
          absl::StatusOr<MapiSvcProvider> p = ParseProvider(ini, *section);
          if (!p.ok()) return p.status();
          out.providers.push_back(*std::move(p));
        } else {
          absl::StatusOr<MapiSvcExtraSection> x = ParseExtra(ini, *section);
          if (!x.ok()) return x.status();
          out.extra_sections.push_back(*std::move(x));
        }
      }
      has_providers = has_providers || providers;
      continue;
    }
    bool is_property = false;
    if (absl::Status st = props.Take(e, &is_property); !st.ok()) return st;
    if (!is_property) out.other_entries.emplace_back(e.key, e.value);
  }
  if (!has_providers) {
    return ini.Error(s.line, absl::StrCat("service [", s.name,
                                          "] has no Providers= entry (every "
                                          "message service has at least one "
                                          "provider section)"));
  }
  absl::StatusOr<PropArray> built = props.Build();
  if (!built.ok()) return built.status();
  out.props = *std::move(built);
  return out;
}

}  // namespace

std::optional<std::string> MapiSvcService::OtherEntry(std::string_view key) const {
  for (const auto& [k, v] : other_entries) {
    if (EqualsIgnoreCase(k, key)) return v;
  }
  return std::nullopt;
}

const MapiSvcService* MapiSvcInf::FindService(std::string_view name) const {
  for (const MapiSvcService& s : services) {
    if (EqualsIgnoreCase(s.name, name)) return &s;
  }
  return nullptr;
}

std::optional<ULONG> MapiSvcConstant(std::string_view name) {
#define MAPI_EMU_CONSTANT(c) \
  { #c, c }
  static constexpr struct {
    std::string_view name;
    ULONG value;
  } kConstants[] = {
      // PR_RESOURCE_TYPE
      MAPI_EMU_CONSTANT(MAPI_STORE_PROVIDER),
      MAPI_EMU_CONSTANT(MAPI_AB),
      MAPI_EMU_CONSTANT(MAPI_AB_PROVIDER),
      MAPI_EMU_CONSTANT(MAPI_TRANSPORT_PROVIDER),
      MAPI_EMU_CONSTANT(MAPI_SPOOLER),
      MAPI_EMU_CONSTANT(MAPI_PROFILE_PROVIDER),
      MAPI_EMU_CONSTANT(MAPI_SUBSYSTEM),
      MAPI_EMU_CONSTANT(MAPI_HOOK_PROVIDER),
      // PR_RESOURCE_FLAGS of a provider
      MAPI_EMU_CONSTANT(STATUS_DEFAULT_OUTBOUND),
      MAPI_EMU_CONSTANT(STATUS_DEFAULT_STORE),
      MAPI_EMU_CONSTANT(STATUS_PRIMARY_IDENTITY),
      MAPI_EMU_CONSTANT(STATUS_SIMPLE_STORE),
      MAPI_EMU_CONSTANT(STATUS_XP_PREFER_LAST),
      MAPI_EMU_CONSTANT(STATUS_NO_PRIMARY_IDENTITY),
      MAPI_EMU_CONSTANT(STATUS_NO_DEFAULT_STORE),
      MAPI_EMU_CONSTANT(STATUS_TEMP_SECTION),
      MAPI_EMU_CONSTANT(STATUS_OWN_STORE),
      MAPI_EMU_CONSTANT(HOOK_INBOUND),
      MAPI_EMU_CONSTANT(HOOK_OUTBOUND),
      MAPI_EMU_CONSTANT(STATUS_NEED_IPM_TREE),
      MAPI_EMU_CONSTANT(STATUS_PRIMARY_STORE),
      MAPI_EMU_CONSTANT(STATUS_SECONDARY_STORE),
      // PR_RESOURCE_FLAGS of a message service
      MAPI_EMU_CONSTANT(SERVICE_DEFAULT_STORE),
      MAPI_EMU_CONSTANT(SERVICE_SINGLE_COPY),
      MAPI_EMU_CONSTANT(SERVICE_CREATE_WITH_STORE),
      MAPI_EMU_CONSTANT(SERVICE_PRIMARY_IDENTITY),
      MAPI_EMU_CONSTANT(SERVICE_NO_PRIMARY_IDENTITY),
  };
#undef MAPI_EMU_CONSTANT
  for (const auto& c : kConstants) {
    if (c.name == name) return c.value;
  }
  return std::nullopt;
}

absl::StatusOr<MapiSvcInf> ParseMapiSvcInf(std::string_view text, std::string_view file_name) {
  IniFile ini{std::string(file_name)};
  RETURN_IF_ERROR(ini.Read(text));
  MapiSvcInf out;
  out.file_name = std::string(file_name);
  const Section* services = ini.Find("Services");
  if (services == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(AbslView(file_name), ": no [Services] section"));
  }
  for (const Entry& e : services->entries) {
    const Section* s = ini.Find(e.key);
    if (s == nullptr) {
      return ini.Error(e.line, absl::StrCat("service '", e.key, "': no section [", e.key, "]"));
    }
    absl::StatusOr<MapiSvcService> service = ParseService(ini, e, *s);
    if (!service.ok()) return service.status();
    out.services.push_back(*std::move(service));
  }
  if (const Section* defaults = ini.Find("Default Services")) {
    for (const Entry& e : defaults->entries) {
      if (out.FindService(e.key) == nullptr) {
        return ini.Error(e.line,
                         absl::StrCat("default service '", e.key, "' is not listed in [Services]"));
      }
      out.default_services.push_back(e.key);
    }
  }
  if (const Section* help = ini.Find("Help File Mappings")) {
    for (const Entry& e : help->entries) {
      out.help_file_mappings.emplace_back(e.key, e.value);
    }
  }
  return out;
}

absl::StatusOr<MapiSvcInf> LoadMapiSvcInf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read MAPISVC.INF '", path.string(), "': ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::NotFoundError(absl::StrCat("error reading MAPISVC.INF '", path.string(), "'"));
  }
  return ParseMapiSvcInf(text.str(), path.string());
}

std::filesystem::path DefaultMapiSvcPath() {
  if (const char* env = std::getenv("MAPI_EMU_MAPISVC"); env != nullptr && *env != 0) {
    return std::filesystem::path(env);
  }
  return std::filesystem::path(MAPI_EMU_DEFAULT_MAPISVC);
}

}  // namespace mapi_emu
