// Building blocks the two reference providers (sample_ab, sample_xp) share,
// written the way a Windows provider writes them: against the SDK headers and
// the exported MAPI library only (CreateIProp, the allocators MAPI passes to
// the entry point). Header-only; every object is free-threaded (interlocked
// counts, a mutex where state changes after creation).
//
//   PropList        property values a provider builds, owning their strings.
//   CPropObject<T>  a read-only IMAPIProp-derived object (IMailUser,
//                   IABContainer ...) whose properties live in an IPropData.
//   CStatusObject   the IMAPIStatus a logon hands out from OpenStatusEntry;
//                   its memory comes from MAPIAllocateBuffer so that
//                   IMAPISupport::MakeInvalid can take it over.
// provider_settings.h has the profile-section helpers.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_AB_MAPI_OBJECT_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_AB_MAPI_OBJECT_H_

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"

namespace sample_providers {

// A method the provider does not implement says so once per process on
// stderr ("sample provider: IMAPIProp::CopyTo is not supported
// (MAPI_E_NO_SUPPORT)") and returns MAPI_E_NO_SUPPORT (a stub is loud and
// harmless). Each library has its own record (hidden visibility).
inline HRESULT NoSupport(const char* what) {
  static std::mutex mutex;
  static std::vector<std::string> logged;
  std::lock_guard<std::mutex> lock(mutex);
  if (std::find(logged.begin(), logged.end(), what) == logged.end()) {
    logged.emplace_back(what);
    std::fprintf(stderr, "sample provider: %s is not supported (MAPI_E_NO_SUPPORT)\n", what);
  }
  return MAPI_E_NO_SUPPORT;
}

// The three routines MAPI passed to the provider's entry point.
struct Allocators {
  LPALLOCATEBUFFER allocate = nullptr;
  LPALLOCATEMORE allocate_more = nullptr;
  LPFREEBUFFER free = nullptr;
};

// Property values with their own storage. Setting a tag twice replaces the
// first value. Values() points into this object: valid while it lives
// unchanged.
class PropList {
 public:
  void SetLong(ULONG tag, LONG value) { At(tag).l = value; }
  void SetBool(ULONG tag, bool value) { At(tag).b = value; }
  void SetTime(ULONG tag, FILETIME value) { At(tag).ft = value; }
  void SetString(ULONG tag, std::string value) { At(tag).s = std::move(value); }
  void SetBinary(ULONG tag, std::vector<BYTE> value) { At(tag).bin = std::move(value); }

  std::vector<SPropValue> Values() const {
    std::vector<SPropValue> out(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      SPropValue& v = out[i];
      std::memset(&v, 0, sizeof v);
      v.ulPropTag = e.tag;
      switch (PROP_TYPE(e.tag)) {
        case PT_LONG:
          v.Value.l = e.l;
          break;
        case PT_BOOLEAN:
          v.Value.b = e.b ? 1 : 0;
          break;
        case PT_SYSTIME:
          v.Value.ft = e.ft;
          break;
        case PT_STRING8:
          v.Value.lpszA = const_cast<LPSTR>(e.s.c_str());
          break;
        case PT_BINARY:
          v.Value.bin.cb = static_cast<ULONG>(e.bin.size());
          v.Value.bin.lpb = const_cast<LPBYTE>(e.bin.data());
          break;
        default:
          v.ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(e.tag));
          v.Value.err = MAPI_E_NOT_FOUND;
          break;
      }
    }
    return out;
  }
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    ULONG tag = 0;
    LONG l = 0;
    bool b = false;
    FILETIME ft = {};
    std::string s;
    std::vector<BYTE> bin;
  };
  Entry& At(ULONG tag) {
    Entry fresh;
    fresh.tag = tag;
    for (Entry& e : entries_) {
      if (e.tag == tag) return e = std::move(fresh);
    }
    entries_.push_back(std::move(fresh));
    return entries_.back();
  }
  std::vector<Entry> entries_;
};

