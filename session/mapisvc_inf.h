// MAPISVC.INF: the file that describes the message services installed on a
// machine and their service providers; profiles are made from it
// (docs/mapisvc-inf.md explains the format and every rule below).
//
// ParseMapiSvcInf reads the text into a model: the services of [Services]
// with their properties, providers and extra sections, [Default Services]
// and [Help File Mappings]. Values are typed by their property tag. Every
// error names file:line and the problem, e.g.
//   "mapisvc.inf:12: PR_RESOURCE_TYPE: unknown constant 'MAPI_STORE'".
// The model is a plain value: build it on any thread, share it read-only.
#ifndef MAPI_EMU_SESSION_MAPISVC_INF_H_
#define MAPI_EMU_SESSION_MAPISVC_INF_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "mapi_emu/base/prop_array.h"
#include "mapidefs.h"

namespace mapi_emu {

// A service provider section ([Providers=] of a service).
struct MapiSvcProvider {
  std::string section;  // the section name, e.g. "SAMPLE_STORE_PROVIDER"
  int line = 0;         // where the section starts
  // Its property entries. PR_PROVIDER_DLL_NAME and PR_RESOURCE_TYPE are
  // always present (the parser requires them).
  PropArray props;
};

// An extra section of a service ([Sections=]).
struct MapiSvcExtraSection {
  std::string section;
  int line = 0;
  std::optional<MAPIUID> uid;  // its "UID=" entry, if it has one
  PropArray props;
  // Entries that are not properties (besides UID), in file order.
  std::vector<std::pair<std::string, std::string>> other_entries;
};

// A message service: an entry of [Services] and its section.
struct MapiSvcService {
  std::string name;                                 // the [Services] key and section name
  std::string display_name;                         // the [Services] value
  int line = 0;                                     // where its section starts
  PropArray props;                                  // property entries of its section
  std::vector<MapiSvcProvider> providers;           // in Providers= order
  std::vector<MapiSvcExtraSection> extra_sections;  // in Sections= order
  // Entries that are neither properties nor Providers/Sections
  // (WIZARD_ENTRY_NAME=...), in file order, as written.
  std::vector<std::pair<std::string, std::string>> other_entries;

  // The value of an entry of other_entries (names compare ignoring case).
  std::optional<std::string> OtherEntry(std::string_view key) const;
};

struct MapiSvcInf {
  std::string file_name;                      // as given to the parser
  std::vector<MapiSvcService> services;       // in [Services] order
  std::vector<std::string> default_services;  // [Default Services] names
  // [Help File Mappings]: message service name -> help file.
  std::vector<std::pair<std::string, std::string>> help_file_mappings;

  // The service named `name` (ignoring case, as INI names do), or NULL.
  const MapiSvcService* FindService(std::string_view name) const;
};

// Parses MAPISVC.INF text. kInvalidArgument with "<file_name>:<line>: ..."
// for the first problem found.
absl::StatusOr<MapiSvcInf> ParseMapiSvcInf(std::string_view text, std::string_view file_name);

// Reads and parses a file; kNotFound naming the path if it cannot be read.
absl::StatusOr<MapiSvcInf> LoadMapiSvcInf(const std::filesystem::path& path);

// The MAPISVC.INF to use: $MAPI_EMU_MAPISVC if set (and not empty), else the
// installed default (share/mapi_emu/mapisvc.inf under the install prefix).
std::filesystem::path DefaultMapiSvcPath();

// The value of a symbolic constant MAPISVC.INF may use in a PT_LONG entry
// (MAPI_STORE_PROVIDER, STATUS_DEFAULT_STORE, SERVICE_SINGLE_COPY, ...);
// nullopt for a name it does not know. Names are matched exactly.
std::optional<ULONG> MapiSvcConstant(std::string_view name);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_MAPISVC_INF_H_
