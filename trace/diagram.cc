#include "trace/diagram.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace mapi_emu::trace {
namespace {

// A value cut to this many characters keeps arrows readable; the trace
// itself has the rest.
constexpr size_t kMaxValue = 40;
// Folding looks for patterns of up to this many units (a unit is a step, or
// a call directly followed by its return).
constexpr size_t kMaxPeriod = 6;

std::string Cut(std::string text) {
  if (text.size() <= kMaxValue) return text;
  size_t end = kMaxValue - 3;
  // Never cut inside a UTF-8 sequence.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

std::string ShortValue(const nlohmann::json& value) {
  if (value.is_null()) return "NULL";
  if (value.is_string()) return Cut(value.get<std::string>());
  if (value.is_array()) {
    if (value.empty()) return "0";
    std::vector<std::string> parts;
    for (const nlohmann::json& v : value) parts.push_back(ShortValue(v));
    return Cut(absl::StrJoin(parts, "|"));
  }
  return Cut(value.dump());
}

bool IsClientThread(const std::string& thread) { return thread.rfind("client", 0) == 0; }

// The lane MAPI acts from on this thread: "MAPI" on a client's thread, the
// thread itself ("spooler") on MAPI's own threads.
std::string MapiLane(const Event& e) { return IsClientThread(e.thread) ? "MAPI" : e.thread; }

std::string CallLabel(const Event& e, bool with_args) {
  const std::string name = e.ev == EventKind::kEntry ? e.method : CallName(e);
  return absl::StrCat(name, "(", with_args ? ShortArgs(e.args) : std::string("..."), ")");
}

std::string ResultLabel(const Event& e) {
  std::optional<int64_t> n = ResultNumber(e);
  return n ? absl::StrCat("refs ", *n) : ResultName(e);
}

// Out-values by name: a bare "(0)" after a return would not say what it is.
std::string ReturnLabel(const Event& e) {
  std::string label = ResultLabel(e);
  if (!e.out.is_object() || e.out.empty()) return label;
  std::vector<std::string> parts;
  for (const auto& [key, value] : e.out.items()) {
    parts.push_back(absl::StrCat(key, "=", ShortValue(value)));
  }
  absl::StrAppend(&label, " (", absl::StrJoin(parts, ", "), ")");
  return label;
}

std::string NoteLabel(const Event& e) {
  switch (e.ev) {
    case EventKind::kLoad:
      return absl::StrCat("loaded (count ", e.count.value_or(0), ")");
    case EventKind::kUnload:
      return absl::StrCat("unloaded (count ", e.count.value_or(0), ")");
    default:
      break;
  }
  // The client's script (docs/replay.md), short: "step 4: CreateMessage".
  if (e.what == "client.step" && e.fields.contains("step") && e.fields["step"].is_object()) {
    return absl::StrCat("step ", e.fields.value("n", 0), ": ",
                        e.fields["step"].value("do", std::string("?")));
  }
  if (e.what == "client.scenario" && e.fields.contains("scenario") &&
      e.fields["scenario"].is_object()) {
    return absl::StrCat("scenario ", e.fields["scenario"].value("name", std::string("?")));
  }
  std::string label = e.what;
  if (e.fields.is_object() && !e.fields.empty()) absl::StrAppend(&label, " ", ShortArgs(e.fields));
  return label;
}

// What makes two events "the same" for folding: everything but the
// arguments (and, for a return, its out-values).
std::string FoldKey(const Event& e) {
  return absl::StrCat(EventKindText(e.ev), "|", e.thread, "|", e.side, "|", e.iface, "|", e.method,
                      "|", e.obj, "|", e.lib, "|", e.what, "|",
                      e.ev == EventKind::kReturn ? ResultLabel(e) : std::string());
}

}  // namespace

std::optional<DiagramFormat> DiagramFormatFromText(std::string_view text) {
  if (text == "mermaid") return DiagramFormat::kMermaid;
  if (text == "svg") return DiagramFormat::kSvg;
  if (text == "html") return DiagramFormat::kHtml;
  return std::nullopt;
}

std::string ShortArgs(const nlohmann::json& args) {
  if (!args.is_object()) return args.is_null() ? "" : ShortValue(args);
  std::vector<std::string> parts;
  // "flags" leads, bare: it is what a reader of MAPI looks for first.
  if (args.contains("flags")) parts.push_back(ShortValue(args["flags"]));
  for (const auto& [key, value] : args.items()) {
    if (key != "flags") parts.push_back(absl::StrCat(key, "=", ShortValue(value)));
  }
  return absl::StrJoin(parts, ", ");
}

// ---------------------------------------------------------------------------
// Building: events to steps.

DiagramBuilder::DiagramBuilder(std::string title) { diagram_.title = std::move(title); }

size_t DiagramBuilder::Lane(const std::string& name, bool actor) {
  auto [it, added] = lane_index_.emplace(name, diagram_.lifelines.size());
  if (added) diagram_.lifelines.push_back({name, actor});
  return it->second;
}

// The caller of a provider>mapi call is the provider object MAPI is inside
// of on that thread (the store during StoreLogoff, the provider during
// Logon); failing that, the logon that owns the support object.
size_t DiagramBuilder::CallerOf(const Event& e) {
  if (e.side == "client>mapi") return Lane(e.thread, IsClientThread(e.thread));
  if (e.side == "provider>mapi") {
    const std::vector<OpenCall>& open = open_[e.thread];
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      const Lifeline& callee = diagram_.lifelines[it->to];
      if (callee.name != "MAPI" && callee.name.rfind("MAPI", 0) != 0) return it->to;
    }
    auto owner = support_owner_.find(e.obj);
    return Lane(owner != support_owner_.end() ? owner->second : std::string("provider"));
  }
  return Lane(MapiLane(e));  // mapi>provider, mapi>client
}

