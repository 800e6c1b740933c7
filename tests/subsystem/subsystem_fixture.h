// The fixture shared by the subsystem tests: a temporary profile directory
// and MAPISVC.INF naming the recording test providers, a Subsystem over them,
// and helpers to read tables and the providers' probe log.
#ifndef MAPI_EMU_TESTS_SUBSYSTEM_SUBSYSTEM_FIXTURE_H_
#define MAPI_EMU_TESTS_SUBSYSTEM_SUBSYSTEM_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/prop_util.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapiguid.h"
#include "mapiutil.h"
#include "session/mapisvc_inf.h"
#include "session/profile.h"
#include "session/profile_store.h"
#include "session/session_object.h"
#include "session/subsystem.h"
#include "tests/providers/probe/probe.h"

namespace mapi_emu {
namespace subsystem_testing {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

inline const std::filesystem::path kProviderDir =
    std::filesystem::path(TEST_STORE_PATH).parent_path();

// The file name of a library as built here ("libtest_store.so" on Linux,
// "test_store.dll" on Windows): what findings and traces name it by.
inline std::string LibraryFile(const char* path) {
  return std::filesystem::path(path).filename().string();
}

// A MAPISVC.INF naming the test providers the Windows way ("test_store.dll"):
// the profile's library_dirs turn that into libtest_store.so.
constexpr char kInf[] = R"([Services]
TEST_STORE=Test Message Store
TEST_AB=Test Address Book
TEST_XP=Test Transport

[TEST_STORE]
PR_DISPLAY_NAME=Test Message Store
Providers=TEST_STORE_PROVIDER
PR_SERVICE_DLL_NAME=test_store.dll
PR_SERVICE_ENTRY_NAME=ServiceEntry

[TEST_AB]
PR_DISPLAY_NAME=Test Address Book
Providers=TEST_AB_PROVIDER
PR_SERVICE_DLL_NAME=test_ab.dll
PR_SERVICE_ENTRY_NAME=ServiceEntry

[TEST_XP]
PR_DISPLAY_NAME=Test Transport
Providers=TEST_XP_PROVIDER
PR_SERVICE_DLL_NAME=test_xp.dll

[TEST_STORE_PROVIDER]
PR_DISPLAY_NAME=Personal Store
PR_PROVIDER_DISPLAY=Test Store Provider
PR_PROVIDER_DLL_NAME=test_store.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE|STATUS_PRIMARY_IDENTITY

[TEST_AB_PROVIDER]
PR_DISPLAY_NAME=Contacts
PR_PROVIDER_DISPLAY=Test AB Provider
PR_PROVIDER_DLL_NAME=test_ab.dll
PR_RESOURCE_TYPE=MAPI_AB_PROVIDER
PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY

[TEST_XP_PROVIDER]
PR_DISPLAY_NAME=Test Transport
PR_PROVIDER_DISPLAY=Test XP Provider
PR_PROVIDER_DLL_NAME=test_xp.dll
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY
)";

// Records table notifications.
class TableSink final : public ComObject<IMAPIAdviseSink> {
 public:
  TableSink() : ComObject(nullptr, "TableSink") {}
  STDMETHODIMP_(ULONG) OnNotify(ULONG count, LPNOTIFICATION n) override {
    for (ULONG i = 0; i < count; ++i) {
      if (n[i].ulEventType == fnevTableModified) events.push_back(n[i].info.tab.ulTableEvent);
    }
    return 0;
  }
  std::vector<ULONG> events;
};

struct Row {
  std::map<ULONG, std::vector<BYTE>> binaries;
  std::map<ULONG, LONG> longs;
  std::map<ULONG, std::string> strings;
};

// Every row of a table, decoded (binary, long and 8-bit string columns).
inline std::vector<Row> AllRows(IMAPITable* table) {
  std::vector<Row> out;
  EXPECT_THAT(table->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), HrIs(S_OK));
  LPSRowSet rows = nullptr;
  EXPECT_THAT(table->QueryRows(100, 0, &rows), HrIs(S_OK));
  if (rows == nullptr) return out;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    Row row;
    for (ULONG i = 0; i < rows->aRow[r].cValues; ++i) {
      const SPropValue& v = rows->aRow[r].lpProps[i];
      switch (PROP_TYPE(v.ulPropTag)) {
        case PT_BINARY:
          row.binaries[v.ulPropTag] = {v.Value.bin.lpb, v.Value.bin.lpb + v.Value.bin.cb};
          break;
        case PT_LONG:
          row.longs[v.ulPropTag] = v.Value.l;
          break;
        case PT_STRING8:
          row.strings[v.ulPropTag] = v.Value.lpszA;
          break;
        default:
          break;
      }
    }
    out.push_back(std::move(row));
  }
  FreeRows(rows, ProcessBufferAllocator());
  return out;
}

