// Profile administration through the COM interfaces, on a temporary profile
// directory and a MAPISVC.INF written here. The services have no entry
// points, except BROKEN (its library does not exist) and NOSYMBOL (a real
// library without the entry point); tests/conformance calls real ones.
#include "session/admin.h"

#include <cstring>
#include <exception>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "session/profile_store.h"
#include "session/subsystem.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

using ::testing::HasSubstr;

constexpr char kInf[] = R"([Services]
FAKE_STORE=Fake Store
FAKE_XP=Fake Transport
FAKE_MULTI=Fake Multi
BROKEN=Broken Service
NOSYMBOL=No Symbol

[Default Services]
FAKE_STORE=Fake Store
FAKE_XP=Fake Transport

[FAKE_STORE]
PR_DISPLAY_NAME=Fake Store
Providers=FAKE_STORE_MS
PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY|SERVICE_DEFAULT_STORE

[FAKE_STORE_MS]
PR_PROVIDER_DLL_NAME=fake_store.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_DISPLAY_NAME=Fake Store
PR_PROVIDER_DISPLAY=Fake Message Store
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE

[FAKE_XP]
PR_DISPLAY_NAME=Fake Transport
Providers=FAKE_XP_ONE, FAKE_XP_TWO
PR_SERVICE_SUPPORT_FILES=fake_xp.dll, fake_xp_help.dll
PR_RESOURCE_FLAGS=SERVICE_NO_PRIMARY_IDENTITY

[FAKE_XP_ONE]
PR_PROVIDER_DLL_NAME=fake_xp.dll
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_DISPLAY_NAME=Transport One

[FAKE_XP_TWO]
PR_PROVIDER_DLL_NAME=fake_xp.dll
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_DISPLAY_NAME=Transport Two

[FAKE_MULTI]
Providers=FAKE_MULTI_AB, FAKE_MULTI_MS
Sections=FAKE_MULTI_EXTRA

[FAKE_MULTI_AB]
PR_PROVIDER_DLL_NAME=fake_multi.dll
PR_RESOURCE_TYPE=MAPI_AB_PROVIDER
PR_DISPLAY_NAME=Multi Book
PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY

[FAKE_MULTI_MS]
PR_PROVIDER_DLL_NAME=fake_multi.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_DISPLAY_NAME=Multi Store

[FAKE_MULTI_EXTRA]
PR_DISPLAY_NAME=Multi Extra
66000003=00000005

[BROKEN]
Providers=BROKEN_MS
PR_SERVICE_DLL_NAME=no_such_service_library.dll
PR_SERVICE_ENTRY_NAME=ServiceEntry

[BROKEN_MS]
PR_PROVIDER_DLL_NAME=no_such_service_library.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER

[NOSYMBOL]
Providers=NOSYMBOL_MS
PR_SERVICE_DLL_NAME=@LIBRARY@
PR_SERVICE_ENTRY_NAME=NoSuchServiceEntry

[NOSYMBOL_MS]
PR_PROVIDER_DLL_NAME=nosymbol.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
)";

// A library every test process has, without a MAPI entry point.
std::string SomeLibrary() {
  absl::StatusOr<std::filesystem::path> library = LoadedSystemLibraryPath();
  return library.ok() ? library->string() : "/nonexistent";
}

LPTSTR T(const char* s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s)); }

// Every row of a table, copied; the table's buffers are freed.
std::vector<PropArray> Rows(IMAPITable* table) {
  std::vector<PropArray> out;
  LPSRowSet rows = nullptr;
  if (FAILED(table->QueryRows(1000, 0, &rows)) || rows == nullptr) return out;
  for (ULONG i = 0; i < rows->cRows; ++i) {
    out.push_back(PropArray::Copy(rows->aRow[i].lpProps, rows->aRow[i].cValues));
    ProcessBufferAllocator().Free(rows->aRow[i].lpProps);
  }
  ProcessBufferAllocator().Free(rows);
  return out;
}

std::string Str(const PropArray& row, ULONG tag) {
  const SPropValue* v = row.Find(tag);
  if (v == nullptr) return "<missing>";
  if (PROP_TYPE(v->ulPropTag) == PT_STRING8) return v->Value.lpszA;
  if (PROP_TYPE(v->ulPropTag) == PT_UNICODE) return WideToUtf8(v->Value.lpszW);
  return "<not a string>";
}

MAPIUID UidOf(const PropArray& row, ULONG tag) {
  MAPIUID uid{};
  const SPropValue* v = row.Find(tag);
  if (v != nullptr && PROP_TYPE(v->ulPropTag) == PT_BINARY && v->Value.bin.cb == 16) {
    std::memcpy(uid.ab, v->Value.bin.lpb, 16);
  }
  return uid;
}

LONG Long(const PropArray& row, ULONG tag) {
  const SPropValue* v = row.Find(tag);
  return v != nullptr ? v->Value.l : -1;
}

