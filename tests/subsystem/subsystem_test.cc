// The subsystem driven through its C++ entry (Subsystem, the object behind
// MAPIInitialize/MAPILogonEx) against the real test providers loaded through
// the real loader. Each test reads the providers' probe log and checks the
// exact sequence of calls the MAPI side made, and what the client sees:
// HRESULTs, rows, entry-ID routing.
#include "tests/subsystem/subsystem_fixture.h"

namespace mapi_emu {
namespace {

using subsystem_testing::AllRows;
using subsystem_testing::LibraryFile;
using subsystem_testing::ProviderLines;
using subsystem_testing::Row;
using subsystem_testing::SubsystemTest;
using subsystem_testing::TableSink;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST_F(SubsystemTest, CallsBeforeInitializeFailAndNestingIsCounted) {
  ComPtr<IMAPISession> session;
  EXPECT_THAT(subsystem_->LogonEx(0, "Test Profile", MAPI_EXTENDED, session.Put()),
              HrIs(MAPI_E_NOT_INITIALIZED));
  subsystem_->Uninitialize();
  EXPECT_EQ(subsystem_->unbalanced_uninitializes(), 1) << "a diagnosed no-op";
  EXPECT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  EXPECT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK)) << "nested calls return S_OK";
  EXPECT_EQ(subsystem_->init_count(), 2);
  MAPIINIT_0 bad_version = {1, 0};
  EXPECT_THAT(subsystem_->Initialize(&bad_version), HrIs(MAPI_E_INVALID_PARAMETER));
  MAPIINIT_0 bad_flags = {MAPI_INIT_VERSION, 0x100};
  EXPECT_THAT(subsystem_->Initialize(&bad_flags), HrIs(MAPI_E_UNKNOWN_FLAGS));
  MAPIINIT_0 good = {MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS};
  EXPECT_THAT(subsystem_->Initialize(&good), HrIs(S_OK));
  EXPECT_EQ(subsystem_->init_count(), 3);
  subsystem_->Uninitialize();
  subsystem_->Uninitialize();
  subsystem_->Uninitialize();
  EXPECT_FALSE(subsystem_->initialized());
}

