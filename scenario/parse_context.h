// Internal to the scenario parser: where a value sits (file:line) and the
// typed field readers every step kind shares. Errors are
// "FILE:LINE: [step N (What): ]what is wrong".
#ifndef MAPI_EMU_SCENARIO_PARSE_CONTEXT_H_
#define MAPI_EMU_SCENARIO_PARSE_CONTEXT_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "scenario/json_lines.h"
#include "trace/event.h"

namespace mapi_emu::scenario {

class ParseContext {
 public:
  ParseContext(std::string file, const JsonLines& lines) : file_(std::move(file)), lines_(lines) {}

  int LineOf(std::string_view pointer) const { return lines_.LineOf(pointer); }
  // "FILE:LINE: what" for the value at `pointer`.
  absl::Status Error(std::string_view pointer, std::string_view what) const;
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const JsonLines& lines_;
};

// Reads the fields of one JSON object, each error placed at the field's
// line and prefixed with `prefix` ("step 3 (StoreLogoff): " or "").
class FieldReader {
 public:
  FieldReader(const ParseContext& ctx, const nlohmann::json& object, std::string pointer,
              std::string prefix)
      : ctx_(ctx), object_(object), pointer_(std::move(pointer)), prefix_(std::move(prefix)) {}

  bool Has(std::string_view key) const { return object_.contains(key); }
  int LineOf(std::string_view key) const;
  absl::Status Error(std::string_view key, std::string_view what) const;
  // An error for the first key that is not in `allowed`.
  absl::Status OnlyFields(std::span<const std::string_view> allowed) const;

  absl::StatusOr<std::string> String(std::string_view key) const;          // required
  absl::StatusOr<std::string> OptionalString(std::string_view key) const;  // "" when absent
  absl::StatusOr<bool> OptionalBool(std::string_view key, bool fallback) const;
  absl::StatusOr<bool> Bool(std::string_view key) const;  // required
  // An array of flag names of `table` ("0x..." words too); 0 when absent.
  absl::StatusOr<uint32_t> Flags(std::string_view key, std::span<const trace::FlagName> table,
                                 std::vector<std::string>* names = nullptr) const;
  const nlohmann::json& object() const { return object_; }
  const std::string& pointer() const { return pointer_; }
  const ParseContext& context() const { return ctx_; }

 private:
  const ParseContext& ctx_;
  const nlohmann::json& object_;
  std::string pointer_;
  std::string prefix_;
};

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_PARSE_CONTEXT_H_
