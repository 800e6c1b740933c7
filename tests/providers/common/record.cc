#include "tests/providers/common/record.h"

#include <string.h>

#include <chrono>
#include <thread>

#include "tests/providers/common/names.h"
#include "tests/providers/probe/probe.h"

// g++ says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
#define TESTPROV_HAS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TESTPROV_HAS_ASAN 1
#endif
#endif
#if defined(TESTPROV_HAS_ASAN)
#include <sanitizer/lsan_interface.h>
#endif

namespace mapi_emu::testprov {
namespace {

std::string KnobKey(const char* lib, const char* name) { return std::string(lib) + "." + name; }

}  // namespace

void Record(const char* lib, const std::string& text) {
  ProbeRecord((std::string(lib) + ": " + text).c_str());
}

std::string NewObjectName(const char* lib, const char* iface) {
  unsigned long n = ProbeNextId((std::string(lib) + ":" + iface).c_str());
  return std::string(iface) + "#" + std::to_string(n);
}

ULONG RecordRef(const char* lib, const std::string& object, const char* method, ULONG count) {
  Record(lib, object + "::" + method + " -> " + std::to_string(count));
  return count;
}

const char* Knob(const char* lib, const char* name) { return ProbeGet(KnobKey(lib, name).c_str()); }

bool KnobOn(const char* lib, const char* name) {
  const char* value = Knob(lib, name);
  return value != nullptr && value[0] != '\0' && strcmp(value, "0") != 0 &&
         strcmp(value, "false") != 0;
}

HRESULT KnobHr(const char* lib, const char* name, HRESULT otherwise) {
  const char* value = Knob(lib, name);
  HRESULT hr = otherwise;
  if (value != nullptr) ParseHresult(value, &hr);
  return hr;
}

ULONG KnobNumber(const char* lib, const char* name, ULONG otherwise) {
  return KnobFlags(lib, name, {}, otherwise);
}

ULONG KnobFlags(const char* lib, const char* name, FlagTable table, ULONG otherwise) {
  const char* value = Knob(lib, name);
  ULONG flags = otherwise;
  if (value != nullptr) ParseFlags(value, table, &flags);
  return flags;
}

void HangIfAsked(const char* lib, const char* name, const std::string& woke_line) {
  ULONG ms = KnobNumber(lib, name, 0);
  if (ms == 0) return;
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  Record(lib, woke_line);
}

void LeakOnPurpose(const void* object) {
#if defined(TESTPROV_HAS_ASAN)
  // Ignored blocks are roots for LeakSanitizer: what they point to is
  // reachable, so the leaked object's members are not reported either.
  __lsan_ignore_object(object);
#else
  (void)object;
#endif
}

LoadWitness::LoadWitness(const char* lib) : lib_(lib) { Record(lib_, "loaded"); }

LoadWitness::~LoadWitness() { Record(lib_, "unloaded"); }

}  // namespace mapi_emu::testprov