// Copies `values` into a new IPropData (allocating with `alloc`), read-only
// unless `writable`. S_OK and *out, or the failing call's HRESULT.
inline HRESULT MakePropData(const Allocators& alloc, const PropList& values, bool writable,
                            LPPROPDATA* out) {
  *out = nullptr;
  LPPROPDATA data = nullptr;
  SCODE sc = CreateIProp(&IID_IMAPIPropData, alloc.allocate, alloc.allocate_more, alloc.free,
                         nullptr, &data);
  if (FAILED(sc)) return sc;
  std::vector<SPropValue> v = values.Values();
  HRESULT hr = v.empty() ? S_OK : data->SetProps(static_cast<ULONG>(v.size()), v.data(), nullptr);
  if (SUCCEEDED(hr) && !writable) hr = data->HrSetObjAccess(IPROP_READONLY);
  if (FAILED(hr)) {
    data->Release();
    return hr;
  }
  *out = data;
  return S_OK;
}

// A COM object whose IMAPIProp part forwards to an IPropData. T is the
// interface (IMailUser, IABContainer ...); `iids` lists what QueryInterface
// answers besides IUnknown. Made with new, freed by its last Release.
template <class T>
class CPropObject : public T {
 public:
  CPropObject(const Allocators& alloc, std::initializer_list<const IID*> iids)
      : m_alloc(alloc), m_iids(iids) {}
  CPropObject(const CPropObject&) = delete;
  CPropObject& operator=(const CPropObject&) = delete;

  // Fills the properties; call once, right after construction.
  HRESULT Init(const PropList& props) { return MakePropData(m_alloc, props, false, &m_lpProps); }

  STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR* ppvObj) override {
    if (ppvObj == nullptr) return E_INVALIDARG;
    *ppvObj = nullptr;
    bool known = riid == IID_IUnknown || riid == IID_IMAPIProp;
    for (const IID* iid : m_iids) known = known || riid == *iid;
    if (!known) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    AddRef();
    *ppvObj = static_cast<T*>(this);
    return S_OK;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++m_cRef; }
  STDMETHODIMP_(ULONG) Release() override {
    ULONG ulRef = --m_cRef;
    if (ulRef == 0) delete this;
    return ulRef;
  }

  STDMETHODIMP GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR* lpp) override {
    return m_lpProps->GetLastError(hResult, ulFlags, lpp);
  }
  STDMETHODIMP SaveChanges(ULONG) override { return MAPI_E_NO_ACCESS; }
  STDMETHODIMP GetProps(LPSPropTagArray lpTags, ULONG ulFlags, ULONG FAR* lpc,
                        LPSPropValue FAR* lpp) override {
    if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;  // ANSI strings only
    return m_lpProps->GetProps(lpTags, ulFlags, lpc, lpp);
  }
  STDMETHODIMP GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lpp) override {
    return m_lpProps->GetPropList(ulFlags, lpp);
  }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR*) override {
    return NoSupport("IMAPIProp::OpenProperty");
  }
  STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR*) override {
    return MAPI_E_NO_ACCESS;
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR*) override {
    return MAPI_E_NO_ACCESS;
  }
  STDMETHODIMP CopyTo(ULONG ciid, LPCIID rgiid, LPSPropTagArray lpExclude, ULONG_PTR ulUIParam,
                      LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDest, ULONG ulFlags,
                      LPSPropProblemArray FAR* lpp) override {
    return m_lpProps->CopyTo(ciid, rgiid, lpExclude, ulUIParam, lpProgress, lpInterface, lpDest,
                             ulFlags, lpp);
  }
  STDMETHODIMP CopyProps(LPSPropTagArray lpInclude, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                         LPCIID lpInterface, LPVOID lpDest, ULONG ulFlags,
                         LPSPropProblemArray FAR* lpp) override {
    return m_lpProps->CopyProps(lpInclude, ulUIParam, lpProgress, lpInterface, lpDest, ulFlags,
                                lpp);
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                               LPMAPINAMEID FAR* FAR*) override {
    return MAPI_E_NO_SUPPORT;  // no named properties
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG, LPSPropTagArray FAR*) override {
    return NoSupport("IMAPIProp::GetIDsFromNames");
  }

 protected:
  virtual ~CPropObject() {
    if (m_lpProps != nullptr) m_lpProps->Release();
  }

  const Allocators m_alloc;
  LPPROPDATA m_lpProps = nullptr;

 private:
  const std::vector<const IID*> m_iids;
  std::atomic<ULONG> m_cRef{1};
};

