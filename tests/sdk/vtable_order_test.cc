// Proves the vtable order of every SDK interface by calling through raw slot
// indexes, the way a C client (lpVtbl->...) or a binary built against the
// Windows headers would.
//
// For each interface a recording implementation is generated from the
// header's own MAPI_I<NAME>_METHODS macro: every method body records its name
// (__func__). The test then calls vtable slot i and checks that the method
// that ran is the i-th name of the documented order, written out below from
// the MAPI reference independently of the headers.
//
// Calling through a slot passes `this` and twelve zero integer arguments:
// every MAPI method takes at most twelve pointer/integer-class arguments and
// the recording bodies never read them.
// Method bodies generated from the SDK method macros keep the header's
// parameter names without using them.
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mapi_emu/base/sdk_catalog.h"
#include "mapispi.h"
#include "mapiutil.h"
#include "mapix.h"

namespace {

const char* g_last_method = nullptr;

// Converts to whatever the method returns (HRESULT, ULONG, pointers).
struct AnyResult {
  template <typename T>
  operator T() const {  // NOLINT: implicit by design
    return T();
  }
};
AnyResult Record(const char* name) {
  g_last_method = name;
  return {};
}

#define RECORD override { return Record(__func__); }

// Recording implementations: Rec<Name> implements IName and its bases.
#define RECORDER(Name, ...)                      \
  struct Rec##Name : Name {                      \
    __VA_ARGS__                                  \
  }

RECORDER(IUnknown, MAPI_IUNKNOWN_METHODS(RECORD));
RECORDER(IMAPIAdviseSink, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIADVISESINK_METHODS(RECORD));
RECORDER(IMAPIProgress, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROGRESS_METHODS(RECORD));
RECORDER(IMAPIProp, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD));
RECORDER(IMAPITable, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPITABLE_METHODS(RECORD));
RECORDER(IProfSect, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD));
RECORDER(IMAPIStatus, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                          MAPI_IMAPISTATUS_METHODS(RECORD));
RECORDER(IMAPIContainer, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                             MAPI_IMAPICONTAINER_METHODS(RECORD));
RECORDER(IABContainer, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                           MAPI_IMAPICONTAINER_METHODS(RECORD) MAPI_IABCONTAINER_METHODS(RECORD));
RECORDER(IMailUser, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD));
RECORDER(IDistList, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                        MAPI_IMAPICONTAINER_METHODS(RECORD) MAPI_IDISTLIST_METHODS(RECORD));
RECORDER(IMAPIFolder, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                          MAPI_IMAPICONTAINER_METHODS(RECORD) MAPI_IMAPIFOLDER_METHODS(RECORD));
RECORDER(IMsgStore, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                        MAPI_IMSGSTORE_METHODS(RECORD));
RECORDER(IMessage, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                       MAPI_IMESSAGE_METHODS(RECORD));
RECORDER(IAttach, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD));
RECORDER(IAddrBook, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                        MAPI_IADDRBOOK_METHODS(RECORD));
RECORDER(IMAPISession, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPISESSION_METHODS(RECORD));
RECORDER(IProfAdmin, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IPROFADMIN_METHODS(RECORD));
RECORDER(IMsgServiceAdmin, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMSGSERVICEADMIN_METHODS(RECORD));
RECORDER(IProviderAdmin, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IPROVIDERADMIN_METHODS(RECORD));
RECORDER(IMAPIClientShutdown,
         MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPICLIENTSHUTDOWN_METHODS(RECORD));
RECORDER(IMAPIProviderShutdown,
         MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROVIDERSHUTDOWN_METHODS(RECORD));
RECORDER(IMAPISupport, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPISUPPORT_METHODS(RECORD));
RECORDER(IABProvider, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IABPROVIDER_METHODS(RECORD));
RECORDER(IABLogon, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IABLOGON_METHODS(RECORD));
RECORDER(IXPProvider, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IXPPROVIDER_METHODS(RECORD));
RECORDER(IXPLogon, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IXPLOGON_METHODS(RECORD));
RECORDER(IMSProvider, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMSPROVIDER_METHODS(RECORD));
RECORDER(IMSLogon, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMSLOGON_METHODS(RECORD));
RECORDER(ITableData, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_ITABLEDATA_METHODS(RECORD));
RECORDER(IPropData, MAPI_IUNKNOWN_METHODS(RECORD) MAPI_IMAPIPROP_METHODS(RECORD)
                        MAPI_IPROPDATA_METHODS(RECORD));

RECORDER(ISequentialStream, MAPI_IUNKNOWN_METHODS(RECORD)
         STDMETHOD(Read)(void*, ULONG, ULONG*) RECORD;
         STDMETHOD(Write)(const void*, ULONG, ULONG*) RECORD;);
