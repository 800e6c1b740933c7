// libsample_xp.so driven the way the spooler will drive it: loaded with
// dlopen, XPProviderInit with the exported MAPI allocators, TransportLogon
// on a small fake IMAPISupport (profile section, status row, MakeInvalid),
// then AddressTypes / TransportNotify / SubmitMessage / Poll / StartMessage
// on fake IMessages, and TransportLogoff. Checks the .eml bytes on disk, the
// properties delivered, the status rows and the call order at logoff. The
// last test goes through the real subsystem (MAPILogonEx).
#include "sample_xp.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "eml.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/base/shared_library.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "providers/common/fake_mapi.h"

namespace {

namespace fs = std::filesystem;
using sample_testing::FakeMessage;
using sample_testing::FakeSupport;
using sample_testing::Str;
using sample_testing::T;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// ---------------------------------------------------------------- fixture
class SampleXpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("sample_xp_test_" + std::to_string(rd()));
    fs::create_directories(dir_);
    ASSERT_EQ(MAPIInitialize(nullptr), S_OK);
    auto library = mapi_emu::SharedLibrary::Open(SAMPLE_XP_PATH);
    ASSERT_TRUE(library.ok()) << library.status().ToString();
    library_ = std::move(*library);
    auto init = library_->Function<LPXPPROVIDERINIT>("XPProviderInit");
    ASSERT_TRUE(init.ok()) << init.status().ToString();
    ULONG version = 0;
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
    fs::remove_all(dir_);
  }

  LPXPLOGON Logon(FakeSupport* support, ULONG flags = LOGON_NO_INBOUND | LOGON_NO_OUTBOUND) {
    LPXPLOGON logon = nullptr;
    LPMAPIERROR error = nullptr;
    EXPECT_EQ(provider_->TransportLogon(support, 0, T("Work"), &flags, &error, &logon), S_OK);
    EXPECT_EQ(flags, ULONG{LOGON_SP_POLL});
    EXPECT_EQ(error, nullptr);
    return logon;
  }

  static std::vector<fs::path> Files(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
    return files;
  }
  static std::string Read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
  std::unique_ptr<mapi_emu::SharedLibrary> library_;
  LPXPPROVIDER provider_ = nullptr;
};

