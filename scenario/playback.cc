#include "scenario/playback.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "trace/reader.h"

namespace mapi_emu::playback {
namespace {

using nlohmann::json;

bool IsProviderCall(const trace::Event& e) {
  return e.ev == trace::EventKind::kCall && e.side == "provider>mapi";
}


// A flags argument as the trace writes it: a number, or names in `table`.
ULONG FlagsOf(const json& value, std::span<const trace::FlagName> table) {
  if (value.is_array()) {
    absl::StatusOr<uint32_t> flags = trace::EncodeFlags(value, table);
    return flags.ok() ? *flags : 0;
  }
  return NumberOf(value);
}

// Generic values for IMAPISupport::ModifyStatusRow, the first `count` of them.
std::vector<SPropValue> StatusValues(ULONG count) {
  static const char* kText = "Playback stand-in";
  std::vector<SPropValue> all(8);
  all[0].ulPropTag = PR_PROVIDER_DISPLAY_A;
  all[0].Value.lpszA = const_cast<LPSTR>(kText);
  all[1].ulPropTag = PR_STATUS_CODE;
  all[1].Value.l = STATUS_AVAILABLE;
  all[2].ulPropTag = PR_RESOURCE_METHODS;
  all[2].Value.l = 0;
  all[3].ulPropTag = PR_DISPLAY_NAME_A;
  all[3].Value.lpszA = const_cast<LPSTR>(kText);
  all[4].ulPropTag = PR_STATUS_STRING_A;
  all[4].Value.lpszA = const_cast<LPSTR>("Available");
  all[5].ulPropTag = PR_IDENTITY_DISPLAY_A;
  all[5].Value.lpszA = const_cast<LPSTR>(kText);
  all[6].ulPropTag = PR_RESOURCE_FLAGS;
  all[6].Value.l = 0;
  all[7].ulPropTag = PR_PROVIDER_DLL_NAME_A;
  all[7].Value.lpszA = const_cast<LPSTR>("playback");
  if (count < all.size()) all.resize(count);
  return all;
}

}  // namespace

const json& Field(const json& object, const char* key) {
  static const json* const kNull = new json();
  if (!object.is_object()) return *kNull;
  auto it = object.find(key);
  return it == object.end() ? *kNull : *it;
}

std::string TextOf(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

ULONG NumberOf(const json& value) {
  return value.is_number_unsigned() || value.is_number_integer() ? value.get<ULONG>() : 0;
}

HRESULT ResultOf(const json& result) {
  if (!result.is_string()) return S_OK;
  const std::string name = result.get<std::string>();
  if (std::optional<HRESULT> hr = HresultFromName(name)) return *hr;
  if (name.rfind("0x", 0) == 0) {
    char* end = nullptr;
    const unsigned long value = std::strtoul(name.c_str() + 2, &end, 16);
    if (end != nullptr && *end == 0 && name.size() > 2) return static_cast<HRESULT>(value);
  }
  return MAPI_E_CALL_FAILED;
}

// ---- Loading -------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<Player>> Player::Load(const std::string& path) {
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader = trace::TraceReader::Open(path);
  if (!reader.ok()) return reader.status();
  if ((*reader)->header().mode != trace::Mode::kDeterministic) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ":1: a threaded trace cannot be played back (its events interleave differently "
              "on each run); record it in deterministic mode"));
  }
  std::unique_ptr<Player> player(new Player());
  std::map<std::string, size_t> library_index;
  std::vector<uint64_t> open_seqs;  // calls not returned yet, innermost last
  bool other_threads = false;
  while (true) {
    absl::StatusOr<std::optional<trace::Event>> event = (*reader)->Next();
    if (!event.ok()) return event.status();
    if (!event->has_value()) break;
    trace::Event& e = **event;
    // MAPI's own trace names threads by role: a deterministic run is all
    // "client". The tracer names each system thread it sees (MAPI may make a
    // bounded call on a worker), so a provider-boundary trace is taken in seq
    // order whatever its threads.
    if (e.thread != "client" && e.thread.rfind("client-", 0) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", (*reader)->line(), ": an event on thread '", e.thread,
          "': playback follows one thread (a deterministic run's)"));
    }
    if (e.thread != "client") other_threads = true;
    if ((e.ev == trace::EventKind::kCall && e.side == "client>mapi") ||
        (e.ev == trace::EventKind::kNote && e.what.rfind("client.", 0) == 0)) {
      player->client_side_ = true;
    }
    // One stand-in section per library and entry point (a library may hold
    // a store and a transport).
    if (e.ev == trace::EventKind::kEntry && !library_index.count(e.lib + "/" + e.method)) {
      library_index[e.lib + "/" + e.method] = player->libraries_.size();
      player->libraries_.push_back(
          {e.lib, e.method, TextOf(Field(e.args, "service")), TextOf(Field(e.args, "section"))});
    }
    if (e.ev == trace::EventKind::kReturn) {
      player->return_of_[e.call] = player->recorded_.size();
      if (!open_seqs.empty() && open_seqs.back() == e.call) open_seqs.pop_back();
    }
    if (e.ev == trace::EventKind::kCall || e.ev == trace::EventKind::kEntry) {
      if (IsProviderCall(e) && !open_seqs.empty()) player->inside_[open_seqs.back()].push_back(e.seq);
      open_seqs.push_back(e.seq);
    }
    if ((e.ev == trace::EventKind::kCall && e.side == "mapi>provider") ||
        e.ev == trace::EventKind::kEntry) {
      player->calls_[{e.obj.empty() ? e.lib : e.obj, e.method}].push_back(e.seq);
    }
    player->recorded_lines_.push_back((*reader)->text());
    player->recorded_.push_back(std::move(e));
  }
  if (player->libraries_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no provider library was entered in this trace: nothing to stand in for"));
  }
  if (other_threads && player->client_side_) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": events on more than one client thread: playback follows one thread (a "
              "deterministic run's)"));
  }
  for (RecordedLibrary& library : player->libraries_) {
    if (!library.service.empty()) continue;
    if (player->client_side_) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": the entry event of ", library.name,
          " does not say which service it belongs to (a trace recorded before entry events "
          "carried \"service\"): record it again"));
    }
    // A provider-boundary trace: one service per library.
    std::string upper = library.name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    library.service = absl::StrCat("PLAYBACK_", upper);
  }
  for (size_t i = 0; i < player->recorded_.size(); ++i) {
    if (player->Boundary(player->recorded_[i])) player->recorded_boundary_.push_back(i);
  }
  return player;
}

