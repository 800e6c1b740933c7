#include "session/service_entry.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/default_malloc.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapitags.h"
#include "session/session_test_util.h"

namespace mapi_emu {
namespace {

using session_testing::Uid;

using ::testing::HasSubstr;

// What the test entry points saw and should do; one call at a time.
struct EntryLog {
  int calls = 0;
  HINSTANCE instance = nullptr;
  LPMALLOC malloc = nullptr;
  LPMAPISUP support = nullptr;
  ULONG_PTR ui_param = 0;
  ULONG flags = 0;
  ULONG context = 0;
  std::vector<ULONG> tags;
  LPPROVIDERADMIN admin = nullptr;
  HRESULT open_hr = E_FAIL;          // OpenProfileSection(NULL) from inside
  HRESULT modify_row_hr = E_FAIL;    // a method the configuration kind lacks
  HRESULT return_hr = S_OK;          // what the entry returns
  const char* error_text = nullptr;  // a MAPIERROR to hand back
  void* error_block = nullptr;
  bool keep_support = false;
  bool throw_error = false;
};
EntryLog g_log;

HRESULT STDAPICALLTYPE TestEntry(HINSTANCE hInstance, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
                                 ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext, ULONG cValues,
                                 LPSPropValue lpProps, LPPROVIDERADMIN lpProviderAdmin,
                                 LPMAPIERROR FAR* lppMapiError) {
  ++g_log.calls;
  g_log.instance = hInstance;
  g_log.malloc = lpMalloc;
  g_log.support = lpMAPISup;
  g_log.ui_param = ulUIParam;
  g_log.flags = ulFlags;
  g_log.context = ulContext;
  g_log.tags.clear();
  for (ULONG i = 0; i < cValues; ++i) g_log.tags.push_back(lpProps[i].ulPropTag);
  g_log.admin = lpProviderAdmin;
  LPPROFSECT section = nullptr;
  g_log.open_hr = lpMAPISup->OpenProfileSection(nullptr, MAPI_MODIFY, &section);
  if (section != nullptr) section->Release();
  g_log.modify_row_hr = lpMAPISup->ModifyStatusRow(0, nullptr, 0);
  if (g_log.keep_support) lpMAPISup->AddRef();
  if (g_log.throw_error) throw std::runtime_error("entry point exploded");
  if (g_log.error_text != nullptr) {
    LPMAPIERROR error = nullptr;
    ProviderAllocateBuffer(sizeof(MAPIERROR), reinterpret_cast<LPVOID*>(&error));
    std::memset(error, 0, sizeof(MAPIERROR));
    LPVOID text = nullptr;
    ProviderAllocateMore(static_cast<ULONG>(std::strlen(g_log.error_text) + 1), error, &text);
    std::strcpy(static_cast<char*>(text), g_log.error_text);
    error->ulVersion = MAPI_ERROR_VERSION;
    error->lpszError = static_cast<LPTSTR>(text);
    *lppMapiError = error;
    g_log.error_block = error;
  }
  return g_log.return_hr;
}

class ServiceEntryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_log = EntryLog();
    call_.profile_name = "Work";
    call_.service_uid = Uid(0x5A);
    call_.service_name = "TEST_SERVICE";
    call_.dll_name = "test_service.dll";
    call_.entry_name = "ServiceEntry";
    call_.context = MSG_SERVICE_CONFIGURE;
    call_.flags = SERVICE_UI_ALLOWED;
    call_.ui_param = 0x1234;
    call_.open_section = [this](const MAPIUID& uid, ULONG flags, LPPROFSECT* out) {
      opened_.push_back(uid);
      open_flags_ = flags;
      *out = nullptr;
      return MAPI_E_NOT_FOUND;  // nothing to open in these tests
    };
  }

  ServiceEntryCall call_;
  std::vector<MAPIUID> opened_;
  ULONG open_flags_ = 0;
};

TEST_F(ServiceEntryTest, ContextNames) {
  EXPECT_EQ(ServiceContextName(MSG_SERVICE_CREATE), "MSG_SERVICE_CREATE");
  EXPECT_EQ(ServiceContextName(MSG_SERVICE_PROVIDER_DELETE), "MSG_SERVICE_PROVIDER_DELETE");
  EXPECT_EQ(ServiceContextName(0x42), "0x00000042");
}

