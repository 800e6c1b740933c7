#include "session/notify_registry.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "mapi_emu/base/com_object.h"

namespace mapi_emu {
namespace {

class RecordingSink final : public ComObject<IMAPIAdviseSink> {
 public:
  RecordingSink() : ComObject(nullptr, "Sink") {}
  STDMETHODIMP_(ULONG) OnNotify(ULONG count, LPNOTIFICATION n) override {
    for (ULONG i = 0; i < count; ++i) events.push_back(n[i].ulEventType);
    if (on_notify) on_notify();
    return result;
  }
  std::vector<ULONG> events;
  ULONG result = 0;
  std::function<void()> on_notify;
};

NOTIFICATION Event(ULONG type) {
  NOTIFICATION n;
  std::memset(&n, 0, sizeof(n));
  n.ulEventType = type;
  return n;
}

TEST(NotifyRegistryTest, DeliversByKeyAndEventMask) {
  NotifyRegistry reg;
  auto a = MakeComObject<RecordingSink>();
  auto b = MakeComObject<RecordingSink>();
  const char key1[] = "store-1", key2[] = "store-2";
  ULONG_PTR c1 = reg.Subscribe(key1, sizeof(key1), fnevNewMail | fnevObjectCreated, 0, a);
  ULONG_PTR c2 = reg.Subscribe(key2, sizeof(key2), fnevNewMail, 0, b);
  EXPECT_NE(c1, 0u);
  EXPECT_NE(c1, c2);
  NOTIFICATION batch[] = {Event(fnevNewMail), Event(fnevObjectDeleted), Event(fnevObjectCreated)};
  EXPECT_EQ(reg.Notify(key1, sizeof(key1), 3, batch), 0u);
  EXPECT_EQ(a->events, (std::vector<ULONG>{fnevNewMail, fnevObjectCreated}));
  EXPECT_TRUE(b->events.empty());
}

TEST(NotifyRegistryTest, UnsubscribeStopsDeliveryAndReleasesTheSink) {
  NotifyRegistry reg;
  auto a = MakeComObject<RecordingSink>();
  const char key[] = "k";
  ULONG_PTR c = reg.Subscribe(key, 1, fnevNewMail, 0, a);
  EXPECT_EQ(a->RefCount(), 2u);
  EXPECT_TRUE(reg.Unsubscribe(c));
  EXPECT_FALSE(reg.Unsubscribe(c));
  EXPECT_EQ(a->RefCount(), 1u);
  NOTIFICATION n = Event(fnevNewMail);
  reg.Notify(key, 1, 1, &n);
  EXPECT_TRUE(a->events.empty());
}

TEST(NotifyRegistryTest, DiscontinueIsReportedAndOtherSinksStillHear) {
  NotifyRegistry reg;
  auto a = MakeComObject<RecordingSink>();
  auto b = MakeComObject<RecordingSink>();
  a->result = CALLBACK_DISCONTINUE;
  const char key[] = "k";
  reg.Subscribe(key, 1, fnevNewMail, 0, a);
  reg.Subscribe(key, 1, fnevNewMail, 0, b);
  NOTIFICATION n = Event(fnevNewMail);
  EXPECT_EQ(reg.Notify(key, 1, 1, &n), NOTIFY_CANCELED);
  EXPECT_EQ(b->events.size(), 1u);
}

TEST(NotifyRegistryTest, ASinkMayUnsubscribeFromInsideOnNotify) {
  NotifyRegistry reg;
  auto a = MakeComObject<RecordingSink>();
  const char key[] = "k";
  ULONG_PTR c = reg.Subscribe(key, 1, fnevNewMail, 0, a);
  a->on_notify = [&] { EXPECT_TRUE(reg.Unsubscribe(c)); };
  NOTIFICATION n = Event(fnevNewMail);
  reg.Notify(key, 1, 1, &n);  // would deadlock if a lock were held
  EXPECT_EQ(reg.size(), 0u);
}

}  // namespace
}  // namespace mapi_emu
