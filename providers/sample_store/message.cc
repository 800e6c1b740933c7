// Messages: IMessage over a MessageRecord. Messages are transacted: SetProps
// and ModifyRecipients change the open object only, SaveChanges writes the
// message file (imessage-savechanges.md), SubmitMessage saves it into the
// outgoing queue (imessage-submitmessage.md).
#include <chrono>
#include <cstring>

#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "providers/sample_store/objects.h"
#include "providers/sample_store/sample_store.h"

namespace sample_store {
namespace {

FILETIME Now() {
  // FILETIME: 100 ns ticks since 1601-01-01.
  using namespace std::chrono;
  const uint64_t unix_100ns =
      duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count() / 100;
  const uint64_t ticks = unix_100ns + 116444736000000000ULL;
  return FILETIME{static_cast<DWORD>(ticks), static_cast<DWORD>(ticks >> 32)};
}

LONG RowIdOf(const nlohmann::json& recipient) {
  auto it = recipient.find(TagKey(PR_ROWID));
  return it != recipient.end() && it->is_number_integer() ? it->get<LONG>() : -1;
}

class Message final : public PropObject<IMessage> {
 public:
  Message(std::shared_ptr<LogonState> logon, MessageRecord record, bool saved, bool modify)
      : PropObject<IMessage>(std::move(logon), {&IID_IMessage}, /*transacted=*/true),
        record_(std::move(record)),
        saved_(saved),
        modify_(modify) {}
  using PropObject<IMessage>::Init;

  MAPI_IMESSAGE_METHODS(IMPL)

  ULONG number() const { return record_.number; }

 private:
  void Computed(PropValues* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    MessageComputed(*logon_, record_, out);
  }
  HRESULT Save(ULONG flags) override;
  // Writes the record with the current properties; submit marks it queued.
  HRESULT Write(bool submit);
  LONG NextRowId() const;

  std::mutex mutex_;
  MessageRecord record_;  // guarded by mutex_ (recipients, queue state)
  bool saved_;            // guarded by mutex_: its file exists
  const bool modify_;
};

LONG Message::NextRowId() const {
  LONG next = 0;
  for (const auto& r : record_.recipients) next = std::max(next, RowIdOf(r) + 1);
  return next;
}

HRESULT Message::Write(bool submit) {
  MessageRecord record;
  bool created;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    record_.props = StoredProps();
    if (submit) {
      if (record_.submit_sequence == 0) {
        record_.submit_sequence = logon_->core().NextSubmitSequence();
      }
      record_.submit_flags = 0;
    }
    record = record_;
    created = !saved_;
  }
  std::string error;
  HRESULT hr = logon_->core().SaveMessage(record, &error);
  if (FAILED(hr)) return logon_->Fail(hr, error);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    saved_ = true;
  }
  logon_->NotifyObject(created ? fnevObjectCreated : fnevObjectModified, SAMPLE_STORE_KIND_MESSAGE,
                       record.number, record.folder);
  if (submit || record.submit_sequence != 0) logon_->QueueChanged();
  return S_OK;
}

HRESULT Message::Save(ULONG) {
  if (!modify_) return MAPI_E_NO_ACCESS;
  return Write(/*submit=*/false);
}

STDMETHODIMP Message::GetAttachmentTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
  // The store keeps no attachments: the table is always empty.
  SizedSPropTagArray(2, columns) = {2, {PR_ATTACH_NUM, PR_INSTANCE_KEY}};
  return SnapshotView(logon_->alloc(), {}, reinterpret_cast<LPSPropTagArray>(&columns), lppTable);
}

STDMETHODIMP Message::OpenAttach(ULONG, LPCIID, ULONG, LPATTACH FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMessage::OpenAttach");
}
STDMETHODIMP Message::CreateAttach(LPCIID, ULONG, ULONG FAR*, LPATTACH FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMessage::CreateAttach");
}
STDMETHODIMP Message::DeleteAttach(ULONG, ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMessage::DeleteAttach");
}