std::string LastErrorText(IMsgServiceAdmin* admin, HRESULT hr) {
  LPMAPIERROR error = nullptr;
  if (FAILED(admin->GetLastError(hr, 0, &error)) || error == nullptr) return {};
  std::string text = error->lpszError != nullptr ? reinterpret_cast<char*>(error->lpszError) : "";
  ProcessBufferAllocator().Free(error);
  return text;
}

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / absl::StrCat("mapi_emu_admin_test_", rd());
    std::filesystem::create_directories(dir_);
    std::string inf = kInf;
    inf.replace(inf.find("@LIBRARY@"), 9, SomeLibrary());
    WriteInf("mapisvc.inf", inf);
    context_ = {dir_ / "profiles", dir_ / "mapisvc.inf", &libraries_};
    admin_ = CreateProfAdmin(context_);
  }
  void TearDown() override {
    admin_.Reset();
    std::filesystem::remove_all(dir_);
  }

  void WriteInf(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  // A profile "Work" and its service admin.
  ComPtr<IMsgServiceAdmin> Work() {
    EXPECT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
    ComPtr<IMsgServiceAdmin> services;
    EXPECT_EQ(Hr(admin_->AdminServices(T("Work"), nullptr, 0, 0, services.Put())), Hr(S_OK));
    return services;
  }

  std::vector<PropArray> ServiceRows(IMsgServiceAdmin* admin, ULONG flags = 0) {
    ComPtr<IMAPITable> table;
    EXPECT_EQ(Hr(admin->GetMsgServiceTable(flags, table.Put())), Hr(S_OK));
    return table ? Rows(table.get()) : std::vector<PropArray>();
  }
  std::vector<PropArray> ProviderRows(IMsgServiceAdmin* admin, ULONG flags = 0) {
    ComPtr<IMAPITable> table;
    EXPECT_EQ(Hr(admin->GetProviderTable(flags, table.Put())), Hr(S_OK));
    return table ? Rows(table.get()) : std::vector<PropArray>();
  }
  std::vector<PropArray> ProfileRows() {
    ComPtr<IMAPITable> table;
    EXPECT_EQ(Hr(admin_->GetProfileTable(0, table.Put())), Hr(S_OK));
    return table ? Rows(table.get()) : std::vector<PropArray>();
  }
  // The UID of the service just created (the last row).
  MAPIUID Create(IMsgServiceAdmin* admin, const char* service, const char* display = nullptr) {
    EXPECT_EQ(Hr(admin->CreateMsgService(T(service), display ? T(display) : nullptr, 0, 0)),
              Hr(S_OK));
    std::vector<PropArray> rows = ServiceRows(admin);
    return rows.empty() ? MAPIUID{} : UidOf(rows.back(), PR_SERVICE_UID);
  }
  Profile Stored(const std::string& name) {
    return *ProfileStore(context_.profiles_dir).Load(name);
  }

  std::filesystem::path dir_;
  LibraryRegistry libraries_;
  AdminContext context_;
  ComPtr<IProfAdmin> admin_;
};

// ---- MAPIAdminProfiles / Subsystem ----

TEST_F(AdminTest, SubsystemHandsOutAdminOnlyWhenInitialized) {
  Subsystem subsystem({context_.profiles_dir, context_.mapisvc, std::nullopt, std::nullopt});
  ComPtr<IProfAdmin> admin;
  EXPECT_EQ(Hr(subsystem.AdminProfiles(0, admin.Put())), Hr(MAPI_E_NOT_INITIALIZED));
  EXPECT_EQ(admin.get(), nullptr);
  ASSERT_EQ(Hr(subsystem.Initialize(nullptr)), Hr(S_OK));
  EXPECT_EQ(Hr(subsystem.AdminProfiles(0x4000, admin.Put())), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(subsystem.AdminProfiles(0, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  ASSERT_EQ(Hr(subsystem.AdminProfiles(0, admin.Put())), Hr(S_OK));
  EXPECT_EQ(Hr(admin->CreateProfile(T("ViaSubsystem"), nullptr, 0, 0)), Hr(S_OK));
  EXPECT_TRUE(ProfileStore(context_.profiles_dir).Exists("ViaSubsystem"));
  admin.Reset();
  subsystem.Uninitialize();
}

// ---- IProfAdmin ----

TEST_F(AdminTest, ProfileTableListsProfilesAndTheDefault) {
  EXPECT_TRUE(ProfileRows().empty());
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Home"), T(""), 0, MAPI_DIALOG)), Hr(S_OK));
  ComPtr<IMAPITable> before;
  ASSERT_EQ(Hr(admin_->GetProfileTable(0, before.Put())), Hr(S_OK));
  ASSERT_EQ(Hr(admin_->SetDefaultProfile(T("Work"), 0)), Hr(S_OK));
  std::vector<PropArray> rows = ProfileRows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(Str(rows[0], PR_DISPLAY_NAME_A), "Home");
  EXPECT_EQ(rows[0].Find(PR_DEFAULT_PROFILE)->Value.b, 0);
  EXPECT_EQ(Str(rows[1], PR_DISPLAY_NAME_A), "Work");
  EXPECT_NE(rows[1].Find(PR_DEFAULT_PROFILE)->Value.b, 0);
  // Static: the table taken before SetDefaultProfile still says "no default".
  std::vector<PropArray> old = Rows(before.get());
  ASSERT_EQ(old.size(), 2u);
  EXPECT_EQ(old[1].Find(PR_DEFAULT_PROFILE)->Value.b, 0);
  // Wide columns on request.
  ComPtr<IMAPITable> wide;
  ASSERT_EQ(Hr(admin_->GetProfileTable(MAPI_UNICODE, wide.Put())), Hr(S_OK));
  EXPECT_EQ(Str(Rows(wide.get())[0], PR_DISPLAY_NAME_W), "Home");
  EXPECT_EQ(Hr(admin_->GetProfileTable(0x1000, wide.Put())), Hr(MAPI_E_UNKNOWN_FLAGS));
  // NULL clears the default.
  ASSERT_EQ(Hr(admin_->SetDefaultProfile(nullptr, 0)), Hr(S_OK));
  EXPECT_EQ(ProfileRows()[1].Find(PR_DEFAULT_PROFILE)->Value.b, 0);
  EXPECT_EQ(Hr(admin_->SetDefaultProfile(T("Nowhere"), 0)), Hr(MAPI_E_NOT_FOUND));
}

TEST_F(AdminTest, CreateProfileRejectsDuplicatesAndBadNames) {
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
  EXPECT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(MAPI_E_NO_ACCESS));
  // Profile names compare ignoring case, as on Windows.
  EXPECT_EQ(Hr(admin_->CreateProfile(T("WORK"), nullptr, 0, 0)), Hr(MAPI_E_NO_ACCESS));
  LPMAPIERROR error = nullptr;
  ASSERT_EQ(Hr(admin_->GetLastError(MAPI_E_NO_ACCESS, 0, &error)), Hr(S_OK));
  ASSERT_NE(error, nullptr);
  EXPECT_THAT(std::string(reinterpret_cast<char*>(error->lpszError)),
              HasSubstr("profile 'Work' already exists"));
  ProcessBufferAllocator().Free(error);
  EXPECT_EQ(Hr(admin_->CreateProfile(T(""), nullptr, 0, 0)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin_->CreateProfile(T("a/b"), nullptr, 0, 0)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin_->CreateProfile(nullptr, nullptr, 0, 0)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin_->CreateProfile(T("Other"), nullptr, 0, 0x100)), Hr(MAPI_E_UNKNOWN_FLAGS));
}

TEST_F(AdminTest, CreateProfileTakesWideNames) {
  const std::basic_string<WCHAR> name = Utf8ToWide("Büro");
  ASSERT_EQ(Hr(admin_->CreateProfile(reinterpret_cast<LPTSTR>(const_cast<WCHAR*>(name.c_str())),
                                     nullptr, 0, MAPI_UNICODE)),
            Hr(S_OK));
  EXPECT_TRUE(ProfileStore(context_.profiles_dir).Exists("Büro"));
}

TEST_F(AdminTest, CreateProfileWithDefaultServices) {
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, MAPI_DEFAULT_SERVICES)), Hr(S_OK));
  Profile p = Stored("Work");
  ASSERT_EQ(p.services.size(), 2u);
  EXPECT_EQ(p.services[0].name, "FAKE_STORE");
  EXPECT_EQ(p.services[1].name, "FAKE_XP");
  // Bare library names resolve beside MAPISVC.INF.
  EXPECT_THAT(p.library_dirs, ::testing::ElementsAre(std::filesystem::absolute(dir_).string()));
}

