#include "providers/faulty/context.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "mapicode.h"
#include "mapinls.h"
#include "mapitags.h"
#include "providers/faulty/library.h"
#include "providers/faulty/module.h"
#include "providers/faulty/wrapper.h"

namespace faulty {
namespace {

// Everything Keep() was given; freed when libfaulty is unloaded, but for
// the objects still referenced (see Kept).
struct KeptObjects {
  ~KeptObjects() {
    for (std::unique_ptr<Kept>& object : objects) {
      if (object->Live()) (void)object.release();  // left to whoever holds it
    }
  }
  std::mutex mu;
  std::vector<std::unique_ptr<Kept>> objects;
};
KeptObjects& TheKept() {
  static KeptObjects kept;
  return kept;
}

// The module's string properties in a profile section (module.h).
struct SectionValues {
  std::string library;
  std::string rules;
  std::string observed;  // Flavor::observer_tag
  bool have_library = false;
  bool have_rules = false;
  bool have_observed = false;
  std::vector<BYTE> service_uid;  // PR_SERVICE_UID, when present
};

HRESULT ReadSection(LPMAPISUP support, LPMAPIUID uid, LPFREEBUFFER free_buffer,
                    SectionValues* values) {
  const Flavor& flavor = ModuleFlavor();
  // Only the tags this module has: a 0 tag would ask for PR_NULL.
  SizedSPropTagArray(4, tags) = {0, {}};
  for (ULONG tag :
       {flavor.library_tag, flavor.rules_tag, flavor.observer_tag, ULONG{PR_SERVICE_UID}}) {
    if (tag != 0) tags.aulPropTag[tags.cValues++] = tag;
  }
  LPPROFSECT section = nullptr;
  HRESULT hr = support->OpenProfileSection(uid, 0, &section);
  if (FAILED(hr)) return hr;
  ULONG count = 0;
  LPSPropValue props = nullptr;
  hr = section->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &props);
  section->Release();
  if (FAILED(hr)) return hr;
  auto take = [](const SPropValue& v, std::string* value, bool* have) {
    if (*have) return;  // the provider's section wins over the service's
    *value = v.Value.lpszA;
    *have = true;
  };
  for (ULONG i = 0; i < count; ++i) {
    const SPropValue& v = props[i];
    if (v.ulPropTag == PR_SERVICE_UID) {
      if (v.Value.bin.cb == sizeof(MAPIUID)) {
        values->service_uid.assign(v.Value.bin.lpb, v.Value.bin.lpb + v.Value.bin.cb);
      }
    } else if (v.ulPropTag == flavor.library_tag) {
      take(v, &values->library, &values->have_library);
    } else if (v.ulPropTag == flavor.rules_tag) {
      take(v, &values->rules, &values->have_rules);
    } else if (v.ulPropTag == flavor.observer_tag) {
      take(v, &values->observed, &values->have_observed);
    }
  }
  if (props != nullptr) free_buffer(props);
  return S_OK;
}

std::string Hex32(ULONG v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(v));
  return buf;
}

}  // namespace

void KeepErased(std::unique_ptr<Kept> object) {
  KeptObjects& kept = TheKept();
  std::lock_guard<std::mutex> lock(kept.mu);
  kept.objects.push_back(std::move(object));
}

void LeakReference(IUnknown* object) {
  object->AddRef();
#if defined(__SANITIZE_ADDRESS__)
  __lsan_ignore_object(object);  // an ignored block is a root: what it points to is reachable
#endif
}

void Say(const std::string& text) {
  std::fprintf(stderr, "%s: %s\n", ModuleFlavor().name, text.c_str());
}

void Announce(const Rule& rule) { Say("rule '" + rule.text + "' applies"); }

