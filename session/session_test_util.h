// Helpers shared by the session's unit tests (session_test): where their
// test data is, HRESULTs by name and MAPIUIDs of one repeated byte.
// Header-only; include it from *_test.cc files only.
#ifndef MAPI_EMU_SESSION_SESSION_TEST_UTIL_H_
#define MAPI_EMU_SESSION_SESSION_TEST_UTIL_H_

#include <cstring>
#include <filesystem>
#include <string>

#include "mapi_emu/base/hresult.h"
#include "mapidefs.h"

namespace mapi_emu::session_testing {

// session/testdata (MAPI_EMU_TEST_DATA_DIR, set by the session_test target).
inline const std::filesystem::path kTestData = MAPI_EMU_TEST_DATA_DIR;

// "MAPI_E_NOT_FOUND": failures print the HRESULT by name.
inline std::string Hr(HRESULT hr) { return HresultName(hr); }

// A MAPIUID whose 16 bytes are all `fill`.
inline MAPIUID Uid(BYTE fill) {
  MAPIUID uid;
  std::memset(uid.ab, fill, sizeof(uid.ab));
  return uid;
}

}  // namespace mapi_emu::session_testing

#endif  // MAPI_EMU_SESSION_SESSION_TEST_UTIL_H_
