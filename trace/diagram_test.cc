#include "trace/diagram.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "trace/reader.h"
#include "trace/trace_builder_test.h"

namespace mapi_emu::trace {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing::TestDataFile;
using testing::TraceBuilder;
using Json = nlohmann::json;

Diagram Draw(const char* name) {
  absl::StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open(TestDataFile(name));
  EXPECT_TRUE(reader.ok()) << reader.status();
  absl::StatusOr<Diagram> d = BuildDiagram(**reader);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *std::move(d) : Diagram{};
}

Diagram DrawText(const std::string& text, std::string title = "t.jsonl") {
  std::istringstream in(text);
  TraceReader reader(in, std::move(title));
  absl::StatusOr<Diagram> d = BuildDiagram(reader);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *std::move(d) : Diagram{};
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(DiagramTest, LifelinesInOrderOfFirstAppearance) {
  Diagram d = Draw("store_logoff_orderly.jsonl");
  std::vector<std::string> names;
  for (const Lifeline& l : d.lifelines) names.push_back(l.name);
  EXPECT_THAT(names, ::testing::ElementsAre("client", "MAPI", "libsample_xp.so", "XPProvider#1",
                                            "MAPISupport#1", "spooler", "XPLogon#1",
                                            "libsample_store.so", "MAPISession#1", "MSProvider#1",
                                            "MAPISupport#2", "MsgStore#1", "MSLogon#1"));
  EXPECT_TRUE(d.lifelines[0].actor);
  EXPECT_FALSE(d.lifelines[1].actor);
  EXPECT_EQ(d.events, 78u);
}

TEST(DiagramTest, MermaidHasParticipantsArrowsAndReturns) {
  const std::string m = RenderMermaid(Draw("store_logoff_orderly.jsonl"));
  EXPECT_THAT(m, StartsWith("sequenceDiagram\n"));
  EXPECT_THAT(m, HasSubstr("    actor client\n    participant MAPI\n"
                           "    participant libsample_xp_so as libsample_xp.so\n"));
  // The client's StoreLogoff, MAPI forwarding it, and the store calling
  // back into its support object from inside it.
  EXPECT_THAT(m, HasSubstr("    client->>MsgStore_1: IMsgStore::StoreLogoff(LOGOFF_ORDERLY)\n"
                           "    MAPI->>MsgStore_1: IMsgStore::StoreLogoff(LOGOFF_ORDERLY)\n"
                           "    MsgStore_1->>MAPISupport_2: "
                           "IMAPISupport::StoreLogoffTransports(LOGOFF_ORDERLY)\n"
                           "    MAPISupport_2-->>MsgStore_1: S_OK (flags=LOGOFF_COMPLETE)\n"));
  EXPECT_THAT(m, HasSubstr("    client->>MAPI: MAPILogonEx(MAPI_EXTENDED|MAPI_NEW_SESSION, "
                           "profile=default)\n"));
  EXPECT_THAT(m, HasSubstr("    MAPI->>libsample_store_so: MSProviderInit(0, mapi_ver=0x00010010, "
                           "session=MAPISession#1, type=MAPI_STORE_PROVIDER)\n"));
  EXPECT_THAT(m, HasSubstr("    spooler->>XPLogon_1: IXPLogon::AddressTypes(0)\n"));
  EXPECT_THAT(m, HasSubstr("    Note over libsample_store_so: unloaded (count 0)\n"));
  EXPECT_THAT(m, HasSubstr("    Note over MAPISupport_2: uid.removed "
                           "uid=MAPIUID#1\n"));
  EXPECT_THAT(m, Not(HasSubstr("⚠")));
}

TEST(DiagramTest, FindingIsMarkedOnItsArrow) {
  const std::string m = RenderMermaid(Draw("store_release_slt_orderly.jsonl"));
  EXPECT_THAT(m, HasSubstr("    MsgStore_1->>MAPISupport_2: "
                           "IMAPISupport::StoreLogoffTransports(LOGOFF_ORDERLY)\n"
                           "    Note over MsgStore_1,MAPISupport_2: "
                           "⚠ error store.slt-abort-on-release\n"));
  EXPECT_EQ(Count(m, "⚠"), 1u);
}

TEST(DiagramTest, WarningIsMarkedToo) {
  Diagram d = Draw("shutdown_fails_warning.jsonl");
  ASSERT_EQ(d.findings.size(), 1u);
  EXPECT_EQ(d.findings[0].rule, "shutdown.succeeds");
  EXPECT_THAT(RenderMermaid(d), HasSubstr("⚠ warning shutdown.succeeds\n"));
  EXPECT_THAT(RenderSvg(d), HasSubstr("class=\"finding warning\""));
}

TEST(DiagramTest, SvgIsOneWellFormedDocumentWithoutScripts) {
  const std::string svg = RenderSvg(Draw("store_release_slt_orderly.jsonl"));
  EXPECT_THAT(svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(Count(svg, "<svg"), 1u);
  EXPECT_EQ(Count(svg, "</svg>"), 1u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_THAT(svg, Not(HasSubstr("<script")));
  EXPECT_EQ(Count(svg, "<text"), Count(svg, "</text>"));
  // Returns are dashed, the finding is red and names its rule.
  EXPECT_THAT(svg, HasSubstr("stroke-dasharray=\"6 4\" marker-end"));
  EXPECT_THAT(svg, HasSubstr("class=\"finding error\""));
  EXPECT_THAT(svg, HasSubstr(">⚠ error store.slt-abort-on-release</text>"));
  EXPECT_THAT(svg, HasSubstr(">IMAPISupport::StoreLogoffTransports(LOGOFF_ORDERLY)</text>"));
  // Only the namespace names a URL.
  EXPECT_EQ(Count(svg, "http"), 1u);
}

TEST(DiagramTest, TheClientsScriptSitsOnTheClientsLifeline) {
  const std::string m = RenderMermaid(DrawText(
      "{\"schema\":\"mapi_emu-trace\",\"version\":1,\"producer\":\"t\",\"mode\":\"deterministic\"}\n"
      "{\"seq\":1,\"thread\":\"client\",\"ev\":\"note\",\"what\":\"client.scenario\",\"scenario\":{\"name\":\"s\",\"description\":\"a test\"}}\n{\"seq\":2,\"thread\":\"client\",\"ev\":\"note\",\"what\":\"client.step\",\"n\":1,\"step\":{\"do\":\"StoreLogoff\",\"flags\":[\"LOGOFF_ORDERLY\"],\"store\":\"st1\",\"expect\":\"S_OK\"}}\n"));
  EXPECT_THAT(m, HasSubstr("Note over client: scenario s\n"));
  EXPECT_THAT(m, HasSubstr("Note over client: step 1: StoreLogoff\n"));
}

TEST(DiagramTest, SvgEscapesXml) {
  TraceBuilder t;
  t.CallRet("client>mapi", "", "MAPILogonEx", "", {{"profile", "a<b & \"c\""}}, "S_OK");
  const std::string svg = RenderSvg(DrawText(t.Text(), "x<y>.jsonl"));
  EXPECT_THAT(svg, HasSubstr("profile=a&lt;b &amp; &quot;c&quot;"));
  EXPECT_THAT(svg, HasSubstr("<title>x&lt;y&gt;.jsonl</title>"));
  EXPECT_THAT(svg, Not(HasSubstr("a<b")));
}

TEST(DiagramTest, HtmlIsSelfContained) {
  const std::string html = RenderHtml(Draw("store_release_slt_orderly.jsonl"));
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>\n"));
  EXPECT_THAT(html, HasSubstr("74 event(s), 1 error(s), 0 warning(s)"));
  EXPECT_THAT(html, HasSubstr("<code>store.slt-abort-on-release</code> at seq 40 (line 41)"));
  EXPECT_THAT(html, HasSubstr("rule: a store released without StoreLogoff passes LOGOFF_ABORT "
                              "to StoreLogoffTransports"));
  EXPECT_THAT(html, HasSubstr("page: <code>shutting-down-a-message-store-provider.md, "
                              "imsgstore-storelogoff.md</code>"));
  EXPECT_EQ(Count(html, "<svg"), 1u);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_EQ(Count(html, "http://"), 1u);
  EXPECT_THAT(html, HasSubstr("xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(html, HasSubstr("</html>\n"));
}

TEST(DiagramTest, OutputIsDeterministic) {
  for (DiagramFormat format :
       {DiagramFormat::kMermaid, DiagramFormat::kSvg, DiagramFormat::kHtml}) {
    EXPECT_EQ(Render(Draw("store_logoff_orderly.jsonl"), format),
              Render(Draw("store_logoff_orderly.jsonl"), format));
  }
}

// A transport polled 118 times, then 40 sends of SubmitMessage/EndMessage:
// 400 events that fold to a handful of arrows.
TEST(DiagramTest, RepetitionsFold) {
  TraceBuilder t;
  t.CallRet("client>mapi", "", "MAPIInitialize", "", {{"init", nullptr}}, "S_OK");
  for (int i = 0; i < 118; ++i) {
    t.CallRet("mapi>provider", "IXPLogon", "Poll", "XPLogon#1", Json::object(), "S_OK",
              {{"incoming", 0}});
  }
  for (int i = 1; i <= 40; ++i) {
    t.CallRet("mapi>provider", "IXPLogon", "SubmitMessage", "XPLogon#1", {{"msg_ref", i}}, "S_OK");
    t.CallRet("mapi>provider", "IXPLogon", "EndMessage", "XPLogon#1", {{"msg_ref", i}}, "S_OK");
  }
  t.CallRet("client>mapi", "", "MAPIUninitialize", "", Json::object(), "S_OK");
  ASSERT_EQ(t.last(), 400u);
  Diagram d = DrawText(t.Text());
  EXPECT_EQ(d.events, 400u);

  const std::string m = RenderMermaid(d);
  EXPECT_THAT(m, HasSubstr("    MAPI->>XPLogon_1: IXPLogon::Poll() → S_OK (incoming=0) ×118\n"));
  // Arguments that differ between copies are left out.
  EXPECT_THAT(m, HasSubstr("    loop ×40\n"
                           "        MAPI->>XPLogon_1: IXPLogon::SubmitMessage(...)\n"
                           "        XPLogon_1-->>MAPI: S_OK\n"
                           "        MAPI->>XPLogon_1: IXPLogon::EndMessage(...)\n"
                           "        XPLogon_1-->>MAPI: S_OK\n"
                           "    end\n"));
  const size_t arrows = Count(m, "->>");
  EXPECT_LE(arrows, 10u);
  EXPECT_EQ(Count(RenderSvg(d), "marker-end="), arrows);
}

TEST(DiagramTest, AFindingKeepsItsArrowOutOfAFold) {
  TraceBuilder t;
  for (int i = 0; i < 5; ++i) {
    t.CallRet("mapi>provider", "IXPLogon", "Poll", "XPLogon#1", Json::object(), "S_OK");
  }
  DiagramBuilder b("t");
  for (const Event& e : t.events()) b.Observe(e);
  Finding f;
  f.rule = "transport.poll-idle-flags";
  f.seq = 5;  // the third Poll
  b.AddFinding(f);
  const std::string m = RenderMermaid(b.Finish());
  EXPECT_THAT(m, HasSubstr("IXPLogon::Poll() → S_OK ×2\n"
                           "    MAPI->>XPLogon_1: IXPLogon::Poll()\n"
                           "    Note over MAPI,XPLogon_1: ⚠ error transport.poll-idle-flags\n"
                           "    XPLogon_1-->>MAPI: S_OK\n"));
}

TEST(DiagramTest, UnreadableTraceIsTheReadersError) {
  absl::StatusOr<std::unique_ptr<TraceReader>> reader =
      TraceReader::Open(TestDataFile("truncated.jsonl"));
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<Diagram> d = BuildDiagram(**reader);
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(std::string(d.status().message()), HasSubstr("truncated.jsonl:79: truncated"));
}

TEST(DiagramTest, FormatNames) {
  EXPECT_EQ(DiagramFormatFromText("svg"), DiagramFormat::kSvg);
  EXPECT_EQ(DiagramFormatFromText("html"), DiagramFormat::kHtml);
  EXPECT_EQ(DiagramFormatFromText("mermaid"), DiagramFormat::kMermaid);
  EXPECT_EQ(DiagramFormatFromText("png"), std::nullopt);
  EXPECT_EQ(ShortArgs({{"flags", Json::array({"A", "B"})}, {"x", 1}}), "A|B, x=1");
  EXPECT_EQ(ShortArgs(Json::object()), "");
}

}  // namespace
}  // namespace mapi_emu::trace
