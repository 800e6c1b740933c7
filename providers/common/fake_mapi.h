// Test doubles for driving the reference providers without the subsystem,
// the way MAPI and the spooler drive them: a support object, a profile
// section and a message (the SDK interfaces, every method not overridden
// returning MAPI_E_NO_SUPPORT). Test code only; single-threaded use.
#ifndef MAPI_EMU_PROVIDERS_SAMPLE_AB_FAKE_MAPI_H_
#define MAPI_EMU_PROVIDERS_SAMPLE_AB_FAKE_MAPI_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "mapicode.h"
#include "mapidefs.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"

namespace sample_testing {

// Every method MAPI_E_NO_SUPPORT unless a fake below overrides it.
#define FAKE_NO_SUPPORT \
  override { return MAPI_E_NO_SUPPORT; }

inline LPTSTR T(const char* s) { return reinterpret_cast<LPTSTR>(const_cast<char*>(s)); }

inline std::string Str(const SPropValue* values, ULONG count, ULONG tag) {
  const SPropValue* v = PpropFindProp(const_cast<LPSPropValue>(values), count, tag);
  return v != nullptr && PROP_TYPE(v->ulPropTag) == PT_STRING8 ? v->Value.lpszA : "<missing>";
}

// An IPropData for a fake to keep its properties in.
inline LPPROPDATA NewPropData() {
  LPPROPDATA data = nullptr;
  EXPECT_EQ(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                        nullptr, &data),
            S_OK);
  return data;
}

// The no-support bases name every parameter (the SDK macros do) and use none.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

// ----------------------------------------------------------- profile section
class NoSupportProfSect : public IProfSect {
 public:
  MAPI_IMAPIPROP_METHODS(FAKE_NO_SUPPORT)
};

class FakeProfSect final : public NoSupportProfSect {
 public:
  // A section holding `tag` = `value` (nothing when `value` is empty).
  FakeProfSect(ULONG tag, const std::string& value) : data_(NewPropData()) {
    if (value.empty()) return;
    SPropValue v = {};
    v.ulPropTag = tag;
    v.Value.lpszA = T(value.c_str());
    EXPECT_EQ(data_->SetProps(1, &v, nullptr), S_OK);
  }
  STDMETHODIMP QueryInterface(REFIID, LPVOID FAR*) override {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++ref_; }
  STDMETHODIMP_(ULONG) Release() override {
    ULONG r = --ref_;
    if (r == 0) delete this;
    return r;
  }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG flags, ULONG FAR* count,
                        LPSPropValue FAR* values) override {
    return data_->GetProps(tags, flags, count, values);
  }

 private:
  ~FakeProfSect() { data_->Release(); }
  LPPROPDATA data_;
  std::atomic<ULONG> ref_{1};
};

// ------------------------------------------------------------ support object
class NoSupportSupport : public IMAPISupport {
 public:
  MAPI_IMAPISUPPORT_METHODS(FAKE_NO_SUPPORT)
};
class NoSupportMessage : public IMessage {
 public:
  MAPI_IMAPIPROP_METHODS(FAKE_NO_SUPPORT)
  MAPI_IMESSAGE_METHODS(FAKE_NO_SUPPORT)
};
#pragma GCC diagnostic pop

// A provider's support object: OpenProfileSection (its own section holds
// `tag` = `value`, or nothing when `value` is empty; other sections are
// empty), ModifyStatusRow (the row kept as it stands), SetProviderUID
// recorded, MakeInvalid recorded and refused (so the provider frees the
// object itself). Every call it receives is appended to calls(). Lives on
// the test's stack: Release only counts.
class FakeSupport final : public NoSupportSupport {
 public:
  FakeSupport(ULONG tag, std::string value) : tag_(tag), value_(std::move(value)) {}