size_t DiagramBuilder::CalleeOf(const Event& e) {
  if (e.ev == EventKind::kEntry) return Lane(e.lib);
  if (!e.obj.empty()) return Lane(e.obj);
  if (e.side == "mapi>client") return Lane(e.thread, IsClientThread(e.thread));
  return Lane(MapiLane(e));
}

void DiagramBuilder::AddCall(const Event& e) {
  Step step;
  step.kind = StepKind::kCall;
  step.from = CallerOf(e);
  step.to = CalleeOf(e);
  step.label = CallLabel(e, true);
  step.fold_label = CallLabel(e, false);
  step.seq = e.seq;
  open_[e.thread].push_back({e.seq, step.from, step.to});
  steps_.push_back(std::move(step));
}

void DiagramBuilder::AddReturn(const Event& e) {
  Step step;
  step.kind = StepKind::kReturn;
  step.seq = e.seq;
  step.label = ReturnLabel(e);
  step.fold_label = ResultLabel(e);
  std::vector<OpenCall>& open = open_[e.thread];
  auto it =
      std::find_if(open.rbegin(), open.rend(), [&](const OpenCall& c) { return c.seq == e.call; });
  if (it != open.rend()) {
    step.from = it->to;
    step.to = it->from;
    open.erase(std::next(it).base(), open.end());
  } else {  // a return without its call: still draw it, from the object to MAPI
    step.from = CalleeOf(e);
    step.to = Lane(MapiLane(e));
  }
  steps_.push_back(std::move(step));
}

void DiagramBuilder::AddNote(const Event& e) {
  Step step;
  step.kind = StepKind::kNote;
  std::string lane = !e.obj.empty() ? e.obj : (!e.lib.empty() ? e.lib : MapiLane(e));
  if (e.ev == EventKind::kNote && e.what == "held" && e.fields.contains("lib") &&
      e.fields["lib"].is_string()) {
    lane = e.fields["lib"].get<std::string>();
  }
  // A client's own note sits on the client's lifeline.
  const bool client_note = e.ev == EventKind::kNote && e.what.rfind("client.", 0) == 0;
  step.from = step.to = client_note ? Lane(e.thread, IsClientThread(e.thread)) : Lane(lane);
  step.label = NoteLabel(e);
  step.fold_label = e.ev == EventKind::kNote ? e.what : step.label;
  step.seq = e.seq;
  steps_.push_back(std::move(step));
}