TEST_F(SubsystemTest, LogonStartsTheAddressBookAndFillsTheStatusTable) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ASSERT_TRUE(session);
  EXPECT_THAT(ProviderLines(),
              ElementsAre("test_ab: loaded", "test_ab: ABProviderInit(0, 0x00010010)",
                          "test_ab: IABProvider#1::Logon(\"Test Profile\", AB_NO_DIALOG)",
                          "test_ab: -> IMAPISupport::AddRef()",
                          "test_ab: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                          HasSubstr("-> IProfSect::GetProps([PR_DISPLAY_NAME_A], 0) = S_OK, out "
                                    "PR_DISPLAY_NAME_A=\"Contacts\""),
                          "test_ab: -> IProfSect::Release()",
                          HasSubstr("-> IMAPISupport::SetProviderUID("),
                          HasSubstr("-> IMAPISupport::ModifyStatusRow(")))
      << "no store is logged on before OpenMsgStore";

  ComPtr<IMAPITable> status;
  ASSERT_THAT(session->GetStatusTable(0, status.Put()), HrIs(S_OK));
  std::vector<Row> rows = AllRows(status.get());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].longs[PR_RESOURCE_TYPE], MAPI_SUBSYSTEM);
  EXPECT_EQ(rows[1].longs[PR_RESOURCE_TYPE], MAPI_SPOOLER);
  EXPECT_EQ(rows[1].longs[PR_STATUS_CODE], STATUS_FAILURE) << "MAPI_NO_MAIL session (ruling 12)";
  const Row& ab = rows[2];
  EXPECT_EQ(ab.longs.at(PR_RESOURCE_TYPE), MAPI_AB_PROVIDER);
  EXPECT_EQ(ab.longs.at(PR_OBJECT_TYPE), static_cast<LONG>(MAPI_STATUS));
  EXPECT_EQ(ab.strings.at(PR_PROVIDER_DLL_NAME_A), "test_ab.dll");
  EXPECT_EQ(ab.strings.at(PR_DISPLAY_NAME_A), "Contacts");
  EXPECT_TRUE(ab.longs.count(PR_RESOURCE_FLAGS));
  EXPECT_TRUE(ab.binaries.count(PR_ENTRYID));
  EXPECT_TRUE(ab.binaries.count(PR_INSTANCE_KEY));

  // OpenEntry on the row's PR_ENTRYID reaches the provider's OpenStatusEntry.
  ProbeClear();
  std::vector<BYTE> eid = ab.binaries.at(PR_ENTRYID);
  ULONG type = 0;
  ComPtr<IUnknown> object;
  ASSERT_THAT(session->OpenEntry(static_cast<ULONG>(eid.size()),
                                 reinterpret_cast<LPENTRYID>(eid.data()), nullptr, 0, &type,
                                 object.Put()),
              HrIs(S_OK));
  EXPECT_EQ(type, MAPI_STATUS);
  EXPECT_THAT(ProviderLines(), Contains(HasSubstr("IABLogon#1::OpenStatusEntry(")));

  // The subsystem row opens MAPI's own status object.
  std::vector<BYTE> sub = rows[0].binaries.at(PR_ENTRYID);
  ComPtr<IUnknown> mapi_status;
  ASSERT_THAT(session->OpenEntry(static_cast<ULONG>(sub.size()),
                                 reinterpret_cast<LPENTRYID>(sub.data()), &IID_IMAPIStatus, 0,
                                 &type, mapi_status.Put()),
              HrIs(S_OK));
  EXPECT_THAT(static_cast<IMAPIStatus*>(mapi_status.get())->ValidateState(0, 0), HrIs(S_OK));
  object.Reset();
  mapi_status.Reset();
  status.Reset();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, OpenMsgStoreLogsOnAndRoutesEntryIdsByMapiUid) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ComPtr<IMAPITable> status;
  ASSERT_THAT(session->GetStatusTable(0, status.Put()), HrIs(S_OK));
  auto sink = MakeComObject<TableSink>();
  ULONG_PTR connection = 0;
  ASSERT_THAT(status->Advise(fnevTableModified, sink.get(), &connection), HrIs(S_OK));
  ProbeClear();

  ComPtr<IMsgStore> store = OpenStore(session.get());
  ASSERT_TRUE(store);
  EXPECT_THAT(ProviderLines(),
              ElementsAre("test_store: loaded", "test_store: MSProviderInit(0, 0x00010010)",
                          HasSubstr("IMSProvider#1::Logon(\"Test Profile\", NULL, "
                                    "MDB_NO_DIALOG|MDB_WRITE, NULL)"),
                          "test_store: -> IMAPISupport::AddRef()",
                          "test_store: -> IMAPISupport::OpenProfileSection(NULL, MAPI_MODIFY) = S_OK",
                          HasSubstr("PR_DISPLAY_NAME_A=\"Personal Store\""),
                          "test_store: -> IProfSect::Release()",
                          HasSubstr("-> IMAPISupport::SetProviderUID("),
                          HasSubstr("-> IMAPISupport::ModifyStatusRow(")));
  EXPECT_THAT(sink->events, ElementsAre(TABLE_ROW_ADDED)) << "the store's status row";

  // The root folder's entry ID carries the store's MAPIUID: the session
  // routes OpenEntry to that store's logon object.
  ULONG type = 0;
  ComPtr<IUnknown> root;
  ASSERT_THAT(store->OpenEntry(0, nullptr, nullptr, 0, &type, root.Put()), HrIs(S_OK));
  LPSPropValue eid = nullptr;
  ASSERT_THAT(GetOneProp(static_cast<IMAPIFolder*>(root.get()), PR_ENTRYID, &eid, ProcessBufferAllocator()),
              HrIs(S_OK));
  ProbeClear();
  ComPtr<IUnknown> again;
  ASSERT_THAT(session->OpenEntry(eid->Value.bin.cb, reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb),
                                 nullptr, 0, &type, again.Put()),
              HrIs(S_OK));
  EXPECT_EQ(type, MAPI_FOLDER);
  // MAPI holds a reference on the logon object for the duration of the call.
  EXPECT_THAT(ProviderLines(),
              ElementsAre("test_store: IMSLogon#1::AddRef -> 2",
                          HasSubstr("IMSLogon#1::OpenEntry(folder:\"Personal Store\""),
                          "test_store: IMSLogon#1::Release -> 1"));
  ULONG same = 0;
  ASSERT_THAT(session->CompareEntryIDs(eid->Value.bin.cb,
                                       reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb),
                                       eid->Value.bin.cb,
                                       reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb), 0, &same),
              HrIs(S_OK));
  EXPECT_TRUE(same);

  // An entry ID whose MAPIUID nobody registered: no provider is called.
  std::vector<BYTE> foreign(24, 0x5A);
  ProbeClear();
  ComPtr<IUnknown> none;
  EXPECT_THAT(session->OpenEntry(static_cast<ULONG>(foreign.size()),
                                 reinterpret_cast<LPENTRYID>(foreign.data()), nullptr, 0, &type,
                                 none.Put()),
              HrIs(MAPI_E_UNKNOWN_ENTRYID));
  EXPECT_FALSE(none);
  EXPECT_THAT(ProviderLines(), IsEmpty());

  ProcessBufferAllocator().Free(eid);
  again.Reset();
  root.Reset();
  store.Reset();
  EXPECT_THAT(sink->events, ElementsAre(TABLE_ROW_ADDED, TABLE_ROW_DELETED))
      << "the store's release ended its logon and removed its row";
  status->Unadvise(connection);
  status.Reset();
  session->Logoff(0, 0, 0);
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, StoreLogoffThenReleaseEndsTheLogonAsTheFoundingPageSays) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ComPtr<IMsgStore> store = OpenStore(session.get());
  ASSERT_TRUE(store);
  ProbeClear();
  ULONG flags = LOGOFF_ORDERLY;
  EXPECT_THAT(store->StoreLogoff(&flags), HrIs(S_OK));
  store.Reset();
  EXPECT_THAT(ProviderLines(),
              ElementsAre("test_store: IMsgStore#1::StoreLogoff(LOGOFF_ORDERLY)",
                          "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ORDERLY) = "
                          "S_OK, out LOGOFF_COMPLETE",
                          "test_store: IMsgStore#1::Release -> 0",
                          "test_store: -> IMAPISupport::Release()",
                          // MAPI, inside that Release (ruling 2): UIDs and
                          // row gone, then Logoff, then the logon's Release.
                          "test_store: IMSLogon#1::Logoff(0)", "test_store: IMSLogon#1::Release -> 0",
                          // The provider object has no logon left.
                          "test_store: IMSProvider#1::Shutdown(0)",
                          "test_store: IMSProvider#1::Release -> 0"));
  auto* core = static_cast<SessionObject*>(session.get())->core().get();
  EXPECT_EQ(core->uids().size(), 1u) << "only the address book's UID is left";
  session->Logoff(0, 0, 0);
  session.Reset();
  ProbeClear();
  subsystem_->Uninitialize();
  EXPECT_THAT(ProviderLines(), ::testing::UnorderedElementsAre("test_store: unloaded",
                                                               "test_ab: unloaded"))
      << "FreeLibrary after the last MAPIUninitialize";
}

