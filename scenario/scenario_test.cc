#include "scenario/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "mapicode.h"
#include "mapidefs.h"
#include "mapix.h"

namespace mapi_emu::scenario {
namespace {

// A scenario whose steps are `steps` (one per line, each ending in ","
// except the last), starting on line 6.
std::string WithSteps(const std::string& steps) {
  return "{\n"
         "  \"scenario\": 1,\n"
         "  \"name\": \"t\",\n"
         "  \"profile\": \"default\",\n"
         "  \"steps\": [\n" +
         steps +
         "  ]\n"
         "}\n";
}

constexpr char kStart[] =
    "    {\"do\": \"MAPIInitialize\"},\n"
    "    {\"do\": \"MAPILogonEx\", \"flags\": [\"MAPI_EXTENDED\"], \"as\": \"s1\"},\n";

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<Scenario> parsed = ParseScenario(text, "t.json");
  if (parsed.ok()) return "parsed";
  return std::string(parsed.status().message());
}

TEST(ScenarioParseTest, ReadsEveryKindOfStep) {
  absl::StatusOr<Scenario> parsed = ParseScenario(
      WithSteps(
          std::string(kStart) +
          "    {\"do\": \"OpenMsgStore\", \"session\": \"s1\", \"as\": \"st1\"},\n"
          "    {\"do\": \"CreateMessage\", \"store\": \"st1\", \"subject\": \"Hi\",\n"
          "     \"to\": [{\"type\": \"FILE\", \"address\": \"${data}/d\"}], \"submit\": true},\n"
          "    {\"do\": \"SpoolerStep\", \"session\": \"s1\", \"step\": \"SEND_ALL\",\n"
          "     \"expect_counts\": {\"sent\": 1}},\n"
          "    {\"do\": \"StoreLogoff\", \"store\": \"st1\", \"flags\": [\"LOGOFF_ORDERLY\"],\n"
          "     \"expect_flags_out\": [\"LOGOFF_COMPLETE\"]},\n"
          "    {\"do\": \"Release\", \"object\": \"st1\"},\n"
          "    {\"do\": \"FastShutdown\", \"session\": \"s1\", \"expect\": "
          "\"MAPI_E_NO_SUPPORT\"},\n"
          "    {\"do\": \"Logoff\", \"session\": \"s1\", \"flags\": [\"MAPI_LOGOFF_SHARED\"]},\n"
          "    {\"do\": \"Release\", \"object\": \"s1\"},\n"
          "    {\"do\": \"MAPIUninitialize\"},\n"
          "    {\"do\": \"LibraryLoaded\", \"library\": \"sample_xp\", \"loaded\": false}\n"),
      "t.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Scenario& s = *parsed;
  EXPECT_EQ(s.name, "t");
  EXPECT_TRUE(s.default_profile);
  EXPECT_FALSE(s.threaded_spooler);
  ASSERT_EQ(s.steps.size(), 12u);
  EXPECT_EQ(s.steps[0].line, 6);
  EXPECT_EQ(s.steps[1].flags, static_cast<uint32_t>(MAPI_EXTENDED));
  EXPECT_EQ(s.steps[1].as, "s1");
  EXPECT_EQ(s.steps[2].store, "default");
  EXPECT_EQ(s.steps[2].flags, static_cast<uint32_t>(MDB_NO_DIALOG | MDB_WRITE));
  EXPECT_EQ(s.steps[3].line, 9);
  EXPECT_EQ(s.steps[3].message.folder, "outbox");
  ASSERT_EQ(s.steps[3].message.to.size(), 1u);
  EXPECT_EQ(s.steps[3].message.to[0].name, "${data}/d");
  EXPECT_TRUE(s.steps[3].message.submit);
  EXPECT_EQ(s.steps[4].spooler_step_name, "SEND_ALL");
  EXPECT_EQ(s.steps[4].expect_counts.at("sent"), 1u);
  EXPECT_EQ(s.steps[5].flags, static_cast<uint32_t>(LOGOFF_ORDERLY));
  EXPECT_EQ(s.steps[5].expect_flags_out, static_cast<uint32_t>(LOGOFF_COMPLETE));
  EXPECT_EQ(s.steps[7].expect, MAPI_E_NO_SUPPORT);
  EXPECT_EQ(s.steps[8].flags, static_cast<uint32_t>(MAPI_LOGOFF_SHARED));
  EXPECT_EQ(s.steps[11].library, "sample_xp");
  EXPECT_EQ(s.steps[11].line, 20);
}

TEST(ScenarioParseTest, ASyntaxErrorNamesLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\n  \"scenario\": 1,\n  \"name\": \"t\"\n  \"steps\": []\n}\n"),
            "t.json:4:9: syntax error while parsing object - unexpected string literal; "
            "expected '}'");
  EXPECT_EQ(ErrorOf(""),
            "t.json:1:1: syntax error while parsing value - unexpected end of "
            "input; expected '[', '{', or a literal");
}

