// `mapi_emu demo`: the demo the README runs. A client written against the
// exported MAPI API takes the sample providers (sample_store, sample_ab,
// sample_xp) through a full documented life on the default profile, and
// narrates each step: the call, its HRESULT, and what MAPI did to the
// providers underneath (lifecycle.md §2-3).
//
// Where: profiles in $MAPI_EMU_PROFILES (else the per-user directory),
// MAPISVC.INF from $MAPI_EMU_MAPISVC (else the installed one), provider data
// under $MAPI_EMU_DATA. With no default profile, one named "default" is made
// from MAPISVC.INF's [Default Services] (IProfAdmin::CreateProfile with
// MAPI_DEFAULT_SERVICES).
//
// `--trace FILE` records the run as a deterministic trace (docs/trace-format.md)
// through libmapi_emu's own recorder, from MAPIInitialize to the last
// library unload.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "mapi_emu/base/hresult.h"
#include "mapi_emu/base/platform.h"
#include "mapi_emu/cli/commands.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapiemu.h"

namespace mapi_emu::cli {
namespace {

LPTSTR T(const char* s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s)); }

const char* ResourceTypeName(LONG type) {
  switch (type) {
    case MAPI_SUBSYSTEM:
      return "MAPI_SUBSYSTEM";
    case MAPI_SPOOLER:
      return "MAPI_SPOOLER";
    case MAPI_STORE_PROVIDER:
      return "MAPI_STORE_PROVIDER";
    case MAPI_AB_PROVIDER:
      return "MAPI_AB_PROVIDER";
    case MAPI_TRANSPORT_PROVIDER:
      return "MAPI_TRANSPORT_PROVIDER";
    default:
      return "other";
  }
}

const char* StatusCodeName(LONG code) {
  if (code & STATUS_FAILURE) return "STATUS_FAILURE";
  if (code & STATUS_OFFLINE) return "STATUS_OFFLINE";
  if (code & STATUS_AVAILABLE) return "STATUS_AVAILABLE";
  return "0";
}

const SPropValue* Find(const SRow& row, ULONG tag) {
  for (ULONG i = 0; i < row.cValues; ++i) {
    if (row.lpProps[i].ulPropTag == tag) return &row.lpProps[i];
  }
  return nullptr;
}

// Releases a COM pointer at scope exit.
template <typename T>
struct Held {
  T* p = nullptr;
  ~Held() {
    if (p != nullptr) p->Release();
  }
  T** put() { return &p; }
  T* operator->() const { return p; }
};

class Narrator {
 public:
  Narrator(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  // One client call and its result; false (and a message) when it failed.
  bool Step(const std::string& call, HRESULT hr) {
    ++n_;
    out_ << absl::StrFormat("%2d. %-66s %s\n", n_, call, HresultName(hr));
    if (FAILED(hr)) {
      err_ << "mapi_emu demo: " << call << " failed with " << HresultName(hr)
           << " (the library's log above says why)\n";
      failed_ = true;
      return false;
    }
    return true;
  }
  // What MAPI did underneath, indented under the step.
  void Note(const std::string& text) { out_ << "      " << text << "\n"; }
  bool failed() const { return failed_; }
  std::ostream& out() { return out_; }

 private:
  std::ostream& out_;
  std::ostream& err_;
  int n_ = 0;
  bool failed_ = false;
};

void PrintStatusRows(Narrator& n, IMAPISession* session) {
  Held<IMAPITable> table;
  if (!n.Step("IMAPISession::GetStatusTable", session->GetStatusTable(0, table.put()))) return;
  LPSRowSet rows = nullptr;
  if (!n.Step("HrQueryAllRows(status table)",
              HrQueryAllRows(table.p, nullptr, nullptr, nullptr, 0, &rows))) {
    return;
  }
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SPropValue* name = Find(rows->aRow[r], PR_DISPLAY_NAME_A);
    const SPropValue* type = Find(rows->aRow[r], PR_RESOURCE_TYPE);
    const SPropValue* code = Find(rows->aRow[r], PR_STATUS_CODE);
    n.Note(absl::StrFormat("row: %-24s %-24s %s", name ? name->Value.lpszA : "?",
                           type ? ResourceTypeName(type->Value.l) : "?",
                           code ? StatusCodeName(code->Value.l) : "?"));
  }
  FreeProws(rows);
}