// mapi_objects_ are MAPI's: the player holds no reference of its own.
Player::~Player() = default;

std::vector<std::string> Player::Services() const {
  std::vector<std::string> services;
  for (const RecordedLibrary& library : libraries_) {
    if (std::find(services.begin(), services.end(), library.service) == services.end()) {
      services.push_back(library.service);
    }
  }
  return services;
}

const trace::Event* Player::Recorded(uint64_t seq) const {
  if (seq == 0 || seq > recorded_.size()) return nullptr;
  return &recorded_[seq - 1];
}

void Player::Problem(std::string what) { problems_.push_back(std::move(what)); }

bool Player::HasCalls(const std::string& name, const std::string& iface) const {
  for (const trace::Event& e : recorded_) {
    if (e.ev == trace::EventKind::kCall && e.obj == name && e.iface == iface) return true;
  }
  return false;
}

StandIn* Player::Object(const std::string& name) {
  auto it = objects_.find(name);
  return it == objects_.end() ? nullptr : it->second.get();
}

void Player::Adopt(std::unique_ptr<StandIn> object) {
  const std::string name = object->name();
  objects_[name] = std::move(object);
}

// ---- Following the new trace -----------------------------------------------------

void Player::SinkBuf::Put(char c) {
  text_.push_back(c);
  if (c != '\n') return;
  const std::string line = text_.substr(line_start_, text_.size() - 1 - line_start_);
  line_start_ = text_.size();
  player_.OnLine(line);
}