void DiagramBuilder::Observe(const Event& e) {
  ++diagram_.events;
  fold_keys_.push_back(FoldKey(e));
  answers_.push_back(e.ev == EventKind::kReturn ? e.call : 0);
  switch (e.ev) {
    case EventKind::kCall:
    case EventKind::kEntry:
      if (e.args.is_object() && e.args.contains("support") && e.args["support"].is_string()) {
        pending_support_[e.seq] = e.args["support"].get<std::string>();
      }
      AddCall(e);
      break;
    case EventKind::kReturn:
      // Remember whose support object is whose, for provider calls made
      // outside any call of MAPI's (a provider thread calling back).
      if (auto it = pending_support_.find(e.call); it != pending_support_.end()) {
        if (e.out.is_object() && e.out.contains("logon") && e.out["logon"].is_string()) {
          support_owner_[it->second] = e.out["logon"].get<std::string>();
        }
        pending_support_.erase(it);
      }
      AddReturn(e);
      break;
    default:
      AddNote(e);
      break;
  }
}

void DiagramBuilder::AddFinding(Finding finding) {
  diagram_.findings.push_back(finding);
  if (steps_.empty()) {
    trailing_.push_back(std::move(finding));
    return;
  }
  // Steps are one per event in seq order, so the seq finds its step at once.
  size_t index = steps_.size() - 1;
  if (finding.seq >= 1 && finding.seq <= steps_.size() &&
      steps_[finding.seq - 1].seq == finding.seq) {
    index = finding.seq - 1;
  }
  steps_[index].findings.push_back(std::move(finding));
}

// ---------------------------------------------------------------------------
// Folding.

namespace {

using Unit = DiagramBuilder::Unit;

bool SamePattern(const std::vector<Unit>& units, size_t a, size_t b, size_t period) {
  for (size_t k = 0; k < period; ++k) {
    if (units[a + k].key.empty() || units[a + k].key != units[b + k].key) return false;
  }
  return true;
}

// The label a folded step shows: its own when every copy has the same one,
// else the label without arguments.
std::string FoldedLabel(const std::vector<Step>& steps, const std::vector<size_t>& copies) {
  for (size_t c : copies) {
    if (steps[c].label != steps[copies[0]].label) return steps[copies[0]].fold_label;
  }
  return steps[copies[0]].label;
}

}  // namespace

// Units: a call directly followed by its return is one unit (one arrow
// when folded); every other step is a unit of its own.
std::vector<DiagramBuilder::Unit> DiagramBuilder::Units() const {
  std::vector<Unit> units;
  for (size_t i = 0; i < steps_.size();) {
    Unit u;
    u.first = i;
    const bool pair = steps_[i].kind == StepKind::kCall && i + 1 < steps_.size() &&
                      answers_[i + 1] == steps_[i].seq;
    u.count = pair ? 2 : 1;
    bool findings = false;
    for (size_t k = i; k < i + u.count; ++k) {
      findings = findings || !steps_[k].findings.empty();
      absl::StrAppend(&u.key, fold_keys_[k], "#", steps_[k].from, ">", steps_[k].to, ";");
    }
    if (findings) u.key.clear();  // a finding stays on its own arrow
    units.push_back(std::move(u));
    i += units.back().count;
  }
  return units;
}

// The item for `repeat` copies of units[at, at + period): the first copy's
// steps, each labelled as FoldedLabel says.
DiagramItem DiagramBuilder::Fold(const std::vector<Unit>& units, size_t at, size_t period,
                                 size_t repeat) const {
  DiagramItem item;
  item.repeat = static_cast<int>(repeat);
  for (size_t k = 0; k < period; ++k) {
    const Unit& u = units[at + k];
    for (size_t s = 0; s < u.count; ++s) {
      std::vector<size_t> copies;
      for (size_t r = 0; r < repeat; ++r) copies.push_back(units[at + r * period + k].first + s);
      Step step = steps_[u.first + s];
      step.label = FoldedLabel(steps_, copies);
      item.steps.push_back(std::move(step));
    }
  }
  // A folded call/return pair is drawn as one arrow: "Poll() → S_OK".
  if (repeat > 1 && period == 1 && item.steps.size() == 2) {
    item.steps[0].label = absl::StrCat(item.steps[0].label, " → ", item.steps[1].label);
    item.steps.pop_back();
  }
  return item;
}

