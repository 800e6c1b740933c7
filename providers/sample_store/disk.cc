#include "providers/sample_store/disk.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "mapicode.h"
#include "mapiutil.h"
#include "providers/common/durable_file.h"

namespace sample_store {
namespace {

std::string SystemError(const char* what, const std::filesystem::path& path) {
  return std::string(what) + " '" + path.string() + "': " + std::strerror(errno);
}

uint64_t FileTimeValue(const FILETIME& ft) {
  return (static_cast<uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

std::string BinaryHex(const SBinary& bin) { return Hex(bin.lpb, bin.cb); }

}  // namespace

std::string WriteFileAtomically(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  return sample_providers::ReplaceFileDurably(tmp, path, text, /*exclusive=*/false, 0600);
}

HRESULT ReadJsonFile(const std::filesystem::path& path, nlohmann::json* out, std::string* error) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    *error = "'" + path.string() + "' does not exist";
    return MAPI_E_NOT_FOUND;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    *error = SystemError("cannot read", path);
    return MAPI_E_CORRUPT_STORE;
  }
  nlohmann::json parsed = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    *error = "'" + path.string() + "' is not a JSON object (the file is damaged)";
    return MAPI_E_CORRUPT_STORE;
  }
  *out = std::move(parsed);
  return S_OK;
}

std::string Hex(const void* bytes, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  const auto* p = static_cast<const BYTE*>(bytes);
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

bool FromHex(std::string_view hex, std::vector<BYTE>* out) {
  if (hex.size() % 2 != 0) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<BYTE>(hi * 16 + lo));
  }
  return true;
}