TEST_F(SampleXpTest, TwoLogonsMailEachOtherThroughTheirInboxDirectories) {
  const fs::path inbox_a = dir_ / "a", inbox_b = dir_ / "b", drop_c = dir_ / "c drop";
  FakeSupport sup_a(PR_SAMPLE_XP_INBOX, inbox_a.string());
  FakeSupport sup_b(PR_SAMPLE_XP_INBOX, inbox_b.string());
  LPXPLOGON a = Logon(&sup_a);
  LPXPLOGON b = Logon(&sup_b);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(fs::is_directory(inbox_a)) << "TransportLogon creates its inbox";
  EXPECT_EQ(sup_a.refs(), 2u) << "the logon keeps a reference on its support object";

  // The status row is there from logon, traffic still disabled.
  EXPECT_THAT(sup_a.calls(), ElementsAre("OpenProfileSection(NULL)", "ModifyStatusRow(0)"));
  EXPECT_EQ(sup_a.Long(PR_RESOURCE_TYPE), LONG{MAPI_TRANSPORT_PROVIDER});
  EXPECT_EQ(sup_a.Long(PR_STATUS_CODE), LONG{STATUS_AVAILABLE});
  EXPECT_EQ(sup_a.Long(PR_RESOURCE_METHODS), LONG{STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES});
  EXPECT_EQ(sup_a.String(PR_DISPLAY_NAME_A), "Sample Transport");

  // AddressTypes: FILE and the transport's MAPIUID.
  ULONG flags = 1, c_types = 0, c_uids = 0;
  LPTSTR* types = nullptr;
  LPMAPIUID* uids = nullptr;
  ASSERT_EQ(a->AddressTypes(&flags, &c_types, &types, &c_uids, &uids), S_OK);
  ASSERT_EQ(c_types, 1u);
  EXPECT_STREQ(reinterpret_cast<char*>(types[0]), "FILE");
  ASSERT_EQ(c_uids, 1u);
  const MAPIUID expected_uid = {SAMPLE_XP_UID};
  EXPECT_TRUE(IsEqualMAPIUID(uids[0], &expected_uid));

  // TransportNotify enables traffic: flags back unchanged, the row updated.
  for (LPXPLOGON logon : {a, b}) {
    ULONG notify = NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND;
    ASSERT_EQ(logon->TransportNotify(&notify, nullptr), S_OK);
    EXPECT_EQ(notify, ULONG{NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND});
  }
  EXPECT_EQ(sup_a.Long(PR_STATUS_CODE),
            LONG{STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED});
  EXPECT_EQ(sup_a.String(PR_STATUS_STRING_A), "Available, sending, receiving");

  // A submits to B (FILE address type), C (a "FILE:" address) and D (SMTP).
  FakeMessage out;
  out.SetString(PR_SUBJECT_A, "Hello B");
  out.SetString(PR_BODY_A, "Line 1\nLine 2\n");
  out.SetString(PR_SENDER_NAME_A, "Alice");
  out.SetString(PR_SENDER_EMAIL_ADDRESS_A, inbox_a.string().c_str());
  out.SetString(PR_SENDER_ADDRTYPE_A, "FILE");
  out.AddRecipient("Bob", "FILE", inbox_b.string().c_str(), MAPI_TO);
  out.AddRecipient("Dave", "SMTP", "dave@example.com", MAPI_TO);
  const std::string c_address = "FILE:" + drop_c.string();
  out.AddRecipient("Carol", "EX", c_address.c_str(), MAPI_CC);
  ULONG_PTR ref = 0, retry = 7;
  ASSERT_EQ(a->SubmitMessage(0, &out, &ref, &retry), S_OK);
  EXPECT_NE(ref, 0u);
  EXPECT_EQ(retry, 0u);
  ULONG end_flags = 99;
  ASSERT_EQ(a->EndMessage(ref, &end_flags), S_OK);
  EXPECT_EQ(end_flags, 0u) << "sent";

  // One .eml in each FILE recipient's directory, nothing else (no temporaries).
  std::vector<fs::path> at_b = Files(inbox_b), at_c = Files(drop_c);
  ASSERT_EQ(at_b.size(), 1u);
  ASSERT_EQ(at_c.size(), 1u);
  EXPECT_EQ(at_b[0].extension(), ".eml");
  const std::string text = Read(at_b[0]);
  EXPECT_EQ(Read(at_c[0]), text);
  EXPECT_THAT(text, StartsWith("Date: "));
  // A directory is the local part, a quoted string: a Windows path's
  // backslashes are escaped there.
  auto quoted = [](const fs::path& dir) {
    std::string local;
    for (char c : dir.string()) {
      if (c == '\\' || c == '"') local += '\\';
      local += c;
    }
    return local;
  };
  EXPECT_THAT(text, HasSubstr("\r\nFrom: \"Alice\" <\"" + quoted(inbox_a) +
                              "\"@file.invalid>\r\n"
                              "To: \"Bob\" <\"" +
                              quoted(inbox_b) +
                              "\"@file.invalid>, \"Dave\" <dave@example.com>\r\n"
                              "Cc: \"Carol\" <\"" +
                              quoted(drop_c) +
                              "\"@file.invalid>\r\n"
                              "Subject: Hello B\r\n"));
  EXPECT_THAT(text, EndsWith("\r\n\r\nLine 1\r\nLine 2\r\n"));

  // PR_RESPONSIBILITY is set on the recipients A took, not on Dave.
  LPSRowSet rows = out.Recipients();
  ASSERT_EQ(rows->cRows, 3u);
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SRow& row = rows->aRow[r];
    LPSPropValue resp = PpropFindProp(row.lpProps, row.cValues, PR_RESPONSIBILITY);
    bool taken = resp != nullptr && PROP_TYPE(resp->ulPropTag) == PT_BOOLEAN && resp->Value.b;
    EXPECT_EQ(taken, Str(row.lpProps, row.cValues, PR_DISPLAY_NAME_A) != "Dave")
        << Str(row.lpProps, row.cValues, PR_DISPLAY_NAME_A);
  }
  FreeProws(rows);

  // Submitting it again: nothing left for this transport.
  ASSERT_EQ(a->SubmitMessage(0, &out, &ref, &retry), MAPI_E_NOT_ME);
  EXPECT_EQ(Files(inbox_b).size(), 1u);

  // B polls, then StartMessage delivers the file into the spooler's message.
  ULONG incoming = 0;
  ASSERT_EQ(b->Poll(&incoming), S_OK);
  EXPECT_EQ(incoming, 1u);
  const int64_t before = std::time(nullptr);
  FakeMessage in;
  ASSERT_EQ(b->StartMessage(0, &in, &ref), S_OK);
  EXPECT_EQ(in.saves, 1) << "SaveChanges delivers";
  EXPECT_EQ(in.Prop(PR_SUBJECT_A), "Hello B");
  EXPECT_EQ(in.Prop(PR_BODY_A), "Line 1\nLine 2\n");
  EXPECT_EQ(in.Prop(PR_MESSAGE_CLASS_A), "IPM.Note");
  EXPECT_EQ(in.Prop(PR_SENDER_NAME_A), "Alice");
  EXPECT_EQ(in.Prop(PR_SENDER_ADDRTYPE_A), "FILE");
  EXPECT_EQ(in.Prop(PR_SENDER_EMAIL_ADDRESS_A), inbox_a.string());
  EXPECT_EQ(in.Prop(PR_DISPLAY_TO_A), "Bob; Dave");
  EXPECT_GE(in.TimeProp(PR_MESSAGE_DELIVERY_TIME), before);
  EXPECT_LE(in.TimeProp(PR_MESSAGE_DELIVERY_TIME), std::time(nullptr));
  EXPECT_NE(in.TimeProp(PR_CLIENT_SUBMIT_TIME), -1);
  rows = in.Recipients();
  ASSERT_EQ(rows->cRows, 3u);
  std::vector<std::string> delivered;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SRow& row = rows->aRow[r];
    LPSPropValue kind = PpropFindProp(row.lpProps, row.cValues, PR_RECIPIENT_TYPE);
    delivered.push_back(Str(row.lpProps, row.cValues, PR_DISPLAY_NAME_A) + "/" +
                        Str(row.lpProps, row.cValues, PR_ADDRTYPE_A) + "/" +
                        std::to_string(kind != nullptr ? kind->Value.l : -1));
  }
  FreeProws(rows);
  EXPECT_THAT(delivered, ElementsAre("Bob/FILE/1", "Dave/SMTP/1", "Carol/FILE/2"));
  ASSERT_EQ(b->Poll(&incoming), S_OK);
  EXPECT_EQ(incoming, 0u) << "the delivered file is gone";
  FakeMessage none;
  ASSERT_EQ(b->StartMessage(0, &none, &ref), S_OK);
  EXPECT_EQ(none.saves, 0) << "nothing waiting: nothing delivered";

  // The status object: FlushQueues sets the flush bits; no dialogs.
  ULONG type = 0;
  LPMAPISTATUS status = nullptr;
  ASSERT_EQ(a->OpenStatusEntry(nullptr, 0, &type, &status), S_OK);
  EXPECT_EQ(type, ULONG{MAPI_STATUS});
  EXPECT_EQ(status->FlushQueues(0, 0, nullptr, FLUSH_UPLOAD), S_OK);
  EXPECT_EQ(sup_a.Long(PR_STATUS_CODE), LONG{STATUS_AVAILABLE | STATUS_INBOUND_ENABLED |
                                             STATUS_OUTBOUND_ENABLED | STATUS_OUTBOUND_FLUSH});
  LPSPropValue code = nullptr;
  ASSERT_EQ(HrGetOneProp(status, PR_STATUS_CODE, &code), S_OK);
  EXPECT_EQ(code->Value.l, sup_a.Long(PR_STATUS_CODE)) << "the object mirrors the row";
  MAPIFreeBuffer(code);
  ULONG end_flush = NOTIFY_END_OUTBOUND_FLUSH;
  ASSERT_EQ(a->TransportNotify(&end_flush, nullptr), S_OK);
  EXPECT_EQ(sup_a.Long(PR_STATUS_CODE),
            LONG{STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED});
  EXPECT_EQ(status->SettingsDialog(0, 0), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(status->ChangePassword(T("old"), T("new"), 0), MAPI_E_NO_SUPPORT);
  EXPECT_EQ(status->ValidateState(0, 0), S_OK);
  EXPECT_EQ(a->ValidateState(0, 0x1000), MAPI_E_UNKNOWN_FLAGS);

  // TransportLogoff: status object invalidated first, support released last.
  ASSERT_EQ(a->TransportLogoff(0), S_OK);
  ASSERT_GE(sup_a.calls().size(), 2u);
  EXPECT_EQ(sup_a.calls()[sup_a.calls().size() - 2], "MakeInvalid(refs=2, methods=18)");
  EXPECT_EQ(sup_a.calls().back(), "Release");
  EXPECT_EQ(sup_a.refs(), 1u);
  EXPECT_EQ(status->ValidateState(0, 0), MAPI_E_INVALID_OBJECT) << "a logged-off status object";
  status->Release();
  EXPECT_EQ(a->Release(), 0u);
  ASSERT_EQ(b->TransportLogoff(0), S_OK);
  EXPECT_EQ(sup_b.calls().back(), "Release");
  EXPECT_EQ(sup_b.refs(), 1u);
  EXPECT_EQ(b->Release(), 0u);
}

