#include "mapi_emu/base/prop_tag_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace mapi_emu {
namespace {

using EntryKind = PropTagEntry::Kind;
using ::testing::Optional;

// The names mapitags.h #defines, read from the header text beside this file.
std::vector<std::string> PrNamesDefinedInMapitagsH() {
  const std::filesystem::path header =
      std::filesystem::path(__FILE__).parent_path().parent_path() / "include" / "mapitags.h";
  std::ifstream in(header);
  EXPECT_TRUE(in.is_open()) << header;
  const std::regex define(R"(^#define (PR_[A-Z0-9_]+)[ \t\\])");
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch match;
    if (std::regex_search(line, match, define)) names.push_back(match[1]);
  }
  return names;
}

TEST(PropTagTable, HoldsEveryPrNameOfMapitagsHOnce) {
  const std::vector<std::string> defined = PrNamesDefinedInMapitagsH();
  ASSERT_GT(defined.size(), 700u);
  std::multiset<std::string> in_table;
  for (const PropTagEntry& entry : PropTagTable()) in_table.emplace(entry.name);
  std::multiset<std::string> expected(defined.begin(), defined.end());
  expected.insert("PR_NULL");  // From mapidefs.h.
  EXPECT_EQ(in_table, expected);
  EXPECT_EQ(PropTagTable().size(), defined.size() + 1);
}

TEST(PropTagTable, EveryNameReadsBackAsItsTag) {
  for (const PropTagEntry& entry : PropTagTable()) {
    EXPECT_THAT(PropTagFromName(entry.name), Optional(entry.tag)) << entry.name;
    if (entry.kind == EntryKind::kTag) {
      EXPECT_EQ(PropTagName(entry.tag), entry.name);
    }
  }
}

TEST(PropTagTable, NoTwoNamesClaimTheSameTag) {
  std::map<ULONG, std::string_view> canonical;
  for (const PropTagEntry& entry : PropTagTable()) {
    if (entry.kind != EntryKind::kTag) continue;
    auto [it, inserted] = canonical.emplace(entry.tag, entry.name);
    EXPECT_TRUE(inserted) << entry.name << " and " << it->second << " are both "
                          << PropTagName(entry.tag);
  }
  // An alternative name is written with the name of the property it stands for.
  for (const PropTagEntry& entry : PropTagTable()) {
    if (entry.kind != EntryKind::kAlias) continue;
    ASSERT_TRUE(canonical.contains(entry.tag)) << entry.name;
    EXPECT_NE(PropTagName(entry.tag), entry.name);
  }
}

TEST(PropTagTable, EveryPlainStringNameHasBothForms) {
  for (const PropTagEntry& entry : PropTagTable()) {
    if (entry.kind != EntryKind::kTString) continue;
    const std::string name(entry.name);
    const ULONG type_a = PROP_TYPE(entry.tag);
    EXPECT_TRUE(type_a == PT_STRING8 || type_a == PT_MV_STRING8) << name;
    EXPECT_THAT(PropTagFromName(name + "_A"), Optional(entry.tag)) << name;
    EXPECT_THAT(
        PropTagFromName(name + "_W"),
        Optional(CHANGE_PROP_TYPE(entry.tag, type_a == PT_STRING8 ? PT_UNICODE : PT_MV_UNICODE)))
        << name;
    EXPECT_EQ(PropTagFromName(name, MAPI_UNICODE), PropTagFromName(name + "_W")) << name;
  }
}

TEST(PropTagName, NamesKnownTags) {
  EXPECT_EQ(PropTagName(PR_DISPLAY_NAME_W), "PR_DISPLAY_NAME_W");
  EXPECT_EQ(PropTagName(0x3001001E), "PR_DISPLAY_NAME_A");
  EXPECT_EQ(PropTagName(PR_ENTRYID), "PR_ENTRYID");
  EXPECT_EQ(PropTagName(0x3E040003), "PR_STATUS_CODE");
  EXPECT_EQ(PropTagName(PR_NULL), "PR_NULL");
  EXPECT_EQ(PropTagName(PR_SERVICE_SUPPORT_FILES_W), "PR_SERVICE_SUPPORT_FILES_W");
  EXPECT_EQ(PropTagName(PR_ATTACH_DATA_OBJ), "PR_ATTACH_DATA_OBJ");
  EXPECT_EQ(PropTagName(PR_ATTACH_DATA_BIN), "PR_ATTACH_DATA_BIN");
}

TEST(PropTagName, WritesAnAlternativeNameAsTheProperty) {
  EXPECT_EQ(PropTagName(PR_OFFICE_TELEPHONE_NUMBER_W), "PR_BUSINESS_TELEPHONE_NUMBER_W");
  EXPECT_EQ(PropTagName(PR_IN_REPLY_TO_W), "PR_IN_REPLY_TO_ID_W");
}

