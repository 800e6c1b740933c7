#include "session/session_core.h"

#include <algorithm>
#include <cstring>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/interface_traits.h"
#include "mapi_emu/base/prop_json.h"
#include "mapi_emu/base/prop_util.h"
#include "session/findings.h"
#include "session/mapi_status.h"
#include "session/service_entry.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {

// Fixed, MAPI-owned identifiers ("mapi_emu:status", "mapi_emu:storewr").
const MAPIUID kStatusEntryUid = {
    {'m', 'a', 'p', 'i', '_', 'e', 'm', 'u', ':', 's', 't', 'a', 't', 'u', 's', 0}};
const MAPIUID kStoreWrapUid = {
    {'m', 'a', 'p', 'i', '_', 'e', 'm', 'u', ':', 's', 't', 'o', 'r', 'e', 'w', 'r'}};

namespace {

constexpr ULONG kSubsystemRow = 1;
constexpr ULONG kSpoolerRow = 2;
constexpr ULONG kFirstProviderRow = 3;

const std::vector<ULONG> kStatusColumns = {
    PR_ROWID,         PR_INSTANCE_KEY,     PR_ENTRYID,          PR_OBJECT_TYPE,
    PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_TYPE,
    PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE,      PR_STATUS_STRING_A,
    PR_IDENTITY_DISPLAY_A, PR_IDENTITY_ENTRYID, PR_IDENTITY_SEARCH_KEY};
const std::vector<ULONG> kStoresColumns = {
    PR_INSTANCE_KEY, PR_ENTRYID,        PR_DISPLAY_NAME_A,  PR_PROVIDER_DISPLAY_A,
    PR_RECORD_KEY,   PR_MDB_PROVIDER,   PR_OBJECT_TYPE,     PR_RESOURCE_FLAGS,
    PR_RESOURCE_TYPE, PR_DEFAULT_STORE};

SPropValue Long(ULONG tag, LONG v) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.l = v;
  return p;
}
SPropValue Bool(ULONG tag, bool v) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.b = v ? 1 : 0;
  return p;
}
// The string/bytes must outlive the PropArray::Copy that takes the value.
SPropValue Str(ULONG tag, const std::string& s) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.lpszA = const_cast<char*>(s.c_str());
  return p;
}
SPropValue Bin(ULONG tag, const std::vector<BYTE>& b) {
  SPropValue p{};
  p.ulPropTag = tag;
  p.Value.bin.cb = static_cast<ULONG>(b.size());
  p.Value.bin.lpb = const_cast<BYTE*>(b.data());
  return p;
}

std::vector<BYTE> UidBytes(const MAPIUID& uid) { return {uid.ab, uid.ab + sizeof(uid.ab)}; }

std::vector<BYTE> LongKey(ULONG v) {
  std::vector<BYTE> key(sizeof(v));
  std::memcpy(key.data(), &v, sizeof(v));
  return key;
}

// flags(4) | uid(16) | payload
std::vector<BYTE> MakeEntryId(const MAPIUID& uid, const void* payload, size_t size) {
  std::vector<BYTE> id(4 + sizeof(MAPIUID) + size, 0);
  std::memcpy(id.data() + 4, uid.ab, sizeof(uid.ab));
  if (size > 0) std::memcpy(id.data() + 4 + sizeof(MAPIUID), payload, size);
  return id;
}

bool HasUid(ULONG cb, const ENTRYID* id, const MAPIUID& uid) {
  std::optional<MAPIUID> u = UidRegistry::UidOfEntryId(cb, id);
  return u && IsEqualMAPIUID(&*u, &uid);
}

// A string property of `props` with this ID, 8-bit or wide, as UTF-8.
std::string StringPropOrEmpty(const PropArray& props, ULONG id) {
  const SPropValue* v = props.Find(PROP_TAG(PT_UNSPECIFIED, id));
  if (v == nullptr) return {};
  if (PROP_TYPE(v->ulPropTag) == PT_STRING8 && v->Value.lpszA) return v->Value.lpszA;
  if (PROP_TYPE(v->ulPropTag) == PT_UNICODE) return WideToUtf8(v->Value.lpszW);
  return {};
}

std::optional<LONG> LongProp(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(tag);
  if (v == nullptr) return std::nullopt;
  return v->Value.l;
}

std::vector<BYTE> BinaryProp(const PropArray& props, ULONG tag) {
  const SPropValue* v = props.Find(tag);
  if (v == nullptr || v->Value.bin.lpb == nullptr) return {};
  return {v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb};
}

HRESULT AllocateEntryId(const std::vector<BYTE>& bytes, ULONG* cb, LPENTRYID* out) {
  void* mem = nullptr;
  SCODE sc = ProcessBufferAllocator().Allocate(static_cast<ULONG>(bytes.size()), &mem);
  if (FAILED(sc)) return sc;
  if (!bytes.empty()) std::memcpy(mem, bytes.data(), bytes.size());
  *cb = static_cast<ULONG>(bytes.size());
  *out = static_cast<LPENTRYID>(mem);
  return S_OK;
}

// The text of a provider's MAPIERROR (error and component), or empty.
std::string ErrorText(const MAPIERROR* error, bool unicode) {
  if (error == nullptr) return "";
  auto text = [unicode](LPTSTR s) -> std::string {
    if (s == nullptr) return "";
    if (unicode) return WideToUtf8(reinterpret_cast<const WCHAR*>(s));
    return reinterpret_cast<const char*>(s);
  };
  std::string out = text(error->lpszError);
  const std::string component = text(error->lpszComponent);
  if (!component.empty()) absl::StrAppend(&out, " (", component, ")");
  return out;
}

// Kinds of object names in traces (docs/trace-format.md).
using tracing::kSessionKind;
using tracing::kStoreKind;
using tracing::kSupportKind;

const char* LogonObjectKind(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kStore:
      return "MSLogon";
    case ProviderKind::kAddressBook:
      return "ABLogon";
    case ProviderKind::kTransport:
      return "XPLogon";
  }
  return "?";
}

// Runs a provider call; an exception becomes an HRESULT with a diagnostic.
template <typename F>
HRESULT CallProvider(const std::string& what, F&& f) {
  try {
    return f();
  } catch (...) {
    return HresultFromCurrentException(what);
  }
}

}  // namespace

std::shared_ptr<SessionCore> SessionCore::Create(LibraryRegistry& libraries,
                                                 std::unique_ptr<SessionProfile> profile,
                                                 Options options) {
  std::shared_ptr<SessionCore> core(
      new SessionCore(libraries, std::move(profile), options));
  core->AddSubsystemRows();
  core->BuildStoresTable();
  return core;
}

SessionCore::SessionCore(LibraryRegistry& libraries, std::unique_ptr<SessionProfile> profile,
                         Options options)
    : libraries_(libraries),
      profile_(std::move(profile)),
      options_(options),
      providers_(profile_->Providers()),
      owner_(absl::StrCat("session ", options.session_number)),
      last_error_("MAPI session"),
      status_(TableData::Create(PR_INSTANCE_KEY, kStatusColumns)),
      stores_(TableData::Create(PR_INSTANCE_KEY, kStoresColumns)) {}

SessionCore::~SessionCore() {
  tracing::Forget(this);
  if (spooler_) spooler_->Stop();
  std::vector<Support*> supports;
  {
    absl::MutexLock lock(&mu_);
    supports.swap(supports_);
  }
  for (Support* s : supports) {
    if (s->RefCount() > 0) {
      // The provider still holds it: it stays valid (ended) until the
      // provider's last Release, which frees it.
      spdlog::warn("{}: a {} support object still has {} reference(s) after the session ended",
                   name(), SupportKindText(s->kind()), s->RefCount());
      s->EndLogon();
      // It lives on for the provider that holds it (its memory is MAPI's);
      // kept reachable so that leak checkers see the provider's leak, not ours.
      AbandonObject(s, absl::StrCat("support object kept by its provider after ", name()));
    }
    s->Orphan();
  }
}

std::string SessionCore::name() const {
  return absl::StrCat("session ", options_.session_number, " (profile '", profile_->name(), "')");
}

std::string SessionCore::ProviderName(const ProfileProvider& p) const {
  return absl::StrCat(p.service_name, "/", p.section_name, " (", p.dll_name, ")");
}

ProviderContext SessionCore::Context(const ProfileProvider& p) const {
  return {profile_->name(), p.service_name, p.section_name, tracing::Name(this, kSessionKind)};
}

HRESULT SessionCore::Fail(const absl::Status& status) {
  spdlog::error("{}: {}", name(), std::string(status.message()));
  return last_error_.Set(status);
}

HRESULT SessionCore::CheckNotLoggedOff(const char* method) {
  if (logged_off()) {
    ReportFinding("session.calls-after-logoff", "client", absl::StrCat("IMAPISession::", method),
                  absl::StrCat("called on ", name(), " after Logoff; MAPI_E_INVALID_OBJECT"));
    return MAPI_E_INVALID_OBJECT;
  }
  return S_OK;
}

bool SessionCore::logged_off() const {
  absl::MutexLock lock(&mu_);
  return logged_off_;
}

bool SessionCore::ErrorsReturned() const {
  absl::MutexLock lock(&mu_);
  return ab_errors_;
}

SessionCore::Logon* SessionCore::FindLogon(LogonId id) {
  auto it = logons_.find(id);
  return it == logons_.end() ? nullptr : &it->second;
}

const ProfileProvider* SessionCore::FindProvider(const MAPIUID& provider_uid) const {
  for (const ProfileProvider& p : providers_) {
    if (IsEqualMAPIUID(&p.provider_uid, &provider_uid)) return &p;
  }
  return nullptr;
}

// ---- Tables -----------------------------------------------------------------

void SessionCore::AddSubsystemRows() {
  auto add_row = [this](ULONG row, ULONG type, const std::string& display, ULONG methods,
                        ULONG code, const std::string& status_text) {
    const std::vector<BYTE> key = LongKey(row);
    const std::vector<BYTE> eid = MakeEntryId(kStatusEntryUid, &row, sizeof(row));
    const std::string dll = "mapi_emu";
    SPropValue v[] = {Long(PR_ROWID, static_cast<LONG>(row)),
                      Bin(PR_INSTANCE_KEY, key),
                      Bin(PR_ENTRYID, eid),
                      Long(PR_OBJECT_TYPE, MAPI_STATUS),
                      Str(PR_DISPLAY_NAME_A, display),
                      Str(PR_PROVIDER_DISPLAY_A, display),
                      Str(PR_PROVIDER_DLL_NAME_A, dll),
                      Long(PR_RESOURCE_TYPE, static_cast<LONG>(type)),
                      Long(PR_RESOURCE_FLAGS, 0),
                      Long(PR_RESOURCE_METHODS, static_cast<LONG>(methods)),
                      Long(PR_STATUS_CODE, static_cast<LONG>(code)),
                      Str(PR_STATUS_STRING_A, status_text)};
    absl::Status s = status_->ModifyRow(PropArray::Copy(v, std::size(v)));
    if (!s.ok()) spdlog::error("{}: status table: {}", name(), s.ToString());
  };
  add_row(kSubsystemRow, MAPI_SUBSYSTEM, "MAPI Subsystem", STATUS_VALIDATE_STATE,
          STATUS_AVAILABLE, "Available");
  // Ruling 12: the spooler row exists when a spooler runs, and a MAPI_NO_MAIL
  // session shows it with STATUS_FAILURE (mapilogonex.md).
  if (options_.logon_flags & MAPI_NO_MAIL) {
    add_row(kSpoolerRow, MAPI_SPOOLER, "MAPI Spooler", STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES,
            STATUS_FAILURE, "Not running (MAPI_NO_MAIL session)");
  } else {
    add_row(kSpoolerRow, MAPI_SPOOLER, "MAPI Spooler", STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES,
            STATUS_AVAILABLE, "Available");
  }
}

