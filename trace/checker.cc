#include "trace/checker.h"

#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mapi_emu/base/hresult.h"

namespace mapi_emu::trace {
namespace {

using Json = nlohmann::json;

constexpr const char* kRuleIds[] = {
    "trace.return-matches-call",
    "process.init-balance",
    "process.calls-after-fast-shutdown",
    "session.calls-after-logoff",
    "load.entry-point-kind",
    "load.one-provider-per-session",
    "library.free-after-objects",
    "logon.addrefs-support",
    "store.storelogoff-one-flag",
    "store.slt-one-flag",
    "store.slt-once",
    "store.slt-abort-on-release",
    "store.slt-same-flag",
    "store.calls-after-logoff-complete",
    "store.final-release-order",
    "logoff.zero-flags",
    "logoff.succeeds",
    "logoff.releases-support",
    "logon.released-at-logoff",
    "support.release-balance",
    "support.calls-after-logoff",
    "shutdown.no-live-logons",
    "shutdown.once",
    "shutdown.release-follows",
    "shutdown.succeeds",
    "provider.calls-after-shutdown",
    "provider.released-at-shutdown",
    "transport.calls-after-logoff",
    "transport.addresstypes-first",
    "transport.poll-idle-flags",
    "transport.submit-endmessage",
    "transport.notify-flags",
};

constexpr std::string_view kInputLogoffFlags[] = {"LOGOFF_ABORT", "LOGOFF_NO_WAIT",
                                                  "LOGOFF_ORDERLY", "LOGOFF_PURGE", "LOGOFF_QUIET"};

bool Succeeded(const Event& ret) {
  if (ResultNumber(ret)) return true;  // AddRef/Release counts
  std::optional<HRESULT> hr = HresultFromName(ResultName(ret));
  return hr && SUCCEEDED(*hr);
}

// "MAPI_E_CALL_FAILED", or the count as a number.
std::string ResultText(const Event& ret) {
  std::optional<int64_t> number = ResultNumber(ret);
  return number ? std::to_string(*number) : ResultName(ret);
}

bool IsUnknownMethod(std::string_view method) {
  return method == "AddRef" || method == "Release" || method == "QueryInterface";
}

std::string FlagsText(const Json& flags) {
  if (!flags.is_array()) return flags.dump();
  if (flags.empty()) return "0";
  std::vector<std::string> names;
  for (const Json& flag : flags) names.push_back(flag.is_string() ? flag.get<std::string>() : "?");
  return absl::StrJoin(names, " | ");
}

// The LOGOFF_ input flags in an array.
std::vector<std::string> InputLogoffFlags(const Json& flags) {
  std::vector<std::string> found;
  for (std::string_view name : kInputLogoffFlags) {
    if (HasFlag(flags, name)) found.emplace_back(name);
  }
  return found;
}

std::string StringField(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

const Json& Field(const Json& object, const char* key) {
  static const Json* null = new Json();
  if (!object.is_object()) return *null;
  auto it = object.find(key);
  return it == object.end() ? *null : *it;
}

}  // namespace

struct Checker::State {
  struct OpenCall {
    Event call;
    bool support_addrefed = false;  // a Logon call: AddRef on its support seen inside
    bool balance_reported = false;  // a support Release already reported as one too many
    bool counted_release = false;   // a support Release counted in support_release_open
    int uids_added = 0;             // a Logon call: UIDs and row its support added inside
    bool row_added = false;
  };
  struct Provider {
    std::string lib, session, kind;  // kind "MSProvider"
    int live_logons = 0;
    bool shutdown_called = false;
  };
  struct Logon {
    std::string provider, support, store, kind, lib, session;
    Json xp_flags;  // TransportLogon's returned flags
    bool addresstypes_pending = false;
    int uids_added = 0;
    bool uids_removed = false, row_added = false, row_removed = false;
    int support_release_open = 0;  // provider Release calls on the support in progress
    bool final_support_release = false;
    bool logoff_called = false, logoff_returned = false;
    std::set<int64_t> in_flight, refused;  // SubmitMessage msg refs
  };
  struct Support {
    std::string logon, session;
    bool zero = false;   // the provider's last reference went
    bool ended = false;  // its logon ended
  };
  struct Store {
    std::string logon, session;
    std::string storelogoff_flag;  // the flag of the first StoreLogoff
    bool storelogoff = false;
    int slt_calls = 0;
    bool complete = false;  // StoreLogoffTransports returned LOGOFF_COMPLETE
  };
  struct Session {
    bool logged_off = false;
  };
  struct Library {
    int64_t count = 0;
    int loads = 0, frees = 0;
    bool held = false;
  };

