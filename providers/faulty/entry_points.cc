// The entry points of a library built on the wrapping core (libfaulty,
// libtracer): MSProviderInit, ABProviderInit, XPProviderInit and the
// message-service entry ServiceEntry (README.md, "How it starts"). The
// names faulty uses below are the module's own (module.h).
//
// An entry point cannot read a profile section (it gets no support
// object), so by default it hands MAPI a provider wrapper at once and the
// wrapped library is loaded and its entry point called at the first logon,
// with the arguments MAPI gave faulty; seen from the wrapped provider the
// calls come in the same order as without faulty. With
// MAPI_EMU_FAULTY_WRAPPED set, the wrapped entry point runs inside faulty's
// and its result and version are MAPI's to see directly.
#include <cstdlib>
#include <memory>
#include <string>

#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "providers/faulty/context.h"
#include "providers/faulty/library.h"
#include "providers/faulty/module.h"
#include "providers/faulty/rules.h"
#include "providers/faulty/wrappers.h"

namespace faulty {
namespace {

template <class P>
HRESULT InitProvider(ProviderType type, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
                     LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG ulFlags,
                     ULONG ulMAPIVer, ULONG FAR* lpulProviderVer, P* FAR* lppProvider,
                     P* (*make)(const std::shared_ptr<Context>&, P*)) {
  if (lppProvider != nullptr) *lppProvider = nullptr;
  if (lpulProviderVer == nullptr || lppProvider == nullptr || lpAllocateBuffer == nullptr ||
      lpAllocateMore == nullptr || lpFreeBuffer == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = CURRENT_SPI_VERSION;
  const Flavor& flavor = ModuleFlavor();
  std::shared_ptr<CallObserver> observer =
      flavor.make_observer != nullptr ? flavor.make_observer(type) : nullptr;
  EntryCall entry;
  entry.type = type;
  entry.flags = ulFlags;
  entry.mapi_version = ulMAPIVer;
  auto done = [&](HRESULT hr) {
    if (observer) {
      entry.hr = hr;
      entry.version = *lpulProviderVer;
      entry.provider = *lppProvider;
      observer->OnEntry(entry);
    }
    return hr;
  };
  auto context = std::make_shared<Context>(
      type, EntryArgs{lpMalloc, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer, ulFlags, ulMAPIVer},
      observer);
  IUnknown* target = nullptr;
  ULONG version = CURRENT_SPI_VERSION;
  std::string error;
  HRESULT hr = context->InitFromEnvironment(&target, &version, &error);
  if (const char* env = std::getenv(flavor.library_env); env != nullptr && *env != 0) {
    entry.library = env;  // InitFromEnvironment loaded it
  }
  if (FAILED(hr)) {
    Say(error);
    *lpulProviderVer = version;
    return done(hr);
  }
  if (target != nullptr) {
    *lpulProviderVer = version;  // MAPI checks the wrapped provider's version itself
  } else if (ulMAPIVer < CURRENT_SPI_VERSION) {
    return done(MAPI_E_VERSION);
  }
  *lppProvider = make(context, static_cast<P*>(target));
  return done(hr);
}

// The library a service entry forwards to: $MAPI_EMU_FAULTY_WRAPPED, the
// PR_FAULTY_WRAPPED_LIBRARY among the entry's properties, else the one in
// the service's profile section (the module's names, module.h). Empty when
// none is set.
std::string ServiceLibrary(LPMAPISUP support, ULONG cValues, LPSPropValue lpProps,
                           LPFREEBUFFER free_buffer) {
  const ULONG tag = ModuleFlavor().library_tag;
  if (const char* env = std::getenv(ModuleFlavor().library_env); env != nullptr && *env != 0) {
    return env;
  }
  for (ULONG i = 0; lpProps != nullptr && i < cValues; ++i) {
    if (lpProps[i].ulPropTag == tag) return lpProps[i].Value.lpszA;
  }
  if (support == nullptr || free_buffer == nullptr) return {};
  LPPROFSECT section = nullptr;
  if (FAILED(support->OpenProfileSection(nullptr, 0, &section))) return {};
  LPSPropValue value = nullptr;
  ULONG count = 0;
  SizedSPropTagArray(1, tags) = {1, {tag}};
  HRESULT hr = section->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &value);
  section->Release();
  std::string name;
  if (SUCCEEDED(hr) && count == 1 && value[0].ulPropTag == tag) {
    name = value[0].Value.lpszA;
  }
  if (value != nullptr) free_buffer(value);
  return name;
}

}  // namespace
}  // namespace faulty

