// libsample_store.so through the real loader and subsystem, with the
// exported MAPI API only (as a client on Windows would drive it): a profile
// made with MAPIAdminProfiles from a MAPISVC.INF naming the library by its
// absolute path, MAPI_EMU_DATA pointing at a temporary directory.
#include "providers/sample_store/sample_store.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/platform.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

LPTSTR T(const char* s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s)); }

// An HRESULT that prints as hex in failure messages.
struct Hr {
  explicit Hr(HRESULT v) : value(v) {}
  HRESULT value;
  friend bool operator==(Hr a, Hr b) { return a.value == b.value; }
  friend void PrintTo(Hr hr, std::ostream* os) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(hr.value));
    *os << text;
  }
};

std::string InfText() {
  return std::string(R"([Services]
SAMPLE_STORE=Sample Store

[SAMPLE_STORE]
PR_DISPLAY_NAME=Sample Store
Providers=SAMPLE_STORE_MS
PR_SERVICE_DLL_NAME=)") +
         SAMPLE_STORE_PATH + R"(
PR_SERVICE_ENTRY_NAME=ServiceEntry
PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY|SERVICE_DEFAULT_STORE

[SAMPLE_STORE_MS]
PR_PROVIDER_DLL_NAME=)" +
         SAMPLE_STORE_PATH + R"(
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_DISPLAY_NAME=Sample Store
PR_PROVIDER_DISPLAY=Sample Message Store
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE
)";
}

using Bytes = std::vector<BYTE>;

// Every row of a table (the table is released).
struct Rows {
  LPSRowSet set = nullptr;
  Rows() = default;
  Rows(const Rows&) = delete;
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
  Bytes Bin(ULONG row, ULONG tag) const {
    const SPropValue* v = Find(row, tag);
    return v != nullptr ? Bytes(v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb) : Bytes();
  }
};

void ReadAll(LPMAPITABLE table, Rows* rows) {
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(Hr(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows->set)), Hr(S_OK));
  table->Release();
}

Bytes BinProp(LPMAPIPROP object, ULONG tag) {
  LPSPropValue v = nullptr;
  if (FAILED(HrGetOneProp(object, tag, &v))) return Bytes();
  Bytes out(v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb);
  MAPIFreeBuffer(v);
  return out;
}

std::string StrProp(LPMAPIPROP object, ULONG tag) {
  LPSPropValue v = nullptr;
  if (FAILED(HrGetOneProp(object, tag, &v))) return "<missing>";
  std::string out = v->Value.lpszA;
  MAPIFreeBuffer(v);
  return out;
}

LONG LongProp(LPMAPIPROP object, ULONG tag) {
  LPSPropValue v = nullptr;
  if (FAILED(HrGetOneProp(object, tag, &v))) return -1;
  LONG out = v->Value.l;
  MAPIFreeBuffer(v);
  return out;
}

LPENTRYID Eid(Bytes& b) { return reinterpret_cast<LPENTRYID>(b.data()); }
ULONG Cb(const Bytes& b) { return static_cast<ULONG>(b.size()); }

// An advise sink that records the event types it is told about.
class RecordingSink final : public IMAPIAdviseSink {
 public:
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIADVISESINK_METHODS(IMPL)
  std::vector<ULONG> events;  // MAPI delivers synchronously, on the notifying thread

 private:
  std::atomic<ULONG> refs_{1};
};

STDMETHODIMP RecordingSink::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = nullptr;
  if (riid != IID_IUnknown && riid != IID_IMAPIAdviseSink) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IMAPIAdviseSink*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) RecordingSink::AddRef() { return ++refs_; }
STDMETHODIMP_(ULONG) RecordingSink::Release() {
  ULONG left = --refs_;
  if (left == 0) delete this;
  return left;
}
STDMETHODIMP_(ULONG) RecordingSink::OnNotify(ULONG cNotif, LPNOTIFICATION lpNotifications) {
  for (ULONG i = 0; i < cNotif; ++i) events.push_back(lpNotifications[i].ulEventType);
  return 0;
}

class SampleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("sample_store_test_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_ / "profiles");
    std::ofstream(dir_ / "mapisvc.inf") << InfText();
    mapi_emu::SetEnv("MAPI_EMU_PROFILES", (dir_ / "profiles").string());
    mapi_emu::SetEnv("MAPI_EMU_MAPISVC", (dir_ / "mapisvc.inf").string());
    mapi_emu::SetEnv("MAPI_EMU_DATA", (dir_ / "data").string());
    ASSERT_EQ(Hr(MAPIInitialize(nullptr)), Hr(S_OK));
    initialized_ = true;
    LPPROFADMIN prof_admin = nullptr;
    ASSERT_EQ(Hr(MAPIAdminProfiles(0, &prof_admin)), Hr(S_OK));
    ASSERT_EQ(Hr(prof_admin->CreateProfile(T("Work"), nullptr, 0, 0)), Hr(S_OK));
    LPSERVICEADMIN svc_admin = nullptr;
    ASSERT_EQ(Hr(prof_admin->AdminServices(T("Work"), nullptr, 0, 0, &svc_admin)), Hr(S_OK));
    // ServiceEntry(MSG_SERVICE_CREATE) names the data directory.
    ASSERT_EQ(Hr(svc_admin->CreateMsgService(T("SAMPLE_STORE"), nullptr, 0, 0)), Hr(S_OK));
    svc_admin->Release();
    prof_admin->Release();
  }
  void TearDown() override {
    if (initialized_) MAPIUninitialize();
    mapi_emu::UnsetEnv("MAPI_EMU_PROFILES");
    mapi_emu::UnsetEnv("MAPI_EMU_MAPISVC");
    mapi_emu::UnsetEnv("MAPI_EMU_DATA");
    std::filesystem::remove_all(dir_);
  }

  // MAPIUninitialize and MAPIInitialize: a new process as far as MAPI and
  // the provider library are concerned.
  void Restart() {
    MAPIUninitialize();
    initialized_ = false;
    ASSERT_EQ(Hr(MAPIInitialize(nullptr)), Hr(S_OK));
    initialized_ = true;
  }

  LPMAPISESSION Logon() {
    LPMAPISESSION session = nullptr;
    EXPECT_EQ(Hr(MAPILogonEx(0, T("Work"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                             &session)),
              Hr(S_OK));
    return session;
  }

  // The store's entry ID from the message stores table.
  Bytes StoreEid(LPMAPISESSION session) {
    LPMAPITABLE table = nullptr;
    EXPECT_EQ(Hr(session->GetMsgStoresTable(0, &table)), Hr(S_OK));
    Rows rows;
    ReadAll(table, &rows);
    EXPECT_EQ(rows.size(), 1u);
    return rows.size() == 1 ? rows.Bin(0, PR_ENTRYID) : Bytes();
  }

  LPMDB OpenStore(LPMAPISESSION session, HRESULT expected = S_OK) {
    Bytes eid = StoreEid(session);
    LPMDB store = nullptr;
    EXPECT_EQ(
        Hr(session->OpenMsgStore(0, Cb(eid), Eid(eid), nullptr, MDB_NO_DIALOG | MDB_WRITE, &store)),
        Hr(expected));
    return store;
  }

  LPMAPIFOLDER OpenFolder(LPMDB store, ULONG eid_tag) {
    Bytes eid = BinProp(store, eid_tag);
    ULONG type = 0;
    LPUNKNOWN unk = nullptr;
    EXPECT_EQ(Hr(store->OpenEntry(Cb(eid), Eid(eid), nullptr, MAPI_MODIFY, &type, &unk)), Hr(S_OK));
    EXPECT_EQ(type, ULONG{MAPI_FOLDER});
    return static_cast<LPMAPIFOLDER>(unk);
  }

  LPMAPIFOLDER Inbox(LPMDB store) {
    ULONG cb = 0;
    LPENTRYID eid = nullptr;
    EXPECT_EQ(Hr(store->GetReceiveFolder(T("IPM.Note"), 0, &cb, &eid, nullptr)), Hr(S_OK));
    ULONG type = 0;
    LPUNKNOWN unk = nullptr;
    EXPECT_EQ(Hr(store->OpenEntry(cb, eid, nullptr, MAPI_MODIFY, &type, &unk)), Hr(S_OK));
    MAPIFreeBuffer(eid);
    return static_cast<LPMAPIFOLDER>(unk);
  }

  // A saved message in `folder` with a subject and two recipients; returns
  // its entry ID.
  Bytes SaveMessage(LPMAPIFOLDER folder, const char* subject, bool delete_after_submit = false,
                    LPMESSAGE* keep = nullptr) {
    LPMESSAGE message = nullptr;
    EXPECT_EQ(Hr(folder->CreateMessage(nullptr, 0, &message)), Hr(S_OK));
    SPropValue props[3];
    std::memset(props, 0, sizeof props);
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = const_cast<LPSTR>(subject);
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = const_cast<LPSTR>("IPM.Note");
    props[2].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    props[2].Value.b = delete_after_submit;
    EXPECT_EQ(Hr(message->SetProps(3, props, nullptr)), Hr(S_OK));

    const char* names[] = {"Ann Archer", "Bob Baker"};
    const char* addresses[] = {"ann@example.org", "bob@example.org"};
    std::vector<BYTE> block(CbNewADRLIST(2));
    auto* list = reinterpret_cast<LPADRLIST>(block.data());
    list->cEntries = 2;
    SPropValue recip[2][3];
    for (int i = 0; i < 2; ++i) {
      std::memset(recip[i], 0, sizeof recip[i]);
      recip[i][0].ulPropTag = PR_DISPLAY_NAME_A;
      recip[i][0].Value.lpszA = const_cast<LPSTR>(names[i]);
      recip[i][1].ulPropTag = PR_EMAIL_ADDRESS_A;
      recip[i][1].Value.lpszA = const_cast<LPSTR>(addresses[i]);
      recip[i][2].ulPropTag = PR_RECIPIENT_TYPE;
      recip[i][2].Value.l = i == 0 ? MAPI_TO : MAPI_CC;
      list->aEntries[i].ulReserved1 = 0;
      list->aEntries[i].cValues = 3;
      list->aEntries[i].rgPropVals = recip[i];
    }
    EXPECT_EQ(Hr(message->ModifyRecipients(0, list)), Hr(S_OK));
    EXPECT_EQ(Hr(message->SaveChanges(KEEP_OPEN_READWRITE)), Hr(S_OK));
    Bytes eid = BinProp(message, PR_ENTRYID);
    if (keep != nullptr) {
      *keep = message;
    } else {
      message->Release();
    }
    return eid;
  }

  LPMESSAGE OpenMessage(LPMDB store, Bytes eid, HRESULT expected = S_OK) {
    ULONG type = 0;
    LPUNKNOWN unk = nullptr;
    EXPECT_EQ(Hr(store->OpenEntry(Cb(eid), Eid(eid), nullptr, MAPI_MODIFY, &type, &unk)),
              Hr(expected));
    if (SUCCEEDED(expected)) {
      EXPECT_EQ(type, ULONG{MAPI_MESSAGE});
    }
    return static_cast<LPMESSAGE>(unk);
  }

  std::vector<std::string> Subjects(LPMAPIFOLDER folder) {
    LPMAPITABLE table = nullptr;
    EXPECT_EQ(Hr(folder->GetContentsTable(0, &table)), Hr(S_OK));
    Rows rows;
    ReadAll(table, &rows);
    std::vector<std::string> out;
    for (ULONG r = 0; r < rows.size(); ++r) out.push_back(rows.Str(r, PR_SUBJECT_A));
    return out;
  }

  // The resource types of the status table's rows.
  std::vector<LONG> StatusTypes(LPMAPISESSION session) {
    LPMAPITABLE table = nullptr;
    EXPECT_EQ(Hr(session->GetStatusTable(0, &table)), Hr(S_OK));
    Rows rows;
    ReadAll(table, &rows);
    std::vector<LONG> out;
    for (ULONG r = 0; r < rows.size(); ++r) out.push_back(rows.Long(r, PR_RESOURCE_TYPE));
    return out;
  }

  // The store's data directory (the one directory under $MAPI_EMU_DATA/sample_store).
  std::filesystem::path DataDir() {
    std::filesystem::path root = dir_ / "data" / "sample_store";
    std::vector<std::filesystem::path> dirs;
    for (const auto& e : std::filesystem::directory_iterator(root)) dirs.push_back(e.path());
    EXPECT_EQ(dirs.size(), 1u);
    return dirs.empty() ? root : dirs[0];
  }

  std::filesystem::path dir_;
  bool initialized_ = false;
};

