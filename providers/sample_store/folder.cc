// Folders: IMAPIFolder over a FolderRecord. Folder properties are not
// transacted (imapifolderimapicontainer.md): SetProps writes the folder file
// at once. Tables are snapshots made with CreateTable.
#include <cstring>

#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "providers/sample_store/objects.h"
#include "providers/sample_store/sample_store.h"

namespace sample_store {
namespace {

constexpr ULONG kOpenFlags = MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS;

std::string NameArg(LPTSTR name, ULONG flags) {
  if (name == nullptr) return std::string();
  if (flags & MAPI_UNICODE) return Utf8FromWide(reinterpret_cast<const WCHAR*>(name));
  return std::string(reinterpret_cast<const char*>(name));
}

// The display name a stored property list holds, either width.
std::string DisplayNameOf(const nlohmann::json& props) {
  for (ULONG tag : {ULONG{PR_DISPLAY_NAME_A}, ULONG{PR_DISPLAY_NAME_W}}) {
    auto it = props.find(TagKey(tag));
    if (it != props.end() && it->is_string()) return it->get<std::string>();
  }
  return std::string();
}

class Folder final : public PropObject<IMAPIFolder> {
 public:
  Folder(std::shared_ptr<LogonState> logon, ULONG number)
      : PropObject<IMAPIFolder>(std::move(logon), {&IID_IMAPIFolder, &IID_IMAPIContainer},
                                /*transacted=*/false),
        number_(number) {}
  using PropObject<IMAPIFolder>::Init;
  using PropObject<IMAPIFolder>::props_;

  MAPI_IMAPICONTAINER_METHODS(IMPL)
  MAPI_IMAPIFOLDER_METHODS(IMPL)

 private:
  void Computed(PropValues* out) override {
    FolderRecord f;
    if (logon_->core().FindFolder(number_, &f)) FolderComputed(*logon_, f, out);
  }
  HRESULT Save(ULONG) override {
    FolderRecord f;
    if (!logon_->core().FindFolder(number_, &f)) return MAPI_E_OBJECT_DELETED;
    f.props = StoredProps();
    std::string error;
    HRESULT hr = logon_->core().SaveFolder(f, &error);
    return FAILED(hr) ? logon_->Fail(hr, error) : hr;
  }
  // The message numbers of an entry list of this store's messages; false
  // for an entry ID that is not one.
  bool Numbers(LPENTRYLIST list, std::vector<ULONG>* out);
  void AddHierarchyRows(ULONG parent, LONG depth, bool recursive,
                        std::vector<std::unique_ptr<PropValues>>* rows);

  const ULONG number_;
};

bool Folder::Numbers(LPENTRYLIST list, std::vector<ULONG>* out) {
  if (list == nullptr) return false;
  for (ULONG i = 0; i < list->cValues; ++i) {
    ULONG kind = 0, number = 0;
    const SBinary& b = list->lpbin[i];
    if (!logon_->core().ParseEntryId(b.cb, reinterpret_cast<const ENTRYID*>(b.lpb), &kind,
                                     &number) ||
        kind != SAMPLE_STORE_KIND_MESSAGE) {
      return false;
    }
    out->push_back(number);
  }
  return true;
}

STDMETHODIMP Folder::GetContentsTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MAPI_DEFERRED_ERRORS | MAPI_UNICODE | MAPI_ASSOCIATED)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  std::vector<std::unique_ptr<PropValues>> rows;
  // Folder-associated messages are not kept: that table is empty.
  if (!(ulFlags & MAPI_ASSOCIATED)) {
    for (const MessageRecord& m : logon_->core().MessagesIn(number_)) {
      auto row = std::make_unique<PropValues>();
      std::string error;
      if (FAILED(PropValues::FromJson(m.props, row.get(), &error))) continue;
      MessageComputed(*logon_, m, row.get());
      rows.push_back(std::move(row));
    }
  }
  std::vector<PropValues*> view_rows;
  for (auto& r : rows) view_rows.push_back(r.get());
  SizedSPropTagArray(6, columns) = {6,
                                    {PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBJECT_A, PR_MESSAGE_CLASS_A,
                                     PR_MESSAGE_FLAGS, PR_CLIENT_SUBMIT_TIME}};
  if (ulFlags & MAPI_UNICODE) {
    columns.aulPropTag[2] = PR_SUBJECT_W;
    columns.aulPropTag[3] = PR_MESSAGE_CLASS_W;
  }
  return SnapshotView(logon_->alloc(), view_rows, reinterpret_cast<LPSPropTagArray>(&columns),
                      lppTable);
}

