#include "session/spooler/spooler.h"

#include <strings.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_util.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "session/findings.h"
#include "session/provider_call.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

// A bound on the loops a misbehaving provider could make endless (a transport
// that always has "one more" message, a queue that never empties).
constexpr int kMaxLoop = 10000;
// END_RESEND_NOW: tried again at once, this many times, then deferred.
constexpr int kResendNow = 3;

BufferAllocator& Alloc() { return ProcessBufferAllocator(); }

thread_local const Spooler* t_in_step = nullptr;

class InStep {
 public:
  explicit InStep(const Spooler* s) : prev_(t_in_step) { t_in_step = s; }
  ~InStep() { t_in_step = prev_; }

 private:
  const Spooler* prev_;
};

// Calls a provider method, turning an escaped exception into an HRESULT.
template <typename F>
HRESULT Call(const std::string& who, const char* method, F&& f) {
  return GuardAbi(absl::StrCat(who, ": ", method), std::forward<F>(f));
}

// Object kinds in traces: the spooler's transport logons and its own store
// objects (from IMSProvider::SpoolerLogon).
constexpr const char* kXpLogonKind = "XPLogon";
using tracing::kStoreKind;
constexpr const char* kMsLogonKind = "MSLogon";

nlohmann::json NotifyFlags(ULONG flags) {
  return tracing::Flags(flags, trace::TransportNotifyFlags());
}

// MAPI's Release of a provider object it holds, traced with the count left.
void TracedRelease(const std::string& who, const char* method, IUnknown* object, const char* kind) {
  tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release", object, kind);
  ULONG left = 0;
  (void)Call(who, method, [&] {
    left = object->Release();
    return S_OK;
  });
  traced.ReturnCount(left);
  if (left == 0) tracing::Forget(object);
}

// TransportNotify from the spooler, traced with the flags in and out.
HRESULT TracedNotify(const SpoolerTransport& t, ULONG* flags, void** data) {
  tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "TransportNotify", t.logon,
                             kXpLogonKind, [&] {
                               return nlohmann::json{{"flags", NotifyFlags(*flags)}};
                             });
  HRESULT hr = Call(t.name, "IXPLogon::TransportNotify",
                    [&] { return t.logon->TransportNotify(flags, data); });
  return traced.Return(hr, [&] { return nlohmann::json{{"flags", NotifyFlags(*flags)}}; });
}

// One table's rows, all of them (QueryRows until empty).
bool AllRows(LPMAPITABLE table, const std::vector<ULONG>& tags, std::vector<SRowSet*>* out) {
  std::vector<BYTE> buf(CbNewSPropTagArray(tags.size()));
  auto* columns = reinterpret_cast<LPSPropTagArray>(buf.data());
  columns->cValues = static_cast<ULONG>(tags.size());
  for (size_t i = 0; i < tags.size(); ++i) columns->aulPropTag[i] = tags[i];
  if (FAILED(table->SetColumns(columns, 0))) return false;
  if (FAILED(table->SeekRow(BOOKMARK_BEGINNING, 0, nullptr))) return false;
  for (int i = 0; i < kMaxLoop; ++i) {
    LPSRowSet rows = nullptr;
    if (FAILED(table->QueryRows(100, 0, &rows))) return false;
    if (rows == nullptr) return true;
    if (rows->cRows == 0) {
      FreeRows(rows, Alloc());
      return true;
    }
    out->push_back(rows);
  }
  return true;
}

void FreeAll(std::vector<SRowSet*>& sets) {
  for (SRowSet* s : sets) FreeRows(s, Alloc());
  sets.clear();
}

std::vector<BYTE> Binary(const SPropValue* v) {
  if (v == nullptr || PROP_TYPE(v->ulPropTag) != PT_BINARY || v->Value.bin.lpb == nullptr) return {};
  return {v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb};
}

std::string String8(const SPropValue* v) {
  if (v == nullptr || PROP_TYPE(v->ulPropTag) != PT_STRING8 || v->Value.lpszA == nullptr) {
    return {};
  }
  return v->Value.lpszA;
}

std::string Subject(IMAPIProp* message) {
  SPropValue* v = nullptr;
  std::string subject;
  if (SUCCEEDED(GetOneProp(message, PR_SUBJECT_A, &v, Alloc()))) subject = String8(v);
  if (v != nullptr) Alloc().Free(v);
  return subject;
}

struct Recipient {
  std::string address_type;
  std::string address;  // PR_EMAIL_ADDRESS or PR_DISPLAY_NAME
  std::vector<BYTE> entry_id;
};

bool ReadRecipients(LPMESSAGE message, std::vector<Recipient>* out) {
  LPMAPITABLE table = nullptr;
  if (FAILED(message->GetRecipientTable(0, &table)) || table == nullptr) return false;
  std::vector<SRowSet*> sets;
  bool ok = AllRows(table, {PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_DISPLAY_NAME_A, PR_ENTRYID},
                    &sets);
  for (SRowSet* s : sets) {
    for (ULONG r = 0; r < s->cRows; ++r) {
      const SRow& row = s->aRow[r];
      Recipient rc;
      rc.address_type = String8(FindProp(row.lpProps, row.cValues, PR_ADDRTYPE_A));
      rc.address = String8(FindProp(row.lpProps, row.cValues, PR_EMAIL_ADDRESS_A));
      if (rc.address.empty()) rc.address = String8(FindProp(row.lpProps, row.cValues, PR_DISPLAY_NAME_A));
      rc.entry_id = Binary(FindProp(row.lpProps, row.cValues, PR_ENTRYID));
      out->push_back(std::move(rc));
    }
  }
  FreeAll(sets);
  table->Release();
  return ok;
}

