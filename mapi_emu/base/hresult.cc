#include "mapi_emu/base/hresult.h"

#include <array>
#include <cstdint>
#include <exception>
#include <new>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {
namespace {

using absl::StatusCode;

// The row is built from the macro itself, so a name can never disagree with
// its value. Preferred names come first for each value; HresultName takes the
// first row with a matching value.
#define MAPI_EMU_HR_(name, code) \
  HresultInfo { name, #name, StatusCode::code, false }
#define MAPI_EMU_HR_ALIAS_(name, code) \
  HresultInfo { name, #name, StatusCode::code, true }

constexpr auto kTable = std::to_array<HresultInfo>({
    // Success codes. Warnings are successes: HresultToStatus gives OkStatus.
    MAPI_EMU_HR_(S_OK, kOk),
    MAPI_EMU_HR_ALIAS_(SUCCESS_SUCCESS, kOk),
    MAPI_EMU_HR_ALIAS_(NOERROR, kOk),
    MAPI_EMU_HR_(S_FALSE, kOk),
    MAPI_EMU_HR_(MAPI_W_NO_SERVICE, kOk),
    MAPI_EMU_HR_(MAPI_W_ERRORS_RETURNED, kOk),
    MAPI_EMU_HR_(MAPI_W_POSITION_CHANGED, kOk),
    MAPI_EMU_HR_(MAPI_W_APPROX_COUNT, kOk),
    MAPI_EMU_HR_(MAPI_W_CANCEL_MESSAGE, kOk),
    MAPI_EMU_HR_(MAPI_W_PARTIAL_COMPLETION, kOk),
    MAPI_EMU_HR_(STG_S_CONVERTED, kOk),

    // The COM codes MAPI reuses, under their MAPI names first.
    MAPI_EMU_HR_(MAPI_E_CALL_FAILED, kUnknown),
    MAPI_EMU_HR_ALIAS_(E_FAIL, kUnknown),
    MAPI_EMU_HR_(MAPI_E_NOT_ENOUGH_MEMORY, kResourceExhausted),
    MAPI_EMU_HR_ALIAS_(E_OUTOFMEMORY, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_INVALID_PARAMETER, kInvalidArgument),
    MAPI_EMU_HR_ALIAS_(E_INVALIDARG, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_INTERFACE_NOT_SUPPORTED, kUnimplemented),
    MAPI_EMU_HR_ALIAS_(E_NOINTERFACE, kUnimplemented),
    MAPI_EMU_HR_(MAPI_E_NO_ACCESS, kPermissionDenied),
    MAPI_EMU_HR_ALIAS_(E_ACCESSDENIED, kPermissionDenied),

    // Other COM codes of mapiwin.h.
    MAPI_EMU_HR_(E_UNEXPECTED, kInternal),
    MAPI_EMU_HR_(E_NOTIMPL, kUnimplemented),
    MAPI_EMU_HR_(E_POINTER, kInvalidArgument),
    MAPI_EMU_HR_(E_ABORT, kAborted),
    MAPI_EMU_HR_(E_HANDLE, kInvalidArgument),

    // Structured-storage codes of mapiwin.h (IStream on properties).
    MAPI_EMU_HR_(STG_E_INVALIDFUNCTION, kInvalidArgument),
    MAPI_EMU_HR_(STG_E_FILENOTFOUND, kNotFound),
    MAPI_EMU_HR_(STG_E_ACCESSDENIED, kPermissionDenied),
    MAPI_EMU_HR_(STG_E_INSUFFICIENTMEMORY, kResourceExhausted),
    MAPI_EMU_HR_(STG_E_INVALIDPOINTER, kInvalidArgument),
    MAPI_EMU_HR_(STG_E_WRITEFAULT, kDataLoss),
    MAPI_EMU_HR_(STG_E_READFAULT, kDataLoss),
    MAPI_EMU_HR_(STG_E_INVALIDPARAMETER, kInvalidArgument),
    MAPI_EMU_HR_(STG_E_MEDIUMFULL, kResourceExhausted),
    MAPI_EMU_HR_(STG_E_INVALIDFLAG, kInvalidArgument),
    MAPI_EMU_HR_(STG_E_REVERTED, kFailedPrecondition),
    MAPI_EMU_HR_(STG_E_CANTSAVE, kDataLoss),

    // MAPI errors, in value order.
    MAPI_EMU_HR_(MAPI_E_NO_SUPPORT, kUnimplemented),
    MAPI_EMU_HR_(MAPI_E_BAD_CHARWIDTH, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_STRING_TOO_LONG, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_UNKNOWN_FLAGS, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_INVALID_ENTRYID, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_INVALID_OBJECT, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_OBJECT_CHANGED, kAborted),
    MAPI_EMU_HR_(MAPI_E_OBJECT_DELETED, kNotFound),
    MAPI_EMU_HR_(MAPI_E_BUSY, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_NOT_ENOUGH_DISK, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_NOT_ENOUGH_RESOURCES, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_NOT_FOUND, kNotFound),
    MAPI_EMU_HR_(MAPI_E_VERSION, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_LOGON_FAILED, kUnauthenticated),
    MAPI_EMU_HR_(MAPI_E_SESSION_LIMIT, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_USER_CANCEL, kCancelled),
    MAPI_EMU_HR_(MAPI_E_UNABLE_TO_ABORT, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_NETWORK_ERROR, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_DISK_ERROR, kDataLoss),
    MAPI_EMU_HR_(MAPI_E_TOO_COMPLEX, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_BAD_COLUMN, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_EXTENDED_ERROR, kUnknown),
    MAPI_EMU_HR_(MAPI_E_COMPUTED, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_CORRUPT_DATA, kDataLoss),
    MAPI_EMU_HR_(MAPI_E_UNCONFIGURED, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_FAILONEPROVIDER, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_UNKNOWN_CPID, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_UNKNOWN_LCID, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_PASSWORD_CHANGE_REQUIRED, kPermissionDenied),
    MAPI_EMU_HR_(MAPI_E_PASSWORD_EXPIRED, kPermissionDenied),
    MAPI_EMU_HR_(MAPI_E_INVALID_WORKSTATION_ACCOUNT, kPermissionDenied),
    MAPI_EMU_HR_(MAPI_E_INVALID_ACCESS_TIME, kPermissionDenied),
    MAPI_EMU_HR_(MAPI_E_ACCOUNT_DISABLED, kPermissionDenied),
    MAPI_EMU_HR_(MAPI_E_RECONNECTED, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_OFFLINE, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_END_OF_SESSION, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_UNKNOWN_ENTRYID, kNotFound),
    MAPI_EMU_HR_(MAPI_E_MISSING_REQUIRED_COLUMN, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_PROFILE_DELETED, kNotFound),
    MAPI_EMU_HR_(MAPI_E_BAD_VALUE, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_INVALID_TYPE, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_TYPE_NO_SUPPORT, kUnimplemented),
    MAPI_EMU_HR_(MAPI_E_UNEXPECTED_TYPE, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_TOO_BIG, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_DECLINE_COPY, kUnimplemented),
    MAPI_EMU_HR_(MAPI_E_UNEXPECTED_ID, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_UNABLE_TO_COMPLETE, kAborted),
    MAPI_EMU_HR_(MAPI_E_TIMEOUT, kDeadlineExceeded),
    MAPI_EMU_HR_(MAPI_E_TABLE_EMPTY, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_TABLE_TOO_BIG, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_INVALID_BOOKMARK, kInvalidArgument),
    MAPI_EMU_HR_(MAPI_E_WAIT, kUnavailable),
    MAPI_EMU_HR_(MAPI_E_CANCEL, kCancelled),
    MAPI_EMU_HR_(MAPI_E_NOT_ME, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_CORRUPT_STORE, kDataLoss),
    MAPI_EMU_HR_(MAPI_E_NOT_IN_QUEUE, kNotFound),
    MAPI_EMU_HR_(MAPI_E_NO_SUPPRESS, kUnimplemented),
    MAPI_EMU_HR_(MAPI_E_COLLISION, kAlreadyExists),
    MAPI_EMU_HR_(MAPI_E_NOT_INITIALIZED, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_NON_STANDARD, kUnimplemented),
    MAPI_EMU_HR_(MAPI_E_NO_RECIPIENTS, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_SUBMITTED, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_HAS_FOLDERS, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_HAS_MESSAGES, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_FOLDER_CYCLE, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_STORE_FULL, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_LOCKID_LIMIT, kResourceExhausted),
    MAPI_EMU_HR_(MAPI_E_AMBIGUOUS_RECIP, kFailedPrecondition),
    MAPI_EMU_HR_(MAPI_E_NAMED_PROP_QUOTA_EXCEEDED, kResourceExhausted),
});

#undef MAPI_EMU_HR_
#undef MAPI_EMU_HR_ALIAS_

// The preferred row for a value, or nullptr. A linear scan over ~110 rows
// costs less than the string formatting around every call.
const HresultInfo* FindByValue(HRESULT hr) {
  for (const HresultInfo& row : kTable) {
    if (row.value == hr) return &row;
  }
  return nullptr;
}

const HresultInfo* FindByName(std::string_view name) {
  for (const HresultInfo& row : kTable) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

std::string Hex(HRESULT hr) {
  return absl::StrFormat("0x%08X", static_cast<uint32_t>(hr));
}

// "0x" followed by exactly eight hex digits.
std::optional<HRESULT> ParseHex(std::string_view text) {
  if (text.size() != 10 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
    return std::nullopt;
  uint32_t value = 0;
  for (char c : text.substr(2)) {
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = (value << 4) | digit;
  }
  return static_cast<HRESULT>(value);
}

absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

std::optional<HRESULT> HresultFromPayload(const absl::Status& status) {
  absl::optional<absl::Cord> payload =
      status.GetPayload(ToAbsl(kHresultPayloadUrl));
  if (!payload.has_value() || payload->size() != 4) return std::nullopt;
  std::string bytes(*payload);
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[static_cast<size_t>(i)]);
  }
  return static_cast<HRESULT>(value);
}

// The HRESULT a status code stands for when no payload says better; each
// choice maps back to the same code through HresultToStatus where MAPI has
// a matching error.
HRESULT HresultForCode(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return S_OK;
    case StatusCode::kCancelled:
      return MAPI_E_USER_CANCEL;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return MAPI_E_INVALID_PARAMETER;
    case StatusCode::kDeadlineExceeded:
      return MAPI_E_TIMEOUT;
    case StatusCode::kNotFound:
      return MAPI_E_NOT_FOUND;
    case StatusCode::kAlreadyExists:
      return MAPI_E_COLLISION;
    case StatusCode::kPermissionDenied:
      return MAPI_E_NO_ACCESS;
    case StatusCode::kResourceExhausted:
      return MAPI_E_NOT_ENOUGH_MEMORY;
    case StatusCode::kUnimplemented:
      return MAPI_E_NO_SUPPORT;
    case StatusCode::kUnavailable:
      return MAPI_E_BUSY;
    case StatusCode::kDataLoss:
      return MAPI_E_CORRUPT_DATA;
    case StatusCode::kUnauthenticated:
      return MAPI_E_LOGON_FAILED;
    default:  // kUnknown, kFailedPrecondition, kAborted, kInternal, ...
      return MAPI_E_CALL_FAILED;
  }
}

}  // namespace

std::span<const HresultInfo> HresultTable() { return kTable; }

std::string HresultName(HRESULT hr) {
  const HresultInfo* row = FindByValue(hr);
  if (row == nullptr) return Hex(hr);
  return absl::StrCat(ToAbsl(row->name), " (", Hex(hr), ")");
}

std::optional<HRESULT> HresultFromName(std::string_view name) {
  if (const HresultInfo* row = FindByName(name)) return row->value;
  if (name.starts_with("0x") || name.starts_with("0X")) return ParseHex(name);
  // "NAME (0x...)": both halves must agree.
  size_t open = name.find(" (");
  if (open == std::string_view::npos || !name.ends_with(")"))
    return std::nullopt;
  const HresultInfo* row = FindByName(name.substr(0, open));
  std::optional<HRESULT> number =
      ParseHex(name.substr(open + 2, name.size() - open - 3));
  if (row == nullptr || !number.has_value() || *number != row->value)
    return std::nullopt;
  return row->value;
}

absl::Status HresultToStatus(HRESULT hr, std::string_view message) {
  if (SUCCEEDED(hr)) return absl::OkStatus();
  const HresultInfo* row = FindByValue(hr);
  StatusCode code = row != nullptr ? row->code : StatusCode::kUnknown;
  std::string text = HresultName(hr);
  if (!message.empty()) absl::StrAppend(&text, ": ", ToAbsl(message));
  absl::Status status(code, text);
  const uint32_t bits = static_cast<uint32_t>(hr);
  const char bytes[4] = {static_cast<char>(bits & 0xFF),
                         static_cast<char>((bits >> 8) & 0xFF),
                         static_cast<char>((bits >> 16) & 0xFF),
                         static_cast<char>((bits >> 24) & 0xFF)};
  status.SetPayload(ToAbsl(kHresultPayloadUrl),
                    absl::Cord(absl::string_view(bytes, sizeof(bytes))));
  return status;
}

HRESULT StatusToHresult(const absl::Status& status) {
  if (status.ok()) return S_OK;
  std::optional<HRESULT> carried = HresultFromPayload(status);
  if (carried.has_value() && FAILED(*carried)) return *carried;
  return HresultForCode(status.code());
}

HRESULT HresultFromCurrentException(std::string_view where) noexcept {
  HRESULT hr = MAPI_E_CALL_FAILED;
  std::string_view kind = "called with no exception being handled";
  const char* what = "";
  if (std::exception_ptr current = std::current_exception()) {
    kind = "exception of unknown type";
    try {
      std::rethrow_exception(current);
    } catch (const std::bad_alloc& e) {
      hr = MAPI_E_NOT_ENOUGH_MEMORY;
      kind = "out of memory";
      what = e.what();
    } catch (const std::exception& e) {
      kind = "exception";
      what = e.what();
    } catch (...) {
    }
  }
  // Logging must not throw past the ABI either (it may allocate).
  try {
    spdlog::error("{}: {}{}{}; returning {}",
                  where.empty() ? std::string_view("ABI call") : where, kind,
                  *what != '\0' ? ": " : "", what, HresultName(hr));
  } catch (...) {
  }
  return hr;
}

}  // namespace mapi_emu
