// Spooler: MAPI's spooler for one mail session (lifecycle.md §6, rulings 8
// and 11). It owns the session's transport logons once they are made and
// its own logon on each mail-enabled store (IMSProvider::SpoolerLogon), and
// it moves mail:
//   - outbound: the store's outgoing queue (GetOutgoingQueue, oldest first),
//     SetLockState(MSG_LOCKED), IXPLogon::SubmitMessage / EndMessage on the
//     transports that handle the recipients (by MAPIUID, then address type,
//     in profile order; MAPI_E_NOT_ME hands the message to the next one),
//     MAPI_E_BUSY retried, MAPI_E_WAIT / MAPI_E_NETWORK_ERROR deferred, an
//     NDR for recipients no transport takes, then FinishedMsg;
//   - inbound: Poll (LOGON_SP_POLL) or SpoolerNotify(NOTIFY_NEWMAIL), a new
//     message in the default store's receive folder, StartMessage, then
//     NotifyNewMail;
//   - FlushQueues (the spooler's status object, LOGOFF_PURGE), Idle
//     (LOGON_SP_IDLE), SpoolerNotify and SpoolerYield from providers;
//   - StoreLogoffTransports with each flag's documented meaning, and the
//     stop at session Logoff (NOTIFY_ABORT_DEFERRED when mail is left,
//     TransportNotify END, its references released).
//
// Modes: kThreaded (the default) works on its own thread, woken by queue
// notifications, SpoolerNotify and a poll timer. kDeterministic never works
// on its own: each step runs when RunStep is called (a scenario, a replayed
// trace, a test), on the caller's thread, so a run is the same every time.
//
// Nothing is lost: a message leaves the outgoing queue only through
// FinishedMsg after every recipient was handled (sent or reported in an
// NDR); every other outcome unlocks it and leaves it queued. A lock left by
// a spooler that died is undone the first time the queue is read.
//
// Thread-safety: every public method may be called from any thread. No lock
// of the spooler's is held while a provider is called except the step lock,
// which serialises the spooler's own work (one message at a time).
#ifndef MAPI_EMU_SESSION_SPOOLER_SPOOLER_H_
#define MAPI_EMU_SESSION_SPOOLER_SPOOLER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mapispi.h"
#include "session/uid_registry.h"

namespace mapi_emu {

enum class SpoolerMode { kThreaded, kDeterministic };
const char* SpoolerModeText(SpoolerMode mode);
// $MAPI_EMU_SPOOLER ("threaded" or "deterministic"), else kThreaded.
SpoolerMode DefaultSpoolerMode();

// A transport logon handed to the spooler (after TransportLogon and
// AddressTypes). The spooler takes over one reference to `logon`.
struct SpoolerTransport {
  LogonId id = 0;
  std::string name;  // for diagnostics
  IXPLogon* logon = nullptr;
  ULONG logon_flags = 0;  // TransportLogon's LOGON_SP_* output
  bool catch_all = false;  // AddressTypes gave no type array: every type
  std::vector<std::string> address_types;
  std::vector<MAPIUID> uids;
};

// The spooler's logon on a store (IMSProvider::SpoolerLogon). The spooler
// takes over one reference to each of `logon` and `store`.
struct SpoolerStore {
  LogonId id = 0;  // the client's logon of the same store
  std::string name;
  IMSLogon* logon = nullptr;
  IMsgStore* store = nullptr;
  bool default_store = false;  // receives inbound mail and NDRs
};

class Spooler {
 public:
  struct Options {
    SpoolerMode mode = SpoolerMode::kThreaded;
    // Threaded mode: how often transports with LOGON_SP_POLL are polled and
    // the queues re-read without a notification; $MAPI_EMU_SPOOLER_POLL_MS,
    // else 1000 ms.
    std::optional<std::chrono::milliseconds> poll_interval;
    std::string session_name;  // for diagnostics
  };
  enum class Step { kSendOne, kSendAll, kReceiveOne, kReceiveAll, kFlush, kIdle, kAll };
  struct Counts {
    int sent = 0;       // messages finished (FinishedMsg) after a transport sent them
    int ndr = 0;        // non-delivery reports made
    int deferred = 0;   // messages left queued for later (BUSY, WAIT, NETWORK_ERROR, RESEND)
    int received = 0;   // inbound messages saved into the receive folder
    int unlocked = 0;   // stale locks undone
  };

  explicit Spooler(Options options);
  ~Spooler();  // Stop()
  Spooler(const Spooler&) = delete;
  Spooler& operator=(const Spooler&) = delete;

  SpoolerMode mode() const { return options_.mode; }

  // A new transport logon: TransportNotify(NOTIFY_BEGIN_INBOUND |
  // NOTIFY_BEGIN_OUTBOUND) enables it (operational model step 5).
  void AddTransport(SpoolerTransport transport);
  void AddStore(SpoolerStore store);
  bool HasStore(LogonId store) const;

