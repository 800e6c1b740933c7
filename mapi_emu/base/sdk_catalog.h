// The SDK's interfaces as data: each interface's name, IID, base interface
// and its own methods in vtable order (as the MAPI reference documents them),
// plus the names of every IID/GUID mapiguid.h defines. Traces, diagrams and
// the `mapi_emu version` facts read it; tests/sdk/vtable_order_test.cc
// proves the headers against it slot by slot.
// Immutable data; every function is thread-safe.
#ifndef MAPI_EMU_BASE_SDK_CATALOG_H_
#define MAPI_EMU_BASE_SDK_CATALOG_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mapiwin.h"

namespace mapi_emu {

struct InterfaceInfo {
  std::string_view name;                       // "IMsgStore"
  const IID* iid;                              // &IID_IMsgStore
  std::string_view base;                       // "IMAPIProp"; empty for IUnknown
  std::span<const std::string_view> methods;   // own methods, vtable order
};

// Every interface the SDK headers declare, bases before derived ones.
std::span<const InterfaceInfo> SdkInterfaces();
// The interface called `name`, or nullptr.
const InterfaceInfo* FindInterface(std::string_view name);
// The interface whose IID is `iid`, or nullptr.
const InterfaceInfo* FindInterface(REFIID iid);
// The whole vtable of `info`: IUnknown's three methods, then each base's, then its own.
std::vector<std::string_view> VtableMethods(const InterfaceInfo& info);

struct GuidName {
  std::string_view name;  // "IID_IMsgStore", "PS_MAPI"
  const GUID* guid;
};
// Every IID and GUID mapiguid.h and mapiwin.h define.
std::span<const GuidName> SdkGuids();
// "IID_IMsgStore" for a known GUID, else the registry form
// "{00020306-0000-0000-C000-000000000046}".
std::string GuidText(REFGUID guid);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_SDK_CATALOG_H_
