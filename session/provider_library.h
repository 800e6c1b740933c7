// Provider libraries in a process: each library file is loaded once
// (LibraryRegistry), its entry point found by the provider's kind and called
// with a real module handle, the process IMalloc, the three MAPI allocators
// and CURRENT_SPI_VERSION (spec §2.3–2.4, rulings 7, 10).
//
// LibraryRegistry is thread-safe. It never calls into a provider while
// holding its lock.
#ifndef MAPI_EMU_SESSION_PROVIDER_LIBRARY_H_
#define MAPI_EMU_SESSION_PROVIDER_LIBRARY_H_

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/com_ptr.h"
#include "mapi_emu/base/shared_library.h"
#include "mapispi.h"

namespace mapi_emu {

enum class ProviderKind { kAddressBook, kStore, kTransport };

// "MSProviderInit", "ABProviderInit", "XPProviderInit".
const char* EntryPointName(ProviderKind kind);
// "address book", "message store", "transport".
const char* ProviderKindText(ProviderKind kind);
// The provider object's kind in traces: "ABProvider", "MSProvider", "XPProvider".
const char* ProviderObjectKind(ProviderKind kind);
// "MAPI_AB_PROVIDER", "MAPI_STORE_PROVIDER", "MAPI_TRANSPORT_PROVIDER".
const char* ResourceTypeName(ProviderKind kind);
// PR_RESOURCE_TYPE -> kind; nullopt for other resource types.
std::optional<ProviderKind> KindOfResourceType(ULONG resource_type);

// The allocator functions MAPI hands to providers (the ones the exported
// MAPIAllocateBuffer/MAPIAllocateMore/MAPIFreeBuffer use).
SCODE STDMETHODCALLTYPE ProviderAllocateBuffer(ULONG cb, LPVOID FAR* out);
SCODE STDMETHODCALLTYPE ProviderAllocateMore(ULONG cb, LPVOID object, LPVOID FAR* out);
ULONG STDAPICALLTYPE ProviderFreeBuffer(LPVOID buffer);

// One object that keeps a library loaded, as the leak report names it.
struct HeldObject {
  std::string library;   // file name, "libtest_store.so"
  std::string kind;      // "IMSLogon", "IMSProvider", "IMAPISupport", "call in flight"
  std::string owner;     // "session 1, message store logon #2 (TEST_STORE_MS)"
  ULONG refcount = 0;    // references left (0 when not known, e.g. a call in flight)
  std::string why;       // how MAPI found out
};

// One loaded library file.
class LoadedLibrary {
 public:
  LoadedLibrary(std::filesystem::path path, std::unique_ptr<SharedLibrary> library)
      : path_(std::move(path)), library_(std::move(library)), owner_(path_.filename().string()) {}

  const std::filesystem::path& path() const { return path_; }
  SharedLibrary& library() { return *library_; }
  // Accounts for MAPI-side objects that exist on behalf of this library.
  const ObjectOwner& owner() const { return owner_; }
  // Provider objects from this library that MAPI has not released yet.
  int live_provider_objects() const { return live_provider_objects_.load(); }
  void ProviderObjectCreated() { ++live_provider_objects_; }
  void ProviderObjectReleased() { --live_provider_objects_; }
  // Calls into the library that have not returned (CallBounded).
  int calls_in_flight() const { return calls_in_flight_.load(); }
  void CallStarted() { ++calls_in_flight_; }
  void CallEnded() { --calls_in_flight_; }
  // An object of this library that MAPI let go of while it was still alive
  // (a logon or provider object whose final Release by MAPI returned more
  // than 0, or one abandoned in a hung call): the library is held back.
  void RecordHeldObject(HeldObject object);
  // What keeps the library loaded now (empty: it may be unloaded).
  std::vector<HeldObject> HeldObjects() const;

 private:
  friend class LibraryRegistry;
  std::filesystem::path path_;
  std::unique_ptr<SharedLibrary> library_;
  ObjectOwner owner_;
  std::atomic<int> live_provider_objects_{0};
  std::atomic<int> calls_in_flight_{0};
  mutable absl::Mutex mu_;
  std::vector<HeldObject> held_ ABSL_GUARDED_BY(mu_);
};

// Who asks for a provider, for error messages: "profile 'Work', service
// 'SAMPLE_STORE', provider section 'SAMPLE_STORE_MS'".
struct ProviderContext {
  std::string profile;
  std::string service;
  std::string provider;
  // The session's name in the current trace ("MAPISession#1"), for the
  // entry event's `session` argument; empty when not tracing.
  std::string trace_session;
  std::string Describe() const;
};

class LibraryRegistry {
 public:
  LibraryRegistry() = default;
  LibraryRegistry(const LibraryRegistry&) = delete;
  LibraryRegistry& operator=(const LibraryRegistry&) = delete;
  ~LibraryRegistry();

  // The library at `path` (absolute), loaded on first use only.
  absl::StatusOr<std::shared_ptr<LoadedLibrary>> Acquire(const std::filesystem::path& path);

  // Calls the library's entry point for `kind` and returns the new provider
  // object (IABProvider*, IMSProvider* or IXPProvider* as IUnknown*, owned by
  // the caller). Errors name the context, the library, the symbol, the
  // HRESULT and both versions: kNotFound (no entry point), and for a failing
  // entry point or an unacceptable provider version (major part, the high
  // word, below 1 — the provider object is released without a logon, ruling
  // 10) a status whose HRESULT payload is the entry point's failure or
  // MAPI_E_VERSION.
  absl::StatusOr<IUnknown*> InitProvider(LoadedLibrary& library, ProviderKind kind,
                                         const ProviderContext& context);

  // Loads performed so far (a library is loaded once per process).
  int load_count() const;
  std::vector<std::filesystem::path> LoadedPaths() const;

  // Unloads (FreeLibrary, once per load) every library that nothing keeps
  // loaded (LoadedLibrary::HeldObjects() empty) and returns one line per
  // library held back, naming what keeps it. `held` (optional) receives the
  // structured report of those objects.
  std::vector<std::string> UnloadUnused(std::vector<HeldObject>* held = nullptr);
  // Unloads performed so far.
  int unload_count() const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::filesystem::path, std::shared_ptr<LoadedLibrary>> libraries_ ABSL_GUARDED_BY(mu_);
  int load_count_ ABSL_GUARDED_BY(mu_) = 0;
  int unload_count_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_PROVIDER_LIBRARY_H_