TEST(PropTagName, WritesAKnownIdWithAnotherTypeAsPropTag) {
  EXPECT_EQ(PropTagName(PROP_TAG(PT_LONG, 0x3001)), "PROP_TAG(PT_LONG, 0x3001)");
  EXPECT_EQ(PropTagName(CHANGE_PROP_TYPE(PR_ENTRYID, PT_ERROR)), "PROP_TAG(PT_ERROR, 0x0FFF)");
  EXPECT_EQ(PropTagName(PROP_TAG(0x1234, 0x3001)), "PROP_TAG(0x1234, 0x3001)");
  EXPECT_EQ(PropTagName(MVI_PROP(PROP_TAG(PT_MV_LONG, 0x3A1B))),
            "PROP_TAG(PT_MV_LONG|MV_INSTANCE, 0x3A1B)");
}

TEST(PropTagName, WritesAnUnknownTagInHex) {
  EXPECT_EQ(PropTagName(0x6001001F), "0x6001001F");
  EXPECT_EQ(PropTagName(0x80000102), "0x80000102");
  EXPECT_EQ(PropTagName(PROP_TAG(PT_LONG, PROP_ID_NULL)), "0x00000003");
}

TEST(PropTagFromName, PlainStringNameIs8BitUnlessUnicodeIsAsked) {
  EXPECT_THAT(PropTagFromName("PR_DISPLAY_NAME"), Optional(ULONG{PR_DISPLAY_NAME_A}));
  EXPECT_THAT(PropTagFromName("PR_DISPLAY_NAME", MAPI_UNICODE), Optional(ULONG{PR_DISPLAY_NAME_W}));
  EXPECT_THAT(PropTagFromName("PR_SERVICE_SUPPORT_FILES"),
              Optional(ULONG{PR_SERVICE_SUPPORT_FILES_A}));
  EXPECT_THAT(PropTagFromName("PR_SERVICE_SUPPORT_FILES", MAPI_UNICODE),
              Optional(ULONG{PR_SERVICE_SUPPORT_FILES_W}));
  EXPECT_THAT(PropTagFromName("PR_BUSINESS_ADDRESS_CITY", MAPI_UNICODE),
              Optional(ULONG{PR_LOCALITY_W}));
  // Names that are not plain string names keep their type.
  EXPECT_THAT(PropTagFromName("PR_DISPLAY_NAME_A", MAPI_UNICODE),
              Optional(ULONG{PR_DISPLAY_NAME_A}));
  EXPECT_THAT(PropTagFromName("PR_SERVICE_ENTRY_NAME", MAPI_UNICODE), Optional(ULONG{0x3D0B001E}));
  EXPECT_THAT(PropTagFromName("PR_ENTRYID", MAPI_UNICODE), Optional(ULONG{0x0FFF0102}));
}

TEST(PropTagFromName, IgnoresCase) {
  EXPECT_THAT(PropTagFromName("pr_provider_dll_name_w"), Optional(ULONG{0x300A001F}));
  EXPECT_THAT(PropTagFromName("Pr_Resource_Flags"), Optional(ULONG{0x30090003}));
}

TEST(PropTagFromName, ReadsHexTagsAsMapisvcInfWritesThem) {
  EXPECT_THAT(PropTagFromName("0x3001001E"), Optional(ULONG{0x3001001E}));
  EXPECT_THAT(PropTagFromName("3001001E"), Optional(ULONG{0x3001001E}));
  EXPECT_THAT(PropTagFromName("0X6600001f"), Optional(ULONG{0x6600001F}));
  EXPECT_THAT(PropTagFromName("66010003"), Optional(ULONG{0x66010003}));
  EXPECT_THAT(PropTagFromName("0x1"), Optional(ULONG{1}));
}

TEST(PropTagFromName, RejectsWhatIsNoTag) {
  EXPECT_EQ(PropTagFromName(""), std::nullopt);
  EXPECT_EQ(PropTagFromName("0x"), std::nullopt);
  EXPECT_EQ(PropTagFromName("0x3001001E0"), std::nullopt);  // Nine digits.
  EXPECT_EQ(PropTagFromName("0x3001001G"), std::nullopt);
  EXPECT_EQ(PropTagFromName("-3001001E"), std::nullopt);
  EXPECT_EQ(PropTagFromName("PR_NO_SUCH_PROPERTY"), std::nullopt);
  EXPECT_EQ(PropTagFromName("PR_DISPLAY_NAME_X"), std::nullopt);
  EXPECT_EQ(PropTagFromName(" PR_ENTRYID"), std::nullopt);  // Callers trim.
  EXPECT_EQ(PropTagFromName("PR_ENTRYID "), std::nullopt);
  EXPECT_EQ(PropTagFromName("PT_LONG"), std::nullopt);
  EXPECT_EQ(PropTagFromName("PROP_TAG(PT_LONG, 0x13001)"), std::nullopt);
  EXPECT_EQ(PropTagFromName("PROP_TAG(PT_NOTHING, 0x3001)"), std::nullopt);
  EXPECT_EQ(PropTagFromName("PROP_TAG(PT_LONG 0x3001)"), std::nullopt);
  EXPECT_EQ(PropTagFromName("PROP_TAG(PT_LONG, 0x3001"), std::nullopt);
}

