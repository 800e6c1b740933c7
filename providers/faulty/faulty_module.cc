// What makes the wrapping core libfaulty (module.h): its properties and
// environment variable (faulty.h), fault rules, no observer.
#include "providers/faulty/faulty.h"
#include "providers/faulty/module.h"

namespace faulty {

const Flavor& ModuleFlavor() {
  static constexpr Flavor kFaulty{
      "faulty",
      PR_FAULTY_WRAPPED_LIBRARY,
      "PR_FAULTY_WRAPPED_LIBRARY",
      MAPI_EMU_FAULTY_WRAPPED_ENV,
      PR_FAULTY_RULES,
      "PR_FAULTY_RULES",
      0,
      nullptr,
  };
  return kFaulty;
}

}  // namespace faulty