TEST_F(AdminTest, CreateProfileWithAFailingDefaultServiceLeavesNothing) {
  // [Default Services] names BROKEN, whose library does not exist.
  std::string inf = kInf;
  const std::string defaults = "[Default Services]\nFAKE_STORE=Fake Store\nFAKE_XP=Fake Transport";
  inf.replace(inf.find(defaults), defaults.size(),
              "[Default Services]\nFAKE_STORE=Fake Store\nBROKEN=Broken Service");
  WriteInf("broken.inf", inf);
  ComPtr<IProfAdmin> admin =
      CreateProfAdmin({context_.profiles_dir, dir_ / "broken.inf", &libraries_});
  EXPECT_EQ(Hr(admin->CreateProfile(T("Work"), nullptr, 0, MAPI_DEFAULT_SERVICES)),
            Hr(MAPI_E_NOT_FOUND));
  EXPECT_FALSE(ProfileStore(context_.profiles_dir).Exists("Work"));
}

TEST_F(AdminTest, DeleteProfile) {
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, MAPI_DEFAULT_SERVICES)), Hr(S_OK));
  ASSERT_EQ(Hr(admin_->SetDefaultProfile(T("Work"), 0)), Hr(S_OK));
  EXPECT_EQ(Hr(admin_->DeleteProfile(T("Nowhere"), 0)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(admin_->DeleteProfile(T("Work"), 0x100)), Hr(MAPI_E_UNKNOWN_FLAGS));
  ASSERT_EQ(Hr(admin_->DeleteProfile(T("work"), 0)), Hr(S_OK));
  EXPECT_TRUE(ProfileRows().empty());
  EXPECT_FALSE(ProfileStore(context_.profiles_dir).GetDefault().ok());
}

TEST_F(AdminTest, CopyProfileIsAnotherProfileWithTheSameServices) {
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, MAPI_DEFAULT_SERVICES)), Hr(S_OK));
  ASSERT_EQ(Hr(admin_->CopyProfile(T("Work"), nullptr, T("Copy"), 0, 0)), Hr(S_OK));
  Profile work = Stored("Work");
  Profile copy = Stored("Copy");
  ASSERT_EQ(copy.services.size(), 2u);
  EXPECT_EQ(copy.services[0].name, "FAKE_STORE");
  EXPECT_NE(std::memcmp(work.search_key.ab, copy.search_key.ab, 16), 0);
  EXPECT_EQ(Hr(admin_->CopyProfile(T("Work"), nullptr, T("copy"), 0, 0)), Hr(MAPI_E_NO_ACCESS));
  EXPECT_EQ(Hr(admin_->CopyProfile(T("Nowhere"), nullptr, T("X"), 0, 0)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(admin_->CopyProfile(T("Work"), nullptr, T("X"), 0, 0x100)),
            Hr(MAPI_E_UNKNOWN_FLAGS));
}

TEST_F(AdminTest, RenameProfileKeepsItsIdentityAndDefault) {
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Home"), nullptr, 0, 0)), Hr(S_OK));
  ASSERT_EQ(Hr(admin_->SetDefaultProfile(T("Work"), 0)), Hr(S_OK));
  const MAPIUID key = Stored("Work").search_key;
  EXPECT_EQ(Hr(admin_->RenameProfile(T("Work"), nullptr, T("Home"), 0, 0)), Hr(MAPI_E_NO_ACCESS));
  ASSERT_EQ(Hr(admin_->RenameProfile(T("Work"), nullptr, T("Office"), 0, 0)), Hr(S_OK));
  ProfileStore store(context_.profiles_dir);
  EXPECT_FALSE(store.Exists("Work"));
  EXPECT_EQ(std::memcmp(Stored("Office").search_key.ab, key.ab, 16), 0);
  EXPECT_EQ(*store.GetDefault(), "Office");
  // A change of case only is a rename too.
  ASSERT_EQ(Hr(admin_->RenameProfile(T("Office"), nullptr, T("OFFICE"), 0, 0)), Hr(S_OK));
  EXPECT_TRUE(store.Exists("OFFICE"));
  EXPECT_EQ(Hr(admin_->RenameProfile(T("Nowhere"), nullptr, T("X"), 0, 0)), Hr(MAPI_E_NOT_FOUND));
}

