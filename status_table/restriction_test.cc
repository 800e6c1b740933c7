#include "status_table/restriction.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapitags.h"
#include "status_table/table_test_helpers.h"

namespace mapi_emu {
namespace {

using table_testing::BinaryValue;
using table_testing::kCode;
using table_testing::kName;
using table_testing::LongValue;
using table_testing::Row;
using table_testing::StringValue;
using table_testing::UnicodeValue;

constexpr ULONG kNameW = PROP_TAG(PT_UNICODE, 0x3001);
constexpr ULONG kFlags = PR_RESOURCE_FLAGS;
constexpr ULONG kKey = PR_INSTANCE_KEY;
constexpr ULONG kKeywords = PROP_TAG(PT_MV_STRING8, 0x6700);

SRestriction Property(ULONG relop, ULONG tag, SPropValue* value) {
  SRestriction r{};
  r.rt = RES_PROPERTY;
  r.res.resProperty.relop = relop;
  r.res.resProperty.ulPropTag = tag;
  r.res.resProperty.lpProp = value;
  return r;
}
SRestriction Content(ULONG fuzzy, ULONG tag, SPropValue* value) {
  SRestriction r{};
  r.rt = RES_CONTENT;
  r.res.resContent.ulFuzzyLevel = fuzzy;
  r.res.resContent.ulPropTag = tag;
  r.res.resContent.lpProp = value;
  return r;
}
SRestriction Exist(ULONG tag) {
  SRestriction r{};
  r.rt = RES_EXIST;
  r.res.resExist.ulPropTag = tag;
  return r;
}

class RestrictionTest : public ::testing::Test {
 protected:
  std::vector<BYTE> key_ = {0xAA, 0xBB, 0xCC};
  const char* words_[2] = {"red", "Blue"};
  PropArray row_ = [this] {
    SPropValue keywords{};
    keywords.ulPropTag = kKeywords;
    keywords.Value.MVszA.cValues = 2;
    keywords.Value.MVszA.lppszA = const_cast<LPSTR*>(words_);
    return Row({StringValue(kName, "Mail Transport"), LongValue(kCode, 5),
                LongValue(kFlags, 0x12), BinaryValue(kKey, key_),
                UnicodeValue(PROP_TAG(PT_UNICODE, 0x3002), L"Wide Name"),
                keywords});
  }();
};

TEST_F(RestrictionTest, PropertyRelops) {
  SPropValue five = LongValue(kCode, 5);
  SPropValue six = LongValue(kCode, 6);
  struct Case {
    ULONG relop;
    SPropValue* value;
    bool expected;
  } cases[] = {
      {RELOP_EQ, &five, true},  {RELOP_EQ, &six, false}, {RELOP_NE, &six, true},
      {RELOP_LT, &six, true},   {RELOP_LT, &five, false}, {RELOP_LE, &five, true},
      {RELOP_GT, &five, false}, {RELOP_GE, &five, true},  {RELOP_GT, &six, false},
  };
  for (const Case& c : cases) {
    SRestriction r = Property(c.relop, kCode, c.value);
    ASSERT_THAT(ValidateRestriction(r), IsOk());
    EXPECT_EQ(EvaluateRestriction(r, row_), c.expected) << "relop " << c.relop;
  }
}

TEST_F(RestrictionTest, PropertyOnMissingPropertyIsFalseEvenForNe) {
  SPropValue v = LongValue(PR_RESOURCE_TYPE, 1);
  SRestriction r = Property(RELOP_NE, PR_RESOURCE_TYPE, &v);
  EXPECT_FALSE(EvaluateRestriction(r, row_));
}

TEST_F(RestrictionTest, PropertyStringsUseCollationOrder) {
  SPropValue mail = StringValue(kName, "mail");
  SRestriction ge = Property(RELOP_GE, kName, &mail);
  EXPECT_TRUE(EvaluateRestriction(ge, row_));  // "Mail Transport" >= "mail"
  SRestriction eq = Property(RELOP_EQ, kName, &mail);
  EXPECT_FALSE(EvaluateRestriction(eq, row_));
}

TEST_F(RestrictionTest, PropertyOnMultiValuedMatchesAnyValue) {
  SPropValue blue = StringValue(PROP_TAG(PT_STRING8, 0x6700), "Blue");
  SRestriction r = Property(RELOP_EQ, kKeywords, &blue);
  ASSERT_THAT(ValidateRestriction(r), IsOk());
  EXPECT_TRUE(EvaluateRestriction(r, row_));
  SRestriction mvi = Property(RELOP_EQ, MVI_PROP(PROP_TAG(PT_STRING8, 0x6700)), &blue);
  ASSERT_THAT(ValidateRestriction(mvi), IsOk());
  EXPECT_TRUE(EvaluateRestriction(mvi, row_));
  SPropValue green = StringValue(PROP_TAG(PT_STRING8, 0x6700), "green");
  SRestriction none = Property(RELOP_EQ, kKeywords, &green);
  EXPECT_FALSE(EvaluateRestriction(none, row_));
}

TEST_F(RestrictionTest, PropertyTypeMismatchIsTooComplex) {
  SPropValue wrong = LongValue(PROP_TAG(PT_LONG, 0x3001), 1);
  SRestriction r = Property(RELOP_EQ, kName, &wrong);
  EXPECT_THAT(ValidateRestriction(r), HrIs(MAPI_E_TOO_COMPLEX));
}

TEST_F(RestrictionTest, RelopReIsTooComplexAndUnknownRelopInvalid) {
  SPropValue v = StringValue(kName, "M.*");
  SRestriction re = Property(RELOP_RE, kName, &v);
  EXPECT_THAT(ValidateRestriction(re), HrIs(MAPI_E_TOO_COMPLEX));
  SRestriction bad = Property(42, kName, &v);
  EXPECT_THAT(ValidateRestriction(bad), HrIs(MAPI_E_INVALID_PARAMETER));
  SRestriction null_value = Property(RELOP_EQ, kName, nullptr);
  EXPECT_THAT(ValidateRestriction(null_value), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(RestrictionTest, ContentFullStringSubstringPrefixAndIgnoreCase) {
  SPropValue full = StringValue(kName, "Mail Transport");
  SPropValue sub = StringValue(kName, "l Tra");
  SPropValue prefix = StringValue(kName, "Mail");
  SPropValue lower = StringValue(kName, "mail");
  struct Case {
    ULONG fuzzy;
    SPropValue* value;
    bool expected;
  } cases[] = {
      {FL_FULLSTRING, &full, true},
      {FL_FULLSTRING, &prefix, false},
      {FL_SUBSTRING, &sub, true},
      {FL_PREFIX, &prefix, true},
      {FL_PREFIX, &sub, false},
      {FL_PREFIX, &lower, false},
      {FL_PREFIX | FL_IGNORECASE, &lower, true},
      {FL_SUBSTRING | FL_LOOSE, &lower, true},
  };
  for (const Case& c : cases) {
    SRestriction r = Content(c.fuzzy, kName, c.value);
    ASSERT_THAT(ValidateRestriction(r), IsOk());
    EXPECT_EQ(EvaluateRestriction(r, row_), c.expected)
        << "fuzzy 0x" << std::hex << c.fuzzy << " '" << c.value->Value.lpszA << "'";
  }
}

TEST_F(RestrictionTest, ContentOnUnicodeBinaryAndMultiValued) {
  SPropValue wide = UnicodeValue(PROP_TAG(PT_UNICODE, 0x3002), L"NAME");
  SRestriction w = Content(FL_SUBSTRING | FL_IGNORECASE, PROP_TAG(PT_UNICODE, 0x3002), &wide);
  EXPECT_TRUE(EvaluateRestriction(w, row_));

  std::vector<BYTE> middle = {0xBB, 0xCC};
  SPropValue bytes = BinaryValue(kKey, middle);
  EXPECT_TRUE(EvaluateRestriction(Content(FL_SUBSTRING, kKey, &bytes), row_));
  EXPECT_FALSE(EvaluateRestriction(Content(FL_PREFIX, kKey, &bytes), row_));

  SPropValue blu = StringValue(PROP_TAG(PT_STRING8, 0x6700), "blu");
  EXPECT_TRUE(EvaluateRestriction(
      Content(FL_PREFIX | FL_IGNORECASE, kKeywords, &blu), row_));
}

TEST_F(RestrictionTest, ContentValidation) {
  SPropValue number = LongValue(kCode, 5);
  EXPECT_THAT(ValidateRestriction(Content(FL_FULLSTRING, kCode, &number)),
              HrIs(MAPI_E_TOO_COMPLEX));
  SPropValue wide = UnicodeValue(kNameW, L"x");
  EXPECT_THAT(ValidateRestriction(Content(FL_FULLSTRING, kName, &wide)),
              HrIs(MAPI_E_TOO_COMPLEX));
  SPropValue s = StringValue(kName, "x");
  EXPECT_THAT(ValidateRestriction(Content(7, kName, &s)),
              HrIs(MAPI_E_INVALID_PARAMETER));
  SPropValue null_string = StringValue(kName, nullptr);
  EXPECT_THAT(ValidateRestriction(Content(FL_FULLSTRING, kName, &null_string)),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(RestrictionTest, BitmaskEqzNez) {
  SRestriction r{};
  r.rt = RES_BITMASK;
  r.res.resBitMask.ulPropTag = kFlags;  // 0x12
  r.res.resBitMask.relBMR = BMR_NEZ;
  r.res.resBitMask.ulMask = 0x02;
  EXPECT_TRUE(EvaluateRestriction(r, row_));
  r.res.resBitMask.relBMR = BMR_EQZ;
  EXPECT_FALSE(EvaluateRestriction(r, row_));
  r.res.resBitMask.ulMask = 0x01;
  EXPECT_TRUE(EvaluateRestriction(r, row_));
  r.res.resBitMask.relBMR = 7;
  EXPECT_THAT(ValidateRestriction(r), HrIs(MAPI_E_INVALID_PARAMETER));
  r.res.resBitMask.relBMR = BMR_EQZ;
  r.res.resBitMask.ulPropTag = kName;
  EXPECT_THAT(ValidateRestriction(r), HrIs(MAPI_E_TOO_COMPLEX));
}

TEST_F(RestrictionTest, SizeComparesValueBytes) {
  SRestriction r{};
  r.rt = RES_SIZE;
  r.res.resSize.ulPropTag = kName;  // "Mail Transport" + NUL = 15 bytes
  r.res.resSize.relop = RELOP_EQ;
  r.res.resSize.cb = 15;
  EXPECT_TRUE(EvaluateRestriction(r, row_));
  r.res.resSize.relop = RELOP_LT;
  EXPECT_FALSE(EvaluateRestriction(r, row_));
  r.res.resSize.ulPropTag = kKey;
  r.res.resSize.cb = 4;
  EXPECT_TRUE(EvaluateRestriction(r, row_));
}

TEST_F(RestrictionTest, ExistByTagOrAnyType) {
  EXPECT_TRUE(EvaluateRestriction(Exist(kName), row_));
  EXPECT_FALSE(EvaluateRestriction(Exist(kNameW), row_));
  EXPECT_TRUE(EvaluateRestriction(Exist(PROP_TAG(PT_UNSPECIFIED, 0x3001)), row_));
  EXPECT_FALSE(EvaluateRestriction(Exist(PR_RESOURCE_TYPE), row_));
}

TEST_F(RestrictionTest, CompareProps) {
  PropArray row = Row({LongValue(PROP_TAG(PT_LONG, 0x6001), 3),
                       LongValue(PROP_TAG(PT_LONG, 0x6002), 7)});
  SRestriction r{};
  r.rt = RES_COMPAREPROPS;
  r.res.resCompareProps.relop = RELOP_LT;
  r.res.resCompareProps.ulPropTag1 = PROP_TAG(PT_LONG, 0x6001);
  r.res.resCompareProps.ulPropTag2 = PROP_TAG(PT_LONG, 0x6002);
  ASSERT_THAT(ValidateRestriction(r), IsOk());
  EXPECT_TRUE(EvaluateRestriction(r, row));
  r.res.resCompareProps.relop = RELOP_GE;
  EXPECT_FALSE(EvaluateRestriction(r, row));
  r.res.resCompareProps.ulPropTag2 = PROP_TAG(PT_LONG, 0x6003);  // missing
  r.res.resCompareProps.relop = RELOP_NE;
  EXPECT_FALSE(EvaluateRestriction(r, row));
  r.res.resCompareProps.ulPropTag2 = kName;
  EXPECT_THAT(ValidateRestriction(r), HrIs(MAPI_E_TOO_COMPLEX));
}

TEST_F(RestrictionTest, AndOrNot) {
  SRestriction kids[2] = {Exist(kName), Exist(PR_RESOURCE_TYPE)};
  SRestriction r{};
  r.rt = RES_AND;
  r.res.resAnd.cRes = 2;
  r.res.resAnd.lpRes = kids;
  EXPECT_FALSE(EvaluateRestriction(r, row_));
  r.rt = RES_OR;
  EXPECT_TRUE(EvaluateRestriction(r, row_));
  r.res.resOr.cRes = 0;
  EXPECT_FALSE(EvaluateRestriction(r, row_));  // empty OR
  r.rt = RES_AND;
  EXPECT_TRUE(EvaluateRestriction(r, row_));  // empty AND

  SRestriction n{};
  n.rt = RES_NOT;
  n.res.resNot.lpRes = &kids[1];
  EXPECT_TRUE(EvaluateRestriction(n, row_));
  n.res.resNot.lpRes = nullptr;
  EXPECT_THAT(ValidateRestriction(n), HrIs(MAPI_E_INVALID_PARAMETER));

  SRestriction null_kids{};
  null_kids.rt = RES_OR;
  null_kids.res.resOr.cRes = 3;
  EXPECT_THAT(ValidateRestriction(null_kids), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(RestrictionTest, SubRestrictionIsFalseCommentEvaluatesItsChild) {
  SRestriction child = Exist(kName);
  SRestriction sub{};
  sub.rt = RES_SUBRESTRICTION;
  sub.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS;
  sub.res.resSub.lpRes = &child;
  ASSERT_THAT(ValidateRestriction(sub), IsOk());
  EXPECT_FALSE(EvaluateRestriction(sub, row_));

  SPropValue note = StringValue(PROP_TAG(PT_STRING8, 0x6800), "why");
  SRestriction comment{};
  comment.rt = RES_COMMENT;
  comment.res.resComment.cValues = 1;
  comment.res.resComment.lpProp = &note;
  EXPECT_TRUE(EvaluateRestriction(comment, row_));  // no child: true
  SRestriction missing = Exist(PR_RESOURCE_TYPE);
  comment.res.resComment.lpRes = &missing;
  EXPECT_FALSE(EvaluateRestriction(comment, row_));
}

TEST_F(RestrictionTest, UnknownTypesAndDepthAreTooComplex) {
  SRestriction count{};
  count.rt = RES_COUNT;
  EXPECT_THAT(ValidateRestriction(count), HrIs(MAPI_E_TOO_COMPLEX));
  SRestriction unknown{};
  unknown.rt = 0x77;
  EXPECT_THAT(ValidateRestriction(unknown), HrIs(MAPI_E_TOO_COMPLEX));

  std::vector<SRestriction> chain(kMaxRestrictionDepth + 1);
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    chain[i].rt = RES_NOT;
    chain[i].res.resNot.lpRes = &chain[i + 1];
  }
  chain.back() = Exist(kName);
  EXPECT_THAT(ValidateRestriction(chain[0]), HrIs(MAPI_E_TOO_COMPLEX));
  EXPECT_THAT(ValidateRestriction(chain[1]), IsOk());
}

TEST_F(RestrictionTest, OwnedRestrictionIsADeepCopy) {
  char text[] = "Mail";
  SPropValue prefix = StringValue(kName, text);
  SRestriction kids[2] = {Content(FL_PREFIX, kName, &prefix), Exist(kCode)};
  SRestriction r{};
  r.rt = RES_AND;
  r.res.resAnd.cRes = 2;
  r.res.resAnd.lpRes = kids;
  absl::StatusOr<OwnedRestriction> owned = OwnedRestriction::Copy(r);
  ASSERT_THAT(owned, IsOk());
  // Destroy the original's data: the copy must not notice.
  text[0] = 'X';
  kids[1] = Exist(PR_RESOURCE_TYPE);
  EXPECT_TRUE(owned->Evaluate(row_));
  EXPECT_NE(owned->get().res.resAnd.lpRes, kids);

  OwnedRestriction copy = *owned;  // NOLINT: copying is under test
  OwnedRestriction moved = std::move(*owned);
  EXPECT_TRUE(copy.Evaluate(row_));
  EXPECT_TRUE(moved.Evaluate(row_));
  EXPECT_NE(copy.get().res.resAnd.lpRes, moved.get().res.resAnd.lpRes);

  SRestriction bad = Property(RELOP_RE, kName, &prefix);
  EXPECT_THAT(OwnedRestriction::Copy(bad), HrIs(MAPI_E_TOO_COMPLEX));
}

}  // namespace
}  // namespace mapi_emu
