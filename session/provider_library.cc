#include "session/provider_library.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/default_malloc.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/platform.h"
#include "session/trace_hooks.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

std::string Hex(ULONG v) { return absl::StrFormat("0x%08X", v); }

// Calls the typed entry point, catching what a C++ provider may throw.
template <typename InitFn, typename Provider>
HRESULT CallEntryPoint(void* symbol, HINSTANCE module, ULONG* version, Provider** out,
                       const std::string& where) {
  auto init = reinterpret_cast<InitFn>(symbol);
  try {
    return init(module, ProcessMalloc(), ProviderAllocateBuffer, ProviderAllocateMore,
                ProviderFreeBuffer, 0, CURRENT_SPI_VERSION, version, out);
  } catch (...) {
    return HresultFromCurrentException(where);
  }
}

}  // namespace

SCODE STDMETHODCALLTYPE ProviderAllocateBuffer(ULONG cb, LPVOID FAR* out) {
  return ProcessBufferAllocator().Allocate(cb, out);
}
SCODE STDMETHODCALLTYPE ProviderAllocateMore(ULONG cb, LPVOID object, LPVOID FAR* out) {
  return ProcessBufferAllocator().AllocateMore(cb, object, out);
}
ULONG STDAPICALLTYPE ProviderFreeBuffer(LPVOID buffer) {
  return ProcessBufferAllocator().Free(buffer);
}

const char* EntryPointName(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kAddressBook:
      return "ABProviderInit";
    case ProviderKind::kStore:
      return "MSProviderInit";
    case ProviderKind::kTransport:
      return "XPProviderInit";
  }
  return "?";
}

const char* ProviderKindText(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kAddressBook:
      return "address book";
    case ProviderKind::kStore:
      return "message store";
    case ProviderKind::kTransport:
      return "transport";
  }
  return "?";
}

std::optional<ProviderKind> KindOfResourceType(ULONG resource_type) {
  switch (resource_type) {
    case MAPI_AB_PROVIDER:
      return ProviderKind::kAddressBook;
    case MAPI_STORE_PROVIDER:
      return ProviderKind::kStore;
    case MAPI_TRANSPORT_PROVIDER:
      return ProviderKind::kTransport;
    default:
      return std::nullopt;
  }
}

const char* ProviderObjectKind(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kAddressBook:
      return "ABProvider";
    case ProviderKind::kStore:
      return "MSProvider";
    case ProviderKind::kTransport:
      return "XPProvider";
  }
  return "?";
}

const char* ResourceTypeName(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::kAddressBook:
      return "MAPI_AB_PROVIDER";
    case ProviderKind::kStore:
      return "MAPI_STORE_PROVIDER";
    case ProviderKind::kTransport:
      return "MAPI_TRANSPORT_PROVIDER";
  }
  return "?";
}

std::string ProviderContext::Describe() const {
  std::string out = absl::StrCat("profile '", profile, "'");
  if (!service.empty()) absl::StrAppend(&out, ", service '", service, "'");
  if (!provider.empty()) absl::StrAppend(&out, ", provider '", provider, "'");
  return out;
}

LibraryRegistry::~LibraryRegistry() {
  for (const std::string& line : UnloadUnused()) spdlog::warn("{}", line);
}

absl::StatusOr<std::shared_ptr<LoadedLibrary>> LibraryRegistry::Acquire(
    const std::filesystem::path& path) {
  {
    absl::MutexLock lock(&mu_);
    auto it = libraries_.find(path);
    if (it != libraries_.end()) return it->second;
  }
  // Loading runs the library's static constructors: not under the lock.
  absl::StatusOr<std::unique_ptr<SharedLibrary>> lib = SharedLibrary::Open(path);
  if (!lib.ok()) return lib.status();
  absl::MutexLock lock(&mu_);
  auto [it, inserted] =
      libraries_.emplace(path, std::make_shared<LoadedLibrary>(path, *std::move(lib)));
  if (inserted) {
    ++load_count_;
    // Loaded once per process: the count after the load is 1.
    tracing::Load(path.filename().string(), 1);
  }
  // If another thread won the race, our handle closes here (dlopen counts).
  return it->second;
}

