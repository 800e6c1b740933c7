#include "mapi_emu/base/com_object.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "mapi_emu/base/com_ptr.h"

// Two test interfaces: IShape : IUnknown, ICircle : IShape, and an unrelated
// IColor : IUnknown, with IIDs of their own.
DEFINE_GUID(IID_ITestShape, 0x5e3a0001, 0x1111, 0x2222, 1, 2, 3, 4, 5, 6, 7, 8);
DEFINE_GUID(IID_ITestCircle, 0x5e3a0002, 0x1111, 0x2222, 1, 2, 3, 4, 5, 6, 7, 8);
DEFINE_GUID(IID_ITestColor, 0x5e3a0003, 0x1111, 0x2222, 1, 2, 3, 4, 5, 6, 7, 8);
DEFINE_GUID(IID_ITestExtra, 0x5e3a0004, 0x1111, 0x2222, 1, 2, 3, 4, 5, 6, 7, 8);
DEFINE_GUID(IID_ITestNobody, 0x5e3a0005, 0x1111, 0x2222, 1, 2, 3, 4, 5, 6, 7, 8);
const GUID IID_ITestShape = {0x5e3a0001, 0x1111, 0x2222, {1, 2, 3, 4, 5, 6, 7, 8}};
const GUID IID_ITestCircle = {0x5e3a0002, 0x1111, 0x2222, {1, 2, 3, 4, 5, 6, 7, 8}};
const GUID IID_ITestColor = {0x5e3a0003, 0x1111, 0x2222, {1, 2, 3, 4, 5, 6, 7, 8}};
const GUID IID_ITestExtra = {0x5e3a0004, 0x1111, 0x2222, {1, 2, 3, 4, 5, 6, 7, 8}};
const GUID IID_ITestNobody = {0x5e3a0005, 0x1111, 0x2222, {1, 2, 3, 4, 5, 6, 7, 8}};

struct ITestShape : IUnknown {
  STDMETHOD_(int, Sides)() PURE;
};
struct ITestCircle : ITestShape {
  STDMETHOD_(int, Radius)() PURE;
};
struct ITestColor : IUnknown {
  STDMETHOD_(int, Rgb)() PURE;
};

namespace mapi_emu {
MAPI_EMU_INTERFACE_TRAITS(ITestShape, IUnknown, IID_ITestShape);
MAPI_EMU_INTERFACE_TRAITS(ITestCircle, ITestShape, IID_ITestCircle);
MAPI_EMU_INTERFACE_TRAITS(ITestColor, IUnknown, IID_ITestColor);

namespace {

class Disc final : public ComObject<ITestCircle, ITestColor> {
 public:
  Disc(const ObjectOwner* owner, int* destroyed)
      : ComObject(owner, "Disc"), destroyed_(destroyed) {}
  ~Disc() override {
    if (destroyed_ != nullptr) ++*destroyed_;
  }
  STDMETHODIMP_(int) Sides() override { return 0; }
  STDMETHODIMP_(int) Radius() override { return 7; }
  STDMETHODIMP_(int) Rgb() override { return 0xff0000; }

 protected:
  void* QueryExtraInterface(REFIID riid) override {
    return IsEqualIID(riid, IID_ITestExtra) ? static_cast<ITestColor*>(this) : nullptr;
  }

 private:
  int* destroyed_;
};

// An object the "subsystem" keeps alive past its final release, the way a
// support object is: its final release is an event, not a destruction.
class Kept final : public ComObject<ITestShape> {
 public:
  Kept() : ComObject(nullptr, "Kept") {}
  STDMETHODIMP_(int) Sides() override { return 3; }
  int final_releases = 0;
  int extra_releases = 0;

