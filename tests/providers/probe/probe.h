// probe.h -- the process-wide call log the test providers write and the
// tests read (libmapi_emu_test_probe.so). Providers and test binaries link
// the same shared library, so there is one log and one set of knobs per
// process, whichever module records or reads.
//
// Every function is thread-safe. The C API is what the providers use; the
// C++ helpers at the end are for tests.

#ifndef MAPI_EMU_TESTS_PROVIDERS_PROBE_PROBE_H_
#define MAPI_EMU_TESTS_PROVIDERS_PROBE_PROBE_H_

#include <stddef.h>

#if defined(_WIN32) && defined(MAPI_EMU_PROBE_BUILDING)
#define MAPI_EMU_PROBE_API __declspec(dllexport)
#elif defined(_WIN32)
#define MAPI_EMU_PROBE_API __declspec(dllimport)
#else
#define MAPI_EMU_PROBE_API __attribute__((visibility("default")))
#endif

extern "C" {

// Appends one line (copied) to the log. NULL is ignored.
MAPI_EMU_PROBE_API void ProbeRecord(const char* line);
// Number of lines in the log.
MAPI_EMU_PROBE_API size_t ProbeCount(void);
// Line i (0-based), or NULL when i >= ProbeCount(). The pointer stays valid
// until ProbeClear or ProbeReset.
MAPI_EMU_PROBE_API const char* ProbeLine(size_t i);
// Empties the log; knobs and object counters are kept.
MAPI_EMU_PROBE_API void ProbeClear(void);

// Sets knob `key` to a copy of `value`; a NULL value unsets it.
MAPI_EMU_PROBE_API void ProbeSet(const char* key, const char* value);
// The value of knob `key`, or NULL when unset. The pointer stays valid until
// ProbeReset (setting the key again does not invalidate earlier values).
MAPI_EMU_PROBE_API const char* ProbeGet(const char* key);

// Returns 1, 2, 3 ... for successive calls with the same `kind` (the
// providers number their objects with it: "IMsgStore#2").
MAPI_EMU_PROBE_API unsigned long ProbeNextId(const char* kind);

// Clears the log, the knobs and the object counters.
MAPI_EMU_PROBE_API void ProbeReset(void);

}  // extern "C"

#ifdef __cplusplus
#include <string>
#include <string_view>
#include <vector>

namespace mapi_emu {

// A copy of the whole log.
inline std::vector<std::string> ProbeLines() {
  std::vector<std::string> lines;
  for (size_t i = 0;; ++i) {
    const char* line = ProbeLine(i);
    if (line == nullptr) break;
    lines.emplace_back(line);
  }
  return lines;
}

// The lines that start with `prefix`, in log order.
inline std::vector<std::string> ProbeLinesMatching(std::string_view prefix) {
  std::vector<std::string> lines;
  for (std::string& line : ProbeLines()) {
    if (std::string_view(line).substr(0, prefix.size()) == prefix) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace mapi_emu
#endif  // __cplusplus

#endif  // MAPI_EMU_TESTS_PROVIDERS_PROBE_PROBE_H_
