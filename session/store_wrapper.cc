#include "session/store_wrapper.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "session/findings.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

constexpr struct {
  ULONG bit;
  const char* name;
} kLogoffFlagNames[] = {
    {LOGOFF_NO_WAIT, "LOGOFF_NO_WAIT"},
    {LOGOFF_ORDERLY, "LOGOFF_ORDERLY"},
    {LOGOFF_PURGE, "LOGOFF_PURGE"},
    {LOGOFF_ABORT, "LOGOFF_ABORT"},
    {LOGOFF_QUIET, "LOGOFF_QUIET"},
    {LOGOFF_COMPLETE, "LOGOFF_COMPLETE"},
    {LOGOFF_INBOUND, "LOGOFF_INBOUND"},
    {LOGOFF_OUTBOUND, "LOGOFF_OUTBOUND"},
    {LOGOFF_OUTBOUND_QUEUE, "LOGOFF_OUTBOUND_QUEUE"},
};

constexpr ULONG kInputFlags =
    LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET;

// The wrapper is traced under the name of the provider's store it wraps
// (docs/trace-format.md, "MAPI's wrappers").
using tracing::kStoreKind;

// The wrappers made while tracing, for TracedStore.
absl::Mutex& TracedWrappersMutex() {
  static absl::Mutex* mu = new absl::Mutex;
  return *mu;
}
std::set<const IMsgStore*>& TracedWrappers() {
  static auto* wrappers = new std::set<const IMsgStore*>;
  return *wrappers;
}

nlohmann::json LogoffFlagsJson(const ULONG* flags) {
  return flags ? tracing::Flags(*flags, trace::LogoffFlags()) : nlohmann::json(nullptr);
}

}  // namespace

std::string LogoffFlagsText(ULONG flags) {
  if (flags == 0) return "0";
  std::string out;
  for (const auto& f : kLogoffFlagNames) {
    if (flags & f.bit) {
      absl::StrAppend(&out, out.empty() ? "" : "|", f.name);
      flags &= ~f.bit;
    }
  }
  if (flags != 0) absl::StrAppend(&out, out.empty() ? "" : "|", "0x", absl::Hex(flags, absl::kZeroPad8));
  return out;
}

bool IsOneLogoffInputFlag(ULONG flags) {
  return (flags & ~kInputFlags) == 0 && flags != 0 && (flags & (flags - 1)) == 0;
}

StoreWrapper::StoreWrapper(IMsgStore* inner, std::shared_ptr<StoreState> state,
                           const ObjectOwner* owner)
    : ComObject(owner, "IMsgStore"), inner_(inner), state_(std::move(state)) {
  if (tracing::On()) {
    traced_ = true;
    absl::MutexLock lock(&TracedWrappersMutex());
    TracedWrappers().insert(this);
  }
  absl::MutexLock lock(&state_->mu);
  state_->wrapper = this;
}

const void* StoreWrapper::TracedStore(IMsgStore* store) {
  absl::MutexLock lock(&TracedWrappersMutex());
  if (TracedWrappers().count(store) == 0) return store;
  return static_cast<StoreWrapper*>(store)->inner_;
}

StoreWrapper::~StoreWrapper() {
  if (traced_) {
    absl::MutexLock lock(&TracedWrappersMutex());
    TracedWrappers().erase(this);
  }
  bool fast;
  {
    absl::MutexLock lock(&state_->mu);
    if (state_->wrapper == this) state_->wrapper = nullptr;
    fast = state_->fast_shut_down;
  }
  if (fast) {
    // After DoFastShutdown nothing reaches a provider (§3.4): the provider's
    // store is left as it is, for the exiting process.
    ReportFinding("process.calls-after-fast-shutdown", "client", "IMsgStore::Release",
                  absl::StrCat("the store of ", state_->who,
                               " released after DoFastShutdown; not passed on"));
    return;
  }
  // The spooler's reference goes first, so that the client's is the last.
  if (state_->before_release) state_->before_release();
  // The provider's store: its final Release releases the support object, and
  // MAPI ends the logon from there (ruling 2).
  GuardAbi(absl::StrCat(state_->who, ": IMsgStore::Release"), [&] {
    tracing::TracedCall traced(tracing::kMapiToProvider, "IUnknown", "Release", inner_, kStoreKind);
    if (traced.ReturnCount(inner_->Release()) == 0) tracing::Forget(inner_);
    return S_OK;
  });
}

