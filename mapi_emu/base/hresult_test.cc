#include "mapi_emu/base/hresult.h"

#include <map>
#include <memory>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/status_macros.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"

namespace mapi_emu {
namespace {

using ::testing::Eq;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

// ---- mapicode.h values are compile-time constants with MAPI's values ----
static_assert(MAPI_E_NOT_FOUND == static_cast<SCODE>(0x8004010F));
static_assert(MAPI_E_NO_SUPPORT == MAKE_MAPI_E(0x102));
static_assert(MAPI_E_NOT_INITIALIZED == static_cast<SCODE>(0x80040605));
static_assert(MAPI_E_AMBIGUOUS_RECIP == static_cast<SCODE>(0x80040700));
static_assert(MAPI_E_RECONNECTED == static_cast<SCODE>(0x80040125));
static_assert(MAPI_E_OFFLINE == static_cast<SCODE>(0x80040126));
static_assert(MAPI_E_END_OF_SESSION == static_cast<SCODE>(0x80040200));
static_assert(MAPI_W_ERRORS_RETURNED == static_cast<SCODE>(0x00040380));
static_assert(MAPI_W_ERRORS_RETURNED == MAKE_MAPI_S(0x380));
static_assert(MAPI_W_PARTIAL_COMPLETION ==
              MAKE_MAPI_SCODE(0, FACILITY_ITF, 0x680));
static_assert(MAPI_E_CALL_FAILED == E_FAIL &&
              E_FAIL == static_cast<SCODE>(0x80004005));
static_assert(MAPI_E_NOT_ENOUGH_MEMORY == static_cast<SCODE>(0x8007000E));
static_assert(MAPI_E_INVALID_PARAMETER == static_cast<SCODE>(0x80070057));
static_assert(MAPI_E_INTERFACE_NOT_SUPPORTED == static_cast<SCODE>(0x80004002));
static_assert(MAPI_E_NO_ACCESS == static_cast<SCODE>(0x80070005));
static_assert(SUCCESS_SUCCESS == S_OK);
static_assert(HR_FAILED(MAPI_E_NO_SUPPORT) && !HR_SUCCEEDED(MAPI_E_NO_SUPPORT));
static_assert(HR_SUCCEEDED(MAPI_W_ERRORS_RETURNED) &&
              !HR_FAILED(MAPI_W_ERRORS_RETURNED));
static_assert(MakeResult(MAPI_E_BUSY) == MAPI_E_BUSY);
static_assert(sizeof(MAPI_E_NOT_FOUND) == 4);

bool IsComCode(HRESULT hr) {
  return hr == E_FAIL || hr == E_OUTOFMEMORY || hr == E_INVALIDARG ||
         hr == E_NOINTERFACE || hr == E_ACCESSDENIED;
}

// ---- Names -------------------------------------------------------------

TEST(HresultNameTest, NamesCodesWithTheirValue) {
  EXPECT_EQ(HresultName(MAPI_E_NOT_FOUND), "MAPI_E_NOT_FOUND (0x8004010F)");
  EXPECT_EQ(HresultName(S_OK), "S_OK (0x00000000)");
  EXPECT_EQ(HresultName(S_FALSE), "S_FALSE (0x00000001)");
  EXPECT_EQ(HresultName(MAPI_W_ERRORS_RETURNED),
            "MAPI_W_ERRORS_RETURNED (0x00040380)");
  EXPECT_EQ(HresultName(MAPI_E_NAMED_PROP_QUOTA_EXCEEDED),
            "MAPI_E_NAMED_PROP_QUOTA_EXCEEDED (0x80040900)");
  EXPECT_EQ(HresultName(E_UNEXPECTED), "E_UNEXPECTED (0x8000FFFF)");
  EXPECT_EQ(HresultName(STG_E_MEDIUMFULL), "STG_E_MEDIUMFULL (0x80030070)");
}

TEST(HresultNameTest, SharedValuesPreferTheMapiName) {
  EXPECT_EQ(HresultName(E_FAIL), "MAPI_E_CALL_FAILED (0x80004005)");
  EXPECT_EQ(HresultName(E_NOINTERFACE),
            "MAPI_E_INTERFACE_NOT_SUPPORTED (0x80004002)");
  EXPECT_EQ(HresultName(E_INVALIDARG), "MAPI_E_INVALID_PARAMETER (0x80070057)");
  EXPECT_EQ(HresultName(E_OUTOFMEMORY),
            "MAPI_E_NOT_ENOUGH_MEMORY (0x8007000E)");
  EXPECT_EQ(HresultName(E_ACCESSDENIED), "MAPI_E_NO_ACCESS (0x80070005)");
  EXPECT_EQ(HresultName(SUCCESS_SUCCESS), "S_OK (0x00000000)");
}

TEST(HresultNameTest, UnknownCodesAreHex) {
  EXPECT_EQ(HresultName(static_cast<HRESULT>(0x80041234)), "0x80041234");
  EXPECT_EQ(HresultName(MAKE_MAPI_E(0x603)), "0x80040603");
  EXPECT_EQ(HresultName(2), "0x00000002");
}

TEST(HresultTableTest, AliasesAreExactlyTheSecondNames) {
  std::set<std::string_view> aliases;
  for (const HresultInfo& row : HresultTable()) {
    if (row.alias) aliases.insert(row.name);
  }
  EXPECT_THAT(aliases,
              UnorderedElementsAre("SUCCESS_SUCCESS", "NOERROR", "E_FAIL",
                                   "E_OUTOFMEMORY", "E_INVALIDARG",
                                   "E_NOINTERFACE", "E_ACCESSDENIED"));
}

TEST(HresultTableTest, NamesAreUniqueAndEachValueHasOnePreferredName) {
  std::set<std::string_view> names;
  std::map<HRESULT, std::string_view> preferred;
  for (const HresultInfo& row : HresultTable()) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    if (!row.alias) {
      EXPECT_TRUE(preferred.emplace(row.value, row.name).second)
          << row.name << " repeats " << HresultName(row.value);
    }
  }
  for (const HresultInfo& row : HresultTable()) {
    if (!row.alias) continue;
    ASSERT_TRUE(preferred.contains(row.value)) << row.name;
    // An alias maps to a status exactly as its preferred name does.
    for (const HresultInfo& other : HresultTable()) {
      if (other.value == row.value) {
        EXPECT_EQ(other.code, row.code) << row.name;
      }
    }
  }
}

TEST(HresultTableTest, MapiCodesAreInterfaceCodesOfTheRightSeverity) {
  int errors = 0;
  int warnings = 0;
  for (const HresultInfo& row : HresultTable()) {
    if (row.name.starts_with("MAPI_W_")) {
      ++warnings;
      EXPECT_TRUE(HR_SUCCEEDED(row.value)) << row.name;
      EXPECT_EQ(HRESULT_FACILITY(row.value), FACILITY_ITF) << row.name;
    } else if (row.name.starts_with("MAPI_E_")) {
      ++errors;
      EXPECT_TRUE(HR_FAILED(row.value)) << row.name;
      if (!IsComCode(row.value)) {
        EXPECT_EQ(HRESULT_FACILITY(row.value), FACILITY_ITF) << row.name;
      }
    }
  }
  // Every SCODE of mapicode.h: 74 of the SDK's MAPICode.h and the six later
  // Outlook headers added (RECONNECTED, OFFLINE, PROFILE_DELETED, STORE_FULL,
  // LOCKID_LIMIT, NAMED_PROP_QUOTA_EXCEEDED).
  EXPECT_EQ(errors, 74);
  EXPECT_EQ(warnings, 6);
}

TEST(HresultFromNameTest, EveryNameRoundTrips) {
  for (const HresultInfo& row : HresultTable()) {
    EXPECT_THAT(HresultFromName(row.name), Optional(Eq(row.value))) << row.name;
    const std::string printed = HresultName(row.value);
    EXPECT_THAT(HresultFromName(printed), Optional(Eq(row.value))) << printed;
    if (row.alias) {
      EXPECT_FALSE(printed.starts_with(std::string(row.name) + " ")) << printed;
    } else {
      EXPECT_EQ(printed.substr(0, printed.find(' ')), row.name);
    }
  }
}

TEST(HresultFromNameTest, ParsesHexAndTheFullForm) {
  EXPECT_THAT(HresultFromName("0x80041234"),
              Optional(Eq(static_cast<HRESULT>(0x80041234))));
  EXPECT_THAT(HresultFromName("0X8004010f"), Optional(Eq(MAPI_E_NOT_FOUND)));
  EXPECT_THAT(HresultFromName("MAPI_E_NOT_FOUND (0x8004010F)"),
              Optional(Eq(MAPI_E_NOT_FOUND)));
  EXPECT_THAT(HresultFromName("E_FAIL (0x80004005)"), Optional(Eq(E_FAIL)));
}

TEST(HresultFromNameTest, RejectsWhatItDoesNotKnow) {
  EXPECT_EQ(HresultFromName(""), std::nullopt);
  EXPECT_EQ(HresultFromName("MAPI_E_NOPE"), std::nullopt);
  EXPECT_EQ(HresultFromName("mapi_e_not_found"), std::nullopt);
  EXPECT_EQ(HresultFromName("0x123"), std::nullopt);
  EXPECT_EQ(HresultFromName("0x8004010G"), std::nullopt);
  EXPECT_EQ(HresultFromName("MAPI_E_NOT_FOUND (0x80040110)"), std::nullopt);
  EXPECT_EQ(HresultFromName("MAPI_E_NOT_FOUND (0x8004010F"), std::nullopt);
}

// ---- HRESULT <-> Status ------------------------------------------------

TEST(HresultToStatusTest, EveryFailureRoundTripsExactly) {
  for (const HresultInfo& row : HresultTable()) {
    if (SUCCEEDED(row.value)) continue;
    absl::Status status = HresultToStatus(row.value, "OpenEntry");
    EXPECT_EQ(status.code(), row.code) << row.name;
    EXPECT_EQ(std::string(status.message()),
              HresultName(row.value) + ": OpenEntry");
    EXPECT_EQ(Hr(StatusToHresult(status)), Hr(row.value));
  }
  const HRESULT unknown = static_cast<HRESULT>(0x80041234);
  absl::Status status = HresultToStatus(unknown);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(std::string(status.message()), "0x80041234");
  EXPECT_EQ(StatusToHresult(status), unknown);
}

TEST(HresultToStatusTest, SuccessesAndWarningsAreOk) {
  for (const HresultInfo& row : HresultTable()) {
    if (FAILED(row.value)) continue;
    EXPECT_TRUE(HresultToStatus(row.value, "x").ok()) << row.name;
  }
  // A warning does not survive the trip: callers keep the HRESULT for that.
  EXPECT_EQ(StatusToHresult(HresultToStatus(MAPI_W_ERRORS_RETURNED)), S_OK);
}

TEST(HresultToStatusTest, MapsToMatchingStatusCodes) {
  using absl::StatusCode;
  const std::pair<HRESULT, StatusCode> cases[] = {
      {MAPI_E_NOT_FOUND, StatusCode::kNotFound},
      {MAPI_E_INVALID_PARAMETER, StatusCode::kInvalidArgument},
      {MAPI_E_NO_SUPPORT, StatusCode::kUnimplemented},
      {MAPI_E_INTERFACE_NOT_SUPPORTED, StatusCode::kUnimplemented},
      {MAPI_E_NO_ACCESS, StatusCode::kPermissionDenied},
      {MAPI_E_NOT_ENOUGH_MEMORY, StatusCode::kResourceExhausted},
      {MAPI_E_TIMEOUT, StatusCode::kDeadlineExceeded},
      {MAPI_E_USER_CANCEL, StatusCode::kCancelled},
      {MAPI_E_CANCEL, StatusCode::kCancelled},
      {MAPI_E_VERSION, StatusCode::kFailedPrecondition},
      {MAPI_E_NOT_INITIALIZED, StatusCode::kFailedPrecondition},
      {MAPI_E_INVALID_OBJECT, StatusCode::kFailedPrecondition},
      {MAPI_E_BUSY, StatusCode::kUnavailable},
      {MAPI_E_LOGON_FAILED, StatusCode::kUnauthenticated},
      {MAPI_E_COLLISION, StatusCode::kAlreadyExists},
      {MAPI_E_CORRUPT_STORE, StatusCode::kDataLoss},
      {MAPI_E_CALL_FAILED, StatusCode::kUnknown},
  };
  for (const auto& [hr, code] : cases) {
    EXPECT_EQ(HresultToStatus(hr).code(), code) << HresultName(hr);
  }
}

TEST(HresultToStatusTest, EmptyMessageHasNoSeparator) {
  EXPECT_EQ(std::string(HresultToStatus(MAPI_E_BUSY).message()),
            "MAPI_E_BUSY (0x8004010B)");
}

TEST(StatusToHresultTest, MapsCodesWithoutPayload) {
  EXPECT_EQ(Hr(StatusToHresult(absl::OkStatus())), Hr(S_OK));
  EXPECT_EQ(Hr(StatusToHresult(absl::NotFoundError("x"))),
            Hr(MAPI_E_NOT_FOUND));
  EXPECT_EQ(Hr(StatusToHresult(absl::InvalidArgumentError("x"))),
            Hr(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(Hr(StatusToHresult(absl::UnimplementedError("x"))),
            Hr(MAPI_E_NO_SUPPORT));
  EXPECT_EQ(Hr(StatusToHresult(absl::ResourceExhaustedError("x"))),
            Hr(MAPI_E_NOT_ENOUGH_MEMORY));
  EXPECT_EQ(Hr(StatusToHresult(absl::PermissionDeniedError("x"))),
            Hr(MAPI_E_NO_ACCESS));
  EXPECT_EQ(Hr(StatusToHresult(absl::DeadlineExceededError("x"))),
            Hr(MAPI_E_TIMEOUT));
  EXPECT_EQ(Hr(StatusToHresult(absl::CancelledError("x"))),
            Hr(MAPI_E_USER_CANCEL));
  EXPECT_EQ(Hr(StatusToHresult(absl::UnavailableError("x"))), Hr(MAPI_E_BUSY));
  EXPECT_EQ(Hr(StatusToHresult(absl::InternalError("x"))),
            Hr(MAPI_E_CALL_FAILED));
  EXPECT_EQ(Hr(StatusToHresult(absl::UnknownError("x"))),
            Hr(MAPI_E_CALL_FAILED));
  EXPECT_EQ(Hr(StatusToHresult(absl::FailedPreconditionError("x"))),
            Hr(MAPI_E_CALL_FAILED));
}

TEST(StatusToHresultTest, EveryFailedStatusGivesAFailure) {
  for (int code = 1; code <= 16; ++code) {
    absl::Status status(static_cast<absl::StatusCode>(code), "x");
    HRESULT hr = StatusToHresult(status);
    EXPECT_TRUE(FAILED(hr)) << status;
    // Where MAPI has a matching error, the code survives the trip back.
    if (hr != MAPI_E_CALL_FAILED &&
        code != static_cast<int>(absl::StatusCode::kOutOfRange)) {
      EXPECT_EQ(HresultToStatus(hr).code(), status.code()) << status;
    }
  }
}

TEST(StatusToHresultTest, IgnoresAMalformedOrSuccessPayload) {
  absl::Status short_payload = absl::NotFoundError("x");
  short_payload.SetPayload(std::string(kHresultPayloadUrl), absl::Cord("abc"));
  EXPECT_EQ(Hr(StatusToHresult(short_payload)), Hr(MAPI_E_NOT_FOUND));

  absl::Status success_payload = absl::UnimplementedError("x");
  success_payload.SetPayload(std::string(kHresultPayloadUrl),
                             absl::Cord(absl::string_view("\0\0\0\0", 4)));
  EXPECT_EQ(Hr(StatusToHresult(success_payload)), Hr(MAPI_E_NO_SUPPORT));
}

// ---- Exceptions at the ABI edge ----------------------------------------

TEST(HresultFromCurrentExceptionTest, MapsTheExceptionBeingHandled) {
  try {
    throw std::bad_alloc();
  } catch (...) {
    EXPECT_EQ(Hr(HresultFromCurrentException("test")),
              Hr(MAPI_E_NOT_ENOUGH_MEMORY));
  }
  try {
    throw std::runtime_error("boom");
  } catch (...) {
    EXPECT_EQ(Hr(HresultFromCurrentException("test")), Hr(MAPI_E_CALL_FAILED));
  }
  try {
    throw 42;
  } catch (...) {
    EXPECT_EQ(Hr(HresultFromCurrentException()), Hr(MAPI_E_CALL_FAILED));
  }
  EXPECT_EQ(Hr(HresultFromCurrentException("no handler")),
            Hr(MAPI_E_CALL_FAILED));
}

TEST(GuardAbiTest, PassesHresultsThroughWarningsIncluded) {
  EXPECT_EQ(Hr(GuardAbi("t", [] { return S_OK; })), Hr(S_OK));
  EXPECT_EQ(Hr(GuardAbi("t", [] { return MAPI_W_ERRORS_RETURNED; })),
            Hr(MAPI_W_ERRORS_RETURNED));
  EXPECT_EQ(Hr(GuardAbi("t", [] { return MAPI_E_NOT_FOUND; })),
            Hr(MAPI_E_NOT_FOUND));
}

TEST(GuardAbiTest, ConvertsStatuses) {
  EXPECT_EQ(Hr(GuardAbi("t", [] { return absl::OkStatus(); })), Hr(S_OK));
  EXPECT_EQ(Hr(GuardAbi("t", [] { return HresultToStatus(MAPI_E_NOT_ME); })),
            Hr(MAPI_E_NOT_ME));
  EXPECT_EQ(Hr(GuardAbi("t", [] { return absl::NotFoundError("gone"); })),
            Hr(MAPI_E_NOT_FOUND));
}

TEST(GuardAbiTest, ConvertsExceptions) {
  EXPECT_EQ(Hr(GuardAbi("t", []() -> HRESULT { throw std::bad_alloc(); })),
            Hr(MAPI_E_NOT_ENOUGH_MEMORY));
  EXPECT_EQ(Hr(GuardAbi("t",
                        []() -> absl::Status {
                          throw std::runtime_error("provider bug");
                        })),
            Hr(MAPI_E_CALL_FAILED));
  EXPECT_EQ(Hr(GuardAbi("t", []() -> HRESULT { throw 7; })),
            Hr(MAPI_E_CALL_FAILED));
}

TEST(GuardAbiTest, RunsTheCallableOnce) {
  int calls = 0;
  auto body = [&calls] {
    ++calls;
    return MAPI_E_BUSY;
  };
  EXPECT_EQ(Hr(GuardAbi("t", body)), Hr(MAPI_E_BUSY));
  EXPECT_EQ(calls, 1);
}

// ---- RETURN_IF_ERROR / ASSIGN_OR_RETURN ----------------------------------

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return HresultToStatus(MAPI_E_BAD_VALUE, "odd");
  return n / 2;
}

absl::Status CheckEven(int n) { return Half(n).status(); }

template <typename K, typename V>
absl::StatusOr<std::map<K, V>> MapOf(K k, V v) {
  return std::map<K, V>{{k, v}};
}

absl::StatusOr<std::pair<int, int>> PairOf(int a, int b) {
  if (a < 0) return absl::InvalidArgumentError("negative");
  return std::make_pair(a, b);
}

absl::StatusOr<std::unique_ptr<int>> Boxed(int n) {
  if (n < 0) return absl::OutOfRangeError("negative");
  return std::make_unique<int>(n);
}

absl::Status ReturnIfError(int n, int* steps) {
  RETURN_IF_ERROR(CheckEven(n));
  ++*steps;
  RETURN_IF_ERROR(Half(n));  // a StatusOr works too
  ++*steps;
  return absl::OkStatus();
}

absl::StatusOr<int> ReturnIfErrorInStatusOr(int n) {
  RETURN_IF_ERROR(CheckEven(n));
  return n;
}

TEST(StatusMacrosTest, ReturnIfErrorContinuesOnOk) {
  int steps = 0;
  EXPECT_THAT(ReturnIfError(4, &steps), IsOk());
  EXPECT_EQ(steps, 2);
  EXPECT_THAT(ReturnIfErrorInStatusOr(4), IsOk());
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsTheStatusUnchanged) {
  int steps = 0;
  absl::Status status = ReturnIfError(3, &steps);
  EXPECT_EQ(steps, 0);
  EXPECT_THAT(status, HrIs(MAPI_E_BAD_VALUE));
  EXPECT_EQ(std::string(status.message()),
            "MAPI_E_BAD_VALUE (0x80040301): odd");
  EXPECT_THAT(ReturnIfErrorInStatusOr(3), HrIs(MAPI_E_BAD_VALUE));
}

absl::StatusOr<int> AssignForms(int n) {
  ASSIGN_OR_RETURN(auto half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  int eighth = 0;
  ASSIGN_OR_RETURN(eighth, Half(quarter));
  ASSIGN_OR_RETURN(const auto map, MapOf<int, int>(eighth, 1));
  ASSIGN_OR_RETURN((std::pair<int, int> pair), PairOf(eighth, map.at(eighth)));
  ASSIGN_OR_RETURN(std::unique_ptr<int> boxed, Boxed(pair.first + pair.second));
  return *boxed;
}

TEST(StatusMacrosTest, AssignOrReturnAssignsEveryForm) {
  EXPECT_THAT(AssignForms(16), IsOk());
  EXPECT_EQ(AssignForms(16).value(), 3);  // 16 / 8 + 1
}

TEST(StatusMacrosTest, AssignOrReturnReturnsTheFirstError) {
  EXPECT_THAT(AssignForms(7), HrIs(MAPI_E_BAD_VALUE));   // first Half
  EXPECT_THAT(AssignForms(12), HrIs(MAPI_E_BAD_VALUE));  // third Half
}

absl::Status AssignInStatusFunction(int n, int* out) {
  ASSIGN_OR_RETURN(*out, Half(n));
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnWorksInStatusFunctions) {
  int out = 0;
  EXPECT_THAT(AssignInStatusFunction(10, &out), IsOk());
  EXPECT_EQ(out, 5);
  EXPECT_THAT(AssignInStatusFunction(5, &out),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(out, 5);
}

}  // namespace
}  // namespace mapi_emu