// Whether transport `t` handles recipient `r`: its MAPIUIDs first (the
// entry ID's bytes 4..19), then its address types (case-insensitive), then
// catch-all (ixplogon-addresstypes.md).
bool Handles(const SpoolerTransport& t, const Recipient& r) {
  if (r.entry_id.size() >= 4 + sizeof(MAPIUID)) {
    for (const MAPIUID& uid : t.uids) {
      if (std::memcmp(r.entry_id.data() + 4, uid.ab, sizeof uid.ab) == 0) return true;
    }
  }
  for (const std::string& type : t.address_types) {
    if (!type.empty() && strcasecmp(type.c_str(), r.address_type.c_str()) == 0) return true;
  }
  return t.catch_all;
}

// The queue table's notifications wake the threaded spooler.
class QueueSink final : public ComObject<IMAPIAdviseSink> {
 public:
  explicit QueueSink(std::function<void()> wake) : wake_(std::move(wake)) {}
  STDMETHODIMP_(ULONG) OnNotify(ULONG, LPNOTIFICATION) override {
    wake_();
    return 0;
  }

 private:
  std::function<void()> wake_;
};

std::chrono::milliseconds DefaultPollInterval() {
  if (const char* v = std::getenv("MAPI_EMU_SPOOLER_POLL_MS"); v != nullptr && *v != 0) {
    char* end = nullptr;
    long ms = std::strtol(v, &end, 10);
    if (end != nullptr && *end == 0 && ms > 0) return std::chrono::milliseconds(ms);
    spdlog::warn("MAPI_EMU_SPOOLER_POLL_MS='{}' is not a positive number of milliseconds; "
                 "using 1000",
                 v);
  }
  return std::chrono::milliseconds(1000);
}

}  // namespace

const char* SpoolerModeText(SpoolerMode mode) {
  return mode == SpoolerMode::kThreaded ? "threaded" : "deterministic";
}

SpoolerMode DefaultSpoolerMode() {
  const char* v = std::getenv("MAPI_EMU_SPOOLER");
  if (v == nullptr || *v == 0 || std::strcmp(v, "threaded") == 0) return SpoolerMode::kThreaded;
  if (std::strcmp(v, "deterministic") == 0) return SpoolerMode::kDeterministic;
  spdlog::warn("MAPI_EMU_SPOOLER='{}' is neither 'threaded' nor 'deterministic'; using threaded",
               v);
  return SpoolerMode::kThreaded;
}

Spooler::Spooler(Options options)
    : options_(std::move(options)),
      poll_interval_(options_.poll_interval ? *options_.poll_interval : DefaultPollInterval()) {
  if (options_.mode == SpoolerMode::kThreaded) thread_ = std::thread([this] { Loop(); });
}

Spooler::~Spooler() { Stop(); }

void Spooler::AddTransport(SpoolerTransport transport) {
  std::lock_guard<std::recursive_mutex> step(step_mu_);
  auto state = std::make_unique<TransportState>();
  state->t = std::move(transport);
  TransportState* t = state.get();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) {
      // Too late: the spooler is gone; the reference goes back at once.
      TracedRelease(t->t.name, "IXPLogon::Release", t->t.logon, kXpLogonKind);
      return;
    }
    transports_.push_back(std::move(state));
  }
  // Operational model step 5: sending and receiving on.
  ULONG flags = NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND;
  void* data = nullptr;
  tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "TransportNotify", t->t.logon,
                             kXpLogonKind, [&] {
                               return nlohmann::json{{"flags", NotifyFlags(flags)}};
                             });
  HRESULT hr = Call(t->t.name, "IXPLogon::TransportNotify",
                    [&] { return t->t.logon->TransportNotify(&flags, &data); });
  traced.Return(hr, [&] { return nlohmann::json{{"flags", NotifyFlags(flags)}}; });
  if (flags != (NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND)) {
    ReportFinding("transport.notify-flags", t->t.name, "IXPLogon::TransportNotify",
                  absl::StrCat("changed the flags to 0x", absl::Hex(flags),
                               "; they must come back unchanged"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  t->begun = SUCCEEDED(hr);
  if (FAILED(hr)) {
    spdlog::warn("{}: IXPLogon::TransportNotify(NOTIFY_BEGIN_INBOUND|NOTIFY_BEGIN_OUTBOUND) "
                 "returned {}; the spooler does not use this transport",
                 t->t.name, HresultName(hr));
  }
  woken_ = true;
  cv_.notify_all();
}

void Spooler::AddStore(SpoolerStore store) {
  auto state = std::make_unique<StoreState>();
  state->s = std::move(store);
  StoreState* s = state.get();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) {
      TracedRelease(s->s.name, "IMsgStore::Release", s->s.store, kStoreKind);
      TracedRelease(s->s.name, "IMSLogon::Release", s->s.logon, kMsLogonKind);
      return;
    }
    stores_.push_back(std::move(state));
  }
  if (options_.mode == SpoolerMode::kThreaded) {
    std::lock_guard<std::recursive_mutex> step(step_mu_);
    AdviseQueue(*s);
  }
  Wake();
}

bool Spooler::HasStore(LogonId id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& s : stores_) {
    if (s->s.id == id && !s->released) return true;
  }
  return false;
}

void Spooler::AdviseQueue(StoreState& s) {
  LPMAPITABLE table = nullptr;
  tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "GetOutgoingQueue", s.s.store,
                             kStoreKind, [] {
                               return nlohmann::json{{"flags", 0}};
                             });
  HRESULT hr = traced.Return(Call(s.s.name, "IMsgStore::GetOutgoingQueue",
                                  [&] { return s.s.store->GetOutgoingQueue(0, &table); }));
  if (FAILED(hr) || table == nullptr) return;  // read and reported by the first step
  auto sink = MakeComObject<QueueSink>([this] { Wake(); });
  ULONG_PTR connection = 0;
  if (FAILED(table->Advise(fnevTableModified, sink.get(), &connection))) {
    table->Release();
    return;
  }
  s.queue = table;
  s.connection = connection;
  s.sink = sink.Detach();
}

void Spooler::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  woken_ = true;
  cv_.notify_all();
}