TEST(ScenarioParseTest, AnUnknownStepNamesItsLine) {
  EXPECT_EQ(ErrorOf(WithSteps(std::string(kStart) + "    {\"do\": \"Frobnicate\"}\n")),
            "t.json:8: step 3: unknown step \"Frobnicate\" (known: MAPIInitialize, "
            "MAPIUninitialize, MAPILogonEx, OpenMsgStore, CreateMessage, SpoolerStep, "
            "StoreLogoff, Release, Logoff, FastShutdown, LibraryLoaded)");
}

TEST(ScenarioParseTest, AMissingFieldNamesTheStep) {
  EXPECT_EQ(ErrorOf(WithSteps(std::string(kStart) + "    {\"do\": \"OpenMsgStore\",\n"
                                                    "     \"as\": \"st1\"}\n")),
            "t.json:8: step 3 (OpenMsgStore): missing field \"session\"");
  EXPECT_EQ(ErrorOf(WithSteps("    {\"expect\": \"S_OK\"}\n")),
            "t.json:6: step 1: missing field \"do\"");
}

TEST(ScenarioParseTest, AnUnknownFieldNamesItsLine) {
  EXPECT_EQ(
      ErrorOf(WithSteps(std::string(kStart) + "    {\"do\": \"Logoff\", \"session\": \"s1\",\n"
                                              "     \"flagz\": []}\n")),
      "t.json:9: step 3 (Logoff): unknown field \"flagz\" (known: session, flags, do, "
      "expect)");
}

TEST(ScenarioParseTest, AnUnknownNameNamesItsLine) {
  EXPECT_EQ(
      ErrorOf(WithSteps(std::string(kStart) + "    {\"do\": \"OpenMsgStore\",\n"
                                              "     \"session\": \"s2\", \"as\": \"st1\"}\n")),
      "t.json:9: step 3 (OpenMsgStore): unknown name \"s2\" (no earlier step made it "
      "with \"as\")");
}

TEST(ScenarioParseTest, ANameIsGoneAfterItsRelease) {
  EXPECT_EQ(
      ErrorOf(WithSteps(std::string(kStart) + "    {\"do\": \"Release\", \"object\": \"s1\"},\n"
                                              "    {\"do\": \"Logoff\", \"session\": \"s1\"}\n")),
      "t.json:9: step 4 (Logoff): \"s1\" was released by step 3");
  EXPECT_EQ(
      ErrorOf(WithSteps(std::string(kStart) + "    {\"do\": \"Release\", \"object\": \"s1\"},\n"
                                              "    {\"do\": \"Release\", \"object\": \"s1\"}\n")),
      "t.json:9: step 4 (Release): unknown name \"s1\" (released already by step 3)");
}

TEST(ScenarioParseTest, ANameOfTheWrongKindIsAnError) {
  EXPECT_EQ(ErrorOf(WithSteps(std::string(kStart) +
                              "    {\"do\": \"StoreLogoff\", \"store\": \"s1\"}\n")),
            "t.json:8: step 3 (StoreLogoff): \"s1\" is a session, not a store");
}

