// prop_object.h -- CPropObject<I>: IUnknown and IMAPIProp for a test
// provider's property objects (folders, containers, mail users, status
// objects, the message store), written as a provider author writes them:
// an interlocked count that starts at 1, QueryInterface from a list of
// IIDs, read-only properties from a PropSet. Every call records one probe
// line "<lib>: <Iface>#<n>::<Method>(<args>)"; methods that are not
// implemented return MAPI_E_NO_SUPPORT after recording.
//
// Free-threaded: the count is atomic and the properties do not change
// after construction. The module that instantiates it must define the
// IIDs (INITGUID), as every provider does.

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_PROP_OBJECT_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_PROP_OBJECT_H_

#include <atomic>
#include <initializer_list>
#include <string>
#include <vector>

#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "tests/providers/common/names.h"
#include "tests/providers/common/prop_set.h"
#include "tests/providers/common/record.h"

namespace mapi_emu::testprov {

template <class I>
class CPropObject : public I {
 public:
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)

  const std::string& ObjectName() const { return m_name; }

  // AddRef unless the count already reached 0: then returns 0 and records
  // nothing (an object being destroyed is not handed out again).
  ULONG AddRefIfLive() {
    ULONG n = m_cRef.load();
    while (n != 0) {
      if (m_cRef.compare_exchange_weak(n, n + 1)) {
        return RecordRef(m_lib, m_name, "AddRef", n + 1);
      }
    }
    return 0;
  }

 protected:
  // `iface` names the object in probe lines ("IMAPIFolder" -> IMAPIFolder#1);
  // QueryInterface answers IID_IUnknown, IID_IMAPIProp and `iids`.
  CPropObject(const char* lib, const char* iface, const Allocators& alloc,
              std::initializer_list<const IID*> iids)
      : m_lib(lib), m_name(NewObjectName(lib, iface)), m_alloc(alloc), m_iids(iids) {}
  virtual ~CPropObject() = default;

  // Runs when the count reaches 0 (after the Release line is recorded).
  virtual void OnFinalRelease() { delete this; }

  // Records "<Method>(<args>)" for this object.
  void Rec(const std::string& call) const { Record(m_lib, m_name + "::" + call); }
  HRESULT Unsupported(const char* method, const std::string& args = std::string()) const {
    Rec(std::string(method) + "(" + args + ")");
    return MAPI_E_NO_SUPPORT;
  }

  const char* const m_lib;
  const std::string m_name;
  const Allocators m_alloc;
  PropSet m_props;

 private:
  std::vector<const IID*> m_iids;
  std::atomic<ULONG> m_cRef{1};
};

template <class I>
STDMETHODIMP CPropObject<I>::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("QueryInterface(" + IidName(&riid) + ")");
  if (ppvObj == NULL) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = NULL;
  bool known = riid == IID_IUnknown || riid == IID_IMAPIProp;
  for (const IID* iid : m_iids) known = known || riid == *iid;
  if (!known) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<I*>(this);
  return S_OK;
}

template <class I>
STDMETHODIMP_(ULONG)
CPropObject<I>::AddRef() {
  return RecordRef(m_lib, m_name, "AddRef", ++m_cRef);
}

template <class I>
STDMETHODIMP_(ULONG)
CPropObject<I>::Release() {
  ULONG ulRef = RecordRef(m_lib, m_name, "Release", --m_cRef);
  if (ulRef == 0) OnFinalRelease();
  return ulRef;
}

template <class I>
STDMETHODIMP CPropObject<I>::GetLastError(HRESULT hResult, ULONG ulFlags,
                                          LPMAPIERROR FAR* lppMAPIError) {
  Rec("GetLastError(" + HrName(hResult) + ", " + FlagsName(ulFlags, kPropFlags) + ")");
  if (lppMAPIError == NULL) return MAPI_E_INVALID_PARAMETER;
  *lppMAPIError = NULL;  // no extended error information
  return S_OK;
}

template <class I>
STDMETHODIMP CPropObject<I>::SaveChanges(ULONG ulFlags) {
  return Unsupported("SaveChanges", FlagsName(ulFlags, {}));
}

template <class I>
STDMETHODIMP CPropObject<I>::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                      ULONG FAR* lpcValues, LPSPropValue FAR* lppPropArray) {
  Rec("GetProps(" + TagArrayName(lpPropTagArray) + ", " + FlagsName(ulFlags, kPropFlags) + ")");
  return m_props.GetProps(m_alloc, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
}

template <class I>
STDMETHODIMP CPropObject<I>::GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lppPropTagArray) {
  Rec("GetPropList(" + FlagsName(ulFlags, kPropFlags) + ")");
  return m_props.GetPropList(m_alloc, ulFlags, lppPropTagArray);
}

template <class I>
STDMETHODIMP CPropObject<I>::OpenProperty(ULONG ulPropTag, LPCIID lpiid, ULONG, ULONG,
                                          LPUNKNOWN FAR*) {
  return Unsupported("OpenProperty", PropTagName(ulPropTag) + ", " + IidName(lpiid));
}

template <class I>
STDMETHODIMP CPropObject<I>::SetProps(ULONG cValues, LPSPropValue lpPropArray,
                                      LPSPropProblemArray FAR*) {
  return Unsupported("SetProps", ValueTagsName(cValues, lpPropArray));
}

template <class I>
STDMETHODIMP CPropObject<I>::DeleteProps(LPSPropTagArray lpPropTagArray, LPSPropProblemArray FAR*) {
  return Unsupported("DeleteProps", TagArrayName(lpPropTagArray));
}

template <class I>
STDMETHODIMP CPropObject<I>::CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS,
                                    LPCIID lpInterface, LPVOID, ULONG, LPSPropProblemArray FAR*) {
  return Unsupported("CopyTo", IidName(lpInterface));
}

template <class I>
STDMETHODIMP CPropObject<I>::CopyProps(LPSPropTagArray lpIncludeProps, ULONG_PTR, LPMAPIPROGRESS,
                                       LPCIID lpInterface, LPVOID, ULONG,
                                       LPSPropProblemArray FAR*) {
  return Unsupported("CopyProps", TagArrayName(lpIncludeProps) + ", " + IidName(lpInterface));
}

template <class I>
STDMETHODIMP CPropObject<I>::GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                                             LPMAPINAMEID FAR* FAR*) {
  return Unsupported("GetNamesFromIDs");
}

template <class I>
STDMETHODIMP CPropObject<I>::GetIDsFromNames(ULONG cPropNames, LPMAPINAMEID FAR*, ULONG,
                                             LPSPropTagArray FAR*) {
  return Unsupported("GetIDsFromNames", std::to_string(cPropNames));
}

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_PROP_OBJECT_H_
