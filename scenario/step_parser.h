// Internal to the scenario parser: one step object -> Step, with the
// lifetime of named objects checked across steps (a name is made by "as",
// used by later steps of the right kind, and gone after its Release).
#ifndef MAPI_EMU_SCENARIO_STEP_PARSER_H_
#define MAPI_EMU_SCENARIO_STEP_PARSER_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "scenario/parse_context.h"
#include "scenario/scenario.h"

namespace mapi_emu::scenario {

class StepParser {
 public:
  explicit StepParser(const ParseContext& ctx) : ctx_(ctx) {}

  // Step `index` (0-based) of the "steps" array.
  absl::StatusOr<Step> Parse(const nlohmann::json& value, size_t index);

 private:
  struct Named {
    ObjectKind kind;
    int made_by;          // step number
    int released_by = 0;  // step number, 0 while alive
  };

  absl::Status ParseKind(const FieldReader& fields, Step& step);
  absl::Status ParseExpect(const FieldReader& fields, Step& step);
  // Reads the name in `key` and checks it is alive and of `kind`.
  absl::StatusOr<std::string> Use(const FieldReader& fields, std::string_view key, ObjectKind kind);
  absl::Status Make(const FieldReader& fields, Step& step, ObjectKind kind);
  absl::Status ReleaseName(const FieldReader& fields, Step& step);

  absl::Status Logon(const FieldReader& fields, Step& step);
  absl::Status OpenMsgStore(const FieldReader& fields, Step& step);
  absl::Status CreateMessage(const FieldReader& fields, Step& step);
  absl::Status Recipients(const FieldReader& fields, Step& step);
  absl::Status SpoolerStep(const FieldReader& fields, Step& step);
  absl::Status StoreLogoff(const FieldReader& fields, Step& step);
  absl::Status Logoff(const FieldReader& fields, Step& step);
  absl::Status LibraryLoaded(const FieldReader& fields, Step& step);

  const ParseContext& ctx_;
  std::map<std::string, Named> names_;
};

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_STEP_PARSER_H_
