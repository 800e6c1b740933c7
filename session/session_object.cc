#include "session/session_object.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/hresult.h"
#include "session/findings.h"
#include "session/no_support.h"
#include "session/store_wrapper.h"
#include "session/trace_hooks.h"

namespace mapi_emu {
namespace {

// A client's session is traced under the name of its session core, which
// is also what MAPI calls the providers' entry points for.
using tracing::kSessionKind;

}  // namespace

SessionObject::SessionObject(std::shared_ptr<SessionCore> core,
                             std::function<void(SessionObject*)> on_gone,
                             AdminServicesFn admin_services, bool shared, OthersFn others,
                             ClientShutdownFn client_shutdown)
    : ComObject(nullptr, "Session"),
      core_(std::move(core)),
      on_gone_(std::move(on_gone)),
      admin_services_(std::move(admin_services)),
      shared_(shared),
      others_(std::move(others)),
      client_shutdown_(std::move(client_shutdown)) {}

SessionObject::~SessionObject() {
  // Release of the session without Logoff: MAPI logs this client off itself.
  LeaveSession();
  core_.reset();
  if (on_gone_) on_gone_(this);
}

bool SessionObject::logged_off() const {
  absl::MutexLock lock(&mu_);
  return client_logged_off_ || core_->logged_off();
}

std::vector<ULONG_PTR> SessionObject::session_connections() const {
  absl::MutexLock lock(&mu_);
  return connections_;
}

void SessionObject::EndedByOtherClient() {
  bool leave = false;
  {
    absl::MutexLock lock(&mu_);
    if (!client_logged_off_) {
      client_logged_off_ = true;
      leave = true;
    }
  }
  if (leave) core_->ClientLeft();
}

void SessionObject::LeaveSession() {
  {
    absl::MutexLock lock(&mu_);
    if (client_logged_off_) return;
    client_logged_off_ = true;
  }
  // The session ends with its last client (or was ended already).
  if (core_->ClientLeft() && !core_->logged_off()) core_->Logoff(0, 0, 0);
}

HRESULT SessionObject::CheckUsable(const char* method) {
  if (!logged_off()) return S_OK;
  ReportFinding("session.calls-after-logoff", "client", absl::StrCat("IMAPISession::", method),
                absl::StrCat("called on ", core_->name(), " after Logoff; MAPI_E_INVALID_OBJECT"));
  return MAPI_E_INVALID_OBJECT;
}

ULONG SessionObject::AddRef() {
  if (!tracing::On()) return AddRefImpl();
  tracing::TracedCall traced(tracing::kClientToMapi, "IUnknown", "AddRef", core_.get(),
                             kSessionKind);
  return traced.ReturnCount(AddRefImpl());
}

ULONG SessionObject::Release() {
  if (!tracing::On()) return ReleaseImpl();
  // The final Release logs the client off inside this call when it did not.
  tracing::TracedCall traced(tracing::kClientToMapi, "IUnknown", "Release", core_.get(),
                             kSessionKind);
  return traced.ReturnCount(ReleaseImpl());
}

// The client's call, traced by name, then the usual checks and the guard.
#define GUARD(method, ...)                                                                \
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPISession", method, core_.get(), \
                             kSessionKind);                                               \
  if (HRESULT usable = CheckUsable(method); FAILED(usable)) return traced.Return(usable); \
  return traced.Return(GuardAbi("IMAPISession::" method, [&] { return __VA_ARGS__; }))

STDMETHODIMP SessionObject::GetLastError(HRESULT hResult, ULONG ulFlags,
                                         LPMAPIERROR FAR* lppMAPIError) {
  GUARD("GetLastError", core_->GetLastError(hResult, ulFlags, lppMAPIError));
}
STDMETHODIMP SessionObject::GetMsgStoresTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  GUARD("GetMsgStoresTable", core_->GetMsgStoresTable(ulFlags, lppTable));
}
STDMETHODIMP SessionObject::OpenMsgStore(ULONG_PTR ulUIParam, ULONG cbEntryID,
                                         LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                                         LPMDB FAR* lppMDB) {
  // The entry ID's bytes hold the store's random MAPIUID: only its size is
  // recorded, so that traces compare.
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPISession", "OpenMsgStore", core_.get(),
                             kSessionKind, [&] {
                               return nlohmann::json{{"cb", cbEntryID}, {"flags", ulFlags}};
                             });
  if (HRESULT usable = CheckUsable("OpenMsgStore"); FAILED(usable)) return traced.Return(usable);
  HRESULT hr = GuardAbi("IMAPISession::OpenMsgStore", [&] {
    return core_->OpenMsgStore(ulUIParam, cbEntryID, lpEntryID, lpInterface, ulFlags, lppMDB);
  });
  return traced.Return(hr, [&] {
    nlohmann::json out = nlohmann::json::object();
    if (SUCCEEDED(hr) && lppMDB != nullptr && *lppMDB != nullptr) {
      out["store"] = tracing::Name(StoreWrapper::TracedStore(*lppMDB), "MsgStore");
    }
    return out;
  });
}
STDMETHODIMP SessionObject::OpenAddressBook(ULONG_PTR ulUIParam, LPCIID lpInterface, ULONG ulFlags,
                                            LPADRBOOK FAR* lppAdrBook) {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPISession", "OpenAddressBook", core_.get(),
                             kSessionKind, [&] {
                               return nlohmann::json{{"flags", ulFlags}};
                             });
  return traced.Return(OpenAddressBookUntraced(ulUIParam, lpInterface, ulFlags, lppAdrBook));
}

