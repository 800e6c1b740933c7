#include "scenario/mapi_calls.h"

#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "mapi_emu/base/hresult.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <link.h>
#endif

namespace mapi_emu::scenario {
namespace {

// MAPI hands rows and buffers to the client to free with its own functions.
struct RowsDeleter {
  void operator()(SRowSet* rows) const { FreeProws(rows); }
};
using Rows = std::unique_ptr<SRowSet, RowsDeleter>;
struct BufferDeleter {
  void operator()(void* buffer) const { MAPIFreeBuffer(buffer); }
};
template <typename T>
using Buffer = std::unique_ptr<T, BufferDeleter>;

const SPropValue* FindProp(const SRow& row, ULONG tag) {
  for (ULONG i = 0; i < row.cValues; ++i) {
    if (row.lpProps[i].ulPropTag == tag) return &row.lpProps[i];
  }
  return nullptr;
}

bool RowMatches(const SRow& row, const std::string& which) {
  if (which == "default") {
    const SPropValue* def = FindProp(row, PR_DEFAULT_STORE);
    return def != nullptr && def->Value.b;
  }
  const SPropValue* name = FindProp(row, PR_DISPLAY_NAME_A);
  return name != nullptr && which == name->Value.lpszA;
}

HRESULT StoreEntryId(IMAPISession* session, const std::string& which, std::vector<BYTE>* id) {
  ComPtr<IMAPITable> table;
  HRESULT hr = session->GetMsgStoresTable(0, table.Put());
  if (FAILED(hr)) return hr;
  SRowSet* raw = nullptr;
  hr = HrQueryAllRows(table.get(), nullptr, nullptr, nullptr, 0, &raw);
  if (FAILED(hr)) return hr;
  Rows rows(raw);
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SPropValue* eid = FindProp(rows->aRow[r], PR_ENTRYID);
    if (eid != nullptr && RowMatches(rows->aRow[r], which)) {
      id->assign(eid->Value.bin.lpb, eid->Value.bin.lpb + eid->Value.bin.cb);
      return S_OK;
    }
  }
  return MAPI_E_NOT_FOUND;
}

ULONG FolderTag(const std::string& folder) {
  if (folder == "sent") return PR_IPM_SENTMAIL_ENTRYID;
  if (folder == "deleted") return PR_IPM_WASTEBASKET_ENTRYID;
  return PR_IPM_OUTBOX_ENTRYID;
}

HRESULT OpenFolder(IMsgStore* store, const std::string& folder, ComPtr<IMAPIFolder>* out) {
  SizedSPropTagArray(1, tags) = {1, {FolderTag(folder)}};
  ULONG count = 0;
  SPropValue* raw = nullptr;
  HRESULT hr = store->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &raw);
  if (FAILED(hr)) return hr;
  Buffer<SPropValue> props(raw);
  if (hr != S_OK || PROP_TYPE(props->ulPropTag) != PT_BINARY) return MAPI_E_NOT_FOUND;
  ULONG type = 0;
  return store->OpenEntry(props->Value.bin.cb, reinterpret_cast<LPENTRYID>(props->Value.bin.lpb),
                          &IID_IMAPIFolder, MAPI_MODIFY, &type,
                          reinterpret_cast<LPUNKNOWN*>(out->Put()));
}

// A copy of `text` in memory MAPIAllocateMore links to `parent`.
LPSTR CopyMore(const std::string& text, void* parent) {
  void* memory = nullptr;
  if (MAPIAllocateMore(static_cast<ULONG>(text.size() + 1), parent, &memory) != S_OK) {
    return nullptr;
  }
  std::memcpy(memory, text.c_str(), text.size() + 1);
  return static_cast<LPSTR>(memory);
}