TEST_F(ServiceEntryTest, ServiceWithoutEntryNameCallsNothing) {
  LibraryRegistry libraries;
  call_.entry_name.clear();
  call_.dll_name.clear();
  ServiceEntryReport report;
  EXPECT_EQ(Hr(CallServiceEntry(libraries, call_, &report)), Hr(S_OK));
  EXPECT_FALSE(report.called);
  EXPECT_TRUE(report.message.empty());
  EXPECT_EQ(libraries.load_count(), 0);
}

TEST_F(ServiceEntryTest, EntryNameWithoutLibraryIsNotInitialized) {
  LibraryRegistry libraries;
  call_.dll_name.clear();
  ServiceEntryReport report;
  EXPECT_EQ(Hr(CallServiceEntry(libraries, call_, &report)), Hr(MAPI_E_NOT_INITIALIZED));
  EXPECT_THAT(report.message, HasSubstr("profile 'Work', service 'TEST_SERVICE'"));
  EXPECT_THAT(report.message, HasSubstr("'ServiceEntry'"));
  EXPECT_FALSE(report.called);
}

TEST_F(ServiceEntryTest, MissingLibraryIsNotFoundAndNamed) {
  LibraryRegistry libraries;
  call_.search.profile_dir = std::filesystem::temp_directory_path();
  call_.search.library_dirs = {std::filesystem::temp_directory_path() / "no_such_dir"};
  ServiceEntryReport report;
  EXPECT_EQ(Hr(CallServiceEntry(libraries, call_, &report)), Hr(MAPI_E_NOT_FOUND));
  EXPECT_THAT(report.message, HasSubstr("service 'TEST_SERVICE'"));
  EXPECT_THAT(report.message, HasSubstr("test_service.dll"));
  EXPECT_THAT(report.message, HasSubstr("entry point 'ServiceEntry'"));
  EXPECT_FALSE(report.called);
}

TEST_F(ServiceEntryTest, LibraryWithoutTheEntryPointIsNotInitialized) {
  // A library that certainly exists and has no MAPI entry point: the one
  // this process got std::runtime_error from.
  absl::StatusOr<std::filesystem::path> library = LoadedSystemLibraryPath();
  ASSERT_TRUE(library.ok()) << library.status().ToString();
  LibraryRegistry libraries;
  call_.dll_name = library->string();
  call_.entry_name = "NoSuchServiceEntry";
  ServiceEntryReport report;
  EXPECT_EQ(Hr(CallServiceEntry(libraries, call_, &report)), Hr(MAPI_E_NOT_INITIALIZED));
  EXPECT_THAT(report.message, HasSubstr("has no entry point 'NoSuchServiceEntry'"));
  EXPECT_THAT(report.message, HasSubstr(call_.dll_name));
  EXPECT_EQ(report.library, call_.dll_name);
  EXPECT_FALSE(report.called);
}

TEST_F(ServiceEntryTest, EntryGetsWhatMapiPasses) {
  PropArrayBuilder b;
  b.AddString8(PR_DISPLAY_NAME_A, "Configured");
  b.AddLong(PROP_TAG(PT_LONG, 0x6600), 7);
  call_.props = *b.Build();
  auto* admin = reinterpret_cast<IProviderAdmin*>(0x1);  // passed through, never called
  call_.provider_admin = admin;
  int marker = 0;
  auto* instance = reinterpret_cast<HINSTANCE>(&marker);
  ServiceEntryReport report;
  EXPECT_EQ(Hr(InvokeServiceEntry(TestEntry, instance, nullptr, call_, &report)), Hr(S_OK));
  EXPECT_TRUE(report.called);
  EXPECT_EQ(g_log.calls, 1);
  EXPECT_EQ(g_log.instance, instance);
  EXPECT_EQ(g_log.malloc, ProcessMalloc());
  EXPECT_NE(g_log.support, nullptr);
  EXPECT_EQ(g_log.ui_param, 0x1234u);
  EXPECT_EQ(g_log.flags, ULONG{SERVICE_UI_ALLOWED});
  EXPECT_EQ(g_log.context, ULONG{MSG_SERVICE_CONFIGURE});
  EXPECT_THAT(g_log.tags, ::testing::ElementsAre(PR_DISPLAY_NAME_A, PROP_TAG(PT_LONG, 0x6600)));
  EXPECT_EQ(g_log.admin, admin);
  // OpenProfileSection(NULL) is the service's own section.
  EXPECT_EQ(Hr(g_log.open_hr), Hr(MAPI_E_NOT_FOUND));
  ASSERT_EQ(opened_.size(), 1u);
  EXPECT_EQ(std::memcmp(opened_[0].ab, call_.service_uid.ab, 16), 0);
  EXPECT_EQ(open_flags_, ULONG{MAPI_MODIFY});
  // A configuration support object has no status rows.
  EXPECT_EQ(Hr(g_log.modify_row_hr), Hr(MAPI_E_NO_SUPPORT));
  EXPECT_FALSE(report.kept_support);
  EXPECT_TRUE(report.message.empty());
}

