// The rule checker: reads a trace's events in order and reports where they
// break the lifecycle contract (lifecycle.md §8, rulings.md), each finding
// naming a rule of mapi_emu/base/contract_rules.cc. It keeps state only for
// live objects and open calls, so its memory follows what is alive, not the
// length of the trace. One Checker per trace; not thread-safe.
#ifndef MAPI_EMU_TRACE_CHECKER_H_
#define MAPI_EMU_TRACE_CHECKER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mapi_emu/base/contract_rules.h"
#include "trace/event.h"

namespace mapi_emu::trace {

struct Finding {
  std::string rule;  // a ContractRule id, "store.slt-once"
  Severity severity = Severity::kError;
  uint64_t seq = 0;       // the offending event (its line is seq + 1)
  std::string object;     // "MSLogon#1"; empty when none
  std::string detail;     // what happened
  std::string statement;  // the rule's one line
  std::string page;       // the rule's page(s)
};

class Checker {
 public:
  Checker();
  ~Checker();
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  // Feeds the next event (events in seq order).
  void Observe(const Event& event);
  // Applies the rules that need the end of the trace (balances, pending
  // EndMessage, a Shutdown never followed by Release).
  void Finish();
  // The findings reported since the last call, in the order found.
  std::vector<Finding> TakeFindings();

  // Objects and open calls the checker holds state for right now.
  size_t live_state() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Every rule id the checker can report (all of them are in ContractRules()).
std::vector<std::string> CheckerRuleIds();

}  // namespace mapi_emu::trace

#endif  // MAPI_EMU_TRACE_CHECKER_H_