std::vector<BYTE> SessionCore::WrapStoreEntryId(const MAPIUID& provider_uid,
                                                const std::vector<BYTE>& provider_entry_id) const {
  std::vector<BYTE> payload(provider_uid.ab, provider_uid.ab + sizeof(provider_uid.ab));
  payload.insert(payload.end(), provider_entry_id.begin(), provider_entry_id.end());
  return MakeEntryId(kStoreWrapUid, payload.data(), payload.size());
}

PropArray SessionCore::StoreRow(const ProfileProvider& p) const {
  std::vector<BYTE> inner = BinaryProp(p.props, PR_STORE_ENTRYID);
  if (inner.empty()) inner = BinaryProp(p.props, PR_ENTRYID);
  const std::vector<BYTE> eid = WrapStoreEntryId(p.provider_uid, inner);
  const std::vector<BYTE> uid = UidBytes(p.provider_uid);
  std::vector<BYTE> mdb = BinaryProp(p.props, PR_MDB_PROVIDER);
  if (mdb.empty()) mdb = uid;
  std::string display = StringPropOrEmpty(p.props, PROP_ID(PR_DISPLAY_NAME));
  if (display.empty()) display = p.section_name;
  std::string provider_display = StringPropOrEmpty(p.props, PROP_ID(PR_PROVIDER_DISPLAY));
  const LONG flags = LongProp(p.props, PR_RESOURCE_FLAGS).value_or(0);
  SPropValue v[] = {Bin(PR_INSTANCE_KEY, uid),
                    Bin(PR_ENTRYID, eid),
                    Str(PR_DISPLAY_NAME_A, display),
                    Str(PR_PROVIDER_DISPLAY_A, provider_display),
                    Bin(PR_RECORD_KEY, uid),
                    Bin(PR_MDB_PROVIDER, mdb),
                    Long(PR_OBJECT_TYPE, MAPI_STORE),
                    Long(PR_RESOURCE_FLAGS, flags),
                    Long(PR_RESOURCE_TYPE, MAPI_STORE_PROVIDER),
                    Bool(PR_DEFAULT_STORE, (flags & STATUS_DEFAULT_STORE) != 0)};
  return PropArray::Copy(v, std::size(v));
}

void SessionCore::BuildStoresTable() {
  std::vector<PropArray> rows;
  for (const ProfileProvider& p : providers_) {
    if (p.resource_type == MAPI_STORE_PROVIDER) rows.push_back(StoreRow(p));
  }
  absl::Status s = stores_->ModifyRows(std::move(rows));
  if (!s.ok()) spdlog::error("{}: message stores table: {}", name(), s.ToString());
}

std::optional<ProfileProvider> SessionCore::CurrentProvider(const MAPIUID& provider_uid) const {
  for (ProfileProvider& p : profile_->Providers()) {
    if (IsEqualMAPIUID(&p.provider_uid, &provider_uid)) return std::move(p);
  }
  return std::nullopt;
}

void SessionCore::RefreshStoreRow(const MAPIUID& provider_uid) {
  // The message stores table is dynamic (message-store-tables.md): a store
  // that wrote its PR_ENTRYID or display name into its profile section at
  // logon shows it, with TABLE_ROW_MODIFIED to the table's sinks.
  std::optional<ProfileProvider> p = CurrentProvider(provider_uid);
  if (!p || p->resource_type != MAPI_STORE_PROVIDER) return;
  PropArray row = StoreRow(*p);
  std::optional<PropArray> current = stores_->QueryRow(row[0]);
  if (current && *current == row) return;
  absl::Status s = stores_->ModifyRow(std::move(row));
  if (!s.ok()) spdlog::error("{}: message stores table: {}", name(), s.ToString());
}

PropArray SessionCore::StatusRowFor(const Logon& logon, const PropArray& columns,
                                    ULONG row_id) const {
  const ProfileProvider& p = logon.provider;
  const std::vector<BYTE> key = LongKey(row_id);
  const std::vector<BYTE> eid = MakeEntryId(kStatusEntryUid, &row_id, sizeof(row_id));
  std::string display = StringPropOrEmpty(p.props, PROP_ID(PR_DISPLAY_NAME));
  if (display.empty()) display = p.section_name;
  const std::string provider_display = StringPropOrEmpty(p.props, PROP_ID(PR_PROVIDER_DISPLAY));
  // MAPI's columns: the index and identity columns always, the others only
  // where the provider left them out (ruling 12).
  SPropValue always[] = {Long(PR_ROWID, static_cast<LONG>(row_id)), Bin(PR_INSTANCE_KEY, key)};
  SPropValue defaults[] = {Bin(PR_ENTRYID, eid),
                           Long(PR_OBJECT_TYPE, MAPI_STATUS),
                           Str(PR_PROVIDER_DLL_NAME_A, p.dll_name),
                           Long(PR_RESOURCE_TYPE, static_cast<LONG>(p.resource_type)),
                           Long(PR_RESOURCE_FLAGS, LongProp(p.props, PR_RESOURCE_FLAGS).value_or(0)),
                           Str(PR_DISPLAY_NAME_A, display),
                           Str(PR_PROVIDER_DISPLAY_A, provider_display)};
  PropArray row = PropArray::Copy(defaults, std::size(defaults));
  // The provider's values win over the defaults; a string it gives in the
  // other width replaces ours (same property ID).
  row = row.Merge(columns);
  return row.Merge(always, std::size(always));
}

void SessionCore::RemoveStatusRow(Logon& logon) {
  if (!logon.status_row) return;
  const std::vector<BYTE> key = LongKey(*logon.status_row);
  SPropValue index = Bin(PR_INSTANCE_KEY, key);
  const ULONG row = *logon.status_row;
  logon.status_row.reset();
  absl::Status s = status_->DeleteRow(index);  // TABLE_ROW_DELETED to every sink
  if (!s.ok()) spdlog::warn("{}: removing a status row: {}", name(), s.ToString());
  tracing::Note("status_row.deleted", logon.support, kSupportKind, [&] {
    return nlohmann::json{{"notify", "TABLE_ROW_DELETED"}, {"row", row}};
  });
}

HRESULT SessionCore::GetMsgStoresTable(ULONG flags, LPMAPITABLE* out) {
  if (HRESULT hr = CheckNotLoggedOff("GetMsgStoresTable"); FAILED(hr)) return hr;
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  *out = stores_->CreateView(&owner_).Detach();
  return S_OK;
}

HRESULT SessionCore::GetStatusTable(ULONG flags, LPMAPITABLE* out) {
  if (HRESULT hr = CheckNotLoggedOff("GetStatusTable"); FAILED(hr)) return hr;
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  *out = status_->CreateView(&owner_).Detach();
  return S_OK;
}

// ---- Provider objects and logons -------------------------------------------

absl::StatusOr<SessionCore::ProviderObject*> SessionCore::ProviderFor(const ProfileProvider& p,
                                                                      ProviderKind kind) {
  absl::StatusOr<std::filesystem::path> path =
      ResolveLibrary(p.dll_name, profile_->library_search());
  if (!path.ok()) {
    return HresultToStatus(MAPI_E_LOGON_FAILED,
                           absl::StrCat(Context(p).Describe(), ": ", path.status().message()));
  }
  {
    absl::MutexLock lock(&mu_);
    for (const auto& po : provider_objects_) {
      // Ruling 11: one provider object per session per library and kind.
      if (po->kind == kind && po->library->path() == *path) return po.get();
    }
  }
  absl::StatusOr<std::shared_ptr<LoadedLibrary>> library = libraries_.Acquire(*path);
  if (!library.ok()) {
    return HresultToStatus(MAPI_E_LOGON_FAILED,
                           absl::StrCat(Context(p).Describe(), ": ", library.status().message()));
  }
  absl::StatusOr<IUnknown*> object = libraries_.InitProvider(**library, kind, Context(p));
  if (!object.ok()) {
    HRESULT hr = StatusToHresult(object.status());
    if (object.status().code() == absl::StatusCode::kNotFound) hr = MAPI_E_LOGON_FAILED;
    return HresultToStatus(hr, std::string(object.status().message()));
  }
  auto po = std::make_unique<ProviderObject>();
  po->kind = kind;
  po->library = *library;
  po->object = *object;
  absl::MutexLock lock(&mu_);
  provider_objects_.push_back(std::move(po));
  return provider_objects_.back().get();
}

HRESULT SessionCore::ConfigureService(const ProfileProvider& p) {
  // imsprovider-logon.md et al.: MAPI_E_UNCONFIGURED makes MAPI call the
  // service entry with MSG_SERVICE_CONFIGURE and then try the logon again.
  for (const ProfileService& service : profile_->Services()) {
    if (!IsEqualMAPIUID(&service.service_uid, &p.service_uid)) continue;
    ServiceEntryCall call;
    call.profile_name = profile_->name();
    call.service_uid = service.service_uid;
    call.service_name = service.service_name;
    call.dll_name = service.dll_name;
    call.entry_name = service.entry_name;
    call.search = profile_->library_search();
    call.flags = 0;  // headless: no SERVICE_UI_ALLOWED
    call.context = MSG_SERVICE_CONFIGURE;
    call.open_section = [this](const MAPIUID& uid, ULONG flags, LPPROFSECT* out) {
      return profile_->OpenSection(uid, flags, out);
    };
    if (call.entry_name.empty()) return MAPI_E_UNCONFIGURED;  // nothing can configure it
    ServiceEntryReport report;
    HRESULT hr = CallServiceEntry(libraries_, call, &report);
    if (FAILED(hr)) spdlog::warn("{}: {}", name(), report.message);
    return hr;
  }
  return MAPI_E_UNCONFIGURED;
}

