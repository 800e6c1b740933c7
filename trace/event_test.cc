#include "trace/event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mapidefs.h"
#include "mapispi.h"

namespace mapi_emu::trace {
namespace {

TEST(FlagsTest, DecodeNamesKnownBitsThenUnknownOnesInHex) {
  EXPECT_EQ(DecodeFlags(LOGOFF_ORDERLY, LogoffFlags()).dump(), R"(["LOGOFF_ORDERLY"])");
  EXPECT_EQ(DecodeFlags(LOGOFF_ABORT | 0x100, LogoffFlags()).dump(),
            R"(["LOGOFF_ABORT","0x00000100"])");
  EXPECT_EQ(DecodeFlags(0, LogoffFlags()).dump(), "[]");
  EXPECT_EQ(DecodeFlags(LOGON_SP_POLL | LOGON_SP_IDLE, TransportLogonFlags()).dump(),
            R"(["LOGON_SP_IDLE","LOGON_SP_POLL"])");
}

TEST(FlagsTest, EncodeIsTheInverseAndNamesWhatItDoesNotKnow) {
  const uint32_t value = NOTIFY_BEGIN_INBOUND | NOTIFY_END_OUTBOUND | 0x00100000;
  absl::StatusOr<uint32_t> back =
      EncodeFlags(DecodeFlags(value, TransportNotifyFlags()), TransportNotifyFlags());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, value);
  absl::StatusOr<uint32_t> bad = EncodeFlags(nlohmann::json{"LOGOFF_SOMETIMES"}, LogoffFlags());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("LOGOFF_SOMETIMES"));
  EXPECT_TRUE(HasFlag(nlohmann::json{"LOGOFF_ABORT"}, "LOGOFF_ABORT"));
  EXPECT_FALSE(HasFlag(nlohmann::json{"LOGOFF_ABORT"}, "LOGOFF_QUIET"));
}

TEST(EventTest, NamesAndKinds) {
  Event event;
  event.iface = "IMsgStore";
  event.method = "StoreLogoff";
  EXPECT_EQ(CallName(event), "IMsgStore::StoreLogoff");
  event.iface.clear();
  event.method = "MAPIInitialize";
  EXPECT_EQ(CallName(event), "MAPIInitialize");
  EXPECT_EQ(ObjectKind("MSLogon#12"), "MSLogon");
  EXPECT_EQ(EventKindFromText("unload"), EventKind::kUnload);
  EXPECT_EQ(EventKindFromText("exit"), std::nullopt);
  event.result = 3;
  EXPECT_EQ(ResultNumber(event), 3);
  EXPECT_EQ(ResultName(event), "");
  event.result = "S_OK";
  EXPECT_EQ(ResultNumber(event), std::nullopt);
  EXPECT_EQ(ResultName(event), "S_OK");
}

TEST(EventTest, LibraryNameIsTheSameOnEveryPlatform) {
  EXPECT_EQ(LibraryName("/opt/x/providers/libsample_store.so"), "sample_store");
  EXPECT_EQ(LibraryName("C:\\Program Files\\x\\sample_store.dll"), "sample_store");
  EXPECT_EQ(LibraryName("libsample_store.dll"), "sample_store") << "mingw's default prefix";
  EXPECT_EQ(LibraryName("MSPST32.DLL"), "MSPST32") << "any case of the suffix";
  EXPECT_EQ(LibraryName("libsample_xp.dylib"), "sample_xp");
  EXPECT_EQ(LibraryName("sample_ab"), "sample_ab") << "already a name";
  EXPECT_EQ(LibraryName("lib.so"), "lib") << "a prefix alone is the name";
  EXPECT_EQ(LibraryName(".so"), ".so") << "a suffix alone is the name";
}

}  // namespace
}  // namespace mapi_emu::trace
