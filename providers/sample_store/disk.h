// disk.h -- the sample store's file layer: atomic JSON files and property
// values kept as JSON. No MAPI object lives here; store_core.h builds on it.
// Functions are thread-safe (they share no state); a PropValues object is
// not, and belongs to one caller.
//
// A property list on disk is a JSON object {"<tag, 8 hex digits>": value}:
// PT_I2/PT_LONG/PT_I8 numbers, PT_BOOLEAN true/false, PT_DOUBLE a number,
// PT_SYSTIME the 64-bit FILETIME as a number, PT_STRING8/PT_UNICODE UTF-8
// strings, PT_BINARY/PT_CLSID hex strings, and the PT_MV_ forms of LONG,
// STRING8, UNICODE and BINARY as arrays. Other types are not kept.

#ifndef MAPI_EMU_PROVIDERS_SAMPLE_STORE_DISK_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_STORE_DISK_H_

#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mapidefs.h"
#include "nlohmann/json.hpp"

namespace sample_store {

// The three routines MSProviderInit received; memory handed to MAPI or to a
// client comes from them.
struct Allocators {
  LPALLOCATEBUFFER allocate = nullptr;
  LPALLOCATEMORE allocate_more = nullptr;
  LPFREEBUFFER free = nullptr;
};

// Replaces `path` with `text` so that a reader (or a restart after a crash at
// any point) sees either the old file or the new one: write "<path>.tmp",
// fsync it, rename it over `path`, fsync the directory. Returns "" on
// success, else a message naming the file and the system error.
std::string WriteFileAtomically(const std::filesystem::path& path, const std::string& text);

// Reads a file holding one JSON object into *out. MAPI_E_NOT_FOUND when it
// does not exist, MAPI_E_CORRUPT_STORE when it cannot be read or is not a
// JSON object; *error then names the file and what is wrong.
HRESULT ReadJsonFile(const std::filesystem::path& path, nlohmann::json* out, std::string* error);

// Lower-case hex of `size` bytes, and back (false for odd length or a
// non-hex digit).
std::string Hex(const void* bytes, size_t size);
bool FromHex(std::string_view hex, std::vector<BYTE>* out);

// UTF-8 <-> WCHAR strings (WCHAR is 32-bit on Linux, UTF-16 on Windows).
std::string Utf8FromWide(const WCHAR* text);
std::wstring WideFromUtf8(std::string_view text);

// True for the property types the store keeps on disk (see above).
bool IsStorableType(ULONG tag);

// An array of property values that owns what they point to: build it with
// the setters or FromJson, hand it on with Dup (one MAPIAllocateBuffer
// block) or data() (valid while this object lives and is not changed).
class PropValues {
 public:
  void Long(ULONG tag, LONG value);
  void Bool(ULONG tag, bool value);
  void String8(ULONG tag, std::string_view value);
  void Binary(ULONG tag, const void* bytes, size_t size);
  void Binary(ULONG tag, const std::vector<BYTE>& bytes) {
    Binary(tag, bytes.data(), bytes.size());
  }
  // Copies one value of a storable type (variable parts included).
  void Copy(const SPropValue& value);

  ULONG size() const { return static_cast<ULONG>(values_.size()); }
  SPropValue* data() { return values_.data(); }

  // The values in one block from alloc.allocate (the caller frees it).
  HRESULT Dup(const Allocators& alloc, ULONG* count, LPSPropValue* values);

  // Parses a property-list object; MAPI_E_CORRUPT_STORE and *error (naming
  // the tag) for a malformed entry.
  static HRESULT FromJson(const nlohmann::json& in, PropValues* out, std::string* error);

 private:
  SPropValue& Add(ULONG tag);
  char* Keep(std::string_view text);
  WCHAR* KeepWide(std::wstring text);
  BYTE* KeepBytes(const void* bytes, size_t size);

  std::vector<SPropValue> values_;
  std::deque<std::string> strings_;
  std::deque<std::wstring> wide_;
  std::deque<std::vector<BYTE>> bytes_;
  std::deque<std::vector<LONG>> longs_;
  std::deque<std::vector<LPSTR>> string_arrays_;
  std::deque<std::vector<LPWSTR>> wide_arrays_;
  std::deque<std::vector<SBinary>> binary_arrays_;
};

// Adds each value to `out` under its tag (replacing a value with the same
// property ID). Values of other types are skipped and their tags appended
// to *skipped when it is not null.
void PropsToJson(ULONG count, const SPropValue* values, nlohmann::json* out,
                 std::vector<ULONG>* skipped);

// The JSON key of a tag ("0037001E") and back (false if malformed).
std::string TagKey(ULONG tag);
bool TagFromKey(const std::string& key, ULONG* tag);

}  // namespace sample_store

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_STORE_DISK_H_
