// The message-store wrappers: IMSProvider, IMSLogon and IMsgStore. The
// store's other objects (folders, messages, tables, status objects) pass
// through unwrapped.
#include <memory>

#include "providers/faulty/provider_wrapper.h"
#include "providers/faulty/wrappers.h"

namespace faulty {
namespace {

class MSLogonW final : public Wrapper<IMSLogon> {
 public:
  MSLogonW(const std::shared_ptr<Context>& context, IMSLogon* target, LPMAPISUP support)
      : Wrapper(context, target, Method::kIMSLogon_QueryInterface, support) {}
  MAPI_IMSLOGON_METHODS(IMPL)
};

class MsgStoreW final : public Wrapper<IMsgStore> {
 public:
  MsgStoreW(const std::shared_ptr<Context>& context, IMsgStore* target, LPMAPISUP support)
      : Wrapper(context, target, Method::kIMsgStore_QueryInterface, support) {}
  MAPI_IMAPIPROP_METHODS(IMPL)
  MAPI_IMSGSTORE_METHODS(IMPL)
};

class MSProviderW final : public ProviderWrapper<IMSProvider> {
 public:
  MSProviderW(const std::shared_ptr<Context>& context, IMSProvider* target)
      : ProviderWrapper(context, target, Method::kIMSProvider_QueryInterface) {}
  MAPI_IMSPROVIDER_METHODS(IMPL)

 private:
  // Logon and SpoolerLogon: the wrapped provider gets a support wrapper, and
  // MAPI gets wrappers of the logon and store objects.
  template <class F>
  HRESULT LogonVia(Method method, LPMAPISUP lpMAPISup, ULONG ulFlags, LPMAPIERROR FAR* lppMAPIError,
                   LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB, F&& logon) {
    if (lpMAPISup == nullptr || lppMSLogon == nullptr || lppMDB == nullptr) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (HRESULT hr = Start(lpMAPISup, ulFlags, lppMAPIError); FAILED(hr)) return hr;
    SupportLoan support(context_, lpMAPISup);
    CallExtras extras;
    extras.leak = [lppMSLogon, lppMDB] {
      // The logon object, as the test providers' leak_logon knob does; a
      // repeated open of a store has none, then the store.
      if (*lppMSLogon != nullptr) {
        LeakReference(*lppMSLogon);
      } else if (*lppMDB != nullptr) {
        LeakReference(*lppMDB);
      }
    };
    extras.clear = [lppMSLogon, lppMDB] {
      *lppMSLogon = nullptr;
      *lppMDB = nullptr;
    };
    extras.args = [&](Values* v) {
      v->push_back(ObjectValue("support", support.get(), "MAPISupport"));
      v->push_back(FlagsValue("flags", &ulFlags));
    };
    extras.outs = [&](Values* v) {
      v->push_back(ObjectValue("logon", *lppMSLogon, "MSLogon"));
      v->push_back(ObjectValue("store", *lppMDB, "MsgStore"));
    };
    return Run(
        method,
        [&] {
          HRESULT hr = logon(support.get());
          if (SUCCEEDED(hr)) {
            *lppMSLogon = WrapMSLogon(context_, *lppMSLogon, lpMAPISup);
            *lppMDB = WrapMsgStore(context_, *lppMDB, lpMAPISup);
          }
          return hr;
        },
        extras);
  }
};

}  // namespace

// ---- IMSProvider --------------------------------------------------------------

STDMETHODIMP MSProviderW::Logon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags,
                                LPCIID lpInterface, ULONG FAR* lpcbSpoolSecurity,
                                LPBYTE FAR* lppbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                                LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  return LogonVia(Method::kIMSProvider_Logon, lpMAPISup, ulFlags, lppMAPIError, lppMSLogon, lppMDB,
                  [&](LPMAPISUP support) {
                    return target_->Logon(support, ulUIParam, lpszProfileName, cbEntryID, lpEntryID,
                                          ulFlags, lpInterface, lpcbSpoolSecurity,
                                          lppbSpoolSecurity, lppMAPIError, lppMSLogon, lppMDB);
                  });
}