void SessionCore::Start() {
  // Address books first (logging-on-to-mapi.md), in profile order.
  for (const ProfileProvider& p : providers_) {
    if (p.resource_type != MAPI_AB_PROVIDER) continue;
    absl::Status s = LogonAddressBook(p);
    if (!s.ok()) {
      absl::MutexLock lock(&mu_);
      ab_errors_ = true;
    }
  }
  // Transports belong to the spooler; a MAPI_NO_MAIL session has none
  // (mapilogonex.md, §8 rule 62).
  if (options_.logon_flags & MAPI_NO_MAIL) return;
  Spooler::Options spooler;
  spooler.mode = options_.spooler_mode ? *options_.spooler_mode : DefaultSpoolerMode();
  spooler.session_name = name();
  spooler_ = std::make_unique<Spooler>(std::move(spooler));
  for (const ProfileProvider& p : providers_) {
    if (p.resource_type != MAPI_TRANSPORT_PROVIDER) continue;
    (void)LogonTransport(p);  // a failing transport is logged; the session goes on
  }
}

absl::Status SessionCore::LogonTransport(const ProfileProvider& p) {
  absl::Status s = LogonTransportOnce(p);
  if (StatusToHresult(s) == MAPI_E_UNCONFIGURED && SUCCEEDED(ConfigureService(p))) {
    s = LogonTransportOnce(p);
  }
  if (!s.ok()) Fail(s);
  return s;
}

absl::Status SessionCore::LogonTransportOnce(const ProfileProvider& p) {
  // Ruling 11: one XPProviderInit per session per transport library.
  absl::StatusOr<ProviderObject*> provider = ProviderFor(p, ProviderKind::kTransport);
  if (!provider.ok()) return provider.status();
  LogonId id;
  Support* support;
  {
    absl::MutexLock lock(&mu_);
    id = next_logon_++;
    support = MakeComObject<Support>(SupportKind::kTransport, id, weak_from_this(),
                                     ProviderName(p), &(*provider)->library->owner())
                  .Detach();
    supports_.push_back(support);
    Logon& logon = logons_[id];
    logon.id = id;
    logon.kind = ProviderKind::kTransport;
    logon.provider = p;
    logon.provider_object = *provider;
    logon.support = support;
  }
  auto* xp = static_cast<IXPProvider*>((*provider)->object);
  LPMAPIERROR error = nullptr;
  LPXPLOGON xp_logon = nullptr;
  std::string profile_name = profile_->name();
  ULONG flags = LOGON_NO_DIALOG | (options_.logon_flags & MAPI_UNICODE ? MAPI_UNICODE : 0);
  tracing::TracedCall traced_logon(
      tracing::kMapiToProvider, "IXPProvider", "TransportLogon", xp,
      ProviderObjectKind(ProviderKind::kTransport), [&] {
        return nlohmann::json{{"flags", tracing::Flags(flags, trace::TransportLogonFlags())},
                              {"support", tracing::Name(support, kSupportKind)}};
      });
  HRESULT hr = CallProvider(absl::StrCat(ProviderName(p), ": IXPProvider::TransportLogon"), [&] {
    return xp->TransportLogon(support, 0, profile_name.data(), &flags, &error, &xp_logon);
  });
  traced_logon.Return(hr, [&] {
    nlohmann::json out = {{"flags", tracing::Flags(flags, trace::TransportLogonFlags())}};
    if (xp_logon != nullptr) out["logon"] = tracing::Name(xp_logon, "XPLogon");
    return out;
  });
  const std::string provider_error =
      ErrorText(error, (options_.logon_flags & MAPI_UNICODE) != 0);
  ProviderFreeBuffer(error);
  absl::Status result;
  if (FAILED(hr) || xp_logon == nullptr) {
    if (SUCCEEDED(hr)) hr = MAPI_E_CALL_FAILED;
    {
      absl::MutexLock lock(&mu_);
      logons_.erase(id);
    }
    support->EndLogon();
    result = HresultToStatus(
        hr, absl::StrCat(Context(p).Describe(), ": IXPProvider::TransportLogon returned ",
                         HresultName(hr), provider_error.empty() ? "" : ": ", provider_error,
                         hr == MAPI_E_FAILONEPROVIDER || hr == MAPI_E_UNCONFIGURED
                             ? "; this provider is skipped"
                             : "; the service is disabled for this session"));
    support->ReleaseMapiReference();
    return result;
  }
  // The spooler's first call on a new transport logon (ixplogon-addresstypes.md,
  // §8 rule 21). The arrays stay the provider's: it frees them at TransportLogoff.
  ULONG at_flags = 0;
  ULONG count_types = 0;
  LPTSTR* types = nullptr;
  ULONG count_uids = 0;
  LPMAPIUID* uids = nullptr;
  tracing::TracedCall traced_types(tracing::kMapiToProvider, "IXPLogon", "AddressTypes", xp_logon,
                                   "XPLogon", [&] {
                                     return nlohmann::json{{"flags", at_flags}};
                                   });
  HRESULT at = CallProvider(absl::StrCat(ProviderName(p), ": IXPLogon::AddressTypes"), [&] {
    return xp_logon->AddressTypes(&at_flags, &count_types, &types, &count_uids, &uids);
  });
  traced_types.Return(at, [&] {
    nlohmann::json names = nlohmann::json::array();
    for (ULONG i = 0; SUCCEEDED(at) && types != nullptr && i < count_types; ++i) {
      if (types[i] != nullptr) names.push_back(reinterpret_cast<const char*>(types[i]));
    }
    return nlohmann::json{{"types", std::move(names)}, {"uids", SUCCEEDED(at) ? count_uids : 0}};
  });
  std::vector<std::string> address_types;
  SpoolerTransport handed;
  if (SUCCEEDED(at)) {
    for (ULONG i = 0; types != nullptr && i < count_types; ++i) {
      if (types[i] != nullptr) address_types.emplace_back(reinterpret_cast<const char*>(types[i]));
    }
    for (ULONG i = 0; uids != nullptr && i < count_uids; ++i) {
      if (uids[i] != nullptr) handed.uids.push_back(*uids[i]);
    }
    // A NULL type array: the transport takes every address type.
    handed.catch_all = types == nullptr;
  } else {
    spdlog::warn("{}: IXPLogon::AddressTypes returned {}; the transport handles no address "
                 "type",
                 ProviderName(p), HresultName(at));
  }
  {
    absl::MutexLock lock(&mu_);
    if (Logon* logon = FindLogon(id); logon != nullptr) {
      logon->logon_object = xp_logon;
      logon->established = true;
      logon->xp_flags = flags;
      logon->address_types = address_types;
      ++(*provider)->live_logons;
      handed.name = LogonName(*logon);
    }
  }
  support->ReleaseMapiReference();
  // Transports belong to the spooler (ruling 8): it gets its own reference.
  if (spooler_ && !handed.name.empty()) {
    handed.id = id;
    handed.logon = xp_logon;
    handed.logon_flags = flags;
    handed.address_types = std::move(address_types);
    {
      tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "AddRef", xp_logon,
                                 "XPLogon");
      traced.ReturnCount(xp_logon->AddRef());
    }
    spooler_->AddTransport(std::move(handed));
  }
  return result;
}

// ---- Clients of a shared session, fast shutdown ---------------------------------

void SessionCore::ClientJoined() {
  absl::MutexLock lock(&mu_);
  ++clients_;
}

bool SessionCore::ClientLeft() {
  absl::MutexLock lock(&mu_);
  if (clients_ > 0) --clients_;
  return clients_ == 0;
}

int SessionCore::clients() const {
  absl::MutexLock lock(&mu_);
  return clients_;
}

void SessionCore::NotifyEndOfSession(const std::vector<ULONG_PTR>& connections) {
  std::vector<ULONG_PTR> inner;
  {
    absl::MutexLock lock(&mu_);
    for (ULONG_PTR c : connections) {
      auto it = advises_.find(c);
      if (it != advises_.end() && it->second.first == 0) inner.push_back(it->second.second);
    }
  }
  NOTIFICATION n{};
  n.ulEventType = fnevCriticalError;
  n.info.err.scode = MAPI_E_END_OF_SESSION;
  for (ULONG_PTR c : inner) notifications_.NotifyConnection(c, 1, &n);
}

bool SessionCore::fast_shut_down() const {
  absl::MutexLock lock(&mu_);
  return fast_shut_down_;
}

HRESULT SessionCore::FastShutdown(FastShutdownStep step) {
  // Transports, then address books, then stores (fast-shutdown-overview.md).
  struct Target {
    IUnknown* object;
    std::string who;
    const char* kind;  // how a trace names the provider object
  };
  std::vector<Target> targets;
  {
    absl::MutexLock lock(&mu_);
    if (fast_shut_down_) return S_OK;
    for (ProviderKind kind :
         {ProviderKind::kTransport, ProviderKind::kAddressBook, ProviderKind::kStore}) {
      for (const auto& po : provider_objects_) {
        if (po->kind != kind || po->abandoned) continue;
        tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "AddRef", po->object,
                                   ProviderObjectKind(kind));
        traced.ReturnCount(po->object->AddRef());
        targets.push_back(Target{po->object,
                                 absl::StrCat(po->library->path().filename().string(), " (",
                                              ProviderKindText(kind), " provider object, ",
                                              name(), ")"),
                                 ProviderObjectKind(kind)});
      }
    }
    if (step == FastShutdownStep::kDo) fast_shut_down_ = true;
  }
  // The spooler's thread stops before the providers hear DoFastShutdown, and
  // it calls nothing afterwards.
  if (step == FastShutdownStep::kDo && spooler_) spooler_->Abandon();
  const char* method = step == FastShutdownStep::kQuery    ? "QueryFastShutdown"
                       : step == FastShutdownStep::kNotify ? "NotifyProcessShutdown"
                                                           : "DoFastShutdown";
  HRESULT result = S_OK;
  for (auto& [object, who, kind] : targets) {
    IMAPIProviderShutdown* ps = nullptr;
    tracing::TracedCall traced_qi(tracing::kMapiToProvider, "IUnknown", "QueryInterface", object,
                                  kind, [] {
                                    return nlohmann::json{{"iid", "IID_IMAPIProviderShutdown"}};
                                  });
    HRESULT qi = traced_qi.Return(
        CallProvider(absl::StrCat(who, ": QueryInterface"), [&, obj = object] {
          return obj->QueryInterface(IID_IMAPIProviderShutdown, reinterpret_cast<void**>(&ps));
        }));
    if (SUCCEEDED(qi) && ps != nullptr) {
      // Recorded on the provider object it was asked of (the interface is
      // one more face of the same object).
      tracing::TracedCall traced(tracing::kMapiToProvider, "IMAPIProviderShutdown", method, object,
                                 kind);
      HRESULT hr = CallProvider(absl::StrCat(who, ": IMAPIProviderShutdown::", method), [&] {
        switch (step) {
          case FastShutdownStep::kQuery:
            return ps->QueryFastShutdown();
          case FastShutdownStep::kNotify:
            return ps->NotifyProcessShutdown();
          case FastShutdownStep::kDo:
            return ps->DoFastShutdown();
        }
        return E_FAIL;
      });
      traced.Return(hr, [] { return nullptr; });
      if (step == FastShutdownStep::kQuery && FAILED(hr)) {
        if (hr != MAPI_E_NO_SUPPORT) {
          ReportFinding("fastshutdown.supported", who, "IMAPIProviderShutdown::QueryFastShutdown",
                        absl::StrCat("returned ", HresultName(hr),
                                     "; taken as MAPI_E_NO_SUPPORT"));
        }
        spdlog::info("{}: does not support fast shutdown", who);
        result = MAPI_E_NO_SUPPORT;
      } else if (FAILED(hr)) {
        spdlog::warn("{}: IMAPIProviderShutdown::{} returned {}", who, method, HresultName(hr));
      }
      tracing::TracedCall traced_release(tracing::kMapiToProvider, "IUnknown", "Release", object,
                                         kind);
      CallProvider(absl::StrCat(who, ": IMAPIProviderShutdown::Release"), [&] {
        traced_release.ReturnCount(ps->Release());
        return S_OK;
      });
    }
    tracing::TracedCall traced_release(tracing::kMapiToProvider, "IUnknown", "Release", object,
                                       kind);
    CallProvider(absl::StrCat(who, ": Release"), [&, obj = object] {
      traced_release.ReturnCount(obj->Release());
      return S_OK;
    });
  }
  if (step == FastShutdownStep::kDo) {
    // The process is about to exit: every provider object and logon object
    // stays as it is, reachable for leak checkers, and no call reaches them.
    absl::MutexLock lock(&mu_);
    for (const auto& po : provider_objects_) AbandonObject(po->object, "after DoFastShutdown");
    for (const auto& [lid, logon] : logons_) {
      if (logon.logon_object) AbandonObject(logon.logon_object, "after DoFastShutdown");
      if (logon.store_state) {
        absl::MutexLock state_lock(&logon.store_state->mu);
        logon.store_state->fast_shut_down = true;
      }
    }
  }
  return result;
}

