#include "mapi_emu/base/status_matchers.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/hresult.h"
#include "mapicode.h"

namespace mapi_emu {
namespace {

using ::testing::DescribeMatcher;
using ::testing::ExplainMatchResult;
using ::testing::Not;
using ::testing::StringMatchResultListener;

// The explanation a matcher gives for value.
template <typename M, typename T>
std::string Explain(const M& matcher, const T& value) {
  StringMatchResultListener listener;
  ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

TEST(IsOkTest, AcceptsSuccessHresultsAndOkStatuses) {
  EXPECT_THAT(S_OK, IsOk());
  EXPECT_THAT(S_FALSE, IsOk());
  EXPECT_THAT(MAPI_W_ERRORS_RETURNED, IsOk());
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
}

TEST(IsOkTest, RejectsFailures) {
  EXPECT_THAT(MAPI_E_NOT_FOUND, Not(IsOk()));
  EXPECT_THAT(E_FAIL, Not(IsOk()));
  EXPECT_THAT(absl::NotFoundError("x"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(absl::InternalError("x")), Not(IsOk()));
}

TEST(IsOkTest, ExplainsWithTheHresultName) {
  EXPECT_EQ(Explain(IsOk(), MAPI_E_NOT_FOUND),
            "which is MAPI_E_NOT_FOUND (0x8004010F)");
  EXPECT_EQ(Explain(IsOk(), HresultToStatus(MAPI_E_BUSY, "spooler")),
            "which is UNAVAILABLE: MAPI_E_BUSY (0x8004010B): spooler "
            "(HRESULT MAPI_E_BUSY (0x8004010B))");
  EXPECT_EQ(DescribeMatcher<HRESULT>(IsOk()),
            "is OK (S_OK or another success HRESULT)");
}

TEST(IsOkTest, AFailedExpectationNamesTheHresult) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(MAPI_E_NO_ACCESS, IsOk()),
                          "which is MAPI_E_NO_ACCESS (0x80070005)");
}

TEST(HrIsTest, MatchesHresultsAndStatuses) {
  EXPECT_THAT(MAPI_E_NOT_FOUND, HrIs(MAPI_E_NOT_FOUND));
  EXPECT_THAT(E_NOINTERFACE, HrIs(MAPI_E_INTERFACE_NOT_SUPPORTED));
  EXPECT_THAT(MAPI_E_NOT_FOUND, Not(HrIs(MAPI_E_UNKNOWN_ENTRYID)));
  EXPECT_THAT(HresultToStatus(MAPI_E_UNKNOWN_ENTRYID),
              HrIs(MAPI_E_UNKNOWN_ENTRYID));
  EXPECT_THAT(absl::NotFoundError("x"), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_THAT(absl::StatusOr<int>(HresultToStatus(MAPI_E_TIMEOUT)),
              HrIs(MAPI_E_TIMEOUT));
  EXPECT_THAT(absl::OkStatus(), HrIs(S_OK));
}

TEST(HrIsTest, DescribesAndExplainsWithNames) {
  EXPECT_EQ(DescribeMatcher<HRESULT>(HrIs(MAPI_E_NO_SUPPORT)),
            "is MAPI_E_NO_SUPPORT (0x80040102)");
  EXPECT_EQ(
      DescribeMatcher<HRESULT>(HrIs(MAPI_E_NO_SUPPORT), /*negation=*/true),
      "is not MAPI_E_NO_SUPPORT (0x80040102)");
  EXPECT_EQ(Explain(HrIs(MAPI_E_NO_SUPPORT), MAPI_E_NOT_FOUND),
            "which is MAPI_E_NOT_FOUND (0x8004010F)");
  EXPECT_EQ(Explain(HrIs(MAPI_E_NO_SUPPORT), static_cast<HRESULT>(0x80041234)),
            "which is 0x80041234");
}

TEST(HrIsTest, AFailedExpectationNamesBothHresults) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(MAPI_E_NOT_FOUND, HrIs(MAPI_E_NO_SUPPORT)),
      "Expected: is MAPI_E_NO_SUPPORT (0x80040102)");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(MAPI_E_NOT_FOUND, HrIs(MAPI_E_NO_SUPPORT)),
      "which is MAPI_E_NOT_FOUND (0x8004010F)");
}

TEST(StatusIsTest, MatchesTheStatusCode) {
  EXPECT_THAT(absl::NotFoundError("x"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::StatusOr<int>(7), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(MAPI_E_TIMEOUT, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(MAPI_W_APPROX_COUNT, StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::InternalError("x"),
              Not(StatusIs(absl::StatusCode::kNotFound)));
  EXPECT_EQ(
      DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound)),
      "has status code NOT_FOUND");
  EXPECT_EQ(Explain(StatusIs(absl::StatusCode::kNotFound), MAPI_E_BUSY),
            "which is MAPI_E_BUSY (0x8004010B)");
}

TEST(HrTest, PrintsByName) {
  EXPECT_EQ(::testing::PrintToString(Hr(MAPI_E_NOT_FOUND)),
            "MAPI_E_NOT_FOUND (0x8004010F)");
  EXPECT_EQ(Hr(E_FAIL), Hr(MAPI_E_CALL_FAILED));
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(Hr(MAPI_E_NOT_FOUND), Hr(S_OK)),
                          "MAPI_E_NOT_FOUND (0x8004010F)");
}

}  // namespace
}  // namespace mapi_emu
