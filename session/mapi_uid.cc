#include "session/mapi_uid.h"

#include <cstdint>
#include <cstring>
#include <random>

#include "mapiguid.h"

namespace mapi_emu {
namespace {

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

MAPIUID NewMapiUid() {
  // A fresh random_device per call: no shared state to lock, and the kernel
  // generator is cheap enough for the few UIDs a profile needs.
  std::random_device device;
  MAPIUID uid;
  for (;;) {
    for (size_t i = 0; i < sizeof(uid.ab); i += 4) {
      const uint32_t word = device();
      std::memcpy(uid.ab + i, &word, 4);
    }
    for (BYTE b : uid.ab) {
      if (b != 0) return uid;
    }
  }
}

bool SameUid(const MAPIUID& a, const MAPIUID& b) { return IsEqualMAPIUID(&a, &b); }

bool IsProfileInstance(const MAPIUID& uid) {
  static_assert(sizeof(MAPIUID) == sizeof(GUID));
  return std::memcmp(uid.ab, &MUID_PROFILE_INSTANCE, sizeof(MAPIUID)) == 0;
}

std::optional<MAPIUID> MapiUidFromText(std::string_view text) {
  MAPIUID uid;
  if (text.size() != 2 * sizeof(uid.ab)) return std::nullopt;
  for (size_t i = 0; i < sizeof(uid.ab); ++i) {
    const int hi = HexDigitValue(text[2 * i]);
    const int lo = HexDigitValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    uid.ab[i] = static_cast<BYTE>(hi * 16 + lo);
  }
  return uid;
}

}  // namespace mapi_emu
