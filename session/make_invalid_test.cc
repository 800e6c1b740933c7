#include "session/make_invalid.h"

#include <gtest/gtest.h>

#include <new>

#include "mapi_emu/base/allocator.h"
#include "mapi_emu/base/status_matchers.h"
#include "mapiguid.h"

namespace mapi_emu {
namespace {

// A provider-style object: a status object with a count of its own.
class CStatus : public IMAPIStatus {
 public:
  ULONG refs = 1;
  STDMETHODIMP QueryInterface(REFIID, LPVOID* ppv) override {
    *ppv = this;
    return S_OK;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++refs; }
  STDMETHODIMP_(ULONG) Release() override { return --refs; }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define OK_BODY override { return S_OK; }
  MAPI_IMAPIPROP_METHODS(OK_BODY)
  MAPI_IMAPISTATUS_METHODS(OK_BODY)
#undef OK_BODY
#pragma GCC diagnostic pop
};

constexpr ULONG kStatusMethods = 3 + 11 + 4;

TEST(MakeInvalidTest, OtherMethodsFailAddRefReleaseStillCount) {
  void* memory = nullptr;
  ASSERT_EQ(ProcessBufferAllocator().Allocate(sizeof(CStatus), &memory), S_OK);
  auto* status = new (memory) CStatus;
  IMAPIStatus* as_interface = status;
  EXPECT_EQ(as_interface->ValidateState(0, 0), S_OK);

  ASSERT_THAT(MakeObjectInvalid(0, as_interface, 2, kStatusMethods), HrIs(S_OK));
  EXPECT_TRUE(IsInvalidatedObject(as_interface));
  EXPECT_THAT(as_interface->ValidateState(0, 0), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_THAT(as_interface->FlushQueues(0, 0, nullptr, 0), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_THAT(as_interface->GetProps(nullptr, 0, nullptr, nullptr),
              HrIs(MAPI_E_INVALID_OBJECT));
  void* qi = reinterpret_cast<void*>(0x1);
  EXPECT_THAT(as_interface->QueryInterface(IID_IUnknown, &qi), HrIs(MAPI_E_INVALID_OBJECT));
  EXPECT_EQ(qi, nullptr);

  EXPECT_EQ(as_interface->AddRef(), 3u);
  EXPECT_EQ(as_interface->Release(), 2u);
  EXPECT_EQ(as_interface->Release(), 1u);
  const auto before = ProcessBufferAllocator().GetStats().live_roots;
  EXPECT_EQ(as_interface->Release(), 0u);
  EXPECT_FALSE(IsInvalidatedObject(as_interface));
  EXPECT_EQ(ProcessBufferAllocator().GetStats().live_roots, before - 1)
      << "an object from MAPIAllocateBuffer is freed at its last Release";
}

TEST(MakeInvalidTest, ObjectsNotFromMapiMemoryAreLeftToTheirOwner) {
  alignas(CStatus) unsigned char storage[sizeof(CStatus)];
  auto* status = new (storage) CStatus;
  ASSERT_THAT(MakeObjectInvalid(0, static_cast<IMAPIStatus*>(status), 1, kStatusMethods),
              HrIs(S_OK));
  EXPECT_EQ(static_cast<IMAPIStatus*>(status)->Release(), 0u);  // no crash, no free
  EXPECT_FALSE(IsInvalidatedObject(status));
}

TEST(MakeInvalidTest, BadArgumentsAreRefused) {
  CStatus status;
  EXPECT_THAT(MakeObjectInvalid(1, &status, 1, kStatusMethods), HrIs(MAPI_E_UNKNOWN_FLAGS));
  EXPECT_THAT(MakeObjectInvalid(0, nullptr, 1, kStatusMethods), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_THAT(MakeObjectInvalid(0, &status, 1, 2), HrIs(MAPI_E_INVALID_PARAMETER));
  EXPECT_EQ(static_cast<IMAPIStatus*>(&status)->ValidateState(0, 0), S_OK) << "untouched";
}

}  // namespace
}  // namespace mapi_emu
