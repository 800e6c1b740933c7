// The world one scenario run lives in: a fresh temporary directory with the
// profile directory and the providers' data, the environment variables that
// point MAPI there (MAPI_EMU_PROFILES, MAPI_EMU_DATA, MAPI_EMU_MAPISVC,
// MAPI_EMU_SPOOLER and the scenario's "env"), and its profile, made with the
// admin API. The destructor restores the environment and removes the
// directory, so no user state is touched and every run starts equal.
// Environment variables are process-wide: one RunEnvironment at a time.
#ifndef MAPI_EMU_SCENARIO_RUN_ENV_H_
#define MAPI_EMU_SCENARIO_RUN_ENV_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "scenario/scenario.h"

namespace mapi_emu::scenario {

class RunEnvironment {
 public:
  // Makes the directories and sets the environment. `providers_dir`, when
  // not empty, holds the provider libraries and the mapisvc.inf naming them
  // (kInvalidArgument when it has none); else MAPI_EMU_MAPISVC or the
  // installed MAPISVC.INF is used, as `mapi_emu demo` does.
  static absl::StatusOr<std::unique_ptr<RunEnvironment>> Create(const Scenario& scenario,
                                                                const std::string& providers_dir);
  ~RunEnvironment();
  RunEnvironment(const RunEnvironment&) = delete;
  RunEnvironment& operator=(const RunEnvironment&) = delete;

  // Makes the scenario's profile and makes it the default one, between a
  // MAPIInitialize and a MAPIUninitialize of its own. The error names the
  // call that failed and its HRESULT.
  absl::Status MakeProfile(const Scenario& scenario);

  const std::string& profile_name() const { return profile_name_; }
  std::string data_dir() const { return (root_ / "data").string(); }

 private:
  RunEnvironment() = default;
  void Set(const std::string& name, const std::string& value);

  std::filesystem::path root_;
  std::string profile_name_;
  // Each variable set and the value it had before (nullopt: unset).
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_RUN_ENV_H_