void CallBack(Callback callback, LPMAPISUP support, const std::string& rule) {
  const std::string what = std::string("callback IMAPISupport::") + CallbackName(callback);
  if (support == nullptr) {
    Say(what + " (rule '" + rule + "'): no support object to call");
    return;
  }
  HRESULT hr = S_OK;
  switch (callback) {
    case Callback::kOpenProfileSection: {
      LPPROFSECT section = nullptr;
      hr = support->OpenProfileSection(nullptr, MAPI_MODIFY, &section);
      if (SUCCEEDED(hr) && section != nullptr) section->Release();
      break;
    }
    case Callback::kModifyStatusRow: {
      SPropValue value;
      std::memset(&value, 0, sizeof value);
      value.ulPropTag = PR_STATUS_CODE;
      value.Value.l = STATUS_AVAILABLE;
      hr = support->ModifyStatusRow(1, &value, STATUSROW_UPDATE);
      break;
    }
    case Callback::kStoreLogoffTransports: {
      ULONG flags = LOGOFF_ABORT;
      hr = support->StoreLogoffTransports(&flags);
      break;
    }
    case Callback::kSpoolerYield:
      hr = support->SpoolerYield(0);
      break;
    case Callback::kNewUID: {
      MAPIUID uid;
      hr = support->NewUID(&uid);
      break;
    }
  }
  Say(what + " (rule '" + rule + "') = " + HresultName(hr));
}

// ---- WrapperCore ----------------------------------------------------------------

void WrapperCore::AdoptOne() {
  std::lock_guard<std::mutex> lock(mu_);
  ++held_;
  gone_ = false;
}

void WrapperCore::CountAddRef(bool mirror) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(mirror ? held_ : unbacked_);
}

WrapperCore::Drop WrapperCore::CountRelease(bool* last) {
  std::lock_guard<std::mutex> lock(mu_);
  *last = false;
  Drop drop;
  if (held_ > 0) {
    if (--held_ == 0) gone_ = true;
    drop = Drop::kTarget;
  } else if (unbacked_ > 0) {
    --unbacked_;
    drop = Drop::kOwn;
  } else {
    return Drop::kNone;
  }
  *last = held_ + unbacked_ == 0;
  return drop;
}

bool WrapperCore::CountKept(bool* last) {
  std::lock_guard<std::mutex> lock(mu_);
  *last = false;
  if (held_ == 0) return false;
  --held_;
  *last = held_ + unbacked_ == 0;
  return true;
}

void WrapperCore::DropUnbacked(bool* last) {
  std::lock_guard<std::mutex> lock(mu_);
  if (unbacked_ > 0) --unbacked_;
  *last = held_ + unbacked_ == 0;
}

bool WrapperCore::TakeHeld() {
  std::lock_guard<std::mutex> lock(mu_);
  if (held_ == 0) return false;
  --held_;
  ++unbacked_;
  if (held_ == 0) gone_ = true;
  return true;
}

void WrapperCore::BackOne() {
  std::lock_guard<std::mutex> lock(mu_);
  if (unbacked_ > 0) --unbacked_;
  ++held_;
}

ULONG WrapperCore::own() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_ + unbacked_;
}

ULONG WrapperCore::held() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_;
}

bool WrapperCore::gone() const {
  std::lock_guard<std::mutex> lock(mu_);
  return gone_;
}

// ---- Context ----------------------------------------------------------------------

const char* EntryPointName(ProviderType type) {
  switch (type) {
    case ProviderType::kStore:
      return "MSProviderInit";
    case ProviderType::kAddressBook:
      return "ABProviderInit";
    case ProviderType::kTransport:
      return "XPProviderInit";
  }
  return "?";
}

Context::Context(ProviderType type, const EntryArgs& args, std::shared_ptr<CallObserver> observer)
    : type_(type),
      args_(args),
      observer_(std::move(observer)),
      counts_(static_cast<size_t>(Method::kCount), 0) {
  if (args_.malloc != nullptr) {
    args_.malloc->AddRef();  // kept: msproviderinit.md asks for the AddRef
    malloc_held_ = args_.malloc;
  }
}

Context::~Context() { ReleaseEntryResources(); }

void Context::ReleaseEntryResources() {
  LPMALLOC malloc = malloc_held_.exchange(nullptr);
  if (malloc != nullptr) malloc->Release();
}

