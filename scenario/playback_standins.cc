// The stand-in provider objects of playback (playback.h): IMSProvider,
// IMSLogon, IMsgStore, IABProvider, IABLogon, IXPProvider and IXPLogon.
// Every method MAPI traces is answered by Player::Call from the recording;
// the out values the recording keeps (logon and store objects, flags,
// address types, counts) are given back as recorded. What the recording
// cannot hold -- the store's folders and messages, which MAPI never sees --
// comes from StoreContent. A method neither can answer logs once and returns
// MAPI_E_NO_SUPPORT (style.md 8).
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mapicode.h"
#include "mapiguid.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "scenario/playback.h"
#include "scenario/playback_content.h"
#include "trace/event.h"

namespace mapi_emu::playback {
namespace {

using nlohmann::json;

HRESULT NoSupport(const char* iface, const char* method) {
  static std::mutex mu;
  static std::set<std::string> said;
  std::lock_guard<std::mutex> lock(mu);
  if (said.insert(absl::StrCat(iface, "::", method)).second) {
    std::fprintf(stderr, "playback: %s::%s is not recorded and not played (MAPI_E_NO_SUPPORT)\n",
                 iface, method);
  }
  return MAPI_E_NO_SUPPORT;
}



ULONG FlagsOut(const json& out, const char* key, std::span<const trace::FlagName> table,
               ULONG otherwise) {
  const json& value = Field(out, key);
  if (value.is_array()) {
    absl::StatusOr<uint32_t> flags = trace::EncodeFlags(value, table);
    return flags.ok() ? *flags : otherwise;
  }
  if (value.is_number()) return value.get<ULONG>();
  return otherwise;
}

// The common IUnknown of a stand-in for one interface `I` (and, for a
// provider, IMAPIProviderShutdown when the recording has calls on it).
// AddRef and Release MAPI traces give the recorded counts; the stand-in's
// memory belongs to the Player, never to the count.
template <typename I>
class Base : public StandIn, public I {
 public:
  Base(Player& player, std::string name, const IID& iid)
      : StandIn(player, std::move(name)), iid_(iid) {}
  IUnknown* unknown() override { return static_cast<I*>(this); }

  STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR* out) override {
    if (out == nullptr) return MAPI_E_INVALID_PARAMETER;
    *out = nullptr;
    if (riid == IID_IUnknown || riid == iid_ || Also(riid)) {
      *out = static_cast<I*>(this);
      ++untraced_;
      return S_OK;
    }
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return Count("AddRef", +1); }
  STDMETHODIMP_(ULONG) Release() override { return Count("Release", -1); }

 protected:
  virtual bool Also(REFIID) { return false; }
  ULONG Count(const char* method, int delta) {
    untraced_ += delta;
    Answer a = player_.Call(name_, method);
    if (a.traced) return a.refs;
    return untraced_ > 0 ? static_cast<ULONG>(untraced_) : 0;
  }
  // The answer of a method whose only out value is its result.
  HRESULT Plain(const char* iface, const char* method) {
    Answer a = player_.Call(name_, method);
    return a.traced ? a.hr : NoSupport(iface, method);
  }
  // CompareEntryIDs and CompareStoreIDs: the recorded result; the recording
  // keeps no verdict, so byte equality gives it.
  HRESULT Compared(const char* method, ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2,
                   ULONG FAR* result) {
    Answer a = player_.Call(name_, method);
    if (result != nullptr) *result = cb1 == cb2 && (cb1 == 0 || std::memcmp(id1, id2, cb1) == 0);
    return a.traced ? a.hr : S_OK;
  }
  // A logon or store object the recording names in `out`, made once.
  template <typename T>
  T* Made(const json& out, const char* key) {
    const std::string name = TextOf(Field(out, key));
    if (name.empty()) return nullptr;
    if (StandIn* have = player_.Object(name)) return dynamic_cast<T*>(have);
    auto made = std::make_unique<T>(player_, name);
    T* raw = made.get();
    player_.Adopt(std::move(made));
    return raw;
  }

