// Reading traces: TraceReader streams a trace file one line at a time
// (never the whole file in memory) and checks each line against the format
// (docs/trace-format.md); CompareTraces finds the first place two traces
// differ. A reader is used by one thread at a time.
#ifndef MAPI_EMU_TRACE_READER_H_
#define MAPI_EMU_TRACE_READER_H_

#include <cstdint>
#include <deque>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "trace/event.h"

namespace mapi_emu::trace {

// Parses one event line (no newline). The error says what is wrong, without
// the file:line (the reader adds it).
absl::StatusOr<Event> ParseEvent(std::string_view line);
// Parses the header line.
absl::StatusOr<Header> ParseHeader(std::string_view line);

class TraceReader {
 public:
  // Reads `in` (which must outlive the reader); `name` is what errors call
  // it ("trace.jsonl", "<stdin>").
  TraceReader(std::istream& in, std::string name);
  // Opens `path` ("-" is standard input) and reads its header. The error
  // names the file (and line 1 for a bad header).
  static absl::StatusOr<std::unique_ptr<TraceReader>> Open(const std::string& path);

  // Reads the header line; Next() calls it if nobody did.
  absl::Status ReadHeader();
  const Header& header() const { return header_; }

  // The next event, or nullopt at the end of the trace. An error is
  // "name:line: what is wrong" (bad JSON, missing field, sequence gap,
  // truncated last line, ...); reading stops there.
  absl::StatusOr<std::optional<Event>> Next();

  const std::string& name() const { return name_; }
  // The line number of the line read last (1 is the header).
  int line() const { return line_; }
  // The text of the line read last.
  const std::string& text() const { return text_; }

 private:
  absl::Status Error(std::string_view what) const;
  // Reads one line into text_; false at the end.
  absl::StatusOr<bool> ReadLine();

  std::unique_ptr<std::istream> owned_;
  std::istream* in_;
  std::string name_;
  Header header_;
  bool header_read_ = false;
  bool last_line_unterminated_ = false;
  int line_ = 0;
  uint64_t next_seq_ = 1;
  std::string text_;
};

// Where two traces first differ, "t_us" and the header's "producer" aside.
struct Divergence {
  int line = 0;                      // line number in both files
  uint64_t seq = 0;                  // 0 for the header
  std::string a, b;                  // the two lines, "<end of trace>" past the end
  std::vector<std::string> context;  // up to 3 lines before, as in `a`
};
// nullopt when the traces are the same; an error when either is unreadable.
absl::StatusOr<std::optional<Divergence>> CompareTraces(TraceReader& a, TraceReader& b);
// "first divergence at line 7 (seq 6):\n  ...context\n- a\n+ b\n".
std::string FormatDivergence(const Divergence& divergence, const std::string& a_name,
                             const std::string& b_name);

}  // namespace mapi_emu::trace

#endif  // MAPI_EMU_TRACE_READER_H_