STDMETHODIMP MSProviderW::SpoolerLogon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,
                                       LPTSTR lpszProfileName, ULONG cbEntryID, LPENTRYID lpEntryID,
                                       ULONG ulFlags, LPCIID lpInterface, ULONG cbSpoolSecurity,
                                       LPBYTE lpbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                                       LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  return LogonVia(Method::kIMSProvider_SpoolerLogon, lpMAPISup, ulFlags, lppMAPIError, lppMSLogon,
                  lppMDB, [&](LPMAPISUP support) {
                    return target_->SpoolerLogon(support, ulUIParam, lpszProfileName, cbEntryID,
                                                 lpEntryID, ulFlags, lpInterface, cbSpoolSecurity,
                                                 lpbSpoolSecurity, lppMAPIError, lppMSLogon,
                                                 lppMDB);
                  });
}

STDMETHODIMP MSProviderW::Shutdown(ULONG FAR* lpulFlags) {
  return ShutdownVia(Method::kIMSProvider_Shutdown, lpulFlags);
}
STDMETHODIMP MSProviderW::CompareStoreIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                          LPENTRYID lpEntryID2, ULONG ulFlags,
                                          ULONG FAR* lpulResult) {
  return Run(Method::kIMSProvider_CompareStoreIDs, [&] {
    return target_->CompareStoreIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags,
                                    lpulResult);
  });
}

// ---- IMSLogon -----------------------------------------------------------------

STDMETHODIMP MSLogonW::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR* lppMAPIError) {
  return Run(Method::kIMSLogon_GetLastError,
             [&] { return target_->GetLastError(hResult, ulFlags, lppMAPIError); });
}
STDMETHODIMP MSLogonW::Logoff(ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  return Run(
      Method::kIMSLogon_Logoff, [&] { return target_->Logoff(lpulFlags); }, extras);
}
STDMETHODIMP MSLogonW::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                 ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  CallExtras extras = ObjectOut(lppUnk);
  return Run(
      Method::kIMSLogon_OpenEntry,
      [&] {
        return target_->OpenEntry(cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
      },
      extras);
}
STDMETHODIMP MSLogonW::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR* lpulResult) {
  return Run(Method::kIMSLogon_CompareEntryIDs, [&] {
    return target_->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags,
                                    lpulResult);
  });
}
STDMETHODIMP MSLogonW::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                              LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  return Run(Method::kIMSLogon_Advise, [&] {
    return target_->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
  });
}
STDMETHODIMP MSLogonW::Unadvise(ULONG_PTR ulConnection) {
  return Run(Method::kIMSLogon_Unadvise, [&] { return target_->Unadvise(ulConnection); });
}
STDMETHODIMP MSLogonW::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR* lpulObjType,
                                       LPVOID FAR* lppEntry) {
  CallExtras extras = ObjectOut(lppEntry);
  return Run(
      Method::kIMSLogon_OpenStatusEntry,
      [&] { return target_->OpenStatusEntry(lpInterface, ulFlags, lpulObjType, lppEntry); },
      extras);
}

// ---- IMsgStore ----------------------------------------------------------------

