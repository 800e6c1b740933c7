#include "tests/providers/common/record.h"

#include <string.h>

#include "tests/providers/common/names.h"
#include "tests/providers/probe/probe.h"

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

LoadWitness::LoadWitness(const char* lib) : lib_(lib) { Record(lib_, "loaded"); }

LoadWitness::~LoadWitness() { Record(lib_, "unloaded"); }

}  // namespace mapi_emu::testprov
