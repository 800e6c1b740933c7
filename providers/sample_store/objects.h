// objects.h -- the sample store's MAPI objects: the store and its logon
// (created together, freed together), folders, messages and the status
// object, each a class with its interfaces as bases and one interlocked
// count that starts at 1. They are written against the SDK headers and the
// exported MAPI functions only, as a Windows provider is.
//
// Free-threaded: counts are atomic, the data is behind StoreCore's mutex and
// each object's own state behind its mutex. Every method of an object whose
// logon has ended returns MAPI_E_INVALID_OBJECT.

#ifndef MAPI_EMU_PROVIDERS_SAMPLE_STORE_OBJECTS_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_STORE_OBJECTS_H_

#include <atomic>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mapispi.h"
#include "mapiutil.h"
#include "providers/sample_store/disk.h"
#include "providers/sample_store/store_core.h"

namespace sample_store {

// Logs "sample_store: <what> is not supported" once per process and returns
// MAPI_E_NO_SUPPORT (a stub is loud and harmless).
HRESULT NoSupport(const char* what);

// A MAPIERROR (from `alloc`) carrying `text`, for the lppMAPIError of
// IMSProvider::Logon and ServiceEntry; *out is null when memory runs out.
void SetMapiError(const Allocators& alloc, const std::string& text, LPMAPIERROR* out);

// What every object of one store logon shares: the data, the allocators,
// whether the logon is still alive, the last error, the support object.
class LogonState {
 public:
  LogonState(std::shared_ptr<StoreCore> core, const Allocators& alloc, LPMAPISUP support,
             std::vector<BYTE> wrapped_store_eid, std::string display_name);
  ~LogonState();

  StoreCore& core() const { return *core_; }
  const std::shared_ptr<StoreCore>& shared_core() const { return core_; }
  const Allocators& alloc() const { return alloc_; }
  const std::vector<BYTE>& wrapped_store_eid() const { return wrapped_store_eid_; }
  const std::string& display_name() const { return display_name_; }

  // False once the logon ended (IMSLogon::Logoff).
  bool valid() const { return valid_.load(); }
  void Invalidate() { valid_ = false; }

  // Records hr with its text for GetLastError and returns hr.
  HRESULT Fail(HRESULT hr, const std::string& text);
  // IMAPIProp::GetLastError for any object of this logon: the text of the
  // last failure when it had this HRESULT, else no MAPIERROR.
  HRESULT GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* out);

  // The support object, AddRef'd (release it), or null once the logon let
  // go of it.
  LPMAPISUP Support();
  // Hands over the logon's own reference (null if already given up).
  LPMAPISUP TakeSupport();

  // Whether StoreLogoffTransports ran for this logon; the first caller gets
  // false and marks it run.
  bool MarkTransportsLoggedOff();

  // Raises one object notification (fnevObjectCreated and so on) on the
  // store's and the folder's keys. Quiet when the logon has ended.
  void NotifyObject(ULONG event, ULONG kind, ULONG number, ULONG folder);
  // The outgoing queue changed: update the queue table's rows.
  void QueueChanged();
  // A view of the outgoing queue (live: it sees later submissions).
  HRESULT QueueView(LPMAPITABLE* out);

 private:
  const std::shared_ptr<StoreCore> core_;
  const Allocators alloc_;
  const std::vector<BYTE> wrapped_store_eid_;
  const std::string display_name_;
  std::atomic<bool> valid_{true};
  std::mutex mutex_;
  LPMAPISUP support_;                   // guarded by mutex_
  bool transports_logged_off_ = false;  // guarded by mutex_
  HRESULT last_hr_ = S_OK;              // guarded by mutex_
  std::string last_text_;               // guarded by mutex_
  LPTABLEDATA queue_ = nullptr;         // guarded by mutex_
};

// The computed (read-only) properties every object kind shows, and the rows
// of its tables.
void FolderComputed(const LogonState& logon, const FolderRecord& f, PropValues* out);
void MessageComputed(const LogonState& logon, const MessageRecord& m, PropValues* out);
// A table snapshot of `rows` (each with PR_INSTANCE_KEY), as a view.
HRESULT SnapshotView(const Allocators& alloc, const std::vector<PropValues*>& rows,
                     const SPropTagArray* columns, LPMAPITABLE* out);

// The objects behind an entry ID of this store (store, folder or message),
// as IMsgStore::OpenEntry and IMSLogon::OpenEntry open them. A null entry ID
// opens the root folder. MAPI_E_INVALID_ENTRYID for another store's entry
// ID, MAPI_E_NOT_FOUND / MAPI_E_CORRUPT_STORE (GetLastError has the file)
// for a message that is gone or damaged. The store entry ID is left to the
// caller (`store` answers it, AddRef'd; null: MAPI_E_NO_SUPPORT).
HRESULT OpenEntryInStore(const std::shared_ptr<LogonState>& logon, IMsgStore* store, ULONG cb,
                         LPENTRYID eid, LPCIID iid, ULONG flags, ULONG* obj_type, LPUNKNOWN* out);
HRESULT OpenFolderObject(const std::shared_ptr<LogonState>& logon, ULONG number, bool modify,
                         LPMAPIFOLDER* out);
HRESULT OpenMessageObject(const std::shared_ptr<LogonState>& logon, ULONG number, bool modify,
                          LPMESSAGE* out);
// A new message in `folder`, numbered at once, written at SaveChanges.
HRESULT NewMessageObject(const std::shared_ptr<LogonState>& logon, ULONG folder, LPMESSAGE* out);
// The message number of an open message of this store (0 if it is not one).
ULONG MessageNumberOf(const LogonState& logon, LPMESSAGE message);

// IUnknown and IMAPIProp over an IPropData (CreateIProp) that holds the
// stored properties, plus the computed ones from Computed(). SaveChanges
// runs Save(); objects that are not transacted (the store, folders) save at
// every SetProps / DeleteProps.
template <class I>
class PropObject : public I {
 public:
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)

  // AddRef unless the count already reached 0 (then 0: the object is going
  // away and must not be handed out again).
  ULONG AddRefIfLive() {
    ULONG n = refs_.load();
    while (n != 0) {
      if (refs_.compare_exchange_weak(n, n + 1)) return n + 1;
    }
    return 0;
  }

 protected:
  PropObject(std::shared_ptr<LogonState> logon, std::initializer_list<const IID*> iids,
             bool transacted);
  virtual ~PropObject();
  // Called once after construction: creates the property object and loads
  // `stored` into it.
  HRESULT Init(const nlohmann::json& stored);
  virtual void Computed(PropValues* out) = 0;
  virtual HRESULT Save(ULONG flags) = 0;
  // Runs when the count reaches 0.
  virtual void OnFinalRelease() { delete this; }
  // S_OK, or MAPI_E_INVALID_OBJECT once the logon ended or the object was
  // retired (Retire: a submitted message allows only Release).
  HRESULT Check() const;
  void Retire() { retired_ = true; }
  // The stored (not computed) properties as JSON.
  nlohmann::json StoredProps();
  bool IsComputed(ULONG tag);

  const std::shared_ptr<LogonState> logon_;
  LPPROPDATA props_ = nullptr;

 private:
  const std::vector<const IID*> iids_;
  const bool transacted_;
  std::atomic<ULONG> refs_{1};
  std::atomic<bool> retired_{false};
};

}  // namespace sample_store

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_STORE_OBJECTS_H_
