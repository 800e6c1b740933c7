/*
 * mapix.h -- the client side of Extended MAPI: MAPIInitialize,
 * MAPIUninitialize, MAPILogonEx, MAPIAdminProfiles, the memory allocators,
 * and the session, address-book and profile-administration interfaces.
 *
 * libmapi_emu exports every function declared here.
 */
#ifndef MAPIX_H
#define MAPIX_H

#include "mapidefs.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"

/* ---- Memory allocation (exported by libmapi_emu) ------------------------ */
/* MAPIAllocateBuffer returns a root block; MAPIAllocateMore links a block to
 * a root; MAPIFreeBuffer(root) frees the root and every linked block. */
MAPI_EMU_STDMETHODIMP_(SCODE) MAPIAllocateBuffer(ULONG cbSize, LPVOID FAR *lppBuffer);
MAPI_EMU_STDMETHODIMP_(SCODE) MAPIAllocateMore(ULONG cbSize, LPVOID lpObject,
                                               LPVOID FAR *lppBuffer);
MAPI_EMU_STDAPI_(ULONG) MAPIFreeBuffer(LPVOID lpBuffer);

/* ---- Interface pointers ------------------------------------------------- */
DECLARE_MAPI_INTERFACE_PTR(IMAPISession, LPMAPISESSION);
DECLARE_MAPI_INTERFACE_PTR(IAddrBook, LPADRBOOK);
DECLARE_MAPI_INTERFACE_PTR(IProfAdmin, LPPROFADMIN);
DECLARE_MAPI_INTERFACE_PTR(IMsgServiceAdmin, LPSERVICEADMIN);
DECLARE_MAPI_INTERFACE_PTR(IProviderAdmin, LPPROVIDERADMIN);
DECLARE_MAPI_INTERFACE_PTR(IMAPIClientShutdown, LPMAPICLIENTSHUTDOWN);
DECLARE_MAPI_INTERFACE_PTR(IMAPIProviderShutdown, LPMAPIPROVIDERSHUTDOWN);

/* ---- MAPILogonEx flags ------------------------------------------------- */
/* The values Simple MAPI's MAPILogon shares are guarded so that a source that
 * also defines them (mapi.h) does not clash. MAPI_USE_DEFAULT (0x40),
 * MAPI_NT_SERVICE (0x10000) and MAPI_UNICODE come from mapidefs.h. */
#ifndef MAPI_LOGON_UI
#define MAPI_LOGON_UI ((ULONG)0x00000001)
#endif
#ifndef MAPI_NEW_SESSION
#define MAPI_NEW_SESSION ((ULONG)0x00000002)
#endif
#ifndef MAPI_APP_PROFILE
#define MAPI_APP_PROFILE ((ULONG)0x00000004)
#endif
#ifndef MAPI_ALLOW_OTHERS
#define MAPI_ALLOW_OTHERS ((ULONG)0x00000008)
#endif
#ifndef MAPI_EXPLICIT_PROFILE
#define MAPI_EXPLICIT_PROFILE ((ULONG)0x00000010)
#endif
#ifndef MAPI_EXTENDED
#define MAPI_EXTENDED ((ULONG)0x00000020)
#endif
#ifndef MAPI_USE_DEFAULT
#define MAPI_USE_DEFAULT ((ULONG)0x00000040)
#endif
#ifndef MAPI_FORCE_DOWNLOAD
#define MAPI_FORCE_DOWNLOAD ((ULONG)0x00001000)
#endif
#ifndef MAPI_SERVICE_UI_ALWAYS
#define MAPI_SERVICE_UI_ALWAYS ((ULONG)0x00002000)
#endif
#ifndef MAPI_NO_MAIL
#define MAPI_NO_MAIL ((ULONG)0x00008000)
#endif
#ifndef MAPI_NT_SERVICE
#define MAPI_NT_SERVICE ((ULONG)0x00010000)
#endif
#ifndef MAPI_PASSWORD_UI
#define MAPI_PASSWORD_UI ((ULONG)0x00020000)
#endif
#ifndef MAPI_TIMEOUT_SHORT
#define MAPI_TIMEOUT_SHORT ((ULONG)0x00100000)
#endif
#ifndef MAPI_BG_SESSION
#define MAPI_BG_SESSION ((ULONG)0x00200000)
#endif
#define MAPI_SIMPLE_DEFAULT \
  (MAPI_LOGON_UI | MAPI_FORCE_DOWNLOAD | MAPI_ALLOW_OTHERS)
