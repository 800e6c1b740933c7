// Profile administration through the exported MAPI functions only, the way
// a configuration client or script makes a profile: MAPIAdminProfiles ->
// IProfAdmin -> IMsgServiceAdmin -> service entry points of the real test
// providers (their calls read back from the probe). Written so that it could
// run against Windows MAPI given the same MAPISVC.INF (except for the two
// environment variables that say where profiles and MAPISVC.INF live).
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "tests/conformance/conformance_helpers.h"
#include "tests/providers/probe/probe.h"

namespace {

using mapi_emu::conformance::Hr;
using mapi_emu::conformance::InfText;
using mapi_emu::conformance::Lines;
using mapi_emu::conformance::PR_TEST_DATA_PATH;
using mapi_emu::conformance::ReadAll;
using mapi_emu::conformance::Rows;
using mapi_emu::conformance::T;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::string StringProp(IProfSect* section, ULONG tag) {
  LPSPropValue value = nullptr;
  if (FAILED(HrGetOneProp(section, tag, &value))) return "<missing>";
  std::string out = value->Value.lpszA;
  MAPIFreeBuffer(value);
  return out;
}

std::string LastError(IMsgServiceAdmin* admin, HRESULT hr) {
  LPMAPIERROR error = nullptr;
  if (FAILED(admin->GetLastError(hr, 0, &error)) || error == nullptr) return {};
  std::string text = error->lpszError != nullptr ? reinterpret_cast<char*>(error->lpszError) : "";
  MAPIFreeBuffer(error);
  return text;
}

class AdminConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("mapi_emu_admin_conformance_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_ / "profiles");
    std::ofstream(dir_ / "mapisvc.inf") << InfText();
    // Where MAPI keeps profiles and finds MAPISVC.INF, before the first call.
    mapi_emu::SetEnv("MAPI_EMU_PROFILES", (dir_ / "profiles").string());
    mapi_emu::SetEnv("MAPI_EMU_MAPISVC", (dir_ / "mapisvc.inf").string());
    ProbeReset();
  }
  void TearDown() override {
    mapi_emu::UnsetEnv("MAPI_EMU_PROFILES");
    mapi_emu::UnsetEnv("MAPI_EMU_MAPISVC");
    std::filesystem::remove_all(dir_);
    ProbeReset();
  }

  // MAPIInitialize, MAPIAdminProfiles, a profile and its service admin.
  void Start(const char* profile) {
    ASSERT_EQ(Hr(MAPIInitialize(nullptr)), Hr(S_OK));
    ASSERT_EQ(Hr(MAPIAdminProfiles(0, &prof_admin_)), Hr(S_OK));
    ASSERT_EQ(Hr(prof_admin_->CreateProfile(T(profile), nullptr, 0, 0)), Hr(S_OK));
    ASSERT_EQ(Hr(prof_admin_->AdminServices(T(profile), nullptr, 0, 0, &svc_admin_)), Hr(S_OK));
  }
  void Stop() {
    if (svc_admin_ != nullptr) svc_admin_->Release();
    if (prof_admin_ != nullptr) prof_admin_->Release();
    svc_admin_ = nullptr;
    prof_admin_ = nullptr;
    MAPIUninitialize();
  }
  // The PR_SERVICE_UID of the last row of the message service table.
  MAPIUID LastServiceUid() {
    LPMAPITABLE table = nullptr;
    EXPECT_EQ(Hr(svc_admin_->GetMsgServiceTable(0, &table)), Hr(S_OK));
    Rows rows;
    ReadAll(table, &rows);
    return rows.size() == 0 ? MAPIUID{} : rows.Uid(rows.size() - 1, PR_SERVICE_UID);
  }

  std::filesystem::path dir_;
  LPPROFADMIN prof_admin_ = nullptr;
  LPSERVICEADMIN svc_admin_ = nullptr;
};

