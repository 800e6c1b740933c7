#include "session/prof_sect.h"

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "session/mapi_uid.h"
#include "session/profile_store.h"
#include "session/session_test_util.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

namespace fs = std::filesystem;
using session_testing::Hr;
using session_testing::kTestData;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr ULONG kStorePath = PROP_TAG(PT_STRING8, 0x6600);
constexpr ULONG kSecret = PROP_TAG(PT_STRING8, 0x67F0);

// A profile made from the project's example MAPISVC.INF, saved in a fresh
// directory, and a LiveProfile that writes back there.
class ProfSectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mapi_emu_prof_sect_" + MapiUidText(NewMapiUid()).substr(0, 12));
    store_ = std::make_unique<ProfileStore>(dir_);
    absl::StatusOr<MapiSvcInf> inf =
        LoadMapiSvcInf(kTestData / ".." / ".." / "configs" / "mapisvc.inf");
    ASSERT_TRUE(inf.ok()) << inf.status();
    Profile profile("live");
    ServiceEntry* store = *profile.AddService(*inf, "SAMPLE_STORE");
    service_uid_ = store->uid;
    provider_uid_ = store->providers[0].uid;
    ASSERT_TRUE(store_->Save(profile).ok());
    live_ = std::make_unique<LiveProfile>(profile, [this](const Profile& p) {
      return save_result_.ok() ? store_->Save(p) : save_result_;
    });
  }
  void TearDown() override {
    live_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  ComPtr<IProfSect> Open(const MAPIUID& uid, ULONG flags, HRESULT expect = S_OK) {
    ComPtr<IProfSect> section;
    EXPECT_EQ(Hr(live_->OpenSection(&uid, flags, section.Put())), Hr(expect));
    return section;
  }

  // The provider section as the file on disk has it now.
  PropArray OnDisk(const MAPIUID& uid) {
    absl::StatusOr<Profile> p = store_->Load("live");
    EXPECT_TRUE(p.ok()) << p.status();
    const PropArray* props = p.ok() ? p->FindSection(uid) : nullptr;
    return props == nullptr ? PropArray() : *props;
  }

  static HRESULT SetString(IProfSect* section, ULONG tag, const char* text,
                           std::vector<SPropProblem>* problems = nullptr) {
    SPropValue v{};
    v.ulPropTag = tag;
    v.Value.lpszA = const_cast<LPSTR>(text);
    LPSPropProblemArray array = nullptr;
    const HRESULT hr = section->SetProps(1, &v, &array);
    if (array != nullptr) {
      if (problems != nullptr) problems->assign(array->aProblem, array->aProblem + array->cProblem);
      ProcessBufferAllocator().Free(array);
    }
    return hr;
  }

  static PropArray GetAll(IProfSect* section, ULONG flags = 0) {
    ULONG count = 0;
    LPSPropValue values = nullptr;
    EXPECT_EQ(Hr(section->GetProps(nullptr, flags, &count, &values)), Hr(S_OK));
    PropArray out = PropArray::Copy(values, count);
    ProcessBufferAllocator().Free(values);
    return out;
  }

  static std::vector<ULONG> TagsOf(const PropArray& props) {
    std::vector<ULONG> tags;
    for (const SPropValue& v : props) tags.push_back(v.ulPropTag);
    return tags;
  }

  fs::path dir_;
  std::unique_ptr<ProfileStore> store_;
  std::unique_ptr<LiveProfile> live_;
  absl::Status save_result_;
  MAPIUID service_uid_{};
  MAPIUID provider_uid_{};
};

TEST_F(ProfSectTest, SetPropsIsWrittenToTheProfileFileAtOnce) {
  ComPtr<IProfSect> section = Open(provider_uid_, MAPI_MODIFY);
  ASSERT_EQ(Hr(SetString(section.get(), kStorePath, "/var/mail/store.mst")), Hr(S_OK));
  // No SaveChanges: profile sections are not transacted.
  const PropArray disk = OnDisk(provider_uid_);
  ASSERT_NE(disk.Find(kStorePath), nullptr);
  EXPECT_STREQ(disk.Find(kStorePath)->Value.lpszA, "/var/mail/store.mst");
  EXPECT_STREQ(disk.Find(PR_PROVIDER_DLL_NAME_A)->Value.lpszA, "sample_store.dll");
  EXPECT_EQ(Hr(section->SaveChanges(KEEP_OPEN_READWRITE)), Hr(S_OK));

  SizedSPropTagArray(1, tags) = {1, {kStorePath}};
  ASSERT_EQ(Hr(section->DeleteProps(reinterpret_cast<LPSPropTagArray>(&tags), nullptr)), Hr(S_OK));
  EXPECT_EQ(OnDisk(provider_uid_).Find(kStorePath), nullptr);
}

