#include "trace/explain.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "mapi_emu/base/contract_rules.h"
#include "trace/diagram.h"

namespace mapi_emu::trace {
namespace {

// What a call means in the lifecycle, and the rules that govern it. The
// meaning may name arguments as {flags}, {lib}, {obj}, {support}, {msg_ref},
// {type}, {profile}. `side` empty matches any side.
struct Topic {
  std::string_view method;
  std::string_view side;
  std::string_view meaning;
  std::array<std::string_view, 3> rules;
};

constexpr Topic kTopics[] = {
    {"MAPIInitialize",
     "",
     "The client starts MAPI in this process; every MAPIInitialize needs "
     "its own MAPIUninitialize.",
     {"process.init-balance"}},
    {"MAPIUninitialize",
     "",
     "The client is done with MAPI; this balances its MAPIInitialize, "
     "and MAPI may now unload the provider libraries.",
     {"process.init-balance", "library.free-after-objects"}},
    {"MAPILogonEx",
     "",
     "The client logs on to the profile {profile} and gets a session; MAPI "
     "starts the profile's providers as they are needed.",
     {}},
    {"MSProviderInit",
     "",
     "MAPI calls the store entry point of {lib} for a {type}; it returns "
     "the provider object, one per session and library.",
     {"load.entry-point-kind", "load.one-provider-per-session"}},
    {"XPProviderInit",
     "",
     "MAPI calls the transport entry point of {lib} for a {type}; it "
     "returns the provider object, one per session and library.",
     {"load.entry-point-kind", "load.one-provider-per-session"}},
    {"ABProviderInit",
     "",
     "MAPI calls the address-book entry point of {lib} for a {type}.",
     {"load.entry-point-kind"}},
    {"OpenMsgStore",
     "",
     "The client opens a message store; MAPI logs on to the store provider "
     "to get it.",
     {}},
    {"Logon",
     "mapi>provider",
     "MAPI logs on to the provider, handing it the support object "
     "{support}; a logon that succeeds keeps a reference to it (AddRef).",
     {"logon.addrefs-support"}},
    {"SpoolerLogon",
     "",
     "The spooler logs on to the store, handing it the support object "
     "{support}; the store keeps a reference to it (AddRef).",
     {"logon.addrefs-support"}},
    {"TransportLogon",
     "",
     "MAPI logs on to the transport provider, handing it the support "
     "object {support}; the transport keeps a reference to it (AddRef) until TransportLogoff.",
     {"logon.addrefs-support"}},
    {"AddRef",
     "provider>mapi",
     "The provider keeps a reference to its support object; it must "
     "give it back when it logs off.",
     {"logon.addrefs-support"}},
    {"ModifyStatusRow", "", "The provider adds or updates its row in the status table.", {}},
    {"SetProviderUID",
     "",
     "The provider registers its MAPIUID, so that MAPI sends it the entry "
     "IDs it owns.",
     {}},
    {"AddressTypes",
     "",
     "The spooler asks the new transport logon which address types it "
     "handles; this is always its first call on the logon.",
     {"transport.addresstypes-first"}},
    {"SubmitMessage",
     "",
     "The spooler hands message {msg_ref} to the transport; once the "
     "transport accepts it (S_OK), EndMessage for the same message follows.",
     {"transport.submit-endmessage"}},
    {"EndMessage",
     "",
     "The spooler finishes sending message {msg_ref}.",
     {"transport.submit-endmessage"}},
    {"Poll",
     "",
     "The spooler asks the transport whether mail has come in; it may only because "
     "TransportLogon returned LOGON_SP_POLL.",
     {"transport.poll-idle-flags"}},
    {"Idle",
     "",
     "The spooler gives the transport idle time; it may only because "
     "TransportLogon returned LOGON_SP_IDLE.",
     {"transport.poll-idle-flags", "logoff.zero-flags"}},
    {"TransportNotify",
     "",
     "MAPI tells the transport about a change ({flags}); the transport "
     "returns the flags it was given.",
     {"transport.notify-flags"}},
    {"StoreLogoff",
     "client>mapi",
     "The client logs off the store with {flags}; the store must "
     "first ask MAPI to log off the transports (StoreLogoffTransports) with the same flag.",
     {"store.storelogoff-one-flag", "store.slt-same-flag"}},
    {"Logoff",
     "client>mapi",
     "The client logs off the session: MAPI logs off the transports and "
     "address books and shuts their providers down. After this the only call on the session is "
     "Release.",
     {"session.calls-after-logoff"}},
    {"Logoff",
     "mapi>provider",
     "MAPI logs the provider's logon off; it passes no flags, and the "
     "provider lets go of its support object.",
     {"logoff.zero-flags", "store.final-release-order"}},
    {"TransportLogoff",
     "",
     "MAPI logs the transport off; it passes no flags, and the transport "
     "releases its support object before it returns.",
     {"logoff.zero-flags", "logoff.releases-support"}},
    {"Shutdown",
     "",
     "MAPI shuts the provider object down, now that all its logons are "
     "released; the next call is the Release of the provider.",
     {"shutdown.no-live-logons", "shutdown.release-follows"}},
    {"DoFastShutdown",
     "",
     "The client shuts down fast; after this it makes no MAPI call at "
     "all.",
     {"process.calls-after-fast-shutdown"}},
    {"QueryFastShutdown",
     "",
     "MAPI asks the provider whether it supports fast shutdown.",
     {"fastshutdown.supported"}},
};

std::string Arg(const Event& e, const std::string& key) {
  if (key == "lib") return e.lib;
  if (key == "obj") return e.obj;
  if (!e.args.is_object() || !e.args.contains(key)) return "?";
  return ShortArgs(nlohmann::json::object({{"flags", e.args[key]}}));
}

// Fills the {name} slots of a meaning from the call's arguments.
std::string Fill(std::string_view text, const Event& e) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += text[i];
      continue;
    }
    out += Arg(e, std::string(text.substr(i + 1, close - i - 1)));
    i = close;
  }
  return out;
}

