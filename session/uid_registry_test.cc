#include "session/uid_registry.h"

#include <gtest/gtest.h>

#include <cstring>

#include "session/session_test_util.h"

namespace mapi_emu {
namespace {

using session_testing::Uid;

// An entry ID: 4 flag bytes, the MAPIUID, then provider bytes.
std::vector<BYTE> EntryId(const MAPIUID& uid, size_t extra = 8) {
  std::vector<BYTE> id(4 + sizeof(MAPIUID) + extra, 0xEE);
  std::memset(id.data(), 0, 4);
  std::memcpy(id.data() + 4, uid.ab, sizeof(uid.ab));
  return id;
}

TEST(UidRegistryTest, RoutesByBytesFourToNineteen) {
  UidRegistry reg;
  reg.Register(1, Uid(0xA1));
  reg.Register(2, Uid(0xB2));
  auto a = EntryId(Uid(0xA1));
  auto b = EntryId(Uid(0xB2), 0);
  EXPECT_EQ(reg.Route(a.size(), reinterpret_cast<ENTRYID*>(a.data())), 1u);
  EXPECT_EQ(reg.Route(b.size(), reinterpret_cast<ENTRYID*>(b.data())), 2u);
}

TEST(UidRegistryTest, UnknownOrShortEntryIdsRouteNowhere) {
  UidRegistry reg;
  reg.Register(1, Uid(0xA1));
  auto other = EntryId(Uid(0xC3));
  EXPECT_EQ(reg.Route(other.size(), reinterpret_cast<ENTRYID*>(other.data())), std::nullopt);
  auto a = EntryId(Uid(0xA1));
  EXPECT_EQ(reg.Route(19, reinterpret_cast<ENTRYID*>(a.data())), std::nullopt)
      << "19 bytes cannot hold flags + MAPIUID";
  EXPECT_EQ(reg.Route(20, reinterpret_cast<ENTRYID*>(a.data())), 1u);
  EXPECT_EQ(reg.Route(20, nullptr), std::nullopt);
}

TEST(UidRegistryTest, IsAMultisetThatNeverDedups) {
  UidRegistry reg;
  reg.Register(7, Uid(1));
  reg.Register(7, Uid(1));
  reg.Register(7, Uid(2));
  EXPECT_EQ(reg.size(), 3u);
  ASSERT_EQ(reg.UidsOf(7).size(), 3u);
}

TEST(UidRegistryTest, FirstRegisteredLogonWinsForASharedUid) {
  UidRegistry reg;
  reg.Register(1, Uid(9));
  reg.Register(2, Uid(9));
  EXPECT_EQ(reg.Route(Uid(9)), 1u);
  EXPECT_EQ(reg.RemoveLogon(1), 1u);
  EXPECT_EQ(reg.Route(Uid(9)), 2u) << "the next registration takes over";
}

TEST(UidRegistryTest, RemoveLogonRemovesAllOfItsRegistrationsOnly) {
  UidRegistry reg;
  reg.Register(1, Uid(1));
  reg.Register(1, Uid(1));
  reg.Register(2, Uid(2));
  EXPECT_EQ(reg.RemoveLogon(1), 2u);
  EXPECT_EQ(reg.RemoveLogon(1), 0u);
  EXPECT_EQ(reg.Route(Uid(1)), std::nullopt);
  EXPECT_EQ(reg.Route(Uid(2)), 2u);
}

TEST(UidRegistryTest, TextIsThirtyTwoHexDigits) {
  MAPIUID u = Uid(0xAB);
  u.ab[0] = 0x01;
  EXPECT_EQ(MapiUidText(u), "01ababababababababababababababab");
  EXPECT_EQ(MapiUidText(u).size(), 32u);
}

}  // namespace
}  // namespace mapi_emu