TEST_F(ProfSectTest, ReopenedAndConcurrentOpensShareTheSection) {
  ComPtr<IProfSect> writer = Open(provider_uid_, MAPI_MODIFY);
  ComPtr<IProfSect> reader = Open(provider_uid_, 0);
  ASSERT_EQ(Hr(SetString(writer.get(), kStorePath, "shared")), Hr(S_OK));
  const PropArray seen = GetAll(reader.get());
  ASSERT_NE(seen.Find(kStorePath), nullptr);
  EXPECT_STREQ(seen.Find(kStorePath)->Value.lpszA, "shared");
  writer.Reset();
  ComPtr<IProfSect> again = Open(provider_uid_, 0);
  EXPECT_NE(GetAll(again.get()).Find(kStorePath), nullptr);
  EXPECT_NE(live_->Snapshot().FindSection(provider_uid_)->Find(kStorePath), nullptr);
}

TEST_F(ProfSectTest, WithoutMapiModifyTheSectionIsReadOnly) {
  ComPtr<IProfSect> section = Open(provider_uid_, 0);
  EXPECT_EQ(Hr(SetString(section.get(), kStorePath, "x")), Hr(MAPI_E_NO_ACCESS));
  SizedSPropTagArray(1, tags) = {1, {PR_DISPLAY_NAME_A}};
  EXPECT_EQ(Hr(section->DeleteProps(reinterpret_cast<LPSPropTagArray>(&tags), nullptr)),
            Hr(MAPI_E_NO_ACCESS));
  EXPECT_STREQ(GetAll(section.get()).Find(PR_DISPLAY_NAME_A)->Value.lpszA, "Sample Message Store");
  EXPECT_EQ(OnDisk(provider_uid_).Find(kStorePath), nullptr);
}

TEST_F(ProfSectTest, ComputedAndMirroredPropertiesAreReadOnly) {
  ComPtr<IProfSect> section = Open(provider_uid_, MAPI_MODIFY);
  const PropArray all = GetAll(section.get());
  ASSERT_NE(all.Find(PR_OBJECT_TYPE), nullptr);
  EXPECT_EQ(all.Find(PR_OBJECT_TYPE)->Value.l, static_cast<LONG>(MAPI_PROFSECT));
  EXPECT_STREQ(all.Find(PR_PROFILE_NAME_A)->Value.lpszA, "live");
  EXPECT_EQ(BytesToHex(all.Find(PR_PROVIDER_UID)->Value.bin.lpb, 16), MapiUidText(provider_uid_));
  EXPECT_EQ(all.Find(PR_RESOURCE_TYPE)->Value.l, static_cast<LONG>(MAPI_STORE_PROVIDER));

  std::vector<SPropProblem> problems;
  ASSERT_EQ(Hr(SetString(section.get(), PR_PROFILE_NAME_A, "renamed", &problems)), Hr(S_OK));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(Hr(problems[0].scode), Hr(MAPI_E_COMPUTED));
  problems.clear();
  ASSERT_EQ(Hr(SetString(section.get(), PR_SERVICE_NAME_A, "other", &problems)), Hr(S_OK));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(Hr(problems[0].scode), Hr(MAPI_E_NO_ACCESS));
  EXPECT_STREQ(OnDisk(provider_uid_).Find(PR_SERVICE_NAME_A)->Value.lpszA, "SAMPLE_STORE");

  // Unicode callers get the computed name as PT_UNICODE too.
  const PropArray wide = GetAll(section.get(), MAPI_UNICODE);
  EXPECT_EQ(WideToUtf8(wide.Find(PR_PROFILE_NAME_W)->Value.lpszW), "live");
}

