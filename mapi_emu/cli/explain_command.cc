// `mapi_emu explain TRACE`: narrates a trace step by step in plain English
// (trace/explain.h). Findings are told where they happen and do not change
// the exit code: 0 when the story was told, 2 for bad usage or an unreadable
// trace.
#include <string>

#include "absl/strings/match.h"
#include "mapi_emu/cli/commands.h"
#include "trace/explain.h"
#include "trace/reader.h"

namespace mapi_emu::cli {
namespace {

constexpr const char* kUsage = "usage: mapi_emu explain TRACE ('-' reads standard input)\n";

}  // namespace

int ExplainCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.size() != 1 || (args[0].size() > 1 && args[0][0] == '-')) {
    if (!args.empty() && args[0].size() > 1 && args[0][0] == '-') {
      err << "mapi_emu explain: unknown option '" << args[0] << "'\n";
    }
    err << kUsage;
    return kExitUsage;
  }
  const std::string& path = args[0];
  // Scenarios (.json) will be run and then explained; until then only
  // recorded traces (.jsonl) are read.
  if (absl::EndsWith(path, ".json")) {
    err << "explain: scenarios are not supported yet; record a trace with `mapi_emu run` first\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader = trace::TraceReader::Open(path);
  if (!reader.ok()) {
    err << "mapi_emu explain: " << reader.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::string> text = trace::ExplainTrace(**reader);
  if (!text.ok()) {
    err << "mapi_emu explain: " << text.status().message() << "\n";
    return kExitUsage;
  }
  out << *text;
  return kExitOk;
}

}  // namespace mapi_emu::cli