#define MAPI_SIMPLE_EXPLICIT \
  (MAPI_NEW_SESSION | MAPI_FORCE_DOWNLOAD | MAPI_EXPLICIT_PROFILE)

/* ---- MAPIInitialize argument ------------------------------------------- */
/* lpMapiInit of MAPIInitialize may be NULL or point to a MAPIINIT_0 whose
 * ulVersion is MAPI_INIT_VERSION. ulFlags: MAPI_MULTITHREAD_NOTIFICATIONS,
 * MAPI_NO_COINIT, MAPI_NT_SERVICE (0x40000000 is reserved for MAPI). */
typedef struct {
  ULONG ulVersion;
  ULONG ulFlags;
} MAPIINIT_0, FAR *LPMAPIINIT_0;
typedef MAPIINIT_0 MAPIINIT;
typedef MAPIINIT FAR *LPMAPIINIT;

#ifndef MAPI_INIT_VERSION
#define MAPI_INIT_VERSION 0
#endif
#define MAPI_MULTITHREAD_NOTIFICATIONS ((ULONG)0x00000001)
#ifndef MAPI_NO_COINIT
#define MAPI_NO_COINIT ((ULONG)0x00000008)
#endif

/* ---- Session and profile-administration entry points ------------------- */
/* Declared here with the SDK's signatures; libmapi_emu exports them. */

/* Adds one to the process's MAPI reference count; the first call starts the
 * subsystem. Balanced by MAPIUninitialize on the same thread. */
typedef HRESULT(STDAPICALLTYPE MAPIINITIALIZE)(LPVOID lpMapiInit);
typedef MAPIINITIALIZE FAR *LPMAPIINITIALIZE;
MAPI_EMU_STDAPI MAPIInitialize(LPVOID lpMapiInit);

/* Drops one reference; the last call shuts the subsystem down. */
typedef void(STDAPICALLTYPE MAPIUNINITIALIZE)(void);
typedef MAPIUNINITIALIZE FAR *LPMAPIUNINITIALIZE;
MAPI_EMU_STDAPI_(void) MAPIUninitialize(void);

/* Logs on to a profile; *lppSession receives the session (NULL on failure).
 * lpszPassword must be NULL. */
typedef HRESULT(STDMETHODCALLTYPE MAPILOGONEX)(ULONG_PTR ulUIParam,
                                               LPTSTR lpszProfileName,
                                               LPTSTR lpszPassword,
                                               ULONG ulFlags,
                                               LPMAPISESSION FAR *lppSession);
typedef MAPILOGONEX FAR *LPMAPILOGONEX;
MAPI_EMU_STDMETHODIMP_(HRESULT)
MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName, LPTSTR lpszPassword,
            FLAGS flFlags, LPMAPISESSION FAR *lppSession);

/* Returns the profile-administration object (NULL on failure). */
typedef HRESULT(STDMETHODCALLTYPE MAPIADMINPROFILES)(
    ULONG ulFlags, LPPROFADMIN FAR *lppProfAdmin);
typedef MAPIADMINPROFILES FAR *LPMAPIADMINPROFILES;
MAPI_EMU_STDMETHODIMP_(HRESULT)
MAPIAdminProfiles(ULONG ulFlags, LPPROFADMIN FAR *lppProfAdmin);

/* Pointer types of the allocators declared above (for GetProcAddress-style
 * callers). */
typedef SCODE(STDMETHODCALLTYPE MAPIALLOCATEBUFFER)(ULONG cbSize,
                                                    LPVOID FAR *lppBuffer);
