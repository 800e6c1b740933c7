#include "session/mapi_uid.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "session/uid_registry.h"

namespace mapi_emu {
namespace {

TEST(NewMapiUidTest, HundredUidsAreDistinctAndNonZero) {
  std::set<std::string> seen;
  const MAPIUID zero{};
  for (int i = 0; i < 100; ++i) {
    const MAPIUID uid = NewMapiUid();
    EXPECT_FALSE(IsEqualMAPIUID(&uid, &zero));
    EXPECT_TRUE(seen.insert(MapiUidText(uid)).second) << MapiUidText(uid);
  }
}

TEST(MapiUidFromTextTest, ReadsWhatMapiUidTextWrites) {
  const MAPIUID uid = NewMapiUid();
  const auto back = MapiUidFromText(MapiUidText(uid));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(IsEqualMAPIUID(&uid, &*back));
}

TEST(MapiUidFromTextTest, AcceptsUpperCaseByteZeroFirst) {
  const auto uid = MapiUidFromText("0123456789ABCDEF0123456789abcdef");
  ASSERT_TRUE(uid.has_value());
  EXPECT_EQ(uid->ab[0], 0x01);
  EXPECT_EQ(uid->ab[7], 0xEF);
  EXPECT_EQ(uid->ab[15], 0xEF);
}

TEST(MapiUidFromTextTest, RejectsWrongLengthAndNonHex) {
  EXPECT_FALSE(MapiUidFromText("").has_value());
  EXPECT_FALSE(MapiUidFromText("0123456789abcdef0123456789abcde").has_value());
  EXPECT_FALSE(MapiUidFromText("0123456789abcdef0123456789abcdef0").has_value());
  EXPECT_FALSE(MapiUidFromText("0123456789abcdef0123456789abcdeg").has_value());
  EXPECT_FALSE(MapiUidFromText("{0123456789abcdef0123456789abcd}").has_value());
}

}  // namespace
}  // namespace mapi_emu