const Topic* FindTopic(const Event& e) {
  const Topic* any = nullptr;
  for (const Topic& t : kTopics) {
    if (t.method != e.method) continue;
    if (t.side == e.side) return &t;
    if (t.side.empty() && any == nullptr) any = &t;
  }
  return any;
}

// "[store.slt-same-flag; imapisupport-storelogofftransports.md]": the rule
// and the first page it comes from.
// and, of the pages it comes from, the one about this very call
// ("ixpprovider-shutdown.md" for IXPProvider::Shutdown), else the first.
std::string Citation(std::string_view id, const Event* call = nullptr) {
  const ContractRule* rule = FindContractRule(id);
  if (rule == nullptr) return absl::StrCat("[", std::string(id), "]");
  std::vector<std::string> pages = absl::StrSplit(std::string(rule->page), ", ");
  std::string page = pages.front();
  if (call != nullptr) {
    const std::string method = absl::AsciiStrToLower(absl::StrCat("-", call->method, ".md"));
    const std::string exact = absl::AsciiStrToLower(absl::StrCat(call->iface, method));
    auto it = std::find(pages.begin(), pages.end(), exact);
    if (it == pages.end()) {
      it = std::find_if(pages.begin(), pages.end(),
                        [&](const std::string& p) { return absl::EndsWith(p, method); });
    }
    if (it != pages.end()) page = *it;
  }
  return absl::StrCat("[", std::string(id), "; ", page, "]");
}

std::string Indent(int depth) {
  return std::string(2 * static_cast<size_t>(std::min(depth, 6)), ' ');
}

std::string ResultAndOuts(const Event& ret) {
  std::optional<int64_t> n = ResultNumber(ret);
  std::string text = n ? absl::StrCat("count ", *n) : ResultName(ret);
  if (!ret.out.is_object() || ret.out.empty()) return text;
  // Out-values by name: a bare "(0)" would not say what it is.
  std::vector<std::string> parts;
  for (const auto& [key, value] : ret.out.items()) {
    parts.push_back(absl::StrCat(key, "=", ShortArgs(nlohmann::json::object({{"flags", value}}))));
  }
  absl::StrAppend(&text, " (", absl::StrJoin(parts, ", "), ")");
  return text;
}

bool IsProviderKind(std::string_view kind) {
  return kind.size() > 8 && kind.substr(kind.size() - 8) == "Provider";
}
bool IsLogonKind(std::string_view kind) {
  return kind.size() > 5 && kind.substr(kind.size() - 5) == "Logon";
}

}  // namespace

Explainer::Explainer(std::string title) { absl::StrAppend(&out_, "Explaining ", title, "\n\n"); }

std::string Explainer::Who(const Event& call) const {
  const bool main_client = call.thread == "client";
  if (call.side == "client>mapi") {
    return main_client ? "The client" : absl::StrCat("The client (thread ", call.thread, ")");
  }
  if (call.side == "provider>mapi") return "The provider";
  if (call.thread == "spooler") return "MAPI's spooler";
  if (call.thread.rfind("client", 0) == 0) return "MAPI";
  return absl::StrCat("MAPI (thread ", call.thread, ")");
}