typedef SCODE(STDMETHODCALLTYPE MAPIALLOCATEMORE)(ULONG cbSize, LPVOID lpObject,
                                                  LPVOID FAR *lppBuffer);
typedef ULONG(STDAPICALLTYPE MAPIFREEBUFFER)(LPVOID lpBuffer);
typedef MAPIALLOCATEBUFFER FAR *LPMAPIALLOCATEBUFFER;
typedef MAPIALLOCATEMORE FAR *LPMAPIALLOCATEMORE;
typedef MAPIFREEBUFFER FAR *LPMAPIFREEBUFFER;

/* ---- IMAPISession -------------------------------------------------------- */
/* Logoff */
#define MAPI_LOGOFF_SHARED ((ULONG)0x00000001)
#define MAPI_LOGOFF_UI ((ULONG)0x00000002)
/* SetDefaultStore (mutually exclusive) */
#define MAPI_DEFAULT_STORE ((ULONG)0x00000001)
#define MAPI_SIMPLE_STORE_TEMPORARY ((ULONG)0x00000002)
#define MAPI_SIMPLE_STORE_PERMANENT ((ULONG)0x00000003)
#define MAPI_PRIMARY_STORE ((ULONG)0x00000004)
#define MAPI_SECONDARY_STORE ((ULONG)0x00000005)
/* ShowForm */
#define MAPI_POST_MESSAGE ((ULONG)0x00000001)
#define MAPI_NEW_MESSAGE ((ULONG)0x00000002)

#define MAPI_IMAPISESSION_METHODS(IPURE)                                       \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(GetMsgStoresTable)(THIS_ ULONG ulFlags,                           \
                                LPMAPITABLE FAR * lppTable) IPURE;             \
  MAPIMETHOD(OpenMsgStore)(THIS_ ULONG_PTR ulUIParam, ULONG cbEntryID,         \
                           LPENTRYID lpEntryID, LPCIID lpInterface,            \
                           ULONG ulFlags, LPMDB FAR * lppMDB) IPURE;           \
  MAPIMETHOD(OpenAddressBook)(THIS_ ULONG_PTR ulUIParam, LPCIID lpInterface,   \
                              ULONG ulFlags,                                   \
                              LPADRBOOK FAR * lppAdrBook) IPURE;               \
  MAPIMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface,    \
                                 ULONG ulFlags,                                \
                                 LPPROFSECT FAR * lppProfSect) IPURE;          \
  MAPIMETHOD(GetStatusTable)(THIS_ ULONG ulFlags,                              \
                             LPMAPITABLE FAR * lppTable) IPURE;                \
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
  MAPIMETHOD(MessageOptions)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,         \
                             LPTSTR lpszAdrType, LPMESSAGE lpMessage) IPURE;   \
  MAPIMETHOD(QueryDefaultMessageOpt)(THIS_ LPTSTR lpszAdrType, ULONG ulFlags,  \
                                     ULONG FAR * lpcValues,                    \
                                     LPSPropValue FAR * lppOptions) IPURE;     \
  MAPIMETHOD(EnumAdrTypes)(THIS_ ULONG ulFlags, ULONG FAR * lpcAdrTypes,       \
                           LPTSTR FAR * FAR * lpppszAdrTypes) IPURE;           \
  MAPIMETHOD(QueryIdentity)(THIS_ ULONG FAR * lpcbEntryID,                     \
                            LPENTRYID FAR * lppEntryID) IPURE;                 \
  MAPIMETHOD(Logoff)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,                 \
                     ULONG ulReserved) IPURE;                                  \
  MAPIMETHOD(SetDefaultStore)(THIS_ ULONG ulFlags, ULONG cbEntryID,            \
                              LPENTRYID lpEntryID) IPURE;                      \
  MAPIMETHOD(AdminServices)(THIS_ ULONG ulFlags,                               \
                            LPSERVICEADMIN FAR * lppServiceAdmin) IPURE;       \
  MAPIMETHOD(ShowForm)(THIS_ ULONG_PTR ulUIParam, LPMDB lpMsgStore,            \
                       LPMAPIFOLDER lpParentFolder, LPCIID lpInterface,        \
                       ULONG_PTR ulMessageToken, LPMESSAGE lpMessageSent,      \
                       ULONG ulFlags, ULONG ulMessageStatus,                   \
                       ULONG ulMessageFlags, ULONG ulAccess,                   \
                       LPSTR lpszMessageClass) IPURE;                          \
  MAPIMETHOD(PrepareForm)(THIS_ LPCIID lpInterface, LPMESSAGE lpMessage,       \
                          ULONG_PTR FAR * lpulMessageToken) IPURE;