  STDMETHODIMP QueryInterface(REFIID, LPVOID FAR*) override {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++ref_; }
  STDMETHODIMP_(ULONG) Release() override {
    calls_.push_back("Release");
    return --ref_;  // the test owns the object (on its stack)
  }
  STDMETHODIMP GetMemAllocRoutines(LPALLOCATEBUFFER FAR* a, LPALLOCATEMORE FAR* m,
                                   LPFREEBUFFER FAR* f) override {
    *a = MAPIAllocateBuffer;
    *m = MAPIAllocateMore;
    *f = MAPIFreeBuffer;
    return S_OK;
  }
  STDMETHODIMP OpenProfileSection(LPMAPIUID uid, ULONG, LPPROFSECT FAR* out) override {
    calls_.push_back(uid == nullptr ? "OpenProfileSection(NULL)" : "OpenProfileSection(uid)");
    *out = new FakeProfSect(tag_, uid == nullptr ? value_ : "");
    return S_OK;
  }
  STDMETHODIMP ModifyStatusRow(ULONG count, LPSPropValue values, ULONG flags) override {
    calls_.push_back(flags == STATUSROW_UPDATE ? "ModifyStatusRow(UPDATE)" : "ModifyStatusRow(0)");
    for (ULONG i = 0; i < count; ++i) {
      if (PROP_TYPE(values[i].ulPropTag) == PT_LONG)
        longs_[values[i].ulPropTag] = values[i].Value.l;
      if (PROP_TYPE(values[i].ulPropTag) == PT_STRING8) {
        strings_[values[i].ulPropTag] = values[i].Value.lpszA;
      }
    }
    return S_OK;
  }
  STDMETHODIMP SetProviderUID(LPMAPIUID uid, ULONG) override {
    calls_.push_back("SetProviderUID");
    uids_.push_back(*uid);
    return S_OK;
  }
  STDMETHODIMP MakeInvalid(ULONG, LPVOID, ULONG ref_count, ULONG methods) override {
    calls_.push_back("MakeInvalid(refs=" + std::to_string(ref_count) +
                     ", methods=" + std::to_string(methods) + ")");
    return MAPI_E_NO_SUPPORT;
  }

  ULONG refs() const { return ref_; }
  const std::vector<MAPIUID>& uids() const { return uids_; }
  const std::vector<std::string>& calls() const { return calls_; }
  LONG Long(ULONG tag) { return longs_.count(tag) ? longs_[tag] : -1; }
  std::string String(ULONG tag) { return strings_.count(tag) ? strings_[tag] : "<missing>"; }

 private:
  const ULONG tag_;
  const std::string value_;
  std::vector<MAPIUID> uids_;
  std::atomic<ULONG> ref_{1};
  std::vector<std::string> calls_;
  std::map<ULONG, LONG> longs_;  // the status row as it stands
  std::map<ULONG, std::string> strings_;
};

// ------------------------------------------------------------------ message

