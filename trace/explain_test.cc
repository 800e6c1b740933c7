#include "trace/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "trace/trace_builder_test.h"

namespace mapi_emu::trace {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing::TestDataFile;
using testing::TraceBuilder;
using Json = nlohmann::json;

std::string Explain(const char* name) {
  absl::StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open(TestDataFile(name));
  EXPECT_TRUE(reader.ok()) << reader.status();
  absl::StatusOr<std::string> text = ExplainTrace(**reader);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

std::string ExplainEvents(const TraceBuilder& t) {
  std::istringstream in(t.Text());
  TraceReader reader(in, "t.jsonl");
  absl::StatusOr<std::string> text = ExplainTrace(reader);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

TEST(ExplainTest, StoreLogoffIsToldWithItsRules) {
  const std::string text = Explain("store_logoff_orderly.jsonl");
  EXPECT_THAT(text,
              StartsWith("Explaining " + TestDataFile("store_logoff_orderly.jsonl") + "\n\n"));
  EXPECT_THAT(
      text,
      HasSubstr("1. The client calls MAPIInitialize (init=NULL) → S_OK.\n"
                "   The client starts MAPI in this process; every MAPIInitialize needs its own "
                "MAPIUninitialize.\n"
                "   [process.init-balance; mapiinitialize.md]\n"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "19. The client calls IMsgStore::StoreLogoff on MsgStore#1 (LOGOFF_ORDERLY).\n"
          "   The client logs off the store with LOGOFF_ORDERLY; the store must first ask MAPI to "
          "log "
          "off the transports (StoreLogoffTransports) with the same flag.\n"
          "   [store.storelogoff-one-flag; imsgstore-storelogoff.md] "
          "[store.slt-same-flag; imsgstore-storelogoff.md]\n"
          "  20. MAPI passes it on to the provider's own MsgStore#1 (LOGOFF_ORDERLY).\n"
          "    21. The provider calls IMAPISupport::StoreLogoffTransports on MAPISupport#2 "
          "(LOGOFF_ORDERLY) → S_OK (flags=LOGOFF_COMPLETE).\n"
          "       The store asks MAPI to log off the transports with LOGOFF_ORDERLY, the flag the "
          "client gave StoreLogoff; it does this once per logon.\n"
          "       [store.slt-once; shutting-down-a-message-store-provider.md] "
          "[store.slt-same-flag; imapisupport-storelogofftransports.md]\n"
          "     ↳ IMsgStore::StoreLogoff (step 20) returns S_OK (flags=0).\n"
          "   ↳ IMsgStore::StoreLogoff (step 19) returns S_OK (flags=0).\n"));
  // The page cited is the one about the call itself.
  EXPECT_THAT(text,
              HasSubstr("33. MAPI calls IXPProvider::Shutdown on XPProvider#1 (0) → S_OK.\n"));
  EXPECT_THAT(text, HasSubstr("[shutdown.no-live-logons; ixpprovider-shutdown.md]"));
  EXPECT_THAT(text, HasSubstr("    · MAPI adds row 2 to the status table.\n"));
  EXPECT_THAT(text, HasSubstr("38. MAPI unloads the provider library libsample_store.so "
                              "(load count 0).\n"));
  EXPECT_THAT(
      text,
      HasSubstr("Summary: 78 events told in 38 steps (0 AddRef/Release calls left out).\n"
                "Provider libraries loaded: libsample_xp.so, libsample_store.so; unloaded: "
                "libsample_xp.so, libsample_store.so.\n"
                "Provider objects started: XPProvider#1, MSProvider#1; shut down: MSProvider#1, "
                "XPProvider#1.\n"
                "Findings: none; the trace keeps every rule the checker knows.\n"));
  EXPECT_THAT(text, Not(HasSubstr("⚠")));
}

TEST(ExplainTest, FindingIsToldAtItsStep) {
  const std::string text = Explain("store_release_slt_orderly.jsonl");
  EXPECT_THAT(
      text,
      HasSubstr(
          "    21. The provider calls IMAPISupport::StoreLogoffTransports on MAPISupport#2 "
          "(LOGOFF_ORDERLY) → S_OK (flags=LOGOFF_COMPLETE).\n"
          "       The store is being released without StoreLogoff and asks MAPI to log off the "
          "transports with LOGOFF_ORDERLY; here the flag must be LOGOFF_ABORT.\n"
          "       [store.slt-once; shutting-down-a-message-store-provider.md] "
          "[store.slt-abort-on-release; shutting-down-a-message-store-provider.md]\n"
          "       ⚠ this breaks rule store.slt-abort-on-release: a store released without "
          "StoreLogoff passes LOGOFF_ABORT to StoreLogoffTransports. What happened: no StoreLogoff "
          "came first, yet the store passed LOGOFF_ORDERLY. "
          "[shutting-down-a-message-store-provider.md, imsgstore-storelogoff.md]\n"));
  EXPECT_THAT(text, HasSubstr("Findings: 1 error(s), 0 warning(s): error "
                              "store.slt-abort-on-release at seq 40 on MsgStore#1.\n"));
}

TEST(ExplainTest, WarningIsTold) {
  const std::string text = Explain("shutdown_fails_warning.jsonl");
  EXPECT_THAT(text, HasSubstr("⚠ this breaks rule shutdown.succeeds: the provider's Shutdown "
                              "returns S_OK"));
  EXPECT_THAT(text, HasSubstr("Findings: 0 error(s), 1 warning(s)"));
}

TEST(ExplainTest, AddRefReleaseNoiseIsLeftOut) {
  TraceBuilder t;
  t.CallRet("client>mapi", "IUnknown", "AddRef", "MAPISession#1", Json::object(), 2);
  t.CallRet("client>mapi", "IUnknown", "Release", "MAPISession#1", Json::object(), 1);
  t.CallRet("client>mapi", "IUnknown", "Release", "MAPISession#1", Json::object(), 0);
  const std::string text = ExplainEvents(t);
  EXPECT_THAT(text, HasSubstr("1. The client calls IUnknown::Release on MAPISession#1 → count 0.\n"
                              "   This is the last reference: MAPISession#1 is gone.\n"));
  EXPECT_THAT(text, Not(HasSubstr("AddRef on")));
  EXPECT_THAT(text, Not(HasSubstr("2. ")));
  EXPECT_THAT(text, HasSubstr("6 events told in 1 steps (2 AddRef/Release calls left out)"));
}

TEST(ExplainTest, TheClientsScriptIsToldStepByStep) {
  std::istringstream in(
      "{\"schema\":\"mapi_emu-trace\",\"version\":1,\"producer\":\"t\",\"mode\":\"deterministic\"}\n"
      "{\"seq\":1,\"thread\":\"client\",\"ev\":\"note\",\"what\":\"client.scenario\",\"scenario\":{\"name\":\"s\",\"description\":\"a test\"}}\n{\"seq\":2,\"thread\":\"client\",\"ev\":\"note\",\"what\":\"client.step\",\"n\":1,\"step\":{\"do\":\"StoreLogoff\",\"flags\":[\"LOGOFF_ORDERLY\"],\"store\":\"st1\",\"expect\":\"S_OK\"}}\n");
  TraceReader reader(in, "t.jsonl");
  absl::StatusOr<std::string> text = ExplainTrace(reader);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, HasSubstr("· The client runs the scenario \"s\": a test.\n"));
  EXPECT_THAT(*text,
              HasSubstr("· Script step 1: StoreLogoff (flags=[\"LOGOFF_ORDERLY\"], store=st1).\n"))
      << "what the step expects is left out";
}

TEST(ExplainTest, IsDeterministic) {
  EXPECT_EQ(Explain("store_logoff_orderly.jsonl"), Explain("store_logoff_orderly.jsonl"));
}

TEST(ExplainTest, UnreadableTraceIsTheReadersError) {
  absl::StatusOr<std::unique_ptr<TraceReader>> reader =
      TraceReader::Open(TestDataFile("truncated.jsonl"));
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<std::string> text = ExplainTrace(**reader);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(std::string(text.status().message()), HasSubstr("truncated.jsonl:79: truncated"));
}

}  // namespace
}  // namespace mapi_emu::trace
