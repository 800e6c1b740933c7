// The address-book wrappers: IABProvider and IABLogon. Containers, mail
// users, tables and status objects pass through unwrapped.
#include <memory>

#include "providers/faulty/provider_wrapper.h"
#include "providers/faulty/wrappers.h"

namespace faulty {
namespace {

class ABLogonW final : public Wrapper<IABLogon> {
 public:
  ABLogonW(const std::shared_ptr<Context>& context, IABLogon* target, LPMAPISUP support)
      : Wrapper(context, target, Method::kIABLogon_QueryInterface, support) {}
  MAPI_IABLOGON_METHODS(IMPL)
};

class ABProviderW final : public ProviderWrapper<IABProvider> {
 public:
  ABProviderW(const std::shared_ptr<Context>& context, IABProvider* target)
      : ProviderWrapper(context, target, Method::kIABProvider_QueryInterface) {}
  MAPI_IABPROVIDER_METHODS(IMPL)
};

}  // namespace

// ---- IABProvider --------------------------------------------------------------

STDMETHODIMP ABProviderW::Shutdown(ULONG FAR* lpulFlags) {
  return ShutdownVia(Method::kIABProvider_Shutdown, lpulFlags);
}

STDMETHODIMP ABProviderW::Logon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                ULONG ulFlags, ULONG FAR* lpulcbSecurity, LPBYTE FAR* lppbSecurity,
                                LPMAPIERROR FAR* lppMAPIError, LPABLOGON FAR* lppABLogon) {
  if (lpMAPISup == nullptr || lppABLogon == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (HRESULT hr = Start(lpMAPISup, ulFlags, lppMAPIError); FAILED(hr)) return hr;
  SupportLoan support(context_, lpMAPISup);
  CallExtras extras = ObjectOut(lppABLogon);
  extras.args = [&](Values* v) {
    v->push_back(ObjectValue("support", support.get(), "MAPISupport"));
    v->push_back(FlagsValue("flags", &ulFlags));
  };
  extras.outs = [&](Values* v) { v->push_back(ObjectValue("logon", *lppABLogon, "ABLogon")); };
  return Run(
      Method::kIABProvider_Logon,
      [&] {
        HRESULT hr = target_->Logon(support.get(), ulUIParam, lpszProfileName, ulFlags,
                                    lpulcbSecurity, lppbSecurity, lppMAPIError, lppABLogon);
        if (SUCCEEDED(hr)) *lppABLogon = WrapABLogon(context_, *lppABLogon, lpMAPISup);
        return hr;
      },
      extras);
}

// ---- IABLogon -----------------------------------------------------------------

STDMETHODIMP ABLogonW::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR* lppMAPIError) {
  return Run(Method::kIABLogon_GetLastError,
             [&] { return target_->GetLastError(hResult, ulFlags, lppMAPIError); });
}
STDMETHODIMP ABLogonW::Logoff(ULONG ulFlags) {
  CallExtras extras;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", &ulFlags)); };
  return Run(
      Method::kIABLogon_Logoff, [&] { return target_->Logoff(ulFlags); }, extras);
}
STDMETHODIMP ABLogonW::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                 ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  CallExtras extras = ObjectOut(lppUnk);
  return Run(
      Method::kIABLogon_OpenEntry,
      [&] {
        return target_->OpenEntry(cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
      },
      extras);
}
STDMETHODIMP ABLogonW::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR* lpulResult) {
  return Run(Method::kIABLogon_CompareEntryIDs, [&] {
    return target_->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags,
                                    lpulResult);
  });
}
STDMETHODIMP ABLogonW::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                              LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  return Run(Method::kIABLogon_Advise, [&] {
    return target_->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
  });
}
STDMETHODIMP ABLogonW::Unadvise(ULONG_PTR ulConnection) {
  return Run(Method::kIABLogon_Unadvise, [&] { return target_->Unadvise(ulConnection); });
}
STDMETHODIMP ABLogonW::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR* lpulObjType,
                                       LPMAPISTATUS FAR* lppEntry) {
  CallExtras extras = ObjectOut(lppEntry);
  return Run(
      Method::kIABLogon_OpenStatusEntry,
      [&] { return target_->OpenStatusEntry(lpInterface, ulFlags, lpulObjType, lppEntry); },
      extras);
}
STDMETHODIMP ABLogonW::OpenTemplateID(ULONG cbTemplateID, LPENTRYID lpTemplateID,
                                      ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData,
                                      LPCIID lpInterface, LPMAPIPROP FAR* lppMAPIPropNew,
                                      LPMAPIPROP lpMAPIPropSibling) {
  CallExtras extras = ObjectOut(lppMAPIPropNew);
  return Run(
      Method::kIABLogon_OpenTemplateID,
      [&] {
        return target_->OpenTemplateID(cbTemplateID, lpTemplateID, ulTemplateFlags, lpMAPIPropData,
                                       lpInterface, lppMAPIPropNew, lpMAPIPropSibling);
      },
      extras);
}
STDMETHODIMP ABLogonW::GetOneOffTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  CallExtras extras = ObjectOut(lppTable);
  return Run(
      Method::kIABLogon_GetOneOffTable, [&] { return target_->GetOneOffTable(ulFlags, lppTable); },
      extras);
}
STDMETHODIMP ABLogonW::PrepareRecips(ULONG ulFlags, LPSPropTagArray lpPropTagArray,
                                     LPADRLIST lpRecipList) {
  return Run(Method::kIABLogon_PrepareRecips,
             [&] { return target_->PrepareRecips(ulFlags, lpPropTagArray, lpRecipList); });
}

// ---- Factories ----------------------------------------------------------------

IABLogon* WrapABLogon(const std::shared_ptr<Context>& context, IABLogon* target,
                      LPMAPISUP support) {
  return WrapOnce<ABLogonW>(context, target, Method::kIABLogon_QueryInterface, support);
}

IABProvider* NewABProvider(const std::shared_ptr<Context>& context, IABProvider* target) {
  return Keep(std::make_unique<ABProviderW>(context, target));
}

}  // namespace faulty