TEST_F(SampleXpTest, CorruptInboundFileIsSetAsideWithAClearError) {
  const fs::path inbox = dir_ / "in";
  FakeSupport sup(PR_SAMPLE_XP_INBOX, inbox.string());
  LPXPLOGON logon = Logon(&sup, 0);
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(sup.Long(PR_STATUS_CODE),
            LONG{STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED})
      << "without LOGON_NO_INBOUND / LOGON_NO_OUTBOUND both directions start enabled";
  std::ofstream(inbox / "1.eml") << "From: a@b\r\nGarbage line\r\n\r\nbody";
  ULONG incoming = 0;
  ASSERT_EQ(logon->Poll(&incoming), S_OK);
  EXPECT_EQ(incoming, 1u);
  FakeMessage in;
  ULONG_PTR ref = 0;
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(logon->StartMessage(0, &in, &ref), MAPI_E_CORRUPT_DATA);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, HasSubstr((inbox / "1.eml").string() + ": line 2: not a header field"));
  EXPECT_EQ(in.saves, 0);
  EXPECT_TRUE(fs::exists(inbox / "1.eml.bad"));
  ASSERT_EQ(logon->Poll(&incoming), S_OK);
  EXPECT_EQ(incoming, 0u);
  ASSERT_EQ(logon->TransportLogoff(0), S_OK);
  EXPECT_EQ(logon->Release(), 0u);
}

