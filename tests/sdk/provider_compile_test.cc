// A store, an address-book and a transport provider declared the way Windows
// MAPI providers declare theirs: classes deriving from the SPI interfaces,
// members declared with MAPI_I<NAME>_METHODS(IMPL), bodies defined out of
// line with STDMETHODIMP, entry points with STDINITMETHODIMP. If this file
// compiles, Windows-style provider source compiles against the SDK headers;
// the tests then drive the objects through their interface pointers.
// Method bodies generated from the SDK method macros keep the header's
// parameter names without using them.
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mapiguid.h"
#include "mapispi.h"
#include "mapiutil.h"

namespace {

std::vector<std::string> g_calls;  // what the providers were asked to do

// ---------------------------------------------------------------- store ----
class CMSLogon : public IMSLogon {
 public:
  explicit CMSLogon(LPMAPISUP sup) : m_lpSup(sup) { m_lpSup->AddRef(); }
  virtual ~CMSLogon() = default;
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSLOGON_METHODS(IMPL)

 private:
  ULONG m_cRef = 1;
  LPMAPISUP m_lpSup;
};

class CMSProvider : public IMSProvider {
 public:
  CMSProvider(LPALLOCATEBUFFER alloc, LPFREEBUFFER free) : m_lpAlloc(alloc), m_lpFree(free) {}
  virtual ~CMSProvider() = default;
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSPROVIDER_METHODS(IMPL)

 private:
  ULONG m_cRef = 1;
  LPALLOCATEBUFFER m_lpAlloc;
  LPFREEBUFFER m_lpFree;
};

STDMETHODIMP CMSProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == NULL) return E_INVALIDARG;
  *ppvObj = NULL;
  if (riid != IID_IMSProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = (LPVOID)this;
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) CMSProvider::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CMSProvider::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}
STDMETHODIMP CMSProvider::Shutdown(ULONG FAR* lpulFlags) {
  g_calls.push_back("IMSProvider::Shutdown");
  return (lpulFlags && *lpulFlags == 0) ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP CMSProvider::Logon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags,
                                LPCIID lpInterface, ULONG FAR* lpcbSpoolSecurity,
                                LPBYTE FAR* lppbSpoolSecurity, LPMAPIERROR FAR* lppMAPIError,
                                LPMSLOGON FAR* lppMSLogon, LPMDB FAR* lppMDB) {
  (void)ulUIParam, (void)lpszProfileName, (void)cbEntryID, (void)lpEntryID, (void)ulFlags;
  (void)lpInterface;
  g_calls.push_back("IMSProvider::Logon");
  *lpcbSpoolSecurity = 0;
  *lppbSpoolSecurity = NULL;
  *lppMAPIError = NULL;
  *lppMDB = NULL;
  *lppMSLogon = new CMSLogon(lpMAPISup);
  return S_OK;
}
STDMETHODIMP CMSProvider::SpoolerLogon(LPMAPISUP, ULONG_PTR, LPTSTR, ULONG, LPENTRYID, ULONG,
                                       LPCIID, ULONG, LPBYTE, LPMAPIERROR FAR*,
                                       LPMSLOGON FAR*, LPMDB FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CMSProvider::CompareStoreIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1,
                                          ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags,
                                          ULONG FAR* lpulResult) {
  (void)ulFlags;
  *lpulResult = cbEntryID1 == cbEntryID2 && memcmp(lpEntryID1, lpEntryID2, cbEntryID1) == 0;
  return S_OK;
}

STDMETHODIMP CMSLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = NULL;
  if (riid != IID_IMSLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = (LPVOID)this;
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) CMSLogon::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CMSLogon::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}
STDMETHODIMP CMSLogon::GetLastError(HRESULT, ULONG, LPMAPIERROR FAR* lppMAPIError) {
  *lppMAPIError = NULL;
  return S_OK;
}
STDMETHODIMP CMSLogon::Logoff(ULONG FAR* lpulFlags) {
  g_calls.push_back("IMSLogon::Logoff");
  if (m_lpSup) {
    m_lpSup->Release();
    m_lpSup = NULL;
  }
  return (lpulFlags && *lpulFlags == 0) ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP CMSLogon::OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR*, LPUNKNOWN FAR*) {
  return MAPI_E_NOT_FOUND;
}
STDMETHODIMP CMSLogon::CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CMSLogon::Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CMSLogon::Unadvise(ULONG_PTR) { return MAPI_E_NO_SUPPORT; }
STDMETHODIMP CMSLogon::OpenStatusEntry(LPCIID, ULONG, ULONG FAR*, LPVOID FAR*) {
  return MAPI_E_NO_SUPPORT;
}