  std::vector<Finding> findings;
  std::map<uint64_t, OpenCall> open;                    // by seq
  std::map<std::string, std::vector<uint64_t>> stacks;  // thread -> open call seqs
  std::map<std::string, Provider> providers;
  std::map<std::string, Logon> logons;
  std::map<std::string, Support> supports;
  std::map<std::string, Store> stores;
  std::map<std::string, Session> sessions;
  std::map<std::string, Library> libraries;
  std::map<std::string, std::pair<std::string, uint64_t>> release_due;  // thread -> provider, seq
  int init_count = 0;
  uint64_t last_init_seq = 0;
  bool init_seen = false;
  bool fast_shutdown = false;

  void Report(std::string_view rule_id, uint64_t seq, std::string object, std::string detail) {
    Finding finding;
    finding.rule = std::string(rule_id);
    finding.seq = seq;
    finding.object = std::move(object);
    finding.detail = std::move(detail);
    if (const ContractRule* rule = FindContractRule(rule_id)) {
      finding.severity = rule->severity;
      finding.statement = std::string(rule->statement);
      finding.page = std::string(rule->page);
    } else {
      finding.statement = "(rule not in the table)";
    }
    findings.push_back(std::move(finding));
  }

  const OpenCall* Top(const std::string& thread) const {
    auto it = stacks.find(thread);
    if (it == stacks.end() || it->second.empty()) return nullptr;
    return &open.at(it->second.back());
  }

  // A call MAPI's wrapper forwards to the provider: the same method on the
  // same object, directly inside the client's call on that thread.
  bool IsForward(const Event& e) const {
    if (e.side != "mapi>provider") return false;
    const OpenCall* top = Top(e.thread);
    return top != nullptr && top->call.side == "client>mapi" && top->call.obj == e.obj &&
           top->call.method == e.method;
  }

  Logon* LogonOf(const std::string& name) {
    auto it = logons.find(name);
    return it == logons.end() ? nullptr : &it->second;
  }

  // ------------------------------------------------------------ calls ----
  void OnCall(const Event& e) {
    const bool forward = IsForward(e);
    OpenCall& call = open[e.seq];
    call.call = e;
    stacks[e.thread].push_back(e.seq);

    if (e.side == "client>mapi") ClientCall(e);
    if (e.side == "mapi>provider" && !e.thread.empty()) ReleaseDue(e);
    if (e.side == "mapi>provider") MapiToProvider(e);
    if (e.side == "provider>mapi") ProviderToMapi(e);
    StoreCall(e, forward);
  }

  void ClientCall(const Event& e) {
    if (fast_shutdown) {
      Report("process.calls-after-fast-shutdown", e.seq, e.obj,
             absl::StrCat(CallName(e), " after IMAPIClientShutdown::DoFastShutdown"));
    }
    if (e.method == "MAPIUninitialize" && e.iface.empty()) {
      if (init_count == 0) {
        Report("process.init-balance", e.seq, "",
               "MAPIUninitialize with no MAPIInitialize outstanding");
      } else {
        --init_count;
      }
    }
    auto session = sessions.find(e.obj);
    if (session != sessions.end() && session->second.logged_off && e.method != "Release") {
      Report("session.calls-after-logoff", e.seq, e.obj,
             absl::StrCat(CallName(e), " after IMAPISession::Logoff returned"));
    }
  }

  void ReleaseDue(const Event& e) {
    auto due = release_due.find(e.thread);
    if (due == release_due.end()) {
      // A bounded Shutdown may run on a worker thread (a provider-side
      // recorder sees it as another client thread) while the thread that
      // waited for it makes the Release.
      for (auto it = release_due.begin(); it != release_due.end(); ++it) {
        if (it->second.first == e.obj && e.method == "Release") {
          release_due.erase(it);
          return;
        }
      }
      return;
    }
    if (!(e.obj == due->second.first && e.method == "Release")) {
      Report("shutdown.release-follows", e.seq, due->second.first,
             absl::StrCat("MAPI called ", CallName(e),
                          e.obj.empty() ? "" : absl::StrCat(" on ", e.obj), " after Shutdown (seq ",
                          due->second.second, ") instead of releasing ", due->second.first));
    }
    release_due.erase(due);
  }

