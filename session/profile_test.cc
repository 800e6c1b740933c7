#include "session/profile.h"

#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/prop_json.h"
#include "mapitags.h"
#include "mapix.h"
#include "session/mapi_uid.h"
#include "session/session_test_util.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

using nlohmann::json;
using session_testing::kTestData;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::filesystem::path kConfigs = kTestData / ".." / ".." / "configs";

MapiSvcInf LoadInf(const std::filesystem::path& path) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(path);
  EXPECT_TRUE(inf.ok()) << inf.status();
  return inf.ok() ? *inf : MapiSvcInf();
}

MapiSvcInf ParseInf(const std::string& text) {
  absl::StatusOr<MapiSvcInf> inf = ParseMapiSvcInf(text, "test.inf");
  EXPECT_TRUE(inf.ok()) << inf.status();
  return inf.ok() ? *inf : MapiSvcInf();
}

std::string Str8(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(tag);
  return v == nullptr ? std::string("<missing>") : std::string(v->Value.lpszA);
}

std::string Bin(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(tag);
  return v == nullptr ? std::string("<missing>") : BytesToHex(v->Value.bin.lpb, v->Value.bin.cb);
}

std::string UidText(const MAPIUID& uid) { return MapiUidText(uid); }

// The error ProfileFromJson gives for `document`.
std::string JsonError(const json& document) {
  absl::StatusOr<Profile> p = ProfileFromJson(document);
  EXPECT_FALSE(p.ok()) << document.dump();
  return p.ok() ? std::string() : std::string(p.status().message());
}

json GoodJson() {
  absl::StatusOr<Profile> p = LoadProfileFile(kTestData / "profiles" / "good.json");
  EXPECT_TRUE(p.ok()) << p.status();
  return *ProfileToJson(*p);
}

TEST(ProfileTest, AddServiceCopiesPropertiesAndMakesUids) {
  const MapiSvcInf inf = LoadInf(kTestData / "good.inf");
  Profile profile("test");
  absl::StatusOr<ServiceEntry*> added = profile.AddService(inf, "msgservice");
  ASSERT_TRUE(added.ok()) << added.status();
  const ServiceEntry& s = **added;
  EXPECT_EQ(s.name, "MsgService");
  EXPECT_EQ(Bin(s.props, PR_SERVICE_UID), UidText(s.uid));
  EXPECT_EQ(Str8(s.props, PR_SERVICE_NAME_A), "MsgService");
  EXPECT_EQ(Str8(s.props, PR_SERVICE_DLL_NAME_A), "MYSERV.DLL");
  EXPECT_EQ(Str8(s.props, PR_SERVICE_ENTRY_NAME), "MyServiceEntry");
  EXPECT_EQ(s.props.Find(PR_RESOURCE_FLAGS)->Value.ul,
            SERVICE_SINGLE_COPY | SERVICE_PRIMARY_IDENTITY);

  ASSERT_EQ(s.providers.size(), 2u);
  std::set<std::string> uids = {UidText(s.uid)};
  for (const ProviderEntry& p : s.providers) {
    EXPECT_TRUE(uids.insert(UidText(p.uid)).second) << "UIDs must differ";
    EXPECT_EQ(Bin(p.props, PR_PROVIDER_UID), UidText(p.uid));
    EXPECT_EQ(Bin(p.props, PR_SERVICE_UID), UidText(s.uid));
    EXPECT_EQ(Str8(p.props, PR_SERVICE_NAME_A), "MsgService");
  }
  EXPECT_EQ(s.providers[0].section, "MsgService Prov1");
  EXPECT_EQ(s.providers[1].props.Find(PR_RESOURCE_TYPE)->Value.ul, MAPI_STORE_PROVIDER);
  EXPECT_EQ(Str8(s.providers[1].props, PR_PROVIDER_DLL_NAME_A), "MYZZZ.DLL");
  EXPECT_EQ(s.providers[1].props.Find(0x66090003)->Value.l, 6);

  // The extra section keeps the INF's UID= and is listed in the service.
  ASSERT_EQ(profile.sections.size(), 1u);
  EXPECT_EQ(UidText(profile.sections[0].uid), "13db0c8aa05101a9bb000aa002fc45a0");
  EXPECT_EQ(Bin(s.props, PR_SERVICE_EXTRA_UIDS), "13db0c8aa05101a9bb000aa002fc45a0");
  EXPECT_EQ(profile.sections[0].props.Find(0x66000003)->Value.l, 0x400);
}

