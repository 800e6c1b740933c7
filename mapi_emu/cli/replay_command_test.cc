// `mapi_emu replay` through RunCli, in this process: its usage errors, and a
// golden trace re-driven on the reference providers and played back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "mapi_emu/cli/commands.h"

namespace mapi_emu::cli {
namespace {

using ::testing::HasSubstr;

struct ReplayResult {
  int code;
  std::string out;
  std::string err;
};

ReplayResult Replay(Args args) {
  args.insert(args.begin(), {"mapi_emu", "replay"});
  std::ostringstream out, err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

constexpr char kGolden[] = MAPI_EMU_SOURCE_DIR "/tests/golden/storelogoff-purge.jsonl";

TEST(ReplayCommandTest, WithoutATraceItPrintsItsUsage) {
  ReplayResult r = Replay({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("usage: mapi_emu replay TRACE [--playback] [--trace OUT.jsonl]"));
  r = Replay({kGolden, "--fast"});
  EXPECT_EQ(r.code, kExitUsage);
}

TEST(ReplayCommandTest, TheNewTraceMayNotOverwriteTheOneReplayed) {
  ReplayResult r = Replay({kGolden, "--trace", kGolden});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("--trace must name another file than the trace replayed"));
  EXPECT_EQ(r.out, "");
}

TEST(ReplayCommandTest, AGoldenTraceReplaysIdentically) {
  ReplayResult r = Replay({kGolden, "--providers", MAPI_EMU_PROVIDER_DIR});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("scenario storelogoff-purge, 12 steps, re-driven"));
  EXPECT_THAT(r.out, HasSubstr("identical to the recorded trace"));
}

TEST(ReplayCommandTest, AGoldenTracePlaysBackIdentically) {
  ReplayResult r = Replay({kGolden, "--playback", "--providers", MAPI_EMU_PROVIDER_DIR});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("scenario storelogoff-purge, 12 steps, played back from the trace "
                               "(3 provider libraries stood in for)"));
  EXPECT_THAT(r.out, HasSubstr("played back: 243 events, identical to the recorded trace"));
}

}  // namespace
}  // namespace mapi_emu::cli
