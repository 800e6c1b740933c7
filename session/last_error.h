// LastError: what a MAPI object's GetLastError reports. An object remembers
// the HRESULT and message of its last failure (Set) and hands it out as a
// MAPIERROR in one MAPIAllocateBuffer block (the caller frees it with
// MAPIFreeBuffer), in 8-bit or wide strings as MAPI_UNICODE asks.
// Thread-safe.
#ifndef MAPI_EMU_SESSION_LAST_ERROR_H_
#define MAPI_EMU_SESSION_LAST_ERROR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "mapidefs.h"

namespace mapi_emu {

class LastError {
 public:
  explicit LastError(std::string component) : component_(std::move(component)) {}

  // Remembers a failure (the HRESULT comes from the status payload) and
  // returns its HRESULT; an OK status clears nothing and returns S_OK.
  HRESULT Set(const absl::Status& status);
  HRESULT Set(HRESULT hr, std::string message);

  // IMAPIProp::GetLastError semantics: MAPI_E_INVALID_PARAMETER for a NULL
  // out-pointer, MAPI_E_UNKNOWN_FLAGS for flags other than MAPI_UNICODE;
  // *out is NULL when nothing is known about `hr` (S_OK), else a MAPIERROR
  // (ulVersion MAPI_ERROR_VERSION, lpszError, lpszComponent, ulContext 0).
  HRESULT Get(HRESULT hr, ULONG flags, LPMAPIERROR* out) const;

 private:
  const std::string component_;
  mutable absl::Mutex mu_;
  HRESULT last_hr_ ABSL_GUARDED_BY(mu_) = S_OK;
  std::string last_message_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_LAST_ERROR_H_