// AddRef/Release are noise unless they end an object's life or are the
// provider keeping its support object: that one the contract requires.
bool Explainer::IsNoise(const Pending& p) const {
  if (!p.findings.empty() || !p.ret) return false;
  if (p.call.method == "AddRef") {
    return !(p.call.side == "provider>mapi" && ObjectKind(p.call.obj) == "MAPISupport");
  }
  if (p.call.method == "Release") return ResultNumber(*p.ret).value_or(-1) != 0;
  return false;
}

std::string Explainer::Meaning(const Event& call, const Event* ret,
                               std::vector<std::string>& rules) const {
  const std::string_view kind = ObjectKind(call.obj);
  if (call.method == "StoreLogoffTransports") {
    auto store = support_store_.find(call.obj);
    const bool after_storelogoff =
        store != support_store_.end() && stores_logged_off_.count(store->second) > 0;
    rules = {"store.slt-once",
             after_storelogoff ? "store.slt-same-flag" : "store.slt-abort-on-release"};
    return after_storelogoff
               ? Fill(
                     "The store asks MAPI to log off the transports with {flags}, the flag the "
                     "client gave StoreLogoff; it does this once per logon.",
                     call)
               : Fill(
                     "The store is being released without StoreLogoff and asks MAPI to log off "
                     "the transports with {flags}; here the flag must be LOGOFF_ABORT.",
                     call);
  }
  if (call.method == "Release") {
    if (ret == nullptr && kind == "MAPISupport") {
      rules = {"store.final-release-order"};
      return "The provider releases its support object for the last time; inside this Release "
             "MAPI removes its MAPIUIDs and status row, logs the store off and releases it.";
    }
    if (ret == nullptr) return Fill("What follows happens inside this Release of {obj}.", call);
    if (IsLogonKind(kind)) rules = {"logon.released-at-logoff"};
    if (IsProviderKind(kind)) rules = {"provider.released-at-shutdown"};
    if (kind == "MAPISupport") rules = {"logoff.releases-support", "support.release-balance"};
    return Fill("This is the last reference: {obj} is gone.", call);
  }
  const Topic* topic = FindTopic(call);
  if (topic == nullptr) return "";
  for (std::string_view id : topic->rules) {
    if (!id.empty()) rules.emplace_back(id);
  }
  return Fill(topic->meaning, call);
}

void Explainer::WriteStep(const Pending& p) {
  const Event& c = p.call;
  const std::string indent = Indent(p.depth);
  ++steps_;
  std::string line = absl::StrCat(indent, steps_, ". ", Who(c));
  // MAPI's wrapper passes a client call straight on to the provider's
  // object of the same name: say so rather than repeat the meaning.
  const std::vector<uint64_t>& stack = stack_.at(c.thread);
  const Open* outer = stack.size() >= 2 ? &open_.at(stack[stack.size() - 2]) : nullptr;
  const bool forward = c.side == "mapi>provider" && outer != nullptr && outer->client_call &&
                       outer->name == CallName(c) && outer->obj == c.obj;
  if (c.ev == EventKind::kEntry) {
    absl::StrAppend(&line, " calls the entry point ", c.method, " of ", c.lib);
  } else if (forward) {
    absl::StrAppend(&line, " passes it on to the provider's own ", c.obj);
  } else {
    absl::StrAppend(&line, " calls ", CallName(c));
    if (!c.obj.empty()) absl::StrAppend(&line, " on ", c.obj);
  }
  const std::string args = ShortArgs(c.args);
  if (!args.empty()) absl::StrAppend(&line, " (", args, ")");
  if (p.ret) absl::StrAppend(&line, " → ", ResultAndOuts(*p.ret));
  absl::StrAppend(&out_, line, ".\n");

  std::vector<std::string> rules;
  const std::string meaning = forward ? "" : Meaning(c, p.ret ? &*p.ret : nullptr, rules);
  if (!meaning.empty()) absl::StrAppend(&out_, indent, "   ", meaning, "\n");
  if (!rules.empty()) {
    std::vector<std::string> cites;
    for (const std::string& id : rules) cites.push_back(Citation(id, &c));
    absl::StrAppend(&out_, indent, "   ", absl::StrJoin(cites, " "), "\n");
  }
  for (const Finding& f : p.findings) WriteFinding(f, p.depth);
}

void Explainer::WriteReturn(const Event& ret, const Open& open) {
  absl::StrAppend(&out_, Indent(open.depth), "   ↳ ", open.name, " (step ", open.step, ") returns ",
                  ResultAndOuts(ret), ".\n");
}