HRESULT SessionObject::OpenAddressBookUntraced(ULONG_PTR, LPCIID lpInterface, ULONG ulFlags,
                                               LPADRBOOK FAR* lppAdrBook) {
  if (HRESULT usable = CheckUsable("OpenAddressBook"); FAILED(usable)) return usable;
  if (lppAdrBook == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(AB_NO_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
  if (lpInterface != nullptr && !IsEqualIID(*lpInterface, IID_IAddrBook) &&
      !IsEqualIID(*lpInterface, IID_IMAPIProp) && !IsEqualIID(*lpInterface, IID_IUnknown)) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  return GuardAbi("IMAPISession::OpenAddressBook", [&]() -> HRESULT {
    *lppAdrBook = MakeComObject<AddressBook>(core_).Detach();
    // Always a valid address book; the warning says some provider failed
    // (imapisession-openaddressbook.md).
    return core_->ErrorsReturned() ? MAPI_W_ERRORS_RETURNED : S_OK;
  });
}
STDMETHODIMP SessionObject::OpenProfileSection(LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
                                               LPPROFSECT FAR* lppProfSect) {
  GUARD("OpenProfileSection", core_->OpenProfileSection(lpUID, lpInterface, ulFlags, lppProfSect));
}
STDMETHODIMP SessionObject::GetStatusTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  GUARD("GetStatusTable", core_->GetStatusTable(ulFlags, lppTable));
}
STDMETHODIMP SessionObject::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                      ULONG ulFlags, ULONG FAR* lpulObjType,
                                      LPUNKNOWN FAR* lppUnk) {
  GUARD("OpenEntry",
        core_->OpenEntry(cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk));
}
STDMETHODIMP SessionObject::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1,
                                            ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags,
                                            ULONG FAR* lpulResult) {
  GUARD("CompareEntryIDs", core_->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2,
                                                  ulFlags, lpulResult));
}
STDMETHODIMP SessionObject::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                                   LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPISession", "Advise", core_.get(),
                             kSessionKind, [&] {
                               return nlohmann::json{{"event_mask", ulEventMask}};
                             });
  if (HRESULT usable = CheckUsable("Advise"); FAILED(usable)) return traced.Return(usable);
  HRESULT hr = GuardAbi("IMAPISession::Advise", [&] {
    return core_->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
  });
  if (SUCCEEDED(hr) && (lpEntryID == nullptr || cbEntryID == 0)) {
    absl::MutexLock lock(&mu_);
    connections_.push_back(*lpulConnection);
  }
  return traced.Return(hr);
}
STDMETHODIMP SessionObject::Unadvise(ULONG_PTR ulConnection) {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPISession", "Unadvise", core_.get(),
                             kSessionKind);
  if (HRESULT usable = CheckUsable("Unadvise"); FAILED(usable)) return traced.Return(usable);
  {
    absl::MutexLock lock(&mu_);
    connections_.erase(std::remove(connections_.begin(), connections_.end(), ulConnection),
                       connections_.end());
  }
  return traced.Return(
      GuardAbi("IMAPISession::Unadvise", [&] { return core_->Unadvise(ulConnection); }));
}
STDMETHODIMP SessionObject::QueryIdentity(ULONG FAR* lpcbEntryID, LPENTRYID FAR* lppEntryID) {
  GUARD("QueryIdentity", core_->QueryIdentity(lpcbEntryID, lppEntryID));
}
STDMETHODIMP SessionObject::Logoff(ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulReserved) {
  tracing::TracedCall traced(
      tracing::kClientToMapi, "IMAPISession", "Logoff", core_.get(), kSessionKind, [&] {
        return nlohmann::json{{"flags", tracing::Flags(ulFlags, trace::SessionLogoffFlags())},
                              {"reserved", ulReserved}};
      });
  return traced.Return(LogoffUntraced(ulUIParam, ulFlags, ulReserved));
}

