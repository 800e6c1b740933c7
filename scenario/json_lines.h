// JsonLines: the line each value of a JSON text starts on, by JSON pointer
// ("/steps/3/flags"), so that errors about a parsed document can name
// file:line. nlohmann::json keeps no positions, hence this small pre-scan of
// text that already parsed. Immutable after construction; any thread.
#ifndef MAPI_EMU_SCENARIO_JSON_LINES_H_
#define MAPI_EMU_SCENARIO_JSON_LINES_H_

#include <map>
#include <string>
#include <string_view>

namespace mapi_emu::scenario {

class JsonLines {
 public:
  // Scans `text`, which must be valid JSON (as nlohmann::json::parse
  // accepted it); on anything else the map is simply incomplete.
  explicit JsonLines(std::string_view text);

  // The 1-based line of the value at `pointer`; for an object member, the
  // line of its key. A pointer the scan did not see falls back to its
  // nearest recorded parent, then to line 1.
  int LineOf(std::string_view pointer) const;

 private:
  std::map<std::string, int, std::less<>> lines_;
};

// The JSON pointer of `key` under `parent` ("~" and "/" escaped).
std::string ChildPointer(std::string_view parent, std::string_view key);
// The JSON pointer of element `index` under `parent`.
std::string ChildPointer(std::string_view parent, size_t index);

// The 1-based line and column of byte `offset` (0-based) of `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition PositionOf(std::string_view text, size_t offset);

}  // namespace mapi_emu::scenario

#endif  // MAPI_EMU_SCENARIO_JSON_LINES_H_
