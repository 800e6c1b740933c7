// entry_ids.h -- the MAPIUIDs and entry-identifier layouts of the test
// providers, shared by the providers and by the tests that build or check
// their identifiers. SDK-only; pure functions.
//
//   store entry ID        abFlags[4]=0 | StoreUid(name) | name '\0'
//   root folder entry ID  abFlags[4]=0 | StoreUid(name) | name '\0' "root" '\0'
//   AB entry ID           abFlags[4]=0 | kAbUid | type (ULONG, little-endian:
//                         MAPI_ABCONT or MAPI_MAILUSER) | name '\0'
//
// StoreUid(name) is kStoreBaseUid with its last four bytes XORed with the
// 32-bit FNV-1a hash of the name, so two stores of one library differ.

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_ENTRY_IDS_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_ENTRY_IDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "mapidefs.h"

namespace mapi_emu::testprov {

extern const MAPIUID kStoreBaseUid;  // also the store's PR_MDB_PROVIDER
extern const MAPIUID kAbUid;         // test_ab's provider UID
extern const MAPIUID kXpUid;         // test_xp's AddressTypes UID

MAPIUID StoreUid(std::string_view store_name);
std::vector<BYTE> StoreEntryId(std::string_view store_name);
std::vector<BYTE> RootFolderEntryId(std::string_view store_name);

struct StoreEid {
  bool root_folder = false;  // else the store itself
  std::string name;
};
// False for anything that is not one of the two store layouts with a UID
// that matches its name.
bool ParseStoreEntryId(ULONG cb, const ENTRYID* eid, StoreEid* out);
// For probe lines: NULL, store:"Name", folder:"Name" or foreign[<cb>].
std::string DescribeStoreEid(ULONG cb, const ENTRYID* eid);

std::vector<BYTE> AbEntryId(ULONG object_type, std::string_view name);
struct AbEid {
  ULONG object_type = 0;  // MAPI_ABCONT or MAPI_MAILUSER
  std::string name;
};
bool ParseAbEntryId(ULONG cb, const ENTRYID* eid, AbEid* out);
// For probe lines: NULL, abcont:"Name", mailuser:"Name" or foreign[<cb>].
std::string DescribeAbEid(ULONG cb, const ENTRYID* eid);

// The 32 upper-case hex digits of a UID, as probe lines print it.
std::string UidHex(const MAPIUID& uid);

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_ENTRY_IDS_H_