TEST_F(ServiceEntryTest, NoPropsMeansZeroAndNull) {
  EXPECT_EQ(Hr(InvokeServiceEntry(TestEntry, nullptr, nullptr, call_)), Hr(S_OK));
  EXPECT_TRUE(g_log.tags.empty());
}

TEST_F(ServiceEntryTest, FailureCarriesTheEntrysErrorTextAndFreesIt) {
  g_log.return_hr = MAPI_E_USER_CANCEL;
  g_log.error_text = "the user closed the property sheet";
  call_.context = MSG_SERVICE_CREATE;
  ServiceEntryReport report;
  EXPECT_EQ(Hr(InvokeServiceEntry(TestEntry, nullptr, nullptr, call_, &report)),
            Hr(MAPI_E_USER_CANCEL));
  EXPECT_EQ(report.entry_error, "the user closed the property sheet");
  EXPECT_THAT(report.message, HasSubstr("profile 'Work', service 'TEST_SERVICE'"));
  EXPECT_THAT(report.message, HasSubstr("entry point 'ServiceEntry'"));
  EXPECT_THAT(report.message, HasSubstr("MSG_SERVICE_CREATE returned MAPI_E_USER_CANCEL"));
  EXPECT_THAT(report.message, HasSubstr("the user closed the property sheet"));
  ASSERT_NE(g_log.error_block, nullptr);
  EXPECT_FALSE(ProcessBufferAllocator().IsLive(g_log.error_block));
}

TEST_F(ServiceEntryTest, ExceptionBecomesCallFailed) {
  g_log.throw_error = true;
  ServiceEntryReport report;
  EXPECT_EQ(Hr(InvokeServiceEntry(TestEntry, nullptr, nullptr, call_, &report)),
            Hr(MAPI_E_CALL_FAILED));
  EXPECT_THAT(report.message, HasSubstr("returned MAPI_E_CALL_FAILED"));
}

TEST_F(ServiceEntryTest, SupportObjectEndsWhenTheCallReturns) {
  g_log.keep_support = true;  // breaks the rule on purpose
  ObjectOwner owner("test library");
  ServiceEntryReport report;
  EXPECT_EQ(Hr(InvokeServiceEntry(TestEntry, nullptr, &owner, call_, &report)), Hr(S_OK));
  EXPECT_TRUE(report.kept_support);
  // The kept pointer still answers, but only MAPI_E_INVALID_OBJECT.
  LPPROFSECT section = nullptr;
  EXPECT_EQ(Hr(g_log.support->OpenProfileSection(nullptr, 0, &section)), Hr(MAPI_E_INVALID_OBJECT));
  EXPECT_EQ(section, nullptr);
  EXPECT_EQ(owner.LiveCount(), 1u);  // left allocated for the entry's pointer
  g_log.support->Release();
}

TEST_F(ServiceEntryTest, WellBehavedEntryLeavesNoSupportObject) {
  ObjectOwner owner("test library");
  EXPECT_EQ(Hr(InvokeServiceEntry(TestEntry, nullptr, &owner, call_)), Hr(S_OK));
  EXPECT_EQ(owner.CreatedCount(), 1u);
  EXPECT_EQ(owner.LiveCount(), 0u);
}

}  // namespace
}  // namespace mapi_emu
