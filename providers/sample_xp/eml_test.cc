#include "eml.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sample_xp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

EmlMessage Sample() {
  EmlMessage m;
  m.subject = "Grüße aus Köln";
  m.from = {"Alice \"A\" Adams", "FILE", "/tmp/alice/inbox"};
  m.to = {{"Bob", "SMTP", "bob@example.org"}, {"", "FILE", "/srv/drop box"}};
  m.cc = {{"Zoë", "X400", "c=US;a=;p=Org;"}};
  m.body = "Line one\nLine two\n";
  m.date = 1796169600;  // 2026-12-02 00:00:00 UTC
  m.message_id = "1.2@sample-xp.invalid";
  return m;
}

TEST(EmlTest, WritesRfc5322WithCrlfAndEncodedWords) {
  std::string text = FormatEml(Sample());
  EXPECT_THAT(text,
              StartsWith("Date: Wed, 02 Dec 2026 00:00:00 +0000\r\n"
                         "From: \"Alice \\\"A\\\" Adams\" <\"/tmp/alice/inbox\"@file.invalid>\r\n"
                         "To: \"Bob\" <bob@example.org>, <\"/srv/drop box\"@file.invalid>\r\n"
                         "Cc: =?UTF-8?B?Wm/Dqw==?= <\"X400:c=US;a=;p=Org;\"@mapi.invalid>\r\n"
                         "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\r\n"
                         "Message-ID: <1.2@sample-xp.invalid>\r\n"
                         "MIME-Version: 1.0\r\n"
                         "Content-Type: text/plain; charset=UTF-8\r\n"));
  EXPECT_THAT(text, HasSubstr("\r\n\r\nLine one\r\nLine two\r\n"));
  EXPECT_EQ(text.find("\n\n"), std::string::npos) << "every line ends in CRLF";
}

TEST(EmlTest, ParsesWhatItWrites) {
  EmlMessage in = Sample();
  EmlMessage out;
  std::string error;
  ASSERT_TRUE(ParseEml("m.eml", FormatEml(in), &out, &error)) << error;
  EXPECT_EQ(out.subject, in.subject);
  EXPECT_EQ(out.from.name, in.from.name);
  EXPECT_EQ(out.from.address_type, "FILE");
  EXPECT_EQ(out.from.address, "/tmp/alice/inbox");
  ASSERT_EQ(out.to.size(), 2u);
  EXPECT_EQ(out.to[0].address_type, "SMTP");
  EXPECT_EQ(out.to[0].address, "bob@example.org");
  EXPECT_EQ(out.to[1].address, "/srv/drop box");
  ASSERT_EQ(out.cc.size(), 1u);
  EXPECT_EQ(out.cc[0].name, "Zoë");
  EXPECT_EQ(out.cc[0].address_type, "X400");
  EXPECT_EQ(out.cc[0].address, "c=US;a=;p=Org;");
  EXPECT_EQ(out.body, in.body);
  EXPECT_EQ(out.date, in.date);
  EXPECT_EQ(out.message_id, in.message_id);
}

TEST(EmlTest, ReadsOrdinaryInternetMail) {
  std::string text =
      "From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>\n"
      "To: a@example.com,\n  \"B, C\" <bc@example.com>\n"
      "Subject: =?UTF-8?Q?caf=C3=A9_time?= now\n"
      "Date: 1 Jan 2026 10:00 -0100\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "soft=\nbreak =3D done\n";
  EmlMessage m;
  std::string error;
  ASSERT_TRUE(ParseEml("x.eml", text, &m, &error)) << error;
  EXPECT_EQ(m.from.address, "andre@example.com");
  EXPECT_EQ(m.subject, "café time now");
  ASSERT_EQ(m.to.size(), 2u);
  EXPECT_EQ(m.to[1].name, "B, C");
  EXPECT_EQ(m.date, 1767265200);  // 2026-01-01 11:00 UTC
  EXPECT_EQ(m.body, "softbreak = done\n");
}

TEST(EmlTest, MalformedFilesSayWhereAndWhat) {
  EmlMessage m;
  std::string error;
  EXPECT_FALSE(ParseEml("/in/a.eml", "From: a@b\r\nthis is not a header\r\n\r\nx", &m, &error));
  EXPECT_EQ(error, "/in/a.eml: line 2: not a header field: this is not a header");
  EXPECT_FALSE(ParseEml("/in/b.eml", "From: a@b\r\nSubject: no body", &m, &error));
  EXPECT_EQ(error, "/in/b.eml: no empty line between the header and the body");
  EXPECT_FALSE(ParseEml("/in/c.eml", "Subject: x\r\n\r\n", &m, &error));
  EXPECT_EQ(error, "/in/c.eml: no From: header");
  EXPECT_FALSE(ParseEml("/in/d.eml", "From: a@b\r\nDate: yesterday\r\n\r\n", &m, &error));
  EXPECT_THAT(error, HasSubstr("/in/d.eml: Date: not an RFC 5322 date"));
  EXPECT_FALSE(ParseEml("/in/e.eml", "From: \"A\" <a@b\r\n\r\n", &m, &error));
  EXPECT_THAT(error, HasSubstr("/in/e.eml: From: unterminated <address>"));
}

TEST(EmlTest, AtomicWriteLeavesOnlyTheFinalFile) {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("eml_test_" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(dir.string(), "m.eml", "hello\r\n", &error)) << error;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_THAT(names, ElementsAre("m.eml"));
  std::stringstream text;
  {
    std::ifstream in(dir / "m.eml", std::ios::binary);  // closed before remove_all
    text << in.rdbuf();
  }
  EXPECT_EQ(text.str(), "hello\r\n");
  EXPECT_FALSE(WriteFileAtomically((dir / "missing").string(), "m.eml", "x", &error));
  EXPECT_THAT(error, HasSubstr((dir / "missing" / ".m.eml.tmp-").string()));
  EXPECT_THAT(error, HasSubstr("cannot create"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sample_xp
