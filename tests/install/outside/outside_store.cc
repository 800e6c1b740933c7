// A store provider written the Windows way, built outside mapi_emu against
// the installed SDK headers only.
#define INITGUID
#include <mapiguid.h>
#include <mapispi.h>
#include <mapiutil.h>

class COutsideProvider : public IMSProvider {
 public:
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMSPROVIDER_METHODS(IMPL)
  virtual ~COutsideProvider() = default;

 private:
  ULONG refs_ = 1;
};

STDMETHODIMP COutsideProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == NULL) return E_INVALIDARG;
  *ppvObj = NULL;
  if (riid != IID_IMSProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  *ppvObj = static_cast<IMSProvider*>(this);
  AddRef();
  return S_OK;
}
STDMETHODIMP_(ULONG) COutsideProvider::AddRef() { return ++refs_; }
STDMETHODIMP_(ULONG) COutsideProvider::Release() {
  ULONG r = --refs_;
  if (r == 0) delete this;
  return r;
}
STDMETHODIMP COutsideProvider::Shutdown(ULONG FAR* lpulFlags) {
  return (lpulFlags != NULL && *lpulFlags == 0) ? S_OK : MAPI_E_INVALID_PARAMETER;
}
STDMETHODIMP COutsideProvider::Logon(LPMAPISUP, ULONG_PTR, LPTSTR, ULONG, LPENTRYID, ULONG,
                                     LPCIID, ULONG FAR*, LPBYTE FAR*, LPMAPIERROR FAR*,
                                     LPMSLOGON FAR*, LPMDB FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP COutsideProvider::SpoolerLogon(LPMAPISUP, ULONG_PTR, LPTSTR, ULONG, LPENTRYID,
                                            ULONG, LPCIID, ULONG, LPBYTE, LPMAPIERROR FAR*,
                                            LPMSLOGON FAR*, LPMDB FAR*) {
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP COutsideProvider::CompareStoreIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG,
                                               ULONG FAR*) {
  return MAPI_E_NO_SUPPORT;
}

STDINITMETHODIMP MSProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE, LPFREEBUFFER lpFreeBuffer, ULONG,
                                ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPMSPROVIDER FAR* lppMSProvider) {
  if (lpulProviderVer == NULL || lppMSProvider == NULL) return MAPI_E_INVALID_PARAMETER;
  *lpulProviderVer = CURRENT_SPI_VERSION;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  // Prove the allocators handed in work.
  LPVOID block = NULL;
  if (lpAllocateBuffer(16, &block) != S_OK) return MAPI_E_NOT_ENOUGH_MEMORY;
  lpFreeBuffer(block);
  *lppMSProvider = new COutsideProvider;
  return S_OK;
}