TEST_F(SampleStoreTest, StoreHasItsFoldersAndProperties) {
  LPMAPISESSION session = Logon();
  ASSERT_NE(session, nullptr);
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);

  EXPECT_EQ(StrProp(store, PR_DISPLAY_NAME_A), "Sample Store");
  // Wrapped by WrapStoreEntryID; the store wrote its own entry ID into its
  // profile section at logon, so the message stores table shows the same.
  EXPECT_EQ(BinProp(store, PR_ENTRYID), StoreEid(session));
  EXPECT_EQ(LongProp(store, PR_OBJECT_TYPE), LONG{MAPI_STORE});
  EXPECT_EQ(BinProp(store, PR_RECORD_KEY).size(), sizeof(MAPIUID));
  EXPECT_EQ(BinProp(store, PR_MDB_PROVIDER).size(), sizeof(MAPIUID));
  EXPECT_TRUE(LongProp(store, PR_STORE_SUPPORT_MASK) & STORE_SUBMIT_OK);

  // The status row the store added at logon.
  EXPECT_THAT(StatusTypes(session),
              ElementsAre(LONG{MAPI_SUBSYSTEM}, LONG{MAPI_SPOOLER}, LONG{MAPI_STORE_PROVIDER}));

  // Root -> IPM subtree -> the four standard folders.
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(Hr(store->OpenEntry(0, nullptr, nullptr, 0, &type, &unk)), Hr(S_OK));
  auto* root = static_cast<LPMAPIFOLDER>(unk);
  EXPECT_EQ(LongProp(root, PR_FOLDER_TYPE), LONG{FOLDER_ROOT});
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(root->GetHierarchyTable(CONVENIENT_DEPTH, &table)), Hr(S_OK));
  Rows tree;
  ReadAll(table, &tree);
  std::vector<std::string> names;
  for (ULONG r = 0; r < tree.size(); ++r) {
    names.push_back(std::to_string(tree.Long(r, PR_DEPTH)) + " " + tree.Str(r, PR_DISPLAY_NAME_A));
  }
  EXPECT_THAT(names, UnorderedElementsAre("0 Top of Information Store", "1 Inbox", "1 Outbox",
                                          "1 Sent Items", "1 Deleted Items"));
  root->Release();

  for (ULONG tag : {PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID,
                    PR_IPM_WASTEBASKET_ENTRYID}) {
    LPMAPIFOLDER folder = OpenFolder(store, tag);
    ASSERT_NE(folder, nullptr) << std::hex << tag;
    EXPECT_EQ(BinProp(folder, PR_ENTRYID), BinProp(store, tag));
    folder->Release();
  }
  LPMAPIFOLDER inbox = Inbox(store);
  ASSERT_NE(inbox, nullptr);
  EXPECT_EQ(StrProp(inbox, PR_DISPLAY_NAME_A), "Inbox");
  inbox->Release();

  // The files on disk: store.json and one file per folder.
  std::filesystem::path data = DataDir();
  EXPECT_TRUE(std::filesystem::exists(data / "store.json"));
  for (int n = 1; n <= 6; ++n) {
    EXPECT_TRUE(std::filesystem::exists(data / "folders" / (std::to_string(n) + ".json"))) << n;
  }

  store->Release();
  EXPECT_EQ(Hr(session->Logoff(0, 0, 0)), Hr(S_OK));
  session->Release();
}

