// mapi_calls.h -- the calls a test provider makes into MAPI, each recorded
// as "<lib>: -> <Interface>::<Method>(<args>)": AddRef/Release lines are
// written before the call, the others after it with " = <HRESULT>" (so
// whatever MAPI does inside the call is recorded first). Also the list of
// advise sinks a logon keeps. SDK-only.

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_MAPI_CALLS_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_MAPI_CALLS_H_

#include <map>
#include <mutex>
#include <string>

#include "mapispi.h"
#include "tests/providers/common/prop_set.h"
#include "tests/providers/common/record.h"

namespace mapi_emu::testprov {

void AddRefMapiObject(const char* lib, const char* iface, LPUNKNOWN object);
void ReleaseMapiObject(const char* lib, const char* iface, LPUNKNOWN object);

// OpenProfileSection(NULL, MAPI_MODIFY), GetProps([PR_DISPLAY_NAME_A]) and
// Release on it. *name receives the display name ("" when the section has
// none). Fails only when the section cannot be opened.
HRESULT ReadProfileDisplayName(const char* lib, LPMAPISUP sup, LPFREEBUFFER free_buffer,
                               std::string* name);
HRESULT SetProviderUid(const char* lib, LPMAPISUP sup, const MAPIUID& uid);
HRESULT ModifyStatusRow(const char* lib, LPMAPISUP sup, const PropSet& row, ULONG flags);
// ModifyStatusRow([PR_STATUS_CODE=status_code], STATUSROW_UPDATE).
HRESULT UpdateStatusCode(const char* lib, LPMAPISUP sup, ULONG status_code);

// The reenter_in_logoff knob: calls back into MAPI from inside a logoff
// method, OpenProfileSection(NULL, MAPI_MODIFY) (and Release of the section
// when one came back), then UpdateStatusCode; each call is recorded whatever
// MAPI answers, and nothing else is done with the answers.
void CallBackIntoSupport(const char* lib, LPMAPISUP sup, ULONG status_code);

// The work of a message-service entry point for MSG_SERVICE_CREATE and
// MSG_SERVICE_CONFIGURE: OpenProfileSection(NULL, MAPI_MODIFY) on the
// configuration support object, SetProps of PR_DISPLAY_NAME_A and the
// private data-path property 0x6600001E (values from lpProps when given,
// else the defaults), Release. Other contexts do nothing.
HRESULT ConfigureService(const char* lib, LPMAPISUP sup, ULONG context, ULONG cValues,
                         const SPropValue* lpProps, const char* default_name,
                         const char* default_path);

// The provider's private "data file" property in its profile section.
constexpr ULONG PR_TEST_DATA_PATH = PROP_TAG(PT_STRING8, 0x6600);

// Advise sinks registered with a logon or store (AddRef'd while kept).
class SinkList {
 public:
  explicit SinkList(const char* lib) : lib_(lib) {}
  // MAPI_E_INVALID_PARAMETER for a NULL sink or connection pointer or an
  // empty event mask.
  HRESULT Add(ULONG event_mask, LPMAPIADVISESINK sink, ULONG_PTR* connection);
  // MAPI_E_NOT_FOUND for a connection that is not registered.
  HRESULT Remove(ULONG_PTR connection);
  void ReleaseAll();

 private:
  const char* const lib_;
  std::mutex mutex_;
  std::map<ULONG_PTR, LPMAPIADVISESINK> sinks_;  // guarded by mutex_
  ULONG_PTR next_ = 1;                           // guarded by mutex_
};

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_MAPI_CALLS_H_