TEST_F(AdminTest, ChangeProfilePasswordSucceedsAndChangesNothing) {
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
  const std::string before = ProfileToJson(Stored("Work"))->dump();
  EXPECT_EQ(Hr(admin_->ChangeProfilePassword(T("Work"), T("old"), T("new"), 0)), Hr(S_OK));
  EXPECT_EQ(ProfileToJson(Stored("Work"))->dump(), before);
}

TEST_F(AdminTest, AdminServicesNeedsAnExistingProfile) {
  ComPtr<IMsgServiceAdmin> services;
  EXPECT_EQ(Hr(admin_->AdminServices(T("Nowhere"), nullptr, 0, 0, services.Put())),
            Hr(MAPI_E_LOGON_FAILED));
  EXPECT_EQ(services.get(), nullptr);
  EXPECT_EQ(Hr(admin_->AdminServices(nullptr, nullptr, 0, 0, services.Put())),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin_->AdminServices(T("Nowhere"), nullptr, 0, 0x4, services.Put())),
            Hr(MAPI_E_UNKNOWN_FLAGS));
}

// ---- IMsgServiceAdmin ----

TEST_F(AdminTest, CreateMsgServiceAddsTheLastRow) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  EXPECT_TRUE(ServiceRows(admin.get()).empty());
  const MAPIUID store = Create(admin.get(), "FAKE_STORE", "ignored: the INF names it");
  const MAPIUID xp = Create(admin.get(), "fake_xp");  // INF names ignore case
  std::vector<PropArray> rows = ServiceRows(admin.get());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::memcmp(UidOf(rows[0], PR_SERVICE_UID).ab, store.ab, 16), 0);
  EXPECT_EQ(std::memcmp(UidOf(rows[0], PR_INSTANCE_KEY).ab, store.ab, 16), 0);
  EXPECT_EQ(Str(rows[0], PR_SERVICE_NAME_A), "FAKE_STORE");
  EXPECT_EQ(Str(rows[0], PR_DISPLAY_NAME_A), "Fake Store");
  EXPECT_EQ(Long(rows[0], PR_RESOURCE_FLAGS), LONG{SERVICE_SINGLE_COPY | SERVICE_DEFAULT_STORE});
  EXPECT_EQ(PROP_TYPE(rows[0].Find(PROP_TAG(PT_UNSPECIFIED, 0x3D0A))->ulPropTag), ULONG{PT_ERROR});
  const SPropValue* files = rows[1].Find(PR_SERVICE_SUPPORT_FILES_A);
  ASSERT_NE(files, nullptr);
  EXPECT_EQ(files->Value.MVszA.cValues, 2u);
  EXPECT_EQ(std::memcmp(UidOf(rows[1], PR_SERVICE_UID).ab, xp.ab, 16), 0);
  // The service is in the file, with its provider sections.
  Profile p = Stored("Work");
  ASSERT_EQ(p.services.size(), 2u);
  EXPECT_EQ(p.services[1].providers.size(), 2u);
}

TEST_F(AdminTest, DisplayNameCountsOnlyWhenTheInfHasNone) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  Create(admin.get(), "FAKE_MULTI", "My Multi");
  std::vector<PropArray> rows = ServiceRows(admin.get(), MAPI_UNICODE);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], PR_DISPLAY_NAME_W), "My Multi");
  EXPECT_EQ(Str(rows[0], PR_SERVICE_NAME_W), "FAKE_MULTI");
}

TEST_F(AdminTest, UnknownServiceIsNotFoundNamingTheInf) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  const HRESULT hr = admin->CreateMsgService(T("NO_SUCH_SERVICE"), nullptr, 0, 0);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_NOT_FOUND));
  const std::string text = LastErrorText(admin.get(), hr);
  EXPECT_THAT(text, HasSubstr((dir_ / "mapisvc.inf").string()));
  EXPECT_THAT(text, HasSubstr("NO_SUCH_SERVICE"));
  EXPECT_EQ(Hr(admin->CreateMsgService(nullptr, nullptr, 0, 0)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin->CreateMsgService(T("FAKE_STORE"), nullptr, 0, 0x1)),
            Hr(MAPI_E_UNKNOWN_FLAGS));
  // UI flags are accepted (headless: nothing is shown).
  EXPECT_EQ(Hr(admin->CreateMsgService(
                T("FAKE_STORE"), nullptr, 0,
                SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS | SERVICE_NO_RESTART_WARNING)),
            Hr(S_OK));
}

TEST_F(AdminTest, UnreadableInfIsReported) {
  ComPtr<IProfAdmin> admin =
      CreateProfAdmin({context_.profiles_dir, dir_ / "none.inf", &libraries_});
  ASSERT_EQ(Hr(admin->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
  ComPtr<IMsgServiceAdmin> services;
  ASSERT_EQ(Hr(admin->AdminServices(T("Work"), nullptr, 0, 0, services.Put())), Hr(S_OK));
  const HRESULT hr = services->CreateMsgService(T("FAKE_STORE"), nullptr, 0, 0);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_NOT_FOUND));
  EXPECT_THAT(LastErrorText(services.get(), hr), HasSubstr("none.inf"));
}