TEST_F(SampleStoreTest, MessageWithRecipientsIsSavedReadBackSubmittedAndFinished) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  LPMAPIFOLDER outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
  LPMAPIFOLDER sent = OpenFolder(store, PR_IPM_SENTMAIL_ENTRYID);
  ASSERT_NE(outbox, nullptr);
  ASSERT_NE(sent, nullptr);

  Bytes eid = SaveMessage(outbox, "Quarterly report");
  ASSERT_EQ(eid.size(), size_t{SAMPLE_STORE_EID_SIZE});
  EXPECT_THAT(Subjects(outbox), ElementsAre("Quarterly report"));
  EXPECT_EQ(LongProp(outbox, PR_CONTENT_COUNT), 1);

  // Read back: properties and the recipient table.
  LPMESSAGE message = OpenMessage(store, eid);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(StrProp(message, PR_SUBJECT_A), "Quarterly report");
  EXPECT_EQ(LongProp(message, PR_MESSAGE_FLAGS), LONG{MSGFLAG_UNSENT});
  EXPECT_EQ(BinProp(message, PR_PARENT_ENTRYID), BinProp(store, PR_IPM_OUTBOX_ENTRYID));
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(message->GetRecipientTable(0, &table)), Hr(S_OK));
  Rows recipients;
  ReadAll(table, &recipients);
  ASSERT_EQ(recipients.size(), 2u);
  EXPECT_EQ(recipients.Str(0, PR_DISPLAY_NAME_A), "Ann Archer");
  EXPECT_EQ(recipients.Long(0, PR_RECIPIENT_TYPE), LONG{MAPI_TO});
  EXPECT_EQ(recipients.Str(1, PR_EMAIL_ADDRESS_A), "bob@example.org");
  EXPECT_EQ(recipients.Long(1, PR_ROWID), 1);

  // SubmitMessage: MSGFLAG_SUBMIT and a row in the outgoing queue; the
  // submitted message object allows only Release.
  ASSERT_EQ(Hr(message->SubmitMessage(0)), Hr(S_OK));
  ULONG count = 0;
  LPSPropValue values = nullptr;
  EXPECT_EQ(Hr(message->GetProps(nullptr, 0, &count, &values)), Hr(MAPI_E_INVALID_OBJECT));
  message->Release();
  ASSERT_EQ(Hr(store->GetOutgoingQueue(0, &table)), Hr(S_OK));
  Rows queue;
  ReadAll(table, &queue);
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.Bin(0, PR_ENTRYID), eid);
  EXPECT_EQ(queue.Long(0, PR_SUBMIT_FLAGS), 0);
  message = OpenMessage(store, eid);
  EXPECT_EQ(LongProp(message, PR_MESSAGE_FLAGS), LONG{MSGFLAG_SUBMIT | MSGFLAG_UNSENT});
  EXPECT_EQ(BinProp(message, PR_SENTMAIL_ENTRYID), BinProp(store, PR_IPM_SENTMAIL_ENTRYID));
  message->Release();

  // FinishedMsg: out of the queue, into Sent Items, sent.
  ASSERT_EQ(Hr(store->FinishedMsg(0, Cb(eid), Eid(eid))), Hr(S_OK));
  ASSERT_EQ(Hr(store->GetOutgoingQueue(0, &table)), Hr(S_OK));
  Rows after;
  ReadAll(table, &after);
  EXPECT_EQ(after.size(), 0u);
  EXPECT_THAT(Subjects(outbox), ElementsAre());
  EXPECT_THAT(Subjects(sent), ElementsAre("Quarterly report"));
  message = OpenMessage(store, eid);
  EXPECT_EQ(BinProp(message, PR_PARENT_ENTRYID), BinProp(store, PR_IPM_SENTMAIL_ENTRYID));
  EXPECT_EQ(LongProp(message, PR_MESSAGE_FLAGS) & LONG{MSGFLAG_SUBMIT | MSGFLAG_UNSENT}, 0);
  message->Release();
  EXPECT_EQ(Hr(store->FinishedMsg(0, Cb(eid), Eid(eid))), Hr(MAPI_E_NOT_IN_QUEUE));

  // PR_DELETE_AFTER_SUBMIT: FinishedMsg deletes it.
  Bytes gone = SaveMessage(outbox, "Delete me", /*delete_after_submit=*/true, &message);
  ASSERT_EQ(Hr(message->SubmitMessage(0)), Hr(S_OK));
  message->Release();
  ASSERT_EQ(Hr(store->FinishedMsg(0, Cb(gone), Eid(gone))), Hr(S_OK));
  OpenMessage(store, gone, MAPI_E_NOT_FOUND);
  EXPECT_THAT(Subjects(sent), ElementsAre("Quarterly report"));

  // AbortSubmit: out of the queue, back to an unsent message in the Outbox.
  Bytes aborted = SaveMessage(outbox, "Never mind", false, &message);
  ASSERT_EQ(Hr(message->SubmitMessage(0)), Hr(S_OK));
  message->Release();
  ASSERT_EQ(Hr(store->AbortSubmit(Cb(aborted), Eid(aborted), 0)), Hr(S_OK));
  ASSERT_EQ(Hr(store->GetOutgoingQueue(0, &table)), Hr(S_OK));
  Rows empty;
  ReadAll(table, &empty);
  EXPECT_EQ(empty.size(), 0u);
  message = OpenMessage(store, aborted);
  EXPECT_EQ(LongProp(message, PR_MESSAGE_FLAGS), LONG{MSGFLAG_UNSENT});
  message->Release();
  EXPECT_THAT(Subjects(outbox), ElementsAre("Never mind"));

  // One file per message on disk.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(DataDir() / "messages"),
                          std::filesystem::directory_iterator{}),
            2);

  sent->Release();
  outbox->Release();
  store->Release();
  EXPECT_EQ(Hr(session->Logoff(0, 0, 0)), Hr(S_OK));
  session->Release();
}