absl::StatusOr<IUnknown*> LibraryRegistry::InitProvider(LoadedLibrary& library,
                                                        ProviderKind kind,
                                                        const ProviderContext& context) {
  const char* symbol = EntryPointName(kind);
  absl::StatusOr<void*> entry = library.library().Symbol(symbol);
  if (!entry.ok()) {
    return absl::NotFoundError(
        absl::StrCat(context.Describe(), ": ", entry.status().message(), " (a ",
                     ProviderKindText(kind), " provider must export ", symbol, ")"));
  }
  const std::string where = absl::StrCat(symbol, " in ", PathText(library.path()));
  HINSTANCE module = library.library().module_handle();
  ULONG version = 0;
  IUnknown* provider = nullptr;
  HRESULT hr = E_FAIL;
  tracing::TracedCall traced(
      tracing::TracedCall::Entry{}, symbol, library.path().filename().string(), [&] {
        nlohmann::json args{{"flags", nlohmann::json::array()},
                            {"mapi_ver", tracing::VersionText(CURRENT_SPI_VERSION)},
                            {"session", context.trace_session},
                            {"type", ResourceTypeName(kind)}};
        // Which profile entries asked for the provider: what `mapi_emu replay
        // --playback` builds its stand-in profile from.
        if (!context.service.empty()) args["service"] = context.service;
        if (!context.provider.empty()) args["section"] = context.provider;
        return args;
      });
  switch (kind) {
    case ProviderKind::kAddressBook: {
      LPABPROVIDER p = nullptr;
      hr = CallEntryPoint<LPABPROVIDERINIT>(*entry, module, &version, &p, where);
      provider = p;
      break;
    }
    case ProviderKind::kStore: {
      LPMSPROVIDER p = nullptr;
      hr = CallEntryPoint<LPMSPROVIDERINIT>(*entry, module, &version, &p, where);
      provider = p;
      break;
    }
    case ProviderKind::kTransport: {
      LPXPPROVIDER p = nullptr;
      hr = CallEntryPoint<LPXPPROVIDERINIT>(*entry, module, &version, &p, where);
      provider = p;
      break;
    }
  }
  traced.Return(hr, [&] {
    nlohmann::json out = {{"version", tracing::VersionText(version)}};
    if (provider != nullptr) out["provider"] = tracing::Name(provider, ProviderObjectKind(kind));
    return out;
  });
  const std::string versions =
      absl::StrCat("MAPI SPI version ", Hex(CURRENT_SPI_VERSION), ", provider version ",
                   Hex(version));
  if (FAILED(hr)) {
    return HresultToStatus(hr, absl::StrCat(context.Describe(), ": ", where, " returned ",
                                            HresultName(hr), " (", versions, ")"));
  }
  if (provider == nullptr) {
    return HresultToStatus(MAPI_E_CALL_FAILED,
                           absl::StrCat(context.Describe(), ": ", where,
                                        " returned S_OK without a provider object"));
  }
  if ((version >> 16) < 1) {
    // Ruling 10: released at once, no logon, the logon fails with MAPI_E_VERSION.
    tracing::TracedCall release(tracing::kMapiToProvider, "IUnknown", "Release", provider,
                                ProviderObjectKind(kind));
    if (release.ReturnCount(provider->Release()) == 0) tracing::Forget(provider);
    return HresultToStatus(MAPI_E_VERSION,
                           absl::StrCat(context.Describe(), ": ", where,
                                        " reported an unsupported SPI version (", versions,
                                        "; the major part must be at least 1)"));
  }
  library.ProviderObjectCreated();
  return provider;
}

int LibraryRegistry::load_count() const {
  absl::MutexLock lock(&mu_);
  return load_count_;
}

std::vector<std::filesystem::path> LibraryRegistry::LoadedPaths() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::filesystem::path> out;
  for (const auto& [path, lib] : libraries_) {
    if (lib->library_->is_loaded()) out.push_back(path);
  }
  return out;
}

void LoadedLibrary::RecordHeldObject(HeldObject object) {
  object.library = path_.filename().string();
  absl::MutexLock lock(&mu_);
  held_.push_back(std::move(object));
}

std::vector<HeldObject> LoadedLibrary::HeldObjects() const {
  std::vector<HeldObject> out;
  {
    absl::MutexLock lock(&mu_);
    out = held_;
  }
  const std::string file = path_.filename().string();
  if (int n = live_provider_objects(); n > 0) {
    out.push_back({file, "provider object", absl::StrCat(n, " not released by MAPI yet"), 0,
                   "a session still uses it"});
  }
  for (const LiveObject& o : owner_.LiveObjects()) {
    out.push_back({file, o.kind, absl::StrCat(owner_.name(), " #", o.serial), o.refcount,
                   "a MAPI object made for the library, still referenced"});
  }
  if (int n = calls_in_flight(); n > 0) {
    out.push_back({file, "call in flight", absl::StrCat(n, " call(s) into the library"), 0,
                   "a provider call that has not returned"});
  }
  return out;
}

int LibraryRegistry::unload_count() const {
  absl::MutexLock lock(&mu_);
  return unload_count_;
}

std::vector<std::string> LibraryRegistry::UnloadUnused(std::vector<HeldObject>* held) {
  std::vector<std::shared_ptr<LoadedLibrary>> to_unload;
  std::vector<std::string> held_back;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = libraries_.begin(); it != libraries_.end();) {
      LoadedLibrary& lib = *it->second;
      std::vector<HeldObject> objects = lib.HeldObjects();
      if (!objects.empty()) {
        std::string line = absl::StrCat("library ", PathText(lib.path()),
                                        " held back (not unloaded): ");
        for (size_t i = 0; i < objects.size(); ++i) {
          const HeldObject& o = objects[i];
          absl::StrAppend(&line, i ? "; " : "", o.kind, " (", o.owner, ")");
          if (o.refcount > 0) absl::StrAppend(&line, " refcount ", o.refcount);
          absl::StrAppend(&line, ": ", o.why);
        }
        held_back.push_back(std::move(line));
        tracing::Note("held", nullptr, "", [&] {
          nlohmann::json kinds = nlohmann::json::array();
          for (const HeldObject& o : objects) kinds.push_back(o.kind);
          return nlohmann::json{{"lib", trace::LibraryName(lib.path().string())},
                                {"objects", std::move(kinds)}};
        });
        if (held != nullptr) held->insert(held->end(), objects.begin(), objects.end());
        ++it;
      } else {
        to_unload.push_back(it->second);
        it = libraries_.erase(it);
        ++unload_count_;
      }
    }
  }
  for (const auto& lib : to_unload) {
    absl::Status s = lib->library_->Close();
    if (!s.ok()) held_back.push_back(std::string(s.message()));
    // One load per process, so one unload brings the count to 0.
    if (s.ok()) tracing::Unload(lib->path().filename().string(), 0);
  }
  return held_back;
}

}  // namespace mapi_emu
