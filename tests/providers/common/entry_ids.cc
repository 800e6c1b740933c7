#include "tests/providers/common/entry_ids.h"

#include <string.h>

#include "tests/providers/common/names.h"

namespace mapi_emu::testprov {
namespace {

constexpr size_t kHeader = 4 + sizeof(MAPIUID);  // abFlags + UID

uint32_t Fnv1a(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

std::vector<BYTE> WithHeader(const MAPIUID& uid) {
  std::vector<BYTE> eid(4, 0);
  eid.insert(eid.end(), uid.ab, uid.ab + sizeof uid.ab);
  return eid;
}

}  // namespace

// "test_store" + 0x00 + "MAPI" + 0x01: fixed, recognisable in hex dumps.
const MAPIUID kStoreBaseUid = {{0x74, 0x65, 0x73, 0x74, 0x5F, 0x73, 0x74, 0x6F, 0x72, 0x65, 0x00,
                                0x4D, 0x41, 0x50, 0x49, 0x01}};
// "test_ab" + 0x00 + "MAPI_UID" .
const MAPIUID kAbUid = {{0x74, 0x65, 0x73, 0x74, 0x5F, 0x61, 0x62, 0x00, 0x4D, 0x41, 0x50, 0x49,
                         0x5F, 0x55, 0x49, 0x44}};
// "test_xp" + 0x00 + "MAPI_UID" .
const MAPIUID kXpUid = {{0x74, 0x65, 0x73, 0x74, 0x5F, 0x78, 0x70, 0x00, 0x4D, 0x41, 0x50, 0x49,
                         0x5F, 0x55, 0x49, 0x44}};

MAPIUID StoreUid(std::string_view store_name) {
  MAPIUID uid = kStoreBaseUid;
  uint32_t hash = Fnv1a(store_name);
  for (int i = 0; i < 4; ++i) {
    uid.ab[12 + i] ^= static_cast<BYTE>(hash >> (8 * i));
  }
  return uid;
}

std::vector<BYTE> StoreEntryId(std::string_view store_name) {
  std::vector<BYTE> eid = WithHeader(StoreUid(store_name));
  eid.insert(eid.end(), store_name.begin(), store_name.end());
  eid.push_back(0);
  return eid;
}

std::vector<BYTE> RootFolderEntryId(std::string_view store_name) {
  std::vector<BYTE> eid = StoreEntryId(store_name);
  static constexpr char kRoot[] = "root";
  eid.insert(eid.end(), kRoot, kRoot + sizeof kRoot);  // with its '\0'
  return eid;
}

bool ParseStoreEntryId(ULONG cb, const ENTRYID* eid, StoreEid* out) {
  if (eid == nullptr || cb < kHeader + 1) return false;
  const BYTE* bytes = reinterpret_cast<const BYTE*>(eid);
  const BYTE* name = bytes + kHeader;
  const BYTE* end = bytes + cb;
  const BYTE* nul = static_cast<const BYTE*>(memchr(name, 0, end - name));
  if (nul == nullptr) return false;
  StoreEid parsed;
  parsed.name.assign(reinterpret_cast<const char*>(name), nul - name);
  if (nul + 1 == end) {
    parsed.root_folder = false;
  } else if (end - (nul + 1) == 5 && memcmp(nul + 1, "root", 5) == 0) {
    parsed.root_folder = true;
  } else {
    return false;
  }
  MAPIUID uid = StoreUid(parsed.name);
  if (memcmp(bytes + 4, uid.ab, sizeof uid.ab) != 0) return false;
  *out = std::move(parsed);
  return true;
}

std::string DescribeStoreEid(ULONG cb, const ENTRYID* eid) {
  if (eid == nullptr) return "NULL";
  StoreEid parsed;
  if (!ParseStoreEntryId(cb, eid, &parsed)) {
    return "foreign[" + std::to_string(cb) + "]";
  }
  return (parsed.root_folder ? "folder:" : "store:") + Quote(parsed.name.c_str());
}

std::vector<BYTE> AbEntryId(ULONG object_type, std::string_view name) {
  std::vector<BYTE> eid = WithHeader(kAbUid);
  for (int i = 0; i < 4; ++i) eid.push_back(static_cast<BYTE>(object_type >> (8 * i)));
  eid.insert(eid.end(), name.begin(), name.end());
  eid.push_back(0);
  return eid;
}

bool ParseAbEntryId(ULONG cb, const ENTRYID* eid, AbEid* out) {
  if (eid == nullptr || cb < kHeader + 4 + 1) return false;
  const BYTE* bytes = reinterpret_cast<const BYTE*>(eid);
  if (memcmp(bytes + 4, kAbUid.ab, sizeof kAbUid.ab) != 0) return false;
  ULONG type = 0;
  for (int i = 0; i < 4; ++i) type |= static_cast<ULONG>(bytes[kHeader + i]) << (8 * i);
  if (type != MAPI_ABCONT && type != MAPI_MAILUSER) return false;
  const BYTE* name = bytes + kHeader + 4;
  if (bytes[cb - 1] != 0 || memchr(name, 0, cb - (kHeader + 4)) != bytes + cb - 1) {
    return false;
  }
  out->object_type = type;
  out->name.assign(reinterpret_cast<const char*>(name));
  return true;
}

std::string DescribeAbEid(ULONG cb, const ENTRYID* eid) {
  if (eid == nullptr) return "NULL";
  AbEid parsed;
  if (!ParseAbEntryId(cb, eid, &parsed)) {
    return "foreign[" + std::to_string(cb) + "]";
  }
  return (parsed.object_type == MAPI_ABCONT ? "abcont:" : "mailuser:") + Quote(parsed.name.c_str());
}

std::string UidHex(const MAPIUID& uid) { return HexBytes(uid.ab, sizeof uid.ab); }

}  // namespace mapi_emu::testprov
