// The wrapping core (this folder but for faulty_module.cc) is linked into two
// provider libraries, libfaulty and libtracer. What differs between them is
// one Flavor, which each library defines once through ModuleFlavor(): its
// name, the profile properties and environment variable it reads, whether it
// takes fault rules, and the observer it puts on each provider object.
// Constant after load; read from any thread.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_MODULE_H_
#define MAPI_EMU_PROVIDERS_FAULTY_MODULE_H_

#include <memory>

#include "mapidefs.h"
#include "providers/faulty/observer.h"

namespace faulty {

struct Flavor {
  const char* name;              // "faulty": messages ("faulty: ...") and MAPIERROR's component
  ULONG library_tag;             // names the wrapped library (PT_STRING8)
  const char* library_tag_name;  // "PR_FAULTY_WRAPPED_LIBRARY"
  const char* library_env;       // names it for the whole process instead
  ULONG rules_tag;               // the fault rules (PT_STRING8); 0: this library takes none
  const char* rules_tag_name;
  ULONG observer_tag;  // a PT_STRING8 handed to the observer at start (StartInfo); 0: none
  // The observer of one new provider object; NULL for none.
  std::shared_ptr<CallObserver> (*make_observer)(ProviderType type);
};

// Defined by each library built on the core.
const Flavor& ModuleFlavor();

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_MODULE_H_
