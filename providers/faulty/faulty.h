// libfaulty: a provider library that wraps another provider library and
// injects faults into the calls between it and MAPI (README.md has the full
// description and examples). This header is what a user includes to set
// up a profile for it: the profile-section properties and the environment
// variable it reads. Plain constants; usable from any thread.
//
// Put these in the profile section of the faulty provider (or of its
// message service; the provider's section wins):
//
//   PR_FAULTY_WRAPPED_LIBRARY  the provider library to wrap: an absolute
//                              path, or a path relative to the directory
//                              of libfaulty.so (faulty.dll on Windows).
//   PR_FAULTY_RULES            the fault rules, one per line or
//                              ';'-separated: <Interface>::<Method>[#N] = <action>
//
// MAPI_EMU_FAULTY_WRAPPED, when set and not empty, names the wrapped library
// for the whole process instead (same path rules): the wrapped entry point
// is then called from inside faulty's own entry point. Without it the
// wrapped library is loaded and initialised at the first logon, the first
// moment a provider can read its profile section.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_FAULTY_H_
#define MAPI_EMU_PROVIDERS_FAULTY_FAULTY_H_

#include "mapidefs.h"
#include "mapitags.h"

#define PR_FAULTY_WRAPPED_LIBRARY PROP_TAG(PT_STRING8, 0x6710)
#define PR_FAULTY_RULES PROP_TAG(PT_STRING8, 0x6711)

#define MAPI_EMU_FAULTY_WRAPPED_ENV "MAPI_EMU_FAULTY_WRAPPED"

#endif  // MAPI_EMU_PROVIDERS_FAULTY_FAULTY_H_
