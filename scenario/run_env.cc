#include "scenario/run_env.h"

#include <cstdlib>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/platform.h"
#include "mapicode.h"
#include "mapix.h"
#include "scenario/mapi_calls.h"

namespace mapi_emu::scenario {
namespace {

LPTSTR Text(const std::string& s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s.c_str())); }

absl::Status Check(HRESULT hr, const std::string& call) {
  if (SUCCEEDED(hr)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("making the profile: ", call, " failed with ", ShortHresultName(hr)));
}

absl::Status AddServices(IProfAdmin* admin, const std::string& profile,
                         const std::vector<std::string>& services) {
  ComPtr<IMsgServiceAdmin> service_admin;
  absl::Status s = Check(admin->AdminServices(Text(profile), nullptr, 0, 0, service_admin.Put()),
                         "IProfAdmin::AdminServices");
  if (!s.ok()) return s;
  for (const std::string& service : services) {
    s = Check(service_admin->CreateMsgService(Text(service), nullptr, 0, 0),
              absl::StrCat("IMsgServiceAdmin::CreateMsgService(", service, ")"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CreateProfile(const Scenario& scenario, const std::string& name) {
  ComPtr<IProfAdmin> admin;
  absl::Status s = Check(MAPIAdminProfiles(0, admin.Put()), "MAPIAdminProfiles");
  if (!s.ok()) return s;
  const ULONG flags = scenario.default_profile ? MAPI_DEFAULT_SERVICES : 0;
  s = Check(admin->CreateProfile(Text(name), nullptr, 0, flags),
            absl::StrCat("IProfAdmin::CreateProfile(", name, ")"));
  if (!s.ok()) return s;
  if (!scenario.default_profile) {
    s = AddServices(admin.get(), name, scenario.services);
    if (!s.ok()) return s;
  }
  return Check(admin->SetDefaultProfile(Text(name), 0), "IProfAdmin::SetDefaultProfile");
}

}  // namespace

absl::StatusOr<std::unique_ptr<RunEnvironment>> RunEnvironment::Create(
    const Scenario& scenario, const std::string& providers_dir) {
  std::filesystem::path inf;
  if (!providers_dir.empty()) {
    inf = std::filesystem::absolute(std::filesystem::path(providers_dir) / "mapisvc.inf");
    if (!std::filesystem::is_regular_file(inf)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--providers ", providers_dir, ": no mapisvc.inf there"));
    }
  }
  absl::StatusOr<std::filesystem::path> root = MakeTempDirectory("mapi_emu_scenario.");
  if (!root.ok()) return root.status();
  std::unique_ptr<RunEnvironment> env(new RunEnvironment());
  env->root_ = *root;
  std::error_code ec;
  std::filesystem::create_directories(env->root_ / "profiles", ec);
  std::filesystem::create_directories(env->root_ / "data", ec);
  env->profile_name_ = scenario.default_profile ? "default" : "scenario";
  env->Set("MAPI_EMU_PROFILES", (env->root_ / "profiles").string());
  env->Set("MAPI_EMU_DATA", env->data_dir());
  if (!inf.empty()) env->Set("MAPI_EMU_MAPISVC", inf.string());
  env->Set("MAPI_EMU_SPOOLER", scenario.threaded_spooler ? "threaded" : "deterministic");
  for (const auto& [name, value] : scenario.env) env->Set(name, value);
  return env;
}

RunEnvironment::~RunEnvironment() {
  // Restored in reverse, so a variable set twice ends as it was first found.
  for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
    if (it->second) {
      SetEnv(it->first, *it->second);
    } else {
      UnsetEnv(it->first);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

void RunEnvironment::Set(const std::string& name, const std::string& value) {
  const char* old = std::getenv(name.c_str());
  saved_.emplace_back(name, old != nullptr ? std::optional<std::string>(old) : std::nullopt);
  SetEnv(name, value);
}

absl::Status RunEnvironment::MakeProfile(const Scenario& scenario) {
  absl::Status s = Check(MAPIInitialize(nullptr), "MAPIInitialize");
  if (!s.ok()) return s;
  s = CreateProfile(scenario, profile_name_);
  MAPIUninitialize();
  return s;
}

}  // namespace mapi_emu::scenario