TEST(ProfileTest, AddServiceFillsDefaults) {
  const MapiSvcInf inf = ParseInf(
      "[Services]\nS=Shown Name\n[S]\nProviders=P\n[P]\n"
      "PR_PROVIDER_DLL_NAME=p.dll\nPR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n");
  Profile profile("test");
  absl::StatusOr<ServiceEntry*> added = profile.AddService(inf, "S");
  ASSERT_TRUE(added.ok()) << added.status();
  const ServiceEntry& s = **added;
  EXPECT_EQ(Str8(s.props, PR_DISPLAY_NAME_A), "Shown Name");
  EXPECT_EQ(s.props.Find(PR_RESOURCE_FLAGS)->Value.ul, 0u);
  EXPECT_EQ(s.props.Find(PR_SERVICE_EXTRA_UIDS), nullptr);
  const PropArray& p = s.providers[0].props;
  EXPECT_EQ(Str8(p, PR_DISPLAY_NAME_A), "Shown Name");
  EXPECT_EQ(Str8(p, PR_PROVIDER_DISPLAY_A), "Shown Name");
  EXPECT_EQ(p.Find(PR_RESOURCE_FLAGS)->Value.ul, 0u);
}

TEST(ProfileTest, SingleCopyServicesAppearOnce) {
  const MapiSvcInf inf = LoadInf(kTestData / "good.inf");
  Profile profile("test");
  ASSERT_TRUE(profile.AddService(inf, "MsgService").ok());
  absl::StatusOr<ServiceEntry*> again = profile.AddService(inf, "MsgService");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("SERVICE_SINGLE_COPY"));

  // AB is not single-copy: a second copy gets UIDs of its own.
  ASSERT_TRUE(profile.AddService(inf, "AB").ok());
  ASSERT_TRUE(profile.AddService(inf, "AB").ok());
  ASSERT_EQ(profile.services.size(), 3u);
  EXPECT_NE(UidText(profile.services[1].uid), UidText(profile.services[2].uid));
  EXPECT_NE(UidText(profile.services[1].providers[0].uid),
            UidText(profile.services[2].providers[0].uid));

  absl::StatusOr<ServiceEntry*> missing = profile.AddService(inf, "NoSuch");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("no service 'NoSuch'"));
}

TEST(ProfileTest, ExtraSectionUidInUseGetsAFreshOne) {
  const MapiSvcInf inf = ParseInf(
      "[Services]\nS=Svc\n[S]\nProviders=P\nSections=X\n[P]\n"
      "PR_PROVIDER_DLL_NAME=p.dll\nPR_RESOURCE_TYPE=35\n"
      "[X]\nUID=000102030405060708090a0b0c0d0e0f\n");
  Profile profile("test");
  ASSERT_TRUE(profile.AddService(inf, "S").ok());
  ASSERT_TRUE(profile.AddService(inf, "S").ok());
  ASSERT_EQ(profile.sections.size(), 2u);
  EXPECT_EQ(UidText(profile.sections[0].uid), "000102030405060708090a0b0c0d0e0f");
  EXPECT_NE(UidText(profile.sections[1].uid), "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(Bin(profile.services[1].props, PR_SERVICE_EXTRA_UIDS),
            UidText(profile.sections[1].uid));
}

