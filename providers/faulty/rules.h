// Fault rules of the faulty wrapper: the text of PR_FAULTY_RULES parsed into
// a list of rules, and the table of the methods a rule can name.
//
//   <Interface>::<Method>[#N] = <action>      one per line or ';'-separated
//
// Pure functions over plain values; callable from any thread. README.md
// lists the actions and what each one does.
#ifndef MAPI_EMU_PROVIDERS_FAULTY_RULES_H_
#define MAPI_EMU_PROVIDERS_FAULTY_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "mapidefs.h"

namespace faulty {

// Which actions a method accepts (methods.inc).
enum class Kind { kPlain, kRefCount, kObject, kTeardown };

// One enumerator per wrapped method: Method::kIMSLogon_Logoff ...
enum class Method : int {
#define FAULTY_METHOD(iface, method, kind) k##iface##_##method,
#include "providers/faulty/methods.inc"
#undef FAULTY_METHOD
  kCount
};

struct MethodInfo {
  const char* iface;  // "IMSLogon"
  const char* name;   // "Logoff"
  Kind kind;
};

// The table entry of `method`.
const MethodInfo& Info(Method method);
// "IMSLogon::Logoff".
std::string MethodName(Method method);

enum class Action {
  kHr,            // return `hr`
  kThrow,         // throw std::runtime_error
  kHang,          // sleep `ms`, then forward
  kLeak,          // one extra AddRef on the object handed out, never released
  kReleaseTwice,  // the wrapper releases its target once more after the call
  kSkip,          // not forwarded; S_OK
  kRepeat,        // forwarded twice
  kKeepSupport,   // IMAPISupport::Release only: not forwarded
  kCallback,      // a call into MAPI on the support object, then forward
};

// The support methods `callback:` can call, with fixed arguments (README.md).
enum class Callback {
  kOpenProfileSection,
  kModifyStatusRow,
  kStoreLogoffTransports,
  kSpoolerYield,
  kNewUID,
};

struct Rule {
  std::string text;  // the rule as written, trimmed
  Method method = Method::kCount;
  unsigned nth = 0;  // 0: every call; N: the Nth call only (1-based)
  Action action = Action::kHr;
  HRESULT hr = S_OK;                                  // kHr
  unsigned ms = 0;                                    // kHang
  Callback callback = Callback::kOpenProfileSection;  // kCallback
};

// The longest hang a rule may ask for (10 minutes): hangs are bounded.
inline constexpr unsigned kMaxHangMs = 600000;

struct ParsedRules {
  std::vector<Rule> rules;  // in text order
  // Empty on success. Otherwise one sentence naming the rule's number, its
  // text and the column of the problem, e.g.
  //   rule 2 'IMSLogon::Logof = skip', column 11: IMSLogon has no method 'Logof'
  std::string error;
};

// Parses the rule text (empty text or only blanks/comments: no rules).
// Lines starting with '#' are comments.
ParsedRules ParseRules(std::string_view text);

// HRESULT by name ("MAPI_E_CALL_FAILED", "S_OK", "E_FAIL" ...) or hex
// ("0x80004005"); false if neither.
bool ParseHresult(std::string_view text, HRESULT* out);
// The name of a known HRESULT, else "0x%08X".
std::string HresultName(HRESULT hr);
// "OpenProfileSection" ... for a Callback.
const char* CallbackName(Callback callback);

}  // namespace faulty

#endif  // MAPI_EMU_PROVIDERS_FAULTY_RULES_H_
