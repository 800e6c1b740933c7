/*
 * mapispi.h -- the service-provider interface: the support object MAPI hands
 * to providers (IMAPISupport), the provider and logon objects address-book,
 * transport and message-store providers implement, their entry points
 * (ABProviderInit, XPProviderInit, MSProviderInit) and the message-service
 * entry point.
 *
 * Provider code implements these interfaces; libmapi_emu calls them, on the
 * client's threads and on the spooler's. Names, values, vtable order and
 * signatures are MAPI's (Windows x64 widths: UI parameters, connection
 * numbers and message references are ULONG_PTR).
 */
#ifndef MAPISPI_H
#define MAPISPI_H

#include "mapix.h"

/* ---- SPI version -------------------------------------------------------- */
/* 8-bit major, 8-bit minor, 16-bit micro. A provider writes the version it
 * was built for to *lpulProviderVer and returns MAPI_E_VERSION when MAPI's
 * (ulMAPIVer) is older than the one it needs. */
#define CURRENT_SPI_VERSION ((ULONG)0x00010010)
#define PDK1_SPI_VERSION ((ULONG)0x00010000) /* 0.1.0 */
#define PDK2_SPI_VERSION ((ULONG)0x00010008) /* 0.1.8 */
#define PDK3_SPI_VERSION ((ULONG)0x00010010) /* 0.1.16 */

/* ---- Provider entry-point conventions ----------------------------------- */
/* A provider defines its entry point as
 *   STDINITMETHODIMP MSProviderInit(HINSTANCE hInstance, ...) { ... }
 * The declarations below give it C linkage and, on Linux, default
 * visibility, so that the loader finds it with dlsym even when the provider
 * is built with -fvisibility=hidden. On Windows the provider exports it with
 * a .def file, as with Windows MAPI. A message-service entry point (named by
 * PR_SERVICE_ENTRY_NAME) is the provider's own name: declare it
 *   extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY MyServiceEntry;
 * before defining it. */
#ifndef STDINITMETHODIMP
#define STDINITMETHODIMP HRESULT STDMAPIINITCALLTYPE
#endif
#ifndef STDINITMETHODIMP_
#define STDINITMETHODIMP_(type) type STDMAPIINITCALLTYPE
#endif
#ifndef MAPI_EMU_PROVIDER_EXPORT
#if defined(_WIN32)
#define MAPI_EMU_PROVIDER_EXPORT
#else
#define MAPI_EMU_PROVIDER_EXPORT __attribute__((visibility("default")))
#endif
#endif

DECLARE_MAPI_INTERFACE_PTR(IMAPISupport, LPMAPISUP);
DECLARE_MAPI_INTERFACE_PTR(IABProvider, LPABPROVIDER);
DECLARE_MAPI_INTERFACE_PTR(IABLogon, LPABLOGON);
DECLARE_MAPI_INTERFACE_PTR(IXPProvider, LPXPPROVIDER);
DECLARE_MAPI_INTERFACE_PTR(IXPLogon, LPXPLOGON);
DECLARE_MAPI_INTERFACE_PTR(IMSProvider, LPMSPROVIDER);
DECLARE_MAPI_INTERFACE_PTR(IMSLogon, LPMSLOGON);

/* ---- IMAPISupport -------------------------------------------------------- */
/* Notification key of Subscribe/Notify. */
typedef struct {
  ULONG cb;
  BYTE ab[MAPI_DIM];
} NOTIFKEY, FAR *LPNOTIFKEY;
#define CbNewNOTIFKEY(_cb) (offsetof(NOTIFKEY, ab) + (_cb))
#define CbNOTIFKEY(_lpkey) (offsetof(NOTIFKEY, ab) + (_lpkey)->cb)
#define SizedNOTIFKEY(_cb, _name) \
  struct _NOTIFKEY_##_name {      \
    ULONG cb;                     \
    BYTE ab[_cb];                 \
  } _name

/* Subscribe */
#ifndef NOTIFY_SYNC
#define NOTIFY_SYNC ((ULONG)0x40000000)
#endif
/* Notify (*lpulFlags on return) */
#define NOTIFY_CANCELED ((ULONG)0x80000000)
/* An advise sink's OnNotify result */
#define CALLBACK_DISCONTINUE ((ULONG)0x80000000)

