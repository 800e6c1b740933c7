// InterfaceTraits<I>: the IID of a COM/MAPI interface and the interface it
// derives from, so that ComPtr::As and ComObject::QueryInterface can work from
// types alone. Specialised here for every interface the SDK headers declare.
// Compile-time data only; usable from any thread.
#ifndef MAPI_EMU_BASE_INTERFACE_TRAITS_H_
#define MAPI_EMU_BASE_INTERFACE_TRAITS_H_

#include "mapiwin.h"

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

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_INTERFACE_TRAITS_H_