  void MapiToProvider(const Event& e) {
    if (e.ev == EventKind::kEntry) return;
    // Provider objects.
    if (auto p = providers.find(e.obj); p != providers.end()) {
      Provider& provider = p->second;
      if (provider.shutdown_called && e.method != "Release" && e.method != "Shutdown") {
        Report("provider.calls-after-shutdown", e.seq, e.obj,
               absl::StrCat(CallName(e), " after Shutdown"));
      }
      if (e.method == "Shutdown") {
        ZeroFlags(e, /*pointer=*/true);
        if (provider.shutdown_called) {
          Report("shutdown.once", e.seq, e.obj, "Shutdown called a second time");
        }
        if (provider.live_logons > 0) {
          Report("shutdown.no-live-logons", e.seq, e.obj,
                 absl::StrCat("Shutdown while ", provider.live_logons,
                              " logon object(s) of this provider are not released"));
        }
        provider.shutdown_called = true;
      }
      return;
    }
    Logon* logon = LogonOf(e.obj);
    if (logon == nullptr) return;
    const bool transport = logon->kind == "XPLogon";
    if (transport && logon->logoff_called && e.method != "Release") {
      Report("transport.calls-after-logoff", e.seq, e.obj,
             absl::StrCat(CallName(e), " after TransportLogoff"));
    }
    if (transport && logon->addresstypes_pending && !IsUnknownMethod(e.method) &&
        e.method != "TransportLogoff") {
      logon->addresstypes_pending = false;
      if (e.method != "AddressTypes") {
        Report("transport.addresstypes-first", e.seq, e.obj,
               absl::StrCat("the first call on the new transport logon is ", CallName(e)));
      }
    }
    if (e.method == "Logoff" || e.method == "TransportLogoff") {
      ZeroFlags(e, /*pointer=*/logon->kind == "MSLogon");
      if (logon->kind == "MSLogon") StoreLogoffOrder(e, *logon);
      logon->logoff_called = true;
    } else if (e.method == "Release") {
      if (logon->kind == "MSLogon" &&
          (logon->final_support_release || logon->support_release_open > 0) &&
          !logon->logoff_called) {
        Report("store.final-release-order", e.seq, e.obj,
               "the logon object was released before IMSLogon::Logoff");
      }
      if (logon->logoff_called) {
        auto s = supports.find(logon->support);
        // On ruling 2's path the provider's final Release of the support
        // object is still running: that is the release.
        const bool releasing = logon->support_release_open > 0 || logon->final_support_release;
        if (s != supports.end() && !s->second.zero && !releasing) {
          Report("logoff.releases-support", e.seq, logon->support,
                 absl::StrCat("MAPI releases ", e.obj,
                              " after its logoff, but the provider "
                              "still holds a reference to ",
                              logon->support));
        }
      }
    } else if (transport && e.method == "Poll" && !HasFlag(logon->xp_flags, "LOGON_SP_POLL")) {
      Report("transport.poll-idle-flags", e.seq, e.obj,
             absl::StrCat("Poll, but TransportLogon returned ", FlagsText(logon->xp_flags)));
    } else if (transport && e.method == "Idle") {
      ZeroFlags(e, /*pointer=*/false);
      if (!HasFlag(logon->xp_flags, "LOGON_SP_IDLE")) {
        Report("transport.poll-idle-flags", e.seq, e.obj,
               absl::StrCat("Idle, but TransportLogon returned ", FlagsText(logon->xp_flags)));
      }
    } else if (transport && e.method == "SubmitMessage") {
      for (int64_t ref : logon->in_flight) {
        Report("transport.submit-endmessage", e.seq, e.obj,
               absl::StrCat("SubmitMessage returned S_OK for msg_ref ", ref,
                            ", but a new SubmitMessage came before its EndMessage"));
      }
      logon->in_flight.clear();
    } else if (transport && e.method == "EndMessage") {
      const Json& ref_json = Field(e.args, "msg_ref");
      if (ref_json.is_number_integer()) {
        int64_t ref = ref_json.get<int64_t>();
        if (logon->refused.count(ref) != 0) {
          Report("transport.submit-endmessage", e.seq, e.obj,
                 absl::StrCat("EndMessage for msg_ref ", ref,
                              " after SubmitMessage refused that message"));
        } else if (logon->in_flight.count(ref) == 0) {
          Report("transport.submit-endmessage", e.seq, e.obj,
                 absl::StrCat("EndMessage for msg_ref ", ref,
                              ", which no SubmitMessage accepted with S_OK"));
        }
        logon->in_flight.erase(ref);
        logon->refused.erase(ref);
      }
    } else if (transport && e.method == "TransportNotify") {
      const Json& flags = Field(e.args, "flags");
      for (const char* kind : {"INBOUND", "OUTBOUND", "INBOUND_FLUSH", "OUTBOUND_FLUSH"}) {
        const std::string begin = absl::StrCat("NOTIFY_BEGIN_", kind);
        const std::string end = absl::StrCat("NOTIFY_END_", kind);
        if (HasFlag(flags, begin) && HasFlag(flags, end)) {
          Report("transport.notify-flags", e.seq, e.obj,
                 absl::StrCat("TransportNotify got ", begin, " and ", end, " together"));
        }
      }
    }
  }