absl::Status SessionCore::LogonAddressBook(const ProfileProvider& p) {
  absl::Status s = LogonAddressBookOnce(p);
  if (StatusToHresult(s) == MAPI_E_UNCONFIGURED && SUCCEEDED(ConfigureService(p))) {
    s = LogonAddressBookOnce(p);
  }
  if (!s.ok()) Fail(s);
  return s;
}

absl::Status SessionCore::LogonAddressBookOnce(const ProfileProvider& p) {
  absl::StatusOr<ProviderObject*> provider = ProviderFor(p, ProviderKind::kAddressBook);
  if (!provider.ok()) return provider.status();
  LogonId id;
  Support* support;
  {
    absl::MutexLock lock(&mu_);
    id = next_logon_++;
    support = MakeComObject<Support>(SupportKind::kAddressBook, id, weak_from_this(),
                                     ProviderName(p), &(*provider)->library->owner())
                  .Detach();
    supports_.push_back(support);
    Logon& logon = logons_[id];
    logon.id = id;
    logon.kind = ProviderKind::kAddressBook;
    logon.provider = p;
    logon.provider_object = *provider;
    logon.support = support;
  }
  auto* ab = static_cast<IABProvider*>((*provider)->object);
  ULONG cb_security = 0;
  LPBYTE security = nullptr;
  LPMAPIERROR error = nullptr;
  LPABLOGON ab_logon = nullptr;
  std::string profile_name = profile_->name();
  const ULONG flags = AB_NO_DIALOG | (options_.logon_flags & MAPI_UNICODE ? MAPI_UNICODE : 0);
  tracing::TracedCall traced_logon(
      tracing::kMapiToProvider, "IABProvider", "Logon", ab,
      ProviderObjectKind(ProviderKind::kAddressBook), [&] {
        return nlohmann::json{{"flags", flags}, {"support", tracing::Name(support, kSupportKind)}};
      });
  HRESULT hr = CallProvider(absl::StrCat(ProviderName(p), ": IABProvider::Logon"), [&] {
    return ab->Logon(support, 0, profile_name.data(), flags, &cb_security, &security, &error,
                     &ab_logon);
  });
  traced_logon.Return(hr, [&] {
    nlohmann::json out = nlohmann::json::object();
    if (ab_logon != nullptr) out["logon"] = tracing::Name(ab_logon, "ABLogon");
    return out;
  });
  ProviderFreeBuffer(security);
  const std::string provider_error = ErrorText(error, (flags & MAPI_UNICODE) != 0);
  ProviderFreeBuffer(error);
  absl::Status result;
  if (FAILED(hr) || ab_logon == nullptr) {
    if (SUCCEEDED(hr)) hr = MAPI_E_CALL_FAILED;
    absl::MutexLock lock(&mu_);
    logons_.erase(id);
    support->EndLogon();
    result = HresultToStatus(
        hr, absl::StrCat(Context(p).Describe(), ": IABProvider::Logon returned ", HresultName(hr),
                         provider_error.empty() ? "" : ": ", provider_error,
                         hr == MAPI_E_FAILONEPROVIDER || hr == MAPI_E_UNCONFIGURED
                             ? "; this provider is skipped"
                             : "; the service is disabled for this session"));
  } else {
    absl::MutexLock lock(&mu_);
    // The record was made above and only this function removes an
    // unestablished one.
    if (Logon* logon = FindLogon(id); logon != nullptr) {
      logon->logon_object = ab_logon;
      logon->established = true;
      ++(*provider)->live_logons;
    }
  }
  // MAPI's own reference goes now: the provider AddRef'd the support object
  // if it keeps it (iabprovider-logon.md).
  support->ReleaseMapiReference();
  return result;
}

HRESULT SessionCore::OpenMsgStore(ULONG_PTR ui_param, ULONG cb, LPENTRYID entry_id, LPCIID iid,
                                  ULONG flags, LPMDB* out) {
  if (HRESULT hr = CheckNotLoggedOff("OpenMsgStore"); FAILED(hr)) return hr;
  if (out == nullptr || entry_id == nullptr || cb == 0) return MAPI_E_INVALID_PARAMETER;
  constexpr ULONG kKnown = MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MDB_NO_DIALOG |
                           MDB_NO_MAIL | MDB_TEMPORARY | MDB_WRITE | MAPI_UNICODE;
  if (flags & ~kKnown) return MAPI_E_UNKNOWN_FLAGS;
  *out = nullptr;

  // Which store: a wrapped entry ID names the provider's profile section.
  const ProfileProvider* p = nullptr;
  std::vector<BYTE> inner;
  if (HasUid(cb, entry_id, kStoreWrapUid) && cb >= CbNewENTRYID(2 * sizeof(MAPIUID))) {
    MAPIUID provider_uid;
    std::memcpy(provider_uid.ab, entry_id->ab + sizeof(MAPIUID), sizeof(MAPIUID));
    p = FindProvider(provider_uid);
    const BYTE* begin = entry_id->ab + 2 * sizeof(MAPIUID);
    inner.assign(begin, reinterpret_cast<const BYTE*>(entry_id) + cb);
  } else if (std::optional<LogonId> routed = uids_.Route(cb, entry_id)) {
    // A provider's own store entry ID whose MAPIUID an open store registered.
    absl::MutexLock lock(&mu_);
    if (Logon* l = FindLogon(*routed); l && l->kind == ProviderKind::kStore) {
      p = FindProvider(l->provider.provider_uid);
      inner.assign(reinterpret_cast<const BYTE*>(entry_id),
                   reinterpret_cast<const BYTE*>(entry_id) + cb);
    }
  }
  if (p == nullptr || p->resource_type != MAPI_STORE_PROVIDER) {
    return last_error_.Set(MAPI_E_NOT_FOUND,
                           absl::StrCat(name(), ": OpenMsgStore: no message store of the profile "
                                                "has this entry ID"));
  }
  if (inner.empty()) {
    // The table row was made before the store named itself: its profile
    // section may hold its entry ID by now.
    if (std::optional<ProfileProvider> fresh = CurrentProvider(p->provider_uid)) {
      inner = BinaryProp(fresh->props, PR_STORE_ENTRYID);
      if (inner.empty()) inner = BinaryProp(fresh->props, PR_ENTRYID);
    }
  }

  absl::StatusOr<ProviderObject*> provider = ProviderFor(*p, ProviderKind::kStore);
  if (!provider.ok()) return Fail(provider.status());

  LogonId id;
  Support* support;
  {
    absl::MutexLock lock(&mu_);
    id = next_logon_++;
    support = MakeComObject<Support>(SupportKind::kStore, id, weak_from_this(), ProviderName(*p),
                                     &(*provider)->library->owner())
                  .Detach();
    supports_.push_back(support);
    Logon& logon = logons_[id];
    logon.id = id;
    logon.kind = ProviderKind::kStore;
    logon.provider = *p;
    logon.provider_object = *provider;
    logon.support = support;
    logon.store_entry_id = inner;
    logon.store_state = std::make_shared<StoreState>(LogonName(logon));
  }
  auto* ms = static_cast<IMSProvider*>((*provider)->object);
  ULONG cb_spool = 0;
  LPBYTE spool = nullptr;
  LPMAPIERROR error = nullptr;
  LPMSLOGON ms_logon = nullptr;
  LPMDB mdb = nullptr;
  std::string profile_name = profile_->name();
  auto call_logon = [&] {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IMSProvider", "Logon", ms,
                               ProviderObjectKind(ProviderKind::kStore), [&] {
                                 return nlohmann::json{
                                     {"flags", flags},
                                     {"support", tracing::Name(support, kSupportKind)}};
                               });
    HRESULT result = CallProvider(absl::StrCat(ProviderName(*p), ": IMSProvider::Logon"), [&] {
      return ms->Logon(support, ui_param, profile_name.data(), static_cast<ULONG>(inner.size()),
                       inner.empty() ? nullptr : reinterpret_cast<LPENTRYID>(inner.data()), flags,
                       iid, &cb_spool, &spool, &error, &ms_logon, &mdb);
    });
    return traced.Return(result, [&] {
      nlohmann::json names = nlohmann::json::object();
      if (ms_logon != nullptr) names["logon"] = tracing::Name(ms_logon, "MSLogon");
      if (mdb != nullptr) names["store"] = tracing::Name(mdb, kStoreKind);
      return names;
    });
  };
  HRESULT hr = call_logon();
  if (hr == MAPI_E_UNCONFIGURED) {
    ProviderFreeBuffer(error);
    error = nullptr;
    if (SUCCEEDED(ConfigureService(*p))) hr = call_logon();
  }
  std::vector<BYTE> spool_copy;
  if (spool != nullptr && cb_spool > 0) spool_copy.assign(spool, spool + cb_spool);
  // The provider's own words for a failure go into the session's last error.
  const std::string provider_error = ErrorText(error, (flags & MAPI_UNICODE) != 0);
  // MAPI frees the spool-security blob and the MAPIERROR (imsprovider-logon.md).
  ProviderFreeBuffer(spool);
  ProviderFreeBuffer(error);

  if (FAILED(hr) || mdb == nullptr) {
    if (SUCCEEDED(hr)) hr = MAPI_E_CALL_FAILED;
    {
      absl::MutexLock lock(&mu_);
      logons_.erase(id);
    }
    support->EndLogon();
    support->ReleaseMapiReference();
    if (ms_logon != nullptr) {
      tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release", ms_logon,
                                 "MSLogon");
      if (traced.ReturnCount(ms_logon->Release()) == 0) tracing::Forget(ms_logon);
    }
    return Fail(HresultToStatus(
        hr, absl::StrCat(Context(*p).Describe(), ": IMSProvider::Logon returned ",
                         HresultName(hr), provider_error.empty() ? "" : ": ", provider_error)));
  }
  if (ms_logon == nullptr) {
    // The store was already open in this session: the provider handed back
    // the existing store, AddRef'd, and made no new logon (imsprovider-logon.md).
    // The client gets MAPI's wrapper of that store.
    std::shared_ptr<StoreState> existing;
    {
      absl::MutexLock lock(&mu_);
      logons_.erase(id);
      for (const auto& [other_id, other] : logons_) {
        if (other.store == mdb && other.store_state) existing = other.store_state;
      }
    }
    support->EndLogon();
    support->ReleaseMapiReference();
    if (!existing) {
      *out = mdb;  // a store MAPI did not open: handed over as is
      return hr;
    }
    StoreWrapper* wrapper = nullptr;
    {
      absl::MutexLock lock(&existing->mu);
      wrapper = existing->wrapper;
      if (wrapper != nullptr) wrapper->AddRef();
    }
    if (wrapper != nullptr) {
      mdb->Release();  // the wrapper holds its own reference
      *out = wrapper;
    } else {
      *out = MakeComObject<StoreWrapper>(mdb, existing, &(*provider)->library->owner()).Detach();
    }
    return hr;
  }
  {
    absl::MutexLock lock(&mu_);
    // The record was made above and only this function removes an
    // unestablished one.
    if (Logon* logon = FindLogon(id); logon != nullptr) {
      logon->logon_object = ms_logon;
      logon->store = mdb;
      logon->spool_security = std::move(spool_copy);
      logon->established = true;
      ++(*provider)->live_logons;
    }
  }
  // MAPI's own reference: from now on the provider's references alone keep
  // the support object, and its last Release ends the logon (ruling 2).
  support->ReleaseMapiReference();
  RefreshStoreRow(p->provider_uid);
  std::shared_ptr<StoreState> state;
  {
    absl::MutexLock lock(&mu_);
    if (Logon* logon = FindLogon(id)) state = logon->store_state;
  }
  if (!state) state = std::make_shared<StoreState>(ProviderName(*p));  // ended already
  // The spooler logs on to each mail-enabled store (loading-message-store-
  // providers.md) and lets go of it before the client's last reference.
  if (spooler_ && !(flags & MDB_NO_MAIL)) {
    std::weak_ptr<SessionCore> weak = weak_from_this();
    state->before_release = [weak, id] {
      if (auto self = weak.lock(); self && self->spooler_) self->spooler_->ReleaseStore(id);
    };
    SpoolerLogon(id, ms, *p, &(*provider)->library->owner(), flags);
  }
  *out = MakeComObject<StoreWrapper>(mdb, state, &(*provider)->library->owner()).Detach();
  return hr;
}