 private:
  const IID& iid_;
  int untraced_ = 1;
};

#define UNRECORDED(iface, method) \
  { return NoSupport(iface, #method); }

// ---- The message store -----------------------------------------------------------

class MsgStore final : public Base<IMsgStore> {
 public:
  MsgStore(Player& player, std::string name)
      : Base(player, std::move(name), IID_IMsgStore), content_([&player] { player.Pump(); }) {}

  // IMAPIProp
  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR*) override
      UNRECORDED("IMAPIProp", GetLastError)
  STDMETHODIMP SaveChanges(ULONG) override { return Plain("IMAPIProp", "SaveChanges"); }
  // The entry ID MAPI logged on to the store with: what the store answers
  // for PR_STORE_ENTRYID and PR_ENTRYID, as a store provider does.
  void SetEntryId(ULONG cb, LPENTRYID id) {
    if (cb > 0 && id != nullptr && entry_id_.empty()) {
      entry_id_.assign(reinterpret_cast<BYTE*>(id), reinterpret_cast<BYTE*>(id) + cb);
    }
  }

  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG flags, ULONG FAR* count,
                        LPSPropValue FAR* props) override {
    Answer a = player_.Call(name_, "GetProps");
    HRESULT hr = content_.GetStoreProps(tags, flags, count, props);
    if (SUCCEEDED(hr) && !entry_id_.empty()) {
      bool errors = false;
      for (ULONG i = 0; i < *count; ++i) {
        SPropValue& v = (*props)[i];
        const ULONG id = PROP_ID(v.ulPropTag);
        void* bytes = nullptr;
        if (PROP_TYPE(v.ulPropTag) == PT_ERROR &&
            (id == PROP_ID(PR_STORE_ENTRYID) || id == PROP_ID(PR_ENTRYID)) &&
            MAPIAllocateMore(static_cast<ULONG>(entry_id_.size()), *props, &bytes) == S_OK) {
          std::memcpy(bytes, entry_id_.data(), entry_id_.size());
          v.ulPropTag = PROP_TAG(PT_BINARY, id);
          v.Value.bin.cb = static_cast<ULONG>(entry_id_.size());
          v.Value.bin.lpb = static_cast<LPBYTE>(bytes);
        }
        errors = errors || PROP_TYPE(v.ulPropTag) == PT_ERROR;
      }
      if (hr == MAPI_W_ERRORS_RETURNED && !errors) hr = S_OK;
    }
    return Blend(a, hr, [&] {
      MAPIFreeBuffer(*props);
      *props = nullptr;
      *count = 0;
    });
  }
  STDMETHODIMP GetPropList(ULONG, LPSPropTagArray FAR*) override
      UNRECORDED("IMAPIProp", GetPropList)
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR*) override
      UNRECORDED("IMAPIProp", OpenProperty)
  STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR*) override {
    return Plain("IMAPIProp", "SetProps");
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR*) override
      UNRECORDED("IMAPIProp", DeleteProps)
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray FAR*) override UNRECORDED("IMAPIProp", CopyTo)
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray FAR*) override UNRECORDED("IMAPIProp", CopyProps)
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray FAR*, LPGUID, ULONG, ULONG FAR*,
                               LPMAPINAMEID FAR* FAR*) override
      UNRECORDED("IMAPIProp", GetNamesFromIDs)
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID FAR*, ULONG, LPSPropTagArray FAR*) override
      UNRECORDED("IMAPIProp", GetIDsFromNames)

  // IMsgStore
  STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR* connection) override {
    Answer a = player_.Call(name_, "Advise");
    if (!a.traced) return NoSupport("IMsgStore", "Advise");
    if (connection != nullptr) *connection = ++connections_;
    return a.hr;
  }
  STDMETHODIMP Unadvise(ULONG_PTR) override { return Plain("IMsgStore", "Unadvise"); }
  STDMETHODIMP CompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2, ULONG,
                               ULONG FAR* result) override {
    return Compared("CompareEntryIDs", cb1, id1, cb2, id2, result);
  }
  STDMETHODIMP OpenEntry(ULONG cb, LPENTRYID id, LPCIID iid, ULONG flags, ULONG FAR* type,
                         LPUNKNOWN FAR* out) override {
    Answer a = player_.Call(name_, "OpenEntry");
    HRESULT hr = content_.OpenEntry(cb, id, iid, flags, type, out);
    return Blend(a, hr, [&] {
      (*out)->Release();
      *out = nullptr;
    });
  }
  STDMETHODIMP SetReceiveFolder(LPTSTR, ULONG, ULONG, LPENTRYID) override {
    return Plain("IMsgStore", "SetReceiveFolder");
  }
  STDMETHODIMP GetReceiveFolder(LPTSTR, ULONG, ULONG FAR* cb, LPENTRYID FAR* id,
                                LPTSTR FAR* explicit_class) override {
    Answer a = player_.Call(name_, "GetReceiveFolder");
    if (explicit_class != nullptr) *explicit_class = nullptr;
    HRESULT hr = content_.GetReceiveFolder(cb, id);
    return Blend(a, hr, [&] {
      MAPIFreeBuffer(*id);
      *id = nullptr;
      *cb = 0;
    });
  }
  STDMETHODIMP GetReceiveFolderTable(ULONG, LPMAPITABLE FAR*) override
      UNRECORDED("IMsgStore", GetReceiveFolderTable)
  STDMETHODIMP StoreLogoff(ULONG FAR* flags) override {
    Answer a = player_.Call(name_, "StoreLogoff");
    if (!a.traced) return NoSupport("IMsgStore", "StoreLogoff");
    if (flags != nullptr) *flags = FlagsOut(a.out, "flags", trace::LogoffFlags(), *flags);
    return a.hr;
  }
  STDMETHODIMP AbortSubmit(ULONG cb, LPENTRYID id, ULONG flags) override {
    Answer a = player_.Call(name_, "AbortSubmit");
    return Blend(a, content_.AbortSubmit(cb, id, flags), [] {});
  }
  STDMETHODIMP GetOutgoingQueue(ULONG flags, LPMAPITABLE FAR* table) override {
    Answer a = player_.Call(name_, "GetOutgoingQueue");
    HRESULT hr = content_.GetOutgoingQueue(flags, table);
    return Blend(a, hr, [&] {
      (*table)->Release();
      *table = nullptr;
    });
  }
  STDMETHODIMP SetLockState(LPMESSAGE message, ULONG state) override {
    Answer a = player_.Call(name_, "SetLockState");
    return Blend(a, content_.SetLockState(message, state), [] {});
  }
  STDMETHODIMP FinishedMsg(ULONG flags, ULONG cb, LPENTRYID id) override {
    Answer a = player_.Call(name_, "FinishedMsg");
    return Blend(a, content_.FinishedMsg(flags, cb, id), [] {});
  }
  STDMETHODIMP NotifyNewMail(LPNOTIFICATION) override {
    Answer a = player_.Call(name_, "NotifyNewMail");
    return a.traced ? a.hr : S_OK;
  }

 private:
  // The recorded result when MAPI traced the call (dropping what the content
  // gave if the provider failed it), else what the content says. A content
  // failure wins over a recorded success: there is nothing to hand out.
  template <typename Drop>
  static HRESULT Blend(const Answer& a, HRESULT content, Drop drop) {
    if (!a.traced || FAILED(content)) return content;
    if (FAILED(a.hr)) drop();
    return a.hr;
  }

  StoreContent content_;
  ULONG_PTR connections_ = 0;
  std::vector<BYTE> entry_id_;
};

