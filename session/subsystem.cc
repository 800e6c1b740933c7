#include "session/subsystem.h"

#include <algorithm>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "session/admin.h"
#include "session/findings.h"
#include "session/mapisvc_inf.h"
#include "session/profile_store.h"
#include "session/session_object.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

constexpr FLAGS kLogonFlags = MAPI_LOGON_UI | MAPI_NEW_SESSION | MAPI_ALLOW_OTHERS |
                              MAPI_EXPLICIT_PROFILE | MAPI_EXTENDED | MAPI_USE_DEFAULT |
                              MAPI_FORCE_DOWNLOAD | MAPI_SERVICE_UI_ALWAYS | MAPI_NO_MAIL |
                              MAPI_NT_SERVICE | MAPI_PASSWORD_UI | MAPI_TIMEOUT_SHORT |
                              MAPI_BG_SESSION | MAPI_UNICODE | MAPI_APP_PROFILE;

}  // namespace

Subsystem::Subsystem(SubsystemOptions options) : options_(std::move(options)) {}

Subsystem::~Subsystem() {
  std::vector<std::string> report = libraries_.UnloadUnused();
  for (const std::string& line : report) spdlog::warn("{}", line);
}

std::filesystem::path Subsystem::profiles_dir() const {
  if (options_.profiles_dir) return *options_.profiles_dir;
  absl::StatusOr<std::filesystem::path> dir = ProfileStore::DefaultDirectory();
  if (dir.ok()) return *dir;
  spdlog::warn("{}; using a temporary profile directory", std::string(dir.status().message()));
  return std::filesystem::temp_directory_path() / "mapi_emu" / "profiles";
}

std::filesystem::path Subsystem::mapisvc_path() const {
  if (options_.mapisvc) return *options_.mapisvc;
  return DefaultMapiSvcPath();
}

HRESULT Subsystem::Initialize(const void* init) {
  if (AfterFastShutdown("MAPIInitialize")) return MAPI_E_CALL_FAILED;
  if (init != nullptr) {
    const auto* mi = static_cast<const MAPIINIT_0*>(init);
    if (mi->ulVersion != MAPI_INIT_VERSION) return MAPI_E_INVALID_PARAMETER;
    constexpr ULONG kKnown = MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NO_COINIT | MAPI_NT_SERVICE;
    if (mi->ulFlags & ~kKnown) return MAPI_E_UNKNOWN_FLAGS;
  }
  absl::MutexLock lock(&mu_);
  ++init_count_;
  return S_OK;  // nested calls too (ruling 15)
}

bool Subsystem::AfterFastShutdown(const char* call) {
  {
    absl::MutexLock lock(&mu_);
    if (!fast_shut_down_) return false;
  }
  ReportFinding("process.calls-after-fast-shutdown", "client", call,
                "called after IMAPIClientShutdown::DoFastShutdown; ignored");
  return true;
}

void Subsystem::Uninitialize() {
  if (AfterFastShutdown("MAPIUninitialize")) return;
  std::vector<std::shared_ptr<SessionCore>> open;
  {
    absl::MutexLock lock(&mu_);
    if (init_count_ == 0) {
      ++unbalanced_;
      ReportFinding("process.init-balance", "client", "MAPIUninitialize",
                    "called more times than MAPIInitialize; ignored (ruling 15)");
      return;
    }
    if (--init_count_ > 0) return;
    for (SessionObject* s : sessions_) {
      if (std::find(open.begin(), open.end(), s->core()) == open.end()) open.push_back(s->core());
    }
  }
  // The last MAPIUninitialize: sessions the clients left open are logged off
  // (their objects stay valid as COM objects until released).
  for (const auto& core : open) {
    if (core->logged_off()) continue;
    spdlog::warn("MAPIUninitialize: {} was not logged off; logging it off", core->name());
    core->Logoff(0, 0, 0);
  }
  // FreeLibrary after the last MAPIUninitialize, never under a live object
  // (ruling 7): what holds a library back is reported.
  std::vector<HeldObject> held;
  std::vector<std::string> report = libraries_.UnloadUnused(&held);
  for (const std::string& line : report) spdlog::warn("{}", line);
  absl::MutexLock lock(&mu_);
  last_unload_report_ = std::move(report);
  last_held_objects_ = std::move(held);
}

std::vector<HeldObject> Subsystem::last_held_objects() const {
  absl::MutexLock lock(&mu_);
  return last_held_objects_;
}

bool Subsystem::fast_shut_down() const {
  absl::MutexLock lock(&mu_);
  return fast_shut_down_;
}

HRESULT Subsystem::FastShutdown(SessionCore::FastShutdownStep step) {
  if (AfterFastShutdown("IMAPIClientShutdown")) return MAPI_E_CALL_FAILED;
  std::vector<std::shared_ptr<SessionCore>> cores;
  {
    absl::MutexLock lock(&mu_);
    for (SessionObject* s : sessions_) {
      if (std::find(cores.begin(), cores.end(), s->core()) == cores.end()) {
        cores.push_back(s->core());
      }
    }
  }
  HRESULT result = S_OK;
  for (const auto& core : cores) {
    if (core->logged_off()) continue;
    HRESULT hr = core->FastShutdown(step);
    if (FAILED(hr)) result = hr;
  }
  if (step == SessionCore::FastShutdownStep::kDo) {
    absl::MutexLock lock(&mu_);
    fast_shut_down_ = true;
  }
  return result;
}

bool Subsystem::initialized() const {
  absl::MutexLock lock(&mu_);
  return init_count_ > 0;
}