  // IMSLogon::Logoff, IABLogon::Logoff, TransportLogoff, Idle and Shutdown
  // take 0 (or a pointer to 0): an empty flags array.
  void ZeroFlags(const Event& e, bool pointer) {
    const Json& flags = Field(e.args, "flags");
    if (flags.is_array() && flags.empty()) return;
    Report("logoff.zero-flags", e.seq, e.obj,
           absl::StrCat(CallName(e), " got ",
                        flags.is_null() ? (pointer ? std::string("a NULL pointer")
                                                   : std::string("no flags argument"))
                                        : FlagsText(flags),
                        pointer ? " instead of a pointer to 0" : " instead of 0"));
  }

  // Ruling 2: on the final support release of a store, MAPI removes the UIDs,
  // then the row, then calls IMSLogon::Logoff once, then releases the logon.
  void StoreLogoffOrder(const Event& e, Logon& logon) {
    const bool final_release = logon.final_support_release || logon.support_release_open > 0;
    if (!final_release) return;
    if (logon.logoff_called) {
      Report("store.final-release-order", e.seq, e.obj, "IMSLogon::Logoff called a second time");
      return;
    }
    if (logon.uids_added > 0 && !logon.uids_removed) {
      Report("store.final-release-order", e.seq, e.obj,
             "IMSLogon::Logoff before the store's MAPIUIDs were removed");
    }
    if (logon.row_added && !logon.row_removed) {
      Report("store.final-release-order", e.seq, e.obj,
             "IMSLogon::Logoff before the store's status row was removed");
    }
    auto store = stores.find(logon.store);
    if (store != stores.end() && store->second.slt_calls == 0) {
      Report("store.slt-once", e.seq, logon.store,
             "the store's logon ended without a call to IMAPISupport::StoreLogoffTransports");
    }
  }

  void ProviderToMapi(const Event& e) {
    if (e.method == "AddRef") {
      // The support object of a logon in progress is known only from the
      // Logon call's arguments.
      for (auto& [seq, call] : open) {
        if (StringField(call.call.args, "support") == e.obj) call.support_addrefed = true;
      }
    }
    auto s = supports.find(e.obj);
    if (s == supports.end()) return;
    Support& support = s->second;
    if (support.ended && !support.zero && !IsUnknownMethod(e.method)) {
      Report("support.calls-after-logoff", e.seq, e.obj,
             absl::StrCat(CallName(e), " after the logon ended"));
    } else if (support.zero && e.method != "Release" && e.method != "AddRef") {
      Report("support.calls-after-logoff", e.seq, e.obj,
             absl::StrCat(CallName(e), " after the provider released its last reference"));
    }
    if (e.method == "Release") {
      if (support.zero) {
        Report("support.release-balance", e.seq, e.obj,
               "Release after the provider's references to the support object reached 0");
        open[e.seq].balance_reported = true;
      }
      if (Logon* logon = LogonOf(support.logon); logon && !logon->logoff_called) {
        ++logon->support_release_open;
        open[e.seq].counted_release = true;
      }
    } else if (e.method == "StoreLogoffTransports") {
      StoreLogoffTransports(e, support);
    }
  }

