// StoreContent as a client and the spooler use it: the client writes and
// submits a message with scenario::WriteMessage (through an IMsgStore that
// forwards to the content, as the stand-in store does), the spooler reads the
// outgoing queue, opens, locks and finishes the message, and receives one into
// the inbox, each with the calls session/spooler/spooler.cc makes. Every row
// set and buffer is freed as a MAPI client frees it.
#include "scenario/playback_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "scenario/mapi_calls.h"
#include "scenario/scenario.h"

namespace mapi_emu::playback {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

struct RowsDeleter {
  void operator()(SRowSet* rows) const { FreeProws(rows); }
};
using Rows = std::unique_ptr<SRowSet, RowsDeleter>;
struct BufferDeleter {
  void operator()(void* p) const { MAPIFreeBuffer(p); }
};
template <typename T>
using Buffer = std::unique_ptr<T, BufferDeleter>;

ULONG Cb(const std::vector<BYTE>& id) { return static_cast<ULONG>(id.size()); }
LPENTRYID Eid(std::vector<BYTE>& id) { return reinterpret_cast<LPENTRYID>(id.data()); }

std::vector<BYTE> Bytes(const SPropValue* v) {
  if (v == nullptr || PROP_TYPE(v->ulPropTag) != PT_BINARY) return {};
  return {v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb};
}
std::string Text(const SPropValue* v) {
  if (v == nullptr || PROP_TYPE(v->ulPropTag) != PT_STRING8) return "<none>";
  return v->Value.lpszA;
}
const SPropValue* Prop(const SRow* row, ULONG tag) {
  return PpropFindProp(row->lpProps, row->cValues, tag);
}

// A table read as the spooler reads one (AllRows in spooler.cc): SetColumns,
// SeekRow to the beginning, QueryRows(100) until no row comes.
struct Read {
  std::vector<Rows> sets;
  std::vector<const SRow*> rows;
};
Read AllRows(IMAPITable* table, std::vector<ULONG> tags) {
  Read read;
  std::vector<ULONG> columns = {static_cast<ULONG>(tags.size())};
  columns.insert(columns.end(), tags.begin(), tags.end());
  EXPECT_THAT(table->SetColumns(reinterpret_cast<LPSPropTagArray>(columns.data()), 0), IsOk());
  EXPECT_THAT(table->SeekRow(BOOKMARK_BEGINNING, 0, nullptr), IsOk());
  for (int i = 0; i < 100; ++i) {
    LPSRowSet raw = nullptr;
    EXPECT_THAT(table->QueryRows(100, 0, &raw), IsOk());
    Rows rows(raw);
    if (rows == nullptr || rows->cRows == 0) break;
    for (ULONG r = 0; r < rows->cRows; ++r) read.rows.push_back(&rows->aRow[r]);
    read.sets.push_back(std::move(rows));
  }
  return read;
}

std::vector<std::string> Texts(const Read& read, ULONG tag) {
  std::vector<std::string> out;
  for (const SRow* row : read.rows) out.push_back(Text(Prop(row, tag)));
  return out;
}

// One property of `object` (PT_ERROR when it has none).
Buffer<SPropValue> GetProp(IMAPIProp* object, ULONG tag) {
  SizedSPropTagArray(1, tags) = {1, {tag}};
  ULONG count = 0;
  LPSPropValue raw = nullptr;
  EXPECT_TRUE(
      SUCCEEDED(object->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &raw)));
  EXPECT_EQ(count, 1u);
  return Buffer<SPropValue>(raw);
}

// The IMsgStore a client holds: the calls StoreContent answers go to it,
// the others are not needed here.
class ContentStore final : public ComObject<IMsgStore> {
 public:
  explicit ContentStore(StoreContent& content) : content_(content) {}

  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP SaveChanges(ULONG) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG flags, ULONG* count,
                        LPSPropValue* props) override {
    return content_.GetStoreProps(tags, flags, count, props);
  }
  STDMETHODIMP GetPropList(ULONG, LPSPropTagArray*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray*, LPGUID, ULONG, ULONG*, LPMAPINAMEID**) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID*, ULONG, LPSPropTagArray*) override {
    return MAPI_E_NO_SUPPORT;
  }

  STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP Unadvise(ULONG_PTR) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP OpenEntry(ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags, ULONG* type,
                         LPUNKNOWN* out) override {
    return content_.OpenEntry(cb, eid, iid, flags, type, out);
  }
  STDMETHODIMP SetReceiveFolder(LPTSTR, ULONG, ULONG, LPENTRYID) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetReceiveFolder(LPTSTR, ULONG, ULONG* cb, LPENTRYID* eid,
                                LPTSTR* explicit_class) override {
    if (explicit_class != nullptr) *explicit_class = nullptr;
    return content_.GetReceiveFolder(cb, eid);
  }
  STDMETHODIMP GetReceiveFolderTable(ULONG, LPMAPITABLE*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP StoreLogoff(ULONG*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP AbortSubmit(ULONG cb, LPENTRYID eid, ULONG flags) override {
    return content_.AbortSubmit(cb, eid, flags);
  }
  STDMETHODIMP GetOutgoingQueue(ULONG flags, LPMAPITABLE* table) override {
    return content_.GetOutgoingQueue(flags, table);
  }
  STDMETHODIMP SetLockState(LPMESSAGE message, ULONG state) override {
    return content_.SetLockState(message, state);
  }
  STDMETHODIMP FinishedMsg(ULONG flags, ULONG cb, LPENTRYID eid) override {
    return content_.FinishedMsg(flags, cb, eid);
  }
  STDMETHODIMP NotifyNewMail(LPNOTIFICATION) override { return MAPI_E_NO_SUPPORT; }

 private:
  StoreContent& content_;
};

// Counts the table events it is told about.
class CountingSink final : public ComObject<IMAPIAdviseSink> {
 public:
  STDMETHODIMP_(ULONG) OnNotify(ULONG count, LPNOTIFICATION notifications) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (ULONG i = 0; i < count; ++i) {
      if (notifications[i].ulEventType == fnevTableModified) {
        events_.push_back(notifications[i].info.tab.ulTableEvent);
      }
    }
    return 0;
  }
  std::vector<ULONG> events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<ULONG> events_;
};

