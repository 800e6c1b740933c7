// libsample_xp.so: the reference transport, a file drop (README.md).
//
// CXPProvider (one per XPProviderInit) logs on CXPLogon objects. A logon
// AddRefs its support object, adds its status row, and hands out the FILE
// address type and its MAPIUID from AddressTypes. SubmitMessage writes the
// message as an .eml file into each FILE recipient's directory; Poll and
// StartMessage deliver the .eml files of the logon's own inbox directory.
// TransportLogoff invalidates the status object, frees the AddressTypes
// memory and releases the support object last (ixplogon-transportlogoff.md).

// clang-format off
#include "initguid.h"  // first: this module defines the IIDs it uses
// clang-format on

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "providers/common/mapi_object.h"
#include "providers/common/provider_settings.h"
#include "eml.h"
#include "mapicode.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "sample_xp.h"

namespace {

using sample_providers::Allocators;
using sample_providers::CStatusObject;
using sample_providers::PropList;
using sample_xp::EmlMessage;
using sample_xp::Mailbox;

namespace fs = std::filesystem;

constexpr char kComponent[] = "sample_xp";
constexpr char kDisplayName[] = "Sample Transport";
constexpr char kProviderDisplay[] = "Sample File-Drop Transport";
constexpr char kAddressType[] = SAMPLE_XP_ADDRESS_TYPE;
constexpr ULONG kTransportBits = STATUS_INBOUND_ENABLED | STATUS_INBOUND_ACTIVE |
                                 STATUS_INBOUND_FLUSH | STATUS_OUTBOUND_ENABLED |
                                 STATUS_OUTBOUND_ACTIVE | STATUS_OUTBOUND_FLUSH;

void Complain(const std::string& text) { std::fprintf(stderr, "sample_xp: %s\n", text.c_str()); }

bool IEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// 100-ns intervals between 1601-01-01 and 1970-01-01.
constexpr int64_t kEpochDelta = 116444736000000000LL;

FILETIME ToFileTime(int64_t unix_seconds) {
  uint64_t v = static_cast<uint64_t>(unix_seconds * 10000000LL + kEpochDelta);
  return FILETIME{static_cast<DWORD>(v & 0xFFFFFFFF), static_cast<DWORD>(v >> 32)};
}
int64_t FromFileTime(const FILETIME& ft) {
  uint64_t v = (static_cast<uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
  return (static_cast<int64_t>(v) - kEpochDelta) / 10000000LL;
}
int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Names sort in arrival order: nanoseconds since 1970, then a random tag.
std::string NewFileName() {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  uint64_t tag;
  {
    std::lock_guard<std::mutex> lock(mu);
    tag = rng();
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%020lld-%016llx.eml", static_cast<long long>(ns),
                static_cast<unsigned long long>(tag));
  return buf;
}

// The .eml files waiting in `dir`, oldest first (hidden temporaries and
// renamed ".bad" files are not mail).
std::vector<fs::path> WaitingFiles(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.' || it->path().extension() != ".eml") continue;
    if (!it->is_regular_file(ec)) continue;
    files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string StringProp(const SPropValue* values, ULONG count, ULONG tag) {
  const SPropValue* v = PpropFindProp(const_cast<LPSPropValue>(values), count, tag);
  return v != nullptr && v->Value.lpszA != nullptr ? v->Value.lpszA : "";
}

// The drop directory of a FILE recipient, or "" when the recipient is not
// this transport's: address type FILE with an absolute directory as the
// address, or an address written "FILE:/absolute/dir" ("FILE:C:\dir" on
// Windows).
std::string DropDirectory(const std::string& address_type, const std::string& address) {
  std::string dir;
  if (address.size() > 5 && IEquals(address.substr(0, 5), "FILE:")) {
    dir = address.substr(5);
  } else if (IEquals(address_type, kAddressType)) {
    dir = address;
  }
  return !dir.empty() && std::filesystem::path(dir).is_absolute() ? dir : "";
}

std::string StatusString(ULONG code) {
  if (code & STATUS_FAILURE) return "Failure: the inbox directory is not usable";
  std::string s = "Available";
  if (code & STATUS_OUTBOUND_ENABLED) s += ", sending";
  if (code & STATUS_INBOUND_ENABLED) s += ", receiving";
  if (code & (STATUS_OUTBOUND_FLUSH | STATUS_INBOUND_FLUSH)) s += ", flushing";
  return s;
}

PropList StatusRow(const std::string& inbox, ULONG code) {
  PropList row;
  row.SetString(PR_DISPLAY_NAME_A, kDisplayName);
  row.SetString(PR_PROVIDER_DISPLAY_A, kProviderDisplay);
  row.SetLong(PR_RESOURCE_METHODS, STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
  row.SetLong(PR_RESOURCE_TYPE, MAPI_TRANSPORT_PROVIDER);
  row.SetLong(PR_STATUS_CODE, static_cast<LONG>(code));
  row.SetString(PR_STATUS_STRING_A, StatusString(code));
  row.SetString(PR_RESOURCE_PATH_A, inbox);
  return row;
}

// An ADRLIST of `entries` (each copied, with PropCopyMore, into its own
// block), allocated with `alloc`; FreeAdrList frees it.
LPADRLIST NewAdrList(const Allocators& alloc, const std::vector<std::vector<SPropValue>>& entries) {
  LPVOID block = nullptr;
  if (FAILED(alloc.allocate(static_cast<ULONG>(CbNewADRLIST(entries.size())), &block))) {
    return nullptr;
  }
  auto* list = static_cast<LPADRLIST>(block);
  list->cEntries = 0;
  for (const std::vector<SPropValue>& props : entries) {
    LPVOID values = nullptr;
    if (FAILED(alloc.allocate(static_cast<ULONG>(props.size() * sizeof(SPropValue)), &values))) {
      break;
    }
    auto* v = static_cast<LPSPropValue>(values);
    ADRENTRY& e = list->aEntries[list->cEntries++];
    e.ulReserved1 = 0;
    e.cValues = static_cast<ULONG>(props.size());
    e.rgPropVals = v;
    for (size_t i = 0; i < props.size(); ++i) {
      if (FAILED(PropCopyMore(&v[i], const_cast<LPSPropValue>(&props[i]), alloc.allocate_more,
                              values))) {
        v[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(props[i].ulPropTag));
        v[i].Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
      }
    }
  }
  if (list->cEntries != entries.size()) {
    for (ULONG i = 0; i < list->cEntries; ++i) alloc.free(list->aEntries[i].rgPropVals);
    alloc.free(list);
    return nullptr;
  }
  return list;
}

void FreeAdrList(const Allocators& alloc, LPADRLIST list) {
  if (list == nullptr) return;
  for (ULONG i = 0; i < list->cEntries; ++i) alloc.free(list->aEntries[i].rgPropVals);
  alloc.free(list);
}

// The single block AddressTypes hands out: the two arrays and what they
// point to, valid until TransportLogoff frees it.
struct AddressTypesBlock {
  LPSTR apszTypes[1];
  LPMAPIUID apUids[1];
  MAPIUID uid;
  char szType[sizeof kAddressType];
};

// ----------------------------------------------------------------- logon --
class CXPLogon final : public IXPLogon, public sample_providers::StatusOwner {
 public:
  // Takes over the caller's reference on lpMAPISup.
  CXPLogon(LPMAPISUP lpMAPISup, const Allocators& alloc, std::string inbox, ULONG code)
      : m_lpSup(lpMAPISup), m_alloc(alloc), m_inbox(std::move(inbox)), m_ulStatus(code) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IXPLOGON_METHODS(IMPL)

  HRESULT StatusValidateState(ULONG_PTR ulUIParam, ULONG ulFlags) override {
    return ValidateState(ulUIParam, ulFlags);
  }
  // A client's flush on the status object: set the bits; the spooler then
  // calls IXPLogon::FlushQueues (ixplogon-flushqueues.md).
  HRESULT StatusFlushQueues(ULONG_PTR ulUIParam, ULONG cbTarget, LPENTRYID lpTarget,
                            ULONG ulFlags) override {
    return FlushQueues(ulUIParam, cbTarget, lpTarget, ulFlags & ~FLUSH_ASYNC_OK);
  }
  ULONG StatusAddRef() override { return AddRef(); }
  ULONG StatusRelease() override { return Release(); }

 private:
  ~CXPLogon() {
    if (m_lpSup != nullptr) m_lpSup->Release();  // never logged off
  }
  // Sets the status bits in `set`, clears those in `clear`, and tells MAPI
  // (ModifyStatusRow) and the status object when the code changed. Calls
  // MAPI without holding m_mutex: MAPI may call back into this logon.
  HRESULT ChangeStatus(ULONG set, ULONG clear);

  std::mutex m_mutex;  // guards everything below but the constants
  LPMAPISUP m_lpSup;
  CStatusObject* m_pStatus = nullptr;
  AddressTypesBlock* m_pAddressTypes = nullptr;
  bool m_fLoggedOff = false;
  ULONG_PTR m_ulNextRef = 1;
  std::set<ULONG_PTR> m_cancelled;
  const Allocators m_alloc;
  const std::string m_inbox;
  ULONG m_ulStatus;
  std::atomic<ULONG> m_cRef{1};
};

STDMETHODIMP CXPLogon::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return E_INVALIDARG;
  *ppvObj = nullptr;
  if (riid != IID_IXPLogon && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IXPLogon*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CXPLogon::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CXPLogon::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}

HRESULT CXPLogon::ChangeStatus(ULONG set, ULONG clear) {
  LPMAPISUP sup;
  CStatusObject* status;
  ULONG code;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
    code = (m_ulStatus & ~clear) | set;
    if (code == m_ulStatus) return S_OK;
    m_ulStatus = code;
    sup = m_lpSup;
    sup->AddRef();
    status = m_pStatus;
    if (status != nullptr) status->AddRef();
  }
  PropList row;
  row.SetLong(PR_STATUS_CODE, static_cast<LONG>(code));
  row.SetString(PR_STATUS_STRING_A, StatusString(code));
  std::vector<SPropValue> values = row.Values();
  HRESULT hr =
      sup->ModifyStatusRow(static_cast<ULONG>(values.size()), values.data(), STATUSROW_UPDATE);
  sup->Release();
  if (status != nullptr) {
    PropList props = StatusRow(m_inbox, code);
    props.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    status->Update(props);
    status->Release();
  }
  return hr;
}

STDMETHODIMP CXPLogon::AddressTypes(ULONG FAR* lpulFlags, ULONG FAR* lpcAdrType,
                                    LPTSTR FAR* FAR* lpppAdrTypeArray, ULONG FAR* lpcMAPIUID,
                                    LPMAPIUID FAR* FAR* lpppUIDArray) {
  if (lpulFlags == nullptr || lpcAdrType == nullptr || lpppAdrTypeArray == nullptr ||
      lpcMAPIUID == nullptr || lpppUIDArray == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
  if (m_pAddressTypes == nullptr) {
    LPVOID block = nullptr;
    SCODE sc = m_alloc.allocate(sizeof(AddressTypesBlock), &block);
    if (FAILED(sc)) return sc;
    auto* types = static_cast<AddressTypesBlock*>(block);
    const MAPIUID uid = {SAMPLE_XP_UID};
    types->uid = uid;
    std::memcpy(types->szType, kAddressType, sizeof kAddressType);
    types->apszTypes[0] = types->szType;
    types->apUids[0] = &types->uid;
    m_pAddressTypes = types;
  }
  *lpulFlags = 0;  // ANSI strings
  *lpcAdrType = 1;
  *lpppAdrTypeArray = reinterpret_cast<LPTSTR*>(m_pAddressTypes->apszTypes);
  *lpcMAPIUID = 1;
  *lpppUIDArray = m_pAddressTypes->apUids;
  return S_OK;
}

STDMETHODIMP CXPLogon::RegisterOptions(ULONG FAR* lpulFlags, ULONG FAR* lpcOptions,
                                       LPOPTIONDATA FAR* lppOptions) {
  if (lpulFlags == nullptr || lpcOptions == nullptr || lppOptions == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulFlags = 0;
  *lpcOptions = 0;  // no per-message or per-recipient options
  *lppOptions = nullptr;
  return S_OK;
}

STDMETHODIMP CXPLogon::TransportNotify(ULONG FAR* lpulFlags, LPVOID FAR* lppvData) {
  if (lpulFlags == nullptr) return MAPI_E_INVALID_PARAMETER;
  const ULONG flags = *lpulFlags;  // returned unchanged
  if (flags & NOTIFY_CANCEL_MESSAGE) {
    // May come on another thread while SubmitMessage runs: SubmitMessage
    // checks the set before it writes anything.
    if (lppvData != nullptr && *lppvData != nullptr) {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_cancelled.insert(*static_cast<ULONG_PTR*>(*lppvData));
    }
  }
  // NOTIFY_ABORT_DEFERRED: nothing is ever deferred here.
  ULONG set = 0, clear = 0;
  if (flags & NOTIFY_BEGIN_INBOUND) set |= STATUS_INBOUND_ENABLED;
  if (flags & NOTIFY_END_INBOUND) clear |= STATUS_INBOUND_ENABLED;
  if (flags & NOTIFY_BEGIN_OUTBOUND) set |= STATUS_OUTBOUND_ENABLED;
  if (flags & NOTIFY_END_OUTBOUND) clear |= STATUS_OUTBOUND_ENABLED;
  if (flags & NOTIFY_BEGIN_INBOUND_FLUSH) set |= STATUS_INBOUND_FLUSH;
  if (flags & NOTIFY_END_INBOUND_FLUSH) clear |= STATUS_INBOUND_FLUSH;
  if (flags & NOTIFY_BEGIN_OUTBOUND_FLUSH) set |= STATUS_OUTBOUND_FLUSH;
  if (flags & NOTIFY_END_OUTBOUND_FLUSH) clear |= STATUS_OUTBOUND_FLUSH;
  // The row changes before this returns (ixplogon-transportnotify.md).
  return ChangeStatus(set, clear);
}

STDMETHODIMP CXPLogon::Idle(ULONG) { return S_OK; }  // LOGON_SP_IDLE is never asked for

STDMETHODIMP CXPLogon::TransportLogoff(ULONG) {
  CStatusObject* status;
  AddressTypesBlock* types;
  LPMAPISUP sup;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    status = m_pStatus;
    types = m_pAddressTypes;
    sup = m_lpSup;
    m_pStatus = nullptr;
    m_pAddressTypes = nullptr;
    m_lpSup = nullptr;
    m_fLoggedOff = true;
  }
  // 1. The status object: drop what it holds (its logon reference breaks
  //    the cycle), then let MAPI take it over so that a client still
  //    holding it gets MAPI_E_INVALID_OBJECT. Without MakeInvalid it stays
  //    a detached object that answers MAPI_E_INVALID_OBJECT itself.
  if (status != nullptr) {
    status->Detach();
    if (sup != nullptr) {
      sup->MakeInvalid(0, status, status->RefCount(), CStatusObject::kMethodCount);
    }
    status->Release();  // the logon's own reference
  }
  // 2. The AddressTypes memory (the spooler has forgotten it by now).
  if (types != nullptr) m_alloc.free(types);
  // 3. The support object last: its release can release the provider.
  if (sup != nullptr) sup->Release();
  return S_OK;
}

STDMETHODIMP CXPLogon::SubmitMessage(ULONG, LPMESSAGE lpMessage, ULONG_PTR FAR* lpulMsgRef,
                                     ULONG_PTR FAR* lpulReturnParm) {
  if (lpulMsgRef == nullptr || lpMessage == nullptr) return MAPI_E_INVALID_PARAMETER;
  if (lpulReturnParm != nullptr) *lpulReturnParm = 0;
  ULONG_PTR ref;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
    ref = m_ulNextRef++;
  }
  *lpulMsgRef = ref;  // before touching the message (ixplogon-submitmessage.md)

  LPMAPITABLE table = nullptr;
  HRESULT hr = lpMessage->GetRecipientTable(0, &table);
  if (FAILED(hr)) return hr;
  LPSRowSet rows = nullptr;
  hr = HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows);
  table->Release();
  if (FAILED(hr)) return hr;

  EmlMessage eml;
  std::vector<ULONG> mine;  // rows this transport takes
  std::vector<std::string> dirs;
  for (ULONG r = 0; r < rows->cRows; ++r) {
    const SRow& row = rows->aRow[r];
    Mailbox box{StringProp(row.lpProps, row.cValues, PR_DISPLAY_NAME_A),
                StringProp(row.lpProps, row.cValues, PR_ADDRTYPE_A),
                StringProp(row.lpProps, row.cValues, PR_EMAIL_ADDRESS_A)};
    std::string dir = DropDirectory(box.address_type, box.address);
    if (!dir.empty()) box = Mailbox{box.name, kAddressType, dir};
    LPSPropValue type = PpropFindProp(row.lpProps, row.cValues, PR_RECIPIENT_TYPE);
    LONG recipient_type = type != nullptr ? type->Value.l : MAPI_TO;
    if (recipient_type == MAPI_CC) {
      eml.cc.push_back(box);
    } else if (recipient_type != MAPI_BCC) {
      eml.to.push_back(box);
    }
    LPSPropValue responsible = PpropFindProp(row.lpProps, row.cValues, PR_RESPONSIBILITY);
    if (dir.empty() || (responsible != nullptr && responsible->Value.b)) continue;
    mine.push_back(r);
    dirs.push_back(dir);
  }
  if (mine.empty()) {
    FreeProws(rows);
    return MAPI_E_NOT_ME;  // for other transports (and the spooler's NDRs)
  }

  static const ULONG kTags[] = {7,
                                PR_SUBJECT_A,
                                PR_BODY_A,
                                PR_SENDER_NAME_A,
                                PR_SENDER_EMAIL_ADDRESS_A,
                                PR_SENDER_ADDRTYPE_A,
                                PR_CLIENT_SUBMIT_TIME,
                                PR_INTERNET_MESSAGE_ID_A};
  ULONG count = 0;
  LPSPropValue props = nullptr;
  hr = lpMessage->GetProps(reinterpret_cast<LPSPropTagArray>(const_cast<ULONG*>(kTags)), 0, &count,
                           &props);
  if (FAILED(hr)) {
    FreeProws(rows);
    return hr;
  }
  eml.subject = StringProp(props, count, PR_SUBJECT_A);
  eml.body = StringProp(props, count, PR_BODY_A);
  eml.from = Mailbox{StringProp(props, count, PR_SENDER_NAME_A),
                     StringProp(props, count, PR_SENDER_ADDRTYPE_A),
                     StringProp(props, count, PR_SENDER_EMAIL_ADDRESS_A)};
  if (eml.from.address.empty()) eml.from = Mailbox{kDisplayName, kAddressType, m_inbox};
  LPSPropValue submit = PpropFindProp(props, count, PR_CLIENT_SUBMIT_TIME);
  eml.date = submit != nullptr ? FromFileTime(submit->Value.ft) : Now();
  eml.message_id = StringProp(props, count, PR_INTERNET_MESSAGE_ID_A);
  if (eml.message_id.empty()) {
    std::string name = NewFileName();
    eml.message_id = name.substr(0, name.size() - 4) + "@sample-xp.invalid";
  }
  MAPIFreeBuffer(props);
  const std::string text = sample_xp::FormatEml(eml);

  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_cancelled.count(ref) != 0) {
      FreeProws(rows);
      return MAPI_E_CANCEL;
    }
  }
  for (const std::string& dir : dirs) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string error;
    if (ec) {
      error = dir + ": cannot create the drop directory: " + ec.message();
    } else if (sample_xp::WriteFileAtomically(dir, NewFileName(), text, &error)) {
      continue;
    }
    Complain(error);
    FreeProws(rows);
    if (lpulReturnParm != nullptr) *lpulReturnParm = 60;  // seconds before the retry
    return MAPI_E_NETWORK_ERROR;
  }

  // PR_RESPONSIBILITY on the recipients handled (MODRECIP_MODIFY replaces
  // a row's properties: pass them all back).
  std::vector<std::vector<SPropValue>> entries;
  for (ULONG r : mine) {
    std::vector<SPropValue> values;
    for (ULONG i = 0; i < rows->aRow[r].cValues; ++i) {
      const SPropValue& v = rows->aRow[r].lpProps[i];
      if (PROP_TYPE(v.ulPropTag) == PT_ERROR || v.ulPropTag == PR_RESPONSIBILITY) continue;
      values.push_back(v);
    }
    SPropValue responsibility;
    std::memset(&responsibility, 0, sizeof responsibility);
    responsibility.ulPropTag = PR_RESPONSIBILITY;
    responsibility.Value.b = 1;
    values.push_back(responsibility);
    entries.push_back(std::move(values));
  }
  LPADRLIST list = NewAdrList(m_alloc, entries);
  FreeProws(rows);
  if (list == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  hr = lpMessage->ModifyRecipients(MODRECIP_MODIFY, list);
  FreeAdrList(m_alloc, list);
  return hr;
}