/* SpoolerNotify from a transport */
#define NOTIFY_NEWMAIL ((ULONG)0x00000001)
#define NOTIFY_READYTOSEND ((ULONG)0x00000002)
#define NOTIFY_SENTDEFERRED ((ULONG)0x00000004)
#define NOTIFY_CRITSEC ((ULONG)0x00001000)
#define NOTIFY_NONCRIT ((ULONG)0x00002000)
#define NOTIFY_CONFIG_CHANGE ((ULONG)0x00004000)
#define NOTIFY_CRITICAL_ERROR ((ULONG)0x10000000)
/* SpoolerNotify from a message store */
#define NOTIFY_NEWMAIL_RECEIVED ((ULONG)0x20000000)

/* ModifyStatusRow: merge into the existing row (0 adds a row) */
#define STATUSROW_UPDATE ((ULONG)0x10000000)

/* IStorageFromStream */
#define STGSTRM_RESET ((ULONG)0x00000000)
#define STGSTRM_CURRENT ((ULONG)0x10000000)
#define STGSTRM_MODIFY ((ULONG)0x00000002)
#define STGSTRM_CREATE ((ULONG)0x00001000)

/* ReadReceipt */
#define MAPI_NON_READ ((ULONG)0x00000001)

/* The two functions a preprocessor DLL exports (RegisterPreprocessor names
 * them). */
typedef HRESULT(STDMETHODCALLTYPE PREPROCESSMESSAGE)(
    LPVOID lpvSession, LPMESSAGE lpMessage, LPADRBOOK lpAdrBook,
    LPMAPIFOLDER lpFolder, LPALLOCATEBUFFER AllocateBuffer,
    LPALLOCATEMORE AllocateMore, LPFREEBUFFER FreeBuffer,
    ULONG FAR *lpcOutbound, LPMESSAGE FAR *FAR *lpppMessage,
    LPADRLIST FAR *lppRecipList);
typedef HRESULT(STDMETHODCALLTYPE REMOVEPREPROCESSINFO)(LPMESSAGE lpMessage);

/* Methods 1-10 after IUnknown. */
#define MAPI_IMAPISUPPORT_METHODS1(IPURE)                                      \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(GetMemAllocRoutines)(                                             \
      THIS_ LPALLOCATEBUFFER FAR * lpAllocateBuffer,                           \
      LPALLOCATEMORE FAR * lpAllocateMore,                                     \
      LPFREEBUFFER FAR * lpFreeBuffer) IPURE;                                  \
  MAPIMETHOD(Subscribe)(THIS_ LPNOTIFKEY lpKey, ULONG ulEventMask,             \
                        ULONG ulFlags, LPMAPIADVISESINK lpAdviseSink,          \
                        ULONG_PTR FAR * lpulConnection) IPURE;                 \
  MAPIMETHOD(Unsubscribe)(THIS_ ULONG_PTR ulConnection) IPURE;                 \
  MAPIMETHOD(Notify)(THIS_ LPNOTIFKEY lpKey, ULONG cNotification,              \
                     LPNOTIFICATION lpNotifications,                           \
                     ULONG FAR * lpulFlags) IPURE;                             \
  MAPIMETHOD(ModifyStatusRow)(THIS_ ULONG cValues, LPSPropValue lpColumnVals,  \
                              ULONG ulFlags) IPURE;                            \
  MAPIMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUid, ULONG ulFlags,         \
                                 LPPROFSECT FAR * lppProfileObj) IPURE;        \
  MAPIMETHOD(RegisterPreprocessor)(THIS_ LPMAPIUID lpMuid, LPTSTR lpszAdrType, \
                                   LPTSTR lpszDLLName, LPSTR lpszPreprocess,   \
                                   LPSTR lpszRemovePreprocessInfo,             \
                                   ULONG ulFlags) IPURE;                       \
  MAPIMETHOD(NewUID)(THIS_ LPMAPIUID lpMuid) IPURE;                            \
  MAPIMETHOD(MakeInvalid)(THIS_ ULONG ulFlags, LPVOID lpObject,                \
                          ULONG ulRefCount, ULONG cMethods) IPURE;

