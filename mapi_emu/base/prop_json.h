// Property values as JSON (profile files now, traces later) and as text,
// and PropArrayBuilder, which assembles a PropArray from values built in C++.
//
// JSON form of a property set: an object keyed by PropTagName(tag)
// ("PR_DISPLAY_NAME_A", "PR_RESOURCE_FLAGS", "0x6600001E",
// "PROP_TAG(PT_LONG, 0x3001)"), each value encoded by its type:
//   PT_I2, PT_LONG            integer (PT_LONG written as the unsigned 32-bit
//                             value; read from any integer in [-2^31, 2^32))
//   PT_BOOLEAN                true / false
//   PT_STRING8, PT_UNICODE    UTF-8 string
//   PT_BINARY                 lower-case hex string, "0a1b" (read: any case)
//   PT_SYSTIME                "2024-05-01T12:30:00Z", 7 fraction digits when
//                             the 100 ns ticks are not whole seconds
//   PT_I8, PT_CURRENCY        integer; a decimal string when |v| > 2^53 (JSON
//                             readers lose precision past that); CURRENCY
//                             is the count of 1/10000 units (cur.int64)
//   PT_CLSID                  "{01234567-89AB-CDEF-0123-456789ABCDEF}"
//   PT_R4, PT_DOUBLE, PT_APPTIME  number; "NaN", "Infinity", "-Infinity"
//   PT_ERROR                  {"error": "MAPI_E_NOT_FOUND"} (or "0x8004ABCD")
//   PT_NULL, PT_OBJECT        null
//   PT_MV_*                   array (at least one element) of the above
// Output is deterministic: nlohmann::json objects are std::maps, so keys come
// out sorted and dump() is byte-stable. Every error names the key and what is
// wrong with it. Stateless; every function is thread-safe.
#ifndef MAPI_EMU_BASE_PROP_JSON_H_
#define MAPI_EMU_BASE_PROP_JSON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mapi_emu/base/prop_array.h"
#include "mapidefs.h"
#include "nlohmann/json.hpp"

namespace mapi_emu {

// ---- Text forms (shared with MAPISVC.INF and profile files) ---------------

// Lower-case hex of bytes[0..n): "0a1b".
std::string BytesToHex(const void* bytes, size_t n);
// Bytes of an even number of hex digits, either case ("" is no bytes).
std::optional<std::vector<BYTE>> HexToBytes(std::string_view hex);

// FILETIME (100 ns ticks since 1601-01-01 UTC) as ISO 8601 UTC:
// "YYYY-MM-DDTHH:MM:SSZ", or with ".fffffff" (exactly 7 digits) when the
// time is not a whole second. Years past 9999 have 5 digits.
std::string FileTimeToIso8601(const FILETIME& ft);
// Reads that form with 0 to 7 fraction digits and a 4- or 5-digit year;
// 'Z' is required. nullopt for a malformed or out-of-range time.
std::optional<FILETIME> FileTimeFromIso8601(std::string_view text);

// "{01234567-89AB-CDEF-0123-456789ABCDEF}" (Windows' registry form).
std::string GuidToText(const GUID& guid);
// Reads that form, either case, braces required.
std::optional<GUID> GuidFromText(std::string_view text);

// UTF-8 <-> WCHAR strings (UTF-32 on Linux, UTF-16 on Windows), by the
// mapinls.h conversions; malformed input becomes U+FFFD.
std::basic_string<WCHAR> Utf8ToWide(std::string_view utf8);
std::string WideToUtf8(const WCHAR* wide);  // NULL -> ""
// True if `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// "MAPI_E_NOT_FOUND" for a known SCODE (its preferred name), "0x8004ABCD"
// for others; HresultFromName (hresult.h) reads both back.
std::string ScodeName(SCODE sc);

// ---- Building values -------------------------------------------------------

// Collects property values whose data lives in the builder (an arena), then
// Build() deep-copies them into a PropArray. Values are kept in the order
// added, duplicates included. Not thread-safe; cheap to create.
class PropArrayBuilder {
 public:
  PropArrayBuilder();
  ~PropArrayBuilder();
  PropArrayBuilder(const PropArrayBuilder&) = delete;
  PropArrayBuilder& operator=(const PropArrayBuilder&) = delete;

  // Appends `value` as it is: its pointers must stay valid until Build()
  // (point them into Allocate()d memory, or at data that outlives the call).
  void Add(const SPropValue& value);
  // Zero-filled storage, 8-byte aligned, owned by the builder.
  void* Allocate(size_t bytes);
  // Copies into builder storage (NUL-terminated strings).
  LPSTR CopyString8(std::string_view text);
  LPWSTR CopyUnicode(std::string_view utf8);
  LPBYTE CopyBytes(const void* bytes, size_t n);

  void AddLong(ULONG tag, LONG value);
  void AddBoolean(ULONG tag, bool value);
  // PT_STRING8 (`tag`'s type must be PT_STRING8) / PT_UNICODE from UTF-8.
  void AddString8(ULONG tag, std::string_view text);
  void AddUnicode(ULONG tag, std::string_view utf8);
  void AddBinary(ULONG tag, const void* bytes, size_t n);
  void AddError(ULONG tag, SCODE sc);  // PROP_TAG(PT_ERROR, PROP_ID(tag))
  // PT_MV_STRING8 / PT_MV_UNICODE from UTF-8 strings.
  void AddMvString8(ULONG tag, std::span<const std::string> texts);
  void AddMvUnicode(ULONG tag, std::span<const std::string> utf8);

  size_t size() const { return values_.size(); }
  // MAPI_E_INVALID_PARAMETER-style kInvalidArgument naming the first value
  // PropArray cannot hold (an unknown type, NULL data).
  absl::StatusOr<PropArray> Build() const;

 private:
  std::vector<SPropValue> values_;
  std::vector<std::unique_ptr<uint64_t[]>> blocks_;
};

// ---- JSON ------------------------------------------------------------------

// The JSON encoding of one value (the value only, not its tag).
// kInvalidArgument for PT_UNSPECIFIED, MV_INSTANCE or an unknown type, a
// multi-valued value without values, NULL data pointers.
absl::StatusOr<nlohmann::json> PropValueToJson(const SPropValue& value);

// Decodes `json` as a value of type PROP_TYPE(tag) and appends it to
// `builder`. The error names the problem ("expected a string, got number");
// callers add the key.
absl::Status PropValueFromJson(ULONG tag, const nlohmann::json& json, PropArrayBuilder* builder);

// A property set as a JSON object. kInvalidArgument naming the tag for a
// value PropValueToJson refuses, or a property ID present twice (same rule as PropsFromJson).
absl::StatusOr<nlohmann::json> PropsToJson(const PropArray& props);
absl::StatusOr<nlohmann::json> PropsToJson(const SPropValue* values, size_t count);

// A JSON object back into values, in key order. Errors name the key: a key
// PropTagFromName does not read, a PT_UNSPECIFIED or unknown type, a value
// of the wrong JSON type or range, a property ID given twice
// ("PR_DISPLAY_NAME_W: property ID 0x3001 also given as PR_DISPLAY_NAME_A").
absl::StatusOr<PropArray> PropsFromJson(const nlohmann::json& object);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_PROP_JSON_H_
