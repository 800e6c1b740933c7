// The MAPISVC.INF sections of the sample store and the sample transport,
// each naming its library by full path, for tests that make a profile of
// them with the admin API (the spooler's and the trace recorder's tests).
#ifndef MAPI_EMU_TESTS_CONFORMANCE_SAMPLE_INF_H_
#define MAPI_EMU_TESTS_CONFORMANCE_SAMPLE_INF_H_

#include <string>

namespace mapi_emu::conformance {

// [Services] lists SAMPLE_STORE, SAMPLE_XP and then `more_services` (lines
// "NAME=Display name\n"); `more_sections` follows the sample sections.
inline std::string SampleInf(const std::string& store_path, const std::string& xp_path,
                             const std::string& more_services = "",
                             const std::string& more_sections = "") {
  return "[Services]\n"
         "SAMPLE_STORE=Sample Message Store\n"
         "SAMPLE_XP=Sample Transport\n" +
         more_services +
         "\n"
         "[SAMPLE_STORE]\n"
         "PR_DISPLAY_NAME=Sample Message Store\n"
         "Providers=SAMPLE_STORE_PROVIDER\n"
         "PR_SERVICE_DLL_NAME=" + store_path + "\n"
         "PR_SERVICE_ENTRY_NAME=ServiceEntry\n"
         "PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY|SERVICE_DEFAULT_STORE\n"
         "\n"
         "[SAMPLE_STORE_PROVIDER]\n"
         "PR_DISPLAY_NAME=Sample Message Store\n"
         "PR_PROVIDER_DISPLAY=Sample Message Store\n"
         "PR_PROVIDER_DLL_NAME=" + store_path + "\n"
         "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER\n"
         "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE\n"
         "\n"
         "[SAMPLE_XP]\n"
         "PR_DISPLAY_NAME=Sample Transport\n"
         "Providers=SAMPLE_XP_PROVIDER\n"
         "PR_SERVICE_DLL_NAME=" + xp_path + "\n"
         "PR_SERVICE_ENTRY_NAME=ServiceEntry\n"
         "PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY|SERVICE_NO_PRIMARY_IDENTITY\n"
         "\n"
         "[SAMPLE_XP_PROVIDER]\n"
         "PR_DISPLAY_NAME=Sample Transport\n"
         "PR_PROVIDER_DISPLAY=Sample Transport\n"
         "PR_PROVIDER_DLL_NAME=" + xp_path + "\n"
         "PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER\n"
         "PR_RESOURCE_FLAGS=STATUS_NO_PRIMARY_IDENTITY\n"
         "\n" +
         more_sections;
}

}  // namespace mapi_emu::conformance

#endif  // MAPI_EMU_TESTS_CONFORMANCE_SAMPLE_INF_H_
