// status_macros.h -- the two control-flow macros for absl::Status code
// (style.md 6). Debian's Abseil 20220623 has neither.
//
//   RETURN_IF_ERROR(expr);          expr is an absl::Status or StatusOr<T>;
//                                   if it is not OK, return its status.
//   ASSIGN_OR_RETURN(lhs, expr);    expr is an absl::StatusOr<T>; if it is
//                                   not OK return its status, else move its
//                                   value into lhs ("auto x", "T x", "x").
//
// Both work in any function returning absl::Status or absl::StatusOr<U>.
// expr may contain commas; an lhs with commas goes in parentheses:
//   ASSIGN_OR_RETURN((std::pair<int, int> p), MakePair());
// ASSIGN_OR_RETURN declares names in the enclosing scope, so it is a
// statement of its own (not the body of an unbraced if).

#ifndef MAPI_EMU_BASE_STATUS_MACROS_H_
#define MAPI_EMU_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mapi_emu::status_internal {

inline const absl::Status& AsStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& AsStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace mapi_emu::status_internal

#define RETURN_IF_ERROR(...)                                    \
  do {                                                          \
    if (::absl::Status mapi_emu_return_if_error_status_ =       \
            ::mapi_emu::status_internal::AsStatus(__VA_ARGS__); \
        !mapi_emu_return_if_error_status_.ok()) {               \
      return mapi_emu_return_if_error_status_;                  \
    }                                                           \
  } while (false)

#define ASSIGN_OR_RETURN(lhs, ...)                                   \
  MAPI_EMU_ASSIGN_OR_RETURN_IMPL_(                                   \
      MAPI_EMU_STATUS_CONCAT_(mapi_emu_statusor_, __COUNTER__), lhs, \
      __VA_ARGS__)

// Implementation details.
#define MAPI_EMU_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, ...) \
  auto statusor = (__VA_ARGS__);                            \
  if (!statusor.ok()) {                                     \
    return ::std::move(statusor).status();                  \
  }                                                         \
  MAPI_EMU_STATUS_UNPAREN_(lhs) = ::std::move(statusor).value()

#define MAPI_EMU_STATUS_CONCAT_(a, b) MAPI_EMU_STATUS_CONCAT_IMPL_(a, b)
#define MAPI_EMU_STATUS_CONCAT_IMPL_(a, b) a##b

// Removes one pair of parentheses around x if it has them: (T x) -> T x,
// and leaves x alone otherwise.
#define MAPI_EMU_STATUS_UNPAREN_(x) \
  MAPI_EMU_STATUS_UNPAREN_ESC_(MAPI_EMU_STATUS_UNPAREN_ISH_ x)
#define MAPI_EMU_STATUS_UNPAREN_ISH_(...) \
  MAPI_EMU_STATUS_UNPAREN_ISH_ __VA_ARGS__
#define MAPI_EMU_STATUS_UNPAREN_ESC_(...) \
  MAPI_EMU_STATUS_UNPAREN_ESC2_(__VA_ARGS__)
#define MAPI_EMU_STATUS_UNPAREN_ESC2_(...) \
  MAPI_EMU_STATUS_UNPAREN_VAN##__VA_ARGS__
#define MAPI_EMU_STATUS_UNPAREN_VANMAPI_EMU_STATUS_UNPAREN_ISH_

#endif  // MAPI_EMU_BASE_STATUS_MACROS_H_