Player::SinkBuf::int_type Player::SinkBuf::overflow(int_type c) {
  if (!traits_type::eq_int_type(c, traits_type::eof())) Put(traits_type::to_char_type(c));
  return traits_type::not_eof(c);
}

std::streamsize Player::SinkBuf::xsputn(const char* s, std::streamsize n) {
  for (std::streamsize i = 0; i < n; ++i) Put(s[i]);
  return n;
}

bool Player::Boundary(const trace::Event& e) const {
  return (e.ev == trace::EventKind::kCall || e.ev == trace::EventKind::kReturn ||
          e.ev == trace::EventKind::kEntry) &&
         (e.side == "mapi>provider" || e.side == "provider>mapi");
}

// ---- Comparing provider boundaries ---------------------------------------------

namespace {

// What both MAPIs record the same way of a boundary event, objects renamed
// by `names` (kind#n in order of appearance).
std::string Reduced(const trace::Event& e, std::map<std::string, std::string>& names,
                    std::map<std::string, int>& counts) {
  const auto rename = [&](const std::string& name) -> std::string {
    if (name.empty()) return name;
    auto it = names.find(name);
    if (it != names.end()) return it->second;
    const std::string kind(trace::ObjectKind(name));
    return names[name] = absl::StrCat(kind, "#", ++counts[kind]);
  };
  // The method without its interface: the tracer names the interface it
  // wraps ("IMsgStore::GetProps", "IMsgStore::AddRef"), MAPI the one that
  // declares the method ("IMAPIProp::GetProps", "IUnknown::AddRef").
  std::string text = absl::StrCat(trace::EventKindText(e.ev), " ", e.side, " ", e.method, " ",
                                  e.obj.empty() ? e.lib : rename(e.obj));
  if (e.ev == trace::EventKind::kReturn) {
    absl::StrAppend(&text, " -> ", e.result.is_string() ? e.result.get<std::string>()
                                                         : e.result.dump());
    if (e.out.is_object()) {
      for (const char* key : {"logon", "store", "provider"}) {
        if (e.out.contains(key) && e.out[key].is_string()) {
          absl::StrAppend(&text, " ", key, "=", rename(e.out[key].get<std::string>()));
        }
      }
    }
  }
  return text;
}

}  // namespace

std::vector<std::string> Player::RecordedBoundary() const {
  std::map<std::string, std::string> names;
  std::map<std::string, int> counts;
  std::vector<std::string> lines;
  for (size_t i : recorded_boundary_) lines.push_back(Reduced(recorded_[i], names, counts));
  return lines;
}

std::string Player::CompareBoundary(const std::string& recorded_name) const {
  std::map<std::string, std::string> a_names, b_names;
  std::map<std::string, int> a_counts, b_counts;
  std::vector<std::string> a, b;
  for (size_t i : recorded_boundary_) a.push_back(Reduced(recorded_[i], a_names, a_counts));
  for (const trace::Event& e : new_boundary_) b.push_back(Reduced(e, b_names, b_counts));
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  if (n == a.size() && n == b.size()) return "";
  std::string report =
      absl::StrCat("first divergence at provider-boundary event ", n + 1,
                   n < a.size() ? absl::StrCat(" (", recorded_name, " line ",
                                               recorded_[recorded_boundary_[n]].seq + 1, ")")
                                : std::string(),
                   ":\n");
  for (size_t i = n >= 3 ? n - 3 : 0; i < n; ++i) absl::StrAppend(&report, "  ", a[i], "\n");
  absl::StrAppend(&report, "- ", recorded_name, ": ", n < a.size() ? a[n] : "<end of trace>",
                  "\n+ played back: ", n < b.size() ? b[n] : "<end of trace>", "\n");
  return report;
}

const trace::Event* Player::Next() const {
  if (client_side_) return Recorded(written_ + 1);
  const size_t k = new_boundary_.size();
  return k < recorded_boundary_.size() ? &recorded_[recorded_boundary_[k]] : nullptr;
}

