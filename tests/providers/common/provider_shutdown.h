// provider_shutdown.h -- CProviderShutdown<Owner>: the IMAPIProviderShutdown
// (fast-shutdown-overview.md) a test provider object (IMSProvider,
// IABProvider, IXPProvider) hands out from QueryInterface while the knob
// "<lib>.fast_shutdown" is set. It is a member of the provider object and
// shares its reference count (the provider is freed when either pointer's
// last Release brings the count to 0); its own lines read
// "IMAPIProviderShutdown#<n>::...". Free-threaded. Header-only, like
// prop_object.h: the provider module defines the IIDs (INITGUID).

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_PROVIDER_SHUTDOWN_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_PROVIDER_SHUTDOWN_H_

#include <atomic>
#include <string>

#include "mapicode.h"
#include "mapiguid.h"
#include "mapix.h"
#include "tests/providers/common/names.h"
#include "tests/providers/common/record.h"

namespace mapi_emu::testprov {

// Whether the provider object answers QueryInterface(IID_IMAPIProviderShutdown):
// the knob is set to a non-empty value.
inline bool FastShutdownOffered(const char* lib) {
  const char* value = Knob(lib, "fast_shutdown");
  return value != nullptr && value[0] != '\0';
}

// Owner: the provider class, which holds this object as a member, passes
// its own count and lets this class delete it (friend, private destructor).
template <class Owner>
class CProviderShutdown final : public IMAPIProviderShutdown {
 public:
  CProviderShutdown(const char* lib, Owner* owner, std::atomic<ULONG>* count)
      : m_lib(lib),
        m_name(NewObjectName(lib, "IMAPIProviderShutdown")),
        m_pOwner(owner),
        m_pcRef(count) {}
  CProviderShutdown(const CProviderShutdown&) = delete;
  CProviderShutdown& operator=(const CProviderShutdown&) = delete;

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROVIDERSHUTDOWN_METHODS(IMPL)

 private:
  void Rec(const std::string& call) const { Record(m_lib, m_name + "::" + call); }

  const char* const m_lib;
  const std::string m_name;
  Owner* const m_pOwner;
  std::atomic<ULONG>* const m_pcRef;
};

template <class Owner>
STDMETHODIMP CProviderShutdown<Owner>::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  // Any other interface, IUnknown included, is the provider object's.
  if (riid != IID_IMAPIProviderShutdown) return m_pOwner->QueryInterface(riid, ppvObj);
  AddRef();
  *ppvObj = static_cast<IMAPIProviderShutdown*>(this);
  return S_OK;
}

template <class Owner>
STDMETHODIMP_(ULONG)
CProviderShutdown<Owner>::AddRef() {
  return RecordRef(m_lib, m_name, "AddRef", ++*m_pcRef);
}

template <class Owner>
STDMETHODIMP_(ULONG)
CProviderShutdown<Owner>::Release() {
  ULONG ulRef = RecordRef(m_lib, m_name, "Release", --*m_pcRef);
  if (ulRef == 0) {
    // This object is a member of the owner: read the pointer first, since
    // `delete m_pOwner` may read it again after the destructor ran.
    Owner* pOwner = m_pOwner;
    delete pOwner;
  }
  return ulRef;
}

template <class Owner>
STDMETHODIMP CProviderShutdown<Owner>::QueryFastShutdown() {
  Rec("QueryFastShutdown()");
  // The knob's value; one that was unset or unreadable meanwhile opts out.
  return KnobHr(m_lib, "fast_shutdown", MAPI_E_NO_SUPPORT);
}

template <class Owner>
STDMETHODIMP CProviderShutdown<Owner>::NotifyProcessShutdown() {
  Rec("NotifyProcessShutdown()");
  return S_OK;
}

template <class Owner>
STDMETHODIMP CProviderShutdown<Owner>::DoFastShutdown() {
  Rec("DoFastShutdown()");
  return S_OK;
}

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_PROVIDER_SHUTDOWN_H_
