#include "session/notify_registry.h"

#include <utility>

#include "mapi_emu/base/hresult.h"
#include "spdlog/spdlog.h"

namespace mapi_emu {

ULONG_PTR NotifyRegistry::Subscribe(const void* key, size_t key_size, ULONG event_mask,
                                    ULONG flags, ComPtr<IMAPIAdviseSink> sink) {
  absl::MutexLock lock(&mu_);
  const ULONG_PTR connection = next_connection_++;
  subscriptions_.emplace(
      connection, Subscription{std::string(static_cast<const char*>(key), key_size), event_mask,
                               flags, std::move(sink)});
  return connection;
}

ULONG_PTR NotifyRegistry::Subscribe(const NOTIFKEY& key, ULONG event_mask, ULONG flags,
                                    ComPtr<IMAPIAdviseSink> sink) {
  return Subscribe(key.ab, key.cb, event_mask, flags, std::move(sink));
}

bool NotifyRegistry::Unsubscribe(ULONG_PTR connection) {
  ComPtr<IMAPIAdviseSink> released;  // released after the lock
  absl::MutexLock lock(&mu_);
  auto it = subscriptions_.find(connection);
  if (it == subscriptions_.end()) return false;
  released = std::move(it->second.sink);
  subscriptions_.erase(it);
  return true;
}

namespace {

// Delivers to each (mask, sink) the notifications its mask selects, with no
// lock held; NOTIFY_CANCELED when a sink returned CALLBACK_DISCONTINUE.
ULONG Deliver(std::vector<std::pair<ULONG, ComPtr<IMAPIAdviseSink>>>& targets, ULONG count,
              const NOTIFICATION* notifications) {
  ULONG result = 0;
  std::vector<NOTIFICATION> batch;
  for (auto& [mask, sink] : targets) {
    batch.clear();
    for (ULONG i = 0; i < count; ++i) {
      if (notifications[i].ulEventType & mask) batch.push_back(notifications[i]);
    }
    if (batch.empty()) continue;
    ULONG r = 0;
    try {
      r = sink->OnNotify(static_cast<ULONG>(batch.size()), batch.data());
    } catch (...) {
      HresultFromCurrentException("IMAPIAdviseSink::OnNotify");
    }
    if (r & CALLBACK_DISCONTINUE) result = NOTIFY_CANCELED;
  }
  return result;
}

}  // namespace

ULONG NotifyRegistry::Notify(const void* key, size_t key_size, ULONG count,
                             const NOTIFICATION* notifications) {
  const std::string k(static_cast<const char*>(key), key_size);
  std::vector<std::pair<ULONG, ComPtr<IMAPIAdviseSink>>> targets;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [connection, s] : subscriptions_) {
      if (s.key == k) targets.emplace_back(s.event_mask, s.sink);
    }
  }
  return Deliver(targets, count, notifications);
}

ULONG NotifyRegistry::NotifyConnection(ULONG_PTR connection, ULONG count,
                                       const NOTIFICATION* notifications) {
  std::vector<std::pair<ULONG, ComPtr<IMAPIAdviseSink>>> targets;
  {
    absl::MutexLock lock(&mu_);
    auto it = subscriptions_.find(connection);
    if (it != subscriptions_.end()) targets.emplace_back(it->second.event_mask, it->second.sink);
  }
  return Deliver(targets, count, notifications);
}

ULONG NotifyRegistry::Notify(const NOTIFKEY& key, ULONG count,
                             const NOTIFICATION* notifications) {
  return Notify(key.ab, key.cb, count, notifications);
}

void NotifyRegistry::Clear() {
  std::map<ULONG_PTR, Subscription> dropped;
  {
    absl::MutexLock lock(&mu_);
    dropped.swap(subscriptions_);
  }
}

size_t NotifyRegistry::size() const {
  absl::MutexLock lock(&mu_);
  return subscriptions_.size();
}

}  // namespace mapi_emu