  // Runs one step now, on this thread (both modes); what it did.
  Counts RunStep(Step step);
  // Totals since the start.
  Counts totals() const;

  // ---- From providers (through their support objects) ----
  HRESULT SpoolerNotify(LogonId from, bool from_store, ULONG flags, void* data);
  // S_OK: nothing in mapi_emu cancels the message in progress.
  HRESULT SpoolerYield(LogonId from);
  // A transport's per-recipient report (StatusRecips): an NDR for the
  // recipients whose PR_REPORT_TEXT / PR_NDR_REASON_CODE says so.
  HRESULT StatusRecips(LogonId from, LPMESSAGE message, LPADRLIST recipients);
  // The spooler's status object: FlushQueues (FLUSH_UPLOAD / FLUSH_DOWNLOAD;
  // none means both), run now in deterministic mode and before this returns
  // in threaded mode unless FLUSH_ASYNC_OK.
  HRESULT FlushQueues(ULONG flags);
  // A transport raised NOTIFY_CRITICAL_ERROR: MAPI only releases it.
  bool CriticalError(LogonId transport) const;

  // ---- Store shutdown (lifecycle.md §3.2, §3.5) ----
  // IMAPISupport::StoreLogoffTransports for the store logon `store` with the
  // single input flag; returns the output flags (LOGOFF_COMPLETE when the
  // spooler released its store object).
  ULONG StoreLogoffTransports(LogonId store, ULONG flag);
  // The client's last reference to the store is going: the spooler lets go
  // of its own now (after the message in progress), without a flag.
  void ReleaseStore(LogonId store);

  // Session Logoff: the thread stops; the stores are released; each transport
  // gets NOTIFY_ABORT_DEFERRED (when mail is still queued) and
  // TransportNotify END, and its reference is released. MAPI logs the
  // transports off afterwards. Idempotent.
  void Stop();
  // After DoFastShutdown: the thread stops and nothing is called again, not
  // even Release (the objects are kept reachable and reported).
  void Abandon();

 private:
  struct TransportState {
    SpoolerTransport t;
    bool begun = false;
    bool critsec = false;
    bool critical_error = false;
    bool newmail = false;         // NOTIFY_NEWMAIL: StartMessage wanted
    bool released = false;
  };
  struct StoreState {
    SpoolerStore s;
    bool released = false;
    bool queue_failed = false;    // GetOutgoingQueue is not supported: no outbound
    bool recovered = false;       // stale locks undone
    bool inbound = true;          // reception on (NO_WAIT turns it off)
    LPMAPITABLE queue = nullptr;  // threaded mode: the advised queue table
    ULONG_PTR connection = 0;
    IMAPIAdviseSink* sink = nullptr;
  };
  struct QueuedMessage {
    std::vector<BYTE> entry_id;
    ULONG submit_flags = 0;
  };

  void Loop();
  void Wake();
  Counts StepLocked(Step step);
  bool SendOneLocked(Counts* counts);
  bool ReceiveOneLocked(Counts* counts);
  void FlushLocked(ULONG flags, Counts* counts);
  void IdleLocked();
  // The queue of `store`, oldest first; false when it cannot be read.
  bool ReadQueue(StoreState& store, std::vector<QueuedMessage>* out);
  bool SendMessage(StoreState& store, const QueuedMessage& m, Counts* counts);
  void MakeNdr(const std::string& subject, const std::vector<std::string>& recipients,
               const std::string& why);
  StoreState* DefaultStore();
  // The stores the spooler still has a logon on (taken under mu_).
  std::vector<StoreState*> LiveStores();
  void ReleaseStoreLocked(StoreState& store);
  int QueuedCount();
  bool StoreBusy(LogonId store, bool* inbound) const;
  void AdviseQueue(StoreState& store);

  const Options options_;
  std::chrono::milliseconds poll_interval_;

  // Serialises the spooler's work (its steps, StoreLogoffTransports, Stop).
  std::recursive_mutex step_mu_;
  // Guards the fields below and the flags in the states.
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<TransportState>> transports_;
  std::vector<std::unique_ptr<StoreState>> stores_;
  struct Deferral {
    std::chrono::steady_clock::time_point until;  // threaded mode
    uint64_t step = 0;                            // the step that deferred it
  };
  std::map<std::vector<BYTE>, Deferral> deferred_;
  uint64_t step_no_ = 0;
  std::optional<LogonId> busy_out_;  // store whose message a transport has now
  std::optional<LogonId> busy_in_;   // store receiving now
  Counts totals_;
  bool stopping_ = false;
  bool stopped_ = false;
  bool woken_ = false;
  bool flush_requested_ = false;
  ULONG flush_flags_ = 0;
  std::thread thread_;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SPOOLER_SPOOLER_H_