// ---- Logons ------------------------------------------------------------------------

class MSLogon final : public Base<IMSLogon> {
 public:
  MSLogon(Player& player, std::string name) : Base(player, std::move(name), IID_IMSLogon) {}
  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR*) override
      UNRECORDED("IMSLogon", GetLastError)
  STDMETHODIMP Logoff(ULONG FAR*) override { return Plain("IMSLogon", "Logoff"); }
  STDMETHODIMP OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR*, LPUNKNOWN FAR*) override
      UNRECORDED("IMSLogon", OpenEntry)
  STDMETHODIMP CompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2, ULONG,
                               ULONG FAR* result) override {
    return Compared("CompareEntryIDs", cb1, id1, cb2, id2, result);
  }
  STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR*) override
      UNRECORDED("IMSLogon", Advise)
  STDMETHODIMP Unadvise(ULONG_PTR) override UNRECORDED("IMSLogon", Unadvise)
  STDMETHODIMP OpenStatusEntry(LPCIID, ULONG, ULONG FAR*, LPVOID FAR*) override
      UNRECORDED("IMSLogon", OpenStatusEntry)
};

class ABLogon final : public Base<IABLogon> {
 public:
  ABLogon(Player& player, std::string name) : Base(player, std::move(name), IID_IABLogon) {}
  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR*) override
      UNRECORDED("IABLogon", GetLastError)
  STDMETHODIMP Logoff(ULONG) override { return Plain("IABLogon", "Logoff"); }
  STDMETHODIMP OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR*, LPUNKNOWN FAR*) override
      UNRECORDED("IABLogon", OpenEntry)
  STDMETHODIMP CompareEntryIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2, ULONG,
                               ULONG FAR* result) override {
    return Compared("CompareEntryIDs", cb1, id1, cb2, id2, result);
  }
  STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR*) override
      UNRECORDED("IABLogon", Advise)
  STDMETHODIMP Unadvise(ULONG_PTR) override UNRECORDED("IABLogon", Unadvise)
  STDMETHODIMP OpenStatusEntry(LPCIID, ULONG, ULONG FAR*, LPMAPISTATUS FAR*) override
      UNRECORDED("IABLogon", OpenStatusEntry)
  STDMETHODIMP OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID, LPMAPIPROP FAR*,
                              LPMAPIPROP) override UNRECORDED("IABLogon", OpenTemplateID)
  STDMETHODIMP GetOneOffTable(ULONG, LPMAPITABLE FAR*) override
      UNRECORDED("IABLogon", GetOneOffTable)
  STDMETHODIMP PrepareRecips(ULONG, LPSPropTagArray, LPADRLIST) override
      UNRECORDED("IABLogon", PrepareRecips)
};

