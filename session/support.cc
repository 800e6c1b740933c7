#include "session/support.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "session/findings.h"
#include "session/make_invalid.h"
#include "session/provider_library.h"
#include "session/store_wrapper.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

constexpr ULONG kLogoffInputFlags =
    LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET;

bool ExactlyOneBit(ULONG v) { return v != 0 && (v & (v - 1)) == 0; }

// Support objects in traces: "MAPISupport#1". Each traced method runs its
// body in a lambda, so that every early return passes through the return
// event of its call.
using tracing::kSupportKind;

}  // namespace

const char* SupportKindText(SupportKind kind) {
  switch (kind) {
    case SupportKind::kAddressBook:
      return "address book";
    case SupportKind::kStore:
      return "message store";
    case SupportKind::kTransport:
      return "transport";
    case SupportKind::kConfiguration:
      return "configuration";
  }
  return "?";
}

Support::Support(SupportKind kind, LogonId logon, std::weak_ptr<SupportHost> host,
                 std::string provider_name, const ObjectOwner* owner)
    : ComObject(owner, "IMAPISupport"),
      kind_(kind),
      logon_(logon),
      host_(std::move(host)),
      provider_name_(std::move(provider_name)),
      last_error_("MAPI support object") {}

std::shared_ptr<SupportHost> Support::Host() { return host_.lock(); }

HRESULT Support::Check(const char* method, bool supported) {
  if (!supported) {
    absl::MutexLock lock(&mu_);
    if (!logged_[method]) {
      logged_[method] = true;
      spdlog::warn("{}: IMAPISupport::{} is not available on a {} support object "
                   "(MAPI_E_NO_SUPPORT)",
                   provider_name_, method, SupportKindText(kind_));
    }
    return MAPI_E_NO_SUPPORT;
  }
  if (ended_) {
    // The host names the rule broken; without a host (the session is gone)
    // the log says it.
    if (auto host = Host()) {
      host->HostCallAfterLogoff(logon_, method);
    } else {
      spdlog::warn("{}: IMAPISupport::{} called after the logon ended (MAPI_E_INVALID_OBJECT)",
                   provider_name_, method);
    }
    return MAPI_E_INVALID_OBJECT;
  }
  return S_OK;
}

void Support::OnFinalRelease() {
  if (!spooler_logon_) {
    if (auto host = Host()) host->HostSupportReleased(logon_);
  }
  final_released_ = true;
  DeleteIfDone();
}

void Support::Orphan() {
  orphaned_ = true;
  DeleteIfDone();
}

void Support::DeleteIfDone() {
  if (orphaned_ && final_released_ && !deleting_.exchange(true)) {
    tracing::Forget(this);
    delete this;
  }
}

ULONG Support::AddRef() {
  if (!tracing::On()) return AddRefImpl();
  tracing::TracedCall traced(tracing::kProviderToMapi, "IUnknown", "AddRef", this, kSupportKind);
  const ULONG count = AddRefImpl();
  // The trace counts the provider's references only (docs/trace-format.md).
  const ULONG mapi = mapi_ref_ ? 1 : 0;
  traced.ReturnCount(count >= mapi ? count - mapi : 0);
  return count;
}

ULONG Support::Release() {
  if (!tracing::On()) return ReleaseImpl();
  tracing::TracedCall traced(tracing::kProviderToMapi, "IUnknown", "Release", this, kSupportKind);
  // Read first: the final Release may delete the object.
  const ULONG mapi = mapi_ref_ ? 1 : 0;
  const ULONG count = ReleaseImpl();
  traced.ReturnCount(count >= mapi ? count - mapi : 0);
  return count;
}

void Support::ReleaseMapiReference() {
  mapi_ref_ = false;
  ReleaseImpl();
}

void Support::OnExtraRelease() {
  if (auto host = Host()) {
    host->HostExtraSupportRelease(logon_);
  } else {
    spdlog::warn("{}: released its {} support object more times than it was referenced",
                 provider_name_, SupportKindText(kind_));
  }
}

// ---- Methods every kind has -------------------------------------------------

STDMETHODIMP Support::GetLastError(HRESULT hResult, ULONG ulFlags,
                                   LPMAPIERROR FAR* lppMAPIError) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "GetLastError", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    return GuardAbi("IMAPISupport::GetLastError",
                    [&] { return last_error_.Get(hResult, ulFlags, lppMAPIError); });
  }());
}

