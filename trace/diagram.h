// Sequence diagrams of a trace (`mapi_emu diagram`): DiagramBuilder turns the
// events of one trace, and the checker's findings about them, into lifelines
// and arrows, folds repeated call patterns, and renders the result as Mermaid
// text, a self-contained SVG, or an HTML page around that SVG. Output depends
// only on the events, so the same trace always gives the same bytes.
// A builder is used by one thread at a time.
#ifndef MAPI_EMU_TRACE_DIAGRAM_H_
#define MAPI_EMU_TRACE_DIAGRAM_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "trace/checker.h"
#include "trace/event.h"
#include "trace/reader.h"

namespace mapi_emu::trace {

enum class DiagramFormat { kMermaid, kSvg, kHtml };
// "mermaid", "svg", "html"; nullopt for anything else.
std::optional<DiagramFormat> DiagramFormatFromText(std::string_view text);

// One vertical line: a logical client thread (an actor), MAPI or one of its
// threads, an object named in the trace, or a provider library.
struct Lifeline {
  std::string name;  // "client", "MAPI", "MsgStore#1", "libsample_store.so"
  bool actor = false;
};

enum class StepKind { kCall, kReturn, kNote };

// One arrow (or note) as drawn. `from`/`to` index Diagram::lifelines; a note
// has from == to.
struct Step {
  StepKind kind = StepKind::kNote;
  size_t from = 0, to = 0;
  std::string label;       // "IMsgStore::StoreLogoff(LOGOFF_ORDERLY)", "S_OK (flags=0)"
  std::string fold_label;  // the label without arguments, used when folded copies differ
  uint64_t seq = 0;        // the event drawn (the first one when folded)
  std::vector<Finding> findings;
};

// What is drawn at one place: a single step (repeat 1), one step standing
// for `repeat` identical ones (a call folded with its return is one arrow
// labelled "×N"), or a pattern of several steps repeated `repeat` times
// (drawn once, inside a frame labelled "×N").
struct DiagramItem {
  int repeat = 1;
  std::vector<Step> steps;
};

struct Diagram {
  std::string title;  // the trace's name
  uint64_t events = 0;
  std::vector<Lifeline> lifelines;  // in order of first appearance
  std::vector<DiagramItem> items;
  std::vector<Finding> findings;  // all of them, in the order found
};

class DiagramBuilder {
 public:
  explicit DiagramBuilder(std::string title);
  // Feeds the next event (in seq order). Every event becomes one step.
  void Observe(const Event& event);
  // Attaches a finding to the step of its seq (the last step if there is
  // none with that seq).
  void AddFinding(Finding finding);
  // Folds repetitions and hands the diagram over; the builder is spent.
  Diagram Finish();

  // A step, or a call and its return directly after it: what folding
  // compares. Public only for the helpers in diagram.cc.
  struct Unit {
    size_t first = 0, count = 1;  // steps_[first, first + count)
    std::string key;              // empty: never folds (it carries a finding)
  };

 private:
  struct OpenCall {
    uint64_t seq;
    size_t from, to;
  };
  size_t Lane(const std::string& name, bool actor = false);
  size_t CallerOf(const Event& event);
  size_t CalleeOf(const Event& event);
  void AddCall(const Event& event);
  void AddReturn(const Event& event);
  void AddNote(const Event& event);
  std::vector<Unit> Units() const;
  DiagramItem Fold(const std::vector<Unit>& units, size_t at, size_t period, size_t repeat) const;

  Diagram diagram_;
  std::map<std::string, size_t> lane_index_;
  std::map<std::string, std::vector<OpenCall>> open_;  // per thread, innermost last
  std::map<std::string, std::string> support_owner_;   // "MAPISupport#2" -> "MSLogon#1"
  std::map<uint64_t, std::string> pending_support_;    // open Logon call seq -> its support
  std::vector<Step> steps_;                            // one per event, before folding
  std::vector<std::string> fold_keys_;                 // per step: what must match to fold
  std::vector<uint64_t> answers_;                      // per step: the call a return answers
  std::vector<Finding> trailing_;                      // findings before any step
};

// Reads the whole trace, running the checker alongside. The error is the
// reader's "file:line: what is wrong".
absl::StatusOr<Diagram> BuildDiagram(TraceReader& reader);

// The arguments as the diagram shows them: flags joined with '|' ("0" when
// none), other values as key=value, long values cut short.
std::string ShortArgs(const nlohmann::json& args);

std::string RenderMermaid(const Diagram& diagram);
// A standalone SVG document: no scripts, no external references.
std::string RenderSvg(const Diagram& diagram);
// An HTML page holding the SVG and the list of findings; needs no network.
std::string RenderHtml(const Diagram& diagram);
std::string Render(const Diagram& diagram, DiagramFormat format);

}  // namespace mapi_emu::trace

#endif  // MAPI_EMU_TRACE_DIAGRAM_H_
