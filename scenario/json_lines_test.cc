#include "scenario/json_lines.h"

#include <gtest/gtest.h>

namespace mapi_emu::scenario {
namespace {

TEST(ScenarioJsonLinesTest, NamesTheLineOfEachValueAndKey) {
  const char* text =
      "{\n"
      "  \"a\": 1,\n"
      "  \"steps\": [\n"
      "    {\"do\": \"x\"},\n"
      "    {\n"
      "      \"do\": \"y\",\n"
      "      \"flags\": [\"F\",\n"
      "                \"G\"]\n"
      "    }\n"
      "  ],\n"
      "  \"we/ird~\": \"\\\"quoted\\\" \\n\"\n"
      "}\n";
  JsonLines lines(text);
  EXPECT_EQ(lines.LineOf(""), 1);
  EXPECT_EQ(lines.LineOf("/a"), 2);
  EXPECT_EQ(lines.LineOf("/steps"), 3);
  EXPECT_EQ(lines.LineOf("/steps/0"), 4);
  EXPECT_EQ(lines.LineOf("/steps/0/do"), 4);
  EXPECT_EQ(lines.LineOf("/steps/1"), 5);
  EXPECT_EQ(lines.LineOf("/steps/1/do"), 6);
  EXPECT_EQ(lines.LineOf("/steps/1/flags"), 7);
  EXPECT_EQ(lines.LineOf("/steps/1/flags/1"), 8);
  EXPECT_EQ(lines.LineOf(ChildPointer("", "we/ird~")), 11);
  // Not seen: the nearest parent.
  EXPECT_EQ(lines.LineOf("/steps/1/missing"), 5);
  EXPECT_EQ(lines.LineOf("/nothing/at/all"), 1);
}

TEST(ScenarioJsonLinesTest, DeepNestingCostsLittle) {
  // Only the first levels are recorded: 100000 levels would otherwise spell
  // out pointers of 100000 segments each.
  const std::string text = "{\"a\":\n" + std::string(100000, '[') + std::string(100000, ']') + "}";
  JsonLines lines(text);
  EXPECT_EQ(lines.LineOf("/a"), 1);
  EXPECT_EQ(lines.LineOf("/a/0/0"), 2);
}

TEST(ScenarioJsonLinesTest, PointersEscapeTildeAndSlash) {
  EXPECT_EQ(ChildPointer("/a", "b/c~d"), "/a/b~1c~0d");
  EXPECT_EQ(ChildPointer("/a", size_t{3}), "/a/3");
}

TEST(ScenarioJsonLinesTest, PositionOfCountsLinesAndColumns) {
  TextPosition pos = PositionOf("ab\ncd\nef", 4);
  EXPECT_EQ(pos.line, 2);
  EXPECT_EQ(pos.column, 2);
  pos = PositionOf("ab", 0);
  EXPECT_EQ(pos.line, 1);
  EXPECT_EQ(pos.column, 1);
}

}  // namespace
}  // namespace mapi_emu::scenario