TEST_F(SampleStoreTest, MessagesSurviveARestartWithTheSameEntryIds) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  Bytes store_eid = BinProp(store, PR_ENTRYID);
  LPMAPIFOLDER outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
  Bytes eid = SaveMessage(outbox, "Still here");
  LPMESSAGE message = OpenMessage(store, eid);
  ASSERT_EQ(Hr(message->SubmitMessage(0)), Hr(S_OK));
  message->Release();
  outbox->Release();
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();

  Restart();
  session = Logon();
  store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(BinProp(store, PR_ENTRYID), store_eid);
  message = OpenMessage(store, eid);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(BinProp(message, PR_ENTRYID), eid);
  EXPECT_EQ(StrProp(message, PR_SUBJECT_A), "Still here");
  message->Release();
  // The session routes the entry ID to the store by its MAPIUID.
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(Hr(session->OpenEntry(Cb(eid), Eid(eid), nullptr, 0, &type, &unk)), Hr(S_OK));
  EXPECT_EQ(type, ULONG{MAPI_MESSAGE});
  unk->Release();
  // The outgoing queue was kept too.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(store->GetOutgoingQueue(0, &table)), Hr(S_OK));
  Rows queue;
  ReadAll(table, &queue);
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.Bin(0, PR_ENTRYID), eid);
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();
}

