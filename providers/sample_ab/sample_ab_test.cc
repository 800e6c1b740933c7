// libsample_ab.so through the real subsystem, the way a client sees it: a
// profile made with the admin API from a MAPISVC.INF naming the library by
// absolute path (ServiceEntry creates the contacts file under
// $MAPI_EMU_DATA), MAPILogonEx, the status table, IAddrBook::OpenEntry,
// the containers' tables, ResolveNames, one-off entry IDs, Logoff.
#include "sample_ab.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "contacts.h"
#include "entry_ids.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "providers/common/fake_mapi.h"

namespace {

using sample_testing::T;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Every row of a table, freed with FreeProws.
struct Rows {
  LPSRowSet set = nullptr;
  ~Rows() { FreeProws(set); }
  ULONG size() const { return set == nullptr ? 0 : set->cRows; }
  const SPropValue* Find(ULONG row, ULONG tag) const {
    return PpropFindProp(set->aRow[row].lpProps, set->aRow[row].cValues, tag);
  }
  std::string Str(ULONG row, ULONG tag) const {
    const SPropValue* v = Find(row, tag);
    return v != nullptr ? v->Value.lpszA : "<missing>";
  }
  LONG Long(ULONG row, ULONG tag) const {
    const SPropValue* v = Find(row, tag);
    return v != nullptr ? v->Value.l : -1;
  }
  std::vector<BYTE> Bin(ULONG row, ULONG tag) const {
    const SPropValue* v = Find(row, tag);
    if (v == nullptr) return {};
    return std::vector<BYTE>(v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb);
  }
};

void ReadAll(LPMAPITABLE table, Rows* rows) {
  ASSERT_EQ(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows->set), S_OK);
  table->Release();
}

std::string StrProp(LPMAPIPROP object, ULONG tag) {
  LPSPropValue v = nullptr;
  std::string s = "<missing>";
  if (HrGetOneProp(object, tag, &v) == S_OK) s = v->Value.lpszA;
  MAPIFreeBuffer(v);
  return s;
}

// An ADRLIST of unresolved recipients given by display name.
LPADRLIST NewAdrList(const std::vector<std::string>& names) {
  LPVOID block = nullptr;
  EXPECT_EQ(MAPIAllocateBuffer(CbNewADRLIST(names.size()), &block), S_OK);
  auto* list = static_cast<LPADRLIST>(block);
  list->cEntries = static_cast<ULONG>(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    LPVOID props = nullptr;
    EXPECT_EQ(MAPIAllocateBuffer(sizeof(SPropValue) + names[i].size() + 1, &props), S_OK);
    auto* value = static_cast<LPSPropValue>(props);
    char* text = reinterpret_cast<char*>(value + 1);
    std::memcpy(text, names[i].c_str(), names[i].size() + 1);
    value->ulPropTag = PR_DISPLAY_NAME_A;
    value->dwAlignPad = 0;
    value->Value.lpszA = text;
    list->aEntries[i].ulReserved1 = 0;
    list->aEntries[i].cValues = 1;
    list->aEntries[i].rgPropVals = value;
  }
  return list;
}

std::string EntryStr(const ADRENTRY& e, ULONG tag) {
  LPSPropValue v = PpropFindProp(e.rgPropVals, e.cValues, tag);
  return v != nullptr ? v->Value.lpszA : "<missing>";
}

class SampleAbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("sample_ab_test_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_ / "profiles");
    std::ofstream(dir_ / "mapisvc.inf") << "[Services]\nSAMPLE_AB=Sample Address Book\n\n"
                                           "[SAMPLE_AB]\nPR_DISPLAY_NAME=Sample Address Book\n"
                                           "Providers=SAMPLE_AB_PROVIDER\nPR_SERVICE_DLL_NAME="
                                        << SAMPLE_AB_PATH
                                        << "\nPR_SERVICE_ENTRY_NAME=ServiceEntry\n\n"
                                           "[SAMPLE_AB_PROVIDER]\nPR_PROVIDER_DLL_NAME="
                                        << SAMPLE_AB_PATH
                                        << "\nPR_RESOURCE_TYPE=MAPI_AB_PROVIDER\n"
                                           "PR_PROVIDER_DISPLAY=Sample Address Book\n";
    mapi_emu::SetEnv("MAPI_EMU_PROFILES", (dir_ / "profiles").string());
    mapi_emu::SetEnv("MAPI_EMU_MAPISVC", (dir_ / "mapisvc.inf").string());
    mapi_emu::SetEnv("MAPI_EMU_DATA", (dir_ / "data").string());
    ASSERT_EQ(MAPIInitialize(nullptr), S_OK);
    LPPROFADMIN prof_admin = nullptr;
    ASSERT_EQ(MAPIAdminProfiles(0, &prof_admin), S_OK);
    ASSERT_EQ(prof_admin->CreateProfile(T("Work"), nullptr, 0, 0), S_OK);
    LPSERVICEADMIN svc_admin = nullptr;
    ASSERT_EQ(prof_admin->AdminServices(T("Work"), nullptr, 0, 0, &svc_admin), S_OK);
    ASSERT_EQ(svc_admin->CreateMsgService(T("SAMPLE_AB"), nullptr, 0, 0), S_OK);
    svc_admin->Release();
    prof_admin->Release();
  }
  void TearDown() override {
    MAPIUninitialize();
    mapi_emu::UnsetEnv("MAPI_EMU_PROFILES");
    mapi_emu::UnsetEnv("MAPI_EMU_MAPISVC");
    mapi_emu::UnsetEnv("MAPI_EMU_DATA");
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path contacts_file() const {
    return dir_ / "data" / "sample_ab" / "contacts.json";
  }

  LPMAPISESSION Logon() {
    LPMAPISESSION session = nullptr;
    EXPECT_EQ(MAPILogonEx(0, T("Work"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                          &session),
              S_OK);
    return session;
  }

  std::filesystem::path dir_;
};

TEST_F(SampleAbTest, SessionShowsContainersContactsAndResolvesNames) {
  // CreateMsgService ran ServiceEntry(MSG_SERVICE_CREATE): the default file.
  std::ifstream in(contacts_file());
  ASSERT_TRUE(in.good()) << contacts_file();
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, sample_ab::SampleContactsJson());

  LPMAPISESSION session = Logon();
  ASSERT_NE(session, nullptr);

  // The address book logged on at session start and added its status row.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(session->GetStatusTable(0, &table), S_OK);
  Rows status;
  ReadAll(table, &status);
  ULONG ab_row = status.size();
  for (ULONG r = 0; r < status.size(); ++r) {
    if (status.Long(r, PR_RESOURCE_TYPE) == LONG{MAPI_AB_PROVIDER}) ab_row = r;
  }
  ASSERT_LT(ab_row, status.size());
  EXPECT_EQ(status.Str(ab_row, PR_DISPLAY_NAME_A), "Sample Address Book");
  EXPECT_EQ(status.Long(ab_row, PR_STATUS_CODE), LONG{STATUS_AVAILABLE});
  EXPECT_EQ(status.Str(ab_row, PR_STATUS_STRING_A), "Available: 4 contacts");
  EXPECT_EQ(status.Long(ab_row, PR_RESOURCE_METHODS), LONG{STATUS_VALIDATE_STATE});

  // The root container lists "Sample Contacts" in its hierarchy table.
  LPADRBOOK ab = nullptr;
  ASSERT_EQ(session->OpenAddressBook(0, nullptr, AB_NO_DIALOG, &ab), S_OK);
  std::vector<BYTE> root_eid = sample_ab::MakeEntryId(SAMPLE_AB_KIND_CONTAINER, "root");
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(ab->OpenEntry(static_cast<ULONG>(root_eid.size()),
                          reinterpret_cast<LPENTRYID>(root_eid.data()), nullptr, 0, &type, &unk),
            S_OK);
  EXPECT_EQ(type, ULONG{MAPI_ABCONT});
  auto* root = static_cast<IABContainer*>(unk);
  ASSERT_EQ(root->GetHierarchyTable(0, &table), S_OK);
  Rows hierarchy;
  ReadAll(table, &hierarchy);
  ASSERT_EQ(hierarchy.size(), 1u);
  EXPECT_EQ(hierarchy.Str(0, PR_DISPLAY_NAME_A), "Sample Contacts");
  EXPECT_EQ(hierarchy.Long(0, PR_OBJECT_TYPE), LONG{MAPI_ABCONT});
  EXPECT_EQ(hierarchy.Long(0, PR_CONTAINER_FLAGS), LONG{AB_RECIPIENTS | AB_UNMODIFIABLE});
  EXPECT_EQ(root->GetContentsTable(0, &table), MAPI_E_NO_SUPPORT);
  root->Release();

  // Its contents table: one row per contact, in file order.
  std::vector<BYTE> eid = hierarchy.Bin(0, PR_ENTRYID);
  ASSERT_EQ(ab->OpenEntry(static_cast<ULONG>(eid.size()), reinterpret_cast<LPENTRYID>(eid.data()),
                          &IID_IABContainer, 0, &type, &unk),
            S_OK);
  auto* contacts = static_cast<IABContainer*>(unk);
  ASSERT_EQ(contacts->GetContentsTable(0, &table), S_OK);
  Rows rows;
  ReadAll(table, &rows);
  ASSERT_EQ(rows.size(), 4u);
  std::vector<std::string> names;
  for (ULONG r = 0; r < rows.size(); ++r) {
    names.push_back(rows.Str(r, PR_DISPLAY_NAME_A));
    EXPECT_EQ(rows.Str(r, PR_ADDRTYPE_A), "SMTP");
    EXPECT_EQ(rows.Long(r, PR_OBJECT_TYPE), LONG{MAPI_MAILUSER});
    EXPECT_EQ(rows.Long(r, PR_DISPLAY_TYPE), LONG{DT_MAILUSER});
  }
  EXPECT_THAT(names, ElementsAre("Alice Adams", "Alan Turing", "Bob Brown", "Carol Clark"));
  EXPECT_EQ(rows.Str(2, PR_EMAIL_ADDRESS_A), "bob@example.org");

  // ResolveNames: prefix, exact address, ambiguous prefix, no match.
  LPADRLIST list = NewAdrList({"Bob", "alice@example.com", "Al", "Nobody"});
  ULONG flag_block[5] = {};
  auto* flags = reinterpret_cast<LPFlagList>(flag_block);
  flags->cFlags = 4;
  ASSERT_EQ(contacts->ResolveNames(nullptr, 0, list, flags), S_OK);
  EXPECT_THAT(std::vector<ULONG>(flags->ulFlag, flags->ulFlag + 4),
              ElementsAre(ULONG{MAPI_RESOLVED}, ULONG{MAPI_RESOLVED}, ULONG{MAPI_AMBIGUOUS},
                          ULONG{MAPI_UNRESOLVED}));
  const ADRENTRY& bob = list->aEntries[0];
  EXPECT_EQ(EntryStr(bob, PR_DISPLAY_NAME_A), "Bob Brown");
  EXPECT_EQ(EntryStr(bob, PR_EMAIL_ADDRESS_A), "bob@example.org");
  EXPECT_EQ(EntryStr(bob, PR_ADDRTYPE_A), "SMTP");
  ASSERT_NE(PpropFindProp(bob.rgPropVals, bob.cValues, PR_OBJECT_TYPE), nullptr);
  EXPECT_EQ(PpropFindProp(bob.rgPropVals, bob.cValues, PR_OBJECT_TYPE)->Value.l,
            LONG{MAPI_MAILUSER});
  EXPECT_EQ(PpropFindProp(bob.rgPropVals, bob.cValues, PR_DISPLAY_TYPE)->Value.l,
            LONG{DT_MAILUSER});
  EXPECT_EQ(EntryStr(list->aEntries[1], PR_DISPLAY_NAME_A), "Alice Adams");
  EXPECT_EQ(list->aEntries[2].cValues, 1u) << "an ambiguous entry is left as it was";
  EXPECT_EQ(EntryStr(list->aEntries[2], PR_DISPLAY_NAME_A), "Al");
  EXPECT_EQ(list->aEntries[3].cValues, 1u);

  // The resolved entry ID opens the mail user, with the file's details.
  LPSPropValue alice_eid =
      PpropFindProp(list->aEntries[1].rgPropVals, list->aEntries[1].cValues, PR_ENTRYID);
  ASSERT_NE(alice_eid, nullptr);
  ASSERT_EQ(
      ab->OpenEntry(alice_eid->Value.bin.cb, reinterpret_cast<LPENTRYID>(alice_eid->Value.bin.lpb),
                    nullptr, 0, &type, &unk),
      S_OK);
  EXPECT_EQ(type, ULONG{MAPI_MAILUSER});
  auto* alice = static_cast<IMailUser*>(unk);
  EXPECT_EQ(StrProp(alice, PR_TITLE_A), "Engineer");
  EXPECT_EQ(StrProp(alice, PR_BUSINESS_TELEPHONE_NUMBER_A), "+1 555 0100");
  SPropValue change = {};
  change.ulPropTag = PR_TITLE_A;
  change.Value.lpszA = T("Boss");
  EXPECT_EQ(HrSetOneProp(alice, &change), MAPI_E_NO_ACCESS) << "the address book is read-only";
  alice->Release();
  ULONG same = 0;
  LPSPropValue bob_eid = PpropFindProp(bob.rgPropVals, bob.cValues, PR_ENTRYID);
  EXPECT_EQ(ab->CompareEntryIDs(alice_eid->Value.bin.cb,
                                reinterpret_cast<LPENTRYID>(alice_eid->Value.bin.lpb),
                                bob_eid->Value.bin.cb,
                                reinterpret_cast<LPENTRYID>(bob_eid->Value.bin.lpb), 0, &same),
            S_OK);
  EXPECT_EQ(same, 0u);
  FreePadrlist(list);
  contacts->Release();

  // A one-off entry ID (the FILE template's address type) opens too.
  std::vector<BYTE> one_off =
      sample_ab::MakeOneOffEntryId({"Drop box", SAMPLE_AB_ONE_OFF_TYPE, "/tmp/drop"});
  ASSERT_EQ(ab->OpenEntry(static_cast<ULONG>(one_off.size()),
                          reinterpret_cast<LPENTRYID>(one_off.data()), nullptr, 0, &type, &unk),
            S_OK);
  EXPECT_EQ(type, ULONG{MAPI_MAILUSER});
  auto* drop = static_cast<IMailUser*>(unk);
  EXPECT_EQ(StrProp(drop, PR_DISPLAY_NAME_A), "Drop box");
  EXPECT_EQ(StrProp(drop, PR_ADDRTYPE_A), "FILE");
  EXPECT_EQ(StrProp(drop, PR_EMAIL_ADDRESS_A), "/tmp/drop");
  drop->Release();
  ab->Release();

  // The status row opens the provider's status object.
  std::vector<BYTE> status_eid = status.Bin(ab_row, PR_ENTRYID);
  ASSERT_EQ(
      session->OpenEntry(static_cast<ULONG>(status_eid.size()),
                         reinterpret_cast<LPENTRYID>(status_eid.data()), nullptr, 0, &type, &unk),
      S_OK);
  EXPECT_EQ(type, ULONG{MAPI_STATUS});
  auto* status_object = static_cast<IMAPIStatus*>(unk);
  EXPECT_EQ(StrProp(status_object, PR_STATUS_STRING_A), "Available: 4 contacts");
  EXPECT_EQ(status_object->ValidateState(0, 0), S_OK);
  EXPECT_EQ(status_object->SettingsDialog(0, 0), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(status_object->ChangePassword(T("a"), T("b"), 0), MAPI_E_NO_SUPPORT);

  // ValidateState reads the file again: a broken file shows in the row.
  std::ofstream(contacts_file(), std::ios::trunc) << "{\"contacts\": 7}";
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(status_object->ValidateState(0, 0), MAPI_E_CORRUPT_DATA);
  EXPECT_THAT(
      ::testing::internal::GetCapturedStderr(),
      HasSubstr(contacts_file().string() + ": expected an object with a \"contacts\" array"));
  LPSPropValue code = nullptr;
  ASSERT_EQ(HrGetOneProp(status_object, PR_STATUS_CODE, &code), S_OK);
  EXPECT_EQ(code->Value.l, LONG{STATUS_FAILURE});
  MAPIFreeBuffer(code);
  ASSERT_EQ(session->GetStatusTable(0, &table), S_OK);
  Rows after;
  ReadAll(table, &after);
  ASSERT_EQ(after.size(), status.size());
  EXPECT_EQ(after.Long(ab_row, PR_STATUS_CODE), LONG{STATUS_FAILURE});
  EXPECT_THAT(after.Str(ab_row, PR_STATUS_STRING_A), HasSubstr("contacts.json: expected"));

  // Logoff ends the logon: its status object no longer answers.
  EXPECT_EQ(session->Logoff(0, 0, 0), S_OK);
  EXPECT_EQ(status_object->ValidateState(0, 0), MAPI_E_INVALID_OBJECT);
  status_object->Release();
  session->Release();
}

TEST_F(SampleAbTest, BadContactsFileFailsTheProviderWithAClearMessage) {
  std::ofstream(contacts_file(), std::ios::trunc)
      << "{\n  \"contacts\": [\n    {\"display_name\": }\n";
  ::testing::internal::CaptureStderr();
  LPMAPISESSION session = Logon();
  std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_NE(session, nullptr);
  EXPECT_THAT(err, HasSubstr(contacts_file().string() + ": not valid JSON"));
  EXPECT_THAT(err, HasSubstr("line 3"));

  // No address-book row; the session itself goes on.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(session->GetStatusTable(0, &table), S_OK);
  Rows status;
  ReadAll(table, &status);
  for (ULONG r = 0; r < status.size(); ++r) {
    EXPECT_NE(status.Long(r, PR_RESOURCE_TYPE), LONG{MAPI_AB_PROVIDER});
  }
  EXPECT_EQ(session->Logoff(0, 0, 0), S_OK);
  session->Release();
}

// A profile written by hand without PR_SAMPLE_AB_CONTACTS: the logon says
// MAPI_E_UNCONFIGURED, MAPI runs ServiceEntry(MSG_SERVICE_CONFIGURE), which
// sets the default file (creating it), and the second logon succeeds.
TEST_F(SampleAbTest, UnconfiguredLogonIsConfiguredByServiceEntryAndRetried) {
  std::filesystem::remove(contacts_file());
  std::ofstream(dir_ / "profiles" / "Hand.json") << R"({
  "format": "mapi_emu.profile", "version": 1, "name": "Hand",
  "search_key": "0123456789abcdef0123456789abcdef",
  "services": [{
    "uid": "0000000000000000000000000000b001", "name": "SAMPLE_AB",
    "properties": {"PR_DISPLAY_NAME_A": "Sample Address Book",
                   "PR_SERVICE_DLL_NAME_A": ")" SAMPLE_AB_PATH R"(",
                   "PR_SERVICE_ENTRY_NAME": "ServiceEntry"},
    "providers": [{
      "uid": "0000000000000000000000000000b002", "section": "SAMPLE_AB_PROVIDER",
      "properties": {"PR_DISPLAY_NAME_A": "Sample Address Book",
                     "PR_PROVIDER_DLL_NAME_A": ")" SAMPLE_AB_PATH R"(",
                     "PR_RESOURCE_TYPE": 35}}]}]
}
)";
  LPMAPISESSION session = nullptr;
  ASSERT_EQ(
      MAPILogonEx(0, T("Hand"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &session),
      S_OK);
  EXPECT_TRUE(std::filesystem::exists(contacts_file()));
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(session->GetStatusTable(0, &table), S_OK);
  Rows status;
  ReadAll(table, &status);
  int ab_rows = 0;
  for (ULONG r = 0; r < status.size(); ++r) {
    if (status.Long(r, PR_RESOURCE_TYPE) != LONG{MAPI_AB_PROVIDER}) continue;
    ++ab_rows;
    EXPECT_EQ(status.Str(r, PR_STATUS_STRING_A), "Available: 4 contacts");
  }
  EXPECT_EQ(ab_rows, 1);
  EXPECT_EQ(session->Logoff(0, 0, 0), S_OK);
  session->Release();
}

}  // namespace
