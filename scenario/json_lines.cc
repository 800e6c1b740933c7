#include "scenario/json_lines.h"

#include <vector>

namespace mapi_emu::scenario {
namespace {

// One open container during the scan. The scan is iterative, so a deeply
// nested document costs heap, never stack.
struct Frame {
  std::string pointer;
  bool object = false;
  bool deep = false;        // past kMaxDepth: nothing inside is recorded
  bool expect_key = false;  // in an object, the next string is a key
  std::string key;          // the member whose value comes next
  size_t index = 0;         // in an array, the next element's index
};

// Errors only ever point a few levels deep; recording deeper would cost
// memory quadratic in the depth (each pointer spells out its parents).
constexpr size_t kMaxDepth = 32;

class Scanner {
 public:
  Scanner(std::string_view text, std::map<std::string, int, std::less<>>& lines)
      : text_(text), lines_(lines) {}

  void Run() {
    while (pos_ < text_.size()) Token();
  }

 private:
  void Token() {
    const char c = text_[pos_];
    if (c == '\n') {
      ++line_;
      ++pos_;
    } else if (c == '{' || c == '[') {
      Open(c == '{');
    } else if (c == '}' || c == ']') {
      if (!stack_.empty()) stack_.pop_back();
      ++pos_;
    } else if (c == ',') {
      if (!stack_.empty() && stack_.back().object) stack_.back().expect_key = true;
      ++pos_;
    } else if (c == ':' || c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '"') {
      String();
    } else {
      Scalar();
    }
  }

  void Open(bool object) {
    ++pos_;
    if (Deep() || stack_.size() >= kMaxDepth) {
      stack_.push_back(Frame{{}, object, /*deep=*/true, object, {}, 0});
      return;
    }
    std::string pointer = NextPointer();
    lines_.emplace(pointer, line_);
    stack_.push_back(Frame{std::move(pointer), object, /*deep=*/false, object, {}, 0});
  }

  bool Deep() const { return !stack_.empty() && stack_.back().deep; }

  void String() {
    const int start_line = line_;
    std::string value = ReadString();
    if (Deep()) return;
    if (!stack_.empty() && stack_.back().object && stack_.back().expect_key) {
      Frame& frame = stack_.back();
      frame.key = std::move(value);
      frame.expect_key = false;
      lines_.emplace(ChildPointer(frame.pointer, frame.key), start_line);
      return;
    }
    lines_.emplace(NextPointer(), start_line);
  }

  void Scalar() {
    if (!Deep()) lines_.emplace(NextPointer(), line_);
    while (pos_ < text_.size() &&
           std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
  }

  // Reads a string token; only the escapes a key may need to match are
  // decoded (\" and \\), the rest are kept as written.
  std::string ReadString() {
    std::string out;
    ++pos_;  // the opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        const char next = text_[pos_ + 1];
        if (next != '"' && next != '\\') out += '\\';
        out += next;
        pos_ += 2;
        continue;
      }
      out += text_[pos_++];
    }
    ++pos_;  // the closing quote
    return out;
  }

  // The pointer of the value that starts now; advances the array index.
  std::string NextPointer() {
    if (stack_.empty()) return "";
    Frame& frame = stack_.back();
    if (frame.object) return ChildPointer(frame.pointer, frame.key);
    return ChildPointer(frame.pointer, frame.index++);
  }

  std::string_view text_;
  std::map<std::string, int, std::less<>>& lines_;
  std::vector<Frame> stack_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

JsonLines::JsonLines(std::string_view text) { Scanner(text, lines_).Run(); }

int JsonLines::LineOf(std::string_view pointer) const {
  while (true) {
    if (auto it = lines_.find(pointer); it != lines_.end()) return it->second;
    const size_t slash = pointer.rfind('/');
    if (slash == std::string_view::npos) return 1;
    pointer = pointer.substr(0, slash);
  }
}

std::string ChildPointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ChildPointer(std::string_view parent, size_t index) {
  return ChildPointer(parent, std::to_string(index));
}

TextPosition PositionOf(std::string_view text, size_t offset) {
  TextPosition pos;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

}  // namespace mapi_emu::scenario
