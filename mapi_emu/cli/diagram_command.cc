// `mapi_emu diagram TRACE [--format mermaid|svg|html] [-o FILE]`: draws a
// trace as a sequence diagram (trace/diagram.h), with the checker's findings
// marked on their arrows. Findings do not change the exit code: 0 when the
// diagram was written, 2 for bad usage, an unreadable trace or an output
// file that cannot be written.
#include <fstream>
#include <optional>
#include <string>

#include "mapi_emu/cli/commands.h"
#include "trace/diagram.h"
#include "trace/reader.h"

namespace mapi_emu::cli {
namespace {

constexpr const char* kDiagramUsage =
    "usage: mapi_emu diagram TRACE [--format mermaid|svg|html] [-o FILE] "
    "('-' reads standard input)\n";

struct Options {
  std::string trace;
  std::string output;  // empty: standard output
  trace::DiagramFormat format = trace::DiagramFormat::kMermaid;
};

// The options, or nullopt after saying on `err` what is wrong.
std::optional<Options> Parse(const Args& args, std::ostream& err) {
  Options o;
  bool have_trace = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--format" || arg == "-o") {
      if (i + 1 == args.size()) {
        err << "mapi_emu diagram: " << arg << " needs a value\n" << kDiagramUsage;
        return std::nullopt;
      }
      const std::string& value = args[++i];
      if (arg == "-o") {
        o.output = value;
        continue;
      }
      std::optional<trace::DiagramFormat> format = trace::DiagramFormatFromText(value);
      if (!format) {
        err << "mapi_emu diagram: unknown format '" << value << "' (mermaid, svg or html)\n";
        return std::nullopt;
      }
      o.format = *format;
    } else if (arg.size() > 1 && arg[0] == '-') {
      err << "mapi_emu diagram: unknown option '" << arg << "'\n" << kDiagramUsage;
      return std::nullopt;
    } else if (have_trace) {
      err << "mapi_emu diagram: one trace at a time\n" << kDiagramUsage;
      return std::nullopt;
    } else {
      o.trace = arg;
      have_trace = true;
    }
  }
  if (!have_trace) {
    err << kDiagramUsage;
    return std::nullopt;
  }
  return o;
}

}  // namespace

int DiagramCommand(const Args& args, std::ostream& out, std::ostream& err) {
  std::optional<Options> options = Parse(args, err);
  if (!options) return kExitUsage;
  absl::StatusOr<std::unique_ptr<trace::TraceReader>> reader =
      trace::TraceReader::Open(options->trace);
  if (!reader.ok()) {
    err << "mapi_emu diagram: " << reader.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<trace::Diagram> diagram = trace::BuildDiagram(**reader);
  if (!diagram.ok()) {
    err << "mapi_emu diagram: " << diagram.status().message() << "\n";
    return kExitUsage;
  }
  const std::string text = trace::Render(*diagram, options->format);
  if (options->output.empty()) {
    out << text;
    return kExitOk;
  }
  std::ofstream file(options->output, std::ios::binary);
  file << text;
  file.close();
  if (!file) {
    err << "mapi_emu diagram: " << options->output << ": cannot write the file\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace mapi_emu::cli
