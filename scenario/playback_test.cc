// Playback (replay.h PlaybackTrace, playback.h): a run recorded on the
// reference providers plays back to the same bytes with only the stand-in
// library present; a changed provider answer changes what MAPI does and is
// the first divergence; what the player cannot do, and traces it cannot play,
// are named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mapi_emu/base/shared_library.h"
#include "mapicode.h"
#include "mapiemu.h"
#include "mapispi.h"
#include "scenario/playback.h"
#include "scenario/replay.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "scenario/trace_files_test_util.h"

namespace mapi_emu::scenario {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Join;
using testing::Lines;
using testing::RunScript;
using testing::TempFile;

// Writes, submits and sends a message, so that the stand-in store's content
// and the spooler are played too.
constexpr char kPlayedScript[] = R"({"scenario": 1, "name": "played", "profile": "default",
 "steps": [
  {"do": "MAPIInitialize"},
  {"do": "MAPILogonEx", "flags": ["MAPI_EXTENDED", "MAPI_NEW_SESSION"], "as": "s1"},
  {"do": "OpenMsgStore", "session": "s1", "as": "st1"},
  {"do": "CreateMessage", "store": "st1", "folder": "outbox", "subject": "Hi", "body": "b",
   "to": [{"name": "Drop", "type": "FILE", "address": "${data}/drop"}], "submit": true},
  {"do": "SpoolerStep", "session": "s1", "step": "SEND_ALL", "expect_counts": {"sent": 1}},
  {"do": "StoreLogoff", "store": "st1", "flags": ["LOGOFF_ORDERLY"]},
  {"do": "Release", "object": "st1"},
  {"do": "Logoff", "session": "s1"},
  {"do": "Release", "object": "s1"},
  {"do": "MAPIUninitialize"},
  {"do": "LibraryLoaded", "library": "sample_store", "loaded": false}
 ]})";

#if defined(_WIN32)
constexpr char kStandIn[] = "playback.dll";
#else
constexpr char kStandIn[] = "libplayback.so";
#endif

class PlaybackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The stand-in library, alone: no provider library is there to load.
    fs::create_directories(alone_.path());
    fs::copy_file(fs::path(MAPI_EMU_PROVIDER_DIR) / kStandIn, fs::path(alone_.path()) / kStandIn);
  }

  void Record() {
    RunScript(kPlayedScript, "played.json", MAPI_EMU_PROVIDER_DIR, recorded_.path());
  }

  int Play(const std::string& path, const std::string& keep = "") {
    ReplayOptions options;
    options.providers_dir = alone_.path();
    options.trace_path = keep;
    return PlaybackTrace(path, options, out_, err_);
  }

  // `recorded_` with `edit` applied to the first line holding `marker`;
  // that line's index.
  size_t Edit(const std::string& marker, const std::string& from, const std::string& to,
              TempFile& edited) {
    std::vector<std::string> lines = Lines(recorded_.Read());
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(marker) == std::string::npos) continue;
      const size_t at = lines[i].find(from);
      if (at == std::string::npos) continue;
      lines[i].replace(at, from.size(), to);
      edited.Write(Join(lines));
      return i;
    }
    ADD_FAILURE() << "no line with " << marker << " and " << from;
    return 0;
  }

  TempFile recorded_{"playback_test"};
  TempFile alone_{"playback_test_dir"};
  std::ostringstream out_, err_;
};

