#include "session/findings.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {

std::string FormatFinding(const Finding& f) {
  const ContractRule* rule = FindContractRule(f.rule);
  return absl::StrCat(SeverityText(f.severity), " [", f.rule, "] ", f.who, ": ", f.call, ": ",
                      f.detail, " (rule: ",
                      rule != nullptr ? std::string(rule->statement) : std::string("unknown rule"),
                      "; ", f.page, ")");
}

void FindingLog::Report(const std::string& rule, std::string who, std::string call,
                        std::string detail) {
  Finding f;
  f.rule = rule;
  f.who = std::move(who);
  f.call = std::move(call);
  f.detail = std::move(detail);
  if (const ContractRule* r = FindContractRule(rule)) {
    f.severity = r->severity;
    f.page = std::string(r->page);
  } else {
    f.severity = Severity::kError;
    f.page = "no page: not a rule of the contract table";
  }
  const std::string text = FormatFinding(f);
  // In the trace too, where it happened (docs/trace-format.md, notes).
  tracing::Note("finding", nullptr, "", [&] {
    return nlohmann::json{{"call", f.call}, {"detail", f.detail}, {"rule", f.rule}, {"who", f.who}};
  });
  if (f.severity == Severity::kError) {
    spdlog::error("{}", text);
  } else {
    spdlog::warn("{}", text);
  }
  absl::MutexLock lock(&mu_);
  findings_.push_back(std::move(f));
}

std::vector<Finding> FindingLog::All() const {
  absl::MutexLock lock(&mu_);
  return findings_;
}

std::vector<Finding> FindingLog::OfRule(const std::string& rule) const {
  absl::MutexLock lock(&mu_);
  std::vector<Finding> out;
  for (const Finding& f : findings_) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

void FindingLog::Clear() {
  absl::MutexLock lock(&mu_);
  findings_.clear();
}

FindingLog& ProcessFindings() {
  static FindingLog* log = new FindingLog;
  return *log;
}

void ReportFinding(const std::string& rule, std::string who, std::string call,
                   std::string detail) {
  ProcessFindings().Report(rule, std::move(who), std::move(call), std::move(detail));
}

}  // namespace mapi_emu
