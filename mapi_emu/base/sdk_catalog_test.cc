#include "mapi_emu/base/sdk_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "mapiguid.h"

namespace mapi_emu {
namespace {

using ::testing::ElementsAre;

std::set<std::string> GuidNamesDefinedIn(const std::string& header) {
  std::ifstream in(std::string(MAPI_EMU_SDK_INCLUDE_DIR) + "/" + header);
  EXPECT_TRUE(in.good()) << header;
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  std::set<std::string> names;
  std::regex define(R"(DEFINE_(?:OLE)?GUID\(\s*([A-Za-z_][A-Za-z_0-9]*))");
  for (std::sregex_iterator it(s.begin(), s.end(), define), end; it != end; ++it) {
    if ((*it)[1] != "name") names.insert((*it)[1]);
  }
  return names;
}

TEST(SdkCatalogTest, GuidTableNamesEveryGuidTheHeadersDefine) {
  std::set<std::string> in_headers = GuidNamesDefinedIn("mapiguid.h");
  std::set<std::string> win = GuidNamesDefinedIn("mapiwin.h");
  in_headers.insert(win.begin(), win.end());
  std::set<std::string> in_table;
  for (const GuidName& g : SdkGuids()) in_table.insert(std::string(g.name));
  EXPECT_EQ(in_table, in_headers);
  EXPECT_GE(in_table.size(), 60u);
}

TEST(SdkCatalogTest, GuidTextNamesKnownGuidsAndFormatsOthers) {
  EXPECT_EQ(GuidText(IID_IMsgStore), "IID_IMsgStore");
  EXPECT_EQ(GuidText(IID_IMAPISup), "IID_IMAPISup");
  EXPECT_EQ(GuidText(IID_IUnknown), "IID_IUnknown");
  const GUID other = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
  EXPECT_EQ(GuidText(other), "{12345678-9ABC-DEF0-0102-030405060708}");
}

TEST(SdkCatalogTest, InterfacesAreFoundByNameAndIid) {
  const InterfaceInfo* store = FindInterface("IMsgStore");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(FindInterface(IID_IMsgStore), store);
  EXPECT_EQ(store->base, "IMAPIProp");
  EXPECT_EQ(FindInterface("INoSuchThing"), nullptr);
  EXPECT_EQ(FindInterface(IID_IMAPISup)->name, "IMAPISupport");
}

TEST(SdkCatalogTest, VtableMethodsIncludeEveryBase) {
  std::vector<std::string_view> folder = VtableMethods(*FindInterface("IMAPIFolder"));
  ASSERT_EQ(folder.size(), 30u);
  EXPECT_EQ(folder[0], "QueryInterface");
  EXPECT_EQ(folder[3], "GetLastError");       // IMAPIProp
  EXPECT_EQ(folder[14], "GetContentsTable");  // IMAPIContainer
  EXPECT_EQ(folder[19], "CreateMessage");     // IMAPIFolder
  EXPECT_THAT(VtableMethods(*FindInterface("IMSProvider")),
              ElementsAre("QueryInterface", "AddRef", "Release", "Shutdown", "Logon",
                          "SpoolerLogon", "CompareStoreIDs"));
}

TEST(SdkCatalogTest, EveryBaseIsInTheCatalogueBeforeItsDerivedInterfaces) {
  std::set<std::string_view> seen;
  for (const InterfaceInfo& info : SdkInterfaces()) {
    if (!info.base.empty()) {
      EXPECT_TRUE(seen.count(info.base)) << info.name;
    }
    EXPECT_TRUE(seen.insert(info.name).second) << "duplicate " << info.name;
  }
}

}  // namespace
}  // namespace mapi_emu