TEST(PropTagFromName, ReadsPropTagExpressions) {
  EXPECT_THAT(PropTagFromName("PROP_TAG(PT_LONG, 0x3001)"), Optional(ULONG{0x30010003}));
  EXPECT_THAT(PropTagFromName("PROP_TAG(PT_I4,0x6601)"), Optional(ULONG{0x66010003}));
  EXPECT_THAT(PropTagFromName("prop_tag( pt_unicode , 6602 )"), Optional(ULONG{0x6602001F}));
  EXPECT_THAT(PropTagFromName("PROP_TAG(0x1234, 0x3001)"), Optional(ULONG{0x30011234}));
}

TEST(PropTagFromName, ReadsBackEveryNamePropTagNameWrites) {
  const ULONG ids[] = {0x0000, 0x0001, 0x0E07, 0x0FFF, 0x3001, 0x3701,
                       0x3D0F, 0x3E04, 0x6600, 0x67F0, 0x8000, 0xFFFF};
  for (ULONG id : ids) {
    // Single-valued, multi-valued and multi-valued-instance types, known or not.
    for (ULONG base : {0x0000u, 0x1000u, 0x2000u, 0x3000u}) {
      for (ULONG type = base; type < base + 0x200; ++type) {
        const ULONG tag = PROP_TAG(type, id);
        ASSERT_THAT(PropTagFromName(PropTagName(tag)), Optional(tag)) << PropTagName(tag);
      }
    }
  }
}

TEST(PropTypeName, NamesTypes) {
  EXPECT_EQ(PropTypeName(PT_LONG), "PT_LONG");
  EXPECT_EQ(PropTypeName(PT_I2), "PT_I2");
  EXPECT_EQ(PropTypeName(PT_UNSPECIFIED), "PT_UNSPECIFIED");
  EXPECT_EQ(PropTypeName(0x001F), "PT_UNICODE");
  EXPECT_EQ(PropTypeName(0x101F), "PT_MV_UNICODE");
  EXPECT_EQ(PropTypeName(0x0102), "PT_BINARY");
  EXPECT_EQ(PropTypeName(PT_MV_LONG | MV_INSTANCE), "PT_MV_LONG|MV_INSTANCE");
  EXPECT_EQ(PropTypeName(0x1234), "0x1234");
  EXPECT_EQ(PropTypeName(PT_LONG | MV_INSTANCE), "0x2003");
}

TEST(PropTypeFromName, ReadsNamesAliasesAndHex) {
  EXPECT_THAT(PropTypeFromName("PT_LONG"), Optional(ULONG{3}));
  EXPECT_THAT(PropTypeFromName("PT_I4"), Optional(ULONG{3}));
  EXPECT_THAT(PropTypeFromName("PT_SHORT"), Optional(ULONG{2}));
  EXPECT_THAT(PropTypeFromName("PT_R8"), Optional(ULONG{5}));
  EXPECT_THAT(PropTypeFromName("PT_LONGLONG"), Optional(ULONG{20}));
  EXPECT_THAT(PropTypeFromName("PT_MV_I4"), Optional(ULONG{0x1003}));
  EXPECT_THAT(PropTypeFromName("pt_mv_unicode"), Optional(ULONG{0x101F}));
  EXPECT_THAT(PropTypeFromName("PT_TSTRING"), Optional(ULONG{PT_STRING8}));
  EXPECT_THAT(PropTypeFromName("PT_MV_TSTRING"), Optional(ULONG{PT_MV_STRING8}));
  EXPECT_THAT(PropTypeFromName("PT_MV_LONG|MV_INSTANCE"), Optional(ULONG{0x3003}));
  EXPECT_THAT(PropTypeFromName("0x001E"), Optional(ULONG{0x1E}));
  EXPECT_THAT(PropTypeFromName("102"), Optional(ULONG{0x102}));
  EXPECT_EQ(PropTypeFromName("PT_LONG|MV_INSTANCE"), std::nullopt);
  EXPECT_EQ(PropTypeFromName("PT_NOTHING"), std::nullopt);
  EXPECT_EQ(PropTypeFromName("0x12345"), std::nullopt);
  EXPECT_EQ(PropTypeFromName(""), std::nullopt);
}

TEST(PropTypeFromName, ReadsBackEveryNamePropTypeNameWrites) {
  for (ULONG type = 0; type <= 0xFFFF; ++type) {
    ASSERT_THAT(PropTypeFromName(PropTypeName(type)), Optional(type)) << PropTypeName(type);
  }
}

}  // namespace
}  // namespace mapi_emu
