// libtracer: a provider library that wraps another provider library and
// records every call between it and MAPI, both ways, as a mapi_emu trace
// (docs/trace-format.md; README.md here has the details). This header is
// what a user includes to set up a profile for it: the profile-section
// properties and the environment variables it reads. Plain constants;
// usable from any thread.
//
// Put these in the profile section of the tracer provider (or of its
// message service; the provider's section wins):
//
//   PR_TRACER_WRAPPED_LIBRARY  the provider library to wrap: an absolute
//                              path, or a path relative to the directory
//                              of libtracer.so (tracer.dll on Windows).
//                              Its own tag, not faulty's, so that one
//                              profile section can stack tracer over
//                              faulty over the provider.
//   PR_TRACER_OUTPUT           the trace file to write (created or
//                              truncated at the first logon).
//
// MAPI_EMU_TRACER_OUT names the trace file when PR_TRACER_OUTPUT is absent
// (or empty). MAPI_EMU_TRACER_WRAPPED, when set and not empty, names the
// wrapped library for the whole process (PR_TRACER_WRAPPED_LIBRARY is then
// ignored): the wrapped entry point is called from inside tracer's own.
#ifndef MAPI_EMU_PROVIDERS_TRACER_TRACER_H_
#define MAPI_EMU_PROVIDERS_TRACER_TRACER_H_

#include "mapidefs.h"
#include "mapitags.h"

#define PR_TRACER_OUTPUT PROP_TAG(PT_STRING8, 0x6712)
#define PR_TRACER_WRAPPED_LIBRARY PROP_TAG(PT_STRING8, 0x6713)

#define MAPI_EMU_TRACER_OUT_ENV "MAPI_EMU_TRACER_OUT"
#define MAPI_EMU_TRACER_WRAPPED_ENV "MAPI_EMU_TRACER_WRAPPED"

#endif  // MAPI_EMU_PROVIDERS_TRACER_TRACER_H_