STDMETHODIMP Message::GetRecipientTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
  nlohmann::json recipients;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    recipients = record_.recipients;
  }
  std::vector<std::unique_ptr<PropValues>> rows;
  for (const auto& r : recipients) {
    auto row = std::make_unique<PropValues>();
    std::string error;
    if (FAILED(PropValues::FromJson(r, row.get(), &error))) continue;
    LONG id = RowIdOf(r);
    row->Binary(PR_INSTANCE_KEY, &id, sizeof id);
    rows.push_back(std::move(row));
  }
  std::vector<PropValues*> view_rows;
  for (auto& r : rows) view_rows.push_back(r.get());
  SizedSPropTagArray(7, columns) = {
      7,
      {PR_ROWID, PR_DISPLAY_NAME_A, PR_RECIPIENT_TYPE, PR_EMAIL_ADDRESS_A, PR_ADDRTYPE_A,
       PR_ENTRYID, PR_INSTANCE_KEY}};
  if (ulFlags & MAPI_UNICODE) {
    columns.aulPropTag[1] = PR_DISPLAY_NAME_W;
    columns.aulPropTag[3] = PR_EMAIL_ADDRESS_W;
    columns.aulPropTag[4] = PR_ADDRTYPE_W;
  }
  return SnapshotView(logon_->alloc(), view_rows, reinterpret_cast<LPSPropTagArray>(&columns),
                      lppTable);
}

STDMETHODIMP Message::ModifyRecipients(ULONG ulFlags, LPADRLIST lpMods) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpMods == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE)) return MAPI_E_UNKNOWN_FLAGS;
  if (!modify_) return MAPI_E_NO_ACCESS;
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json result = (ulFlags == 0) ? nlohmann::json::array() : record_.recipients;
  LONG next = ulFlags == 0 ? 0 : NextRowId();
  for (ULONG i = 0; i < lpMods->cEntries; ++i) {
    const ADRENTRY& entry = lpMods->aEntries[i];
    const SPropValue* row_id = PpropFindProp(entry.rgPropVals, entry.cValues, PR_ROWID);
    if (ulFlags & (MODRECIP_MODIFY | MODRECIP_REMOVE)) {
      if (row_id == nullptr) return MAPI_E_INVALID_PARAMETER;  // those need PR_ROWID
      auto it = std::find_if(result.begin(), result.end(), [&](const nlohmann::json& r) {
        return RowIdOf(r) == row_id->Value.l;
      });
      if (it == result.end()) return MAPI_E_NOT_FOUND;
      if (ulFlags & MODRECIP_REMOVE) {
        result.erase(it);
        continue;
      }
      nlohmann::json props = nlohmann::json::object();
      PropsToJson(entry.cValues, entry.rgPropVals, &props, nullptr);
      *it = std::move(props);
      continue;
    }
    // Added rows (MODRECIP_ADD or a full replacement) get new PR_ROWIDs.
    nlohmann::json props = nlohmann::json::object();
    PropsToJson(entry.cValues, entry.rgPropVals, &props, nullptr);
    props[TagKey(PR_ROWID)] = next++;
    result.push_back(std::move(props));
  }
  record_.recipients = std::move(result);
  return S_OK;
}

STDMETHODIMP Message::SubmitMessage(ULONG ulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags & ~FORCE_SUBMIT) return MAPI_E_UNKNOWN_FLAGS;
  if (!modify_) return MAPI_E_NO_ACCESS;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (record_.recipients.empty()) {
      return logon_->Fail(MAPI_E_NO_RECIPIENTS, "SubmitMessage: the message has no recipients");
    }
  }
  // MSGFLAG_SUBMIT marks it queued; PR_CLIENT_SUBMIT_TIME orders the queue.
  ULONG flags = MSGFLAG_UNSENT;
  LPSPropValue current = nullptr;
  if (SUCCEEDED(HrGetOneProp(this, PR_MESSAGE_FLAGS, &current))) {
    flags = current->Value.ul;
    logon_->alloc().free(current);
  }
  std::vector<SPropValue> values(2);
  std::memset(values.data(), 0, sizeof(SPropValue) * values.size());
  values[0].ulPropTag = PR_MESSAGE_FLAGS;
  values[0].Value.ul = flags | MSGFLAG_SUBMIT | MSGFLAG_UNSENT;
  values[1].ulPropTag = PR_CLIENT_SUBMIT_TIME;
  values[1].Value.ft = Now();
  // FinishedMsg moves a sent message to PR_SENTMAIL_ENTRYID
  // (imsgstore-finishedmsg.md); unless the client chose a folder or
  // PR_DELETE_AFTER_SUBMIT, this store's choice is Sent Items.
  LPSPropValue sentmail = nullptr, del = nullptr;
  const bool has_sentmail = SUCCEEDED(HrGetOneProp(this, PR_SENTMAIL_ENTRYID, &sentmail));
  const bool deletes = SUCCEEDED(HrGetOneProp(this, PR_DELETE_AFTER_SUBMIT, &del)) && del->Value.b;
  if (sentmail != nullptr) logon_->alloc().free(sentmail);
  if (del != nullptr) logon_->alloc().free(del);
  std::vector<BYTE> sent_items =
      logon_->core().EntryId(SAMPLE_STORE_KIND_FOLDER, SAMPLE_STORE_SENT_ITEMS);
  if (!has_sentmail && !deletes) {
    SPropValue v;
    std::memset(&v, 0, sizeof v);
    v.ulPropTag = PR_SENTMAIL_ENTRYID;
    v.Value.bin.cb = static_cast<ULONG>(sent_items.size());
    v.Value.bin.lpb = sent_items.data();
    values.push_back(v);
  }
  LPSPropProblemArray problems = nullptr;
  HRESULT hr = props_->SetProps(static_cast<ULONG>(values.size()), values.data(), &problems);
  if (problems != nullptr) logon_->alloc().free(problems);
  if (FAILED(hr)) return hr;
  if (flags & MSGFLAG_RESEND) {
    // A resend: MAPI updates the recipients' types and PR_RESPONSIBILITY.
    if (LPMAPISUP support = logon_->Support()) {
      ULONG prepare_flags = 0;
      hr = support->PrepareSubmit(this, &prepare_flags);
      support->Release();
      if (FAILED(hr) && hr != MAPI_E_NO_SUPPORT) return hr;
    }
  }
  if (FAILED(hr = Write(/*submit=*/true))) return hr;
  // imessage-submitmessage.md: once submitted, the message and its tables
  // allow only Release.
  Retire();
  return S_OK;
}

