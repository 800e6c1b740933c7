#include "trace/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "trace/trace_builder_test.h"
#include "trace/writer.h"

namespace mapi_emu::trace {
namespace {

using ::testing::HasSubstr;
using testing::TraceBuilder;
using Json = nlohmann::json;

constexpr char kHeader[] =
    R"({"schema":"mapi_emu-trace","version":1,"producer":"mapi_emu 0.1.0","mode":"deterministic"})";

TraceBuilder Sample() {
  TraceBuilder t;
  t.CallRet("client>mapi", "", "MAPIInitialize", "", {{"init", nullptr}}, "S_OK");
  t.Library(true, "libsample_store.so", 1);
  uint64_t entry = t.Entry("MSProviderInit", "libsample_store.so",
                           {{"session", "MAPISession#1"}, {"flags", Json::array()}});
  t.Ret(entry, "S_OK", {{"provider", "MSProvider#1"}});
  t.Note("status_row.added", "MAPISupport#1", {{"row", 1}});
  t.CallRet("client>mapi", "IMsgStore", "StoreLogoff", "MsgStore#1",
            {{"flags", Json::array({"LOGOFF_ORDERLY"})}}, "S_OK", {{"flags", Json::array()}});
  t.CallRet("client>mapi", "IUnknown", "Release", "MsgStore#1", {}, 0);
  t.Library(false, "libsample_store.so", 0);
  return t;
}

// Reads all of `text`; the error of the first bad line, or the events.
absl::StatusOr<std::vector<Event>> ReadAll(const std::string& text) {
  std::istringstream in(text);
  TraceReader reader(in, "t.jsonl");
  std::vector<Event> events;
  while (true) {
    absl::StatusOr<std::optional<Event>> e = reader.Next();
    if (!e.ok()) return e.status();
    if (!e->has_value()) return events;
    events.push_back(**e);
  }
}

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<std::vector<Event>> events = ReadAll(text);
  return events.ok() ? "no error" : std::string(events.status().message());
}

TEST(TraceReaderTest, ReadsBackWhatTheWriterWroteByteForByte) {
  TraceBuilder t = Sample();
  absl::StatusOr<std::vector<Event>> events = ReadAll(t.Text());
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), t.events().size());
  for (size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ(FormatEvent((*events)[i]), FormatEvent(t.events()[i]));
  }
  EXPECT_EQ((*events)[5].what, "status_row.added");
  EXPECT_EQ((*events)[5].fields["row"], 1);
}

TEST(TraceReaderTest, HeaderErrors) {
  EXPECT_EQ(ErrorOf(""), "t.jsonl:1: empty file (no header line)");
  EXPECT_EQ(ErrorOf("{\"a\":1}\n"),
            "t.jsonl:1: not a mapi_emu trace: the first line has no "
            "\"schema\":\"mapi_emu-trace\"");
  EXPECT_EQ(ErrorOf(R"({"schema":"mapi_emu-trace","version":2,"mode":"deterministic"})"
                    "\n"),
            "t.jsonl:1: unknown schema version 2 (this mapi_emu reads version 1)");
  EXPECT_EQ(ErrorOf(R"({"schema":"mapi_emu-trace","version":1,"mode":"fast"})"
                    "\n"),
            "t.jsonl:1: unknown mode \"fast\" (deterministic or threaded)");
}

TEST(TraceReaderTest, EventErrorsNameFileLineAndWhatIsWrong) {
  const std::string h = std::string(kHeader) + "\n";
  EXPECT_EQ(ErrorOf(h + "{\"seq\":1,\n"), "t.jsonl:2: bad JSON");
  EXPECT_EQ(ErrorOf(h + R"({"seq":1,"thread":"client","ev":"call","side":"client>mapi","args":{}})"
                        "\n"),
            "t.jsonl:2: missing field \"method\" in a \"call\" event");
  EXPECT_EQ(ErrorOf(h + R"({"seq":1,"thread":"client","ev":"jump"})"
                        "\n"),
            "t.jsonl:2: unknown \"ev\" \"jump\" (call, return, load, unload, entry or note)");
  EXPECT_EQ(ErrorOf(h + R"({"seq":1,"thread":"client","ev":"load","lib":"a.so","count":1.5})"
                        "\n"),
            "t.jsonl:2: a number is not an integer");
  EXPECT_EQ(ErrorOf(h + R"({"seq":1,"thread":"client","ev":"load","lib":"a.so","count":1,"x":2})"
                        "\n"),
            "t.jsonl:2: unknown field \"x\" in a \"load\" event");
  EXPECT_EQ(
      ErrorOf(
          h +
          R"({"seq":1,"thread":"client","ev":"return","side":"client>mapi","method":"M","call":1,"result":"S_OK"})"
          "\n"),
      "t.jsonl:2: \"call\" 1 is not an earlier seq");
  EXPECT_EQ(
      ErrorOf(h + R"({"seq":1,"thread":"client","ev":"call","side":"up","method":"M","args":{}})"
                  "\n"),
      "t.jsonl:2: unknown \"side\" \"up\" (client>mapi, mapi>provider, provider>mapi or "
      "mapi>client)");
  EXPECT_EQ(ErrorOf(h + "\n"), "t.jsonl:2: empty line");
}