// --------------------------------------------------------- address book ----
class CABLogon : public IABLogon {
 public:
  virtual ~CABLogon() = default;
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IABLOGON_METHODS(IMPL)

 private:
  ULONG m_cRef = 1;
};

class CABProvider : public IABProvider {
 public:
  virtual ~CABProvider() = default;
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IABPROVIDER_METHODS(IMPL)

 private:
  ULONG m_cRef = 1;
};

STDMETHODIMP CABProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = NULL;
  if (riid != IID_IABProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = (LPVOID)this;
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) CABProvider::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CABProvider::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}
STDMETHODIMP CABProvider::Shutdown(ULONG FAR* lpulFlags) {
  g_calls.push_back("IABProvider::Shutdown");
  return (lpulFlags && *lpulFlags == 0) ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP CABProvider::Logon(LPMAPISUP, ULONG_PTR, LPTSTR, ULONG ulFlags,
                                ULONG FAR* lpulcbSecurity, LPBYTE FAR* lppbSecurity,
                                LPMAPIERROR FAR* lppMAPIError, LPABLOGON FAR* lppABLogon) {
  g_calls.push_back("IABProvider::Logon");
  if (ulFlags & ~(AB_NO_DIALOG | MAPI_DEFERRED_ERRORS | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
  *lpulcbSecurity = 0;
  *lppbSecurity = NULL;
  *lppMAPIError = NULL;
  *lppABLogon = new CABLogon;
  return S_OK;
}

STDMETHODIMP CABLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = NULL;
  if (riid != IID_IABLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = (LPVOID)this;
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) CABLogon::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CABLogon::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}
STDMETHODIMP CABLogon::GetLastError(HRESULT, ULONG, LPMAPIERROR FAR*) { return S_OK; }
STDMETHODIMP CABLogon::Logoff(ULONG ulFlags) {
  g_calls.push_back("IABLogon::Logoff");
  return ulFlags == 0 ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP CABLogon::OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR*, LPUNKNOWN FAR*) {
  return MAPI_E_NOT_FOUND;
}
STDMETHODIMP CABLogon::CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR*) {
  return MAPI_E_INVALID_ENTRYID;
}
STDMETHODIMP CABLogon::Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CABLogon::Unadvise(ULONG_PTR) { return MAPI_E_NO_SUPPORT; }
STDMETHODIMP CABLogon::OpenStatusEntry(LPCIID, ULONG, ULONG FAR*, LPMAPISTATUS FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CABLogon::OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID, LPMAPIPROP FAR*,
                                      LPMAPIPROP) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CABLogon::GetOneOffTable(ULONG, LPMAPITABLE FAR*) { return MAPI_E_NO_SUPPORT; }
STDMETHODIMP CABLogon::PrepareRecips(ULONG, LPSPropTagArray, LPADRLIST) { return S_OK; }

// ------------------------------------------------------------ transport ----
class CXPLogon : public IXPLogon {
 public:
  virtual ~CXPLogon() = default;
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IXPLOGON_METHODS(IMPL)

 private:
  ULONG m_cRef = 1;
};

class CXPProvider : public IXPProvider {
 public:
  virtual ~CXPProvider() = default;
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IXPPROVIDER_METHODS(IMPL)

 private:
  ULONG m_cRef = 1;
};

STDMETHODIMP CXPProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = NULL;
  if (riid != IID_IXPProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = (LPVOID)this;
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) CXPProvider::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CXPProvider::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}
STDMETHODIMP CXPProvider::Shutdown(ULONG FAR* lpulFlags) {
  g_calls.push_back("IXPProvider::Shutdown");
  return (lpulFlags && *lpulFlags == 0) ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP CXPProvider::TransportLogon(LPMAPISUP, ULONG_PTR, LPTSTR, ULONG FAR* lpulFlags,
                                         LPMAPIERROR FAR* lppMAPIError,
                                         LPXPLOGON FAR* lppXPLogon) {
  g_calls.push_back("IXPProvider::TransportLogon");
  *lpulFlags = LOGON_SP_POLL;  // the transport wants Poll calls
  *lppMAPIError = NULL;
  *lppXPLogon = new CXPLogon;
  return S_OK;
}

STDMETHODIMP CXPLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = NULL;
  if (riid != IID_IXPLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = (LPVOID)this;
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) CXPLogon::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CXPLogon::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}
STDMETHODIMP CXPLogon::AddressTypes(ULONG FAR* lpulFlags, ULONG FAR* lpcAdrType,
                                    LPSTR FAR* FAR* lpppszAdrTypeArray, ULONG FAR* lpcMAPIUID,
                                    LPMAPIUID FAR* FAR* lpppUIDArray) {
  static char szFile[] = "FILE";
  static LPSTR rgszTypes[] = {szFile};
  g_calls.push_back("IXPLogon::AddressTypes");
  *lpulFlags = 0;
  *lpcAdrType = 1;
  *lpppszAdrTypeArray = rgszTypes;
  *lpcMAPIUID = 0;
  *lpppUIDArray = NULL;
  return S_OK;
}
STDMETHODIMP CXPLogon::RegisterOptions(ULONG FAR* lpulFlags, ULONG FAR* lpcOptions,
                                       LPOPTIONDATA FAR* lppOptions) {
  *lpulFlags = 0;
  *lpcOptions = 0;
  *lppOptions = NULL;
  return S_OK;
}
STDMETHODIMP CXPLogon::TransportNotify(ULONG FAR* lpulFlags, LPVOID FAR*) {
  g_calls.push_back("IXPLogon::TransportNotify");
  return (*lpulFlags & NOTIFY_BEGIN_INBOUND) && (*lpulFlags & NOTIFY_END_INBOUND)
             ? MAPI_E_INVALID_PARAMETER
             : S_OK;
}
STDMETHODIMP CXPLogon::Idle(ULONG) { return S_OK; }
STDMETHODIMP CXPLogon::TransportLogoff(ULONG ulFlags) {
  g_calls.push_back("IXPLogon::TransportLogoff");
  return ulFlags == 0 ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP CXPLogon::SubmitMessage(ULONG, LPMESSAGE, ULONG_PTR FAR* lpulMsgRef,
                                     ULONG_PTR FAR* lpulReturnParm) {
  *lpulMsgRef = 1;
  *lpulReturnParm = 30;
  return MAPI_E_WAIT;
}
STDMETHODIMP CXPLogon::EndMessage(ULONG_PTR, ULONG FAR* lpulFlags) {
  *lpulFlags = 0;
  return S_OK;
}
STDMETHODIMP CXPLogon::Poll(ULONG FAR* lpulIncoming) {
  *lpulIncoming = 0;
  return S_OK;
}
STDMETHODIMP CXPLogon::StartMessage(ULONG, LPMESSAGE, ULONG_PTR FAR*) { return S_OK; }
STDMETHODIMP CXPLogon::OpenStatusEntry(LPCIID, ULONG, ULONG FAR*, LPMAPISTATUS FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP CXPLogon::ValidateState(ULONG_PTR, ULONG) { return S_OK; }
STDMETHODIMP CXPLogon::FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG) { return S_OK; }

// --------------------------------------------------------- entry points ----
// The Microsoft sample's version check: write our version, refuse an older MAPI.
#define CHECK_INIT_ARGS()                                          \
  if (lpulProviderVer == NULL) return MAPI_E_INVALID_PARAMETER;    \
  *lpulProviderVer = CURRENT_SPI_VERSION;                          \
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION

}  // namespace