STDMETHODIMP CXPLogon::EndMessage(ULONG_PTR ulMsgRef, ULONG FAR* lpulFlags) {
  if (lpulFlags == nullptr) return MAPI_E_INVALID_PARAMETER;
  std::lock_guard<std::mutex> lock(m_mutex);
  m_cancelled.erase(ulMsgRef);  // the reference is free for reuse
  *lpulFlags = 0;               // sent: every file was written
  return S_OK;
}

STDMETHODIMP CXPLogon::Poll(ULONG FAR* lpulIncoming) {
  if (lpulIncoming == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lpulIncoming = static_cast<ULONG>(WaitingFiles(m_inbox).size());
  return S_OK;
}

STDMETHODIMP CXPLogon::StartMessage(ULONG, LPMESSAGE lpMessage, ULONG_PTR FAR* lpulMsgRef) {
  if (lpMessage == nullptr || lpulMsgRef == nullptr) return MAPI_E_INVALID_PARAMETER;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
    *lpulMsgRef = m_ulNextRef++;
  }
  std::vector<fs::path> files = WaitingFiles(m_inbox);
  if (files.empty()) return S_OK;  // no SaveChanges: nothing delivered
  const fs::path file = files.front();

  // Read and closed before anything else: Windows renames or removes no
  // file that is still open.
  std::ostringstream text;
  bool read = false;
  {
    std::ifstream in(file, std::ios::binary);
    text << in.rdbuf();
    read = static_cast<bool>(in);
  }
  EmlMessage eml;
  std::string error;
  if (!read || !sample_xp::ParseEml(file.string(), text.str(), &eml, &error)) {
    if (error.empty()) error = file.string() + ": cannot read";
    // Set aside so that Poll stops reporting it; the message is lost.
    std::error_code ec;
    fs::rename(file, fs::path(file.string() + ".bad"), ec);
    Complain(error + " (kept as " + file.filename().string() + ".bad)");
    return MAPI_E_CORRUPT_DATA;
  }

  std::string display_to;
  for (const Mailbox& m : eml.to) {
    if (!display_to.empty()) display_to += "; ";
    display_to += m.name.empty() ? m.address : m.name;
  }
  PropList props;
  props.SetString(PR_MESSAGE_CLASS_A, "IPM.Note");
  props.SetString(PR_SUBJECT_A, eml.subject);
  props.SetString(PR_BODY_A, eml.body);
  props.SetString(PR_SENDER_NAME_A, eml.from.name.empty() ? eml.from.address : eml.from.name);
  props.SetString(PR_SENDER_EMAIL_ADDRESS_A, eml.from.address);
  props.SetString(PR_SENDER_ADDRTYPE_A, eml.from.address_type);
  props.SetString(PR_SENT_REPRESENTING_NAME_A,
                  eml.from.name.empty() ? eml.from.address : eml.from.name);
  props.SetString(PR_SENT_REPRESENTING_EMAIL_ADDRESS_A, eml.from.address);
  props.SetString(PR_SENT_REPRESENTING_ADDRTYPE_A, eml.from.address_type);
  props.SetString(PR_DISPLAY_TO_A, display_to);
  if (!eml.message_id.empty()) props.SetString(PR_INTERNET_MESSAGE_ID_A, eml.message_id);
  if (eml.date != 0) props.SetTime(PR_CLIENT_SUBMIT_TIME, ToFileTime(eml.date));
  props.SetTime(PR_MESSAGE_DELIVERY_TIME, ToFileTime(Now()));
  std::vector<SPropValue> values = props.Values();
  HRESULT hr = lpMessage->SetProps(static_cast<ULONG>(values.size()), values.data(), nullptr);
  if (FAILED(hr)) return hr;

  std::vector<std::vector<SPropValue>> entries;
  std::vector<PropList> recipients;
  for (const std::vector<Mailbox>* list : {&eml.to, &eml.cc}) {
    for (const Mailbox& m : *list) {
      PropList r;
      r.SetString(PR_DISPLAY_NAME_A, m.name.empty() ? m.address : m.name);
      r.SetString(PR_EMAIL_ADDRESS_A, m.address);
      r.SetString(PR_ADDRTYPE_A, m.address_type);
      r.SetLong(PR_RECIPIENT_TYPE, list == &eml.to ? MAPI_TO : MAPI_CC);
      recipients.push_back(std::move(r));
    }
  }
  for (const PropList& r : recipients) entries.push_back(r.Values());
  if (!entries.empty()) {
    LPADRLIST list = NewAdrList(m_alloc, entries);
    if (list == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = lpMessage->ModifyRecipients(MODRECIP_ADD, list);
    FreeAdrList(m_alloc, list);
    if (FAILED(hr)) return hr;
  }
  hr = lpMessage->SaveChanges(0);  // delivers it (ixplogon-startmessage.md)
  if (FAILED(hr)) return hr;
  std::error_code ec;
  if (!fs::remove(file, ec))
    Complain(file.string() + ": delivered but not removed: " + ec.message());
  return S_OK;
}

STDMETHODIMP CXPLogon::OpenStatusEntry(LPCIID lpInterface, ULONG, ULONG FAR* lpulObjType,
                                       LPMAPISTATUS FAR* lppEntry) {
  if (lpulObjType == nullptr || lppEntry == nullptr) return MAPI_E_INVALID_PARAMETER;
  *lppEntry = nullptr;
  if (lpInterface != nullptr && *lpInterface != IID_IMAPIStatus && *lpInterface != IID_IMAPIProp &&
      *lpInterface != IID_IUnknown) {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_fLoggedOff) return MAPI_E_INVALID_OBJECT;
  if (m_pStatus == nullptr) {
    PropList props = StatusRow(m_inbox, m_ulStatus);
    props.SetLong(PR_OBJECT_TYPE, MAPI_STATUS);
    HRESULT hr = CStatusObject::Create(m_alloc, this, props, &m_pStatus);
    if (FAILED(hr)) return hr;
  }
  m_pStatus->AddRef();  // one for the caller; the logon keeps its own
  *lpulObjType = MAPI_STATUS;
  *lppEntry = m_pStatus;
  return S_OK;
}

// Checks (and if need be creates) the inbox directory; the row says
// STATUS_FAILURE while it is not usable.
STDMETHODIMP CXPLogon::ValidateState(ULONG_PTR, ULONG ulFlags) {
  if (ulFlags &
      ~(SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT |
        FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  std::error_code ec;
  fs::create_directories(m_inbox, ec);
  bool usable = !ec && fs::is_directory(m_inbox, ec);
  if (!usable) Complain(m_inbox + ": the inbox directory is not usable");
  HRESULT hr = usable ? ChangeStatus(STATUS_AVAILABLE, STATUS_FAILURE)
                      : ChangeStatus(STATUS_FAILURE, STATUS_AVAILABLE);
  return FAILED(hr) ? hr : S_OK;
}

// Sets the flush bits; the spooler's SubmitMessage / StartMessage loops
// and TransportNotify(NOTIFY_END_*_FLUSH) do the rest.
STDMETHODIMP CXPLogon::FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG ulFlags) {
  if (ulFlags & ~(FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI)) {
    return MAPI_E_UNKNOWN_FLAGS;
  }
  ULONG set = 0;
  if (ulFlags & FLUSH_UPLOAD) set |= STATUS_OUTBOUND_FLUSH;
  if (ulFlags & FLUSH_DOWNLOAD) set |= STATUS_INBOUND_FLUSH;
  return ChangeStatus(set, 0);
}

// -------------------------------------------------------------- provider --
class CXPProvider final : public IXPProvider {
 public:
  explicit CXPProvider(const Allocators& alloc) : m_alloc(alloc) {}

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IXPPROVIDER_METHODS(IMPL)

 private:
  ~CXPProvider() = default;
  const Allocators m_alloc;
  std::atomic<ULONG> m_cRef{1};
};

STDMETHODIMP CXPProvider::QueryInterface(REFIID riid, LPVOID FAR* ppvObj) {
  if (ppvObj == nullptr) return E_INVALIDARG;
  *ppvObj = nullptr;
  if (riid != IID_IXPProvider && riid != IID_IUnknown) return MAPI_E_INTERFACE_NOT_SUPPORTED;
  AddRef();
  *ppvObj = static_cast<IXPProvider*>(this);
  return S_OK;
}
STDMETHODIMP_(ULONG) CXPProvider::AddRef() { return ++m_cRef; }
STDMETHODIMP_(ULONG) CXPProvider::Release() {
  ULONG ulRef = --m_cRef;
  if (ulRef == 0) delete this;
  return ulRef;
}

// Called after every logon is released; nothing is left to free.
STDMETHODIMP CXPProvider::Shutdown(ULONG FAR*) { return S_OK; }

STDMETHODIMP CXPProvider::TransportLogon(LPMAPISUP lpMAPISup, ULONG_PTR, LPTSTR,
                                         ULONG FAR* lpulFlags, LPMAPIERROR FAR* lppMAPIError,
                                         LPXPLOGON FAR* lppXPLogon) {
  if (lppXPLogon != nullptr) *lppXPLogon = nullptr;
  if (lppMAPIError != nullptr) *lppMAPIError = nullptr;
  if (lpMAPISup == nullptr || lpulFlags == nullptr || lppXPLogon == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  const ULONG in_flags = *lpulFlags;

  lpMAPISup->AddRef();  // kept by the logon; released last by TransportLogoff
  std::string inbox;
  HRESULT hr = sample_providers::ReadProviderSetting(lpMAPISup, PR_SAMPLE_XP_INBOX, &inbox);
  if (hr == MAPI_E_NOT_FOUND || (SUCCEEDED(hr) && inbox.empty())) {
    lpMAPISup->Release();
    return MAPI_E_UNCONFIGURED;  // MAPI runs ServiceEntry(MSG_SERVICE_CONFIGURE), tries again
  }
  if (SUCCEEDED(hr)) {
    std::error_code ec;
    fs::create_directories(inbox, ec);
    if (ec || !fs::is_directory(inbox, ec)) {
      std::string error = inbox + ": cannot use as the inbox directory" +
                          (ec ? ": " + ec.message() : std::string());
      Complain(error);
      sample_providers::SetMapiError(m_alloc, kComponent, error, lppMAPIError);
      hr = MAPI_E_FAILONEPROVIDER;
    }
  }
  ULONG code = STATUS_AVAILABLE;
  if (!(in_flags & LOGON_NO_OUTBOUND)) code |= STATUS_OUTBOUND_ENABLED;
  if (!(in_flags & LOGON_NO_INBOUND)) code |= STATUS_INBOUND_ENABLED;
  if (SUCCEEDED(hr)) {
    // Transports must have a status row (status-tables.md).
    PropList row = StatusRow(inbox, code);
    std::vector<SPropValue> values = row.Values();
    hr = lpMAPISup->ModifyStatusRow(static_cast<ULONG>(values.size()), values.data(), 0);
  }
  CXPLogon* logon = nullptr;
  if (SUCCEEDED(hr)) {
    logon = new (std::nothrow) CXPLogon(lpMAPISup, m_alloc, inbox, code);
    if (logon == nullptr) hr = MAPI_E_NOT_ENOUGH_MEMORY;
  }
  if (FAILED(hr)) {
    lpMAPISup->Release();
    return hr;
  }
  *lpulFlags = LOGON_SP_POLL;  // ANSI; Poll tells the spooler about inbound files
  *lppXPLogon = logon;
  return S_OK;
}

std::string DefaultInbox() {
  const char* data = std::getenv("MAPI_EMU_DATA");
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  fs::path base;
  if (data != nullptr && *data != '\0') {
    base = data;
  } else if (xdg != nullptr && *xdg != '\0') {
    base = fs::path(xdg) / "mapi_emu";
  } else if (home != nullptr && *home != '\0') {
    base = fs::path(home) / ".local" / "share" / "mapi_emu";
  } else {
    return "";
  }
  return (base / "sample_xp" / "inbox").string();
}

}  // namespace

// ------------------------------------------------------------ entry points --
STDINITMETHODIMP XPProviderInit(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER lpAllocateBuffer,
                                LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG,
                                ULONG ulMAPIVer, ULONG FAR* lpulProviderVer,
                                LPXPPROVIDER FAR* lppXPProvider) {
  if (lppXPProvider != nullptr) *lppXPProvider = nullptr;
  if (lpulProviderVer == nullptr || lppXPProvider == nullptr || lpAllocateBuffer == nullptr ||
      lpAllocateMore == nullptr || lpFreeBuffer == nullptr) {
    return MAPI_E_INVALID_PARAMETER;
  }
  *lpulProviderVer = CURRENT_SPI_VERSION;
  if (ulMAPIVer < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
  auto* provider =
      new (std::nothrow) CXPProvider(Allocators{lpAllocateBuffer, lpAllocateMore, lpFreeBuffer});
  if (provider == nullptr) return MAPI_E_NOT_ENOUGH_MEMORY;
  *lppXPProvider = provider;
  return S_OK;
}

// The message-service entry point (PR_SERVICE_ENTRY_NAME "ServiceEntry"):
// on MSG_SERVICE_CREATE / MSG_SERVICE_CONFIGURE, PR_SAMPLE_XP_INBOX from
// lpProps, else the value already configured, else the default directory.
extern "C" MAPI_EMU_PROVIDER_EXPORT MSGSERVICEENTRY ServiceEntry;

HRESULT STDAPICALLTYPE ServiceEntry(HINSTANCE, LPMALLOC, LPMAPISUP lpMAPISup, ULONG_PTR, ULONG,
                                    ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
                                    LPPROVIDERADMIN lpProviderAdmin,
                                    LPMAPIERROR FAR* lppMapiError) {
  if (lppMapiError != nullptr) *lppMapiError = nullptr;
  if (ulContext != MSG_SERVICE_CREATE && ulContext != MSG_SERVICE_CONFIGURE) return S_OK;
  if (lpMAPISup == nullptr) return MAPI_E_INVALID_PARAMETER;
  Allocators alloc;
  HRESULT hr = lpMAPISup->GetMemAllocRoutines(&alloc.allocate, &alloc.allocate_more, &alloc.free);
  if (FAILED(hr)) return hr;
  std::string inbox;
  LPSPropValue given =
      lpProps != nullptr ? PpropFindProp(lpProps, cValues, PR_SAMPLE_XP_INBOX) : nullptr;
  if (given != nullptr && given->Value.lpszA != nullptr) inbox = given->Value.lpszA;
  if (inbox.empty()) {
    LPPROFSECT section = nullptr;
    if (SUCCEEDED(lpMAPISup->OpenProfileSection(nullptr, 0, &section))) {
      sample_providers::ReadSectionString(section, PR_SAMPLE_XP_INBOX, &inbox);
      section->Release();
    }
  }
  if (inbox.empty()) inbox = DefaultInbox();
  if (inbox.empty()) {
    std::string error =
        "no place for the inbox directory: set MAPI_EMU_DATA, XDG_DATA_HOME or HOME";
    Complain(error);
    sample_providers::SetMapiError(alloc, kComponent, error, lppMapiError);
    return MAPI_E_CALL_FAILED;
  }
  return sample_providers::WriteServiceSetting(lpMAPISup, lpProviderAdmin, PR_SAMPLE_XP_INBOX,
                                               inbox);
}
