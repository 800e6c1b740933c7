// `mapi_emu version`: what this build is and the SDK facts it was built with,
// so a user can check that a provider built elsewhere agrees with it.
#include "mapi_emu/cli/commands.h"
#include "mapi_emu/cli/sdk_facts.h"

namespace mapi_emu::cli {

int VersionCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty()) {
    err << "mapi_emu version: takes no arguments\n";
    return kExitUsage;
  }
  PrintSdkFacts(out);
  return kExitOk;
}

}  // namespace mapi_emu::cli
