// StoreContent: the folders and messages of one stand-in message store in
// playback (playback.h). MAPI never sees a store's content, yet a client and
// the spooler work on it (write, submit, queue, send, receive), so the
// stand-in store keeps a small in-memory model and answers those calls from it.
// Built only on the exported MAPI API, as a provider would be: CreateIProp for
// every object's properties, CreateTable for contents, hierarchy, queue and
// recipient tables, MAPIAllocateBuffer for what callers free.
//
// Thread-safe: any thread may call StoreContent and every object it hands out
// (the spooler may run on its own thread). Objects may outlive StoreContent;
// after its destruction they no longer call `on_entry`.
#ifndef MAPI_EMU_SCENARIO_PLAYBACK_CONTENT_H_
#define MAPI_EMU_SCENARIO_PLAYBACK_CONTENT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "mapidefs.h"

namespace mapi_emu::playback {

class ContentModel;  // the state StoreContent and its objects share (.cc)

// The folders (root, IPM subtree, inbox, outbox, sent, deleted) and messages
// of one stand-in message store. Entry IDs are 4 zero flag bytes, the store's
// MAPIUID and a 4-byte little-endian counter (folders 1-6, then messages in
// creation order): deterministic for a deterministic sequence of calls.
class StoreContent {
 public:
  // `on_entry` runs at the start of every method of every folder, message and
  // table this content hands out (the playback engine plays the provider's
  // recorded calls into MAPI from there), never with a lock held. It may be
  // empty. Entry IDs carry DefaultUid().
  explicit StoreContent(std::function<void()> on_entry);
  // The same with entry IDs that carry `uid` (the recorded provider's).
  StoreContent(std::function<void()> on_entry, const MAPIUID& uid);
  ~StoreContent();
  StoreContent(const StoreContent&) = delete;
  StoreContent& operator=(const StoreContent&) = delete;

  // The MAPIUID entry IDs carry unless one is given.
  static const MAPIUID& DefaultUid();

  // IMAPIProp::GetProps of the store object: for each requested tag
  // (tags == nullptr: every store property) a value: PR_DISPLAY_NAME_A
  // "Playback store", PR_OBJECT_TYPE MAPI_STORE, PR_STORE_RECORD_KEY (the
  // MAPIUID), PR_STORE_SUPPORT_MASK, PR_VALID_FOLDER_MASK and the entry IDs
  // PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID,
  // PR_IPM_WASTEBASKET_ENTRYID; other tags PT_ERROR with MAPI_E_NOT_FOUND (the
  // result is then MAPI_W_ERRORS_RETURNED). *props is one MAPIAllocateBuffer
  // block; on failure *count is 0 and *props null.
  HRESULT GetStoreProps(LPSPropTagArray tags, ULONG flags, ULONG* count, LPSPropValue* props);

  // IMsgStore::OpenEntry: cb == 0 opens the root folder; a folder's or a
  // saved message's entry ID opens it (a new object each time over the same
  // data; every object is writable). *type is MAPI_FOLDER or MAPI_MESSAGE.
  // Unknown IDs: MAPI_E_NOT_FOUND; an `iid` the object does not answer:
  // MAPI_E_INTERFACE_NOT_SUPPORTED. On failure *out is null.
  HRESULT OpenEntry(ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags, ULONG* type, LPUNKNOWN* out);

  // IMsgStore::GetReceiveFolder: the inbox's entry ID for every message
  // class, in a MAPIAllocateBuffer block the caller frees.
  HRESULT GetReceiveFolder(ULONG* cb, LPENTRYID* eid);

  // IMsgStore::GetOutgoingQueue: a view of the queue, the messages submitted
  // and not yet finished or aborted. Rows: PR_INSTANCE_KEY, PR_ENTRYID,
  // PR_SUBMIT_FLAGS (SUBMITFLAG_LOCKED while locked), PR_CLIENT_SUBMIT_TIME
  // (from a counter, not the clock). Unsorted: the spooler sorts.
  HRESULT GetOutgoingQueue(ULONG flags, LPMAPITABLE* table);

  // IMsgStore's spooler calls, as the reference store (providers/sample_store)
  // answers them: S_OK; MAPI_E_NOT_FOUND for an unknown message;
  // MAPI_E_NOT_IN_QUEUE for one that is not queued; MAPI_E_UNKNOWN_FLAGS.
  // SetLockState sets or clears SUBMITFLAG_LOCKED (MAPI_E_INVALID_PARAMETER
  // for another state). FinishedMsg: the message leaves the queue, marked
  // sent, and moves to PR_SENTMAIL_ENTRYID (sent items unless the client
  // chose another of these folders), or is deleted with
  // PR_DELETE_AFTER_SUBMIT. AbortSubmit: it leaves the queue, unsent.
  HRESULT SetLockState(LPMESSAGE message, ULONG state);
  HRESULT FinishedMsg(ULONG flags, ULONG cb, LPENTRYID eid);
  HRESULT AbortSubmit(ULONG cb, LPENTRYID eid, ULONG flags);

  // How many messages are submitted and not finished (for tests and for
  // StoreLogoff decisions).
  size_t QueuedCount() const;
  // How many saved messages `folder` ("inbox", "outbox", "sent", "deleted";
  // also "root", "ipm") holds; 0 for another name.
  size_t MessageCount(std::string_view folder) const;
  // The entry ID of `folder` (the names above); empty for another name.
  std::vector<BYTE> FolderEntryId(std::string_view folder) const;

 private:
  std::shared_ptr<ContentModel> model_;
};

}  // namespace mapi_emu::playback

#endif  // MAPI_EMU_SCENARIO_PLAYBACK_CONTENT_H_