TEST_F(SampleStoreTest, DamagedMessageFileGivesAnErrorNamingTheFile) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  LPMAPIFOLDER outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
  Bytes eid = SaveMessage(outbox, "Fine");
  Bytes damaged = SaveMessage(outbox, "Damaged");
  outbox->Release();
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();

  Restart();
  ULONG number = 0;
  std::memcpy(&number, damaged.data() + 24, sizeof number);
  std::filesystem::path file = DataDir() / "messages" / (std::to_string(number) + ".json");
  ASSERT_TRUE(std::filesystem::exists(file));
  std::ofstream(file, std::ios::trunc) << "{\"number\": ";

  session = Logon();
  store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  OpenMessage(store, damaged, MAPI_E_CORRUPT_STORE);
  LPMAPIERROR error = nullptr;
  ASSERT_EQ(Hr(store->GetLastError(MAPI_E_CORRUPT_STORE, 0, &error)), Hr(S_OK));
  ASSERT_NE(error, nullptr);
  EXPECT_THAT(std::string(reinterpret_cast<const char*>(error->lpszError)),
              HasSubstr(file.string()));
  MAPIFreeBuffer(error);
  // The rest of the store works.
  LPMESSAGE message = OpenMessage(store, eid);
  EXPECT_EQ(StrProp(message, PR_SUBJECT_A), "Fine");
  message->Release();
  outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
  EXPECT_THAT(Subjects(outbox), ElementsAre("Fine"));
  outbox->Release();
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();
}

TEST_F(SampleStoreTest, DamagedStoreFileFailsOpenMsgStore) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();

  Restart();
  std::ofstream(DataDir() / "store.json", std::ios::trunc) << "not json at all";
  session = Logon();
  EXPECT_EQ(OpenStore(session, MAPI_E_CORRUPT_STORE), nullptr);
  // No store logon is left behind: no status row.
  EXPECT_THAT(StatusTypes(session), ElementsAre(LONG{MAPI_SUBSYSTEM}, LONG{MAPI_SPOOLER}));
  session->Logoff(0, 0, 0);
  session->Release();
}

// StoreLogoff with each of the five flags, then Release: the store's row and
// MAPIUID go, the objects it handed out turn invalid.
TEST_F(SampleStoreTest, StoreLogoffWithEachFlagThenRelease) {
  for (ULONG flag : {LOGOFF_NO_WAIT, LOGOFF_ORDERLY, LOGOFF_PURGE, LOGOFF_ABORT, LOGOFF_QUIET}) {
    SCOPED_TRACE(flag);
    LPMAPISESSION session = Logon();
    LPMDB store = OpenStore(session);
    ASSERT_NE(store, nullptr);
    LPMAPIFOLDER outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
    Bytes eid = SaveMessage(outbox, "Flag test");
    EXPECT_THAT(StatusTypes(session),
                ElementsAre(LONG{MAPI_SUBSYSTEM}, LONG{MAPI_SPOOLER}, LONG{MAPI_STORE_PROVIDER}));
    ULONG flags = flag;
    ASSERT_EQ(Hr(store->StoreLogoff(&flags)), Hr(S_OK));
    EXPECT_EQ(flags & ~(LOGOFF_INBOUND | LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE), 0u);
    store->Release();

    EXPECT_THAT(StatusTypes(session), ElementsAre(LONG{MAPI_SUBSYSTEM}, LONG{MAPI_SPOOLER}));
    ULONG type = 0;
    LPUNKNOWN unk = nullptr;
    EXPECT_EQ(Hr(session->OpenEntry(Cb(eid), Eid(eid), nullptr, 0, &type, &unk)),
              Hr(MAPI_E_UNKNOWN_ENTRYID));
    LPSPropValue v = nullptr;
    EXPECT_EQ(Hr(outbox->GetProps(nullptr, 0, &type, &v)), Hr(MAPI_E_INVALID_OBJECT));
    LPMAPITABLE table = nullptr;
    EXPECT_EQ(Hr(outbox->GetContentsTable(0, &table)), Hr(MAPI_E_INVALID_OBJECT));
    outbox->Release();
    EXPECT_EQ(Hr(session->Logoff(0, 0, 0)), Hr(S_OK));
    session->Release();
  }
}

