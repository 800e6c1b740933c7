// fake_mapi.h -- the MAPI side the provider tests drive the test providers
// with: a support object (IMAPISupport, all 41 methods), a profile section,
// an advise sink, memory routines that count live buffers, and a loaded
// provider library. Every call a provider makes on these fakes is recorded
// in the probe as "sup: ...", "profsect: ..." or "sink: ...". The fakes are
// owned by the test: their counts are checked, they never delete themselves
// (so a provider that over-releases shows up as a count, not a crash).

#ifndef MAPI_EMU_TESTS_PROVIDERS_FAKE_MAPI_H_
#define MAPI_EMU_TESTS_PROVIDERS_FAKE_MAPI_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mapi_emu/base/shared_library.h"
#include "mapispi.h"

namespace mapi_emu::testprov {

// MAPIAllocateBuffer / MAPIAllocateMore / MAPIFreeBuffer (the exported
// ones) that also count the root blocks still allocated.
SCODE STDMETHODCALLTYPE CountingAllocateBuffer(ULONG cbSize, LPVOID FAR* lppBuffer);
SCODE STDMETHODCALLTYPE CountingAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID FAR* lppBuffer);
ULONG STDAPICALLTYPE CountingFreeBuffer(LPVOID lpBuffer);
long LiveBuffers();
void ResetLiveBuffers();

// An entry ID held in a byte vector, as the (cbEntryID, lpEntryID) pair the
// SDK's methods take.
inline LPENTRYID Eid(std::vector<BYTE>& bytes) { return reinterpret_cast<LPENTRYID>(bytes.data()); }
inline ULONG Cb(const std::vector<BYTE>& bytes) { return static_cast<ULONG>(bytes.size()); }

// A profile section holding PT_STRING8 and PT_LONG values.
class FakeProfSect : public IProfSect {
 public:
  FakeProfSect() = default;
  FakeProfSect(const FakeProfSect&) = delete;
  FakeProfSect& operator=(const FakeProfSect&) = delete;

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIPROP_METHODS(IMPL)

  void SetString(ULONG tag, std::string value) { strings_[tag] = std::move(value); }
  // The PT_STRING8 value with that tag, "" when there is none.
  std::string GetString(ULONG tag) const;
  long refs() const { return refs_; }

 private:
  std::map<ULONG, std::string> strings_;
  std::atomic<long> refs_{1};
};

// An advise sink that counts its references and notifications.
class FakeAdviseSink : public IMAPIAdviseSink {
 public:
  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPIADVISESINK_METHODS(IMPL)
  long refs() const { return refs_; }

 private:
  std::atomic<long> refs_{1};
};

class FakeSupport : public IMAPISupport {
 public:
  // OpenProfileSection hands out `section` (AddRef'd).
  explicit FakeSupport(FakeProfSect* section) : section_(section) {}
  FakeSupport(const FakeSupport&) = delete;
  FakeSupport& operator=(const FakeSupport&) = delete;

  MAPI_IUNKNOWN_METHODS(IMPL)
  MAPI_IMAPISUPPORT_METHODS(IMPL)

  // The count: 1 is the test's own reference.
  long refs() const { return refs_; }
  // Runs each time a Release brings the count back to 1, i.e. when the
  // provider drops its last reference: what MAPI does then (for a store:
  // IMSLogon::Logoff and Release of the logon).
  std::function<void()> on_provider_released;

  // What the provider told MAPI.
  std::vector<std::string> provider_uids;             // hex, per SetProviderUID
  std::vector<std::vector<std::string>> status_rows;  // ValueName of each column
  std::vector<ULONG> status_row_flags;
  std::vector<ULONG> store_logoff_transports_flags;  // input flag of each call

  // What the fake answers.
  HRESULT open_profile_section_hr = S_OK;
  HRESULT set_provider_uid_hr = S_OK;
  HRESULT modify_status_row_hr = S_OK;
  ULONG store_logoff_transports_out = LOGOFF_COMPLETE;

 private:
  HRESULT NoSupport(const std::string& call) const;

  FakeProfSect* section_;
  std::atomic<long> refs_{1};
  std::atomic<ULONG> next_uid_{1};
};

// A provider library opened the way MAPI opens one (mapi_emu::SharedLibrary:
// dlopen(RTLD_NOW | RTLD_LOCAL) / LoadLibraryExW).
class ProviderLibrary {
 public:
  explicit ProviderLibrary(const char* path);
  ~ProviderLibrary() { Close(); }
  ProviderLibrary(const ProviderLibrary&) = delete;
  ProviderLibrary& operator=(const ProviderLibrary&) = delete;

  bool loaded() const { return library_ != nullptr; }
  // dlclose / FreeLibrary; the library's global destructors run now.
  void Close();
  // dlsym / GetProcAddress, as the given function type; NULL when absent.
  template <typename Fn>
  Fn* Entry(const char* name) const {
    return reinterpret_cast<Fn*>(Lookup(name));
  }

 private:
  void* Lookup(const char* name) const;
  std::unique_ptr<mapi_emu::SharedLibrary> library_;
};

}  // namespace mapi_emu::testprov

#endif  // MAPI_EMU_TESTS_PROVIDERS_FAKE_MAPI_H_