void Spooler::Loop() {
  // The spooler's own thread, by this name in traces.
  trace::TraceRecorder::SetCurrentThreadName("spooler");
  for (;;) {
    bool flush = false;
    ULONG flush_flags = 0;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, poll_interval_, [this] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
      flush = flush_requested_;
      flush_flags = flush_flags_;
      flush_requested_ = false;
    }
    if (flush) (void)FlushQueues(flush_flags);
    RunStep(Step::kAll);
  }
}

Spooler::Counts Spooler::RunStep(Step step) {
  std::lock_guard<std::recursive_mutex> lock(step_mu_);
  {
    std::lock_guard<std::mutex> state(mu_);
    if (stopped_) return {};
  }
  InStep in(this);
  {
    std::lock_guard<std::mutex> state(mu_);
    ++step_no_;
  }
  Counts c = StepLocked(step);
  std::lock_guard<std::mutex> state(mu_);
  totals_.sent += c.sent;
  totals_.ndr += c.ndr;
  totals_.deferred += c.deferred;
  totals_.received += c.received;
  totals_.unlocked += c.unlocked;
  return c;
}

Spooler::Counts Spooler::totals() const {
  std::lock_guard<std::mutex> lock(mu_);
  return totals_;
}

Spooler::Counts Spooler::StepLocked(Step step) {
  Counts c;
  switch (step) {
    case Step::kSendOne:
      SendOneLocked(&c);
      break;
    case Step::kSendAll:
      for (int i = 0; i < kMaxLoop && SendOneLocked(&c); ++i) {
      }
      break;
    case Step::kReceiveOne:
      ReceiveOneLocked(&c);
      break;
    case Step::kReceiveAll:
      for (int i = 0; i < kMaxLoop && ReceiveOneLocked(&c); ++i) {
      }
      break;
    case Step::kFlush:
      FlushLocked(0, &c);
      break;
    case Step::kIdle:
      IdleLocked();
      break;
    case Step::kAll: {
      bool worked = false;
      for (int i = 0; i < kMaxLoop && SendOneLocked(&c); ++i) worked = true;
      for (int i = 0; i < kMaxLoop && ReceiveOneLocked(&c); ++i) worked = true;
      if (!worked) IdleLocked();
      break;
    }
  }
  return c;
}

// ---- Outbound -----------------------------------------------------------------

bool Spooler::ReadQueue(StoreState& s, std::vector<QueuedMessage>* out) {
  if (s.queue_failed) return false;
  LPMAPITABLE table = nullptr;
  tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "GetOutgoingQueue", s.s.store,
                             kStoreKind, [] {
                               return nlohmann::json{{"flags", 0}};
                             });
  HRESULT hr = traced.Return(Call(s.s.name, "IMsgStore::GetOutgoingQueue",
                                  [&] { return s.s.store->GetOutgoingQueue(0, &table); }));
  if (FAILED(hr) || table == nullptr) {
    // A store without an outgoing queue sends nothing; said once.
    s.queue_failed = true;
    spdlog::info("{}: IMsgStore::GetOutgoingQueue returned {}; the spooler sends nothing from "
                 "this store",
                 s.s.name, HresultName(FAILED(hr) ? hr : MAPI_E_CALL_FAILED));
    return false;
  }
  // Oldest first (outgoing-queue-tables.md): the spooler sorts.
  SSortOrderSet order{};
  order.cSorts = 1;
  order.aSort[0].ulPropTag = PR_CLIENT_SUBMIT_TIME;
  order.aSort[0].ulOrder = TABLE_SORT_ASCEND;
  (void)table->SortTable(&order, 0);
  std::vector<SRowSet*> sets;
  bool ok = AllRows(table, {PR_ENTRYID, PR_SUBMIT_FLAGS}, &sets);
  for (SRowSet* set : sets) {
    for (ULONG r = 0; r < set->cRows; ++r) {
      const SRow& row = set->aRow[r];
      QueuedMessage m;
      m.entry_id = Binary(FindProp(row.lpProps, row.cValues, PR_ENTRYID));
      if (const SPropValue* f = FindProp(row.lpProps, row.cValues, PR_SUBMIT_FLAGS);
          f != nullptr && PROP_TYPE(f->ulPropTag) == PT_LONG) {
        m.submit_flags = f->Value.ul;
      }
      if (!m.entry_id.empty()) out->push_back(std::move(m));
    }
  }
  FreeAll(sets);
  table->Release();
  return ok;
}

std::vector<Spooler::StoreState*> Spooler::LiveStores() {
  std::vector<StoreState*> stores;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& s : stores_) {
    if (!s->released) stores.push_back(s.get());
  }
  return stores;
}

bool Spooler::SendOneLocked(Counts* counts) {
  const std::vector<StoreState*> stores = LiveStores();
  for (StoreState* s : stores) {
    std::vector<QueuedMessage> queue;
    if (!ReadQueue(*s, &queue)) continue;
    if (!s->recovered) {
      // A lock no living spooler holds (the process that took it died):
      // undone, so the message is sent now (nothing lost).
      s->recovered = true;
      for (QueuedMessage& m : queue) {
        if (!(m.submit_flags & SUBMITFLAG_LOCKED)) continue;
        ULONG type = 0;
        LPUNKNOWN unk = nullptr;
        tracing::TracedCall traced_open(tracing::kMapiToProvider, "IMsgStore", "OpenEntry",
                                        s->s.store, kStoreKind);
        if (SUCCEEDED(traced_open.Return(s->s.store->OpenEntry(
                static_cast<ULONG>(m.entry_id.size()),
                reinterpret_cast<LPENTRYID>(m.entry_id.data()), nullptr, MAPI_BEST_ACCESS, &type,
                &unk))) &&
            unk != nullptr) {
          tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "SetLockState",
                                     s->s.store, kStoreKind, [] {
                                       return nlohmann::json{{"lock_state", "MSG_UNLOCKED"}};
                                     });
          if (SUCCEEDED(traced.Return(
                  s->s.store->SetLockState(static_cast<LPMESSAGE>(unk), MSG_UNLOCKED)))) {
            m.submit_flags &= ~SUBMITFLAG_LOCKED;
            ++counts->unlocked;
            spdlog::info("{}: a queued message locked by an earlier spooler was unlocked",
                         s->s.name);
          }
          unk->Release();
        }
      }
    }
    for (const QueuedMessage& m : queue) {
      if (m.submit_flags & SUBMITFLAG_LOCKED) continue;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto d = deferred_.find(m.entry_id);
        if (d != deferred_.end()) {
          // Not again in the step that deferred it; in threaded mode not
          // before its time either (deterministic mode has no clock).
          if (d->second.step == step_no_ ||
              (options_.mode == SpoolerMode::kThreaded &&
               std::chrono::steady_clock::now() < d->second.until)) {
            continue;
          }
          deferred_.erase(d);
        }
      }
      SendMessage(*s, m, counts);
      return true;
    }
  }
  return false;
}