  void StoreLogoffTransports(const Event& e, const Support& support) {
    const Json& flags = Field(e.args, "flags");
    std::vector<std::string> input = InputLogoffFlags(flags);
    if (input.size() != 1) {
      Report("store.slt-one-flag", e.seq, e.obj,
             absl::StrCat("StoreLogoffTransports got ", FlagsText(flags)));
    }
    Logon* logon = LogonOf(support.logon);
    if (logon == nullptr) return;
    auto st = stores.find(logon->store);
    if (st == stores.end()) return;
    Store& store = st->second;
    if (++store.slt_calls > 1) {
      Report("store.slt-once", e.seq, logon->store,
             absl::StrCat("StoreLogoffTransports called again (call ", store.slt_calls,
                          " for this store logon)"));
      return;
    }
    if (input.size() != 1) return;
    if (store.storelogoff) {
      if (!store.storelogoff_flag.empty() && input[0] != store.storelogoff_flag) {
        Report("store.slt-same-flag", e.seq, logon->store,
               absl::StrCat("the client passed ", store.storelogoff_flag,
                            " to StoreLogoff, the store passed ", input[0]));
      }
    } else if (input[0] != "LOGOFF_ABORT") {
      Report("store.slt-abort-on-release", e.seq, logon->store,
             absl::StrCat("no StoreLogoff came first, yet the store passed ", input[0]));
    }
  }

  // A call on a store by the client or by MAPI itself (the spooler); the
  // wrapper's forward of a client call is the same call.
  void StoreCall(const Event& e, bool forward) {
    auto st = stores.find(e.obj);
    if (st == stores.end() || e.side == "provider>mapi" || forward) return;
    Store& store = st->second;
    if (store.complete && e.method != "Release") {
      Report("store.calls-after-logoff-complete", e.seq, e.obj,
             absl::StrCat(CallName(e), " after StoreLogoffTransports returned LOGOFF_COMPLETE"));
    }
    if (e.method == "StoreLogoff" && !store.storelogoff) {
      const Json& flags = Field(e.args, "flags");
      std::vector<std::string> input = InputLogoffFlags(flags);
      store.storelogoff = true;
      if (input.size() == 1) {
        store.storelogoff_flag = input[0];
      } else {
        Report("store.storelogoff-one-flag", e.seq, e.obj,
               absl::StrCat("IMsgStore::StoreLogoff got ", FlagsText(flags)));
      }
    }
  }

  // ---------------------------------------------------------- returns ----
  void OnReturn(const Event& e) {
    auto it = open.find(e.call);
    if (it == open.end()) {
      Report("trace.return-matches-call", e.seq, e.obj,
             absl::StrCat("return for seq ", e.call, ", which is not an open call"));
      return;
    }
    std::vector<uint64_t>& stack = stacks[it->second.call.thread];
    if (it->second.call.thread != e.thread || stack.empty() || stack.back() != e.call) {
      Report("trace.return-matches-call", e.seq, e.obj,
             absl::StrCat("return for seq ", e.call, " (thread ", it->second.call.thread,
                          ") while another call is innermost on thread ", e.thread));
    }
    std::erase(stack, e.call);
    if (stack.empty()) stacks.erase(it->second.call.thread);
    OpenCall call = std::move(it->second);
    open.erase(it);
    Returned(call, e);
  }