TEST_F(PlaybackTest, ARecordedRunPlaysBackToTheSameBytesWithOnlyTheStandInLibrary) {
  Record();
  const std::string text = recorded_.Read();
  EXPECT_THAT(text, HasSubstr(R"("lib":"sample_store","args":{"flags":[],"mapi_ver":"0x00010010","section":"SAMPLE_STORE_PROVIDER","service":"SAMPLE_STORE")"));
  EXPECT_THAT(text, HasSubstr(R"("method":"SubmitMessage","obj":"XPLogon#1")"))
      << "the spooler sent the message";
  TempFile fresh{"playback_test_new"};
  EXPECT_EQ(Play(recorded_.path(), fresh.path()), kReplaySame) << out_.str() << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("scenario played, 11 steps, played back from the trace "
                                    "(3 provider libraries stood in for)"));
  EXPECT_THAT(out_.str(), HasSubstr("played back: " + std::to_string(Lines(text).size() - 1) +
                                    " events, identical to the recorded trace"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("the player:")));
  EXPECT_EQ(fresh.Read(), text) << "byte for byte";
  EXPECT_EQ(err_.str(), "");
}

TEST_F(PlaybackTest, AChangedProviderAnswerChangesWhatMapiDoes) {
  Record();
  // The transport now says it handles SMTP addresses: the spooler has no
  // transport for the message's FILE recipient and hands it to none.
  TempFile edited{"playback_test_edit"};
  const size_t line = Edit(R"("ev":"return","side":"mapi>provider","iface":"IXPLogon","method":"AddressTypes")",
                           R"("types":["FILE"])", R"("types":["SMTP"])", edited);
  ASSERT_NE(line, 0u);
  EXPECT_EQ(Play(edited.path()), kReplayDiverged) << out_.str() << err_.str();
  const std::string report = out_.str();
  EXPECT_THAT(report, HasSubstr("played back: the new trace differs from the recorded one"));
  // Where the transport got the message, MAPI now looks for the receive
  // folder, to put a non-delivery report there.
  EXPECT_THAT(report, HasSubstr(R"(- )" + edited.path() + R"(: )"));
  EXPECT_THAT(report, HasSubstr(R"("method":"SubmitMessage","obj":"XPLogon#1")"));
  EXPECT_THAT(report, HasSubstr(R"(+ played back: )"));
  EXPECT_THAT(report, HasSubstr(R"("method":"GetReceiveFolder","obj":"MsgStore#1")"));
}

TEST_F(PlaybackTest, ACallThePlayerCannotMakeIsNamed) {
  Record();
  std::vector<std::string> lines = Lines(recorded_.Read());
  // The store's WrapStoreEntryID inside its Logon becomes a call whose
  // arguments no trace keeps.
  size_t call = 0;
  for (size_t i = 0; i < lines.size() && call == 0; ++i) {
    if (lines[i].find(R"("ev":"call","side":"provider>mapi","iface":"IMAPISupport","method":"WrapStoreEntryID")") !=
        std::string::npos) {
      call = i;
    }
  }
  ASSERT_NE(call, 0u);
  for (size_t i : {call, call + 1}) {
    const std::string from = R"("method":"WrapStoreEntryID")";
    const size_t at = lines[i].find(from);
    ASSERT_NE(at, std::string::npos) << lines[i];
    lines[i].replace(at, from.size(), R"("method":"ExpandRecips")");
  }
  TempFile edited{"playback_test_edit"};
  edited.Write(Join(lines));
  EXPECT_EQ(Play(edited.path()), kReplayDiverged) << out_.str() << err_.str();
  const std::string seq = lines[call].substr(7, lines[call].find(',') - 7);
  EXPECT_THAT(out_.str(), HasSubstr("first divergence at line " + std::to_string(call + 1)));
  EXPECT_THAT(out_.str(), HasSubstr("  the player: seq " + seq +
                                    ": the player cannot make IMAPISupport::ExpandRecips"));
  // The stand-in went on with the provider's other calls: the run ended as
  // recorded, every library unloaded.
  EXPECT_THAT(err_.str(), Not(HasSubstr("LibraryLoaded")));
}

TEST_F(PlaybackTest, OutValuesOfTheWrongShapeAreADivergenceNotACrash) {
  Record();
  TempFile edited{"playback_test_edit"};
  Edit(R"("method":"AddressTypes")", R"("uids":1)", R"("uids":"many")", edited);
  TempFile twice{"playback_test_edit"};
  // And a provider version that is no number.
  std::vector<std::string> lines = Lines(edited.Read());
  for (std::string& line : lines) {
    const std::string v = R"("version":"0x00010010")";
    if (line.find(R"("method":"XPProviderInit")") != std::string::npos &&
        line.find(v) != std::string::npos) {
      line.replace(line.find(v), v.size(), R"("version":"0xZZ")");
    }
  }
  twice.Write(Join(lines));
  EXPECT_EQ(Play(twice.path()), kReplayDiverged) << out_.str() << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("first divergence at line"));
}

TEST_F(PlaybackTest, AnEntryEventWithoutItsServiceCannotBePlayedBack) {
  Record();
  TempFile edited{"playback_test_edit"};
  Edit(R"("ev":"entry")", R"("service":"SAMPLE_AB",)", "", edited);
  EXPECT_EQ(Play(edited.path()), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr(edited.path() + ": the entry event of sample_ab does not say "
                                                    "which service it belongs to"));
  EXPECT_EQ(out_.str(), "") << "nothing ran";
}

TEST_F(PlaybackTest, AThreadedTraceCannotBePlayedBack) {
  Record();
  TempFile edited{"playback_test_edit"};
  Edit(R"("schema")", R"("mode":"deterministic")", R"("mode":"threaded")", edited);
  EXPECT_EQ(Play(edited.path()), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr(edited.path() + ":1: a threaded trace cannot be played back"));
}

TEST_F(PlaybackTest, WithoutTheStandInLibraryNothingRuns) {
  Record();
  fs::remove(fs::path(alone_.path()) / kStandIn);
  EXPECT_EQ(Play(recorded_.path()), kReplayUnusable);
  EXPECT_THAT(err_.str(), HasSubstr("no stand-in provider library " + std::string(kStandIn)));
}

// A trace of the provider boundary only: providers/tracer between MAPI and
// each reference provider, as it would sit under another MAPI. It has no
// client script; playback infers one and compares the boundary.
class TracerTraceTest : public PlaybackTest {
 protected:
  void RecordWithTracer() {
    const fs::path dir = fs::path(alone_.path()) / "traced";
    fs::create_directories(dir);
#if defined(_WIN32)
    const std::string tracer = "tracer.dll";
#else
    const std::string tracer = "libtracer.so";
#endif
    fs::copy_file(fs::path(MAPI_EMU_PROVIDER_DIR) / tracer, dir / tracer);
    std::string inf = Read(fs::path(MAPI_EMU_PROVIDER_DIR) / "mapisvc.inf");
    for (const std::string lib : {"sample_store", "sample_ab", "sample_xp"}) {
#if defined(_WIN32)
      const fs::path wrapped = fs::path(MAPI_EMU_PROVIDER_DIR) / (lib + ".dll");
#else
      const fs::path wrapped = fs::path(MAPI_EMU_PROVIDER_DIR) / ("lib" + lib + ".so");
#endif
      // PR_TRACER_WRAPPED_LIBRARY and PR_TRACER_OUTPUT (providers/tracer/tracer.h).
      const std::string props = "\n6713001E=" + wrapped.string() + "\n6712001E=" + traced_.path();
      for (const std::string key : {"PR_PROVIDER_DLL_NAME=", "PR_SERVICE_DLL_NAME="}) {
        const std::string from = key + lib + ".dll";
        const size_t at = inf.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        inf.replace(at, from.size(), key + "tracer.dll" + props);
      }
    }
    std::ofstream(dir / "mapisvc.inf", std::ios::binary) << inf;
    // No trace of MAPI's own: the tracer writes traced_.
    RunScript(kPlayedScript, "played.json", dir.string(), "");
  }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  TempFile traced_{"playback_test_tracer"};
};

TEST_F(TracerTraceTest, ATracerTracePlaysBackWithAnInferredScript) {
  RecordWithTracer();
  const std::string text = traced_.Read();
  ASSERT_THAT(text, HasSubstr(R"("method":"StoreLogoff","obj":"MsgStore#1")"));
  EXPECT_THAT(text, Not(HasSubstr("client.step"))) << "no client script in it";
  EXPECT_EQ(Play(traced_.path()), kReplaySame) << out_.str() << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("steps inferred from the provider boundary, played back from "
                                    "the trace (3 provider libraries stood in for)"));
  EXPECT_THAT(out_.str(), HasSubstr(" provider-boundary events, the same calls and results as the "
                                    "recorded trace"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("the player:")));
}

TEST_F(TracerTraceTest, MapisOwnTraceHoldsEveryCallTheTracerSees) {
  // The same script run twice: recorded by MAPI itself, and by the tracer
  // between MAPI and each provider (which is transparent but for its own
  // reading of its profile section, in MAPI's trace of that run). Their
  // provider boundaries are the same, call for call.
  Record();
  RecordWithTracer();
  absl::StatusOr<std::unique_ptr<playback::Player>> own = playback::Player::Load(recorded_.path());
  absl::StatusOr<std::unique_ptr<playback::Player>> tracer = playback::Player::Load(traced_.path());
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_TRUE(tracer.ok()) << tracer.status();
  const std::vector<std::string> a = (*own)->RecordedBoundary();
  const std::vector<std::string> b = (*tracer)->RecordedBoundary();
  EXPECT_GT(a.size(), 100u);
  EXPECT_EQ(a, b);
}

TEST_F(TracerTraceTest, ADifferentAnswerAtTheBoundaryIsNamed) {
  RecordWithTracer();
  std::vector<std::string> lines = Lines(traced_.Read());
  // The transport now fails to take the message.
  size_t changed = 0;
  for (size_t i = 0; i < lines.size() && changed == 0; ++i) {
    const std::string ok = R"("result":"S_OK")";
    if (lines[i].find(R"("ev":"return","side":"mapi>provider","iface":"IXPLogon","method":"SubmitMessage")") ==
            std::string::npos ||
        lines[i].find(ok) == std::string::npos) {
      continue;
    }
    lines[i].replace(lines[i].find(ok), ok.size(), R"("result":"MAPI_E_CALL_FAILED")");
    changed = i;
  }
  ASSERT_NE(changed, 0u);
  TempFile edited{"playback_test_edit"};
  edited.Write(Join(lines));
  EXPECT_EQ(Play(edited.path()), kReplayDiverged) << out_.str() << err_.str();
  const std::string report = out_.str();
  EXPECT_THAT(report, HasSubstr("played back: the provider boundary differs from the recorded one"));
  EXPECT_THAT(report, HasSubstr("first divergence at provider-boundary event"));
  EXPECT_THAT(report, HasSubstr("  return mapi>provider SubmitMessage XPLogon#1 -> MAPI_E_CALL_FAILED\n"))
      << "the edited answer, as context";
  EXPECT_THAT(report, HasSubstr(": call mapi>provider EndMessage XPLogon#1\n"))
      << "the recording's MAPI went on with the message; this one does not";
}

TEST(PlaybackLibraryTest, OutsideAPlaybackItsEntryPointsFail) {
  ASSERT_EQ(MAPIEmuGetPlaybackHost(), nullptr);
  absl::StatusOr<std::unique_ptr<SharedLibrary>> library =
      SharedLibrary::Open(fs::absolute(fs::path(MAPI_EMU_PROVIDER_DIR) / kStandIn));
  ASSERT_TRUE(library.ok()) << library.status();
  absl::StatusOr<LPMSPROVIDERINIT> init =
      (*library)->Function<LPMSPROVIDERINIT>("MSProviderInit");
  ASSERT_TRUE(init.ok()) << init.status();
  ULONG version = 0;
  LPMSPROVIDER provider = reinterpret_cast<LPMSPROVIDER>(&version);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ((*init)((*library)->module_handle(), nullptr, MAPIAllocateBuffer, MAPIAllocateMore,
                    MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &provider),
            MAPI_E_CALL_FAILED);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("MSProviderInit called with no playback running"));
  EXPECT_EQ(provider, nullptr);
}

}  // namespace
}  // namespace mapi_emu::scenario