// An ADRLIST over the test's own memory (ModifyRecipients only reads it).
class AdrList {
 public:
  explicit AdrList(std::vector<std::vector<SPropValue>> entries)
      : entries_(std::move(entries)), buffer_(CbNewADRLIST(entries_.size())) {
    get()->cEntries = static_cast<ULONG>(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) {
      get()->aEntries[i].ulReserved1 = 0;
      get()->aEntries[i].cValues = static_cast<ULONG>(entries_[i].size());
      get()->aEntries[i].rgPropVals = entries_[i].data();
    }
  }
  LPADRLIST get() { return reinterpret_cast<LPADRLIST>(buffer_.data()); }

 private:
  std::vector<std::vector<SPropValue>> entries_;
  std::vector<BYTE> buffer_;
};

SPropValue StringValue(ULONG tag, const char* text) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.lpszA = const_cast<LPSTR>(text);
  return v;
}
SPropValue LongValue(ULONG tag, LONG value) {
  SPropValue v{};
  v.ulPropTag = tag;
  v.Value.l = value;
  return v;
}

scenario::MessageSpec Spec(std::string subject, bool submit = true) {
  scenario::MessageSpec spec;
  spec.folder = "outbox";
  spec.subject = std::move(subject);
  spec.body = "Body text";
  spec.to = {{"FILE", "${data}/bob.txt", "Bob"}};
  spec.submit = submit;
  return spec;
}

class StoreContentTest : public ::testing::Test {
 protected:
  // What the client's WriteMessage leaves: the message's entry ID.
  std::vector<BYTE> Write(const std::string& subject, bool submit = true) {
    ComPtr<IMessage> message;
    EXPECT_THAT(scenario::WriteMessage(store_.get(), Spec(subject, submit), "/data", &message),
                IsOk());
    if (!message) return {};
    return Bytes(GetProp(message.get(), PR_ENTRYID).get());
  }
  ComPtr<IMAPIFolder> Folder(const std::string& name) {
    std::vector<BYTE> id = content_.FolderEntryId(name);
    ComPtr<IMAPIFolder> folder;
    ULONG type = 0;
    EXPECT_THAT(content_.OpenEntry(Cb(id), Eid(id), &IID_IMAPIFolder, MAPI_MODIFY, &type,
                                   reinterpret_cast<LPUNKNOWN*>(folder.Put())),
                IsOk());
    EXPECT_EQ(type, MAPI_FOLDER);
    return folder;
  }
  ComPtr<IMessage> Message(std::vector<BYTE> id) {
    ComPtr<IUnknown> unknown;
    ULONG type = 0;
    EXPECT_THAT(
        content_.OpenEntry(Cb(id), Eid(id), nullptr, MAPI_BEST_ACCESS, &type, unknown.Put()),
        IsOk());
    EXPECT_EQ(type, MAPI_MESSAGE);
    return ComPtr<IMessage>::Adopt(static_cast<IMessage*>(unknown.Detach()));
  }
  Read Queue() {
    ComPtr<IMAPITable> queue;
    EXPECT_THAT(content_.GetOutgoingQueue(0, queue.Put()), IsOk());
    return AllRows(queue.get(), {PR_ENTRYID, PR_SUBMIT_FLAGS});
  }
  Read Contents(const std::string& folder) {
    ComPtr<IMAPITable> table;
    EXPECT_THAT(Folder(folder)->GetContentsTable(0, table.Put()), IsOk());
    return AllRows(table.get(), {PR_ENTRYID, PR_SUBJECT_A, PR_MESSAGE_FLAGS});
  }

  StoreContent content_{nullptr};
  ComPtr<IMsgStore> store_ = MakeComObject<ContentStore>(content_);
};