HRESULT StoreWrapper::Gate(const char* method) {
  bool complete;
  bool ended;
  {
    absl::MutexLock lock(&state_->mu);
    complete = state_->complete;
    ended = state_->session_ended;
  }
  if (ended) {
    // The logon is over (session Logoff, or the store's own end): the
    // client's object is invalid (ending-a-mapi-session.md).
    spdlog::warn("client: IMsgStore::{} on the store of {} after its logon ended "
                 "(MAPI_E_INVALID_OBJECT)",
                 method, state_->who);
    return MAPI_E_INVALID_OBJECT;
  }
  if (complete) {
    ReportFinding("store.calls-after-logoff-complete", "client", absl::StrCat("IMsgStore::", method),
                  absl::StrCat("called on the store of ", state_->who,
                               " after StoreLogoffTransports answered LOGOFF_COMPLETE; "
                               "MAPI_E_INVALID_OBJECT"));
    return MAPI_E_INVALID_OBJECT;
  }
  return S_OK;
}

ULONG StoreWrapper::AddRef() {
  if (!tracing::On()) return AddRefImpl();
  tracing::TracedCall traced(tracing::kClientToMapi, "IUnknown", "AddRef", inner_, kStoreKind);
  return traced.ReturnCount(AddRefImpl());
}

ULONG StoreWrapper::Release() {
  if (!tracing::On()) return ReleaseImpl();
  // The final Release runs the destructor, which releases the provider's
  // store inside this call.
  tracing::TracedCall traced(tracing::kClientToMapi, "IUnknown", "Release", inner_, kStoreKind);
  return traced.ReturnCount(ReleaseImpl());
}

STDMETHODIMP StoreWrapper::QueryInterface(REFIID riid, void** ppv) {
  tracing::TracedCall traced(tracing::kClientToMapi, "IUnknown", "QueryInterface", inner_,
                             kStoreKind);
  if (ppv == nullptr) return traced.Return(E_INVALIDARG);
  *ppv = nullptr;
  if (IsEqualIID(riid, IID_IMsgStore) || IsEqualIID(riid, IID_IMAPIProp) ||
      IsEqualIID(riid, IID_IUnknown)) {
    AddRefImpl();  // part of this call, not one of the client's own
    *ppv = static_cast<IMsgStore*>(this);
    return traced.Return(S_OK);
  }
  if (HRESULT hr = Gate("QueryInterface"); FAILED(hr)) return traced.Return(hr);
  tracing::TracedCall forwarded(tracing::kMapiToProvider, "IUnknown", "QueryInterface", inner_,
                                kStoreKind);
  return traced.Return(
      forwarded.Return(GuardAbi(absl::StrCat(state_->who, ": IMsgStore::QueryInterface"),
                                [&] { return inner_->QueryInterface(riid, ppv); })));
}