Diagram DiagramBuilder::Finish() {
  const std::vector<Unit> units = Units();
  for (size_t i = 0; i < units.size();) {
    // The period covering the most steps wins; on a tie the shorter one.
    size_t best_period = 1, best_repeat = 1;
    for (size_t p = 1; p <= kMaxPeriod && i + 2 * p <= units.size(); ++p) {
      size_t r = 1;
      while (i + (r + 1) * p <= units.size() && SamePattern(units, i, i + r * p, p)) ++r;
      if (r >= 2 && r * p > best_repeat * best_period) {
        best_period = p;
        best_repeat = r;
      }
    }
    diagram_.items.push_back(Fold(units, i, best_period, best_repeat));
    i += best_period * best_repeat;
  }
  if (!trailing_.empty()) {  // findings that came before any event
    DiagramItem item;
    Step step;
    step.label = "findings";
    step.findings = std::move(trailing_);
    item.steps.push_back(std::move(step));
    diagram_.items.push_back(std::move(item));
  }
  return std::move(diagram_);
}

absl::StatusOr<Diagram> BuildDiagram(TraceReader& reader) {
  DiagramBuilder builder(reader.name());
  Checker checker;
  while (true) {
    absl::StatusOr<std::optional<Event>> event = reader.Next();
    if (!event.ok()) return event.status();
    if (!event->has_value()) break;
    builder.Observe(**event);
    checker.Observe(**event);
    for (Finding& f : checker.TakeFindings()) builder.AddFinding(std::move(f));
  }
  checker.Finish();
  for (Finding& f : checker.TakeFindings()) builder.AddFinding(std::move(f));
  return builder.Finish();
}

// ---------------------------------------------------------------------------
// Mermaid.

namespace {

// Mermaid ends a statement at ';' and reads "#name;" as an entity, and its
// renderer treats '<' and '>' as markup: write those as entities.
std::string MermaidText(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case ';':
        out += "#59;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string> MermaidIds(const std::vector<Lifeline>& lifelines) {
  std::vector<std::string> ids;
  for (const Lifeline& l : lifelines) {
    std::string id;
    for (char c : l.name) id += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "L" + id;
    // Two names may clean up to the same id ("a#1", "a.1"): keep them apart.
    while (std::find(ids.begin(), ids.end(), id) != ids.end()) id += "_";
    ids.push_back(id);
  }
  return ids;
}

std::string FindingText(const Finding& f) {
  return absl::StrCat("⚠ ", SeverityText(f.severity), " ", f.rule);
}

void MermaidStep(const Step& s, int repeat, const std::vector<std::string>& ids,
                 const std::string& indent, std::string& out) {
  const std::string times = repeat > 1 ? absl::StrCat(" ×", repeat) : std::string();
  const std::string text = MermaidText(s.label + times);
  switch (s.kind) {
    case StepKind::kCall:
      absl::StrAppend(&out, indent, ids[s.from], "->>", ids[s.to], ": ", text, "\n");
      break;
    case StepKind::kReturn:
      absl::StrAppend(&out, indent, ids[s.from], "-->>", ids[s.to], ": ", text, "\n");
      break;
    case StepKind::kNote:
      absl::StrAppend(&out, indent, "Note over ", ids[s.from], ": ", text, "\n");
      break;
  }
  for (const Finding& f : s.findings) {
    const std::string over =
        s.from == s.to ? ids[s.from] : absl::StrCat(ids[s.from], ",", ids[s.to]);
    absl::StrAppend(&out, indent, "Note over ", over, ": ", MermaidText(FindingText(f)), "\n");
  }
}

}  // namespace

