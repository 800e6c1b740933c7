// PropObject<I>: IUnknown and IMAPIProp for the store, folders, messages and
// the status object. The stored properties live in an IPropData from
// CreateIProp (the exported MAPI function), the computed ones are made at
// each read, so PR_CONTENT_COUNT and the like are always current.
#include <algorithm>
#include <cstring>

#include "mapicode.h"
#include "mapiguid.h"
#include "providers/sample_store/objects.h"

namespace sample_store {

template <class I>
PropObject<I>::PropObject(std::shared_ptr<LogonState> logon, std::initializer_list<const IID*> iids,
                          bool transacted)
    : logon_(std::move(logon)), iids_(iids), transacted_(transacted) {}

template <class I>
PropObject<I>::~PropObject() {
  if (props_ != nullptr) props_->Release();
}

template <class I>
HRESULT PropObject<I>::Init(const nlohmann::json& stored) {
  const Allocators& a = logon_->alloc();
  SCODE sc = CreateIProp(&IID_IMAPIPropData, a.allocate, a.allocate_more, a.free, nullptr, &props_);
  if (FAILED(sc)) return sc;
  PropValues values;
  std::string error;
  if (HRESULT hr = PropValues::FromJson(stored, &values, &error); FAILED(hr)) {
    return logon_->Fail(hr, error);
  }
  if (values.size() == 0) return S_OK;
  LPSPropProblemArray problems = nullptr;
  HRESULT hr = props_->SetProps(values.size(), values.data(), &problems);
  if (problems != nullptr) a.free(problems);
  return hr;
}

template <class I>
HRESULT PropObject<I>::Check() const {
  return logon_->valid() && !retired_ ? S_OK : MAPI_E_INVALID_OBJECT;
}

template <class I>
bool PropObject<I>::IsComputed(ULONG tag) {
  PropValues computed;
  Computed(&computed);
  for (ULONG i = 0; i < computed.size(); ++i) {
    if (PROP_ID(computed.data()[i].ulPropTag) == PROP_ID(tag)) return true;
  }
  return false;
}

template <class I>
nlohmann::json PropObject<I>::StoredProps() {
  nlohmann::json out = nlohmann::json::object();
  ULONG count = 0;
  LPSPropValue values = nullptr;
  if (FAILED(props_->GetProps(nullptr, 0, &count, &values))) return out;
  std::vector<SPropValue> kept;
  for (ULONG i = 0; i < count; ++i) {
    if (PROP_TYPE(values[i].ulPropTag) != PT_ERROR) kept.push_back(values[i]);
  }
  PropsToJson(static_cast<ULONG>(kept.size()), kept.data(), &out, nullptr);
  logon_->alloc().free(values);
  return out;
}

template <class I>
STDMETHODIMP PropObject<I>::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return MAPI_E_INVALID_PARAMETER;
  *ppvObj = nullptr;
  bool known = riid == IID_IUnknown || riid == IID_IMAPIProp;
  for (const IID* iid : iids_) known = known || riid == *iid;
  if (!known) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<I*>(this);
  return S_OK;
}

template <class I>
STDMETHODIMP_(ULONG)
PropObject<I>::AddRef() {
  return ++refs_;
}

template <class I>
STDMETHODIMP_(ULONG)
PropObject<I>::Release() {
  ULONG left = --refs_;
  if (left == 0) OnFinalRelease();
  return left;
}

template <class I>
STDMETHODIMP PropObject<I>::GetLastError(HRESULT hResult, ULONG ulFlags,
                                         LPMAPIERROR FAR* lppMAPIError) {
  // Allowed after logoff: it explains MAPI_E_INVALID_OBJECT as well.
  return logon_->GetLastError(hResult, ulFlags, lppMAPIError);
}

template <class I>
STDMETHODIMP PropObject<I>::SaveChanges(ULONG ulFlags) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  return transacted_ ? Save(ulFlags) : S_OK;  // the others saved at each change
}