STDMETHODIMP Support::GetMemAllocRoutines(LPALLOCATEBUFFER FAR* lpAllocateBuffer,
                                          LPALLOCATEMORE FAR* lpAllocateMore,
                                          LPFREEBUFFER FAR* lpFreeBuffer) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "GetMemAllocRoutines", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    // Available on every kind, even after logoff: it only hands out pointers.
    if (lpAllocateBuffer) *lpAllocateBuffer = ProviderAllocateBuffer;
    if (lpAllocateMore) *lpAllocateMore = ProviderAllocateMore;
    if (lpFreeBuffer) *lpFreeBuffer = ProviderFreeBuffer;
    return S_OK;
  }());
}

STDMETHODIMP Support::NewUID(LPMAPIUID lpMuid) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "NewUID", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("NewUID", true); FAILED(hr)) return hr;
    if (lpMuid == nullptr) return MAPI_E_INVALID_PARAMETER;
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    for (int i = 0; i < 16; i += 8) {
      uint64_t r = rng();
      std::memcpy(lpMuid->ab + i, &r, 8);
    }
    return S_OK;
  }());
}

STDMETHODIMP Support::MakeInvalid(ULONG ulFlags, LPVOID lpObject, ULONG ulRefCount,
                                  ULONG cMethods) {
  tracing::TracedCall traced(
      tracing::kProviderToMapi, "IMAPISupport", "MakeInvalid", this, kSupportKind, [&] {
        return nlohmann::json{{"flags", ulFlags}, {"methods", cMethods}, {"ref_count", ulRefCount}};
      });
  return traced.Return([&]() -> HRESULT {
    // Allowed after logoff too: TransportLogoff calls it on its way out.
    return MakeObjectInvalid(ulFlags, lpObject, ulRefCount, cMethods);
  }());
}

STDMETHODIMP Support::OpenProfileSection(LPMAPIUID lpUid, ULONG ulFlags,
                                         LPPROFSECT FAR* lppProfileObj) {
  tracing::TracedCall traced(
      tracing::kProviderToMapi, "IMAPISupport", "OpenProfileSection", this, kSupportKind, [&] {
        return nlohmann::json{{"flags", ulFlags},
                              {"uid", lpUid ? nlohmann::json(tracing::UidText(*lpUid)) : nullptr}};
      });
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("OpenProfileSection", true); FAILED(hr)) return hr;
    if (lppProfileObj == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_UNICODE)) {
      return MAPI_E_UNKNOWN_FLAGS;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::OpenProfileSection", [&] {
      return host->HostOpenProfileSection(logon_, lpUid, ulFlags, lppProfileObj);
    });
  }());
}

STDMETHODIMP Support::GetSvcConfigSupportObj(ULONG ulFlags, LPMAPISUP FAR* lppSvcSupport) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "GetSvcConfigSupportObj",
                             this, kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("GetSvcConfigSupportObj", kind_ == SupportKind::kConfiguration);
        FAILED(hr)) {
      return hr;
    }
    if (lppSvcSupport == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    // This object already is the configuration support object.
    AddRef();
    *lppSvcSupport = this;
    return S_OK;
  }());
}

// ---- Provider kinds --------------------------------------------------------

STDMETHODIMP Support::Subscribe(LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags,
                                LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "Subscribe", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("Subscribe", kind_ != SupportKind::kConfiguration); FAILED(hr)) {
      return hr;
    }
    if (lpKey == nullptr || lpAdviseSink == nullptr || lpulConnection == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (ulFlags & ~NOTIFY_SYNC) return MAPI_E_UNKNOWN_FLAGS;
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    *lpulConnection = host->HostNotifications().Subscribe(
        *lpKey, ulEventMask, ulFlags, ComPtr<IMAPIAdviseSink>::Share(lpAdviseSink));
    return S_OK;
  }());
}

STDMETHODIMP Support::Unsubscribe(ULONG_PTR ulConnection) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "Unsubscribe", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("Unsubscribe", kind_ != SupportKind::kConfiguration); FAILED(hr)) {
      return hr;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return host->HostNotifications().Unsubscribe(ulConnection) ? S_OK : MAPI_E_NOT_FOUND;
  }());
}

STDMETHODIMP Support::Notify(LPNOTIFKEY lpKey, ULONG cNotification, LPNOTIFICATION lpNotifications,
                             ULONG FAR* lpulFlags) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "Notify", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("Notify", kind_ != SupportKind::kConfiguration); FAILED(hr)) return hr;
    if (lpKey == nullptr || lpulFlags == nullptr ||
        (cNotification > 0 && lpNotifications == nullptr)) {
      return MAPI_E_INVALID_PARAMETER;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    *lpulFlags = host->HostNotifications().Notify(*lpKey, cNotification, lpNotifications);
    return S_OK;
  }());
}