  void Returned(const OpenCall& open_call, const Event& ret) {
    const Event& call = open_call.call;
    const bool ok = Succeeded(ret);
    if (call.ev == EventKind::kEntry) {
      EntryReturned(call, ret, ok);
      return;
    }
    if (call.side == "client>mapi") {
      if (call.method == "MAPIInitialize" && call.iface.empty() && ok) {
        ++init_count;
        init_seen = true;
        last_init_seq = call.seq;
      } else if (call.method == "DoFastShutdown" && ok) {
        fast_shutdown = true;
      } else if (call.method == "MAPILogonEx" && ok) {
        std::string session = StringField(ret.out, "session");
        if (!session.empty()) sessions[session];
      } else if (call.method == "Logoff" && sessions.count(call.obj) != 0) {
        sessions[call.obj].logged_off = true;
      } else if (call.method == "Release" && sessions.count(call.obj) != 0 &&
                 ResultNumber(ret) == 0) {
        EndSession(call.obj);
      } else if (call.method == "Release" && stores.count(call.obj) != 0 &&
                 ResultNumber(ret) == 0 && !LogonOf(stores[call.obj].logon)) {
        stores.erase(call.obj);
      }
      return;
    }
    if (call.side == "provider>mapi") {
      auto s = supports.find(call.obj);
      if (s == supports.end()) return;
      if (call.method == "Release") {
        Logon* logon = LogonOf(s->second.logon);
        if (logon && open_call.counted_release) --logon->support_release_open;
        if (ResultNumber(ret) == 0) {
          if (s->second.zero && !open_call.balance_reported) {
            // A Release nested inside this one (IMSLogon::Logoff releasing
            // the support object again, ruling 2) already reached 0.
            Report("support.release-balance", ret.seq, call.obj,
                   "the provider's references to the support object reached 0 twice");
          }
          s->second.zero = true;
          s->second.ended = true;
          if (logon && !logon->logoff_called) logon->final_support_release = true;
          // Nothing is left to check on a support object whose logon is gone.
          if (!logon) supports.erase(s);
        }
      } else if (call.method == "StoreLogoffTransports" &&
                 HasFlag(Field(ret.out, "flags"), "LOGOFF_COMPLETE")) {
        if (Logon* logon = LogonOf(s->second.logon)) {
          auto st = stores.find(logon->store);
          if (st != stores.end()) st->second.complete = true;
        }
      }
      return;
    }
    if (call.side != "mapi>provider") return;
    if (auto p = providers.find(call.obj); p != providers.end()) {
      ProviderReturned(open_call, ret, ok, p->second);
      return;
    }
    Logon* logon = LogonOf(call.obj);
    if (logon == nullptr) return;
    if (call.method == "Logoff" || call.method == "TransportLogoff") {
      logon->logoff_returned = true;
      if (ResultName(ret) != "S_OK") {
        Report("logoff.succeeds", ret.seq, call.obj,
               absl::StrCat(CallName(call), " returned ", ResultText(ret),
                            "; the logon counts as ended"));
      }
      if (auto s = supports.find(logon->support); s != supports.end()) s->second.ended = true;
    } else if (call.method == "Release") {
      std::optional<int64_t> refs = ResultNumber(ret);
      if (logon->logoff_called && refs && *refs > 0) {
        Report("logon.released-at-logoff", ret.seq, call.obj,
               absl::StrCat("MAPI's Release after the logoff left ", *refs, " reference(s)"));
      }
      if (logon->logoff_called || refs == 0) EndLogon(call.obj);
    } else if (call.method == "SubmitMessage") {
      const Json& ref_json = Field(call.args, "msg_ref");
      if (!ref_json.is_number_integer()) return;
      int64_t ref = ref_json.get<int64_t>();
      const std::string result = ResultName(ret);
      if (result == "S_OK") {
        logon->in_flight.insert(ref);
        logon->refused.erase(ref);
      } else if (result == "MAPI_E_BUSY" || result == "MAPI_E_NOT_ME") {
        logon->refused.insert(ref);
      }
    } else if (call.method == "TransportNotify") {
      const Json& in = Field(call.args, "flags");
      const Json& out = Field(ret.out, "flags");
      if (!out.is_null() && in != out) {
        Report("transport.notify-flags", ret.seq, call.obj,
               absl::StrCat("TransportNotify was passed ", FlagsText(in), " and returned ",
                            FlagsText(out)));
      }
    }
  }

  void EntryReturned(const Event& call, const Event& ret, bool ok) {
    static const std::map<std::string, std::pair<std::string, std::string>> kEntries = {
        {"MSProviderInit", {"MSProvider", "MAPI_STORE_PROVIDER"}},
        {"ABProviderInit", {"ABProvider", "MAPI_AB_PROVIDER"}},
        {"XPProviderInit", {"XPProvider", "MAPI_TRANSPORT_PROVIDER"}},
    };
    const std::string type = StringField(call.args, "type");
    auto entry = kEntries.find(call.method);
    if (entry == kEntries.end()) {
      if (!type.empty()) {
        Report("load.entry-point-kind", call.seq, call.lib,
               absl::StrCat("MAPI called ", call.method, " for a provider of type ", type));
      }
      return;
    }
    const auto& [kind, expected_type] = entry->second;
    if (!type.empty() && type != expected_type) {
      Report("load.entry-point-kind", call.seq, call.lib,
             absl::StrCat("MAPI called ", call.method, " for a provider of type ", type));
    }
    if (!ok) return;
    const std::string provider = StringField(ret.out, "provider");
    if (provider.empty()) return;
    if (ObjectKind(provider) != kind) {
      Report("load.entry-point-kind", ret.seq, provider,
             absl::StrCat(call.method, " returned a ", std::string(ObjectKind(provider))));
    }
    const std::string session = StringField(call.args, "session");
    if (!session.empty() && kind != "ABProvider") {
      for (const auto& [name, other] : providers) {
        if (other.session == session && other.lib == call.lib && other.kind == kind) {
          Report("load.one-provider-per-session", ret.seq, provider,
                 absl::StrCat(call.method, " of ", call.lib, " was called again for ", session,
                              ", which already has ", name));
          break;
        }
      }
    }
    providers[provider] = Provider{call.lib, session, kind};
  }