void Folder::AddHierarchyRows(ULONG parent, LONG depth, bool recursive,
                              std::vector<std::unique_ptr<PropValues>>* rows) {
  for (const FolderRecord& f : logon_->core().ChildFolders(parent)) {
    auto row = std::make_unique<PropValues>();
    std::string error;
    if (FAILED(PropValues::FromJson(f.props, row.get(), &error))) continue;
    FolderComputed(*logon_, f, row.get());
    row->Long(PR_DEPTH, depth);
    rows->push_back(std::move(row));
    if (recursive) AddHierarchyRows(f.number, depth + 1, recursive, rows);
  }
}

STDMETHODIMP Folder::GetHierarchyTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppTable == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(CONVENIENT_DEPTH | MAPI_DEFERRED_ERRORS | MAPI_UNICODE)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  std::vector<std::unique_ptr<PropValues>> rows;
  AddHierarchyRows(number_, 0, (ulFlags & CONVENIENT_DEPTH) != 0, &rows);
  std::vector<PropValues*> view_rows;
  for (auto& r : rows) view_rows.push_back(r.get());
  SizedSPropTagArray(7, columns) = {7,
                                    {PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_FOLDER_TYPE,
                                     PR_CONTENT_COUNT, PR_SUBFOLDERS, PR_DEPTH}};
  if (ulFlags & MAPI_UNICODE) columns.aulPropTag[2] = PR_DISPLAY_NAME_W;
  return SnapshotView(logon_->alloc(), view_rows, reinterpret_cast<LPSPropTagArray>(&columns),
                      lppTable);
}

STDMETHODIMP Folder::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                               ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return OpenEntryInStore(logon_, nullptr, cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType,
                          lppUnk);
}

STDMETHODIMP Folder::SetSearchCriteria(LPSRestriction, LPENTRYLIST, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIContainer::SetSearchCriteria");
}

STDMETHODIMP Folder::GetSearchCriteria(ULONG, LPSRestriction FAR*, LPENTRYLIST FAR*, ULONG FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIContainer::GetSearchCriteria");
}

STDMETHODIMP Folder::CreateMessage(LPCIID lpInterface, ULONG ulFlags, LPMESSAGE FAR* lppMessage) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppMessage == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppMessage = nullptr;
  if (ulFlags & ~(MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED)) return MAPI_E_UNKNOWN_FLAGS;
  if (ulFlags & MAPI_ASSOCIATED) return NoSupport("IMAPIFolder::CreateMessage(MAPI_ASSOCIATED)");
  if (lpInterface != nullptr && *lpInterface != IID_IMessage && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  return NewMessageObject(logon_, number_, lppMessage);
}

