// status_matchers.h -- GoogleMock matchers for tests that check HRESULTs and
// absl::Status values, with failure messages that name HRESULTs
// ("MAPI_E_NOT_FOUND (0x8004010F)"). Test-only; header-only.
//
//   EXPECT_THAT(hr, IsOk());                     S_OK or any success code
//   EXPECT_THAT(status_or, IsOk());              absl::Status / StatusOr<T>
//   EXPECT_THAT(hr, HrIs(MAPI_E_NOT_FOUND));     HRESULT, Status or StatusOr
//   EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound));
//   EXPECT_EQ(Hr(hr), Hr(MAPI_E_NO_SUPPORT));    prints names on failure

#ifndef MAPI_EMU_BASE_STATUS_MATCHERS_H_
#define MAPI_EMU_BASE_STATUS_MATCHERS_H_

#include <ostream>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "mapi_emu/base/hresult.h"
#include "mapiwin.h"

namespace mapi_emu {

// An HRESULT that gtest prints by name: HRESULT is int32_t, so a plain
// EXPECT_EQ on HRESULTs prints numbers. Compare Hr(a) with Hr(b) instead.
struct Hr {
  explicit constexpr Hr(HRESULT v) : value(v) {}
  HRESULT value;
  friend constexpr bool operator==(Hr a, Hr b) { return a.value == b.value; }
  friend std::ostream& operator<<(std::ostream& os, Hr hr) {
    return os << HresultName(hr.value);
  }
  friend void PrintTo(Hr hr, std::ostream* os) { *os << hr; }
};

namespace status_matchers_internal {

// What a matched value means as a status and as an HRESULT. An HRESULT is
// converted with HresultToStatus, a status with StatusToHresult.
struct Outcome {
  absl::Status status;
  HRESULT hr;
  bool is_hresult;
};

template <typename T>
struct IsStatusOr : std::false_type {};
template <typename T>
struct IsStatusOr<absl::StatusOr<T>> : std::true_type {};
template <typename T>
inline constexpr bool kAlwaysFalse = false;

template <typename T>
Outcome OutcomeOf(const T& value) {
  if constexpr (std::is_same_v<T, HRESULT>) {
    return {HresultToStatus(value), value, true};
  } else if constexpr (std::is_same_v<T, absl::Status>) {
    return {value, StatusToHresult(value), false};
  } else if constexpr (IsStatusOr<T>::value) {
    return {value.status(), StatusToHresult(value.status()), false};
  } else {
    static_assert(kAlwaysFalse<T>,
                  "expected an HRESULT, absl::Status or absl::StatusOr<T>");
  }
}

// "which is MAPI_E_NOT_FOUND (0x8004010F)" or "which is NOT_FOUND: ...".
inline void ExplainOutcome(const Outcome& outcome,
                           ::testing::MatchResultListener* listener) {
  if (outcome.is_hresult) {
    *listener << "which is " << HresultName(outcome.hr);
  } else {
    *listener << "which is "
              << outcome.status.ToString(
                     absl::StatusToStringMode::kWithNoExtraData)
              << " (HRESULT " << HresultName(outcome.hr) << ")";
  }
}

class IsOkMatcher {
 public:
  template <typename T>
  bool MatchAndExplain(const T& value,
                       ::testing::MatchResultListener* listener) const {
    Outcome outcome = OutcomeOf(value);
    ExplainOutcome(outcome, listener);
    return outcome.is_hresult ? SUCCEEDED(outcome.hr) : outcome.status.ok();
  }
  void DescribeTo(std::ostream* os) const {
    *os << "is OK (S_OK or another success HRESULT)";
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "is not OK (a failure HRESULT or status)";
  }
};

class HrIsMatcher {
 public:
  explicit HrIsMatcher(HRESULT expected) : expected_(expected) {}
  template <typename T>
  bool MatchAndExplain(const T& value,
                       ::testing::MatchResultListener* listener) const {
    Outcome outcome = OutcomeOf(value);
    ExplainOutcome(outcome, listener);
    return outcome.hr == expected_;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "is " << HresultName(expected_);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "is not " << HresultName(expected_);
  }

 private:
  HRESULT expected_;
};

class StatusIsMatcher {
 public:
  explicit StatusIsMatcher(absl::StatusCode expected) : expected_(expected) {}
  template <typename T>
  bool MatchAndExplain(const T& value,
                       ::testing::MatchResultListener* listener) const {
    Outcome outcome = OutcomeOf(value);
    ExplainOutcome(outcome, listener);
    return outcome.status.code() == expected_;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has status code " << absl::StatusCodeToString(expected_);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have status code " << absl::StatusCodeToString(expected_);
  }

 private:
  absl::StatusCode expected_;
};

}  // namespace status_matchers_internal

// Matches an OK absl::Status or StatusOr<T>, or a success HRESULT (S_OK,
// S_FALSE, MAPI_W_* warnings).
inline ::testing::PolymorphicMatcher<status_matchers_internal::IsOkMatcher>
IsOk() {
  return ::testing::MakePolymorphicMatcher(
      status_matchers_internal::IsOkMatcher());
}

// Matches an HRESULT equal to expected, or a Status/StatusOr whose
// StatusToHresult is expected (exact when the status came from an HRESULT).
inline ::testing::PolymorphicMatcher<status_matchers_internal::HrIsMatcher>
HrIs(HRESULT expected) {
  return ::testing::MakePolymorphicMatcher(
      status_matchers_internal::HrIsMatcher(expected));
}

// Matches a Status/StatusOr with this code, or an HRESULT whose
// HresultToStatus has it (kOk for every success code).
inline ::testing::PolymorphicMatcher<status_matchers_internal::StatusIsMatcher>
StatusIs(absl::StatusCode expected) {
  return ::testing::MakePolymorphicMatcher(
      status_matchers_internal::StatusIsMatcher(expected));
}

}  // namespace mapi_emu

#endif  // MAPI_EMU_BASE_STATUS_MATCHERS_H_