int Subsystem::init_count() const {
  absl::MutexLock lock(&mu_);
  return init_count_;
}

int Subsystem::unbalanced_uninitializes() const {
  absl::MutexLock lock(&mu_);
  return unbalanced_;
}

std::vector<std::string> Subsystem::last_unload_report() const {
  absl::MutexLock lock(&mu_);
  return last_unload_report_;
}

void Subsystem::SessionGone(SessionObject* session) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(std::remove(sessions_.begin(), sessions_.end(), session), sessions_.end());
  if (shared_core_ != nullptr && shared_core_->logged_off()) shared_core_ = nullptr;
}

std::shared_ptr<SessionCore> Subsystem::CoreOf(const IMAPISession* session) {
  absl::MutexLock lock(&mu_);
  for (SessionObject* s : sessions_) {
    if (static_cast<const IMAPISession*>(s) == session) return s->core();
  }
  return nullptr;
}

std::vector<SessionObject*> Subsystem::OtherClients(const SessionObject* session) {
  absl::MutexLock lock(&mu_);
  std::vector<SessionObject*> out;
  for (SessionObject* s : sessions_) {
    if (s != session && s->core() == session->core()) out.push_back(s);
  }
  return out;
}

HRESULT Subsystem::LogonEx(ULONG_PTR ui_param, const std::string& profile_name, FLAGS flags,
                           LPMAPISESSION* out) {
  (void)ui_param;  // headless: no dialogs (MAPI_LOGON_UI is ignored)
  if (AfterFastShutdown("MAPILogonEx")) return MAPI_E_CALL_FAILED;
  if (!initialized()) return MAPI_E_NOT_INITIALIZED;
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~kLogonFlags) return MAPI_E_UNKNOWN_FLAGS;
  *out = nullptr;

  // Logons go through one lock; MAPI_TIMEOUT_SHORT refuses to wait.
  if (flags & MAPI_TIMEOUT_SHORT) {
    if (!logon_mu_.TryLock()) return MAPI_E_TIMEOUT;
  } else {
    logon_mu_.Lock();
  }
  absl::Cleanup unlock = [this] { logon_mu_.Unlock(); };

  auto admin_for = [this](const std::string& profile_used) {
    return [this, profile_used](ULONG, LPSERVICEADMIN* admin_out) -> HRESULT {
      absl::StatusOr<ComPtr<IMsgServiceAdmin>> admin = CreateMsgServiceAdmin(
          AdminContext{profiles_dir(), mapisvc_path(), &libraries_}, profile_used);
      if (!admin.ok()) return StatusToHresult(admin.status());
      *admin_out = admin->Detach();
      return S_OK;
    };
  };
  auto make_session = [&](std::shared_ptr<SessionCore> core, bool shared) {
    const std::string profile_used = core->profile_name();
    return MakeComObject<SessionObject>(
               std::move(core), [this](SessionObject* gone) { SessionGone(gone); },
               admin_for(profile_used), shared,
               [this](const SessionObject* self) { return OtherClients(self); },
               [this](SessionCore::FastShutdownStep step) { return FastShutdown(step); })
        .Detach();
  };
  if (!(flags & MAPI_NEW_SESSION)) {
    // Join the shared session, whatever profile is named (mapilogonex.md):
    // one more client of the same session, with its own session object.
    std::shared_ptr<SessionCore> shared;
    {
      absl::MutexLock lock(&mu_);
      if (shared_core_ != nullptr && !shared_core_->logged_off()) shared = shared_core_;
    }
    if (shared != nullptr) {
      shared->ClientJoined();
      SessionObject* session = make_session(shared, true);
      absl::MutexLock lock(&mu_);
      sessions_.push_back(session);
      *out = session;
      return S_OK;
    }
  }
  std::string name = profile_name;
  if (name.empty() && !(flags & MAPI_USE_DEFAULT) && (flags & MAPI_EXPLICIT_PROFILE)) {
    spdlog::error("MAPILogonEx: no profile name, MAPI_EXPLICIT_PROFILE and no MAPI_USE_DEFAULT");
    return MAPI_E_LOGON_FAILED;
  }
  if (name.size() > 64) {
    spdlog::error("MAPILogonEx: profile name longer than 64 characters");
    return MAPI_E_LOGON_FAILED;
  }
  absl::StatusOr<std::unique_ptr<SessionProfile>> profile = OpenStoredProfile(profiles_dir(), name);
  if (!profile.ok()) {
    spdlog::error("MAPILogonEx: {}", std::string(profile.status().message()));
    return MAPI_E_LOGON_FAILED;
  }
  ULONG number;
  {
    absl::MutexLock lock(&mu_);
    number = next_session_++;
  }
  SessionCore::Options session_options;
  session_options.logon_flags = flags;
  session_options.session_number = number;
  session_options.provider_wait = options_.provider_wait;
  session_options.spooler_mode = options_.spooler_mode;
  std::shared_ptr<SessionCore> core =
      SessionCore::Create(libraries_, *std::move(profile), session_options);
  core->Start();
  const bool shared = (flags & MAPI_ALLOW_OTHERS) != 0;
  SessionObject* session = make_session(core, shared);
  {
    absl::MutexLock lock(&mu_);
    sessions_.push_back(session);
    if (shared) shared_core_ = core;
  }
  *out = session;
  return S_OK;
}

Subsystem& ProcessSubsystem() {
  static Subsystem* subsystem = new Subsystem;
  return *subsystem;
}

}  // namespace mapi_emu