TEST_F(AdminTest, SingleCopyServiceOnlyOnce) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  Create(admin.get(), "FAKE_STORE");
  EXPECT_EQ(Hr(admin->CreateMsgService(T("FAKE_STORE"), nullptr, 0, 0)), Hr(MAPI_E_NO_ACCESS));
  Create(admin.get(), "FAKE_XP");
  EXPECT_EQ(Hr(admin->CreateMsgService(T("FAKE_XP"), nullptr, 0, 0)), Hr(S_OK));
  EXPECT_EQ(ServiceRows(admin.get()).size(), 3u);
}

TEST_F(AdminTest, FailingEntryPointTakesTheServiceOutAgain) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  HRESULT hr = admin->CreateMsgService(T("BROKEN"), nullptr, 0, 0);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_NOT_FOUND));
  std::string text = LastErrorText(admin.get(), hr);
  EXPECT_THAT(text, HasSubstr("profile 'Work', service 'BROKEN'"));
  EXPECT_THAT(text, HasSubstr("no_such_service_library.dll"));
  EXPECT_THAT(text, HasSubstr("entry point 'ServiceEntry'"));
  EXPECT_TRUE(ServiceRows(admin.get()).empty());

  hr = admin->CreateMsgService(T("NOSYMBOL"), nullptr, 0, 0);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_NOT_INITIALIZED));
  text = LastErrorText(admin.get(), hr);
  EXPECT_THAT(text, HasSubstr("has no entry point 'NoSuchServiceEntry'"));
  EXPECT_THAT(text, HasSubstr(SomeLibrary()));
  EXPECT_TRUE(ServiceRows(admin.get()).empty());
  EXPECT_TRUE(Stored("Work").services.empty());
}

