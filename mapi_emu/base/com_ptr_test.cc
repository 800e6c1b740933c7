#include "mapi_emu/base/com_ptr.h"

#include <gtest/gtest.h>

#include "mapi_emu/base/com_object.h"

namespace mapi_emu {
namespace {

// A minimal IMalloc-free counting object: ComPtr is tested against IUnknown
// and IStream-less objects, with the count observable.
class Counted final : public ComObject<ISequentialStream> {
 public:
  Counted() : ComObject(nullptr, "Counted") {}
  STDMETHODIMP Read(void*, ULONG, ULONG*) override { return S_OK; }
  STDMETHODIMP Write(const void*, ULONG, ULONG*) override { return S_OK; }
};

TEST(ComPtrTest, AdoptDoesNotAddRefShareDoes) {
  ComPtr<Counted> first = MakeComObject<Counted>();
  Counted* raw = first.get();
  EXPECT_EQ(raw->RefCount(), 1u);
  ComPtr<Counted> shared = ComPtr<Counted>::Share(raw);
  EXPECT_EQ(raw->RefCount(), 2u);
  raw->AddRef();
  ComPtr<Counted> adopted = ComPtr<Counted>::Adopt(raw);
  EXPECT_EQ(raw->RefCount(), 3u);
  adopted.Reset();
  shared.Reset();
  EXPECT_EQ(raw->RefCount(), 1u);
}

TEST(ComPtrTest, CopyMoveAndDetach) {
  ComPtr<Counted> a = MakeComObject<Counted>();
  Counted* raw = a.get();
  ComPtr<Counted> b = a;  // copy: AddRef
  EXPECT_EQ(raw->RefCount(), 2u);
  ComPtr<Counted> c = std::move(b);  // move: no change
  EXPECT_EQ(raw->RefCount(), 2u);
  EXPECT_FALSE(b);  // NOLINT(bugprone-use-after-move): moved-from is null
  Counted* detached = c.Detach();
  EXPECT_EQ(detached, raw);
  EXPECT_EQ(raw->RefCount(), 2u);
  detached->Release();
  EXPECT_EQ(raw->RefCount(), 1u);
}

TEST(ComPtrTest, UpcastConversionKeepsTheReference) {
  ComPtr<Counted> a = MakeComObject<Counted>();
  Counted* raw = a.get();
  ComPtr<ISequentialStream> s = a;
  EXPECT_EQ(raw->RefCount(), 2u);
  ComPtr<ISequentialStream> moved = std::move(a);
  EXPECT_EQ(raw->RefCount(), 2u);
}

TEST(ComPtrTest, PutReleasesTheOldReferenceAndTakesTheOutParameter) {
  ComPtr<Counted> old = MakeComObject<Counted>();
  Counted* old_raw = old.get();
  old_raw->AddRef();  // keep it observable
  ComPtr<Counted> fresh = MakeComObject<Counted>();

  ComPtr<Counted> slot = old;  // 3 refs on old
  EXPECT_EQ(old_raw->RefCount(), 3u);
  fresh.CopyTo(slot.Put());  // a callee storing an AddRef'd pointer
  EXPECT_EQ(old_raw->RefCount(), 2u);
  EXPECT_EQ(slot.get(), fresh.get());
  EXPECT_EQ(fresh->RefCount(), 2u);
  old_raw->Release();
}

TEST(ComPtrTest, AsQueriesByTraitsIid) {
  ComPtr<Counted> a = MakeComObject<Counted>();
  ComPtr<IUnknown> unk;
  ASSERT_EQ(a.As(&unk), S_OK);
  EXPECT_EQ(a->RefCount(), 2u);
  ComPtr<IStream> stream;
  EXPECT_EQ(a.As(&stream), E_NOINTERFACE);
  EXPECT_FALSE(stream);
  ComPtr<Counted> none;
  EXPECT_EQ(none.As(&unk), E_POINTER);
  EXPECT_FALSE(unk);
}

TEST(ComPtrTest, CopyToNullIsHarmless) {
  ComPtr<Counted> a = MakeComObject<Counted>();
  a.CopyTo(nullptr);
  EXPECT_EQ(a->RefCount(), 1u);
}

}  // namespace
}  // namespace mapi_emu
