#include "session/support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapi_emu/base/allocator.h"
#include "session/make_invalid.h"

namespace mapi_emu {
namespace {

// A host that records what support objects ask of their session.
class FakeHost final : public SupportHost {
 public:
  std::vector<std::string> calls;
  std::vector<LogonId> released;
  NotifyRegistry notifications;
  HRESULT HostSetProviderUid(LogonId, const MAPIUID&) override {
    calls.push_back("SetProviderUid");
    return S_OK;
  }
  HRESULT HostModifyStatusRow(LogonId, const PropArray& columns, bool update) override {
    calls.push_back(std::string("ModifyStatusRow ") + (update ? "update " : "add ") +
                    std::to_string(columns.size()));
    return S_OK;
  }
  HRESULT HostOpenProfileSection(LogonId, const MAPIUID* uid, ULONG, LPPROFSECT*) override {
    calls.push_back(uid == nullptr ? "OpenProfileSection own" : "OpenProfileSection other");
    return MAPI_E_NOT_FOUND;
  }
  HRESULT HostOpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG*, LPUNKNOWN*) override {
    calls.push_back("OpenEntry");
    return MAPI_E_UNKNOWN_ENTRYID;
  }
  HRESULT HostCompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG*) override {
    calls.push_back("CompareEntryIDs");
    return S_OK;
  }
  HRESULT HostStoreLogoffTransports(LogonId, ULONG* flags) override {
    calls.push_back("StoreLogoffTransports");
    *flags = LOGOFF_COMPLETE;
    return S_OK;
  }
  HRESULT HostWrapStoreEntryID(LogonId, ULONG, LPENTRYID, ULONG*, LPENTRYID*) override {
    calls.push_back("WrapStoreEntryID");
    return S_OK;
  }
  NotifyRegistry& HostNotifications() override { return notifications; }
  void HostSupportReleased(LogonId logon) override { released.push_back(logon); }
  void HostCallAfterLogoff(LogonId, const char* method) override {
    calls.push_back(std::string("after logoff: ") + method);
  }
  void HostExtraSupportRelease(LogonId) override { calls.push_back("extra release"); }
  HRESULT HostSpoolerNotify(LogonId, bool from_store, ULONG flags, void*) override {
    calls.push_back(absl::StrCat("SpoolerNotify(", from_store ? "store" : "transport", ", ",
                                 flags, ")"));
    return S_OK;
  }
  HRESULT HostSpoolerYield(LogonId) override {
    calls.push_back("SpoolerYield");
    return S_OK;
  }
  HRESULT HostStatusRecips(LogonId, LPMESSAGE, LPADRLIST) override {
    calls.push_back("StatusRecips");
    return S_OK;
  }
};

class SupportTest : public ::testing::Test {
 protected:
  // Support objects are owned by their session once released; here the test is.
  Support* Make(SupportKind kind) {
    supports_.push_back(MakeComObject<Support>(kind, 7, host_, "test provider", nullptr).Detach());
    return supports_.back();
  }
  void TearDown() override {
    for (Support* s : supports_) {
      while (s->RefCount() > 0) s->Release();
      s->Orphan();
    }
  }
  std::shared_ptr<FakeHost> host_ = std::make_shared<FakeHost>();
  std::vector<Support*> supports_;
};

