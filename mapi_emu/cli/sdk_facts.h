// The facts `mapi_emu version` and `mapi_emu demo` print about this build
// and its SDK headers (counts come from the catalogues the code itself uses).
#ifndef MAPI_EMU_CLI_SDK_FACTS_H_
#define MAPI_EMU_CLI_SDK_FACTS_H_

#include <ostream>

namespace mapi_emu::cli {

void PrintSdkFacts(std::ostream& out);

}  // namespace mapi_emu::cli

#endif  // MAPI_EMU_CLI_SDK_FACTS_H_
