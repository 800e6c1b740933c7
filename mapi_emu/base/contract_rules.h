// The lifecycle contract's rules, each with a stable id, a severity, a
// one-line statement and the reference page it comes from
// (../shared/spec/lifecycle.md §8 and rulings.md). The subsystem names them
// in its diagnostics when a provider or a client breaks one; the trace
// checker and docs/rules.md use the same table.
#ifndef MAPI_EMU_BASE_CONTRACT_RULES_H_
#define MAPI_EMU_BASE_CONTRACT_RULES_H_

#include <string_view>

#include "absl/types/span.h"

namespace mapi_emu {

enum class Severity { kError, kWarning };
const char* SeverityText(Severity severity);  // "error", "warning"

struct ContractRule {
  std::string_view id;         // stable, e.g. "store.slt-once"
  Severity severity;
  std::string_view statement;  // one line, present tense
  std::string_view page;       // the reference page(s), e.g. "imsgstore-storelogoff.md"
};

// Every rule, in the order of the contract.
absl::Span<const ContractRule> ContractRules();
// The rule with this id; nullptr for an unknown id.
const ContractRule* FindContractRule(std::string_view id);

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_CONTRACT_RULES_H_