bool Spooler::SendMessage(StoreState& s, const QueuedMessage& m, Counts* counts) {
  const ULONG cb = static_cast<ULONG>(m.entry_id.size());
  auto* eid = reinterpret_cast<LPENTRYID>(const_cast<BYTE*>(m.entry_id.data()));
  auto open = [&]() -> LPMESSAGE {
    ULONG type = 0;
    LPUNKNOWN unk = nullptr;
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "OpenEntry", s.s.store,
                               kStoreKind);
    HRESULT hr = traced.Return(Call(s.s.name, "IMsgStore::OpenEntry", [&] {
      return s.s.store->OpenEntry(cb, eid, nullptr, MAPI_BEST_ACCESS, &type, &unk);
    }));
    if (FAILED(hr) || unk == nullptr) {
      spdlog::warn("{}: the queued message could not be opened ({})", s.s.name, HresultName(hr));
      return nullptr;
    }
    return static_cast<LPMESSAGE>(unk);
  };
  auto defer = [&](std::chrono::seconds after) {
    std::lock_guard<std::mutex> lock(mu_);
    deferred_[m.entry_id] = {std::chrono::steady_clock::now() + after, step_no_};
    ++counts->deferred;
  };
  LPMESSAGE message = open();
  if (message == nullptr) {
    defer(std::chrono::seconds(60));
    return false;
  }
  HRESULT hr;
  {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "SetLockState", s.s.store,
                               kStoreKind, [] {
                                 return nlohmann::json{{"lock_state", "MSG_LOCKED"}};
                               });
    hr = traced.Return(Call(s.s.name, "IMsgStore::SetLockState",
                            [&] { return s.s.store->SetLockState(message, MSG_LOCKED); }));
  }
  if (FAILED(hr)) {
    message->Release();
    defer(std::chrono::seconds(1));
    return false;
  }
  auto unlock = [&](LPMESSAGE msg) {
    // Back in the queue, unlocked: sent later (nothing lost).
    LPMESSAGE target = msg != nullptr ? msg : open();
    if (target != nullptr) {
      tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "SetLockState", s.s.store,
                                 kStoreKind, [] {
                                   return nlohmann::json{{"lock_state", "MSG_UNLOCKED"}};
                                 });
      traced.Return(Call(s.s.name, "IMsgStore::SetLockState",
                         [&] { return s.s.store->SetLockState(target, MSG_UNLOCKED); }));
      if (msg == nullptr) target->Release();
    }
  };
  const std::string subject = Subject(message);
  std::vector<Recipient> recipients;
  ReadRecipients(message, &recipients);
  std::vector<bool> done(recipients.size(), false);

  std::vector<TransportState*> transports;
  std::vector<const SpoolerTransport*> down;  // after NOTIFY_CRITICAL_ERROR
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : transports_) {
      if (t->released) continue;
      if (t->begun && !t->critical_error) {
        transports.push_back(t.get());
      } else {
        down.push_back(&t->t);
      }
    }
    busy_out_ = s.s.id;
  }
  auto finish_busy = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    busy_out_.reset();
  };
  for (TransportState* t : transports) {
    std::vector<size_t> mine;
    for (size_t i = 0; i < recipients.size(); ++i) {
      if (!done[i] && Handles(t->t, recipients[i])) mine.push_back(i);
    }
    if (mine.empty()) continue;
    for (int attempt = 0;; ++attempt) {
      if (message == nullptr) message = open();
      if (message == nullptr) {
        finish_busy();
        unlock(nullptr);
        defer(std::chrono::seconds(60));
        return false;
      }
      ULONG_PTR ref = 0;  // the spooler starts the reference at 0
      // A value no transport sets, so a WAIT without a wait time shows.
      constexpr ULONG_PTR kUnset = ~ULONG_PTR{0};
      ULONG_PTR retry_after = kUnset;
      // The trace's msg_ref is MAPI's own: the spooler's step number, which
      // pairs SubmitMessage with its EndMessage and does not depend on what
      // the transport chose.
      uint64_t traced_ref = 0;
      if (tracing::On()) {
        std::lock_guard<std::mutex> lock(mu_);
        traced_ref = step_no_;
      }
      {
        tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "SubmitMessage",
                                   t->t.logon, kXpLogonKind, [&] {
                                     return nlohmann::json{{"flags", 0}, {"msg_ref", traced_ref}};
                                   });
        hr = traced.Return(Call(t->t.name, "IXPLogon::SubmitMessage", [&] {
          return t->t.logon->SubmitMessage(0, message, &ref, &retry_after);
        }));
      }
      if ((hr == MAPI_E_WAIT || hr == MAPI_E_NETWORK_ERROR) && retry_after == kUnset) {
        ReportFinding("transport.submit-return-parm", t->t.name, "IXPLogon::SubmitMessage",
                      absl::StrCat(HresultName(hr),
                                   " without *lpulReturnParm; the spooler waits 60 s"));
        retry_after = 60;
      } else if (retry_after == kUnset) {
        retry_after = 0;
      }
      if (hr == MAPI_E_NOT_ME) break;  // the next transport that takes these recipients
      if (FAILED(hr)) {
        // Released without saving (ixplogon-submitmessage.md), unlocked, and
        // left in the queue for a later step.
        message->Release();
        message = nullptr;
        finish_busy();
        unlock(nullptr);
        if (hr == MAPI_E_BUSY) {
          defer(std::chrono::seconds(0));
        } else if (hr == MAPI_E_WAIT || hr == MAPI_E_NETWORK_ERROR) {
          defer(std::chrono::seconds(std::min<ULONG_PTR>(retry_after, 3600)));
        } else {
          spdlog::warn("{}: IXPLogon::SubmitMessage returned {}; the message stays queued",
                       t->t.name, HresultName(hr));
          defer(std::chrono::seconds(60));
        }
        return false;
      }
      ULONG end = 0;
      {
        tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "EndMessage", t->t.logon,
                                   kXpLogonKind, [&] {
                                     return nlohmann::json{{"msg_ref", traced_ref}};
                                   });
        hr = Call(t->t.name, "IXPLogon::EndMessage",
                  [&] { return t->t.logon->EndMessage(ref, &end); });
        traced.Return(hr, [&] { return nlohmann::json{{"flags", end}}; });
      }
      // After EndMessage the message object is no longer the transport's to
      // use; the spooler opens it again for the next transport.
      message->Release();
      message = nullptr;
      if (FAILED(hr) || (end & END_RESEND_LATER) ||
          ((end & END_RESEND_NOW) && attempt + 1 >= kResendNow)) {
        finish_busy();
        unlock(nullptr);
        defer(std::chrono::seconds(FAILED(hr) ? 60 : 1));
        return false;
      }
      if (end & END_RESEND_NOW) continue;
      for (size_t i : mine) done[i] = true;  // sent, or END_DONT_RESEND: handled
      break;
    }
  }
  finish_busy();
  for (size_t i = 0; i < recipients.size(); ++i) {
    for (const SpoolerTransport* t : down) {
      if (done[i] || !Handles(*t, recipients[i])) continue;
      // Its transport is out of order: the message waits (no NDR, nothing
      // lost) until a transport takes it.
      if (message != nullptr) message->Release();
      unlock(nullptr);
      defer(std::chrono::seconds(60));
      return false;
    }
  }
  std::vector<std::string> undelivered;
  for (size_t i = 0; i < recipients.size(); ++i) {
    if (!done[i]) {
      undelivered.push_back(
          absl::StrCat(recipients[i].address_type, ":", recipients[i].address));
    }
  }
  if (!undelivered.empty()) {
    MakeNdr(subject, undelivered, "no transport of this session handles these recipients");
    ++counts->ndr;
  }
  if (message != nullptr) {
    message->Release();
    message = nullptr;
  }
  {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "FinishedMsg", s.s.store,
                               kStoreKind, [] {
                                 return nlohmann::json{{"flags", 0}};
                               });
    hr = traced.Return(Call(s.s.name, "IMsgStore::FinishedMsg",
                            [&] { return s.s.store->FinishedMsg(0, cb, eid); }));
  }
  if (FAILED(hr)) {
    spdlog::warn("{}: IMsgStore::FinishedMsg returned {}", s.s.name, HresultName(hr));
    unlock(nullptr);
    return false;
  }
  ++counts->sent;
  return true;
}

