// `mapi_emu demo`: the demo the README runs. Until the subsystem lands it
// shows the build's SDK facts and exercises the exported MAPI allocators the
// way a provider does (a root block, linked blocks, one free of the root).
#include "mapi_emu/cli/commands.h"
#include "mapi_emu/cli/sdk_facts.h"
#include "mapix.h"

namespace mapi_emu::cli {

int DemoCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty()) {
    err << "mapi_emu demo: takes no arguments\n";
    return kExitUsage;
  }
  PrintSdkFacts(out);

  out << "\nMAPI memory, as a provider uses it:\n";
  LPSPropValue props = nullptr;
  if (MAPIAllocateBuffer(2 * sizeof(SPropValue), reinterpret_cast<LPVOID*>(&props)) != S_OK) {
    err << "MAPIAllocateBuffer failed\n";
    return kExitFailure;
  }
  out << "  MAPIAllocateBuffer(2 SPropValue)                     -> S_OK\n";
  static const char kName[] = "Sample Store";
  LPVOID more = nullptr;
  if (MAPIAllocateMore(sizeof(kName), props, &more) != S_OK) {
    err << "MAPIAllocateMore failed\n";
    MAPIFreeBuffer(props);
    return kExitFailure;
  }
  memcpy(more, kName, sizeof(kName));
  props[0].ulPropTag = PR_DISPLAY_NAME_A;
  props[0].Value.lpszA = static_cast<LPSTR>(more);
  props[1].ulPropTag = PR_RESOURCE_TYPE;
  props[1].Value.l = MAPI_STORE_PROVIDER;
  out << "  MAPIAllocateMore(\"" << props[0].Value.lpszA << "\", linked to the root) -> S_OK\n";
  out << "  MAPIFreeBuffer(root), which frees both               -> "
      << (MAPIFreeBuffer(props) == S_OK ? "S_OK" : "failed") << "\n";
  return kExitOk;
}

}  // namespace mapi_emu::cli
