#include <functional>
#include <map>

#include "mapi_emu/cli/commands.h"

namespace mapi_emu::cli {
namespace {

struct Verb {
  std::function<int(const Args&, std::ostream&, std::ostream&)> run;
  const char* summary;
};

const std::map<std::string, Verb>& Verbs() {
  static const auto* verbs = new std::map<std::string, Verb>{
      {"version", {VersionCommand, "print the version and the SDK facts it was built with"}},
      {"demo", {DemoCommand, "run the demo"}},
      {"rules", {RulesCommand, "print the lifecycle rules findings name (docs/rules.md)"}},
      {"check", {CheckCommand, "check traces against the lifecycle rules (docs/trace-format.md)"}},
      {"diagram",
       {DiagramCommand,
        "draw a trace as a sequence diagram: TRACE [--format mermaid|svg|html] "
        "[-o FILE]"}},
      {"explain", {ExplainCommand, "tell a trace step by step in plain English: TRACE or SCENARIO.json"}},
      {"run",
       {RunCommand,
        "run a scenario against the real providers: SCENARIO.json [--trace OUT.jsonl] "
        "[--quiet] [--providers DIR]"}},
      {"replay",
       {ReplayCommand,
        "run a trace's client script again, against the providers or (--playback) against "
        "stand-ins answering from the trace, and compare the new trace with it: TRACE "
        "[--playback] [--trace OUT.jsonl] [--providers DIR] [--verbose]"}},
  };
  return *verbs;
}

void Usage(std::ostream& os) {
  os << "usage: mapi_emu <command> [arguments]\n\ncommands:\n";
  for (const auto& [name, verb] : Verbs()) os << "  " << name << "  " << verb.summary << "\n";
  os << "\nexit codes: 0 success, 1 the run found a failure, 2 bad usage or unreadable input\n";
}

}  // namespace

int RunCli(const Args& argv, std::ostream& out, std::ostream& err) {
  if (argv.size() < 2) {
    Usage(err);
    return kExitUsage;
  }
  const std::string& verb = argv[1];
  if (verb == "help" || verb == "--help" || verb == "-h") {
    Usage(out);
    return kExitOk;
  }
  if (verb == "--version") return VersionCommand({}, out, err);
  auto it = Verbs().find(verb);
  if (it == Verbs().end()) {
    err << "mapi_emu: unknown command '" << verb << "'\n\n";
    Usage(err);
    return kExitUsage;
  }
  return it->second.run(Args(argv.begin() + 2, argv.end()), out, err);
}

}  // namespace mapi_emu::cli
