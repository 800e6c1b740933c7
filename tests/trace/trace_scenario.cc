#include "tests/trace/trace_scenario.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/platform.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiemu.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "tests/conformance/sample_inf.h"
#include "trace/reader.h"

namespace mapi_emu::trace_test {
namespace {

LPTSTR T(const char* s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s)); }

// The profile's services: the sample store (a real outgoing queue on disk)
// and the sample file-drop transport, each by its full library path.
std::string InfText() { return conformance::SampleInf(SAMPLE_STORE_PATH, SAMPLE_XP_PATH); }

constexpr const char* kEnv[] = {"MAPI_EMU_PROFILES", "MAPI_EMU_MAPISVC", "MAPI_EMU_DATA",
                                "MAPI_EMU_SPOOLER"};

// An HRESULT check that names the step and the result.
#define EXPECT_OK(step, expr)                                                   \
  do {                                                                          \
    HRESULT hr_ = (expr);                                                       \
    EXPECT_EQ(hr_, S_OK) << step << " returned " << mapi_emu::HresultName(hr_); \
    if (FAILED(hr_)) return;                                                    \
  } while (0)

void MakeProfile(const char* name) {
  LPPROFADMIN prof = nullptr;
  EXPECT_OK("MAPIAdminProfiles", MAPIAdminProfiles(0, &prof));
  HRESULT hr = prof->CreateProfile(T(name), nullptr, 0, 0);
  LPSERVICEADMIN svc = nullptr;
  if (SUCCEEDED(hr)) hr = prof->AdminServices(T(name), nullptr, 0, 0, &svc);
  for (const char* s : {"SAMPLE_STORE", "SAMPLE_XP"}) {
    if (SUCCEEDED(hr)) hr = svc->CreateMsgService(T(s), nullptr, 0, 0);
  }
  EXPECT_EQ(hr, S_OK) << "making the profile: " << mapi_emu::HresultName(hr);
  if (svc != nullptr) svc->Release();
  prof->Release();
}

std::vector<BYTE> StoreEntryId(IMAPISession* session) {
  LPMAPITABLE stores = nullptr;
  if (FAILED(session->GetMsgStoresTable(0, &stores))) return {};
  LPSRowSet rows = nullptr;
  HRESULT hr = HrQueryAllRows(stores, nullptr, nullptr, nullptr, 0, &rows);
  stores->Release();
  if (FAILED(hr)) return {};
  std::vector<BYTE> id;
  if (rows->cRows == 1) {
    const SPropValue* eid = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ENTRYID);
    if (eid != nullptr) id.assign(eid->Value.bin.lpb, eid->Value.bin.lpb + eid->Value.bin.cb);
  }
  FreeProws(rows);
  return id;
}

LPSTR More(void* parent, const std::string& text) {
  void* p = nullptr;
  MAPIAllocateMore(static_cast<ULONG>(text.size() + 1), parent, &p);
  std::memcpy(p, text.c_str(), text.size() + 1);
  return static_cast<LPSTR>(p);
}

// A message in the Outbox to one FILE recipient (the drop directory
// `to`), submitted.
void Submit(IMsgStore* store, const std::string& to) {
  LPSPropValue outbox_id = nullptr;
  EXPECT_OK("HrGetOneProp(PR_IPM_OUTBOX_ENTRYID)",
            HrGetOneProp(store, PR_IPM_OUTBOX_ENTRYID, &outbox_id));
  ULONG type = 0;
  LPUNKNOWN unk = nullptr;
  HRESULT hr = store->OpenEntry(outbox_id->Value.bin.cb,
                                reinterpret_cast<LPENTRYID>(outbox_id->Value.bin.lpb),
                                &IID_IMAPIFolder, MAPI_MODIFY, &type, &unk);
  MAPIFreeBuffer(outbox_id);
  EXPECT_OK("OpenEntry(Outbox)", hr);
  auto* outbox = static_cast<LPMAPIFOLDER>(unk);
  LPMESSAGE message = nullptr;
  hr = outbox->CreateMessage(nullptr, 0, &message);
  outbox->Release();
  EXPECT_OK("CreateMessage", hr);
  SPropValue props[2] = {};
  props[0].ulPropTag = PR_SUBJECT_A;
  props[0].Value.lpszA = const_cast<LPSTR>("Traced");
  props[1].ulPropTag = PR_MESSAGE_CLASS_A;
  props[1].Value.lpszA = const_cast<LPSTR>("IPM.Note");
  hr = message->SetProps(2, props, nullptr);
  LPADRLIST list = nullptr;
  if (SUCCEEDED(hr)) hr = MAPIAllocateBuffer(CbNewADRLIST(1), reinterpret_cast<void**>(&list));
  LPSPropValue rp = nullptr;
  if (SUCCEEDED(hr)) {
    hr = MAPIAllocateBuffer(4 * sizeof(SPropValue), reinterpret_cast<void**>(&rp));
  }
  if (SUCCEEDED(hr)) {
    list->cEntries = 1;
    rp[0].ulPropTag = PR_DISPLAY_NAME_A;
    rp[0].Value.lpszA = More(rp, "Bob");
    rp[1].ulPropTag = PR_ADDRTYPE_A;
    rp[1].Value.lpszA = More(rp, "FILE");
    rp[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    rp[2].Value.lpszA = More(rp, to);
    rp[3].ulPropTag = PR_RECIPIENT_TYPE;
    rp[3].Value.l = MAPI_TO;
    list->aEntries[0].cValues = 4;
    list->aEntries[0].rgPropVals = rp;
    hr = message->ModifyRecipients(MODRECIP_ADD, list);
  }
  if (list != nullptr) FreePadrlist(list);
  if (SUCCEEDED(hr)) hr = message->SaveChanges(KEEP_OPEN_READWRITE);
  if (SUCCEEDED(hr)) hr = message->SubmitMessage(0);
  message->Release();
  EXPECT_EQ(hr, S_OK) << "writing and submitting the message: " << mapi_emu::HresultName(hr);
}

}  // namespace