void Explainer::WriteFinding(const Finding& f, int depth) {
  (f.severity == Severity::kError ? errors_ : warnings_) += 1;
  absl::StrAppend(&out_, Indent(depth), "   ⚠ this breaks rule ", f.rule, ": ", f.statement,
                  ". What happened: ", f.detail, ". [", f.page, "]\n");
  finding_lines_.push_back(absl::StrCat(SeverityText(f.severity), " ", f.rule, " at seq ", f.seq,
                                        f.object.empty() ? "" : " on ", f.object));
}

void Explainer::WriteLibrary(const Event& e) {
  ++steps_;
  const bool load = e.ev == EventKind::kLoad;
  (load ? loaded_ : unloaded_).push_back(e.lib);
  const std::string count = e.count ? absl::StrCat(*e.count) : std::string("?");
  absl::StrAppend(&out_, Indent(static_cast<int>(stack_[e.thread].size())), steps_, ". MAPI ",
                  load ? "loads" : "unloads", " the provider library ", e.lib, " (load count ",
                  count, ").\n", Indent(static_cast<int>(stack_[e.thread].size())), "   ",
                  load ? "Its entry point comes next."
                       : "Each load is freed once, and only when no object it made is alive.",
                  "\n", Indent(static_cast<int>(stack_[e.thread].size())), "   ",
                  Citation("library.free-after-objects"), "\n");
}

namespace {

// The client's script in its own notes (docs/replay.md): the scenario it
// runs, then each step as written, before the calls the step makes.
std::string ClientNoteText(const Event& e) {
  const nlohmann::json& f = e.fields;
  if (e.what == "client.scenario") {
    const nlohmann::json& scenario = f.contains("scenario") ? f["scenario"] : f;
    return absl::StrCat("The client runs the scenario \"", scenario.value("name", "?"), "\"",
                        scenario.contains("description")
                            ? absl::StrCat(": ", scenario.value("description", ""))
                            : std::string(),
                        ".");
  }
  const nlohmann::json step = f.contains("step") ? f["step"] : nlohmann::json::object();
  std::string args;
  for (const auto& [key, value] : step.items()) {
    if (key == "do" || key.rfind("expect", 0) == 0) continue;
    absl::StrAppend(&args, args.empty() ? "" : ", ", key, "=",
                    value.is_string() ? value.get<std::string>() : value.dump());
  }
  return absl::StrCat("Script step ", f.value("n", 0), ": ", step.value("do", "?"),
                      args.empty() ? "" : absl::StrCat(" (", args, ")"), ".");
}

}  // namespace

void Explainer::WriteNote(const Event& e) {
  std::string text;
  const auto field = [&](const char* key) {
    return e.fields.is_object() && e.fields.contains(key)
               ? ShortArgs(nlohmann::json::object({{"flags", e.fields[key]}}))
               : std::string("?");
  };
  if (e.what == "uid.added") {
    text = absl::StrCat("MAPI records the MAPIUID ", field("uid"), " for ", e.obj, ".");
  } else if (e.what == "uid.removed") {
    text = absl::StrCat("MAPI forgets the MAPIUID ", field("uid"), " of ", e.obj, ".");
  } else if (e.what == "status_row.added") {
    text = absl::StrCat("MAPI adds row ", field("row"), " to the status table.");
  } else if (e.what == "status_row.modified") {
    text = absl::StrCat("MAPI updates row ", field("row"), " of the status table.");
  } else if (e.what == "status_row.deleted") {
    text = absl::StrCat("MAPI deletes row ", field("row"), " from the status table.");
  } else if (e.what == "held") {
    text = absl::StrCat("MAPI keeps ", field("lib"), " loaded: objects it made are still alive.");
  } else if (e.what == "finding") {
    text = absl::StrCat("MAPI itself reports rule ", field("rule"), ": ", field("detail"), ".");
  } else if (e.what == "client.scenario" || e.what == "client.step") {
    text = ClientNoteText(e);
  } else {
    text = absl::StrCat("MAPI notes ", e.what, e.obj.empty() ? "" : " on ", e.obj, ".");
  }
  absl::StrAppend(&out_, Indent(static_cast<int>(stack_[e.thread].size())), "· ", text, "\n");
}

// Keeps what later steps need to tell their meaning: which store a support
// object serves, which stores the client logged off, which providers ran.
void Explainer::TrackCall(const Event& call) {
  if (call.side == "client>mapi" && call.method == "StoreLogoff")
    stores_logged_off_.insert(call.obj);
  if (call.method == "Shutdown") shut_down_.push_back(call.obj);
}

