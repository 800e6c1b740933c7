// ServiceEntry, the message-service entry point (PR_SERVICE_ENTRY_NAME
// "ServiceEntry"): MSG_SERVICE_CREATE and MSG_SERVICE_CONFIGURE put
// PR_SAMPLE_STORE_PATH into the service's profile section (sample_store.h
// says which directory); every other context has nothing to do.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "providers/sample_store/objects.h"
#include "providers/sample_store/sample_store.h"

namespace sample_store {
namespace {

// The default data directory for a service: see sample_store.h.
std::string DefaultDataDir(const std::vector<BYTE>& service_uid, std::string* error) {
  std::string name = Hex(service_uid.data(), service_uid.size());
  if (const char* data = std::getenv("MAPI_EMU_DATA"); data != nullptr && *data != 0) {
    // Joined as a path, so the separators are the system's.
    return (std::filesystem::path(data) / "sample_store" / name).string();
  }
  std::string base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != 0) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != 0) {
    base = std::string(home) + "/.local/share";
  } else {
    *error =
        "sample_store: neither MAPI_EMU_DATA, XDG_DATA_HOME nor HOME is set; pass "
        "PR_SAMPLE_STORE_PATH";
    return std::string();
  }
  return (std::filesystem::path(base) / "mapi_emu" / "sample_store" / name).string();
}

HRESULT Configure(LPMAPISUP support, ULONG cValues, LPSPropValue lpProps, std::string* error) {
  LPPROFSECT section = nullptr;
  HRESULT hr = support->OpenProfileSection(nullptr, MAPI_MODIFY, &section);  // the service's
  if (FAILED(hr)) {
    *error = "sample_store: cannot open the service's profile section";
    return hr;
  }
  SizedSPropTagArray(2, tags) = {2, {PR_SAMPLE_STORE_PATH, PR_SERVICE_UID}};
  ULONG count = 0;
  LPSPropValue values = nullptr;
  hr = section->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &values);
  std::string path;
  std::vector<BYTE> uid;
  if (SUCCEEDED(hr) && values != nullptr && count == 2) {
    if (values[0].ulPropTag == PR_SAMPLE_STORE_PATH) path = values[0].Value.lpszA;
    if (values[1].ulPropTag == PR_SERVICE_UID) {
      uid.assign(values[1].Value.bin.lpb, values[1].Value.bin.lpb + values[1].Value.bin.cb);
    }
  }
  if (values != nullptr) MAPIFreeBuffer(values);
  // A path the caller passes wins; otherwise an existing one stays.
  const SPropValue* given =
      lpProps != nullptr ? PpropFindProp(lpProps, cValues, PR_SAMPLE_STORE_PATH) : nullptr;
  if (given != nullptr && given->Value.lpszA != nullptr && *given->Value.lpszA != 0) {
    path = given->Value.lpszA;
  } else if (path.empty()) {
    path = DefaultDataDir(uid, error);
  } else {
    section->Release();
    return S_OK;
  }
  if (path.empty()) {
    section->Release();
    return MAPI_E_UNCONFIGURED;
  }
  SPropValue value;
  std::memset(&value, 0, sizeof value);
  value.ulPropTag = PR_SAMPLE_STORE_PATH;
  value.Value.lpszA = path.data();
  hr = section->SetProps(1, &value, nullptr);
  if (SUCCEEDED(hr)) hr = section->SaveChanges(0);
  section->Release();
  if (FAILED(hr)) *error = "sample_store: cannot write PR_SAMPLE_STORE_PATH to the profile";
  return hr;
}

}  // namespace
}  // namespace sample_store

// The message-service entry point (PR_SERVICE_ENTRY_NAME "ServiceEntry").
extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY ServiceEntry;

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE, LPMALLOC, LPMAPISUP lpMAPISup, ULONG_PTR, ULONG,
                                    ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
                                    LPPROVIDERADMIN, LPMAPIERROR FAR* lppMapiError) {
  if (lppMapiError != nullptr) *lppMapiError = nullptr;
  // MSG_SERVICE_DELETE leaves the data directory: the user's mail is not
  // removed with a profile entry.
  if (ulContext != MSG_SERVICE_CREATE && ulContext != MSG_SERVICE_CONFIGURE) return S_OK;
  if (lpMAPISup == nullptr) return MAPI_E_INVALID_PARAMETER;
  std::string error;
  HRESULT hr = sample_store::Configure(lpMAPISup, cValues, lpProps, &error);
  if (FAILED(hr) && !error.empty()) {
    sample_store::SetMapiError(
        sample_store::Allocators{MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer}, error,
        lppMapiError);
  }
  return hr;
}