template <class I>
STDMETHODIMP PropObject<I>::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                     ULONG FAR* lpcValues, LPSPropValue FAR* lppPropArray) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lpcValues == nullptr || lppPropArray == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  if (lpPropTagArray != nullptr && lpPropTagArray->cValues == 0) return MAPI_E_INVALID_PARAMETER;
  PropValues computed;
  Computed(&computed);
  auto find_computed = [&](ULONG tag) -> const SPropValue* {
    for (ULONG i = 0; i < computed.size(); ++i) {
      if (PROP_ID(computed.data()[i].ulPropTag) == PROP_ID(tag)) return &computed.data()[i];
    }
    return nullptr;
  };
  const Allocators& a = logon_->alloc();
  PropValues result;
  ULONG count = 0;
  LPSPropValue stored = nullptr;
  bool errors = false;
  if (lpPropTagArray == nullptr) {
    HRESULT hr = props_->GetProps(nullptr, ulFlags, &count, &stored);
    if (FAILED(hr)) return hr;
    for (ULONG i = 0; i < count; ++i) {
      if (find_computed(stored[i].ulPropTag) == nullptr) result.Copy(stored[i]);
    }
    for (ULONG i = 0; i < computed.size(); ++i) result.Copy(computed.data()[i]);
  } else {
    // Ask the property object for the tags that are not computed, in order.
    std::vector<ULONG> asked;
    for (ULONG i = 0; i < lpPropTagArray->cValues; ++i) {
      if (find_computed(lpPropTagArray->aulPropTag[i]) == nullptr) {
        asked.push_back(lpPropTagArray->aulPropTag[i]);
      }
    }
    if (!asked.empty()) {
      std::vector<BYTE> tags(CbNewSPropTagArray(asked.size()));
      auto* t = reinterpret_cast<LPSPropTagArray>(tags.data());
      t->cValues = static_cast<ULONG>(asked.size());
      std::copy(asked.begin(), asked.end(), t->aulPropTag);
      HRESULT hr = props_->GetProps(t, ulFlags, &count, &stored);
      if (FAILED(hr)) return hr;
    }
    ULONG next = 0;
    for (ULONG i = 0; i < lpPropTagArray->cValues; ++i) {
      const ULONG want = lpPropTagArray->aulPropTag[i];
      if (const SPropValue* c = find_computed(want)) {
        if (PROP_TYPE(want) == PT_UNSPECIFIED || PROP_TYPE(want) == PROP_TYPE(c->ulPropTag)) {
          result.Copy(*c);
        } else {
          SPropValue e;
          std::memset(&e, 0, sizeof e);
          e.ulPropTag = CHANGE_PROP_TYPE(want, PT_ERROR);
          e.Value.err = MAPI_E_INVALID_TYPE;
          result.Copy(e);
        }
      } else {
        result.Copy(stored[next++]);
      }
    }
  }
  HRESULT hr = result.Dup(a, lpcValues, lppPropArray);
  if (stored != nullptr) a.free(stored);
  if (FAILED(hr)) return hr;
  for (ULONG i = 0; i < *lpcValues; ++i) {
    errors = errors || PROP_TYPE((*lppPropArray)[i].ulPropTag) == PT_ERROR;
  }
  return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

template <class I>
STDMETHODIMP PropObject<I>::GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lppPropTagArray) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppPropTagArray == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (ulFlags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  LPSPropTagArray stored = nullptr;
  if (HRESULT hr = props_->GetPropList(ulFlags, &stored); FAILED(hr)) return hr;
  PropValues computed;
  Computed(&computed);
  std::vector<ULONG> tags(stored->aulPropTag, stored->aulPropTag + stored->cValues);
  for (ULONG i = 0; i < computed.size(); ++i) {
    ULONG tag = computed.data()[i].ulPropTag;
    if (std::none_of(tags.begin(), tags.end(),
                     [&](ULONG t) { return PROP_ID(t) == PROP_ID(tag); })) {
      tags.push_back(tag);
    }
  }
  const Allocators& a = logon_->alloc();
  a.free(stored);
  void* p = nullptr;
  if (FAILED(a.allocate(static_cast<ULONG>(CbNewSPropTagArray(tags.size())), &p))) {
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  auto* out = static_cast<LPSPropTagArray>(p);
  out->cValues = static_cast<ULONG>(tags.size());
  std::copy(tags.begin(), tags.end(), out->aulPropTag);
  *lppPropTagArray = out;
  return S_OK;
}

template <class I>
STDMETHODIMP PropObject<I>::OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR* lppUnk) {
  if (lppUnk != nullptr) *lppUnk = nullptr;
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIProp::OpenProperty");
}