STDMETHODIMP Support::ModifyStatusRow(ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "ModifyStatusRow", this,
                             kSupportKind, [&] {
                               return nlohmann::json{{"flags", ulFlags}, {"values", cValues}};
                             });
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("ModifyStatusRow", kind_ != SupportKind::kConfiguration); FAILED(hr)) {
      return hr;
    }
    if (ulFlags & ~STATUSROW_UPDATE) return MAPI_E_UNKNOWN_FLAGS;
    if (cValues > 0 && lpColumnVals == nullptr) return MAPI_E_INVALID_PARAMETER;
    absl::StatusOr<PropArray> columns = PropArray::TryCopy(lpColumnVals, cValues);
    if (!columns.ok()) return last_error_.Set(columns.status());
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::ModifyStatusRow", [&] {
      return host->HostModifyStatusRow(logon_, *columns, (ulFlags & STATUSROW_UPDATE) != 0);
    });
  }());
}

STDMETHODIMP Support::SetProviderUID(LPMAPIUID lpProviderID, ULONG ulFlags) {
  tracing::TracedCall traced(
      tracing::kProviderToMapi, "IMAPISupport", "SetProviderUID", this, kSupportKind, [&] {
        return nlohmann::json{
            {"flags", ulFlags},
            {"uid", lpProviderID ? nlohmann::json(tracing::UidText(*lpProviderID)) : nullptr}};
      });
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("SetProviderUID",
                           kind_ == SupportKind::kStore || kind_ == SupportKind::kAddressBook);
        FAILED(hr)) {
      return hr;
    }
    if (lpProviderID == nullptr) return MAPI_E_INVALID_PARAMETER;
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return host->HostSetProviderUid(logon_, *lpProviderID);
  }());
}

STDMETHODIMP Support::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                ULONG ulOpenFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "OpenEntry", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("OpenEntry", kind_ != SupportKind::kConfiguration); FAILED(hr))
      return hr;
    // supporting-object-access-and-comparison.md: routed like the session's
    // OpenEntry, and a NULL entry ID is not allowed here.
    if (lpEntryID == nullptr || cbEntryID == 0 || lpulObjType == nullptr || lppUnk == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::OpenEntry", [&] {
      return host->HostOpenEntry(cbEntryID, lpEntryID, lpInterface, ulOpenFlags, lpulObjType,
                                 lppUnk);
    });
  }());
}

STDMETHODIMP Support::CompareEntryIDs(ULONG cbEntry1, LPENTRYID lpEntry1, ULONG cbEntry2,
                                      LPENTRYID lpEntry2, ULONG ulCompareFlags,
                                      ULONG FAR* lpulResult) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "CompareEntryIDs", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("CompareEntryIDs", kind_ != SupportKind::kConfiguration); FAILED(hr)) {
      return hr;
    }
    if (lpEntry1 == nullptr || lpEntry2 == nullptr || lpulResult == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::CompareEntryIDs", [&] {
      return host->HostCompareEntryIDs(cbEntry1, lpEntry1, cbEntry2, lpEntry2, ulCompareFlags,
                                       lpulResult);
    });
  }());
}

// ---- Store only --------------------------------------------------------------

STDMETHODIMP Support::StoreLogoffTransports(ULONG FAR* lpulFlags) {
  tracing::TracedCall traced(
      tracing::kProviderToMapi, "IMAPISupport", "StoreLogoffTransports", this, kSupportKind, [&] {
        return nlohmann::json{
            {"flags", lpulFlags ? tracing::Flags(*lpulFlags, trace::LogoffFlags()) : nullptr}};
      });
  return traced.Return(
      [&]() -> HRESULT {
        if (HRESULT hr = Check("StoreLogoffTransports", kind_ == SupportKind::kStore); FAILED(hr)) {
          return hr;
        }
        if (lpulFlags == nullptr) return MAPI_E_INVALID_PARAMETER;
        // Exactly one of the five input flags (imapisupport-storelogofftransports.md).
        const ULONG input = *lpulFlags;
        if ((input & ~kLogoffInputFlags) != 0 || !ExactlyOneBit(input & kLogoffInputFlags)) {
          ReportFinding(
              "store.slt-one-flag", provider_name_, "IMAPISupport::StoreLogoffTransports",
              absl::StrCat("input flags ", LogoffFlagsText(input), "; MAPI_E_INVALID_PARAMETER"));
          return last_error_.Set(
              MAPI_E_INVALID_PARAMETER,
              absl::StrCat("StoreLogoffTransports takes exactly one of LOGOFF_NO_WAIT, "
                           "LOGOFF_ORDERLY, LOGOFF_PURGE, LOGOFF_ABORT, LOGOFF_QUIET; got ",
                           absl::Hex(input, absl::kZeroPad8)));
        }
        auto host = Host();
        if (!host) return MAPI_E_INVALID_OBJECT;
        return GuardAbi("IMAPISupport::StoreLogoffTransports",
                        [&] { return host->HostStoreLogoffTransports(logon_, lpulFlags); });
      }(),
      [&] {
        return nlohmann::json{
            {"flags", lpulFlags ? tracing::Flags(*lpulFlags, trace::LogoffFlags()) : nullptr}};
      });
}