#undef INTERFACE
#define INTERFACE IMAPISession
DECLARE_MAPI_INTERFACE_(IMAPISession, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPISESSION_METHODS(PURE)
};

/* ---- Address-book dialog parameters (IAddrBook, IMAPISupport) ----------- */
typedef BOOL(STDMETHODCALLTYPE ACCELERATEABSDI)(ULONG_PTR ulUIParam,
                                                LPVOID lpvmsg);
typedef ACCELERATEABSDI FAR *LPFNABSDI;
typedef void(STDMETHODCALLTYPE DISMISSMODELESS)(ULONG_PTR ulUIParam,
                                                LPVOID lpvContext);
typedef DISMISSMODELESS FAR *LPFNDISMISS;
typedef SCODE(STDMETHODCALLTYPE FAR *LPFNBUTTON)(ULONG_PTR ulUIParam,
                                                 LPVOID lpvContext,
                                                 ULONG cbEntryID,
                                                 LPENTRYID lpSelection,
                                                 ULONG ulFlags);

typedef struct _ADRPARM {
  ULONG cbABContEntryID;
  LPENTRYID lpABContEntryID;
  ULONG ulFlags;
  LPVOID lpReserved;
  ULONG ulHelpContext;
  LPTSTR lpszHelpFileName;
  LPFNABSDI lpfnABSDI;
  LPFNDISMISS lpfnDismiss;
  LPVOID lpvDismissContext;
  LPTSTR lpszCaption;
  LPTSTR lpszNewEntryTitle;
  LPTSTR lpszDestWellsTitle;
  ULONG cDestFields;
  ULONG nDestFieldFocus;
  LPTSTR FAR *lppszDestTitles;
  ULONG FAR *lpulDestComps;
  LPSRestriction lpContRestriction;
  LPSRestriction lpHierRestriction;
} ADRPARM, FAR *LPADRPARM;

/* ADRPARM.ulFlags: the top four bits carry the structure version. */
#define GET_ADRPARM_VERSION(ulFlags) (((ULONG)(ulFlags)) & 0xF0000000)
#define SET_ADRPARM_VERSION(ulFlags, ulVersion) \
  (((ULONG)(ulVersion)) | (((ULONG)(ulFlags)) & 0x0FFFFFFF))
#define ADRPARM_HELP_CTX ((ULONG)0x00000000)
#ifndef DIALOG_MODAL
#define DIALOG_MODAL ((ULONG)0x00000001)
#endif
#ifndef DIALOG_SDI
#define DIALOG_SDI ((ULONG)0x00000002)
#endif
#ifndef DIALOG_OPTIONS
#define DIALOG_OPTIONS ((ULONG)0x00000004)
#endif
#ifndef ADDRESS_ONE
#define ADDRESS_ONE ((ULONG)0x00000008)
#endif
#ifndef AB_SELECTONLY
#define AB_SELECTONLY ((ULONG)0x00000010)
#endif
#ifndef AB_RESOLVE
#define AB_RESOLVE ((ULONG)0x00000020)
#endif

