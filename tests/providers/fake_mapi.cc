// Bodies of the fakes are written like a provider's own (SDK spelling),
// because they implement MAPI's interfaces; the recording helpers come from
// the providers' common library.

#include "tests/providers/fake_mapi.h"

#include <string.h>

#include "mapiutil.h"
#include "tests/providers/common/entry_ids.h"
#include "tests/providers/common/names.h"
#include "tests/providers/probe/probe.h"

namespace mapi_emu::testprov {
namespace {

std::atomic<long> g_live_buffers{0};

void Rec(const char* who, const std::string& call) {
  ProbeRecord((std::string(who) + ": " + call).c_str());
}

}  // namespace

SCODE STDMETHODCALLTYPE CountingAllocateBuffer(ULONG cbSize, LPVOID FAR* lppBuffer) {
  SCODE sc = MAPIAllocateBuffer(cbSize, lppBuffer);
  if (SUCCEEDED(sc)) ++g_live_buffers;
  return sc;
}

SCODE STDMETHODCALLTYPE CountingAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID FAR* lppBuffer) {
  return MAPIAllocateMore(cbSize, lpObject, lppBuffer);
}

ULONG STDAPICALLTYPE CountingFreeBuffer(LPVOID lpBuffer) {
  if (lpBuffer != NULL) --g_live_buffers;
  return MAPIFreeBuffer(lpBuffer);
}

long LiveBuffers() { return g_live_buffers; }
void ResetLiveBuffers() { g_live_buffers = 0; }

// ---------------------------------------------------------- FakeProfSect --
std::string FakeProfSect::GetString(ULONG tag) const {
  auto it = strings_.find(tag);
  return it == strings_.end() ? std::string() : it->second;
}

STDMETHODIMP FakeProfSect::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("profsect", "QueryInterface(" + IidName(&riid) + ")");
  *ppvObj = NULL;
  if (riid != IID_IProfSect && riid != IID_IMAPIProp && riid != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  AddRef();
  *ppvObj = this;
  return S_OK;
}
STDMETHODIMP_(ULONG) FakeProfSect::AddRef() {
  long n = ++refs_;
  Rec("profsect", "AddRef -> " + std::to_string(n));
  return static_cast<ULONG>(n);
}
STDMETHODIMP_(ULONG) FakeProfSect::Release() {
  long n = --refs_;
  Rec("profsect", "Release -> " + std::to_string(n));
  return static_cast<ULONG>(n);
}
STDMETHODIMP FakeProfSect::GetLastError(HRESULT, ULONG, LPMAPIERROR FAR* lppMAPIError) {
  Rec("profsect", "GetLastError");
  *lppMAPIError = NULL;
  return S_OK;
}
STDMETHODIMP FakeProfSect::SaveChanges(ULONG) {
  Rec("profsect", "SaveChanges");
  return S_OK;  // profile sections are not transacted
}
STDMETHODIMP FakeProfSect::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                    ULONG FAR* lpcValues, LPSPropValue FAR* lppPropArray) {
  Rec("profsect", "GetProps(" + TagArrayName(lpPropTagArray) + ", " + Hex32(ulFlags) + ")");
  if (lpPropTagArray == NULL) return MAPI_E_NO_SUPPORT;
  ULONG n = lpPropTagArray->cValues;
  LPSPropValue values = NULL;
  if (FAILED(CountingAllocateBuffer(sizeof(SPropValue) * n, (LPVOID*)&values))) {
    return MAPI_E_NOT_ENOUGH_MEMORY;
  }
  HRESULT hr = S_OK;
  for (ULONG i = 0; i < n; ++i) {
    ULONG tag = lpPropTagArray->aulPropTag[i];
    auto it = strings_.find(CHANGE_PROP_TYPE(tag, PT_STRING8));
    if (it == strings_.end()) {
      values[i].ulPropTag = CHANGE_PROP_TYPE(tag, PT_ERROR);
      values[i].Value.err = MAPI_E_NOT_FOUND;
      hr = MAPI_W_ERRORS_RETURNED;
      continue;
    }
    LPVOID p = NULL;
    CountingAllocateMore(static_cast<ULONG>(it->second.size() + 1), values, &p);
    memcpy(p, it->second.c_str(), it->second.size() + 1);
    values[i].ulPropTag = it->first;
    values[i].Value.lpszA = static_cast<LPSTR>(p);
  }
  *lpcValues = n;
  *lppPropArray = values;
  return hr;
}
STDMETHODIMP FakeProfSect::GetPropList(ULONG, LPSPropTagArray FAR*) {
  Rec("profsect", "GetPropList");
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP FakeProfSect::OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR*) {
  Rec("profsect", "OpenProperty");
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP FakeProfSect::SetProps(ULONG cValues, LPSPropValue lpPropArray,
                                    LPSPropProblemArray FAR* lppProblems) {
  std::string values;
  for (ULONG i = 0; i < cValues; ++i) {
    values += (i ? ", " : "") + ValueName(lpPropArray[i]);
    if (PROP_TYPE(lpPropArray[i].ulPropTag) == PT_STRING8) {
      strings_[lpPropArray[i].ulPropTag] = lpPropArray[i].Value.lpszA;
    }
  }
  Rec("profsect", "SetProps([" + values + "])");
  if (lppProblems != NULL) *lppProblems = NULL;
  return S_OK;
}
STDMETHODIMP FakeProfSect::DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR*) {
  Rec("profsect", "DeleteProps");
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP FakeProfSect::CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID,
                                  LPVOID, ULONG, LPSPropProblemArray FAR*) {
  Rec("profsect", "CopyTo");
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP FakeProfSect::CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                                     ULONG, LPSPropProblemArray FAR*) {
  Rec("profsect", "CopyProps");
  return MAPI_E_NO_SUPPORT;
}
STDMETHODIMP FakeProfSect::GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                                           LPMAPINAMEID FAR* FAR*) {
  Rec("profsect", "GetNamesFromIDs");
  return MAPI_E_NO_SUPPORT;  // profile sections have no named properties
}
STDMETHODIMP FakeProfSect::GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG, LPSPropTagArray FAR*) {
  Rec("profsect", "GetIDsFromNames");
  return MAPI_E_NO_SUPPORT;
}

