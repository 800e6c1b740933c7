/*
 * mapiguid.h -- the interface identifiers and property-set GUIDs MAPI
 * defines (the OLE range 0x00020300-0x000203FF reserved for MAPI). Each is
 * {l, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}} built by DEFINE_OLEGUID.
 *
 * Without INITGUID this header only declares the GUIDs. In the one source
 * file of a module that defines INITGUID before its first SDK include:
 *   - if it also defines USES_<name> for some names (the Windows SDK
 *     convention: #define USES_IID_IMSProvider), exactly those GUIDs are
 *     defined and the others stay declarations, as with the Windows SDK;
 *   - if it defines no USES_<name> at all, every GUID below is defined.
 * Definitions are weak (selectany on Windows): several modules or files may
 * define the same GUID. Include mapiwin.h first (mapix.h, mapispi.h do).
 */
#ifndef MAPIGUID_H
#ifdef INITGUID
/* Guarded only once the GUIDs were defined: a later include with INITGUID
 * (and a DEFINE_GUID that defines) can still instantiate them. */
#define MAPIGUID_H
#endif

#include "mapiwin.h"

/* A declaration that does not depend on INITGUID. */
#undef MAPIGUID_DECLARE_
#define MAPIGUID_DECLARE_(name) EXTERN_C const IID name

/* MAPIGUID_SELECT_: INITGUID with at least one USES_<name>. */
#undef MAPIGUID_SELECT_
#if defined(INITGUID) && (                                                     \
    defined(USES_IID_IMAPISession) ||                                          \
    defined(USES_IID_IMAPITable) ||                                            \
    defined(USES_IID_IMAPIAdviseSink) ||                                       \
    defined(USES_IID_IMAPIProp) ||                                             \
    defined(USES_IID_IProfSect) ||                                             \
    defined(USES_IID_IMAPIStatus) ||                                           \
    defined(USES_IID_IMsgStore) ||                                             \
    defined(USES_IID_IMessage) ||                                              \
    defined(USES_IID_IAttachment) ||                                           \
    defined(USES_IID_IAddrBook) ||                                             \
    defined(USES_IID_IMailUser) ||                                             \
    defined(USES_IID_IMAPIContainer) ||                                        \
    defined(USES_IID_IMAPIFolder) ||                                           \
    defined(USES_IID_IABContainer) ||                                          \
    defined(USES_IID_IDistList) ||                                             \
    defined(USES_IID_IMAPISup) ||                                              \
    defined(USES_IID_IMSProvider) ||                                           \
    defined(USES_IID_IABProvider) ||                                           \
    defined(USES_IID_IXPProvider) ||                                           \
    defined(USES_IID_IMSLogon) ||                                              \
    defined(USES_IID_IABLogon) ||                                              \
    defined(USES_IID_IXPLogon) ||                                              \
    defined(USES_IID_IMAPITableData) ||                                        \
    defined(USES_IID_IMAPISpoolerInit) ||                                      \
    defined(USES_IID_IMAPISpoolerSession) ||                                   \
    defined(USES_IID_ITNEF) ||                                                 \
    defined(USES_IID_IMAPIPropData) ||                                         \
    defined(USES_IID_IMAPIControl) ||                                          \
    defined(USES_IID_IProfAdmin) ||                                            \
    defined(USES_IID_IMsgServiceAdmin) ||                                      \
    defined(USES_IID_IMAPISpoolerService) ||                                   \
    defined(USES_IID_IMAPIProgress) ||                                         \
    defined(USES_IID_ISpoolerHook) ||                                          \
    defined(USES_IID_IProviderAdmin) ||                                        \
    defined(USES_IID_IMAPIViewContext) ||                                      \
    defined(USES_IID_IMAPIFormMgr) ||                                          \
    defined(USES_IID_IEnumMAPIFormProp) ||                                     \
    defined(USES_IID_IMAPIFormInfo) ||                                         \
    defined(USES_IID_IMAPIForm) ||                                             \
    defined(USES_IID_IPersistMessage) ||                                       \
    defined(USES_IID_IMAPIViewAdviseSink) ||                                   \
    defined(USES_IID_IMAPIFormProp) ||                                         \
    defined(USES_IID_IMAPIFormContainer) ||                                    \
    defined(USES_IID_IMAPIFormAdviseSink) ||                                   \
    defined(USES_IID_IMAPIFormFactory) ||                                      \
    defined(USES_IID_IMAPIMessageSite) ||                                      \
    defined(USES_IID_IStreamDocfile) ||                                        \
    defined(USES_IID_IStreamTnef) ||                                           \
    defined(USES_PS_MAPI) ||                                                   \
    defined(USES_PS_PUBLIC_STRINGS) ||                                         \
    defined(USES_PS_ROUTING_EMAIL_ADDRESSES) ||                                \
    defined(USES_PS_ROUTING_ADDRTYPE) ||                                       \
    defined(USES_PS_ROUTING_DISPLAY_NAME) ||                                   \
    defined(USES_PS_ROUTING_ENTRYID) ||                                        \
    defined(USES_PS_ROUTING_SEARCH_KEY) ||                                     \
    defined(USES_MUID_PROFILE_INSTANCE) ||                                     \
    defined(USES_IID_IMsgServiceAdmin2) ||                                     \
    defined(USES_IID_IMAPIClientShutdown) ||                                   \
    defined(USES_IID_IMAPIProviderShutdown))