STDMETHODIMP Message::SetReadFlag(ULONG ulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags &
      ~(SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  ULONG flags = 0;
  LPSPropValue current = nullptr;
  if (SUCCEEDED(HrGetOneProp(this, PR_MESSAGE_FLAGS, &current))) {
    flags = current->Value.ul;
    logon_->alloc().free(current);
  }
  SPropValue value;
  std::memset(&value, 0, sizeof value);
  value.ulPropTag = PR_MESSAGE_FLAGS;
  value.Value.ul = (ulFlags & CLEAR_READ_FLAG) ? (flags & ~MSGFLAG_READ) : (flags | MSGFLAG_READ);
  LPSPropProblemArray problems = nullptr;
  HRESULT hr = props_->SetProps(1, &value, &problems);
  if (problems != nullptr) logon_->alloc().free(problems);
  if (FAILED(hr)) return hr;
  // The read flag of a saved message changes at once.
  bool saved;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    saved = saved_;
  }
  return saved && modify_ ? Write(/*submit=*/false) : S_OK;
}

HRESULT MakeMessage(const std::shared_ptr<LogonState>& logon, MessageRecord record, bool saved,
                    bool modify, LPMESSAGE* out) {
  nlohmann::json props = record.props;
  auto* message = new (std::nothrow) Message(logon, std::move(record), saved, modify);
  if (message == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  HRESULT hr = message->Init(props);
  if (FAILED(hr)) {
    message->Release();
    return hr;
  }
  *out = message;
  return S_OK;
}

}  // namespace

HRESULT OpenMessageObject(const std::shared_ptr<LogonState>& logon, ULONG number, bool modify,
                          LPMESSAGE* out) {
  MessageRecord record;
  std::string error;
  HRESULT hr = logon->core().FindMessage(number, &record, &error);
  if (FAILED(hr)) return logon->Fail(hr, error);
  return MakeMessage(logon, std::move(record), /*saved=*/true, modify, out);
}

HRESULT NewMessageObject(const std::shared_ptr<LogonState>& logon, ULONG folder, LPMESSAGE* out) {
  MessageRecord record;
  record.folder = folder;
  std::string error;
  HRESULT hr = logon->core().NewNumber(&record.number, &error);
  if (FAILED(hr)) return logon->Fail(hr, error);
  // A new message starts unsent and unread (pidtagmessageflags-canonical-property.md).
  record.props[TagKey(PR_MESSAGE_FLAGS)] = MSGFLAG_UNSENT;
  return MakeMessage(logon, std::move(record), /*saved=*/false, /*modify=*/true, out);
}

ULONG MessageNumberOf(const LogonState& logon, LPMESSAGE message) {
  if (message == nullptr) return 0;
  LPSPropValue eid = nullptr;
  if (FAILED(HrGetOneProp(message, PR_ENTRYID, &eid))) return 0;
  ULONG kind = 0, number = 0;
  bool ok = logon.core().ParseEntryId(eid->Value.bin.cb,
                                      reinterpret_cast<const ENTRYID*>(eid->Value.bin.lpb), &kind,
                                      &number) &&
            kind == SAMPLE_STORE_KIND_MESSAGE;
  logon.alloc().free(eid);
  return ok ? number : 0;
}

}  // namespace sample_store
