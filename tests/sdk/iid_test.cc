// The MAPI IIDs and property-set GUIDs have the SDK's values and Windows
// byte layout, and the session/SPI structures and constants have the SDK's
// values and Windows x64 layout.
//
// INITGUID before the first SDK include: this file defines every GUID of
// mapiguid.h (no USES_* selection), so the values below are what this build
// of the headers produces.
#define INITGUID

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mapiguid.h"
#include "mapispi.h"
#include "mapiutil.h"
#include "mapix.h"

namespace {

// Every MAPI GUID is an OLE GUID {l, 0, 0, {C0 00 00 00 00 00 00 46}};
// the expected values are written out here, independently of the header.
struct ExpectedGuid {
  const char* name;
  const IID* actual;
  uint32_t data1;
};

#define MAPI_EMU_EXPECT_GUID(name, l) \
  ExpectedGuid { #name, &name, l }

const std::vector<ExpectedGuid>& AllGuids() {
  static const std::vector<ExpectedGuid> kGuids = {
      MAPI_EMU_EXPECT_GUID(IID_IMAPISession, 0x00020300),
      MAPI_EMU_EXPECT_GUID(IID_IMAPITable, 0x00020301),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIAdviseSink, 0x00020302),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIProp, 0x00020303),
      MAPI_EMU_EXPECT_GUID(IID_IProfSect, 0x00020304),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIStatus, 0x00020305),
      MAPI_EMU_EXPECT_GUID(IID_IMsgStore, 0x00020306),
      MAPI_EMU_EXPECT_GUID(IID_IMessage, 0x00020307),
      MAPI_EMU_EXPECT_GUID(IID_IAttachment, 0x00020308),
      MAPI_EMU_EXPECT_GUID(IID_IAddrBook, 0x00020309),
      MAPI_EMU_EXPECT_GUID(IID_IMailUser, 0x0002030A),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIContainer, 0x0002030B),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFolder, 0x0002030C),
      MAPI_EMU_EXPECT_GUID(IID_IABContainer, 0x0002030D),
      MAPI_EMU_EXPECT_GUID(IID_IDistList, 0x0002030E),
      MAPI_EMU_EXPECT_GUID(IID_IMAPISup, 0x0002030F),
      MAPI_EMU_EXPECT_GUID(IID_IMSProvider, 0x00020310),
      MAPI_EMU_EXPECT_GUID(IID_IABProvider, 0x00020311),
      MAPI_EMU_EXPECT_GUID(IID_IXPProvider, 0x00020312),
      MAPI_EMU_EXPECT_GUID(IID_IMSLogon, 0x00020313),
      MAPI_EMU_EXPECT_GUID(IID_IABLogon, 0x00020314),
      MAPI_EMU_EXPECT_GUID(IID_IXPLogon, 0x00020315),
      MAPI_EMU_EXPECT_GUID(IID_IMAPITableData, 0x00020316),
      MAPI_EMU_EXPECT_GUID(IID_IMAPISpoolerInit, 0x00020317),
      MAPI_EMU_EXPECT_GUID(IID_IMAPISpoolerSession, 0x00020318),
      MAPI_EMU_EXPECT_GUID(IID_ITNEF, 0x00020319),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIPropData, 0x0002031A),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIControl, 0x0002031B),
      MAPI_EMU_EXPECT_GUID(IID_IProfAdmin, 0x0002031C),
      MAPI_EMU_EXPECT_GUID(IID_IMsgServiceAdmin, 0x0002031D),
      MAPI_EMU_EXPECT_GUID(IID_IMAPISpoolerService, 0x0002031E),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIProgress, 0x0002031F),
      MAPI_EMU_EXPECT_GUID(IID_ISpoolerHook, 0x00020320),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIViewContext, 0x00020321),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFormMgr, 0x00020322),
      MAPI_EMU_EXPECT_GUID(IID_IEnumMAPIFormProp, 0x00020323),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFormInfo, 0x00020324),
      MAPI_EMU_EXPECT_GUID(IID_IProviderAdmin, 0x00020325),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIForm, 0x00020327),
      MAPI_EMU_EXPECT_GUID(PS_MAPI, 0x00020328),
      MAPI_EMU_EXPECT_GUID(PS_PUBLIC_STRINGS, 0x00020329),
      MAPI_EMU_EXPECT_GUID(IID_IPersistMessage, 0x0002032A),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIViewAdviseSink, 0x0002032B),
      MAPI_EMU_EXPECT_GUID(IID_IStreamDocfile, 0x0002032C),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFormProp, 0x0002032D),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFormContainer, 0x0002032E),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFormAdviseSink, 0x0002032F),
      MAPI_EMU_EXPECT_GUID(IID_IStreamTnef, 0x00020330),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIFormFactory, 0x00020350),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIMessageSite, 0x00020370),
      MAPI_EMU_EXPECT_GUID(PS_ROUTING_EMAIL_ADDRESSES, 0x00020380),
      MAPI_EMU_EXPECT_GUID(PS_ROUTING_ADDRTYPE, 0x00020381),
      MAPI_EMU_EXPECT_GUID(PS_ROUTING_DISPLAY_NAME, 0x00020382),
      MAPI_EMU_EXPECT_GUID(PS_ROUTING_ENTRYID, 0x00020383),
      MAPI_EMU_EXPECT_GUID(PS_ROUTING_SEARCH_KEY, 0x00020384),
      MAPI_EMU_EXPECT_GUID(MUID_PROFILE_INSTANCE, 0x00020385),
      MAPI_EMU_EXPECT_GUID(IID_IMsgServiceAdmin2, 0x00020387),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIClientShutdown, 0x00020397),
      MAPI_EMU_EXPECT_GUID(IID_IMAPIProviderShutdown, 0x00020398),
  };
  return kGuids;
}

