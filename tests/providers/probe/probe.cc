// The probe's state lives in one heap object that is never destroyed: a
// provider library's global destructor may record "unloaded" while the
// process exits, after this library's own static objects would be gone.

#include "tests/providers/probe/probe.h"

#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace {

struct ProbeState {
  std::mutex mu;
  // deque: push_back never moves the strings, so ProbeLine's pointers hold.
  std::deque<std::string> lines;
  // Every value ever set since the last reset, so ProbeGet's pointers hold.
  std::deque<std::string> values;
  std::map<std::string, const std::string*> knobs;
  std::map<std::string, unsigned long> next_ids;
};

ProbeState& State() {
  static ProbeState* const state = new ProbeState;
  return *state;
}

}  // namespace

extern "C" {

void ProbeRecord(const char* line) {
  if (line == nullptr) return;
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  s.lines.emplace_back(line);
}

size_t ProbeCount(void) {
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.lines.size();
}

const char* ProbeLine(size_t i) {
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  return i < s.lines.size() ? s.lines[i].c_str() : nullptr;
}

void ProbeClear(void) {
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  s.lines.clear();
}

void ProbeSet(const char* key, const char* value) {
  if (key == nullptr) return;
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  if (value == nullptr) {
    s.knobs.erase(key);
    return;
  }
  s.values.emplace_back(value);
  s.knobs[key] = &s.values.back();
}

const char* ProbeGet(const char* key) {
  if (key == nullptr) return nullptr;
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.knobs.find(key);
  return it == s.knobs.end() ? nullptr : it->second->c_str();
}

unsigned long ProbeNextId(const char* kind) {
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  return ++s.next_ids[kind == nullptr ? "" : kind];
}

void ProbeReset(void) {
  ProbeState& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  s.lines.clear();
  s.knobs.clear();
  s.values.clear();
  s.next_ids.clear();
}

}  // extern "C"