/* Methods 11-24. */
#define MAPI_IMAPISUPPORT_METHODS2(IPURE)                                      \
  MAPIMETHOD(SpoolerYield)(THIS_ ULONG ulFlags) IPURE;                         \
  MAPIMETHOD(SpoolerNotify)(THIS_ ULONG ulFlags, LPVOID lpvData) IPURE;        \
  MAPIMETHOD(CreateOneOff)(THIS_ LPTSTR lpszName, LPTSTR lpszAdrType,          \
                           LPTSTR lpszAddress, ULONG ulFlags,                  \
                           ULONG FAR * lpcbEntryID,                            \
                           LPENTRYID FAR * lppEntryID) IPURE;                  \
  MAPIMETHOD(SetProviderUID)(THIS_ LPMAPIUID lpProviderID,                     \
                             ULONG ulFlags) IPURE;                             \
  MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntry1, LPENTRYID lpEntry1,        \
                              ULONG cbEntry2, LPENTRYID lpEntry2,              \
                              ULONG ulCompareFlags,                            \
                              ULONG FAR * lpulResult) IPURE;                   \
  MAPIMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID,                         \
                             LPENTRYID lpTemplateID, ULONG ulTemplateFlags,    \
                             LPMAPIPROP lpMAPIPropData, LPCIID lpInterface,    \
                             LPMAPIPROP FAR * lppMAPIPropNew,                  \
                             LPMAPIPROP lpMAPIPropSibling) IPURE;              \
  MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,            \
                        LPCIID lpInterface, ULONG ulOpenFlags,                 \
                        ULONG FAR * lpulObjType,                               \
                        LPUNKNOWN FAR * lppUnk) IPURE;                         \
  MAPIMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags,                              \
                             LPMAPITABLE FAR * lppTable) IPURE;                \
  MAPIMETHOD(Address)(THIS_ ULONG_PTR FAR * lpulUIParam, LPADRPARM lpAdrParms, \
                      LPADRLIST FAR * lppAdrList) IPURE;                       \
  MAPIMETHOD(Details)(THIS_ ULONG_PTR FAR * lpulUIParam,                       \
                      LPFNDISMISS lpfnDismiss, LPVOID lpvDismissContext,       \
                      ULONG cbEntryID, LPENTRYID lpEntryID,                    \
                      LPFNBUTTON lpfButtonCallback, LPVOID lpvButtonContext,   \
                      LPTSTR lpszButtonText, ULONG ulFlags) IPURE;             \
  MAPIMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,               \
                       ULONG cbEIDContainer, LPENTRYID lpEIDContainer,         \
                       ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,     \
                       ULONG FAR * lpcbEIDNewEntry,                            \
                       LPENTRYID FAR * lppEIDNewEntry) IPURE;                  \
  MAPIMETHOD(DoConfigPropsheet)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,      \
                                LPTSTR lpszTitle, LPMAPITABLE lpDisplayTable,  \
                                LPMAPIPROP lpConfigData,                       \
                                ULONG ulTopPage) IPURE;                        \
  MAPIMETHOD(CopyMessages)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder,    \
                           LPENTRYLIST lpMsgList, LPCIID lpDestInterface,      \
                           LPVOID lpDestFolder, ULONG_PTR ulUIParam,           \
                           LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;    \
  MAPIMETHOD(CopyFolder)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder,      \
                         ULONG cbEntryID, LPENTRYID lpEntryID,                 \
                         LPCIID lpDestInterface, LPVOID lpDestFolder,          \
                         LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,        \
                         LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;

