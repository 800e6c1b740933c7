// The rule parser: every action, call numbers, separators, comments, and an
// error that names the rule, its text and the column for each mistake.
#include "providers/faulty/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mapicode.h"

namespace faulty {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

Rule One(const std::string& text) {
  ParsedRules parsed = ParseRules(text);
  EXPECT_THAT(parsed.error, IsEmpty()) << text;
  EXPECT_EQ(parsed.rules.size(), 1u) << text;
  return parsed.rules.empty() ? Rule{} : parsed.rules[0];
}

std::string ErrorOf(const std::string& text) {
  ParsedRules parsed = ParseRules(text);
  EXPECT_TRUE(parsed.rules.empty()) << "a bad rule text gives no rules at all: " << text;
  return parsed.error;
}

TEST(FaultyRulesTest, NoTextMeansNoRules) {
  for (const char* text : {"", "  \n ; \n", "# only a comment\n;  # and another"}) {
    ParsedRules parsed = ParseRules(text);
    EXPECT_THAT(parsed.error, IsEmpty()) << text;
    EXPECT_THAT(parsed.rules, IsEmpty()) << text;
  }
}

TEST(FaultyRulesTest, HrByNameOrHexOnEveryCallOrTheNth) {
  Rule r = One("IMSLogon::Logoff = hr:MAPI_E_CALL_FAILED");
  EXPECT_EQ(r.method, Method::kIMSLogon_Logoff);
  EXPECT_EQ(r.nth, 0u);
  EXPECT_EQ(r.action, Action::kHr);
  EXPECT_EQ(r.hr, MAPI_E_CALL_FAILED);
  EXPECT_EQ(r.text, "IMSLogon::Logoff = hr:MAPI_E_CALL_FAILED");

  r = One("  IABProvider::Logon#3=hr:0x80040115  ");
  EXPECT_EQ(r.method, Method::kIABProvider_Logon);
  EXPECT_EQ(r.nth, 3u);
  EXPECT_EQ(r.hr, static_cast<HRESULT>(0x80040115));
  EXPECT_EQ(r.text, "IABProvider::Logon#3=hr:0x80040115");

  EXPECT_EQ(One("IMsgStore::GetProps = hr:MAPI_W_ERRORS_RETURNED").hr, MAPI_W_ERRORS_RETURNED);
  EXPECT_EQ(One("IMAPISupport::OpenProfileSection#1 = hr:E_FAIL").hr, E_FAIL);
}

TEST(FaultyRulesTest, EveryAction) {
  EXPECT_EQ(One("IXPLogon::TransportLogoff = throw").action, Action::kThrow);
  Rule hang = One("IABLogon::Logoff = hang:1500");
  EXPECT_EQ(hang.action, Action::kHang);
  EXPECT_EQ(hang.ms, 1500u);
  EXPECT_EQ(One("IABProvider::Logon = leak").action, Action::kLeak);
  EXPECT_EQ(One("IMAPISupport::Release = release-twice").action, Action::kReleaseTwice);
  EXPECT_EQ(One("IMAPISupport::StoreLogoffTransports = skip").action, Action::kSkip);
  EXPECT_EQ(One("IMAPISupport::StoreLogoffTransports#2 = repeat").action, Action::kRepeat);
  EXPECT_EQ(One("IMAPISupport::Release = keep-support").action, Action::kKeepSupport);
  Rule cb = One("IMSProvider::Shutdown = callback:ModifyStatusRow");
  EXPECT_EQ(cb.action, Action::kCallback);
  EXPECT_EQ(cb.callback, Callback::kModifyStatusRow);
  EXPECT_STREQ(CallbackName(cb.callback), "ModifyStatusRow");
}

TEST(FaultyRulesTest, RulesAreSeparatedByNewlinesOrSemicolonsInTextOrder) {
  ParsedRules parsed = ParseRules(
      "# store faults\n"
      "IMAPISupport::StoreLogoffTransports = skip; IMSLogon::Logoff#1 = hr:MAPI_E_NO_ACCESS\r\n"
      "\n"
      "IMSProvider::Shutdown = hang:0");
  ASSERT_THAT(parsed.error, IsEmpty());
  ASSERT_EQ(parsed.rules.size(), 3u);
  EXPECT_EQ(parsed.rules[0].method, Method::kIMAPISupport_StoreLogoffTransports);
  EXPECT_EQ(parsed.rules[1].method, Method::kIMSLogon_Logoff);
  EXPECT_EQ(parsed.rules[1].nth, 1u);
  EXPECT_EQ(parsed.rules[2].method, Method::kIMSProvider_Shutdown);
  EXPECT_EQ(parsed.rules[2].ms, 0u);
}

TEST(FaultyRulesTest, ErrorsNameTheRuleItsTextAndTheColumn) {
  EXPECT_EQ(ErrorOf("IMSLogon::Logoff = skip; IMSLogon::Logof = skip"),
            "rule 2 'IMSLogon::Logof = skip', column 11: IMSLogon has no method 'Logof'");
  EXPECT_EQ(ErrorOf("IMsLogon::Logoff = skip"),
            "rule 1 'IMsLogon::Logoff = skip', column 1: unknown interface 'IMsLogon' "
            "(IMSProvider, IMSLogon, IMsgStore, IABProvider, IABLogon, IXPProvider, IXPLogon "
            "or IMAPISupport)");
  EXPECT_EQ(ErrorOf("IMSLogon::Logoff hr:MAPI_E_CALL_FAILED"),
            "rule 1 'IMSLogon::Logoff hr:MAPI_E_CALL_FAILED', column 1: expected "
            "'<Interface>::<Method>[#N] = <action>' (no '=')");
  EXPECT_EQ(ErrorOf("Logoff = skip"),
            "rule 1 'Logoff = skip', column 1: expected '<Interface>::<Method>' before '='");
  EXPECT_EQ(ErrorOf("IMSLogon::Logoff = hr:MAPI_E_NOPE"),
            "rule 1 'IMSLogon::Logoff = hr:MAPI_E_NOPE', column 23: 'MAPI_E_NOPE' is not an "
            "HRESULT name (MAPI_E_CALL_FAILED) or 0x hex");
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff#0 = skip"),
              HasSubstr("column 18: '#0' is not a call number (1, 2, 3 ...)"));
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff#x = skip"), HasSubstr("'#x' is not a call number"));
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff = explode"),
              HasSubstr("column 20: unknown action 'explode' (hr:, throw, hang:, leak, "
                        "release-twice, skip, repeat, keep-support, callback:)"));
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff = "), HasSubstr("column 18: no action after '='"));
  EXPECT_THAT(ErrorOf("IABLogon::Logoff = hang:forever"),
              HasSubstr("'forever' is not a number of milliseconds from 0 to 600000"));
  EXPECT_THAT(ErrorOf("IABLogon::Logoff = hang:600001"), HasSubstr("from 0 to 600000"));
  EXPECT_THAT(ErrorOf("IMSProvider::Shutdown = callback:Logoff"),
              HasSubstr("'Logoff' is not a support method callback: can call"));
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff = skip extra"), HasSubstr("unknown action 'skip extra'"));
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff = throw:now"), HasSubstr("'throw' takes no argument"));
}