Spooler::StoreState* Spooler::DefaultStore() {
  std::lock_guard<std::mutex> lock(mu_);
  StoreState* first = nullptr;
  for (auto& s : stores_) {
    if (s->released || !s->inbound) continue;
    if (s->s.default_store) return s.get();
    if (first == nullptr) first = s.get();
  }
  return first;
}

namespace {

// The default store's receive folder for IPM messages, opened for writing.
LPMAPIFOLDER OpenReceiveFolder(const std::string& who, IMsgStore* store, std::vector<BYTE>* id) {
  ULONG cb = 0;
  LPENTRYID eid = nullptr;
  LPTSTR explicit_class = nullptr;
  HRESULT hr = S_OK;
  {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "GetReceiveFolder", store,
                               kStoreKind);
    hr = traced.Return(Call(who, "IMsgStore::GetReceiveFolder", [&] {
      return store->GetReceiveFolder(reinterpret_cast<LPTSTR>(const_cast<char*>("IPM.Note")), 0,
                                     &cb, &eid, &explicit_class);
    }));
  }
  if (FAILED(hr) || eid == nullptr) return nullptr;
  id->assign(reinterpret_cast<BYTE*>(eid), reinterpret_cast<BYTE*>(eid) + cb);
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "OpenEntry", store,
                               kStoreKind);
    hr = traced.Return(store->OpenEntry(cb, eid, nullptr, MAPI_MODIFY, &type, &unk));
  }
  Alloc().Free(eid);
  if (explicit_class != nullptr) Alloc().Free(explicit_class);
  if (FAILED(hr) || unk == nullptr) return nullptr;
  return static_cast<LPMAPIFOLDER>(unk);
}

std::set<std::vector<BYTE>> MessageIds(LPMAPIFOLDER folder) {
  std::set<std::vector<BYTE>> ids;
  LPMAPITABLE table = nullptr;
  if (FAILED(folder->GetContentsTable(0, &table)) || table == nullptr) return ids;
  std::vector<SRowSet*> sets;
  AllRows(table, {PR_ENTRYID}, &sets);
  for (SRowSet* set : sets) {
    for (ULONG r = 0; r < set->cRows; ++r) {
      ids.insert(Binary(FindProp(set->aRow[r].lpProps, set->aRow[r].cValues, PR_ENTRYID)));
    }
  }
  FreeAll(sets);
  table->Release();
  return ids;
}

}  // namespace

