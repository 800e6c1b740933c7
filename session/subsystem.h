// Subsystem: MAPI's per-process state (design.md §2.6) — the
// MAPIInitialize reference count, the provider libraries, the sessions and
// where profiles and MAPISVC.INF live. The exported C functions
// (MAPIInitialize, MAPIUninitialize, MAPILogonEx, MAPIAdminProfiles) route to
// ProcessSubsystem(); tests construct their own Subsystem.
//
// Thread-safe. Logons are serialised by one logon lock (mapilogonex.md);
// MAPI_TIMEOUT_SHORT fails with MAPI_E_TIMEOUT instead of waiting for it.
#ifndef MAPI_EMU_SESSION_SUBSYSTEM_H_
#define MAPI_EMU_SESSION_SUBSYSTEM_H_

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "mapix.h"
#include "session/provider_library.h"
#include "session/session_core.h"
#include "session/session_profile.h"

namespace mapi_emu {

class SessionObject;

struct SubsystemOptions {
  // Where profile files live; unset: $MAPI_EMU_PROFILES, else the per-user
  // directory (docs/profiles.md).
  std::optional<std::filesystem::path> profiles_dir;
  // The MAPISVC.INF to read; unset: $MAPI_EMU_MAPISVC, else the installed one.
  std::optional<std::filesystem::path> mapisvc;
  // The bounded wait for a provider's logoff method or Shutdown; unset:
  // $MAPI_EMU_PROVIDER_WAIT_MS, else 30 s (provider_call.h).
  std::optional<std::chrono::milliseconds> provider_wait;
  // How each mail session's spooler works; unset: $MAPI_EMU_SPOOLER, else
  // threaded (session/spooler/spooler.h).
  std::optional<SpoolerMode> spooler_mode;
};

class Subsystem {
 public:
  explicit Subsystem(SubsystemOptions options = {});
  Subsystem(const Subsystem&) = delete;
  Subsystem& operator=(const Subsystem&) = delete;
  ~Subsystem();

  // MAPIInitialize: lpMapiInit may be NULL or a MAPIINIT_0 whose ulVersion is
  // MAPI_INIT_VERSION (else MAPI_E_INVALID_PARAMETER) and whose flags are
  // among MAPI_MULTITHREAD_NOTIFICATIONS, MAPI_NO_COINIT, MAPI_NT_SERVICE
  // (else MAPI_E_UNKNOWN_FLAGS). Adds one to the count; nested calls S_OK.
  HRESULT Initialize(const void* init);
  // MAPIUninitialize: one less; at zero, the sessions still open are logged
  // off and the provider libraries unloaded (held back, and reported, while
  // an object they made is alive). With the count at zero: a diagnosed no-op.
  void Uninitialize();
  bool initialized() const;
  int init_count() const;
  // MAPIUninitialize calls made with the count already at zero.
  int unbalanced_uninitializes() const;

  // MAPILogonEx, with the profile name already in UTF-8 (or empty).
  HRESULT LogonEx(ULONG_PTR ui_param, const std::string& profile_name, FLAGS flags,
                  LPMAPISESSION* out);
  // MAPIAdminProfiles.
  HRESULT AdminProfiles(ULONG flags, LPPROFADMIN* out);

  LibraryRegistry& libraries() { return libraries_; }
  std::filesystem::path profiles_dir() const;
  std::filesystem::path mapisvc_path() const;
  // Lines reported by the last unload (libraries held back).
  std::vector<std::string> last_unload_report() const;
  // The same report, structured: each object that held a library back.
  std::vector<HeldObject> last_held_objects() const;
  // IMAPIClientShutdown, for every session of the process: the step on
  // each session in logon order. After kDo the subsystem is finished: any
  // later call (MAPIUninitialize included) is reported and does nothing.
  HRESULT FastShutdown(SessionCore::FastShutdownStep step);
  bool fast_shut_down() const;
  // The core of a session object this subsystem handed out (nullptr for any
  // other pointer): how MAPIEmuSpoolerStep reaches the session's spooler.
  std::shared_ptr<SessionCore> CoreOf(const IMAPISession* session);

 private:
  void SessionGone(SessionObject* session);
  std::vector<SessionObject*> OtherClients(const SessionObject* session);
  // Reports a call made after DoFastShutdown; true when that happened.
  bool AfterFastShutdown(const char* call);

  const SubsystemOptions options_;
  LibraryRegistry libraries_;
  absl::Mutex logon_mu_;  // serialises logons (mapilogonex.md)
  mutable absl::Mutex mu_;
  int init_count_ ABSL_GUARDED_BY(mu_) = 0;
  int unbalanced_ ABSL_GUARDED_BY(mu_) = 0;
  ULONG next_session_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<SessionObject*> sessions_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<SessionCore> shared_core_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> last_unload_report_ ABSL_GUARDED_BY(mu_);
  std::vector<HeldObject> last_held_objects_ ABSL_GUARDED_BY(mu_);
  bool fast_shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

// The process's subsystem (never destroyed: shutdown is MAPIUninitialize).
Subsystem& ProcessSubsystem();

// Opens the stored profile `name` (empty: the default profile) for a
// session: kNotFound naming the profile and directory when there is none.
absl::StatusOr<std::unique_ptr<SessionProfile>> OpenStoredProfile(
    const std::filesystem::path& profiles_dir, const std::string& name);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SUBSYSTEM_H_