TEST_F(StoreContentTest, ClientSubmitsAndTheSpoolerSends) {
  std::vector<BYTE> written = Write("Hello");
  ASSERT_EQ(written.size(), 24u);
  EXPECT_EQ(content_.QueuedCount(), 1u);
  EXPECT_EQ(content_.MessageCount("outbox"), 1u);

  // The spooler's ReadQueue: the queue, oldest first.
  ComPtr<IMAPITable> queue;
  ASSERT_THAT(store_->GetOutgoingQueue(0, queue.Put()), IsOk());
  SSortOrderSet order{};
  order.cSorts = 1;
  order.aSort[0].ulPropTag = PR_CLIENT_SUBMIT_TIME;
  order.aSort[0].ulOrder = TABLE_SORT_ASCEND;
  ASSERT_THAT(queue->SortTable(&order, 0), IsOk());
  Read rows = AllRows(queue.get(), {PR_ENTRYID, PR_SUBMIT_FLAGS});
  ASSERT_EQ(rows.rows.size(), 1u);
  std::vector<BYTE> eid = Bytes(Prop(rows.rows[0], PR_ENTRYID));
  EXPECT_EQ(eid, written);
  const SPropValue* submit_flags = Prop(rows.rows[0], PR_SUBMIT_FLAGS);
  ASSERT_NE(submit_flags, nullptr);
  EXPECT_EQ(submit_flags->Value.ul, 0u);

  // SendMessage: open, lock, read the subject and the recipients.
  ULONG type = 0;
  ComPtr<IUnknown> unknown;
  ASSERT_THAT(store_->OpenEntry(Cb(eid), Eid(eid), nullptr, MAPI_BEST_ACCESS, &type, unknown.Put()),
              IsOk());
  EXPECT_EQ(type, MAPI_MESSAGE);
  ComPtr<IMessage> message = ComPtr<IMessage>::Adopt(static_cast<IMessage*>(unknown.Detach()));
  ASSERT_THAT(store_->SetLockState(message.get(), MSG_LOCKED), IsOk());
  Read locked = AllRows(queue.get(), {PR_ENTRYID, PR_SUBMIT_FLAGS});
  ASSERT_EQ(locked.rows.size(), 1u);
  EXPECT_EQ(Prop(locked.rows[0], PR_SUBMIT_FLAGS)->Value.ul, SUBMITFLAG_LOCKED);

  LPSPropValue subject = nullptr;
  ASSERT_THAT(HrGetOneProp(message.get(), PR_SUBJECT_A, &subject), IsOk());
  Buffer<SPropValue> owned_subject(subject);
  EXPECT_EQ(Text(subject), "Hello");
  EXPECT_EQ(GetProp(message.get(), PR_MESSAGE_FLAGS)->Value.ul & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT),
            MSGFLAG_SUBMIT | MSGFLAG_UNSENT);

  ComPtr<IMAPITable> recipients;
  ASSERT_THAT(message->GetRecipientTable(0, recipients.Put()), IsOk());
  Read to =
      AllRows(recipients.get(), {PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_DISPLAY_NAME_A, PR_ENTRYID});
  ASSERT_EQ(to.rows.size(), 1u);
  EXPECT_EQ(Text(Prop(to.rows[0], PR_ADDRTYPE_A)), "FILE");
  EXPECT_EQ(Text(Prop(to.rows[0], PR_EMAIL_ADDRESS_A)), "/data/bob.txt");
  EXPECT_EQ(Text(Prop(to.rows[0], PR_DISPLAY_NAME_A)), "Bob");
  // The client gave no recipient entry ID: the column reads PT_ERROR.
  EXPECT_EQ(to.rows[0]->lpProps[3].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_ENTRYID)));

  // Sent: FinishedMsg takes it out of the queue and into sent items.
  ASSERT_THAT(store_->FinishedMsg(0, Cb(eid), Eid(eid)), IsOk());
  EXPECT_EQ(content_.QueuedCount(), 0u);
  EXPECT_EQ(content_.MessageCount("outbox"), 0u);
  EXPECT_EQ(content_.MessageCount("sent"), 1u);
  EXPECT_THAT(AllRows(queue.get(), {PR_ENTRYID}).rows, IsEmpty());
  EXPECT_THAT(Contents("outbox").rows, IsEmpty());
  Read sent = Contents("sent");
  ASSERT_EQ(sent.rows.size(), 1u);
  EXPECT_EQ(Bytes(Prop(sent.rows[0], PR_ENTRYID)), eid);
  EXPECT_EQ(Text(Prop(sent.rows[0], PR_SUBJECT_A)), "Hello");
  EXPECT_EQ(Prop(sent.rows[0], PR_MESSAGE_FLAGS)->Value.ul, MSGFLAG_READ);
  EXPECT_EQ(Bytes(GetProp(message.get(), PR_PARENT_ENTRYID).get()), content_.FolderEntryId("sent"));

  // Only once.
  EXPECT_THAT(store_->FinishedMsg(0, Cb(eid), Eid(eid)), HrIs(MAPI_E_NOT_IN_QUEUE));
  EXPECT_THAT(store_->SetLockState(message.get(), MSG_UNLOCKED), HrIs(MAPI_E_NOT_IN_QUEUE));
}