TEST(FaultyRulesTest, ActionsAreRefusedWhereTheyMeanNothing) {
  EXPECT_THAT(ErrorOf("IMSLogon::Release = hr:MAPI_E_CALL_FAILED"),
              HasSubstr("'hr' does not apply to AddRef/Release (IMSLogon::Release)"));
  EXPECT_THAT(ErrorOf("IMAPISupport::OpenProfileSection = throw"),
              HasSubstr("'throw' is for provider methods: MAPI never throws into a provider"));
  EXPECT_THAT(ErrorOf("IMSLogon::Logoff = leak"),
              HasSubstr("'leak' needs a method that hands out an object (IMSLogon::Logoff)"));
  EXPECT_THAT(ErrorOf("IMSProvider::Logon = skip"),
              HasSubstr("'skip' does not apply to a method that hands out an object"));
  EXPECT_THAT(ErrorOf("IMSLogon::AddRef = repeat"),
              HasSubstr("'repeat' does not apply to AddRef/Release"));
  EXPECT_THAT(ErrorOf("IMSLogon::Release = keep-support"),
              HasSubstr("'keep-support' applies to IMAPISupport::Release only"));
  EXPECT_THAT(ErrorOf("IMAPISupport::ModifyStatusRow = callback:NewUID"),
              HasSubstr("'callback' is for provider methods"));
}

TEST(FaultyRulesTest, HresultNamesRoundTrip) {
  HRESULT hr = S_OK;
  ASSERT_TRUE(ParseHresult("MAPI_E_NOT_ENOUGH_MEMORY", &hr));
  EXPECT_EQ(HresultName(hr), "MAPI_E_NOT_ENOUGH_MEMORY") << "the MAPI name wins over E_OUTOFMEMORY";
  ASSERT_TRUE(ParseHresult("E_OUTOFMEMORY", &hr));
  EXPECT_EQ(hr, MAPI_E_NOT_ENOUGH_MEMORY);
  EXPECT_EQ(HresultName(static_cast<HRESULT>(0x80041234)), "0x80041234");
  EXPECT_FALSE(ParseHresult("0x8004", &hr));
  EXPECT_FALSE(ParseHresult("0x8004010G", &hr));
  EXPECT_EQ(MethodName(Method::kIXPLogon_TransportLogoff), "IXPLogon::TransportLogoff");
}

}  // namespace
}  // namespace faulty
