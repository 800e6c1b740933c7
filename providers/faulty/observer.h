// CallObserver: what a module built on the wrapping core (libtracer) is told
// about each call the wrappers forward, in both directions. The core calls
// it around every forwarded call when the provider object has one; libfaulty
// has none. Objects are given as the wrapper pointers MAPI or the wrapped
// provider holds (never freed before the module is unloaded, so a pointer
// names one object for the module's life). Called on whatever thread MAPI
// or the provider calls on, re-entrantly (a store's StoreLogoff calls its
// support object's StoreLogoffTransports): implementations are thread-safe
// and must not call into MAPI or the provider.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_OBSERVER_H_
#define MAPI_EMU_PROVIDERS_FAULTY_OBSERVER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "mapidefs.h"
#include "providers/faulty/rules.h"

namespace faulty {

enum class ProviderType { kStore, kAddressBook, kTransport };

// One named argument or out-value of a call.
struct Value {
  enum class Type { kNull, kFlags, kNumber, kObject };
  std::string name;  // "flags", "support", "logon", "msg_ref"
  Type type = Type::kNull;
  uint64_t number = 0;           // kFlags, kNumber
  const void* object = nullptr;  // kObject: a wrapper, or NULL
  std::string kind;              // kObject: "MSLogon", "MAPISupport" ...
};
using Values = std::vector<Value>;

Value FlagsValue(std::string name, const ULONG* flags);  // NULL pointer: kNull
Value NumberValue(std::string name, uint64_t number);
Value ObjectValue(std::string name, const void* object, std::string kind);

// MAPI's call of the module's entry point, as it returned.
struct EntryCall {
  ProviderType type = ProviderType::kStore;
  ULONG flags = 0;
  ULONG mapi_version = 0;
  HRESULT hr = S_OK;
  ULONG version = 0;               // what MAPI received
  const void* provider = nullptr;  // the provider wrapper MAPI received, or NULL
  std::string library;             // the wrapped library when already loaded, else ""
};

// The first logon started the provider (context.h, StartAtLogon).
struct StartInfo {
  bool have_setting = false;  // Flavor::observer_tag was in the profile
  std::string setting;        // its value
  std::string library;        // the wrapped library's path ("" if unknown)
  HRESULT hr = S_OK;          // the start's result
};

class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void OnEntry(const EntryCall& entry) = 0;
  virtual void OnStart(const StartInfo& start) = 0;
  // A call of `method` on `object` begins; the result is a token for OnReturn.
  virtual uint64_t OnCall(const void* object, Method method, const Values& args) = 0;
  // The call `token` returned `hr` (or, for AddRef/Release, `count`).
  virtual void OnReturn(uint64_t token, const void* object, Method method, HRESULT hr,
                        const Values& outs) = 0;
  virtual void OnCount(uint64_t token, const void* object, Method method, ULONG count) = 0;
};

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_OBSERVER_H_