STDINITMETHODIMP MSProviderInit(HINSTANCE, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
                                ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPMSPROVIDER FAR* lppMSProvider) {
  return faulty::InitProvider<IMSProvider>(faulty::ProviderType::kStore, lpMalloc, lpAllocateBuffer,
                                           lpAllocateMore, lpFreeBuffer, ulFlags, ulMAPIVer,
                                           lpulProviderVer, lppMSProvider, &faulty::NewMSProvider);
}

STDINITMETHODIMP ABProviderInit(HINSTANCE, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
                                ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPABPROVIDER FAR* lppABProvider) {
  return faulty::InitProvider<IABProvider>(
      faulty::ProviderType::kAddressBook, lpMalloc, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
      ulFlags, ulMAPIVer, lpulProviderVer, lppABProvider, &faulty::NewABProvider);
}

STDINITMETHODIMP XPProviderInit(HINSTANCE, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
                                ULONG ulFlags, ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPXPPROVIDER FAR* lppXPProvider) {
  return faulty::InitProvider<IXPProvider>(
      faulty::ProviderType::kTransport, lpMalloc, lpAllocateBuffer, lpAllocateMore, lpFreeBuffer,
      ulFlags, ulMAPIVer, lpulProviderVer, lppXPProvider, &faulty::NewXPProvider);
}

// The message-service entry point (PR_SERVICE_ENTRY_NAME "ServiceEntry"):
// forwards to the wrapped library's ServiceEntry with the same arguments
// (the configuration support object is passed unwrapped; no rules apply).
extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY ServiceEntry;

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
                                    ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext,
                                    ULONG cValues, LPSPropValue lpProps,
                                    LPPROVIDERADMIN lpProviderAdmin,
                                    LPMAPIERROR FAR* lppMapiError) {
  if (lppMapiError != nullptr) *lppMapiError = nullptr;
  LPALLOCATEBUFFER allocate = nullptr;
  LPALLOCATEMORE allocate_more = nullptr;
  LPFREEBUFFER free_buffer = nullptr;
  if (lpMAPISup != nullptr) lpMAPISup->GetMemAllocRoutines(&allocate, &allocate_more, &free_buffer);
  auto fail = [&](HRESULT hr, const std::string& text) {
    faulty::Say("ServiceEntry: " + text);
    if (lppMapiError != nullptr && allocate != nullptr && allocate_more != nullptr) {
      *lppMapiError =
          faulty::MakeMapiError(allocate, allocate_more, text, (ulFlags & MAPI_UNICODE) != 0);
    }
    return hr;
  };
  const std::string name = faulty::ServiceLibrary(lpMAPISup, cValues, lpProps, free_buffer);
  if (name.empty()) {
    // Deleting a service that never said what it wraps has nothing to undo.
    if (ulContext == MSG_SERVICE_DELETE || ulContext == MSG_SERVICE_PROVIDER_DELETE) return S_OK;
    return fail(MAPI_E_CALL_FAILED, std::string("no library to wrap: set ") +
                                        faulty::ModuleFlavor().library_tag_name +
                                        " in the service's profile section (or " +
                                        faulty::ModuleFlavor().library_env + ")");
  }
  std::string error;
  const std::string path = faulty::ResolveLibraryPath(name, &error);
  if (path.empty()) return fail(MAPI_E_CALL_FAILED, error);
  HINSTANCE module = faulty::LoadWrappedLibrary(path, &error);
  if (module == nullptr) return fail(MAPI_E_CALL_FAILED, error);
  auto entry = reinterpret_cast<LPMSGSERVICEENTRY>(faulty::FindSymbol(module, "ServiceEntry"));
  if (entry == nullptr) return S_OK;  // the wrapped library has nothing to configure
  return entry(module, lpMalloc, lpMAPISup, ulUIParam, ulFlags, ulContext, cValues, lpProps,
               lpProviderAdmin, lppMapiError);
}