#define MAPIGUID_SELECT_ 1
#endif

/* ---- Session, tables, advise sinks, properties, stores and messages ----- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPISession)
DEFINE_OLEGUID(IID_IMAPISession, 0x00020300, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPISession);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPITable)
DEFINE_OLEGUID(IID_IMAPITable, 0x00020301, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPITable);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIAdviseSink)
DEFINE_OLEGUID(IID_IMAPIAdviseSink, 0x00020302, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIAdviseSink);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIProp)
DEFINE_OLEGUID(IID_IMAPIProp, 0x00020303, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIProp);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IProfSect)
DEFINE_OLEGUID(IID_IProfSect, 0x00020304, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IProfSect);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIStatus)
DEFINE_OLEGUID(IID_IMAPIStatus, 0x00020305, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIStatus);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMsgStore)
DEFINE_OLEGUID(IID_IMsgStore, 0x00020306, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMsgStore);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMessage)
DEFINE_OLEGUID(IID_IMessage, 0x00020307, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMessage);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IAttachment)
DEFINE_OLEGUID(IID_IAttachment, 0x00020308, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IAttachment);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IAddrBook)
DEFINE_OLEGUID(IID_IAddrBook, 0x00020309, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IAddrBook);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMailUser)
DEFINE_OLEGUID(IID_IMailUser, 0x0002030A, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMailUser);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIContainer)
DEFINE_OLEGUID(IID_IMAPIContainer, 0x0002030B, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIContainer);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFolder)
DEFINE_OLEGUID(IID_IMAPIFolder, 0x0002030C, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFolder);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IABContainer)
DEFINE_OLEGUID(IID_IABContainer, 0x0002030D, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IABContainer);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IDistList)
DEFINE_OLEGUID(IID_IDistList, 0x0002030E, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IDistList);
#endif

/* ---- Service-provider interface: support, providers, logon objects ------ */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPISup)
DEFINE_OLEGUID(IID_IMAPISup, 0x0002030F, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPISup);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMSProvider)
DEFINE_OLEGUID(IID_IMSProvider, 0x00020310, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMSProvider);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IABProvider)
DEFINE_OLEGUID(IID_IABProvider, 0x00020311, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IABProvider);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IXPProvider)
DEFINE_OLEGUID(IID_IXPProvider, 0x00020312, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IXPProvider);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMSLogon)
DEFINE_OLEGUID(IID_IMSLogon, 0x00020313, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMSLogon);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IABLogon)
DEFINE_OLEGUID(IID_IABLogon, 0x00020314, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IABLogon);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IXPLogon)
DEFINE_OLEGUID(IID_IXPLogon, 0x00020315, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IXPLogon);
#endif

