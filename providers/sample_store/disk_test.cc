// The sample store's file layer: atomic writes, JSON files that are missing
// or damaged, property values through JSON and back, and the store data
// across a reopen.
#include "providers/sample_store/disk.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "gtest/gtest.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "providers/sample_store/sample_store.h"
#include "providers/sample_store/store_core.h"

namespace sample_store {
namespace {

class DiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("sample_store_disk_" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::filesystem::path dir_;
};

TEST_F(DiskTest, WriteReplacesTheFileAndLeavesNoTemporary) {
  const auto file = dir_ / "a.json";
  ASSERT_EQ(WriteFileAtomically(file, "{\"v\": 1}"), "");
  ASSERT_EQ(WriteFileAtomically(file, "{\"v\": 2}"), "");
  EXPECT_EQ(Slurp(file), "{\"v\": 2}");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a.json.tmp"));
}

TEST_F(DiskTest, WriteIntoAMissingDirectoryNamesTheFile) {
  const auto file = dir_ / "no_such_dir" / "a.json";
  std::string error = WriteFileAtomically(file, "{}");
  EXPECT_NE(error.find("a.json.tmp"), std::string::npos) << error;
}

TEST_F(DiskTest, ReadReportsMissingAndDamagedFilesByName) {
  nlohmann::json j;
  std::string error;
  EXPECT_EQ(ReadJsonFile(dir_ / "missing.json", &j, &error), MAPI_E_NOT_FOUND);
  EXPECT_NE(error.find("missing.json"), std::string::npos) << error;

  std::ofstream(dir_ / "bad.json") << "{\"truncated\": ";
  EXPECT_EQ(ReadJsonFile(dir_ / "bad.json", &j, &error), MAPI_E_CORRUPT_STORE);
  EXPECT_NE(error.find("bad.json"), std::string::npos) << error;

  std::ofstream(dir_ / "array.json") << "[1, 2]";
  EXPECT_EQ(ReadJsonFile(dir_ / "array.json", &j, &error), MAPI_E_CORRUPT_STORE);
}

TEST_F(DiskTest, PropertiesSurviveTheRoundTrip) {
  PropValues in;
  in.Long(PR_IMPORTANCE, 2);
  in.Bool(PR_DELETE_AFTER_SUBMIT, true);
  in.String8(PR_SUBJECT_A, "Hello");
  in.Binary(PR_SEARCH_KEY, "\x01\x02\xff", 3);
  SPropValue w;
  std::memset(&w, 0, sizeof w);
  w.ulPropTag = PR_BODY_W;
  std::wstring body = L"Gr\u00fc\u00dfe \u20ac";
  w.Value.lpszW = body.data();
  in.Copy(w);
  SPropValue t;
  std::memset(&t, 0, sizeof t);
  t.ulPropTag = PR_CLIENT_SUBMIT_TIME;
  t.Value.ft = FILETIME{0x89abcdef, 0x01234567};
  in.Copy(t);
  LPSTR names[] = {const_cast<LPSTR>("a"), const_cast<LPSTR>("b")};
  SPropValue mv;
  std::memset(&mv, 0, sizeof mv);
  mv.ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6801);
  mv.Value.MVszA = {2, names};
  in.Copy(mv);

  nlohmann::json j;
  std::vector<ULONG> skipped;
  PropsToJson(in.size(), in.data(), &j, &skipped);
  EXPECT_TRUE(skipped.empty());
  EXPECT_EQ(j[TagKey(PR_SUBJECT_A)], "Hello");
  EXPECT_EQ(j[TagKey(PR_SEARCH_KEY)], "0102ff");