std::string RenderMermaid(const Diagram& d) {
  std::string out = "sequenceDiagram\n";
  absl::StrAppend(&out, "    title ", MermaidText(d.title), "\n");
  const std::vector<std::string> ids = MermaidIds(d.lifelines);
  for (size_t i = 0; i < d.lifelines.size(); ++i) {
    const Lifeline& l = d.lifelines[i];
    absl::StrAppend(&out, "    ", l.actor ? "actor " : "participant ", ids[i]);
    if (ids[i] != l.name) absl::StrAppend(&out, " as ", MermaidText(l.name));
    out += "\n";
  }
  for (const DiagramItem& item : d.items) {
    if (item.steps.size() == 1) {
      MermaidStep(item.steps[0], item.repeat, ids, "    ", out);
      continue;
    }
    if (item.repeat > 1) absl::StrAppend(&out, "    loop ×", item.repeat, "\n");
    const std::string indent = item.repeat > 1 ? "        " : "    ";
    for (const Step& s : item.steps) MermaidStep(s, 1, ids, indent, out);
    if (item.repeat > 1) out += "    end\n";
  }
  return out;
}

// ---------------------------------------------------------------------------
// SVG, drawn by hand: lifeline boxes on top, dashed lifelines, one row per
// step, top to bottom.

namespace {

constexpr int kMargin = 20;
constexpr int kBoxH = 32;
constexpr int kRowH = 30;
constexpr int kNoteH = 24;
constexpr int kFindingH = 24;
constexpr int kFrameHead = 22;
constexpr int kMinGap = 130;

// Width in pixels of monospace 12px text: 7.2px a character (UTF-8
// continuation bytes do not count).
int TextWidth(std::string_view text) {
  int chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  return chars * 72 / 10;
}

std::string Xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string StepText(const Step& s, int repeat) {
  return repeat > 1 ? absl::StrCat(s.label, " ×", repeat) : s.label;
}

// Lane centres: far enough apart for the boxes and for every arrow's label
// over the lanes it spans. Gaps only grow, so an arrow placed earlier keeps
// its room.
std::vector<int> LaneCentres(const Diagram& d, std::vector<int>& box_width) {
  const size_t n = d.lifelines.size();
  box_width.clear();
  for (const Lifeline& l : d.lifelines) box_width.push_back(std::max(90, TextWidth(l.name) + 20));
  std::vector<int> gap(n > 0 ? n - 1 : 0);
  for (size_t k = 0; k + 1 < n; ++k)
    gap[k] = std::max(kMinGap, (box_width[k] + box_width[k + 1]) / 2 + 20);
  for (const DiagramItem& item : d.items) {
    for (const Step& s : item.steps) {
      if (s.from == s.to) continue;
      const size_t lo = std::min(s.from, s.to), hi = std::max(s.from, s.to);
      const int need = TextWidth(StepText(s, item.repeat)) + 30;
      int have = 0;
      for (size_t k = lo; k < hi; ++k) have += gap[k];
      if (have >= need) continue;
      const int extra = (need - have + static_cast<int>(hi - lo) - 1) / static_cast<int>(hi - lo);
      for (size_t k = lo; k < hi; ++k) gap[k] += extra;
    }
  }
  std::vector<int> x;
  int at = kMargin + (n > 0 ? box_width[0] / 2 : 0);
  for (size_t k = 0; k < n; ++k) {
    x.push_back(at);
    if (k + 1 < n) at += gap[k];
  }
  return x;
}

class SvgCanvas {
 public:
  explicit SvgCanvas(std::vector<int> x) : x_(std::move(x)) {}
  int y() const { return y_; }
  void Advance(int dy) { y_ += dy; }
  int Lane(size_t i) const { return x_[i]; }
  const std::string& body() const { return body_; }
  int min_x() const { return min_x_; }
  int max_x() const { return max_x_; }