void Player::OnLine(const std::string& line) {
  if (line.rfind("{\"schema\"", 0) == 0) return;  // the header
  absl::StatusOr<trace::Event> event = trace::ParseEvent(line);
  if (!event.ok()) return;
  written_ = event->seq;
  if (client_side_) {
    if (!diverged_ &&
        (written_ > recorded_lines_.size() || recorded_lines_[written_ - 1] != line)) {
      diverged_ = true;
    }
  } else if (Boundary(*event)) {
    // Only the boundary is compared; a call or result that differs stops
    // the top-level calls (the structural ones go on).
    const trace::Event* expected = Next();
    if (!diverged_ && (expected == nullptr || expected->ev != event->ev ||
                       expected->method != event->method || expected->side != event->side)) {
      diverged_ = true;
    }
    new_boundary_.push_back(*event);
  }
  last_ = std::move(*event);
}

std::optional<uint64_t> Player::TakeCall(const std::string& obj, const std::string& method) {
  auto it = calls_.find({obj, method});
  if (it == calls_.end()) return std::nullopt;
  size_t& next = next_call_[{obj, method}];
  if (next >= it->second.size()) return std::nullopt;
  return it->second[next++];
}

// ---- Answering MAPI's calls -------------------------------------------------------

Answer Player::Call(const std::string& self, const char* method,
                    std::initializer_list<std::pair<const char*, IUnknown*>> given) {
  Answer answer;
  // Traced: the event MAPI wrote last is this very call, not answered yet.
  if (!last_ || last_->ev != trace::EventKind::kCall || last_->side != "mapi>provider" ||
      (client_side_ && last_->obj != self) || last_->method != method ||
      answered_.count(last_->seq)) {
    return answer;
  }
  answered_.insert(last_->seq);
  std::optional<uint64_t> call = TakeCall(self, method);
  if (!call) {
    Problem(absl::StrCat("seq ", last_->seq, ": MAPI called ", self, "::", method,
                         " more often than the recording has it"));
    answer.traced = true;
    answer.hr = MAPI_E_CALL_FAILED;
    return answer;
  }
  const trace::Event& recorded = *Recorded(*call);
  answer.traced = true;
  answer.args = recorded.args;
  for (const auto& [arg, object] : given) {
    const std::string name = TextOf(Field(recorded.args, arg));
    if (!name.empty() && object != nullptr) mapi_objects_[name] = object;
  }
  // The provider's own calls into MAPI inside this one, in order. Until the
  // traces differ each comes exactly where the recording has it; after, the
  // stand-in still does what its provider did, so the run ends as it would.
  if (auto inside = inside_.find(*call); inside != inside_.end()) {
    for (uint64_t seq : inside->second) Play(*Recorded(seq));
  }
  auto ret = return_of_.find(*call);
  if (ret == return_of_.end()) {
    // The recording ends inside this call (a hung provider, a cut trace).
    Problem(absl::StrCat("seq ", *call, ": the recording has no return of ", self, "::", method));
    answer.hr = MAPI_E_CALL_FAILED;
    return answer;
  }
  const trace::Event& returned = recorded_[ret->second];
  if (std::optional<int64_t> refs = trace::ResultNumber(returned)) {
    answer.refs = static_cast<ULONG>(*refs);
  } else {
    answer.hr = ResultOf(returned.result);
  }
  answer.out = returned.out;
  return answer;
}

void Player::Pump() {
  if (playing_) return;
  playing_ = true;
  // Top-level calls have no call around them to place them: only while the
  // new trace follows the recording.
  while (!diverged_) {
    const trace::Event* next = Next();
    if (next == nullptr || !IsProviderCall(*next)) break;
    if (!Play(*next)) {
      diverged_ = true;
      break;
    }
  }
  playing_ = false;
}