class XPLogon final : public Base<IXPLogon> {
 public:
  XPLogon(Player& player, std::string name) : Base(player, std::move(name), IID_IXPLogon) {}

  STDMETHODIMP AddressTypes(ULONG FAR* flags, ULONG FAR* type_count, LPTSTR FAR* FAR* types,
                            ULONG FAR* uid_count, LPMAPIUID FAR* FAR* uids) override {
    Answer a = player_.Call(name_, "AddressTypes");
    if (!a.traced) return NoSupport("IXPLogon", "AddressTypes");
    // Kept by the logon, as the method requires, until it is released.
    types_.clear();
    if (Field(a.out, "types").is_array()) {
      for (const json& t : Field(a.out, "types")) types_.push_back(TextOf(t));
    }
    type_ptrs_.clear();
    for (std::string& t : types_) type_ptrs_.push_back(reinterpret_cast<LPTSTR>(t.data()));
    const ULONG n = std::min<ULONG>(NumberOf(Field(a.out, "uids")), 64);
    uid_values_.assign(n, MAPIUID{});
    uid_ptrs_.clear();
    for (ULONG i = 0; i < n; ++i) {
      const std::string tag = absl::StrCat("xp-uid#", i + 1, "#", name_);
      std::memcpy(uid_values_[i].ab, tag.data(), std::min(tag.size(), sizeof(MAPIUID)));
      uid_ptrs_.push_back(&uid_values_[i]);
    }
    if (flags != nullptr) *flags = 0;
    if (type_count != nullptr) *type_count = static_cast<ULONG>(type_ptrs_.size());
    if (types != nullptr) *types = type_ptrs_.empty() ? nullptr : type_ptrs_.data();
    if (uid_count != nullptr) *uid_count = n;
    if (uids != nullptr) *uids = uid_ptrs_.empty() ? nullptr : uid_ptrs_.data();
    return a.hr;
  }
  STDMETHODIMP RegisterOptions(ULONG FAR* flags, ULONG FAR* count, LPOPTIONDATA FAR* options) override {
    Answer a = player_.Call(name_, "RegisterOptions");
    if (flags != nullptr) *flags = 0;
    if (count != nullptr) *count = 0;
    if (options != nullptr) *options = nullptr;
    return a.traced ? a.hr : S_OK;  // no options: what a provider without any answers
  }
  STDMETHODIMP TransportNotify(ULONG FAR* flags, LPVOID FAR*) override {
    Answer a = player_.Call(name_, "TransportNotify");
    if (!a.traced) return NoSupport("IXPLogon", "TransportNotify");
    if (flags != nullptr) *flags = FlagsOut(a.out, "flags", trace::TransportNotifyFlags(), *flags);
    return a.hr;
  }
  STDMETHODIMP Idle(ULONG) override { return Plain("IXPLogon", "Idle"); }
  STDMETHODIMP TransportLogoff(ULONG) override { return Plain("IXPLogon", "TransportLogoff"); }
  STDMETHODIMP SubmitMessage(ULONG, LPMESSAGE, ULONG_PTR FAR*, ULONG_PTR FAR* retry) override {
    Answer a = player_.Call(name_, "SubmitMessage");
    if (retry != nullptr) *retry = NumberOf(Field(a.out, "retry"));
    return a.traced ? a.hr : NoSupport("IXPLogon", "SubmitMessage");
  }
  STDMETHODIMP EndMessage(ULONG_PTR, ULONG FAR* flags) override {
    Answer a = player_.Call(name_, "EndMessage");
    if (!a.traced) return NoSupport("IXPLogon", "EndMessage");
    if (flags != nullptr) *flags = FlagsOut(a.out, "flags", {}, 0);
    return a.hr;
  }
  STDMETHODIMP Poll(ULONG FAR* incoming) override {
    Answer a = player_.Call(name_, "Poll");
    if (!a.traced) return NoSupport("IXPLogon", "Poll");
    if (incoming != nullptr) *incoming = NumberOf(Field(a.out, "incoming"));
    return a.hr;
  }
  STDMETHODIMP StartMessage(ULONG, LPMESSAGE, ULONG_PTR FAR* ref) override {
    Answer a = player_.Call(name_, "StartMessage");
    if (!a.traced) return NoSupport("IXPLogon", "StartMessage");
    if (ref != nullptr && Field(a.out, "msg_ref").is_number()) *ref = NumberOf(Field(a.out, "msg_ref"));
    return a.hr;
  }
  STDMETHODIMP OpenStatusEntry(LPCIID, ULONG, ULONG FAR*, LPMAPISTATUS FAR*) override
      UNRECORDED("IXPLogon", OpenStatusEntry)
  STDMETHODIMP ValidateState(ULONG_PTR, ULONG) override {
    return Plain("IXPLogon", "ValidateState");
  }
  STDMETHODIMP FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG) override {
    return Plain("IXPLogon", "FlushQueues");
  }

 private:
  std::vector<std::string> types_;
  std::vector<LPTSTR> type_ptrs_;
  std::vector<MAPIUID> uid_values_;
  std::vector<LPMAPIUID> uid_ptrs_;
};