template <class I>
STDMETHODIMP PropObject<I>::SetProps(ULONG cValues, LPSPropValue lpPropArray,
                                     LPSPropProblemArray FAR* lppProblems) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppProblems != nullptr) *lppProblems = nullptr;
  if (cValues == 0 || lpPropArray == nullptr) return MAPI_E_INVALID_PARAMETER;
  // Computed properties and types the store cannot keep are problems; the
  // rest goes to the property object.
  std::vector<SPropProblem> problems;
  std::vector<SPropValue> accepted;
  std::vector<ULONG> index;
  for (ULONG i = 0; i < cValues; ++i) {
    const ULONG tag = lpPropArray[i].ulPropTag;
    if (PROP_TYPE(tag) == PT_ERROR || PROP_TYPE(tag) == PT_UNSPECIFIED) {
      return MAPI_E_INVALID_PARAMETER;
    }
    if (IsComputed(tag)) {
      problems.push_back({i, tag, MAPI_E_COMPUTED});
    } else if (!IsStorableType(tag)) {
      problems.push_back({i, tag, MAPI_E_INVALID_TYPE});
    } else {
      accepted.push_back(lpPropArray[i]);
      index.push_back(i);
    }
  }
  const Allocators& a = logon_->alloc();
  if (!accepted.empty()) {
    LPSPropProblemArray inner = nullptr;
    HRESULT hr = props_->SetProps(static_cast<ULONG>(accepted.size()), accepted.data(), &inner);
    if (FAILED(hr)) return hr;
    if (inner != nullptr) {
      for (ULONG k = 0; k < inner->cProblem; ++k) {
        SPropProblem p = inner->aProblem[k];
        p.ulIndex = index[p.ulIndex];
        problems.push_back(p);
      }
      a.free(inner);
    }
  }
  if (!transacted_) {
    if (HRESULT hr = Save(0); FAILED(hr)) return hr;
  }
  if (lppProblems != nullptr && !problems.empty()) {
    void* p = nullptr;
    if (FAILED(a.allocate(static_cast<ULONG>(CbNewSPropProblemArray(problems.size())), &p))) {
      return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    auto* out = static_cast<LPSPropProblemArray>(p);
    out->cProblem = static_cast<ULONG>(problems.size());
    std::copy(problems.begin(), problems.end(), out->aProblem);
    *lppProblems = out;
  }
  return S_OK;
}

template <class I>
STDMETHODIMP PropObject<I>::DeleteProps(LPSPropTagArray lpPropTagArray,
                                        LPSPropProblemArray FAR* lppProblems) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  if (lppProblems != nullptr) *lppProblems = nullptr;
  if (lpPropTagArray == nullptr) return MAPI_E_INVALID_PARAMETER;
  for (ULONG i = 0; i < lpPropTagArray->cValues; ++i) {
    if (IsComputed(lpPropTagArray->aulPropTag[i])) {
      return logon_->Fail(MAPI_E_COMPUTED, "a computed property cannot be deleted");
    }
  }
  HRESULT hr = props_->DeleteProps(lpPropTagArray, lppProblems);
  if (SUCCEEDED(hr) && !transacted_) hr = Save(0);
  return hr;
}

template <class I>
STDMETHODIMP PropObject<I>::CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS,
                                   LPCIID, LPVOID, ULONG, LPSPropProblemArray FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIProp::CopyTo");
}

template <class I>
STDMETHODIMP PropObject<I>::CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                                      ULONG, LPSPropProblemArray FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIProp::CopyProps");
}

template <class I>
STDMETHODIMP PropObject<I>::GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                                            LPMAPINAMEID FAR* FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIProp::GetNamesFromIDs");
}

template <class I>
STDMETHODIMP PropObject<I>::GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG, LPSPropTagArray FAR*) {
  if (HRESULT hr = Check(); FAILED(hr)) return hr;
  return NoSupport("IMAPIProp::GetIDsFromNames");
}

template class PropObject<IMsgStore>;
template class PropObject<IMAPIFolder>;
template class PropObject<IMessage>;
template class PropObject<IMAPIStatus>;

}  // namespace sample_store
