// The verbs of the `mapi_emu` program, one file each. Each takes its own
// arguments (argv after the verb) and returns the process exit code:
// kExitOk, kExitFailure (the run found a failure), kExitUsage (bad usage or
// unreadable input). Output goes to the given streams so tests can capture it.
#ifndef MAPI_EMU_CLI_COMMANDS_H_
#define MAPI_EMU_CLI_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace mapi_emu::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

using Args = std::vector<std::string>;

// `mapi_emu version`: the version and the SDK facts the program was built with.
int VersionCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu demo`: the demo the README runs.
int DemoCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu rules`: the contract's rules as Markdown (docs/rules.md).
int RulesCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu check [--json] [--strict] TRACE...`: the lifecycle rules over traces.
int CheckCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu diagram TRACE [--format mermaid|svg|html] [-o FILE]`: a trace as a
// sequence diagram, findings marked.
int DiagramCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu explain TRACE`: a trace told step by step in plain English.
int ExplainCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu run SCENARIO.json [--trace OUT] [--quiet] [--providers DIR]`: a scenario
// (docs/scenarios.md) against the real providers.
int RunCommand(const Args& args, std::ostream& out, std::ostream& err);
// `mapi_emu replay TRACE [--trace OUT] [--providers DIR] [--verbose]`: the
// trace's client script run again, the new trace compared with TRACE.
int ReplayCommand(const Args& args, std::ostream& out, std::ostream& err);

// Dispatches argv (argv[0] is the program) to a verb.
int RunCli(const Args& argv, std::ostream& out, std::ostream& err);

}  // namespace mapi_emu::cli

#endif  // MAPI_EMU_CLI_COMMANDS_H_
