// Helpers shared by the conformance tests, which see only the exported MAPI
// API and the probe: HRESULTs that print by name, the MAPISVC.INF naming the
// test providers, table rows read with HrQueryAllRows.
#ifndef MAPI_EMU_TESTS_CONFORMANCE_CONFORMANCE_HELPERS_H_
#define MAPI_EMU_TESTS_CONFORMANCE_CONFORMANCE_HELPERS_H_

#include <cstdio>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "tests/providers/probe/probe.h"

namespace mapi_emu::conformance {

// An HRESULT that prints by name (this binary sees only the exported API).
struct Hr {
  explicit Hr(HRESULT v) : value(v) {}
  HRESULT value;
  friend bool operator==(Hr a, Hr b) { return a.value == b.value; }
  friend void PrintTo(Hr hr, std::ostream* os) {
    static const struct {
      HRESULT value;
      const char* name;
    } kNames[] = {
        {S_OK, "S_OK"},
        {MAPI_E_NOT_FOUND, "MAPI_E_NOT_FOUND"},
        {MAPI_E_NO_ACCESS, "MAPI_E_NO_ACCESS"},
        {MAPI_E_UNKNOWN_FLAGS, "MAPI_E_UNKNOWN_FLAGS"},
        {MAPI_E_INVALID_PARAMETER, "MAPI_E_INVALID_PARAMETER"},
        {MAPI_E_NOT_INITIALIZED, "MAPI_E_NOT_INITIALIZED"},
        {MAPI_E_USER_CANCEL, "MAPI_E_USER_CANCEL"},
        {MAPI_E_LOGON_FAILED, "MAPI_E_LOGON_FAILED"},
        {MAPI_E_NO_SUPPORT, "MAPI_E_NO_SUPPORT"},
        {MAPI_E_CALL_FAILED, "MAPI_E_CALL_FAILED"},
        {MAPI_E_INTERFACE_NOT_SUPPORTED, "MAPI_E_INTERFACE_NOT_SUPPORTED"},
        {MAPI_E_UNKNOWN_ENTRYID, "MAPI_E_UNKNOWN_ENTRYID"},
        {MAPI_E_INVALID_OBJECT, "MAPI_E_INVALID_OBJECT"},
        {MAPI_E_VERSION, "MAPI_E_VERSION"},
        {MAPI_W_ERRORS_RETURNED, "MAPI_W_ERRORS_RETURNED"},
    };
    for (const auto& n : kNames) {
      if (n.value == hr.value) {
        *os << n.name;
        return;
      }
    }
    char hex[16];
    std::snprintf(hex, sizeof(hex), "0x%08X", static_cast<unsigned>(hr.value));
    *os << hex;
  }
};

inline LPTSTR T(const char* s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s)); }

// The test providers: the store and the address book have a ServiceEntry,
// the transport has none.
inline std::string InfText() {
  return std::string(R"([Services]
TEST_STORE=Test Store
TEST_AB=Test Address Book
TEST_XP=Test Transport

[TEST_STORE]
PR_DISPLAY_NAME=Test Store
Providers=TEST_STORE_MS
PR_SERVICE_DLL_NAME=)") +
         TEST_STORE_PATH + R"(
PR_SERVICE_ENTRY_NAME=ServiceEntry
PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY|SERVICE_DEFAULT_STORE

[TEST_STORE_MS]
PR_PROVIDER_DLL_NAME=)" +
         TEST_STORE_PATH + R"(
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_DISPLAY_NAME=Test Store
PR_PROVIDER_DISPLAY=Test Message Store
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE

[TEST_AB]
PR_DISPLAY_NAME=Test Address Book
Providers=TEST_AB_PROVIDER
PR_SERVICE_DLL_NAME=)" +
         TEST_AB_PATH + R"(
PR_SERVICE_ENTRY_NAME=ServiceEntry

[TEST_AB_PROVIDER]
PR_PROVIDER_DLL_NAME=)" +
         TEST_AB_PATH + R"(
PR_RESOURCE_TYPE=MAPI_AB_PROVIDER
PR_PROVIDER_DISPLAY=Test Address Book

[TEST_XP]
PR_DISPLAY_NAME=Test Transport
Providers=TEST_XP_PROVIDER

[TEST_XP_PROVIDER]
PR_PROVIDER_DLL_NAME=)" +
         TEST_XP_PATH + R"(
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_PROVIDER_DISPLAY=Test Transport
)";
}

constexpr ULONG PR_TEST_DATA_PATH = PROP_TAG(PT_STRING8, 0x6600);

// Every row of a table (freed with FreeProws by the caller).
struct Rows {
  LPSRowSet set = nullptr;
  ~Rows() { FreeProws(set); }
  ULONG size() const { return set == nullptr ? 0 : set->cRows; }
  const SPropValue* Find(ULONG row, ULONG tag) const {
    return PpropFindProp(set->aRow[row].lpProps, set->aRow[row].cValues, tag);
  }
  std::string Str(ULONG row, ULONG tag) const {
    const SPropValue* v = Find(row, tag);
    return v != nullptr ? v->Value.lpszA : "<missing>";
  }
  LONG Long(ULONG row, ULONG tag) const {
    const SPropValue* v = Find(row, tag);
    return v != nullptr ? v->Value.l : -1;
  }
  MAPIUID Uid(ULONG row, ULONG tag) const {
    MAPIUID uid{};
    const SPropValue* v = Find(row, tag);
    if (v != nullptr && v->Value.bin.cb == sizeof(MAPIUID)) {
      std::memcpy(uid.ab, v->Value.bin.lpb, sizeof(MAPIUID));
    }
    return uid;
  }
};

inline void ReadAll(IMAPITable* table, Rows* rows) {
  ASSERT_EQ(Hr(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows->set)), Hr(S_OK));
  table->Release();
}

// The probe lines one library wrote.
inline std::vector<std::string> Lines(const char* lib) {
  return mapi_emu::ProbeLinesMatching(std::string(lib) + ": ");
}

}  // namespace mapi_emu::conformance

#endif  // MAPI_EMU_TESTS_CONFORMANCE_CONFORMANCE_HELPERS_H_
