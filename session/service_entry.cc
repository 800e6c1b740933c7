#include "session/service_entry.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/default_malloc.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_json.h"
#include "mapicode.h"
#include "session/support.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

// Configuration support objects get logon numbers of their own, far above
// the session's, so a log line never confuses the two.
constexpr LogonId kFirstConfigLogon = LogonId{1} << 48;

std::string Who(const ServiceEntryCall& call) {
  return absl::StrCat("profile '", call.profile_name, "', service '", call.service_name, "'");
}

// The SupportHost of a configuration support object: it opens sections of
// the profile being administered and has nothing else.
class ConfigHost final : public SupportHost {
 public:
  ConfigHost(MAPIUID service_uid, SectionOpener open_section, std::string who)
      : service_uid_(service_uid), open_section_(std::move(open_section)), who_(std::move(who)) {}

  HRESULT HostOpenProfileSection(LogonId, const MAPIUID* uid, ULONG flags,
                                 LPPROFSECT* out) override {
    if (!open_section_) return MAPI_E_NO_SUPPORT;
    // NULL is the caller's own section: for a service entry, its service's.
    return open_section_(uid != nullptr ? *uid : service_uid_, flags, out);
  }
  // The configuration kind never reaches these (Support checks the kind).
  HRESULT HostSetProviderUid(LogonId, const MAPIUID&) override { return MAPI_E_NO_SUPPORT; }
  HRESULT HostModifyStatusRow(LogonId, const PropArray&, bool) override {
    return MAPI_E_NO_SUPPORT;
  }
  HRESULT HostOpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG*, LPUNKNOWN*) override {
    return MAPI_E_NO_SUPPORT;
  }
  HRESULT HostCompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG*) override {
    return MAPI_E_NO_SUPPORT;
  }
  HRESULT HostStoreLogoffTransports(LogonId, ULONG*) override { return MAPI_E_NO_SUPPORT; }
  HRESULT HostWrapStoreEntryID(LogonId, ULONG, LPENTRYID, ULONG*, LPENTRYID*) override {
    return MAPI_E_NO_SUPPORT;
  }
  NotifyRegistry& HostNotifications() override { return notifications_; }
  void HostSupportReleased(LogonId) override {}
  void HostCallAfterLogoff(LogonId, const char* method) override {
    spdlog::warn(
        "{}: the service entry called IMAPISupport::{} on its configuration support "
        "object after the entry returned (MAPI_E_INVALID_OBJECT)",
        who_, method);
  }
  void HostExtraSupportRelease(LogonId) override {
    spdlog::warn("{}: the service entry released its configuration support object more times "
                 "than it was referenced",
                 who_);
  }
  // A configuration object has no spooler methods (Support answers
  // MAPI_E_NO_SUPPORT before asking the host).
  HRESULT HostSpoolerNotify(LogonId, bool, ULONG, void*) override { return MAPI_E_NO_SUPPORT; }
  HRESULT HostSpoolerYield(LogonId) override { return MAPI_E_NO_SUPPORT; }
  HRESULT HostStatusRecips(LogonId, LPMESSAGE, LPADRLIST) override { return MAPI_E_NO_SUPPORT; }

 private:
  const MAPIUID service_uid_;
  const SectionOpener open_section_;
  const std::string who_;
  NotifyRegistry notifications_;
};

// The MAPIERROR's lpszError as UTF-8 (wide when the entry was called with
// MAPI_UNICODE).
std::string ErrorText(const MAPIERROR& error, bool wide) {
  if (error.lpszError == nullptr) return {};
  if (wide) return WideToUtf8(reinterpret_cast<const WCHAR*>(error.lpszError));
  return std::string(reinterpret_cast<const char*>(error.lpszError));
}

}  // namespace

std::string ServiceContextName(ULONG context) {
  switch (context) {
    case MSG_SERVICE_INSTALL:
      return "MSG_SERVICE_INSTALL";
    case MSG_SERVICE_CREATE:
      return "MSG_SERVICE_CREATE";
    case MSG_SERVICE_CONFIGURE:
      return "MSG_SERVICE_CONFIGURE";
    case MSG_SERVICE_DELETE:
      return "MSG_SERVICE_DELETE";
    case MSG_SERVICE_UNINSTALL:
      return "MSG_SERVICE_UNINSTALL";
    case MSG_SERVICE_PROVIDER_CREATE:
      return "MSG_SERVICE_PROVIDER_CREATE";
    case MSG_SERVICE_PROVIDER_DELETE:
      return "MSG_SERVICE_PROVIDER_DELETE";
    default:
      return absl::StrCat("0x", absl::Hex(context, absl::kZeroPad8));
  }
}

