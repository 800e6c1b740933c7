#include "mapi_emu/base/prop_json.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapi_emu/base/prop_util.h"
#include "mapicode.h"
#include "mapinls.h"

namespace mapi_emu {
namespace {

using nlohmann::json;

constexpr uint64_t kTicksPerSecond = 10'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
// Days from 1601-01-01 to 1970-01-01.
constexpr int64_t kDays1601To1970 = 134'774;
// Integers a JSON reader keeps exactly (IEEE double mantissa).
constexpr int64_t kMaxExactJsonInteger = int64_t{1} << 53;

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2 ? 1 : 0);
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` decimal digits at text[*pos].
std::optional<int64_t> Digits(std::string_view text, size_t* pos, size_t n) {
  if (*pos + n > text.size()) return std::nullopt;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  return v;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

uint64_t FileTimeTicks(const FILETIME& ft) {
  return (uint64_t{ft.dwHighDateTime} << 32) | ft.dwLowDateTime;
}

FILETIME FileTimeFromTicks(uint64_t ticks) {
  FILETIME ft;
  ft.dwLowDateTime = static_cast<DWORD>(ticks & 0xFFFFFFFFu);
  ft.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
  return ft;
}

std::string JsonTypeName(const json& j) {
  if (j.is_number_integer()) return "integer";
  if (j.is_number_float()) return "number";
  return j.type_name();
}

absl::Status WrongJsonType(const char* expected, const json& j) {
  return Invalid(absl::StrCat("expected ", expected, ", got ", JsonTypeName(j)));
}

// An integer JSON number as int64 (nullopt if it is not an integer or does
// not fit).
std::optional<int64_t> JsonInt64(const json& j) {
  if (j.is_number_unsigned()) {
    const uint64_t u = j.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  return std::nullopt;
}

absl::StatusOr<int64_t> IntegerInRange(const json& j, int64_t lo, int64_t hi,
                                       const char* type_name) {
  if (!j.is_number_integer()) return WrongJsonType("an integer", j);
  const std::optional<int64_t> v = JsonInt64(j);
  if (!v.has_value() || *v < lo || *v > hi) {
    return Invalid(
        absl::StrCat(j.dump(), " is out of range for ", type_name, " [", lo, ", ", hi, "]"));
  }
  return *v;
}

// PT_I8 / PT_CURRENCY: an integer, or a decimal string for big values.
absl::StatusOr<int64_t> Int64FromJson(const json& j) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
      return Invalid(absl::StrCat("\"", s, "\" is not a 64-bit decimal integer"));
    }
    return v;
  }
  if (!j.is_number_integer()) return WrongJsonType("an integer or a decimal string", j);
  const std::optional<int64_t> v = JsonInt64(j);
  if (!v.has_value()) return Invalid(absl::StrCat(j.dump(), " does not fit in 64 bits"));
  return *v;
}

json Int64ToJson(int64_t v) {
  if (v > kMaxExactJsonInteger || v < -kMaxExactJsonInteger) {
    return json(std::to_string(v));
  }
  return json(v);
}

json DoubleToJson(double d) {
  if (std::isnan(d)) return json("NaN");
  if (std::isinf(d)) return json(d > 0 ? "Infinity" : "-Infinity");
  return json(d);
}

absl::StatusOr<double> DoubleFromJson(const json& j) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    return Invalid(absl::StrCat("\"", s,
                                "\" is not a number (strings allowed: \"NaN\", "
                                "\"Infinity\", \"-Infinity\")"));
  }
  if (!j.is_number()) return WrongJsonType("a number", j);
  return j.get<double>();
}

std::string Utf8ForJson(const char* s) {
  if (s == nullptr) return std::string();
  std::string_view text(s);
  if (IsValidUtf8(text)) return std::string(text);
  // nlohmann's dump() refuses invalid UTF-8; MAPI 8-bit strings are treated
  // as UTF-8 throughout (mapinls.h), so replace what is not.
  std::basic_string<WCHAR> wide = Utf8ToWide(text);
  return WideToUtf8(wide.c_str());
}

absl::StatusOr<json> SingleToJson(ULONG type, const SPropValue& v) {
  const _PV& x = v.Value;
  switch (type) {
    case PT_I2:
      return json(static_cast<int64_t>(x.i));
    case PT_LONG:
      return json(static_cast<uint64_t>(x.ul));
    case PT_BOOLEAN:
      return json(x.b != 0);
    case PT_R4:
      return DoubleToJson(x.flt);
    case PT_DOUBLE:
      return DoubleToJson(x.dbl);
    case PT_APPTIME:
      return DoubleToJson(x.at);
    case PT_CURRENCY:
      return Int64ToJson(x.cur.int64);
    case PT_I8:
      return Int64ToJson(x.li.QuadPart);
    case PT_SYSTIME:
      return json(FileTimeToIso8601(x.ft));
    case PT_STRING8:
      if (x.lpszA == nullptr) return Invalid("NULL string");
      return json(Utf8ForJson(x.lpszA));
    case PT_UNICODE:
      if (x.lpszW == nullptr) return Invalid("NULL string");
      return json(WideToUtf8(x.lpszW));
    case PT_BINARY:
      if (x.bin.cb != 0 && x.bin.lpb == nullptr) return Invalid("NULL binary data");
      return json(BytesToHex(x.bin.lpb, x.bin.cb));
    case PT_CLSID:
      if (x.lpguid == nullptr) return Invalid("NULL GUID");
      return json(GuidToText(*x.lpguid));
    case PT_ERROR:
      return json{{"error", ScodeName(x.err)}};
    case PT_NULL:
    case PT_OBJECT:
      return json(nullptr);
    default:
      return Invalid(absl::StrCat("type ", PropTypeName(type), " has no JSON form"));
  }
}

// Decodes one single-valued value of `type` (data in builder storage).
absl::StatusOr<SPropValue> SingleFromJson(ULONG type, const json& j, PropArrayBuilder* builder) {
  SPropValue v{};
  v.ulPropTag = type;
  _PV& x = v.Value;
  switch (type) {
    case PT_I2: {
      absl::StatusOr<int64_t> n = IntegerInRange(j, -32768, 32767, "PT_I2");
      if (!n.ok()) return n.status();
      x.i = static_cast<short>(*n);
      return v;
    }
    case PT_LONG: {
      absl::StatusOr<int64_t> n = IntegerInRange(j, std::numeric_limits<int32_t>::min(),
                                                 std::numeric_limits<uint32_t>::max(), "PT_LONG");
      if (!n.ok()) return n.status();
      x.ul = static_cast<ULONG>(static_cast<uint64_t>(*n) & 0xFFFFFFFFu);
      return v;
    }
    case PT_BOOLEAN:
      if (!j.is_boolean()) return WrongJsonType("true or false", j);
      x.b = j.get<bool>() ? 1 : 0;
      return v;
    case PT_R4: {
      absl::StatusOr<double> d = DoubleFromJson(j);
      if (!d.ok()) return d.status();
      if (std::isfinite(*d) && std::fabs(*d) > std::numeric_limits<float>::max()) {
        return Invalid(absl::StrCat(j.dump(), " is out of range for PT_R4"));
      }
      x.flt = static_cast<float>(*d);
      return v;
    }
    case PT_DOUBLE:
    case PT_APPTIME: {
      absl::StatusOr<double> d = DoubleFromJson(j);
      if (!d.ok()) return d.status();
      (type == PT_DOUBLE ? x.dbl : x.at) = *d;
      return v;
    }
    case PT_CURRENCY:
    case PT_I8: {
      absl::StatusOr<int64_t> n = Int64FromJson(j);
      if (!n.ok()) return n.status();
      if (type == PT_CURRENCY) {
        x.cur.int64 = *n;
      } else {
        x.li.QuadPart = *n;
      }
      return v;
    }
    case PT_SYSTIME: {
      if (!j.is_string()) return WrongJsonType("an ISO 8601 UTC time string", j);
      const std::string& s = j.get_ref<const std::string&>();
      std::optional<FILETIME> ft = FileTimeFromIso8601(s);
      if (!ft.has_value()) {
        return Invalid(absl::StrCat("\"", s,
                                    "\" is not an ISO 8601 UTC time like "
                                    "\"2024-05-01T12:30:00Z\""));
      }
      x.ft = *ft;
      return v;
    }
    case PT_STRING8:
    case PT_UNICODE: {
      if (!j.is_string()) return WrongJsonType("a string", j);
      const std::string& s = j.get_ref<const std::string&>();
      if (type == PT_STRING8) {
        x.lpszA = builder->CopyString8(s);
      } else {
        x.lpszW = builder->CopyUnicode(s);
      }
      return v;
    }
    case PT_BINARY: {
      if (!j.is_string()) return WrongJsonType("a hex string", j);
      const std::string& s = j.get_ref<const std::string&>();
      std::optional<std::vector<BYTE>> bytes = HexToBytes(s);
      if (!bytes.has_value()) {
        return Invalid(absl::StrCat("\"", s, "\" is not an even number of hex digits"));
      }
      x.bin.cb = static_cast<ULONG>(bytes->size());
      x.bin.lpb = builder->CopyBytes(bytes->data(), bytes->size());
      return v;
    }
    case PT_CLSID: {
      if (!j.is_string()) return WrongJsonType("a GUID string", j);
      const std::string& s = j.get_ref<const std::string&>();
      std::optional<GUID> guid = GuidFromText(s);
      if (!guid.has_value()) {
        return Invalid(absl::StrCat(
            "\"", s, "\" is not a GUID like \"{01234567-89AB-CDEF-0123-456789ABCDEF}\""));
      }
      x.lpguid = static_cast<GUID*>(builder->Allocate(sizeof(GUID)));
      *x.lpguid = *guid;
      return v;
    }
    case PT_ERROR: {
      if (!j.is_object() || j.size() != 1 || !j.contains("error") || !j["error"].is_string()) {
        return Invalid(absl::StrCat("expected {\"error\": \"MAPI_E_...\"}, got ", j.dump()));
      }
      const std::string& name = j["error"].get_ref<const std::string&>();
      std::optional<HRESULT> sc = HresultFromName(name);
      if (!sc.has_value()) {
        return Invalid(absl::StrCat("unknown error code \"", name, "\""));
      }
      x.err = *sc;
      return v;
    }
    case PT_NULL:
    case PT_OBJECT:
      if (!j.is_null()) return WrongJsonType("null", j);
      x.x = 0;
      return v;
    default:
      return Invalid(absl::StrCat("type ", PropTypeName(type), " has no JSON form"));
  }
}

// Copies `n` elements of type T into builder storage.
template <typename T>
T* ArrayCopy(PropArrayBuilder* builder, const std::vector<T>& items) {
  T* out = static_cast<T*>(builder->Allocate(sizeof(T) * items.size()));
  for (size_t i = 0; i < items.size(); ++i) out[i] = items[i];
  return out;
}

absl::StatusOr<SPropValue> MultiFromJson(ULONG type, const json& j, PropArrayBuilder* builder) {
  const ULONG single = type & ~static_cast<ULONG>(MV_FLAG);
  switch (single) {
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_SYSTIME:
    case PT_STRING8:
    case PT_BINARY:
    case PT_UNICODE:
    case PT_CLSID:
    case PT_I8:
      break;
    default:
      return Invalid(absl::StrCat("type ", PropTypeName(type), " has no JSON form"));
  }
  if (!j.is_array()) return WrongJsonType("an array", j);
  if (j.empty()) {
    return Invalid("a multi-valued property needs at least one value");
  }
  std::vector<SPropValue> items;
  items.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    absl::StatusOr<SPropValue> item = SingleFromJson(single, j[i], builder);
    if (!item.ok()) {
      return Invalid(absl::StrCat("[", i, "]: ", item.status().message()));
    }
    items.push_back(*item);
  }
  SPropValue v{};
  v.ulPropTag = type;
  _PV& x = v.Value;
  const ULONG n = static_cast<ULONG>(items.size());
  auto collect = [&](auto member) {
    using T = std::remove_reference_t<decltype(items[0].Value.*member)>;
    std::vector<T> out;
    for (const SPropValue& item : items) out.push_back(item.Value.*member);
    return ArrayCopy(builder, out);
  };
  switch (single) {
    case PT_I2:
      x.MVi = {n, collect(&_PV::i)};
      break;
    case PT_LONG:
      x.MVl = {n, collect(&_PV::l)};
      break;
    case PT_R4:
      x.MVflt = {n, collect(&_PV::flt)};
      break;
    case PT_DOUBLE:
      x.MVdbl = {n, collect(&_PV::dbl)};
      break;
    case PT_APPTIME:
      x.MVat = {n, collect(&_PV::at)};
      break;
    case PT_CURRENCY:
      x.MVcur = {n, collect(&_PV::cur)};
      break;
    case PT_SYSTIME:
      x.MVft = {n, collect(&_PV::ft)};
      break;
    case PT_STRING8:
      x.MVszA = {n, collect(&_PV::lpszA)};
      break;
    case PT_UNICODE:
      x.MVszW = {n, collect(&_PV::lpszW)};
      break;
    case PT_BINARY:
      x.MVbin = {n, collect(&_PV::bin)};
      break;
    case PT_I8:
      x.MVli = {n, collect(&_PV::li)};
      break;
    case PT_CLSID: {
      GUID* guids = static_cast<GUID*>(builder->Allocate(sizeof(GUID) * n));
      for (ULONG i = 0; i < n; ++i) guids[i] = *items[i].Value.lpguid;
      x.MVguid = {n, guids};
      break;
    }
  }
  return v;
}

}  // namespace

// ---- Text forms -------------------------------------------------------------

std::string BytesToHex(const void* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const auto* p = static_cast<const unsigned char*>(bytes);
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 0xF]);
  }
  return out;
}

std::optional<std::vector<BYTE>> HexToBytes(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<BYTE> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<BYTE>(hi * 16 + lo);
  }
  return out;
}

std::string FileTimeToIso8601(const FILETIME& ft) {
  const uint64_t ticks = FileTimeTicks(ft);
  const uint64_t seconds = ticks / kTicksPerSecond;
  const uint64_t fraction = ticks % kTicksPerSecond;
  const int64_t days = static_cast<int64_t>(seconds / kSecondsPerDay);
  const int64_t second_of_day = static_cast<int64_t>(seconds % kSecondsPerDay);
  int64_t year;
  unsigned month, day;
  CivilFromDays(days - kDays1601To1970, &year, &month, &day);
  std::string out =
      absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, second_of_day / 3600,
                      second_of_day / 60 % 60, second_of_day % 60);
  if (fraction != 0) absl::StrAppendFormat(&out, ".%07d", fraction);
  out.push_back('Z');
  return out;
}

std::optional<FILETIME> FileTimeFromIso8601(std::string_view text) {
  size_t pos = 0;
  size_t year_digits = 0;
  while (year_digits < text.size() && text[year_digits] >= '0' && text[year_digits] <= '9') {
    ++year_digits;
  }
  if (year_digits != 4 && year_digits != 5) return std::nullopt;
  const std::optional<int64_t> year = Digits(text, &pos, year_digits);
  if (!year || !Expect(text, &pos, '-')) return std::nullopt;
  const std::optional<int64_t> month = Digits(text, &pos, 2);
  if (!month || !Expect(text, &pos, '-')) return std::nullopt;
  const std::optional<int64_t> day = Digits(text, &pos, 2);
  if (!day || !Expect(text, &pos, 'T')) return std::nullopt;
  const std::optional<int64_t> hour = Digits(text, &pos, 2);
  if (!hour || !Expect(text, &pos, ':')) return std::nullopt;
  const std::optional<int64_t> minute = Digits(text, &pos, 2);
  if (!minute || !Expect(text, &pos, ':')) return std::nullopt;
  const std::optional<int64_t> second = Digits(text, &pos, 2);
  if (!second) return std::nullopt;
  uint64_t fraction = 0;
  if (Expect(text, &pos, '.')) {
    size_t n = 0;
    while (pos + n < text.size() && text[pos + n] >= '0' && text[pos + n] <= '9') ++n;
    if (n == 0 || n > 7) return std::nullopt;
    const std::optional<int64_t> digits = Digits(text, &pos, n);
    fraction = static_cast<uint64_t>(*digits);
    for (size_t i = n; i < 7; ++i) fraction *= 10;
  }
  if (!Expect(text, &pos, 'Z') || pos != text.size()) return std::nullopt;
  if (*year < 1601 || *month < 1 || *month > 12 || *day < 1 ||
      *day > DaysInMonth(*year, static_cast<unsigned>(*month)) || *hour > 23 || *minute > 59 ||
      *second > 59) {
    return std::nullopt;
  }
  const int64_t days =
      DaysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) +
      kDays1601To1970;
  const uint64_t seconds = static_cast<uint64_t>(days) * kSecondsPerDay +
                           static_cast<uint64_t>(*hour * 3600 + *minute * 60 + *second);
  if (seconds > (std::numeric_limits<uint64_t>::max() - fraction) / kTicksPerSecond) {
    return std::nullopt;
  }
  return FileTimeFromTicks(seconds * kTicksPerSecond + fraction);
}

std::string GuidToText(const GUID& g) {
  return absl::StrFormat("{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", g.Data1, g.Data2,
                         g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4],
                         g.Data4[5], g.Data4[6], g.Data4[7]);
}

std::optional<GUID> GuidFromText(std::string_view text) {
  // {8-4-4-4-12}
  if (text.size() != 38 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::string hex;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    const bool dash_here = i == 9 || i == 14 || i == 19 || i == 24;
    if (dash_here) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    if (HexValue(text[i]) < 0) return std::nullopt;
    hex.push_back(text[i]);
  }
  std::optional<std::vector<BYTE>> b = HexToBytes(hex);
  if (!b.has_value() || b->size() != 16) return std::nullopt;
  GUID g;
  g.Data1 =
      (uint32_t{(*b)[0]} << 24) | (uint32_t{(*b)[1]} << 16) | (uint32_t{(*b)[2]} << 8) | (*b)[3];
  g.Data2 = static_cast<uint16_t>(((*b)[4] << 8) | (*b)[5]);
  g.Data3 = static_cast<uint16_t>(((*b)[6] << 8) | (*b)[7]);
  for (int i = 0; i < 8; ++i) g.Data4[i] = (*b)[8 + i];
  return g;
}

std::basic_string<WCHAR> Utf8ToWide(std::string_view utf8) {
  if (utf8.empty()) return {};
  const int n =
      MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::basic_string<WCHAR> out(static_cast<size_t>(n), WCHAR{0});
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

std::string WideToUtf8(const WCHAR* wide) {
  if (wide == nullptr || *wide == 0) return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, wide, -1, nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide, -1, out.data(), n, nullptr, nullptr);
  out.pop_back();  // the terminator
  return out;
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const unsigned c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 0x6) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string ScodeName(SCODE sc) {
  std::string name = HresultName(sc);
  // HresultName gives "NAME (0x...)" for known values, "0x..." otherwise.
  if (const size_t open = name.find(" ("); open != std::string::npos) {
    name.resize(open);
  }
  return name;
}

// ---- PropArrayBuilder -------------------------------------------------------

PropArrayBuilder::PropArrayBuilder() = default;
PropArrayBuilder::~PropArrayBuilder() = default;

void PropArrayBuilder::Add(const SPropValue& value) { values_.push_back(value); }

void* PropArrayBuilder::Allocate(size_t bytes) {
  const size_t words = bytes / sizeof(uint64_t) + 1;
  blocks_.push_back(std::make_unique<uint64_t[]>(words));  // zero-filled
  return blocks_.back().get();
}

LPSTR PropArrayBuilder::CopyString8(std::string_view text) {
  auto* out = static_cast<char*>(Allocate(text.size() + 1));
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  return out;
}

LPWSTR PropArrayBuilder::CopyUnicode(std::string_view utf8) {
  const std::basic_string<WCHAR> wide = Utf8ToWide(utf8);
  auto* out = static_cast<WCHAR*>(Allocate((wide.size() + 1) * sizeof(WCHAR)));
  if (!wide.empty()) std::memcpy(out, wide.data(), wide.size() * sizeof(WCHAR));
  return out;
}

LPBYTE PropArrayBuilder::CopyBytes(const void* bytes, size_t n) {
  auto* out = static_cast<BYTE*>(Allocate(n));
  if (n != 0) std::memcpy(out, bytes, n);
  return out;
}

void PropArrayBuilder::AddLong(ULONG tag, LONG value) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.l = value;
  Add(v);
}

void PropArrayBuilder::AddBoolean(ULONG tag, bool value) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.b = value ? 1 : 0;
  Add(v);
}

void PropArrayBuilder::AddString8(ULONG tag, std::string_view text) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.lpszA = CopyString8(text);
  Add(v);
}

void PropArrayBuilder::AddUnicode(ULONG tag, std::string_view utf8) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.lpszW = CopyUnicode(utf8);
  Add(v);
}

void PropArrayBuilder::AddBinary(ULONG tag, const void* bytes, size_t n) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.bin.cb = static_cast<ULONG>(n);
  v.Value.bin.lpb = CopyBytes(bytes, n);
  Add(v);
}

void PropArrayBuilder::AddError(ULONG tag, SCODE sc) {
  SPropValue v{};
  v.ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
  v.Value.err = sc;
  Add(v);
}

void PropArrayBuilder::AddMvString8(ULONG tag, std::span<const std::string> texts) {
  auto* items = static_cast<LPSTR*>(Allocate(sizeof(LPSTR) * texts.size()));
  for (size_t i = 0; i < texts.size(); ++i) items[i] = CopyString8(texts[i]);
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.MVszA = {static_cast<ULONG>(texts.size()), items};
  Add(v);
}

void PropArrayBuilder::AddMvUnicode(ULONG tag, std::span<const std::string> utf8) {
  auto* items = static_cast<LPWSTR*>(Allocate(sizeof(LPWSTR) * utf8.size()));
  for (size_t i = 0; i < utf8.size(); ++i) items[i] = CopyUnicode(utf8[i]);
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.MVszW = {static_cast<ULONG>(utf8.size()), items};
  Add(v);
}

absl::StatusOr<PropArray> PropArrayBuilder::Build() const {
  return PropArray::TryCopy(values_.data(), static_cast<ULONG>(values_.size()));
}

// ---- JSON ---------------------------------------------------------------------

absl::StatusOr<json> PropValueToJson(const SPropValue& value) {
  const ULONG type = PROP_TYPE(value.ulPropTag);
  if (type == PT_UNSPECIFIED) return Invalid("type PT_UNSPECIFIED has no value");
  if ((type & MV_INSTANCE) != 0) {
    return Invalid(absl::StrCat("type ", PropTypeName(type), " (MV_INSTANCE) has no JSON form"));
  }
  if ((type & MV_FLAG) == 0) return SingleToJson(type, value);
  const ULONG count = MvCount(value);
  if (count == 0) return Invalid("a multi-valued property without values");
  if (value.Value.MVi.lpi == nullptr) return Invalid("NULL multi-valued data");
  json out = json::array();
  const ULONG single = type & ~static_cast<ULONG>(MV_FLAG);
  for (ULONG i = 0; i < count; ++i) {
    absl::StatusOr<json> item = SingleToJson(single, MvElement(value, i));
    if (!item.ok()) {
      return Invalid(absl::StrCat("[", i, "]: ", item.status().message()));
    }
    out.push_back(*std::move(item));
  }
  return out;
}

absl::Status PropValueFromJson(ULONG tag, const json& j, PropArrayBuilder* builder) {
  const ULONG type = PROP_TYPE(tag);
  if (type == PT_UNSPECIFIED) return Invalid("type PT_UNSPECIFIED has no value");
  if ((type & MV_INSTANCE) != 0) {
    return Invalid(absl::StrCat("type ", PropTypeName(type), " (MV_INSTANCE) has no JSON form"));
  }
  absl::StatusOr<SPropValue> v =
      (type & MV_FLAG) != 0 ? MultiFromJson(type, j, builder) : SingleFromJson(type, j, builder);
  if (!v.ok()) return v.status();
  v->ulPropTag = tag;
  builder->Add(*v);
  return absl::OkStatus();
}

absl::StatusOr<json> PropsToJson(const PropArray& props) {
  return PropsToJson(props.data(), props.size());
}

absl::StatusOr<json> PropsToJson(const SPropValue* values, size_t count) {
  json out = json::object();
  std::map<ULONG, std::string> ids;  // property ID -> the key that gave it
  for (size_t i = 0; i < count; ++i) {
    const std::string key = PropTagName(values[i].ulPropTag);
    const auto [it, inserted] = ids.emplace(PROP_ID(values[i].ulPropTag), key);
    if (!inserted) {
      return Invalid(absl::StrFormat("%s: property ID 0x%04X also present as %s", key,
                                     PROP_ID(values[i].ulPropTag), it->second));
    }
    absl::StatusOr<json> value = PropValueToJson(values[i]);
    if (!value.ok()) {
      return Invalid(absl::StrCat(key, ": ", value.status().message()));
    }
    out[key] = *std::move(value);
  }
  return out;
}

absl::StatusOr<PropArray> PropsFromJson(const json& object) {
  if (!object.is_object()) {
    return Invalid(absl::StrCat("expected an object of properties, got ", JsonTypeName(object)));
  }
  PropArrayBuilder builder;
  std::map<ULONG, std::string> ids;  // property ID -> the key that gave it
  for (const auto& [key, value] : object.items()) {
    std::optional<ULONG> tag = PropTagFromName(key);
    if (!tag.has_value()) {
      return Invalid(absl::StrCat(key, ": not a property name or tag"));
    }
    const ULONG type = PROP_TYPE(*tag);
    if (type == PT_UNSPECIFIED) {
      return Invalid(absl::StrCat(key, ": type PT_UNSPECIFIED has no value"));
    }
    const auto [it, inserted] = ids.emplace(PROP_ID(*tag), key);
    if (!inserted) {
      return Invalid(absl::StrFormat("%s: property ID 0x%04X also given as %s", key, PROP_ID(*tag),
                                     it->second));
    }
    if (absl::Status s = PropValueFromJson(*tag, value, &builder); !s.ok()) {
      return Invalid(absl::StrCat(key, ": ", s.message()));
    }
  }
  absl::StatusOr<PropArray> props = builder.Build();
  if (!props.ok()) return Invalid(std::string(props.status().message()));
  return props;
}

}  // namespace mapi_emu
