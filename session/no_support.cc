#include "session/no_support.h"

#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "mapicode.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {

HRESULT NoSupport(const char* interface_name, const char* method) {
  static absl::Mutex mu(absl::kConstInit);
  static std::set<std::string>* logged = new std::set<std::string>;
  std::string key = std::string(interface_name) + "::" + method;
  {
    absl::MutexLock lock(&mu);
    if (!logged->insert(key).second) return MAPI_E_NO_SUPPORT;
  }
  spdlog::warn("{} is not provided by mapi_emu (MAPI_E_NO_SUPPORT)", key);
  return MAPI_E_NO_SUPPORT;
}

}  // namespace mapi_emu