// ---- Providers -------------------------------------------------------------------

// IMAPIProviderShutdown beside a provider interface, offered only when the
// recording shows MAPI calling it.
template <typename I>
class ProviderBase : public Base<I>, public IMAPIProviderShutdown {
 public:
  ProviderBase(Player& player, std::string name, const IID& iid)
      : Base<I>(player, std::move(name), iid) {}
  STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR* out) override {
    if (riid == IID_IMAPIProviderShutdown && out != nullptr) {
      *out = nullptr;
      // MAPI traces the question it asks at fast shutdown: the recorded
      // answer. Asked untraced: yes when the recording has the calls.
      Answer a = this->player_.Call(this->name_, "QueryInterface");
      const bool yes = a.traced ? SUCCEEDED(a.hr)
                                : this->player_.HasCalls(this->name_, "IMAPIProviderShutdown");
      if (!yes) return a.traced ? a.hr : MAPI_E_INTERFACE_NOT_SUPPORTED;
      *out = static_cast<IMAPIProviderShutdown*>(this);
      return S_OK;
    }
    return Base<I>::QueryInterface(riid, out);
  }
  STDMETHODIMP_(ULONG) AddRef() override { return Base<I>::AddRef(); }
  STDMETHODIMP_(ULONG) Release() override { return Base<I>::Release(); }
  STDMETHODIMP QueryFastShutdown() override {
    return this->Plain("IMAPIProviderShutdown", "QueryFastShutdown");
  }
  STDMETHODIMP NotifyProcessShutdown() override {
    return this->Plain("IMAPIProviderShutdown", "NotifyProcessShutdown");
  }
  STDMETHODIMP DoFastShutdown() override {
    return this->Plain("IMAPIProviderShutdown", "DoFastShutdown");
  }
};

class MSProvider final : public ProviderBase<IMSProvider> {
 public:
  MSProvider(Player& player, std::string name)
      : ProviderBase(player, std::move(name), IID_IMSProvider) {}
  STDMETHODIMP Shutdown(ULONG FAR*) override { return Plain("IMSProvider", "Shutdown"); }
  STDMETHODIMP Logon(LPMAPISUP support, ULONG_PTR, LPTSTR, ULONG cb, LPENTRYID id, ULONG, LPCIID,
                     ULONG FAR* cb_security, LPBYTE FAR* security, LPMAPIERROR FAR* error,
                     LPMSLOGON FAR* logon, LPMDB FAR* store) override {
    return Both("Logon", support, cb, id, logon, store, [&] {
      if (cb_security != nullptr) *cb_security = 0;
      if (security != nullptr) *security = nullptr;
      if (error != nullptr) *error = nullptr;
    });
  }
  STDMETHODIMP SpoolerLogon(LPMAPISUP support, ULONG_PTR, LPTSTR, ULONG cb, LPENTRYID id, ULONG,
                            LPCIID, ULONG, LPBYTE, LPMAPIERROR FAR* error, LPMSLOGON FAR* logon,
                            LPMDB FAR* store) override {
    return Both("SpoolerLogon", support, cb, id, logon, store, [&] {
      if (error != nullptr) *error = nullptr;
    });
  }
  STDMETHODIMP CompareStoreIDs(ULONG cb1, LPENTRYID id1, ULONG cb2, LPENTRYID id2, ULONG,
                               ULONG FAR* result) override {
    return Compared("CompareStoreIDs", cb1, id1, cb2, id2, result);
  }

