#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "mapi_emu/cli/cli_test_util.h"
#include "mapi_emu/cli/commands.h"

namespace mapi_emu::cli {
namespace {

using cli_testing::TraceData;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

struct DiagramRun {
  int code;
  std::string out;
  std::string err;
};
DiagramRun Diagram(Args args) {
  args.insert(args.begin(), {"mapi_emu", "diagram"});
  std::ostringstream out, err;
  int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(DiagramCommandTest, MermaidToStandardOutputByDefault) {
  DiagramRun r = Diagram({TraceData("store_logoff_orderly.jsonl")});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, StartsWith("sequenceDiagram\n"));
  EXPECT_THAT(r.out,
              HasSubstr("    client->>MsgStore_1: IMsgStore::StoreLogoff(LOGOFF_ORDERLY)\n"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(DiagramCommandTest, FindingsAreDrawnAndStillExitZero) {
  DiagramRun r = Diagram({"--format", "mermaid", TraceData("store_release_slt_orderly.jsonl")});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("Note over MsgStore_1,MAPISupport_2: "
                               "⚠ error store.slt-abort-on-release\n"));
}

TEST(DiagramCommandTest, SvgAndHtmlToAFile) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string svg = (dir / "mapi_emu_diagram_test.svg").string();
  DiagramRun r =
      Diagram({TraceData("store_release_slt_orderly.jsonl"), "--format", "svg", "-o", svg});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, IsEmpty());
  std::ifstream in(svg);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(text.str(), HasSubstr("⚠ error store.slt-abort-on-release</text>"));
  in.close();  // Windows removes no open file
  std::filesystem::remove(svg);

  DiagramRun html = Diagram({"--format", "html", TraceData("store_release_slt_orderly.jsonl")});
  EXPECT_EQ(html.code, kExitOk);
  EXPECT_THAT(html.out, StartsWith("<!DOCTYPE html>\n"));
  EXPECT_THAT(html.out, HasSubstr("<code>store.slt-abort-on-release</code>"));
  EXPECT_THAT(html.out, ::testing::Not(HasSubstr("https://")));
}

TEST(DiagramCommandTest, DashReadsStandardInput) {
  std::ifstream file(TraceData("store_logoff_orderly.jsonl"));
  std::streambuf* saved = std::cin.rdbuf(file.rdbuf());
  DiagramRun r = Diagram({"-"});
  std::cin.rdbuf(saved);
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("    title #lt;stdin#gt;\n"));
}

TEST(DiagramCommandTest, UnreadableTraceExitsTwoNamingFileAndLine) {
  const std::string truncated = TraceData("truncated.jsonl");
  DiagramRun r = Diagram({truncated});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr(truncated + ":79: truncated last line"));
  EXPECT_THAT(r.out, IsEmpty());
  DiagramRun missing = Diagram({"/no/such/trace.jsonl"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_THAT(missing.err, HasSubstr("/no/such/trace.jsonl: cannot open the file"));
}

TEST(DiagramCommandTest, Usage) {
  EXPECT_EQ(Diagram({}).code, kExitUsage);
  EXPECT_THAT(Diagram({}).err, HasSubstr("usage: mapi_emu diagram TRACE"));
  DiagramRun format = Diagram({"--format", "png", TraceData("store_logoff_orderly.jsonl")});
  EXPECT_EQ(format.code, kExitUsage);
  EXPECT_THAT(format.err, HasSubstr("unknown format 'png'"));
  DiagramRun option = Diagram({"--wide", TraceData("store_logoff_orderly.jsonl")});
  EXPECT_EQ(option.code, kExitUsage);
  EXPECT_THAT(option.err, HasSubstr("unknown option '--wide'"));
  EXPECT_EQ(Diagram({TraceData("store_logoff_orderly.jsonl"), "-o"}).code, kExitUsage);
  EXPECT_EQ(Diagram({TraceData("a.jsonl"), TraceData("b.jsonl")}).code, kExitUsage);
}

TEST(DiagramCommandTest, UnwritableOutputExitsTwo) {
  DiagramRun r = Diagram({TraceData("store_logoff_orderly.jsonl"), "-o", "/no/such/dir/out.mmd"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("/no/such/dir/out.mmd: cannot write the file"));
}

TEST(DiagramCommandTest, HelpListsTheVerb) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"mapi_emu", "help"}, out, err), kExitOk);
  EXPECT_THAT(out.str(), HasSubstr("  diagram  draw a trace as a sequence diagram"));
  EXPECT_THAT(out.str(), HasSubstr("  explain  tell a trace step by step"));
}

}  // namespace
}  // namespace mapi_emu::cli