TEST(ProfileTest, RemoveServiceTakesItsExtraSections) {
  const MapiSvcInf inf = LoadInf(kTestData / "good.inf");
  Profile profile("test");
  const MAPIUID ab = (*profile.AddService(inf, "AB"))->uid;
  const MAPIUID svc = (*profile.AddService(inf, "MsgService"))->uid;
  ASSERT_EQ(profile.sections.size(), 1u);
  ASSERT_TRUE(profile.RemoveService(svc).ok());
  EXPECT_TRUE(profile.sections.empty());
  ASSERT_EQ(profile.services.size(), 1u);
  EXPECT_EQ(profile.RemoveService(svc).code(), absl::StatusCode::kNotFound);
  EXPECT_NE(profile.FindService(ab), nullptr);
}

TEST(ProfileTest, FindAndSetSections) {
  const MapiSvcInf inf = LoadInf(kTestData / "good.inf");
  Profile profile("test");
  ServiceEntry& s = **profile.AddService(inf, "MsgService");
  const MAPIUID provider = s.providers[0].uid;
  ASSERT_NE(profile.FindSection(provider), nullptr);
  EXPECT_EQ(profile.FindProvider(provider), &s.providers[0]);

  // Setting a provider section puts back the fields it mirrors.
  PropArrayBuilder b;
  b.AddString8(PR_PROVIDER_DLL_NAME_A, "other.dll");
  b.AddLong(PR_RESOURCE_TYPE, MAPI_AB_PROVIDER);
  profile.SetSection(provider, *b.Build());
  const PropArray& now = *profile.FindSection(provider);
  EXPECT_EQ(Str8(now, PR_PROVIDER_DLL_NAME_A), "other.dll");
  EXPECT_EQ(Bin(now, PR_PROVIDER_UID), UidText(provider));
  EXPECT_EQ(Bin(now, PR_SERVICE_UID), UidText(s.uid));

  // An unknown UID becomes an extra section.
  const MAPIUID fresh = NewMapiUid();
  EXPECT_EQ(profile.FindSection(fresh), nullptr);
  profile.SetSection(fresh, *b.Build());
  ASSERT_NE(profile.FindSection(fresh), nullptr);
  EXPECT_EQ(profile.sections.size(), 2u);
}

TEST(ProfileTest, JsonRoundTripKeepsEverything) {
  const MapiSvcInf inf = LoadInf(kTestData / "good.inf");
  Profile profile("round trip");
  profile.library_dirs = {"lib", "/abs/dir"};
  ASSERT_TRUE(profile.AddService(inf, "AB").ok());
  ASSERT_TRUE(profile.AddService(inf, "MsgService").ok());
  absl::StatusOr<json> j = ProfileToJson(profile);
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ((*j)["format"], "mapi_emu.profile");
  EXPECT_EQ((*j)["version"], 1);
  // The UIDs and the service name are fields, not repeated as properties.
  const json& props = (*j)["services"][1]["properties"];
  EXPECT_FALSE(props.contains("PR_SERVICE_UID"));
  EXPECT_FALSE(props.contains("PR_SERVICE_NAME_A"));
  EXPECT_FALSE((*j)["services"][1]["providers"][0]["properties"].contains("PR_PROVIDER_UID"));

  absl::StatusOr<Profile> back = ProfileFromJson(*j);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->name, "round trip");
  EXPECT_EQ(UidText(back->search_key), UidText(profile.search_key));
  EXPECT_EQ(back->library_dirs, profile.library_dirs);
  ASSERT_EQ(back->services.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const ServiceEntry& a = profile.services[i];
    const ServiceEntry& b = back->services[i];
    EXPECT_EQ(UidText(a.uid), UidText(b.uid));
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.props.size(), b.props.size());
    for (const SPropValue& v : a.props) {
      const SPropValue* w = b.props.Find(v.ulPropTag);
      ASSERT_NE(w, nullptr) << std::hex << v.ulPropTag;
      EXPECT_TRUE(PropEquals(v, *w)) << std::hex << v.ulPropTag;
    }
    ASSERT_EQ(a.providers.size(), b.providers.size());
    for (size_t k = 0; k < a.providers.size(); ++k) {
      EXPECT_EQ(UidText(a.providers[k].uid), UidText(b.providers[k].uid));
      EXPECT_EQ(a.providers[k].section, b.providers[k].section);
      EXPECT_EQ(a.providers[k].props.size(), b.providers[k].props.size());
    }
  }
  ASSERT_EQ(back->sections.size(), 1u);
  EXPECT_EQ(PropsToJson(back->sections[0].props)->dump(),
            PropsToJson(profile.sections[0].props)->dump());
  EXPECT_EQ(ProfileToJson(*back)->dump(), j->dump());  // byte-stable
}