TEST(ScenarioParseTest, ABadFlagNamesTheFlagAndTheTable) {
  EXPECT_EQ(
      ErrorOf(WithSteps(std::string(kStart) +
                        "    {\"do\": \"OpenMsgStore\", \"session\": \"s1\", \"as\": \"st\"},\n"
                        "    {\"do\": \"StoreLogoff\", \"store\": \"st\",\n"
                        "     \"flags\": [\"LOGOFF_ORDERY\"]}\n")),
      "t.json:10: step 4 (StoreLogoff): bad flag in \"flags\": unknown flag "
      "'LOGOFF_ORDERY' (known: LOGOFF_NO_WAIT, LOGOFF_ORDERLY, LOGOFF_PURGE, LOGOFF_ABORT, "
      "LOGOFF_QUIET, LOGOFF_COMPLETE, LOGOFF_INBOUND, LOGOFF_OUTBOUND, "
      "LOGOFF_OUTBOUND_QUEUE)");
}

TEST(ScenarioParseTest, AnUnknownHresultIsAnError) {
  EXPECT_EQ(ErrorOf(WithSteps("    {\"do\": \"MAPIInitialize\", \"expect\": \"S_FINE\"}\n")),
            "t.json:6: step 1 (MAPIInitialize): unknown HRESULT \"S_FINE\"");
}

TEST(ScenarioParseTest, TopLevelMistakesNameTheirLine) {
  EXPECT_EQ(ErrorOf("{\n  \"scenario\": 2,\n  \"name\": \"t\"\n}\n"),
            "t.json:2: \"scenario\" must be 1 (the only format version there is)");
  EXPECT_EQ(ErrorOf("{\n  \"scenario\": 1,\n  \"name\": \"t\",\n  \"profile\": \"default\"\n}\n"),
            "t.json:1: missing field \"steps\"");
  EXPECT_EQ(ErrorOf("{\"scenario\": 1, \"name\": \"t\",\n \"profile\": {\"services\": []},\n"
                    " \"steps\": [{\"do\": \"MAPIInitialize\"}]}"),
            "t.json:2: \"profile\" must be \"default\" or {\"services\": [\"SERVICE\", ...]}");
  EXPECT_EQ(ErrorOf("[1, 2]"), "t.json:1: a scenario is a JSON object");
  EXPECT_EQ(ErrorOf("{\"scenario\": 1, \"name\": \"t\", \"profile\": \"default\",\n"
                    " \"spooler\": \"fast\", \"steps\": [{\"do\": \"MAPIInitialize\"}]}"),
            "t.json:2: \"spooler\" must be \"deterministic\" or \"threaded\"");
}

TEST(ScenarioParseTest, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(ErrorOf(deep), "t.json:1: a scenario is a JSON object");
  EXPECT_EQ(ErrorOf("{\"scenario\": 1, \"name\": \"t\", \"profile\": \"default\",\n"
                    " \"steps\": [" +
                    deep + "]}"),
            "t.json:2: step 1: a step must be an object");
}

TEST(ScenarioParseTest, AMissingFileIsAnError) {
  absl::StatusOr<Scenario> parsed = LoadScenario("/nonexistent/s.json");
  EXPECT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "/nonexistent/s.json: cannot open the scenario file");
}

TEST(ScenarioParseTest, EveryShippedScenarioParses) {
  int count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(MAPI_EMU_SOURCE_DIR "/configs/scenarios")) {
    absl::StatusOr<Scenario> parsed = LoadScenario(entry.path().string());
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (parsed.ok()) {
      EXPECT_EQ(parsed->name + ".json", entry.path().filename().string());
    }
    ++count;
  }
  EXPECT_GE(count, 10);
}

}  // namespace
}  // namespace mapi_emu::scenario