STDMETHODIMP Support::WrapStoreEntryID(ULONG cbOrigEntry, LPENTRYID lpOrigEntry,
                                       ULONG FAR* lpcbWrappedEntry,
                                       LPENTRYID FAR* lppWrappedEntry) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "WrapStoreEntryID", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("WrapStoreEntryID", kind_ == SupportKind::kStore); FAILED(hr)) {
      return hr;
    }
    if (lpOrigEntry == nullptr || cbOrigEntry == 0 || lpcbWrappedEntry == nullptr ||
        lppWrappedEntry == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::WrapStoreEntryID", [&] {
      return host->HostWrapStoreEntryID(logon_, cbOrigEntry, lpOrigEntry, lpcbWrappedEntry,
                                        lppWrappedEntry);
    });
  }());
}

// ---- The spooler's methods (lifecycle.md §6.3) --------------------------------

STDMETHODIMP Support::SpoolerNotify(ULONG ulFlags, LPVOID lpvData) {
  tracing::TracedCall traced(
      tracing::kProviderToMapi, "IMAPISupport", "SpoolerNotify", this, kSupportKind, [&] {
        return nlohmann::json{{"flags", tracing::Flags(ulFlags, trace::SpoolerNotifyFlags())}};
      });
  return traced.Return([&]() -> HRESULT {
    const bool store = kind_ == SupportKind::kStore;
    if (HRESULT hr = Check("SpoolerNotify", store || kind_ == SupportKind::kTransport);
        FAILED(hr)) {
      return hr;
    }
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::SpoolerNotify",
                    [&] { return host->HostSpoolerNotify(logon_, store, ulFlags, lpvData); });
  }());
}

STDMETHODIMP Support::SpoolerYield(ULONG ulFlags) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "SpoolerYield", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("SpoolerYield", kind_ == SupportKind::kTransport); FAILED(hr)) return hr;
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::SpoolerYield", [&] { return host->HostSpoolerYield(logon_); });
  }());
}

STDMETHODIMP Support::StatusRecips(LPMESSAGE lpMessage, LPADRLIST lpRecipList) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "StatusRecips", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("StatusRecips", kind_ == SupportKind::kTransport); FAILED(hr)) return hr;
    auto host = Host();
    if (!host) return MAPI_E_INVALID_OBJECT;
    return GuardAbi("IMAPISupport::StatusRecips",
                    [&] { return host->HostStatusRecips(logon_, lpMessage, lpRecipList); });
  }());
}

STDMETHODIMP Support::PrepareSubmit(LPMESSAGE lpMessage, ULONG FAR* lpulFlags) {
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", "PrepareSubmit", this,
                             kSupportKind);
  return traced.Return([&]() -> HRESULT {
    if (HRESULT hr = Check("PrepareSubmit", kind_ == SupportKind::kStore); FAILED(hr)) return hr;
    if (lpMessage == nullptr || lpulFlags == nullptr) return MAPI_E_INVALID_PARAMETER;
    // No preprocessors are registered: nothing to prepare; the message is
    // ready for the queue (imapisupport-preparesubmit.md).
    *lpulFlags = 0;
    return S_OK;
  }());
}

// ---- Not provided (yet or at all): MAPI_E_NO_SUPPORT, logged once ----------
// RegisterPreprocessor, ExpandRecips, CompleteMsg and Preprocess (message
// preprocessing) and the address-book dialogs and copy helpers are not
// emulated.