void Spooler::MakeNdr(const std::string& subject, const std::vector<std::string>& recipients,
                      const std::string& why) {
  StoreState* s = DefaultStore();
  const std::string text = absl::StrCat("Your message could not be delivered to ",
                                        absl::StrJoin(recipients, ", "), ": ", why, ".");
  spdlog::warn("{}: non-delivery report for '{}': {}", options_.session_name, subject, text);
  if (s == nullptr) return;
  std::vector<BYTE> folder_id;
  LPMAPIFOLDER folder = OpenReceiveFolder(s->s.name, s->s.store, &folder_id);
  if (folder == nullptr) return;
  LPMESSAGE ndr = nullptr;
  if (SUCCEEDED(folder->CreateMessage(nullptr, 0, &ndr)) && ndr != nullptr) {
    const std::string ndr_subject = absl::StrCat("Undeliverable: ", subject);
    SPropValue v[3]{};
    v[0].ulPropTag = PR_MESSAGE_CLASS_A;
    v[0].Value.lpszA = const_cast<char*>("REPORT.IPM.Note.NDR");
    v[1].ulPropTag = PR_SUBJECT_A;
    v[1].Value.lpszA = const_cast<char*>(ndr_subject.c_str());
    v[2].ulPropTag = PR_BODY_A;
    v[2].Value.lpszA = const_cast<char*>(text.c_str());
    LPSPropProblemArray problems = nullptr;
    if (SUCCEEDED(ndr->SetProps(3, v, &problems))) (void)ndr->SaveChanges(0);
    if (problems != nullptr) Alloc().Free(problems);
    ndr->Release();
  }
  folder->Release();
}

// ---- Inbound ------------------------------------------------------------------

bool Spooler::ReceiveOneLocked(Counts* counts) {
  std::vector<TransportState*> transports;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : transports_) {
      if (t->begun && !t->critical_error && !t->released) transports.push_back(t.get());
    }
  }
  for (TransportState* t : transports) {
    bool incoming;
    bool critsec;
    {
      std::lock_guard<std::mutex> lock(mu_);
      incoming = t->newmail;
      critsec = t->critsec;
    }
    if (!incoming && (t->t.logon_flags & LOGON_SP_POLL) && !critsec) {
      ULONG waiting = 0;
      tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "Poll", t->t.logon,
                                 kXpLogonKind);
      HRESULT hr = Call(t->t.name, "IXPLogon::Poll", [&] { return t->t.logon->Poll(&waiting); });
      traced.Return(hr, [&] { return nlohmann::json{{"incoming", waiting}}; });
      incoming = SUCCEEDED(hr) && waiting != 0;
    }
    if (!incoming) continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      t->newmail = false;
    }
    StoreState* s = DefaultStore();
    if (s == nullptr) {
      spdlog::warn("{}: inbound mail waits: no store receives it", t->t.name);
      return false;
    }
    std::vector<BYTE> folder_id;
    LPMAPIFOLDER folder = OpenReceiveFolder(s->s.name, s->s.store, &folder_id);
    if (folder == nullptr) {
      spdlog::warn("{}: inbound mail waits: the receive folder of {} cannot be opened",
                   t->t.name, s->s.name);
      return false;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_in_ = s->s.id;
    }
    const std::set<std::vector<BYTE>> before = MessageIds(folder);
    LPMESSAGE message = nullptr;
    HRESULT hr = folder->CreateMessage(nullptr, 0, &message);
    if (SUCCEEDED(hr) && message != nullptr) {
      ULONG_PTR ref = 1;  // the spooler starts the inbound reference at 1
      tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "StartMessage", t->t.logon,
                                 kXpLogonKind, [] {
                                   return nlohmann::json{{"flags", 0}};
                                 });
      hr = traced.Return(Call(t->t.name, "IXPLogon::StartMessage",
                              [&] { return t->t.logon->StartMessage(0, message, &ref); }));
      message->Release();
    }
    // SaveChanges inside StartMessage delivered it; otherwise nothing came.
    std::vector<BYTE> new_id;
    for (const std::vector<BYTE>& id : MessageIds(folder)) {
      if (!before.contains(id)) new_id = id;
    }
    folder->Release();
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_in_.reset();
    }
    if (FAILED(hr)) {
      spdlog::warn("{}: IXPLogon::StartMessage returned {}", t->t.name, HresultName(hr));
    }
    if (new_id.empty()) continue;
    ++counts->received;
    NOTIFICATION n{};
    n.ulEventType = fnevNewMail;
    n.info.newmail.cbEntryID = static_cast<ULONG>(new_id.size());
    n.info.newmail.lpEntryID = reinterpret_cast<LPENTRYID>(new_id.data());
    n.info.newmail.cbParentID = static_cast<ULONG>(folder_id.size());
    n.info.newmail.lpParentID = reinterpret_cast<LPENTRYID>(folder_id.data());
    n.info.newmail.lpszMessageClass = reinterpret_cast<LPTSTR>(const_cast<char*>("IPM.Note"));
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMsgStore", "NotifyNewMail", s->s.store,
                               kStoreKind);
    traced.Return(
        Call(s->s.name, "IMsgStore::NotifyNewMail", [&] { return s->s.store->NotifyNewMail(&n); }));
    return true;
  }
  return false;
}

void Spooler::IdleLocked() {
  std::vector<TransportState*> transports;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : transports_) {
      if (t->begun && !t->critical_error && !t->released && !t->critsec &&
          (t->t.logon_flags & LOGON_SP_IDLE)) {
        transports.push_back(t.get());
      }
    }
  }
  for (TransportState* t : transports) {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "Idle", t->t.logon,
                               kXpLogonKind, [] {
                                 return nlohmann::json{{"flags", nlohmann::json::array()}};
                               });
    traced.Return(Call(t->t.name, "IXPLogon::Idle", [&] { return t->t.logon->Idle(0); }));
  }
}