/* Methods 25-41. */
#define MAPI_IMAPISUPPORT_METHODS3(IPURE)                                      \
  MAPIMETHOD(DoCopyTo)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj,           \
                       ULONG ciidExclude, LPCIID rgiidExclude,                 \
                       LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,    \
                       LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface,      \
                       LPVOID lpDestObj, ULONG ulFlags,                        \
                       LPSPropProblemArray FAR * lppProblems) IPURE;           \
  MAPIMETHOD(DoCopyProps)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj,        \
                          LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, \
                          LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface,   \
                          LPVOID lpDestObj, ULONG ulFlags,                     \
                          LPSPropProblemArray FAR * lppProblems) IPURE;        \
  MAPIMETHOD(DoProgressDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,       \
                               LPMAPIPROGRESS FAR * lppProgress) IPURE;        \
  MAPIMETHOD(ReadReceipt)(THIS_ ULONG ulFlags, LPMESSAGE lpReadMessage,        \
                          LPMESSAGE FAR * lppEmptyMessage) IPURE;              \
  MAPIMETHOD(PrepareSubmit)(THIS_ LPMESSAGE lpMessage,                         \
                            ULONG FAR * lpulFlags) IPURE;                      \
  MAPIMETHOD(ExpandRecips)(THIS_ LPMESSAGE lpMessage,                          \
                           ULONG FAR * lpulFlags) IPURE;                       \
  MAPIMETHOD(UpdatePAB)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) IPURE;       \
  MAPIMETHOD(DoSentMail)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) IPURE;      \
  MAPIMETHOD(OpenAddressBook)(THIS_ LPCIID lpInterface, ULONG ulFlags,         \
                              LPADRBOOK FAR * lppAdrBook) IPURE;               \
  MAPIMETHOD(Preprocess)(THIS_ ULONG ulFlags, ULONG cbEntryID,                 \
                         LPENTRYID lpEntryID) IPURE;                           \
  MAPIMETHOD(CompleteMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID,                \
                          LPENTRYID lpEntryID) IPURE;                          \
  MAPIMETHOD(StoreLogoffTransports)(THIS_ ULONG FAR * lpulFlags) IPURE;        \
  MAPIMETHOD(StatusRecips)(THIS_ LPMESSAGE lpMessage,                          \
                           LPADRLIST lpRecipList) IPURE;                       \
  MAPIMETHOD(WrapStoreEntryID)(THIS_ ULONG cbOrigEntry, LPENTRYID lpOrigEntry, \
                               ULONG FAR * lpcbWrappedEntry,                   \
                               LPENTRYID FAR * lppWrappedEntry) IPURE;         \
  MAPIMETHOD(ModifyProfile)(THIS_ ULONG ulFlags) IPURE;                        \
  MAPIMETHOD(IStorageFromStream)(THIS_ LPUNKNOWN lpUnkIn, LPCIID lpInterface,  \
                                 ULONG ulFlags,                                \
                                 LPSTORAGE FAR * lppStorageOut) IPURE;         \
  MAPIMETHOD(GetSvcConfigSupportObj)(THIS_ ULONG ulFlags,                      \
                                     LPMAPISUP FAR * lppSvcSupport) IPURE;

/* All 41 methods, in vtable order. */
#define MAPI_IMAPISUPPORT_METHODS(IPURE) \
  MAPI_IMAPISUPPORT_METHODS1(IPURE)      \
  MAPI_IMAPISUPPORT_METHODS2(IPURE)      \
  MAPI_IMAPISUPPORT_METHODS3(IPURE)

#undef INTERFACE
#define INTERFACE IMAPISupport
DECLARE_MAPI_INTERFACE_(IMAPISupport, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPISUPPORT_METHODS1(PURE)
  MAPI_IMAPISUPPORT_METHODS2(PURE)
  MAPI_IMAPISUPPORT_METHODS3(PURE)
};

/* ---- Address-book providers ---------------------------------------------- */
/* OpenTemplateID */
#define FILL_ENTRY ((ULONG)0x00000001)
/* IABProvider::Logon ulFlags: AB_NO_DIALOG (mapidefs.h), MAPI_DEFERRED_ERRORS,
 * MAPI_UNICODE. */

#define MAPI_IABPROVIDER_METHODS(IPURE)                                        \
  MAPIMETHOD(Shutdown)(THIS_ ULONG FAR * lpulFlags) IPURE;                     \
  MAPIMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,            \
                    LPTSTR lpszProfileName, ULONG ulFlags,                     \
                    ULONG FAR * lpulcbSecurity, LPBYTE FAR * lppbSecurity,     \
                    LPMAPIERROR FAR * lppMAPIError,                            \
                    LPABLOGON FAR * lppABLogon) IPURE;