// The spooler's status object (the MAPI_SPOOLER row of the status table),
// through IMAPISession::OpenEntry on the row's PR_ENTRYID.
bool OpenSpoolerStatus(Narrator& n, IMAPISession* session, IMAPIStatus** out) {
  Held<IMAPITable> table;
  if (FAILED(session->GetStatusTable(0, table.put()))) return false;
  LPSRowSet rows = nullptr;
  if (FAILED(HrQueryAllRows(table.p, nullptr, nullptr, nullptr, 0, &rows))) return false;
  std::vector<BYTE> eid;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SPropValue* type = Find(rows->aRow[r], PR_RESOURCE_TYPE);
    const SPropValue* id = Find(rows->aRow[r], PR_ENTRYID);
    if (type != nullptr && type->Value.l == MAPI_SPOOLER && id != nullptr) {
      eid.assign(id->Value.bin.lpb, id->Value.bin.lpb + id->Value.bin.cb);
    }
  }
  FreeProws(rows);
  if (eid.empty()) return false;
  ULONG type = 0;
  return n.Step("IMAPISession::OpenEntry(spooler status row)",
                session->OpenEntry(static_cast<ULONG>(eid.size()),
                                   reinterpret_cast<LPENTRYID>(eid.data()), &IID_IMAPIStatus, 0,
                                   &type, reinterpret_cast<LPUNKNOWN*>(out)));
}

// The number of .eml files in a directory (0 when it does not exist).
int EmlFiles(const std::string& dir) {
  std::error_code ec;
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".eml") ++count;
  }
  return count;
}

// The default profile's name, or empty.
std::string DefaultProfile(IProfAdmin* admin) {
  Held<IMAPITable> table;
  if (FAILED(admin->GetProfileTable(0, table.put()))) return "";
  LPSRowSet rows = nullptr;
  if (FAILED(HrQueryAllRows(table.p, nullptr, nullptr, nullptr, 0, &rows))) return "";
  std::string name;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SPropValue* def = Find(rows->aRow[r], PR_DEFAULT_PROFILE);
    const SPropValue* display = Find(rows->aRow[r], PR_DISPLAY_NAME_A);
    if (def != nullptr && def->Value.b && display != nullptr) name = display->Value.lpszA;
  }
  FreeProws(rows);
  return name;
}

bool EnsureDefaultProfile(Narrator& n) {
  Held<IProfAdmin> admin;
  if (!n.Step("MAPIAdminProfiles(0)", MAPIAdminProfiles(0, admin.put()))) return false;
  std::string name = DefaultProfile(admin.p);
  if (!name.empty()) {
    n.Note("the default profile is '" + name + "'");
    return true;
  }
  if (!n.Step("IProfAdmin::CreateProfile(\"default\", MAPI_DEFAULT_SERVICES)",
              admin->CreateProfile(T("default"), nullptr, 0, MAPI_DEFAULT_SERVICES))) {
    return false;
  }
  n.Note("MAPISVC.INF's [Default Services]: each service's ServiceEntry ran with "
         "MSG_SERVICE_CREATE and wrote its settings (data directories) into the profile");
  return n.Step("IProfAdmin::SetDefaultProfile(\"default\")",
                admin->SetDefaultProfile(T("default"), 0));
}