// What a status object asks its logon to do (the logon implements it).
class StatusOwner {
 public:
  virtual HRESULT StatusValidateState(ULONG_PTR ulUIParam, ULONG ulFlags) = 0;
  virtual HRESULT StatusFlushQueues(ULONG_PTR ulUIParam, ULONG cbTarget, LPENTRYID lpTarget,
                                    ULONG ulFlags) = 0;
  virtual ULONG StatusAddRef() = 0;
  virtual ULONG StatusRelease() = 0;

 protected:
  ~StatusOwner() = default;
};

// The provider's IMAPIStatus (status-object-implementation.md): read-only
// properties mirroring the status row, an AddRef'd pointer to its logon, and
// ValidateState / FlushQueues passed to the logon. SettingsDialog and
// ChangePassword return MAPI_E_NO_SUPPORT. Created with Create(); Detach()
// (at logoff) drops the properties and the logon reference, which breaks
// the logon <-> status cycle; afterwards every method but AddRef/Release
// returns MAPI_E_INVALID_OBJECT. Its memory is one MAPIAllocateBuffer block,
// so the logon may hand it to IMAPISupport::MakeInvalid after Detach().
class CStatusObject final : public IMAPIStatus {
 public:
  // IMAPIStatus has 3 + 11 + 4 methods (MakeInvalid's cMethods).
  static constexpr ULONG kMethodCount = 18;

  static HRESULT Create(const Allocators& alloc, StatusOwner* owner, const PropList& props,
                        CStatusObject** out) {
    *out = nullptr;
    LPVOID block = nullptr;
    SCODE sc = alloc.allocate(sizeof(CStatusObject), &block);
    if (FAILED(sc)) return sc;
    CStatusObject* status = new (block) CStatusObject(alloc, owner);
    HRESULT hr = status->Update(props);
    if (FAILED(hr)) {
      status->Release();
      return hr;
    }
    *out = status;
    return S_OK;
  }

  // Replaces the properties (the logon calls it whenever its row changes).
  HRESULT Update(const PropList& props) {
    LPPROPDATA data = nullptr;
    HRESULT hr = MakePropData(m_alloc, props, false, &data);
    if (FAILED(hr)) return hr;
    std::lock_guard<std::mutex> lock(m_mutex);
    std::swap(data, m_lpProps);
    if (data != nullptr) data->Release();
    return S_OK;
  }