#undef INTERFACE
#define INTERFACE IABProvider
DECLARE_MAPI_INTERFACE_(IABProvider, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IABPROVIDER_METHODS(PURE)
};

#define MAPI_IABLOGON_METHODS(IPURE)                                           \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(Logoff)(THIS_ ULONG ulFlags) IPURE;                               \
  MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,            \
                        LPCIID lpInterface, ULONG ulFlags,                     \
                        ULONG FAR * lpulObjType,                               \
                        LPUNKNOWN FAR * lppUnk) IPURE;                         \
  MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1,    \
                              ULONG cbEntryID2, LPENTRYID lpEntryID2,          \
                              ULONG ulFlags, ULONG FAR * lpulResult) IPURE;    \
  MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,               \
                     ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,         \
                     ULONG_PTR FAR * lpulConnection) IPURE;                    \
  MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE;                    \
  MAPIMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags,         \
                              ULONG FAR * lpulObjType,                         \
                              LPMAPISTATUS FAR * lppEntry) IPURE;              \
  MAPIMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID,                         \
                             LPENTRYID lpTemplateID, ULONG ulTemplateFlags,    \
                             LPMAPIPROP lpMAPIPropData, LPCIID lpInterface,    \
                             LPMAPIPROP FAR * lppMAPIPropNew,                  \
                             LPMAPIPROP lpMAPIPropSibling) IPURE;              \
  MAPIMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags,                              \
                             LPMAPITABLE FAR * lppTable) IPURE;                \
  MAPIMETHOD(PrepareRecips)(THIS_ ULONG ulFlags,                               \
                            LPSPropTagArray lpPropTagArray,                    \
                            LPADRLIST lpRecipList) IPURE;
#undef INTERFACE
#define INTERFACE IABLogon
DECLARE_MAPI_INTERFACE_(IABLogon, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IABLOGON_METHODS(PURE)
};

typedef HRESULT(STDMAPIINITCALLTYPE ABPROVIDERINIT)(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
    LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG ulFlags,
    ULONG ulMAPIVer, ULONG FAR *lpulProviderVer,
    LPABPROVIDER FAR *lppABProvider);
typedef ABPROVIDERINIT FAR *LPABPROVIDERINIT;
/* Returns a new provider object in *lppABProvider and the provider's SPI
 * version in *lpulProviderVer; MAPI_E_VERSION when ulMAPIVer is too old. */
EXTERN_C MAPI_EMU_PROVIDER_EXPORT ABPROVIDERINIT ABProviderInit;

/* ---- Transport providers ------------------------------------------------- */
/* DeinitTransport */
#define DEINIT_NORMAL ((ULONG)0x00000001)
#define DEINIT_HURRY ((ULONG)0x80000000)

/* TransportLogon *lpulFlags set by the spooler (and MAPI_UNICODE) */
#define LOGON_NO_DIALOG ((ULONG)0x00000001)
#define LOGON_NO_CONNECT ((ULONG)0x00000004)
#define LOGON_NO_INBOUND ((ULONG)0x00000008)
#define LOGON_NO_OUTBOUND ((ULONG)0x00000010)
/* TransportLogon *lpulFlags returned by the transport */
#define LOGON_SP_IDLE ((ULONG)0x00010000)
#define LOGON_SP_POLL ((ULONG)0x00020000)
#define LOGON_SP_RESOLVE ((ULONG)0x00040000)

#define MAPI_IXPPROVIDER_METHODS(IPURE)                                        \
  MAPIMETHOD(Shutdown)(THIS_ ULONG FAR * lpulFlags) IPURE;                     \
  MAPIMETHOD(TransportLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,   \
                             LPTSTR lpszProfileName, ULONG FAR * lpulFlags,    \
                             LPMAPIERROR FAR * lppMAPIError,                   \
                             LPXPLOGON FAR * lppXPLogon) IPURE;