TEST_F(ProfSectTest, SecurePropertiesOnlyByIdAndNoNamedProperties) {
  ComPtr<IProfSect> section = Open(provider_uid_, MAPI_MODIFY);
  ASSERT_EQ(Hr(SetString(section.get(), kSecret, "hunter2")), Hr(S_OK));
  EXPECT_THAT(TagsOf(GetAll(section.get())), Not(Contains(kSecret)));
  LPSPropTagArray list = nullptr;
  ASSERT_EQ(Hr(section->GetPropList(0, &list)), Hr(S_OK));
  EXPECT_THAT(std::vector<ULONG>(list->aulPropTag, list->aulPropTag + list->cValues),
              Not(Contains(kSecret)));
  ProcessBufferAllocator().Free(list);
  SizedSPropTagArray(1, secret) = {1, {kSecret}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  ASSERT_EQ(Hr(section->GetProps(reinterpret_cast<LPSPropTagArray>(&secret), 0, &count, &values)),
            Hr(S_OK));
  EXPECT_STREQ(values[0].Value.lpszA, "hunter2");
  ProcessBufferAllocator().Free(values);

  std::vector<SPropProblem> problems;
  ASSERT_EQ(Hr(SetString(section.get(), PROP_TAG(PT_STRING8, 0x8001), "named", &problems)),
            Hr(S_OK));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(Hr(problems[0].scode), Hr(MAPI_E_NO_SUPPORT));
  LPSPropTagArray ids = reinterpret_cast<LPSPropTagArray>(0x1);
  EXPECT_EQ(Hr(section->GetIDsFromNames(0, nullptr, 0, &ids)), Hr(MAPI_E_NO_SUPPORT));
}

TEST_F(ProfSectTest, MissingSectionIsNotFoundReadOnlyAndCreatedWithModify) {
  const MAPIUID fresh = NewMapiUid();
  ComPtr<IProfSect> none = Open(fresh, 0, MAPI_E_NOT_FOUND);
  EXPECT_EQ(none.get(), nullptr);
  ComPtr<IProfSect> created = Open(fresh, MAPI_MODIFY);
  ASSERT_NE(created.get(), nullptr);
  // Created and saved at once, before any property is set.
  absl::StatusOr<Profile> saved = store_->Load("live");
  ASSERT_TRUE(saved.ok());
  EXPECT_NE(saved->FindSection(fresh), nullptr);
  ASSERT_EQ(Hr(SetString(created.get(), kStorePath, "extra")), Hr(S_OK));
  EXPECT_STREQ(OnDisk(fresh).Find(kStorePath)->Value.lpszA, "extra");
  EXPECT_NE(Open(fresh, 0).get(), nullptr);
}

TEST_F(ProfSectTest, ProfileInstanceSectionHoldsTheSearchKey) {
  MAPIUID instance;
  std::memcpy(instance.ab, &MUID_PROFILE_INSTANCE, sizeof(instance.ab));
  ComPtr<IProfSect> section = Open(instance, MAPI_MODIFY);
  const PropArray all = GetAll(section.get());
  ASSERT_NE(all.Find(PR_SEARCH_KEY), nullptr);
  EXPECT_EQ(BytesToHex(all.Find(PR_SEARCH_KEY)->Value.bin.lpb, 16),
            MapiUidText(live_->Snapshot().search_key));
  SPropValue v{};
  v.ulPropTag = PR_SEARCH_KEY;
  EXPECT_EQ(Hr(section->SetProps(1, &v, nullptr)), Hr(MAPI_E_NO_ACCESS));
}

TEST_F(ProfSectTest, FailedWriteBackUndoesTheChange) {
  ComPtr<IProfSect> section = Open(provider_uid_, MAPI_MODIFY);
  save_result_ = HresultToStatus(MAPI_E_DISK_ERROR, "read-only file system");
  EXPECT_EQ(Hr(SetString(section.get(), kStorePath, "lost")), Hr(MAPI_E_DISK_ERROR));
  EXPECT_EQ(GetAll(section.get()).Find(kStorePath), nullptr);
  EXPECT_EQ(live_->Snapshot().FindSection(provider_uid_)->Find(kStorePath), nullptr);
  save_result_ = absl::OkStatus();
  EXPECT_EQ(Hr(SetString(section.get(), kStorePath, "kept")), Hr(S_OK));
  EXPECT_STREQ(OnDisk(provider_uid_).Find(kStorePath)->Value.lpszA, "kept");
}

TEST_F(ProfSectTest, OpenSectionChecksArguments) {
  ComPtr<IProfSect> section;
  EXPECT_EQ(Hr(live_->OpenSection(nullptr, 0, section.Put())), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(live_->OpenSection(&service_uid_, 0x100, section.Put())), Hr(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_EQ(Hr(live_->OpenSection(&service_uid_, 0, nullptr)), Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(section.get(), nullptr);
  ASSERT_EQ(Hr(live_->OpenSection(&service_uid_, MAPI_DEFERRED_ERRORS, section.Put())), Hr(S_OK));
  ComPtr<IMAPIProp> as_prop;
  EXPECT_EQ(Hr(section.As(&as_prop)), Hr(S_OK));
  ComPtr<IPropData> as_data;
  EXPECT_EQ(Hr(section.As(&as_data)), Hr(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_STREQ(GetAll(section.get()).Find(PR_SERVICE_DLL_NAME_A)->Value.lpszA, "sample_store.dll");
}

}  // namespace
}  // namespace mapi_emu