// A message the way the spooler passes one: properties in an IPropData,
// recipients in a table (PR_ROWID the index), ModifyRecipients ADD/MODIFY,
// SaveChanges counted.
class FakeMessage final : public NoSupportMessage {
 public:
  FakeMessage() : props_(NewPropData()) {
    static const ULONG kColumns[] = {6,
                                     PR_ROWID,
                                     PR_DISPLAY_NAME_A,
                                     PR_EMAIL_ADDRESS_A,
                                     PR_ADDRTYPE_A,
                                     PR_RECIPIENT_TYPE,
                                     PR_RESPONSIBILITY};
    EXPECT_EQ(
        CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                    nullptr, TBLTYPE_DYNAMIC, PR_ROWID,
                    reinterpret_cast<LPSPropTagArray>(const_cast<ULONG*>(kColumns)), &recipients_),
        S_OK);
  }
  ~FakeMessage() {
    props_->Release();
    recipients_->Release();
  }
  STDMETHODIMP QueryInterface(REFIID, LPVOID FAR*) override {
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return 2; }  // on the test's stack
  STDMETHODIMP_(ULONG) Release() override { return 1; }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG flags, ULONG FAR* count,
                        LPSPropValue FAR* values) override {
    return props_->GetProps(tags, flags, count, values);
  }
  STDMETHODIMP SetProps(ULONG count, LPSPropValue values,
                        LPSPropProblemArray FAR* problems) override {
    return props_->SetProps(count, values, problems);
  }
  STDMETHODIMP SaveChanges(ULONG) override {
    ++saves;
    return S_OK;
  }
  STDMETHODIMP GetRecipientTable(ULONG, LPMAPITABLE FAR* table) override {
    return recipients_->HrGetView(nullptr, nullptr, 0, table);
  }
  STDMETHODIMP ModifyRecipients(ULONG flags, LPADRLIST mods) override {
    for (ULONG i = 0; i < mods->cEntries; ++i) {
      std::vector<SPropValue> row(mods->aEntries[i].rgPropVals,
                                  mods->aEntries[i].rgPropVals + mods->aEntries[i].cValues);
      if (flags == MODRECIP_ADD) {
        SPropValue id = {};
        id.ulPropTag = PR_ROWID;
        id.Value.l = next_row_++;
        row.push_back(id);
      } else if (flags != MODRECIP_MODIFY ||
                 PpropFindProp(row.data(), static_cast<ULONG>(row.size()), PR_ROWID) == nullptr) {
        return MAPI_E_INVALID_PARAMETER;
      }
      SRow srow = {0, static_cast<ULONG>(row.size()), row.data()};
      HRESULT hr = recipients_->HrModifyRow(&srow);
      if (FAILED(hr)) return hr;
    }
    return S_OK;
  }

  void AddRecipient(const char* name, const char* type, const char* address, LONG kind) {
    std::vector<SPropValue> v(4);
    v[0].ulPropTag = PR_DISPLAY_NAME_A;
    v[0].Value.lpszA = T(name);
    v[1].ulPropTag = PR_EMAIL_ADDRESS_A;
    v[1].Value.lpszA = T(address);
    v[2].ulPropTag = PR_RECIPIENT_TYPE;
    v[2].Value.l = kind;
    v[3].ulPropTag = PR_ADDRTYPE_A;
    v[3].Value.lpszA = T(type);
    ADRLIST list = {1, {{0, 4u, v.data()}}};
    ASSERT_EQ(ModifyRecipients(MODRECIP_ADD, &list), S_OK);
  }
  void SetString(ULONG tag, const char* value) {
    SPropValue v = {};
    v.ulPropTag = tag;
    v.Value.lpszA = T(value);
    ASSERT_EQ(props_->SetProps(1, &v, nullptr), S_OK);
  }
  std::string Prop(ULONG tag) {
    LPSPropValue v = nullptr;
    std::string s = "<missing>";
    if (HrGetOneProp(props_, tag, &v) == S_OK) s = v->Value.lpszA;
    MAPIFreeBuffer(v);
    return s;
  }
  int64_t TimeProp(ULONG tag) {
    LPSPropValue v = nullptr;
    int64_t t = -1;
    if (HrGetOneProp(props_, tag, &v) == S_OK) {
      uint64_t ft =
          (static_cast<uint64_t>(v->Value.ft.dwHighDateTime) << 32) | v->Value.ft.dwLowDateTime;
      t = static_cast<int64_t>(ft / 10000000ULL) - 11644473600LL;
    }
    MAPIFreeBuffer(v);
    return t;
  }
  LPSRowSet Recipients() {
    LPMAPITABLE table = nullptr;
    LPSRowSet rows = nullptr;
    EXPECT_EQ(GetRecipientTable(0, &table), S_OK);
    EXPECT_EQ(HrQueryAllRows(table, nullptr, nullptr, nullptr, 0, &rows), S_OK);
    table->Release();
    return rows;
  }

  int saves = 0;

 private:
  LPPROPDATA props_;
  LPTABLEDATA recipients_ = nullptr;
  LONG next_row_ = 1;
};

}  // namespace sample_testing

#endif  // MAPI_EMU_PROVIDERS_SAMPLE_AB_FAKE_MAPI_H_
