// Loading the wrapped provider library: the one place with platform code
// (dlopen/dlsym on POSIX, LoadLibraryExW/GetProcAddress on Windows). A
// library is loaded once per process and unloaded when libfaulty itself is,
// so it outlives every object faulty wrapped. Thread-safe.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_LIBRARY_H_
#define MAPI_EMU_PROVIDERS_FAULTY_LIBRARY_H_

#include <string>

#include "mapiwin.h"

namespace faulty {

// The directory libfaulty was loaded from (empty if unknown).
std::string OwnDirectory();

// `name` as an absolute path: unchanged when absolute, else relative to
// OwnDirectory(). Empty with *error set when it cannot be resolved.
std::string ResolveLibraryPath(const std::string& name, std::string* error);

// Loads `path` (absolute) once; its module handle, or NULL with *error
// naming the file and the system's reason.
HINSTANCE LoadWrappedLibrary(const std::string& path, std::string* error);

// The exported symbol `name` of a loaded library, or NULL.
void* FindSymbol(HINSTANCE module, const char* name);

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_LIBRARY_H_