void SessionCore::SpoolerLogon(LogonId id, IMSProvider* ms, const ProfileProvider& p,
                               const ObjectOwner* owner, ULONG flags) {
  std::vector<BYTE> entry_id;
  std::vector<BYTE> spool;
  std::string who;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (logon == nullptr) return;
    entry_id = logon->store_entry_id;
    spool = logon->spool_security;
    who = LogonName(*logon);
  }
  {
    // The store's entry ID as the store itself gives it (the client may have
    // opened it by a MAPI-wrapped or provisional one).
    IMsgStore* mdb = nullptr;
    {
      absl::MutexLock lock(&mu_);
      if (Logon* logon = FindLogon(id)) mdb = logon->store;
      // Calls on the provider's object are traced as every other one.
      if (mdb != nullptr) {
        tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "AddRef", mdb,
                                   kStoreKind);
        traced.ReturnCount(mdb->AddRef());
      }
    }
    if (mdb != nullptr) {
      for (ULONG tag : {PR_STORE_ENTRYID, PR_ENTRYID}) {
        SPropValue* v = nullptr;
        tracing::TracedCall traced(tracing::kMapiToProvider, "IMAPIProp", "GetProps", mdb,
                                   kStoreKind);
        const bool found =
            SUCCEEDED(traced.Return(GetOneProp(mdb, tag, &v, ProcessBufferAllocator()))) &&
            PROP_TYPE(v->ulPropTag) == PT_BINARY && v->Value.bin.cb > 0;
        if (found) entry_id.assign(v->Value.bin.lpb, v->Value.bin.lpb + v->Value.bin.cb);
        if (v != nullptr) ProcessBufferAllocator().Free(v);
        if (found) break;
      }
      tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release", mdb,
                                 kStoreKind);
      traced.ReturnCount(mdb->Release());
    }
  }
  // Its own support object, whose release does not end the client's logon.
  Support* support =
      MakeComObject<Support>(SupportKind::kStore, id, weak_from_this(), ProviderName(p), owner)
          .Detach();
  // MAPI's reference goes when the logon call is over, on every path.
  absl::Cleanup release_support = [support] { support->ReleaseMapiReference(); };
  support->MarkSpoolerLogon();
  {
    absl::MutexLock lock(&mu_);
    supports_.push_back(support);
  }
  std::string profile_name = profile_->name();
  LPMAPIERROR error = nullptr;
  LPMSLOGON logon = nullptr;
  LPMDB store = nullptr;
  const ULONG spooler_flags =
      MDB_NO_DIALOG | MDB_WRITE | (flags & (MAPI_DEFERRED_ERRORS | MAPI_UNICODE));
  tracing::TracedCall traced_logon(tracing::kMapiToProvider, "IMSProvider", "SpoolerLogon", ms,
                                   ProviderObjectKind(ProviderKind::kStore), [&] {
                                     return nlohmann::json{
                                         {"flags", spooler_flags},
                                         {"support", tracing::Name(support, kSupportKind)}};
                                   });
  HRESULT hr = CallProvider(absl::StrCat(ProviderName(p), ": IMSProvider::SpoolerLogon"), [&] {
    return ms->SpoolerLogon(
        support, 0, profile_name.data(), static_cast<ULONG>(entry_id.size()),
        entry_id.empty() ? nullptr : reinterpret_cast<LPENTRYID>(entry_id.data()), spooler_flags,
        &IID_IMsgStore, static_cast<ULONG>(spool.size()), spool.empty() ? nullptr : spool.data(),
        &error, &logon, &store);
  });
  traced_logon.Return(hr, [&] {
    nlohmann::json out = nlohmann::json::object();
    if (logon != nullptr) out["logon"] = tracing::Name(logon, "MSLogon");
    if (store != nullptr) out["store"] = tracing::Name(store, kStoreKind);
    return out;
  });
  const std::string provider_error = ErrorText(error, (flags & MAPI_UNICODE) != 0);
  ProviderFreeBuffer(error);
  if (FAILED(hr) || logon == nullptr || store == nullptr) {
    if (store != nullptr) {
      tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release", store,
                                 kStoreKind);
      if (traced.ReturnCount(store->Release()) == 0) tracing::Forget(store);
    }
    if (logon != nullptr) {
      tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release", logon, "MSLogon");
      if (traced.ReturnCount(logon->Release()) == 0) tracing::Forget(logon);
    }
    spdlog::warn("{}: IMSProvider::SpoolerLogon returned {}{}{}; the spooler sends nothing from "
                 "this store",
                 who, HresultName(FAILED(hr) ? hr : MAPI_E_CALL_FAILED),
                 provider_error.empty() ? "" : ": ", provider_error);
    return;
  }
  SpoolerStore handed;
  handed.id = id;
  handed.name = who;
  handed.logon = logon;
  handed.store = store;
  handed.default_store = (LongProp(p.props, PR_RESOURCE_FLAGS).value_or(0) & STATUS_DEFAULT_STORE) != 0;
  spooler_->AddStore(std::move(handed));
}

void SessionCore::HostSupportReleased(LogonId id) {
  bool end = false;
  bool call_logoff = false;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (logon == nullptr || logon->ending || !logon->established) return;
    end = true;
    // A store's last support release is MAPI's cue to log it off (ruling 2).
    // An AB or transport provider releases it inside its own logoff method;
    // outside one, the provider dropped it early and MAPI ends the logon.
    call_logoff = true;
  }
  if (end) EndLogon(id, call_logoff, /*bounded=*/false);
}

HRESULT SessionCore::HostSpoolerNotify(LogonId id, bool from_store, ULONG flags, void* data) {
  if (!spooler_) return MAPI_E_NO_SUPPORT;  // a MAPI_NO_MAIL session has no spooler
  return spooler_->SpoolerNotify(id, from_store, flags, data);
}

HRESULT SessionCore::HostSpoolerYield(LogonId id) {
  if (!spooler_) return MAPI_E_NO_SUPPORT;
  return spooler_->SpoolerYield(id);
}

HRESULT SessionCore::HostStatusRecips(LogonId id, LPMESSAGE message, LPADRLIST recipients) {
  if (!spooler_) return MAPI_E_NO_SUPPORT;
  return spooler_->StatusRecips(id, message, recipients);
}

void SessionCore::HostCallAfterLogoff(LogonId id, const char* method) {
  std::string who;
  {
    absl::MutexLock lock(&mu_);
    auto it = ended_names_.find(id);
    if (it != ended_names_.end()) {
      who = it->second;
    } else if (Logon* logon = FindLogon(id)) {
      who = LogonName(*logon);
    } else {
      who = absl::StrCat("logon #", id, ", ", name());
    }
  }
  ReportFinding("support.calls-after-logoff", who, absl::StrCat("IMAPISupport::", method),
                "called after the logon ended; MAPI_E_INVALID_OBJECT");
}

void SessionCore::HostExtraSupportRelease(LogonId id) {
  std::string who;
  {
    absl::MutexLock lock(&mu_);
    auto it = ended_names_.find(id);
    if (it != ended_names_.end()) {
      who = it->second;
    } else if (Logon* logon = FindLogon(id)) {
      who = LogonName(*logon);
    } else {
      who = absl::StrCat("logon #", id, ", ", name());
    }
  }
  ReportFinding("support.release-balance", who, "IMAPISupport::Release",
                "released once more than it was referenced (the count was already 0); ignored");
}

std::string SessionCore::LogonName(const Logon& logon) const {
  const std::string file = logon.provider_object != nullptr
                               ? logon.provider_object->library->path().filename().string()
                               : logon.provider.dll_name;
  return absl::StrCat(file, " (", ProviderKindText(logon.kind), " logon #", logon.id, " of ",
                      logon.provider.section_name, ", session ", options_.session_number, ")");
}

std::chrono::milliseconds SessionCore::ProviderWait() const {
  return options_.provider_wait ? *options_.provider_wait : DefaultProviderWait();
}