Scenario::Scenario() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() / ("mapi_emu_trace_" + std::to_string(rd()));
  std::filesystem::create_directories(dir_ / "profiles");
  std::filesystem::create_directories(dir_ / "drop");
  std::ofstream(dir_ / "mapisvc.inf") << InfText();
  SetEnv("MAPI_EMU_PROFILES", (dir_ / "profiles").string());
  SetEnv("MAPI_EMU_MAPISVC", (dir_ / "mapisvc.inf").string());
  SetEnv("MAPI_EMU_DATA", (dir_ / "data").string());
  SetEnv("MAPI_EMU_SPOOLER", "deterministic");
  EXPECT_EQ(MAPIInitialize(nullptr), S_OK);
  MakeProfile("Mail");
  MAPIUninitialize();
}

Scenario::~Scenario() {
  for (const char* v : kEnv) UnsetEnv(v);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void Scenario::RunLifecycle(bool store_logoff) {
  EXPECT_OK("MAPIInitialize", MAPIInitialize(nullptr));
  LPMAPISESSION session = nullptr;
  HRESULT hr = MAPILogonEx(0, T("Mail"), nullptr, MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
  EXPECT_EQ(hr, S_OK) << "MAPILogonEx: " << mapi_emu::HresultName(hr);
  if (SUCCEEDED(hr)) {
    std::vector<BYTE> id = StoreEntryId(session);
    EXPECT_FALSE(id.empty()) << "the profile's store";
    LPMDB store = nullptr;
    hr = id.empty() ? MAPI_E_NOT_FOUND
                    : session->OpenMsgStore(0, static_cast<ULONG>(id.size()),
                                            reinterpret_cast<LPENTRYID>(id.data()), nullptr,
                                            MDB_NO_DIALOG | MDB_WRITE, &store);
    EXPECT_EQ(hr, S_OK) << "OpenMsgStore: " << mapi_emu::HresultName(hr);
    if (SUCCEEDED(hr)) {
      Submit(store, (dir_ / "drop").string());
      MAPIEMU_SPOOLER_COUNTS counts{};
      EXPECT_EQ(MAPIEmuSpoolerStep(session, MAPIEMU_SPOOLER_SEND_ALL, &counts), S_OK);
      EXPECT_EQ(counts.ulSent, 1u) << "the spooler sent the message";
      if (store_logoff) {
        ULONG flags = LOGOFF_ORDERLY;
        hr = store->StoreLogoff(&flags);
        EXPECT_EQ(hr, S_OK) << "StoreLogoff: " << mapi_emu::HresultName(hr);
      }
      store->Release();
    }
    EXPECT_EQ(session->Logoff(0, 0, 0), S_OK);
    session->Release();
  }
  MAPIUninitialize();
}

std::vector<trace::Event> ReadEvents(const std::string& text) {
  std::istringstream in(text);
  trace::TraceReader reader(in, "trace");
  std::vector<trace::Event> events;
  for (;;) {
    absl::StatusOr<std::optional<trace::Event>> next = reader.Next();
    if (!next.ok()) {
      ADD_FAILURE() << next.status().message();
      break;
    }
    if (!next->has_value()) break;
    events.push_back(**next);
  }
  return events;
}

std::vector<trace::Finding> CheckTrace(const std::string& text) {
  trace::Checker checker;
  for (const trace::Event& e : ReadEvents(text)) checker.Observe(e);
  checker.Finish();
  return checker.TakeFindings();
}

std::vector<std::string> Errors(const std::vector<trace::Finding>& findings) {
  std::vector<std::string> out;
  for (const trace::Finding& f : findings) {
    if (f.severity != Severity::kError) continue;
    out.push_back(absl::StrCat(f.rule, " at seq ", f.seq, " (", f.object, "): ", f.detail));
  }
  return out;
}

}  // namespace mapi_emu::trace_test
