// The names are the SDK's spellings; the tables are in the order a line
// prints them.

#include "tests/providers/common/names.h"

#include <stdio.h>
#include <stdlib.h>

#include <array>

#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"

namespace mapi_emu::testprov {
namespace {

struct HrRow {
  HRESULT value;
  const char* name;
};

#define HR(x) \
  HrRow { (x), #x }
constexpr HrRow kHresults[] = {
    HR(S_OK),
    HR(S_FALSE),
    HR(MAPI_E_CALL_FAILED),
    HR(MAPI_E_NOT_ENOUGH_MEMORY),
    HR(MAPI_E_INVALID_PARAMETER),
    HR(MAPI_E_INTERFACE_NOT_SUPPORTED),
    HR(MAPI_E_NO_ACCESS),
    HR(MAPI_E_NO_SUPPORT),
    HR(MAPI_E_BAD_CHARWIDTH),
    HR(MAPI_E_STRING_TOO_LONG),
    HR(MAPI_E_UNKNOWN_FLAGS),
    HR(MAPI_E_INVALID_ENTRYID),
    HR(MAPI_E_INVALID_OBJECT),
    HR(MAPI_E_OBJECT_CHANGED),
    HR(MAPI_E_OBJECT_DELETED),
    HR(MAPI_E_BUSY),
    HR(MAPI_E_NOT_ENOUGH_DISK),
    HR(MAPI_E_NOT_ENOUGH_RESOURCES),
    HR(MAPI_E_NOT_FOUND),
    HR(MAPI_E_VERSION),
    HR(MAPI_E_LOGON_FAILED),
    HR(MAPI_E_SESSION_LIMIT),
    HR(MAPI_E_USER_CANCEL),
    HR(MAPI_E_UNABLE_TO_ABORT),
    HR(MAPI_E_NETWORK_ERROR),
    HR(MAPI_E_DISK_ERROR),
    HR(MAPI_E_TOO_COMPLEX),
    HR(MAPI_E_BAD_COLUMN),
    HR(MAPI_E_EXTENDED_ERROR),
    HR(MAPI_E_COMPUTED),
    HR(MAPI_E_CORRUPT_DATA),
    HR(MAPI_E_UNCONFIGURED),
    HR(MAPI_E_FAILONEPROVIDER),
    HR(MAPI_E_UNKNOWN_CPID),
    HR(MAPI_E_UNKNOWN_LCID),
    HR(MAPI_E_PASSWORD_CHANGE_REQUIRED),
    HR(MAPI_E_PASSWORD_EXPIRED),
    HR(MAPI_E_INVALID_WORKSTATION_ACCOUNT),
    HR(MAPI_E_INVALID_ACCESS_TIME),
    HR(MAPI_E_ACCOUNT_DISABLED),
    HR(MAPI_E_RECONNECTED),
    HR(MAPI_E_OFFLINE),
    HR(MAPI_E_END_OF_SESSION),
    HR(MAPI_E_UNKNOWN_ENTRYID),
    HR(MAPI_E_MISSING_REQUIRED_COLUMN),
    HR(MAPI_W_NO_SERVICE),
    HR(MAPI_E_PROFILE_DELETED),
    HR(MAPI_E_BAD_VALUE),
    HR(MAPI_E_INVALID_TYPE),
    HR(MAPI_E_TYPE_NO_SUPPORT),
    HR(MAPI_E_UNEXPECTED_TYPE),
    HR(MAPI_E_TOO_BIG),
    HR(MAPI_E_DECLINE_COPY),
    HR(MAPI_E_UNEXPECTED_ID),
    HR(MAPI_W_ERRORS_RETURNED),
    HR(MAPI_E_UNABLE_TO_COMPLETE),
    HR(MAPI_E_TIMEOUT),
    HR(MAPI_E_TABLE_EMPTY),
    HR(MAPI_E_TABLE_TOO_BIG),
    HR(MAPI_E_INVALID_BOOKMARK),
    HR(MAPI_W_POSITION_CHANGED),
    HR(MAPI_W_APPROX_COUNT),
    HR(MAPI_E_WAIT),
    HR(MAPI_E_CANCEL),
    HR(MAPI_E_NOT_ME),
    HR(MAPI_W_CANCEL_MESSAGE),
    HR(MAPI_E_CORRUPT_STORE),
    HR(MAPI_E_NOT_IN_QUEUE),
    HR(MAPI_E_NO_SUPPRESS),
    HR(MAPI_E_COLLISION),
    HR(MAPI_E_NOT_INITIALIZED),
    HR(MAPI_E_NON_STANDARD),
    HR(MAPI_E_NO_RECIPIENTS),
    HR(MAPI_E_SUBMITTED),
    HR(MAPI_E_HAS_FOLDERS),
    HR(MAPI_E_HAS_MESSAGES),
    HR(MAPI_E_FOLDER_CYCLE),
    HR(MAPI_E_STORE_FULL),
    HR(MAPI_E_LOCKID_LIMIT),
    HR(MAPI_W_PARTIAL_COMPLETION),
    HR(MAPI_E_AMBIGUOUS_RECIP),
    HR(MAPI_E_NAMED_PROP_QUOTA_EXCEEDED),
    HR(E_UNEXPECTED),
    HR(E_NOTIMPL),
    HR(E_POINTER),
    HR(E_ABORT),
    HR(E_HANDLE),
    // Second names of MAPI_E_ values: accepted in knobs, never printed.
    HR(E_FAIL),
    HR(E_OUTOFMEMORY),
    HR(E_INVALIDARG),
    HR(E_NOINTERFACE),
    HR(E_ACCESSDENIED),
};
#undef HR

#define F(x) \
  FlagName { (x), #x }
constexpr FlagName kInit[] = {F(MAPI_NT_SERVICE)};
constexpr FlagName kLogoff[] = {F(LOGOFF_NO_WAIT), F(LOGOFF_ORDERLY),  F(LOGOFF_PURGE),
                                F(LOGOFF_ABORT),   F(LOGOFF_QUIET),    F(LOGOFF_COMPLETE),
                                F(LOGOFF_INBOUND), F(LOGOFF_OUTBOUND), F(LOGOFF_OUTBOUND_QUEUE)};
constexpr FlagName kMdbLogon[] = {F(MDB_NO_DIALOG),        F(MDB_WRITE),   F(MDB_TEMPORARY),
                                  F(MAPI_DEFERRED_ERRORS), F(MDB_NO_MAIL), F(MAPI_BEST_ACCESS),
                                  F(MAPI_UNICODE)};
constexpr FlagName kAbLogon[] = {F(AB_NO_DIALOG), F(MAPI_DEFERRED_ERRORS), F(MAPI_UNICODE)};
constexpr FlagName kXpLogon[] = {F(LOGON_NO_DIALOG),   F(LOGON_NO_CONNECT), F(LOGON_NO_INBOUND),
                                 F(LOGON_NO_OUTBOUND), F(LOGON_SP_IDLE),    F(LOGON_SP_POLL),
                                 F(LOGON_SP_RESOLVE),  F(MAPI_UNICODE)};
constexpr FlagName kTransportLogoff[] = {F(LOGOFF_NORMAL), F(LOGOFF_HURRY)};
constexpr FlagName kTransportNotify[] = {
    F(NOTIFY_BEGIN_INBOUND),        F(NOTIFY_BEGIN_OUTBOUND),     F(NOTIFY_BEGIN_INBOUND_FLUSH),
    F(NOTIFY_BEGIN_OUTBOUND_FLUSH), F(NOTIFY_END_INBOUND),        F(NOTIFY_END_OUTBOUND),
    F(NOTIFY_END_INBOUND_FLUSH),    F(NOTIFY_END_OUTBOUND_FLUSH), F(NOTIFY_ABORT_DEFERRED),
    F(NOTIFY_CANCEL_MESSAGE)};
constexpr FlagName kSpoolerNotify[] = {
    F(NOTIFY_NEWMAIL),        F(NOTIFY_READYTOSEND),    F(NOTIFY_SENTDEFERRED),
    F(NOTIFY_CRITSEC),        F(NOTIFY_NONCRIT),        F(NOTIFY_CONFIG_CHANGE),
    F(NOTIFY_CRITICAL_ERROR), F(NOTIFY_NEWMAIL_RECEIVED)};
constexpr FlagName kEndMessage[] = {F(END_RESEND_NOW), F(END_RESEND_LATER), F(END_DONT_RESEND)};
constexpr FlagName kFlush[] = {F(FLUSH_UPLOAD), F(FLUSH_DOWNLOAD), F(FLUSH_FORCE), F(FLUSH_NO_UI),
                               F(FLUSH_ASYNC_OK)};
constexpr FlagName kValidateState[] = {F(SUPPRESS_UI),
                                       F(REFRESH_XP_HEADER_CACHE),
                                       F(PROCESS_XP_HEADER_CACHE),
                                       F(FORCE_XP_CONNECT),
                                       F(FORCE_XP_DISCONNECT),
                                       F(CONFIG_CHANGED),
                                       F(ABORT_XP_HEADER_OPERATION),
                                       F(SHOW_XP_SESSION_UI)};
constexpr FlagName kOpen[] = {F(MAPI_MODIFY), F(MAPI_DEFERRED_ERRORS), F(MAPI_BEST_ACCESS),
                              F(MAPI_UNICODE)};
constexpr FlagName kProp[] = {F(MAPI_UNICODE)};
constexpr FlagName kEvents[] = {
    F(fnevCriticalError),        F(fnevNewMail),         F(fnevObjectCreated),
    F(fnevObjectDeleted),        F(fnevObjectModified),  F(fnevObjectMoved),
    F(fnevObjectCopied),         F(fnevSearchComplete),  F(fnevTableModified),
    F(fnevStatusObjectModified), F(fnevReservedForMapi), F(fnevExtended)};
constexpr FlagName kStatusRow[] = {F(STATUSROW_UPDATE)};
constexpr FlagName kService[] = {F(SERVICE_UI_ALLOWED), F(MSG_SERVICE_UI_READ_ONLY),
                                 F(SERVICE_LOGON_FAILED), F(MAPI_UNICODE)};
constexpr FlagName kServiceContext[] = {
    F(MSG_SERVICE_INSTALL),        F(MSG_SERVICE_CREATE),    F(MSG_SERVICE_CONFIGURE),
    F(MSG_SERVICE_DELETE),         F(MSG_SERVICE_UNINSTALL), F(MSG_SERVICE_PROVIDER_CREATE),
    F(MSG_SERVICE_PROVIDER_DELETE)};
#undef F

struct IidRow {
  uint32_t data1;
  const char* name;
};
// Every IID the SDK builds with DEFINE_OLEGUID(name, l, 0, 0).
constexpr IidRow kIids[] = {
    {0x00020300, "IID_IMAPISession"},
    {0x00020301, "IID_IMAPITable"},
    {0x00020302, "IID_IMAPIAdviseSink"},
    {0x00020303, "IID_IMAPIProp"},
    {0x00020304, "IID_IProfSect"},
    {0x00020305, "IID_IMAPIStatus"},
    {0x00020306, "IID_IMsgStore"},
    {0x00020307, "IID_IMessage"},
    {0x00020308, "IID_IAttachment"},
    {0x00020309, "IID_IAddrBook"},
    {0x0002030A, "IID_IMailUser"},
    {0x0002030B, "IID_IMAPIContainer"},
    {0x0002030C, "IID_IMAPIFolder"},
    {0x0002030D, "IID_IABContainer"},
    {0x0002030E, "IID_IDistList"},
    {0x0002030F, "IID_IMAPISup"},
    {0x00020310, "IID_IMSProvider"},
    {0x00020311, "IID_IABProvider"},
    {0x00020312, "IID_IXPProvider"},
    {0x00020313, "IID_IMSLogon"},
    {0x00020314, "IID_IABLogon"},
    {0x00020315, "IID_IXPLogon"},
    {0x00020316, "IID_IMAPITableData"},
    {0x00020317, "IID_IMAPISpoolerInit"},
    {0x00020318, "IID_IMAPISpoolerSession"},
    {0x00020319, "IID_ITNEF"},
    {0x0002031A, "IID_IMAPIPropData"},
    {0x0002031B, "IID_IMAPIControl"},
    {0x0002031C, "IID_IProfAdmin"},
    {0x0002031D, "IID_IMsgServiceAdmin"},
    {0x0002031E, "IID_IMAPISpoolerService"},
    {0x0002031F, "IID_IMAPIProgress"},
    {0x00020320, "IID_ISpoolerHook"},
    {0x00020325, "IID_IProviderAdmin"},
    {0x00020321, "IID_IMAPIViewContext"},
    {0x00020322, "IID_IMAPIFormMgr"},
    {0x00020323, "IID_IEnumMAPIFormProp"},
    {0x00020324, "IID_IMAPIFormInfo"},
    {0x00020327, "IID_IMAPIForm"},
    {0x0002032A, "IID_IPersistMessage"},
    {0x0002032B, "IID_IMAPIViewAdviseSink"},
    {0x0002032D, "IID_IMAPIFormProp"},
    {0x0002032E, "IID_IMAPIFormContainer"},
    {0x0002032F, "IID_IMAPIFormAdviseSink"},
    {0x00020350, "IID_IMAPIFormFactory"},
    {0x00020370, "IID_IMAPIMessageSite"},
    {0x0002032C, "IID_IStreamDocfile"},
    {0x00020330, "IID_IStreamTnef"},
    {0x00020387, "IID_IMsgServiceAdmin2"},
    {0x00020397, "IID_IMAPIClientShutdown"},
    {0x00020398, "IID_IMAPIProviderShutdown"},
    {0x00000000, "IID_IUnknown"},
    {0x00000002, "IID_IMalloc"},
    {0x0000000C, "IID_IStream"},
};

#define T(x) \
  { (x), #x }
constexpr struct {
  ULONG tag;
  const char* name;
} kTags[] = {T(PR_ENTRYID),
             T(PR_OBJECT_TYPE),
             T(PR_RECORD_KEY),
             T(PR_STORE_RECORD_KEY),
             T(PR_STORE_ENTRYID),
             T(PR_STORE_SUPPORT_MASK),
             T(PR_MDB_PROVIDER),
             T(PR_DISPLAY_NAME_A),
             T(PR_DISPLAY_NAME_W),
             T(PR_PROVIDER_DISPLAY_A),
             T(PR_PROVIDER_DISPLAY_W),
             T(PR_RESOURCE_METHODS),
             T(PR_RESOURCE_TYPE),
             T(PR_RESOURCE_FLAGS),
             T(PR_STATUS_CODE),
             T(PR_STATUS_STRING_A),
             T(PR_STATUS_STRING_W),
             T(PR_FOLDER_TYPE),
             T(PR_CONTAINER_FLAGS),
             T(PR_DISPLAY_TYPE),
             T(PR_ADDRTYPE_A),
             T(PR_ADDRTYPE_W),
             T(PR_EMAIL_ADDRESS_A),
             T(PR_EMAIL_ADDRESS_W)};
#undef T

// Parses "0x..." (hex) or decimal digits into a 32-bit value.
bool ParseNumber(std::string_view text, ULONG* value) {
  if (text.empty() || text.size() > 12) return false;
  std::string s(text);
  int base = 10;
  size_t start = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    start = 2;
  }
  char* end = nullptr;
  unsigned long long v = strtoull(s.c_str() + start, &end, base);
  if (end == s.c_str() + start || *end != '\0' || v > 0xFFFFFFFFull) {
    return false;
  }
  *value = static_cast<ULONG>(v);
  return true;
}

}  // namespace

std::string Hex32(ULONG value) {
  char buf[16];
  snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(value));
  return buf;
}

const FlagTable kInitFlags = kInit;
const FlagTable kLogoffFlags = kLogoff;
const FlagTable kMdbLogonFlags = kMdbLogon;
const FlagTable kAbLogonFlags = kAbLogon;
const FlagTable kXpLogonFlags = kXpLogon;
const FlagTable kTransportLogoffFlags = kTransportLogoff;
const FlagTable kTransportNotifyFlags = kTransportNotify;
const FlagTable kFlushFlags = kFlush;
const FlagTable kSpoolerNotifyFlags = kSpoolerNotify;
const FlagTable kEndMessageFlags = kEndMessage;
const FlagTable kValidateStateFlags = kValidateState;
const FlagTable kOpenFlags = kOpen;
const FlagTable kPropFlags = kProp;
const FlagTable kEventMask = kEvents;
const FlagTable kStatusRowFlags = kStatusRow;
const FlagTable kServiceFlags = kService;
const FlagTable kServiceContexts = kServiceContext;

std::string HrName(HRESULT hr) {
  for (const HrRow& row : kHresults) {
    if (row.value == hr) return row.name;
  }
  return Hex32(static_cast<ULONG>(hr));
}

bool ParseHresult(std::string_view text, HRESULT* hr) {
  for (const HrRow& row : kHresults) {
    if (text == row.name) {
      *hr = row.value;
      return true;
    }
  }
  ULONG value = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
      ParseNumber(text, &value)) {
    *hr = static_cast<HRESULT>(value);
    return true;
  }
  return false;
}

std::string FlagsName(ULONG flags, FlagTable table) {
  if (flags == 0) return "0";
  std::string out;
  ULONG left = flags;
  for (const FlagName& f : table) {
    if (f.value != 0 && (left & f.value) == f.value) {
      if (!out.empty()) out += '|';
      out += f.name;
      left &= ~f.value;
    }
  }
  if (left != 0) {
    if (!out.empty()) out += '|';
    out += Hex32(left);
  }
  return out;
}

std::string EnumName(ULONG value, FlagTable table) {
  for (const FlagName& f : table) {
    if (f.value == value) return f.name;
  }
  return Hex32(value);
}

bool ParseFlags(std::string_view text, FlagTable table, ULONG* flags) {
  ULONG result = 0;
  while (true) {
    size_t bar = text.find('|');
    std::string_view part = text.substr(0, bar);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    bool found = false;
    for (const FlagName& f : table) {
      if (part == f.name) {
        result |= f.value;
        found = true;
        break;
      }
    }
    ULONG number = 0;
    if (!found) {
      if (!ParseNumber(part, &number)) return false;
      result |= number;
    }
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  *flags = result;
  return true;
}

std::string IidName(LPCIID iid) {
  if (iid == nullptr) return "NULL";
  static constexpr uint8_t kOleTail[8] = {0xC0, 0, 0, 0, 0, 0, 0, 0x46};
  if (iid->Data2 == 0 && iid->Data3 == 0 && memcmp(iid->Data4, kOleTail, sizeof kOleTail) == 0) {
    for (const IidRow& row : kIids) {
      if (row.data1 == iid->Data1) return row.name;
    }
  }
  char buf[48];
  snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
           static_cast<unsigned>(iid->Data1), iid->Data2, iid->Data3, iid->Data4[0], iid->Data4[1],
           iid->Data4[2], iid->Data4[3], iid->Data4[4], iid->Data4[5], iid->Data4[6],
           iid->Data4[7]);
  return buf;
}

std::string PropTagName(ULONG tag) {
  for (const auto& row : kTags) {
    if (row.tag == tag) return row.name;
  }
  return Hex32(tag);
}

std::string TagArrayName(const SPropTagArray* tags) {
  if (tags == nullptr) return "NULL";
  std::string out = "[";
  for (ULONG i = 0; i < tags->cValues; ++i) {
    if (i != 0) out += ", ";
    out += PropTagName(tags->aulPropTag[i]);
  }
  return out + "]";
}

std::string ValueTagsName(ULONG count, const SPropValue* values) {
  std::string out = "[";
  for (ULONG i = 0; i < count && values != nullptr; ++i) {
    if (i != 0) out += ", ";
    out += PropTagName(values[i].ulPropTag);
  }
  return out + "]";
}

std::string ValueName(const SPropValue& value) {
  std::string out = PropTagName(value.ulPropTag) + "=";
  switch (PROP_TYPE(value.ulPropTag)) {
    case PT_STRING8:
      return out + Quote(value.Value.lpszA);
    case PT_UNICODE: {
      std::string narrow;
      for (const WCHAR* p = value.Value.lpszW; p != nullptr && *p != 0; ++p) {
        narrow += *p < 0x80 ? static_cast<char>(*p) : '?';
      }
      return out + (value.Value.lpszW == nullptr ? "NULL" : Quote(narrow.c_str()));
    }
    case PT_LONG:
      return out + Hex32(value.Value.ul);
    case PT_BOOLEAN:
      return out + (value.Value.b ? "TRUE" : "FALSE");
    case PT_BINARY:
      return out + "bin[" + std::to_string(value.Value.bin.cb) + "]";
    case PT_ERROR:
      return out + HrName(value.Value.err);
    default:
      return out + "?";
  }
}

std::string Quote(const char* text) {
  if (text == nullptr) return "NULL";
  return std::string("\"") + text + "\"";
}

std::string HexBytes(const void* bytes, size_t count) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(count * 2);
  const auto* p = static_cast<const uint8_t*>(bytes);
  for (size_t i = 0; i < count; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 0xF];
  }
  return out;
}

}  // namespace mapi_emu::testprov