  // Drops the properties and the logon reference (see the class comment).
  void Detach() {
    LPPROPDATA data;
    StatusOwner* owner;
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      data = m_lpProps;
      owner = m_owner;
      m_lpProps = nullptr;
      m_owner = nullptr;
    }
    if (data != nullptr) data->Release();
    if (owner != nullptr) owner->StatusRelease();
  }
  ULONG RefCount() const { return m_cRef; }

  STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR* ppvObj) override {
    if (ppvObj == nullptr) return E_INVALIDARG;
    *ppvObj = nullptr;
    if (riid != IID_IUnknown && riid != IID_IMAPIProp && riid != IID_IMAPIStatus) {
      return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    AddRef();
    *ppvObj = static_cast<IMAPIStatus*>(this);
    return S_OK;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++m_cRef; }
  STDMETHODIMP_(ULONG) Release() override {
    ULONG ulRef = --m_cRef;
    if (ulRef == 0) {
      Detach();
      LPFREEBUFFER free_buffer = m_alloc.free;
      this->~CStatusObject();
      free_buffer(this);
    }
    return ulRef;
  }

  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR* lpp) override {
    if (lpp == nullptr) return MAPI_E_INVALID_PARAMETER;
    *lpp = nullptr;  // no extended information
    return S_OK;
  }
  STDMETHODIMP SaveChanges(ULONG) override { return MAPI_E_NO_ACCESS; }
  STDMETHODIMP GetProps(LPSPropTagArray lpTags, ULONG ulFlags, ULONG FAR* lpc,
                        LPSPropValue FAR* lpp) override {
    if (ulFlags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    LPPROPDATA data = Props();
    if (data == nullptr) return MAPI_E_INVALID_OBJECT;
    HRESULT hr = data->GetProps(lpTags, ulFlags, lpc, lpp);
    data->Release();
    return hr;
  }
  STDMETHODIMP GetPropList(ULONG ulFlags, LPSPropTagArray FAR* lpp) override {
    LPPROPDATA data = Props();
    if (data == nullptr) return MAPI_E_INVALID_OBJECT;
    HRESULT hr = data->GetPropList(ulFlags, lpp);
    data->Release();
    return hr;
  }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR*) override {
    return NoSupport("IMAPIProp::OpenProperty");
  }
  STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR*) override {
    return MAPI_E_NO_ACCESS;  // read-only (a status object may refuse MAPI_MODIFY)
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR*) override {
    return MAPI_E_NO_ACCESS;
  }
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray FAR*) override {
    return NoSupport("IMAPIProp::CopyTo");
  }
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray FAR*) override {
    return NoSupport("IMAPIProp::CopyProps");
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                               LPMAPINAMEID FAR* FAR*) override {
    return NoSupport("IMAPIProp::GetNamesFromIDs");
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG, LPSPropTagArray FAR*) override {
    return NoSupport("IMAPIProp::GetIDsFromNames");
  }

  STDMETHODIMP ValidateState(ULONG_PTR ulUIParam, ULONG ulFlags) override {
    StatusOwner* owner = Owner();
    if (owner == nullptr) return MAPI_E_INVALID_OBJECT;
    HRESULT hr = owner->StatusValidateState(ulUIParam, ulFlags);
    owner->StatusRelease();
    return hr;
  }
  STDMETHODIMP SettingsDialog(ULONG_PTR, ULONG) override {
    return NoSupport("IMAPIStatus::SettingsDialog");
  }
  STDMETHODIMP ChangePassword(LPTSTR, LPTSTR, ULONG) override {
    return NoSupport("IMAPIStatus::ChangePassword");
  }
  STDMETHODIMP FlushQueues(ULONG_PTR ulUIParam, ULONG cbTarget, LPENTRYID lpTarget,
                           ULONG ulFlags) override {
    StatusOwner* owner = Owner();
    if (owner == nullptr) return MAPI_E_INVALID_OBJECT;
    HRESULT hr = owner->StatusFlushQueues(ulUIParam, cbTarget, lpTarget, ulFlags);
    owner->StatusRelease();
    return hr;
  }

 private:
  CStatusObject(const Allocators& alloc, StatusOwner* owner) : m_alloc(alloc), m_owner(owner) {
    m_owner->StatusAddRef();
  }
  ~CStatusObject() = default;

  LPPROPDATA Props() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_lpProps != nullptr) m_lpProps->AddRef();
    return m_lpProps;
  }
  StatusOwner* Owner() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_owner != nullptr) m_owner->StatusAddRef();
    return m_owner;
  }

  const Allocators m_alloc;
  std::mutex m_mutex;  // guards m_lpProps, m_owner
  LPPROPDATA m_lpProps = nullptr;
  StatusOwner* m_owner;
  std::atomic<ULONG> m_cRef{1};
};

}  // namespace sample_providers

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_AB_MAPI_OBJECT_H_