void SessionCore::ReportHeld(LoadedLibrary& library, const std::string& kind,
                             const std::string& owner, ULONG remaining, const std::string& why) {
  HeldObject held;
  held.kind = kind;
  held.owner = owner;
  held.refcount = remaining;
  held.why = why;
  library.RecordHeldObject(std::move(held));
}

namespace {

const char* LogonInterface(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kStore:
      return "IMSLogon";
    case ProviderKind::kAddressBook:
      return "IABLogon";
    case ProviderKind::kTransport:
      return "IXPLogon";
  }
  return "?";
}

const char* LogoffMethod(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kStore:
      return "IMSLogon::Logoff";
    case ProviderKind::kAddressBook:
      return "IABLogon::Logoff";
    case ProviderKind::kTransport:
      return "IXPLogon::TransportLogoff";
  }
  return "?";
}

const char* ProviderInterface(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kStore:
      return "IMSProvider";
    case ProviderKind::kAddressBook:
      return "IABProvider";
    case ProviderKind::kTransport:
      return "IXPProvider";
  }
  return "?";
}

// Reports a bounded call's outcome under the rules for its kind of call;
// true when it returned (timed out: false).
bool ReportOutcome(const CallOutcome& out, const std::string& who, const std::string& method,
                   std::chrono::milliseconds wait, const char* failure_rule,
                   const char* consequence) {
  if (out.timed_out) {
    ReportFinding("logoff.returns", who, method,
                  absl::StrCat("did not return within ", wait.count(),
                               " ms; the shutdown goes on without it, its objects are never "
                               "released and the library stays loaded"));
    return false;
  }
  if (out.threw) {
    ReportFinding("abi.no-exceptions", who, method,
                  absl::StrCat("threw (", out.exception, "); ", consequence));
  } else if (FAILED(out.hr)) {
    ReportFinding(failure_rule, who, method,
                  absl::StrCat("returned ", HresultName(out.hr), "; ", consequence));
  }
  return true;
}

}  // namespace

void SessionCore::EndLogon(LogonId id, bool call_logoff, bool bounded) {
  Logon snapshot;
  std::string who;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (logon == nullptr || logon->ending) return;
    // After DoFastShutdown nothing more reaches a provider (§3.4).
    if (fast_shut_down_) return;
    logon->ending = true;
    snapshot = *logon;
    who = LogonName(snapshot);
    ended_names_[id] = who;
  }
  std::shared_ptr<LoadedLibrary> library =
      snapshot.provider_object != nullptr ? snapshot.provider_object->library : nullptr;
  // After NOTIFY_CRITICAL_ERROR a transport is only released
  // (imapisupport-spoolernotify.md).
  if (call_logoff && spooler_ && snapshot.kind == ProviderKind::kTransport &&
      spooler_->CriticalError(id)) {
    call_logoff = false;
  }
  if (snapshot.store_state) {
    absl::MutexLock lock(&snapshot.store_state->mu);
    snapshot.store_state->session_ended = true;
  }
  // 1. MAPI removes the logon's MAPIUIDs and status row (rulings 2 and 3).
  if (tracing::On()) {
    for (const MAPIUID& uid : uids_.UidsOf(id)) {
      tracing::Note("uid.removed", snapshot.support, kSupportKind, [&] {
        return nlohmann::json{{"uid", tracing::UidText(uid)}};
      });
    }
  }
  uids_.RemoveLogon(id);
  {
    absl::MutexLock lock(&mu_);
    if (Logon* logon = FindLogon(id)) RemoveStatusRow(*logon);
  }
  // 2. The logoff method, with a bounded wait (a provider that hangs there
  // is left behind, reported).
  const char* method = LogoffMethod(snapshot.kind);
  bool returned = true;
  if (call_logoff && snapshot.logon_object != nullptr) {
    IUnknown* object = snapshot.logon_object;
    const ProviderKind kind = snapshot.kind;
    const std::chrono::milliseconds wait =
        bounded ? ProviderWait() : std::chrono::milliseconds(0);
    // Recorded on this thread, which waits for the worker (if any).
    tracing::TracedCall traced(tracing::kMapiToProvider, LogonInterface(kind),
                               kind == ProviderKind::kTransport ? "TransportLogoff" : "Logoff",
                               object, LogonObjectKind(kind), [] {
                                 return nlohmann::json{{"flags", nlohmann::json::array()}};
                               });
    CallOutcome out = CallBounded(library, wait, [object, kind]() -> HRESULT {
      switch (kind) {
        case ProviderKind::kStore: {
          ULONG flags = 0;
          return static_cast<IMSLogon*>(object)->Logoff(&flags);
        }
        case ProviderKind::kAddressBook:
          return static_cast<IABLogon*>(object)->Logoff(0);
        case ProviderKind::kTransport:
          return static_cast<IXPLogon*>(object)->TransportLogoff(0);
      }
      return E_FAIL;
    });
    // A call still running when the wait ended has no return yet: MAPI_E_TIMEOUT.
    traced.Return(out.hr);
    // Still logged off (ixplogon-transportlogoff.md, applied to all kinds).
    returned = ReportOutcome(out, who, method, wait, "logoff.succeeds",
                             "the logon is ended all the same");
  }
  snapshot.support->EndLogon();
  if (returned) {
    // A store has called StoreLogoffTransports by now, on every path (rule 38).
    if (snapshot.store_state) {
      int calls;
      {
        absl::MutexLock lock(&snapshot.store_state->mu);
        calls = snapshot.store_state->slt_calls;
      }
      if (calls == 0) {
        ReportFinding("store.slt-once", who, "IMAPISupport::StoreLogoffTransports",
                      "never called before the logon ended (the store's StoreLogoff, or its "
                      "Release with LOGOFF_ABORT, must call it once)");
      }
    }
    // The provider holds no reference to its support object any more (rule 46).
    if (ULONG left = snapshot.support->RefCount(); left > 0) {
      ReportFinding("logoff.releases-support", who, call_logoff ? method : "end of the logon",
                    absl::StrCat("the provider still holds ", left,
                                 " reference(s) to its support object; the library stays "
                                 "loaded while it does"));
    }
  }
  // 3. Release of the logon object: MAPI's is the final one.
  if (snapshot.logon_object != nullptr) {
    const std::string iface = LogonInterface(snapshot.kind);
    if (!returned) {
      AbandonObject(snapshot.logon_object, who);
      if (library) {
        ReportHeld(*library, iface, who, 0,
                   absl::StrCat("never released: its ", method, " did not return"));
      }
    } else {
      ULONG left = 0;
      tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release",
                                 snapshot.logon_object, LogonObjectKind(snapshot.kind));
      CallProvider(absl::StrCat(who, ": ", iface, "::Release"), [&] {
        left = snapshot.logon_object->Release();
        return S_OK;
      });
      traced.ReturnCount(left);
      if (left == 0) tracing::Forget(snapshot.logon_object);
      if (left > 0) {
        ReportFinding("logon.released-at-logoff", who, absl::StrCat(iface, "::Release"),
                      absl::StrCat("MAPI's final Release left ", left,
                                   " reference(s): the provider keeps its logon object alive"));
        if (library) {
          ReportHeld(*library, iface, who, left,
                     absl::StrCat("MAPI's final Release returned ", left));
        }
      }
    }
  }
  ProviderObject* provider = nullptr;
  {
    absl::MutexLock lock(&mu_);
    logons_.erase(id);
    provider = snapshot.provider_object;
    if (provider != nullptr && snapshot.established) {
      --provider->live_logons;
      // Shutdown is only for a provider whose logons are all released.
      if (!returned) provider->abandoned = true;
    }
  }
  // 4. Shutdown and Release of the provider object once it has no logon.
  ReleaseProviderIfUnused(provider, bounded);
}

void SessionCore::ReleaseProviderIfUnused(ProviderObject* provider, bool bounded) {
  if (provider == nullptr) return;
  std::unique_ptr<ProviderObject> owned;
  {
    absl::MutexLock lock(&mu_);
    if (provider->live_logons > 0 || fast_shut_down_) return;
    auto it = std::find_if(provider_objects_.begin(), provider_objects_.end(),
                           [provider](const auto& po) { return po.get() == provider; });
    if (it == provider_objects_.end()) return;
    owned = std::move(*it);
    provider_objects_.erase(it);
  }
  LoadedLibrary& library = *owned->library;
  const std::string iface = ProviderInterface(owned->kind);
  const std::string who =
      absl::StrCat(library.path().filename().string(), " (", ProviderKindText(owned->kind),
                   " provider object, ", name(), ")");
  if (owned->abandoned) {
    AbandonObject(owned->object, who);
    ReportHeld(library, iface, who, 0,
               "never shut down: a logoff method of one of its logons did not return");
    library.ProviderObjectReleased();
    return;
  }
  IUnknown* object = owned->object;
  const ProviderKind kind = owned->kind;
  const std::chrono::milliseconds wait = bounded ? ProviderWait() : std::chrono::milliseconds(0);
  tracing::TracedCall traced_shutdown(tracing::kMapiToProvider, iface.c_str(), "Shutdown", object,
                                      ProviderObjectKind(kind), [] {
                                        return nlohmann::json{{"flags", nlohmann::json::array()}};
                                      });
  CallOutcome out = CallBounded(owned->library, wait, [object, kind]() -> HRESULT {
    ULONG flags = 0;
    switch (kind) {
      case ProviderKind::kStore:
        return static_cast<IMSProvider*>(object)->Shutdown(&flags);
      case ProviderKind::kAddressBook:
        return static_cast<IABProvider*>(object)->Shutdown(&flags);
      case ProviderKind::kTransport:
        return static_cast<IXPProvider*>(object)->Shutdown(&flags);
    }
    return E_FAIL;
  });
  traced_shutdown.Return(out.hr);
  if (!ReportOutcome(out, who, absl::StrCat(iface, "::Shutdown"), wait, "shutdown.succeeds",
                     "the provider object is released all the same")) {
    AbandonObject(object, who);
    ReportHeld(library, iface, who, 0, "never released: its Shutdown did not return");
    library.ProviderObjectReleased();
    return;
  }
  ULONG left = 0;
  tracing::TracedCall traced_release(tracing::kMapiToProvider, "IUnknown", "Release", object,
                                     ProviderObjectKind(kind));
  CallProvider(absl::StrCat(who, ": ", iface, "::Release"), [&] {
    left = object->Release();
    return S_OK;
  });
  traced_release.ReturnCount(left);
  if (left == 0) tracing::Forget(object);
  if (left > 0) {
    ReportFinding("provider.released-at-shutdown", who, absl::StrCat(iface, "::Release"),
                  absl::StrCat("MAPI's final Release left ", left, " reference(s)"));
    ReportHeld(library, iface, who, left, absl::StrCat("MAPI's final Release returned ", left));
  }
  library.ProviderObjectReleased();
}

// ---- Support host --------------------------------------------------------------