  void ProviderReturned(const OpenCall& open_call, const Event& ret, bool ok, Provider& provider) {
    const Event& call = open_call.call;
    const std::string& method = call.method;
    if (method == "Shutdown") {
      if (ResultName(ret) != "S_OK") {
        Report("shutdown.succeeds", ret.seq, call.obj,
               absl::StrCat("Shutdown returned ", ResultText(ret)));
      }
      release_due[call.thread] = {call.obj, call.seq};
      return;
    }
    if (method == "Release") {
      std::optional<int64_t> refs = ResultNumber(ret);
      if (provider.shutdown_called && refs && *refs > 0) {
        Report("provider.released-at-shutdown", ret.seq, call.obj,
               absl::StrCat("MAPI's Release after Shutdown left ", *refs, " reference(s)"));
      }
      if (refs == 0) providers.erase(call.obj);
      return;
    }
    if (method != "Logon" && method != "TransportLogon" && method != "SpoolerLogon") return;
    const std::string logon_name = StringField(ret.out, "logon");
    const std::string support = StringField(call.args, "support");
    if (!ok || logon_name.empty()) return;
    // SpoolerLogon hands back the pair the client's Logon made (lifecycle.md
    // §2.5 step 9); that logon already holds its support reference, so the
    // spooler's support object needs none.
    const bool paired = logons.count(logon_name) != 0;
    if (!paired && !open_call.support_addrefed && !support.empty()) {
      Report("logon.addrefs-support", ret.seq, logon_name,
             absl::StrCat(CallName(call), " returned ", ResultName(ret), " and ", logon_name,
                          " without calling AddRef on ", support));
    }
    if (paired) return;
    Logon& logon = logons[logon_name];
    logon.uids_added = open_call.uids_added;
    logon.row_added = open_call.row_added;
    logon.provider = call.obj;
    logon.support = support;
    logon.store = StringField(ret.out, "store");
    logon.kind = std::string(ObjectKind(logon_name));
    logon.lib = provider.lib;
    logon.session = provider.session;
    if (method == "TransportLogon") {
      logon.xp_flags = Field(ret.out, "flags");
      logon.addresstypes_pending = true;
    }
    ++provider.live_logons;
    if (!support.empty()) supports[support] = Support{logon_name, provider.session};
    if (!logon.store.empty()) {
      Store& store = stores[logon.store];
      store = Store{};
      store.logon = logon_name;
      store.session = provider.session;
    }
  }

  // MAPI released the logon object after its logoff (or for the last time).
  void EndLogon(const std::string& name) {
    auto it = logons.find(name);
    if (it == logons.end()) return;
    if (auto p = providers.find(it->second.provider); p != providers.end()) {
      --p->second.live_logons;
    }
    auto s = supports.find(it->second.support);
    if (s != supports.end()) {
      s->second.ended = true;
      // A support object the provider has let go has nothing left to check.
      if (s->second.zero && it->second.support_release_open == 0) supports.erase(s);
    }
    logons.erase(it);
  }

  void EndSession(const std::string& session) {
    sessions.erase(session);
    std::erase_if(supports, [&](const auto& kv) { return kv.second.session == session; });
    std::erase_if(stores, [&](const auto& kv) {
      return kv.second.session == session && logons.count(kv.second.logon) == 0;
    });
  }

