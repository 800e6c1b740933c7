// SessionCore: the state and the work of one MAPI session — its provider
// objects and logons, the support object of each logon, the MAPIUID
// registry, the status table, the message stores table and the session's
// notifications. The client sees it through SessionObject (IMAPISession);
// providers reach it through their support objects (SupportHost), which hold
// it weakly, so a provider that outlives the session calls into nothing.
//
// Start order (logging-on-to-mapi.md): address-book providers log on when
// the session starts, stores when OpenMsgStore asks. Shutdown
// (IMAPISession::Logoff, ruling 27): stores, then address books, each in
// reverse logon order: logoff method, Release of the logon object, and when
// the provider object has no logon left, Shutdown and Release of it.
//
// Thread-safety: every method may be called from any thread. The session's
// lock is never held while a provider or an advise sink is called
// (re-entrancy is normal in MAPI: a provider calls its support object from
// inside Logon and Logoff).
#ifndef MAPI_EMU_SESSION_SESSION_CORE_H_
#define MAPI_EMU_SESSION_SESSION_CORE_H_

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/prop_array.h"
#include "mapix.h"
#include "session/last_error.h"
#include "session/notify_registry.h"
#include "session/provider_call.h"
#include "session/provider_library.h"
#include "session/session_profile.h"
#include "session/spooler/spooler.h"
#include "session/store_wrapper.h"
#include "session/support.h"
#include "session/uid_registry.h"
#include "status_table/table_data.h"

namespace mapi_emu {

// MAPI-owned MAPIUIDs that tag the entry IDs MAPI itself makes.
extern const MAPIUID kStatusEntryUid;  // status-table rows' PR_ENTRYID
extern const MAPIUID kStoreWrapUid;    // wrapped store entry IDs

class SessionCore final : public SupportHost, public std::enable_shared_from_this<SessionCore> {
 public:
  struct Options {
    FLAGS logon_flags = 0;  // MAPILogonEx flags
    ULONG session_number = 1;  // for names in logs
    // The bounded wait for a provider's logoff method or Shutdown
    // (provider_call.h); unset: DefaultProviderWait().
    std::optional<std::chrono::milliseconds> provider_wait;
    // How the session's spooler works (spooler.h); unset: DefaultSpoolerMode().
    std::optional<SpoolerMode> spooler_mode;
  };
  static std::shared_ptr<SessionCore> Create(LibraryRegistry& libraries,
                                             std::unique_ptr<SessionProfile> profile,
                                             Options options);
  ~SessionCore() override;

  // Logs on to the profile's address-book providers, then (unless the
  // session is MAPI_NO_MAIL) starts the spooler and logs on its transport
  // providers. A provider that fails
  // disables its service for the session (recorded, see ErrorsReturned());
  // the session still starts.
  void Start();

  // ---- Clients of a shared session (MAPI_ALLOW_OTHERS) ----
  // Each MAPILogonEx that joins the session is one more client.
  void ClientJoined();
  // A client logs off or releases its session object; true when it was the
  // last one (the session itself must log off then).
  bool ClientLeft();
  int clients() const;
  // MAPI_LOGOFF_SHARED: tells the session-level advise connections (outer
  // connection numbers) of the other clients with an error notification
  // (fnevCriticalError, MAPI_E_END_OF_SESSION) (ruling 14).
  void NotifyEndOfSession(const std::vector<ULONG_PTR>& connections);

  // ---- Fast shutdown (IMAPIClientShutdown, lifecycle.md §3.4) ----
  enum class FastShutdownStep { kQuery, kNotify, kDo };
  // Calls the step's IMAPIProviderShutdown method on every provider object
  // that exposes the interface, transports first, then address books, then
  // stores. kQuery returns MAPI_E_NO_SUPPORT when one of them does (a
  // provider without the interface does not object); the others S_OK. After
  // kDo no provider is called again: Logoff and the final Release leave
  // every object as it is.
  HRESULT FastShutdown(FastShutdownStep step);
  bool fast_shut_down() const;

  // The session's spooler; nullptr for a MAPI_NO_MAIL session. Its steps
  // (Spooler::RunStep) are how a scenario drives it in deterministic mode.
  Spooler* spooler() const { return spooler_.get(); }