#undef INTERFACE
#define INTERFACE IXPProvider
DECLARE_MAPI_INTERFACE_(IXPProvider, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IXPPROVIDER_METHODS(PURE)
};

/* RegisterOptions: per-recipient or per-message options a transport offers */
#define OPTION_TYPE_RECIPIENT ((ULONG)0x00000001)
#define OPTION_TYPE_MESSAGE ((ULONG)0x00000002)

typedef struct _OPTIONDATA {
  ULONG ulFlags;               /* OPTION_TYPE_RECIPIENT or _MESSAGE */
  LPGUID lpRecipGUID;          /* as returned by AddressTypes */
  LPTSTR lpszAdrType;          /* as returned by AddressTypes */
  LPTSTR lpszDLLName;          /* the options DLL */
  ULONG ulOrdinal;             /* its OPTIONCALLBACK ordinal */
  ULONG cbOptionsData;
  LPBYTE lpbOptionsData;
  ULONG cOptionsProps;
  LPSPropValue lpOptionsProps; /* default option values */
} OPTIONDATA, FAR *LPOPTIONDATA;

typedef SCODE(STDMAPIINITCALLTYPE OPTIONCALLBACK)(
    HINSTANCE hInst, LPMALLOC lpMalloc, ULONG ulFlags, ULONG cbOptionData,
    LPBYTE lpbOptionData, LPMAPISUP lpMAPISup, LPMAPIPROP lpDataSource,
    LPMAPIPROP FAR *lppWrappedSource, LPMAPIERROR FAR *lppMAPIError);
typedef OPTIONCALLBACK FAR *LPOPTIONCALLBACK;

/* TransportNotify (*lpulFlags; returned unchanged) */
#define NOTIFY_ABORT_DEFERRED ((ULONG)0x40000000)
#define NOTIFY_CANCEL_MESSAGE ((ULONG)0x80000000)
#define NOTIFY_BEGIN_INBOUND ((ULONG)0x00000001)
#define NOTIFY_END_INBOUND ((ULONG)0x00010000)
#define NOTIFY_BEGIN_OUTBOUND ((ULONG)0x00000002)
#define NOTIFY_END_OUTBOUND ((ULONG)0x00020000)
#define NOTIFY_BEGIN_INBOUND_FLUSH ((ULONG)0x00000004)
#define NOTIFY_END_INBOUND_FLUSH ((ULONG)0x00040000)
#define NOTIFY_BEGIN_OUTBOUND_FLUSH ((ULONG)0x00000008)
#define NOTIFY_END_OUTBOUND_FLUSH ((ULONG)0x00080000)

/* TransportLogoff */
#define LOGOFF_NORMAL ((ULONG)0x00000001)
#define LOGOFF_HURRY ((ULONG)0x80000000)

/* SubmitMessage */
#define BEGIN_DEFERRED ((ULONG)0x00000001)

/* EndMessage *lpulFlags returned by the transport (none: sent) */
#define END_RESEND_NOW ((ULONG)0x00010000)
#define END_RESEND_LATER ((ULONG)0x00020000)
#define END_DONT_RESEND ((ULONG)0x00040000)

