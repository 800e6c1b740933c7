// libsample_ab.so driven directly, the way MAPI drives an address book:
// dlopen, ABProviderInit with the exported allocators, IABProvider::Logon on a
// fake support object, then the IABLogon methods a client cannot reach through
// IAddrBook (GetOneOffTable, OpenTemplateID, PrepareRecips, CompareEntryIDs on
// foreign IDs) and the order of the calls Logon and Logoff make into MAPI.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "contacts.h"
#include "entry_ids.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/shared_library.h"
#include "providers/common/fake_mapi.h"
#include "sample_ab.h"

namespace {

using sample_testing::FakeSupport;
using sample_testing::Str;
using sample_testing::T;
using ::testing::ElementsAre;

class AbLogonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    file_ = std::filesystem::temp_directory_path() /
            ("sample_ab_logon_" + std::to_string(rd()) + ".json");
    std::ofstream(file_) << sample_ab::SampleContactsJson();
    ASSERT_EQ(MAPIInitialize(nullptr), S_OK);
    auto library = mapi_emu::SharedLibrary::Open(SAMPLE_AB_PATH);
    ASSERT_TRUE(library.ok()) << library.status().ToString();
    library_ = std::move(*library);
    auto init = library_->Function<LPABPROVIDERINIT>("ABProviderInit");
    ASSERT_TRUE(init.ok()) << init.status().ToString();
    ULONG version = 0;
    EXPECT_EQ((*init)(nullptr, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                      MAPIFreeBuffer, 0, CURRENT_SPI_VERSION - 1, &version, &provider_),
              MAPI_E_VERSION)
        << "an older MAPI is refused";
    ASSERT_EQ((*init)(nullptr, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                      MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &provider_),
              S_OK);
    EXPECT_EQ(version, CURRENT_SPI_VERSION);
  }
  void TearDown() override {
    if (provider_ != nullptr) {
      ULONG flags = 0;
      EXPECT_EQ(provider_->Shutdown(&flags), S_OK);
      EXPECT_EQ(provider_->Release(), 0u);
    }
    library_.reset();
    MAPIUninitialize();
    std::filesystem::remove(file_);
  }

  std::filesystem::path file_;
  std::unique_ptr<mapi_emu::SharedLibrary> library_;
  LPABPROVIDER provider_ = nullptr;
};