// -------------------------------------------------------- FakeAdviseSink --
STDMETHODIMP FakeAdviseSink::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  *ppvObj = NULL;
  if (riid != IID_IMAPIAdviseSink && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = this;
  return S_OK;
}
STDMETHODIMP_(ULONG) FakeAdviseSink::AddRef() { return static_cast<ULONG>(++refs_); }
STDMETHODIMP_(ULONG) FakeAdviseSink::Release() { return static_cast<ULONG>(--refs_); }
STDMETHODIMP_(ULONG) FakeAdviseSink::OnNotify(ULONG cNotif, LPNOTIFICATION) {
  Rec("sink", "OnNotify(" + std::to_string(cNotif) + ")");
  return 0;
}

// ----------------------------------------------------------- FakeSupport --
HRESULT FakeSupport::NoSupport(const std::string& call) const {
  Rec("sup", call);
  return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP FakeSupport::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  Rec("sup", "QueryInterface(" + IidName(&riid) + ")");
  *ppvObj = NULL;
  if (riid != IID_IMAPISup && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = this;
  return S_OK;
}
STDMETHODIMP_(ULONG) FakeSupport::AddRef() {
  long n = ++refs_;
  Rec("sup", "AddRef -> " + std::to_string(n));
  return static_cast<ULONG>(n);
}
STDMETHODIMP_(ULONG) FakeSupport::Release() {
  long n = --refs_;
  Rec("sup", "Release -> " + std::to_string(n));
  if (n == 1 && on_provider_released) on_provider_released();
  return static_cast<ULONG>(n);
}

STDMETHODIMP FakeSupport::GetLastError(HRESULT hResult, ULONG, LPMAPIERROR FAR* lppMAPIError) {
  Rec("sup", "GetLastError(" + HrName(hResult) + ")");
  *lppMAPIError = NULL;
  return S_OK;
}
STDMETHODIMP FakeSupport::GetMemAllocRoutines(LPALLOCATEBUFFER FAR* lpAllocateBuffer,
                                              LPALLOCATEMORE FAR* lpAllocateMore,
                                              LPFREEBUFFER FAR* lpFreeBuffer) {
  Rec("sup", "GetMemAllocRoutines");
  *lpAllocateBuffer = CountingAllocateBuffer;
  *lpAllocateMore = CountingAllocateMore;
  *lpFreeBuffer = CountingFreeBuffer;
  return S_OK;
}
STDMETHODIMP FakeSupport::Subscribe(LPNOTIFKEY, ULONG, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR*) {
  return NoSupport("Subscribe");
}
STDMETHODIMP FakeSupport::Unsubscribe(ULONG_PTR) { return NoSupport("Unsubscribe"); }
STDMETHODIMP FakeSupport::Notify(LPNOTIFKEY, ULONG, LPNOTIFICATION, ULONG FAR*) {
  return NoSupport("Notify");
}
STDMETHODIMP FakeSupport::ModifyStatusRow(ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) {
  Rec("sup", "ModifyStatusRow(" + ValueTagsName(cValues, lpColumnVals) + ", " +
                 FlagsName(ulFlags, kStatusRowFlags) + ")");
  std::vector<std::string> row;
  for (ULONG i = 0; i < cValues; ++i) row.push_back(ValueName(lpColumnVals[i]));
  status_rows.push_back(std::move(row));
  status_row_flags.push_back(ulFlags);
  return modify_status_row_hr;
}
STDMETHODIMP FakeSupport::OpenProfileSection(LPMAPIUID lpUid, ULONG ulFlags,
                                             LPPROFSECT FAR* lppProfileObj) {
  Rec("sup", "OpenProfileSection(" + (lpUid ? UidHex(*lpUid) : std::string("NULL")) + ", " +
                 FlagsName(ulFlags, kOpenFlags) + ")");
  if (FAILED(open_profile_section_hr)) return open_profile_section_hr;
  section_->AddRef();
  *lppProfileObj = section_;
  return S_OK;
}
STDMETHODIMP FakeSupport::RegisterPreprocessor(LPMAPIUID, LPTSTR, LPTSTR, LPSTR, LPSTR, ULONG) {
  return NoSupport("RegisterPreprocessor");
}
STDMETHODIMP FakeSupport::NewUID(LPMAPIUID lpMuid) {
  Rec("sup", "NewUID");
  memset(lpMuid, 0, sizeof *lpMuid);
  ULONG n = next_uid_++;
  memcpy(lpMuid->ab, &n, sizeof n);
  return S_OK;
}
STDMETHODIMP FakeSupport::MakeInvalid(ULONG, LPVOID, ULONG, ULONG) {
  return NoSupport("MakeInvalid");
}
STDMETHODIMP FakeSupport::SpoolerYield(ULONG) { return NoSupport("SpoolerYield"); }
STDMETHODIMP FakeSupport::SpoolerNotify(ULONG, LPVOID) { return NoSupport("SpoolerNotify"); }
STDMETHODIMP FakeSupport::CreateOneOff(LPTSTR, LPTSTR, LPTSTR, ULONG, ULONG FAR*, LPENTRYID FAR*) {
  return NoSupport("CreateOneOff");
}
STDMETHODIMP FakeSupport::SetProviderUID(LPMAPIUID lpProviderID, ULONG ulFlags) {
  Rec("sup", "SetProviderUID(" + UidHex(*lpProviderID) + ", " + Hex32(ulFlags) + ")");
  provider_uids.push_back(UidHex(*lpProviderID));
  return set_provider_uid_hr;
}
STDMETHODIMP FakeSupport::CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR*) {
  return NoSupport("CompareEntryIDs");
}
STDMETHODIMP FakeSupport::OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID,
                                         LPMAPIPROP FAR*, LPMAPIPROP) {
  return NoSupport("OpenTemplateID");
}
STDMETHODIMP FakeSupport::OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR*, LPUNKNOWN FAR*) {
  return NoSupport("OpenEntry");
}
STDMETHODIMP FakeSupport::GetOneOffTable(ULONG, LPMAPITABLE FAR*) {
  return NoSupport("GetOneOffTable");
}
STDMETHODIMP FakeSupport::Address(ULONG_PTR FAR*, LPADRPARM, LPADRLIST FAR*) {
  return NoSupport("Address");
}
STDMETHODIMP FakeSupport::Details(ULONG_PTR FAR*, LPFNDISMISS, LPVOID, ULONG, LPENTRYID, LPFNBUTTON,
                                  LPVOID, LPTSTR, ULONG) {
  return NoSupport("Details");
}
STDMETHODIMP FakeSupport::NewEntry(ULONG_PTR, ULONG, ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG FAR*,
                                   LPENTRYID FAR*) {
  return NoSupport("NewEntry");
}
STDMETHODIMP FakeSupport::DoConfigPropsheet(ULONG_PTR, ULONG, LPTSTR, LPMAPITABLE, LPMAPIPROP,
                                            ULONG) {
  return NoSupport("DoConfigPropsheet");
}
STDMETHODIMP FakeSupport::CopyMessages(LPCIID, LPVOID, LPENTRYLIST, LPCIID, LPVOID, ULONG_PTR,
                                       LPMAPIPROGRESS, ULONG) {
  return NoSupport("CopyMessages");
}
STDMETHODIMP FakeSupport::CopyFolder(LPCIID, LPVOID, ULONG, LPENTRYID, LPCIID, LPVOID, LPTSTR,
                                     ULONG_PTR, LPMAPIPROGRESS, ULONG) {
  return NoSupport("CopyFolder");
}
STDMETHODIMP FakeSupport::DoCopyTo(LPCIID, LPVOID, ULONG, LPCIID, LPSPropTagArray, ULONG_PTR,
                                   LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                                   LPSPropProblemArray FAR*) {
  return NoSupport("DoCopyTo");
}
STDMETHODIMP FakeSupport::DoCopyProps(LPCIID, LPVOID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS,
                                      LPCIID, LPVOID, ULONG, LPSPropProblemArray FAR*) {
  return NoSupport("DoCopyProps");
}
STDMETHODIMP FakeSupport::DoProgressDialog(ULONG_PTR, ULONG, LPMAPIPROGRESS FAR*) {
  return NoSupport("DoProgressDialog");
}
STDMETHODIMP FakeSupport::ReadReceipt(ULONG, LPMESSAGE, LPMESSAGE FAR*) {
  return NoSupport("ReadReceipt");
}
STDMETHODIMP FakeSupport::PrepareSubmit(LPMESSAGE, ULONG FAR*) {
  return NoSupport("PrepareSubmit");
}
STDMETHODIMP FakeSupport::ExpandRecips(LPMESSAGE, ULONG FAR*) { return NoSupport("ExpandRecips"); }
STDMETHODIMP FakeSupport::UpdatePAB(ULONG, LPMESSAGE) { return NoSupport("UpdatePAB"); }
STDMETHODIMP FakeSupport::DoSentMail(ULONG, LPMESSAGE) { return NoSupport("DoSentMail"); }
STDMETHODIMP FakeSupport::OpenAddressBook(LPCIID, ULONG, LPADRBOOK FAR*) {
  return NoSupport("OpenAddressBook");
}
STDMETHODIMP FakeSupport::Preprocess(ULONG, ULONG, LPENTRYID) { return NoSupport("Preprocess"); }
STDMETHODIMP FakeSupport::CompleteMsg(ULONG, ULONG, LPENTRYID) { return NoSupport("CompleteMsg"); }
STDMETHODIMP FakeSupport::StoreLogoffTransports(ULONG FAR* lpulFlags) {
  Rec("sup", "StoreLogoffTransports(" + FlagsName(*lpulFlags, kLogoffFlags) + ")");
  store_logoff_transports_flags.push_back(*lpulFlags);
  *lpulFlags = store_logoff_transports_out;
  return S_OK;
}
STDMETHODIMP FakeSupport::StatusRecips(LPMESSAGE, LPADRLIST) { return NoSupport("StatusRecips"); }
STDMETHODIMP FakeSupport::WrapStoreEntryID(ULONG, LPENTRYID, ULONG FAR*, LPENTRYID FAR*) {
  return NoSupport("WrapStoreEntryID");
}
STDMETHODIMP FakeSupport::ModifyProfile(ULONG) { return NoSupport("ModifyProfile"); }
STDMETHODIMP FakeSupport::IStorageFromStream(LPUNKNOWN, LPCIID, ULONG, LPSTORAGE FAR*) {
  return NoSupport("IStorageFromStream");
}
STDMETHODIMP FakeSupport::GetSvcConfigSupportObj(ULONG, LPMAPISUP FAR*) {
  return NoSupport("GetSvcConfigSupportObj");
}

// ------------------------------------------------------- ProviderLibrary --
ProviderLibrary::ProviderLibrary(const char* path) {
  absl::StatusOr<std::unique_ptr<SharedLibrary>> library = SharedLibrary::Open(path);
  if (library.ok()) library_ = std::move(*library);
}

void ProviderLibrary::Close() { library_.reset(); }

void* ProviderLibrary::Lookup(const char* name) const {
  if (library_ == nullptr) return nullptr;
  absl::StatusOr<void*> symbol = library_->Symbol(name);
  return symbol.ok() ? *symbol : nullptr;
}

}  // namespace mapi_emu::testprov
