// Profile-section helpers the two reference providers share: where a
// provider's setting (PR_SAMPLE_AB_CONTACTS, PR_SAMPLE_XP_INBOX) is read at
// logon and written by ServiceEntry, and the MAPIERROR a failed logon or
// service entry hands back. Header-only, against the SDK and the exported
// MAPI library; callable from any thread.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_AB_PROVIDER_SETTINGS_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_AB_PROVIDER_SETTINGS_H_

#include <cstring>
#include <string>

#include "providers/common/mapi_object.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"

namespace sample_providers {

// Reads one string property of `section` (MAPI_E_NOT_FOUND when absent).
inline HRESULT ReadSectionString(LPPROFSECT section, ULONG tag, std::string* out) {
  LPSPropValue value = nullptr;
  HRESULT hr = HrGetOneProp(section, tag, &value);
  if (SUCCEEDED(hr)) {
    if (PROP_TYPE(value->ulPropTag) == PT_STRING8 && value->Value.lpszA != nullptr) {
      *out = value->Value.lpszA;
    } else {
      hr = MAPI_E_NOT_FOUND;
    }
  }
  MAPIFreeBuffer(value);
  return hr;
}

// A provider's configuration string (PR_SAMPLE_AB_CONTACTS,
// PR_SAMPLE_XP_INBOX): from the logon's own profile section, else from its
// message service's section (PR_SERVICE_UID), where ServiceEntry writes it
// when MAPI gives it no IProviderAdmin. MAPI_E_NOT_FOUND when neither has it.
inline HRESULT ReadProviderSetting(LPMAPISUP support, ULONG tag, std::string* out) {
  LPPROFSECT section = nullptr;
  HRESULT hr = support->OpenProfileSection(nullptr, 0, &section);
  if (FAILED(hr)) return hr;
  hr = ReadSectionString(section, tag, out);
  if (hr == MAPI_E_NOT_FOUND) {
    LPSPropValue service_uid = nullptr;
    if (SUCCEEDED(HrGetOneProp(section, PR_SERVICE_UID, &service_uid)) &&
        service_uid->Value.bin.cb == sizeof(MAPIUID)) {
      MAPIUID uid;
      std::memcpy(uid.ab, service_uid->Value.bin.lpb, sizeof uid.ab);
      LPPROFSECT service = nullptr;
      if (SUCCEEDED(support->OpenProfileSection(&uid, 0, &service))) {
        hr = ReadSectionString(service, tag, out);
        service->Release();
      }
    }
    MAPIFreeBuffer(service_uid);
  }
  section->Release();
  return hr;
}

// Writes `tag` = `value` where the provider's logons will read it: the
// service's own section (through the configuration support object) and each
// provider section of the service (through lpProviderAdmin, when given).
inline HRESULT WriteServiceSetting(LPMAPISUP support, LPPROVIDERADMIN admin, ULONG tag,
                                   const std::string& value) {
  SPropValue prop;
  std::memset(&prop, 0, sizeof prop);
  prop.ulPropTag = tag;
  prop.Value.lpszA = const_cast<LPSTR>(value.c_str());
  LPPROFSECT section = nullptr;
  HRESULT hr = support->OpenProfileSection(nullptr, MAPI_MODIFY, &section);
  if (FAILED(hr)) return hr;
  hr = section->SetProps(1, &prop, nullptr);
  if (SUCCEEDED(hr)) hr = section->SaveChanges(KEEP_OPEN_READWRITE);
  section->Release();
  if (FAILED(hr) || admin == nullptr) return hr;

  LPMAPITABLE table = nullptr;
  hr = admin->GetProviderTable(0, &table);
  if (FAILED(hr)) return hr;
  LPSRowSet rows = nullptr;
  hr = HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows);
  table->Release();
  for (ULONG r = 0; SUCCEEDED(hr) && r < rows->cRows; ++r) {
    LPSPropValue uid_prop =
        PpropFindProp(rows->aRow[r].lpProps, rows->aRow[r].cValues, PR_PROVIDER_UID);
    if (uid_prop == nullptr || uid_prop->Value.bin.cb != sizeof(MAPIUID)) continue;
    MAPIUID uid;
    std::memcpy(uid.ab, uid_prop->Value.bin.lpb, sizeof uid.ab);
    LPPROFSECT provider = nullptr;
    hr = admin->OpenProfileSection(&uid, nullptr, MAPI_MODIFY, &provider);
    if (FAILED(hr)) break;
    hr = provider->SetProps(1, &prop, nullptr);
    if (SUCCEEDED(hr)) hr = provider->SaveChanges(KEEP_OPEN_READWRITE);
    provider->Release();
  }
  FreeProws(rows);
  return hr;
}

// A MAPIERROR for *lppMAPIError naming what went wrong (NULL `out`: none).
inline void SetMapiError(const Allocators& alloc, const char* component, const std::string& text,
                         LPMAPIERROR* out) {
  if (out == nullptr) return;
  *out = nullptr;
  LPVOID block = nullptr;
  size_t size = sizeof(MAPIERROR) + text.size() + 1 + std::strlen(component) + 1;
  if (FAILED(alloc.allocate(static_cast<ULONG>(size), &block))) return;
  auto* error = static_cast<LPMAPIERROR>(block);
  char* strings = reinterpret_cast<char*>(error + 1);
  std::memcpy(strings, text.c_str(), text.size() + 1);
  std::memcpy(strings + text.size() + 1, component, std::strlen(component) + 1);
  error->ulVersion = MAPI_ERROR_VERSION;
  error->lpszError = reinterpret_cast<LPTSTR>(strings);
  error->lpszComponent = reinterpret_cast<LPTSTR>(strings + text.size() + 1);
  error->ulLowLevelError = 0;
  error->ulContext = 0;
  *out = error;
}

}  // namespace sample_providers

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_AB_PROVIDER_SETTINGS_H_