 private:
  template <typename Clear>
  HRESULT Both(const char* method, LPMAPISUP support, ULONG cb, LPENTRYID id,
               LPMSLOGON FAR* logon, LPMDB FAR* store, Clear clear) {
    clear();
    if (logon != nullptr) *logon = nullptr;
    if (store != nullptr) *store = nullptr;
    Answer a = player_.Call(name_, method, {{"support", support}});
    if (!a.traced) return NoSupport("IMSProvider", method);
    if (FAILED(a.hr)) return a.hr;
    if (logon != nullptr) *logon = Made<MSLogon>(a.out, "logon");
    if (store != nullptr) {
      MsgStore* made = Made<MsgStore>(a.out, "store");
      if (made != nullptr) {
        // A store answers with the entry ID MAPI wrapped for it, else the one
        // it was opened by.
        std::vector<BYTE> wrapped = player_.wrapped_entry_id();
        made->SetEntryId(static_cast<ULONG>(wrapped.size()),
                         reinterpret_cast<LPENTRYID>(wrapped.data()));
        made->SetEntryId(cb, id);
      }
      *store = made;
    }
    return a.hr;
  }
};

class ABProvider final : public ProviderBase<IABProvider> {
 public:
  ABProvider(Player& player, std::string name)
      : ProviderBase(player, std::move(name), IID_IABProvider) {}
  STDMETHODIMP Shutdown(ULONG FAR*) override { return Plain("IABProvider", "Shutdown"); }
  STDMETHODIMP Logon(LPMAPISUP support, ULONG_PTR, LPTSTR, ULONG, ULONG FAR* cb_security,
                     LPBYTE FAR* security, LPMAPIERROR FAR* error, LPABLOGON FAR* logon) override {
    if (cb_security != nullptr) *cb_security = 0;
    if (security != nullptr) *security = nullptr;
    if (error != nullptr) *error = nullptr;
    if (logon != nullptr) *logon = nullptr;
    Answer a = player_.Call(name_, "Logon", {{"support", support}});
    if (!a.traced) return NoSupport("IABProvider", "Logon");
    if (SUCCEEDED(a.hr) && logon != nullptr) *logon = Made<ABLogon>(a.out, "logon");
    return a.hr;
  }
};

class XPProvider final : public ProviderBase<IXPProvider> {
 public:
  XPProvider(Player& player, std::string name)
      : ProviderBase(player, std::move(name), IID_IXPProvider) {}
  STDMETHODIMP Shutdown(ULONG FAR*) override { return Plain("IXPProvider", "Shutdown"); }
  STDMETHODIMP TransportLogon(LPMAPISUP support, ULONG_PTR, LPTSTR, ULONG FAR* flags,
                              LPMAPIERROR FAR* error, LPXPLOGON FAR* logon) override {
    if (error != nullptr) *error = nullptr;
    if (logon != nullptr) *logon = nullptr;
    Answer a = player_.Call(name_, "TransportLogon", {{"support", support}});
    if (!a.traced) return NoSupport("IXPProvider", "TransportLogon");
    if (flags != nullptr) *flags = FlagsOut(a.out, "flags", trace::TransportLogonFlags(), *flags);
    if (SUCCEEDED(a.hr) && logon != nullptr) *logon = Made<XPLogon>(a.out, "logon");
    return a.hr;
  }
};

}  // namespace

std::unique_ptr<StandIn> MakeProvider(Player& player, const std::string& entry,
                                      const std::string& name) {
  if (entry == "MSProviderInit") return std::make_unique<MSProvider>(player, name);
  if (entry == "ABProviderInit") return std::make_unique<ABProvider>(player, name);
  return std::make_unique<XPProvider>(player, name);
}

}  // namespace mapi_emu::playback