// One ADRLIST row: each row's properties are their own MAPIAllocateBuffer
// block, as IMessage::ModifyRecipients requires.
HRESULT FillRecipient(const Recipient& to, const std::string& data_dir, ADRENTRY* entry) {
  SPropValue* props = nullptr;
  HRESULT hr = MAPIAllocateBuffer(4 * sizeof(SPropValue), reinterpret_cast<void**>(&props));
  if (FAILED(hr)) return hr;
  const std::string address = absl::StrReplaceAll(to.address, {{"${data}", data_dir}});
  props[0].ulPropTag = PR_DISPLAY_NAME_A;
  props[0].Value.lpszA = CopyMore(to.name, props);
  props[1].ulPropTag = PR_ADDRTYPE_A;
  props[1].Value.lpszA = CopyMore(to.type, props);
  props[2].ulPropTag = PR_EMAIL_ADDRESS_A;
  props[2].Value.lpszA = CopyMore(address, props);
  props[3].ulPropTag = PR_RECIPIENT_TYPE;
  props[3].Value.l = MAPI_TO;
  entry->cValues = 4;
  entry->rgPropVals = props;
  for (int i = 0; i < 3; ++i) {
    if (props[i].Value.lpszA == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  return S_OK;
}

HRESULT AddRecipients(IMessage* message, const MessageSpec& spec, const std::string& data_dir) {
  if (spec.to.empty()) return S_OK;
  ADRLIST* raw = nullptr;
  HRESULT hr = MAPIAllocateBuffer(CbNewADRLIST(spec.to.size()), reinterpret_cast<void**>(&raw));
  if (FAILED(hr)) return hr;
  std::memset(raw, 0, CbNewADRLIST(spec.to.size()));
  // FreePadrlist frees each row's block, then the list.
  std::unique_ptr<ADRLIST, void (*)(ADRLIST*)> list(raw, [](ADRLIST* l) { FreePadrlist(l); });
  list->cEntries = static_cast<ULONG>(spec.to.size());
  for (size_t i = 0; i < spec.to.size(); ++i) {
    hr = FillRecipient(spec.to[i], data_dir, &list->aEntries[i]);
    if (FAILED(hr)) return hr;
  }
  return message->ModifyRecipients(MODRECIP_ADD, list.get());
}

HRESULT SetContent(IMessage* message, const MessageSpec& spec) {
  SPropValue values[3] = {};
  values[0].ulPropTag = PR_MESSAGE_CLASS_A;
  values[0].Value.lpszA = const_cast<LPSTR>("IPM.Note");
  values[1].ulPropTag = PR_SUBJECT_A;
  values[1].Value.lpszA = const_cast<LPSTR>(spec.subject.c_str());
  values[2].ulPropTag = PR_BODY_A;
  values[2].Value.lpszA = const_cast<LPSTR>(spec.body.c_str());
  return message->SetProps(3, values, nullptr);
}

#if !defined(_WIN32)
int MatchLoaded(struct dl_phdr_info* info, size_t /*size*/, void* data) {
  const auto* names = static_cast<const std::vector<std::string>*>(data);
  const std::string path = info->dlpi_name != nullptr ? info->dlpi_name : "";
  const std::string base = path.substr(path.find_last_of('/') + 1);
  for (const std::string& name : *names) {
    if (base == name) return 1;
  }
  return 0;
}
#endif

}  // namespace

HRESULT OpenStore(IMAPISession* session, const std::string& which, ULONG flags,
                  ComPtr<IMsgStore>* out) {
  out->Reset();
  std::vector<BYTE> id;
  HRESULT hr = StoreEntryId(session, which, &id);
  if (FAILED(hr)) return hr;
  return session->OpenMsgStore(0, static_cast<ULONG>(id.size()),
                               reinterpret_cast<LPENTRYID>(id.data()), nullptr, flags, out->Put());
}

HRESULT WriteMessage(IMsgStore* store, const MessageSpec& spec, const std::string& data_dir,
                     ComPtr<IMessage>* out) {
  ComPtr<IMAPIFolder> folder;
  HRESULT hr = OpenFolder(store, spec.folder, &folder);
  if (FAILED(hr)) return hr;
  ComPtr<IMessage> message;
  hr = folder->CreateMessage(nullptr, 0, message.Put());
  if (FAILED(hr)) return hr;
  hr = SetContent(message.get(), spec);
  if (FAILED(hr)) return hr;
  hr = AddRecipients(message.get(), spec, data_dir);
  if (FAILED(hr)) return hr;
  hr = message->SaveChanges(KEEP_OPEN_READWRITE);
  if (FAILED(hr)) return hr;
  if (spec.submit) {
    hr = message->SubmitMessage(0);
    if (FAILED(hr)) return hr;
  }
  *out = std::move(message);
  return S_OK;
}

HRESULT ClientFastShutdown(IMAPISession* session, std::string* detail, bool* done) {
  *done = false;
  ComPtr<IMAPIClientShutdown> shutdown;
  HRESULT hr = session->QueryInterface(IID_IMAPIClientShutdown, shutdown.PutVoid());
  *detail = absl::StrCat("QueryInterface ", ShortHresultName(hr));
  if (FAILED(hr)) return hr;
  hr = shutdown->QueryFastShutdown();
  absl::StrAppend(detail, ", QueryFastShutdown ", ShortHresultName(hr));
  if (FAILED(hr)) return hr;
  hr = shutdown->NotifyProcessShutdown();
  absl::StrAppend(detail, ", NotifyProcessShutdown ", ShortHresultName(hr));
  if (FAILED(hr)) return hr;
  hr = shutdown->DoFastShutdown();
  *done = true;
  KeepUntilProcessExit(shutdown.Detach());
  absl::StrAppend(detail, ", DoFastShutdown ", ShortHresultName(hr));
  return hr;
}

void KeepUntilProcessExit(IUnknown* object) {
  static auto* const kept = new std::vector<IUnknown*>();
  if (object != nullptr) kept->push_back(object);
}

bool LibraryIsLoaded(const std::string& name) {
#if defined(_WIN32)
  return GetModuleHandleA((name + ".dll").c_str()) != nullptr;
#else
  std::vector<std::string> names = {"lib" + name + ".so", name + ".so"};
  return dl_iterate_phdr(MatchLoaded, &names) != 0;
#endif
}

std::string ShortHresultName(HRESULT hr) {
  std::string name = HresultName(hr);
  return name.substr(0, name.find(" ("));
}

}  // namespace mapi_emu::scenario