#undef MAPI_EMU_EXPECT_GUID

GUID OleGuid(uint32_t data1) {
  GUID g = {data1, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
  return g;
}

std::string Hex(const GUID& g) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(&g);
  std::string out;
  char buf[4];
  for (size_t i = 0; i < sizeof(GUID); ++i) {
    snprintf(buf, sizeof(buf), "%02X", p[i]);
    out += buf;
  }
  return out;
}

TEST(MapiGuid, EveryGuidHasTheSdkValue) {
  ASSERT_EQ(AllGuids().size(), 59u);
  for (const ExpectedGuid& e : AllGuids()) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(e.actual->Data1, e.data1);
    EXPECT_EQ(e.actual->Data2, 0);
    EXPECT_EQ(e.actual->Data3, 0);
    const uint8_t kOleTail[8] = {0xC0, 0, 0, 0, 0, 0, 0, 0x46};
    EXPECT_EQ(memcmp(e.actual->Data4, kOleTail, sizeof(kOleTail)), 0)
        << Hex(*e.actual);
    EXPECT_TRUE(IsEqualIID(*e.actual, OleGuid(e.data1))) << Hex(*e.actual);
  }
}

TEST(MapiGuid, NoTwoGuidsAreEqual) {
  std::set<std::string> seen;
  for (const ExpectedGuid& e : AllGuids()) {
    EXPECT_TRUE(seen.insert(Hex(*e.actual)).second)
        << e.name << " repeats " << Hex(*e.actual);
  }
}

TEST(MapiGuid, BytesAreTheWindowsLayout) {
  // Data1..Data3 little-endian, Data4 as written: what a Windows provider
  // stores in a profile or compares with memcmp.
  const unsigned char kSession[16] = {0x00, 0x03, 0x02, 0x00, 0x00, 0x00,
                                      0x00, 0x00, 0xC0, 0x00, 0x00, 0x00,
                                      0x00, 0x00, 0x00, 0x46};
  static_assert(sizeof(IID) == 16);
  EXPECT_EQ(memcmp(&IID_IMAPISession, kSession, 16), 0)
      << Hex(IID_IMAPISession);
  EXPECT_EQ(Hex(IID_IMAPIProviderShutdown), "9803020000000000C000000000000046");
}

TEST(MapiGuid, IsEqualIIDComparesAllSixteenBytes) {
  EXPECT_TRUE(IsEqualIID(IID_IMSProvider, IID_IMSProvider));
  EXPECT_TRUE(IsEqualIID(IID_IMSProvider, OleGuid(0x00020310)));
  EXPECT_FALSE(IsEqualIID(IID_IMSProvider, IID_IMSLogon));
  IID last_byte_differs = IID_IMSProvider;
  last_byte_differs.Data4[7] = 0x47;
  EXPECT_FALSE(IsEqualIID(IID_IMSProvider, last_byte_differs));
  IID data2_differs = IID_IMSProvider;
  data2_differs.Data2 = 1;
  EXPECT_FALSE(IsEqualIID(IID_IMSProvider, data2_differs));
  // The provider IIDs are distinct from the COM base ones mapiwin.h defines.
  EXPECT_FALSE(IsEqualIID(IID_IMSProvider, IID_IUnknown));
}