// The default store's entry ID from the message stores table.
std::vector<BYTE> DefaultStoreId(Narrator& n, IMAPISession* session) {
  Held<IMAPITable> table;
  if (!n.Step("IMAPISession::GetMsgStoresTable", session->GetMsgStoresTable(0, table.put()))) {
    return {};
  }
  LPSRowSet rows = nullptr;
  if (FAILED(HrQueryAllRows(table.p, nullptr, nullptr, nullptr, 0, &rows))) return {};
  std::vector<BYTE> id;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SPropValue* name = Find(rows->aRow[r], PR_DISPLAY_NAME_A);
    const SPropValue* def = Find(rows->aRow[r], PR_DEFAULT_STORE);
    const SPropValue* eid = Find(rows->aRow[r], PR_ENTRYID);
    n.Note(absl::StrFormat("row: %s%s", name ? name->Value.lpszA : "?",
                           def && def->Value.b ? " (default store)" : ""));
    if (def != nullptr && def->Value.b && eid != nullptr) {
      id.assign(eid->Value.bin.lpb, eid->Value.bin.lpb + eid->Value.bin.cb);
    }
  }
  FreeProws(rows);
  return id;
}

// Allocates a string with MAPIAllocateMore, linked to `parent`.
LPSTR More(const std::string& s, void* parent) {
  void* mem = nullptr;
  if (MAPIAllocateMore(static_cast<ULONG>(s.size() + 1), parent, &mem) != S_OK) return nullptr;
  std::memcpy(mem, s.c_str(), s.size() + 1);
  return static_cast<LPSTR>(mem);
}

// A message in the Outbox, with one recipient, saved and submitted.
void WriteAndSubmit(Narrator& n, IMAPISession* session, IMsgStore* store) {
  LPSPropValue props = nullptr;
  ULONG count = 0;
  SizedSPropTagArray(1, tags) = {1, {PR_IPM_OUTBOX_ENTRYID}};
  if (!n.Step("IMsgStore::GetProps([PR_IPM_OUTBOX_ENTRYID])",
              store->GetProps(reinterpret_cast<LPSPropTagArray>(&tags), 0, &count, &props))) {
    return;
  }
  Held<IMAPIFolder> outbox;
  ULONG type = 0;
  bool opened = n.Step(
      "IMsgStore::OpenEntry(Outbox, MAPI_MODIFY)",
      store->OpenEntry(props[0].Value.bin.cb, reinterpret_cast<LPENTRYID>(props[0].Value.bin.lpb),
                       &IID_IMAPIFolder, MAPI_MODIFY, &type,
                       reinterpret_cast<LPUNKNOWN*>(outbox.put())));
  MAPIFreeBuffer(props);
  if (!opened) return;
  Held<IMessage> message;
  if (!n.Step("IMAPIFolder::CreateMessage", outbox->CreateMessage(nullptr, 0, message.put()))) {
    return;
  }
  SPropValue values[3] = {};
  values[0].ulPropTag = PR_MESSAGE_CLASS_A;
  values[0].Value.lpszA = const_cast<LPSTR>("IPM.Note");
  values[1].ulPropTag = PR_SUBJECT_A;
  values[1].Value.lpszA = const_cast<LPSTR>("Hello from the mapi_emu demo");
  values[2].ulPropTag = PR_BODY_A;
  values[2].Value.lpszA = const_cast<LPSTR>("Written by a MAPI client, kept by sample_store.");
  if (!n.Step("IMessage::SetProps(PR_MESSAGE_CLASS, PR_SUBJECT, PR_BODY)",
              message->SetProps(3, values, nullptr))) {
    return;
  }
  // ADRLIST and each row's property array come from MAPIAllocateBuffer
  // (imessage-modifyrecipients.md).
  LPADRLIST recipients = nullptr;
  if (MAPIAllocateBuffer(CbNewADRLIST(1), reinterpret_cast<void**>(&recipients)) != S_OK) return;
  recipients->cEntries = 1;
  LPSPropValue rp = nullptr;
  if (MAPIAllocateBuffer(4 * sizeof(SPropValue), reinterpret_cast<void**>(&rp)) != S_OK) {
    MAPIFreeBuffer(recipients);
    return;
  }
  const char* data = std::getenv("MAPI_EMU_DATA");
  const std::string drop = std::string(data != nullptr ? data : "/tmp") + "/demo-recipient";
  rp[0].ulPropTag = PR_DISPLAY_NAME_A;
  rp[0].Value.lpszA = More("Demo Recipient", rp);
  rp[1].ulPropTag = PR_ADDRTYPE_A;
  rp[1].Value.lpszA = More("FILE", rp);
  rp[2].ulPropTag = PR_EMAIL_ADDRESS_A;
  rp[2].Value.lpszA = More(drop, rp);
  rp[3].ulPropTag = PR_RECIPIENT_TYPE;
  rp[3].Value.l = MAPI_TO;
  recipients->aEntries[0].cValues = 4;
  recipients->aEntries[0].rgPropVals = rp;
  bool added = n.Step("IMessage::ModifyRecipients(MODRECIP_ADD, FILE:" + drop + ")",
                      message->ModifyRecipients(MODRECIP_ADD, recipients));
  FreePadrlist(recipients);
  if (!added) return;
  if (!n.Step("IMessage::SaveChanges(KEEP_OPEN_READWRITE)",
              message->SaveChanges(KEEP_OPEN_READWRITE))) {
    return;
  }
  n.Note("sample_store wrote the message as one JSON file, atomically");
  if (!n.Step("IMessage::SubmitMessage(0)", message->SubmitMessage(0))) return;
  n.Note("the message waits in the store's outgoing queue for the spooler");
  auto count_outbox = [&] {
    Held<IMAPITable> contents;
    if (n.Step("IMAPIFolder::GetContentsTable", outbox->GetContentsTable(0, contents.put()))) {
      ULONG rows = 0;
      if (n.Step("IMAPITable::GetRowCount", contents->GetRowCount(0, &rows))) {
        n.Note(absl::StrFormat("the Outbox holds %u message(s)", rows));
      }
    }
  };
  count_outbox();
  // The spooler's turn: FlushQueues on its status object sends what is queued.
  Held<IMAPIStatus> spooler;
  if (!OpenSpoolerStatus(n, session, spooler.put())) return;
  if (!n.Step("IMAPIStatus::FlushQueues(FLUSH_UPLOAD) on the spooler",
              spooler->FlushQueues(0, 0, nullptr, FLUSH_UPLOAD))) {
    return;
  }
  n.Note("the spooler read the outgoing queue (IMsgStore::GetOutgoingQueue), locked the");
  n.Note("message (SetLockState), handed it to sample_xp (IXPLogon::FlushQueues, SubmitMessage,");
  n.Note("EndMessage), then IMsgStore::FinishedMsg moved it to Sent Items");
  n.Note(absl::StrFormat("the recipient's drop directory holds %d .eml file(s)", EmlFiles(drop)));
  count_outbox();
}

}  // namespace