  // -------------------------------------------------------- libraries ----
  void OnLibrary(const Event& e) {
    Library& lib = libraries[e.lib];
    if (e.ev == EventKind::kLoad) {
      ++lib.loads;
      lib.count = e.count.value_or(lib.count + 1);
      return;
    }
    ++lib.frees;
    if (lib.frees > lib.loads) {
      Report("library.free-after-objects", e.seq, e.lib,
             absl::StrCat("FreeLibrary number ", lib.frees, " of ", e.lib, " after ", lib.loads,
                          " load(s)"));
    }
    lib.count = e.count.value_or(lib.count - 1);
    if (lib.count > 0) return;
    std::vector<std::string> alive;
    for (const auto& [name, provider] : providers) {
      if (provider.lib == e.lib) alive.push_back(name);
    }
    for (const auto& [name, logon] : logons) {
      if (logon.lib == e.lib) alive.push_back(name);
    }
    if (!alive.empty()) {
      Report("library.free-after-objects", e.seq, e.lib,
             absl::StrCat(e.lib, " unloaded while ", absl::StrJoin(alive, ", "),
                          alive.size() == 1 ? " is" : " are", " alive"));
    }
  }

  // ------------------------------------------------------------ notes ----
  void OnNote(const Event& e) {
    if (e.what == "held") {
      std::string lib = StringField(e.fields, "lib");
      if (!lib.empty()) libraries[lib].held = true;
      return;
    }
    auto s = supports.find(e.obj);
    if (s == supports.end()) {
      // A logon in progress registers its UIDs and row before MAPI knows
      // its logon object.
      for (auto& [seq, call] : open) {
        if (e.obj.empty() || StringField(call.call.args, "support") != e.obj) continue;
        if (e.what == "uid.added") ++call.uids_added;
        if (e.what == "status_row.added") call.row_added = true;
      }
      return;
    }
    Logon* logon = LogonOf(s->second.logon);
    if (logon == nullptr) return;
    if (e.what == "uid.added") {
      ++logon->uids_added;
    } else if (e.what == "uid.removed") {
      logon->uids_removed = true;
    } else if (e.what == "status_row.added") {
      logon->row_added = true;
    } else if (e.what == "status_row.deleted") {
      logon->row_removed = true;
    }
  }

  // ---------------------------------------------------------- the end ----
  void Finish(uint64_t end_seq) {
    for (const auto& [thread, due] : release_due) {
      Report("shutdown.release-follows", end_seq, due.first,
             absl::StrCat("the trace ends after Shutdown (seq ", due.second,
                          ") without a Release of ", due.first));
    }
    release_due.clear();
    for (const auto& [name, logon] : logons) {
      if (logon.logoff_called) continue;
      for (int64_t ref : logon.in_flight) {
        Report("transport.submit-endmessage", end_seq, name,
               absl::StrCat("SubmitMessage returned S_OK for msg_ref ", ref,
                            ", and the trace ends without its EndMessage"));
      }
    }
    if (init_seen && init_count > 0 && !fast_shutdown) {
      Report("process.init-balance", last_init_seq, "",
             absl::StrCat("the trace ends with ", init_count,
                          " MAPIInitialize call(s) not balanced by MAPIUninitialize"));
    }
    if (init_seen && init_count == 0 && !fast_shutdown) {
      for (const auto& [name, lib] : libraries) {
        if (lib.count > 0 && !lib.held) {
          Report("library.free-after-objects", end_seq, name,
                 absl::StrCat(name, " was loaded ", lib.loads, " time(s) and freed ", lib.frees,
                              " time(s) when the last MAPIUninitialize returned"));
        }
      }
    }
  }

  uint64_t last_seq = 0;
};

Checker::Checker() : state_(std::make_unique<State>()) {}
Checker::~Checker() = default;

void Checker::Observe(const Event& event) {
  State& s = *state_;
  s.last_seq = event.seq;
  switch (event.ev) {
    case EventKind::kCall:
    case EventKind::kEntry:
      s.OnCall(event);
      break;
    case EventKind::kReturn:
      s.OnReturn(event);
      break;
    case EventKind::kLoad:
    case EventKind::kUnload:
      s.OnLibrary(event);
      break;
    case EventKind::kNote:
      s.OnNote(event);
      break;
  }
}

void Checker::Finish() { state_->Finish(state_->last_seq); }

std::vector<Finding> Checker::TakeFindings() { return std::exchange(state_->findings, {}); }

size_t Checker::live_state() const {
  const State& s = *state_;
  return s.open.size() + s.providers.size() + s.logons.size() + s.supports.size() +
         s.stores.size() + s.sessions.size() + s.libraries.size() + s.release_due.size();
}

std::vector<std::string> CheckerRuleIds() {
  return std::vector<std::string>(std::begin(kRuleIds), std::end(kRuleIds));
}

}  // namespace mapi_emu::trace