TEST_F(SubsystemTest, ReleaseWithoutStoreLogoffPassesLogoffAbort) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ComPtr<IMsgStore> store = OpenStore(session.get());
  ProbeClear();
  store.Reset();
  EXPECT_THAT(ProviderLines(),
              ElementsAre("test_store: IMsgStore#1::Release -> 0",
                          "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = "
                          "S_OK, out LOGOFF_COMPLETE",
                          "test_store: -> IMAPISupport::Release()",
                          "test_store: IMSLogon#1::Logoff(0)", "test_store: IMSLogon#1::Release -> 0",
                          "test_store: IMSProvider#1::Shutdown(0)",
                          "test_store: IMSProvider#1::Release -> 0"));
  session->Logoff(0, 0, 0);
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, SessionLogoffEndsStoresThenAddressBooksAndInvalidatesTheSession) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ComPtr<IMsgStore> store = OpenStore(session.get());
  ProbeClear();
  EXPECT_THAT(session->Logoff(0, 0, 0), HrIs(S_OK));
  std::vector<std::string> lines = ProviderLines();
  EXPECT_THAT(lines, ElementsAre(
      // The forcible logoff: the store has not called StoreLogoffTransports
      // yet, so it does (LOGOFF_ABORT) and lets its support object go; MAPI
      // is already ending this logon and does not act on that release twice.
      "test_store: IMSLogon#1::Logoff(0)",
      "test_store: -> IMAPISupport::StoreLogoffTransports(LOGOFF_ABORT) = S_OK, out "
      "LOGOFF_COMPLETE",
      "test_store: -> IMAPISupport::Release()", "test_store: IMSLogon#1::Release -> 0",
      "test_store: IMSProvider#1::Shutdown(0)", "test_store: IMSProvider#1::Release -> 0",
      "test_ab: IABLogon#1::Logoff(0)", "test_ab: -> IMAPISupport::Release()",
      "test_ab: IABLogon#1::Release -> 0", "test_ab: IABProvider#1::Shutdown(0)",
      "test_ab: IABProvider#1::Release -> 0"));
  ComPtr<IMAPITable> table;
  EXPECT_THAT(session->GetStatusTable(0, table.Put()), HrIs(MAPI_E_INVALID_OBJECT))
      << "after Logoff only Release";
  ULONG flags = 0;
  EXPECT_THAT(store->StoreLogoff(&flags), Not(HrIs(S_OK)))
      << "objects the client still holds are invalid";
  store.Reset();
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, ReleasingTheSessionWithoutLogoffLogsItOff) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ProbeClear();
  session.Reset();
  EXPECT_THAT(ProviderLines(), Contains("test_ab: IABLogon#1::Logoff(0)"));
  EXPECT_THAT(ProviderLines(), Contains("test_ab: IABProvider#1::Release -> 0"));
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, AnOldProviderVersionIsReleasedWithoutALogon) {
  ProbeSet("test_store.version", "0x00000100");
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ProbeClear();
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<Row> rows = AllRows(stores.get());
  std::vector<BYTE>& eid = rows.at(0).binaries[PR_ENTRYID];
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG, store.Put()),
              HrIs(MAPI_E_VERSION));
  EXPECT_FALSE(store);
  EXPECT_THAT(ProviderLines(), ElementsAre("test_store: loaded", HasSubstr("MSProviderInit"),
                                           "test_store: IMSProvider#1::Release -> 0"))
      << "ruling 10: released at once, no Logon";
  LPMAPIERROR error = nullptr;
  ASSERT_THAT(session->GetLastError(MAPI_E_VERSION, 0, &error), HrIs(S_OK));
  ASSERT_NE(error, nullptr);
  std::string text = error->lpszError;
  EXPECT_THAT(text, HasSubstr("MSProviderInit"));
  EXPECT_THAT(text, HasSubstr(LibraryFile(TEST_STORE_PATH)));
  EXPECT_THAT(text, HasSubstr("0x00010010"));
  EXPECT_THAT(text, HasSubstr("0x00000100"));
  EXPECT_THAT(text, HasSubstr("TEST_STORE"));
  ProcessBufferAllocator().Free(error);
  session->Logoff(0, 0, 0);
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, AMissingLibraryFailsTheLogonNamingEveryPathTried) {
  MakeProfile("Nowhere", {"TEST_STORE"}, {(root_ / "empty").string()});
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL, "Nowhere");
  ComPtr<IMAPITable> stores;
  ASSERT_THAT(session->GetMsgStoresTable(0, stores.Put()), HrIs(S_OK));
  std::vector<Row> rows = AllRows(stores.get());
  std::vector<BYTE>& eid = rows.at(0).binaries[PR_ENTRYID];
  ComPtr<IMsgStore> store;
  EXPECT_THAT(session->OpenMsgStore(0, static_cast<ULONG>(eid.size()),
                                    reinterpret_cast<LPENTRYID>(eid.data()), nullptr,
                                    MDB_NO_DIALOG, store.Put()),
              HrIs(MAPI_E_LOGON_FAILED));
  LPMAPIERROR error = nullptr;
  ASSERT_THAT(session->GetLastError(MAPI_E_LOGON_FAILED, 0, &error), HrIs(S_OK));
  EXPECT_THAT(std::string(error->lpszError),
              HasSubstr((root_ / "empty" / LibraryFile(TEST_STORE_PATH)).string()));
  EXPECT_THAT(std::string(error->lpszError), HasSubstr("profile 'Nowhere'"));
  ProcessBufferAllocator().Free(error);
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, TwoSessionsShareOneLibraryLoadButNotProviderObjects) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> first = Logon(MAPI_NO_MAIL);
  ComPtr<IMAPISession> second = Logon(MAPI_NO_MAIL);
  ComPtr<IMsgStore> a = OpenStore(first.get());
  ComPtr<IMsgStore> b = OpenStore(second.get());
  std::vector<std::string> lines = ProviderLines();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "test_store: loaded"), 1);
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& l) {
                            return l.find("MSProviderInit(") != std::string::npos;
                          }),
            2)
      << "one store provider object per session (ruling 11)";
  EXPECT_EQ(subsystem_->libraries().load_count(), 2) << "test_ab and test_store, once each";
  a.Reset();
  b.Reset();
  first.Reset();
  second.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, OpeningAnOpenStoreAgainReusesItWithoutANewLogon) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ComPtr<IMsgStore> first = OpenStore(session.get());
  ProbeClear();
  ComPtr<IMsgStore> second = OpenStore(session.get());
  EXPECT_EQ(first.get(), second.get());
  // The provider recognises its open store (it reads the profile section to
  // tell which store a NULL entry ID means) and hands it back AddRef'd with
  // no new logon object: no UID, no status row, support released again.
  std::vector<std::string> lines = ProviderLines();
  EXPECT_THAT(lines, Contains(HasSubstr("IMSProvider#1::Logon(")));
  EXPECT_THAT(lines, Contains("test_store: IMsgStore#1::AddRef -> 2"));
  EXPECT_THAT(lines, Not(Contains(HasSubstr("SetProviderUID"))));
  EXPECT_THAT(lines, Not(Contains(HasSubstr("ModifyStatusRow"))));
  auto* core = static_cast<SessionObject*>(session.get())->core().get();
  EXPECT_EQ(core->uids().size(), 2u) << "the AB's and the store's, once";
  second.Reset();
  first.Reset();
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, SharedSessionIsJoinedWithoutNewSession) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> owner = Logon(MAPI_NO_MAIL | MAPI_ALLOW_OTHERS);
  ComPtr<IMAPISession> joined;
  ASSERT_THAT(subsystem_->LogonEx(0, "", MAPI_EXTENDED, joined.Put()), HrIs(S_OK));
  // A client of its own, over the same session.
  EXPECT_NE(joined.get(), owner.get());
  EXPECT_EQ(static_cast<SessionObject*>(joined.get())->core(),
            static_cast<SessionObject*>(owner.get())->core());
  ComPtr<IMAPISession> fresh;
  ASSERT_THAT(subsystem_->LogonEx(0, "", MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT,
                                  fresh.Put()),
              HrIs(S_OK)) << "the default profile";
  EXPECT_NE(fresh.get(), owner.get());
  ComPtr<IMAPISession> none;
  EXPECT_THAT(subsystem_->LogonEx(0, "No Such Profile", MAPI_EXTENDED | MAPI_NEW_SESSION,
                                  none.Put()),
              HrIs(MAPI_E_LOGON_FAILED));
  EXPECT_THAT(subsystem_->LogonEx(0, "", MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE,
                                  none.Put()),
              HrIs(MAPI_E_LOGON_FAILED));
  EXPECT_THAT(subsystem_->LogonEx(0, "", 0x04000000, none.Put()), HrIs(MAPI_E_UNKNOWN_FLAGS));
  fresh.Reset();
  joined.Reset();
  owner.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, ASessionsSectionWritesDoNotUndoChangesMadeMeanwhile) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ProfileStore store(root_ / "profiles");
  auto loaded = store.Load("Test Profile");
  ASSERT_TRUE(loaded.ok());
  const MAPIUID ab_service = loaded->services[0].uid;
  const MAPIUID store_provider = loaded->services[1].providers[0].uid;

  // Someone else (the admin API, another session) changes the AB service's section.
  {
    SPropValue v{};
    v.ulPropTag = PR_DISPLAY_NAME_A;
    v.Value.lpszA = const_cast<char*>("Renamed meanwhile");
    auto p = store.Load("Test Profile");
    p->SetSection(ab_service, p->FindSection(ab_service)->Merge(&v, 1));
    ASSERT_TRUE(store.Save(*p).ok());
  }
  // The session writes the store provider's section.
  ComPtr<IProfSect> section;
  MAPIUID uid = store_provider;
  EXPECT_THAT(session->OpenProfileSection(&uid, nullptr, MAPI_MODIFY, section.Put()),
              HrIs(MAPI_E_NO_ACCESS))
      << "a provider's section needs MAPI_FORCE_ACCESS";
  ASSERT_THAT(
      session->OpenProfileSection(&uid, nullptr, MAPI_MODIFY | MAPI_FORCE_ACCESS, section.Put()),
      HrIs(S_OK));
  SPropValue path{};
  path.ulPropTag = PROP_TAG(PT_STRING8, 0x6600);
  path.Value.lpszA = const_cast<char*>("/data/store");
  ASSERT_THAT(section->SetProps(1, &path, nullptr), HrIs(S_OK));
  section.Reset();

  auto after = store.Load("Test Profile");
  ASSERT_TRUE(after.ok());
  const SPropValue* name = after->FindSection(ab_service)->Find(PR_DISPLAY_NAME_A);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(name->Value.lpszA, "Renamed meanwhile") << "the other change survived";
  const SPropValue* written = after->FindSection(store_provider)->Find(path.ulPropTag);
  ASSERT_NE(written, nullptr);
  EXPECT_STREQ(written->Value.lpszA, "/data/store") << "the session's change is saved";
  // IMAPISession::AdminServices administers the session's own profile.
  ComPtr<IMsgServiceAdmin> admin;
  ASSERT_THAT(session->AdminServices(0, admin.Put()), HrIs(S_OK));
  ComPtr<IMAPITable> services;
  ASSERT_THAT(admin->GetMsgServiceTable(0, services.Put()), HrIs(S_OK));
  EXPECT_EQ(AllRows(services.get()).size(), 2u);
  services.Reset();
  admin.Reset();
  session->Logoff(0, 0, 0);
  session.Reset();
  subsystem_->Uninitialize();
}