STDINITMETHODIMP MSProviderInit(HINSTANCE hInstance, LPMALLOC lpMalloc,
                                LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                                ULONG FAR* lpulProviderVer, LPMSPROVIDER FAR* lppMSProvider) {
  (void)hInstance, (void)lpMalloc, (void)lpAllocateMore, (void)ulFlags;
  CHECK_INIT_ARGS();
  *lppMSProvider = new CMSProvider(lpAllocateBuffer, lpFreeBuffer);
  return S_OK;
}

STDINITMETHODIMP ABProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER, LPALLOCATEMORE,
                                LPFREEBUFFER, ULONG, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPABPROVIDER FAR* lppABProvider) {
  CHECK_INIT_ARGS();
  *lppABProvider = new CABProvider;
  return S_OK;
}

STDINITMETHODIMP XPProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER, LPALLOCATEMORE,
                                LPFREEBUFFER, ULONG, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPXPPROVIDER FAR* lppXPProvider) {
  CHECK_INIT_ARGS();
  *lppXPProvider = new CXPProvider;
  return S_OK;
}

namespace {

// The entry points match the SDK typedefs exactly.
static_assert(std::is_same_v<decltype(&MSProviderInit), LPMSPROVIDERINIT>);
static_assert(std::is_same_v<decltype(&ABProviderInit), LPABPROVIDERINIT>);
static_assert(std::is_same_v<decltype(&XPProviderInit), LPXPPROVIDERINIT>);
static_assert(CURRENT_SPI_VERSION == 0x00010010);

// A support object stand-in that only counts references: enough for a
// provider's logon to AddRef and its logoff to Release.
class CountingSupport : public IMAPISupport {
 public:
  ULONG refs = 1;
  STDMETHODIMP QueryInterface(REFIID, LPVOID FAR*) override { return E_NOINTERFACE; }
  STDMETHODIMP_(ULONG) AddRef() override { return ++refs; }
  STDMETHODIMP_(ULONG) Release() override { return --refs; }
#define NO_SUPPORT_BODY override { return MAPI_E_NO_SUPPORT; }
  MAPI_IMAPISUPPORT_METHODS(NO_SUPPORT_BODY)
#undef NO_SUPPORT_BODY
};

class ProviderCompileTest : public ::testing::Test {
 protected:
  void SetUp() override { g_calls.clear(); }
};

TEST_F(ProviderCompileTest, StoreProviderLifecycleThroughInterfacePointers) {
  ULONG version = 0;
  LPMSPROVIDER provider = NULL;
  ASSERT_EQ(MSProviderInit(NULL, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                           MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &provider),
            S_OK);
  EXPECT_EQ(version, CURRENT_SPI_VERSION);

  CountingSupport support;
  LPMSLOGON logon = NULL;
  LPMDB mdb = reinterpret_cast<LPMDB>(0x1);
  ULONG cbSpool = 99;
  LPBYTE pbSpool = reinterpret_cast<LPBYTE>(0x1);
  LPMAPIERROR err = NULL;
  ASSERT_EQ(provider->Logon(&support, 0, NULL, 0, NULL, MDB_NO_DIALOG | MDB_WRITE, NULL,
                            &cbSpool, &pbSpool, &err, &logon, &mdb),
            S_OK);
  EXPECT_EQ(support.refs, 2u) << "a store logon AddRefs its support object";
  EXPECT_EQ(cbSpool, 0u);
  EXPECT_EQ(mdb, nullptr);

  ULONG flags = 0;
  EXPECT_EQ(logon->Logoff(&flags), S_OK);
  EXPECT_EQ(support.refs, 1u);
  logon->Release();
  EXPECT_EQ(provider->Shutdown(&flags), S_OK);
  provider->Release();
  EXPECT_THAT(g_calls, ::testing::ElementsAre("IMSProvider::Logon", "IMSLogon::Logoff",
                                              "IMSProvider::Shutdown"));
}

TEST_F(ProviderCompileTest, EntryPointsRefuseAnOlderMapi) {
  ULONG version = 0;
  LPABPROVIDER ab = NULL;
  EXPECT_EQ(ABProviderInit(NULL, NULL, NULL, NULL, NULL, 0, PDK1_SPI_VERSION, &version, &ab),
            MAPI_E_VERSION);
  EXPECT_EQ(version, CURRENT_SPI_VERSION) << "the provider still reports its own version";
  EXPECT_EQ(ab, nullptr);
  EXPECT_EQ(ABProviderInit(NULL, NULL, NULL, NULL, NULL, 0, CURRENT_SPI_VERSION, NULL, &ab),
            MAPI_E_INVALID_PARAMETER);
}

TEST_F(ProviderCompileTest, AddressBookAndTransportThroughInterfacePointers) {
  ULONG version = 0;
  LPABPROVIDER ab = NULL;
  ASSERT_EQ(ABProviderInit(NULL, NULL, NULL, NULL, NULL, 0, CURRENT_SPI_VERSION, &version, &ab),
            S_OK);
  ULONG cb = 1;
  LPBYTE pb = NULL;
  LPMAPIERROR err = NULL;
  LPABLOGON ablogon = NULL;
  CountingSupport support;
  EXPECT_EQ(ab->Logon(&support, 0, NULL, 0x40000000, &cb, &pb, &err, &ablogon),
            MAPI_E_UNKNOWN_FLAGS);
  ASSERT_EQ(ab->Logon(&support, 0, NULL, AB_NO_DIALOG, &cb, &pb, &err, &ablogon), S_OK);
  LPUNKNOWN unk = NULL;
  EXPECT_EQ(ablogon->QueryInterface(IID_IABLogon, (LPVOID*)&unk), S_OK);
  unk->Release();
  EXPECT_EQ(ablogon->QueryInterface(IID_IXPLogon, (LPVOID*)&unk), MAPI_E_INTERFACE_NOT_SUPPORTED);
  EXPECT_EQ(unk, nullptr);
  EXPECT_EQ(ablogon->Logoff(0), S_OK);
  ablogon->Release();
  ULONG zero = 0;
  EXPECT_EQ(ab->Shutdown(&zero), S_OK);
  ab->Release();

  LPXPPROVIDER xp = NULL;
  ASSERT_EQ(XPProviderInit(NULL, NULL, NULL, NULL, NULL, 0, CURRENT_SPI_VERSION, &version, &xp),
            S_OK);
  ULONG logon_flags = LOGON_NO_DIALOG | LOGON_NO_INBOUND | LOGON_NO_OUTBOUND;
  LPXPLOGON xplogon = NULL;
  ASSERT_EQ(xp->TransportLogon(&support, 0, NULL, &logon_flags, &err, &xplogon), S_OK);
  EXPECT_EQ(logon_flags, static_cast<ULONG>(LOGON_SP_POLL));
  ULONG at_flags = 0, n_types = 0, n_uids = 0;
  LPSTR* types = NULL;
  LPMAPIUID* uids = NULL;
  ASSERT_EQ(xplogon->AddressTypes(&at_flags, &n_types, &types, &n_uids, &uids), S_OK);
  ASSERT_EQ(n_types, 1u);
  EXPECT_STREQ(types[0], "FILE");
  ULONG notify = NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND;
  EXPECT_EQ(xplogon->TransportNotify(&notify, NULL), S_OK);
  ULONG_PTR ref = 0, retry = 0;
  EXPECT_EQ(xplogon->SubmitMessage(0, NULL, &ref, &retry), MAPI_E_WAIT);
  EXPECT_EQ(retry, 30u);
  EXPECT_EQ(xplogon->TransportLogoff(0), S_OK);
  xplogon->Release();
  EXPECT_EQ(xp->Shutdown(&zero), S_OK);
  xp->Release();
  EXPECT_THAT(g_calls,
              ::testing::ElementsAre("IABProvider::Logon", "IABProvider::Logon", "IABLogon::Logoff",
                                     "IABProvider::Shutdown", "IXPProvider::TransportLogon",
                                     "IXPLogon::AddressTypes", "IXPLogon::TransportNotify",
                                     "IXPLogon::TransportLogoff", "IXPProvider::Shutdown"));
}

}  // namespace
