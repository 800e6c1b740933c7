// The transport wrappers: IXPProvider and IXPLogon. Messages and status
// objects pass through unwrapped.
#include <memory>

#include "providers/faulty/provider_wrapper.h"
#include "providers/faulty/wrappers.h"

namespace faulty {
namespace {

class XPLogonW final : public Wrapper<IXPLogon> {
 public:
  XPLogonW(const std::shared_ptr<Context>& context, IXPLogon* target, LPMAPISUP support)
      : Wrapper(context, target, Method::kIXPLogon_QueryInterface, support) {}
  MAPI_IXPLOGON_METHODS(IMPL)
};

class XPProviderW final : public ProviderWrapper<IXPProvider> {
 public:
  XPProviderW(const std::shared_ptr<Context>& context, IXPProvider* target)
      : ProviderWrapper(context, target, Method::kIXPProvider_QueryInterface) {}
  MAPI_IXPPROVIDER_METHODS(IMPL)
};

}  // namespace

// ---- IXPProvider --------------------------------------------------------------

STDMETHODIMP XPProviderW::Shutdown(ULONG FAR* lpulFlags) {
  return ShutdownVia(Method::kIXPProvider_Shutdown, lpulFlags);
}

STDMETHODIMP XPProviderW::TransportLogon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,
                                         LPTSTR lpszProfileName, ULONG FAR* lpulFlags,
                                         LPMAPIERROR FAR* lppMAPIError, LPXPLOGON FAR* lppXPLogon) {
  if (lpMAPISup == nullptr || lpulFlags == nullptr || lppXPLogon == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  if (HRESULT hr = Start(lpMAPISup, *lpulFlags, lppMAPIError); FAILED(hr)) return hr;
  SupportLoan support(context_, lpMAPISup);
  CallExtras extras = ObjectOut(lppXPLogon);
  extras.args = [&](Values* v) {
    v->push_back(ObjectValue("support", support.get(), "MAPISupport"));
    v->push_back(FlagsValue("flags", lpulFlags));
  };
  extras.outs = [&](Values* v) {
    v->push_back(ObjectValue("logon", *lppXPLogon, "XPLogon"));
    v->push_back(FlagsValue("flags", lpulFlags));
  };
  return Run(
      Method::kIXPProvider_TransportLogon,
      [&] {
        HRESULT hr = target_->TransportLogon(support.get(), ulUIParam, lpszProfileName, lpulFlags,
                                             lppMAPIError, lppXPLogon);
        if (SUCCEEDED(hr)) *lppXPLogon = WrapXPLogon(context_, *lppXPLogon, lpMAPISup);
        return hr;
      },
      extras);
}

// ---- IXPLogon -----------------------------------------------------------------

STDMETHODIMP XPLogonW::AddressTypes(ULONG FAR* lpulFlags, ULONG FAR* lpcAdrType,
                                    LPTSTR FAR* FAR* lpppAdrTypeArray, ULONG FAR* lpcMAPIUID,
                                    LPMAPIUID FAR* FAR* lpppUIDArray) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  return Run(
      Method::kIXPLogon_AddressTypes,
      [&] {
        return target_->AddressTypes(lpulFlags, lpcAdrType, lpppAdrTypeArray, lpcMAPIUID,
                                     lpppUIDArray);
      },
      extras);
}
STDMETHODIMP XPLogonW::RegisterOptions(ULONG FAR* lpulFlags, ULONG FAR* lpcOptions,
                                       LPOPTIONDATA FAR* lppOptions) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  return Run(
      Method::kIXPLogon_RegisterOptions,
      [&] { return target_->RegisterOptions(lpulFlags, lpcOptions, lppOptions); }, extras);
}
STDMETHODIMP XPLogonW::TransportNotify(ULONG FAR* lpulFlags, LPVOID FAR* lppvData) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  extras.outs = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  return Run(
      Method::kIXPLogon_TransportNotify,
      [&] { return target_->TransportNotify(lpulFlags, lppvData); }, extras);
}
STDMETHODIMP XPLogonW::Idle(ULONG ulFlags) {
  CallExtras extras;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", &ulFlags)); };
  return Run(
      Method::kIXPLogon_Idle, [&] { return target_->Idle(ulFlags); }, extras);
}
STDMETHODIMP XPLogonW::TransportLogoff(ULONG ulFlags) {
  CallExtras extras;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", &ulFlags)); };
  return Run(
      Method::kIXPLogon_TransportLogoff, [&] { return target_->TransportLogoff(ulFlags); }, extras);
}
STDMETHODIMP XPLogonW::SubmitMessage(ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR* lpulMsgRef,
                                     ULONG_PTR FAR* lpulReturnParm) {
  CallExtras extras;
  extras.outs = [&](Values* v) {
    if (lpulMsgRef != nullptr) v->push_back(NumberValue("msg_ref", *lpulMsgRef));
  };
  return Run(
      Method::kIXPLogon_SubmitMessage,
      [&] { return target_->SubmitMessage(ulFlags, lpMessage, lpulMsgRef, lpulReturnParm); },
      extras);
}
STDMETHODIMP XPLogonW::EndMessage(ULONG_PTR ulMsgRef, ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  extras.args = [&](Values* v) { v->push_back(NumberValue("msg_ref", ulMsgRef)); };
  return Run(
      Method::kIXPLogon_EndMessage, [&] { return target_->EndMessage(ulMsgRef, lpulFlags); },
      extras);
}
STDMETHODIMP XPLogonW::Poll(ULONG FAR* lpulIncoming) {
  return Run(Method::kIXPLogon_Poll, [&] { return target_->Poll(lpulIncoming); });
}
STDMETHODIMP XPLogonW::StartMessage(ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR* lpulMsgRef) {
  return Run(Method::kIXPLogon_StartMessage,
             [&] { return target_->StartMessage(ulFlags, lpMessage, lpulMsgRef); });
}
STDMETHODIMP XPLogonW::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR* lpulObjType,
                                       LPMAPISTATUS FAR* lppEntry) {
  CallExtras extras = ObjectOut(lppEntry);
  return Run(
      Method::kIXPLogon_OpenStatusEntry,
      [&] { return target_->OpenStatusEntry(lpInterface, ulFlags, lpulObjType, lppEntry); },
      extras);
}
STDMETHODIMP XPLogonW::ValidateState(ULONG_PTR ulUIParam, ULONG ulFlags) {
  return Run(Method::kIXPLogon_ValidateState,
             [&] { return target_->ValidateState(ulUIParam, ulFlags); });
}
STDMETHODIMP XPLogonW::FlushQueues(ULONG_PTR ulUIParam, ULONG cbTargetTransport,
                                   LPENTRYID lpTargetTransport, ULONG ulFlags) {
  return Run(Method::kIXPLogon_FlushQueues, [&] {
    return target_->FlushQueues(ulUIParam, cbTargetTransport, lpTargetTransport, ulFlags);
  });
}

// ---- Factories ----------------------------------------------------------------

IXPLogon* WrapXPLogon(const std::shared_ptr<Context>& context, IXPLogon* target,
                      LPMAPISUP support) {
  return WrapOnce<XPLogonW>(context, target, Method::kIXPLogon_QueryInterface, support);
}

IXPProvider* NewXPProvider(const std::shared_ptr<Context>& context, IXPProvider* target) {
  return Keep(std::make_unique<XPProviderW>(context, target));
}

}  // namespace faulty