TEST_F(AdminTest, DeleteMsgServiceRemovesItsSections) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  const MAPIUID store = Create(admin.get(), "FAKE_STORE");
  MAPIUID multi = Create(admin.get(), "FAKE_MULTI");
  ASSERT_EQ(Stored("Work").sections.size(), 1u);  // FAKE_MULTI_EXTRA
  MAPIUID unknown{};
  EXPECT_EQ(Hr(admin->DeleteMsgService(&unknown)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(admin->DeleteMsgService(nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  ASSERT_EQ(Hr(admin->DeleteMsgService(&multi)), Hr(S_OK));
  Profile p = Stored("Work");
  ASSERT_EQ(p.services.size(), 1u);
  EXPECT_EQ(std::memcmp(p.services[0].uid.ab, store.ab, 16), 0);
  EXPECT_TRUE(p.sections.empty());
  EXPECT_EQ(Hr(admin->DeleteMsgService(&multi)), Hr(MAPI_E_NOT_FOUND));
}

TEST_F(AdminTest, ProviderTableHasEveryProvider) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  const MAPIUID store = Create(admin.get(), "FAKE_STORE");
  Create(admin.get(), "FAKE_XP");
  std::vector<PropArray> rows = ProviderRows(admin.get());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(Str(rows[0], PR_DISPLAY_NAME_A), "Fake Store");
  EXPECT_EQ(Str(rows[0], PR_PROVIDER_DISPLAY_A), "Fake Message Store");
  EXPECT_EQ(Str(rows[0], PR_PROVIDER_DLL_NAME_A), "fake_store.dll");
  EXPECT_EQ(Str(rows[0], PR_SERVICE_NAME_A), "FAKE_STORE");
  EXPECT_EQ(Long(rows[0], PR_RESOURCE_TYPE), LONG{MAPI_STORE_PROVIDER});
  EXPECT_EQ(Long(rows[0], PR_RESOURCE_FLAGS), LONG{STATUS_DEFAULT_STORE});
  EXPECT_EQ(std::memcmp(UidOf(rows[0], PR_SERVICE_UID).ab, store.ab, 16), 0);
  EXPECT_EQ(std::memcmp(UidOf(rows[0], PR_PROVIDER_UID).ab, UidOf(rows[0], PR_INSTANCE_KEY).ab, 16),
            0);
  EXPECT_EQ(Long(rows[1], PR_RESOURCE_TYPE), LONG{MAPI_TRANSPORT_PROVIDER});
  // Transports are numbered in transport order.
  EXPECT_EQ(Long(rows[1], PR_PROVIDER_ORDINAL), 0);
  EXPECT_EQ(Long(rows[2], PR_PROVIDER_ORDINAL), 1);
  EXPECT_EQ(Str(ProviderRows(admin.get(), MAPI_UNICODE)[2], PR_DISPLAY_NAME_W), "Transport Two");
  ComPtr<IMAPITable> table;
  EXPECT_EQ(Hr(admin->GetProviderTable(0x1, table.Put())), Hr(MAPI_E_UNKNOWN_FLAGS));
}

TEST_F(AdminTest, TransportOrder) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  Create(admin.get(), "FAKE_STORE");
  Create(admin.get(), "FAKE_XP");
  std::vector<PropArray> rows = ProviderRows(admin.get());
  MAPIUID one = UidOf(rows[1], PR_PROVIDER_UID);
  MAPIUID two = UidOf(rows[2], PR_PROVIDER_UID);
  MAPIUID store = UidOf(rows[0], PR_PROVIDER_UID);
  MAPIUID order[] = {two, one};
  EXPECT_EQ(Hr(admin->MsgServiceTransportOrder(1, order, 0)), Hr(MAPI_E_BUSY));
  MAPIUID wrong[] = {two, store};
  EXPECT_EQ(Hr(admin->MsgServiceTransportOrder(2, wrong, 0)), Hr(MAPI_E_NOT_FOUND));
  MAPIUID twice[] = {two, two};
  EXPECT_EQ(Hr(admin->MsgServiceTransportOrder(2, twice, 0)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin->MsgServiceTransportOrder(2, order, 1)), Hr(MAPI_E_UNKNOWN_FLAGS));
  ASSERT_EQ(Hr(admin->MsgServiceTransportOrder(2, order, 0)), Hr(S_OK));
  rows = ProviderRows(admin.get());
  EXPECT_EQ(Long(rows[1], PR_PROVIDER_ORDINAL), 1);  // Transport One
  EXPECT_EQ(Long(rows[2], PR_PROVIDER_ORDINAL), 0);  // Transport Two
  std::vector<MAPIUID> stored = TransportOrder(Stored("Work"));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(std::memcmp(stored[0].ab, two.ab, 16), 0);
  EXPECT_EQ(std::memcmp(stored[1].ab, one.ab, 16), 0);
}

TEST_F(AdminTest, OpenProfileSectionRules) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  MAPIUID service = Create(admin.get(), "FAKE_STORE");
  MAPIUID provider = UidOf(ProviderRows(admin.get())[0], PR_PROVIDER_UID);
  ComPtr<IProfSect> section;
  // A provider's section needs MAPI_FORCE_ACCESS from a client.
  EXPECT_EQ(Hr(admin->OpenProfileSection(&provider, nullptr, 0, section.Put())),
            Hr(MAPI_E_NO_ACCESS));
  ASSERT_EQ(Hr(admin->OpenProfileSection(&provider, nullptr, MAPI_FORCE_ACCESS, section.Put())),
            Hr(S_OK));
  section.Reset();
  // Read/write excludes every other open, read-only excludes read/write.
  ComPtr<IProfSect> writer;
  ASSERT_EQ(Hr(admin->OpenProfileSection(&service, nullptr, MAPI_MODIFY, writer.Put())), Hr(S_OK));
  EXPECT_EQ(Hr(admin->OpenProfileSection(&service, nullptr, 0, section.Put())),
            Hr(MAPI_E_NO_ACCESS));
  writer.Reset();
  ASSERT_EQ(Hr(admin->OpenProfileSection(&service, &IID_IProfSect, 0, section.Put())), Hr(S_OK));
  ComPtr<IProfSect> reader;
  EXPECT_EQ(Hr(admin->OpenProfileSection(&service, nullptr, 0, reader.Put())), Hr(S_OK));
  EXPECT_EQ(Hr(admin->OpenProfileSection(&service, nullptr, MAPI_MODIFY, writer.Put())),
            Hr(MAPI_E_NO_ACCESS));
  // Read-only means read-only.
  SPropValue name{};
  name.ulPropTag = PR_DISPLAY_NAME_A;
  name.Value.lpszA = const_cast<char*>("Renamed");
  EXPECT_EQ(Hr(section->SetProps(1, &name, nullptr)), Hr(MAPI_E_NO_ACCESS));
  section.Reset();
  reader.Reset();
  // A section that does not exist: MAPI_E_NOT_FOUND, or made by MAPI_MODIFY.
  MAPIUID fresh;
  std::memset(fresh.ab, 0x77, 16);
  EXPECT_EQ(Hr(admin->OpenProfileSection(&fresh, nullptr, 0, section.Put())), Hr(MAPI_E_NOT_FOUND));
  ASSERT_EQ(Hr(admin->OpenProfileSection(&fresh, nullptr, MAPI_MODIFY, section.Put())), Hr(S_OK));
  ASSERT_EQ(Hr(section->SetProps(1, &name, nullptr)), Hr(S_OK));
  section.Reset();
  const Profile work = Stored("Work");
  const PropArray* stored = work.FindSection(fresh);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(Str(*stored, PR_DISPLAY_NAME_A), "Renamed");
  // Arguments.
  EXPECT_EQ(Hr(admin->OpenProfileSection(nullptr, nullptr, 0, section.Put())),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin->OpenProfileSection(&service, &IID_IMAPITable, 0, section.Put())),
            Hr(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_EQ(Hr(admin->OpenProfileSection(&service, nullptr, 0x1000, section.Put())),
            Hr(MAPI_E_UNKNOWN_FLAGS));
}

TEST_F(AdminTest, ProfileInstanceSectionHasTheSearchKey) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  MAPIUID instance;
  std::memcpy(instance.ab, &MUID_PROFILE_INSTANCE, 16);
  ComPtr<IProfSect> section;
  ASSERT_EQ(Hr(admin->OpenProfileSection(&instance, nullptr, 0, section.Put())), Hr(S_OK));
  SizedSPropTagArray(1, tags) = {1, {PR_SEARCH_KEY}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(Hr(section->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values)),
            Hr(S_OK));
  ASSERT_EQ(values[0].Value.bin.cb, 16u);
  EXPECT_EQ(std::memcmp(values[0].Value.bin.lpb, Stored("Work").search_key.ab, 16), 0);
  ProcessBufferAllocator().Free(values);
}