HRESULT SessionObject::LogoffUntraced(ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulReserved) {
  if (HRESULT usable = CheckUsable("Logoff"); FAILED(usable)) return usable;
  if (ulReserved != 0) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~(MAPI_LOGOFF_SHARED | MAPI_LOGOFF_UI)) return MAPI_E_UNKNOWN_FLAGS;
  return GuardAbi("IMAPISession::Logoff", [&]() -> HRESULT {
    if (shared_ && (ulFlags & MAPI_LOGOFF_SHARED) && others_) {
      // Ruling 14: every client of the shared session logs off, each told
      // by an error notification; then the session itself ends.
      for (SessionObject* other : others_(this)) {
        if (other->logged_off()) continue;
        core_->NotifyEndOfSession(other->session_connections());
        other->EndedByOtherClient();
      }
      {
        absl::MutexLock lock(&mu_);
        client_logged_off_ = true;
      }
      core_->ClientLeft();
      return core_->Logoff(ulUIParam, ulFlags, ulReserved);
    }
    // MAPI_LOGOFF_SHARED is ignored for a session that is not shared
    // (imapisession-logoff.md). The session ends with its last client.
    {
      absl::MutexLock lock(&mu_);
      client_logged_off_ = true;
    }
    if (core_->ClientLeft()) return core_->Logoff(ulUIParam, ulFlags, ulReserved);
    return S_OK;
  });
}

// ---- IMAPIClientShutdown -----------------------------------------------------

STDMETHODIMP SessionObject::QueryFastShutdown() {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPIClientShutdown", "QueryFastShutdown",
                             core_.get(), kSessionKind);
  if (!client_shutdown_) return traced.Return(MAPI_E_NO_SUPPORT);
  return traced.Return(GuardAbi("IMAPIClientShutdown::QueryFastShutdown", [&] {
    return client_shutdown_(SessionCore::FastShutdownStep::kQuery);
  }));
}
STDMETHODIMP SessionObject::NotifyProcessShutdown() {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPIClientShutdown", "NotifyProcessShutdown",
                             core_.get(), kSessionKind);
  if (!client_shutdown_) return traced.Return(MAPI_E_NO_SUPPORT);
  return traced.Return(GuardAbi("IMAPIClientShutdown::NotifyProcessShutdown", [&] {
    return client_shutdown_(SessionCore::FastShutdownStep::kNotify);
  }));
}
STDMETHODIMP SessionObject::DoFastShutdown() {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPIClientShutdown", "DoFastShutdown",
                             core_.get(), kSessionKind);
  if (!client_shutdown_) return traced.Return(MAPI_E_NO_SUPPORT);
  return traced.Return(GuardAbi("IMAPIClientShutdown::DoFastShutdown", [&] {
    return client_shutdown_(SessionCore::FastShutdownStep::kDo);
  }));
}
#undef GUARD