// The flush protocol (implementing-the-flushqueues-method.md), once per
// transport in transport order.
void Spooler::FlushLocked(ULONG flags, Counts* counts) {
  const bool both = (flags & (FLUSH_UPLOAD | FLUSH_DOWNLOAD)) == 0;
  const bool up = both || (flags & FLUSH_UPLOAD);
  const bool down = both || (flags & FLUSH_DOWNLOAD);
  const ULONG pass = (flags & (FLUSH_FORCE | FLUSH_NO_UI)) | (up ? FLUSH_UPLOAD : 0) |
                     (down ? FLUSH_DOWNLOAD : 0);
  std::vector<TransportState*> transports;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : transports_) {
      if (t->begun && !t->critical_error && !t->released) transports.push_back(t.get());
    }
  }
  for (TransportState* t : transports) {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IXPLogon", "FlushQueues", t->t.logon,
                               kXpLogonKind, [&] {
                                 return nlohmann::json{{"flags", pass}};
                               });
    HRESULT hr = traced.Return(Call(t->t.name, "IXPLogon::FlushQueues",
                                    [&] { return t->t.logon->FlushQueues(0, 0, nullptr, pass); }));
    if (FAILED(hr)) continue;
    if (up) {
      for (int i = 0; i < kMaxLoop && SendOneLocked(counts); ++i) {
      }
      ULONG end = NOTIFY_END_OUTBOUND_FLUSH;
      void* data = nullptr;
      TracedNotify(t->t, &end, &data);
    }
    if (down) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        t->newmail = true;  // a flush receives what is waiting
      }
      for (int i = 0; i < kMaxLoop && ReceiveOneLocked(counts); ++i) {
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        t->newmail = false;
      }
      ULONG end = NOTIFY_END_INBOUND_FLUSH;
      void* data = nullptr;
      TracedNotify(t->t, &end, &data);
    }
  }
}

HRESULT Spooler::FlushQueues(ULONG flags) {
  if (flags & ~(FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  if (options_.mode == SpoolerMode::kThreaded && (flags & FLUSH_ASYNC_OK) &&
      t_in_step != this) {
    std::lock_guard<std::mutex> lock(mu_);
    flush_requested_ = true;
    flush_flags_ = flags & ~FLUSH_ASYNC_OK;
    woken_ = true;
    cv_.notify_all();
    return S_OK;
  }
  std::lock_guard<std::recursive_mutex> step(step_mu_);
  InStep in(this);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++step_no_;
  }
  Counts c;
  FlushLocked(flags & ~FLUSH_ASYNC_OK, &c);
  std::lock_guard<std::mutex> lock(mu_);
  totals_.sent += c.sent;
  totals_.received += c.received;
  totals_.deferred += c.deferred;
  totals_.ndr += c.ndr;
  return S_OK;
}

// ---- From providers -----------------------------------------------------------

HRESULT Spooler::SpoolerNotify(LogonId from, bool from_store, ULONG flags, void*) {
  constexpr ULONG kTransportFlags = NOTIFY_NEWMAIL | NOTIFY_READYTOSEND | NOTIFY_SENTDEFERRED |
                                    NOTIFY_CRITSEC | NOTIFY_NONCRIT | NOTIFY_CONFIG_CHANGE |
                                    NOTIFY_CRITICAL_ERROR;
  constexpr ULONG kStoreFlags = NOTIFY_READYTOSEND | NOTIFY_NEWMAIL_RECEIVED;
  const ULONG allowed = from_store ? kStoreFlags : kTransportFlags;
  if (flags == 0 || (flags & ~allowed) ||
      ((flags & NOTIFY_SENTDEFERRED) && (flags & NOTIFY_CRITICAL_ERROR))) {
    ReportFinding("spooler.notify-flags", absl::StrCat("logon #", from),
                  "IMAPISupport::SpoolerNotify",
                  absl::StrCat("flags 0x", absl::Hex(flags), " are not allowed from a ",
                               from_store ? "store" : "transport"));
    return MAPI_E_INVALID_PARAMETER;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!from_store) {
    for (auto& t : transports_) {
      if (t->t.id != from) continue;
      if (flags & NOTIFY_CRITSEC) t->critsec = true;
      if (flags & NOTIFY_NONCRIT) t->critsec = false;
      if (flags & NOTIFY_NEWMAIL) t->newmail = true;
      if (flags & NOTIFY_CRITICAL_ERROR) {
        // imapisupport-spoolernotify.md: from now on MAPI only releases it.
        t->critical_error = true;
        spdlog::error("{}: NOTIFY_CRITICAL_ERROR; the spooler makes no further call to this "
                      "transport but its release",
                      t->t.name);
      }
    }
  }
  woken_ = true;
  cv_.notify_all();
  return S_OK;
}

HRESULT Spooler::SpoolerYield(LogonId) {
  // MAPI_W_CANCEL_MESSAGE would come from a user cancelling the message in
  // progress; mapi_emu has no such interface, so the transport just goes on.
  return S_OK;
}

HRESULT Spooler::StatusRecips(LogonId from, LPMESSAGE message, LPADRLIST recipients) {
  if (message == nullptr || recipients == nullptr) return MAPI_E_INVALID_PARAMETER;
  std::vector<std::string> failed;
  for (ULONG i = 0; i < recipients->cEntries; ++i) {
    const ADRENTRY& e = recipients->aEntries[i];
    std::string name = String8(FindProp(e.rgPropVals, e.cValues, PR_DISPLAY_NAME_A));
    if (name.empty()) name = String8(FindProp(e.rgPropVals, e.cValues, PR_EMAIL_ADDRESS_A));
    failed.push_back(name);
  }
  std::string who;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : transports_) {
      if (t->t.id == from) who = t->t.name;
    }
  }
  MakeNdr(Subject(message), failed, absl::StrCat("reported by ", who));
  // The ADRLIST is the transport's to hand over: MAPI frees it (imapisupport-statusrecips.md).
  FreeAdrList(recipients, Alloc());
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++totals_.ndr;
  }
  return S_OK;
}

bool Spooler::CriticalError(LogonId transport) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& t : transports_) {
    if (t->t.id == transport) return t->critical_error;
  }
  return false;
}

// ---- Store shutdown -------------------------------------------------------------

