// The memory functions and property utilities as a client or provider sees
// them: through the C symbols libmapi_emu exports.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mapi_emu/base/com_object.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapicode.h"
#include "mapiutil.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif
#include "mapiemu.h"
#include "mapix.h"

namespace {

using mapi_emu::ComObject;
using mapi_emu::ComPtr;
using mapi_emu::HrIs;
using mapi_emu::MakeComObject;

constexpr ULONG kFreeOk = S_OK;  // MAPIFreeBuffer's S_OK, as a ULONG
void* const kSentinel = reinterpret_cast<void*>(uintptr_t{0xBADF00D0});

// Collects the warnings libmapi_emu reports, through MAPIEmuSetLogCallback
// (mapiemu.h): a client's view of a reported misuse, on Windows too, where
// mapi_emu.dll's logging is its own.
class CaptureWarnings {
 public:
  CaptureWarnings() { EXPECT_EQ(MAPIEmuSetLogCallback(&CaptureWarnings::Log, this), S_OK); }
  ~CaptureWarnings() { MAPIEmuSetLogCallback(nullptr, nullptr); }
  // Warnings that mention `text`.
  size_t Count(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<size_t>(
        std::count_if(warnings_.begin(), warnings_.end(),
                      [&](const std::string& w) { return w.find(text) != std::string::npos; }));
  }

 private:
  static void STDAPICALLTYPE Log(LPVOID context, ULONG level, const char* message) {
    auto* self = static_cast<CaptureWarnings*>(context);
    if (level != MAPIEMU_LOG_WARNING) return;
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->warnings_.emplace_back(message);
  }

  std::mutex mutex_;
  std::vector<std::string> warnings_;
};

TEST(ExportsMemoryTest, LibraryExportsTheFunctions) {
  for (const char* name :
       {"MAPIAllocateBuffer", "MAPIAllocateMore", "MAPIFreeBuffer", "PpropFindProp", "PropCopyMore",
        "ScCopyProps", "ScCountProps", "ScDupPropset", "UlPropSize", "FreeProws", "FreePadrlist",
        "HrGetOneProp", "HrSetOneProp", "MAPIGetDefaultMalloc"}) {
#if defined(_WIN32)
    // A DLL's exports are looked up in the DLL itself.
    HMODULE mapi = GetModuleHandleW(L"mapi_emu.dll");
    ASSERT_NE(mapi, nullptr) << "mapi_emu.dll is not loaded";
    EXPECT_NE(reinterpret_cast<void*>(GetProcAddress(mapi, name)), nullptr)
        << name << " is not exported";
  }
  // The allocator internals are not exported.
  HMODULE mapi = GetModuleHandleW(L"mapi_emu.dll");
  EXPECT_EQ(reinterpret_cast<void*>(GetProcAddress(mapi, "_ZN8mapi_emu22ProcessBufferAllocatorEv")),
            nullptr);
#else
    void* symbol = dlsym(RTLD_DEFAULT, name);
    ASSERT_NE(symbol, nullptr) << name << " is not exported";
    Dl_info info;
    ASSERT_NE(dladdr(symbol, &info), 0) << name;
    EXPECT_THAT(info.dli_fname, testing::HasSubstr("libmapi_emu")) << name;
  }
  // The allocator internals are not exported.
  EXPECT_EQ(dlsym(RTLD_DEFAULT, "_ZN8mapi_emu22ProcessBufferAllocatorEv"), nullptr);
#endif
}

TEST(ExportsMemoryTest, TheLogCallbackHearsWarningsUntilItIsRemoved) {
  char on_stack[32] = "untouched";
  {
    CaptureWarnings capture;
    EXPECT_EQ(MAPIFreeBuffer(on_stack), kFreeOk);
    EXPECT_EQ(capture.Count("MAPIFreeBuffer: foreign pointer"), 1u);
  }
  // Removed: no callback is made into the destroyed capture.
  EXPECT_EQ(MAPIFreeBuffer(on_stack), kFreeOk);
  EXPECT_STREQ(on_stack, "untouched");
}