HRESULT Player::ProviderInit(const char* entry, HINSTANCE, LPMALLOC, ULONG, ULONG,
                             ULONG* provider_version, IUnknown** provider) {
  *provider = nullptr;
  *provider_version = CURRENT_SPI_VERSION;
  if (!last_ || last_->ev != trace::EventKind::kEntry || last_->method != entry) {
    Problem(absl::StrCat("an entry point ", entry, " MAPI did not trace"));
    return MAPI_E_CALL_FAILED;
  }
  const std::string lib = last_->lib;
  answered_.insert(last_->seq);
  std::optional<uint64_t> call = TakeCall(lib, entry);
  auto ret = call ? return_of_.find(*call) : return_of_.end();
  if (!call || ret == return_of_.end()) {
    Problem(absl::StrCat("seq ", last_->seq, ": ", lib, "'s ", entry,
                         " is not in the recording (or has no return)"));
    return MAPI_E_CALL_FAILED;
  }
  const trace::Event& returned = recorded_[ret->second];
  const std::string version = TextOf(Field(returned.out, "version"));
  if (version.rfind("0x", 0) == 0) {
    *provider_version = static_cast<ULONG>(std::strtoul(version.c_str() + 2, nullptr, 16));
  }
  const std::string name = TextOf(Field(returned.out, "provider"));
  if (!name.empty()) {
    std::unique_ptr<StandIn> made = MakeProvider(*this, entry, name);
    *provider = made->unknown();
    Adopt(std::move(made));
  }
  return ResultOf(returned.result);
}

// ---- Making the provider's calls -----------------------------------------------

bool Player::Play(const trace::Event& call) {
  auto it = mapi_objects_.find(call.obj);
  if (it == mapi_objects_.end()) {
    Problem(absl::StrCat("seq ", call.seq, ": cannot make ", trace::CallName(call), " on ",
                         call.obj, ": no stand-in was given that object"));
    return false;
  }
  IUnknown* object = it->second;
  if (call.method == "AddRef") {
    object->AddRef();
    return true;
  }
  if (call.method == "Release") {
    if (object->Release() == 0) mapi_objects_.erase(call.obj);
    return true;
  }
  if (call.iface == "IMAPISupport") {
    return PlaySupport(call, static_cast<IMAPISupport*>(object));
  }
  Problem(absl::StrCat("seq ", call.seq, ": the player cannot make ", trace::CallName(call)));
  return false;
}

bool Player::PlaySupport(const trace::Event& call, IMAPISupport* support) {
  const json& args = call.args;
  const std::string& m = call.method;
  if (m == "OpenProfileSection") {
    const MAPIUID* uid = Uid(Field(args, "uid"), m);
    LPPROFSECT section = nullptr;
    if (SUCCEEDED(support->OpenProfileSection(const_cast<LPMAPIUID>(uid),
                                              NumberOf(Field(args, "flags")), &section)) &&
        section != nullptr) {
      AddCandidates(section);
      section->Release();
    }
    return true;
  }
  if (m == "SetProviderUID") {
    // A provider-boundary trace names no UID: a new one each time.
    const json name = args.contains("uid") ? args["uid"] : json(absl::StrCat("unnamed@", call.seq));
    const MAPIUID* uid = Uid(name, m);
    (void)support->SetProviderUID(const_cast<LPMAPIUID>(uid), NumberOf(Field(args, "flags")));
    return true;
  }
  if (m == "NewUID") {
    MAPIUID uid{};
    if (SUCCEEDED(support->NewUID(&uid))) new_uids_.push_back(uid);
    return true;
  }
  if (m == "ModifyStatusRow") {
    // A provider-boundary trace does not count the values: the four a status
    // row needs most.
    std::vector<SPropValue> values =
        StatusValues(args.contains("values") ? NumberOf(args["values"]) : 4);
    (void)support->ModifyStatusRow(static_cast<ULONG>(values.size()), values.data(),
                                   NumberOf(Field(args, "flags")));
    return true;
  }
  if (m == "WrapStoreEntryID") {
    BYTE id[24] = {0, 0, 0, 0, 'p', 'l', 'a', 'y', 'b', 'a', 'c', 'k'};
    ULONG cb = 0;
    LPENTRYID wrapped = nullptr;
    if (SUCCEEDED(support->WrapStoreEntryID(sizeof id, reinterpret_cast<LPENTRYID>(id), &cb,
                                            &wrapped)) &&
        wrapped != nullptr) {
      const auto* bytes = reinterpret_cast<const BYTE*>(wrapped);
      wrapped_.assign(bytes, bytes + cb);
      MAPIFreeBuffer(wrapped);
    }
    return true;
  }
  if (m == "Notify") {
    // The recording keeps no notification contents: one object-modified
    // notification under a key no one subscribed to.
    BYTE key_buf[sizeof(NOTIFKEY) + 8] = {};
    auto* key = reinterpret_cast<LPNOTIFKEY>(key_buf);
    key->cb = 8;
    std::memcpy(key->ab, "playback", 8);
    NOTIFICATION n{};
    n.ulEventType = fnevObjectModified;
    ULONG flags = 0;
    (void)support->Notify(key, 1, &n, &flags);
    return true;
  }
  if (m == "StoreLogoffTransports") {
    ULONG flags = FlagsOf(Field(args, "flags"), trace::LogoffFlags());
    (void)support->StoreLogoffTransports(&flags);
    return true;
  }
  if (m == "SpoolerNotify") {
    (void)support->SpoolerNotify(FlagsOf(Field(args, "flags"), trace::SpoolerNotifyFlags()),
                                 nullptr);
    return true;
  }
  if (m == "SpoolerYield") {
    (void)support->SpoolerYield(0);
    return true;
  }
  Problem(absl::StrCat("seq ", call.seq, ": the player cannot make IMAPISupport::", m,
                       " (its arguments are not in the recording)"));
  return false;
}