TEST_F(AdminConformanceTest, ProfileLifeThroughTheExportedApi) {
  Start("Conformance");

  // CreateMsgService calls the service's entry point with MSG_SERVICE_CREATE.
  ASSERT_EQ(Hr(svc_admin_->CreateMsgService(T("TEST_STORE"), nullptr, 0, 0)), Hr(S_OK));
  MAPIUID store = LastServiceUid();
  EXPECT_THAT(Lines("test_store"),
              Contains("test_store: ServiceEntry(MSG_SERVICE_CREATE, 0, [], admin)"));
  EXPECT_THAT(
      Lines("test_store"),
      Contains("test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK"));
  // The configuration support object is never AddRef'd.
  EXPECT_THAT(Lines("test_store"), Not(Contains("test_store: -> IMAPISupport::AddRef()")));
  ASSERT_EQ(Hr(svc_admin_->CreateMsgService(T("TEST_AB"), nullptr, 0, SERVICE_UI_ALLOWED)),
            Hr(S_OK));
  MAPIUID ab = LastServiceUid();
  EXPECT_THAT(Lines("test_ab"),
              Contains("test_ab: ServiceEntry(MSG_SERVICE_CREATE, SERVICE_UI_ALLOWED, [], admin)"));
  ASSERT_EQ(Hr(svc_admin_->CreateMsgService(T("TEST_XP"), nullptr, 0, 0)), Hr(S_OK));
  EXPECT_THAT(Lines("test_xp"), IsEmpty());  // no entry point, nothing loaded

  // The message service table, in the order the services were added.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(svc_admin_->GetMsgServiceTable(0, &table)), Hr(S_OK));
  {
    Rows rows;
    ReadAll(table, &rows);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows.Str(0, PR_SERVICE_NAME_A), "TEST_STORE");
    EXPECT_EQ(rows.Str(0, PR_DISPLAY_NAME_A), "Test Store");  // what the entry wrote
    EXPECT_EQ(rows.Str(0, PR_SERVICE_ENTRY_NAME), "ServiceEntry");
    EXPECT_EQ(rows.Str(0, PR_SERVICE_DLL_NAME_A), TEST_STORE_PATH);
    EXPECT_EQ(rows.Long(0, PR_RESOURCE_FLAGS), LONG{SERVICE_SINGLE_COPY | SERVICE_DEFAULT_STORE});
    EXPECT_EQ(rows.Str(1, PR_SERVICE_NAME_A), "TEST_AB");
    EXPECT_EQ(rows.Str(2, PR_SERVICE_NAME_A), "TEST_XP");
    EXPECT_EQ(std::memcmp(rows.Uid(1, PR_SERVICE_UID).ab, ab.ab, 16), 0);
  }

  // The provider table: one row per provider.
  ASSERT_EQ(Hr(svc_admin_->GetProviderTable(0, &table)), Hr(S_OK));
  {
    Rows rows;
    ReadAll(table, &rows);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows.Long(0, PR_RESOURCE_TYPE), LONG{MAPI_STORE_PROVIDER});
    EXPECT_EQ(rows.Long(1, PR_RESOURCE_TYPE), LONG{MAPI_AB_PROVIDER});
    EXPECT_EQ(rows.Long(2, PR_RESOURCE_TYPE), LONG{MAPI_TRANSPORT_PROVIDER});
    EXPECT_EQ(rows.Str(0, PR_PROVIDER_DISPLAY_A), "Test Message Store");
    EXPECT_EQ(rows.Str(2, PR_PROVIDER_DLL_NAME_A), TEST_XP_PATH);
    EXPECT_EQ(std::memcmp(rows.Uid(0, PR_SERVICE_UID).ab, store.ab, 16), 0);
    EXPECT_EQ(rows.Long(2, PR_PROVIDER_ORDINAL), 0);
  }

  // ConfigureMsgService hands the properties to the entry point.
  ProbeClear();
  SPropValue config[2] = {};
  config[0].ulPropTag = PR_DISPLAY_NAME_A;
  config[0].Value.lpszA = const_cast<char*>("Configured Store");
  config[1].ulPropTag = PR_TEST_DATA_PATH;
  config[1].Value.lpszA = const_cast<char*>("configured.dat");
  ASSERT_EQ(Hr(svc_admin_->ConfigureMsgService(&store, 0, 0, 2, config)), Hr(S_OK));
  EXPECT_THAT(Lines("test_store"),
              Contains("test_store: ServiceEntry(MSG_SERVICE_CONFIGURE, 0, [PR_DISPLAY_NAME_A, "
                       "0x6600001E], admin)"));

  // ... and the service's profile section reads them back.
  LPPROFSECT section = nullptr;
  ASSERT_EQ(Hr(svc_admin_->OpenProfileSection(&store, nullptr, MAPI_FORCE_ACCESS, &section)),
            Hr(S_OK));
  EXPECT_EQ(StringProp(section, PR_DISPLAY_NAME_A), "Configured Store");
  EXPECT_EQ(StringProp(section, PR_TEST_DATA_PATH), "configured.dat");
  section->Release();

  // The default profile.
  ASSERT_EQ(Hr(prof_admin_->SetDefaultProfile(T("Conformance"), 0)), Hr(S_OK));
  ASSERT_EQ(Hr(prof_admin_->GetProfileTable(0, &table)), Hr(S_OK));
  {
    Rows rows;
    ReadAll(table, &rows);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.Str(0, PR_DISPLAY_NAME_A), "Conformance");
    ASSERT_NE(rows.Find(0, PR_DEFAULT_PROFILE), nullptr);
    EXPECT_NE(rows.Find(0, PR_DEFAULT_PROFILE)->Value.b, 0);
  }

  // DeleteMsgService calls MSG_SERVICE_DELETE first.
  ProbeClear();
  ASSERT_EQ(Hr(svc_admin_->DeleteMsgService(&ab)), Hr(S_OK));
  EXPECT_THAT(Lines("test_ab"),
              Contains("test_ab: ServiceEntry(MSG_SERVICE_DELETE, 0, [], admin)"));
  ASSERT_EQ(Hr(svc_admin_->GetMsgServiceTable(0, &table)), Hr(S_OK));
  {
    Rows rows;
    ReadAll(table, &rows);
    EXPECT_EQ(rows.size(), 2u);
  }

  // DeleteProfile: every remaining service's entry hears MSG_SERVICE_DELETE.
  svc_admin_->Release();
  svc_admin_ = nullptr;
  ProbeClear();
  ASSERT_EQ(Hr(prof_admin_->DeleteProfile(T("Conformance"), 0)), Hr(S_OK));
  EXPECT_THAT(Lines("test_store"),
              Contains("test_store: ServiceEntry(MSG_SERVICE_DELETE, 0, [], admin)"));
  ASSERT_EQ(Hr(prof_admin_->GetProfileTable(0, &table)), Hr(S_OK));
  {
    Rows rows;
    ReadAll(table, &rows);
    EXPECT_EQ(rows.size(), 0u);
  }

  // The last MAPIUninitialize unloads the service libraries.
  ProbeClear();
  Stop();
  EXPECT_THAT(Lines("test_store"), Contains("test_store: unloaded"));
  EXPECT_THAT(Lines("test_ab"), Contains("test_ab: unloaded"));
}