TEST(ExportsMemoryTest, LinkedBuffersAreAlignedAndFreedTogether) {
  void* root = kSentinel;
  ASSERT_THAT(MAPIAllocateBuffer(40, &root), HrIs(S_OK));
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(root) % 16, 0u);
  std::memset(root, 0x11, 40);
  for (int i = 0; i < 8; ++i) {
    void* more = kSentinel;
    ASSERT_THAT(MAPIAllocateMore(24, root, &more), HrIs(S_OK));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(more) % 16, 0u);
    std::memset(more, 0x22, 24);
  }
  void* empty = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(0, &empty), HrIs(S_OK));
  EXPECT_NE(empty, nullptr);
  EXPECT_EQ(MAPIFreeBuffer(empty), kFreeOk);
  EXPECT_EQ(MAPIFreeBuffer(root), kFreeOk);  // and the 8 linked blocks
  EXPECT_EQ(MAPIFreeBuffer(nullptr), kFreeOk);
}

TEST(ExportsMemoryTest, DoubleFreeIsReportedAndDoesNotCrash) {
  CaptureWarnings capture;
  void* root = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(16, &root), HrIs(S_OK));
  EXPECT_EQ(MAPIFreeBuffer(root), kFreeOk);
  EXPECT_EQ(MAPIFreeBuffer(root), kFreeOk);
  EXPECT_EQ(capture.Count("MAPIFreeBuffer: double free"), 1u);
  // The allocator keeps working.
  void* again = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(16, &again), HrIs(S_OK));
  EXPECT_EQ(MAPIFreeBuffer(again), kFreeOk);
}

TEST(ExportsMemoryTest, FreeingForeignOrLinkedMemoryIsReportedAndIgnored) {
  CaptureWarnings capture;
  char on_stack[32] = "untouched";
  EXPECT_EQ(MAPIFreeBuffer(on_stack), kFreeOk);
  EXPECT_STREQ(on_stack, "untouched");
  void* root = nullptr;
  void* more = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(16, &root), HrIs(S_OK));
  ASSERT_THAT(MAPIAllocateMore(16, root, &more), HrIs(S_OK));
  EXPECT_EQ(MAPIFreeBuffer(more), kFreeOk);
  std::memset(more, 0, 16);  // still valid: it belongs to root
  EXPECT_EQ(MAPIFreeBuffer(root), kFreeOk);
  EXPECT_EQ(capture.Count("MAPIFreeBuffer: foreign pointer"), 1u);
  EXPECT_EQ(capture.Count("MAPIFreeBuffer: MAPIAllocateMore block"), 1u);
}

