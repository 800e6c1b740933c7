#include "scenario/parse_context.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mapi_emu::scenario {

absl::Status ParseContext::Error(std::string_view pointer, std::string_view what) const {
  return absl::InvalidArgumentError(
      absl::StrCat(file_, ":", LineOf(pointer), ": ", std::string(what)));
}

int FieldReader::LineOf(std::string_view key) const {
  return ctx_.LineOf(ChildPointer(pointer_, key));
}

absl::Status FieldReader::Error(std::string_view key, std::string_view what) const {
  const std::string pointer = key.empty() ? pointer_ : ChildPointer(pointer_, key);
  return ctx_.Error(pointer, absl::StrCat(prefix_, std::string(what)));
}

absl::Status FieldReader::OnlyFields(std::span<const std::string_view> allowed) const {
  for (const auto& [key, value] : object_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      return Error(key, absl::StrCat("unknown field \"", key,
                                     "\" (known: ", absl::StrJoin(names, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FieldReader::String(std::string_view key) const {
  if (!Has(key)) return Error("", absl::StrCat("missing field \"", std::string(key), "\""));
  const nlohmann::json& value = object_.at(std::string(key));
  if (!value.is_string() || value.get<std::string>().empty()) {
    return Error(key, absl::StrCat("\"", std::string(key), "\" must be a non-empty string"));
  }
  return value.get<std::string>();
}

absl::StatusOr<std::string> FieldReader::OptionalString(std::string_view key) const {
  if (!Has(key)) return std::string();
  const nlohmann::json& value = object_.at(std::string(key));
  if (!value.is_string()) {
    return Error(key, absl::StrCat("\"", std::string(key), "\" must be a string"));
  }
  return value.get<std::string>();
}

absl::StatusOr<bool> FieldReader::OptionalBool(std::string_view key, bool fallback) const {
  if (!Has(key)) return fallback;
  return Bool(key);
}

absl::StatusOr<bool> FieldReader::Bool(std::string_view key) const {
  if (!Has(key)) return Error("", absl::StrCat("missing field \"", std::string(key), "\""));
  const nlohmann::json& value = object_.at(std::string(key));
  if (!value.is_boolean()) {
    return Error(key, absl::StrCat("\"", std::string(key), "\" must be true or false"));
  }
  return value.get<bool>();
}

absl::StatusOr<uint32_t> FieldReader::Flags(std::string_view key,
                                            std::span<const trace::FlagName> table,
                                            std::vector<std::string>* names) const {
  if (!Has(key)) return 0u;
  const nlohmann::json& value = object_.at(std::string(key));
  if (!value.is_array() ||
      !std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })) {
    return Error(key, absl::StrCat("\"", std::string(key), "\" must be an array of flag names"));
  }
  absl::StatusOr<uint32_t> flags = trace::EncodeFlags(value, table);
  if (!flags.ok()) {
    std::vector<std::string> known;
    for (const trace::FlagName& flag : table) known.emplace_back(flag.name);
    return Error(key, absl::StrCat("bad flag in \"", std::string(key),
                                   "\": ", std::string(flags.status().message()),
                                   " (known: ", absl::StrJoin(known, ", "), ")"));
  }
  if (names != nullptr) *names = value.get<std::vector<std::string>>();
  return *flags;
}

}  // namespace mapi_emu::scenario