TEST_F(StoreContentTest, StorePropsNameTheFoldersAndReportUnknownTags) {
  SizedSPropTagArray(3, tags) = {3, {PR_IPM_OUTBOX_ENTRYID, PR_DISPLAY_NAME_A, PR_SUBJECT_A}};
  ULONG count = 0;
  LPSPropValue raw = nullptr;
  EXPECT_THAT(content_.GetStoreProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &raw),
              HrIs(MAPI_W_ERRORS_RETURNED));
  Buffer<SPropValue> props(raw);
  ASSERT_EQ(count, 3u);
  EXPECT_EQ(Bytes(&props.get()[0]), content_.FolderEntryId("outbox"));
  EXPECT_EQ(Text(&props.get()[1]), "Playback store");
  EXPECT_EQ(props.get()[2].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_SUBJECT_A)));
  EXPECT_EQ(Hr(props.get()[2].Value.err), Hr(MAPI_E_NOT_FOUND));

  // No tags: every store property, the folders' entry IDs among them.
  ASSERT_THAT(content_.GetStoreProps(nullptr, 0, &count, &raw), HrIs(S_OK));
  Buffer<SPropValue> all(raw);
  std::vector<ULONG> got(count);
  for (ULONG i = 0; i < count; ++i) got[i] = all.get()[i].ulPropTag;
  for (ULONG tag : {PR_DISPLAY_NAME_A, PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID,
                    PR_IPM_SENTMAIL_ENTRYID, PR_IPM_WASTEBASKET_ENTRYID}) {
    EXPECT_THAT(got, ::testing::Contains(tag)) << std::hex << tag;
  }
  const std::pair<ULONG, const char*> folders[] = {
      {PR_IPM_SUBTREE_ENTRYID, "Top of Information Store"},
      {PR_IPM_OUTBOX_ENTRYID, "Outbox"},
      {PR_IPM_SENTMAIL_ENTRYID, "Sent Items"},
      {PR_IPM_WASTEBASKET_ENTRYID, "Deleted Items"}};
  for (const auto& [tag, name] : folders) {
    std::vector<BYTE> id = Bytes(PpropFindProp(all.get(), count, tag));
    ComPtr<IUnknown> unknown;
    ULONG type = 0;
    ASSERT_THAT(content_.OpenEntry(Cb(id), Eid(id), nullptr, 0, &type, unknown.Put()), IsOk());
    EXPECT_EQ(type, MAPI_FOLDER);
    ComPtr<IMAPIFolder> folder;
    ASSERT_THAT(unknown.As(&folder), IsOk());
    EXPECT_EQ(Text(GetProp(folder.get(), PR_DISPLAY_NAME_A).get()), name);
    EXPECT_EQ(Bytes(GetProp(folder.get(), PR_ENTRYID).get()), id);
    EXPECT_EQ(GetProp(folder.get(), PR_OBJECT_TYPE)->Value.ul, MAPI_FOLDER);
  }

  // No entry ID: the root folder. GetReceiveFolder: the inbox.
  ComPtr<IUnknown> root;
  ULONG type = 0;
  ASSERT_THAT(content_.OpenEntry(0, nullptr, nullptr, 0, &type, root.Put()), IsOk());
  ComPtr<IMAPIFolder> root_folder;
  ASSERT_THAT(root.As(&root_folder), IsOk());
  EXPECT_EQ(Bytes(GetProp(root_folder.get(), PR_ENTRYID).get()), content_.FolderEntryId("root"));
  EXPECT_EQ(GetProp(root_folder.get(), PR_FOLDER_TYPE)->Value.ul, FOLDER_ROOT);
  ULONG cb = 0;
  LPENTRYID inbox = nullptr;
  ASSERT_THAT(content_.GetReceiveFolder(&cb, &inbox), IsOk());
  Buffer<ENTRYID> owned_inbox(inbox);
  EXPECT_EQ(std::vector<BYTE>(reinterpret_cast<BYTE*>(inbox), reinterpret_cast<BYTE*>(inbox) + cb),
            content_.FolderEntryId("inbox"));
}

TEST_F(StoreContentTest, UnknownEntryIdsAreNotFound) {
  std::vector<BYTE> unknown = content_.FolderEntryId("inbox");
  unknown[20] = 0x63;  // number 99: no such folder or message
  std::vector<BYTE> foreign = content_.FolderEntryId("inbox");
  foreign[4] ^= 0xFF;  // another MAPIUID
  std::vector<BYTE> junk = {1, 2, 3};
  for (std::vector<BYTE>* id : {&unknown, &foreign, &junk}) {
    LPUNKNOWN out = reinterpret_cast<LPUNKNOWN>(0x1);  // a sentinel
    ULONG type = 0;
    EXPECT_THAT(content_.OpenEntry(Cb(*id), Eid(*id), nullptr, 0, &type, &out),
                HrIs(MAPI_E_NOT_FOUND));
    EXPECT_EQ(out, nullptr);
    EXPECT_THAT(content_.FinishedMsg(0, Cb(*id), Eid(*id)), HrIs(MAPI_E_NOT_FOUND));
    EXPECT_THAT(content_.AbortSubmit(Cb(*id), Eid(*id), 0), HrIs(MAPI_E_NOT_FOUND));
  }
  // The other store's message is not this store's either.
  StoreContent other(nullptr, MAPIUID{{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}});
  ComPtr<IMessage> message;
  ComPtr<IMAPIFolder> outbox;
  std::vector<BYTE> id = other.FolderEntryId("outbox");
  ASSERT_THAT(other.OpenEntry(Cb(id), Eid(id), &IID_IMAPIFolder, 0, nullptr,
                              reinterpret_cast<LPUNKNOWN*>(outbox.Put())),
              IsOk());
  ASSERT_THAT(outbox->CreateMessage(nullptr, 0, message.Put()), IsOk());
  EXPECT_THAT(content_.SetLockState(message.get(), MSG_LOCKED), HrIs(MAPI_E_NOT_FOUND));
}