TEST(ExportsMemoryTest, AllocateMoreNeedsALiveParent) {
  CaptureWarnings capture;
  int foreign = 0;
  void* out = kSentinel;
  EXPECT_THAT(MAPIAllocateMore(8, &foreign, &out), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(MAPIAllocateBuffer(8, nullptr), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(capture.Count("MAPIAllocateMore: bad parent"), 1u);
}

TEST(ExportsMemoryTest, ThreadsShareTheProcessAllocator) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        void* root = nullptr;
        if (MAPIAllocateBuffer(32, &root) != S_OK) {
          ++failures;
          continue;
        }
        void* more = nullptr;
        if (MAPIAllocateMore(64, root, &more) != S_OK) ++failures;
        MAPIFreeBuffer(root);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ExportsMemoryTest, DefaultMallocIsTheProcessObjectWithoutAnAddRef) {
  IMalloc* malloc = MAPIGetDefaultMalloc();
  ASSERT_NE(malloc, nullptr);
  EXPECT_EQ(MAPIGetDefaultMalloc(), malloc);
  const ULONG before = malloc->AddRef();
  malloc->Release();
  for (int i = 0; i < 3; ++i) MAPIGetDefaultMalloc();
  const ULONG after = malloc->AddRef();
  malloc->Release();
  EXPECT_EQ(after, before) << "MAPIGetDefaultMalloc must not AddRef";

  void* p = malloc->Alloc(0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(malloc->DidAlloc(p), 1);
  p = malloc->Realloc(p, 100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(malloc->GetSize(p), 100u);
  malloc->Free(p);
  EXPECT_EQ(malloc->GetSize(p), static_cast<SIZE_T>(-1));
}

TEST(ExportsMemoryTest, PropertyCopiesThroughTheExportedAllocators) {
  char subject[] = "Status report";
  WCHAR wide[] = L"r\u00e9sum\u00e9";
  BYTE entry_id[] = {0, 0, 0, 0, 0xAA, 0xBB, 0xCC};
  LONG numbers[] = {7, 8, 9};
  SPropValue props[4];
  std::memset(props, 0, sizeof(props));
  props[0].ulPropTag = PROP_TAG(PT_STRING8, 0x0037);
  props[0].Value.lpszA = subject;
  props[1].ulPropTag = PROP_TAG(PT_UNICODE, 0x3001);
  props[1].Value.lpszW = wide;
  props[2].ulPropTag = PROP_TAG(PT_BINARY, 0x0FFF);
  props[2].Value.bin = {sizeof(entry_id), entry_id};
  props[3].ulPropTag = PROP_TAG(PT_MV_LONG, 0x6601);
  props[3].Value.MVl = {3, numbers};

  ULONG counted = 0;
  ASSERT_THAT(ScCountProps(4, props, &counted), HrIs(S_OK));
  std::vector<uint64_t> storage(counted / 8 + 1);
  ULONG written = 0;
  ASSERT_THAT(ScCopyProps(4, props, storage.data(), &written), HrIs(S_OK));
  EXPECT_EQ(written, counted);

  LPSPropValue dup = nullptr;
  ASSERT_THAT(ScDupPropset(4, props, MAPIAllocateBuffer, &dup), HrIs(S_OK));
  subject[0] = 'X';
  EXPECT_STREQ(dup[0].Value.lpszA, "Status report");
  EXPECT_EQ(std::wcscmp(dup[1].Value.lpszW, L"r\u00e9sum\u00e9"), 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(dup[2].Value.bin.lpb) % 8, 0u);
  EXPECT_EQ(dup[3].Value.MVl.lpl[2], 9);
  EXPECT_EQ(PpropFindProp(dup, 4, PROP_TAG(PT_UNSPECIFIED, 0x3001)), &dup[1]);
  EXPECT_EQ(PpropFindProp(dup, 4, PROP_TAG(PT_STRING8, 0x3001)), nullptr);
  EXPECT_EQ(UlPropSize(&dup[0]), sizeof("Status report"));
  EXPECT_EQ(UlPropSize(&dup[3]), 3 * sizeof(LONG));
  EXPECT_EQ(UlPropSize(nullptr), 0u);

  // PropCopyMore links the copy's data to a MAPIAllocateBuffer root.
  LPSPropValue one = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(sizeof(SPropValue), reinterpret_cast<void**>(&one)), HrIs(S_OK));
  ASSERT_THAT(PropCopyMore(one, &dup[2], MAPIAllocateMore, one), HrIs(S_OK));
  EXPECT_NE(one->Value.bin.lpb, dup[2].Value.bin.lpb);
  EXPECT_EQ(std::memcmp(one->Value.bin.lpb, entry_id, sizeof(entry_id)), 0);
  EXPECT_EQ(MAPIFreeBuffer(dup), kFreeOk);
  EXPECT_EQ(MAPIFreeBuffer(one), kFreeOk);

  SPropValue unknown;
  std::memset(&unknown, 0, sizeof(unknown));
  unknown.ulPropTag = PROP_TAG(PT_UNSPECIFIED, 0x6000);
  EXPECT_THAT(ScCountProps(1, &unknown, &counted), HrIs(MAPI_E_INVALID_PARAMETER));
  SPropValue target;
  EXPECT_THAT(PropCopyMore(&target, &unknown, MAPIAllocateMore, nullptr), HrIs(MAPI_E_NO_SUPPORT));
}

TEST(ExportsMemoryTest, FreeProwsAndFreePadrlistFreeEverything) {
  LPSRowSet rows = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(CbNewSRowSet(2), reinterpret_cast<void**>(&rows)), HrIs(S_OK));
  rows->cRows = 2;
  for (ULONG i = 0; i < 2; ++i) {
    void* props = nullptr;
    ASSERT_THAT(MAPIAllocateBuffer(sizeof(SPropValue), &props), HrIs(S_OK));
    rows->aRow[i] = {0, 1, static_cast<LPSPropValue>(props)};
  }
  FreeProws(rows);  // LeakSanitizer checks that all three went
  FreeProws(nullptr);

  LPADRLIST list = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(CbNewADRLIST(1), reinterpret_cast<void**>(&list)), HrIs(S_OK));
  list->cEntries = 1;
  void* props = nullptr;
  ASSERT_THAT(MAPIAllocateBuffer(sizeof(SPropValue), &props), HrIs(S_OK));
  list->aEntries[0] = {0, 1, static_cast<LPSPropValue>(props)};
  CaptureWarnings capture;
  FreePadrlist(list);
  FreePadrlist(nullptr);
  EXPECT_EQ(capture.Count("FreePadrlist"), 0u);
}