std::string Utf8FromWide(const WCHAR* text) {
  std::string out;
  if (text == nullptr) return out;
  for (; *text != 0; ++text) {
    uint32_t c = static_cast<uint32_t>(*text);
    if constexpr (sizeof(WCHAR) == 2) {
      if (c >= 0xD800 && c < 0xDC00 && text[1] >= 0xDC00 && text[1] < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<uint32_t>(text[1]) - 0xDC00);
        ++text;
      }
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::wstring WideFromUtf8(std::string_view text) {
  std::wstring out;
  for (size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    uint32_t c;
    size_t n;
    if (b < 0x80) {
      c = b, n = 1;
    } else if ((b >> 5) == 6) {
      c = b & 0x1F, n = 2;
    } else if ((b >> 4) == 14) {
      c = b & 0x0F, n = 3;
    } else if ((b >> 3) == 30) {
      c = b & 0x07, n = 4;
    } else {
      c = 0xFFFD, n = 1;  // not UTF-8: the replacement character
    }
    if (i + n > text.size()) n = text.size() - i;
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += n;
    if constexpr (sizeof(WCHAR) == 2) {
      if (c >= 0x10000) {
        c -= 0x10000;
        out.push_back(static_cast<wchar_t>(0xD800 + (c >> 10)));
        out.push_back(static_cast<wchar_t>(0xDC00 + (c & 0x3FF)));
        continue;
      }
    }
    out.push_back(static_cast<wchar_t>(c));
  }
  return out;
}

bool IsStorableType(ULONG tag) {
  switch (PROP_TYPE(tag)) {
    case PT_I2:
    case PT_LONG:
    case PT_BOOLEAN:
    case PT_I8:
    case PT_DOUBLE:
    case PT_SYSTIME:
    case PT_STRING8:
    case PT_UNICODE:
    case PT_BINARY:
    case PT_CLSID:
    case PT_MV_LONG:
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
      return true;
    default:
      return false;
  }
}

std::string TagKey(ULONG tag) {
  char key[9];
  std::snprintf(key, sizeof key, "%08X", static_cast<unsigned>(tag));
  return key;
}

bool TagFromKey(const std::string& key, ULONG* tag) {
  std::vector<BYTE> bytes;
  if (key.size() != 8 || !FromHex(key, &bytes)) return false;
  *tag = (ULONG{bytes[0]} << 24) | (ULONG{bytes[1]} << 16) | (ULONG{bytes[2]} << 8) | bytes[3];
  return true;
}

// ---- PropValues ----------------------------------------------------------------

SPropValue& PropValues::Add(ULONG tag) {
  SPropValue v;
  std::memset(&v, 0, sizeof v);
  v.ulPropTag = tag;
  values_.push_back(v);
  return values_.back();
}

char* PropValues::Keep(std::string_view text) { return strings_.emplace_back(text).data(); }

WCHAR* PropValues::KeepWide(std::wstring text) {
  return wide_.emplace_back(std::move(text)).data();
}

BYTE* PropValues::KeepBytes(const void* bytes, size_t size) {
  const auto* p = static_cast<const BYTE*>(bytes);
  std::vector<BYTE>& kept = bytes_.emplace_back(p, p + size);
  return kept.empty() ? nullptr : kept.data();
}

void PropValues::Long(ULONG tag, LONG value) {
  Add(CHANGE_PROP_TYPE(tag, PT_LONG)).Value.l = value;
}

void PropValues::Bool(ULONG tag, bool value) {
  Add(CHANGE_PROP_TYPE(tag, PT_BOOLEAN)).Value.b = value ? 1 : 0;
}

void PropValues::String8(ULONG tag, std::string_view value) {
  char* kept = Keep(value);
  Add(CHANGE_PROP_TYPE(tag, PT_STRING8)).Value.lpszA = kept;
}

void PropValues::Binary(ULONG tag, const void* bytes, size_t size) {
  BYTE* kept = KeepBytes(bytes, size);
  SPropValue& v = Add(CHANGE_PROP_TYPE(tag, PT_BINARY));
  v.Value.bin.cb = static_cast<ULONG>(size);
  v.Value.bin.lpb = kept;
}

void PropValues::Copy(const SPropValue& value) {
  const ULONG tag = value.ulPropTag;
  switch (PROP_TYPE(tag)) {
    case PT_STRING8:
      String8(tag, value.Value.lpszA != nullptr ? value.Value.lpszA : "");
      return;
    case PT_UNICODE: {
      WCHAR* kept = KeepWide(value.Value.lpszW != nullptr ? value.Value.lpszW : L"");
      Add(tag).Value.lpszW = kept;
      return;
    }
    case PT_BINARY:
      Binary(tag, value.Value.bin.lpb, value.Value.bin.cb);
      return;
    case PT_CLSID: {
      BYTE* kept = KeepBytes(value.Value.lpguid, value.Value.lpguid ? sizeof(GUID) : 0);
      Add(tag).Value.lpguid = reinterpret_cast<LPGUID>(kept);
      return;
    }
    case PT_MV_LONG: {
      std::vector<LONG>& kept =
          longs_.emplace_back(value.Value.MVl.lpl, value.Value.MVl.lpl + value.Value.MVl.cValues);
      SPropValue& v = Add(tag);
      v.Value.MVl.cValues = static_cast<ULONG>(kept.size());
      v.Value.MVl.lpl = kept.data();
      return;
    }
    case PT_MV_STRING8: {
      std::vector<LPSTR>& kept = string_arrays_.emplace_back();
      for (ULONG i = 0; i < value.Value.MVszA.cValues; ++i) {
        const char* s = value.Value.MVszA.lppszA[i];
        kept.push_back(Keep(s != nullptr ? s : ""));
      }
      SPropValue& v = Add(tag);
      v.Value.MVszA.cValues = static_cast<ULONG>(kept.size());
      v.Value.MVszA.lppszA = kept.data();
      return;
    }
    case PT_MV_UNICODE: {
      std::vector<LPWSTR>& kept = wide_arrays_.emplace_back();
      for (ULONG i = 0; i < value.Value.MVszW.cValues; ++i) {
        const WCHAR* s = value.Value.MVszW.lppszW[i];
        kept.push_back(KeepWide(s != nullptr ? s : L""));
      }
      SPropValue& v = Add(tag);
      v.Value.MVszW.cValues = static_cast<ULONG>(kept.size());
      v.Value.MVszW.lppszW = kept.data();
      return;
    }
    case PT_MV_BINARY: {
      std::vector<SBinary>& kept = binary_arrays_.emplace_back();
      for (ULONG i = 0; i < value.Value.MVbin.cValues; ++i) {
        const SBinary& b = value.Value.MVbin.lpbin[i];
        SBinary copy;
        copy.cb = b.cb;
        copy.lpb = KeepBytes(b.lpb, b.cb);
        kept.push_back(copy);
      }
      SPropValue& v = Add(tag);
      v.Value.MVbin.cValues = static_cast<ULONG>(kept.size());
      v.Value.MVbin.lpbin = kept.data();
      return;
    }
    default:  // fixed-size values
      Add(tag).Value = value.Value;
      return;
  }
}

HRESULT PropValues::Dup(const Allocators& alloc, ULONG* count, LPSPropValue* values) {
  if (values_.empty()) {
    // ScDupPropset wants at least one value; an empty array is one
    // allocation with nothing in it.
    void* p = nullptr;
    if (FAILED(alloc.allocate(sizeof(SPropValue), &p))) return MAPI_E_NOT_ENOUGH_MEMORY;
    *count = 0;
    *values = static_cast<LPSPropValue>(p);
    return S_OK;
  }
  SCODE sc = ScDupPropset(static_cast<int>(values_.size()), values_.data(), alloc.allocate, values);
  if (FAILED(sc)) return sc;
  *count = size();
  return S_OK;
}

HRESULT PropValues::FromJson(const nlohmann::json& in, PropValues* out, std::string* error) {
  if (!in.is_object()) {
    *error = "the property list is not a JSON object";
    return MAPI_E_CORRUPT_STORE;
  }
  for (const auto& [key, value] : in.items()) {
    ULONG tag = 0;
    auto bad = [&](const char* why) {
      *error = "property '" + key + "': " + why;
      return MAPI_E_CORRUPT_STORE;
    };
    if (!TagFromKey(key, &tag) || !IsStorableType(tag)) return bad("not a tag the store keeps");
    SPropValue raw;
    std::memset(&raw, 0, sizeof raw);
    raw.ulPropTag = tag;
    switch (PROP_TYPE(tag)) {
      case PT_I2:
        if (!value.is_number_integer()) return bad("expected an integer");
        raw.Value.i = value.get<short>();
        out->Copy(raw);
        break;
      case PT_LONG:
        if (!value.is_number_integer()) return bad("expected an integer");
        out->Long(tag, value.get<LONG>());
        break;
      case PT_BOOLEAN:
        if (!value.is_boolean()) return bad("expected true or false");
        out->Bool(tag, value.get<bool>());
        break;
      case PT_I8:
        if (!value.is_number_integer()) return bad("expected an integer");
        raw.Value.li.QuadPart = value.get<int64_t>();
        out->Copy(raw);
        break;
      case PT_DOUBLE:
        if (!value.is_number()) return bad("expected a number");
        raw.Value.dbl = value.get<double>();
        out->Copy(raw);
        break;
      case PT_SYSTIME: {
        if (!value.is_number_unsigned()) return bad("expected a FILETIME number");
        uint64_t t = value.get<uint64_t>();
        raw.Value.ft.dwLowDateTime = static_cast<DWORD>(t);
        raw.Value.ft.dwHighDateTime = static_cast<DWORD>(t >> 32);
        out->Copy(raw);
        break;
      }
      case PT_STRING8:
        if (!value.is_string()) return bad("expected a string");
        out->String8(tag, value.get<std::string>());
        break;
      case PT_UNICODE: {
        if (!value.is_string()) return bad("expected a string");
        std::wstring w = WideFromUtf8(value.get<std::string>());
        raw.Value.lpszW = w.data();
        out->Copy(raw);
        break;
      }
      case PT_BINARY:
      case PT_CLSID: {
        std::vector<BYTE> bytes;
        if (!value.is_string() || !FromHex(value.get<std::string>(), &bytes)) {
          return bad("expected a hex string");
        }
        if (PROP_TYPE(tag) == PT_CLSID) {
          if (bytes.size() != sizeof(GUID)) return bad("expected 16 bytes");
          raw.Value.lpguid = reinterpret_cast<LPGUID>(bytes.data());
          out->Copy(raw);
        } else {
          out->Binary(tag, bytes);
        }
        break;
      }
      default: {  // the multi-valued types
        if (!value.is_array()) return bad("expected an array");
        std::vector<LONG> longs;
        std::vector<std::string> strings;
        std::vector<std::wstring> wides;
        std::vector<std::vector<BYTE>> bins;
        for (const auto& item : value) {
          if (PROP_TYPE(tag) == PT_MV_LONG) {
            if (!item.is_number_integer()) return bad("expected integers");
            longs.push_back(item.get<LONG>());
            continue;
          }
          if (!item.is_string()) return bad("expected strings");
          if (PROP_TYPE(tag) == PT_MV_STRING8) strings.push_back(item.get<std::string>());
          if (PROP_TYPE(tag) == PT_MV_UNICODE)
            wides.push_back(WideFromUtf8(item.get<std::string>()));
          if (PROP_TYPE(tag) == PT_MV_BINARY) {
            std::vector<BYTE>& b = bins.emplace_back();
            if (!FromHex(item.get<std::string>(), &b)) return bad("expected hex strings");
          }
        }
        std::vector<LPSTR> sp;
        for (auto& s : strings) sp.push_back(s.data());
        std::vector<LPWSTR> wp;
        for (auto& w : wides) wp.push_back(w.data());
        std::vector<SBinary> bp;
        for (auto& b : bins) bp.push_back(SBinary{static_cast<ULONG>(b.size()), b.data()});
        switch (PROP_TYPE(tag)) {
          case PT_MV_LONG:
            raw.Value.MVl = {static_cast<ULONG>(longs.size()), longs.data()};
            break;
          case PT_MV_STRING8:
            raw.Value.MVszA = {static_cast<ULONG>(sp.size()), sp.data()};
            break;
          case PT_MV_UNICODE:
            raw.Value.MVszW = {static_cast<ULONG>(wp.size()), wp.data()};
            break;
          default:
            raw.Value.MVbin = {static_cast<ULONG>(bp.size()), bp.data()};
            break;
        }
        out->Copy(raw);
        break;
      }
    }
  }
  return S_OK;
}

void PropsToJson(ULONG count, const SPropValue* values, nlohmann::json* out,
                 std::vector<ULONG>* skipped) {
  if (!out->is_object()) *out = nlohmann::json::object();
  for (ULONG i = 0; i < count; ++i) {
    const SPropValue& v = values[i];
    const ULONG tag = v.ulPropTag;
    if (!IsStorableType(tag)) {
      if (skipped != nullptr) skipped->push_back(tag);
      continue;
    }
    // One value per property ID: a PT_UNICODE value replaces a PT_STRING8 one.
    for (auto it = out->begin(); it != out->end();) {
      ULONG old = 0;
      if (TagFromKey(it.key(), &old) && PROP_ID(old) == PROP_ID(tag)) {
        it = out->erase(it);
      } else {
        ++it;
      }
    }
    nlohmann::json& slot = (*out)[TagKey(tag)];
    switch (PROP_TYPE(tag)) {
      case PT_I2:
        slot = v.Value.i;
        break;
      case PT_LONG:
        slot = v.Value.l;
        break;
      case PT_BOOLEAN:
        slot = v.Value.b != 0;
        break;
      case PT_I8:
        slot = static_cast<int64_t>(v.Value.li.QuadPart);
        break;
      case PT_DOUBLE:
        slot = v.Value.dbl;
        break;
      case PT_SYSTIME:
        slot = FileTimeValue(v.Value.ft);
        break;
      case PT_STRING8:
        slot = std::string(v.Value.lpszA != nullptr ? v.Value.lpszA : "");
        break;
      case PT_UNICODE:
        slot = Utf8FromWide(v.Value.lpszW);
        break;
      case PT_BINARY:
        slot = BinaryHex(v.Value.bin);
        break;
      case PT_CLSID:
        slot = Hex(v.Value.lpguid, v.Value.lpguid != nullptr ? sizeof(GUID) : 0);
        break;
      case PT_MV_LONG:
        slot = nlohmann::json::array();
        for (ULONG k = 0; k < v.Value.MVl.cValues; ++k) slot.push_back(v.Value.MVl.lpl[k]);
        break;
      case PT_MV_STRING8:
        slot = nlohmann::json::array();
        for (ULONG k = 0; k < v.Value.MVszA.cValues; ++k) {
          const char* s = v.Value.MVszA.lppszA[k];
          slot.push_back(std::string(s != nullptr ? s : ""));
        }
        break;
      case PT_MV_UNICODE:
        slot = nlohmann::json::array();
        for (ULONG k = 0; k < v.Value.MVszW.cValues; ++k) {
          slot.push_back(Utf8FromWide(v.Value.MVszW.lppszW[k]));
        }
        break;
      default:  // PT_MV_BINARY
        slot = nlohmann::json::array();
        for (ULONG k = 0; k < v.Value.MVbin.cValues; ++k) {
          slot.push_back(BinaryHex(v.Value.MVbin.lpbin[k]));
        }
        break;
    }
  }
}

}  // namespace sample_store