// ---- mapix.h ----------------------------------------------------------------
static_assert(sizeof(MAPIINIT_0) == 8);
static_assert(offsetof(MAPIINIT_0, ulVersion) == 0);
static_assert(offsetof(MAPIINIT_0, ulFlags) == 4);
static_assert(sizeof(MAPIINIT) == sizeof(MAPIINIT_0));
static_assert(MAPI_INIT_VERSION == 0);
static_assert(MAPI_MULTITHREAD_NOTIFICATIONS == 0x00000001);
static_assert(MAPI_NO_COINIT == 0x00000008);

static_assert(MAPI_LOGON_UI == 0x00000001);
static_assert(MAPI_NEW_SESSION == 0x00000002);
static_assert(MAPI_APP_PROFILE == 0x00000004);
static_assert(MAPI_ALLOW_OTHERS == 0x00000008);
static_assert(MAPI_EXPLICIT_PROFILE == 0x00000010);
static_assert(MAPI_EXTENDED == 0x00000020);
static_assert(MAPI_USE_DEFAULT == 0x00000040);
static_assert(MAPI_FORCE_DOWNLOAD == 0x00001000);
static_assert(MAPI_SERVICE_UI_ALWAYS == 0x00002000);
static_assert(MAPI_NO_MAIL == 0x00008000);
static_assert(MAPI_NT_SERVICE == 0x00010000);
static_assert(MAPI_PASSWORD_UI == 0x00020000);
static_assert(MAPI_TIMEOUT_SHORT == 0x00100000);
static_assert(MAPI_BG_SESSION == 0x00200000);
static_assert(MAPI_LOGOFF_SHARED == 0x00000001);
static_assert(MAPI_LOGOFF_UI == 0x00000002);
static_assert(MAPI_DEFAULT_SERVICES == 0x00000001);
static_assert(SERVICE_DEFAULT_STORE == 0x00000001);
static_assert(SERVICE_SINGLE_COPY == 0x00000002);
static_assert(SERVICE_CREATE_WITH_STORE == 0x00000004);
static_assert(SERVICE_PRIMARY_IDENTITY == 0x00000008);
static_assert(SERVICE_NO_PRIMARY_IDENTITY == 0x00000020);
static_assert(SERVICE_UI_ALWAYS == 0x00000002);
static_assert(SERVICE_UI_ALLOWED == 0x00000010);
static_assert(UI_CURRENT_PROVIDER_FIRST == 0x00000004);

#if defined(_WIN64) || (defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8)
// ADRPARM on Windows x64: every pointer 8-aligned after a 4-byte ULONG.
static_assert(sizeof(ADRPARM) == 136);
static_assert(offsetof(ADRPARM, lpABContEntryID) == 8);
static_assert(offsetof(ADRPARM, ulFlags) == 16);
static_assert(offsetof(ADRPARM, lpszHelpFileName) == 40);
static_assert(offsetof(ADRPARM, lpszDestWellsTitle) == 88);
static_assert(offsetof(ADRPARM, cDestFields) == 96);
static_assert(offsetof(ADRPARM, nDestFieldFocus) == 100);
static_assert(offsetof(ADRPARM, lppszDestTitles) == 104);
static_assert(offsetof(ADRPARM, lpHierRestriction) == 128);
static_assert(sizeof(OPTIONDATA) == 64);
static_assert(offsetof(OPTIONDATA, lpRecipGUID) == 8);
static_assert(offsetof(OPTIONDATA, ulOrdinal) == 32);
static_assert(offsetof(OPTIONDATA, cbOptionsData) == 36);
static_assert(offsetof(OPTIONDATA, lpbOptionsData) == 40);
static_assert(offsetof(OPTIONDATA, lpOptionsProps) == 56);
#endif

// ---- mapispi.h ----------------------------------------------------------------
static_assert(CURRENT_SPI_VERSION == 0x00010010);
static_assert(PDK1_SPI_VERSION == 0x00010000);
static_assert(PDK2_SPI_VERSION == 0x00010008);
static_assert(PDK3_SPI_VERSION == CURRENT_SPI_VERSION);

