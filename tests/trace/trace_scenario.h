// The scenario the trace tests record: a mail profile (sample_store and the
// sample_xp file-drop transport) made in a fresh directory, and one full
// client lifecycle on it through the exported API, with the spooler driven
// step by step (MAPI_EMU_SPOOLER=deterministic). Plus the helpers that read
// a recorded trace back and run the checker over it. Single-threaded.
#ifndef MAPI_EMU_TESTS_TRACE_TRACE_SCENARIO_H_
#define MAPI_EMU_TESTS_TRACE_TRACE_SCENARIO_H_

#include <filesystem>
#include <string>
#include <vector>

#include "trace/checker.h"
#include "trace/event.h"

namespace mapi_emu::trace_test {

class Scenario {
 public:
  // A fresh directory with the profile "Mail" in it; the environment points
  // MAPI there. MAPIInitialize is balanced on return.
  Scenario();
  // Removes the directory and the environment variables.
  ~Scenario();

  // MAPIInitialize … MAPIUninitialize: logon, OpenMsgStore, one message
  // submitted and sent (MAPIEMU_SPOOLER_SEND_ALL), then, when `store_logoff`,
  // StoreLogoff(LOGOFF_ORDERLY), and the store's Release, Logoff, Release.
  // Adds a failure (and stops early) when a step does not succeed.
  void RunLifecycle(bool store_logoff);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// The events of `text` (a whole trace); a failure is added for a line the
// reader refuses.
std::vector<trace::Event> ReadEvents(const std::string& text);
// The checker's findings over `text`, errors and warnings.
std::vector<trace::Finding> CheckTrace(const std::string& text);
// The errors among `findings`, one line each.
std::vector<std::string> Errors(const std::vector<trace::Finding>& findings);

}  // namespace mapi_emu::trace_test

#endif  // MAPI_EMU_TESTS_TRACE_TRACE_SCENARIO_H_