TEST_F(AdminConformanceTest, ErrorCases) {
  LPPROFADMIN admin = nullptr;
  EXPECT_EQ(Hr(MAPIAdminProfiles(0, &admin)), Hr(MAPI_E_NOT_INITIALIZED));
  Start("Errors");
  EXPECT_EQ(Hr(MAPIAdminProfiles(0x1234, &admin)), Hr(MAPI_E_UNKNOWN_FLAGS));

  // A profile name already taken.
  EXPECT_EQ(Hr(prof_admin_->CreateProfile(T("Errors"), nullptr, 0, 0)), Hr(MAPI_E_NO_ACCESS));
  EXPECT_EQ(Hr(prof_admin_->CreateProfile(T("Other"), nullptr, 0, 0x10000)),
            Hr(MAPI_E_UNKNOWN_FLAGS));
  LPSERVICEADMIN other = nullptr;
  EXPECT_EQ(Hr(prof_admin_->AdminServices(T("Nowhere"), nullptr, 0, 0, &other)),
            Hr(MAPI_E_LOGON_FAILED));
  EXPECT_EQ(Hr(prof_admin_->DeleteProfile(T("Nowhere"), 0)), Hr(MAPI_E_NOT_FOUND));

  // A service MAPISVC.INF does not have: GetLastError names the file.
  HRESULT hr = svc_admin_->CreateMsgService(T("NO_SUCH_SERVICE"), nullptr, 0, 0);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_NOT_FOUND));
  EXPECT_THAT(LastError(svc_admin_, hr), HasSubstr((dir_ / "mapisvc.inf").string()));
  EXPECT_EQ(Hr(svc_admin_->CreateMsgService(T("TEST_STORE"), nullptr, 0, 0x40000)),
            Hr(MAPI_E_UNKNOWN_FLAGS));
  LPMAPITABLE table = nullptr;
  EXPECT_EQ(Hr(svc_admin_->GetMsgServiceTable(0x1, &table)), Hr(MAPI_E_UNKNOWN_FLAGS));

  // An entry point that fails: the service is not added, the error names it.
  ProbeSet("test_store.service_entry_hr", "MAPI_E_USER_CANCEL");
  hr = svc_admin_->CreateMsgService(T("TEST_STORE"), nullptr, 0, 0);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_USER_CANCEL));
  const std::string text = LastError(svc_admin_, hr);
  // The library as MAPI names it: the resolved path, in the system's form.
  EXPECT_THAT(text, HasSubstr(std::filesystem::path(TEST_STORE_PATH).lexically_normal().string()));
  EXPECT_THAT(text, HasSubstr("entry point 'ServiceEntry'"));
  EXPECT_THAT(text, HasSubstr("MSG_SERVICE_CREATE"));
  ASSERT_EQ(Hr(svc_admin_->GetMsgServiceTable(0, &table)), Hr(S_OK));
  {
    Rows rows;
    ReadAll(table, &rows);
    EXPECT_EQ(rows.size(), 0u);
  }

  // A failing MSG_SERVICE_CONFIGURE leaves the configuration as it was.
  ProbeSet("test_store.service_entry_hr", nullptr);
  ASSERT_EQ(Hr(svc_admin_->CreateMsgService(T("TEST_STORE"), nullptr, 0, 0)), Hr(S_OK));
  MAPIUID store = LastServiceUid();
  ProbeSet("test_store.service_entry_hr", "MAPI_E_USER_CANCEL");
  SPropValue config{};
  config.ulPropTag = PR_DISPLAY_NAME_A;
  config.Value.lpszA = const_cast<char*>("Not Kept");
  EXPECT_EQ(Hr(svc_admin_->ConfigureMsgService(&store, 0, SERVICE_UI_ALLOWED, 1, &config)),
            Hr(MAPI_E_USER_CANCEL));
  LPPROFSECT section = nullptr;
  ASSERT_EQ(Hr(svc_admin_->OpenProfileSection(&store, nullptr, MAPI_FORCE_ACCESS, &section)),
            Hr(S_OK));
  EXPECT_EQ(StringProp(section, PR_DISPLAY_NAME_A), "Test Store");
  section->Release();
  ProbeSet("test_store.service_entry_hr", nullptr);

  MAPIUID unknown{};
  EXPECT_EQ(Hr(svc_admin_->DeleteMsgService(&unknown)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(svc_admin_->ConfigureMsgService(&unknown, 0, 0, 0, nullptr)), Hr(MAPI_E_NOT_FOUND));
  Stop();
}

}  // namespace