TEST_F(SampleStoreTest, ReleaseWithoutStoreLogoffEndsTheLogon) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  LPMAPIFOLDER inbox = Inbox(store);
  Bytes eid = SaveMessage(inbox, "Abandoned");
  store->Release();  // the store calls StoreLogoffTransports(LOGOFF_ABORT) itself

  EXPECT_THAT(StatusTypes(session), ElementsAre(LONG{MAPI_SUBSYSTEM}, LONG{MAPI_SPOOLER}));
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  EXPECT_EQ(Hr(session->OpenEntry(Cb(eid), Eid(eid), nullptr, 0, &type, &unk)),
            Hr(MAPI_E_UNKNOWN_ENTRYID));
  LPMESSAGE message = nullptr;
  EXPECT_EQ(Hr(inbox->CreateMessage(nullptr, 0, &message)), Hr(MAPI_E_INVALID_OBJECT));
  inbox->Release();

  // A new logon sees the saved message.
  store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  message = OpenMessage(store, eid);
  EXPECT_EQ(StrProp(message, PR_SUBJECT_A), "Abandoned");
  message->Release();
  store->Release();
  EXPECT_EQ(Hr(session->Logoff(0, 0, 0)), Hr(S_OK));
  session->Release();
}

TEST_F(SampleStoreTest, SessionLogoffWithTheStoreStillOpenInvalidatesItsObjects) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  LPMAPIFOLDER outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
  LPMESSAGE message = nullptr;
  SaveMessage(outbox, "Open during logoff", false, &message);

  // The status object, through the status table.
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(session->GetStatusTable(0, &table)), Hr(S_OK));
  Rows status;
  ReadAll(table, &status);
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status.Str(2, PR_DISPLAY_NAME_A), "Sample Store");
  EXPECT_EQ(status.Long(2, PR_STATUS_CODE), LONG{STATUS_AVAILABLE});
  Bytes status_eid = status.Bin(2, PR_ENTRYID);
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  ASSERT_EQ(Hr(session->OpenEntry(Cb(status_eid), Eid(status_eid), nullptr, 0, &type, &unk)),
            Hr(S_OK));
  EXPECT_EQ(type, ULONG{MAPI_STATUS});
  auto* status_object = static_cast<LPMAPISTATUS>(unk);
  EXPECT_EQ(Hr(status_object->ValidateState(0, 0)), Hr(S_OK));
  EXPECT_EQ(StrProp(status_object, PR_PROVIDER_DISPLAY_A), "Sample Message Store");
  status_object->Release();

  // IMSLogon::Logoff released what the store held; the folder and the
  // message it handed out fail from now on. (The client breaks a rule by
  // holding them; the only call it should still make is Release.)
  EXPECT_EQ(Hr(session->Logoff(0, 0, 0)), Hr(S_OK));
  LPSPropValue v = nullptr;
  ULONG count = 0;
  EXPECT_EQ(Hr(outbox->GetProps(nullptr, 0, &count, &v)), Hr(MAPI_E_INVALID_OBJECT));
  EXPECT_EQ(Hr(outbox->GetContentsTable(0, &table)), Hr(MAPI_E_INVALID_OBJECT));
  EXPECT_EQ(Hr(message->SaveChanges(0)), Hr(MAPI_E_INVALID_OBJECT));
  message->Release();
  outbox->Release();
  store->Release();
  session->Release();
}

TEST_F(SampleStoreTest, ServiceEntryPutsTheDataUnderMapiEmuData) {
  // CreateMsgService ran ServiceEntry(MSG_SERVICE_CREATE); the directory is
  // made at the first logon.
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  std::filesystem::path data = DataDir();
  EXPECT_EQ(data.parent_path(), dir_ / "data" / "sample_store");
  EXPECT_EQ(data.filename().string().size(), 32u);  // hex of the service's MAPIUID
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();
}

