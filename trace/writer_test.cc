#include "trace/writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "mapi_emu/base/file_text.h"
#include "mapi_emu/base/platform.h"
#include "trace/reader.h"

namespace mapi_emu::trace {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using Json = nlohmann::json;

Event StoreLogoffCall() {
  Event e;
  e.seq = 7;
  e.thread = "client";
  e.ev = EventKind::kCall;
  e.side = "client>mapi";
  e.iface = "IMsgStore";
  e.method = "StoreLogoff";
  e.obj = "MsgStore#1";
  e.lib = "libsample_store.so";
  e.args = {{"flags", Json::array({"LOGOFF_ORDERLY"})}};
  return e;
}

TEST(FormatTest, HeaderIsTheDocumentedLine) {
  EXPECT_EQ(FormatHeader(Header{}),
            R"({"schema":"mapi_emu-trace","version":1,"producer":"mapi_emu 0.1.0",)"
            R"("mode":"deterministic"})");
}

TEST(FormatTest, KeysComeInTheDocumentedOrder) {
  EXPECT_EQ(FormatEvent(StoreLogoffCall()),
            R"({"seq":7,"thread":"client","ev":"call","side":"client>mapi",)"
            R"("iface":"IMsgStore","method":"StoreLogoff","obj":"MsgStore#1",)"
            R"("lib":"libsample_store.so","args":{"flags":["LOGOFF_ORDERLY"]}})");

  Event ret;
  ret.seq = 9;
  ret.thread = "client";
  ret.ev = EventKind::kReturn;
  ret.side = "client>mapi";
  ret.iface = "IUnknown";
  ret.method = "Release";
  ret.obj = "MsgStore#1";
  ret.call = 8;
  ret.result = 0;
  ret.t_us = 1234;
  EXPECT_EQ(FormatEvent(ret),
            R"({"seq":9,"thread":"client","ev":"return","side":"client>mapi",)"
            R"("iface":"IUnknown","method":"Release","obj":"MsgStore#1","call":8,)"
            R"("result":0,"t_us":1234})");

  Event note;
  note.seq = 10;
  note.thread = "worker-1";
  note.ev = EventKind::kNote;
  note.what = "status_row.deleted";
  note.obj = "MAPISupport#1";
  note.fields = {{"row", 2}, {"notify", "TABLE_ROW_DELETED"}};
  EXPECT_EQ(FormatEvent(note),
            R"({"seq":10,"thread":"worker-1","ev":"note","what":"status_row.deleted",)"
            R"("obj":"MAPISupport#1","notify":"TABLE_ROW_DELETED","row":2})");

  Event load;
  load.seq = 2;
  load.thread = "client";
  load.ev = EventKind::kLoad;
  load.lib = "libsample_xp.so";
  load.count = 1;
  EXPECT_EQ(FormatEvent(load),
            R"({"seq":2,"thread":"client","ev":"load","lib":"libsample_xp.so","count":1})");
}

TEST(FormatTest, InvalidUtf8DoesNotStopTheTrace) {
  Event e = StoreLogoffCall();
  e.args = {{"name", std::string("caf\xe9")}};
  EXPECT_THAT(FormatEvent(e), HasSubstr("\"name\":\"caf\xEF\xBF\xBD\""));  // U+FFFD
}

TEST(ObjectNamesTest, ByKindAndCreationOrderNeverAPointer) {
  ObjectNames names;
  int a = 0, b = 0, c = 0;
  EXPECT_EQ(names.Name(&a, "MSLogon"), "MSLogon#1");
  EXPECT_EQ(names.Name(&b, "MSLogon"), "MSLogon#2");
  EXPECT_EQ(names.Name(&c, "MsgStore"), "MsgStore#1");
  EXPECT_EQ(names.Name(&a, "MSLogon"), "MSLogon#1");
  EXPECT_EQ(names.Find(&b), "MSLogon#2");
  // A new object at a reused address gets a new name.
  names.Forget(&a);
  EXPECT_EQ(names.Find(&a), std::nullopt);
  EXPECT_EQ(names.Name(&a, "MSLogon"), "MSLogon#3");
  EXPECT_EQ(names.size(), 3u);
}

TEST(TraceWriterTest, NumbersEventsAndWritesOneLineEach) {
  std::ostringstream out;
  TraceWriter writer(out, Mode::kDeterministic);
  Event e = StoreLogoffCall();
  e.seq = 99;  // the writer's numbering wins
  e.t_us = 5;  // no time in deterministic mode
  EXPECT_EQ(writer.Write(e), 1u);
  EXPECT_EQ(writer.Write(e), 2u);
  std::istringstream in(out.str());
  std::string header, first, second;
  std::getline(in, header);
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(header, FormatHeader(Header{}));
  EXPECT_THAT(first, StartsWith(R"({"seq":1,"thread":"client")"));
  EXPECT_THAT(second, StartsWith(R"({"seq":2,)"));
  EXPECT_THAT(out.str(), ::testing::Not(HasSubstr("t_us")));
}

TEST(TraceWriterTest, ThreadedModeAddsTime) {
  std::ostringstream out;
  TraceWriter writer(out, Mode::kThreaded);
  writer.Write(StoreLogoffCall());
  EXPECT_THAT(out.str(), HasSubstr(R"("mode":"threaded")"));
  EXPECT_THAT(out.str(), HasSubstr(R"(,"t_us":)"));
}

TEST(TraceWriterTest, ManyThreadsGetDistinctSeqsInLineOrder) {
  std::ostringstream out;
  TraceWriter writer(out, Mode::kThreaded);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < 500; ++i) {
        Event e = StoreLogoffCall();
        e.thread = "worker-" + std::to_string(t + 1);
        writer.Write(e);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::istringstream in(out.str());
  TraceReader reader(in, "threads");
  uint64_t n = 0;
  while (true) {
    absl::StatusOr<std::optional<Event>> e = reader.Next();
    ASSERT_TRUE(e.ok()) << e.status();
    if (!e->has_value()) break;
    ++n;
  }
  EXPECT_EQ(n, 2000u);
}

TEST(TraceWriterTest, OpenFileNamesAPathItCannotCreate) {
  absl::StatusOr<std::unique_ptr<TraceWriter>> writer =
      TraceWriter::OpenFile("/nonexistent-dir/x/trace.jsonl", Mode::kDeterministic);
  ASSERT_FALSE(writer.ok());
  EXPECT_THAT(std::string(writer.status().message()), HasSubstr("/nonexistent-dir/x/trace.jsonl"));
}

TEST(TraceWriterTest, ARestingFileIsWholeAndFreeAndTheNextEventAppendsToIt) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("mapi_emu_rest_" + std::to_string(CurrentProcessId()) + ".jsonl");
  absl::StatusOr<std::unique_ptr<TraceWriter>> writer =
      TraceWriter::OpenFile(path.string(), Mode::kDeterministic);
  ASSERT_TRUE(writer.ok()) << writer.status();
  (*writer)->Write(StoreLogoffCall());
  (*writer)->Rest();
  const std::string first = FileText(path);
  EXPECT_EQ(first, FormatHeader(Header{}) + "\n" + FormatEvent([] {
                     Event e = StoreLogoffCall();
                     e.seq = 1;
                     return e;
                   }()) +
                       "\n");
  // Closed: the file can be replaced (on Windows only a closed one can).
  std::filesystem::rename(path, path.string() + ".kept");
  std::filesystem::rename(path.string() + ".kept", path);
  EXPECT_EQ((*writer)->Write(StoreLogoffCall()), 2u);
  (*writer)->Flush();
  const std::string both = FileText(path);
  EXPECT_THAT(both, StartsWith(first));
  EXPECT_THAT(both.substr(first.size()), StartsWith(R"({"seq":2,"thread":"client")"));
  writer->reset();
  std::filesystem::remove(path);
}

TEST(TraceRecorderTest, RecordsOnlyWhileStartedAndNamesThreads) {
  TraceRecorder& recorder = TraceRecorder::Global();
  recorder.Stop();
  EXPECT_FALSE(TraceRecorder::Enabled());
  EXPECT_EQ(recorder.Record(StoreLogoffCall()), 0u);
  EXPECT_EQ(recorder.Name(&recorder, "Recorder"), "");

  std::ostringstream out;
  recorder.Start(std::make_unique<TraceWriter>(out, Mode::kDeterministic));
  EXPECT_TRUE(TraceRecorder::Enabled());
  Event e = StoreLogoffCall();
  e.thread.clear();
  e.obj = recorder.Name(&out, "MsgStore");
  EXPECT_EQ(recorder.Record(e), 1u);
  std::thread spooler([&recorder, e] {
    TraceRecorder::SetCurrentThreadName("spooler");
    recorder.Record(e);
  });
  spooler.join();
  std::unique_ptr<TraceWriter> writer = recorder.Stop();
  EXPECT_NE(writer, nullptr);
  EXPECT_FALSE(TraceRecorder::Enabled());
  EXPECT_THAT(out.str(), HasSubstr(R"({"seq":1,"thread":"client","ev":"call")"));
  EXPECT_THAT(out.str(), HasSubstr(R"({"seq":2,"thread":"spooler","ev":"call")"));
  EXPECT_THAT(out.str(), HasSubstr(R"("obj":"MsgStore#1")"));

  // A second trace names its threads the same way.
  for (int run = 0; run < 2; ++run) {
    std::ostringstream again;
    recorder.Start(std::make_unique<TraceWriter>(again, Mode::kDeterministic));
    std::thread other([&recorder, e] { recorder.Record(e); });
    other.join();
    recorder.Record(e);
    recorder.Stop();
    EXPECT_THAT(again.str(), HasSubstr(R"({"seq":1,"thread":"client","ev":"call")")) << run;
    EXPECT_THAT(again.str(), HasSubstr(R"({"seq":2,"thread":"client-2","ev":"call")")) << run;
  }
}

// MAPI_EMU_TRACE is read at first use, so this runs in a fresh process.
TEST(TraceRecorderDeathTest, EnvironmentVariableSwitchesItOn) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "mapi_emu_trace_env_test.jsonl";
  std::filesystem::remove(path);
  EXPECT_EXIT(
      {
        SetEnv("MAPI_EMU_TRACE", path.string());
        bool on = TraceRecorder::Enabled();
        Event e = StoreLogoffCall();
        TraceRecorder::Global().Record(e);
        TraceRecorder::Global().Stop();
        std::exit(on ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
  std::ifstream in(path);
  std::string header, line;
  std::getline(in, header);
  std::getline(in, line);
  EXPECT_EQ(header, FormatHeader(Header{}));
  EXPECT_THAT(line, StartsWith(R"({"seq":1,)"));
  in.close();  // Windows removes no open file
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace mapi_emu::trace