HRESULT Context::InitFromEnvironment(IUnknown** provider, ULONG* version, std::string* error) {
  *provider = nullptr;
  const char* name = std::getenv(ModuleFlavor().library_env);
  if (name == nullptr || *name == 0) return S_OK;
  return LoadAndInit(name, provider, version, error);
}

HRESULT Context::LoadAndInit(const std::string& name, IUnknown** provider, ULONG* version,
                             std::string* error) {
  const char* entry_name = EntryPointName(type_);
  std::string why;
  const std::string path = ResolveLibraryPath(name, &why);
  if (path.empty()) {
    *error = why;
    return MAPI_E_CALL_FAILED;
  }
  HINSTANCE module = LoadWrappedLibrary(path, &why);
  if (module == nullptr) {
    *error = why;
    return MAPI_E_CALL_FAILED;
  }
  // The three entry points have the same signature but for the type of the
  // provider object they hand out.
  using Init = HRESULT(STDMAPIINITCALLTYPE*)(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER, LPALLOCATEMORE,
                                             LPFREEBUFFER, ULONG, ULONG, ULONG FAR*, LPVOID FAR*);
  auto init = reinterpret_cast<Init>(FindSymbol(module, entry_name));
  if (init == nullptr) {
    *error = "the wrapped library '" + path + "' has no " + entry_name;
    return MAPI_E_CALL_FAILED;
  }
  LPVOID object = nullptr;
  ULONG provider_version = 0;
  HRESULT hr = init(module, args_.malloc, args_.allocate, args_.allocate_more, args_.free,
                    args_.flags, args_.mapi_version, &provider_version, &object);
  *version = provider_version;
  if (FAILED(hr)) {
    *error = "the wrapped library '" + path + "': " + entry_name + " returned " + HresultName(hr);
    return hr;
  }
  if (object == nullptr) {
    *error = "the wrapped library '" + path + "': " + entry_name + " returned " + HresultName(hr) +
             " and no provider object";
    return MAPI_E_CALL_FAILED;
  }
  *provider = static_cast<IUnknown*>(object);
  return hr;
}

HRESULT Context::StartAtLogon(LPMAPISUP support, bool have_provider, IUnknown** provider,
                              std::string* error) {
  *provider = nullptr;
  std::lock_guard<std::mutex> lock(start_mu_);
  if (started_) {
    *error = start_error_;
    return start_hr_;
  }
  started_ = true;
  const Flavor& flavor = ModuleFlavor();
  StartInfo start;
  // The observer learns how the start went, whichever way it ends.
  auto finish = [&](HRESULT hr, const std::string& text) {
    start_hr_ = hr;
    start_error_ = text;
    *error = text;
    start.hr = hr;
    if (observer_) observer_->OnStart(start);
    return hr;
  };
  SectionValues values;
  HRESULT hr = ReadSection(support, nullptr, args_.free, &values);
  if (FAILED(hr)) {
    return finish(MAPI_E_CALL_FAILED,
                  "cannot read the provider's profile section (OpenProfileSection/GetProps: " +
                      HresultName(hr) + ")");
  }
  if ((!values.have_library || (flavor.rules_tag != 0 && !values.have_rules) ||
       (flavor.observer_tag != 0 && !values.have_observed)) &&
      values.service_uid.size() == sizeof(MAPIUID)) {
    MAPIUID uid;
    std::memcpy(uid.ab, values.service_uid.data(), sizeof uid.ab);
    ReadSection(support, &uid, args_.free, &values);  // the service's section, if readable
  }
  start.have_setting = values.have_observed;
  start.setting = values.observed;
  ParsedRules parsed = ParseRules(values.rules);
  if (!parsed.error.empty()) {
    return finish(MAPI_E_CALL_FAILED, std::string(flavor.rules_tag_name) + " (" +
                                          Hex32(flavor.rules_tag) + "): " + parsed.error);
  }
  {
    std::lock_guard<std::mutex> rules_lock(mu_);
    rules_ = std::make_shared<const std::vector<Rule>>(std::move(parsed.rules));
  }
  if (have_provider) return finish(S_OK, "");
  if (!values.have_library) {
    return finish(MAPI_E_CALL_FAILED,
                  std::string("no library to wrap: set ") + flavor.library_tag_name + " (" +
                      Hex32(flavor.library_tag) +
                      ") in the provider's or its service's profile section, or " +
                      flavor.library_env);
  }
  start.library = values.library;
  ULONG version = 0;
  std::string why;
  IUnknown* created = nullptr;
  hr = LoadAndInit(values.library, &created, &version, &why);
  if (FAILED(hr)) return finish(hr, why);
  // Ruling 10, applied as MAPI would at the entry point.
  if ((version >> 16) < 1) {
    created->Release();
    return finish(MAPI_E_VERSION, "the wrapped library '" + values.library +
                                      "' reports SPI version " + Hex32(version) +
                                      ", older than MAPI's " + Hex32(CURRENT_SPI_VERSION));
  }
  *provider = created;
  return finish(S_OK, "");
}