STDMETHODIMP Folder::CopyMessages(LPENTRYLIST lpMsgList, LPCIID, LPVOID lpDestFolder, ULONG_PTR,
                                  LPMAPIPROGRESS, ULONG ulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpDestFolder == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
  std::vector<ULONG> numbers;
  if (!Numbers(lpMsgList, &numbers)) {
    return logon_->Fail(MAPI_E_INVALID_ENTRYID,
                        "CopyMessages: an entry ID is not a message of "
                        "this store");
  }
  // The destination must be one of this store's folders.
  LPSPropValue eid = nullptr;
  HRESULT hr = HrGetOneProp(static_cast<LPMAPIPROP>(static_cast<IMAPIFolder*>(lpDestFolder)),
                            PR_ENTRYID, &eid);
  if (FAILED(hr)) return hr;
  ULONG kind = 0, dest = 0;
  bool ours =
      logon_->core().ParseEntryId(
          eid->Value.bin.cb, reinterpret_cast<const ENTRYID*>(eid->Value.bin.lpb), &kind, &dest) &&
      kind == SAMPLE_STORE_KIND_FOLDER;
  logon_->alloc().free(eid);
  if (!ours) return NoSupport("IMAPIFolder::CopyMessages to another store");
  StoreCore& core = logon_->core();
  bool partial = false;
  for (ULONG number : numbers) {
    MessageRecord m;
    std::string error;
    if (FAILED(core.FindMessage(number, &m, &error)) || m.folder != number_) {
      partial = true;
      continue;
    }
    if (ulFlags & MESSAGE_MOVE) {
      m.folder = dest;
      if (FAILED(hr = core.SaveMessage(m, &error))) return logon_->Fail(hr, error);
      logon_->NotifyObject(fnevObjectMoved, SAMPLE_STORE_KIND_MESSAGE, number, dest);
    } else {
      MessageRecord copy = m;
      copy.folder = dest;
      copy.submit_sequence = 0;
      copy.submit_flags = 0;
      if (FAILED(hr = core.NewNumber(&copy.number, &error))) return logon_->Fail(hr, error);
      if (FAILED(hr = core.SaveMessage(copy, &error))) return logon_->Fail(hr, error);
      logon_->NotifyObject(fnevObjectCreated, SAMPLE_STORE_KIND_MESSAGE, copy.number, dest);
    }
  }
  if (ulFlags & MESSAGE_MOVE) logon_->QueueChanged();
  return partial ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

STDMETHODIMP Folder::DeleteMessages(LPENTRYLIST lpMsgList, ULONG_PTR, LPMAPIPROGRESS,
                                    ULONG ulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags & ~MESSAGE_DIALOG) return MAPI_E_UNKNOWN_FLAGS;
  std::vector<ULONG> numbers;
  if (!Numbers(lpMsgList, &numbers)) {
    return logon_->Fail(MAPI_E_INVALID_ENTRYID,
                        "DeleteMessages: an entry ID is not a message "
                        "of this store");
  }
  StoreCore& core = logon_->core();
  bool partial = false, queued = false;
  for (ULONG number : numbers) {
    MessageRecord m;
    std::string error;
    HRESULT found = core.FindMessage(number, &m, &error);
    if (found == MAPI_E_NOT_FOUND || (SUCCEEDED(found) && m.folder != number_)) {
      partial = true;
      continue;
    }
    queued = queued || m.submit_sequence != 0;
    if (HRESULT hr = core.DeleteMessage(number, &error); FAILED(hr)) {
      return logon_->Fail(hr, error);
    }
    logon_->NotifyObject(fnevObjectDeleted, SAMPLE_STORE_KIND_MESSAGE, number, number_);
  }
  if (queued) logon_->QueueChanged();
  return partial ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

STDMETHODIMP Folder::CreateFolder(ULONG ulFolderType, LPTSTR lpszFolderName,
                                  LPTSTR lpszFolderComment, LPCIID lpInterface, ULONG ulFlags,
                                  LPMAPIFOLDER FAR* lppFolder) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppFolder == nullptr || lpszFolderName == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppFolder = nullptr;
  if (ulFlags & ~(MAPI_UNICODE | OPEN_IF_EXISTS | MAPI_DEFERRED_ERRORS)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  if (ulFolderType != FOLDER_GENERIC) return NoSupport("IMAPIFolder::CreateFolder(FOLDER_SEARCH)");
  if (lpInterface != nullptr && *lpInterface != IID_IMAPIFolder &&
      *lpInterface != IID_IMAPIContainer && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  const std::string name = NameArg(lpszFolderName, ulFlags);
  if (name.empty()) return MAPI_E_INVALID_PARAMETER;
  StoreCore& core = logon_->core();
  for (const FolderRecord& sibling : core.ChildFolders(number_)) {
    if (DisplayNameOf(sibling.props) != name) continue;
    if (!(ulFlags & OPEN_IF_EXISTS)) {
      return logon_->Fail(MAPI_E_COLLISION, "a folder named '" + name + "' exists already");
    }
    return OpenFolderObject(logon_, sibling.number, true, lppFolder);
  }
  FolderRecord f;
  f.parent = number_;
  f.props[TagKey(PR_DISPLAY_NAME_A)] = name;
  std::string comment = NameArg(lpszFolderComment, ulFlags);
  if (!comment.empty()) f.props[TagKey(PR_COMMENT_A)] = comment;
  std::string error;
  HRESULT hr = core.NewNumber(&f.number, &error);
  if (SUCCEEDED(hr)) hr = core.SaveFolder(f, &error);
  if (FAILED(hr)) return logon_->Fail(hr, error);
  logon_->NotifyObject(fnevObjectCreated, SAMPLE_STORE_KIND_FOLDER, f.number, number_);
  return OpenFolderObject(logon_, f.number, true, lppFolder);
}

STDMETHODIMP Folder::CopyFolder(ULONG, LPENTRYID, LPCIID, LPVOID, LPTSTR, ULONG_PTR, LPMAPIPROGRESS,
                                ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::CopyFolder");
}
STDMETHODIMP Folder::DeleteFolder(ULONG, LPENTRYID, ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::DeleteFolder");
}
STDMETHODIMP Folder::SetReadFlags(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::SetReadFlags");
}
STDMETHODIMP Folder::GetMessageStatus(ULONG, LPENTRYID, ULONG, ULONG FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::GetMessageStatus");
}
STDMETHODIMP Folder::SetMessageStatus(ULONG, LPENTRYID, ULONG, ULONG, ULONG FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::SetMessageStatus");
}
STDMETHODIMP Folder::SaveContentsSort(LPSSortOrderSet, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::SaveContentsSort");
}
STDMETHODIMP Folder::EmptyFolder(ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIFolder::EmptyFolder");
}

bool IsFolderInterface(LPCIID iid) {
  return iid == nullptr || *iid == IID_IMAPIFolder || *iid == IID_IMAPIContainer ||
         *iid == IID_IMAPIProp || *iid == IID_IUnknown;
}

bool IsMessageInterface(LPCIID iid) {
  return iid == nullptr || *iid == IID_IMessage || *iid == IID_IMAPIProp || *iid == IID_IUnknown;
}

}  // namespace

HRESULT OpenFolderObject(const std::shared_ptr<LogonState>& logon, ULONG number, bool modify,
                         LPMAPIFOLDER* out) {
  FolderRecord f;
  if (!logon->core().FindFolder(number, &f)) {
    return logon->Fail(MAPI_E_NOT_FOUND, "no folder " + std::to_string(number) + " ('" +
                                             logon->core().FolderPath(number).string() +
                                             "' does not exist)");
  }
  auto* folder = new (std::nothrow) Folder(logon, number);
  if (folder == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  HRESULT hr = folder->Init(f.props);
  if (SUCCEEDED(hr) && !modify) hr = folder->props_->HrSetObjAccess(IPROP_READONLY);
  if (FAILED(hr)) {
    folder->Release();
    return hr;
  }
  *out = folder;
  return S_OK;
}

HRESULT OpenEntryInStore(const std::shared_ptr<LogonState>& logon, IMsgStore* store, ULONG cb,
                         LPENTRYID eid, LPCIID iid, ULONG flags, ULONG* obj_type, LPUNKNOWN* out) {
  if (obj_type == nullptr || out == nullptr) return MAPI_E_INVALID_PARAMETER;
  *out = nullptr;
  if (flags & ~kOpenFlags) return MAPI_E_UNKNOWN_FLAGS;
  const bool modify = (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) != 0;
  ULONG kind = SAMPLE_STORE_KIND_FOLDER, number = SAMPLE_STORE_ROOT;
  if (eid != nullptr && !logon->core().ParseEntryId(cb, eid, &kind, &number)) {
    // The client may hand back the wrapped store entry ID it was given.
    const std::vector<BYTE>& wrapped = logon->wrapped_store_eid();
    if (cb == wrapped.size() && std::memcmp(eid, wrapped.data(), cb) == 0) {
      kind = SAMPLE_STORE_KIND_STORE;
    } else {
      return logon->Fail(MAPI_E_INVALID_ENTRYID, "the entry ID is not one of this store's");
    }
  }
  switch (kind) {
    case SAMPLE_STORE_KIND_STORE: {
      if (store == nullptr) return NoSupport("opening the store from a folder");
      HRESULT hr = store->QueryInterface(iid != nullptr ? *iid : IID_IMsgStore,
                                         reinterpret_cast<void**>(out));
      if (SUCCEEDED(hr)) *obj_type = MAPI_STORE;
      return hr;
    }
    case SAMPLE_STORE_KIND_FOLDER: {
      if (!IsFolderInterface(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
      LPMAPIFOLDER folder = nullptr;
      HRESULT hr = OpenFolderObject(logon, number, modify, &folder);
      if (FAILED(hr)) return hr;
      *obj_type = MAPI_FOLDER;
      *out = folder;
      return S_OK;
    }
    default: {
      if (!IsMessageInterface(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
      LPMESSAGE message = nullptr;
      HRESULT hr = OpenMessageObject(logon, number, modify, &message);
      if (FAILED(hr)) return hr;
      *obj_type = MAPI_MESSAGE;
      *out = message;
      return S_OK;
    }
  }
}

}  // namespace sample_store