// The client's call (client>mapi) and, when the gate lets it through, the
// forwarded one (mapi>provider) on the provider's store, both by name only.
#define FORWARD_AS(iface, method, ...)                                                         \
  tracing::TracedCall traced(tracing::kClientToMapi, iface, #method, inner_, kStoreKind);      \
  if (HRESULT gate = Gate(#method); FAILED(gate)) return traced.Return(gate);                  \
  tracing::TracedCall forwarded(tracing::kMapiToProvider, iface, #method, inner_, kStoreKind); \
  return traced.Return(                                                                        \
      forwarded.Return(GuardAbi(absl::StrCat(state_->who, ": IMsgStore::" #method),            \
                                [&] { return inner_->method(__VA_ARGS__); })))
#define FORWARD(method, ...) FORWARD_AS("IMsgStore", method, __VA_ARGS__)
#define FORWARD_PROP(method, ...) FORWARD_AS("IMAPIProp", method, __VA_ARGS__)

// ---- IMAPIProp ----
STDMETHODIMP StoreWrapper::GetLastError(HRESULT hResult, ULONG ulFlags,
                                        LPMAPIERROR FAR* lppMAPIError) {
  FORWARD_PROP(GetLastError, hResult, ulFlags, lppMAPIError);
}
STDMETHODIMP StoreWrapper::SaveChanges(ULONG ulFlags) { FORWARD_PROP(SaveChanges, ulFlags); }
STDMETHODIMP StoreWrapper::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                    ULONG FAR* lpcValues, LPSPropValue FAR* lppPropArray) {
  FORWARD_PROP(GetProps, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
}
STDMETHODIMP StoreWrapper::GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lppPropTagArray) {
  FORWARD_PROP(GetPropList, ulFlags, lppPropTagArray);
}
STDMETHODIMP StoreWrapper::OpenProperty(ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions,
                                        ULONG ulFlags, LPUNKNOWN FAR* lppUnk) {
  FORWARD_PROP(OpenProperty, ulPropTag, lpiid, ulInterfaceOptions, ulFlags, lppUnk);
}
STDMETHODIMP StoreWrapper::SetProps(ULONG cValues, LPSPropValue lpPropArray,
                                    LPSPropProblemArray FAR* lppProblems) {
  FORWARD_PROP(SetProps, cValues, lpPropArray, lppProblems);
}
STDMETHODIMP StoreWrapper::DeleteProps(LPSPropTagArray lpPropTagArray,
                                       LPSPropProblemArray FAR* lppProblems) {
  FORWARD_PROP(DeleteProps, lpPropTagArray, lppProblems);
}
STDMETHODIMP StoreWrapper::CopyTo(ULONG ciidExclude, LPCIID rgiidExclude,
                                  LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                                  LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                  ULONG ulFlags, LPSPropProblemArray FAR* lppProblems) {
  FORWARD_PROP(CopyTo, ciidExclude, rgiidExclude, lpExcludeProps, ulUIParam, lpProgress,
               lpInterface, lpDestObj, ulFlags, lppProblems);
}
STDMETHODIMP StoreWrapper::CopyProps(LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                     LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
                                     LPVOID lpDestObj, ULONG ulFlags,
                                     LPSPropProblemArray FAR* lppProblems) {
  FORWARD_PROP(CopyProps, lpIncludeProps, ulUIParam, lpProgress, lpInterface, lpDestObj, ulFlags,
               lppProblems);
}
STDMETHODIMP StoreWrapper::GetNamesFromIDs(LPSPropTagArray FAR* lppPropTags, LPGUID lpPropSetGuid,
                                           ULONG ulFlags, ULONG FAR* lpcPropNames,
                                           LPMAPINAMEID FAR* FAR* lpppPropNames) {
  FORWARD_PROP(GetNamesFromIDs, lppPropTags, lpPropSetGuid, ulFlags, lpcPropNames, lpppPropNames);
}
STDMETHODIMP StoreWrapper::GetIDsFromNames(ULONG cPropNames, LPMAPINAMEID FAR* lppPropNames,
                                           ULONG ulFlags, LPSPropTagArray FAR* lppPropTags) {
  FORWARD_PROP(GetIDsFromNames, cPropNames, lppPropNames, ulFlags, lppPropTags);
}

// ---- IMsgStore ----
STDMETHODIMP StoreWrapper::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                                  LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  FORWARD(Advise, cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
}
STDMETHODIMP StoreWrapper::Unadvise(ULONG_PTR ulConnection) { FORWARD(Unadvise, ulConnection); }
STDMETHODIMP StoreWrapper::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1,
                                           ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags,
                                           ULONG FAR* lpulResult) {
  FORWARD(CompareEntryIDs, cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags, lpulResult);
}
STDMETHODIMP StoreWrapper::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                     ULONG ulFlags, ULONG FAR* lpulObjType,
                                     LPUNKNOWN FAR* lppUnk) {
  FORWARD(OpenEntry, cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
}
STDMETHODIMP StoreWrapper::SetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags,
                                            ULONG cbEntryID, LPENTRYID lpEntryID) {
  FORWARD(SetReceiveFolder, lpszMessageClass, ulFlags, cbEntryID, lpEntryID);
}
STDMETHODIMP StoreWrapper::GetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags,
                                            ULONG FAR* lpcbEntryID, LPENTRYID FAR* lppEntryID,
                                            LPTSTR FAR* lppszExplicitClass) {
  FORWARD(GetReceiveFolder, lpszMessageClass, ulFlags, lpcbEntryID, lppEntryID,
          lppszExplicitClass);
}
STDMETHODIMP StoreWrapper::GetReceiveFolderTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  FORWARD(GetReceiveFolderTable, ulFlags, lppTable);
}
STDMETHODIMP StoreWrapper::StoreLogoff(ULONG FAR* lpulFlags) {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMsgStore", "StoreLogoff", inner_, kStoreKind,
                             [&] {
                               return nlohmann::json{{"flags", LogoffFlagsJson(lpulFlags)}};
                             });
  auto flags_out = [&] { return nlohmann::json{{"flags", LogoffFlagsJson(lpulFlags)}}; };
  if (HRESULT gate = Gate("StoreLogoff"); FAILED(gate)) return traced.Return(gate);
  if (lpulFlags == nullptr) return traced.Return(MAPI_E_INVALID_PARAMETER);
  const ULONG input = *lpulFlags;
  if (!IsOneLogoffInputFlag(input)) {
    ReportFinding("store.storelogoff-one-flag", "client", "IMsgStore::StoreLogoff",
                  absl::StrCat("the store of ", state_->who, " was given ", LogoffFlagsText(input),
                               "; passed on to the provider"));
  }
  {
    // Remembered for the provider's StoreLogoffTransports (same flag, rule 40).
    absl::MutexLock lock(&state_->mu);
    if (!state_->storelogoff_flags) state_->storelogoff_flags = input;
  }
  tracing::TracedCall forwarded(tracing::kMapiToProvider, "IMsgStore", "StoreLogoff", inner_,
                                kStoreKind, [&] {
                                  return nlohmann::json{{"flags", LogoffFlagsJson(lpulFlags)}};
                                });
  HRESULT hr = GuardAbi(absl::StrCat(state_->who, ": IMsgStore::StoreLogoff"),
                        [&] { return inner_->StoreLogoff(lpulFlags); });
  forwarded.Return(hr, flags_out);
  return traced.Return(hr, flags_out);
}
STDMETHODIMP StoreWrapper::AbortSubmit(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags) {
  FORWARD(AbortSubmit, cbEntryID, lpEntryID, ulFlags);
}
STDMETHODIMP StoreWrapper::GetOutgoingQueue(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  FORWARD(GetOutgoingQueue, ulFlags, lppTable);
}
STDMETHODIMP StoreWrapper::SetLockState(LPMESSAGE lpMessage, ULONG ulLockState) {
  FORWARD(SetLockState, lpMessage, ulLockState);
}
STDMETHODIMP StoreWrapper::FinishedMsg(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) {
  FORWARD(FinishedMsg, ulFlags, cbEntryID, lpEntryID);
}
STDMETHODIMP StoreWrapper::NotifyNewMail(LPNOTIFICATION lpNotification) {
  FORWARD(NotifyNewMail, lpNotification);
}

#undef FORWARD
#undef FORWARD_PROP
#undef FORWARD_AS

}  // namespace mapi_emu