TEST(StoreContentOnEntry, RunsInEveryObjectMethod) {
  int calls = 0;
  StoreContent content([&] { ++calls; });

  // StoreContent's own methods are the stand-in store's: not counted.
  std::vector<BYTE> id = content.FolderEntryId("inbox");
  ComPtr<IUnknown> unknown;
  ULONG type = 0;
  ASSERT_THAT(content.OpenEntry(Cb(id), Eid(id), nullptr, MAPI_MODIFY, &type, unknown.Put()),
              IsOk());
  EXPECT_EQ(calls, 0);
  ComPtr<IMAPIFolder> folder;
  ASSERT_THAT(unknown.As(&folder), IsOk());  // IUnknown's methods: not counted
  EXPECT_EQ(calls, 0);

  (void)GetProp(folder.get(), PR_DISPLAY_NAME_A);
  EXPECT_EQ(calls, 1);
  ComPtr<IMAPITable> table;
  ASSERT_THAT(folder->GetContentsTable(0, table.Put()), IsOk());
  EXPECT_EQ(calls, 2);
  (void)AllRows(table.get(), {PR_ENTRYID});  // SetColumns, SeekRow, one QueryRows
  EXPECT_EQ(calls, 5);
  ComPtr<IMessage> message;
  ASSERT_THAT(folder->CreateMessage(nullptr, 0, message.Put()), IsOk());
  EXPECT_EQ(calls, 6);
  SPropValue subject = StringValue(PR_SUBJECT_A, "Counted");
  ASSERT_THAT(message->SetProps(1, &subject, nullptr), IsOk());
  EXPECT_EQ(calls, 7);
  ASSERT_THAT(message->SaveChanges(KEEP_OPEN_READWRITE), IsOk());
  EXPECT_EQ(calls, 8);
  // A stub runs it too.
  ULONG number = 0;
  LPATTACH attach = nullptr;
  EXPECT_THAT(message->CreateAttach(nullptr, 0, &number, &attach), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(calls, 9);
  message->AddRef();
  message->Release();
  EXPECT_EQ(calls, 9);
}

TEST(StoreContentOnEntry, SeesTheStateBeforeTheCallAndStopsWithTheContent) {
  int calls = 0;
  std::vector<size_t> seen;
  StoreContent* self = nullptr;
  auto content = std::make_unique<StoreContent>([&] {
    ++calls;
    seen.push_back(self->MessageCount("inbox"));
  });
  self = content.get();
  std::vector<BYTE> id = content->FolderEntryId("inbox");
  ComPtr<IMAPIFolder> folder;
  ASSERT_THAT(content->OpenEntry(Cb(id), Eid(id), &IID_IMAPIFolder, MAPI_MODIFY, nullptr,
                                 reinterpret_cast<LPUNKNOWN*>(folder.Put())),
              IsOk());
  ComPtr<IMessage> message;
  ASSERT_THAT(folder->CreateMessage(nullptr, 0, message.Put()), IsOk());
  ASSERT_THAT(message->SaveChanges(0), IsOk());
  (void)GetProp(folder.get(), PR_ENTRYID);
  EXPECT_THAT(seen, ElementsAre(0u, 0u, 1u));  // SaveChanges' on_entry ran before the save

  // Objects may outlive the content; they no longer call on_entry.
  content.reset();
  self = nullptr;
  EXPECT_EQ(Text(GetProp(folder.get(), PR_DISPLAY_NAME_A).get()), "Inbox");
  EXPECT_EQ(calls, 3);
}

TEST_F(StoreContentTest, InboundMessageIsSavedIntoTheReceiveFolder) {
  // The spooler's OpenReceiveFolder and ReceiveOneLocked.
  ULONG cb = 0;
  LPENTRYID eid = nullptr;
  LPTSTR explicit_class = nullptr;
  ASSERT_THAT(store_->GetReceiveFolder(reinterpret_cast<LPTSTR>(const_cast<char*>("IPM.Note")), 0,
                                       &cb, &eid, &explicit_class),
              IsOk());
  Buffer<ENTRYID> owned(eid);
  ULONG type = 0;
  ComPtr<IUnknown> unknown;
  ASSERT_THAT(store_->OpenEntry(cb, eid, nullptr, MAPI_MODIFY, &type, unknown.Put()), IsOk());
  ASSERT_EQ(type, MAPI_FOLDER);
  ComPtr<IMAPIFolder> folder =
      ComPtr<IMAPIFolder>::Adopt(static_cast<IMAPIFolder*>(unknown.Detach()));
  EXPECT_EQ(Text(GetProp(folder.get(), PR_DISPLAY_NAME_A).get()), "Inbox");

  ComPtr<IMAPITable> contents;
  ASSERT_THAT(folder->GetContentsTable(0, contents.Put()), IsOk());
  ComPtr<CountingSink> sink = MakeComObject<CountingSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(contents->Advise(fnevTableModified, sink.get(), &connection), IsOk());
  EXPECT_THAT(AllRows(contents.get(), {PR_ENTRYID}).rows, IsEmpty());

  ComPtr<IMessage> message;
  ASSERT_THAT(folder->CreateMessage(nullptr, 0, message.Put()), IsOk());
  SPropValue values[] = {StringValue(PR_MESSAGE_CLASS_A, "IPM.Note"),
                         StringValue(PR_SUBJECT_A, "Incoming"), StringValue(PR_BODY_A, "Hi")};
  ASSERT_THAT(message->SetProps(3, values, nullptr), IsOk());
  // Not there before SaveChanges.
  EXPECT_THAT(AllRows(contents.get(), {PR_ENTRYID}).rows, IsEmpty());
  EXPECT_EQ(content_.MessageCount("inbox"), 0u);
  ASSERT_THAT(message->SaveChanges(0), IsOk());

  EXPECT_EQ(content_.MessageCount("inbox"), 1u);
  Read rows = AllRows(contents.get(), {PR_ENTRYID, PR_SUBJECT_A});
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(Bytes(Prop(rows.rows[0], PR_ENTRYID)), Bytes(GetProp(message.get(), PR_ENTRYID).get()));
  EXPECT_EQ(Text(Prop(rows.rows[0], PR_SUBJECT_A)), "Incoming");
  EXPECT_THAT(sink->events(), ElementsAre(static_cast<ULONG>(TABLE_ROW_ADDED)));
  EXPECT_THAT(contents->Unadvise(connection), IsOk());
  EXPECT_EQ(content_.QueuedCount(), 0u);
}

TEST_F(StoreContentTest, RecipientsChangeByRowId) {
  ComPtr<IMessage> message;
  ASSERT_THAT(Folder("outbox")->CreateMessage(nullptr, 0, message.Put()), IsOk());
  AdrList two({{StringValue(PR_DISPLAY_NAME_A, "Ann"), StringValue(PR_ADDRTYPE_A, "FILE")},
               {StringValue(PR_DISPLAY_NAME_A, "Bob"), StringValue(PR_ADDRTYPE_A, "SMTP")}});
  ASSERT_THAT(message->ModifyRecipients(MODRECIP_ADD, two.get()), IsOk());
  ComPtr<IMAPITable> table;
  ASSERT_THAT(message->GetRecipientTable(0, table.Put()), IsOk());
  Read read = AllRows(table.get(), {PR_ROWID, PR_DISPLAY_NAME_A});
  ASSERT_EQ(read.rows.size(), 2u);
  EXPECT_EQ(Prop(read.rows[0], PR_ROWID)->Value.l, 1);
  EXPECT_EQ(Prop(read.rows[1], PR_ROWID)->Value.l, 2);

  AdrList modify({{LongValue(PR_ROWID, 2), StringValue(PR_DISPLAY_NAME_A, "Robert")}});
  ASSERT_THAT(message->ModifyRecipients(MODRECIP_MODIFY, modify.get()), IsOk());
  AdrList remove({{LongValue(PR_ROWID, 1)}});
  ASSERT_THAT(message->ModifyRecipients(MODRECIP_REMOVE, remove.get()), IsOk());
  EXPECT_THAT(Texts(AllRows(table.get(), {PR_DISPLAY_NAME_A}), PR_DISPLAY_NAME_A),
              ElementsAre("Robert"));

  AdrList missing({{LongValue(PR_ROWID, 7)}});
  EXPECT_THAT(message->ModifyRecipients(MODRECIP_REMOVE, missing.get()), HrIs(MAPI_E_NOT_FOUND));
  AdrList no_rowid({{StringValue(PR_DISPLAY_NAME_A, "Nobody")}});
  EXPECT_THAT(message->ModifyRecipients(MODRECIP_MODIFY, no_rowid.get()),
              HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(message->ModifyRecipients(MODRECIP_ADD | MODRECIP_REMOVE, two.get()),
              HrIs(MAPI_E_INVALID_PARAMETER));

  // No flag: the list replaces them all.
  AdrList replace({{StringValue(PR_DISPLAY_NAME_A, "Cleo")}});
  ASSERT_THAT(message->ModifyRecipients(0, replace.get()), IsOk());
  Read replaced = AllRows(table.get(), {PR_ROWID, PR_DISPLAY_NAME_A});
  ASSERT_EQ(replaced.rows.size(), 1u);
  EXPECT_EQ(Prop(replaced.rows[0], PR_ROWID)->Value.l, 3);
  EXPECT_EQ(Text(Prop(replaced.rows[0], PR_DISPLAY_NAME_A)), "Cleo");
}

TEST_F(StoreContentTest, UnsavedMessageGoesWithItsLastObject) {
  ComPtr<IMessage> message;
  ASSERT_THAT(Folder("outbox")->CreateMessage(nullptr, 0, message.Put()), IsOk());
  std::vector<BYTE> id = Bytes(GetProp(message.get(), PR_ENTRYID).get());
  ASSERT_EQ(id.size(), 24u);  // an entry ID from creation on
  LPUNKNOWN out = nullptr;
  ULONG type = 0;
  EXPECT_THAT(content_.OpenEntry(Cb(id), Eid(id), nullptr, 0, &type, &out),
              HrIs(MAPI_E_NOT_FOUND));  // but no message to open before SaveChanges
  message.Reset();
  EXPECT_EQ(content_.MessageCount("outbox"), 0u);
  EXPECT_THAT(Contents("outbox").rows, IsEmpty());

  // Saved, it stays after its object goes, and opens again.
  std::vector<BYTE> kept = Write("Draft", /*submit=*/false);
  EXPECT_EQ(content_.MessageCount("outbox"), 1u);
  EXPECT_EQ(content_.QueuedCount(), 0u);
  EXPECT_EQ(Text(GetProp(Message(kept).get(), PR_SUBJECT_A).get()), "Draft");
  // The message's identity is the store's.
  SPropValue other_id{};
  other_id.ulPropTag = PR_ENTRYID;
  other_id.Value.bin.cb = 3;
  BYTE bytes[] = {1, 2, 3};
  other_id.Value.bin.lpb = bytes;
  LPSPropProblemArray problems = nullptr;
  ASSERT_THAT(Message(kept)->SetProps(1, &other_id, &problems), IsOk());
  Buffer<SPropProblemArray> owned_problems(problems);
  ASSERT_NE(problems, nullptr);
  EXPECT_EQ(problems->cProblem, 1u);
  EXPECT_EQ(Bytes(GetProp(Message(kept).get(), PR_ENTRYID).get()), kept);
}

TEST_F(StoreContentTest, SubmitNeedsRecipients) {
  ComPtr<IMessage> message;
  ASSERT_THAT(Folder("outbox")->CreateMessage(nullptr, 0, message.Put()), IsOk());
  EXPECT_THAT(message->SubmitMessage(0), HrIs(MAPI_E_NO_RECIPIENTS));
  EXPECT_EQ(content_.QueuedCount(), 0u);
  EXPECT_EQ(content_.MessageCount("outbox"), 0u);
}

TEST_F(StoreContentTest, AbortSubmitAndDeleteMessages) {
  std::vector<BYTE> first = Write("First");
  std::vector<BYTE> second = Write("Second");
  EXPECT_EQ(content_.QueuedCount(), 2u);

  ASSERT_THAT(store_->AbortSubmit(Cb(first), Eid(first), 0), IsOk());
  EXPECT_EQ(content_.QueuedCount(), 1u);
  EXPECT_EQ(content_.MessageCount("outbox"), 2u);
  EXPECT_EQ(GetProp(Message(first).get(), PR_MESSAGE_FLAGS)->Value.ul, MSGFLAG_UNSENT);
  EXPECT_THAT(store_->AbortSubmit(Cb(first), Eid(first), 0), HrIs(MAPI_E_NOT_IN_QUEUE));
  EXPECT_THAT(store_->SetLockState(Message(first).get(), MSG_LOCKED), HrIs(MAPI_E_NOT_IN_QUEUE));
  EXPECT_THAT(store_->SetLockState(Message(second).get(), 7), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(store_->AbortSubmit(Cb(second), Eid(second), 1), HrIs(MAPI_E_UNKNOWN_FLAGS));
  Read queued = Queue();
  ASSERT_EQ(queued.rows.size(), 1u);
  EXPECT_EQ(Bytes(Prop(queued.rows[0], PR_ENTRYID)), second);

  // Deleting a queued message takes it out of the queue too.
  std::vector<BYTE> unknown = first;
  unknown[20] = 0x63;
  SBinary ids[] = {
      {Cb(first), first.data()}, {Cb(second), second.data()}, {Cb(unknown), unknown.data()}};
  ENTRYLIST list = {3, ids};
  EXPECT_THAT(Folder("outbox")->DeleteMessages(&list, 0, nullptr, 0),
              HrIs(MAPI_W_PARTIAL_COMPLETION));
  EXPECT_EQ(content_.MessageCount("outbox"), 0u);
  EXPECT_EQ(content_.QueuedCount(), 0u);
  EXPECT_THAT(Queue().rows, IsEmpty());
  EXPECT_THAT(Contents("outbox").rows, IsEmpty());
}

TEST_F(StoreContentTest, QueueSortsBySubmissionAndIdsAreDeterministic) {
  std::vector<BYTE> ids[] = {Write("One"), Write("Two"), Write("Three")};
  ComPtr<IMAPITable> queue;
  ASSERT_THAT(content_.GetOutgoingQueue(0, queue.Put()), IsOk());
  SSortOrderSet order{};
  order.cSorts = 1;
  order.aSort[0].ulPropTag = PR_CLIENT_SUBMIT_TIME;
  order.aSort[0].ulOrder = TABLE_SORT_DESCEND;
  ASSERT_THAT(queue->SortTable(&order, 0), IsOk());
  Read newest_first = AllRows(queue.get(), {PR_ENTRYID});
  ASSERT_EQ(newest_first.rows.size(), 3u);
  EXPECT_EQ(Bytes(Prop(newest_first.rows[0], PR_ENTRYID)), ids[2]);
  EXPECT_EQ(Bytes(Prop(newest_first.rows[2], PR_ENTRYID)), ids[0]);

  // The same calls on another content give the same entry IDs.
  StoreContent again(nullptr);
  ComPtr<IMsgStore> store = MakeComObject<ContentStore>(again);
  for (int i = 0; i < 3; ++i) {
    ComPtr<IMessage> message;
    ASSERT_THAT(scenario::WriteMessage(store.get(), Spec("Again"), "/data", &message), IsOk());
    EXPECT_EQ(Bytes(GetProp(message.get(), PR_ENTRYID).get()), ids[i]);
  }
  // Entry ID layout: 4 zero flag bytes, the MAPIUID, the counter.
  EXPECT_EQ(std::vector<BYTE>(ids[0].begin(), ids[0].begin() + 4), std::vector<BYTE>(4, 0));
  EXPECT_EQ(std::memcmp(ids[0].data() + 4, StoreContent::DefaultUid().ab, 16), 0);
}

TEST_F(StoreContentTest, ObjectsAnswerTheirInterfaces) {
  ComPtr<IMAPIFolder> folder = Folder("outbox");
  ComPtr<IMAPIContainer> container;
  ComPtr<IMAPIProp> prop;
  ComPtr<IMessage> not_a_message;
  EXPECT_THAT(folder.As(&container), IsOk());
  EXPECT_THAT(folder.As(&prop), IsOk());
  EXPECT_THAT(folder.As(&not_a_message), HrIs(MAPI_E_INTERFACE_NOT_SUPPORTED));
  ComPtr<IMessage> message = Message(Write("Q"));
  ComPtr<IMAPIFolder> not_a_folder;
  EXPECT_THAT(message.As(&prop), IsOk());
  EXPECT_THAT(message.As(&not_a_folder), HrIs(MAPI_E_INTERFACE_NOT_SUPPORTED));
  // Opening a message as a folder fails; the attachment table is empty.
  std::vector<BYTE> id = Bytes(GetProp(message.get(), PR_ENTRYID).get());
  LPUNKNOWN out = nullptr;
  EXPECT_THAT(content_.OpenEntry(Cb(id), Eid(id), &IID_IMAPIFolder, 0, nullptr, &out),
              HrIs(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_EQ(out, nullptr);
  ComPtr<IMAPITable> attachments;
  ASSERT_THAT(message->GetAttachmentTable(0, attachments.Put()), IsOk());
  EXPECT_THAT(AllRows(attachments.get(), {PR_ATTACH_NUM}).rows, IsEmpty());
  EXPECT_THAT(folder->CreateFolder(FOLDER_GENERIC, nullptr, nullptr, nullptr, 0, nullptr),
              HrIs(MAPI_E_NO_SUPPORT));
}

TEST_F(StoreContentTest, FoldersListTheirSubfolders) {
  auto names = [&](const std::string& folder) {
    ComPtr<IMAPITable> table;
    EXPECT_THAT(Folder(folder)->GetHierarchyTable(0, table.Put()), IsOk());
    return Texts(AllRows(table.get(), {PR_DISPLAY_NAME_A, PR_ENTRYID}), PR_DISPLAY_NAME_A);
  };
  EXPECT_THAT(names("root"), ElementsAre("Top of Information Store"));
  EXPECT_THAT(names("ipm"), UnorderedElementsAre("Inbox", "Outbox", "Sent Items", "Deleted Items"));
  EXPECT_THAT(names("inbox"), IsEmpty());
}

// The client on one thread, the spooler on another, as in a threaded run.
TEST_F(StoreContentTest, ClientAndSpoolerOnTwoThreads) {
  constexpr int kMessages = 20;
  std::thread client([&] {
    for (int i = 0; i < kMessages; ++i) Write("Threaded " + std::to_string(i));
  });
  int finished = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (finished < kMessages && std::chrono::steady_clock::now() < deadline) {
    Read queued = Queue();
    for (const SRow* row : queued.rows) {
      std::vector<BYTE> id = Bytes(Prop(row, PR_ENTRYID));
      ComPtr<IMessage> message = Message(id);
      if (!message) continue;
      ASSERT_THAT(content_.SetLockState(message.get(), MSG_LOCKED), IsOk());
      ASSERT_THAT(content_.FinishedMsg(0, Cb(id), Eid(id)), IsOk());
      ++finished;
    }
    if (queued.rows.empty()) std::this_thread::yield();
  }
  client.join();
  EXPECT_EQ(finished, kMessages);
  EXPECT_EQ(content_.QueuedCount(), 0u);
  EXPECT_EQ(content_.MessageCount("sent"), static_cast<size_t>(kMessages));
  EXPECT_EQ(Contents("sent").rows.size(), static_cast<size_t>(kMessages));
}

}  // namespace
}  // namespace mapi_emu::playback