bool Spooler::StoreBusy(LogonId store, bool* inbound) const {
  *inbound = busy_in_ && *busy_in_ == store;
  return busy_out_ && *busy_out_ == store;
}

int Spooler::QueuedCount() {
  int n = 0;
  const std::vector<StoreState*> stores = LiveStores();
  for (StoreState* s : stores) {
    std::vector<QueuedMessage> q;
    if (ReadQueue(*s, &q)) n += static_cast<int>(q.size());
  }
  return n;
}

ULONG Spooler::StoreLogoffTransports(LogonId id, ULONG flag) {
  // ABORT and QUIET must not wait for the message in progress: "if activity
  // is in progress, the logoff does not happen".
  std::unique_lock<std::recursive_mutex> step(step_mu_, std::defer_lock);
  if (flag == LOGOFF_ABORT || flag == LOGOFF_QUIET) {
    if (!step.try_lock()) {
      std::lock_guard<std::mutex> lock(mu_);
      bool inbound = false;
      bool outbound = StoreBusy(id, &inbound);
      if (outbound || inbound) {
        return (outbound ? LOGOFF_OUTBOUND : 0) | (inbound ? LOGOFF_INBOUND : 0);
      }
      // Busy with another store: this one is idle; wait for the step.
    }
  }
  if (!step.owns_lock()) step.lock();
  InStep in(this);
  StoreState* s = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++step_no_;
    for (auto& st : stores_) {
      if (st->s.id == id && !st->released) s = st.get();
    }
    if (s == nullptr) return LOGOFF_COMPLETE;  // the spooler has no logon on it
  }
  Counts c;
  switch (flag) {
    case LOGOFF_NO_WAIT:
    case LOGOFF_PURGE: {
      // Ready outbound mail is sent; the default store receives what is in
      // progress, then reception stops. PURGE flushes the transports first.
      if (flag == LOGOFF_PURGE) {
        FlushLocked(0, &c);
      } else {
        for (int i = 0; i < kMaxLoop && SendOneLocked(&c); ++i) {
        }
        for (int i = 0; i < kMaxLoop && ReceiveOneLocked(&c); ++i) {
        }
      }
      std::lock_guard<std::mutex> lock(mu_);
      s->inbound = false;
      break;
    }
    case LOGOFF_QUIET: {
      std::vector<QueuedMessage> q;
      if (ReadQueue(*s, &q) && !q.empty()) return LOGOFF_OUTBOUND_QUEUE;
      break;
    }
    default:  // ORDERLY: the message in progress has finished (the step lock); ABORT: idle
      break;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    totals_.sent += c.sent;
    totals_.received += c.received;
    totals_.deferred += c.deferred;
    totals_.ndr += c.ndr;
  }
  std::vector<QueuedMessage> left;
  const bool queued = ReadQueue(*s, &left) && !left.empty();
  ReleaseStoreLocked(*s);
  return LOGOFF_COMPLETE | (queued ? LOGOFF_OUTBOUND_QUEUE : 0);
}

void Spooler::ReleaseStoreLocked(StoreState& s) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (s.released) return;
    s.released = true;
  }
  if (s.queue != nullptr) {
    (void)s.queue->Unadvise(s.connection);
    s.queue->Release();
    s.queue = nullptr;
  }
  if (s.sink != nullptr) {
    s.sink->Release();
    s.sink = nullptr;
  }
  TracedRelease(s.s.name, "IMsgStore::Release", s.s.store, kStoreKind);
  TracedRelease(s.s.name, "IMSLogon::Release", s.s.logon, kMsLogonKind);
}

void Spooler::ReleaseStore(LogonId id) {
  std::lock_guard<std::recursive_mutex> step(step_mu_);
  StoreState* s = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& st : stores_) {
      if (st->s.id == id && !st->released) s = st.get();
    }
  }
  if (s != nullptr) ReleaseStoreLocked(*s);
}

void Spooler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  std::lock_guard<std::recursive_mutex> step(step_mu_);
  const int queued = QueuedCount();
  std::vector<StoreState*> stores;
  std::vector<TransportState*> transports;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    for (auto& s : stores_) stores.push_back(s.get());
    for (auto& t : transports_) transports.push_back(t.get());
  }
  for (StoreState* s : stores) ReleaseStoreLocked(*s);
  // Operational model steps 8-9 (§3.5): sending and receiving off, then the
  // references go. After NOTIFY_CRITICAL_ERROR only the release.
  for (TransportState* t : transports) {
    if (t->released) continue;
    t->released = true;
    if (t->begun && !t->critical_error) {
      void* data = nullptr;
      if (queued > 0) {
        ULONG abort = NOTIFY_ABORT_DEFERRED;
        TracedNotify(t->t, &abort, &data);
      }
      ULONG end = NOTIFY_END_INBOUND | NOTIFY_END_OUTBOUND;
      TracedNotify(t->t, &end, &data);
    }
    TracedRelease(t->t.name, "IXPLogon::Release", t->t.logon, kXpLogonKind);
  }
}

void Spooler::Abandon() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  std::lock_guard<std::recursive_mutex> step(step_mu_);
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  for (auto& s : stores_) {
    if (s->released) continue;
    s->released = true;
    AbandonObject(s->s.store, absl::StrCat("the spooler's store of ", s->s.name,
                                           " (after DoFastShutdown)"));
    AbandonObject(s->s.logon, absl::StrCat("the spooler's logon of ", s->s.name,
                                           " (after DoFastShutdown)"));
    if (s->queue != nullptr) AbandonObject(s->queue, "the spooler's outgoing queue table");
    if (s->sink != nullptr) AbandonObject(s->sink, "the spooler's queue advise sink");
  }
  for (auto& t : transports_) {
    if (t->released) continue;
    t->released = true;
    AbandonObject(t->t.logon, absl::StrCat("the spooler's transport ", t->t.name,
                                           " (after DoFastShutdown)"));
  }
}

}  // namespace mapi_emu