/* ---- IAddrBook ----------------------------------------------------------- */
#define MAPI_IADDRBOOK_METHODS(IPURE)                                          \
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
  MAPIMETHOD(CreateOneOff)(THIS_ LPTSTR lpszName, LPTSTR lpszAdrType,          \
                           LPTSTR lpszAddress, ULONG ulFlags,                  \
                           ULONG FAR * lpcbEntryID,                            \
                           LPENTRYID FAR * lppEntryID) IPURE;                  \
  MAPIMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,               \
                       ULONG cbEIDContainer, LPENTRYID lpEIDContainer,         \
                       ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,     \
                       ULONG FAR * lpcbEIDNewEntry,                            \
                       LPENTRYID FAR * lppEIDNewEntry) IPURE;                  \
  MAPIMETHOD(ResolveName)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,            \
                          LPTSTR lpszNewEntryTitle,                            \
                          LPADRLIST lpAdrList) IPURE;                          \
  MAPIMETHOD(Address)(THIS_ ULONG_PTR FAR * lpulUIParam, LPADRPARM lpAdrParms, \
                      LPADRLIST FAR * lppAdrList) IPURE;                       \
  MAPIMETHOD(Details)(THIS_ ULONG_PTR FAR * lpulUIParam,                       \
                      LPFNDISMISS lpfnDismiss, LPVOID lpvDismissContext,       \
                      ULONG cbEntryID, LPENTRYID lpEntryID,                    \
                      LPFNBUTTON lpfButtonCallback, LPVOID lpvButtonContext,   \
                      LPTSTR lpszButtonText, ULONG ulFlags) IPURE;             \
  MAPIMETHOD(RecipOptions)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags,           \
                           LPADRENTRY lpRecip) IPURE;                          \
  MAPIMETHOD(QueryDefaultRecipOpt)(THIS_ LPTSTR lpszAdrType, ULONG ulFlags,    \
                                   ULONG FAR * lpcValues,                      \
                                   LPSPropValue FAR * lppOptions) IPURE;       \
  MAPIMETHOD(GetPAB)(THIS_ ULONG FAR * lpcbEntryID,                            \
                     LPENTRYID FAR * lppEntryID) IPURE;                        \
  MAPIMETHOD(SetPAB)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID) IPURE;        \
  MAPIMETHOD(GetDefaultDir)(THIS_ ULONG FAR * lpcbEntryID,                     \
                            LPENTRYID FAR * lppEntryID) IPURE;                 \
  MAPIMETHOD(SetDefaultDir)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID) IPURE; \
  MAPIMETHOD(GetSearchPath)(THIS_ ULONG ulFlags,                               \
                            LPSRowSet FAR * lppSearchPath) IPURE;              \
  MAPIMETHOD(SetSearchPath)(THIS_ ULONG ulFlags,                               \
                            LPSRowSet lpSearchPath) IPURE;                     \
  MAPIMETHOD(PrepareRecips)(THIS_ ULONG ulFlags,                               \
                            LPSPropTagArray lpPropTagArray,                    \
                            LPADRLIST lpRecipList) IPURE;
#undef INTERFACE
#define INTERFACE IAddrBook
DECLARE_MAPI_INTERFACE_(IAddrBook, IMAPIProp) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROP_METHODS(PURE)
  MAPI_IADDRBOOK_METHODS(PURE)
};

/* ---- IProfAdmin ---------------------------------------------------------- */
/* CreateProfile */
#define MAPI_DEFAULT_SERVICES ((ULONG)0x00000001)

