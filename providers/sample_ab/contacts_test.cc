#include "contacts.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"

namespace sample_ab {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<Contact> Sample() {
  std::vector<Contact> contacts;
  std::string error;
  EXPECT_TRUE(ParseContacts("sample", SampleContactsJson(), &contacts, &error)) << error;
  return contacts;
}

TEST(ContactsTest, CompiledInSampleIsTheShippedFile) {
  std::ifstream in(SAMPLE_AB_CONTACTS_JSON, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), SampleContactsJson());
  std::vector<Contact> contacts = Sample();
  ASSERT_EQ(contacts.size(), 4u);
  EXPECT_EQ(contacts[0].display_name, "Alice Adams");
  EXPECT_EQ(contacts[0].email, "alice@example.com");
  EXPECT_EQ(contacts[0].address_type, "SMTP");
  EXPECT_EQ(contacts[0].phone, "+1 555 0100");
  EXPECT_EQ(contacts[3].company, "");
}

TEST(ContactsTest, ExactMatchBeatsPrefixAndPrefixCanBeAmbiguous) {
  std::vector<Contact> contacts = Sample();
  EXPECT_THAT(MatchContacts(contacts, "bob brown"), ElementsAre(2u));
  EXPECT_THAT(MatchContacts(contacts, "CAROL@example.net"), ElementsAre(3u));
  EXPECT_THAT(MatchContacts(contacts, "Car"), ElementsAre(3u));
  EXPECT_THAT(MatchContacts(contacts, "Al"), ElementsAre(0u, 1u));
  EXPECT_THAT(MatchContacts(contacts, "alan@"), ElementsAre(1u));
  EXPECT_THAT(MatchContacts(contacts, "Zed"), IsEmpty());
  EXPECT_THAT(MatchContacts(contacts, ""), IsEmpty());
}

TEST(ContactsTest, BadFilesNameTheFileAndWhere) {
  std::vector<Contact> contacts;
  std::string error;
  EXPECT_FALSE(ParseContacts("/x/c.json", "{\n  \"contacts\": [\n    {,\n", &contacts, &error));
  EXPECT_THAT(error, HasSubstr("/x/c.json: not valid JSON"));
  EXPECT_THAT(error, HasSubstr("line 3, column 6"));
  EXPECT_FALSE(ParseContacts("/x/c.json", R"({"people": []})", &contacts, &error));
  EXPECT_THAT(error, HasSubstr("\"contacts\" array"));
  EXPECT_FALSE(ParseContacts("/x/c.json", R"({"contacts": [{"display_name": "A", "email": 3}]})",
                             &contacts, &error));
  EXPECT_EQ(error, "/x/c.json: contacts[0]: \"email\" is not a string");
  EXPECT_FALSE(ParseContacts("/x/c.json",
                             R"({"contacts": [{"display_name": "A", "email": "a@x"},
                                              {"display_name": "B", "email": "A@X"}]})",
                             &contacts, &error));
  EXPECT_THAT(error, HasSubstr("contacts[1]: duplicate e-mail address"));
  EXPECT_FALSE(LoadContacts("/nonexistent/sample_ab/c.json", &contacts, &error));
  EXPECT_EQ(error, "/nonexistent/sample_ab/c.json: cannot read the contacts file");
}

TEST(ContactsTest, DefaultPathFollowsTheEnvironment) {
  mapi_emu::SetEnv("MAPI_EMU_DATA", "/data");
  // Compared as paths: the separators are the system's.
  EXPECT_EQ(std::filesystem::path(DefaultContactsPath()),
            std::filesystem::path("/data/sample_ab/contacts.json"));
  mapi_emu::UnsetEnv("MAPI_EMU_DATA");
  mapi_emu::SetEnv("XDG_DATA_HOME", "/xdg");
  EXPECT_EQ(std::filesystem::path(DefaultContactsPath()),
            std::filesystem::path("/xdg/mapi_emu/sample_ab/contacts.json"));
  mapi_emu::UnsetEnv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') {
    EXPECT_EQ(DefaultContactsPath(),
              std::string(home) + "/.local/share/mapi_emu/sample_ab/contacts.json");
  }
}

}  // namespace
}  // namespace sample_ab