TEST_F(SubsystemTest, AdviseRoutesByEntryIdAndQueryIdentityWarnsWithoutIdentity) {
  ASSERT_THAT(subsystem_->Initialize(nullptr), HrIs(S_OK));
  ComPtr<IMAPISession> session = Logon(MAPI_NO_MAIL);
  ComPtr<IMsgStore> store = OpenStore(session.get());
  ULONG type = 0;
  ComPtr<IUnknown> root;
  ASSERT_THAT(store->OpenEntry(0, nullptr, nullptr, 0, &type, root.Put()), HrIs(S_OK));
  LPSPropValue eid = nullptr;
  ASSERT_THAT(GetOneProp(static_cast<IMAPIFolder*>(root.get()), PR_ENTRYID, &eid,
                         ProcessBufferAllocator()),
              HrIs(S_OK));
  auto sink = MakeComObject<TableSink>();
  ProbeClear();
  ULONG_PTR connection = 0;
  ASSERT_THAT(session->Advise(eid->Value.bin.cb, reinterpret_cast<LPENTRYID>(eid->Value.bin.lpb),
                              fnevObjectModified, sink.get(), &connection),
              HrIs(S_OK));
  EXPECT_NE(connection, 0u);
  EXPECT_THAT(ProviderLines(), Contains(HasSubstr("IMSLogon#1::Advise(")))
      << "routed to the store that registered the entry ID's MAPIUID";
  ProbeClear();
  EXPECT_THAT(session->Unadvise(connection), HrIs(S_OK));
  EXPECT_THAT(ProviderLines(), Contains(HasSubstr("IMSLogon#1::Unadvise(")));
  EXPECT_THAT(session->Unadvise(connection), HrIs(MAPI_E_NOT_FOUND));
  std::vector<BYTE> foreign(24, 0x77);
  EXPECT_THAT(session->Advise(static_cast<ULONG>(foreign.size()),
                              reinterpret_cast<LPENTRYID>(foreign.data()), fnevObjectModified,
                              sink.get(), &connection),
              HrIs(MAPI_E_UNKNOWN_ENTRYID));

  // A session-wide registration (no entry ID) hears fnevExtended at Logoff.
  class ExtendedSink final : public ComObject<IMAPIAdviseSink> {
   public:
    ExtendedSink() : ComObject(nullptr, "ExtendedSink") {}
    STDMETHODIMP_(ULONG) OnNotify(ULONG count, LPNOTIFICATION n) override {
      for (ULONG i = 0; i < count; ++i) heard.push_back(n[i].ulEventType);
      return 0;
    }
    std::vector<ULONG> heard;
  };
  auto extended = MakeComObject<ExtendedSink>();
  ULONG_PTR session_connection = 0;
  ASSERT_THAT(session->Advise(0, nullptr, fnevExtended, extended.get(), &session_connection),
              HrIs(S_OK));

  // No provider publishes an identity: the warning and a fixed entry ID.
  ULONG cb = 0;
  LPENTRYID identity = nullptr;
  EXPECT_THAT(session->QueryIdentity(&cb, &identity), HrIs(MAPI_W_NO_SERVICE));
  EXPECT_GT(cb, 0u);
  ProcessBufferAllocator().Free(identity);

  ProcessBufferAllocator().Free(eid);
  root.Reset();
  store.Reset();
  session->Logoff(0, 0, 0);
  EXPECT_THAT(extended->heard, ElementsAre(fnevExtended));
  session.Reset();
  subsystem_->Uninitialize();
}

}  // namespace
}  // namespace mapi_emu