RECORDER(IStream, MAPI_IUNKNOWN_METHODS(RECORD)
         STDMETHOD(Read)(void*, ULONG, ULONG*) RECORD;
         STDMETHOD(Write)(const void*, ULONG, ULONG*) RECORD;
         STDMETHOD(Seek)(LARGE_INTEGER, DWORD, ULARGE_INTEGER*) RECORD;
         STDMETHOD(SetSize)(ULARGE_INTEGER) RECORD;
         STDMETHOD(CopyTo)(IStream*, ULARGE_INTEGER, ULARGE_INTEGER*, ULARGE_INTEGER*) RECORD;
         STDMETHOD(Commit)(DWORD) RECORD;
         STDMETHOD(Revert)() RECORD;
         STDMETHOD(LockRegion)(ULARGE_INTEGER, ULARGE_INTEGER, DWORD) RECORD;
         STDMETHOD(UnlockRegion)(ULARGE_INTEGER, ULARGE_INTEGER, DWORD) RECORD;
         STDMETHOD(Stat)(STATSTG*, DWORD) RECORD;
         STDMETHOD(Clone)(IStream**) RECORD;);

// Calls slot `slot` of `object`'s vtable and returns the method that ran.
std::string CallSlot(void* object, size_t slot) {
  using Fn = uintptr_t (*)(void*, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t,
                           uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t,
                           uintptr_t);
  void** vtbl = *static_cast<void***>(object);
  g_last_method = nullptr;
  reinterpret_cast<Fn>(vtbl[slot])(object, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  return g_last_method == nullptr ? std::string("<nothing>") : std::string(g_last_method);
}

// Checks every slot of Recorder's vtable against the documented order of
// interface `name` (mapi_emu/base/sdk_catalog.cc); returns the slot count.
template <typename Recorder>
size_t CheckOrder(std::string_view name) {
  const mapi_emu::InterfaceInfo* info = mapi_emu::FindInterface(name);
  EXPECT_NE(info, nullptr) << name;
  if (info == nullptr) return 0;
  std::vector<std::string_view> expected = mapi_emu::VtableMethods(*info);
  Recorder recorder;
  for (size_t slot = 0; slot < expected.size(); ++slot) {
    EXPECT_EQ(CallSlot(&recorder, slot), expected[slot]) << name << " vtable slot " << slot;
  }
  return expected.size();
}

struct Case {
  std::string_view name;
  size_t (*check)(std::string_view);
  size_t slots;  // the whole vtable, IUnknown's three included
};
#define CASE(Name, slots) Case{#Name, &CheckOrder<Rec##Name>, slots}
const Case kCases[] = {
    CASE(IUnknown, 3),          CASE(ISequentialStream, 5), CASE(IStream, 14), CASE(IMAPIAdviseSink, 4),
    CASE(IMAPIProgress, 8),     CASE(IMAPIProp, 14),        CASE(IMAPITable, 26),
    CASE(IProfSect, 14),        CASE(IMAPIStatus, 18),      CASE(IMAPIContainer, 19),
    CASE(IABContainer, 23),     CASE(IMailUser, 14),        CASE(IDistList, 23),
    CASE(IMAPIFolder, 30),      CASE(IMsgStore, 27),        CASE(IMessage, 22),
    CASE(IAttach, 14),          CASE(IAddrBook, 32),        CASE(IMAPISession, 22),
    CASE(IProfAdmin, 12),       CASE(IMsgServiceAdmin, 15), CASE(IProviderAdmin, 8),
    CASE(IMAPIClientShutdown, 6), CASE(IMAPIProviderShutdown, 6), CASE(IMAPISupport, 44),
    CASE(IABProvider, 5),       CASE(IABLogon, 13),         CASE(IXPProvider, 5),
    CASE(IXPLogon, 15),         CASE(IMSProvider, 7),       CASE(IMSLogon, 10),
    CASE(ITableData, 12),       CASE(IPropData, 18),
};
#undef CASE

class VtableOrderTest : public ::testing::TestWithParam<Case> {};

TEST_P(VtableOrderTest, EverySlotCallsTheDocumentedMethod) {
  const Case& c = GetParam();
  EXPECT_EQ(c.check(c.name), c.slots);
}

INSTANTIATE_TEST_SUITE_P(Sdk, VtableOrderTest, ::testing::ValuesIn(kCases),
                         [](const auto& test) { return std::string(test.param.name); });

// Every interface of the catalogue is proven here, except COM's IMalloc,
// whose void methods the recorder cannot return a value from.
TEST(VtableOrderCoverageTest, EveryCatalogueInterfaceHasACase) {
  for (const mapi_emu::InterfaceInfo& info : mapi_emu::SdkInterfaces()) {
    if (info.name == "IMalloc") continue;
    bool found = false;
    for (const Case& c : kCases) found = found || c.name == info.name;
    EXPECT_TRUE(found) << info.name << " has no vtable-order case";
  }
}

}  // namespace