  PropValues out;
  std::string error;
  ASSERT_EQ(PropValues::FromJson(nlohmann::json::parse(j.dump()), &out, &error), S_OK) << error;
  ASSERT_EQ(out.size(), in.size());
  auto find = [&](ULONG tag) { return PpropFindProp(out.data(), out.size(), tag); };
  EXPECT_EQ(find(PR_IMPORTANCE)->Value.l, 2);
  EXPECT_EQ(find(PR_DELETE_AFTER_SUBMIT)->Value.b, 1);
  EXPECT_STREQ(find(PR_SUBJECT_A)->Value.lpszA, "Hello");
  EXPECT_EQ(std::wstring(find(PR_BODY_W)->Value.lpszW), body);
  EXPECT_EQ(find(PR_SEARCH_KEY)->Value.bin.cb, 3u);
  EXPECT_EQ(find(PR_CLIENT_SUBMIT_TIME)->Value.ft.dwHighDateTime, 0x01234567u);
  EXPECT_STREQ(find(PROP_TAG(PT_MV_STRING8, 0x6801))->Value.MVszA.lppszA[1], "b");
}

TEST_F(DiskTest, MalformedPropertyValuesNameTheTag) {
  PropValues out;
  std::string error;
  nlohmann::json j = {{TagKey(PR_IMPORTANCE), "high"}};
  EXPECT_EQ(PropValues::FromJson(j, &out, &error), MAPI_E_CORRUPT_STORE);
  EXPECT_NE(error.find(TagKey(PR_IMPORTANCE)), std::string::npos) << error;
}

TEST_F(DiskTest, StoreDataPersistsAndADamagedMessageIsReportedAlone) {
  auto new_uid = [](MAPIUID* uid) {
    for (int i = 0; i < 16; ++i) uid->ab[i] = static_cast<BYTE>(i + 1);
    return S_OK;
  };
  std::shared_ptr<StoreCore> core;
  std::string error;
  ASSERT_EQ(StoreCore::Open(dir_ / "store", new_uid, &core, &error), S_OK) << error;
  MessageRecord m;
  m.folder = SAMPLE_STORE_OUTBOX;
  m.props[TagKey(PR_SUBJECT_A)] = "kept";
  ASSERT_EQ(core->NewNumber(&m.number, &error), S_OK);
  ASSERT_EQ(core->SaveMessage(m, &error), S_OK) << error;
  MessageRecord broken = m;
  ASSERT_EQ(core->NewNumber(&broken.number, &error), S_OK);
  ASSERT_EQ(core->SaveMessage(broken, &error), S_OK) << error;
  const MAPIUID uid = core->uid();
  const auto broken_path = core->MessagePath(broken.number);
  core.reset();
  std::ofstream(broken_path, std::ios::trunc) << "{ not json";

  ASSERT_EQ(StoreCore::Open(dir_ / "store", new_uid, &core, &error), S_OK) << error;
  EXPECT_EQ(std::memcmp(core->uid().ab, uid.ab, 16), 0);
  MessageRecord read;
  ASSERT_EQ(core->FindMessage(m.number, &read, &error), S_OK);
  EXPECT_EQ(read.props[TagKey(PR_SUBJECT_A)], "kept");
  EXPECT_EQ(core->FindMessage(broken.number, &read, &error), MAPI_E_CORRUPT_STORE);
  EXPECT_NE(error.find(broken_path.string()), std::string::npos) << error;
  EXPECT_EQ(core->MessagesIn(SAMPLE_STORE_OUTBOX).size(), 1u);
  EXPECT_EQ(core->FindMessage(9999, &read, &error), MAPI_E_NOT_FOUND);
}

TEST_F(DiskTest, ADamagedStoreFileFailsTheOpenWithItsName) {
  auto new_uid = [](MAPIUID* uid) {
    std::memset(uid->ab, 7, 16);
    return S_OK;
  };
  std::shared_ptr<StoreCore> core;
  std::string error;
  ASSERT_EQ(StoreCore::Open(dir_ / "store", new_uid, &core, &error), S_OK) << error;
  core.reset();
  std::ofstream(dir_ / "store" / "store.json", std::ios::trunc) << "garbage";
  EXPECT_EQ(StoreCore::Open(dir_ / "store", new_uid, &core, &error), MAPI_E_CORRUPT_STORE);
  EXPECT_NE(error.find("store.json"), std::string::npos) << error;
  EXPECT_EQ(core, nullptr);
}

}  // namespace
}  // namespace sample_store