void Explainer::TrackReturn(const std::string& support, const Event& ret) {
  if (!ret.out.is_object()) return;
  if (ret.out.contains("provider") && ret.out["provider"].is_string()) {
    providers_.push_back(ret.out["provider"].get<std::string>());
  }
  if (!support.empty() && ret.out.contains("store") && ret.out["store"].is_string()) {
    support_store_[support] = ret.out["store"].get<std::string>();
  }
}

void Explainer::Flush() {
  if (!pending_) return;
  Pending p = std::move(*pending_);
  pending_.reset();
  Open& open = open_[p.call.seq];
  if (p.ret) TrackReturn(open.support, *p.ret);
  if (IsNoise(p)) {
    ++hidden_;
  } else {
    WriteStep(p);
    open.step = steps_;
  }
  if (p.ret) {  // a step with its return: nothing stays open
    open_.erase(p.call.seq);
    std::vector<uint64_t>& stack = stack_[p.call.thread];
    if (!stack.empty() && stack.back() == p.call.seq) stack.pop_back();
  }
}

void Explainer::Observe(const Event& e) {
  ++events_;
  if (e.ev == EventKind::kReturn && pending_ && !pending_->ret && pending_->call.seq == e.call) {
    pending_->ret = e;
    return;
  }
  Flush();
  switch (e.ev) {
    case EventKind::kCall:
    case EventKind::kEntry: {
      std::vector<uint64_t>& stack = stack_[e.thread];
      Open open;
      open.depth = static_cast<int>(stack.size());
      open.name = CallName(e);
      open.obj = e.obj;
      open.client_call = e.side == "client>mapi";
      if (e.args.is_object() && e.args.contains("support") && e.args["support"].is_string()) {
        open.support = e.args["support"].get<std::string>();
      }
      open_[e.seq] = open;
      stack.push_back(e.seq);
      TrackCall(e);
      pending_ = Pending{e, std::nullopt, {}, open.depth};
      break;
    }
    case EventKind::kReturn: {
      auto it = open_.find(e.call);
      std::vector<uint64_t>& stack = stack_[e.thread];
      auto pos = std::find(stack.begin(), stack.end(), e.call);
      if (pos != stack.end()) stack.erase(pos, stack.end());
      if (it == open_.end()) break;
      if (it->second.step > 0) WriteReturn(e, it->second);
      TrackReturn(it->second.support, e);
      open_.erase(it);
      break;
    }
    case EventKind::kLoad:
    case EventKind::kUnload:
      WriteLibrary(e);
      break;
    case EventKind::kNote:
      WriteNote(e);
      break;
  }
}

void Explainer::AddFinding(const Finding& f) {
  if (pending_ && (pending_->call.seq == f.seq || (pending_->ret && pending_->ret->seq == f.seq))) {
    pending_->findings.push_back(f);
    return;
  }
  Flush();
  WriteFinding(f, 0);
}

std::string Explainer::Finish() {
  Flush();
  const auto list = [](const std::vector<std::string>& names) {
    return names.empty() ? std::string("none") : absl::StrJoin(names, ", ");
  };
  absl::StrAppend(&out_, "\nSummary: ", events_, " events told in ", steps_, " steps (", hidden_,
                  " AddRef/Release calls left out).\n");
  absl::StrAppend(&out_, "Provider libraries loaded: ", list(loaded_),
                  "; unloaded: ", list(unloaded_), ".\n");
  absl::StrAppend(&out_, "Provider objects started: ", list(providers_),
                  "; shut down: ", list(shut_down_), ".\n");
  if (errors_ + warnings_ == 0) {
    out_ += "Findings: none; the trace keeps every rule the checker knows.\n";
  } else {
    absl::StrAppend(&out_, "Findings: ", errors_, " error(s), ", warnings_,
                    " warning(s): ", absl::StrJoin(finding_lines_, "; "), ".\n");
  }
  return std::move(out_);
}

absl::StatusOr<std::string> ExplainTrace(TraceReader& reader) {
  Explainer explainer(reader.name());
  Checker checker;
  while (true) {
    absl::StatusOr<std::optional<Event>> event = reader.Next();
    if (!event.ok()) return event.status();
    if (!event->has_value()) break;
    explainer.Observe(**event);
    checker.Observe(**event);
    for (const Finding& f : checker.TakeFindings()) explainer.AddFinding(f);
  }
  checker.Finish();
  for (const Finding& f : checker.TakeFindings()) explainer.AddFinding(f);
  return explainer.Finish();
}

}  // namespace mapi_emu::trace