TEST_F(SupportTest, EachKindHasTheMethodsThePageGivesIt) {
  MAPIUID uid{};
  ULONG flags = LOGOFF_ABORT;
  Support* store = Make(SupportKind::kStore);
  Support* ab = Make(SupportKind::kAddressBook);
  Support* xp = Make(SupportKind::kTransport);
  Support* config = Make(SupportKind::kConfiguration);

  EXPECT_THAT(store->SetProviderUID(&uid, 0), HrIs(S_OK));
  EXPECT_THAT(ab->SetProviderUID(&uid, 0), HrIs(S_OK));
  EXPECT_THAT(xp->SetProviderUID(&uid, 0), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(config->SetProviderUID(&uid, 0), HrIs(MAPI_E_NO_SUPPORT));

  EXPECT_THAT(store->StoreLogoffTransports(&flags), HrIs(S_OK));
  EXPECT_EQ(flags, LOGOFF_COMPLETE);
  flags = LOGOFF_ABORT;
  EXPECT_THAT(ab->StoreLogoffTransports(&flags), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(xp->StoreLogoffTransports(&flags), HrIs(MAPI_E_NO_SUPPORT));

  SPropValue code{};
  code.ulPropTag = PR_STATUS_CODE;
  code.Value.l = STATUS_AVAILABLE;
  EXPECT_THAT(xp->ModifyStatusRow(1, &code, 0), HrIs(S_OK));
  EXPECT_THAT(xp->ModifyStatusRow(1, &code, STATUSROW_UPDATE), HrIs(S_OK));
  EXPECT_THAT(xp->ModifyStatusRow(1, &code, 0x1), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(config->ModifyStatusRow(1, &code, 0), HrIs(MAPI_E_NO_SUPPORT));

  LPPROFSECT sect = nullptr;
  EXPECT_THAT(config->OpenProfileSection(nullptr, MAPI_MODIFY, &sect), HrIs(MAPI_E_NOT_FOUND))
      << "reaches the host: configuration objects have OpenProfileSection";
  LPMAPISUP self = nullptr;
  EXPECT_THAT(config->GetSvcConfigSupportObj(0, &self), HrIs(S_OK));
  EXPECT_EQ(self, config);
  self->Release();
  EXPECT_THAT(store->GetSvcConfigSupportObj(0, &self), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(store->SpoolerYield(0), HrIs(MAPI_E_NO_SUPPORT));

  EXPECT_THAT(host_->calls,
              ::testing::ElementsAre("SetProviderUid", "SetProviderUid", "StoreLogoffTransports",
                                     "ModifyStatusRow add 1", "ModifyStatusRow update 1",
                                     "OpenProfileSection own"));
}

TEST_F(SupportTest, SpoolerMethodsReachTheHostForTheKindsThatHaveThem) {
  Support* store = Make(SupportKind::kStore);
  Support* xp = Make(SupportKind::kTransport);
  Support* ab = Make(SupportKind::kAddressBook);
  EXPECT_THAT(store->SpoolerNotify(NOTIFY_READYTOSEND, nullptr), HrIs(S_OK));
  EXPECT_THAT(xp->SpoolerNotify(NOTIFY_NEWMAIL, nullptr), HrIs(S_OK));
  EXPECT_THAT(ab->SpoolerNotify(NOTIFY_NEWMAIL, nullptr), HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(xp->SpoolerYield(0), HrIs(S_OK));
  EXPECT_THAT(xp->SpoolerYield(1), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(store->SpoolerYield(0), HrIs(MAPI_E_NO_SUPPORT)) << "transports only";
  EXPECT_THAT(xp->StatusRecips(nullptr, nullptr), HrIs(S_OK)) << "the host checks the arguments";
  EXPECT_THAT(store->StatusRecips(nullptr, nullptr), HrIs(MAPI_E_NO_SUPPORT));
  ULONG flags = 0xFF;
  EXPECT_THAT(store->PrepareSubmit(reinterpret_cast<LPMESSAGE>(store), &flags), HrIs(S_OK));
  EXPECT_EQ(flags, 0u) << "no preprocessing";
  EXPECT_THAT(xp->PrepareSubmit(reinterpret_cast<LPMESSAGE>(xp), &flags),
              HrIs(MAPI_E_NO_SUPPORT));
  EXPECT_THAT(host_->calls, ::testing::ElementsAre("SpoolerNotify(store, 2)",
                                                   "SpoolerNotify(transport, 1)", "SpoolerYield",
                                                   "StatusRecips"));
}

TEST_F(SupportTest, TheSpoolersStoreSupportObjectDoesNotEndTheLogon) {
  Support* store = Make(SupportKind::kStore);
  store->MarkSpoolerLogon();
  EXPECT_EQ(store->Release(), 0u);
  EXPECT_TRUE(host_->released.empty()) << "the client's logon ends the store logon";
}

TEST_F(SupportTest, StoreLogoffTransportsTakesExactlyOneInputFlag) {
  Support* store = Make(SupportKind::kStore);
  // One element type: ULONG is unsigned long on Windows.
  for (ULONG bad :
       std::initializer_list<ULONG>{0u, LOGOFF_ABORT | LOGOFF_QUIET, LOGOFF_COMPLETE, 0x20u}) {
    ULONG flags = bad;
    EXPECT_THAT(store->StoreLogoffTransports(&flags), HrIs(MAPI_E_INVALID_PARAMETER)) << bad;
  }
  LPMAPIERROR error = nullptr;
  ASSERT_THAT(store->GetLastError(MAPI_E_INVALID_PARAMETER, 0, &error), HrIs(S_OK));
  ASSERT_NE(error, nullptr);
  EXPECT_THAT(std::string(error->lpszError), ::testing::HasSubstr("exactly one of"));
  ProcessBufferAllocator().Free(error);
  EXPECT_THAT(store->StoreLogoffTransports(nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
}

TEST_F(SupportTest, FinalReleaseIsReportedAndExtraReleasesDoNotCrash) {
  Support* store = Make(SupportKind::kStore);
  store->AddRef();                 // the provider's reference
  EXPECT_EQ(store->Release(), 1u);  // MAPI lets go of its own
  EXPECT_TRUE(host_->released.empty());
  EXPECT_EQ(store->Release(), 0u);  // the provider's last
  EXPECT_THAT(host_->released, ::testing::ElementsAre(7u));
  EXPECT_TRUE(store->released());
  EXPECT_EQ(store->Release(), 0u);  // one too many
  EXPECT_EQ(store->ExtraReleases(), 1u);
}

TEST_F(SupportTest, AnOrphanedObjectLivesUntilTheProvidersLastRelease) {
  ObjectOwner owner("provider library");
  Support* kept = MakeComObject<Support>(SupportKind::kStore, 9, host_, "keeper", &owner).Detach();
  kept->AddRef();   // the provider keeps a reference past its logoff
  kept->Release();  // MAPI's own
  kept->EndLogon();
  kept->Orphan();   // the session is done with it
  EXPECT_EQ(owner.LiveCount(), 1u) << "still valid for the provider's pointer";
  MAPIUID uid{};
  EXPECT_THAT(kept->SetProviderUID(&uid, 0), HrIs(MAPI_E_INVALID_OBJECT));
  kept->Release();  // the provider's last
  EXPECT_EQ(owner.LiveCount(), 0u) << "freed at the last Release";
}

TEST_F(SupportTest, CallsAfterTheLogonEndedAreInvalidButAllocatorsStillWork) {
  Support* ab = Make(SupportKind::kAddressBook);
  ab->EndLogon();
  MAPIUID uid{};
  EXPECT_THAT(ab->SetProviderUID(&uid, 0), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_THAT(host_->calls, ::testing::ElementsAre("after logoff: SetProviderUID"));
  LPALLOCATEBUFFER alloc = nullptr;
  LPALLOCATEMORE more = nullptr;
  LPFREEBUFFER free_fn = nullptr;
  EXPECT_THAT(ab->GetMemAllocRoutines(&alloc, &more, &free_fn), HrIs(S_OK));
  EXPECT_NE(alloc, nullptr);
  EXPECT_NE(free_fn, nullptr);
}

TEST_F(SupportTest, CallsAfterTheSessionIsGoneAreInvalid) {
  Support* store = Make(SupportKind::kStore);
  host_.reset();  // the session went away; the provider kept the support object
  MAPIUID uid{};
  EXPECT_THAT(store->SetProviderUID(&uid, 0), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_EQ(store->Release(), 0u);  // no host to tell: no crash
}

TEST_F(SupportTest, SubscribeAndNotifyGoThroughTheSessionsRegistry) {
  Support* store = Make(SupportKind::kStore);
  class Sink final : public ComObject<IMAPIAdviseSink> {
   public:
    Sink() : ComObject(nullptr, "Sink") {}
    STDMETHODIMP_(ULONG) OnNotify(ULONG count, LPNOTIFICATION) override {
      heard += count;
      return 0;
    }
    ULONG heard = 0;
  };
  auto sink = MakeComObject<Sink>();
  SizedNOTIFKEY(4, key) = {4, {'k', 'e', 'y', '1'}};
  ULONG_PTR connection = 0;
  ASSERT_THAT(store->Subscribe(reinterpret_cast<LPNOTIFKEY>(&key), fnevObjectModified, 0,
                               sink.get(), &connection),
              HrIs(S_OK));
  EXPECT_NE(connection, 0u);
  NOTIFICATION n{};
  n.ulEventType = fnevObjectModified;
  ULONG flags = 1234;
  EXPECT_THAT(store->Notify(reinterpret_cast<LPNOTIFKEY>(&key), 1, &n, &flags), HrIs(S_OK));
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(sink->heard, 1u);
  EXPECT_THAT(store->Unsubscribe(connection), HrIs(S_OK));
  EXPECT_THAT(store->Unsubscribe(connection), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_THAT(store->Subscribe(nullptr, fnevObjectModified, 0, sink.get(), &connection),
              HrIs(MAPI_E_INVALID_PARAMETER));
}

}  // namespace
}  // namespace mapi_emu
