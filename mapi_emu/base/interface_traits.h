// InterfaceTraits<I>: the IID of a COM/MAPI interface and the interface it
// derives from, so that ComPtr::As and ComObject::QueryInterface can work from
// types alone. Specialised here for every interface the SDK headers declare.
// Compile-time data only; usable from any thread.
#ifndef MAPI_EMU_BASE_INTERFACE_TRAITS_H_
#define MAPI_EMU_BASE_INTERFACE_TRAITS_H_

#include "mapiguid.h"
#include "mapispi.h"
#include "mapiutil.h"
#include "mapiwin.h"
#include "mapix.h"

namespace mapi_emu {

// Primary template: deliberately undefined, so a missing specialisation is a
// compile error rather than a wrong IID.
template <typename I>
struct InterfaceTraits;

template <>
struct InterfaceTraits<IUnknown> {
  using Base = void;  // the root
  static const IID& Iid() { return IID_IUnknown; }
  static constexpr const char* kName = "IUnknown";
};

#define MAPI_EMU_INTERFACE_TRAITS(Iface, BaseIface, iid) \
  template <>                                            \
  struct InterfaceTraits<Iface> {                        \
    using Base = BaseIface;                              \
    static const IID& Iid() { return iid; }              \
    static constexpr const char* kName = #Iface;         \
  }

MAPI_EMU_INTERFACE_TRAITS(IMalloc, IUnknown, IID_IMalloc);
MAPI_EMU_INTERFACE_TRAITS(ISequentialStream, IUnknown, IID_ISequentialStream);
MAPI_EMU_INTERFACE_TRAITS(IStream, ISequentialStream, IID_IStream);

// mapidefs.h
MAPI_EMU_INTERFACE_TRAITS(IMAPIAdviseSink, IUnknown, IID_IMAPIAdviseSink);
MAPI_EMU_INTERFACE_TRAITS(IMAPIProgress, IUnknown, IID_IMAPIProgress);
MAPI_EMU_INTERFACE_TRAITS(IMAPIProp, IUnknown, IID_IMAPIProp);
MAPI_EMU_INTERFACE_TRAITS(IMAPITable, IUnknown, IID_IMAPITable);
MAPI_EMU_INTERFACE_TRAITS(IProfSect, IMAPIProp, IID_IProfSect);
MAPI_EMU_INTERFACE_TRAITS(IMAPIStatus, IMAPIProp, IID_IMAPIStatus);
MAPI_EMU_INTERFACE_TRAITS(IMAPIContainer, IMAPIProp, IID_IMAPIContainer);
MAPI_EMU_INTERFACE_TRAITS(IABContainer, IMAPIContainer, IID_IABContainer);
MAPI_EMU_INTERFACE_TRAITS(IMailUser, IMAPIProp, IID_IMailUser);
MAPI_EMU_INTERFACE_TRAITS(IDistList, IMAPIContainer, IID_IDistList);
MAPI_EMU_INTERFACE_TRAITS(IMAPIFolder, IMAPIContainer, IID_IMAPIFolder);
MAPI_EMU_INTERFACE_TRAITS(IMsgStore, IMAPIProp, IID_IMsgStore);
MAPI_EMU_INTERFACE_TRAITS(IMessage, IMAPIProp, IID_IMessage);
MAPI_EMU_INTERFACE_TRAITS(IAttach, IMAPIProp, IID_IAttachment);
// mapix.h
MAPI_EMU_INTERFACE_TRAITS(IAddrBook, IMAPIProp, IID_IAddrBook);
MAPI_EMU_INTERFACE_TRAITS(IMAPISession, IUnknown, IID_IMAPISession);
MAPI_EMU_INTERFACE_TRAITS(IProfAdmin, IUnknown, IID_IProfAdmin);
MAPI_EMU_INTERFACE_TRAITS(IMsgServiceAdmin, IUnknown, IID_IMsgServiceAdmin);
MAPI_EMU_INTERFACE_TRAITS(IProviderAdmin, IUnknown, IID_IProviderAdmin);
MAPI_EMU_INTERFACE_TRAITS(IMAPIClientShutdown, IUnknown, IID_IMAPIClientShutdown);
MAPI_EMU_INTERFACE_TRAITS(IMAPIProviderShutdown, IUnknown, IID_IMAPIProviderShutdown);
// mapispi.h
MAPI_EMU_INTERFACE_TRAITS(IMAPISupport, IUnknown, IID_IMAPISup);
MAPI_EMU_INTERFACE_TRAITS(IABProvider, IUnknown, IID_IABProvider);
MAPI_EMU_INTERFACE_TRAITS(IABLogon, IUnknown, IID_IABLogon);
MAPI_EMU_INTERFACE_TRAITS(IXPProvider, IUnknown, IID_IXPProvider);
MAPI_EMU_INTERFACE_TRAITS(IXPLogon, IUnknown, IID_IXPLogon);
MAPI_EMU_INTERFACE_TRAITS(IMSProvider, IUnknown, IID_IMSProvider);
MAPI_EMU_INTERFACE_TRAITS(IMSLogon, IUnknown, IID_IMSLogon);
// mapiutil.h
MAPI_EMU_INTERFACE_TRAITS(ITableData, IUnknown, IID_IMAPITableData);
MAPI_EMU_INTERFACE_TRAITS(IPropData, IMAPIProp, IID_IMAPIPropData);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_INTERFACE_TRAITS_H_