TEST_F(SampleXpTest, LogonWithoutAnInboxIsUnconfigured) {
  FakeSupport sup(PR_SAMPLE_XP_INBOX, "");
  ULONG flags = 0;
  LPXPLOGON logon = reinterpret_cast<LPXPLOGON>(&flags);
  LPMAPIERROR error = nullptr;
  EXPECT_EQ(provider_->TransportLogon(&sup, 0, T("Work"), &flags, &error, &logon),
            MAPI_E_UNCONFIGURED);
  EXPECT_EQ(logon, nullptr);
  EXPECT_EQ(sup.refs(), 1u) << "the support reference is given back";
}

// Through the real subsystem: a profile naming the library by path;
// MAPILogonEx logs the transport on, its status row shows and opens its
// status object; Logoff ends it.
TEST(SampleXpSubsystemTest, TransportLogsOnWithTheSessionAndShowsItsStatusRow) {
  std::random_device rd;
  fs::path dir = fs::temp_directory_path() / ("sample_xp_subsystem_" + std::to_string(rd()));
  fs::create_directories(dir / "profiles");
  std::ofstream(dir / "mapisvc.inf") << "[Services]\nSAMPLE_XP=Sample Transport\n\n"
                                        "[SAMPLE_XP]\nPR_DISPLAY_NAME=Sample Transport\n"
                                        "Providers=SAMPLE_XP_PROVIDER\nPR_SERVICE_DLL_NAME="
                                     << SAMPLE_XP_PATH
                                     << "\nPR_SERVICE_ENTRY_NAME=ServiceEntry\n\n"
                                        "[SAMPLE_XP_PROVIDER]\nPR_PROVIDER_DLL_NAME="
                                     << SAMPLE_XP_PATH
                                     << "\nPR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER\n"
                                        "PR_PROVIDER_DISPLAY=Sample Transport\n";
  mapi_emu::SetEnv("MAPI_EMU_PROFILES", (dir / "profiles").string());
  mapi_emu::SetEnv("MAPI_EMU_MAPISVC", (dir / "mapisvc.inf").string());
  mapi_emu::SetEnv("MAPI_EMU_DATA", (dir / "data").string());
  ASSERT_EQ(MAPIInitialize(nullptr), S_OK);
  LPPROFADMIN prof_admin = nullptr;
  ASSERT_EQ(MAPIAdminProfiles(0, &prof_admin), S_OK);
  ASSERT_EQ(prof_admin->CreateProfile(T("Mail"), nullptr, 0, 0), S_OK);
  LPSERVICEADMIN svc_admin = nullptr;
  ASSERT_EQ(prof_admin->AdminServices(T("Mail"), nullptr, 0, 0, &svc_admin), S_OK);
  ASSERT_EQ(svc_admin->CreateMsgService(T("SAMPLE_XP"), nullptr, 0, 0), S_OK);
  svc_admin->Release();
  prof_admin->Release();

  LPMAPISESSION session = nullptr;
  ASSERT_EQ(MAPILogonEx(0, T("Mail"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION, &session), S_OK);
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(session->GetStatusTable(0, &table), S_OK);
  LPSRowSet rows = nullptr;
  ASSERT_EQ(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows), S_OK);
  table->Release();
  int transport_rows = 0;
  std::vector<BYTE> status_eid;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SRow& row = rows->aRow[r];
    LPSPropValue kind = PpropFindProp(row.lpProps, row.cValues, PR_RESOURCE_TYPE);
    if (kind == nullptr || kind->Value.l != LONG{MAPI_TRANSPORT_PROVIDER}) continue;
    ++transport_rows;
    EXPECT_EQ(Str(row.lpProps, row.cValues, PR_DISPLAY_NAME_A), "Sample Transport");
    LPSPropValue code = PpropFindProp(row.lpProps, row.cValues, PR_STATUS_CODE);
    ASSERT_NE(code, nullptr);
    EXPECT_TRUE(code->Value.l & STATUS_AVAILABLE);
    LPSPropValue eid = PpropFindProp(row.lpProps, row.cValues, PR_ENTRYID);
    ASSERT_NE(eid, nullptr);
    status_eid.assign(eid->Value.bin.lpb, eid->Value.bin.lpb + eid->Value.bin.cb);
  }
  FreeProws(rows);
  EXPECT_EQ(transport_rows, 1);
  EXPECT_TRUE(fs::is_directory(dir / "data" / "sample_xp" / "inbox"))
      << "TransportLogon creates the default inbox ServiceEntry configured";

  // The row opens the transport's status object; held across Logoff, it
  // has been handed to IMAPISupport::MakeInvalid by TransportLogoff.
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(
      session->OpenEntry(static_cast<ULONG>(status_eid.size()),
                         reinterpret_cast<LPENTRYID>(status_eid.data()), nullptr, 0, &type, &unk),
      S_OK);
  EXPECT_EQ(type, ULONG{MAPI_STATUS});
  auto* status = static_cast<IMAPIStatus*>(unk);
  EXPECT_EQ(status->ValidateState(0, 0), S_OK);
  EXPECT_EQ(status->SettingsDialog(0, 0), MAPI_E_NO_SUPPORT);

  EXPECT_EQ(session->Logoff(0, 0, 0), S_OK);
  EXPECT_EQ(status->ValidateState(0, 0), MAPI_E_INVALID_OBJECT);
  status->Release();
  session->Release();
  MAPIUninitialize();
  mapi_emu::UnsetEnv("MAPI_EMU_PROFILES");
  mapi_emu::UnsetEnv("MAPI_EMU_MAPISVC");
  mapi_emu::UnsetEnv("MAPI_EMU_DATA");
  fs::remove_all(dir);
}

}  // namespace