// A profile file without PR_SAMPLE_STORE_PATH (as configs/profiles ships):
// Logon answers MAPI_E_UNCONFIGURED, MAPI calls
// ServiceEntry(MSG_SERVICE_CONFIGURE), which picks the default directory,
// and the logon is tried again.
TEST_F(SampleStoreTest, UnconfiguredProfileIsConfiguredAtFirstLogon) {
  std::ofstream(dir_ / "profiles" / "Plain.json") << R"({
  "format": "mapi_emu.profile",
  "version": 1,
  "name": "Plain",
  "search_key": "706c61696e00000000000000000000ff",
  "sections": [],
  "services": [{
    "name": "SAMPLE_STORE",
    "uid": "0000000000000000000000000000b001",
    "properties": {"PR_DISPLAY_NAME_A": "Plain Store", "PR_SERVICE_DLL_NAME_A": ")" +
                                                         std::string(SAMPLE_STORE_PATH) + R"(",
                   "PR_SERVICE_ENTRY_NAME": "ServiceEntry", "PR_RESOURCE_FLAGS": 11},
    "providers": [{
      "section": "SAMPLE_STORE_PROVIDER",
      "uid": "0000000000000000000000000000b002",
      "properties": {"PR_DISPLAY_NAME_A": "Plain Store", "PR_PROVIDER_DLL_NAME_A": ")" +
                                                         std::string(SAMPLE_STORE_PATH) + R"(",
                     "PR_RESOURCE_TYPE": 33, "PR_RESOURCE_FLAGS": 6}
    }]
  }]
})";
  LPMAPISESSION session = nullptr;
  ASSERT_EQ(Hr(MAPILogonEx(0, T("Plain"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                           &session)),
            Hr(S_OK));
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(StrProp(store, PR_DISPLAY_NAME_A), "Plain Store");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "data" / "sample_store" /
                                      "0000000000000000000000000000b001" / "store.json"));
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();
}

// MSG_SERVICE_CONFIGURE with PR_SAMPLE_STORE_PATH in lpProps moves the store.
TEST_F(SampleStoreTest, ConfigureMsgServiceSetsTheDataDirectory) {
  LPPROFADMIN prof_admin = nullptr;
  ASSERT_EQ(Hr(MAPIAdminProfiles(0, &prof_admin)), Hr(S_OK));
  LPSERVICEADMIN svc_admin = nullptr;
  ASSERT_EQ(Hr(prof_admin->AdminServices(T("Work"), nullptr, 0, 0, &svc_admin)), Hr(S_OK));
  LPMAPITABLE table = nullptr;
  ASSERT_EQ(Hr(svc_admin->GetMsgServiceTable(0, &table)), Hr(S_OK));
  Rows services;
  ReadAll(table, &services);
  ASSERT_EQ(services.size(), 1u);
  Bytes uid = services.Bin(0, PR_SERVICE_UID);
  ASSERT_EQ(uid.size(), sizeof(MAPIUID));
  const std::string custom = (dir_ / "custom").string();
  SPropValue path;
  std::memset(&path, 0, sizeof path);
  path.ulPropTag = PR_SAMPLE_STORE_PATH;
  path.Value.lpszA = const_cast<LPSTR>(custom.c_str());
  ASSERT_EQ(
      Hr(svc_admin->ConfigureMsgService(reinterpret_cast<LPMAPIUID>(uid.data()), 0, 0, 1, &path)),
      Hr(S_OK));
  svc_admin->Release();
  prof_admin->Release();

  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "custom" / "store.json"));
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();
}

// IMsgStore::Advise subscribes through IMAPISupport::Subscribe; the store
// raises object notifications with IMAPISupport::Notify.
TEST_F(SampleStoreTest, AdviseSinksHearAboutNewAndMovedMessages) {
  LPMAPISESSION session = Logon();
  LPMDB store = OpenStore(session);
  ASSERT_NE(store, nullptr);
  auto* sink = new RecordingSink;
  ULONG_PTR connection = 0;
  ASSERT_EQ(Hr(store->Advise(0, nullptr, fnevObjectCreated | fnevObjectMoved | fnevNewMail, sink,
                             &connection)),
            Hr(S_OK));
  LPMAPIFOLDER outbox = OpenFolder(store, PR_IPM_OUTBOX_ENTRYID);
  LPMESSAGE message = nullptr;
  Bytes eid = SaveMessage(outbox, "Watched", false, &message);
  ASSERT_EQ(Hr(message->SubmitMessage(0)), Hr(S_OK));
  message->Release();
  ASSERT_EQ(Hr(store->FinishedMsg(0, Cb(eid), Eid(eid))), Hr(S_OK));
  NOTIFICATION newmail;
  std::memset(&newmail, 0, sizeof newmail);
  newmail.ulEventType = fnevNewMail;
  newmail.info.newmail.cbEntryID = Cb(eid);
  newmail.info.newmail.lpEntryID = Eid(eid);
  ASSERT_EQ(Hr(store->NotifyNewMail(&newmail)), Hr(S_OK));
  EXPECT_THAT(sink->events, ElementsAre(fnevObjectCreated, fnevObjectMoved, fnevNewMail));
  ASSERT_EQ(Hr(store->Unadvise(connection)), Hr(S_OK));
  sink->Release();
  outbox->Release();
  store->Release();
  session->Logoff(0, 0, 0);
  session->Release();
}

}  // namespace