TEST(ProfileTest, GoodFixtureLoads) {
  absl::StatusOr<Profile> p = LoadProfileFile(kTestData / "profiles" / "good.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "good");
  EXPECT_THAT(p->library_dirs, ElementsAre("../providers", "/opt/mapi/providers"));
  ASSERT_EQ(p->services.size(), 1u);
  const ProviderEntry& provider = p->services[0].providers[0];
  EXPECT_EQ(Bin(provider.props, PR_PROVIDER_UID), "22222222222222222222222222222222");
  EXPECT_EQ(Bin(provider.props, PR_SERVICE_UID), "11111111111111111111111111111111");
  EXPECT_EQ(Str8(provider.props, 0x6600001E), "C:\\data\\store.mst");
  const LibrarySearch search = p->LibrarySearchIn("/home/u/profiles");
  EXPECT_EQ(search.profile_dir, std::filesystem::path("/home/u/profiles"));
  EXPECT_THAT(search.library_dirs, ElementsAre(std::filesystem::path("../providers"),
                                               std::filesystem::path("/opt/mapi/providers")));
}

TEST(ProfileTest, FileErrorsNameTheFileAndWhere) {
  const std::filesystem::path dir = kTestData / "profiles";
  absl::StatusOr<Profile> syntax = LoadProfileFile(dir / "bad_syntax.json");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(syntax.status().message()),
              HasSubstr((dir / "bad_syntax.json").string() +
                        ": parse error at line 5, column 14: syntax error while parsing object"));
  absl::StatusOr<Profile> version = LoadProfileFile(dir / "bad_version.json");
  ASSERT_FALSE(version.ok());
  EXPECT_THAT(std::string(version.status().message()),
              HasSubstr("bad_version.json: version: unsupported profile format "
                        "version 2 (this build reads version 1)"));
  absl::StatusOr<Profile> derived = LoadProfileFile(dir / "bad_derived.json");
  ASSERT_FALSE(derived.ok());
  EXPECT_THAT(std::string(derived.status().message()),
              HasSubstr("bad_derived.json: services[0].providers[0].properties: "
                        "PR_PROVIDER_UID is not stored as a property: it is the "
                        "provider's \"uid\" field"));
  absl::StatusOr<Profile> value = LoadProfileFile(dir / "bad_value.json");
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(std::string(value.status().message()),
              HasSubstr("bad_value.json: services[0].providers[0].properties: "
                        "PR_RESOURCE_TYPE: expected an integer, got string"));
  absl::StatusOr<Profile> missing = LoadProfileFile(dir / "absent.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(ProfileTest, DocumentErrorsNameTheJsonPath) {
  json j = GoodJson();
  j["colour"] = "blue";
  EXPECT_EQ(JsonError(j), "unknown field \"colour\"");

  j = GoodJson();
  j.erase("format");
  EXPECT_THAT(JsonError(j), HasSubstr("format: expected \"mapi_emu.profile\""));

  j = GoodJson();
  j["services"][0]["uid"] = "xyz";
  EXPECT_EQ(JsonError(j), "services[0].uid: expected 32 hex digits, got \"xyz\"");

  j = GoodJson();
  j["sections"][0]["uid"] = j["services"][0]["providers"][0]["uid"];
  EXPECT_EQ(JsonError(j),
            "sections[0]: MAPIUID 22222222222222222222222222222222 is already used "
            "by services[0].providers[0]");

  j = GoodJson();
  j["services"][0]["providers"][0]["properties"].erase("PR_PROVIDER_DLL_NAME_A");
  EXPECT_EQ(JsonError(j),
            "services[0].providers[0].properties: PR_PROVIDER_DLL_NAME is required "
            "in a provider section");

  j = GoodJson();
  j["name"] = "a/b";
  EXPECT_THAT(JsonError(j), HasSubstr("name: profile name 'a/b' contains '/'"));

  j = GoodJson();
  j["library_dirs"] = json::array({""});
  EXPECT_EQ(JsonError(j), "library_dirs[0]: expected a non-empty path string");

  j = GoodJson();
  j["services"] = json::object();
  EXPECT_EQ(JsonError(j), "services: expected an array, got object");

  j = GoodJson();
  j["services"][0].erase("name");
  EXPECT_EQ(JsonError(j), "services[0]: missing field \"name\"");

  EXPECT_EQ(JsonError(json::array()), "expected an object, got array");
}

TEST(ProfileNameTest, MapiLogonExRulesAndSafeFileNames) {
  EXPECT_TRUE(ValidateProfileName("default").ok());
  EXPECT_TRUE(ValidateProfileName("Outlook 2016 (work)").ok());
  EXPECT_TRUE(ValidateProfileName(std::string(64, 'x')).ok());
  std::string accented;
  for (int i = 0; i < 64; ++i) accented += "\xC3\xA9";  // 64 characters, 128 bytes
  EXPECT_TRUE(ValidateProfileName(accented).ok());
  EXPECT_THAT(std::string(ValidateProfileName(std::string(65, 'x')).message()),
              HasSubstr("has 65 characters; MAPILogonEx allows at most 64"));
  EXPECT_FALSE(ValidateProfileName("").ok());
  EXPECT_FALSE(ValidateProfileName("a/b").ok());
  EXPECT_FALSE(ValidateProfileName("a\\b").ok());
  EXPECT_FALSE(ValidateProfileName("c:").ok());
  EXPECT_FALSE(ValidateProfileName("..").ok());
  EXPECT_FALSE(ValidateProfileName(".hidden").ok());
  EXPECT_FALSE(ValidateProfileName("trailing ").ok());
  EXPECT_FALSE(ValidateProfileName("tab\there").ok());
  EXPECT_FALSE(ValidateProfileName("bad\xFF").ok());
}

// The example profile names the project's sample services, and what it says
// about them agrees with the example MAPISVC.INF.
TEST(ProfileTest, ExampleProfileMatchesExampleMapiSvcInf) {
  absl::StatusOr<Profile> p = LoadProfileFile(kConfigs / "profiles" / "default.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "default");
  const MapiSvcInf inf = LoadInf(kConfigs / "mapisvc.inf");
  std::vector<std::string> names;
  for (const ServiceEntry& s : p->services) {
    names.push_back(s.name);
    const MapiSvcService* svc = inf.FindService(s.name);
    ASSERT_NE(svc, nullptr) << s.name;
    for (const SPropValue& v : svc->props) {
      const SPropValue* w = s.props.Find(v.ulPropTag);
      ASSERT_NE(w, nullptr) << s.name << " lacks " << std::hex << v.ulPropTag;
      EXPECT_TRUE(PropEquals(v, *w)) << s.name << " " << std::hex << v.ulPropTag;
    }
    ASSERT_EQ(s.providers.size(), svc->providers.size()) << s.name;
    for (size_t k = 0; k < s.providers.size(); ++k) {
      EXPECT_EQ(s.providers[k].section, svc->providers[k].section);
      for (const SPropValue& v : svc->providers[k].props) {
        const SPropValue* w = s.providers[k].props.Find(v.ulPropTag);
        ASSERT_NE(w, nullptr) << s.name << " provider lacks " << std::hex << v.ulPropTag;
        EXPECT_TRUE(PropEquals(v, *w)) << s.name << " " << std::hex << v.ulPropTag;
      }
    }
  }
  EXPECT_THAT(names, ElementsAre("SAMPLE_STORE", "SAMPLE_AB", "SAMPLE_XP"));
}

}  // namespace
}  // namespace mapi_emu