// ---- MAPIUIDs ----------------------------------------------------------------------

void Player::AddCandidates(IProfSect* section) {
  ULONG count = 0;
  LPSPropValue values = nullptr;
  if (FAILED(section->GetProps(nullptr, 0, &count, &values)) || values == nullptr) return;
  // The service's and the provider's own UIDs first: what a provider opens.
  std::vector<MAPIUID> found;
  for (ULONG preferred : std::initializer_list<ULONG>{PR_SERVICE_UID, PR_PROVIDER_UID, 0}) {
    for (ULONG i = 0; i < count; ++i) {
      const SPropValue& v = values[i];
      if (PROP_TYPE(v.ulPropTag) != PT_BINARY || v.Value.bin.cb != sizeof(MAPIUID)) continue;
      const bool is_preferred = v.ulPropTag == PR_SERVICE_UID || v.ulPropTag == PR_PROVIDER_UID;
      if (preferred != 0 ? v.ulPropTag != preferred : is_preferred) continue;
      MAPIUID uid;
      std::memcpy(uid.ab, v.Value.bin.lpb, sizeof uid.ab);
      found.push_back(uid);
    }
  }
  MAPIFreeBuffer(values);
  for (const MAPIUID& uid : found) {
    bool known = false;
    for (const MAPIUID& c : candidates_) known = known || std::memcmp(&c, &uid, sizeof uid) == 0;
    if (!known) candidates_.push_back(uid);
  }
}

const MAPIUID* Player::Uid(const json& name, const std::string& method) {
  if (!name.is_string()) return nullptr;
  const std::string n = name.get<std::string>();
  if (auto it = uids_.find(n); it != uids_.end()) return &it->second;
  const auto used = [&](const MAPIUID& uid) {
    for (const auto& [bound, bytes] : uids_) {
      if (std::memcmp(&bytes, &uid, sizeof uid) == 0) return true;
    }
    return false;
  };
  // A UID the recording names for the first time: for a profile section, one
  // the profile holds; otherwise one NewUID gave, or a new one.
  const std::vector<MAPIUID>& pool = method == "OpenProfileSection" ? candidates_ : new_uids_;
  for (const MAPIUID& uid : pool) {
    if (!used(uid)) return &(uids_[n] = uid);
  }
  MAPIUID made{};
  const std::string tag = absl::StrCat("playback#", ++made_uids_);
  std::memcpy(made.ab, tag.data(), std::min(tag.size(), sizeof made.ab));
  return &(uids_[n] = made);
}

// ---- A client script for a provider-boundary trace -----------------------------

