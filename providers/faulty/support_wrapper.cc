// The support wrapper: what the wrapped provider gets instead of MAPI's
// IMAPISupport, so that its calls back into MAPI can be faulted too (skip or
// repeat StoreLogoffTransports, keep the support reference, release it
// twice, fail a call with an HRESULT, hang). Objects MAPI hands out through
// it (profile sections, tables, the address book) pass through unwrapped.
//
// Unlike the other wrappers it forwards whatever the provider does: a call
// after the provider's last Release, or a Release too many, reaches MAPI,
// which is what a fault test wants MAPI to see.
#include <memory>

#include "mapix.h"
#include "providers/faulty/wrapper.h"
#include "providers/faulty/wrappers.h"

namespace faulty {
namespace {

class SupportW final : public Wrapper<IMAPISupport> {
 public:
  SupportW(const std::shared_ptr<Context>& context, LPMAPISUP target)
      : Wrapper(context, target, Method::kIMAPISupport_QueryInterface, target, /*borrowed=*/true) {}

  MAPI_IMAPISUPPORT_METHODS(IMPL)

  STDMETHODIMP_(ULONG) Release() override {
    return ObserveCount(ReleaseMethod(), [&]() -> ULONG {
      const Rule* rule = PreRefCount(ReleaseMethod());
      bool last = false;
      ULONG n = 0;
      if (rule != nullptr && rule->action == Action::kKeepSupport) {
        // MAPI never sees this Release: its support object stays referenced.
        if (!CountKept(&last)) n = target_->Release();  // nothing held: pass it on
      } else {
        switch (CountRelease(&last)) {
          case Drop::kTarget:
          case Drop::kNone:  // a Release too many: MAPI must see it
            n = target_->Release();
            break;
          case Drop::kOwn:
            n = own();
            break;
        }
        if (rule != nullptr && rule->action == Action::kReleaseTwice) n = ReleaseTargetOnce();
      }
      if (last) OnLastRelease();
      return n;
    });
  }

  void ReturnLoan() {
    bool last = false;
    DropUnbacked(&last);
    if (last) OnLastRelease();
  }