HRESULT SessionCore::HostSetProviderUid(LogonId id, const MAPIUID& uid) {
  Support* support = nullptr;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (logon == nullptr || logon->ending) return MAPI_E_INVALID_OBJECT;
    support = logon->support;
  }
  uids_.Register(id, uid);
  tracing::Note("uid.added", support, kSupportKind, [&] {
    return nlohmann::json{{"uid", tracing::UidText(uid)}};
  });
  return S_OK;
}

HRESULT SessionCore::HostModifyStatusRow(LogonId id, const PropArray& columns, bool update) {
  PropArray row;
  Support* support = nullptr;
  ULONG row_id = 0;
  bool added = false;
  bool ended = false;
  {
    absl::MutexLock lock(&mu_);
    ended = FindLogon(id) == nullptr;
  }
  // Once the logon has ended the call breaks a rule (it reaches here from a
  // support object whose logon record is gone, e.g. the spooler's, called
  // from the provider's Shutdown).
  if (ended) {
    HostCallAfterLogoff(id, "ModifyStatusRow");
    return MAPI_E_INVALID_OBJECT;
  }
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    // While the logon ends its row is already gone (rulings 2 and 3).
    if (logon == nullptr || logon->ending) return MAPI_E_INVALID_OBJECT;
    if (!logon->status_row) {
      if (update) {
        spdlog::warn("{}: ModifyStatusRow(STATUSROW_UPDATE) before the row was added; "
                     "adding it",
                     ProviderName(logon->provider));
      }
      logon->status_row = kFirstProviderRow + next_row_++ - 1;
      row = StatusRowFor(*logon, columns, *logon->status_row);
      added = true;
    } else {
      const std::vector<BYTE> key = LongKey(*logon->status_row);
      SPropValue index = Bin(PR_INSTANCE_KEY, key);
      std::optional<PropArray> current = status_->QueryRow(index);
      PropArray base = update && current ? *current : PropArray();
      row = update && current ? base.Merge(columns)
                              : StatusRowFor(*logon, columns, *logon->status_row);
      // The index column is MAPI's whatever the provider sends.
      SPropValue fixed[] = {Long(PR_ROWID, static_cast<LONG>(*logon->status_row)),
                            Bin(PR_INSTANCE_KEY, key)};
      row = row.Merge(fixed, std::size(fixed));
    }
    support = logon->support;
    row_id = *logon->status_row;
  }
  // Table notifications go out from here, with no session lock held.
  absl::Status s = status_->ModifyRow(std::move(row));
  if (!s.ok()) return last_error_.Set(s);
  tracing::Note(added ? "status_row.added" : "status_row.modified", support, kSupportKind, [&] {
    return nlohmann::json{{"notify", added ? "TABLE_ROW_ADDED" : "TABLE_ROW_MODIFIED"},
                          {"row", row_id}};
  });
  return S_OK;
}

HRESULT SessionCore::HostOpenProfileSection(LogonId id, const MAPIUID* uid, ULONG flags,
                                            LPPROFSECT* out) {
  MAPIUID section;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (uid != nullptr) {
      section = *uid;
    } else if (logon != nullptr) {
      section = logon->provider.provider_uid;
    } else {
      return MAPI_E_INVALID_OBJECT;
    }
  }
  return profile_->OpenSection(section, flags, out);
}

HRESULT SessionCore::HostOpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags,
                                   ULONG* obj_type, LPUNKNOWN* out) {
  return OpenEntry(cb, entry_id, iid, flags, obj_type, out);
}

HRESULT SessionCore::HostCompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2,
                                         ULONG flags, ULONG* result) {
  return CompareEntryIDs(cb1, id1, cb2, id2, flags, result);
}

HRESULT SessionCore::HostStoreLogoffTransports(LogonId id, ULONG* flags) {
  std::shared_ptr<StoreState> state;
  std::string who;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (logon == nullptr) return MAPI_E_INVALID_OBJECT;
    state = logon->store_state;
    who = LogonName(*logon);
  }
  const ULONG input = *flags;
  if (state) {
    int calls;
    std::optional<ULONG> client_flags;
    {
      absl::MutexLock lock(&state->mu);
      calls = ++state->slt_calls;
      client_flags = state->storelogoff_flags;
    }
    const char* call = "IMAPISupport::StoreLogoffTransports";
    if (calls > 1) {
      ReportFinding("store.slt-once", who, call,
                    absl::StrCat("called again (call ", calls, ", ", LogoffFlagsText(input),
                                 ") for the same logon"));
    } else if (client_flags && *client_flags != input && IsOneLogoffInputFlag(*client_flags)) {
      ReportFinding("store.slt-same-flag", who, call,
                    absl::StrCat("given ", LogoffFlagsText(input), " but the client's StoreLogoff "
                                 "passed ", LogoffFlagsText(*client_flags)));
    } else if (!client_flags && input != LOGOFF_ABORT) {
      ReportFinding("store.slt-abort-on-release", who, call,
                    absl::StrCat("given ", LogoffFlagsText(input),
                                 " with no StoreLogoff before it; a store logging off from its "
                                 "Release passes LOGOFF_ABORT"));
    }
  }
  // The spooler carries the flag out for its logon on this store (§3.2,
  // §3.5); a store it has no logon on may log off at once.
  ULONG out = LOGOFF_COMPLETE;
  if (spooler_) out = spooler_->StoreLogoffTransports(id, input);
  *flags = out;
  if (state && (out & LOGOFF_COMPLETE)) {
    absl::MutexLock lock(&state->mu);
    state->complete = true;
  }
  return S_OK;
}

HRESULT SessionCore::HostWrapStoreEntryID(LogonId id, ULONG cb, LPENTRYID entry_id,
                                          ULONG* cb_wrapped, LPENTRYID* wrapped) {
  MAPIUID provider_uid;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(id);
    if (logon == nullptr) return MAPI_E_INVALID_OBJECT;
    provider_uid = logon->provider.provider_uid;
  }
  const auto* begin = reinterpret_cast<const BYTE*>(entry_id);
  return AllocateEntryId(WrapStoreEntryId(provider_uid, std::vector<BYTE>(begin, begin + cb)),
                         cb_wrapped, wrapped);
}

// ---- Routing ------------------------------------------------------------------

HRESULT SessionCore::OpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags,
                               ULONG* obj_type, LPUNKNOWN* out) {
  if (HRESULT hr = CheckNotLoggedOff("OpenEntry"); FAILED(hr)) return hr;
  if (obj_type == nullptr || out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  *out = nullptr;
  if (entry_id == nullptr || cb == 0) {
    // Opening the integrated address book's root is not emulated.
    return last_error_.Set(MAPI_E_NO_SUPPORT,
                           "OpenEntry with no entry ID (the address book root) is not supported");
  }
  if (HasUid(cb, entry_id, kStatusEntryUid)) {
    ULONG row = 0;
    if (cb >= CbNewENTRYID(sizeof(MAPIUID) + sizeof(ULONG))) {
      std::memcpy(&row, entry_id->ab + sizeof(MAPIUID), sizeof(row));
    }
    if (row == kSubsystemRow || row == kSpoolerRow) {
      const std::vector<BYTE> key = LongKey(row);
      SPropValue index = Bin(PR_INSTANCE_KEY, key);
      std::optional<PropArray> props = status_->QueryRow(index);
      if (!props) return MAPI_E_NOT_FOUND;
      MapiStatus::FlushFn flush;
      if (row == kSpoolerRow && spooler_) {
        std::weak_ptr<SessionCore> weak = weak_from_this();
        flush = [weak](ULONG f) -> HRESULT {
          auto self = weak.lock();
          if (!self || !self->spooler_ || self->logged_off()) return MAPI_E_INVALID_OBJECT;
          return self->spooler_->FlushQueues(f);
        };
      }
      auto status = MakeComObject<MapiStatus>(*props, &owner_, std::move(flush));
      *obj_type = MAPI_STATUS;
      return status->QueryInterface(iid ? *iid : IID_IMAPIStatus, reinterpret_cast<void**>(out));
    }
    IUnknown* logon_object = nullptr;
    ProviderKind kind = ProviderKind::kStore;
    std::string who;
    {
      absl::MutexLock lock(&mu_);
      for (auto& [lid, logon] : logons_) {
        if (logon.status_row == row && logon.established && !logon.ending) {
          logon_object = logon.logon_object;
          logon_object->AddRef();
          kind = logon.kind;
          who = ProviderName(logon.provider);
          break;
        }
      }
    }
    if (logon_object == nullptr) {
      return last_error_.Set(MAPI_E_UNKNOWN_ENTRYID,
                             "the status row of this entry ID is gone (its provider logged off)");
    }
    HRESULT hr = CallProvider(who + ": OpenStatusEntry", [&] {
      switch (kind) {
        case ProviderKind::kStore:
          return static_cast<IMSLogon*>(logon_object)
              ->OpenStatusEntry(iid, flags, obj_type, reinterpret_cast<LPVOID*>(out));
        case ProviderKind::kAddressBook:
          return static_cast<IABLogon*>(logon_object)
              ->OpenStatusEntry(iid, flags, obj_type, reinterpret_cast<LPMAPISTATUS*>(out));
        case ProviderKind::kTransport:
          return static_cast<IXPLogon*>(logon_object)
              ->OpenStatusEntry(iid, flags, obj_type, reinterpret_cast<LPMAPISTATUS*>(out));
      }
      return E_FAIL;
    });
    logon_object->Release();
    return hr;
  }
  if (HasUid(cb, entry_id, kStoreWrapUid)) {
    // imapisession-openentry.md: the same as OpenMsgStore with MDB_NO_DIALOG,
    // MAPI_MODIFY becoming MDB_WRITE.
    LPMDB mdb = nullptr;
    HRESULT hr = OpenMsgStore(0, cb, entry_id, iid, MDB_NO_DIALOG | ((flags & MAPI_MODIFY) ? MDB_WRITE : 0),
                              &mdb);
    if (FAILED(hr)) return hr;
    *obj_type = MAPI_STORE;
    *out = mdb;
    return hr;
  }
  return AbOpenEntry(cb, entry_id, iid, flags, obj_type, out);
}

HRESULT SessionCore::AbOpenEntry(ULONG cb, LPENTRYID entry_id, LPCIID iid, ULONG flags,
                                 ULONG* obj_type, LPUNKNOWN* out) {
  std::optional<LogonId> routed = uids_.Route(cb, entry_id);
  IUnknown* logon_object = nullptr;
  ProviderKind kind = ProviderKind::kStore;
  std::string who;
  if (routed) {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(*routed);
    if (logon != nullptr && logon->established && !logon->ending && logon->logon_object) {
      logon_object = logon->logon_object;
      logon_object->AddRef();
      kind = logon->kind;
      who = ProviderName(logon->provider);
    }
  }
  if (logon_object == nullptr) {
    // Spec §5: unknown MAPIUID -> MAPI_E_UNKNOWN_ENTRYID, no provider called.
    return last_error_.Set(MAPI_E_UNKNOWN_ENTRYID,
                           "no open provider registered the MAPIUID of this entry ID");
  }
  HRESULT hr = CallProvider(who + ": OpenEntry", [&] {
    if (kind == ProviderKind::kAddressBook) {
      return static_cast<IABLogon*>(logon_object)
          ->OpenEntry(cb, entry_id, iid, flags, obj_type, out);
    }
    return static_cast<IMSLogon*>(logon_object)->OpenEntry(cb, entry_id, iid, flags, obj_type, out);
  });
  logon_object->Release();
  return hr;
}

HRESULT SessionCore::CompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2,
                                     ULONG flags, ULONG* result) {
  if (HRESULT hr = CheckNotLoggedOff("CompareEntryIDs"); FAILED(hr)) return hr;
  if (id1 == nullptr || id2 == nullptr || result == nullptr) return MAPI_E_INVALID_PARAMETER;
  std::optional<MAPIUID> u1 = UidRegistry::UidOfEntryId(cb1, id1);
  std::optional<MAPIUID> u2 = UidRegistry::UidOfEntryId(cb2, id2);
  if (!u1 || !u2) return MAPI_E_UNKNOWN_ENTRYID;
  if (IsEqualMAPIUID(&*u1, &kStatusEntryUid) || IsEqualMAPIUID(&*u1, &kStoreWrapUid)) {
    // MAPI's own entry IDs compare by their bytes.
    *result = cb1 == cb2 && std::memcmp(id1, id2, cb1) == 0;
    return S_OK;
  }
  std::optional<LogonId> routed = uids_.Route(*u1);
  if (!routed) return MAPI_E_UNKNOWN_ENTRYID;
  if (uids_.Route(*u2) != routed) {
    *result = FALSE;  // different providers: never the same object
    return S_OK;
  }
  IUnknown* logon_object = nullptr;
  ProviderKind kind = ProviderKind::kStore;
  std::string who;
  {
    absl::MutexLock lock(&mu_);
    Logon* logon = FindLogon(*routed);
    if (logon == nullptr || !logon->logon_object || logon->ending) return MAPI_E_UNKNOWN_ENTRYID;
    logon_object = logon->logon_object;
    logon_object->AddRef();
    kind = logon->kind;
    who = ProviderName(logon->provider);
  }
  HRESULT hr = CallProvider(who + ": CompareEntryIDs", [&] {
    if (kind == ProviderKind::kAddressBook) {
      return static_cast<IABLogon*>(logon_object)->CompareEntryIDs(cb1, id1, cb2, id2, flags, result);
    }
    return static_cast<IMSLogon*>(logon_object)->CompareEntryIDs(cb1, id1, cb2, id2, flags, result);
  });
  logon_object->Release();
  return hr;
}

