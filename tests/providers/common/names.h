// names.h -- how the test providers spell values in their probe lines and
// read them back from knobs: HRESULT names, flag names, IIDs, property tags,
// strings and bytes. SDK-only; every function is thread-safe (constant
// tables, no state).

#ifndef MAPI_EMU_TESTS_PROVIDERS_COMMON_NAMES_H_
#define MAPI_EMU_TESTS_PROVIDERS_COMMON_NAMES_H_

#include <span>
#include <string>
#include <string_view>

#include "mapidefs.h"

namespace mapi_emu::testprov {

// "0x00010010": eight upper-case hex digits.
std::string Hex32(ULONG value);

// "MAPI_E_NOT_FOUND", "S_OK"; a value without a name prints as "0x80041234".
std::string HrName(HRESULT hr);
// Reads "MAPI_E_NOT_FOUND", "E_FAIL", "S_OK", "0x8004010F" (any case of
// hex digits); false for anything else (*hr is then unchanged).
bool ParseHresult(std::string_view text, HRESULT* hr);

struct FlagName {
  ULONG value;
  const char* name;
};
using FlagTable = std::span<const FlagName>;

// Flag tables, one per argument kind.
extern const FlagTable kInitFlags;      // *ProviderInit ulFlags
extern const FlagTable kLogoffFlags;    // StoreLogoff, StoreLogoffTransports
extern const FlagTable kMdbLogonFlags;  // IMSProvider::Logon/SpoolerLogon
extern const FlagTable kAbLogonFlags;   // IABProvider::Logon
extern const FlagTable kXpLogonFlags;   // TransportLogon, in and out
extern const FlagTable kTransportLogoffFlags;
extern const FlagTable kTransportNotifyFlags;
extern const FlagTable kFlushFlags;  // FlushQueues
extern const FlagTable kSpoolerNotifyFlags;  // IMAPISupport::SpoolerNotify
extern const FlagTable kEndMessageFlags;     // IXPLogon::EndMessage output
extern const FlagTable kValidateStateFlags;
extern const FlagTable kOpenFlags;        // OpenEntry, OpenProfileSection
extern const FlagTable kPropFlags;        // GetProps, GetPropList, ...
extern const FlagTable kEventMask;        // Advise
extern const FlagTable kStatusRowFlags;   // ModifyStatusRow
extern const FlagTable kServiceFlags;     // message-service entry ulFlags
extern const FlagTable kServiceContexts;  // MSG_SERVICE_* (values, not bits)

// "0" for 0, else the names of the table's flags that are set, joined by
// "|", in table order, then what is left in hex: "LOGOFF_ABORT|0x00000100".
std::string FlagsName(ULONG flags, FlagTable table);
// The name of a value in an enumeration table, else "0x..." in hex.
std::string EnumName(ULONG value, FlagTable table);
// Reads "LOGOFF_ABORT", "LOGON_SP_IDLE|LOGON_SP_POLL", "0x10", "16" or "0";
// false for anything else (*flags is then unchanged).
bool ParseFlags(std::string_view text, FlagTable table, ULONG* flags);

// "NULL", "IID_IMsgStore", or the GUID in registry form for other IIDs.
std::string IidName(LPCIID iid);
// "PR_DISPLAY_NAME_A"; unnamed tags print as "0x6600001E".
std::string PropTagName(ULONG tag);
// "NULL" or "[PR_DISPLAY_NAME_A, PR_ENTRYID]".
std::string TagArrayName(const SPropTagArray* tags);
// "[PR_DISPLAY_NAME_A, PR_STATUS_CODE]" for the tags of a value array.
std::string ValueTagsName(ULONG count, const SPropValue* values);
// One value for a line: PR_DISPLAY_NAME_A="x", PR_STATUS_CODE=0x00000001,
// PR_ENTRYID=bin[24], PR_DISPLAY_NAME_A=MAPI_E_NOT_FOUND for PT_ERROR.
std::string ValueName(const SPropValue& value);
// "\"text\"" or "NULL".
std::string Quote(const char* text);
// Upper-case hex of the bytes, no separators.
std::string HexBytes(const void* bytes, size_t count);

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_COMMON_NAMES_H_