#define MAPI_IPROFADMIN_METHODS(IPURE)                                         \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(GetProfileTable)(THIS_ ULONG ulFlags,                             \
                              LPMAPITABLE FAR * lppTable) IPURE;               \
  MAPIMETHOD(CreateProfile)(THIS_ LPTSTR lpszProfileName, LPTSTR lpszPassword, \
                            ULONG_PTR ulUIParam, ULONG ulFlags) IPURE;         \
  MAPIMETHOD(DeleteProfile)(THIS_ LPTSTR lpszProfileName,                      \
                            ULONG ulFlags) IPURE;                              \
  MAPIMETHOD(ChangeProfilePassword)(THIS_ LPTSTR lpszProfileName,              \
                                    LPTSTR lpszOldPassword,                    \
                                    LPTSTR lpszNewPassword,                    \
                                    ULONG ulFlags) IPURE;                      \
  MAPIMETHOD(CopyProfile)(THIS_ LPTSTR lpszOldProfileName,                     \
                          LPTSTR lpszOldPassword, LPTSTR lpszNewProfileName,   \
                          ULONG_PTR ulUIParam, ULONG ulFlags) IPURE;           \
  MAPIMETHOD(RenameProfile)(THIS_ LPTSTR lpszOldProfileName,                   \
                            LPTSTR lpszOldPassword, LPTSTR lpszNewProfileName, \
                            ULONG_PTR ulUIParam, ULONG ulFlags) IPURE;         \
  MAPIMETHOD(SetDefaultProfile)(THIS_ LPTSTR lpszProfileName,                  \
                                ULONG ulFlags) IPURE;                          \
  MAPIMETHOD(AdminServices)(THIS_ LPTSTR lpszProfileName, LPTSTR lpszPassword, \
                            ULONG_PTR ulUIParam, ULONG ulFlags,                \
                            LPSERVICEADMIN FAR * lppServiceAdmin) IPURE;
#undef INTERFACE
#define INTERFACE IProfAdmin
DECLARE_MAPI_INTERFACE_(IProfAdmin, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IPROFADMIN_METHODS(PURE)
};

/* ---- IMsgServiceAdmin ---------------------------------------------------- */
/* PR_RESOURCE_FLAGS of a message-service-table row */
#define SERVICE_DEFAULT_STORE ((ULONG)0x00000001)
#define SERVICE_SINGLE_COPY ((ULONG)0x00000002)
#define SERVICE_CREATE_WITH_STORE ((ULONG)0x00000004)
#define SERVICE_PRIMARY_IDENTITY ((ULONG)0x00000008)
#define SERVICE_NO_PRIMARY_IDENTITY ((ULONG)0x00000020)

/* ConfigureMsgService ulFlags (MSG_SERVICE_UI_READ_ONLY 0x8 is in
 * mapispi.h; MAPI_UNICODE in mapidefs.h) */
#ifndef UI_SERVICE
#define UI_SERVICE ((ULONG)0x00000002)
#endif
#ifndef SERVICE_UI_ALWAYS
#define SERVICE_UI_ALWAYS ((ULONG)0x00000002)
#endif
#ifndef UI_CURRENT_PROVIDER_FIRST
#define UI_CURRENT_PROVIDER_FIRST ((ULONG)0x00000004)
#endif
#ifndef SERVICE_UI_ALLOWED
#define SERVICE_UI_ALLOWED ((ULONG)0x00000010)
#endif
#ifndef SERVICE_NO_RESTART_WARNING
#define SERVICE_NO_RESTART_WARNING ((ULONG)0x00000080)
#endif

#define MAPI_IMSGSERVICEADMIN_METHODS(IPURE)                                   \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(GetMsgServiceTable)(THIS_ ULONG ulFlags,                          \
                                 LPMAPITABLE FAR * lppTable) IPURE;            \
  MAPIMETHOD(CreateMsgService)(THIS_ LPTSTR lpszService,                       \
                               LPTSTR lpszDisplayName, ULONG_PTR ulUIParam,    \
                               ULONG ulFlags) IPURE;                           \
  MAPIMETHOD(DeleteMsgService)(THIS_ LPMAPIUID lpUID) IPURE;                   \
  MAPIMETHOD(CopyMsgService)(THIS_ LPMAPIUID lpUID, LPTSTR lpszDisplayName,    \
                             LPCIID lpInterfaceToCopy, LPCIID lpInterfaceDst,  \
                             LPVOID lpObjectDst, ULONG_PTR ulUIParam,          \
                             ULONG ulFlags) IPURE;                             \
  MAPIMETHOD(RenameMsgService)(THIS_ LPMAPIUID lpUID, ULONG ulFlags,           \
                               LPTSTR lpszDisplayName) IPURE;                  \
  MAPIMETHOD(ConfigureMsgService)(THIS_ LPMAPIUID lpUID, ULONG_PTR ulUIParam,  \
                                  ULONG ulFlags, ULONG cValues,                \
                                  LPSPropValue lpProps) IPURE;                 \
  MAPIMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface,    \
                                 ULONG ulFlags,                                \
                                 LPPROFSECT FAR * lppProfSect) IPURE;          \
  MAPIMETHOD(MsgServiceTransportOrder)(THIS_ ULONG cUID, LPMAPIUID lpUIDList,  \
                                       ULONG ulFlags) IPURE;                   \
  MAPIMETHOD(AdminProviders)(THIS_ LPMAPIUID lpUID, ULONG ulFlags,             \
                             LPPROVIDERADMIN FAR * lppProviderAdmin) IPURE;    \
  MAPIMETHOD(SetPrimaryIdentity)(THIS_ LPMAPIUID lpUID, ULONG ulFlags) IPURE;  \
  MAPIMETHOD(GetProviderTable)(THIS_ ULONG ulFlags,                            \
                               LPMAPITABLE FAR * lppTable) IPURE;