TEST_F(AdminTest, SectionChangesMergeWithOtherWriters) {
  ComPtr<IMsgServiceAdmin> first = Work();
  ComPtr<IMsgServiceAdmin> second;
  ASSERT_EQ(Hr(admin_->AdminServices(T("Work"), nullptr, 0, 0, second.Put())), Hr(S_OK));
  MAPIUID service = Create(first.get(), "FAKE_STORE");
  ComPtr<IProfSect> section;
  ASSERT_EQ(Hr(first->OpenProfileSection(&service, nullptr, MAPI_MODIFY, section.Put())), Hr(S_OK));
  // Another admin object adds a service while the section is open.
  Create(second.get(), "FAKE_XP");
  SPropValue value{};
  value.ulPropTag = PROP_TAG(PT_LONG, 0x6601);
  value.Value.l = 42;
  ASSERT_EQ(Hr(section->SetProps(1, &value, nullptr)), Hr(S_OK));
  Profile p = Stored("Work");
  ASSERT_EQ(p.services.size(), 2u);  // the other writer's service survived
  EXPECT_EQ(p.FindSection(service)->Find(PROP_TAG(PT_LONG, 0x6601))->Value.l, 42);
  // A section whose service is deleted cannot be written any more.
  section.Reset();
  ASSERT_EQ(Hr(first->OpenProfileSection(&service, nullptr, MAPI_MODIFY, section.Put())), Hr(S_OK));
  ASSERT_EQ(Hr(second->DeleteMsgService(&service)), Hr(S_OK));
  EXPECT_EQ(Hr(section->SetProps(1, &value, nullptr)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Stored("Work").services.size(), 1u);
}

TEST_F(AdminTest, ConfigureMsgServiceArguments) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  MAPIUID service = Create(admin.get(), "FAKE_STORE");
  SPropValue value{};
  value.ulPropTag = PR_DISPLAY_NAME_A;
  value.Value.lpszA = const_cast<char*>("x");
  // No entry point: MAPI_E_NOT_INITIALIZED (imsgserviceadmin-configuremsgservice.md).
  const HRESULT hr = admin->ConfigureMsgService(&service, 0, 0, 1, &value);
  EXPECT_EQ(Hr(hr), Hr(MAPI_E_NOT_INITIALIZED));
  EXPECT_THAT(LastErrorText(admin.get(), hr), HasSubstr("PR_SERVICE_ENTRY_NAME"));
  EXPECT_EQ(Str(*Stored("Work").FindSection(service), PR_DISPLAY_NAME_A), "Fake Store");
  MAPIUID unknown{};
  EXPECT_EQ(Hr(admin->ConfigureMsgService(&unknown, 0, 0, 1, &value)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(admin->ConfigureMsgService(nullptr, 0, 0, 0, nullptr)),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin->ConfigureMsgService(&service, 0, 0, 1, nullptr)),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(admin->ConfigureMsgService(&service, 0, 0x1, 1, &value)), Hr(MAPI_E_UNKNOWN_FLAGS));
}

TEST_F(AdminTest, SetPrimaryIdentity) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  MAPIUID store = Create(admin.get(), "FAKE_STORE");
  MAPIUID xp = Create(admin.get(), "FAKE_XP");
  MAPIUID multi = Create(admin.get(), "FAKE_MULTI");
  EXPECT_EQ(Hr(admin->SetPrimaryIdentity(&xp, 0)), Hr(MAPI_E_NO_ACCESS));
  EXPECT_EQ(Hr(admin->SetPrimaryIdentity(&store, 1)), Hr(MAPI_E_UNKNOWN_FLAGS));
  ASSERT_EQ(Hr(admin->SetPrimaryIdentity(&store, 0)), Hr(S_OK));
  Profile p = Stored("Work");
  EXPECT_TRUE(p.FindSection(store)->Find(PR_RESOURCE_FLAGS)->Value.l & SERVICE_PRIMARY_IDENTITY);
  EXPECT_TRUE(p.services[0].providers[0].props.Find(PR_RESOURCE_FLAGS)->Value.l &
              STATUS_PRIMARY_IDENTITY);
  ASSERT_EQ(Hr(admin->SetPrimaryIdentity(&multi, 0)), Hr(S_OK));
  p = Stored("Work");
  EXPECT_FALSE(p.FindSection(store)->Find(PR_RESOURCE_FLAGS)->Value.l & SERVICE_PRIMARY_IDENTITY);
  EXPECT_TRUE(p.FindSection(multi)->Find(PR_RESOURCE_FLAGS)->Value.l & SERVICE_PRIMARY_IDENTITY);
  // The AB provider says it cannot supply one; the store provider gets it.
  EXPECT_FALSE(p.services[2].providers[0].props.Find(PR_RESOURCE_FLAGS)->Value.l &
               STATUS_PRIMARY_IDENTITY);
  EXPECT_TRUE(p.services[2].providers[1].props.Find(PR_RESOURCE_FLAGS)->Value.l &
              STATUS_PRIMARY_IDENTITY);
  ASSERT_EQ(Hr(admin->SetPrimaryIdentity(nullptr, 0)), Hr(S_OK));
  EXPECT_FALSE(Stored("Work").FindSection(multi)->Find(PR_RESOURCE_FLAGS)->Value.l &
               SERVICE_PRIMARY_IDENTITY);
}

