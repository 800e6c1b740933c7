// Playback (`mapi_emu replay --playback`, docs/replay.md): the trace stands
// in for the providers it names. MAPI loads the stand-in library
// (providers/playback) under each recorded library's name; its entry points
// reach the Player, which hands out stand-in provider, logon and store
// objects. Each stand-in answers MAPI's call with the recorded result and out
// values, and first makes, through the real MAPI objects it was given, the
// calls into MAPI the provider made inside that call (provider>mapi events).
//
// The Player follows the new trace as MAPI writes it (TraceSink): after
// event N is written, recorded event N+1 is what should come next. When that
// is a provider's call into MAPI, the stand-in that has control (or the
// client's script, between its steps, through Pump) makes it. After the first
// line that differs, each stand-in still answers by its object's recorded
// calls in order and makes the calls the recording has inside each, but the
// calls made outside any of MAPI's are no longer placed; the run still ends
// and the comparison names the divergence. A trace of the provider boundary
// only (providers/tracer's) is followed by its boundary events alone.
//
// Deterministic traces only; one Player per process at a time (it is set as
// MAPIEmuSetPlaybackHost). Not thread-safe beyond what a deterministic run
// needs: every call arrives on the thread that runs the script.
#ifndef MAPI_EMU_SCENARIO_PLAYBACK_H_
#define MAPI_EMU_SCENARIO_PLAYBACK_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mapidefs.h"
#include "mapispi.h"
#include "nlohmann/json.hpp"
#include "providers/playback/playback_host.h"
#include "trace/event.h"

namespace mapi_emu::playback {

// One provider library the trace names, as its entry events describe it.
struct RecordedLibrary {
  std::string name;     // "sample_store"
  std::string entry;    // "MSProviderInit", "ABProviderInit", "XPProviderInit"
  std::string service;  // "SAMPLE_STORE" (the entry event's "service")
  std::string section;  // "SAMPLE_STORE_PROVIDER" (its "section")
};

class StandIn;

// What a stand-in's method answers.
struct Answer {
  bool traced = false;    // MAPI traced the call: the rest is the recording's
  HRESULT hr = S_OK;      // the recorded result
  ULONG refs = 0;         // the recorded count of an AddRef/Release
  nlohmann::json out;     // the recorded out values (null when none)
  nlohmann::json args;    // the recorded arguments
};

class Player final : public PlaybackHost {
 public:
  // Reads the trace at `path`. Errors name the file and line: unreadable,
  // not deterministic, no provider library in it.
  static absl::StatusOr<std::unique_ptr<Player>> Load(const std::string& path);
  ~Player();

  const std::vector<RecordedLibrary>& libraries() const { return libraries_; }
  // Whether the trace has the client's side (MAPI's own trace: the client's
  // calls into MAPI, its script notes) or only the provider boundary (what
  // providers/tracer records, in mapi_emu or under another MAPI). Without the
  // client's side the player follows only the provider-boundary events of
  // the new trace, and the script is inferred (InferredScript).
  bool client_side() const { return client_side_; }
  // A client script that makes MAPI call the providers as the recording has
  // it, inferred from a provider-boundary trace: log on, open the store if a
  // store was logged on, write and submit a message if the store's provider
  // was notified of one or its queue was not empty at logoff, run the spooler
  // if a transport sent, StoreLogoff with the recorded flags, release, log
  // off. A scenario file's JSON text.
  std::string InferredScript(const std::string& name) const;
  // The recorded and new provider-boundary events compared, each reduced to
  // what both MAPIs record the same way (kind of event, side, method, object
  // renamed by order of appearance, result): "" when they are the same, else
  // the report of the first difference with the events before it.
  std::string CompareBoundary(const std::string& recorded_name) const;
  size_t boundary_events() const { return new_boundary_.size(); }
  // The recording's provider-boundary events reduced as CompareBoundary
  // reduces them, one line each.
  std::vector<std::string> RecordedBoundary() const;
  // The services the providers came from, in the order the trace first names them.
  std::vector<std::string> Services() const;

  // The stream MAPI records the new trace into (MAPIEmuTraceToStream); the
  // Player follows it line by line. text() is everything written so far.
  std::ostream& sink() { return sink_stream_; }
  const std::string& text() const { return sink_buf_.text(); }
  size_t events_written() const { return written_; }

  // Makes the provider calls into MAPI that come next in the recording, if
  // any (called between the script's steps and from the stand-in store's
  // folders and messages).
  void Pump();

  // What the Player could not do, one line each ("seq 85: cannot make
  // IMAPISupport::Foo: ..."); empty when it played everything.
  const std::vector<std::string>& problems() const { return problems_; }

  // PlaybackHost: a copy of the stand-in library's entry point.
  HRESULT ProviderInit(const char* entry, HINSTANCE module, LPMALLOC malloc, ULONG flags,
                       ULONG mapi_version, ULONG* provider_version, IUnknown** provider) override;