 protected:
  bool Forwardable() const override { return true; }
  // Releases MAPI's support object once more, held or not.
  ULONG ReleaseTargetOnce() override {
    TakeHeld();
    return target_->Release();
  }
  void OnLastRelease() override {}  // never in the wrapper map
  // The provider's references, not MAPI's count (which has MAPI's own
  // too): 0 is the provider's last Release (docs/trace-format.md).
  ULONG ObservedCount(ULONG) const override { return held(); }
};

}  // namespace

SupportLoan::SupportLoan(const std::shared_ptr<Context>& context, LPMAPISUP target)
    : wrapper_(Keep(std::make_unique<SupportW>(context, target))) {}

SupportLoan::~SupportLoan() { static_cast<SupportW*>(wrapper_)->ReturnLoan(); }

STDMETHODIMP SupportW::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR* lppMAPIError) {
  return Run(Method::kIMAPISupport_GetLastError,
             [&] { return target_->GetLastError(hResult, ulFlags, lppMAPIError); });
}
STDMETHODIMP SupportW::GetMemAllocRoutines(LPALLOCATEBUFFER FAR* lpAllocateBuffer,
                                           LPALLOCATEMORE FAR* lpAllocateMore,
                                           LPFREEBUFFER FAR* lpFreeBuffer) {
  return Run(Method::kIMAPISupport_GetMemAllocRoutines, [&] {
    return target_->GetMemAllocRoutines(lpAllocateBuffer, lpAllocateMore, lpFreeBuffer);
  });
}
STDMETHODIMP SupportW::Subscribe(LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags,
                                 LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR* lpulConnection) {
  return Run(Method::kIMAPISupport_Subscribe, [&] {
    return target_->Subscribe(lpKey, ulEventMask, ulFlags, lpAdviseSink, lpulConnection);
  });
}
STDMETHODIMP SupportW::Unsubscribe(ULONG_PTR ulConnection) {
  return Run(Method::kIMAPISupport_Unsubscribe, [&] { return target_->Unsubscribe(ulConnection); });
}
STDMETHODIMP SupportW::Notify(LPNOTIFKEY lpKey, ULONG cNotification, LPNOTIFICATION lpNotifications,
                              ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  return Run(
      Method::kIMAPISupport_Notify,
      [&] { return target_->Notify(lpKey, cNotification, lpNotifications, lpulFlags); }, extras);
}
STDMETHODIMP SupportW::ModifyStatusRow(ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) {
  return Run(Method::kIMAPISupport_ModifyStatusRow,
             [&] { return target_->ModifyStatusRow(cValues, lpColumnVals, ulFlags); });
}
STDMETHODIMP SupportW::OpenProfileSection(LPMAPIUID lpUid, ULONG ulFlags,
                                          LPPROFSECT FAR* lppProfileObj) {
  CallExtras extras = ObjectOut(lppProfileObj);
  return Run(
      Method::kIMAPISupport_OpenProfileSection,
      [&] { return target_->OpenProfileSection(lpUid, ulFlags, lppProfileObj); }, extras);
}
STDMETHODIMP SupportW::RegisterPreprocessor(LPMAPIUID lpMuid, LPTSTR lpszAdrType,
                                            LPTSTR lpszDLLName, LPSTR lpszPreprocess,
                                            LPSTR lpszRemovePreprocessInfo, ULONG ulFlags) {
  return Run(Method::kIMAPISupport_RegisterPreprocessor, [&] {
    return target_->RegisterPreprocessor(lpMuid, lpszAdrType, lpszDLLName, lpszPreprocess,
                                         lpszRemovePreprocessInfo, ulFlags);
  });
}
STDMETHODIMP SupportW::NewUID(LPMAPIUID lpMuid) {
  return Run(Method::kIMAPISupport_NewUID, [&] { return target_->NewUID(lpMuid); });
}
STDMETHODIMP SupportW::MakeInvalid(ULONG ulFlags, LPVOID lpObject, ULONG ulRefCount,
                                   ULONG cMethods) {
  return Run(Method::kIMAPISupport_MakeInvalid,
             [&] { return target_->MakeInvalid(ulFlags, lpObject, ulRefCount, cMethods); });
}
STDMETHODIMP SupportW::SpoolerYield(ULONG ulFlags) {
  return Run(Method::kIMAPISupport_SpoolerYield, [&] { return target_->SpoolerYield(ulFlags); });
}
STDMETHODIMP SupportW::SpoolerNotify(ULONG ulFlags, LPVOID lpvData) {
  CallExtras extras;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", &ulFlags)); };
  return Run(
      Method::kIMAPISupport_SpoolerNotify, [&] { return target_->SpoolerNotify(ulFlags, lpvData); },
      extras);
}
STDMETHODIMP SupportW::CreateOneOff(LPTSTR lpszName, LPTSTR lpszAdrType, LPTSTR lpszAddress,
                                    ULONG ulFlags, ULONG FAR* lpcbEntryID,
                                    LPENTRYID FAR* lppEntryID) {
  return Run(Method::kIMAPISupport_CreateOneOff, [&] {
    return target_->CreateOneOff(lpszName, lpszAdrType, lpszAddress, ulFlags, lpcbEntryID,
                                 lppEntryID);
  });
}
STDMETHODIMP SupportW::SetProviderUID(LPMAPIUID lpProviderID, ULONG ulFlags) {
  return Run(Method::kIMAPISupport_SetProviderUID,
             [&] { return target_->SetProviderUID(lpProviderID, ulFlags); });
}
STDMETHODIMP SupportW::CompareEntryIDs(ULONG cbEntry1, LPENTRYID lpEntry1, ULONG cbEntry2,
                                       LPENTRYID lpEntry2, ULONG ulCompareFlags,
                                       ULONG FAR* lpulResult) {
  return Run(Method::kIMAPISupport_CompareEntryIDs, [&] {
    return target_->CompareEntryIDs(cbEntry1, lpEntry1, cbEntry2, lpEntry2, ulCompareFlags,
                                    lpulResult);
  });
}
STDMETHODIMP SupportW::OpenTemplateID(ULONG cbTemplateID, LPENTRYID lpTemplateID,
                                      ULONG ulTemplateFlags, LPMAPIPROP lpMAPIPropData,
                                      LPCIID lpInterface, LPMAPIPROP FAR* lppMAPIPropNew,
                                      LPMAPIPROP lpMAPIPropSibling) {
  CallExtras extras = ObjectOut(lppMAPIPropNew);
  return Run(
      Method::kIMAPISupport_OpenTemplateID,
      [&] {
        return target_->OpenTemplateID(cbTemplateID, lpTemplateID, ulTemplateFlags, lpMAPIPropData,
                                       lpInterface, lppMAPIPropNew, lpMAPIPropSibling);
      },
      extras);
}
STDMETHODIMP SupportW::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                 ULONG ulOpenFlags, ULONG FAR* lpulObjType, LPUNKNOWN FAR* lppUnk) {
  CallExtras extras = ObjectOut(lppUnk);
  return Run(
      Method::kIMAPISupport_OpenEntry,
      [&] {
        return target_->OpenEntry(cbEntryID, lpEntryID, lpInterface, ulOpenFlags, lpulObjType,
                                  lppUnk);
      },
      extras);
}
STDMETHODIMP SupportW::GetOneOffTable(ULONG ulFlags, LPMAPITABLE FAR* lppTable) {
  CallExtras extras = ObjectOut(lppTable);
  return Run(
      Method::kIMAPISupport_GetOneOffTable,
      [&] { return target_->GetOneOffTable(ulFlags, lppTable); }, extras);
}
STDMETHODIMP SupportW::Address(ULONG_PTR FAR* lpulUIParam, LPADRPARM lpAdrParms,
                               LPADRLIST FAR* lppAdrList) {
  return Run(Method::kIMAPISupport_Address,
             [&] { return target_->Address(lpulUIParam, lpAdrParms, lppAdrList); });
}
STDMETHODIMP SupportW::Details(ULONG_PTR FAR* lpulUIParam, LPFNDISMISS lpfnDismiss,
                               LPVOID lpvDismissContext, ULONG cbEntryID, LPENTRYID lpEntryID,
                               LPFNBUTTON lpfButtonCallback, LPVOID lpvButtonContext,
                               LPTSTR lpszButtonText, ULONG ulFlags) {
  return Run(Method::kIMAPISupport_Details, [&] {
    return target_->Details(lpulUIParam, lpfnDismiss, lpvDismissContext, cbEntryID, lpEntryID,
                            lpfButtonCallback, lpvButtonContext, lpszButtonText, ulFlags);
  });
}
STDMETHODIMP SupportW::NewEntry(ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer,
                                LPENTRYID lpEIDContainer, ULONG cbEIDNewEntryTpl,
                                LPENTRYID lpEIDNewEntryTpl, ULONG FAR* lpcbEIDNewEntry,
                                LPENTRYID FAR* lppEIDNewEntry) {
  return Run(Method::kIMAPISupport_NewEntry, [&] {
    return target_->NewEntry(ulUIParam, ulFlags, cbEIDContainer, lpEIDContainer, cbEIDNewEntryTpl,
                             lpEIDNewEntryTpl, lpcbEIDNewEntry, lppEIDNewEntry);
  });
}
STDMETHODIMP SupportW::DoConfigPropsheet(ULONG_PTR ulUIParam, ULONG ulFlags, LPTSTR lpszTitle,
                                         LPMAPITABLE lpDisplayTable, LPMAPIPROP lpConfigData,
                                         ULONG ulTopPage) {
  return Run(Method::kIMAPISupport_DoConfigPropsheet, [&] {
    return target_->DoConfigPropsheet(ulUIParam, ulFlags, lpszTitle, lpDisplayTable, lpConfigData,
                                      ulTopPage);
  });
}
STDMETHODIMP SupportW::CopyMessages(LPCIID lpSrcInterface, LPVOID lpSrcFolder,
                                    LPENTRYLIST lpMsgList, LPCIID lpDestInterface,
                                    LPVOID lpDestFolder, ULONG_PTR ulUIParam,
                                    LPMAPIPROGRESS lpProgress, ULONG ulFlags) {
  return Run(Method::kIMAPISupport_CopyMessages, [&] {
    return target_->CopyMessages(lpSrcInterface, lpSrcFolder, lpMsgList, lpDestInterface,
                                 lpDestFolder, ulUIParam, lpProgress, ulFlags);
  });
}
STDMETHODIMP SupportW::CopyFolder(LPCIID lpSrcInterface, LPVOID lpSrcFolder, ULONG cbEntryID,
                                  LPENTRYID lpEntryID, LPCIID lpDestInterface, LPVOID lpDestFolder,
                                  LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,
                                  LPMAPIPROGRESS lpProgress, ULONG ulFlags) {
  return Run(Method::kIMAPISupport_CopyFolder, [&] {
    return target_->CopyFolder(lpSrcInterface, lpSrcFolder, cbEntryID, lpEntryID, lpDestInterface,
                               lpDestFolder, lpszNewFolderName, ulUIParam, lpProgress, ulFlags);
  });
}
STDMETHODIMP SupportW::DoCopyTo(LPCIID lpSrcInterface, LPVOID lpSrcObj, ULONG ciidExclude,
                                LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                                ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                LPCIID lpDestInterface, LPVOID lpDestObj, ULONG ulFlags,
                                LPSPropProblemArray FAR* lppProblems) {
  return Run(Method::kIMAPISupport_DoCopyTo, [&] {
    return target_->DoCopyTo(lpSrcInterface, lpSrcObj, ciidExclude, rgiidExclude, lpExcludeProps,
                             ulUIParam, lpProgress, lpDestInterface, lpDestObj, ulFlags,
                             lppProblems);
  });
}
STDMETHODIMP SupportW::DoCopyProps(LPCIID lpSrcInterface, LPVOID lpSrcObj,
                                   LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                   LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface,
                                   LPVOID lpDestObj, ULONG ulFlags,
                                   LPSPropProblemArray FAR* lppProblems) {
  return Run(Method::kIMAPISupport_DoCopyProps, [&] {
    return target_->DoCopyProps(lpSrcInterface, lpSrcObj, lpIncludeProps, ulUIParam, lpProgress,
                                lpDestInterface, lpDestObj, ulFlags, lppProblems);
  });
}
STDMETHODIMP SupportW::DoProgressDialog(ULONG_PTR ulUIParam, ULONG ulFlags,
                                        LPMAPIPROGRESS FAR* lppProgress) {
  CallExtras extras = ObjectOut(lppProgress);
  return Run(
      Method::kIMAPISupport_DoProgressDialog,
      [&] { return target_->DoProgressDialog(ulUIParam, ulFlags, lppProgress); }, extras);
}
STDMETHODIMP SupportW::ReadReceipt(ULONG ulFlags, LPMESSAGE lpReadMessage,
                                   LPMESSAGE FAR* lppEmptyMessage) {
  return Run(Method::kIMAPISupport_ReadReceipt,
             [&] { return target_->ReadReceipt(ulFlags, lpReadMessage, lppEmptyMessage); });
}
STDMETHODIMP SupportW::PrepareSubmit(LPMESSAGE lpMessage, ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  return Run(
      Method::kIMAPISupport_PrepareSubmit,
      [&] { return target_->PrepareSubmit(lpMessage, lpulFlags); }, extras);
}
STDMETHODIMP SupportW::ExpandRecips(LPMESSAGE lpMessage, ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  return Run(
      Method::kIMAPISupport_ExpandRecips,
      [&] { return target_->ExpandRecips(lpMessage, lpulFlags); }, extras);
}
STDMETHODIMP SupportW::UpdatePAB(ULONG ulFlags, LPMESSAGE lpMessage) {
  return Run(Method::kIMAPISupport_UpdatePAB,
             [&] { return target_->UpdatePAB(ulFlags, lpMessage); });
}
STDMETHODIMP SupportW::DoSentMail(ULONG ulFlags, LPMESSAGE lpMessage) {
  return Run(Method::kIMAPISupport_DoSentMail,
             [&] { return target_->DoSentMail(ulFlags, lpMessage); });
}
STDMETHODIMP SupportW::OpenAddressBook(LPCIID lpInterface, ULONG ulFlags,
                                       LPADRBOOK FAR* lppAdrBook) {
  CallExtras extras = ObjectOut(lppAdrBook);
  return Run(
      Method::kIMAPISupport_OpenAddressBook,
      [&] { return target_->OpenAddressBook(lpInterface, ulFlags, lppAdrBook); }, extras);
}
STDMETHODIMP SupportW::Preprocess(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) {
  return Run(Method::kIMAPISupport_Preprocess,
             [&] { return target_->Preprocess(ulFlags, cbEntryID, lpEntryID); });
}
STDMETHODIMP SupportW::CompleteMsg(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) {
  return Run(Method::kIMAPISupport_CompleteMsg,
             [&] { return target_->CompleteMsg(ulFlags, cbEntryID, lpEntryID); });
}
STDMETHODIMP SupportW::StoreLogoffTransports(ULONG FAR* lpulFlags) {
  CallExtras extras;
  extras.inout_flags = lpulFlags;
  extras.args = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  extras.outs = [&](Values* v) { v->push_back(FlagsValue("flags", lpulFlags)); };
  return Run(
      Method::kIMAPISupport_StoreLogoffTransports,
      [&] { return target_->StoreLogoffTransports(lpulFlags); }, extras);
}
STDMETHODIMP SupportW::StatusRecips(LPMESSAGE lpMessage, LPADRLIST lpRecipList) {
  return Run(Method::kIMAPISupport_StatusRecips,
             [&] { return target_->StatusRecips(lpMessage, lpRecipList); });
}
STDMETHODIMP SupportW::WrapStoreEntryID(ULONG cbOrigEntry, LPENTRYID lpOrigEntry,
                                        ULONG FAR* lpcbWrappedEntry,
                                        LPENTRYID FAR* lppWrappedEntry) {
  return Run(Method::kIMAPISupport_WrapStoreEntryID, [&] {
    return target_->WrapStoreEntryID(cbOrigEntry, lpOrigEntry, lpcbWrappedEntry, lppWrappedEntry);
  });
}
STDMETHODIMP SupportW::ModifyProfile(ULONG ulFlags) {
  return Run(Method::kIMAPISupport_ModifyProfile, [&] { return target_->ModifyProfile(ulFlags); });
}
STDMETHODIMP SupportW::IStorageFromStream(LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags,
                                          LPSTORAGE FAR* lppStorageOut) {
  CallExtras extras = ObjectOut(lppStorageOut);
  return Run(
      Method::kIMAPISupport_IStorageFromStream,
      [&] { return target_->IStorageFromStream(lpUnkIn, lpInterface, ulFlags, lppStorageOut); },
      extras);
}
STDMETHODIMP SupportW::GetSvcConfigSupportObj(ULONG ulFlags, LPMAPISUP FAR* lppSvcSupport) {
  CallExtras extras = ObjectOut(lppSvcSupport);
  return Run(
      Method::kIMAPISupport_GetSvcConfigSupportObj,
      [&] { return target_->GetSvcConfigSupportObj(ulFlags, lppSvcSupport); }, extras);
}

}  // namespace faulty