TEST_F(AdminTest, CopyMsgServiceIntoAnotherProfile) {
  ComPtr<IMsgServiceAdmin> work = Work();
  MAPIUID multi = Create(work.get(), "FAKE_MULTI", "Mine");
  MAPIUID store = Create(work.get(), "FAKE_STORE");
  ASSERT_EQ(Hr(admin_->CreateProfile(T("Home"), nullptr, 0, 0)), Hr(S_OK));
  ComPtr<IMsgServiceAdmin> home;
  ASSERT_EQ(Hr(admin_->AdminServices(T("Home"), nullptr, 0, 0, home.Put())), Hr(S_OK));
  ASSERT_EQ(
      Hr(work->CopyMsgService(&multi, nullptr, nullptr, &IID_IMsgServiceAdmin, home.get(), 0, 0)),
      Hr(S_OK));
  ASSERT_EQ(Hr(work->CopyMsgService(&store, nullptr, &IID_IProfSect, &IID_IMsgServiceAdmin,
                                    home.get(), 0, SERVICE_UI_ALWAYS)),
            Hr(S_OK));
  Profile p = Stored("Home");
  ASSERT_EQ(p.services.size(), 2u);
  EXPECT_EQ(p.services[0].name, "FAKE_MULTI");
  EXPECT_NE(std::memcmp(p.services[0].uid.ab, multi.ab, 16), 0);
  EXPECT_EQ(Str(p.services[0].props, PR_DISPLAY_NAME_A), "Mine");
  EXPECT_EQ(p.services[0].providers.size(), 2u);
  ASSERT_EQ(p.sections.size(), 1u);  // the extra section, under a new UID
  const SPropValue* extra = p.services[0].props.Find(PR_SERVICE_EXTRA_UIDS);
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(std::memcmp(extra->Value.bin.lpb, p.sections[0].uid.ab, 16), 0);
  EXPECT_EQ(Str(p.sections[0].props, PR_DISPLAY_NAME_A), "Multi Extra");
  // SERVICE_SINGLE_COPY holds in the destination too.
  EXPECT_EQ(
      Hr(work->CopyMsgService(&store, nullptr, nullptr, &IID_IMsgServiceAdmin, home.get(), 0, 0)),
      Hr(MAPI_E_NO_ACCESS));
  MAPIUID unknown{};
  EXPECT_EQ(
      Hr(work->CopyMsgService(&unknown, nullptr, nullptr, &IID_IMsgServiceAdmin, home.get(), 0, 0)),
      Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(work->CopyMsgService(&store, nullptr, &IID_IMAPITable, &IID_IMsgServiceAdmin,
                                    home.get(), 0, 0)),
            Hr(MAPI_E_INTERFACE_NOT_SUPPORTED));
}

TEST_F(AdminTest, RenameMsgServiceIsNotSupportedByMapi) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  MAPIUID store = Create(admin.get(), "FAKE_STORE");
  EXPECT_EQ(Hr(admin->RenameMsgService(&store, 0, T("New"))), Hr(MAPI_E_NO_SUPPORT));
}

TEST_F(AdminTest, NoIMsgServiceAdmin2) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  void* out = reinterpret_cast<void*>(0x1);
  EXPECT_EQ(Hr(admin->QueryInterface(IID_IMsgServiceAdmin2, &out)),
            Hr(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_EQ(out, nullptr);
}

// ---- IProviderAdmin ----

TEST_F(AdminTest, ProviderAdminTableCreateAndDelete) {
  ComPtr<IMsgServiceAdmin> admin = Work();
  MAPIUID multi = Create(admin.get(), "FAKE_MULTI");
  ComPtr<IProviderAdmin> providers;
  MAPIUID unknown{};
  EXPECT_EQ(Hr(admin->AdminProviders(&unknown, 0, providers.Put())), Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(admin->AdminProviders(&multi, 1, providers.Put())), Hr(MAPI_E_UNKNOWN_FLAGS));
  ASSERT_EQ(Hr(admin->AdminProviders(&multi, 0, providers.Put())), Hr(S_OK));

  ComPtr<IMAPITable> table;
  ASSERT_EQ(Hr(providers->GetProviderTable(0, table.Put())), Hr(S_OK));
  std::vector<PropArray> rows = Rows(table.get());
  ASSERT_EQ(rows.size(), 3u);  // two providers and the extra section
  EXPECT_EQ(Str(rows[0], PR_DISPLAY_NAME_A), "Multi Book");
  EXPECT_EQ(Str(rows[2], PR_DISPLAY_NAME_A), "Multi Extra");
  EXPECT_EQ(PROP_TYPE(rows[2].Find(PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_RESOURCE_TYPE)))->ulPropTag),
            ULONG{PT_ERROR});

  SPropValue value{};
  value.ulPropTag = PR_DISPLAY_NAME_A;
  value.Value.lpszA = const_cast<char*>("Second Store");
  MAPIUID added{};
  EXPECT_EQ(Hr(providers->CreateProvider(T("NO_SUCH_SECTION"), 0, nullptr, 0, 0, &added)),
            Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(providers->CreateProvider(T("FAKE_MULTI_MS"), 1, &value, 0, 0, nullptr)),
            Hr(MAPI_E_INVALID_PARAMETER));
  ASSERT_EQ(Hr(providers->CreateProvider(T("FAKE_MULTI_MS"), 1, &value, 0, 0, &added)), Hr(S_OK));
  ASSERT_EQ(Hr(providers->GetProviderTable(MAPI_UNICODE, table.Put())), Hr(S_OK));
  rows = Rows(table.get());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(Str(rows[2], PR_DISPLAY_NAME_W), "Second Store");
  EXPECT_EQ(std::memcmp(UidOf(rows[2], PR_PROVIDER_UID).ab, added.ab, 16), 0);
  const Profile work = Stored("Work");
  const ProviderEntry* entry = work.FindProvider(added);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->section, "FAKE_MULTI_MS");
  EXPECT_EQ(Str(entry->props, PR_PROVIDER_DLL_NAME_A), "fake_multi.dll");

  ComPtr<IProfSect> section;
  EXPECT_EQ(Hr(providers->OpenProfileSection(nullptr, nullptr, 0, section.Put())),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(providers->OpenProfileSection(&added, nullptr, 0, section.Put())),
            Hr(MAPI_E_NO_ACCESS));
  ASSERT_EQ(Hr(providers->OpenProfileSection(&added, nullptr, MAPI_FORCE_ACCESS, section.Put())),
            Hr(S_OK));
  section.Reset();

  EXPECT_EQ(Hr(providers->DeleteProvider(&unknown)), Hr(MAPI_E_NOT_FOUND));
  ASSERT_EQ(Hr(providers->DeleteProvider(&added)), Hr(S_OK));
  EXPECT_EQ(Stored("Work").FindProvider(added), nullptr);
  EXPECT_EQ(ProviderRows(admin.get()).size(), 2u);
}

}  // namespace
}  // namespace mapi_emu
