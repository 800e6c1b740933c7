#include "session/last_error.h"

#include <cstring>
#include <cwchar>

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/hresult.h"
#include "mapicode.h"
#include "mapinls.h"

namespace mapi_emu {
namespace {

// Copies `text` into `block` (linked to `root`) as 8-bit or wide characters.
SCODE CopyText(const std::string& text, bool wide, void* root, LPTSTR* out) {
  BufferAllocator& a = ProcessBufferAllocator();
  void* mem = nullptr;
  if (!wide) {
    SCODE sc = a.AllocateMore(static_cast<ULONG>(text.size() + 1), root, &mem);
    if (FAILED(sc)) return sc;
    std::memcpy(mem, text.c_str(), text.size() + 1);
  } else {
    int n = MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, nullptr, 0);
    SCODE sc = a.AllocateMore(static_cast<ULONG>(n * sizeof(WCHAR)), root, &mem);
    if (FAILED(sc)) return sc;
    MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, static_cast<LPWSTR>(mem), n);
  }
  *out = static_cast<LPTSTR>(mem);
  return S_OK;
}

}  // namespace

HRESULT LastError::Set(const absl::Status& status) {
  if (status.ok()) return S_OK;
  return Set(StatusToHresult(status), std::string(status.message()));
}

HRESULT LastError::Set(HRESULT hr, std::string message) {
  absl::MutexLock lock(&mu_);
  last_hr_ = hr;
  last_message_ = std::move(message);
  return hr;
}

HRESULT LastError::Get(HRESULT hr, ULONG flags, LPMAPIERROR* out) const {
  if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
  *out = nullptr;
  std::string message;
  {
    absl::MutexLock lock(&mu_);
    if (hr == S_OK) return S_OK;
    message = hr == last_hr_ ? last_message_ : HresultName(hr);
  }
  const bool wide = (flags & MAPI_UNICODE) != 0;
  void* root = nullptr;
  BufferAllocator& a = ProcessBufferAllocator();
  SCODE sc = a.Allocate(sizeof(MAPIERROR), &root);
  if (FAILED(sc)) return sc;
  auto* err = static_cast<LPMAPIERROR>(root);
  std::memset(err, 0, sizeof(*err));
  err->ulVersion = MAPI_ERROR_VERSION;
  if (FAILED(sc = CopyText(message, wide, root, &err->lpszError)) ||
      FAILED(sc = CopyText(component_, wide, root, &err->lpszComponent))) {
    a.Free(root);
    return sc;
  }
  *out = err;
  return S_OK;
}

}  // namespace mapi_emu