  // ---- For the stand-ins ----------------------------------------------------
  // The answer to `method` called on the stand-in `self`. When MAPI traced the
  // call, first makes the provider's recorded calls into MAPI nested in it.
  // `given` binds the MAPI objects passed in (by argument name, "support") to
  // the names the recording gives them.
  Answer Call(const std::string& self, const char* method,
              std::initializer_list<std::pair<const char*, IUnknown*>> given = {});
  // The stand-in named `name`, made by `make` the first time.
  StandIn* Object(const std::string& name);
  void Adopt(std::unique_ptr<StandIn> object);
  // Whether the recording has a call of interface `iface` on object `name`.
  bool HasCalls(const std::string& name, const std::string& iface) const;
  void Problem(std::string what);
  // What IMAPISupport::WrapStoreEntryID gave the stand-in last (empty: none).
  const std::vector<BYTE>& wrapped_entry_id() const { return wrapped_; }

 private:
  // Buffers what the writer writes and gives the Player each whole line.
  class SinkBuf final : public std::streambuf {
   public:
    explicit SinkBuf(Player& player) : player_(player) {}
    const std::string& text() const { return text_; }

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

   private:
    void Put(char c);
    Player& player_;
    std::string text_;
    size_t line_start_ = 0;
  };

  Player() : sink_buf_(*this), sink_stream_(&sink_buf_) {}
  void OnLine(const std::string& line);
  const trace::Event* Recorded(uint64_t seq) const;
  // Plays the recorded provider>mapi call `call`; false when it cannot.
  bool Play(const trace::Event& call);
  bool PlaySupport(const trace::Event& call, IMAPISupport* support);
  // The MAPIUID the recording calls `name` ("MAPIUID#3") for `method`.
  const MAPIUID* Uid(const nlohmann::json& name, const std::string& method);
  void AddCandidates(IProfSect* section);
  std::optional<uint64_t> TakeCall(const std::string& obj, const std::string& method);

  bool Boundary(const trace::Event& e) const;
  // The recorded event the new trace's next one should be (nullptr: none).
  const trace::Event* Next() const;
  bool client_side_ = false;
  std::vector<size_t> recorded_boundary_;  // indexes into recorded_ of boundary events
  std::vector<trace::Event> new_boundary_;  // the new trace's boundary events
  std::vector<trace::Event> recorded_;     // seq N at [N-1]
  std::vector<std::string> recorded_lines_;
  std::map<uint64_t, size_t> return_of_;   // call seq -> index of its return
  // A mapi>provider call's seq -> the provider>mapi calls directly inside it.
  std::map<uint64_t, std::vector<uint64_t>> inside_;
  std::map<std::pair<std::string, std::string>, std::vector<uint64_t>> calls_;  // (obj, method)
  std::map<std::pair<std::string, std::string>, size_t> next_call_;
  std::vector<RecordedLibrary> libraries_;

  SinkBuf sink_buf_;
  std::ostream sink_stream_;
  size_t written_ = 0;                     // events in the new trace
  std::optional<trace::Event> last_;       // the new trace's last event
  std::set<uint64_t> answered_;            // new-trace call seqs answered
  bool diverged_ = false;
  bool playing_ = false;                   // inside Pump

  std::map<std::string, std::unique_ptr<StandIn>> objects_;     // stand-ins by name
  std::map<std::string, IUnknown*> mapi_objects_;                // MAPI's, by name
  std::map<std::string, MAPIUID> uids_;                          // recorded name -> bytes
  std::vector<MAPIUID> candidates_;                              // from profile sections
  std::vector<MAPIUID> new_uids_;                                // from NewUID
  int made_uids_ = 0;
  std::vector<BYTE> wrapped_;
  std::vector<std::string> problems_;
};

// The stand-ins' common part: a name in the recording and the Player.
class StandIn {
 public:
  StandIn(Player& player, std::string name) : player_(player), name_(std::move(name)) {}
  virtual ~StandIn() = default;
  const std::string& name() const { return name_; }
  virtual IUnknown* unknown() = 0;

 protected:
  Player& player_;
  const std::string name_;
};

// Makes the stand-in for a provider entry point's recorded provider object
// ("MSProvider#1"), defined in playback_standins.cc.
std::unique_ptr<StandIn> MakeProvider(Player& player, const std::string& entry,
                                      const std::string& name);

// `object[key]` of recorded JSON, null when `object` is not an object or
// has no such member (a hand-edited trace may hold anything).
const nlohmann::json& Field(const nlohmann::json& object, const char* key);
// A recorded string ("" for anything else) and number (0 for anything else).
std::string TextOf(const nlohmann::json& value);
ULONG NumberOf(const nlohmann::json& value);

// The HRESULT a recorded result names ("S_OK", "MAPI_E_CALL_FAILED",
// "0x80040102"); MAPI_E_CALL_FAILED for a name it does not know.
HRESULT ResultOf(const nlohmann::json& result);

}  // namespace mapi_emu::playback

#endif  // MAPI_EMU_SCENARIO_PLAYBACK_H_