std::string Player::InferredScript(const std::string& name) const {
  bool store = false, notified = false, queued = false, sent = false, fast = false,
       logoff = false;
  json logoff_flags;
  std::string address_type = "FILE";
  int depth = 0;
  for (const trace::Event& e : recorded_) {
    if (e.ev == trace::EventKind::kReturn) {
      --depth;
      if (e.method == "AddressTypes" && e.out.is_object() && e.out.contains("types") &&
          e.out["types"].is_array() && !e.out["types"].empty() && e.out["types"][0].is_string()) {
        address_type = e.out["types"][0].get<std::string>();
      }
      if ((e.method == "StoreLogoffTransports" || e.method == "StoreLogoff") &&
          e.out.is_object() && trace::HasFlag(Field(e.out, "flags"), "LOGOFF_OUTBOUND_QUEUE")) {
        queued = true;
      }
      continue;
    }
    if (e.ev != trace::EventKind::kCall && e.ev != trace::EventKind::kEntry) continue;
    // A provider's call into MAPI outside any call MAPI made: the client was
    // working on the store's folders and messages.
    if (depth == 0 && e.side == "provider>mapi" && e.method == "Notify") notified = true;
    // The spooler at work outside any call MAPI made for the client (not
    // inside a StoreLogoff): the client ran a spooler step.
    if (depth == 0 && (e.method == "GetOutgoingQueue" || e.method == "SubmitMessage")) {
      sent = true;
    }
    if (e.method == "SubmitMessage") queued = true;
    ++depth;
    if (e.method == "MSProviderInit") store = true;
    // MAPI asking a provider object for IMAPIProviderShutdown: fast shutdown.
    if (e.iface == "IMAPIProviderShutdown" ||
        (e.method == "QueryInterface" && absl::EndsWith(std::string(trace::ObjectKind(e.obj)), "Provider"))) {
      fast = true;
    }
    if (e.method == "StoreLogoff" && e.iface == "IMsgStore") logoff_flags = Field(e.args, "flags").is_array() ? Field(e.args, "flags") : json::array();
    if (e.method == "Logoff" || e.method == "TransportLogoff") logoff = true;
  }
  json steps = json::array();
  steps.push_back({{"do", "MAPIInitialize"}});
  steps.push_back({{"do", "MAPILogonEx"}, {"flags", {"MAPI_EXTENDED", "MAPI_NEW_SESSION"}}, {"as", "s1"}});
  if (store) {
    steps.push_back({{"do", "OpenMsgStore"}, {"session", "s1"}, {"store", "default"}, {"as", "st1"}});
    if (notified || queued || sent) {
      steps.push_back({{"do", "CreateMessage"}, {"store", "st1"}, {"folder", "outbox"},
                       {"subject", "Played back"}, {"body", ""},
                       {"to", {{{"name", "Recipient"}, {"type", address_type},
                                {"address", "${data}/drop"}}}},
                       {"submit", true}});
    }
  }
  if (sent) steps.push_back({{"do", "SpoolerStep"}, {"session", "s1"}, {"step", "SEND_ALL"}});
  if (fast) {
    steps.push_back({{"do", "FastShutdown"}, {"session", "s1"}});
  } else {
    if (store && logoff_flags.is_array()) {
      steps.push_back({{"do", "StoreLogoff"}, {"store", "st1"}, {"flags", logoff_flags}});
    }
    if (store) steps.push_back({{"do", "Release"}, {"object", "st1"}});
    if (logoff || !store) steps.push_back({{"do", "Logoff"}, {"session", "s1"}});
    steps.push_back({{"do", "Release"}, {"object", "s1"}});
    steps.push_back({{"do", "MAPIUninitialize"}});
  }
  json script = {{"scenario", 1},
                 {"name", name},
                 {"description",
                  "inferred by mapi_emu replay --playback from a trace of the provider boundary "
                  "only (no client script in it)"},
                 {"profile", {{"services", Services()}}},
                 {"steps", steps}};
  return script.dump(2);
}

}  // namespace mapi_emu::playback
