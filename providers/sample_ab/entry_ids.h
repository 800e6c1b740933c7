// Entry IDs of the sample address book (layout in sample_ab.h) and MAPI's
// one-off entry IDs (abFlags[4] | MAPI_ONE_OFF_UID | WORD version 0 | WORD
// flags | display name, address type, address: NUL-terminated, UTF-16LE when
// flags has MAPI_ONE_OFF_UNICODE). Header-only and usable by clients and
// tests; thread-safe.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_AB_ENTRY_IDS_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_AB_ENTRY_IDS_H_

#include <cstring>
#include <string>
#include <vector>

#include "mapidefs.h"
#include "sample_ab.h"

namespace sample_ab {

inline const MAPIUID& ProviderUid() {
  static const MAPIUID uid = {SAMPLE_AB_UID};
  return uid;
}
inline const MAPIUID& OneOffUid() {
  static const MAPIUID uid = {MAPI_ONE_OFF_UID};
  return uid;
}

// An entry ID of this provider for (kind, key).
inline std::vector<BYTE> MakeEntryId(ULONG kind, const std::string& key) {
  std::vector<BYTE> eid(4 + sizeof(MAPIUID) + 4, 0);
  std::memcpy(eid.data() + 4, ProviderUid().ab, sizeof(MAPIUID));
  for (int i = 0; i < 4; ++i) eid[20 + i] = static_cast<BYTE>(kind >> (8 * i));
  eid.insert(eid.end(), key.begin(), key.end());
  eid.push_back(0);
  return eid;
}

// True, *kind and *key when (cb, eid) is one of this provider's entry IDs
// (abFlags are ignored: short-term and long-term IDs are the same object).
inline bool ParseEntryId(ULONG cb, const ENTRYID* eid, ULONG* kind, std::string* key) {
  if (eid == nullptr || cb < 4 + sizeof(MAPIUID) + 4 + 1) return false;
  const BYTE* b = reinterpret_cast<const BYTE*>(eid);
  if (std::memcmp(b + 4, ProviderUid().ab, sizeof(MAPIUID)) != 0) return false;
  if (b[cb - 1] != 0) return false;
  *kind = 0;
  for (int i = 0; i < 4; ++i) *kind |= static_cast<ULONG>(b[20 + i]) << (8 * i);
  key->assign(reinterpret_cast<const char*>(b + 24), cb - 25);
  return key->find('\0') == std::string::npos;
}

struct OneOff {
  std::string display_name, address_type, address;  // UTF-8
};

// A one-off entry ID with ANSI strings (MAPI_ONE_OFF_NO_RICH_INFO set).
inline std::vector<BYTE> MakeOneOffEntryId(const OneOff& o) {
  std::vector<BYTE> eid(4, 0);
  eid.insert(eid.end(), OneOffUid().ab, OneOffUid().ab + sizeof(MAPIUID));
  const unsigned flags = MAPI_ONE_OFF_NO_RICH_INFO;
  eid.insert(eid.end(), {0, 0, static_cast<BYTE>(flags & 0xff), static_cast<BYTE>(flags >> 8)});
  for (const std::string* s : {&o.display_name, &o.address_type, &o.address}) {
    eid.insert(eid.end(), s->begin(), s->end());
    eid.push_back(0);
  }
  return eid;
}

// True and *out when (cb, eid) is a well-formed one-off entry ID.
inline bool ParseOneOffEntryId(ULONG cb, const ENTRYID* eid, OneOff* out) {
  if (eid == nullptr || cb < 4 + sizeof(MAPIUID) + 4) return false;
  const BYTE* b = reinterpret_cast<const BYTE*>(eid);
  if (std::memcmp(b + 4, OneOffUid().ab, sizeof(MAPIUID)) != 0) return false;
  const unsigned flags = b[22] | (b[23] << 8);
  const bool wide = (flags & MAPI_ONE_OFF_UNICODE) != 0;
  size_t pos = 24;
  std::string* fields[] = {&out->display_name, &out->address_type, &out->address};
  for (std::string* field : fields) {
    field->clear();
    for (;;) {
      if (pos + (wide ? 2 : 1) > cb) return false;
      unsigned c = wide ? (b[pos] | (b[pos + 1] << 8)) : b[pos];
      pos += wide ? 2 : 1;
      if (c == 0) break;
      if (c < 0x80) {
        field->push_back(static_cast<char>(c));
      } else if (!wide || c < 0x800) {  // ANSI bytes pass through unchanged
        if (!wide) {
          field->push_back(static_cast<char>(c));
        } else {
          field->push_back(static_cast<char>(0xC0 | (c >> 6)));
          field->push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
      } else {  // BMP only: surrogate pairs are kept as two 3-byte sequences
        field->push_back(static_cast<char>(0xE0 | (c >> 12)));
        field->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        field->push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    }
  }
  return !out->address_type.empty();
}

}  // namespace sample_ab

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_AB_ENTRY_IDS_H_
