// Helpers shared by the command-line tests (cli_test). Header-only; include
// it from *_test.cc files only.
#ifndef MAPI_EMU_CLI_CLI_TEST_UTIL_H_
#define MAPI_EMU_CLI_CLI_TEST_UTIL_H_

#include <string>

namespace mapi_emu::cli::cli_testing {

// The path of `name` in trace/testdata (MAPI_EMU_TRACE_TESTDATA, set by the
// cli_test target).
inline std::string TraceData(const char* name) {
  return std::string(MAPI_EMU_TRACE_TESTDATA) + "/" + name;
}

}  // namespace mapi_emu::cli::cli_testing

#endif  // MAPI_EMU_CLI_CLI_TEST_UTIL_H_