  void Extend(int lo, int hi) {
    min_x_ = std::min(min_x_, lo);
    max_x_ = std::max(max_x_, hi);
  }
  void Add(const std::string& element) { absl::StrAppend(&body_, element, "\n"); }
  void Text(int x, int y, std::string_view text, std::string_view extra = "") {
    Add(absl::StrFormat("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\"%s>%s</text>", x, y,
                        std::string(extra), Xml(text)));
  }
  // A box centred on [lo, hi] (lane x positions), wide enough for its text.
  void Box(int lo, int hi, int height, std::string_view text, std::string_view style,
           std::string_view text_style = "") {
    const int w = std::max(hi - lo + 40, TextWidth(text) + 16);
    const int left = (lo + hi) / 2 - w / 2;
    Extend(left, left + w);
    Add(absl::StrFormat("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" %s/>", left, y_, w,
                        height - 4, std::string(style)));
    Text((lo + hi) / 2, y_ + height / 2 + 2, text, text_style);
  }

 private:
  std::vector<int> x_;
  std::string body_;
  int y_ = 0;
  int min_x_ = 0, max_x_ = 0;
};

void SvgArrow(SvgCanvas& c, const Step& s, int repeat) {
  const std::string text = StepText(s, repeat);
  const char* dash = s.kind == StepKind::kReturn ? " stroke-dasharray=\"6 4\"" : "";
  const int x1 = c.Lane(s.from), x2 = c.Lane(s.to), y = c.y() + kRowH - 8;
  if (s.from == s.to) {  // a call on itself: a small loop to the right
    c.Add(
        absl::StrFormat("<path d=\"M%d,%d h30 v10 h-30\" fill=\"none\" stroke=\"#333\"%s "
                        "marker-end=\"url(#head)\"/>",
                        x1, y - 6, dash));
    c.Add(absl::StrFormat("<text x=\"%d\" y=\"%d\">%s</text>", x1 + 36, y, Xml(text)));
    c.Extend(x1, x1 + 40 + TextWidth(text));
  } else {
    c.Add(
        absl::StrFormat("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"%s "
                        "marker-end=\"url(#head)\"/>",
                        x1, y, x2, y, dash));
    c.Text((x1 + x2) / 2, y - 5, text);
  }
  c.Advance(kRowH);
}

void SvgStep(SvgCanvas& c, const Step& s, int repeat) {
  if (s.kind == StepKind::kNote) {
    c.Box(c.Lane(s.from), c.Lane(s.from), kNoteH, StepText(s, repeat),
          "fill=\"#fff8c4\" stroke=\"#b8a500\"");
    c.Advance(kNoteH);
  } else {
    SvgArrow(c, s, repeat);
  }
  for (const Finding& f : s.findings) {
    const bool error = f.severity == Severity::kError;
    const int lo = std::min(c.Lane(s.from), c.Lane(s.to)),
              hi = std::max(c.Lane(s.from), c.Lane(s.to));
    c.Box(lo, hi, kFindingH, FindingText(f),
          error ? "fill=\"#fde2e2\" stroke=\"#c62828\" class=\"finding error\""
                : "fill=\"#fff0d9\" stroke=\"#ef6c00\" class=\"finding warning\"",
          error ? " fill=\"#c62828\" font-weight=\"bold\""
                : " fill=\"#ef6c00\" font-weight=\"bold\"");
    c.Advance(kFindingH);
  }
}

// A folded pattern of several steps: drawn once inside a frame "loop ×N".
void SvgFrame(SvgCanvas& c, const DiagramItem& item) {
  size_t lo = item.steps[0].from, hi = lo;
  for (const Step& s : item.steps) {
    lo = std::min({lo, s.from, s.to});
    hi = std::max({hi, s.from, s.to});
  }
  const int left = c.Lane(lo) - 40, right = c.Lane(hi) + 40, top = c.y();
  c.Advance(kFrameHead);
  for (const Step& s : item.steps) SvgStep(c, s, 1);
  c.Advance(6);
  c.Extend(left, right);
  c.Add(absl::StrFormat(
      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#666\"/>", left,
      top, right - left, c.y() - top));
  c.Add(absl::StrFormat("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", left + 6,
                        top + 15, Xml(absl::StrCat("loop ×", item.repeat))));
  c.Advance(6);
}

}  // namespace