namespace {
const char kSessionKey[] = "mapi_emu:session";
}

HRESULT SessionCore::Advise(ULONG cb, LPENTRYID entry_id, ULONG event_mask, LPMAPIADVISESINK sink,
                            ULONG_PTR* connection) {
  if (HRESULT hr = CheckNotLoggedOff("Advise"); FAILED(hr)) return hr;
  if (sink == nullptr || connection == nullptr || event_mask == 0) return MAPI_E_INVALID_PARAMETER;
  if (entry_id == nullptr || cb == 0) {
    // The session itself is the advise source (fnevCriticalError, and the
    // fnevExtended event at logoff).
    ULONG_PTR inner = notifications_.Subscribe(kSessionKey, sizeof(kSessionKey), event_mask, 0,
                                               ComPtr<IMAPIAdviseSink>::Share(sink));
    absl::MutexLock lock(&mu_);
    *connection = next_advise_++;
    advises_[*connection] = {0, inner};
    return S_OK;
  }
  std::optional<LogonId> routed = uids_.Route(cb, entry_id);
  IUnknown* logon_object = nullptr;
  ProviderKind kind = ProviderKind::kStore;
  {
    absl::MutexLock lock(&mu_);
    if (routed) {
      Logon* logon = FindLogon(*routed);
      if (logon && logon->logon_object && !logon->ending) {
        logon_object = logon->logon_object;
        logon_object->AddRef();
        kind = logon->kind;
      }
    }
  }
  if (logon_object == nullptr) return MAPI_E_UNKNOWN_ENTRYID;
  ULONG_PTR inner = 0;
  HRESULT hr = CallProvider("Advise", [&] {
    if (kind == ProviderKind::kAddressBook) {
      return static_cast<IABLogon*>(logon_object)->Advise(cb, entry_id, event_mask, sink, &inner);
    }
    return static_cast<IMSLogon*>(logon_object)->Advise(cb, entry_id, event_mask, sink, &inner);
  });
  logon_object->Release();
  if (FAILED(hr)) return hr;
  absl::MutexLock lock(&mu_);
  *connection = next_advise_++;
  advises_[*connection] = {*routed, inner};
  return hr;
}

HRESULT SessionCore::Unadvise(ULONG_PTR connection) {
  if (HRESULT hr = CheckNotLoggedOff("Unadvise"); FAILED(hr)) return hr;
  std::pair<LogonId, ULONG_PTR> target;
  IUnknown* logon_object = nullptr;
  ProviderKind kind = ProviderKind::kStore;
  {
    absl::MutexLock lock(&mu_);
    auto it = advises_.find(connection);
    if (it == advises_.end()) return MAPI_E_NOT_FOUND;
    target = it->second;
    advises_.erase(it);
    if (target.first != 0) {
      Logon* logon = FindLogon(target.first);
      if (logon && logon->logon_object && !logon->ending) {
        logon_object = logon->logon_object;
        logon_object->AddRef();
        kind = logon->kind;
      }
    }
  }
  if (target.first == 0) {
    notifications_.Unsubscribe(target.second);
    return S_OK;
  }
  if (logon_object == nullptr) return S_OK;  // the provider logged off: nothing left to undo
  HRESULT hr = CallProvider("Unadvise", [&] {
    if (kind == ProviderKind::kAddressBook) {
      return static_cast<IABLogon*>(logon_object)->Unadvise(target.second);
    }
    return static_cast<IMSLogon*>(logon_object)->Unadvise(target.second);
  });
  logon_object->Release();
  return hr;
}

HRESULT SessionCore::QueryIdentity(ULONG* cb, LPENTRYID* entry_id) {
  if (HRESULT hr = CheckNotLoggedOff("QueryIdentity"); FAILED(hr)) return hr;
  if (cb == nullptr || entry_id == nullptr) return MAPI_E_INVALID_PARAMETER;
  std::vector<BYTE> first;
  for (const PropArray& row : status_->Rows()) {
    std::vector<BYTE> identity = BinaryProp(row, PR_IDENTITY_ENTRYID);
    if (identity.empty()) continue;
    const LONG flags = LongProp(row, PR_RESOURCE_FLAGS).value_or(0);
    if (flags & STATUS_PRIMARY_IDENTITY) return AllocateEntryId(identity, cb, entry_id);
    if (first.empty()) first = identity;
  }
  if (!first.empty()) return AllocateEntryId(first, cb, entry_id);
  // No identity anywhere: a fixed entry ID and the warning (imapisession-queryidentity.md).
  const ULONG none = 0;
  HRESULT hr = AllocateEntryId(MakeEntryId(kStatusEntryUid, &none, sizeof(none)), cb, entry_id);
  return FAILED(hr) ? hr : MAPI_W_NO_SERVICE;
}

HRESULT SessionCore::OpenProfileSection(LPMAPIUID uid, LPCIID iid, ULONG flags, LPPROFSECT* out) {
  if (HRESULT hr = CheckNotLoggedOff("OpenProfileSection"); FAILED(hr)) return hr;
  if (uid == nullptr || out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_FORCE_ACCESS)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  if (iid != nullptr && !IsEqualIID(*iid, IID_IProfSect) && !IsEqualIID(*iid, IID_IMAPIProp) &&
      !IsEqualIID(*iid, IID_IUnknown)) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  // A provider's own section is open to a client only with MAPI_FORCE_ACCESS
  // (imapisession-openprofilesection.md).
  if (!(flags & MAPI_FORCE_ACCESS) && FindProvider(*uid) != nullptr) {
    return last_error_.Set(MAPI_E_NO_ACCESS,
                           "a provider's profile section needs MAPI_FORCE_ACCESS");
  }
  return profile_->OpenSection(*uid, flags & ~MAPI_FORCE_ACCESS, out);
}

HRESULT SessionCore::GetLastError(HRESULT hr, ULONG flags, LPMAPIERROR* out) {
  return last_error_.Get(hr, flags, out);
}

HRESULT SessionCore::Logoff(ULONG_PTR, ULONG flags, ULONG reserved) {
  if (reserved != 0) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~(MAPI_LOGOFF_SHARED | MAPI_LOGOFF_UI)) return MAPI_E_UNKNOWN_FLAGS;
  {
    absl::MutexLock lock(&mu_);
    if (logged_off_) return S_OK;
    logged_off_ = true;
    // After DoFastShutdown nothing more reaches a provider.
    if (fast_shut_down_) return S_OK;
  }
  // Objects the client still holds become invalid (ending-a-mapi-session.md).
  std::vector<std::pair<std::string, ULONG>> open_stores;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, logon] : logons_) {
      if (!logon.store_state) continue;
      absl::MutexLock state_lock(&logon.store_state->mu);
      if (logon.store_state->wrapper != nullptr) {
        open_stores.emplace_back(logon.store_state->who, logon.store_state->wrapper->RefCount());
      }
    }
  }
  for (const auto& [who, refs] : open_stores) {
    ReportFinding("session.objects-open-at-logoff", "client", "IMAPISession::Logoff",
                  absl::StrCat("the client still holds the IMsgStore of ", who, " (", refs,
                               " reference(s)); it is invalid from now on"));
  }
  // Providers that advised the session with no entry ID hear fnevExtended
  // (imapisession-advise.md).
  NOTIFICATION extended{};
  extended.ulEventType = fnevExtended;
  notifications_.Notify(kSessionKey, sizeof(kSessionKey), 1, &extended);

  // The spooler stops first: it lets go of its stores and tells each
  // transport to stop (TransportNotify END); then MAPI logs them off (§3.5).
  if (spooler_) spooler_->Stop();
  // Ruling 27: transports, then stores, then address books; within a kind,
  // the reverse of logon order.
  std::vector<LogonId> order;
  {
    absl::MutexLock lock(&mu_);
    for (ProviderKind kind :
         {ProviderKind::kTransport, ProviderKind::kStore, ProviderKind::kAddressBook}) {
      for (auto it = logons_.rbegin(); it != logons_.rend(); ++it) {
        if (it->second.kind == kind && it->second.established) order.push_back(it->first);
      }
    }
  }
  for (LogonId id : order) EndLogon(id, /*call_logoff=*/true, /*bounded=*/true);
  // Provider objects whose logons all failed are shut down too.
  std::vector<ProviderObject*> leftovers;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& po : provider_objects_) leftovers.push_back(po.get());
  }
  for (ProviderObject* po : leftovers) ReleaseProviderIfUnused(po, /*bounded=*/true);
  notifications_.Clear();
  return S_OK;
}

}  // namespace mapi_emu
