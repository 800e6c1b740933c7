// Plain-English narration of a trace (`mapi_emu explain`), for a person
// learning MAPI: one numbered step per meaningful call (a call and its
// return together when nothing happens in between), what it means in the
// lifecycle, the contract rules it follows (ContractRules(), with their
// page), the checker's findings where they happen, and a summary at the end.
// AddRef/Release noise is left out. Deterministic: the text depends only on
// the events. An Explainer is used by one thread at a time.
#ifndef MAPI_EMU_TRACE_EXPLAIN_H_
#define MAPI_EMU_TRACE_EXPLAIN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "trace/checker.h"
#include "trace/event.h"
#include "trace/reader.h"

namespace mapi_emu::trace {

class Explainer {
 public:
  explicit Explainer(std::string title);
  // Feeds the next event (in seq order).
  void Observe(const Event& event);
  // A finding about an event already observed: narrated with that event's
  // step (or at once, if the step has already been written).
  void AddFinding(const Finding& finding);
  // Writes what is still pending and the summary; returns the whole text.
  std::string Finish();

 private:
  // A call waiting to see whether its return comes next (then both make
  // one step) and which findings belong to it.
  struct Pending {
    Event call;
    std::optional<Event> ret;
    std::vector<Finding> findings;
    int depth = 0;
  };
  struct Open {
    int step = 0;  // 0: not written (skipped)
    int depth = 0;
    std::string name;  // "IMsgStore::StoreLogoff"
    std::string obj;   // "MsgStore#1"
    bool client_call = false;
    std::string support;  // the support object a Logon was given
  };

  void Flush();
  void WriteStep(const Pending& p);
  void WriteReturn(const Event& ret, const Open& open);
  void WriteFinding(const Finding& f, int depth);
  void WriteLibrary(const Event& e);
  void WriteNote(const Event& e);
  void TrackCall(const Event& call);
  void TrackReturn(const std::string& support, const Event& ret);
  std::string Who(const Event& call) const;
  std::string Meaning(const Event& call, const Event* ret, std::vector<std::string>& rules) const;
  bool IsNoise(const Pending& p) const;

  std::string out_;
  std::optional<Pending> pending_;
  std::map<uint64_t, Open> open_;                       // open calls by seq
  std::map<std::string, std::vector<uint64_t>> stack_;  // per thread, open call seqs
  std::map<std::string, std::string> support_store_;    // "MAPISupport#2" -> "MsgStore#1"
  std::set<std::string> stores_logged_off_;             // stores the client called StoreLogoff on
  std::vector<std::string> loaded_, unloaded_, providers_, shut_down_;
  uint64_t events_ = 0;
  int steps_ = 0, hidden_ = 0, errors_ = 0, warnings_ = 0;
  std::vector<std::string> finding_lines_;  // for the summary
};

// Reads the whole trace with the checker alongside and narrates it. The
// error is the reader's "file:line: what is wrong".
absl::StatusOr<std::string> ExplainTrace(TraceReader& reader);

}  // namespace mapi_emu::trace

#endif  // MAPI_EMU_TRACE_EXPLAIN_H_
