// A session through the exported MAPI functions only: a profile made with the
// admin API from a MAPISVC.INF, MAPILogonEx, the message stores table,
// OpenMsgStore, the status table, OpenEntry routed by MAPIUID, Logoff and
// MAPIUninitialize — checked against what the real test providers were asked
// to do (the probe).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "tests/conformance/conformance_helpers.h"
#include "tests/providers/probe/probe.h"

namespace {

using mapi_emu::conformance::Hr;
using mapi_emu::conformance::InfText;
using mapi_emu::conformance::Lines;
using mapi_emu::conformance::ReadAll;
using mapi_emu::conformance::Rows;
using mapi_emu::conformance::T;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class SessionConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("mapi_emu_session_conformance_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_ / "profiles");
    std::ofstream(dir_ / "mapisvc.inf") << InfText();
    mapi_emu::SetEnv("MAPI_EMU_PROFILES", (dir_ / "profiles").string());
    mapi_emu::SetEnv("MAPI_EMU_MAPISVC", (dir_ / "mapisvc.inf").string());
    ProbeReset();
    ASSERT_EQ(Hr(MAPIInitialize(nullptr)), Hr(S_OK));
    // The profile, the way a configuration script makes it.
    LPPROFADMIN prof_admin = nullptr;
    ASSERT_EQ(Hr(MAPIAdminProfiles(0, &prof_admin)), Hr(S_OK));
    ASSERT_EQ(Hr(prof_admin->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
    LPSERVICEADMIN svc_admin = nullptr;
    ASSERT_EQ(Hr(prof_admin->AdminServices(T("Work"), nullptr, 0, 0, &svc_admin)), Hr(S_OK));
    ASSERT_EQ(Hr(svc_admin->CreateMsgService(T("TEST_AB"), nullptr, 0, 0)), Hr(S_OK));
    ASSERT_EQ(Hr(svc_admin->CreateMsgService(T("TEST_STORE"), nullptr, 0, 0)), Hr(S_OK));
    ASSERT_EQ(Hr(prof_admin->SetDefaultProfile(T("Work"), 0)), Hr(S_OK));
    svc_admin->Release();
    prof_admin->Release();
    ProbeClear();
  }
  void TearDown() override {
    MAPIUninitialize();
    mapi_emu::UnsetEnv("MAPI_EMU_PROFILES");
    mapi_emu::UnsetEnv("MAPI_EMU_MAPISVC");
    std::filesystem::remove_all(dir_);
    ProbeReset();
  }

  std::filesystem::path dir_;
};

TEST_F(SessionConformanceTest, LogonStoreStatusTableAndRoutingByMapiUid) {
  LPMAPISESSION session = nullptr;
  ASSERT_EQ(Hr(MAPILogonEx(0, T("Work"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                           &session)),
            Hr(S_OK));
  // Address books start with the session; stores wait for OpenMsgStore.
  EXPECT_THAT(Lines("test_ab"), Contains(HasSubstr("IABProvider#1::Logon(\"Work\"")));
  EXPECT_THAT(Lines("test_store"), IsEmpty());

  // The message stores table lists the profile's store with the required columns.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(session->GetMsgStoresTable(0, &table)), Hr(S_OK));
  Rows stores;
  ReadAll(table, &stores);
  ASSERT_EQ(stores.size(), 1u);
  EXPECT_EQ(stores.Str(0, PR_DISPLAY_NAME_A), "Test Store");
  EXPECT_EQ(stores.Long(0, PR_OBJECT_TYPE), LONG{MAPI_STORE});
  EXPECT_EQ(stores.Long(0, PR_RESOURCE_TYPE), LONG{MAPI_STORE_PROVIDER});
  ASSERT_NE(stores.Find(0, PR_DEFAULT_STORE), nullptr);
  EXPECT_TRUE(stores.Find(0, PR_DEFAULT_STORE)->Value.b);
  for (ULONG tag : {PR_ENTRYID, PR_INSTANCE_KEY, PR_RECORD_KEY, PR_MDB_PROVIDER}) {
    EXPECT_NE(stores.Find(0, tag), nullptr) << std::hex << tag;
  }

  const SPropValue* eid = stores.Find(0, PR_ENTRYID);
  LPMDB store = nullptr;
  ASSERT_EQ(Hr(session->OpenMsgStore(0, eid->Value.bin.cb,
                                     reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb), nullptr,
                                     MDB_NO_DIALOG | MDB_WRITE, &store)),
            Hr(S_OK));
  EXPECT_THAT(Lines("test_store"), Contains(HasSubstr("-> IMAPISupport::SetProviderUID(")));

  // The status table: subsystem, spooler (MAPI_NO_MAIL: STATUS_FAILURE), the
  // address book's row and the store's row.
  ASSERT_EQ(Hr(session->GetStatusTable(0, &table)), Hr(S_OK));
  Rows status;
  ReadAll(table, &status);
  ASSERT_EQ(status.size(), 4u);
  std::vector<LONG> types;
  for (ULONG r = 0; r < status.size(); ++r) {
    types.push_back(status.Long(r, PR_RESOURCE_TYPE));
    EXPECT_EQ(status.Long(r, PR_OBJECT_TYPE), LONG{MAPI_STATUS});
    EXPECT_NE(status.Find(r, PR_ENTRYID), nullptr);
    EXPECT_NE(status.Find(r, PR_DISPLAY_NAME_A), nullptr);
    EXPECT_NE(status.Find(r, PR_STATUS_CODE), nullptr);
  }
  EXPECT_THAT(types, ElementsAre(LONG{MAPI_SUBSYSTEM}, LONG{MAPI_SPOOLER}, LONG{MAPI_AB_PROVIDER},
                                 LONG{MAPI_STORE_PROVIDER}));
  EXPECT_EQ(status.Long(1, PR_STATUS_CODE), LONG{STATUS_FAILURE});
  EXPECT_EQ(status.Str(3, PR_PROVIDER_DLL_NAME_A), TEST_STORE_PATH);

  // OpenEntry on an entry ID of the store's (its root folder) goes to the
  // store's logon object, found by the MAPIUID in bytes 4..19.
  ULONG type = 0;
  LPUNKNOWN root = nullptr;
  ASSERT_EQ(Hr(store->OpenEntry(0, nullptr, nullptr, 0, &type, &root)), Hr(S_OK));
  LPSPropValue root_eid = nullptr;
  ASSERT_EQ(Hr(HrGetOneProp(static_cast<LPMAPIPROP>(static_cast<IMAPIFolder*>(root)), PR_ENTRYID,
                            &root_eid)),
            Hr(S_OK));
  ProbeClear();
  LPUNKNOWN routed = nullptr;
  ASSERT_EQ(Hr(session->OpenEntry(root_eid->Value.bin.cb,
                                  reinterpret_cast<LPENTRYID>(root_eid->Value.bin.lpb), nullptr, 0,
                                  &type, &routed)),
            Hr(S_OK));
  EXPECT_EQ(type, ULONG{MAPI_FOLDER});
  EXPECT_THAT(Lines("test_store"), Contains(HasSubstr("IMSLogon#1::OpenEntry(folder:")));
  EXPECT_THAT(Lines("test_ab"), IsEmpty());
  routed->Release();

  // An entry ID with a MAPIUID nobody registered: MAPI_E_UNKNOWN_ENTRYID, no provider call.
  BYTE foreign[24] = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  ProbeClear();
  EXPECT_EQ(Hr(session->OpenEntry(sizeof(foreign), reinterpret_cast<LPENTRYID>(foreign), nullptr,
                                  0, &type, &routed)),
            Hr(MAPI_E_UNKNOWN_ENTRYID));
  EXPECT_THAT(mapi_emu::ProbeLines(), IsEmpty());

  // After the store's release ends its logon, its UID no longer routes.
  root->Release();
  store->Release();
  EXPECT_EQ(Hr(session->OpenEntry(root_eid->Value.bin.cb,
                                  reinterpret_cast<LPENTRYID>(root_eid->Value.bin.lpb), nullptr, 0,
                                  &type, &routed)),
            Hr(MAPI_E_UNKNOWN_ENTRYID));
  MAPIFreeBuffer(root_eid);

  LPADRBOOK ab = nullptr;
  EXPECT_EQ(Hr(session->OpenAddressBook(0, nullptr, AB_NO_DIALOG, &ab)), Hr(S_OK));
  ab->Release();
  EXPECT_EQ(Hr(session->Logoff(0, 0, 0)), Hr(S_OK));
  EXPECT_EQ(Hr(session->GetStatusTable(0, &table)), Hr(MAPI_E_INVALID_OBJECT));
  session->Release();
}

TEST_F(SessionConformanceTest, DefaultProfileAndBadArguments) {
  LPMAPISESSION session = nullptr;
  EXPECT_EQ(Hr(MAPILogonEx(0, nullptr, nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION, nullptr)),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(MAPILogonEx(0, T("Nobody"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION, &session)),
            Hr(MAPI_E_LOGON_FAILED));
  EXPECT_EQ(session, nullptr);
  ASSERT_EQ(Hr(MAPILogonEx(0, nullptr, nullptr,
                           MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT | MAPI_NO_MAIL,
                           &session)),
            Hr(S_OK));
  LPMAPITABLE table = nullptr;
  EXPECT_EQ(Hr(session->GetStatusTable(0x1, &table)), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(session->GetStatusTable(0, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(session->Logoff(0, 0, 1)), Hr(MAPI_E_INVALID_PARAMETER)) << "ulReserved must be 0";
  session->Release();  // without Logoff: MAPI logs off itself
  EXPECT_THAT(Lines("test_ab"), Contains("test_ab: IABLogon#1::Logoff(0)"));
}

}  // namespace
