// hresult.h -- the one translation between MAPI's HRESULTs (the ABI edge)
// and absl::Status (everything inside), and the table that names every
// HRESULT for logs, traces and test messages: "MAPI_E_NOT_FOUND (0x8004010F)".
//
// Everything here is thread-safe: the table is constant and the functions
// keep no state. Exceptions never cross the ABI: every method the MAPI side
// implements runs its body through GuardAbi (design.md §2.4).

#ifndef MAPI_EMU_BASE_HRESULT_H_
#define MAPI_EMU_BASE_HRESULT_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "mapicode.h"
#include "mapiwin.h"

namespace mapi_emu {

// One row of the name table.
struct HresultInfo {
  HRESULT value;
  std::string_view name;  // the SDK spelling, e.g. "MAPI_E_NOT_FOUND"
  // What HresultToStatus maps a failure to (kOk for success codes).
  absl::StatusCode code;
  // True for a second name of a value listed earlier under its preferred
  // name (E_FAIL after MAPI_E_CALL_FAILED, SUCCESS_SUCCESS after S_OK, ...).
  bool alias;
};

// Every code of mapicode.h plus the S_*, E_* and STG_* codes of mapiwin.h,
// each value first under its preferred (MAPI_) name, aliases after it.
std::span<const HresultInfo> HresultTable();

// "MAPI_E_NOT_FOUND (0x8004010F)", "S_OK (0x00000000)"; a value the table
// does not know is printed as "0x80041234". Aliases are never printed.
std::string HresultName(HRESULT hr);

// Parses what HresultName prints and any name of the table (aliases too):
// "MAPI_E_NOT_FOUND", "E_FAIL", "MAPI_E_NOT_FOUND (0x8004010F)" (the number
// must agree with the name) and "0x80041234" (8 hex digits, any case).
// nullopt for anything else.
std::optional<HRESULT> HresultFromName(std::string_view name);

// The type URL of the status payload that carries the exact HRESULT as
// 4 little-endian bytes.
inline constexpr std::string_view kHresultPayloadUrl = "type.mapi_emu/hresult";

// Success codes (S_OK, S_FALSE, MAPI_W_* warnings, any SUCCEEDED value)
// become OkStatus: warnings are not represented in a Status at all, so a
// caller that must report MAPI_W_ERRORS_RETURNED keeps the HRESULT itself.
// A failure becomes a status with the table's code (kUnknown if the value
// is not in the table), the message "MAPI_E_NOT_FOUND (0x8004010F): <message>"
// (no ": ..." when message is empty) and the exact HRESULT as payload.
absl::Status HresultToStatus(HRESULT hr, std::string_view message = {});

// S_OK for an OK status. Otherwise the HRESULT in the payload if there is a
// failure code there, else one chosen from the status code (kNotFound ->
// MAPI_E_NOT_FOUND, kInvalidArgument -> MAPI_E_INVALID_PARAMETER, ...,
// MAPI_E_CALL_FAILED when nothing fits). Never returns a success code for a
// failed status.
HRESULT StatusToHresult(const absl::Status& status);

// The HRESULT for the exception being handled, for use inside catch (...):
// std::bad_alloc -> MAPI_E_NOT_ENOUGH_MEMORY, anything else ->
// MAPI_E_CALL_FAILED. Logs where and what() with spdlog. Called outside a
// handler it logs that and returns MAPI_E_CALL_FAILED.
HRESULT HresultFromCurrentException(std::string_view where = {}) noexcept;

// Runs f() at the ABI edge and returns its result as an HRESULT: f returns
// an HRESULT (passed through, warnings included) or an absl::Status
// (StatusToHresult). An exception from f becomes an HRESULT as above.
template <typename F>
HRESULT GuardAbi(std::string_view where, F&& f) noexcept {
  using Result = std::invoke_result_t<F>;
  static_assert(
      std::is_same_v<Result, HRESULT> || std::is_same_v<Result, absl::Status>,
      "GuardAbi: f() must return HRESULT or absl::Status");
  try {
    if constexpr (std::is_same_v<Result, absl::Status>) {
      return StatusToHresult(std::invoke(std::forward<F>(f)));
    } else {
      return std::invoke(std::forward<F>(f));
    }
  } catch (...) {
    return HresultFromCurrentException(where);
  }
}

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_HRESULT_H_