inline std::vector<std::string> ProviderLines() {
  std::vector<std::string> out;
  for (const std::string& line : ProbeLines()) {
    if (line.rfind("test_", 0) == 0) out.push_back(line);
  }
  return out;
}

class SubsystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProbeReset();
    root_ = std::filesystem::temp_directory_path() /
            ("mapi_emu_subsystem_" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "profiles");
    std::ofstream(root_ / "mapisvc.inf") << kInf;
    MakeProfile("Test Profile", {"TEST_AB", "TEST_STORE"});
    ASSERT_TRUE(ProfileStore(root_ / "profiles").SetDefault("Test Profile").ok());
    subsystem_ = std::make_unique<Subsystem>(
        SubsystemOptions{root_ / "profiles", root_ / "mapisvc.inf", std::chrono::seconds(10),
                         SpoolerMode::kDeterministic});
  }
  void TearDown() override {
    subsystem_.reset();
    std::filesystem::remove_all(root_);
  }

  void MakeProfile(const std::string& name, const std::vector<std::string>& services,
                   std::vector<std::string> library_dirs = {}) {
    auto inf = ParseMapiSvcInf(kInf, "mapisvc.inf");
    ASSERT_TRUE(inf.ok()) << inf.status();
    Profile profile(name);
    profile.library_dirs =
        library_dirs.empty() ? std::vector<std::string>{kProviderDir.string()} : library_dirs;
    for (const std::string& s : services) ASSERT_TRUE(profile.AddService(*inf, s).ok()) << s;
    ASSERT_TRUE(ProfileStore(root_ / "profiles").Save(profile).ok());
  }

  ComPtr<IMAPISession> Logon(FLAGS extra = 0, const std::string& profile = "Test Profile") {
    ComPtr<IMAPISession> session;
    EXPECT_THAT(subsystem_->LogonEx(0, profile, MAPI_EXTENDED | MAPI_NEW_SESSION | extra,
                                    session.Put()),
                HrIs(S_OK));
    return session;
  }

  // The one store of the profile, opened from the message stores table.
  ComPtr<IMsgStore> OpenStore(IMAPISession* session, ULONG flags = MDB_NO_DIALOG | MDB_WRITE) {
    ComPtr<IMAPITable> stores;
    EXPECT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
    std::vector<Row> rows = AllRows(stores.get());
    EXPECT_EQ(rows.size(), 1u);
    if (rows.empty()) return nullptr;
    std::vector<BYTE>& eid = rows[0].binaries[PR_ENTRYID];
    ComPtr<IMsgStore> store;
    EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                      reinterpret_cast<LPENTRYID>(eid.data()), nullptr, flags,
                                      store.Put()),
                HrIs(S_OK));
    return store;
  }

  std::filesystem::path root_;
  std::unique_ptr<Subsystem> subsystem_;
};

}  // namespace subsystem_testing
}  // namespace mapi_emu

#endif  // MAPI_EMU_TESTS_SUBSYSTEM_SUBSYSTEM_FIXTURE_H_
