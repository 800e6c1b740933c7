// Test helpers for trace_test: TraceBuilder builds traces event by event, the
// way the subsystem records them (Call() returns the seq its Ret() refers to,
// and Ret() copies the call's thread, side, interface, method and object), and
// TestDataFile() names a file of trace/testdata.
#ifndef MAPI_EMU_TRACE_TRACE_BUILDER_TEST_H_
#define MAPI_EMU_TRACE_TRACE_BUILDER_TEST_H_

#include <map>
#include <string>
#include <vector>

#include "trace/checker.h"
#include "trace/event.h"
#include "trace/writer.h"

namespace mapi_emu::trace::testing {

// The path of `name` in trace/testdata (MAPI_EMU_TRACE_TESTDATA, set by the
// trace_test target).
inline std::string TestDataFile(const char* name) {
  return std::string(MAPI_EMU_TRACE_TESTDATA) + "/" + name;
}

class TraceBuilder {
 public:
  uint64_t Call(std::string side, std::string iface, std::string method, std::string obj,
                nlohmann::json args = nlohmann::json::object(), std::string thread = "client") {
    Event e;
    e.ev = EventKind::kCall;
    e.thread = std::move(thread);
    e.side = std::move(side);
    e.iface = std::move(iface);
    e.method = std::move(method);
    e.obj = std::move(obj);
    e.args = std::move(args);
    return Add(std::move(e));
  }
  uint64_t Entry(std::string method, std::string lib, nlohmann::json args,
                 std::string thread = "client") {
    Event e;
    e.ev = EventKind::kEntry;
    e.thread = std::move(thread);
    e.side = "mapi>provider";
    e.method = std::move(method);
    e.lib = std::move(lib);
    e.args = std::move(args);
    return Add(std::move(e));
  }
  uint64_t Ret(uint64_t call, nlohmann::json result, nlohmann::json out = nullptr) {
    const Event& c = events_.at(call - 1);
    Event e;
    e.ev = EventKind::kReturn;
    e.thread = c.thread;
    e.side = c.side;
    e.iface = c.iface;
    e.method = c.method;
    e.obj = c.obj;
    e.lib = c.lib;
    e.call = call;
    e.result = std::move(result);
    e.out = std::move(out);
    return Add(std::move(e));
  }
  // A call that returns at once.
  uint64_t CallRet(std::string side, std::string iface, std::string method, std::string obj,
                   nlohmann::json args, nlohmann::json result, nlohmann::json out = nullptr) {
    uint64_t call =
        Call(std::move(side), std::move(iface), std::move(method), std::move(obj), std::move(args));
    return Ret(call, std::move(result), std::move(out));
  }
  uint64_t Note(std::string what, std::string obj, nlohmann::json fields = nullptr) {
    Event e;
    e.ev = EventKind::kNote;
    e.thread = "client";
    e.what = std::move(what);
    e.obj = std::move(obj);
    e.fields = std::move(fields);
    return Add(std::move(e));
  }
  uint64_t Library(bool load, std::string lib, int64_t count) {
    Event e;
    e.ev = load ? EventKind::kLoad : EventKind::kUnload;
    e.thread = "client";
    e.lib = std::move(lib);
    e.count = count;
    return Add(std::move(e));
  }

  const std::vector<Event>& events() const { return events_; }
  uint64_t last() const { return events_.size(); }

  // The trace as JSON Lines text (header included).
  std::string Text(Mode mode = Mode::kDeterministic) const {
    std::string text = FormatHeader(Header{kSchemaVersion, "mapi_emu 0.1.0", mode}) + "\n";
    for (const Event& e : events_) text += FormatEvent(e) + "\n";
    return text;
  }

  std::vector<Finding> Check() const {
    Checker checker;
    std::vector<Finding> all;
    for (const Event& e : events_) {
      checker.Observe(e);
      for (Finding& f : checker.TakeFindings()) all.push_back(std::move(f));
    }
    checker.Finish();
    for (Finding& f : checker.TakeFindings()) all.push_back(std::move(f));
    return all;
  }

 private:
  uint64_t Add(Event e) {
    e.seq = events_.size() + 1;
    events_.push_back(std::move(e));
    return events_.back().seq;
  }
  std::vector<Event> events_;
};

}  // namespace mapi_emu::trace::testing

#endif  // MAPI_EMU_TRACE_TRACE_BUILDER_TEST_H_