#define MAPI_IXPLOGON_METHODS(IPURE)                                           \
  MAPIMETHOD(AddressTypes)(THIS_ ULONG FAR * lpulFlags,                        \
                           ULONG FAR * lpcAdrType,                             \
                           LPTSTR FAR * FAR * lpppAdrTypeArray,                \
                           ULONG FAR * lpcMAPIUID,                             \
                           LPMAPIUID FAR * FAR * lpppUIDArray) IPURE;          \
  MAPIMETHOD(RegisterOptions)(THIS_ ULONG FAR * lpulFlags,                     \
                              ULONG FAR * lpcOptions,                          \
                              LPOPTIONDATA FAR * lppOptions) IPURE;            \
  MAPIMETHOD(TransportNotify)(THIS_ ULONG FAR * lpulFlags,                     \
                              LPVOID FAR * lppvData) IPURE;                    \
  MAPIMETHOD(Idle)(THIS_ ULONG ulFlags) IPURE;                                 \
  MAPIMETHOD(TransportLogoff)(THIS_ ULONG ulFlags) IPURE;                      \
  MAPIMETHOD(SubmitMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage,          \
                            ULONG_PTR FAR * lpulMsgRef,                        \
                            ULONG_PTR FAR * lpulReturnParm) IPURE;             \
  MAPIMETHOD(EndMessage)(THIS_ ULONG_PTR ulMsgRef,                             \
                         ULONG FAR * lpulFlags) IPURE;                         \
  MAPIMETHOD(Poll)(THIS_ ULONG FAR * lpulIncoming) IPURE;                      \
  MAPIMETHOD(StartMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage,           \
                           ULONG_PTR FAR * lpulMsgRef) IPURE;                  \
  MAPIMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags,         \
                              ULONG FAR * lpulObjType,                         \
                              LPMAPISTATUS FAR * lppEntry) IPURE;              \
  MAPIMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) IPURE;   \
  MAPIMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,  \
                          LPENTRYID lpTargetTransport, ULONG ulFlags) IPURE;
#undef INTERFACE
#define INTERFACE IXPLogon
DECLARE_MAPI_INTERFACE_(IXPLogon, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IXPLOGON_METHODS(PURE)
};

typedef HRESULT(STDMAPIINITCALLTYPE XPPROVIDERINIT)(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
    LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG ulFlags,
    ULONG ulMAPIVer, ULONG FAR *lpulProviderVer,
    LPXPPROVIDER FAR *lppXPProvider);
typedef XPPROVIDERINIT FAR *LPXPPROVIDERINIT;
/* Returns a new provider object in *lppXPProvider and the provider's SPI
 * version in *lpulProviderVer; MAPI_E_VERSION when ulMAPIVer is too old. */
EXTERN_C MAPI_EMU_PROVIDER_EXPORT XPPROVIDERINIT XPProviderInit;

/* ---- Message-store providers --------------------------------------------- */
/* GetCredentials, SetCredentials */
#define LOGON_SP_TRANSPORT ((ULONG)0x00000001)
#define LOGON_SP_PROMPT ((ULONG)0x00000002)
#define LOGON_SP_NEWPW ((ULONG)0x00000004)
#define LOGON_CHANGED ((ULONG)0x00000008)

/* DoMCDialog */
#define DIALOG_FOLDER ((ULONG)0x00000001)
#define DIALOG_MESSAGE ((ULONG)0x00000002)
#define DIALOG_PROP ((ULONG)0x00000004)
#define DIALOG_ATTACH ((ULONG)0x00000008)
#define DIALOG_MOVE ((ULONG)0x00000010)
#define DIALOG_COPY ((ULONG)0x00000020)
#define DIALOG_DELETE ((ULONG)0x00000040)
#define DIALOG_ALLOW_CANCEL ((ULONG)0x00000080)
#define DIALOG_CONFIRM_CANCEL ((ULONG)0x00000100)

/* ExpandRecips *lpulFlags */
#define NEEDS_PREPROCESSING ((ULONG)0x00000001)
#define NEEDS_SPOOLER ((ULONG)0x00000002)

/* PrepareSubmit *lpulFlags */
#define CHECK_SENDER ((ULONG)0x00000001)
#define NON_STANDARD ((ULONG)0x00010000)

/* IMSProvider::Logon ulFlags: MDB_NO_DIALOG, MDB_WRITE, MDB_TEMPORARY,
 * MDB_NO_MAIL (mapidefs.h), MAPI_DEFERRED_ERRORS, MAPI_UNICODE. */