HRESULT InvokeServiceEntry(LPMSGSERVICEENTRY entry, HINSTANCE instance, const ObjectOwner* owner,
                           const ServiceEntryCall& call, ServiceEntryReport* report) {
  ServiceEntryReport local;
  ServiceEntryReport& r = report != nullptr ? *report : local;
  const std::string where =
      absl::StrCat(Who(call), " (library '", r.library.empty() ? call.dll_name : r.library,
                   "', entry point '", call.entry_name, "')");
  if (entry == nullptr) {
    r.message = absl::StrCat(where, ": no entry point to call");
    return MAPI_E_INVALID_PARAMETER;
  }

  // lpProps is not const in the prototype: the entry gets its own copy.
  ULONG count = 0;
  LPSPropValue props = nullptr;
  if (!call.props.empty()) {
    if (SCODE sc = call.props.CopyTo(&count, &props); FAILED(sc)) {
      r.message = absl::StrCat(where, ": cannot copy the properties for the entry point");
      return sc;
    }
  }

  static std::atomic<LogonId> next_logon{kFirstConfigLogon};
  auto host = std::make_shared<ConfigHost>(call.service_uid, call.open_section, Who(call));
  Support* support = MakeComObject<Support>(SupportKind::kConfiguration, next_logon++,
                                            std::weak_ptr<SupportHost>(host), Who(call), owner)
                         .Detach();
  LPMAPIERROR error = nullptr;
  HRESULT hr;
  r.called = true;
  {
    // A service entry is a provider entry point too; its library by file name only.
    const std::string lib =
        std::filesystem::path(r.library.empty() ? call.dll_name : r.library).filename().string();
    tracing::TracedCall traced(tracing::TracedCall::Entry{}, "ServiceEntry", lib, [&] {
      return nlohmann::json{{"context", ServiceContextName(call.context)},
                            {"flags", call.flags},
                            {"support", tracing::Name(support, "MAPISupport")}};
    });
    try {
      hr = entry(instance, ProcessMalloc(), support, call.ui_param, call.flags, call.context, count,
                 props, call.provider_admin, &error);
    } catch (...) {
      hr = HresultFromCurrentException(where);
    }
    traced.Return(hr);
  }
  if (props != nullptr) ProviderFreeBuffer(props);

  // The configuration support object lives only until the call returns.
  support->EndLogon();
  const ULONG refs = support->RefCount();
  if (refs == 0) {
    // Released without an AddRef: our reference is gone already.
    spdlog::warn(
        "{}: the entry point released its configuration support object, which it "
        "never AddRef'd",
        where);
    support->Orphan();
  } else if (refs == 1) {
    support->ReleaseMapiReference();
    support->Orphan();
  } else {
    // It must not be kept (support-object-overview.md); the object stays
    // allocated (every call now fails) so the entry's pointer stays valid.
    r.kept_support = true;
    spdlog::warn(
        "{}: {} kept {} reference(s) to its configuration support object, which lives "
        "only until the call returns; the object is ended, and freed at its last Release",
        where, ServiceContextName(call.context), refs - 1);
    support->ReleaseMapiReference();
    support->Orphan();
  }

  if (error != nullptr) {
    r.entry_error = ErrorText(*error, (call.flags & MAPI_UNICODE) != 0);
    ProviderFreeBuffer(error);
  }
  if (FAILED(hr)) {
    r.message =
        absl::StrCat(where, ": ", ServiceContextName(call.context), " returned ", HresultName(hr));
    if (!r.entry_error.empty()) absl::StrAppend(&r.message, ": ", r.entry_error);
  }
  return hr;
}

HRESULT CallServiceEntry(LibraryRegistry& libraries, const ServiceEntryCall& call,
                         ServiceEntryReport* report) {
  ServiceEntryReport local;
  ServiceEntryReport& r = report != nullptr ? *report : local;
  if (call.entry_name.empty()) return S_OK;  // a service without an entry point
  if (call.dll_name.empty()) {
    r.message = absl::StrCat(Who(call), ": PR_SERVICE_ENTRY_NAME names entry point '",
                             call.entry_name, "' but there is no PR_SERVICE_DLL_NAME");
    return MAPI_E_NOT_INITIALIZED;
  }
  absl::StatusOr<std::filesystem::path> path = ResolveLibrary(call.dll_name, call.search);
  if (!path.ok()) {
    r.message = absl::StrCat(Who(call), ": service library '", call.dll_name, "' (entry point '",
                             call.entry_name, "'): ", path.status().message());
    return StatusToHresult(path.status());
  }
  r.library = path->string();
  absl::StatusOr<std::shared_ptr<LoadedLibrary>> library = libraries.Acquire(*path);
  if (!library.ok()) {
    r.message =
        absl::StrCat(Who(call), ": cannot load service library '", r.library, "' (entry point '",
                     call.entry_name, "'): ", library.status().message());
    return StatusToHresult(library.status());
  }
  absl::StatusOr<void*> symbol = (*library)->library().Symbol(call.entry_name);
  if (!symbol.ok()) {
    r.message =
        absl::StrCat(Who(call), ": service library '", r.library, "' has no entry point '",
                     call.entry_name, "' (PR_SERVICE_ENTRY_NAME): ", symbol.status().message());
    return MAPI_E_NOT_INITIALIZED;
  }
  auto entry = reinterpret_cast<LPMSGSERVICEENTRY>(*symbol);
  return InvokeServiceEntry(entry, (*library)->library().module_handle(), &(*library)->owner(),
                            call, &r);
}

}  // namespace mapi_emu
