#include "tests/providers/common/mapi_calls.h"

#include <vector>

#include "mapicode.h"
#include "mapitags.h"
#include "tests/providers/common/entry_ids.h"
#include "tests/providers/common/names.h"

namespace mapi_emu::testprov {

void AddRefMapiObject(const char* lib, const char* iface, LPUNKNOWN object) {
  Record(lib, std::string("-> ") + iface + "::AddRef()");
  object->AddRef();
}

void ReleaseMapiObject(const char* lib, const char* iface, LPUNKNOWN object) {
  Record(lib, std::string("-> ") + iface + "::Release()");
  object->Release();
}

HRESULT ReadProfileDisplayName(const char* lib, LPMAPISUP sup, LPFREEBUFFER free_buffer,
                               std::string* name) {
  LPPROFSECT section = NULL;
  HRESULT hr = sup->OpenProfileSection(NULL, MAPI_MODIFY, &section);
  Record(lib, "-> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = " + HrName(hr));
  if (FAILED(hr)) return hr;
  SizedSPropTagArray(1, tags) = {1, {PR_DISPLAY_NAME_A}};
  ULONG count = 0;
  LPSPropValue values = NULL;
  hr = section->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values);
  std::string line = "-> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = " + HrName(hr);
  name->clear();
  if (SUCCEEDED(hr) && values != NULL && count == 1) {
    line += ", out " + ValueName(values[0]);
    if (values[0].ulPropTag == PR_DISPLAY_NAME_A && values[0].Value.lpszA != NULL) {
      *name = values[0].Value.lpszA;
    }
  }
  Record(lib, line);
  if (values != NULL) free_buffer(values);
  ReleaseMapiObject(lib, "IProfSect", section);
  return S_OK;
}

HRESULT SetProviderUid(const char* lib, LPMAPISUP sup, const MAPIUID& uid) {
  MAPIUID copy = uid;
  HRESULT hr = sup->SetProviderUID(&copy, 0);
  Record(lib, "-> IMAPISupport::SetProviderUID(" + UidHex(uid) + ", 0) = " + HrName(hr));
  return hr;
}

HRESULT ModifyStatusRow(const char* lib, LPMAPISUP sup, const PropSet& row, ULONG flags) {
  std::vector<SPropValue> values = row.Values();
  ULONG count = static_cast<ULONG>(values.size());
  HRESULT hr = sup->ModifyStatusRow(count, values.data(), flags);
  Record(lib, "-> IMAPISupport::ModifyStatusRow(" + ValueTagsName(count, values.data()) + ", " +
                  FlagsName(flags, kStatusRowFlags) + ") = " + HrName(hr));
  return hr;
}

HRESULT UpdateStatusCode(const char* lib, LPMAPISUP sup, ULONG status_code) {
  PropSet update;
  update.SetLong(PR_STATUS_CODE, status_code);
  return ModifyStatusRow(lib, sup, update, STATUSROW_UPDATE);
}

void CallBackIntoSupport(const char* lib, LPMAPISUP sup, ULONG status_code) {
  LPPROFSECT section = NULL;
  HRESULT hr = sup->OpenProfileSection(NULL, MAPI_MODIFY, &section);
  Record(lib, "-> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = " + HrName(hr));
  if (SUCCEEDED(hr) && section != NULL) ReleaseMapiObject(lib, "IProfSect", section);
  UpdateStatusCode(lib, sup, status_code);
}

HRESULT ConfigureService(const char* lib, LPMAPISUP sup, ULONG context, ULONG cValues,
                         const SPropValue* lpProps, const char* default_name,
                         const char* default_path) {
  if (context != MSG_SERVICE_CREATE && context != MSG_SERVICE_CONFIGURE) return S_OK;
  if (sup == NULL) return MAPI_E_INVALID_PARAMETER;
  LPPROFSECT section = NULL;
  HRESULT hr = sup->OpenProfileSection(NULL, MAPI_MODIFY, &section);
  Record(lib, "-> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = " + HrName(hr));
  if (FAILED(hr)) return hr;
  SPropValue values[2] = {};
  values[0].ulPropTag = PR_DISPLAY_NAME_A;
  values[0].Value.lpszA = const_cast<LPSTR>(default_name);
  values[1].ulPropTag = PR_TEST_DATA_PATH;
  values[1].Value.lpszA = const_cast<LPSTR>(default_path);
  for (ULONG i = 0; i < cValues && lpProps != NULL; ++i) {
    for (SPropValue& value : values) {
      if (lpProps[i].ulPropTag == value.ulPropTag) value.Value.lpszA = lpProps[i].Value.lpszA;
    }
  }
  hr = section->SetProps(2, values, NULL);
  Record(lib, "-> IProfSect::SetProps([" + ValueName(values[0]) + ", " + ValueName(values[1]) +
                  "]) = " + HrName(hr));
  ReleaseMapiObject(lib, "IProfSect", section);
  return hr;
}

HRESULT SinkList::Add(ULONG event_mask, LPMAPIADVISESINK sink, ULONG_PTR* connection) {
  if (sink == NULL || connection == NULL || event_mask == 0) return MAPI_E_INVALID_PARAMETER;
  AddRefMapiObject(lib_, "IMAPIAdviseSink", sink);
  std::lock_guard<std::mutex> lock(mutex_);
  *connection = next_++;
  sinks_[*connection] = sink;
  return S_OK;
}

HRESULT SinkList::Remove(ULONG_PTR connection) {
  LPMAPIADVISESINK sink;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sinks_.find(connection);
    if (it == sinks_.end()) return MAPI_E_NOT_FOUND;
    sink = it->second;
    sinks_.erase(it);
  }
  ReleaseMapiObject(lib_, "IMAPIAdviseSink", sink);
  return S_OK;
}

void SinkList::ReleaseAll() {
  std::map<ULONG_PTR, LPMAPIADVISESINK> sinks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sinks.swap(sinks_);
  }
  for (auto& [connection, sink] : sinks) ReleaseMapiObject(lib_, "IMAPIAdviseSink", sink);
}

}  // namespace mapi_emu::testprov