TEST(TraceReaderTest, SequenceGap) {
  TraceBuilder t = Sample();
  std::string text = t.Text();
  // Drop line 4 (seq 3).
  std::istringstream in(text);
  std::string line, cut;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n != 4) cut += line + "\n";
  }
  EXPECT_EQ(ErrorOf(cut), "t.jsonl:4: sequence gap: expected seq 3, found 4");
}

TEST(TraceReaderTest, TruncatedLastLine) {
  std::string text = Sample().Text();
  text.resize(text.size() - 10);
  EXPECT_THAT(ErrorOf(text), HasSubstr("t.jsonl:12: truncated last line"));
  // A complete last line without its newline is fine.
  std::string no_newline = Sample().Text();
  no_newline.pop_back();
  EXPECT_EQ(ErrorOf(no_newline), "no error");
}

TEST(TraceReaderTest, OpenNamesAFileItCannotRead) {
  absl::StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open("/no/such/trace.jsonl");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().message(), "/no/such/trace.jsonl: cannot open the file");
}

TEST(TraceReaderTest, ReadsTheTestdataTraces) {
  for (const char* name : {"store_logoff_orderly.jsonl", "store_release_slt_orderly.jsonl"}) {
    absl::StatusOr<std::unique_ptr<TraceReader>> reader =
        TraceReader::Open(std::string(MAPI_EMU_TRACE_TESTDATA) + "/" + name);
    ASSERT_TRUE(reader.ok()) << reader.status();
    int n = 0;
    while (true) {
      absl::StatusOr<std::optional<Event>> e = (*reader)->Next();
      ASSERT_TRUE(e.ok()) << e.status();
      if (!e->has_value()) break;
      // The files are what the writer writes, byte for byte.
      EXPECT_EQ(FormatEvent(**e), (*reader)->text()) << name;
      ++n;
    }
    EXPECT_GT(n, 20) << name;
  }
}

TEST(CompareTracesTest, IgnoresTimeAndProducer) {
  TraceBuilder t = Sample();
  std::string a = t.Text(Mode::kThreaded);
  std::string b = a;
  // Another producer and times in b.
  b.replace(b.find("mapi_emu 0.1.0"), 14, "tracer 9");
  size_t pos = b.find("\n", b.find("\n") + 1);
  b.insert(pos - 1, ",\"t_us\":77");
  std::istringstream ia(a), ib(b);
  TraceReader ra(ia, "a"), rb(ib, "b");
  absl::StatusOr<std::optional<Divergence>> d = CompareTraces(ra, rb);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(*d, std::nullopt);
}

TEST(CompareTracesTest, FirstDivergenceWithThreeLinesOfContext) {
  std::string text_a = Sample().Text();
  std::string text_b = text_a;
  text_b.replace(text_b.find("LOGOFF_ORDERLY"), 14, "LOGOFF_ABORT");
  std::istringstream ia(text_a), ib(text_b);
  TraceReader ra(ia, "a.jsonl"), rb(ib, "b.jsonl");
  absl::StatusOr<std::optional<Divergence>> d = CompareTraces(ra, rb);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->has_value());
  const Divergence& div = **d;
  EXPECT_EQ(div.seq, 7u);
  EXPECT_EQ(div.line, 8);
  EXPECT_THAT(div.a, HasSubstr("LOGOFF_ORDERLY"));
  EXPECT_THAT(div.b, HasSubstr("LOGOFF_ABORT"));
  ASSERT_EQ(div.context.size(), 3u);
  EXPECT_THAT(div.context[2], HasSubstr(R"("what":"status_row.added")"));
  std::string text = FormatDivergence(div, "a.jsonl", "b.jsonl");
  EXPECT_THAT(text, HasSubstr("first divergence at line 8 (seq 7):\n"));
  EXPECT_THAT(text, HasSubstr("- a.jsonl: {\"seq\":7,"));
  EXPECT_THAT(text, HasSubstr("+ b.jsonl: {\"seq\":7,"));
}

TEST(CompareTracesTest, ATraceThatEndsEarlyDiverges) {
  std::string a = Sample().Text();
  std::string b = a.substr(0, a.rfind('\n', a.size() - 2) + 1);
  std::istringstream ia(a), ib(b);
  TraceReader ra(ia, "a"), rb(ib, "b");
  absl::StatusOr<std::optional<Divergence>> d = CompareTraces(ra, rb);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ((*d)->b, "<end of trace>");
  EXPECT_EQ((*d)->seq, 11u);
}

TEST(SchemaTest, TheSchemaFileIsDraft2020_12AndNamesEveryEventKind) {
  std::ifstream in(MAPI_EMU_SCHEMA_FILE);
  ASSERT_TRUE(in) << MAPI_EMU_SCHEMA_FILE;
  Json schema = Json::parse(in, nullptr, false);
  ASSERT_FALSE(schema.is_discarded());
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  const std::string text = schema.dump();
  for (const char* kind : {"call", "return", "load", "unload", "entry", "note"}) {
    EXPECT_THAT(text, HasSubstr(std::string("\"") + kind + "\"")) << kind;
  }
}

}  // namespace
}  // namespace mapi_emu::trace