STDMETHODIMP MsgStoreW::GetLastError(HRESULT hResult, ULONG ulFlags,
                                     LPMAPIERROR FAR* lppMAPIError) {
  return Run(Method::kIMsgStore_GetLastError,
             [&] { return target_->GetLastError(hResult, ulFlags, lppMAPIError); });
}
STDMETHODIMP MsgStoreW::SaveChanges(ULONG ulFlags) {
  return Run(Method::kIMsgStore_SaveChanges, [&] { return target_->SaveChanges(ulFlags); });
}
STDMETHODIMP MsgStoreW::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                 ULONG FAR* lpcValues, LPSPropValue FAR* lppPropArray) {
  return Run(Method::kIMsgStore_GetProps,
             [&] { return target_->GetProps(lpPropTagArray, ulFlags, lpcValues, lppPropArray); });
}
STDMETHODIMP MsgStoreW::GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lppPropTagArray) {
  return Run(Method::kIMsgStore_GetPropList,
             [&] { return target_->GetPropList(ulFlags, lppPropTagArray); });
}
STDMETHODIMP MsgStoreW::OpenProperty(ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions,
                                     ULONG ulFlags, LPUNKNOWN FAR* lppUnk) {
  CallExtras extras = ObjectOut(lppUnk);
  return Run(
      Method::kIMsgStore_OpenProperty,
      [&] { return target_->OpenProperty(ulPropTag, lpiid, ulInterfaceOptions, ulFlags, lppUnk); },
      extras);
}
STDMETHODIMP MsgStoreW::SetProps(ULONG cValues, LPSPropValue lpPropArray,
                                 LPSPropProblemArray FAR* lppProblems) {
  return Run(Method::kIMsgStore_SetProps,
             [&] { return target_->SetProps(cValues, lpPropArray, lppProblems); });
}
STDMETHODIMP MsgStoreW::DeleteProps(LPSPropTagArray lpPropTagArray,
                                    LPSPropProblemArray FAR* lppProblems) {
  return Run(Method::kIMsgStore_DeleteProps,
             [&] { return target_->DeleteProps(lpPropTagArray, lppProblems); });
}
STDMETHODIMP MsgStoreW::CopyTo(ULONG ciidExclude, LPCIID rgiidExclude,
                               LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                               LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                               ULONG ulFlags, LPSPropProblemArray FAR* lppProblems) {
  return Run(Method::kIMsgStore_CopyTo, [&] {
    return target_->CopyTo(ciidExclude, rgiidExclude, lpExcludeProps, ulUIParam, lpProgress,
                           lpInterface, lpDestObj, ulFlags, lppProblems);
  });
}
STDMETHODIMP MsgStoreW::CopyProps(LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                  LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                  ULONG ulFlags, LPSPropProblemArray FAR* lppProblems) {
  return Run(Method::kIMsgStore_CopyProps, [&] {
    return target_->CopyProps(lpIncludeProps, ulUIParam, lpProgress, lpInterface, lpDestObj,
                              ulFlags, lppProblems);
  });
}
STDMETHODIMP MsgStoreW::GetNamesFromIDs(LPSPropTagArray FAR* lppPropTags, LPGUID lpPropSetGuid,
                                        ULONG ulFlags, ULONG FAR* lpcPropNames,
                                        LPMAPINAMEID FAR* FAR* lpppPropNames) {
  return Run(Method::kIMsgStore_GetNamesFromIDs, [&] {
    return target_->GetNamesFromIDs(lppPropTags, lpPropSetGuid, ulFlags, lpcPropNames,
                                    lpppPropNames);
  });
}
STDMETHODIMP MsgStoreW::GetIDsFromNames(ULONG cPropNames, LPMAPINAMEID FAR* lppPropNames,
                                        ULONG ulFlags, LPSPropTagArray FAR* lppPropTags) {
  return Run(Method::kIMsgStore_GetIDsFromNames, [&] {
    return target_->GetIDsFromNames(cPropNames, lppPropNames, ulFlags, lppPropTags);
  });
}
STDMETHODIMP MsgStoreW::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                               LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  return Run(Method::kIMsgStore_Advise, [&] {
    return target_->Advise(cbEntryID, lpEntryID, ulEventMask, lpAdviseSink, lpulConnection);
  });
}
STDMETHODIMP MsgStoreW::Unadvise(ULONG_PTR ulConnection) {
  return Run(Method::kIMsgStore_Unadvise, [&] { return target_->Unadvise(ulConnection); });
}
STDMETHODIMP MsgStoreW::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                        LPENTRYID lpEntryID2, ULONG ulFlags,
                                        ULONG FAR* lpulResult) {
  return Run(Method::kIMsgStore_CompareEntryIDs, [&] {
    return target_->CompareEntryIDs(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags,
                                    lpulResult);
  });
}
STDMETHODIMP MsgStoreW::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                  ULONG ulFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  CallExtras extras = ObjectOut(lppUnk);
  return Run(
      Method::kIMsgStore_OpenEntry,
      [&] {
        return target_->OpenEntry(cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
      },
      extras);
}
STDMETHODIMP MsgStoreW::SetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                         LPENTRYID lpEntryID) {
  return Run(Method::kIMsgStore_SetReceiveFolder, [&] {
    return target_->SetReceiveFolder(lpszMessageClass, ulFlags, cbEntryID, lpEntryID);
  });
}
STDMETHODIMP MsgStoreW::GetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags,
                                         ULONG FAR* lpcbEntryID, LPENTRYID FAR* lppEntryID,
                                         LPTSTR FAR* lppszExplicitClass) {
  return Run(Method::kIMsgStore_GetReceiveFolder, [&] {
    return target_->GetReceiveFolder(lpszMessageClass, ulFlags, lpcbEntryID, lppEntryID,
                                     lppszExplicitClass);
  });
}
STDMETHODIMP MsgStoreW::GetReceiveFolderTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  CallExtras extras = ObjectOut(lppTable);
  return Run(
      Method::kIMsgStore_GetReceiveFolderTable,
      [&] { return target_->GetReceiveFolderTable(ulFlags, lppTable); }, extras);
}
STDMETHODIMP MsgStoreW::StoreLogoff(ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  extras.outs = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  return Run(
      Method::kIMsgStore_StoreLogoff, [&] { return target_->StoreLogoff(lpulFlags); }, extras);
}
STDMETHODIMP MsgStoreW::AbortSubmit(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags) {
  return Run(Method::kIMsgStore_AbortSubmit,
             [&] { return target_->AbortSubmit(cbEntryID, lpEntryID, ulFlags); });
}
STDMETHODIMP MsgStoreW::GetOutgoingQueue(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  CallExtras extras = ObjectOut(lppTable);
  return Run(
      Method::kIMsgStore_GetOutgoingQueue,
      [&] { return target_->GetOutgoingQueue(ulFlags, lppTable); }, extras);
}
STDMETHODIMP MsgStoreW::SetLockState(LPMESSAGE lpMessage, ULONG ulLockState) {
  return Run(Method::kIMsgStore_SetLockState,
             [&] { return target_->SetLockState(lpMessage, ulLockState); });
}
STDMETHODIMP MsgStoreW::FinishedMsg(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) {
  return Run(Method::kIMsgStore_FinishedMsg,
             [&] { return target_->FinishedMsg(ulFlags, cbEntryID, lpEntryID); });
}
STDMETHODIMP MsgStoreW::NotifyNewMail(LPNOTIFICATION lpNotification) {
  return Run(Method::kIMsgStore_NotifyNewMail,
             [&] { return target_->NotifyNewMail(lpNotification); });
}

// ---- Factories ----------------------------------------------------------------

IMSLogon* WrapMSLogon(const std::shared_ptr<Context>& context, IMSLogon* target,
                      LPMAPISUP support) {
  return WrapOnce<MSLogonW>(context, target, Method::kIMSLogon_QueryInterface, support);
}

IMsgStore* WrapMsgStore(const std::shared_ptr<Context>& context, IMsgStore* target,
                        LPMAPISUP support) {
  return WrapOnce<MsgStoreW>(context, target, Method::kIMsgStore_QueryInterface, support);
}

IMSProvider* NewMSProvider(const std::shared_ptr<Context>& context, IMSProvider* target) {
  return Keep(std::make_unique<MSProviderW>(context, target));
}

}  // namespace faulty