// A property object that allocates its results with the exported functions,
// as a provider does.
class OnePropObject final : public ComObject<IMAPIProp> {
 public:
  explicit OnePropObject(SPropValue value) : ComObject(nullptr, "OnePropObject"), value_(value) {}
  SCODE problem = S_OK;  // reported by SetProps when set

  STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP SaveChanges(ULONG) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP GetProps(LPSPropTagArray tags, ULONG, ULONG* count, LPSPropValue* props) override {
    LPSPropValue out = nullptr;
    SCODE sc =
        MAPIAllocateBuffer(tags->cValues * sizeof(SPropValue), reinterpret_cast<void**>(&out));
    if (FAILED(sc)) return sc;
    bool missing = false;
    for (ULONG i = 0; i < tags->cValues; ++i) {
      if (tags->aulPropTag[i] == value_.ulPropTag) {
        sc = PropCopyMore(&out[i], &value_, MAPIAllocateMore, out);
        if (FAILED(sc)) return sc;
      } else {
        missing = true;
        out[i].ulPropTag = CHANGE_PROP_TYPE(tags->aulPropTag[i], PT_ERROR);
        out[i].Value.err = MAPI_E_NOT_FOUND;
      }
    }
    *count = tags->cValues;
    *props = out;
    return missing ? MAPI_W_ERRORS_RETURNED : S_OK;
  }
  STDMETHODIMP GetPropList(ULONG, LPSPropTagArray*) override { return MAPI_E_NO_SUPPORT; }
  STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP SetProps(ULONG, LPSPropValue values, LPSPropProblemArray* problems) override {
    if (problems != nullptr) *problems = nullptr;
    if (problem == S_OK || problems == nullptr) return S_OK;
    SCODE sc = MAPIAllocateBuffer(CbNewSPropProblemArray(1), reinterpret_cast<void**>(problems));
    if (FAILED(sc)) return sc;
    (*problems)->cProblem = 1;
    (*problems)->aProblem[0] = {0, values[0].ulPropTag, problem};
    return S_OK;
  }
  STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                      ULONG, LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                         LPSPropProblemArray*) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetNamesFromIDs(LPSPropTagArray*, LPGUID, ULONG, ULONG*, LPMAPINAMEID**) override {
    return MAPI_E_NO_SUPPORT;
  }
  STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID*, ULONG, LPSPropTagArray*) override {
    return MAPI_E_NO_SUPPORT;
  }

 private:
  SPropValue value_;
};

TEST(ExportsMemoryTest, HrGetOnePropAndHrSetOneProp) {
  char name[] = "Inbox";
  SPropValue value;
  std::memset(&value, 0, sizeof(value));
  value.ulPropTag = PROP_TAG(PT_STRING8, 0x3001);
  value.Value.lpszA = name;
  ComPtr<OnePropObject> object = MakeComObject<OnePropObject>(value);

  LPSPropValue got = nullptr;
  ASSERT_THAT(HrGetOneProp(object.get(), value.ulPropTag, &got), HrIs(S_OK));
  EXPECT_STREQ(got->Value.lpszA, "Inbox");
  EXPECT_EQ(MAPIFreeBuffer(got), kFreeOk);

  got = static_cast<LPSPropValue>(kSentinel);
  EXPECT_THAT(HrGetOneProp(object.get(), PROP_TAG(PT_LONG, 0x0E08), &got), HrIs(MAPI_E_NOT_FOUND));
  EXPECT_EQ(got, nullptr);

  EXPECT_THAT(HrSetOneProp(object.get(), &value), HrIs(S_OK));
  object->problem = MAPI_E_NO_ACCESS;
  EXPECT_THAT(HrSetOneProp(object.get(), &value), HrIs(MAPI_E_NO_ACCESS));
}

}  // namespace