STDMETHODIMP SessionObject::MessageOptions(ULONG_PTR, ULONG, LPTSTR, LPMESSAGE) {
  return NoSupport("IMAPISession", "MessageOptions");
}
STDMETHODIMP SessionObject::QueryDefaultMessageOpt(LPTSTR, ULONG, ULONG FAR*, LPSPropValue FAR*) {
  return NoSupport("IMAPISession", "QueryDefaultMessageOpt");
}
STDMETHODIMP SessionObject::EnumAdrTypes(ULONG, ULONG FAR*, LPTSTR FAR* FAR*) {
  return NoSupport("IMAPISession", "EnumAdrTypes");
}
STDMETHODIMP SessionObject::SetDefaultStore(ULONG, ULONG, LPENTRYID) {
  return NoSupport("IMAPISession", "SetDefaultStore");
}
STDMETHODIMP SessionObject::AdminServices(ULONG ulFlags, LPSERVICEADMIN FAR* lppServiceAdmin) {
  tracing::TracedCall traced(tracing::kClientToMapi, "IMAPISession", "AdminServices", core_.get(),
                             kSessionKind);
  if (HRESULT usable = CheckUsable("AdminServices"); FAILED(usable)) return traced.Return(usable);
  if (lppServiceAdmin == nullptr) return traced.Return(MAPI_E_INVALID_PARAMETER);
  if (ulFlags != 0) return traced.Return(MAPI_E_UNKNOWN_FLAGS);
  if (!admin_services_) return traced.Return(NoSupport("IMAPISession", "AdminServices"));
  return traced.Return(GuardAbi("IMAPISession::AdminServices",
                                [&] { return admin_services_(ulFlags, lppServiceAdmin); }));
}
STDMETHODIMP SessionObject::ShowForm(ULONG_PTR, LPMDB, LPMAPIFOLDER, LPCIID, ULONG_PTR, LPMESSAGE,
                                     ULONG, ULONG, ULONG, ULONG, LPSTR) {
  return NoSupport("IMAPISession", "ShowForm");
}
STDMETHODIMP SessionObject::PrepareForm(LPCIID, LPMESSAGE, ULONG_PTR FAR*) {
  return NoSupport("IMAPISession", "PrepareForm");
}

// ---- IAddrBook -------------------------------------------------------------------

AddressBook::AddressBook(std::shared_ptr<SessionCore> core)
    : ComObject(nullptr, "AddressBook"), core_(std::move(core)), last_error_("MAPI address book") {}

STDMETHODIMP AddressBook::GetLastError(HRESULT hResult, ULONG ulFlags,
                                       LPMAPIERROR FAR* lppMAPIError) {
  return core_->GetLastError(hResult, ulFlags, lppMAPIError);
}
STDMETHODIMP AddressBook::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                    ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  if (core_->logged_off()) return MAPI_E_INVALID_OBJECT;
  if (lpulObjType == nullptr || lppUnk == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (lpEntryID == nullptr || cbEntryID == 0) return NoSupport("IAddrBook", "OpenEntry(root)");
  return GuardAbi("IAddrBook::OpenEntry", [&] {
    return core_->AbOpenEntry(cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
  });
}
STDMETHODIMP AddressBook::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                          LPENTRYID lpEntryID2, ULONG ulFlags,
                                          ULONG FAR* lpulResult) {
  return GuardAbi("IAddrBook::CompareEntryIDs", [&] {
    return core_->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags,
                                  lpulResult);
  });
}
STDMETHODIMP AddressBook::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                                 LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  if (lpEntryID == nullptr || cbEntryID == 0) return MAPI_E_INVALID_PARAMETER;
  return GuardAbi("IAddrBook::Advise", [&] {
    return core_->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
  });
}
STDMETHODIMP AddressBook::Unadvise(ULONG_PTR ulConnection) {
  return GuardAbi("IAddrBook::Unadvise", [&] { return core_->Unadvise(ulConnection); });
}