static_assert(offsetof(NOTIFKEY, cb) == 0);
static_assert(offsetof(NOTIFKEY, ab) == 4);
static_assert(CbNewNOTIFKEY(16) == 20);

static_assert(NOTIFY_NEWMAIL == 0x00000001);
static_assert(NOTIFY_READYTOSEND == 0x00000002);
static_assert(NOTIFY_SENTDEFERRED == 0x00000004);
static_assert(NOTIFY_CRITSEC == 0x00001000);
static_assert(NOTIFY_NONCRIT == 0x00002000);
static_assert(NOTIFY_CONFIG_CHANGE == 0x00004000);
static_assert(NOTIFY_CRITICAL_ERROR == 0x10000000);
static_assert(NOTIFY_NEWMAIL_RECEIVED == 0x20000000);
static_assert(NOTIFY_BEGIN_INBOUND == 0x00000001);
static_assert(NOTIFY_BEGIN_OUTBOUND == 0x00000002);
static_assert(NOTIFY_BEGIN_INBOUND_FLUSH == 0x00000004);
static_assert(NOTIFY_BEGIN_OUTBOUND_FLUSH == 0x00000008);
static_assert(NOTIFY_END_INBOUND == 0x00010000);
static_assert(NOTIFY_END_OUTBOUND == 0x00020000);
static_assert(NOTIFY_END_INBOUND_FLUSH == 0x00040000);
static_assert(NOTIFY_END_OUTBOUND_FLUSH == 0x00080000);
static_assert(NOTIFY_ABORT_DEFERRED == 0x40000000);
static_assert(NOTIFY_CANCEL_MESSAGE == 0x80000000);
static_assert(STATUSROW_UPDATE == 0x10000000);

static_assert(LOGON_NO_DIALOG == 0x00000001);
static_assert(LOGON_NO_CONNECT == 0x00000004);
static_assert(LOGON_NO_INBOUND == 0x00000008);
static_assert(LOGON_NO_OUTBOUND == 0x00000010);
static_assert(LOGON_SP_IDLE == 0x00010000);
static_assert(LOGON_SP_POLL == 0x00020000);
static_assert(LOGON_SP_RESOLVE == 0x00040000);
static_assert(LOGOFF_NORMAL == 0x00000001);
static_assert(LOGOFF_HURRY == 0x80000000);
static_assert(DEINIT_NORMAL == 0x00000001);
static_assert(DEINIT_HURRY == 0x80000000);
static_assert(BEGIN_DEFERRED == 0x00000001);
static_assert(END_RESEND_NOW == 0x00010000);
static_assert(END_RESEND_LATER == 0x00020000);
static_assert(END_DONT_RESEND == 0x00040000);

static_assert(MSG_SERVICE_INSTALL == 1);
static_assert(MSG_SERVICE_CREATE == 2);
static_assert(MSG_SERVICE_CONFIGURE == 3);
static_assert(MSG_SERVICE_DELETE == 4);
static_assert(MSG_SERVICE_UNINSTALL == 5);
static_assert(MSG_SERVICE_PROVIDER_CREATE == 6);
static_assert(MSG_SERVICE_PROVIDER_DELETE == 7);
static_assert(MSG_SERVICE_UI_READ_ONLY == 0x00000008);
static_assert(SERVICE_LOGON_FAILED == 0x00000020);

TEST(SpiLayout, SizedNotifKeyIsANotifKey) {
  // A provider builds its key in a SizedNOTIFKEY and passes it as
  // LPNOTIFKEY to Subscribe/Notify.
  SizedNOTIFKEY(16, key);
  static_assert(sizeof(key) == 20);
  key.cb = sizeof(key.ab);
  memcpy(key.ab, &IID_IMsgStore, sizeof(key.ab));
  const NOTIFKEY* as_key = reinterpret_cast<const NOTIFKEY*>(&key);
  EXPECT_EQ(as_key->cb, 16u);
  EXPECT_EQ(CbNOTIFKEY(as_key), 20u);
  EXPECT_EQ(memcmp(as_key->ab, &IID_IMsgStore, 16), 0);
}

// ---- mapiutil.h ---------------------------------------------------------------
static_assert(TAD_ALL_ROWS == 1);
static_assert(IPROP_READONLY == 0x00000001);
static_assert(IPROP_READWRITE == 0x00000002);
static_assert(IPROP_CLEAN == 0x00010000);
static_assert(IPROP_DIRTY == 0x00020000);

}  // namespace