  // ---- IMAPISession, as SessionObject forwards it ----
  HRESULT GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* out);
  HRESULT GetMsgStoresTable(ULONG flags, LPMAPITABLE* out);
  HRESULT OpenMsgStore(ULONG_PTR ui_param, ULONG cb, LPENTRYID entry_id, LPCIID iid,
                       ULONG flags, LPMDB* out);
  HRESULT GetStatusTable(ULONG flags, LPMAPITABLE* out);
  HRESULT OpenProfileSection(LPMAPIUID uid, LPCIID iid, ULONG flags, LPPROFSECT* out);
  HRESULT OpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags, ULONG* obj_type,
                    LPUNKNOWN* out);
  HRESULT CompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2, ULONG flags,
                          ULONG* result);
  HRESULT Advise(ULONG cb, LPENTRYID entry_id, ULONG event_mask, LPMAPIADVISESINK sink,
                 ULONG_PTR* connection);
  HRESULT Unadvise(ULONG_PTR connection);
  HRESULT QueryIdentity(ULONG* cb, LPENTRYID* entry_id);
  HRESULT Logoff(ULONG_PTR ui_param, ULONG flags, ULONG reserved);
  bool logged_off() const;

  // IAddrBook routing (AddressBook forwards here).
  HRESULT AbOpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags, ULONG* obj_type,
                      LPUNKNOWN* out);
  // Whether some address-book provider failed to log on (OpenAddressBook then
  // returns MAPI_W_ERRORS_RETURNED).
  bool ErrorsReturned() const;

  // ---- SupportHost ----
  HRESULT HostSetProviderUid(LogonId logon, const MAPIUID& uid) override;
  HRESULT HostModifyStatusRow(LogonId logon, const PropArray& columns, bool update) override;
  HRESULT HostOpenProfileSection(LogonId logon, const MAPIUID* uid, ULONG flags,
                                 LPPROFSECT* out) override;
  HRESULT HostOpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags, ULONG* obj_type,
                        LPUNKNOWN* out) override;
  HRESULT HostCompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2, ULONG flags,
                              ULONG* result) override;
  HRESULT HostStoreLogoffTransports(LogonId logon, ULONG* flags) override;
  void HostExtraSupportRelease(LogonId logon) override;
  HRESULT HostWrapStoreEntryID(LogonId logon, ULONG cb, LPENTRYID entry_id, ULONG* cb_wrapped,
                               LPENTRYID* wrapped) override;
  NotifyRegistry& HostNotifications() override { return notifications_; }
  void HostSupportReleased(LogonId logon) override;
  void HostCallAfterLogoff(LogonId logon, const char* method) override;
  HRESULT HostSpoolerNotify(LogonId logon, bool from_store, ULONG flags, void* data) override;
  HRESULT HostSpoolerYield(LogonId logon) override;
  HRESULT HostStatusRecips(LogonId logon, LPMESSAGE message, LPADRLIST recipients) override;

  // For tests and the status table: the session's data.
  const UidRegistry& uids() const { return uids_; }
  std::shared_ptr<TableData> status_data() const { return status_; }
  std::string name() const;
  std::string profile_name() const { return profile_->name(); }

 private:
  struct ProviderObject {
    ProviderKind kind;
    std::shared_ptr<LoadedLibrary> library;
    IUnknown* object = nullptr;  // MAPI's reference
    int live_logons = 0;
    bool abandoned = false;  // a call into it never returned: never released
  };
  struct Logon {
    LogonId id = 0;
    ProviderKind kind = ProviderKind::kStore;
    ProfileProvider provider;
    ProviderObject* provider_object = nullptr;
    Support* support = nullptr;   // memory owned by supports_
    IUnknown* logon_object = nullptr;  // MAPI's reference (IMSLogon/IABLogon/IXPLogon)
    IMsgStore* store = nullptr;        // not a reference: the client holds the store
    std::vector<BYTE> store_entry_id;  // the provider's own (unwrapped) entry ID
    std::vector<BYTE> spool_security;  // copied for the spooler (ruling 8)
    std::optional<ULONG> status_row;   // PR_ROWID of its status row
    bool established = false;          // the logon method returned S_OK
    bool ending = false;               // its end has begun (exactly once)
    std::shared_ptr<StoreState> store_state;  // stores: shutdown bookkeeping, the wrapper
    ULONG xp_flags = 0;                        // transports: TransportLogon's output flags
    std::vector<std::string> address_types;    // transports: from AddressTypes
  };

  SessionCore(LibraryRegistry& libraries, std::unique_ptr<SessionProfile> profile,
              Options options);

  std::string ProviderName(const ProfileProvider& p) const;
  ProviderContext Context(const ProfileProvider& p) const;
  // Finds or creates the session's provider object for p's library and kind.
  absl::StatusOr<ProviderObject*> ProviderFor(const ProfileProvider& p, ProviderKind kind);
  absl::Status LogonAddressBook(const ProfileProvider& p);
  absl::Status LogonAddressBookOnce(const ProfileProvider& p);
  absl::Status LogonTransport(const ProfileProvider& p);
  absl::Status LogonTransportOnce(const ProfileProvider& p);
  // "libtest_store.so (message store logon #2, session 1)"
  std::string LogonName(const Logon& logon) const;
  std::chrono::milliseconds ProviderWait() const;
  // The provider gave up its logon or provider object at MAPI's final
  // Release with references left (`remaining`), or MAPI abandoned it.
  void ReportHeld(LoadedLibrary& library, const std::string& kind, const std::string& owner,
                  ULONG remaining, const std::string& why);
  // MSG_SERVICE_CONFIGURE for p's service (the MAPI_E_UNCONFIGURED rule).
  HRESULT ConfigureService(const ProfileProvider& p);
  // Ends a logon once: UIDs, status row, and (when MAPI must) the logoff
  // method and Release of the logon object, then the provider's Shutdown
  // when it has no logon left. `call_logoff`: MAPI calls the logoff method
  // (session Logoff, store support release); false when the provider's own
  // logoff released the support object. `bounded`: the logoff method and
  // Shutdown run with the bounded wait (provider_call.h) — for the calls MAPI
  // makes on its own initiative (session Logoff); false when the logon ends
  // inside the provider's own call (its last Release of the support
  // object), where they run inline on that thread, as a provider that holds
  // a lock across that Release expects.
  void EndLogon(LogonId id, bool call_logoff, bool bounded);
  void RemoveStatusRow(Logon& logon);
  // The spooler's own logon on a store the client just opened
  // (IMSProvider::SpoolerLogon with the spool-security data), handed to the
  // spooler; a failure is logged and the store simply sends nothing.
  void SpoolerLogon(LogonId id, IMSProvider* provider, const ProfileProvider& p,
                    const ObjectOwner* owner, ULONG flags);
  void ReleaseProviderIfUnused(ProviderObject* provider, bool bounded);
  Logon* FindLogon(LogonId id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const ProfileProvider* FindProvider(const MAPIUID& provider_uid) const;
  std::vector<BYTE> WrapStoreEntryId(const MAPIUID& provider_uid,
                                     const std::vector<BYTE>& provider_entry_id) const;
  void BuildStoresTable();
  PropArray StoreRow(const ProfileProvider& p) const;
  void RefreshStoreRow(const MAPIUID& provider_uid);
  // The provider's profile section as it is now (providers_ is the logon's).
  std::optional<ProfileProvider> CurrentProvider(const MAPIUID& provider_uid) const;
  PropArray StatusRowFor(const Logon& logon, const PropArray& columns, ULONG row_id) const;
  void AddSubsystemRows();
  HRESULT Fail(const absl::Status& status);
  HRESULT CheckNotLoggedOff(const char* method);

  // Made by Start() (before any client sees the session), gone with the
  // session: read without the lock.
  std::unique_ptr<Spooler> spooler_;
  LibraryRegistry& libraries_;
  const std::unique_ptr<SessionProfile> profile_;
  const Options options_;
  const std::vector<ProfileProvider> providers_;
  const ObjectOwner owner_;

  UidRegistry uids_;
  NotifyRegistry notifications_;
  LastError last_error_;
  std::shared_ptr<TableData> status_;
  std::shared_ptr<TableData> stores_;

  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<ProviderObject>> provider_objects_ ABSL_GUARDED_BY(mu_);
  std::map<LogonId, Logon> logons_ ABSL_GUARDED_BY(mu_);
  // Names of ended logons, for diagnostics about calls made after the end.
  std::map<LogonId, std::string> ended_names_ ABSL_GUARDED_BY(mu_);
  std::vector<Support*> supports_ ABSL_GUARDED_BY(mu_);
  LogonId next_logon_ ABSL_GUARDED_BY(mu_) = 1;
  ULONG next_row_ ABSL_GUARDED_BY(mu_) = 1;
  bool logged_off_ ABSL_GUARDED_BY(mu_) = false;
  bool ab_errors_ ABSL_GUARDED_BY(mu_) = false;
  bool fast_shut_down_ ABSL_GUARDED_BY(mu_) = false;
  int clients_ ABSL_GUARDED_BY(mu_) = 1;
  // Session-level Advise connections: connection -> (logon, provider's
  // connection) for routed ones; 0 logon for the session's own.
  std::map<ULONG_PTR, std::pair<LogonId, ULONG_PTR>> advises_ ABSL_GUARDED_BY(mu_);
  ULONG_PTR next_advise_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SESSION_CORE_H_
