// Calling a message service's entry point (MSGSERVICEENTRY, named by the
// service's PR_SERVICE_ENTRY_NAME in PR_SERVICE_DLL_NAME): what MAPI does for
// CreateMsgService (MSG_SERVICE_CREATE), ConfigureMsgService and the
// MAPI_E_UNCONFIGURED retry (MSG_SERVICE_CONFIGURE), DeleteMsgService
// (MSG_SERVICE_DELETE) and CreateProvider / DeleteProvider
// (MSG_SERVICE_PROVIDER_CREATE / _DELETE).
//
// The entry gets the library's module handle, the process IMalloc, a
// configuration support object that lives only until the call returns
// (support-object-overview.md: it is never AddRef'd), and whatever
// IProviderAdmin the caller supplies. Its MAPIERROR is freed here and its
// text becomes part of the error message. Thread-safe; no lock is held while
// the entry runs (it may call back into MAPI).
#ifndef MAPI_EMU_SESSION_SERVICE_ENTRY_H_
#define MAPI_EMU_SESSION_SERVICE_ENTRY_H_

#include <functional>
#include <string>

#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/prop_array.h"
#include "mapispi.h"
#include "session/library_resolver.h"
#include "session/provider_library.h"

namespace mapi_emu {

// Opens profile section `uid` of the profile being administered (the
// configuration support object's OpenProfileSection; a NULL lpUid from the
// entry has already been replaced by the service's own section).
using SectionOpener = std::function<HRESULT(const MAPIUID& uid, ULONG flags, LPPROFSECT* out)>;

struct ServiceEntryCall {
  std::string profile_name;  // for messages
  MAPIUID service_uid{};     // the service's profile section
  std::string service_name;  // PR_SERVICE_NAME ("SAMPLE_STORE")
  std::string dll_name;      // PR_SERVICE_DLL_NAME as the profile has it
  std::string entry_name;    // PR_SERVICE_ENTRY_NAME; empty: nothing to call
  LibrarySearch search;      // where dll_name resolves (the profile's)
  ULONG_PTR ui_param = 0;
  ULONG flags = 0;    // ulFlags, passed as given (SERVICE_UI_ALLOWED ...)
  ULONG context = 0;  // MSG_SERVICE_*
  PropArray props;    // cValues/lpProps; empty: 0 and NULL
  SectionOpener open_section;
  // lpProviderAdmin; may be NULL. Not AddRef'd here: it must stay alive for
  // the call.
  IProviderAdmin* provider_admin = nullptr;
};

// What happened, beyond the HRESULT.
struct ServiceEntryReport {
  bool called = false;  // false: no entry name, or it could not be reached
  std::string library;  // the resolved path, once known
  // Empty on success; otherwise a sentence naming the profile, service,
  // library, entry point, context and HRESULT, with the entry's own
  // MAPIERROR text when it gave one.
  std::string message;
  std::string entry_error;  // the entry's lpszError, if any (UTF-8)
  // The entry kept a reference to the configuration support object (it is
  // ended all the same; a warning is logged).
  bool kept_support = false;
};

// "MSG_SERVICE_CREATE", ..., or the number in hex.
std::string ServiceContextName(ULONG context);

// Resolves call.dll_name (ResolveLibrary), loads it through `libraries`,
// finds call.entry_name and invokes it (InvokeServiceEntry). S_OK without a
// call when call.entry_name is empty. Errors: the resolver's or loader's
// (MAPI_E_NOT_FOUND when the library does not exist), MAPI_E_NOT_INITIALIZED
// when the library lacks the entry point or the service names an entry but
// no library, or the entry's own HRESULT (an exception it throws becomes
// MAPI_E_CALL_FAILED / MAPI_E_NOT_ENOUGH_MEMORY). `report` may be NULL.
HRESULT CallServiceEntry(LibraryRegistry& libraries, const ServiceEntryCall& call,
                         ServiceEntryReport* report = nullptr);

// The call itself, for an entry point already found: builds the
// configuration support object (accounted to `owner`, may be NULL), calls
// `entry`, ends the support object, frees the MAPIERROR. `report` may be NULL.
HRESULT InvokeServiceEntry(LPMSGSERVICEENTRY entry, HINSTANCE instance, const ObjectOwner* owner,
                           const ServiceEntryCall& call, ServiceEntryReport* report = nullptr);

}  // namespace mapi_emu

#endif  // MAPI_EMU_SESSION_SERVICE_ENTRY_H_