 protected:
  void OnFinalRelease() override { ++final_releases; }
  void OnExtraRelease() override { ++extra_releases; }
};

TEST(ComObjectTest, CountStartsAtOneAndLastReleaseDestroys) {
  int destroyed = 0;
  {
    ComPtr<Disc> disc = MakeComObject<Disc>(nullptr, &destroyed);
    EXPECT_EQ(disc->RefCount(), 1u);
    EXPECT_EQ(disc->AddRef(), 2u);
    EXPECT_EQ(disc->Release(), 1u);
    EXPECT_EQ(destroyed, 0);
  }
  EXPECT_EQ(destroyed, 1);
}

TEST(ComObjectTest, QueryInterfaceWalksEachListedInterfacesBaseChain) {
  int destroyed = 0;
  ComPtr<Disc> disc = MakeComObject<Disc>(nullptr, &destroyed);
  void* p = nullptr;

  ASSERT_EQ(disc->QueryInterface(IID_ITestCircle, &p), S_OK);
  EXPECT_EQ(static_cast<ITestCircle*>(p)->Radius(), 7);
  static_cast<IUnknown*>(static_cast<ITestCircle*>(p))->Release();

  ASSERT_EQ(disc->QueryInterface(IID_ITestShape, &p), S_OK);
  EXPECT_EQ(static_cast<ITestShape*>(p)->Sides(), 0);
  static_cast<ITestShape*>(p)->Release();

  ASSERT_EQ(disc->QueryInterface(IID_ITestColor, &p), S_OK);
  EXPECT_EQ(static_cast<ITestColor*>(p)->Rgb(), 0xff0000);
  static_cast<ITestColor*>(p)->Release();

  ASSERT_EQ(disc->QueryInterface(IID_IUnknown, &p), S_OK);
  // IUnknown identity: always the same pointer, the first interface's.
  void* again = nullptr;
  ASSERT_EQ(disc->QueryInterface(IID_IUnknown, &again), S_OK);
  EXPECT_EQ(p, again);
  static_cast<IUnknown*>(p)->Release();
  static_cast<IUnknown*>(again)->Release();

  ASSERT_EQ(disc->QueryInterface(IID_ITestExtra, &p), S_OK);
  static_cast<ITestColor*>(p)->Release();

  EXPECT_EQ(disc->RefCount(), 1u) << "every successful QueryInterface AddRefs once";
}

TEST(ComObjectTest, FailedQueryInterfaceNullsOutAndReturnsNoInterface) {
  int destroyed = 0;
  ComPtr<Disc> disc = MakeComObject<Disc>(nullptr, &destroyed);
  void* p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(disc->QueryInterface(IID_ITestNobody, &p), E_NOINTERFACE);
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(disc->QueryInterface(IID_ITestNobody, nullptr), E_INVALIDARG);
  EXPECT_EQ(disc->RefCount(), 1u);
}

TEST(ComObjectTest, OwnerAccountsForLiveObjectsInCreationOrder) {
  ObjectOwner owner("libsample_store.so");
  int destroyed = 0;
  ComPtr<Disc> a = MakeComObject<Disc>(&owner, &destroyed);
  ComPtr<Disc> b = MakeComObject<Disc>(&owner, &destroyed);
  b->AddRef();
  EXPECT_EQ(owner.LiveCount(), 2u);
  std::vector<LiveObject> live = owner.LiveObjects();
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].kind, "Disc");
  EXPECT_EQ(live[0].serial, 1u);
  EXPECT_EQ(live[0].refcount, 1u);
  EXPECT_EQ(live[1].serial, 2u);
  EXPECT_EQ(live[1].refcount, 2u);
  a.Reset();
  EXPECT_EQ(owner.LiveCount(), 1u);
  b->Release();
  b.Reset();
  EXPECT_EQ(owner.LiveCount(), 0u);
  EXPECT_EQ(owner.CreatedCount(), 2u);
  EXPECT_EQ(destroyed, 2);
}

TEST(ComObjectTest, ObjectsMayOutliveTheOwnerHandle) {
  int destroyed = 0;
  ComPtr<Disc> d;
  {
    ObjectOwner owner("short-lived");
    d = MakeComObject<Disc>(&owner, &destroyed);
  }
  d.Reset();
  EXPECT_EQ(destroyed, 1);
}

TEST(ComObjectTest, ReleaseBelowZeroIsReportedNotApplied) {
  ComPtr<Kept> kept = MakeComObject<Kept>();
  Kept* raw = kept.get();
  kept->AddRef();                 // 2
  EXPECT_EQ(raw->Release(), 1u);  // 1
  EXPECT_EQ(raw->Release(), 0u);  // 0: final release event, object stays
  EXPECT_EQ(raw->final_releases, 1);
  EXPECT_EQ(raw->Release(), 0u);  // one too many
  EXPECT_EQ(raw->extra_releases, 1);
  EXPECT_EQ(raw->ExtraReleases(), 1u);
  EXPECT_EQ(raw->RefCount(), 0u) << "the count never wraps";
  // The ComPtr still holds the (already released) first reference: take it
  // back without releasing, and free the object as its owner would.
  std::unique_ptr<Kept> owned(kept.Detach());
}

TEST(ComObjectTest, AddRefAndReleaseAreThreadSafe) {
  int destroyed = 0;
  ComPtr<Disc> disc = MakeComObject<Disc>(nullptr, &destroyed);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([p = disc.get()] {
      for (int i = 0; i < 10000; ++i) {
        p->AddRef();
        p->Release();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(disc->RefCount(), 1u);
  disc.Reset();
  EXPECT_EQ(destroyed, 1);
}

}  // namespace
}  // namespace mapi_emu