std::string RenderSvg(const Diagram& d) {
  std::vector<int> box_width;
  SvgCanvas c(LaneCentres(d, box_width));
  for (size_t i = 0; i < d.lifelines.size(); ++i) {
    c.Extend(c.Lane(i) - box_width[i] / 2 - kMargin, c.Lane(i) + box_width[i] / 2 + kMargin);
  }
  c.Advance(kMargin + kBoxH + 10);
  for (const DiagramItem& item : d.items) {
    if (item.steps.size() > 1 && item.repeat > 1) {
      SvgFrame(c, item);
    } else {
      for (const Step& s : item.steps) SvgStep(c, s, item.repeat);
    }
  }
  const int height = c.y() + kMargin;
  const int left = c.min_x() - kMargin, width = c.max_x() - c.min_x() + 2 * kMargin;

  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"%d 0 %d %d\" "
      "font-family=\"monospace\" font-size=\"12\">\n",
      width, height, left, width, height);
  absl::StrAppend(&out, "<title>", Xml(d.title), "</title>\n");
  out +=
      "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
      "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
      "</defs>\n";
  absl::StrAppendFormat(&out, "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
                        left, width, height);
  for (size_t i = 0; i < d.lifelines.size(); ++i) {
    const Lifeline& l = d.lifelines[i];
    const int x = c.Lane(i), w = box_width[i];
    absl::StrAppendFormat(&out,
                          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" "
                          "stroke-dasharray=\"4 4\"/>\n",
                          x, kMargin + kBoxH, x, height - kMargin);
    absl::StrAppendFormat(
        &out,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"%d\" fill=\"%s\" "
        "stroke=\"#345\"/>\n",
        x - w / 2, kMargin, w, kBoxH, l.actor ? 14 : 3, l.actor ? "#dcecff" : "#eef1f5");
    absl::StrAppendFormat(&out,
                          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s"
                          "</text>\n",
                          x, kMargin + kBoxH / 2 + 4, Xml(l.name));
  }
  absl::StrAppend(&out, c.body(), "</svg>\n");
  return out;
}

// ---------------------------------------------------------------------------
// HTML: a page around the SVG, with the findings spelled out.

std::string RenderHtml(const Diagram& d) {
  int errors = 0;
  for (const Finding& f : d.findings) errors += f.severity == Severity::kError ? 1 : 0;
  const int warnings = static_cast<int>(d.findings.size()) - errors;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  absl::StrAppend(&out, "<title>", Xml(d.title), " - mapi_emu diagram</title>\n");
  out +=
      "<style>\nbody{font-family:sans-serif;margin:1.5em;color:#222}\n"
      "code{font-family:monospace}\n.error{color:#c62828}\n.warning{color:#ef6c00}\n"
      ".diagram{overflow:auto;border:1px solid #ccc;padding:4px}\n</style>\n</head>\n<body>\n";
  absl::StrAppend(&out, "<h1>", Xml(d.title), "</h1>\n");
  absl::StrAppend(&out, "<p>", d.events, " event(s), ", errors, " error(s), ", warnings,
                  " warning(s)</p>\n");
  if (!d.findings.empty()) {
    out += "<h2>Findings</h2>\n<ol>\n";
    for (const Finding& f : d.findings) {
      const char* severity = SeverityText(f.severity);
      absl::StrAppend(&out, "<li class=\"", severity, "\"><b>", severity, "</b> <code>",
                      Xml(f.rule), "</code> at seq ", f.seq, " (line ", f.seq + 1, ")");
      if (!f.object.empty()) absl::StrAppend(&out, " on <code>", Xml(f.object), "</code>");
      absl::StrAppend(&out, ": ", Xml(f.detail), "<br>rule: ", Xml(f.statement), "<br>page: <code>",
                      Xml(f.page), "</code></li>\n");
    }
    out += "</ol>\n";
  }
  absl::StrAppend(&out, "<div class=\"diagram\">\n", RenderSvg(d), "</div>\n</body>\n</html>\n");
  return out;
}

std::string Render(const Diagram& d, DiagramFormat format) {
  switch (format) {
    case DiagramFormat::kSvg:
      return RenderSvg(d);
    case DiagramFormat::kHtml:
      return RenderHtml(d);
    case DiagramFormat::kMermaid:
      break;
  }
  return RenderMermaid(d);
}

}  // namespace mapi_emu::trace