TEST_F(AbLogonTest, LogonOneOffTablePrepareRecipsAndLogoffOrder) {
  FakeSupport sup(PR_SAMPLE_AB_CONTACTS, file_.string());
  ULONG cb_security = 5;
  LPBYTE security = reinterpret_cast<LPBYTE>(&cb_security);
  LPMAPIERROR error = nullptr;
  LPABLOGON logon = nullptr;
  ASSERT_EQ(
      provider_->Logon(&sup, 0, T("Work"), AB_NO_DIALOG, &cb_security, &security, &error, &logon),
      S_OK);
  EXPECT_EQ(cb_security, 0u);
  EXPECT_EQ(security, nullptr);
  EXPECT_EQ(error, nullptr);
  EXPECT_THAT(sup.calls(), ElementsAre("OpenProfileSection(NULL)", "SetProviderUID",
                                       "SetProviderUID", "ModifyStatusRow(0)"));
  ASSERT_EQ(sup.uids().size(), 2u);
  const MAPIUID ours = {SAMPLE_AB_UID}, one_off = {MAPI_ONE_OFF_UID};
  EXPECT_TRUE(IsEqualMAPIUID(&sup.uids()[0], &ours));
  EXPECT_TRUE(IsEqualMAPIUID(&sup.uids()[1], &one_off));
  EXPECT_EQ(sup.refs(), 2u) << "the logon keeps a reference on its support object";
  EXPECT_EQ(sup.Long(PR_RESOURCE_TYPE), LONG{MAPI_AB_PROVIDER});
  EXPECT_EQ(sup.String(PR_STATUS_STRING_A), "Available: 4 contacts");
  EXPECT_EQ(sup.String(PR_RESOURCE_PATH_A), file_.string());

  // The one-off table: the FILE template.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(logon->GetOneOffTable(0, &table), S_OK);
  LPSRowSet rows = nullptr;
  ASSERT_EQ(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows), S_OK);
  table->Release();
  ASSERT_EQ(rows->cRows, 1u);
  const SRow& row = rows->aRow[0];
  EXPECT_EQ(Str(row.lpProps, row.cValues, PR_ADDRTYPE_A), "FILE");
  EXPECT_EQ(Str(row.lpProps, row.cValues, PR_DISPLAY_NAME_A), "File drop directory");
  LPSPropValue selectable = PpropFindProp(row.lpProps, row.cValues, PR_SELECTABLE);
  ASSERT_NE(selectable, nullptr);
  EXPECT_TRUE(selectable->Value.b);
  LPSPropValue template_id = PpropFindProp(row.lpProps, row.cValues, PR_ENTRYID);
  ASSERT_NE(template_id, nullptr);
  LPMAPIPROP created = reinterpret_cast<LPMAPIPROP>(&cb_security);
  EXPECT_EQ(logon->OpenTemplateID(template_id->Value.bin.cb,
                                  reinterpret_cast<LPENTRYID>(template_id->Value.bin.lpb), 0,
                                  nullptr, nullptr, &created, nullptr),
            MAPI_E_NO_SUPPORT);
  EXPECT_EQ(created, nullptr);
  FreeProws(rows);

  // Entry IDs that are not this provider's.
  BYTE foreign[24] = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  ULONG result = 0;
  EXPECT_EQ(
      logon->CompareEntryIDs(sizeof foreign, reinterpret_cast<LPENTRYID>(foreign), sizeof foreign,
                             reinterpret_cast<LPENTRYID>(foreign), 0, &result),
      MAPI_E_INVALID_ENTRYID);
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  EXPECT_EQ(logon->OpenEntry(sizeof foreign, reinterpret_cast<LPENTRYID>(foreign), nullptr, 0,
                             &type, &unk),
            MAPI_E_UNKNOWN_ENTRYID);
  std::vector<BYTE> gone = sample_ab::MakeEntryId(SAMPLE_AB_KIND_MAILUSER, "nobody@example.com");
  EXPECT_EQ(logon->OpenEntry(static_cast<ULONG>(gone.size()),
                             reinterpret_cast<LPENTRYID>(gone.data()), nullptr, 0, &type, &unk),
            MAPI_E_NOT_FOUND);
  ASSERT_EQ(logon->OpenEntry(0, nullptr, nullptr, 0, &type, &unk), S_OK);
  EXPECT_EQ(type, ULONG{MAPI_ABCONT}) << "NULL opens the root container";
  unk->Release();
  ULONG_PTR connection = 0;
  EXPECT_EQ(logon->Advise(0, nullptr, fnevObjectModified, nullptr, &connection), MAPI_E_NO_SUPPORT);

  // PrepareRecips fills in its own recipients, leaves the others alone.
  std::vector<BYTE> carol = sample_ab::MakeEntryId(SAMPLE_AB_KIND_MAILUSER, "carol@example.net");
  LPADRLIST list = nullptr;
  ASSERT_EQ(MAPIAllocateBuffer(CbNewADRLIST(2), reinterpret_cast<LPVOID*>(&list)), S_OK);
  list->cEntries = 2;
  for (ULONG i = 0; i < 2; ++i) {
    LPSPropValue v = nullptr;
    ASSERT_EQ(MAPIAllocateBuffer(sizeof(SPropValue), reinterpret_cast<LPVOID*>(&v)), S_OK);
    v->ulPropTag = PR_ENTRYID;
    v->dwAlignPad = 0;
    v->Value.bin.cb = i == 0 ? static_cast<ULONG>(carol.size()) : sizeof foreign;
    v->Value.bin.lpb = i == 0 ? carol.data() : foreign;
    list->aEntries[i] = {0, 1, v};
  }
  const ULONG tags[] = {2, PR_DISPLAY_NAME_A, PR_COMPANY_NAME_A};
  ASSERT_EQ(
      logon->PrepareRecips(0, reinterpret_cast<LPSPropTagArray>(const_cast<ULONG*>(tags)), list),
      S_OK);
  const ADRENTRY& c = list->aEntries[0];
  EXPECT_EQ(Str(c.rgPropVals, c.cValues, PR_DISPLAY_NAME_A), "Carol Clark");
  EXPECT_EQ(Str(c.rgPropVals, c.cValues, PR_EMAIL_ADDRESS_A), "carol@example.net");
  EXPECT_NE(PpropFindProp(c.rgPropVals, c.cValues, PROP_TAG(PT_ERROR, PROP_ID(PR_COMPANY_NAME_A))),
            nullptr)
      << "a tag the contact has no value for comes back as PT_ERROR";
  EXPECT_EQ(list->aEntries[1].cValues, 1u);
  FreePadrlist(list);

  // Logoff: the status object first, the support object last.
  LPMAPISTATUS status = nullptr;
  ASSERT_EQ(logon->OpenStatusEntry(nullptr, 0, &type, &status), S_OK);
  EXPECT_EQ(type, ULONG{MAPI_STATUS});
  EXPECT_EQ(status->FlushQueues(0, 0, nullptr, 0), MAPI_E_NO_SUPPORT);
  ASSERT_EQ(logon->Logoff(0), S_OK);
  EXPECT_EQ(sup.calls().back(), "Release");
  EXPECT_EQ(sup.refs(), 1u);
  EXPECT_EQ(status->ValidateState(0, 0), MAPI_E_INVALID_OBJECT);
  status->Release();
  EXPECT_EQ(logon->Release(), 0u);
}

TEST_F(AbLogonTest, LogonWithoutAContactsFileSettingIsUnconfigured) {
  FakeSupport sup(PR_SAMPLE_AB_CONTACTS, "");
  LPABLOGON logon = reinterpret_cast<LPABLOGON>(&sup);
  LPMAPIERROR error = nullptr;
  EXPECT_EQ(provider_->Logon(&sup, 0, T("Work"), AB_NO_DIALOG, nullptr, nullptr, &error, &logon),
            MAPI_E_UNCONFIGURED);
  EXPECT_EQ(logon, nullptr);
  EXPECT_EQ(sup.refs(), 1u) << "the support reference is given back";
  EXPECT_THAT(sup.calls(), ElementsAre("OpenProfileSection(NULL)", "Release"));
}

}  // namespace