#define MAPI_IMSPROVIDER_METHODS(IPURE)                                        \
  MAPIMETHOD(Shutdown)(THIS_ ULONG FAR * lpulFlags) IPURE;                     \
  MAPIMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,            \
                    LPTSTR lpszProfileName, ULONG cbEntryID,                   \
                    LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface,    \
                    ULONG FAR * lpcbSpoolSecurity,                             \
                    LPBYTE FAR * lppbSpoolSecurity,                            \
                    LPMAPIERROR FAR * lppMAPIError,                            \
                    LPMSLOGON FAR * lppMSLogon, LPMDB FAR * lppMDB) IPURE;     \
  MAPIMETHOD(SpoolerLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,     \
                           LPTSTR lpszProfileName, ULONG cbEntryID,            \
                           LPENTRYID lpEntryID, ULONG ulFlags,                 \
                           LPCIID lpInterface, ULONG cbSpoolSecurity,          \
                           LPBYTE lpbSpoolSecurity,                            \
                           LPMAPIERROR FAR * lppMAPIError,                     \
                           LPMSLOGON FAR * lppMSLogon,                         \
                           LPMDB FAR * lppMDB) IPURE;                          \
  MAPIMETHOD(CompareStoreIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1,    \
                              ULONG cbEntryID2, LPENTRYID lpEntryID2,          \
                              ULONG ulFlags, ULONG FAR * lpulResult) IPURE;
#undef INTERFACE
#define INTERFACE IMSProvider
DECLARE_MAPI_INTERFACE_(IMSProvider, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMSPROVIDER_METHODS(PURE)
};

#define MAPI_IMSLOGON_METHODS(IPURE)                                           \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(Logoff)(THIS_ ULONG FAR * lpulFlags) IPURE;                       \
  MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,            \
                        LPCIID lpInterface, ULONG ulFlags,                     \
                        ULONG FAR * lpulObjType,                               \
                        LPUNKNOWN FAR * lppUnk) IPURE;                         \
  MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1,    \
                              ULONG cbEntryID2, LPENTRYID lpEntryID2,          \
                              ULONG ulFlags, ULONG FAR * lpulResult) IPURE;    \
  MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID,               \
                     ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,         \
                     ULONG_PTR FAR * lpulConnection) IPURE;                    \
  MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE;                    \
  MAPIMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags,         \
                              ULONG FAR * lpulObjType,                         \
                              LPVOID FAR * lppEntry) IPURE;
#undef INTERFACE
#define INTERFACE IMSLogon
DECLARE_MAPI_INTERFACE_(IMSLogon, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMSLOGON_METHODS(PURE)
};

typedef HRESULT(STDMAPIINITCALLTYPE MSPROVIDERINIT)(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
    LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG ulFlags,
    ULONG ulMAPIVer, ULONG FAR *lpulProviderVer,
    LPMSPROVIDER FAR *lppMSProvider);
typedef MSPROVIDERINIT FAR *LPMSPROVIDERINIT;
/* Returns a new provider object in *lppMSProvider and the provider's SPI
 * version in *lpulProviderVer; MAPI_E_VERSION when ulMAPIVer is too old. */
EXTERN_C MAPI_EMU_PROVIDER_EXPORT MSPROVIDERINIT MSProviderInit;

/* ---- Message-service entry point ----------------------------------------- */
/* ulFlags */
#define MSG_SERVICE_UI_READ_ONLY ((ULONG)0x00000008) /* display only */
#define SERVICE_LOGON_FAILED ((ULONG)0x00000020)     /* reconfigure */
/* ulContext */
#define MSG_SERVICE_INSTALL ((ULONG)0x00000001)
#define MSG_SERVICE_CREATE ((ULONG)0x00000002)
#define MSG_SERVICE_CONFIGURE ((ULONG)0x00000003)
#define MSG_SERVICE_DELETE ((ULONG)0x00000004)
#define MSG_SERVICE_UNINSTALL ((ULONG)0x00000005)
#define MSG_SERVICE_PROVIDER_CREATE ((ULONG)0x00000006)
#define MSG_SERVICE_PROVIDER_DELETE ((ULONG)0x00000007)

/* Called with ulContext MSG_SERVICE_* to create, configure or delete the
 * service; lpProviderAdmin administers the service's providers. */
typedef HRESULT(STDAPICALLTYPE MSGSERVICEENTRY)(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
    ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext, ULONG cValues,
    LPSPropValue lpProps, LPPROVIDERADMIN lpProviderAdmin,
    LPMAPIERROR FAR *lppMapiError);
typedef MSGSERVICEENTRY FAR *LPMSGSERVICEENTRY;

#endif /* MAPISPI_H */
