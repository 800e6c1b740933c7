#include "mapi_emu/cli/sdk_facts.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/prop_tag_names.h"
#include "mapi_emu/base/sdk_catalog.h"
#include "mapispi.h"

namespace mapi_emu::cli {

void PrintSdkFacts(std::ostream& out) {
  const auto hresults = HresultTable();
  const size_t mapi_codes = std::count_if(hresults.begin(), hresults.end(), [](const auto& h) {
    return h.name.substr(0, 7) == "MAPI_E_" || h.name.substr(0, 7) == "MAPI_W_";
  });
  const auto tags = PropTagTable();
  const size_t tag_names = std::count_if(tags.begin(), tags.end(), [](const auto& t) {
    return t.name != "PR_NULL";  // mapidefs.h's, not one of mapitags.h's
  });
  size_t methods = 0;
  for (const InterfaceInfo& i : SdkInterfaces()) methods += i.methods.size();

  out << absl::StrFormat("mapi_emu %s (%s, %s build)\n", MAPI_EMU_VERSION, MAPI_EMU_COMPILER,
                         sizeof(void*) == 8 ? "64-bit" : "32-bit");
  out << absl::StrFormat("  SPI version         CURRENT_SPI_VERSION = 0x%08X\n",
                         static_cast<unsigned>(CURRENT_SPI_VERSION));
  out << absl::StrFormat("  interfaces          %d (%d methods of their own), %d IIDs/GUIDs\n",
                         SdkInterfaces().size(), methods, SdkGuids().size());
  out << absl::StrFormat("  status codes        %d MAPI_E_/MAPI_W_ codes, %d HRESULT names\n",
                         mapi_codes, hresults.size());
  out << absl::StrFormat("  property tags       %d PR_ names in mapitags.h (plain, _A and _W forms)\n",
                         tag_names);
  out << absl::StrFormat("  character width     sizeof(WCHAR) = %d, TCHAR is %s\n", sizeof(WCHAR),
                         sizeof(TCHAR) == 1 ? "char (no UNICODE)" : "WCHAR (UNICODE)");
  out << absl::StrFormat(
      "  layout              ULONG %d, ULONG_PTR %d, SPropValue %d, SRow %d, ADRENTRY %d, "
      "NOTIFICATION %d, SRestriction %d bytes\n",
      sizeof(ULONG), sizeof(ULONG_PTR), sizeof(SPropValue), sizeof(SRow), sizeof(ADRENTRY),
      sizeof(NOTIFICATION), sizeof(SRestriction));
}

}  // namespace mapi_emu::cli