// The demo itself; its exit code.
int RunDemo(std::ostream& out, std::ostream& err);

int DemoCommand(const Args& args, std::ostream& out, std::ostream& err) {
  std::string trace_path;
  if (args.size() == 2 && args[0] == "--trace" && !args[1].empty()) {
    trace_path = args[1];
  } else if (!args.empty()) {
    err << "mapi_emu demo: usage: mapi_emu demo [--trace FILE]\n";
    return kExitUsage;
  }
  if (!trace_path.empty() &&
      MAPIEmuTraceToFile(trace_path.c_str(), MAPIEMU_TRACE_DETERMINISTIC) != S_OK) {
    err << "mapi_emu demo: cannot create the trace file '" << trace_path << "'\n";
    return kExitUsage;
  }
  const int code = RunDemo(out, err);
  if (!trace_path.empty()) {
    MAPIEmuTraceStop();
    out << "trace written to " << trace_path << "\n";
  }
  return code;
}

int RunDemo(std::ostream& out, std::ostream& err) {
  out << "mapi_emu demo: the sample providers through a full MAPI lifecycle\n\n";
  // The spooler works only when asked (FlushQueues below), so that every run
  // prints the same; MAPI_EMU_SPOOLER=threaded lets it work on its own.
  if (std::getenv("MAPI_EMU_SPOOLER") == nullptr) SetEnv("MAPI_EMU_SPOOLER", "deterministic");
  Narrator n(out, err);
  if (!n.Step("MAPIInitialize(NULL)", MAPIInitialize(nullptr))) return kExitFailure;
  auto finish = [&] {
    MAPIUninitialize();
    return kExitFailure;
  };
  if (!EnsureDefaultProfile(n)) return finish();

  LPMAPISESSION session = nullptr;
  if (!n.Step("MAPILogonEx(default profile, MAPI_EXTENDED|MAPI_NEW_SESSION|MAPI_USE_DEFAULT)",
              MAPILogonEx(0, nullptr, nullptr,
                          MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT, &session))) {
    return finish();
  }
  n.Note("MAPI loaded sample_ab and sample_xp, called ABProviderInit and XPProviderInit,");
  n.Note("logged on the address book, then started the spooler, which logged on the transport");
  n.Note("(TransportLogon, AddressTypes, TransportNotify(NOTIFY_BEGIN_INBOUND|NOTIFY_BEGIN_OUTBOUND));");
  n.Note("each registered its MAPIUID and added its status row through its support object");
  PrintStatusRows(n, session);

  std::vector<BYTE> store_id = DefaultStoreId(n, session);
  LPMDB store = nullptr;
  if (store_id.empty()) {
    err << "mapi_emu demo: the default profile has no default message store\n";
    session->Release();
    return finish();
  }
  if (n.Step("IMAPISession::OpenMsgStore(default store, MDB_NO_DIALOG|MDB_WRITE)",
             session->OpenMsgStore(0, static_cast<ULONG>(store_id.size()),
                                   reinterpret_cast<LPENTRYID>(store_id.data()), nullptr,
                                   MDB_NO_DIALOG | MDB_WRITE, &store))) {
    n.Note("MAPI loaded sample_store, called MSProviderInit and IMSProvider::Logon, then");
    n.Note("IMSProvider::SpoolerLogon for the spooler (the same store and logon objects);");
    n.Note("the client holds MAPI's IMsgStore, which forwards to the provider's");
    PrintStatusRows(n, session);
    WriteAndSubmit(n, session, store);
    ULONG flags = LOGOFF_ORDERLY;
    n.Step("IMsgStore::StoreLogoff(LOGOFF_ORDERLY)", store->StoreLogoff(&flags));
    n.Note("the store began with IMAPISupport::StoreLogoffTransports(LOGOFF_ORDERLY); nothing");
    n.Note("was in progress, so the spooler released the store it had from SpoolerLogon and");
    n.Note("MAPI answered LOGOFF_COMPLETE: only Release may follow");
    store->Release();
    n.Step("IMsgStore::Release", S_OK);
    n.Note("the store released its support object; on that last release MAPI removed the");
    n.Note("store's MAPIUIDs and status row, called IMSLogon::Logoff, released the logon,");
    n.Note("then IMSProvider::Shutdown and Release of the provider object");
    PrintStatusRows(n, session);
  }
  n.Step("IMAPISession::Logoff(0, 0, 0)", session->Logoff(0, 0, 0));
  n.Note("the spooler stopped first: TransportNotify(NOTIFY_END_INBOUND|NOTIFY_END_OUTBOUND);");
  n.Note("transports first: IXPLogon::TransportLogoff(0), Release, IXPProvider::Shutdown, Release;");
  n.Note("then the address book: IABLogon::Logoff(0), Release, IABProvider::Shutdown, Release");
  session->Release();
  n.Step("IMAPISession::Release", S_OK);
  MAPIUninitialize();
  n.Step("MAPIUninitialize()", S_OK);
  n.Note("the last MAPIUninitialize: MAPI freed each provider library, once");
  out << (n.failed() ? "\nthe demo hit a failure (above)\n"
                     : "\nevery step returned as documented\n");
  return n.failed() ? kExitFailure : kExitOk;
}

}  // namespace mapi_emu::cli