const Rule* Context::Match(Method method) {
  std::lock_guard<std::mutex> lock(mu_);
  const unsigned n = ++counts_[static_cast<size_t>(method)];
  if (!rules_) return nullptr;
  for (const Rule& rule : *rules_) {
    if (rule.method == method && (rule.nth == 0 || rule.nth == n)) return &rule;
  }
  return nullptr;
}

IUnknown* Context::WrapperFor(IUnknown* target, Method query,
                              const std::function<IUnknown*()>& create,
                              const std::function<void(IUnknown*)>& adopt) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = wrappers_.find({target, query});
  if (it != wrappers_.end()) {
    adopt(it->second);
    return it->second;
  }
  IUnknown* wrapper = create();
  wrappers_.emplace(std::make_pair(target, query), wrapper);
  return wrapper;
}

void Context::ForgetWrapper(IUnknown* target, Method query, IUnknown* wrapper) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = wrappers_.find({target, query});
  if (it != wrappers_.end() && it->second == wrapper) wrappers_.erase(it);
}

LPMAPIERROR Context::MakeError(const std::string& text, bool unicode) const {
  return MakeMapiError(args_.allocate, args_.allocate_more, text, unicode);
}

LPMAPIERROR MakeMapiError(LPALLOCATEBUFFER allocate, LPALLOCATEMORE allocate_more,
                          const std::string& text, bool unicode) {
  LPMAPIERROR error = nullptr;
  if (FAILED(allocate(sizeof(MAPIERROR), reinterpret_cast<LPVOID FAR*>(&error)))) {
    return nullptr;
  }
  std::memset(error, 0, sizeof *error);
  error->ulVersion = MAPI_ERROR_VERSION;
  auto copy = [&](const std::string& s) -> LPTSTR {
    LPVOID block = nullptr;
    if (unicode) {
      const int n = MultiByteToWideChar(CP_UTF8, 0, s.c_str(), -1, nullptr, 0);
      if (n <= 0) return nullptr;
      std::wstring wide(static_cast<size_t>(n), L'\0');
      MultiByteToWideChar(CP_UTF8, 0, s.c_str(), -1, wide.data(), n);
      wide.resize(static_cast<size_t>(n - 1));
      const ULONG cb = static_cast<ULONG>((wide.size() + 1) * sizeof(wchar_t));
      if (FAILED(allocate_more(cb, error, &block))) return nullptr;
      std::memcpy(block, wide.c_str(), cb);
    } else {
      const ULONG cb = static_cast<ULONG>(s.size() + 1);
      if (FAILED(allocate_more(cb, error, &block))) return nullptr;
      std::memcpy(block, s.c_str(), cb);
    }
    return static_cast<LPTSTR>(block);
  };
  const std::string name = ModuleFlavor().name;
  error->lpszError = copy(name + ": " + text);
  error->lpszComponent = copy(name);
  return error;
}

}  // namespace faulty