#define AB_NO_SUPPORT(method) return NoSupport("IAddrBook", #method)
STDMETHODIMP AddressBook::SaveChanges(ULONG) { AB_NO_SUPPORT(SaveChanges); }
STDMETHODIMP AddressBook::GetProps(LPSPropTagArray, ULONG, ULONG FAR*, LPSPropValue FAR*) {
  AB_NO_SUPPORT(GetProps);
}
STDMETHODIMP AddressBook::GetPropList(ULONG, LPSPropTagArray FAR*) { AB_NO_SUPPORT(GetPropList); }
STDMETHODIMP AddressBook::OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR*) {
  AB_NO_SUPPORT(OpenProperty);
}
STDMETHODIMP AddressBook::SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR*) {
  AB_NO_SUPPORT(SetProps);
}
STDMETHODIMP AddressBook::DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR*) {
  AB_NO_SUPPORT(DeleteProps);
}
STDMETHODIMP AddressBook::CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID,
                                 LPVOID, ULONG, LPSPropProblemArray FAR*) {
  AB_NO_SUPPORT(CopyTo);
}
STDMETHODIMP AddressBook::CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                                    ULONG, LPSPropProblemArray FAR*) {
  AB_NO_SUPPORT(CopyProps);
}
STDMETHODIMP AddressBook::GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                                          LPMAPINAMEID FAR* FAR*) {
  AB_NO_SUPPORT(GetNamesFromIDs);
}
STDMETHODIMP AddressBook::GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG, LPSPropTagArray FAR*) {
  AB_NO_SUPPORT(GetIDsFromNames);
}
STDMETHODIMP AddressBook::CreateOneOff(LPTSTR, LPTSTR, LPTSTR, ULONG, ULONG FAR*, LPENTRYID FAR*) {
  AB_NO_SUPPORT(CreateOneOff);
}
STDMETHODIMP AddressBook::NewEntry(ULONG_PTR, ULONG, ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG FAR*,
                                   LPENTRYID FAR*) {
  AB_NO_SUPPORT(NewEntry);
}
STDMETHODIMP AddressBook::ResolveName(ULONG_PTR, ULONG, LPTSTR, LPADRLIST) {
  AB_NO_SUPPORT(ResolveName);
}
STDMETHODIMP AddressBook::Address(ULONG_PTR FAR*, LPADRPARM, LPADRLIST FAR*) {
  AB_NO_SUPPORT(Address);
}
STDMETHODIMP AddressBook::Details(ULONG_PTR FAR*, LPFNDISMISS, LPVOID, ULONG, LPENTRYID, LPFNBUTTON,
                                  LPVOID, LPTSTR, ULONG) {
  AB_NO_SUPPORT(Details);
}
STDMETHODIMP AddressBook::RecipOptions(ULONG_PTR, ULONG, LPADRENTRY) { AB_NO_SUPPORT(RecipOptions); }
STDMETHODIMP AddressBook::QueryDefaultRecipOpt(LPTSTR, ULONG, ULONG FAR*, LPSPropValue FAR*) {
  AB_NO_SUPPORT(QueryDefaultRecipOpt);
}
STDMETHODIMP AddressBook::GetPAB(ULONG FAR*, LPENTRYID FAR*) { AB_NO_SUPPORT(GetPAB); }
STDMETHODIMP AddressBook::SetPAB(ULONG, LPENTRYID) { AB_NO_SUPPORT(SetPAB); }
STDMETHODIMP AddressBook::GetDefaultDir(ULONG FAR*, LPENTRYID FAR*) { AB_NO_SUPPORT(GetDefaultDir); }
STDMETHODIMP AddressBook::SetDefaultDir(ULONG, LPENTRYID) { AB_NO_SUPPORT(SetDefaultDir); }
STDMETHODIMP AddressBook::GetSearchPath(ULONG, LPSRowSet FAR*) { AB_NO_SUPPORT(GetSearchPath); }
STDMETHODIMP AddressBook::SetSearchPath(ULONG, LPSRowSet) { AB_NO_SUPPORT(SetSearchPath); }
STDMETHODIMP AddressBook::PrepareRecips(ULONG, LPSPropTagArray, LPADRLIST) {
  AB_NO_SUPPORT(PrepareRecips);
}
#undef AB_NO_SUPPORT

}  // namespace mapi_emu
