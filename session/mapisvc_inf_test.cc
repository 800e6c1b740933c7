#include "session/mapisvc_inf.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/base/prop_json.h"
#include "mapitags.h"
#include "mapix.h"
#include "session/session_test_util.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

using session_testing::kTestData;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

const SPropValue& Prop(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(tag);
  EXPECT_NE(v, nullptr) << std::hex << tag;
  static const SPropValue kNull{};
  return v == nullptr ? kNull : *v;
}

std::string RequiredStr(const PropArray& props, ULONG tag) {
  const SPropValue& v = Prop(props, tag);
  return v.Value.lpszA == nullptr ? std::string("<missing>") : std::string(v.Value.lpszA);
}

std::vector<std::string> MvStr(const PropArray& props, ULONG tag) {
  const SPropValue& v = Prop(props, tag);
  std::vector<std::string> out;
  for (ULONG i = 0; i < v.Value.MVszA.cValues; ++i) out.emplace_back(v.Value.MVszA.lppszA[i]);
  return out;
}

// The error message for `text` (which must fail to parse).
std::string ParseError(const std::string& text) {
  absl::StatusOr<MapiSvcInf> inf = ParseMapiSvcInf(text, "mapisvc.inf");
  EXPECT_FALSE(inf.ok()) << text;
  if (inf.ok()) return std::string();
  EXPECT_EQ(inf.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(inf.status().message());
}

// A minimal valid file around one provider section body.
std::string WithProvider(const std::string& provider_lines) {
  return "[Services]\nS=Svc\n[S]\nProviders=P\n[P]\n" + provider_lines;
}

TEST(MapiSvcInfTest, GoodFixtureServicesDefaultsAndHelp) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(kTestData / "good.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  ASSERT_EQ(inf->services.size(), 2u);
  EXPECT_EQ(inf->services[0].name, "AB");
  EXPECT_EQ(inf->services[0].display_name, "Default Address Book");
  EXPECT_EQ(inf->services[1].name, "MsgService");
  EXPECT_EQ(inf->services[1].display_name, "My Own Service");
  EXPECT_THAT(inf->default_services, ElementsAre("AB"));
  EXPECT_THAT(inf->help_file_mappings,
              ElementsAre(Pair("MAPI", "MAPI.HLP"), Pair("MsgService", "MYHELP.HLP")));
  EXPECT_EQ(inf->FindService("msgservice"), &inf->services[1]);
  EXPECT_EQ(inf->FindService("Not Referenced"), nullptr);
}

TEST(MapiSvcInfTest, GoodFixtureServiceSection) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(kTestData / "good.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  const MapiSvcService& ab = inf->services[0];
  EXPECT_EQ(RequiredStr(ab.props, PR_SERVICE_DLL_NAME_A), "AB.DLL");
  EXPECT_EQ(RequiredStr(ab.props, PR_SERVICE_ENTRY_NAME), "DABServiceEntry");
  EXPECT_THAT(MvStr(ab.props, PR_SERVICE_SUPPORT_FILES_A), ElementsAre("AB.DLL"));
  EXPECT_EQ(Prop(ab.props, PR_RESOURCE_FLAGS).Value.ul, SERVICE_NO_PRIMARY_IDENTITY);
  ASSERT_EQ(ab.providers.size(), 1u);
  EXPECT_EQ(RequiredStr(ab.providers[0].props, 0x6600001E), "C:\\WINNT35\\System32\\DEFAB.TXT");

  const MapiSvcService& svc = inf->services[1];
  EXPECT_EQ(Prop(svc.props, PR_RESOURCE_FLAGS).Value.ul,
            SERVICE_SINGLE_COPY | SERVICE_PRIMARY_IDENTITY);
  EXPECT_THAT(MvStr(svc.props, PR_SERVICE_SUPPORT_FILES_A),
              ElementsAre("MYSERV.DLL", "MYXXX.DLL", "MYZZZ.DLL"));
  EXPECT_THAT(MvStr(svc.props, PR_SERVICE_DELETE_FILES_A), ElementsAre("MYSERV.DLL"));
  EXPECT_EQ(Prop(svc.props, 0x66040003).Value.l, 0);
  EXPECT_EQ(svc.OtherEntry("wizard_entry_name"), "ServiceWizard");
  EXPECT_EQ(svc.props.Find(PROP_TAG(PT_UNSPECIFIED, 0x0000)), nullptr);
}

TEST(MapiSvcInfTest, GoodFixtureProviderValuesAreTypedByTag) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(kTestData / "good.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  const MapiSvcService& svc = inf->services[1];
  ASSERT_EQ(svc.providers.size(), 2u);
  EXPECT_EQ(svc.providers[0].section, "MsgService Prov1");
  EXPECT_EQ(Prop(svc.providers[0].props, PR_RESOURCE_TYPE).Value.ul, MAPI_AB_PROVIDER);
  const PropArray& p = svc.providers[1].props;
  EXPECT_EQ(svc.providers[1].section, "MsgService Prov2");
  EXPECT_EQ(Prop(p, PR_RESOURCE_TYPE).Value.ul, MAPI_STORE_PROVIDER);  // "33"
  EXPECT_EQ(Prop(p, PR_RESOURCE_FLAGS).Value.ul,
            STATUS_DEFAULT_STORE | STATUS_PRIMARY_STORE);  // constant|0x1000
  EXPECT_EQ(Prop(p, 0x66090003).Value.l, 6);               // "06000000": memory order
  EXPECT_EQ(Prop(p, 0x660A0003).Value.l, 0x12);            // "0x10|2"
  const SPropValue& bin = Prop(p, 0x34140102);
  EXPECT_EQ(BytesToHex(bin.Value.bin.lpb, bin.Value.bin.cb), "78b2fa70aff711cd9bc800aa002fc45a");
  EXPECT_EQ(Prop(p, 0x6610000B).Value.b, 1);
  EXPECT_THAT(MvStr(p, 0x6611101E), ElementsAre("one", "two", "three"));
  EXPECT_EQ(Prop(p, PROP_TAG(PT_I2, 0x6612)).Value.i, -7);
  EXPECT_EQ(RequiredStr(p, PR_PROVIDER_DISPLAY_A), "My Own Message Store");
}

TEST(MapiSvcInfTest, GoodFixtureExtraSection) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(kTestData / "good.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  const MapiSvcService& svc = inf->services[1];
  ASSERT_EQ(svc.extra_sections.size(), 1u);
  const MapiSvcExtraSection& x = svc.extra_sections[0];
  EXPECT_EQ(x.section, "First_Special_Section");
  ASSERT_TRUE(x.uid.has_value());
  EXPECT_EQ(MapiUidText(*x.uid), "13db0c8aa05101a9bb000aa002fc45a0");
  EXPECT_EQ(Prop(x.props, 0x66020003).Value.l, 1);
  EXPECT_EQ(Prop(x.props, 0x66000003).Value.l, 0x400);
  EXPECT_THAT(x.other_entries, ElementsAre(Pair("CUSTOM_NOTE", "kept as written")));
}

TEST(MapiSvcInfTest, ProjectConfigDeclaresTheThreeSampleServices) {
  absl::StatusOr<MapiSvcInf> inf =
      LoadMapiSvcInf(kTestData / ".." / ".." / "configs" / "mapisvc.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  ASSERT_EQ(inf->services.size(), 3u);
  struct Want {
    const char* name;
    const char* dll;
    ULONG type;
  };
  const Want wants[] = {{"SAMPLE_STORE", "sample_store.dll", MAPI_STORE_PROVIDER},
                        {"SAMPLE_AB", "sample_ab.dll", MAPI_AB_PROVIDER},
                        {"SAMPLE_XP", "sample_xp.dll", MAPI_TRANSPORT_PROVIDER}};
  for (const Want& want : wants) {
    const MapiSvcService* s = inf->FindService(want.name);
    ASSERT_NE(s, nullptr) << want.name;
    EXPECT_EQ(RequiredStr(s->props, PR_SERVICE_DLL_NAME_A), want.dll);
    EXPECT_EQ(RequiredStr(s->props, PR_SERVICE_ENTRY_NAME), "ServiceEntry");
    ASSERT_EQ(s->providers.size(), 1u);
    EXPECT_EQ(RequiredStr(s->providers[0].props, PR_PROVIDER_DLL_NAME_A), want.dll);
    EXPECT_EQ(Prop(s->providers[0].props, PR_RESOURCE_TYPE).Value.ul, want.type);
  }
  EXPECT_THAT(inf->default_services, ElementsAre("SAMPLE_STORE", "SAMPLE_AB", "SAMPLE_XP"));
}

struct BadFixture {
  const char* file;
  const char* message;  // what follows "<path>:"
};

class BadFixtureTest : public ::testing::TestWithParam<BadFixture> {};

TEST_P(BadFixtureTest, ErrorNamesFileLineAndProblem) {
  const std::filesystem::path path = kTestData / GetParam().file;
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(path);
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(inf.status().message()), path.string() + ":" + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadFixtureTest,
    ::testing::Values(BadFixture{"bad_unknown_constant.inf",
                                 "9: PR_RESOURCE_TYPE: unknown constant 'MAPI_STORE'"},
                      BadFixture{"bad_missing_provider_section.inf",
                                 "5: Providers: no section [Q]"},
                      BadFixture{"bad_provider_without_dll.inf",
                                 "7: [P]: provider section has no PR_PROVIDER_DLL_NAME (required)"},
                      BadFixture{"bad_duplicate_key.inf",
                                 "10: duplicate key 'pr_resource_type' in [P] (first at line 9)"},
                      BadFixture{"bad_malformed_line.inf",
                                 "10: not a [section] header, a key=value line or a ';' comment: "
                                 "'PR_DISPLAY_NAME Sample Provider'"}));

TEST(MapiSvcInfTest, StructuralErrors) {
  EXPECT_EQ(ParseError("[Other]\nA=B\n"), "mapisvc.inf: no [Services] section");
  EXPECT_EQ(ParseError("[Services]\nS=Svc\n"), "mapisvc.inf:2: service 'S': no section [S]");
  EXPECT_THAT(ParseError("[Services]\nS=Svc\n[S]\nPR_DISPLAY_NAME=x\n"),
              HasSubstr("mapisvc.inf:3: service [S] has no Providers= entry"));
  EXPECT_EQ(ParseError("A=B\n[Services]\n"), "mapisvc.inf:1: 'A' is outside any [section]");
  EXPECT_EQ(ParseError("[Services]\n[services]\n"),
            "mapisvc.inf:2: duplicate section [services] (first at line 1)");
  EXPECT_EQ(ParseError("[Services\n"), "mapisvc.inf:1: section header without ']': '[Services'");
  EXPECT_EQ(ParseError("[ ]\n"), "mapisvc.inf:1: empty section name '[]'");
  EXPECT_EQ(ParseError("[Services]\n=x\n"), "mapisvc.inf:2: empty key in '=x'");
  EXPECT_EQ(ParseError(WithProvider("PR_PROVIDER_DLL_NAME=p.dll\n"
                                    "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n"
                                    "[Default Services]\nT=Nope\n")),
            "mapisvc.inf:9: default service 'T' is not listed in [Services]");
  EXPECT_EQ(ParseError("[Services]\nS=Svc\n[S]\nProviders=P,,Q\n"),
            "mapisvc.inf:4: Providers: empty section name in 'P,,Q'");
  EXPECT_EQ(ParseError("[Services]\nS=Svc\n[S]\nProviders=P\nSections=X\n"
                       "[P]\nPR_PROVIDER_DLL_NAME=p\nPR_RESOURCE_TYPE=35\n"),
            "mapisvc.inf:5: Sections: no section [X]");
  EXPECT_EQ(ParseError("[Services]\nS=Svc\n[S]\nProviders=P, p\n[P]\n"),
            "mapisvc.inf:4: Providers: [p] is listed twice");
}

TEST(MapiSvcInfTest, ProviderSectionRules) {
  EXPECT_EQ(ParseError(WithProvider("PR_PROVIDER_DLL_NAME=p.dll\n")),
            "mapisvc.inf:5: [P]: provider section has no PR_RESOURCE_TYPE (required)");
  EXPECT_EQ(ParseError(WithProvider("PR_PROVIDER_DLL_NAME=p.dll\nPR_RESOURCE_TYPE=MAPI_AB\n")),
            "mapisvc.inf:7: PR_RESOURCE_TYPE: 34 is not a provider type "
            "(MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER or "
            "MAPI_HOOK_PROVIDER)");
  EXPECT_EQ(ParseError(WithProvider("PR_PROVIDER_DLL_NAME=p.dll\n"
                                    "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\nColour=blue\n")),
            "mapisvc.inf:8: 'Colour' is not a property tag (service provider sections "
            "hold only property entries)");
  EXPECT_EQ(ParseError(WithProvider("PR_PROVIDER_DLL_NAME=p.dll\n"
                                    "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n"
                                    "PR_PROVIDER_UID=00\n")),
            "mapisvc.inf:8: PR_PROVIDER_UID: computed by MAPI when the profile is made; "
            "it must not appear in MAPISVC.INF");
  EXPECT_EQ(ParseError("[Services]\nS=Svc\n[S]\nPR_SERVICE_UID=00\nProviders=P\n"),
            "mapisvc.inf:4: PR_SERVICE_UID: computed by MAPI when the profile is made; "
            "it must not appear in MAPISVC.INF");
}

TEST(MapiSvcInfTest, ValueErrorsNameLineKeyAndProblem) {
  const std::string head = "PR_PROVIDER_DLL_NAME=p.dll\nPR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n";
  EXPECT_EQ(ParseError(WithProvider(head + "PR_NO_SUCH_PROP=1\n")),
            "mapisvc.inf:8: unknown property 'PR_NO_SUCH_PROP'");
  EXPECT_EQ(ParseError(WithProvider(head + "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE||1\n")),
            "mapisvc.inf:8: PR_RESOURCE_FLAGS: empty term in 'STATUS_DEFAULT_STORE||1'");
  EXPECT_EQ(ParseError(WithProvider(head + "PR_RESOURCE_FLAGS=\n")),
            "mapisvc.inf:8: PR_RESOURCE_FLAGS: empty value");
  EXPECT_EQ(ParseError(WithProvider(head + "PR_RESOURCE_FLAGS=12x\n")),
            "mapisvc.inf:8: PR_RESOURCE_FLAGS: '12x' is not a number or a known constant");
  EXPECT_EQ(ParseError(WithProvider(head + "PR_RESOURCE_FLAGS=0x123456789\n")),
            "mapisvc.inf:8: PR_RESOURCE_FLAGS: '0x123456789' is not a 32-bit hex number");
  EXPECT_EQ(ParseError(WithProvider(head + "34140102=abc\n")),
            "mapisvc.inf:8: 34140102: 'abc' is not an even number of hex digits");
  EXPECT_EQ(ParseError(WithProvider(head + "6611101E=a,,b\n")),
            "mapisvc.inf:8: 6611101E: empty item in list 'a,,b'");
  EXPECT_EQ(ParseError(WithProvider(head + "6610000B=yes\n")),
            "mapisvc.inf:8: 6610000B: 'yes' is not a boolean (0, 1, true, false)");
  EXPECT_EQ(ParseError(WithProvider(head + "6600000D=x\n")),
            "mapisvc.inf:8: 6600000D: type PT_OBJECT cannot be given in MAPISVC.INF");
  EXPECT_EQ(ParseError(WithProvider(head + "PR_DISPLAY_NAME=a\n3001001E=b\n")),
            "mapisvc.inf:9: 3001001E: property ID 0x3001 is already given at line 8");
  EXPECT_EQ(ParseError("[Services]\nS=Svc\n[S]\nProviders=P\nSections=X\n"
                       "[P]\nPR_PROVIDER_DLL_NAME=p\nPR_RESOURCE_TYPE=35\n[X]\nUID=12\n"),
            "mapisvc.inf:10: UID: '12' is not a MAPIUID (32 hex digits)");
}

TEST(MapiSvcInfTest, LongValueForms) {
  absl::StatusOr<MapiSvcInf> inf = ParseMapiSvcInf(
      WithProvider("PR_PROVIDER_DLL_NAME=p.dll\nPR_RESOURCE_TYPE=0x24\n"
                   "66000003=-1\n66010003=4294967295\n66020003=FFFFFFFE\n"
                   "66030003=HOOK_INBOUND|HOOK_OUTBOUND|8\n66041003=1, 0x10, 02000000\n"
                   "66050014=-5\n66060005=2.5\n"),
      "x.inf");
  ASSERT_TRUE(inf.ok()) << inf.status();
  const PropArray& p = inf->services[0].providers[0].props;
  EXPECT_EQ(Prop(p, PR_RESOURCE_TYPE).Value.ul, MAPI_TRANSPORT_PROVIDER);  // 0x24
  EXPECT_EQ(Prop(p, 0x66000003).Value.ul, 0xFFFFFFFFu);
  EXPECT_EQ(Prop(p, 0x66010003).Value.ul, 0xFFFFFFFFu);
  EXPECT_EQ(Prop(p, 0x66020003).Value.ul, 0xFEFFFFFFu);  // bytes FF FF FF FE
  EXPECT_EQ(Prop(p, 0x66030003).Value.ul, HOOK_INBOUND | HOOK_OUTBOUND | 8u);
  const SPropValue& mv = Prop(p, 0x66041003);
  ASSERT_EQ(mv.Value.MVl.cValues, 3u);
  EXPECT_EQ(mv.Value.MVl.lpl[0], 1);
  EXPECT_EQ(mv.Value.MVl.lpl[1], 16);
  EXPECT_EQ(mv.Value.MVl.lpl[2], 2);
  EXPECT_EQ(Prop(p, 0x66050014).Value.li.QuadPart, -5);
  EXPECT_EQ(Prop(p, 0x66060005).Value.dbl, 2.5);
}

TEST(MapiSvcInfTest, ConstantsHaveTheSdkValues) {
  EXPECT_EQ(MapiSvcConstant("MAPI_STORE_PROVIDER"), MAPI_STORE_PROVIDER);
  EXPECT_EQ(MapiSvcConstant("MAPI_AB_PROVIDER"), MAPI_AB_PROVIDER);
  EXPECT_EQ(MapiSvcConstant("MAPI_TRANSPORT_PROVIDER"), MAPI_TRANSPORT_PROVIDER);
  EXPECT_EQ(MapiSvcConstant("STATUS_PRIMARY_IDENTITY"), STATUS_PRIMARY_IDENTITY);
  EXPECT_EQ(MapiSvcConstant("SERVICE_SINGLE_COPY"), SERVICE_SINGLE_COPY);
  EXPECT_EQ(MapiSvcConstant("SERVICE_NO_PRIMARY_IDENTITY"), SERVICE_NO_PRIMARY_IDENTITY);
  EXPECT_FALSE(MapiSvcConstant("mapi_store_provider").has_value());
  EXPECT_FALSE(MapiSvcConstant("MAPI_STORE").has_value());
}

TEST(MapiSvcInfTest, LoadMissingFileIsNotFoundAndNamesThePath) {
  absl::StatusOr<MapiSvcInf> inf = LoadMapiSvcInf(kTestData / "no_such.inf");
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(inf.status().message()), HasSubstr("no_such.inf"));
}

TEST(MapiSvcInfTest, DefaultPathHonoursTheEnvironment) {
  SetEnv("MAPI_EMU_MAPISVC", "/tmp/custom/mapisvc.inf");
  EXPECT_EQ(DefaultMapiSvcPath(), std::filesystem::path("/tmp/custom/mapisvc.inf"));
  SetEnv("MAPI_EMU_MAPISVC", "");
  EXPECT_EQ(DefaultMapiSvcPath().filename(), "mapisvc.inf");
  EXPECT_EQ(DefaultMapiSvcPath().parent_path().filename(), "mapi_emu");
  UnsetEnv("MAPI_EMU_MAPISVC");
  EXPECT_NE(DefaultMapiSvcPath(), std::filesystem::path("/tmp/custom/mapisvc.inf"));
}

}  // namespace
}  // namespace mapi_emu