/* ---- In-memory table and property data, spooler, TNEF, administration --- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPITableData)
DEFINE_OLEGUID(IID_IMAPITableData, 0x00020316, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPITableData);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPISpoolerInit)
DEFINE_OLEGUID(IID_IMAPISpoolerInit, 0x00020317, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPISpoolerInit);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPISpoolerSession)
DEFINE_OLEGUID(IID_IMAPISpoolerSession, 0x00020318, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPISpoolerSession);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_ITNEF)
DEFINE_OLEGUID(IID_ITNEF, 0x00020319, 0, 0);
#else
MAPIGUID_DECLARE_(IID_ITNEF);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIPropData)
DEFINE_OLEGUID(IID_IMAPIPropData, 0x0002031A, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIPropData);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIControl)
DEFINE_OLEGUID(IID_IMAPIControl, 0x0002031B, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIControl);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IProfAdmin)
DEFINE_OLEGUID(IID_IProfAdmin, 0x0002031C, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IProfAdmin);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMsgServiceAdmin)
DEFINE_OLEGUID(IID_IMsgServiceAdmin, 0x0002031D, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMsgServiceAdmin);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPISpoolerService)
DEFINE_OLEGUID(IID_IMAPISpoolerService, 0x0002031E, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPISpoolerService);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIProgress)
DEFINE_OLEGUID(IID_IMAPIProgress, 0x0002031F, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIProgress);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_ISpoolerHook)
DEFINE_OLEGUID(IID_ISpoolerHook, 0x00020320, 0, 0);
#else
MAPIGUID_DECLARE_(IID_ISpoolerHook);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IProviderAdmin)
DEFINE_OLEGUID(IID_IProviderAdmin, 0x00020325, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IProviderAdmin);
#endif

/* ---- Forms -------------------------------------------------------------- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIViewContext)
DEFINE_OLEGUID(IID_IMAPIViewContext, 0x00020321, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIViewContext);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFormMgr)
DEFINE_OLEGUID(IID_IMAPIFormMgr, 0x00020322, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFormMgr);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IEnumMAPIFormProp)
DEFINE_OLEGUID(IID_IEnumMAPIFormProp, 0x00020323, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IEnumMAPIFormProp);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFormInfo)
DEFINE_OLEGUID(IID_IMAPIFormInfo, 0x00020324, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFormInfo);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIForm)
DEFINE_OLEGUID(IID_IMAPIForm, 0x00020327, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIForm);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IPersistMessage)
DEFINE_OLEGUID(IID_IPersistMessage, 0x0002032A, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IPersistMessage);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIViewAdviseSink)
DEFINE_OLEGUID(IID_IMAPIViewAdviseSink, 0x0002032B, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIViewAdviseSink);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFormProp)
DEFINE_OLEGUID(IID_IMAPIFormProp, 0x0002032D, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFormProp);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFormContainer)
DEFINE_OLEGUID(IID_IMAPIFormContainer, 0x0002032E, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFormContainer);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFormAdviseSink)
DEFINE_OLEGUID(IID_IMAPIFormAdviseSink, 0x0002032F, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFormAdviseSink);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIFormFactory)
DEFINE_OLEGUID(IID_IMAPIFormFactory, 0x00020350, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIFormFactory);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIMessageSite)
DEFINE_OLEGUID(IID_IMAPIMessageSite, 0x00020370, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIMessageSite);
#endif

/* ---- Streams returned by OpenProperty ----------------------------------- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IStreamDocfile)
DEFINE_OLEGUID(IID_IStreamDocfile, 0x0002032C, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IStreamDocfile);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IStreamTnef)
DEFINE_OLEGUID(IID_IStreamTnef, 0x00020330, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IStreamTnef);
#endif

/* ---- Property sets for named properties (GetIDsFromNames) --------------- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_MAPI)
DEFINE_OLEGUID(PS_MAPI, 0x00020328, 0, 0);
#else
MAPIGUID_DECLARE_(PS_MAPI);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_PUBLIC_STRINGS)
DEFINE_OLEGUID(PS_PUBLIC_STRINGS, 0x00020329, 0, 0);
#else
MAPIGUID_DECLARE_(PS_PUBLIC_STRINGS);
#endif

/* ---- Routing property sets: values gateways convert --------------------- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_ROUTING_EMAIL_ADDRESSES)
DEFINE_OLEGUID(PS_ROUTING_EMAIL_ADDRESSES, 0x00020380, 0, 0);
#else
MAPIGUID_DECLARE_(PS_ROUTING_EMAIL_ADDRESSES);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_ROUTING_ADDRTYPE)
DEFINE_OLEGUID(PS_ROUTING_ADDRTYPE, 0x00020381, 0, 0);
#else
MAPIGUID_DECLARE_(PS_ROUTING_ADDRTYPE);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_ROUTING_DISPLAY_NAME)
DEFINE_OLEGUID(PS_ROUTING_DISPLAY_NAME, 0x00020382, 0, 0);
#else
MAPIGUID_DECLARE_(PS_ROUTING_DISPLAY_NAME);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_ROUTING_ENTRYID)
DEFINE_OLEGUID(PS_ROUTING_ENTRYID, 0x00020383, 0, 0);
#else
MAPIGUID_DECLARE_(PS_ROUTING_ENTRYID);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_PS_ROUTING_SEARCH_KEY)
DEFINE_OLEGUID(PS_ROUTING_SEARCH_KEY, 0x00020384, 0, 0);
#else
MAPIGUID_DECLARE_(PS_ROUTING_SEARCH_KEY);
#endif

/* ---- The profile section whose PR_SEARCH_KEY is unique to each profile --- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_MUID_PROFILE_INSTANCE)
DEFINE_OLEGUID(MUID_PROFILE_INSTANCE, 0x00020385, 0, 0);
#else
MAPIGUID_DECLARE_(MUID_PROFILE_INSTANCE);
#endif

/* ---- IMsgServiceAdmin2 (mapiaux.h in the Outlook SDK) ------------------- */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMsgServiceAdmin2)
DEFINE_OLEGUID(IID_IMsgServiceAdmin2, 0x00020387, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMsgServiceAdmin2);
#endif

/* ---- Fast shutdown ------------------------------------------------------ */
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIClientShutdown)
DEFINE_OLEGUID(IID_IMAPIClientShutdown, 0x00020397, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIClientShutdown);
#endif
#if !defined(MAPIGUID_SELECT_) || defined(USES_IID_IMAPIProviderShutdown)
DEFINE_OLEGUID(IID_IMAPIProviderShutdown, 0x00020398, 0, 0);
#else
MAPIGUID_DECLARE_(IID_IMAPIProviderShutdown);
#endif

#undef MAPIGUID_SELECT_
#endif /* MAPIGUID_H */
