// record.h -- how a test provider writes its probe lines and reads its
// knobs (see ../README.md for the line format and every knob). SDK-only
// plus the probe library; thread-safe (the probe serialises).

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_RECORD_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_RECORD_H_

#include <string>

#include "mapidefs.h"
#include "tests/providers/common/names.h"

namespace mapi_emu::testprov {

// The three memory routines a provider receives in its entry point.
struct Allocators {
  LPALLOCATEBUFFER allocate = nullptr;
  LPALLOCATEMORE allocate_more = nullptr;
  LPFREEBUFFER free = nullptr;
};

// Writes "<lib>: <text>".
void Record(const char* lib, const std::string& text);

// "IMsgStore#3": the interface name and the next number for that interface
// in that library since the last ProbeReset.
std::string NewObjectName(const char* lib, const char* iface);

// Writes "<lib>: <object>::AddRef -> <count>" (or Release) and returns
// count, for an object's own AddRef/Release.
ULONG RecordRef(const char* lib, const std::string& object, const char* method, ULONG count);

// Knobs are read with ProbeGet at the moment of use; "<lib>.<name>".
// The raw value, or nullptr when unset.
const char* Knob(const char* lib, const char* name);
// True when set to anything but "", "0" or "false".
bool KnobOn(const char* lib, const char* name);
// The HRESULT a knob names (see ParseHresult), or `otherwise` when unset or
// unreadable.
HRESULT KnobHr(const char* lib, const char* name, HRESULT otherwise);
// A number ("0x00010010" or decimal), or `otherwise`.
ULONG KnobNumber(const char* lib, const char* name, ULONG otherwise);
// Flags by name or number (see ParseFlags), or `otherwise`.
ULONG KnobFlags(const char* lib, const char* name, FlagTable table, ULONG otherwise);

// The hang knobs: sleeps as many milliseconds as the knob holds (a number,
// see KnobNumber), then records `woke_line` ("<Iface>#<n>::Logoff woke");
// does nothing when the knob is unset or 0.
void HangIfAsked(const char* lib, const char* name, const std::string& woke_line);

// For an object a knob leaks on purpose (`object` is the start of the
// block `new` returned): LeakSanitizer then reports neither it nor what it
// points to. Nothing in a build without AddressSanitizer.
void LeakOnPurpose(const void* object);

// Records "<lib>: loaded" when constructed and "<lib>: unloaded" when
// destroyed: a provider library defines one at namespace scope, so the
// lines mark dlopen and the global destructors of dlclose.
class LoadWitness {
 public:
  explicit LoadWitness(const char* lib);
  ~LoadWitness();
  LoadWitness(const LoadWitness&) = delete;
  LoadWitness& operator=(const LoadWitness&) = delete;

 private:
  const char* lib_;
};

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_RECORD_H_
