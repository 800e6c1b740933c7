// Support: MAPI's IMAPISupport object, one per provider logon (spec §2.6),
// specialised by kind. A provider receives it as lpMAPISup in its logon
// method (or in its service entry, for the configuration kind) and calls
// back into MAPI through it.
//
// What each kind implements (imapisupportiunknown.md); every other method
// returns MAPI_E_NO_SUPPORT and logs once:
//   all provider kinds: GetLastError, GetMemAllocRoutines, Subscribe,
//     Unsubscribe, Notify, ModifyStatusRow, OpenProfileSection, NewUID,
//     MakeInvalid, OpenEntry, CompareEntryIDs;
//   store and AB: SetProviderUID;
//   store: StoreLogoffTransports, WrapStoreEntryID, SpoolerNotify,
//     PrepareSubmit;
//   transport: SpoolerNotify, SpoolerYield, StatusRecips;
//   configuration (service entries): GetLastError, GetMemAllocRoutines,
//     OpenProfileSection, NewUID, MakeInvalid, GetSvcConfigSupportObj.
//
// Its reference count is observable by the subsystem: when the provider's
// last reference goes (OnFinalRelease) the host is told, which is what ends a
// store logon (ruling 2). The object is not destroyed then: its memory
// belongs to the session, so a provider that releases it once too often gets
// a diagnostic, not a crash. Calls after the logon ended, or after the
// session went away, return MAPI_E_INVALID_OBJECT (also diagnosed).
// Thread-safe.
#ifndef MAPI_EMU_SESSION_SUPPORT_H_
#define MAPI_EMU_SESSION_SUPPORT_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/prop_array.h"
#include "mapispi.h"
#include "session/last_error.h"
#include "session/notify_registry.h"
#include "session/uid_registry.h"

namespace mapi_emu {

enum class SupportKind { kAddressBook, kStore, kTransport, kConfiguration };
const char* SupportKindText(SupportKind kind);

// What a support object needs from its session. Implemented by the session;
// every method may be called on any thread and without locks held.
class SupportHost {
 public:
  virtual ~SupportHost() = default;
  virtual HRESULT HostSetProviderUid(LogonId logon, const MAPIUID& uid) = 0;
  // columns as the provider passed them; update = STATUSROW_UPDATE.
  virtual HRESULT HostModifyStatusRow(LogonId logon, const PropArray& columns, bool update) = 0;
  // uid NULL: the provider's own section.
  virtual HRESULT HostOpenProfileSection(LogonId logon, const MAPIUID* uid, ULONG flags,
                                         LPPROFSECT* out) = 0;
  virtual HRESULT HostOpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags,
                                ULONG* obj_type, LPUNKNOWN* out) = 0;
  virtual HRESULT HostCompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2,
                                      ULONG flags, ULONG* result) = 0;
  virtual HRESULT HostStoreLogoffTransports(LogonId logon, ULONG* flags) = 0;
  virtual HRESULT HostWrapStoreEntryID(LogonId logon, ULONG cb, LPENTRYID entry_id,
                                       ULONG* cb_wrapped, LPENTRYID* wrapped) = 0;
  virtual NotifyRegistry& HostNotifications() = 0;
  // The provider released its last reference to the support object.
  virtual void HostSupportReleased(LogonId logon) = 0;
  // A method was called after the logon ended (diagnostic only).
  virtual void HostCallAfterLogoff(LogonId logon, const char* method) = 0;
  // A Release arrived with the count already at 0 (diagnostic only).
  virtual void HostExtraSupportRelease(LogonId logon) = 0;
  // The spooler's part (lifecycle.md §6.3): SpoolerNotify from a store or a
  // transport, SpoolerYield and StatusRecips from a transport.
  virtual HRESULT HostSpoolerNotify(LogonId logon, bool from_store, ULONG flags, void* data) = 0;
  virtual HRESULT HostSpoolerYield(LogonId logon) = 0;
  virtual HRESULT HostStatusRecips(LogonId logon, LPMESSAGE message, LPADRLIST recipients) = 0;
};

class Support final : public ComObject<IMAPISupport> {
 public:
  // `owner` accounts for the object (the provider library's owner).
  Support(SupportKind kind, LogonId logon, std::weak_ptr<SupportHost> host,
          std::string provider_name, const ObjectOwner* owner);

  SupportKind kind() const { return kind_; }
  LogonId logon() const { return logon_; }
  // After this, every call but AddRef/Release returns MAPI_E_INVALID_OBJECT.
  void EndLogon() { ended_ = true; }
  bool ended() const { return ended_; }
  // The support object of the spooler's logon on a store (SpoolerLogon): its
  // final release does not end the logon (the client's logon does that).
  void MarkSpoolerLogon() { spooler_logon_ = true; }
  // Whether the provider's final release has happened.
  bool released() const { return final_released_; }
  // The session lets go of the object's memory: it is deleted now if the
  // provider has released it, else at the provider's last Release. Until
  // then it stays valid (every call but AddRef/Release failing once ended).
  // Call once, instead of deleting the object.
  void Orphan();

  // Traced (provider>mapi) when tracing is on; the counts recorded leave
  // out MAPI's own reference while it holds it.
  STDMETHODIMP_(ULONG) AddRef() override;
  STDMETHODIMP_(ULONG) Release() override;
  // MAPI drops the reference the object was made with (not a provider's
  // Release: not traced). Call once, instead of Release.
  void ReleaseMapiReference();

  MAPI_IMAPISUPPORT_METHODS(IMPL)

 protected:
  void OnFinalRelease() override;
  void OnExtraRelease() override;

 private:
  // Returns MAPI_E_NO_SUPPORT (logged once per method) when this kind lacks it,
  // MAPI_E_INVALID_OBJECT after the logon ended; S_OK to go on.
  HRESULT Check(const char* method, bool supported);
  std::shared_ptr<SupportHost> Host();

  const SupportKind kind_;
  const LogonId logon_;
  const std::weak_ptr<SupportHost> host_;
  const std::string provider_name_;
  // Deletes the object once both orphaned_ and final_released_ are set;
  // whichever side sets the second flag does it, exactly once.
  void DeleteIfDone();

  std::atomic<bool> mapi_ref_{true};  // MAPI still holds the reference it made
  std::atomic<bool> ended_{false};
  std::atomic<bool> spooler_logon_{false};
  std::atomic<bool> final_released_{false};
  std::atomic<bool> orphaned_{false};
  std::atomic<bool> deleting_{false};
  LastError last_error_;
  absl::Mutex mu_;
  std::map<std::string, bool> logged_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SUPPORT_H_