#define MAPI_EMU_NO_SUPPORT(method)                                                   \
  tracing::TracedCall traced(tracing::kProviderToMapi, "IMAPISupport", #method, this, \
                             kSupportKind);                                           \
  return traced.Return(Check(#method, false))

STDMETHODIMP Support::RegisterPreprocessor(LPMAPIUID, LPTSTR, LPTSTR, LPSTR, LPSTR, ULONG) {
  MAPI_EMU_NO_SUPPORT(RegisterPreprocessor);
}
STDMETHODIMP Support::CreateOneOff(LPTSTR, LPTSTR, LPTSTR, ULONG, ULONG FAR*, LPENTRYID FAR*) {
  MAPI_EMU_NO_SUPPORT(CreateOneOff);
}
STDMETHODIMP Support::OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID,
                                     LPMAPIPROP FAR*, LPMAPIPROP) {
  MAPI_EMU_NO_SUPPORT(OpenTemplateID);
}
STDMETHODIMP Support::GetOneOffTable(ULONG, LPMAPITABLE FAR*) {
  MAPI_EMU_NO_SUPPORT(GetOneOffTable);
}
STDMETHODIMP Support::Address(ULONG_PTR FAR*, LPADRPARM, LPADRLIST FAR*) {
  MAPI_EMU_NO_SUPPORT(Address);
}
STDMETHODIMP Support::Details(ULONG_PTR FAR*, LPFNDISMISS, LPVOID, ULONG, LPENTRYID, LPFNBUTTON,
                              LPVOID, LPTSTR, ULONG) {
  MAPI_EMU_NO_SUPPORT(Details);
}
STDMETHODIMP Support::NewEntry(ULONG_PTR, ULONG, ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG FAR*,
                               LPENTRYID FAR*) {
  MAPI_EMU_NO_SUPPORT(NewEntry);
}
STDMETHODIMP Support::DoConfigPropsheet(ULONG_PTR, ULONG, LPTSTR, LPMAPITABLE, LPMAPIPROP, ULONG) {
  MAPI_EMU_NO_SUPPORT(DoConfigPropsheet);
}
STDMETHODIMP Support::CopyMessages(LPCIID, LPVOID, LPENTRYLIST, LPCIID, LPVOID, ULONG_PTR,
                                   LPMAPIPROGRESS, ULONG) {
  MAPI_EMU_NO_SUPPORT(CopyMessages);
}
STDMETHODIMP Support::CopyFolder(LPCIID, LPVOID, ULONG, LPENTRYID, LPCIID, LPVOID, LPTSTR,
                                 ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  MAPI_EMU_NO_SUPPORT(CopyFolder);
}
STDMETHODIMP Support::DoCopyTo(LPCIID, LPVOID, ULONG, LPCIID, LPSPropTagArray, ULONG_PTR,
                               LPMAPIPROGRESS, LPCIID, LPVOID, ULONG, LPSPropProblemArray FAR*) {
  MAPI_EMU_NO_SUPPORT(DoCopyTo);
}
STDMETHODIMP Support::DoCopyProps(LPCIID, LPVOID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS,
                                  LPCIID, LPVOID, ULONG, LPSPropProblemArray FAR*) {
  MAPI_EMU_NO_SUPPORT(DoCopyProps);
}
STDMETHODIMP Support::DoProgressDialog(ULONG_PTR, ULONG, LPMAPIPROGRESS FAR*) {
  MAPI_EMU_NO_SUPPORT(DoProgressDialog);
}
STDMETHODIMP Support::ReadReceipt(ULONG, LPMESSAGE, LPMESSAGE FAR*) {
  MAPI_EMU_NO_SUPPORT(ReadReceipt);
}
STDMETHODIMP Support::ExpandRecips(LPMESSAGE, ULONG FAR*) { MAPI_EMU_NO_SUPPORT(ExpandRecips); }
STDMETHODIMP Support::UpdatePAB(ULONG, LPMESSAGE) { MAPI_EMU_NO_SUPPORT(UpdatePAB); }
STDMETHODIMP Support::DoSentMail(ULONG, LPMESSAGE) { MAPI_EMU_NO_SUPPORT(DoSentMail); }
STDMETHODIMP Support::OpenAddressBook(LPCIID, ULONG, LPADRBOOK FAR*) {
  MAPI_EMU_NO_SUPPORT(OpenAddressBook);
}
STDMETHODIMP Support::Preprocess(ULONG, ULONG, LPENTRYID) { MAPI_EMU_NO_SUPPORT(Preprocess); }
STDMETHODIMP Support::CompleteMsg(ULONG, ULONG, LPENTRYID) { MAPI_EMU_NO_SUPPORT(CompleteMsg); }
STDMETHODIMP Support::ModifyProfile(ULONG) { MAPI_EMU_NO_SUPPORT(ModifyProfile); }
STDMETHODIMP Support::IStorageFromStream(LPUNKNOWN, LPCIID, ULONG, LPSTORAGE FAR*) {
  MAPI_EMU_NO_SUPPORT(IStorageFromStream);
}

#undef MAPI_EMU_NO_SUPPORT

}  // namespace mapi_emu