#undef INTERFACE
#define INTERFACE IMsgServiceAdmin
DECLARE_MAPI_INTERFACE_(IMsgServiceAdmin, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMSGSERVICEADMIN_METHODS(PURE)
};

/* ---- IProviderAdmin ------------------------------------------------------ */
#define MAPI_IPROVIDERADMIN_METHODS(IPURE)                                     \
  MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags,               \
                           LPMAPIERROR FAR * lppMAPIError) IPURE;              \
  MAPIMETHOD(GetProviderTable)(THIS_ ULONG ulFlags,                            \
                               LPMAPITABLE FAR * lppTable) IPURE;              \
  MAPIMETHOD(CreateProvider)(THIS_ LPTSTR lpszProvider, ULONG cValues,         \
                             LPSPropValue lpProps, ULONG_PTR ulUIParam,        \
                             ULONG ulFlags, MAPIUID FAR * lpUID) IPURE;        \
  MAPIMETHOD(DeleteProvider)(THIS_ LPMAPIUID lpUID) IPURE;                     \
  MAPIMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface,    \
                                 ULONG ulFlags,                                \
                                 LPPROFSECT FAR * lppProfSect) IPURE;
#undef INTERFACE
#define INTERFACE IProviderAdmin
DECLARE_MAPI_INTERFACE_(IProviderAdmin, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IPROVIDERADMIN_METHODS(PURE)
};

/* ---- Fast shutdown ------------------------------------------------------- */
/* A client queries the session for IMAPIClientShutdown; MAPI queries each
 * provider object (IMSProvider, IABProvider, IXPProvider) for
 * IMAPIProviderShutdown. */
#define MAPI_IMAPICLIENTSHUTDOWN_METHODS(IPURE)                                \
  MAPIMETHOD(QueryFastShutdown)(THIS) IPURE;                                   \
  MAPIMETHOD(NotifyProcessShutdown)(THIS) IPURE;                               \
  MAPIMETHOD(DoFastShutdown)(THIS) IPURE;
#undef INTERFACE
#define INTERFACE IMAPIClientShutdown
DECLARE_MAPI_INTERFACE_(IMAPIClientShutdown, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPICLIENTSHUTDOWN_METHODS(PURE)
};

#define MAPI_IMAPIPROVIDERSHUTDOWN_METHODS(IPURE)                              \
  MAPIMETHOD(QueryFastShutdown)(THIS) IPURE;                                   \
  MAPIMETHOD(NotifyProcessShutdown)(THIS) IPURE;                               \
  MAPIMETHOD(DoFastShutdown)(THIS) IPURE;
#undef INTERFACE
#define INTERFACE IMAPIProviderShutdown
DECLARE_MAPI_INTERFACE_(IMAPIProviderShutdown, IUnknown) {
  BEGIN_INTERFACE
  MAPI_IUNKNOWN_METHODS(PURE)
  MAPI_IMAPIPROVIDERSHUTDOWN_METHODS(PURE)
};

#endif /* MAPIX_H */
