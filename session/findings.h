// Findings: what the subsystem reports when a provider or a client breaks
// the lifecycle contract. Each finding names the rule (contract_rules.h, with
// its page), the provider or client, the call, and what happened; it goes to
// the log at once (spdlog: error or warning by the rule's severity) and into
// a process-wide list that tests, the CLI and the trace read.
//
// Thread-safe.
#ifndef MAPI_EMU_SESSION_FINDINGS_H_
#define MAPI_EMU_SESSION_FINDINGS_H_

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/contract_rules.h"

namespace mapi_emu {

struct Finding {
  std::string rule;      // a ContractRule id
  Severity severity = Severity::kError;
  std::string who;       // "test_store.so (message store logon #2, session 1)", "client"
  std::string call;      // "IMAPISupport::StoreLogoffTransports"
  std::string detail;    // what happened
  std::string page;      // the rule's page
};

// "error [store.slt-once] test_store.so (...): IMAPISupport::StoreLogoffTransports:
//  called a second time for this logon (rule: ...; shutting-down-a-message-store-provider.md)"
std::string FormatFinding(const Finding& finding);

class FindingLog {
 public:
  // Logs the finding and keeps it. `rule` must be a known id (an unknown one
  // is kept as an error and says so).
  void Report(const std::string& rule, std::string who, std::string call, std::string detail);
  std::vector<Finding> All() const;
  // Findings of one rule.
  std::vector<Finding> OfRule(const std::string& rule) const;
  void Clear();

 private:
  mutable absl::Mutex mu_;
  std::vector<Finding> findings_ ABSL_GUARDED_BY(mu_);
};

// The process's log of findings (never destroyed).
FindingLog& ProcessFindings();

// Shorthand for ProcessFindings().Report(...).
void ReportFinding(const std::string& rule, std::string who, std::string call,
                   std::string detail);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_FINDINGS_H_
